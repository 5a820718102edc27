/* statements.c - /api/v1/statements: the fund statement of an
 * organisation for a period (opening, income by source, expense by kind,
 * closing), as JSON for the console, as the public fund notice in PDF
 * (党务公开) and the period's postings as XLSX. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fund.h"
#include "fund_docs.h"
#include "payments_http.h"

static json_t *rows_json(const struct pay_stmt_row *rows, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:o, s:I}", "account", rows[i].code,
						   "name", jstr(rows[i].name), "amount_fen",
						   (json_int_t)rows[i].amount));
	return a;
}

/* Reads org, from, to and computes the statement; replies on failure. */
static int stmt_from_query(struct req *r, struct pay_statement *s)
{
	int64_t org;
	struct bf_err e;
	char from[11], to[11];
	if (req_id_arg(r, "org", &org) || req_date_arg(r, "from", "起始日期", from) ||
	    req_date_arg(r, "to", "截止日期", to))
		return -1;
	if (pay_statement(&r->core, &r->actor, org, from[0] ? from : NULL, to[0] ? to : NULL, s,
			  &e)) {
		reply_error(r, &e);
		return -1;
	}
	return 0;
}

void h_statement(struct req *r)
{
	struct pay_statement s;
	if (stmt_from_query(r, &s))
		return;
	json_t *j = json_object();
	json_object_set_new(j, "org_id", json_integer(s.org_id));
	json_object_set_new(j, "org_name", jstr(s.org_name));
	json_object_set_new(j, "fund_id", json_integer(s.fund_id));
	json_object_set_new(j, "fund_name", jstr(s.fund_name));
	json_object_set_new(j, "from", jstr(s.from));
	json_object_set_new(j, "to", jstr(s.to));
	json_object_set_new(j, "opening_fen", json_integer(s.opening));
	json_object_set_new(j, "income", rows_json(s.income, s.nincome));
	json_object_set_new(j, "income_total_fen", json_integer(s.income_total));
	json_object_set_new(j, "expense", rows_json(s.expense, s.nexpense));
	json_object_set_new(j, "expense_total_fen", json_integer(s.expense_total));
	json_object_set_new(j, "closing_fen", json_integer(s.closing));
	json_object_set_new(j, "postings", json_integer(s.postings));
	reply_json(r, 200, j);
}

static void reply_doc(struct req *r, const char *fmt, const char *ctype)
{
	int64_t org;
	void *data = NULL;
	size_t len = 0;
	char name[FUND_DOC_NAME_MAX];
	struct bf_err e;
	char from[11], to[11];
	if (req_id_arg(r, "org", &org) || req_date_arg(r, "from", "起始日期", from) ||
	    req_date_arg(r, "to", "截止日期", to))
		return;
	if (fund_doc_render(&r->core, &r->actor, org, from[0] ? from : NULL, to[0] ? to : NULL, fmt,
			    &data, &len, name, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_disposition(r, name, !strcmp(fmt, "pdf"));
	reply_bytes(r, 200, data, len, ctype);
}

void h_statement_pdf(struct req *r)
{
	reply_doc(r, "pdf", "application/pdf");
}

void h_statement_xlsx(struct req *r)
{
	reply_doc(r, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}
