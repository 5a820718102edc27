/* roll.c - the hardship roll (roll_entries) and each entry's history
 * (roll_history), migration 0013; docs/internals/roll.md.  An entry is one
 * period of one member; writes name the version they read.  The roll as of
 * a day reads each entry's values back through its history: the value of
 * a field on day D is the old value of its first change effective after D,
 * or the current value when there is none (index roll_history_field). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store.h"
#include "store_roll.h"
#include "store/store_impl.h"

/* The columns of an entry, in the order read_entry reads them; the four
 * that the roll as of a day reads back are named by the caller (VAL_*). */
#define ROLL_COLS(category, tier, causes, income)                                                  \
	"e.id AS id, e.member_id AS member_id, e.org_id AS org_id, m.name AS member_name, "        \
	"o.name AS org_name, o.path AS org_path, e.status AS status, e.source AS source, "         \
	"COALESCE(e.case_id, 0) AS case_id, COALESCE(e.relapse_of, 0) AS relapse_of, "             \
	"e.since_on AS since_on, e.until_on AS until_on, " category " AS category, " tier          \
	" AS tier, " causes " AS causes, e.household AS household, "                               \
	"e.household_size AS household_size, " income " AS income_fen, "                           \
	"e.income_sources AS income_sources, e.subsidies AS subsidies, "                           \
	"e.state_of_mind AS state_of_mind, e.needs AS needs, e.exit_on AS exit_on, "               \
	"e.exit_reason AS exit_reason, e.exit_note AS exit_note, "                                 \
	"COALESCE(e.exit_by, 0) AS exit_by, COALESCE(e.exit_at, 0) AS exit_at, "                   \
	"COALESCE(e.exit_confirmed_by, 0) AS exit_confirmed_by, "                                  \
	"COALESCE(e.exit_confirmed_at, 0) AS exit_confirmed_at, "                                  \
	"COALESCE(e.created_by, 0) AS created_by, e.created_at AS created_at, "                    \
	"COALESCE(e.confirmed_by, 0) AS confirmed_by, COALESCE(e.confirmed_at, 0) AS "             \
	"confirmed_at, "                                                                           \
	"COALESCE((SELECT u.display_name FROM users u WHERE u.id = e.confirmed_by), '') AS "       \
	"confirmed_by_name, e.updated_at AS updated_at, e.version AS version, "                    \
	"m.gender AS member_gender, m.birth_date AS member_birth_date, "                           \
	"m.address AS member_address, m.id_sealed AS id_sealed, m.phone_sealed AS phone_sealed"
#define ROLL_FROM                                                                                  \
	" FROM roll_entries e JOIN members m ON m.id = e.member_id JOIN orgs o ON o.id = e.org_id"
#define ROLL_SELECT                                                                                \
	"SELECT " ROLL_COLS("e.category", "e.tier", "e.causes", "e.income_fen") ROLL_FROM " "

/* A field's value on day d.day (the as-of list): its first later change
 * undone. */
#define VAL_AT(field)                                                                              \
	"COALESCE((SELECT h.old_value FROM roll_history h WHERE h.entry_id = e.id AND h.field = "  \
	"'" field "' AND h.effective_on > d.day ORDER BY h.effective_on, h.id LIMIT 1), e." field  \
	")"
#define INCOME_AT                                                                                  \
	"COALESCE((SELECT CAST(h.old_value AS BIGINT) FROM roll_history h WHERE h.entry_id = "     \
	"e.id "                                                                                    \
	"AND h.field = 'income_fen' AND h.effective_on > d.day ORDER BY h.effective_on, h.id "     \
	"LIMIT 1), e.income_fen)"

static void read_entry(struct db_rows *r, void *item)
{
	struct roll_entry *x = item;
	int k = 0;
	memset(x, 0, sizeof(*x));
	x->id = db_int(r, k++);
	x->member_id = db_int(r, k++);
	x->org_id = db_int(r, k++);
	ST_COPY(x->member_name, db_text(r, k++));
	ST_COPY(x->org_name, db_text(r, k++));
	ST_COPY(x->org_path, db_text(r, k++));
	ST_COPY(x->status, db_text(r, k++));
	ST_COPY(x->source, db_text(r, k++));
	x->case_id = db_int(r, k++);
	x->relapse_of = db_int(r, k++);
	ST_COPY(x->since_on, db_text(r, k++));
	ST_COPY(x->until_on, db_text(r, k++));
	ST_COPY(x->category, db_text(r, k++));
	ST_COPY(x->tier, db_text(r, k++));
	st_codes_split(db_text(r, k++), &x->causes);
	ST_COPY(x->household, db_text(r, k++));
	x->household_size = (int)db_int(r, k++);
	x->income_fen = db_int(r, k++);
	ST_COPY(x->income_sources, db_text(r, k++));
	ST_COPY(x->subsidies, db_text(r, k++));
	ST_COPY(x->state_of_mind, db_text(r, k++));
	ST_COPY(x->needs, db_text(r, k++));
	ST_COPY(x->exit_on, db_text(r, k++));
	ST_COPY(x->exit_reason, db_text(r, k++));
	ST_COPY(x->exit_note, db_text(r, k++));
	x->exit_by = db_int(r, k++);
	x->exit_at = db_int(r, k++);
	x->exit_confirmed_by = db_int(r, k++);
	x->exit_confirmed_at = db_int(r, k++);
	x->created_by = db_int(r, k++);
	x->created_at = db_int(r, k++);
	x->confirmed_by = db_int(r, k++);
	x->confirmed_at = db_int(r, k++);
	ST_COPY(x->confirmed_by_name, db_text(r, k++));
	x->updated_at = db_int(r, k++);
	x->version = db_int(r, k++);
	ST_COPY(x->member_gender, db_text(r, k++));
	ST_COPY(x->member_birth_date, db_text(r, k++));
	ST_COPY(x->member_address, db_text(r, k++));
	ST_COPY(x->id_sealed, db_text(r, k++));
	ST_COPY(x->phone_sealed, db_text(r, k++));
}

/* The facts: the twelve columns insert and update both write, in this
 * order (since_on … needs); causes is the joined code list. */
#define ROLL_FACTS(x, causes)                                                                      \
	st_text((x)->since_on), ST_TEXT_OR_NULL((x)->until_on), st_text((x)->category),            \
	    st_text((x)->tier), st_text(causes), st_text((x)->household),                          \
	    DB_INT((x)->household_size), DB_INT((x)->income_fen), st_text((x)->income_sources),    \
	    st_text((x)->subsidies), st_text((x)->state_of_mind), st_text((x)->needs)

enum db_qs store_roll_insert(struct db *db, struct roll_entry *x, struct bf_err *e)
{
	char causes[ST_CODES_TEXT_MAX];
	int64_t id = 0;
	st_codes_join(&x->causes, causes);
	if (!x->created_at)
		x->created_at = st_now();
	if (!x->updated_at)
		x->updated_at = x->created_at;
	struct db_val args[] = {DB_INT(x->member_id),
				DB_INT(x->org_id),
				DB_TEXT(x->status),
				DB_TEXT(x->source),
				ST_ID_OR_NULL(x->case_id),
				ST_ID_OR_NULL(x->relapse_of),
				ROLL_FACTS(x, causes),
				ST_ID_OR_NULL(x->created_by),
				DB_INT(x->created_at),
				ST_ID_OR_NULL(x->confirmed_by),
				x->confirmed_at ? DB_INT(x->confirmed_at) : DB_NULLV,
				DB_INT(x->updated_at)};
	enum db_qs qs =
	    st_fetch_int(db,
			 "INSERT INTO roll_entries (member_id, org_id, status, source, case_id, "
			 "relapse_of, since_on, until_on, category, tier, causes, household, "
			 "household_size, income_fen, income_sources, subsidies, state_of_mind, "
			 "needs, created_by, created_at, confirmed_by, confirmed_at, updated_at) "
			 "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, "
			 "$15, $16, $17, $18, $19, $20, $21, $22, $23) "
			 "ON CONFLICT DO NOTHING RETURNING id",
			 args, (int)(sizeof(args) / sizeof(args[0])), &id, e);
	if (qs == DB_NONE)
		return ST_FAIL(e, EC_CONFLICT, "member_id",
			       "该党员已在困难党员台账中（或有待确认的登记）");
	if (qs < 0)
		return qs;
	x->id = id;
	x->version = 1;
	return DB_ONE;
}

enum db_qs store_roll_get(struct db *db, int64_t id, struct roll_entry *out, struct bf_err *e)
{
	struct db_val arg = DB_INT(id);
	return st_fetch_one(db, ROLL_SELECT "WHERE e.id = $1", &arg, 1, read_entry, out, e);
}

enum db_qs store_roll_open_of(struct db *db, int64_t member_id, struct roll_entry *out,
			      struct bf_err *e)
{
	struct db_val arg = DB_INT(member_id);
	return st_fetch_one(db,
			    ROLL_SELECT "WHERE e.member_id = $1 AND e.status IN ('pending', "
					"'active', 'exiting')",
			    &arg, 1, read_entry, out, e);
}

enum db_qs store_roll_last_exited(struct db *db, int64_t member_id, struct roll_entry *out,
				  struct bf_err *e)
{
	struct db_val arg = DB_INT(member_id);
	return st_fetch_one(db,
			    ROLL_SELECT "WHERE e.member_id = $1 AND e.status = 'exited' "
					"ORDER BY e.until_on DESC, e.id DESC LIMIT 1",
			    &arg, 1, read_entry, out, e);
}

enum db_qs store_roll_update(struct db *db, struct roll_entry *x, struct bf_err *e)
{
	char causes[ST_CODES_TEXT_MAX];
	st_codes_join(&x->causes, causes);
	x->updated_at = st_now();
	struct db_val args[] = {DB_INT(x->org_id),
				DB_TEXT(x->status),
				ROLL_FACTS(x, causes),
				ST_TEXT_OR_NULL(x->exit_on),
				st_text(x->exit_reason),
				st_text(x->exit_note),
				ST_ID_OR_NULL(x->exit_by),
				x->exit_at ? DB_INT(x->exit_at) : DB_NULLV,
				ST_ID_OR_NULL(x->exit_confirmed_by),
				x->exit_confirmed_at ? DB_INT(x->exit_confirmed_at) : DB_NULLV,
				ST_ID_OR_NULL(x->confirmed_by),
				x->confirmed_at ? DB_INT(x->confirmed_at) : DB_NULLV,
				DB_INT(x->updated_at)};
	return st_versioned_update(
	    db, "roll_entries",
	    "org_id = $1, status = $2, since_on = $3, until_on = $4, "
	    "category = $5, tier = $6, causes = $7, household = $8, household_size = $9, "
	    "income_fen = $10, income_sources = $11, subsidies = $12, state_of_mind = $13, "
	    "needs = $14, exit_on = $15, exit_reason = $16, exit_note = $17, exit_by = $18, "
	    "exit_at = $19, exit_confirmed_by = $20, exit_confirmed_at = $21, confirmed_by = $22, "
	    "confirmed_at = $23, updated_at = $24",
	    args, (int)(sizeof(args) / sizeof(args[0])), x->id, &x->version, e);
}

/* --- the list --- */

/* The conditions of scope, view and the entry's own columns (as of a
 * day: d.day), from " WHERE". */
static void roll_where(struct qb *w, const struct roll_query *q, const struct st_scope *s)
{
	qb_add(w, " WHERE ");
	qb_scope(w, "o.path", s);
	switch (q->view) {
	case ROLL_VIEW_CURRENT:
		qb_add(w, " AND e.status IN ('active', 'exiting')");
		break;
	case ROLL_VIEW_PENDING:
		qb_add(w, " AND e.status IN ('pending', 'exiting')");
		break;
	case ROLL_VIEW_EXITED:
		qb_add(w, " AND e.status = 'exited'");
		break;
	case ROLL_VIEW_AS_OF:
		qb_add(w,
		       " AND e.status IN ('active', 'exiting', 'exited') AND e.since_on <= d.day "
		       "AND (e.until_on IS NULL OR e.until_on > d.day)");
		break;
	case ROLL_VIEW_ALL:
		break;
	}
	if (q->member_id) {
		qb_add(w, " AND e.member_id = ");
		qb_arg(w, DB_INT(q->member_id));
	}
	if (q->since_from && *q->since_from) {
		qb_add(w, " AND e.since_on >= ");
		qb_arg(w, DB_TEXT(q->since_from));
	}
	if (q->since_to && *q->since_to) {
		qb_add(w, " AND e.since_on <= ");
		qb_arg(w, DB_TEXT(q->since_to));
	}
	if (q->flag_today && *q->flag_today) {
		/* not re-registered: the latest November review finished
		 * before the day left its item unconfirmed (migration 0016) */
		qb_add(w, " AND EXISTS (SELECT 1 FROM roll_review_items ri JOIN roll_reviews rr ON "
			  "rr.id = ri.review_id WHERE ri.entry_id = e.id AND rr.kind = 'november' "
			  "AND ri.status <> 'confirmed' AND rr.finish_on < ");
		qb_arg(w, DB_TEXT(q->flag_today));
		qb_add(w,
		       " AND NOT EXISTS (SELECT 1 FROM roll_review_items r2 JOIN roll_reviews q2 "
		       "ON q2.id = r2.review_id WHERE r2.entry_id = e.id AND q2.kind = "
		       "'november' AND q2.finish_on < ");
		qb_arg(w, DB_TEXT(q->flag_today));
		qb_add(w, " AND (q2.finish_on > rr.finish_on OR (q2.finish_on = rr.finish_on AND "
			  "q2.id > rr.id))))");
	}
	static const struct search_cols cols = {
	    {NULL}, "e.member_id IN (SELECT m.id FROM members m WHERE ", "e.id"};
	st_search_where(w, q->search, &cols);
}

/* The day of an as-of list, as the relation d (d.day). */
static void roll_day(struct qb *w, const struct roll_query *q)
{
	qb_add(w, " CROSS JOIN (SELECT CAST(");
	qb_arg(w, DB_TEXT(q->as_of));
	qb_add(w, " AS TEXT) AS day) d");
}

/* The inner select: every entry in scope and view with its values (of the
 * day, as of a day); the filters on values go on the outer one. */
static void roll_inner(struct qb *w, const struct roll_query *q, const struct st_scope *s)
{
	int as_of = q->view == ROLL_VIEW_AS_OF;
	qb_add(w, "SELECT ");
	if (as_of)
		qb_add(w, ROLL_COLS(VAL_AT("category"), VAL_AT("tier"), VAL_AT("causes"), INCOME_AT)
			      ROLL_FROM);
	else
		qb_add(w, ROLL_COLS("e.category", "e.tier", "e.causes", "e.income_fen") ROLL_FROM);
	if (as_of)
		roll_day(w, q);
	roll_where(w, q, s);
}

/* Whether q filters on the values of the day (category, tier, causes,
 * income): then every entry's values are needed before the page. */
static int roll_value_filters(const struct roll_query *q)
{
	return (q->category && *q->category) || (q->tier && *q->tier) || (q->cause && *q->cause) ||
	       q->income_min >= 0 || q->income_max >= 0;
}

/* Without filters on values, the count and the page's ids come from the
 * periods and their orgs alone, and only the page's 20 rows are joined to
 * their members and get their values of the day (four lookups in the
 * history each): the as-of list of a million members' district then reads
 * its tens of thousands of periods once, not their history (bench/roll.sh). */
static void roll_light(struct qb *count, struct qb *page, const struct roll_query *q,
		       const struct st_scope *s, int limit, int offset)
{
	int as_of = q->view == ROLL_VIEW_AS_OF;
	qb_add(count, "SELECT count(*) FROM roll_entries e JOIN orgs o ON o.id = e.org_id");
	if (as_of)
		roll_day(count, q);
	roll_where(count, q, s);
	qb_add(page, "SELECT ");
	if (as_of)
		qb_add(page,
		       ROLL_COLS(VAL_AT("category"), VAL_AT("tier"), VAL_AT("causes"), INCOME_AT));
	else
		qb_add(page, ROLL_COLS("e.category", "e.tier", "e.causes", "e.income_fen"));
	qb_add(page, " FROM (SELECT e.id AS pid");
	if (as_of)
		qb_add(page, ", d.day AS day");
	qb_add(page, " FROM roll_entries e JOIN orgs o ON o.id = e.org_id");
	if (as_of)
		roll_day(page, q);
	roll_where(page, q, s);
	qb_add(page, " ORDER BY e.id DESC LIMIT ");
	qb_arg(page, DB_INT(limit));
	qb_add(page, " OFFSET ");
	qb_arg(page, DB_INT(offset));
	qb_add(page, ") d JOIN roll_entries e ON e.id = d.pid JOIN members m ON m.id = e.member_id "
		     "JOIN orgs o ON o.id = e.org_id ORDER BY e.id DESC");
}

/* The outer conditions, on x: the inner select's columns by their
 * aliases, so the values of a past day are filtered like today's. */
static void roll_outer(struct qb *w, const struct roll_query *q)
{
	qb_add(w, ") x WHERE 1 = 1");
	if (q->category && *q->category) {
		qb_add(w, " AND x.category = ");
		qb_arg(w, DB_TEXT(q->category));
	}
	if (q->tier && *q->tier) {
		qb_add(w, " AND x.tier = ");
		qb_arg(w, DB_TEXT(q->tier));
	}
	if (q->cause && *q->cause) {
		qb_add(w, " AND (',' || x.causes || ',') LIKE ('%,' || ");
		qb_arg(w, DB_TEXT(q->cause));
		qb_add(w, " || ',%')");
	}
	if (q->income_min >= 0) {
		qb_add(w, " AND x.income_fen >= ");
		qb_arg(w, DB_INT(q->income_min));
	}
	if (q->income_max >= 0) {
		qb_add(w, " AND x.income_fen >= 0 AND x.income_fen <= ");
		qb_arg(w, DB_INT(q->income_max));
	}
}

enum db_qs store_roll_list(struct db *db, const struct roll_query *q, struct roll_entry **items,
			   size_t *n, int64_t *total, struct bf_err *e)
{
	struct st_scope s;
	struct qb count = {STRBUF_INIT, {{0}}, 0}, page = {STRBUF_INIT, {{0}}, 0};
	int limit = q->limit > 0 ? q->limit : 20, offset = q->offset > 0 ? q->offset : 0;

	*items = NULL;
	*n = 0;
	*total = 0;
	if (st_scope_org_range(&s, q->scope_path, q->org_path))
		return ST_FAIL(e, EC_INTERNAL, NULL, "组织范围无效");
	if (q->view == ROLL_VIEW_AS_OF && (!q->as_of || !*q->as_of))
		return ST_FAIL(e, EC_MISSING, "as_of", "请填写查询日期");
	/* by category: the values of the day order the whole list (an
	 * export's; the console's list keeps the light path) */
	if (!roll_value_filters(q) && !q->by_category) {
		roll_light(&count, &page, q, &s, limit, offset);
		return st_fetch_page(db, &count, &page, offset, sizeof(**items), read_entry,
				     (void **)items, n, total, e);
	}
	struct qb *both[2] = {&count, &page};
	for (int i = 0; i < 2; i++) {
		struct qb *w = both[i];
		qb_add(w, i ? "SELECT x.* FROM (" : "SELECT count(*) FROM (");
		roll_inner(w, q, &s);
		roll_outer(w, q);
	}
	qb_add(&page, q->by_category ? " ORDER BY CASE x.category WHEN 'capacity' THEN 1 WHEN "
				       "'relief' THEN 2 WHEN 'care' THEN 3 ELSE 4 END, "
				       "x.member_name, x.id LIMIT "
				     : " ORDER BY x.id DESC LIMIT ");
	qb_arg(&page, DB_INT(limit));
	qb_add(&page, " OFFSET ");
	qb_arg(&page, DB_INT(offset));
	return st_fetch_page(db, &count, &page, offset, sizeof(**items), read_entry, (void **)items,
			     n, total, e);
}

enum db_qs store_roll_of_member(struct db *db, int64_t member_id, struct roll_entry **items,
				size_t *n, struct bf_err *e)
{
	struct db_val arg = DB_INT(member_id);
	return st_fetch_all(db, ROLL_SELECT "WHERE e.member_id = $1 ORDER BY e.since_on, e.id",
			    &arg, 1, sizeof(**items), read_entry, (void **)items, n, e);
}

enum db_qs store_roll_waiting(struct db *db, const char *scope_path, int limit,
			      struct roll_entry **items, size_t *n, int64_t *total,
			      struct bf_err *e)
{
	struct roll_query q = {.scope_path = scope_path,
			       .view = ROLL_VIEW_PENDING,
			       .income_min = -1,
			       .income_max = -1,
			       .limit = limit};
	return store_roll_list(db, &q, items, n, total, e);
}

/* --- history --- */

static void read_change(struct db_rows *r, void *item)
{
	struct roll_change *h = item;
	int k = 0;
	memset(h, 0, sizeof(*h));
	h->id = db_int(r, k++);
	h->entry_id = db_int(r, k++);
	h->at = db_int(r, k++);
	h->user_id = db_int(r, k++);
	ST_COPY(h->username, db_text(r, k++));
	ST_COPY(h->user_name, db_text(r, k++));
	ST_COPY(h->action, db_text(r, k++));
	ST_COPY(h->field, db_text(r, k++));
	ST_COPY(h->old_value, db_text(r, k++));
	ST_COPY(h->new_value, db_text(r, k++));
	ST_COPY(h->effective_on, db_text(r, k++));
	ST_COPY(h->reason, db_text(r, k++));
	h->review_id = db_int(r, k++);
}

enum db_qs store_roll_change_insert(struct db *db, struct roll_change *h, struct bf_err *e)
{
	int64_t id = 0;
	if (!h->at)
		h->at = st_now();
	struct db_val args[] = {DB_INT(h->entry_id),	    DB_INT(h->at),
				ST_ID_OR_NULL(h->user_id),  st_text(h->username),
				st_text(h->action),	    st_text(h->field),
				st_text(h->old_value),	    st_text(h->new_value),
				st_text(h->effective_on),   st_text(h->reason),
				ST_ID_OR_NULL(h->review_id)};
	enum db_qs qs = st_fetch_int(
	    db,
	    "INSERT INTO roll_history (entry_id, at, user_id, username, action, field, old_value, "
	    "new_value, effective_on, reason, review_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
	    "$9, $10, $11) RETURNING id",
	    args, (int)(sizeof(args) / sizeof(args[0])), &id, e);
	if (qs == DB_ONE)
		h->id = id;
	return qs;
}

enum db_qs store_roll_history(struct db *db, int64_t entry_id, struct roll_change **items,
			      size_t *n, struct bf_err *e)
{
	struct db_val arg = DB_INT(entry_id);
	return st_fetch_all(db,
			    "SELECT h.id, h.entry_id, h.at, COALESCE(h.user_id, 0), h.username, "
			    "COALESCE((SELECT u.display_name FROM users u WHERE u.id = h.user_id), "
			    "''), h.action, h.field, h.old_value, h.new_value, h.effective_on, "
			    "h.reason, COALESCE(h.review_id, 0) FROM roll_history h "
			    "WHERE h.entry_id = $1 ORDER BY h.id",
			    &arg, 1, sizeof(**items), read_change, (void **)items, n, e);
}
