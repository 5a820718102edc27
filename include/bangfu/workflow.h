/* workflow.h - the aid procedure (DOMAIN.md §3 steps 2–12) as one table:
 * {state, event, next state, roles allowed, guard}.  Pure logic: the facts a
 * guard needs are gathered by the caller (core/cases/casework.c) into struct
 * wf_facts; this module decides and explains, in Chinese. */
#ifndef BANGFU_WORKFLOW_H
#define BANGFU_WORKFLOW_H
#include "err.h"

enum case_kind { CASE_YEARLY, CASE_EMERGENCY };

/* The states of a case, in the order of the procedure. */
enum case_state {
	CS_APPLIED,	 /* 已申请：申请已录入（本人申请或代为填写） */
	CS_INVESTIGATED, /* 已调查：入户调查摸底已记录 */
	CS_APPRAISED,	 /* 已评议：党员大会民主评议已记录 */
	CS_DECIDED,	 /* 已研究：支委会列入初步名单（及拟救助金额） */
	CS_IN_NOTICE,	 /* 公示中 */
	CS_NOTICED,	 /* 公示期满，异议均已处理 */
	CS_SUBMITTED,	 /* 已上报党(工)委（附报备资料） */
	CS_REVIEWED,	 /* 党(工)委已审核，报组织部 */
	CS_APPROVED,	 /* 组织部已审批、备案 */
	CS_SCREENING,	 /* 已录入救助系统，待筛查结果 */
	CS_SCREENED,	 /* 筛查通过，待拨付 */
	CS_PAID,	 /* 已发放 */
	CS_VERIFIED,	 /* 已走访核查，办结 */
	CS_RETURNED,	 /* 退回修改 */
	CS_REJECTED,	 /* 不予帮扶（办结） */
	CS__COUNT
};

enum case_event {
	EV_INVESTIGATE,	    /* 记录入户调查 */
	EV_APPRAISE,	    /* 记录民主评议 */
	EV_DECIDE,	    /* 支委会研究：列入初步名单 */
	EV_OPEN_NOTICE,	    /* 开始公示 */
	EV_CLOSE_NOTICE,    /* 公示结束 */
	EV_SUBMIT,	    /* 上报党(工)委 */
	EV_REVIEW,	    /* 党(工)委审核通过，报组织部 */
	EV_APPROVE,	    /* 组织部审批、备案 */
	EV_PAY_FIRST,	    /* 组织部决定先发后补（仅突发事故救助） */
	EV_ENTER_SCREENING, /* 录入救助系统 */
	EV_SCREEN_PASS,	    /* 筛查通过 */
	EV_SCREEN_FAIL,	    /* 筛查未通过 */
	EV_PAY,		    /* 资金已发放（由资金模块登记） */
	EV_VERIFY,	    /* 走访核查完成 */
	EV_RETURN,	    /* 退回修改（须写明原因） */
	EV_RESUBMIT,	    /* 修改后重新提交（回到申请） */
	EV_REJECT,	    /* 不予帮扶（须写明原因） */
	EV__COUNT
};

/* Who acts: the role of the user (admin, department, committee, branch,
 * auditor) — each step belongs to a level of the three-level system. */
enum wf_role { WR_ADMIN, WR_DEPARTMENT, WR_COMMITTEE, WR_BRANCH, WR_AUDITOR, WR__COUNT };

/* What the guards look at, gathered by the caller. */
struct wf_facts {
	enum case_kind kind;
	int investigation_recorded;
	int appraisal_recorded;	  /* date, attendance and votes */
	int appraisal_passed;	  /* more for than against */
	int notice_ended;	  /* today is after the notice's last working day */
	int objections_open;	  /* objections not yet handled */
	int dossier_complete;	  /* the six items of §3 step 7 */
	int amount_check;	  /* 0 within policy, 1 needs special approval, 2 refused */
	int has_special_approval; /* a written special approval with reason */
	int has_exclusion;	  /* an exclusion (§2) is ticked */
	int other_aid_same_year;  /* the member has the other kind of aid this year */
	int pay_first;		  /* the department chose 先发后补 */
	int paperwork_complete;	  /* for pay-first: the missing paperwork is done */
	int has_reason;		  /* the request carries a reason (return/reject/override) */
	int screened_ok;	  /* screening passed */
};

const char *wf_state_code(enum case_state s);  /* "applied" … (API) */
const char *wf_state_label(enum case_state s); /* "已申请" … (people) */
const char *wf_event_code(enum case_event ev);
const char *wf_event_label(enum case_event ev);
int wf_state_parse(const char *code, enum case_state *out);
int wf_event_parse(const char *code, enum case_event *out);
int wf_role_parse(const char *role, enum wf_role *out);
/* 1 for the states where a case is finished (verified, rejected). */
int wf_state_final(enum case_state s);

/* Decides one step: 0 with *next set, or -1 with e (EC_FORBIDDEN for a role
 * or level not allowed, EC_CONFLICT for a step not possible in this state or
 * refused by a guard) and a Chinese message saying why. */
int wf_step(enum case_state from, enum case_event ev, enum wf_role role, const struct wf_facts *f,
	    enum case_state *next, struct bf_err *e);

/* The events possible now for this role (guards evaluated): fills evs and
 * returns how many.  For the "actions allowed now" of the case page. */
int wf_allowed(enum case_state from, enum wf_role role, const struct wf_facts *f,
	       enum case_event evs[EV__COUNT]);

/* Which level acts next in this state (for to-do lists): the role that
 * would perform the normal next step. */
enum wf_role wf_next_level(enum case_state s, enum case_kind kind);

#endif
