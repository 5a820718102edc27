/* date.c - calendar dates as people type them on forms and in spreadsheets
 * (1975-07-01, 1975/7/1, 1975年7月, 197507 ...), day arithmetic and "today"
 * (fixed by BANGFU_TODAY so tests and demos are reproducible). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "date.h"

/* Years a typed date may carry: older dates are typos in this domain (the
 * oldest living member was born after 1900), later ones are too. */
#define YEAR_MIN 1900
#define YEAR_MAX 2100
/* Longest input we try to read after normalisation; longer is garbage. */
#define NORM_MAX 64

int date_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && date_is_leap(y))
		return 29;
	return days[m - 1];
}

int date_valid(struct ymd d)
{
	return d.y >= 1 && d.y <= 9999 && d.m >= 1 && d.m <= 12 && d.d >= 1 &&
	       d.d <= date_days_in_month(d.y, d.m);
}

/* Writes n (0 <= n < 10^width) as exactly `width` digits. */
static void put_digits(char *out, int n, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		out[i] = (char)('0' + n % 10);
		n /= 10;
	}
}

void date_format(struct ymd d, char out[11])
{
	/* Clamp so the output always has the shape YYYY-MM-DD. */
	int y = d.y < 0 ? 0 : d.y > 9999 ? 9999 : d.y;
	int m = d.m < 0 ? 0 : d.m > 99 ? 99 : d.m;
	int dd = d.d < 0 ? 0 : d.d > 99 ? 99 : d.d;
	put_digits(out, y, 4);
	out[4] = '-';
	put_digits(out + 5, m, 2);
	out[7] = '-';
	put_digits(out + 8, dd, 2);
	out[10] = '\0';
}

int date_cmp(struct ymd a, struct ymd b)
{
	if (a.y != b.y)
		return a.y < b.y ? -1 : 1;
	if (a.m != b.m)
		return a.m < b.m ? -1 : 1;
	if (a.d != b.d)
		return a.d < b.d ? -1 : 1;
	return 0;
}

int date_years_between(struct ymd a, struct ymd b)
{
	int years = b.y - a.y;
	if (b.m < a.m || (b.m == a.m && b.d < a.d))
		years--;
	return years;
}

/* Howard Hinnant's days_from_civil: exact for the proleptic Gregorian
 * calendar, no tables, no time_t range limits. */
int64_t date_to_days(struct ymd d)
{
	int64_t y = d.m <= 2 ? d.y - 1 : d.y;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t mp = (d.m + 9) % 12;
	int64_t doy = (153 * mp + 2) / 5 + d.d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

struct ymd date_from_days(int64_t days)
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	struct ymd r;
	r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	r.y = (int)(yoe + era * 400 + (r.m <= 2 ? 1 : 0));
	return r;
}

int64_t date_local_start(struct ymd d)
{
	struct tm tm = {0};
	tm.tm_year = d.y - 1900;
	tm.tm_mon = d.m - 1;
	tm.tm_mday = d.d;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

struct ymd date_today(void)
{
	const char *fixed = getenv("BANGFU_TODAY");
	struct ymd d;
	if (fixed && *fixed &&
	    date_parse(fixed, &d, NULL, "BANGFU_TODAY", "BANGFU_TODAY", NULL) == 0)
		return d;
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	d.y = tm.tm_year + 1900;
	d.m = tm.tm_mon + 1;
	d.d = tm.tm_mday;
	return d;
}

/* Full-width forms typed with a Chinese input method, mapped to ASCII:
 * U+FF10..U+FF19 digits (EF BC 90..99), U+FF0D '－', U+FF0E '．',
 * U+FF0F '／'.  Returns the ASCII byte or 0. */
static char fullwidth_ascii(const unsigned char *p)
{
	if (p[0] != 0xEF || p[1] != 0xBC)
		return 0;
	if (p[2] >= 0x90 && p[2] <= 0x99)
		return (char)('0' + (p[2] - 0x90));
	if (p[2] == 0x8D)
		return '-';
	if (p[2] == 0x8E)
		return '.';
	if (p[2] == 0x8F)
		return '/';
	return 0;
}

static int is_space_at(const unsigned char *p, size_t *len)
{
	if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
		*len = 1;
		return 1;
	}
	if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) { /* U+3000 ideographic space */
		*len = 3;
		return 1;
	}
	return 0;
}

/* Copies s into out without surrounding spaces and with full-width forms
 * made ASCII.  Returns -1 when the result would not fit. */
static int normalise(const char *s, char out[NORM_MAX])
{
	const unsigned char *p = (const unsigned char *)s;
	size_t sl;
	while (*p && is_space_at(p, &sl))
		p += sl;
	size_t n = 0;
	while (*p) {
		char c = p[0] == 0xEF && p[1] && p[2] ? fullwidth_ascii(p) : 0;
		if (n + 1 >= NORM_MAX)
			return -1;
		if (c) {
			out[n++] = c;
			p += 3;
		} else {
			out[n++] = (char)*p++;
		}
	}
	out[n] = '\0';
	for (;;) {
		if (n > 0 && is_space_at((const unsigned char *)out + n - 1, &sl) && sl == 1)
			n--;
		else if (n >= 3 && is_space_at((const unsigned char *)out + n - 3, &sl) && sl == 3)
			n -= 3;
		else
			break;
		out[n] = '\0';
	}
	return 0;
}

/* Reads 1..maxw digits; returns how many were read (0 when none). */
static int read_num(const char **p, int maxw, int *val)
{
	int n = 0, v = 0;
	while (n < maxw && (*p)[n] >= '0' && (*p)[n] <= '9') {
		v = v * 10 + ((*p)[n] - '0');
		n++;
	}
	if (n > 0 && (*p)[n] >= '0' && (*p)[n] <= '9')
		return 0; /* too many digits */
	*p += n;
	*val = v;
	return n;
}

static int eat(const char **p, const char *word)
{
	size_t n = strlen(word);
	if (strncmp(*p, word, n) != 0)
		return 0;
	*p += n;
	return 1;
}

/* Only digits: YYYYMMDD or YYYYMM. */
static int parse_compact(const char *s, struct ymd *d, int *has_day)
{
	size_t n = strlen(s);
	if (strspn(s, "0123456789") != n || (n != 8 && n != 6))
		return -1;
	d->y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	d->m = (s[4] - '0') * 10 + (s[5] - '0');
	d->d = n == 8 ? (s[6] - '0') * 10 + (s[7] - '0') : 1;
	*has_day = n == 8;
	return 0;
}

/* YYYY<sep>M[<sep>D] with one of - / . used throughout. */
static int parse_separated(const char *p, struct ymd *d, int *has_day)
{
	char sep = p[4];
	p += 5;
	if (!read_num(&p, 2, &d->m))
		return -1;
	*has_day = 0;
	d->d = 1;
	if (!*p)
		return 0;
	if (*p != sep)
		return -1;
	p++;
	if (!read_num(&p, 2, &d->d) || *p)
		return -1;
	*has_day = 1;
	return 0;
}

/* YYYY年M月[D日] (日 may be 号, or left out). */
static int parse_chinese(const char *p, struct ymd *d, int *has_day)
{
	p += 4 + strlen("年");
	if (!read_num(&p, 2, &d->m) || !eat(&p, "月"))
		return -1;
	*has_day = 0;
	d->d = 1;
	if (!*p)
		return 0;
	if (!read_num(&p, 2, &d->d))
		return -1;
	if (!eat(&p, "日"))
		eat(&p, "号");
	if (*p)
		return -1;
	*has_day = 1;
	return 0;
}

static int parse_shape(const char *s, struct ymd *d, int *has_day)
{
	if (strspn(s, "0123456789") != 4)
		return parse_compact(s, d, has_day);
	d->y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	if (s[4] == '-' || s[4] == '/' || s[4] == '.')
		return parse_separated(s, d, has_day);
	if (strncmp(s + 4, "年", strlen("年")) == 0)
		return parse_chinese(s, d, has_day);
	return -1;
}

int date_parse(const char *s, struct ymd *out, int *has_day, const char *field, const char *label,
	       struct bf_err *e)
{
	char norm[NORM_MAX];
	struct ymd d = {0, 0, 0};
	int day = 0;
	if (!label)
		label = "日期";
	if (!s || normalise(s, norm) < 0) {
		if (!s)
			return err_set(e, EC_MISSING, field, "请填写%s", label);
		return err_set(e, EC_INVALID, field, "%s格式无法识别，请按 1975-07-01 的格式填写",
			       label);
	}
	if (!norm[0])
		return err_set(e, EC_MISSING, field, "请填写%s", label);
	if (parse_shape(norm, &d, &day) < 0)
		return err_set(e, EC_INVALID, field,
			       "%s「%s」格式无法识别，请按 1975-07-01 的格式填写", label, norm);
	if (d.y < YEAR_MIN || d.y > YEAR_MAX)
		return err_set(e, EC_INVALID, field, "%s「%s」的年份应在 %d–%d 之间", label, norm,
			       YEAR_MIN, YEAR_MAX);
	if (d.m < 1 || d.m > 12)
		return err_set(e, EC_INVALID, field, "%s「%s」的月份应为 1–12", label, norm);
	if (!date_valid(d))
		return err_set(e, EC_INVALID, field,
			       "%s「%s」不是有效日期（%d 年 %d 月只有 %d 天）", label, norm, d.y,
			       d.m, date_days_in_month(d.y, d.m));
	*out = d;
	if (has_day)
		*has_day = day;
	return 0;
}
