/* fund_docs.h - the fund's documents for people (issue #4, DOMAIN.md §7):
 * the public fund notice posted for members (党务公开) as PDF, drawn like
 * the procedure's printed forms (cairo + pango, CJK font,
 * docs/internals/documents.md), and the postings of a period as an XLSX
 * workbook (libxlsxwriter) for the accountants.  Like pdf.h: the caller
 * fills the data (fund.h), nothing here reads the store;
 * each writer is all-or-nothing (a temporary file renamed over path) and
 * answers 0 or -1 with e. */
#ifndef BANGFU_FUND_DOCS_H
#define BANGFU_FUND_DOCS_H
#include <stddef.h>
#include "fund.h"

/* The chain heads printed on the documents for members and auditors to
 * keep outside the database (docs/internals/ledger.md, "Keys and
 * anchors"): the audit log's and the fund ledger's when the document was
 * made (ledger.seq 0: the fund has no postings). */
struct fund_doc_heads {
	struct chain_anchor audit, ledger;
};

/* 帮扶基金收支情况公示: the period's opening balance, income by source,
 * expense by kind and closing balance, then the issuer and date, and the
 * chain heads in small print.  issuer NULL / "": the organisation's name;
 * issued_on NULL / "": blank. */
int pdf_fund_notice(const struct pay_statement *s, const struct fund_doc_heads *h,
		    const char *issuer, const char *issued_on, const char *path, struct bf_err *e);

/* The postings of s's fund in s's period, one row per line (date, seq,
 * kind, memo, account, debit, credit, case, member, batch reference, the
 * posting's hash) on sheet "凭证明细", and the statement with the chain
 * heads on sheet "收支情况".
 * postings in any order (written oldest first). */
int xlsx_postings(const struct pay_statement *s, const struct fund_doc_heads *h,
		  const struct ledger_posting *postings, size_t n, const char *path,
		  struct bf_err *e);

/* The statement of org_id for [from, to] (pay_statement, the actor's
 * scope) written to path: the public notice when path ends in ".pdf", the
 * postings workbook when it ends in ".xlsx" (every posting of the period,
 * read page by page), else EC_INVALID on field "out"; both with the chain
 * heads, checked first (audit_head_get, ledger_head_get).  issuer /
 * issued_on as pdf_fund_notice. */
int fund_doc_write(struct core *c, const struct actor *a, int64_t org_id, const char *from,
		   const char *to, const char *issuer, const char *issued_on, const char *path,
		   struct bf_err *e);
/* The same into memory (*data malloc'd, caller frees) through a private
 * temporary file; fmt is "pdf" or "xlsx"; name gets a download name
 * ("<fund>收支公示_2024-01-01_2024-12-31.pdf"). */
#define FUND_DOC_NAME_MAX 256
int fund_doc_render(struct core *c, const struct actor *a, int64_t org_id, const char *from,
		    const char *to, const char *fmt, void **data, size_t *len,
		    char name[FUND_DOC_NAME_MAX], struct bf_err *e);

#endif
