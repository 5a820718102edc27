/* render.h - a document written to a file by one of io's writers (the
 * printed forms, the fund's notice and workbook) and handed back in memory
 * for an HTTP answer (render.c; private to src/io). */
#ifndef BANGFU_IO_RENDER_H
#define BANGFU_IO_RENDER_H
#include <stddef.h>
#include "err.h"

/* Writes the document to path: 0, or -1 with e. */
typedef int (*io_write_fn)(const char *path, void *ctx, struct bf_err *e);

/* Makes a directory of its own under $TMPDIR (or /tmp), 0700 since the
 * document may hold a revealed ID number; calls write with the path of
 * file in it; reads what it wrote into *data (malloc'd, *len bytes) and
 * removes the file and the directory, on success and failure alike. */
int io_render(const char *file, io_write_fn write, void *ctx, void **data, size_t *len,
	      struct bf_err *e);

#endif
