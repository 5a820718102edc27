/* fuzz_idnum.c - resident ID numbers (idnum_check): an error is one a reply
 * can carry; an accepted number is 18 characters, passes again as written
 * and carries a real birth date not after today. */
#include <stdlib.h>
#include <string.h>
#include "date.h"
#include "fuzz.h"
#include "idnum.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size);
	char norm[19], birth[11], gender[4], again[19], masked[19];
	struct bf_err e;
	if (idnum_check(s, "2024-06-01", norm, birth, gender, &e)) {
		fuzz_check_err(&e, "idnum_check");
	} else {
		struct ymd d;
		FUZZ_ASSERT(strlen(norm) == 18, "norm %s", norm);
		FUZZ_ASSERT(!idnum_check(norm, "2024-06-01", again, NULL, NULL, &e) &&
				!strcmp(norm, again),
			    "%s does not pass again", norm);
		FUZZ_ASSERT(!date_parse(birth, &d, NULL, "b", "出生日期", &e), "birth %s", birth);
		FUZZ_ASSERT(!strcmp(gender, "男") || !strcmp(gender, "女"), "gender %s", gender);
		idnum_mask(norm, masked);
		FUZZ_ASSERT(strlen(masked) == 18, "mask %s", masked);
	}
	free(s);
	return 0;
}
