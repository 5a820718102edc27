/* care_docs.c - care's papers (care_docs.h): the political birthday
 * greeting card and the 光荣在党50年 nomination list (PDF and XLSX). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "care_docs.h"
#include "date.h"
#include "pdf.h"
#include "pdf_layout.h"
#include "register.h"
#include "render.h"
#include "strbuf.h"
#include "wrapper.h"
#include "xlsx_table.h"

#define W      PL_WIDTH
#define INDENT 28.0

static int ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), k = strlen(tail);
	return n >= k && !strcmp(s + n - k, tail);
}

/* ---- the greeting card ---- */

struct card_ctx {
	const struct care_birthday *b;
	char today[11];
};

static void card_render(struct pl_doc *d, const void *ctx)
{
	const struct card_ctx *c = ctx;
	const struct care_birthday *b = c->b;
	char joined[PDF_TEXT_MAX], day[PDF_TEXT_MAX], anniversary[PDF_TEXT_MAX];
	struct strbuf t = STRBUF_INIT;
	pdf_day(b->joined_on, joined);
	pdf_day(b->anniversary, anniversary);
	pdf_day(c->today, day);
	pl_space(d, 60);
	pl_para(d, "政治生日贺卡", PL_TITLE, PANGO_ALIGN_CENTER, 0, 0);
	pl_space(d, 10);
	strbuf_addf(&t, "入党 %d 周年", b->party_years);
	pl_para(d, t.buf, PL_LABEL, PANGO_ALIGN_CENTER, 0, 0);
	strbuf_reset(&t);
	pl_space(d, 36);
	strbuf_addf(&t, "%s同志：", b->member_name);
	pl_para(d, t.buf, PL_BODY, PANGO_ALIGN_LEFT, 0, 0);
	strbuf_reset(&t);
	pl_space(d, 8);
	strbuf_addf(&t,
		    "您于%s光荣地加入中国共产党，%s是您入党 %d 周年的政治生日。"
		    "值此特殊的日子，%s向您致以最诚挚的祝贺和问候！",
		    joined, anniversary, b->party_years, b->org_name);
	pl_para(d, t.buf, PL_BODY, PANGO_ALIGN_LEFT, INDENT, 1);
	pl_space(d, 6);
	pl_para(d,
		"感谢您多年来对党的事业的忠诚与奉献。希望您不忘初心、牢记使命，"
		"永葆共产党员的政治本色，继续为党和人民的事业贡献力量。"
		"祝您政治生日快乐，身体健康，阖家幸福！",
		PL_BODY, PANGO_ALIGN_LEFT, INDENT, 1);
	pl_space(d, 48);
	pl_para(d, b->org_name, PL_BODY, PANGO_ALIGN_RIGHT, 0, 0);
	pl_para(d, day, PL_BODY, PANGO_ALIGN_RIGHT, 0, 0);
	strbuf_release(&t);
}

struct card_job {
	const struct care_birthday *b;
};

static int card_write(const char *path, void *ctx, struct bf_err *e)
{
	struct card_job *j = ctx;
	struct card_ctx c = {.b = j->b};
	date_format(date_today(), c.today);
	return pl_write(path, "政治生日贺卡", card_render, &c, e);
}

int care_card_render(struct core *c, const struct actor *a, int64_t member_id, int year,
		     void **data, size_t *len, char name[CARE_DOC_NAME_MAX], struct bf_err *e)
{
	struct care_birthday b;
	if (care_birthday_of(c, a, member_id, year, &b, e))
		return -1;
	struct card_job j = {&b};
	if (io_render("card.pdf", card_write, &j, data, len, e))
		return -1;
	snprintf(name, CARE_DOC_NAME_MAX, "政治生日贺卡_%s_入党%d周年.pdf", b.member_name,
		 b.party_years);
	return 0;
}

/* ---- 光荣在党50年 ---- */

struct medal_doc {
	const struct care_medal *items;
	size_t n;
	int year;
	char scope[TEXT_BYTES(TF_ORG_NAME_MAX)];
	char today[11];
};

#define MEDAL_COLS 7
static const double medal_x[MEDAL_COLS] = {34, 164, 222, 254, 336, 418, W};
static const char *const medal_heads[MEDAL_COLS] = {"序号",	"所在党组织", "姓名",	   "性别",
						    "出生日期", "入党时间",   "党龄（年）"};

static void medal_header(struct pl_doc *d, const void *ctx)
{
	(void)ctx;
	struct pl_cell h[MEDAL_COLS];
	for (int i = 0; i < MEDAL_COLS; i++)
		h[i] = (struct pl_cell){
		    i ? medal_x[i - 1] : 0, medal_x[i], medal_heads[i], PL_CELL_LABEL, PL_LABELS,
		    PANGO_ALIGN_CENTER,	    NULL};
	pl_row(d, h, MEDAL_COLS, 28, 0);
}

static void medal_render(struct pl_doc *d, const void *ctx)
{
	const struct medal_doc *m = ctx;
	struct strbuf t = STRBUF_INIT;
	char day[PDF_TEXT_MAX];
	strbuf_addf(&t, "%d年“光荣在党50年”纪念章颁发对象名单", m->year);
	pl_para(d, t.buf, PL_TITLE, PANGO_ALIGN_CENTER, 0, 0);
	strbuf_reset(&t);
	pl_space(d, 8);
	strbuf_addf(&t, "填报单位：%s　　共 %zu 人（%d 年入党、党龄达到 50 年的党员）", m->scope,
		    m->n, m->year - CARE_MEDAL_YEARS);
	pl_para(d, t.buf, PL_BODY, PANGO_ALIGN_LEFT, 0, 0);
	pl_space(d, 8);
	pl_table_begin(d, medal_header, m);
	for (size_t i = 0; i < m->n; i++) {
		const struct care_medal *x = &m->items[i];
		char no[24], years[16];
		snprintf(no, sizeof(no), "%zu", i + 1);
		snprintf(years, sizeof(years), "%d", x->party_years);
		const char *v[MEDAL_COLS] = {
		    no, x->org_name, x->member_name, x->gender, x->birth_date, x->joined_on, years};
		struct pl_cell row[MEDAL_COLS];
		for (int k = 0; k < MEDAL_COLS; k++)
			row[k] = (struct pl_cell){k ? medal_x[k - 1] : 0,
						  medal_x[k],
						  v[k],
						  PL_CELL_VALUE,
						  PL_TEXT,
						  k == 1 ? PANGO_ALIGN_LEFT : PANGO_ALIGN_CENTER,
						  NULL};
		pl_row(d, row, MEDAL_COLS, 24, 1);
	}
	pl_table_end(d);
	pl_space(d, 36);
	pl_para(d, m->scope, PL_BODY, PANGO_ALIGN_RIGHT, 0, 0);
	pdf_day(m->today, day);
	pl_para(d, day, PL_BODY, PANGO_ALIGN_RIGHT, 0, 0);
	strbuf_release(&t);
}

static int medal_xlsx(const struct medal_doc *m, const char *path, struct bf_err *e)
{
	static const struct xt_col cols[MEDAL_COLS] = {
	    {"序号", XT_INT, 6},	{"所在党组织", XT_TEXT, 24}, {"姓名", XT_TEXT, 10},
	    {"性别", XT_TEXT, 6},	{"出生日期", XT_DATE, 0},    {"入党时间", XT_DATE, 0},
	    {"党龄（年）", XT_INT, 10},
	};
	char caption[512];
	struct xt_book *b;
	snprintf(caption, sizeof(caption), "%d年“光荣在党50年”纪念章颁发对象名单（%s）", m->year,
		 m->scope);
	if (xt_open_captioned(&b, path, NULL, "光荣在党50年", caption, cols, MEDAL_COLS, e))
		return -1;
	int rc = 0;
	for (size_t i = 0; !rc && i < m->n; i++) {
		const struct care_medal *x = &m->items[i];
		xt_num(b, 0, (int64_t)(i + 1));
		xt_text(b, 1, x->org_name);
		xt_text(b, 2, x->member_name);
		xt_text(b, 3, x->gender);
		xt_cell(b, 4, x->birth_date);
		xt_cell(b, 5, x->joined_on);
		xt_num(b, 6, x->party_years);
		rc = xt_row_end(b, e);
	}
	struct bf_err scratch;
	if (xt_close(b, rc ? &scratch : e) || rc)
		return -1;
	return 0;
}

int care_medals_write(struct core *c, const struct actor *a, int64_t org_id, int year,
		      const char *path, struct bf_err *e)
{
	int pdf = ends_with(path, ".pdf"), xlsx = ends_with(path, ".xlsx");
	if (!pdf && !xlsx)
		return err_set(e, EC_INVALID, "out", "输出文件须以 .pdf 或 .xlsx 结尾");
	struct medal_doc m = {.year = year};
	struct care_medal *items = NULL;
	struct org o;
	int64_t id = org_id ? org_id : a->org_id;
	if (care_medals(c, a, org_id, year, &items, &m.n, e))
		return -1;
	m.items = items;
	snprintf(m.scope, sizeof(m.scope), "全区");
	if (id && !org_get(c, a, id, &o, e))
		snprintf(m.scope, sizeof(m.scope), "%s", o.name);
	date_format(date_today(), m.today);
	int rc = pdf ? pl_write(path, "光荣在党50年纪念章颁发对象名单", medal_render, &m, e)
		     : medal_xlsx(&m, path, e);
	free(items);
	return rc;
}

struct medal_job {
	struct core *c;
	const struct actor *a;
	int64_t org_id;
	int year;
};

static int medal_job_write(const char *path, void *ctx, struct bf_err *e)
{
	struct medal_job *j = ctx;
	return care_medals_write(j->c, j->a, j->org_id, j->year, path, e);
}

int care_medals_render(struct core *c, const struct actor *a, int64_t org_id, int year,
		       const char *fmt, void **data, size_t *len, char name[CARE_DOC_NAME_MAX],
		       struct bf_err *e)
{
	char file[16];
	if (strcmp(fmt, "pdf") && strcmp(fmt, "xlsx"))
		return err_set(e, EC_INVALID, "format", "格式只能是 pdf 或 xlsx");
	snprintf(file, sizeof(file), "medals.%s", fmt);
	struct medal_job j = {c, a, org_id, year};
	if (io_render(file, medal_job_write, &j, data, len, e))
		return -1;
	snprintf(name, CARE_DOC_NAME_MAX, "光荣在党50年纪念章名单_%d.%s", year, fmt);
	return 0;
}
