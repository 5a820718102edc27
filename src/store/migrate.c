/* migrate.c - db_migrate: applies the compiled-in numbered migrations of the
 * connection's engine, one transaction each, recorded in schema_migrations.
 * Forward only.  Two processes migrating at once serialise on a lock taken
 * first thing in each transaction (PostgreSQL: an advisory transaction lock;
 * SQLite: BEGIN IMMEDIATE), then re-read the version under it. */
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include "store/db_impl.h"
#include "store/migrate.h"

/* Any constant both processes agree on: "bangfu" in ASCII. */
#define MIGRATE_LOCK_KEY 0x62616e676675LL

static const char *const create_table = "CREATE TABLE IF NOT EXISTS schema_migrations ("
					"version INTEGER PRIMARY KEY, "
					"name TEXT NOT NULL, "
					"applied_at BIGINT NOT NULL)";

struct step {
	const struct db_migration *migs;
	size_t n;
	int done; /* set when nothing was left to apply */
};

static enum db_qs current_version(struct db *db, int64_t *version, struct bf_err *e)
{
	struct db_rows *r = NULL;
	enum db_qs qs =
	    db_query(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", NULL, 0, &r, e);
	*version = 0;
	if (qs < 0)
		return qs;
	if (db_next(r) == 1)
		*version = db_int(r, 0);
	db_rows_free(r);
	return DB_ONE;
}

/* One transaction: lock, read the version, apply the next migration. */
static int apply_next(struct db *db, void *ctx, struct bf_err *e)
{
	struct step *st = ctx;
	int64_t version;
	enum db_qs qs;

	if (db_engine(db) == DB_PG) {
		struct db_val key = DB_INT(MIGRATE_LOCK_KEY);
		qs = db_query(db, "SELECT pg_advisory_xact_lock(CAST($1 AS BIGINT))", &key, 1, NULL,
			      e);
		if (qs < 0)
			return qs;
	}
	qs = db_exec(db, create_table, NULL, 0, NULL, e);
	if (qs < 0)
		return qs;
	qs = current_version(db, &version, e);
	if (qs < 0)
		return qs;
	if (version > (int64_t)st->n)
		return err_set(e, EC_DB, "db",
			       "数据库结构版本 %lld 比本程序所知的 %zu 新：请使用新版程序",
			       (long long)version, st->n);
	if (version == (int64_t)st->n) {
		st->done = 1;
		return 0;
	}
	const struct db_migration *m = &st->migs[version];
	qs = db->drv->script(db, m->sql, e);
	if (qs == DB_HARD) {
		char why[sizeof(e->message)];
		snprintf(why, sizeof(why), "%s", e->message);
		err_set(e, EC_DB, "db", "数据库迁移 %s 失败：%s", m->name, why);
	}
	if (qs < 0)
		return qs;
	struct db_val args[] = {DB_INT(m->version), DB_TEXT(m->name), DB_INT(time(NULL))};
	qs = db_exec(db,
		     "INSERT INTO schema_migrations (version, name, applied_at) "
		     "VALUES ($1, $2, $3)",
		     args, 3, NULL, e);
	return qs < 0 ? qs : 0;
}

int db_migrate(struct db *db, struct bf_err *e)
{
	struct step st = {.migs = db_migrations_sqlite, .n = db_migrations_sqlite_n};

	if (db_engine(db) == DB_PG) {
		st.migs = db_migrations_pg;
		st.n = db_migrations_pg_n;
	}
	while (!st.done) {
		int rc = db_run_tx(db, "db_migrate", 1, apply_next, &st, e);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int rerun_fn(struct db *db, void *ctx, struct bf_err *e)
{
	const struct db_migration *m = ctx;
	enum db_qs qs = db->drv->script(db, m->sql, e);
	return qs < 0 ? qs : 0;
}

int db_migration_rerun(struct db *db, int version, struct bf_err *e)
{
	const struct db_migration *migs = db_migrations_sqlite;
	size_t n = db_migrations_sqlite_n;
	if (db_engine(db) == DB_PG) {
		migs = db_migrations_pg;
		n = db_migrations_pg_n;
	}
	if (version < 1 || (size_t)version > n)
		return err_set(e, EC_INVALID, "version", "没有第 %d 号数据库迁移", version);
	return db_run_tx(db, "db_migration_rerun", 1, rerun_fn, (void *)&migs[version - 1], e) < 0
		   ? -1
		   : 0;
}
