/* ledger.c - storage of the fund ledger (migration 0004): funds, their
 * accounts, postings and lines.  Only rows and locks live here; the rules
 * (balances, the SM3 chain, scope) are core/fund/ledger.c's, so the store can
 * be read by verify exactly as it was written. */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store.h"
#include "store_ledger.h"
#include "store/store_impl.h"
#include "wrapper.h"

/* --- funds --- */

#define FUND_SELECT                                                                                \
	"SELECT f.id, f.org_id, f.name, o.name, o.kind, o.path, f.balance, f.last_seq, "           \
	"f.head_hash, f.version, f.created_at, f.created_by, f.legacy_seq, f.legacy_mac "          \
	"FROM funds f JOIN orgs o ON o.id = f.org_id "

static void read_fund(struct db_rows *r, void *item)
{
	struct fund *f = item;
	memset(f, 0, sizeof(*f));
	f->id = db_int(r, 0);
	f->org_id = db_int(r, 1);
	ST_COPY(f->name, db_text(r, 2));
	ST_COPY(f->org_name, db_text(r, 3));
	ST_COPY(f->org_kind, db_text(r, 4));
	ST_COPY(f->org_path, db_text(r, 5));
	f->balance = db_int(r, 6);
	f->last_seq = db_int(r, 7);
	ST_COPY(f->head_hash, db_text(r, 8));
	f->version = db_int(r, 9);
	f->created_at = db_int(r, 10);
	f->created_by = db_int(r, 11);
	f->legacy_seq = db_int(r, 12);
	ST_COPY(f->legacy_mac, db_text(r, 13));
}

enum db_qs store_fund_insert(struct db *db, struct fund *f, struct bf_err *e)
{
	int64_t id = 0;
	if (!f->created_at)
		f->created_at = st_now();
	struct db_val args[] = {DB_INT(f->org_id), st_text(f->name), DB_INT(f->created_at),
				DB_INT(f->created_by)};
	/* no row back: the org's fund exists (unique org_id) */
	enum db_qs qs = st_fetch_int(db,
				     "INSERT INTO funds (org_id, name, created_at, created_by) "
				     "VALUES ($1, $2, $3, $4) ON CONFLICT (org_id) DO NOTHING "
				     "RETURNING id",
				     args, 4, &id, e);
	if (qs == DB_ONE)
		f->id = id;
	return qs;
}

enum db_qs store_fund_get(struct db *db, int64_t id, struct fund *out, struct bf_err *e)
{
	struct db_val args[] = {DB_INT(id)};
	return st_fetch_one(db, FUND_SELECT "WHERE f.id = $1", args, 1, read_fund, out, e);
}

enum db_qs store_fund_by_org(struct db *db, int64_t org_id, struct fund *out, struct bf_err *e)
{
	struct db_val args[] = {DB_INT(org_id)};
	return st_fetch_one(db, FUND_SELECT "WHERE f.org_id = $1", args, 1, read_fund, out, e);
}

enum db_qs store_fund_lock(struct db *db, int64_t id, struct fund *out, struct bf_err *e)
{
	struct db_val args[] = {DB_INT(id)};
	/* The no-op UPDATE holds the row lock on PostgreSQL until the end of
	 * the transaction (a second payer waits here, then reads the balance
	 * the first one left); SQLite's write transaction already excludes
	 * every other writer.  Same text on both. */
	enum db_qs qs =
	    db_exec(db, "UPDATE funds SET version = version WHERE id = $1", args, 1, NULL, e);
	if (qs <= 0)
		return qs;
	return store_fund_get(db, id, out, e);
}

enum db_qs store_fund_list(struct db *db, const char *scope_path, struct fund **items, size_t *n,
			   struct bf_err *e)
{
	char lo[256], hi[256];
	*items = NULL;
	*n = 0;
	if (st_scope_range(scope_path, lo, hi) < 0)
		return DB_NONE;
	struct db_val args[] = {st_text(lo), st_text(hi)};
	return st_fetch_all(db, FUND_SELECT "WHERE o.path >= $1 AND o.path < $2 ORDER BY o.path",
			    args, 2, sizeof(**items), read_fund, (void **)items, n, e);
}

enum db_qs store_fund_all(struct db *db, struct fund **items, size_t *n, struct bf_err *e)
{
	return st_fetch_all(db, FUND_SELECT "ORDER BY f.id", NULL, 0, sizeof(**items), read_fund,
			    (void **)items, n, e);
}

enum db_qs store_fund_set_head(struct db *db, const struct fund *f, int64_t old_seq,
			       struct bf_err *e)
{
	struct db_val args[] = {DB_INT(f->last_seq), st_text(f->head_hash), DB_INT(f->balance),
				DB_INT(f->id), DB_INT(old_seq)};
	return db_exec(db,
		       "UPDATE funds SET last_seq = $1, head_hash = $2, balance = $3, "
		       "version = version + 1 WHERE id = $4 AND last_seq = $5",
		       args, 5, NULL, e);
}

enum db_qs store_fund_seal(struct db *db, int64_t id, const char *legacy_mac, struct bf_err *e)
{
	struct db_val args[] = {DB_TEXT(legacy_mac), DB_INT(id)};
	return db_exec(db,
		       "UPDATE funds SET legacy_mac = $1, version = version + 1 "
		       "WHERE id = $2 AND legacy_mac IS NULL AND legacy_seq > 0",
		       args, 2, NULL, e);
}

/* --- accounts --- */

static void read_account(struct db_rows *r, void *item)
{
	struct ledger_account *a = item;
	memset(a, 0, sizeof(*a));
	a->id = db_int(r, 0);
	a->fund_id = db_int(r, 1);
	ST_COPY(a->code, db_text(r, 2));
	ST_COPY(a->kind, db_text(r, 3));
	ST_COPY(a->name, db_text(r, 4));
	a->balance = db_int(r, 5);
}

enum db_qs store_account_insert(struct db *db, struct ledger_account *a, int position,
				struct bf_err *e)
{
	int64_t id = 0;
	struct db_val args[] = {DB_INT(a->fund_id), st_text(a->code), st_text(a->kind),
				st_text(a->name), DB_INT(position)};
	enum db_qs qs =
	    st_fetch_int(db,
			 "INSERT INTO fund_accounts (fund_id, code, kind, name, position) "
			 "VALUES ($1, $2, $3, $4, $5) RETURNING id",
			 args, 5, &id, e);
	if (qs == DB_ONE)
		a->id = id;
	return qs;
}

enum db_qs store_accounts(struct db *db, int64_t fund_id, struct ledger_account **items, size_t *n,
			  struct bf_err *e)
{
	struct db_val args[] = {DB_INT(fund_id)};
	if (!fund_id)
		return st_fetch_all(
		    db,
		    "SELECT id, fund_id, code, kind, name, balance FROM fund_accounts "
		    "ORDER BY fund_id, position",
		    NULL, 0, sizeof(**items), read_account, (void **)items, n, e);
	return st_fetch_all(db,
			    "SELECT id, fund_id, code, kind, name, balance FROM fund_accounts "
			    "WHERE fund_id = $1 ORDER BY position",
			    args, 1, sizeof(**items), read_account, (void **)items, n, e);
}

enum db_qs store_account_add(struct db *db, int64_t account_id, int64_t delta, struct bf_err *e)
{
	struct db_val args[] = {DB_INT(delta), DB_INT(account_id)};
	return db_exec(db, "UPDATE fund_accounts SET balance = balance + $1 WHERE id = $2", args, 2,
		       NULL, e);
}

/* --- postings --- */

#define POSTING_COLS                                                                               \
	"p.id, p.fund_id, p.seq, p.posted_at, p.posted_by, p.value_date, p.kind, p.memo, "         \
	"p.reverses, p.link_id, p.case_id, p.member_id, p.batch_ref, p.donor, p.prev_hash, "       \
	"p.hash, p.mac"
#define POSTING_NCOLS 17

static void read_posting(struct db_rows *r, void *item)
{
	struct ledger_posting *p = item;
	memset(p, 0, sizeof(*p));
	p->id = db_int(r, 0);
	p->fund_id = db_int(r, 1);
	p->seq = db_int(r, 2);
	p->posted_at = db_int(r, 3);
	p->posted_by = db_int(r, 4);
	ST_COPY(p->value_date, db_text(r, 5));
	ST_COPY(p->kind, db_text(r, 6));
	ST_COPY(p->memo, db_text(r, 7));
	p->reverses = db_int(r, 8);
	p->link_id = db_int(r, 9);
	p->case_id = db_int(r, 10);
	p->member_id = db_int(r, 11);
	ST_COPY(p->batch_ref, db_text(r, 12));
	ST_COPY(p->donor, db_text(r, 13));
	ST_COPY(p->prev_hash, db_text(r, 14));
	ST_COPY(p->hash, db_text(r, 15));
	ST_COPY(p->mac, db_text(r, 16));
}

/* A posting row followed by the id of the posting reversing it (or 0). */
static void read_posting_rev(struct db_rows *r, void *item)
{
	struct ledger_posting *p = item;
	read_posting(r, p);
	p->reversed_by = !db_is_null(r, POSTING_NCOLS);
}

enum db_qs store_posting_insert(struct db *db, struct ledger_posting *p, struct bf_err *e)
{
	struct db_val row[] = {DB_INT(p->fund_id),
			       DB_INT(p->seq),
			       DB_INT(p->posted_at),
			       DB_INT(p->posted_by),
			       st_text(p->value_date),
			       st_text(p->kind),
			       st_text(p->memo),
			       ST_ID_OR_NULL(p->reverses),
			       ST_ID_OR_NULL(p->link_id),
			       ST_ID_OR_NULL(p->case_id),
			       ST_ID_OR_NULL(p->member_id),
			       st_text(p->batch_ref),
			       st_text(p->donor),
			       st_text(p->prev_hash),
			       st_text(p->hash),
			       st_text(p->mac)};
	int64_t id = 0;
	enum db_qs qs = st_fetch_int(
	    db,
	    "INSERT INTO ledger_postings (fund_id, seq, posted_at, posted_by, value_date, kind, "
	    "memo, reverses, link_id, case_id, member_id, batch_ref, donor, prev_hash, hash, mac) "
	    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) "
	    "RETURNING id",
	    row, 16, &id, e);
	if (qs < 0) {
		/* the unique index on reverses: someone reversed it first */
		if (qs == DB_HARD && e->code == EC_CONFLICT && p->reverses)
			return ST_FAIL(e, EC_ALREADY_REVERSED, "posting_id",
				       "凭证 %" PRId64 " 已冲正过，不能重复冲正", p->reverses);
		return qs;
	}
	p->id = id;
	for (size_t i = 0; i < p->nlines; i++) {
		struct db_val l[] = {DB_INT(id), DB_INT((int64_t)i + 1),
				     DB_INT(p->lines[i].account_id), DB_INT(p->lines[i].amount)};
		qs = db_exec(db,
			     "INSERT INTO ledger_lines (posting_id, line_no, account_id, amount) "
			     "VALUES ($1, $2, $3, $4)",
			     l, 4, NULL, e);
		if (qs < 0)
			return qs;
	}
	return DB_ONE;
}

/* --- many postings at once (the posting engine's batches) --- */

enum db_qs store_posting_new_ids(struct db *db, size_t n, int64_t *ids, struct bf_err *e)
{
	if (db_engine(db) != DB_PG) {
		/* the write transaction holds the database: the ids after the
		 * highest are ours until the commit */
		int64_t max = 0;
		enum db_qs qs = st_fetch_int(db, "SELECT COALESCE(MAX(id), 0) FROM ledger_postings",
					     NULL, 0, &max, e);
		if (qs < 0)
			return qs;
		for (size_t i = 0; i < n; i++)
			ids[i] = max + 1 + (int64_t)i;
		return DB_ONE;
	}
	struct db_val args[] = {DB_INT((int64_t)n)};
	struct db_rows *r = NULL;
	size_t got = 0;
	int rc;
	enum db_qs qs = db_query(db,
				 "SELECT nextval(pg_get_serial_sequence('ledger_postings', 'id')) "
				 "FROM generate_series(1, $1)",
				 args, 1, &r, e);
	if (qs != DB_ONE)
		return qs < 0 ? qs : ST_FAIL(e, EC_INTERNAL, NULL, "无法分配凭证编号");
	while ((rc = db_next(r)) == 1 && got < n)
		ids[got++] = db_int(r, 0);
	db_rows_free(r);
	if (rc < 0)
		return st_next_failed(rc, e);
	if (got != n)
		return ST_FAIL(e, EC_INTERNAL, NULL, "无法分配凭证编号");
	/* a sequence hands them out ascending; keep them so regardless */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && ids[j - 1] > ids[j]; j--) {
			int64_t t = ids[j];
			ids[j] = ids[j - 1];
			ids[j - 1] = t;
		}
	return DB_ONE;
}

/* Rows per INSERT on SQLite (PostgreSQL takes whole arrays: below). */
#define MANY_POSTINGS 64
#define MANY_LINES    128

/* The multi-row INSERT texts, one per row count, built once per process
 * (formatting 1,000 placeholders per statement cost more than the rows'
 * B-tree work) and kept: the statement cache finds them by text. */
static const char *many_sql[2][MANY_LINES + 1];
static pthread_mutex_t many_lock = PTHREAD_MUTEX_INITIALIZER;

static const char *build_many(int lines, size_t n)
{
	static const char *const head[2] = {
	    "INSERT INTO ledger_postings (id, fund_id, seq, posted_at, posted_by, value_date, "
	    "kind, memo, reverses, link_id, case_id, member_id, batch_ref, donor, prev_hash, "
	    "hash, mac) VALUES ",
	    "INSERT INTO ledger_lines (posting_id, line_no, account_id, amount) VALUES "};
	int cols = lines ? 4 : 17, k = 0;
	struct strbuf sql = STRBUF_INIT;
	strbuf_adds(&sql, head[lines]);
	for (size_t i = 0; i < n; i++) {
		strbuf_adds(&sql, i ? ", (" : "(");
		for (int c = 0; c < cols; c++)
			strbuf_addf(&sql, c ? ", $%d" : "$%d", ++k);
		strbuf_addch(&sql, ')');
	}
	return strbuf_detach(&sql);
}

static const char *many_text(int lines, size_t n)
{
	pthread_mutex_lock(&many_lock);
	if (!many_sql[lines][n])
		many_sql[lines][n] = build_many(lines, n);
	const char *t = many_sql[lines][n];
	pthread_mutex_unlock(&many_lock);
	return t;
}

static enum db_qs insert_postings(struct db *db, struct ledger_posting *const *ps, size_t n,
				  struct bf_err *e)
{
	struct db_val args[MANY_POSTINGS * 17];
	int k = 0;

	for (size_t i = 0; i < n; i++) {
		const struct ledger_posting *p = ps[i];
		args[k++] = DB_INT(p->id);
		args[k++] = DB_INT(p->fund_id);
		args[k++] = DB_INT(p->seq);
		args[k++] = DB_INT(p->posted_at);
		args[k++] = DB_INT(p->posted_by);
		args[k++] = st_text(p->value_date);
		args[k++] = st_text(p->kind);
		args[k++] = st_text(p->memo);
		args[k++] = ST_ID_OR_NULL(p->reverses);
		args[k++] = ST_ID_OR_NULL(p->link_id);
		args[k++] = ST_ID_OR_NULL(p->case_id);
		args[k++] = ST_ID_OR_NULL(p->member_id);
		args[k++] = st_text(p->batch_ref);
		args[k++] = st_text(p->donor);
		args[k++] = st_text(p->prev_hash);
		args[k++] = st_text(p->hash);
		args[k++] = st_text(p->mac);
	}
	return db_exec(db, many_text(0, n), args, k, NULL, e);
}

static enum db_qs insert_lines(struct db *db, const int64_t *pid, const int *no,
			       const struct ledger_line *l, size_t n, struct bf_err *e)
{
	struct db_val args[MANY_LINES * 4];
	int k = 0;

	for (size_t i = 0; i < n; i++) {
		args[k++] = DB_INT(pid[i]);
		args[k++] = DB_INT(no[i]);
		args[k++] = DB_INT(l[i].account_id);
		args[k++] = DB_INT(l[i].amount);
	}
	return db_exec(db, many_text(1, n), args, k, NULL, e);
}

/* Lines of ps, gathered MANY_LINES at a time. */
static enum db_qs insert_all_lines(struct db *db, struct ledger_posting *const *ps, size_t n,
				   struct bf_err *e)
{
	int64_t pid[MANY_LINES];
	int no[MANY_LINES];
	struct ledger_line l[MANY_LINES];
	size_t k = 0;
	enum db_qs qs = DB_ONE;

	for (size_t i = 0; qs >= 0 && i < n; i++)
		for (size_t j = 0; qs >= 0 && j < ps[i]->nlines; j++) {
			pid[k] = ps[i]->id;
			no[k] = (int)j + 1;
			l[k++] = ps[i]->lines[j];
			if (k == MANY_LINES) {
				qs = insert_lines(db, pid, no, l, k, e);
				k = 0;
			}
		}
	if (qs >= 0 && k)
		qs = insert_lines(db, pid, no, l, k, e);
	return qs;
}

/* --- PostgreSQL: whole arrays a statement --- */

/* The PostgreSQL driver binds at most 64 values a statement, which makes
 * rows-per-INSERT small; there the columns go as 16 array parameters
 * (their text form) to one INSERT ... SELECT FROM unnest(...), however many
 * postings are held. */
static void arr_sep(struct strbuf *a)
{
	strbuf_addch(a, a->len ? ',' : '{');
}

static void arr_int(struct strbuf *a, int64_t v, int null_when_zero)
{
	arr_sep(a);
	if (null_when_zero && !v)
		strbuf_adds(a, "NULL");
	else
		strbuf_addf(a, "%" PRId64, v);
}

static void arr_text(struct strbuf *a, const char *v)
{
	arr_sep(a);
	strbuf_addch(a, '"');
	for (; *v; v++) {
		if (*v == '"' || *v == '\\')
			strbuf_addch(a, '\\');
		strbuf_addch(a, *v);
	}
	strbuf_addch(a, '"');
}

static void arr_end(struct strbuf *a)
{
	if (a->len == 0)
		strbuf_addch(a, '{');
	strbuf_addch(a, '}');
}

#define PG_POSTING_COLS 17

static enum db_qs pg_insert_postings(struct db *db, struct ledger_posting *const *ps, size_t n,
				     struct bf_err *e)
{
	struct strbuf a[PG_POSTING_COLS];
	struct db_val args[PG_POSTING_COLS];
	for (int c = 0; c < PG_POSTING_COLS; c++)
		strbuf_init(&a[c]);
	for (size_t i = 0; i < n; i++) {
		const struct ledger_posting *p = ps[i];
		arr_int(&a[0], p->id, 0);
		arr_int(&a[1], p->fund_id, 0);
		arr_int(&a[2], p->seq, 0);
		arr_int(&a[3], p->posted_at, 0);
		arr_int(&a[4], p->posted_by, 0);
		arr_text(&a[5], p->value_date);
		arr_text(&a[6], p->kind);
		arr_text(&a[7], p->memo);
		arr_int(&a[8], p->reverses, 1);
		arr_int(&a[9], p->link_id, 1);
		arr_int(&a[10], p->case_id, 1);
		arr_int(&a[11], p->member_id, 1);
		arr_text(&a[12], p->batch_ref);
		arr_text(&a[13], p->donor);
		arr_text(&a[14], p->prev_hash);
		arr_text(&a[15], p->hash);
		arr_text(&a[16], p->mac);
	}
	for (int c = 0; c < PG_POSTING_COLS; c++) {
		arr_end(&a[c]);
		args[c] = DB_TEXT(strbuf_str(&a[c]));
	}
	enum db_qs qs = db_exec(
	    db,
	    "INSERT INTO ledger_postings (id, fund_id, seq, posted_at, posted_by, value_date, "
	    "kind, memo, reverses, link_id, case_id, member_id, batch_ref, donor, prev_hash, hash, "
	    "mac) "
	    "SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], "
	    "$5::bigint[], $6::text[], $7::text[], $8::text[], $9::bigint[], $10::bigint[], "
	    "$11::bigint[], $12::bigint[], $13::text[], $14::text[], $15::text[], $16::text[], "
	    "$17::text[])",
	    args, PG_POSTING_COLS, NULL, e);
	for (int c = 0; c < PG_POSTING_COLS; c++)
		strbuf_release(&a[c]);
	return qs;
}

static enum db_qs pg_insert_lines(struct db *db, struct ledger_posting *const *ps, size_t n,
				  struct bf_err *e)
{
	struct strbuf a[4];
	struct db_val args[4];
	for (int c = 0; c < 4; c++)
		strbuf_init(&a[c]);
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < ps[i]->nlines; j++) {
			arr_int(&a[0], ps[i]->id, 0);
			arr_int(&a[1], (int64_t)j + 1, 0);
			arr_int(&a[2], ps[i]->lines[j].account_id, 0);
			arr_int(&a[3], ps[i]->lines[j].amount, 0);
		}
	for (int c = 0; c < 4; c++) {
		arr_end(&a[c]);
		args[c] = DB_TEXT(strbuf_str(&a[c]));
	}
	enum db_qs qs =
	    db_exec(db,
		    "INSERT INTO ledger_lines (posting_id, line_no, account_id, amount) "
		    "SELECT * FROM unnest($1::bigint[], $2::int[], $3::bigint[], "
		    "$4::bigint[])",
		    args, 4, NULL, e);
	for (int c = 0; c < 4; c++)
		strbuf_release(&a[c]);
	return qs;
}

enum db_qs store_posting_insert_many(struct db *db, struct ledger_posting *const *ps, size_t n,
				     struct bf_err *e)
{
	enum db_qs qs = DB_ONE;
	if (db_engine(db) == DB_PG) {
		qs = pg_insert_postings(db, ps, n, e);
		if (qs >= 0)
			qs = pg_insert_lines(db, ps, n, e);
	} else {
		for (size_t i = 0; qs >= 0 && i < n; i += MANY_POSTINGS)
			qs = insert_postings(db, ps + i,
					     n - i < MANY_POSTINGS ? n - i : MANY_POSTINGS, e);
		if (qs >= 0)
			qs = insert_all_lines(db, ps, n, e);
	}
	/* the unique index on reverses: someone reversed it first */
	for (size_t i = 0; qs == DB_HARD && e->code == EC_CONFLICT && i < n; i++)
		if (ps[i]->reverses)
			return ST_FAIL(e, EC_ALREADY_REVERSED, "posting_id",
				       "凭证 %" PRId64 " 已冲正过，不能重复冲正", ps[i]->reverses);
	return qs < 0 ? qs : DB_ONE;
}

static void read_line(struct db_rows *r, void *item)
{
	struct ledger_line *l = item;
	memset(l, 0, sizeof(*l));
	l->account_id = db_int(r, 0);
	ST_COPY(l->account, db_text(r, 1));
	l->amount = db_int(r, 2);
}

static enum db_qs fetch_lines(struct db *db, struct ledger_posting *p, struct bf_err *e)
{
	struct db_val args[] = {DB_INT(p->id)};
	enum db_qs qs =
	    st_fetch_all(db,
			 "SELECT l.account_id, a.code, l.amount FROM ledger_lines l "
			 "JOIN fund_accounts a ON a.id = l.account_id "
			 "WHERE l.posting_id = $1 ORDER BY l.line_no",
			 args, 1, sizeof(*p->lines), read_line, (void **)&p->lines, &p->nlines, e);
	return qs < 0 ? qs : DB_ONE;
}

#define POSTING_SELECT_REV                                                                         \
	"SELECT " POSTING_COLS ", r.id FROM ledger_postings p "                                    \
	"LEFT JOIN ledger_postings r ON r.reverses = p.id "

enum db_qs store_posting_get(struct db *db, int64_t id, struct ledger_posting *out,
			     struct bf_err *e)
{
	struct db_val args[] = {DB_INT(id)};
	enum db_qs qs = st_fetch_one(db, POSTING_SELECT_REV "WHERE p.id = $1", args, 1,
				     read_posting_rev, out, e);
	if (qs != DB_ONE)
		return qs;
	return fetch_lines(db, out, e);
}

enum db_qs store_posting_by_seq(struct db *db, int64_t fund_id, int64_t seq,
				struct ledger_posting *out, struct bf_err *e)
{
	struct db_val args[] = {DB_INT(fund_id), DB_INT(seq)};
	enum db_qs qs = st_fetch_one(db, POSTING_SELECT_REV "WHERE p.fund_id = $1 AND p.seq = $2",
				     args, 2, read_posting_rev, out, e);
	if (qs != DB_ONE)
		return qs;
	return fetch_lines(db, out, e);
}

enum db_qs store_posting_reversal_of(struct db *db, int64_t id, int64_t *by, struct bf_err *e)
{
	struct db_val args[] = {DB_INT(id)};
	return st_fetch_int(db, "SELECT id FROM ledger_postings WHERE reverses = $1", args, 1, by,
			    e);
}

enum db_qs store_posting_linked_to(struct db *db, int64_t id, int64_t *other, struct bf_err *e)
{
	struct db_val args[] = {DB_INT(id)};
	return st_fetch_int(db, "SELECT id FROM ledger_postings WHERE link_id = $1", args, 1, other,
			    e);
}

enum db_qs store_fund_first_date(struct db *db, int64_t fund_id, char out[11], struct bf_err *e)
{
	struct db_val args[] = {DB_INT(fund_id)};
	struct db_rows *r = NULL;
	out[0] = '\0';
	enum db_qs qs = db_query(
	    db, "SELECT MIN(value_date) FROM ledger_postings WHERE fund_id = $1", args, 1, &r, e);
	if (qs != DB_ONE)
		return qs;
	int rc = db_next(r);
	if (rc == 1 && !db_is_null(r, 0))
		st_copy(out, 11, db_text(r, 0));
	db_rows_free(r);
	return rc < 0 ? st_next_failed(rc, e) : out[0] ? DB_ONE : DB_NONE;
}

static void posting_where(struct qb *w, const struct ledger_query *q)
{
	qb_add(w, " WHERE p.fund_id = ");
	qb_arg(w, DB_INT(q->fund_id));
	if (q->from[0]) {
		qb_add(w, " AND p.value_date >= ");
		qb_arg(w, DB_TEXT(q->from));
	}
	if (q->to[0]) {
		qb_add(w, " AND p.value_date <= ");
		qb_arg(w, DB_TEXT(q->to));
	}
	if (q->kind[0]) {
		qb_add(w, " AND p.kind = ");
		qb_arg(w, DB_TEXT(q->kind));
	}
	if (q->case_id) {
		qb_add(w, " AND p.case_id = ");
		qb_arg(w, DB_INT(q->case_id));
	}
	if (q->member_id) {
		qb_add(w, " AND p.member_id = ");
		qb_arg(w, DB_INT(q->member_id));
	}
	if (q->batch_ref[0]) {
		qb_add(w, " AND p.batch_ref = ");
		qb_arg(w, DB_TEXT(q->batch_ref));
	}
	if (q->account[0]) {
		qb_add(w, " AND p.id IN (SELECT l.posting_id FROM ledger_lines l "
			  "JOIN fund_accounts a ON a.id = l.account_id WHERE a.fund_id = ");
		qb_arg(w, DB_INT(q->fund_id));
		qb_add(w, " AND a.code = ");
		qb_arg(w, DB_TEXT(q->account));
		qb_add(w, ")");
	}
}

enum db_qs store_posting_list(struct db *db, const struct ledger_query *q,
			      struct ledger_posting **items, size_t *n, int64_t *total,
			      struct bf_err *e)
{
	struct qb w = {STRBUF_INIT, {{0}}, 0};
	int size = q->size > 0 ? q->size : 50, page = q->page > 0 ? q->page : 1;
	int64_t offset = (int64_t)(page - 1) * size;

	*items = NULL;
	*n = 0;
	qb_add(&w, "SELECT count(*) FROM ledger_postings p");
	posting_where(&w, q);
	enum db_qs qs = st_fetch_int(db, strbuf_str(&w.sql), w.args, w.n, total, e);
	strbuf_release(&w.sql);
	if (qs < 0 || *total <= offset)
		return qs < 0 ? qs : DB_NONE;

	struct qb p = {STRBUF_INIT, {{0}}, 0};
	qb_add(&p, POSTING_SELECT_REV);
	posting_where(&p, q);
	qb_add(&p, " ORDER BY p.seq DESC LIMIT ");
	qb_arg(&p, DB_INT(size));
	qb_add(&p, " OFFSET ");
	qb_arg(&p, DB_INT(offset));
	qs = st_fetch_all(db, strbuf_str(&p.sql), p.args, p.n, sizeof(**items), read_posting_rev,
			  (void **)items, n, e);
	strbuf_release(&p.sql);
	for (size_t i = 0; qs == DB_ONE && i < *n; i++)
		qs = fetch_lines(db, &(*items)[i], e);
	if (qs < 0) {
		for (size_t i = 0; i < *n; i++)
			free((*items)[i].lines);
		free(*items);
		*items = NULL;
		*n = 0;
	}
	return qs;
}

/* --- the walk of verify --- */

enum db_qs store_ledger_snapshot(struct db *db, struct bf_err *e)
{
	if (db_engine(db) != DB_PG)
		return DB_ONE;
	/* DDL-like session setting: the one engine-specific text here */
	enum db_qs qs =
	    db_exec(db, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", NULL, 0, NULL, e);
	return qs < 0 ? qs : DB_ONE;
}

/* Postings per round trip: bounds the memory of a walk on PostgreSQL,
 * whose driver holds a whole result in memory. */
#define WALK_CHUNK 20000

struct walk_lines {
	int64_t *posting;
	struct ledger_line *line;
	size_t n, alloc;
};

static enum db_qs walk_postings(struct db *db, int64_t fund_id, int64_t after,
				struct ledger_posting **items, size_t *n, struct bf_err *e)
{
	struct db_val args[] = {DB_INT(after), DB_INT(WALK_CHUNK), DB_INT(fund_id)};
	if (fund_id)
		return st_fetch_all(db,
				    "SELECT " POSTING_COLS " FROM ledger_postings p "
				    "WHERE p.id > $1 AND p.fund_id = $3 ORDER BY p.id LIMIT $2",
				    args, 3, sizeof(**items), read_posting, (void **)items, n, e);
	return st_fetch_all(db,
			    "SELECT " POSTING_COLS " FROM ledger_postings p "
			    "WHERE p.id > $1 ORDER BY p.id LIMIT $2",
			    args, 2, sizeof(**items), read_posting, (void **)items, n, e);
}

/* The lines with posting ids in (after, upto] (upto < 0: no upper end) of
 * fund_id's accounts (0: all), by posting and line number. */
static enum db_qs walk_lines(struct db *db, int64_t fund_id, int64_t after, int64_t upto,
			     struct walk_lines *wl, struct bf_err *e)
{
	struct qb w = {STRBUF_INIT, {{0}}, 0};
	struct db_rows *r = NULL;
	int rc;

	wl->n = 0;
	qb_add(&w, "SELECT l.posting_id, l.account_id, l.amount FROM ledger_lines l");
	if (fund_id) {
		qb_add(&w, " JOIN fund_accounts a ON a.id = l.account_id AND a.fund_id = ");
		qb_arg(&w, DB_INT(fund_id));
	}
	qb_add(&w, " WHERE l.posting_id > ");
	qb_arg(&w, DB_INT(after));
	if (upto >= 0) {
		qb_add(&w, " AND l.posting_id <= ");
		qb_arg(&w, DB_INT(upto));
	}
	qb_add(&w, " ORDER BY l.posting_id, l.line_no");
	enum db_qs qs = db_query(db, strbuf_str(&w.sql), w.args, w.n, &r, e);
	strbuf_release(&w.sql);
	if (qs != DB_ONE)
		return qs;
	while ((rc = db_next(r)) == 1) {
		if (wl->n == wl->alloc) {
			wl->alloc = wl->alloc ? 2 * wl->alloc : 1024;
			wl->posting = xreallocarray(wl->posting, wl->alloc, sizeof(*wl->posting));
			wl->line = xreallocarray(wl->line, wl->alloc, sizeof(*wl->line));
		}
		wl->posting[wl->n] = db_int(r, 0);
		struct ledger_line *l = &wl->line[wl->n++];
		l->account[0] = '\0';
		l->account_id = db_int(r, 1);
		l->amount = db_int(r, 2);
	}
	db_rows_free(r);
	return rc < 0 ? st_next_failed(rc, e) : DB_ONE;
}

/* Hands each posting of ps with its lines (merged by posting id) to the
 * walker; lines naming no posting of the chunk go to orphan.  1 when the
 * walker stopped. */
static int walk_merge(struct ledger_posting *ps, size_t n, const struct walk_lines *wl,
		      const struct store_ledger_walk *w)
{
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		while (j < wl->n && wl->posting[j] < ps[i].id)
			if (w->orphan && w->orphan(wl->posting[j++], w->ctx))
				return 1;
		size_t first = j;
		while (j < wl->n && wl->posting[j] == ps[i].id)
			j++;
		ps[i].lines = wl->line + first;
		ps[i].nlines = j - first;
		int stop = w->posting(&ps[i], w->ctx);
		ps[i].lines = NULL;
		if (stop)
			return 1;
	}
	for (; j < wl->n; j++)
		if (w->orphan && w->orphan(wl->posting[j], w->ctx))
			return 1;
	return 0;
}

enum db_qs store_ledger_walk(struct db *db, int64_t fund_id, const struct store_ledger_walk *w,
			     struct bf_err *e)
{
	struct walk_lines wl = {0};
	int64_t after = 0;
	enum db_qs qs;

	for (;;) {
		struct ledger_posting *ps = NULL;
		size_t n = 0;
		qs = walk_postings(db, fund_id, after, &ps, &n, e);
		if (qs < 0)
			break;
		/* the last chunk takes every line after it: orphans at the end */
		int64_t upto = n == WALK_CHUNK ? ps[n - 1].id : -1;
		qs = walk_lines(db, fund_id, after, upto, &wl, e);
		int stop = qs >= 0 && walk_merge(ps, n, &wl, w);
		if (n)
			after = ps[n - 1].id;
		free(ps);
		if (qs < 0 || stop || upto < 0)
			break;
	}
	free(wl.posting);
	free(wl.line);
	return qs < 0 ? qs : DB_ONE;
}
