/* care_celebrations.c - /api/v1/care/…: the collective celebration around
 * 1 July with its attendees and the renewal of the oath, the 光荣在党50年
 * nomination list (JSON, PDF, XLSX) and the greeting card PDF (issue #12,
 * care.h, care_docs.h).  Every rule is the core's. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "care.h"
#include "care_docs.h"
#include "internal.h"
#include "wrapper.h"

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

static json_t *celebration_json(const struct care_celebration *x)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(x->id));
	json_object_set_new(j, "org_id", json_integer(x->org_id));
	json_object_set_new(j, "org_name", jstr(x->org_name));
	json_object_set_new(j, "held_on", jdate(x->held_on));
	json_object_set_new(j, "place", jstr(x->place));
	json_object_set_new(j, "title", jstr(x->title));
	json_object_set_new(j, "note", jstr(x->note));
	json_object_set_new(j, "attendees", json_integer(x->attendees));
	json_object_set_new(j, "oath", json_integer(x->oath));
	json_object_set_new(j, "created_at", json_integer(x->created_at));
	return j;
}

static void reply_celebration(struct req *r, int status, int64_t id)
{
	struct care_celebration x;
	struct care_attendee *items = NULL;
	size_t n = 0;
	struct bf_err e;
	if (care_celebration_get(&r->core, &r->actor, id, &x, &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *j = celebration_json(&x), *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:I, s:o, s:o, s:b}", "member_id",
						   (json_int_t)items[i].member_id, "member_name",
						   jstr(items[i].member_name), "org_name",
						   jstr(items[i].org_name), "oath", items[i].oath));
	free(items);
	json_object_set_new(j, "attendance", a);
	reply_json(r, status, j);
}

/* POST /api/v1/care/celebrations */
void h_care_celebrations_create(struct req *r)
{
	static const char *const keys[] = {"org_id", "held_on", "place", "title", "note", NULL};
	struct care_celebration x;
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j)
		return;
	memset(&x, 0, sizeof(x));
	int rc = json_only_keys(j, keys, &e) || json_get_int(j, "org_id", &x.org_id, "组织", &e) ||
		 json_get_date(j, "held_on", x.held_on, "活动日期", &e) ||
		 json_get_str(j, "place", x.place, sizeof(x.place), "活动地点", &e) ||
		 json_get_str(j, "title", x.title, sizeof(x.title), "活动名称", &e) ||
		 json_get_str(j, "note", x.note, sizeof(x.note), "活动情况", &e);
	json_decref(j);
	if (!rc)
		rc = care_celebration_create(&r->core, &r->actor, &x, &e);
	if (rc)
		reply_error(r, &e);
	else
		reply_celebration(r, 201, x.id);
}

/* GET /api/v1/care/celebrations?year= */
void h_care_celebrations_list(struct req *r)
{
	int year;
	struct care_celebration *items = NULL;
	size_t n = 0;
	struct bf_err e;
	if (req_int_arg(r, "year", 0, 1900, 2200, &year))
		return;
	if (care_celebrations_list(&r->core, &r->actor, year, &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, celebration_json(&items[i]));
	free(items);
	reply_json(r, 200, json_pack("{s:o, s:I}", "items", a, "total", (json_int_t)n));
}

/* GET /api/v1/care/celebrations/{id} */
void h_care_celebration_get(struct req *r)
{
	reply_celebration(r, 200, r->id);
}

/* The attendees of the body: [{member_id, oath}], or -1 replied. */
static int read_attendees(struct req *r, json_t *j, struct care_attendee **out, size_t *n)
{
	static const char *const akeys[] = {"member_id", "oath", NULL};
	struct bf_err e;
	json_t *a = json_object_get(j, "attendees");
	if (!a || !json_is_array(a) || json_array_size(a) > 5000) {
		reply_code(r, a ? EC_INVALID : EC_MISSING, "attendees",
			   a ? "参加人员应为列表，且一次不超过5000人" : "请选择参加活动的党员");
		return -1;
	}
	*n = json_array_size(a);
	*out = xcalloc(*n ? *n : 1, sizeof(**out));
	for (size_t i = 0; i < *n; i++) {
		json_t *o = json_array_get(a, i);
		if (!json_is_object(o)) {
			reply_code(r, EC_INVALID, "attendees", "参加人员的每一行应包含党员");
			return -1;
		}
		if (json_only_keys(o, akeys, &e) ||
		    json_get_int(o, "member_id", &(*out)[i].member_id, "党员", &e) ||
		    json_get_flag(o, "oath", &(*out)[i].oath, "重温入党誓词", &e)) {
			reply_error(r, &e);
			return -1;
		}
	}
	return 0;
}

/* POST /api/v1/care/celebrations/{id}/attendees: the whole list, replacing the one before */
void h_care_celebration_attend(struct req *r)
{
	static const char *const keys[] = {"attendees", NULL};
	struct care_attendee *items = NULL;
	size_t n = 0;
	struct care_celebration x;
	struct bf_err e;
	/* out of scope answers like absent, whatever the body */
	if (care_celebration_get(&r->core, &r->actor, r->id, &x, NULL, NULL, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *j = req_json(r);
	if (!j)
		return;
	if (json_only_keys(j, keys, &e)) {
		json_decref(j);
		reply_error(r, &e);
		return;
	}
	int rc = read_attendees(r, j, &items, &n);
	json_decref(j);
	if (!rc && care_celebration_attend(&r->core, &r->actor, r->id, items, n, &e)) {
		reply_error(r, &e);
		rc = -1;
	}
	free(items);
	if (!rc)
		reply_celebration(r, 200, r->id);
}

/* ------------------------------------------------------------------ */
/* 光荣在党50年                                                        */

static int medal_args(struct req *r, int64_t *org, int *year)
{
	struct ymd t = date_today();
	return req_id_arg(r, "org", org) || req_int_arg(r, "year", t.y, 1950, 2200, year);
}

/* GET /api/v1/care/medals?org=&year= */
void h_care_medals(struct req *r)
{
	int64_t org = 0;
	int year;
	struct care_medal *items = NULL;
	size_t n = 0;
	struct bf_err e;
	if (medal_args(r, &org, &year))
		return;
	if (care_medals(&r->core, &r->actor, org, year, &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct care_medal *x = &items[i];
		json_array_append_new(
		    a, json_pack("{s:I, s:o, s:o, s:o, s:o, s:I, s:o, s:i}", "member_id",
				 (json_int_t)x->member_id, "member_name", jstr(x->member_name),
				 "gender", jstr(x->gender), "birth_date", jdate(x->birth_date),
				 "joined_on", jdate(x->joined_on), "org_id", (json_int_t)x->org_id,
				 "org_name", jstr(x->org_name), "party_years", x->party_years));
	}
	free(items);
	reply_json(r, 200,
		   json_pack("{s:o, s:i, s:I}", "items", a, "year", year, "total", (json_int_t)n));
}

static void reply_medals(struct req *r, const char *fmt, const char *ctype)
{
	int64_t org = 0;
	int year;
	void *data = NULL;
	size_t len = 0;
	char name[CARE_DOC_NAME_MAX];
	struct bf_err e;
	if (medal_args(r, &org, &year))
		return;
	if (care_medals_render(&r->core, &r->actor, org, year, fmt, &data, &len, name, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_disposition(r, name, !strcmp(fmt, "pdf"));
	reply_bytes(r, 200, data, len, ctype);
}

/* GET /api/v1/care/medals.pdf */
void h_care_medals_pdf(struct req *r)
{
	reply_medals(r, "pdf", "application/pdf");
}

/* GET /api/v1/care/medals.xlsx */
void h_care_medals_xlsx(struct req *r)
{
	reply_medals(r, "xlsx", XLSX_TYPE);
}

/* GET /api/v1/members/{id}/greeting-card?year= */
void h_member_greeting_card(struct req *r)
{
	int year;
	void *data = NULL;
	size_t len = 0;
	char name[CARE_DOC_NAME_MAX];
	struct bf_err e;
	if (req_int_arg(r, "year", 0, 1900, 2200, &year))
		return;
	if (care_card_render(&r->core, &r->actor, r->id, year, &data, &len, name, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_disposition(r, name, 1);
	reply_bytes(r, 200, data, len, "application/pdf");
}
