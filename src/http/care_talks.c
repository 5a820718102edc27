/* care_talks.c - /api/v1/care/…: talks and political birthdays (谈心谈话,
 * 政治生日; issue #12, care.h).  Every rule is the core's: this file turns
 * JSON into the care structs and back. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "care.h"
#include "date.h"
#include "internal.h"

/* ------------------------------------------------------------------ */
/* Political birthdays                                                 */

static json_t *birthday_json(const struct care_birthday *b)
{
	return json_pack("{s:I, s:o, s:I, s:o, s:o, s:o, s:i}", "member_id",
			 (json_int_t)b->member_id, "member_name", jstr(b->member_name), "org_id",
			 (json_int_t)b->org_id, "org_name", jstr(b->org_name), "joined_on",
			 jdate(b->joined_on), "anniversary", jdate(b->anniversary), "party_years",
			 b->party_years);
}

/* GET /api/v1/care/birthdays?from=&to=&org=: the days default to the
 * coming week (today and the six days after). */
void h_care_birthdays(struct req *r)
{
	char from[11], to[11];
	int64_t org = 0;
	struct care_birthday *items = NULL;
	size_t n = 0;
	struct bf_err e;
	if (req_date_arg(r, "from", "起始日期", from) || req_date_arg(r, "to", "截止日期", to) ||
	    req_id_arg(r, "org", &org))
		return;
	if (!from[0]) {
		struct ymd t = date_today();
		date_format(t, from);
	}
	if (!to[0]) {
		struct ymd f;
		if (date_parse(from, &f, NULL, "from", "起始日期", &e)) {
			reply_error(r, &e);
			return;
		}
		date_format(date_from_days(date_to_days(f) + 6), to);
	}
	if (care_birthdays(&r->core, &r->actor, org, from, to, &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, birthday_json(&items[i]));
	free(items);
	reply_json(r, 200,
		   json_pack("{s:o, s:s, s:s, s:I}", "items", a, "from", from, "to", to, "total",
			     (json_int_t)n));
}
