/* demo_roll.c - the demo district's hardship roll with two years of
 * history (issue #11): last year's approved cases are on it already (they
 * enter with their approval); here branches register members found in
 * last summer's survey and their committee confirms them (one is refused),
 * the committee registers some of its own, tiers change with reasons in
 * the November review, one member leaves for work and relapses this year,
 * one dies, an income is brought up to date.  Every step goes through the
 * core API as the demo accounts on its own day (BANGFU_TODAY), so the roll
 * as of last year's 30 June, today's roll and each member's periods read
 * like the work of two years. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cases.h"
#include "date.h"
#include "demo_cases.h"
#include "wrapper.h"

#define COPY(dst, src) snprintf((dst), sizeof(dst), "%s", (src))

struct rctx {
	struct core *c;
	struct demo_world *w;
	const struct calendar *cal;
	struct ymd today;
	char taken[DEMO_POOL_MAX]; /* on the roll, or used here */
};

/* d, moved to the first working day on or after it, never after today. */
static struct ymd day_of(const struct rctx *x, struct ymd d)
{
	for (int i = 0; i < 30 && !calendar_is_workday(x->cal, d); i++)
		d = date_from_days(date_to_days(d) + 1);
	return date_cmp(d, x->today) > 0 ? x->today : d;
}

static void at(struct ymd d, char out[11])
{
	date_format(d, out);
	setenv("BANGFU_TODAY", out, 1);
}

/* The next pool member of T01V01 (branch0101 == 1) or of T01's other
 * branches (0) who has no period on the roll; -1 none. */
static int next_free(struct rctx *x, int own, struct bf_err *e)
{
	for (int i = 0; i < x->w->nmember; i++) {
		int b = x->w->member_branch[i];
		if (x->taken[i] || b >= 8 || (b == 0) != own)
			continue;
		struct roll_entry *items = NULL;
		size_t n = 0;
		if (roll_of_member(x->c, &x->w->dept, x->w->member[i], &items, &n, e))
			return -2;
		free(items);
		x->taken[i] = 1;
		if (n == 0)
			return i;
	}
	return -1;
}

static const struct {
	const char *category, *tier, *causes[2], *household, *sources, *subsidies, *mind, *needs;
	int size;
	int64_t income_yuan;
} facts[] = {
    {"relief",
     "severe",
     {"illness", NULL},
     "本人、配偶",
     "务农",
     "低保",
     "思想稳定，配合治疗",
     "医疗救助",
     2,
     2600},
    {"capacity",
     "temporary",
     {"lack_capital", "lack_skills"},
     "本人、配偶、子女二人",
     "务农、零工",
     "",
     "有发展养殖的想法",
     "创业资金和技术指导",
     4,
     3900},
    {"care",
     "moderate",
     {"lack_labour", NULL},
     "独居",
     "养老金",
     "五保",
     "年老体弱，盼组织常来看看",
     "生活照料",
     1,
     3100},
    {"relief",
     "temporary",
     {"disaster", NULL},
     "本人、配偶、母亲",
     "务农",
     "",
     "积极自救",
     "修缮房屋",
     3,
     3300},
    {"relief",
     "moderate",
     {"disability", NULL},
     "本人、配偶、子女",
     "配偶务工",
     "残疾人补贴",
     "情绪有些低落",
     "康复治疗",
     3,
     2900},
    {"capacity",
     "moderate",
     {"attitude", "lack_skills"},
     "本人、父亲",
     "零工",
     "",
     "对脱困信心不足",
     "技能培训",
     2,
     4200},
};

static void fill(struct roll_entry *in, int64_t member, int k, const char *since)
{
	memset(in, 0, sizeof(*in));
	in->member_id = member;
	COPY(in->since_on, since);
	COPY(in->category, facts[k].category);
	COPY(in->tier, facts[k].tier);
	for (int i = 0; i < 2 && facts[k].causes[i]; i++)
		policy_codes_add(&in->causes, facts[k].causes[i]);
	COPY(in->household, facts[k].household);
	in->household_size = facts[k].size;
	in->income_fen = facts[k].income_yuan * 100;
	COPY(in->income_sources, facts[k].sources);
	COPY(in->subsidies, facts[k].subsidies);
	COPY(in->state_of_mind, facts[k].mind);
	COPY(in->needs, facts[k].needs);
}

/* Registers pool member i with facts k on day: by branch0101 for its own
 * members (pending), by the committee for the others (on the roll). */
static int64_t enrol(struct rctx *x, int i, int k, struct ymd day, struct bf_err *e)
{
	struct roll_entry *in = xcalloc(1, sizeof(*in)), *out = xcalloc(1, sizeof(*out));
	char d[11];
	at(day, d);
	fill(in, x->w->member[i], k, d);
	const struct actor *a = x->w->member_branch[i] == 0 ? &x->w->branch : &x->w->town;
	int rc = roll_register(x->c, a, in, out, e);
	int64_t id = rc ? -1 : out->id;
	free(in);
	free(out);
	return id;
}

static int change(struct rctx *x, const struct actor *a, int64_t id, unsigned set, const char *tier,
		  int64_t income_yuan, const char *reason, struct ymd day, struct bf_err *e)
{
	struct roll_entry *in = xcalloc(1, sizeof(*in));
	char d[11];
	at(day, d);
	if (tier)
		COPY(in->tier, tier);
	in->income_fen = income_yuan * 100;
	struct roll_why w = {.reason = reason};
	int rc = roll_update(x->c, a, id, in, set, &w, e);
	free(in);
	return rc;
}

static int confirm(struct rctx *x, int64_t id, const char *reason, struct ymd day, struct bf_err *e)
{
	char d[11];
	struct roll_why w = {.reason = reason};
	at(day, d);
	return roll_confirm(x->c, &x->w->town, id, &w, e);
}

static int leave(struct rctx *x, const struct actor *a, int64_t id, const char *reason,
		 const char *note, struct ymd day, struct bf_err *e)
{
	char d[11];
	struct roll_why w = {.reason = ""};
	at(day, d);
	return roll_exit(x->c, a, id, d, reason, note, &w, e);
}

/* The entries last year's approved cases made, oldest first (at most n). */
static size_t from_cases(struct rctx *x, int64_t *ids, size_t n, struct bf_err *e)
{
	struct roll_query q = {
	    .view = ROLL_VIEW_CURRENT, .income_min = -1, .income_max = -1, .limit = 100};
	struct roll_entry *items = NULL;
	size_t got = 0, k = 0;
	int64_t total = 0;
	if (roll_list(x->c, &x->w->town, 0, &q, &items, &got, &total, e))
		return (size_t)-1;
	for (size_t i = got; i-- > 0 && k < n;)
		if (!strcmp(items[i].source, "case") && items[i].since_on[0] &&
		    strtol(items[i].since_on, NULL, 10) == x->today.y - 1)
			ids[k++] = items[i].id;
	free(items);
	return k;
}

static int roll_story(struct rctx *x, struct bf_err *e)
{
	int last = x->today.y - 1, now = x->today.y;
	int64_t survey[4] = {0}, own[2] = {0}, cases[3] = {0};
	int k = 0;
	size_t ncases = from_cases(x, cases, 3, e);
	if (ncases == (size_t)-1)
		return -1;
	/* last summer's survey: branch0101 registers, the committee confirms
	 * three and refuses one */
	for (int s = 0; s < 4; s++) {
		int i = next_free(x, 1, e);
		if (i == -2)
			return -1;
		if (i < 0)
			break;
		survey[s] = enrol(x, i, k++ % 6, day_of(x, (struct ymd){last, 7, 14}), e);
		if (survey[s] < 0)
			return -1;
	}
	for (int s = 0; s < 3 && survey[s]; s++)
		if (confirm(x, survey[s], "经支委会研究、党委走访核实",
			    day_of(x, (struct ymd){last, 7, 21}), e))
			return -1;
	if (survey[3]) {
		struct roll_why w = {.reason = "经核实，家庭人均纯收入高于当地低保标准"};
		char d[11];
		at(day_of(x, (struct ymd){last, 7, 21}), d);
		if (roll_reject(x->c, &x->w->town, survey[3], &w, e))
			return -1;
	}
	/* the committee's own registrations in its other branches */
	for (int s = 0; s < 2; s++) {
		int i = next_free(x, 0, e);
		if (i == -2)
			return -1;
		if (i < 0)
			break;
		own[s] = enrol(x, i, k++ % 6, day_of(x, (struct ymd){last, 8, 11}), e);
		if (own[s] < 0)
			return -1;
	}
	/* the November review: tiers changed with their reasons */
	struct ymd nov = day_of(x, (struct ymd){last, 11, 18});
	if (survey[1] && change(x, &x->w->town, survey[1], ROLL_F_TIER, "severe", 0,
				"本人确诊重病，医疗支出大，由暂时困难调为特别困难", nov, e))
		return -1;
	if (ncases > 0 && change(x, &x->w->town, cases[0], ROLL_F_TIER, "moderate", 0,
				 "子女已参加工作，家庭收入有所增加", nov, e))
		return -1;
	/* found work in December: out, and back this spring after an illness */
	if (ncases > 1) {
		struct ymd dec = day_of(x, (struct ymd){last, 12, 9});
		if (leave(x, &x->w->town, cases[1], "work", "在镇上企业找到稳定工作", dec, e))
			return -1;
		struct roll_entry *in = xcalloc(1, sizeof(*in)), *out = xcalloc(1, sizeof(*out));
		char d[11];
		struct ymd spring = day_of(x, (struct ymd){now, 3, 16});
		if (date_cmp(spring, dec) <= 0)
			spring = dec;
		at(spring, d);
		fill(in, 0, 0, d);
		COPY(in->needs, "医疗救助，重新就业前的生活补助");
		int rc = roll_relapse(x->c, &x->w->town, cases[1], in, out, e);
		free(in);
		free(out);
		if (rc)
			return -1;
	}
	/* a death this winter: the branch reports it, the committee confirms */
	if (survey[2]) {
		struct ymd feb = day_of(x, (struct ymd){now, 2, 20});
		if (leave(x, &x->w->branch, survey[2], "deceased", "因病去世", feb, e) ||
		    confirm(x, survey[2], "", feb, e))
			return -1;
	}
	/* this year's income, brought up to date */
	if (survey[0] && change(x, &x->w->branch, survey[0], ROLL_F_INCOME, NULL, 2900,
				"按今年调查摸底更新收入", day_of(x, (struct ymd){now, 4, 8}), e))
		return -1;
	if (own[0] && leave(x, &x->w->town, own[0], "income", "家庭人均纯收入超过标准",
			    day_of(x, (struct ymd){now, 5, 12}), e))
		return -1;
	return 0;
}

int demo_roll(struct core *c, struct demo_world *w, struct bf_err *e)
{
	const char *old = getenv("BANGFU_TODAY");
	char saved[32] = "";
	struct rctx *x = xcalloc(1, sizeof(*x));
	if (old)
		COPY(saved, old);
	x->c = c;
	x->w = w;
	x->today = date_today();
	int rc = -1;
	x->cal = case_calendar_acquire(c, e);
	if (x->cal) {
		rc = roll_story(x, e);
		case_calendar_release(x->cal);
	}
	if (old)
		setenv("BANGFU_TODAY", saved, 1);
	else
		unsetenv("BANGFU_TODAY");
	free(x);
	return rc;
}
