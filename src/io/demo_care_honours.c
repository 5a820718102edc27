/* demo_care_honours.c - commendations (表彰, issue #12) in the demo
 * district: every round whose 1 July has passed went the whole way —
 * opened in early June with quotas for 城关镇党委, nominations by
 * 东风村党支部 and the committee, the committee's review (one not
 * recommended), the department's notice with an objection found
 * unfounded, the approval on 1 July — so members carry honours; in June
 * of the demo's year the round is open with nominations, some reviewed.
 * Through the core API as the demo accounts, on their days. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cases.h"
#include "commendations.h"
#include "date.h"
#include "demo_care.h"
#include "wrapper.h"

static void at(int y, int m, int d)
{
	char s[11];
	snprintf(s, sizeof(s), "%04d-%02d-%02d", y, m, d);
	setenv("BANGFU_TODAY", s, 1);
}

/* The i-th living member of T01's branches (branch 0 first when first). */
static int pick(const struct demo_world *w, int branch0, int skip)
{
	for (int i = 0; i < w->nmember; i++)
		if ((branch0 ? w->member_branch[i] == 0
			     : w->member_branch[i] > 0 && w->member_branch[i] < 8) &&
		    skip-- == 0)
			return i;
	return -1;
}

static const char *const deeds[] = {
    "带头发展蔬菜大棚种植，无偿向周边农户传授技术，带动12户困难群众年均增收4000余元；"
    "村里修路时主动让出自家承包地。",
    "担任村网格员以来，常年照顾村里3位独居老人，疫情期间连续40天值守卡口，"
    "多次受到群众好评。",
    "从事党务工作十五年，建立党员积分管理台账，规范“三会一课”记录，所在支部连续三年"
    "评为五星级支部。",
    "支部班子团结有力，建成村级扶贫车间，吸纳28名群众就近就业，困难党员结对帮扶全覆盖。",
};

static int nominate(struct core *c, const struct actor *a, int64_t round, const char *honour,
		    int64_t member, int64_t org, const char *text, int64_t *id, struct bf_err *e)
{
	struct nomination *x = xcalloc(1, sizeof(*x));
	x->round_id = round;
	snprintf(x->honour, sizeof(x->honour), "%s", honour);
	x->member_id = member;
	x->nominee_org_id = org;
	snprintf(x->deeds, sizeof(x->deeds), "%s", text);
	int rc = nomination_add(c, a, x, e);
	*id = x->id;
	free(x);
	return rc;
}

/* A round of year y: opened 1 June, nominations 5 June; reviewed 16
 * June; the notice from 18 June; approved 1 July.  Up to `upto` (a day
 * of that June or July as mmdd) when the year is not over yet. */
static int round_story(struct core *c, struct demo_world *w, int y, int upto, struct bf_err *e)
{
	struct commendation_round r;
	int64_t nom[5] = {0};
	int m0 = pick(w, 1, 0), m1 = pick(w, 1, 1), m2 = pick(w, 0, y % 5);
	if (m0 < 0 || m1 < 0 || m2 < 0)
		return 0; /* a district too small for the story */
	const struct commendation_quota q[] = {
	    {.org_id = w->town_id, .honour = "outstanding_member", .quota = 2},
	    {.org_id = w->town_id, .honour = "outstanding_worker", .quota = 1},
	    {.org_id = w->town_id, .honour = "advanced_org", .quota = 1},
	};
	memset(&r, 0, sizeof(r));
	snprintf(r.title, sizeof(r.title), "%d年度“两优一先”评选表彰", y);
	r.year = y;
	snprintf(r.nominate_by, sizeof(r.nominate_by), "%04d-06-15", y);
	at(y, 6, 1);
	if (commendation_round_open(c, &w->dept, &r, q, 3, e))
		return -1;
	if (upto < 605)
		return 0;
	at(y, 6, 5);
	if (nominate(c, &w->branch, r.id, "outstanding_member", w->member[m0], 0, deeds[0], &nom[0],
		     e) ||
	    nominate(c, &w->branch, r.id, "outstanding_member", w->member[m1], 0, deeds[1], &nom[1],
		     e) ||
	    nominate(c, &w->town, r.id, "outstanding_worker", w->member[m2], 0, deeds[2], &nom[2],
		     e) ||
	    nominate(c, &w->branch, r.id, "advanced_org", 0, w->branch_id[0], deeds[3], &nom[3], e))
		return -1;
	if (upto < 610)
		return 0;
	at(y, 6, upto < 616 ? upto % 100 : 16);
	/* the committee: the first two recommended; the rest when the June
	 * is over */
	if (nomination_review(c, &w->town, nom[0], "recommended", "事迹突出，群众公认，同意推荐",
			      e) ||
	    nomination_review(c, &w->town, nom[3], "recommended", "支部建设成效明显，同意推荐", e))
		return -1;
	if (upto < 616)
		return 0;
	if (nomination_review(c, &w->town, nom[1], "not_recommended",
			      "事迹与优秀共产党员标准尚有差距，建议下一年度再推荐", e) ||
	    nomination_review(c, &w->town, nom[2], "recommended", "长期扎根基层党务，同意推荐", e))
		return -1;
	at(y, 6, 18);
	int64_t notice = 0;
	if (commendation_notice_open(c, &w->dept, r.id, "", "", "0531-88661234", &notice, e))
		return -1;
	if (upto < 701)
		return 0;
	/* a phone call during the notice, looked into and found unfounded */
	struct objection *o = xcalloc(1, sizeof(*o));
	at(y, 6, 20);
	o->notice_id = notice;
	o->nomination_id = nom[0];
	snprintf(o->channel, sizeof(o->channel), "phone");
	snprintf(o->content, sizeof(o->content), "反映其大棚占用了集体土地");
	int rc = case_objection_add(c, &w->dept, o, e);
	if (!rc) {
		at(y, 6, 23);
		rc = case_objection_handle(c, &w->dept, o->id, "unfounded",
					   "经村委会核实，大棚用地为本人承包地，有合同为证", e);
	}
	free(o);
	if (rc)
		return rc;
	at(y, 7, 1);
	return commendation_approve(c, &w->dept, r.id, e);
}

int demo_care_honours(struct core *c, struct demo_world *w, struct bf_err *e)
{
	struct ymd t = date_today();
	int mmdd = t.m * 100 + t.d;
	/* the rounds finished before today, then this year's as far as it got */
	int last = mmdd >= 701 ? t.y : t.y - 1;
	for (int y = last - 1; y <= last; y++)
		if (round_story(c, w, y, 1231, e))
			return -1;
	if (mmdd >= 601 && mmdd < 701)
		return round_story(c, w, t.y, mmdd, e);
	return 0;
}
