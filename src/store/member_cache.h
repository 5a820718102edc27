/* member_cache.h - the member list's caches (private to src/store;
 * member_cache.c): the count of a query's matches and its page positions,
 * keyed by the whole query and tagged with the read generation
 * (store_read_generation) or, without one, this process's write
 * generation. */
#ifndef BANGFU_STORE_MEMBER_CACHE_H
#define BANGFU_STORE_MEMBER_CACHE_H
#include <stddef.h>
#include <stdint.h>
#include "model.h"

#define MEMBER_KEY_MAX 600 /* the longest query key kept */

/* What count_matches learns about a query. */
struct counted {
	int64_t total, max_id;
	int whole; /* the scope holds every org and nothing is filtered */
};

/* The query (scope range lo..hi and every filter) as one key; 0 when it is
 * too long to keep. */
int member_query_key(const struct member_query *q, const char *lo, const char *hi, char *out,
		     size_t cap);
/* A kept count of key under gen (exact: a read generation, no time
 * limit): 1 with *out, or 0. */
int member_count_cached(const char *key, uint64_t gen, int exact, struct counted *out);
void member_count_keep(const char *key, uint64_t gen, int exact, const struct counted *in);
/* The id of the last match before offset of key's query under gen, or 0. */
int64_t member_mark_find(const char *key, uint64_t gen, int offset);
void member_mark_keep(const char *key, uint64_t gen, int offset, int64_t after);

#endif
