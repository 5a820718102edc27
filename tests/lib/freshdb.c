/* freshdb.c - one fresh-database set-up for every C test that needs a real
 * database (see freshdb.h). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "freshdb.h"

static void remove_sqlite_files(const char *path)
{
	char buf[1024];
	unlink(path);
	snprintf(buf, sizeof(buf), "%s-wal", path);
	unlink(buf);
	snprintf(buf, sizeof(buf), "%s-shm", path);
	unlink(buf);
}

/* PostgreSQL: an empty public schema, and a new connection (the old one's
 * prepared statements referred to the dropped schema). */
static struct db *reset_pg(struct db *db, const char *url, struct bf_err *e)
{
	if (db_exec(db, "DROP SCHEMA public CASCADE", NULL, 0, NULL, e) < 0 ||
	    db_exec(db, "CREATE SCHEMA public", NULL, 0, NULL, e) < 0) {
		fprintf(stderr, "resetting the schema: %s\n", e->message);
		db_close(db);
		return NULL;
	}
	db_close(db);
	if (db_open(&db, url, e)) {
		fprintf(stderr, "db_open(%s): %s\n", url, e->message);
		return NULL;
	}
	return db;
}

void test_remove_db(const char *url)
{
	if (!strncmp(url, "sqlite:", 7))
		remove_sqlite_files(url + 7);
}

struct db *test_fresh_db(const char *url)
{
	struct bf_err e;
	struct db *db;
	test_remove_db(url);
	if (db_open(&db, url, &e)) {
		fprintf(stderr, "db_open(%s): %s\n", url, e.message);
		return NULL;
	}
	if (db_engine(db) == DB_PG && !(db = reset_pg(db, url, &e)))
		return NULL;
	if (db_migrate(db, &e)) {
		fprintf(stderr, "db_migrate: %s\n", e.message);
		db_close(db);
		return NULL;
	}
	return db;
}
