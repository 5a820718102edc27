/* notices.c - public notices (notices, notice_cases) and the objections
 * received while they are posted (objections).  A case is in at most one
 * open notice: notice_cases.is_open follows the notice's status and a
 * partial unique index holds the rule, so a second notice of the same case
 * is refused by the database whichever process tries. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "store_cases.h"
#include "store/store_impl.h"
#include "store/cases_impl.h"

#define NOTICE_SELECT                                                                              \
	"SELECT n.id, n.org_id, o.name, n.kind, n.starts_on, n.ends_on, n.working_days, "          \
	"n.estimated, n.office, n.office_phone, n.status, n.created_by, n.created_at, "            \
	"n.closed_by, n.closed_at, "                                                               \
	"(SELECT count(*) FROM notice_cases nc WHERE nc.notice_id = n.id), "                       \
	"(SELECT count(*) FROM objections ob WHERE ob.notice_id = n.id AND ob.outcome IS NULL), "  \
	"(SELECT count(*) FROM notice_nominations nn WHERE nn.notice_id = n.id) "                  \
	"FROM notices n JOIN orgs o ON o.id = n.org_id "

static void read_notice(struct db_rows *r, void *item)
{
	struct notice *nt = item;
	memset(nt, 0, sizeof(*nt));
	nt->id = db_int(r, 0);
	nt->org_id = db_int(r, 1);
	ST_COPY(nt->org_name, db_text(r, 2));
	ST_COPY(nt->kind, db_text(r, 3));
	ST_COPY(nt->starts_on, db_text(r, 4));
	ST_COPY(nt->ends_on, db_text(r, 5));
	nt->working_days = (int)db_int(r, 6);
	nt->estimated = (int)db_int(r, 7);
	ST_COPY(nt->office, db_text(r, 8));
	ST_COPY(nt->office_phone, db_text(r, 9));
	ST_COPY(nt->status, db_text(r, 10));
	nt->created_by = db_int(r, 11);
	nt->created_at = db_int(r, 12);
	nt->closed_by = db_int(r, 13);
	nt->closed_at = db_int(r, 14);
	nt->ncases = (int)db_int(r, 15);
	nt->open_objections = (int)db_int(r, 16);
	nt->nnominations = (int)db_int(r, 17);
}

/* Lists one case on the notice.  ON CONFLICT DO NOTHING covers both unique
 * rules (listed twice, or in another open notice) and keeps PostgreSQL's
 * transaction usable; no row back is the conflict. */
static enum db_qs list_case(struct db *db, int64_t notice_id, int64_t case_id, struct bf_err *e)
{
	int64_t got = 0;
	struct db_val args[] = {DB_INT(notice_id), DB_INT(case_id)};
	enum db_qs qs = st_fetch_int(db,
				     "INSERT INTO notice_cases (notice_id, case_id, is_open) "
				     "VALUES ($1, $2, 1) ON CONFLICT DO NOTHING RETURNING case_id",
				     args, 2, &got, e);
	if (qs == DB_NONE)
		return ST_FAIL(e, EC_CONFLICT, "case_ids",
			       "档案（编号 %" PRId64 "）已在公示中或重复列出", case_id);
	if (qs == DB_HARD && e->code == EC_INVALID)
		return ST_FAIL(e, EC_INVALID, "case_ids", "档案（编号 %" PRId64 "）不存在",
			       case_id);
	return qs;
}

enum db_qs store_notice_insert(struct db *db, struct notice *nt, const int64_t *case_ids,
			       size_t ncases, struct bf_err *e)
{
	int64_t id = 0;
	if (!nt->created_at)
		nt->created_at = st_now();
	struct db_val args[] = {
	    DB_INT(nt->org_id),	   DB_TEXT(nt->kind),	      DB_TEXT(nt->starts_on),
	    DB_TEXT(nt->ends_on),  DB_INT(nt->working_days),  DB_INT(nt->estimated),
	    DB_TEXT(nt->office),   DB_TEXT(nt->office_phone), ST_ID_OR_NULL(nt->created_by),
	    DB_INT(nt->created_at)};
	enum db_qs qs = st_fetch_int(db,
				     "INSERT INTO notices (org_id, kind, starts_on, ends_on, "
				     "working_days, estimated, office, office_phone, status, "
				     "created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
				     "$8, 'open', $9, $10) RETURNING id",
				     args, 10, &id, e);
	if (qs == DB_NONE)
		return st_next_failed(DB_HARD, e);
	if (qs < 0)
		return qs;
	for (size_t i = 0; i < ncases; i++) {
		qs = list_case(db, id, case_ids[i], e);
		if (qs < 0)
			return qs;
	}
	nt->id = id;
	nt->ncases = (int)ncases;
	nt->open_objections = 0;
	ST_COPY(nt->status, "open");
	return DB_ONE;
}

enum db_qs store_notice_get(struct db *db, int64_t id, struct notice *out, struct aid_case **cases,
			    size_t *ncases, struct bf_err *e)
{
	struct db_val arg = DB_INT(id);
	if (cases) {
		*cases = NULL;
		*ncases = 0;
	}
	enum db_qs qs =
	    st_fetch_one(db, NOTICE_SELECT "WHERE n.id = $1", &arg, 1, read_notice, out, e);
	if (qs != DB_ONE || !cases)
		return qs;
	qs = st_fetch_all(db,
			  ST_CASE_SELECT "WHERE c.id IN (SELECT case_id FROM notice_cases "
					 "WHERE notice_id = $1) ORDER BY c.id",
			  &arg, 1, sizeof(**cases), st_read_case, (void **)cases, ncases, e);
	return qs < 0 ? qs : DB_ONE;
}

enum db_qs store_notice_list(struct db *db, const char *scope_path, const char *status, int offset,
			     int limit, struct notice **items, size_t *n, int64_t *total,
			     struct bf_err *e)
{
	struct notice_query q = {
	    .scope_path = scope_path, .status = status, .offset = offset, .limit = limit};
	return store_notice_list_in(db, &q, items, n, total, e);
}

/* The scope and the org's subtree ANDed (disjoint ranges match nothing),
 * then the filters that are set. */
static int notice_where(struct qb *w, const struct notice_query *q, char lo[256], char hi[256],
			char olo[256], char ohi[256])
{
	const char *org_path = q->org_path && *q->org_path ? q->org_path : q->scope_path;
	if (st_scope_range(q->scope_path, lo, hi) || st_scope_range(org_path, olo, ohi))
		return -1;
	qb_add(w, " WHERE n.org_id IN (SELECT id FROM orgs WHERE path >= ");
	qb_arg(w, st_text(lo));
	qb_add(w, " AND path < ");
	qb_arg(w, st_text(hi));
	qb_add(w, " AND path >= ");
	qb_arg(w, st_text(olo));
	qb_add(w, " AND path < ");
	qb_arg(w, st_text(ohi));
	qb_add(w, ")");
	if (q->status && *q->status) {
		qb_add(w, " AND n.status = ");
		qb_arg(w, DB_TEXT(q->status));
	}
	if (q->kind && *q->kind) {
		qb_add(w, " AND n.kind = ");
		qb_arg(w, DB_TEXT(q->kind));
	}
	static const struct search_cols cols = {
	    {"o.name"},
	    "n.id IN (SELECT nc.notice_id FROM notice_cases nc JOIN cases c ON c.id = nc.case_id "
	    "JOIN members m ON m.id = c.member_id WHERE ",
	    "n.id"};
	st_search_where(w, q->search, &cols);
	return 0;
}

enum db_qs store_notice_list_in(struct db *db, const struct notice_query *q, struct notice **items,
				size_t *n, int64_t *total, struct bf_err *e)
{
	char lo[256], hi[256], olo[256], ohi[256];
	struct qb w = {STRBUF_INIT, {{0}}, 0}, p = {STRBUF_INIT, {{0}}, 0};
	int offset = q->offset > 0 ? q->offset : 0;
	*items = NULL;
	*n = 0;
	*total = 0;
	qb_add(&w, "SELECT count(*) FROM notices n JOIN orgs o ON o.id = n.org_id");
	qb_add(&p, NOTICE_SELECT);
	if (notice_where(&w, q, lo, hi, olo, ohi) || notice_where(&p, q, lo, hi, olo, ohi)) {
		strbuf_release(&w.sql);
		strbuf_release(&p.sql);
		return ST_FAIL(e, EC_INTERNAL, NULL, "组织范围无效");
	}
	qb_add(&p, " ORDER BY n.id DESC LIMIT ");
	qb_arg(&p, DB_INT(q->limit > 0 ? q->limit : 20));
	qb_add(&p, " OFFSET ");
	qb_arg(&p, DB_INT(offset));
	return st_fetch_page(db, &w, &p, offset, sizeof(**items), read_notice, (void **)items, n,
			     total, e);
}

enum db_qs store_notice_of_case(struct db *db, int64_t case_id, struct notice *out,
				struct bf_err *e)
{
	struct db_val arg = DB_INT(case_id);
	return st_fetch_one(db,
			    NOTICE_SELECT "WHERE n.id = (SELECT MAX(notice_id) FROM notice_cases "
					  "WHERE case_id = $1)",
			    &arg, 1, read_notice, out, e);
}

enum db_qs store_notice_close(struct db *db, int64_t id, int64_t closed_by, int64_t closed_at,
			      struct bf_err *e)
{
	struct db_val args[] = {DB_INT(id), ST_ID_OR_NULL(closed_by),
				DB_INT(closed_at ? closed_at : st_now())};
	enum db_qs qs =
	    db_exec(db,
		    "UPDATE notices SET status = 'closed', closed_by = $2, closed_at = $3 "
		    "WHERE id = $1 AND status = 'open'",
		    args, 3, NULL, e);
	if (qs != DB_ONE)
		return qs;
	/* its cases may now go into another notice */
	qs = db_exec(db, "UPDATE notice_cases SET is_open = 0 WHERE notice_id = $1", args, 1, NULL,
		     e);
	return qs < 0 ? qs : DB_ONE;
}

enum db_qs store_notice_release_case(struct db *db, int64_t notice_id, int64_t case_id,
				     struct bf_err *e)
{
	struct db_val args[] = {DB_INT(notice_id), DB_INT(case_id)};
	return db_exec(db,
		       "UPDATE notice_cases SET is_open = 0 "
		       "WHERE notice_id = $1 AND case_id = $2 AND is_open = 1",
		       args, 2, NULL, e);
}

/* --- objections --- */

#define OBJECTION_SELECT                                                                           \
	"SELECT id, notice_id, case_id, received_on, channel, content, reporter, outcome, "        \
	"reason, handled_by, handled_at, created_by, created_at, COALESCE(nomination_id, 0) "      \
	"FROM objections "

static void read_objection(struct db_rows *r, void *item)
{
	struct objection *o = item;
	memset(o, 0, sizeof(*o));
	o->id = db_int(r, 0);
	o->notice_id = db_int(r, 1);
	o->case_id = db_int(r, 2);
	ST_COPY(o->received_on, db_text(r, 3));
	ST_COPY(o->channel, db_text(r, 4));
	ST_COPY(o->content, db_text(r, 5));
	ST_COPY(o->reporter, db_text(r, 6));
	ST_COPY(o->outcome, db_text(r, 7));
	ST_COPY(o->reason, db_text(r, 8));
	o->handled_by = db_int(r, 9);
	o->handled_at = db_int(r, 10);
	o->created_by = db_int(r, 11);
	o->created_at = db_int(r, 12);
	o->nomination_id = db_int(r, 13);
}

enum db_qs store_objection_insert(struct db *db, struct objection *o, struct bf_err *e)
{
	int64_t id = 0;
	/* Looked up first: the foreign key would refuse it too, but not say
	 * which field, and on PostgreSQL it would end the transaction. */
	if (o->case_id) {
		struct db_val on[] = {DB_INT(o->notice_id), DB_INT(o->case_id)};
		enum db_qs qs =
		    db_query(db, "SELECT 1 FROM notice_cases WHERE notice_id = $1 AND case_id = $2",
			     on, 2, NULL, e);
		if (qs == DB_NONE)
			return ST_FAIL(e, EC_INVALID, "case_id", "该档案不在这份公示的名单中");
		if (qs < 0)
			return qs;
	}
	if (o->nomination_id) {
		struct db_val on[] = {DB_INT(o->notice_id), DB_INT(o->nomination_id)};
		enum db_qs qs = db_query(db,
					 "SELECT 1 FROM notice_nominations WHERE notice_id = $1 "
					 "AND nomination_id = $2",
					 on, 2, NULL, e);
		if (qs == DB_NONE)
			return ST_FAIL(e, EC_INVALID, "nomination_id",
				       "该提名不在这份公示的名单中");
		if (qs < 0)
			return qs;
	}
	if (!o->created_at)
		o->created_at = st_now();
	struct db_val args[] = {DB_INT(o->notice_id),
				ST_ID_OR_NULL(o->case_id),
				DB_TEXT(o->received_on),
				DB_TEXT(o->channel),
				DB_TEXT(o->content),
				DB_TEXT(o->reporter),
				ST_ID_OR_NULL(o->created_by),
				DB_INT(o->created_at),
				ST_ID_OR_NULL(o->nomination_id)};
	enum db_qs qs = st_fetch_int(db,
				     "INSERT INTO objections (notice_id, case_id, received_on, "
				     "channel, content, reporter, created_by, created_at, "
				     "nomination_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
				     "RETURNING id",
				     args, 9, &id, e);
	if (qs == DB_NONE)
		return st_next_failed(DB_HARD, e);
	if (qs == DB_ONE) {
		o->id = id;
		o->outcome[0] = o->reason[0] = '\0';
		o->handled_by = o->handled_at = 0;
	}
	return qs;
}

enum db_qs store_objection_get(struct db *db, int64_t id, struct objection *out, struct bf_err *e)
{
	struct db_val arg = DB_INT(id);
	return st_fetch_one(db, OBJECTION_SELECT "WHERE id = $1", &arg, 1, read_objection, out, e);
}

enum db_qs store_objection_list(struct db *db, int64_t notice_id, int64_t case_id,
				struct objection **items, size_t *n, struct bf_err *e)
{
	struct db_val args[] = {DB_INT(notice_id), DB_INT(case_id)};
	if (!notice_id && !case_id)
		return ST_FAIL(e, EC_INTERNAL, NULL, "须指定公示或档案");
	if (!case_id)
		return st_fetch_all(db, OBJECTION_SELECT "WHERE notice_id = $1 ORDER BY id", args,
				    1, sizeof(**items), read_objection, (void **)items, n, e);
	if (!notice_id)
		return st_fetch_all(db, OBJECTION_SELECT "WHERE case_id = $1 ORDER BY id", args + 1,
				    1, sizeof(**items), read_objection, (void **)items, n, e);
	return st_fetch_all(db,
			    OBJECTION_SELECT "WHERE notice_id = $1 AND case_id = $2 ORDER BY id",
			    args, 2, sizeof(**items), read_objection, (void **)items, n, e);
}

enum db_qs store_objection_open_count(struct db *db, int64_t notice_id, int64_t case_id, int64_t *n,
				      struct bf_err *e)
{
	struct db_val args[] = {DB_INT(notice_id), DB_INT(case_id)};
	if (!case_id)
		return st_fetch_int(db,
				    "SELECT count(*) FROM objections "
				    "WHERE notice_id = $1 AND outcome IS NULL",
				    args, 1, n, e);
	return st_fetch_int(db,
			    "SELECT count(*) FROM objections "
			    "WHERE notice_id = $1 AND case_id = $2 AND outcome IS NULL",
			    args, 2, n, e);
}

enum db_qs store_objection_handle(struct db *db, int64_t id, const char *outcome,
				  const char *reason, int64_t handled_by, int64_t handled_at,
				  struct bf_err *e)
{
	struct db_val args[] = {DB_TEXT(outcome), DB_TEXT(reason ? reason : ""),
				ST_ID_OR_NULL(handled_by),
				DB_INT(handled_at ? handled_at : st_now()), DB_INT(id)};
	/* only while open: the first handling stands */
	return db_exec(db,
		       "UPDATE objections SET outcome = $1, reason = $2, handled_by = $3, "
		       "handled_at = $4 WHERE id = $5 AND outcome IS NULL",
		       args, 5, NULL, e);
}
