/* freshdb.c - one fresh-database set-up for every C test that needs a real
 * database (see freshdb.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "register.h"
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
	test_chain_key();
	return db;
}

const struct crypto_key *test_chain_key(void)
{
	static struct crypto_key key;
	static int loaded;
	struct bf_err e;
	if (!loaded && crypto_key_parse(TEST_KEY_HEX, &key, &e) == 0)
		loaded = 1;
	chain_use_key(&key);
	return &key;
}

const char *test_db_url(const char *tag)
{
	static char url[512];
	const char *env = getenv("BANGFU_TEST_DB");
	if (*url)
		return url;
	if (env && *env)
		snprintf(url, sizeof(url), "%s", env);
	else
		snprintf(url, sizeof(url), "sqlite:/tmp/bangfu-%s-%d.db", tag ? tag : "test",
			 (int)getpid());
	return url;
}

const char *test_group_name(const char *sqlite_name, const char *pg_name)
{
	const char *env = getenv("BANGFU_TEST_DB");
	return env && *env && strncmp(env, "sqlite:", 7) ? pg_name : sqlite_name;
}

const char *test_files_dir(const char *tag)
{
	static char dir[256];
	snprintf(dir, sizeof(dir), "/tmp/bangfu-%s-files-%d", tag, (int)getpid());
	return dir;
}

int test_remove_files(const char *dir)
{
	char cmd[400];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}
