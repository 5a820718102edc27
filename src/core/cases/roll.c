/* roll.c - the hardship roll's writes (困难党员台账, issue #11, DOMAIN.md §2
 * and §3 "Dynamic management"): registration from a branch's survey or a
 * committee, entry from an approved case (case_step_tx calls
 * roll_enter_from_case_tx in the approval's transaction), confirmation and
 * refusal by the committee, exit (脱困) and relapse (返贫), and changes of
 * an entry's facts.  Every change writes its history rows (old → new, who,
 * when, why, the day it took effect) and one audit row, in one
 * transaction; nothing is deleted.  Reads: roll_query.c. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "care.h"
#include "casework_impl.h"
#include "store.h"
#include "store_roll.h"

/* ------------------------------------------------------------------ */
/* Codes and labels                                                    */

struct code_label {
	const char *code, *label;
};

static const struct code_label categories[] = {
    {"capacity", "造血型"}, {"relief", "输血型"}, {"care", "关爱型"}, {NULL, NULL}};
static const struct code_label tiers[] = {
    {"severe", "特别困难"}, {"moderate", "比较困难"}, {"temporary", "暂时困难"}, {NULL, NULL}};
static const struct code_label statuses[] = {{"pending", "待确认"},	{"active", "在册"},
					     {"exiting", "脱困待确认"}, {"exited", "已脱困"},
					     {"rejected", "未通过"},	{NULL, NULL}};
static const struct code_label exit_reasons[] = {{"income", "收入超过标准"}, {"work", "实现就业"},
						 {"moved", "迁出"},	     {"deceased", "亡故"},
						 {"other", "其他"},	     {NULL, NULL}};
static const struct code_label sources[] = {{"case", "帮扶审批"},
					    {"survey", "调查摸底"},
					    {"import", "台账导入"},
					    {"relapse", "返贫"},
					    {NULL, NULL}};

static const char *label_of(const struct code_label *t, const char *code)
{
	for (; code && t->code; t++)
		if (!strcmp(t->code, code))
			return t->label;
	return "";
}

const char *roll_category_label(const char *code)
{
	return label_of(categories, code);
}
const char *roll_tier_label(const char *code)
{
	return label_of(tiers, code);
}
const char *roll_status_label(const char *code)
{
	return label_of(statuses, code);
}
const char *roll_exit_reason_label(const char *code)
{
	return label_of(exit_reasons, code);
}
const char *roll_source_label(const char *code)
{
	return label_of(sources, code);
}

/* ------------------------------------------------------------------ */
/* The fields an entry's history follows                               */

static const struct {
	unsigned bit;
	const char *name, *label;
} fields[] = {
    {ROLL_F_CATEGORY, "category", "类别"},
    {ROLL_F_TIER, "tier", "档次"},
    {ROLL_F_CAUSES, "causes", "致困原因"},
    {ROLL_F_HOUSEHOLD, "household", "家庭结构"},
    {ROLL_F_HOUSEHOLD_SIZE, "household_size", "家庭人口"},
    {ROLL_F_INCOME, "income_fen", "人均年纯收入"},
    {ROLL_F_INCOME_SOURCES, "income_sources", "收入来源"},
    {ROLL_F_SUBSIDIES, "subsidies", "享受其他补贴"},
    {ROLL_F_STATE_OF_MIND, "state_of_mind", "思想动态"},
    {ROLL_F_NEEDS, "needs", "急需何种帮助"},
};
#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

const char *roll_field_label(const char *field)
{
	for (size_t i = 0; field && i < NFIELDS; i++)
		if (!strcmp(fields[i].name, field))
			return fields[i].label;
	if (field && !strcmp(field, "status"))
		return "状态";
	return "";
}

/* The field's value as text, the history's form of it. */
static void field_text(const struct roll_entry *x, size_t f, struct strbuf *out)
{
	strbuf_reset(out);
	switch (fields[f].bit) {
	case ROLL_F_CATEGORY:
		strbuf_adds(out, x->category);
		break;
	case ROLL_F_TIER:
		strbuf_adds(out, x->tier);
		break;
	case ROLL_F_CAUSES:
		for (size_t i = 0; i < x->causes.n; i++)
			strbuf_addf(out, "%s%s", i ? "," : "", x->causes.code[i]);
		break;
	case ROLL_F_HOUSEHOLD:
		strbuf_adds(out, x->household);
		break;
	case ROLL_F_HOUSEHOLD_SIZE:
		strbuf_addf(out, "%d", x->household_size);
		break;
	case ROLL_F_INCOME:
		strbuf_addf(out, "%" PRId64, x->income_fen);
		break;
	case ROLL_F_INCOME_SOURCES:
		strbuf_adds(out, x->income_sources);
		break;
	case ROLL_F_SUBSIDIES:
		strbuf_adds(out, x->subsidies);
		break;
	case ROLL_F_STATE_OF_MIND:
		strbuf_adds(out, x->state_of_mind);
		break;
	case ROLL_F_NEEDS:
		strbuf_adds(out, x->needs);
		break;
	}
}

/* Sets the field from its text (the history's old value). */
static void field_set(struct roll_entry *x, size_t f, const char *v)
{
#define SETS(dst) snprintf((dst), sizeof(dst), "%s", v)
	switch (fields[f].bit) {
	case ROLL_F_CATEGORY:
		SETS(x->category);
		break;
	case ROLL_F_TIER:
		SETS(x->tier);
		break;
	case ROLL_F_CAUSES: {
		memset(&x->causes, 0, sizeof(x->causes));
		const char *p = v;
		while (*p) {
			size_t len = strcspn(p, ",");
			char code[POLICY_CODE_MAX];
			if (len > 0 && len < sizeof(code)) {
				memcpy(code, p, len);
				code[len] = '\0';
				policy_codes_add(&x->causes, code);
			}
			p += len;
			if (*p == ',')
				p++;
		}
		break;
	}
	case ROLL_F_HOUSEHOLD:
		SETS(x->household);
		break;
	case ROLL_F_HOUSEHOLD_SIZE:
		x->household_size = (int)strtol(v, NULL, 10);
		break;
	case ROLL_F_INCOME:
		x->income_fen = *v ? strtoll(v, NULL, 10) : -1;
		break;
	case ROLL_F_INCOME_SOURCES:
		SETS(x->income_sources);
		break;
	case ROLL_F_SUBSIDIES:
		SETS(x->subsidies);
		break;
	case ROLL_F_STATE_OF_MIND:
		SETS(x->state_of_mind);
		break;
	case ROLL_F_NEEDS:
		SETS(x->needs);
		break;
	}
#undef SETS
}

/* Copies the fields of set from in to x. */
static void fields_copy(struct roll_entry *x, const struct roll_entry *in, unsigned set)
{
	struct strbuf v = STRBUF_INIT;
	for (size_t f = 0; f < NFIELDS; f++) {
		if (!(set & fields[f].bit))
			continue;
		field_text(in, f, &v);
		field_set(x, f, v.buf);
	}
	strbuf_release(&v);
}

void roll_values_at(struct roll_entry *x, const struct roll_change *h, size_t n, const char *date)
{
	/* newest first, so each field ends at the old value of its first
	 * change after date */
	for (size_t i = n; i-- > 0;) {
		if (!h[i].field[0] || strcmp(h[i].effective_on, date) <= 0)
			continue;
		for (size_t f = 0; f < NFIELDS; f++)
			if (!strcmp(fields[f].name, h[i].field))
				field_set(x, f, h[i].old_value);
	}
}

/* ------------------------------------------------------------------ */
/* Checks                                                              */

static int is_confirmer(const struct actor *a)
{
	return !strcmp(a->role, "committee") || !strcmp(a->role, "department") ||
	       !strcmp(a->role, "admin");
}

static int need_confirmer(const struct actor *a, const char *what, struct bf_err *e)
{
	if (core_need_write(a, what, e))
		return -1;
	if (!is_confirmer(a))
		return err_set(e, EC_FORBIDDEN, NULL, "只有党(工)委或组织部可以%s", what);
	return 0;
}

/* The facts of x against the policy in force and the limits; strict: the
 * category and tier are required (a registration; a case brings its own). */
static int check_facts(struct db *db, struct roll_entry *x, unsigned set, int strict,
		       struct bf_err *e)
{
	const struct policy *p;
	char today[CASE_DATE_LEN];
	core_today(today);
	if ((set & ROLL_F_CATEGORY) && (strict || x->category[0]) &&
	    !*roll_category_label(x->category))
		return x->category[0]
			   ? err_set(e, EC_INVALID, "category", "类别应为造血型、输血型或关爱型")
			   : err_set(e, EC_MISSING, "category", "请选择类别");
	if ((set & ROLL_F_TIER) && (strict || x->tier[0]) && !*roll_tier_label(x->tier))
		return x->tier[0]
			   ? err_set(e, EC_INVALID, "tier", "档次应为特别困难、比较困难或暂时困难")
			   : err_set(e, EC_MISSING, "tier", "请选择档次");
	if (set & ROLL_F_CAUSES) {
		int rc = case_policy_at(db, today, &p, e);
		if (rc)
			return rc;
		for (size_t i = 0; i < x->causes.n; i++)
			if (!policy_has(&p->causes, x->causes.code[i]))
				return err_set(e, EC_INVALID, "causes",
					       "致困原因“%s”不在政策所列之中", x->causes.code[i]);
	}
	if ((set & ROLL_F_HOUSEHOLD_SIZE) && (x->household_size < 0 || x->household_size > 30))
		return err_set(e, EC_INVALID, "household_size", "家庭人口须在 0 到 30 之间");
	if ((set & ROLL_F_INCOME) &&
	    (x->income_fen < -1 ||
	     limit_money(x->income_fen < 0 ? 0 : x->income_fen, "income_fen", "人均年纯收入", e)))
		return x->income_fen < -1
			   ? err_set(e, EC_INVALID, "income_fen", "人均年纯收入不能为负数")
			   : -1;
	struct {
		unsigned bit;
		char *text;
		enum text_field tf;
	} texts[] = {
	    {ROLL_F_HOUSEHOLD, x->household, TF_ROLL_HOUSEHOLD},
	    {ROLL_F_INCOME_SOURCES, x->income_sources, TF_ROLL_INCOME_SOURCES},
	    {ROLL_F_SUBSIDIES, x->subsidies, TF_ROLL_SUBSIDIES},
	    {ROLL_F_STATE_OF_MIND, x->state_of_mind, TF_ROLL_STATE_OF_MIND},
	    {ROLL_F_NEEDS, x->needs, TF_ROLL_NEEDS},
	};
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		if ((set & texts[i].bit) && text_field(texts[i].text, texts[i].tf, 0, e))
			return -1;
	return 0;
}

/* A day of the roll: "" is today; not after today, not before since_on. */
static int check_day(const char *in, const char *since_on, char out[CASE_DATE_LEN],
		     const char *field, const char *label, struct bf_err *e)
{
	char today[CASE_DATE_LEN];
	core_today(today);
	if (core_date(in ? in : "", out, 0, field, label, e))
		return -1;
	if (!out[0])
		snprintf(out, CASE_DATE_LEN, "%s", today);
	if (strcmp(out, today) > 0)
		return err_set(e, EC_INVALID, field, "%s不能晚于今天", label);
	if (since_on && since_on[0] && strcmp(out, since_on) < 0)
		return err_set(e, EC_INVALID, field, "%s不能早于纳入日期 %s", label, since_on);
	return 0;
}

static int check_reason(const char *reason, int required, const char *what, struct bf_err *e)
{
	char buf[TEXT_BYTES(TF_ROLL_REASON_MAX)];
	snprintf(buf, sizeof(buf), "%s", reason ? reason : "");
	if (reason && strlen(reason) >= sizeof(buf))
		return err_set(e, EC_INVALID, "reason", "原因不能超过 %d 个字", TF_ROLL_REASON_MAX);
	if (text_field(buf, TF_ROLL_REASON, 0, e))
		return -1;
	if (required && !buf[0])
		return err_set(e, EC_MISSING, "reason", "请写明%s的原因", what);
	return 0;
}

/* ------------------------------------------------------------------ */
/* History and audit                                                   */

static int history(struct db *db, const struct actor *a, const struct roll_entry *x,
		   const char *action, const char *field, const char *old_value,
		   const char *new_value, const char *effective_on, const struct roll_why *w,
		   struct bf_err *e)
{
	struct roll_change *h = xcalloc(1, sizeof(*h));
	h->entry_id = x->id;
	h->user_id = a->user_id;
	snprintf(h->username, sizeof(h->username), "%s", a->username);
	snprintf(h->action, sizeof(h->action), "%s", action);
	snprintf(h->field, sizeof(h->field), "%s", field ? field : "");
	snprintf(h->old_value, sizeof(h->old_value), "%s", old_value ? old_value : "");
	snprintf(h->new_value, sizeof(h->new_value), "%s", new_value ? new_value : "");
	snprintf(h->effective_on, sizeof(h->effective_on), "%s", effective_on);
	snprintf(h->reason, sizeof(h->reason), "%s", w && w->reason ? w->reason : "");
	h->review_id = w ? w->review_id : 0;
	int rc = CORE_QS(store_roll_change_insert(db, h, e));
	free(h);
	return rc;
}

static int audit(struct db *db, const struct actor *a, const char *action,
		 const struct roll_entry *x, const char *extra, const struct roll_why *w,
		 struct bf_err *e)
{
	struct strbuf d = STRBUF_INIT;
	strbuf_addf(&d,
		    "{\"member_id\":%" PRId64 ",\"org_id\":%" PRId64 ",\"status\":\"%s\","
		    "\"since_on\":\"%s\"",
		    x->member_id, x->org_id, x->status, x->since_on);
	if (extra && *extra)
		strbuf_addf(&d, ",%s", extra);
	if (w && w->reason && *w->reason) {
		strbuf_adds(&d, ",\"reason\":\"");
		core_json_text(&d, w->reason, 300);
		strbuf_addch(&d, '"');
	}
	if (w && w->review_id)
		strbuf_addf(&d, ",\"review_id\":%" PRId64, w->review_id);
	strbuf_addch(&d, '}');
	int rc = audit_record(db, a, action, "roll_entry", x->id, d.buf, e);
	strbuf_release(&d);
	return rc;
}

int roll_event_tx(struct db *db, const struct actor *a, const struct roll_entry *x,
		  const char *action, const struct roll_why *w, struct bf_err *e)
{
	char today[CASE_DATE_LEN];
	core_today(today);
	int rc = check_reason(w ? w->reason : NULL, 0, "", e);
	return rc ? rc : history(db, a, x, action, "status", x->status, x->status, today, w, e);
}

static int write_entry(struct db *db, struct roll_entry *x, struct bf_err *e)
{
	enum db_qs qs = store_roll_update(db, x, e);
	if (qs == DB_NONE)
		return err_set(e, EC_CONFLICT, "version", "该台账记录已被他人更新，请刷新后重试");
	return CORE_QS(qs);
}

/* A change of status from `from` to x's, effective on day: the entry
 * written, its history line (action) and the audit record roll_<action>
 * (extra: more of its detail). */
static int status_change(struct db *db, const struct actor *a, struct roll_entry *x,
			 const char *action, const char *from, const char *day, const char *extra,
			 const struct roll_why *w, struct bf_err *e)
{
	char audit_action[40];
	int rc;
	if ((rc = write_entry(db, x, e)) ||
	    (rc = history(db, a, x, action, "status", from, x->status, day, w, e)))
		return rc;
	snprintf(audit_action, sizeof(audit_action), "roll_%s", action);
	return audit(db, a, audit_action, x, extra, w, e);
}

/* ------------------------------------------------------------------ */
/* Reading in scope                                                    */

int roll_read_tx(struct db *db, const struct actor *a, int64_t id, struct roll_entry *out,
		 struct bf_err *e)
{
	enum db_qs qs = store_roll_get(db, id, out, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE || !access_in_scope(a, out->org_path))
		return err_set(e, EC_NOT_FOUND, "id", "台账记录不存在");
	return 0;
}

static int read_member(struct db *db, const struct actor *a, int64_t id, struct member *m,
		       struct bf_err *e)
{
	if (!id)
		return err_set(e, EC_MISSING, "member_id", "请选择党员");
	enum db_qs qs = store_member_get(db, id, m, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE || !access_in_scope(a, m->org_path))
		return err_set(e, EC_NOT_FOUND, "member_id", "党员不存在或不在您的管辖范围内");
	return 0;
}

/* ------------------------------------------------------------------ */
/* Registration, relapse                                               */

/* source: "survey", "case", "import"; becomes "relapse" for a member whose
 * last period ended.  strict: the facts a registration needs. */
static int register_tx(struct db *db, const struct actor *a, const struct roll_entry *in,
		       const char *source, int strict, struct roll_entry *out, struct bf_err *e)
{
	struct member *m = xcalloc(1, sizeof(*m));
	struct roll_entry *x = xcalloc(1, sizeof(*x)), *prev = xcalloc(1, sizeof(*prev));
	struct strbuf extra = STRBUF_INIT;
	char today[CASE_DATE_LEN];
	enum db_qs qs;
	int rc = read_member(db, a, in->member_id, m, e);
	core_today(today);
	if (rc)
		goto out;
	if (strict && !strcmp(m->status, "亡故")) {
		rc = err_set(e, EC_CONFLICT, "member_id", "%s已亡故，不能列入台账", m->name);
		goto out;
	}
	qs = store_roll_open_of(db, m->id, prev, e);
	if (qs == DB_ONE) {
		rc = err_set(e, EC_CONFLICT, "member_id", "%s已在困难党员台账中（%s）", m->name,
			     roll_status_label(prev->status));
		goto out;
	}
	if ((rc = CORE_QS(qs)))
		goto out;
	*x = *in;
	x->id = 0;
	x->member_id = m->id;
	x->org_id = m->org_id;
	snprintf(x->source, sizeof(x->source), "%s", source);
	x->until_on[0] = x->exit_on[0] = x->exit_reason[0] = x->exit_note[0] = '\0';
	x->exit_by = x->exit_at = x->exit_confirmed_by = x->exit_confirmed_at = 0;
	if ((rc = check_facts(db, x, ROLL_F_ALL, strict, e)) ||
	    (rc = check_day(in->since_on, NULL, x->since_on, "since_on", "纳入日期", e)))
		goto out;
	qs = store_roll_last_exited(db, m->id, prev, e);
	if ((rc = CORE_QS(qs)))
		goto out;
	x->relapse_of = 0;
	if (qs == DB_ONE && strcmp(source, "import")) {
		if (strcmp(x->since_on, prev->until_on) < 0) {
			rc = err_set(e, EC_INVALID, "since_on",
				     "返贫的纳入日期不能早于上次脱困日期 %s", prev->until_on);
			goto out;
		}
		x->relapse_of = prev->id;
		snprintf(x->source, sizeof(x->source), "relapse");
	}
	int confirmed = is_confirmer(a);
	snprintf(x->status, sizeof(x->status), "%s", confirmed ? "active" : "pending");
	x->created_by = a->user_id;
	x->created_at = x->updated_at = 0;
	x->confirmed_by = confirmed ? a->user_id : 0;
	x->confirmed_at = 0;
	if (confirmed)
		x->confirmed_at = (int64_t)time(NULL);
	if ((rc = CORE_QS(store_roll_insert(db, x, e))))
		goto out;
	struct roll_why w = {.reason = ""};
	const char *action = x->relapse_of	       ? "relapse"
			     : !strcmp(source, "case") ? "enter"
						       : "register";
	if ((rc = history(db, a, x, action, "status", "", x->status, x->since_on, &w, e)))
		goto out;
	strbuf_addf(&extra, "\"source\":\"%s\",\"category\":\"%s\",\"tier\":\"%s\"", x->source,
		    x->category, x->tier);
	if (x->case_id)
		strbuf_addf(&extra, ",\"case_id\":%" PRId64, x->case_id);
	if (x->relapse_of)
		strbuf_addf(&extra, ",\"relapse_of\":%" PRId64, x->relapse_of);
	if ((rc = audit(db, a, x->relapse_of ? "roll_relapse" : "roll_register", x, extra.buf, NULL,
			e)))
		goto out;
	/* read back: names and path */
	if (out && (rc = CORE_QS(store_roll_get(db, x->id, out, e))))
		goto out;
out:
	strbuf_release(&extra);
	member_free(m);
	free(x);
	free(prev);
	return rc;
}

int roll_register_tx(struct db *db, const struct actor *a, const struct roll_entry *in,
		     const char *source, struct roll_entry *out, struct bf_err *e)
{
	return register_tx(db, a, in, source, 1, out, e);
}

struct reg_ctx {
	const struct actor *a;
	const struct roll_entry *in;
	int64_t relapse_id;
	struct roll_entry *out;
};

static int register_fn(struct db *db, void *p, struct bf_err *e)
{
	struct reg_ctx *x = p;
	if (!x->relapse_id)
		return register_tx(db, x->a, x->in, "survey", 1, x->out, e);
	struct roll_entry *old = xcalloc(1, sizeof(*old)), *in = xcalloc(1, sizeof(*in));
	int rc = roll_read_tx(db, x->a, x->relapse_id, old, e);
	if (!rc && strcmp(old->status, "exited"))
		rc = err_set(e, EC_CONFLICT, "id", "只有已脱困的记录可以登记返贫");
	if (!rc) {
		*in = *x->in;
		in->member_id = old->member_id;
		rc = register_tx(db, x->a, in, "survey", 1, x->out, e);
	}
	free(old);
	free(in);
	return rc;
}

int roll_register(struct core *c, const struct actor *a, const struct roll_entry *in,
		  struct roll_entry *out, struct bf_err *e)
{
	struct reg_ctx x = {.a = a, .in = in, .out = out};
	if (core_need_write(a, "登记困难党员", e))
		return -1;
	return db_run_tx(c->db, "roll_register", 1, register_fn, &x, e);
}

int roll_relapse(struct core *c, const struct actor *a, int64_t id, const struct roll_entry *in,
		 struct roll_entry *out, struct bf_err *e)
{
	struct reg_ctx x = {.a = a, .in = in, .relapse_id = id, .out = out};
	if (core_need_write(a, "登记返贫", e))
		return -1;
	return db_run_tx(c->db, "roll_relapse", 1, register_fn, &x, e);
}

/* ------------------------------------------------------------------ */
/* Changes of the facts                                                */

int roll_update_tx(struct db *db, const struct actor *a, struct roll_entry *x,
		   const struct roll_entry *in, unsigned set, const struct roll_why *w,
		   const char *action, struct bf_err *e)
{
	struct roll_entry *n = xcalloc(1, sizeof(*n));
	struct strbuf ov = STRBUF_INIT, nv = STRBUF_INIT, changed = STRBUF_INIT;
	char day[CASE_DATE_LEN];
	int rc = 0, nchanged = 0, classed = 0;

	if (w && w->version && w->version != x->version) {
		rc = err_set(e, EC_CONFLICT, "version", "该台账记录已被他人更新，请刷新后重试");
		goto out;
	}
	if (!strcmp(x->status, "exited") || !strcmp(x->status, "rejected")) {
		rc = err_set(e, EC_CONFLICT, "status", "%s的记录不能修改",
			     roll_status_label(x->status));
		goto out;
	}
	*n = *x;
	fields_copy(n, in, set);
	if ((rc = check_facts(db, n, set, 0, e)))
		goto out;
	if ((rc = check_day(w ? w->effective_on : NULL, x->since_on, day, "effective_on",
			    "变更日期", e)))
		goto out;
	for (size_t f = 0; f < NFIELDS; f++) {
		if (!(set & fields[f].bit))
			continue;
		field_text(x, f, &ov);
		field_text(n, f, &nv);
		if (!strcmp(ov.buf, nv.buf))
			continue;
		nchanged++;
		classed |= fields[f].bit & (ROLL_F_CATEGORY | ROLL_F_TIER);
		strbuf_addf(&changed, "%s\"%s\"", changed.len ? "," : "", fields[f].name);
	}
	if (!nchanged)
		goto out;
	if (classed && (rc = check_reason(w ? w->reason : NULL, 1, "调整类别或档次", e)))
		goto out;
	if (!classed && (rc = check_reason(w ? w->reason : NULL, 0, "", e)))
		goto out;
	for (size_t f = 0; f < NFIELDS; f++) {
		if (!(set & fields[f].bit))
			continue;
		field_text(x, f, &ov);
		field_text(n, f, &nv);
		if (strcmp(ov.buf, nv.buf) &&
		    (rc = history(db, a, x, action, fields[f].name, ov.buf, nv.buf, day, w, e)))
			goto out;
	}
	if ((rc = write_entry(db, n, e)))
		goto out;
	strbuf_reset(&nv);
	strbuf_addf(&nv, "\"fields\":[%s],\"effective_on\":\"%s\"", changed.buf, day);
	if ((rc = audit(db, a, "roll_update", n, nv.buf, w, e)))
		goto out;
	*x = *n;
out:
	strbuf_release(&ov);
	strbuf_release(&nv);
	strbuf_release(&changed);
	free(n);
	return rc;
}

struct update_ctx {
	const struct actor *a;
	int64_t id;
	const struct roll_entry *in;
	unsigned set;
	const struct roll_why *w;
	const char *exit_on, *reason, *note;
	int op; /* 0 update, 1 confirm, 2 reject, 3 exit */
};

/* ------------------------------------------------------------------ */
/* Confirmation and refusal                                            */

/* A confirmed exit ends the member's open pairings (一帮到底, reason
 * left_roll, care_pairings_close_tx; a deceased exit: reason deceased with
 * the condolence task, care_member_deceased_tx) and tells the register
 * what it says of the member: 亡故
 * (deceased) sets the member's status, through the register's core, in
 * the exit's transaction, audited there as a member edit old → new.  The
 * register has no status for 迁出 (moved; 流动 is a member away from home,
 * still in the branch), so a moved exit leaves the register to the branch's
 * own transfer. */
static int exit_to_register(struct db *db, const struct actor *a, const struct roll_entry *x,
			    struct bf_err *e)
{
	char cause[96];
	/* 一帮到底 ends here: the member's open pairings close (care.h) */
	if (strcmp(x->exit_reason, "deceased"))
		return care_pairings_close_tx(db, a, x->member_id, x->until_on, e);
	/* a death: the pairings end as deceased on the day of the exit, the
	 * condolence is owed (care_member_deceased_tx; again through the
	 * register's status, where it finds nothing left to do) */
	int rc = care_member_deceased_tx(db, a, x->member_id, x->until_on, e);
	if (rc)
		return rc;
	snprintf(cause, sizeof(cause), "\"roll_id\":%" PRId64 ",\"exit_reason\":\"deceased\"",
		 x->id);
	return member_set_status_tx(db, a, x->member_id, "亡故", cause, e);
}

static int confirm_tx(struct db *db, const struct actor *a, struct roll_entry *x,
		      const struct roll_why *w, struct bf_err *e)
{
	char today[CASE_DATE_LEN];
	int64_t now = (int64_t)time(NULL);
	core_today(today);
	if (w && w->version && w->version != x->version)
		return err_set(e, EC_CONFLICT, "version", "该台账记录已被他人更新，请刷新后重试");
	int rc = check_reason(w ? w->reason : NULL, 0, "", e);
	if (rc)
		return rc;
	if (!strcmp(x->status, "pending")) {
		snprintf(x->status, sizeof(x->status), "active");
		x->confirmed_by = a->user_id;
		x->confirmed_at = now;
		return status_change(db, a, x, "confirm", "pending", x->since_on, NULL, w, e);
	}
	if (!strcmp(x->status, "exiting")) {
		snprintf(x->status, sizeof(x->status), "exited");
		snprintf(x->until_on, sizeof(x->until_on), "%s", x->exit_on);
		x->exit_confirmed_by = a->user_id;
		x->exit_confirmed_at = now;
		if ((rc = exit_to_register(db, a, x, e)))
			return rc;
		return status_change(db, a, x, "exit_confirm", "exiting", x->exit_on, NULL, w, e);
	}
	return err_set(e, EC_CONFLICT, "status", "该记录%s，没有待确认的事项",
		       roll_status_label(x->status));
}

static int reject_tx(struct db *db, const struct actor *a, struct roll_entry *x,
		     const struct roll_why *w, struct bf_err *e)
{
	char today[CASE_DATE_LEN];
	core_today(today);
	if (w && w->version && w->version != x->version)
		return err_set(e, EC_CONFLICT, "version", "该台账记录已被他人更新，请刷新后重试");
	int rc = check_reason(w ? w->reason : NULL, 1, "不予确认", e);
	if (rc)
		return rc;
	if (!strcmp(x->status, "pending")) {
		snprintf(x->status, sizeof(x->status), "rejected");
		return status_change(db, a, x, "reject", "pending", today, NULL, w, e);
	}
	if (!strcmp(x->status, "exiting")) {
		char extra[96];
		snprintf(extra, sizeof(extra), "\"exit_on\":\"%s\",\"exit_reason\":\"%s\"",
			 x->exit_on, x->exit_reason);
		snprintf(x->status, sizeof(x->status), "active");
		x->exit_on[0] = x->exit_reason[0] = x->exit_note[0] = '\0';
		x->exit_by = x->exit_at = 0;
		return status_change(db, a, x, "exit_reject", "exiting", today, extra, w, e);
	}
	return err_set(e, EC_CONFLICT, "status", "该记录%s，没有待确认的事项",
		       roll_status_label(x->status));
}

/* ------------------------------------------------------------------ */
/* Exit                                                                */

int roll_exit_tx(struct db *db, const struct actor *a, struct roll_entry *x, const char *exit_on,
		 const char *reason, const char *note, const struct roll_why *w, struct bf_err *e)
{
	char day[CASE_DATE_LEN], extra[160];
	int64_t now = (int64_t)time(NULL);
	int rc;
	if (w && w->version && w->version != x->version)
		return err_set(e, EC_CONFLICT, "version", "该台账记录已被他人更新，请刷新后重试");
	if (strcmp(x->status, "active"))
		return err_set(e, EC_CONFLICT, "status", "该记录%s，不能办理脱困",
			       roll_status_label(x->status));
	if (!exit_on || !*exit_on)
		return err_set(e, EC_MISSING, "exit_on", "请填写脱困日期");
	if ((rc = check_day(exit_on, x->since_on, day, "exit_on", "脱困日期", e)))
		return rc;
	if (!reason || !*reason)
		return err_set(e, EC_MISSING, "exit_reason", "请选择脱困原因");
	if (!*roll_exit_reason_label(reason))
		return err_set(e, EC_INVALID, "exit_reason",
			       "脱困原因应为收入超过标准、实现就业、迁出、亡故或其他");
	snprintf(x->exit_note, sizeof(x->exit_note), "%s", note ? note : "");
	if (note && strlen(note) >= sizeof(x->exit_note))
		return err_set(e, EC_INVALID, "exit_note", "脱困说明不能超过 %d 个字",
			       TF_ROLL_EXIT_NOTE_MAX);
	if (text_field(x->exit_note, TF_ROLL_EXIT_NOTE, 0, e))
		return -1;
	if (!strcmp(reason, "other") && !x->exit_note[0])
		return err_set(e, EC_MISSING, "exit_note", "脱困原因为“其他”时请写明脱困说明");
	if ((rc = check_reason(w ? w->reason : NULL, 0, "", e)))
		return rc;
	snprintf(x->exit_on, sizeof(x->exit_on), "%s", day);
	snprintf(x->exit_reason, sizeof(x->exit_reason), "%s", reason);
	x->exit_by = a->user_id;
	x->exit_at = now;
	int confirmed = is_confirmer(a);
	snprintf(x->status, sizeof(x->status), "%s", confirmed ? "exited" : "exiting");
	if (confirmed) {
		snprintf(x->until_on, sizeof(x->until_on), "%s", day);
		x->exit_confirmed_by = a->user_id;
		x->exit_confirmed_at = now;
	}
	if (confirmed && (rc = exit_to_register(db, a, x, e)))
		return rc;
	snprintf(extra, sizeof(extra), "\"exit_on\":\"%s\",\"exit_reason\":\"%s\"", day, reason);
	return status_change(db, a, x, "exit", "active", day, extra, w, e);
}

static int update_fn(struct db *db, void *p, struct bf_err *e)
{
	struct update_ctx *u = p;
	struct roll_entry *x = xcalloc(1, sizeof(*x));
	int rc = roll_read_tx(db, u->a, u->id, x, e);
	if (!rc) {
		switch (u->op) {
		case 0:
			rc = roll_update_tx(db, u->a, x, u->in, u->set, u->w, "update", e);
			break;
		case 1:
			rc = confirm_tx(db, u->a, x, u->w, e);
			break;
		case 2:
			rc = reject_tx(db, u->a, x, u->w, e);
			break;
		default:
			rc = roll_exit_tx(db, u->a, x, u->exit_on, u->reason, u->note, u->w, e);
			break;
		}
	}
	free(x);
	return rc;
}

int roll_update(struct core *c, const struct actor *a, int64_t id, const struct roll_entry *in,
		unsigned set, const struct roll_why *w, struct bf_err *e)
{
	struct update_ctx u = {.a = a, .id = id, .in = in, .set = set, .w = w, .op = 0};
	if (core_need_write(a, "修改台账", e))
		return -1;
	return db_run_tx(c->db, "roll_update", 1, update_fn, &u, e);
}

int roll_confirm(struct core *c, const struct actor *a, int64_t id, const struct roll_why *w,
		 struct bf_err *e)
{
	struct update_ctx u = {.a = a, .id = id, .w = w, .op = 1};
	if (need_confirmer(a, "确认台账变动", e))
		return -1;
	return db_run_tx(c->db, "roll_confirm", 1, update_fn, &u, e);
}

int roll_reject(struct core *c, const struct actor *a, int64_t id, const struct roll_why *w,
		struct bf_err *e)
{
	struct update_ctx u = {.a = a, .id = id, .w = w, .op = 2};
	if (need_confirmer(a, "退回台账变动", e))
		return -1;
	return db_run_tx(c->db, "roll_reject", 1, update_fn, &u, e);
}

int roll_exit(struct core *c, const struct actor *a, int64_t id, const char *exit_on,
	      const char *reason, const char *note, const struct roll_why *w, struct bf_err *e)
{
	struct update_ctx u = {
	    .a = a, .id = id, .w = w, .exit_on = exit_on, .reason = reason, .note = note, .op = 3};
	if (core_need_write(a, "办理脱困", e))
		return -1;
	return db_run_tx(c->db, "roll_exit", 1, update_fn, &u, e);
}

/* ------------------------------------------------------------------ */
/* An approved case                                                    */

int roll_enter_from_case_tx(struct db *db, const struct actor *a, const struct aid_case *c,
			    struct bf_err *e)
{
	struct roll_entry *x = xcalloc(1, sizeof(*x)), *in = xcalloc(1, sizeof(*in));
	char reason[96], today[CASE_DATE_LEN];
	unsigned set = 0;
	int rc;
	core_today(today);
	snprintf(reason, sizeof(reason), "第 %" PRId64 " 号帮扶档案经审批", c->id);
	struct roll_why w = {.reason = reason};
	in->member_id = c->member_id;
	in->case_id = c->id;
	in->income_fen = c->income_fen < 0	 ? -1
			 : c->household_size > 0 ? c->income_fen / c->household_size
						 : c->income_fen;
	in->household_size = c->household_size;
	in->causes = c->causes;
	snprintf(in->category, sizeof(in->category), "%s", c->category);
	snprintf(in->tier, sizeof(in->tier), "%s", c->tier);
	set |= c->category[0] ? ROLL_F_CATEGORY : 0;
	set |= c->tier[0] ? ROLL_F_TIER : 0;
	set |= c->causes.n ? ROLL_F_CAUSES : 0;
	set |= c->household_size > 0 ? ROLL_F_HOUSEHOLD_SIZE : 0;
	set |= c->income_fen >= 0 ? ROLL_F_INCOME : 0;
	enum db_qs qs = store_roll_open_of(db, c->member_id, x, e);
	if (qs == DB_NONE) {
		rc = register_tx(db, a, in, "case", 0, NULL, e);
		goto out;
	}
	if ((rc = CORE_QS(qs)))
		goto out;
	if ((rc = roll_update_tx(db, a, x, in, set, &w, "case", e)))
		goto out;
	if (!strcmp(x->status, "pending")) { /* the approval confirms the survey's */
		snprintf(x->status, sizeof(x->status), "active");
		x->confirmed_by = a->user_id;
		x->confirmed_at = (int64_t)time(NULL);
		rc = status_change(db, a, x, "confirm", "pending", x->since_on, NULL, &w, e);
	}
out:
	free(x);
	free(in);
	return rc;
}
