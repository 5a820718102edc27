/* user.c - queries on users (the accounts of the console).  Reads join the
 * user's org so the caller gets the scope (org_path) in the same row. */
#include <stdlib.h>
#include <string.h>
#include "store.h"
#include "store/store_impl.h"

#define USER_FROM " FROM users u LEFT JOIN orgs o ON o.id = u.org_id "

void st_read_user(struct db_rows *r, int col, struct user *u)
{
	memset(u, 0, sizeof(*u));
	u->id = db_int(r, col);
	ST_COPY(u->username, db_text(r, col + 1));
	ST_COPY(u->display_name, db_text(r, col + 2));
	ST_COPY(u->role, db_text(r, col + 3));
	u->org_id = db_int(r, col + 4);
	ST_COPY(u->org_path, db_text(r, col + 5));
	ST_COPY(u->org_name, db_text(r, col + 6));
	ST_COPY(u->password_hash, db_text(r, col + 7));
	u->active = (int)db_int(r, col + 8);
	u->created_at = db_int(r, col + 9);
	u->must_change_password = (int)db_int(r, col + 10);
	u->password_changed_at = db_int(r, col + 11);
}

static void read_user(struct db_rows *r, void *item)
{
	st_read_user(r, 0, item);
}

enum db_qs store_user_insert(struct db *db, struct user *u, struct bf_err *e)
{
	struct db_rows *r = NULL;

	if (!u->created_at)
		u->created_at = st_now();
	if (!u->password_changed_at)
		u->password_changed_at = u->created_at;
	struct db_val args[] = {DB_TEXT(u->username),
				DB_TEXT(u->display_name),
				DB_TEXT(u->role),
				ST_ID_OR_NULL(u->org_id),
				DB_TEXT(u->password_hash),
				DB_INT(u->active ? 1 : 0),
				DB_INT(u->created_at),
				DB_INT(u->must_change_password ? 1 : 0),
				DB_INT(u->password_changed_at)};
	enum db_qs qs = db_query(db,
				 "INSERT INTO users (username, display_name, role, org_id, "
				 "password_hash, active, created_at, must_change_password, "
				 "password_changed_at) "
				 "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
				 "ON CONFLICT (username) DO NOTHING RETURNING id",
				 args, 9, &r, e);
	if (qs == DB_NONE)
		return ST_FAIL(e, EC_CONFLICT, "username", "用户名“%s”已被使用", u->username);
	if (qs < 0) {
		if (e->code == EC_INVALID)
			err_set(e, EC_INVALID, "role", "角色或所属组织无效");
		return qs;
	}
	int rc = db_next(r);
	if (rc == 1)
		u->id = db_int(r, 0);
	db_rows_free(r);
	return rc == 1 ? DB_ONE : st_next_failed(rc < 0 ? rc : DB_HARD, e);
}

enum db_qs store_user_get(struct db *db, int64_t id, struct user *out, struct bf_err *e)
{
	return st_fetch_one(db, "SELECT " USER_COLS USER_FROM "WHERE u.id = $1", &DB_INT(id), 1,
			    read_user, out, e);
}

enum db_qs store_user_by_name(struct db *db, const char *username, struct user *out,
			      struct bf_err *e)
{
	return st_fetch_one(db, "SELECT " USER_COLS USER_FROM "WHERE u.username = $1",
			    &DB_TEXT(username), 1, read_user, out, e);
}

enum db_qs store_user_set_password(struct db *db, int64_t id, const char *hash, int must_change,
				   int64_t at, struct bf_err *e)
{
	struct db_val args[] = {DB_TEXT(hash), DB_INT(must_change ? 1 : 0), DB_INT(at), DB_INT(id)};
	return db_exec(db,
		       "UPDATE users SET password_hash = $1, must_change_password = $2, "
		       "password_changed_at = $3 WHERE id = $4",
		       args, 4, NULL, e);
}

enum db_qs store_user_update(struct db *db, const struct user *u, struct bf_err *e)
{
	struct db_val args[] = {DB_TEXT(u->display_name), DB_TEXT(u->role),
				ST_ID_OR_NULL(u->org_id), DB_INT(u->active ? 1 : 0), DB_INT(u->id)};
	return db_exec(db,
		       "UPDATE users SET display_name = $1, role = $2, org_id = $3, active = $4 "
		       "WHERE id = $5",
		       args, 5, NULL, e);
}

/* Keeps the last PASSWORD_HISTORY_KEEP hashes of a user. */
#define PASSWORD_HISTORY_KEEP 8

enum db_qs store_password_history_add(struct db *db, int64_t user_id, const char *hash, int64_t at,
				      struct bf_err *e)
{
	struct db_val args[] = {DB_INT(user_id), DB_TEXT(hash), DB_INT(at)};
	enum db_qs qs = db_exec(db,
				"INSERT INTO password_history (user_id, password_hash, created_at) "
				"VALUES ($1, $2, $3)",
				args, 3, NULL, e);
	if (qs < 0)
		return qs;
	struct db_val prune[] = {DB_INT(user_id), DB_INT(PASSWORD_HISTORY_KEEP)};
	qs = db_exec(db,
		     "DELETE FROM password_history WHERE user_id = $1 AND id NOT IN "
		     "(SELECT id FROM password_history WHERE user_id = $1 "
		     "ORDER BY id DESC LIMIT $2)",
		     prune, 2, NULL, e);
	return qs < 0 ? qs : DB_ONE;
}

enum db_qs store_password_history(struct db *db, int64_t user_id, int max, char (*hashes)[128],
				  int *n, struct bf_err *e)
{
	struct db_rows *r = NULL;
	struct db_val args[] = {DB_INT(user_id), DB_INT(max)};
	int rc = 0;
	*n = 0;
	enum db_qs qs = db_query(db,
				 "SELECT password_hash FROM password_history WHERE user_id = $1 "
				 "ORDER BY id DESC LIMIT $2",
				 args, 2, &r, e);
	if (qs != DB_ONE)
		return qs;
	while (*n < max && (rc = db_next(r)) == 1) {
		ST_COPY(hashes[*n], db_text(r, 0));
		(*n)++;
	}
	db_rows_free(r);
	return rc < 0 ? st_next_failed(rc, e) : *n ? DB_ONE : DB_NONE;
}

enum db_qs store_user_list(struct db *db, const char *scope_path, struct user **items, size_t *n,
			   struct bf_err *e)
{
	char lo[256], hi[256];
	struct db_rows *r = NULL;
	size_t alloc = 0;
	int rc;

	*items = NULL;
	*n = 0;
	if (st_scope_range(scope_path, lo, hi))
		return ST_FAIL(e, EC_INTERNAL, NULL, "组织范围无效");
	struct db_val args[] = {st_text(lo), st_text(hi)};
	enum db_qs qs = db_query(
	    db, "SELECT " USER_COLS USER_FROM "WHERE o.path >= $1 AND o.path < $2 ORDER BY u.id",
	    args, 2, &r, e);
	if (qs != DB_ONE)
		return qs;
	while ((rc = db_next(r)) == 1) {
		*items = st_grow(*items, sizeof(**items), *n, &alloc);
		st_read_user(r, 0, &(*items)[(*n)++]);
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

enum db_qs store_user_todo_seen(struct db *db, int64_t id, int64_t *at, struct bf_err *e)
{
	struct db_val arg = DB_INT(id);
	*at = 0;
	return st_fetch_int(db, "SELECT todo_seen_at FROM users WHERE id = $1", &arg, 1, at, e);
}

enum db_qs store_user_set_todo_seen(struct db *db, int64_t id, int64_t at, struct bf_err *e)
{
	struct db_val args[] = {DB_INT(id), DB_INT(at)};
	return db_exec(db, "UPDATE users SET todo_seen_at = $2 WHERE id = $1", args, 2, NULL, e);
}
