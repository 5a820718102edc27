/* casework_impl.h - what the casework files of src/core share (private):
 * the policy and calendar caches as seen from inside a transaction, role
 * and scope checks, input checks, the timeline row, and the one function
 * that takes a step on a case (used by case_step and by every batch). */
#ifndef BANGFU_CASEWORK_IMPL_H
#define BANGFU_CASEWORK_IMPL_H
#include "casework.h"
#include "store_cases.h"
#include "text.h"

#define CW_CONFLICT_MSG "该案件已被他人更新，请刷新后重试"

/* Functions that run inside a transaction answer 0, -1 (a domain error in
 * e) or a failed enum db_qs (DB_RETRY, DB_HARD), which db_run_tx retries
 * or reports.  CW_QS turns a store answer into that convention. */
#define CW_QS(qs) ((qs) < 0 ? (int)(qs) : 0)

/* malloc/calloc that never answer NULL (BUG on exhaustion). */
void *cw_alloc(size_t n);

/* Today (BANGFU_TODAY aware) as YYYY-MM-DD. */
void cw_today(char out[CASE_DATE_LEN]);
/* A date this process made or checked (today, cw_date's output) as
 * struct ymd; one that does not parse is a programmer's error (BUG). */
struct ymd cw_ymd(const char *date);
/* A date read from the database as struct ymd: -1 when it does not parse
 * (logged; e says so without quoting it). */
int cw_stored_ymd(const char *date, struct ymd *out, struct bf_err *e);
/* date + n calendar days into out. */
void cw_add_days(const char *date, int n, char out[CASE_DATE_LEN]);

/* The policy in force on date / of a version, inside the caller's
 * transaction; stores version 1 when the table is empty. */
int cw_policy_at(struct db *db, const char *date, const struct policy **out, struct bf_err *e);
int cw_policy_version(struct db *db, int version, const struct policy **out, struct bf_err *e);
/* The calendar through db (inside or outside a transaction), held until
 * case_calendar_release: 0, or a failed enum db_qs with e. */
int cw_calendar_get(struct db *db, const struct calendar **out, struct bf_err *e);

/* The actor's role in workflow terms; -1 with e for an unknown role. */
int cw_role(const struct actor *a, enum wf_role *out, struct bf_err *e);
/* Refusals for roles that may not write / are not the department. */
int cw_need_write(const struct actor *a, const char *what, struct bf_err *e);
int cw_need_department(const struct actor *a, const char *what, struct bf_err *e);
/* The same, standing at the root organisation: for what holds district-wide
 * (the policy, the working calendar). */
int cw_need_root(const struct actor *a, const char *what, struct bf_err *e);

/* Reads a case the actor may see: 0, -1 (EC_NOT_FOUND「档案不存在」) or
 * the store's failure. */
int cw_case_read(struct db *db, const struct actor *a, int64_t id, struct aid_case *out,
		 struct bf_err *e);
/* Reads an org the actor may see (EC_NOT_FOUND naming field otherwise). */
int cw_org_read(struct db *db, const struct actor *a, int64_t id, const char *field,
		struct org *out, struct bf_err *e);

/* Appends a timeline row for c. */
int cw_case_event(struct db *db, const struct actor *a, const struct aid_case *c, const char *event,
		  const char *from, const char *to, int policy_version, const char *reason,
		  const char *detail, struct bf_err *e);
/* Appends s escaped for JSON, cut to at most max bytes (at a character
 * boundary, with "…"): audit details are kept under their 1 KiB. */
void cw_json_text(struct strbuf *sb, const char *s, size_t max);
/* An audit row whose detail names the case, the event and its states. */
int cw_audit_case(struct db *db, const struct actor *a, const char *action,
		  const struct aid_case *c, const char *extra_json, struct bf_err *e);

/* Parses a date with its day into out (YYYY-MM-DD); "" gives "" unless
 * required. */
int cw_date(const char *in, char out[CASE_DATE_LEN], int required, const char *field,
	    const char *label, struct bf_err *e);

/* Takes step ev on c (already read in scope, inside the caller's write
 * transaction): checks, applies the step's data, asks the guards, writes
 * the state, the timeline and the audit row.  c is updated to what was
 * written. */
int cw_step_tx(struct db *db, const struct actor *a, struct aid_case *c, enum case_event ev,
	       const struct case_step_input *in, struct bf_err *e);
/* Whether ev is possible in c's state for the actor's role (guards not
 * asked): 0, or -1 with wf_step's refusal. */
int cw_step_possible(const struct actor *a, const struct aid_case *c, enum case_event ev,
		     struct bf_err *e);
/* 1 when the notice's period has ended by today (docs/internals/cases.md). */
int cw_notice_ended(const struct notice *nt, const struct calendar *cal, const char *today);
/* A notice of one case (case_step's open_notice), and one case leaving its
 * notice (case_step's close_notice): casework_notices.c. */
int cw_notice_open_one(struct core *c, const struct actor *a, int64_t case_id,
		       const struct case_step_input *in, struct bf_err *e);
int cw_notice_close_one(struct core *c, const struct actor *a, int64_t case_id,
			const struct case_step_input *in, struct bf_err *e);
/* Puts 「档案 12（张三）：」 before e's message (batch refusals). */
void cw_name_case(struct bf_err *e, const struct aid_case *c);

/* The facts of c the guards need (wf_facts), gathered from the store. */
int cw_facts(struct db *db, const struct aid_case *c, const struct policy *p,
	     const struct calendar *cal, const char *today, struct wf_facts *f, struct bf_err *e);

#endif
