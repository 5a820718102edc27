/* roll_io.c - the roll import (建库, issue #11): a district's Excel 台账 as
 * CSV or .xlsx, its columns found by their header (the header row may
 * follow a title row or two), each row keyed by the member's ID number
 * through the register's blind index.  Every row is checked and entered
 * (roll_register_tx, source "import") in one transaction; every bad row is
 * reported with its line, column and reason, and nothing is stored when
 * there is one (unless IO_SKIP_INVALID), like the member import.  A member
 * who already has an open period is a bad row: the import builds the roll,
 * the reviews and the entry page change it (docs/internals/roll.md). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cases.h"
#include "date.h"
#include "idnum.h"
#include "io.h"
#include "sheet.h"
#include "store.h"
#include "store_roll.h"
#include "text.h"
#include "wrapper.h"

enum col {
	C_ID,
	C_NAME,
	C_SINCE,
	C_CATEGORY,
	C_TIER,
	C_CAUSES,
	C_INCOME,
	C_SOURCES,
	C_SUBSIDIES,
	C_MIND,
	C_NEEDS,
	C_HOUSEHOLD,
	C_SIZE,
	NCOL
};

/* The header people write (shown in messages), the other ways they write
 * it (compared without blanks and brackets), the API field, required. */
static const struct {
	const char *header, *aliases[4], *field;
	int required;
} columns[NCOL] = {
    [C_ID] = {"身份证号码", {"身份证号", "公民身份号码"}, "id_number", 1},
    [C_NAME] = {"姓名", {"党员姓名"}, "name", 0},
    [C_SINCE] = {"纳入日期", {"纳入时间", "列入日期"}, "since_on", 1},
    [C_CATEGORY] = {"类别", {"类型", "帮扶类别"}, "category", 1},
    [C_TIER] = {"档次", {"困难档次", "困难程度"}, "tier", 1},
    [C_CAUSES] = {"致困原因", {"致贫原因", "困难原因"}, "causes", 1},
    [C_INCOME] = {"人均年纯收入（元）",
		  {"人均年纯收入", "年人均纯收入元", "年人均纯收入"},
		  "income_fen",
		  1},
    [C_SOURCES] = {"收入来源", {"主要收入来源"}, "income_sources", 1},
    [C_SUBSIDIES] = {"享受其他补贴", {"享受其他补贴情况", "其他补贴"}, "subsidies", 1},
    [C_MIND] = {"思想动态", {NULL}, "state_of_mind", 1},
    [C_NEEDS] = {"急需何种帮助", {"急需帮助", "需要何种帮助"}, "needs", 1},
    [C_HOUSEHOLD] = {"家庭结构", {"家庭成员结构"}, "household", 0},
    [C_SIZE] = {"家庭人口", {"家庭人口数", "家庭人数"}, "household_size", 0},
};

const char *const io_roll_columns[] = {"身份证号码",   "姓名",	   "纳入日期",		 "类别",
				       "档次",	       "致困原因", "人均年纯收入（元）", "收入来源",
				       "享受其他补贴", "思想动态", "急需何种帮助",	 "家庭结构",
				       "家庭人口",     NULL};

/* A header cell without blanks, brackets and 元: 人均年纯收入(元) and
 * 人均年纯收入（元） and 人均年纯收入 are one column. */
static void header_key(const char *in, char *out, size_t n)
{
	static const char *const drop[] = {" ",	 "\t", "\r", "\n", "\xE3\x80\x80", "(", ")",
					   "（", "）", "元", "*",  "＊",	   NULL};
	size_t used = 0;
	while (*in && used + 1 < n) {
		size_t k = 0;
		for (size_t i = 0; drop[i] && !k; i++)
			if (!strncmp(in, drop[i], strlen(drop[i])))
				k = strlen(drop[i]);
		if (k) {
			in += k;
			continue;
		}
		out[used++] = *in++;
	}
	out[used] = '\0';
}

static int header_is(size_t col, const char *cellv)
{
	char got[128], want[128];
	header_key(cellv, got, sizeof(got));
	if (!got[0])
		return 0;
	header_key(columns[col].header, want, sizeof(want));
	if (!strcmp(got, want))
		return 1;
	for (size_t i = 0; i < 4 && columns[col].aliases[i]; i++) {
		header_key(columns[col].aliases[i], want, sizeof(want));
		if (!strcmp(got, want))
			return 1;
	}
	return 0;
}

struct rimp {
	struct core *c;
	const struct actor *a;
	struct sheet *r;
	int idx[NCOL];
	const struct policy *p;
	io_reject_fn reject;
	void *rctx;
	io_progress_fn progress;
	void *pctx;
	/* the members seen in the file: id → line, open addressing */
	int64_t *seen_id;
	long *seen_line;
	size_t seen_cap, seen_n;
};

/* The header row: the first of the first 10 rows with a 身份证号码 cell. */
static int find_header(struct rimp *im, struct bf_err *e)
{
	char **f;
	size_t n;
	for (int row = 0; row < 10; row++) {
		int got = sheet_next(im->r, &f, &n, e);
		if (got < 0)
			return -1;
		if (got == 0)
			break;
		int found = 0;
		for (size_t j = 0; j < n && !found; j++)
			found = header_is(C_ID, f[j]);
		if (!found)
			continue;
		struct strbuf missing = STRBUF_INIT;
		for (size_t c = 0; c < NCOL; c++) {
			im->idx[c] = -1;
			for (size_t j = 0; j < n && im->idx[c] < 0; j++)
				if (header_is(c, f[j]))
					im->idx[c] = (int)j;
			if (im->idx[c] < 0 && columns[c].required)
				strbuf_addf(&missing, "%s%s", missing.len ? "、" : "",
					    columns[c].header);
		}
		int rc = 0;
		if (missing.len)
			rc = err_set(e, EC_INVALID, "header", "第 %ld 行（表头）缺少列：%s",
				     sheet_line(im->r), missing.buf);
		strbuf_release(&missing);
		return rc;
	}
	return err_set(e, EC_INVALID, "header",
		       "没有找到表头：前 10 行中应有一行是列名，其中有“身份证号码”一列");
}

static const char *cell(const struct rimp *im, enum col c, char **f, size_t n)
{
	int j = im->idx[c];
	return j >= 0 && (size_t)j < n ? f[j] : "";
}

static int is_number(const struct rimp *im, enum col c)
{
	int j = im->idx[c];
	return j >= 0 && sheet_kind(im->r, (size_t)j) == XLSX_NUMBER;
}

static const char *column_of(const char *field)
{
	for (size_t i = 0; field && i < NCOL; i++)
		if (!strcmp(columns[i].field, field))
			return columns[i].header;
	if (field && !strcmp(field, "member_id"))
		return columns[C_ID].header;
	return "";
}

/* The line of the row that already named member id, or 0; remembers it
 * for line otherwise. */
static long seen(struct rimp *im, int64_t id, long line)
{
	if (im->seen_n * 2 >= im->seen_cap) {
		size_t cap = im->seen_cap ? im->seen_cap * 2 : 1024;
		int64_t *ids = xcalloc(cap, sizeof(*ids));
		long *lines = xcalloc(cap, sizeof(*lines));
		for (size_t i = 0; i < im->seen_cap; i++) {
			if (!im->seen_id[i])
				continue;
			size_t h = (size_t)((uint64_t)im->seen_id[i] * 0x9E3779B97F4A7C15ull) % cap;
			while (ids[h])
				h = (h + 1) % cap;
			ids[h] = im->seen_id[i];
			lines[h] = im->seen_line[i];
		}
		free(im->seen_id);
		free(im->seen_line);
		im->seen_id = ids;
		im->seen_line = lines;
		im->seen_cap = cap;
	}
	size_t h = (size_t)((uint64_t)id * 0x9E3779B97F4A7C15ull) % im->seen_cap;
	while (im->seen_id[h]) {
		if (im->seen_id[h] == id)
			return im->seen_line[h];
		h = (h + 1) % im->seen_cap;
	}
	im->seen_id[h] = id;
	im->seen_line[h] = line;
	im->seen_n++;
	return 0;
}

/* Copies a text cell, refused when longer than the entry keeps. */
static int text_cell(char *dst, size_t n, const char *v, enum col c, struct bf_err *e)
{
	char buf[4096];
	snprintf(buf, sizeof(buf), "%s", v);
	text_trim(buf);
	if (strlen(buf) >= n || strlen(v) >= sizeof(buf))
		return err_set(e, EC_INVALID, columns[c].field, "%s过长", columns[c].header);
	memcpy(dst, buf, strlen(buf) + 1);
	return 0;
}

/* The entry of one row, from its cells: -1 with e when a cell is wrong. */
static int row_entry(struct rimp *im, char **f, size_t n, long line, struct roll_entry *x,
		     struct member *m, struct bf_err *e)
{
	char norm[19];
	struct search_term t;
	const char *id = cell(im, C_ID, f, n);
	memset(x, 0, sizeof(*x));
	x->income_fen = -1;
	if (is_number(im, C_ID))
		return err_set(e, EC_INVALID, "id_number",
			       "身份证号码被 Excel 存成了数字（%s），后几位已丢失：请将该列设置为"
			       "文本格式后重新录入",
			       id);
	if (!*id || strspn(id, " ") == strlen(id))
		return err_set(e, EC_MISSING, "id_number", "请填写身份证号码");
	if (idnum_check(id, NULL, norm, NULL, NULL, e))
		return -1;
	if (member_search_term(im->c->key, norm, NULL, &t, e))
		return -1;
	enum db_qs qs = store_member_by_id_bidx(im->c->db, t.id_bidx, m, e);
	if (qs < 0)
		return -2;
	if (qs == DB_NONE)
		return err_set(e, EC_NOT_FOUND, "id_number", "身份证号码不在党员名册中");
	if (!access_in_scope(im->a, m->org_path))
		return err_set(e, EC_FORBIDDEN, "id_number", "%s不在您的管辖范围内（%s）", m->name,
			       m->org_name);
	const char *name = cell(im, C_NAME, f, n);
	char nm[256];
	snprintf(nm, sizeof(nm), "%s", name);
	text_trim(nm);
	if (nm[0] && strcmp(nm, m->name))
		return err_set(e, EC_INVALID, "name", "姓名“%s”与党员名册中的“%s”不符", nm,
			       m->name);
	x->member_id = m->id;
	long other = seen(im, m->id, line);
	if (other)
		return err_set(e, EC_DUPLICATE_ID, "id_number", "与第 %ld 行是同一党员", other);
	if (roll_parse_day(cell(im, C_SINCE, f, n), is_number(im, C_SINCE), x->since_on, e) ||
	    roll_parse_category(im->p, cell(im, C_CATEGORY, f, n), x->category, e) ||
	    roll_parse_tier(im->p, cell(im, C_TIER, f, n), x->tier, e) ||
	    roll_parse_causes(im->p, cell(im, C_CAUSES, f, n), &x->causes, e) ||
	    roll_parse_income(cell(im, C_INCOME, f, n), is_number(im, C_INCOME), &x->income_fen, e))
		return -1;
	if (text_cell(x->income_sources, sizeof(x->income_sources), cell(im, C_SOURCES, f, n),
		      C_SOURCES, e) ||
	    text_cell(x->subsidies, sizeof(x->subsidies), cell(im, C_SUBSIDIES, f, n), C_SUBSIDIES,
		      e) ||
	    text_cell(x->state_of_mind, sizeof(x->state_of_mind), cell(im, C_MIND, f, n), C_MIND,
		      e) ||
	    text_cell(x->needs, sizeof(x->needs), cell(im, C_NEEDS, f, n), C_NEEDS, e) ||
	    text_cell(x->household, sizeof(x->household), cell(im, C_HOUSEHOLD, f, n), C_HOUSEHOLD,
		      e))
		return -1;
	const char *size = cell(im, C_SIZE, f, n);
	char sz[32];
	snprintf(sz, sizeof(sz), "%s", size);
	text_trim(sz);
	if (sz[0]) {
		char *end;
		long v = strtol(sz, &end, 10);
		while (*end == ' ')
			end++;
		if (!strcmp(end, "人") || !strcmp(end, "口"))
			end += strlen(end);
		if (end == sz || *end || v < 0 || v > 30)
			return err_set(e, EC_INVALID, "household_size", "家庭人口应为 0—30 的整数");
		x->household_size = (int)v;
	}
	return 0;
}

/* One row: checked, then entered; 1 a bad row (reported), 0 entered, -1
 * with e on a database failure. */
static int import_row(struct rimp *im, char **f, size_t n, struct bf_err *e)
{
	struct roll_entry *x = xcalloc(1, sizeof(*x)), *prev = xcalloc(1, sizeof(*prev));
	struct member *m = xcalloc(1, sizeof(*m));
	struct bf_err re;
	long line = sheet_line(im->r);
	int rc = row_entry(im, f, n, line, x, m, &re);
	if (rc == -2) {
		*e = re;
		goto out;
	}
	if (!rc) {
		enum db_qs qs = store_roll_open_of(im->c->db, x->member_id, prev, &re);
		if (qs < 0) {
			*e = re;
			rc = -2;
			goto out;
		}
		if (qs == DB_ONE)
			rc = err_set(&re, EC_CONFLICT, "id_number",
				     "%s已在困难党员台账中（%s，纳入日期 %s）：已有的记录请在台账中"
				     "修改，不能再导入",
				     m->name, roll_status_label(prev->status), prev->since_on);
	}
	if (!rc) {
		enum db_qs qs = store_roll_last_exited(im->c->db, x->member_id, prev, &re);
		if (qs < 0) {
			*e = re;
			rc = -2;
			goto out;
		}
		if (qs == DB_ONE && strcmp(x->since_on, prev->until_on) < 0)
			rc = err_set(&re, EC_INVALID, "since_on",
				     "纳入日期不能早于该党员上次脱困的日期 %s", prev->until_on);
	}
	if (!rc) {
		rc = roll_register_tx(im->c->db, im->a, x, "import", NULL, &re);
		if (rc < -1 || (rc && (re.code == EC_INTERNAL || re.code == EC_DB))) {
			*e = re;
			rc = -2;
			goto out;
		}
	}
	if (rc && im->reject)
		im->reject(line, column_of(re.field), re.message, f, n, im->rctx);
	rc = rc ? 1 : 0;
out:
	member_free(m);
	free(x);
	free(prev);
	return rc == -2 ? -1 : rc;
}

static int blank_row(char **f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char buf[64];
		snprintf(buf, sizeof(buf), "%s", f[i]);
		text_trim(buf);
		if (buf[0])
			return 0;
	}
	return 1;
}

static int import_tx(struct rimp *im, int flags, struct import_result *res, struct bf_err *e)
{
	char today[11], **f;
	size_t n;
	int got;
	struct ymd d = date_today();
	date_format(d, today);
	if (case_policy_at(im->c->db, today, &im->p, e))
		return -1;
	long long rows = 0;
	while ((got = sheet_next(im->r, &f, &n, e)) == 1) {
		if (blank_row(f, n))
			continue;
		int rc = import_row(im, f, n, e);
		if (rc < 0)
			return -1;
		if (rc)
			res->rejected++;
		else
			res->imported++;
		if (im->progress && (++rows & 255) == 0)
			im->progress(sheet_offset(im->r), sheet_size(im->r), im->pctx);
	}
	if (got < 0)
		return -1;
	if (im->progress)
		im->progress(sheet_size(im->r), sheet_size(im->r), im->pctx);
	if ((res->rejected && !(flags & IO_SKIP_INVALID)) || (flags & IO_DRY_RUN))
		return 1; /* all-or-nothing, or only a check: roll back */
	char detail[256];
	snprintf(detail, sizeof(detail), "{\"imported\":%lld,\"rejected\":%lld}", res->imported,
		 res->rejected);
	return audit_record(im->c->db, im->a, "import", "roll_entry", 0, detail, e) ? -1 : 0;
}

int io_roll_import(struct core *c, const struct actor *a, const char *path, int flags,
		   io_reject_fn reject, void *rctx, io_progress_fn progress, void *pctx,
		   struct import_result *res, struct bf_err *e)
{
	struct rimp im = {
	    .c = c, .a = a, .reject = reject, .rctx = rctx, .progress = progress, .pctx = pctx};
	int rc = -1;
	memset(res, 0, sizeof(*res));
	if (!access_allowed(a, PERM_WRITE))
		return err_set(e, EC_FORBIDDEN, NULL, "您的角色不能导入台账");
	im.r = sheet_open(path, e);
	if (!im.r)
		return -1;
	if (find_header(&im, e))
		goto out;
	if (db_begin(c->db, 1, e) < 0)
		goto out;
	int tx = import_tx(&im, flags, res, e);
	if (tx == 0 && db_commit(c->db, e) >= 0) {
		res->committed = 1;
		rc = 0;
	} else {
		db_rollback(c->db);
		rc = tx == 1 ? 0 : -1;
	}
out:
	sheet_close(im.r);
	free(im.seen_id);
	free(im.seen_line);
	return rc;
}
