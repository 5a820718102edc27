/* fuzz.h - what the libFuzzer harnesses of tests/fuzz share: the input as a
 * C string, the input cut into fields, and the checks every error must
 * pass (a code, a field where one is named, a message that is valid UTF-8
 * and Chinese - what the API's error body needs).  A failed check aborts,
 * which libFuzzer reports as a crash with the input saved. */
#ifndef BANGFU_FUZZ_H
#define BANGFU_FUZZ_H
#include <stddef.h>
#include <stdint.h>
#include "err.h"

/* The input as a NUL-terminated heap string (cut at an embedded NUL);
 * the caller frees. */
char *fuzz_str(const uint8_t *data, size_t size);
/* Splits s in place at each sep into at most max fields; returns how many.
 * Fields past max stay in the last one. */
size_t fuzz_fields(char *s, char sep, char **fields, size_t max);
/* 1 when s (len bytes) is valid UTF-8 as jansson reads it. */
int fuzz_utf8(const char *s, size_t len);
/* 1 when s holds at least one CJK character (U+3000 and up, 3-byte). */
int fuzz_has_chinese(const char *s);
/* Aborts, naming what failed, when e is not an error a reply could carry. */
void fuzz_check_err(const struct bf_err *e, const char *what);
/* Aborts with the message when cond is false (through BUG: "BUG file:line"). */
#define FUZZ_ASSERT(cond, ...)                                                                     \
	do {                                                                                       \
		if (!(cond))                                                                       \
			BUG(__VA_ARGS__);                                                          \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
