/* db.c - the engine-independent half of db.h: picking the driver from the
 * URL, statements and cursors dispatched to it, transactions and the one
 * transaction runner that retries busy / serialization failures. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "store/db_impl.h"

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
	struct db *db = calloc(1, sizeof(*db));
	if (!db)
		BUG("out of memory");
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

enum db_qs db_fail(struct db *db, struct bf_err *e, enum db_qs qs, enum ec code,
		   const char *engine_msg)
{
	if (!e)
		return qs;
	if (qs == DB_RETRY)
		err_set(e, EC_DB, NULL, "数据库繁忙，请稍后重试（%s）", engine_msg);
	else
		err_set(e, code, NULL, "%s（%s）", ec_message(code), engine_msg);
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

int db_run_tx(struct db *db, int write, db_tx_fn fn, void *ctx, struct bf_err *e)
{
	struct bf_err scratch;
	int rc, retry;

	if (!e)
		e = &scratch;
	/* Nested in an open transaction: the outer runner owns begin, commit
	 * and retry, so fn's answer goes up unchanged (DB_RETRY included). */
	if (db->in_tx)
		return fn(db, ctx, e);
	for (int attempt = 0; attempt < 10; attempt++) {
		if (attempt)
			backoff(db, attempt);
		err_clear(e);
		rc = attempt_tx(db, write, fn, ctx, e, &retry);
		if (rc == 0)
			return 0;
		if (!retry) {
			if (e->code == EC_OK) /* fn answered DB_HARD without saying why */
				err_set(e, EC_DB, NULL, NULL);
			return -1;
		}
	}
	err_set(e, EC_DB, NULL, "数据库繁忙，重试 10 次仍未成功，请稍后再试");
	return -1;
}

void db_bulk(struct db *db, int on)
{
	if (db->drv->bulk)
		db->drv->bulk(db, on);
}
