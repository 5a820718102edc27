/* workflow.c - the aid procedure as a table (see cases.h).  Every rule
 * of §3 that decides whether a step may happen lives in this file: the
 * transition table says which step leads where and who may take it; the
 * guards say what must be true first, each refusal in Chinese. */
#include <stdio.h>
#include <string.h>
#include "cases.h"

static const struct {
	const char *code, *label;
} states[CS__COUNT] = {
    [CS_APPLIED] = {"applied", "已申请"},
    [CS_INVESTIGATED] = {"investigated", "已调查"},
    [CS_APPRAISED] = {"appraised", "已评议"},
    [CS_DECIDED] = {"decided", "支委会已研究"},
    [CS_IN_NOTICE] = {"in_notice", "公示中"},
    [CS_NOTICED] = {"noticed", "公示期满"},
    [CS_SUBMITTED] = {"submitted", "已上报党(工)委"},
    [CS_REVIEWED] = {"reviewed", "党(工)委已审核"},
    [CS_APPROVED] = {"approved", "组织部已审批备案"},
    [CS_SCREENING] = {"screening", "筛查中"},
    [CS_SCREENED] = {"screened", "筛查通过待发放"},
    [CS_PAID] = {"paid", "已发放"},
    [CS_VERIFIED] = {"verified", "已核查办结"},
    [CS_RETURNED] = {"returned", "退回修改"},
    [CS_REJECTED] = {"rejected", "不予帮扶"},
};

static const struct {
	const char *code, *label;
} events[EV__COUNT] = {
    [EV_INVESTIGATE] = {"investigate", "记录入户调查"},
    [EV_APPRAISE] = {"appraise", "记录民主评议"},
    [EV_DECIDE] = {"decide", "支委会研究"},
    [EV_OPEN_NOTICE] = {"open_notice", "开始公示"},
    [EV_CLOSE_NOTICE] = {"close_notice", "结束公示"},
    [EV_SUBMIT] = {"submit", "上报党(工)委"},
    [EV_REVIEW] = {"review", "党(工)委审核"},
    [EV_APPROVE] = {"approve", "组织部审批备案"},
    [EV_PAY_FIRST] = {"pay_first", "先发后补"},
    [EV_ENTER_SCREENING] = {"enter_screening", "录入救助系统"},
    [EV_SCREEN_PASS] = {"screen_pass", "筛查通过"},
    [EV_SCREEN_FAIL] = {"screen_fail", "筛查未通过"},
    [EV_PAY] = {"pay", "登记发放"},
    [EV_VERIFY] = {"verify", "走访核查"},
    [EV_RETURN] = {"return", "退回修改"},
    [EV_RESUBMIT] = {"resubmit", "重新提交"},
    [EV_REJECT] = {"reject", "不予帮扶"},
};

static const char *const role_codes[WR__COUNT] = {"admin", "department", "committee", "branch",
						  "auditor"};

/* The levels of the three-level system, as sets of roles.  Committee staff
 * may act for their branches; the administrator for anyone. */
#define R(x)		 (1u << (x))
#define BRANCH_LEVEL	 (R(WR_BRANCH) | R(WR_COMMITTEE) | R(WR_ADMIN))
#define COMMITTEE_LEVEL	 (R(WR_COMMITTEE) | R(WR_ADMIN))
#define DEPARTMENT_LEVEL (R(WR_DEPARTMENT) | R(WR_ADMIN))
#define PAYING		 (R(WR_COMMITTEE) | R(WR_DEPARTMENT) | R(WR_ADMIN))

#define K_BOTH	    3u
#define K_EMERGENCY 2u

typedef int (*guard_fn)(const struct wf_facts *f, struct bf_err *e);

static int refuse(struct bf_err *e, const char *msg)
{
	return err_set(e, EC_CONFLICT, NULL, "%s", msg);
}

static int g_investigation(const struct wf_facts *f, struct bf_err *e)
{
	return f->investigation_recorded
		   ? 0
		   : refuse(e, "请先填写入户调查记录（调查时间、人员、情况）");
}

static int g_appraisal(const struct wf_facts *f, struct bf_err *e)
{
	if (!f->appraisal_recorded)
		return refuse(
		    e, "请先记录民主评议（会议日期、应到实到人数、赞成反对弃权票数、会议记录）");
	if (!f->appraisal_passed)
		return refuse(e, "民主评议赞成票未超过反对票，不能列入初步名单；如确认不予帮扶，请"
				 "选择“不予帮扶”并写明原因");
	return 0;
}

static int g_amount_possible(const struct wf_facts *f, struct bf_err *e)
{
	return f->amount_check == 2 ? refuse(e, "拟救助金额不符合政策规定，请修改金额") : 0;
}

static int g_close_notice(const struct wf_facts *f, struct bf_err *e)
{
	if (!f->notice_ended)
		return refuse(e, "公示期尚未结束，不能结束公示");
	if (f->objections_open)
		return refuse(e, "公示期间收到的异议尚未全部处理，请先处理异议");
	return 0;
}

static int g_submit(const struct wf_facts *f, struct bf_err *e)
{
	if (!f->notice_ended || f->objections_open)
		return refuse(e, "公示期未满或异议尚未处理完毕，不能上报");
	if (!f->dossier_complete)
		return refuse(e, "报备资料不全：须有书面申请、申请表、党员大会记录、支委会记录、公"
				 "示结果报告和信息登记表");
	return 0;
}

/* What the department must see before it approves (also for pay-first). */
static int approval_checks(const struct wf_facts *f, struct bf_err *e)
{
	if (f->has_exclusion)
		return refuse(e, "该党员存在不得列为帮扶对象的情形，不能审批");
	if (f->amount_check == 2)
		return refuse(e, "救助金额不符合政策规定，不能审批");
	if (f->amount_check == 1 && !f->has_special_approval)
		return refuse(e, "救助金额超过政策上限，须先录入书面特别审批及理由");
	if (f->other_aid_same_year && !f->has_special_approval)
		return refuse(e, "该党员本年度已享受另一类帮扶救助，原则上不重复救助；确需救助须先"
				 "录入特别审批及理由");
	if (f->household_aid_same_year && !f->has_special_approval)
		return refuse(e,
			      "该党员的同户家庭成员本年度已获帮扶救助，一户原则上不重复救助；确需"
			      "救助须先录入特别审批及理由");
	return 0;
}

static int g_approve(const struct wf_facts *f, struct bf_err *e)
{
	return approval_checks(f, e);
}

static int g_pay_first(const struct wf_facts *f, struct bf_err *e)
{
	if (!f->has_reason)
		return refuse(e, "先发后补须写明紧急情况说明，并确定补齐手续的期限");
	return approval_checks(f, e);
}

static int g_screen_pass(const struct wf_facts *f, struct bf_err *e)
{
	if (f->findings_open)
		return refuse(e,
			      "该案件还有未处理的筛查发现：须由党(工)委写明理由排除，或由组织部裁"
			      "定后，才能筛查通过");
	return f->screened_ok ? 0 : refuse(e, "请先录入筛查结果");
}

static int g_reason(const struct wf_facts *f, struct bf_err *e)
{
	return f->has_reason ? 0 : refuse(e, "请写明原因");
}

static int g_verify(const struct wf_facts *f, struct bf_err *e)
{
	if (f->pay_first && !f->paperwork_complete)
		return refuse(e, "先发后补的手续尚未补齐，不能办结");
	return 0;
}

/* When a row applies besides state, event and kind: always, or only for
 * a case whose money is already paid (先发后补), or only for one whose
 * money is not. */
enum wf_when { W_ANY, W_PAID, W_UNPAID };

struct transition {
	enum case_state from;
	enum case_event ev;
	enum case_state to;
	unsigned roles;
	unsigned kinds;
	guard_fn guard;
	enum wf_when when;
};

/* The procedure.  Order matters only for wf_allowed's listing. */
static const struct transition table[] = {
    {CS_APPLIED, EV_INVESTIGATE, CS_INVESTIGATED, BRANCH_LEVEL, K_BOTH, g_investigation},
    {CS_INVESTIGATED, EV_APPRAISE, CS_APPRAISED, BRANCH_LEVEL, K_BOTH, g_appraisal},
    {CS_APPRAISED, EV_DECIDE, CS_DECIDED, BRANCH_LEVEL, K_BOTH, g_amount_possible},
    {CS_DECIDED, EV_OPEN_NOTICE, CS_IN_NOTICE, BRANCH_LEVEL, K_BOTH, NULL},
    {CS_IN_NOTICE, EV_CLOSE_NOTICE, CS_NOTICED, BRANCH_LEVEL, K_BOTH, g_close_notice},
    {CS_NOTICED, EV_SUBMIT, CS_SUBMITTED, BRANCH_LEVEL, K_BOTH, g_submit},
    {CS_SUBMITTED, EV_REVIEW, CS_REVIEWED, COMMITTEE_LEVEL, K_BOTH, NULL},
    {CS_REVIEWED, EV_APPROVE, CS_APPROVED, DEPARTMENT_LEVEL, K_BOTH, g_approve},
    {CS_APPROVED, EV_ENTER_SCREENING, CS_SCREENING, COMMITTEE_LEVEL, K_BOTH, NULL},
    /* 先发后补: a case paid before its screening is paid once it passes */
    {CS_SCREENING, EV_SCREEN_PASS, CS_PAID, COMMITTEE_LEVEL, K_EMERGENCY, g_screen_pass, W_PAID},
    {CS_SCREENING, EV_SCREEN_PASS, CS_SCREENED, COMMITTEE_LEVEL, K_BOTH, g_screen_pass, W_UNPAID},
    {CS_SCREENING, EV_SCREEN_FAIL, CS_REJECTED, COMMITTEE_LEVEL, K_BOTH, g_reason},
    {CS_SCREENED, EV_PAY, CS_PAID, PAYING, K_BOTH, NULL},
    {CS_PAID, EV_VERIFY, CS_VERIFIED, DEPARTMENT_LEVEL, K_BOTH, g_verify},
    /* 先发后补: the department approves an emergency at any earlier step. */
    {CS_APPLIED, EV_PAY_FIRST, CS_APPROVED, DEPARTMENT_LEVEL, K_EMERGENCY, g_pay_first},
    {CS_INVESTIGATED, EV_PAY_FIRST, CS_APPROVED, DEPARTMENT_LEVEL, K_EMERGENCY, g_pay_first},
    {CS_APPRAISED, EV_PAY_FIRST, CS_APPROVED, DEPARTMENT_LEVEL, K_EMERGENCY, g_pay_first},
    {CS_DECIDED, EV_PAY_FIRST, CS_APPROVED, DEPARTMENT_LEVEL, K_EMERGENCY, g_pay_first},
    {CS_IN_NOTICE, EV_PAY_FIRST, CS_APPROVED, DEPARTMENT_LEVEL, K_EMERGENCY, g_pay_first},
    {CS_NOTICED, EV_PAY_FIRST, CS_APPROVED, DEPARTMENT_LEVEL, K_EMERGENCY, g_pay_first},
    {CS_SUBMITTED, EV_PAY_FIRST, CS_APPROVED, DEPARTMENT_LEVEL, K_EMERGENCY, g_pay_first},
    {CS_REVIEWED, EV_PAY_FIRST, CS_APPROVED, DEPARTMENT_LEVEL, K_EMERGENCY, g_pay_first},
    /* Returns and rejections, by the level that holds the case. */
    {CS_APPLIED, EV_RETURN, CS_RETURNED, BRANCH_LEVEL, K_BOTH, g_reason},
    {CS_INVESTIGATED, EV_RETURN, CS_RETURNED, BRANCH_LEVEL, K_BOTH, g_reason},
    {CS_APPRAISED, EV_RETURN, CS_RETURNED, BRANCH_LEVEL, K_BOTH, g_reason},
    {CS_DECIDED, EV_RETURN, CS_RETURNED, BRANCH_LEVEL, K_BOTH, g_reason},
    {CS_IN_NOTICE, EV_RETURN, CS_RETURNED, BRANCH_LEVEL, K_BOTH, g_reason},
    {CS_NOTICED, EV_RETURN, CS_RETURNED, BRANCH_LEVEL, K_BOTH, g_reason},
    {CS_SUBMITTED, EV_RETURN, CS_RETURNED, COMMITTEE_LEVEL, K_BOTH, g_reason},
    {CS_REVIEWED, EV_RETURN, CS_RETURNED, DEPARTMENT_LEVEL, K_BOTH, g_reason},
    {CS_APPROVED, EV_RETURN, CS_RETURNED, DEPARTMENT_LEVEL, K_BOTH, g_reason},
    {CS_RETURNED, EV_RESUBMIT, CS_APPLIED, BRANCH_LEVEL, K_BOTH, NULL},
    {CS_APPLIED, EV_REJECT, CS_REJECTED, BRANCH_LEVEL, K_BOTH, g_reason},
    {CS_INVESTIGATED, EV_REJECT, CS_REJECTED, BRANCH_LEVEL, K_BOTH, g_reason},
    {CS_APPRAISED, EV_REJECT, CS_REJECTED, BRANCH_LEVEL, K_BOTH, g_reason},
    {CS_DECIDED, EV_REJECT, CS_REJECTED, BRANCH_LEVEL, K_BOTH, g_reason},
    {CS_IN_NOTICE, EV_REJECT, CS_REJECTED, BRANCH_LEVEL, K_BOTH, g_reason},
    {CS_NOTICED, EV_REJECT, CS_REJECTED, BRANCH_LEVEL, K_BOTH, g_reason},
    {CS_RETURNED, EV_REJECT, CS_REJECTED, BRANCH_LEVEL, K_BOTH, g_reason},
    {CS_SUBMITTED, EV_REJECT, CS_REJECTED, COMMITTEE_LEVEL, K_BOTH, g_reason},
    {CS_REVIEWED, EV_REJECT, CS_REJECTED, DEPARTMENT_LEVEL, K_BOTH, g_reason},
    {CS_APPROVED, EV_REJECT, CS_REJECTED, DEPARTMENT_LEVEL, K_BOTH, g_reason},
    {CS_SCREENED, EV_REJECT, CS_REJECTED, DEPARTMENT_LEVEL, K_BOTH, g_reason},
};

#define NTRANS (sizeof(table) / sizeof(table[0]))

const char *wf_state_code(enum case_state s)
{
	return s < CS__COUNT ? states[s].code : "";
}

const char *wf_state_label(enum case_state s)
{
	return s < CS__COUNT ? states[s].label : "";
}

const char *wf_event_code(enum case_event ev)
{
	return ev < EV__COUNT ? events[ev].code : "";
}

const char *wf_event_label(enum case_event ev)
{
	return ev < EV__COUNT ? events[ev].label : "";
}

int wf_state_parse(const char *code, enum case_state *out)
{
	for (int i = 0; i < CS__COUNT; i++)
		if (!strcmp(states[i].code, code)) {
			*out = (enum case_state)i;
			return 0;
		}
	return -1;
}

int wf_event_parse(const char *code, enum case_event *out)
{
	for (int i = 0; i < EV__COUNT; i++)
		if (!strcmp(events[i].code, code)) {
			*out = (enum case_event)i;
			return 0;
		}
	return -1;
}

int wf_role_parse(const char *role, enum wf_role *out)
{
	for (int i = 0; i < WR__COUNT; i++)
		if (!strcmp(role_codes[i], role)) {
			*out = (enum wf_role)i;
			return 0;
		}
	return -1;
}

int wf_state_final(enum case_state s)
{
	return s == CS_VERIFIED || s == CS_REJECTED;
}

static int when_holds(enum wf_when w, const struct wf_facts *f)
{
	return w == W_ANY || (w == W_PAID) == (f->paid != 0);
}

static const struct transition *find(enum case_state from, enum case_event ev,
				     const struct wf_facts *f)
{
	for (size_t i = 0; i < NTRANS; i++)
		if (table[i].from == from && table[i].ev == ev &&
		    (table[i].kinds & (1u << f->kind)) && when_holds(table[i].when, f))
			return &table[i];
	return NULL;
}

/* "党(工)委、系统管理员" for a refusal message. */
static void roles_text(unsigned roles, char *out, size_t n)
{
	out[0] = '\0';
	for (int i = 0; i < WR__COUNT; i++)
		if (roles & R(i)) {
			size_t len = strlen(out);
			snprintf(out + len, n - len, "%s%s", len ? "、" : "",
				 access_role_label(role_codes[i]));
		}
}

int wf_step(enum case_state from, enum case_event ev, enum wf_role role, const struct wf_facts *f,
	    enum case_state *next, struct bf_err *e)
{
	if (from >= CS__COUNT || ev >= EV__COUNT || role >= WR__COUNT)
		return err_set(e, EC_INVALID, "event", "未知的操作");
	const struct transition *t = find(from, ev, f);
	if (!t) {
		if (ev == EV_PAY_FIRST && f->kind != CASE_EMERGENCY)
			return err_set(e, EC_CONFLICT, "event", "只有突发事故救助可以先发后补");
		return err_set(e, EC_CONFLICT, "event", "案件当前状态为“%s”，不能进行“%s”",
			       wf_state_label(from), wf_event_label(ev));
	}
	if (!(t->roles & R(role))) {
		char who[128];
		roles_text(t->roles, who, sizeof(who));
		return err_set(e, EC_FORBIDDEN, "event", "“%s”须由%s办理", wf_event_label(ev), who);
	}
	if (t->guard && t->guard(f, e))
		return -1;
	*next = t->to;
	return 0;
}

int wf_allowed(enum case_state from, enum wf_role role, const struct wf_facts *f,
	       enum case_event evs[EV__COUNT])
{
	int n = 0;
	for (int ev = 0; ev < EV__COUNT; ev++) {
		const struct transition *t = find(from, (enum case_event)ev, f);
		struct bf_err e;
		struct wf_facts probe = *f;
		probe.has_reason = 1; /* a reason is asked for when the step is taken */
		if (t && (t->roles & R(role)) && (!t->guard || t->guard(&probe, &e) == 0))
			evs[n++] = (enum case_event)ev;
	}
	return n;
}

const char *wf_role_label(enum wf_role r)
{
	return r < WR__COUNT ? access_role_label(role_codes[r]) : "";
}

/* The next step of each state: who normally takes it and what it is. */
static const struct {
	enum wf_role level;
	const char *what;
} next_steps[CS__COUNT] = {
    [CS_APPLIED] = {WR_BRANCH, "入户调查并记录"},
    [CS_INVESTIGATED] = {WR_BRANCH, "召开党员大会民主评议并记录"},
    [CS_APPRAISED] = {WR_BRANCH, "召开支委会研究初步名单"},
    [CS_DECIDED] = {WR_BRANCH, "张榜公示"},
    [CS_IN_NOTICE] = {WR_BRANCH, "在公示期满、异议处理完毕后结束公示"},
    [CS_NOTICED] = {WR_BRANCH, "上报党(工)委"},
    [CS_SUBMITTED] = {WR_COMMITTEE, "审核并报组织部"},
    [CS_REVIEWED] = {WR_DEPARTMENT, "审批备案"},
    [CS_APPROVED] = {WR_COMMITTEE, "录入救助系统进行程序筛查"},
    [CS_SCREENING] = {WR_COMMITTEE, "录入筛查结果"},
    [CS_SCREENED] = {WR_COMMITTEE, "发放资金（资金发放批次）"},
    [CS_PAID] = {WR_DEPARTMENT, "走访核查"},
    [CS_RETURNED] = {WR_BRANCH, "修改后重新提交"},
};

const char *wf_next_step(enum case_state s, const struct wf_facts *f, enum wf_role *level)
{
	if (s >= CS__COUNT || wf_state_final(s))
		return NULL;
	*level = next_steps[s].level;
	if (s == CS_NOTICED && !f->dossier_complete)
		return "补齐报备资料后上报党(工)委";
	if (s == CS_APPROVED && f->pay_first && !f->paid) {
		*level = WR_DEPARTMENT;
		return "先行发放资金（先发后补），党(工)委同时录入救助系统筛查";
	}
	if (s == CS_APPROVED && f->paid)
		return "录入救助系统进行程序筛查（资金已先行发放）";
	if (s == CS_SCREENING && f->paid)
		return "录入筛查结果（资金已先行发放，筛查通过即为已发放）";
	if (s == CS_PAID && f->pay_first && !f->paperwork_complete) {
		*level = WR_BRANCH;
		return "补齐先发后补的手续（报备资料六项），之后由组织部走访核查";
	}
	return next_steps[s].what;
}

enum wf_role wf_next_level(enum case_state s, enum case_kind kind)
{
	switch (s) {
	case CS_SUBMITTED:
	case CS_APPROVED:
	case CS_SCREENING:
	case CS_SCREENED:
		return WR_COMMITTEE;
	case CS_REVIEWED:
	case CS_PAID:
		return WR_DEPARTMENT;
	default:
		return WR_BRANCH;
	}
}
