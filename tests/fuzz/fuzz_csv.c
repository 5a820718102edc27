/* fuzz_csv.c - the streaming CSV reader (csv_open, csv_next) on any bytes,
 * given as a file: encoding detection, quotes, GB18030.  An error is one a
 * reply can carry; every field read is valid UTF-8 and written back by
 * csv_add_field it reads again as one record with as many fields. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "csv.h"
#include "fuzz.h"
#include "strbuf.h"

static int as_file(const uint8_t *data, size_t size, char path[64])
{
	int fd = memfd_create("fuzz.csv", MFD_CLOEXEC);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	snprintf(path, 64, "/proc/self/fd/%d", fd);
	return fd;
}

/* The record written by csv_add_field and read back: same number of fields. */
static void round_trip(char **fields, size_t n)
{
	struct strbuf line = STRBUF_INIT;
	char path[64], **back;
	size_t nback;
	struct bf_err e;
	strbuf_add(&line, "\xEF\xBB\xBF",
		   3); /* as an export starts: a field may begin with U+FEFF */
	for (size_t i = 0; i < n; i++)
		csv_add_field(&line, fields[i], i == 0);
	strbuf_add(&line, "\r\n", 2);
	int fd = as_file((const uint8_t *)line.buf, line.len, path);
	struct csv_reader *r = csv_open(path, &e);
	FUZZ_ASSERT(r, "reopening: %s", e.message);
	int rc = csv_next(r, &back, &nback, &e);
	/* a record of one empty field is a blank line, which the reader skips */
	FUZZ_ASSERT(rc == 1 ? nback == n : (n == 1 && !fields[0][0]),
		    "written record of %zu fields reads back as %d/%zu: %s", n, rc,
		    rc == 1 ? nback : 0, line.buf);
	csv_close(r);
	close(fd);
	strbuf_release(&line);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64], **fields;
	size_t n;
	struct bf_err e;
	int fd = as_file(data, size, path);
	struct csv_reader *r = csv_open(path, &e);
	if (!r) {
		fuzz_check_err(&e, "csv_open");
		close(fd);
		return 0;
	}
	int rc, records = 0;
	while ((rc = csv_next(r, &fields, &n, &e)) == 1 && records++ < 1000) {
		for (size_t i = 0; i < n; i++)
			FUZZ_ASSERT(fuzz_utf8(fields[i], strlen(fields[i])),
				    "field %zu of line %ld is not UTF-8", i, csv_line(r));
		if (records == 1 && n < 64)
			round_trip(fields, n);
	}
	if (rc < 0)
		fuzz_check_err(&e, "csv_next");
	csv_close(r);
	close(fd);
	return 0;
}
