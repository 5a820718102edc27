/* care_docs.h - care's papers (issue #12; src/io/care_docs.c,
 * src/io/member_file.c): the political birthday greeting card (政治生日贺卡)
 * with the member's name and years of party age, a member's whole file
 * (一人一档), and the nomination list for the 光荣在党50年 medal as
 * PDF (drawn by the layout engine of the printed forms, pdf_layout.h) and
 * XLSX (xlsx_table.h).  The data come from the core (care.h) in the
 * actor's scope; each writer is all-or-nothing and answers 0 or -1 with e. */
#ifndef BANGFU_CARE_DOCS_H
#define BANGFU_CARE_DOCS_H
#include <stddef.h>
#include "care.h"

#define CARE_DOC_NAME_MAX 256

/* The greeting card of member_id's anniversary in year (0: this year),
 * signed by the member's organisation, into memory (*data malloc'd);
 * name gets the download name. */
int care_card_render(struct core *c, const struct actor *a, int64_t member_id, int year,
		     void **data, size_t *len, char name[CARE_DOC_NAME_MAX], struct bf_err *e);
/* The 50-year nomination list of org_id's subtree (0: the actor's) for
 * year written to path: a PDF when it ends in ".pdf", a workbook when in
 * ".xlsx", else EC_INVALID on "out". */
int care_medals_write(struct core *c, const struct actor *a, int64_t org_id, int year,
		      const char *path, struct bf_err *e);
/* The same into memory; fmt "pdf" or "xlsx". */
int care_medals_render(struct core *c, const struct actor *a, int64_t org_id, int year,
		       const char *fmt, void **data, size_t *len, char name[CARE_DOC_NAME_MAX],
		       struct bf_err *e);

/* 一人一档: the member's file — who they are (ID and phone masked) and
 * their whole timeline (care_member_file: scope checked, audited
 * member_file) — written to path as a PDF; name (may be NULL) gets the
 * download name, e.g. 「一人一档-张三-12.pdf」. */
int member_file_write(struct core *c, const struct actor *a, int64_t member_id, const char *path,
		      char name[CARE_DOC_NAME_MAX], struct bf_err *e);
/* The same into memory (*data malloc'd). */
int member_file_render(struct core *c, const struct actor *a, int64_t member_id, void **data,
		       size_t *len, char name[CARE_DOC_NAME_MAX], struct bf_err *e);

#endif
