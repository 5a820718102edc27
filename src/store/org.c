/* org.c - queries on the organisation tree (orgs).  Each org keeps its
 * materialised path "/1/4/17/" so a subtree is one index range scan. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store.h"
#include "store/store_impl.h"

#define ORG_COLS "id, parent_id, code, name, kind, kind_name, path, phone, created_at"

static void read_org(struct db_rows *r, void *item)
{
	struct org *o = item;
	memset(o, 0, sizeof(*o));
	o->id = db_int(r, 0);
	o->parent_id = db_int(r, 1);
	ST_COPY(o->code, db_text(r, 2));
	ST_COPY(o->name, db_text(r, 3));
	ST_COPY(o->kind, db_text(r, 4));
	ST_COPY(o->kind_name, db_text(r, 5));
	ST_COPY(o->path, db_text(r, 6));
	ST_COPY(o->phone, db_text(r, 7));
	o->created_at = db_int(r, 8);
}

static int valid_kind(const char *kind)
{
	static const char *const kinds[] = {ORG_DEPARTMENT, ORG_COMMITTEE, ORG_GENERAL_BRANCH,
					    ORG_BRANCH};
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(kind, kinds[i]))
			return 1;
	return 0;
}

/* The path the new org hangs under: its parent's, or "/" for the root. */
static enum db_qs parent_path(struct db *db, int64_t parent_id, char path[256], struct bf_err *e)
{
	struct org parent;
	if (!parent_id) {
		memcpy(path, "/", 2);
		return DB_ONE;
	}
	enum db_qs qs = st_fetch_one(db, "SELECT " ORG_COLS " FROM orgs WHERE id = $1",
				     &DB_INT(parent_id), 1, read_org, &parent, e);
	if (qs == DB_NONE)
		return ST_FAIL(e, EC_INVALID, "parent_id", "上级组织（编号 %" PRId64 "）不存在",
			       parent_id);
	if (qs == DB_ONE)
		memcpy(path, parent.path, sizeof(parent.path));
	return qs;
}

enum db_qs store_org_insert(struct db *db, struct org *o, struct bf_err *e)
{
	char base[256], tmp[80], path[256];
	struct db_rows *r = NULL;

	if (!valid_kind(o->kind))
		return ST_FAIL(e, EC_INVALID, "kind", "组织类别“%s”无效", o->kind);
	enum db_qs qs = parent_path(db, o->parent_id, base, e);
	if (qs < 0)
		return qs;
	if (!o->created_at)
		o->created_at = st_now();
	/* The path needs the new id: insert under a placeholder that is
	 * unique because the code is, then set the real one. */
	snprintf(tmp, sizeof(tmp), "#%s", o->code);
	struct db_val args[] = {ST_ID_OR_NULL(o->parent_id),
				DB_TEXT(o->code),
				DB_TEXT(o->name),
				DB_TEXT(o->kind),
				DB_TEXT(o->kind_name),
				st_text(tmp),
				DB_TEXT(o->phone),
				DB_INT(o->created_at)};
	qs = db_query(db,
		      "INSERT INTO orgs (parent_id, code, name, kind, kind_name, path, phone, "
		      "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
		      "ON CONFLICT (code) DO NOTHING RETURNING id",
		      args, 8, &r, e);
	if (qs == DB_NONE)
		return ST_FAIL(e, EC_CONFLICT, "code", "组织代码“%s”已被使用", o->code);
	if (qs < 0)
		return qs;
	int rc = db_next(r);
	int64_t id = rc == 1 ? db_int(r, 0) : 0;
	db_rows_free(r);
	if (rc != 1)
		return st_next_failed(rc < 0 ? rc : DB_HARD, e);
	int len = snprintf(path, sizeof(path), "%s%" PRId64 "/", base, id);
	if (len < 0 || (size_t)len >= sizeof(o->path))
		return ST_FAIL(e, EC_INVALID, "parent_id", "组织层级过深");
	struct db_val set[] = {st_text(path), DB_INT(id)};
	qs = db_exec(db, "UPDATE orgs SET path = $1 WHERE id = $2", set, 2, NULL, e);
	if (qs < 0)
		return qs;
	o->id = id;
	ST_COPY(o->path, path);
	return DB_ONE;
}

enum db_qs store_org_get(struct db *db, int64_t id, struct org *out, struct bf_err *e)
{
	return st_fetch_one(db, "SELECT " ORG_COLS " FROM orgs WHERE id = $1", &DB_INT(id), 1,
			    read_org, out, e);
}

enum db_qs store_org_by_code(struct db *db, const char *code, struct org *out, struct bf_err *e)
{
	return st_fetch_one(db, "SELECT " ORG_COLS " FROM orgs WHERE code = $1", &DB_TEXT(code), 1,
			    read_org, out, e);
}

enum db_qs store_org_by_name(struct db *db, const char *name, struct org *out, struct bf_err *e)
{
	struct db_rows *r = NULL;
	struct db_val arg = DB_TEXT(name);
	enum db_qs qs = db_query(db,
				 "SELECT " ORG_COLS " FROM orgs WHERE name = $1 "
				 "ORDER BY id LIMIT 2",
				 &arg, 1, &r, e);
	if (qs != DB_ONE)
		return qs;
	int rc = db_next(r), n = 0;
	if (rc == 1) {
		read_org(r, out);
		n = 1;
		rc = db_next(r);
		n += rc == 1;
	}
	db_rows_free(r);
	if (rc < 0)
		return st_next_failed(rc, e);
	if (n > 1)
		return ST_FAIL(e, EC_CONFLICT, "org", "有多个名为“%s”的组织，请改用组织代码", name);
	return n ? DB_ONE : DB_NONE;
}

enum db_qs store_org_list(struct db *db, const char *scope_path, struct org **items, size_t *n,
			  struct bf_err *e)
{
	char lo[256], hi[256];

	*items = NULL;
	*n = 0;
	if (st_scope_range(scope_path, lo, hi))
		return ST_FAIL(e, EC_INTERNAL, NULL, "组织范围无效");
	struct db_val args[] = {st_text(lo), st_text(hi)};
	return st_fetch_all(db,
			    "SELECT " ORG_COLS " FROM orgs "
			    "WHERE path >= $1 AND path < $2 ORDER BY path",
			    args, 2, sizeof(**items), read_org, (void **)items, n, e);
}

enum db_qs store_org_update(struct db *db, const struct org *o, struct bf_err *e)
{
	if (!valid_kind(o->kind))
		return ST_FAIL(e, EC_INVALID, "kind", "组织类别“%s”无效", o->kind);
	/* Checked first so PostgreSQL's transaction is not aborted by the
	 * unique violation the caller would otherwise get. */
	struct db_val dup[] = {DB_TEXT(o->code), DB_INT(o->id)};
	enum db_qs qs =
	    db_query(db, "SELECT id FROM orgs WHERE code = $1 AND id <> $2", dup, 2, NULL, e);
	if (qs == DB_ONE)
		return ST_FAIL(e, EC_CONFLICT, "code", "组织代码“%s”已被使用", o->code);
	if (qs < 0)
		return qs;
	struct db_val args[] = {DB_TEXT(o->code),      DB_TEXT(o->name),  DB_TEXT(o->kind),
				DB_TEXT(o->kind_name), DB_TEXT(o->phone), DB_INT(o->id)};
	qs = db_exec(db,
		     "UPDATE orgs SET code = $1, name = $2, kind = $3, kind_name = $4, phone = $5 "
		     "WHERE id = $6",
		     args, 6, NULL, e);
	if (qs == DB_HARD && e->code == EC_CONFLICT)
		err_set(e, EC_CONFLICT, "code", "组织代码“%s”已被使用", o->code);
	return qs;
}

enum db_qs store_org_count(struct db *db, int64_t *n, struct bf_err *e)
{
	return st_fetch_int(db, "SELECT count(*) FROM orgs", NULL, 0, n, e);
}
