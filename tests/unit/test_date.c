/* test_date.c - unit tests of date parsing (the shapes people type into
 * forms and spreadsheets), calendar rules and day arithmetic. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "date.h"

static void parses(const char *in, int y, int m, int d, int want_day)
{
	struct ymd out;
	struct bf_err e;
	int has_day = -1;
	if (date_parse(in, &out, &has_day, "birth_date", "出生日期", &e) != 0)
		fail_msg("\"%s\" refused: %s", in, e.message);
	assert_int_equal(out.y, y);
	assert_int_equal(out.m, m);
	assert_int_equal(out.d, d);
	assert_int_equal(has_day, want_day);
}

static void refused(const char *in)
{
	struct ymd out;
	struct bf_err e;
	if (date_parse(in, &out, NULL, "birth_date", "出生日期", &e) != -1)
		fail_msg("\"%s\" accepted", in);
	assert_string_equal(e.field, "birth_date");
	assert_non_null(strstr(e.message, "出生日期"));
}

static void test_formats(void **state)
{
	parses("1975-07-01", 1975, 7, 1, 1);
	parses("1975/7/1", 1975, 7, 1, 1);
	parses("1975.07", 1975, 7, 1, 0);
	parses("1975.7.1", 1975, 7, 1, 1);
	parses("1975年7月", 1975, 7, 1, 0);
	parses("1975年7月1日", 1975, 7, 1, 1);
	parses("1975年07月31日", 1975, 7, 31, 1);
	parses("1975年7月1号", 1975, 7, 1, 1);
	parses("197507", 1975, 7, 1, 0);
	parses("19750701", 1975, 7, 1, 1);
	parses("1975-07", 1975, 7, 1, 0);
	parses("1975-7", 1975, 7, 1, 0);
	parses("1975/12/31", 1975, 12, 31, 1);
	parses("  1975-07-01\t", 1975, 7, 1, 1);
	parses("\xE3\x80\x80"
	       "1975-07-01"
	       "\xE3\x80\x80",
	       1975, 7, 1, 1);			       /* U+3000 */
	parses("１９７５－０７－０１", 1975, 7, 1, 1); /* full width */
	parses("１９７５年７月", 1975, 7, 1, 0);
	parses("2000-02-29", 2000, 2, 29, 1);
	parses("2024-02-29", 2024, 2, 29, 1);
}

static void test_invalid(void **state)
{
	refused("2023-02-29");
	refused("1900-02-29");
	refused("1975-13-01");
	refused("1975-00-10");
	refused("197513");
	refused("19751301");
	refused("1975-04-31");
	refused("1975-07-00");
	refused("1975-07-32");
	refused("abc");
	refused("1975");
	refused("75-07-01");
	refused("1975-07-01x");
	refused("1975-07/01"); /* mixed separators */
	refused("1975-7-1-1");
	refused("1975-007-01");
	refused("1975年7");
	refused("1975年7月1日晚");
	refused("19750");
	refused("1975070");
	refused("197507011");
	refused("1899-12-31");
	refused("2101-01-01");
	refused("1975--07");
	refused("１９７５年１３月");
}

static void test_messages(void **state)
{
	struct ymd out;
	struct bf_err e;
	assert_int_equal(date_parse("", &out, NULL, "joined_on", "入党时间", &e), -1);
	assert_int_equal(e.code, EC_MISSING);
	assert_string_equal(e.field, "joined_on");
	assert_non_null(strstr(e.message, "入党时间"));
	assert_int_equal(date_parse("   ", &out, NULL, "joined_on", "入党时间", &e), -1);
	assert_int_equal(e.code, EC_MISSING);
	assert_int_equal(date_parse(NULL, &out, NULL, "joined_on", "入党时间", &e), -1);
	assert_int_equal(e.code, EC_MISSING);
	assert_int_equal(date_parse("2023-02-29", &out, NULL, "joined_on", "入党时间", &e), -1);
	assert_int_equal(e.code, EC_INVALID);
	assert_non_null(strstr(e.message, "2023-02-29"));
	assert_non_null(strstr(e.message, "不是有效日期"));
	assert_int_equal(date_parse("1975-13", &out, NULL, "joined_on", "入党时间", &e), -1);
	assert_non_null(strstr(e.message, "月份"));
	/* Very long garbage is refused without overflowing anything. */
	char big[300];
	memset(big, '9', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(date_parse(big, &out, NULL, "joined_on", "入党时间", &e), -1);
	/* NULL e is allowed. */
	assert_int_equal(date_parse("x", &out, NULL, "joined_on", NULL, NULL), -1);
}

static void test_calendar(void **state)
{
	assert_true(date_is_leap(2000));
	assert_true(date_is_leap(2024));
	assert_false(date_is_leap(1900));
	assert_false(date_is_leap(2023));
	assert_int_equal(date_days_in_month(2024, 2), 29);
	assert_int_equal(date_days_in_month(2023, 2), 28);
	assert_int_equal(date_days_in_month(2023, 4), 30);
	assert_int_equal(date_days_in_month(2023, 13), 0);
	assert_true(date_valid((struct ymd){2024, 2, 29}));
	assert_false(date_valid((struct ymd){2023, 2, 29}));
	assert_false(date_valid((struct ymd){2023, 0, 1}));
	char out[11];
	date_format((struct ymd){1975, 7, 1}, out);
	assert_string_equal(out, "1975-07-01");
	assert_int_equal(date_cmp((struct ymd){1975, 7, 1}, (struct ymd){1975, 7, 2}), -1);
	assert_int_equal(date_cmp((struct ymd){1976, 1, 1}, (struct ymd){1975, 12, 31}), 1);
	assert_int_equal(date_cmp((struct ymd){1975, 7, 1}, (struct ymd){1975, 7, 1}), 0);
}

static void test_years_between(void **state)
{
	struct ymd birth = {1950, 3, 7};
	assert_int_equal(date_years_between(birth, (struct ymd){2026, 3, 6}), 75);
	assert_int_equal(date_years_between(birth, (struct ymd){2026, 3, 7}), 76);
	assert_int_equal(date_years_between(birth, (struct ymd){2026, 11, 22}), 76);
	struct ymd leap = {2000, 2, 29};
	assert_int_equal(date_years_between(leap, (struct ymd){2001, 2, 28}), 0);
	assert_int_equal(date_years_between(leap, (struct ymd){2001, 3, 1}), 1);
}

static void test_days(void **state)
{
	assert_int_equal(date_to_days((struct ymd){1970, 1, 1}), 0);
	assert_int_equal(date_to_days((struct ymd){2000, 3, 1}), 11017);
	assert_int_equal(date_to_days((struct ymd){1969, 12, 31}), -1);
	assert_int_equal(date_to_days((struct ymd){1900, 1, 1}), -25567);
	/* Every day from 1900 to 2100 round-trips and follows the last. */
	struct ymd prev = {1899, 12, 31};
	for (int64_t n = date_to_days((struct ymd){1900, 1, 1});
	     n <= date_to_days((struct ymd){2100, 12, 31}); n++) {
		struct ymd d = date_from_days(n);
		assert_true(date_valid(d));
		assert_int_equal(date_to_days(d), n);
		assert_int_equal(date_cmp(prev, d), -1);
		prev = d;
	}
}

static void test_today(void **state)
{
	setenv("BANGFU_TODAY", "2026-11-22", 1);
	struct ymd t = date_today();
	assert_int_equal(t.y, 2026);
	assert_int_equal(t.m, 11);
	assert_int_equal(t.d, 22);
	unsetenv("BANGFU_TODAY");
	t = date_today();
	assert_true(date_valid(t));
	assert_true(t.y >= 2024);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_formats),	  cmocka_unit_test(test_invalid),
	    cmocka_unit_test(test_messages),	  cmocka_unit_test(test_calendar),
	    cmocka_unit_test(test_years_between), cmocka_unit_test(test_days),
	    cmocka_unit_test(test_today),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
