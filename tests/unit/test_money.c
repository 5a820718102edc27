/* test_money.c - unit tests of fen <-> yuan text: the formats people read
 * in sentences and tables, and the amounts they type (full-width digits,
 * separators, a unit), with the refusals that keep fen exact. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cmocka.h>
#include "money.h"

static void formats(int64_t fen, const char *want)
{
	char out[MONEY_TEXT_MAX];
	money_format(fen, out);
	assert_string_equal(out, want);
}

static void formats_amount(int64_t fen, const char *want)
{
	char out[MONEY_TEXT_MAX];
	money_format_amount(fen, out);
	assert_string_equal(out, want);
}

static void parses(const char *in, int64_t want)
{
	int64_t fen = -12345;
	struct bf_err e;
	if (money_parse(in, &fen, "amount_fen", "救助金额", &e) != 0)
		fail_msg("\"%s\" refused: %s", in, e.message);
	assert_int_equal(fen, want);
}

static void refused(const char *in, enum ec code, const char *part)
{
	int64_t fen = -12345;
	struct bf_err e;
	if (money_parse(in, &fen, "amount_fen", "救助金额", &e) != -1)
		fail_msg("\"%s\" accepted as %lld fen", in, (long long)fen);
	assert_int_equal(e.code, code);
	assert_string_equal(e.field, "amount_fen");
	assert_non_null(strstr(e.message, "救助金额"));
	if (part && !strstr(e.message, part))
		fail_msg("\"%s\": message \"%s\" lacks \"%s\"", in, e.message, part);
	assert_int_equal(fen, -12345); /* untouched on error */
}

static void test_format(void **state)
{
	formats(0, "0 元");
	formats(5, "0.05 元");
	formats(50, "0.50 元");
	formats(60000, "600 元");
	formats(123450, "1,234.50 元");
	formats(240000, "2,400 元");
	formats(100000000, "1,000,000 元");
	formats(99999, "999.99 元");
	formats(-1230, "-12.30 元");
	formats(-100, "-1 元");
}

static void test_format_extremes(void **state)
{
	formats(INT64_MAX, "92,233,720,368,547,758.07 元");
	formats(INT64_MIN, "-92,233,720,368,547,758.08 元");
	char out[MONEY_TEXT_MAX];
	money_format(INT64_MIN, out);
	assert_true(strlen(out) < MONEY_TEXT_MAX);
}

static void test_format_amount(void **state)
{
	formats_amount(0, "0.00");
	formats_amount(60000, "600.00");
	formats_amount(123450, "1,234.50");
	formats_amount(100000, "1,000.00");
	formats_amount(-5, "-0.05");
}

static void test_parse(void **state)
{
	parses("600", 60000);
	parses("600.5", 60050);
	parses("600.50", 60050);
	parses("600.05", 60005);
	parses("0.01", 1);
	parses("0", 0);
	parses("1,200", 120000);
	parses("1,200.00", 120000);
	parses("1,234,567.89", 123456789);
	parses("１２００", 120000);	  /* full-width digits */
	parses("１，２００．５", 120050); /* full-width separator and point */
	parses(" 600 ", 60000);
	parses("\xE3\x80\x80"
	       "600",
	       60000); /* ideographic space */
	parses("600元", 60000);
	parses("600 元", 60000);
	parses("¥600", 60000);
	parses("￥ 1,000", 100000);
	parses("0600", 60000);
}

static void test_parse_refused(void **state)
{
	refused("600.555", EC_INVALID, "两位小数");
	refused("0.001", EC_INVALID, "两位小数");
	refused("-5", EC_INVALID, "负数");
	refused("－5", EC_INVALID, "负数"); /* full-width minus */
	refused("", EC_MISSING, "请填写");
	refused("   ", EC_MISSING, "请填写");
	refused("元", EC_MISSING, "请填写");
	refused("1,20", EC_INVALID, "千位分隔符");
	refused("12,00", EC_INVALID, "千位分隔符");
	refused("1234,567", EC_INVALID, "千位分隔符");
	refused(",100", EC_INVALID, "千位分隔符");
	refused("1,,200", EC_INVALID, "千位分隔符");
	refused("600.", EC_INVALID, "小数点");
	refused("六百", EC_INVALID, NULL);
	refused("600 700", EC_INVALID, NULL);
	refused("1e3", EC_INVALID, NULL);
	refused("+600", EC_INVALID, NULL);
	refused("600元整", EC_INVALID, NULL);
	refused("99999999999999999999", EC_INVALID, "范围");
}

static void test_parse_format_roundtrip(void **state)
{
	static const int64_t v[] = {0, 1, 99, 100, 60000, 123456, 300001, 987654321};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		char out[MONEY_TEXT_MAX];
		money_format_amount(v[i], out);
		parses(out, v[i]);
		money_format(v[i], out);
		parses(out, v[i]);
	}
}

/* Found by tests/fuzz/fuzz_money: an input ending in the lead byte of a
 * full-width character, ¥ or 元 made money_parse compare three bytes from
 * there, past the string's end.  Each input is put at the very end of a
 * page followed by an inaccessible one, so reading past its NUL faults
 * in any build (and ASan names it). */
static void test_parse_lead_byte_at_end(void **state)
{
	static const char *const in[] = {"600\xE5",  "1\xEF",	 "1\xEF\xBC", "\xC2",
					 "\xEF\xBF", "\xE3\x80", "12\xE5\x85"};
	long page = sysconf(_SC_PAGESIZE);
	char *map = mmap(NULL, (size_t)page * 2, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(map != MAP_FAILED);
	assert_int_equal(mprotect(map + page, (size_t)page, PROT_NONE), 0);
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		size_t n = strlen(in[i]) + 1;
		char *s = map + page - n;
		memcpy(s, in[i], n);
		refused(s, EC_INVALID, "金额数字");
	}
	munmap(map, (size_t)page * 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_format),
	    cmocka_unit_test(test_format_extremes),
	    cmocka_unit_test(test_format_amount),
	    cmocka_unit_test(test_parse),
	    cmocka_unit_test(test_parse_refused),
	    cmocka_unit_test(test_parse_format_roundtrip),
	    cmocka_unit_test(test_parse_lead_byte_at_end),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
