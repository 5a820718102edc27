/* sheet.h - the rows of a file people keep in Excel, whichever way it was
 * saved: CSV (csv.h) or the first worksheet of an .xlsx workbook (xlsx.h),
 * told apart by the file's first bytes.  The importers read through this. */
#ifndef BANGFU_SHEET_H
#define BANGFU_SHEET_H
#include <stddef.h>
#include "err.h"
#include "xlsx.h"

struct sheet;

/* Opens path: an .xlsx (a zip archive, "PK\3\4") or else CSV.  An old binary
 * .xls is refused with advice to save it as .xlsx. */
struct sheet *sheet_open(const char *path, struct bf_err *e);
/* As csv_next: 1 with the record's fields, 0 at the end, -1 with e. */
int sheet_next(struct sheet *s, char ***fields, size_t *nfields, struct bf_err *e);
/* The line (CSV) or row (XLSX) of the last record, as the user sees it. */
long sheet_line(const struct sheet *s);
/* What the last record's field col held: always XLSX_TEXT for CSV. */
enum xlsx_kind sheet_kind(const struct sheet *s, size_t col);
/* Progress: bytes read so far and in all (of the worksheet for XLSX). */
long long sheet_offset(const struct sheet *s);
long long sheet_size(const struct sheet *s);
int sheet_is_xlsx(const struct sheet *s);
void sheet_close(struct sheet *s);

#endif
