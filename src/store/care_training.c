/* care_training.c - 技能培训 (issue #12): training sessions
 * (training_sessions) and the members' marks at them
 * (training_attendance), migrations 0018 and 0026; store_care.h "Training". */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store.h"
#include "store_care.h"
#include "store/store_impl.h"

#define SESSION_COLS                                                                               \
	"s.id, s.org_id, o.name, o.path, s.title, s.topic, s.start_on, s.end_on, s.place, "        \
	"s.organiser, s.trainer, s.hours_tenths, COALESCE(s.created_by, 0), s.created_at, "        \
	"(SELECT count(*) FROM training_attendance t WHERE t.session_id = s.id AND t.status = "    \
	"'present'), "                                                                             \
	"(SELECT count(*) FROM training_attendance t WHERE t.session_id = s.id AND t.status = "    \
	"'excused'), "                                                                             \
	"(SELECT count(*) FROM training_attendance t WHERE t.session_id = s.id AND t.status = "    \
	"'absent'), s.version, s.updated_at"
#define SESSION_FROM " FROM training_sessions s JOIN orgs o ON o.id = s.org_id"

static void read_session_at(struct db_rows *r, int k, struct training_session *s)
{
	s->id = db_int(r, k++);
	s->org_id = db_int(r, k++);
	ST_COPY(s->org_name, db_text(r, k++));
	ST_COPY(s->org_path, db_text(r, k++));
	ST_COPY(s->title, db_text(r, k++));
	ST_COPY(s->topic, db_text(r, k++));
	ST_COPY(s->start_on, db_text(r, k++));
	ST_COPY(s->end_on, db_text(r, k++));
	ST_COPY(s->place, db_text(r, k++));
	ST_COPY(s->organiser, db_text(r, k++));
	ST_COPY(s->trainer, db_text(r, k++));
	s->hours_tenths = (int)db_int(r, k++);
	s->created_by = db_int(r, k++);
	s->created_at = db_int(r, k++);
	s->present = (int)db_int(r, k++);
	s->excused = (int)db_int(r, k++);
	s->absent = (int)db_int(r, k++);
	s->version = db_int(r, k++);
	s->updated_at = db_int(r, k++);
}

static void read_session(struct db_rows *r, void *item)
{
	struct training_session *s = item;
	memset(s, 0, sizeof(*s));
	read_session_at(r, 0, s);
}

enum db_qs store_training_insert(struct db *db, struct training_session *s, struct bf_err *e)
{
	int64_t id = 0;
	if (!s->created_at)
		s->created_at = st_now();
	struct db_val args[] = {DB_INT(s->org_id),	 DB_TEXT(s->title),
				DB_TEXT(s->topic),	 DB_TEXT(s->start_on),
				DB_TEXT(s->end_on),	 DB_TEXT(s->place),
				DB_TEXT(s->organiser),	 DB_TEXT(s->trainer),
				DB_INT(s->hours_tenths), ST_ID_OR_NULL(s->created_by),
				DB_INT(s->created_at)};
	enum db_qs qs =
	    st_fetch_int(db,
			 "INSERT INTO training_sessions (org_id, title, topic, start_on, "
			 "end_on, place, organiser, trainer, hours_tenths, created_by, "
			 "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
			 "$11) RETURNING id",
			 args, (int)(sizeof(args) / sizeof(args[0])), &id, e);
	if (qs >= 0)
		s->id = id;
	return qs;
}

enum db_qs store_training_get(struct db *db, int64_t id, struct training_session *out,
			      struct bf_err *e)
{
	struct db_val arg = DB_INT(id);
	return st_fetch_one(db, "SELECT " SESSION_COLS SESSION_FROM " WHERE s.id = $1", &arg, 1,
			    read_session, out, e);
}

enum db_qs store_training_update(struct db *db, struct training_session *s, struct bf_err *e)
{
	s->updated_at = st_now();
	struct db_val args[] = {DB_INT(s->org_id),     DB_TEXT(s->title),   DB_TEXT(s->topic),
				DB_TEXT(s->start_on),  DB_TEXT(s->end_on),  DB_TEXT(s->place),
				DB_TEXT(s->organiser), DB_TEXT(s->trainer), DB_INT(s->hours_tenths),
				DB_INT(s->updated_at)};
	return st_versioned_update(
	    db, "training_sessions",
	    "org_id = $1, title = $2, topic = $3, start_on = $4, end_on = $5, "
	    "place = $6, organiser = $7, trainer = $8, hours_tenths = $9, "
	    "updated_at = $10",
	    args, (int)(sizeof(args) / sizeof(args[0])), s->id, &s->version, e);
}

enum db_qs store_training_delete(struct db *db, int64_t id, struct bf_err *e)
{
	struct db_val arg = DB_INT(id);
	int64_t changed = 0;
	enum db_qs qs =
	    db_exec(db,
		    "DELETE FROM training_sessions WHERE id = $1 AND NOT EXISTS (SELECT "
		    "1 FROM training_attendance t WHERE t.session_id = $1)",
		    &arg, 1, &changed, e);
	if (qs < 0)
		return qs;
	return changed ? DB_ONE : DB_NONE;
}

enum db_qs store_training_list(struct db *db, const char *scope_path, const char *org_path,
			       const char *topic, int year, int limit, int offset,
			       struct training_session **items, size_t *n, int64_t *total,
			       struct bf_err *e)
{
	struct qb count = {STRBUF_INIT, {{0}}, 0}, page = {STRBUF_INIT, {{0}}, 0};
	struct st_scope sc;
	char y0[11], y1[11];
	*items = NULL;
	*n = 0;
	*total = 0;
	if (st_scope_org_range(&sc, scope_path, org_path))
		return ST_FAIL(e, EC_INTERNAL, NULL, "组织范围无效");
	snprintf(y0, sizeof(y0), "%04d-01-01", year);
	snprintf(y1, sizeof(y1), "%04d-12-31", year);
	struct qb *both[2] = {&count, &page};
	for (int i = 0; i < 2; i++) {
		struct qb *w = both[i];
		qb_add(w, i ? "SELECT " SESSION_COLS SESSION_FROM : "SELECT count(*)" SESSION_FROM);
		qb_add(w, " WHERE ");
		qb_scope(w, "o.path", &sc);
		if (topic && *topic) {
			qb_add(w, " AND s.topic = ");
			qb_arg(w, DB_TEXT(topic));
		}
		if (year) {
			qb_add(w, " AND s.start_on >= ");
			qb_arg(w, st_text(y0));
			qb_add(w, " AND s.start_on <= ");
			qb_arg(w, st_text(y1));
		}
	}
	qb_add(&page, " ORDER BY s.start_on DESC, s.id DESC LIMIT ");
	qb_arg(&page, DB_INT(limit > 0 ? limit : 20));
	qb_add(&page, " OFFSET ");
	qb_arg(&page, DB_INT(offset > 0 ? offset : 0));
	return st_fetch_page(db, &count, &page, offset, sizeof(**items), read_session,
			     (void **)items, n, total, e);
}

enum db_qs store_training_mark(struct db *db, const struct training_mark *m, struct bf_err *e)
{
	struct db_val args[] = {DB_INT(m->session_id), DB_INT(m->member_id), DB_TEXT(m->status),
				ST_ID_OR_NULL(m->marked_by),
				DB_INT(m->marked_at ? m->marked_at : st_now())};
	return db_exec(db,
		       "INSERT INTO training_attendance (session_id, member_id, status, marked_by, "
		       "marked_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (session_id, member_id) "
		       "DO UPDATE SET status = excluded.status, marked_by = excluded.marked_by, "
		       "marked_at = excluded.marked_at",
		       args, 5, NULL, e);
}

static void read_mark(struct db_rows *r, void *item)
{
	struct training_mark *m = item;
	int k = 0;
	memset(m, 0, sizeof(*m));
	m->session_id = db_int(r, k++);
	m->member_id = db_int(r, k++);
	ST_COPY(m->member_name, db_text(r, k++));
	ST_COPY(m->status, db_text(r, k++));
	m->marked_by = db_int(r, k++);
	m->marked_at = db_int(r, k++);
}

#define MARK_COLS                                                                                  \
	"t.session_id, t.member_id, m.name, t.status, COALESCE(t.marked_by, 0), t.marked_at"

enum db_qs store_training_marks(struct db *db, int64_t session_id, struct training_mark **items,
				size_t *n, struct bf_err *e)
{
	struct db_val arg = DB_INT(session_id);
	return st_fetch_all(db,
			    "SELECT " MARK_COLS
			    " FROM training_attendance t JOIN members m ON m.id "
			    "= t.member_id WHERE t.session_id = $1 ORDER BY m.name, m.id",
			    &arg, 1, sizeof(**items), read_mark, (void **)items, n, e);
}

static void read_history(struct db_rows *r, void *item)
{
	struct training_mark *m = item;
	read_mark(r, item);
	read_session_at(r, 6, &m->s);
}

enum db_qs store_training_of_member(struct db *db, int64_t member_id, struct training_mark **items,
				    size_t *n, struct bf_err *e)
{
	struct db_val arg = DB_INT(member_id);
	return st_fetch_all(db,
			    "SELECT " MARK_COLS ", " SESSION_COLS
			    " FROM training_attendance t JOIN members m ON m.id = t.member_id "
			    "JOIN training_sessions s ON s.id = t.session_id JOIN orgs o ON o.id = "
			    "s.org_id WHERE t.member_id = $1 ORDER BY s.start_on DESC, s.id DESC",
			    &arg, 1, sizeof(**items), read_history, (void **)items, n, e);
}

static void read_untrained(struct db_rows *r, void *item)
{
	struct training_untrained *u = item;
	int k = 0;
	memset(u, 0, sizeof(*u));
	u->member_id = db_int(r, k++);
	ST_COPY(u->member_name, db_text(r, k++));
	u->org_id = db_int(r, k++);
	ST_COPY(u->org_name, db_text(r, k++));
	u->roll_id = db_int(r, k++);
	ST_COPY(u->since_on, db_text(r, k++));
}

enum db_qs store_training_untrained(struct db *db, const char *scope_path, const char *org_path,
				    int year, struct training_untrained **items, size_t *n,
				    struct bf_err *e)
{
	struct qb w = {STRBUF_INIT, {{0}}, 0};
	struct st_scope sc;
	char y0[11], y1[11];
	*items = NULL;
	*n = 0;
	if (st_scope_org_range(&sc, scope_path, org_path))
		return ST_FAIL(e, EC_INTERNAL, NULL, "组织范围无效");
	snprintf(y0, sizeof(y0), "%04d-01-01", year);
	snprintf(y1, sizeof(y1), "%04d-12-31", year);
	qb_add(&w, "SELECT m.id, m.name, e.org_id, o.name, e.id, e.since_on FROM roll_entries e "
		   "JOIN members m ON m.id = e.member_id JOIN orgs o ON o.id = e.org_id WHERE "
		   "e.status IN ('active', 'exiting') AND e.category = 'capacity' AND ");
	qb_scope(&w, "o.path", &sc);
	qb_add(&w, " AND NOT EXISTS (SELECT 1 FROM training_attendance t JOIN training_sessions "
		   "s ON s.id = t.session_id WHERE t.member_id = e.member_id AND t.status = "
		   "'present' AND s.start_on >= ");
	qb_arg(&w, st_text(y0));
	qb_add(&w, " AND s.start_on <= ");
	qb_arg(&w, st_text(y1));
	qb_add(&w, ") ORDER BY o.path, m.name, m.id");
	enum db_qs qs = st_fetch_all(db, strbuf_str(&w.sql), w.args, w.n, sizeof(**items),
				     read_untrained, (void **)items, n, e);
	strbuf_release(&w.sql);
	return qs;
}
