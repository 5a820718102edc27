/* demo_care_plans.c - help plans (帮扶计划, issue #12) in the demo district:
 * the 造血型 members on the roll in 城关镇 and most of the others have this
 * year's plan, made by
 * their branch (东风村) or the town's committee (the other villages) some
 * months ago, with a project (宜农/宜工/宜商 in turn), a training and a
 * market or job measure; since then measures were started, done, one
 * dropped with its reason, progress noted, and a few are past their due
 * day (on the branch's to-do list).  The member with the district's
 * start-up loan has a start-up capital measure linked to it; a member of
 * 60 or more without income a 五保 referral; the open review of the roll
 * has noted two plans.  Through the core API as the demo accounts, on
 * their days. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "care.h"
#include "cases.h"
#include "date.h"
#include "demo_care.h"
#include "fund.h"
#include "store_roll_review.h"
#include "wrapper.h"

static const char *const PROJECT[] = {"farming", "industry", "commerce"};
static const char *const PROJECT_TARGET[] = {"发展林下养鸡500羽，年增收8000元",
					     "到镇竹木加工厂务工并学习手艺",
					     "开办农村电商网店销售土特产"};

struct plans_ctx {
	struct core *c;
	struct demo_world *w;
	struct ymd today, made;
	int year;
	int64_t loan_id, loan_member;
	int64_t plan_ids[2];
	int nplans;
};

static void at(struct ymd d, char out[11])
{
	date_format(d, out);
	setenv("BANGFU_TODAY", out, 1);
}

/* today + n days, kept within the plan's year. */
static void due(const struct plans_ctx *x, int n, char out[11])
{
	struct ymd d = date_from_days(date_to_days(x->today) + n);
	if (d.y < x->year)
		d = (struct ymd){x->year, 1, 1};
	if (d.y > x->year)
		d = (struct ymd){x->year, 12, 31};
	date_format(d, out);
}

/* The writer of a member's plan: 东风村's own branch, else the town. */
static const struct actor *writer(const struct plans_ctx *x, int64_t org_id)
{
	return org_id == x->w->branch_id[0] ? &x->w->branch : &x->w->town;
}

static void measure(struct help_plan_measure *m, const char *kind, const char *target,
		    const char *due_on)
{
	memset(m, 0, sizeof(*m));
	snprintf(m->kind, sizeof(m->kind), "%s", kind);
	snprintf(m->target, sizeof(m->target), "%s", target);
	snprintf(m->due_on, sizeof(m->due_on), "%s", due_on);
}

/* The plan of gap i, made on x->made: its id in *id. */
static int make_plan(struct plans_ctx *x, const struct help_plan_gap *g, int i, int64_t *id,
		     struct bf_err *e)
{
	struct help_plan *p = xcalloc(1, sizeof(*p));
	struct help_security_hint h;
	char d1[11], d2[11], d3[11];
	size_t k = 0;
	int rc = help_security_hint(x->c, writer(x, g->org_id), g->member_id, &h, e);
	p->m = xcalloc(4, sizeof(*p->m));
	due(x, 90 + (i % 3) * 20, d1);
	due(x, (i % 4 == 1) ? -25 : -60, d2); /* i % 4 == 1: the training is overdue */
	due(x, (i % 5 == 2) ? -10 : 45, d3);  /* i % 5 == 2: the job referral too */
	p->member_id = g->member_id;
	p->year = x->year;
	snprintf(p->goal, sizeof(p->goal), "%s",
		 h.suggested ? "兜底保障，确保基本生活"
			     : "发展产业、稳定增收，年内人均纯收入提高3000元");
	measure(&p->m[k], "project", PROJECT_TARGET[i % 3], d1);
	snprintf(p->m[k++].project_kind, sizeof(p->m[0].project_kind), "%s", PROJECT[i % 3]);
	measure(&p->m[k++], "training", i % 2 ? "参加电商技能培训" : "参加种养殖实用技术培训", d2);
	measure(&p->m[k++], i % 2 ? "job" : "market",
		i % 2 ? "推荐家属到镇工业园区就业" : "对接镇电商服务站，落实农产品销路", d3);
	if (g->member_id == x->loan_member) {
		measure(&p->m[k], "capital", "创业帮扶借款用于购买种苗和饲料", d2);
		p->m[k++].loan_id = x->loan_id;
	} else if (h.suggested) {
		measure(&p->m[k], "security", "申请纳入五保供养", d1);
		snprintf(p->m[k++].security_kind, sizeof(p->m[0].security_kind), "wubao");
	}
	p->nmeasures = k;
	if (!rc)
		rc = help_plan_create(x->c, writer(x, g->org_id), p, id, e);
	free(p->m);
	free(p);
	return rc;
}

/* Sets measure m's status (and note) as a of the plan's branch. */
static int set_status(struct plans_ctx *x, const struct actor *a, const struct help_plan_measure *m,
		      const char *status, const char *note, struct bf_err *e)
{
	struct help_measure_patch p = {.status = status, .note = note, .version = m->version};
	return help_measure_update(x->c, a, m->id, &p, NULL, e);
}

/* Progress since the plan was made, on a day before today. */
static int progress(struct plans_ctx *x, int64_t id, int i, struct bf_err *e)
{
	struct help_plan *p = xcalloc(1, sizeof(*p));
	char day[11];
	int rc = help_plan_get(x->c, &x->w->admin, id, p, e);
	const struct actor *a = rc ? NULL : writer(x, p->org_id);
	int64_t d = date_to_days(x->today) - 30;
	at(date_from_days(d < date_to_days(x->made) ? date_to_days(x->made) : d), day);
	for (size_t k = 0; !rc && k < p->nmeasures; k++) {
		struct help_plan_measure *m = &p->m[k];
		if (!strcmp(m->kind, "training") && i % 4 != 1)
			rc = set_status(x, a, m, "done", "已参加县农业农村局举办的培训班", e);
		else if (!strcmp(m->kind, "project") && i % 4 != 0) {
			struct help_plan_note n = {0};
			snprintf(n.text, sizeof(n.text), "%s",
				 i % 3 == 0 ? "鸡舍已建好，首批鸡苗已入栏" : "已联系好场地和销路");
			rc = set_status(x, a, m, i % 4 == 3 ? "done" : "doing", "", e) ||
			     help_note_add(x->c, a, m->id, &n, NULL, e);
		} else if (!strcmp(m->kind, "market") && i % 6 == 4)
			rc = set_status(x, a, m, "dropped", "本人身体原因暂缓，改为推荐就业", e);
		else if (!strcmp(m->kind, "capital"))
			rc = set_status(x, a, m, "done", "借款已发放，购买种苗饲料", e);
	}
	help_plan_release(p);
	free(p);
	return rc;
}

/* The open review of the roll notes the first plans. */
static int reviews(struct plans_ctx *x, struct bf_err *e)
{
	struct roll_review *rr = NULL;
	size_t n = 0;
	char day[11];
	int rc = roll_review_list(x->c, &x->w->dept, x->year, &rr, &n, e);
	at(date_from_days(date_to_days(x->today) - 2), day);
	for (size_t i = 0; !rc && i < n; i++) {
		if (strcmp(rr[i].status, "open"))
			continue;
		for (int k = 0; !rc && k < x->nplans; k++) {
			struct help_plan_review r = {.review_id = rr[i].id};
			snprintf(r.progress, sizeof(r.progress), "%s",
				 k ? "培训已完成，产业项目正在推进"
				   : "养殖项目已见效，鸡蛋已通过电商销售");
			snprintf(r.next_steps, sizeof(r.next_steps), "%s",
				 k ? "下半年落实销路，争取年底脱困" : "扩大养殖规模，带动周边农户");
			rc = help_review_add(x->c, &x->w->branch, x->plan_ids[k], &r, e);
		}
		break;
	}
	free(rr);
	return rc;
}

/* The district's start-up loan (to w->member[0]). */
static int find_loan(struct plans_ctx *x, struct bf_err *e)
{
	struct loan *l = NULL;
	size_t n = 0;
	if (loan_list(x->c, &x->w->admin, "", 0, &l, &n, e))
		return -1;
	for (size_t i = 0; i < n && !x->loan_id; i++)
		if (l[i].member_id == x->w->member[0]) {
			x->loan_id = l[i].id;
			x->loan_member = l[i].member_id;
		}
	free(l);
	return 0;
}

static int story(struct plans_ctx *x, struct bf_err *e)
{
	struct help_plan_gap *g = NULL;
	size_t n = 0;
	int64_t total = 0, *ids = NULL;
	char day[11];
	int rc = find_loan(x, e);
	if (!rc)
		rc = help_plan_gaps(x->c, &x->w->town, 0, x->year, 0, 200, &g, &n, &total, e);
	ids = xcalloc(n ? n : 1, sizeof(*ids));
	at(x->made, day);
	/* the 造血型 members first, then most of the others: every fifth of
	 * those is left without a plan (the organisation's view shows them) */
	for (size_t i = 0; !rc && i < n; i++)
		if (!strcmp(g[i].category, "capacity") || i % 5 != 4 ||
		    g[i].member_id == x->loan_member)
			rc = make_plan(x, &g[i], (int)i, &ids[i], e);
	for (size_t i = 0; !rc && i < n; i++)
		if (ids[i]) {
			rc = progress(x, ids[i], (int)i, e);
			if (!rc && g[i].org_id == x->w->branch_id[0] && x->nplans < 2)
				x->plan_ids[x->nplans++] = ids[i];
		}
	if (!rc)
		rc = reviews(x, e);
	free(ids);
	free(g);
	return rc;
}

int demo_care_plans(struct core *c, struct demo_world *w, struct bf_err *e)
{
	struct plans_ctx x = {.c = c, .w = w, .today = date_today()};
	x.year = x.today.y;
	/* made some months ago, this year */
	x.made = date_from_days(date_to_days(x.today) - 150);
	if (x.made.y < x.year)
		x.made = (struct ymd){x.year, 1, 2};
	if (date_to_days(x.made) > date_to_days(x.today))
		x.made = x.today;
	return story(&x, e);
}
