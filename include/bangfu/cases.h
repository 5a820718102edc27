/* cases.h - the cases domain (src/core/cases/): the aid procedure of
 * DOMAIN.md §2–§3 in the core.  The one public header of the domain, in
 * five parts: the procedure table (workflow.c), the versioned policy
 * (policy.c), classification and eligibility (classify.c), the procedure
 * over the store (casework*.c: rounds, cases, steps, notices, objections,
 * batch approval, to-do lists, files) and the working-day calendar in
 * force (casework_calendar.c).  The plain structs the store reads and
 * writes are in case_model.h, the queries in store_cases.h. */
#ifndef BANGFU_CASES_H
#define BANGFU_CASES_H
#include <stddef.h>
#include <stdint.h>
#include "calendar.h"
#include "case_model.h"
#include "roll_model.h"
#include "store_roll_review.h"
#include "err.h"
#include "limits.h"
#include "register.h"
#include "store_screening.h"
#include "strbuf.h"

/* ======== the procedure table (workflow.c) ================================== */

/* The aid procedure (DOMAIN.md §3 steps 2–12) as one table:
 * {state, event, next state, roles allowed, guard}.  Pure logic: the facts a
 * guard needs are gathered by the caller (core/cases/casework.c) into struct
 * wf_facts; this module decides and explains, in Chinese. */
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
	/* a household member (linked in the register) has aid approved or paid
	 * this year: the same special approval as the other kind (issue #11) */
	int household_aid_same_year;
	int findings_open;	/* screening findings not cleared nor overruled */
	int pay_first;		/* the department chose 先发后补 */
	int paperwork_complete; /* for pay-first: the missing paperwork is done */
	int has_reason;		/* the request carries a reason (return/reject/override) */
	int screened_ok;	/* screening passed */
	int paid;		/* the money is paid (先发后补: before the screening) */
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

/* The next step of the procedure in this state, for the reader of a case
 * (the "next step" hint): *level the level that takes it (WR_BRANCH,
 * WR_COMMITTEE or WR_DEPARTMENT) and the step in Chinese without a
 * subject ("录入救助系统"); NULL for a finished case.  Unlike
 * wf_next_level it follows 先发后补: money to pay first, a paid-first
 * case's screening, its paperwork before the verification. */
const char *wf_next_step(enum case_state s, const struct wf_facts *f, enum wf_role *level);
/* "党支部", "党(工)委", "组织部", "系统管理员", "审计". */
const char *wf_role_label(enum wf_role r);

/* ======== the policy (policy.c) ============================================= */

/* The rules of DOMAIN.md §2–§3 as data: amounts, deadlines, the
 * poverty and minimum-living lines per year, the hardship conditions and
 * exclusions, tiers, categories, causes, the care rule and the cost sharing.
 *
 * The department edits a policy in the console as a JSON document; every
 * version carries a version number and the date it takes effect, and every
 * decision records the version it was taken under, so a struct policy always
 * travels with both.  data/policy-default.json is compiled into the binary
 * (scripts/embed-text.py) as the shipped default.  Field by field in
 * docs/internals/policy.md.
 *
 * A plain struct of fixed arrays (no heap): copy it, keep it in a cache, hand
 * it to classify_case() (below).  It is large (about 50 KiB): keep it
 * off small thread stacks. */
/* The shortest public notice any version may set: 3 days in one locality,
 * at least 5 in another (§3 step 6), so 3 is the floor and 5 the default. */
#define POLICY_MIN_NOTICE_DAYS 3

/* The two kinds of aid (§3).  Codes "yearly" and "emergency". */
enum aid_kind {
	AID_YEARLY = 1,
	AID_EMERGENCY = 2,
};

/* What happened, for emergency relief (§3, seeds/004 三(二)).  Codes
 * "major_loss", "sudden_illness", "disability_death", "other". */
enum loss_type {
	LOSS_NONE = 0,
	LOSS_MAJOR_LOSS,     /* 突发性重大事故造成财产重大损失: the standard range */
	LOSS_SUDDEN_ILLNESS, /* 突发性重大疾病急需救助: the standard range */
	LOSS_DISABILITY_DEATH, /* 重大事故导致严重伤残或死亡: up to the severe maximum */
	LOSS_OTHER,	       /* 其他特殊困难: the department sets the amount */
};

/* One entry of a checklist.  Only some lists use the hints:
 *   conditions: income_line "poverty_line" / "min_living" marks a condition
 *               computed from the household's income (ticking it is then
 *               checked against the line); tier "severe" / "temporary" is
 *               the tier the condition suggests ("" = moderate);
 *   causes:     category "relief" / "capacity" the cause leans to ("" none). */
struct policy_item {
	char code[POLICY_CODE_MAX];
	char label[POLICY_LABEL_MAX];
	char description[POLICY_DESC_MAX]; /* "" when none */
	char income_line[POLICY_HINT_MAX];
	char tier[POLICY_HINT_MAX];
	char category[POLICY_HINT_MAX];
};

struct policy_list {
	size_t n;
	struct policy_item item[POLICY_MAX_ITEMS];
};

/* Per-capita annual net income lines of one year, in fen. */
struct policy_line {
	int year;
	int64_t poverty_line_fen; /* 国家扶贫标准 */
	int64_t min_living_fen;	  /* 本地最低生活保障标准 (低保线) */
};

/* Who pays what share of an aid (§7), in basis points (7000 = 70%). */
struct policy_share {
	char level[POLICY_HINT_MAX]; /* an org kind: committee, general_branch ... */
	char label[POLICY_LABEL_MAX];
	int share_bp;
};

struct policy {
	int version;			  /* 1, 2, 3 ... */
	char effective_from[11];	  /* YYYY-MM-DD: in force from this day on */
	char comment[POLICY_COMMENT_MAX]; /* "_comment" in JSON */
	char source[POLICY_SOURCE_MAX];	  /* where the figures come from */

	int64_t yearly_amount_fen;	  /* 生活困难帮扶: 600 yuan */
	int64_t emergency_min_fen;	  /* standard range: 1000 ... */
	int64_t emergency_max_fen;	  /* ... 2000 yuan */
	int64_t emergency_severe_max_fen; /* disability or death: up to 3000 */

	int notice_working_days;    /* 公示期, >= POLICY_MIN_NOTICE_DAYS */
	int yearly_round_days;	    /* notice to money in hand, calendar days */
	int emergency_level_days;   /* each level answers within, calendar days */
	int screening_working_days; /* approved list into the relief system */

	size_t nlines;
	struct policy_line lines[POLICY_MAX_LINES]; /* ascending years, unique */

	struct policy_list conditions; /* 困难条件: any one qualifies */
	struct policy_list exclusions; /* 排除情形: any one blocks */
	struct policy_list tiers;      /* exactly severe, moderate, temporary */
	struct policy_list categories; /* exactly capacity, relief, care */
	struct policy_list causes;     /* 致困原因 */

	struct {
		char household_type[16]; /* the rural household type: 农业 */
		int min_age;		 /* rural and this old: care, fixed subsidy */
		int regular_subsidy_min_age;
		int regular_subsidy_min_party_years;
		int regular_subsidy_requires_no_fixed_income; /* 0 / 1 */
	} care;

	int old_age;		   /* this old: poor through age (因老), relief */
	int severe_income_percent; /* per-capita income under this % of the
				      minimum-living line suggests severe */

	size_t nshares;
	struct policy_share shares[POLICY_MAX_SHARES]; /* sum 10000 bp */

	/* "advance_allowed" (optional, default false): a level may pay before
	 * the upper level's money is in its fund; the shortfall is booked as
	 * an advance owed by the upper level (fund.h, LEDGER_ALLOW_ADVANCE). */
	int advance_allowed;
};

/* Zeroes p (an empty, invalid policy). */
void policy_init(struct policy *p);

/* Reads a policy document (len bytes of UTF-8 JSON), then validates it as
 * policy_validate() does.  Every field is required except "_comment",
 * "source" and the items' "description" and hints; unknown fields are
 * refused (a typo in the console must not pass silently), other keys
 * starting with '_' are ignored.  On error p is undefined and e names the
 * field as a JSON path ("notice_working_days", "conditions[2].code",
 * "care.min_age") with a Chinese message. */
int policy_parse(const char *json, size_t len, struct policy *p, struct bf_err *e);

/* Checks every range and cross-reference, and sorts the lines by year. */
int policy_validate(struct policy *p, struct bf_err *e);

/* Appends p as a JSON document (2-space indent, the same field order as
 * data/policy-default.json) to out.  policy_parse() reads it back equal. */
void policy_to_json(const struct policy *p, struct strbuf *out);

/* The shipped default, parsed once (thread-safe).  A default that does not
 * parse is a build defect: BUG(). */
const struct policy *policy_default(void);
/* The embedded text of data/policy-default.json. */
const char *policy_default_text(void);

/* Among n versions, the one in force on date (YYYY-MM-DD): the latest
 * effective_from not after date, the higher version on a tie.  NULL when
 * none is in force yet. */
const struct policy *policy_pick(const struct policy *const *versions, size_t n, const char *date);

/* --- lookups --- */
const struct policy_item *policy_find(const struct policy_list *l, const char *code);
/* The label of code, NULL when the list has no such code. */
const char *policy_label(const struct policy_list *l, const char *code);
int policy_has(const struct policy_list *l, const char *code);
/* The lines for year: 0 when set for that year; 1 when taken from the latest
 * earlier year (note says so in Chinese); -1 when no year up to it is set
 * (note says so, *out zeroed).  note may be NULL. */
int policy_line_for_year(const struct policy *p, int year, struct policy_line *out,
			 char note[POLICY_NOTE_MAX]);

/* --- kinds and loss types: codes and Chinese labels --- */
const char *policy_kind_code(enum aid_kind k);	/* "" when invalid */
const char *policy_kind_label(enum aid_kind k); /* 生活困难帮扶 / 突发事故救助 */
int policy_kind_parse(const char *code, enum aid_kind *out);
const char *policy_loss_code(enum loss_type t); /* "" for LOSS_NONE */
const char *policy_loss_label(enum loss_type t);
int policy_loss_parse(const char *code, enum loss_type *out); /* "" → LOSS_NONE */

/* --- amounts --- */
/* The amounts that apply to a kind and loss type. */
struct policy_limits {
	int64_t min_fen;	   /* the standard range; yearly: the amount */
	int64_t max_fen;	   /* (0, 0 when the department decides) */
	int64_t emergency_max_fen; /* emergencies: the standard maximum ... */
	int64_t severe_max_fen;	   /* ... and the one for disability or death */
	int department_decides;	   /* LOSS_OTHER: every amount is a special approval */
};
void policy_amount_limits(const struct policy *p, enum aid_kind k, enum loss_type t,
			  struct policy_limits *out);

enum amount_verdict {
	AMOUNT_OK = 0,		   /* within the standard, or specially approved */
	AMOUNT_NEEDS_APPROVAL = 1, /* allowed only with the department's written approval */
	AMOUNT_REFUSED = 2,	   /* never: zero or negative, kind or loss type missing */
};
/* Checks a proposed amount.  e always gets a Chinese sentence: code EC_OK
 * for AMOUNT_OK (what standard it meets), EC_INVALID with field
 * "amount_fen" (or "kind" / "loss_type") otherwise.  With
 * has_special_approval an amount that needs approval is AMOUNT_OK. */
enum amount_verdict policy_check_amount(const struct policy *p, enum aid_kind k, enum loss_type t,
					int64_t amount_fen, int has_special_approval,
					struct bf_err *e);

/* --- a set of ticked codes (struct policy_codes: case_model.h) --- */
/* Adds code once; -1 when it is too long or the set is full. */
int policy_codes_add(struct policy_codes *s, const char *code);
int policy_codes_has(const struct policy_codes *s, const char *code);

/* ======== classification (classify.c) ======================================= */

/* Who counts as in hardship and how (DOMAIN.md §2): from the
 * facts of a case and a policy (above), the engine computes eligibility
 * (which condition is met, which exclusion blocks), the ledger category
 * (capacity / relief / care) with the rule that decided it, a tier
 * suggestion, the care subsidies, the amounts that apply, and explains all
 * of it in Chinese sentences a township worker can read.  A worker may
 * override category, tier or eligibility with a written reason.
 *
 * Pure computation: no database, no clock (age and party years come in as
 * facts), no heap.  Rules and their sources: docs/internals/policy.md. */
#define CLASSIFY_MAX_EXPLAIN 24
#define CLASSIFY_EXPLAIN_MAX 640 /* bytes per sentence, NUL included */
#define CLASSIFY_RULE_MAX    24
#define CLASSIFY_REASON_MAX  1024
#define CLASSIFY_REASON_MIN  5 /* characters (not bytes) of an override's reason */

/* The facts of one case, as the investigation (调查摸底) found them. */
struct case_facts {
	enum aid_kind kind;
	enum loss_type loss_type;	/* emergencies: required; ignored for yearly aid */
	int year;			/* the year decided for: selects the income lines */
	int age;			/* whole years on the decision date; -1 unknown */
	int party_years;		/* -1 unknown */
	char household_type[16];	/* 户口类别: 农业 / 非农业; "" unknown */
	int able_to_work;		/* labour capacity: 1 yes, 0 no */
	int has_fixed_income;		/* a pension, wage or other regular income */
	int household_size;		/* persons, 1..30; needed with the income */
	int64_t income_fen;		/* household annual net income; -1 unknown */
	struct policy_codes conditions; /* ticked by the worker (codes of the policy) */
	struct policy_codes exclusions;
	struct policy_codes causes;
	int64_t amount_fen;	  /* proposed amount (拟救助金额), 0 none */
	int has_special_approval; /* the department's written special approval */
};

/* Yearly aid, everything unknown (-1), nothing ticked, able to work. */
void classify_facts_init(struct case_facts *f);

struct classify_result {
	int policy_version; /* the version the result was computed under */
	char policy_effective_from[11];

	int eligible;			       /* 1: may be aided */
	struct policy_codes met;	       /* conditions met: ticked, or computed from income */
	struct policy_codes blocking;	       /* exclusions that block */
	char category[POLICY_HINT_MAX];	       /* capacity / relief / care */
	char category_rule[CLASSIFY_RULE_MAX]; /* see CLASSIFY_RULE_* below */
	char tier[POLICY_HINT_MAX];	       /* severe / moderate / temporary */
	char tier_rule[CLASSIFY_RULE_MAX];
	/* The subsidies are paid only to eligible members: each flag is its
	 * rule's match and eligibility (recomputed after an override). */
	int fixed_subsidy;	  /* 定补 of the care category (seeds/000) */
	int regular_subsidy;	  /* 定期生活补助 (seeds/002) */
	int regular_subsidy_rule; /* the age, party years and income rule matched */

	int64_t per_capita_fen; /* household income / size, rounded down; -1 unknown */
	int line_year;		/* year of the lines used, 0 none */
	int64_t poverty_line_fen;
	int64_t min_living_fen;

	struct policy_limits limits;	    /* amounts for this kind and loss type */
	int amount_checked;		    /* a proposed amount was given ... */
	enum amount_verdict amount_verdict; /* ... and this is its verdict */

	/* What the engine computed, kept when a worker overrides. */
	int computed_eligible;
	char computed_category[POLICY_HINT_MAX];
	char computed_tier[POLICY_HINT_MAX];
	int overridden;
	char override_reason[CLASSIFY_REASON_MAX];

	size_t nexplain;
	char explain[CLASSIFY_MAX_EXPLAIN][CLASSIFY_EXPLAIN_MAX];
};

/* Category rules, first match wins (stored with a decision). */
#define CLASSIFY_RULE_CARE_AGE	     "care_age"	      /* rural and care.min_age+ */
#define CLASSIFY_RULE_NO_LABOUR	     "no_labour"      /* cannot work */
#define CLASSIFY_RULE_OLD_AGE	     "old_age"	      /* old_age+ (因老) */
#define CLASSIFY_RULE_RELIEF_CAUSE   "relief_cause"   /* a cause leaning to relief */
#define CLASSIFY_RULE_CAPACITY_CAUSE "capacity_cause" /* able, a cause leaning to capacity */
#define CLASSIFY_RULE_ABLE_BODIED    "able_bodied"    /* able to work, not old */
/* Tier rules. */
#define CLASSIFY_TIER_SEVERE_CONDITION "severe_condition" /* e.g. 三无对象 */
#define CLASSIFY_TIER_DISABILITY_DEATH "disability_death"
#define CLASSIFY_TIER_NO_LABOUR_INCOME "no_labour_no_income"
#define CLASSIFY_TIER_FAR_BELOW	       "far_below_line" /* under severe_income_percent */
#define CLASSIFY_TIER_TRANSIENT	       "transient"	/* only sudden / passing causes */
#define CLASSIFY_TIER_DEFAULT	       "default"	/* moderate */
#define CLASSIFY_RULE_OVERRIDE	       "override"	/* a worker decided */

/* Computes everything.  -1 (e names the field) when the facts are not
 * usable: an unknown code, an emergency without loss type, a household
 * size out of range, a negative income.  Never fails on missing facts:
 * unknown age or income only leave rules unapplied, and say so. */
int classify_case(const struct policy *p, const struct case_facts *f, struct classify_result *out,
		  struct bf_err *e);

/* A worker's decision against the computed one. */
struct classify_override {
	char category[POLICY_HINT_MAX]; /* "" keeps the computed category */
	char tier[POLICY_HINT_MAX];	/* "" keeps the computed tier */
	int eligible;			/* -1 keeps, 0 / 1 decides */
	char reason[CLASSIFY_REASON_MAX];
};
void classify_override_init(struct classify_override *o);
/* Checks codes against the policy and that something changes with a reason
 * of at least CLASSIFY_REASON_MIN characters (trimmed in place). */
int classify_override_check(const struct policy *p, struct classify_override *o, struct bf_err *e);
/* Checks, then applies o to r: the final values change, the computed ones
 * stay, rules become CLASSIFY_RULE_OVERRIDE, and a sentence records it. */
int classify_apply_override(const struct policy *p, struct classify_result *r,
			    struct classify_override *o, struct bf_err *e);

/* ======== the aid procedure (casework*.c) =================================== */

/* The aid procedure of DOMAIN.md §2–§3 (issue #3) over the store:
 * policy versions and the working-day calendar in force, yearly rounds,
 * cases with their classification, the steps of the procedure through the
 * workflow table (above), public notices and objections, batch
 * approval, to-do lists and progress, and the files of a case.
 *
 * Like register.h: no SQL (only store_* calls), no HTTP, no printf; every call
 * takes the acting user, checks role and scope (a case, notice or round
 * outside the actor's subtree answers EC_NOT_FOUND, as if it did not
 * exist), runs its writes in one transaction through db_run_tx with an
 * audit row (audit_record) and a timeline row for each case touched, and
 * answers 0, or -1 with a Chinese message in e naming the field or the
 * step.  Rules and decisions: docs/internals/cases.md.
 *
 * The HTTP API and the console call only these functions. */
/* --- the policy in force (src/core/cases/casework_policy.c) --- */

/* Stores the shipped default (policy_default_text()) as version 1 when it
 * is missing; harmless to call again or from two processes.  `bangfu
 * init` is the place to call it; every function below also does it on
 * first use, so a database initialised before this module works too. */
int case_policy_ensure(struct core *c, struct bf_err *e);
/* The version in force on date (YYYY-MM-DD; NULL or "": today).  *out is
 * parsed once per version and shared: read-only, valid until
 * case_cache_reset() (versions are never changed, so it never goes stale).
 * EC_NOT_FOUND when no version is in force yet on that date. */
int case_policy_in_force(struct core *c, const char *date, const struct policy **out,
			 struct bf_err *e);
/* One stored version, as case_policy_in_force. */
int case_policy_get(struct core *c, int version, const struct policy **out, struct bf_err *e);
/* Saves a new version (department and admin only): json is validated by
 * policy_parse (errors name the JSON path), stored as policy_to_json
 * writes it with version = the highest stored + 1 (the document's own
 * "version" is ignored).  Its effective_from must not be before today,
 * except that a correction may reuse the effective date of the version in
 * force today (the higher version wins on the same date).  *version (may
 * be NULL) receives the new number.  EC_CONFLICT when someone else saved
 * that number first. */
int case_policy_save(struct core *c, const struct actor *a, const char *json, size_t len,
		     const char *note, int *version, struct bf_err *e);
/* Every version, oldest first, without documents (store_policy_rows_free). */
int case_policy_list(struct core *c, const struct actor *a, struct policy_row **items, size_t *n,
		     struct bf_err *e);

/* --- yearly rounds (src/core/cases/casework_rounds.c) --- */

/* Opens the yearly round of year (2000..2100) for the actor's organisation
 * (department and admin only): opened today, due after
 * policy.yearly_round_days calendar days, the policy version in force
 * recorded.  title "" gives "YYYY 年度生活困难党员帮扶". */
int case_round_open(struct core *c, const struct actor *a, int year, const char *title,
		    struct aid_round *out, struct bf_err *e);
/* A round the actor may see: opened by an organisation above or in the
 * actor's subtree. */
int case_round_get(struct core *c, const struct actor *a, int64_t id, struct aid_round *out,
		   struct bf_err *e);
/* The rounds the actor may see, of year (0: all), newest year first. */
int case_round_list(struct core *c, const struct actor *a, int year, struct aid_round **items,
		    size_t *n, struct bf_err *e);
/* Closes an open round (department and admin, in scope). */
int case_round_close(struct core *c, const struct actor *a, int64_t id, struct bf_err *e);

/* --- cases (src/core/cases/casework.c) --- */

/* The application's facts (§3 step 2) as entered; the classification is
 * computed from them. */
struct case_input {
	char kind[16];	    /* "yearly" / "emergency" (create only) */
	int64_t member_id;  /* create only */
	int64_t round_id;   /* yearly, create only: an open round of an org above the member */
	char loss_type[24]; /* emergency: "major_loss" ... (policy_loss_code) */
	struct policy_codes causes;
	struct policy_codes conditions;
	struct policy_codes exclusions;
	char situation[CASE_TEXT_MAX];
	int64_t income_fen;    /* household annual net income, -1 unknown */
	int household_size;    /* 0: the member's register entry */
	int labour_capacity;   /* 1 able to work, 0 not */
	int fixed_income;      /* 1 a pension, wage or other regular income */
	int64_t requested_fen; /* 0 none */
	/* 申请日期, the date written on the application: not after today;
	 * "" today on create, the case's own on update */
	char applied_on[CASE_DATE_LEN];
	/* A worker's decision against the computed category, tier or
	 * eligibility, with its reason (classify_override_check).  On update,
	 * an empty override keeps the case's earlier one. */
	struct classify_override override;
	int64_t version; /* update: the version the user read (0: do not check) */
};
void case_input_init(struct case_input *in);

/* Creates a case of a member in the actor's scope (roles that write):
 * yearly inside an open round of the member's organisation or above, for
 * the round's year (one per member and round); emergency any time, for
 * this year, with its loss type.  Runs classify_case on the policy in
 * force today (age and party years on today) and stores the category,
 * tier and eligibility, computed and final, with the explanation.  out
 * (may be NULL) receives the case as stored. */
int case_create(struct core *c, const struct actor *a, struct case_input *in, struct aid_case *out,
		struct bf_err *e);
/* What case_create checks of the input before it reads the database, then
 * the classification of member m's application under p into out (the
 * caller sets out->year): one case's validation without a database, for the
 * fuzzing harness (tests/fuzz/fuzz_case.c). */
int case_input_classify(const struct policy *p, const struct member *m, struct case_input *in,
			struct aid_case *out, struct bf_err *e);
/* Replaces the application's facts of a case and classifies it again.
 * Only while the case is "applied" or "returned" (after the branch's
 * decision, a correction goes through a return with a reason). */
int case_update(struct core *c, const struct actor *a, int64_t id, struct case_input *in,
		struct aid_case *out, struct bf_err *e);
/* Reads a case in scope (EC_NOT_FOUND outside). */
int case_get(struct core *c, const struct actor *a, int64_t id, struct aid_case *out,
	     struct bf_err *e);
/* A page of cases: q->scope_path is set to the actor's subtree. */
int case_list(struct core *c, const struct actor *a, struct case_query *q, struct aid_case **items,
	      size_t *n, int64_t *total, struct bf_err *e);
/* As case_list; own 1 needs q->org_id and lists only the cases filed
 * directly with that org, not its subtree (EC_MISSING "org" without it). */
int case_list_own(struct core *c, const struct actor *a, struct case_query *q, int own,
		  struct aid_case **items, size_t *n, int64_t *total, struct bf_err *e);
/* The timeline, oldest first. */
int case_timeline(struct core *c, const struct actor *a, int64_t id, struct case_event_row **items,
		  size_t *n, struct bf_err *e);
/* Ticks dossier items seen on paper (CASE_DOSSIER_* bits, added to those
 * present) before the case is submitted.  Uploading an attachment of a
 * dossier kind ticks its item too. */
int case_dossier_add(struct core *c, const struct actor *a, int64_t id, unsigned bits,
		     struct bf_err *e);
/* Pay-first (先发后补): the missing paperwork is complete — every dossier
 * item present.  Takes the case off the to-do lists and lets it be
 * verified. */
int case_paperwork_done(struct core *c, const struct actor *a, int64_t id, struct bf_err *e);

/* --- steps (src/core/cases/casework_steps.c) --- */

/* The data a step brings; only the fields of the event taken are read. */
struct case_step_input {
	int64_t version;	      /* the version the user read (0: do not check) */
	char reason[CASE_REASON_MAX]; /* return, reject, screen_fail, pay_first */
	/* investigate (调查摸底) */
	char investigation_on[CASE_DATE_LEN];
	char investigators[256];
	char investigation[CASE_MINUTES_MAX];
	/* appraise (民主评议) */
	char appraisal_on[CASE_DATE_LEN];
	int expected, present, votes_for, votes_against, votes_abstain;
	char appraisal_minutes[CASE_MINUTES_MAX];
	/* decide (支委会研究): proposed_fen 0 = the yearly amount for yearly aid */
	char decision_on[CASE_DATE_LEN];
	char decision_minutes[CASE_MINUTES_MAX];
	int64_t proposed_fen;
	/* approve, pay_first: approved_fen 0 = the proposed amount */
	int64_t approved_fen;
	int special_approval;
	char special_reason[CASE_REASON_MAX];
	/* pay_first: by when the missing paperwork must be complete */
	char paperwork_due[CASE_DATE_LEN];
	/* submit: dossier items seen on paper, added to those present */
	unsigned dossier;
	/* enter_screening ("" today), screen_pass / screen_fail */
	char screening_entered_on[CASE_DATE_LEN];
	char screening_result[512];
	/* decide, review, approve, pay_first: the level's opinion, printed on
	 * the forms as typed ("" leaves the line blank for handwriting) */
	char opinion[TEXT_BYTES(TF_STEP_OPINION_MAX)];
	/* open_notice of a single case: as struct case_notice_input */
	char office[TEXT_BYTES(TF_NOTICE_OFFICE_MAX)];
	char office_phone[TEXT_BYTES(TF_NOTICE_OFFICE_PHONE_MAX)];
};
void case_step_input_init(struct case_step_input *in);

/* Takes one step of the procedure on a case: reads it (EC_NOT_FOUND
 * outside the actor's scope), checks the event is possible in its state
 * for the actor's role, validates and applies the step's own data,
 * gathers the facts the guards need (struct wf_facts) and asks wf_step,
 * computes the new due date, and writes state, timeline row and audit row
 * in one transaction, recording the policy version in force today.
 * EC_CONFLICT 「该案件已被他人更新，请刷新后重试」 when in->version is not
 * the case's version or another writer won the race.  open_notice posts a
 * notice of this case alone; close_notice moves this case out of its
 * notice (closing the notice when no case is left in it). */
int case_step(struct core *c, const struct actor *a, int64_t case_id, enum case_event ev,
	      const struct case_step_input *in, struct bf_err *e);
/* The events the actor may take now (for the case page's buttons): the
 * workflow's answer for the actor's role, assuming the step brings its own
 * data (investigation, appraisal, amount, screening result, reason).
 * Returns how many, or -1. */
int case_allowed_events(struct core *c, const struct actor *a, int64_t case_id,
			enum case_event evs[EV__COUNT], struct bf_err *e);

/* The next step of a case as its reader should see it (the case page's
 * hint): who takes it and what it is, from the workflow table
 * (wf_next_step), said to the reader — 「下一步：请您录入救助系统…」 when
 * the reader's level takes it (an administrator takes any), else
 * 「下一步：等待党(工)委录入救助系统…」.  level is "branch", "committee",
 * "department" ("" for a finished case, text then says so). */
struct case_next {
	char level[16];
	char level_label[32];
	int yours;
	char text[320];
};
void case_next_step(const struct actor *a, const struct aid_case *c, struct case_next *out);

/* --- notices and objections (src/core/cases/casework_notices.c,
 * casework_objections.c) --- */

struct case_notice_input {
	int64_t org_id;		       /* the branch posting it: every case must be of it */
	char kind[16];		       /* "yearly" / "emergency"; "" from the cases */
	char starts_on[CASE_DATE_LEN]; /* "" today */
	char office[TEXT_BYTES(TF_NOTICE_OFFICE_MAX)]; /* receiving office; "" the branch's name */
	char
	    office_phone[TEXT_BYTES(TF_NOTICE_OFFICE_PHONE_MAX)]; /* "" the branch's office phone */
};
/* Posts a notice for cases of one branch in state "decided": ends on
 * calendar_period_end(starts_on, policy.notice_working_days).  With n = 0,
 * every decided case of the branch of in->kind ("open a notice for the
 * branch's whole list").  Each case goes through its guard; all or
 * nothing, the first refusal named.  out (may be NULL) gets the notice. */
int case_notice_open(struct core *c, const struct actor *a, const struct case_notice_input *in,
		     const int64_t *case_ids, size_t n, struct notice *out, struct bf_err *e);
int case_notice_get(struct core *c, const struct actor *a, int64_t id, struct notice *out,
		    struct aid_case **cases, size_t *ncases, struct bf_err *e);
/* The id of the latest notice that listed case_id (open or closed), 0 when
 * none.  For the case page's link; the caller has already read the case in
 * its scope, and a notice is in the same branch as its cases. */
int64_t case_notice_id(struct core *c, int64_t case_id);
/* status "open" / "closed" / NULL. */
int case_notice_list(struct core *c, const struct actor *a, const char *status, int offset,
		     int limit, struct notice **items, size_t *n, int64_t *total, struct bf_err *e);
/* As case_notice_list with the filters of q (its scope and org path are
 * set here), narrowed to org_id's subtree (0: the whole scope; an org
 * outside the scope is EC_NOT_FOUND); q->kind "yearly" / "emergency", NULL
 * or "" both, anything else EC_INVALID "kind". */
int case_notice_find(struct core *c, const struct actor *a, int64_t org_id, struct notice_query *q,
		     struct notice **items, size_t *n, int64_t *total, struct bf_err *e);
/* Closes a notice whose period has ended: each of its cases still in
 * notice moves on ("noticed") through its guard (every objection about it
 * or the whole notice handled); all or nothing. */
int case_notice_close(struct core *c, const struct actor *a, int64_t id, struct bf_err *e);

/* The notice of another domain's list (kind "commendation": the
 * nominations of commendations.h), inside the caller's transaction:
 * posted by organisation o from nt->starts_on for the policy's working
 * days (office and phone "" : the organisation's), audited notice_open;
 * nt->id is set and the caller lists what it posts. */
int notice_post_tx(struct db *db, const struct actor *a, const struct org *o, struct notice *nt,
		   const char *office, const char *office_phone, struct bf_err *e);
/* Closes notice id when still open: its period ended (EC_CONFLICT naming
 * the last day otherwise) and every objection handled (EC_CONFLICT);
 * audited notice_close.  A closed notice is left as it is. */
int notice_finish_tx(struct db *db, const struct actor *a, int64_t id, struct bf_err *e);

/* Records an objection received during an open notice: o->notice_id,
 * o->case_id (0: the notice as a whole; on a commendation notice
 * o->nomination_id, required, instead), o->channel ("phone", "letter",
 * "in_person"), o->received_on ("" today; not before the notice started
 * nor after today), o->content, o->reporter ("" anonymous).  Sets o->id. */
int case_objection_add(struct core *c, const struct actor *a, struct objection *o,
		       struct bf_err *e);
/* Handles an open objection with a reason: "unfounded" notes it;
 * "upheld_returned" / "upheld_rejected" return or reject its case (every
 * case still in notice, for an objection about the whole notice) through
 * case_step with the reason.  The first handling stands. */
/* One objection, when its notice is in the actor's scope (404 otherwise). */
int case_objection_get(struct core *c, const struct actor *a, int64_t id, struct objection *out,
		       struct bf_err *e);
int case_objection_handle(struct core *c, const struct actor *a, int64_t id, const char *outcome,
			  const char *reason, struct bf_err *e);
/* The Chinese of an objection's channel or outcome code ("phone" 电话,
 * "unfounded" 异议不成立 …); NULL for another code. */
const char *case_objection_label(const char *code);
/* Objections of a notice and/or a case (0: any; not both 0). */
int case_objection_list(struct core *c, const struct actor *a, int64_t notice_id, int64_t case_id,
			struct objection **items, size_t *n, struct bf_err *e);

/* --- batch approval (src/core/cases/casework_batch.c) --- */

/* The department approves a list of reviewed cases at once: exactly
 * case_ids (required, each once; with org_id each must lie under it).
 * Each case goes through its guard with its proposed amount; all or
 * nothing, the first refusal named.  opinion (审批意见, TF_STEP_OPINION;
 * NULL or "" none: the line is left blank to be written by hand) is
 * recorded with each case's approval, as the single approval's, and
 * printed on its forms.  *approved (may be NULL) gets how many.  The check
 * below still takes n = 0 (every reviewed case under org_id): it writes
 * nothing. */
int case_approve_batch(struct core *c, const struct actor *a, int64_t org_id,
		       const int64_t *case_ids, size_t n, const char *opinion, size_t *approved,
		       struct bf_err *e);

/* One case a batch approval would refuse, and why (the guard's words). */
struct case_refusal {
	int64_t case_id;
	char member_name[TEXT_BYTES(TF_MEMBER_NAME_MAX)]; /* "" for a case that does not exist */
	char message[512];
};
/* The batch approval's check-only run: the same list and the same guards,
 * case by case in the batch's order and in one transaction that is rolled
 * back, so nothing is written.  Unlike the real batch it goes on after a
 * refusal: *ok (n_ok) gets the ids that would pass, *refused (n_refused)
 * every refusal; both malloc'd (caller frees, NULL when empty).  Errors of
 * the batch as a whole (role, org, an empty list) are -1 as for the batch. */
int case_approve_check(struct core *c, const struct actor *a, int64_t org_id,
		       const int64_t *case_ids, size_t n, int64_t **ok, size_t *n_ok,
		       struct case_refusal **refused, size_t *n_refused, struct bf_err *e);

/* --- to-do lists and progress (src/core/cases/casework_todo.c) --- */

enum case_todo_kind {
	TODO_CASE,	   /* a case waiting for the actor's level */
	TODO_NOTICE,	   /* a notice ending soon, or ended and not closed */
	TODO_OBJECTION,	   /* an objection not handled yet */
	TODO_PAPERWORK,	   /* pay-first paperwork still missing */
	TODO_ROLL,	   /* a roll entry waiting for the committee's confirmation */
	TODO_VERIFICATION, /* a sampled case to check (走访核查), assigned to the actor */
	TODO_ROLL_REVIEW,  /* a roll review's items to decide (branch) or confirm */
};

struct case_todo {
	enum case_todo_kind kind;
	const char *kind_code; /* "case", "notice", "objection", "paperwork" */
	int64_t case_id;       /* 0 for notices and whole-notice objections */
	int64_t notice_id;     /* notices and objections */
	int64_t objection_id;
	int64_t roll_entry_id;	       /* TODO_ROLL: the entry waiting */
	int64_t roll_review_id;	       /* TODO_ROLL_REVIEW: the review */
	int64_t verification_check_id; /* TODO_VERIFICATION: the check to record */
	int64_t org_id;
	char org_name[TEXT_BYTES(TF_ORG_NAME_MAX)];
	char member_name[TEXT_BYTES(TF_MEMBER_NAME_MAX)]; /* "" for notices */
	char state[16];					  /* the case's state code, "" otherwise */
	char title[256];	    /* what to do, in Chinese: 「张三：待民主评议」 */
	char due_on[CASE_DATE_LEN]; /* "" none */
	int overdue;		    /* due_on before today */
	int estimated;		    /* due_on counted a year without calendar data */
	int64_t since;		    /* unix seconds: the case's last change, the notice's or
				       objection's arrival (what is new to the bell) */
};

struct case_todo_counts {
	int64_t cases, notices, objections, paperwork;
	int64_t roll;	      /* roll entries waiting for confirmation */
	int64_t verification; /* sampled cases assigned to the actor to check */
	int64_t roll_review;  /* open roll reviews with items for the actor */
	int64_t overdue;      /* among the items listed */
	int64_t total;
};

/* The actor's to-do list: cases in scope waiting for the actor's level
 * (wf_next_level against the role; admin counts as the department), open
 * notices ending within notice_days days (or ended) and their open
 * objections (branch, committee and admin), pay-first paperwork missing
 * (every role that writes).  Overdue first, then by due date (none last).
 * items may be NULL when only the counts are wanted (the home page). */
int case_todo(struct core *c, const struct actor *a, int notice_days, struct case_todo **items,
	      size_t *n, struct case_todo_counts *counts, struct bf_err *e);

/* A filter of the whole to-do list (GET /todo?kind=&overdue=, its export):
 * kind one of "case", "notice", "objection", "paperwork", "roll",
 * "verification", "roll_review" (case_todo's),
 * "loan" (an overdue instalment), "receipt" (a receipt to record), NULL or
 * "" for every kind; overdue 1 keeps the late items only. */
struct case_todo_filter {
	const char *kind;
	int overdue;
};
/* 0, or -1 with e (EC_INVALID, field "kind") for a kind not listed. */
int case_todo_filter_check(const struct case_todo_filter *f, struct bf_err *e);
/* 1 when an item of kind_code (late: overdue) passes f. */
int case_todo_filter_keeps(const struct case_todo_filter *f, const char *kind_code, int overdue);

/* The message bell over the to-do list: an item rings when it is new
 * (changed or arrived after the user last opened the bell) or due within
 * CASE_BELL_WORKING_DAYS working days (or late) and not yet seen today. */
#define CASE_BELL_WORKING_DAYS 3
#define CASE_BELL_NEW	       1
#define CASE_BELL_DUE	       2
struct case_bell {
	int64_t seen_at;	     /* unix seconds, 0 never */
	int64_t today_start;	     /* local midnight of today */
	char horizon[CASE_DATE_LEN]; /* today + CASE_BELL_WORKING_DAYS working days */
	int64_t count, fresh, due;   /* the items that ring, of them new, due */
};
/* The actor's bell before any item is counted. */
int case_bell_open(struct core *c, const struct actor *a, struct case_bell *b, struct bf_err *e);
/* Counts an item (since: its case_todo.since, 0 none; due_on "" none) and
 * answers why it rings: CASE_BELL_NEW | CASE_BELL_DUE, 0 when it does not. */
int case_bell_ring(struct case_bell *b, int64_t since, const char *due_on);
/* The actor has opened the bell now; *at the time stored. */
int case_bell_seen(struct core *c, const struct actor *a, int64_t *at, struct bf_err *e);

/* One organisation's line of a round's progress. */
struct case_progress {
	int64_t org_id;
	char org_name[TEXT_BYTES(TF_ORG_NAME_MAX)];
	int own; /* 1: the cases filed directly with org_id itself */
	int64_t by_state[CS__COUNT];
	int64_t total;
	int64_t late; /* unfinished cases past their due date */
};
/* Progress of a round (round_id 0: every case) under org_id (0: the
 * actor's organisation): one line for the organisation itself and one per
 * child with its whole subtree, every child listed even without cases. */
int case_round_progress(struct core *c, const struct actor *a, int64_t round_id, int64_t org_id,
			struct case_progress **rows, size_t *n, struct bf_err *e);

/* --- attachments (src/core/cases/casework_files.c) --- */

#define CASE_ATTACHMENT_MAX (10 * 1024 * 1024) /* bytes */

/* Stores a file of a case: PDF, JPEG or PNG by its first bytes, 1 byte to
 * 10 MiB, kept once per content under core.files_dir/<sha[0:2]>/<sha256>
 * (written to a temporary file and renamed, so a file is there whole or
 * not at all); stored_path is that path relative to files_dir.  A dossier
 * kind ticks its dossier item.  out (may be NULL) gets the row. */
int case_attach(struct core *c, const struct actor *a, int64_t case_id, const char *kind,
		const char *name, const void *data, size_t len, struct attachment *out,
		struct bf_err *e);
int case_attachment_list(struct core *c, const struct actor *a, int64_t case_id,
			 struct attachment **items, size_t *n, struct bf_err *e);
/* Reads an attachment back (*data malloc'd, caller frees), checking its
 * SHA-256 against the row. */
int case_attachment_read(struct core *c, const struct actor *a, int64_t id, struct attachment *meta,
			 void **data, size_t *len, struct bf_err *e);

/* Drops the process's caches (parsed policies, the calendar): for tests
 * that switch databases. */
void case_cache_reset(void);

/* --- the hardship roll (困难党员台账, issue #11; src/core/cases/roll.c,
 * roll_query.c; docs/internals/roll.md) ---
 * Who is in hardship, period by period (struct roll_entry: roll_model.h).
 * A branch proposes (registers a member found in its survey, proposes an
 * exit), its committee confirms (or the department; admin counts as the
 * department); a committee's or the department's own registration or exit
 * needs no second hand.  The department sees all, the auditor reads.
 * Every change is one transaction with its history rows (old → new, who,
 * when, why) and its audit row; nothing is deleted. */

/* Bits of roll_update's set: the fields an update changes. */
enum roll_field {
	ROLL_F_CATEGORY = 1u << 0,
	ROLL_F_TIER = 1u << 1,
	ROLL_F_CAUSES = 1u << 2,
	ROLL_F_HOUSEHOLD = 1u << 3,
	ROLL_F_HOUSEHOLD_SIZE = 1u << 4,
	ROLL_F_INCOME = 1u << 5,
	ROLL_F_INCOME_SOURCES = 1u << 6,
	ROLL_F_SUBSIDIES = 1u << 7,
	ROLL_F_STATE_OF_MIND = 1u << 8,
	ROLL_F_NEEDS = 1u << 9,
	ROLL_F_ALL = 0x3FFu,
};

/* What goes with a change: why (required for category and tier, and for
 * refusals), the day it takes effect ("" today; not before the period's
 * start nor after today), the roll review it belongs to (0 none), the
 * version read (0: not checked). */
struct roll_why {
	const char *reason;
	const char *effective_on;
	int64_t review_id;
	int64_t version;
};

/* The roll's cells as people type them (roll_text.c; the roll import):
 * category and tier by code or Chinese name (造血型 or 造血, 特别困难);
 * causes by code or name, several in one cell separated by 、，,/；; or
 * blanks (因病、因残 / 因病致贫); the 纳入日期 as date_parse reads it, a month
 * meaning its first day, or an Excel serial day (is_number: the cell was a
 * number); the income per head in yuan as money_parse reads it, with 元/年
 * after it, "" or 不详 unknown (-1), 无 nothing (0).  0, or -1 with e. */
int roll_parse_category(const struct policy *p, const char *text, char out[16], struct bf_err *e);
int roll_parse_tier(const struct policy *p, const char *text, char out[16], struct bf_err *e);
int roll_parse_causes(const struct policy *p, const char *text, struct policy_codes *out,
		      struct bf_err *e);
int roll_parse_day(const char *text, int is_number, char out[11], struct bf_err *e);
int roll_parse_income(const char *text, int is_number, int64_t *fen, struct bf_err *e);
/* Chinese labels: 造血型 …, 特别困难 …, 待确认 …, 收入超过标准 …; "" unknown. */
const char *roll_category_label(const char *code);
const char *roll_tier_label(const char *code);
const char *roll_status_label(const char *code);
const char *roll_exit_reason_label(const char *code);
const char *roll_source_label(const char *code);
/* The field's Chinese name (类别, 档次 …) for the history, "" unknown. */
const char *roll_field_label(const char *field);

/* Registers in's member (member_id, since_on "" today, category, tier and
 * the other facts): a branch's survey (pending until confirmed), or a
 * committee's or the department's (on the roll at once).  A member whose
 * last period ended re-enters as a relapse linked to it.  *out (may be
 * NULL) gets the entry as stored. */
int roll_register(struct core *c, const struct actor *a, const struct roll_entry *in,
		  struct roll_entry *out, struct bf_err *e);
/* The committee's (or department's) confirmation of what waits: a
 * registration (pending → active) or an exit (exiting → exited). */
int roll_confirm(struct core *c, const struct actor *a, int64_t id, const struct roll_why *w,
		 struct bf_err *e);
/* The refusal, with a reason: a registration (→ rejected) or an exit
 * (back to active). */
int roll_reject(struct core *c, const struct actor *a, int64_t id, const struct roll_why *w,
		struct bf_err *e);
/* Exit (脱困) on exit_on (not after today, not before since_on) for
 * reason (income, work, moved, deceased, other; note required with
 * other): proposed by a branch (exiting), at once by a committee. */
int roll_exit(struct core *c, const struct actor *a, int64_t id, const char *exit_on,
	      const char *reason, const char *note, const struct roll_why *w, struct bf_err *e);
/* Relapse (返贫) of the member of the exited entry id: roll_register with
 * in's facts (member_id is taken from the entry). */
int roll_relapse(struct core *c, const struct actor *a, int64_t id, const struct roll_entry *in,
		 struct roll_entry *out, struct bf_err *e);
/* Changes the fields of set to in's values on an open entry, each on its
 * history with w. */
int roll_update(struct core *c, const struct actor *a, int64_t id, const struct roll_entry *in,
		unsigned set, const struct roll_why *w, struct bf_err *e);

/* Inside the caller's transaction (the reviews, the import): the same. */
int roll_read_tx(struct db *db, const struct actor *a, int64_t id, struct roll_entry *out,
		 struct bf_err *e);
int roll_update_tx(struct db *db, const struct actor *a, struct roll_entry *x,
		   const struct roll_entry *in, unsigned set, const struct roll_why *w,
		   const char *action, struct bf_err *e);
int roll_exit_tx(struct db *db, const struct actor *a, struct roll_entry *x, const char *exit_on,
		 const char *reason, const char *note, const struct roll_why *w, struct bf_err *e);
int roll_register_tx(struct db *db, const struct actor *a, const struct roll_entry *in,
		     const char *source, struct roll_entry *out, struct bf_err *e);
/* The approval of case c (case_step_tx): its member enters the roll, or
 * the open entry takes the case's category, tier, causes, household size
 * and income per head; a pending registration is confirmed by it. */
int roll_enter_from_case_tx(struct db *db, const struct actor *a, const struct aid_case *c,
			    struct bf_err *e);

/* Reads an entry in scope; with as_of ("" / NULL: now) the values it had
 * that day, reconstructed from its history. */
int roll_get(struct core *c, const struct actor *a, int64_t id, const char *as_of,
	     struct roll_entry *out, struct bf_err *e);
/* An entry's history, oldest first (*items malloc'd). */
int roll_history(struct core *c, const struct actor *a, int64_t id, struct roll_change **items,
		 size_t *n, struct bf_err *e);
/* A page of the roll in the actor's scope (q->scope_path is set here;
 * org_id narrows it, 404 outside). */
int roll_list(struct core *c, const struct actor *a, int64_t org_id, struct roll_query *q,
	      struct roll_entry **items, size_t *n, int64_t *total, struct bf_err *e);
/* A member's periods, oldest first (the member in scope). */
int roll_of_member(struct core *c, const struct actor *a, int64_t member_id,
		   struct roll_entry **items, size_t *n, struct bf_err *e);
/* Undoes on x the changes of h (oldest first) that took effect after
 * date: the values x had on that day. */
void roll_values_at(struct roll_entry *x, const struct roll_change *h, size_t n, const char *date);

/* --- the cases as the fund sees them, inside the fund's own write
 * transaction (payments, loans, recovery; src/core/cases/casework.c and
 * casework_steps.c).  Answers 0, -1 with e or a failed enum db_qs. --- */
/* Reads a case the actor may see: 0, -1 (EC_NOT_FOUND「档案不存在」) or
 * the store's failure. */
int case_read_tx(struct db *db, const struct actor *a, int64_t id, struct aid_case *out,
		 struct bf_err *e);
/* Appends a timeline row for c. */
int case_event_tx(struct db *db, const struct actor *a, const struct aid_case *c, const char *event,
		  const char *from, const char *to, int policy_version, const char *reason,
		  const char *detail, struct bf_err *e);
/* Takes step ev on c (already read in scope, inside the caller's write
 * transaction): checks, applies the step's data, asks the guards, writes
 * the state, the timeline and the audit row.  c is updated to what was
 * written. */
int case_step_tx(struct db *db, const struct actor *a, struct aid_case *c, enum case_event ev,
		 const struct case_step_input *in, struct bf_err *e);
/* Puts 「档案 12（张三）：」 before e's message (batch refusals). */
void case_name_err(struct bf_err *e, const struct aid_case *c);
/* The policy in force on date / of a version, inside the caller's
 * transaction; stores version 1 when the table is empty. */
int case_policy_at(struct db *db, const char *date, const struct policy **out, struct bf_err *e);

/* ======== the working-day calendar (casework_calendar.c) ==================== */

/* The working-day calendar in force for the aid procedure
 * (src/core/cases/casework_calendar.c, docs/internals/cases.md): the
 * shipped holiday data (calendar.h) with the department's edits on top,
 * and the functions that edit it. */
/* The calendar in force: the shipped holiday data with the department's
 * edits from the store on top.  Cached per process and rebuilt when the
 * edits change (checked when db_write_generation() moved, and at least
 * every 5 s for other processes' edits).  Read-only; hand it back with
 * case_calendar_release (an old calendar is freed when its last user
 * releases it).  NULL with e on a database error. */
const struct calendar *case_calendar_acquire(struct core *c, struct bf_err *e);
void case_calendar_release(const struct calendar *cal);
/* The department's edits (department and admin only; audited).  kind is
 * "holiday", "workday" or "normal" (a shipped holiday back to an ordinary
 * day); a make-up working day must fall on a weekend.  clear_day forgets
 * the edit of one day (the shipped data applies again). */
int case_calendar_set_day(struct core *c, const struct actor *a, const char *day, const char *kind,
			  const char *name, struct bf_err *e);
int case_calendar_clear_day(struct core *c, const struct actor *a, const char *day,
			    struct bf_err *e);
/* Declares year complete (its deadlines stop being estimated); source
 * names the State Council notice. */
int case_calendar_mark_year(struct core *c, const struct actor *a, int year, const char *source,
			    struct bf_err *e);
/* Forgets every edit of year and its mark. */
int case_calendar_clear_year(struct core *c, const struct actor *a, int year, struct bf_err *e);
/* Replaces the department's edits of year by a whole year in the TSV
 * format of data/holidays (calendar_load: errors name the line) and marks
 * it complete; every data line must be of that year. */
int case_calendar_load_year(struct core *c, const struct actor *a, int year, const char *tsv,
			    const char *source, struct bf_err *e);
/* The department's edits of year (0: every year) and the years marked
 * complete; either list may be NULL when not wanted. */
int case_calendar_edits(struct core *c, const struct actor *a, int year,
			struct calendar_edit **days, size_t *ndays, struct calendar_year **years,
			size_t *nyears, struct bf_err *e);

/* ======== the verification campaign (verification*.c) ======================== */

/* 走访核查 (DOMAIN.md §3 step 12; docs/internals/verification.md).  The
 * department draws a sample of a year's paid cases — a share of each
 * committee's, rounded up, at least min_per_committee of each committee
 * with paid cases — at random from a recorded 64-bit seed, so anyone can
 * repeat the draw: the population is kept (cases by id, each with its
 * committee); per committee, in ascending committee id, the committee's
 * cases in ascending case id are shuffled by a partial Fisher–Yates whose
 * random numbers come from splitmix64 seeded with
 * seed XOR (committee_id × 0x9E3779B97F4A7C15); the first k are its sample,
 * in draw order (rank 1…k). */

struct verification_pick {
	int64_t case_id, committee_id;
	int rank;
};
/* splitmix64: the next number of the stream at *state. */
uint64_t verification_prng(uint64_t *state);
/* A seed as typed: 1–16 hex digits; 0 or -1 (EC_INVALID "seed"). */
int verification_seed_parse(const char *text, uint64_t *out, struct bf_err *e);
void verification_seed_format(uint64_t seed, char out[VERIFICATION_SEED_LEN]);
/* How many of a committee's m paid cases are drawn. */
size_t verification_share(size_t m, int share_pct, int min_per_committee);
/* The draw over a population (cases[i] of committees[i], sorted by case
 * id): the picks into out (room for n), committee then rank order; their
 * count. */
size_t verification_draw(uint64_t seed, int share_pct, int min_per_committee, const int64_t *cases,
			 const int64_t *committees, size_t n, struct verification_pick *out);
/* SM3 over the lines "<case id> <committee id>\n" of the population: what
 * an inspector compares before repeating the draw. */
void verification_population_digest(const int64_t *cases, const int64_t *committees, size_t n,
				    char out[65]);
/* The population a campaign under org_path (the actor's scope when NULL)
 * would draw from today: every case of year with a payment, each with the
 * committee above it (its own organisation when none is).  malloc'd. */
int verification_population_now(struct core *c, const struct actor *a, int year, int64_t **cases,
				int64_t **committees, size_t *n, struct bf_err *e);

struct verification_input {
	int year;
	char title[TEXT_BYTES(TF_VERIFICATION_TITLE_MAX)]; /* "" → 「2026 年度走访核查」 */
	int share_pct;					   /* 1–100 */
	int min_per_committee;				   /* 0–1000 */
	char seed[VERIFICATION_SEED_LEN];		   /* "" → 64 random bits */
	char due_on[11];				   /* the checkers' finish date */
};
/* Draws and stores a campaign (department only; audited).  EC_CONFLICT
 * when the year has no paid case in the actor's scope. */
int verification_create(struct core *c, const struct actor *a, const struct verification_input *in,
			struct verification *out, struct bf_err *e);
/* Seen from above (its org in the actor's subtree) and from below (its org
 * above the actor's), like a round. */
int verification_get(struct core *c, const struct actor *a, int64_t id, struct verification *out,
		     struct bf_err *e);
int verification_list(struct core *c, const struct actor *a, int year, struct verification **items,
		      size_t *n, struct bf_err *e);
/* Closes it (department only): its pending checks leave the to-do lists. */
int verification_close(struct core *c, const struct actor *a, int64_t id, struct bf_err *e);

/* The checks of a campaign the actor may see: of cases in scope, and those
 * assigned to the actor; narrowed to org_id's subtree (0 none), to the
 * actor's own (mine), to status ("pending"/"done", NULL none). */
int verification_checks(struct core *c, const struct actor *a, int64_t campaign_id, int64_t org_id,
			int mine, const char *status, struct verification_check **items, size_t *n,
			struct bf_err *e);
int verification_check_get(struct core *c, const struct actor *a, int64_t id,
			   struct verification_check *out, struct bf_err *e);
/* Assigns checks to a checker (an active department or committee account
 * in the actor's scope; 0 takes them back): the checks of case_ids, or with
 * n = 0 every pending unassigned check under org_id.  Department only;
 * audited.  *count (may be NULL) gets how many. */
int verification_assign(struct core *c, const struct actor *a, int64_t campaign_id,
			int64_t checker_id, const int64_t *case_ids, size_t n, int64_t org_id,
			size_t *count, struct bf_err *e);

/* What a checker records.  The five facts are -1 until given. */
struct verification_result {
	int64_t version; /* the check's version read (0: do not check) */
	char checked_on[11];
	int phone_reached, phone_correct, living_as_declared, notice_posted, money_received;
	char finding[12];	    /* "none", "irregular", "fraud" */
	int64_t responsible_org_id; /* irregular, fraud: 0 → the case's branch */
	int64_t recover_fen;	    /* fraud: 0 → what was paid */
	char notes[TEXT_BYTES(TF_VERIFICATION_NOTES_MAX)];
};
void verification_result_init(struct verification_result *in);
struct verification_outcome {
	int verified;	     /* the case's verify step was taken */
	char why_not[512];   /* else why not ("" when not asked) */
	int64_t recovery_id; /* the recovery opened (fraud) */
};
/* The check with the member's full phone in out->phone, for its checker
 * or the department (EC_FORBIDDEN otherwise) to call: audited
 * (verification.reveal_phone).  Elsewhere a check's phone is masked. */
int verification_check_phone(struct core *c, const struct actor *a, int64_t id,
			     struct verification_check *out, struct bf_err *e);
/* 0 when the actor may record check id (its checker, or the department),
 * else EC_NOT_FOUND outside what the actor sees or EC_FORBIDDEN. */
int verification_check_may_record(struct core *c, const struct actor *a, int64_t id,
				  struct bf_err *e);
/* Records a check (its checker, or the department; audited).  "none" by
 * the department takes the case's verify step when it is paid and not
 * verified; "fraud" (department only) opens a recovery through the fund's
 * recovery_create and names the organisation responsible. */
int verification_record(struct core *c, const struct actor *a, int64_t check_id,
			const struct verification_result *in, struct verification_check *out,
			struct verification_outcome *oc, struct bf_err *e);

/* The draw repeated from the stored seed and population, against the
 * sample recorded. */
struct verification_redraw {
	struct verification v;
	char digest[65]; /* of the stored population */
	size_t population;
	struct verification_pick *drawn; /* malloc'd */
	size_t ndrawn;
	struct verification_pick *recorded; /* malloc'd */
	size_t nrecorded;
	int same;
};
int verification_redraw(struct core *c, const struct actor *a, int64_t id,
			struct verification_redraw *out, struct bf_err *e);
void verification_redraw_release(struct verification_redraw *r);

/* One committee's line of a campaign: its share of the sample, how much is
 * assigned and done, the findings, and the findings naming an organisation
 * of its subtree responsible. */
struct verification_progress {
	int64_t org_id;
	char org_name[TEXT_BYTES(TF_ORG_NAME_MAX)];
	int64_t population, sample, assigned, done, none, irregular, fraud;
	int64_t recovered_fen; /* recoveries opened, fen */
};
int verification_progress(struct core *c, const struct actor *a, int64_t id,
			  struct verification_progress **rows, size_t *n, struct bf_err *e);

/* ======== screening before payment (screening*.c, issue #11) ============== */

/* The rules the product checks itself as the committee enters a case into
 * the relief system (case_step EV_ENTER_SCREENING) leave findings
 * (筛查发现, struct screening_finding in store_screening.h); a case with
 * an open finding cannot pass screening.  Chinese label of a rule code. */
const char *screening_rule_label(const char *code);
/* A case's findings (the case in the actor's scope), oldest first. */
int screening_findings(struct core *c, const struct actor *a, int64_t case_id,
		       struct screening_finding **items, size_t *n, struct bf_err *e);
/* Clears (committee, admin) or overrules (department, admin) an open
 * finding of a case in screening, with a reason: timeline and audit. */
int screening_finding_decide(struct core *c, const struct actor *a, int64_t finding_id,
			     int overrule, const char *reason, struct screening_finding *out,
			     struct bf_err *e);
/* One finding of a case in the actor's scope (EC_NOT_FOUND otherwise). */
int screening_finding_get(struct core *c, const struct actor *a, int64_t id,
			  struct screening_finding *out, struct bf_err *e);
/* A household link whose either member is in the actor's scope. */
int screening_household_get(struct core *c, const struct actor *a, int64_t id,
			    struct household_link *out, struct bf_err *e);
/* A batch in the actor's scope, without its rows. */
int screening_batch_head(struct core *c, const struct actor *a, int64_t id,
			 struct screening_batch *out, struct bf_err *e);

/* Households: the members linked to member_id (in scope); a link by the
 * relative's ID number (a member of the register, found by blind index);
 * undoing a link (either side's keeper).  Audited. */
int screening_household_list(struct core *c, const struct actor *a, int64_t member_id,
			     struct household_link **items, size_t *n, struct bf_err *e);
int screening_household_link(struct core *c, const struct actor *a, int64_t member_id,
			     const char *id_number, const char *relation,
			     struct household_link *out, struct bf_err *e);
int screening_household_unlink(struct core *c, const struct actor *a, int64_t link_id,
			       struct bf_err *e);

/* The cases (not rejected) of the case's year of the members linked to its
 * member as household (the case page's flag: two aids to one household
 * need the department's special approval).  A relative's case outside the
 * actor's subtree is named (in_scope 0), not opened. */
struct household_case {
	int64_t member_id;
	char member_name[128];
	char relation[64];
	int64_t case_id;
	char kind[16];
	char state[16];
	char org_name[256];
	int in_scope;
};
int screening_case_household(struct core *c, const struct actor *a, int64_t case_id,
			     struct household_case **items, size_t *n, struct bf_err *e);

/* A household member's open roll period (pending, active or exiting): the
 * flag of a roll entry or a case whose member's linked household member is
 * on the roll (issue #11).  in_scope 0: named, not opened. */
struct household_roll {
	int64_t member_id;
	char member_name[128];
	char relation[64];
	int64_t roll_id;
	char status[12];
	char since_on[11];
	char org_name[256];
	int in_scope;
};
/* Inside the caller's transaction: the open roll periods of the members
 * linked to member_id as household, in link order. */
int household_roll_tx(struct db *db, const struct actor *a, int64_t member_id,
		      struct household_roll **items, size_t *n, struct bf_err *e);
/* The roll entry's flag: for an open entry in scope, its member's
 * household members' open periods (none for a closed entry). */
int roll_household(struct core *c, const struct actor *a, int64_t roll_id,
		   struct household_roll **items, size_t *n, struct bf_err *e);
/* The case page's flag, beside screening_case_household's cases: the
 * household members of the case's member who are on the roll. */
int screening_case_household_roll(struct core *c, const struct actor *a, int64_t case_id,
				  struct household_roll **items, size_t *n, struct bf_err *e);

/* The bad rows of a file: line (0 when the row is missing from it),
 * column and reason in Chinese. */
struct screening_bad {
	long line;
	char column[32];
	char reason[512];
};
struct screening_bad_rows {
	struct screening_bad *items;
	size_t n, alloc;
};
void screening_bad_add(struct screening_bad_rows *b, long line, const char *column, const char *fmt,
		       ...) __attribute__((format(printf, 4, 5)));
void screening_bad_release(struct screening_bad_rows *b);
/* The column whose trimmed header is one of names (NULL-ended), -1 none. */
int screening_find_column(char **fields, size_t n, const char *const *names);

/* Other districts' rolls (department): a CSV or XLSX with a column
 * 身份证号码 (and optionally 区县) stored as blind indexes only; all or
 * nothing: any bad row and nothing is stored (bad lists them, e says
 * EC_INVALID). */
int screening_other_district_import(struct core *c, const struct actor *a, const char *path,
				    long long *imported, struct screening_bad_rows *bad,
				    struct bf_err *e);
int screening_other_district_count(struct core *c, const struct actor *a, long long *n,
				   struct bf_err *e);

/* The file round-trip with the external relief system.  A batch of the
 * approved cases of org_id (its subtree; committee, admin), each entered
 * into screening and numbered from row 1. */
int screening_batch_create(struct core *c, const struct actor *a, int64_t org_id,
			   struct screening_batch *out, struct bf_err *e);
int screening_batch_list(struct core *c, const struct actor *a, struct screening_batch **items,
			 size_t *n, struct bf_err *e);
/* One row of a batch as read: with the ID number masked, or in full when
 * reveal (PERM_REVEAL; audited as a reveal of the batch's file). */
struct screening_line {
	int row_no;
	int64_t case_id;
	int64_t member_id;
	char member_name[TEXT_BYTES(TF_MEMBER_NAME_MAX)];
	char id_number[19];
	int64_t amount_fen;
	char state[16];
	char screening_result[512];
	int findings_open;
};
int screening_batch_get(struct core *c, const struct actor *a, int64_t id, int reveal,
			struct screening_batch *b, struct screening_line **lines, size_t *n,
			struct bf_err *e);
/* One row of the system's answer, read from its cells: the columns (-1
 * absent: batch, id and reason may be), the batch it must name.  0 with
 * out, or -1 with e (EC_INVALID, the reason in Chinese) and column named
 * (批次, 序号, 筛查结果, 原因, 身份证号码).  key NULL skips the ID number. */
struct screening_answer_cols {
	int batch, row, id, result, reason;
};
struct screening_answer {
	int row_no;
	int pass;
	char reason[TEXT_BYTES(TF_STEP_REASON_MAX)];
	char id_bidx[65]; /* "" when the row gave none */
};
struct crypto_key;
int screening_answer_row(const struct crypto_key *key, int64_t batch_id, char **f, size_t nf,
			 const struct screening_answer_cols *cols, struct screening_answer *out,
			 char column[32], struct bf_err *e);
/* Reads the system's answer at path (CSV or XLSX; columns by header: 序号
 * and 筛查结果 required, 批次, 身份证号码 and 原因 checked when present)
 * and takes every row's step, screen_pass or screen_fail, in one
 * transaction: all or nothing.  Every bad, unmatched, duplicated or
 * missing row goes to bad (EC_INVALID in e). */
int screening_batch_answer(struct core *c, const struct actor *a, int64_t id, const char *path,
			   int *passed, int *failed, struct screening_bad_rows *bad,
			   struct bf_err *e);

/* --- the roll reviews (台账动态调整, 每年6月、11月; issue #11;
 * src/core/cases/roll_review.c; docs/internals/roll_review.md) ---
 * The department opens a review of its subtree with a finish date; the
 * opening snapshots every entry on the roll as an item.  A branch decides
 * each of its items — continues, changes category or tier (with a reason),
 * exits (with the roll's exit reasons), deceased, moved —, its committee
 * (or the department) confirms them per branch or one by one, or returns
 * one with a reason; the confirmation applies the decision through the
 * roll's own calls (roll_update_tx, roll_exit_tx, roll_event_tx), each
 * history row carrying the review's id.  The November review doubles as
 * the yearly re-registration (登记审核): an entry whose item was not
 * confirmed by the finish date is flagged (roll_entry.review_flag). */

struct roll_review_input {
	int year;	       /* 0: the year of today */
	const char *kind;      /* "june", "november" */
	const char *title;     /* "" : 「2027 年 6 月台账动态调整」 */
	const char *finish_on; /* required, not before today */
};

/* What a branch decided for an item. */
struct roll_review_decision {
	const char *decision;	 /* continue, change, exit, deceased, moved */
	const char *category;	 /* change: the new category ("" unchanged) */
	const char *tier;	 /* change: the new tier ("" unchanged) */
	const char *exit_on;	 /* exit, deceased, moved: the day ("" today) */
	const char *exit_reason; /* exit: income, work or other */
	const char *reason;	 /* required for change, and for exit with other */
	int64_t version;	 /* the item's version read (0: not checked) */
};

/* One organisation's line of a review's progress. */
struct roll_review_progress {
	int64_t org_id;
	char org_name[TEXT_BYTES(TF_ORG_NAME_MAX)];
	int own; /* 1: the items kept by org_id itself */
	int64_t total, open, decided, confirmed;
	int64_t late; /* not confirmed, and the finish date has passed */
};

const char *roll_review_kind_label(const char *kind);
const char *roll_review_decision_label(const char *decision);

/* Opens a review (department, admin) of the actor's subtree. */
int roll_review_open(struct core *c, const struct actor *a, const struct roll_review_input *in,
		     struct roll_review *out, struct bf_err *e);
/* A review seen from above or below; counts over all its items. */
int roll_review_get(struct core *c, const struct actor *a, int64_t id, struct roll_review *out,
		    struct bf_err *e);
/* The reviews the actor sees (year 0: all), newest first. */
int roll_review_list(struct core *c, const struct actor *a, int year, struct roll_review **items,
		     size_t *n, struct bf_err *e);
/* Closes a review (the department that opened it); what was not confirmed
 * stays as it is (flagged, for a November review). */
int roll_review_close(struct core *c, const struct actor *a, int64_t id, struct bf_err *e);
/* A page of a review's items in the actor's scope (org_id narrows it,
 * status "" any). */
int roll_review_items(struct core *c, const struct actor *a, int64_t id, int64_t org_id,
		      const char *status, int offset, int limit, struct roll_review_item **items,
		      size_t *n, int64_t *total, struct bf_err *e);
int roll_review_item_get(struct core *c, const struct actor *a, int64_t item_id,
			 struct roll_review_item *out, struct bf_err *e);
/* Records (or changes, until confirmed) the decision on an item. */
int roll_review_decide(struct core *c, const struct actor *a, int64_t item_id,
		       const struct roll_review_decision *d, struct roll_review_item *out,
		       struct bf_err *e);
/* Sends a decided item back to its branch with a reason (committee,
 * department). */
int roll_review_return(struct core *c, const struct actor *a, int64_t item_id, const char *reason,
		       struct bf_err *e);
/* Confirms decided items (committee, department) and applies them to the
 * roll, all or none: ids (n > 0) these items, else every decided item
 * under org_id (0: the actor's subtree).  *count: how many. */
int roll_review_confirm(struct core *c, const struct actor *a, int64_t id, int64_t org_id,
			const int64_t *ids, size_t n, int64_t *count, struct bf_err *e);
/* Progress under org_id (0: the actor's organisation, or the review's
 * when that is lower): one line for the organisation itself, one per
 * child with its subtree. */
int roll_review_progress(struct core *c, const struct actor *a, int64_t id, int64_t org_id,
			 struct roll_review_progress **rows, size_t *n, struct bf_err *e);

/* An event without a field on an entry's history (a review's "continues
 * unchanged"), effective today, with w's reason and review. */
int roll_event_tx(struct db *db, const struct actor *a, const struct roll_entry *x,
		  const char *action, const struct roll_why *w, struct bf_err *e);

#endif
