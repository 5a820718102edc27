/* documents.h - the printed documents of the aid procedure filled from the
 * store: the application form of a case (附件1 for yearly aid, 附件2 for
 * emergency relief), its registration form (信息登记表), the public
 * notice (附件3) with its result report (公示结果报告), and the sign-off
 * sheet of a payment batch (发放签收表).  pdf.h lays them out from plain structs; this module reads
 * the case, member, organisations, policy and timeline through the core
 * (scope and roles checked there) and fills those structs, so `bangfu doc`
 * and the HTTP API print the same thing.  Like the rest of src/io: no
 * printing, no exits.
 *
 * Masking: ID numbers and phones are printed masked on every document.
 * Only the application form may carry them in full (the form says
 * 「身份证号码（准确无误）」 and is signed by the member): with reveal = 1,
 * for roles allowed PERM_REVEAL, read through member_reveal() and so
 * audited as a reveal of the member. */
#ifndef BANGFU_DOCUMENTS_H
#define BANGFU_DOCUMENTS_H
#include <stddef.h>
#include <stdint.h>
#include "register.h"

enum doc_kind {
	DOC_APPLICATION,   /* of a case: 附件1 or 附件2 by the case's kind */
	DOC_REGISTRATION,  /* of a case: 困难党员信息登记表 */
	DOC_NOTICE,	   /* of a notice: 附件3 公示 */
	DOC_NOTICE_REPORT, /* of a notice: 公示结果报告 (its objections and how they ended) */
	DOC_SIGNOFF,	   /* of a payment batch: 发放签收表 */
	DOC_CASE_NOTICE_REPORT, /* of a case: the 公示结果报告 of the latest notice listing it */
	DOC_HONOURS,		/* of a commendation round: its honours list (表彰名单) */
};

/* "application", "registration", "notice", "notice_report", "signoff"
 * (the id is a case's, a notice's or a payment batch's); 0 or -1.
 * DOC_HONOURS is rendered over HTTP only (its id a commendation round's). */
int doc_kind_parse(const char *code, enum doc_kind *out);

/* A file name for a download, e.g. 「申请表-张三-12.pdf」. */
#define DOC_NAME_MAX 200

/* Writes document kind of the case (application, registration) or the
 * notice (notice) id to path, all-or-nothing (pdf.h: nothing is left on
 * failure).  EC_NOT_FOUND outside the actor's scope; reveal on another
 * document than the application is EC_INVALID (field "reveal"), by a role
 * without PERM_REVEAL EC_FORBIDDEN.  name (may be NULL) receives the
 * download name. */
int doc_write(struct core *c, const struct actor *a, enum doc_kind kind, int64_t id, int reveal,
	      const char *path, char name[DOC_NAME_MAX], struct bf_err *e);

/* The same into memory (*data malloc'd, the caller frees): written to a
 * file in a temporary directory of its own (mode 0700) under $TMPDIR or
 * /tmp, read back and removed before returning, whatever happens. */
int doc_render(struct core *c, const struct actor *a, enum doc_kind kind, int64_t id, int reveal,
	       void **data, size_t *len, char name[DOC_NAME_MAX], struct bf_err *e);

#endif
