/* store_roll.h - the queries of the hardship roll (tables of migration
 * 0013: roll_entries, roll_history; docs/internals/roll.md), with the
 * conventions of store_cases.h: the same SQL on both engines, callers own
 * the transaction, answers are enum db_qs.  File: src/store/roll.c. */
#ifndef BANGFU_STORE_ROLL_H
#define BANGFU_STORE_ROLL_H
#include "db.h"
#include "roll_model.h"

/* Inserts x (version 1, timestamps set when 0); sets x->id.  A second
 * open period of the member: DB_HARD, EC_CONFLICT, field "member_id". */
enum db_qs store_roll_insert(struct db *db, struct roll_entry *x, struct bf_err *e);
/* Reads an entry with the member's name, the org's name and path. */
enum db_qs store_roll_get(struct db *db, int64_t id, struct roll_entry *out, struct bf_err *e);
/* The member's open period (pending, active or exiting), DB_NONE none. */
enum db_qs store_roll_open_of(struct db *db, int64_t member_id, struct roll_entry *out,
			      struct bf_err *e);
/* The member's latest exited period, DB_NONE none. */
enum db_qs store_roll_last_exited(struct db *db, int64_t member_id, struct roll_entry *out,
				  struct bf_err *e);
/* Writes every column but id, member, source, case, relapse_of and
 * created_* if the row still has x->version; then x->version is the new
 * one.  DB_NONE when someone else wrote it first. */
enum db_qs store_roll_update(struct db *db, struct roll_entry *x, struct bf_err *e);
/* A page of q's entries, newest since_on first; *total counts them all.
 * In ROLL_VIEW_AS_OF, category, tier, causes and income_fen are the
 * values in force on q->as_of (the filters apply to those). */
enum db_qs store_roll_list(struct db *db, const struct roll_query *q, struct roll_entry **items,
			   size_t *n, int64_t *total, struct bf_err *e);
/* The member's periods, oldest first. */
enum db_qs store_roll_of_member(struct db *db, int64_t member_id, struct roll_entry **items,
				size_t *n, struct bf_err *e);
/* Appends a history row (at set when 0); sets h->id. */
enum db_qs store_roll_change_insert(struct db *db, struct roll_change *h, struct bf_err *e);
/* An entry's history, oldest first. */
enum db_qs store_roll_history(struct db *db, int64_t entry_id, struct roll_change **items,
			      size_t *n, struct bf_err *e);
/* Entries waiting for a committee (pending, exiting) under scope_path,
 * oldest first, at most limit; *total counts them all. */
enum db_qs store_roll_waiting(struct db *db, const char *scope_path, int limit,
			      struct roll_entry **items, size_t *n, int64_t *total,
			      struct bf_err *e);

#endif
