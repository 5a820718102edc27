/* xlsx.h - a streaming reader of the first worksheet of an Office Open XML
 * workbook (.xlsx), with libzip for the archive and expat for the XML.
 * Rows come one at a time as UTF-8 text fields, like csv.h's records: memory
 * stays flat in the number of rows (shared strings go to a temporary file).
 * Numbers in date-formatted cells become "YYYY-MM-DD"; every cell says what
 * kind it was, so a caller can refuse a number where text belongs.  Limits
 * against zip bombs and runaway sheets are below; passing one is an error. */
#ifndef BANGFU_XLSX_H
#define BANGFU_XLSX_H
#include <stddef.h>
#include "err.h"

#define XLSX_MAX_ROWS	  1048576 /* Excel's own limits */
#define XLSX_MAX_COLS	  16384
#define XLSX_MAX_CELL	  32767 /* characters in one cell */
#define XLSX_MAX_SHEET_MB 4096	/* the worksheet's XML, uncompressed */
#define XLSX_MAX_PART_MB  1024	/* shared strings, uncompressed */
#define XLSX_MAX_SMALL_MB 32	/* workbook, relationships, styles */
#define XLSX_MAX_RATIO	  500	/* uncompressed / compressed beyond 1 MiB */
#define XLSX_MAX_STRINGS  (16 * 1024 * 1024)

/* What a cell held in the workbook. */
enum xlsx_kind {
	XLSX_TEXT,   /* a string (shared, inline or a formula's) or an error value */
	XLSX_NUMBER, /* a number, written back as its shortest decimal text */
	XLSX_DATE,   /* a number in a date format, written "YYYY-MM-DD" */
	XLSX_BOOL,   /* "TRUE" or "FALSE" */
};

struct xlsx_reader;

/* Opens the workbook at path and reads its shared strings and styles; NULL
 * with e (field "file", a Chinese message) when it is no usable .xlsx. */
struct xlsx_reader *xlsx_open(const char *path, struct bf_err *e);
/* The next row with any content: 1 with fields[0..nfields) (valid until the
 * next call; empty cells ""; trailing empty cells left off), 0 at the end,
 * -1 with e naming the row. */
int xlsx_next(struct xlsx_reader *r, char ***fields, size_t *nfields, struct bf_err *e);
/* The last row's number as Excel shows it (1-based). */
long xlsx_line(const struct xlsx_reader *r);
/* The kind of the last row's field col (XLSX_TEXT beyond its end). */
enum xlsx_kind xlsx_kind(const struct xlsx_reader *r, size_t col);
/* Bytes of the worksheet's XML read so far and in all, for a progress bar. */
long long xlsx_offset(const struct xlsx_reader *r);
long long xlsx_size(const struct xlsx_reader *r);
void xlsx_close(struct xlsx_reader *r);

/* Column letters of a 0-based index into out ("A", "AB"). */
void xlsx_col_name(size_t col, char out[8]);
/* An Excel serial day number as "YYYY-MM-DD" (1904: the Mac date system);
 * -1 when it is no day between 1900 and 9999. */
int xlsx_serial_date(double serial, int date1904, char out[11]);

#endif
