/* casework.h - the aid procedure of DOMAIN.md §2–§3 (issue #3) in the core:
 * policy versions and the working-day calendar in force, yearly rounds,
 * cases with their classification, the steps of the procedure through the
 * workflow table (workflow.h), public notices and objections, batch
 * approval, to-do lists and progress, and the files of a case.
 *
 * Like core.h: no SQL (only store_* calls), no HTTP, no printf; every call
 * takes the acting user, checks role and scope (a case, notice or round
 * outside the actor's subtree answers EC_NOT_FOUND, as if it did not
 * exist), runs its writes in one transaction through db_run_tx with an
 * audit row (audit_record) and a timeline row for each case touched, and
 * answers 0, or -1 with a Chinese message in e naming the field or the
 * step.  Rules and decisions: docs/internals/cases.md.
 *
 * The HTTP API and the console call only these functions. */
#ifndef BANGFU_CASEWORK_H
#define BANGFU_CASEWORK_H
#include <stddef.h>
#include <stdint.h>
#include "calendar.h"
#include "cases.h"
#include "case_calendar.h"
#include "classify.h"
#include "core.h"
#include "policy.h"
#include "workflow.h"

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
/* As case_notice_list, narrowed to org_id's subtree (0: the whole scope;
 * an org outside the scope is EC_NOT_FOUND) and to kind ("yearly" /
 * "emergency"; NULL or "": both; anything else EC_INVALID "kind"). */
int case_notice_find(struct core *c, const struct actor *a, int64_t org_id, const char *kind,
		     const char *status, int offset, int limit, struct notice **items, size_t *n,
		     int64_t *total, struct bf_err *e);
/* Closes a notice whose period has ended: each of its cases still in
 * notice moves on ("noticed") through its guard (every objection about it
 * or the whole notice handled); all or nothing. */
int case_notice_close(struct core *c, const struct actor *a, int64_t id, struct bf_err *e);

/* Records an objection received during an open notice: o->notice_id,
 * o->case_id (0: the notice as a whole), o->channel ("phone", "letter",
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
/* Objections of a notice and/or a case (0: any; not both 0). */
int case_objection_list(struct core *c, const struct actor *a, int64_t notice_id, int64_t case_id,
			struct objection **items, size_t *n, struct bf_err *e);

/* --- batch approval (src/core/cases/casework_batch.c) --- */

/* The department approves a list of reviewed cases at once: case_ids, or
 * with n = 0 every reviewed case under org_id.  Each case goes through its
 * guard with its proposed amount; all or nothing, the first refusal
 * named.  *approved (may be NULL) gets how many. */
int case_approve_batch(struct core *c, const struct actor *a, int64_t org_id,
		       const int64_t *case_ids, size_t n, size_t *approved, struct bf_err *e);

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
	TODO_CASE,	/* a case waiting for the actor's level */
	TODO_NOTICE,	/* a notice ending soon, or ended and not closed */
	TODO_OBJECTION, /* an objection not handled yet */
	TODO_PAPERWORK, /* pay-first paperwork still missing */
};

struct case_todo {
	enum case_todo_kind kind;
	const char *kind_code; /* "case", "notice", "objection", "paperwork" */
	int64_t case_id;       /* 0 for notices and whole-notice objections */
	int64_t notice_id;     /* notices and objections */
	int64_t objection_id;
	int64_t org_id;
	char org_name[TEXT_BYTES(TF_ORG_NAME_MAX)];
	char member_name[TEXT_BYTES(TF_MEMBER_NAME_MAX)]; /* "" for notices */
	char state[16];					  /* the case's state code, "" otherwise */
	char title[256];	    /* what to do, in Chinese: 「张三：待民主评议」 */
	char due_on[CASE_DATE_LEN]; /* "" none */
	int overdue;		    /* due_on before today */
	int estimated;		    /* due_on counted a year without calendar data */
};

struct case_todo_counts {
	int64_t cases, notices, objections, paperwork;
	int64_t overdue; /* among the items listed */
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

#endif
