/* xlsx.c - the first worksheet of an .xlsx workbook, row by row.  libzip
 * opens the archive and inflates one part at a time; expat parses it in
 * chunks.  The small parts (workbook, its relationships, styles) and the
 * shared strings are read whole before the first row; the worksheet is
 * streamed, expat suspended at the end of each row with content, so one
 * 64 KiB chunk and one row are in memory at a time.  Shared strings are
 * written to an unlinked temporary file and mapped: the page cache holds
 * them, not the heap, and only their offsets (4 bytes each) stay here. */
#include <ctype.h>
#include <expat.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <zip.h>
#include "crypto.h"
#include "date.h"
#include "strbuf.h"
#include "wrapper.h"
#include "xlsx.h"

#define FIELD	      "file"
#define CHUNK	      65536
#define MIB	      (1024LL * 1024)
#define NS	      '|' /* expat's separator between namespace and local name */
#define MAX_DATE_FMTS 1024
#define MAX_XFS	      65536

struct cellref {
	size_t col, off;
	unsigned char kind;
};

struct xlsx_reader {
	zip_t *z;
	XML_Parser p; /* the part being parsed */
	int failed;
	struct bf_err err;
	char buf[CHUNK];
	/* from the workbook and its relationships */
	int date1904, have_sheet;
	char sheet_rid[128];
	char sheet_part[512], sst_part[512], styles_part[512];
	/* styles: which cell formats (xf) show a date */
	int date_fmt[MAX_DATE_FMTS];
	size_t ndate_fmt;
	unsigned char *xf_date;
	size_t nxf, cap_xf;
	int in_numfmts, in_xfs;
	/* shared strings: text in a mapped temporary file, offsets here */
	FILE *sst_file;
	char *sst_map;
	size_t sst_len;
	uint32_t *sst_off;
	size_t nsst, cap_sst;
	/* text being captured (a shared string or a cell's value) */
	struct strbuf text;
	int capture, in_rph, in_is;
	/* the worksheet */
	zip_file_t *sheet;
	long long sheet_size, sheet_done;
	int final, suspended, ended, row_ready;
	long row, prev_row, nrows;
	size_t col_next, cell_col;
	int in_cell, has_value, cell_style;
	char cell_type[16];
	struct strbuf cells; /* the row's values, each NUL-terminated */
	struct cellref *refs;
	size_t nrefs, cap_refs;
	char **fields;
	unsigned char *kinds;
	size_t nfields, cap_fields;
};

static char empty_field[1];

/* ---- errors ---------------------------------------------------------------- */

static void fail(struct xlsx_reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Records the first error and stops the parser for good. */
static void fail(struct xlsx_reader *r, const char *fmt, ...)
{
	if (r->failed)
		return;
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	err_set(&r->err, EC_INVALID, FIELD, "%s", msg);
	r->failed = 1;
	if (r->p)
		XML_StopParser(r->p, XML_FALSE);
}

static const char *local(const char *name)
{
	const char *s = strrchr(name, NS);
	return s ? s + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (!strcmp(local(atts[i]), name))
			return atts[i + 1];
	return NULL;
}

/* ---- parts of the archive ---------------------------------------------------- */

/* Opens a part after checking its declared size against limit_mb and its
 * compression ratio; NULL when absent (r->failed tells a refusal). */
static zip_file_t *open_part(struct xlsx_reader *r, const char *name, long long limit_mb,
			     long long *size)
{
	zip_int64_t i = zip_name_locate(r->z, name, 0);
	if (i < 0)
		i = zip_name_locate(r->z, name, ZIP_FL_NOCASE);
	if (i < 0)
		return NULL;
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat_index(r->z, (zip_uint64_t)i, 0, &st) < 0) {
		fail(r, "文件已损坏，无法读取其中的 %s", name);
		return NULL;
	}
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
		fail(r, "文件设置了密码，请在 Excel 中取消密码后重新导入");
		return NULL;
	}
	*size = (st.valid & ZIP_STAT_SIZE) ? (long long)st.size : 0;
	if (*size > limit_mb * MIB || ((st.valid & ZIP_STAT_COMP_SIZE) && *size > MIB &&
				       (long long)st.comp_size * XLSX_MAX_RATIO < *size)) {
		fail(r, "文件解压后过大（%s 超过 %lld MB 或压缩比异常），请拆分后分批导入", name,
		     limit_mb);
		return NULL;
	}
	zip_file_t *f = zip_fopen_index(r->z, (zip_uint64_t)i, 0);
	if (!f)
		fail(r, "文件已损坏，无法读取其中的 %s", name);
	return f;
}

/* Reads up to CHUNK bytes of a part, counting against limit_mb whatever its
 * header said; -1 after fail(). */
static zip_int64_t read_part(struct xlsx_reader *r, zip_file_t *f, long long *done,
			     long long limit_mb)
{
	zip_int64_t n = zip_fread(f, r->buf, CHUNK);
	if (n < 0) {
		fail(r, "文件已损坏（压缩数据校验失败），请重新保存后导入");
		return -1;
	}
	*done += n;
	if (*done > limit_mb * MIB) {
		fail(r, "文件解压后过大（超过 %lld MB），请拆分后分批导入", limit_mb);
		return -1;
	}
	return n;
}

static void on_doctype(void *u, const XML_Char *name, const XML_Char *sys, const XML_Char *pub,
		       int internal)
{
	fail(u, "文件中含有不支持的 XML 声明（DTD），不是 Excel 保存的文件");
}

static void on_text(void *u, const XML_Char *s, int len);

static XML_Parser new_parser(struct xlsx_reader *r, XML_StartElementHandler start,
			     XML_EndElementHandler end)
{
	XML_Parser p = XML_ParserCreateNS("UTF-8", NS);
	if (!p)
		BUG("XML_ParserCreateNS");
	XML_SetUserData(p, r);
	XML_SetElementHandler(p, start, end);
	XML_SetCharacterDataHandler(p, on_text);
	XML_SetStartDoctypeDeclHandler(p, on_doctype);
	return p;
}

/* Parses a whole part through the handlers; a missing part is an error
 * only when required. */
static int parse_part(struct xlsx_reader *r, const char *name, long long limit_mb, int required,
		      XML_StartElementHandler start, XML_EndElementHandler end)
{
	long long size, done = 0;
	zip_file_t *f = open_part(r, name, limit_mb, &size);
	if (!f) {
		if (!r->failed && required)
			fail(r, "不是有效的 Excel 文件（缺少 %s），请用 Excel 另存为 .xlsx 后导入",
			     name);
		return r->failed ? -1 : 0;
	}
	r->p = new_parser(r, start, end);
	for (zip_int64_t n = 1; n > 0 && !r->failed;) {
		n = read_part(r, f, &done, limit_mb);
		if (n >= 0 && XML_Parse(r->p, r->buf, (int)n, n == 0) == XML_STATUS_ERROR)
			fail(r, "文件已损坏（%s 不是有效的 XML），请重新保存后导入", name);
	}
	XML_ParserFree(r->p);
	r->p = NULL;
	zip_fclose(f);
	return r->failed ? -1 : 0;
}

/* ---- text -------------------------------------------------------------------- */

static void on_text(void *u, const XML_Char *s, int len)
{
	struct xlsx_reader *r = u;
	if (!r->capture || r->in_rph)
		return;
	if (r->text.len + (size_t)len > (size_t)XLSX_MAX_CELL * 4) {
		if (r->row)
			fail(r, "第 %ld 行：单元格内容过长（超过 %d 个字符）", r->row,
			     XLSX_MAX_CELL);
		else
			fail(r, "文件中有过长的文字（超过 %d 个字符）", XLSX_MAX_CELL);
		return;
	}
	strbuf_add(&r->text, s, (size_t)len);
}

/* Excel writes characters XML cannot carry as _xHHHH_ (a line break inside a
 * cell is _x000D_ before the LF); those back, in place. */
static void unescape(struct strbuf *sb)
{
	if (!sb->len)
		return;
	char *in = sb->buf, *out = sb->buf, *end = sb->buf + sb->len;
	while (in < end) {
		unsigned cp = 0;
		int ok = end - in >= 7 && in[0] == '_' && in[1] == 'x' && in[6] == '_';
		for (int i = 2; ok && i < 6; i++) {
			int h = hex_value((unsigned char)in[i]);
			ok = h >= 0;
			cp = cp * 16 + (unsigned)(h < 0 ? 0 : h);
		}
		if (!ok || cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) {
			*out++ = *in++;
			continue;
		}
		if (cp < 0x80) {
			*out++ = (char)cp;
		} else if (cp < 0x800) {
			*out++ = (char)(0xC0 | (cp >> 6));
			*out++ = (char)(0x80 | (cp & 0x3F));
		} else {
			*out++ = (char)(0xE0 | (cp >> 12));
			*out++ = (char)(0x80 | ((cp >> 6) & 0x3F));
			*out++ = (char)(0x80 | (cp & 0x3F));
		}
		in += 7;
	}
	sb->len = (size_t)(out - sb->buf);
	sb->buf[sb->len] = '\0';
}

/* ---- workbook and relationships ---------------------------------------------- */

static void wb_start(void *u, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx_reader *r = u;
	const char *n = local(name), *v;
	if (!strcmp(n, "workbookPr") && (v = attr(atts, "date1904")))
		r->date1904 = !strcmp(v, "1") || !strcmp(v, "true");
	if (!strcmp(n, "sheet") && !r->have_sheet && (v = attr(atts, "id"))) {
		snprintf(r->sheet_rid, sizeof(r->sheet_rid), "%s", v);
		r->have_sheet = 1;
	}
}

static void no_end(void *u, const XML_Char *name)
{
}

/* A relationship's target, relative to xl/ unless absolute. */
static void set_target(char *dst, size_t n, const char *target)
{
	if (target[0] == '/')
		snprintf(dst, n, "%s", target + 1);
	else
		snprintf(dst, n, "xl/%s", target);
}

static int ends_with(const char *s, const char *tail)
{
	size_t a = strlen(s), b = strlen(tail);
	return a >= b && !strcmp(s + a - b, tail);
}

static void rels_start(void *u, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx_reader *r = u;
	if (strcmp(local(name), "Relationship") != 0)
		return;
	const char *id = attr(atts, "Id"), *type = attr(atts, "Type"),
		   *target = attr(atts, "Target");
	if (!id || !type || !target)
		return;
	if (r->have_sheet && !strcmp(id, r->sheet_rid))
		set_target(r->sheet_part, sizeof(r->sheet_part), target);
	else if (ends_with(type, "/sharedStrings"))
		set_target(r->sst_part, sizeof(r->sst_part), target);
	else if (ends_with(type, "/styles"))
		set_target(r->styles_part, sizeof(r->styles_part), target);
}

/* ---- styles ------------------------------------------------------------------ */

/* The built-in formats that show a date (with the Chinese locale's 27–36
 * and 50–58). */
static int builtin_date(long id)
{
	return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
	       (id >= 50 && id <= 58);
}

/* A custom format code shows a date when its first section has y, m or d
 * outside quotes, escapes and [brackets] (colours, locales). */
static int format_is_date(const char *code)
{
	for (const char *p = code; *p && *p != ';'; p++) {
		int c = tolower((unsigned char)*p);
		if (c == '"' || c == '[') {
			p = strchr(p + 1, c == '"' ? '"' : ']');
			if (!p)
				return 0;
		} else if ((c == '\\' || c == '_' || c == '*') && p[1]) {
			p++;
		} else if (c == 'y' || c == 'm' || c == 'd') {
			return 1;
		}
	}
	return 0;
}

static int fmt_is_date(const struct xlsx_reader *r, long id)
{
	for (size_t i = 0; i < r->ndate_fmt; i++)
		if (r->date_fmt[i] == id)
			return 1;
	return builtin_date(id);
}

static void styles_start(void *u, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx_reader *r = u;
	const char *n = local(name), *id = attr(atts, "numFmtId");
	if (!strcmp(n, "numFmts"))
		r->in_numfmts = 1;
	else if (!strcmp(n, "cellXfs"))
		r->in_xfs = 1;
	else if (r->in_numfmts && !strcmp(n, "numFmt") && id && r->ndate_fmt < MAX_DATE_FMTS) {
		const char *code = attr(atts, "formatCode");
		if (code && format_is_date(code))
			r->date_fmt[r->ndate_fmt++] = (int)strtol(id, NULL, 10);
	} else if (r->in_xfs && !strcmp(n, "xf")) {
		if (r->nxf == MAX_XFS) {
			fail(r, "文件的单元格格式过多（超过 %d 种）", MAX_XFS);
			return;
		}
		if (r->nxf == r->cap_xf) {
			r->cap_xf = r->cap_xf ? r->cap_xf * 2 : 16;
			r->xf_date = xrealloc(r->xf_date, r->cap_xf);
		}
		r->xf_date[r->nxf++] = id && fmt_is_date(r, strtol(id, NULL, 10));
	}
}

static void styles_end(void *u, const XML_Char *name)
{
	struct xlsx_reader *r = u;
	const char *n = local(name);
	if (!strcmp(n, "numFmts"))
		r->in_numfmts = 0;
	else if (!strcmp(n, "cellXfs"))
		r->in_xfs = 0;
}

/* ---- shared strings ------------------------------------------------------------ */

static void sst_start(void *u, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx_reader *r = u;
	const char *n = local(name);
	if (!strcmp(n, "si"))
		strbuf_reset(&r->text);
	else if (!strcmp(n, "rPh"))
		r->in_rph++;
	else if (!strcmp(n, "t"))
		r->capture = 1;
}

static void sst_end(void *u, const XML_Char *name)
{
	struct xlsx_reader *r = u;
	const char *n = local(name);
	if (!strcmp(n, "rPh"))
		r->in_rph--;
	else if (!strcmp(n, "t"))
		r->capture = 0;
	if (strcmp(n, "si") != 0)
		return;
	if (r->nsst == XLSX_MAX_STRINGS) {
		fail(r, "文件中不同的文字过多（超过 %d 条），请拆分后分批导入", XLSX_MAX_STRINGS);
		return;
	}
	unescape(&r->text);
	if (r->nsst == r->cap_sst) {
		r->cap_sst = r->cap_sst ? r->cap_sst * 2 : 64;
		r->sst_off = xreallocarray(r->sst_off, r->cap_sst, sizeof(uint32_t));
	}
	r->sst_off[r->nsst++] = (uint32_t)r->sst_len;
	if (fwrite(strbuf_str(&r->text), 1, r->text.len + 1, r->sst_file) != r->text.len + 1)
		fail(r, "服务器临时空间不足，无法读取文件");
	r->sst_len += r->text.len + 1;
}

static int read_strings(struct xlsx_reader *r)
{
	if (!r->sst_part[0])
		snprintf(r->sst_part, sizeof(r->sst_part), "xl/sharedStrings.xml");
	r->sst_file = tmpfile();
	if (!r->sst_file) {
		fail(r, "服务器临时空间不足，无法读取文件");
		return -1;
	}
	if (parse_part(r, r->sst_part, XLSX_MAX_PART_MB, 0, sst_start, sst_end))
		return -1;
	r->capture = r->in_rph = 0;
	if (!r->sst_len)
		return 0;
	if (fflush(r->sst_file) || (r->sst_map = mmap(NULL, r->sst_len, PROT_READ, MAP_PRIVATE,
						      fileno(r->sst_file), 0)) == MAP_FAILED) {
		r->sst_map = NULL;
		fail(r, "服务器临时空间不足，无法读取文件");
		return -1;
	}
	return 0;
}

/* ---- the worksheet --------------------------------------------------------------- */

/* "AB12" → 27; -1 without letters. */
static long ref_col(const char *ref)
{
	long col = 0;
	int n = 0;
	for (; isalpha((unsigned char)*ref) && n < 4; ref++, n++)
		col = col * 26 + (toupper((unsigned char)*ref) - 'A' + 1);
	return n ? col - 1 : -1;
}

static void cell_start(struct xlsx_reader *r, const XML_Char **atts)
{
	const char *ref = attr(atts, "r"), *t = attr(atts, "t"), *s = attr(atts, "s");
	long col = ref ? ref_col(ref) : -1;
	r->cell_col = col >= 0 ? (size_t)col : r->col_next;
	r->col_next = r->cell_col + 1;
	snprintf(r->cell_type, sizeof(r->cell_type), "%s", t ? t : "n");
	r->cell_style = s ? (int)strtol(s, NULL, 10) : 0;
	r->in_cell = 1;
	r->has_value = 0;
	r->in_is = r->in_rph = 0;
	strbuf_reset(&r->text);
}

static void row_start(struct xlsx_reader *r, const XML_Char **atts)
{
	const char *v = attr(atts, "r");
	long row = v ? strtol(v, NULL, 10) : r->prev_row + 1;
	if (row < 1 || row > XLSX_MAX_ROWS)
		row = r->prev_row + 1;
	r->row = row;
	if (++r->nrows > XLSX_MAX_ROWS)
		fail(r, "第 %ld 行：行数超过 Excel 的上限 %d 行", row, XLSX_MAX_ROWS);
	r->col_next = 0;
	r->nrefs = 0;
	strbuf_reset(&r->cells);
}

static void sheet_start(void *u, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx_reader *r = u;
	const char *n = local(name);
	if (!strcmp(n, "row"))
		row_start(r, atts);
	else if (!strcmp(n, "c"))
		cell_start(r, atts);
	else if (!r->in_cell)
		return;
	else if (!strcmp(n, "v"))
		r->capture = 1;
	else if (!strcmp(n, "is"))
		r->in_is = 1;
	else if (!strcmp(n, "rPh"))
		r->in_rph++;
	else if (!strcmp(n, "t") && r->in_is)
		r->capture = 1;
}

/* A t="d" cell (ISO 8601) starting with a real day "YYYY-MM-DD". */
static int iso_day(const char *v)
{
	char day[11];
	struct ymd d;
	struct bf_err e;
	if (strlen(v) < 10 || (v[10] && v[10] != 'T'))
		return 0;
	memcpy(day, v, 10);
	day[10] = '\0';
	return strspn(day, "0123456789-") == 10 && day[4] == '-' && day[7] == '-' &&
	       date_parse(day, &d, NULL, "date", "日期", &e) == 0;
}

/* The text of a number: whole numbers as integers, others in %.15g. */
static void number_text(struct strbuf *out, double v)
{
	if (v == floor(v) && fabs(v) < 1e15)
		strbuf_addf(out, "%.0f", v);
	else
		strbuf_addf(out, "%.15g", v);
}

/* Appends the finished cell's value to the row, with its kind. */
static void cell_value(struct xlsx_reader *r)
{
	const char *t = r->cell_type, *v = r->text.buf;
	size_t off = r->cells.len;
	unsigned char kind = XLSX_TEXT;
	if (!strcmp(t, "s")) {
		char *end;
		unsigned long i = strtoul(v, &end, 10);
		if (end == v || *end || i >= r->nsst) {
			fail(r, "第 %ld 行：文件已损坏（共享字符串编号无效）", r->row);
			return;
		}
		strbuf_adds(&r->cells, r->sst_map + r->sst_off[i]);
	} else if (!strcmp(t, "b")) {
		kind = XLSX_BOOL;
		strbuf_adds(&r->cells, !strcmp(v, "1") ? "TRUE" : "FALSE");
	} else if (!strcmp(t, "d") && iso_day(v)) {
		kind = XLSX_DATE;
		strbuf_add(&r->cells, v, 10);
	} else if (!strcmp(t, "n")) {
		char *end, day[11];
		double d = strtod(v, &end);
		int date = r->cell_style >= 0 && (size_t)r->cell_style < r->nxf &&
			   r->xf_date[r->cell_style];
		if (end == v || *end || !isfinite(d)) {
			strbuf_adds(&r->cells, v);
		} else if (date && xlsx_serial_date(d, r->date1904, day) == 0) {
			kind = XLSX_DATE;
			strbuf_adds(&r->cells, day);
		} else {
			kind = XLSX_NUMBER;
			number_text(&r->cells, d);
		}
	} else { /* str, inlineStr, e */
		unescape(&r->text);
		strbuf_adds(&r->cells, r->text.buf);
	}
	strbuf_addch(&r->cells, '\0');
	if (r->nrefs == r->cap_refs) {
		r->cap_refs = r->cap_refs ? r->cap_refs * 2 : 32;
		r->refs = xreallocarray(r->refs, r->cap_refs, sizeof(*r->refs));
	}
	r->refs[r->nrefs++] = (struct cellref){r->cell_col, off, kind};
}

/* The row's fields from its cells; expat is suspended to hand it over. */
static void row_end(struct xlsx_reader *r)
{
	size_t n = 0;
	r->prev_row = r->row;
	for (size_t i = 0; i < r->nrefs; i++)
		if (r->refs[i].col + 1 > n)
			n = r->refs[i].col + 1;
	if (!n)
		return; /* blank rows are skipped, as in CSV */
	if (n > r->cap_fields) {
		r->cap_fields = n < 64 ? 64 : n;
		r->fields = xreallocarray(r->fields, r->cap_fields, sizeof(*r->fields));
		r->kinds = xrealloc(r->kinds, r->cap_fields);
	}
	for (size_t i = 0; i < n; i++) {
		r->fields[i] = empty_field;
		r->kinds[i] = XLSX_TEXT;
	}
	for (size_t i = 0; i < r->nrefs; i++) {
		r->fields[r->refs[i].col] = r->cells.buf + r->refs[i].off;
		r->kinds[r->refs[i].col] = r->refs[i].kind;
	}
	r->nfields = n;
	r->row_ready = 1;
	XML_StopParser(r->p, XML_TRUE);
}

static void sheet_end(void *u, const XML_Char *name)
{
	struct xlsx_reader *r = u;
	const char *n = local(name);
	if (!strcmp(n, "v") || !strcmp(n, "t")) {
		r->has_value |= r->capture;
		r->capture = 0;
	} else if (!strcmp(n, "rPh")) {
		r->in_rph--;
	} else if (!strcmp(n, "c") && r->in_cell) {
		r->in_cell = 0;
		if (r->has_value && r->text.len && r->cell_col >= XLSX_MAX_COLS)
			fail(r, "第 %ld 行：列数超过 Excel 的上限 %d 列", r->row, XLSX_MAX_COLS);
		else if (r->has_value && r->text.len)
			cell_value(r);
	} else if (!strcmp(n, "row")) {
		row_end(r);
	}
}

/* ---- the public calls --------------------------------------------------------- */

static int open_sheet(struct xlsx_reader *r)
{
	if (!r->sheet_part[0])
		snprintf(r->sheet_part, sizeof(r->sheet_part), "xl/worksheets/sheet1.xml");
	r->sheet = open_part(r, r->sheet_part, XLSX_MAX_SHEET_MB, &r->sheet_size);
	if (!r->sheet && !r->failed)
		fail(r,
		     "不是有效的 Excel 文件（找不到第一个工作表），请用 Excel 另存为 .xlsx 后导入");
	if (r->failed)
		return -1;
	r->p = new_parser(r, sheet_start, sheet_end);
	return 0;
}

struct xlsx_reader *xlsx_open(const char *path, struct bf_err *e)
{
	struct xlsx_reader *r = xcalloc(1, sizeof(*r));
	int zerr = 0;
	strbuf_init(&r->text);
	strbuf_init(&r->cells);
	r->z = zip_open(path, ZIP_RDONLY, &zerr);
	if (!r->z)
		fail(r, "文件已损坏或不是 Excel（.xlsx）文件，无法打开");
	if (!r->failed &&
	    !parse_part(r, "xl/workbook.xml", XLSX_MAX_SMALL_MB, 1, wb_start, no_end) &&
	    !parse_part(r, "xl/_rels/workbook.xml.rels", XLSX_MAX_SMALL_MB, 0, rels_start,
			no_end)) {
		if (!r->styles_part[0])
			snprintf(r->styles_part, sizeof(r->styles_part), "xl/styles.xml");
		if (!parse_part(r, r->styles_part, XLSX_MAX_SMALL_MB, 0, styles_start,
				styles_end) &&
		    !read_strings(r))
			open_sheet(r);
	}
	if (r->failed) {
		*e = r->err;
		xlsx_close(r);
		return NULL;
	}
	return r;
}

/* Feeds the next chunk, or resumes the suspended parser on the current one. */
static int feed(struct xlsx_reader *r)
{
	enum XML_Status st;
	if (r->suspended) {
		st = XML_ResumeParser(r->p);
	} else {
		zip_int64_t n = read_part(r, r->sheet, &r->sheet_done, XLSX_MAX_SHEET_MB);
		if (n < 0)
			return -1;
		r->final = n == 0;
		st = XML_Parse(r->p, r->buf, (int)n, r->final);
	}
	r->suspended = st == XML_STATUS_SUSPENDED;
	if (st == XML_STATUS_ERROR)
		fail(r, "第 %ld 行附近：工作表已损坏（不是有效的 XML），请重新保存后导入",
		     r->prev_row + 1);
	return r->failed ? -1 : 0;
}

int xlsx_next(struct xlsx_reader *r, char ***fields, size_t *nfields, struct bf_err *e)
{
	r->row_ready = 0;
	while (!r->row_ready && !r->failed) {
		if (r->ended || (!r->suspended && r->final)) {
			r->ended = 1;
			return 0;
		}
		feed(r);
	}
	if (r->failed) {
		*e = r->err;
		return -1;
	}
	*fields = r->fields;
	*nfields = r->nfields;
	return 1;
}

long xlsx_line(const struct xlsx_reader *r)
{
	return r->row;
}

enum xlsx_kind xlsx_kind(const struct xlsx_reader *r, size_t col)
{
	return col < r->nfields ? (enum xlsx_kind)r->kinds[col] : XLSX_TEXT;
}

long long xlsx_offset(const struct xlsx_reader *r)
{
	return r->sheet_done;
}

long long xlsx_size(const struct xlsx_reader *r)
{
	return r->sheet_size > r->sheet_done ? r->sheet_size : r->sheet_done;
}

void xlsx_close(struct xlsx_reader *r)
{
	if (!r)
		return;
	if (r->p)
		XML_ParserFree(r->p);
	if (r->sheet)
		zip_fclose(r->sheet);
	if (r->z)
		zip_discard(r->z);
	if (r->sst_map)
		munmap(r->sst_map, r->sst_len);
	if (r->sst_file)
		fclose(r->sst_file);
	free(r->sst_off);
	free(r->xf_date);
	free(r->refs);
	free(r->fields);
	free(r->kinds);
	strbuf_release(&r->text);
	strbuf_release(&r->cells);
	free(r);
}

void xlsx_col_name(size_t col, char out[8])
{
	char tmp[8];
	int n = 0;
	for (col++; col && n < 7; col = (col - 1) / 26)
		tmp[n++] = (char)('A' + (col - 1) % 26);
	for (int i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

int xlsx_serial_date(double serial, int date1904, char out[11])
{
	if (!(serial >= 1 && serial < 2958466))
		return -1;
	int64_t d = (int64_t)floor(serial);
	/* 1900 system: day 1 is 1900-01-01 and Excel counts a 29 February 1900
	 * (day 60) that never was, so from day 61 on the epoch is 1899-12-30. */
	int64_t days = date1904 ? d - 24107 : d < 61 ? d - 25568 : d - 25569;
	struct ymd y = date_from_days(days);
	if (y.y > 9999)
		return -1;
	date_format(y, out);
	return 0;
}
