/* text.h - small helpers the core shares for checking people's input, and
 * the one validator of text fields against the limits table (limits.h). */
#ifndef BANGFU_TEXT_H
#define BANGFU_TEXT_H
#include <stddef.h>
#include <stdint.h>
#include "err.h"
#include "limits.h"

/* Trims ASCII and full-width (U+3000) spaces at both ends, in place. */
void text_trim(char *s);
/* Number of UTF-8 characters (not bytes). */
size_t text_chars(const char *s);

enum text_fault {
	TEXT_OK,
	TEXT_BAD_UTF8,	    /* not strict UTF-8 (overlong, surrogate, cut) */
	TEXT_BAD_NEWLINE,   /* a newline or tab in a one-line field */
	TEXT_BAD_CONTROL,   /* a control character, U+2028/9 or a noncharacter */
	TEXT_BAD_INVISIBLE, /* a default-ignorable code point (one-line fields) */
	TEXT_BAD_BIDI,	    /* a bidirectional control (marks too in one-line fields) */
};
/* What s holds that a field of this kind may not (limits.h, enum text_kind);
 * *bad is the code point at fault. */
enum text_fault text_scan(const char *s, enum text_kind kind, uint32_t *bad);
/* 1 when s passes text_scan as TEXT_FREE (multiline) or TEXT_LINE. */
int text_clean(const char *s, int multiline);
/* v within max characters of kind; -1 with e naming field and the fault. */
int text_check(const char *v, const char *field, const char *label, unsigned max,
	       enum text_kind kind, struct bf_err *e);
/* v (already trimmed) against its row of the limits table: "请填写…" when
 * required and empty, then characters and length. */
int text_valid(const char *v, enum text_field id, int required, struct bf_err *e);
/* Trims v in place and checks it against its row of the limits table:
 * "请填写…" when required and empty, then characters and length. */
int text_field(char *v, enum text_field id, int required, struct bf_err *e);
/* The same, naming another field (a row of a list: "family[2].name"). */
int text_field_at(char *v, enum text_field id, int required, const char *field, struct bf_err *e);
/* The same with another label too ("突发意外损失情况说明"). */
int text_field_named(char *v, enum text_field id, int required, const char *field,
		     const char *label, struct bf_err *e);
/* -1 with e naming field when |fen| is above MONEY_MAX_FEN (limits.h). */
int limit_money(int64_t fen, const char *field, const char *label, struct bf_err *e);
/* -1 with e naming field when date (YYYY-MM-DD) is after today or before
 * MONEY_DATE_MIN (limits.h). */
int limit_money_date(const char *date, const char *today, const char *field, const char *label,
		     struct bf_err *e);
/* Copies src into dst[n] only when it fits, else returns -1. */
int text_copy(char *dst, size_t n, const char *src);

#endif
