/* utf8.h - UTF-8 as JSON (and jansson) accepts it: no overlong forms, no
 * surrogates, nothing above U+10FFFF.  Whatever reaches a reply passes
 * these: text is cut only between characters, and bytes that are not
 * UTF-8 never leave the server. */
#ifndef BANGFU_UTF8_H
#define BANGFU_UTF8_H
#include <stddef.h>

/* Length (1-4) of the valid character starting at s, of at most n bytes;
 * 0 when the bytes there are not one. */
size_t utf8_char_len(const char *s, size_t n);
/* 1 when the n bytes at s are valid UTF-8 (NUL bytes included). */
int utf8_valid(const char *s, size_t n);
/* The number of bytes of s (NUL-terminated) up to max that ends on a
 * character boundary, as an int for "%.*s". */
int utf8_prefix(const char *s, size_t max);
/* Copies src into dst[cap], cutting between characters when it does not
 * fit; dst is always terminated. */
void utf8_copy(char *dst, size_t cap, const char *src);
/* Makes s valid in place: an incomplete character at the end is cut off,
 * any other byte that is not part of a valid character becomes '?'.
 * Returns the number of bytes changed or cut (0: s was valid). */
size_t utf8_fix(char *s);

#endif
