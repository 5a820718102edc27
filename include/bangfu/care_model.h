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

#endif
