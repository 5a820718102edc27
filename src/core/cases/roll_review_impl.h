/* roll_review_impl.h - what the roll reviews (roll_review.c) offer the
 * other files of src/core/cases (the to-do list, casework_todo.c); private
 * to the domain. */
#ifndef BANGFU_ROLL_REVIEW_IMPL_H
#define BANGFU_ROLL_REVIEW_IMPL_H
#include "casework_impl.h"
#include "store_roll_review.h"

/* A review the actor may see (from above or below): 0, -1
 * (EC_NOT_FOUND「台账动态调整不存在」) or the store's failure. */
int rr_review_read(struct db *db, const struct actor *a, int64_t id, struct roll_review *r,
		   struct bf_err *e);
/* An item in the actor's scope: 0, -1 (EC_NOT_FOUND) or the failure. */
int rr_item_read(struct db *db, const struct actor *a, int64_t id, struct roll_review_item *it,
		 struct bf_err *e);

/* Calls fn for each open review with work for the actor: items to decide
 * (a branch: to_decide 1) or to confirm (committee, department, admin),
 * inside the caller's transaction. */
typedef void (*rr_todo_fn)(void *ctx, const struct roll_review_waiting *w, int to_decide);
int rr_todo_each(struct db *db, const struct actor *a, rr_todo_fn fn, void *ctx, struct bf_err *e);

#endif
