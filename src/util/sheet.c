/* sheet.c - one reader over CSV and XLSX files (sheet.h). */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "csv.h"
#include "sheet.h"
#include "wrapper.h"

struct sheet {
	struct csv_reader *csv;
	struct xlsx_reader *xlsx;
};

/* The first four bytes of the file, or fewer; 0 when unreadable (csv_open
 * then says why). */
static size_t magic(const char *path, unsigned char m[4])
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, m, 4);
	close(fd);
	return n > 0 ? (size_t)n : 0;
}

struct sheet *sheet_open(const char *path, struct bf_err *e)
{
	unsigned char m[4] = {0};
	size_t n = magic(path, m);
	struct sheet *s = xcalloc(1, sizeof(*s));
	if (n == 4 && !memcmp(m, "\xD0\xCF\x11\xE0", 4)) {
		err_set(e, EC_INVALID, "file",
			"不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 或 CSV 后导入");
	} else if (n == 4 && !memcmp(m, "PK\3\4", 4)) {
		s->xlsx = xlsx_open(path, e);
	} else {
		s->csv = csv_open(path, e);
	}
	if (!s->csv && !s->xlsx) {
		free(s);
		return NULL;
	}
	return s;
}

int sheet_next(struct sheet *s, char ***fields, size_t *nfields, struct bf_err *e)
{
	return s->xlsx ? xlsx_next(s->xlsx, fields, nfields, e)
		       : csv_next(s->csv, fields, nfields, e);
}

long sheet_line(const struct sheet *s)
{
	return s->xlsx ? xlsx_line(s->xlsx) : csv_line(s->csv);
}

enum xlsx_kind sheet_kind(const struct sheet *s, size_t col)
{
	return s->xlsx ? xlsx_kind(s->xlsx, col) : XLSX_TEXT;
}

long long sheet_offset(const struct sheet *s)
{
	return s->xlsx ? xlsx_offset(s->xlsx) : csv_offset(s->csv);
}

long long sheet_size(const struct sheet *s)
{
	return s->xlsx ? xlsx_size(s->xlsx) : csv_size(s->csv);
}

int sheet_is_xlsx(const struct sheet *s)
{
	return s->xlsx != NULL;
}

void sheet_close(struct sheet *s)
{
	if (!s)
		return;
	csv_close(s->csv);
	xlsx_close(s->xlsx);
	free(s);
}
