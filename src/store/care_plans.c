/* care_plans.c - help plans (帮扶计划 / 脱贫规划), their measures, progress
 * notes and reviews at the roll's June and November reviews; migration
 * 0022, store_care.h, docs/internals/care.md.  A plan's scope is its
 * member's branch (org_id); writes of a plan or a measure name the version
 * read. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store.h"
#include "store_care.h"
#include "store/store_impl.h"

/* A measure still open (not done, not dropped) and due before $today. */
#define OVERDUE_OF(alias, today)                                                                   \
	"(" alias ".status IN ('todo', 'doing') AND " alias ".due_on < " today ")"

#define PLAN_COLS                                                                                  \
	"p.id, p.member_id, p.org_id, p.roll_entry_id, p.year, p.goal, COALESCE(p.created_by, "    \
	"0), "                                                                                     \
	"p.created_at, p.updated_at, p.version, m.name, o.name, o.path, "                          \
	"COALESCE((SELECT e.category FROM roll_entries e WHERE e.id = p.roll_entry_id), ''), "     \
	"(SELECT count(*) FROM help_plan_measures x WHERE x.plan_id = p.id), "                     \
	"(SELECT count(*) FROM help_plan_measures x WHERE x.plan_id = p.id AND x.status = "        \
	"'done'), "                                                                                \
	"(SELECT count(*) FROM help_plan_measures x WHERE x.plan_id = p.id AND x.status = "        \
	"'dropped'), "                                                                             \
	"(SELECT count(*) FROM help_plan_measures x WHERE x.plan_id = p.id AND " OVERDUE_OF(       \
	    "x", "$1") "), "                                                                       \
		       "COALESCE((SELECT min(x.due_on) FROM help_plan_measures x WHERE x.plan_id " \
		       "= p.id AND "                                                               \
		       "x.status IN ('todo', 'doing')), '')"
#define PLAN_FROM                                                                                  \
	" FROM help_plans p JOIN members m ON m.id = p.member_id JOIN orgs o ON o.id = p.org_id"

static void read_plan(struct db_rows *r, void *item)
{
	struct help_plan *p = item;
	int k = 0;
	memset(p, 0, sizeof(*p));
	p->id = db_int(r, k++);
	p->member_id = db_int(r, k++);
	p->org_id = db_int(r, k++);
	p->roll_entry_id = db_int(r, k++);
	p->year = (int)db_int(r, k++);
	ST_COPY(p->goal, db_text(r, k++));
	p->created_by = db_int(r, k++);
	p->created_at = db_int(r, k++);
	p->updated_at = db_int(r, k++);
	p->version = db_int(r, k++);
	ST_COPY(p->member_name, db_text(r, k++));
	ST_COPY(p->org_name, db_text(r, k++));
	ST_COPY(p->org_path, db_text(r, k++));
	ST_COPY(p->category, db_text(r, k++));
	p->measures = (int)db_int(r, k++);
	p->done = (int)db_int(r, k++);
	p->dropped = (int)db_int(r, k++);
	p->overdue = (int)db_int(r, k++);
	ST_COPY(p->next_due_on, db_text(r, k++));
}

enum db_qs store_help_plan_insert(struct db *db, struct help_plan *p, struct bf_err *e)
{
	int64_t id = 0;
	if (!p->created_at)
		p->created_at = st_now();
	p->updated_at = p->created_at;
	struct db_val args[] = {DB_INT(p->member_id),	  DB_INT(p->org_id),
				DB_INT(p->roll_entry_id), DB_INT(p->year),
				st_text(p->goal),	  ST_ID_OR_NULL(p->created_by),
				DB_INT(p->created_at)};
	enum db_qs qs = st_fetch_int(db,
				     "INSERT INTO help_plans (member_id, org_id, roll_entry_id, "
				     "year, goal, created_by, created_at, updated_at) VALUES ($1, "
				     "$2, $3, $4, $5, $6, $7, $7) RETURNING id",
				     args, (int)(sizeof(args) / sizeof(args[0])), &id, e);
	if (qs < 0)
		return qs;
	p->id = id;
	p->version = 1;
	return DB_ONE;
}

enum db_qs store_help_plan_get(struct db *db, int64_t id, const char *today, struct help_plan *out,
			       struct bf_err *e)
{
	struct db_val args[] = {st_text(today), DB_INT(id)};
	return st_fetch_one(db, "SELECT " PLAN_COLS PLAN_FROM " WHERE p.id = $2", args, 2,
			    read_plan, out, e);
}

enum db_qs store_help_plan_find(struct db *db, int64_t member_id, int year, int64_t *id,
				struct bf_err *e)
{
	struct db_val args[] = {DB_INT(member_id), DB_INT(year)};
	*id = 0;
	return st_fetch_int(db, "SELECT id FROM help_plans WHERE member_id = $1 AND year = $2",
			    args, 2, id, e);
}

enum db_qs store_help_plan_update(struct db *db, struct help_plan *p, struct bf_err *e)
{
	p->updated_at = st_now();
	struct db_val args[] = {st_text(p->goal), DB_INT(p->updated_at)};
	return st_versioned_update(db, "help_plans", "goal = $1, updated_at = $2", args, 2, p->id,
				   &p->version, e);
}

enum db_qs store_help_plan_list(struct db *db, const struct help_plan_query *q,
				struct help_plan **items, size_t *n, int64_t *total,
				struct bf_err *e)
{
	struct qb count = {STRBUF_INIT, {{0}}, 0}, page = {STRBUF_INIT, {{0}}, 0};
	struct qb *both[2] = {&count, &page};
	int limit = q->limit > 0 ? q->limit : 20, offset = q->offset > 0 ? q->offset : 0;
	struct st_scope sc;
	*items = NULL;
	*n = 0;
	*total = 0;
	if (st_scope_org_range(&sc, q->scope_path, q->org_path))
		return ST_FAIL(e, EC_INTERNAL, NULL, "组织范围无效");
	for (int i = 0; i < 2; i++) {
		struct qb *w = both[i];
		/* the page's $1 is today (PLAN_COLS) */
		qb_add(w, i ? "SELECT " PLAN_COLS PLAN_FROM : "SELECT count(*)" PLAN_FROM);
		if (i)
			w->args[w->n++] = st_text(q->today);
		qb_add(w, " WHERE ");
		qb_scope(w, "o.path", &sc);
		if (q->year) {
			qb_add(w, " AND p.year = ");
			qb_arg(w, DB_INT(q->year));
		}
		if (q->member_id) {
			qb_add(w, " AND p.member_id = ");
			qb_arg(w, DB_INT(q->member_id));
		}
		if (q->overdue) {
			qb_add(w, " AND EXISTS (SELECT 1 FROM help_plan_measures x WHERE x.plan_id "
				  "= p.id AND x.status IN ('todo', 'doing') AND x.due_on < ");
			qb_arg(w, st_text(q->today));
			qb_add(w, ")");
		}
	}
	qb_add(&page, " ORDER BY p.year DESC, o.path, m.name, p.id LIMIT ");
	qb_arg(&page, DB_INT(limit));
	qb_add(&page, " OFFSET ");
	qb_arg(&page, DB_INT(offset));
	return st_fetch_page(db, &count, &page, offset, sizeof(**items), read_plan, (void **)items,
			     n, total, e);
}

/* ------------------------------------------------------------------ */
/* Measures and their notes                                            */

#define MEASURE_COLS                                                                               \
	"x.id, x.plan_id, x.kind, x.project_kind, x.security_kind, COALESCE(x.loan_id, 0), "       \
	"x.target, x.due_on, x.status, x.note, COALESCE(x.done_on, ''), "                          \
	"COALESCE(x.created_by, 0), x.created_at, x.updated_at, x.version, "                       \
	"CASE WHEN " OVERDUE_OF("x", "$1") " THEN 1 ELSE 0 END, "                                  \
					   "COALESCE(l.principal, 0), COALESCE(l.status, '')"
#define MEASURE_FROM " FROM help_plan_measures x LEFT JOIN loans l ON l.id = x.loan_id"

static void read_measure(struct db_rows *r, void *item)
{
	struct help_plan_measure *m = item;
	int k = 0;
	memset(m, 0, sizeof(*m));
	m->id = db_int(r, k++);
	m->plan_id = db_int(r, k++);
	ST_COPY(m->kind, db_text(r, k++));
	ST_COPY(m->project_kind, db_text(r, k++));
	ST_COPY(m->security_kind, db_text(r, k++));
	m->loan_id = db_int(r, k++);
	ST_COPY(m->target, db_text(r, k++));
	ST_COPY(m->due_on, db_text(r, k++));
	ST_COPY(m->status, db_text(r, k++));
	ST_COPY(m->note, db_text(r, k++));
	ST_COPY(m->done_on, db_text(r, k++));
	m->created_by = db_int(r, k++);
	m->created_at = db_int(r, k++);
	m->updated_at = db_int(r, k++);
	m->version = db_int(r, k++);
	m->overdue = (int)db_int(r, k++);
	m->loan_principal = db_int(r, k++);
	ST_COPY(m->loan_status, db_text(r, k++));
}

enum db_qs store_help_measure_insert(struct db *db, struct help_plan_measure *m, struct bf_err *e)
{
	int64_t id = 0;
	if (!m->created_at)
		m->created_at = st_now();
	m->updated_at = m->created_at;
	struct db_val args[] = {DB_INT(m->plan_id),
				st_text(m->kind),
				st_text(m->project_kind),
				st_text(m->security_kind),
				ST_ID_OR_NULL(m->loan_id),
				st_text(m->target),
				st_text(m->due_on),
				st_text(m->status),
				st_text(m->note),
				ST_TEXT_OR_NULL(m->done_on),
				ST_ID_OR_NULL(m->created_by),
				DB_INT(m->created_at)};
	enum db_qs qs =
	    st_fetch_int(db,
			 "INSERT INTO help_plan_measures (plan_id, kind, project_kind, "
			 "security_kind, loan_id, target, due_on, status, note, done_on, "
			 "created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
			 "$8, $9, $10, $11, $12, $12) RETURNING id",
			 args, (int)(sizeof(args) / sizeof(args[0])), &id, e);
	if (qs < 0)
		return qs;
	m->id = id;
	m->version = 1;
	return DB_ONE;
}

enum db_qs store_help_measure_get(struct db *db, int64_t id, const char *today,
				  struct help_plan_measure *out, struct bf_err *e)
{
	struct db_val args[] = {st_text(today), DB_INT(id)};
	return st_fetch_one(db, "SELECT " MEASURE_COLS MEASURE_FROM " WHERE x.id = $2", args, 2,
			    read_measure, out, e);
}

enum db_qs store_help_measures(struct db *db, int64_t plan_id, const char *today,
			       struct help_plan_measure **items, size_t *n, struct bf_err *e)
{
	struct db_val args[] = {st_text(today), DB_INT(plan_id)};
	return st_fetch_all(db,
			    "SELECT " MEASURE_COLS MEASURE_FROM " WHERE x.plan_id = $2 ORDER BY "
			    "x.id",
			    args, 2, sizeof(**items), read_measure, (void **)items, n, e);
}

enum db_qs store_help_measure_update(struct db *db, struct help_plan_measure *m, struct bf_err *e)
{
	m->updated_at = st_now();
	struct db_val args[] = {
	    st_text(m->project_kind), st_text(m->security_kind),   ST_ID_OR_NULL(m->loan_id),
	    st_text(m->target),	      st_text(m->due_on),	   st_text(m->status),
	    st_text(m->note),	      ST_TEXT_OR_NULL(m->done_on), DB_INT(m->updated_at)};
	return st_versioned_update(
	    db, "help_plan_measures",
	    "project_kind = $1, security_kind = $2, loan_id = $3, target = $4, due_on = $5, "
	    "status = $6, note = $7, done_on = $8, updated_at = $9",
	    args, (int)(sizeof(args) / sizeof(args[0])), m->id, &m->version, e);
}

enum db_qs store_help_note_insert(struct db *db, struct help_plan_note *x, struct bf_err *e)
{
	int64_t id = 0;
	if (!x->created_at)
		x->created_at = st_now();
	struct db_val args[] = {DB_INT(x->measure_id), st_text(x->noted_on), st_text(x->text),
				ST_ID_OR_NULL(x->created_by), DB_INT(x->created_at)};
	enum db_qs qs = st_fetch_int(db,
				     "INSERT INTO help_plan_notes (measure_id, noted_on, text, "
				     "created_by, created_at) VALUES ($1, $2, $3, $4, $5) "
				     "RETURNING id",
				     args, 5, &id, e);
	if (qs < 0)
		return qs;
	x->id = id;
	return DB_ONE;
}

static void read_note(struct db_rows *r, void *item)
{
	struct help_plan_note *x = item;
	int k = 0;
	memset(x, 0, sizeof(*x));
	x->id = db_int(r, k++);
	x->measure_id = db_int(r, k++);
	ST_COPY(x->noted_on, db_text(r, k++));
	ST_COPY(x->text, db_text(r, k++));
	x->created_by = db_int(r, k++);
	x->created_at = db_int(r, k++);
	ST_COPY(x->created_by_name, db_text(r, k++));
}

enum db_qs store_help_notes(struct db *db, int64_t plan_id, struct help_plan_note **items,
			    size_t *n, struct bf_err *e)
{
	struct db_val arg = DB_INT(plan_id);
	return st_fetch_all(db,
			    "SELECT t.id, t.measure_id, t.noted_on, t.text, COALESCE(t.created_by, "
			    "0), t.created_at, COALESCE((SELECT u.display_name FROM users u WHERE "
			    "u.id = t.created_by), '') FROM help_plan_notes t JOIN "
			    "help_plan_measures x ON x.id = t.measure_id WHERE x.plan_id = $1 "
			    "ORDER BY t.noted_on DESC, t.id DESC",
			    &arg, 1, sizeof(**items), read_note, (void **)items, n, e);
}

/* ------------------------------------------------------------------ */
/* Reviews                                                             */

enum db_qs store_help_review_insert(struct db *db, struct help_plan_review *r, struct bf_err *e)
{
	int64_t id = 0;
	if (!r->created_at)
		r->created_at = st_now();
	struct db_val args[] = {
	    DB_INT(r->plan_id),		  DB_INT(r->review_id), st_text(r->progress),
	    st_text(r->next_steps),	  DB_INT(r->done),	DB_INT(r->total),
	    ST_ID_OR_NULL(r->created_by), DB_INT(r->created_at)};
	enum db_qs qs = st_fetch_int(db,
				     "INSERT INTO help_plan_reviews (plan_id, review_id, progress, "
				     "next_steps, done, total, created_by, created_at) VALUES ($1, "
				     "$2, $3, $4, $5, $6, $7, $8) RETURNING id",
				     args, 8, &id, e);
	if (qs < 0)
		return qs;
	r->id = id;
	return DB_ONE;
}

static void read_review(struct db_rows *rows, void *item)
{
	struct help_plan_review *r = item;
	int k = 0;
	memset(r, 0, sizeof(*r));
	r->id = db_int(rows, k++);
	r->plan_id = db_int(rows, k++);
	r->review_id = db_int(rows, k++);
	ST_COPY(r->progress, db_text(rows, k++));
	ST_COPY(r->next_steps, db_text(rows, k++));
	r->done = (int)db_int(rows, k++);
	r->total = (int)db_int(rows, k++);
	r->created_by = db_int(rows, k++);
	r->created_at = db_int(rows, k++);
	ST_COPY(r->review_title, db_text(rows, k++));
	ST_COPY(r->review_kind, db_text(rows, k++));
	r->review_year = (int)db_int(rows, k++);
	ST_COPY(r->created_by_name, db_text(rows, k++));
}

enum db_qs store_help_reviews(struct db *db, int64_t plan_id, struct help_plan_review **items,
			      size_t *n, struct bf_err *e)
{
	struct db_val arg = DB_INT(plan_id);
	return st_fetch_all(
	    db,
	    "SELECT r.id, r.plan_id, r.review_id, r.progress, r.next_steps, r.done, "
	    "r.total, COALESCE(r.created_by, 0), r.created_at, v.title, v.kind, "
	    "v.year, COALESCE((SELECT u.display_name FROM users u WHERE u.id = "
	    "r.created_by), '') FROM help_plan_reviews r JOIN roll_reviews v ON "
	    "v.id = r.review_id WHERE r.plan_id = $1 ORDER BY r.created_at, r.id",
	    &arg, 1, sizeof(**items), read_review, (void **)items, n, e);
}

/* ------------------------------------------------------------------ */
/* The organisation's view and the to-do list                          */

static void read_org(struct db_rows *r, void *item)
{
	struct help_plan_org *o = item;
	int k = 0;
	memset(o, 0, sizeof(*o));
	o->org_id = db_int(r, k++);
	ST_COPY(o->org_name, db_text(r, k++));
	o->on_roll = db_int(r, k++);
	o->with_plan = db_int(r, k++);
	o->measures = db_int(r, k++);
	o->done = db_int(r, k++);
	o->overdue = db_int(r, k++);
}

/* The roll's open confirmed periods (one per member). */
#define ON_ROLL " AND e.status IN ('active', 'exiting')"

enum db_qs store_help_plan_orgs(struct db *db, const char *scope_path, const char *org_path,
				int year, const char *today, struct help_plan_org **items,
				size_t *n, struct bf_err *e)
{
	struct qb q = {STRBUF_INIT, {{0}}, 0};
	struct st_scope sc;
	*items = NULL;
	*n = 0;
	if (st_scope_org_range(&sc, scope_path, org_path))
		return ST_FAIL(e, EC_INTERNAL, NULL, "组织范围无效");
	qb_add(&q, "SELECT o.id, o.name, count(*), count(p.id), COALESCE(sum(c.total), 0), "
		   "COALESCE(sum(c.done), 0), COALESCE(sum(c.overdue), 0) FROM roll_entries e "
		   "JOIN orgs o ON o.id = e.org_id LEFT JOIN help_plans p ON p.member_id = "
		   "e.member_id AND p.year = ");
	qb_arg(&q, DB_INT(year));
	qb_add(&q, " LEFT JOIN (SELECT x.plan_id, count(*) AS total, sum(CASE WHEN x.status = "
		   "'done' THEN 1 ELSE 0 END) AS done, sum(CASE WHEN x.status IN ('todo', "
		   "'doing') AND x.due_on < ");
	qb_arg(&q, st_text(today));
	qb_add(&q, " THEN 1 ELSE 0 END) AS overdue FROM help_plan_measures x GROUP BY x.plan_id) c "
		   "ON c.plan_id = p.id");
	qb_add(&q, " WHERE ");
	qb_scope(&q, "o.path", &sc);
	qb_add(&q, ON_ROLL " GROUP BY o.id, o.name, o.path ORDER BY o.path");
	enum db_qs qs = st_fetch_all(db, strbuf_str(&q.sql), q.args, q.n, sizeof(**items), read_org,
				     (void **)items, n, e);
	strbuf_release(&q.sql);
	return qs;
}

static void read_gap(struct db_rows *r, void *item)
{
	struct help_plan_gap *g = item;
	int k = 0;
	memset(g, 0, sizeof(*g));
	g->member_id = db_int(r, k++);
	g->roll_entry_id = db_int(r, k++);
	ST_COPY(g->member_name, db_text(r, k++));
	g->org_id = db_int(r, k++);
	ST_COPY(g->org_name, db_text(r, k++));
	ST_COPY(g->category, db_text(r, k++));
	ST_COPY(g->since_on, db_text(r, k++));
}

#define GAP_FROM                                                                                   \
	" FROM roll_entries e JOIN members m ON m.id = e.member_id JOIN orgs o ON o.id = e.org_id"

enum db_qs store_help_plan_gaps(struct db *db, const char *scope_path, const char *org_path,
				int year, int offset, int limit, struct help_plan_gap **items,
				size_t *n, int64_t *total, struct bf_err *e)
{
	struct qb count = {STRBUF_INIT, {{0}}, 0}, page = {STRBUF_INIT, {{0}}, 0};
	struct qb *both[2] = {&count, &page};
	struct st_scope sc;
	*items = NULL;
	*n = 0;
	*total = 0;
	if (st_scope_org_range(&sc, scope_path, org_path))
		return ST_FAIL(e, EC_INTERNAL, NULL, "组织范围无效");
	for (int i = 0; i < 2; i++) {
		qb_add(both[i], i ? "SELECT e.member_id, e.id, m.name, e.org_id, o.name, "
				    "e.category, e.since_on" GAP_FROM
				  : "SELECT count(*)" GAP_FROM);
		qb_add(both[i], " WHERE ");
		qb_scope(both[i], "o.path", &sc);
		qb_add(both[i], ON_ROLL " AND NOT EXISTS (SELECT 1 FROM help_plans p WHERE "
					"p.member_id = e.member_id AND p.year = ");
		qb_arg(both[i], DB_INT(year));
		qb_add(both[i], ")");
	}
	qb_add(&page, " ORDER BY o.path, m.name, e.id LIMIT ");
	qb_arg(&page, DB_INT(limit > 0 ? limit : 20));
	qb_add(&page, " OFFSET ");
	qb_arg(&page, DB_INT(offset > 0 ? offset : 0));
	return st_fetch_page(db, &count, &page, offset, sizeof(**items), read_gap, (void **)items,
			     n, total, e);
}

static void read_due(struct db_rows *r, void *item)
{
	struct help_plan_due *d = item;
	int k = 0;
	memset(d, 0, sizeof(*d));
	d->measure_id = db_int(r, k++);
	d->plan_id = db_int(r, k++);
	d->member_id = db_int(r, k++);
	d->org_id = db_int(r, k++);
	ST_COPY(d->member_name, db_text(r, k++));
	ST_COPY(d->org_name, db_text(r, k++));
	ST_COPY(d->kind, db_text(r, k++));
	ST_COPY(d->due_on, db_text(r, k++));
	ST_COPY(d->target, db_text(r, k++));
}

#define DUE_FROM                                                                                   \
	" FROM help_plan_measures x JOIN help_plans p ON p.id = x.plan_id JOIN members m ON m.id " \
	"= p.member_id JOIN orgs o ON o.id = p.org_id"

enum db_qs store_help_overdue(struct db *db, const char *scope_path, const char *today, int limit,
			      struct help_plan_due **items, size_t *n, int64_t *total,
			      struct bf_err *e)
{
	struct qb count = {STRBUF_INIT, {{0}}, 0}, page = {STRBUF_INIT, {{0}}, 0};
	struct qb *both[2] = {&count, &page};
	struct st_scope sc;
	*items = NULL;
	*n = 0;
	*total = 0;
	if (st_scope_org_range(&sc, scope_path, NULL))
		return ST_FAIL(e, EC_INTERNAL, NULL, "组织范围无效");
	for (int i = 0; i < 2; i++) {
		qb_add(both[i], i ? "SELECT x.id, p.id, p.member_id, p.org_id, m.name, o.name, "
				    "x.kind, x.due_on, x.target" DUE_FROM
				  : "SELECT count(*)" DUE_FROM);
		qb_add(both[i], " WHERE ");
		qb_scope(both[i], "o.path", &sc);
		qb_add(both[i], " AND x.status IN ('todo', 'doing') AND x.due_on < ");
		qb_arg(both[i], st_text(today));
	}
	qb_add(&page, " ORDER BY x.due_on, x.id LIMIT ");
	qb_arg(&page, DB_INT(limit > 0 ? limit : 200));
	return st_fetch_page(db, &count, &page, 0, sizeof(**items), read_due, (void **)items, n,
			     total, e);
}
