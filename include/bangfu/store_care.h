/* store_care.h - the queries of care (issue #12, care.h), with the
 * conventions of store_cases.h: the same SQL on both engines, callers own
 * the transaction, answers are enum db_qs.  Files: src/store/care_*.c. */
#ifndef BANGFU_STORE_CARE_H
#define BANGFU_STORE_CARE_H
#include "care_model.h"
#include "db.h"

/* --- political birthdays (src/store/care_birthdays.c) --- */

/* The members under scope_path (and org_path when not NULL), not
 * deceased, whose joined_on's month and day ("MM-DD") is from lo to hi
 * (past the year's end when lo > hi), or is extra when not NULL (29
 * February, kept on 28 February); joined_on copied, anniversary and
 * party_years left to the core. */
enum db_qs store_care_birthdays(struct db *db, const char *scope_path, const char *org_path,
				const char *lo, const char *hi, const char *extra,
				struct care_birthday **items, size_t *n, struct bf_err *e);

#endif
