/* rounds.c - /api/v1/rounds: the department's yearly rounds (生活困难帮扶,
 * DOMAIN.md §3) and a round's progress per organisation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cases.h"
#include "internal.h"

static json_t *round_json(const struct aid_round *rd)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(rd->id));
	json_object_set_new(j, "org_id", json_integer(rd->org_id));
	json_object_set_new(j, "year", json_integer(rd->year));
	json_object_set_new(j, "title", jstr(rd->title));
	json_object_set_new(j, "opened_on", jstr(rd->opened_on));
	json_object_set_new(j, "due_on", jstr(rd->due_on));
	json_object_set_new(j, "status", jstr(rd->status));
	json_object_set_new(j, "policy_version", json_integer(rd->policy_version));
	json_object_set_new(j, "created_at", json_time(rd->created_at));
	json_object_set_new(j, "closed_at", rd->closed_at ? json_time(rd->closed_at) : json_null());
	return j;
}

static void reply_round(struct req *r, int status, int64_t id)
{
	struct aid_round rd;
	struct bf_err e;
	if (case_round_get(&r->core, &r->actor, id, &rd, &e))
		reply_error(r, &e);
	else
		reply_json(r, status, round_json(&rd));
}

void h_rounds_list(struct req *r)
{
	struct aid_round *items = NULL;
	size_t n = 0;
	int year;
	struct bf_err e;
	if (req_int_arg(r, "year", 0, 2000, 2100, &year))
		return;
	if (case_round_list(&r->core, &r->actor, year, &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	REPLY_ITEMS(r, items, n, round_json);
}

void h_rounds_create(struct req *r)
{
	static const char *const keys[] = {"year", "title", NULL};
	struct aid_round rd;
	char title[TEXT_BYTES(TF_ROUND_TITLE_MAX)] = "";
	int64_t year = 0;
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j)
		return;
	int rc = json_only_keys(j, keys, &e) || json_get_int(j, "year", &year, "年度", &e) ||
		 json_get_str(j, "title", title, sizeof(title), "轮次名称", &e);
	json_decref(j);
	if (!rc && !year)
		rc = err_set(&e, EC_MISSING, "year", "请填写帮扶年度");
	else if (!rc && (year < 2000 || year > 2100))
		rc = err_set(&e, EC_INVALID, "year", "年度须在 2000 至 2100 之间");
	if (rc || case_round_open(&r->core, &r->actor, (int)year, title, &rd, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_round(r, 201, rd.id);
}

void h_round_get(struct req *r)
{
	reply_round(r, 200, r->id);
}

void h_round_close(struct req *r)
{
	struct bf_err e;
	if (case_round_close(&r->core, &r->actor, r->id, &e))
		reply_error(r, &e);
	else
		reply_round(r, 200, r->id);
}

static json_t *progress_json(const struct case_progress *p)
{
	json_t *by = json_object();
	for (int s = 0; s < CS__COUNT; s++)
		json_object_set_new(by, wf_state_code((enum case_state)s),
				    json_integer(p->by_state[s]));
	return json_pack("{s:I, s:o, s:b, s:o, s:I, s:I}", "org_id", (json_int_t)p->org_id,
			 "org_name", jstr(p->org_name), "own", p->own, "by_state", by, "total",
			 (json_int_t)p->total, "late", (json_int_t)p->late);
}

void h_round_progress(struct req *r)
{
	struct aid_round rd;
	struct case_progress *rows = NULL;
	size_t n = 0;
	int64_t org;
	struct bf_err e;
	if (req_id_arg(r, "org", &org))
		return;
	/* the round first: one the caller cannot see is 404 */
	if (case_round_get(&r->core, &r->actor, r->id, &rd, &e) ||
	    case_round_progress(&r->core, &r->actor, r->id, org, &rows, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, progress_json(&rows[i]));
	free(rows);
	reply_json(r, 200,
		   json_pack("{s:I, s:I, s:o}", "round_id", (json_int_t)rd.id, "org_id",
			     (json_int_t)(org ? org : r->actor.org_id), "items", a));
}
