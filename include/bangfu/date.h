/* date.h - calendar dates as people type them, and today. */
#ifndef BANGFU_DATE_H
#define BANGFU_DATE_H
#include <stdint.h>
#include "err.h"

struct ymd {
	int y, m, d;
};

/* Parses "1975-07-01", "1975/7/1", "1975.7.1", "1975.07", "1975年7月",
 * "1975年7月1日", "197507", "19750701", "1975-07" (a missing day means the
 * 1st; *has_day tells, may be NULL).  Leading/trailing spaces ignored.
 * Returns 0 or -1 (e filled with field `field`, message naming it `label`). */
int date_parse(const char *s, struct ymd *out, int *has_day, const char *field, const char *label,
	       struct bf_err *e);
int date_valid(struct ymd d);
int date_is_leap(int y);
int date_days_in_month(int y, int m);
/* "YYYY-MM-DD" into out[11]. */
void date_format(struct ymd d, char out[11]);
/* -1, 0, 1 */
int date_cmp(struct ymd a, struct ymd b);
/* Today in local time, unless the environment variable BANGFU_TODAY
 * ("YYYY-MM-DD") fixes it (for tests and demos). */
struct ymd date_today(void);
/* Whole years from a to b (age on date b). */
int date_years_between(struct ymd a, struct ymd b);
/* Days since 1970-01-01 and back. */
int64_t date_to_days(struct ymd d);
struct ymd date_from_days(int64_t days);
/* Unix seconds at the local midnight that starts d. */
int64_t date_local_start(struct ymd d);

#endif
