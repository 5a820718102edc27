/* strbuf.c - growable strings; see strbuf.h.  Allocation failure is fatal
 * (BUG): there is no sensible recovery for the server or the CLI. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "strbuf.h"
#include "err.h"
#include "utf8.h"
#include "wrapper.h"

void strbuf_init(struct strbuf *sb)
{
	sb->buf = NULL;
	sb->len = 0;
	sb->alloc = 0;
}

void strbuf_release(struct strbuf *sb)
{
	free(sb->buf);
	strbuf_init(sb);
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

static void grow(struct strbuf *sb, size_t extra)
{
	size_t need = sb->len + extra + 1;
	if (need <= sb->alloc)
		return;
	size_t n = sb->alloc ? sb->alloc : 64;
	while (n < need)
		n *= 2;
	char *p = xrealloc(sb->buf, n);
	sb->buf = p;
	sb->alloc = n;
}

void strbuf_grow(struct strbuf *sb, size_t extra)
{
	grow(sb, extra);
	if (sb->len == 0)
		sb->buf[0] = '\0';
}

void strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	grow(sb, len);
	if (len)
		memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void strbuf_adds(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void strbuf_addch(struct strbuf *sb, int c)
{
	grow(sb, 1);
	sb->buf[sb->len++] = (char)c;
	sb->buf[sb->len] = '\0';
}

void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		BUG("bad format %s", fmt);
	grow(sb, (size_t)n);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

const char *strbuf_str(const struct strbuf *sb)
{
	return sb->buf ? sb->buf : "";
}

char *strbuf_detach(struct strbuf *sb)
{
	char *p = sb->buf ? sb->buf : xstrdup("");
	strbuf_init(sb);
	return p;
}

void strbuf_add_json_str(struct strbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run = p;
	for (;; p++) {
		unsigned c = *p;
		if (c >= 0x80) { /* a whole character passes; a byte that is not one: U+FFFD */
			size_t k = utf8_char_len((const char *)p, 4); /* stops at the NUL */
			if (k) {
				p += k - 1;
				continue;
			}
			strbuf_add(sb, run, (size_t)(p - run));
			strbuf_adds(sb, "\\ufffd");
			run = p + 1;
			continue;
		}
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		strbuf_add(sb, run, (size_t)(p - run)); /* the plain run before p */
		run = p + 1;
		if (c == '\0')
			return;
		if (c == '"' || c == '\\') {
			strbuf_addch(sb, '\\');
			strbuf_addch(sb, (int)c);
		} else if (c == '\n') {
			strbuf_adds(sb, "\\n");
		} else if (c == '\r') {
			strbuf_adds(sb, "\\r");
		} else if (c == '\t') {
			strbuf_adds(sb, "\\t");
		} else {
			strbuf_addf(sb, "\\u%04x", c);
		}
	}
}
