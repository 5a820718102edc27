/* care_pairing.c - pairings (结对帮扶) and their help records (帮扶记录),
 * migration 0019; store_care.h, docs/internals/care.md.  A pairing's scope
 * is its member's branch (org_id); writes of its end name the version read. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store.h"
#include "store_care.h"
#include "store/store_impl.h"

#define PAIRING_COLS                                                                               \
	"p.id, p.member_id, p.org_id, p.roll_entry_id, COALESCE(p.helper_member_id, 0), "          \
	"p.helper_name, p.helper_post, p.goal, p.measures, p.start_on, p.target_on, p.place, "     \
	"p.matter, p.status, COALESCE(p.end_on, ''), p.end_reason, p.end_note, p.outcome, "        \
	"COALESCE(p.created_by, 0), p.created_at, p.updated_at, p.version, m.name, o.name, "       \
	"o.path, COALESCE((SELECT ho.name FROM members hm JOIN orgs ho ON ho.id = hm.org_id "      \
	"WHERE hm.id = p.helper_member_id), ''), "                                                 \
	"COALESCE((SELECT max(r.done_on) FROM help_records r WHERE r.pairing_id = p.id), ''), "    \
	"(SELECT count(*) FROM help_records r WHERE r.pairing_id = p.id), "                        \
	"COALESCE((SELECT e.category FROM roll_entries e WHERE e.id = p.roll_entry_id), '')"
#define PAIRING_FROM                                                                               \
	" FROM pairings p JOIN members m ON m.id = p.member_id JOIN orgs o ON o.id = p.org_id"
#define PAIRING_SELECT "SELECT " PAIRING_COLS PAIRING_FROM " "

static void read_pairing(struct db_rows *r, void *item)
{
	struct pairing *x = item;
	int k = 0;
	memset(x, 0, sizeof(*x));
	x->id = db_int(r, k++);
	x->member_id = db_int(r, k++);
	x->org_id = db_int(r, k++);
	x->roll_entry_id = db_int(r, k++);
	x->helper_member_id = db_int(r, k++);
	ST_COPY(x->helper_name, db_text(r, k++));
	ST_COPY(x->helper_post, db_text(r, k++));
	ST_COPY(x->goal, db_text(r, k++));
	ST_COPY(x->measures, db_text(r, k++));
	ST_COPY(x->start_on, db_text(r, k++));
	ST_COPY(x->target_on, db_text(r, k++));
	ST_COPY(x->place, db_text(r, k++));
	ST_COPY(x->matter, db_text(r, k++));
	ST_COPY(x->status, db_text(r, k++));
	ST_COPY(x->end_on, db_text(r, k++));
	ST_COPY(x->end_reason, db_text(r, k++));
	ST_COPY(x->end_note, db_text(r, k++));
	ST_COPY(x->outcome, db_text(r, k++));
	x->created_by = db_int(r, k++);
	x->created_at = db_int(r, k++);
	x->updated_at = db_int(r, k++);
	x->version = db_int(r, k++);
	ST_COPY(x->member_name, db_text(r, k++));
	ST_COPY(x->org_name, db_text(r, k++));
	ST_COPY(x->org_path, db_text(r, k++));
	ST_COPY(x->helper_org_name, db_text(r, k++));
	ST_COPY(x->last_record_on, db_text(r, k++));
	x->records = db_int(r, k++);
	ST_COPY(x->category, db_text(r, k++));
}

enum db_qs store_pairing_insert(struct db *db, struct pairing *x, struct bf_err *e)
{
	int64_t id = 0;
	if (!x->created_at)
		x->created_at = st_now();
	x->updated_at = x->created_at;
	struct db_val args[] = {DB_INT(x->member_id),
				DB_INT(x->org_id),
				DB_INT(x->roll_entry_id),
				ST_ID_OR_NULL(x->helper_member_id),
				st_text(x->helper_name),
				st_text(x->helper_post),
				st_text(x->goal),
				st_text(x->measures),
				st_text(x->start_on),
				st_text(x->target_on),
				st_text(x->place),
				st_text(x->matter),
				ST_ID_OR_NULL(x->created_by),
				DB_INT(x->created_at)};
	enum db_qs qs = st_fetch_int(
	    db,
	    "INSERT INTO pairings (member_id, org_id, roll_entry_id, helper_member_id, "
	    "helper_name, helper_post, goal, measures, start_on, target_on, place, matter, "
	    "status, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
	    "$9, $10, $11, $12, 'open', $13, $14, $14) RETURNING id",
	    args, (int)(sizeof(args) / sizeof(args[0])), &id, e);
	if (qs < 0)
		return qs;
	x->id = id;
	x->version = 1;
	snprintf(x->status, sizeof(x->status), "open");
	return DB_ONE;
}

enum db_qs store_pairing_get(struct db *db, int64_t id, struct pairing *out, struct bf_err *e)
{
	struct db_val arg = DB_INT(id);
	return st_fetch_one(db, PAIRING_SELECT "WHERE p.id = $1", &arg, 1, read_pairing, out, e);
}

enum db_qs store_pairing_end(struct db *db, struct pairing *x, struct bf_err *e)
{
	x->updated_at = st_now();
	struct db_val args[] = {DB_TEXT(x->status),	ST_TEXT_OR_NULL(x->end_on),
				st_text(x->end_reason), st_text(x->end_note),
				st_text(x->outcome),	DB_INT(x->updated_at)};
	return st_versioned_update(db, "pairings",
				   "status = $1, end_on = $2, end_reason = $3, end_note = $4, "
				   "outcome = $5, updated_at = $6",
				   args, (int)(sizeof(args) / sizeof(args[0])), x->id, &x->version,
				   e);
}

enum db_qs store_pairing_list(struct db *db, const struct pairing_query *q, struct pairing **items,
			      size_t *n, int64_t *total, struct bf_err *e)
{
	struct qb count = {STRBUF_INIT, {{0}}, 0}, page = {STRBUF_INIT, {{0}}, 0};
	int limit = q->limit > 0 ? q->limit : 20, offset = q->offset > 0 ? q->offset : 0;
	struct qb *both[2] = {&count, &page};
	struct st_scope sc;
	*items = NULL;
	*n = 0;
	*total = 0;
	if (st_scope_org_range(&sc, q->scope_path, q->org_path))
		return ST_FAIL(e, EC_INTERNAL, NULL, "组织范围无效");
	for (int i = 0; i < 2; i++) {
		struct qb *w = both[i];
		qb_add(w, i ? PAIRING_SELECT : "SELECT count(*)" PAIRING_FROM);
		qb_add(w, " WHERE ");
		qb_scope(w, "o.path", &sc);
		if (q->member_id) {
			qb_add(w, " AND p.member_id = ");
			qb_arg(w, DB_INT(q->member_id));
		}
		if (q->helper_member_id) {
			qb_add(w, " AND p.helper_member_id = ");
			qb_arg(w, DB_INT(q->helper_member_id));
		}
		if (q->status && *q->status) {
			qb_add(w, " AND p.status = ");
			qb_arg(w, st_text(q->status));
		}
		if (q->stale_before && *q->stale_before) {
			qb_add(w, " AND p.status = 'open' AND p.start_on < ");
			qb_arg(w, st_text(q->stale_before));
			qb_add(w,
			       " AND NOT EXISTS (SELECT 1 FROM help_records r WHERE r.pairing_id "
			       "= p.id AND r.done_on >= ");
			qb_arg(w, st_text(q->stale_before));
			qb_add(w, ")");
		}
		static const struct search_cols cols = {
		    {"p.helper_name", NULL},
		    "p.member_id IN (SELECT m.id FROM members m WHERE ",
		    "p.id"};
		st_search_where(w, q->search, &cols);
	}
	qb_add(&page, " ORDER BY CASE p.status WHEN 'open' THEN 0 ELSE 1 END, p.start_on DESC, "
		      "p.id DESC LIMIT ");
	qb_arg(&page, DB_INT(limit));
	qb_add(&page, " OFFSET ");
	qb_arg(&page, DB_INT(offset));
	return st_fetch_page(db, &count, &page, offset, sizeof(**items), read_pairing,
			     (void **)items, n, total, e);
}

enum db_qs store_pairing_open_of_member(struct db *db, int64_t member_id, struct pairing **items,
					size_t *n, struct bf_err *e)
{
	struct db_val arg = DB_INT(member_id);
	return st_fetch_all(db,
			    PAIRING_SELECT "WHERE p.member_id = $1 AND p.status = 'open' "
					   "ORDER BY p.id",
			    &arg, 1, sizeof(**items), read_pairing, (void **)items, n, e);
}

enum db_qs store_pairing_open_of_helper(struct db *db, int64_t helper_member_id,
					struct pairing **items, size_t *n, struct bf_err *e)
{
	struct db_val arg = DB_INT(helper_member_id);
	return st_fetch_all(db,
			    PAIRING_SELECT "WHERE p.helper_member_id = $1 AND p.status = 'open' "
					   "ORDER BY p.id",
			    &arg, 1, sizeof(**items), read_pairing, (void **)items, n, e);
}

enum db_qs store_pairing_helper_count(struct db *db, int64_t helper_member_id, int64_t *out,
				      struct bf_err *e)
{
	struct db_val arg = DB_INT(helper_member_id);
	return st_fetch_int(
	    db,
	    "SELECT count(*) FROM pairings WHERE helper_member_id = $1 AND status = "
	    "'open'",
	    &arg, 1, out, e);
}

enum db_qs store_help_record_insert(struct db *db, struct help_record *r, struct bf_err *e)
{
	int64_t id = 0;
	if (!r->created_at)
		r->created_at = st_now();
	struct db_val args[] = {
	    DB_INT(r->pairing_id), st_text(r->done_on),		 st_text(r->what),
	    st_text(r->result),	   ST_ID_OR_NULL(r->created_by), DB_INT(r->created_at)};
	enum db_qs qs = st_fetch_int(db,
				     "INSERT INTO help_records (pairing_id, done_on, what, result, "
				     "created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) "
				     "RETURNING id",
				     args, (int)(sizeof(args) / sizeof(args[0])), &id, e);
	if (qs < 0)
		return qs;
	r->id = id;
	return DB_ONE;
}

static void read_record(struct db_rows *rows, void *item)
{
	struct help_record *r = item;
	int k = 0;
	memset(r, 0, sizeof(*r));
	r->id = db_int(rows, k++);
	r->pairing_id = db_int(rows, k++);
	ST_COPY(r->done_on, db_text(rows, k++));
	ST_COPY(r->what, db_text(rows, k++));
	ST_COPY(r->result, db_text(rows, k++));
	r->created_by = db_int(rows, k++);
	r->created_at = db_int(rows, k++);
	ST_COPY(r->created_by_name, db_text(rows, k++));
}

enum db_qs store_help_records(struct db *db, int64_t pairing_id, struct help_record **items,
			      size_t *n, struct bf_err *e)
{
	struct db_val arg = DB_INT(pairing_id);
	return st_fetch_all(db,
			    "SELECT r.id, r.pairing_id, r.done_on, r.what, r.result, "
			    "COALESCE(r.created_by, 0), r.created_at, COALESCE((SELECT "
			    "u.display_name FROM users u WHERE u.id = r.created_by), '') FROM "
			    "help_records r WHERE r.pairing_id = $1 ORDER BY r.done_on DESC, r.id "
			    "DESC",
			    &arg, 1, sizeof(**items), read_record, (void **)items, n, e);
}

enum db_qs store_help_record_get(struct db *db, int64_t id, struct help_record *out,
				 struct bf_err *e)
{
	struct db_val arg = DB_INT(id);
	return st_fetch_one(db,
			    "SELECT r.id, r.pairing_id, r.done_on, r.what, r.result, "
			    "COALESCE(r.created_by, 0), r.created_at, '' FROM help_records r "
			    "WHERE r.id = $1",
			    &arg, 1, read_record, out, e);
}

#define HELP_FILE_COLS                                                                             \
	"SELECT a.id, a.help_record_id, r.pairing_id, a.name, a.mime, a.size, a.sha256, "          \
	"a.stored_path, COALESCE(a.uploaded_by, 0), a.uploaded_at, COALESCE((SELECT "              \
	"u.display_name FROM users u WHERE u.id = a.uploaded_by), '') FROM help_attachments a "    \
	"JOIN help_records r ON r.id = a.help_record_id "

static void read_help_file(struct db_rows *r, void *item)
{
	struct help_attachment *a = item;
	int k = 0;
	memset(a, 0, sizeof(*a));
	a->id = db_int(r, k++);
	a->help_record_id = db_int(r, k++);
	a->pairing_id = db_int(r, k++);
	ST_COPY(a->name, db_text(r, k++));
	ST_COPY(a->mime, db_text(r, k++));
	a->size = db_int(r, k++);
	ST_COPY(a->sha256, db_text(r, k++));
	ST_COPY(a->stored_path, db_text(r, k++));
	a->uploaded_by = db_int(r, k++);
	a->uploaded_at = db_int(r, k++);
	ST_COPY(a->uploaded_by_name, db_text(r, k++));
}

enum db_qs store_help_attachment_insert(struct db *db, struct help_attachment *a, struct bf_err *e)
{
	int64_t id = 0;
	if (!a->uploaded_at)
		a->uploaded_at = st_now();
	struct db_val args[] = {DB_INT(a->help_record_id),
				st_text(a->name),
				st_text(a->mime),
				DB_INT(a->size),
				st_text(a->sha256),
				st_text(a->stored_path),
				ST_ID_OR_NULL(a->uploaded_by),
				DB_INT(a->uploaded_at)};
	enum db_qs qs = st_fetch_int(db,
				     "INSERT INTO help_attachments (help_record_id, name, mime, "
				     "size, sha256, stored_path, uploaded_by, uploaded_at) VALUES "
				     "($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
				     args, (int)(sizeof(args) / sizeof(args[0])), &id, e);
	if (qs < 0)
		return qs;
	a->id = id;
	return DB_ONE;
}

enum db_qs store_help_attachment_get(struct db *db, int64_t id, struct help_attachment *out,
				     struct bf_err *e)
{
	struct db_val arg = DB_INT(id);
	return st_fetch_one(db, HELP_FILE_COLS "WHERE a.id = $1", &arg, 1, read_help_file, out, e);
}

enum db_qs store_help_attachments_of_pairing(struct db *db, int64_t pairing_id,
					     struct help_attachment **items, size_t *n,
					     struct bf_err *e)
{
	struct db_val arg = DB_INT(pairing_id);
	return st_fetch_all(
	    db, HELP_FILE_COLS "WHERE r.pairing_id = $1 ORDER BY a.help_record_id, a.id", &arg, 1,
	    sizeof(**items), read_help_file, (void **)items, n, e);
}

static void read_gap(struct db_rows *r, void *item)
{
	struct pairing_gap *g = item;
	int k = 0;
	memset(g, 0, sizeof(*g));
	g->member_id = db_int(r, k++);
	g->roll_entry_id = db_int(r, k++);
	ST_COPY(g->member_name, db_text(r, k++));
	g->org_id = db_int(r, k++);
	ST_COPY(g->org_name, db_text(r, k++));
	ST_COPY(g->since_on, db_text(r, k++));
	ST_COPY(g->tier, db_text(r, k++));
}

#define GAP_FROM                                                                                   \
	" FROM roll_entries e JOIN members m ON m.id = e.member_id JOIN orgs o ON o.id = e.org_id"
#define GAP_COND                                                                                   \
	" AND e.status IN ('active', 'exiting') AND e.category = 'capacity' AND NOT EXISTS "       \
	"(SELECT 1 FROM pairings p WHERE p.member_id = e.member_id AND p.status = 'open')"

enum db_qs store_pairing_gaps(struct db *db, const char *scope_path, const char *org_path,
			      int offset, int limit, struct pairing_gap **items, size_t *n,
			      int64_t *total, int64_t *capacity, struct bf_err *e)
{
	struct qb all = {STRBUF_INIT, {{0}}, 0};
	struct st_scope sc;
	if (st_scope_org_range(&sc, scope_path, org_path))
		return ST_FAIL(e, EC_INTERNAL, NULL, "组织范围无效");
	qb_add(&all, "SELECT count(*)" GAP_FROM);
	qb_add(&all, " WHERE ");
	qb_scope(&all, "o.path", &sc);
	qb_add(&all, " AND e.status IN ('active', 'exiting') AND e.category = 'capacity'");
	enum db_qs qs = st_fetch_int(db, strbuf_str(&all.sql), all.args, all.n, capacity, e);
	strbuf_release(&all.sql);
	if (qs < 0)
		return qs;
	struct qb count = {STRBUF_INIT, {{0}}, 0}, page = {STRBUF_INIT, {{0}}, 0};
	struct qb *both[2] = {&count, &page};
	*items = NULL;
	*n = 0;
	*total = 0;
	for (int i = 0; i < 2; i++) {
		qb_add(both[i],
		       i ? "SELECT e.member_id, e.id, m.name, e.org_id, o.name, e.since_on, "
			   "e.tier" GAP_FROM
			 : "SELECT count(*)" GAP_FROM);
		qb_add(both[i], " WHERE ");
		qb_scope(both[i], "o.path", &sc);
		qb_add(both[i], GAP_COND);
	}
	qb_add(&page, " ORDER BY o.path, m.name, e.id LIMIT ");
	qb_arg(&page, DB_INT(limit > 0 ? limit : 20));
	qb_add(&page, " OFFSET ");
	qb_arg(&page, DB_INT(offset > 0 ? offset : 0));
	return st_fetch_page(db, &count, &page, offset, sizeof(**items), read_gap, (void **)items,
			     n, total, e);
}

enum db_qs store_pairing_stale_count(struct db *db, const char *scope_path,
				     const char *stale_before, int64_t *out, struct bf_err *e)
{
	struct pairing_query q = {
	    .scope_path = scope_path, .stale_before = stale_before, .limit = 1};
	struct pairing *items = NULL;
	size_t n = 0;
	enum db_qs qs = store_pairing_list(db, &q, &items, &n, out, e);
	free(items);
	return qs < 0 ? qs : DB_ONE;
}
