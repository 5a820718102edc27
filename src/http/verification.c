/* verification.c - /api/v1/verifications and /api/v1/verification-checks:
 * the verification campaign (走访核查, DOMAIN.md §3 step 12): the draw, the
 * assignment to checkers, the checks, progress per committee, the draw
 * repeated for an inspector and the campaign's report (docs/API.md). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cases.h"
#include "internal.h"
#include "verification_docs.h"

static json_t *campaign_json(const struct verification *v)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(v->id));
	json_object_set_new(j, "org_id", json_integer(v->org_id));
	json_object_set_new(j, "year", json_integer(v->year));
	json_object_set_new(j, "title", jstr(v->title));
	json_object_set_new(j, "share_pct", json_integer(v->share_pct));
	json_object_set_new(j, "min_per_committee", json_integer(v->min_per_committee));
	json_object_set_new(j, "seed", jstr(v->seed));
	json_object_set_new(j, "population", json_integer(v->population));
	json_object_set_new(j, "sample", json_integer(v->sample));
	json_object_set_new(j, "assigned", json_integer(v->assigned));
	json_object_set_new(j, "done", json_integer(v->done));
	json_object_set_new(j, "irregular", json_integer(v->irregular));
	json_object_set_new(j, "fraud", json_integer(v->fraud));
	json_object_set_new(j, "drawn_on", jdate(v->drawn_on));
	json_object_set_new(j, "due_on", jdate(v->due_on));
	json_object_set_new(j, "status", jstr(v->status));
	json_object_set_new(j, "created_at", json_time(v->created_at));
	return j;
}

static json_t *fact(const struct verification_check *k, int v)
{
	return strcmp(k->status, "done") ? json_null() : json_boolean(v);
}

static json_t *check_json(const struct verification_check *k)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(k->id));
	json_object_set_new(j, "campaign_id", json_integer(k->campaign_id));
	json_object_set_new(j, "case_id", json_integer(k->case_id));
	json_object_set_new(j, "committee_id", json_integer(k->committee_id));
	json_object_set_new(j, "committee_name", jstr(k->committee_name));
	json_object_set_new(j, "draw_rank", json_integer(k->draw_rank));
	json_object_set_new(j, "checker_id",
			    k->checker_id ? json_integer(k->checker_id) : json_null());
	json_object_set_new(j, "checker_name", jstr(k->checker_name));
	json_object_set_new(j, "status", jstr(k->status));
	json_object_set_new(j, "checked_on", jdate(k->checked_on));
	json_object_set_new(j, "phone_reached", fact(k, k->phone_reached));
	json_object_set_new(j, "phone_correct", fact(k, k->phone_correct));
	json_object_set_new(j, "living_as_declared", fact(k, k->living_as_declared));
	json_object_set_new(j, "notice_posted", fact(k, k->notice_posted));
	json_object_set_new(j, "money_received", fact(k, k->money_received));
	json_object_set_new(j, "finding", k->finding[0] ? jstr(k->finding) : json_null());
	json_object_set_new(j, "responsible_org_id",
			    k->responsible_org_id ? json_integer(k->responsible_org_id)
						  : json_null());
	json_object_set_new(j, "responsible_org_name", jstr(k->responsible_name));
	json_object_set_new(j, "recovery_id",
			    k->recovery_id ? json_integer(k->recovery_id) : json_null());
	json_object_set_new(j, "notes", jstr(k->notes));
	json_object_set_new(j, "version", json_integer(k->version));
	json_object_set_new(j, "recorded_at",
			    k->recorded_at ? json_time(k->recorded_at) : json_null());
	json_object_set_new(j, "member_id", json_integer(k->member_id));
	json_object_set_new(j, "member_name", jstr(k->member_name));
	json_object_set_new(j, "org_id", json_integer(k->org_id));
	json_object_set_new(j, "org_name", jstr(k->org_name));
	json_object_set_new(j, "case_state", jstr(k->case_state));
	json_object_set_new(j, "kind", jstr(k->kind));
	json_object_set_new(j, "amount_fen", json_integer(k->amount));
	json_object_set_new(j, "paid_on", jdate(k->paid_on));
	json_object_set_new(j, "phone", jstr(k->phone));
	return j;
}

static void reply_campaign(struct req *r, int status, int64_t id)
{
	struct verification v;
	struct bf_err e;
	if (verification_get(&r->core, &r->actor, id, &v, &e))
		reply_error(r, &e);
	else
		reply_json(r, status, campaign_json(&v));
}

void h_verifications_list(struct req *r)
{
	struct verification *items = NULL;
	size_t n = 0;
	int year;
	struct bf_err e;
	if (req_int_arg(r, "year", 0, 2000, 2100, &year))
		return;
	if (verification_list(&r->core, &r->actor, year, &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	REPLY_ITEMS(r, items, n, campaign_json);
}

void h_verifications_create(struct req *r)
{
	static const char *const keys[] = {"year", "title",  "share_pct", "min_per_committee",
					   "seed", "due_on", NULL};
	struct verification_input in;
	struct verification v;
	int64_t year = 0, share = 0, min = 1;
	struct bf_err e;
	memset(&in, 0, sizeof(in));
	json_t *j = req_json(r);
	if (!j)
		return;
	int rc = json_only_keys(j, keys, &e) || json_get_int(j, "year", &year, "核查年度", &e) ||
		 json_get_str(j, "title", in.title, sizeof(in.title), "核查名称", &e) ||
		 json_get_int(j, "share_pct", &share, "抽查比例", &e) ||
		 json_get_int(j, "min_per_committee", &min, "每个党(工)委至少抽查数", &e) ||
		 json_get_str(j, "seed", in.seed, sizeof(in.seed), "随机种子", &e) ||
		 json_get_date(j, "due_on", in.due_on, "完成期限", &e);
	json_decref(j);
	if (!rc && !year)
		rc = err_set(&e, EC_MISSING, "year", "请填写核查年度");
	else if (!rc && !share)
		rc = err_set(&e, EC_MISSING, "share_pct", "请填写抽查比例");
	else if (!rc && !in.due_on[0])
		rc = err_set(&e, EC_MISSING, "due_on", "请填写完成期限");
	in.year = year < 2000 || year > 2100 ? 0 : (int)year;
	in.share_pct = share < 0 || share > 100 ? -1 : (int)share;
	in.min_per_committee = min < 0 || min > 1000 ? -1 : (int)min;
	if (rc || verification_create(&r->core, &r->actor, &in, &v, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_campaign(r, 201, v.id);
}

void h_verification_get(struct req *r)
{
	reply_campaign(r, 200, r->id);
}

void h_verification_close(struct req *r)
{
	struct bf_err e;
	if (verification_close(&r->core, &r->actor, r->id, &e))
		reply_error(r, &e);
	else
		reply_campaign(r, 200, r->id);
}

void h_verification_checks(struct req *r)
{
	struct verification_check *items = NULL;
	size_t n = 0;
	int64_t org;
	int mine;
	struct bf_err e;
	const char *status = req_arg(r, "status");
	if (req_id_arg(r, "org", &org) || req_int_arg(r, "mine", 0, 0, 1, &mine))
		return;
	if (verification_checks(&r->core, &r->actor, r->id, org, mine, status, &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, check_json(&items[i]));
	free(items);
	reply_json(r, 200, json_pack("{s:I, s:o}", "campaign_id", (json_int_t)r->id, "items", a));
}

void h_verification_assign(struct req *r)
{
	static const char *const keys[] = {"checker_id", "case_ids", "org_id", NULL};
	int64_t checker = 0, org = 0, *ids = NULL;
	size_t n = 0, count = 0;
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j)
		return;
	int rc = json_only_keys(j, keys, &e) ||
		 json_get_int(j, "checker_id", &checker, "核查人", &e) ||
		 json_get_ids(j, "case_ids", &ids, &n, 500, "案件", &e) ||
		 json_get_int(j, "org_id", &org, "组织", &e);
	if (!rc && !json_object_get(j, "checker_id"))
		rc = err_set(&e, EC_MISSING, "checker_id", "请选择核查人（null 为取消指派）");
	json_decref(j);
	if (rc ||
	    verification_assign(&r->core, &r->actor, r->id, checker, ids, n, org, &count, &e)) {
		free(ids);
		reply_error(r, &e);
		return;
	}
	free(ids);
	reply_json(r, 200, json_pack("{s:I}", "assigned", (json_int_t)count));
}

static json_t *progress_json(const struct verification_progress *p)
{
	json_t *j = json_object();
	json_object_set_new(j, "org_id", json_integer(p->org_id));
	json_object_set_new(j, "org_name", jstr(p->org_name));
	json_object_set_new(j, "population", json_integer(p->population));
	json_object_set_new(j, "sample", json_integer(p->sample));
	json_object_set_new(j, "assigned", json_integer(p->assigned));
	json_object_set_new(j, "done", json_integer(p->done));
	json_object_set_new(j, "none", json_integer(p->none));
	json_object_set_new(j, "irregular", json_integer(p->irregular));
	json_object_set_new(j, "fraud", json_integer(p->fraud));
	json_object_set_new(j, "recovered_fen", json_integer(p->recovered_fen));
	return j;
}

void h_verification_progress(struct req *r)
{
	struct verification_progress *rows = NULL;
	size_t n = 0;
	struct bf_err e;
	if (verification_progress(&r->core, &r->actor, r->id, &rows, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, progress_json(&rows[i]));
	free(rows);
	reply_json(r, 200, json_pack("{s:I, s:o}", "campaign_id", (json_int_t)r->id, "items", a));
}

static json_t *picks_json(const struct verification_pick *p, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    a, json_pack("{s:I, s:I, s:i}", "case_id", (json_int_t)p[i].case_id,
				 "committee_id", (json_int_t)p[i].committee_id, "rank", p[i].rank));
	return a;
}

void h_verification_redraw(struct req *r)
{
	struct verification_redraw d;
	struct bf_err e;
	if (verification_redraw(&r->core, &r->actor, r->id, &d, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *j = json_pack("{s:I, s:s, s:i, s:i, s:I, s:s, s:b, s:o, s:o}", "campaign_id",
			      (json_int_t)d.v.id, "seed", d.v.seed, "share_pct", d.v.share_pct,
			      "min_per_committee", d.v.min_per_committee, "population",
			      (json_int_t)d.population, "population_sm3", d.digest, "same", d.same,
			      "drawn", picks_json(d.drawn, d.ndrawn), "recorded",
			      picks_json(d.recorded, d.nrecorded));
	verification_redraw_release(&d);
	reply_json(r, 200, j);
}

void h_verification_report(struct req *r)
{
	const char *fmt = req_arg(r, "format");
	void *data = NULL;
	size_t len = 0;
	char name[VERIFICATION_DOC_NAME_MAX];
	struct bf_err e;
	if (!fmt || !*fmt)
		fmt = "pdf";
	if (strcmp(fmt, "pdf") && strcmp(fmt, "xlsx")) {
		reply_code(r, EC_INVALID, "format", "格式须为 pdf 或 xlsx");
		return;
	}
	if (verification_doc_render(&r->core, &r->actor, r->id, fmt, &data, &len, name, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_disposition(r, name, !strcmp(fmt, "pdf"));
	reply_bytes(r, 200, data, len,
		    !strcmp(fmt, "pdf")
			? "application/pdf"
			: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}

void h_verification_check_get(struct req *r)
{
	struct verification_check k;
	struct bf_err e;
	if (verification_check_get(&r->core, &r->actor, r->id, &k, &e))
		reply_error(r, &e);
	else
		reply_json(r, 200, check_json(&k));
}

void h_verification_check_phone(struct req *r)
{
	struct verification_check k;
	struct bf_err e;
	if (verification_check_phone(&r->core, &r->actor, r->id, &k, &e))
		reply_error(r, &e);
	else
		reply_json(r, 200,
			   json_pack("{s:I, s:o}", "id", (json_int_t)k.id, "phone", jstr(k.phone)));
}

/* A fact of the body: true / false (or 1 / 0); absent or null stays -1. */
static int body_fact(json_t *j, const char *key, int *dst, const char *label, struct bf_err *e)
{
	json_t *v = json_object_get(j, key);
	if (!v || json_is_null(v))
		return 0;
	return json_get_flag(j, key, dst, label, e);
}

void h_verification_check_record(struct req *r)
{
	static const char *const keys[] = {"version",
					   "checked_on",
					   "phone_reached",
					   "phone_correct",
					   "living_as_declared",
					   "notice_posted",
					   "money_received",
					   "finding",
					   "responsible_org_id",
					   "recover_fen",
					   "notes",
					   NULL};
	struct verification_result in;
	struct verification_check k;
	struct verification_outcome oc;
	struct bf_err e;
	verification_result_init(&in);
	json_t *j = req_json(r);
	if (!j)
		return;
	int rc = json_only_keys(j, keys, &e) ||
		 json_get_int(j, "version", &in.version, "版本", &e) ||
		 json_get_date(j, "checked_on", in.checked_on, "核查日期", &e) ||
		 body_fact(j, "phone_reached", &in.phone_reached, "电话是否打通", &e) ||
		 body_fact(j, "phone_correct", &in.phone_correct, "电话号码是否正确", &e) ||
		 body_fact(j, "living_as_declared", &in.living_as_declared,
			   "生活状况是否与申报一致", &e) ||
		 body_fact(j, "notice_posted", &in.notice_posted, "是否张贴公示", &e) ||
		 body_fact(j, "money_received", &in.money_received, "帮扶款是否收到并签收", &e) ||
		 json_get_str(j, "finding", in.finding, sizeof(in.finding), "核查结论", &e) ||
		 json_get_int(j, "responsible_org_id", &in.responsible_org_id, "责任组织", &e) ||
		 json_get_int(j, "recover_fen", &in.recover_fen, "追回金额", &e) ||
		 json_get_str(j, "notes", in.notes, sizeof(in.notes), "核查情况", &e);
	json_decref(j);
	if (rc || verification_record(&r->core, &r->actor, r->id, &in, &k, &oc, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *out = check_json(&k);
	json_object_set_new(out, "verified", json_boolean(oc.verified));
	json_object_set_new(out, "verify_note", jstr(oc.why_not));
	reply_json(r, 200, out);
}
