/* test_phone.c - unit tests of phone number checking, normalising (the
 * blind index depends on one form per number) and masking. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "phone.h"

static void ok(const char *in, const char *want)
{
	char norm[32];
	struct bf_err e;
	if (phone_check(in, norm, &e) != 0)
		fail_msg("\"%s\" refused: %s", in, e.message);
	assert_string_equal(norm, want);
}

static void refused(const char *in)
{
	char norm[32];
	struct bf_err e;
	if (phone_check(in, norm, &e) != -1)
		fail_msg("\"%s\" accepted as %s", in, norm);
	assert_string_equal(e.field, "phone");
	assert_non_null(strstr(e.message, "联系电话"));
}

static void test_mobile(void **state)
{
	ok("13800138000", "13800138000");
	ok("+86 138 0013 8000", "13800138000");
	ok("+8613800138000", "13800138000");
	ok("86 13800138000", "13800138000");
	ok("0086 138-0013-8000", "13800138000");
	ok(" 138-0013-8000 ", "13800138000");
	ok("19912345678", "19912345678");
	ok("１３８００１３８０００", "13800138000"); /* full-width digits */
}

static void test_mobile_bad(void **state)
{
	refused("12812345678"); /* no 12x mobile prefix */
	refused("11012345678");
	refused("1381234567");	 /* 10 digits */
	refused("138001380001"); /* 12 digits */
	refused("+1 415 555 0100");
	refused("+86 12812345678");
}

static void test_landline(void **state)
{
	ok("010-12345678", "010-12345678");
	ok("0755 12345678", "0755-12345678");
	ok("075512345678", "0755-12345678");
	ok("01012345678", "010-12345678");
	ok("(0755)1234567", "0755-1234567");
	ok("021-8765432", "021-8765432");
	ok("0371-66668888-801", "0371-66668888-801");
}

static void test_landline_bad(void **state)
{
	refused("12345678");	   /* no area code */
	refused("0755-123456");	   /* number too short */
	refused("0755-123456789"); /* too long */
	refused("0101-2345678");   /* 010 has two digits after 0 */
	refused("0012345678");
	refused("0755-02345678");
	refused("0371-66668888-1234567");
}

static void test_garbage_and_missing(void **state)
{
	char norm[32];
	struct bf_err e;
	refused("abc");
	refused("138OO138000"); /* letter O */
	refused("0");
	refused("1");
	assert_int_equal(phone_check("", norm, &e), -1);
	assert_int_equal(e.code, EC_MISSING);
	assert_int_equal(phone_check("  ", norm, &e), -1);
	assert_int_equal(e.code, EC_MISSING);
	assert_int_equal(phone_check(NULL, norm, &e), -1);
	assert_int_equal(e.code, EC_MISSING);
	assert_int_equal(phone_check("1-2-3-4-5-6-7-8-9", norm, &e), -1);
	assert_int_equal(e.code, EC_INVALID);
}

static void test_mask(void **state)
{
	char out[32];
	phone_mask("13800138000", out);
	assert_string_equal(out, "138****8000");
	phone_mask("0755-12345678", out);
	assert_string_equal(out, "0755-******78");
	phone_mask("010-1234567", out);
	assert_string_equal(out, "010-*****67");
	phone_mask("0371-66668888-801", out);
	assert_string_equal(out, "0371-******88");
	phone_mask("", out);
	assert_string_equal(out, "");
	phone_mask(NULL, out);
	assert_string_equal(out, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_mobile),
	    cmocka_unit_test(test_mobile_bad),
	    cmocka_unit_test(test_landline),
	    cmocka_unit_test(test_landline_bad),
	    cmocka_unit_test(test_garbage_and_missing),
	    cmocka_unit_test(test_mask),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
