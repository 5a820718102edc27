/* rounds.c - the department's yearly rounds (rounds): the frame of every
 * yearly case, whose deadline is the round's due_on.  One open round per
 * organisation and year is a unique index, so two clicks on "open the
 * round" cannot make two. */
#include <stdio.h>
#include <string.h>
#include "store_cases.h"
#include "store/store_impl.h"
#include "store/cases_impl.h"

#define ROUND_SELECT                                                                               \
	"SELECT id, org_id, year, title, opened_on, due_on, status, policy_version, created_by, "  \
	"created_at, closed_by, closed_at FROM rounds "

static void read_round(struct db_rows *r, void *item)
{
	struct aid_round *o = item;
	memset(o, 0, sizeof(*o));
	o->id = db_int(r, 0);
	o->org_id = db_int(r, 1);
	o->year = (int)db_int(r, 2);
	ST_COPY(o->title, db_text(r, 3));
	ST_COPY(o->opened_on, db_text(r, 4));
	ST_COPY(o->due_on, db_text(r, 5));
	ST_COPY(o->status, db_text(r, 6));
	o->policy_version = (int)db_int(r, 7);
	o->created_by = db_int(r, 8);
	o->created_at = db_int(r, 9);
	o->closed_by = db_int(r, 10);
	o->closed_at = db_int(r, 11);
}

enum db_qs store_round_insert(struct db *db, struct aid_round *r, struct bf_err *e)
{
	int64_t id = 0;
	if (!r->created_at)
		r->created_at = st_now();
	struct db_val args[] = {DB_INT(r->org_id),
				DB_INT(r->year),
				DB_TEXT(r->title),
				DB_TEXT(r->opened_on),
				DB_TEXT(r->due_on),
				DB_INT(r->policy_version),
				ST_ID_OR_NULL(r->created_by),
				DB_INT(r->created_at)};
	/* no row back: the unique index of open rounds held it */
	enum db_qs qs = st_fetch_int(db,
				     "INSERT INTO rounds (org_id, year, title, opened_on, due_on, "
				     "status, policy_version, created_by, created_at) "
				     "VALUES ($1, $2, $3, $4, $5, 'open', $6, $7, $8) "
				     "ON CONFLICT DO NOTHING RETURNING id",
				     args, 8, &id, e);
	if (qs == DB_NONE)
		return ST_FAIL(e, EC_CONFLICT, "year", "%d 年度的帮扶工作已经开始，请先结束该轮次",
			       r->year);
	if (qs < 0)
		return qs;
	r->id = id;
	ST_COPY(r->status, "open");
	r->closed_by = r->closed_at = 0;
	return DB_ONE;
}

enum db_qs store_round_get(struct db *db, int64_t id, struct aid_round *out, struct bf_err *e)
{
	struct db_val arg = DB_INT(id);
	return st_fetch_one(db, ROUND_SELECT "WHERE id = $1", &arg, 1, read_round, out, e);
}

enum db_qs store_round_list(struct db *db, int64_t org_id, int year, struct aid_round **items,
			    size_t *n, struct bf_err *e)
{
	/* a handful of rows a year: one text with optional filters */
	struct db_val args[] = {DB_INT(org_id), DB_INT(year)};
	return st_fetch_all(db,
			    ROUND_SELECT "WHERE (CAST($1 AS BIGINT) = 0 OR org_id = $1) "
					 "AND (CAST($2 AS INTEGER) = 0 OR year = $2) "
					 "ORDER BY year DESC, id DESC",
			    args, 2, sizeof(**items), read_round, (void **)items, n, e);
}

enum db_qs store_round_close(struct db *db, int64_t id, int64_t closed_by, int64_t closed_at,
			     struct bf_err *e)
{
	struct db_val args[] = {ST_ID_OR_NULL(closed_by), DB_INT(closed_at ? closed_at : st_now()),
				DB_INT(id)};
	return db_exec(db,
		       "UPDATE rounds SET status = 'closed', closed_by = $1, closed_at = $2 "
		       "WHERE id = $3 AND status = 'open'",
		       args, 3, NULL, e);
}
