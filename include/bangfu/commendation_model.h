/* commendation_model.h - the structs of commendations (表彰, issue #12;
 * commendations.h) at the core/store boundary: a round, a committee's
 * quota, a nomination (an honour once approved). */
#ifndef BANGFU_COMMENDATION_MODEL_H
#define BANGFU_COMMENDATION_MODEL_H
#include <stdint.h>
#include "limits.h"

struct commendation_round {
	int64_t id;
	int64_t org_id; /* the department that opened it */
	char org_name[TEXT_BYTES(TF_ORG_NAME_MAX)];
	char title[TEXT_BYTES(TF_COMMENDATION_TITLE_MAX)];
	int year;
	char nominate_by[11]; /* the last day to nominate */
	char status[16];      /* open, in_notice, approved */
	int64_t notice_id;    /* in_notice, approved */
	char approved_on[11];
	int64_t approved_by, created_by, created_at;
	/* on read: the nominations by status in the actor's scope */
	int nominated, recommended, not_recommended, rejected, approved;
	/* on read, with a notice: its period and state */
	char notice_status[8], notice_starts_on[11], notice_ends_on[11];
	int notice_open_objections;
};

/* A committee's quota of an honour in a round, with what it used. */
struct commendation_quota {
	int64_t org_id; /* the committee */
	char org_name[TEXT_BYTES(TF_ORG_NAME_MAX)];
	char org_path[256];
	char honour[24];
	int quota;
	int nominated, recommended; /* on read: nominations waiting, recommended (or approved) */
};

/* A nomination: of a member (member_id, the personal honours) or of an
 * organisation (nominee_org_id, advanced_org) by org_id, reviewed by its
 * committee_id.  The names and round fields are filled on read. */
struct nomination {
	int64_t id;
	int64_t round_id;
	char round_title[TEXT_BYTES(TF_COMMENDATION_TITLE_MAX)];
	int year;
	char approved_on[11]; /* the round's, for an honour */
	char nominate_by[11]; /* the round's last day of nominating */
	char honour[24];
	int64_t member_id;
	int64_t nominee_org_id;
	char nominee_name[TEXT_BYTES(TF_ORG_NAME_MAX)]; /* the member's or the org's */
	char nominee_path[256];				/* of the member's org, or the org */
	char gender[8], birth_date[11], joined_on[11];	/* a member's, for the notice */
	int64_t org_id;					/* the nominating organisation */
	char org_name[TEXT_BYTES(TF_ORG_NAME_MAX)];
	int64_t committee_id;
	char committee_name[TEXT_BYTES(TF_ORG_NAME_MAX)];
	char deeds[TEXT_BYTES(TF_NOMINATION_DEEDS_MAX)];
	char status[20]; /* nominated, recommended, not_recommended, rejected, approved */
	char opinion[TEXT_BYTES(TF_NOMINATION_OPINION_MAX)];
	int64_t reviewed_by, reviewed_at, created_by, created_at;
};

#endif
