/* csv.h - streaming RFC 4180 reader with encoding detection (UTF-8 with or
 * without BOM, or GBK/GB18030 as Excel writes it on Chinese Windows, converted
 * to UTF-8 by iconv) and a writer. Memory stays flat in the file size. */
#ifndef BANGFU_CSV_H
#define BANGFU_CSV_H
#include <stdio.h>
#include <stddef.h>
#include "err.h"
#include "strbuf.h"

struct csv_reader;

/* Opens path for reading.  Encoding is detected from the first 64 KiB: a
 * UTF-8 BOM or valid UTF-8 means UTF-8, otherwise GB18030 (when those bytes
 * are all ASCII, which reads the same in both, the decision is taken at the
 * first non-ASCII byte).  Invalid bytes later in the file are an error that
 * names the line. */
struct csv_reader *csv_open(const char *path, struct bf_err *e);
/* Reads the next record.  Returns 1 with fields and nfields set (valid until
 * the next call; fields are UTF-8, NUL-terminated), 0 at end of file, -1 on
 * error (e names the line).  Blank lines are skipped. */
int csv_next(struct csv_reader *r, char ***fields, size_t *nfields, struct bf_err *e);
/* Physical line number where the last record started (1-based). */
long csv_line(const struct csv_reader *r);
/* Bytes consumed so far and total file size, for a progress bar. */
long long csv_offset(const struct csv_reader *r);
long long csv_size(const struct csv_reader *r);
/* "UTF-8" or "GB18030". */
const char *csv_encoding(const struct csv_reader *r);
void csv_close(struct csv_reader *r);

/* Appends one field to a line being built (a ',' first unless `first`; the
 * caller ends the line, "\r\n" for Excel).  The field is quoted, with ""
 * for ", when it contains a comma, quote, CR or LF or has a leading or
 * trailing space.  Formula injection guard: a field starting with = + - @
 * (or tab or CR) is written with a single quote ' in front, so a spreadsheet
 * shows it as text instead of running it; plain decimal numbers such as
 * "-12.50" or "+8613800138000" are left as they are.  NULL writes "". */
void csv_add_field(struct strbuf *line, const char *field, int first);

#endif
