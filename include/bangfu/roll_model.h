/* roll_model.h - the plain structs of the hardship roll (困难党员台账,
 * issue #11, DOMAIN.md §2, §3 "Dynamic management") that cross the
 * core/store boundary: an entry (one period of one member in hardship),
 * a row of its history, and the list's query.  Like case_model.h: UTF-8
 * in fixed buffers sized from limits.h; the core validates, the store cuts
 * at a character boundary rather than overflow.  The queries are in
 * store_roll.h, the calls in cases.h ("the hardship roll"), the design in
 * docs/internals/roll.md. */
#ifndef BANGFU_ROLL_MODEL_H
#define BANGFU_ROLL_MODEL_H
#include <stdint.h>
#include <stddef.h>
#include "case_model.h"
#include "limits.h"

/* One period of one member on the roll.  status: "pending" (registered by
 * a branch, waiting for the committee), "active" (on the roll), "exiting"
 * (exit proposed, still on the roll), "exited" (left on until_on),
 * "rejected" (the registration was refused; never on the roll). */
struct roll_entry {
	int64_t id;
	int64_t member_id;
	int64_t org_id;					  /* the branch that keeps it */
	char member_name[TEXT_BYTES(TF_MEMBER_NAME_MAX)]; /* filled on read */
	char org_name[TEXT_BYTES(TF_ORG_NAME_MAX)];	  /* filled on read */
	char org_path[256];				  /* filled on read: for scope */
	char status[12];
	char source[12];	      /* "case" / "survey" / "import" / "relapse" */
	int64_t case_id;	      /* the approved case that entered it, 0 none */
	int64_t relapse_of;	      /* a relapse: the earlier period, 0 otherwise */
	char since_on[CASE_DATE_LEN]; /* 纳入日期 */
	char until_on[CASE_DATE_LEN]; /* the exit date once confirmed, "" while it lasts */
	char category[16];	      /* "capacity" / "relief" / "care", "" not set */
	char tier[16];		      /* "severe" / "moderate" / "temporary", "" not set */
	struct policy_codes causes;   /* 致困原因: the policy's cause codes */
	char household[TEXT_BYTES(TF_ROLL_HOUSEHOLD_MAX)]; /* 家庭结构 */
	int household_size;				   /* persons, 0 unknown */
	int64_t income_fen; /* yearly net income per head, fen; -1 unknown */
	char income_sources[TEXT_BYTES(TF_ROLL_INCOME_SOURCES_MAX)];
	char subsidies[TEXT_BYTES(TF_ROLL_SUBSIDIES_MAX)]; /* 低保、五保、养老金 … */
	char state_of_mind[TEXT_BYTES(TF_ROLL_STATE_OF_MIND_MAX)]; /* 思想动态 */
	char needs[TEXT_BYTES(TF_ROLL_NEEDS_MAX)];		   /* 急需何种帮助 */
	char exit_on[CASE_DATE_LEN];				   /* proposed exit date */
	char exit_reason[12]; /* "income" / "work" / "moved" / "deceased" / "other" */
	char exit_note[TEXT_BYTES(TF_ROLL_EXIT_NOTE_MAX)];
	int64_t exit_by, exit_at;		      /* who proposed the exit, when */
	int64_t exit_confirmed_by, exit_confirmed_at; /* who confirmed it */
	int64_t created_by, created_at;
	int64_t confirmed_by, confirmed_at; /* the committee's confirmation, 0 pending */
	char confirmed_by_name[64];	    /* filled on read: display name, "" none */
	int64_t updated_at;
	int64_t version; /* optimistic lock: writes name the version they read */
	/* filled on read by the core: the November review (登记审核) that
	 * finished without confirming this entry, 0 none (roll_review.c) */
	int64_t review_flag;
	char review_flag_title[TEXT_BYTES(TF_ROLL_REVIEW_TITLE_MAX)];
	/* filled on read: the member's facts the branches' 台账 carries
	 * (seeds 000, 002); the ID number and phone are sealed as stored and
	 * filled by the core, masked, or plain for an audited export */
	char member_gender[8];
	char member_birth_date[11];
	char member_address[TEXT_BYTES(TF_MEMBER_ADDRESS_MAX)];
	char id_sealed[160], phone_sealed[160];
	char id_number[19];
	char phone[32];
};

/* One change of an entry (roll_history): field "" for an event without a
 * value (register, confirm, reject …).  Append-only. */
struct roll_change {
	int64_t id;
	int64_t entry_id;
	int64_t at; /* unix seconds */
	int64_t user_id;
	char username[64];  /* as it was then */
	char user_name[64]; /* the account's display name (read back), "" none */
	char action[24];    /* register, enter, case, confirm, reject, update, exit,
			       exit_confirm, exit_reject, relapse, review, import … */
	char field[24];	    /* "tier", "category" … or "" */
	char old_value[TEXT_BYTES(TF_ROLL_NEEDS_MAX)];
	char new_value[TEXT_BYTES(TF_ROLL_NEEDS_MAX)];
	char effective_on[CASE_DATE_LEN]; /* the day the change took effect */
	char reason[TEXT_BYTES(TF_ROLL_REASON_MAX)];
	int64_t review_id; /* the roll review (June / November) it belongs to, 0 none */
};

/* Which entries a list shows. */
enum roll_view {
	ROLL_VIEW_CURRENT = 0, /* on the roll now: active and exiting */
	ROLL_VIEW_PENDING,     /* waiting for the committee: pending, and exiting */
	ROLL_VIEW_EXITED,      /* closed periods */
	ROLL_VIEW_ALL,	       /* every entry, rejected ones too */
	ROLL_VIEW_AS_OF,       /* confirmed periods covering as_of, values of that day */
};

/* A page of the roll.  Every filter is optional (NULL / "" / 0 / -1). */
struct roll_query {
	const char *scope_path; /* required: entries of orgs under this path */
	const char *org_path;	/* narrowed to this subtree */
	enum roll_view view;
	const char *as_of; /* ROLL_VIEW_AS_OF: YYYY-MM-DD */
	int64_t member_id;
	const char *category;
	const char *tier;
	const char *cause;	    /* one cause code */
	const char *since_from;	    /* since_on >= */
	const char *since_to;	    /* since_on <= */
	int64_t income_min;	    /* income_fen >= (fen), -1 none */
	int64_t income_max;	    /* income_fen <= (fen), -1 none */
	struct search_term *search; /* the member's name or ID number (model.h) */
	/* flagged: only entries not re-registered, i.e. whose latest November
	 * review finished before flag_today (set by the core: today) without
	 * confirming them */
	int flagged;
	const char *flag_today;
	/* by_category: ordered by category (能力、救济、关怀, unset last), then
	 * the member's name, as a branch's 台账 groups them; otherwise newest
	 * first.  reveal: the plain ID number and phone (PERM_REVEAL; the
	 * caller audits the export that shows them) */
	int by_category;
	int reveal;
	int offset;
	int limit; /* 20 when 0 */
};

#endif
