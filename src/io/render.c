/* render.c - a document rendered through a private temporary file and read
 * back into memory (render.h): the forms of a case or notice (documents.c)
 * and the fund's notice and workbook (fund_docs.c); and io_slurp (io.h),
 * which the import jobs' workbooks use too. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "io.h"
#include "render.h"
#include "wrapper.h"

int io_slurp(const char *path, void **data, size_t *len, struct bf_err *e)
{
	struct stat st;
	FILE *f = fopen(path, "rb");
	if (!f || fstat(fileno(f), &st)) {
		if (f)
			fclose(f);
		return err_set(e, EC_INTERNAL, NULL, "无法读取生成的文件：%s", strerror(errno));
	}
	unsigned char *buf = xmalloc((size_t)st.st_size + 1);
	size_t got = fread(buf, 1, (size_t)st.st_size, f);
	fclose(f);
	if (got != (size_t)st.st_size) {
		free(buf);
		return err_set(e, EC_INTERNAL, NULL, "无法读取生成的文件");
	}
	*data = buf;
	*len = got;
	return 0;
}

int io_render(const char *file, io_write_fn write, void *ctx, void **data, size_t *len,
	      struct bf_err *e)
{
	char dir[1024], path[1100];
	const char *tmp = getenv("TMPDIR");
	if ((size_t)snprintf(dir, sizeof(dir), "%s/bangfu-doc-XXXXXX",
			     tmp && *tmp ? tmp : "/tmp") >= sizeof(dir))
		return err_set(e, EC_INTERNAL, NULL, "临时目录路径过长");
	if (!mkdtemp(dir)) /* 0700: private to this process's user */
		return err_set(e, EC_INTERNAL, NULL, "无法创建临时目录：%s", strerror(errno));
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	int rc = write(path, ctx, e);
	if (!rc)
		rc = io_slurp(path, data, len, e);
	unlink(path);
	rmdir(dir);
	return rc;
}
