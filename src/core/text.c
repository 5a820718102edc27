/* text.c - trimming and measuring UTF-8 input (see text.h). */
#include <string.h>
#include "text.h"

static size_t lead_space(const char *s)
{
	if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		return 1;
	if ((unsigned char)s[0] == 0xE3 && (unsigned char)s[1] == 0x80 &&
	    (unsigned char)s[2] == 0x80)
		return 3;
	return 0;
}

void text_trim(char *s)
{
	size_t skip = 0, k;
	while ((k = lead_space(s + skip)) > 0)
		skip += k;
	if (skip)
		memmove(s, s + skip, strlen(s + skip) + 1);
	size_t n = strlen(s);
	for (;;) {
		if (n > 0 &&
		    (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
			n--;
		else if (n >= 3 && (unsigned char)s[n - 3] == 0xE3 &&
			 (unsigned char)s[n - 2] == 0x80 && (unsigned char)s[n - 1] == 0x80)
			n -= 3;
		else
			break;
	}
	s[n] = '\0';
}

size_t text_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

int text_clean(const char *s, int multiline)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned c = *p;
		int len = c < 0x80	   ? 1
			  : (c >> 5) == 6  ? 2
			  : (c >> 4) == 14 ? 3
			  : (c >> 3) == 30 ? 4
					   : 0;
		if (!len)
			return 0;
		if (len == 1 && (c < 0x20 || c == 0x7f) &&
		    !(multiline && (c == '\n' || c == '\r' || c == '\t')))
			return 0;
		for (int i = 1; i < len; i++)
			if ((p[i] & 0xC0) != 0x80)
				return 0;
		p += len;
	}
	return 1;
}

int text_copy(char *dst, size_t n, const char *src)
{
	size_t len = strlen(src);
	if (len >= n)
		return -1;
	memcpy(dst, src, len + 1);
	return 0;
}
