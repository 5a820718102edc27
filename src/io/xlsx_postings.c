/* xlsx_postings.c - the postings of a fund for a period as an XLSX
 * workbook (libxlsxwriter) for the accountants who check the fund: one row
 * per line of each posting (oldest first) with debit and credit in yuan,
 * and the period's statement on a second sheet.  Written to a temporary
 * file beside path and renamed, so a failure leaves no half workbook. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include "fund_docs.h"
#include "wrapper.h"

static const struct {
	const char *kind, *label;
} kind_labels[] = {
    {"income", "收入"},
    {"payment", "帮扶发放"},
    {"gift", "走访慰问"},
    {"allocation_out", "向下级拨款"},
    {"allocation_in", "上级拨入"},
    {"loan", "借款发放"},
    {"loan_repayment", "借款还款"},
    {"recovery", "认定追回"},
    {"recovery_repayment", "追回款归还"},
    {"write_off", "追回款核销"},
    {"advance_settle", "垫付结算"},
    {"transfer", "内部转账"},
    {"reversal", "冲正"},
    {"adjustment", "调整"},
};

static const char *kind_label(const char *kind)
{
	for (size_t i = 0; i < sizeof(kind_labels) / sizeof(kind_labels[0]); i++)
		if (!strcmp(kind_labels[i].kind, kind))
			return kind_labels[i].label;
	return kind;
}

static const char *account_name(const char *code)
{
	const struct ledger_chart_row *r = ledger_chart_find(code);
	return r ? r->name : code;
}

static int by_seq(const void *a, const void *b)
{
	const struct ledger_posting *x = *(const struct ledger_posting *const *)a;
	const struct ledger_posting *y = *(const struct ledger_posting *const *)b;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

static void postings_sheet(lxw_workbook *wb, const struct ledger_posting *ps, size_t n,
			   lxw_format *bold, lxw_format *money)
{
	static const char *const head[] = {"记账日期", "凭证号",     "类别",	   "摘要",
					   "科目",     "借方（元）", "贷方（元）", "案件",
					   "党员",     "批次",	     "凭证哈希"};
	lxw_worksheet *ws = workbook_add_worksheet(wb, "凭证明细");
	for (lxw_col_t c = 0; c < sizeof(head) / sizeof(head[0]); c++)
		worksheet_write_string(ws, 0, c, head[c], bold);
	worksheet_set_column(ws, 0, 0, 12, NULL);
	worksheet_set_column(ws, 3, 3, 40, NULL);
	worksheet_set_column(ws, 4, 6, 14, NULL);
	worksheet_freeze_panes(ws, 1, 0);
	const struct ledger_posting **order = xcalloc(n ? n : 1, sizeof(*order));
	for (size_t i = 0; i < n; i++)
		order[i] = &ps[i];
	qsort(order, n, sizeof(*order), by_seq);
	lxw_row_t r = 1;
	for (size_t i = 0; i < n; i++) {
		const struct ledger_posting *p = order[i];
		for (size_t k = 0; k < p->nlines; k++, r++) {
			const struct ledger_line *l = &p->lines[k];
			worksheet_write_string(ws, r, 0, p->value_date, NULL);
			worksheet_write_number(ws, r, 1, (double)p->seq, NULL);
			worksheet_write_string(ws, r, 2, kind_label(p->kind), NULL);
			worksheet_write_string(ws, r, 3, p->memo, NULL);
			worksheet_write_string(ws, r, 4, account_name(l->account), NULL);
			worksheet_write_number(
			    ws, r, l->amount > 0 ? 5 : 6,
			    (double)(l->amount > 0 ? l->amount : -l->amount) / 100.0, money);
			if (p->case_id)
				worksheet_write_number(ws, r, 7, (double)p->case_id, NULL);
			if (p->member_id)
				worksheet_write_number(ws, r, 8, (double)p->member_id, NULL);
			worksheet_write_string(ws, r, 9, p->batch_ref, NULL);
			worksheet_write_string(ws, r, 10, p->hash, NULL);
		}
	}
	free(order);
}

/* The chain heads under the statement (as on the PDF notice). */
static void heads_rows(lxw_worksheet *ws, lxw_row_t r, const struct pay_statement *s,
		       const struct fund_doc_heads *h, lxw_format *bold)
{
	char t[128];
	worksheet_write_string(ws, r, 0, "审计日志链头", bold);
	snprintf(t, sizeof(t), "%" PRId64 ":%s", h->audit.seq, h->audit.hash);
	worksheet_write_string(ws, r++, 1, t, NULL);
	if (!h->ledger.seq)
		return;
	snprintf(t, sizeof(t), "基金 %" PRId64 " 账簿链头", s->fund_id);
	worksheet_write_string(ws, r, 0, t, bold);
	snprintf(t, sizeof(t), "%" PRId64 ":%s", h->ledger.seq, h->ledger.hash);
	worksheet_write_string(ws, r, 1, t, NULL);
}

static void statement_sheet(lxw_workbook *wb, const struct pay_statement *s,
			    const struct fund_doc_heads *h, lxw_format *bold, lxw_format *money)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, "收支情况");
	char title[400];
	snprintf(title, sizeof(title), "%s %s 至 %s 收支情况", s->fund_name, s->from, s->to);
	worksheet_set_column(ws, 0, 0, 30, NULL);
	worksheet_set_column(ws, 1, 1, 16, NULL);
	worksheet_write_string(ws, 0, 0, title, bold);
	lxw_row_t r = 2;
	worksheet_write_string(ws, r, 0, "期初余额", bold);
	worksheet_write_number(ws, r++, 1, (double)s->opening / 100.0, money);
	worksheet_write_string(ws, r, 0, "本期收入合计", bold);
	worksheet_write_number(ws, r++, 1, (double)s->income_total / 100.0, money);
	for (size_t i = 0; i < s->nincome; i++, r++) {
		worksheet_write_string(ws, r, 0, s->income[i].name, NULL);
		worksheet_write_number(ws, r, 1, (double)s->income[i].amount / 100.0, money);
	}
	worksheet_write_string(ws, r, 0, "本期支出合计", bold);
	worksheet_write_number(ws, r++, 1, (double)s->expense_total / 100.0, money);
	for (size_t i = 0; i < s->nexpense; i++, r++) {
		worksheet_write_string(ws, r, 0, s->expense[i].name, NULL);
		worksheet_write_number(ws, r, 1, (double)s->expense[i].amount / 100.0, money);
	}
	worksheet_write_string(ws, r, 0, "期末余额", bold);
	worksheet_write_number(ws, r, 1, (double)s->closing / 100.0, money);
	heads_rows(ws, r + 2, s, h, bold);
}

int xlsx_postings(const struct pay_statement *s, const struct fund_doc_heads *h,
		  const struct ledger_posting *postings, size_t n, const char *path,
		  struct bf_err *e)
{
	char tmp[4096];
	if (snprintf(tmp, sizeof(tmp), "%s.tmp-%d", path, (int)getpid()) >= (int)sizeof(tmp))
		return err_set(e, EC_INVALID, "out", "输出路径过长");
	lxw_workbook *wb = workbook_new(tmp);
	if (!wb)
		return err_set(e, EC_INVALID, "out", "无法写入文件 %s", path);
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	lxw_format *money = workbook_add_format(wb);
	format_set_num_format(money, "#,##0.00");
	postings_sheet(wb, postings, n, bold, money);
	statement_sheet(wb, s, h, bold, money);
	lxw_error rc = workbook_close(wb);
	if (rc != LXW_NO_ERROR) {
		unlink(tmp);
		return err_set(e, EC_INVALID, "out", "无法写入文件 %s（%s）", path,
			       lxw_strerror(rc));
	}
	if (rename(tmp, path)) {
		unlink(tmp);
		return err_set(e, EC_INVALID, "out", "无法写入文件 %s", path);
	}
	return 0;
}
