/* loans.c - start-up loans from the fund for 造血型 members (DOMAIN.md §4):
 * interest-free or low-interest, disbursed Dr loan / Cr bank|cash (an
 * asset lent out, not an expense), repaid on a monthly schedule (Dr
 * bank|cash / Cr loan for principal, interest credited to an income
 * account), overdue instalments on the to-do page.  The schedule is fixed
 * when the loan is made and stored, so a later change of rule does not
 * rewrite what the member signed.  Design: docs/internals/payments.md. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cases.h"
#include "core/common/common.h"
#include "store_cases.h"
#include "money.h"
#include "payments_impl.h"
#include "store.h"
#include "store_payments.h"

#define LOAN_MAX_MONTHS	 120
#define LOAN_MAX_RATE_BP 2000 /* 20% a year: "low-interest" ends well before */

void loan_release(struct loan *l)
{
	if (l) {
		free(l->inst);
		l->inst = NULL;
		l->ninst = 0;
	}
}

/* The income account interest goes to: the chart's loan_interest when the
 * ledger has it, else admin (行政经费) — see docs/internals/payments.md. */
static const char *interest_account(void)
{
	return ledger_chart_find("loan_interest") ? "loan_interest" : "admin";
}

/* start + k months, the day clamped to the month's end. */
static void add_months(const char *start, int k, char out[11])
{
	struct ymd d = core_ymd(start);
	int m0 = d.m - 1 + k;
	d.y += m0 / 12;
	d.m = m0 % 12 + 1;
	int dim = date_days_in_month(d.y, d.m);
	if (d.d > dim)
		d.d = dim;
	date_format(d, out);
}

int loan_schedule(const struct loan_input *in, struct loan_instalment *inst, size_t cap,
		  struct bf_err *e)
{
	if (in->principal <= 0)
		return err_set(e, EC_INVALID, "principal_fen", "借款本金须大于 0");
	if (in->principal > 100000000)
		return err_set(e, EC_INVALID, "principal_fen", "借款本金不能超过 100 万元");
	if (in->rate_bp < 0 || in->rate_bp > LOAN_MAX_RATE_BP)
		return err_set(e, EC_INVALID, "rate_bp",
			       "年利率须在 0 至 20%% 之间（以万分之一计）");
	if (in->months < 1 || in->months > LOAN_MAX_MONTHS || (size_t)in->months > cap)
		return err_set(e, EC_INVALID, "months", "还款期数须在 1 至 %d 个月之间",
			       LOAN_MAX_MONTHS);
	char start[CASE_DATE_LEN];
	if (core_date(in->start_on, start, 1, "start_on", "放款日期", e))
		return -1;
	int64_t base = in->principal / in->months, extra = in->principal % in->months;
	int64_t outstanding = in->principal;
	for (int k = 0; k < in->months; k++) {
		struct loan_instalment *i = &inst[k];
		memset(i, 0, sizeof(*i));
		i->no = k + 1;
		add_months(start, k + 1, i->due_on);
		i->principal = base + (k < extra ? 1 : 0);
		/* a month's interest on what is still owed, half up */
		i->interest = (outstanding * in->rate_bp + 60000) / 120000;
		outstanding -= i->principal;
	}
	return 0;
}

struct loan_ctx {
	struct core *c;
	const struct actor *a;
	struct loan_input in;
	struct loan *l;
	int64_t id, amount;
	char method[PAY_METHOD_MAX], date[11];
	struct loan **items;
	size_t *n;
	struct loan_overdue **od;
	const char *status; /* the list's filters: "" none */
	int overdue;
};

static int create_fn(struct db *db, void *p, struct bf_err *e)
{
	struct loan_ctx *x = p;
	struct org o;
	int rc = core_org_read(db, x->a, x->in.org_id, "org_id", &o, e);
	if (rc)
		return rc;
	struct member *m = xcalloc(1, sizeof(*m));
	enum db_qs qs = store_member_get(db, x->in.member_id, m, e);
	rc = qs < 0 ? qs : 0;
	if (!rc && (qs == DB_NONE || strncmp(m->org_path, o.path, strlen(o.path))))
		rc = err_set(e, EC_NOT_FOUND, "member_id", "党员不存在或不属于%s", o.name);
	char name[TEXT_BYTES(TF_MEMBER_NAME_MAX)];
	snprintf(name, sizeof(name), "%s", m->name);
	member_free(m);
	if (!rc && x->in.case_id) {
		struct aid_case *cs = xcalloc(1, sizeof(*cs));
		rc = case_read_tx(db, x->a, x->in.case_id, cs, e);
		if (!rc && cs->member_id != x->in.member_id)
			rc = err_set(e, EC_INVALID, "case_id", "该档案不是这名党员的");
		if (!rc && strcmp(cs->category, "capacity"))
			rc = err_set(e, EC_CONFLICT, "case_id",
				     "创业借款只借给造血型困难党员（该档案为其他类别）");
		free(cs);
	}
	struct fund f;
	if (!rc)
		rc = ledger_fund_ensure_tx(x->c, x->a, o.id, &f, e);
	if (!rc)
		rc = pay_date_funded(db, f.id, x->in.start_on, "start_on", "放款日期", e);
	if (rc)
		return rc;
	char memo[LEDGER_MEMO_MAX];
	snprintf(memo, sizeof(memo), "创业借款：%s，%d 期", name, x->in.months);
	struct ledger_posting post;
	if ((rc = pay_post2(x->c, x->a, f.id, "loan", "loan", x->in.method, x->in.principal,
			    x->in.start_on, memo, x->in.case_id, x->in.member_id, "", &post, e)))
		return rc;
	struct loan *l = x->l;
	memset(l, 0, sizeof(*l));
	l->org_id = o.id;
	l->fund_id = f.id;
	l->member_id = x->in.member_id;
	l->case_id = x->in.case_id;
	l->principal = x->in.principal;
	l->rate_bp = x->in.rate_bp;
	l->months = x->in.months;
	snprintf(l->start_on, sizeof(l->start_on), "%s", x->in.start_on);
	snprintf(l->purpose, sizeof(l->purpose), "%s", x->in.purpose);
	l->posting_id = post.id;
	l->created_by = x->a->user_id;
	if ((qs = store_loan_insert(db, l, e)) < 0)
		return qs;
	struct loan_instalment *inst = xcalloc(LOAN_MAX_MONTHS, sizeof(*inst));
	rc = loan_schedule(&x->in, inst, LOAN_MAX_MONTHS, e);
	for (int k = 0; !rc && k < x->in.months; k++)
		rc = CORE_QS(store_loan_instalment_put(db, l->id, &inst[k], 1, e));
	free(inst);
	char detail[160];
	snprintf(detail, sizeof(detail),
		 "{\"member_id\":%" PRId64 ",\"principal\":%" PRId64
		 ",\"rate_bp\":%d,\"months\":%d}",
		 l->member_id, l->principal, l->rate_bp, l->months);
	return rc ? rc : audit_record(db, x->a, "loan.create", "loan", l->id, detail, e);
}

int loan_create(struct core *c, const struct actor *a, const struct loan_input *in,
		struct loan *out, struct bf_err *e)
{
	struct loan local;
	struct loan_ctx x = {.c = c, .a = a, .in = *in, .l = out ? out : &local};
	if (core_need_write(a, "发放借款", e))
		return -1;
	if (!in->org_id)
		return err_set(e, EC_MISSING, "org_id", "请选择出借的组织");
	if (!in->member_id)
		return err_set(e, EC_MISSING, "member_id", "请选择借款党员");
	struct loan_instalment one[LOAN_MAX_MONTHS];
	if (pay_method_check(x.in.method, "method", e) ||
	    pay_date(in->start_on, x.in.start_on, "start_on", "放款日期", e) ||
	    text_field(x.in.purpose, TF_LOAN_PURPOSE, 1, e) ||
	    loan_schedule(&x.in, one, LOAN_MAX_MONTHS, e))
		return -1;
	int rc = db_run_tx(c->db, "loan_create", 1, create_fn, &x, e);
	if (!rc && out)
		rc = loan_get(c, a, x.l->id, out, e);
	return rc;
}

static void mark_overdue(struct loan *l)
{
	char today[CASE_DATE_LEN];
	core_today(today);
	for (size_t i = 0; i < l->ninst; i++)
		l->inst[i].overdue = !*l->inst[i].paid_on && strcmp(l->inst[i].due_on, today) < 0;
}

static int loan_read(struct db *db, const struct actor *a, int64_t id, struct loan *out,
		     struct bf_err *e)
{
	enum db_qs qs = store_loan_get(db, id, out, e);
	if (qs < 0)
		return qs;
	/* seen by the lender's subtree and by the member's organisation */
	if (qs == DB_NONE ||
	    (!access_in_scope(a, out->org_path) && !access_in_scope(a, out->member_path))) {
		loan_release(out);
		return err_set(e, EC_NOT_FOUND, "id", "借款不存在");
	}
	mark_overdue(out);
	return 0;
}

static int get_fn(struct db *db, void *p, struct bf_err *e)
{
	struct loan_ctx *x = p;
	loan_release(x->l);
	return loan_read(db, x->a, x->id, x->l, e);
}

int loan_get(struct core *c, const struct actor *a, int64_t id, struct loan *out, struct bf_err *e)
{
	struct loan_ctx x = {.c = c, .a = a, .l = out, .id = id};
	memset(out, 0, sizeof(*out));
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	return db_run_tx(c->db, "loan_get", 0, get_fn, &x, e);
}

static int list_fn(struct db *db, void *p, struct bf_err *e)
{
	struct loan_ctx *x = p;
	char today[CASE_DATE_LEN] = "";
	if (x->overdue)
		core_today(today); /* overdue: an instalment due before today (overdue_fn) */
	return CORE_QS(store_loan_list(db, x->a->org_path, x->status, today, x->items, x->n, e));
}

int loan_list(struct core *c, const struct actor *a, const char *status, int overdue,
	      struct loan **items, size_t *n, struct bf_err *e)
{
	static const char *const statuses[] = {"active", "repaid", NULL};
	struct loan_ctx x = {.c = c,
			     .a = a,
			     .items = items,
			     .n = n,
			     .status = status ? status : "",
			     .overdue = overdue};
	*items = NULL;
	*n = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	if (*x.status && !core_one_of(x.status, statuses))
		return err_set(e, EC_INVALID, "status",
			       "状态应为 还款中（active）或已还清（repaid）");
	return db_run_tx(c->db, "loan_list", 0, list_fn, &x, e);
}

/* Spreads amount over the unpaid instalments: each one's interest, then
 * its principal, oldest first.  *principal / *interest get the split. */
static void apply_repayment(struct loan *l, int64_t amount, const char *date, int64_t *principal,
			    int64_t *interest)
{
	*principal = *interest = 0;
	for (size_t i = 0; amount > 0 && i < l->ninst; i++) {
		struct loan_instalment *in = &l->inst[i];
		int64_t di = in->interest - in->paid_interest;
		int64_t take = di < amount ? di : amount;
		in->paid_interest += take;
		*interest += take;
		amount -= take;
		int64_t dp = in->principal - in->paid_principal;
		take = dp < amount ? dp : amount;
		in->paid_principal += take;
		*principal += take;
		amount -= take;
		if (in->paid_interest == in->interest && in->paid_principal == in->principal &&
		    !*in->paid_on)
			snprintf(in->paid_on, sizeof(in->paid_on), "%s", date);
	}
}

static int repay_fn(struct db *db, void *p, struct bf_err *e)
{
	struct loan_ctx *x = p;
	struct loan *l = x->l;
	loan_release(l);
	enum db_qs lq = store_pay_lock(db, "loan", x->id, e);
	if (lq < 0)
		return lq;
	int rc = loan_read(db, x->a, x->id, l, e);
	if (rc)
		return rc;
	int64_t owed = 0;
	for (size_t i = 0; i < l->ninst; i++)
		owed += l->inst[i].principal + l->inst[i].interest - l->inst[i].paid_principal -
			l->inst[i].paid_interest;
	/* an early date is named before a loan already repaid */
	if (owed == 0 && strcmp(x->date, l->start_on) >= 0)
		return err_set(e, EC_CONFLICT, "amount_fen", "该笔借款已还清");
	if (pay_repayment_fits(x->amount, owed, x->date, l->start_on, "放款日期", e))
		return -1;
	int64_t pr, in;
	apply_repayment(l, x->amount, x->date, &pr, &in);
	struct ledger_line lines[3];
	size_t nl = 0;
	lines[nl++] = (struct ledger_line){"", 0, x->amount};
	snprintf(lines[0].account, sizeof(lines[0].account), "%s", x->method);
	if (pr) {
		lines[nl] = (struct ledger_line){"loan", 0, -pr};
		nl++;
	}
	if (in) {
		lines[nl] = (struct ledger_line){"", 0, -in};
		snprintf(lines[nl].account, sizeof(lines[nl].account), "%s", interest_account());
		nl++;
	}
	struct ledger_posting post;
	memset(&post, 0, sizeof(post));
	post.fund_id = l->fund_id;
	snprintf(post.kind, sizeof(post.kind), "loan_repayment");
	snprintf(post.value_date, sizeof(post.value_date), "%s", x->date);
	snprintf(post.memo, sizeof(post.memo), "借款还款：%s", l->member_name);
	post.case_id = l->case_id;
	post.member_id = l->member_id;
	snprintf(post.batch_ref, sizeof(post.batch_ref), "loan-%" PRId64, l->id);
	post.lines = lines;
	post.nlines = nl;
	struct actor via;
	if ((rc = pay_actor_at_fund(db, x->a, l->fund_id, &via, e)))
		return rc;
	int prc = ledger_post(x->c, &via, &post, LEDGER_NO_AUDIT, e);
	if (prc)
		return pay_ledger_failed(db, l->fund_id, prc, e);
	for (size_t i = 0; !rc && i < l->ninst; i++)
		rc = CORE_QS(store_loan_instalment_put(db, l->id, &l->inst[i], 0, e));
	l->repaid_principal += pr;
	l->repaid_interest += in;
	snprintf(l->status, sizeof(l->status), "%s", owed == x->amount ? "repaid" : "active");
	if (!rc)
		rc = CORE_QS(store_loan_set_repaid(db, l, e));
	if (!rc)
		rc = CORE_QS(store_loan_repayment_insert(db, l->id, x->amount, pr, in, x->date,
							 post.id, x->a->user_id, e));
	char detail[128];
	snprintf(detail, sizeof(detail),
		 "{\"amount\":%" PRId64 ",\"principal\":%" PRId64 ",\"interest\":%" PRId64 "}",
		 x->amount, pr, in);
	mark_overdue(l);
	return rc ? rc : audit_record(db, x->a, "loan.repay", "loan", l->id, detail, e);
}

int loan_repay(struct core *c, const struct actor *a, int64_t id, int64_t amount,
	       const char *method, const char *date, struct loan *out, struct bf_err *e)
{
	struct loan local;
	memset(&local, 0, sizeof(local));
	struct loan_ctx x = {.c = c, .a = a, .l = out ? out : &local, .id = id, .amount = amount};
	memset(x.l, 0, sizeof(*x.l));
	if (core_need_write(a, "登记还款", e))
		return -1;
	if (pay_repayment_input(amount, method, x.method, date, x.date, e))
		return -1;
	int rc = db_run_tx(c->db, "loan_repay", 1, repay_fn, &x, e);
	if (rc || !out)
		loan_release(x.l);
	return rc;
}

static int overdue_fn(struct db *db, void *p, struct bf_err *e)
{
	struct loan_ctx *x = p;
	char today[CASE_DATE_LEN];
	core_today(today);
	return CORE_QS(store_loan_overdue(db, x->a->org_path, today, x->od, x->n, e));
}

int loan_overdue_list(struct core *c, const struct actor *a, struct loan_overdue **items, size_t *n,
		      struct bf_err *e)
{
	struct loan_ctx x = {.c = c, .a = a, .n = n, .od = items};
	*items = NULL;
	*n = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	return db_run_tx(c->db, "loan_overdue_list", 0, overdue_fn, &x, e);
}
