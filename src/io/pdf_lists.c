/* pdf_lists.c - the papers that are a list under a heading: the notice's
 * result report (公示结果报告, the fifth item of the dossier, §3 step 7),
 * the sign-off sheet of a payment (发放签收表, §3 step 11), the honours
 * list (表彰名单) and a member's file (一人一档, issue #12).
 * Each is a title, a few paragraphs, tables whose header row repeats on
 * every page, and the place for stamps and signatures. */
#include <stdio.h>
#include <string.h>
#include "money.h"
#include "pdf.h"
#include "pdf_layout.h"
#include "strbuf.h"
#include "wrapper.h"

#define W	  PL_WIDTH
#define INDENT	  28.0 /* two characters of PL_BODY */
#define MAX_COLS  8
#define BLANK_TXT "　　　　　　"

/* A column: its right edge (the left is the previous column's right) and
 * its heading. */
struct list_col {
	double x1;
	const char *head;
	PangoAlignment align;
};

/* A table of nrows rows of ncols texts (cells[row * ncols + col]); at
 * least min_rows lines are drawn, blank ones to fill in by hand. */
struct list_table {
	const struct list_col *cols;
	size_t ncols;
	const char *const *cells;
	size_t nrows, min_rows;
	double row_h;
};

/* The texts of a table being filled: the cell pointers, and per row a
 * number and one formatted text (an amount, a day). */
struct list_buf {
	const char **cells;
	char (*no)[24];
	char (*text)[PDF_TEXT_MAX];
};

static void buf_init(struct list_buf *b, size_t nrows, size_t ncols)
{
	b->cells = xcalloc(nrows * ncols + 1, sizeof(*b->cells));
	b->no = xcalloc(nrows + 1, sizeof(*b->no));
	b->text = xcalloc(nrows + 1, sizeof(*b->text));
	for (size_t i = 0; i < nrows; i++)
		snprintf(b->no[i], sizeof(b->no[i]), "%zu", i + 1);
}

static void buf_release(struct list_buf *b)
{
	free(b->cells);
	free(b->no);
	free(b->text);
}

static void list_header(struct pl_doc *d, const void *ctx)
{
	const struct list_table *t = ctx;
	struct pl_cell h[MAX_COLS];
	for (size_t i = 0; i < t->ncols; i++)
		h[i] = (struct pl_cell){i ? t->cols[i - 1].x1 : 0,
					t->cols[i].x1,
					t->cols[i].head,
					PL_CELL_LABEL,
					PL_LABELS,
					PANGO_ALIGN_CENTER,
					NULL};
	pl_row(d, h, t->ncols, 28, 0);
}

static void list_draw(struct pl_doc *d, const struct list_table *t)
{
	size_t n = t->nrows > t->min_rows ? t->nrows : t->min_rows;
	pl_table_begin(d, list_header, t);
	for (size_t r = 0; r < n; r++) {
		struct pl_cell row[MAX_COLS];
		for (size_t i = 0; i < t->ncols; i++)
			row[i] = (struct pl_cell){i ? t->cols[i - 1].x1 : 0,
						  t->cols[i].x1,
						  r < t->nrows ? pdf_str(t->cells[r * t->ncols + i])
							       : "",
						  PL_CELL_VALUE,
						  PL_TEXT,
						  t->cols[i].align,
						  NULL};
		pl_row(d, row, t->ncols, t->row_h, 1);
	}
}

/* The stamp's place and the date, bottom right. */
static void stamp_block(struct pl_doc *d, const char *org, const char *date)
{
	struct strbuf sb = STRBUF_INIT;
	char day[PDF_TEXT_MAX];
	pdf_day(date, day);
	strbuf_addf(&sb, "%s（盖章）", pdf_str(org));
	pl_space(d, 30);
	pl_para(d, sb.buf, PL_BODY, PANGO_ALIGN_RIGHT, 0, 0);
	pl_para(d, day[0] ? day : "　　年　　月　　日", PL_BODY, PANGO_ALIGN_RIGHT, 0, 0);
	strbuf_release(&sb);
}

/* --- 公示结果报告 --- */

static const struct list_col report_cols[] = {
    {34, "序号", PANGO_ALIGN_CENTER},  {110, "姓名", PANGO_ALIGN_CENTER},
    {150, "性别", PANGO_ALIGN_CENTER}, {260, "拟帮扶金额（元）", PANGO_ALIGN_RIGHT},
    {W, "公示结果", PANGO_ALIGN_LEFT},
};
#define REPORT_COLS (sizeof(report_cols) / sizeof(report_cols[0]))

static const struct list_col objection_cols[] = {
    {30, "序号", PANGO_ALIGN_CENTER},	     {96, "收到日期", PANGO_ALIGN_CENTER},
    {130, "方式", PANGO_ALIGN_CENTER},	     {186, "涉及对象", PANGO_ALIGN_CENTER},
    {316, "反映问题", PANGO_ALIGN_LEFT},     {380, "处理结果", PANGO_ALIGN_CENTER},
    {W, "核实及处理情况", PANGO_ALIGN_LEFT},
};
#define OBJECTION_COLS (sizeof(objection_cols) / sizeof(objection_cols[0]))

/* "我支部于…至…（5个工作日）对 3 名…进行了公示，…" */
static void report_opening(struct strbuf *sb, const struct pdf_notice_report *r)
{
	char from[PDF_TEXT_MAX], to[PDF_TEXT_MAX];
	pdf_day(r->starts_on, from);
	pdf_day(r->ends_on, to);
	strbuf_addf(sb, "%s于%s至%s", pdf_str(r->org_name), from, to);
	if (r->working_days > 0)
		strbuf_addf(sb, "（%d个工作日）", r->working_days);
	strbuf_addf(sb, "对%zu名%s进行了公示，公示期间由%s受理异议和举报（电话：%s）。", r->nrows,
		    r->kind == PDF_EMERGENCY ? "遭受突发事故党员拟救助对象"
					     : "生活困难党员拟帮扶对象",
		    r->office && r->office[0] ? r->office : BLANK_TXT,
		    r->office_phone && r->office_phone[0] ? r->office_phone : BLANK_TXT);
}

/* The objections in figures: received, handled, founded or not, open. */
static void report_objections(struct strbuf *sb, const struct pdf_notice_report *r)
{
	size_t open = 0, unfounded = 0;
	for (size_t i = 0; i < r->nobjections; i++) {
		const char *o = pdf_str(r->objections[i].outcome);
		open += !o[0];
		unfounded += !strcmp(o, "异议不成立");
	}
	if (!r->nobjections) {
		strbuf_adds(sb, "公示期间，未收到异议和举报。");
		return;
	}
	strbuf_addf(sb,
		    "公示期间，共收到异议（举报）%zu件，已核实处理%zu件，其中反映问题不成立%zu件、"
		    "成立%zu件",
		    r->nobjections, r->nobjections - open, unfounded,
		    r->nobjections - open - unfounded);
	if (open)
		strbuf_addf(sb, "，尚有%zu件正在核实处理", open);
	strbuf_adds(sb, "。受理及处理情况见下表。");
}

static void report_cases(struct pl_doc *d, const struct pdf_notice_report *r)
{
	struct list_buf b;
	buf_init(&b, r->nrows, REPORT_COLS);
	for (size_t i = 0; i < r->nrows; i++) {
		const struct pdf_report_row *x = &r->rows[i];
		if (x->amount_fen > 0)
			money_format_amount(x->amount_fen, b.text[i]);
		const char *row[] = {b.no[i], x->name, x->gender, b.text[i], x->result};
		memcpy(&b.cells[i * REPORT_COLS], row, sizeof(row));
	}
	struct list_table t = {report_cols, REPORT_COLS, b.cells, r->nrows, 1, 26};
	list_draw(d, &t);
	pl_table_end(d);
	buf_release(&b);
}

static void report_objection_list(struct pl_doc *d, const struct pdf_notice_report *r)
{
	struct list_buf b;
	pl_space(d, 12);
	pl_para(d, "异议（举报）受理及处理情况", PL_LABEL, PANGO_ALIGN_LEFT, 0, 0);
	pl_space(d, 4);
	buf_init(&b, r->nobjections, OBJECTION_COLS);
	for (size_t i = 0; i < r->nobjections; i++) {
		const struct pdf_objection_row *o = &r->objections[i];
		pdf_day(o->received_on, b.text[i]);
		const char *row[] = {
		    b.no[i],  b.text[i],  o->channel,
		    o->about, o->content, o->outcome && o->outcome[0] ? o->outcome : "正在核实处理",
		    o->reason};
		memcpy(&b.cells[i * OBJECTION_COLS], row, sizeof(row));
	}
	struct list_table t = {objection_cols, OBJECTION_COLS, b.cells, r->nobjections, 0, 26};
	list_draw(d, &t);
	pl_table_end(d);
	buf_release(&b);
}

static void report_render(struct pl_doc *d, const void *ctx)
{
	const struct pdf_notice_report *r = ctx;
	struct strbuf p1 = STRBUF_INIT, p2 = STRBUF_INIT, to = STRBUF_INIT;
	report_opening(&p1, r);
	report_objections(&p2, r);
	pl_para(d, "公示结果报告", PL_TITLE, PANGO_ALIGN_CENTER, 0, 0);
	pl_space(d, 14);
	if (r->addressee && r->addressee[0]) {
		strbuf_addf(&to, "%s：", r->addressee);
		pl_para(d, to.buf, PL_BODY, PANGO_ALIGN_LEFT, 0, 0);
	}
	pl_para(d, p1.buf, PL_BODY, PANGO_ALIGN_LEFT, INDENT, 1);
	pl_para(d, p2.buf, PL_BODY, PANGO_ALIGN_LEFT, INDENT, 1);
	pl_para(d, r->closed ? "公示期满，公示结果如下：" : "公示尚未结束，截至目前情况如下：",
		PL_BODY, PANGO_ALIGN_LEFT, INDENT, 1);
	pl_space(d, 6);
	report_cases(d, r);
	if (r->nobjections)
		report_objection_list(d, r);
	pl_space(d, 10);
	pl_para(d, "特此报告。", PL_BODY, PANGO_ALIGN_LEFT, INDENT, 0);
	stamp_block(d, r->org_name, r->issued_on);
	strbuf_release(&p1);
	strbuf_release(&p2);
	strbuf_release(&to);
}

int pdf_notice_report(const struct pdf_notice_report *r, const char *path, struct bf_err *e)
{
	if (r->kind != PDF_YEARLY && r->kind != PDF_EMERGENCY)
		return err_set(e, EC_INVALID, "kind", "公示类别应为生活困难帮扶或突发事故救助");
	if ((r->nrows && !r->rows) || (r->nobjections && !r->objections))
		BUG("pdf_notice_report: counts without arrays");
	for (size_t i = 0; i < r->nrows; i++) {
		char capital[PDF_CAPITAL_MAX];
		if (pdf_amount_capital(r->rows[i].amount_fen, capital) != 0)
			return err_set(e, EC_INVALID, "amount_fen",
				       "第 %zu 行的拟帮扶金额不能为负数，也不能达到一万亿元",
				       i + 1);
	}
	return pl_write(path, "公示结果报告", report_render, r, e);
}

/* --- 发放签收表 --- */

static const struct list_col signoff_cols[] = {
    {28, "序号", PANGO_ALIGN_CENTER},
    {80, "姓名", PANGO_ALIGN_CENTER},
    {158, "所在党支部", PANGO_ALIGN_CENTER},
    {290, "身份证号码", PANGO_ALIGN_CENTER},
    {350, "发放金额（元）", PANGO_ALIGN_RIGHT},
    {426, "领款人签字\n（或按手印）", PANGO_ALIGN_CENTER},
    {W, "领取日期", PANGO_ALIGN_CENTER},
};
#define SIGNOFF_COLS (sizeof(signoff_cols) / sizeof(signoff_cols[0]))
#define AMOUNT_COL   4

/* 合计: the people and the amount in figures, then in 大写. */
static void signoff_total(struct pl_doc *d, const struct pdf_signoff *s, int64_t total)
{
	char people[64], figure[MONEY_TEXT_MAX], capital[PDF_CAPITAL_MAX];
	struct strbuf words = STRBUF_INIT;
	snprintf(people, sizeof(people), "合　计（%zu 人）", s->nrows);
	money_format_amount(total, figure);
	pdf_amount_capital(total, capital);
	strbuf_addf(&words, "大写：人民币%s", capital);
	struct pl_cell row[] = {
	    {0, signoff_cols[AMOUNT_COL - 1].x1, people, PL_CELL_LABEL, PL_LABEL,
	     PANGO_ALIGN_CENTER, NULL},
	    {signoff_cols[AMOUNT_COL - 1].x1, signoff_cols[AMOUNT_COL].x1, figure, PL_CELL_VALUE,
	     PL_TEXT, PANGO_ALIGN_RIGHT, NULL},
	    {signoff_cols[AMOUNT_COL].x1, W, words.buf, PL_CELL_VALUE, PL_TEXT, PANGO_ALIGN_LEFT,
	     NULL},
	};
	pl_row(d, row, 3, 30, 0);
	strbuf_release(&words);
}

static void signoff_render(struct pl_doc *d, const void *ctx)
{
	const struct pdf_signoff *s = ctx;
	struct strbuf title = STRBUF_INIT, left = STRBUF_INIT, right = STRBUF_INIT;
	struct list_buf b;
	int64_t total = 0;
	char day[PDF_TEXT_MAX];
	pdf_day(s->paid_on, day);
	strbuf_addf(&title, "%s困难党员帮扶资金发放签收表", pdf_str(s->payer));
	strbuf_addf(&left, "%s%s%s", pdf_str(s->reference), s->memo && s->memo[0] ? "　摘要：" : "",
		    pdf_str(s->memo));
	strbuf_addf(&right, "拨付日期：%s", day[0] ? day : "　　年　　月　　日");
	pl_para(d, title.buf, PL_TITLE, PANGO_ALIGN_CENTER, 0, 0);
	pl_space(d, 10);
	pl_pair(d, left.buf, right.buf, PL_TEXT);
	pl_space(d, 4);
	buf_init(&b, s->nrows, SIGNOFF_COLS);
	for (size_t i = 0; i < s->nrows; i++) {
		const struct pdf_signoff_row *x = &s->rows[i];
		money_format_amount(x->amount_fen, b.text[i]);
		total += x->amount_fen;
		const char *row[] = {b.no[i],	x->name, x->org_name, x->id_number,
				     b.text[i], "",	 ""};
		memcpy(&b.cells[i * SIGNOFF_COLS], row, sizeof(row));
	}
	struct list_table t = {signoff_cols, SIGNOFF_COLS, b.cells, s->nrows, 1, 34};
	list_draw(d, &t);
	signoff_total(d, s, total);
	pl_table_end(d);
	buf_release(&b);
	pl_space(d, 8);
	pl_para(
	    d,
	    "注：资金须由本人签字（或按手印）领取；本人不能到场的，由代领人签字并注明与本人关系。"
	    "本表经签字后作为发放凭证存档，专款专用。",
	    PL_SMALL, PANGO_ALIGN_LEFT, 0, 0);
	pl_space(d, 18);
	pl_para(d,
		"经办人（签字）：　　　　　　　　审核人（签字）：　　　　　　　　负责人（签字）：",
		PL_TEXT, PANGO_ALIGN_LEFT, 0, 0);
	stamp_block(d, s->payer, NULL);
	strbuf_release(&title);
	strbuf_release(&left);
	strbuf_release(&right);
}

int pdf_signoff(const struct pdf_signoff *s, const char *path, struct bf_err *e)
{
	int64_t total = 0;
	char capital[PDF_CAPITAL_MAX];
	if (s->nrows && !s->rows)
		BUG("pdf_signoff: %zu rows without rows", s->nrows);
	for (size_t i = 0; i < s->nrows; i++) {
		if (pdf_amount_capital(s->rows[i].amount_fen, capital) != 0)
			return err_set(e, EC_INVALID, "amount_fen",
				       "第 %zu 行的发放金额不能为负数，也不能达到一万亿元", i + 1);
		total += s->rows[i].amount_fen;
	}
	if (pdf_amount_capital(total, capital) != 0)
		return err_set(e, EC_INVALID, "amount_fen", "发放金额合计不能达到一万亿元");
	return pl_write(path, "发放签收表", signoff_render, s, e);
}

/* --- 表彰名单 --- */

static const struct list_col honour_cols[] = {
    {34, "序号", PANGO_ALIGN_CENTER},	   {104, "姓名", PANGO_ALIGN_CENTER},
    {196, "所在党组织", PANGO_ALIGN_LEFT}, {266, "所属党委", PANGO_ALIGN_LEFT},
    {W, "主要事迹", PANGO_ALIGN_LEFT},
};
#define HONOUR_COLS (sizeof(honour_cols) / sizeof(honour_cols[0]))

/* One table per honour: the rows of the same honour, in the given order. */
static size_t honours_group(struct pl_doc *d, const struct pdf_honours *h, size_t from)
{
	size_t to = from;
	while (to < h->nrows && !strcmp(pdf_str(h->rows[to].honour), pdf_str(h->rows[from].honour)))
		to++;
	struct strbuf head = STRBUF_INIT;
	strbuf_addf(&head, "%s（%zu）", pdf_str(h->rows[from].honour), to - from);
	pl_space(d, 10);
	pl_para(d, head.buf, PL_BODY, PANGO_ALIGN_LEFT, 0, 0);
	pl_space(d, 4);
	strbuf_release(&head);
	struct list_buf b;
	buf_init(&b, to - from, HONOUR_COLS);
	for (size_t i = from; i < to; i++) {
		const struct pdf_honour_row *x = &h->rows[i];
		const char *row[] = {b.no[i - from], x->name, x->org_name, x->committee_name,
				     x->deeds};
		memcpy(&b.cells[(i - from) * HONOUR_COLS], row, sizeof(row));
	}
	struct list_table t = {honour_cols, HONOUR_COLS, b.cells, to - from, 0, 26};
	list_draw(d, &t);
	pl_table_end(d);
	buf_release(&b);
	return to;
}

static void honours_render(struct pl_doc *d, const void *ctx)
{
	const struct pdf_honours *h = ctx;
	struct strbuf title = STRBUF_INIT, pre = STRBUF_INIT;
	/* "…评选表彰" + "名单", else "…" + "表彰名单" */
	size_t n = strlen(pdf_str(h->title));
	int ends = n >= strlen("表彰") && !strcmp(pdf_str(h->title) + n - strlen("表彰"), "表彰");
	strbuf_addf(&title, "%s%s", pdf_str(h->title), ends ? "名单" : "表彰名单");
	pl_para(d, title.buf, PL_TITLE, PANGO_ALIGN_CENTER, 0, 0);
	pl_space(d, 12);
	strbuf_addf(&pre,
		    "经党支部推荐、党(工)委审核、公示无异议，%s研究决定，对以下 %zu 名（个）"
		    "优秀共产党员、优秀党务工作者和先进基层党组织予以表彰。",
		    pdf_str(h->issuer), h->nrows);
	pl_para(d, pre.buf, PL_BODY, PANGO_ALIGN_LEFT, INDENT, 1);
	for (size_t i = 0; i < h->nrows;)
		i = honours_group(d, h, i);
	if (!h->nrows) {
		pl_space(d, 10);
		pl_para(d, "（本轮没有表彰对象）", PL_BODY, PANGO_ALIGN_CENTER, 0, 0);
	}
	stamp_block(d, h->issuer, h->approved_on);
	strbuf_release(&title);
	strbuf_release(&pre);
}

int pdf_honours(const struct pdf_honours *h, const char *path, struct bf_err *e)
{
	if (h->nrows && !h->rows)
		BUG("pdf_honours: %zu rows without rows", h->nrows);
	return pl_write(path, "表彰名单", honours_render, h, e);
}

/* --- 一人一档 --- */

static const struct list_col file_cols[] = {
    {22, "序号", PANGO_ALIGN_CENTER},	{98, "日期", PANGO_ALIGN_CENTER},
    {156, "类别", PANGO_ALIGN_CENTER},	{256, "事项", PANGO_ALIGN_LEFT},
    {W - 74, "内容", PANGO_ALIGN_LEFT}, {W, "金额（元）", PANGO_ALIGN_RIGHT},
};
#define FILE_COLS (sizeof(file_cols) / sizeof(file_cols[0]))

/* Who the member is: two label/value pairs a row, the address across. */
static void file_person(struct pl_doc *d, const struct pdf_member_file *f)
{
	char born[PDF_TEXT_MAX], joined[PDF_TEXT_MAX];
	const struct pdf_person *p = &f->person;
	pdf_month(p->birth_date, born);
	pdf_month(p->joined_on, joined);
	const char *pairs[][4] = {
	    {"姓　　名", pdf_str(p->name), "性　　别", pdf_str(p->gender)},
	    {"出生年月", born, "入党时间", joined},
	    {"所在党组织", pdf_str(f->org_name), "人员状态", pdf_str(f->status)},
	    {"身份证号码", pdf_str(p->id_number), "联系电话", pdf_str(p->phone)},
	};
	double c1 = 80, c2 = W / 2, c3 = W / 2 + 80;
	pl_table_begin(d, NULL, NULL);
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		struct pl_cell row[] = {
		    {0, c1, pairs[i][0], PL_CELL_LABEL, PL_LABEL, PANGO_ALIGN_CENTER, NULL},
		    {c1, c2, pairs[i][1], PL_CELL_VALUE, PL_TEXT, PANGO_ALIGN_LEFT, NULL},
		    {c2, c3, pairs[i][2], PL_CELL_LABEL, PL_LABEL, PANGO_ALIGN_CENTER, NULL},
		    {c3, W, pairs[i][3], PL_CELL_VALUE, PL_TEXT, PANGO_ALIGN_LEFT, NULL},
		};
		pl_row(d, row, 4, 26, 0);
	}
	struct pl_cell addr[] = {
	    {0, c1, "家庭住址", PL_CELL_LABEL, PL_LABEL, PANGO_ALIGN_CENTER, NULL},
	    {c1, W, pdf_str(p->address), PL_CELL_VALUE, PL_TEXT, PANGO_ALIGN_LEFT, NULL},
	};
	pl_row(d, addr, 2, 26, 0);
	pl_table_end(d);
}

static void file_render(struct pl_doc *d, const void *ctx)
{
	const struct pdf_member_file *f = ctx;
	struct list_buf b;
	struct strbuf title = STRBUF_INIT, foot = STRBUF_INIT;
	char day[PDF_TEXT_MAX];
	strbuf_addf(&title, "党员帮扶关怀档案（一人一档）");
	pl_para(d, title.buf, PL_TITLE, PANGO_ALIGN_CENTER, 0, 0);
	pl_space(d, 10);
	file_person(d, f);
	pl_space(d, 12);
	pl_para(d, f->nrows ? "帮扶关怀记录（自近及远）" : "帮扶关怀记录：暂无", PL_LABEL,
		PANGO_ALIGN_LEFT, 0, 0);
	pl_space(d, 4);
	if (f->nrows) {
		buf_init(&b, f->nrows, FILE_COLS);
		for (size_t i = 0; i < f->nrows; i++) {
			const struct pdf_file_row *x = &f->rows[i];
			if (x->amount_fen > 0)
				money_format_amount(x->amount_fen, b.text[i]);
			const char *row[] = {b.no[i],	       pdf_str(x->day),	 pdf_str(x->kind),
					     pdf_str(x->what), pdf_str(x->text), b.text[i]};
			memcpy(&b.cells[i * FILE_COLS], row, sizeof(row));
		}
		struct list_table t = {file_cols, FILE_COLS, b.cells, f->nrows, 0, 24};
		list_draw(d, &t);
		pl_table_end(d);
		buf_release(&b);
	}
	pdf_day(f->printed_on, day);
	strbuf_addf(&foot,
		    "本档案由%s于%s打印，身份证号码、联系电话已作隐藏处理；打印已记入审计日志。",
		    pdf_str(f->printed_by), day);
	pl_space(d, 10);
	pl_para(d, foot.buf, PL_SMALL, PANGO_ALIGN_LEFT, 0, 0);
	strbuf_release(&title);
	strbuf_release(&foot);
}

int pdf_member_file(const struct pdf_member_file *f, const char *path, struct bf_err *e)
{
	if (f->nrows && !f->rows)
		BUG("pdf_member_file: %zu rows without rows", f->nrows);
	return pl_write(path, "一人一档", file_render, f, e);
}
