/* care_model.h - the structs of care (关怀帮扶, issue #12; care.h), one
 * section per part. */
#ifndef BANGFU_CARE_MODEL_H
#define BANGFU_CARE_MODEL_H
#include <stdint.h>
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

#endif
