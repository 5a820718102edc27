/* err.c - filling struct bf_err (see err.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "err.h"
#include "utf8.h"

void err_clear(struct bf_err *e)
{
	e->code = EC_OK;
	e->field[0] = '\0';
	e->message[0] = '\0';
}

int err_set(struct bf_err *e, enum ec code, const char *field, const char *fmt, ...)
{
	if (!e)
		return -1;
	e->code = code;
	/* both may carry text from a request: cut between characters, and
	 * never let bytes that are not UTF-8 on to a reply */
	utf8_copy(e->field, sizeof(e->field), field ? field : "");
	utf8_fix(e->field);
	if (fmt) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(e->message, sizeof(e->message), fmt, ap);
		va_end(ap);
	} else {
		snprintf(e->message, sizeof(e->message), "%s", ec_message(code));
	}
	utf8_fix(e->message);
	return -1;
}

void bf_bug(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "BUG %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}
