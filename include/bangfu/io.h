/* io.h - files in and out: the member and organisation CSV formats people
 * keep in Excel (UTF-8 or GBK), streamed so memory stays flat. */
#ifndef BANGFU_IO_H
#define BANGFU_IO_H
#include <stdio.h>
#include "register.h"

/* Called now and then during a long job: done/total in bytes or rows. */
typedef void (*io_progress_fn)(long long done, long long total, void *ctx);

struct import_result {
	long long imported;
	long long rejected;
	int committed; /* 1 when the good rows were stored */
};

/* Told about each bad row: its line, the column at fault (Chinese header,
 * "" when none), the reason, and the row as read. */
typedef void (*io_reject_fn)(long line, const char *column, const char *reason, char *const *fields,
			     size_t nfields, void *ctx);

/* How an import runs (flags of io_member_import and io_org_import). */
enum io_import_flags {
	IO_SKIP_INVALID = 1, /* store the good rows even when some are bad */
	IO_DRY_RUN = 2,	     /* every check, the database's too, then roll back */
};

/* The member import (§1 columns, found by header name in any order) from
 * CSV or .xlsx (sheet.h).  All-or-nothing unless IO_SKIP_INVALID: every bad
 * row goes to reject() and, when not skipping, nothing is stored; with
 * IO_DRY_RUN nothing is stored either way and res->imported counts the rows
 * that would be.  Returns 0 when the file could be read (even with bad
 * rows), -1 with e when it could not (missing file, missing column,
 * database failure: then nothing is stored). */
int io_member_import(struct core *c, const struct actor *a, const char *path, int flags,
		     io_reject_fn reject, void *rctx, io_progress_fn progress, void *pctx,
		     struct import_result *res, struct bf_err *e);

/* The roll import (建库, issue #11; roll_io.c): a district's 台账 as CSV or
 * .xlsx, columns found by their header (io_roll_columns; the header row may
 * come after a title row), each row keyed by the member's ID number in the
 * register and in the actor's scope, entered as a period of source
 * "import" (on the roll at once for a committee or the department, pending
 * for a branch).  A member already on the roll (an open period), a row
 * naming the same member as an earlier one, an ID number not in the
 * register or outside the scope: bad rows.  Flags, reject, progress and
 * the answer as io_member_import; audited once ("import", "roll_entry"). */
extern const char *const io_roll_columns[];
int io_roll_import(struct core *c, const struct actor *a, const char *path, int flags,
		   io_reject_fn reject, void *rctx, io_progress_fn progress, void *pctx,
		   struct import_result *res, struct bf_err *e);

/* Writes the member register under org_code (NULL: everything) as CSV with
 * the import's columns; ID and phone masked unless reveal (audited). */
int io_member_export(struct core *c, const struct actor *a, const char *org_code, int reveal,
		     FILE *out, long long *rows, struct bf_err *e);

/* The members f selects (member_each_matching) as the workbook 党员名册
 * at path (xlsx_table.h: one row a member, streamed, flat memory): ID and
 * phone masked unless reveal, which needs PERM_REVEAL (checked first) and
 * is audited once the rows are written (member_export_audit: via, e.g.
 * "api" or "cli", the filters and *rows).  On failure path is removed. */
int io_member_xlsx(struct core *c, const struct actor *a, const struct member_filter *f, int reveal,
		   const char *via, const char *path, const char *tmpdir, long long *rows,
		   struct bf_err *e);

/* The organisation import: 组织编码,组织名称,上级组织编码,组织类别; parents
 * may come before or after their children in the file; all-or-nothing
 * unless IO_SKIP_INVALID (a row under a refused parent is refused too);
 * IO_DRY_RUN as for members. */
int io_org_import(struct core *c, const struct actor *a, const char *path, int flags,
		  io_reject_fn reject, void *rctx, struct import_result *res, struct bf_err *e);

/* Fills a demo district under the department (towns, branches, `members`
 * members, accounts dept/town01/branch0101/auditor with password
 * Demo123456); the same seed gives the same data.  Refuses when demo data
 * is already there. */
int io_demo(struct core *c, const struct actor *a, int members, unsigned seed, struct bf_err *e);

/* Reads a whole file into heap memory (a generated document, to send). */
int io_slurp(const char *path, void **data, size_t *len, struct bf_err *e);

/* The column headers of the member CSV, in export order. */
extern const char *const io_member_columns[];

#endif
