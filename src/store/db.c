/* db.c - the engine-independent half of db.h: picking the driver from the
 * URL, statements and cursors dispatched to it, transactions and the one
 * transaction runner that retries busy / serialization failures. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "store/db_impl.h"
#include "log.h"
#include "wrapper.h"

static int has_prefix(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static const struct db_driver *driver_for(const char *url)
{
	if (has_prefix(url, "sqlite:"))
		return &db_sqlite_driver;
	if (has_prefix(url, "postgresql://") || has_prefix(url, "postgres://") || strchr(url, '='))
		return &db_pg_driver;
	return NULL;
}

int db_open(struct db **out, const char *url, struct bf_err *e)
{
	const struct db_driver *drv = url ? driver_for(url) : NULL;
	struct timespec ts;

	*out = NULL;
	if (!drv)
		return err_set(e, EC_INVALID, "db",
			       "无法识别的数据库地址“%s”：应为 sqlite:文件路径 或 postgresql://…",
			       url ? url : "");
	struct db *db = xcalloc(1, sizeof(*db));
	db->drv = drv;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	db->rng = (uint64_t)ts.tv_nsec ^ ((uint64_t)(uintptr_t)db << 16) ^ 0x9e3779b97f4a7c15ULL;
	if (drv->open(db, url, e)) {
		db_close(db);
		return -1;
	}
	*out = db;
	return 0;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	db->drv->close(db);
	free(db->path);
	free(db);
}

enum db_engine db_engine(const struct db *db)
{
	return db->drv->engine;
}

const char *db_path(const struct db *db)
{
	return db->path ? db->path : "";
}

static const char *engine_name(const struct db *db)
{
	return db->drv->engine == DB_SQLITE ? "sqlite" : "postgresql";
}

enum db_qs db_fail(struct db *db, struct bf_err *e, enum db_qs qs, enum ec code,
		   const char *engine_msg)
{
	/* inside the runner, which logs it with its name, the first failure
	 * of an attempt is the one to tell (on PostgreSQL the statements
	 * after it only say the transaction is aborted) */
	if (!db->tx_name || !db->last_error[0])
		snprintf(db->last_error, sizeof(db->last_error), "%s",
			 engine_msg ? engine_msg : "");
	if (!db->tx_name)
		log_error("db %s: %s", engine_name(db), db->last_error);
	if (!e)
		return qs;
	if (qs == DB_RETRY)
		err_set(e, EC_DB, NULL, "数据库繁忙，请稍后重试");
	else
		err_set(e, code, NULL, NULL);
	return qs;
}

enum db_qs db_query(struct db *db, const char *sql, const struct db_val *args, int nargs,
		    struct db_rows **rows, struct bf_err *e)
{
	return db->drv->run(db, sql, args, nargs, rows, NULL, e);
}

enum db_qs db_exec(struct db *db, const char *sql, const struct db_val *args, int nargs,
		   int64_t *changes, struct bf_err *e)
{
	return db->drv->run(db, sql, args, nargs, NULL, changes, e);
}

int db_next(struct db_rows *r)
{
	return r ? r->drv->next(r) : 0;
}

int db_is_null(struct db_rows *r, int col)
{
	return r->drv->is_null(r, col);
}

int64_t db_int(struct db_rows *r, int col)
{
	return r->drv->get_int(r, col);
}

const char *db_text(struct db_rows *r, int col)
{
	return r->drv->get_text(r, col);
}

void db_rows_free(struct db_rows *r)
{
	if (r)
		r->drv->rows_free(r);
}

enum db_qs db_begin(struct db *db, int write, struct bf_err *e)
{
	const char *sql = write && db->drv->engine == DB_SQLITE ? "BEGIN IMMEDIATE" : "BEGIN";
	enum db_qs qs = db_exec(db, sql, NULL, 0, NULL, e);
	if (qs < 0)
		return qs;
	db->in_tx = write ? 2 : 1;
	return DB_ONE;
}

/* Bumped by every committed write transaction of this process. */
static atomic_uint_fast64_t write_generation = 1;

int db_in_tx(const struct db *db)
{
	return db->in_tx != 0;
}

uint64_t db_write_generation(void)
{
	return atomic_load(&write_generation);
}

enum db_qs db_commit(struct db *db, struct bf_err *e)
{
	enum db_qs qs = db_exec(db, "COMMIT", NULL, 0, NULL, e);
	if (qs < 0)
		return qs; /* still open: the caller rolls back */
	if (db->in_tx == 2)
		atomic_fetch_add(&write_generation, 1);
	db->in_tx = 0;
	if (db->drv->after_tx)
		db->drv->after_tx(db);
	return DB_ONE;
}

void db_rollback(struct db *db)
{
	/* Errors are of no interest: SQLite may already have rolled back. */
	db_exec(db, "ROLLBACK", NULL, 0, NULL, NULL);
	db->in_tx = 0;
	if (db->drv->after_tx)
		db->drv->after_tx(db);
}

/* Sleeps 1..2^attempt ms (at most ~64 ms), jittered so two writers that
 * collided do not collide again in lockstep. */
static void backoff(struct db *db, int attempt)
{
	db->rng ^= db->rng << 13;
	db->rng ^= db->rng >> 7;
	db->rng ^= db->rng << 17;
	long span = 1L << (attempt < 6 ? attempt : 6);
	long ms = 1 + (long)(db->rng % (uint64_t)span);
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* One attempt; *retry says whether it failed in a way worth repeating. */
static int attempt_tx(struct db *db, int write, db_tx_fn fn, void *ctx, struct bf_err *e,
		      int *retry)
{
	*retry = 0;
	int rc = db_begin(db, write, e);
	if (rc < 0) {
		*retry = rc == DB_RETRY;
		return rc;
	}
	rc = fn(db, ctx, e);
	if (rc == 0) {
		rc = db_commit(db, e);
		if (rc >= 0)
			return 0;
	}
	db_rollback(db);
	*retry = rc == DB_RETRY;
	return rc;
}

/* What the log says of a failed attempt: the engine's words, else the
 * message fn gave with DB_HARD. */
static const char *failure_text(const struct db *db, const struct bf_err *e)
{
	return db->last_error[0] ? db->last_error : e->message[0] ? e->message : "no detail";
}

#define TX_ATTEMPTS 10

/* The attempts of db_run_tx; the caller has set db->tx_name. */
static int run_attempts(struct db *db, int write, db_tx_fn fn, void *ctx, struct bf_err *e)
{
	int rc, retry;
	for (int attempt = 0; attempt < TX_ATTEMPTS; attempt++) {
		if (attempt)
			backoff(db, attempt);
		err_clear(e);
		db->last_error[0] = '\0';
		rc = attempt_tx(db, write, fn, ctx, e, &retry);
		if (rc == 0)
			return 0;
		if (!retry) {
			if (e->code == EC_OK) /* fn answered DB_HARD without saying why */
				err_set(e, EC_DB, NULL, NULL);
			if (rc != -1) /* -1 is the domain's answer, not a failure */
				log_error("tx %s failed (%s): %s", db->tx_name, ec_code(e->code),
					  failure_text(db, e));
			return -1;
		}
		log_error("tx %s: attempt %d of %d failed, retrying: %s", db->tx_name, attempt + 1,
			  TX_ATTEMPTS, failure_text(db, e));
	}
	log_error("tx %s failed: still busy after %d attempts", db->tx_name, TX_ATTEMPTS);
	err_set(e, EC_DB, NULL, "数据库繁忙，重试 %d 次仍未成功，请稍后再试", TX_ATTEMPTS);
	return -1;
}

int db_run_tx(struct db *db, const char *name, int write, db_tx_fn fn, void *ctx, struct bf_err *e)
{
	struct bf_err scratch;
	if (!e)
		e = &scratch;
	/* Nested in an open transaction: the outer runner owns begin, commit
	 * and retry, so fn's answer goes up unchanged (DB_RETRY included). */
	if (db->in_tx)
		return fn(db, ctx, e);
	db->tx_name = name ? name : "unnamed";
	int rc = run_attempts(db, write, fn, ctx, e);
	db->tx_name = NULL;
	return rc;
}

void db_bulk(struct db *db, int on)
{
	if (db->drv->bulk)
		db->drv->bulk(db, on);
}
