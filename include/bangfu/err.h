/* err.h - errors as data: a code from data/errors.tsv, a Chinese message and
 * the field at fault.  Library code fills a struct bf_err and returns -1; only
 * cli/ prints, only http/ turns it into a response. */
#ifndef BANGFU_ERR_H
#define BANGFU_ERR_H
#include "errors.h"

struct bf_err {
	enum ec code;
	char field[64];	   /* API field name at fault, "" when none */
	char message[512]; /* Chinese, for people */
};

void err_clear(struct bf_err *e);
/* Sets code, field (may be NULL) and message (fmt NULL: registry default).
 * Always returns -1 so callers can `return err_set(...)`. */
int err_set(struct bf_err *e, enum ec code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#define BUG(...) bf_bug(__FILE__, __LINE__, __VA_ARGS__)
_Noreturn void bf_bug(const char *file, int line, const char *fmt, ...);

#endif
