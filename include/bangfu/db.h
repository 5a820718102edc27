/* db.h - the one query API over two engines (SQLite, PostgreSQL/libpq).
 *
 * Query text is written once with $1..$n placeholders and runs on both
 * engines; statements are prepared once per connection and cached by their
 * text.  Values cross the API as integers, text or NULL only (binary data is
 * stored as base64/hex text), so both drivers behave the same. */
#ifndef BANGFU_DB_H
#define BANGFU_DB_H
#include <stdint.h>
#include <stddef.h>
#include "err.h"

enum db_engine { DB_SQLITE, DB_PG };

/* Results of store calls (after Taler): retry, hard error, none, one+.
 * -1 is deliberately left out: it is a domain error (err_set returns -1), so
 * a transaction function can return any of the three failures unambiguously. */
enum db_qs { DB_RETRY = -3, DB_HARD = -2, DB_NONE = 0, DB_ONE = 1 };

enum db_type { DBV_NULL, DBV_INT, DBV_TEXT };
struct db_val {
	enum db_type type;
	int64_t i;
	const char *s;
};
#define DB_NULLV  ((struct db_val){DBV_NULL, 0, NULL})
#define DB_INT(x) ((struct db_val){DBV_INT, (int64_t)(x), NULL})
/* NULL pointer binds SQL NULL. */
#define DB_TEXT(x) ((struct db_val){(x) ? DBV_TEXT : DBV_NULL, 0, (x)})

struct db;
struct db_rows;

/* url: "sqlite:PATH" or "postgresql://..." / "postgres://..." or any libpq
 * conninfo string containing '='.  SQLite: WAL, foreign keys on, busy
 * timeout 5 s.  PostgreSQL: DateStyle ISO, client_encoding UTF8. */
int db_open(struct db **out, const char *url, struct bf_err *e);
void db_close(struct db *db);
enum db_engine db_engine(const struct db *db);
/* The SQLite file path ("" for PostgreSQL). */
const char *db_path(const struct db *db);

/* Applies pending numbered migrations (src/store/sql/<engine>/NNNN-*.sql,
 * compiled in) inside transactions, recorded in table schema_migrations. */
int db_migrate(struct db *db, struct bf_err *e);
/* Runs the script of migration version once more in one transaction,
 * without recording it: for the tests of a data migration, which put the
 * rows it finds in place after the database is migrated.  EC_INVALID for
 * a version the program does not know. */
int db_migration_rerun(struct db *db, int version, struct bf_err *e);

/* Runs a statement; rows (may be NULL when none are wanted) receives a
 * cursor that must be passed to db_rows_free.  Returns DB_ONE when a
 * cursor/row is available or the statement changed rows, DB_NONE when not,
 * DB_RETRY on SQLITE_BUSY / serialization failure / deadlock, DB_HARD on
 * other errors (e filled with EC_DB and the engine's message in the log). */
enum db_qs db_query(struct db *db, const char *sql, const struct db_val *args, int nargs,
		    struct db_rows **rows, struct bf_err *e);
/* Executes a statement without rows; *changes (may be NULL) gets the number
 * of rows changed. */
enum db_qs db_exec(struct db *db, const char *sql, const struct db_val *args, int nargs,
		   int64_t *changes, struct bf_err *e);
/* Advances the cursor: 1 a row, 0 done, DB_RETRY / DB_HARD on error. */
int db_next(struct db_rows *r);
int db_is_null(struct db_rows *r, int col);
int64_t db_int(struct db_rows *r, int col);
/* Never NULL ("" for SQL NULL); valid until the next db_next/db_rows_free. */
const char *db_text(struct db_rows *r, int col);
void db_rows_free(struct db_rows *r);

/* Transactions.  write=1 takes the write lock up front on SQLite
 * (BEGIN IMMEDIATE); on PostgreSQL isolation is READ COMMITTED. */
enum db_qs db_begin(struct db *db, int write, struct bf_err *e);
enum db_qs db_commit(struct db *db, struct bf_err *e);
/* A number that changes whenever a write transaction of this process
 * commits: caches of query results compare it to know they are current. */
uint64_t db_write_generation(void);
/* 1 between db_begin and db_commit/db_rollback. */
int db_in_tx(const struct db *db);
void db_rollback(struct db *db);

/* The one transaction runner: begin, call fn, commit; on DB_RETRY from fn
 * or commit, roll back and try again (up to 10 times, with backoff).  fn
 * returns 0 on success, -1 on a domain error (rolled back, e kept, returned
 * as -1), or DB_RETRY / DB_HARD (returned as -1 after the retries, with e
 * filled with the registry's code and Chinese message, never the engine's
 * text).  name says which transaction it is in the log (log.h), where each
 * retry and a final failure go with the engine's own words.
 * Returns 0 or -1 — except when called inside an open transaction (another
 * runner's fn): the outer runner owns begin, commit and retries, so fn's
 * answer is returned unchanged (DB_RETRY and DB_HARD included) for it. */
typedef int (*db_tx_fn)(struct db *db, void *ctx, struct bf_err *e);
int db_run_tx(struct db *db, const char *name, int write, db_tx_fn fn, void *ctx, struct bf_err *e);

/* Bulk mode for a long import transaction (SQLite; nothing on
 * PostgreSQL): a 128 MiB page cache and temp_store=FILE for the index
 * rebuilds.  Durability is untouched.  Call db_bulk(db, 0) before COMMIT. */
void db_bulk(struct db *db, int on);

/* Backup and restore (src/store/backup.c; SQLite only: PostgreSQL answers
 * EC_INVALID naming pg_dump / pg_restore).
 * db_backup: a consistent copy of db into the file path while other
 * connections and processes keep reading and writing (SQLite's online
 * backup API, one read transaction), written beside path as one
 * self-contained file (rollback journal, not WAL), synced and renamed over
 * path only when complete. */
int db_backup(struct db *db, const char *path, struct bf_err *e);
/* Checks that path is a bangfu SQLite database this binary can open: not
 * damaged (PRAGMA quick_check), with schema_migrations at a version no newer
 * than this binary's (*version gets it), opened read-only. */
int db_backup_check(const char *path, int64_t *version, struct bf_err *e);
/* Replaces everything in db by the database in the file src (opened
 * read-only), or by the database src_db, in one write transaction: other
 * connections see the old database or the new one, never a mix. */
int db_restore_file(struct db *db, const char *src, struct bf_err *e);
int db_copy(struct db *db, struct db *src_db, struct bf_err *e);

/* A pool of connections for the server's worker threads. */
struct db_pool;
int db_pool_open(struct db_pool **out, const char *url, int size, struct bf_err *e);
struct db *db_pool_get(struct db_pool *p); /* blocks until one is free */
void db_pool_put(struct db_pool *p, struct db *db);
void db_pool_close(struct db_pool *p);

#endif
