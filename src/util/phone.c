/* phone.c - Chinese phone numbers as people write them ("+86 138 0013 8000",
 * "0755 12345678", "010-12345678-801"), checked and normalised so the same
 * number always has the same blind index, and masked for display. */
#include <stdio.h>
#include <string.h>
#include "phone.h"

#define FIELD "phone"
/* Digit groups kept while reading: country, area, number, extension. */
#define MAX_GROUPS 6
#define MAX_DIGITS 24

struct groups {
	char digits[MAX_DIGITS + 1]; /* all digits, concatenated */
	int start[MAX_GROUPS];	     /* where each group starts in digits */
	int count;
	int plus; /* a leading '+' was written */
};

/* Full-width digits (U+FF10..U+FF19) from a Chinese input method. */
static int fullwidth_digit(const unsigned char *p)
{
	if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99)
		return '0' + (p[2] - 0x90);
	return 0;
}

static int is_sep(unsigned char c)
{
	return c == ' ' || c == '-' || c == '\t' || c == '(' || c == ')';
}

/* Splits s into digit groups; -1 on any character that has no business in a
 * phone number. */
static int split(const char *s, struct groups *g)
{
	const unsigned char *p = (const unsigned char *)s;
	int n = 0, in_group = 0;
	memset(g, 0, sizeof(*g));
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '+') {
		g->plus = 1;
		p++;
	}
	while (*p) {
		int c = *p >= '0' && *p <= '9' ? *p : fullwidth_digit(p);
		if (c) {
			if (!in_group) {
				if (g->count == MAX_GROUPS)
					return -1;
				g->start[g->count++] = n;
				in_group = 1;
			}
			if (n == MAX_DIGITS)
				return -1;
			g->digits[n++] = (char)c;
			p += *p < 0x80 ? 1 : 3;
		} else if (is_sep(*p)) {
			in_group = 0;
			p++;
		} else {
			return -1;
		}
	}
	g->digits[n] = '\0';
	return 0;
}

static int group_len(const struct groups *g, int i)
{
	int end = i + 1 < g->count ? g->start[i + 1] : (int)strlen(g->digits);
	return end - g->start[i];
}

/* Drops a +86 / 0086 / 86 country code in front of an 11-digit mobile. */
static const char *strip_country(const struct groups *g)
{
	const char *d = g->digits;
	size_t n = strlen(d);
	if (n == 15 && strncmp(d, "0086", 4) == 0 && d[4] == '1')
		return d + 4;
	if (n == 13 && strncmp(d, "86", 2) == 0 && d[2] == '1')
		return d + 2;
	return d;
}

static int check_mobile(const char *d, char norm[32], struct bf_err *e)
{
	size_t n = strlen(d);
	if (n != 11)
		return err_set(e, EC_INVALID, FIELD, "联系电话应为11位手机号码，当前为 %zu 位数字",
			       n);
	if (d[1] < '3' || d[1] > '9')
		return err_set(e, EC_INVALID, FIELD,
			       "联系电话不是有效的手机号码（应以 13–19 开头）");
	snprintf(norm, 32, "%s", d);
	return 0;
}

/* Area codes 010 and 02x have two digits after the 0, all others three. */
static int area_len_of(const char *d)
{
	return d[1] == '1' || d[1] == '2' ? 3 : 4;
}

/* Landline: area code, number and an optional extension.  When the user
 * separated the groups we follow them; otherwise the area code is found from
 * the numbering plan and no extension can be told apart. */
static int check_landline(const struct groups *g, char norm[32], struct bf_err *e)
{
	const char *d = g->digits;
	int total = (int)strlen(d), area, local, ext = 0;
	if (g->count >= 2 && (group_len(g, 0) == 3 || group_len(g, 0) == 4)) {
		area = group_len(g, 0);
		local = group_len(g, 1);
		if (g->count > 3)
			return err_set(e, EC_INVALID, FIELD, "联系电话格式无法识别");
		ext = g->count == 3 ? group_len(g, 2) : 0;
	} else {
		area = area_len_of(d);
		local = total - area;
	}
	if (area != area_len_of(d) || d[1] == '0')
		return err_set(e, EC_INVALID, FIELD, "联系电话的区号 %.*s 不正确", area, d);
	if (local < 7 || local > 8)
		return err_set(e, EC_INVALID, FIELD,
			       "联系电话（固定电话）区号后应为7–8位号码，当前为 %d 位", local);
	if (d[area] == '0')
		return err_set(e, EC_INVALID, FIELD, "联系电话（固定电话）号码不能以 0 开头");
	if (ext > 6)
		return err_set(e, EC_INVALID, FIELD, "联系电话的分机号过长");
	if (ext)
		snprintf(norm, 32, "%.*s-%.*s-%s", area, d, local, d + area, d + area + local);
	else
		snprintf(norm, 32, "%.*s-%s", area, d, d + area);
	return 0;
}

int phone_check(const char *s, char norm[32], struct bf_err *e)
{
	struct groups g;
	if (!s || !s[strspn(s, " \t")])
		return err_set(e, EC_MISSING, FIELD, "请填写联系电话");
	if (split(s, &g) < 0 || !g.digits[0])
		return err_set(e, EC_INVALID, FIELD,
			       "联系电话格式无法识别（手机号码11位，固定电话须带区号）");
	const char *d = strip_country(&g);
	if (g.plus && d == g.digits)
		return err_set(e, EC_INVALID, FIELD,
			       "联系电话格式无法识别（国际格式只接受 +86 开头的手机号码）");
	if (d[0] == '1')
		return check_mobile(d, norm, e);
	if (d[0] == '0' && d == g.digits && strlen(d) >= 10)
		return check_landline(&g, norm, e);
	if (d[0] == '0')
		return err_set(e, EC_INVALID, FIELD, "联系电话位数不足（固定电话须带区号）");
	return err_set(
	    e, EC_INVALID, FIELD,
	    "联系电话格式无法识别：手机号码为1开头的11位，固定电话须带区号（如 010-12345678）");
}

/* Masks all but the last 2 characters. */
static void mask_tail(const char *s, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		out[i] = i + 2 < n ? '*' : s[i];
	out[n] = '\0';
}

void phone_mask(const char *norm, char out[32])
{
	size_t n = norm ? strlen(norm) : 0;
	const char *dash = norm ? strchr(norm, '-') : NULL;
	if (n > 31)
		n = 31;
	if (n == 11 && !dash) {
		snprintf(out, 32, "%.3s****%s", norm, norm + 7);
	} else if (dash && dash - norm <= 4) {
		/* Area code kept, number masked to its last 2, extension dropped. */
		size_t area = (size_t)(dash - norm) + 1;
		size_t len = strcspn(dash + 1, "-");
		if (area + len > 31)
			len = 31 - area;
		memcpy(out, norm, area);
		mask_tail(dash + 1, len, out + area);
	} else {
		mask_tail(norm ? norm : "", n, out);
	}
}
