/* care_commendations.c - commendations (表彰, issue #12; migration 0022,
 * store_commendations.h): rounds with their quotas per committee and
 * honour, nominations and their review, the nominations a commendation
 * notice lists, and the honours (the approved nominations). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store.h"
#include "store_commendations.h"
#include "store/store_impl.h"

#define ROUND_SELECT                                                                               \
	"SELECT r.id, r.org_id, o.name, r.title, r.year, r.nominate_by, r.status, "                \
	"COALESCE(r.notice_id, 0), COALESCE(r.approved_on, ''), COALESCE(r.approved_by, 0), "      \
	"COALESCE(r.created_by, 0), r.created_at, COALESCE(nt.status, ''), "                       \
	"COALESCE(nt.starts_on, ''), COALESCE(nt.ends_on, ''), "                                   \
	"(SELECT count(*) FROM objections ob WHERE ob.notice_id = r.notice_id "                    \
	"AND ob.outcome IS NULL) "                                                                 \
	"FROM commendation_rounds r JOIN orgs o ON o.id = r.org_id "                               \
	"LEFT JOIN notices nt ON nt.id = r.notice_id "

static void read_round(struct db_rows *r, void *item)
{
	struct commendation_round *x = item;
	int k = 0;
	memset(x, 0, sizeof(*x));
	x->id = db_int(r, k++);
	x->org_id = db_int(r, k++);
	ST_COPY(x->org_name, db_text(r, k++));
	ST_COPY(x->title, db_text(r, k++));
	x->year = (int)db_int(r, k++);
	ST_COPY(x->nominate_by, db_text(r, k++));
	ST_COPY(x->status, db_text(r, k++));
	x->notice_id = db_int(r, k++);
	ST_COPY(x->approved_on, db_text(r, k++));
	x->approved_by = db_int(r, k++);
	x->created_by = db_int(r, k++);
	x->created_at = db_int(r, k++);
	ST_COPY(x->notice_status, db_text(r, k++));
	ST_COPY(x->notice_starts_on, db_text(r, k++));
	ST_COPY(x->notice_ends_on, db_text(r, k++));
	x->notice_open_objections = (int)db_int(r, k++);
}

enum db_qs store_commendation_round_insert(struct db *db, struct commendation_round *r,
					   struct bf_err *e)
{
	int64_t id = 0;
	if (!r->created_at)
		r->created_at = st_now();
	struct db_val args[] = {DB_INT(r->org_id),
				st_text(r->title),
				DB_INT(r->year),
				st_text(r->nominate_by),
				ST_ID_OR_NULL(r->created_by),
				DB_INT(r->created_at)};
	/* ON CONFLICT DO NOTHING: the year's round exists (no row back), and
	 * PostgreSQL's transaction stays usable */
	enum db_qs qs = st_fetch_int(
	    db,
	    "INSERT INTO commendation_rounds (org_id, title, year, nominate_by, status, "
	    "created_by, created_at) VALUES ($1, $2, $3, $4, 'open', $5, $6) "
	    "ON CONFLICT DO NOTHING RETURNING id",
	    args, 6, &id, e);
	if (qs == DB_ONE)
		r->id = id;
	return qs;
}

/* Adds the counts of the round's nominations under scope to x. */
static enum db_qs round_counts(struct db *db, struct commendation_round *x, const char *scope,
			       struct bf_err *e)
{
	char lo[256], hi[256];
	struct db_rows *rows = NULL;
	if (st_scope_range(scope, lo, hi))
		return ST_FAIL(e, EC_INTERNAL, NULL, "组织范围无效");
	struct db_val args[] = {DB_INT(x->id), st_text(lo), st_text(hi)};
	enum db_qs qs =
	    db_query(db,
		     "SELECT n.status, count(*) FROM nominations n LEFT JOIN members m ON m.id = "
		     "n.member_id "
		     "JOIN orgs p ON p.id = COALESCE(m.org_id, n.nominee_org_id) "
		     "WHERE n.round_id = $1 AND p.path >= $2 AND p.path < $3 GROUP BY n.status",
		     args, 3, &rows, e);
	if (qs < 0)
		return qs;
	int rc;
	while ((rc = db_next(rows)) == 1) {
		const char *s = db_text(rows, 0);
		int c = (int)db_int(rows, 1);
		if (!strcmp(s, "nominated"))
			x->nominated = c;
		else if (!strcmp(s, "recommended"))
			x->recommended = c;
		else if (!strcmp(s, "not_recommended"))
			x->not_recommended = c;
		else if (!strcmp(s, "rejected"))
			x->rejected = c;
		else if (!strcmp(s, "approved"))
			x->approved = c;
	}
	db_rows_free(rows);
	return rc < 0 ? st_next_failed(rc, e) : DB_ONE;
}

enum db_qs store_commendation_round_get(struct db *db, int64_t id, const char *scope,
					struct commendation_round *out, struct bf_err *e)
{
	struct db_val arg = DB_INT(id);
	enum db_qs qs =
	    st_fetch_one(db, ROUND_SELECT "WHERE r.id = $1", &arg, 1, read_round, out, e);
	if (qs != DB_ONE || !scope)
		return qs;
	return round_counts(db, out, scope, e);
}

enum db_qs store_commendation_rounds(struct db *db, const char *scope,
				     struct commendation_round **items, size_t *n, struct bf_err *e)
{
	*items = NULL;
	*n = 0;
	enum db_qs qs = st_fetch_all(db, ROUND_SELECT "ORDER BY r.year DESC, r.id DESC LIMIT 100",
				     NULL, 0, sizeof(**items), read_round, (void **)items, n, e);
	for (size_t i = 0; qs >= 0 && i < *n; i++)
		qs = round_counts(db, &(*items)[i], scope, e);
	if (qs < 0) {
		free(*items);
		*items = NULL;
		*n = 0;
	}
	return qs;
}

enum db_qs store_commendation_round_move(struct db *db, int64_t id, const char *from_status,
					 const char *status, int64_t notice_id,
					 const char *approved_on, int64_t approved_by,
					 struct bf_err *e)
{
	struct db_val args[] = {
	    DB_INT(id),
	    st_text(from_status),
	    st_text(status),
	    ST_ID_OR_NULL(notice_id),
	    approved_on && *approved_on ? st_text(approved_on) : DB_NULLV,
	    ST_ID_OR_NULL(approved_by),
	};
	return db_exec(db,
		       "UPDATE commendation_rounds SET status = $3, notice_id = $4, "
		       "approved_on = $5, approved_by = $6 WHERE id = $1 AND status = $2",
		       args, 6, NULL, e);
}

enum db_qs store_commendation_quota_set(struct db *db, int64_t round_id,
					const struct commendation_quota *q, struct bf_err *e)
{
	struct db_val args[] = {DB_INT(round_id), DB_INT(q->org_id), st_text(q->honour),
				DB_INT(q->quota)};
	return db_exec(db,
		       "INSERT INTO commendation_quotas (round_id, org_id, honour, quota) "
		       "VALUES ($1, $2, $3, $4) ON CONFLICT (round_id, org_id, honour) "
		       "DO UPDATE SET quota = excluded.quota",
		       args, 4, NULL, e);
}

static void read_quota(struct db_rows *r, void *item)
{
	struct commendation_quota *x = item;
	int k = 0;
	memset(x, 0, sizeof(*x));
	x->org_id = db_int(r, k++);
	ST_COPY(x->org_name, db_text(r, k++));
	ST_COPY(x->org_path, db_text(r, k++));
	ST_COPY(x->honour, db_text(r, k++));
	x->quota = (int)db_int(r, k++);
	x->nominated = (int)db_int(r, k++);
	x->recommended = (int)db_int(r, k++);
}

enum db_qs store_commendation_quotas(struct db *db, int64_t round_id,
				     struct commendation_quota **items, size_t *n, struct bf_err *e)
{
	struct db_val arg = DB_INT(round_id);
	*items = NULL;
	*n = 0;
	return st_fetch_all(
	    db,
	    "SELECT q.org_id, o.name, o.path, q.honour, q.quota, "
	    "(SELECT count(*) FROM nominations n WHERE n.round_id = q.round_id AND "
	    "n.committee_id = q.org_id AND n.honour = q.honour AND n.status = 'nominated'), "
	    "(SELECT count(*) FROM nominations n WHERE n.round_id = q.round_id AND "
	    "n.committee_id = q.org_id AND n.honour = q.honour AND "
	    "n.status IN ('recommended', 'approved')) "
	    "FROM commendation_quotas q JOIN orgs o ON o.id = q.org_id WHERE q.round_id = $1 "
	    "ORDER BY o.path, CASE q.honour WHEN 'outstanding_member' THEN 1 "
	    "WHEN 'outstanding_worker' THEN 2 ELSE 3 END",
	    &arg, 1, sizeof(**items), read_quota, (void **)items, n, e);
}

enum db_qs store_commendation_quota_use(struct db *db, int64_t round_id, int64_t committee_id,
					const char *honour, int64_t except_id, int *quota,
					int *used, struct bf_err *e)
{
	int64_t q = 0, u = 0;
	struct db_val args[] = {DB_INT(round_id), DB_INT(committee_id), st_text(honour),
				DB_INT(except_id)};
	enum db_qs qs = st_fetch_int(db,
				     "SELECT quota FROM commendation_quotas WHERE round_id = $1 "
				     "AND org_id = $2 AND honour = $3",
				     args, 3, &q, e);
	if (qs >= 0)
		qs = st_fetch_int(db,
				  "SELECT count(*) FROM nominations WHERE round_id = $1 AND "
				  "committee_id = $2 AND honour = $3 AND id <> $4 AND "
				  "status IN ('recommended', 'approved')",
				  args, 4, &u, e);
	*quota = (int)q;
	*used = (int)u;
	return qs < 0 ? qs : DB_ONE;
}

/* --- nominations --- */

#define NOMINATION_SELECT                                                                          \
	"SELECT n.id, n.round_id, r.title, r.year, COALESCE(r.approved_on, ''), n.honour, "        \
	"COALESCE(n.member_id, 0), COALESCE(n.nominee_org_id, 0), COALESCE(m.name, nog.name), "    \
	"p.path, COALESCE(m.gender, ''), COALESCE(m.birth_date, ''), COALESCE(m.joined_on, ''), "  \
	"n.org_id, o.name, n.committee_id, co.name, n.deeds, n.status, n.opinion, "                \
	"COALESCE(n.reviewed_by, 0), COALESCE(n.reviewed_at, 0), COALESCE(n.created_by, 0), "      \
	"n.created_at, r.nominate_by FROM nominations n JOIN commendation_rounds r ON r.id = "     \
	"n.round_id "                                                                              \
	"LEFT JOIN members m ON m.id = n.member_id LEFT JOIN orgs nog ON nog.id = "                \
	"n.nominee_org_id "                                                                        \
	"JOIN orgs p ON p.id = COALESCE(m.org_id, n.nominee_org_id) "                              \
	"JOIN orgs o ON o.id = n.org_id JOIN orgs co ON co.id = n.committee_id "

static void read_nomination(struct db_rows *r, void *item)
{
	struct nomination *x = item;
	int k = 0;
	memset(x, 0, sizeof(*x));
	x->id = db_int(r, k++);
	x->round_id = db_int(r, k++);
	ST_COPY(x->round_title, db_text(r, k++));
	x->year = (int)db_int(r, k++);
	ST_COPY(x->approved_on, db_text(r, k++));
	ST_COPY(x->honour, db_text(r, k++));
	x->member_id = db_int(r, k++);
	x->nominee_org_id = db_int(r, k++);
	ST_COPY(x->nominee_name, db_text(r, k++));
	ST_COPY(x->nominee_path, db_text(r, k++));
	ST_COPY(x->gender, db_text(r, k++));
	ST_COPY(x->birth_date, db_text(r, k++));
	ST_COPY(x->joined_on, db_text(r, k++));
	x->org_id = db_int(r, k++);
	ST_COPY(x->org_name, db_text(r, k++));
	x->committee_id = db_int(r, k++);
	ST_COPY(x->committee_name, db_text(r, k++));
	ST_COPY(x->deeds, db_text(r, k++));
	ST_COPY(x->status, db_text(r, k++));
	ST_COPY(x->opinion, db_text(r, k++));
	x->reviewed_by = db_int(r, k++);
	x->reviewed_at = db_int(r, k++);
	x->created_by = db_int(r, k++);
	x->created_at = db_int(r, k++);
	ST_COPY(x->nominate_by, db_text(r, k++));
}

enum db_qs store_nomination_insert(struct db *db, struct nomination *x, struct bf_err *e)
{
	int64_t id = 0;
	if (!x->created_at)
		x->created_at = st_now();
	struct db_val args[] = {DB_INT(x->round_id),	     st_text(x->honour),
				ST_ID_OR_NULL(x->member_id), ST_ID_OR_NULL(x->nominee_org_id),
				DB_INT(x->org_id),	     DB_INT(x->committee_id),
				st_text(x->deeds),	     ST_ID_OR_NULL(x->created_by),
				DB_INT(x->created_at)};
	enum db_qs qs = st_fetch_int(
	    db,
	    "INSERT INTO nominations (round_id, honour, member_id, nominee_org_id, org_id, "
	    "committee_id, deeds, status, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, "
	    "$7, 'nominated', $8, $9) ON CONFLICT DO NOTHING RETURNING id",
	    args, 9, &id, e);
	if (qs == DB_ONE)
		x->id = id;
	return qs;
}

enum db_qs store_nomination_get(struct db *db, int64_t id, struct nomination *out, struct bf_err *e)
{
	struct db_val arg = DB_INT(id);
	return st_fetch_one(db, NOMINATION_SELECT "WHERE n.id = $1", &arg, 1, read_nomination, out,
			    e);
}

enum db_qs store_nomination_review(struct db *db, int64_t id, const char *status,
				   const char *opinion, int64_t by, struct bf_err *e)
{
	struct db_val args[] = {DB_INT(id), st_text(status), st_text(opinion), ST_ID_OR_NULL(by),
				DB_INT(st_now())};
	return db_exec(db,
		       "UPDATE nominations SET status = $2, opinion = $3, reviewed_by = $4, "
		       "reviewed_at = $5 WHERE id = $1",
		       args, 5, NULL, e);
}

enum db_qs store_nominations(struct db *db, const struct nomination_query *q,
			     struct nomination **items, size_t *n, struct bf_err *e)
{
	char lo[256], hi[256];
	struct qb w = {STRBUF_INIT, {{0}}, 0};
	*items = NULL;
	*n = 0;
	if (st_scope_range(q->scope, lo, hi))
		return ST_FAIL(e, EC_INTERNAL, NULL, "组织范围无效");
	qb_add(&w, NOMINATION_SELECT "WHERE p.path >= ");
	qb_arg(&w, st_text(lo));
	qb_add(&w, " AND p.path < ");
	qb_arg(&w, st_text(hi));
	if (q->round_id) {
		qb_add(&w, " AND n.round_id = ");
		qb_arg(&w, DB_INT(q->round_id));
	}
	if (q->member_id) {
		qb_add(&w, " AND n.member_id = ");
		qb_arg(&w, DB_INT(q->member_id));
	}
	if (q->committee_id) {
		qb_add(&w, " AND n.committee_id = ");
		qb_arg(&w, DB_INT(q->committee_id));
	}
	if (q->notice_id) {
		qb_add(&w, " AND n.id IN (SELECT nomination_id FROM notice_nominations WHERE "
			   "notice_id = ");
		qb_arg(&w, DB_INT(q->notice_id));
		qb_add(&w, ")");
	}
	if (q->status && *q->status) {
		qb_add(&w, " AND n.status = ");
		qb_arg(&w, st_text(q->status));
	}
	if (q->honours)
		qb_add(&w, " AND n.status = 'approved'");
	if (q->honour && *q->honour) {
		qb_add(&w, " AND n.honour = ");
		qb_arg(&w, st_text(q->honour));
	}
	qb_add(&w, q->honours ? " ORDER BY r.year DESC, co.path, n.honour DESC, n.id"
			      : " ORDER BY co.path, CASE n.honour WHEN 'outstanding_member' THEN "
				"1 WHEN 'outstanding_worker' THEN 2 ELSE 3 END, n.id");
	qb_add(&w, " LIMIT 2000");
	enum db_qs qs = st_fetch_all(db, strbuf_str(&w.sql), w.args, w.n, sizeof(**items),
				     read_nomination, (void **)items, n, e);
	strbuf_release(&w.sql);
	return qs;
}

enum db_qs store_nominations_count(struct db *db, int64_t round_id, const char *status, int64_t *n,
				   struct bf_err *e)
{
	struct db_val args[] = {DB_INT(round_id), st_text(status)};
	return st_fetch_int(db,
			    "SELECT count(*) FROM nominations WHERE round_id = $1 AND status = $2",
			    args, 2, n, e);
}

enum db_qs store_notice_nominations_list(struct db *db, int64_t notice_id, int64_t round_id,
					 struct bf_err *e)
{
	struct db_val args[] = {DB_INT(notice_id), DB_INT(round_id)};
	enum db_qs qs = db_exec(db,
				"INSERT INTO notice_nominations (notice_id, nomination_id) "
				"SELECT $1, id FROM nominations WHERE round_id = $2 AND "
				"status = 'recommended'",
				args, 2, NULL, e);
	return qs < 0 ? qs : DB_ONE;
}

enum db_qs store_nominations_approve(struct db *db, int64_t round_id, struct bf_err *e)
{
	struct db_val arg = DB_INT(round_id);
	enum db_qs qs = db_exec(db,
				"UPDATE nominations SET status = 'approved' WHERE round_id = $1 "
				"AND status = 'recommended'",
				&arg, 1, NULL, e);
	return qs < 0 ? qs : DB_ONE;
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* The honoured members are few (a handful a year per committee): read
 * them all once, then look each asked id up. */
enum db_qs store_honours_marks(struct db *db, const int64_t *ids, size_t n, unsigned char *flags,
			       struct bf_err *e)
{
	struct db_rows *r = NULL;
	int64_t *got = NULL;
	size_t ng = 0, alloc = 0;
	memset(flags, 0, n);
	if (!n)
		return DB_ONE;
	enum db_qs qs = db_query(db,
				 "SELECT DISTINCT member_id FROM nominations WHERE "
				 "status = 'approved' AND member_id IS NOT NULL",
				 NULL, 0, &r, e);
	if (qs < 0)
		return qs;
	int rc;
	while ((rc = db_next(r)) == 1) {
		got = st_grow(got, sizeof(*got), ng, &alloc);
		got[ng++] = db_int(r, 0);
	}
	db_rows_free(r);
	if (rc < 0) {
		free(got);
		return st_next_failed(rc, e);
	}
	if (ng)
		qsort(got, ng, sizeof(*got), cmp_id);
	for (size_t i = 0; ng && i < n; i++)
		flags[i] = bsearch(&ids[i], got, ng, sizeof(*got), cmp_id) != NULL;
	free(got);
	return DB_ONE;
}

enum db_qs store_commendation_round_of_notice(struct db *db, int64_t notice_id, int64_t *round_id,
					      struct bf_err *e)
{
	struct db_val arg = DB_INT(notice_id);
	*round_id = 0;
	enum db_qs qs = st_fetch_int(db, "SELECT id FROM commendation_rounds WHERE notice_id = $1",
				     &arg, 1, round_id, e);
	if (qs == DB_ONE && !*round_id)
		return DB_NONE;
	return qs;
}
