/* fuzz_phone.c - phone numbers (phone_check): an error is one a reply can
 * carry; an accepted number's normalised form passes again unchanged. */
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "phone.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size);
	char norm[32], again[32], masked[32];
	struct bf_err e;
	if (phone_check(s, norm, &e)) {
		fuzz_check_err(&e, "phone_check");
	} else {
		FUZZ_ASSERT(!phone_check(norm, again, &e) && !strcmp(norm, again),
			    "%s does not pass again", norm);
		phone_mask(norm, masked);
		FUZZ_ASSERT(fuzz_utf8(masked, strlen(masked)), "mask of %s", norm);
	}
	free(s);
	return 0;
}
