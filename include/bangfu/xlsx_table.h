/* xlsx_table.h - one list as an XLSX workbook for people (issue #10, the
 * console's 导出Excel and `bangfu member export --format xlsx`): one
 * header row of Chinese column names, then one row per record, typed cells (dates as dates, money
 * in yuan with two decimals as numbers), printed landscape on A4, fit to the page width, the header
 * row repeated on every page and the list's name and page numbers in the
 * header and footer.
 *
 * Rows are streamed to the file (libxlsxwriter's constant_memory mode,
 * its temporary files in the caller's directory), so memory stays flat
 * whatever the number of rows; the caller writes cells left to right,
 * rows top to bottom.  Nothing here reads the store. */
#ifndef BANGFU_XLSX_TABLE_H
#define BANGFU_XLSX_TABLE_H
#include <stddef.h>
#include <stdint.h>
#include "err.h"

/* How a column's cells are written. */
enum xt_kind {
	XT_TEXT,  /* a string as is */
	XT_INT,	  /* a whole number */
	XT_DATE,  /* "YYYY-MM-DD…" as an Excel date (yyyy-mm-dd) */
	XT_TIME,  /* seconds since 1970 as local date and time (yyyy-mm-dd hh:mm) */
	XT_MONEY, /* fen as yuan: a number formatted #,##0.00 */
	XT_LINES, /* a string of lines (joined by '\n'), wrapped in its cell */
};

struct xt_col {
	const char *header; /* Chinese */
	enum xt_kind kind;
	double width; /* characters; 0: by kind */
};

/* The most data rows a sheet holds (Excel's 1,048,576 less the header). */
#define XT_MAX_ROWS 1048575LL

struct xt_book;

/* Starts the workbook at path with one sheet named title (cut to Excel's
 * 31 characters) and the header row; tmpdir takes libxlsxwriter's
 * temporary files (NULL: the system's).  0, or -1 with e. */
int xt_open(struct xt_book **out, const char *path, const char *tmpdir, const char *title,
	    const struct xt_col *cols, size_t ncols, struct bf_err *e);
/* The same with a caption row above the header (a branch's 台账: the
 * organisation and the day), merged across the columns; NULL or "": none. */
int xt_open_captioned(struct xt_book **out, const char *path, const char *tmpdir, const char *title,
		      const char *caption, const struct xt_col *cols, size_t ncols,
		      struct bf_err *e);
/* The next row's cell in column col (each row's cells in any order, rows
 * in order); an empty text, date or NULL leaves the cell blank. */
void xt_text(struct xt_book *b, size_t col, const char *s);
void xt_num(struct xt_book *b, size_t col, int64_t v); /* XT_INT, XT_MONEY (fen), XT_TIME */
/* A cell from text by the column's kind: XT_DATE and XT_TEXT as above,
 * XT_TIME from ISO 8601 ("2026-12-07T15:17:43+00:00"). */
void xt_cell(struct xt_book *b, size_t col, const char *s);
/* Ends the row; -1 with e once the sheet is full (XT_MAX_ROWS). */
int xt_row_end(struct xt_book *b, struct bf_err *e);
long long xt_rows(const struct xt_book *b);
/* Writes the file and frees b: 0, or -1 with e (then path may hold
 * part of a file: the caller removes it). */
int xt_close(struct xt_book *b, struct bf_err *e);

#endif
