/* casework.c - cases of the aid procedure (DOMAIN.md §2–§3): creating a
 * case from an application, classifying it (classify.c) with the policy in
 * force, correcting its facts while the branch still holds it, reading it
 * in scope; and the helpers the casework files share (casework_impl.h).
 * The steps are casework_steps.c. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "care.h"
#include "casework_impl.h"
#include "log.h"
#include "store.h"
#include "text.h"

/* ------------------------------------------------------------------ */
/* Shared helpers                                                     */

int cw_role(const struct actor *a, enum wf_role *out, struct bf_err *e)
{
	if (wf_role_parse(a->role, out))
		return err_set(e, EC_FORBIDDEN, NULL, "未知的角色“%s”", a->role);
	return 0;
}

int case_read_tx(struct db *db, const struct actor *a, int64_t id, struct aid_case *out,
		 struct bf_err *e)
{
	enum db_qs qs = store_case_get(db, id, out, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE || !access_in_scope(a, out->org_path))
		return err_set(e, EC_NOT_FOUND, "case_id", "档案不存在");
	return 0;
}

int case_event_tx(struct db *db, const struct actor *a, const struct aid_case *c, const char *event,
		  const char *from, const char *to, int policy_version, const char *reason,
		  const char *detail, struct bf_err *e)
{
	return cw_event_tx(db, a, c, event, from, to, policy_version, reason, detail, NULL, e);
}

int cw_event_tx(struct db *db, const struct actor *a, const struct aid_case *c, const char *event,
		const char *from, const char *to, int policy_version, const char *reason,
		const char *detail, const char *opinion, struct bf_err *e)
{
	struct case_event_row *ev = xcalloc(1, sizeof(*ev));
	ev->case_id = c->id;
	ev->user_id = a->user_id;
	snprintf(ev->username, sizeof(ev->username), "%s", a->username);
	snprintf(ev->role, sizeof(ev->role), "%s", a->role);
	snprintf(ev->event, sizeof(ev->event), "%s", event);
	snprintf(ev->from_state, sizeof(ev->from_state), "%s", from);
	snprintf(ev->to_state, sizeof(ev->to_state), "%s", to);
	ev->policy_version = policy_version;
	snprintf(ev->reason, sizeof(ev->reason), "%s", reason ? reason : "");
	snprintf(ev->detail, sizeof(ev->detail), "%s", detail ? detail : "");
	snprintf(ev->opinion, sizeof(ev->opinion), "%s", opinion ? opinion : "");
	core_today(ev->taken_on); /* the procedure's day, which the forms print */
	int rc = CORE_QS(store_case_event_append(db, ev, e));
	free(ev);
	return rc;
}

int cw_audit_case(struct db *db, const struct actor *a, const char *action,
		  const struct aid_case *c, const char *extra_json, struct bf_err *e)
{
	struct strbuf d = STRBUF_INIT;
	strbuf_addf(&d, "{\"member_id\":%" PRId64 ",\"member\":\"", c->member_id);
	core_json_text(&d, c->member_name, 64);
	strbuf_addf(&d, "\",\"kind\":\"%s\",\"state\":\"%s\",\"version\":%" PRId64, c->kind,
		    c->state, c->version);
	if (extra_json && *extra_json)
		strbuf_addf(&d, ",%s", extra_json);
	strbuf_addch(&d, '}');
	int rc = audit_record(db, a, action, "case", c->id, d.buf, e);
	strbuf_release(&d);
	return rc;
}

int cw_case_update(struct db *db, struct aid_case *c, struct bf_err *e)
{
	c->updated_at = 0;
	enum db_qs qs = store_case_update(db, c, e);
	if (qs == DB_NONE)
		return err_set(e, EC_CONFLICT, "version", CW_CONFLICT_MSG);
	return qs < 0 ? qs : 0;
}

void case_name_err(struct bf_err *e, const struct aid_case *c)
{
	struct strbuf msg = STRBUF_INIT;
	strbuf_addf(&msg, "档案 %" PRId64 "（%s）：%s", c->id, c->member_name, e->message);
	size_t len = msg.len;
	if (len >= sizeof(e->message)) { /* cut at a character boundary */
		len = sizeof(e->message) - 1;
		while (len > 0 && ((unsigned char)msg.buf[len] & 0xC0) == 0x80)
			len--;
	}
	memcpy(e->message, msg.buf, len);
	e->message[len] = '\0';
	strbuf_release(&msg);
}

/* ------------------------------------------------------------------ */
/* The application's facts and their classification                   */

void case_input_init(struct case_input *in)
{
	memset(in, 0, sizeof(*in));
	in->income_fen = -1;
	in->labour_capacity = 1;
	classify_override_init(&in->override);
}

static int has_override(const struct classify_override *o)
{
	return o->category[0] || o->tier[0] || o->eligible != -1;
}

/* Checks the facts typed into the form (the codes are checked by
 * classify_case against the policy). */
/* 申请日期: a date, not after today ("" is filled in later). */
static int check_applied_on(struct case_input *in, struct bf_err *e)
{
	char today[CASE_DATE_LEN], got[CASE_DATE_LEN];
	if (!in->applied_on[0])
		return 0;
	if (core_date(in->applied_on, got, 0, "applied_on", "申请日期", e))
		return -1;
	core_today(today);
	if (strcmp(got, today) > 0)
		return err_set(e, EC_INVALID, "applied_on", "申请日期不能晚于今天（%s）", today);
	memcpy(in->applied_on, got, CASE_DATE_LEN);
	return 0;
}

static int check_input(struct case_input *in, enum aid_kind kind, enum loss_type *loss,
		       struct bf_err *e)
{
	if (policy_loss_parse(in->loss_type, loss))
		return err_set(e, EC_INVALID, "loss_type", "未知的事故类型“%s”", in->loss_type);
	if (kind == AID_EMERGENCY && *loss == LOSS_NONE)
		return err_set(e, EC_MISSING, "loss_type", "突发事故救助须选择事故类型");
	if (kind == AID_YEARLY && *loss != LOSS_NONE)
		return err_set(e, EC_INVALID, "loss_type", "生活困难帮扶不填写事故类型");
	if (text_field_named(in->situation, TF_CASE_SITUATION, 1, "situation",
			     kind == AID_YEARLY ? "家庭困难状况说明" : "突发意外损失情况说明", e))
		return -1;
	if (in->income_fen < -1)
		return err_set(e, EC_INVALID, "income_fen", "家庭年收入不能为负数");
	if (limit_money(in->income_fen, "income_fen", "家庭年收入", e))
		return -1;
	if (in->household_size < 0 || in->household_size > 30)
		return err_set(e, EC_INVALID, "household_size", "家庭人口须在 1 到 30 人之间");
	if ((in->labour_capacity != 0 && in->labour_capacity != 1) ||
	    (in->fixed_income != 0 && in->fixed_income != 1))
		return err_set(e, EC_INVALID,
			       in->labour_capacity != 0 && in->labour_capacity != 1
				   ? "labour_capacity"
				   : "fixed_income",
			       "只能填写是或否");
	if (in->requested_fen < 0)
		return err_set(e, EC_INVALID, "requested_fen", "申请金额不能为负数");
	if (limit_money(in->requested_fen, "requested_fen", "申请金额", e))
		return -1;
	return check_applied_on(in, e);
}

/* Whole years from a stored date to today, -1 when the date is unknown. */
static int years_to(const char *date, struct ymd today)
{
	struct ymd d;
	if (strlen(date) != 10 || date_parse(date, &d, NULL, "date", "日期", NULL))
		return -1;
	return date_years_between(d, today);
}

/* The override the case carries (category, tier or eligibility differing
 * from the computed ones), to apply again after a change of the facts. */
static int earlier_override(const struct aid_case *c, struct classify_override *o)
{
	classify_override_init(o);
	if (c->category[0] && strcmp(c->category, c->category_auto) != 0) {
		snprintf(o->category, sizeof(o->category), "%s", c->category);
		snprintf(o->reason, sizeof(o->reason), "%s", c->category_reason);
	}
	if (c->tier[0] && strcmp(c->tier, c->tier_auto) != 0) {
		snprintf(o->tier, sizeof(o->tier), "%s", c->tier);
		if (!o->reason[0])
			snprintf(o->reason, sizeof(o->reason), "%s", c->tier_reason);
	}
	if (c->eligible != c->eligible_auto && c->eligible != -1) {
		o->eligible = c->eligible;
		if (!o->reason[0])
			snprintf(o->reason, sizeof(o->reason), "%s", c->eligible_reason);
	}
	return has_override(o);
}

/* Writes the engine's answer into the case's columns. */
static void store_result(struct aid_case *c, const struct classify_result *r)
{
	const char *why = r->override_reason;
	snprintf(c->category, sizeof(c->category), "%s", r->category);
	snprintf(c->category_auto, sizeof(c->category_auto), "%s", r->computed_category);
	snprintf(c->category_reason, sizeof(c->category_reason), "%s",
		 strcmp(r->category, r->computed_category) ? why : r->category_rule);
	snprintf(c->tier, sizeof(c->tier), "%s", r->tier);
	snprintf(c->tier_auto, sizeof(c->tier_auto), "%s", r->computed_tier);
	snprintf(c->tier_reason, sizeof(c->tier_reason), "%s",
		 strcmp(r->tier, r->computed_tier) ? why : r->tier_rule);
	c->eligible = r->eligible;
	c->eligible_auto = r->computed_eligible;
	snprintf(c->eligible_reason, sizeof(c->eligible_reason), "%s",
		 r->eligible != r->computed_eligible ? why : "");
	size_t len = 0;
	c->explanation[0] = '\0';
	for (size_t i = 0; i < r->nexplain; i++) {
		int w = snprintf(c->explanation + len, sizeof(c->explanation) - len, "%s%s",
				 i ? "\n" : "", r->explain[i]);
		if (w < 0 || (size_t)w >= sizeof(c->explanation) - len)
			break;
		len += (size_t)w;
	}
	c->policy_version = r->policy_version;
}

/* The engine's view of the application: the input's facts, the member's
 * age, party years and household type on today. */
static void facts_of(const struct member *m, const struct case_input *in, enum aid_kind kind,
		     enum loss_type loss, int year, struct case_facts *f)
{
	struct ymd today = date_today();
	classify_facts_init(f);
	f->kind = kind;
	f->loss_type = loss;
	f->year = year;
	f->age = years_to(m->birth_date, today);
	f->party_years = years_to(m->joined_on, today);
	snprintf(f->household_type, sizeof(f->household_type), "%s", m->household_type);
	f->able_to_work = in->labour_capacity;
	f->has_fixed_income = in->fixed_income;
	f->household_size = in->household_size ? in->household_size : m->household_size;
	f->income_fen = in->income_fen;
	f->conditions = in->conditions;
	f->exclusions = in->exclusions;
	f->causes = in->causes;
	f->amount_fen = in->requested_fen;
}

/* Copies the input's facts into c and classifies it under p; earlier is
 * the override to keep when the input brings none (NULL: none). */
static int classify_into(const struct policy *p, const struct member *m, struct case_input *in,
			 enum aid_kind kind, enum loss_type loss,
			 const struct classify_override *earlier, struct aid_case *c,
			 struct bf_err *e)
{
	struct case_facts f;
	facts_of(m, in, kind, loss, c->year, &f);
	struct classify_result *r = xcalloc(1, sizeof(*r));
	int rc = classify_case(p, &f, r, e);
	if (!rc && has_override(&in->override))
		rc = classify_apply_override(p, r, &in->override, e);
	else if (!rc && earlier) {
		/* an override that no longer changes anything lapses */
		struct classify_override o = *earlier;
		struct bf_err ignored;
		if (classify_apply_override(p, r, &o, &ignored))
			classify_case(p, &f, r, &ignored);
	}
	if (!rc) {
		store_result(c, r);
		c->causes = in->causes;
		c->conditions = in->conditions;
		c->exclusions = in->exclusions;
		snprintf(c->situation, sizeof(c->situation), "%s", in->situation);
		snprintf(c->loss_type, sizeof(c->loss_type), "%s", policy_loss_code(loss));
		c->income_fen = in->income_fen;
		c->household_size = f.household_size;
		c->labour_capacity = in->labour_capacity;
		c->fixed_income = in->fixed_income;
		c->requested_fen = in->requested_fen;
		if (in->applied_on[0])
			memcpy(c->applied_on, in->applied_on, CASE_DATE_LEN);
	}
	free(r);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Creating a case                                                    */

struct create_ctx {
	const struct actor *a;
	struct case_input *in;
	enum aid_kind kind;
	enum loss_type loss;
	struct aid_case *c;
	struct member *m;
};

/* The member, in scope and in a branch. */
static int read_member(struct db *db, const struct actor *a, int64_t id, struct member *m,
		       struct bf_err *e)
{
	enum db_qs qs = store_member_get(db, id, m, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE || !access_in_scope(a, m->org_path))
		return err_set(e, id ? EC_NOT_FOUND : EC_MISSING, "member_id",
			       "党员不存在或不在您的管辖范围内");
	return 0;
}

/* A yearly case: an open round of the member's org or an org above it. */
static int check_round(struct db *db, struct create_ctx *x, struct bf_err *e)
{
	struct aid_round r;
	char above[32];
	if (!x->in->round_id)
		return err_set(e, EC_MISSING, "round_id", "生活困难帮扶须选择帮扶轮次");
	enum db_qs qs = store_round_get(db, x->in->round_id, &r, e);
	if (qs < 0)
		return qs;
	snprintf(above, sizeof(above), "/%" PRId64 "/", r.org_id);
	if (qs == DB_NONE || !strstr(x->m->org_path, above))
		return err_set(e, EC_INVALID, "round_id", "帮扶轮次不存在或不适用于该党员所在组织");
	if (strcmp(r.status, "open") != 0)
		return err_set(e, EC_CONFLICT, "round_id", "“%s”已结束，不能再录入申请", r.title);
	x->c->round_id = r.id;
	x->c->year = r.year;
	snprintf(x->c->due_on, sizeof(x->c->due_on), "%s", r.due_on);
	return 0;
}

static int create_fn(struct db *db, void *p, struct bf_err *e)
{
	struct create_ctx *x = p;
	struct aid_case *c = x->c;
	const struct policy *pol;
	char today[CASE_DATE_LEN];

	core_today(today);
	memset(c, 0, sizeof(*c));
	int rc = read_member(db, x->a, x->in->member_id, x->m, e);
	if (rc)
		return rc;
	c->member_id = x->m->id;
	c->org_id = x->m->org_id;
	snprintf(c->kind, sizeof(c->kind), "%s", policy_kind_code(x->kind));
	if ((rc = case_policy_at(db, today, &pol, e)))
		return rc;
	if (x->kind == AID_YEARLY) {
		if ((rc = check_round(db, x, e)))
			return rc;
	} else {
		c->year = date_today().y;
		core_add_days(today, pol->emergency_level_days, c->due_on);
	}
	if ((rc = classify_into(pol, x->m, x->in, x->kind, x->loss, NULL, c, e)))
		return rc;
	c->created_by = x->a->user_id;
	if (!c->applied_on[0])
		memcpy(c->applied_on, today, CASE_DATE_LEN);
	snprintf(c->state, sizeof(c->state), "applied");
	enum db_qs qs = store_case_insert(db, c, e);
	if (qs == DB_HARD && e->code == EC_CONFLICT)
		return err_set(e, EC_CONFLICT, "member_id", "%s在本轮已有生活困难帮扶档案",
			       x->m->name);
	if (qs < 0)
		return qs;
	snprintf(c->member_name, sizeof(c->member_name), "%s", x->m->name);
	rc = case_event_tx(db, x->a, c, "create", "", "applied", c->policy_version, NULL, NULL, e);
	if (!rc)
		rc = cw_audit_case(db, x->a, "create", c, NULL, e);
	/* illness or injury: the hospital visit is owed (care.h, same transaction) */
	if (!rc && x->kind == AID_EMERGENCY)
		rc = care_emergency_case_tx(db, x->a, c->id, c->member_id, c->loss_type, e);
	return rc;
}

static int check_kind(struct case_input *in, enum aid_kind *kind, enum loss_type *loss,
		      struct bf_err *e)
{
	if (!in->kind[0])
		return err_set(e, EC_MISSING, "kind",
			       "请选择帮扶类型（生活困难帮扶或突发事故救助）");
	if (policy_kind_parse(in->kind, kind))
		return err_set(e, EC_INVALID, "kind",
			       "帮扶类型应为 yearly（生活困难帮扶）或 "
			       "emergency（突发事故救助）");
	if (*kind == AID_EMERGENCY && in->round_id)
		return err_set(e, EC_INVALID, "round_id", "突发事故救助不属于年度帮扶轮次");
	return check_input(in, *kind, loss, e);
}

int case_input_classify(const struct policy *p, const struct member *m, struct case_input *in,
			struct aid_case *out, struct bf_err *e)
{
	enum aid_kind kind = AID_YEARLY;
	enum loss_type loss = LOSS_NONE;
	if (check_kind(in, &kind, &loss, e))
		return -1;
	return classify_into(p, m, in, kind, loss, NULL, out, e);
}

int case_create(struct core *c, const struct actor *a, struct case_input *in, struct aid_case *out,
		struct bf_err *e)
{
	struct create_ctx x = {.a = a, .in = in, .kind = AID_YEARLY, .loss = LOSS_NONE};
	if (core_need_write(a, "录入帮扶申请", e) || check_kind(in, &x.kind, &x.loss, e))
		return -1;
	x.c = xcalloc(1, sizeof(*x.c));
	x.m = xcalloc(1, sizeof(*x.m));
	int rc = db_run_tx(c->db, "case_create", 1, create_fn, &x, e);
	if (!rc && out)
		rc = case_get(c, a, x.c->id, out, e);
	free(x.c);
	member_free(x.m);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Correcting the facts                                               */

struct update_ctx {
	const struct actor *a;
	int64_t id;
	struct case_input *in;
	struct aid_case *c;
	struct member *m;
};

static int update_fn(struct db *db, void *p, struct bf_err *e)
{
	struct update_ctx *x = p;
	struct aid_case *c = x->c;
	const struct policy *pol;
	struct classify_override earlier;
	enum aid_kind kind;
	enum loss_type loss;
	char today[CASE_DATE_LEN];

	int rc = case_read_tx(db, x->a, x->id, c, e);
	if (rc)
		return rc;
	if (x->in->version && x->in->version != c->version)
		return err_set(e, EC_CONFLICT, "version", CW_CONFLICT_MSG);
	if (strcmp(c->state, "applied") != 0 && strcmp(c->state, "returned") != 0)
		return err_set(
		    e, EC_CONFLICT, "state",
		    "只有“已申请”或“退回修改”的档案可以修改申请信息；如需更正，请先退回");
	policy_kind_parse(c->kind, &kind);
	if ((rc = check_input(x->in, kind, &loss, e)))
		return rc;
	if ((rc = read_member(db, x->a, c->member_id, x->m, e)))
		return rc;
	core_today(today);
	if ((rc = case_policy_at(db, today, &pol, e)))
		return rc;
	int kept = earlier_override(c, &earlier);
	if ((rc = classify_into(pol, x->m, x->in, kind, loss, kept ? &earlier : NULL, c, e)))
		return rc;
	if ((rc = cw_case_update(db, c, e)))
		return rc;
	rc = case_event_tx(db, x->a, c, "update", c->state, c->state, c->policy_version, NULL, NULL,
			   e);
	return rc ? rc : cw_audit_case(db, x->a, "update", c, NULL, e);
}

int case_update(struct core *c, const struct actor *a, int64_t id, struct case_input *in,
		struct aid_case *out, struct bf_err *e)
{
	struct update_ctx x = {.a = a, .id = id, .in = in};
	if (core_need_write(a, "修改帮扶申请", e))
		return -1;
	x.c = xcalloc(1, sizeof(*x.c));
	x.m = xcalloc(1, sizeof(*x.m));
	int rc = db_run_tx(c->db, "case_update", 1, update_fn, &x, e);
	if (!rc && out)
		rc = case_get(c, a, id, out, e);
	free(x.c);
	member_free(x.m);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Reading                                                            */

int case_get(struct core *c, const struct actor *a, int64_t id, struct aid_case *out,
	     struct bf_err *e)
{
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	int rc = case_read_tx(c->db, a, id, out, e);
	return rc < 0 && rc != -1 ? -1 : rc;
}

/* A filter naming an organisation, a member or a round the actor may not
 * see answers 404 like the record itself, not an empty list. */
static int check_filters(struct core *c, const struct actor *a, const struct case_query *q,
			 struct bf_err *e)
{
	struct org o;
	struct aid_round r;
	if (q->org_id && core_org_read(c->db, a, q->org_id, "org", &o, e))
		return -1;
	if (q->round_id && case_round_get(c, a, q->round_id, &r, e))
		return -1;
	if (!q->member_id)
		return 0;
	struct member *m = xcalloc(1, sizeof(*m));
	int rc = read_member(c->db, a, q->member_id, m, e);
	member_free(m);
	if (rc && e->code == EC_NOT_FOUND)
		snprintf(e->field, sizeof(e->field), "member");
	return rc ? -1 : 0;
}

int case_list(struct core *c, const struct actor *a, struct case_query *q, struct aid_case **items,
	      size_t *n, int64_t *total, struct bf_err *e)
{
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	if (check_filters(c, a, q, e))
		return -1;
	q->scope_path = a->org_path;
	return store_case_list(c->db, q, items, n, total, e) < 0 ? -1 : 0;
}

int case_list_own(struct core *c, const struct actor *a, struct case_query *q, int own,
		  struct aid_case **items, size_t *n, int64_t *total, struct bf_err *e)
{
	*items = NULL;
	*n = 0;
	*total = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	if (own && !q->org_id)
		return err_set(e, EC_MISSING, "org", "“仅本级”须同时指定组织");
	if (check_filters(c, a, q, e))
		return -1;
	q->scope_path = a->org_path;
	return store_case_list_own(c->db, q, own, items, n, total, e) < 0 ? -1 : 0;
}

int case_timeline(struct core *c, const struct actor *a, int64_t id, struct case_event_row **items,
		  size_t *n, struct bf_err *e)
{
	struct aid_case *k = xcalloc(1, sizeof(*k));
	int rc = case_get(c, a, id, k, e);
	free(k);
	if (rc)
		return -1;
	return store_case_event_list(c->db, id, items, n, e) < 0 ? -1 : 0;
}

/* ------------------------------------------------------------------ */
/* Dossier and pay-first paperwork                                    */

struct paper_ctx {
	const struct actor *a;
	int64_t id;
	unsigned bits;
	struct aid_case *c;
};

/* The dossier items missing, as 「党员大会记录、信息登记表」. */
static void missing_items(unsigned have, char *out, size_t n)
{
	static const char *const names[] = {"书面申请",	  "申请表",	  "党员大会记录",
					    "支委会记录", "公示结果报告", "信息登记表"};
	out[0] = '\0';
	for (unsigned i = 0; i < 6; i++)
		if (!(have & (1u << i))) {
			size_t len = strlen(out);
			snprintf(out + len, n - len, "%s%s", len ? "、" : "", names[i]);
		}
}

/* Stores c's facts with a timeline row and an audit row; extra is a JSON
 * fragment ("\"dossier\":63") or NULL. */
static int write_facts(struct db *db, const struct actor *a, struct aid_case *c, const char *event,
		       const char *extra, struct bf_err *e)
{
	char detail[128];
	int rc = cw_case_update(db, c, e);
	if (rc)
		return rc;
	snprintf(detail, sizeof(detail), "{%s}", extra ? extra : "");
	rc = case_event_tx(db, a, c, event, c->state, c->state, 0, NULL, detail, e);
	return rc ? rc : cw_audit_case(db, a, event, c, extra, e);
}

static int dossier_fn(struct db *db, void *p, struct bf_err *e)
{
	struct paper_ctx *x = p;
	char detail[64];
	enum case_state s;
	int rc = case_read_tx(db, x->a, x->id, x->c, e);
	if (rc)
		return rc;
	wf_state_parse(x->c->state, &s);
	if (wf_state_final(s))
		return err_set(e, EC_CONFLICT, "state", "档案已办结，不能再修改报备资料");
	x->c->dossier |= x->bits;
	snprintf(detail, sizeof(detail), "\"dossier\":%u", x->c->dossier);
	return write_facts(db, x->a, x->c, "update", detail, e);
}

int case_dossier_add(struct core *c, const struct actor *a, int64_t id, unsigned bits,
		     struct bf_err *e)
{
	struct paper_ctx x = {.a = a, .id = id, .bits = bits};
	if (core_need_write(a, "登记报备资料", e))
		return -1;
	if (!bits || (bits & ~CASE_DOSSIER_ALL))
		return err_set(e, EC_INVALID, "dossier", "请选择报备资料项目");
	x.c = xcalloc(1, sizeof(*x.c));
	int rc = db_run_tx(c->db, "case_dossier_add", 1, dossier_fn, &x, e);
	free(x.c);
	return rc;
}

static int paperwork_fn(struct db *db, void *p, struct bf_err *e)
{
	struct paper_ctx *x = p;
	char missing[256];
	int rc = case_read_tx(db, x->a, x->id, x->c, e);
	if (rc)
		return rc;
	if (!x->c->pay_first)
		return err_set(e, EC_CONFLICT, "pay_first", "该档案不是先发后补，无需补齐手续");
	if (x->c->paperwork_done)
		return err_set(e, EC_CONFLICT, "paperwork_done", "先发后补的手续已经补齐");
	if (!strcmp(x->c->state, "rejected"))
		return err_set(e, EC_CONFLICT, "state", "档案已不予帮扶");
	if ((x->c->dossier & CASE_DOSSIER_ALL) != CASE_DOSSIER_ALL) {
		missing_items(x->c->dossier, missing, sizeof(missing));
		return err_set(e, EC_CONFLICT, "dossier", "手续尚未补齐，还缺：%s", missing);
	}
	x->c->paperwork_done = 1;
	return write_facts(db, x->a, x->c, "paperwork_done", NULL, e);
}

int case_paperwork_done(struct core *c, const struct actor *a, int64_t id, struct bf_err *e)
{
	struct paper_ctx x = {.a = a, .id = id};
	if (core_need_write(a, "登记补齐手续", e))
		return -1;
	x.c = xcalloc(1, sizeof(*x.c));
	int rc = db_run_tx(c->db, "case_paperwork_done", 1, paperwork_fn, &x, e);
	free(x.c);
	return rc;
}
