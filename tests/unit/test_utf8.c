/* test_utf8.c - unit tests of UTF-8 checking and cutting (utf8.h) and of
 * the error messages and fields err_set fills: a long text is cut between
 * characters, never inside one, whatever the number of bytes before it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "err.h"
#include "strbuf.h"
#include "utf8.h"

static int valid(const char *s)
{
	return utf8_valid(s, strlen(s));
}

static void test_valid(void **state)
{
	assert_true(valid(""));
	assert_true(valid("abc"));
	assert_true(valid("帮扶 ü €"));
	assert_true(valid("\xF0\x9F\x98\x80"));	 /* U+1F600 */
	assert_true(valid("\xF4\x8F\xBF\xBF"));	 /* U+10FFFF */
	assert_false(valid("\xE3"));		 /* a lead byte alone */
	assert_false(valid("\xE5\xB8"));	 /* cut */
	assert_false(valid("a\x80"));		 /* a stray continuation byte */
	assert_false(valid("\xC0\xAF"));	 /* overlong '/' */
	assert_false(valid("\xE0\x80\xAF"));	 /* overlong */
	assert_false(valid("\xED\xA0\x80"));	 /* a surrogate */
	assert_false(valid("\xF4\x90\x80\x80")); /* above U+10FFFF */
	assert_false(valid("\xFF"));
	assert_true(utf8_valid("a\0b", 3)); /* NUL is a character */
}

static void test_prefix(void **state)
{
	const char *s = "ab键盘"; /* 2 + 3 + 3 bytes */
	assert_int_equal(utf8_prefix(s, 0), 0);
	assert_int_equal(utf8_prefix(s, 2), 2);
	assert_int_equal(utf8_prefix(s, 3), 2);
	assert_int_equal(utf8_prefix(s, 4), 2);
	assert_int_equal(utf8_prefix(s, 5), 5);
	assert_int_equal(utf8_prefix(s, 7), 5);
	assert_int_equal(utf8_prefix(s, 8), 8);
	assert_int_equal(utf8_prefix(s, 100), 8);
	assert_int_equal(utf8_prefix("a\xFF"
				     "b",
				     2),
			 2);				   /* a stray byte is one */
	assert_int_equal(utf8_prefix("ab\xE9\x94", 4), 2); /* ends inside a character */
	assert_int_equal(utf8_prefix("ab\xE9\x94", 3), 2);
}

static void test_copy(void **state)
{
	char out[6];
	for (size_t pad = 0; pad < 3; pad++) {
		char in[64];
		snprintf(in, sizeof(in), "%.*s键键键键", (int)pad, "xx");
		utf8_copy(out, sizeof(out), in);
		assert_true(valid(out));
		assert_int_equal(strlen(out), pad + 3 * ((5 - pad) / 3));
		assert_memory_equal(out, in, strlen(out));
	}
	utf8_copy(out, sizeof(out), "abc");
	assert_string_equal(out, "abc");
}

static void test_fix(void **state)
{
	char a[] = "键盘\xE9\x94"; /* cut at the end: dropped */
	assert_int_equal(utf8_fix(a), 2);
	assert_string_equal(a, "键盘");
	char b[] = "a\xE3z\xFF键"; /* inside: each bad byte becomes '?' */
	assert_int_equal(utf8_fix(b), 2);
	assert_string_equal(b, "a?z?键");
	char c[] = "\xED\xA0\x80"; /* a surrogate is no cut character */
	utf8_fix(c);
	assert_true(valid(c));
	char d[] = "好";
	assert_int_equal(utf8_fix(d), 0);
	assert_string_equal(d, "好");
}

/* Every length of text before a long run of 3-byte characters: the message
 * and the field stay valid and keep as much as fits. */
static void test_err_set_cuts_between_characters(void **state)
{
	char key[800];
	for (size_t pad = 0; pad < 3; pad++) {
		memset(key, 'a', pad);
		key[pad] = '\0';
		for (int i = 0; i < 250; i++)
			memcpy(key + strlen(key), "键", sizeof("键"));
		struct bf_err e;
		err_set(&e, EC_INVALID, key, "未知字段“%s”", key);
		assert_true(valid(e.message));
		assert_true(valid(e.field));
		assert_true(strlen(e.message) > sizeof(e.message) - 4);
		assert_true(strlen(e.field) > sizeof(e.field) - 4);
		assert_memory_equal(e.field, key, strlen(e.field));
	}
}

static void test_err_set_repairs(void **state)
{
	struct bf_err e;
	err_set(&e, EC_INVALID, "x\xE3", "参数“%s”无效", "\xE3\x81");
	assert_true(valid(e.message));
	assert_true(valid(e.field));
	assert_string_equal(e.message, "参数“??”无效");
	assert_string_equal(e.field, "x");
}

/* JSON written by hand: a whole character passes, a byte that is not one
 * becomes U+FFFD, so the text is always valid JSON. */
static void test_json_str(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_add_json_str(&sb, "张\xE3三\"\n\xF0\x9F\x98\x80\xFF");
	assert_string_equal(strbuf_str(&sb), "张\\ufffd三\\\"\\n\xF0\x9F\x98\x80\\ufffd");
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_valid),
	    cmocka_unit_test(test_prefix),
	    cmocka_unit_test(test_copy),
	    cmocka_unit_test(test_fix),
	    cmocka_unit_test(test_err_set_cuts_between_characters),
	    cmocka_unit_test(test_err_set_repairs),
	    cmocka_unit_test(test_json_str),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
