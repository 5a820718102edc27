/* notices.c - /api/v1/notices and /api/v1/objections: the public notice
 * of a branch's list (公示, DOMAIN.md §3 step 6), the objections received
 * while it is posted and their handling. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cases.h"
#include "commendations.h"
#include "internal.h"
#include "wrapper.h"

#define NOTICE_IDS 500 /* the core's own limit per notice */

static json_t *notice_json(const struct notice *nt, const char *today)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(nt->id));
	json_object_set_new(j, "org_id", json_integer(nt->org_id));
	json_object_set_new(j, "org_name", jstr(nt->org_name));
	json_object_set_new(j, "kind", jstr(nt->kind));
	json_object_set_new(j, "starts_on", jstr(nt->starts_on));
	json_object_set_new(j, "ends_on", jstr(nt->ends_on));
	json_object_set_new(j, "working_days", json_integer(nt->working_days));
	json_object_set_new(j, "estimated", json_boolean(nt->estimated));
	json_object_set_new(j, "ended", json_boolean(strcmp(today, nt->ends_on) > 0));
	json_object_set_new(j, "office", jstr(nt->office));
	json_object_set_new(j, "office_phone", jstr(nt->office_phone));
	json_object_set_new(j, "status", jstr(nt->status));
	json_object_set_new(j, "ncases", json_integer(nt->ncases));
	json_object_set_new(j, "nnominations", json_integer(nt->nnominations));
	json_object_set_new(j, "open_objections", json_integer(nt->open_objections));
	json_object_set_new(j, "created_at", json_time(nt->created_at));
	json_object_set_new(j, "closed_at", nt->closed_at ? json_time(nt->closed_at) : json_null());
	return j;
}

/* The nominations a commendation notice lists (its round's, recommended
 * then): what the console shows instead of cases. */
static json_t *notice_nominations_json(struct req *r, int64_t notice_id)
{
	struct commendation_round *rounds = NULL;
	struct nomination *items = NULL;
	size_t nr = 0, n = 0;
	struct bf_err e;
	json_t *a = json_array();
	if (commendation_rounds(&r->core, &r->actor, &rounds, &nr, &e))
		return a;
	for (size_t k = 0; k < nr; k++) {
		if (rounds[k].notice_id != notice_id)
			continue;
		if (!nominations_list(&r->core, &r->actor, rounds[k].id, "", "", 0, &items, &n, &e))
			for (size_t i = 0; i < n; i++) {
				if (!strcmp(items[i].status, "nominated") ||
				    !strcmp(items[i].status, "not_recommended"))
					continue;
				json_array_append_new(
				    a, json_pack("{s:I, s:I, s:s, s:s, s:o, s:s, s:s}", "id",
						 (json_int_t)items[i].id, "round_id",
						 (json_int_t)items[i].round_id, "honour",
						 items[i].honour, "honour_label",
						 honour_label(items[i].honour), "nominee_name",
						 jstr(items[i].nominee_name), "org_name",
						 items[i].org_name, "status", items[i].status));
			}
		free(items);
		items = NULL;
	}
	free(rounds);
	return a;
}

/* The notice with the cases it lists. */
static void reply_notice(struct req *r, int status, int64_t id)
{
	struct notice nt;
	struct aid_case *cases = NULL;
	size_t n = 0;
	struct bf_err e;
	char today[CASE_DATE_LEN];
	if (case_notice_get(&r->core, &r->actor, id, &nt, &cases, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	date_format(date_today(), today);
	json_t *a = json_array();
	const struct policy *p = NULL;
	int pv = 0;
	for (size_t i = 0; i < n; i++) {
		if (cases[i].policy_version != pv) {
			pv = cases[i].policy_version;
			p = http_policy(r, pv);
		}
		json_array_append_new(a, case_item_json(&cases[i], p, today));
	}
	free(cases);
	json_t *j = notice_json(&nt, today);
	json_object_set_new(j, "cases", a);
	if (!strcmp(nt.kind, "commendation"))
		json_object_set_new(j, "nominations", notice_nominations_json(r, nt.id));
	reply_json(r, status, j);
}

void h_notices_list(struct req *r)
{
	struct notice *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	int page, size;
	struct bf_err e;
	char today[CASE_DATE_LEN];
	int64_t org = 0;
	const char *status = req_arg(r, "status");
	const char *kind = req_arg(r, "kind");
	struct search_term term;
	if (req_int_arg(r, "page", 1, 1, 1000000, &page) ||
	    req_int_arg(r, "size", 20, 1, 200, &size) || req_id_arg(r, "org", &org) ||
	    req_search_arg(r, NULL, &term))
		return;
	if (status && !*status)
		status = NULL;
	if (status && strcmp(status, "open") && strcmp(status, "closed")) {
		reply_code(r, EC_INVALID, "status", "状态应为 open 或 closed");
		return;
	}
	/* kind is checked by the core (400 for anything but yearly, emergency) */
	struct notice_query q = {.status = status,
				 .kind = kind,
				 .search = &term,
				 .offset = (page - 1) * size,
				 .limit = size};
	if (case_notice_find(&r->core, &r->actor, org, &q, &items, &n, &total, &e)) {
		reply_error(r, &e);
		return;
	}
	date_format(date_today(), today);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, notice_json(&items[i], today));
	free(items);
	reply_page(r, a, total, page, size);
}

void h_notices_create(struct req *r)
{
	static const char *const keys[] = {"org_id", "kind",	     "case_ids", "starts_on",
					   "office", "office_phone", NULL};
	struct case_notice_input in;
	struct notice nt;
	struct org o;
	int64_t *ids = NULL;
	size_t n = 0;
	struct bf_err e;
	memset(&in, 0, sizeof(in));
	json_t *j = req_json(r);
	if (!j)
		return;
	int rc = json_only_keys(j, keys, &e) ||
		 json_get_int(j, "org_id", &in.org_id, "发布公示的党支部", &e) ||
		 json_get_str(j, "kind", in.kind, sizeof(in.kind), "帮扶类型", &e) ||
		 json_get_ids(j, "case_ids", &ids, &n, NOTICE_IDS, "公示档案", &e) ||
		 json_get_date(j, "starts_on", in.starts_on, "公示开始日期", &e) ||
		 json_get_str(j, "office", in.office, sizeof(in.office), "受理单位", &e) ||
		 json_get_str(j, "office_phone", in.office_phone, sizeof(in.office_phone),
			      "受理电话", &e) ||
		 /* an organisation out of scope is 404, even with nothing to post */
		 (in.org_id && org_get(&r->core, &r->actor, in.org_id, &o, &e)) ||
		 case_notice_open(&r->core, &r->actor, &in, ids, n, &nt, &e);
	json_decref(j);
	free(ids);
	if (rc)
		reply_error(r, &e);
	else
		reply_notice(r, 201, nt.id);
}

void h_notice_get(struct req *r)
{
	reply_notice(r, 200, r->id);
}

void h_notice_close(struct req *r)
{
	struct bf_err e;
	if (case_notice_close(&r->core, &r->actor, r->id, &e))
		reply_error(r, &e);
	else
		reply_notice(r, 200, r->id);
}

/* ------------------------------------------------------------------ */
/* Objections                                                         */

static json_t *label_json(const char *code)
{
	const char *label = case_objection_label(code);
	return label ? json_string(label) : code[0] ? jstr(code) : json_null();
}

static json_t *objection_json(const struct objection *o)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(o->id));
	json_object_set_new(j, "notice_id", json_integer(o->notice_id));
	json_object_set_new(j, "case_id", o->case_id ? json_integer(o->case_id) : json_null());
	json_object_set_new(j, "nomination_id",
			    o->nomination_id ? json_integer(o->nomination_id) : json_null());
	json_object_set_new(j, "received_on", jstr(o->received_on));
	json_object_set_new(j, "channel", jstr(o->channel));
	json_object_set_new(j, "channel_label", label_json(o->channel));
	json_object_set_new(j, "content", jstr(o->content));
	json_object_set_new(j, "reporter", jstr(o->reporter));
	json_object_set_new(j, "outcome", jdate(o->outcome));
	json_object_set_new(j, "outcome_label", label_json(o->outcome));
	json_object_set_new(j, "reason", jstr(o->reason));
	json_object_set_new(j, "handled_at",
			    o->handled_at ? json_time(o->handled_at) : json_null());
	json_object_set_new(j, "created_at", json_time(o->created_at));
	return j;
}

void h_objections_list(struct req *r)
{
	struct objection *items = NULL;
	size_t n = 0;
	struct bf_err e;
	struct notice nt;
	/* the notice first, so one out of scope is 404 like everything else */
	if (case_notice_get(&r->core, &r->actor, r->id, &nt, NULL, NULL, &e) ||
	    case_objection_list(&r->core, &r->actor, r->id, 0, &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	REPLY_ITEMS(r, items, n, objection_json);
}

void h_objections_create(struct req *r)
{
	static const char *const keys[] = {"case_id", "nomination_id", "channel", "received_on",
					   "content", "reporter",      NULL};
	struct objection *o = xcalloc(1, sizeof(*o));
	struct bf_err e;
	json_t *j = req_json(r);
	if (j) {
		o->notice_id = r->id;
		if (json_only_keys(j, keys, &e) ||
		    json_get_int(j, "case_id", &o->case_id, "档案", &e) ||
		    json_get_int(j, "nomination_id", &o->nomination_id, "拟表彰对象", &e) ||
		    json_get_str(j, "channel", o->channel, sizeof(o->channel), "受理方式", &e) ||
		    json_get_date(j, "received_on", o->received_on, "受理日期", &e) ||
		    json_get_str(j, "content", o->content, sizeof(o->content), "异议内容", &e) ||
		    json_get_str(j, "reporter", o->reporter, sizeof(o->reporter), "反映人", &e) ||
		    case_objection_add(&r->core, &r->actor, o, &e))
			reply_error(r, &e);
		else
			reply_json(r, 201, objection_json(o));
		json_decref(j);
	}
	free(o);
}

void h_objection_handle(struct req *r)
{
	static const char *const keys[] = {"outcome", "reason", NULL};
	char outcome[24] = "", reason[TEXT_BYTES(TF_OBJECTION_REASON_MAX)] = "";
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j)
		return;
	int rc = json_only_keys(j, keys, &e) ||
		 json_get_str(j, "outcome", outcome, sizeof(outcome), "处理结果", &e) ||
		 json_get_str(j, "reason", reason, sizeof(reason), "处理理由", &e) ||
		 case_objection_handle(&r->core, &r->actor, r->id, outcome, reason, &e);
	json_decref(j);
	if (rc) {
		reply_error(r, &e);
		return;
	}
	json_t *a = json_object();
	json_object_set_new(a, "id", json_integer(r->id));
	json_object_set_new(a, "outcome", jstr(outcome));
	json_object_set_new(a, "outcome_label", label_json(outcome));
	json_object_set_new(a, "reason", jstr(reason));
	reply_json(r, 200, a);
}
