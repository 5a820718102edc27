/* pdf_notice.c - the public notice (公示, seeds/004 附件3): the seed's
 * preamble with the village or branch filled in, the list of members over
 * as many pages as it needs (the header row repeated on each), the period
 * in working days, the receiving office with its phone, the issuer. */
#include <stdio.h>
#include "money.h"
#include "pdf.h"
#include "pdf_layout.h"
#include "strbuf.h"

#define W	   PL_WIDTH
#define AMOUNT_X   (W - 72) /* the amount column, when there is one */
#define INDENT	   28.0	    /* two characters of PL_BODY */
#define BLANK_ROWS 4	    /* the seed's empty lines, when nobody is listed */
#define SEED_BASIS "区委组织部《关于建立阳光民生困难党员帮扶工作机制的意见》"
#define SEED_STEPS "个人申请，党支部、党（工）委把关审核，区委组织部复核"
#define SEED_HANDLING                                                                                                     \
	"可通过电话、来信、面谈等方式反映情况，我们将认真受理。反映情况要实事求是，" \
	"对事实不清或没有线索的，将不予受理；故意捏造事实、诽谤中伤的，将严肃追查处理。"

struct notice_ctx {
	const struct pdf_notice *n;
	int amounts; /* some row has an amount: the column shows */
};

static struct pl_cell cell(double x0, double x1, const char *text, PangoAlignment align)
{
	return (struct pl_cell){x0, x1, text, PL_CELL_VALUE, PL_TEXT, align, NULL};
}

/* Column edges: 序号, 姓名, 性别, 出生年月, 入党时间, 困难原因[, 拟帮扶金额]. */
static const double col[] = {0, 34, 94, 130, 204, 278};

static double cause_end(const struct notice_ctx *c)
{
	return c->amounts ? AMOUNT_X : W;
}

static void header_row(struct pl_doc *d, const void *ctx)
{
	const struct notice_ctx *c = ctx;
	struct pl_cell h[] = {
	    {col[0], col[1], "序号", PL_CELL_LABEL, PL_LABEL, PANGO_ALIGN_CENTER, NULL},
	    {col[1], col[2], "姓名", PL_CELL_LABEL, PL_LABEL, PANGO_ALIGN_CENTER, NULL},
	    {col[2], col[3], "性别", PL_CELL_LABEL, PL_LABEL, PANGO_ALIGN_CENTER, NULL},
	    {col[3], col[4], "出生年月", PL_CELL_LABEL, PL_LABEL, PANGO_ALIGN_CENTER, NULL},
	    {col[4], col[5], "入党时间", PL_CELL_LABEL, PL_LABEL, PANGO_ALIGN_CENTER, NULL},
	    {col[5], cause_end(c),
	     c->n->kind == PDF_COMMENDATION ? "拟表彰类别及主要事迹" : "困 难 原 因", PL_CELL_LABEL,
	     PL_LABEL, PANGO_ALIGN_CENTER, NULL},
	    {AMOUNT_X, W, c->n->kind == PDF_EMERGENCY ? "拟救助金额\n（元）" : "拟帮扶金额\n（元）",
	     PL_CELL_LABEL, PL_LABELS, PANGO_ALIGN_CENTER, NULL},
	};
	pl_row(d, h, c->amounts ? 7 : 6, 30, 0);
}

static void list_row(struct pl_doc *d, const struct notice_ctx *c, size_t i)
{
	const struct pdf_notice_row *r = &c->n->rows[i];
	char no[24], birth[PDF_TEXT_MAX], joined[PDF_TEXT_MAX], amount[MONEY_TEXT_MAX] = "";
	snprintf(no, sizeof(no), "%zu", i + 1);
	pdf_month(r->birth_date, birth);
	pdf_month(r->joined_on, joined);
	if (r->amount_fen > 0)
		money_format_amount(r->amount_fen, amount);
	struct pl_cell row[] = {
	    cell(col[0], col[1], no, PANGO_ALIGN_CENTER),
	    cell(col[1], col[2], pdf_str(r->name), PANGO_ALIGN_CENTER),
	    cell(col[2], col[3], pdf_str(r->gender), PANGO_ALIGN_CENTER),
	    cell(col[3], col[4], birth, PANGO_ALIGN_CENTER),
	    cell(col[4], col[5], joined, PANGO_ALIGN_CENTER),
	    cell(col[5], cause_end(c), pdf_str(r->cause), PANGO_ALIGN_LEFT),
	    cell(AMOUNT_X, W, amount, PANGO_ALIGN_RIGHT),
	};
	pl_row(d, row, c->amounts ? 7 : 6, 24, 0);
}

static void blank_row(struct pl_doc *d, const struct notice_ctx *c)
{
	struct pl_cell row[7];
	for (int i = 0; i < 6; i++)
		row[i] = cell(col[i], i < 5 ? col[i + 1] : cause_end(c), "", PANGO_ALIGN_LEFT);
	row[6] = cell(AMOUNT_X, W, "", PANGO_ALIGN_LEFT);
	pl_row(d, row, c->amounts ? 7 : 6, 24, 0);
}

/* s, or room to write it in by hand. */
static const char *or_blank(const char *s)
{
	return s && s[0] ? s : "　　　　　　";
}

/* "根据…，经…，现将东风村生活困难党员拟帮扶名单公示如下：" */
static void preamble(struct strbuf *sb, const struct pdf_notice *n)
{
	const char *basis = n->basis ? n->basis : SEED_BASIS;
	const char *steps = n->procedure ? n->procedure : SEED_STEPS;
	if (basis[0])
		strbuf_addf(sb, "根据%s，", basis);
	if (steps[0])
		strbuf_addf(sb, "经%s，", steps);
	if (n->kind == PDF_COMMENDATION) {
		/* "现将{round title}拟表彰对象名单公示如下：" */
		strbuf_addf(sb, "现将%s拟表彰对象名单公示如下：", pdf_str(n->org_name));
		return;
	}
	/* the seed's own words when the village is not known */
	strbuf_addf(sb, "现将%s%s党员%s名单公示如下：",
		    n->org_name && n->org_name[0] ? n->org_name : "你村",
		    n->kind == PDF_EMERGENCY ? "遭受突发事故" : "生活困难",
		    n->kind == PDF_EMERGENCY ? "拟救助" : "拟帮扶");
}

/* The period, the office and its phone, the seed's rules for reports. */
static void closing(struct strbuf *period, struct strbuf *office, const struct pdf_notice *n)
{
	char from[PDF_TEXT_MAX], to[PDF_TEXT_MAX];
	pdf_day(n->starts_on, from);
	pdf_day(n->ends_on, to);
	strbuf_addf(period, "公示期：%s至%s", from, to);
	if (n->working_days > 0)
		strbuf_addf(period, "（%d个工作日）", n->working_days);
	strbuf_adds(period, "。");
	strbuf_addf(office, "公示期间如有异议，请向%s反映，电话：%s。", or_blank(n->office),
		    or_blank(n->office_phone));
}

#define KEEP_ROWS  2	/* list rows that go with the closing text to its page */
#define STAMP_ROOM 36.0 /* above the issuer, for the stamp */

struct closing {
	struct strbuf period, office;
	char day[PDF_TEXT_MAX];
	double height; /* of everything after the list */
};

static void closing_init(struct pl_doc *d, struct closing *cl, const struct pdf_notice *n)
{
	strbuf_init(&cl->period);
	strbuf_init(&cl->office);
	closing(&cl->period, &cl->office, n);
	pdf_day(n->issued_on, cl->day);
	double w = pl_width(d) - INDENT;
	cl->height = 16 + pl_text_height(d, cl->period.buf, PL_BODY, w) +
		     pl_text_height(d, cl->office.buf, PL_BODY, w) +
		     pl_text_height(d, SEED_HANDLING, PL_BODY, w) + STAMP_ROOM +
		     2 * pl_text_height(d, cl->day, PL_BODY, pl_width(d));
}

static void closing_draw(struct pl_doc *d, struct closing *cl, const struct pdf_notice *n)
{
	pl_space(d, 16);
	pl_para(d, cl->period.buf, PL_BODY, PANGO_ALIGN_LEFT, INDENT, 1);
	pl_para(d, cl->office.buf, PL_BODY, PANGO_ALIGN_LEFT, INDENT, 1);
	pl_para(d, SEED_HANDLING, PL_BODY, PANGO_ALIGN_LEFT, INDENT, 1);
	pl_space(d, STAMP_ROOM);
	pl_para(d, pdf_str(n->issuer), PL_BODY, PANGO_ALIGN_RIGHT, 0, 0);
	pl_para(d, cl->day, PL_BODY, PANGO_ALIGN_RIGHT, 0, 0);
	strbuf_release(&cl->period);
	strbuf_release(&cl->office);
}

/* The last rows of the list go to the next page with the closing text
 * rather than leave it alone on a page of its own. */
static void keep_with_closing(struct pl_doc *d, const struct notice_ctx *c, size_t i,
			      double closing_h)
{
	size_t n = c->n->nrows > BLANK_ROWS ? c->n->nrows : BLANK_ROWS;
	if (i + KEEP_ROWS != n)
		return;
	double rows = 0;
	for (size_t j = i; j < n; j++)
		rows += j < c->n->nrows ? 8 + pl_text_height(d, c->n->rows[j].cause, PL_TEXT,
							     cause_end(c) - col[5] - 10)
					: 24;
	pl_keep(d, rows + closing_h);
}

static void notice_render(struct pl_doc *d, const void *ctx)
{
	const struct notice_ctx *c = ctx;
	struct strbuf pre = STRBUF_INIT;
	preamble(&pre, c->n);
	pl_para(d, "公　　示", PL_TITLE, PANGO_ALIGN_CENTER, 0, 0);
	pl_space(d, 14);
	pl_para(d, pre.buf, PL_BODY, PANGO_ALIGN_LEFT, INDENT, 1);
	pl_space(d, 10);
	strbuf_release(&pre);
	struct closing cl;
	closing_init(d, &cl, c->n);
	pl_table_begin(d, header_row, c);
	for (size_t i = 0; i < c->n->nrows || i < BLANK_ROWS; i++) {
		keep_with_closing(d, c, i, cl.height);
		if (i < c->n->nrows)
			list_row(d, c, i);
		else
			blank_row(d, c);
	}
	pl_table_end(d);
	closing_draw(d, &cl, c->n);
}

int pdf_notice(const struct pdf_notice *n, const char *path, struct bf_err *e)
{
	if (n->kind != PDF_YEARLY && n->kind != PDF_EMERGENCY && n->kind != PDF_COMMENDATION)
		return err_set(e, EC_INVALID, "kind",
			       "公示类别应为生活困难帮扶、突发事故救助或表彰");
	if (n->nrows && !n->rows)
		BUG("pdf_notice: %zu rows without rows", n->nrows);
	struct notice_ctx c = {.n = n};
	for (size_t i = 0; i < n->nrows; i++) {
		char capital[PDF_CAPITAL_MAX];
		if (n->rows[i].amount_fen < 0 ||
		    pdf_amount_capital(n->rows[i].amount_fen, capital) != 0)
			return err_set(e, EC_INVALID, "amount_fen",
				       "第 %zu 行（%s）的拟帮扶金额不能为负数，也不能达到一万亿元",
				       i + 1, pdf_str(n->rows[i].name));
		c.amounts |= n->rows[i].amount_fen > 0;
	}
	return pl_write(path, "公示", notice_render, &c, e);
}
