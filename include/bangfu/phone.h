/* phone.h - Chinese phone numbers. */
#ifndef BANGFU_PHONE_H
#define BANGFU_PHONE_H
#include "err.h"

/* Accepts a mobile number (11 digits, 1[3-9]xxxxxxxxx, optional +86/86
 * prefix and spaces/dashes) or a landline with area code (0 + 2-3 digit
 * area code + 7-8 digit number, dash or space optional, optional -ext).
 * Writes the normalised form (mobile: 11 digits; landline: "0xxx-xxxxxxx")
 * to norm[32].  On error fills e (field "phone") and returns -1. */
int phone_check(const char *s, char norm[32], struct bf_err *e);
/* Mobile "138****5678"; landline keeps area code and last 2. out[32]. */
void phone_mask(const char *norm, char out[32]);

#endif
