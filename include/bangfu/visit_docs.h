/* visit_docs.h - the printed papers of visits (走访慰问, issue #12), drawn
 * with the forms' layout engine (src/io/pdf_layout.c) and read through the
 * core's calls (care.h, scope and roles checked there): the record sheet
 * of one visit (走访慰问记录表) — printed blank to fill by hand for a task
 * not yet done — and a festival round's list for one organisation to take
 * along (走访慰问名单: who, why, the standard gift, a column to sign).
 * src/io/visit_docs.c. */
#ifndef BANGFU_VISIT_DOCS_H
#define BANGFU_VISIT_DOCS_H
#include <stddef.h>
#include "care.h"

#define VISIT_DOC_NAME_MAX 512
/* At most this many members on one round list (a larger subtree: one
 * organisation at a time). */
#define VISIT_DOC_LIST_MAX 5000

/* The record sheet of visit id (a visit or an open task) into memory
 * (*data malloc'd, caller frees); name gets a download name. */
int visit_sheet_render(struct core *c, const struct actor *a, int64_t id, void **data, size_t *len,
		       char name[VISIT_DOC_NAME_MAX], struct bf_err *e);
/* The list of round id for org_id's subtree (0: the actor's own
 * organisation), the same way; EC_INVALID on "org" beyond
 * VISIT_DOC_LIST_MAX members. */
int visit_round_list_render(struct core *c, const struct actor *a, int64_t id, int64_t org_id,
			    void **data, size_t *len, char name[VISIT_DOC_NAME_MAX],
			    struct bf_err *e);

#endif
