/* calendar.c - the working-day calendar (see calendar.h): per-year tables of
 * public holidays and make-up working days, and the counting of working days
 * that every deadline of the aid procedure relies on.
 *
 * A year is a flat table indexed by day of year (366 bytes of kind + 366
 * name indexes), so looking a day up is one array access and counting 100
 * working days is a walk of about 140 days without allocation.  Once built,
 * a calendar is only read, so one instance can serve every thread. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "calendar.h"
#include "utf8.h"
#include "wrapper.h"

#define N_YEARS (CAL_YEAR_MAX - CAL_YEAR_MIN + 1)
/* Longest holiday name kept, in bytes (21 Chinese characters). */
#define CAL_NAME_MAX 63
/* Name indexes are 16 bits; index 0 means "no name". */
#define NAMES_MAX 65535
/* Dates go no further than date.h's struct ymd can say. */
#define LAST_YEAR 9999

struct cal_year {
	unsigned char kind[366]; /* enum cal_kind by day of year - 1 */
	uint16_t name[366];	 /* 1-based index into calendar.names, 0 none */
	unsigned char has_data;	 /* the whole year is known (a notice) */
};

struct calendar {
	struct cal_year *years[N_YEARS];
	char **names; /* distinct names, shared by all years */
	size_t n_names, alloc_names;
};

/* ---- days, years, weekdays ---- */

static int days_in_year(int y)
{
	return date_is_leap(y) ? 366 : 365;
}

/* 1-based day of the year of a valid date. */
static int day_of_year(struct ymd d)
{
	static const int before[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
	return before[d.m - 1] + d.d + (d.m > 2 && date_is_leap(d.y));
}

static struct ymd from_day_of_year(int y, int doy)
{
	struct ymd d = {y, 1, 1};
	while (doy > date_days_in_month(y, d.m)) {
		doy -= date_days_in_month(y, d.m);
		d.m++;
	}
	d.d = doy;
	return d;
}

/* 0 = Monday ... 6 = Sunday; 1970-01-01 was a Thursday. */
static int weekday(struct ymd d)
{
	int64_t r = (date_to_days(d) + 3) % 7;
	return (int)(r < 0 ? r + 7 : r);
}

static int in_range(int y)
{
	return y >= CAL_YEAR_MIN && y <= CAL_YEAR_MAX;
}

static const struct cal_year *year_of(const struct calendar *c, int y)
{
	return in_range(y) ? c->years[y - CAL_YEAR_MIN] : NULL;
}

static struct cal_year *year_make(struct calendar *c, int y)
{
	struct cal_year **slot = &c->years[y - CAL_YEAR_MIN];
	if (!*slot) {
		*slot = xcalloc(1, sizeof(**slot));
	}
	return *slot;
}

/* ---- names ---- */

/* The 1-based index of name in the pool, adding it; 0 for no name, -1 when
 * the pool is full. */
static int name_index(struct calendar *c, const char *name, size_t len)
{
	if (!name || len == 0)
		return 0;
	for (size_t i = 0; i < c->n_names; i++)
		if (strlen(c->names[i]) == len && memcmp(c->names[i], name, len) == 0)
			return (int)i + 1;
	if (c->n_names >= NAMES_MAX)
		return -1;
	if (c->n_names == c->alloc_names) {
		size_t n = c->alloc_names ? c->alloc_names * 2 : 16;
		char **p = xreallocarray(c->names, n, sizeof(*p));
		c->names = p;
		c->alloc_names = n;
	}
	char *copy = xmalloc(len + 1);
	memcpy(copy, name, len);
	copy[len] = '\0';
	c->names[c->n_names++] = copy;
	return (int)c->n_names;
}

/* ---- life cycle and edits ---- */

struct calendar *calendar_new(void)
{
	struct calendar *c = xcalloc(1, sizeof(*c));
	return c;
}

void calendar_free(struct calendar *c)
{
	if (!c)
		return;
	for (int i = 0; i < N_YEARS; i++)
		free(c->years[i]);
	for (size_t i = 0; i < c->n_names; i++)
		free(c->names[i]);
	free(c->names);
	free(c);
}

/* Stores one day; the caller has checked date, range and kind and found the
 * name's index. */
static void put_day(struct calendar *c, struct ymd d, enum cal_kind kind, int name_idx)
{
	struct cal_year *cy = year_make(c, d.y);
	int i = day_of_year(d) - 1;
	cy->kind[i] = (unsigned char)kind;
	cy->name[i] = (uint16_t)(kind == CAL_NORMAL ? 0 : name_idx);
}

int calendar_set(struct calendar *c, struct ymd d, enum cal_kind kind, const char *name)
{
	if (!date_valid(d) || !in_range(d.y))
		return -1;
	if (kind != CAL_NORMAL && kind != CAL_HOLIDAY && kind != CAL_WORKDAY)
		return -1;
	size_t len = name ? strlen(name) : 0;
	if (len > CAL_NAME_MAX)
		return -1;
	int idx = kind == CAL_NORMAL ? 0 : name_index(c, name, len);
	if (idx < 0)
		return -1;
	put_day(c, d, kind, idx);
	return 0;
}

int calendar_mark_year(struct calendar *c, int year)
{
	if (!in_range(year))
		return -1;
	year_make(c, year)->has_data = 1;
	return 0;
}

int calendar_clear_year(struct calendar *c, int year)
{
	if (!in_range(year))
		return -1;
	free(c->years[year - CAL_YEAR_MIN]);
	c->years[year - CAL_YEAR_MIN] = NULL;
	return 0;
}

int calendar_has_year(const struct calendar *c, int year)
{
	const struct cal_year *cy = year_of(c, year);
	return cy && cy->has_data;
}

/* ---- looking days up ---- */

enum cal_kind calendar_day_kind(const struct calendar *c, struct ymd d)
{
	if (!date_valid(d))
		return CAL_NORMAL;
	const struct cal_year *cy = year_of(c, d.y);
	return cy ? (enum cal_kind)cy->kind[day_of_year(d) - 1] : CAL_NORMAL;
}

const char *calendar_day_name(const struct calendar *c, struct ymd d)
{
	if (!date_valid(d))
		return NULL;
	const struct cal_year *cy = year_of(c, d.y);
	if (!cy)
		return NULL;
	int idx = cy->name[day_of_year(d) - 1];
	return idx ? c->names[idx - 1] : NULL;
}

static int is_workday_kind(int kind, int wd)
{
	if (kind == CAL_HOLIDAY)
		return 0;
	if (kind == CAL_WORKDAY)
		return 1;
	return wd < 5;
}

int calendar_is_workday(const struct calendar *c, struct ymd d)
{
	if (!date_valid(d))
		return 0;
	return is_workday_kind(calendar_day_kind(c, d), weekday(d));
}

/* ---- counting: a cursor walking day by day ---- */

/* Keeps the year table, day of year and weekday in step, so each day costs
 * an increment and an array access; `estimated` collects whether any day
 * visited lay in a year without data. */
struct cursor {
	const struct calendar *c;
	const struct cal_year *cy;
	int y, doy, len, wd;
	int estimated;
};

static void cursor_enter_year(struct cursor *k)
{
	k->cy = year_of(k->c, k->y);
	k->len = days_in_year(k->y);
}

static void cursor_init(struct cursor *k, const struct calendar *c, struct ymd d)
{
	k->c = c;
	k->y = d.y;
	k->doy = day_of_year(d);
	k->wd = weekday(d);
	k->estimated = 0;
	cursor_enter_year(k);
}

/* Moves one day on; -1 past the last representable year. */
static int cursor_next(struct cursor *k)
{
	k->wd = k->wd == 6 ? 0 : k->wd + 1;
	if (++k->doy > k->len) {
		if (k->y >= LAST_YEAR)
			return -1;
		k->y++;
		k->doy = 1;
		cursor_enter_year(k);
	}
	return 0;
}

/* Whether the cursor's day is a working day, noting a year without data. */
static int cursor_works(struct cursor *k)
{
	if (!k->cy || !k->cy->has_data)
		k->estimated = 1;
	return is_workday_kind(k->cy ? k->cy->kind[k->doy - 1] : CAL_NORMAL, k->wd);
}

static struct ymd cursor_date(const struct cursor *k)
{
	return from_day_of_year(k->y, k->doy);
}

/* The n-th working day after the cursor's day (n >= 1), or the cursor's day
 * itself when n == 0 and it works. */
static int walk(struct cursor *k, int n, struct ymd *out)
{
	if (n == 0 && cursor_works(k)) {
		*out = cursor_date(k);
		return 0;
	}
	int left = n == 0 ? 1 : n;
	while (left > 0) {
		if (cursor_next(k) != 0)
			return -1;
		left -= cursor_works(k);
	}
	*out = cursor_date(k);
	return 0;
}

static int count_ok(struct ymd d, int n, int min)
{
	return date_valid(d) && n >= min && n <= CAL_MAX_WORKDAYS;
}

int calendar_add_workdays(const struct calendar *c, struct ymd start, int n, struct ymd *out,
			  int *estimated)
{
	if (!count_ok(start, n, 0))
		return -1;
	struct cursor k;
	cursor_init(&k, c, start);
	if (walk(&k, n, out) != 0)
		return -1;
	if (estimated)
		*estimated = k.estimated;
	return 0;
}

int calendar_period_end(const struct calendar *c, struct ymd start, int n, struct ymd *end,
			int *estimated)
{
	if (!count_ok(start, n, 1))
		return -1;
	/* The period's first day is start when it works: the same as counting n
	 * working days after the day before start. */
	struct cursor k;
	cursor_init(&k, c, date_from_days(date_to_days(start) - 1));
	if (walk(&k, n, end) != 0)
		return -1;
	if (estimated)
		*estimated = k.estimated;
	return 0;
}

int calendar_workdays_between(const struct calendar *c, struct ymd from, struct ymd to,
			      int *estimated)
{
	if (!date_valid(from) || !date_valid(to))
		return -1;
	int64_t days = date_to_days(to) - date_to_days(from);
	struct cursor k;
	cursor_init(&k, c, from);
	int count = 0;
	for (int64_t i = 0; i < days; i++) {
		if (cursor_next(&k) != 0)
			break; /* cannot happen: to is a valid date */
		count += cursor_works(&k);
	}
	if (estimated)
		*estimated = k.estimated;
	return count;
}

/* ---- the TSV format ---- */

/* One data line, checked, waiting to be applied. */
struct entry {
	int64_t days;
	struct ymd d;
	enum cal_kind kind;
	const char *name;
	size_t name_len;
	int name_idx;
	int line;
};

struct parse {
	const char *origin;
	struct bf_err *e;
	struct entry *v;
	size_t n, alloc;
};

static int line_error(struct parse *p, int line, const char *what)
{
	return err_set(p->e, EC_INVALID, "calendar", "%s 第 %d 行：%s", p->origin, line, what);
}

/* A field with spaces around it trimmed: [*s, *s + *len). */
static void trim(const char **s, size_t *len)
{
	while (*len && **s == ' ') {
		(*s)++;
		(*len)--;
	}
	while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\r'))
		(*len)--;
}

static int field_is(const char *f, size_t len, const char *word)
{
	return strlen(word) == len && memcmp(f, word, len) == 0;
}

static int parse_kind(const char *f, size_t len, enum cal_kind *kind)
{
	if (field_is(f, len, "holiday") || field_is(f, len, "放假"))
		*kind = CAL_HOLIDAY;
	else if (field_is(f, len, "workday") || field_is(f, len, "上班"))
		*kind = CAL_WORKDAY;
	else
		return -1;
	return 0;
}

static const char *weekday_name(int wd)
{
	static const char *const names[7] = {"一", "二", "三", "四", "五", "六", "日"};
	return names[wd];
}

static int parse_date(struct parse *p, int line, const char *f, size_t len, struct ymd *d)
{
	char buf[40], msg[160];
	struct bf_err ignored;
	int has_day = 0;
	snprintf(buf, sizeof(buf), "%.*s", (int)(len < 32 ? len : 32), f);
	buf[utf8_prefix(buf, 32)] = '\0'; /* a long field is cut between characters */
	if (len >= 32 || date_parse(buf, d, &has_day, "date", "日期", &ignored) != 0 || !has_day) {
		snprintf(msg, sizeof(msg), "日期“%s”无效，应写成 YYYY-MM-DD", buf);
		return line_error(p, line, msg);
	}
	if (!in_range(d->y)) {
		snprintf(msg, sizeof(msg), "日期“%s”超出范围（%d—%d 年）", buf, CAL_YEAR_MIN,
			 CAL_YEAR_MAX);
		return line_error(p, line, msg);
	}
	return 0;
}

/* Checks a name: not too long, UTF-8, no control characters. */
static int check_name(struct parse *p, int line, const char *f, size_t len)
{
	if (len > CAL_NAME_MAX)
		return line_error(p, line, "名称过长（最多 63 字节，约 21 个汉字）");
	if (!utf8_valid(f, len))
		return line_error(p, line, "名称不是有效的 UTF-8 文本（请以 UTF-8 保存文件）");
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)f[i] < 0x20)
			return line_error(p, line, "名称含有控制字符");
	return 0;
}

static void push(struct parse *p, const struct entry *en)
{
	if (p->n == p->alloc) {
		size_t n = p->alloc ? p->alloc * 2 : 64;
		struct entry *v = xreallocarray(p->v, n, sizeof(*v));
		p->v = v;
		p->alloc = n;
	}
	p->v[p->n++] = *en;
}

/* Splits a data line on tabs into at most 3 fields; -1 if there are more. */
static int split(const char *s, size_t len, const char *f[3], size_t flen[3], int *nf)
{
	*nf = 0;
	for (;;) {
		const char *tab = memchr(s, '\t', len);
		size_t l = tab ? (size_t)(tab - s) : len;
		if (*nf == 3)
			return -1;
		f[*nf] = s;
		flen[*nf] = l;
		trim(&f[*nf], &flen[*nf]);
		(*nf)++;
		if (!tab)
			return 0;
		len -= l + 1;
		s = tab + 1;
	}
}

static int parse_line(struct parse *p, int line, const char *s, size_t len)
{
	const char *f[3];
	size_t fl[3];
	int nf;
	char msg[200];
	if (split(s, len, f, fl, &nf) != 0)
		return line_error(p, line, "列数过多：应为“日期<TAB>类别<TAB>名称”三列");
	if (nf < 2)
		return line_error(p, line, "缺少类别：应为“日期<TAB>类别<TAB>名称”，以制表符分隔");
	struct entry en = {0};
	en.line = line;
	if (parse_date(p, line, f[0], fl[0], &en.d) != 0)
		return -1;
	if (parse_kind(f[1], fl[1], &en.kind) != 0) {
		char kind[40];
		snprintf(kind, sizeof(kind), "%.*s", (int)(fl[1] < 32 ? fl[1] : 32), f[1]);
		kind[utf8_prefix(kind, 32)] = '\0'; /* cut between characters */
		snprintf(msg, sizeof(msg),
			 "类别“%s”无效，应为 holiday（放假）或 workday（调休上班）", kind);
		return line_error(p, line, msg);
	}
	int wd = weekday(en.d);
	if (en.kind == CAL_WORKDAY && wd < 5) {
		char ds[11];
		date_format(en.d, ds);
		snprintf(msg, sizeof(msg), "%s 是星期%s，本来就是工作日，不能标为调休上班", ds,
			 weekday_name(wd));
		return line_error(p, line, msg);
	}
	if (nf == 3) {
		if (check_name(p, line, f[2], fl[2]) != 0)
			return -1;
		en.name = f[2];
		en.name_len = fl[2];
	}
	en.days = date_to_days(en.d);
	push(p, &en);
	return 0;
}

static int by_day_then_line(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	if (x->days != y->days)
		return x->days < y->days ? -1 : 1;
	return (x->line > y->line) - (x->line < y->line);
}

/* A date given twice in one text is a slip (two lines that disagree, or a
 * copy-paste of the wrong block): refuse it rather than let the later win. */
static int check_repeats(struct parse *p)
{
	if (p->n < 2)
		return 0;
	qsort(p->v, p->n, sizeof(*p->v), by_day_then_line);
	int worst = 0; /* report the repeat seen first when reading the file */
	for (size_t i = 1; i < p->n; i++)
		if (p->v[i].days == p->v[i - 1].days && (!worst || p->v[i].line < p->v[worst].line))
			worst = (int)i;
	if (!worst)
		return 0;
	char ds[11], msg[120];
	date_format(p->v[worst].d, ds);
	snprintf(msg, sizeof(msg), "日期 %s 与第 %d 行重复", ds, p->v[worst - 1].line);
	return line_error(p, p->v[worst].line, msg);
}

static int parse_text(struct parse *p, const char *text)
{
	const char *s = text;
	if (strncmp(s, "\xEF\xBB\xBF", 3) == 0) /* a BOM left by a Windows editor */
		s += 3;
	for (int line = 1; *s; line++) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		const char *t = s;
		size_t tl = len;
		trim(&t, &tl);
		if (tl && *t != '#' && parse_line(p, line, t, tl) != 0)
			return -1;
		if (!nl)
			break;
		s = nl + 1;
	}
	return check_repeats(p);
}

int calendar_load(struct calendar *c, const char *tsv_text, const char *origin, struct bf_err *e)
{
	struct parse p = {origin ? origin : "节假日数据", e, NULL, 0, 0};
	int ret = -1;
	if (!tsv_text) {
		err_set(e, EC_INVALID, "calendar", "%s：没有内容", p.origin);
		goto out;
	}
	if (parse_text(&p, tsv_text) != 0)
		goto out;
	/* Names first (a new name in the pool changes no day), then the days,
	 * so that a text that fails changes nothing. */
	for (size_t i = 0; i < p.n; i++) {
		p.v[i].name_idx = name_index(c, p.v[i].name, p.v[i].name_len);
		if (p.v[i].name_idx < 0) {
			line_error(&p, p.v[i].line, "节日名称过多，无法再添加");
			goto out;
		}
	}
	for (size_t i = 0; i < p.n; i++) {
		put_day(c, p.v[i].d, p.v[i].kind, p.v[i].name_idx);
		year_make(c, p.v[i].d.y)->has_data = 1;
	}
	ret = 0;
out:
	free(p.v);
	return ret;
}

struct calendar *calendar_builtin_new(struct bf_err *e)
{
	struct calendar *c = calendar_new();
	for (size_t i = 0; calendar_builtin[i]; i++) {
		char origin[64];
		snprintf(origin, sizeof(origin), "data/holidays/%s", calendar_builtin_names[i]);
		if (calendar_load(c, calendar_builtin[i], origin, e) != 0) {
			calendar_free(c);
			return NULL;
		}
	}
	return c;
}
