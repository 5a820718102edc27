/* screening_household.c - households (户 / 家庭成员, issue #11): a member's
 * family members who are themselves members of the register are linked to
 * them by ID number, found through the register's blind index (no plain ID
 * number is stored again); and the list of ID numbers on other districts'
 * rolls, imported from CSV or XLSX as blind indexes only.  The rules of
 * screening.c read both. */
#include <inttypes.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "casework_impl.h"
#include "sheet.h"
#include "store.h"
#include "store_screening.h"
#include "store_roll.h"

struct hh_list_ctx {
	const struct actor *a;
	int64_t member_id;
	struct household_link **items;
	size_t *n;
};

static int member_in_scope(struct db *db, const struct actor *a, int64_t id, struct member *m,
			   struct bf_err *e)
{
	enum db_qs qs = store_member_get(db, id, m, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE || !access_in_scope(a, m->org_path))
		return err_set(e, EC_NOT_FOUND, NULL, "党员不存在");
	return 0;
}

static int hh_list_fn(struct db *db, void *p, struct bf_err *e)
{
	struct hh_list_ctx *x = p;
	struct member m;
	memset(&m, 0, sizeof(m));
	int rc = member_in_scope(db, x->a, x->member_id, &m, e);
	member_release(&m);
	if (rc)
		return rc;
	return CORE_QS(store_household_list(db, x->member_id, x->items, x->n, e));
}

int screening_household_list(struct core *c, const struct actor *a, int64_t member_id,
			     struct household_link **items, size_t *n, struct bf_err *e)
{
	struct hh_list_ctx x = {a, member_id, items, n};
	*items = NULL;
	*n = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	return db_run_tx(c->db, "household_list", 0, hh_list_fn, &x, e);
}

struct hh_link_ctx {
	const struct actor *a;
	int64_t member_id;
	const char *bidx;
	const char *relation;
	struct household_link *out;
};

static int hh_link_fn(struct db *db, void *p, struct bf_err *e)
{
	struct hh_link_ctx *x = p;
	struct member m, rel;
	struct strbuf d = STRBUF_INIT;
	memset(&m, 0, sizeof(m));
	memset(&rel, 0, sizeof(rel));
	int rc = member_in_scope(db, x->a, x->member_id, &m, e);
	if (rc)
		goto out;
	enum db_qs qs = store_member_by_id_bidx(db, x->bidx, &rel, e);
	if (qs < 0 || qs == DB_NONE) {
		rc = qs < 0 ? (int)qs
			    : err_set(e, EC_NOT_FOUND, "id_number",
				      "党员名册中没有这个身份证号码：只有本人也是在册党员的家庭成员"
				      "才能关联");
		goto out;
	}
	if (rel.id == m.id) {
		rc = err_set(e, EC_INVALID, "id_number", "不能把党员本人关联为自己的家庭成员");
		goto out;
	}
	memset(x->out, 0, sizeof(*x->out));
	x->out->member_id = m.id;
	x->out->relative_id = rel.id;
	snprintf(x->out->relation, sizeof(x->out->relation), "%s", x->relation);
	x->out->created_by = x->a->user_id;
	if ((qs = store_household_insert(db, x->out, e)) < 0) {
		rc = qs;
		goto out;
	}
	snprintf(x->out->relative_name, sizeof(x->out->relative_name), "%s", rel.name);
	snprintf(x->out->relative_org_name, sizeof(x->out->relative_org_name), "%s", rel.org_name);
	snprintf(x->out->relative_org_path, sizeof(x->out->relative_org_path), "%s", rel.org_path);
	snprintf(x->out->relative_status, sizeof(x->out->relative_status), "%s", rel.status);
	strbuf_addf(&d, "{\"link\":%" PRId64 ",\"relative_id\":%" PRId64 ",\"relation\":\"",
		    x->out->id, rel.id);
	core_json_text(&d, x->relation, 100);
	strbuf_adds(&d, "\"}");
	rc = audit_record(db, x->a, "household_link", "member", m.id, d.buf, e);
out:
	strbuf_release(&d);
	member_release(&m);
	member_release(&rel);
	return rc;
}

int screening_household_link(struct core *c, const struct actor *a, int64_t member_id,
			     const char *id_number, const char *relation,
			     struct household_link *out, struct bf_err *e)
{
	char bidx[65], rel[TEXT_BYTES(TF_FAMILY_RELATION_MAX)];
	if (core_need_write(a, "关联家庭成员", e))
		return -1;
	if (!id_number || !*id_number)
		return err_set(e, EC_MISSING, "id_number", "请填写家庭成员的身份证号码");
	if (member_id_bidx(c->key, id_number, bidx, e))
		return -1;
	snprintf(rel, sizeof(rel), "%s", relation ? relation : "");
	if (text_field(rel, TF_FAMILY_RELATION, 0, e))
		return -1;
	struct hh_link_ctx x = {a, member_id, bidx, rel, out};
	return db_run_tx(c->db, "household_link", 1, hh_link_fn, &x, e);
}

struct hh_get_ctx {
	const struct actor *a;
	int64_t id;
	struct household_link *out;
};

/* Visible when either member is in scope. */
static int hh_get_fn(struct db *db, void *p, struct bf_err *e)
{
	struct hh_get_ctx *x = p;
	struct member m;
	memset(&m, 0, sizeof(m));
	enum db_qs qs = store_household_get(db, x->id, x->out, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE)
		return err_set(e, EC_NOT_FOUND, NULL, "家庭成员关联不存在");
	int rc = member_in_scope(db, x->a, x->out->member_id, &m, e);
	member_release(&m);
	if (rc == -1 && access_in_scope(x->a, x->out->relative_org_path))
		rc = 0;
	if (rc == -1)
		err_set(e, EC_NOT_FOUND, NULL, "家庭成员关联不存在");
	return rc;
}

int screening_household_get(struct core *c, const struct actor *a, int64_t id,
			    struct household_link *out, struct bf_err *e)
{
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	struct hh_get_ctx x = {a, id, out};
	return db_run_tx(c->db, "household_get", 0, hh_get_fn, &x, e);
}

struct hh_unlink_ctx {
	const struct actor *a;
	int64_t link_id;
};

static int hh_unlink_fn(struct db *db, void *p, struct bf_err *e)
{
	struct hh_unlink_ctx *x = p;
	struct household_link l;
	char d[128];
	enum db_qs qs;
	/* either side's keeper may undo it */
	struct hh_get_ctx g = {x->a, x->link_id, &l};
	int rc = hh_get_fn(db, &g, e);
	if (rc)
		return rc;
	if ((qs = store_household_delete(db, l.id, e)) < 0)
		return qs;
	snprintf(d, sizeof(d), "{\"link\":%" PRId64 ",\"relative_id\":%" PRId64 "}", l.id,
		 l.relative_id);
	return audit_record(db, x->a, "household_unlink", "member", l.member_id, d, e);
}

int screening_household_unlink(struct core *c, const struct actor *a, int64_t link_id,
			       struct bf_err *e)
{
	if (core_need_write(a, "解除家庭成员关联", e))
		return -1;
	struct hh_unlink_ctx x = {a, link_id};
	return db_run_tx(c->db, "household_unlink", 1, hh_unlink_fn, &x, e);
}

/* ------------------------------------------------------------------ */
/* Bad rows of a file                                                 */

void screening_bad_add(struct screening_bad_rows *b, long line, const char *column, const char *fmt,
		       ...)
{
	if (b->n == b->alloc) {
		b->alloc = b->alloc ? 2 * b->alloc : 16;
		b->items = xreallocarray(b->items, b->alloc, sizeof(*b->items));
	}
	struct screening_bad *r = &b->items[b->n++];
	memset(r, 0, sizeof(*r));
	r->line = line;
	snprintf(r->column, sizeof(r->column), "%s", column ? column : "");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->reason, sizeof(r->reason), fmt, ap);
	va_end(ap);
}

void screening_bad_release(struct screening_bad_rows *b)
{
	free(b->items);
	memset(b, 0, sizeof(*b));
}

/* The column whose header is one of names (trimmed), -1 none. */
int screening_find_column(char **fields, size_t n, const char *const *names)
{
	for (size_t i = 0; i < n; i++) {
		char h[128];
		snprintf(h, sizeof(h), "%s", fields[i] ? fields[i] : "");
		text_trim(h);
		for (const char *const *k = names; *k; k++)
			if (!strcmp(h, *k))
				return (int)i;
	}
	return -1;
}

/* ------------------------------------------------------------------ */
/* Other districts' rolls                                             */

struct od_row {
	char bidx[65];
	char district[256];
};

struct od_ctx {
	const struct actor *a;
	struct od_row *rows;
	size_t n;
};

static int od_fn(struct db *db, void *p, struct bf_err *e)
{
	struct od_ctx *x = p;
	char d[128];
	for (size_t i = 0; i < x->n; i++) {
		enum db_qs qs = store_other_district_put(db, x->rows[i].bidx, x->rows[i].district,
							 x->a->user_id, e);
		if (qs < 0)
			return qs;
	}
	snprintf(d, sizeof(d), "{\"rows\":%zu}", x->n);
	return audit_record(db, x->a, "other_district_import", "screening", 0, d, e);
}

int screening_other_district_import(struct core *c, const struct actor *a, const char *path,
				    long long *imported, struct screening_bad_rows *bad,
				    struct bf_err *e)
{
	static const char *const id_names[] = {"身份证号码", "身份证号", "公民身份号码", NULL};
	static const char *const district_names[] = {"区县",	 "所在区县",	 "地区",
						     "所在地区", "台账所在区县", NULL};
	struct od_ctx x = {a, NULL, 0};
	size_t alloc = 0;
	char **f;
	size_t nf;
	int rc = -1, got;
	*imported = 0;
	if (core_need_department(a, "导入外区县困难党员名单", e))
		return -1;
	struct sheet *s = sheet_open(path, e);
	if (!s)
		return -1;
	if ((got = sheet_next(s, &f, &nf, e)) <= 0) {
		if (got == 0)
			err_set(e, EC_INVALID, "file",
				"文件是空的：第一行须是表头（身份证号码、区县）");
		goto out;
	}
	int cid = screening_find_column(f, nf, id_names);
	int cdist = screening_find_column(f, nf, district_names);
	if (cid < 0) {
		err_set(e, EC_INVALID, "file", "第 %ld 行表头中没有“身份证号码”列", sheet_line(s));
		goto out;
	}
	while ((got = sheet_next(s, &f, &nf, e)) == 1) {
		long line = sheet_line(s);
		const char *id = (size_t)cid < nf && f[cid] ? f[cid] : "";
		char buf[64];
		snprintf(buf, sizeof(buf), "%s", id);
		text_trim(buf);
		int blank = !buf[0];
		for (size_t i = 0; blank && i < nf; i++)
			blank = !f[i] || !f[i][0];
		if (blank)
			continue;
		struct bf_err ie;
		struct od_row row;
		memset(&row, 0, sizeof(row));
		if (!buf[0]) {
			screening_bad_add(bad, line, "身份证号码", "身份证号码为空");
			continue;
		}
		if (member_id_bidx(c->key, buf, row.bidx, &ie)) {
			screening_bad_add(bad, line, "身份证号码", "%s", ie.message);
			continue;
		}
		if (cdist >= 0 && (size_t)cdist < nf && f[cdist]) {
			snprintf(row.district, sizeof(row.district), "%s", f[cdist]);
			text_trim(row.district);
			if (text_check(row.district, "district", "区县", 60, TEXT_LINE, &ie)) {
				screening_bad_add(bad, line, "区县", "%s", ie.message);
				continue;
			}
		}
		if (x.n == alloc) {
			alloc = alloc ? 2 * alloc : 64;
			x.rows = xreallocarray(x.rows, alloc, sizeof(*x.rows));
		}
		x.rows[x.n++] = row;
	}
	if (got < 0)
		goto out;
	if (bad->n) {
		err_set(e, EC_INVALID, "file", "文件中有 %zu 行有误，未导入任何一行", bad->n);
		goto out;
	}
	if (!x.n) {
		err_set(e, EC_INVALID, "file", "文件中没有身份证号码");
		goto out;
	}
	rc = db_run_tx(c->db, "other_district_import", 1, od_fn, &x, e);
	if (!rc)
		*imported = (long long)x.n;
out:
	sheet_close(s);
	free(x.rows);
	return rc;
}

int screening_other_district_count(struct core *c, const struct actor *a, long long *n,
				   struct bf_err *e)
{
	int64_t k = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	enum db_qs qs = store_other_district_count(c->db, &k, e);
	*n = k;
	return qs < 0 ? -1 : 0;
}

/* ------------------------------------------------------------------ */
/* Households on the roll                                             */

int household_roll_tx(struct db *db, const struct actor *a, int64_t member_id,
		      struct household_roll **items, size_t *n, struct bf_err *e)
{
	struct household_link *links = NULL;
	size_t nl = 0;
	struct roll_entry *r = xcalloc(1, sizeof(*r));
	enum db_qs qs = store_household_list(db, member_id, &links, &nl, e);
	int rc = qs < 0 ? (int)qs : 0;
	*items = NULL;
	*n = 0;
	for (size_t i = 0; !rc && i < nl; i++) {
		if ((qs = store_roll_open_of(db, links[i].relative_id, r, e)) < 0) {
			rc = qs;
			break;
		}
		if (qs == DB_NONE)
			continue;
		*items = xreallocarray(*items, *n + 1, sizeof(**items));
		struct household_roll *h = &(*items)[(*n)++];
		memset(h, 0, sizeof(*h));
		h->member_id = links[i].relative_id;
		snprintf(h->member_name, sizeof(h->member_name), "%s", links[i].relative_name);
		snprintf(h->relation, sizeof(h->relation), "%s", links[i].relation);
		h->roll_id = r->id;
		snprintf(h->status, sizeof(h->status), "%s", r->status);
		snprintf(h->since_on, sizeof(h->since_on), "%s", r->since_on);
		snprintf(h->org_name, sizeof(h->org_name), "%s", r->org_name);
		h->in_scope = access_in_scope(a, r->org_path);
	}
	free(r);
	free(links);
	if (rc) {
		free(*items);
		*items = NULL;
		*n = 0;
	}
	return rc;
}

struct hh_roll_ctx {
	const struct actor *a;
	int64_t id;
	int of_case;
	struct household_roll **items;
	size_t *n;
};

static int hh_roll_fn(struct db *db, void *p, struct bf_err *e)
{
	struct hh_roll_ctx *x = p;
	int64_t member_id = 0;
	int rc, open = 1;
	if (x->of_case) {
		struct aid_case *c = xcalloc(1, sizeof(*c));
		rc = case_read_tx(db, x->a, x->id, c, e);
		member_id = c->member_id;
		free(c);
	} else {
		struct roll_entry *r = xcalloc(1, sizeof(*r));
		rc = roll_read_tx(db, x->a, x->id, r, e);
		member_id = r->member_id;
		open = !strcmp(r->status, "pending") || !strcmp(r->status, "active") ||
		       !strcmp(r->status, "exiting");
		free(r);
	}
	if (rc || !open)
		return rc;
	return household_roll_tx(db, x->a, member_id, x->items, x->n, e);
}

static int hh_roll_run(struct core *c, const struct actor *a, int64_t id, int of_case,
		       struct household_roll **items, size_t *n, struct bf_err *e)
{
	*items = NULL;
	*n = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	struct hh_roll_ctx x = {a, id, of_case, items, n};
	int rc = db_run_tx(c->db, "household_roll", 0, hh_roll_fn, &x, e);
	if (rc) {
		free(*items);
		*items = NULL;
		*n = 0;
	}
	return rc;
}

int roll_household(struct core *c, const struct actor *a, int64_t roll_id,
		   struct household_roll **items, size_t *n, struct bf_err *e)
{
	return hh_roll_run(c, a, roll_id, 0, items, n, e);
}

int screening_case_household_roll(struct core *c, const struct actor *a, int64_t case_id,
				  struct household_roll **items, size_t *n, struct bf_err *e)
{
	return hh_roll_run(c, a, case_id, 1, items, n, e);
}
