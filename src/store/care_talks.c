/* care_talks.c - talks (谈心谈话, issue #12; tables talks, migration 0021, and talk_years, 0024):
 * a talk written, the talks of a subtree, and the members without a talk
 * in a year as one set-based query over the index talks(member_id,
 * talked_on) (store_care.h). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store.h"
#include "store_care.h"
#include "store/store_impl.h"

enum db_qs store_care_talk_insert(struct db *db, struct care_talk *x, struct bf_err *e)
{
	int64_t id = 0;
	if (!x->created_at)
		x->created_at = st_now();
	struct db_val args[] = {DB_INT(x->member_id),
				ST_ID_OR_NULL(x->talker_member_id),
				st_text(x->talker_name),
				st_text(x->talked_on),
				st_text(x->kind),
				st_text(x->note),
				ST_ID_OR_NULL(x->created_by),
				DB_INT(x->created_at)};
	enum db_qs qs = st_fetch_int(
	    db,
	    "INSERT INTO talks (member_id, talker_member_id, talker_name, talked_on, kind, note, "
	    "created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
	    args, (int)(sizeof(args) / sizeof(args[0])), &id, e);
	if (qs != DB_ONE)
		return qs;
	x->id = id;
	char year[5];
	snprintf(year, sizeof(year), "%.4s", x->talked_on);
	struct db_val ty[] = {DB_INT(x->member_id), DB_INT((int)strtol(year, NULL, 10)),
			      DB_INT(x->org_id)};
	enum db_qs q2 =
	    db_exec(db,
		    "INSERT INTO talk_years (member_id, year, org_id) VALUES ($1, $2, $3) "
		    "ON CONFLICT (member_id, year) DO NOTHING",
		    ty, 3, NULL, e);
	return q2 < 0 ? q2 : DB_ONE;
}

/* " WHERE" and the scope (and org) on o.path: sc holds the bounds the
 * statement points into. */
static int scope_where(struct qb *w, struct st_scope *sc, const char *scope_path,
		       const char *org_path)
{
	if (st_scope_org_range(sc, scope_path, org_path))
		return -1;
	qb_add(w, " WHERE ");
	qb_scope(w, "o.path", sc);
	return 0;
}

static void read_talk(struct db_rows *r, void *item)
{
	struct care_talk *x = item;
	int k = 0;
	memset(x, 0, sizeof(*x));
	x->id = db_int(r, k++);
	x->member_id = db_int(r, k++);
	ST_COPY(x->member_name, db_text(r, k++));
	x->org_id = db_int(r, k++);
	ST_COPY(x->org_name, db_text(r, k++));
	x->talker_member_id = db_int(r, k++);
	ST_COPY(x->talker_name, db_text(r, k++));
	ST_COPY(x->talked_on, db_text(r, k++));
	ST_COPY(x->kind, db_text(r, k++));
	ST_COPY(x->note, db_text(r, k++));
	x->created_by = db_int(r, k++);
	x->created_at = db_int(r, k++);
}

/* The talks' filters after scope_where. */
static void talk_filters(struct qb *w, const struct care_talk_query *q, const char *from,
			 const char *to, struct strbuf *like)
{
	if (q->member_id) {
		qb_add(w, " AND t.member_id = ");
		qb_arg(w, DB_INT(q->member_id));
	}
	if (from && *from) {
		qb_add(w, " AND t.talked_on >= ");
		qb_arg(w, st_text(from));
	}
	if (to && *to) {
		qb_add(w, " AND t.talked_on <= ");
		qb_arg(w, st_text(to));
	}
	if (q->kind && *q->kind) {
		qb_add(w, " AND t.kind = ");
		qb_arg(w, st_text(q->kind));
	}
	if (q->q && *q->q) {
		st_like_contains(like, q->q);
		qb_add(w, " AND (m.name LIKE ");
		qb_arg(w, st_text(like->buf));
		qb_add(w, " ESCAPE '\\' OR t.talker_name LIKE ");
		qb_arg(w, st_text(like->buf));
		qb_add(w, " ESCAPE '\\')");
	}
}

#define TALK_FROM                                                                                  \
	" FROM talks t JOIN members m ON m.id = t.member_id JOIN orgs o ON o.id = m.org_id"

enum db_qs store_care_talks(struct db *db, const char *scope_path, const char *org_path,
			    const struct care_talk_query *q, const char *from, const char *to,
			    struct care_talk **items, size_t *n, int64_t *total, struct bf_err *e)
{
	struct st_scope sc, sc2;
	struct qb cnt = {STRBUF_INIT, {{0}}, 0}, w = {STRBUF_INIT, {{0}}, 0};
	struct strbuf like = STRBUF_INIT, like2 = STRBUF_INIT;
	*items = NULL;
	*n = 0;
	*total = 0;
	qb_add(&cnt, "SELECT count(*)" TALK_FROM);
	qb_add(&w, "SELECT t.id, t.member_id, m.name, m.org_id, o.name, "
		   "COALESCE(t.talker_member_id, 0), t.talker_name, t.talked_on, t.kind, t.note, "
		   "COALESCE(t.created_by, 0), t.created_at" TALK_FROM);
	if (scope_where(&cnt, &sc, scope_path, org_path) ||
	    scope_where(&w, &sc2, scope_path, org_path)) {
		strbuf_release(&cnt.sql);
		strbuf_release(&w.sql);
		return ST_FAIL(e, EC_INTERNAL, NULL, "组织范围无效");
	}
	talk_filters(&cnt, q, from, to, &like);
	talk_filters(&w, q, from, to, &like2);
	qb_add(&w, " ORDER BY t.talked_on DESC, t.id DESC LIMIT ");
	qb_arg(&w, DB_INT(q->limit));
	qb_add(&w, " OFFSET ");
	qb_arg(&w, DB_INT(q->offset));
	enum db_qs qs = st_fetch_page(db, &cnt, &w, q->offset, sizeof(**items), read_talk,
				      (void **)items, n, total, e);
	strbuf_release(&like);
	strbuf_release(&like2);
	return qs;
}

static void read_due(struct db_rows *r, void *item)
{
	struct care_talk_due *x = item;
	int k = 0;
	memset(x, 0, sizeof(*x));
	x->member_id = db_int(r, k++);
	ST_COPY(x->member_name, db_text(r, k++));
	x->org_id = db_int(r, k++);
	ST_COPY(x->org_name, db_text(r, k++));
}

enum db_qs store_care_talks_due(struct db *db, const char *scope_path, const char *org_path,
				const char *from, const char *to, int limit,
				struct care_talk_due **items, size_t *n, int64_t *total,
				struct bf_err *e)
{
	struct st_scope sc, sc2;
	struct qb cnt = {STRBUF_INIT, {{0}}, 0}, w = {STRBUF_INIT, {{0}}, 0};
	struct qb *both[] = {&cnt, &w};
	*items = NULL;
	*n = 0;
	*total = 0;
	qb_add(&cnt, "SELECT count(*) FROM members m JOIN orgs o ON o.id = m.org_id");
	qb_add(&w, "SELECT m.id, m.name, m.org_id, o.name FROM members m JOIN orgs o ON o.id = "
		   "m.org_id");
	if (scope_where(&cnt, &sc, scope_path, org_path) ||
	    scope_where(&w, &sc2, scope_path, org_path)) {
		strbuf_release(&cnt.sql);
		strbuf_release(&w.sql);
		return ST_FAIL(e, EC_INTERNAL, NULL, "组织范围无效");
	}
	for (int i = 0; i < 2; i++) {
		qb_add(both[i], " AND m.status <> '亡故' AND NOT EXISTS (SELECT 1 FROM talks t "
				"WHERE t.member_id = m.id AND t.talked_on >= ");
		qb_arg(both[i], st_text(from));
		qb_add(both[i], " AND t.talked_on <= ");
		qb_arg(both[i], st_text(to));
		qb_add(both[i], ")");
	}
	qb_add(&w, " ORDER BY o.path, m.name, m.id LIMIT ");
	qb_arg(&w, DB_INT(limit));
	return st_fetch_page(db, &cnt, &w, 0, sizeof(**items), read_due, (void **)items, n, total,
			     e);
}

static void read_coverage(struct db_rows *r, void *item)
{
	struct care_talk_coverage *x = item;
	int k = 0;
	memset(x, 0, sizeof(*x));
	x->org_id = db_int(r, k++);
	ST_COPY(x->org_name, db_text(r, k++));
	ST_COPY(x->org_path, db_text(r, k++));
	x->members = db_int(r, k++);
	x->talked = db_int(r, k++);
}

/* Per org: the members less the deceased (members_org_id and the partial
 * members_deceased count index entries), and the tally's members of the
 * year less the deceased among them — driven from the few deceased (the
 * partial index) probing the tally's key, an EXISTS so that no engine
 * walks the tally's year per deceased member instead (without statistics
 * SQLite chose that for a join: 1.9 s at a million members). */
enum db_qs store_care_talk_coverage(struct db *db, const char *path, int year,
				    struct care_talk_coverage **items, size_t *n, struct bf_err *e)
{
	char lo[256], hi[256];
	*items = NULL;
	*n = 0;
	if (st_scope_range(path, lo, hi))
		return ST_FAIL(e, EC_INTERNAL, NULL, "组织范围无效");
	struct db_val args[] = {st_text(lo), st_text(hi), DB_INT(year)};
	return st_fetch_all(
	    db,
	    "SELECT o.id, o.name, o.path, "
	    "(SELECT count(*) FROM members m WHERE m.org_id = o.id) - "
	    "(SELECT count(*) FROM members m WHERE m.org_id = o.id AND m.status = '亡故'), "
	    "(SELECT count(*) FROM talk_years y WHERE y.year = $3 AND y.org_id = o.id) - "
	    "(SELECT count(*) FROM members m WHERE m.org_id = o.id AND m.status = '亡故' AND "
	    "EXISTS "
	    "(SELECT 1 FROM talk_years y WHERE y.member_id = m.id AND y.year = $3 AND y.org_id = "
	    "o.id)) "
	    "FROM orgs o WHERE o.path >= $1 AND o.path < $2 ORDER BY o.path",
	    args, 3, sizeof(**items), read_coverage, (void **)items, n, e);
}
