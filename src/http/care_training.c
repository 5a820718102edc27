/* care_training.c - /api/v1/training-sessions and the members' training:
 * 技能培训 (issue #12, care.h "Training"): the sessions with their
 * filters, a session with its attendance, attendance entered for many
 * members at once, a member's history and the members of the 造血型
 * category on the roll not trained in a year.  Every rule is the core's:
 * this file turns JSON into the structs of care_model.h and back. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "care.h"
#include "date.h"
#include "internal.h"
#include "wrapper.h"

static json_t *hours_json(int tenths)
{
	char b[16];
	snprintf(b, sizeof(b), "%d.%d", tenths / 10, tenths % 10);
	return json_string(b);
}

static json_t *session_json(const struct training_session *s)
{
	const char *topic = training_topic_label(s->topic);
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:f, s:o, s:i, "
			 "s:i, s:i, s:o, s:I}",
			 "id", (json_int_t)s->id, "org_id", (json_int_t)s->org_id, "org_name",
			 s->org_name, "title", s->title, "topic", s->topic, "topic_label",
			 topic ? topic : s->topic, "start_on", s->start_on, "end_on", s->end_on,
			 "place", s->place, "organiser", s->organiser, "trainer", s->trainer,
			 "hours", s->hours_tenths / 10.0, "hours_text", hours_json(s->hours_tenths),
			 "present", s->present, "excused", s->excused, "absent", s->absent,
			 "created_at", json_time(s->created_at), "version", (json_int_t)s->version);
}

static json_t *mark_json(const struct training_mark *m)
{
	const char *st = training_status_label(m->status);
	return json_pack("{s:I, s:I, s:s, s:s, s:s}", "session_id", (json_int_t)m->session_id,
			 "member_id", (json_int_t)m->member_id, "member_name", m->member_name,
			 "status", m->status, "status_label", st ? st : m->status);
}

void h_training_list(struct req *r)
{
	struct training_session *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	int page, size, year;
	int64_t org;
	struct bf_err e;
	const char *topic = req_arg(r, "topic");
	if (req_int_arg(r, "page", 1, 1, 1000000, &page) ||
	    req_int_arg(r, "size", 20, 1, 200, &size) ||
	    req_int_arg(r, "year", 0, 0, 9999, &year) || req_id_arg(r, "org", &org))
		return;
	if (training_list(&r->core, &r->actor, org, topic ? topic : "", year, size,
			  (page - 1) * size, &items, &n, &total, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, session_json(&items[i]));
	free(items);
	reply_page(r, a, total, page, size);
}

static void reply_session(struct req *r, int status, int64_t id)
{
	struct training_session s;
	struct training_mark *marks = NULL;
	size_t n = 0;
	struct bf_err e;
	if (training_get(&r->core, &r->actor, id, &s, &e) ||
	    training_marks(&r->core, &r->actor, id, &marks, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *j = session_json(&s), *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, mark_json(&marks[i]));
	free(marks);
	json_object_set_new(j, "attendance", a);
	reply_json(r, status, j);
}

/* The session's fields of a create or an edit (extra: the keys an edit
 * adds); 0, or -1 with e set. */
static int session_from_json(json_t *j, const char *const extra, struct training_session *in,
			     struct bf_err *e)
{
	static const char *const keys[] = {"org_id", "title", "topic",	   "start_on",
					   "end_on", "place", "organiser", "trainer",
					   "hours",  NULL,    NULL};
	const char *allowed[sizeof(keys) / sizeof(keys[0])];
	memcpy(allowed, keys, sizeof(keys));
	allowed[9] = extra;
	memset(in, 0, sizeof(*in));
	json_t *h = json_object_get(j, "hours");
	if (json_only_keys(j, allowed, e) || json_get_int(j, "org_id", &in->org_id, "组织", e) ||
	    json_get_str(j, "title", in->title, sizeof(in->title), "培训名称", e) ||
	    json_get_str(j, "topic", in->topic, sizeof(in->topic), "培训类别", e) ||
	    json_get_date(j, "start_on", in->start_on, "开始日期", e) ||
	    json_get_date(j, "end_on", in->end_on, "结束日期", e) ||
	    json_get_str(j, "place", in->place, sizeof(in->place), "培训地点", e) ||
	    json_get_str(j, "organiser", in->organiser, sizeof(in->organiser), "组织单位", e) ||
	    json_get_str(j, "trainer", in->trainer, sizeof(in->trainer), "授课人", e))
		return -1;
	if (h && !json_is_null(h)) {
		if (!json_is_number(h) || json_number_value(h) < 0 || json_number_value(h) > 999.9)
			return err_set(e, EC_INVALID, "hours", "学时应大于0且不超过999.9");
		in->hours_tenths = (int)(json_number_value(h) * 10 + 0.5);
	}
	return 0;
}

void h_training_create(struct req *r)
{
	struct training_session in, out;
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j)
		return;
	int bad = session_from_json(j, NULL, &in, &e);
	json_decref(j);
	if (bad || training_create(&r->core, &r->actor, &in, &out, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_session(r, 201, out.id);
}

/* PATCH: the whole of the session's fields again, with the version read. */
void h_training_update(struct req *r)
{
	struct training_session in, out;
	int64_t version = 0;
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j)
		return;
	int bad = session_from_json(j, "version", &in, &e) ||
		  json_get_int(j, "version", &version, "版本", &e);
	json_decref(j);
	if (bad || training_update(&r->core, &r->actor, r->id, version, &in, &out, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_session(r, 200, r->id);
}

void h_training_delete(struct req *r)
{
	struct bf_err e;
	if (training_delete(&r->core, &r->actor, r->id, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_empty(r, 204);
}

void h_training_get(struct req *r)
{
	reply_session(r, 200, r->id);
}

void h_training_attend(struct req *r)
{
	static const char *const keys[] = {"marks", NULL};
	static const char *const mkeys[] = {"member_id", "status", NULL};
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j)
		return;
	if (json_only_keys(j, keys, &e)) {
		json_decref(j);
		reply_error(r, &e);
		return;
	}
	json_t *a = json_object_get(j, "marks");
	if (!a || !json_is_array(a) || json_array_size(a) > 2000) {
		json_decref(j);
		reply_code(r, a ? EC_INVALID : EC_MISSING, "marks",
			   a ? "出勤名单应为列表，且一次不超过2000人" : "请选择参加培训的党员");
		return;
	}
	size_t n = json_array_size(a);
	struct training_mark *m = xcalloc(n ? n : 1, sizeof(*m));
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(a, i);
		char label[64];
		snprintf(label, sizeof(label), "第%zu行", i + 1);
		if (!json_is_object(o)) {
			free(m);
			json_decref(j);
			reply_code(r, EC_INVALID, "marks", "出勤名单的每一行应包含党员和出勤情况");
			return;
		}
		if (json_only_keys(o, mkeys, &e) ||
		    json_get_int(o, "member_id", &m[i].member_id, "党员", &e) ||
		    json_get_str(o, "status", m[i].status, sizeof(m[i].status), "出勤情况", &e)) {
			free(m);
			json_decref(j);
			reply_error(r, &e);
			return;
		}
	}
	json_decref(j);
	if (training_attend(&r->core, &r->actor, r->id, m, n, &e)) {
		free(m);
		reply_error(r, &e);
		return;
	}
	free(m);
	reply_session(r, 200, r->id);
}

void h_member_training(struct req *r)
{
	struct training_mark *items = NULL;
	size_t n = 0;
	struct bf_err e;
	if (training_of_member(&r->core, &r->actor, r->id, &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = mark_json(&items[i]);
		json_object_set_new(o, "session", session_json(&items[i].s));
		json_array_append_new(a, o);
	}
	free(items);
	reply_items(r, a);
}

void h_training_untrained(struct req *r)
{
	struct training_untrained *items = NULL;
	size_t n = 0;
	int year;
	int64_t org;
	struct bf_err e;
	if (req_int_arg(r, "year", 0, 0, 9999, &year) || req_id_arg(r, "org", &org))
		return;
	if (!year)
		year = date_today().y;
	if (training_untrained(&r->core, &r->actor, org, year, &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    a, json_pack("{s:I, s:s, s:I, s:s, s:I, s:s}", "member_id",
				 (json_int_t)items[i].member_id, "member_name",
				 items[i].member_name, "org_id", (json_int_t)items[i].org_id,
				 "org_name", items[i].org_name, "roll_id",
				 (json_int_t)items[i].roll_id, "since_on", items[i].since_on));
	free(items);
	http_mark_honoured(r, a);
	reply_json(r, 200,
		   json_pack("{s:o, s:I, s:i}", "items", a, "total", (json_int_t)n, "year", year));
}
