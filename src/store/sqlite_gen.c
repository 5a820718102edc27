/* sqlite_gen.c - the SQLite driver's read generation (store.h's
 * store_read_generation): when a cached read is still current.
 *
 * SQLite tells each connection whether another connection (of any process)
 * has committed since it last looked (PRAGMA data_version), and
 * total_changes() counts the connection's own writes, autocommit ones
 * included.  Every connection of this process remembers both; a change seen
 * on any of them moves one process-wide counter.  A new connection (or one
 * whose record was evicted) counts as changed; the temp table marks a
 * connection this code has already met, so a new connection that happens
 * to get a closed one's address is not taken for it.  Cached reads: the
 * member list's counts and page positions (member.c), validated sessions
 * (core/register/auth.c). */
#include <pthread.h>
#include <stdint.h>
#include "store.h"
#include "store/store_impl.h"

#define SEEN_CONNS 64

static struct seen_conn {
	const struct db *db;
	int64_t version, changes;
} seen[SEEN_CONNS];
static unsigned seen_next;
static uint64_t seen_gen = 1;
static pthread_mutex_t seen_lock = PTHREAD_MUTEX_INITIALIZER;

/* 1 when this connection's counters differ from what it showed last. */
static int seen_moved(const struct db *db, int64_t version, int64_t changes, int marked)
{
	struct seen_conn *c = NULL;
	for (size_t i = 0; i < SEEN_CONNS && !c; i++)
		if (seen[i].db == db)
			c = &seen[i];
	int moved = !c || !marked || c->version != version || c->changes != changes;
	if (!c)
		c = &seen[seen_next++ % SEEN_CONNS]; /* an evicted one counts as new */
	c->db = db;
	c->version = version;
	c->changes = changes;
	return moved;
}

/* Two statements: the pragma as a table-valued function would prepare a
 * PRAGMA statement inside every call. */
static enum db_qs conn_counters(struct db *db, int64_t *version, int64_t *changes, int *marked,
				struct bf_err *e)
{
	struct db_rows *r = NULL;
	enum db_qs qs = st_fetch_int(db, "PRAGMA data_version", NULL, 0, version, e);
	if (qs != DB_ONE)
		return qs < 0 ? qs : ST_FAIL(e, EC_DB, NULL, NULL);
	qs = db_query(db,
		      "SELECT total_changes(), (SELECT count(*) FROM temp.sqlite_master "
		      "WHERE name = 'bangfu_seen')",
		      NULL, 0, &r, e);
	if (qs != DB_ONE)
		return qs < 0 ? qs : ST_FAIL(e, EC_DB, NULL, NULL);
	int rc = db_next(r);
	if (rc == 1) {
		*changes = db_int(r, 0);
		*marked = db_int(r, 1) > 0;
	}
	db_rows_free(r);
	if (rc != 1)
		return st_next_failed(rc < 0 ? rc : DB_HARD, e);
	if (!*marked)
		return db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS bangfu_seen (x INTEGER)", NULL,
			       0, NULL, e);
	return DB_ONE;
}

enum db_qs store_read_generation(struct db *db, uint64_t *gen, struct bf_err *e)
{
	int64_t version = 0, changes = 0;
	int marked = 0;
	*gen = 0;
	/* PostgreSQL has no such counter; inside a transaction the caller may
	 * see its own uncommitted rows. */
	if (db_engine(db) != DB_SQLITE || db_in_tx(db))
		return DB_NONE;
	enum db_qs qs = conn_counters(db, &version, &changes, &marked, e);
	if (qs < 0)
		return qs;
	pthread_mutex_lock(&seen_lock);
	if (seen_moved(db, version, changes, marked))
		seen_gen++;
	/* Both counters only grow, so their sum moves when either does. */
	*gen = seen_gen + db_write_generation();
	pthread_mutex_unlock(&seen_lock);
	return DB_ONE;
}
