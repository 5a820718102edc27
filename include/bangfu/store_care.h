/* store_care.h - the queries of care (issue #12, care.h), with the
 * conventions of store_cases.h: the same SQL on both engines, callers own
 * the transaction, answers are enum db_qs.  Files: src/store/care_*.c. */
#ifndef BANGFU_STORE_CARE_H
#define BANGFU_STORE_CARE_H
#include "care_model.h"
#include <stddef.h>
#include "db.h"
#include "errors.h"

/* --- political birthdays (src/store/care_birthdays.c) --- */

/* The members under scope_path (and org_path when not NULL), not
 * deceased, whose joined_on's month and day ("MM-DD") is from lo to hi
 * (past the year's end when lo > hi), or is extra when not NULL (29
 * February, kept on 28 February); joined_on copied, anniversary and
 * party_years left to the core. */
enum db_qs store_care_birthdays(struct db *db, const char *scope_path, const char *org_path,
				const char *lo, const char *hi, const char *extra,
				struct care_birthday **items, size_t *n, struct bf_err *e);

/* --- training (migrations 0018, 0026; src/store/care_training.c) --- */

/* Inserts s (created_at set when 0); sets s->id. */
enum db_qs store_training_insert(struct db *db, struct training_session *s, struct bf_err *e);
/* A session with its org's name and path and its marks counted. */
enum db_qs store_training_get(struct db *db, int64_t id, struct training_session *out,
			      struct bf_err *e);
/* Writes s's own fields (org, title … hours) when its version is still
 * s->version: DB_ONE (s->version one up), DB_NONE when changed since. */
enum db_qs store_training_update(struct db *db, struct training_session *s, struct bf_err *e);
/* Deletes a session that has no marks: DB_ONE, or DB_NONE (gone, or
 * attendance recorded meanwhile). */
enum db_qs store_training_delete(struct db *db, int64_t id, struct bf_err *e);
/* A page of the sessions under scope_path (an org path) and under org_path
 * when given, newest start_on first, filtered by topic and year when given;
 * *total counts them all. */
enum db_qs store_training_list(struct db *db, const char *scope_path, const char *org_path,
			       const char *topic, int year, int limit, int offset,
			       struct training_session **items, size_t *n, int64_t *total,
			       struct bf_err *e);
/* Sets a member's mark at a session (insert or replace). */
enum db_qs store_training_mark(struct db *db, const struct training_mark *m, struct bf_err *e);
/* A session's marks, by member name. */
enum db_qs store_training_marks(struct db *db, int64_t session_id, struct training_mark **items,
				size_t *n, struct bf_err *e);
/* A member's marks with their sessions, newest first. */
enum db_qs store_training_of_member(struct db *db, int64_t member_id, struct training_mark **items,
				    size_t *n, struct bf_err *e);
/* Members under scope_path (and org_path when given) on the roll (a
 * confirmed period: active or exiting) of category capacity (造血型) and no
 * present mark at a session starting in year, by org then name. */
enum db_qs store_training_untrained(struct db *db, const char *scope_path, const char *org_path,
				    int year, struct training_untrained **items, size_t *n,
				    struct bf_err *e);

/* --- pairing and help records (migration 0019; src/store/care_pairing.c) --- */

/* Inserts x (open, version 1); sets x->id. */
enum db_qs store_pairing_insert(struct db *db, struct pairing *x, struct bf_err *e);
/* Reads a pairing with the names, the org's path and its records' count
 * and latest day. */
enum db_qs store_pairing_get(struct db *db, int64_t id, struct pairing *out, struct bf_err *e);
/* Writes status and the end's columns if the row still has x->version;
 * then x->version is the new one.  DB_NONE when someone else wrote it. */
enum db_qs store_pairing_end(struct db *db, struct pairing *x, struct bf_err *e);
/* A page of q's pairings, open first then newest start; *total counts all. */
enum db_qs store_pairing_list(struct db *db, const struct pairing_query *q, struct pairing **items,
			      size_t *n, int64_t *total, struct bf_err *e);
/* The open pairings of a member (open_of_member) or of a helper. */
enum db_qs store_pairing_open_of_member(struct db *db, int64_t member_id, struct pairing **items,
					size_t *n, struct bf_err *e);
/* The open pairings where the member is the helper. */
enum db_qs store_pairing_open_of_helper(struct db *db, int64_t helper_member_id,
					struct pairing **items, size_t *n, struct bf_err *e);
/* How many open pairings the helper member has. */
enum db_qs store_pairing_helper_count(struct db *db, int64_t helper_member_id, int64_t *out,
				      struct bf_err *e);
/* Appends a help record (created_at set when 0); sets r->id. */
enum db_qs store_help_record_insert(struct db *db, struct help_record *r, struct bf_err *e);
/* A pairing's help records, newest day first. */
enum db_qs store_help_records(struct db *db, int64_t pairing_id, struct help_record **items,
			      size_t *n, struct bf_err *e);
/* One help record (its pairing_id, done_on ...). */
enum db_qs store_help_record_get(struct db *db, int64_t id, struct help_record *out,
				 struct bf_err *e);
/* Appends a file of a help record (uploaded_at set when 0); sets a->id. */
enum db_qs store_help_attachment_insert(struct db *db, struct help_attachment *a, struct bf_err *e);
/* One file of a help record, with its pairing_id. */
enum db_qs store_help_attachment_get(struct db *db, int64_t id, struct help_attachment *out,
				     struct bf_err *e);
/* The files of a pairing's help records, by record then upload. */
enum db_qs store_help_attachments_of_pairing(struct db *db, int64_t pairing_id,
					     struct help_attachment **items, size_t *n,
					     struct bf_err *e);
/* The 造血型 members with a confirmed open roll period under scope_path
 * (and org_path when set) that have no open pairing, by org then name; a
 * page of them, *total, and *capacity: all 造血型 members on the roll there. */
enum db_qs store_pairing_gaps(struct db *db, const char *scope_path, const char *org_path,
			      int offset, int limit, struct pairing_gap **items, size_t *n,
			      int64_t *total, int64_t *capacity, struct bf_err *e);
/* Counts for the to-do list: open pairings under scope_path with no record
 * since stale_before (and started before it). */
enum db_qs store_pairing_stale_count(struct db *db, const char *scope_path,
				     const char *stale_before, int64_t *out, struct bf_err *e);

/* --- visits and festival rounds (src/store/care_visits.c) --- */
/* Inserts r; sets r->id.  A round of the same org, year and festival:
 * DB_HARD with EC_CONFLICT. */
enum db_qs store_visit_round_insert(struct db *db, struct visit_round *r, struct bf_err *e);
enum db_qs store_visit_round_get(struct db *db, int64_t id, struct visit_round *out,
				 struct bf_err *e);
enum db_qs store_visit_round_list(struct db *db, struct visit_round **items, size_t *n,
				  struct bf_err *e);
/* One task per member due a visit under scope (the round org's subtree):
 * an open roll period (active, exiting) on day, or joined the party on or
 * before joined_by, or born on or before born_by; the member not 亡故.  One
 * INSERT ... SELECT; a member with a task already is left (the unique key).
 * *added: the tasks made. */
enum db_qs store_visit_round_tasks(struct db *db, const struct visit_round *r, const char *scope,
				   const char *day, const char *joined_by, const char *born_by,
				   int64_t *added, struct bf_err *e);
/* Progress per organisation of the tasks under scope; late: not visited
 * and due before today. */
enum db_qs store_visit_progress(struct db *db, int64_t round_id, const char *scope,
				const char *today, struct visit_progress **items, size_t *n,
				struct bf_err *e);
/* Visits and tasks under scope matching q (q->limit rows from q->offset;
 * late counted against today), tasks not done first by finish date, then
 * the newest visits; *total all that match. */
enum db_qs store_visit_list(struct db *db, const char *scope, const struct visit_query *q,
			    const char *today, struct visit **items, size_t *n, int64_t *total,
			    struct bf_err *e);
/* Inserts one visit or task (v->round_id 0: outside a round; visited_on
 * "": a task); sets v->id. */
enum db_qs store_visit_insert(struct db *db, struct visit *v, struct bf_err *e);
/* A visit's files: insert (sets at->id; uploaded_at now), list, one. */
enum db_qs store_visit_attachment_insert(struct db *db, struct visit_attachment *at,
					 struct bf_err *e);
enum db_qs store_visit_attachments(struct db *db, int64_t visit_id, struct visit_attachment **items,
				   size_t *n, struct bf_err *e);
enum db_qs store_visit_attachment_get(struct db *db, int64_t id, struct visit_attachment *out,
				      struct bf_err *e);
/* The open task of member for occasion outside a round, if any (*id 0). */
enum db_qs store_visit_open_task(struct db *db, int64_t member_id, const char *occasion,
				 int64_t *id, struct bf_err *e);
enum db_qs store_visit_get(struct db *db, int64_t id, struct visit *out, char org_path[256],
			   struct bf_err *e);
/* Writes what the visit found and gave on a task not yet done: DB_NONE
 * when it is done already. */
enum db_qs store_visit_record(struct db *db, const struct visit *v, struct bf_err *e);

/* Closes the member's tasks not yet done (but those of keep_occasion) on
 * day with reason (the member died); *n how many. */
enum db_qs store_visit_close_open(struct db *db, int64_t member_id, const char *day,
				  const char *reason, const char *keep_occasion, int64_t *n,
				  struct bf_err *e);

/* --- talks (src/store/care_talks.c) --- */

/* Inserts x (created_at set when 0) and its member's row of talk_years
 * (x->org_id the member's organisation; kept when there is one); sets
 * x->id. */
enum db_qs store_care_talk_insert(struct db *db, struct care_talk *x, struct bf_err *e);
/* A page of the talks of the members under scope_path (and org_path when
 * not ""; q's member, kind and search; on days from..to when not ""),
 * newest first; *total counts them all. */
enum db_qs store_care_talks(struct db *db, const char *scope_path, const char *org_path,
			    const struct care_talk_query *q, const char *from, const char *to,
			    struct care_talk **items, size_t *n, int64_t *total, struct bf_err *e);
/* The members under scope_path (and org_path), not deceased, without a
 * talk from..to, by organisation then name; at most limit, *total all. */
enum db_qs store_care_talks_due(struct db *db, const char *scope_path, const char *org_path,
				const char *from, const char *to, int limit,
				struct care_talk_due **items, size_t *n, int64_t *total,
				struct bf_err *e);
/* Per organisation under path (path's own included), by path: its
 * members not deceased and those talked with in year (talk_years). */
enum db_qs store_care_talk_coverage(struct db *db, const char *path, int year,
				    struct care_talk_coverage **items, size_t *n, struct bf_err *e);

/* --- greetings, celebrations, medals (src/store/care_greetings.c) --- */

/* Inserts x (created_at set when 0); sets x->id. */
enum db_qs store_care_greeting_insert(struct db *db, struct care_greeting *x, struct bf_err *e);
/* The greetings of the members under scope_path (and org_path; member_id
 * when not 0; of the anniversary year when not 0), newest first, at most
 * limit. */
enum db_qs store_care_greetings(struct db *db, const char *scope_path, const char *org_path,
				int64_t member_id, int year, int limit,
				struct care_greeting **items, size_t *n, struct bf_err *e);
/* Per organisation under scope_path (and org_path): the members not
 * deceased who joined before year whose anniversary's "MM-DD" is at most
 * upto, and those of them greeted for year. */
enum db_qs store_care_greeting_coverage(struct db *db, const char *scope_path, const char *org_path,
					int year, const char *upto,
					struct care_greeting_coverage **items, size_t *n,
					struct bf_err *e);
/* Inserts x; sets x->id. */
enum db_qs store_care_celebration_insert(struct db *db, struct care_celebration *x,
					 struct bf_err *e);
/* A celebration with its org's name and path and its counts. */
enum db_qs store_care_celebration_get(struct db *db, int64_t id, struct care_celebration *out,
				      struct bf_err *e);
/* The celebrations of organisations under scope_path (of year when not
 * 0), newest first. */
enum db_qs store_care_celebrations(struct db *db, const char *scope_path, int year,
				   struct care_celebration **items, size_t *n, struct bf_err *e);
/* Replaces the attendees of a celebration with these. */
enum db_qs store_care_attendees_set(struct db *db, int64_t celebration_id,
				    const struct care_attendee *items, size_t n, struct bf_err *e);
/* A celebration's attendees by organisation then name. */
enum db_qs store_care_attendees(struct db *db, int64_t celebration_id, struct care_attendee **items,
				size_t *n, struct bf_err *e);
/* The members under scope_path (and org_path), not deceased, who joined
 * the party in joined_year, by organisation then name. */
enum db_qs store_care_medals(struct db *db, const char *scope_path, const char *org_path,
			     int joined_year, struct care_medal **items, size_t *n,
			     struct bf_err *e);

/* --- help plans (migration 0022; src/store/care_plans.c) --- */

/* Inserts p (version 1, created_at set when 0); sets p->id. */
enum db_qs store_help_plan_insert(struct db *db, struct help_plan *p, struct bf_err *e);
/* A plan with the names, the org's path, the roll category and its
 * measures counted (overdue: open and due before today); not the measures
 * themselves. */
enum db_qs store_help_plan_get(struct db *db, int64_t id, const char *today, struct help_plan *out,
			       struct bf_err *e);
/* The id of the member's plan of year (0 none). */
enum db_qs store_help_plan_find(struct db *db, int64_t member_id, int year, int64_t *id,
				struct bf_err *e);
/* Writes the goal if the row still has p->version (then the new one);
 * DB_NONE when someone else wrote it. */
enum db_qs store_help_plan_update(struct db *db, struct help_plan *p, struct bf_err *e);
/* A page of q's plans, by organisation then name; *total counts all. */
enum db_qs store_help_plan_list(struct db *db, const struct help_plan_query *q,
				struct help_plan **items, size_t *n, int64_t *total,
				struct bf_err *e);
/* Inserts m (version 1, created_at set when 0); sets m->id. */
enum db_qs store_help_measure_insert(struct db *db, struct help_plan_measure *m, struct bf_err *e);
/* A measure (without its notes; overdue against today). */
enum db_qs store_help_measure_get(struct db *db, int64_t id, const char *today,
				  struct help_plan_measure *out, struct bf_err *e);
/* A plan's measures in order, with the linked loans (not the notes). */
enum db_qs store_help_measures(struct db *db, int64_t plan_id, const char *today,
			       struct help_plan_measure **items, size_t *n, struct bf_err *e);
/* Writes what may change of m if the row still has m->version (then the
 * new one); DB_NONE when someone else wrote it. */
enum db_qs store_help_measure_update(struct db *db, struct help_plan_measure *m, struct bf_err *e);
/* Appends a progress note (created_at set when 0); sets x->id. */
enum db_qs store_help_note_insert(struct db *db, struct help_plan_note *x, struct bf_err *e);
/* The progress notes of every measure of a plan, newest day first. */
enum db_qs store_help_notes(struct db *db, int64_t plan_id, struct help_plan_note **items,
			    size_t *n, struct bf_err *e);
/* Inserts a plan's review (created_at set when 0); sets r->id. */
enum db_qs store_help_review_insert(struct db *db, struct help_plan_review *r, struct bf_err *e);
/* The reviews of a plan, oldest first, with the roll review's title. */
enum db_qs store_help_reviews(struct db *db, int64_t plan_id, struct help_plan_review **items,
			      size_t *n, struct bf_err *e);
/* Per branch under scope_path (and org_path): the members on the roll (a
 * confirmed open period), those with a plan of year, its measures, done
 * and overdue (open, due before today); by org path. */
enum db_qs store_help_plan_orgs(struct db *db, const char *scope_path, const char *org_path,
				int year, const char *today, struct help_plan_org **items,
				size_t *n, struct bf_err *e);
/* A page of the members on the roll under scope_path (and org_path)
 * without a plan of year, by org then name; *total counts all. */
enum db_qs store_help_plan_gaps(struct db *db, const char *scope_path, const char *org_path,
				int year, int offset, int limit, struct help_plan_gap **items,
				size_t *n, int64_t *total, struct bf_err *e);
/* The measures under scope_path still open and due before today, oldest
 * due first, at most limit; *total counts all. */
enum db_qs store_help_overdue(struct db *db, const char *scope_path, const char *today, int limit,
			      struct help_plan_due **items, size_t *n, int64_t *total,
			      struct bf_err *e);

/* --- one file per member (一人一档; src/store/care_timeline.c) --- */

/* The kinds of the timeline's sources, in the table's order; NULL ends. */
extern const char *const store_timeline_kinds[];
/* A page of the member's timeline, newest day first: every source of the
 * table whose kind is in kinds (NULL-ended; NULL: all), one UNION ALL;
 * *total counts them all.  limit 0: every item (the printed file). */
enum db_qs store_member_timeline(struct db *db, int64_t member_id, const char *const *kinds,
				 int limit, int offset, struct timeline_item **items, size_t *n,
				 int64_t *total, struct bf_err *e);

#endif
