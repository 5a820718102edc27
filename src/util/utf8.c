/* utf8.c - checking and cutting UTF-8 (see utf8.h). */
#include <stdint.h>
#include <string.h>
#include "utf8.h"

size_t utf8_char_len(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	if (!n)
		return 0;
	unsigned c = p[0];
	size_t len;
	unsigned lo = 0x80, hi = 0xBF; /* the allowed range of the second byte */
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		if (c == 0xE0)
			lo = 0xA0; /* overlong */
		else if (c == 0xED)
			hi = 0x9F; /* surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		if (c == 0xF0)
			lo = 0x90; /* overlong */
		else if (c == 0xF4)
			hi = 0x8F; /* above U+10FFFF */
	} else
		return 0;
	if (n < len || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if ((p[i] & 0xC0) != 0x80)
			return 0;
	return len;
}

int utf8_valid(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t k = utf8_char_len(s + i, n - i);
		if (!k)
			return 0;
		i += k;
	}
	return 1;
}

/* 1 when the bytes at s (n of them, n short of a whole character) could
 * begin a valid character: a character cut by the end of a buffer. */
static int truncated_char(const char *s, size_t n)
{
	char full[4] = {0};
	memcpy(full, s, n);
	for (size_t i = n; i < 4; i++)
		full[i] = (char)0x80;
	/* the lowest continuation bytes may be out of range for the lead */
	for (unsigned b = 0x80; b <= 0xBF; b += 0x10) {
		for (size_t i = n; i < 4; i++)
			full[i] = (char)b;
		if (utf8_char_len(full, 4))
			return 1;
	}
	return 0;
}

int utf8_prefix(const char *s, size_t max)
{
	/* look a character past max to see whether one is cut there */
	size_t n = strnlen(s, max > SIZE_MAX - 4 ? SIZE_MAX : max + 4), i = 0;
	while (i < n) {
		size_t k = utf8_char_len(s + i, n - i);
		if (!k && n - i < 4 && truncated_char(s + i, n - i))
			break; /* the string itself ends inside a character */
		if (!k)
			k = 1; /* a stray byte: not ours to repair, it cuts nothing */
		if (i + k > max)
			break;
		i += k;
	}
	return (int)i;
}

void utf8_copy(char *dst, size_t cap, const char *src)
{
	if (!cap)
		return;
	int n = utf8_prefix(src, cap - 1);
	memcpy(dst, src, (size_t)n);
	dst[n] = '\0';
}

size_t utf8_fix(char *s)
{
	size_t n = strlen(s), i = 0, changed = 0;
	while (i < n) {
		size_t k = utf8_char_len(s + i, n - i);
		if (k) {
			i += k;
			continue;
		}
		if (n - i < 4 && truncated_char(s + i, n - i)) {
			changed += n - i;
			s[i] = '\0';
			break;
		}
		s[i++] = '?';
		changed++;
	}
	return changed;
}
