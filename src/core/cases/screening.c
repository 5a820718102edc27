/* screening.c - the rules the product checks itself when the committee
 * enters a case into the relief system (程序筛查, DOMAIN.md §3 step 10,
 * issue #11).  Each rule that fires leaves a finding (筛查发现) with its
 * reason; the case cannot pass screening while a finding is open
 * (wf_facts.findings_open, workflow.c) until the committee clears it with
 * a reason or the department overrules it, both audited.  Also the
 * household facts the approval's "two kinds of aid" rule weighs. */
#include <inttypes.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "casework_impl.h"
#include "money.h"
#include "store.h"
#include "store_screening.h"

static const struct {
	const char *code, *label;
} rules[] = {
    {"member_gone", "党员已亡故或不在本支部"},
    {"exclusion", "存在不得列为帮扶对象的情形"},
    {"paid_this_year", "本年度已发放过帮扶救助"},
    {"household_paid", "同户家庭成员本年度已获帮扶"},
    {"income_above_line", "人均收入高于标准线"},
    {"duplicate_id", "同一身份证号本年度另有档案"},
    {"other_district", "在其他区县困难党员台账中"},
};

const char *screening_rule_label(const char *code)
{
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (!strcmp(rules[i].code, code))
			return rules[i].label;
	return "";
}

static int paid_state(const struct aid_case *c)
{
	return c->payment_id != 0 || !strcmp(c->state, "paid") || !strcmp(c->state, "verified");
}

/* On its way to money: approved and not yet paid. */
static int live_state(const struct aid_case *c)
{
	return !strcmp(c->state, "approved") || !strcmp(c->state, "screening") ||
	       !strcmp(c->state, "screened");
}

static const char *kind_label(const struct aid_case *c)
{
	return strcmp(c->kind, "emergency") == 0 ? "突发事故救助" : "生活困难帮扶";
}

/* The findings of the rules, in order; *n of at most 16. */
struct fired {
	char rule[24];
	char detail[512];
};

struct rule_ctx {
	struct fired items[16];
	size_t n;
};

static void fire(struct rule_ctx *x, const char *rule, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void fire(struct rule_ctx *x, const char *rule, const char *fmt, ...)
{
	if (x->n >= sizeof(x->items) / sizeof(x->items[0]))
		return;
	struct fired *f = &x->items[x->n++];
	snprintf(f->rule, sizeof(f->rule), "%s", rule);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(f->detail, sizeof(f->detail), fmt, ap);
	va_end(ap);
}

static int rule_member(struct db *db, const struct aid_case *c, const struct member *m,
		       struct rule_ctx *x, struct bf_err *e)
{
	(void)db;
	(void)e;
	if (!strcmp(m->status, "亡故"))
		fire(x, "member_gone", "党员名册中该党员状态为“亡故”");
	else if (m->org_id != c->org_id)
		fire(x, "member_gone", "党员已不在申请时的支部（%s），现属%s", c->org_name,
		     m->org_name);
	return 0;
}

static void rule_exclusion(const struct aid_case *c, const struct policy *p, struct rule_ctx *x)
{
	char labels[512] = "";
	if (!c->exclusions.n)
		return;
	for (size_t i = 0; i < c->exclusions.n; i++) {
		const char *l = policy_label(&p->exclusions, c->exclusions.code[i]);
		size_t len = strlen(labels);
		snprintf(labels + len, sizeof(labels) - len, "%s%s", i ? "、" : "",
			 l ? l : c->exclusions.code[i]);
	}
	fire(x, "exclusion", "档案记录了不得列为帮扶对象的情形：%s", labels);
}

/* The member's other cases of the year: paid ones, and approved ones on
 * their way to money (an application still at its branch is not a second
 * payment yet). */
static int rule_same_member(struct db *db, const struct aid_case *c, struct rule_ctx *x,
			    struct bf_err *e)
{
	struct aid_case *items = NULL;
	size_t n = 0;
	enum db_qs qs = store_case_member_year(db, c->member_id, c->year, NULL, &items, &n, e);
	if (qs < 0)
		return qs;
	for (size_t i = 0; i < n; i++) {
		const struct aid_case *o = &items[i];
		if (o->id == c->id)
			continue;
		if (paid_state(o))
			fire(x, "paid_this_year", "该党员 %d 年度已发放%s（档案 %" PRId64 "）",
			     c->year, kind_label(o), o->id);
		else if (live_state(o))
			fire(x, "duplicate_id", "同一身份证号 %d 年度另有%s档案 %" PRId64 "（%s）",
			     c->year, kind_label(o), o->id, o->org_name);
	}
	free(items);
	return 0;
}

/* Household members' paid cases of the year (the links of the register). */
static int household_cases(struct db *db, const struct aid_case *c, int approved_too,
			   struct rule_ctx *x, int *found, struct bf_err *e)
{
	struct household_link *links = NULL;
	size_t nl = 0;
	enum db_qs qs = store_household_list(db, c->member_id, &links, &nl, e);
	if (qs < 0)
		return qs;
	for (size_t i = 0; i < nl; i++) {
		struct aid_case *items = NULL;
		size_t n = 0;
		qs = store_case_member_year(db, links[i].relative_id, c->year, NULL, &items, &n, e);
		if (qs < 0) {
			free(links);
			return qs;
		}
		for (size_t k = 0; k < n; k++) {
			const struct aid_case *o = &items[k];
			int counts = paid_state(o) || (approved_too && live_state(o));
			if (!counts)
				continue;
			if (found)
				*found = 1;
			if (x)
				fire(x, "household_paid",
				     "同户家庭成员%s（%s）%d 年度已获%s（档案 %" PRId64 "）",
				     links[i].relative_name,
				     links[i].relation[0] ? links[i].relation : "家庭成员", c->year,
				     kind_label(o), o->id);
		}
		free(items);
	}
	free(links);
	return 0;
}

static void rule_income(const struct aid_case *c, const struct policy *p, struct rule_ctx *x)
{
	struct policy_line ln;
	char pc[MONEY_TEXT_MAX], lt[MONEY_TEXT_MAX];
	/* the line is a condition of the yearly aid; an emergency is aid for a
	 * sudden loss whatever the income */
	if (strcmp(c->kind, "yearly") || c->income_fen < 0 || c->household_size < 1)
		return;
	if (policy_line_for_year(p, c->year, &ln, NULL) < 0)
		return;
	int64_t line =
	    ln.poverty_line_fen > ln.min_living_fen ? ln.poverty_line_fen : ln.min_living_fen;
	int64_t per = c->income_fen / c->household_size;
	if (per <= line)
		return;
	money_format(per, pc);
	money_format(line, lt);
	fire(x, "income_above_line", "家庭人均年收入 %s，高于 %d 年扶贫标准和低保线（%s）", pc,
	     ln.year, lt);
}

static int rule_other_district(struct db *db, const struct member *m, struct rule_ctx *x,
			       struct bf_err *e)
{
	char district[256];
	enum db_qs qs = store_other_district_find(db, m->id_bidx, district, e);
	if (qs < 0)
		return qs;
	if (qs == DB_ONE)
		fire(x, "other_district", "该党员在%s的困难党员台账中（导入的外区县名单）",
		     district[0] ? district : "其他区县");
	return 0;
}

/* A rule decided before (cleared or overruled) for the same reason does
 * not fire again when the case re-enters screening. */
static int decided_before(const struct screening_finding *old, size_t n, const struct fired *f)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(old[i].state, "open") && !strcmp(old[i].rule, f->rule) &&
		    !strcmp(old[i].detail, f->detail))
			return 1;
	return 0;
}

int cw_screening_run(struct db *db, const struct actor *a, const struct aid_case *c, int *opened,
		     struct bf_err *e)
{
	struct rule_ctx x;
	struct member m;
	const struct policy *p;
	char today[CASE_DATE_LEN];
	struct screening_finding *old = NULL;
	size_t nold = 0;
	int rc;
	(void)a;
	memset(&x, 0, sizeof(x));
	memset(&m, 0, sizeof(m));
	*opened = 0;
	core_today(today);
	if ((rc = case_policy_at(db, today, &p, e)))
		return rc;
	enum db_qs qs = store_member_get(db, c->member_id, &m, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE) {
		fire(&x, "member_gone", "党员名册中已无该党员");
	} else {
		rule_member(db, c, &m, &x, e);
	}
	rule_exclusion(c, p, &x);
	if ((rc = rule_same_member(db, c, &x, e)) || (rc = household_cases(db, c, 0, &x, NULL, e)))
		goto out;
	rule_income(c, p, &x);
	if (qs == DB_ONE && (rc = rule_other_district(db, &m, &x, e)))
		goto out;
	if ((qs = store_finding_drop_open(db, c->id, e)) < 0 ||
	    (qs = store_finding_list(db, c->id, &old, &nold, e)) < 0) {
		rc = qs;
		goto out;
	}
	for (size_t i = 0; i < x.n; i++) {
		if (decided_before(old, nold, &x.items[i]))
			continue;
		struct screening_finding f;
		memset(&f, 0, sizeof(f));
		f.case_id = c->id;
		snprintf(f.rule, sizeof(f.rule), "%s", x.items[i].rule);
		snprintf(f.detail, sizeof(f.detail), "%s", x.items[i].detail);
		if ((qs = store_finding_insert(db, &f, e)) < 0) {
			rc = qs;
			goto out;
		}
		(*opened)++;
	}
out:
	free(old);
	member_release(&m);
	return rc;
}

int cw_findings_open(struct db *db, int64_t case_id, int *n, struct bf_err *e)
{
	int64_t k = 0;
	enum db_qs qs = store_finding_open_count(db, case_id, &k, e);
	*n = (int)k;
	return CORE_QS(qs);
}

int cw_household_aid(struct db *db, const struct aid_case *c, int *found, struct bf_err *e)
{
	*found = 0;
	return household_cases(db, c, 1, NULL, found, e);
}

/* ------------------------------------------------------------------ */
/* Reading and deciding findings                                      */

struct list_ctx {
	const struct actor *a;
	int64_t case_id;
	struct screening_finding **items;
	size_t *n;
};

static int list_fn(struct db *db, void *p, struct bf_err *e)
{
	struct list_ctx *x = p;
	struct aid_case *c = xcalloc(1, sizeof(*c));
	int rc = case_read_tx(db, x->a, x->case_id, c, e);
	free(c);
	if (rc)
		return rc;
	return CORE_QS(store_finding_list(db, x->case_id, x->items, x->n, e));
}

int screening_findings(struct core *c, const struct actor *a, int64_t case_id,
		       struct screening_finding **items, size_t *n, struct bf_err *e)
{
	struct list_ctx x = {a, case_id, items, n};
	*items = NULL;
	*n = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	return db_run_tx(c->db, "screening_findings", 0, list_fn, &x, e);
}

/* A finding of a case the actor may see (404 otherwise). */
static int finding_read(struct db *db, const struct actor *a, int64_t id,
			struct screening_finding *f, struct aid_case *c, struct bf_err *e)
{
	enum db_qs qs = store_finding_get(db, id, f, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE)
		return err_set(e, EC_NOT_FOUND, NULL, "筛查发现不存在");
	int rc = case_read_tx(db, a, f->case_id, c, e);
	if (rc == -1 && e->code == EC_NOT_FOUND)
		return err_set(e, EC_NOT_FOUND, NULL, "筛查发现不存在");
	return rc;
}

struct get_ctx {
	const struct actor *a;
	int64_t id;
	struct screening_finding *out;
};

static int get_fn(struct db *db, void *p, struct bf_err *e)
{
	struct get_ctx *x = p;
	struct aid_case *c = xcalloc(1, sizeof(*c));
	int rc = finding_read(db, x->a, x->id, x->out, c, e);
	free(c);
	return rc;
}

int screening_finding_get(struct core *c, const struct actor *a, int64_t id,
			  struct screening_finding *out, struct bf_err *e)
{
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	struct get_ctx x = {a, id, out};
	return db_run_tx(c->db, "screening_finding_get", 0, get_fn, &x, e);
}

struct decide_ctx {
	const struct actor *a;
	int64_t finding_id;
	int overrule;
	const char *reason;
	struct screening_finding *out;
};

static int decide_fn(struct db *db, void *p, struct bf_err *e)
{
	struct decide_ctx *x = p;
	struct aid_case *c = xcalloc(1, sizeof(*c));
	struct strbuf d = STRBUF_INIT;
	enum db_qs qs;
	int rc = finding_read(db, x->a, x->finding_id, x->out, c, e);
	if (rc)
		goto out;
	if (strcmp(x->out->state, "open")) {
		rc = err_set(e, EC_CONFLICT, "finding", "该筛查发现已经处理过（%s）",
			     !strcmp(x->out->state, "cleared") ? "已排除" : "组织部已裁定");
		goto out;
	}
	if (strcmp(c->state, "screening")) {
		rc = err_set(e, EC_CONFLICT, "finding", "案件不在筛查中，不能处理筛查发现");
		goto out;
	}
	snprintf(x->out->state, sizeof(x->out->state), "%s", x->overrule ? "overruled" : "cleared");
	snprintf(x->out->reason, sizeof(x->out->reason), "%s", x->reason);
	x->out->decided_by = x->a->user_id;
	x->out->decided_at = 0;
	qs = store_finding_decide(db, x->out, e);
	if (qs < 0 || qs == DB_NONE) {
		rc = qs < 0 ? (int)qs : err_set(e, EC_CONFLICT, "finding", CW_CONFLICT_MSG);
		goto out;
	}
	/* the finding keeps who, when and why; the audit log the act (the
	 * timeline's events are the procedure's, fixed by migration 0002) */
	strbuf_addf(&d, "\"finding\":%" PRId64 ",\"rule\":\"%s\",\"reason\":\"", x->out->id,
		    x->out->rule);
	core_json_text(&d, x->reason, 300);
	strbuf_adds(&d, "\"");
	rc = cw_audit_case(db, x->a, x->overrule ? "screening_overrule" : "screening_clear", c,
			   d.buf, e);
out:
	strbuf_release(&d);
	free(c);
	return rc;
}

int screening_finding_decide(struct core *c, const struct actor *a, int64_t finding_id,
			     int overrule, const char *reason, struct screening_finding *out,
			     struct bf_err *e)
{
	char why[TEXT_BYTES(TF_STEP_REASON_MAX)];
	enum wf_role role;
	if (core_need_write(a, overrule ? "裁定筛查发现" : "排除筛查发现", e) ||
	    cw_role(a, &role, e))
		return -1;
	if (overrule && role != WR_DEPARTMENT && role != WR_ADMIN)
		return err_set(e, EC_FORBIDDEN, NULL, "筛查发现的裁定须由组织部办理");
	if (!overrule && role != WR_COMMITTEE && role != WR_ADMIN)
		return err_set(e, EC_FORBIDDEN, NULL,
			       "筛查发现须由党(工)委写明理由排除，或由组织部裁定");
	snprintf(why, sizeof(why), "%s", reason ? reason : "");
	if (text_field(why, TF_STEP_REASON, 1, e))
		return -1;
	struct decide_ctx x = {a, finding_id, overrule, why, out};
	return db_run_tx(c->db, "screening_finding_decide", 1, decide_fn, &x, e);
}

/* ------------------------------------------------------------------ */
/* The household's cases of the year, for the case page's flag        */

struct hh_cases_ctx {
	const struct actor *a;
	int64_t case_id;
	struct household_case **items;
	size_t *n;
};

static int hh_cases_fn(struct db *db, void *p, struct bf_err *e)
{
	struct hh_cases_ctx *x = p;
	struct aid_case *c = xcalloc(1, sizeof(*c));
	struct household_link *links = NULL;
	size_t nl = 0, alloc = 0;
	int rc = case_read_tx(db, x->a, x->case_id, c, e);
	enum db_qs qs = DB_NONE;
	if (!rc && (qs = store_household_list(db, c->member_id, &links, &nl, e)) < 0)
		rc = qs;
	free(*x->items);
	*x->items = NULL;
	*x->n = 0;
	for (size_t i = 0; !rc && i < nl; i++) {
		struct aid_case *items = NULL;
		size_t n = 0;
		qs = store_case_member_year(db, links[i].relative_id, c->year, NULL, &items, &n, e);
		if (qs < 0) {
			rc = qs;
			break;
		}
		for (size_t k = 0; k < n; k++) {
			if (!strcmp(items[k].state, "rejected"))
				continue;
			if (*x->n == alloc) {
				alloc = alloc ? 2 * alloc : 8;
				*x->items = xreallocarray(*x->items, alloc, sizeof(**x->items));
			}
			struct household_case *h = &(*x->items)[(*x->n)++];
			memset(h, 0, sizeof(*h));
			h->member_id = links[i].relative_id;
			snprintf(h->member_name, sizeof(h->member_name), "%s",
				 links[i].relative_name);
			snprintf(h->relation, sizeof(h->relation), "%s", links[i].relation);
			h->case_id = items[k].id;
			snprintf(h->kind, sizeof(h->kind), "%s", items[k].kind);
			snprintf(h->state, sizeof(h->state), "%s", items[k].state);
			snprintf(h->org_name, sizeof(h->org_name), "%s", items[k].org_name);
			h->in_scope = access_in_scope(x->a, items[k].org_path);
		}
		free(items);
	}
	free(links);
	free(c);
	return rc;
}

int screening_case_household(struct core *c, const struct actor *a, int64_t case_id,
			     struct household_case **items, size_t *n, struct bf_err *e)
{
	*items = NULL;
	*n = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	struct hh_cases_ctx x = {a, case_id, items, n};
	int rc = db_run_tx(c->db, "screening_case_household", 0, hh_cases_fn, &x, e);
	if (rc) {
		free(*items);
		*items = NULL;
		*n = 0;
	}
	return rc;
}
