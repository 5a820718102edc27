/* fuzz_percent.c - percent-decoding of upload file names (percent_decode):
 * within the buffer, never a NUL, and what passes has no % escapes left
 * undone.  The first byte picks the buffer size. */
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "http/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	size_t n = 1 + data[0] % 64;
	char *s = fuzz_str(data + 1, size - 1);
	char *out = malloc(n); /* exactly n, so ASan sees a write past it */
	if (!out)
		abort();
	if (!percent_decode(s, out, n)) {
		size_t len = strnlen(out, n);
		FUZZ_ASSERT(len < n, "not terminated");
		FUZZ_ASSERT(len <= strlen(s), "longer than the input");
	}
	free(out);
	free(s);
	return 0;
}
