/* fund_docs.c - the fund's documents from the store: computes the
 * statement (fund.h), reads the period's postings for the workbook,
 * and writes the PDF notice or the XLSX to a path (the command line) or
 * into memory through a private temporary file (the HTTP download). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fund_docs.h"
#include "render.h"
#include "wrapper.h"

static int ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), k = strlen(tail);
	return n >= k && !strcmp(s + n - k, tail);
}

/* Every posting of s's fund in s's period (pages of 500). */
static int read_postings(struct core *c, const struct actor *a, const struct pay_statement *s,
			 struct ledger_posting **all, size_t *nall, struct bf_err *e)
{
	struct ledger_query q;
	memset(&q, 0, sizeof(q));
	q.fund_id = s->fund_id;
	snprintf(q.from, sizeof(q.from), "%s", s->from);
	snprintf(q.to, sizeof(q.to), "%s", s->to);
	q.size = 500;
	*all = NULL;
	*nall = 0;
	if (!s->fund_id) /* the organisation has no fund yet: no postings */
		return 0;
	for (q.page = 1;; q.page++) {
		struct ledger_posting *items = NULL;
		size_t n = 0;
		int64_t total = 0;
		if (ledger_postings(c, a, &q, &items, &n, &total, e)) {
			ledger_postings_free(*all, *nall);
			*all = NULL;
			*nall = 0;
			return -1;
		}
		struct ledger_posting *grown = xreallocarray(*all, *nall + n + 1, sizeof(**all));
		*all = grown;
		memcpy(*all + *nall, items, n * sizeof(*items));
		*nall += n;
		free(items); /* the lines now belong to *all */
		if (n == 0 || (int64_t)*nall >= total)
			return 0;
	}
}

int fund_doc_write(struct core *c, const struct actor *a, int64_t org_id, const char *from,
		   const char *to, const char *issuer, const char *issued_on, const char *path,
		   struct bf_err *e)
{
	int pdf = ends_with(path, ".pdf"), xlsx = ends_with(path, ".xlsx");
	if (!pdf && !xlsx)
		return err_set(e, EC_INVALID, "out", "输出文件须以 .pdf 或 .xlsx 结尾");
	struct pay_statement *s = xmalloc(sizeof(*s));
	struct fund_doc_heads h;
	memset(&h, 0, sizeof(h));
	int rc = pay_statement(c, a, org_id, from, to, s, e);
	if (!rc)
		rc = audit_head_get(c->db, &h.audit, e);
	if (!rc && s->fund_id)
		rc = ledger_head_get(c->db, s->fund_id, &h.ledger, e);
	if (!rc && pdf)
		rc = pdf_fund_notice(s, &h, issuer, issued_on, path, e);
	if (!rc && xlsx) {
		struct ledger_posting *ps = NULL;
		size_t n = 0;
		rc = read_postings(c, a, s, &ps, &n, e);
		if (!rc)
			rc = xlsx_postings(s, &h, ps, n, path, e);
		ledger_postings_free(ps, n);
	}
	free(s);
	return rc;
}

struct fund_job {
	struct core *c;
	const struct actor *a;
	int64_t org_id;
	const char *from, *to;
};

static int fund_job_write(const char *path, void *ctx, struct bf_err *e)
{
	struct fund_job *j = ctx;
	return fund_doc_write(j->c, j->a, j->org_id, j->from, j->to, NULL, NULL, path, e);
}

int fund_doc_render(struct core *c, const struct actor *a, int64_t org_id, const char *from,
		    const char *to, const char *fmt, void **data, size_t *len,
		    char name[FUND_DOC_NAME_MAX], struct bf_err *e)
{
	char file[16];
	int pdf = !strcmp(fmt, "pdf");
	if (!pdf && strcmp(fmt, "xlsx"))
		return err_set(e, EC_INVALID, "format", "格式只能是 pdf 或 xlsx");
	snprintf(file, sizeof(file), "fund.%s", fmt);
	struct fund_job j = {c, a, org_id, from, to};
	int rc = io_render(file, fund_job_write, &j, data, len, e);
	if (!rc)
		snprintf(name, FUND_DOC_NAME_MAX, "%s_%s_%s.%s",
			 pdf ? "帮扶基金收支公示" : "帮扶基金凭证明细", from, to, fmt);
	return rc;
}
