/* care_talks.c - /api/v1/care/…: talks and their coverage, political
 * birthdays and the greetings on them (谈心谈话, 政治生日; issue #12,
 * care.h).  Every rule is the core's: this file turns
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

/* GET /api/v1/care/talks?org=&member=&year=&kind=&q=&page=&size= */
void h_care_talks_list(struct req *r)
{
	struct care_talk_query q = {0};
	int page;
	int64_t total = 0;
	struct care_talk *items = NULL;
	size_t n = 0;
	struct bf_err e;
	if (req_id_arg(r, "org", &q.org_id) || req_id_arg(r, "member", &q.member_id) ||
	    req_int_arg(r, "year", 0, 2000, 2100, &q.year) ||
	    req_int_arg(r, "page", 1, 1, 1000000, &page) ||
	    req_int_arg(r, "size", 20, 1, 200, &q.limit))
		return;
	q.kind = req_arg(r, "kind");
	q.q = req_arg(r, "q");
	q.offset = (page - 1) * q.limit;
	if (care_talks_list(&r->core, &r->actor, &q, &items, &n, &total, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, talk_json(&items[i]));
	free(items);
	reply_json(r, 200,
		   json_pack("{s:o, s:I, s:i, s:i}", "items", a, "total", (json_int_t)total, "page",
			     page, "size", q.limit));
}

/* GET /api/v1/care/talks/due?org=&limit= */
void h_care_talks_due(struct req *r)
{
	int64_t org = 0, total = 0;
	int year = 0, due = 0, limit;
	struct care_talk_due *items = NULL;
	size_t n = 0;
	struct bf_err e;
	if (req_id_arg(r, "org", &org) ||
	    req_int_arg(r, "limit", CARE_TALKS_MAX, 1, CARE_TALKS_MAX, &limit))
		return;
	if (care_talks_due(&r->core, &r->actor, org, limit, &year, &due, &items, &n, &total, &e)) {
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
	char due_on[11];
	snprintf(due_on, sizeof(due_on), "%04d-12-31", year);
	reply_json(r, 200,
		   json_pack("{s:o, s:i, s:b, s:s, s:I}", "items", a, "year", year, "due", due,
			     "due_on", due_on, "total", (json_int_t)total));
}

/* GET /api/v1/care/talks/coverage?org=&year= */
void h_care_talks_coverage(struct req *r)
{
	int64_t org = 0, members = 0, talked = 0;
	int year;
	struct care_talk_coverage *items = NULL;
	size_t n = 0;
	struct bf_err e;
	if (req_id_arg(r, "org", &org) || req_int_arg(r, "year", 0, 2000, 2100, &year))
		return;
	if (care_talk_coverage(&r->core, &r->actor, org, &year, &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct care_talk_coverage *x = &items[i];
		members += x->members;
		talked += x->talked;
		json_array_append_new(
		    a, json_pack("{s:I, s:o, s:i, s:I, s:I, s:I}", "org_id", (json_int_t)x->org_id,
				 "org_name", jstr(x->org_name), "depth", x->depth, "members",
				 (json_int_t)x->members, "talked", (json_int_t)x->talked,
				 "untalked", (json_int_t)(x->members - x->talked)));
	}
	free(items);
	reply_json(r, 200,
		   json_pack("{s:o, s:i, s:I, s:I, s:I}", "items", a, "year", year, "members",
			     (json_int_t)members, "talked", (json_int_t)talked, "untalked",
			     (json_int_t)(members - talked)));
}

/* ------------------------------------------------------------------ */
/* Greetings on the political birthday                                */

static json_t *greeting_json(const struct care_greeting *x)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(x->id));
	json_object_set_new(j, "member_id", json_integer(x->member_id));
	json_object_set_new(j, "member_name", jstr(x->member_name));
	json_object_set_new(j, "org_id", json_integer(x->org_id));
	json_object_set_new(j, "org_name", jstr(x->org_name));
	json_object_set_new(j, "year", json_integer(x->year));
	json_object_set_new(j, "party_years", json_integer(x->party_years));
	json_object_set_new(j, "greeted_on", jdate(x->greeted_on));
	json_object_set_new(j, "way", jstr(x->way));
	json_object_set_new(j, "way_label", jstr(care_greeting_way_label(x->way)));
	json_object_set_new(j, "greeted_by", jstr(x->greeted_by));
	json_object_set_new(j, "note", jstr(x->note));
	json_object_set_new(j, "created_at", json_integer(x->created_at));
	return j;
}

/* POST /api/v1/care/greetings */
void h_care_greetings_create(struct req *r)
{
	static const char *const keys[] = {"member_id",	 "year", "greeted_on", "way",
					   "greeted_by", "note", NULL};
	struct care_greeting *x = xcalloc(1, sizeof(*x));
	int64_t year = 0;
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j) {
		free(x);
		return;
	}
	int rc =
	    json_only_keys(j, keys, &e) ||
	    json_get_int(j, "member_id", &x->member_id, "党员", &e) ||
	    json_get_int(j, "year", &year, "政治生日年份", &e) ||
	    json_get_date(j, "greeted_on", x->greeted_on, "祝福日期", &e) ||
	    json_get_str(j, "way", x->way, sizeof(x->way), "祝福方式", &e) ||
	    json_get_str(j, "greeted_by", x->greeted_by, sizeof(x->greeted_by), "祝福人", &e) ||
	    json_get_str(j, "note", x->note, sizeof(x->note), "祝福内容", &e);
	json_decref(j);
	if (!rc && (year < 0 || year > 9999))
		rc = err_set(&e, EC_INVALID, "year", "政治生日年份无效");
	x->year = (int)year;
	if (!rc)
		rc = care_greeting_create(&r->core, &r->actor, x, &e);
	if (rc)
		reply_error(r, &e);
	else
		reply_json(r, 201, greeting_json(x));
	free(x);
}

/* GET /api/v1/care/greetings?org=&member=&year= */
void h_care_greetings_list(struct req *r)
{
	int64_t org = 0, member = 0;
	int year;
	struct care_greeting *items = NULL;
	size_t n = 0;
	struct bf_err e;
	if (req_id_arg(r, "org", &org) || req_id_arg(r, "member", &member) ||
	    req_int_arg(r, "year", 0, 1900, 2200, &year))
		return;
	if (care_greetings_list(&r->core, &r->actor, org, member, year, &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, greeting_json(&items[i]));
	free(items);
	reply_json(r, 200, json_pack("{s:o, s:I}", "items", a, "total", (json_int_t)n));
}

/* GET /api/v1/care/greetings/coverage?org=&year= */
void h_care_greetings_coverage(struct req *r)
{
	int64_t org = 0, due = 0, greeted = 0;
	int year;
	struct care_greeting_coverage *items = NULL;
	size_t n = 0;
	struct bf_err e;
	if (req_id_arg(r, "org", &org) || req_int_arg(r, "year", 0, 1900, 2200, &year))
		return;
	if (care_greeting_coverage(&r->core, &r->actor, org, &year, &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		due += items[i].due;
		greeted += items[i].greeted;
		json_array_append_new(a, json_pack("{s:I, s:o, s:I, s:I}", "org_id",
						   (json_int_t)items[i].org_id, "org_name",
						   jstr(items[i].org_name), "due",
						   (json_int_t)items[i].due, "greeted",
						   (json_int_t)items[i].greeted));
	}
	free(items);
	reply_json(r, 200,
		   json_pack("{s:o, s:i, s:I, s:I}", "items", a, "year", year, "due",
			     (json_int_t)due, "greeted", (json_int_t)greeted));
}
