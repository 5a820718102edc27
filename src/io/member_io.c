/* member_io.c - the member register as CSV: the streaming, all-or-nothing
 * import (one transaction; every bad row reported with line, column and
 * reason) and the export with the same columns. */
#include <inttypes.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "csv.h"
#include "io.h"
#include "sheet.h"
#include "store.h"
#include "text.h"
#include "wrapper.h"

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

/* The import runs as a pipeline: a reader thread parses, validates and
 * seals rows (CPU: CSV, dates, SM4, HMAC-SM3) while the calling thread
 * inserts them, so the two cores work at once.  Batches of rows pass
 * through a small ring, which keeps memory flat whatever the file size. */
#define BATCH_ROWS 256
#define NBATCH	   4

struct slot {
	long line;
	int ok; /* validated and sealed; 0: already reported */
	struct member m;
	struct strbuf raw; /* the row's fields, NUL-separated, for a late reject */
	size_t nfields;
};

struct batch {
	int n;
	int last;   /* the input ends with this batch */
	int failed; /* reading failed: e says why */
	struct bf_err e;
	struct slot slots[BATCH_ROWS];
};

/* 所在支部 values seen, hashed: a file names a few dozen branches a
 * million times, in any order. */
#define ORG_MEMO 256

struct importer {
	struct core *c;
	const struct actor *a;
	int idx[NCOLS]; /* file column of each of our columns, -1 absent */
	struct org *orgs;
	size_t norgs;
	const struct org *memo[ORG_MEMO]; /* by hash of the cell text */
	struct sheet *r;
	io_reject_fn reject;
	void *rctx;
	io_progress_fn progress;
	void *pctx;
	pthread_mutex_t reject_lock; /* both threads report bad rows */
	/* the ring */
	struct batch *ring[NBATCH];
	int filled, head, tail, stop;
	pthread_mutex_t lock;
	pthread_cond_t changed;
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

static int org_code_cmp(const void *a, const void *b)
{
	return strcmp(((const struct org *)a)->code, ((const struct org *)b)->code);
}

static size_t org_hash(const char *key)
{
	size_t h = 2166136261u;
	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 16777619u;
	return h % ORG_MEMO;
}

/* 所在支部: a branch's code (binary search over the sorted orgs), or its
 * exact name; the last org found for each hash is tried first. */
static const struct org *find_org(struct importer *im, const char *key)
{
	size_t h = org_hash(key);
	const struct org *hit = im->memo[h];
	if (hit && (!strcmp(hit->code, key) || !strcmp(hit->name, key)))
		return hit;
	hit = NULL;
	for (size_t lo = 0, hi = im->norgs; !hit && lo < hi;) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(key, im->orgs[mid].code);
		if (!cmp)
			hit = &im->orgs[mid];
		else if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	for (size_t i = 0; !hit && i < im->norgs; i++)
		if (!strcmp(im->orgs[i].name, key))
			hit = &im->orgs[i];
	return hit ? (im->memo[h] = hit) : NULL;
}

static int copy_cell(char *dst, size_t n, const char *v, size_t col, struct bf_err *e)
{
	size_t len = strlen(v);
	if (len >= n)
		return err_set(e, EC_INVALID, columns[col].field, "%s过长", columns[col].header);
	memcpy(dst, v, len + 1);
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

/* An ID number Excel took for a number: 18 digits do not fit a double, so
 * the last ones are gone (shown as 1.10101E+17, or saved so in CSV). */
static int id_as_number(const struct importer *im, const char *v)
{
	int j = im->idx[5];
	if (j >= 0 && sheet_kind(im->r, (size_t)j) == XLSX_NUMBER)
		return 1;
	const char *p = v + strspn(v, " ");
	size_t digits = strspn(p, "0123456789");
	if (digits && p[digits] == '.')
		digits += 1 + strspn(p + digits + 1, "0123456789");
	return digits && (p[digits] == 'E' || p[digits] == 'e') && p[digits + 1] == '+';
}

/* A date cell Excel kept as a number without a date format: its serial day
 * (from 3000, 1908-03-18: below are years typed as numbers, refused by the
 * date check). */
static void serial_date(const struct importer *im, size_t col, char *dst, size_t n)
{
	int j = im->idx[col];
	char *end, day[11];
	if (j < 0 || sheet_kind(im->r, (size_t)j) != XLSX_NUMBER)
		return;
	double v = strtod(dst, &end);
	if (!*end && v >= 3000 && xlsx_serial_date(v, 0, day) == 0 && n > sizeof(day))
		memcpy(dst, day, sizeof(day));
}

/* Builds, checks and seals the member of one row; 0 or -1 with e. */
static int row_member(struct importer *im, struct member *m, char **f, size_t n, struct bf_err *e)
{
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
	if (id_as_number(im, cell(im, 5, f, n)))
		return err_set(e, EC_INVALID, "id_number",
			       "身份证号码被 Excel 存成了数字（%s），后几位已丢失：请将该列设置为"
			       "文本格式后重新录入",
			       cell(im, 5, f, n));
	for (size_t i = 0; i < NCOLS; i++)
		if (dst[i] && copy_cell(dst[i], len[i], cell(im, i, f, n), i, e))
			return -1;
	serial_date(im, 3, m->birth_date, sizeof(m->birth_date));
	serial_date(im, 4, m->joined_on, sizeof(m->joined_on));
	if (parse_size(cell(im, 8, f, n), &m->household_size, e))
		return -1;
	if (member_validate(m, e))
		return -1;
	const char *branch = cell(im, 12, f, n);
	const struct org *o = *branch ? find_org(im, branch) : NULL;
	if (!o && *branch)
		return err_set(e, EC_INVALID, "org_id", "所在支部“%s”不存在或不在您的管辖范围内",
			       branch);
	if (!o)
		return err_set(e, EC_MISSING, "org_id", "请填写所在支部");
	if (strcmp(o->kind, ORG_BRANCH) != 0 && strcmp(o->kind, ORG_GENERAL_BRANCH) != 0)
		return err_set(e, EC_INVALID, "org_id", "“%s”不是党支部或党总支", o->name);
	m->org_id = o->id;
	m->created_at = m->updated_at = (int64_t)time(NULL);
	return member_seal(im->c->key, m, e);
}

static void report(struct importer *im, long line, const struct bf_err *e, char **f, size_t n)
{
	if (!im->reject)
		return;
	pthread_mutex_lock(&im->reject_lock);
	im->reject(line, column_of(e->field), e->message, f, n, im->rctx);
	pthread_mutex_unlock(&im->reject_lock);
}

/* A rejected row's fields back from their NUL-separated copy. */
static void report_slot(struct importer *im, struct slot *s, const struct bf_err *e)
{
	char *f[64];
	size_t n = 0;
	for (size_t off = 0; n < s->nfields && n < 64 && off < s->raw.len; n++) {
		f[n] = s->raw.buf + off;
		off += strlen(f[n]) + 1;
	}
	report(im, s->line, e, f, n);
}

static void fill_slot(struct importer *im, struct slot *s, char **f, size_t n)
{
	struct bf_err e;
	s->line = sheet_line(im->r);
	strbuf_reset(&s->raw);
	for (size_t i = 0; i < n; i++)
		strbuf_add(&s->raw, f[i], strlen(f[i]) + 1);
	s->nfields = n;
	s->ok = row_member(im, &s->m, f, n, &e) == 0;
	if (!s->ok)
		report(im, s->line, &e, f, n);
}

/* ---- the ring between the reader and the inserter ---- */

static struct batch *ring_wait(struct importer *im, int want_filled)
{
	pthread_mutex_lock(&im->lock);
	while (!im->stop && (want_filled ? im->filled == 0 : im->filled == NBATCH))
		pthread_cond_wait(&im->changed, &im->lock);
	struct batch *b = NULL;
	if (!im->stop || want_filled)
		b = want_filled ? (im->filled ? im->ring[im->tail] : NULL) : im->ring[im->head];
	pthread_mutex_unlock(&im->lock);
	return b;
}

static void ring_done(struct importer *im, int filled)
{
	pthread_mutex_lock(&im->lock);
	if (filled) {
		im->head = (im->head + 1) % NBATCH;
		im->filled++;
	} else {
		im->tail = (im->tail + 1) % NBATCH;
		im->filled--;
	}
	pthread_cond_broadcast(&im->changed);
	pthread_mutex_unlock(&im->lock);
}

static void *reader(void *p)
{
	struct importer *im = p;
	long long rows = 0;
	for (;;) {
		struct batch *b = ring_wait(im, 0);
		if (!b)
			return NULL; /* the inserter gave up */
		char **f;
		size_t n;
		int rc = 1;
		b->n = 0;
		b->last = b->failed = 0;
		while (b->n < BATCH_ROWS && (rc = sheet_next(im->r, &f, &n, &b->e)) == 1)
			fill_slot(im, &b->slots[b->n++], f, n);
		rows += b->n;
		if (im->progress && (rows & 4095) < BATCH_ROWS)
			im->progress(sheet_offset(im->r), sheet_size(im->r), im->pctx);
		b->last = rc != 1;
		b->failed = rc < 0;
		ring_done(im, 1);
		if (b->last)
			return NULL;
	}
}

/* A row the batch insert left out: its ID number is already registered.
 * Inserted once more on its own, the core names the branch that holds it. */
static int insert_duplicate(struct importer *im, struct slot *s, struct import_result *res,
			    struct bf_err *e)
{
	struct bf_err re;
	int rc = member_insert_tx(im->c, &s->m, &re);
	if (rc == 0) {
		res->imported++;
	} else if (rc == -1) {
		res->rejected++;
		report_slot(im, s, &re);
	} else {
		*e = re;
		return -1;
	}
	return 0;
}

/* Inserts one batch's valid rows with one store call (as many rows a
 * statement as suits the engine); -1 (e set) on a database failure. */
static int insert_batch(struct importer *im, struct batch *b, struct import_result *res,
			struct bf_err *e)
{
	struct member *ms[BATCH_ROWS];
	struct slot *from[BATCH_ROWS];
	unsigned char dup[BATCH_ROWS];
	size_t n = 0;
	for (int i = 0; i < b->n; i++) {
		if (!b->slots[i].ok) {
			res->rejected++;
			continue;
		}
		from[n] = &b->slots[i];
		ms[n++] = &b->slots[i].m;
	}
	if (n && store_member_insert_many(im->c->db, ms, n, dup, e) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!dup[i])
			res->imported++;
		else if (insert_duplicate(im, from[i], res, e))
			return -1;
	}
	return 0;
}

static int insert_all(struct importer *im, struct import_result *res, struct bf_err *e)
{
	for (;;) {
		struct batch *b = ring_wait(im, 1);
		int rc = insert_batch(im, b, res, e);
		int last = b->last;
		if (!rc && b->failed) {
			*e = b->e;
			rc = -1;
		}
		ring_done(im, 0);
		if (rc) {
			pthread_mutex_lock(&im->lock);
			im->stop = 1;
			pthread_cond_broadcast(&im->changed);
			pthread_mutex_unlock(&im->lock);
			return -1;
		}
		if (last)
			return 0;
	}
}

static int run_pipeline(struct importer *im, struct import_result *res, struct bf_err *e)
{
	pthread_t t;
	int rc = -1;
	for (int i = 0; i < NBATCH; i++) {
		im->ring[i] = xcalloc(1, sizeof(struct batch));
	}
	pthread_mutex_init(&im->lock, NULL);
	pthread_mutex_init(&im->reject_lock, NULL);
	pthread_cond_init(&im->changed, NULL);
	if (pthread_create(&t, NULL, reader, im) == 0) {
		rc = insert_all(im, res, e);
		pthread_join(t, NULL);
	} else {
		err_set(e, EC_INTERNAL, NULL, "无法启动导入线程");
	}
	if (im->progress && !rc)
		im->progress(sheet_size(im->r), sheet_size(im->r), im->pctx);
	for (int i = 0; i < NBATCH; i++) {
		for (int j = 0; j < BATCH_ROWS; j++)
			strbuf_release(&im->ring[i]->slots[j].raw);
		free(im->ring[i]);
	}
	pthread_cond_destroy(&im->changed);
	pthread_mutex_destroy(&im->reject_lock);
	pthread_mutex_destroy(&im->lock);
	return rc;
}

static int load_orgs(struct importer *im, struct bf_err *e)
{
	if (org_list(im->c, im->a, &im->orgs, &im->norgs, e))
		return -1;
	qsort(im->orgs, im->norgs, sizeof(*im->orgs), org_code_cmp);
	return 0;
}

/* Inside the open transaction: the rows, then the audit row. */
static int import_tx(struct importer *im, int flags, struct import_result *res, struct bf_err *e)
{
	/* ~110 bytes a row in the CSV files people keep, ~400 of sheet XML */
	int bulk =
	    member_bulk_worth_it(im->c, sheet_size(im->r) / (sheet_is_xlsx(im->r) ? 400 : 110));
	if (bulk && member_bulk(im->c, 1, e))
		return -1;
	if (run_pipeline(im, res, e))
		return -1;
	if ((res->rejected && !(flags & IO_SKIP_INVALID)) || (flags & IO_DRY_RUN))
		return 1; /* all-or-nothing, or only a check: roll back */
	if (bulk && member_bulk(im->c, 0, e))
		return -1;
	char detail[256];
	snprintf(detail, sizeof(detail), "{\"imported\":%lld,\"rejected\":%lld}", res->imported,
		 res->rejected);
	return audit_record(im->c->db, im->a, "import", "member", 0, detail, e) ? -1 : 0;
}

int io_member_import(struct core *c, const struct actor *a, const char *path, int flags,
		     io_reject_fn reject, void *rctx, io_progress_fn progress, void *pctx,
		     struct import_result *res, struct bf_err *e)
{
	struct importer im = {
	    .c = c, .a = a, .reject = reject, .rctx = rctx, .progress = progress, .pctx = pctx};
	char **f;
	size_t n;
	int rc = -1;
	memset(res, 0, sizeof(*res));
	if (!access_allowed(a, PERM_WRITE))
		return err_set(e, EC_FORBIDDEN, NULL, "您的角色不能导入党员");
	im.r = sheet_open(path, e);
	if (!im.r)
		return -1;
	int got = sheet_next(im.r, &f, &n, e);
	if (got == 0)
		err_set(e, EC_INVALID, "header", "文件为空：第 1 行应为表头");
	if (got != 1 || map_header(&im, f, n, e) || load_orgs(&im, e))
		goto out;
	if (db_begin(c->db, 1, e) < 0)
		goto out;
	db_bulk(c->db, 1);
	int tx = import_tx(&im, flags, res, e);
	/* Out of bulk mode before COMMIT: the commit is as durable as any other
	 * (the driver's bulk settings never weaken that, but the cache for a
	 * long transaction is no use to it). */
	db_bulk(c->db, 0);
	if (tx == 0 && db_commit(c->db, e) >= 0) {
		res->committed = 1;
		rc = 0;
	} else {
		db_rollback(c->db);
		rc = tx == 1 ? 0 : -1;
	}
out:
	sheet_close(im.r);
	free(im.orgs);
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
