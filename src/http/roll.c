/* roll.c - /api/v1/roll: the hardship roll (困难党员台账, issue #11; cases.h
 * "the hardship roll"): the list per organisation with its filters, now or
 * as of a day; an entry with its history; registration (a branch's survey),
 * confirmation and refusal, exit and relapse, changes of the facts; a
 * member's periods.  Every rule is the core's: this file turns JSON into
 * struct roll_entry and back. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cases.h"
#include "internal.h"
#include "strbuf.h"
#include "wrapper.h"

/* ------------------------------------------------------------------ */
/* As JSON                                                             */

static json_t *code_json(const char *code, const char *label)
{
	return code[0] ? json_pack("{s:s, s:s}", "code", code, "label", label[0] ? label : code)
		       : json_null();
}

static json_t *causes_json(const struct policy_codes *s, const struct policy *p)
{
	json_t *a = json_array();
	for (size_t i = 0; i < s->n; i++) {
		const char *label = p ? policy_label(&p->causes, s->code[i]) : NULL;
		json_array_append_new(a, json_pack("{s:s, s:s}", "code", s->code[i], "label",
						   label ? label : s->code[i]));
	}
	return a;
}

/* The causes' labels joined by 、 (the Excel column, a table cell). */
static json_t *causes_text(const struct policy_codes *s, const struct policy *p)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < s->n; i++) {
		const char *label = p ? policy_label(&p->causes, s->code[i]) : NULL;
		strbuf_addf(&sb, "%s%s", i ? "、" : "", label ? label : s->code[i]);
	}
	json_t *j = json_string(sb.len ? sb.buf : "");
	strbuf_release(&sb);
	return j;
}

static const struct policy *current_policy(struct req *r)
{
	const struct policy *p = NULL;
	struct bf_err e;
	return case_policy_in_force(&r->core, NULL, &p, &e) ? NULL : p;
}

static json_t *money_or_null(int64_t fen)
{
	return fen < 0 ? json_null() : json_integer(fen);
}

static json_t *entry_json(const struct roll_entry *x, const struct policy *p)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(x->id));
	json_object_set_new(j, "member_id", json_integer(x->member_id));
	json_object_set_new(j, "member_name", jstr(x->member_name));
	/* the member as the branches' 台账 names them; ID number and phone
	 * masked (plain only in an audited export with reveal=1) */
	json_object_set_new(j, "gender", jstr(x->member_gender));
	json_object_set_new(j, "birth_date", jdate(x->member_birth_date));
	json_object_set_new(j, "id_number", jstr(x->id_number));
	json_object_set_new(j, "phone", jstr(x->phone));
	json_object_set_new(j, "address", jstr(x->member_address));
	json_object_set_new(j, "org_id", json_integer(x->org_id));
	json_object_set_new(j, "org_name", jstr(x->org_name));
	json_object_set_new(j, "status", jstr(x->status));
	json_object_set_new(j, "status_label", jstr(roll_status_label(x->status)));
	json_object_set_new(j, "source", jstr(x->source));
	json_object_set_new(j, "source_label", jstr(roll_source_label(x->source)));
	json_object_set_new(j, "case_id", x->case_id ? json_integer(x->case_id) : json_null());
	json_object_set_new(j, "relapse_of",
			    x->relapse_of ? json_integer(x->relapse_of) : json_null());
	json_object_set_new(j, "since_on", jstr(x->since_on));
	json_object_set_new(j, "until_on", jdate(x->until_on));
	json_object_set_new(j, "category", jstr(x->category));
	json_object_set_new(j, "category_label", jstr(roll_category_label(x->category)));
	json_object_set_new(j, "tier", jstr(x->tier));
	json_object_set_new(j, "tier_label", jstr(roll_tier_label(x->tier)));
	json_object_set_new(j, "causes", causes_json(&x->causes, p));
	json_object_set_new(j, "causes_text", causes_text(&x->causes, p));
	json_object_set_new(j, "household", jstr(x->household));
	json_object_set_new(j, "household_size", json_integer(x->household_size));
	json_object_set_new(j, "income_fen", money_or_null(x->income_fen));
	json_object_set_new(j, "income_sources", jstr(x->income_sources));
	json_object_set_new(j, "subsidies", jstr(x->subsidies));
	json_object_set_new(j, "state_of_mind", jstr(x->state_of_mind));
	json_object_set_new(j, "needs", jstr(x->needs));
	json_object_set_new(j, "exit_on", jdate(x->exit_on));
	json_object_set_new(j, "exit_reason",
			    code_json(x->exit_reason, roll_exit_reason_label(x->exit_reason)));
	json_object_set_new(j, "exit_note", jstr(x->exit_note));
	json_object_set_new(j, "created_at", json_time(x->created_at));
	json_object_set_new(j, "confirmed_at",
			    x->confirmed_at ? json_time(x->confirmed_at) : json_null());
	json_object_set_new(j, "confirmed_by_name", jstr(x->confirmed_by_name));
	json_object_set_new(j, "updated_at", json_time(x->updated_at));
	json_object_set_new(j, "version", json_integer(x->version));
	/* not re-registered in the November review (roll_review.c) */
	json_object_set_new(j, "review_flag",
			    x->review_flag
				? json_pack("{s:I, s:s}", "review_id", (json_int_t)x->review_flag,
					    "title", x->review_flag_title)
				: json_null());
	json_object_set_new(j, "review_label", jstr(x->review_flag ? "未通过登记审核" : ""));
	return j;
}

/* A history value for people: labels for codes, yuan stays fen. */
static json_t *change_json(const struct roll_change *h)
{
	json_t *j = json_object();
	const char *f = h->field;
	const char *ol = h->old_value, *nl = h->new_value;
	if (!strcmp(f, "category")) {
		ol = roll_category_label(ol);
		nl = roll_category_label(nl);
	} else if (!strcmp(f, "tier")) {
		ol = roll_tier_label(ol);
		nl = roll_tier_label(nl);
	} else if (!strcmp(f, "status")) {
		ol = roll_status_label(ol);
		nl = roll_status_label(nl);
	}
	json_object_set_new(j, "id", json_integer(h->id));
	json_object_set_new(j, "at", json_time(h->at));
	json_object_set_new(j, "username", jstr(h->username));
	json_object_set_new(j, "user_name", jstr(h->user_name[0] ? h->user_name : h->username));
	json_object_set_new(j, "action", jstr(h->action));
	json_object_set_new(j, "field", jstr(f));
	json_object_set_new(j, "field_label", jstr(roll_field_label(f)));
	json_object_set_new(j, "old_value", jstr(h->old_value));
	json_object_set_new(j, "new_value", jstr(h->new_value));
	json_object_set_new(j, "old_label", jstr(ol[0] ? ol : h->old_value));
	json_object_set_new(j, "new_label", jstr(nl[0] ? nl : h->new_value));
	json_object_set_new(j, "effective_on", jstr(h->effective_on));
	json_object_set_new(j, "reason", jstr(h->reason));
	json_object_set_new(j, "review_id",
			    h->review_id ? json_integer(h->review_id) : json_null());
	return j;
}

json_t *household_roll_json(const struct household_roll *items, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct household_roll *h = &items[i];
		json_array_append_new(
		    a, json_pack("{s:I, s:o, s:o, s:I, s:o, s:o, s:o, s:o, s:b}", "member_id",
				 (json_int_t)h->member_id, "member_name", jstr(h->member_name),
				 "relation", jstr(h->relation), "roll_id", (json_int_t)h->roll_id,
				 "status", jstr(h->status), "status_label",
				 jstr(roll_status_label(h->status)), "since_on", jdate(h->since_on),
				 "org_name", jstr(h->org_name), "in_scope", h->in_scope));
	}
	return a;
}

static void reply_entry(struct req *r, int status, int64_t id, const char *as_of)
{
	struct bf_err e;
	struct roll_entry *x = xcalloc(1, sizeof(*x));
	struct roll_change *h = NULL;
	struct household_roll *hh = NULL;
	size_t n = 0, nhh = 0;
	if (roll_get(&r->core, &r->actor, id, as_of, x, &e) ||
	    roll_history(&r->core, &r->actor, id, &h, &n, &e) ||
	    roll_household(&r->core, &r->actor, id, &hh, &nhh, &e)) {
		reply_error(r, &e);
		free(h);
		free(x);
		return;
	}
	json_t *j = entry_json(x, current_policy(r));
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, change_json(&h[i]));
	json_object_set_new(j, "history", a);
	json_object_set_new(j, "as_of", as_of && *as_of ? jstr(as_of) : json_null());
	json_object_set_new(j, "household_roll", household_roll_json(hh, nhh));
	free(hh);
	free(h);
	free(x);
	reply_json(r, status, j);
}

/* ------------------------------------------------------------------ */
/* The list                                                            */

static const struct {
	const char *code;
	enum roll_view view;
} views[] = {{"current", ROLL_VIEW_CURRENT},
	     {"pending", ROLL_VIEW_PENDING},
	     {"exited", ROLL_VIEW_EXITED},
	     {"all", ROLL_VIEW_ALL}};

/* An amount of fen in the query (income_min, income_max): -1 absent. */
static int fen_arg(struct req *r, const char *name, const char *label, int64_t *out)
{
	const char *v = req_arg(r, name);
	char *end;
	*out = -1;
	if (!v || !*v)
		return 0;
	long long x = strtoll(v, &end, 10);
	if (*end || x < 0 || x > MONEY_MAX_FEN) {
		char msg[96];
		snprintf(msg, sizeof(msg), "%s应为不小于 0 的整数（分）", label);
		reply_code(r, EC_INVALID, name, msg);
		return -1;
	}
	*out = x;
	return 0;
}

void h_roll_list(struct req *r)
{
	struct roll_query q;
	struct search_term term;
	struct roll_entry *items = NULL;
	size_t n = 0;
	int64_t total = 0, org = 0;
	int page, size;
	char as_of[11], since_from[11], since_to[11];
	struct bf_err e;
	memset(&q, 0, sizeof(q));
	if (req_int_arg(r, "page", 1, 1, 1000000, &page) ||
	    req_int_arg(r, "size", 20, 1, 200, &size) || req_id_arg(r, "org", &org) ||
	    req_id_arg(r, "member", &q.member_id) || req_date_arg(r, "as_of", "查询日期", as_of) ||
	    req_date_arg(r, "since_from", "纳入日期起", since_from) ||
	    req_date_arg(r, "since_to", "纳入日期止", since_to) ||
	    fen_arg(r, "income_min", "人均年纯收入下限", &q.income_min) ||
	    fen_arg(r, "income_max", "人均年纯收入上限", &q.income_max) ||
	    req_search_arg(r, NULL, &term))
		return;
	const char *view = req_arg(r, "view");
	q.view = ROLL_VIEW_CURRENT;
	if (view && *view) {
		size_t i = 0;
		while (i < sizeof(views) / sizeof(views[0]) && strcmp(views[i].code, view))
			i++;
		if (i == sizeof(views) / sizeof(views[0])) {
			reply_code(r, EC_INVALID, "view",
				   "查看范围应为 current、pending、exited 或 all");
			return;
		}
		q.view = views[i].view;
	}
	if (as_of[0]) {
		if (view && *view) {
			reply_code(r, EC_INVALID, "as_of", "按日期查询时不能再选查看范围");
			return;
		}
		q.view = ROLL_VIEW_AS_OF;
		q.as_of = as_of;
	}
	q.category = req_arg(r, "category");
	q.tier = req_arg(r, "tier");
	if (req_int_arg(r, "flagged", 0, 0, 1, &q.flagged) ||
	    req_int_arg(r, "reveal", 0, 0, 1, &q.reveal))
		return;
	if (q.reveal && !r->capture.on) { /* only roll.xlsx, which audits it */
		reply_code(r, EC_INVALID, "reveal", "完整身份证号码和联系电话仅能通过导出查看");
		return;
	}
	const char *sort = req_arg(r, "sort");
	if (sort && *sort && strcmp(sort, "category") && strcmp(sort, "newest")) {
		reply_code(r, EC_INVALID, "sort", "排序应为 newest 或 category");
		return;
	}
	q.by_category = sort && !strcmp(sort, "category");
	q.cause = req_arg(r, "cause");
	q.since_from = since_from;
	q.since_to = since_to;
	q.search = &term;
	q.offset = (page - 1) * size;
	q.limit = size;
	if (roll_list(&r->core, &r->actor, org, &q, &items, &n, &total, &e)) {
		reply_error(r, &e);
		return;
	}
	const struct policy *p = current_policy(r);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, entry_json(&items[i], p));
	free(items);
	http_mark_honoured(r, a);
	reply_json(r, 200,
		   json_pack("{s:o, s:I, s:i, s:i, s:o}", "items", a, "total", (json_int_t)total,
			     "page", page, "size", size, "as_of",
			     as_of[0] ? jstr(as_of) : json_null()));
}

/* ------------------------------------------------------------------ */
/* The facts from JSON                                                 */

static const char *const fact_keys[] = {
    "category",	  "tier",	    "causes",	 "household",	  "household_size",
    "income_fen", "income_sources", "subsidies", "state_of_mind", "needs",
    NULL};

static int causes_from_json(json_t *v, struct policy_codes *s, struct bf_err *e)
{
	memset(s, 0, sizeof(*s));
	if (json_is_null(v))
		return 0;
	if (!json_is_array(v))
		return err_set(e, EC_INVALID, "causes", "致困原因应为代码列表");
	for (size_t i = 0; i < json_array_size(v); i++) {
		json_t *x = json_array_get(v, i);
		const char *code = json_is_object(x) ? json_string_value(json_object_get(x, "code"))
						     : json_string_value(x);
		if (!code || !*code || policy_codes_add(s, code))
			return err_set(e, EC_INVALID, "causes",
				       "致困原因第 %zu 项无效（最多 %d 项）", i + 1,
				       POLICY_MAX_ITEMS);
	}
	return 0;
}

/* The facts present in j into x; *set gets their ROLL_F_* bits. */
static int facts_from_json(json_t *j, struct roll_entry *x, unsigned *set, struct bf_err *e)
{
	int64_t size = x->household_size, income = x->income_fen;
	json_t *v;
	*set = 0;
#define STR(key, dst, label, bit)                                                                  \
	do {                                                                                       \
		if (json_object_get(j, key)) {                                                     \
			if (json_get_str(j, key, dst, sizeof(dst), label, e))                      \
				return -1;                                                         \
			*set |= bit;                                                               \
		}                                                                                  \
	} while (0)
	STR("category", x->category, "类别", ROLL_F_CATEGORY);
	STR("tier", x->tier, "档次", ROLL_F_TIER);
	STR("household", x->household, "家庭结构", ROLL_F_HOUSEHOLD);
	STR("income_sources", x->income_sources, "收入来源", ROLL_F_INCOME_SOURCES);
	STR("subsidies", x->subsidies, "享受其他补贴", ROLL_F_SUBSIDIES);
	STR("state_of_mind", x->state_of_mind, "思想动态", ROLL_F_STATE_OF_MIND);
	STR("needs", x->needs, "急需何种帮助", ROLL_F_NEEDS);
#undef STR
	if ((v = json_object_get(j, "causes"))) {
		if (causes_from_json(v, &x->causes, e))
			return -1;
		*set |= ROLL_F_CAUSES;
	}
	if (json_object_get(j, "household_size")) {
		if (json_get_int(j, "household_size", &size, "家庭人口", e))
			return -1;
		if (size < 0 || size > 30)
			return err_set(e, EC_INVALID, "household_size",
				       "家庭人口须在 0 到 30 之间");
		x->household_size = (int)size;
		*set |= ROLL_F_HOUSEHOLD_SIZE;
	}
	if ((v = json_object_get(j, "income_fen"))) {
		if (json_is_null(v))
			income = -1;
		else if (json_get_int(j, "income_fen", &income, "人均年纯收入", e))
			return -1;
		else if (income < 0)
			return err_set(e, EC_INVALID, "income_fen", "人均年纯收入不能为负数");
		x->income_fen = income;
		*set |= ROLL_F_INCOME;
	}
	return 0;
}

static int keys_ok(json_t *j, const char *const *extra, struct bf_err *e)
{
	const char *keys[24];
	size_t k = 0;
	for (size_t i = 0; fact_keys[i]; i++)
		keys[k++] = fact_keys[i];
	for (size_t i = 0; extra && extra[i] && k < 23; i++)
		keys[k++] = extra[i];
	keys[k] = NULL;
	return json_only_keys(j, keys, e);
}

/* ------------------------------------------------------------------ */
/* Writes                                                              */

/* A new entry: registered for the body's member_id, or (relapse) a new
 * period of the exited entry r->id; 201 with the entry either way. */
static void new_entry(struct req *r, int relapse)
{
	static const char *const reg_extra[] = {"member_id", "since_on", NULL};
	static const char *const rel_extra[] = {"since_on", NULL};
	struct roll_entry *in = xcalloc(1, sizeof(*in)), *out = xcalloc(1, sizeof(*out));
	unsigned set;
	struct bf_err e;
	in->income_fen = -1;
	json_t *j = req_json(r);
	if (!j)
		goto out;
	int rc = keys_ok(j, relapse ? rel_extra : reg_extra, &e) ||
		 (!relapse && json_get_int(j, "member_id", &in->member_id, "党员", &e)) ||
		 json_get_date(j, "since_on", in->since_on, "纳入日期", &e) ||
		 facts_from_json(j, in, &set, &e);
	json_decref(j);
	if (!rc)
		rc = relapse ? roll_relapse(&r->core, &r->actor, r->id, in, out, &e)
			     : roll_register(&r->core, &r->actor, in, out, &e);
	if (rc)
		reply_error(r, &e);
	else
		reply_entry(r, 201, out->id, NULL);
out:
	free(in);
	free(out);
}

void h_roll_create(struct req *r)
{
	new_entry(r, 0);
}

void h_roll_get(struct req *r)
{
	char as_of[11];
	if (req_date_arg(r, "as_of", "查询日期", as_of))
		return;
	reply_entry(r, 200, r->id, as_of);
}

/* reason, effective_on, version, review_id of a write. */
struct why_buf {
	char reason[TEXT_BYTES(TF_ROLL_REASON_MAX) + 4];
	char effective_on[11];
	struct roll_why w;
};

static int why_from_json(json_t *j, struct why_buf *b, struct bf_err *e)
{
	memset(b, 0, sizeof(*b));
	if (json_get_str(j, "reason", b->reason, sizeof(b->reason), "原因", e) ||
	    json_get_date(j, "effective_on", b->effective_on, "变更日期", e) ||
	    json_get_int(j, "version", &b->w.version, "版本", e))
		return -1;
	b->w.reason = b->reason;
	b->w.effective_on = b->effective_on;
	return 0;
}

void h_roll_patch(struct req *r)
{
	static const char *const extra[] = {"reason", "effective_on", "version", NULL};
	struct roll_entry *in = xcalloc(1, sizeof(*in));
	struct why_buf b;
	unsigned set = 0;
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j) {
		free(in);
		return;
	}
	int rc =
	    keys_ok(j, extra, &e) || why_from_json(j, &b, &e) || facts_from_json(j, in, &set, &e);
	json_decref(j);
	if (!rc && !set)
		rc = err_set(&e, EC_MISSING, NULL, "没有要修改的内容");
	if (rc || roll_update(&r->core, &r->actor, r->id, in, set, &b.w, &e))
		reply_error(r, &e);
	else
		reply_entry(r, 200, r->id, NULL);
	free(in);
}

static void confirm_or_reject(struct req *r, int confirm)
{
	static const char *const keys[] = {"reason", "version", NULL};
	struct why_buf b;
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j)
		return;
	int rc = json_only_keys(j, keys, &e) || why_from_json(j, &b, &e);
	json_decref(j);
	if (!rc)
		rc = confirm ? roll_confirm(&r->core, &r->actor, r->id, &b.w, &e)
			     : roll_reject(&r->core, &r->actor, r->id, &b.w, &e);
	if (rc)
		reply_error(r, &e);
	else
		reply_entry(r, 200, r->id, NULL);
}

void h_roll_confirm(struct req *r)
{
	confirm_or_reject(r, 1);
}

void h_roll_reject(struct req *r)
{
	confirm_or_reject(r, 0);
}

void h_roll_exit(struct req *r)
{
	static const char *const keys[] = {"exit_on", "exit_reason", "exit_note",
					   "reason",  "version",     NULL};
	struct why_buf b;
	char exit_on[11] = "", reason[16] = "", note[TEXT_BYTES(TF_ROLL_EXIT_NOTE_MAX) + 4] = "";
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j)
		return;
	int rc = json_only_keys(j, keys, &e) || why_from_json(j, &b, &e) ||
		 json_get_date(j, "exit_on", exit_on, "脱困日期", &e) ||
		 json_get_str(j, "exit_reason", reason, sizeof(reason), "脱困原因", &e) ||
		 json_get_str(j, "exit_note", note, sizeof(note), "脱困说明", &e);
	json_decref(j);
	if (rc || roll_exit(&r->core, &r->actor, r->id, exit_on, reason, note, &b.w, &e))
		reply_error(r, &e);
	else
		reply_entry(r, 200, r->id, NULL);
}

void h_roll_relapse(struct req *r)
{
	new_entry(r, 1);
}

void h_member_roll(struct req *r)
{
	struct roll_entry *items = NULL;
	size_t n = 0;
	struct bf_err e;
	if (roll_of_member(&r->core, &r->actor, r->id, &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	const struct policy *p = current_policy(r);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, entry_json(&items[i], p));
	free(items);
	reply_items(r, a);
}
