/* test_casework.c - the aid procedure in the core (cases.h) against a
 * real database: a yearly round end to end with a notice over the 2024
 * Spring Festival, an emergency paid first with its paperwork on the to-do
 * list, every guard refusal through case_step, the optimistic lock under a
 * real race, scope, the batch actions all-or-nothing, classification
 * overrides, attachments, the policy versions and the calendar edits.
 *
 * SQLite by default (a file under /tmp); BANGFU_TEST_DB points it at
 * another database like tests/store/test_store.c (scripts/test-all.sh
 * runs it on a throwaway PostgreSQL).  Dates are fixed through
 * BANGFU_TODAY. */
#include <inttypes.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include "cases.h"
#include "fund.h"
#include "store.h"
#include "store_cases.h"
#include "fixtures.h"
#include "freshdb.h"

static struct db *g_db;
static struct core g_core;

/* The district: department D; committee C1 with branches B1, B2;
 * committee C2 with branch B3. */
static struct org D, C1, B1, B2, C2, B3;
static struct actor A_dept, A_com1, A_com2, A_br1, A_br2, A_admin, A_audit;
static struct aid_round g_round; /* 2024, opened 2024-02-01 */

#define COPY(dst, src) snprintf((dst), sizeof(dst), "%s", (src))

static void today(const char *d)
{
	setenv("BANGFU_TODAY", d, 1);
}

/* A member (sealed values are stand-ins: the casework never opens them). */
static int64_t add_member(const struct org *o, const char *name, const char *birth,
			  const char *joined, const char *household)
{
	return test_member(g_db, o->id, name, birth, joined, household, 3);
}

static int group_setup(void **state)
{
	g_db = test_suite_open("casework", 1, &g_core);
	if (!g_db)
		return -1;
	case_cache_reset();
	test_district(
	    g_db, "CW-", (struct org *[]){&D, &C1, NULL, &B1, &B2, &C2, &B3},
	    (struct actor *[]){&A_dept, &A_com1, &A_com2, &A_br1, &A_br2, &A_admin, &A_audit});
	return test_round_2024(&g_core, &A_dept, &g_round);
}

static int group_teardown(void **state)
{
	case_cache_reset();
	return test_suite_close(&g_core);
}

/* --- driving cases --- */

static void yearly_input(struct case_input *in, int64_t member)
{
	test_yearly_input(in, member, g_round.id);
}

static int64_t yearly_case(const struct actor *a, int64_t member)
{
	struct case_input *in = malloc(sizeof(*in));
	assert_non_null(in);
	yearly_input(in, member);
	int64_t id = test_case_create(&g_core, a, in, "case_create yearly");
	free(in);
	return id;
}

static int64_t emergency_case(const struct actor *a, int64_t member, const char *loss,
			      int64_t requested)
{
	struct case_input *in = malloc(sizeof(*in));
	assert_non_null(in);
	case_input_init(in);
	COPY(in->kind, "emergency");
	in->member_id = member;
	COPY(in->loss_type, loss);
	policy_codes_add(&in->conditions, "accident_disaster");
	policy_codes_add(&in->causes, "disaster");
	COPY(in->situation, "房屋因暴雨倒塌，财产损失严重");
	in->requested_fen = requested;
	int64_t id = test_case_create(&g_core, a, in, "case_create emergency");
	free(in);
	return id;
}

static struct case_step_input *step_in(void)
{
	struct case_step_input *in = malloc(sizeof(*in));
	assert_non_null(in);
	case_step_input_init(in);
	return in;
}

static int step(const struct actor *a, int64_t id, enum case_event ev,
		const struct case_step_input *in, struct bf_err *e)
{
	return case_step(&g_core, a, id, ev, in, e);
}

static void step_ok(const struct actor *a, int64_t id, enum case_event ev,
		    const struct case_step_input *in)
{
	struct bf_err e;
	char what[64];
	snprintf(what, sizeof(what), "step %s on %" PRId64, wf_event_code(ev), id);
	test_ok(step(a, id, ev, in, &e), &e, what);
}

/* "pay" is the payments module's (a plain step is refused): money into the
 * department's fund, then the case paid from it as the case page does. */
static void pay_now(int64_t id)
{
	struct bf_err e;
	struct fund f;
	test_ok(ledger_fund_ensure(&g_core, &A_dept, A_dept.org_id, &f, &e), &e, "fund");
	struct ledger_income in = {0};
	in.fund_id = f.id;
	snprintf(in.source, sizeof(in.source), "finance");
	in.amount = 1000000; /* 10,000 yuan: more than any case here */
	test_ok(ledger_income(&g_core, &A_dept, &in, NULL, &e), &e, "income");
	test_refused(step(&A_com1, id, EV_PAY, NULL, &e), &e, EC_CONFLICT, "资金拨付");
	test_ok(pay_case_now(&g_core, &A_dept, id, "department", "", "", NULL, &e), &e, "pay");
}

static struct aid_case *get(int64_t id)
{
	static struct aid_case c;
	struct bf_err e;
	test_ok(case_get(&g_core, &A_admin, id, &c, &e), &e, "case_get");
	return &c;
}

static void investigate(int64_t id, const char *date)
{
	struct case_step_input *in = step_in();
	COPY(in->investigation_on, date);
	COPY(in->investigators, "张三、李四");
	COPY(in->investigation, "入户查看，情况属实");
	step_ok(&A_br1, id, EV_INVESTIGATE, in);
	free(in);
}

static void appraise(int64_t id, const char *date, int votes_for, int votes_against)
{
	struct case_step_input *in = step_in();
	COPY(in->appraisal_on, date);
	in->expected = 30;
	in->present = 28;
	in->votes_for = votes_for;
	in->votes_against = votes_against;
	in->votes_abstain = 28 - votes_for - votes_against;
	COPY(in->appraisal_minutes, "党员大会记录：同意列为帮扶对象");
	step_ok(&A_br1, id, EV_APPRAISE, in);
	free(in);
}

static void decide(int64_t id, const char *date, int64_t proposed)
{
	struct case_step_input *in = step_in();
	COPY(in->decision_on, date);
	COPY(in->decision_minutes, "支委会研究同意");
	in->proposed_fen = proposed;
	step_ok(&A_br1, id, EV_DECIDE, in);
	free(in);
}

/* Applied → decided on 2024-06-03 (Monday). */
static void to_decided(int64_t id, int64_t proposed)
{
	today("2024-06-03");
	investigate(id, "2024-06-03");
	appraise(id, "2024-06-03", 25, 2);
	decide(id, "2024-06-03", proposed);
}

/* Decided → noticed: a notice of the case alone posted 2024-06-03 (ends
 * Friday 06-07), closed on 06-12. */
static void to_noticed(int64_t id)
{
	today("2024-06-03");
	step_ok(&A_br1, id, EV_OPEN_NOTICE, NULL);
	today("2024-06-12");
	step_ok(&A_br1, id, EV_CLOSE_NOTICE, NULL);
}

/* Applied → reviewed, the dossier ticked at submission. */
static void to_reviewed(int64_t id, int64_t proposed)
{
	struct case_step_input *in = step_in();
	to_decided(id, proposed);
	to_noticed(id);
	in->dossier = CASE_DOSSIER_ALL;
	step_ok(&A_br1, id, EV_SUBMIT, in);
	step_ok(&A_com1, id, EV_REVIEW, NULL);
	free(in);
}

static int has_event(int64_t id, const char *event)
{
	struct case_event_row *items = NULL;
	size_t n = 0;
	struct bf_err e;
	int found = 0;
	test_ok(case_timeline(&g_core, &A_admin, id, &items, &n, &e), &e, "timeline");
	for (size_t i = 0; i < n; i++)
		found += !strcmp(items[i].event, event);
	free(items);
	return found;
}

/* ------------------------------------------------------------------ */

/* A yearly round end to end, the notice running over the 2024 Spring
 * Festival (days off 10-17 February, make-up working days Sunday 4 and
 * Sunday 18 February). */
static void test_yearly_round(void **state)
{
	struct bf_err e;
	struct case_step_input *in = step_in();
	struct notice nt;
	int64_t m = add_member(&B1, "王建国", "1958-04-02", "1980-07-01", "农业");

	assert_string_equal(g_round.opened_on, "2024-02-01");
	assert_string_equal(g_round.due_on, "2024-02-16"); /* 15 calendar days */
	assert_int_equal(g_round.policy_version, 1);

	today("2024-02-01");
	int64_t id = yearly_case(&A_br1, m);
	struct aid_case *c = get(id);
	assert_string_equal(c->state, "applied");
	assert_string_equal(c->kind, "yearly");
	assert_int_equal(c->year, 2024);
	assert_string_equal(c->due_on, "2024-02-16");
	assert_string_equal(c->category, "relief"); /* cannot work */
	assert_string_equal(c->category_auto, "relief");
	assert_string_equal(c->category_reason, "no_labour");
	assert_int_equal(c->eligible, 1);
	assert_int_equal(c->eligible_auto, 1);
	assert_non_null(strstr(c->explanation, "输血型"));
	assert_int_equal(c->policy_version, 1);

	today("2024-02-02");
	investigate(id, "2024-02-02");
	today("2024-02-05");
	appraise(id, "2024-02-05", 25, 2);
	today("2024-02-07");
	decide(id, "2024-02-07", 0);
	assert_int_equal(get(id)->proposed_fen, 60000); /* the yearly amount */
	assert_string_equal(get(id)->state, "decided");

	/* posted Thursday 8 February: 8, 9, 18 (make-up Sunday), 19, 20 */
	today("2024-02-08");
	struct case_notice_input ni = {0};
	ni.org_id = B1.id;
	test_ok(case_notice_open(&g_core, &A_br1, &ni, &id, 1, &nt, &e), &e, "notice");
	assert_string_equal(nt.starts_on, "2024-02-08");
	assert_string_equal(nt.ends_on, "2024-02-20");
	assert_int_equal(nt.working_days, 5);
	assert_int_equal(nt.estimated, 0);
	assert_string_equal(nt.office, "东街村党支部");
	assert_string_equal(nt.office_phone, "0531-88110011");
	assert_string_equal(get(id)->state, "in_notice");
	assert_string_equal(get(id)->due_on, "2024-02-16"); /* the round's */

	/* an objection by phone during the notice */
	today("2024-02-09");
	struct objection o = {0};
	o.notice_id = nt.id;
	o.case_id = id;
	COPY(o.channel, "phone");
	COPY(o.content, "反映该户有经营收入");
	test_ok(case_objection_add(&g_core, &A_br1, &o, &e), &e, "objection");
	assert_true(o.id > 0);
	assert_string_equal(o.received_on, "2024-02-09");

	/* not over on the 19th (the 18th was a working day) */
	today("2024-02-19");
	test_refused(step(&A_br1, id, EV_CLOSE_NOTICE, NULL, &e), &e, EC_CONFLICT,
		     "公示期尚未结束");
	test_refused(case_notice_close(&g_core, &A_br1, nt.id, &e), &e, EC_CONFLICT,
		     "公示期尚未结束");
	/* over on the 21st, but the objection is open */
	today("2024-02-21");
	test_refused(case_notice_close(&g_core, &A_br1, nt.id, &e), &e, EC_CONFLICT, "异议");
	test_refused(case_objection_handle(&g_core, &A_br1, o.id, "unfounded", "", &e), &e,
		     EC_MISSING, "处理理由");
	test_ok(case_objection_handle(&g_core, &A_br1, o.id, "unfounded",
				      "经核实，所谓经营收入为亲属代售农产品，金额很小", &e),
		&e, "handle");
	test_refused(case_objection_handle(&g_core, &A_br1, o.id, "unfounded", "再次处理", &e), &e,
		     EC_CONFLICT, "已经处理");
	test_ok(case_notice_close(&g_core, &A_br1, nt.id, &e), &e, "close");
	assert_string_equal(get(id)->state, "noticed");
	test_ok(case_notice_get(&g_core, &A_br1, nt.id, &nt, NULL, NULL, &e), &e, "notice get");
	assert_string_equal(nt.status, "closed");

	/* submit: the dossier first */
	test_refused(step(&A_br1, id, EV_SUBMIT, in, &e), &e, EC_CONFLICT, "报备资料不全");
	static const char pdf[] = "%PDF-1.4\n% application\n%%EOF\n";
	struct attachment at;
	test_ok(case_attach(&g_core, &A_br1, id, "application", "申请书.pdf", pdf, sizeof(pdf) - 1,
			    &at, &e),
		&e, "attach");
	assert_int_equal(get(id)->dossier, CASE_DOSSIER_APPLICATION);
	in->dossier = CASE_DOSSIER_ALL & ~CASE_DOSSIER_APPLICATION;
	step_ok(&A_br1, id, EV_SUBMIT, in);
	assert_int_equal(get(id)->dossier, CASE_DOSSIER_ALL);

	/* review by the committee, approval by the department */
	test_refused(step(&A_br1, id, EV_REVIEW, NULL, &e), &e, EC_FORBIDDEN, "党(工)委");
	step_ok(&A_com1, id, EV_REVIEW, NULL);
	today("2024-02-23");
	step_ok(&A_dept, id, EV_APPROVE, NULL);
	c = get(id);
	assert_string_equal(c->state, "approved");
	assert_int_equal(c->approved_fen, 60000);
	/* the screening deadline (28 Feb) is later than the round's */
	assert_string_equal(c->due_on, "2024-02-16");

	/* screening, payment, verification */
	case_step_input_init(in);
	step_ok(&A_com1, id, EV_ENTER_SCREENING, in);
	assert_string_equal(get(id)->screening_entered_on, "2024-02-23");
	test_refused(step(&A_com1, id, EV_SCREEN_PASS, in, &e), &e, EC_CONFLICT,
		     "请先录入筛查结果");
	COPY(in->screening_result, "系统筛查通过，无重复救助");
	step_ok(&A_com1, id, EV_SCREEN_PASS, in);
	pay_now(id);
	test_refused(step(&A_com1, id, EV_VERIFY, NULL, &e), &e, EC_FORBIDDEN, "组织部");
	step_ok(&A_dept, id, EV_VERIFY, NULL);
	c = get(id);
	assert_string_equal(c->state, "verified");
	assert_string_equal(c->due_on, "");

	/* the timeline tells it all, with the policy version of each step */
	static const char *const events[] = {
	    "create",	 "investigate",	      "appraise",	 "decide",	"open_notice",
	    "objection", "objection_handled", "close_notice",	 "attach",	"submit",
	    "review",	 "approve",	      "enter_screening", "screen_pass", "pay",
	    "verify"};
	for (size_t i = 0; i < sizeof(events) / sizeof(events[0]); i++)
		if (has_event(id, events[i]) != 1)
			fail_msg("event %s missing or repeated", events[i]);
	struct case_event_row *tl = NULL;
	size_t n = 0;
	test_ok(case_timeline(&g_core, &A_br1, id, &tl, &n, &e), &e, "timeline");
	assert_string_equal(tl[n - 1].event, "verify");
	assert_string_equal(tl[n - 1].from_state, "paid");
	assert_string_equal(tl[n - 1].to_state, "verified");
	assert_int_equal(tl[n - 1].policy_version, 1);
	assert_string_equal(tl[n - 1].username, "dept");
	free(tl);

	/* the audit chain holds every write */
	int64_t rows = 0, bad = 0;
	test_ok(audit_verify(g_db, &rows, &bad, &e), &e, "audit");
	if (rows < 18)
		fail_msg("only %" PRId64 " audit rows", rows);
	free(in);
}

/* An emergency paid first: the paperwork stays on the to-do lists until
 * done and is overdue after its date. */
static void test_emergency_pay_first(void **state)
{
	struct bf_err e;
	struct case_step_input *in = step_in();
	struct case_todo *items = NULL;
	struct case_todo_counts counts;
	size_t n = 0;
	int64_t m = add_member(&B1, "赵大海", "1970-05-05", "1995-07-01", "农业");

	today("2024-03-04");
	int64_t id = emergency_case(&A_br1, m, "major_loss", 150000);
	struct aid_case *c = get(id);
	assert_string_equal(c->kind, "emergency");
	assert_int_equal(c->year, 2024);
	assert_string_equal(c->loss_type, "major_loss");
	assert_string_equal(c->due_on, "2024-03-07"); /* 3 calendar days (seeds/004) */
	assert_string_equal(c->tier, "temporary");

	/* the department decides to pay first */
	test_refused(step(&A_br1, id, EV_PAY_FIRST, in, &e), &e, EC_FORBIDDEN, "组织部");
	test_refused(step(&A_dept, id, EV_PAY_FIRST, in, &e), &e, EC_MISSING, "补齐手续期限");
	COPY(in->paperwork_due, "2024-03-15");
	test_refused(step(&A_dept, id, EV_PAY_FIRST, in, &e), &e, EC_CONFLICT, "先发后补须写明");
	COPY(in->reason, "房屋倒塌，一家四口无处安身，急需救助");
	step_ok(&A_dept, id, EV_PAY_FIRST, in);
	c = get(id);
	assert_string_equal(c->state, "approved");
	assert_int_equal(c->pay_first, 1);
	assert_int_equal(c->approved_fen, 150000);
	assert_string_equal(c->paperwork_due, "2024-03-15");
	/* screening within 3 working days of the approval: 5, 6, 7 March */
	assert_string_equal(c->due_on, "2024-03-07");
	assert_int_equal(c->due_estimated, 0);

	/* on the branch's to-do list, not overdue yet */
	test_ok(case_todo(&g_core, &A_br1, 3, &items, &n, &counts, &e), &e, "todo");
	int found = 0;
	for (size_t i = 0; i < n; i++)
		if (items[i].kind == TODO_PAPERWORK && items[i].case_id == id) {
			found = 1;
			assert_string_equal(items[i].due_on, "2024-03-15");
			assert_int_equal(items[i].overdue, 0);
			assert_string_equal(items[i].kind_code, "paperwork");
		}
	assert_true(found);
	assert_true(counts.paperwork >= 1);
	free(items);

	/* the committee enters it for screening and pays */
	case_step_input_init(in);
	step_ok(&A_com1, id, EV_ENTER_SCREENING, in);
	COPY(in->screening_result, "通过");
	step_ok(&A_com1, id, EV_SCREEN_PASS, in);
	pay_now(id);

	/* after the 15th the paperwork is overdue and comes first */
	today("2024-03-16");
	test_ok(case_todo(&g_core, &A_br1, 3, &items, &n, &counts, &e), &e, "todo");
	assert_true(n >= 1);
	assert_int_equal(items[0].overdue, 1);
	found = 0;
	for (size_t i = 0; i < n; i++)
		if (items[i].kind == TODO_PAPERWORK && items[i].case_id == id) {
			found = 1;
			assert_int_equal(items[i].overdue, 1);
		}
	assert_true(found);
	for (size_t i = 1; i < n; i++) /* overdue first */
		assert_true(items[i - 1].overdue >= items[i].overdue);
	assert_true(counts.overdue >= 1);
	free(items);
	/* the department sees it too; an auditor has nothing to do */
	test_ok(case_todo(&g_core, &A_dept, 3, NULL, NULL, &counts, &e), &e, "todo dept");
	assert_true(counts.paperwork >= 1);
	test_ok(case_todo(&g_core, &A_audit, 3, NULL, NULL, &counts, &e), &e, "todo auditor");
	assert_int_equal(counts.total, 0);

	/* no verification before the paperwork is complete */
	test_refused(step(&A_dept, id, EV_VERIFY, NULL, &e), &e, EC_CONFLICT, "手续尚未补齐");
	test_refused(case_paperwork_done(&g_core, &A_br1, id, &e), &e, EC_CONFLICT, "还缺");
	test_ok(case_dossier_add(&g_core, &A_br1, id, CASE_DOSSIER_ALL, &e), &e, "dossier");
	test_ok(case_paperwork_done(&g_core, &A_br1, id, &e), &e, "paperwork");
	test_refused(case_paperwork_done(&g_core, &A_br1, id, &e), &e, EC_CONFLICT, "已经补齐");
	test_ok(case_todo(&g_core, &A_br1, 3, &items, &n, &counts, &e), &e, "todo");
	for (size_t i = 0; i < n; i++)
		assert_false(items[i].kind == TODO_PAPERWORK && items[i].case_id == id);
	free(items);
	step_ok(&A_dept, id, EV_VERIFY, NULL);
	assert_string_equal(get(id)->state, "verified");
	assert_int_equal(has_event(id, "paperwork_done"), 1);
	free(in);
}

/* Every guard of the table, refused through case_step with its message. */
static void test_guards(void **state)
{
	struct bf_err e;
	struct case_step_input *in = step_in();
	today("2024-06-03");
	int64_t m1 = add_member(&B1, "钱一", "1960-01-01", "1985-07-01", "农业");
	int64_t id = yearly_case(&A_br1, m1);

	/* a step not possible in the state; a role not allowed */
	test_refused(step(&A_dept, id, EV_APPROVE, NULL, &e), &e, EC_CONFLICT, "不能进行");
	test_refused(step(&A_dept, id, EV_INVESTIGATE, NULL, &e), &e, EC_FORBIDDEN, "须由");
	test_refused(step(&A_audit, id, EV_INVESTIGATE, NULL, &e), &e, EC_FORBIDDEN, "只能查看");
	test_refused(step(&A_br1, id, EV__COUNT, NULL, &e), &e, EC_INVALID, "未知的操作");
	/* the investigation record, field by field */
	test_refused(step(&A_br1, id, EV_INVESTIGATE, in, &e), &e, EC_MISSING, "入户调查日期");
	COPY(in->investigation_on, "2024-06-04");
	test_refused(step(&A_br1, id, EV_INVESTIGATE, in, &e), &e, EC_INVALID, "不能晚于今天");
	COPY(in->investigation_on, "2024-06-03");
	test_refused(step(&A_br1, id, EV_INVESTIGATE, in, &e), &e, EC_MISSING, "调查人员");
	investigate(id, "2024-06-03");
	/* the appraisal: recorded and passed */
	case_step_input_init(in);
	COPY(in->appraisal_on, "2024-06-03");
	in->expected = 10;
	in->present = 11;
	test_refused(step(&A_br1, id, EV_APPRAISE, in, &e), &e, EC_INVALID, "实到人数");
	in->present = 9;
	in->votes_for = 6;
	in->votes_against = 4;
	test_refused(step(&A_br1, id, EV_APPRAISE, in, &e), &e, EC_INVALID, "超过实到人数");
	in->votes_for = 4;
	in->votes_against = 4;
	COPY(in->appraisal_minutes, "会议记录");
	test_refused(step(&A_br1, id, EV_APPRAISE, in, &e), &e, EC_CONFLICT, "赞成票未超过反对票");
	appraise(id, "2024-06-03", 20, 3);
	/* an emergency's decision needs its amount */
	int64_t em = emergency_case(&A_br1, add_member(&B1, "钱二", "1960-01-01", "1985-07-01", ""),
				    "major_loss", 0);
	investigate(em, "2024-06-03");
	appraise(em, "2024-06-03", 20, 3);
	case_step_input_init(in);
	COPY(in->decision_on, "2024-06-03");
	COPY(in->decision_minutes, "支委会记录");
	test_refused(step(&A_br1, em, EV_DECIDE, in, &e), &e, EC_MISSING, "拟救助金额");
	decide(id, "2024-06-03", 0);

	/* notice: not over, objection open (case_step close_notice) */
	step_ok(&A_br1, id, EV_OPEN_NOTICE, NULL);
	test_refused(step(&A_br1, id, EV_OPEN_NOTICE, NULL, &e), &e, EC_CONFLICT, "不能进行");
	test_refused(step(&A_br1, id, EV_CLOSE_NOTICE, NULL, &e), &e, EC_CONFLICT,
		     "公示期尚未结束");
	test_refused(step(&A_br1, id, EV_SUBMIT, NULL, &e), &e, EC_CONFLICT, "不能进行");
	/* return and reject need a reason */
	test_refused(step(&A_br1, id, EV_RETURN, NULL, &e), &e, EC_CONFLICT, "请写明原因");
	test_refused(step(&A_br1, id, EV_REJECT, NULL, &e), &e, EC_CONFLICT, "请写明原因");
	today("2024-06-12");
	struct notice nt;
	struct objection o = {0};
	assert_int_equal(store_notice_of_case(g_db, id, &nt, &e), DB_ONE);
	o.notice_id = nt.id;
	COPY(o.channel, "letter");
	COPY(o.received_on, "2024-06-05");
	COPY(o.content, "来信反映公示未在村务公开栏张贴");
	test_ok(case_objection_add(&g_core, &A_br1, &o, &e), &e, "objection on the notice");
	test_refused(step(&A_br1, id, EV_CLOSE_NOTICE, NULL, &e), &e, EC_CONFLICT,
		     "异议尚未全部处理");
	test_ok(
	    case_objection_handle(&g_core, &A_br1, o.id, "unfounded", "经查，公示已按规定张贴", &e),
	    &e, "handle");
	step_ok(&A_br1, id, EV_CLOSE_NOTICE, NULL);
	/* submit: the dossier */
	test_refused(step(&A_br1, id, EV_SUBMIT, NULL, &e), &e, EC_CONFLICT, "报备资料不全");
	case_step_input_init(in);
	in->dossier = CASE_DOSSIER_ALL;
	step_ok(&A_br1, id, EV_SUBMIT, in);
	step_ok(&A_com1, id, EV_REVIEW, NULL);

	/* approval: another kind of aid this year without special approval */
	int64_t other = emergency_case(&A_br1, m1, "sudden_illness", 150000);
	case_step_input_init(in);
	COPY(in->paperwork_due, "2024-06-30");
	COPY(in->reason, "突发重病住院，急需救助");
	step_ok(&A_dept, other, EV_PAY_FIRST, in);
	test_refused(step(&A_dept, id, EV_APPROVE, NULL, &e), &e, EC_CONFLICT, "另一类帮扶救助");
	case_step_input_init(in);
	in->special_approval = 1;
	test_refused(step(&A_dept, id, EV_APPROVE, in, &e), &e, EC_MISSING, "特别审批理由");
	COPY(in->special_reason, "组织部办公会议研究，同意同年度给予两类帮扶");
	step_ok(&A_dept, id, EV_APPROVE, in);
	assert_int_equal(get(id)->special_approval, 1);

	/* approval: an amount above the standard needs a special approval */
	int64_t big = emergency_case(
	    &A_br1, add_member(&B1, "钱三", "1970-01-01", "1990-07-01", ""), "major_loss", 250000);
	to_reviewed(big, 250000);
	test_refused(step(&A_dept, big, EV_APPROVE, NULL, &e), &e, EC_CONFLICT,
		     "须先录入书面特别审批");
	/* yearly aid is never paid first */
	test_refused(step(&A_dept, id, EV_PAY_FIRST, NULL, &e), &e, EC_CONFLICT,
		     "只有突发事故救助");
	/* approval: an exclusion blocks */
	int64_t m4 = add_member(&B1, "钱四", "1960-01-01", "1985-07-01", "农业");
	struct case_input *ci = malloc(sizeof(*ci));
	assert_non_null(ci);
	yearly_input(ci, m4);
	policy_codes_add(&ci->exclusions, "gambling_drugs_cults");
	struct aid_case *c = malloc(sizeof(*c));
	assert_non_null(c);
	test_ok(case_create(&g_core, &A_br1, ci, c, &e), &e, "excluded case");
	assert_int_equal(c->eligible, 0);
	int64_t excluded = c->id;
	to_reviewed(excluded, 0);
	test_refused(step(&A_dept, excluded, EV_APPROVE, NULL, &e), &e, EC_CONFLICT,
		     "不得列为帮扶对象");
	/* approval: a case found ineligible (no condition met) */
	int64_t m5 = add_member(&B1, "钱五", "1980-01-01", "2005-07-01", "农业");
	yearly_input(ci, m5);
	memset(&ci->conditions, 0, sizeof(ci->conditions));
	ci->labour_capacity = 1;
	test_ok(case_create(&g_core, &A_br1, ci, c, &e), &e, "ineligible case");
	assert_int_equal(c->eligible, 0);
	int64_t ineligible = c->id;
	to_reviewed(ineligible, 0);
	test_refused(step(&A_dept, ineligible, EV_APPROVE, NULL, &e), &e, EC_CONFLICT,
		     "不符合帮扶条件");
	enum case_event evs[EV__COUNT];
	int k = case_allowed_events(&g_core, &A_dept, ineligible, evs, &e);
	for (int i = 0; i < k; i++)
		assert_int_not_equal(evs[i], EV_APPROVE);

	/* screening: a failure needs its reason */
	today("2024-06-12");
	case_step_input_init(in);
	step_ok(&A_com1, id, EV_ENTER_SCREENING, in);
	test_refused(step(&A_com1, id, EV_SCREEN_FAIL, in, &e), &e, EC_CONFLICT, "请写明原因");
	COPY(in->screening_result, "系统提示：该党员已享受其他救助");
	COPY(in->reason, "筛查发现重复救助");
	step_ok(&A_com1, id, EV_SCREEN_FAIL, in);
	assert_string_equal(get(id)->state, "rejected");
	assert_string_equal(get(id)->due_on, "");
	/* nothing is paid to an unscreened case */
	test_refused(pay_case_now(&g_core, &A_dept, big, "department", "", "", NULL, &e), &e,
		     EC_CONFLICT, "筛查");
	/* finished: no more steps, no more edits */
	test_refused(step(&A_dept, id, EV_REJECT, in, &e), &e, EC_CONFLICT, "不能进行");
	/* return and resubmit: back to applied, facts editable again */
	COPY(in->reason, "家庭收入情况需重新核实");
	step_ok(&A_dept, excluded, EV_RETURN, in);
	assert_string_equal(get(excluded)->state, "returned");
	step_ok(&A_br1, excluded, EV_RESUBMIT, NULL);
	assert_string_equal(get(excluded)->state, "applied");
	/* the department rejects the others, clearing its list */
	COPY(in->reason, "不符合帮扶条件");
	step_ok(&A_dept, big, EV_REJECT, in);
	step_ok(&A_dept, ineligible, EV_REJECT, in);
	free(ci);
	free(c);
	free(in);
}

/* --- the optimistic lock --- */

struct racer {
	struct test_race race; /* its ready only: the refusal is kept whole in e */
	struct core core;
	const struct actor *a;
	int64_t id;
	int64_t version;
	int rc;
	struct bf_err e;
};

static void *race(void *arg)
{
	struct racer *r = arg;
	struct case_step_input *in = step_in();
	in->version = r->version;
	COPY(in->investigation_on, "2024-06-03");
	COPY(in->investigators, r->a->username);
	COPY(in->investigation, "入户查看");
	pthread_barrier_wait(r->race.ready);
	r->rc = case_step(&r->core, r->a, r->id, EV_INVESTIGATE, in, &r->e);
	free(in);
	return NULL;
}

static void test_lock(void **state)
{
	struct bf_err e;
	struct case_step_input *in = step_in();
	today("2024-06-03");
	int64_t id =
	    yearly_case(&A_br1, add_member(&B1, "孙一", "1960-01-01", "1985-07-01", "农业"));
	int64_t v = get(id)->version;

	/* a stale version is refused, whoever writes */
	in->version = v + 1;
	COPY(in->investigation_on, "2024-06-03");
	COPY(in->investigators, "张三");
	COPY(in->investigation, "入户查看");
	test_refused(step(&A_br1, id, EV_INVESTIGATE, in, &e), &e, EC_CONFLICT,
		     "该案件已被他人更新，请刷新后重试");

	/* two workers on two connections take the same step holding the same
	 * version: exactly one wins, the other is told to refresh */
	struct racer r[2];
	const struct actor *who[2] = {&A_br1, &A_com1};
	for (int i = 0; i < 2; i++) {
		memset(&r[i], 0, sizeof(r[i]));
		test_ok(test_suite_connect(&r[i].core, &g_core, &e), &e, "second connection");
		r[i].a = who[i];
		r[i].id = id;
		r[i].version = v;
	}
	test_race_run(2, race, r, sizeof(r[0]));
	int wins = 0;
	for (int i = 0; i < 2; i++) {
		if (r[i].rc == 0)
			wins++;
		else
			test_refused(r[i].rc, &r[i].e, EC_CONFLICT, "该案件已被他人更新");
		db_close(r[i].core.db);
	}
	assert_int_equal(wins, 1);
	assert_string_equal(get(id)->state, "investigated");
	assert_int_equal(has_event(id, "investigate"), 1);
	free(in);
}

/* --- scope --- */

static void test_scope(void **state)
{
	struct bf_err e;
	struct aid_case *c = malloc(sizeof(*c));
	struct case_input *ci = malloc(sizeof(*ci));
	assert_non_null(c);
	assert_non_null(ci);
	today("2024-06-03");
	int64_t m = add_member(&B1, "周一", "1960-01-01", "1985-07-01", "农业");
	int64_t id = yearly_case(&A_br1, m);

	/* another branch, another committee: the case does not exist for them */
	test_refused(case_get(&g_core, &A_br2, id, c, &e), &e, EC_NOT_FOUND, "档案不存在");
	test_refused(case_get(&g_core, &A_com2, id, c, &e), &e, EC_NOT_FOUND, "档案不存在");
	test_refused(step(&A_br2, id, EV_INVESTIGATE, NULL, &e), &e, EC_NOT_FOUND, "档案不存在");
	test_refused(step(&A_br2, id, EV_REJECT, NULL, &e), &e, EC_NOT_FOUND, NULL);
	enum case_event evs[EV__COUNT];
	test_refused(case_allowed_events(&g_core, &A_br2, id, evs, &e), &e, EC_NOT_FOUND, NULL);
	struct case_event_row *tl = NULL;
	size_t n = 0;
	test_refused(case_timeline(&g_core, &A_br2, id, &tl, &n, &e), &e, EC_NOT_FOUND, NULL);
	/* nor its member: no case for someone else's member */
	yearly_input(ci, m);
	test_refused(case_create(&g_core, &A_br2, ci, c, &e), &e, EC_NOT_FOUND, "党员");
	/* above: the committee and the department see it */
	test_ok(case_get(&g_core, &A_com1, id, c, &e), &e, "committee");
	test_ok(case_get(&g_core, &A_dept, id, c, &e), &e, "department");
	/* the list is cut to the scope; a filter naming what is outside it
	 * is 404 like the record, not an empty list */
	struct case_query q = {0};
	struct aid_case *items = NULL;
	int64_t total = 0;
	q.scope_path = "/"; /* overridden by the actor's */
	q.member_id = m;
	test_refused(case_list(&g_core, &A_br2, &q, &items, &n, &total, &e), &e, EC_NOT_FOUND,
		     "党员");
	assert_string_equal(e.field, "member");
	q.member_id = 0;
	q.org_id = B1.id;
	test_refused(case_list(&g_core, &A_br2, &q, &items, &n, &total, &e), &e, EC_NOT_FOUND,
		     "组织");
	struct case_query none = {0};
	test_ok(case_list(&g_core, &A_br2, &none, &items, &n, &total, &e), &e, "no filter");
	free(items);
	q.org_id = 0;
	q.member_id = m;
	test_ok(case_list(&g_core, &A_br1, &q, &items, &n, &total, &e), &e, "list");
	assert_int_equal(total, 1);
	free(items);
	/* the allowed events follow the role */
	int k = case_allowed_events(&g_core, &A_br1, id, evs, &e);
	assert_true(k >= 3); /* investigate, return, reject */
	assert_int_equal(evs[0], EV_INVESTIGATE);
	assert_int_equal(case_allowed_events(&g_core, &A_audit, id, evs, &e), 0);
	assert_int_equal(case_allowed_events(&g_core, &A_dept, id, evs, &e), 0);
	free(c);
	free(ci);
}

/* --- batch notice and batch approval, all or nothing --- */

/* Applied → decided on date by actor a. */
static void decided_by(const struct actor *a, int64_t id, const char *date)
{
	struct case_step_input *in = step_in();
	COPY(in->investigation_on, date);
	COPY(in->investigators, "王五");
	COPY(in->investigation, "属实");
	step_ok(a, id, EV_INVESTIGATE, in);
	case_step_input_init(in);
	COPY(in->appraisal_on, date);
	in->expected = in->present = 20;
	in->votes_for = 18;
	COPY(in->appraisal_minutes, "同意");
	step_ok(a, id, EV_APPRAISE, in);
	case_step_input_init(in);
	COPY(in->decision_on, date);
	COPY(in->decision_minutes, "同意");
	step_ok(a, id, EV_DECIDE, in);
	free(in);
}

static void test_batch_notice(void **state)
{
	struct bf_err e;
	struct notice nt;
	struct case_notice_input ni = {0};
	today("2024-06-03");
	int64_t a =
	    yearly_case(&A_br2, add_member(&B2, "吴一", "1960-01-01", "1985-07-01", "农业"));
	int64_t b =
	    yearly_case(&A_br2, add_member(&B2, "吴二", "1961-01-01", "1985-07-01", "农业"));
	int64_t x =
	    yearly_case(&A_br2, add_member(&B2, "吴三", "1962-01-01", "1985-07-01", "农业"));
	int64_t other =
	    yearly_case(&A_br1, add_member(&B1, "吴四", "1963-01-01", "1985-07-01", ""));
	decided_by(&A_br2, a, "2024-06-03");
	decided_by(&A_br2, b, "2024-06-03");
	/* one case not decided: nothing is posted, and the refusal names it */
	int64_t three[] = {a, b, x};
	ni.org_id = B2.id;
	test_refused(case_notice_open(&g_core, &A_br2, &ni, three, 3, &nt, &e), &e, EC_CONFLICT,
		     "吴三");
	assert_non_null(strstr(e.message, "不能进行"));
	assert_string_equal(get(a)->state, "decided");
	assert_int_equal(store_notice_of_case(g_db, a, &nt, &e), DB_NONE);
	/* a case of another branch is refused (and is out of the branch's reach) */
	int64_t mixed[] = {a, other};
	test_refused(case_notice_open(&g_core, &A_br2, &ni, mixed, 2, &nt, &e), &e, EC_NOT_FOUND,
		     NULL);
	test_refused(case_notice_open(&g_core, &A_com1, &ni, mixed, 2, &nt, &e), &e, EC_INVALID,
		     "不属于");
	/* the branch's whole list */
	test_refused(case_notice_open(&g_core, &A_br2, &ni, NULL, 0, &nt, &e), &e, EC_MISSING,
		     NULL);
	COPY(ni.kind, "yearly");
	COPY(ni.office, "城关镇党委组织办");
	test_ok(case_notice_open(&g_core, &A_br2, &ni, NULL, 0, &nt, &e), &e, "whole list");
	assert_int_equal(nt.ncases, 2);
	assert_string_equal(nt.office, "城关镇党委组织办");
	assert_string_equal(nt.office_phone, "0531-88110012");
	assert_string_equal(nt.ends_on, "2024-06-07");
	assert_string_equal(get(a)->state, "in_notice");
	assert_string_equal(get(b)->state, "in_notice");
	assert_string_equal(get(x)->state, "applied");
	/* nothing left to post */
	test_refused(case_notice_open(&g_core, &A_br2, &ni, NULL, 0, &nt, &e), &e, EC_CONFLICT,
		     "没有待公示");

	/* an upheld objection returns its case; closing moves the other on */
	struct objection o = {0};
	o.notice_id = nt.id;
	o.case_id = b;
	COPY(o.channel, "in_person");
	COPY(o.content, "该户子女均有稳定工作，收入较高");
	COPY(o.reporter, "村民李某");
	today("2024-06-05");
	test_ok(case_objection_add(&g_core, &A_br2, &o, &e), &e, "objection");
	COPY(o.channel, "email");
	test_refused(case_objection_add(&g_core, &A_br2, &o, &e), &e, EC_INVALID, "受理方式");
	test_refused(case_objection_handle(&g_core, &A_br2, o.id, "maybe", "理由", &e), &e,
		     EC_INVALID, "处理结果");
	test_ok(case_objection_handle(&g_core, &A_br2, o.id, "upheld_returned",
				      "经核实子女每月赡养费较高，不符合条件", &e),
		&e, "uphold");
	struct aid_case *c = get(b);
	assert_string_equal(c->state, "returned");
	struct case_event_row *tl = NULL;
	size_t n = 0;
	test_ok(case_timeline(&g_core, &A_br2, b, &tl, &n, &e), &e, "timeline");
	assert_string_equal(tl[n - 2].event, "return");
	assert_non_null(strstr(tl[n - 2].reason, "异议成立"));
	assert_string_equal(tl[n - 1].event, "objection_handled");
	free(tl);
	struct objection *ol = NULL;
	test_ok(case_objection_list(&g_core, &A_br2, nt.id, 0, &ol, &n, &e), &e, "objections");
	assert_int_equal(n, 1);
	assert_string_equal(ol[0].outcome, "upheld_returned");
	free(ol);
	/* corrected, it goes through again and is posted anew while the first
	 * notice is still up */
	step_ok(&A_br2, b, EV_RESUBMIT, NULL);
	decided_by(&A_br2, b, "2024-06-05");
	struct notice again;
	ni.kind[0] = '\0';
	test_ok(case_notice_open(&g_core, &A_br2, &ni, &b, 1, &again, &e), &e, "posted again");
	assert_string_equal(again.ends_on, "2024-06-12"); /* 5, 6, 7, 11, 12: 10 is 端午 */
	today("2024-06-07");
	test_refused(case_notice_close(&g_core, &A_br2, nt.id, &e), &e, EC_CONFLICT,
		     "公示期尚未结束");
	today("2024-06-08");
	test_ok(case_notice_close(&g_core, &A_br2, nt.id, &e), &e, "close");
	assert_string_equal(get(a)->state, "noticed");
	assert_string_equal(get(b)->state, "in_notice"); /* on the later notice */
	test_refused(step(&A_br2, b, EV_CLOSE_NOTICE, NULL, &e), &e, EC_CONFLICT, "公示期尚未结束");
	today("2024-06-13");
	step_ok(&A_br2, b, EV_CLOSE_NOTICE, NULL);
	test_ok(case_notice_get(&g_core, &A_br2, again.id, &again, NULL, NULL, &e), &e, "get");
	assert_string_equal(again.status, "closed");
	test_refused(case_notice_close(&g_core, &A_br2, nt.id, &e), &e, EC_CONFLICT, "已经结束");
	test_refused(case_objection_add(&g_core, &A_br2, &o, &e), &e, EC_INVALID, NULL);
	COPY(o.channel, "phone");
	test_refused(case_objection_add(&g_core, &A_br2, &o, &e), &e, EC_CONFLICT, "公示已经结束");
}

static void test_batch_approval(void **state)
{
	struct bf_err e;
	size_t approved = 0;
	struct case_step_input *in = step_in();
	/* two reviewed cases of committee C1, one of them excluded */
	today("2024-06-03");
	int64_t good =
	    yearly_case(&A_br1, add_member(&B1, "郑一", "1960-01-01", "1985-07-01", "农业"));
	struct case_input *ci = malloc(sizeof(*ci));
	struct aid_case *c = malloc(sizeof(*c));
	assert_non_null(ci);
	assert_non_null(c);
	yearly_input(ci, add_member(&B1, "郑二", "1960-01-01", "1985-07-01", "农业"));
	policy_codes_add(&ci->exclusions, "refuses_duties");
	/* marked eligible by the worker: only the exclusion guard stands */
	ci->override.eligible = 1;
	COPY(ci->override.reason, "长期外出务工，已说明情况");
	test_ok(case_create(&g_core, &A_br1, ci, c, &e), &e, "excluded");
	int64_t bad = c->id;
	assert_int_equal(c->eligible, 1);
	assert_int_equal(c->eligible_auto, 0);
	to_reviewed(good, 0);
	to_reviewed(bad, 0);
	/* the committee's to-do no longer lists them; the department's does */
	struct case_todo_counts counts;
	test_ok(case_todo(&g_core, &A_dept, 3, NULL, NULL, &counts, &e), &e, "todo");
	assert_true(counts.cases >= 2);

	int64_t both[] = {good, bad};
	test_refused(case_approve_batch(&g_core, &A_com1, 0, both, 2, NULL, &approved, &e), &e,
		     EC_FORBIDDEN, "组织部");
	test_refused(case_approve_batch(&g_core, &A_dept, 0, both, 2, NULL, &approved, &e), &e,
		     EC_CONFLICT, "郑二");
	assert_non_null(strstr(e.message, "不得列为帮扶对象"));
	assert_string_equal(get(good)->state, "reviewed");
	/* the check-only run names every refusal and writes nothing */
	int64_t three[] = {good, 999999, bad};
	int64_t *ok = NULL;
	struct case_refusal *no = NULL;
	size_t n_ok = 0, n_no = 0;
	test_refused(case_approve_check(&g_core, &A_com1, 0, three, 3, &ok, &n_ok, &no, &n_no, &e),
		     &e, EC_FORBIDDEN, "组织部");
	test_ok(case_approve_check(&g_core, &A_dept, 0, three, 3, &ok, &n_ok, &no, &n_no, &e), &e,
		"check");
	assert_int_equal(n_ok, 1);
	assert_int_equal(ok[0], good);
	assert_int_equal(n_no, 2);
	assert_int_equal(no[0].case_id, 999999);
	assert_string_equal(no[0].member_name, "");
	assert_non_null(strstr(no[0].message, "不存在"));
	assert_int_equal(no[1].case_id, bad);
	assert_string_equal(no[1].member_name, "郑二");
	assert_non_null(strstr(no[1].message, "不得列为帮扶对象"));
	free(ok);
	free(no);
	assert_string_equal(get(good)->state, "reviewed");
	/* the own-level list: B1's cases are not filed with C1 itself */
	struct case_query q = {0};
	struct aid_case *list = NULL;
	size_t nl = 0;
	int64_t total = 0;
	q.org_id = C1.id;
	test_ok(case_list_own(&g_core, &A_dept, &q, 1, &list, &nl, &total, &e), &e, "own");
	for (size_t i = 0; i < nl; i++)
		assert_int_equal(list[i].org_id, C1.id);
	free(list);
	q.org_id = B1.id;
	test_ok(case_list_own(&g_core, &A_dept, &q, 1, &list, &nl, &total, &e), &e, "own B1");
	assert_true(total >= 2);
	free(list);
	q.org_id = 0;
	test_refused(case_list_own(&g_core, &A_dept, &q, 1, &list, &nl, &total, &e), &e, EC_MISSING,
		     NULL);
	/* return the excluded one; then the committee's whole list */
	COPY(in->reason, "存在无故不参加组织生活的情形");
	step_ok(&A_dept, bad, EV_RETURN, in);
	/* the batch approves exactly the cases listed: never a whole list */
	test_refused(case_approve_batch(&g_core, &A_dept, C1.id, NULL, 0, NULL, &approved, &e), &e,
		     EC_MISSING, "勾选");
	int64_t twice[] = {good, good};
	test_refused(case_approve_batch(&g_core, &A_dept, C1.id, twice, 2, NULL, &approved, &e), &e,
		     EC_INVALID, "重复");
	test_refused(case_approve_batch(&g_core, &A_dept, C2.id, &good, 1, NULL, &approved, &e), &e,
		     EC_INVALID, "不在");
	test_refused(case_approve_batch(&g_core, &A_dept, C1.id, both, 2, NULL, &approved, &e), &e,
		     EC_CONFLICT, "郑二");
	assert_string_equal(get(good)->state, "reviewed");
	test_ok(case_approve_batch(&g_core, &A_dept, C1.id, &good, 1, NULL, &approved, &e), &e,
		"batch");
	assert_int_equal(approved, 1);
	assert_string_equal(get(bad)->state, "returned");
	c = memcpy(c, get(good), sizeof(*c));
	assert_string_equal(c->state, "approved");
	assert_int_equal(c->approved_fen, 60000);
	/* on the committee's list now, due by the screening deadline or the
	 * round's, whichever is earlier: the round's 2024-02-16 */
	assert_string_equal(c->due_on, "2024-02-16");
	struct case_todo *items = NULL;
	size_t n = 0;
	test_ok(case_todo(&g_core, &A_com1, 3, &items, &n, &counts, &e), &e, "todo com1");
	int found = 0;
	for (size_t i = 0; i < n; i++)
		if (items[i].case_id == good) {
			found = 1;
			assert_int_equal(items[i].overdue, 1);
			assert_non_null(strstr(items[i].title, "待录入救助系统"));
		}
	assert_true(found);
	free(items);

	/* the department's progress of the round */
	struct case_progress *rows = NULL;
	test_ok(case_round_progress(&g_core, &A_dept, g_round.id, 0, &rows, &n, &e), &e,
		"progress");
	assert_int_equal(n, 3); /* the department itself, C1, C2 */
	int64_t c1_total = 0, c1_approved = 0, c1_late = 0, c2_total = -1;
	for (size_t i = 0; i < n; i++) {
		if (rows[i].org_id == C1.id) {
			c1_total = rows[i].total;
			c1_approved = rows[i].by_state[CS_APPROVED];
			c1_late = rows[i].late;
		}
		if (rows[i].org_id == C2.id)
			c2_total = rows[i].total;
		if (rows[i].org_id == D.id)
			assert_int_equal(rows[i].own, 1);
	}
	assert_true(c1_total >= 2);
	assert_true(c1_approved >= 1);
	assert_true(c1_late >= 1); /* the round was due 2024-02-16 */
	assert_int_equal(c2_total, 0);
	free(rows);
	test_refused(case_round_progress(&g_core, &A_br2, 0, C2.id, &rows, &n, &e), &e,
		     EC_NOT_FOUND, NULL);
	free(ci);
	free(c);
	free(in);
}

/* --- classification and its override --- */

static void test_override(void **state)
{
	struct bf_err e;
	struct case_input *ci = malloc(sizeof(*ci));
	struct aid_case *c = malloc(sizeof(*c));
	assert_non_null(ci);
	assert_non_null(c);
	today("2024-06-03");
	/* rural and 78: care, with the fixed subsidy */
	int64_t m = add_member(&B1, "冯老汉", "1946-01-01", "1968-07-01", "农业");
	yearly_input(ci, m);
	COPY(ci->override.category, "relief");
	test_refused(case_create(&g_core, &A_br1, ci, c, &e), &e, EC_MISSING, "改判须填写理由");
	assert_string_equal(e.field, "reason");
	COPY(ci->override.reason, "太短");
	test_refused(case_create(&g_core, &A_br1, ci, c, &e), &e, EC_INVALID, "至少 5 个字");
	COPY(ci->override.category, "care");
	COPY(ci->override.reason, "与系统计算相同的改判");
	test_refused(case_create(&g_core, &A_br1, ci, c, &e), &e, EC_INVALID, "无需改判");
	COPY(ci->override.category, "charity");
	test_refused(case_create(&g_core, &A_br1, ci, c, &e), &e, EC_INVALID, "未知的帮扶类别");
	COPY(ci->override.category, "relief");
	COPY(ci->override.reason, "本人长期卧床，按输血型救助更合适");
	test_ok(case_create(&g_core, &A_br1, ci, c, &e), &e, "override");
	assert_string_equal(c->category, "relief");
	assert_string_equal(c->category_auto, "care");
	assert_string_equal(c->category_reason, "本人长期卧床，按输血型救助更合适");
	assert_non_null(strstr(c->explanation, "经工作人员改判"));
	assert_non_null(strstr(c->explanation, "关爱型"));
	int64_t id = c->id;

	/* a correction of the facts keeps the override */
	classify_override_init(&ci->override);
	ci->income_fen = 300000;
	ci->version = c->version;
	test_ok(case_update(&g_core, &A_br1, id, ci, c, &e), &e, "update");
	assert_string_equal(c->category, "relief");
	assert_string_equal(c->category_auto, "care");
	assert_int_equal(c->income_fen, 300000);
	assert_int_equal(has_event(id, "update"), 1);
	/* with a stale version, refused */
	test_refused(case_update(&g_core, &A_br1, id, ci, c, &e), &e, EC_CONFLICT, "已被他人更新");
	/* bad facts name their field */
	ci->version = 0;
	COPY(ci->loss_type, "major_loss");
	test_refused(case_update(&g_core, &A_br1, id, ci, c, &e), &e, EC_INVALID, "事故类型");
	ci->loss_type[0] = '\0';
	policy_codes_add(&ci->causes, "laziness");
	test_refused(case_update(&g_core, &A_br1, id, ci, c, &e), &e, EC_INVALID, NULL);
	assert_string_equal(e.field, "causes");
	ci->causes.n = 1;
	ci->situation[0] = '\0';
	test_refused(case_update(&g_core, &A_br1, id, ci, c, &e), &e, EC_MISSING, "困难状况");
	/* once investigated, the facts are no longer edited in place */
	investigate(id, "2024-06-03");
	yearly_input(ci, m);
	test_refused(case_update(&g_core, &A_br1, id, ci, c, &e), &e, EC_CONFLICT, "请先退回");

	/* creation refusals: kind, round, loss type */
	yearly_input(ci, m);
	ci->kind[0] = '\0';
	test_refused(case_create(&g_core, &A_br1, ci, c, &e), &e, EC_MISSING, "帮扶类型");
	yearly_input(ci, m);
	test_refused(case_create(&g_core, &A_br1, ci, c, &e), &e, EC_CONFLICT,
		     "已有生活困难帮扶档案");
	ci->round_id = 0;
	test_refused(case_create(&g_core, &A_br1, ci, c, &e), &e, EC_MISSING, "帮扶轮次");
	case_input_init(ci);
	COPY(ci->kind, "emergency");
	ci->member_id = m;
	COPY(ci->situation, "火灾");
	test_refused(case_create(&g_core, &A_br1, ci, c, &e), &e, EC_MISSING, "事故类型");
	test_refused(case_create(&g_core, &A_audit, ci, c, &e), &e, EC_FORBIDDEN, NULL);
	free(ci);
	free(c);
}

/* --- attachments --- */

static void test_attachments(void **state)
{
	struct bf_err e;
	struct attachment at, at2, *list = NULL;
	size_t n = 0;
	void *data = NULL;
	size_t len = 0;
	char path[600];
	static const char pdf[] = "%PDF-1.4\n% bangfu test\n%%EOF\n";
	static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0};
	static const unsigned char jpg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'};
	today("2024-06-03");
	int64_t id =
	    yearly_case(&A_br1, add_member(&B1, "陈一", "1960-01-01", "1985-07-01", "农业"));

	test_refused(case_attach(&g_core, &A_br1, id, "application", "a.txt", "hello", 5, &at, &e),
		     &e, EC_INVALID, "PDF、JPG 或 PNG");
	test_refused(case_attach(&g_core, &A_br1, id, "application", "a.pdf", pdf, 0, &at, &e), &e,
		     EC_MISSING, "空");
	test_refused(
	    case_attach(&g_core, &A_br1, id, "selfie", "a.pdf", pdf, sizeof(pdf) - 1, &at, &e), &e,
	    EC_INVALID, "附件类别");
	size_t big = CASE_ATTACHMENT_MAX + 1;
	char *huge = calloc(1, big);
	assert_non_null(huge);
	memcpy(huge, "%PDF-", 5);
	test_refused(case_attach(&g_core, &A_br1, id, "other", "big.pdf", huge, big, &at, &e), &e,
		     EC_INVALID, "10 MiB");
	/* exactly 10 MiB is accepted */
	test_ok(case_attach(&g_core, &A_br1, id, "other", "big.pdf", huge, big - 1, &at, &e), &e,
		"10 MiB");
	assert_int_equal(at.size, CASE_ATTACHMENT_MAX);
	free(huge);

	test_ok(case_attach(&g_core, &A_br1, id, "application", "../../etc/申请书.pdf", pdf,
			    sizeof(pdf) - 1, &at, &e),
		&e, "pdf");
	assert_string_equal(at.sha256,
			    "c1ed7257c24a706f42a74c57addc4567fd5abc3139f07d32657c0d9afb718776");
	assert_string_equal(at.mime, "application/pdf");
	assert_string_equal(at.name, "申请书.pdf");
	assert_string_equal(at.stored_path,
			    "c1/c1ed7257c24a706f42a74c57addc4567fd5abc3139f07d32657c0d9afb718776");
	snprintf(path, sizeof(path), "%s/%s", g_core.files_dir, at.stored_path);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, sizeof(pdf) - 1);
	assert_int_equal(get(id)->dossier, CASE_DOSSIER_APPLICATION);
	/* the same content again: a second row, one file */
	test_ok(
	    case_attach(&g_core, &A_br1, id, "receipt", "回执.pdf", pdf, sizeof(pdf) - 1, &at2, &e),
	    &e, "again");
	assert_string_equal(at2.stored_path, at.stored_path);
	test_ok(
	    case_attach(&g_core, &A_br1, id, "diagnosis", "诊断.png", png, sizeof(png), NULL, &e),
	    &e, "png");
	test_ok(
	    case_attach(&g_core, &A_br1, id, "diagnosis", "诊断.jpg", jpg, sizeof(jpg), NULL, &e),
	    &e, "jpg");
	test_ok(case_attachment_list(&g_core, &A_br1, id, &list, &n, &e), &e, "list");
	assert_int_equal(n, 5);
	assert_string_equal(list[3].mime, "image/png");
	assert_string_equal(list[4].mime, "image/jpeg");
	free(list);
	assert_int_equal(has_event(id, "attach"), 5);

	/* read back, checked */
	test_ok(case_attachment_read(&g_core, &A_com1, at.id, &at2, &data, &len, &e), &e, "read");
	assert_int_equal(len, sizeof(pdf) - 1);
	assert_memory_equal(data, pdf, len);
	free(data);
	/* out of scope: not there */
	test_refused(case_attachment_read(&g_core, &A_br2, at.id, &at2, &data, &len, &e), &e,
		     EC_NOT_FOUND, "附件不存在");
	test_refused(
	    case_attach(&g_core, &A_br2, id, "other", "x.pdf", pdf, sizeof(pdf) - 1, NULL, &e), &e,
	    EC_NOT_FOUND, NULL);
	test_refused(case_attachment_list(&g_core, &A_br2, id, &list, &n, &e), &e, EC_NOT_FOUND,
		     NULL);
	/* a file changed on disk is refused */
	FILE *f = fopen(path, "r+b");
	assert_non_null(f);
	fputc('X', f);
	fclose(f);
	test_refused(case_attachment_read(&g_core, &A_br1, at.id, &at2, &data, &len, &e), &e,
		     EC_INTERNAL, "已损坏");
	/* no directory configured */
	struct core bare = {g_db, NULL, NULL};
	test_refused(
	    case_attach(&bare, &A_br1, id, "other", "x.pdf", pdf, sizeof(pdf) - 1, NULL, &e), &e,
	    EC_INTERNAL, "附件存放目录");
}

/* --- the calendar --- */

static void test_calendar(void **state)
{
	struct bf_err e;
	struct calendar_edit *days = NULL;
	struct calendar_year *years = NULL;
	size_t nd = 0, ny = 0;
	today("2024-06-03");
	test_refused(case_calendar_set_day(&g_core, &A_br1, "2027-01-01", "holiday", "元旦", &e),
		     &e, EC_FORBIDDEN, "组织部");
	test_refused(case_calendar_set_day(&g_core, &A_dept, "2027-01-05", "workday", "", &e), &e,
		     EC_INVALID, "周一至周五");
	test_refused(case_calendar_set_day(&g_core, &A_dept, "2027-01-05", "vacation", "", &e), &e,
		     EC_INVALID, "类型");
	test_refused(case_calendar_set_day(&g_core, &A_dept, "2027-13-05", "holiday", "", &e), &e,
		     EC_INVALID, NULL);

	const struct calendar *cal = case_calendar_acquire(&g_core, &e);
	assert_non_null(cal);
	struct ymd d = {2027, 1, 1};
	assert_int_equal(calendar_day_kind(cal, d), CAL_NORMAL);
	assert_int_equal(calendar_has_year(cal, 2027), 0);
	test_ok(case_calendar_set_day(&g_core, &A_dept, "2027-01-01", "holiday", "元旦", &e), &e,
		"set");
	/* the calendar held before stays as it was; a new one sees the edit */
	assert_int_equal(calendar_day_kind(cal, d), CAL_NORMAL);
	const struct calendar *cal2 = case_calendar_acquire(&g_core, &e);
	assert_non_null(cal2);
	assert_int_equal(calendar_day_kind(cal2, d), CAL_HOLIDAY);
	assert_string_equal(calendar_day_name(cal2, d), "元旦");
	case_calendar_release(cal);
	case_calendar_release(cal2);
	/* a shipped holiday turned back into an ordinary day, then restored */
	struct ymd nd1 = {2024, 10, 1};
	test_ok(case_calendar_set_day(&g_core, &A_dept, "2024-10-01", "normal", "", &e), &e,
		"normal");
	cal = case_calendar_acquire(&g_core, &e);
	assert_int_equal(calendar_is_workday(cal, nd1), 1);
	case_calendar_release(cal);
	test_ok(case_calendar_clear_day(&g_core, &A_admin, "2024-10-01", &e), &e, "clear day");
	test_refused(case_calendar_clear_day(&g_core, &A_admin, "2024-10-01", &e), &e, EC_NOT_FOUND,
		     NULL);
	cal = case_calendar_acquire(&g_core, &e);
	assert_int_equal(calendar_is_workday(cal, nd1), 0);
	case_calendar_release(cal);

	/* a whole year in the TSV format, then the year marked complete */
	test_refused(case_calendar_load_year(&g_core, &A_dept, 2027,
					     "2027-02-08\tworkday\t春节调休\n", "", &e),
		     &e, EC_INVALID, "第 1 行");
	test_refused(
	    case_calendar_load_year(&g_core, &A_dept, 2027, "2028-01-01\tholiday\t元旦\n", "", &e),
	    &e, EC_INVALID, "2028");
	test_ok(case_calendar_load_year(&g_core, &A_dept, 2027,
					"# 国务院办公厅关于2027年部分节假日安排的通知\n"
					"2027-01-01\tholiday\t元旦\n2027-02-07\tworkday\t春节调休\n"
					"2027-02-08\tholiday\t春节\n",
					"国办发明电〔2026〕1号（测试）", &e),
		&e, "load year");
	test_ok(case_calendar_edits(&g_core, &A_br1, 2027, &days, &nd, &years, &ny, &e), &e,
		"edits");
	assert_int_equal(nd, 3);
	assert_string_equal(days[1].day, "2027-02-07");
	assert_string_equal(days[1].kind, "workday");
	assert_int_equal(ny, 1);
	assert_int_equal(years[0].year, 2027);
	free(days);
	free(years);
	cal = case_calendar_acquire(&g_core, &e);
	assert_int_equal(calendar_has_year(cal, 2027), 1);
	struct ymd sun = {2027, 2, 7};
	assert_int_equal(calendar_is_workday(cal, sun), 1);
	case_calendar_release(cal);
	test_ok(case_calendar_clear_year(&g_core, &A_dept, 2027, &e), &e, "clear year");
	test_refused(case_calendar_clear_year(&g_core, &A_dept, 2027, &e), &e, EC_NOT_FOUND, NULL);
	test_ok(case_calendar_mark_year(&g_core, &A_dept, 2027, "测试", &e), &e, "mark");
	cal = case_calendar_acquire(&g_core, &e);
	assert_int_equal(calendar_has_year(cal, 2027), 1);
	assert_int_equal(calendar_is_workday(cal, sun), 0);
	case_calendar_release(cal);
	test_ok(case_calendar_clear_year(&g_core, &A_dept, 2027, &e), &e, "clear again");

	/* a notice reaching into a year without data is estimated: posted
	 * Monday 2026-12-28, its 5th working day is 2027-01-01 as far as
	 * anyone knows */
	today("2026-12-28");
	int64_t id =
	    emergency_case(&A_br1, add_member(&B1, "蒋一", "1960-01-01", "1985-07-01", "农业"),
			   "major_loss", 150000);
	investigate(id, "2026-12-28");
	appraise(id, "2026-12-28", 20, 1);
	decide(id, "2026-12-28", 150000);
	struct notice nt;
	struct case_notice_input ni = {0};
	ni.org_id = B1.id;
	test_ok(case_notice_open(&g_core, &A_br1, &ni, &id, 1, &nt, &e), &e, "notice");
	assert_string_equal(nt.ends_on, "2027-01-01");
	assert_int_equal(nt.estimated, 1);
	assert_string_equal(get(id)->due_on, "2027-01-01");
	assert_int_equal(get(id)->due_estimated, 1);
	struct case_todo *items = NULL;
	size_t n = 0;
	struct case_todo_counts counts;
	test_ok(case_todo(&g_core, &A_br1, 7, &items, &n, &counts, &e), &e, "todo");
	int found = 0;
	for (size_t i = 0; i < n; i++)
		if (items[i].kind == TODO_NOTICE && items[i].notice_id == nt.id) {
			found = 1;
			assert_int_equal(items[i].estimated, 1);
		}
	assert_true(found);
	free(items);
	/* New Year's Day 2027 becomes known: the notice runs to Monday the
	 * 4th, not shorter than posted, so it is not over on the 2nd */
	test_ok(case_calendar_set_day(&g_core, &A_dept, "2027-01-01", "holiday", "元旦", &e), &e,
		"set");
	test_ok(case_calendar_mark_year(&g_core, &A_dept, 2027, "", &e), &e, "mark");
	today("2027-01-02");
	test_refused(step(&A_br1, id, EV_CLOSE_NOTICE, NULL, &e), &e, EC_CONFLICT,
		     "公示期尚未结束");
	today("2027-01-05");
	step_ok(&A_br1, id, EV_CLOSE_NOTICE, NULL);
	/* emergencies: 3 days for the branch to report from the notice's end */
	assert_string_equal(get(id)->due_on, "2027-01-08");
	test_ok(case_calendar_clear_year(&g_core, &A_dept, 2027, &e), &e, "clear");
}

/* --- rounds --- */

static void test_rounds(void **state)
{
	struct bf_err e;
	struct aid_round r, *list = NULL;
	size_t n = 0;
	today("2025-12-01");
	test_refused(case_round_open(&g_core, &A_br1, 2025, "", &r, &e), &e, EC_FORBIDDEN,
		     "组织部");
	test_refused(case_round_open(&g_core, &A_dept, 1999, "", &r, &e), &e, EC_INVALID, "年度");
	test_ok(case_round_open(&g_core, &A_dept, 2025, "2025 年度帮扶", &r, &e), &e, "open");
	assert_string_equal(r.due_on, "2025-12-16");
	test_refused(case_round_open(&g_core, &A_dept, 2025, "", &r, &e), &e, EC_CONFLICT,
		     "已经开始");
	/* a branch sees its department's rounds */
	test_ok(case_round_list(&g_core, &A_br1, 2025, &list, &n, &e), &e, "list");
	assert_int_equal(n, 1);
	free(list);
	test_ok(case_round_get(&g_core, &A_br2, r.id, &r, &e), &e, "get");
	/* an emergency in 2025 for a member aided yearly in 2024 is fine */
	int64_t m = add_member(&B1, "韩一", "1960-01-01", "1985-07-01", "农业");
	struct case_input *ci = malloc(sizeof(*ci));
	struct aid_case *c = malloc(sizeof(*c));
	assert_non_null(ci);
	assert_non_null(c);
	yearly_input(ci, m);
	ci->round_id = r.id;
	test_ok(case_create(&g_core, &A_br1, ci, c, &e), &e, "case in 2025");
	assert_int_equal(c->year, 2025);
	assert_string_equal(c->due_on, "2025-12-16");
	test_ok(case_round_close(&g_core, &A_dept, r.id, &e), &e, "close");
	test_refused(case_round_close(&g_core, &A_dept, r.id, &e), &e, EC_CONFLICT, "已经结束");
	yearly_input(ci, add_member(&B1, "韩二", "1960-01-01", "1985-07-01", "农业"));
	ci->round_id = r.id;
	test_refused(case_create(&g_core, &A_br1, ci, c, &e), &e, EC_CONFLICT, "已结束");
	free(ci);
	free(c);
}

/* District-wide settings only from the root; a round closed only by the
 * organisation that opened it (issue #8 §2).  The accounts of a committee
 * with the department's and admin's roles are made here directly: whether
 * `user add` may make them is another rule, the core refuses either way. */
static void test_root_and_opener(void **state)
{
	struct bf_err e;
	struct actor tdept, tadmin;
	struct aid_round r;
	int version;
	const char *doc = "{\"version\":1}";
	test_actor(g_db, "CW-tdept", "department", &C1, &tdept);
	test_actor(g_db, "CW-tadmin", "admin", &C1, &tadmin);
	test_refused(case_policy_save(&g_core, &tdept, doc, strlen(doc), "调整", &version, &e), &e,
		     EC_FORBIDDEN, "根组织");
	test_refused(case_calendar_set_day(&g_core, &tadmin, "2027-01-01", "holiday", "元旦", &e),
		     &e, EC_FORBIDDEN, "根组织");
	test_refused(case_calendar_mark_year(&g_core, &tdept, 2027, "", &e), &e, EC_FORBIDDEN,
		     "根组织");
	test_refused(case_calendar_clear_day(&g_core, &tadmin, "2024-10-01", &e), &e, EC_FORBIDDEN,
		     "根组织");
	test_refused(case_calendar_clear_year(&g_core, &tdept, 2027, &e), &e, EC_FORBIDDEN,
		     "根组织");
	test_refused(case_calendar_load_year(&g_core, &tadmin, 2027, "", "", &e), &e, EC_FORBIDDEN,
		     "根组织");
	/* a committee's own round: not closed from above, nor the district's from below */
	test_ok(case_round_open(&g_core, &tdept, 2026, "城关 2026", &r, &e), &e, "open");
	assert_int_equal(r.org_id, C1.id);
	test_refused(case_round_close(&g_core, &A_dept, r.id, &e), &e, EC_FORBIDDEN, "开启该轮次");
	test_refused(case_round_close(&g_core, &A_admin, r.id, &e), &e, EC_FORBIDDEN, "开启该轮次");
	test_refused(case_round_close(&g_core, &tdept, g_round.id, &e), &e, EC_FORBIDDEN,
		     "开启该轮次");
	test_ok(case_round_close(&g_core, &tadmin, r.id, &e), &e, "closed by its organisation");
}

/* --- policy versions (last: it adds a version in force) --- */

static void test_policy(void **state)
{
	struct bf_err e;
	const struct policy *p;
	struct policy_row *rows = NULL;
	size_t n = 0;
	int version = 0;
	today("2024-06-03");
	test_ok(case_policy_ensure(&g_core, &e), &e, "ensure");
	test_ok(case_policy_ensure(&g_core, &e), &e, "ensure again");
	test_ok(case_policy_in_force(&g_core, NULL, &p, &e), &e, "in force");
	assert_int_equal(p->version, 1);
	test_refused(case_policy_in_force(&g_core, "2019-12-31", &p, &e), &e, EC_NOT_FOUND,
		     "没有生效");

	const char *text = policy_default_text();
	test_refused(case_policy_save(&g_core, &A_br1, text, strlen(text), "调整", &version, &e),
		     &e, EC_FORBIDDEN, "组织部");
	test_refused(case_policy_save(&g_core, &A_dept, text, strlen(text), "", &version, &e), &e,
		     EC_MISSING, "修改说明");
	test_refused(case_policy_save(&g_core, &A_dept, "{\"version\":1,\"bogus\":1}", 23, "调整",
				      &version, &e),
		     &e, EC_INVALID, NULL);
	/* effective in the past: only as a correction of today's version */
	struct policy *np = malloc(sizeof(*np));
	struct strbuf doc = STRBUF_INIT;
	assert_non_null(np);
	test_ok(policy_parse(text, strlen(text), np, &e), &e, "parse");
	COPY(np->effective_from, "2024-01-01");
	policy_to_json(np, &doc);
	test_refused(case_policy_save(&g_core, &A_dept, doc.buf, doc.len, "调整", &version, &e), &e,
		     EC_INVALID, "生效日期不得早于今天");
	assert_string_equal(e.field, "effective_from");
	/* from tomorrow: the yearly amount goes up */
	strbuf_reset(&doc);
	COPY(np->effective_from, "2024-06-04");
	np->yearly_amount_fen = 80000;
	policy_to_json(np, &doc);
	test_ok(case_policy_save(&g_core, &A_dept, doc.buf, doc.len, "提高生活困难帮扶标准",
				 &version, &e),
		&e, "save");
	assert_int_equal(version, 2);
	test_ok(case_policy_in_force(&g_core, NULL, &p, &e), &e, "in force today");
	assert_int_equal(p->version, 1);
	test_ok(case_policy_in_force(&g_core, "2024-06-04", &p, &e), &e, "in force tomorrow");
	assert_int_equal(p->version, 2);
	assert_int_equal(p->yearly_amount_fen, 80000);
	test_ok(case_policy_get(&g_core, 1, &p, &e), &e, "get 1");
	assert_int_equal(p->yearly_amount_fen, 60000);
	test_ok(case_policy_list(&g_core, &A_br1, &rows, &n, &e), &e, "list");
	assert_int_equal(n, 2);
	assert_string_equal(rows[1].note, "提高生活困难帮扶标准");
	assert_string_equal(rows[1].created_by_name, "dept");
	store_policy_rows_free(rows, n);

	/* a decision records the version in force on its day */
	int64_t id =
	    yearly_case(&A_br1, add_member(&B1, "杨一", "1960-01-01", "1985-07-01", "农业"));
	assert_int_equal(get(id)->policy_version, 1);
	today("2024-06-04");
	investigate(id, "2024-06-04");
	appraise(id, "2024-06-04", 20, 1);
	decide(id, "2024-06-04", 0);
	assert_int_equal(get(id)->policy_version, 2);
	assert_int_equal(get(id)->proposed_fen, 80000);
	struct case_event_row *tl = NULL;
	test_ok(case_timeline(&g_core, &A_br1, id, &tl, &n, &e), &e, "timeline");
	assert_int_equal(tl[0].policy_version, 1);
	assert_int_equal(tl[n - 1].policy_version, 2);
	free(tl);
	strbuf_release(&doc);
	free(np);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_yearly_round),   cmocka_unit_test(test_emergency_pay_first),
	    cmocka_unit_test(test_guards),	   cmocka_unit_test(test_lock),
	    cmocka_unit_test(test_scope),	   cmocka_unit_test(test_batch_notice),
	    cmocka_unit_test(test_batch_approval), cmocka_unit_test(test_override),
	    cmocka_unit_test(test_attachments),	   cmocka_unit_test(test_calendar),
	    cmocka_unit_test(test_rounds),	   cmocka_unit_test(test_root_and_opener),
	    cmocka_unit_test(test_policy),
	};
	return cmocka_run_group_tests_name(test_group_name("casework", "casework-pg"), tests,
					   group_setup, group_teardown);
}
