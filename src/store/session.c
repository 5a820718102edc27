/* session.c - login sessions and the login-failure counter.  Sessions live
 * in the database (not in memory) so several servers can share them. */
#include <stdlib.h>
#include <string.h>
#include "store.h"
#include "store/store_impl.h"

enum db_qs store_session_insert(struct db *db, const struct session *s, struct bf_err *e)
{
	struct db_val args[] = {
	    DB_TEXT(s->token_hash), DB_INT(s->user_id),	   DB_TEXT(s->csrf_token), DB_TEXT(s->addr),
	    DB_TEXT(s->user_agent), DB_INT(s->created_at), DB_INT(s->last_seen)};
	return db_exec(db,
		       "INSERT INTO sessions (token_hash, user_id, csrf_token, addr, user_agent, "
		       "created_at, last_seen) VALUES ($1, $2, $3, $4, $5, $6, $7)",
		       args, 7, NULL, e);
}

#define SESSION_COLS                                                                               \
	"s.id, s.token_hash, s.user_id, s.csrf_token, s.addr, s.user_agent, s.created_at, "        \
	"s.last_seen"

static void read_session(struct db_rows *r, struct session *s)
{
	memset(s, 0, sizeof(*s));
	s->id = db_int(r, 0);
	ST_COPY(s->token_hash, db_text(r, 1));
	s->user_id = db_int(r, 2);
	ST_COPY(s->csrf_token, db_text(r, 3));
	ST_COPY(s->addr, db_text(r, 4));
	ST_COPY(s->user_agent, db_text(r, 5));
	s->created_at = db_int(r, 6);
	s->last_seen = db_int(r, 7);
}

enum db_qs store_session_get(struct db *db, const char *token_hash, struct session *s,
			     struct user *u, struct bf_err *e)
{
	struct db_rows *r = NULL;
	struct db_val arg = DB_TEXT(token_hash);
	enum db_qs qs = db_query(db,
				 "SELECT " SESSION_COLS ", " USER_COLS
				 " FROM sessions s JOIN users u ON u.id = s.user_id "
				 "LEFT JOIN orgs o ON o.id = u.org_id WHERE s.token_hash = $1",
				 &arg, 1, &r, e);
	if (qs != DB_ONE)
		return qs;
	int rc = db_next(r);
	if (rc == 1) {
		read_session(r, s);
		if (u)
			st_read_user(r, 8, u);
	}
	db_rows_free(r);
	return rc < 0 ? st_next_failed(rc, e) : rc == 1 ? DB_ONE : DB_NONE;
}

enum db_qs store_session_touch(struct db *db, const char *token_hash, int64_t now, struct bf_err *e)
{
	struct db_val args[] = {DB_INT(now), DB_TEXT(token_hash)};
	return db_exec(db, "UPDATE sessions SET last_seen = $1 WHERE token_hash = $2", args, 2,
		       NULL, e);
}

enum db_qs store_session_delete(struct db *db, const char *token_hash, struct bf_err *e)
{
	struct db_val arg = DB_TEXT(token_hash);
	return db_exec(db, "DELETE FROM sessions WHERE token_hash = $1", &arg, 1, NULL, e);
}

enum db_qs store_session_list(struct db *db, int64_t user_id, struct session **items, size_t *n,
			      struct bf_err *e)
{
	struct db_rows *r = NULL;
	struct db_val arg = DB_INT(user_id);
	size_t alloc = 0;
	int rc;
	*items = NULL;
	*n = 0;
	enum db_qs qs = db_query(db,
				 "SELECT " SESSION_COLS " FROM sessions s WHERE s.user_id = $1 "
				 "ORDER BY s.last_seen DESC, s.id DESC",
				 &arg, 1, &r, e);
	if (qs != DB_ONE)
		return qs;
	while ((rc = db_next(r)) == 1) {
		*items = st_grow(*items, sizeof(**items), *n, &alloc);
		read_session(r, &(*items)[(*n)++]);
	}
	db_rows_free(r);
	if (rc < 0) {
		free(*items);
		*items = NULL;
		*n = 0;
		return st_next_failed(rc, e);
	}
	return *n ? DB_ONE : DB_NONE;
}

enum db_qs store_session_end(struct db *db, int64_t user_id, int64_t id, struct bf_err *e)
{
	struct db_val args[] = {DB_INT(user_id), DB_INT(id)};
	return db_exec(db, "DELETE FROM sessions WHERE user_id = $1 AND id = $2", args, 2, NULL, e);
}

enum db_qs store_session_end_all(struct db *db, int64_t user_id, const char *keep_hash,
				 int64_t *ended, struct bf_err *e)
{
	struct db_val args[] = {DB_INT(user_id), DB_TEXT(keep_hash ? keep_hash : "")};
	return db_exec(db, "DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2", args, 2,
		       ended, e);
}

enum db_qs store_session_expire(struct db *db, int64_t idle_before, int64_t created_before,
				struct bf_err *e)
{
	struct db_val args[] = {DB_INT(idle_before), DB_INT(created_before)};
	return db_exec(db, "DELETE FROM sessions WHERE last_seen < $1 OR created_at < $2", args, 2,
		       NULL, e);
}

enum db_qs store_login_failure_prune(struct db *db, int64_t before, struct bf_err *e)
{
	struct db_val arg = DB_INT(before);
	return db_exec(db, "DELETE FROM login_failures WHERE at < $1", &arg, 1, NULL, e);
}

enum db_qs store_login_failure_add(struct db *db, const char *key, int64_t at, struct bf_err *e)
{
	struct db_val args[] = {DB_TEXT(key), DB_INT(at)};
	return db_exec(db, "INSERT INTO login_failures (key, at) VALUES ($1, $2)", args, 2, NULL,
		       e);
}

enum db_qs store_login_failure_count(struct db *db, const char *key, int64_t since, int64_t *n,
				     struct bf_err *e)
{
	struct db_val args[] = {DB_TEXT(key), DB_INT(since)};
	enum db_qs qs = st_fetch_int(
	    db, "SELECT count(*) FROM login_failures WHERE key = $1 AND at >= $2", args, 2, n, e);
	return qs == DB_ONE && !*n ? DB_NONE : qs;
}

enum db_qs store_login_failure_clear(struct db *db, const char *key, struct bf_err *e)
{
	struct db_val arg = DB_TEXT(key);
	return db_exec(db, "DELETE FROM login_failures WHERE key = $1", &arg, 1, NULL, e);
}
