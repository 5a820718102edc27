/* care_commendations.c - /api/v1/commendations, /api/v1/nominations and
 * /api/v1/honours: commendations (表彰, issue #12; commendations.h).  The
 * round with its quotas, nominations and their review, the notice of the
 * recommended list (then the notices' own routes: objections, closing,
 * the 公示 PDF), the approval, the honours list (JSON, XLSX in export.c,
 * PDF here) and a member's honours.  Every rule is the core's. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "commendations.h"
#include "date.h"
#include "documents.h"
#include "internal.h"
#include "wrapper.h"

static json_t *label_or_code(const char *label, const char *code)
{
	return jstr(label ? label : code);
}

static json_t *round_json(const struct commendation_round *x, const char *today)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(x->id));
	json_object_set_new(j, "org_id", json_integer(x->org_id));
	json_object_set_new(j, "org_name", jstr(x->org_name));
	json_object_set_new(j, "title", jstr(x->title));
	json_object_set_new(j, "year", json_integer(x->year));
	json_object_set_new(j, "nominate_by", jdate(x->nominate_by));
	json_object_set_new(
	    j, "nominating",
	    json_boolean(!strcmp(x->status, "open") && strcmp(today, x->nominate_by) <= 0));
	json_object_set_new(j, "status", jstr(x->status));
	json_object_set_new(j, "status_label",
			    label_or_code(commendation_round_status_label(x->status), x->status));
	json_object_set_new(j, "notice_id",
			    x->notice_id ? json_integer(x->notice_id) : json_null());
	json_object_set_new(j, "notice_status", jdate(x->notice_status));
	json_object_set_new(j, "notice_starts_on", jdate(x->notice_starts_on));
	json_object_set_new(j, "notice_ends_on", jdate(x->notice_ends_on));
	json_object_set_new(
	    j, "notice_ended",
	    json_boolean(x->notice_ends_on[0] && strcmp(today, x->notice_ends_on) > 0));
	json_object_set_new(j, "open_objections", json_integer(x->notice_open_objections));
	json_object_set_new(j, "approved_on", jdate(x->approved_on));
	json_object_set_new(j, "nominated", json_integer(x->nominated));
	json_object_set_new(j, "recommended", json_integer(x->recommended));
	json_object_set_new(j, "not_recommended", json_integer(x->not_recommended));
	json_object_set_new(j, "rejected", json_integer(x->rejected));
	json_object_set_new(j, "approved", json_integer(x->approved));
	json_object_set_new(j, "created_at", json_time(x->created_at));
	return j;
}

static json_t *nomination_json(const struct nomination *x)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(x->id));
	json_object_set_new(j, "round_id", json_integer(x->round_id));
	json_object_set_new(j, "round_title", jstr(x->round_title));
	json_object_set_new(j, "year", json_integer(x->year));
	json_object_set_new(j, "honour", jstr(x->honour));
	json_object_set_new(j, "honour_label", label_or_code(honour_label(x->honour), x->honour));
	json_object_set_new(j, "member_id",
			    x->member_id ? json_integer(x->member_id) : json_null());
	json_object_set_new(j, "nominee_org_id",
			    x->nominee_org_id ? json_integer(x->nominee_org_id) : json_null());
	json_object_set_new(j, "nominee_name", jstr(x->nominee_name));
	json_object_set_new(j, "org_id", json_integer(x->org_id));
	json_object_set_new(j, "org_name", jstr(x->org_name));
	json_object_set_new(j, "committee_id", json_integer(x->committee_id));
	json_object_set_new(j, "committee_name", jstr(x->committee_name));
	json_object_set_new(j, "deeds", jstr(x->deeds));
	json_object_set_new(j, "status", jstr(x->status));
	json_object_set_new(j, "status_label",
			    label_or_code(nomination_status_label(x->status), x->status));
	json_object_set_new(j, "opinion", jstr(x->opinion));
	json_object_set_new(j, "approved_on", jdate(x->approved_on));
	json_object_set_new(j, "reviewed_at",
			    x->reviewed_at ? json_time(x->reviewed_at) : json_null());
	json_object_set_new(j, "created_at", json_time(x->created_at));
	return j;
}

static json_t *quota_json(const struct commendation_quota *q)
{
	return json_pack("{s:I, s:o, s:s, s:o, s:i, s:i, s:i}", "org_id", (json_int_t)q->org_id,
			 "org_name", jstr(q->org_name), "honour", q->honour, "honour_label",
			 label_or_code(honour_label(q->honour), q->honour), "quota", q->quota,
			 "nominated", q->nominated, "recommended", q->recommended);
}

static void today_str(char today[11])
{
	date_format(date_today(), today);
}

/* The round with the quotas the actor sees. */
static void reply_round(struct req *r, int status, int64_t id)
{
	struct commendation_round x;
	struct commendation_quota *q = NULL;
	size_t nq = 0;
	struct bf_err e;
	char today[11];
	if (commendation_round_get(&r->core, &r->actor, id, &x, &q, &nq, &e)) {
		reply_error(r, &e);
		return;
	}
	today_str(today);
	json_t *a = json_array();
	for (size_t i = 0; i < nq; i++)
		json_array_append_new(a, quota_json(&q[i]));
	free(q);
	json_t *j = round_json(&x, today);
	json_object_set_new(j, "quotas", a);
	reply_json(r, status, j);
}

/* "quotas": [{"org_id", "honour", "quota"}, …] into a malloc'd array. */
static int get_quotas(json_t *j, struct commendation_quota **out, size_t *n, struct bf_err *e)
{
	json_t *arr = json_object_get(j, "quotas"), *it;
	size_t i;
	*out = NULL;
	*n = 0;
	if (!arr || json_is_null(arr))
		return 0;
	if (!json_is_array(arr))
		return err_set(e, EC_INVALID, "quotas", "名额应为列表");
	if (json_array_size(arr) > COMMENDATION_QUOTAS_MAX)
		return err_set(e, EC_INVALID, "quotas", "名额最多 %d 项", COMMENDATION_QUOTAS_MAX);
	*out = xcalloc(json_array_size(arr) + 1, sizeof(**out));
	json_array_foreach(arr, i, it)
	{
		static const char *const keys[] = {"org_id", "honour", "quota", NULL};
		struct commendation_quota *q = &(*out)[i];
		int64_t quota = -1;
		if (!json_is_object(it) || json_only_keys(it, keys, e) ||
		    json_get_int(it, "org_id", &q->org_id, "党(工)委", e) ||
		    json_get_str(it, "honour", q->honour, sizeof(q->honour), "表彰类别", e) ||
		    json_get_int(it, "quota", &quota, "名额", e))
			return err_set(e, EC_INVALID, "quotas", "第 %zu 项名额：%s", i + 1,
				       json_is_object(it) ? e->message : "应为对象");
		q->quota = quota < 0 || quota > 1000 ? -1 : (int)quota;
	}
	*n = json_array_size(arr);
	return 0;
}

/* GET /api/v1/commendations */
void h_commendations_list(struct req *r)
{
	struct commendation_round *items = NULL;
	size_t n = 0;
	struct bf_err e;
	char today[11];
	if (commendation_rounds(&r->core, &r->actor, &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	today_str(today);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, round_json(&items[i], today));
	free(items);
	reply_json(r, 200, json_pack("{s:o, s:I}", "items", a, "total", (json_int_t)n));
}

/* POST /api/v1/commendations */
void h_commendations_create(struct req *r)
{
	static const char *const keys[] = {"title", "year", "nominate_by", "quotas", NULL};
	struct commendation_round x;
	struct commendation_quota *q = NULL;
	size_t nq = 0;
	int64_t year = 0;
	struct bf_err e;
	memset(&x, 0, sizeof(x));
	json_t *j = req_json(r);
	if (!j)
		return;
	int rc = json_only_keys(j, keys, &e) ||
		 json_get_str(j, "title", x.title, sizeof(x.title), "表彰名称", &e) ||
		 json_get_int(j, "year", &year, "表彰年度", &e) ||
		 json_get_date(j, "nominate_by", x.nominate_by, "提名截止日期", &e) ||
		 get_quotas(j, &q, &nq, &e);
	json_decref(j);
	x.year = year > 0 && year < 10000 ? (int)year : -1;
	if (!year)
		x.year = 0;
	if (!rc)
		rc = commendation_round_open(&r->core, &r->actor, &x, q, nq, &e);
	free(q);
	if (rc)
		reply_error(r, &e);
	else
		reply_round(r, 201, x.id);
}

/* GET /api/v1/commendations/{id} */
void h_commendation_get(struct req *r)
{
	reply_round(r, 200, r->id);
}

/* PUT /api/v1/commendations/{id}/quotas */
void h_commendation_quotas(struct req *r)
{
	static const char *const keys[] = {"quotas", NULL};
	struct commendation_quota *q = NULL;
	size_t nq = 0;
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j)
		return;
	int rc = json_only_keys(j, keys, &e) || get_quotas(j, &q, &nq, &e) ||
		 commendation_quotas_set(&r->core, &r->actor, r->id, q, nq, &e);
	json_decref(j);
	free(q);
	if (rc)
		reply_error(r, &e);
	else
		reply_round(r, 200, r->id);
}

/* POST /api/v1/commendations/{id}/notice */
void h_commendation_notice(struct req *r)
{
	static const char *const keys[] = {"starts_on", "office", "office_phone", NULL};
	char from[11] = "", office[TEXT_BYTES(TF_NOTICE_OFFICE_MAX)] = "",
	     phone[TEXT_BYTES(TF_NOTICE_OFFICE_PHONE_MAX)] = "";
	int64_t notice = 0;
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j)
		return;
	int rc =
	    json_only_keys(j, keys, &e) ||
	    json_get_date(j, "starts_on", from, "公示开始日期", &e) ||
	    json_get_str(j, "office", office, sizeof(office), "受理单位", &e) ||
	    json_get_str(j, "office_phone", phone, sizeof(phone), "受理电话", &e) ||
	    commendation_notice_open(&r->core, &r->actor, r->id, from, office, phone, &notice, &e);
	json_decref(j);
	if (rc)
		reply_error(r, &e);
	else
		reply_round(r, 201, r->id);
}

/* POST /api/v1/commendations/{id}/approve */
void h_commendation_approve(struct req *r)
{
	struct bf_err e;
	if (commendation_approve(&r->core, &r->actor, r->id, &e))
		reply_error(r, &e);
	else
		reply_round(r, 200, r->id);
}

static void reply_nominations(struct req *r, struct nomination *items, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, nomination_json(&items[i]));
	free(items);
	reply_json(r, 200, json_pack("{s:o, s:I}", "items", a, "total", (json_int_t)n));
}

/* GET /api/v1/commendations/{id}/nominations?status=&honour=&committee= */
void h_commendation_nominations(struct req *r)
{
	struct nomination *items = NULL;
	size_t n = 0;
	int64_t committee = 0;
	struct bf_err e;
	if (req_id_arg(r, "committee", &committee))
		return;
	if (nominations_list(&r->core, &r->actor, r->id, req_arg(r, "status"), req_arg(r, "honour"),
			     committee, &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_nominations(r, items, n);
}

/* POST /api/v1/commendations/{id}/nominations */
void h_commendation_nominate(struct req *r)
{
	static const char *const keys[] = {"honour", "member_id", "nominee_org_id", "deeds", NULL};
	struct nomination *x = xcalloc(1, sizeof(*x));
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j) {
		free(x);
		return;
	}
	x->round_id = r->id;
	int rc = json_only_keys(j, keys, &e) ||
		 json_get_str(j, "honour", x->honour, sizeof(x->honour), "表彰类别", &e) ||
		 json_get_int(j, "member_id", &x->member_id, "被提名党员", &e) ||
		 json_get_int(j, "nominee_org_id", &x->nominee_org_id, "被提名党组织", &e) ||
		 json_get_str(j, "deeds", x->deeds, sizeof(x->deeds), "主要事迹", &e) ||
		 nomination_add(&r->core, &r->actor, x, &e);
	json_decref(j);
	if (rc)
		reply_error(r, &e);
	else
		reply_json(r, 201, nomination_json(x));
	free(x);
}

/* GET /api/v1/nominations/{id} */
void h_nomination_get(struct req *r)
{
	struct nomination *x = xcalloc(1, sizeof(*x));
	struct bf_err e;
	if (nomination_get(&r->core, &r->actor, r->id, x, &e))
		reply_error(r, &e);
	else
		reply_json(r, 200, nomination_json(x));
	free(x);
}

/* POST /api/v1/nominations/{id}/review */
void h_nomination_review(struct req *r)
{
	static const char *const keys[] = {"decision", "opinion", NULL};
	char decision[24] = "", opinion[TEXT_BYTES(TF_NOMINATION_OPINION_MAX)] = "";
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j)
		return;
	int rc = json_only_keys(j, keys, &e) ||
		 json_get_str(j, "decision", decision, sizeof(decision), "审核结果", &e) ||
		 json_get_str(j, "opinion", opinion, sizeof(opinion), "审核意见", &e) ||
		 nomination_review(&r->core, &r->actor, r->id, decision, opinion, &e);
	json_decref(j);
	if (rc)
		reply_error(r, &e);
	else
		h_nomination_get(r);
}

/* GET /api/v1/honours?round=&member= */
void h_honours_list(struct req *r)
{
	struct nomination *items = NULL;
	size_t n = 0;
	int64_t round = 0, member = 0;
	struct bf_err e;
	if (req_id_arg(r, "round", &round) || req_id_arg(r, "member", &member))
		return;
	if (honours_list(&r->core, &r->actor, round, member, &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_nominations(r, items, n);
}

/* GET /api/v1/members/{id}/honours */
void h_member_honours(struct req *r)
{
	struct nomination *items = NULL;
	size_t n = 0;
	struct bf_err e;
	if (honours_list(&r->core, &r->actor, 0, r->id, &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_nominations(r, items, n);
}

/* GET /api/v1/commendations/{id}/honours/document: the honours list of an
 * approved round as PDF (表彰名单). */
void h_commendation_honours_pdf(struct req *r)
{
	void *data = NULL;
	size_t len = 0;
	char name[DOC_NAME_MAX];
	struct bf_err e;
	if (doc_render(&r->core, &r->actor, DOC_HONOURS, r->id, 0, &data, &len, name, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_disposition(r, name, 0);
	reply_bytes(r, 200, data, len, "application/pdf");
}

void http_mark_honoured(struct req *r, json_t *items)
{
	size_t n = json_array_size(items);
	int64_t *ids = xcalloc(n + 1, sizeof(*ids));
	unsigned char *flags = xcalloc(n + 1, 1);
	struct bf_err e;
	for (size_t i = 0; i < n; i++)
		ids[i] = json_integer_value(json_object_get(json_array_get(items, i), "member_id"));
	/* a failure leaves every mark off: the list itself stands */
	if (honours_marks(&r->core, ids, n, flags, &e))
		memset(flags, 0, n);
	for (size_t i = 0; i < n; i++)
		json_object_set_new(json_array_get(items, i), "honoured", json_boolean(flags[i]));
	free(ids);
	free(flags);
}
