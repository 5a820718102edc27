/* test_idnum.c - unit tests of the ID-number check (GB 11643-1999).  Valid
 * numbers are built here by computing the check character, never copied
 * from real people. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "idnum.h"

#define TODAY "2024-06-01"

/* The check character of 17 digits (ISO 7064 MOD 11-2). */
static char check_of(const char *d17)
{
	static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (d17[i] - '0') * w[i];
	return "10X98765432"[sum % 11];
}

/* region + yyyymmdd + 3-digit sequence, completed with its check char. */
static void make_id(char out[19], const char *region, const char *birth, int seq)
{
	snprintf(out, 19, "%.6s%.8s%03d", region, birth, seq % 1000);
	out[17] = check_of(out);
	out[18] = '\0';
}

static int check(const char *id, struct bf_err *e)
{
	return idnum_check(id, TODAY, NULL, NULL, NULL, e);
}

static void test_valid_outputs(void **state)
{
	char id[19], norm[19], birth[11], gender[4];
	struct bf_err e;
	make_id(id, "110105", "19491231", 123); /* 17th digit 3: odd */
	assert_int_equal(idnum_check(id, TODAY, norm, birth, gender, &e), 0);
	assert_string_equal(norm, id);
	assert_string_equal(birth, "1949-12-31");
	assert_string_equal(gender, "男");
	make_id(id, "440305", "19800715", 124); /* even */
	assert_int_equal(idnum_check(id, TODAY, norm, birth, gender, &e), 0);
	assert_string_equal(gender, "女");
	assert_string_equal(birth, "1980-07-15");
}

/* Finds a sequence number whose check character is X. */
static void make_x_id(char id[19])
{
	for (int seq = 0; seq < 1000; seq++) {
		make_id(id, "320102", "19650304", seq);
		if (id[17] == 'X')
			return;
	}
	fail_msg("no sequence gives X");
}

static void test_check_x(void **state)
{
	char id[19], norm[19];
	struct bf_err e;
	make_x_id(id);
	assert_int_equal(idnum_check(id, TODAY, norm, NULL, NULL, &e), 0);
	assert_string_equal(norm, id);
	id[17] = 'x';
	assert_int_equal(idnum_check(id, TODAY, norm, NULL, NULL, &e), 0);
	assert_int_equal(norm[17], 'X');
	id[17] = '0';
	assert_int_equal(check(id, &e), -1);
}

static void test_bad_check_char(void **state)
{
	char id[19];
	struct bf_err e;
	make_id(id, "110105", "19700101", 11);
	id[17] = id[17] == '5' ? '6' : '5';
	assert_int_equal(check(id, &e), -1);
	assert_int_equal(e.code, EC_INVALID);
	assert_string_equal(e.field, "id_number");
	assert_non_null(strstr(e.message, "校验位"));
	/* One digit mistyped in the middle is caught too. */
	make_id(id, "110105", "19700101", 11);
	id[3] = id[3] == '1' ? '2' : '1';
	assert_int_equal(check(id, &e), -1);
}

static void test_leap_day(void **state)
{
	char id[19];
	struct bf_err e;
	make_id(id, "110105", "20000229", 1); /* 2000: divisible by 400 */
	assert_int_equal(check(id, &e), 0);
	make_id(id, "110105", "19960229", 1);
	assert_int_equal(check(id, &e), 0);
	make_id(id, "110105", "20230229", 1);
	assert_int_equal(check(id, &e), -1);
	assert_non_null(strstr(e.message, "出生日期"));
	assert_non_null(strstr(e.message, "身份证号码"));
	make_id(id, "110105", "19000229", 1); /* 1900: not a leap year */
	assert_int_equal(check(id, &e), -1);
	make_id(id, "110105", "19700230", 1);
	assert_int_equal(check(id, &e), -1);
	make_id(id, "110105", "19701301", 1);
	assert_int_equal(check(id, &e), -1);
	make_id(id, "110105", "19700100", 1);
	assert_int_equal(check(id, &e), -1);
}

static void test_dates_range(void **state)
{
	char id[19];
	struct bf_err e;
	make_id(id, "110105", "20240601", 1); /* born today */
	assert_int_equal(check(id, &e), 0);
	make_id(id, "110105", "20240602", 1);
	assert_int_equal(check(id, &e), -1);
	assert_non_null(strstr(e.message, "晚于今天"));
	make_id(id, "110105", "20300101", 1);
	assert_int_equal(check(id, &e), -1);
	make_id(id, "110105", "18991231", 1);
	assert_int_equal(check(id, &e), -1);
	make_id(id, "110105", "19000101", 1);
	assert_int_equal(check(id, &e), 0);
}

static void test_today_from_env(void **state)
{
	char id[19];
	struct bf_err e;
	make_id(id, "110105", "20240602", 1);
	setenv("BANGFU_TODAY", "2024-06-01", 1);
	assert_int_equal(idnum_check(id, NULL, NULL, NULL, NULL, &e), -1);
	setenv("BANGFU_TODAY", "2024-06-02", 1);
	assert_int_equal(idnum_check(id, NULL, NULL, NULL, NULL, &e), 0);
	unsetenv("BANGFU_TODAY");
}

static void test_fifteen_digits(void **state)
{
	struct bf_err e;
	assert_int_equal(check("110105491231002", &e), -1);
	assert_int_equal(e.code, EC_INVALID);
	assert_string_equal(e.field, "id_number");
	assert_non_null(strstr(e.message, "18位"));
	assert_non_null(strstr(e.message, "15位"));
}

static void test_wrong_length(void **state)
{
	char id[19];
	struct bf_err e;
	make_id(id, "110105", "19491231", 2);
	char longer[21];
	snprintf(longer, sizeof(longer), "%s1", id);
	assert_int_equal(check(longer, &e), -1);
	assert_non_null(strstr(e.message, "18位"));
	id[17] = '\0';
	assert_int_equal(check(id, &e), -1);
	assert_non_null(strstr(e.message, "17"));
	assert_int_equal(check("1234", &e), -1);
}

static void test_letters_inside(void **state)
{
	char id[19];
	struct bf_err e;
	make_id(id, "110105", "19491231", 2);
	id[8] = 'A';
	assert_int_equal(check(id, &e), -1);
	assert_non_null(strstr(e.message, "第 9 位"));
	make_id(id, "110105", "19491231", 2);
	id[0] = 'X';
	assert_int_equal(check(id, &e), -1);
	make_id(id, "110105", "19491231", 2);
	id[17] = 'Y';
	assert_int_equal(check(id, &e), -1);
}

static void test_missing_and_spaces(void **state)
{
	char id[19], padded[40], norm[19];
	struct bf_err e;
	assert_int_equal(check("", &e), -1);
	assert_int_equal(e.code, EC_MISSING);
	assert_int_equal(check(NULL, &e), -1);
	assert_int_equal(e.code, EC_MISSING);
	assert_int_equal(check("   ", &e), -1);
	assert_int_equal(e.code, EC_MISSING);
	make_id(id, "110105", "19491231", 2);
	snprintf(padded, sizeof(padded), "  %s \n", id);
	assert_int_equal(idnum_check(padded, TODAY, norm, NULL, NULL, &e), 0);
	assert_string_equal(norm, id);
}

static void test_mask(void **state)
{
	char out[19];
	idnum_mask("11010519491231002X", out);
	assert_string_equal(out, "110105********002X");
	idnum_mask("12345", out);
	assert_string_equal(out, "*****");
	idnum_mask(NULL, out);
	assert_string_equal(out, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_valid_outputs),  cmocka_unit_test(test_check_x),
	    cmocka_unit_test(test_bad_check_char), cmocka_unit_test(test_leap_day),
	    cmocka_unit_test(test_dates_range),	   cmocka_unit_test(test_today_from_env),
	    cmocka_unit_test(test_fifteen_digits), cmocka_unit_test(test_wrong_length),
	    cmocka_unit_test(test_letters_inside), cmocka_unit_test(test_missing_and_spaces),
	    cmocka_unit_test(test_mask),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
