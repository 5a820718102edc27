/* care_talks.c - talks (谈心谈话, issue #12; table talks, migration 0018):
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
	if (qs == DB_ONE)
		x->id = id;
	return qs;
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

enum db_qs store_care_talks(struct db *db, const char *scope_path, const char *org_path,
			    int64_t member_id, const char *from, const char *to, int limit,
			    struct care_talk **items, size_t *n, struct bf_err *e)
{
	struct st_scope sc;
	struct qb w = {STRBUF_INIT, {{0}}, 0};
	*items = NULL;
	*n = 0;
	qb_add(&w, "SELECT t.id, t.member_id, m.name, m.org_id, o.name, "
		   "COALESCE(t.talker_member_id, 0), t.talker_name, t.talked_on, t.kind, t.note, "
		   "COALESCE(t.created_by, 0), t.created_at FROM talks t JOIN members m ON m.id = "
		   "t.member_id JOIN orgs o ON o.id = m.org_id");
	if (scope_where(&w, &sc, scope_path, org_path)) {
		strbuf_release(&w.sql);
		return ST_FAIL(e, EC_INTERNAL, NULL, "组织范围无效");
	}
	if (member_id) {
		qb_add(&w, " AND t.member_id = ");
		qb_arg(&w, DB_INT(member_id));
	}
	if (from && *from) {
		qb_add(&w, " AND t.talked_on >= ");
		qb_arg(&w, st_text(from));
	}
	if (to && *to) {
		qb_add(&w, " AND t.talked_on <= ");
		qb_arg(&w, st_text(to));
	}
	qb_add(&w, " ORDER BY t.talked_on DESC, t.id DESC LIMIT ");
	qb_arg(&w, DB_INT(limit));
	enum db_qs qs = st_fetch_all(db, strbuf_str(&w.sql), w.args, w.n, sizeof(**items),
				     read_talk, (void **)items, n, e);
	strbuf_release(&w.sql);
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
				const char *from, const char *to, struct care_talk_due **items,
				size_t *n, struct bf_err *e)
{
	struct st_scope sc;
	struct qb w = {STRBUF_INIT, {{0}}, 0};
	*items = NULL;
	*n = 0;
	qb_add(&w, "SELECT m.id, m.name, m.org_id, o.name FROM members m JOIN orgs o ON o.id = "
		   "m.org_id");
	if (scope_where(&w, &sc, scope_path, org_path)) {
		strbuf_release(&w.sql);
		return ST_FAIL(e, EC_INTERNAL, NULL, "组织范围无效");
	}
	qb_add(&w, " AND m.status <> '亡故' AND NOT EXISTS (SELECT 1 FROM talks t WHERE "
		   "t.member_id = m.id AND t.talked_on >= ");
	qb_arg(&w, st_text(from));
	qb_add(&w, " AND t.talked_on <= ");
	qb_arg(&w, st_text(to));
	qb_add(&w, ") ORDER BY o.path, m.name, m.id");
	enum db_qs qs = st_fetch_all(db, strbuf_str(&w.sql), w.args, w.n, sizeof(**items), read_due,
				     (void **)items, n, e);
	strbuf_release(&w.sql);
	return qs;
}
