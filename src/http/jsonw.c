/* jsonw.c - writing JSON straight into a strbuf for the hot answers (the
 * member list: 20 objects of 25 fields each).  Building jansson trees for
 * them cost more than the database queries; everything else uses jansson. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "internal.h"
#include "utf8.h"

/* Writes `,"key":` (no comma after an opening bracket) at p; returns the
 * end.  The caller has made room for strlen(key) + 4 bytes. */
static char *put_key(const struct strbuf *sb, char *p, const char *key, size_t n)
{
	if (sb->len && sb->buf[sb->len - 1] != '{' && sb->buf[sb->len - 1] != '[')
		*p++ = ',';
	*p++ = '"';
	memcpy(p, key, n); /* keys are ours: plain ASCII */
	p += n;
	*p++ = '"';
	*p++ = ':';
	return p;
}

/* Ends what was written straight into the buffer at p. */
static void done(struct strbuf *sb, char *p)
{
	sb->len = (size_t)(p - sb->buf);
	sb->buf[sb->len] = '\0';
}

void jw_key(struct strbuf *sb, const char *key)
{
	size_t n = strlen(key);
	strbuf_grow(sb, n + 4);
	done(sb, put_key(sb, sb->buf + sb->len, key, n));
}

/* Bytes a JSON string cannot hold as they are (strbuf_add_json_str's
 * rules, which every other answer uses: the same bytes either way). */
static int must_escape(unsigned char c)
{
	return c < 0x20 || c == '"' || c == '\\';
}

static char *put_escaped(char *p, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";
	*p++ = '\\';
	switch (c) {
	case '"':
	case '\\':
		*p++ = (char)c;
		break;
	case '\n':
		*p++ = 'n';
		break;
	case '\r':
		*p++ = 'r';
		break;
	case '\t':
		*p++ = 't';
		break;
	default:
		memcpy(p, "u00", 3);
		p[3] = hex[c >> 4];
		p[4] = hex[c & 15];
		p += 5;
	}
	return p;
}

char *jw_esc(char *p, const char *v)
{
	const unsigned char *s = (const unsigned char *)v, *run = s;
	*p++ = '"';
	for (; *s; s++) {
		if (*s >= 0x80) { /* strbuf_add_json_str's rule: a bad byte is U+FFFD */
			size_t k = utf8_char_len((const char *)s, 4); /* stops at the NUL */
			if (k) {
				s += k - 1;
				continue;
			}
			memcpy(p, run, (size_t)(s - run));
			p += s - run;
			memcpy(p, "\\ufffd", 6);
			p += 6;
			run = s + 1;
			continue;
		}
		if (!must_escape(*s))
			continue;
		memcpy(p, run, (size_t)(s - run));
		p = put_escaped(p + (s - run), *s);
		run = s + 1;
	}
	memcpy(p, run, (size_t)(s - run));
	p += s - run;
	*p++ = '"';
	return p;
}

/* The member list writes 500 strings a page: one allocation check per
 * string, and the common case (nothing to escape) is one copy. */
void jw_str(struct strbuf *sb, const char *key, const char *v)
{
	size_t kn = strlen(key), vn = strlen(v);
	strbuf_grow(sb, kn + 6 + vn * 6); /* every byte escaped as \u00XX at worst */
	char *p = put_key(sb, sb->buf + sb->len, key, kn);
	done(sb, jw_esc(p, v));
}

void jw_int(struct strbuf *sb, const char *key, long long v)
{
	char b[24], *p = b + sizeof(b);
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	jw_key(sb, key);
	strbuf_add(sb, p, (size_t)(b + sizeof(b) - p));
}

void jw_null(struct strbuf *sb, const char *key)
{
	jw_key(sb, key);
	strbuf_adds(sb, "null");
}

static void two(char *p, int v)
{
	p[0] = (char)('0' + v / 10 % 10);
	p[1] = (char)('0' + v % 10);
}

/* RFC 3339 in local time, written by hand (printf was a tenth of the list
 * page); the zone offset is read once: a server does not change zones. */
void jw_time(struct strbuf *sb, const char *key, int64_t t)
{
	static long offset = -1; /* seconds east of UTC */
	/* The last one written by this thread: a member's created_at and
	 * updated_at are mostly the same second. */
	static __thread int64_t last_t = -1;
	static __thread char last[32];
	char b[32];
	if (t == last_t && offset != -1) {
		jw_key(sb, key);
		strbuf_add(sb, last, 27);
		return;
	}
	if (offset == -1) {
		time_t now = time(NULL);
		struct tm tm;
		localtime_r(&now, &tm);
		offset = tm.tm_gmtoff;
	}
	time_t local = (time_t)(t + offset);
	struct tm tm;
	gmtime_r(&local, &tm);
	long off = offset < 0 ? -offset : offset;
	int y = tm.tm_year + 1900;
	/* "YYYY-MM-DDTHH:MM:SS+HH:MM" */
	memcpy(b, "\"0000-00-00T00:00:00+00:00\"", 28);
	two(b + 1, y / 100);
	two(b + 3, y % 100);
	two(b + 6, tm.tm_mon + 1);
	two(b + 9, tm.tm_mday);
	two(b + 12, tm.tm_hour);
	two(b + 15, tm.tm_min);
	two(b + 18, tm.tm_sec);
	b[20] = offset < 0 ? '-' : '+';
	two(b + 21, (int)(off / 3600));
	two(b + 24, (int)(off % 3600 / 60));
	memcpy(last, b, 27);
	last_t = t;
	jw_key(sb, key);
	strbuf_add(sb, b, 27);
}

void reply_raw_json(struct req *r, int status, struct strbuf *body)
{
	size_t len = body->len;
	char *s = strbuf_detach(body);
	reply_buffer(r, status, s, len);
}
