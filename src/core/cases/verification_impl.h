/* verification_impl.h - what the files of the verification campaign share
 * (verification.c, verification_checks.c); private to src/core/cases. */
#ifndef BANGFU_VERIFICATION_IMPL_H
#define BANGFU_VERIFICATION_IMPL_H
#include "casework_impl.h"

/* Reads a campaign the actor may see (from above or below): 0, -1
 * (EC_NOT_FOUND「核查抽样不存在」) or the store's failure.  path (may be
 * NULL) gets its organisation's path. */
int vf_campaign_read(struct db *db, const struct actor *a, int64_t id, struct verification *v,
		     char path[256], struct bf_err *e);

/* Calls fn for each pending check assigned to the actor in an open
 * campaign (none for roles that do not check), with its campaign: the
 * to-do list's items (casework_todo.c), inside the caller's transaction. */
typedef void (*vf_todo_fn)(void *ctx, const struct verification_check *k,
			   const struct verification *v);
int vf_todo_each(struct db *db, const struct actor *a, vf_todo_fn fn, void *ctx, struct bf_err *e);

#endif
