/* fuzz.c - the harnesses' shared checks (see fuzz.h). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"

char *fuzz_str(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

size_t fuzz_fields(char *s, char sep, char **fields, size_t max)
{
	size_t n = 0;
	if (!max)
		return 0;
	fields[n++] = s;
	for (char *p = s; *p && n < max; p++)
		if (*p == sep) {
			*p = '\0';
			fields[n++] = p + 1;
		}
	return n;
}

int fuzz_utf8(const char *s, size_t len)
{
	json_t *j = json_stringn(s, len);
	json_decref(j);
	return j != NULL;
}

int fuzz_has_chinese(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p >= 0xE3 && *p <= 0xEF && (p[1] & 0xC0) == 0x80)
			return 1;
	return 0;
}

void fuzz_check_err(const struct bf_err *e, const char *what)
{
	size_t n = strnlen(e->message, sizeof(e->message));
	FUZZ_ASSERT(e->code != EC_OK, "%s: failed without an error code", what);
	FUZZ_ASSERT(n < sizeof(e->message), "%s: message not terminated", what);
	FUZZ_ASSERT(fuzz_utf8(e->message, n), "%s: message is not valid UTF-8: %s", what,
		    e->message);
	FUZZ_ASSERT(fuzz_has_chinese(e->message), "%s: message is not Chinese: %s", what,
		    e->message);
	FUZZ_ASSERT(fuzz_utf8(e->field, strnlen(e->field, sizeof(e->field))),
		    "%s: field is not valid UTF-8", what);
}
