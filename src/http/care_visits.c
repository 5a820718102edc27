/* care_visits.c - /api/v1/visit-rounds and /api/v1/visits: festival rounds
 * of visits (走访慰问) with their progress per organisation, the visit tasks
 * and recording a visit with its gift (include/bangfu/care.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "care.h"
#include "internal.h"

static json_t *vround_json(const struct visit_round *v)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(v->id));
	json_object_set_new(j, "org_id", json_integer(v->org_id));
	json_object_set_new(j, "year", json_integer(v->year));
	json_object_set_new(j, "festival", jstr(v->festival));
	json_object_set_new(j, "title", jstr(v->title));
	json_object_set_new(j, "opened_on", jstr(v->opened_on));
	json_object_set_new(j, "due_on", jstr(v->due_on));
	json_object_set_new(j, "old_party_years", json_integer(v->old_party_years));
	json_object_set_new(j, "old_age", json_integer(v->old_age));
	json_object_set_new(j, "gift_roll_fen", json_integer(v->gift_roll_fen));
	json_object_set_new(j, "gift_old_fen", json_integer(v->gift_old_fen));
	json_object_set_new(j, "created_at", json_time(v->created_at));
	return j;
}

static json_t *visit_json(const struct visit *v)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(v->id));
	json_object_set_new(j, "member_id", json_integer(v->member_id));
	json_object_set_new(j, "member_name", jstr(v->member_name));
	json_object_set_new(j, "org_id", json_integer(v->org_id));
	json_object_set_new(j, "org_name", jstr(v->org_name));
	json_object_set_new(j, "round_id", v->round_id ? json_integer(v->round_id) : json_null());
	json_object_set_new(j, "round_title", jstr(v->round_title));
	json_object_set_new(j, "reason", jstr(v->reason));
	json_object_set_new(j, "occasion", jstr(v->occasion));
	json_object_set_new(j, "due_on", jdate(v->due_on));
	json_object_set_new(j, "visited_on", jdate(v->visited_on));
	json_object_set_new(j, "visitors", jstr(v->visitors));
	json_object_set_new(j, "found", jstr(v->found));
	json_object_set_new(j, "std_gift_fen", json_integer(v->std_gift_fen));
	json_object_set_new(j, "gift_fen", json_integer(v->gift_fen));
	json_object_set_new(j, "goods", jstr(v->goods));
	json_object_set_new(j, "goods_value_fen", json_integer(v->goods_value_fen));
	json_object_set_new(j, "posting_id",
			    v->posting_id ? json_integer(v->posting_id) : json_null());
	return j;
}

static void reply_vround(struct req *r, int status, int64_t id, int64_t added)
{
	struct visit_round v;
	struct bf_err e;
	if (visit_round_get(&r->core, &r->actor, id, &v, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *j = vround_json(&v);
	if (added >= 0)
		json_object_set_new(j, "added", json_integer(added));
	reply_json(r, status, j);
}

void h_visit_rounds_list(struct req *r)
{
	struct visit_round *items = NULL;
	size_t n = 0;
	struct bf_err e;
	if (visit_round_list(&r->core, &r->actor, &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, vround_json(&items[i]));
	free(items);
	reply_json(r, 200, json_pack("{s:o}", "items", a));
}

void h_visit_rounds_create(struct req *r)
{
	static const char *const keys[] = {"year",	    "festival",	       "title",
					   "due_on",	    "old_party_years", "old_age",
					   "gift_roll_fen", "gift_old_fen",    NULL};
	char festival[16] = "", title[TEXT_BYTES(TF_VISIT_ROUND_TITLE_MAX)] = "", due[11] = "";
	int64_t year = 0, party = -1, age = -1, groll = 0, gold = 0, added = 0;
	struct visit_round v;
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j)
		return;
	int rc = json_only_keys(j, keys, &e) || json_get_int(j, "year", &year, "年度", &e) ||
		 json_get_str(j, "festival", festival, sizeof(festival), "节日", &e) ||
		 json_get_str(j, "title", title, sizeof(title), "走访名称", &e) ||
		 json_get_date(j, "due_on", due, "完成期限", &e) ||
		 json_get_int(j, "old_party_years", &party, "老党员党龄", &e) ||
		 json_get_int(j, "old_age", &age, "老党员年龄", &e) ||
		 json_get_int(j, "gift_roll_fen", &groll, "困难党员标准慰问金", &e) ||
		 json_get_int(j, "gift_old_fen", &gold, "老党员标准慰问金", &e);
	json_decref(j);
	if (!rc && !year)
		rc = err_set(&e, EC_MISSING, "year", "请填写年度");
	else if (!rc && !*festival)
		rc = err_set(&e, EC_MISSING, "festival", "请选择节日");
	else if (!rc && !*due)
		rc = err_set(&e, EC_MISSING, "due_on", "请填写完成期限");
	else if (!rc && (party < -1 || party > 100 || age < -1 || age > 130))
		rc = err_set(&e, EC_INVALID,
			     party < -1 || party > 100 ? "old_party_years" : "old_age",
			     "老党员条件超出范围");
	else if (!rc && (year < 2000 || year > 2100))
		rc = err_set(&e, EC_INVALID, "year", "年度须在 2000 至 2100 之间");
	struct visit_round_open o = {.year = (int)year,
				     .festival = festival,
				     .title = title,
				     .due_on = due,
				     .old_party_years = (int)party,
				     .old_age = (int)age,
				     .gift_roll_fen = groll,
				     .gift_old_fen = gold};
	if (rc || visit_round_open(&r->core, &r->actor, &o, &v, &added, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_vround(r, 201, v.id, added);
}

void h_visit_round_get(struct req *r)
{
	reply_vround(r, 200, r->id, -1);
}

void h_visit_round_refresh(struct req *r)
{
	int64_t added = 0;
	struct bf_err e;
	if (visit_round_refresh(&r->core, &r->actor, r->id, &added, &e))
		reply_error(r, &e);
	else
		reply_vround(r, 200, r->id, added);
}

void h_visit_round_progress(struct req *r)
{
	struct visit_progress *rows = NULL;
	size_t n = 0;
	struct bf_err e;
	if (visit_round_progress(&r->core, &r->actor, r->id, &rows, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *a = json_array();
	int64_t total = 0, done = 0, late = 0;
	for (size_t i = 0; i < n; i++) {
		json_array_append_new(
		    a, json_pack("{s:I, s:o, s:I, s:I, s:I}", "org_id", (json_int_t)rows[i].org_id,
				 "org_name", jstr(rows[i].org_name), "total",
				 (json_int_t)rows[i].total, "done", (json_int_t)rows[i].done,
				 "late", (json_int_t)rows[i].late));
		total += rows[i].total;
		done += rows[i].done;
		late += rows[i].late;
	}
	free(rows);
	reply_json(r, 200,
		   json_pack("{s:I, s:o, s:I, s:I, s:I}", "round_id", (json_int_t)r->id, "items", a,
			     "total", (json_int_t)total, "done", (json_int_t)done, "late",
			     (json_int_t)late));
}

void h_visits_list(struct req *r)
{
	struct visit *items = NULL;
	size_t n = 0;
	int64_t round = 0, member = 0;
	int pending = 0;
	struct bf_err e;
	if (req_id_arg(r, "round", &round) || req_id_arg(r, "member", &member) ||
	    req_int_arg(r, "pending", 0, 0, 1, &pending))
		return;
	if (visit_list(&r->core, &r->actor, round, member, pending, &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, visit_json(&items[i]));
	free(items);
	reply_json(r, 200, json_pack("{s:o}", "items", a));
}

void h_visit_get(struct req *r)
{
	struct visit v;
	struct bf_err e;
	if (visit_get(&r->core, &r->actor, r->id, &v, &e))
		reply_error(r, &e);
	else
		reply_json(r, 200, visit_json(&v));
}

void h_visit_record(struct req *r)
{
	static const char *const keys[] = {"visited_on", "visitors",	    "found", "gift_fen",
					   "method",	 "goods_value_fen", "goods", NULL};
	struct visit *v = calloc(1, sizeof(*v));
	char method[16] = "";
	struct bf_err e;
	json_t *j = v ? req_json(r) : NULL;
	if (!j) {
		free(v);
		return;
	}
	v->id = r->id;
	int rc = json_only_keys(j, keys, &e) ||
		 json_get_date(j, "visited_on", v->visited_on, "走访日期", &e) ||
		 json_get_str(j, "visitors", v->visitors, sizeof(v->visitors), "走访人员", &e) ||
		 json_get_str(j, "found", v->found, sizeof(v->found), "走访情况", &e) ||
		 json_get_int(j, "gift_fen", &v->gift_fen, "慰问金", &e) ||
		 json_get_str(j, "method", method, sizeof(method), "支付方式", &e) ||
		 json_get_str(j, "goods", v->goods, sizeof(v->goods), "慰问物品", &e) ||
		 json_get_int(j, "goods_value_fen", &v->goods_value_fen, "物品价值", &e);
	json_decref(j);
	if (rc || visit_record(&r->core, &r->actor, v, method, &e)) {
		free(v);
		reply_error(r, &e);
		return;
	}
	int64_t id = v->id;
	free(v);
	struct visit out;
	if (visit_get(&r->core, &r->actor, id, &out, &e))
		reply_error(r, &e);
	else
		reply_json(r, 200, visit_json(&out));
}
