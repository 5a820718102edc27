/* pdf_layout.c - the page-layout engine of the printed documents (see
 * pdf_layout.h): cairo draws on A4 PDF pages, pango wraps the CJK text.
 * Only whole lines are ever drawn, so a cell or paragraph cut at a page
 * break shows no half line and pdftotext finds each line once. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include "pdf_layout.h"

/* A4 and the margins of a printed form (points; 1 mm = 2.8346 pt). */
#define PAGE_W	   595.28
#define PAGE_H	   841.89
#define MARGIN_X   56.69 /* 20 mm */
#define MARGIN_T   56.69
#define MARGIN_B   62.36 /* 22 mm: room for the page number under the body */
#define BODY_END   (PAGE_H - MARGIN_B)
#define PAD_X	   5.0 /* cell padding */
#define PAD_Y	   4.0
#define FOOT_GAP   6.0	/* between a cell's text and its footer */
#define MIN_SPLIT  48.0 /* do not start a split row in less room than this */
#define LINE_THIN  0.6
#define LINE_FRAME 1.2

/* Noto CJK from fonts-noto-cjk through fontconfig; the serif face is the
 * 宋体 of printed forms.  Sizes: 二号 22 pt, 小四 12, 四号 14, 五号 10.5. */
static const char *const font_names[PL_NFONTS] = {
    [PL_TITLE] = "Noto Serif CJK SC Bold 20", [PL_LABEL] = "Noto Serif CJK SC 12",
    [PL_LABELS] = "Noto Serif CJK SC 10.5",   [PL_TEXT] = "Noto Serif CJK SC 12",
    [PL_BODY] = "Noto Serif CJK SC 14",	      [PL_SMALL] = "Noto Serif CJK SC 10.5",
};

struct pl_doc {
	cairo_t *cr;
	PangoContext *pango;
	PangoFontDescription *font[PL_NFONTS];
	double y;  /* where the next thing goes, from the top of the page */
	int page;  /* 1-based */
	int pages; /* total, known on the second pass; 0 on the first */
	int in_table;
	double table_top;
	pl_header_fn header;
	const void *header_ctx;
	int in_group;
	double group_top, group_x1;
	const char *group_label;
	int group_part; /* 0 on the page the group began */
	pl_header_fn group_header;
	const void *group_ctx;
};

double pl_width(const struct pl_doc *d)
{
	return PL_WIDTH;
}

static double to_pt(int pango_units)
{
	return pango_units_to_double(pango_units);
}

static PangoLayout *layout_new(struct pl_doc *d, const char *text, enum pl_font f, double w,
			       PangoAlignment align)
{
	PangoLayout *l = pango_layout_new(d->pango);
	pango_layout_set_font_description(l, d->font[f]);
	pango_layout_set_width(l, pango_units_from_double(w > 1 ? w : 1));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(l, align);
	if (!text || g_utf8_validate(text, -1, NULL)) {
		pango_layout_set_text(l, text ? text : "", -1);
		return l;
	}
	/* bytes that are no UTF-8 (a GBK file read as is) show as U+FFFD
	 * instead of making pango warn on stderr and drop the text */
	char *valid = g_utf8_make_valid(text, -1);
	pango_layout_set_text(l, valid, -1);
	g_free(valid);
	return l;
}

static double layout_height(PangoLayout *l)
{
	int w, h;
	pango_layout_get_size(l, &w, &h);
	return to_pt(h);
}

double pl_text_height(struct pl_doc *d, const char *text, enum pl_font f, double w)
{
	PangoLayout *l = layout_new(d, text, f, w, PANGO_ALIGN_LEFT);
	double h = layout_height(l);
	g_object_unref(l);
	return h;
}

/* Draws the lines of l lying within [from, to) (layout coordinates) with
 * the layout's origin at (x, y - from): the part of a text shown on a page. */
static void draw_lines(struct pl_doc *d, PangoLayout *l, double x, double y, double from, double to)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);
	do {
		int y0, y1;
		pango_layout_iter_get_line_yrange(it, &y0, &y1);
		if (to_pt(y0) < from - 0.01 || to_pt(y1) > to + 0.01)
			continue;
		PangoRectangle logical;
		pango_layout_iter_get_line_extents(it, NULL, &logical);
		double base = to_pt(pango_layout_iter_get_baseline(it));
		cairo_move_to(d->cr, MARGIN_X + x + to_pt(logical.x), y - from + base);
		pango_cairo_show_layout_line(d->cr, pango_layout_iter_get_line_readonly(it));
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

/* The lowest line end of l at most `room` below `from`: how far the text
 * can go on this page.  Returns from when not even one line fits. */
static double cut_at(PangoLayout *l, double from, double room)
{
	double cut = from;
	PangoLayoutIter *it = pango_layout_get_iter(l);
	do {
		int y0, y1;
		pango_layout_iter_get_line_yrange(it, &y0, &y1);
		if (to_pt(y0) >= from - 0.01 && to_pt(y1) - from <= room + 0.01)
			cut = to_pt(y1);
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	return cut;
}

static void stroke_rect(struct pl_doc *d, double x0, double y0, double x1, double y1, double lw)
{
	cairo_set_line_width(d->cr, lw);
	cairo_rectangle(d->cr, MARGIN_X + x0, y0, x1 - x0, y1 - y0);
	cairo_stroke(d->cr);
}

static void draw_page_number(struct pl_doc *d)
{
	if (d->pages < 2)
		return;
	char text[64];
	snprintf(text, sizeof(text), "第 %d 页　共 %d 页", d->page, d->pages);
	PangoLayout *l = layout_new(d, text, PL_SMALL, pl_width(d), PANGO_ALIGN_CENTER);
	draw_lines(d, l, 0, PAGE_H - MARGIN_B + 22, 0, layout_height(l));
	g_object_unref(l);
}

/* The merged label cell of a group, over the rows drawn on this page. */
static void draw_group_part(struct pl_doc *d)
{
	if (d->y <= d->group_top)
		return;
	stroke_rect(d, 0, d->group_top, d->group_x1, d->y, LINE_THIN);
	char text[256];
	snprintf(text, sizeof(text), "%s%s", d->group_label, d->group_part ? "（续）" : "");
	PangoLayout *l = layout_new(d, text, PL_LABEL, d->group_x1 - 2 * PAD_X, PANGO_ALIGN_CENTER);
	double h = layout_height(l);
	draw_lines(d, l, PAD_X, d->group_top + (d->y - d->group_top - h) / 2, 0, h);
	g_object_unref(l);
}

static void page_break(struct pl_doc *d)
{
	if (d->in_group)
		draw_group_part(d);
	if (d->in_table)
		stroke_rect(d, 0, d->table_top, pl_width(d), d->y, LINE_FRAME);
	draw_page_number(d);
	cairo_show_page(d->cr);
	d->page++;
	d->y = MARGIN_T;
	if (d->in_table) {
		d->table_top = d->y;
		if (d->header) {
			d->in_group = 0; /* the header spans the full width */
			d->header(d, d->header_ctx);
		}
	}
	if (d->group_label) {
		d->in_group = 1;
		d->group_top = d->y;
		d->group_part++;
		if (d->group_header)
			d->group_header(d, d->group_ctx);
	}
}

void pl_space(struct pl_doc *d, double h)
{
	d->y += h;
	if (d->y > BODY_END)
		page_break(d);
}

void pl_keep(struct pl_doc *d, double h)
{
	if (d->y + h > BODY_END && d->y > MARGIN_T + 0.5)
		page_break(d);
}

void pl_para(struct pl_doc *d, const char *text, enum pl_font f, PangoAlignment align,
	     double first_indent, int justify)
{
	PangoLayout *l = layout_new(d, text, f, pl_width(d), align);
	pango_layout_set_indent(l, pango_units_from_double(first_indent));
	pango_layout_set_justify(l, justify);
	double h = layout_height(l), done = 0;
	for (;;) {
		double cut = cut_at(l, done, BODY_END - d->y);
		if (cut <= done && d->y > MARGIN_T + 0.5) {
			page_break(d);
			continue;
		}
		if (cut <= done) /* a line taller than a page: cannot happen at our sizes */
			cut = h;
		draw_lines(d, l, 0, d->y, done, cut);
		d->y += cut - done;
		done = cut;
		if (done >= h - 0.01)
			break;
		page_break(d);
	}
	g_object_unref(l);
}

void pl_pair(struct pl_doc *d, const char *left, const char *right, enum pl_font f)
{
	PangoLayout *l = layout_new(d, left, f, pl_width(d), PANGO_ALIGN_LEFT);
	PangoLayout *r = layout_new(d, right, f, pl_width(d), PANGO_ALIGN_RIGHT);
	double hl = layout_height(l), hr = layout_height(r), h = hl > hr ? hl : hr;
	pl_keep(d, h);
	draw_lines(d, l, 0, d->y, 0, hl);
	draw_lines(d, r, 0, d->y, 0, hr);
	d->y += h;
	g_object_unref(l);
	g_object_unref(r);
}

/* A cell of a row being drawn: its layouts and how much of its text is on
 * earlier pages. */
struct cell_state {
	PangoLayout *text;
	PangoLayout *footer; /* NULL when none */
	double text_h, footer_h, done;
};

static void cells_open(struct pl_doc *d, const struct pl_cell *c, struct cell_state *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		double w = c[i].x1 - c[i].x0 - 2 * PAD_X;
		s[i].text = layout_new(d, c[i].text, c[i].font, w, c[i].align);
		s[i].text_h = layout_height(s[i].text);
		s[i].done = 0;
		s[i].footer = NULL;
		s[i].footer_h = 0;
		if (c[i].footer && c[i].footer[0]) {
			s[i].footer = layout_new(d, c[i].footer, PL_TEXT, w, PANGO_ALIGN_RIGHT);
			s[i].footer_h = layout_height(s[i].footer) + FOOT_GAP;
		}
	}
}

static void cells_close(struct cell_state *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		g_object_unref(s[i].text);
		if (s[i].footer)
			g_object_unref(s[i].footer);
	}
}

/* Height the rest of the row needs (labels need their full text on every
 * part; the others what is left of theirs). */
static double rest_height(const struct pl_cell *c, const struct cell_state *s, size_t n)
{
	double need = 0;
	for (size_t i = 0; i < n; i++) {
		double left = c[i].style == PL_CELL_LABEL ? s[i].text_h : s[i].text_h - s[i].done;
		double h = left + s[i].footer_h + 2 * PAD_Y;
		if (h > need)
			need = h;
	}
	return need;
}

/* The label of a cell continued from the previous page. */
static void draw_label_continued(struct pl_doc *d, const struct pl_cell *c, double h)
{
	char text[512];
	snprintf(text, sizeof(text), "%s（续）", c->text ? c->text : "");
	PangoLayout *l = layout_new(d, text, c->font, c->x1 - c->x0 - 2 * PAD_X, c->align);
	double th = layout_height(l);
	draw_lines(d, l, c->x0 + PAD_X, d->y + (h - th) / 2, 0, th);
	g_object_unref(l);
}

/* Draws one part of the row, h high, at d->y.  last: the rest fits, so
 * centred cells centre and footers show; otherwise texts flow from the top
 * and stop at the last whole line that fits. */
static int draw_part(struct pl_doc *d, const struct pl_cell *c, struct cell_state *s, size_t n,
		     double h, int last, int part)
{
	int progress = 0;
	for (size_t i = 0; i < n; i++) {
		stroke_rect(d, c[i].x0, d->y, c[i].x1, d->y + h, LINE_THIN);
		double x = c[i].x0 + PAD_X;
		if (c[i].style == PL_CELL_LABEL) {
			if (part)
				draw_label_continued(d, &c[i], h);
			else
				draw_lines(d, s[i].text, x, d->y + (h - s[i].text_h) / 2, 0,
					   s[i].text_h);
			continue;
		}
		double cut = last ? s[i].text_h : cut_at(s[i].text, s[i].done, h - 2 * PAD_Y);
		double top = d->y + PAD_Y;
		if (last && c[i].style == PL_CELL_VALUE && !part)
			top = d->y + (h - s[i].text_h - s[i].footer_h) / 2;
		draw_lines(d, s[i].text, x, top, s[i].done, cut);
		progress |= cut > s[i].done;
		s[i].done = cut;
		if (last && s[i].footer) {
			double fh = s[i].footer_h - FOOT_GAP;
			draw_lines(d, s[i].footer, x, d->y + h - PAD_Y - fh, 0, fh);
		}
	}
	return progress;
}

void pl_row(struct pl_doc *d, const struct pl_cell *cells, size_t n, double min_h, int splittable)
{
	struct cell_state s[16];
	if (n > 16)
		BUG("pl_row: %zu cells", n);
	cells_open(d, cells, s, n);
	double body = BODY_END - MARGIN_T;
	for (int part = 0;; part++) {
		double need = rest_height(cells, s, n);
		double h = part ? need : (need > min_h ? need : min_h);
		double room = BODY_END - d->y;
		int at_top = d->y <= MARGIN_T + 60; /* nothing but a header above */
		if (h <= room + 0.01) {
			draw_part(d, cells, s, n, h, 1, part);
			d->y += h;
			break;
		}
		if ((!splittable && h <= body && !at_top) || room < MIN_SPLIT) {
			page_break(d);
			part--; /* nothing of the row drawn yet on that page */
			continue;
		}
		if (!draw_part(d, cells, s, n, room, 0, part) && at_top) {
			/* nothing fits even a whole page (a label or footer taller
			 * than a page): overflow the page rather than loop */
			draw_part(d, cells, s, n, h, 1, part);
			d->y += h;
			break;
		}
		d->y = BODY_END;
		page_break(d);
	}
	cells_close(s, n);
}

double pl_row_height(struct pl_doc *d, const struct pl_cell *cells, size_t n, double min_h)
{
	struct cell_state s[16];
	if (n > 16)
		BUG("pl_row_height: %zu cells", n);
	cells_open(d, cells, s, n);
	double need = rest_height(cells, s, n);
	cells_close(s, n);
	return need > min_h ? need : min_h;
}

double pl_room(const struct pl_doc *d)
{
	return BODY_END - d->y;
}

void pl_table_begin(struct pl_doc *d, pl_header_fn header, const void *ctx)
{
	d->in_table = 1;
	d->table_top = d->y;
	d->header = header;
	d->header_ctx = ctx;
	if (header)
		header(d, ctx);
}

void pl_table_end(struct pl_doc *d)
{
	stroke_rect(d, 0, d->table_top, pl_width(d), d->y, LINE_FRAME);
	d->in_table = 0;
	d->header = NULL;
}

void pl_group_begin(struct pl_doc *d, double x1, const char *label, pl_header_fn header,
		    const void *ctx)
{
	d->in_group = 1;
	d->group_top = d->y;
	d->group_x1 = x1;
	d->group_label = label;
	d->group_part = 0;
	d->group_header = header;
	d->group_ctx = ctx;
	if (header)
		header(d, ctx);
}

void pl_group_end(struct pl_doc *d)
{
	draw_group_part(d);
	d->in_group = 0;
	d->group_label = NULL;
	d->group_header = NULL;
}

/* --- writing the file --- */

static cairo_status_t write_file(void *closure, const unsigned char *data, unsigned int len)
{
	return fwrite(data, 1, len, closure) == len ? CAIRO_STATUS_SUCCESS
						    : CAIRO_STATUS_WRITE_ERROR;
}

static void doc_open(struct pl_doc *d, cairo_surface_t *surface)
{
	memset(d, 0, sizeof(*d));
	d->cr = cairo_create(surface);
	d->pango = pango_cairo_create_context(d->cr);
	/* one user unit is one point: font sizes in points, not 96 dpi pixels */
	pango_cairo_context_set_resolution(d->pango, 72);
	/* exact advances: hinted ones round every glyph up to whole points and
	 * a 7-character label no longer fits the column measured for it */
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(d->pango, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_round_glyph_positions(d->pango, FALSE);
	for (int i = 0; i < PL_NFONTS; i++)
		d->font[i] = pango_font_description_from_string(font_names[i]);
	d->page = 1;
	d->y = MARGIN_T;
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	cairo_set_line_join(d->cr, CAIRO_LINE_JOIN_MITER);
}

static void doc_close(struct pl_doc *d)
{
	for (int i = 0; i < PL_NFONTS; i++)
		pango_font_description_free(d->font[i]);
	g_object_unref(d->pango);
	cairo_destroy(d->cr);
}

/* Lays the document out on surface with `total` for the page numbers;
 * returns the cairo status and the pages it took. */
static cairo_status_t lay_out(cairo_surface_t *surface, pl_render_fn render, const void *ctx,
			      int total, int *pages)
{
	struct pl_doc d;
	doc_open(&d, surface);
	d.pages = total;
	render(&d, ctx);
	draw_page_number(&d);
	*pages = d.page;
	cairo_status_t st = cairo_status(d.cr);
	doc_close(&d);
	return st;
}

/* The page count, from a layout on a recording surface: it paginates like
 * the PDF (the metrics are set on the pango context, not taken from the
 * surface) without subsetting and embedding the fonts a second time. */
static cairo_status_t count_pages(pl_render_fn render, const void *ctx, int *pages)
{
	cairo_surface_t *surface = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
	cairo_status_t st = lay_out(surface, render, ctx, 0, pages);
	cairo_surface_destroy(surface);
	return st;
}

static cairo_status_t write_pdf(FILE *f, const char *title, pl_render_fn render, const void *ctx,
				int total, int *pages)
{
	cairo_surface_t *surface =
	    cairo_pdf_surface_create_for_stream(write_file, f, PAGE_W, PAGE_H);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "bangfu");
	cairo_status_t st = lay_out(surface, render, ctx, total, pages);
	cairo_surface_finish(surface);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	return st;
}

/* Writes the PDF into f; should the count of the recording pass ever be
 * off, once more with the true count so "共 N 页" is right. */
static cairo_status_t write_counted(FILE *f, const char *title, pl_render_fn render,
				    const void *ctx, int pages)
{
	int got = pages;
	cairo_status_t st = write_pdf(f, title, render, ctx, pages, &got);
	if (st != CAIRO_STATUS_SUCCESS || got == pages)
		return st;
	if (fflush(f) != 0 || ftruncate(fileno(f), 0) != 0)
		return CAIRO_STATUS_WRITE_ERROR;
	rewind(f);
	return write_pdf(f, title, render, ctx, got, &got);
}

/* Why a file could not be written, for people. */
static const char *errno_reason(int err)
{
	switch (err) {
	case ENOENT:
	case ENOTDIR:
		return "所在目录不存在";
	case EACCES:
	case EPERM:
		return "没有写入权限";
	case EROFS:
		return "文件系统只读";
	case ENOSPC:
	case EDQUOT:
		return "磁盘空间不足";
	case EISDIR:
		return "该路径是一个目录";
	case ENAMETOOLONG:
		return "路径过长";
	default:
		return "系统错误";
	}
}

static int fail_path(struct bf_err *e, const char *path, int err)
{
	return err_set(e, EC_INVALID, "out", "无法写入文件“%s”：%s（errno %d）", path,
		       errno_reason(err), err);
}

/* Opens a new temporary file beside path (private: it holds personal data). */
static FILE *open_temp(const char *path, char *tmp, size_t size, struct bf_err *e)
{
	if ((size_t)snprintf(tmp, size, "%s.XXXXXX", path) >= size) {
		fail_path(e, path, ENAMETOOLONG);
		return NULL;
	}
	int fd = mkstemp(tmp);
	if (fd < 0) {
		fail_path(e, path, errno);
		return NULL;
	}
	FILE *f = fdopen(fd, "wb");
	if (!f) {
		int err = errno;
		close(fd);
		unlink(tmp);
		fail_path(e, path, err);
	}
	return f;
}

/* Flushes f to disk and closes it; returns 0 or an errno. */
static int close_synced(FILE *f)
{
	int err = 0;
	if (fflush(f) != 0 || ferror(f))
		err = errno ? errno : EIO;
	else if (fsync(fileno(f)) != 0)
		err = errno;
	if (fclose(f) != 0 && !err)
		err = errno;
	return err;
}

int pl_write(const char *path, const char *title, pl_render_fn render, const void *ctx,
	     struct bf_err *e)
{
	if (!path || !path[0])
		return err_set(e, EC_MISSING, "out", "未指定输出的 PDF 文件");
	int pages = 0;
	cairo_status_t st = count_pages(render, ctx, &pages);
	if (st != CAIRO_STATUS_SUCCESS)
		return err_set(e, EC_INTERNAL, NULL, "生成 PDF 失败：%s",
			       cairo_status_to_string(st));
	char tmp[4096];
	FILE *f = open_temp(path, tmp, sizeof(tmp), e);
	if (!f)
		return -1;
	errno = 0;
	st = write_counted(f, title, render, ctx, pages);
	int err = close_synced(f);
	if (st == CAIRO_STATUS_WRITE_ERROR && !err)
		err = EIO;
	if (!err && st == CAIRO_STATUS_SUCCESS && rename(tmp, path) != 0)
		err = errno;
	if (!err && st == CAIRO_STATUS_SUCCESS)
		return 0;
	unlink(tmp);
	if (err)
		return fail_path(e, path, err);
	return err_set(e, EC_INTERNAL, NULL, "生成 PDF 失败：%s", cairo_status_to_string(st));
}
