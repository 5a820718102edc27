/* care_visits.c - visits (走访慰问) and festival rounds (visit_rounds,
 * visits): opening a round is one set-based INSERT ... SELECT whose unique
 * (round_id, member_id) key keeps a second run from doubling a task. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store_care.h"
#include "wrapper.h"
#include "store/store_impl.h"

#define VR_SELECT                                                                                  \
	"SELECT id, org_id, year, festival, title, opened_on, due_on, old_party_years, old_age, "  \
	"gift_roll_fen, gift_old_fen, created_by, created_at, gift_capacity_fen, "                 \
	"gift_relief_fen, gift_care_fen FROM visit_rounds "

static void read_round(struct db_rows *r, void *item)
{
	struct visit_round *o = item;
	memset(o, 0, sizeof(*o));
	o->id = db_int(r, 0);
	o->org_id = db_int(r, 1);
	o->year = (int)db_int(r, 2);
	ST_COPY(o->festival, db_text(r, 3));
	ST_COPY(o->title, db_text(r, 4));
	ST_COPY(o->opened_on, db_text(r, 5));
	ST_COPY(o->due_on, db_text(r, 6));
	o->old_party_years = (int)db_int(r, 7);
	o->old_age = (int)db_int(r, 8);
	o->gift_roll_fen = db_int(r, 9);
	o->gift_old_fen = db_int(r, 10);
	o->created_by = db_int(r, 11);
	o->created_at = db_int(r, 12);
	o->gift_capacity_fen = db_int(r, 13);
	o->gift_relief_fen = db_int(r, 14);
	o->gift_care_fen = db_int(r, 15);
}

enum db_qs store_visit_round_insert(struct db *db, struct visit_round *r, struct bf_err *e)
{
	int64_t id = 0;
	if (!r->created_at)
		r->created_at = st_now();
	struct db_val args[] = {DB_INT(r->org_id),
				DB_INT(r->year),
				DB_TEXT(r->festival),
				DB_TEXT(r->title),
				DB_TEXT(r->opened_on),
				DB_TEXT(r->due_on),
				DB_INT(r->old_party_years),
				DB_INT(r->old_age),
				DB_INT(r->gift_roll_fen),
				DB_INT(r->gift_old_fen),
				ST_ID_OR_NULL(r->created_by),
				DB_INT(r->created_at),
				DB_INT(r->gift_capacity_fen),
				DB_INT(r->gift_relief_fen),
				DB_INT(r->gift_care_fen)};
	enum db_qs qs = st_fetch_int(db,
				     "INSERT INTO visit_rounds (org_id, year, festival, title, "
				     "opened_on, due_on, old_party_years, old_age, gift_roll_fen, "
				     "gift_old_fen, created_by, created_at, gift_capacity_fen, "
				     "gift_relief_fen, gift_care_fen) VALUES ($1, $2, $3, $4, $5, "
				     "$6, $7, $8, $9, $10, $11, $12, $13, $14, $15) "
				     "ON CONFLICT DO NOTHING RETURNING id",
				     args, 15, &id, e);
	if (qs == DB_NONE)
		return ST_FAIL(e, EC_CONFLICT, "festival", "%d 年的该节日走访慰问已经开启",
			       r->year);
	if (qs < 0)
		return qs;
	r->id = id;
	return DB_ONE;
}

enum db_qs store_visit_round_get(struct db *db, int64_t id, struct visit_round *out,
				 struct bf_err *e)
{
	struct db_val arg = DB_INT(id);
	return st_fetch_one(db, VR_SELECT "WHERE id = $1", &arg, 1, read_round, out, e);
}

enum db_qs store_visit_round_list(struct db *db, struct visit_round **items, size_t *n,
				  struct bf_err *e)
{
	return st_fetch_all(db, VR_SELECT "ORDER BY year DESC, id DESC", NULL, 0, sizeof(**items),
			    read_round, (void **)items, n, e);
}

enum db_qs store_visit_round_tasks(struct db *db, const struct visit_round *r, const char *scope,
				   const char *day, const char *joined_by, const char *born_by,
				   int64_t *added, struct bf_err *e)
{
	char lo[256], hi[256];
	if (st_scope_range(scope, lo, hi))
		return ST_FAIL(e, EC_INTERNAL, NULL, "scope");
	struct db_val args[] = {DB_INT(r->id),
				DB_TEXT(r->festival),
				DB_TEXT(r->due_on),
				DB_INT(r->gift_roll_fen),
				DB_INT(r->gift_old_fen),
				DB_INT(st_now()),
				st_text(lo),
				st_text(hi),
				DB_TEXT(day),
				DB_TEXT(joined_by),
				DB_TEXT(born_by),
				DB_INT(r->gift_capacity_fen),
				DB_INT(r->gift_relief_fen),
				DB_INT(r->gift_care_fen)};
	/* the open period (at most one: roll_entries_open) by a left join on
	 * roll_entries_member, so one pass over the subtree's members */
	return db_exec(
	    db,
	    "INSERT INTO visits (member_id, org_id, round_id, reason, category, occasion, "
	    "due_on, std_gift_fen, created_at) "
	    "SELECT m.id, m.org_id, CAST($1 AS BIGINT), "
	    "CASE WHEN re.id IS NULL THEN 'old' ELSE 'roll' END, "
	    "COALESCE(re.category, ''), CAST($2 AS TEXT), CAST($3 AS TEXT), "
	    "CASE WHEN re.id IS NULL THEN CAST($5 AS BIGINT) "
	    "WHEN re.category = 'capacity' THEN CAST($12 AS BIGINT) "
	    "WHEN re.category = 'relief' THEN CAST($13 AS BIGINT) "
	    "WHEN re.category = 'care' THEN CAST($14 AS BIGINT) "
	    "ELSE CAST($4 AS BIGINT) END, CAST($6 AS BIGINT) "
	    "FROM members m JOIN orgs o ON o.id = m.org_id "
	    "LEFT JOIN roll_entries re ON re.member_id = m.id "
	    "AND re.status IN ('active', 'exiting') AND re.since_on <= $9 "
	    "AND (re.until_on IS NULL OR re.until_on >= $9) "
	    "WHERE o.path >= $7 AND o.path < $8 AND m.status <> '亡故' "
	    "AND (re.id IS NOT NULL OR m.joined_on <= $10 OR m.birth_date <= $11) "
	    "ON CONFLICT DO NOTHING",
	    args, 14, added, e);
}

static void read_progress(struct db_rows *r, void *item)
{
	struct visit_progress *p = item;
	memset(p, 0, sizeof(*p));
	p->org_id = db_int(r, 0);
	ST_COPY(p->org_name, db_text(r, 1));
	p->total = db_int(r, 2);
	p->done = db_int(r, 3);
	p->late = db_int(r, 4);
}

enum db_qs store_visit_progress(struct db *db, int64_t round_id, const char *scope,
				const char *today, struct visit_progress **items, size_t *n,
				struct bf_err *e)
{
	char lo[256], hi[256];
	if (st_scope_range(scope, lo, hi))
		return ST_FAIL(e, EC_INTERNAL, NULL, "scope");
	struct db_val args[] = {DB_INT(round_id), st_text(lo), st_text(hi), DB_TEXT(today)};
	/* counted on visits_round_org alone, then named: the organisations
	 * are few, the tasks many */
	return st_fetch_all(
	    db,
	    "SELECT o.id, o.name, t.total, t.done, t.late FROM (SELECT v.org_id, "
	    "COUNT(*) AS total, SUM(CASE WHEN v.visited_on IS NOT NULL THEN 1 ELSE 0 END) AS done, "
	    "SUM(CASE WHEN v.visited_on IS NULL AND v.closed_on IS NULL AND v.due_on < $4 THEN 1 "
	    "ELSE 0 END) AS late "
	    "FROM visits v WHERE v.round_id = $1 GROUP BY v.org_id) t "
	    "JOIN orgs o ON o.id = t.org_id WHERE o.path >= $2 AND o.path < $3 ORDER BY o.path",
	    args, 4, sizeof(**items), read_progress, (void **)items, n, e);
}

#define VISIT_SELECT                                                                               \
	"SELECT v.id, v.member_id, v.org_id, COALESCE(v.round_id, 0), m.name, o.name, "            \
	"COALESCE(r.title, ''), v.reason, v.occasion, COALESCE(v.due_on, ''), "                    \
	"COALESCE(v.visited_on, ''), v.visitors, v.found, v.goods, v.std_gift_fen, v.gift_fen, "   \
	"v.goods_value_fen, COALESCE(v.posting_id, 0), COALESCE(v.recorded_by, 0), "               \
	"v.created_at, o.path, v.category, COALESCE(v.closed_on, ''), v.close_reason "             \
	"FROM visits v JOIN members m ON m.id = v.member_id "                                      \
	"JOIN orgs o ON o.id = v.org_id LEFT JOIN visit_rounds r ON r.id = v.round_id "

struct visit_row {
	struct visit v;
	char path[256];
};

static void read_visit(struct db_rows *r, void *item)
{
	struct visit_row *x = item;
	struct visit *v = &x->v;
	memset(x, 0, sizeof(*x));
	v->id = db_int(r, 0);
	v->member_id = db_int(r, 1);
	v->org_id = db_int(r, 2);
	v->round_id = db_int(r, 3);
	ST_COPY(v->member_name, db_text(r, 4));
	ST_COPY(v->org_name, db_text(r, 5));
	ST_COPY(v->round_title, db_text(r, 6));
	ST_COPY(v->reason, db_text(r, 7));
	ST_COPY(v->occasion, db_text(r, 8));
	ST_COPY(v->due_on, db_text(r, 9));
	ST_COPY(v->visited_on, db_text(r, 10));
	ST_COPY(v->visitors, db_text(r, 11));
	ST_COPY(v->found, db_text(r, 12));
	ST_COPY(v->goods, db_text(r, 13));
	v->std_gift_fen = db_int(r, 14);
	v->gift_fen = db_int(r, 15);
	v->goods_value_fen = db_int(r, 16);
	v->posting_id = db_int(r, 17);
	v->recorded_by = db_int(r, 18);
	v->created_at = db_int(r, 19);
	ST_COPY(x->path, db_text(r, 20));
	ST_COPY(v->category, db_text(r, 21));
	ST_COPY(v->closed_on, db_text(r, 22));
	ST_COPY(v->close_reason, db_text(r, 23));
}

/* The list's conditions over $1..$11 (visit_args). */
#define VISIT_WHERE                                                                                \
	"WHERE o.path >= $1 AND o.path < $2 AND (CAST($3 AS BIGINT) = 0 OR v.round_id = $3) "      \
	"AND (CAST($4 AS BIGINT) = 0 OR v.member_id = $4) "                                        \
	"AND (CAST($5 AS INTEGER) = 0 OR (v.visited_on IS NULL AND v.closed_on IS NULL)) "         \
	"AND (CAST($6 AS INTEGER) = 0 OR (v.visited_on IS NULL AND v.closed_on IS NULL AND "       \
	"v.due_on < $11)) "                                                                        \
	"AND (CAST($7 AS INTEGER) = 0 OR (CAST($7 AS INTEGER) = 1 AND v.round_id IS NOT NULL) "    \
	"OR (CAST($7 AS INTEGER) = 2 AND v.round_id IS NULL)) "                                    \
	"AND (CAST($8 AS TEXT) = '' OR v.occasion = $8) "                                          \
	"AND (CAST($9 AS TEXT) = '' OR COALESCE(v.visited_on, v.due_on) >= $9) "                   \
	"AND (CAST($10 AS TEXT) = '' OR COALESCE(v.visited_on, v.due_on) <= $10) "

static int visit_args(struct db_val *args, const char *lo, const char *hi,
		      const struct visit_query *q, const char *today)
{
	int k = 0;
	args[k++] = DB_TEXT(lo);
	args[k++] = DB_TEXT(hi);
	args[k++] = DB_INT(q->round_id);
	args[k++] = DB_INT(q->member_id);
	args[k++] = DB_INT(q->pending);
	args[k++] = DB_INT(q->late);
	args[k++] = DB_INT(q->in_round);
	args[k++] = DB_TEXT(q->occasion ? q->occasion : "");
	args[k++] = DB_TEXT(q->from ? q->from : "");
	args[k++] = DB_TEXT(q->to ? q->to : "");
	args[k++] = DB_TEXT(today);
	return k;
}

enum db_qs store_visit_list(struct db *db, const char *scope, const struct visit_query *q,
			    const char *today, struct visit **items, size_t *n, int64_t *total,
			    struct bf_err *e)
{
	char lo[256], hi[256];
	struct visit_row *rows = NULL;
	struct db_val args[13];
	size_t k = 0;
	*items = NULL;
	*n = 0;
	if (st_scope_range(scope, lo, hi))
		return ST_FAIL(e, EC_INTERNAL, NULL, "scope");
	int na = visit_args(args, lo, hi, q, today);
	enum db_qs qs = st_fetch_int(
	    db, "SELECT COUNT(*) FROM visits v JOIN orgs o ON o.id = v.org_id " VISIT_WHERE, args,
	    na, total, e);
	if (qs < 0 || !*total)
		return qs < 0 ? qs : DB_NONE;
	args[na++] = DB_INT(q->limit);
	args[na++] = DB_INT(q->offset);
	qs = st_fetch_all(db,
			  VISIT_SELECT VISIT_WHERE
			  "ORDER BY CASE WHEN v.visited_on IS NULL THEN 0 ELSE 1 END, "
			  "CASE WHEN v.visited_on IS NULL THEN v.due_on ELSE '' END, "
			  "v.visited_on DESC, v.id DESC LIMIT $12 OFFSET $13",
			  args, na, sizeof(*rows), read_visit, (void **)&rows, &k, e);
	if (qs < 0)
		return qs;
	if (k) {
		struct visit *out = xcalloc(k, sizeof(*out));
		for (size_t i = 0; i < k; i++)
			out[i] = rows[i].v;
		*items = out;
		*n = k;
	}
	free(rows);
	return qs;
}

enum db_qs store_visit_get(struct db *db, int64_t id, struct visit *out, char org_path[256],
			   struct bf_err *e)
{
	struct visit_row x;
	struct db_val arg = DB_INT(id);
	enum db_qs qs =
	    st_fetch_one(db, VISIT_SELECT "WHERE v.id = $1", &arg, 1, read_visit, &x, e);
	if (qs == DB_ONE) {
		*out = x.v;
		memcpy(org_path, x.path, 256);
	}
	return qs;
}

enum db_qs store_visit_record(struct db *db, const struct visit *v, struct bf_err *e)
{
	struct db_val args[] = {DB_TEXT(v->visited_on),
				DB_TEXT(v->visitors),
				DB_TEXT(v->found),
				DB_INT(v->gift_fen),
				DB_TEXT(v->goods),
				DB_INT(v->goods_value_fen),
				ST_ID_OR_NULL(v->posting_id),
				ST_ID_OR_NULL(v->recorded_by),
				DB_INT(v->id)};
	int64_t changed = 0;
	enum db_qs qs =
	    db_exec(db,
		    "UPDATE visits SET visited_on = $1, visitors = $2, found = $3, gift_fen = $4, "
		    "goods = $5, goods_value_fen = $6, posting_id = $7, recorded_by = $8 "
		    "WHERE id = $9 AND visited_on IS NULL AND closed_on IS NULL",
		    args, 9, &changed, e);
	return qs < 0 ? qs : changed ? DB_ONE : DB_NONE;
}

enum db_qs store_visit_insert(struct db *db, struct visit *v, struct bf_err *e)
{
	if (!v->created_at)
		v->created_at = st_now();
	struct db_val args[] = {DB_INT(v->member_id),
				DB_INT(v->org_id),
				ST_ID_OR_NULL(v->round_id),
				st_text(v->reason),
				st_text(v->category),
				st_text(v->occasion),
				ST_TEXT_OR_NULL(v->due_on),
				DB_INT(v->std_gift_fen),
				ST_TEXT_OR_NULL(v->visited_on),
				st_text(v->visitors),
				st_text(v->found),
				DB_INT(v->gift_fen),
				st_text(v->goods),
				DB_INT(v->goods_value_fen),
				ST_ID_OR_NULL(v->posting_id),
				ST_ID_OR_NULL(v->recorded_by),
				DB_INT(v->created_at)};
	return st_fetch_int(
	    db,
	    "INSERT INTO visits (member_id, org_id, round_id, reason, category, "
	    "occasion, due_on, std_gift_fen, visited_on, visitors, found, gift_fen, "
	    "goods, goods_value_fen, posting_id, recorded_by, created_at) VALUES ($1, "
	    "$2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) "
	    "RETURNING id",
	    args, 17, &v->id, e);
}

enum db_qs store_visit_open_task(struct db *db, int64_t member_id, const char *occasion,
				 int64_t *id, struct bf_err *e)
{
	struct db_val args[] = {DB_INT(member_id), DB_TEXT(occasion)};
	*id = 0;
	return st_fetch_int(db,
			    "SELECT MIN(id) FROM visits WHERE member_id = $1 AND occasion = $2 "
			    "AND round_id IS NULL AND visited_on IS NULL AND closed_on IS NULL",
			    args, 2, id, e);
}

#define VA_SELECT                                                                                  \
	"SELECT id, visit_id, name, mime, size, sha256, stored_path, COALESCE(uploaded_by, 0), "   \
	"uploaded_at FROM visit_attachments "

static void read_attachment(struct db_rows *r, void *item)
{
	struct visit_attachment *a = item;
	memset(a, 0, sizeof(*a));
	a->id = db_int(r, 0);
	a->visit_id = db_int(r, 1);
	ST_COPY(a->name, db_text(r, 2));
	ST_COPY(a->mime, db_text(r, 3));
	a->size = db_int(r, 4);
	ST_COPY(a->sha256, db_text(r, 5));
	ST_COPY(a->stored_path, db_text(r, 6));
	a->uploaded_by = db_int(r, 7);
	a->uploaded_at = db_int(r, 8);
}

enum db_qs store_visit_attachment_insert(struct db *db, struct visit_attachment *at,
					 struct bf_err *e)
{
	at->uploaded_at = st_now();
	struct db_val args[] = {DB_INT(at->visit_id),
				st_text(at->name),
				st_text(at->mime),
				DB_INT(at->size),
				st_text(at->sha256),
				st_text(at->stored_path),
				ST_ID_OR_NULL(at->uploaded_by),
				DB_INT(at->uploaded_at)};
	return st_fetch_int(
	    db,
	    "INSERT INTO visit_attachments (visit_id, name, mime, size, sha256, "
	    "stored_path, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, "
	    "$7, $8) RETURNING id",
	    args, 8, &at->id, e);
}

enum db_qs store_visit_attachments(struct db *db, int64_t visit_id, struct visit_attachment **items,
				   size_t *n, struct bf_err *e)
{
	struct db_val arg = DB_INT(visit_id);
	return st_fetch_all(db, VA_SELECT "WHERE visit_id = $1 ORDER BY id", &arg, 1,
			    sizeof(**items), read_attachment, (void **)items, n, e);
}

enum db_qs store_visit_attachment_get(struct db *db, int64_t id, struct visit_attachment *out,
				      struct bf_err *e)
{
	struct db_val arg = DB_INT(id);
	return st_fetch_one(db, VA_SELECT "WHERE id = $1", &arg, 1, read_attachment, out, e);
}

enum db_qs store_visit_close_open(struct db *db, int64_t member_id, const char *day,
				  const char *reason, const char *keep_occasion, int64_t *n,
				  struct bf_err *e)
{
	struct db_val args[] = {DB_INT(member_id), DB_TEXT(day), DB_TEXT(reason),
				DB_TEXT(keep_occasion ? keep_occasion : "")};
	*n = 0;
	return db_exec(db,
		       "UPDATE visits SET closed_on = $2, close_reason = $3 WHERE member_id = $1 "
		       "AND visited_on IS NULL AND closed_on IS NULL AND occasion <> $4",
		       args, 4, n, e);
}
