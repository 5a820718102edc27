/* cases.c - /api/v1/cases: the cases of the aid procedure (cases.h):
 * the list and one case with its classification, deadline and the steps
 * the caller may take; creating and correcting an application; the steps
 * themselves, the timeline, dossier items, pay-first paperwork and the
 * department's batch approval.  Every rule is the core's: this file only
 * turns JSON into its structs and back (a case as JSON: case_json.c). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cases.h"
#include "internal.h"
#include "utf8.h"
#include "wrapper.h"

#define BATCH_IDS 500 /* case_approve_batch's own limit */

/* Reads the case again and answers it whole. */
static void reply_case(struct req *r, int status, int64_t id)
{
	struct bf_err e;
	struct aid_case *c = xcalloc(1, sizeof(*c));
	if (case_get(&r->core, &r->actor, id, c, &e))
		reply_error(r, &e);
	else
		reply_json(r, status, case_full_json(r, c));
	free(c);
}

/* ------------------------------------------------------------------ */
/* The list                                                           */

static int known_state(const char *s)
{
	enum case_state st;
	return !s || !*s || !wf_state_parse(s, &st);
}

void h_cases_list(struct req *r)
{
	struct case_query q;
	struct search_term term;
	struct aid_case *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	int page, size, year, overdue, paperwork, own;
	struct bf_err e;
	char today[CASE_DATE_LEN];
	memset(&q, 0, sizeof(q));
	date_format(date_today(), today);
	if (req_int_arg(r, "page", 1, 1, 1000000, &page) ||
	    req_int_arg(r, "size", 20, 1, 200, &size) ||
	    req_int_arg(r, "year", 0, 2000, 2100, &year) ||
	    req_int_arg(r, "overdue", 0, 0, 1, &overdue) ||
	    req_int_arg(r, "paperwork", 0, 0, 1, &paperwork) ||
	    req_int_arg(r, "own", 0, 0, 1, &own) || req_id_arg(r, "org", &q.org_id) ||
	    req_id_arg(r, "round", &q.round_id) || req_id_arg(r, "member", &q.member_id))
		return;
	q.state = req_arg(r, "state");
	q.kind = req_arg(r, "kind");
	if (req_search_arg(r, NULL, &term))
		return;
	q.search = &term;
	if (!known_state(q.state)) {
		reply_code(r, EC_INVALID, "state", "未知的档案状态");
		return;
	}
	if (q.kind && *q.kind && strcmp(q.kind, "yearly") && strcmp(q.kind, "emergency")) {
		reply_code(r, EC_INVALID, "kind", "帮扶类型应为 yearly 或 emergency");
		return;
	}
	const char *order = req_arg(r, "order");
	if (order && *order && strcmp(order, "due") && strcmp(order, "newest")) {
		reply_code(r, EC_INVALID, "order", "排序应为 newest 或 due");
		return;
	}
	q.order = order && !strcmp(order, "due") ? CASE_ORDER_DUE : CASE_ORDER_NEWEST;
	q.year = year;
	q.overdue_before = overdue ? today : NULL;
	q.paperwork_open = paperwork;
	q.offset = (page - 1) * size;
	q.limit = size;
	if (case_list_own(&r->core, &r->actor, &q, own, &items, &n, &total, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *a = json_array();
	const struct policy *p = NULL;
	int pv = 0;
	for (size_t i = 0; i < n; i++) {
		if (items[i].policy_version != pv) { /* one version per page, usually */
			pv = items[i].policy_version;
			p = http_policy(r, pv);
		}
		json_array_append_new(a, case_item_json(&items[i], p, today));
	}
	free(items);
	reply_page(r, a, total, page, size);
}

/* ------------------------------------------------------------------ */
/* Creating and correcting an application                             */

/* Codes as an array of strings (or of {"code"} objects, as answered). */
static int codes_from_json(json_t *o, const char *key, struct policy_codes *s, const char *label,
			   struct bf_err *e)
{
	json_t *v = json_object_get(o, key);
	if (!v)
		return 0;
	memset(s, 0, sizeof(*s));
	if (json_is_null(v))
		return 0;
	if (!json_is_array(v))
		return err_set(e, EC_INVALID, key, "%s应为代码列表", label);
	for (size_t i = 0; i < json_array_size(v); i++) {
		json_t *x = json_array_get(v, i);
		const char *code = json_is_object(x) ? json_string_value(json_object_get(x, "code"))
						     : json_string_value(x);
		if (!code || !*code || policy_codes_add(s, code))
			return err_set(e, EC_INVALID, key, "%s第 %zu 项无效（最多 %d 项）", label,
				       i + 1, POLICY_MAX_ITEMS);
	}
	return 0;
}

static int override_from_json(json_t *o, struct classify_override *ov, struct bf_err *e)
{
	static const char *const keys[] = {"category", "tier", "eligible", "reason", NULL};
	json_t *v = json_object_get(o, "override");
	classify_override_init(ov);
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_object(v))
		return err_set(e, EC_INVALID, "override", "人工认定应为对象");
	json_t *el = json_object_get(v, "eligible");
	if (el && !json_is_null(el)) {
		if (!json_is_boolean(el))
			return err_set(e, EC_INVALID, "override.eligible",
				       "是否符合帮扶条件应为 true 或 false");
		ov->eligible = json_is_true(el);
	}
	if (json_only_keys(v, keys, e) ||
	    json_get_str(v, "category", ov->category, sizeof(ov->category), "帮扶类别", e) ||
	    json_get_str(v, "tier", ov->tier, sizeof(ov->tier), "困难档次", e) ||
	    json_get_str(v, "reason", ov->reason, sizeof(ov->reason), "人工认定理由", e)) {
		char field[sizeof(e->field)];
		snprintf(field, sizeof(field), "override.%.*s", utf8_prefix(e->field, 40),
			 e->field);
		memcpy(e->field, field, sizeof(field));
		return -1;
	}
	return 0;
}

/* The facts of the body onto in (absent fields keep their value). */
static int facts_from_json(json_t *j, struct case_input *in, struct bf_err *e)
{
	int64_t size = in->household_size;
	json_t *inc = json_object_get(j, "income_fen");
	if (codes_from_json(j, "causes", &in->causes, "致困原因", e) ||
	    codes_from_json(j, "conditions", &in->conditions, "困难条件", e) ||
	    codes_from_json(j, "exclusions", &in->exclusions, "排除情形", e) ||
	    json_get_str(j, "situation", in->situation, sizeof(in->situation), "困难状况说明", e) ||
	    json_get_str(j, "loss_type", in->loss_type, sizeof(in->loss_type), "事故类型", e) ||
	    json_get_int(j, "household_size", &size, "家庭人口", e) ||
	    json_get_flag(j, "labour_capacity", &in->labour_capacity, "有无劳动能力", e) ||
	    json_get_flag(j, "fixed_income", &in->fixed_income, "有无固定收入", e) ||
	    json_get_int(j, "requested_fen", &in->requested_fen, "申请金额", e) ||
	    json_get_int(j, "version", &in->version, "版本号", e) ||
	    json_get_date(j, "applied_on", in->applied_on, "申请日期", e) ||
	    override_from_json(j, &in->override, e))
		return -1;
	if (inc && json_is_null(inc))
		in->income_fen = -1; /* unknown */
	else if (json_get_int(j, "income_fen", &in->income_fen, "家庭年收入", e))
		return -1;
	else if (inc && in->income_fen < 0)
		return err_set(e, EC_INVALID, "income_fen", "家庭年收入不能为负数");
	if (size < 0 || size > 30)
		return err_set(e, EC_INVALID, "household_size", "家庭人口须在 1 到 30 人之间");
	in->household_size = (int)size;
	return 0;
}

static const char *const fact_keys[] = {"causes",
					"conditions",
					"exclusions",
					"situation",
					"loss_type",
					"income_fen",
					"household_size",
					"labour_capacity",
					"fixed_income",
					"requested_fen",
					"override",
					"version",
					"member_id",
					"kind",
					"round_id",
					"applied_on",
					NULL};

/* A yearly case filed into a round already past its due date is late the
 * moment it exists: the answer says so (the console asks before). */
static json_t *late_warning(const struct aid_case *c, json_t *j)
{
	char today[CASE_DATE_LEN];
	date_format(date_today(), today);
	if (strcmp(c->kind, "yearly") || !c->due_on[0] || strcmp(c->due_on, today) >= 0)
		return j;
	int m = 0, d = 0;
	sscanf(c->due_on + 5, "%d-%d", &m, &d);
	json_t *w = json_array();
	json_array_append_new(
	    w, json_sprintf("该轮次已过截止日期（%d月%d日），本申请已标记为逾期", m, d));
	json_object_set_new(j, "warnings", w);
	return j;
}

void h_cases_create(struct req *r)
{
	struct bf_err e;
	struct case_input *in = xcalloc(1, sizeof(*in));
	struct aid_case *c = xcalloc(1, sizeof(*c));
	json_t *j = req_json(r);
	case_input_init(in);
	if (j) {
		if (json_only_keys(j, fact_keys, &e) ||
		    json_get_int(j, "member_id", &in->member_id, "党员", &e) ||
		    json_get_str(j, "kind", in->kind, sizeof(in->kind), "帮扶类型", &e) ||
		    json_get_int(j, "round_id", &in->round_id, "帮扶轮次", &e) ||
		    facts_from_json(j, in, &e) || case_create(&r->core, &r->actor, in, c, &e))
			reply_error(r, &e);
		else
			reply_json(r, 201, late_warning(c, case_full_json(r, c)));
		json_decref(j);
	}
	free(in);
	free(c);
}

void h_case_get(struct req *r)
{
	reply_case(r, 200, r->id);
}

/* The case's facts as an input to change. */
static void input_of(const struct aid_case *c, struct case_input *in)
{
	case_input_init(in);
	snprintf(in->loss_type, sizeof(in->loss_type), "%s", c->loss_type);
	in->causes = c->causes;
	in->conditions = c->conditions;
	in->exclusions = c->exclusions;
	snprintf(in->situation, sizeof(in->situation), "%s", c->situation);
	in->income_fen = c->income_fen;
	in->household_size = c->household_size;
	in->labour_capacity = c->labour_capacity;
	in->fixed_income = c->fixed_income;
	in->requested_fen = c->requested_fen;
	memcpy(in->applied_on, c->applied_on, CASE_DATE_LEN);
}

void h_case_patch(struct req *r)
{
	static const char *const fixed[] = {"member_id", "kind", "round_id"};
	struct bf_err e;
	struct case_input *in = xcalloc(1, sizeof(*in));
	struct aid_case *c = xcalloc(1, sizeof(*c));
	json_t *j = req_json(r);
	int rc = !j;
	for (size_t i = 0; !rc && i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (json_object_get(j, fixed[i]))
			rc =
			    err_set(&e, EC_INVALID, fixed[i], "档案的党员、帮扶类型和轮次不能修改");
	if (!rc)
		rc =
		    json_only_keys(j, fact_keys, &e) || case_get(&r->core, &r->actor, r->id, c, &e);
	if (!rc) {
		input_of(c, in);
		rc = facts_from_json(j, in, &e) ||
		     case_update(&r->core, &r->actor, r->id, in, c, &e);
	}
	if (j && rc)
		reply_error(r, &e);
	else if (j)
		reply_json(r, 200, case_full_json(r, c));
	json_decref(j);
	free(in);
	free(c);
}

/* ------------------------------------------------------------------ */
/* Steps                                                              */

/* The fields each event brings besides event, version and reason. */
static const char *const step_fields[EV__COUNT] = {
    [EV_INVESTIGATE] = " investigation_on investigators investigation ",
    [EV_APPRAISE] = " appraisal_on expected present votes_for votes_against votes_abstain "
		    "appraisal_minutes ",
    [EV_DECIDE] = " decision_on decision_minutes proposed_fen opinion ",
    [EV_OPEN_NOTICE] = " office office_phone ",
    [EV_SUBMIT] = " dossier ",
    [EV_REVIEW] = " opinion ",
    [EV_APPROVE] = " approved_fen special_approval special_reason opinion ",
    [EV_PAY_FIRST] = " approved_fen special_approval special_reason paperwork_due opinion ",
    [EV_ENTER_SCREENING] = " screening_entered_on ",
    [EV_SCREEN_PASS] = " screening_result ",
    [EV_SCREEN_FAIL] = " screening_result ",
};

static int step_keys_ok(json_t *j, enum case_event ev, struct bf_err *e)
{
	const char *k;
	json_t *v;
	json_object_foreach(j, k, v)
	{
		char word[48];
		if (!strcmp(k, "event") || !strcmp(k, "version") || !strcmp(k, "reason"))
			continue;
		snprintf(word, sizeof(word), " %s ", k);
		if (strlen(k) > 40 || !step_fields[ev] || !strstr(step_fields[ev], word))
			return err_set(e, EC_INVALID, k, "“%s”不属于“%s”这一步", k,
				       wf_event_label(ev));
	}
	return 0;
}

static int int_field(json_t *j, const char *key, int *dst, const char *label, struct bf_err *e)
{
	int64_t v = *dst;
	if (json_get_int(j, key, &v, label, e))
		return -1;
	if (v < -1000000 || v > 1000000)
		return err_set(e, EC_INVALID, key, "%s超出范围", label);
	*dst = (int)v;
	return 0;
}

static int step_from_json(json_t *j, struct case_step_input *in, struct bf_err *e)
{
	struct case_step_input *s = in;
	return json_get_int(j, "version", &s->version, "版本号", e) ||
	       json_get_str(j, "reason", s->reason, sizeof(s->reason), "原因", e) ||
	       json_get_date(j, "investigation_on", s->investigation_on, "入户调查日期", e) ||
	       json_get_str(j, "investigators", s->investigators, sizeof(s->investigators),
			    "调查人员", e) ||
	       json_get_str(j, "investigation", s->investigation, sizeof(s->investigation),
			    "调查情况", e) ||
	       json_get_date(j, "appraisal_on", s->appraisal_on, "民主评议日期", e) ||
	       int_field(j, "expected", &s->expected, "应到人数", e) ||
	       int_field(j, "present", &s->present, "实到人数", e) ||
	       int_field(j, "votes_for", &s->votes_for, "赞成票数", e) ||
	       int_field(j, "votes_against", &s->votes_against, "反对票数", e) ||
	       int_field(j, "votes_abstain", &s->votes_abstain, "弃权票数", e) ||
	       json_get_str(j, "appraisal_minutes", s->appraisal_minutes,
			    sizeof(s->appraisal_minutes), "党员大会会议记录", e) ||
	       json_get_date(j, "decision_on", s->decision_on, "支委会日期", e) ||
	       json_get_str(j, "decision_minutes", s->decision_minutes, sizeof(s->decision_minutes),
			    "支委会会议记录", e) ||
	       json_get_int(j, "proposed_fen", &s->proposed_fen, "拟救助金额", e) ||
	       json_get_int(j, "approved_fen", &s->approved_fen, "批准金额", e) ||
	       json_get_flag(j, "special_approval", &s->special_approval, "特别审批", e) ||
	       json_get_str(j, "special_reason", s->special_reason, sizeof(s->special_reason),
			    "特别审批理由", e) ||
	       json_get_date(j, "paperwork_due", s->paperwork_due, "补齐手续期限", e) ||
	       case_dossier_from_json(json_object_get(j, "dossier"), "dossier", &s->dossier, e) ||
	       json_get_date(j, "screening_entered_on", s->screening_entered_on, "录入救助系统日期",
			     e) ||
	       json_get_str(j, "screening_result", s->screening_result, sizeof(s->screening_result),
			    "筛查结果", e) ||
	       json_get_str(j, "opinion", s->opinion, sizeof(s->opinion), "意见", e) ||
	       json_get_str(j, "office", s->office, sizeof(s->office), "受理单位", e) ||
	       json_get_str(j, "office_phone", s->office_phone, sizeof(s->office_phone), "受理电话",
			    e);
}

void h_case_step(struct req *r)
{
	struct bf_err e;
	char code[32] = "";
	enum case_event ev = EV__COUNT;
	struct case_step_input *in = xcalloc(1, sizeof(*in));
	json_t *j = req_json(r);
	if (!j) {
		free(in);
		return;
	}
	case_step_input_init(in);
	int rc = json_get_str(j, "event", code, sizeof(code), "操作", &e);
	if (!rc && !code[0])
		rc = err_set(&e, EC_MISSING, "event", "请指定要办理的操作（event）");
	else if (!rc && wf_event_parse(code, &ev))
		rc = err_set(&e, EC_INVALID, "event", "未知的操作“%s”", code);
	if (!rc)
		rc = step_keys_ok(j, ev, &e) || step_from_json(j, in, &e) ||
		     case_step(&r->core, &r->actor, r->id, ev, in, &e);
	json_decref(j);
	free(in);
	if (rc)
		reply_error(r, &e);
	else
		reply_case(r, 200, r->id);
}

/* ------------------------------------------------------------------ */
/* Timeline, dossier, paperwork, batch approval                       */

static const struct {
	const char *code, *label;
} edit_labels[] = {
    {"create", "录入申请"},
    {"update", "修改"},
    {"attach", "上传附件"},
    {"objection", "登记异议"},
    {"objection_handled", "处理异议"},
    {"paperwork_done", "补齐手续"},
};

static const char *event_label(const char *code)
{
	enum case_event ev;
	if (!wf_event_parse(code, &ev))
		return wf_event_label(ev);
	for (size_t i = 0; i < sizeof(edit_labels) / sizeof(edit_labels[0]); i++)
		if (!strcmp(edit_labels[i].code, code))
			return edit_labels[i].label;
	return code;
}

static json_t *event_json(const struct case_event_row *ev)
{
	json_t *detail = ev->detail[0] ? json_loads(ev->detail, 0, NULL) : NULL;
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(ev->id));
	json_object_set_new(j, "at", json_time(ev->at));
	json_object_set_new(j, "username", jstr(ev->username));
	json_object_set_new(j, "user_name", jstr(ev->user_name[0] ? ev->user_name : ev->username));
	json_object_set_new(j, "role", jstr(ev->role));
	json_object_set_new(j, "event", jstr(ev->event));
	json_object_set_new(j, "event_label", jstr(event_label(ev->event)));
	json_object_set_new(j, "from_state", jdate(ev->from_state));
	json_object_set_new(j, "from_label",
			    ev->from_state[0] ? jstr(case_state_label(ev->from_state))
					      : json_null());
	json_object_set_new(j, "to_state", jstr(ev->to_state));
	json_object_set_new(j, "to_label", jstr(case_state_label(ev->to_state)));
	json_object_set_new(j, "policy_version",
			    ev->policy_version ? json_integer(ev->policy_version) : json_null());
	json_object_set_new(j, "reason", jstr(ev->reason));
	json_object_set_new(j, "opinion", jstr(ev->opinion));
	json_object_set_new(j, "taken_on", jdate(ev->taken_on));
	json_object_set_new(j, "detail", detail ? detail : json_null());
	return j;
}

void h_case_timeline(struct req *r)
{
	struct case_event_row *items = NULL;
	size_t n = 0;
	struct bf_err e;
	if (case_timeline(&r->core, &r->actor, r->id, &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	REPLY_ITEMS(r, items, n, event_json);
}

void h_case_dossier(struct req *r)
{
	static const char *const keys[] = {"items", NULL};
	struct bf_err e;
	unsigned bits = 0;
	json_t *j = req_json(r);
	if (!j)
		return;
	int rc = json_only_keys(j, keys, &e) ||
		 case_dossier_from_json(json_object_get(j, "items"), "items", &bits, &e) ||
		 case_dossier_add(&r->core, &r->actor, r->id, bits, &e);
	json_decref(j);
	if (rc)
		reply_error(r, &e);
	else
		reply_case(r, 200, r->id);
}

void h_case_paperwork(struct req *r)
{
	struct bf_err e;
	if (case_paperwork_done(&r->core, &r->actor, r->id, &e))
		reply_error(r, &e);
	else
		reply_case(r, 200, r->id);
}

/* The dry run's answer: {"approvable":[ids],"refused":[{case_id,
 * member_name, message}]}. */
static void reply_check(struct req *r, int64_t org, const int64_t *ids, size_t n)
{
	int64_t *ok = NULL;
	struct case_refusal *bad = NULL;
	size_t n_ok = 0, n_bad = 0;
	struct bf_err e;
	if (case_approve_check(&r->core, &r->actor, org, ids, n, &ok, &n_ok, &bad, &n_bad, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *a = json_array(), *b = json_array();
	for (size_t i = 0; i < n_ok; i++)
		json_array_append_new(a, json_integer(ok[i]));
	for (size_t i = 0; i < n_bad; i++)
		json_array_append_new(b, json_pack("{s:I, s:o, s:o}", "case_id",
						   (json_int_t)bad[i].case_id, "member_name",
						   jstr(bad[i].member_name), "message",
						   jstr(bad[i].message)));
	free(ok);
	free(bad);
	reply_json(r, 200, json_pack("{s:o, s:o}", "approvable", a, "refused", b));
}

void h_cases_approve(struct req *r)
{
	static const char *const keys[] = {"org_id", "case_ids", "dry_run", "opinion", NULL};
	struct bf_err e;
	int64_t org = 0, *ids = NULL;
	size_t n = 0, approved = 0;
	int dry = 0;
	char opinion[TEXT_BYTES(TF_STEP_OPINION_MAX)] = "";
	json_t *j = req_json(r);
	if (!j)
		return;
	int rc = json_only_keys(j, keys, &e) || json_get_int(j, "org_id", &org, "报送组织", &e) ||
		 json_get_ids(j, "case_ids", &ids, &n, BATCH_IDS, "档案", &e) ||
		 json_get_flag(j, "dry_run", &dry, "仅检查", &e) ||
		 json_get_str(j, "opinion", opinion, sizeof(opinion), "审批意见", &e);
	json_decref(j);
	if (!rc && dry) {
		reply_check(r, org, ids, n);
		free(ids);
		return;
	}
	rc = rc || case_approve_batch(&r->core, &r->actor, org, ids, n, opinion, &approved, &e);
	free(ids);
	if (rc)
		reply_error(r, &e);
	else
		reply_json(r, 200, json_pack("{s:I}", "approved", (json_int_t)approved));
}
