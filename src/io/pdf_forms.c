/* pdf_forms.c - the two application forms of seeds/004 (附件1 困难党员帮扶
 * 救助申请表, 附件2 遭受突发事故党员救助申请表) with their labels in the
 * seed's order, and the 困难党员信息登记表 the branch files after the notice
 * (seeds/000).  Column positions are points across the 170 mm table. */
#include <stdio.h>
#include <string.h>
#include "pdf.h"
#include "strbuf.h"
#include "pdf_layout.h"

#define W	 PL_WIDTH
#define FOOTNOTE "注：本表一式两份，区委组织部审核存档一份，各党（工）委建档一份。"

static struct pl_cell label(double x0, double x1, const char *text)
{
	return (struct pl_cell){x0, x1, text, PL_CELL_LABEL, PL_LABEL, PANGO_ALIGN_CENTER, NULL};
}

/* A label of two or three lines, set a little smaller to fit its column. */
static struct pl_cell label_small(double x0, double x1, const char *text)
{
	return (struct pl_cell){x0, x1, text, PL_CELL_LABEL, PL_LABELS, PANGO_ALIGN_CENTER, NULL};
}

static struct pl_cell value(double x0, double x1, const char *text)
{
	return (struct pl_cell){x0,  x1, pdf_str(text), PL_CELL_VALUE, PL_TEXT, PANGO_ALIGN_CENTER,
				NULL};
}

static struct pl_cell value_left(double x0, double x1, const char *text)
{
	return (struct pl_cell){x0,  x1, pdf_str(text), PL_CELL_VALUE, PL_TEXT, PANGO_ALIGN_LEFT,
				NULL};
}

static struct pl_cell flow(double x0, double x1, const char *text, const char *footer)
{
	return (struct pl_cell){x0,    x1, pdf_str(text), PL_CELL_FLOW, PL_TEXT, PANGO_ALIGN_LEFT,
				footer};
}

#define ROW(d, min_h, split, ...)                                                                  \
	do {                                                                                       \
		const struct pl_cell row_[] = {__VA_ARGS__};                                       \
		pl_row(d, row_, sizeof(row_) / sizeof(row_[0]), min_h, split);                     \
	} while (0)

static void title_block(struct pl_doc *d, const char *title, const char *date)
{
	pl_para(d, title, PL_TITLE, PANGO_ALIGN_CENTER, 0, 0);
	pl_space(d, 8);
	char day[PDF_TEXT_MAX];
	pdf_day(date, day);
	pl_para(d, day, PL_TEXT, PANGO_ALIGN_RIGHT, 0, 0);
	pl_space(d, 4);
}

static void size_text(int n, char out[16])
{
	if (n > 0)
		snprintf(out, 16, "%d 人", n);
	else
		out[0] = '\0';
}

/* --- 附件1 / 附件2 --- */

static void app_person(struct pl_doc *d, const struct pdf_person *p)
{
	char joined[PDF_TEXT_MAX], birth[PDF_TEXT_MAX], size[16];
	pdf_month(p->joined_on, joined);
	pdf_month(p->birth_date, birth);
	size_text(p->household_size, size);
	ROW(d, 30, 0, label(0, 86, "姓　　名"), value(86, 190, p->name), label(190, 250, "性别"),
	    value(250, 310, p->gender), label(310, 380, "民　族"), value(380, W, p->ethnicity));
	ROW(d, 30, 0, label(0, 86, "入党时间"), value(86, 190, joined), label(190, 250, "出生年月"),
	    value(250, W, birth));
	ROW(d, 34, 0, label(0, 86, "户口类别"), value(86, 190, p->household_type),
	    label(190, 250, "家庭人口"), value(250, 310, size),
	    label_small(310, 380, "联系电话\n（必填）"), value(380, W, p->phone));
	ROW(d, 34, 0, label(0, 86, "家庭住址"), value_left(86, 250, p->address),
	    label_small(250, 330, "身份证号码\n（准确无误）"), value(330, W, p->id_number));
	ROW(d, 40, 0, label_small(0, 86, "家　　庭\n收入来源及金额"),
	    value_left(86, W, p->income_sources));
}

/* An opinion with its amount: "拟救助金额：1,500.00 元" and the 大写 under
 * it; the blank to fill by hand when the amount is not known yet (NULL
 * amount_name: no amount on this form unless one is given). */
static void opinion_text(struct strbuf *sb, const char *opinion, const char *amount_name,
			 int64_t fen)
{
	strbuf_adds(sb, pdf_str(opinion));
	if (fen <= 0 && !amount_name)
		return;
	if (sb->len)
		strbuf_adds(sb, "\n");
	strbuf_adds(sb, amount_name ? amount_name : "拟帮扶金额");
	if (fen > 0) {
		char money[PDF_TEXT_MAX];
		pdf_money(fen, "\n", money);
		strbuf_addf(sb, "：%s", money);
	} else {
		strbuf_adds(sb, "：　　　　　　元");
	}
}

/* "城关镇东风村党支部（盖章）" and the date, at the stamp place. */
static void stamp_text(struct strbuf *sb, const char *org, const char *date)
{
	char day[PDF_TEXT_MAX];
	pdf_day(date, day);
	strbuf_addf(sb, "%s（盖章）\n%s", pdf_str(org), day);
}

/* The rows under the situation (opinions, amount approved): built before
 * the situation row so that row can take just the room they leave. */
struct app_tail {
	struct strbuf b1, b2, s1, s2, stamp;
	char money[PDF_TEXT_MAX];
	struct pl_cell opinions[4], approval[2];
};

#define OPINION_H     140.0 /* room for a 42 mm seal (119 pt) */
#define APPROVAL_H    84.0
#define SITUATION_H   180.0 /* the situation's cell when the page has room */
#define SITUATION_MIN 72.0

static void tail_init(struct app_tail *t, const struct pdf_application *a)
{
	int em = a->kind == PDF_EMERGENCY;
	strbuf_init(&t->b1);
	strbuf_init(&t->b2);
	strbuf_init(&t->s1);
	strbuf_init(&t->s2);
	strbuf_init(&t->stamp);
	opinion_text(&t->b1, a->branch_opinion, em ? "拟救助金额" : NULL, a->branch_fen);
	opinion_text(&t->b2, a->committee_opinion, em ? "建议救助金额" : NULL, a->committee_fen);
	stamp_text(&t->s1, a->branch_name, a->branch_date);
	stamp_text(&t->s2, a->committee_name, a->committee_date);
	stamp_text(&t->stamp, a->department_name, a->approved_date);
	t->opinions[0] =
	    label_small(0, 86, em ? "党支部意见和\n拟救助金额\n（盖章）" : "党支部意见\n（盖章）");
	t->opinions[1] = flow(86, 236, t->b1.buf, t->s1.buf);
	t->opinions[2] = label_small(
	    236, 320, em ? "党（工）委意见\n建议救助金额\n（盖章）" : "党（工）委意见\n（盖章）");
	t->opinions[3] = flow(320, W, t->b2.buf, t->s2.buf);
	t->money[0] = '\0';
	if (a->approved_fen > 0)
		pdf_money(a->approved_fen, "", t->money);
	t->approval[0] = label_small(
	    0, 120, em ? "区委组织部批复\n救助金额（盖章）" : "发放帮扶金金额\n（区委组织部盖章）");
	t->approval[1] = flow(120, W, t->money, t->stamp.buf);
	t->approval[1].font = PL_BODY;
}

static void tail_release(struct app_tail *t)
{
	strbuf_release(&t->b1);
	strbuf_release(&t->b2);
	strbuf_release(&t->s1);
	strbuf_release(&t->s2);
	strbuf_release(&t->stamp);
}

/* The situation's cell is 180 pt high when the page has room for it and
 * everything under it, less when not (down to 72 pt), so that long
 * opinions do not push the last row alone onto a second page. */
static double situation_height(struct pl_doc *d, const struct app_tail *t)
{
	double after = pl_row_height(d, t->opinions, 4, OPINION_H) +
		       pl_row_height(d, t->approval, 2, APPROVAL_H) + 6 +
		       pl_text_height(d, FOOTNOTE, PL_SMALL, W);
	double h = pl_room(d) - after;
	return h > SITUATION_H ? SITUATION_H : h < SITUATION_MIN ? SITUATION_MIN : h;
}

static void app_render(struct pl_doc *d, const void *ctx)
{
	const struct pdf_application *a = ctx;
	int em = a->kind == PDF_EMERGENCY;
	struct app_tail t;
	tail_init(&t, a);
	title_block(d, em ? "遭受突发事故党员救助申请表" : "困难党员帮扶救助申请表", a->date);
	pl_table_begin(d, NULL, NULL);
	app_person(d, &a->person);
	if (!em)
		ROW(d, 40, 0, label_small(0, 86, "享受其他补贴\n名称金额"),
		    value_left(86, W, a->person.other_subsidies));
	ROW(d, situation_height(d, &t), 1,
	    label(0, 86, em ? "突发意外损失\n情况说明" : "家庭困难\n状况说明"),
	    flow(86, W, a->situation, "申请人（签字或按手印）：　　　　　　　　"));
	pl_row(d, t.opinions, 4, OPINION_H, 0);
	pl_row(d, t.approval, 2, APPROVAL_H, 0);
	pl_table_end(d);
	pl_space(d, 6);
	pl_para(d, FOOTNOTE, PL_SMALL, PANGO_ALIGN_LEFT, 0, 0);
	tail_release(&t);
}

/* Amounts beyond what the 大写 can say are refused before any file exists. */
static int check_amount(int64_t fen, const char *field, const char *name, struct bf_err *e)
{
	char capital[PDF_CAPITAL_MAX];
	if (fen == 0 || pdf_amount_capital(fen, capital) == 0)
		return 0;
	return err_set(e, EC_INVALID, field, "%s不能为负数，也不能达到一万亿元", name);
}

int pdf_application(const struct pdf_application *a, const char *path, struct bf_err *e)
{
	if (a->kind != PDF_YEARLY && a->kind != PDF_EMERGENCY)
		return err_set(e, EC_INVALID, "kind", "申请表类别应为生活困难帮扶或突发事故救助");
	if (check_amount(a->branch_fen, "branch_fen", "拟救助金额", e) ||
	    check_amount(a->committee_fen, "committee_fen", "建议救助金额", e) ||
	    check_amount(a->approved_fen, "approved_fen", "批复金额", e))
		return -1;
	return pl_write(path,
			a->kind == PDF_EMERGENCY ? "遭受突发事故党员救助申请表"
						 : "困难党员帮扶救助申请表",
			app_render, a, e);
}

/* --- 困难党员信息登记表 --- */

/* Registration columns: three label/value pairs across the table. */
#define R1 70.0
#define R2 160.63
#define R3 230.63
#define R4 321.26
#define R5 391.26
/* the family members' columns: 姓名, 与本人关系, 出生年份, 职业或健康状况 */
#define F1 150.0
#define F2 230.0
#define F3 300.0

/* Glossary codes and the names printed for them. */
static const char *const categories[3][2] = {
    {"capacity", "造血型"}, {"relief", "输血型"}, {"care", "关爱型"}};
static const char *const tiers[3][2] = {
    {"severe", "特别困难"}, {"moderate", "比较困难"}, {"temporary", "暂时困难"}};
static const struct pdf_choice default_causes[] = {
    {"因病", 0},   {"因残", 0},	  {"因灾", 0},	 {"因学", 0},	  {"因意外事故", 0},
    {"缺技术", 0}, {"缺资金", 0}, {"缺劳力", 0}, {"观念落后", 0}, {"其他", 0}};

#define BLANK_FAMILY 3 /* lines to fill by hand when fewer are known */

/* Which of the three s names (code or Chinese): 0..2, -1 none, -2 unknown. */
static int pick(const char *const names[3][2], const char *s)
{
	if (!s || !s[0])
		return -1;
	for (int i = 0; i < 3; i++)
		if (strcmp(s, names[i][0]) == 0 || strcmp(s, names[i][1]) == 0)
			return i;
	return -2;
}

/* "■造血型　　□输血型　　□关爱型": ■ ticked, □ not (both in Noto CJK). */
static void tick_list(struct strbuf *sb, const struct pdf_choice *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		strbuf_addf(sb, "%s%s%s", i ? "　　" : "", c[i].checked ? "■" : "□",
			    pdf_str(c[i].label));
}

static void tick_three(struct strbuf *sb, const char *const names[3][2], int ticked)
{
	struct pdf_choice c[3];
	for (int i = 0; i < 3; i++)
		c[i] = (struct pdf_choice){names[i][1], i == ticked};
	tick_list(sb, c, 3);
}

static void reg_person(struct pl_doc *d, const struct pdf_person *p)
{
	char joined[PDF_TEXT_MAX], birth[PDF_TEXT_MAX], size[16];
	pdf_month(p->joined_on, joined);
	pdf_month(p->birth_date, birth);
	size_text(p->household_size, size);
	ROW(d, 28, 0, label(0, R1, "姓　名"), value(R1, R2, p->name), label(R2, R3, "性　别"),
	    value(R3, R4, p->gender), label(R4, R5, "民　族"), value(R5, W, p->ethnicity));
	ROW(d, 28, 0, label(0, R1, "出生年月"), value(R1, R2, birth), label(R2, R3, "入党时间"),
	    value(R3, R4, joined), label(R4, R5, "文化程度"), value(R5, W, p->education));
	ROW(d, 28, 0, label(0, R1, "人员类别"), value(R1, R2, p->member_type),
	    label(R2, R3, "户口类别"), value(R3, R4, p->household_type), label(R4, R5, "联系电话"),
	    value(R5, W, p->phone));
	ROW(d, 28, 0, label(0, R1, "身份证号码"), value(R1, R4, p->id_number),
	    label(R4, R5, "家庭人口"), value(R5, W, size));
	ROW(d, 28, 0, label(0, R1, "家庭住址"), value_left(R1, W, p->address));
}

static void family_header(struct pl_doc *d, const void *unused)
{
	ROW(d, 26, 0, label(R1, F1, "姓　名"), label(F1, F2, "与本人关系"),
	    label(F2, F3, "出生年份"), label(F3, W, "职业或健康状况"));
}

static void reg_family(struct pl_doc *d, const struct pdf_registration *r)
{
	size_t n = r->nfamily > BLANK_FAMILY ? r->nfamily : BLANK_FAMILY;
	/* a short list stays on one page with its merged label */
	double estimate = 30 + 26.0 * (double)n;
	if (estimate < 300)
		pl_keep(d, estimate);
	pl_group_begin(d, R1, "家庭\n成员", family_header, NULL);
	for (size_t i = 0; i < n; i++) {
		const struct pdf_family_member *f = i < r->nfamily ? &r->family[i] : NULL;
		char year[16] = "";
		if (f && f->birth_year > 0)
			snprintf(year, sizeof(year), "%d年", f->birth_year);
		ROW(d, 24, 0, value(R1, F1, f ? f->name : ""), value(F1, F2, f ? f->relation : ""),
		    value(F2, F3, year), value_left(F3, W, f ? f->occupation : ""));
	}
	pl_group_end(d);
}

static void reg_income(struct pl_doc *d, const struct pdf_registration *r)
{
	char total[PDF_TEXT_MAX] = "", each[PDF_TEXT_MAX] = "";
	if (r->income_fen >= 0)
		pdf_money(r->income_fen, "", total);
	if (r->per_capita_fen >= 0)
		pdf_money(r->per_capita_fen, "", each);
	/* the figures alone: the 大写 belongs to amounts paid, not incomes */
	char *cut = strstr(total, "（");
	if (cut)
		*cut = '\0';
	cut = strstr(each, "（");
	if (cut)
		*cut = '\0';
	ROW(d, 28, 0, label(0, R1, "家庭年收入"), value(R1, R3, total), label(R3, R4, "人均年收入"),
	    value(R4, W, each));
	ROW(d, 36, 0, label_small(0, R1, "收入来源\n及金额"),
	    value_left(R1, W, r->person.income_sources));
	ROW(d, 36, 0, label_small(0, R1, "享受其他\n补贴"),
	    value_left(R1, W, r->person.other_subsidies));
}

static void reg_class(struct pl_doc *d, const struct pdf_registration *r)
{
	struct strbuf cat = STRBUF_INIT, tier = STRBUF_INIT, causes = STRBUF_INIT;
	tick_three(&cat, categories, pick(categories, r->category));
	tick_three(&tier, tiers, pick(tiers, r->tier));
	if (r->causes)
		tick_list(&causes, r->causes, r->ncauses);
	else
		tick_list(&causes, default_causes,
			  sizeof(default_causes) / sizeof(*default_causes));
	ROW(d, 28, 0, label(0, R1, "帮扶类别"), value_left(R1, W, cat.buf));
	ROW(d, 28, 0, label(0, R1, "困难档次"), value_left(R1, W, tier.buf));
	ROW(d, 28, 0, label(0, R1, "致困原因"), value_left(R1, W, causes.buf));
	ROW(d, 36, 1, label(0, R1, "认定条件"), flow(R1, W, r->conditions, NULL));
	strbuf_release(&cat);
	strbuf_release(&tier);
	strbuf_release(&causes);
}

static void reg_opinions(struct pl_doc *d, const struct pdf_registration *r)
{
	struct strbuf s1 = STRBUF_INIT, s2 = STRBUF_INIT, s3 = STRBUF_INIT;
	stamp_text(&s1, r->branch_name, r->branch_date);
	stamp_text(&s2, r->committee_name, r->committee_date);
	stamp_text(&s3, r->department_name, r->department_date);
	ROW(d, 130, 0, label_small(0, R1, "党支部\n意见\n（盖章）"),
	    flow(R1, 241, r->branch_opinion, s1.buf),
	    label_small(241, 311, "党（工）委\n意见\n（盖章）"),
	    flow(311, W, r->committee_opinion, s2.buf));
	ROW(d, 90, 0, label_small(0, R1, "区委组织部\n备案意见\n（盖章）"),
	    flow(R1, W, r->department_opinion, s3.buf));
	strbuf_release(&s1);
	strbuf_release(&s2);
	strbuf_release(&s3);
}

static void reg_render(struct pl_doc *d, const void *ctx)
{
	const struct pdf_registration *r = ctx;
	struct strbuf title = STRBUF_INIT, unit = STRBUF_INIT, date = STRBUF_INIT;
	strbuf_addf(&title, "%s困难党员信息登记表", pdf_str(r->district));
	strbuf_addf(&unit, "填报单位（盖章）：%s", pdf_str(r->branch_name));
	char day[PDF_TEXT_MAX];
	pdf_day(r->date, day);
	strbuf_addf(&date, "填表日期：%s", day);
	pl_para(d, title.buf, PL_TITLE, PANGO_ALIGN_CENTER, 0, 0);
	pl_space(d, 8);
	pl_pair(d, unit.buf, date.buf, PL_TEXT);
	pl_space(d, 4);
	pl_table_begin(d, NULL, NULL);
	reg_person(d, &r->person);
	reg_family(d, r);
	reg_income(d, r);
	reg_class(d, r);
	ROW(d, 110, 1, label(0, R1, "家庭困难\n状况"), flow(R1, W, r->situation, NULL));
	ROW(d, 70, 1, label(0, R1, "帮扶措施"), flow(R1, W, r->measures, NULL));
	reg_opinions(d, r);
	pl_table_end(d);
	pl_space(d, 6);
	pl_para(d,
		"注：本表由党支部在公示无异议后填写并盖章，报党（工）委审核；党（工）委审核确认后报"
		"区委组织部备案。",
		PL_SMALL, PANGO_ALIGN_LEFT, 0, 0);
	strbuf_release(&title);
	strbuf_release(&unit);
	strbuf_release(&date);
}

int pdf_registration(const struct pdf_registration *r, const char *path, struct bf_err *e)
{
	if (pick(categories, r->category) == -2)
		return err_set(e, EC_INVALID, "category", "帮扶类别“%s”应为造血型、输血型或关爱型",
			       r->category);
	if (pick(tiers, r->tier) == -2)
		return err_set(e, EC_INVALID, "tier",
			       "困难档次“%s”应为特别困难、比较困难或暂时困难", r->tier);
	if ((r->nfamily && !r->family) || (r->ncauses && !r->causes))
		BUG("pdf_registration: counts without arrays");
	char capital[PDF_CAPITAL_MAX];
	if (pdf_amount_capital(r->income_fen > 0 ? r->income_fen : 0, capital) != 0 ||
	    pdf_amount_capital(r->per_capita_fen > 0 ? r->per_capita_fen : 0, capital) != 0)
		return err_set(e, EC_INVALID, "income_fen", "家庭年收入不能达到一万亿元");
	return pl_write(path, "困难党员信息登记表", reg_render, r, e);
}
