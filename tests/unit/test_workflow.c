/* test_workflow.c - the procedure table: every event for every role and
 * state is allowed or refused as §3 says, and every guard refuses in
 * Chinese. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "cases.h"

/* Facts under which every guard passes. */
static struct wf_facts good(enum case_kind kind)
{
	struct wf_facts f = {
	    .kind = kind,
	    .investigation_recorded = 1,
	    .appraisal_recorded = 1,
	    .appraisal_passed = 1,
	    .notice_ended = 1,
	    .dossier_complete = 1,
	    .has_reason = 1,
	    .screened_ok = 1,
	    .paperwork_complete = 1,
	};
	return f;
}

/* The levels of DOMAIN.md §3 (docs/internals/cases.md, "Who acts"),
 * written here again so that the table is checked against them. */
#define R(x)	   (1u << (x))
#define BRANCH	   (R(WR_BRANCH) | R(WR_COMMITTEE) | R(WR_ADMIN))
#define COMMITTEE  (R(WR_COMMITTEE) | R(WR_ADMIN))
#define DEPARTMENT (R(WR_DEPARTMENT) | R(WR_ADMIN))
#define PAYING	   (R(WR_COMMITTEE) | R(WR_DEPARTMENT) | R(WR_ADMIN))
#define YEARLY	   (1u << CASE_YEARLY)
#define EMERGENCY  (1u << CASE_EMERGENCY)
#define BOTH	   (YEARLY | EMERGENCY)

/* Every transition of the procedure with the roles that may take it: the
 * normal path, pay-first (emergencies only, before approval), returns and
 * rejections by the level holding the case, the resubmission. */
static const struct {
	enum case_state from;
	enum case_event ev;
	enum case_state to;
	unsigned roles; /* bit per enum wf_role allowed */
	unsigned kinds; /* bit per enum case_kind */
} path[] = {
    {CS_APPLIED, EV_INVESTIGATE, CS_INVESTIGATED, BRANCH, BOTH},
    {CS_INVESTIGATED, EV_APPRAISE, CS_APPRAISED, BRANCH, BOTH},
    {CS_APPRAISED, EV_DECIDE, CS_DECIDED, BRANCH, BOTH},
    {CS_DECIDED, EV_OPEN_NOTICE, CS_IN_NOTICE, BRANCH, BOTH},
    {CS_IN_NOTICE, EV_CLOSE_NOTICE, CS_NOTICED, BRANCH, BOTH},
    {CS_NOTICED, EV_SUBMIT, CS_SUBMITTED, BRANCH, BOTH},
    {CS_SUBMITTED, EV_REVIEW, CS_REVIEWED, COMMITTEE, BOTH},
    {CS_REVIEWED, EV_APPROVE, CS_APPROVED, DEPARTMENT, BOTH},
    {CS_APPROVED, EV_ENTER_SCREENING, CS_SCREENING, COMMITTEE, BOTH},
    {CS_SCREENING, EV_SCREEN_PASS, CS_SCREENED, COMMITTEE, BOTH},
    {CS_SCREENING, EV_SCREEN_FAIL, CS_REJECTED, COMMITTEE, BOTH},
    {CS_SCREENED, EV_PAY, CS_PAID, PAYING, BOTH},
    {CS_PAID, EV_VERIFY, CS_VERIFIED, DEPARTMENT, BOTH},
    {CS_APPLIED, EV_PAY_FIRST, CS_APPROVED, DEPARTMENT, EMERGENCY},
    {CS_INVESTIGATED, EV_PAY_FIRST, CS_APPROVED, DEPARTMENT, EMERGENCY},
    {CS_APPRAISED, EV_PAY_FIRST, CS_APPROVED, DEPARTMENT, EMERGENCY},
    {CS_DECIDED, EV_PAY_FIRST, CS_APPROVED, DEPARTMENT, EMERGENCY},
    {CS_IN_NOTICE, EV_PAY_FIRST, CS_APPROVED, DEPARTMENT, EMERGENCY},
    {CS_NOTICED, EV_PAY_FIRST, CS_APPROVED, DEPARTMENT, EMERGENCY},
    {CS_SUBMITTED, EV_PAY_FIRST, CS_APPROVED, DEPARTMENT, EMERGENCY},
    {CS_REVIEWED, EV_PAY_FIRST, CS_APPROVED, DEPARTMENT, EMERGENCY},
    {CS_APPLIED, EV_RETURN, CS_RETURNED, BRANCH, BOTH},
    {CS_INVESTIGATED, EV_RETURN, CS_RETURNED, BRANCH, BOTH},
    {CS_APPRAISED, EV_RETURN, CS_RETURNED, BRANCH, BOTH},
    {CS_DECIDED, EV_RETURN, CS_RETURNED, BRANCH, BOTH},
    {CS_IN_NOTICE, EV_RETURN, CS_RETURNED, BRANCH, BOTH},
    {CS_NOTICED, EV_RETURN, CS_RETURNED, BRANCH, BOTH},
    {CS_SUBMITTED, EV_RETURN, CS_RETURNED, COMMITTEE, BOTH},
    {CS_REVIEWED, EV_RETURN, CS_RETURNED, DEPARTMENT, BOTH},
    {CS_APPROVED, EV_RETURN, CS_RETURNED, DEPARTMENT, BOTH},
    {CS_RETURNED, EV_RESUBMIT, CS_APPLIED, BRANCH, BOTH},
    {CS_APPLIED, EV_REJECT, CS_REJECTED, BRANCH, BOTH},
    {CS_INVESTIGATED, EV_REJECT, CS_REJECTED, BRANCH, BOTH},
    {CS_APPRAISED, EV_REJECT, CS_REJECTED, BRANCH, BOTH},
    {CS_DECIDED, EV_REJECT, CS_REJECTED, BRANCH, BOTH},
    {CS_IN_NOTICE, EV_REJECT, CS_REJECTED, BRANCH, BOTH},
    {CS_NOTICED, EV_REJECT, CS_REJECTED, BRANCH, BOTH},
    {CS_RETURNED, EV_REJECT, CS_REJECTED, BRANCH, BOTH},
    {CS_SUBMITTED, EV_REJECT, CS_REJECTED, COMMITTEE, BOTH},
    {CS_REVIEWED, EV_REJECT, CS_REJECTED, DEPARTMENT, BOTH},
    {CS_APPROVED, EV_REJECT, CS_REJECTED, DEPARTMENT, BOTH},
    {CS_SCREENED, EV_REJECT, CS_REJECTED, DEPARTMENT, BOTH},
};

/* The index of the expected transition in path, or -1 where there is none. */
static int expected(enum case_state s, enum case_event ev, enum case_kind kind)
{
	for (size_t i = 0; i < sizeof(path) / sizeof(path[0]); i++)
		if (path[i].from == s && path[i].ev == ev && (path[i].kinds & (1u << kind)))
			return (int)i;
	return -1;
}

static const char *const role_labels[WR__COUNT] = {[WR_ADMIN] = "系统管理员",
						   [WR_DEPARTMENT] = "组织部",
						   [WR_COMMITTEE] = "党(工)委",
						   [WR_BRANCH] = "党支部",
						   [WR_AUDITOR] = "审计员"};

/* A role refused: 403, naming the step and exactly the roles that may. */
static void role_refused(int i, enum wf_role role, int rc, const struct bf_err *e)
{
	assert_int_equal(rc, -1);
	assert_int_equal(e->code, EC_FORBIDDEN);
	assert_string_equal(e->field, "event");
	assert_non_null(strstr(e->message, wf_event_label(path[i].ev)));
	for (int r = 0; r < WR__COUNT; r++)
		if (((path[i].roles >> r) & 1u) != (strstr(e->message, role_labels[r]) != NULL))
			fail_msg("%s as %d: %s", wf_event_code(path[i].ev), (int)role, e->message);
}

/* Every (kind, state, event, role): a transition of the table is taken
 * exactly by its roles (under facts every guard passes) and refused to
 * every other role with 403; where there is none, 409 for every role; the
 * auditor never acts, nothing follows the end. */
static void test_every_event_role_state(void **state)
{
	for (int kind = 0; kind < 2; kind++) {
		struct wf_facts f = good((enum case_kind)kind);
		for (int s = 0; s < CS__COUNT; s++)
			for (int ev = 0; ev < EV__COUNT; ev++)
				for (int role = 0; role < WR__COUNT; role++) {
					enum case_state next = CS__COUNT;
					struct bf_err e = {0};
					int rc = wf_step((enum case_state)s, (enum case_event)ev,
							 (enum wf_role)role, &f, &next, &e);
					int i = expected((enum case_state)s, (enum case_event)ev,
							 (enum case_kind)kind);
					if (i < 0) {
						assert_int_equal(rc, -1);
						assert_int_equal(e.code, EC_CONFLICT);
						assert_true(strlen(e.message) > 0);
					} else if ((path[i].roles >> role) & 1u) {
						assert_int_equal(rc, 0);
						assert_int_equal(next, path[i].to);
					} else {
						role_refused(i, (enum wf_role)role, rc, &e);
					}
					if (role == WR_AUDITOR ||
					    wf_state_final((enum case_state)s))
						assert_int_equal(rc, -1);
				}
	}
}

/* What the case page offers a role is what it may take, in every state. */
static void test_allowed_matches_table(void **state)
{
	for (int kind = 0; kind < 2; kind++) {
		struct wf_facts f = good((enum case_kind)kind);
		for (int s = 0; s < CS__COUNT; s++)
			for (int role = 0; role < WR__COUNT; role++) {
				enum case_event evs[EV__COUNT];
				int n = wf_allowed((enum case_state)s, (enum wf_role)role, &f, evs);
				int want = 0;
				for (int ev = 0; ev < EV__COUNT; ev++) {
					int i = expected((enum case_state)s, (enum case_event)ev,
							 (enum case_kind)kind);
					if (i >= 0 && ((path[i].roles >> role) & 1u))
						assert_int_equal(evs[want++], ev);
				}
				assert_int_equal(n, want);
			}
	}
}

static void refused(enum case_state s, enum case_event ev, enum wf_role role,
		    const struct wf_facts *f, const char *needle)
{
	enum case_state next;
	struct bf_err e;
	assert_int_equal(wf_step(s, ev, role, f, &next, &e), -1);
	assert_int_equal(e.code, EC_CONFLICT);
	assert_non_null(strstr(e.message, needle));
}

static void test_guards(void **state)
{
	struct wf_facts f = good(CASE_YEARLY);
	f.investigation_recorded = 0;
	refused(CS_APPLIED, EV_INVESTIGATE, WR_BRANCH, &f, "入户调查");
	f = good(CASE_YEARLY);
	f.appraisal_recorded = 0;
	refused(CS_INVESTIGATED, EV_APPRAISE, WR_BRANCH, &f, "民主评议");
	f = good(CASE_YEARLY);
	f.appraisal_passed = 0;
	refused(CS_INVESTIGATED, EV_APPRAISE, WR_BRANCH, &f, "赞成票");
	/* no notice before the committee decision */
	f = good(CASE_YEARLY);
	refused(CS_APPRAISED, EV_OPEN_NOTICE, WR_BRANCH, &f, "不能进行");
	/* no submission before the notice period has ended and objections are handled */
	refused(CS_IN_NOTICE, EV_SUBMIT, WR_BRANCH, &f, "不能进行");
	f.notice_ended = 0;
	refused(CS_IN_NOTICE, EV_CLOSE_NOTICE, WR_BRANCH, &f, "公示期尚未结束");
	f = good(CASE_YEARLY);
	f.objections_open = 2;
	refused(CS_IN_NOTICE, EV_CLOSE_NOTICE, WR_BRANCH, &f, "异议");
	refused(CS_NOTICED, EV_SUBMIT, WR_BRANCH, &f, "异议");
	f = good(CASE_YEARLY);
	f.dossier_complete = 0;
	refused(CS_NOTICED, EV_SUBMIT, WR_BRANCH, &f, "报备资料不全");
	/* amounts above the limit need a special approval */
	f = good(CASE_EMERGENCY);
	f.amount_check = 1;
	refused(CS_REVIEWED, EV_APPROVE, WR_DEPARTMENT, &f, "特别审批");
	f.has_special_approval = 1;
	enum case_state next;
	struct bf_err e;
	assert_int_equal(wf_step(CS_REVIEWED, EV_APPROVE, WR_DEPARTMENT, &f, &next, &e), 0);
	f.amount_check = 2;
	refused(CS_REVIEWED, EV_APPROVE, WR_DEPARTMENT, &f, "不符合政策");
	refused(CS_APPRAISED, EV_DECIDE, WR_BRANCH, &f, "金额");
	/* an exclusion blocks approval */
	f = good(CASE_YEARLY);
	f.has_exclusion = 1;
	refused(CS_REVIEWED, EV_APPROVE, WR_DEPARTMENT, &f, "不得列为帮扶对象");
	/* yearly and emergency in one year needs a special approval */
	f = good(CASE_YEARLY);
	f.other_aid_same_year = 1;
	refused(CS_REVIEWED, EV_APPROVE, WR_DEPARTMENT, &f, "不重复救助");
	f.has_special_approval = 1;
	assert_int_equal(wf_step(CS_REVIEWED, EV_APPROVE, WR_DEPARTMENT, &f, &next, &e), 0);
	/* returns and rejections need a reason */
	f = good(CASE_YEARLY);
	f.has_reason = 0;
	refused(CS_SUBMITTED, EV_RETURN, WR_COMMITTEE, &f, "原因");
	refused(CS_APPLIED, EV_REJECT, WR_BRANCH, &f, "原因");
	refused(CS_SCREENING, EV_SCREEN_FAIL, WR_COMMITTEE, &f, "原因");
	/* nothing is paid to an unscreened case */
	f = good(CASE_YEARLY);
	refused(CS_APPROVED, EV_PAY, WR_COMMITTEE, &f, "不能进行");
	refused(CS_SCREENING, EV_PAY, WR_COMMITTEE, &f, "不能进行");
	f.screened_ok = 0;
	refused(CS_SCREENING, EV_SCREEN_PASS, WR_COMMITTEE, &f, "筛查结果");
	/* an open screening finding blocks passing, not failing (issue #11) */
	f = good(CASE_YEARLY);
	f.findings_open = 1;
	refused(CS_SCREENING, EV_SCREEN_PASS, WR_COMMITTEE, &f, "筛查发现");
	assert_int_equal(wf_step(CS_SCREENING, EV_SCREEN_FAIL, WR_COMMITTEE, &f, &next, &e), 0);
	f.findings_open = 0;
	assert_int_equal(wf_step(CS_SCREENING, EV_SCREEN_PASS, WR_COMMITTEE, &f, &next, &e), 0);
	/* a household's second aid in a year needs a special approval */
	f = good(CASE_EMERGENCY);
	f.household_aid_same_year = 1;
	refused(CS_REVIEWED, EV_APPROVE, WR_DEPARTMENT, &f, "同户家庭成员");
	refused(CS_APPLIED, EV_PAY_FIRST, WR_DEPARTMENT, &f, "同户家庭成员");
	f.has_special_approval = 1;
	assert_int_equal(wf_step(CS_REVIEWED, EV_APPROVE, WR_DEPARTMENT, &f, &next, &e), 0);
}

static void test_pay_first(void **state)
{
	struct wf_facts f = good(CASE_EMERGENCY);
	enum case_state next;
	struct bf_err e;
	assert_int_equal(wf_step(CS_APPLIED, EV_PAY_FIRST, WR_DEPARTMENT, &f, &next, &e), 0);
	assert_int_equal(next, CS_APPROVED);
	assert_int_equal(wf_step(CS_APPLIED, EV_PAY_FIRST, WR_BRANCH, &f, &next, &e), -1);
	assert_int_equal(e.code, EC_FORBIDDEN);
	f.has_reason = 0;
	refused(CS_APPLIED, EV_PAY_FIRST, WR_DEPARTMENT, &f, "紧急情况");
	struct wf_facts y = good(CASE_YEARLY);
	assert_int_equal(wf_step(CS_APPLIED, EV_PAY_FIRST, WR_DEPARTMENT, &y, &next, &e), -1);
	assert_non_null(strstr(e.message, "突发事故"));
	/* the missing paperwork must be done before the case is closed */
	f = good(CASE_EMERGENCY);
	f.pay_first = 1;
	f.paperwork_complete = 0;
	refused(CS_PAID, EV_VERIFY, WR_DEPARTMENT, &f, "手续尚未补齐");
	/* paid before its screening: passing the screening makes it paid
	 * (no batch of nothing); failing rejects it as any other */
	f = good(CASE_EMERGENCY);
	f.pay_first = f.paid = 1;
	assert_int_equal(wf_step(CS_SCREENING, EV_SCREEN_PASS, WR_COMMITTEE, &f, &next, &e), 0);
	assert_int_equal(next, CS_PAID);
	assert_int_equal(wf_step(CS_SCREENING, EV_SCREEN_PASS, WR_BRANCH, &f, &next, &e), -1);
	assert_int_equal(e.code, EC_FORBIDDEN);
	assert_int_equal(wf_step(CS_SCREENING, EV_SCREEN_FAIL, WR_COMMITTEE, &f, &next, &e), 0);
	assert_int_equal(next, CS_REJECTED);
	f.screened_ok = 0;
	refused(CS_SCREENING, EV_SCREEN_PASS, WR_COMMITTEE, &f, "筛查结果");
	f.paid = 0;
	f.screened_ok = 1;
	assert_int_equal(wf_step(CS_SCREENING, EV_SCREEN_PASS, WR_COMMITTEE, &f, &next, &e), 0);
	assert_int_equal(next, CS_SCREENED);
}

/* The next step names the level that takes it, following 先发后补. */
static void test_next_step(void **state)
{
	struct wf_facts f = good(CASE_EMERGENCY);
	enum wf_role level = WR_AUDITOR;
	assert_non_null(strstr(wf_next_step(CS_SUBMITTED, &f, &level), "审核"));
	assert_int_equal(level, WR_COMMITTEE);
	assert_non_null(strstr(wf_next_step(CS_REVIEWED, &f, &level), "审批"));
	assert_int_equal(level, WR_DEPARTMENT);
	assert_non_null(strstr(wf_next_step(CS_APPROVED, &f, &level), "录入救助系统"));
	assert_int_equal(level, WR_COMMITTEE);
	f.pay_first = 1; /* decided, not paid yet: the department pays */
	assert_non_null(strstr(wf_next_step(CS_APPROVED, &f, &level), "先行发放"));
	assert_int_equal(level, WR_DEPARTMENT);
	f.paid = 1; /* paid: the committee screens */
	assert_non_null(strstr(wf_next_step(CS_APPROVED, &f, &level), "已先行发放"));
	assert_int_equal(level, WR_COMMITTEE);
	f.paperwork_complete = 0; /* paid, paperwork missing: the branch */
	assert_non_null(strstr(wf_next_step(CS_PAID, &f, &level), "补齐"));
	assert_int_equal(level, WR_BRANCH);
	f.paperwork_complete = 1;
	assert_non_null(strstr(wf_next_step(CS_PAID, &f, &level), "走访核查"));
	assert_int_equal(level, WR_DEPARTMENT);
	f.dossier_complete = 0;
	assert_non_null(strstr(wf_next_step(CS_NOTICED, &f, &level), "补齐报备资料"));
	assert_int_equal(level, WR_BRANCH);
	assert_null(wf_next_step(CS_VERIFIED, &f, &level));
	assert_null(wf_next_step(CS_REJECTED, &f, &level));
	for (int s = 0; s < CS__COUNT; s++)
		assert_true(wf_state_final((enum case_state)s) ||
			    wf_next_step((enum case_state)s, &f, &level) != NULL);
}

static void test_returned_case_comes_back(void **state)
{
	struct wf_facts f = good(CASE_YEARLY);
	enum case_state next;
	struct bf_err e;
	assert_int_equal(wf_step(CS_SUBMITTED, EV_RETURN, WR_COMMITTEE, &f, &next, &e), 0);
	assert_int_equal(next, CS_RETURNED);
	assert_int_equal(wf_step(CS_SUBMITTED, EV_RETURN, WR_BRANCH, &f, &next, &e), -1);
	assert_int_equal(wf_step(CS_RETURNED, EV_RESUBMIT, WR_BRANCH, &f, &next, &e), 0);
	assert_int_equal(next, CS_APPLIED);
}

static void test_allowed_lists(void **state)
{
	struct wf_facts f = good(CASE_EMERGENCY);
	enum case_event evs[EV__COUNT];
	int n = wf_allowed(CS_REVIEWED, WR_DEPARTMENT, &f, evs);
	int approve = 0, pay_first = 0, ret = 0;
	for (int i = 0; i < n; i++) {
		approve += evs[i] == EV_APPROVE;
		pay_first += evs[i] == EV_PAY_FIRST;
		ret += evs[i] == EV_RETURN;
	}
	assert_true(approve && pay_first && ret);
	assert_int_equal(wf_allowed(CS_REVIEWED, WR_AUDITOR, &f, evs), 0);
	assert_int_equal(wf_allowed(CS_VERIFIED, WR_ADMIN, &f, evs), 0);
}

static void test_codes_round_trip(void **state)
{
	for (int s = 0; s < CS__COUNT; s++) {
		enum case_state back;
		assert_int_equal(wf_state_parse(wf_state_code((enum case_state)s), &back), 0);
		assert_int_equal(back, s);
		assert_true(strlen(wf_state_label((enum case_state)s)) > 0);
	}
	for (int ev = 0; ev < EV__COUNT; ev++) {
		enum case_event back;
		assert_int_equal(wf_event_parse(wf_event_code((enum case_event)ev), &back), 0);
		assert_int_equal(back, ev);
	}
	enum case_state s;
	assert_int_equal(wf_state_parse("nonsense", &s), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_event_role_state),
	    cmocka_unit_test(test_allowed_matches_table),
	    cmocka_unit_test(test_guards),
	    cmocka_unit_test(test_pay_first),
	    cmocka_unit_test(test_next_step),
	    cmocka_unit_test(test_returned_case_comes_back),
	    cmocka_unit_test(test_allowed_lists),
	    cmocka_unit_test(test_codes_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
