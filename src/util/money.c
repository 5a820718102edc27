/* money.c - fen to yuan text and back (see money.h).  Integer arithmetic
 * only: a float would turn 0.1 + 0.2 yuan into 0.30000000000000004. */
#include <stdio.h>
#include <string.h>
#include "money.h"

/* Longest input worth reading, after full-width characters became ASCII. */
#define MAX_INPUT 64

/* "1,234,567" for the whole yuan of a magnitude, into out (>= 32 bytes). */
static void group_thousands(uint64_t yuan, char *out, size_t size)
{
	char digits[24];
	int n = snprintf(digits, sizeof(digits), "%llu", (unsigned long long)yuan);
	size_t o = 0;
	for (int i = 0; i < n && o + 2 < size; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
}

/* Writes sign, grouped yuan and (when wanted) fen; unit appended verbatim. */
static void format(int64_t fen, int always_cents, const char *unit, char out[MONEY_TEXT_MAX])
{
	/* Negating in unsigned arithmetic keeps INT64_MIN defined. */
	uint64_t mag = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
	char whole[24]; /* "92,233,720,368,547,758" at most */
	group_thousands(mag / 100, whole, sizeof(whole));
	unsigned cents = (unsigned)(mag % 100);
	if (cents || always_cents)
		snprintf(out, MONEY_TEXT_MAX, "%s%s.%02u%s", fen < 0 ? "-" : "", whole, cents,
			 unit);
	else
		snprintf(out, MONEY_TEXT_MAX, "%s%s%s", fen < 0 ? "-" : "", whole, unit);
}

void money_format(int64_t fen, char out[MONEY_TEXT_MAX])
{
	format(fen, 0, " 元", out);
}

void money_format_amount(int64_t fen, char out[MONEY_TEXT_MAX])
{
	format(fen, 1, "", out);
}

/* One character of the input as ASCII: full-width digits and punctuation
 * from a Chinese input method become their ASCII forms, ¥/￥ becomes '$',
 * 元 'Y' and the ideographic space ' '.  Returns the bytes consumed, 0 for a
 * character that has no place in an amount. */
static int to_ascii(const unsigned char *p, char *c)
{
	if (p[0] < 0x80) {
		*c = p[0] == '\t' ? ' ' : (char)p[0];
		return 1;
	}
	if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99) {
		*c = (char)('0' + (p[2] - 0x90));
		return 3;
	}
	static const struct {
		const char *utf8;
		char ascii;
	} map[] = {
	    {"\xEF\xBC\x8C", ','}, /* ， */
	    {"\xEF\xBC\x8E", '.'}, /* ． */
	    {"\xEF\xBC\x8D", '-'}, /* － */
	    {"\xEF\xBC\x8B", '+'}, /* ＋ */
	    {"\xE3\x80\x80", ' '}, /* ideographic space */
	    {"\xC2\xA5", '$'},	   /* ¥ */
	    {"\xEF\xBF\xA5", '$'}, /* ￥ */
	    {"\xE5\x85\x83", 'Y'}, /* 元 */
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		size_t n = strlen(map[i].utf8);
		/* strncmp stops at the input's end: a lead byte last in the
		 * string must not make us read past its NUL (memcmp did) */
		if (strncmp((const char *)p, map[i].utf8, n) == 0) {
			*c = map[i].ascii;
			return (int)n;
		}
	}
	return 0;
}

/* The input as trimmed ASCII without the optional currency sign and unit;
 * -1 on a character that is not part of an amount or an overlong input. */
static int normalise(const char *s, char out[MAX_INPUT])
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;
	while (*p) {
		char c;
		int k = to_ascii(p, &c);
		if (!k || n + 1 >= MAX_INPUT)
			return -1;
		out[n++] = c;
		p += k;
	}
	out[n] = '\0';
	size_t b = 0;
	while (out[b] == ' ')
		b++;
	if (out[b] == '$')
		b++;
	while (out[b] == ' ')
		b++;
	while (n > b && out[n - 1] == ' ')
		n--;
	if (n > b && out[n - 1] == 'Y')
		n--;
	while (n > b && out[n - 1] == ' ')
		n--;
	memmove(out, out + b, n - b);
	out[n - b] = '\0';
	return 0;
}

/* Whole yuan with optional separators that must group by three; *end at
 * the first character after them.  -2 on misplaced separators, -3 on
 * overflow, -1 when there is no digit. */
static int read_yuan(const char *s, uint64_t *yuan, const char **end)
{
	uint64_t v = 0;
	int digits = 0, group = 0, seps = 0;
	const char *p = s;
	for (; (*p >= '0' && *p <= '9') || *p == ','; p++) {
		if (*p == ',') {
			/* first group 1-3 digits, every later one exactly 3 */
			if (group == 0 || group > 3 || (seps && group != 3))
				return -2;
			seps++;
			group = 0;
			continue;
		}
		if (v > (UINT64_C(9223372036854775807) / 100 - 9) / 10)
			return -3;
		v = v * 10 + (uint64_t)(*p - '0');
		digits++;
		group++;
	}
	if (!digits)
		return -1;
	if (seps && group != 3)
		return -2;
	*yuan = v;
	*end = p;
	return 0;
}

int money_parse(const char *s, int64_t *fen, const char *field, const char *label, struct bf_err *e)
{
	char buf[MAX_INPUT];
	const char *p;
	uint64_t yuan;
	if (!s || normalise(s, buf) != 0)
		return err_set(e, EC_INVALID, field,
			       "%s只能填写金额数字（单位：元），例如 600 或 1,200.50", label);
	if (!buf[0])
		return err_set(e, EC_MISSING, field, "请填写%s", label);
	if (buf[0] == '-')
		return err_set(e, EC_INVALID, field, "%s不能为负数", label);
	int rc = read_yuan(buf, &yuan, &p);
	if (rc == -2)
		return err_set(e, EC_INVALID, field, "%s的千位分隔符位置不对，应写作 1,200 或 1200",
			       label);
	if (rc == -3)
		return err_set(e, EC_INVALID, field, "%s超出可处理的范围", label);
	if (rc != 0)
		return err_set(e, EC_INVALID, field,
			       "%s只能填写金额数字（单位：元），例如 600 或 1,200.50", label);
	unsigned cents = 0;
	if (*p == '.') {
		int nd = 0;
		for (p++; *p >= '0' && *p <= '9'; p++, nd++)
			if (nd < 2)
				cents = cents * 10 + (unsigned)(*p - '0');
		if (nd > 2)
			return err_set(e, EC_INVALID, field, "%s最多保留两位小数（到分）", label);
		if (nd == 0)
			return err_set(e, EC_INVALID, field, "%s的小数点后缺少数字", label);
		if (nd == 1)
			cents *= 10;
	}
	if (*p)
		return err_set(e, EC_INVALID, field,
			       "%s只能填写金额数字（单位：元），例如 600 或 1,200.50", label);
	*fen = (int64_t)(yuan * 100 + cents);
	return 0;
}
