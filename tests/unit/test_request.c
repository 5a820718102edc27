/* test_request.c - unit tests of the JSON request helpers of
 * src/http/request.c (json_get_ids, json_get_str, json_only_keys,
 * percent_decode) on their own, without a server. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "http/internal.h"

static json_t *body(const char *text)
{
	json_error_t jerr;
	json_t *j = json_loads(text, 0, &jerr);
	assert_non_null(j);
	return j;
}

static void test_ids(void **state)
{
	json_t *j = body("{\"ids\":[3,1,2]}");
	int64_t *ids = NULL;
	size_t n = 99;
	struct bf_err e;
	assert_int_equal(json_get_ids(j, "ids", &ids, &n, 5, "编号", &e), 0);
	assert_int_equal(n, 3);
	assert_int_equal(ids[0], 3);
	free(ids);
	json_decref(j);
}

/* Found by tests/fuzz/fuzz_request: a bad item after good ones freed the
 * list but left *n counting them, so a loop to *n read a NULL list. */
static void test_ids_refused_leaves_none(void **state)
{
	static const char *const bad[] = {"{\"ids\":[1,0,3]}", "{\"ids\":[1,2,\"x\"]}",
					  "{\"ids\":[5,-1]}"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_t *j = body(bad[i]);
		int64_t *ids = (int64_t *)1;
		size_t n = 99;
		struct bf_err e;
		assert_int_equal(json_get_ids(j, "ids", &ids, &n, 5, "编号", &e), -1);
		assert_null(ids);
		assert_int_equal(n, 0);
		assert_string_equal(e.field, "ids");
		json_decref(j);
	}
}

static void test_str(void **state)
{
	json_t *j = body("{\"name\":\"张三\",\"long\":\"一二三四五六\",\"n\":1}");
	char dst[8] = "";
	struct bf_err e;
	assert_int_equal(json_get_str(j, "name", dst, sizeof(dst), "姓名", &e), 0);
	assert_string_equal(dst, "张三");
	assert_int_equal(json_get_str(j, "long", dst, sizeof(dst), "说明", &e), -1);
	assert_int_equal(json_get_str(j, "n", dst, sizeof(dst), "姓名", &e), -1);
	assert_string_equal(e.field, "n");
	json_decref(j);
}

static void test_percent_decode(void **state)
{
	char out[8];
	assert_int_equal(percent_decode("a%E6%94%B6", out, sizeof(out)), 0);
	assert_string_equal(out, "a\xE6\x94\xB6");
	assert_int_equal(percent_decode("%zz", out, sizeof(out)), -1);
	assert_int_equal(percent_decode("a%00", out, sizeof(out)), -1);
	assert_int_equal(percent_decode("%4", out, sizeof(out)), -1);
	assert_int_equal(percent_decode("12345678", out, sizeof(out)), -1); /* no room for NUL */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ids),
	    cmocka_unit_test(test_ids_refused_leaves_none),
	    cmocka_unit_test(test_str),
	    cmocka_unit_test(test_percent_decode),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
