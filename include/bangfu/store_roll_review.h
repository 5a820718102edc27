/* store_roll_review.h - the June and November reviews of the hardship roll
 * (台账动态调整, issue #11; tables of migration 0016: roll_reviews,
 * roll_review_items; docs/internals/roll_review.md): the plain structs that
 * cross the core/store boundary and their queries, with the conventions of
 * store_roll.h (same SQL on both engines, callers own the transaction,
 * answers are enum db_qs).  File: src/store/roll_review.c; calls: cases.h
 * ("the roll reviews"). */
#ifndef BANGFU_STORE_ROLL_REVIEW_H
#define BANGFU_STORE_ROLL_REVIEW_H
#include <stdint.h>
#include <stddef.h>
#include "db.h"
#include "roll_model.h"

/* A review: opened by the department for its subtree. */
struct roll_review {
	int64_t id;
	int64_t org_id; /* the organisation that opened it (its subtree is reviewed) */
	char org_name[TEXT_BYTES(TF_ORG_NAME_MAX)];
	char org_path[256];
	int year;
	char kind[12]; /* "june", "november" (the yearly re-registration) */
	char title[TEXT_BYTES(TF_ROLL_REVIEW_TITLE_MAX)];
	char opened_on[CASE_DATE_LEN], finish_on[CASE_DATE_LEN];
	char status[8]; /* "open", "closed" */
	int64_t items;	/* snapshotted when it opened */
	int64_t created_by, created_at, closed_by, closed_at;
	/* counts over all its items, filled on read */
	int64_t open, decided, confirmed;
};

/* One entry in one review. */
struct roll_review_item {
	int64_t id, review_id, entry_id;
	int64_t org_id;		     /* the branch keeping the entry */
	char category[16], tier[16]; /* when the review opened */
	char status[12];	     /* "open", "decided", "confirmed" */
	char decision[12];	     /* "", continue, change, exit, deceased, moved */
	char new_category[16], new_tier[16];
	char exit_on[CASE_DATE_LEN];
	char exit_reason[12];
	char reason[TEXT_BYTES(TF_ROLL_REASON_MAX)];
	int64_t decided_by, decided_at;
	char returned_reason[TEXT_BYTES(TF_ROLL_REASON_MAX)];
	int64_t confirmed_by, confirmed_at, version;
	/* read with it */
	char org_name[TEXT_BYTES(TF_ORG_NAME_MAX)];
	char org_path[256];
	int64_t member_id;
	char member_name[TEXT_BYTES(TF_MEMBER_NAME_MAX)];
	char entry_status[12];
	char since_on[CASE_DATE_LEN];
	int household_size;
	int64_t income_fen;
	char decided_by_name[64], confirmed_by_name[64];
};

/* The items of one organisation in one status (the progress). */
struct roll_review_count {
	int64_t org_id;
	char org_path[256];
	char status[12];
	int64_t n;
};

/* What waits in a subtree for one open review (the to-do list). */
struct roll_review_waiting {
	int64_t review_id;
	char title[TEXT_BYTES(TF_ROLL_REVIEW_TITLE_MAX)];
	char finish_on[CASE_DATE_LEN];
	int64_t created_at;
	int64_t n;
};

/* Inserts r (status open) and its items in one statement: every entry on
 * the roll (active) of an organisation in the subtree of path, with
 * its branch, category and tier; sets r->id and r->items.  A second review
 * of the same kind, year and organisation: DB_HARD, EC_CONFLICT. */
enum db_qs store_roll_review_insert(struct db *db, struct roll_review *r, const char *path,
				    struct bf_err *e);
enum db_qs store_roll_review_get(struct db *db, int64_t id, struct roll_review *out,
				 struct bf_err *e);
/* Every review (year 0: of any year), newest first. */
enum db_qs store_roll_review_list(struct db *db, int year, struct roll_review **items, size_t *n,
				  struct bf_err *e);
enum db_qs store_roll_review_close(struct db *db, int64_t id, int64_t by, struct bf_err *e);

/* A page of a review's items whose organisation's path is in the subtree of path
 * (status "" any), by organisation then member; *total counts them. */
enum db_qs store_roll_review_items(struct db *db, int64_t review_id, const char *path,
				   const char *status, int offset, int limit,
				   struct roll_review_item **items, size_t *n, int64_t *total,
				   struct bf_err *e);
enum db_qs store_roll_review_item_get(struct db *db, int64_t id, struct roll_review_item *out,
				      struct bf_err *e);
/* Writes the decision, return and confirmation columns if the row still
 * has it->version (then it->version is the new one); DB_NONE otherwise. */
enum db_qs store_roll_review_item_update(struct db *db, struct roll_review_item *it,
					 struct bf_err *e);
/* The ids of the decided items of a review in the subtree of path, by id. */
enum db_qs store_roll_review_decided(struct db *db, int64_t review_id, const char *path,
				     int64_t **ids, size_t *n, struct bf_err *e);
/* The items per organisation and status of a review in the subtree of path. */
enum db_qs store_roll_review_counts(struct db *db, int64_t review_id, const char *path,
				    struct roll_review_count **rows, size_t *n, struct bf_err *e);
/* Open reviews with items of status in the subtree of path: one row each. */
enum db_qs store_roll_review_waiting(struct db *db, const char *path, const char *status,
				     struct roll_review_waiting **rows, size_t *n,
				     struct bf_err *e);
/* The re-registration flag of an entry: the latest November review that
 * finished before today whose item of the entry was not confirmed; *id 0
 * (title "") when none. */
enum db_qs store_roll_review_flag(struct db *db, int64_t entry_id, const char *today, int64_t *id,
				  char title[TEXT_BYTES(TF_ROLL_REVIEW_TITLE_MAX)],
				  struct bf_err *e);

#endif
