/* demo_cases.c - the demo's aid procedure and fund: last year's round
 * closed and paid, this year's round with cases in every state, a notice
 * with objections, emergencies paid first, a screening batch with its
 * findings and a household link, fund income, a payment batch
 * with some receipts, a loan and a recovery.  Everything goes through the
 * core APIs as the demo accounts, each step on its own working day, so the
 * timelines and the ledger read like real work. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cases.h"
#include "date.h"
#include "demo_cases.h"
#include "fund.h"
#include "wrapper.h"

#define COPY(dst, src) snprintf((dst), sizeof(dst), "%s", (src))

/* The stages of a yearly case, in order; a target state is how many
 * stages after creation it has taken. */
enum {
	ST_CREATE,
	ST_INV,
	ST_APP,
	ST_DEC,
	ST_OPEN,
	ST_CLOSE,
	ST_SUBMIT,
	ST_REVIEW,
	ST_APPROVE,
	ST_SCREEN,
	ST_PASS,
	ST_PAY,
	ST_VERIFY,
	ST__N
};

struct ctx {
	struct core *c;
	struct demo_world *w;
	const struct calendar *cal;
	struct ymd today; /* the real today: nothing is dated after it */
	char used[DEMO_POOL_MAX];
	int turn;	    /* alternates T01V01 and the other branches */
	int want;	    /* next_member's choice */
	int64_t income_fen; /* new_yearly's declared household income, -1 none */
	int64_t paid_first; /* the emergency paid first and screened, 0 none */
	struct case_step_input in;
};

static void at(struct ymd d)
{
	char s[11];
	date_format(d, s);
	setenv("BANGFU_TODAY", s, 1);
}

static struct ymd add_days(struct ymd d, int n)
{
	return date_from_days(date_to_days(d) + n);
}

/* The first working day on or after d. */
static struct ymd workday(const struct ctx *x, struct ymd d)
{
	for (int i = 0; i < 30 && !calendar_is_workday(x->cal, d); i++)
		d = add_days(d, 1);
	return d;
}

/* Days between the stages of a case: an unhurried round, and one run to
 * its 15 days (the investigation on the day of the application, the
 * decision on the day of the appraisal, the screening on the day of the
 * approval). */
static const int usual_gap[ST__N] = {0, 3, 4, 3, 2, 0, 2, 3, 3, 2, 2, 2, 5};
static const int brisk_gap[ST__N] = {0, 0, 1, 0, 1, 0, 0, 1, 1, 0, 1, 1, 1};

/* The days of each stage from start: working days with the gaps given,
 * the notice closed the working day after its five working days. */
static void schedule_with(const struct ctx *x, const int gap[ST__N], struct ymd start,
			  struct ymd d[ST__N])
{
	d[0] = workday(x, start);
	for (int k = 1; k < ST__N; k++) {
		d[k] = workday(x, add_days(d[k - 1], gap[k]));
		if (k == ST_CLOSE) {
			struct ymd end;
			if (calendar_period_end(x->cal, d[ST_OPEN], 5, &end, NULL) == 0)
				d[k] = workday(x, add_days(end, 1));
			else
				d[k] = workday(x, add_days(d[ST_OPEN], 10));
		}
	}
}

static void schedule(const struct ctx *x, struct ymd start, struct ymd d[ST__N])
{
	schedule_with(x, usual_gap, start, d);
}

static int take(struct ctx *x, const struct actor *a, int64_t id, enum case_event ev,
		struct bf_err *e)
{
	return case_step(x->c, a, id, ev, &x->in, e);
}

static const struct actor *branch_actor(const struct ctx *x, int b);

/* One stage of a yearly case of branch b on its day, as the level that
 * takes it: the demo accounts in T01, the command line elsewhere. */
static int stage(struct ctx *x, int b, int64_t id, int k, struct ymd day, struct bf_err *e)
{
	const struct actor *br = branch_actor(x, b), *com = b < 8 ? &x->w->town : &x->w->admin;
	char ds[11];
	date_format(day, ds);
	at(day);
	case_step_input_init(&x->in);
	switch (k) {
	case ST_INV:
		COPY(x->in.investigation_on, ds);
		COPY(x->in.investigators, "支部书记、支部委员");
		COPY(x->in.investigation, "入户查看住房、收入和就医情况，情况属实");
		return take(x, br, id, EV_INVESTIGATE, e);
	case ST_APP:
		COPY(x->in.appraisal_on, ds);
		x->in.expected = 32, x->in.present = 29;
		x->in.votes_for = 26, x->in.votes_against = 1, x->in.votes_abstain = 2;
		COPY(x->in.appraisal_minutes, "党员大会民主评议，同意列为帮扶对象");
		return take(x, br, id, EV_APPRAISE, e);
	case ST_DEC:
		COPY(x->in.decision_on, ds);
		COPY(x->in.decision_minutes, "支委会研究，同意列入初步名单");
		return take(x, br, id, EV_DECIDE, e);
	case ST_OPEN:
		return take(x, br, id, EV_OPEN_NOTICE, e);
	case ST_CLOSE:
		return take(x, br, id, EV_CLOSE_NOTICE, e);
	case ST_SUBMIT:
		x->in.dossier = CASE_DOSSIER_ALL;
		return take(x, br, id, EV_SUBMIT, e);
	case ST_REVIEW:
		return take(x, com, id, EV_REVIEW, e);
	case ST_APPROVE:
		return take(x, &x->w->dept, id, EV_APPROVE, e);
	case ST_SCREEN:
		return take(x, com, id, EV_ENTER_SCREENING, e);
	case ST_PASS:
		COPY(x->in.screening_result, "救助系统筛查通过，无重复救助");
		return take(x, com, id, EV_SCREEN_PASS, e);
	case ST_VERIFY:
		return take(x, &x->w->dept, id, EV_VERIFY, e);
	default:
		return 0;
	}
}

/* The branch's own account for T01V01, the command line elsewhere. */
static const struct actor *branch_actor(const struct ctx *x, int b)
{
	return b == 0 ? &x->w->branch : &x->w->admin;
}

static const char *const situations[] = {
    "本人患尿毒症，每周透析三次，家庭收入微薄", "本人年老体弱，患高血压、糖尿病，无固定收入",
    "配偶长期卧床，子女在读，家庭负担重", "本人因脑梗后遗症丧失劳动能力",
    "家中遭遇火灾，房屋损毁，生活困难"};

/* The next unused member of the pool: of T01V01 (want 0), another branch
 * of T01 (1) or another town (2); -1 alternates 0 and 1 and falls back on
 * any member of T01.  -1 when none is left. */
static int next_member(struct ctx *x)
{
	int want = x->want >= 0 ? x->want : x->turn++ % 2;
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < x->w->nmember; i++) {
			int b = x->w->member_branch[i];
			int kind = b == 0 ? 0 : b < 8 ? 1 : 2;
			if (!x->used[i] && (kind == want || (pass == 1 && want < 2 && kind < 2))) {
				x->used[i] = 1;
				return i;
			}
		}
	return -1;
}

/* A yearly case of the next member of the pool (branch from the pool),
 * created on day; 0 when the pool is used up. */
static int64_t new_yearly(struct ctx *x, int64_t round_id, struct ymd day, int *branch,
			  struct bf_err *e)
{
	int i = next_member(x);
	if (i < 0)
		return 0;
	struct case_input in;
	struct aid_case out;
	case_input_init(&in);
	COPY(in.kind, "yearly");
	in.member_id = x->w->member[i];
	in.round_id = round_id;
	policy_codes_add(&in.conditions, "serious_illness");
	policy_codes_add(&in.causes, "illness");
	COPY(in.situation, situations[i % 5]);
	in.household_size = 3;
	in.income_fen = x->income_fen;
	in.labour_capacity = 0;
	*branch = x->w->member_branch[i];
	at(day);
	if (case_create(x->c, branch_actor(x, *branch), &in, &out, e))
		return -1;
	return out.id;
}

/* A yearly case taken through `upto` stages on the days of d (a stage
 * dated after today is left for later).  ST_PAY is the batch's. */
static int64_t yearly_to(struct ctx *x, int64_t round_id, const struct ymd d[ST__N], int upto,
			 int *branch, struct bf_err *e)
{
	int b = 0;
	int64_t id = new_yearly(x, round_id, d[0], &b, e);
	for (int k = 1; id > 0 && k <= upto && k != ST_PAY; k++) {
		if (date_cmp(d[k], x->today) > 0)
			break;
		if (stage(x, b, id, k, d[k], e))
			return -1;
	}
	if (branch)
		*branch = b;
	return id;
}

static int income(struct ctx *x, const struct actor *a, int64_t fund, const char *source,
		  int64_t yuan, const char *donor, int64_t member, const char *memo, struct ymd day,
		  struct bf_err *e)
{
	struct ledger_income in;
	memset(&in, 0, sizeof(in));
	in.fund_id = fund;
	COPY(in.source, source);
	in.amount = yuan * 100;
	date_format(day, in.date);
	COPY(in.donor, donor);
	in.member_id = member;
	COPY(in.memo, memo);
	at(day);
	return ledger_income(x->c, a, &in, NULL, e);
}

/* Pays ids as one batch of T01 from the department, then records the
 * receipts of the first `receipts` payments. */
static int pay_batch(struct ctx *x, const int64_t *ids, size_t n, struct ymd day, size_t receipts,
		     struct bf_err *e)
{
	struct pay_batch_input in;
	struct pay_batch b;
	if (n == 0)
		return 0;
	memset(&in, 0, sizeof(in));
	in.org_id = x->w->town_id;
	in.case_ids = ids;
	in.ncases = n;
	COPY(in.payer, "department");
	date_format(day, in.value_date);
	COPY(in.memo, "城关镇党委生活困难党员帮扶资金");
	at(day);
	memset(&b, 0, sizeof(b));
	if (pay_batch_confirm(x->c, &x->w->dept, &in, &b, e))
		return -1;
	struct payment *p = NULL;
	size_t np = 0;
	int rc = pay_payments_of_batch(x->c, &x->w->dept, b.id, &p, &np, e);
	struct ymd rday = workday(x, add_days(day, 2));
	if (date_cmp(rday, x->today) > 0)
		rday = x->today;
	at(rday);
	for (size_t i = 0; rc == 0 && i < np && i < receipts; i++) {
		struct pay_receipt_input r;
		memset(&r, 0, sizeof(r));
		date_format(rday, r.date);
		COPY(r.method, i % 2 ? "cash" : "bank");
		COPY(r.handed_by, "城关镇组织委员");
		COPY(r.signed_by, i % 3 == 2 ? "thumbprint" : "signature");
		rc = pay_receipt_set(x->c, &x->w->town, p[i].id, &r, NULL, e);
	}
	free(p);
	pay_batch_release(&b);
	return rc;
}

/* Last year's round: opened in March, every case paid and verified, all
 * receipts in, the round closed.  *paid gets a case for the recovery. */
static int last_year(struct ctx *x, int64_t fund, int64_t *paid, struct bf_err *e)
{
	struct aid_round r;
	struct ymd d[ST__N];
	int64_t ids[8];
	size_t n = 0;
	int b;
	schedule(x, (struct ymd){x->today.y - 1, 3, 2}, d);
	if (income(x, &x->w->dept, fund, "finance", 200000, "", 0, "区财政拨付帮扶资金",
		   add_days(d[0], -20), e))
		return -1;
	at(d[0]);
	if (case_round_open(x->c, &x->w->dept, x->today.y - 1, "", &r, e))
		return -1;
	for (int i = 0; i < 6; i++) {
		int64_t id = yearly_to(x, r.id, d, ST_PASS, &b, e);
		if (id < 0)
			return -1;
		if (id > 0)
			ids[n++] = id;
	}
	if (pay_batch(x, ids, n, d[ST_PAY], n, e))
		return -1;
	for (size_t i = 0; i < n; i++)
		if (stage(x, 0, ids[i], ST_VERIFY, d[ST_VERIFY], e))
			return -1;
	*paid = n ? ids[0] : 0;
	at(workday(x, (struct ymd){x->today.y - 1, 12, 20}));
	return case_round_close(x->c, &x->w->dept, r.id, e);
}

/* This year's cases: how many to leave at each stage (the states of
 * the procedure, in the order the pool is spent). */
static const struct {
	int upto, count;
} plan[] = {{ST_VERIFY, 3}, {ST_PAY, 3},    {ST_PASS, 2},  {ST_SCREEN, 2}, {ST_APPROVE, 2},
	    {ST_REVIEW, 3}, {ST_SUBMIT, 3}, {ST_CLOSE, 2}, {ST_OPEN, 2},   {ST_DEC, 2},
	    {ST_APP, 2},    {ST_INV, 2},    {ST_CREATE, 3}};

static int reason_step(struct ctx *x, const struct actor *a, int64_t id, enum case_event ev,
		       const char *reason, struct ymd day, struct bf_err *e)
{
	at(day);
	case_step_input_init(&x->in);
	COPY(x->in.reason, reason);
	return take(x, a, id, ev, e);
}

/* A decided case returned by the committee and one rejected by its branch. */
static int returned_rejected(struct ctx *x, int64_t round, const struct ymd d[ST__N],
			     struct bf_err *e)
{
	int b;
	int64_t id = yearly_to(x, round, d, ST_SUBMIT, &b, e);
	if (id < 0 ||
	    (id > 0 && date_cmp(d[ST_REVIEW], x->today) <= 0 &&
	     reason_step(x, &x->w->town, id, EV_RETURN,
			 "家庭收入情况未附村委会证明，请补充后重新上报", d[ST_REVIEW], e)))
		return -1;
	id = yearly_to(x, round, d, ST_INV, &b, e);
	if (id > 0 && date_cmp(d[ST_APP], x->today) <= 0)
		return reason_step(x, branch_actor(x, b), id, EV_REJECT,
				   "入户调查发现家庭有稳定经营收入，不符合帮扶条件", d[ST_APP], e);
	return id < 0 ? -1 : 0;
}

/* A notice of three decided cases posted yesterday (still open), one
 * objection handled, one open. */
static int open_notice(struct ctx *x, int64_t round, struct bf_err *e)
{
	struct ymd d[ST__N], post = add_days(x->today, -1);
	int64_t ids[3];
	size_t n = 0;
	for (int i = 0; i < 10 && !calendar_is_workday(x->cal, post); i++)
		post = add_days(post, -1);
	schedule(x, add_days(post, -12), d);
	x->want = 0;
	for (int i = 0; i < 6 && n < 3; i++) {
		int b;
		int64_t id = yearly_to(x, round, d, ST_DEC, &b, e);
		if (id < 0)
			return -1;
		if (id > 0 && b == 0 && date_cmp(d[ST_DEC], post) <= 0)
			ids[n++] = id;
	}
	x->want = -1;
	if (n < 2 || post.y != x->today.y)
		return 0;
	struct case_notice_input ni;
	struct notice nt;
	memset(&ni, 0, sizeof(ni));
	ni.org_id = x->w->branch_id[0];
	date_format(post, ni.starts_on);
	at(post);
	if (case_notice_open(x->c, &x->w->branch, &ni, ids, n, &nt, e))
		return -1;
	struct objection o[2];
	memset(o, 0, sizeof(o));
	for (int i = 0; i < 2; i++) {
		o[i].notice_id = nt.id;
		o[i].case_id = ids[i];
		COPY(o[i].channel, i ? "letter" : "phone");
		COPY(o[i].content, i ? "来信反映该户子女在外务工，收入较高" : "反映该户有经营收入");
		COPY(o[i].reporter, i ? "" : "本村党员");
		if (case_objection_add(x->c, &x->w->branch, &o[i], e))
			return -1;
	}
	return case_objection_handle(x->c, &x->w->branch, o[0].id, "unfounded",
				     "经核实，所谓经营收入为亲属代售农产品，金额很小", e);
}

static int64_t new_emergency(struct ctx *x, int64_t fen, struct ymd day, struct bf_err *e)
{
	int i = next_member(x);
	if (i < 0)
		return 0;
	struct case_input in;
	struct aid_case out;
	case_input_init(&in);
	COPY(in.kind, "emergency");
	in.member_id = x->w->member[i];
	COPY(in.loss_type, "major_loss");
	policy_codes_add(&in.conditions, "accident_disaster");
	policy_codes_add(&in.causes, "disaster");
	COPY(in.situation, "房屋因暴雨倒塌，财产损失严重");
	in.requested_fen = fen;
	at(day);
	if (case_create(x->c, branch_actor(x, x->w->member_branch[i]), &in, &out, e))
		return -1;
	return out.id;
}

/* An emergency paid first on day, its paperwork due on due: the
 * department decides and pays at once; with screened the committee then
 * enters and passes the screening, which makes it paid (no new batch),
 * else it waits for its screening, approved and paid. */
static int pay_first(struct ctx *x, struct ymd day, struct ymd due, int screened, struct bf_err *e)
{
	int64_t id = new_emergency(x, 150000, day, e);
	if (id <= 0)
		return (int)id;
	case_step_input_init(&x->in);
	date_format(due, x->in.paperwork_due);
	COPY(x->in.reason, "房屋倒塌，一家人无处安身，急需救助");
	at(day);
	if (take(x, &x->w->dept, id, EV_PAY_FIRST, e))
		return -1;
	at(day);
	if (pay_case_now(x->c, &x->w->dept, id, "department", "", "", NULL, e))
		return -1;
	if (!screened)
		return 0;
	x->paid_first = id;
	return stage(x, 0, id, ST_SCREEN, day, e) || stage(x, 0, id, ST_PASS, day, e) ? -1 : 0;
}

static int emergencies(struct ctx *x, struct bf_err *e)
{
	struct ymd t = x->today, jan = {t.y, 1, 2};
	struct ymd a = workday(x, add_days(t, -30)), b = workday(x, add_days(t, -6));
	if (date_cmp(a, jan) < 0 || date_cmp(a, t) > 0 || date_cmp(b, t) > 0)
		return 0; /* too early in the year for a month's history */
	x->want = 0;
	int rc = pay_first(x, a, add_days(t, -10), 1, e);
	x->want = -1;
	if (rc || pay_first(x, b, add_days(t, 10), 0, e))
		return -1;
	return new_emergency(x, 80000, t, e) < 0 ? -1 : 0;
}

/* Money in: the department's fund from the district's finance, dues, a
 * member's donation (when the demo has members: `demo --members 0`) and a
 * company's; T01's own fund from dues and an allocation. */
static int fund_income(struct ctx *x, int64_t dept_fund, struct ymd day, struct bf_err *e)
{
	struct fund tf;
	if (income(x, &x->w->dept, dept_fund, "finance", 300000, "", 0, "区财政拨付本年度帮扶资金",
		   day, e) ||
	    income(x, &x->w->dept, dept_fund, "dues", 60000, "", 0, "上级返还党费", day, e) ||
	    (x->w->nmember > 0 &&
	     income(x, &x->w->dept, dept_fund, "member_donation", 2000, x->w->member_name[0],
		    x->w->member[0], "党员自愿捐款", day, e)) ||
	    income(x, &x->w->dept, dept_fund, "social_donation", 50000, "青山建材有限公司", 0,
		   "企业捐赠", day, e))
		return -1;
	at(day);
	if (ledger_fund_ensure(x->c, &x->w->town, x->w->town_id, &tf, e) ||
	    income(x, &x->w->town, tf.id, "dues", 8000, "", 0, "镇党委留存党费", day, e))
		return -1;
	return ledger_allocate(x->c, &x->w->dept, dept_fund, x->w->town_id, 2000000, NULL, 0, NULL,
			       NULL, e);
}

/* A start-up loan two and a half months old: the first instalment
 * repaid, the second overdue. */
static int loan(struct ctx *x, int64_t case_id, struct bf_err *e)
{
	struct loan_input in;
	struct loan l;
	memset(&in, 0, sizeof(in));
	in.org_id = x->w->root_id;
	in.member_id = x->w->member[0];
	in.case_id = case_id;
	in.principal = 2000000;
	in.months = 12;
	date_format(add_days(x->today, -75), in.start_on);
	COPY(in.method, "bank");
	COPY(in.purpose, "发展养殖业（创业帮扶借款）");
	at(add_days(x->today, -75));
	memset(&l, 0, sizeof(l));
	if (loan_create(x->c, &x->w->dept, &in, &l, e)) /* l as stored, with its schedule */
		return -1;
	int rc = 0;
	if (l.ninst > 0) {
		struct ymd due;
		date_parse(l.inst[0].due_on, &due, NULL, "due_on", "due_on", NULL);
		at(due);
		rc = loan_repay(x->c, &x->w->dept, l.id, l.inst[0].principal + l.inst[0].interest,
				"bank", l.inst[0].due_on, NULL, e);
	}
	loan_release(&l);
	return rc;
}

static int recovery(struct ctx *x, int64_t case_id, struct bf_err *e)
{
	struct recovery r;
	char found[11], paid[11];
	if (case_id <= 0)
		return 0;
	date_format(add_days(x->today, -20), found);
	date_format(add_days(x->today, -5), paid);
	at(add_days(x->today, -20));
	if (recovery_create(x->c, &x->w->dept, case_id, 30000, found,
			    "回访核查发现申报时隐瞒子女务工收入，应退回部分帮扶资金", NULL, 0, &r,
			    e))
		return -1;
	at(add_days(x->today, -5));
	return recovery_repay(x->c, &x->w->dept, r.id, 10000, "cash", paid, NULL, e);
}

/* A case or two in each other town, at stages up to the screening (the
 * payment batch is T01's), so the department's progress has every town. */
static int other_towns(struct ctx *x, int64_t round, const struct ymd d[ST__N], struct bf_err *e)
{
	static const int upto[] = {ST_CREATE, ST_DEC,	  ST_SUBMIT, ST_REVIEW,
				   ST_INV,    ST_APPROVE, ST_PASS};
	int b;
	x->want = 2;
	for (int i = 0;; i++) {
		int64_t id = yearly_to(x, round, d, upto[i % 7], &b, e);
		if (id <= 0) {
			x->want = -1;
			return (int)id;
		}
	}
}

/* The member of a case, 0 when the case is unknown. */
static int64_t member_of(struct ctx *x, int64_t case_id)
{
	struct aid_case *c = xcalloc(1, sizeof(*c));
	struct bf_err e = {0};
	int64_t m = case_id > 0 && !case_get(x->c, &x->w->admin, case_id, c, &e) ? c->member_id : 0;
	free(c);
	return m;
}

/* Screening before payment (程序筛查): a member of 东风村党支部 linked as
 * spouse to the member whose emergency was paid first this year (the
 * household flag), and three of its cases approved then entered into the
 * relief system as one batch of 城关镇党委: the spouse's case with the
 * household finding cleared with a reason, one declaring an income above
 * the line with its finding open, one clean; the batch's file given out
 * (a reveal) and the system's answer still awaited. */
static int screening(struct ctx *x, int64_t round, const struct ymd d0[ST__N], struct bf_err *e)
{
	struct ymd d[ST__N];
	int64_t ids[3] = {0, 0, 0};
	int b[3];
	memcpy(d, d0, sizeof(d));
	if (date_cmp(d[ST_SCREEN], x->today) > 0)
		return 0; /* too early in the year for the round to reach it */
	x->want = 0;
	for (int i = 0; i < 3; i++) {
		x->income_fen = i == 1 ? 7200000 : -1; /* 24000 yuan a person */
		ids[i] = yearly_to(x, round, d, ST_APPROVE, &b[i], e);
		if (ids[i] < 0) {
			x->want = -1, x->income_fen = -1;
			return -1;
		}
	}
	x->want = -1, x->income_fen = -1;
	if (!ids[0] || !ids[1] || !ids[2])
		return 0; /* a small demo: the pool is used up */
	/* the spouse: the member paid first, else the clean case's member */
	int64_t spouse = member_of(x, x->paid_first ? x->paid_first : ids[2]);
	struct member m;
	struct household_link l;
	memset(&m, 0, sizeof(m));
	at(d[ST_APPROVE]);
	int rc = member_get_plain(x->c, &x->w->admin, spouse, &m, e);
	if (!rc)
		rc = screening_household_link(x->c, branch_actor(x, b[0]), member_of(x, ids[0]),
					      m.id_number, "配偶", &l, e);
	member_release(&m);
	if (rc)
		return -1;
	struct screening_batch sb;
	at(d[ST_SCREEN]);
	if (screening_batch_create(x->c, &x->w->town, x->w->town_id, &sb, e))
		return -1;
	struct screening_line *lines = NULL;
	size_t n = 0;
	rc = screening_batch_get(x->c, &x->w->town, sb.id, 1, &sb, &lines, &n, e);
	free(lines);
	if (rc)
		return -1;
	struct screening_finding *f = NULL, done;
	size_t nf = 0;
	at(d[ST_PASS]);
	if (screening_findings(x->c, &x->w->town, ids[0], &f, &nf, e))
		return -1;
	for (size_t i = 0; !rc && i < nf; i++)
		if (!strcmp(f[i].state, "open"))
			rc = screening_finding_decide(
			    x->c, &x->w->town, f[i].id, 0,
			    "经核实，配偶所获为房屋倒塌的突发事故救助，本人系重病长期生活困难，"
			    "经镇党委研究同意本户同时帮扶",
			    &done, e);
	free(f);
	return rc;
}

/* This year's round and everything in it. */
static int this_year(struct ctx *x, int64_t fund, struct bf_err *e)
{
	struct aid_round r;
	struct ymd d[ST__N], start = add_days(x->today, -15), jan = {x->today.y, 1, 2};
	/* opened as late as lets its first cases be paid and verified by
	 * today, so its 15 days end about now and 逾期 counts days, not months */
	for (int i = 0; i < 20; i++, start = add_days(start, -1)) {
		schedule_with(x, brisk_gap, start, d);
		if (date_cmp(d[ST_VERIFY], x->today) <= 0)
			break;
	}
	if (date_cmp(start, jan) < 0)
		schedule_with(x, brisk_gap, jan, d);
	/* the year's money comes in before the loan and the emergencies */
	struct ymd income_day = add_days(x->today, -75);
	if (date_cmp(income_day, jan) < 0)
		income_day = jan;
	if (date_cmp(d[0], income_day) < 0)
		income_day = d[0];
	if (fund_income(x, fund, add_days(income_day, -3), e))
		return -1;
	at(d[0]);
	if (case_round_open(x->c, &x->w->dept, x->today.y, "", &r, e))
		return -1;
	/* T01V01's members first where its account must see them; the
	 * screening batch before the plan's approved cases exist */
	if (open_notice(x, r.id, e) || emergencies(x, e) || screening(x, r.id, d, e))
		return -1;
	int64_t pay[8];
	size_t npay = 0;
	for (size_t p = 0; p < sizeof(plan) / sizeof(plan[0]); p++)
		for (int i = 0; i < plan[p].count; i++) {
			int b;
			int64_t id = yearly_to(x, r.id, d, plan[p].upto, &b, e);
			if (id < 0)
				return -1;
			if (id > 0 && plan[p].upto >= ST_PAY && npay < 8 &&
			    date_cmp(d[ST_PAY], x->today) <= 0)
				pay[npay++] = id;
		}
	if (pay_batch(x, pay, npay, d[ST_PAY], npay / 2 + 1, e))
		return -1;
	for (size_t i = 0; i < npay && i < 3; i++) /* the first plan line: verified */
		if (date_cmp(d[ST_VERIFY], x->today) <= 0 &&
		    stage(x, 0, pay[i], ST_VERIFY, d[ST_VERIFY], e))
			return -1;
	if (returned_rejected(x, r.id, d, e) || other_towns(x, r.id, d, e))
		return -1;
	return x->w->nmember > 0 ? loan(x, 0, e) : 0; /* a loan is a member's */
}

/* The verification campaign (走访核查) of last year's paid cases: half the
 * sample of T01 drawn from a fixed seed (the same demo, the same draw),
 * assigned to T01's committee staff, half of it recorded by the
 * department (a clean check and one with a problem), the rest waiting on
 * the town's to-do list.  Last year's cases are verified already, so no
 * case changes state. */
static int verification(struct ctx *x, struct bf_err *e)
{
	struct verification_input in;
	struct verification v;
	struct verification_check *k = NULL;
	size_t n = 0;
	memset(&in, 0, sizeof(in));
	in.year = x->today.y - 1;
	in.share_pct = 50;
	in.min_per_committee = 1;
	COPY(in.seed, "2b5eed");
	date_format(add_days(x->today, 20), in.due_on);
	at(add_days(x->today, -3));
	if (verification_create(x->c, &x->w->dept, &in, &v, e))
		return e->code == EC_CONFLICT ? 0 : -1; /* no paid case last year */
	if (verification_assign(x->c, &x->w->dept, v.id, x->w->town.user_id, NULL, 0, x->w->town_id,
				NULL, e) ||
	    verification_checks(x->c, &x->w->dept, v.id, 0, 0, NULL, &k, &n, e))
		return -1;
	int rc = 0;
	for (size_t i = 0; !rc && i < (n + 1) / 2; i++) {
		struct verification_result r;
		verification_result_init(&r);
		date_format(add_days(x->today, -2 + (int)i), r.checked_on);
		r.phone_reached = r.phone_correct = r.living_as_declared = r.money_received = 1;
		r.notice_posted = i != 1;
		COPY(r.finding, i == 1 ? "irregular" : "none");
		COPY(r.notes,
		     i == 1 ? "入户走访，公示未在村务公开栏张贴，只在支部会议上宣读；已责令整改"
			    : "电话回访本人，确认已收到帮扶款并签字");
		at(add_days(x->today, -2 + (int)i));
		rc = verification_record(x->c, &x->w->dept, k[i].id, &r, NULL, NULL, e);
	}
	free(k);
	return rc;
}

int demo_cases(struct core *c, struct demo_world *w, struct bf_err *e)
{
	const char *old = getenv("BANGFU_TODAY");
	char saved[32] = "";
	struct fund f;
	int64_t paid = 0;
	struct ctx *x = xcalloc(1, sizeof(*x));
	if (old)
		COPY(saved, old);
	x->c = c;
	x->w = w;
	x->today = date_today();
	x->want = -1;
	x->income_fen = -1;
	x->cal = case_calendar_acquire(c, e);
	int rc = -1;
	if (!x->cal)
		goto out;
	rc = ledger_fund_ensure(c, &w->dept, w->root_id, &f, e) || last_year(x, f.id, &paid, e) ||
		     this_year(x, f.id, e) || recovery(x, paid, e) || verification(x, e)
		 ? -1
		 : 0;
	case_calendar_release(x->cal);
out:
	if (old)
		setenv("BANGFU_TODAY", saved, 1);
	else
		unsetenv("BANGFU_TODAY");
	free(x);
	return rc;
}
