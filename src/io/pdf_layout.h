/* pdf_layout.h - the small page-layout engine under the printed documents
 * (pdf.c, pdf_forms.c, pdf_notice.c): A4 pages top to bottom, wrapped CJK
 * text through pango, bordered table rows that grow with their text and
 * continue on the next page, a repeated table header, row groups with a
 * merged label column, page numbers.  Internal to src/io.
 *
 * Positions are points (1/72 inch) from the left margin and the current
 * line; the engine moves down the page and breaks pages itself. */
#ifndef BANGFU_PDF_LAYOUT_H
#define BANGFU_PDF_LAYOUT_H
#include <pango/pango.h>
#include "err.h"

enum pl_font {
	PL_TITLE,  /* form titles, bold */
	PL_LABEL,  /* table labels */
	PL_LABELS, /* long table labels, a little smaller */
	PL_TEXT,   /* table values */
	PL_BODY,   /* notice paragraphs */
	PL_SMALL,  /* footnotes, page numbers */
	PL_NFONTS
};

enum pl_style {
	PL_CELL_LABEL, /* centred both ways; repeated with "（续）" after a page break */
	PL_CELL_VALUE, /* centred vertically; flows from the top when the row splits */
	PL_CELL_FLOW,  /* long text from the top, continued on the next page */
};

struct pl_cell {
	double x0, x1; /* from the left margin */
	const char *text;
	enum pl_style style;
	enum pl_font font;
	PangoAlignment align;
	const char *footer; /* bottom right of the cell's last part: stamp place, date */
};

struct pl_doc;
typedef void (*pl_header_fn)(struct pl_doc *d, const void *ctx);
typedef void (*pl_render_fn)(struct pl_doc *d, const void *ctx);

/* The width of the text area and the tables: A4 less two 20 mm margins. */
#define PL_WIDTH 481.89
double pl_width(const struct pl_doc *d);

/* A paragraph across the text area: first_indent in points (two characters
 * for Chinese prose), justified when justify; breaks across pages by line. */
void pl_para(struct pl_doc *d, const char *text, enum pl_font f, PangoAlignment align,
	     double first_indent, int justify);
/* One line with text at the left margin and text at the right one. */
void pl_pair(struct pl_doc *d, const char *left, const char *right, enum pl_font f);
void pl_space(struct pl_doc *d, double h);
/* Breaks the page unless h points are left. */
void pl_keep(struct pl_doc *d, double h);
/* Height of text in a box of width w (for keeping blocks together). */
double pl_text_height(struct pl_doc *d, const char *text, enum pl_font f, double w);

/* One table row: as high as its tallest cell plus padding, at least min_h.
 * A row that does not fit moves to the next page; a splittable one (long
 * text) fills this page and continues on the next. */
void pl_row(struct pl_doc *d, const struct pl_cell *cells, size_t n, double min_h, int splittable);
/* The height pl_row would give these cells (before any page break). */
double pl_row_height(struct pl_doc *d, const struct pl_cell *cells, size_t n, double min_h);
/* Room left on this page. */
double pl_room(const struct pl_doc *d);
/* Rows between these get a heavier outer frame on each page; header (may be
 * NULL) is drawn again at the top of every page the table continues on. */
void pl_table_begin(struct pl_doc *d, pl_header_fn header, const void *ctx);
void pl_table_end(struct pl_doc *d);
/* Rows between these share one label cell [0, x1) on the left (a merged
 * cell), drawn once per page; the rows' cells start at x1.  header (may be
 * NULL) draws the group's own header row, again on every page it goes on. */
void pl_group_begin(struct pl_doc *d, double x1, const char *label, pl_header_fn header,
		    const void *ctx);
void pl_group_end(struct pl_doc *d);

/* Renders the document twice (once to count pages for "第 N 页 共 M 页"),
 * the second time into a temporary file beside path renamed over it on
 * success.  title goes into the PDF metadata. */
int pl_write(const char *path, const char *title, pl_render_fn render, const void *ctx,
	     struct bf_err *e);

/* --- text the documents share (pdf.c) --- */
#define PDF_TEXT_MAX 512
/* "1950年3月" from a date as stored; text that is no date as given; "" for none. */
void pdf_month(const char *date, char out[PDF_TEXT_MAX]);
/* "2024年12月5日"; for none the blank "年　　月　　日" to fill by hand. */
void pdf_day(const char *date, char out[PDF_TEXT_MAX]);
/* "1,500.00 元（人民币壹仟伍佰元整）" (sep between figure and 大写). */
void pdf_money(int64_t fen, const char *sep, char out[PDF_TEXT_MAX]);
/* s, or "" for NULL. */
const char *pdf_str(const char *s);

#endif
