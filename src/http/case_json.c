/* case_json.c - a case as JSON, shared by the handlers that answer cases
 * (cases.c, notices.c): a case in a list, a case whole with its
 * classification, deadline and the steps the caller may take, labels of
 * states and the policy's codes, and dossier items both ways
 * (docs/API.md "A case", "A case in a list"). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cases.h"
#include "internal.h"
#include "utf8.h"
#include "wrapper.h"

/* The policy of a version, for labels (NULL: labels left as codes). */
const struct policy *http_policy(struct req *r, int version)
{
	const struct policy *p = NULL;
	struct bf_err e;
	if (version < 1 || case_policy_get(&r->core, version, &p, &e))
		return NULL;
	return p;
}

static json_t *label_of(const struct policy *p, const struct policy_list *l, const char *code)
{
	const char *label = p && code[0] ? policy_label(l, code) : NULL;
	return jstr(label ? label : code);
}

static json_t *eligible_json(int v)
{
	return v < 0 ? json_null() : json_boolean(v);
}

const char *case_state_label(const char *code)
{
	enum case_state s;
	return wf_state_parse(code, &s) ? code : wf_state_label(s);
}

static const char *kind_label(const char *code)
{
	enum aid_kind k;
	return policy_kind_parse(code, &k) ? code : policy_kind_label(k);
}

/* The fields of a case in a list (docs/API.md "A case in a list"). */
json_t *case_item_json(const struct aid_case *c, const struct policy *p, const char *today)
{
	int finished = !strcmp(c->state, "verified") || !strcmp(c->state, "rejected");
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(c->id));
	json_object_set_new(j, "member_id", json_integer(c->member_id));
	json_object_set_new(j, "member_name", jstr(c->member_name));
	json_object_set_new(j, "org_id", json_integer(c->org_id));
	json_object_set_new(j, "org_name", jstr(c->org_name));
	json_object_set_new(j, "kind", jstr(c->kind));
	json_object_set_new(j, "kind_label", jstr(kind_label(c->kind)));
	json_object_set_new(j, "round_id", c->round_id ? json_integer(c->round_id) : json_null());
	json_object_set_new(j, "round_title", jstr(c->round_title));
	json_object_set_new(j, "year", json_integer(c->year));
	json_object_set_new(j, "state", jstr(c->state));
	json_object_set_new(j, "state_label", jstr(case_state_label(c->state)));
	json_object_set_new(j, "category", jdate(c->category));
	json_object_set_new(j, "category_label",
			    c->category[0] ? label_of(p, p ? &p->categories : NULL, c->category)
					   : json_null());
	json_object_set_new(j, "tier", jdate(c->tier));
	json_object_set_new(j, "tier_label",
			    c->tier[0] ? label_of(p, p ? &p->tiers : NULL, c->tier) : json_null());
	json_object_set_new(j, "eligible", eligible_json(c->eligible));
	json_object_set_new(j, "loss_type", jdate(c->loss_type));
	json_object_set_new(j, "requested_fen", json_integer(c->requested_fen));
	json_object_set_new(j, "proposed_fen", json_integer(c->proposed_fen));
	json_object_set_new(j, "approved_fen", json_integer(c->approved_fen));
	json_object_set_new(j, "pay_first", json_boolean(c->pay_first));
	json_object_set_new(j, "paperwork_due", jdate(c->paperwork_due));
	json_object_set_new(j, "paperwork_done", json_boolean(c->paperwork_done));
	json_object_set_new(j, "applied_on", jdate(c->applied_on));
	json_object_set_new(j, "paid_first", json_boolean(c->pay_first && c->payment_id));
	json_object_set_new(j, "payment",
			    c->payment_id
				? json_pack("{s:I, s:I, s:I, s:o}", "id", (json_int_t)c->payment_id,
					    "batch_id", (json_int_t)c->pay_batch_id, "amount_fen",
					    (json_int_t)c->paid_fen, "paid_on", jdate(c->paid_on))
				: json_null());
	json_object_set_new(j, "due_on", jdate(c->due_on));
	json_object_set_new(j, "due_estimated", json_boolean(c->due_estimated));
	json_object_set_new(
	    j, "overdue", json_boolean(!finished && c->due_on[0] && strcmp(c->due_on, today) < 0));
	json_object_set_new(j, "version", json_integer(c->version));
	json_object_set_new(j, "created_at", json_time(c->created_at));
	json_object_set_new(j, "updated_at", json_time(c->updated_at));
	return j;
}

/* Ticked codes with their labels: [{"code","label"}]. */
static json_t *codes_json(const struct policy_codes *s, const struct policy *p,
			  const struct policy_list *l)
{
	json_t *a = json_array();
	for (size_t i = 0; i < s->n; i++)
		json_array_append_new(a, json_pack("{s:o, s:o}", "code", jstr(s->code[i]), "label",
						   label_of(p, l, s->code[i])));
	return a;
}

static const struct {
	unsigned bit;
	const char *code, *label;
} dossier_items[] = {
    {CASE_DOSSIER_APPLICATION, "application", "书面申请"},
    {CASE_DOSSIER_APPLICATION_FORM, "application_form", "申请表"},
    {CASE_DOSSIER_ASSEMBLY_MINUTES, "assembly_minutes", "党员大会记录"},
    {CASE_DOSSIER_COMMITTEE_MINUTES, "committee_minutes", "支委会记录"},
    {CASE_DOSSIER_NOTICE_REPORT, "notice_report", "公示结果报告"},
    {CASE_DOSSIER_REGISTRATION_FORM, "registration_form", "信息登记表"},
};
#define NDOSSIER (sizeof(dossier_items) / sizeof(dossier_items[0]))

static json_t *dossier_json(unsigned bits)
{
	json_t *a = json_array();
	for (size_t i = 0; i < NDOSSIER; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "code", dossier_items[i].code,
						   "label", dossier_items[i].label, "present",
						   (bits & dossier_items[i].bit) != 0));
	return a;
}

/* Dossier items as codes (an array of strings) into bits. */
int case_dossier_from_json(json_t *v, const char *key, unsigned *bits, struct bf_err *e)
{
	*bits = 0;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_array(v))
		return err_set(e, EC_INVALID, key, "报备资料应为项目代码列表");
	for (size_t i = 0; i < json_array_size(v); i++) {
		const char *code = json_string_value(json_array_get(v, i));
		size_t k = 0;
		while (k < NDOSSIER && !(code && !strcmp(code, dossier_items[k].code)))
			k++;
		if (k == NDOSSIER)
			return err_set(e, EC_INVALID, key, "未知的报备资料项目“%s”",
				       code ? code : "?");
		*bits |= dossier_items[k].bit;
	}
	return 0;
}

static json_t *explanation_json(const char *text)
{
	json_t *a = json_array();
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (len) {
			json_t *s = json_stringn(p, len);
			json_array_append_new(a, s ? s : json_string(""));
		}
		p += len + (nl != NULL);
	}
	return a;
}

static json_t *classification_json(const struct aid_case *c, const struct policy *p)
{
	json_t *j = json_object();
	json_object_set_new(j, "category", jdate(c->category));
	json_object_set_new(j, "category_auto", jdate(c->category_auto));
	json_object_set_new(j, "category_reason", jstr(c->category_reason));
	json_object_set_new(j, "tier", jdate(c->tier));
	json_object_set_new(j, "tier_auto", jdate(c->tier_auto));
	json_object_set_new(j, "tier_reason", jstr(c->tier_reason));
	json_object_set_new(j, "eligible", eligible_json(c->eligible));
	json_object_set_new(j, "eligible_auto", eligible_json(c->eligible_auto));
	json_object_set_new(j, "eligible_reason", jstr(c->eligible_reason));
	json_object_set_new(j, "overridden",
			    json_boolean(strcmp(c->category, c->category_auto) ||
					 strcmp(c->tier, c->tier_auto) ||
					 c->eligible != c->eligible_auto));
	json_object_set_new(j, "explanation", explanation_json(c->explanation));
	return j;
}

static json_t *allowed_json(struct req *r, int64_t id)
{
	enum case_event evs[EV__COUNT];
	struct bf_err e;
	json_t *a = json_array();
	int n = case_allowed_events(&r->core, &r->actor, id, evs, &e);
	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s}", "event", wf_event_code(evs[i]),
						   "label", wf_event_label(evs[i])));
	return a;
}

/* One case with everything the case page shows (docs/API.md "A case"). */
json_t *case_full_json(struct req *r, const struct aid_case *c)
{
	char today[CASE_DATE_LEN];
	const struct policy *p = http_policy(r, c->policy_version);
	date_format(date_today(), today);
	json_t *j = case_item_json(c, p, today);
	json_object_set_new(j, "policy_version", json_integer(c->policy_version));
	json_object_set_new(j, "classification", classification_json(c, p));
	json_object_set_new(j, "causes", codes_json(&c->causes, p, p ? &p->causes : NULL));
	json_object_set_new(j, "conditions",
			    codes_json(&c->conditions, p, p ? &p->conditions : NULL));
	json_object_set_new(j, "exclusions",
			    codes_json(&c->exclusions, p, p ? &p->exclusions : NULL));
	json_object_set_new(j, "situation", jstr(c->situation));
	json_object_set_new(j, "income_fen",
			    c->income_fen < 0 ? json_null() : json_integer(c->income_fen));
	json_object_set_new(j, "household_size", json_integer(c->household_size));
	json_object_set_new(j, "labour_capacity", json_boolean(c->labour_capacity));
	json_object_set_new(j, "fixed_income", json_boolean(c->fixed_income));
	json_object_set_new(j, "special_approval", json_boolean(c->special_approval));
	json_object_set_new(j, "special_reason", jstr(c->special_reason));
	json_object_set_new(j, "dossier", dossier_json(c->dossier));
	json_object_set_new(j, "dossier_complete",
			    json_boolean((c->dossier & CASE_DOSSIER_ALL) == CASE_DOSSIER_ALL));
	json_object_set_new(j, "investigation_on", jdate(c->investigation_on));
	json_object_set_new(j, "investigators", jstr(c->investigators));
	json_object_set_new(j, "investigation", jstr(c->investigation));
	json_object_set_new(j, "appraisal_on", jdate(c->appraisal_on));
	json_object_set_new(j, "expected", json_integer(c->expected));
	json_object_set_new(j, "present", json_integer(c->present));
	json_object_set_new(j, "votes_for", json_integer(c->votes_for));
	json_object_set_new(j, "votes_against", json_integer(c->votes_against));
	json_object_set_new(j, "votes_abstain", json_integer(c->votes_abstain));
	json_object_set_new(j, "appraisal_minutes", jstr(c->appraisal_minutes));
	json_object_set_new(j, "decision_on", jdate(c->decision_on));
	json_object_set_new(j, "decision_minutes", jstr(c->decision_minutes));
	json_object_set_new(j, "screening_entered_on", jdate(c->screening_entered_on));
	json_object_set_new(j, "screening_result", jstr(c->screening_result));
	int64_t notice = case_notice_id(&r->core, c->id);
	json_object_set_new(j, "notice_id", notice ? json_integer(notice) : json_null());
	json_object_set_new(j, "allowed_events", allowed_json(r, c->id));
	struct case_next nx;
	case_next_step(&r->actor, c, &nx);
	json_object_set_new(j, "next_step",
			    json_pack("{s:o, s:o, s:b, s:s}", "level", jdate(nx.level),
				      "level_label", jdate(nx.level_label), "yours", nx.yours,
				      "text", nx.text));
	return j;
}
