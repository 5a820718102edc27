/* fuzz_xlsx.c - the streaming XLSX reader (xlsx.h) on any input.  An input
 * starting "PK" is the file itself (the archive reader, libzip's part);
 * anything else is a list of parts, "name\n" then the content up to a line
 * "\x01\n", packed into an archive here, so the mutations reach the XML of
 * the workbook, styles, shared strings and worksheet.  An error is one a
 * reply can carry; every field is valid UTF-8; a date cell is a date. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zip.h>
#include "date.h"
#include "fuzz.h"
#include "xlsx.h"

static int as_file(const uint8_t *data, size_t size, char path[64])
{
	int fd = memfd_create("fuzz.xlsx", MFD_CLOEXEC);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	snprintf(path, 64, "/proc/self/fd/%d", fd);
	return fd;
}

/* Packs the parts of s into a stored archive at path. */
static void pack(char *s, const char *path)
{
	int err;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	if (!z)
		abort();
	for (char *p = s; p && *p;) {
		char *nl = strchr(p, '\n');
		if (!nl)
			break;
		*nl = '\0';
		char *body = nl + 1, *stop = strstr(body, "\n\x01\n");
		size_t len = stop ? (size_t)(stop - body) : strlen(body);
		zip_source_t *src = zip_source_buffer(z, body, len, 0);
		zip_int64_t i = *p ? zip_file_add(z, p, src, ZIP_FL_OVERWRITE) : -1;
		if (i < 0)
			zip_source_free(src);
		else
			zip_set_file_compression(z, (zip_uint64_t)i, ZIP_CM_STORE, 0);
		p = stop ? stop + 3 : NULL;
	}
	if (zip_close(z) < 0)
		zip_discard(z);
}

static void read_all(const char *path)
{
	struct bf_err e;
	char **f;
	size_t n;
	struct xlsx_reader *r = xlsx_open(path, &e);
	if (!r) {
		fuzz_check_err(&e, "xlsx_open");
		return;
	}
	int rc, rows = 0;
	while ((rc = xlsx_next(r, &f, &n, &e)) == 1 && rows++ < 10000) {
		FUZZ_ASSERT(n > 0 && n <= XLSX_MAX_COLS, "row %ld has %zu fields", xlsx_line(r), n);
		for (size_t i = 0; i < n; i++) {
			FUZZ_ASSERT(fuzz_utf8(f[i], strlen(f[i])), "row %ld field %zu not UTF-8",
				    xlsx_line(r), i);
			struct ymd d;
			struct bf_err de;
			FUZZ_ASSERT(xlsx_kind(r, i) != XLSX_DATE ||
					date_parse(f[i], &d, NULL, "d", "日期", &de) == 0,
				    "date cell \"%s\" does not parse", f[i]);
		}
		FUZZ_ASSERT(xlsx_offset(r) <= xlsx_size(r), "offset past size");
	}
	if (rc < 0)
		fuzz_check_err(&e, "xlsx_next");
	xlsx_close(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];
	if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
		int fd = as_file(data, size, path);
		read_all(path);
		close(fd);
		return 0;
	}
	char *s = fuzz_str(data, size);
	snprintf(path, sizeof(path), "/tmp/fuzz-xlsx-%d.xlsx", (int)getpid());
	pack(s, path);
	read_all(path);
	unlink(path);
	free(s);
	return 0;
}
