/* jsonw.c - writing JSON straight into a strbuf for the hot answers (the
 * member list: 20 objects of 25 fields each).  Building jansson trees for
 * them cost more than the database queries; everything else uses jansson. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "internal.h"

void jw_key(struct strbuf *sb, const char *key)
{
	char b[64];
	size_t n = strlen(key), at = 0;
	if (n > sizeof(b) - 5)
		BUG("JSON key too long: %s", key);
	if (sb->len && sb->buf[sb->len - 1] != '{' && sb->buf[sb->len - 1] != '[')
		b[at++] = ',';
	b[at++] = '"';
	memcpy(b + at, key, n); /* keys are ours: plain ASCII */
	at += n;
	b[at++] = '"';
	b[at++] = ':';
	strbuf_add(sb, b, at);
}

void jw_str(struct strbuf *sb, const char *key, const char *v)
{
	jw_key(sb, key);
	strbuf_addch(sb, '"');
	strbuf_add_json_str(sb, v);
	strbuf_addch(sb, '"');
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
	char b[32];
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
	jw_key(sb, key);
	strbuf_add(sb, b, 27);
}

void reply_raw_json(struct req *r, int status, struct strbuf *body)
{
	size_t len = body->len;
	char *s = strbuf_detach(body);
	reply_buffer(r, status, s, len);
}
