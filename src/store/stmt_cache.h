/* stmt_cache.h - per-connection map from SQL text to a prepared statement
 * (private to src/store).  Both drivers prepare each text once per
 * connection; entries never move, so a cursor may keep a pointer to its
 * entry while other statements are added. */
#ifndef BANGFU_STORE_STMT_CACHE_H
#define BANGFU_STORE_STMT_CACHE_H
#include <stddef.h>
#include <stdint.h>

struct sc_entry {
	struct sc_entry *next;
	uint64_t hash;
	void *stmt; /* the driver's prepared statement */
	char sql[]; /* the key, copied */
};

#define SC_RECENT 64

struct stmt_cache {
	struct sc_entry **buckets;
	size_t nbuckets;
	size_t n;
	/* Most query texts are string literals passed again and again from
	 * the same address: remembering address -> entry skips hashing a
	 * few hundred bytes per statement (a strcmp still confirms it). */
	struct {
		const char *sql;
		struct sc_entry *entry;
	} recent[SC_RECENT];
};

/* The entry for sql, or NULL (then *hash is what sc_add needs). */
struct sc_entry *sc_get(struct stmt_cache *c, const char *sql, uint64_t *hash);
/* Adds sql -> stmt (sql must not be present yet); returns the entry. */
struct sc_entry *sc_add(struct stmt_cache *c, const char *sql, uint64_t hash, void *stmt);
/* Calls fin on every statement, then empties the cache. */
void sc_clear(struct stmt_cache *c, void (*fin)(void *stmt, void *arg), void *arg);

#endif
