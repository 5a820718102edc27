/* pdf_fund.c - the public fund notice (帮扶基金收支情况公示, DOMAIN.md §7:
 * the fund's income and expense published to members): a preamble naming
 * the fund and the period, a table of the opening balance, income by
 * source, expense by kind and the closing balance in yuan, an invitation
 * to ask, the issuer and the date.  Drawn by the layout engine of the
 * procedure's forms (pdf_layout.c), so fonts and page breaks are theirs. */
#include <inttypes.h>
#include <stdio.h>
#include "fund_docs.h"
#include "money.h"
#include "pdf.h"
#include "pdf_layout.h"
#include "strbuf.h"

#define W      PL_WIDTH
#define COL    330.0 /* where the amount column starts */
#define INDENT 28.0

struct fund_ctx {
	const struct pay_statement *s;
	const struct fund_doc_heads *h;
	const char *issuer, *issued_on;
};

static void header_row(struct pl_doc *d, const void *ctx)
{
	(void)ctx;
	struct pl_cell h[] = {
	    {0, COL, "项　　目", PL_CELL_LABEL, PL_LABEL, PANGO_ALIGN_CENTER, NULL},
	    {COL, W, "金额（元）", PL_CELL_LABEL, PL_LABEL, PANGO_ALIGN_CENTER, NULL},
	};
	pl_row(d, h, 2, 28, 0);
}

static void row(struct pl_doc *d, const char *label, int64_t fen, int strong)
{
	char amount[MONEY_TEXT_MAX];
	money_format_amount(fen, amount);
	struct pl_cell r[] = {
	    {0, COL, label, PL_CELL_VALUE, strong ? PL_LABEL : PL_TEXT, PANGO_ALIGN_LEFT, NULL},
	    {COL, W, amount, PL_CELL_VALUE, strong ? PL_LABEL : PL_TEXT, PANGO_ALIGN_RIGHT, NULL},
	};
	pl_row(d, r, 2, 24, 0);
}

static void rows(struct pl_doc *d, const struct pay_stmt_row *rs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char label[96];
		snprintf(label, sizeof(label), "　　%s", rs[i].name);
		row(d, label, rs[i].amount, 0);
	}
}

/* The chain heads in small print: whoever keeps this notice can later
 * check that no record before them was removed or rewritten. */
static void heads(struct pl_doc *d, const struct pay_statement *s, const struct fund_doc_heads *h)
{
	struct strbuf t = STRBUF_INIT;
	strbuf_addf(&t,
		    "防篡改校验（本公示生成时的链头，请与公示一并留存）：审计日志 %" PRId64 ":%s",
		    h->audit.seq, h->audit.hash);
	if (h->ledger.seq)
		strbuf_addf(&t, "；基金 %" PRId64 " 账簿 %" PRId64 ":%s", s->fund_id, h->ledger.seq,
			    h->ledger.hash);
	strbuf_adds(&t, "。核对：bangfu audit verify --head 审计日志链头；bangfu ledger verify "
			"--fund 基金编号 --head 账簿链头。");
	pl_space(d, 24);
	pl_para(d, t.buf, PL_SMALL, PANGO_ALIGN_LEFT, 0, 0);
	strbuf_release(&t);
}

static void fund_render(struct pl_doc *d, const void *ctx)
{
	const struct fund_ctx *c = ctx;
	const struct pay_statement *s = c->s;
	char from[PDF_TEXT_MAX], to[PDF_TEXT_MAX], day[PDF_TEXT_MAX];
	pdf_day(s->from, from);
	pdf_day(s->to, to);
	struct strbuf pre = STRBUF_INIT;
	strbuf_addf(&pre, "按照党务公开的要求，现将%s%s至%s的收支情况公示如下：", s->fund_name,
		    from, to);
	pl_para(d, "帮扶基金收支情况公示", PL_TITLE, PANGO_ALIGN_CENTER, 0, 0);
	pl_space(d, 14);
	pl_para(d, pre.buf, PL_BODY, PANGO_ALIGN_LEFT, INDENT, 1);
	pl_space(d, 10);
	strbuf_release(&pre);
	pl_table_begin(d, header_row, c);
	row(d, "期初余额", s->opening, 1);
	row(d, "一、本期收入合计", s->income_total, 1);
	rows(d, s->income, s->nincome);
	row(d, "二、本期支出合计", s->expense_total, 1);
	rows(d, s->expense, s->nexpense);
	row(d, "期末余额", s->closing, 1);
	pl_table_end(d);
	pl_space(d, 16);
	pl_para(d,
		"期末余额＝期初余额＋本期收入－本期支出。"
		"基金专款专用，帮扶资金发放均由党员本人签收。"
		"党员对公示内容如有疑问，可向本组织反映。",
		PL_BODY, PANGO_ALIGN_LEFT, INDENT, 1);
	pl_space(d, 36);
	pl_para(d, c->issuer && c->issuer[0] ? c->issuer : s->org_name, PL_BODY, PANGO_ALIGN_RIGHT,
		0, 0);
	pdf_day(c->issued_on, day);
	pl_para(d, day, PL_BODY, PANGO_ALIGN_RIGHT, 0, 0);
	heads(d, s, c->h);
}

int pdf_fund_notice(const struct pay_statement *s, const struct fund_doc_heads *h,
		    const char *issuer, const char *issued_on, const char *path, struct bf_err *e)
{
	struct fund_ctx c = {.s = s, .h = h, .issuer = issuer, .issued_on = issued_on};
	return pl_write(path, "帮扶基金收支情况公示", fund_render, &c, e);
}
