/* org_io.c - the organisation import (组织编码,组织名称,上级组织编码,组织类别):
 * read whole (a district has hundreds of organisations, not millions),
 * inserted parents first in one transaction, all-or-nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "io.h"
#include "sheet.h"
#include "store.h"
#include "utf8.h"
#include "text.h"
#include "wrapper.h"

struct org_row {
	long line;
	struct org o;
	char parent_code[64];
	int done;
	int too_long; /* 1 + the index of a cell longer than its buffer, 0 none */
};

static const char *const org_headers[] = {"组织编码", "组织名称", "上级组织编码", "组织类别"};

static int map_org_header(char **f, size_t n, int idx[4], struct bf_err *e)
{
	for (int i = 0; i < 4; i++) {
		idx[i] = -1;
		for (size_t j = 0; j < n; j++) {
			char h[64];
			snprintf(h, sizeof(h), "%s", f[j]);
			text_trim(h);
			if (!strcmp(h, org_headers[i]))
				idx[i] = (int)j;
		}
		if (idx[i] < 0)
			return err_set(e, EC_INVALID, "header", "第 1 行（表头）缺少列：%s",
				       org_headers[i]);
	}
	return 0;
}

static void row_from_fields(struct org_row *row, char **f, size_t n, const int idx[4])
{
	char *dst[] = {row->o.code, row->o.name, row->parent_code, row->o.kind_name};
	size_t len[] = {sizeof(row->o.code), sizeof(row->o.name), sizeof(row->parent_code),
			sizeof(row->o.kind_name)};
	for (int i = 0; i < 4; i++) {
		const char *v = (size_t)idx[i] < n ? f[idx[i]] : "";
		if (strlen(v) >= len[i] && !row->too_long)
			row->too_long = 1 + i;
		utf8_copy(dst[i], len[i], v);
		text_trim(dst[i]);
	}
}

static int read_rows(const char *path, struct org_row **rows, size_t *nrows, struct bf_err *e)
{
	int idx[4];
	char **f;
	size_t n, cap = 0;
	struct sheet *r = sheet_open(path, e);
	if (!r)
		return -1;
	int rc = sheet_next(r, &f, &n, e);
	if (rc == 0)
		rc = err_set(e, EC_INVALID, "header", "文件为空：第 1 行应为表头");
	if (rc < 0 || map_org_header(f, n, idx, e)) {
		sheet_close(r);
		return -1;
	}
	while ((rc = sheet_next(r, &f, &n, e)) == 1) {
		if (*nrows == cap) {
			cap = cap ? cap * 2 : 64;
			struct org_row *p = xreallocarray(*rows, cap, sizeof(**rows));
			*rows = p;
		}
		struct org_row *row = &(*rows)[(*nrows)++];
		memset(row, 0, sizeof(*row));
		row->line = sheet_line(r);
		row_from_fields(row, f, n, idx);
	}
	sheet_close(r);
	return rc < 0 ? -1 : 0;
}

static void reject_row(const struct org_row *row, const struct bf_err *err, io_reject_fn reject,
		       void *rctx)
{
	static const struct {
		const char *field, *header;
	} names[] = {{"code", "组织编码"},
		     {"name", "组织名称"},
		     {"parent_id", "上级组织编码"},
		     {"kind_name", "组织类别"}};
	const char *col = "";
	for (size_t i = 0; i < 4; i++)
		if (!strcmp(err->field, names[i].field))
			col = names[i].header;
	char *fields[] = {(char *)row->o.code, (char *)row->o.name, (char *)row->parent_code,
			  (char *)row->o.kind_name};
	if (reject)
		reject(row->line, col, err->message, fields, 4, rctx);
}

static void refuse(struct org_row *row, const struct bf_err *re, long long *bad,
		   io_reject_fn reject, void *rctx)
{
	reject_row(row, re, reject, rctx);
	(*bad)++;
	row->done = 1;
}

/* Why a row is refused before any insert: a cell too long (refused as it
 * is, not cut to fit), or a code already used (checked first, as a failed
 * INSERT would end a PostgreSQL transaction).  1 refused, 0 not, <0 a
 * database failure. */
static int refused_early(struct core *c, struct org_row *row, struct bf_err *re, struct bf_err *e)
{
	static const char *const field[] = {"code", "name", "parent_id", "kind_name"};
	static const char *const label[] = {"组织编码", "组织名称", "上级组织编码", "组织类别"};
	struct org taken;
	if (row->too_long) {
		err_set(re, EC_INVALID, field[row->too_long - 1], "%s过长",
			label[row->too_long - 1]);
		return 1;
	}
	enum db_qs qs = store_org_by_code(c->db, row->o.code, &taken, e);
	if (qs < 0)
		return qs;
	if (qs == DB_ONE) {
		err_set(re, EC_CONFLICT, "code", "组织编码“%s”已被使用", row->o.code);
		return 1;
	}
	return 0;
}

/* One pass: inserts every row whose parent now exists.  Returns how many
 * were inserted, or <0 on a database failure. */
static int insert_pass(struct core *c, const struct actor *a, struct org_row *rows, size_t n,
		       long long *bad, io_reject_fn reject, void *rctx, struct bf_err *e)
{
	int inserted = 0;
	for (size_t i = 0; i < n; i++) {
		struct org_row *row = &rows[i];
		struct org parent;
		struct bf_err re;
		if (row->done)
			continue;
		int early = refused_early(c, row, &re, e);
		if (early < 0)
			return early;
		if (early) {
			refuse(row, &re, bad, reject, rctx);
			continue;
		}
		row->o.parent_id = 0;
		if (row->parent_code[0]) {
			if (org_get_by_code(c, a, row->parent_code, &parent, &re))
				continue; /* maybe later in the file */
			row->o.parent_id = parent.id;
		}
		int rc = org_create_tx(c, a, &row->o, &re);
		row->done = 1;
		if (rc == 0) {
			inserted++;
		} else if (rc == -1) {
			refuse(row, &re, bad, reject, rctx);
		} else {
			*e = re;
			return rc;
		}
	}
	return inserted;
}

static int import_all(struct core *c, const struct actor *a, struct org_row *rows, size_t n,
		      io_reject_fn reject, void *rctx, struct import_result *res, struct bf_err *e)
{
	int got;
	while ((got = insert_pass(c, a, rows, n, &res->rejected, reject, rctx, e)) > 0)
		res->imported += got;
	if (got < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!rows[i].done) {
			struct bf_err re;
			err_set(&re, EC_INVALID, "parent_id", "上级组织编码“%s”不存在",
				rows[i].parent_code);
			reject_row(&rows[i], &re, reject, rctx);
			res->rejected++;
		}
	return 0;
}

int io_org_import(struct core *c, const struct actor *a, const char *path, int flags,
		  io_reject_fn reject, void *rctx, struct import_result *res, struct bf_err *e)
{
	struct org_row *rows = NULL;
	size_t n = 0;
	int rc = -1;
	memset(res, 0, sizeof(*res));
	if (read_rows(path, &rows, &n, e))
		goto out;
	if (db_begin(c->db, 1, e) < 0)
		goto out;
	if (import_all(c, a, rows, n, reject, rctx, res, e)) {
		db_rollback(c->db);
		goto out;
	}
	rc = 0;
	if ((res->rejected && !(flags & IO_SKIP_INVALID)) || (flags & IO_DRY_RUN)) {
		db_rollback(c->db);
		goto out;
	}
	if (db_commit(c->db, e) < 0) {
		db_rollback(c->db);
		rc = -1;
		goto out;
	}
	res->committed = 1;
out:
	free(rows);
	return rc;
}
