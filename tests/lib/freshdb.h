/* freshdb.h - the C tests' fresh database: an empty, migrated database at a
 * URL, on SQLite (the file and its WAL removed) or PostgreSQL (the public
 * schema dropped and created again). */
#ifndef BANGFU_TEST_FRESHDB_H
#define BANGFU_TEST_FRESHDB_H
#include "db.h"

/* The tests' fixed key (its hex text), which test_fresh_db and
 * test_chain_key make the chains' key (chain_use_key). */
#define TEST_KEY_HEX "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
struct crypto_key;
const struct crypto_key *test_chain_key(void);
/* Returns the open, migrated database, or NULL after saying why on stderr;
 * the chains keyed with the tests' key. */
struct db *test_fresh_db(const char *url);
/* Removes a SQLite database's files (nothing for other URLs). */
void test_remove_db(const char *url);
/* The database a suite runs on: BANGFU_TEST_DB when set, else a SQLite
 * file /tmp/bangfu-<tag>-<pid>.db.  Made on the first call (a process runs
 * one suite): later calls, from any thread, return the same string
 * (tag NULL: "test"). */
const char *test_db_url(const char *tag);
/* The cmocka group's name: pg_name when BANGFU_TEST_DB names a database
 * other than SQLite, so the two runs' reports are told apart. */
const char *test_group_name(const char *sqlite_name, const char *pg_name);
/* A directory for a suite's files: /tmp/bangfu-<tag>-files-<pid>. */
const char *test_files_dir(const char *tag);
/* Removes dir and everything in it; 0 when done. */
int test_remove_files(const char *dir);

#endif
