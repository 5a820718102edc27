/* demo_care_visits.c - visits and festival rounds in the demo district
 * (走访慰问, issue #12): the department opened the round of the coming
 * festival (元旦, 春节, 七一 or 重阳, whichever is next) ten days ago, due
 * in twenty; 东风村党支部 has visited about half of its members due, some
 * with money (posted on its fund as visit gifts, so the statement shows
 * them, the fund first receiving the dues it keeps) and some with goods;
 * and a few visits outside the round: a member in hospital, a family in
 * mourning, an old member.  Through the core API as the demo accounts, on
 * their days. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "care.h"
#include "date.h"
#include "demo_care.h"
#include "fund.h"
#include "wrapper.h"

static void at(struct ymd d, char out[11])
{
	date_format(d, out);
	setenv("BANGFU_TODAY", out, 1);
}

static struct ymd days_from(struct ymd d, int n)
{
	return date_from_days(date_to_days(d) + n);
}

/* The next festival after today (approximate days: 春节 early February,
 * 重阳 mid-October) and its year. */
static const char *next_festival(struct ymd today, int *year)
{
	static const struct {
		int m, d;
		const char *code;
	} f[] = {{2, 5, "spring"}, {7, 1, "july1"}, {10, 15, "double_ninth"}, {12, 31, "new_year"}};
	*year = today.y;
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (today.m < f[i].m || (today.m == f[i].m && today.d <= f[i].d)) {
			if (!strcmp(f[i].code, "new_year"))
				*year = today.y + 1;
			return f[i].code;
		}
	*year = today.y + 1;
	return "new_year";
}

/* The branch's fund with the dues it keeps, to give from. */
static int branch_money(struct core *c, struct demo_world *w, struct ymd day, struct bf_err *e)
{
	struct fund f;
	struct ledger_income in;
	char d[11];
	at(day, d);
	if (ledger_fund_ensure(c, &w->branch, w->branch_id[0], &f, e))
		return -1;
	memset(&in, 0, sizeof(in));
	in.fund_id = f.id;
	snprintf(in.source, sizeof(in.source), "dues");
	in.amount = 600000;
	snprintf(in.method, sizeof(in.method), "cash");
	snprintf(in.date, sizeof(in.date), "%s", d);
	snprintf(in.memo, sizeof(in.memo), "支部留存党费，用于节日走访慰问");
	return ledger_income(c, &w->branch, &in, NULL, e);
}

static const char *const findings[] = {
    "身体状况稳定，生活基本有保障，感谢组织关心。",
    "老人行动不便，子女在外务工，已联系村医定期上门。",
    "家中房屋漏雨，已报镇里安排修缮。",
    "精神状态良好，希望继续参加支部组织生活。",
};
static const char *const goods[] = {"大米一袋、食用油一桶", "棉被一床", "慰问品一份",
				    "牛奶一箱、水果一篮"};

/* About half of the branch's tasks visited over the last week: money on
 * even ones, goods on the others, one with both. */
static int round_visits(struct core *c, struct demo_world *w, struct ymd today, int64_t round,
			struct bf_err *e)
{
	struct visit_query q = {.round_id = round, .pending = 1, .limit = 200};
	struct visit *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	char d[11];
	at(days_from(today, -7), d);
	if (visit_list(c, &w->branch, &q, &items, &n, &total, e))
		return -1;
	int rc = 0;
	size_t half = (n + 1) / 2;
	for (size_t i = 0; !rc && i < half; i++) {
		struct visit *v = xcalloc(1, sizeof(*v));
		v->id = items[i].id;
		at(days_from(today, -6 + (int)(i * 6 / half)), v->visited_on);
		snprintf(v->visitors, sizeof(v->visitors), "%s",
			 i % 3 ? "支部书记李明、委员王芳" : "支部书记李明");
		snprintf(v->found, sizeof(v->found), "%s", findings[i % 4]);
		if (i % 2 == 0)
			v->gift_fen = items[i].std_gift_fen;
		if (i % 2 || i % 4 == 2) {
			snprintf(v->goods, sizeof(v->goods), "%s", goods[i % 4]);
			v->goods_value_fen = 10000 + 5000 * (int64_t)(i % 3);
		}
		rc = visit_record(c, &w->branch, v, "cash", e);
		free(v);
	}
	free(items);
	return rc;
}

/* Visits outside the round: hospital, condolence, an old member. */
static int other_visits(struct core *c, struct demo_world *w, struct ymd today, struct bf_err *e)
{
	static const struct {
		const char *occasion, *found, *goods;
		int days_ago;
		int64_t gift_fen, goods_fen;
	} x[] = {
	    {"hospital", "因病住院手术，术后恢复良好，家属陪护。", "", 40, 50000, 0},
	    {"death", "老党员因病去世，慰问家属，协助料理后事。", "花圈一个", 25, 100000, 30000},
	    {"old_member", "老党员身体尚可，讲述入党经历，叮嘱年轻党员。", "慰问品一份", 12, 0,
	     20000},
	};
	int rc = 0, k = w->nmember;
	for (size_t i = 0; !rc && i < sizeof(x) / sizeof(x[0]); i++) {
		/* members of 东风村党支部 from the end of the pool */
		while (--k >= 0 && w->member_branch[k] != 0)
			;
		if (k < 0)
			break;
		struct visit *v = xcalloc(1, sizeof(*v));
		int64_t id = 0;
		v->member_id = w->member[k];
		snprintf(v->occasion, sizeof(v->occasion), "%s", x[i].occasion);
		at(days_from(today, -x[i].days_ago), v->visited_on);
		snprintf(v->visitors, sizeof(v->visitors), "支部书记李明");
		snprintf(v->found, sizeof(v->found), "%s", x[i].found);
		snprintf(v->goods, sizeof(v->goods), "%s", x[i].goods);
		v->gift_fen = x[i].gift_fen;
		v->goods_value_fen = x[i].goods_fen;
		rc = visit_create(c, &w->branch, v, "cash", &id, e);
		free(v);
	}
	return rc;
}

static int visits_story(struct core *c, struct demo_world *w, struct ymd today, struct bf_err *e)
{
	struct visit_round r;
	int year = 0;
	char opened[11], due[11];
	date_format(days_from(today, 20), due);
	if (branch_money(c, w, days_from(today, -50), e))
		return -1;
	at(days_from(today, -10), opened);
	struct visit_round_open o = {.year = 0,
				     .title = "",
				     .due_on = due,
				     .old_party_years = -1,
				     .old_age = -1,
				     .gift_roll_fen = -1,
				     .gift_old_fen = -1,
				     .gift_capacity_fen = -1,
				     .gift_relief_fen = -1,
				     .gift_care_fen = -1};
	o.festival = next_festival(today, &year);
	o.year = year;
	if (visit_round_open(c, &w->dept, &o, &r, NULL, e) || round_visits(c, w, today, r.id, e) ||
	    other_visits(c, w, today, e))
		return -1;
	return 0;
}

int demo_care_visits(struct core *c, struct demo_world *w, struct bf_err *e)
{
	return visits_story(c, w, date_today(), e);
}
