/* verification_docs.c - the report of a verification campaign (走访核查) as
 * PDF and XLSX (verification_docs.h): read through the core's calls, drawn
 * with the forms' layout engine (pdf_layout.h) and the list workbook
 * (xlsx_table.h), handed back in memory through render.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "money.h"
#include "pdf_layout.h"
#include "render.h"
#include "strbuf.h"
#include "verification_docs.h"
#include "wrapper.h"
#include "xlsx_table.h"

struct report {
	struct verification_redraw d; /* the campaign, the seed, the population's SM3 */
	struct verification_progress *rows;
	size_t nrows;
	struct verification_check *checks;
	size_t nchecks;
};

static void report_release(struct report *r)
{
	verification_redraw_release(&r->d);
	free(r->rows);
	free(r->checks);
}

static int report_read(struct core *c, const struct actor *a, int64_t id, struct report *r,
		       struct bf_err *e)
{
	memset(r, 0, sizeof(*r));
	if (verification_redraw(c, a, id, &r->d, e) ||
	    verification_progress(c, a, id, &r->rows, &r->nrows, e) ||
	    verification_checks(c, a, id, 0, 0, NULL, &r->checks, &r->nchecks, e)) {
		report_release(r);
		return -1;
	}
	return 0;
}

static const char *finding_label(const char *f)
{
	if (!strcmp(f, "none"))
		return "无问题";
	if (!strcmp(f, "irregular"))
		return "存在问题";
	if (!strcmp(f, "fraud"))
		return "骗取帮扶款";
	return "未核查";
}

static const char *yes_no(const struct verification_check *k, int v)
{
	return strcmp(k->status, "done") ? "" : v ? "是" : "否";
}

/* --- PDF ---------------------------------------------------------------------- */

#define PCOLS 8
static const double pcol_x[PCOLS] = {120, 165, 205, 250, 295, 340, 390, PL_WIDTH};
static const char *const pcol_head[PCOLS] = {"党(工)委", "已发放", "抽查",     "已指派",
					     "已核查",	 "无问题", "存在问题", "骗取/追回（元）"};

static void progress_header(struct pl_doc *d, const void *ctx)
{
	struct pl_cell h[PCOLS];
	for (size_t i = 0; i < PCOLS; i++)
		h[i] = (struct pl_cell){
		    i ? pcol_x[i - 1] : 0, pcol_x[i], pcol_head[i], PL_CELL_LABEL, PL_LABELS,
		    PANGO_ALIGN_CENTER,	   NULL};
	pl_row(d, h, PCOLS, 26, 0);
}

#define FCOLS 6
static const double fcol_x[FCOLS] = {50, 125, 185, 255, 330, PL_WIDTH};
static const char *const fcol_head[FCOLS] = {"姓名",	 "党支部",   "结论",
					     "核查日期", "责任组织", "核查情况"};

static void finding_header(struct pl_doc *d, const void *ctx)
{
	struct pl_cell h[FCOLS];
	for (size_t i = 0; i < FCOLS; i++)
		h[i] = (struct pl_cell){
		    i ? fcol_x[i - 1] : 0, fcol_x[i], fcol_head[i], PL_CELL_LABEL, PL_LABELS,
		    PANGO_ALIGN_CENTER,	   NULL};
	pl_row(d, h, FCOLS, 26, 0);
}

static void render_pdf(struct pl_doc *d, const void *ctx)
{
	const struct report *r = ctx;
	const struct verification *v = &r->d.v;
	struct strbuf sb = STRBUF_INIT;
	pl_para(d, v->title, PL_TITLE, PANGO_ALIGN_CENTER, 0, 0);
	pl_space(d, 10);
	strbuf_addf(&sb,
		    "核查对象：%d 年度已发放帮扶款的案件，共 %zu 件。抽样办法：每个党(工)委按 "
		    "%d%% 抽取（向上取整），有已发放案件的党(工)委至少抽取 %d 件，共抽取 %lld "
		    "件。抽样日期 %s，完成期限 %s。",
		    v->year, r->d.population, v->share_pct, v->min_per_committee,
		    (long long)v->sample, v->drawn_on, v->due_on);
	pl_para(d, sb.buf, PL_BODY, PANGO_ALIGN_LEFT, 28, 1);
	strbuf_reset(&sb);
	strbuf_addf(&sb,
		    "随机种子 %s；抽样总体（案件编号与所属党(工)委）SM3 摘要 %s。以同一种子和总体"
		    "重新抽样（bangfu verification redraw %lld）%s。",
		    v->seed, r->d.digest, (long long)v->id,
		    r->d.same ? "结果与本次抽样一致" : "结果与本次抽样不一致，请核实");
	pl_para(d, sb.buf, PL_SMALL, PANGO_ALIGN_LEFT, 0, 0);
	pl_space(d, 10);
	pl_para(d, "一、各党(工)委核查进度与结果", PL_LABEL, PANGO_ALIGN_LEFT, 0, 0);
	pl_space(d, 4);
	pl_table_begin(d, progress_header, NULL);
	for (size_t i = 0; i < r->nrows; i++) {
		const struct verification_progress *p = &r->rows[i];
		char t[PCOLS][192];
		char m[MONEY_TEXT_MAX];
		money_format(p->recovered_fen, m);
		snprintf(t[0], sizeof(t[0]), "%s", p->org_name);
		snprintf(t[1], sizeof(t[1]), "%lld", (long long)p->population);
		snprintf(t[2], sizeof(t[2]), "%lld", (long long)p->sample);
		snprintf(t[3], sizeof(t[3]), "%lld", (long long)p->assigned);
		snprintf(t[4], sizeof(t[4]), "%lld", (long long)p->done);
		snprintf(t[5], sizeof(t[5]), "%lld", (long long)p->none);
		snprintf(t[6], sizeof(t[6]), "%lld", (long long)p->irregular);
		snprintf(t[7], sizeof(t[7]), "%lld / %s", (long long)p->fraud, m);
		struct pl_cell row[PCOLS];
		for (size_t c = 0; c < PCOLS; c++)
			row[c] = (struct pl_cell){c ? pcol_x[c - 1] : 0,
						  pcol_x[c],
						  t[c],
						  PL_CELL_VALUE,
						  PL_TEXT,
						  c ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT,
						  NULL};
		pl_row(d, row, PCOLS, 22, 0);
	}
	pl_table_end(d);
	pl_space(d, 14);
	pl_para(d, "二、发现的问题", PL_LABEL, PANGO_ALIGN_LEFT, 0, 0);
	pl_space(d, 4);
	size_t found = 0;
	for (size_t i = 0; i < r->nchecks; i++)
		found += !strcmp(r->checks[i].finding, "irregular") ||
			 !strcmp(r->checks[i].finding, "fraud");
	if (!found) {
		pl_para(d, "本次核查未发现问题。", PL_BODY, PANGO_ALIGN_LEFT, 28, 0);
	} else {
		pl_table_begin(d, finding_header, NULL);
		for (size_t i = 0; i < r->nchecks; i++) {
			const struct verification_check *k = &r->checks[i];
			if (strcmp(k->finding, "irregular") && strcmp(k->finding, "fraud"))
				continue;
			char notes[2200];
			if (k->recovery_id)
				snprintf(notes, sizeof(notes), "%s（已开启追回，追回记录 %lld）",
					 k->notes, (long long)k->recovery_id);
			else
				snprintf(notes, sizeof(notes), "%s", k->notes);
			const char *t[FCOLS] = {
			    k->member_name, k->org_name,	 finding_label(k->finding),
			    k->checked_on,  k->responsible_name, notes};
			struct pl_cell row[FCOLS];
			for (size_t c = 0; c < FCOLS; c++)
				row[c] = (struct pl_cell){c ? fcol_x[c - 1] : 0,
							  fcol_x[c],
							  t[c],
							  PL_CELL_VALUE,
							  PL_TEXT,
							  c == FCOLS - 1 ? PANGO_ALIGN_LEFT
									 : PANGO_ALIGN_CENTER,
							  NULL};
			pl_row(d, row, FCOLS, 22, 1);
		}
		pl_table_end(d);
	}
	strbuf_release(&sb);
}

/* --- XLSX ----------------------------------------------------------------------- */

static const struct xt_col xcols[] = {
    {"党(工)委", XT_TEXT, 18},	     {"抽样序号", XT_INT, 8},	 {"档案编号", XT_INT, 9},
    {"姓名", XT_TEXT, 10},	     {"党支部", XT_TEXT, 18},	 {"发放日期", XT_DATE, 0},
    {"发放金额（元）", XT_MONEY, 0}, {"核查人", XT_TEXT, 10},	 {"核查日期", XT_DATE, 0},
    {"电话打通", XT_TEXT, 8},	     {"号码正确", XT_TEXT, 8},	 {"生活状况属实", XT_TEXT, 10},
    {"已张贴公示", XT_TEXT, 9},	     {"已收款签收", XT_TEXT, 9}, {"结论", XT_TEXT, 10},
    {"责任组织", XT_TEXT, 18},	     {"追回记录", XT_INT, 8},	 {"核查情况", XT_TEXT, 40},
};
#define NXCOLS (sizeof(xcols) / sizeof(xcols[0]))

static int write_xlsx(const char *path, const struct report *r, struct bf_err *e)
{
	struct xt_book *b;
	if (xt_open(&b, path, NULL, "走访核查", xcols, NXCOLS, e))
		return -1;
	for (size_t i = 0; i < r->nchecks; i++) {
		const struct verification_check *k = &r->checks[i];
		size_t c = 0;
		xt_text(b, c++, k->committee_name);
		xt_num(b, c++, k->draw_rank);
		xt_num(b, c++, k->case_id);
		xt_text(b, c++, k->member_name);
		xt_text(b, c++, k->org_name);
		xt_cell(b, c++, k->paid_on);
		xt_num(b, c++, k->amount);
		xt_text(b, c++, k->checker_name);
		xt_cell(b, c++, k->checked_on);
		xt_text(b, c++, yes_no(k, k->phone_reached));
		xt_text(b, c++, yes_no(k, k->phone_correct));
		xt_text(b, c++, yes_no(k, k->living_as_declared));
		xt_text(b, c++, yes_no(k, k->notice_posted));
		xt_text(b, c++, yes_no(k, k->money_received));
		xt_text(b, c++, finding_label(k->finding));
		xt_text(b, c++, k->responsible_name);
		if (k->recovery_id)
			xt_num(b, c, k->recovery_id);
		c++;
		xt_text(b, c++, k->notes);
		if (xt_row_end(b, e)) {
			xt_close(b, NULL);
			return -1;
		}
	}
	return xt_close(b, e);
}

struct job {
	struct core *c;
	const struct actor *a;
	int64_t id;
	int pdf;
};

static int job_write(const char *path, void *ctx, struct bf_err *e)
{
	struct job *j = ctx;
	struct report r;
	if (report_read(j->c, j->a, j->id, &r, e))
		return -1;
	int rc = j->pdf ? pl_write(path, r.d.v.title, render_pdf, &r, e) : write_xlsx(path, &r, e);
	report_release(&r);
	return rc;
}

int verification_doc_write(struct core *c, const struct actor *a, int64_t id, const char *path,
			   struct bf_err *e)
{
	size_t n = strlen(path);
	struct job j = {.c = c, .a = a, .id = id};
	if (n > 4 && !strcmp(path + n - 4, ".pdf"))
		j.pdf = 1;
	else if (!(n > 5 && !strcmp(path + n - 5, ".xlsx")))
		return err_set(e, EC_INVALID, "out", "输出文件须以 .pdf 或 .xlsx 结尾");
	return job_write(path, &j, e);
}

int verification_doc_render(struct core *c, const struct actor *a, int64_t id, const char *fmt,
			    void **data, size_t *len, char name[VERIFICATION_DOC_NAME_MAX],
			    struct bf_err *e)
{
	struct job j = {.c = c, .a = a, .id = id, .pdf = !strcmp(fmt, "pdf")};
	struct verification v;
	if (verification_get(c, a, id, &v, e))
		return -1;
	int rc = io_render(j.pdf ? "report.pdf" : "report.xlsx", job_write, &j, data, len, e);
	if (!rc)
		snprintf(name, VERIFICATION_DOC_NAME_MAX, "%s_%s.%s", v.title, v.drawn_on, fmt);
	return rc;
}
