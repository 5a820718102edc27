/* db_impl.h - what db.c shares with the two drivers (private to src/store).
 * db.c owns the engine-independent parts (URL dispatch, transactions, the
 * retry loop, migrations, the pool); a driver only runs statements. */
#ifndef BANGFU_STORE_DB_IMPL_H
#define BANGFU_STORE_DB_IMPL_H
#include "db.h"

/* Every driver's cursor starts with this, so db_next etc. find the driver. */
struct db_rows {
	const struct db_driver *drv;
};

struct db_driver {
	enum db_engine engine;
	/* Connects and sets the session up; db->conn receives the driver state. */
	int (*open)(struct db *db, const char *url, struct bf_err *e);
	void (*close)(struct db *db);
	/* One statement with $1..$n parameters through the statement cache.
	 * rows NULL: results are discarded.  changes may be NULL. */
	enum db_qs (*run)(struct db *db, const char *sql, const struct db_val *args, int nargs,
			  struct db_rows **rows, int64_t *changes, struct bf_err *e);
	/* Several statements without parameters (migration DDL), uncached. */
	enum db_qs (*script)(struct db *db, const char *sql, struct bf_err *e);
	/* Called when a transaction has ended (may be NULL). */
	void (*after_tx)(struct db *db);
	/* db_bulk (may be NULL: nothing to tune). */
	void (*bulk)(struct db *db, int on);
	int (*next)(struct db_rows *r);
	int (*is_null)(struct db_rows *r, int col);
	int64_t (*get_int)(struct db_rows *r, int col);
	const char *(*get_text)(struct db_rows *r, int col);
	void (*rows_free)(struct db_rows *r);
};

struct db {
	const struct db_driver *drv;
	char *path;   /* SQLite file, "" for PostgreSQL */
	int in_tx;    /* between db_begin and db_commit/db_rollback: 2 a write one */
	uint64_t rng; /* backoff jitter */
	void *conn;   /* the driver's state */
	/* the engine's words for the last failure (db_fail), for the log */
	char last_error[512];
	const char *tx_name; /* the running db_run_tx's name, NULL outside */
};

extern const struct db_driver db_sqlite_driver;
extern const struct db_driver db_pg_driver;

/* The SQLite connection of db (backup.c), NULL on PostgreSQL. */
struct sqlite3;
struct sqlite3 *db_sqlite_handle(struct db *db);

/* Fills e for an engine error and returns qs.  code EC_DB for hard errors,
 * EC_CONFLICT for a unique violation, EC_INVALID for other constraint
 * violations; e gets the registry's Chinese message only.  The engine's
 * own message goes to the log (log.h): at once outside db_run_tx, with the
 * transaction's name by the runner inside it. */
enum db_qs db_fail(struct db *db, struct bf_err *e, enum db_qs qs, enum ec code,
		   const char *engine_msg);

#endif
