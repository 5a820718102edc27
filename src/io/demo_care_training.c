/* demo_care_training.c - 技能培训 in the demo district (issue #12): this
 * year 城关镇党委 held a planting course for the 造血型 members on the roll
 * of its branches (most present, one excused, one absent), and 东风村党支部
 * an e-commerce evening for its own members; a few 造血型 members were at
 * neither, so the 未参训 view has names in it.  Through the core API as
 * the demo accounts, on the days the sessions were held. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "care.h"
#include "date.h"
#include "demo_care.h"
#include "wrapper.h"

/* The demo's day when the training part began (each session sets the
 * server's day to its own). */
static struct ymd demo_day;
/* The 造血型 member left untrained (0: none on the roll). */
static int64_t held_back;

/* A day of this year n days before the demo's day (not before 5 January),
 * set as the server's day. */
static void held_on(int n, char out[11])
{
	int64_t today = date_to_days(demo_day), d = today - n;
	int64_t first = date_to_days((struct ymd){demo_day.y, 1, 5});
	if (d < first)
		d = first;
	if (d > today)
		d = today;
	date_format(date_from_days(d), out);
	setenv("BANGFU_TODAY", out, 1);
}

static int in_town(const struct demo_world *w, int64_t org_id)
{
	for (size_t i = 0; i < sizeof(w->branch_id) / sizeof(w->branch_id[0]); i++)
		if (w->branch_id[i] && w->branch_id[i] == org_id)
			return 1;
	return 0;
}

static int session(struct core *c, const struct actor *a, int64_t org_id, const char *title,
		   const char *topic, const char *place, const char *trainer, int hours_tenths,
		   int days_ago, struct training_session *out, struct bf_err *e)
{
	struct training_session in;
	memset(&in, 0, sizeof(in));
	held_on(days_ago, in.start_on);
	snprintf(in.end_on, sizeof(in.end_on), "%s", in.start_on);
	in.org_id = org_id;
	snprintf(in.title, sizeof(in.title), "%s", title);
	snprintf(in.topic, sizeof(in.topic), "%s", topic);
	snprintf(in.place, sizeof(in.place), "%s", place);
	snprintf(in.organiser, sizeof(in.organiser), "城关镇农业综合服务中心");
	snprintf(in.trainer, sizeof(in.trainer), "%s", trainer);
	in.hours_tenths = hours_tenths;
	return training_create(c, a, &in, out, e);
}

/* The town's course: the 造血型 members of its branches not yet trained
 * present, except the last of the district's (the 未参训 view keeps a
 * name), and members of its branches from the pool: present, one excused,
 * one absent. */
static int town_course(struct core *c, struct demo_world *w, const struct training_untrained *u,
		       size_t n, struct bf_err *e)
{
	struct training_session s;
	struct training_mark *m = xcalloc(n + 10, sizeof(*m));
	size_t k = 0;
	for (size_t i = 0; i + 1 < n; i++)
		if (in_town(w, u[i].org_id)) {
			m[k].member_id = u[i].member_id;
			snprintf(m[k].status, sizeof(m[k].status), "present");
			k++;
		}
	held_back = n ? u[n - 1].member_id : 0;
	for (int i = 0, extra = 0; i < w->nmember && extra < 8; i++) {
		int dup = 0;
		if (w->member_branch[i] > 7)
			continue;
		for (size_t j = 0; j < n; j++)
			dup |= u[j].member_id == w->member[i];
		if (dup)
			continue;
		m[k].member_id = w->member[i];
		snprintf(m[k].status, sizeof(m[k].status), "%s",
			 extra == 2   ? "excused"
			 : extra == 5 ? "absent"
				      : "present");
		k++;
		extra++;
	}
	int rc = session(c, &w->town, w->town_id, "食用菌种植技术培训", "planting",
			 "城关镇农技推广站", "王建国", 65, 60, &s, e);
	if (!rc && k)
		rc = training_attend(c, &w->town, s.id, m, k, e);
	free(m);
	return rc;
}

/* The branch's evening: members of 东风村党支部 from the pool, one excused. */
static int branch_evening(struct core *c, struct demo_world *w, struct bf_err *e)
{
	struct training_session s;
	struct training_mark m[6];
	size_t k = 0;
	int rc = session(c, &w->branch, w->branch_id[0], "农产品网上销售入门", "ecommerce",
			 "东风村党群服务中心", "李晓燕", 30, 20, &s, e);
	for (int i = 0; !rc && i < w->nmember && k < 6; i++) {
		if (w->member_branch[i] != 0 || w->member[i] == held_back)
			continue;
		m[k].member_id = w->member[i];
		snprintf(m[k].status, sizeof(m[k].status), "%s", k == 4 ? "excused" : "present");
		k++;
	}
	if (!rc && k)
		rc = training_attend(c, &w->branch, s.id, m, k, e);
	return rc;
}

int demo_care_training(struct core *c, struct demo_world *w, struct bf_err *e)
{
	struct training_untrained *u = NULL;
	size_t n = 0;
	struct training_session planned;
	demo_day = date_today();
	if (training_untrained(c, &w->dept, 0, demo_day.y, &u, &n, e))
		return -1;
	int rc = town_course(c, w, u, n, e);
	free(u);
	if (!rc)
		rc = branch_evening(c, w, e);
	/* and one held today, its attendance still to be entered */
	if (!rc)
		rc = session(c, &w->town, w->town_id, "生猪科学养殖培训", "breeding",
			     "城关镇文化站", "赵德明", 40, 0, &planned, e);
	return rc;
}
