/* care_model.h - the structs of care (关怀帮扶, issue #12; care.h), one
 * section per part. */
#ifndef BANGFU_CARE_MODEL_H
#define BANGFU_CARE_MODEL_H
#include <stdint.h>
#include <stddef.h>
#include "limits.h"

/* --- political birthdays (政治生日) --- */

/* A member whose party anniversary (the register's 入党时间, joined_on)
 * falls in the asked days: the day of the anniversary that year (29
 * February is kept on 28 February in other years) and the years of party
 * age reached on it. */
struct care_birthday {
	int64_t member_id;
	char member_name[TEXT_BYTES(TF_MEMBER_NAME_MAX)];
	int64_t org_id;
	char org_name[TEXT_BYTES(TF_ORG_NAME_MAX)];
	char joined_on[11];
	char anniversary[11];
	int party_years;
};

/* --- training (技能培训) --- */

/* A training session held by an organisation.  topic: "planting" 种植,
 * "breeding" 养殖, "processing" 加工, "ecommerce" 电商, "other" 其他. */
struct training_session {
	int64_t id;
	int64_t org_id;
	char org_name[256]; /* filled on read */
	char org_path[256]; /* filled on read: for scope */
	char title[304];    /* at most 100 characters */
	char topic[16];
	char start_on[11], end_on[11];
	char place[304];     /* at most 100 characters */
	char organiser[304]; /* at most 100 characters */
	char trainer[160];   /* at most 50 characters */
	int hours_tenths;    /* 学时 in tenths of an hour */
	int64_t created_by, created_at;
	int64_t version, updated_at;  /* optimistic lock: an edit names the version it read */
	int present, excused, absent; /* filled on read: the marks */
};

/* One member's mark at one session: "present", "excused", "absent". */
struct training_mark {
	int64_t session_id;
	int64_t member_id;
	char member_name[160]; /* filled on read */
	char status[12];
	int64_t marked_by, marked_at;
	struct training_session s; /* filled by the member's history */
};

/* A member in hardship of the 造血型 category not present at any session
 * of a year (the untrained view). */
struct training_untrained {
	int64_t member_id;
	char member_name[160];
	int64_t org_id;
	char org_name[256];
	int64_t roll_id;
	char since_on[11];
};

/* --- pairing (结对帮扶) and help records (帮扶记录), migration 0019 --- */

/* A pairing: a member in hardship (on the roll) and a helper (a member of
 * the register, helper_member_id, or a leading cadre by name and post),
 * with the six 定. */
struct pairing {
	int64_t id;
	int64_t member_id;
	int64_t org_id;
	int64_t roll_entry_id;
	int64_t helper_member_id; /* 0: a leading cadre named below */
	char helper_name[TEXT_BYTES(TF_PAIRING_HELPER_NAME_MAX)];
	char helper_post[TEXT_BYTES(TF_PAIRING_HELPER_POST_MAX)];
	char goal[TEXT_BYTES(TF_PAIRING_GOAL_MAX)];
	char measures[TEXT_BYTES(TF_PAIRING_MEASURES_MAX)];
	char start_on[11];
	char target_on[11];
	char place[TEXT_BYTES(TF_PAIRING_PLACE_MAX)];
	char matter[TEXT_BYTES(TF_PAIRING_MATTER_MAX)];
	char status[8];	     /* open, ended */
	char end_on[11];     /* "" while open */
	char end_reason[16]; /* "", left_roll, other */
	char end_note[TEXT_BYTES(TF_PAIRING_END_NOTE_MAX)];
	char outcome[TEXT_BYTES(TF_PAIRING_OUTCOME_MAX)];
	int64_t created_by;
	int64_t created_at;
	int64_t updated_at;
	int64_t version;
	/* read: */
	char member_name[84];
	char org_name[164];
	char org_path[256];
	char helper_org_name[164]; /* the helper member's organisation */
	char last_record_on[11];   /* the latest help record's day, "" none */
	int64_t records;	   /* help records */
	char category[16];	   /* the member's roll category */
};

/* A help record: the day, what was done, the result. */
struct help_record {
	int64_t id;
	int64_t pairing_id;
	char done_on[11];
	char what[TEXT_BYTES(TF_HELP_WHAT_MAX)];
	char result[TEXT_BYTES(TF_HELP_RESULT_MAX)];
	int64_t created_by;
	int64_t created_at;
	char created_by_name[84];
};

/* A file of a help record (a photo, a signed sheet; migration 0022), kept
 * in the content-addressed store shared with a case's attachments. */
struct help_attachment {
	int64_t id;
	int64_t help_record_id;
	int64_t pairing_id; /* read */
	char name[256];
	char mime[32];
	int64_t size;
	char sha256[65];
	char stored_path[256];
	int64_t uploaded_by;
	int64_t uploaded_at;
	char uploaded_by_name[84]; /* read */
};

struct search_term; /* model.h */

/* The filters of the pairings list. */
struct pairing_query {
	const char *scope_path; /* set by the core: the actor's subtree */
	const char *org_path;	/* an org under it, or NULL */
	int64_t member_id;	/* 0 any */
	int64_t helper_member_id;
	const char *status; /* "open", "ended" or NULL/"" for both */
	const char
	    *stale_before; /* open pairings with no record since (and started before) this day */
	struct search_term *search; /* the member's or the helper's name, NULL none */
	int offset, limit;
};

/* A member of the 造血型 category on the roll without an open pairing
 * (the coverage view). */
struct pairing_gap {
	int64_t member_id;
	int64_t roll_entry_id;
	char member_name[84];
	int64_t org_id;
	char org_name[164];
	char since_on[11];
	char tier[16];
};

/* --- visits and festival rounds (走访慰问) --- */
#define CARE_DATE_LEN	 11
#define VISIT_TEXT_BYTES 1001 /* visitors (60 chars), found (250) in UTF-8 */

/* A festival round opened by the department (e.g. 2027 春节走访慰问). */
struct visit_round {
	int64_t id, org_id;
	int year;
	char festival[16]; /* new_year, spring, july1, double_ninth */
	char title[161];
	char opened_on[CARE_DATE_LEN], due_on[CARE_DATE_LEN];
	int old_party_years, old_age; /* who is an old member: party age / age */
	/* the standard gift: on the roll by category (capacity 造血型, relief
	 * 输血型, care 关爱型; roll: a period without one), old members */
	int64_t gift_roll_fen, gift_old_fen;
	int64_t gift_capacity_fen, gift_relief_fen, gift_care_fen;
	int64_t created_by, created_at;
};

/* A visit, or a round's task not yet done (visited_on ""). */
struct visit {
	int64_t id, member_id, org_id, round_id;
	char member_name[81], org_name[161], round_title[161];
	char reason[8];	   /* a round's task: roll / old */
	char category[16]; /* on the roll: capacity / relief / care / "" */
	char occasion[16]; /* visit_occasion_label: a festival, hospital, ... */
	char due_on[CARE_DATE_LEN], visited_on[CARE_DATE_LEN];
	char visitors[VISIT_TEXT_BYTES], found[VISIT_TEXT_BYTES], goods[VISIT_TEXT_BYTES];
	int64_t std_gift_fen, gift_fen, goods_value_fen, posting_id, recorded_by, created_at;
	/* a task closed without a visit (its member died): the day and why */
	char closed_on[CARE_DATE_LEN], close_reason[16];
};

/* Which visits and tasks to list (0 / NULL / "": any). */
struct visit_query {
	int64_t round_id, member_id;
	int64_t org_id;	       /* that organisation's subtree (in scope) */
	int pending;	       /* 1: tasks not done */
	int late;	       /* 1: tasks not done past their finish date */
	int in_round;	       /* 1: a round's tasks, 2: visits outside a round */
	const char *occasion;  /* one occasion code */
	const char *from, *to; /* visited (or due, for tasks) within */
	int64_t offset, limit; /* limit 0: the list's most */
};
/* A file of a visit (a photo, a signed sheet). */
struct visit_attachment {
	int64_t id, visit_id;
	char name[256], mime[32], sha256[65], stored_path[256];
	int64_t size, uploaded_by, uploaded_at;
};

/* A round's progress for one organisation (the member's branch). */
struct visit_progress {
	int64_t org_id;
	char org_name[161];
	int64_t total, done, late;
};

/* --- talks (谈心谈话) --- */

/* One talk: a leading member (a register member, talker_member_id, or a
 * named cadre, talker_name only) talked with a member on a day; kind is
 * "yearly" (the talk every member is owed each year) or a "must talk"
 * occasion (care_talk_kind_label). */
struct care_talk {
	int64_t id;
	int64_t member_id;
	char member_name[TEXT_BYTES(TF_MEMBER_NAME_MAX)]; /* filled on read */
	int64_t org_id;					  /* the member's, on read */
	char org_name[TEXT_BYTES(TF_ORG_NAME_MAX)];	  /* filled on read */
	int64_t talker_member_id;			  /* 0: a named cadre */
	char talker_name[TEXT_BYTES(TF_TALK_TALKER_MAX)];
	char talked_on[11];
	char kind[16];
	char note[TEXT_BYTES(TF_TALK_NOTE_MAX)];
	int64_t created_by;
	int64_t created_at;
};

/* A member not yet talked with in a year (the branch's to-do list). */
struct care_talk_due {
	int64_t member_id;
	char member_name[TEXT_BYTES(TF_MEMBER_NAME_MAX)];
	int64_t org_id;
	char org_name[TEXT_BYTES(TF_ORG_NAME_MAX)];
};

/* --- help plans (帮扶计划 / 脱贫规划), migration 0022 --- */

/* How many measures one plan holds at most. */
#define HELP_PLAN_MEASURES_MAX 20

/* A dated progress note of a measure. */
struct help_plan_note {
	int64_t id, measure_id;
	char noted_on[11];
	char text[TEXT_BYTES(TF_PLAN_PROGRESS_NOTE_MAX)];
	int64_t created_by, created_at;
	char created_by_name[84]; /* read */
};

/* A measure of a plan: kind project (project_kind farming 宜农, industry
 * 宜工, commerce 宜商), training, capital (loan_id: a start-up loan of the
 * member, 0 none), market, job, security (security_kind dibao 低保 or
 * wubao 五保); a target, a due day, status todo / doing / done / dropped
 * with a note, done_on set when done. */
struct help_plan_measure {
	int64_t id, plan_id;
	char kind[12], project_kind[12], security_kind[8];
	int64_t loan_id;
	char target[TEXT_BYTES(TF_PLAN_TARGET_MAX)];
	char due_on[11];
	char status[16];
	char note[TEXT_BYTES(TF_PLAN_STATUS_NOTE_MAX)];
	char done_on[11];
	int64_t created_by, created_at, updated_at, version;
	/* read: */
	int overdue;		/* todo/doing and due before today */
	int64_t loan_principal; /* the linked loan's, fen */
	char loan_status[16];
	size_t nnotes;
	struct help_plan_note *notes; /* heap, newest first; help_plan_release */
};

/* A plan's review at a June or November review of the roll. */
struct help_plan_review {
	int64_t id, plan_id, review_id;
	char progress[TEXT_BYTES(TF_PLAN_REVIEW_PROGRESS_MAX)];
	char next_steps[TEXT_BYTES(TF_PLAN_NEXT_STEPS_MAX)];
	int done, total; /* the measures done of all when noted */
	int64_t created_by, created_at;
	/* read: */
	char review_title[164], review_kind[12];
	int review_year;
	char created_by_name[84];
};

/* A member's plan for a year. */
struct help_plan {
	int64_t id, member_id, org_id, roll_entry_id;
	int year;
	char goal[TEXT_BYTES(TF_PLAN_GOAL_MAX)];
	int64_t created_by, created_at, updated_at, version;
	/* read: */
	char member_name[84], org_name[164], org_path[256];
	char category[16]; /* the member's roll category */
	int measures, done, dropped, overdue;
	char next_due_on[11]; /* the earliest due day of a measure still open, "" */
	size_t nmeasures;
	struct help_plan_measure *m; /* heap (plan_get); help_plan_release */
	size_t nreviews;
	struct help_plan_review *reviews; /* heap (plan_get) */
};

/* The filters of the plans list. */
struct help_plan_query {
	const char *scope_path; /* set by the core */
	const char *org_path;	/* an org under it, or NULL */
	int year;		/* 0 any */
	int64_t member_id;	/* 0 any */
	int overdue;		/* 1: plans with an overdue measure */
	const char *today;	/* set by the core */
	int offset, limit;
};

/* The plans of an organisation's subtree in a year, per branch: members on
 * the roll (a confirmed open period), those with a plan, the measures and
 * how many are done, overdue. */
struct help_plan_org {
	int64_t org_id;
	char org_name[164];
	int64_t on_roll, with_plan, measures, done, overdue;
};

/* An overdue measure (the to-do list). */
struct help_plan_due {
	int64_t measure_id, plan_id, member_id, org_id;
	char member_name[84], org_name[164];
	char kind[12], due_on[11];
	char target[TEXT_BYTES(TF_PLAN_TARGET_MAX)];
};

/* A member on the roll without a plan in a year. */
struct help_plan_gap {
	int64_t member_id, roll_entry_id, org_id;
	char member_name[84], org_name[164], category[16], since_on[11];
};

/* The filters of the talks list (care_talks_list). */
struct care_talk_query {
	int64_t org_id;	   /* an org under the actor's, 0: the actor's subtree */
	int64_t member_id; /* 0 any */
	int year;	   /* 0 any */
	const char *kind;  /* "" / NULL any */
	const char *q;	   /* the member's or the talker's name contains; "" none */
	int offset, limit;
};

/* One organisation's talk coverage in a year: its members (not deceased)
 * and how many of them were talked with at least once. */
struct care_talk_coverage {
	int64_t org_id;
	char org_name[TEXT_BYTES(TF_ORG_NAME_MAX)];
	char org_path[256];
	int depth; /* under the asked organisation: 0 itself, 1 its children … */
	int64_t members, talked;
};

/* --- greetings, the 1 July celebration, the 50-year medal (政治生日) --- */

/* A greeting on a member's party anniversary: way is phone 电话, message
 * 短信, card 贺卡, visit 上门, event 集体活动 (care_greeting_way_label). */
struct care_greeting {
	int64_t id;
	int64_t member_id;
	char member_name[TEXT_BYTES(TF_MEMBER_NAME_MAX)]; /* filled on read */
	int64_t org_id;					  /* the member's, on read */
	char org_name[TEXT_BYTES(TF_ORG_NAME_MAX)];	  /* filled on read */
	int year;					  /* of the anniversary */
	int party_years;				  /* reached that year, on read */
	char greeted_on[11];
	char way[12];
	char greeted_by[TEXT_BYTES(TF_GREETING_BY_MAX)];
	char note[TEXT_BYTES(TF_GREETING_NOTE_MAX)];
	int64_t created_by;
	int64_t created_at;
};

/* One organisation's greetings in a year: the members whose anniversary
 * has come (up to the day asked) and how many of them were greeted. */
struct care_greeting_coverage {
	int64_t org_id;
	char org_name[TEXT_BYTES(TF_ORG_NAME_MAX)];
	int64_t due, greeted;
};

/* The collective celebration around 1 July (七一集体政治生日). */
struct care_celebration {
	int64_t id;
	int64_t org_id;
	char org_name[TEXT_BYTES(TF_ORG_NAME_MAX)]; /* filled on read */
	char org_path[256];			    /* filled on read: the scope */
	char held_on[11];
	char place[TEXT_BYTES(TF_CELEBRATION_PLACE_MAX)];
	char title[TEXT_BYTES(TF_CELEBRATION_TITLE_MAX)];
	char note[TEXT_BYTES(TF_CELEBRATION_NOTE_MAX)];
	int64_t created_by;
	int64_t created_at;
	int64_t attendees, oath; /* on read: who came, who renewed the oath */
};

/* A member at a celebration and whether they renewed the oath. */
struct care_attendee {
	int64_t member_id;
	char member_name[TEXT_BYTES(TF_MEMBER_NAME_MAX)]; /* filled on read */
	char org_name[TEXT_BYTES(TF_ORG_NAME_MAX)];	  /* filled on read */
	int oath;
};

/* A member reaching 50 years of party age in a year (光荣在党50年). */
struct care_medal {
	int64_t member_id;
	char member_name[TEXT_BYTES(TF_MEMBER_NAME_MAX)];
	char gender[16];
	char birth_date[11];
	char joined_on[11];
	int64_t org_id;
	char org_name[TEXT_BYTES(TF_ORG_NAME_MAX)];
	int party_years;
};

/* --- one file per member (一人一档): the member's timeline --- */

/* One thing the organisation did with or for a member, from one of the
 * timeline's sources (src/store/care_timeline.c): kind is the part (roll,
 * case, loan, pairing, training, visit, talk, …), code what happened in it
 * (in, out, apply, step, pay, start, end, help, mark, visit, talk …), arg a
 * code for its words (a category, an event, an occasion …); title and
 * detail are the record's own words; ref_id the record to open (a case, a
 * pairing, a session …). */
struct timeline_item {
	char day[11];
	char kind[16];
	char code[16];
	char arg[32];
	char title[304];
	char detail[1024];
	int64_t amount_fen; /* money given or lent, 0 none */
	int64_t ref_id;
	char what[192]; /* filled by the core: the line in words */
};

#endif
