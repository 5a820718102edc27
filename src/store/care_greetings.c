/* care_greetings.c - political birthdays, the rest (政治生日, issue #12;
 * migration 0024): greetings on a member's party anniversary and their
 * coverage per organisation, the collective celebration around 1 July with
 * its attendees, and the members reaching 50 years of party age
 * (store_care.h). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store.h"
#include "store_care.h"
#include "store/store_impl.h"

/* " WHERE o.path in scope_path [and in org_path]" on w; sc holds the
 * bounds the statement points into. */
static int in_scope(struct qb *w, const char *scope_path, const char *org_path, struct st_scope *sc)
{
	if (st_scope_org_range(sc, scope_path, org_path))
		return -1;
	qb_add(w, " WHERE ");
	qb_scope(w, "o.path", sc);
	return 0;
}

static enum db_qs run_all(struct db *db, struct qb *w, size_t sz, st_read_fn read, void **items,
			  size_t *n, struct bf_err *e)
{
	enum db_qs qs = st_fetch_all(db, strbuf_str(&w->sql), w->args, w->n, sz, read, items, n, e);
	strbuf_release(&w->sql);
	return qs;
}

#define BAD_SCOPE(w) (strbuf_release(&(w)->sql), ST_FAIL(e, EC_INTERNAL, NULL, "组织范围无效"))

/* ---- greetings ---- */

enum db_qs store_care_greeting_insert(struct db *db, struct care_greeting *x, struct bf_err *e)
{
	int64_t id = 0;
	if (!x->created_at)
		x->created_at = st_now();
	struct db_val args[] = {DB_INT(x->member_id),	      DB_INT(x->year),
				st_text(x->greeted_on),	      st_text(x->way),
				st_text(x->greeted_by),	      st_text(x->note),
				ST_ID_OR_NULL(x->created_by), DB_INT(x->created_at)};
	enum db_qs qs =
	    st_fetch_int(db,
			 "INSERT INTO care_greetings (member_id, year, greeted_on, way, "
			 "greeted_by, note, created_by, created_at) VALUES ($1, $2, $3, "
			 "$4, $5, $6, $7, $8) RETURNING id",
			 args, 8, &id, e);
	if (qs == DB_ONE)
		x->id = id;
	return qs;
}

static void read_greeting(struct db_rows *r, void *item)
{
	struct care_greeting *x = item;
	int k = 0;
	memset(x, 0, sizeof(*x));
	x->id = db_int(r, k++);
	x->member_id = db_int(r, k++);
	ST_COPY(x->member_name, db_text(r, k++));
	x->org_id = db_int(r, k++);
	ST_COPY(x->org_name, db_text(r, k++));
	x->year = (int)db_int(r, k++);
	x->party_years = x->year - (int)strtol(db_text(r, k++), NULL, 10);
	ST_COPY(x->greeted_on, db_text(r, k++));
	ST_COPY(x->way, db_text(r, k++));
	ST_COPY(x->greeted_by, db_text(r, k++));
	ST_COPY(x->note, db_text(r, k++));
	x->created_by = db_int(r, k++);
	x->created_at = db_int(r, k++);
}

enum db_qs store_care_greetings(struct db *db, const char *scope_path, const char *org_path,
				int64_t member_id, int year, int limit,
				struct care_greeting **items, size_t *n, struct bf_err *e)
{
	struct st_scope b;
	struct qb w = {STRBUF_INIT, {{0}}, 0};
	*items = NULL;
	*n = 0;
	qb_add(&w, "SELECT g.id, g.member_id, m.name, m.org_id, o.name, g.year, "
		   "COALESCE(substr(m.joined_on, 1, 4), '0'), g.greeted_on, g.way, g.greeted_by, "
		   "g.note, COALESCE(g.created_by, 0), g.created_at FROM care_greetings g JOIN "
		   "members m ON m.id = g.member_id JOIN orgs o ON o.id = m.org_id");
	if (in_scope(&w, scope_path, org_path, &b))
		return BAD_SCOPE(&w);
	if (member_id) {
		qb_add(&w, " AND g.member_id = ");
		qb_arg(&w, DB_INT(member_id));
	}
	if (year) {
		qb_add(&w, " AND g.year = ");
		qb_arg(&w, DB_INT(year));
	}
	qb_add(&w, " ORDER BY g.greeted_on DESC, g.id DESC LIMIT ");
	qb_arg(&w, DB_INT(limit));
	return run_all(db, &w, sizeof(**items), read_greeting, (void **)items, n, e);
}

static void read_gcov(struct db_rows *r, void *item)
{
	struct care_greeting_coverage *x = item;
	int k = 0;
	memset(x, 0, sizeof(*x));
	x->org_id = db_int(r, k++);
	ST_COPY(x->org_name, db_text(r, k++));
	x->due = db_int(r, k++);
	x->greeted = db_int(r, k++);
}

enum db_qs store_care_greeting_coverage(struct db *db, const char *scope_path, const char *org_path,
					int year, const char *upto,
					struct care_greeting_coverage **items, size_t *n,
					struct bf_err *e)
{
	struct st_scope b;
	char first[11];
	struct qb w = {STRBUF_INIT, {{0}}, 0};
	*items = NULL;
	*n = 0;
	snprintf(first, sizeof(first), "%04d-01-01", year);
	qb_add(&w, "SELECT o.id, o.name, count(*), count(g.member_id) FROM members m JOIN orgs o "
		   "ON o.id = m.org_id LEFT JOIN (SELECT DISTINCT member_id FROM care_greetings "
		   "WHERE year = ");
	qb_arg(&w, DB_INT(year));
	qb_add(&w, ") g ON g.member_id = m.id");
	if (in_scope(&w, scope_path, org_path, &b))
		return BAD_SCOPE(&w);
	qb_add(&w, " AND m.status <> '亡故' AND m.joined_on IS NOT NULL AND m.joined_on < ");
	qb_arg(&w, st_text(first));
	qb_add(&w, " AND substr(m.joined_on, 6, 5) <= ");
	qb_arg(&w, st_text(upto));
	qb_add(&w, " GROUP BY o.id, o.name, o.path ORDER BY o.path");
	return run_all(db, &w, sizeof(**items), read_gcov, (void **)items, n, e);
}

/* ---- the 1 July celebration ---- */

enum db_qs store_care_celebration_insert(struct db *db, struct care_celebration *x,
					 struct bf_err *e)
{
	int64_t id = 0;
	if (!x->created_at)
		x->created_at = st_now();
	struct db_val args[] = {DB_INT(x->org_id),    st_text(x->held_on),
				st_text(x->place),    st_text(x->title),
				st_text(x->note),     ST_ID_OR_NULL(x->created_by),
				DB_INT(x->created_at)};
	enum db_qs qs =
	    st_fetch_int(db,
			 "INSERT INTO care_celebrations (org_id, held_on, place, title, "
			 "note, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, "
			 "$7) RETURNING id",
			 args, 7, &id, e);
	if (qs == DB_ONE)
		x->id = id;
	return qs;
}

#define CELEBRATION_COLS                                                                           \
	"SELECT c.id, c.org_id, o.name, o.path, c.held_on, c.place, c.title, c.note, "             \
	"COALESCE(c.created_by, 0), c.created_at, (SELECT count(*) FROM "                          \
	"care_celebration_attendees a WHERE a.celebration_id = c.id), (SELECT count(*) FROM "      \
	"care_celebration_attendees a WHERE a.celebration_id = c.id AND a.oath = 1) FROM "         \
	"care_celebrations c JOIN orgs o ON o.id = c.org_id"

static void read_celebration(struct db_rows *r, void *item)
{
	struct care_celebration *x = item;
	int k = 0;
	memset(x, 0, sizeof(*x));
	x->id = db_int(r, k++);
	x->org_id = db_int(r, k++);
	ST_COPY(x->org_name, db_text(r, k++));
	ST_COPY(x->org_path, db_text(r, k++));
	ST_COPY(x->held_on, db_text(r, k++));
	ST_COPY(x->place, db_text(r, k++));
	ST_COPY(x->title, db_text(r, k++));
	ST_COPY(x->note, db_text(r, k++));
	x->created_by = db_int(r, k++);
	x->created_at = db_int(r, k++);
	x->attendees = db_int(r, k++);
	x->oath = db_int(r, k++);
}

enum db_qs store_care_celebration_get(struct db *db, int64_t id, struct care_celebration *out,
				      struct bf_err *e)
{
	struct db_val args[] = {DB_INT(id)};
	return st_fetch_one(db, CELEBRATION_COLS " WHERE c.id = $1", args, 1, read_celebration, out,
			    e);
}

enum db_qs store_care_celebrations(struct db *db, const char *scope_path, int year,
				   struct care_celebration **items, size_t *n, struct bf_err *e)
{
	struct st_scope b;
	char from[11], to[11];
	struct qb w = {STRBUF_INIT, {{0}}, 0};
	*items = NULL;
	*n = 0;
	qb_add(&w, CELEBRATION_COLS);
	if (in_scope(&w, scope_path, NULL, &b))
		return BAD_SCOPE(&w);
	if (year) {
		snprintf(from, sizeof(from), "%04d-01-01", year);
		snprintf(to, sizeof(to), "%04d-12-31", year);
		qb_add(&w, " AND c.held_on >= ");
		qb_arg(&w, st_text(from));
		qb_add(&w, " AND c.held_on <= ");
		qb_arg(&w, st_text(to));
	}
	qb_add(&w, " ORDER BY c.held_on DESC, c.id DESC LIMIT 500");
	return run_all(db, &w, sizeof(**items), read_celebration, (void **)items, n, e);
}

enum db_qs store_care_attendees_set(struct db *db, int64_t celebration_id,
				    const struct care_attendee *items, size_t n, struct bf_err *e)
{
	struct db_val del[] = {DB_INT(celebration_id)};
	enum db_qs qs =
	    db_exec(db, "DELETE FROM care_celebration_attendees WHERE celebration_id = $1", del, 1,
		    NULL, e);
	for (size_t i = 0; qs >= 0 && i < n; i++) {
		struct db_val args[] = {DB_INT(celebration_id), DB_INT(items[i].member_id),
					DB_INT(items[i].oath ? 1 : 0)};
		qs = db_exec(
		    db,
		    "INSERT INTO care_celebration_attendees (celebration_id, member_id, oath) "
		    "VALUES ($1, $2, $3)",
		    args, 3, NULL, e);
	}
	return qs < 0 ? qs : DB_ONE;
}

static void read_attendee(struct db_rows *r, void *item)
{
	struct care_attendee *x = item;
	int k = 0;
	memset(x, 0, sizeof(*x));
	x->member_id = db_int(r, k++);
	ST_COPY(x->member_name, db_text(r, k++));
	ST_COPY(x->org_name, db_text(r, k++));
	x->oath = (int)db_int(r, k++);
}

enum db_qs store_care_attendees(struct db *db, int64_t celebration_id, struct care_attendee **items,
				size_t *n, struct bf_err *e)
{
	struct db_val args[] = {DB_INT(celebration_id)};
	return st_fetch_all(db,
			    "SELECT a.member_id, m.name, o.name, a.oath FROM "
			    "care_celebration_attendees a JOIN members m ON m.id = a.member_id "
			    "JOIN orgs o ON o.id = m.org_id WHERE a.celebration_id = $1 ORDER BY "
			    "o.path, m.name, m.id",
			    args, 1, sizeof(**items), read_attendee, (void **)items, n, e);
}

/* ---- 光荣在党50年 ---- */

static void read_medal(struct db_rows *r, void *item)
{
	struct care_medal *x = item;
	int k = 0;
	memset(x, 0, sizeof(*x));
	x->member_id = db_int(r, k++);
	ST_COPY(x->member_name, db_text(r, k++));
	ST_COPY(x->gender, db_text(r, k++));
	ST_COPY(x->birth_date, db_text(r, k++));
	ST_COPY(x->joined_on, db_text(r, k++));
	x->org_id = db_int(r, k++);
	ST_COPY(x->org_name, db_text(r, k++));
}

enum db_qs store_care_medals(struct db *db, const char *scope_path, const char *org_path,
			     int joined_year, struct care_medal **items, size_t *n,
			     struct bf_err *e)
{
	struct st_scope b;
	char from[11], to[11];
	struct qb w = {STRBUF_INIT, {{0}}, 0};
	*items = NULL;
	*n = 0;
	snprintf(from, sizeof(from), "%04d-01-01", joined_year);
	snprintf(to, sizeof(to), "%04d-12-31", joined_year);
	qb_add(&w, "SELECT m.id, m.name, m.gender, COALESCE(m.birth_date, ''), m.joined_on, "
		   "m.org_id, o.name FROM members m JOIN orgs o ON o.id = m.org_id");
	if (in_scope(&w, scope_path, org_path, &b))
		return BAD_SCOPE(&w);
	qb_add(&w, " AND m.status <> '亡故' AND m.joined_on >= ");
	qb_arg(&w, st_text(from));
	qb_add(&w, " AND m.joined_on <= ");
	qb_arg(&w, st_text(to));
	qb_add(&w, " ORDER BY o.path, m.joined_on, m.name, m.id");
	return run_all(db, &w, sizeof(**items), read_medal, (void **)items, n, e);
}
