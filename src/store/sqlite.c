/* sqlite.c - the SQLite driver behind db.h.  Statements are prepared once per
 * connection and cached by text; the $1..$n placeholders of the shared query
 * text are SQLite named parameters, bound by name.  SQLITE_BUSY / LOCKED
 * become DB_RETRY so db_run_tx can start the transaction again. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "store/db_impl.h"
#include "store/stmt_cache.h"
#include "wrapper.h"

struct sq_conn {
	sqlite3 *h;
	struct stmt_cache cache;
};

/* A prepared statement and where each $N landed among SQLite's indexes. */
struct sq_stmt {
	sqlite3_stmt *st;
	int nparam; /* highest N of $N */
	int *map;   /* map[N] = bind index of $N */
	int busy;   /* a cursor is open over it */
	int owned;  /* not in the cache: finalize when the cursor ends */
};

enum { ROW_PENDING, ROW_STEPPING, ROW_DONE };

struct sq_rows {
	struct db_rows base;
	struct sq_stmt *s;
	int state;
};

/* Applied to every connection.  WAL lets readers run beside the one
 * writer.  Reads go through mmap, so the page cache mostly holds the dirty
 * pages of write transactions; db_bulk raises it for a long import. */
static const char *const session_pragmas = "PRAGMA journal_mode=WAL;"
					   "PRAGMA foreign_keys=ON;"
					   "PRAGMA synchronous=NORMAL;"
					   "PRAGMA temp_store=MEMORY;"
					   "PRAGMA mmap_size=1073741824;"
					   "PRAGMA cache_size=-65536;";

/* A long import touches the unique id_bidx index in random order: it
 * should stay in the cache, or inserts spill its pages to the WAL and read
 * them back.  The table's pages are written once and never again, so they
 * may spill to the WAL while the import goes on (they go there at COMMIT
 * anyway).  128 MiB holds the index of some 3 million members; measured
 * (bench/RESULTS.md), 10^6 members import no faster with 256 or 512 MiB,
 * 3 * 10^6 ~7% faster with 512 MiB.  The cache only grows as it is used.
 * temp_store=FILE: the sorter of CREATE INDEX (the import rebuilds two)
 * takes a faster path when temporary storage is not in memory (10^6
 * members: 0.45 s instead of 0.9 s for members_org_id, 1.2 s instead of
 * 1.5 s for members_phone_bidx), and it sorts in memory only up to the
 * cache size, spilling past it into SQLite's temporary directory: with
 * temp_store=MEMORY it held every key in memory, so a larger file took
 * more memory.  Now the import's peak stays within about three times the
 * cache whatever the file size (218 MiB at 10^6 members, 388 MiB at
 * 3 * 10^6).
 * Durability is left alone: synchronous=OFF would gain nothing, since in
 * WAL mode only COMMIT and checkpoints sync, and those must stay durable. */
static const char *const bulk_on = "PRAGMA cache_size=-131072; PRAGMA temp_store=FILE;";
static const char *const bulk_off = "PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;";

/* Cache memory above this is given back when a transaction ends. */
#define KEEP_CACHE_BYTES (64 << 20)

static enum db_qs fail_rc(struct db *db, struct bf_err *e)
{
	struct sq_conn *c = db->conn;
	int xrc = sqlite3_extended_errcode(c->h);
	const char *msg = sqlite3_errmsg(c->h);

	switch (xrc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return db_fail(db, e, DB_RETRY, EC_DB, msg);
	case SQLITE_CONSTRAINT:
		if (xrc == SQLITE_CONSTRAINT_UNIQUE || xrc == SQLITE_CONSTRAINT_PRIMARYKEY)
			return db_fail(db, e, DB_HARD, EC_CONFLICT, msg);
		if (xrc == SQLITE_CONSTRAINT_TRIGGER)
			return db_fail(db, e, DB_HARD, EC_FORBIDDEN, msg);
		return db_fail(db, e, DB_HARD, EC_INVALID, msg);
	default:
		return db_fail(db, e, DB_HARD, EC_DB, msg);
	}
}

static int sq_open(struct db *db, const char *url, struct bf_err *e)
{
	const char *path = url + strlen("sqlite:");
	struct sq_conn *c = xcalloc(1, sizeof(*c));
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
	char *msg = NULL;

	db->conn = c;
	db->path = xstrdup(path);
	if (!*path)
		return err_set(e, EC_INVALID, "db", "数据库地址缺少文件路径：%s", url);
	if (sqlite3_open_v2(path, &c->h, flags, NULL) != SQLITE_OK) {
		err_set(e, EC_DB, "db", "无法打开数据库文件 %s：%s", path,
			c->h ? sqlite3_errmsg(c->h) : "out of memory");
		return -1;
	}
	sqlite3_extended_result_codes(c->h, 1);
	sqlite3_busy_timeout(c->h, 5000);
	if (sqlite3_exec(c->h, session_pragmas, NULL, NULL, &msg) != SQLITE_OK) {
		err_set(e, EC_DB, "db", "无法设置数据库 %s：%s", path, msg ? msg : "");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static void stmt_free(struct sq_stmt *s)
{
	sqlite3_finalize(s->st);
	free(s->map);
	free(s);
}

static void stmt_fin(void *stmt, void *arg)
{
	stmt_free(stmt);
}

static void sq_close(struct db *db)
{
	struct sq_conn *c = db->conn;
	if (!c)
		return;
	sc_clear(&c->cache, stmt_fin, NULL);
	sqlite3_close(c->h);
	free(c);
	db->conn = NULL;
}

sqlite3 *db_sqlite_handle(struct db *db)
{
	struct sq_conn *c = db->drv == &db_sqlite_driver ? db->conn : NULL;
	return c ? c->h : NULL;
}

/* Finds where each "$N" went: SQLite numbers named parameters by first
 * appearance, and a repeated $N shares one index. */
static int map_params(struct sq_stmt *s)
{
	int count = sqlite3_bind_parameter_count(s->st);
	char name[16];

	s->map = xcalloc((size_t)count + 1, sizeof(int));
	for (int n = 1; n <= count; n++) {
		snprintf(name, sizeof(name), "$%d", n);
		int idx = sqlite3_bind_parameter_index(s->st, name);
		if (!idx)
			return -1; /* "?" or a gap in the numbering */
		s->map[n] = idx;
	}
	s->nparam = count;
	return 0;
}

static struct sq_stmt *prepare(struct db *db, const char *sql, int persistent, struct bf_err *e,
			       enum db_qs *qs)
{
	struct sq_conn *c = db->conn;
	struct sq_stmt *s = xcalloc(1, sizeof(*s));
	unsigned flags = persistent ? SQLITE_PREPARE_PERSISTENT : 0;

	if (sqlite3_prepare_v3(c->h, sql, -1, flags, &s->st, NULL) != SQLITE_OK) {
		*qs = fail_rc(db, e);
		free(s);
		return NULL;
	}
	if (!s->st || map_params(s)) {
		*qs = db_fail(db, e, DB_HARD, EC_DB, "placeholders must be $1..$n without gaps");
		stmt_free(s);
		return NULL;
	}
	return s;
}

/* The cached statement for sql; a private copy while the cached one has a
 * cursor open (a callback of a streaming read running its own query). */
static struct sq_stmt *get_stmt(struct db *db, const char *sql, struct bf_err *e, enum db_qs *qs)
{
	struct sq_conn *c = db->conn;
	uint64_t h = 0;
	struct sc_entry *ent = sc_get(&c->cache, sql, &h);
	struct sq_stmt *s;

	if (ent) {
		s = ent->stmt;
		if (!s->busy)
			return s;
		s = prepare(db, sql, 0, e, qs);
		if (s)
			s->owned = 1;
		return s;
	}
	s = prepare(db, sql, 1, e, qs);
	if (s)
		sc_add(&c->cache, sql, h, s);
	return s;
}

static void release(struct sq_stmt *s)
{
	sqlite3_reset(s->st);
	sqlite3_clear_bindings(s->st);
	s->busy = 0;
	if (s->owned)
		stmt_free(s);
}

/* Text is bound without a copy unless a cursor will read rows after this
 * call returns: a SELECT's parameters are evaluated row by row, while a DML
 * statement (RETURNING or not) does all its work in the first step. */
static int bind(struct sq_stmt *s, const struct db_val *args, int nargs, int cursor)
{
	sqlite3_destructor_type how =
	    cursor && sqlite3_stmt_readonly(s->st) ? SQLITE_TRANSIENT : SQLITE_STATIC;
	if (nargs != s->nparam)
		return -1;
	for (int i = 0; i < nargs; i++) {
		int idx = s->map[i + 1], rc;
		switch (args[i].type) {
		case DBV_INT:
			rc = sqlite3_bind_int64(s->st, idx, args[i].i);
			break;
		case DBV_TEXT:
			rc = sqlite3_bind_text(s->st, idx, args[i].s, -1, how);
			break;
		default:
			rc = sqlite3_bind_null(s->st, idx);
			break;
		}
		if (rc != SQLITE_OK)
			return -1;
	}
	return 0;
}

static enum db_qs open_cursor(struct db *db, struct sq_stmt *s, struct db_rows **rows)
{
	struct sq_rows *r = xcalloc(1, sizeof(*r));
	r->base.drv = &db_sqlite_driver;
	r->s = s;
	r->state = ROW_PENDING;
	s->busy = 1;
	*rows = &r->base;
	return DB_ONE;
}

static enum db_qs sq_run(struct db *db, const char *sql, const struct db_val *args, int nargs,
			 struct db_rows **rows, int64_t *changes, struct bf_err *e)
{
	struct sq_conn *c = db->conn;
	enum db_qs qs = DB_HARD;
	struct sq_stmt *s = get_stmt(db, sql, e, &qs);
	int rc, got_row = 0;

	if (rows)
		*rows = NULL;
	if (changes)
		*changes = 0;
	if (!s)
		return qs;
	if (bind(s, args, nargs, rows != NULL)) {
		release(s);
		return db_fail(db, e, DB_HARD, EC_DB, "wrong number of parameters");
	}
	rc = sqlite3_step(s->st);
	if (rc == SQLITE_ROW && rows)
		return open_cursor(db, s, rows);
	while (rc == SQLITE_ROW) {
		got_row = 1;
		rc = sqlite3_step(s->st);
	}
	if (rc != SQLITE_DONE) {
		qs = fail_rc(db, e);
		release(s);
		return qs;
	}
	int64_t n = sqlite3_stmt_readonly(s->st) ? 0 : sqlite3_changes64(c->h);
	release(s);
	if (changes)
		*changes = n;
	return got_row || n > 0 ? DB_ONE : DB_NONE;
}

static enum db_qs sq_script(struct db *db, const char *sql, struct bf_err *e)
{
	struct sq_conn *c = db->conn;
	if (sqlite3_exec(c->h, sql, NULL, NULL, NULL) != SQLITE_OK)
		return fail_rc(db, e);
	return DB_ONE;
}

static void sq_after_tx(struct db *db)
{
	struct sq_conn *c = db->conn;
	int used = 0, high = 0;
	if (sqlite3_db_status(c->h, SQLITE_DBSTATUS_CACHE_USED, &used, &high, 0) == SQLITE_OK &&
	    used > KEEP_CACHE_BYTES)
		sqlite3_db_release_memory(c->h);
}

static void sq_bulk(struct db *db, int on)
{
	struct sq_conn *c = db->conn;
	/* only PRAGMAs that cannot fail on an open connection */
	sqlite3_exec(c->h, on ? bulk_on : bulk_off, NULL, NULL, NULL);
}

static int sq_next(struct db_rows *base)
{
	struct sq_rows *r = (struct sq_rows *)base;
	switch (r->state) {
	case ROW_PENDING:
		r->state = ROW_STEPPING;
		return 1;
	case ROW_STEPPING:
		break;
	default:
		return 0;
	}
	int rc = sqlite3_step(r->s->st);
	if (rc == SQLITE_ROW)
		return 1;
	r->state = ROW_DONE;
	if (rc == SQLITE_DONE)
		return 0;
	rc &= 0xff;
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return DB_RETRY;
	return DB_HARD;
}

static int sq_is_null(struct db_rows *base, int col)
{
	struct sq_rows *r = (struct sq_rows *)base;
	return sqlite3_column_type(r->s->st, col) == SQLITE_NULL;
}

static int64_t sq_get_int(struct db_rows *base, int col)
{
	struct sq_rows *r = (struct sq_rows *)base;
	return sqlite3_column_int64(r->s->st, col);
}

static const char *sq_get_text(struct db_rows *base, int col)
{
	struct sq_rows *r = (struct sq_rows *)base;
	const unsigned char *t = sqlite3_column_text(r->s->st, col);
	return t ? (const char *)t : "";
}

static void sq_rows_free(struct db_rows *base)
{
	struct sq_rows *r = (struct sq_rows *)base;
	release(r->s);
	free(r);
}

const struct db_driver db_sqlite_driver = {
    .engine = DB_SQLITE,
    .open = sq_open,
    .close = sq_close,
    .run = sq_run,
    .script = sq_script,
    .after_tx = sq_after_tx,
    .bulk = sq_bulk,
    .next = sq_next,
    .is_null = sq_is_null,
    .get_int = sq_get_int,
    .get_text = sq_get_text,
    .rows_free = sq_rows_free,
};
