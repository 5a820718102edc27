/* care.h - care beyond money (关怀帮扶, issue #12), the core's domain
 * src/core/care/: one section per part.  Every call checks the actor's
 * role and scope like the rest of the core. */
#ifndef BANGFU_CARE_H
#define BANGFU_CARE_H
#include <stddef.h>
#include "care_model.h"
#include "err.h"
#include "errors.h"
#include "register.h"

/* --- political birthdays (政治生日, src/core/care/birthdays.c) --- */

/* At most this many days in one list of birthdays. */
#define CARE_BIRTHDAY_DAYS_MAX 31

/* The members in the actor's scope (and org_id's subtree when not 0), not
 * deceased, whose party anniversary falls from `from` to `to` (YYYY-MM-DD,
 * both included, at most CARE_BIRTHDAY_DAYS_MAX days), at least one year
 * after they joined; sorted by anniversary, then name.  EC_INVALID on
 * "to" for a range backwards or too long. */
int care_birthdays(struct core *c, const struct actor *a, int64_t org_id, const char *from,
		   const char *to, struct care_birthday **items, size_t *n, struct bf_err *e);

/* --- training (技能培训, src/core/care/training.c) --- */

/* The topic's Chinese name (种植 …), NULL when unknown. */
const char *training_topic_label(const char *topic);
/* The mark's Chinese name (出席、请假、缺席), NULL when unknown. */
const char *training_status_label(const char *status);
/* Creates a session (in->org_id 0: the actor's organisation), audited
 * training_create; errors name the field in Chinese. */
int training_create(struct core *c, const struct actor *a, const struct training_session *in,
		    struct training_session *out, struct bf_err *e);
/* A session in the actor's scope (EC_NOT_FOUND otherwise). */
int training_get(struct core *c, const struct actor *a, int64_t id, struct training_session *out,
		 struct bf_err *e);
/* Corrects a session's fields (in: as for training_create; org_id 0 keeps
 * the org, which changes only while no attendance is recorded) when it is
 * still at version (EC_CONFLICT on "version" otherwise), audited
 * training_update with the changes; out: the session as now stored. */
int training_update(struct core *c, const struct actor *a, int64_t id, int64_t version,
		    const struct training_session *in, struct training_session *out,
		    struct bf_err *e);
/* Deletes a session with no attendance recorded (EC_CONFLICT otherwise),
 * audited training_delete with what it was. */
int training_delete(struct core *c, const struct actor *a, int64_t id, struct bf_err *e);
/* The sessions in scope (and under org_id when not 0), filtered by topic
 * ("" all) and year (0 all). */
int training_list(struct core *c, const struct actor *a, int64_t org_id, const char *topic,
		  int year, int limit, int offset, struct training_session **items, size_t *n,
		  int64_t *total, struct bf_err *e);
/* Marks many members at once, all or nothing: each member in the actor's
 * scope, each status known; one audit row training_attend per session. */
int training_attend(struct core *c, const struct actor *a, int64_t session_id,
		    const struct training_mark *marks, size_t n, struct bf_err *e);
/* A session's marks. */
int training_marks(struct core *c, const struct actor *a, int64_t session_id,
		   struct training_mark **items, size_t *n, struct bf_err *e);
/* A member's training history (member in scope). */
int training_of_member(struct core *c, const struct actor *a, int64_t member_id,
		       struct training_mark **items, size_t *n, struct bf_err *e);
/* Members of the 造血型 category on the roll not trained in year (under
 * org_id when not 0). */
int training_untrained(struct core *c, const struct actor *a, int64_t org_id, int year,
		       struct training_untrained **items, size_t *n, struct bf_err *e);

/* --- pairing (结对帮扶) and help records (帮扶记录); src/core/care/pairing.c ---
 * A pairing joins a member with an open confirmed roll period with a helper
 * — a member of the register or a leading cadre named with their post —
 * and fixes the six 定.  一帮到底: it stays open until the member leaves
 * the roll (care_pairings_close_tx, called where the roll's exit takes
 * effect, same transaction) or is ended with a reason and an outcome. */

/* A helper with more open pairings than this is warned (not refused). */
#define PAIRING_HELPER_LIMIT 5
/* An open pairing with no help record for longer than this many days is
 * on its branch's to-do list (and the list's stale filter). */
#define PAIRING_STALE_DAYS 90

/* Creates a pairing from in (member_id, helper_member_id or helper_name
 * and helper_post, goal, measures, start_on, target_on, place, matter);
 * out gets it read back; *helper_open (may be NULL) the helper's open
 * pairings now (beyond PAIRING_HELPER_LIMIT the caller warns). */
int pairing_create(struct core *c, const struct actor *a, const struct pairing *in,
		   struct pairing *out, int64_t *helper_open, struct bf_err *e);
/* A pairing in scope with its help records (newest first; *records may be
 * NULL to skip them). */
int pairing_get(struct core *c, const struct actor *a, int64_t id, struct pairing *out,
		struct help_record **records, size_t *n, struct bf_err *e);
/* A page of pairings in the actor's scope (org_id: an org under it, 0 all;
 * q->scope_path and q->org_path are set here). */
int pairing_list(struct core *c, const struct actor *a, int64_t org_id, struct pairing_query *q,
		 struct pairing **items, size_t *n, int64_t *total, struct bf_err *e);
/* The pairings of a member in scope (404 otherwise), open first. */
int pairing_of_member(struct core *c, const struct actor *a, int64_t member_id,
		      struct pairing **items, size_t *n, struct bf_err *e);
/* Ends an open pairing: end_on ("" today; not before its start, not after
 * today), the reason (end_note) and the outcome, both required. */
int pairing_end(struct core *c, const struct actor *a, int64_t id, const char *end_on,
		const char *note, const char *outcome, int64_t version, struct bf_err *e);
/* Adds a help record to an open pairing (done_on not after today nor
 * before its start; what required); r->id set. */
int pairing_record_add(struct core *c, const struct actor *a, int64_t id, struct help_record *r,
		       struct bf_err *e);
/* 0 when the help record's pairing is in the actor's scope, else
 * EC_NOT_FOUND (the route gate asks before reading an upload). */
int pairing_record_see(struct core *c, const struct actor *a, int64_t record_id, struct bf_err *e);
/* Attaches a file to a help record of a pairing in scope (open or ended:
 * a photo may come later): PDF, JPEG or PNG by its bytes, up to 10 MiB,
 * stored like a case's attachments (content-addressed, once per content);
 * audited help_record_attach.  out (may be NULL) gets the row. */
int pairing_record_attach(struct core *c, const struct actor *a, int64_t record_id,
			  const char *name, const void *data, size_t len,
			  struct help_attachment *out, struct bf_err *e);
/* The files of a pairing's help records (pairing in scope). */
int pairing_attachments(struct core *c, const struct actor *a, int64_t pairing_id,
			struct help_attachment **items, size_t *n, struct bf_err *e);
/* Reads a help record's file back (*data malloc'd), checked against its
 * SHA-256; EC_NOT_FOUND out of scope. */
int pairing_attachment_read(struct core *c, const struct actor *a, int64_t id,
			    struct help_attachment *meta, void **data, size_t *len,
			    struct bf_err *e);
/* Coverage: the 造血型 members on the roll in the actor's scope (org_id
 * narrows) with no open pairing; a page and *total; *covered counts the
 * paired ones. */
int pairing_gaps(struct core *c, const struct actor *a, int64_t org_id, int offset, int limit,
		 struct pairing_gap **items, size_t *n, int64_t *total, int64_t *covered,
		 struct bf_err *e);
/* The member's exit from the roll took effect on day: every open pairing
 * of the member ends with the reason left_roll, audited, in the caller's
 * transaction. */
int care_pairings_close_tx(struct db *db, const struct actor *a, int64_t member_id, const char *day,
			   struct bf_err *e);
/* Ends the open pairing x (read in the caller's transaction, its end_note
 * set) on day with reason (left_roll, deceased, other), audited
 * pairing_end; EC_CONFLICT when someone else wrote it meanwhile. */
int pairing_end_tx(struct db *db, const struct actor *a, struct pairing *x, const char *reason,
		   const char *day, struct bf_err *e);
/* The day before which an open pairing's last record makes it stale
 * (today - PAIRING_STALE_DAYS). */
void pairing_stale_before(char out[11]);
/* The day an open pairing's interval runs out: its latest record (or its
 * start) + PAIRING_STALE_DAYS. */
void pairing_due(const struct pairing *p, char out[11]);
/* Labels. */
const char *pairing_status_label(const char *code);
const char *pairing_end_reason_label(const char *code);

/* --- visits and festival rounds (src/core/care/visits.c) --- */
/* The standard gifts a round takes when the department names none (the
 * policy document takes no new keys, docs/internals/care.md): by roll
 * category, a period without one, and old members. */
#define VISIT_GIFT_RELIEF_FEN	50000 /* 输血型 */
#define VISIT_GIFT_CARE_FEN	40000 /* 关爱型 */
#define VISIT_GIFT_CAPACITY_FEN 30000 /* 造血型 */
#define VISIT_GIFT_ROLL_FEN	30000 /* on the roll, no category yet */
#define VISIT_GIFT_OLD_FEN	20000 /* old member */
/* At most this many visits in one page of the list. */
#define VISIT_LIST_MAX 200

/* The occasions of a visit (the 六必访 and the festivals): new_year,
 * spring, july1, double_ninth, hospital, disaster, death, hardship,
 * old_member, emotional; "" for an unknown code. */
const char *visit_occasion_label(const char *code);
/* 1 when code is one of the four festivals. */
int visit_occasion_festival(const char *code);
/* The Chinese name of a roll category for a visit ("" none). */
const char *visit_category_label(const char *code);

/* What the department asks when it opens a festival round. */
struct visit_round_open {
	int year;
	const char *festival; /* new_year, spring, july1, double_ninth */
	const char *title;    /* "" → "2027年春节走访慰问" */
	const char *due_on;   /* the day to finish by, not before today */
	int old_party_years;  /* -1 → 50: party age that makes an old member */
	int old_age;	      /* -1 → 80: age that makes an old member */
	/* the standard gift; -1 → the defaults above (a category's: the
	 * roll gift when that one is given) */
	int64_t gift_roll_fen, gift_old_fen;
	int64_t gift_capacity_fen, gift_relief_fen, gift_care_fen;
};
/* Opens a round for the actor's organisation (department, admin) and makes
 * its tasks (visit_round_refresh); *added the tasks made. */
int visit_round_open(struct core *c, const struct actor *a, const struct visit_round_open *o,
		     struct visit_round *out, int64_t *added, struct bf_err *e);
/* Makes the tasks of members due a visit who have none yet (a member added
 * to the roll since): one INSERT ... SELECT, idempotent. */
int visit_round_refresh(struct core *c, const struct actor *a, int64_t id, int64_t *added,
			struct bf_err *e);
/* A round the actor may see (opened above or below it). */
int visit_round_get(struct core *c, const struct actor *a, int64_t id, struct visit_round *out,
		    struct bf_err *e);
int visit_round_list(struct core *c, const struct actor *a, struct visit_round **items, size_t *n,
		     struct bf_err *e);
/* Progress per organisation of the actor's part of the round. */
int visit_round_progress(struct core *c, const struct actor *a, int64_t id,
			 struct visit_progress **items, size_t *n, struct bf_err *e);

/* Visits and tasks in the actor's scope, tasks not done first (by finish
 * date), then the newest visits; *total all that match. */
int visit_list(struct core *c, const struct actor *a, const struct visit_query *q,
	       struct visit **items, size_t *n, int64_t *total, struct bf_err *e);
int visit_get(struct core *c, const struct actor *a, int64_t id, struct visit *out,
	      struct bf_err *e);
/* Records a task's visit: visited_on, visitors, found, goods and their
 * value; gift_fen > 0 is posted on the actor's organisation's fund as a
 * visit gift (method) in the same transaction. */
int visit_record(struct core *c, const struct actor *a, const struct visit *v, const char *method,
		 struct bf_err *e);
/* Records a visit outside a round: v->member_id in scope, v->occasion,
 * and what visit_record takes; *id the new visit. */
int visit_create(struct core *c, const struct actor *a, const struct visit *v, const char *method,
		 int64_t *id, struct bf_err *e);
/* Inside a transaction (the event-made tasks, e.g. a hospital or a
 * condolence visit): one open task for the member's branch with occasion
 * and the day it is due; *id the task (0 when the member already has an
 * open task of that occasion, which is kept). */
int visit_task_add_tx(struct db *db, int64_t member_id, const char *occasion, const char *due_on,
		      int64_t *id, struct bf_err *e);
/* The files of a visit (photos, papers), PDF, JPEG or PNG up to 10 MiB,
 * through the case attachments' store (src/core/care/visit_files.c): a
 * visit in scope, written by those who record visits, audited
 * visit_attach. */
int visit_attach(struct core *c, const struct actor *a, int64_t visit_id, const char *name,
		 const void *data, size_t len, struct visit_attachment *out, struct bf_err *e);
int visit_attachments(struct core *c, const struct actor *a, int64_t visit_id,
		      struct visit_attachment **items, size_t *n, struct bf_err *e);
/* A file back (*data malloc'd), its visit in scope (else EC_NOT_FOUND). */
int visit_attachment_read(struct core *c, const struct actor *a, int64_t id,
			  struct visit_attachment *meta, void **data, size_t *len,
			  struct bf_err *e);
/* Whether a task is late: not visited and its finish date before today. */
int visit_late(const struct visit *v, const char *today);

/* --- event-made tasks (src/core/care/events.c) ---
 * The "must visit" occasions make their visit tasks in the transaction of
 * the event, idempotently (one open task per member and occasion).  The
 * days are constants, not policy fields: the policy document's scalars are
 * required keys, and a new one would make every stored version unreadable
 * (see the pairing's constants above). */

/* A hospital visit (occasion hospital) is due this many days after an
 * emergency case for a sudden illness or an accident with injury. */
#define CARE_HOSPITAL_VISIT_DAYS 7
/* A condolence visit to the family (亡故关怀, occasion death) is due this
 * many days after the member is marked deceased. */
#define CARE_CONDOLENCE_DAYS 3

/* An emergency case was filed (case_id, for member_id, loss_type its
 * policy_loss_code): for sudden_illness or disability_death a hospital
 * visit task of the member's branch; nothing for other losses.  Audited
 * visit_task_make. */
int care_emergency_case_tx(struct db *db, const struct actor *a, int64_t case_id, int64_t member_id,
			   const char *loss_type, struct bf_err *e);
/* The member died (known on day): the member's open pairings and those
 * where the member helps end with reason deceased (on day, not before
 * their start), the member's visit tasks not yet done are closed (reason
 * deceased; audited visit_task_close on the member), and a condolence
 * visit task is made (audited visit_task_make).  Called where the register
 * status becomes 亡故 (member edit, the roll's deceased exit). */
int care_member_deceased_tx(struct db *db, const struct actor *a, int64_t member_id,
			    const char *day, struct bf_err *e);

/* --- talks (谈心谈话, src/core/care/talks.c) --- */

/* At most this many talks in one list. */
#define CARE_TALKS_MAX 500

/* The Chinese name of a talk's kind ("yearly" 年度谈心谈话, or a "must
 * talk" occasion: achievement, difficulty, conflict, error, problem,
 * post_change, retirement, complaint); "" for an unknown one. */
const char *care_talk_kind_label(const char *kind);
/* Records x (member_id, talker_member_id or talker_name, talked_on, kind,
 * note): branch and committee in scope, department; audited talk_create.
 * The member (and a register talker) must be in the actor's scope
 * (EC_NOT_FOUND); talked_on not after today; x is filled as read. */
int care_talk_create(struct core *c, const struct actor *a, struct care_talk *x, struct bf_err *e);
/* A page of the talks of the actor's scope filtered by q (an org's
 * subtree, a member's, a year, a kind, a name in the member's or the
 * talker's), newest first; *total counts them all.  q->limit at most
 * CARE_TALKS_MAX. */
int care_talks_list(struct core *c, const struct actor *a, const struct care_talk_query *q,
		    struct care_talk **items, size_t *n, int64_t *total, struct bf_err *e);
/* The members of the actor's scope (org_id's subtree) without a talk this
 * year (BANGFU_TODAY aware), at most limit of *total: *year, and *due = 1
 * in the last quarter (October to December), when they are on the
 * branch's to-do list, due on 31 December. */
int care_talks_due(struct core *c, const struct actor *a, int64_t org_id, int limit, int *year,
		   int *due, struct care_talk_due **items, size_t *n, int64_t *total,
		   struct bf_err *e);
/* Coverage per organisation of org_id's subtree (0: the actor's) in *year
 * (0: this year, set): members not deceased and those talked with that
 * year, by path, organisations without members left out. */
int care_talk_coverage(struct core *c, const struct actor *a, int64_t org_id, int *year,
		       struct care_talk_coverage **items, size_t *n, struct bf_err *e);

/* --- greetings, the 1 July celebration, 50 years (src/core/care/greetings.c) --- */

/* The way's Chinese name (电话 短信 贺卡 上门 集体活动); "" unknown. */
const char *care_greeting_way_label(const char *way);
/* Records x (member_id, year 0 = greeted_on's, greeted_on, way,
 * greeted_by, note) for a member in scope who had joined before that year;
 * greeted_on not after today; audited greeting_create. */
int care_greeting_create(struct core *c, const struct actor *a, struct care_greeting *x,
			 struct bf_err *e);
/* The greetings of the actor's scope (org_id's subtree, member_id's, of a
 * year when not 0), newest first, at most CARE_TALKS_MAX. */
int care_greetings_list(struct core *c, const struct actor *a, int64_t org_id, int64_t member_id,
			int year, struct care_greeting **items, size_t *n, struct bf_err *e);
/* Per organisation of the actor's scope (org_id's subtree): the members
 * whose anniversary in *year (0: this year) has come by today (the whole
 * year for a past one) and those greeted for it. */
int care_greeting_coverage(struct core *c, const struct actor *a, int64_t org_id, int *year,
			   struct care_greeting_coverage **items, size_t *n, struct bf_err *e);
/* A member in scope's anniversary in year (0: this year) and the years of
 * party age then; EC_INVALID on "year" before the first anniversary. */
int care_birthday_of(struct core *c, const struct actor *a, int64_t member_id, int year,
		     struct care_birthday *out, struct bf_err *e);
/* Creates a celebration (x->org_id 0: the actor's organisation, else one
 * in scope), audited celebration_create; x filled as read. */
int care_celebration_create(struct core *c, const struct actor *a, struct care_celebration *x,
			    struct bf_err *e);
/* A celebration of the actor's subtree (EC_NOT_FOUND otherwise) with its
 * attendees (*items may be NULL to skip them). */
int care_celebration_get(struct core *c, const struct actor *a, int64_t id,
			 struct care_celebration *out, struct care_attendee **items, size_t *n,
			 struct bf_err *e);
int care_celebrations_list(struct core *c, const struct actor *a, int year,
			   struct care_celebration **items, size_t *n, struct bf_err *e);
/* Sets who attended (and renewed the oath), all or nothing: each member
 * in the actor's scope and in the celebration's organisation's subtree,
 * none twice; audited celebration_attend. */
int care_celebration_attend(struct core *c, const struct actor *a, int64_t id,
			    const struct care_attendee *items, size_t n, struct bf_err *e);
/* The members of the actor's scope (org_id's subtree), not deceased, who
 * reach 50 years of party age in year (joined in year - 50): the
 * nomination list for the 光荣在党50年 medal. */
#define CARE_MEDAL_YEARS 50
int care_medals(struct core *c, const struct actor *a, int64_t org_id, int year,
		struct care_medal **items, size_t *n, struct bf_err *e);

/* --- help plans (帮扶计划 / 脱贫规划, src/core/care/plans.c) ---
 * One plan per member on the roll and year, kept by the member's branch;
 * its measures are the documents' checklist, each with a target, a due day
 * and its progress; the June and November reviews of the roll note each
 * plan's progress and next steps.  Audited on the object help_plan. */

/* Chinese names of the codes; "" for an unknown one. */
const char *help_measure_kind_label(const char *kind);
const char *help_project_kind_label(const char *code);
const char *help_security_kind_label(const char *code);
const char *help_measure_status_label(const char *status);
/* Frees what help_plan_get put on the heap (p itself stays). */
void help_plan_release(struct help_plan *p);

/* Creates in->member_id's plan of in->year (0: this year) with in->goal and
 * its in->nmeasures measures in->m (kind, project_kind, security_kind,
 * loan_id, target, due_on; status todo unless given); the member in scope
 * and on the roll; one plan per member and year (EC_CONFLICT on "year").
 * Errors name the field in Chinese ("measures[1].target" for a row).
 * *id gets the new plan's. */
int help_plan_create(struct core *c, const struct actor *a, const struct help_plan *in, int64_t *id,
		     struct bf_err *e);
/* A plan in scope with its measures (their notes) and its reviews. */
int help_plan_get(struct core *c, const struct actor *a, int64_t id, struct help_plan *out,
		  struct bf_err *e);
/* Changes the goal if the plan still has version (EC_CONFLICT otherwise). */
int help_plan_update(struct core *c, const struct actor *a, int64_t id, const char *goal,
		     int64_t version, struct bf_err *e);
/* A page of plans in scope (org_id narrows; q's filters); counts only. */
int help_plan_list(struct core *c, const struct actor *a, int64_t org_id, struct help_plan_query *q,
		   struct help_plan **items, size_t *n, int64_t *total, struct bf_err *e);
/* Adds a measure to a plan; m->id set. */
int help_measure_add(struct core *c, const struct actor *a, int64_t plan_id,
		     struct help_plan_measure *m, struct bf_err *e);

/* What a change of a measure sets: NULL / has_loan 0 keep the value. */
struct help_measure_patch {
	const char *target, *due_on, *status, *note, *project_kind, *security_kind;
	int has_loan;
	int64_t loan_id; /* 0 unlinks */
	int64_t version; /* the version read (required) */
};
/* Changes a measure if it still has p->version (EC_CONFLICT otherwise):
 * done sets its done day (today), a dropped measure needs a note. */
int help_measure_update(struct core *c, const struct actor *a, int64_t id,
			const struct help_measure_patch *p, int64_t *plan_id, struct bf_err *e);
/* Adds a dated progress note (noted_on "" today, not after today).  Both
 * set *plan_id to the measure's plan. */
int help_note_add(struct core *c, const struct actor *a, int64_t measure_id,
		  struct help_plan_note *x, int64_t *plan_id, struct bf_err *e);
/* Notes the plan's review at an open June or November review of the roll
 * of the plan's year that covers the plan's branch (once per review):
 * progress required, next steps, the measures done/total kept with it. */
int help_review_add(struct core *c, const struct actor *a, int64_t plan_id,
		    struct help_plan_review *r, struct bf_err *e);
/* The organisation's view of year: per branch under org_id (0: the
 * actor's subtree) the members on the roll, with a plan, measures, done,
 * overdue. */
int help_plan_orgs(struct core *c, const struct actor *a, int64_t org_id, int year,
		   struct help_plan_org **items, size_t *n, struct bf_err *e);
/* The members on the roll in scope without a plan of year (a page). */
int help_plan_gaps(struct core *c, const struct actor *a, int64_t org_id, int year, int offset,
		   int limit, struct help_plan_gap **items, size_t *n, int64_t *total,
		   struct bf_err *e);
/* The overdue measures in scope (the to-do list), oldest due first. */
int help_plan_overdue(struct core *c, const struct actor *a, int limit,
		      struct help_plan_due **items, size_t *n, int64_t *total, struct bf_err *e);

/* Whether the form suggests a referral to 低保/五保: the member is 60 or
 * older and has no income (the roll's yearly income 0, or none recorded
 * and no source of income written). */
struct help_security_hint {
	int suggested;
	int age;     /* -1 unknown */
	int on_roll; /* a confirmed open roll period */
	char category[16];
};
int help_security_hint(struct core *c, const struct actor *a, int64_t member_id,
		       struct help_security_hint *out, struct bf_err *e);

/* --- one file per member (一人一档, src/core/care/timeline.c) ---
 * Everything the organisation did with and for a member on one timeline:
 * the roll's periods, cases with their steps and payments, start-up loans,
 * pairings with their help records, trainings, visits, talks — each a
 * source of store_member_timeline, put into words here. */

/* The kind's Chinese name (困难党员台账 …), NULL when unknown. */
const char *care_timeline_kind_label(const char *kind);
/* The i-th kind (roll, case, loan, pairing, training, visit, talk), NULL
 * past the last. */
const char *care_timeline_kind(size_t i);
/* A page of the member's timeline, newest first (member in scope: else
 * EC_NOT_FOUND "id"), of the kinds in kinds_csv ("case,visit"; NULL or ""
 * all; an unknown one is EC_INVALID "kinds"); each item's what filled. */
int care_member_timeline(struct core *c, const struct actor *a, int64_t member_id,
			 const char *kinds_csv, int limit, int offset, struct timeline_item **items,
			 size_t *n, int64_t *total, struct bf_err *e);
/* The whole file for printing: the member (m, zeroed by the caller, ID
 * and phone masked; member_release after) and every item, audited
 * member_file (a person's data gathered in one place). */
int care_member_file(struct core *c, const struct actor *a, int64_t member_id, struct member *m,
		     struct timeline_item **items, size_t *n, struct bf_err *e);

#endif
