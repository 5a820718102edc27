/* member_io.c - the member register as CSV: the streaming, all-or-nothing
 * import (one transaction; every bad row reported with line, column and
 * reason) and the export with the same columns. */
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "csv.h"
#include "io.h"
#include "core/text.h"

/* Column headers, their API field names and whether the file must have them. */
static const struct {
	const char *header, *field;
	int required;
} columns[] = {
    {"姓名", "name", 1},
    {"性别", "gender", 0},
    {"民族", "ethnicity", 1},
    {"出生年月", "birth_date", 0},
    {"入党时间", "joined_on", 1},
    {"身份证号码", "id_number", 1},
    {"联系电话", "phone", 1},
    {"户口类别", "household_type", 1},
    {"家庭人口", "household_size", 1},
    {"家庭住址", "address", 1},
    {"文化程度", "education", 1},
    {"人员类别", "member_type", 1},
    {"所在支部", "org_id", 1},
};
#define NCOLS (sizeof(columns) / sizeof(columns[0]))

const char *const io_member_columns[] = {
    "姓名",	"性别",	    "民族",	"出生年月", "入党时间", "身份证号码", "联系电话",
    "户口类别", "家庭人口", "家庭住址", "文化程度", "人员类别", "所在支部",   NULL};

/* The Chinese header of an API field, for error messages. */
static const char *column_of(const char *field)
{
	for (size_t i = 0; i < NCOLS; i++)
		if (!strcmp(columns[i].field, field))
			return columns[i].header;
	return "";
}

struct importer {
	struct core *c;
	const struct actor *a;
	int idx[NCOLS]; /* file column of each of our columns, -1 absent */
	struct org *orgs;
	size_t norgs;
	const struct org *last; /* rows usually come grouped by branch */
	struct member *m;
	io_reject_fn reject;
	void *rctx;
};

static int map_header(struct importer *im, char **f, size_t n, struct bf_err *e)
{
	struct strbuf missing = STRBUF_INIT;
	for (size_t i = 0; i < NCOLS; i++) {
		im->idx[i] = -1;
		for (size_t j = 0; j < n; j++) {
			char h[64];
			snprintf(h, sizeof(h), "%s", f[j]);
			text_trim(h);
			if (!strcmp(h, columns[i].header))
				im->idx[i] = (int)j;
		}
		if (im->idx[i] < 0 && columns[i].required)
			strbuf_addf(&missing, "%s%s", missing.len ? "、" : "", columns[i].header);
	}
	int rc = 0;
	if (missing.len)
		rc = err_set(e, EC_INVALID, "header", "第 1 行（表头）缺少列：%s", missing.buf);
	strbuf_release(&missing);
	return rc;
}

static const char *cell(const struct importer *im, size_t col, char **f, size_t n)
{
	int j = im->idx[col];
	return j >= 0 && (size_t)j < n ? f[j] : "";
}

/* 所在支部: a branch's code, or its exact name. */
static const struct org *find_org(struct importer *im, const char *key)
{
	if (im->last && (!strcmp(im->last->code, key) || !strcmp(im->last->name, key)))
		return im->last;
	const struct org *by_name = NULL;
	for (size_t i = 0; i < im->norgs; i++) {
		if (!strcmp(im->orgs[i].code, key))
			return im->last = &im->orgs[i];
		if (!by_name && !strcmp(im->orgs[i].name, key))
			by_name = &im->orgs[i];
	}
	return by_name ? (im->last = by_name) : NULL;
}

static int copy_cell(char *dst, size_t n, const char *v, size_t col, struct bf_err *e)
{
	if (strlen(v) >= n)
		return err_set(e, EC_INVALID, columns[col].field, "%s过长", columns[col].header);
	memcpy(dst, v, strlen(v) + 1);
	return 0;
}

static int parse_size(const char *v, int *out, struct bf_err *e)
{
	char *end;
	while (*v == ' ')
		v++;
	long n = strtol(v, &end, 10);
	while (*end == ' ' || !strcmp(end, "人"))
		end += *end == ' ' ? 1 : strlen(end);
	if (!*v || *end || n < 0 || n > 1000)
		return err_set(e, *v ? EC_INVALID : EC_MISSING, "household_size",
			       "家庭人口应为 1—30 的整数");
	*out = (int)n;
	return 0;
}

/* Builds the member of one row; 0 or -1 with e naming the field. */
static int row_member(struct importer *im, char **f, size_t n, struct bf_err *e)
{
	struct member *m = im->m;
	memset(m, 0, offsetof(struct member, family));
	m->nfamily = 0;
	char *dst[] = {m->name,	     m->gender,	   m->ethnicity, m->birth_date,
		       m->joined_on, m->id_number, m->phone,	 m->household_type,
		       NULL,	     m->address,   m->education, m->member_type,
		       NULL};
	size_t len[] = {sizeof(m->name),
			sizeof(m->gender),
			sizeof(m->ethnicity),
			sizeof(m->birth_date),
			sizeof(m->joined_on),
			sizeof(m->id_number),
			sizeof(m->phone),
			sizeof(m->household_type),
			0,
			sizeof(m->address),
			sizeof(m->education),
			sizeof(m->member_type),
			0};
	for (size_t i = 0; i < NCOLS; i++)
		if (dst[i] && copy_cell(dst[i], len[i], cell(im, i, f, n), i, e))
			return -1;
	if (parse_size(cell(im, 8, f, n), &m->household_size, e))
		return -1;
	if (member_validate(m, e))
		return -1;
	const char *branch = cell(im, 12, f, n);
	const struct org *o = *branch ? find_org(im, branch) : NULL;
	if (!o)
		return err_set(e, *branch ? EC_INVALID : EC_MISSING, "org_id",
			       *branch ? "所在支部“%s”不存在或不在您的管辖范围内"
				       : "请填写所在支部%s",
			       branch);
	if (strcmp(o->kind, ORG_BRANCH) != 0 && strcmp(o->kind, ORG_GENERAL_BRANCH) != 0)
		return err_set(e, EC_INVALID, "org_id", "“%s”不是党支部或党总支", o->name);
	m->org_id = o->id;
	m->created_at = m->updated_at = (int64_t)time(NULL);
	return member_seal(im->c->key, m, e);
}

/* Returns 1 imported, 0 rejected, <0 a database failure. */
static int import_row(struct importer *im, long line, char **f, size_t n, struct bf_err *e)
{
	int rc = row_member(im, f, n, e);
	if (!rc)
		rc = member_insert_tx(im->c, im->m, e);
	if (rc == 0)
		return 1;
	if (rc != -1)
		return rc;
	if (im->reject)
		im->reject(line, column_of(e->field), e->message, f, n, im->rctx);
	return 0;
}

static int import_rows(struct importer *im, struct csv_reader *r, io_progress_fn progress,
		       void *pctx, struct import_result *res, struct bf_err *e)
{
	char **f;
	size_t n;
	int rc;
	struct bf_err rowe;
	while ((rc = csv_next(r, &f, &n, e)) == 1) {
		int ok = import_row(im, csv_line(r), f, n, &rowe);
		if (ok < 0) {
			*e = rowe;
			return -1;
		}
		ok ? res->imported++ : res->rejected++;
		if (progress && ((res->imported + res->rejected) & 4095) == 0)
			progress(csv_offset(r), csv_size(r), pctx);
	}
	if (progress)
		progress(csv_size(r), csv_size(r), pctx);
	return rc < 0 ? -1 : 0;
}

static int load_orgs(struct importer *im, struct bf_err *e)
{
	return org_list(im->c, im->a, &im->orgs, &im->norgs, e);
}

int io_member_import(struct core *c, const struct actor *a, const char *path, int skip_invalid,
		     io_reject_fn reject, void *rctx, io_progress_fn progress, void *pctx,
		     struct import_result *res, struct bf_err *e)
{
	struct importer im = {.c = c, .a = a, .reject = reject, .rctx = rctx};
	char **f;
	size_t n;
	int rc = -1;
	memset(res, 0, sizeof(*res));
	if (!access_allowed(a, PERM_WRITE))
		return err_set(e, EC_FORBIDDEN, NULL, "您的角色不能导入党员");
	struct csv_reader *r = csv_open(path, e);
	if (!r)
		return -1;
	im.m = calloc(1, sizeof(*im.m));
	if (!im.m)
		BUG("out of memory");
	int got = csv_next(r, &f, &n, e);
	if (got == 0)
		err_set(e, EC_INVALID, "header", "文件为空：第 1 行应为表头");
	if (got != 1 || map_header(&im, f, n, e) || load_orgs(&im, e))
		goto out;
	if (db_begin(c->db, 1, e) < 0)
		goto out;
	db_bulk(c->db, 1);
	if (import_rows(&im, r, progress, pctx, res, e)) {
		db_rollback(c->db);
		goto out_bulk;
	}
	if (res->rejected && !skip_invalid) {
		db_rollback(c->db);
		rc = 0;
		goto out_bulk;
	}
	char detail[256];
	snprintf(detail, sizeof(detail), "{\"imported\":%lld,\"rejected\":%lld}", res->imported,
		 res->rejected);
	if (audit_record(c->db, a, "import", "member", 0, detail, e) || db_commit(c->db, e) < 0) {
		db_rollback(c->db);
		goto out_bulk;
	}
	res->committed = 1;
	rc = 0;
out_bulk:
	db_bulk(c->db, 0);
out:
	csv_close(r);
	free(im.orgs);
	free(im.m);
	return rc;
}

/* ---- export ---- */

struct exporter {
	FILE *out;
	long long rows;
	struct strbuf line;
};

static int export_row(const struct member *m, void *p)
{
	struct exporter *x = p;
	char size[16];
	snprintf(size, sizeof(size), "%d", m->household_size);
	const char *v[] = {m->name,	 m->gender,    m->ethnicity, m->birth_date,
			   m->joined_on, m->id_number, m->phone,     m->household_type,
			   size,	 m->address,   m->education, m->member_type,
			   m->org_code};
	strbuf_reset(&x->line);
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		csv_add_field(&x->line, v[i], i == 0);
	strbuf_adds(&x->line, "\r\n");
	if (fwrite(x->line.buf, 1, x->line.len, x->out) != x->line.len)
		return -1;
	x->rows++;
	return 0;
}

int io_member_export(struct core *c, const struct actor *a, const char *org_code, int reveal,
		     FILE *out, long long *rows, struct bf_err *e)
{
	struct exporter x = {.out = out};
	struct org o;
	const char *scope = a->org_path;
	if (org_code) {
		if (org_get_by_code(c, a, org_code, &o, e))
			return -1;
		scope = o.path;
	}
	strbuf_init(&x.line);
	/* A BOM so that Excel on Chinese Windows opens the UTF-8 file right. */
	strbuf_adds(&x.line, "\xEF\xBB\xBF");
	for (size_t i = 0; io_member_columns[i]; i++)
		csv_add_field(&x.line, io_member_columns[i], i == 0);
	strbuf_adds(&x.line, "\r\n");
	fwrite(x.line.buf, 1, x.line.len, out);
	int rc = member_each(c, a, scope, reveal, export_row, &x, e);
	strbuf_release(&x.line);
	*rows = x.rows;
	if (!rc && (fflush(out) || ferror(out)))
		rc = err_set(e, EC_INTERNAL, NULL, "写入导出文件失败");
	return rc;
}
