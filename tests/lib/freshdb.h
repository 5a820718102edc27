/* freshdb.h - the C tests' fresh database: an empty, migrated database at a
 * URL, on SQLite (the file and its WAL removed) or PostgreSQL (the public
 * schema dropped and created again). */
#ifndef BANGFU_TEST_FRESHDB_H
#define BANGFU_TEST_FRESHDB_H
#include "db.h"

/* Returns the open, migrated database, or NULL after saying why on stderr. */
struct db *test_fresh_db(const char *url);
/* Removes a SQLite database's files (nothing for other URLs). */
void test_remove_db(const char *url);

#endif
