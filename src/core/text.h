/* text.h - small helpers the core shares for checking people's input. */
#ifndef BANGFU_CORE_TEXT_H
#define BANGFU_CORE_TEXT_H
#include <stddef.h>

/* Trims ASCII and full-width (U+3000) spaces at both ends, in place. */
void text_trim(char *s);
/* Number of UTF-8 characters (not bytes). */
size_t text_chars(const char *s);
/* 1 when s is valid UTF-8 without control characters (tabs and newlines
 * allowed when multiline). */
int text_clean(const char *s, int multiline);
/* Copies src into dst[n] only when it fits, else returns -1. */
int text_copy(char *dst, size_t n, const char *src);

#endif
