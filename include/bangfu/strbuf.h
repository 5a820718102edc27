/* strbuf.h - growable NUL-terminated byte buffers (after git's strbuf). */
#ifndef BANGFU_STRBUF_H
#define BANGFU_STRBUF_H
#include <stddef.h>
#include <stdarg.h>

struct strbuf {
	char *buf; /* always NUL-terminated once anything was added; NULL before */
	size_t len;
	size_t alloc;
};
#define STRBUF_INIT                                                                                \
	{                                                                                          \
		0                                                                                  \
	}

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
/* Empties the buffer but keeps its memory. */
void strbuf_reset(struct strbuf *sb);
/* Makes room for at least extra more bytes (one allocation up front). */
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
/* Never NULL: "" for an empty buffer. */
const char *strbuf_str(const struct strbuf *sb);
/* Hands the heap string to the caller (who frees it) and re-initialises sb. */
char *strbuf_detach(struct strbuf *sb);
/* Appends s escaped as a JSON string body (no quotes). */
void strbuf_add_json_str(struct strbuf *sb, const char *s);

#endif
