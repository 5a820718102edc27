/* idnum.h - resident identity numbers (GB 11643-1999). */
#ifndef BANGFU_IDNUM_H
#define BANGFU_IDNUM_H
#include "err.h"

/* Checks an 18-character ID: 17 digits + ISO 7064 MOD 11-2 check character
 * (x accepted as X), birth date a real calendar date not after `today`
 * ("YYYY-MM-DD"; NULL = the real today).  A 15-digit number is refused with
 * a message asking for the 18-digit one.  On success writes the normalised
 * number (upper-case X) to norm[19], the birth date "YYYY-MM-DD" to birth[11]
 * and the gender ("男"/"女") to gender[4] (any may be NULL) and returns 0;
 * otherwise fills e (field "id_number") and returns -1. */
int idnum_check(const char *id, const char *today, char norm[19], char birth[11], char gender[4],
		struct bf_err *e);
/* "110101********123X": first 6, last 4 kept. out needs 19 bytes. */
void idnum_mask(const char *id, char out[19]);

#endif
