/* case_model.h - the plain structs of the aid procedure (DOMAIN.md §3) that cross
 * the core/store boundary: rounds, cases and their timeline, public notices,
 * objections, attachments, policy versions and the department's calendar
 * edits.  Like model.h: UTF-8 text in fixed buffers, the core validates
 * lengths before anything reaches the store (which cuts at a character
 * boundary rather than overflow).  Codes are the API's English codes; the
 * tables and every rule are in docs/internals/cases.md, the queries in
 * store_cases.h.
 *
 * The timeline row is `struct case_event_row`: `case_event` is already the
 * tag of cases.h's enum, and C shares one tag namespace between struct
 * and enum. */
#ifndef BANGFU_CASE_MODEL_H
#define BANGFU_CASE_MODEL_H
#include <stdint.h>
#include <stddef.h>
#include "limits.h"

struct search_term; /* model.h */

/* The policy's sizes (struct policy, cases.h), which the stored rows of
 * cases and of the fund (fund_model.h) share. */
#define POLICY_CODE_MAX 32 /* [a-z][a-z0-9_]*, NUL included */
/* Texts people read, in characters (limits.h; the parser checks them as
 * (buffer - 1) / 4): a label, an item's description, _comment, source. */
#define POLICY_LABEL_MAX   TEXT_BYTES(31)
#define POLICY_DESC_MAX	   TEXT_BYTES(85)
#define POLICY_HINT_MAX	   16 /* a code of another list, or a keyword */
#define POLICY_MAX_ITEMS   16 /* per checklist */
#define POLICY_MAX_LINES   64 /* years of poverty / minimum-living lines */
#define POLICY_MAX_SHARES  4  /* one per organisation level */
#define POLICY_NOTE_MAX	   256
#define POLICY_COMMENT_MAX TEXT_BYTES(341)
#define POLICY_SOURCE_MAX  TEXT_BYTES(682)

/* --- a set of ticked codes (conditions, exclusions, causes of a case) --- */
struct policy_codes {
	size_t n;
	char code[POLICY_MAX_ITEMS][POLICY_CODE_MAX];
};

/* A date 'YYYY-MM-DD' and its NUL; "" when not set. */
#define CASE_DATE_LEN 11

/* Lengths of the free texts, NUL included (about a third in Chinese
 * characters). */
#define CASE_REASON_MAX	 1024 /* reasons, explanations */
#define CASE_TEXT_MAX	 2048 /* situations, objection contents, event details */
#define CASE_MINUTES_MAX 4096 /* investigation records, meeting minutes */
/* The classification's explanation: its sentences, one per line (at most
 * 24 of at most 640 bytes, cases.h). */
#define CASE_EXPLAIN_MAX 16384

/* The six items of the dossier (报备资料, §3 step 7) as bits of
 * aid_case.dossier; each matches the attachment kind named after it. */
#define CASE_DOSSIER_APPLICATION       (1u << 0) /* 书面申请: "application" */
#define CASE_DOSSIER_APPLICATION_FORM  (1u << 1) /* 申请表: "application_form" */
#define CASE_DOSSIER_ASSEMBLY_MINUTES  (1u << 2) /* 党员大会记录: "assembly_minutes" */
#define CASE_DOSSIER_COMMITTEE_MINUTES (1u << 3) /* 支委会记录: "committee_minutes" */
#define CASE_DOSSIER_NOTICE_REPORT     (1u << 4) /* 公示结果报告: "notice_report" */
#define CASE_DOSSIER_REGISTRATION_FORM (1u << 5) /* 信息登记表: "registration_form" */
#define CASE_DOSSIER_ALL	       0x3Fu

/* A yearly round (生活困难帮扶), opened by the department; everything from
 * notice to money in hand is due by due_on. */
struct aid_round {
	int64_t id;
	int64_t org_id; /* the organisation that opened it (the department) */
	int year;	/* the aid year, 2000..2100 */
	char title[TEXT_BYTES(TF_ROUND_TITLE_MAX)]; /* "2024 年度生活困难党员帮扶" */
	char opened_on[CASE_DATE_LEN];		    /* the day the round opened */
	char due_on[CASE_DATE_LEN];		    /* opened_on + policy.yearly_round_days */
	char status[8];	    /* "open" / "closed"; one open round per org and year */
	int policy_version; /* the policy in force when it opened */
	int64_t created_by; /* user id, 0 none */
	int64_t created_at; /* unix seconds */
	int64_t closed_by;  /* user id, 0 while open */
	int64_t closed_at;  /* unix seconds, 0 while open */
};

/* One member's hardship record for one aid (困难党员档案).  Dates are ""
 * when not recorded yet; amounts are fen. */
struct aid_case {
	int64_t id;
	int64_t member_id;
	int64_t org_id; /* the member's branch when the case was opened */
	char member_name[TEXT_BYTES(TF_MEMBER_NAME_MAX)]; /* filled on read */
	char org_name[TEXT_BYTES(TF_ORG_NAME_MAX)];	  /* filled on read */
	char org_path[256];				  /* filled on read: for scope checks */
	char round_title[TEXT_BYTES(TF_ROUND_TITLE_MAX)]; /* filled on read: "" for emergencies */
	char kind[16];					  /* "yearly" / "emergency" */
	int64_t round_id;   /* yearly: the round (same year); emergency: 0 */
	int year;	    /* the aid year */
	char state[16];	    /* wf_state_code(): "applied" ... "rejected" */
	int policy_version; /* the version of the latest decision */
	/* ledger category and tier: the final value, the computed one and
	 * why (the rule, or the worker's reason for overriding it) */
	char category[16];		       /* "capacity" / "relief" / "care", "" not yet */
	char category_auto[16];		       /* as computed by classify_case() */
	char category_reason[CASE_REASON_MAX]; /* the rule or the override's reason */
	char tier[16];			       /* "severe" / "moderate" / "temporary", "" not yet */
	char tier_auto[16];		       /* as computed */
	char tier_reason[CASE_REASON_MAX];     /* the tier rule or the override's reason */
	/* eligibility (§2) likewise: 1 may be aided, 0 not, -1 not classified */
	int eligible;			       /* the final value */
	int eligible_auto;		       /* as computed */
	char eligible_reason[CASE_REASON_MAX]; /* the override's reason, "" computed */
	char explanation[CASE_EXPLAIN_MAX];    /* classify_result.explain, one per line */
	struct policy_codes causes;	       /* 致困原因: codes of the policy */
	struct policy_codes conditions;	       /* hardship conditions ticked */
	struct policy_codes exclusions;	       /* exclusions ticked */
	char situation[CASE_TEXT_MAX];	       /* the application's account of the hardship */
	char loss_type[24];		       /* emergencies: policy_loss_code(), "" unknown */
	int64_t income_fen;		       /* household annual net income, -1 unknown */
	int household_size;		       /* persons, 0 unknown */
	int labour_capacity;		       /* 1 able to work, 0 not */
	int fixed_income;		       /* 1 a pension, wage or other regular income */
	int64_t requested_fen;		       /* what the application asks for, 0 none */
	int64_t proposed_fen; /* the committee decision's amount (拟救助金额) */
	int64_t approved_fen; /* the department's approved amount */
	int special_approval; /* 1: the department's written special approval */
	char special_reason[CASE_REASON_MAX];	  /* required with special_approval */
	int pay_first;				  /* 1: emergency paid first (先发后补) */
	char paperwork_due[CASE_DATE_LEN];	  /* pay-first: paperwork complete by */
	int paperwork_done;			  /* pay-first: 1 once complete */
	unsigned dossier;			  /* CASE_DOSSIER_* bits present */
	char investigation_on[CASE_DATE_LEN];	  /* 调查摸底: the visit's date */
	char investigators[256];		  /* who visited */
	char investigation[CASE_MINUTES_MAX];	  /* what they found */
	char appraisal_on[CASE_DATE_LEN];	  /* 民主评议: the assembly's date */
	int expected;				  /* members expected (应到) */
	int present;				  /* members present (实到), <= expected */
	int votes_for;				  /* 赞成; votes cast <= present */
	int votes_against;			  /* 反对 */
	int votes_abstain;			  /* 弃权 */
	char appraisal_minutes[CASE_MINUTES_MAX]; /* the assembly's minutes */
	char decision_on[CASE_DATE_LEN];	  /* 支委会研究: the meeting's date */
	char decision_minutes[CASE_MINUTES_MAX];  /* the committee meeting's minutes */
	char screening_entered_on[CASE_DATE_LEN]; /* 程序筛查: entered into the system */
	char screening_result[512];		  /* what the screening said */
	char due_on[CASE_DATE_LEN];		  /* deadline of the current state, "" none */
	char applied_on[CASE_DATE_LEN];		  /* 申请日期: the date on the paper */
	int due_estimated;			  /* 1: counted over a year without calendar data */
	int64_t created_by;			  /* user id, 0 none */
	int64_t created_at;			  /* unix seconds */
	int64_t updated_at;			  /* unix seconds */
	int64_t version; /* optimistic lock: every write names the version it read */
	/* filled on read: the case's payment (payments module), 0 / "" none —
	 * for a pay-first case still approved or in screening, the money paid
	 * first (先发后补) */
	int64_t payment_id;
	int64_t pay_batch_id;
	int64_t paid_fen;
	char paid_on[CASE_DATE_LEN]; /* the payment's value date */
};

/* One row of a case's timeline (case_events): a transition of the
 * workflow, or an edit that is not one ("create", "update", "attach",
 * "objection", "objection_handled", "paperwork_done").  Append-only. */
struct case_event_row {
	int64_t id;
	int64_t case_id;
	int64_t at;		      /* unix seconds */
	int64_t user_id;	      /* 0 none (system) */
	char username[64];	      /* as it was then */
	char user_name[64];	      /* the account's display name now (lists only), "" none */
	char role[16];		      /* the role acted in, "" none */
	char event[24];		      /* wf_event_code() or one of the edits above */
	char from_state[16];	      /* "" for "create" */
	char to_state[16];	      /* = from_state for edits */
	int policy_version;	      /* the version this step was decided under, 0 none */
	char reason[CASE_REASON_MAX]; /* return, reject, override ... */
	char detail[CASE_TEXT_MAX];   /* JSON text: what changed */
	/* the level's opinion typed with the step (decide, review, approve,
	 * pay_first), printed on the forms as typed; "" none */
	char opinion[TEXT_BYTES(TF_STEP_OPINION_MAX)];
	/* the day the step was taken as the procedure counts days (the
	 * server's today: BANGFU_TODAY when set), "" in rows written before
	 * migration 0011 (at's day then) */
	char taken_on[CASE_DATE_LEN];
};

/* A public notice (公示) of one organisation listing several cases, or
 * (kind "commendation") the recommended nominations of a commendation
 * round (commendations.h). */
struct notice {
	int64_t id;
	int64_t org_id;				    /* the organisation posting it */
	char org_name[TEXT_BYTES(TF_ORG_NAME_MAX)]; /* filled on read */
	char kind[16];		       /* "yearly" / "emergency" (cases), "commendation" */
	char starts_on[CASE_DATE_LEN]; /* the first day posted */
	char ends_on[CASE_DATE_LEN];   /* calendar_period_end(starts_on, working_days) */
	int working_days;	       /* the period (policy.notice_working_days) */
	int estimated;		       /* 1: ends_on counted a year without calendar data */
	char office[TEXT_BYTES(TF_NOTICE_OFFICE_MAX)]; /* the office receiving objections (附件3) */
	char office_phone[TEXT_BYTES(TF_NOTICE_OFFICE_PHONE_MAX)]; /* and its phone */
	char status[8];						   /* "open" / "closed" */
	int64_t created_by;
	int64_t created_at;
	int64_t closed_by;   /* 0 while open */
	int64_t closed_at;   /* 0 while open */
	int ncases;	     /* filled on read: cases listed */
	int nnominations;    /* filled on read: nominations listed */
	int open_objections; /* filled on read: objections not handled yet */
};

/* An objection or report (异议/举报) received during a notice. */
struct objection {
	int64_t id;
	int64_t notice_id;
	int64_t case_id;		 /* a case on that notice; 0: the notice as a whole */
	int64_t nomination_id;		 /* or a nomination on a commendation notice */
	char received_on[CASE_DATE_LEN]; /* the day it came in */
	char channel[16];		 /* "phone" / "letter" / "in_person" */
	char content[CASE_TEXT_MAX];	 /* what was said */
	char reporter[128];		 /* who, "" anonymous */
	/* "" while open; "upheld_returned" / "upheld_rejected" / "unfounded" */
	char outcome[24];
	char reason[CASE_REASON_MAX]; /* required with an outcome */
	int64_t handled_by;	      /* 0 while open */
	int64_t handled_at;	      /* 0 while open */
	int64_t created_by;
	int64_t created_at;
};

/* A file of a case, stored content-addressed on disk. */
struct attachment {
	int64_t id;
	int64_t case_id;
	/* a dossier item ("application" ... "registration_form", see
	 * CASE_DOSSIER_*), "diagnosis", "accident_certificate", "receipt",
	 * "verification" or "other" */
	char kind[32];
	char name[256];	       /* the file name as uploaded */
	char mime[32];	       /* "application/pdf" / "image/jpeg" / "image/png" */
	int64_t size;	       /* bytes, 1 .. 10 MiB */
	char sha256[65];       /* hex of the content */
	char stored_path[256]; /* var/attachments/<sha256[0:2]>/<sha256> */
	int64_t uploaded_by;
	int64_t uploaded_at;
	char uploaded_by_name[64]; /* the uploader's display name (read back), "" none */
};

/* A stored policy version (struct policy, cases.h).  document is malloc'd (a document
 * may run to tens of KiB): only the reads that say so fill it, and
 * store_policy_row_release() frees it. */
struct policy_row {
	int version;			    /* 1, 2, 3 ... */
	char effective_from[CASE_DATE_LEN]; /* in force from this day on */
	char note[256];			    /* what changed, in the department's words */
	int64_t created_by;		    /* user id, 0 none (the shipped default) */
	char created_by_name[64];	    /* filled on read: the username, "" none */
	int64_t created_at;		    /* unix seconds */
	char *document;			    /* policy JSON as policy_to_json wrote it, or NULL */
};

/* One day the department changed in the working-day calendar. */
struct calendar_edit {
	char day[CASE_DATE_LEN]; /* YYYY-MM-DD */
	char kind[16];		 /* "holiday" / "workday" / "normal" (back to ordinary) */
	char name[64];		 /* "春节", "春节调休"; "" none */
	int64_t updated_by;	 /* user id, 0 none */
	int64_t updated_at;	 /* unix seconds */
};

/* A year the department declared complete (calendar_mark_year). */
struct calendar_year {
	int year;
	char source[256]; /* the notice it follows, "" unnamed */
	int64_t updated_by;
	int64_t updated_at;
};

/* Orders of the case list. */
enum case_order {
	CASE_ORDER_NEWEST = 0, /* id descending: the newest first */
	CASE_ORDER_DUE = 1,    /* due_on ascending (no deadline last), then id */
};

/* A page of the case list.  Every filter is optional (NULL / "" / 0). */
struct case_query {
	const char *scope_path; /* required: only cases of orgs under this path ("/" all) */
	int64_t org_id;		/* only cases of this org's subtree */
	const char *state;	/* a state code */
	const char *kind;	/* "yearly" / "emergency" */
	int year;
	int64_t round_id;
	int64_t member_id;
	/* overdue: cases not finished (verified, rejected) whose due_on is
	 * before this date ("today", YYYY-MM-DD) */
	const char *overdue_before;
	/* 1: only pay-first cases whose paperwork is not done yet (and that
	 * are not rejected) */
	int paperwork_open;
	/* the search box: the member's name or ID number, or the case's number
	 * (NULL: none) */
	struct search_term *search;
	enum case_order order;
	int offset;
	int limit; /* 20 when 0 */
};

/* A page of the notice list, newest first.  Every filter is optional. */
struct notice_query {
	const char *scope_path; /* required: only notices of orgs under this path */
	const char *org_path;	/* narrowed to this subtree (ANDed with the scope) */
	const char *status;	/* "open" / "closed" */
	const char *kind;	/* "yearly" / "emergency" */
	/* the search box: the branch's name, a listed member's name or ID
	 * number, or the notice's number */
	struct search_term *search;
	int offset;
	int limit; /* 20 when 0 */
};

/* One cell of the progress view: cases in state under org. */
struct case_count {
	int64_t org_id; /* a child of the org asked for (its whole subtree), or that org
			   itself (only the cases filed directly with it) */
	char state[16];
	int64_t n;
};

/* --- the verification campaign (走访核查, §3 step 12; src/core/cases/
 * verification*.c, src/store/verification.c) --- */
#define VERIFICATION_SEED_LEN 17 /* 16 hex digits and the NUL */

struct verification {
	int64_t id;
	int64_t org_id; /* the department's organisation that drew it */
	int year;	/* the year whose paid cases were drawn from */
	char title[TEXT_BYTES(TF_VERIFICATION_TITLE_MAX)];
	int share_pct;	       /* per committee, 1–100 */
	int min_per_committee; /* at least this many of each committee with paid cases */
	char seed[VERIFICATION_SEED_LEN];
	int64_t population, sample;
	char drawn_on[11], due_on[11];
	char status[8]; /* "open", "closed" */
	int64_t created_by, created_at;
	/* counts over its checks, filled on read */
	int64_t assigned, done, irregular, fraud;
};

/* One sampled case and what its check found. */
struct verification_check {
	int64_t id, campaign_id, case_id;
	int64_t committee_id; /* the committee whose share it was drawn in */
	int draw_rank;	      /* its place in the committee's draw, from 1 */
	int64_t checker_id;   /* 0: not assigned */
	char status[8];	      /* "pending", "done" */
	char checked_on[11];
	int phone_reached, phone_correct, living_as_declared, notice_posted, money_received;
	char finding[12]; /* "", "none", "irregular", "fraud" */
	int64_t responsible_org_id, recovery_id;
	char notes[TEXT_BYTES(TF_VERIFICATION_NOTES_MAX)];
	int64_t recorded_by, recorded_at, version;
	/* read with it */
	char checker_name[TEXT_BYTES(TF_USER_DISPLAY_NAME_MAX)];
	char committee_name[TEXT_BYTES(TF_ORG_NAME_MAX)];
	char responsible_name[TEXT_BYTES(TF_ORG_NAME_MAX)];
	int64_t member_id, org_id;
	char member_name[TEXT_BYTES(TF_MEMBER_NAME_MAX)];
	char org_name[TEXT_BYTES(TF_ORG_NAME_MAX)];
	char org_path[256];
	char case_state[16], kind[16];
	int64_t amount; /* paid, fen */
	char paid_on[11];
	char phone_sealed[160]; /* the member's, as stored ("" none) */
	char phone[32];		/* filled by the core: masked, or plain when revealed */
};

/* One paid case of a year as the draw sees it. */
struct verification_unit {
	int64_t case_id;
	int64_t org_id;
	char org_path[256];
};

#endif
