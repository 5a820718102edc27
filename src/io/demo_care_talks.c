/* demo_care_talks.c - talks and political birthdays (谈心谈话, 政治生日,
 * issue #12) in the demo district: this year's yearly talks of 城关镇's
 * members spread over the months gone by (about one in four still not
 * talked with, so the coverage and, in the last quarter, the branches'
 * to-do lists show them), a few "must talk" occasions; a few members of
 * 东风村 whose party anniversary falls in the coming days (the register's
 * 入党时间 of the generated members is always the 1st of a month, so a
 * week without a 1st would show none on the home page); greetings for the
 * anniversaries of the past four weeks (a few left out); and the 七一
 * collective celebration of 东风村 with attendees, most renewing the oath.
 * Through the core API as the demo accounts, on their days. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "care.h"
#include "date.h"
#include "demo_care.h"
#include "register.h"
#include "wrapper.h"

#define SOON_MEMBERS 4 /* anniversaries moved into the coming days */

struct talks_ctx {
	struct core *c;
	struct demo_world *w;
	struct ymd today;
};

/* A date this file made or read back from the core. */
static struct ymd ymd_of(const char *s)
{
	struct ymd d = {0, 0, 0};
	struct bf_err e;
	if (date_parse(s, &d, NULL, "date", "日期", &e))
		d = (struct ymd){0, 0, 0};
	return d;
}

static void at(struct ymd d, char out[11])
{
	date_format(d, out);
	setenv("BANGFU_TODAY", out, 1);
}

static struct ymd plus(struct ymd d, int n)
{
	return date_from_days(date_to_days(d) + n);
}

/* The writer for a member of T01's branch b: 东风村's own branch, else the
 * town's committee. */
static const struct actor *writer(const struct talks_ctx *x, int b)
{
	return b == 0 ? &x->w->branch : &x->w->town;
}

/* A few of 东风村's members get their 入党时间 (year kept) on one of the
 * coming days, as a correction of the register by the department. */
static int anniversaries_soon(struct talks_ctx *x, struct bf_err *e)
{
	int moved = 0;
	for (int i = 0; i < x->w->nmember && moved < SOON_MEMBERS; i++) {
		if (x->w->member_branch[i] != 0)
			continue;
		struct member *m = xcalloc(1, sizeof(*m));
		int rc = member_get_plain(x->c, &x->w->dept, x->w->member[i], m, e);
		struct ymd j = rc ? (struct ymd){0, 0, 0} : ymd_of(m->joined_on);
		struct ymd d = plus(x->today, 1 + moved);
		if (!rc && j.y && j.y < x->today.y - 1 && !(d.m == 2 && d.d == 29)) {
			snprintf(m->joined_on, sizeof(m->joined_on), "%04d-%02d-%02d", j.y, d.m,
				 d.d);
			rc = member_update(x->c, &x->w->dept, m, e);
			moved += !rc;
		}
		member_free(m);
		if (rc)
			return rc;
	}
	return 0;
}

static const char *const OCCASIONS[] = {"difficulty", "post_change", "retirement", "achievement",
					"complaint"};

/* The yearly talks of T01's members since January: three in four, on days
 * spread over the months before today; every seventh also an occasion. */
static int talks(struct talks_ctx *x, struct bf_err *e)
{
	int span = (int)(date_to_days(x->today) - date_to_days((struct ymd){x->today.y, 1, 8}));
	if (span < 7)
		return 0; /* the first week of the year: nobody talked with yet */
	for (int i = 0; i < x->w->nmember; i++) {
		int b = x->w->member_branch[i];
		if (b > 7 || i % 4 == 3)
			continue;
		struct care_talk t;
		memset(&t, 0, sizeof(t));
		t.member_id = x->w->member[i];
		at(plus((struct ymd){x->today.y, 1, 8}, (i * 37) % span), t.talked_on);
		snprintf(t.kind, sizeof(t.kind), "%s", "yearly");
		snprintf(t.talker_name, sizeof(t.talker_name), "%s",
			 b == 0 ? "王建国" : "城关镇党委李委员");
		snprintf(t.note, sizeof(t.note), "%s",
			 i % 3 ? "了解家庭生产生活情况，听取对支部工作的意见建议"
			       : "交流思想动态，鼓励积极参加组织生活");
		int rc = care_talk_create(x->c, writer(x, b), &t, e);
		if (!rc && i % 7 == 0) {
			snprintf(t.kind, sizeof(t.kind), "%s", OCCASIONS[(i / 7) % 5]);
			snprintf(t.note, sizeof(t.note), "%s",
				 "针对具体情况及时谈心，帮助解决实际问题");
			rc = care_talk_create(x->c, writer(x, b), &t, e);
		}
		if (rc)
			return rc;
	}
	return 0;
}

static const char *const WAYS[] = {"phone", "message", "card", "visit"};

/* Greetings for the anniversaries of the past four weeks in 城关镇, on the
 * day itself; one in four left out. */
static int greetings(struct talks_ctx *x, struct bf_err *e)
{
	char from[11], to[11];
	struct care_birthday *b = NULL;
	size_t n = 0;
	date_format(plus(x->today, -28), from);
	date_format(plus(x->today, -1), to);
	if (care_birthdays(x->c, &x->w->town, 0, from, to, &b, &n, e))
		return -1;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (i % 4 == 3)
			continue;
		struct care_greeting g;
		memset(&g, 0, sizeof(g));
		g.member_id = b[i].member_id;
		g.year = ymd_of(b[i].anniversary).y;
		at(ymd_of(b[i].anniversary), g.greeted_on);
		snprintf(g.way, sizeof(g.way), "%s", WAYS[i % 4]);
		snprintf(g.greeted_by, sizeof(g.greeted_by), "%s", "党支部书记");
		snprintf(g.note, sizeof(g.note), "祝贺入党 %d 周年政治生日", b[i].party_years);
		rc = care_greeting_create(x->c, &x->w->town, &g, e);
	}
	free(b);
	return rc;
}

/* 东风村's 七一 celebration (this year's when 1 July is past, else last
 * year's) with the members of the branch in the pool, most renewing the
 * oath. */
static int celebration(struct talks_ctx *x, struct bf_err *e)
{
	struct ymd day = {x->today.y, 7, 1};
	if (date_cmp(day, x->today) > 0)
		day.y--;
	struct care_celebration c;
	memset(&c, 0, sizeof(c));
	c.org_id = x->w->branch_id[0];
	at(day, c.held_on);
	snprintf(c.title, sizeof(c.title), "%d年“七一”集体政治生日暨重温入党誓词", day.y);
	snprintf(c.place, sizeof(c.place), "%s", "东风村党群服务中心");
	snprintf(
	    c.note, sizeof(c.note), "%s",
	    "为本月过政治生日的党员送上贺卡，全体党员面向党旗重温入党誓词，老党员讲述入党故事");
	if (care_celebration_create(x->c, &x->w->branch, &c, e))
		return -1;
	struct care_attendee *a = xcalloc((size_t)x->w->nmember + 1, sizeof(*a));
	size_t n = 0;
	for (int i = 0; i < x->w->nmember; i++)
		if (x->w->member_branch[i] == 0 && i % 5 != 4)
			a[n++] = (struct care_attendee){.member_id = x->w->member[i],
							.oath = i % 6 != 5};
	int rc = n ? care_celebration_attend(x->c, &x->w->branch, c.id, a, n, e) : 0;
	free(a);
	return rc;
}

int demo_care_talks(struct core *c, struct demo_world *w, struct bf_err *e)
{
	struct talks_ctx x = {c, w, date_today()};
	if (!w->nmember)
		return 0;
	return anniversaries_soon(&x, e) || talks(&x, e) || greetings(&x, e) || celebration(&x, e)
		   ? -1
		   : 0;
}
