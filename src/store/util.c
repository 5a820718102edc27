/* util.c - small helpers of the store's resource files (see store_impl.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "store/store_impl.h"
#include "err.h"
#include "utf8.h"
#include "wrapper.h"

void st_copy(char *dst, size_t cap, const char *src)
{
	utf8_copy(dst, cap, src ? src : "");
}

int st_scope_range(const char *scope, char lo[256], char hi[256])
{
	size_t n = scope ? strlen(scope) : 0;
	if (n == 0)
		return -1; /* never "everything" by accident */
	if (n == 1) {
		if (scope[0] != '/')
			return -1;
		/* every path starts with '/', and '0' is the byte after it */
		memcpy(lo, "/", 2);
		memcpy(hi, "0", 2);
		return 0;
	}
	if (scope[0] != '/' || scope[n - 1] != '/' || n >= 256)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (scope[i] != '/' && (scope[i] < '0' || scope[i] > '9'))
			return -1;
	memcpy(lo, scope, n + 1);
	/* "/1/4/" -> "/1/40": the least string above every "/1/4/..." */
	memcpy(hi, scope, n + 1);
	hi[n - 1] = '0';
	return 0;
}

int st_scope_org_range(struct st_scope *s, const char *scope_path, const char *org_path)
{
	memset(s, 0, sizeof(*s));
	if (st_scope_range(scope_path, s->lo, s->hi))
		return -1;
	if (org_path && *org_path) {
		if (st_scope_range(org_path, s->org_lo, s->org_hi))
			return -1;
		s->has_org = 1;
	}
	return 0;
}

void st_like_contains(struct strbuf *out, const char *frag)
{
	strbuf_reset(out);
	strbuf_addch(out, '%');
	for (const char *p = frag; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			strbuf_addch(out, '\\');
		strbuf_addch(out, *p);
	}
	strbuf_addch(out, '%');
}

int st_next_failed(int rc, struct bf_err *e)
{
	if (rc == DB_RETRY)
		err_set(e, EC_DB, NULL, "数据库繁忙，请稍后重试");
	else
		err_set(e, EC_DB, NULL, NULL);
	return rc;
}

void *st_grow(void *items, size_t sz, size_t n, size_t *alloc)
{
	if (n < *alloc)
		return items;
	size_t na = *alloc ? *alloc * 2 : 16;
	void *p = xreallocarray(items, na, sz);
	*alloc = na;
	return p;
}

int64_t st_now(void)
{
	return (int64_t)time(NULL);
}

void qb_add(struct qb *q, const char *sql)
{
	strbuf_adds(&q->sql, sql);
}

void qb_arg(struct qb *q, struct db_val v)
{
	if (q->n >= (int)(sizeof(q->args) / sizeof(q->args[0])))
		BUG("too many query arguments");
	q->args[q->n++] = v;
	strbuf_addf(&q->sql, "$%d", q->n);
}

static void qb_range(struct qb *q, const char *col, const char *lo, const char *hi)
{
	qb_add(q, col);
	qb_add(q, " >= ");
	qb_arg(q, st_text(lo));
	qb_add(q, " AND ");
	qb_add(q, col);
	qb_add(q, " < ");
	qb_arg(q, st_text(hi));
}

void qb_scope(struct qb *q, const char *col, const struct st_scope *s)
{
	qb_range(q, col, s->lo, s->hi);
	if (s->has_org) {
		qb_add(q, " AND ");
		qb_range(q, col, s->org_lo, s->org_hi);
	}
}

enum db_qs st_versioned_update(struct db *db, const char *table, const char *set,
			       const struct db_val *args, int n, int64_t id, int64_t *version,
			       struct bf_err *e)
{
	struct db_val all[64];
	struct strbuf sql = STRBUF_INIT;
	int64_t changed = 0;
	if (n < 0 || n + 2 > (int)(sizeof(all) / sizeof(all[0])))
		BUG("too many update arguments");
	memcpy(all, args, (size_t)n * sizeof(*args));
	all[n] = DB_INT(id);
	all[n + 1] = DB_INT(*version);
	strbuf_addf(&sql,
		    "UPDATE %s SET %s, version = version + 1 WHERE id = $%d AND version = $%d",
		    table, set, n + 1, n + 2);
	enum db_qs qs = db_exec(db, strbuf_str(&sql), all, n + 2, &changed, e);
	strbuf_release(&sql);
	if (qs < 0)
		return qs;
	if (!changed)
		return DB_NONE;
	(*version)++;
	return DB_ONE;
}

enum db_qs st_fetch_page(struct db *db, struct qb *count, struct qb *page, int offset, size_t sz,
			 st_read_fn read, void **items, size_t *n, int64_t *total, struct bf_err *e)
{
	enum db_qs qs = st_fetch_int(db, strbuf_str(&count->sql), count->args, count->n, total, e);
	if (qs >= 0 && *total > offset)
		qs = st_fetch_all(db, strbuf_str(&page->sql), page->args, page->n, sz, read, items,
				  n, e);
	else if (qs >= 0)
		qs = DB_NONE;
	strbuf_release(&count->sql);
	strbuf_release(&page->sql);
	return qs;
}

/* "<member_in>m.<col> = $k)": a member's blind index, exactly. */
static void member_cond(struct qb *w, const struct search_cols *c, const char *cond,
			struct db_val v)
{
	qb_add(w, c->member_in);
	qb_add(w, cond);
	qb_arg(w, v);
	qb_add(w, ")");
}

/* t->like as a LIKE pattern with '\\' escaping: "%frag%". */
static void like_pattern(struct search_term *t)
{
	struct strbuf sb = STRBUF_INIT;
	st_like_contains(&sb, t->like);
	st_copy(t->pattern, sizeof(t->pattern), strbuf_str(&sb));
	strbuf_release(&sb);
}

void st_search_where(struct qb *w, struct search_term *t, const struct search_cols *c)
{
	if (!t)
		return;
	if (t->number) {
		qb_add(w, " AND ");
		qb_add(w, c->number);
		qb_add(w, " = ");
		qb_arg(w, DB_INT(t->number));
	} else if (t->id_bidx[0] || t->phone_bidx[0]) {
		qb_add(w, " AND ");
		member_cond(w, c, t->id_bidx[0] ? "m.id_bidx = " : "m.phone_bidx = ",
			    DB_TEXT(t->id_bidx[0] ? t->id_bidx : t->phone_bidx));
	} else if (t->like[0]) {
		like_pattern(t);
		qb_add(w, " AND (");
		for (size_t i = 0; i < sizeof(c->names) / sizeof(c->names[0]) && c->names[i]; i++) {
			qb_add(w, c->names[i]);
			qb_add(w, " LIKE ");
			qb_arg(w, DB_TEXT(t->pattern));
			qb_add(w, " ESCAPE '\\' OR ");
		}
		qb_add(w, c->member_in);
		qb_add(w, "m.name LIKE ");
		qb_arg(w, DB_TEXT(t->pattern));
		qb_add(w, " ESCAPE '\\'))");
	}
}

enum db_qs st_fetch_one(struct db *db, const char *sql, const struct db_val *args, int nargs,
			st_read_fn read, void *out, struct bf_err *e)
{
	struct db_rows *r = NULL;
	enum db_qs qs = db_query(db, sql, args, nargs, &r, e);
	if (qs != DB_ONE)
		return qs;
	int rc = db_next(r);
	if (rc == 1)
		read(r, out);
	db_rows_free(r);
	return rc < 0 ? st_next_failed(rc, e) : rc == 1 ? DB_ONE : DB_NONE;
}

enum db_qs st_fetch_all(struct db *db, const char *sql, const struct db_val *args, int nargs,
			size_t sz, st_read_fn read, void **items, size_t *n, struct bf_err *e)
{
	struct db_rows *r = NULL;
	size_t alloc = 0;
	char *all = NULL;
	int rc;

	*items = NULL;
	*n = 0;
	enum db_qs qs = db_query(db, sql, args, nargs, &r, e);
	if (qs != DB_ONE)
		return qs;
	while ((rc = db_next(r)) == 1) {
		all = st_grow(all, sz, *n, &alloc);
		read(r, all + sz * (*n)++);
	}
	db_rows_free(r);
	if (rc < 0) {
		free(all);
		*n = 0;
		return st_next_failed(rc, e);
	}
	*items = all;
	return *n ? DB_ONE : DB_NONE;
}

static void read_int(struct db_rows *r, void *out)
{
	*(int64_t *)out = db_int(r, 0);
}

enum db_qs st_fetch_int(struct db *db, const char *sql, const struct db_val *args, int nargs,
			int64_t *out, struct bf_err *e)
{
	*out = 0;
	return st_fetch_one(db, sql, args, nargs, read_int, out, e);
}

void st_codes_join(const struct policy_codes *s, char out[ST_CODES_TEXT_MAX])
{
	size_t len = 0, n = s->n < POLICY_MAX_ITEMS ? s->n : POLICY_MAX_ITEMS;
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		/* codes are shorter than POLICY_CODE_MAX, so this always fits */
		int w = snprintf(out + len, ST_CODES_TEXT_MAX - len, "%s%.*s", i ? "," : "",
				 POLICY_CODE_MAX - 1, s->code[i]);
		if (w > 0)
			len += (size_t)w;
	}
}

void st_codes_split(const char *text, struct policy_codes *s)
{
	memset(s, 0, sizeof(*s));
	while (*text && s->n < POLICY_MAX_ITEMS) {
		size_t len = strcspn(text, ",");
		if (len > 0 && len < POLICY_CODE_MAX) {
			memcpy(s->code[s->n], text, len);
			s->code[s->n++][len] = '\0';
		}
		text += len;
		if (*text == ',')
			text++;
	}
}
