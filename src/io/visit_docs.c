/* visit_docs.c - the record sheet of a visit and a festival round's list
 * per organisation as PDF (visit_docs.h): read through the core's calls,
 * drawn with the forms' layout engine (pdf_layout.h), handed back in
 * memory through render.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pdf_layout.h"
#include "render.h"
#include "visit_docs.h"
#include "wrapper.h"

/* --- the record sheet ------------------------------------------------------ */

struct sheet {
	struct visit v;
	struct member m;
};

/* A label and its value across the rest of the row. */
static void line2(struct pl_doc *d, const char *label, const char *value, double h, int flow)
{
	struct pl_cell row[2] = {{0, 90, label, PL_CELL_LABEL, PL_LABEL, PANGO_ALIGN_CENTER, NULL},
				 {90, PL_WIDTH, value, flow ? PL_CELL_FLOW : PL_CELL_VALUE, PL_TEXT,
				  PANGO_ALIGN_LEFT, NULL}};
	pl_row(d, row, 2, h, flow);
}

/* Two labels and their values on one row. */
static void line4(struct pl_doc *d, const char *l1, const char *v1, const char *l2, const char *v2)
{
	struct pl_cell row[4] = {
	    {0, 90, l1, PL_CELL_LABEL, PL_LABEL, PANGO_ALIGN_CENTER, NULL},
	    {90, 250, v1, PL_CELL_VALUE, PL_TEXT, PANGO_ALIGN_LEFT, NULL},
	    {250, 340, l2, PL_CELL_LABEL, PL_LABEL, PANGO_ALIGN_CENTER, NULL},
	    {340, PL_WIDTH, v2, PL_CELL_VALUE, PL_TEXT, PANGO_ALIGN_LEFT, NULL}};
	pl_row(d, row, 4, 28, 0);
}

static void render_sheet(struct pl_doc *d, const void *ctx)
{
	const struct sheet *s = ctx;
	const struct visit *v = &s->v;
	char birth[PDF_TEXT_MAX], joined[PDF_TEXT_MAX], day[PDF_TEXT_MAX], money[PDF_TEXT_MAX];
	char why[PDF_TEXT_MAX], goods[VISIT_TEXT_BYTES + PDF_TEXT_MAX + 32], value[PDF_TEXT_MAX];
	pdf_month(s->m.birth_date, birth);
	pdf_month(s->m.joined_on, joined);
	pdf_day(v->visited_on, day);
	if (v->round_title[0])
		snprintf(why, sizeof(why), "%s（%s%s%s）", v->round_title,
			 !strcmp(v->reason, "old") ? "老党员" : "困难党员",
			 v->category[0] ? "，" : "", visit_category_label(v->category));
	else
		snprintf(why, sizeof(why), "%s", visit_occasion_label(v->occasion));
	money[0] = value[0] = '\0';
	if (v->visited_on[0] && v->gift_fen)
		pdf_money(v->gift_fen, "", money);
	else if (v->visited_on[0])
		snprintf(money, sizeof(money), "无");
	if (v->goods_value_fen)
		pdf_money(v->goods_value_fen, "", value);
	snprintf(goods, sizeof(goods), "%s%s%s", v->goods, v->goods_value_fen ? "，价值 " : "",
		 value);
	pl_para(d, "走访慰问记录表", PL_TITLE, PANGO_ALIGN_CENTER, 0, 0);
	pl_space(d, 8);
	char no[64];
	snprintf(no, sizeof(no), "编号：V%lld", (long long)v->id);
	pl_pair(d, v->round_title, no, PL_SMALL);
	pl_space(d, 4);
	pl_table_begin(d, NULL, NULL);
	line4(d, "走访对象", v->member_name, "性别", s->m.gender);
	line4(d, "出生年月", birth, "入党时间", joined);
	line2(d, "所在党组织", v->org_name, 28, 0);
	line2(d, "家庭住址", s->m.address, 28, 0);
	line2(d, "走访事由", why, 28, 0);
	line4(d, "走访日期", day, "走访人员", v->visitors);
	line2(d, "走访情况\n（生产生活、\n身体、思想\n状况及诉求）", v->found, 200, 1);
	line2(d, "慰问金", money, 28, 0);
	line2(d, "慰问物品", goods, 28, 0);
	struct pl_cell sign[2] = {
	    {0, 90, "被走访人\n（家属）\n签字", PL_CELL_LABEL, PL_LABEL, PANGO_ALIGN_CENTER, NULL},
	    {90, PL_WIDTH, "", PL_CELL_VALUE, PL_TEXT, PANGO_ALIGN_LEFT, "年　　月　　日"}};
	pl_row(d, sign, 2, 70, 0);
	struct pl_cell branch[2] = {
	    {0, 90, "党组织\n意见", PL_CELL_LABEL, PL_LABEL, PANGO_ALIGN_CENTER, NULL},
	    {90, PL_WIDTH, "", PL_CELL_VALUE, PL_TEXT, PANGO_ALIGN_LEFT,
	     "（盖章）　　年　　月　　日"}};
	pl_row(d, branch, 2, 80, 0);
	pl_table_end(d);
	if (v->due_on[0] && !v->visited_on[0]) {
		char due[PDF_TEXT_MAX], note[PDF_TEXT_MAX + 64];
		pdf_day(v->due_on, due);
		snprintf(note, sizeof(note), "请于%s前完成走访，并在系统中登记。", due);
		pl_space(d, 6);
		pl_para(d, note, PL_SMALL, PANGO_ALIGN_LEFT, 0, 0);
	}
}

struct sheet_job {
	struct core *c;
	const struct actor *a;
	int64_t id;
	struct sheet s;
};

static int sheet_write(const char *path, void *ctx, struct bf_err *e)
{
	struct sheet_job *j = ctx;
	return pl_write(path, "走访慰问记录表", render_sheet, &j->s, e);
}

int visit_sheet_render(struct core *c, const struct actor *a, int64_t id, void **data, size_t *len,
		       char name[VISIT_DOC_NAME_MAX], struct bf_err *e)
{
	struct sheet_job *j = xcalloc(1, sizeof(*j));
	j->c = c;
	j->a = a;
	j->id = id;
	int rc = visit_get(c, a, id, &j->s.v, e) || member_get(c, a, j->s.v.member_id, &j->s.m, e)
		     ? -1
		     : io_render("visit.pdf", sheet_write, j, data, len, e);
	if (!rc)
		snprintf(name, VISIT_DOC_NAME_MAX, "走访慰问记录表-%s-%lld.pdf", j->s.v.member_name,
			 (long long)id);
	member_release(&j->s.m);
	free(j);
	return rc;
}

/* --- a round's list ---------------------------------------------------------- */

struct list {
	struct visit_round r;
	char org_name[sizeof(((struct org *)0)->name)];
	struct visit *items;
	size_t n;
};

#define LCOLS 7
static const double lcol_x[LCOLS] = {32, 95, 205, 285, 350, 425, PL_WIDTH};
static const char *const lcol_head[LCOLS] = {
    "序号", "姓名", "党支部", "走访原因", "标准慰问金（元）", "走访日期", "受访人签字"};

static void list_header(struct pl_doc *d, const void *ctx)
{
	struct pl_cell h[LCOLS];
	for (size_t i = 0; i < LCOLS; i++)
		h[i] = (struct pl_cell){
		    i ? lcol_x[i - 1] : 0, lcol_x[i], lcol_head[i], PL_CELL_LABEL, PL_LABELS,
		    PANGO_ALIGN_CENTER,	   NULL};
	pl_row(d, h, LCOLS, 26, 0);
}

static void render_list(struct pl_doc *d, const void *ctx)
{
	const struct list *l = ctx;
	char title[PDF_TEXT_MAX], due[PDF_TEXT_MAX], head[PDF_TEXT_MAX + 300];
	snprintf(title, sizeof(title), "%s名单", l->r.title);
	pdf_day(l->r.due_on, due);
	pl_para(d, title, PL_TITLE, PANGO_ALIGN_CENTER, 0, 0);
	pl_space(d, 8);
	snprintf(head, sizeof(head), "党组织：%s　共 %zu 人", l->org_name, l->n);
	char right[PDF_TEXT_MAX + 16];
	snprintf(right, sizeof(right), "完成期限：%s", due);
	pl_pair(d, head, right, PL_SMALL);
	pl_space(d, 4);
	pl_table_begin(d, list_header, NULL);
	for (size_t i = 0; i < l->n; i++) {
		const struct visit *v = &l->items[i];
		char t[LCOLS][320];
		snprintf(t[0], sizeof(t[0]), "%zu", i + 1);
		snprintf(t[1], sizeof(t[1]), "%s", v->member_name);
		snprintf(t[2], sizeof(t[2]), "%s", v->org_name);
		if (!strcmp(v->reason, "old"))
			snprintf(t[3], sizeof(t[3]), "老党员");
		else
			snprintf(t[3], sizeof(t[3]), "困难党员%s%s%s", v->category[0] ? "（" : "",
				 visit_category_label(v->category), v->category[0] ? "）" : "");
		snprintf(t[4], sizeof(t[4]), "%lld.%02lld", (long long)(v->std_gift_fen / 100),
			 (long long)(v->std_gift_fen % 100));
		snprintf(t[5], sizeof(t[5]), "%s", v->visited_on);
		t[6][0] = '\0';
		struct pl_cell row[LCOLS];
		for (size_t c = 0; c < LCOLS; c++)
			row[c] = (struct pl_cell){c ? lcol_x[c - 1] : 0,
						  lcol_x[c],
						  t[c],
						  PL_CELL_VALUE,
						  PL_TEXT,
						  c == 4 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_CENTER,
						  NULL};
		pl_row(d, row, LCOLS, 26, 0);
	}
	pl_table_end(d);
	pl_space(d, 10);
	pl_pair(d, "走访人（签字）：", "年　　月　　日", PL_BODY);
}

static int list_write(const char *path, void *ctx, struct bf_err *e)
{
	return pl_write(path, "走访慰问名单", render_list, ctx, e);
}

/* Every task of the round under org (in the actor's scope), page by page. */
static int list_read(struct core *c, const struct actor *a, int64_t org_id, struct list *l,
		     struct bf_err *e)
{
	struct visit_query q = {.round_id = l->r.id, .org_id = org_id, .limit = VISIT_LIST_MAX};
	int64_t total = 0;
	for (;;) {
		struct visit *page = NULL;
		size_t k = 0;
		if (visit_list(c, a, &q, &page, &k, &total, e))
			return -1;
		if (total > VISIT_DOC_LIST_MAX) {
			free(page);
			return err_set(e, EC_INVALID, "org",
				       "名单超过 %d 人，请选择一个党组织分别打印",
				       VISIT_DOC_LIST_MAX);
		}
		if (k) {
			l->items = xrealloc(l->items, (l->n + k) * sizeof(*l->items));
			memcpy(l->items + l->n, page, k * sizeof(*page));
			l->n += k;
		}
		free(page);
		if (!k || (int64_t)l->n >= total)
			return 0;
		q.offset += (int64_t)k;
	}
}

int visit_round_list_render(struct core *c, const struct actor *a, int64_t id, int64_t org_id,
			    void **data, size_t *len, char name[VISIT_DOC_NAME_MAX],
			    struct bf_err *e)
{
	struct list *l = xcalloc(1, sizeof(*l));
	struct org o;
	int64_t org = org_id ? org_id : a->org_id;
	int rc = visit_round_get(c, a, id, &l->r, e) || (org && org_get(c, a, org, &o, e)) ||
			 list_read(c, a, org_id, l, e)
		     ? -1
		     : 0;
	if (!rc) {
		snprintf(l->org_name, sizeof(l->org_name), "%s", org ? o.name : "全部");
		rc = io_render("list.pdf", list_write, l, data, len, e);
	}
	if (!rc)
		snprintf(name, VISIT_DOC_NAME_MAX, "%s名单-%s.pdf", l->r.title, l->org_name);
	free(l->items);
	free(l);
	return rc;
}
