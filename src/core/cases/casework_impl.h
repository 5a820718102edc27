/* casework_impl.h - what the files of src/core/cases share (private to
 * the domain; what other domains need is in cases.h, what every domain
 * needs in core/common/common.h): the policy version and calendar cache as
 * seen from inside a transaction, the workflow role, the case's audit row,
 * the notice helpers and the facts the guards need. */
#ifndef BANGFU_CASEWORK_IMPL_H
#define BANGFU_CASEWORK_IMPL_H
#include "cases.h"
#include "store_cases.h"
#include "core/common/common.h"

/* Cases in one notice or approval list. */
#define CW_BATCH_MAX 500

#define CW_CONFLICT_MSG "该案件已被他人更新，请刷新后重试"

/* The policy of a version, inside the caller's transaction. */
int cw_policy_version(struct db *db, int version, const struct policy **out, struct bf_err *e);
/* The calendar through db (inside or outside a transaction), held until
 * case_calendar_release: 0, or a failed enum db_qs with e. */
int cw_calendar_get(struct db *db, const struct calendar **out, struct bf_err *e);
/* Drops the cached calendar (case_cache_reset; casework_calendar.c). */
void cw_calendar_reset(void);

/* The actor's role in workflow terms; -1 with e for an unknown role. */
int cw_role(const struct actor *a, enum wf_role *out, struct bf_err *e);

/* case_event_tx with the opinion the step brought (NULL none). */
int cw_event_tx(struct db *db, const struct actor *a, const struct aid_case *c, const char *event,
		const char *from, const char *to, int policy_version, const char *reason,
		const char *detail, const char *opinion, struct bf_err *e);

/* An audit row whose detail names the case, the event and its states. */
int cw_audit_case(struct db *db, const struct actor *a, const char *action,
		  const struct aid_case *c, const char *extra_json, struct bf_err *e);
/* Writes c's facts (store_case_update, c->version the one read): 0, a
 * failed enum db_qs, or EC_CONFLICT when someone else wrote it first. */
int cw_case_update(struct db *db, struct aid_case *c, struct bf_err *e);

/* Whether ev is possible in c's state for the actor's role (guards not
 * asked): 0, or -1 with wf_step's refusal. */
int cw_step_possible(const struct actor *a, const struct aid_case *c, enum case_event ev,
		     struct bf_err *e);
/* 1 when the notice's period has ended by today (docs/internals/cases.md). */
int cw_notice_ended(const struct notice *nt, const struct calendar *cal, const char *today);
/* The batch files' helpers (casework_notices.c): a case read in scope
 * whose absence names its id; the ids of the cases under org_id in state
 * (of kind, oldest first, at most CW_BATCH_MAX); "count":n,"cases":[ids]
 * with at most the first 60 ids, so the audit detail stays under its 1 KiB;
 * a notice of an org in the actor's scope with its cases. */
int cw_read_named(struct db *db, const struct actor *a, int64_t id, struct aid_case *c,
		  struct bf_err *e);
int cw_ids_in_state(struct db *db, const struct actor *a, int64_t org_id, const char *state,
		    const char *kind, int64_t **ids, size_t *n, struct bf_err *e);
void cw_json_ids(struct strbuf *d, const int64_t *ids, size_t n);
int cw_notice_read(struct db *db, const struct actor *a, int64_t id, struct notice *nt,
		   struct aid_case **cases, size_t *ncases, struct bf_err *e);
/* A notice of one case (case_step's open_notice), and one case leaving its
 * notice (case_step's close_notice): casework_notices.c. */
int cw_notice_open_one(struct core *c, const struct actor *a, int64_t case_id,
		       const struct case_step_input *in, struct bf_err *e);
int cw_notice_close_one(struct core *c, const struct actor *a, int64_t case_id,
			const struct case_step_input *in, struct bf_err *e);

/* The facts of c the guards need (wf_facts), gathered from the store. */
int cw_facts(struct db *db, const struct aid_case *c, const struct policy *p,
	     const struct calendar *cal, const char *today, struct wf_facts *f, struct bf_err *e);

/* Screening (screening.c, issue #11).  The rules run as a case enters
 * screening: its open findings are replaced by what fires now (a rule
 * decided before for the same reason does not fire again); *opened says
 * how many.  The open findings of a case; whether a household member
 * (household_links) has aid approved or paid in c's year. */
int cw_screening_run(struct db *db, const struct actor *a, const struct aid_case *c, int *opened,
		     struct bf_err *e);
int cw_findings_open(struct db *db, int64_t case_id, int *n, struct bf_err *e);
int cw_household_aid(struct db *db, const struct aid_case *c, int *found, struct bf_err *e);

#endif
