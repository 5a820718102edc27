/* test_calendar.c - unit tests of the working-day calendar: the shipped
 * holiday data against the State Council notices, the counting rules around
 * the 2024 Spring Festival and National Day with their make-up Sundays,
 * years without data, the department's edits and the TSV loader's errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include "calendar.h"

static struct ymd D(int y, int m, int d) {
	struct ymd r = {y, m, d};
	return r;
}

static int
setup(void **state)
{
	struct bf_err e;
	struct calendar *c = calendar_builtin_new(&e);
	if (!c)
		fail_msg("shipped data refused: %s", e.message);
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	calendar_free(*state);
	return 0;
}

static void assert_date(struct ymd got, struct ymd want)
{
	if (date_cmp(got, want) != 0) {
		char g[11], w[11];
		date_format(got, g);
		date_format(want, w);
		fail_msg("got %s, want %s", g, w);
	}
}

/* n working days after start, checking the answer and the estimate flag. */
static void adds(const struct calendar *c, struct ymd start, int n, struct ymd want, int want_est)
{
	struct ymd out;
	int est = -1;
	assert_int_equal(calendar_add_workdays(c, start, n, &out, &est), 0);
	assert_date(out, want);
	assert_int_equal(est, want_est);
}

static void period(const struct calendar *c, struct ymd start, int n, struct ymd want, int want_est)
{
	struct ymd out;
	int est = -1;
	assert_int_equal(calendar_period_end(c, start, n, &out, &est), 0);
	assert_date(out, want);
	assert_int_equal(est, want_est);
}

/* ---- the shipped data ---- */

static void test_builtin_files(void **state)
{
	const struct calendar *c = *state;
	int n = 0;
	for (; calendar_builtin[n]; n++) {
		char want[16];
		snprintf(want, sizeof(want), "%d.tsv", 2020 + n);
		assert_string_equal(calendar_builtin_names[n], want);
		/* The first line names the notice. */
		assert_int_equal(calendar_builtin[n][0], '#');
		const char *nl = strchr(calendar_builtin[n], '\n');
		const char *hit = strstr(calendar_builtin[n], "国办发明电");
		assert_non_null(hit);
		assert_true(nl && hit < nl);
	}
	assert_int_equal(n, 7);
	assert_null(calendar_builtin_names[n]);
	for (int y = 2020; y <= 2026; y++)
		assert_true(calendar_has_year(c, y));
	assert_false(calendar_has_year(c, 2019));
	assert_false(calendar_has_year(c, 2027));
	assert_false(calendar_has_year(c, 1000));
}

/* Counts the special days of year y. */
static void count_year(const struct calendar *c, int y, int *holidays, int *workdays)
{
	*holidays = *workdays = 0;
	for (int64_t t = date_to_days(D(y, 1, 1)); t <= date_to_days(D(y, 12, 31)); t++) {
		enum cal_kind k = calendar_day_kind(c, date_from_days(t));
		*holidays += k == CAL_HOLIDAY;
		*workdays += k == CAL_WORKDAY;
	}
}

/* Days off and make-up days per year, summed from each notice's "共 N 天"
 * and its "…上班" dates. */
static void test_holiday_totals(void **state)
{
	static const struct {
		int year, holidays, workdays;
	} want[] = {
	    /* 〔2019〕16号: 1+7+3+5+3+8 = 27, 7 make-up days; then 〔2020〕1号
	     * extended the Spring Festival to 2 February: +3 days off, and the
	     * make-up Saturday 1 February became one of them. */
	    {2020, 30, 6},
	    /* 〔2020〕27号: 3+7+3+5+3+3+7 */
	    {2021, 31, 7},
	    /* 〔2021〕11号: 3+7+3+5+3+3+7, plus 31 December (2023's 元旦,
	     * 〔2022〕16号) */
	    {2022, 32, 7},
	    /* 〔2022〕16号: 2 (1-2 Jan) +7+1+5+3+8 */
	    {2023, 26, 7},
	    /* 〔2023〕7号: 1+8+3+5+1+3+7 */
	    {2024, 28, 8},
	    /* 〔2024〕12号: 1+8+3+5+3+8 */
	    {2025, 28, 5},
	    /* 〔2025〕7号: 3+9+3+5+3+3+7 */
	    {2026, 33, 6},
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		int h, w;
		count_year(*state, want[i].year, &h, &w);
		if (h != want[i].holidays || w != want[i].workdays)
			fail_msg("%d: %d days off and %d make-up days, want %d and %d",
				 want[i].year, h, w, want[i].holidays, want[i].workdays);
	}
}

/* Working days in each whole year (2024's 251 is the published figure). */
static void test_working_days_per_year(void **state)
{
	static const int want[] = {249, 250, 249, 249, 251, 248, 248};
	for (int i = 0; i < 7; i++) {
		int est = -1;
		int n = calendar_workdays_between(*state, D(2019 + i, 12, 31), D(2020 + i, 12, 31),
						  &est);
		if (n != want[i])
			fail_msg("%d: %d working days, want %d", 2020 + i, n, want[i]);
		assert_int_equal(est, 0);
	}
}

static void test_names(void **state)
{
	const struct calendar *c = *state;
	assert_string_equal(calendar_day_name(c, D(2024, 10, 1)), "国庆节");
	assert_string_equal(calendar_day_name(c, D(2024, 2, 4)), "春节调休");
	assert_string_equal(calendar_day_name(c, D(2025, 10, 6)), "国庆节、中秋节");
	assert_string_equal(calendar_day_name(c, D(2022, 12, 31)), "元旦");
	assert_null(calendar_day_name(c, D(2024, 10, 8)));
	assert_null(calendar_day_name(c, D(2027, 1, 1)));
	assert_null(calendar_day_name(c, D(2024, 2, 30)));
	assert_int_equal(calendar_day_kind(c, D(2024, 2, 18)), CAL_WORKDAY);
	assert_int_equal(calendar_day_kind(c, D(2024, 2, 17)), CAL_HOLIDAY);
	assert_int_equal(calendar_day_kind(c, D(2024, 2, 19)), CAL_NORMAL);
}

/* ---- counting around the 2024 Spring Festival ---- */

static void test_spring_festival_2024(void **state)
{
	const struct calendar *c = *state;
	/* Make-up Sundays work, the Saturday between them does not. */
	assert_true(calendar_is_workday(c, D(2024, 2, 4)));
	assert_false(calendar_is_workday(c, D(2024, 2, 3)));
	assert_true(calendar_is_workday(c, D(2024, 2, 9))); /* 除夕: only encouraged off */
	for (int d = 10; d <= 17; d++)
		assert_false(calendar_is_workday(c, D(2024, 2, d)));
	assert_true(calendar_is_workday(c, D(2024, 2, 18)));
	assert_false(calendar_is_workday(c, D(2024, 2, 24)));

	/* A 5-working-day notice posted Thursday 8 February: 8, 9, 18 (Sunday),
	 * 19, 20. */
	period(c, D(2024, 2, 8), 5, D(2024, 2, 20), 0);
	/* Posted during the holiday: it starts on the make-up Sunday. */
	period(c, D(2024, 2, 12), 5, D(2024, 2, 22), 0);
	/* The minimum 3 days, posted Friday the 2nd: 2, 4 (Sunday), 5. */
	period(c, D(2024, 2, 2), 3, D(2024, 2, 5), 0);
	/* "within 3 working days" of an approval on Friday 9 February. */
	adds(c, D(2024, 2, 9), 3, D(2024, 2, 20), 0);
	adds(c, D(2024, 2, 9), 1, D(2024, 2, 18), 0);
	adds(c, D(2024, 2, 2), 1, D(2024, 2, 4), 0);
	/* n = 0: the same day if it works, else the next working day. */
	adds(c, D(2024, 2, 8), 0, D(2024, 2, 8), 0);
	adds(c, D(2024, 2, 10), 0, D(2024, 2, 18), 0);
	adds(c, D(2024, 2, 3), 0, D(2024, 2, 4), 0);

	int est = -1;
	assert_int_equal(calendar_workdays_between(c, D(2024, 2, 8), D(2024, 2, 20), &est), 4);
	assert_int_equal(est, 0);
	/* February 2024: 21 weekdays - 5 holiday weekdays + 2 make-up Sundays. */
	assert_int_equal(calendar_workdays_between(c, D(2024, 1, 31), D(2024, 2, 29), NULL), 18);
}

static void test_national_day_2024(void **state)
{
	const struct calendar *c = *state;
	assert_true(calendar_is_workday(c, D(2024, 9, 29)));  /* Sunday */
	assert_false(calendar_is_workday(c, D(2024, 9, 28))); /* Saturday */
	for (int d = 1; d <= 7; d++)
		assert_false(calendar_is_workday(c, D(2024, 10, d)));
	assert_true(calendar_is_workday(c, D(2024, 10, 12)));  /* Saturday */
	assert_false(calendar_is_workday(c, D(2024, 10, 13))); /* Sunday */

	/* Notice posted Friday 27 September: 27, 29 (Sunday), 30, 8 and 9 Oct. */
	period(c, D(2024, 9, 27), 5, D(2024, 10, 9), 0);
	/* Approved Monday 30 September, entered for screening within 3 working
	 * days: 8, 9, 10 October. */
	adds(c, D(2024, 9, 30), 3, D(2024, 10, 10), 0);
	/* Thursday 10 October + 2: Friday 11, make-up Saturday 12. */
	adds(c, D(2024, 10, 10), 2, D(2024, 10, 12), 0);
	/* The mid-autumn make-up Saturday 14 September works too. */
	adds(c, D(2024, 9, 13), 1, D(2024, 9, 14), 0);
	assert_int_equal(calendar_workdays_between(c, D(2024, 9, 27), D(2024, 10, 12), NULL), 7);
}

static void test_2020_extension(void **state)
{
	const struct calendar *c = *state;
	assert_true(calendar_is_workday(c, D(2020, 1, 19)));  /* make-up Sunday */
	assert_false(calendar_is_workday(c, D(2020, 1, 31))); /* extended */
	assert_false(calendar_is_workday(c, D(2020, 2, 1)));  /* make-up Saturday cancelled */
	assert_true(calendar_is_workday(c, D(2020, 2, 3)));
	adds(c, D(2020, 1, 23), 1, D(2020, 2, 3), 0);
}

/* ---- years without data ---- */

static void test_year_without_data(void **state)
{
	const struct calendar *c = *state;
	/* 2027: plain weekdays, whatever the real holidays will be. */
	assert_false(calendar_is_workday(c, D(2027, 1, 2))); /* Saturday */
	assert_false(calendar_is_workday(c, D(2027, 1, 3))); /* Sunday */
	assert_true(calendar_is_workday(c, D(2027, 1, 1)));  /* Friday (元旦, unknown yet) */
	assert_true(calendar_is_workday(c, D(2027, 1, 4)));
	/* Crossing into 2027: 31 Dec (2026, known), then Fri 1, Mon 4, Tue 5,
	 * Wed 6 January counted as weekdays, and flagged. */
	adds(c, D(2026, 12, 30), 5, D(2027, 1, 6), 1);
	period(c, D(2026, 12, 31), 2, D(2027, 1, 1), 1);
	/* Only the days looked at count: this one stays inside 2026. */
	adds(c, D(2026, 12, 30), 1, D(2026, 12, 31), 0);
	period(c, D(2026, 12, 31), 1, D(2026, 12, 31), 0);
	int est = -1;
	assert_int_equal(calendar_workdays_between(c, D(2026, 12, 25), D(2027, 1, 8), &est), 10);
	assert_int_equal(est, 1);
	/* Before the data too. */
	adds(c, D(2019, 12, 30), 2, D(2020, 1, 2), 1);
	/* Far years and years outside the table: still weekdays, flagged. */
	adds(c, D(2300, 1, 1), 1, D(2300, 1, 2), 1); /* Mon 1 -> Tue 2 */
	adds(c, D(1899, 12, 29), 1, D(1900, 1, 1), 1);
	assert_int_equal(calendar_workdays_between(c, D(2031, 1, 5), D(2031, 1, 12), &est), 5);
	assert_int_equal(est, 1);
}

/* ---- rules at the edges ---- */

static void test_bad_arguments(void **state)
{
	const struct calendar *c = *state;
	struct ymd out = {0, 0, 0};
	int est = 7;
	assert_int_equal(calendar_add_workdays(c, D(2024, 2, 30), 1, &out, &est), -1);
	assert_int_equal(calendar_add_workdays(c, D(2024, 2, 1), -1, &out, &est), -1);
	assert_int_equal(calendar_add_workdays(c, D(2024, 2, 1), CAL_MAX_WORKDAYS + 1, &out, &est),
			 -1);
	assert_int_equal(calendar_period_end(c, D(2024, 2, 1), 0, &out, &est), -1);
	assert_int_equal(est, 7); /* untouched on error */
	assert_int_equal(calendar_workdays_between(c, D(2024, 13, 1), D(2024, 2, 1), NULL), -1);
	assert_false(calendar_is_workday(c, D(2023, 2, 29)));
	/* Past year 9999 there is no date to answer with. */
	assert_int_equal(calendar_add_workdays(c, D(9999, 12, 30), 5, &out, NULL), -1);
	/* to not after from */
	assert_int_equal(calendar_workdays_between(c, D(2024, 3, 1), D(2024, 2, 1), NULL), 0);
	assert_int_equal(calendar_workdays_between(c, D(2024, 3, 1), D(2024, 3, 1), NULL), 0);
	/* The longest count allowed works. */
	assert_int_equal(calendar_add_workdays(c, D(2024, 1, 1), CAL_MAX_WORKDAYS, &out, &est), 0);
	assert_int_equal(est, 1);
}

/* add_workdays, period_end and workdays_between agree, every start day of
 * 2020-2027 and several lengths. */
static void test_consistency(void **state)
{
	const struct calendar *c = *state;
	for (int64_t t = date_to_days(D(2020, 1, 1)); t <= date_to_days(D(2027, 3, 1)); t++) {
		struct ymd s = date_from_days(t), a, p;
		for (int n = 1; n <= 12; n += 11) {
			assert_int_equal(calendar_add_workdays(c, s, n, &a, NULL), 0);
			assert_true(calendar_is_workday(c, a));
			assert_int_equal(calendar_workdays_between(c, s, a, NULL), n);
			assert_int_equal(calendar_period_end(c, s, n, &p, NULL), 0);
			int first = calendar_is_workday(c, s);
			/* A period starting on a working day ends one working day
			 * earlier than n working days after it. */
			assert_int_equal(calendar_workdays_between(c, s, p, NULL), n - first);
		}
	}
}

/* ---- the department's edits ---- */

static void test_set_and_clear(void **state)
{
	struct calendar *c = calendar_builtin_new(NULL);
	assert_non_null(c);
	/* Override a shipped make-up Sunday: back to a rest day. */
	assert_int_equal(calendar_set(c, D(2024, 2, 18), CAL_NORMAL, NULL), 0);
	assert_false(calendar_is_workday(c, D(2024, 2, 18)));
	assert_null(calendar_day_name(c, D(2024, 2, 18)));
	period(c, D(2024, 2, 8), 5, D(2024, 2, 21), 0);
	/* A local extra day off on a Monday. */
	assert_int_equal(calendar_set(c, D(2024, 2, 19), CAL_HOLIDAY, "春节（延长）"), 0);
	assert_string_equal(calendar_day_name(c, D(2024, 2, 19)), "春节（延长）");
	period(c, D(2024, 2, 8), 5, D(2024, 2, 22), 0);

	/* 2027 entered by the department day by day: counted, still flagged
	 * until the year is marked complete. */
	assert_int_equal(calendar_set(c, D(2027, 1, 1), CAL_HOLIDAY, "元旦"), 0);
	assert_false(calendar_is_workday(c, D(2027, 1, 1)));
	assert_false(calendar_has_year(c, 2027));
	adds(c, D(2026, 12, 31), 1, D(2027, 1, 4), 1);
	assert_int_equal(calendar_mark_year(c, 2027), 0);
	assert_true(calendar_has_year(c, 2027));
	adds(c, D(2026, 12, 31), 1, D(2027, 1, 4), 0);

	/* Clearing a year forgets its days and its mark. */
	assert_int_equal(calendar_clear_year(c, 2024), 0);
	assert_false(calendar_has_year(c, 2024));
	assert_true(calendar_is_workday(c, D(2024, 2, 12)));
	assert_false(calendar_is_workday(c, D(2024, 2, 4)));
	adds(c, D(2024, 2, 9), 1, D(2024, 2, 12), 1);
	assert_true(calendar_has_year(c, 2025));

	/* Out of range or nonsense. */
	assert_int_equal(calendar_set(c, D(2024, 2, 30), CAL_HOLIDAY, "x"), -1);
	assert_int_equal(calendar_set(c, D(1800, 1, 1), CAL_HOLIDAY, "x"), -1);
	assert_int_equal(calendar_set(c, D(2101, 1, 1), CAL_HOLIDAY, "x"), -1);
	assert_int_equal(calendar_set(c, D(2024, 1, 2), (enum cal_kind)9, "x"), -1);
	assert_int_equal(calendar_mark_year(c, 2500), -1);
	assert_int_equal(calendar_clear_year(c, 1000), -1);
	calendar_free(c);
}

/* ---- the TSV loader ---- */

static void test_load_lenient_forms(void **state)
{
	struct calendar *c = calendar_new();
	struct bf_err e;
	const char *text = "\xEF\xBB\xBF# 部门录入：2027 年（示例）\r\n"
			   "\r\n"
			   "2027-01-01\tholiday\t元旦\r\n"
			   "2027/2/6\t放假\t春节\r\n"
			   "  2027-02-07 \t 上班 \r\n"
			   "2027-02-08\tholiday\n"
			   "2027-02-09\tholiday\t春节"; /* no final newline */
	if (calendar_load(c, text, "部门录入", &e) != 0)
		fail_msg("refused: %s", e.message);
	assert_true(calendar_has_year(c, 2027));
	assert_false(calendar_has_year(c, 2026));
	assert_int_equal(calendar_day_kind(c, D(2027, 2, 6)), CAL_HOLIDAY);
	assert_int_equal(calendar_day_kind(c, D(2027, 2, 7)), CAL_WORKDAY);
	assert_null(calendar_day_name(c, D(2027, 2, 7)));
	assert_null(calendar_day_name(c, D(2027, 2, 8)));
	assert_string_equal(calendar_day_name(c, D(2027, 2, 9)), "春节");
	assert_string_equal(calendar_day_name(c, D(2027, 1, 1)), "元旦");
	/* A second text for the same year merges, later lines winning. */
	assert_int_equal(calendar_load(c, "2027-01-01\tholiday\t新年\n", "第二次", &e), 0);
	assert_string_equal(calendar_day_name(c, D(2027, 1, 1)), "新年");
	/* Only comments: no year is marked. */
	assert_int_equal(calendar_load(c, "# 2028 待公布\n\n", "空", &e), 0);
	assert_false(calendar_has_year(c, 2028));
	calendar_free(c);
}

/* The text is refused with a Chinese message naming origin and line, and
 * nothing of it is applied. */
static void refused(const char *text, int line, const char *needle)
{
	struct calendar *c = calendar_new();
	struct bf_err e;
	char want[64];
	err_clear(&e);
	assert_int_equal(calendar_load(c, text, "2027.tsv", &e), -1);
	assert_int_equal(e.code, EC_INVALID);
	snprintf(want, sizeof(want), "2027.tsv 第 %d 行：", line);
	if (strncmp(e.message, want, strlen(want)) != 0 || !strstr(e.message, needle))
		fail_msg("message \"%s\", want \"%s…%s\"", e.message, want, needle);
	assert_false(calendar_has_year(c, 2027));
	assert_int_equal(calendar_day_kind(c, D(2027, 1, 1)), CAL_NORMAL);
	calendar_free(c);
}

static void test_load_errors(void **state)
{
	const char *ok = "# 2027\n2027-01-01\tholiday\t元旦\n";
	char text[512];
	snprintf(text, sizeof(text), "%s2027-02-30\tholiday\t春节\n", ok);
	refused(text, 3, "日期“2027-02-30”无效");
	snprintf(text, sizeof(text), "%s2027-02-06\trest\t春节\n", ok);
	refused(text, 3, "类别“rest”无效");
	snprintf(text, sizeof(text), "%s2027-02-06\n", ok);
	refused(text, 3, "缺少类别");
	snprintf(text, sizeof(text), "%s2027-02-06 holiday 春节\n", ok); /* spaces, no tabs */
	refused(text, 3, "缺少类别");
	snprintf(text, sizeof(text), "%s2027-02-06\tholiday\t春节\t多余\n", ok);
	refused(text, 3, "列数过多");
	/* A make-up working day on a Friday is a typo: it works anyway. */
	snprintf(text, sizeof(text), "%s2027-02-05\tworkday\t春节调休\n", ok);
	refused(text, 3, "2027-02-05 是星期五");
	snprintf(text, sizeof(text), "%s\n2027-01-01\tholiday\t元旦\n", ok);
	refused(text, 4, "与第 2 行重复");
	snprintf(text, sizeof(text), "%s1899-12-31\tholiday\t元旦\n", ok);
	refused(text, 3, "日期“1899-12-31”无效");
	snprintf(text, sizeof(text), "%s2027-02-06\tholiday\t%s\n", ok,
		 "一二三四五六七八九十一二三四五六七八九十一二三");
	refused(text, 3, "名称过长");
	snprintf(text, sizeof(text), "%s2027-02-06\tholiday\t春\x01节\n", ok);
	refused(text, 3, "控制字符");
	/* Found by tests/fuzz/fuzz_calendar: a name that is not UTF-8 (cut,
	 * or a GBK file) was kept and shown as the holiday's name. */
	snprintf(text, sizeof(text), "%s2027-02-06\tholiday\t春\xE8\x8A\n", ok);
	refused(text, 3, "不是有效的 UTF-8");
	snprintf(text, sizeof(text), "%s2027-02-06\tholiday\t\xB4\xBA\xBD\xDA\n", ok);
	refused(text, 3, "不是有效的 UTF-8");
	snprintf(text, sizeof(text), "%s2027-02-06\tholiday\t\xED\xA0\x80\n", ok); /* surrogate */
	refused(text, 3, "不是有效的 UTF-8");

	struct bf_err e;
	struct calendar *c = calendar_new();
	assert_int_equal(calendar_load(c, NULL, "x.tsv", &e), -1);
	assert_non_null(strstr(e.message, "x.tsv"));
	calendar_free(c);
}

/* The counting must stay cheap: the to-do list computes a deadline for every
 * open case on each page. */
static void test_speed(void **state)
{
	const struct calendar *c = *state;
	clock_t t0 = clock();
	struct ymd out;
	long sum = 0;
	for (int i = 0; i < 20000; i++) {
		struct ymd s = date_from_days(date_to_days(D(2024, 1, 1)) + i % 1000);
		assert_int_equal(calendar_add_workdays(c, s, 100, &out, NULL), 0);
		sum += out.d;
	}
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	print_message("20000 x add_workdays(100): %.3f s (checksum %ld)\n", secs, sum);
	assert_true(secs < 10.0); /* generous: sanitizer builds are slow */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_builtin_files, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_holiday_totals, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_working_days_per_year, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_names, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_spring_festival_2024, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_national_day_2024, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_2020_extension, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_year_without_data, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_arguments, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_consistency, setup, teardown),
	    cmocka_unit_test(test_set_and_clear),
	    cmocka_unit_test(test_load_lenient_forms),
	    cmocka_unit_test(test_load_errors),
	    cmocka_unit_test_setup_teardown(test_speed, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
