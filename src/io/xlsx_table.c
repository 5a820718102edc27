/* xlsx_table.c - a list as a streamed XLSX sheet (xlsx_table.h) with
 * libxlsxwriter in constant_memory mode: each row goes to the sheet's
 * temporary file as it is ended, strings inline (no shared-string table
 * growing with the rows). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>
#include "utf8.h"
#include "wrapper.h"
#include "xlsx_table.h"

struct xt_book {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *head, *date, *time, *money, *lines;
	const struct xt_col *cols;
	size_t ncols;
	lxw_row_t head_row; /* the header row: 0, or 1 below a caption */
	lxw_row_t row;	    /* the row being written (head_row + 1: the first record) */
};

static double default_width(enum xt_kind k)
{
	switch (k) {
	case XT_DATE:
		return 11;
	case XT_TIME:
		return 16;
	case XT_MONEY:
		return 13;
	case XT_INT:
		return 8;
	default:
		return 14;
	}
}

static void add_formats(struct xt_book *b)
{
	b->head = workbook_add_format(b->wb);
	format_set_bold(b->head);
	format_set_bg_color(b->head, 0xD9E1F2);
	format_set_border(b->head, LXW_BORDER_THIN);
	format_set_text_wrap(b->head);
	format_set_align(b->head, LXW_ALIGN_VERTICAL_CENTER);
	b->date = workbook_add_format(b->wb);
	format_set_num_format(b->date, "yyyy-mm-dd");
	b->time = workbook_add_format(b->wb);
	format_set_num_format(b->time, "yyyy-mm-dd hh:mm");
	b->money = workbook_add_format(b->wb);
	format_set_num_format(b->money, "#,##0.00");
	b->lines = workbook_add_format(b->wb);
	format_set_text_wrap(b->lines);
	format_set_align(b->lines, LXW_ALIGN_VERTICAL_TOP);
}

/* Landscape A4, one page wide, the header row on every page, the list's
 * name above and 第 N 页 / 共 M 页 below. */
static void page_setup(struct xt_book *b, const char *title, lxw_row_t head_row)
{
	char head[300];
	snprintf(head, sizeof(head), "&C%.*s", utf8_prefix(title, 200), title);
	worksheet_set_landscape(b->ws);
	worksheet_set_paper(b->ws, 9);
	worksheet_fit_to_pages(b->ws, 1, 0);
	worksheet_repeat_rows(b->ws, head_row, head_row);
	worksheet_set_margins(b->ws, 0.4, 0.4, 0.6, 0.6);
	worksheet_set_header(b->ws, head);
	worksheet_set_footer(b->ws, "&C第 &P 页，共 &N 页");
	worksheet_freeze_panes(b->ws, head_row + 1, 0);
}

int xt_open(struct xt_book **out, const char *path, const char *tmpdir, const char *title,
	    const struct xt_col *cols, size_t ncols, struct bf_err *e)
{
	return xt_open_captioned(out, path, tmpdir, title, NULL, cols, ncols, e);
}

/* The caption: one bold row merged across the columns, above the header. */
static void write_caption(struct xt_book *b, const char *caption)
{
	lxw_format *f = workbook_add_format(b->wb);
	format_set_bold(f);
	format_set_font_size(f, 14);
	format_set_align(f, LXW_ALIGN_CENTER);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	worksheet_set_row(b->ws, 0, 24, NULL);
	if (b->ncols > 1)
		worksheet_merge_range(b->ws, 0, 0, 0, (lxw_col_t)(b->ncols - 1), caption, f);
	else
		worksheet_write_string(b->ws, 0, 0, caption, f);
}

int xt_open_captioned(struct xt_book **out, const char *path, const char *tmpdir, const char *title,
		      const char *caption, const struct xt_col *cols, size_t ncols,
		      struct bf_err *e)
{
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = (char *)tmpdir};
	char sheet[128];
	/* Excel's sheet names: 31 characters, none of []:*?/\ */
	snprintf(sheet, sizeof(sheet), "%.*s", utf8_prefix(title, 31 * 3), title);
	for (char *p = sheet; *p; p++)
		if (strchr("[]:*?/\\", *p))
			*p = '_';
	struct xt_book *b = xcalloc(1, sizeof(*b));
	b->wb = workbook_new_opt(path, &opt);
	if (!b->wb) {
		free(b);
		return err_set(e, EC_INTERNAL, NULL, "无法创建导出文件");
	}
	b->ws = workbook_add_worksheet(b->wb, sheet);
	if (!b->ws)
		b->ws = workbook_add_worksheet(b->wb, NULL);
	b->cols = cols;
	b->ncols = ncols;
	b->head_row = caption && *caption ? 1 : 0;
	add_formats(b);
	page_setup(b, title, b->head_row);
	for (size_t i = 0; i < ncols; i++) {
		double w = cols[i].width > 0 ? cols[i].width : default_width(cols[i].kind);
		worksheet_set_column(b->ws, (lxw_col_t)i, (lxw_col_t)i, w, NULL);
	}
	if (b->head_row)
		write_caption(b, caption);
	for (size_t i = 0; i < ncols; i++)
		worksheet_write_string(b->ws, b->head_row, (lxw_col_t)i, cols[i].header, b->head);
	b->row = b->head_row + 1;
	*out = b;
	return 0;
}

void xt_text(struct xt_book *b, size_t col, const char *s)
{
	if (s && *s && col < b->ncols)
		worksheet_write_string(b->ws, b->row, (lxw_col_t)col, s,
				       b->cols[col].kind == XT_LINES ? b->lines : NULL);
}

static void write_time(struct xt_book *b, size_t col, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!t || !localtime_r(&tt, &tm))
		return;
	lxw_datetime dt = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
			   tm.tm_hour,	      tm.tm_min,     tm.tm_sec};
	worksheet_write_datetime(b->ws, b->row, (lxw_col_t)col, &dt, b->time);
}

void xt_num(struct xt_book *b, size_t col, int64_t v)
{
	if (col >= b->ncols)
		return;
	switch (b->cols[col].kind) {
	case XT_MONEY:
		worksheet_write_number(b->ws, b->row, (lxw_col_t)col, (double)v / 100.0, b->money);
		break;
	case XT_TIME:
		write_time(b, col, v);
		break;
	default:
		worksheet_write_number(b->ws, b->row, (lxw_col_t)col, (double)v, NULL);
	}
}

/* "YYYY-MM-DD" at the start of s as numbers; 0 when it is not one. */
static int ymd_of(const char *s, int v[3])
{
	if (strlen(s) < 10 || s[4] != '-' || s[7] != '-')
		return 0;
	static const int at[3] = {0, 5, 8}, len[3] = {4, 2, 2};
	for (int i = 0; i < 3; i++) {
		v[i] = 0;
		for (int k = 0; k < len[i]; k++) {
			char c = s[at[i] + k];
			if (c < '0' || c > '9')
				return 0;
			v[i] = v[i] * 10 + (c - '0');
		}
	}
	return v[1] >= 1 && v[1] <= 12 && v[2] >= 1 && v[2] <= 31;
}

/* ISO 8601 as the API writes it (UTC, "+00:00" or "Z") to seconds. */
static int64_t iso_seconds(const char *s)
{
	int d[3], hh = 0, mm = 0, ss = 0;
	if (!ymd_of(s, d))
		return 0;
	if (s[10] == 'T' && sscanf(s + 11, "%2d:%2d:%2d", &hh, &mm, &ss) != 3)
		return 0;
	struct tm tm = {.tm_year = d[0] - 1900,
			.tm_mon = d[1] - 1,
			.tm_mday = d[2],
			.tm_hour = hh,
			.tm_min = mm,
			.tm_sec = ss};
	return (int64_t)timegm(&tm);
}

void xt_cell(struct xt_book *b, size_t col, const char *s)
{
	int d[3];
	if (!s || !*s || col >= b->ncols)
		return;
	switch (b->cols[col].kind) {
	case XT_DATE:
		if (ymd_of(s, d)) {
			lxw_datetime dt = {d[0], d[1], d[2], 0, 0, 0};
			worksheet_write_datetime(b->ws, b->row, (lxw_col_t)col, &dt, b->date);
		} else {
			xt_text(b, col, s);
		}
		break;
	case XT_TIME:
		write_time(b, col, iso_seconds(s));
		break;
	default:
		xt_text(b, col, s);
	}
}

int xt_row_end(struct xt_book *b, struct bf_err *e)
{
	if ((long long)b->row >= XT_MAX_ROWS)
		return err_set(e, EC_INVALID, NULL,
			       "超过 Excel 一张表的行数上限（%lld 行），请缩小范围", XT_MAX_ROWS);
	b->row++;
	return 0;
}

long long xt_rows(const struct xt_book *b)
{
	return (long long)b->row - 1 - (long long)b->head_row;
}

int xt_close(struct xt_book *b, struct bf_err *e)
{
	/* a filter on every column of the header (kept as written: the
	 * sheet's XML after the rows is written at close) */
	worksheet_autofilter(b->ws, b->head_row, 0, b->row - 1,
			     (lxw_col_t)(b->ncols ? b->ncols - 1 : 0));
	lxw_error rc = workbook_close(b->wb);
	free(b);
	if (rc != LXW_NO_ERROR)
		return err_set(e, EC_INTERNAL, NULL, "写入导出文件失败（%s）", lxw_strerror(rc));
	return 0;
}
