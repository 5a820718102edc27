/* stmt_cache.c - the SQL text -> prepared statement map of a connection
 * (see stmt_cache.h).  Separate chaining so entries stay where they are. */
#include <stdlib.h>
#include <string.h>
#include "store/stmt_cache.h"
#include "err.h"
#include "wrapper.h"

static uint64_t sc_hash(const char *sql)
{
	/* FNV-1a: the texts are a few hundred bytes, the map a few dozen. */
	uint64_t h = 1469598103934665603ULL;
	for (const unsigned char *p = (const unsigned char *)sql; *p; p++) {
		h ^= *p;
		h *= 1099511628211ULL;
	}
	return h;
}

static size_t recent_slot(const char *sql)
{
	return ((uintptr_t)sql >> 3) % SC_RECENT;
}

struct sc_entry *sc_get(struct stmt_cache *c, const char *sql, uint64_t *hash)
{
	size_t slot = recent_slot(sql);
	struct sc_entry *e = c->recent[slot].entry;

	if (c->recent[slot].sql == sql && !strcmp(e->sql, sql))
		return e;
	*hash = sc_hash(sql);
	if (!c->nbuckets)
		return NULL;
	for (e = c->buckets[*hash & (c->nbuckets - 1)]; e; e = e->next) {
		if (e->hash == *hash && !strcmp(e->sql, sql)) {
			c->recent[slot].sql = sql;
			c->recent[slot].entry = e;
			return e;
		}
	}
	return NULL;
}

static void grow(struct stmt_cache *c)
{
	size_t nb = c->nbuckets ? c->nbuckets * 2 : 32;
	struct sc_entry **b = xcalloc(nb, sizeof(*b));
	for (size_t i = 0; i < c->nbuckets; i++) {
		struct sc_entry *e = c->buckets[i], *next;
		for (; e; e = next) {
			next = e->next;
			e->next = b[e->hash & (nb - 1)];
			b[e->hash & (nb - 1)] = e;
		}
	}
	free(c->buckets);
	c->buckets = b;
	c->nbuckets = nb;
}

struct sc_entry *sc_add(struct stmt_cache *c, const char *sql, uint64_t hash, void *stmt)
{
	size_t len = strlen(sql);
	if (c->n + 1 > c->nbuckets)
		grow(c);
	struct sc_entry *e = xmalloc(sizeof(*e) + len + 1);
	memcpy(e->sql, sql, len + 1);
	e->hash = hash;
	e->stmt = stmt;
	e->next = c->buckets[hash & (c->nbuckets - 1)];
	c->buckets[hash & (c->nbuckets - 1)] = e;
	c->n++;
	c->recent[recent_slot(sql)].sql = sql;
	c->recent[recent_slot(sql)].entry = e;
	return e;
}

void sc_clear(struct stmt_cache *c, void (*fin)(void *stmt, void *arg), void *arg)
{
	for (size_t i = 0; i < c->nbuckets; i++) {
		struct sc_entry *e = c->buckets[i], *next;
		for (; e; e = next) {
			next = e->next;
			if (fin)
				fin(e->stmt, arg);
			free(e);
		}
	}
	free(c->buckets);
	memset(c, 0, sizeof(*c));
}
