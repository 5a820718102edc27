/* demo_roll_review.c - a roll review half done in the demo district (issue
 * #11): the department opened this half-year's review (June, or November
 * after June) ten days ago, due in twenty; 东风村党支部 has decided about
 * half of its entries — most continue, one changes tier with its reason,
 * one leaves for work — and 城关镇党委 has confirmed the first few, so the
 * review's page shows every state: to decide, to confirm, confirmed (on
 * the entries' history with the review's id), and the other branches not
 * started.  Through the core API as the demo accounts, on their days. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cases.h"
#include "date.h"
#include "demo_cases.h"
#include "wrapper.h"

static void at(struct ymd d, char out[11])
{
	date_format(d, out);
	setenv("BANGFU_TODAY", out, 1);
}

static int review_story(struct core *c, struct demo_world *w, struct ymd today, struct bf_err *e)
{
	struct roll_review r;
	struct roll_review_item *items = NULL;
	size_t n = 0;
	int64_t total = 0, count = 0, ids[3];
	char opened[11], finish[11], day[11];
	date_format(date_from_days(date_to_days(today) + 20), finish);
	at(date_from_days(date_to_days(today) - 10), opened);
	struct roll_review_input in = {
	    .kind = today.m >= 7 ? "november" : "june", .title = "", .finish_on = finish};
	if (roll_review_open(c, &w->dept, &in, &r, e))
		return -1;
	/* the branch, a week later: about half of its entries */
	at(date_from_days(date_to_days(today) - 3), day);
	if (roll_review_items(c, &w->branch, r.id, 0, "open", 0, 200, &items, &n, &total, e))
		return -1;
	size_t half = (n + 1) / 2, k = 0;
	int rc = 0;
	for (size_t i = 0; !rc && i < half; i++) {
		struct roll_review_decision d = {.decision = "continue", .reason = ""};
		if (i == 1) {
			d.decision = "change";
			d.tier = strcmp(items[i].tier, "severe") ? "severe" : "moderate";
			d.reason = strcmp(items[i].tier, "severe") ? "病情加重，家庭收入明显减少"
								   : "子女就业，家庭负担减轻";
		} else if (i == 2 && half > 3) {
			d.decision = "exit";
			d.exit_reason = "work";
			d.reason = "在镇上企业稳定就业";
		}
		rc = roll_review_decide(c, &w->branch, items[i].id, &d, NULL, e);
		if (!rc && k < 3)
			ids[k++] = items[i].id;
	}
	/* the committee, yesterday: the first ones */
	if (!rc && k) {
		at(date_from_days(date_to_days(today) - 1), day);
		rc = roll_review_confirm(c, &w->town, r.id, 0, ids, k, &count, e);
	}
	free(items);
	return rc;
}

int demo_roll_review(struct core *c, struct demo_world *w, struct bf_err *e)
{
	const char *old = getenv("BANGFU_TODAY");
	char saved[32] = "";
	if (old)
		snprintf(saved, sizeof(saved), "%s", old);
	int rc = review_story(c, w, date_today(), e);
	if (old)
		setenv("BANGFU_TODAY", saved, 1);
	else
		unsetenv("BANGFU_TODAY");
	return rc;
}
