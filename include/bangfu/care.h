/* care.h - care beyond money (关怀帮扶, issue #12), the core's domain
 * src/core/care/: one section per part.  Every call checks the actor's
 * role and scope like the rest of the core. */
#ifndef BANGFU_CARE_H
#define BANGFU_CARE_H
#include <stddef.h>
#include "care_model.h"
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

#endif
