/* birthdays.c - political birthdays (政治生日, issue #12; care.h): whose
 * party anniversary falls in some days (the branch's coming week), with the
 * years of party age reached.  A member who joined on 29 February has the
 * anniversary on 28 February in the years without one.  Read-only. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "care.h"
#include "core/common/common.h"
#include "date.h"
#include "store.h"
#include "store_care.h"

/* The day of the anniversary of joined in year y. */
static struct ymd anniversary_in(struct ymd joined, int y)
{
	struct ymd d = {y, joined.m, joined.d};
	if (d.m == 2 && d.d == 29 && !date_is_leap(y))
		d.d = 28;
	return d;
}

struct bday_ctx {
	const struct actor *a;
	int64_t org_id;
	struct ymd from, to;
	struct care_birthday *items;
	size_t n;
};

static int cmp_birthday(const void *pa, const void *pb)
{
	const struct care_birthday *x = pa, *y = pb;
	int c = strcmp(x->anniversary, y->anniversary);
	if (!c)
		c = strcmp(x->member_name, y->member_name);
	return c ? c : (x->member_id > y->member_id) - (x->member_id < y->member_id);
}

static int bday_fn(struct db *db, void *p, struct bf_err *e)
{
	struct bday_ctx *x = p;
	char org_path[256] = "", lo[6], hi[6];
	free(x->items);
	x->items = NULL;
	x->n = 0;
	if (x->org_id) {
		struct org o;
		int rc = core_org_read(db, x->a, x->org_id, "org", &o, e);
		if (rc)
			return rc;
		snprintf(org_path, sizeof(org_path), "%s", o.path);
	}
	snprintf(lo, sizeof(lo), "%02d-%02d", x->from.m, x->from.d);
	snprintf(hi, sizeof(hi), "%02d-%02d", x->to.m, x->to.d);
	/* 29 February is asked for as well whenever a 28 February without a
	 * 29th is in the days; the exact test is below */
	int extra = 0;
	for (int64_t d = date_to_days(x->from); d <= date_to_days(x->to); d++) {
		struct ymd t = date_from_days(d);
		if (t.m == 2 && t.d == 28 && !date_is_leap(t.y))
			extra = 1;
	}
	struct care_birthday *all = NULL;
	size_t n = 0;
	int rc = CORE_QS(store_care_birthdays(db, x->a->org_path, org_path, lo, hi,
					      extra ? "02-29" : NULL, &all, &n, e));
	if (rc)
		return rc;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		struct ymd j = core_ymd(all[i].joined_on);
		struct ymd hit = {0, 0, 0};
		for (int y = x->from.y; y <= x->to.y && !hit.y; y++) {
			struct ymd t = anniversary_in(j, y);
			if (y > j.y && date_cmp(t, x->from) >= 0 && date_cmp(t, x->to) <= 0)
				hit = t;
		}
		if (!hit.y)
			continue;
		all[k] = all[i];
		date_format(hit, all[k].anniversary);
		all[k].party_years = hit.y - j.y;
		k++;
	}
	if (k > 1)
		qsort(all, k, sizeof(*all), cmp_birthday);
	x->items = all;
	x->n = k;
	return 0;
}

int care_birthdays(struct core *c, const struct actor *a, int64_t org_id, const char *from,
		   const char *to, struct care_birthday **items, size_t *n, struct bf_err *e)
{
	struct bday_ctx x = {.a = a, .org_id = org_id};
	*items = NULL;
	*n = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	if (date_parse(from, &x.from, NULL, "from", "起始日期", e) ||
	    date_parse(to, &x.to, NULL, "to", "截止日期", e))
		return -1;
	int64_t days = date_to_days(x.to) - date_to_days(x.from);
	if (days < 0)
		return err_set(e, EC_INVALID, "to", "截止日期不能早于起始日期");
	if (days >= CARE_BIRTHDAY_DAYS_MAX)
		return err_set(e, EC_INVALID, "to", "一次最多查询 31 天的政治生日");
	if (db_run_tx(c->db, "care_birthdays", 0, bday_fn, &x, e)) {
		free(x.items);
		return -1;
	}
	*items = x.items;
	*n = x.n;
	return 0;
}
