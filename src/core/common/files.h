/* files.h - the content-addressed file store the core's domains share
 * (private to src/core; src/core/common/files.c): a case's attachments
 * (casework_files.c) and a help record's (care/pairing_files.c).  PDF, JPEG
 * or PNG recognised by their first bytes, 1 byte to 10 MiB, kept once per
 * content under core.files_dir as <sha256[0:2]>/<sha256>, written to a
 * temporary file and renamed, checked against the SHA-256 when read. */
#ifndef BANGFU_CORE_FILES_H
#define BANGFU_CORE_FILES_H
#include <stddef.h>
#include <stdio.h> /* snprintf, in CORE_FILE_COPY */
#include <stdint.h>
#include "err.h"

/* The largest file (bytes); cases.h's CASE_ATTACHMENT_MAX is the same. */
#define CORE_FILE_MAX (10 * 1024 * 1024)

/* What the row of a stored file keeps. */
struct core_file {
	char name[256];	       /* as uploaded, without a directory; "附件" when blank */
	char mime[32];	       /* application/pdf, image/jpeg, image/png */
	int64_t size;	       /* bytes */
	char sha256[65];       /* hex of the content */
	char stored_path[256]; /* <sha256[0:2]>/<sha256>, relative to files_dir */
};

/* Copies the five fields of a file between a struct core_file and an
 * attachment row of any table (struct attachment, help_attachment,
 * visit_attachment: the same field names), both ways. */
#define CORE_FILE_COPY(dst, src)                                                                   \
	do {                                                                                       \
		snprintf((dst)->name, sizeof((dst)->name), "%s", (src)->name);                     \
		snprintf((dst)->mime, sizeof((dst)->mime), "%s", (src)->mime);                     \
		(dst)->size = (src)->size;                                                         \
		snprintf((dst)->sha256, sizeof((dst)->sha256), "%s", (src)->sha256);               \
		snprintf((dst)->stored_path, sizeof((dst)->stored_path), "%s",                     \
			 (src)->stored_path);                                                      \
	} while (0)

/* Checks an upload (not empty, not too big, a PDF/JPEG/PNG by its bytes,
 * a name within the limits) and fills f. */
int core_file_check(const char *name, const void *data, size_t len, struct core_file *f,
		    struct bf_err *e);
/* Writes the content to dir/f->stored_path unless it is there already. */
int core_file_store(const char *dir, const struct core_file *f, const void *data, size_t len,
		    struct bf_err *e);
/* Reads a stored file back (*data malloc'd), checking its size and SHA-256. */
int core_file_read(const char *dir, const struct core_file *f, void **data, size_t *len,
		   struct bf_err *e);

#endif
