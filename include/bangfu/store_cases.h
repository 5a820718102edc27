/* store_cases.h - the queries of the aid procedure (tables of migration
 * 0002, docs/internals/cases.md), beside store.h and with its conventions:
 * the same SQL text on SQLite and PostgreSQL, callers own the transaction,
 * and every function answers enum db_qs — DB_ONE (found / done), DB_NONE
 * (not found / nothing changed), DB_RETRY, DB_HARD (e filled).  A CHECK or
 * foreign key the row breaks is DB_HARD with EC_INVALID and the engine's
 * words; the expected conflicts are named below.  Lists answer DB_NONE when
 * empty; their *items are malloc'd (caller frees, NULL when empty).
 *
 * Files: src/store/rounds.c, cases.c, notices.c, policies.c. */
#ifndef BANGFU_STORE_CASES_H
#define BANGFU_STORE_CASES_H
#include "db.h"
#include "case_model.h"

/* --- rounds (src/store/rounds.c) --- */
/* Inserts r (status open); sets r->id.  Another open round of the same org
 * and year: DB_HARD, EC_CONFLICT, field "year". */
enum db_qs store_round_insert(struct db *db, struct aid_round *r, struct bf_err *e);
enum db_qs store_round_get(struct db *db, int64_t id, struct aid_round *out, struct bf_err *e);
/* Rounds of org_id (0: every org) and year (0: every year), newest year
 * first. */
enum db_qs store_round_list(struct db *db, int64_t org_id, int year, struct aid_round **items,
			    size_t *n, struct bf_err *e);
/* Closes an open round; DB_NONE when it is missing or already closed. */
enum db_qs store_round_close(struct db *db, int64_t id, int64_t closed_by, int64_t closed_at,
			     struct bf_err *e);

/* --- cases (src/store/cases.c) --- */
/* Inserts c with version 1 (state "applied" when c->state is ""); sets
 * c->id, c->version and the timestamps left 0.  A second yearly case of
 * the member in the same round: DB_HARD, EC_CONFLICT, field "member_id". */
enum db_qs store_case_insert(struct db *db, struct aid_case *c, struct bf_err *e);
/* Reads a case with member name, org name and path, round title. */
enum db_qs store_case_get(struct db *db, int64_t id, struct aid_case *out, struct bf_err *e);
/* Writes the facts of c (every column but id, member, org, kind, round,
 * year, state, due date, created_*) if the row still has c->version; then
 * c->version is the new one.  DB_NONE when the case is missing or someone
 * else wrote it first (re-read and retry or tell the user). */
enum db_qs store_case_update(struct db *db, struct aid_case *c, struct bf_err *e);
/* The workflow's write: state, due_on, due_estimated, policy_version and
 * updated_at of c, guarded by c->version like store_case_update
 * (`... WHERE id = $ AND version = $`): of two writers holding the same
 * version exactly one wins, the other gets DB_NONE. */
enum db_qs store_case_set_state(struct db *db, struct aid_case *c, struct bf_err *e);
/* A page of cases matching q and the total matching. */
enum db_qs store_case_list(struct db *db, const struct case_query *q, struct aid_case **items,
			   size_t *n, int64_t *total, struct bf_err *e);
/* As store_case_list; with own 1 (and q->org_id), only the cases filed
 * directly with q->org_id, not those of its subtree (the progress view's
 * own-level row). */
enum db_qs store_case_list_own(struct db *db, const struct case_query *q, int own,
			       struct aid_case **items, size_t *n, int64_t *total,
			       struct bf_err *e);
/* The progress view in one grouped query: for org_id and each of its
 * children, the cases per state — a child counts its whole subtree, org_id
 * itself only the cases filed directly with it.  f may be NULL; its kind,
 * year, round_id, state and overdue_before filters apply (scope_path,
 * org_id, member_id, paging are ignored: the caller checks org_id is in
 * the user's scope).  Ordered by org id, then state. */
enum db_qs store_case_counts(struct db *db, int64_t org_id, const struct case_query *f,
			     struct case_count **items, size_t *n, struct bf_err *e);
/* The member's cases of kind (NULL: both kinds) in year, oldest first: for
 * the "one member, both kinds in a year" rule. */
enum db_qs store_case_member_year(struct db *db, int64_t member_id, int year, const char *kind,
				  struct aid_case **items, size_t *n, struct bf_err *e);

/* --- the timeline (src/store/cases.c) --- */
/* Appends ev (ev->at 0: now); sets ev->id. */
enum db_qs store_case_event_append(struct db *db, struct case_event_row *ev, struct bf_err *e);
/* The timeline of a case, oldest first. */
enum db_qs store_case_event_list(struct db *db, int64_t case_id, struct case_event_row **items,
				 size_t *n, struct bf_err *e);

/* --- attachments (src/store/cases.c) --- */
enum db_qs store_attachment_insert(struct db *db, struct attachment *a, struct bf_err *e);
enum db_qs store_attachment_get(struct db *db, int64_t id, struct attachment *out,
				struct bf_err *e);
/* A case's attachments in upload order. */
enum db_qs store_attachment_list(struct db *db, int64_t case_id, struct attachment **items,
				 size_t *n, struct bf_err *e);

/* --- notices and objections (src/store/notices.c) --- */
/* Inserts nt (status open) listing case_ids[0..ncases); sets nt->id and
 * nt->ncases.  A case already in another open notice, or listed twice:
 * DB_HARD, EC_CONFLICT, field "case_ids", naming the case. */
enum db_qs store_notice_insert(struct db *db, struct notice *nt, const int64_t *case_ids,
			       size_t ncases, struct bf_err *e);
/* Reads a notice; with cases non-NULL also the cases it lists (by id). */
enum db_qs store_notice_get(struct db *db, int64_t id, struct notice *out, struct aid_case **cases,
			    size_t *ncases, struct bf_err *e);
/* Notices of orgs under scope_path, status "open" / "closed" / NULL (all),
 * newest first, and the total. */
enum db_qs store_notice_list(struct db *db, const char *scope_path, const char *status, int offset,
			     int limit, struct notice **items, size_t *n, int64_t *total,
			     struct bf_err *e);
/* As store_notice_list with every filter of q. */
enum db_qs store_notice_list_in(struct db *db, const struct notice_query *q, struct notice **items,
				size_t *n, int64_t *total, struct bf_err *e);
/* The latest notice listing the case (open or closed). */
enum db_qs store_notice_of_case(struct db *db, int64_t case_id, struct notice *out,
				struct bf_err *e);
/* Closes an open notice, which frees its cases for a later notice;
 * DB_NONE when it is missing or already closed. */
enum db_qs store_notice_close(struct db *db, int64_t id, int64_t closed_by, int64_t closed_at,
			      struct bf_err *e);
/* Releases one case from an open notice it left early (returned,
 * rejected, paid first): it stays listed, but may go into a later notice
 * while this one is still posted.  DB_NONE when it was not held. */
enum db_qs store_notice_release_case(struct db *db, int64_t notice_id, int64_t case_id,
				     struct bf_err *e);

/* Inserts o (open); sets o->id.  A case_id not on the notice is EC_INVALID,
 * field "case_id". */
enum db_qs store_objection_insert(struct db *db, struct objection *o, struct bf_err *e);
enum db_qs store_objection_get(struct db *db, int64_t id, struct objection *out, struct bf_err *e);
/* Objections of notice_id and/or case_id (0: any; not both 0), in order
 * received. */
enum db_qs store_objection_list(struct db *db, int64_t notice_id, int64_t case_id,
				struct objection **items, size_t *n, struct bf_err *e);
/* Objections still open on notice_id (case_id 0) or about case_id on it. */
enum db_qs store_objection_open_count(struct db *db, int64_t notice_id, int64_t case_id, int64_t *n,
				      struct bf_err *e);
/* Records the outcome (with reason, handled_by, handled_at) of an open
 * objection; DB_NONE when it is missing or was handled already — the
 * first handling stands. */
enum db_qs store_objection_handle(struct db *db, int64_t id, const char *outcome,
				  const char *reason, int64_t handled_by, int64_t handled_at,
				  struct bf_err *e);

/* --- policy versions and the calendar (src/store/policies.c) --- */
/* Inserts p->version with p->document (required); sets created_at when 0.
 * DB_NONE when that version exists already: versions are never replaced,
 * so storing the shipped default as version 1 "on first use" is just this
 * call, and two editors saving max + 1 at once see one of them refused. */
enum db_qs store_policy_insert(struct db *db, struct policy_row *p, struct bf_err *e);
/* Every version, oldest first, without documents. */
enum db_qs store_policy_list(struct db *db, struct policy_row **items, size_t *n, struct bf_err *e);
/* One version with its document (release out afterwards). */
enum db_qs store_policy_get(struct db *db, int version, struct policy_row *out, struct bf_err *e);
/* The version in force on date (YYYY-MM-DD), with its document: the latest
 * effective_from not after date, the higher version on a tie (as
 * policy_pick).  DB_NONE when none is in force yet. */
enum db_qs store_policy_in_force(struct db *db, const char *date, struct policy_row *out,
				 struct bf_err *e);
/* The highest version stored, 0 when none (DB_ONE either way). */
enum db_qs store_policy_max_version(struct db *db, int *version, struct bf_err *e);
/* Frees p->document (p itself is the caller's). */
void store_policy_row_release(struct policy_row *p);
/* Frees a list from store_policy_list (documents included). */
void store_policy_rows_free(struct policy_row *items, size_t n);

/* Sets one day (inserted, or replaced with the new kind and name). */
enum db_qs store_calendar_set_day(struct db *db, const struct calendar_edit *d, struct bf_err *e);
/* Forgets the department's edit of one day (the shipped data applies
 * again); DB_NONE when the day had none. */
enum db_qs store_calendar_delete_day(struct db *db, const char *day, struct bf_err *e);
/* Forgets the department's days of year and its completeness mark;
 * DB_NONE when there was nothing. */
enum db_qs store_calendar_clear_year(struct db *db, int year, struct bf_err *e);
/* The department's days of year (0: of every year), in date order. */
enum db_qs store_calendar_list_year(struct db *db, int year, struct calendar_edit **items,
				    size_t *n, struct bf_err *e);
/* Marks year as complete (inserted, or source replaced). */
enum db_qs store_calendar_mark_year(struct db *db, const struct calendar_year *y, struct bf_err *e);
/* The years the department declared complete, ascending. */
enum db_qs store_calendar_years(struct db *db, struct calendar_year **items, size_t *n,
				struct bf_err *e);

/* --- the verification campaign (src/store/verification.c) --- */
/* Every case of year with a payment under scope_path, by case id. */
enum db_qs store_verification_paid(struct db *db, const char *scope_path, int year,
				   struct verification_unit **items, size_t *n, struct bf_err *e);
/* Inserts v (sets v->id), its population (case, committee pairs) and its
 * sample (checks: case_id, committee_id, draw_rank). */
enum db_qs store_verification_insert(struct db *db, struct verification *v,
				     const int64_t *pop_cases, const int64_t *pop_committees,
				     size_t npop, const struct verification_check *checks,
				     size_t nchecks, struct bf_err *e);
/* One campaign with its counts. */
enum db_qs store_verification_get(struct db *db, int64_t id, struct verification *out,
				  struct bf_err *e);
/* Campaigns of year (0: every year), newest first, with their counts. */
enum db_qs store_verification_list(struct db *db, int year, struct verification **items, size_t *n,
				   struct bf_err *e);
/* The recorded population, by case id. */
enum db_qs store_verification_population(struct db *db, int64_t campaign_id, int64_t **cases,
					 int64_t **committees, size_t *n, struct bf_err *e);
/* Checks of a campaign (committee then rank), with their case: every one
 * whose case is under scope_path or whose checker is checker_or (0: none);
 * narrowed by org_path (the case's subtree, NULL none), only_checker (0
 * none), status (NULL none). */
struct verification_filter {
	const char *scope_path;
	int64_t checker_or;
	const char *org_path;
	int64_t only_checker;
	const char *status;
};
enum db_qs store_verification_checks(struct db *db, int64_t campaign_id,
				     const struct verification_filter *f,
				     struct verification_check **items, size_t *n,
				     struct bf_err *e);
enum db_qs store_verification_check_get(struct db *db, int64_t id, struct verification_check *out,
					struct bf_err *e);
/* Sets the checker of a check (0: none); DB_NONE when none changed. */
enum db_qs store_verification_assign(struct db *db, int64_t check_id, int64_t checker_id,
				     struct bf_err *e);
/* Writes the result fields of c when its version is still c->version
 * (then c->version + 1); DB_NONE when another writer won. */
enum db_qs store_verification_record(struct db *db, const struct verification_check *c,
				     struct bf_err *e);
/* Closes an open campaign; DB_NONE when it was not open. */
enum db_qs store_verification_close(struct db *db, int64_t id, struct bf_err *e);
/* Pending checks assigned to user in open campaigns, by due date. */
enum db_qs store_verification_todo(struct db *db, int64_t user_id,
				   struct verification_check **items, size_t *n, struct bf_err *e);

#endif
