/* member.c - the member register (members + family_members).  The insert is
 * the inner loop of a million-row import and the list the hot path of the
 * console, so both stay one prepared statement per row / page. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <pthread.h>
#include "store.h"
#include "store/member_cache.h"
#include "store/store_impl.h"
#include "wrapper.h"

#define MEMBER_COLS                                                                                \
	"m.id, m.org_id, o.code, o.name, o.path, m.name, m.gender, m.ethnicity, m.birth_date, "    \
	"m.joined_on, m.id_sealed, m.id_bidx, m.phone_sealed, m.phone_bidx, "                      \
	"m.household_type, m.household_size, m.address, m.education, m.member_type, "              \
	"m.status, m.income_sources, m.other_subsidies, m.created_at, m.updated_at"
#define MEMBER_FROM " FROM members m JOIN orgs o ON o.id = m.org_id "

/* Rows fetched per query by the streaming reads: bounded memory on
 * PostgreSQL, where a result is held whole by the client. */
#define EACH_BATCH 1000

/* Fills m from MEMBER_COLS, leaving the family empty (the family array is
 * most of the struct: it is cleared only when it is read).  Every text
 * field is written NUL-terminated, and the two that no column fills are
 * emptied: no memset of 2.5 KB a row (the list reads 20 a request). */
static void read_member(struct db_rows *r, void *item)
{
	struct member *m = item;
	m->id_number[0] = m->phone[0] = '\0';
	m->nfamily = 0;
	m->id = db_int(r, 0);
	m->org_id = db_int(r, 1);
	ST_COPY(m->org_code, db_text(r, 2));
	ST_COPY(m->org_name, db_text(r, 3));
	ST_COPY(m->org_path, db_text(r, 4));
	ST_COPY(m->name, db_text(r, 5));
	ST_COPY(m->gender, db_text(r, 6));
	ST_COPY(m->ethnicity, db_text(r, 7));
	ST_COPY(m->birth_date, db_text(r, 8));
	ST_COPY(m->joined_on, db_text(r, 9));
	ST_COPY(m->id_sealed, db_text(r, 10));
	ST_COPY(m->id_bidx, db_text(r, 11));
	ST_COPY(m->phone_sealed, db_text(r, 12));
	ST_COPY(m->phone_bidx, db_text(r, 13));
	ST_COPY(m->household_type, db_text(r, 14));
	m->household_size = (int)db_int(r, 15);
	ST_COPY(m->address, db_text(r, 16));
	ST_COPY(m->education, db_text(r, 17));
	ST_COPY(m->member_type, db_text(r, 18));
	ST_COPY(m->status, db_text(r, 19));
	ST_COPY(m->income_sources, db_text(r, 20));
	ST_COPY(m->other_subsidies, db_text(r, 21));
	m->created_at = db_int(r, 22);
	m->updated_at = db_int(r, 23);
}

/* The columns both insert and update write, in this order ($1..$18). */
#define MEMBER_VALUES(m)                                                                           \
	DB_INT((m)->org_id), DB_TEXT((m)->name), DB_TEXT((m)->gender), DB_TEXT((m)->ethnicity),    \
	    ST_TEXT_OR_NULL((m)->birth_date), ST_TEXT_OR_NULL((m)->joined_on),                     \
	    DB_TEXT((m)->id_sealed), DB_TEXT((m)->id_bidx), DB_TEXT((m)->phone_sealed),            \
	    DB_TEXT((m)->phone_bidx), DB_TEXT((m)->household_type), DB_INT((m)->household_size),   \
	    DB_TEXT((m)->address), DB_TEXT((m)->education), DB_TEXT((m)->member_type),             \
	    DB_TEXT((m)->status), DB_TEXT((m)->income_sources), DB_TEXT((m)->other_subsidies)

static enum db_qs insert_family(struct db *db, const struct member *m, struct bf_err *e)
{
	size_t n = m->nfamily < MEMBER_MAX_FAMILY ? m->nfamily : MEMBER_MAX_FAMILY;
	for (size_t i = 0; i < n; i++) {
		const struct family_member *f = &m->family[i];
		struct db_val args[] = {DB_INT(m->id),	       DB_INT(i),
					DB_TEXT(f->name),      DB_TEXT(f->relation),
					DB_INT(f->birth_year), DB_TEXT(f->occupation)};
		enum db_qs qs = db_exec(db,
					"INSERT INTO family_members (member_id, position, name, "
					"relation, birth_year, occupation) "
					"VALUES ($1, $2, $3, $4, $5, $6)",
					args, 6, NULL, e);
		if (qs < 0)
			return qs;
	}
	return DB_ONE;
}

static enum db_qs duplicate_id(struct bf_err *e)
{
	return ST_FAIL(e, EC_DUPLICATE_ID, "id_number", NULL);
}

enum db_qs store_member_insert(struct db *db, struct member *m, struct bf_err *e)
{
	struct db_rows *r = NULL;

	if (!m->created_at)
		m->created_at = st_now();
	if (!m->updated_at)
		m->updated_at = m->created_at;
	struct db_val args[] = {MEMBER_VALUES(m), DB_INT(m->created_at), DB_INT(m->updated_at)};
	/* No look-up first: a missing RETURNING row is the duplicate. */
	enum db_qs qs = db_query(
	    db,
	    "INSERT INTO members (org_id, name, gender, ethnicity, birth_date, joined_on, "
	    "id_sealed, id_bidx, phone_sealed, phone_bidx, household_type, household_size, "
	    "address, education, member_type, status, income_sources, other_subsidies, "
	    "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
	    "$12, $13, $14, $15, $16, $17, $18, $19, $20) "
	    "ON CONFLICT (id_bidx) DO NOTHING RETURNING id",
	    args, 20, &r, e);
	if (qs == DB_NONE)
		return duplicate_id(e);
	if (qs < 0) {
		if (e->code == EC_INVALID)
			err_set(e, EC_INVALID, "org_id", "所属组织不存在或字段格式不符");
		return qs;
	}
	int rc = db_next(r);
	if (rc == 1)
		m->id = db_int(r, 0);
	db_rows_free(r);
	if (rc != 1)
		return st_next_failed(rc < 0 ? rc : DB_HARD, e);
	return m->nfamily ? insert_family(db, m, e) : DB_ONE;
}

/* --- many rows, for the import --- */

/* Rows per INSERT, in chunks of powers of two (1, 2, 4 ... rows).  On
 * PostgreSQL several rows a statement save round trips; its driver binds
 * at most 64 parameters (pg.c MAX_ARGS): 2 rows of 20.  SQLite has no round
 * trips, and there one row a statement is fastest: multi-row VALUES run as
 * a co-routine that copies every value once more.  Measured for 50,000 rows
 * into a register being filled: 21,000 instructions a row with 1 row a
 * statement, 25,000 with 4, 23,000 with 64; for 10^6 rows 64 a statement
 * took 20% longer than 1.  No RETURNING either: SQLite collects returned
 * rows in a temporary table, a fifth of the insert's cost, only to say
 * what the changed-row count says in all but a statement with a
 * duplicate. */
#define MANY_COLS	20
#define MANY_LOG_MAX	1 /* statements of 1 and 2 rows */
#define MANY_LOG_PG	1
#define MANY_LOG_SQLITE 0
#define MANY_MAX_ROWS	(1 << MANY_LOG_MAX)

static char *many_sql[MANY_LOG_MAX + 1];
static pthread_once_t many_once = PTHREAD_ONCE_INIT;

/* Only the placeholders are generated; no value ever enters the text. */
static void many_build(void)
{
	for (int k = 0; k <= MANY_LOG_MAX; k++) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_adds(&sb,
			    "INSERT INTO members (org_id, name, gender, ethnicity, birth_date, "
			    "joined_on, id_sealed, id_bidx, phone_sealed, phone_bidx, "
			    "household_type, household_size, address, education, member_type, "
			    "status, income_sources, other_subsidies, created_at, updated_at) "
			    "VALUES ");
		for (int r = 0; r < 1 << k; r++) {
			strbuf_adds(&sb, r ? ", (" : "(");
			for (int c = 1; c <= MANY_COLS; c++)
				strbuf_addf(&sb, c > 1 ? ", $%d" : "$%d", r * MANY_COLS + c);
			strbuf_adds(&sb, ")");
		}
		strbuf_adds(&sb, " ON CONFLICT (id_bidx) DO NOTHING");
		many_sql[k] = strbuf_detach(&sb);
	}
}

/* After a statement of several rows that stored fewer than it was given:
 * which did it leave out?  A row was stored when the member now holding
 * its id_bidx carries its very sealed text (a random IV makes every sealing
 * unique); of two rows with one ID number the earlier is the stored one. */
static enum db_qs find_duplicates(struct db *db, struct member *const *ms, size_t n,
				  unsigned char *dup, struct bf_err *e)
{
	for (size_t i = 0; i < n; i++) {
		struct db_rows *r = NULL;
		struct db_val arg = st_text(ms[i]->id_bidx);
		dup[i] = 1;
		for (size_t j = 0; j < i; j++)
			if (!dup[j] && !strcmp(ms[j]->id_bidx, ms[i]->id_bidx))
				goto next; /* an earlier row holds it */
		enum db_qs qs = db_query(db, "SELECT id_sealed FROM members WHERE id_bidx = $1",
					 &arg, 1, &r, e);
		if (qs < 0)
			return qs;
		int rc = db_next(r);
		if (rc == 1 && !strcmp(db_text(r, 0), ms[i]->id_sealed))
			dup[i] = 0;
		db_rows_free(r);
		if (rc < 0)
			return st_next_failed(rc, e);
	next:;
	}
	return DB_ONE;
}

static enum db_qs insert_chunk(struct db *db, struct member *const *ms, int k, unsigned char *dup,
			       struct bf_err *e)
{
	struct db_val args[MANY_MAX_ROWS * MANY_COLS];
	size_t n = (size_t)1 << k;
	int64_t stored = 0;
	for (size_t i = 0; i < n; i++) {
		struct member *m = ms[i];
		if (!m->created_at)
			m->created_at = st_now();
		if (!m->updated_at)
			m->updated_at = m->created_at;
		struct db_val row[] = {MEMBER_VALUES(m), DB_INT(m->created_at),
				       DB_INT(m->updated_at)};
		memcpy(args + i * MANY_COLS, row, sizeof(row));
		dup[i] = 0;
	}
	enum db_qs qs = db_exec(db, many_sql[k], args, (int)n * MANY_COLS, &stored, e);
	if (qs < 0) {
		if (e->code == EC_INVALID)
			err_set(e, EC_INVALID, "org_id", "所属组织不存在或字段格式不符");
		return qs;
	}
	if (stored == (int64_t)n)
		return DB_ONE;
	if (n == 1) { /* nothing stored: the row is the duplicate */
		dup[0] = 1;
		return DB_ONE;
	}
	return find_duplicates(db, ms, n, dup, e);
}

enum db_qs store_member_insert_many(struct db *db, struct member *const *ms, size_t n,
				    unsigned char *dup, struct bf_err *e)
{
	int top = db_engine(db) == DB_PG ? MANY_LOG_PG : MANY_LOG_SQLITE;
	enum db_qs qs = DB_ONE;
	pthread_once(&many_once, many_build);
	for (size_t done = 0; done < n && qs >= 0;) {
		int k = top;
		while ((size_t)1 << k > n - done)
			k--;
		qs = insert_chunk(db, ms + done, k, dup + done, e);
		done += (size_t)1 << k;
	}
	return qs < 0 ? qs : DB_ONE;
}

static enum db_qs read_family(struct db *db, struct member *m, struct bf_err *e)
{
	struct db_rows *r = NULL;
	struct db_val arg = DB_INT(m->id);
	int rc;

	member_family_resize(m, MEMBER_MAX_FAMILY);
	m->nfamily = 0;
	enum db_qs qs =
	    db_query(db,
		     "SELECT name, relation, birth_year, occupation FROM family_members "
		     "WHERE member_id = $1 ORDER BY position",
		     &arg, 1, &r, e);
	if (qs != DB_ONE)
		return qs < 0 ? qs : DB_ONE;
	while ((rc = db_next(r)) == 1 && m->nfamily < MEMBER_MAX_FAMILY) {
		struct family_member *f = &m->family[m->nfamily++];
		ST_COPY(f->name, db_text(r, 0));
		ST_COPY(f->relation, db_text(r, 1));
		f->birth_year = (int)db_int(r, 2);
		ST_COPY(f->occupation, db_text(r, 3));
	}
	db_rows_free(r);
	if (!m->nfamily)
		member_release(m);
	return rc < 0 ? st_next_failed(rc, e) : DB_ONE;
}

enum db_qs store_member_get(struct db *db, int64_t id, struct member *out, struct bf_err *e)
{
	enum db_qs qs = st_fetch_one(db, "SELECT " MEMBER_COLS MEMBER_FROM "WHERE m.id = $1",
				     &DB_INT(id), 1, read_member, out, e);
	if (qs != DB_ONE)
		return qs;
	qs = read_family(db, out, e);
	return qs < 0 ? qs : DB_ONE;
}

enum db_qs store_member_update(struct db *db, const struct member *m, struct bf_err *e)
{
	int64_t updated = m->updated_at ? m->updated_at : st_now();

	/* Looked up first so PostgreSQL's transaction survives: the caller
	 * then names the branch that holds the ID number. */
	struct db_val dup[] = {DB_TEXT(m->id_bidx), DB_INT(m->id)};
	enum db_qs qs =
	    db_query(db, "SELECT id FROM members WHERE id_bidx = $1 AND id <> $2", dup, 2, NULL, e);
	if (qs == DB_ONE)
		return duplicate_id(e);
	if (qs < 0)
		return qs;
	struct db_val args[] = {MEMBER_VALUES(m), DB_INT(updated), DB_INT(m->id)};
	qs = db_exec(db,
		     "UPDATE members SET org_id = $1, name = $2, gender = $3, ethnicity = $4, "
		     "birth_date = $5, joined_on = $6, id_sealed = $7, id_bidx = $8, "
		     "phone_sealed = $9, phone_bidx = $10, household_type = $11, "
		     "household_size = $12, address = $13, education = $14, member_type = $15, "
		     "status = $16, income_sources = $17, other_subsidies = $18, updated_at = $19 "
		     "WHERE id = $20",
		     args, 20, NULL, e);
	if (qs == DB_HARD && e->code == EC_CONFLICT)
		return duplicate_id(e);
	if (qs == DB_HARD && e->code == EC_INVALID)
		err_set(e, EC_INVALID, "org_id", "所属组织不存在或字段格式不符");
	if (qs != DB_ONE)
		return qs;
	struct db_val id = DB_INT(m->id);
	qs = db_exec(db, "DELETE FROM family_members WHERE member_id = $1", &id, 1, NULL, e);
	if (qs < 0)
		return qs;
	qs = insert_family(db, m, e);
	return qs < 0 ? qs : DB_ONE;
}

enum db_qs store_member_set_status(struct db *db, int64_t id, const char *status,
				   int64_t updated_at, struct bf_err *e)
{
	struct db_val args[] = {DB_TEXT(status), DB_INT(updated_at ? updated_at : st_now()),
				DB_INT(id)};
	return db_exec(db, "UPDATE members SET status = $1, updated_at = $2 WHERE id = $3", args, 3,
		       NULL, e);
}

enum db_qs store_member_by_id_bidx(struct db *db, const char *bidx, struct member *out,
				   struct bf_err *e)
{
	return st_fetch_one(db, "SELECT " MEMBER_COLS MEMBER_FROM "WHERE m.id_bidx = $1",
			    &DB_TEXT(bidx), 1, read_member, out, e);
}

/* --- the list: one WHERE clause built from fixed fragments --- */

/* SQL text plus its arguments; placeholders are numbered as added, values
 * are always bound, never written into the text. */

/* Intersects the caller's scope [lo, hi) with the subtree of q->org_id.
 * Both are path prefixes: one contains the other or they are disjoint. */
static enum db_qs narrow_scope(struct db *db, const struct member_query *q, char lo[256],
			       char hi[256], int *empty, struct bf_err *e)
{
	struct org o;
	*empty = 0;
	if (!q->org_id)
		return DB_ONE;
	enum db_qs qs = store_org_get(db, q->org_id, &o, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE) {
		*empty = 1;
	} else if (!strncmp(o.path, lo, strlen(lo))) {
		if (st_scope_range(o.path, lo, hi)) /* the org lies inside the scope */
			*empty = 1;
	} else if (strncmp(lo, o.path, strlen(o.path))) {
		*empty = 1; /* disjoint; otherwise the scope lies inside the org */
	}
	return DB_ONE;
}

static void build_where(struct qb *w, const struct member_query *q, const char *lo, const char *hi,
			struct strbuf *like, int scan)
{
	/* scan: "+m.org_id" keeps the engine from using the org index, so a
	 * wide scope reads members in id order and stops at the page. */
	qb_add(w, scan ? " WHERE +m.org_id IN" : " WHERE m.org_id IN");
	qb_add(w, " (SELECT id FROM orgs WHERE path >= ");
	qb_arg(w, DB_TEXT(lo));
	qb_add(w, " AND path < ");
	qb_arg(w, DB_TEXT(hi));
	qb_add(w, ")");
	if (q->status && *q->status) {
		qb_add(w, " AND m.status = ");
		qb_arg(w, DB_TEXT(q->status));
	}
	if (q->member_type && *q->member_type) {
		qb_add(w, " AND m.member_type = ");
		qb_arg(w, DB_TEXT(q->member_type));
	}
	/* name fragment, ID number or phone: any of them matches */
	const char *sep = " AND (";
	if (q->name_like && *q->name_like) {
		st_like_contains(like, q->name_like);
		qb_add(w, sep);
		qb_add(w, "m.name LIKE ");
		qb_arg(w, DB_TEXT(strbuf_str(like)));
		qb_add(w, " ESCAPE '\\'");
		sep = " OR ";
	}
	if (q->bidx && *q->bidx) {
		qb_add(w, sep);
		qb_add(w, "m.id_bidx = ");
		qb_arg(w, DB_TEXT(q->bidx));
		qb_add(w, " OR m.phone_bidx = ");
		qb_arg(w, DB_TEXT(q->bidx));
		sep = " OR ";
	}
	if (q->bidx_phone && *q->bidx_phone) {
		qb_add(w, sep);
		qb_add(w, "m.phone_bidx = ");
		qb_arg(w, DB_TEXT(q->bidx_phone));
		sep = " OR ";
	}
	if (strcmp(sep, " AND ("))
		qb_add(w, ")");
}

static int has_filters(const struct member_query *q)
{
	const char *f[] = {q->status, q->member_type, q->name_like, q->bidx, q->bidx_phone};
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (f[i] && *f[i])
			return 1;
	return 0;
}

/* The whole register: no org outside the scope and no filter.  Then a
 * plain count(*), which both engines answer without visiting the org index
 * once per org (the department's own list is the most common page). */
static enum db_qs whole_register(struct db *db, const struct member_query *q, const char *lo,
				 const char *hi, int *whole, struct bf_err *e)
{
	struct db_val args[] = {DB_TEXT(lo), DB_TEXT(hi)};
	int64_t outside;
	*whole = 0;
	if (has_filters(q))
		return DB_ONE;
	enum db_qs qs = st_fetch_int(db, "SELECT 1 FROM orgs WHERE path < $1 OR path >= $2 LIMIT 1",
				     args, 2, &outside, e);
	*whole = qs == DB_NONE;
	return qs;
}

static enum db_qs count_uncached(struct db *db, const struct member_query *q, const char *lo,
				 const char *hi, struct strbuf *like, struct counted *c,
				 struct bf_err *e);

/* gen/exact: the read generation (exact) or, without one, this process's
 * write generation; key "" when the query is not to be cached. */
static enum db_qs count_matches(struct db *db, const struct member_query *q, const char *lo,
				const char *hi, struct strbuf *like, const char *key, uint64_t gen,
				int exact, struct counted *c, struct bf_err *e)
{
	*c = (struct counted){0, 0, 0};
	int cacheable = *key && (exact || !has_filters(q));
	if (cacheable && member_count_cached(key, gen, exact, c))
		return DB_ONE;
	enum db_qs qs = st_fetch_int(db, "SELECT MAX(id) FROM members", NULL, 0, &c->max_id, e);
	if (qs < 0)
		return qs;
	qs = count_uncached(db, q, lo, hi, like, c, e);
	if (qs >= 0 && cacheable)
		member_count_keep(key, gen, exact, c);
	return qs;
}

static enum db_qs count_uncached(struct db *db, const struct member_query *q, const char *lo,
				 const char *hi, struct strbuf *like, struct counted *c,
				 struct bf_err *e)
{
	struct qb w = {STRBUF_INIT, {{0}}, 0};

	enum db_qs qs = whole_register(db, q, lo, hi, &c->whole, e);
	if (qs < 0)
		return qs;
	if (c->whole)
		return st_fetch_int(db, "SELECT count(*) FROM members", NULL, 0, &c->total, e);
	qb_add(&w, "SELECT count(*) FROM members m");
	build_where(&w, q, lo, hi, like, 0);
	qs = st_fetch_int(db, strbuf_str(&w.sql), w.args, w.n, &c->total, e);
	strbuf_release(&w.sql);
	return qs;
}

/* The list's columns: MEMBER_COLS less the two blind indexes, which the
 * list does not answer (64 hex characters each, read and copied for
 * nothing); they stay empty in the items. */
#define LIST_COLS                                                                                  \
	"m.id, m.org_id, o.code, o.name, o.path, m.name, m.gender, m.ethnicity, m.birth_date, "    \
	"m.joined_on, m.id_sealed, '', m.phone_sealed, '', "                                       \
	"m.household_type, m.household_size, m.address, m.education, m.member_type, "              \
	"m.status, m.income_sources, m.other_subsidies, m.created_at, m.updated_at"

/* A page: `after` (when not 0) is the id of the match just before it, and
 * offset then counts from there. */
struct page_at {
	int scan, whole, offset, limit;
	int64_t after;
};

/* The WHERE clause of the page's ids, and the order and window. */
static void page_where(struct qb *w, const struct member_query *q, const char *lo, const char *hi,
		       struct strbuf *like, const struct page_at *at)
{
	/* The whole register: no org list to build and probe for each row. */
	if (at->whole)
		qb_add(w, " WHERE 1 = 1");
	else
		build_where(w, q, lo, hi, like, at->scan);
	if (at->after) {
		qb_add(w, " AND m.id > ");
		qb_arg(w, DB_INT(at->after));
	}
	qb_add(w, " ORDER BY m.id LIMIT ");
	qb_arg(w, DB_INT(at->limit));
	if (at->offset) {
		qb_add(w, " OFFSET ");
		qb_arg(w, DB_INT(at->offset));
	}
}

static enum db_qs fetch_page(struct db *db, const struct member_query *q, const char *lo,
			     const char *hi, struct strbuf *like, struct page_at at,
			     struct member **items, size_t *n, struct bf_err *e)
{
	struct qb w = {STRBUF_INIT, {{0}}, 0};
	struct db_rows *r = NULL;
	size_t alloc;
	int rc = 0;

	/* The page's ids first, then their rows: skipping over ids (straight
	 * from the rowid or org index) costs far less than skipping over joined
	 * rows, which deep pages would otherwise pay for every skipped row.
	 * With nothing to skip (a kept position) and members read in id
	 * order, the rows are the page: one pass, no list of ids. */
	if (!at.offset && at.scan) {
		qb_add(&w, "SELECT " LIST_COLS MEMBER_FROM);
		page_where(&w, q, lo, hi, like, &at);
	} else {
		qb_add(&w,
		       "SELECT " LIST_COLS MEMBER_FROM "WHERE m.id IN (SELECT m.id FROM members m");
		page_where(&w, q, lo, hi, like, &at);
		qb_add(&w, ") ORDER BY m.id");
	}
	enum db_qs qs = db_query(db, strbuf_str(&w.sql), w.args, w.n, &r, e);
	strbuf_release(&w.sql);
	if (qs != DB_ONE)
		return qs;
	/* All at once: a member is ~10 KB, and growing the array step by step
	 * costs more than the query (large blocks come from mmap). */
	alloc = (size_t)at.limit;
	*items = xreallocarray(NULL, alloc, sizeof(**items));
	while (*n < alloc && (rc = db_next(r)) == 1) {
		struct member *m = &(*items)[(*n)++];
		read_member(r, m);
		m->nfamily = 0;
		m->family = NULL; /* the array is not zeroed: member_free stays safe */
	}
	db_rows_free(r);
	return rc < 0 ? st_next_failed(rc, e) : DB_ONE;
}

/* Where the page starts: after a kept position when there is one, and
 * whether to read members in id order (about limit / density rows from
 * the start, plus the offset) or fetch every match by the org index and
 * sort (about the matches left): the cheaper, as the engines cannot know
 * the density. */
static struct page_at page_at(const char *key, uint64_t gen, int offset, int limit,
			      const struct counted *c)
{
	struct page_at at = {.whole = c->whole, .offset = offset, .limit = limit};
	int64_t left = c->total - offset;
	if (left < limit)
		at.limit = (int)left;
	if (*key && gen && offset && (at.after = member_mark_find(key, gen, offset)) != 0)
		at.offset = 0;
	double per_match = (double)c->max_id / (double)c->total;
	double skip = at.after ? 0 : (double)offset;
	at.scan = c->whole || (skip + limit) * per_match < (double)(at.after ? left : c->total);
	return at;
}

enum db_qs store_member_list(struct db *db, const struct member_query *q, struct member **items,
			     size_t *n, int64_t *total, struct bf_err *e)
{
	char lo[256], hi[256], key[MEMBER_KEY_MAX];
	struct strbuf like = STRBUF_INIT;
	struct counted c;
	uint64_t gen = 0;
	int empty = 0;
	int limit = q->limit > 0 ? q->limit : 20, offset = q->offset > 0 ? q->offset : 0;

	*items = NULL;
	*n = 0;
	*total = 0;
	if (st_scope_range(q->scope_path, lo, hi))
		return ST_FAIL(e, EC_INTERNAL, NULL, "组织范围无效");
	/* The generation before anything is read: a write after it leaves
	 * what is kept here unused. */
	enum db_qs qs = DB_ONE;
	if (q->read_gen && !db_in_tx(db))
		gen = q->read_gen;
	else
		qs = store_read_generation(db, &gen, e);
	if (qs < 0)
		return qs;
	int exact = qs == DB_ONE;
	if (!exact && !db_in_tx(db))
		gen = db_write_generation();
	qs = narrow_scope(db, q, lo, hi, &empty, e);
	if (qs < 0 || empty)
		return qs < 0 ? qs : DB_NONE;
	if ((!exact && db_in_tx(db)) || !member_query_key(q, lo, hi, key, sizeof(key)))
		key[0] = '\0';
	qs = count_matches(db, q, lo, hi, &like, key, gen, exact, &c, e);
	*total = c.total;
	if (qs >= 0 && c.total > offset) {
		struct page_at at = page_at(exact ? key : "", gen, offset, limit, &c);
		qs = fetch_page(db, q, lo, hi, &like, at, items, n, e);
		if (qs >= 0 && exact && *key && *n)
			member_mark_keep(key, gen, offset + (int)*n, (*items)[*n - 1].id);
	}
	strbuf_release(&like);
	if (qs < 0) {
		free(*items);
		*items = NULL;
		*n = 0;
		return qs;
	}
	return *n ? DB_ONE : DB_NONE;
}

/* --- streaming and counting --- */

static enum db_qs scope_count(struct db *db, const char *lo, const char *hi, int64_t *n,
			      struct bf_err *e)
{
	struct db_val args[] = {DB_TEXT(lo), DB_TEXT(hi)};
	return st_fetch_int(db,
			    "SELECT count(*) FROM members WHERE org_id IN "
			    "(SELECT id FROM orgs WHERE path >= $1 AND path < $2)",
			    args, 2, n, e);
}

enum db_qs store_member_count(struct db *db, const char *scope_path, int64_t *n, struct bf_err *e)
{
	char lo[256], hi[256];
	*n = 0;
	if (st_scope_range(scope_path, lo, hi))
		return ST_FAIL(e, EC_INTERNAL, NULL, "组织范围无效");
	enum db_qs qs = scope_count(db, lo, hi, n, e);
	return qs < 0 ? qs : *n ? DB_ONE : DB_NONE;
}

struct each_state {
	int (*fn)(const struct member *m, void *ctx);
	void *ctx;
	struct member *m; /* one row at a time: the struct is ~10 KB */
	int64_t seen;
	int stopped;
};

/* Streams one org's members in id order, EACH_BATCH rows per query. */
static enum db_qs each_in_org(struct db *db, int64_t org_id, struct each_state *st,
			      struct bf_err *e)
{
	int64_t after = 0;
	for (;;) {
		struct db_rows *r = NULL;
		struct db_val args[] = {DB_INT(org_id), DB_INT(after), DB_INT(EACH_BATCH)};
		enum db_qs qs = db_query(db,
					 "SELECT " MEMBER_COLS MEMBER_FROM
					 "WHERE m.org_id = $1 AND m.id > $2 ORDER BY m.id LIMIT $3",
					 args, 3, &r, e);
		if (qs != DB_ONE)
			return qs;
		int rc = 0, rows = 0;
		while (!st->stopped && (rc = db_next(r)) == 1) {
			read_member(r, st->m);
			after = st->m->id;
			rows++;
			st->seen++;
			if (st->fn(st->m, st->ctx))
				st->stopped = 1;
		}
		db_rows_free(r);
		if (!st->stopped && rc < 0)
			return st_next_failed(rc, e);
		if (st->stopped || rows < EACH_BATCH)
			return DB_ONE;
	}
}

static int by_code(const void *a, const void *b)
{
	return strcmp(((const struct org *)a)->code, ((const struct org *)b)->code);
}

enum db_qs store_member_each(struct db *db, const char *scope_path,
			     int (*fn)(const struct member *m, void *ctx), void *ctx,
			     struct bf_err *e)
{
	struct org *orgs = NULL;
	size_t norgs = 0;
	struct each_state st = {.fn = fn, .ctx = ctx};

	/* Orgs by code, then each org's members by id: both walks are index
	 * range scans, where one ORDER BY o.code, m.id over the join would
	 * sort the whole scope again for every batch. */
	enum db_qs qs = store_org_list(db, scope_path, &orgs, &norgs, e);
	if (qs < 0)
		return qs;
	qsort(orgs, norgs, sizeof(*orgs), by_code);
	st.m = xcalloc(1, sizeof(*st.m));
	for (size_t i = 0; i < norgs && !st.stopped && qs >= 0; i++)
		qs = each_in_org(db, orgs[i].id, &st, e);
	free(st.m);
	free(orgs);
	if (qs < 0)
		return qs;
	return st.seen ? DB_ONE : DB_NONE;
}

/* The secondary indexes of members, which a large import drops inside its
 * transaction and builds again at the end: one sort instead of a million
 * random B-tree inserts.  The unique id_bidx index stays (it finds the
 * duplicates row by row).  Same DDL on both engines; transactional on both,
 * so a rolled-back import leaves the indexes as they were. */
static const char *const bulk_drop[] = {
    "DROP INDEX IF EXISTS members_org_id", "DROP INDEX IF EXISTS members_phone_bidx",
    "DROP INDEX IF EXISTS members_deceased", "DROP INDEX IF EXISTS members_visit_rule", NULL};
/* as migrations 0001, 0024 (talk coverage) and 0027 (festival rounds) make them */
static const char *const bulk_create[] = {
    "CREATE INDEX IF NOT EXISTS members_org_id ON members(org_id, id)",
    "CREATE INDEX IF NOT EXISTS members_phone_bidx ON members(phone_bidx)",
    "CREATE INDEX IF NOT EXISTS members_deceased ON members(org_id) WHERE status = '亡故'",
    "CREATE INDEX IF NOT EXISTS members_visit_rule ON members(org_id, status, joined_on, "
    "birth_date)",
    NULL};

enum db_qs store_member_bulk_indexes(struct db *db, int drop, struct bf_err *e)
{
	for (const char *const *s = drop ? bulk_drop : bulk_create; *s; s++) {
		enum db_qs qs = db_exec(db, *s, NULL, 0, NULL, e);
		if (qs < 0)
			return qs;
	}
	return DB_ONE;
}
