/* payments.c - payment batches (资金拨发, DOMAIN.md §3 step 11): the cases
 * of a committee's subtree that are ready (screened; or approved and paid
 * first), each split by the policy's cost sharing between the funds of the
 * levels on its path, the allocations down the tree, and the payments,
 * posted with the procedure's "pay" step in one transaction.  Receipts and
 * gifts on visits are here too.  Design: docs/internals/payments.md. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cases.h"
#include "money.h"
#include "core/common/common.h"
#include "store_cases.h"
#include "payments_impl.h"
#include "store.h"
#include "store_ledger.h"
#include "store_payments.h"
#include "utf8.h"

void pay_batch_release(struct pay_batch *b)
{
	if (b) {
		free(b->lines);
		b->lines = NULL;
		b->nlines = 0;
		free(b->shorts);
		b->shorts = NULL;
		b->nshort = 0;
	}
}

/* --- the plan of a batch ------------------------------------------------ */

/* The orgs of a batch, read once. */
struct org_cache {
	struct org *items;
	size_t n, cap;
};

static int org_cached(struct db *db, struct org_cache *oc, int64_t id, const struct org **out,
		      struct bf_err *e)
{
	for (size_t i = 0; i < oc->n; i++)
		if (oc->items[i].id == id) {
			*out = &oc->items[i];
			return 0;
		}
	if (oc->n == oc->cap) {
		oc->cap = oc->cap ? oc->cap * 2 : 16;
		oc->items = xrealloc(oc->items, oc->cap * sizeof(*oc->items));
	}
	enum db_qs qs = store_org_get(db, id, &oc->items[oc->n], e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE)
		return err_set(e, EC_NOT_FOUND, "org_id", "组织 %" PRId64 " 不存在", id);
	*out = &oc->items[oc->n++];
	return 0;
}

/* The ids of a path "/1/4/17/" root first; how many. */
static size_t path_ids(const char *path, int64_t *ids, size_t cap)
{
	size_t n = 0;
	for (const char *p = path; *p && n < cap;) {
		if (*p == '/') {
			p++;
			continue;
		}
		char *end;
		long long v = strtoll(p, &end, 10);
		if (end == p)
			break;
		ids[n++] = v;
		p = end;
	}
	return n;
}

/* Which org's fund bears a level's share of case cs (see the header of
 * docs/internals/payments.md): the committee's for the department and the
 * committee levels, else the org of that kind on the case's path below the
 * committee, else the case's own org. */
static int share_org(struct db *db, struct org_cache *oc, const struct org *committee,
		     const struct aid_case *cs, const char *level, const struct org **out,
		     struct bf_err *e)
{
	if (!strcmp(level, ORG_DEPARTMENT) || !strcmp(level, ORG_COMMITTEE))
		return org_cached(db, oc, committee->id, out, e);
	int64_t ids[32];
	size_t n = path_ids(cs->org_path, ids, 32);
	int below = 0;
	for (size_t i = 0; i < n; i++) {
		const struct org *o;
		if (ids[i] == committee->id) {
			below = 1;
			continue;
		}
		if (!below)
			continue;
		int rc = org_cached(db, oc, ids[i], &o, e);
		if (rc)
			return rc;
		if (!strcmp(o->kind, level)) {
			*out = o;
			return 0;
		}
	}
	return org_cached(db, oc, cs->org_id, out, e);
}

static int add_alloc(struct pay_batch *b, const struct org *from, const struct org *to,
		     int64_t amount, struct bf_err *e)
{
	if (amount <= 0)
		return 0;
	for (size_t i = 0; i < b->nallocs; i++)
		if (b->allocs[i].from_org_id == from->id && b->allocs[i].to_org_id == to->id) {
			b->allocs[i].amount += amount;
			return 0;
		}
	if (b->nallocs == PAY_MAX_ALLOCS) /* the organisations the cases are in decide */
		return err_set(e, EC_INVALID, "case_ids",
			       "一个批次的资金最多拨付给 %d 个组织，请按支部分批（列出案件编号）",
			       PAY_MAX_ALLOCS - 1);
	struct pay_allocation *al = &b->allocs[b->nallocs++];
	al->from_org_id = from->id;
	al->to_org_id = to->id;
	snprintf(al->from_name, sizeof(al->from_name), "%s", from->name);
	snprintf(al->to_name, sizeof(al->to_name), "%s", to->name);
	al->amount = amount;
	return 0;
}

/* Splits a case's amount and records who bears what, merging levels that
 * fall on the same org; returns the department's share (0 none). */
static int plan_line(struct db *db, struct org_cache *oc, const struct policy *p,
		     const struct org *committee, const struct aid_case *cs, struct pay_line *ln,
		     int64_t *dept_part, struct bf_err *e)
{
	int bp[POLICY_MAX_SHARES];
	int64_t parts[POLICY_MAX_SHARES];
	for (size_t i = 0; i < p->nshares; i++)
		bp[i] = p->shares[i].share_bp;
	if (pay_split(ln->amount, bp, p->nshares, parts))
		return err_set(e, EC_INVALID, "cost_sharing", "政策中各级分担比例之和不是 100%%");
	*dept_part = 0;
	for (size_t i = 0; i < p->nshares; i++) {
		const struct org *o;
		int rc = share_org(db, oc, committee, cs, p->shares[i].level, &o, e);
		if (rc)
			return rc;
		if (!strcmp(p->shares[i].level, ORG_DEPARTMENT))
			*dept_part += parts[i];
		size_t k = 0;
		while (k < ln->nshares && ln->shares[k].org_id != o->id)
			k++;
		if (k == ln->nshares) {
			struct pay_share *s = &ln->shares[ln->nshares++];
			memset(s, 0, sizeof(*s));
			snprintf(s->level, sizeof(s->level), "%s", o->kind);
			s->org_id = o->id;
			snprintf(s->org_name, sizeof(s->org_name), "%s", o->name);
		}
		ln->shares[k].amount += parts[i];
	}
	return 0;
}

/* The department: the root of the committee's path. */
static int department_of(struct db *db, struct org_cache *oc, const struct org *committee,
			 const struct org **out, struct bf_err *e)
{
	int64_t ids[32];
	if (path_ids(committee->path, ids, 32) == 0)
		return err_set(e, EC_INTERNAL, "org_id", "组织路径有误");
	return org_cached(db, oc, ids[0], out, e);
}

/* Allocations down the tree for the whole batch. */
static int plan_allocs(struct db *db, struct org_cache *oc, struct pay_batch *b,
		       const struct org *committee, const int64_t *dept_parts, struct bf_err *e)
{
	const struct org *dept;
	int rc = department_of(db, oc, committee, &dept, e);
	if (rc)
		return rc;
	int by_department = !strcmp(b->payer, "department");
	for (size_t i = 0; i < b->nlines; i++) {
		const struct pay_line *ln = &b->lines[i];
		if (ln->already_paid)
			continue;
		int64_t to_committee = dept_parts[i];
		for (size_t k = 0; by_department && k < ln->nshares; k++) {
			const struct pay_share *s = &ln->shares[k];
			if (s->org_id == committee->id) {
				to_committee += s->amount - dept_parts[i];
				continue;
			}
			const struct org *low;
			if ((rc = org_cached(db, oc, s->org_id, &low, e)))
				return rc;
			to_committee += s->amount;
			if ((rc = add_alloc(b, committee, low, s->amount, e)))
				return rc;
		}
		if ((rc = add_alloc(b, dept, committee, to_committee, e)))
			return rc;
	}
	/* the department's allocation first: the committee passes it on */
	for (size_t i = 1; i < b->nallocs; i++)
		if (b->allocs[i].from_org_id == dept->id) {
			struct pay_allocation t = b->allocs[0];
			b->allocs[0] = b->allocs[i];
			b->allocs[i] = t;
		}
	return 0;
}

/* A case named by the caller: in the committee's subtree and ready. */
static int check_ready(struct db *db, const struct actor *a, const struct org *committee,
		       int64_t id, struct aid_case *cs, struct bf_err *e)
{
	int rc = case_read_tx(db, a, id, cs, e);
	if (rc)
		return rc;
	if (strncmp(cs->org_path, committee->path, strlen(committee->path)) != 0)
		return err_set(e, EC_INVALID, "case_ids", "档案 %" PRId64 "（%s）不属于%s", id,
			       cs->member_name, committee->name);
	if (!strcmp(cs->state, "screened"))
		return 0;
	/* 先发后补: paid before (or while) its screening */
	if ((!strcmp(cs->state, "approved") || !strcmp(cs->state, "screening")) && cs->pay_first)
		return 0;
	if (!strcmp(cs->state, "paid") || !strcmp(cs->state, "verified"))
		return err_set(e, EC_CONFLICT, "case_ids", "档案 %" PRId64 "（%s）已经发放过", id,
			       cs->member_name);
	return err_set(e, EC_CONFLICT, "case_ids",
		       "档案 %" PRId64
		       "（%s）尚未通过程序筛查，不能发放（先发后补的突发事故救助除外）",
		       id, cs->member_name);
}

struct plan_ctx {
	const struct actor *a;
	const struct pay_batch_input *in;
	struct pay_batch *b;
	struct org_cache oc;
	struct aid_case *cases; /* b->nlines of them */
	const struct policy *policy;
	int confirm;
};

static void plan_reset(struct plan_ctx *x)
{
	pay_batch_release(x->b);
	memset(x->b, 0, sizeof(*x->b));
	free(x->oc.items);
	memset(&x->oc, 0, sizeof(x->oc));
	free(x->cases);
	x->cases = NULL;
}

static int read_cases(struct db *db, struct plan_ctx *x, const struct org *committee,
		      struct bf_err *e)
{
	size_t n = 0;
	if (x->in->ncases) {
		x->cases = xcalloc(x->in->ncases, sizeof(*x->cases));
		for (; n < x->in->ncases; n++) {
			int rc =
			    check_ready(db, x->a, committee, x->in->case_ids[n], &x->cases[n], e);
			if (rc)
				return rc;
			for (size_t j = 0; j < n; j++)
				if (x->cases[j].id == x->cases[n].id)
					return err_set(e, EC_INVALID, "case_ids",
						       "档案 %" PRId64 " 重复", x->cases[n].id);
		}
	} else {
		enum db_qs qs = store_pay_ready_cases(db, committee->path, &x->cases, &n, e);
		if (qs < 0)
			return qs;
	}
	if (n == 0)
		return err_set(e, EC_CONFLICT, "case_ids", "%s没有可发放的案件（须已通过程序筛查）",
			       committee->name);
	if (n > PAY_BATCH_MAX)
		return err_set(e, EC_INVALID, "case_ids",
			       "一个批次最多发放 %d 个案件，请按支部分批（列出案件编号）",
			       PAY_BATCH_MAX);
	x->b->nlines = n;
	x->b->lines = xcalloc(n, sizeof(*x->b->lines));
	return 0;
}

static int fill_line(struct db *db, struct plan_ctx *x, const struct aid_case *cs,
		     struct pay_line *ln, struct bf_err *e)
{
	memset(ln, 0, sizeof(*ln));
	ln->case_id = cs->id;
	ln->member_id = cs->member_id;
	snprintf(ln->member_name, sizeof(ln->member_name), "%s", cs->member_name);
	ln->org_id = cs->org_id;
	snprintf(ln->org_name, sizeof(ln->org_name), "%s", cs->org_name);
	snprintf(ln->kind, sizeof(ln->kind), "%s", cs->kind);
	snprintf(ln->state, sizeof(ln->state), "%s", cs->state);
	ln->pay_first = cs->pay_first;
	ln->amount = cs->approved_fen;
	if (ln->amount <= 0)
		return err_set(e, EC_CONFLICT, "case_ids", "档案 %" PRId64 "（%s）没有审批金额",
			       cs->id, cs->member_name);
	struct payment *old = xcalloc(1, sizeof(*old));
	enum db_qs qs = store_payment_of_case(db, cs->id, old, e);
	free(old);
	if (qs < 0)
		return qs;
	ln->already_paid = qs == DB_ONE;
	return 0;
}

static int plan(struct db *db, struct plan_ctx *x, struct bf_err *e)
{
	plan_reset(x);
	const struct pay_batch_input *in = x->in;
	struct pay_batch *b = x->b;
	struct org committee;
	int rc = core_org_read(db, x->a, in->org_id, "org_id", &committee, e);
	if (rc)
		return rc;
	if (strcmp(committee.kind, ORG_COMMITTEE))
		return err_set(e, EC_INVALID, "org_id", "发放批次按党(工)委办理：%s不是党(工)委",
			       committee.name);
	b->org_id = committee.id;
	snprintf(b->org_name, sizeof(b->org_name), "%s", committee.name);
	int dept_actor = !strcmp(x->a->role, "department") || !strcmp(x->a->role, "admin");
	snprintf(b->payer, sizeof(b->payer), "%s",
		 *in->payer   ? in->payer
		 : dept_actor ? "department"
			      : "committee");
	if (strcmp(b->payer, "department") && strcmp(b->payer, "committee"))
		return err_set(
		    e, EC_INVALID, "payer",
		    "资金来源只能是组织部拨付（department）或党(工)委自有资金（committee）");
	if (!strcmp(b->payer, "department") && !dept_actor)
		return err_set(e, EC_FORBIDDEN, "payer", "只有组织部可以拨付资金");
	/* "" today; money paid tomorrow is not paid yet */
	if (pay_date(in->value_date, b->value_date, "value_date", "发放日期", e))
		return -1;
	snprintf(b->method, sizeof(b->method), "%s", in->method);
	if (pay_method_check(b->method, "method", e))
		return -1;
	snprintf(b->memo, sizeof(b->memo), "%s", in->memo);
	if (text_field(b->memo, TF_LEDGER_MEMO, 0, e))
		return -1;
	if ((rc = case_policy_at(db, b->value_date, &x->policy, e)))
		return rc;
	b->policy_version = x->policy->version;
	if ((rc = read_cases(db, x, &committee, e)))
		return rc;
	int64_t *dept_parts = xcalloc(b->nlines, sizeof(int64_t));
	for (size_t i = 0; !rc && i < b->nlines; i++) {
		rc = fill_line(db, x, &x->cases[i], &b->lines[i], e);
		if (!rc && !b->lines[i].already_paid)
			rc = plan_line(db, &x->oc, x->policy, &committee, &x->cases[i],
				       &b->lines[i], &dept_parts[i], e);
		if (rc && rc == -1 && x->in->ncases == 0)
			case_name_err(e, &x->cases[i]);
		if (!rc && !b->lines[i].already_paid) {
			b->total += b->lines[i].amount;
			b->count++;
		}
	}
	if (!rc && b->count == 0) /* every case listed was paid before */
		rc = err_set(e, EC_PAY_BATCH_EMPTY, "case_ids",
			     "所列案件的资金均已发放，没有需要发放的案件，不生成 0 件、0.00 "
			     "元的空批次");
	if (!rc)
		rc = plan_allocs(db, &x->oc, b, &committee, dept_parts, e);
	free(dept_parts);
	return rc;
}

static int preview_fn(struct db *db, void *p, struct bf_err *e)
{
	struct plan_ctx *x = p;
	int rc = plan(db, x, e);
	if (rc)
		return rc;
	x->b->advance_allowed = x->policy->advance_allowed;
	return pay_plan_shortfalls(db, x->b, e);
}

static int need_payer_role(const struct actor *a, struct bf_err *e)
{
	if (strcmp(a->role, "department") && strcmp(a->role, "admin") &&
	    strcmp(a->role, "committee"))
		return err_set(e, EC_FORBIDDEN, NULL, "资金拨发须由组织部或党(工)委办理");
	return 0;
}

int pay_batch_preview(struct core *c, const struct actor *a, const struct pay_batch_input *in,
		      struct pay_batch *out, struct bf_err *e)
{
	struct plan_ctx x = {.a = a, .in = in, .b = out};
	memset(out, 0, sizeof(*out));
	if (need_payer_role(a, e))
		return -1;
	int rc = db_run_tx(c->db, "pay_batch_preview", 0, preview_fn, &x, e);
	free(x.oc.items);
	free(x.cases);
	if (rc)
		pay_batch_release(out);
	return rc;
}

/* --- confirm ------------------------------------------------------------- */

static void lines_json(const struct pay_batch *b, struct strbuf *sb)
{
	strbuf_adds(sb, "[");
	for (size_t i = 0; i < b->nlines; i++) {
		const struct pay_line *ln = &b->lines[i];
		strbuf_addf(sb,
			    "%s{\"case_id\":%" PRId64 ",\"amount\":%" PRId64
			    ",\"already_paid\":%d,\"pay_first\":%d,\"state\":\"%s\"}",
			    i ? "," : "", ln->case_id, ln->amount, ln->already_paid, ln->pay_first,
			    ln->state);
	}
	strbuf_adds(sb, "]");
}

static void shares_json(const struct pay_line *ln, char *out, size_t cap)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "[");
	for (size_t k = 0; k < ln->nshares; k++)
		strbuf_addf(&sb,
			    "%s{\"level\":\"%s\",\"org_id\":%" PRId64 ",\"amount_fen\":%" PRId64
			    ",\"posting_id\":%" PRId64 "}",
			    k ? "," : "", ln->shares[k].level, ln->shares[k].org_id,
			    ln->shares[k].amount, ln->shares[k].posting_id);
	strbuf_adds(&sb, "]");
	snprintf(out, cap, "%s", sb.buf ? sb.buf : "[]");
	strbuf_release(&sb);
}

static int post_allocs(struct core *c, struct db *db, const struct actor *a, struct pay_batch *b,
		       const char *ref, unsigned flags, struct bf_err *e)
{
	for (size_t i = 0; i < b->nallocs; i++) {
		struct fund from;
		int rc = ledger_fund_ensure_tx(c, a, b->allocs[i].from_org_id, &from, e);
		if (rc)
			return rc;
		struct ledger_posting t;
		memset(&t, 0, sizeof(t));
		snprintf(t.value_date, sizeof(t.value_date), "%s", b->value_date);
		snprintf(t.batch_ref, sizeof(t.batch_ref), "%s", ref);
		/* the memo is read by people: the batch in words, not its reference */
		snprintf(t.memo, sizeof(t.memo), "帮扶资金拨付：%s（拨付第 %s 批）",
			 b->allocs[i].to_name, ref + strlen("pay-"));
		rc = ledger_allocate(c, a, from.id, b->allocs[i].to_org_id, b->allocs[i].amount, &t,
				     flags, NULL, NULL, e);
		if (rc)
			return pay_ledger_failed(db, from.id, rc, e);
	}
	return 0;
}

static int post_line(struct core *c, struct db *db, const struct actor *a, struct pay_batch *b,
		     struct pay_line *ln, const struct aid_case *cs, const char *ref,
		     unsigned flags, struct bf_err *e)
{
	for (size_t k = 0; k < ln->nshares; k++) {
		struct pay_share *s = &ln->shares[k];
		if (s->amount == 0)
			continue;
		struct fund f;
		int rc = ledger_fund_ensure_tx(c, a, s->org_id, &f, e);
		if (rc)
			return rc;
		struct ledger_line lines[2] = {{"", 0, s->amount}, {"", 0, -s->amount}};
		snprintf(lines[0].account, sizeof(lines[0].account), "%s",
			 strcmp(ln->kind, "emergency") ? "yearly_aid" : "emergency_aid");
		snprintf(lines[1].account, sizeof(lines[1].account), "%s", b->method);
		struct ledger_posting p;
		memset(&p, 0, sizeof(p));
		p.fund_id = f.id;
		snprintf(p.value_date, sizeof(p.value_date), "%s", b->value_date);
		snprintf(p.kind, sizeof(p.kind), "payment");
		if (strcmp(ln->kind, "emergency"))
			snprintf(p.memo, sizeof(p.memo), "%d 年度生活困难帮扶：%s", cs->year,
				 ln->member_name);
		else
			snprintf(p.memo, sizeof(p.memo), "突发事故救助%s：%s",
				 ln->pay_first ? "（先发后补）" : "", ln->member_name);
		p.case_id = ln->case_id;
		p.member_id = ln->member_id;
		snprintf(p.batch_ref, sizeof(p.batch_ref), "%s", ref);
		p.lines = lines;
		p.nlines = 2;
		rc = ledger_post(c, a, &p, flags | LEDGER_NO_AUDIT, e);
		if (rc)
			return pay_ledger_failed(db, f.id, rc, e);
		s->posting_id = p.id;
	}
	return 0;
}

/* The case's side: screened → paid through the procedure; a pay-first
 * case still waiting for its screening (approved, or in screening) gets a
 * timeline row only: passing the screening then makes it paid (the
 * workflow's screen_pass of a paid case), with no batch. */
static int move_case(struct db *db, const struct actor *a, struct aid_case *cs,
		     const struct pay_line *ln, int64_t payment_id, struct bf_err *e)
{
	char detail[160];
	snprintf(detail, sizeof(detail), "{\"payment_id\":%" PRId64 ",\"amount\":%" PRId64 "}",
		 payment_id, ln->amount);
	if (!strcmp(cs->state, "screened")) {
		struct case_step_input *in = xcalloc(1, sizeof(*in));
		case_step_input_init(in);
		int rc = case_step_tx(db, a, cs, EV_PAY, in, e);
		free(in);
		if (rc == -1)
			case_name_err(e, cs);
		return rc;
	}
	return case_event_tx(db, a, cs, "pay", cs->state, cs->state, cs->policy_version,
			     "先发后补：资金已先行发放，手续待补齐", detail, e);
}

struct confirm_ctx {
	struct plan_ctx plan;
	struct core *core;
};

static int insert_payment(struct db *db, struct pay_batch *b, struct pay_line *ln,
			  struct payment *pm, struct bf_err *e)
{
	memset(pm, 0, sizeof(*pm));
	pm->batch_id = b->id;
	pm->case_id = ln->case_id;
	pm->member_id = ln->member_id;
	pm->org_id = ln->org_id;
	pm->amount = ln->amount;
	pm->pay_first = ln->pay_first;
	snprintf(pm->value_date, sizeof(pm->value_date), "%s", b->value_date);
	shares_json(ln, pm->shares_json, sizeof(pm->shares_json));
	enum db_qs qs = store_payment_insert(db, pm, e);
	if (qs == DB_NONE)
		return err_set(e, EC_CONFLICT, "case_ids", "档案 %" PRId64 "（%s）已经发放过",
			       ln->case_id, ln->member_name);
	return CORE_QS(qs);
}

static int confirm_tx(struct db *db, void *p, struct bf_err *e)
{
	struct confirm_ctx *cx = p;
	struct plan_ctx *x = &cx->plan;
	int rc = plan(db, x, e);
	if (rc)
		return rc;
	struct pay_batch *b = x->b;
	b->created_by = x->a->user_id;
	struct strbuf lj = STRBUF_INIT;
	lines_json(b, &lj);
	enum db_qs qs = store_pay_batch_insert(db, b, lj.buf, e);
	strbuf_release(&lj);
	if (qs < 0)
		return qs;
	char ref[64];
	snprintf(ref, sizeof(ref), "pay-%" PRId64, b->id);
	/* the policy may let a level pay ahead of the upper level's money */
	unsigned flags = LEDGER_NO_AUDIT | (x->policy->advance_allowed ? LEDGER_ALLOW_ADVANCE : 0);
	if ((rc = post_allocs(cx->core, db, x->a, b, ref, flags, e)))
		return rc;
	struct payment *pm = xcalloc(1, sizeof(*pm));
	for (size_t i = 0; !rc && i < b->nlines; i++) {
		struct pay_line *ln = &b->lines[i];
		int64_t pid = 0;
		if (!ln->already_paid) {
			rc = post_line(cx->core, db, x->a, b, ln, &x->cases[i], ref, flags, e);
			if (!rc)
				rc = insert_payment(db, b, ln, pm, e);
			pid = pm->id;
		}
		if (!rc)
			rc = move_case(db, x->a, &x->cases[i], ln, pid, e);
	}
	free(pm);
	if (rc)
		return rc;
	char detail[256];
	snprintf(detail, sizeof(detail),
		 "{\"org_id\":%" PRId64 ",\"payer\":\"%s\",\"count\":%" PRId64 ",\"total\":%" PRId64
		 ",\"value_date\":\"%s\"}",
		 b->org_id, b->payer, b->count, b->total, b->value_date);
	return audit_record(db, x->a, "pay.batch", "pay_batch", b->id, detail, e);
}

int pay_batch_confirm(struct core *c, const struct actor *a, const struct pay_batch_input *in,
		      struct pay_batch *out, struct bf_err *e)
{
	struct pay_batch local;
	struct confirm_ctx cx = {{a, in, out ? out : &local, {0}, NULL, NULL, 1}, c};
	memset(cx.plan.b, 0, sizeof(*cx.plan.b));
	if (need_payer_role(a, e))
		return -1;
	int rc = db_run_tx(c->db, "pay_batch_confirm", 1, confirm_tx, &cx, e);
	free(cx.plan.oc.items);
	free(cx.plan.cases);
	if (rc || !out)
		pay_batch_release(cx.plan.b);
	return rc;
}

/* The committee above a case: the org of kind committee on its path. */
struct committee_ctx {
	const struct actor *a;
	int64_t case_id;
	int64_t committee_id; /* out */
};

static int committee_of_fn(struct db *db, void *p, struct bf_err *e)
{
	struct committee_ctx *x = p;
	struct aid_case *cs = xcalloc(1, sizeof(*cs));
	int rc = case_read_tx(db, x->a, x->case_id, cs, e);
	int64_t ids[32];
	size_t n = rc ? 0 : path_ids(cs->org_path, ids, 32);
	free(cs);
	x->committee_id = 0;
	for (size_t i = 0; !rc && i < n && !x->committee_id; i++) {
		struct org o;
		enum db_qs qs = store_org_get(db, ids[i], &o, e);
		if (qs < 0)
			return qs;
		if (qs == DB_ONE && !strcmp(o.kind, ORG_COMMITTEE))
			x->committee_id = o.id;
	}
	if (!rc && !x->committee_id)
		rc = err_set(e, EC_CONFLICT, "case_id", "该案件不在任何党(工)委之下，无法发放");
	return rc;
}

int pay_case_now(struct core *c, const struct actor *a, int64_t case_id, const char *payer,
		 const char *value_date, const char *method, struct pay_batch *out,
		 struct bf_err *e)
{
	struct committee_ctx x = {.a = a, .case_id = case_id};
	if (need_payer_role(a, e) || db_run_tx(c->db, "pay_case_now", 0, committee_of_fn, &x, e))
		return -1;
	struct pay_batch_input in;
	memset(&in, 0, sizeof(in));
	in.org_id = x.committee_id;
	in.case_ids = &case_id;
	in.ncases = 1;
	snprintf(in.payer, sizeof(in.payer), "%s", payer ? payer : "");
	snprintf(in.value_date, sizeof(in.value_date), "%s", value_date ? value_date : "");
	snprintf(in.method, sizeof(in.method), "%s", method ? method : "");
	return pay_batch_confirm(c, a, &in, out, e);
}
