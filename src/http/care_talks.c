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
#include "wrapper.h"

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

/* ------------------------------------------------------------------ */
/* Talks                                                               */

static json_t *talk_json(const struct care_talk *x)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(x->id));
	json_object_set_new(j, "member_id", json_integer(x->member_id));
	json_object_set_new(j, "member_name", jstr(x->member_name));
	json_object_set_new(j, "org_id", json_integer(x->org_id));
	json_object_set_new(j, "org_name", jstr(x->org_name));
	json_object_set_new(j, "talker_member_id",
			    x->talker_member_id ? json_integer(x->talker_member_id) : json_null());
	json_object_set_new(j, "talker_name", jstr(x->talker_name));
	json_object_set_new(j, "talked_on", jdate(x->talked_on));
	json_object_set_new(j, "kind", jstr(x->kind));
	json_object_set_new(j, "kind_label", jstr(care_talk_kind_label(x->kind)));
	json_object_set_new(j, "note", jstr(x->note));
	json_object_set_new(j, "created_at", json_integer(x->created_at));
	return j;
}

/* POST /api/v1/care/talks */
void h_care_talks_create(struct req *r)
{
	static const char *const keys[] = {
	    "member_id", "talker_member_id", "talker_name", "talked_on", "kind", "note", NULL};
	struct care_talk *x = xcalloc(1, sizeof(*x));
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j) {
		free(x);
		return;
	}
	int rc =
	    json_only_keys(j, keys, &e) ||
	    json_get_int(j, "member_id", &x->member_id, "谈话对象", &e) ||
	    json_get_int(j, "talker_member_id", &x->talker_member_id, "谈话人", &e) ||
	    json_get_str(j, "talker_name", x->talker_name, sizeof(x->talker_name), "谈话人", &e) ||
	    json_get_date(j, "talked_on", x->talked_on, "谈话日期", &e) ||
	    json_get_str(j, "kind", x->kind, sizeof(x->kind), "谈话类型", &e) ||
	    json_get_str(j, "note", x->note, sizeof(x->note), "谈话记录", &e);
	json_decref(j);
	if (!rc)
		rc = care_talk_create(&r->core, &r->actor, x, &e);
	if (rc)
		reply_error(r, &e);
	else
		reply_json(r, 201, talk_json(x));
	free(x);
}

/* GET /api/v1/care/talks?org=&member=&year= */
void h_care_talks_list(struct req *r)
{
	int64_t org = 0, member = 0;
	int year;
	struct care_talk *items = NULL;
	size_t n = 0;
	struct bf_err e;
	if (req_id_arg(r, "org", &org) || req_id_arg(r, "member", &member) ||
	    req_int_arg(r, "year", 0, 2000, 2100, &year))
		return;
	if (care_talks_list(&r->core, &r->actor, org, member, year, &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, talk_json(&items[i]));
	free(items);
	reply_json(r, 200, json_pack("{s:o, s:I}", "items", a, "total", (json_int_t)n));
}

/* GET /api/v1/care/talks/due?org= */
void h_care_talks_due(struct req *r)
{
	int64_t org = 0;
	int year = 0, due = 0;
	struct care_talk_due *items = NULL;
	size_t n = 0;
	struct bf_err e;
	if (req_id_arg(r, "org", &org))
		return;
	if (care_talks_due(&r->core, &r->actor, org, &year, &due, &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:I, s:o, s:I, s:o}", "member_id",
						   (json_int_t)items[i].member_id, "member_name",
						   jstr(items[i].member_name), "org_id",
						   (json_int_t)items[i].org_id, "org_name",
						   jstr(items[i].org_name)));
	free(items);
	reply_json(r, 200,
		   json_pack("{s:o, s:i, s:b, s:I}", "items", a, "year", year, "due", due, "total",
			     (json_int_t)n));
}
