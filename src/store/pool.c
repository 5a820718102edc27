/* pool.c - a fixed set of connections shared by the server's worker
 * threads.  A connection serves one thread at a time (SQLite handles are
 * opened NOMUTEX, libpq connections are not thread-safe to share), so a
 * thread borrows one for a request and gives it back. */
#include <pthread.h>
#include <stdlib.h>
#include "store/db_impl.h"
#include "wrapper.h"

struct db_pool {
	pthread_mutex_t lock;
	pthread_cond_t freed;
	int size;
	int nfree;
	struct db **all;
	struct db **free; /* a stack of idle connections */
};

int db_pool_open(struct db_pool **out, const char *url, int size, struct bf_err *e)
{
	struct db_pool *p = xcalloc(1, sizeof(*p));

	*out = NULL;
	if (size < 1)
		size = 1;
	p->all = xcalloc((size_t)size, sizeof(*p->all));
	p->free = xcalloc((size_t)size, sizeof(*p->free));
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->freed, NULL);
	for (int i = 0; i < size; i++) {
		if (db_open(&p->all[i], url, e)) {
			db_pool_close(p);
			return -1;
		}
		p->size++;
		p->free[p->nfree++] = p->all[i];
	}
	*out = p;
	return 0;
}

struct db *db_pool_get(struct db_pool *p)
{
	pthread_mutex_lock(&p->lock);
	while (!p->nfree)
		pthread_cond_wait(&p->freed, &p->lock);
	struct db *db = p->free[--p->nfree];
	pthread_mutex_unlock(&p->lock);
	return db;
}

void db_pool_put(struct db_pool *p, struct db *db)
{
	/* A transaction left open by an error path must not leak into the
	 * next request that borrows this connection. */
	if (db->in_tx)
		db_rollback(db);
	pthread_mutex_lock(&p->lock);
	if (p->nfree >= p->size)
		BUG("db_pool_put: connection returned twice");
	p->free[p->nfree++] = db;
	pthread_cond_signal(&p->freed);
	pthread_mutex_unlock(&p->lock);
}

void db_pool_close(struct db_pool *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->size; i++)
		db_close(p->all[i]);
	pthread_cond_destroy(&p->freed);
	pthread_mutex_destroy(&p->lock);
	free(p->all);
	free(p->free);
	free(p);
}
