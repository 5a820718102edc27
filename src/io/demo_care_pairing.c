/* demo_care_pairing.c - the demo's pairings and the tasks events made
 * (issue #12, care.h): a year of 结对帮扶 in 城关镇 — pairings of 造血型
 * members on the roll with a register member or a leading cadre, help
 * records every month or two (one with a photo when the server keeps
 * files), one left without a record for more than 90 days (on 东风村党支部's
 * to-do list), one ended with its reason and outcome, and the rest of the
 * 造血型 members left unpaired for the department's coverage view; then the
 * event-made tasks: the condolence owed since this winter's death on the
 * roll is paid, a member falls ill two days ago (an emergency case: a
 * hospital visit task due in a few days) and an old member died yesterday
 * (a condolence task).  Through the core as the demo accounts, each step
 * on its own day (BANGFU_TODAY). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "care.h"
#include "cases.h"
#include "date.h"
#include "demo_care.h"
#include "wrapper.h"

#define COPY(dst, src) snprintf((dst), sizeof(dst), "%s", (src))

struct pctx {
	struct core *c;
	struct demo_world *w;
	struct ymd today;
	char taken[DEMO_POOL_MAX];
};

/* today - n days (never before 1 January of last year), as the day. */
static void ago(const struct pctx *x, int n, char out[11])
{
	date_format(date_from_days(date_to_days(x->today) - n), out);
	setenv("BANGFU_TODAY", out, 1);
}

/* A pool member of T01V01 (own) or of T01's other branches with no period
 * on the roll and not used here, from the end of the pool (the cases took
 * the first); -1 none. */
static int free_in(struct pctx *x, int own, struct bf_err *e)
{
	for (int i = x->w->nmember - 1; i >= 0; i--) {
		struct roll_entry *items = NULL;
		size_t n = 0;
		int b = x->w->member_branch[i];
		if (x->taken[i] || b >= 8 || (b == 0) != own)
			continue;
		x->taken[i] = 1;
		if (roll_of_member(x->c, &x->w->dept, x->w->member[i], &items, &n, e))
			return -2;
		free(items);
		if (n == 0)
			return i;
	}
	return -1;
}

/* A free member of T01V01, else of T01's other branches; -1 none. */
static int free_member(struct pctx *x, struct bf_err *e)
{
	int i = free_in(x, 1, e);
	return i == -1 ? free_in(x, 0, e) : i;
}

/* Who writes for pool member i: 东风村党支部 its own, the committee others. */
static const struct actor *writer(struct pctx *x, int i)
{
	return x->w->member_branch[i] == 0 ? &x->w->branch : &x->w->town;
}

/* Last year's survey found young members held back by want of skills or
 * capital (造血型): the committee puts them on the roll, two of
 * 东风村党支部 and four of other villages. */
static int capacity_members(struct pctx *x, struct bf_err *e)
{
	static const char *const needs[] = {"养殖技术和启动资金", "种植技术、销售渠道",
					    "小额贷款、经营指导"};
	struct roll_entry *in = xcalloc(1, sizeof(*in)), *out = xcalloc(1, sizeof(*out));
	int rc = 0;
	for (int k = 0; k < 6 && !rc; k++) {
		int i = free_in(x, k < 2, e);
		if (i < 0) {
			rc = i == -1 ? 0 : -1;
			continue;
		}
		memset(in, 0, sizeof(*in));
		in->member_id = x->w->member[i];
		ago(x, 340 - 3 * k, in->since_on);
		COPY(in->category, "capacity");
		COPY(in->tier, k % 2 ? "moderate" : "temporary");
		policy_codes_add(&in->causes, k % 2 ? "lack_capital" : "lack_skills");
		COPY(in->household, "夫妻二人，子女上学");
		in->household_size = 3 + k % 2;
		in->income_fen = (2600 + 150 * k) * 100;
		COPY(in->income_sources, "务农、零工");
		COPY(in->state_of_mind, "有脱困愿望，想学技术");
		COPY(in->needs, needs[k % 3]);
		rc = roll_register(x->c, &x->w->town, in, out, e);
	}
	free(in);
	free(out);
	return rc;
}

/* One pairing's story: created `start` days ago, a record on each day of
 * days[] (days ago, 0-terminated), ended `end` days ago when > 0. */
struct story {
	const char *helper_name, *helper_post; /* NULL: a register member */
	const char *goal, *measures, *place, *matter;
	int start, days[8];
	const char *what[8], *result[8];
	int end;
	const char *end_note, *outcome;
};

static const struct story stories[] = {
    {NULL,
     "村党支部书记",
     "发展林下养鸡，年内家庭人均增收 3000 元",
     "协调小额贴息贷款购鸡苗；联系县畜牧站技术员上门指导防疫；对接镇上农家乐收购",
     "东风村3组家中及林地",
     "建鸡舍、购鸡苗 500 羽",
     320,
     {300, 250, 190, 130, 70, 20, 0},
     {"上门了解家庭情况，商定养鸡计划", "协调贴息贷款 2 万元到位", "陪同购买鸡苗 500 羽",
      "联系畜牧站技术员指导防疫", "联系农家乐签订收购协议", "回访：首批鸡出栏 180 羽"},
     {"本人有意愿，选定林地", "贷款已发放", "鸡苗已入舍", "完成首次防疫", "约定每月收购 50 羽",
      "收入约 1.1 万元"},
     0,
     NULL,
     NULL},
    {"李卫东",
     "城关镇党委书记",
     "种植食用菌 2 亩，两年内稳定脱困",
     "争取产业扶持资金建大棚；推荐参加食用菌技能培训；对接电商合作社销售",
     "村东大棚基地",
     "建菌棚两个、购菌棒 8000 棒",
     280,
     {260, 200, 150, 95, 40, 12, 0},
     {"走访了解劳动力和土地情况", "争取产业扶持资金 1.5 万元", "推荐参加镇食用菌培训班",
      "大棚建成，菌棒入棚", "对接电商合作社", "查看出菇情况"},
     {"确定种植食用菌", "资金已拨付", "已参加培训", "8000 棒入棚", "签订销售协议", "首茬出菇良好"},
     0,
     NULL,
     NULL},
    /* stale: the last record 100 days ago */
    {"王海燕",
     "城关镇副镇长",
     "家庭养殖生猪 10 头",
     "协调仔猪和饲料赊购；联系兽医定期上门",
     "东风村5组家中",
     "建猪圈、购仔猪",
     200,
     {180, 100, 0},
     {"上门商定养猪计划", "联系兽医上门为仔猪防疫"},
     {"已选好猪圈位置", "防疫完成"},
     0,
     NULL,
     NULL},
    /* ended */
    {NULL,
     "村委会主任",
     "开办小卖部，稳定家庭收入",
     "协调门面、进货渠道和启动资金",
     "村部旁门面",
     "开小卖部",
     260,
     {240, 180, 110, 0},
     {"商定开店计划", "协调门面租金减免", "小卖部开业"},
     {"本人积极", "租金减半", "日营业额约 300 元"},
     45,
     "帮扶对象经营稳定，已提出脱困申请",
     "小卖部年纯收入约 2.4 万元，家庭人均收入超过标准"},
};

/* A tiny PNG: the photo of a record (the server checks the bytes). */
static const unsigned char photo[] = {
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48,
    0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00,
    0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78,
    0xDA, 0x63, 0xFC, 0xCF, 0xC0, 0xF0, 0x1F, 0x00, 0x05, 0x05, 0x02, 0x00, 0x5F, 0xC8,
    0xF1, 0xD2, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82};

static int tell(struct pctx *x, const struct story *s, int64_t member_id, const struct actor *a,
		struct bf_err *e)
{
	struct pairing *in = xcalloc(1, sizeof(*in)), *out = xcalloc(1, sizeof(*out));
	struct help_record *r = xcalloc(1, sizeof(*r));
	int rc = 0;
	in->member_id = member_id;
	if (s->helper_name) {
		COPY(in->helper_name, s->helper_name);
	} else {
		int h = free_member(x, e);
		if (h < 0) {
			rc = h == -1 ? 0 : -1;
			goto out;
		}
		in->helper_member_id = x->w->member[h];
	}
	COPY(in->helper_post, s->helper_post);
	COPY(in->goal, s->goal);
	COPY(in->measures, s->measures);
	COPY(in->place, s->place);
	COPY(in->matter, s->matter);
	ago(x, s->start, in->start_on);
	date_format(date_from_days(date_to_days(x->today) - s->start + 365), in->target_on);
	if ((rc = pairing_create(x->c, a, in, out, NULL, e)))
		goto out;
	for (int k = 0; s->days[k] && !rc; k++) {
		memset(r, 0, sizeof(*r));
		ago(x, s->days[k], r->done_on);
		COPY(r->what, s->what[k]);
		COPY(r->result, s->result[k]);
		rc = pairing_record_add(x->c, a, out->id, r, e);
		/* the first story's latest record comes with its photo */
		if (!rc && s == stories && !s->days[k + 1] && x->c->files_dir && *x->c->files_dir)
			rc = pairing_record_attach(x->c, a, r->id, "鸡舍回访照片.png", photo,
						   sizeof(photo), NULL, e);
	}
	if (!rc && s->end > 0) {
		char d[11];
		ago(x, s->end, d);
		rc = pairing_end(x->c, a, out->id, d, s->end_note, s->outcome, 0, e);
	}
out:
	free(in);
	free(out);
	free(r);
	return rc;
}

/* The pairings: the 造血型 members of 城关镇 on the roll, T01V01's first
 * (the demo branch's to-do list), two of them left unpaired. */
static int pairings(struct pctx *x, struct bf_err *e)
{
	struct pairing_gap *gaps = NULL;
	size_t n = 0, k = 0;
	int64_t total = 0, covered = 0;
	if (pairing_gaps(x->c, &x->w->dept, x->w->town_id, 0, 200, &gaps, &n, &total, &covered, e))
		return -1;
	int rc = 0;
	size_t want = sizeof(stories) / sizeof(stories[0]);
	for (int pass = 0; pass < 2 && !rc; pass++)
		for (size_t i = 0; i < n && k < want && k + 2 < n && !rc; i++) {
			int own = gaps[i].org_id == x->w->branch_id[0];
			if (own == !pass)
				rc = tell(x, &stories[k++], gaps[i].member_id,
					  own ? &x->w->branch : &x->w->town, e);
		}
	free(gaps);
	return rc;
}

/* The condolence and hospital visits owed long ago (this winter's death
 * on the roll) were paid on their day. */
static int old_tasks_done(struct pctx *x, struct bf_err *e)
{
	struct visit_query q = {.pending = 1, .in_round = 2, .limit = 200};
	struct visit *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	char limit[11];
	date_format(date_from_days(date_to_days(x->today) - 20), limit);
	if (visit_list(x->c, &x->w->dept, &q, &items, &n, &total, e))
		return -1;
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		if (!items[i].due_on[0] || strcmp(items[i].due_on, limit) >= 0)
			continue;
		struct ymd due;
		if (date_parse(items[i].due_on, &due, NULL, "due_on", "完成期限", e))
			break;
		struct visit *v = xcalloc(1, sizeof(*v));
		v->id = items[i].id;
		/* the day before it was due */
		date_format(date_from_days(date_to_days(due) - 1), v->visited_on);
		setenv("BANGFU_TODAY", v->visited_on, 1);
		COPY(v->visitors, "党支部书记、村委会主任");
		COPY(v->found, strcmp(items[i].occasion, "death")
				   ? "病情稳定，家属照料，转达组织关心"
				   : "家属情绪基本稳定，后事已料理，转达组织慰问");
		COPY(v->goods, "慰问品一份");
		v->goods_value_fen = 20000;
		rc = visit_record(x->c, &x->w->town, v, NULL, e);
		free(v);
	}
	free(items);
	return rc;
}

/* A member fell ill two days ago: the emergency case makes the hospital
 * visit task.  An old member died yesterday: the condolence task. */
static int recent_events(struct pctx *x, struct bf_err *e)
{
	char d[11];
	int i = free_member(x, e);
	if (i < -1)
		return -1;
	if (i >= 0) {
		struct case_input in;
		struct aid_case *out = xcalloc(1, sizeof(*out));
		case_input_init(&in);
		COPY(in.kind, "emergency");
		in.member_id = x->w->member[i];
		COPY(in.loss_type, "sudden_illness");
		policy_codes_add(&in.conditions, "serious_illness");
		policy_codes_add(&in.causes, "illness");
		COPY(in.situation, "突发脑梗住院治疗，医疗费用负担较重");
		in.requested_fen = 200000;
		ago(x, 2, d);
		int rc = case_create(x->c, writer(x, i), &in, out, e);
		free(out);
		if (rc)
			return -1;
	}
	if ((i = free_member(x, e)) < -1)
		return -1;
	if (i < 0)
		return 0;
	struct member *m = xcalloc(1, sizeof(*m));
	ago(x, 1, d);
	int rc = member_get_plain(x->c, writer(x, i), x->w->member[i], m, e);
	if (!rc) {
		COPY(m->status, "亡故");
		rc = member_update(x->c, writer(x, i), m, e);
	}
	member_free(m);
	return rc;
}

int demo_care_pairing(struct core *c, struct demo_world *w, struct bf_err *e)
{
	struct pctx *x = xcalloc(1, sizeof(*x));
	x->c = c;
	x->w = w;
	x->today = date_today();
	/* the recent events first, while 东风村党支部 has members to spare */
	int rc =
	    old_tasks_done(x, e) || recent_events(x, e) || capacity_members(x, e) || pairings(x, e)
		? -1
		: 0;
	free(x);
	return rc;
}
