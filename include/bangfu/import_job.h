/* import_job.h - an import from the console in steps: the file is uploaded
 * and checked (every check of the import, the database's too, then rolled
 * back), its bad rows listed, then confirmed (all-or-nothing, or the good
 * rows only).  A job lives as files under <files_dir>/imports/<id>/ (the
 * upload, job.json with its state and progress, bad.jsonl with the bad
 * rows), so any `serve` sharing the files directory can answer for it, and
 * expires IMPORT_JOB_TTL seconds after it was made.  Only its maker sees it. */
#ifndef BANGFU_IMPORT_JOB_H
#define BANGFU_IMPORT_JOB_H
#include <stddef.h>
#include <stdint.h>
#include "register.h"

#define IMPORT_JOB_TTL	  (2 * 3600)
#define IMPORT_UPLOAD_MAX (60 * 1024 * 1024) /* under the server's 64 MiB discard limit */
#define IMPORT_NAME_MAX	  256

struct import_job {
	int64_t id;
	int64_t user_id;
	char kind[8];		    /* "member", "org" or "roll" */
	char name[IMPORT_NAME_MAX]; /* the file's name as uploaded */
	char state[12];		    /* new, checking, checked, importing, done, failed */
	long long done, total;	    /* progress of the running step, in bytes of the sheet */
	long long good, bad;	    /* rows of the last check or import */
	long long imported;	    /* rows stored by the confirmation */
	int committed;		    /* the confirmation stored them */
	char error[512];	    /* why it failed (state failed) */
	int64_t created_at, expires_at;
};

/* A new job for kind ("member", "org" or "roll") and a file name; also clears
 * expired jobs.  dir is core.files_dir. */
int import_job_create(struct core *c, const struct actor *a, const char *kind, const char *name,
		      struct import_job *j, struct bf_err *e);
/* The job, when it is the actor's and has not expired (else 404). */
int import_job_get(struct core *c, const struct actor *a, int64_t id, struct import_job *j,
		   struct bf_err *e);
/* Stores the file (len bytes) and checks it: state checked with good/bad,
 * or -1 with e when the file cannot be read (state failed, e.g. a missing
 * column).  Progress goes to job.json as it runs. */
int import_job_check(struct core *c, const struct actor *a, int64_t id, const void *data,
		     size_t len, struct import_job *j, struct bf_err *e);
/* Imports the checked file: all-or-nothing unless skip_invalid.  Refused
 * (409) when all-or-nothing and the check found bad rows. */
int import_job_confirm(struct core *c, const struct actor *a, int64_t id, int skip_invalid,
		       struct import_job *j, struct bf_err *e);
/* Calls fn with the JSON text of bad rows offset.. (at most limit), each
 * [line, "column", "reason", ["field", ...]]. */
int import_job_bad_rows(struct core *c, const struct actor *a, int64_t id, long offset, long limit,
			void (*fn)(const char *json, void *ctx), void *ctx, struct bf_err *e);
/* Which cell of a row holds the name (姓名, 组织名称) by the upload's header
 * row, for showing bad rows; -1 when none or no header yet. */
int import_job_name_column(struct core *c, const struct actor *a, int64_t id);
/* The bad rows with their reasons as an .xlsx (heap memory, *len bytes). */
int import_job_bad_xlsx(struct core *c, const struct actor *a, int64_t id, void **data, size_t *len,
			struct bf_err *e);
/* The template to fill in for kind: headers, the ID column as text, an
 * example row and a sheet explaining each column. */
int import_template(const char *kind, void **data, size_t *len, struct bf_err *e);

#endif
