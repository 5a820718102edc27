/* member_cache.c - the member list's caches of counts and page positions
 * (member_cache.h).
 *
 * Both are keyed by the whole query (scope range and every filter) and
 * tagged with the read generation taken before the database was read, so
 * an entry is used only while nothing has been written anywhere since. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "store/member_cache.h"

/* The query as one key; 0 when it is too long to keep. */
int member_query_key(const struct member_query *q, const char *lo, const char *hi, char *out,
		     size_t cap)
{
	const char *parts[] = {lo,	     hi,      q->status,    q->member_type,
			       q->name_like, q->bidx, q->bidx_phone};
	size_t at = 0;
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		const char *v = parts[i] ? parts[i] : "";
		size_t n = strlen(v);
		if (at + n + 2 > cap)
			return 0;
		memcpy(out + at, v, n);
		at += n;
		out[at++] = '\x1f'; /* a separator no path or filter contains */
	}
	out[at] = '\0';
	return 1;
}

static size_t key_hash(const char *key, int64_t salt)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)salt * 0x9E3779B97F4A7C15ULL;
	for (const char *p = key; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	return (size_t)(h ^ h >> 29);
}

/* The count of matches and the highest member id, which tells how dense
 * the matches are among all members.  count(*) visits every match (90 µs
 * at 20,000, milliseconds at 10^6) and the list page asks on every request.
 * On PostgreSQL, where there is no read generation, only unfiltered counts
 * are kept, COUNT_TTL s at most, cleared by this process's writes. */
#define COUNT_SLOTS 256
#define COUNT_TTL   5

static struct count_slot {
	char key[MEMBER_KEY_MAX];
	int64_t total, max_id;
	int whole; /* the scope holds every org and nothing is filtered */
	uint64_t gen;
	int exact; /* gen is a read generation: no time limit */
	time_t at;
} count_cache[COUNT_SLOTS];
static pthread_mutex_t count_lock = PTHREAD_MUTEX_INITIALIZER;

int member_count_cached(const char *key, uint64_t gen, int exact, struct counted *out)
{
	struct count_slot *c = &count_cache[key_hash(key, 0) % COUNT_SLOTS];
	pthread_mutex_lock(&count_lock);
	int hit = c->gen == gen && c->exact == exact && !strcmp(c->key, key) &&
		  (exact || time(NULL) - c->at < COUNT_TTL);
	if (hit)
		*out = (struct counted){c->total, c->max_id, c->whole};
	pthread_mutex_unlock(&count_lock);
	return hit;
}

void member_count_keep(const char *key, uint64_t gen, int exact, const struct counted *in)
{
	struct count_slot *c = &count_cache[key_hash(key, 0) % COUNT_SLOTS];
	pthread_mutex_lock(&count_lock);
	snprintf(c->key, sizeof(c->key), "%s", key);
	c->total = in->total;
	c->max_id = in->max_id;
	c->whole = in->whole;
	c->gen = gen;
	c->exact = exact;
	c->at = time(NULL);
	pthread_mutex_unlock(&count_lock);
}

/* Page positions: the id of the last match before offset N of a query, so
 * the next page (and every page seen before) starts with "id > that" and
 * reads its own rows only, where OFFSET N steps over N matches first. */
#define MARK_SLOTS 4096

static struct mark_slot {
	char key[MEMBER_KEY_MAX];
	uint64_t gen;
	int offset;
	int64_t after;
} mark_cache[MARK_SLOTS];
static pthread_mutex_t mark_lock = PTHREAD_MUTEX_INITIALIZER;

int64_t member_mark_find(const char *key, uint64_t gen, int offset)
{
	struct mark_slot *m = &mark_cache[key_hash(key, offset) % MARK_SLOTS];
	int64_t after = 0;
	pthread_mutex_lock(&mark_lock);
	if (m->gen == gen && m->offset == offset && !strcmp(m->key, key))
		after = m->after;
	pthread_mutex_unlock(&mark_lock);
	return after;
}

void member_mark_keep(const char *key, uint64_t gen, int offset, int64_t after)
{
	struct mark_slot *m = &mark_cache[key_hash(key, offset) % MARK_SLOTS];
	pthread_mutex_lock(&mark_lock);
	snprintf(m->key, sizeof(m->key), "%s", key);
	m->gen = gen;
	m->offset = offset;
	m->after = after;
	pthread_mutex_unlock(&mark_lock);
}
