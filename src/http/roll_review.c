/* roll_review.c - /api/v1/roll-reviews and /api/v1/roll-review-items: the
 * June and November reviews of the hardship roll (台账动态调整; core:
 * src/core/cases/roll_review.c; docs/API.md, docs/internals/roll_review.md):
 * opening, the branch's worklist and decisions, the committee's
 * confirmation and return, progress per organisation, closing. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cases.h"
#include "internal.h"

static json_t *review_json(const struct roll_review *v)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(v->id));
	json_object_set_new(j, "org_id", json_integer(v->org_id));
	json_object_set_new(j, "org_name", jstr(v->org_name));
	json_object_set_new(j, "year", json_integer(v->year));
	json_object_set_new(j, "kind", jstr(v->kind));
	json_object_set_new(j, "kind_label", jstr(roll_review_kind_label(v->kind)));
	json_object_set_new(j, "title", jstr(v->title));
	json_object_set_new(j, "opened_on", jdate(v->opened_on));
	json_object_set_new(j, "finish_on", jdate(v->finish_on));
	json_object_set_new(j, "status", jstr(v->status));
	json_object_set_new(j, "items", json_integer(v->items));
	json_object_set_new(j, "open", json_integer(v->open));
	json_object_set_new(j, "decided", json_integer(v->decided));
	json_object_set_new(j, "confirmed", json_integer(v->confirmed));
	json_object_set_new(j, "created_at", json_time(v->created_at));
	json_object_set_new(j, "closed_at", v->closed_at ? json_time(v->closed_at) : json_null());
	return j;
}

static json_t *item_json(const struct roll_review_item *x)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(x->id));
	json_object_set_new(j, "review_id", json_integer(x->review_id));
	json_object_set_new(j, "entry_id", json_integer(x->entry_id));
	json_object_set_new(j, "org_id", json_integer(x->org_id));
	json_object_set_new(j, "org_name", jstr(x->org_name));
	json_object_set_new(j, "member_id", json_integer(x->member_id));
	json_object_set_new(j, "member_name", jstr(x->member_name));
	json_object_set_new(j, "entry_status", jstr(x->entry_status));
	json_object_set_new(j, "since_on", jdate(x->since_on));
	json_object_set_new(j, "household_size", json_integer(x->household_size));
	json_object_set_new(j, "income_fen",
			    x->income_fen >= 0 ? json_integer(x->income_fen) : json_null());
	json_object_set_new(j, "category", jstr(x->category));
	json_object_set_new(j, "category_label", jstr(roll_category_label(x->category)));
	json_object_set_new(j, "tier", jstr(x->tier));
	json_object_set_new(j, "tier_label", jstr(roll_tier_label(x->tier)));
	json_object_set_new(j, "status", jstr(x->status));
	json_object_set_new(j, "decision", x->decision[0] ? jstr(x->decision) : json_null());
	json_object_set_new(j, "decision_label", jstr(roll_review_decision_label(x->decision)));
	json_object_set_new(j, "new_category",
			    x->new_category[0] ? jstr(x->new_category) : json_null());
	json_object_set_new(j, "new_tier", x->new_tier[0] ? jstr(x->new_tier) : json_null());
	json_object_set_new(j, "exit_on", jdate(x->exit_on));
	json_object_set_new(j, "exit_reason",
			    x->exit_reason[0] ? jstr(x->exit_reason) : json_null());
	json_object_set_new(j, "reason", jstr(x->reason));
	json_object_set_new(j, "returned_reason", jstr(x->returned_reason));
	json_object_set_new(j, "decided_by_name", jstr(x->decided_by_name));
	json_object_set_new(j, "decided_at",
			    x->decided_at ? json_time(x->decided_at) : json_null());
	json_object_set_new(j, "confirmed_by_name", jstr(x->confirmed_by_name));
	json_object_set_new(j, "confirmed_at",
			    x->confirmed_at ? json_time(x->confirmed_at) : json_null());
	json_object_set_new(j, "version", json_integer(x->version));
	return j;
}

static void reply_review(struct req *r, int status, int64_t id)
{
	struct roll_review v;
	struct bf_err e;
	if (roll_review_get(&r->core, &r->actor, id, &v, &e))
		reply_error(r, &e);
	else
		reply_json(r, status, review_json(&v));
}

void h_roll_reviews_list(struct req *r)
{
	struct roll_review *items = NULL;
	size_t n = 0;
	int year;
	struct bf_err e;
	if (req_int_arg(r, "year", 0, 2000, 2100, &year))
		return;
	if (roll_review_list(&r->core, &r->actor, year, &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	REPLY_ITEMS(r, items, n, review_json);
}

void h_roll_reviews_create(struct req *r)
{
	static const char *const keys[] = {"year", "kind", "title", "finish_on", NULL};
	char kind[16] = "", title[TEXT_BYTES(TF_ROLL_REVIEW_TITLE_MAX) + 4] = "", finish[11] = "";
	int64_t year = 0;
	struct roll_review v;
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j)
		return;
	int rc = json_only_keys(j, keys, &e) || json_get_int(j, "year", &year, "年度", &e) ||
		 json_get_str(j, "kind", kind, sizeof(kind), "调整批次", &e) ||
		 json_get_str(j, "title", title, sizeof(title), "调整名称", &e) ||
		 json_get_date(j, "finish_on", finish, "完成期限", &e);
	json_decref(j);
	if (!rc && year && (year < 2000 || year > 2100))
		rc = err_set(&e, EC_INVALID, "year", "年度须在 2000 到 2100 之间");
	struct roll_review_input in = {
	    .year = (int)year, .kind = kind, .title = title, .finish_on = finish};
	if (rc || roll_review_open(&r->core, &r->actor, &in, &v, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_json(r, 201, review_json(&v));
}

void h_roll_review_get(struct req *r)
{
	reply_review(r, 200, r->id);
}

void h_roll_review_close(struct req *r)
{
	struct bf_err e;
	if (roll_review_close(&r->core, &r->actor, r->id, &e))
		reply_error(r, &e);
	else
		reply_review(r, 200, r->id);
}

void h_roll_review_items(struct req *r)
{
	struct roll_review_item *items = NULL;
	size_t n = 0;
	int64_t org, total = 0;
	int page, size;
	struct bf_err e;
	const char *status = req_arg(r, "status");
	if (req_id_arg(r, "org", &org) || req_int_arg(r, "page", 1, 1, 1000000, &page) ||
	    req_int_arg(r, "size", 50, 1, 500, &size))
		return;
	if (roll_review_items(&r->core, &r->actor, r->id, org, status, (page - 1) * size, size,
			      &items, &n, &total, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, item_json(&items[i]));
	free(items);
	reply_json(r, 200,
		   json_pack("{s:I, s:o, s:I, s:i, s:i}", "review_id", (json_int_t)r->id, "items",
			     a, "total", (json_int_t)total, "page", page, "size", size));
}

static json_t *progress_json(const struct roll_review_progress *p)
{
	json_t *j = json_object();
	json_object_set_new(j, "org_id", json_integer(p->org_id));
	json_object_set_new(j, "org_name", jstr(p->org_name));
	json_object_set_new(j, "own", json_boolean(p->own));
	json_object_set_new(j, "total", json_integer(p->total));
	json_object_set_new(j, "open", json_integer(p->open));
	json_object_set_new(j, "decided", json_integer(p->decided));
	json_object_set_new(j, "confirmed", json_integer(p->confirmed));
	json_object_set_new(j, "late", json_integer(p->late));
	return j;
}

void h_roll_review_progress(struct req *r)
{
	struct roll_review_progress *rows = NULL;
	size_t n = 0;
	int64_t org;
	struct bf_err e;
	if (req_id_arg(r, "org", &org))
		return;
	if (roll_review_progress(&r->core, &r->actor, r->id, org, &rows, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		if (rows[i].total || !rows[i].own)
			json_array_append_new(a, progress_json(&rows[i]));
	free(rows);
	reply_json(r, 200, json_pack("{s:I, s:o}", "review_id", (json_int_t)r->id, "items", a));
}

void h_roll_review_confirm(struct req *r)
{
	static const char *const keys[] = {"org_id", "item_ids", NULL};
	int64_t org = 0, *ids = NULL, count = 0;
	size_t n = 0;
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j)
		return;
	int rc = json_only_keys(j, keys, &e) || json_get_int(j, "org_id", &org, "组织", &e) ||
		 json_get_ids(j, "item_ids", &ids, &n, 50000, "调整事项", &e);
	json_decref(j);
	if (rc || roll_review_confirm(&r->core, &r->actor, r->id, org, ids, n, &count, &e)) {
		free(ids);
		reply_error(r, &e);
		return;
	}
	free(ids);
	reply_json(r, 200, json_pack("{s:I}", "confirmed", (json_int_t)count));
}

static void reply_item(struct req *r, int status, int64_t id)
{
	struct roll_review_item it;
	struct bf_err e;
	if (roll_review_item_get(&r->core, &r->actor, id, &it, &e))
		reply_error(r, &e);
	else
		reply_json(r, status, item_json(&it));
}

void h_roll_review_item_get(struct req *r)
{
	reply_item(r, 200, r->id);
}

void h_roll_review_item_decide(struct req *r)
{
	static const char *const keys[] = {"decision",	  "category", "tier",	 "exit_on",
					   "exit_reason", "reason",   "version", NULL};
	char dec[16] = "", cat[16] = "", tier[16] = "", exit_on[11] = "", why[16] = "";
	char reason[TEXT_BYTES(TF_ROLL_REASON_MAX) + 4] = "";
	int64_t version = 0;
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j)
		return;
	int rc = json_only_keys(j, keys, &e) ||
		 json_get_str(j, "decision", dec, sizeof(dec), "调整结果", &e) ||
		 json_get_str(j, "category", cat, sizeof(cat), "类别", &e) ||
		 json_get_str(j, "tier", tier, sizeof(tier), "档次", &e) ||
		 json_get_date(j, "exit_on", exit_on, "退出日期", &e) ||
		 json_get_str(j, "exit_reason", why, sizeof(why), "脱困原因", &e) ||
		 json_get_str(j, "reason", reason, sizeof(reason), "原因", &e) ||
		 json_get_int(j, "version", &version, "版本", &e);
	json_decref(j);
	struct roll_review_decision d = {.decision = dec,
					 .category = cat,
					 .tier = tier,
					 .exit_on = exit_on,
					 .exit_reason = why,
					 .reason = reason,
					 .version = version};
	struct roll_review_item it;
	if (rc || roll_review_decide(&r->core, &r->actor, r->id, &d, &it, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_item(r, 200, r->id);
}

void h_roll_review_item_return(struct req *r)
{
	static const char *const keys[] = {"reason", NULL};
	char reason[TEXT_BYTES(TF_ROLL_REASON_MAX) + 4] = "";
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j)
		return;
	int rc = json_only_keys(j, keys, &e) ||
		 json_get_str(j, "reason", reason, sizeof(reason), "退回原因", &e);
	json_decref(j);
	if (rc || roll_review_return(&r->core, &r->actor, r->id, reason, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_item(r, 200, r->id);
}
