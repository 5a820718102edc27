/* verification_docs.h - the report of a verification campaign (走访核查,
 * DOMAIN.md §3 step 12) for the department and inspectors: as PDF (the
 * forms' layout engine, src/io/pdf_layout.c) — the draw (year, share, seed,
 * population and its SM3, sample), progress and findings per committee,
 * then every finding with the organisation responsible — and as XLSX
 * (xlsx_table.h) — one row per sampled case with what its check found.
 * src/io/verification_docs.c; read through the core's calls (cases.h). */
#ifndef BANGFU_VERIFICATION_DOCS_H
#define BANGFU_VERIFICATION_DOCS_H
#include <stddef.h>
#include "cases.h"

#define VERIFICATION_DOC_NAME_MAX 256
/* The report of campaign id in the actor's view (its checks in scope) into
 * memory (*data malloc'd, caller frees); fmt "pdf" or "xlsx"; name gets a
 * download name. */
int verification_doc_render(struct core *c, const struct actor *a, int64_t id, const char *fmt,
			    void **data, size_t *len, char name[VERIFICATION_DOC_NAME_MAX],
			    struct bf_err *e);
/* The same written to path (".pdf" or ".xlsx", else EC_INVALID "out"). */
int verification_doc_write(struct core *c, const struct actor *a, int64_t id, const char *path,
			   struct bf_err *e);

#endif
