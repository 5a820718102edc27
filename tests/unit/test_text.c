/* test_text.c - unit tests of the one text validator (core/common/text.c) and the
 * limits table (limits.h): lengths in characters, the characters names and
 * free texts refuse, strict UTF-8, and every row of the table in
 * docs/API.md. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "text.h"

static void passes(const char *s, enum text_kind kind)
{
	uint32_t bad = 0;
	enum text_fault f = text_scan(s, kind, &bad);
	if (f != TEXT_OK)
		fail_msg("\"%s\" refused (%d, U+%04X)", s, f, (unsigned)bad);
}

static void refused(const char *s, enum text_kind kind, enum text_fault want, uint32_t cp)
{
	uint32_t bad = 0;
	enum text_fault f = text_scan(s, kind, &bad);
	if (f != want)
		fail_msg("\"%s\": fault %d, want %d", s, f, want);
	if (want != TEXT_BAD_UTF8 && bad != cp)
		fail_msg("\"%s\": at U+%04X, want U+%04X", s, (unsigned)bad, (unsigned)cp);
}

static void names_refuse_invisible_and_bidi(void **state)
{
	(void)state;
	passes("张三", TEXT_LINE);
	passes("阿依古丽·艾买提", TEXT_LINE);
	passes("𠀀𪚥", TEXT_LINE); /* outside the BMP */
	passes("\xe8\x91\x9b\xf3\xa0\x84\x80",
	       TEXT_LINE); /* 葛 + an ideographic variation selector */
	refused("\xef\xbb\xbf", TEXT_LINE, TEXT_BAD_INVISIBLE, 0xFEFF);
	refused("张\xe2\x80\x8b三", TEXT_LINE, TEXT_BAD_INVISIBLE, 0x200B);  /* ZWSP */
	refused("张\xe2\x80\x8c三", TEXT_LINE, TEXT_BAD_INVISIBLE, 0x200C);  /* ZWNJ */
	refused("张\xe2\x80\x8d三", TEXT_LINE, TEXT_BAD_INVISIBLE, 0x200D);  /* ZWJ */
	refused("张\xc2\xad三", TEXT_LINE, TEXT_BAD_INVISIBLE, 0x00AD);	     /* soft hyphen */
	refused("张\xe2\x81\xa0三", TEXT_LINE, TEXT_BAD_INVISIBLE, 0x2060);  /* word joiner */
	refused("张\xef\xb8\x8f三", TEXT_LINE, TEXT_BAD_INVISIBLE, 0xFE0F);  /* VS16 */
	refused("\xe3\x85\xa4", TEXT_LINE, TEXT_BAD_INVISIBLE, 0x3164);	     /* Hangul filler */
	refused("\xf3\xa0\x80\x81", TEXT_LINE, TEXT_BAD_INVISIBLE, 0xE0001); /* language tag */
	refused("张\xe2\x80\xae三", TEXT_LINE, TEXT_BAD_BIDI, 0x202E);	     /* RLO */
	refused("张\xe2\x80\xaa三", TEXT_LINE, TEXT_BAD_BIDI, 0x202A);	     /* LRE */
	refused("张\xe2\x81\xa6三", TEXT_LINE, TEXT_BAD_BIDI, 0x2066);	     /* LRI */
	refused("张\xe2\x81\xa9三", TEXT_LINE, TEXT_BAD_BIDI, 0x2069);	     /* PDI */
	refused("张\xe2\x80\x8e三", TEXT_LINE, TEXT_BAD_BIDI, 0x200E);	     /* LRM */
	refused("张\xe2\x80\x8f三", TEXT_LINE, TEXT_BAD_BIDI, 0x200F);	     /* RLM */
	refused("张\n三", TEXT_LINE, TEXT_BAD_NEWLINE, '\n');
	refused("张\t三", TEXT_LINE, TEXT_BAD_NEWLINE, '\t');
	refused("张\x01三", TEXT_LINE, TEXT_BAD_CONTROL, 0x01);
	refused("张\x7f三", TEXT_LINE, TEXT_BAD_CONTROL, 0x7F);
	refused("张\xc2\x85三", TEXT_LINE, TEXT_BAD_CONTROL, 0x85); /* NEL (C1) */
	refused("张\xe2\x80\xa8三", TEXT_LINE, TEXT_BAD_CONTROL, 0x2028);
	refused("张\xef\xbf\xbe", TEXT_LINE, TEXT_BAD_CONTROL, 0xFFFE);
}

static void free_text_keeps_lines_not_overrides(void **state)
{
	(void)state;
	passes("第一行\n第二行\r\n\t缩进", TEXT_FREE);
	passes("家\xe2\x80\x8d庭", TEXT_FREE); /* ZWJ is fine in running text */
	passes("a\xe2\x80\x8f b", TEXT_FREE);  /* so is a direction mark */
	refused("原因\xe2\x80\xae", TEXT_FREE, TEXT_BAD_BIDI, 0x202E);
	refused("原因\xe2\x81\xa7", TEXT_FREE, TEXT_BAD_BIDI, 0x2067);
	refused("原因\x1b[31m", TEXT_FREE, TEXT_BAD_CONTROL, 0x1B);
	refused("原因\xe2\x80\xa9", TEXT_FREE, TEXT_BAD_CONTROL, 0x2029);
}

static void strict_utf8(void **state)
{
	(void)state;
	refused("\xc0\xaf", TEXT_FREE, TEXT_BAD_UTF8, 0);	  /* overlong "/" */
	refused("\xe0\x80\xaf", TEXT_FREE, TEXT_BAD_UTF8, 0);	  /* overlong */
	refused("\xed\xa0\x80", TEXT_FREE, TEXT_BAD_UTF8, 0);	  /* a surrogate */
	refused("\xf4\x90\x80\x80", TEXT_FREE, TEXT_BAD_UTF8, 0); /* above U+10FFFF */
	refused("ab\xe5\xbc", TEXT_FREE, TEXT_BAD_UTF8, 0);	  /* cut at the end */
	refused("\x80", TEXT_FREE, TEXT_BAD_UTF8, 0);
	refused("\xff", TEXT_FREE, TEXT_BAD_UTF8, 0);
}

static void fields_count_characters(void **state)
{
	(void)state;
	struct bf_err e;
	char v[TEXT_BYTES(TF_MEMBER_NAME_MAX) + 8] = "";
	/* 20 characters of 4 bytes each: at the limit, in the buffer */
	for (int i = 0; i < TF_MEMBER_NAME_MAX; i++)
		memcpy(v + strlen(v), "\xf0\xa0\x80\x80", sizeof("\xf0\xa0\x80\x80"));
	assert_int_equal(text_field(v, TF_MEMBER_NAME, 1, &e), 0);
	memcpy(v + strlen(v), "张", sizeof("张"));
	assert_int_equal(text_field(v, TF_MEMBER_NAME, 1, &e), -1);
	assert_int_equal(e.code, EC_INVALID);
	assert_string_equal(e.field, "name");
	assert_non_null(strstr(e.message, "姓名最长 20 个字"));

	snprintf(v, sizeof(v), "\xef\xbb\xbf"); /* a name of one BOM */
	assert_int_equal(text_field(v, TF_MEMBER_NAME, 1, &e), -1);
	assert_string_equal(e.field, "name");
	assert_non_null(strstr(e.message, "U+FEFF"));

	snprintf(v, sizeof(v), " \xe3\x80\x80 "); /* spaces only: missing */
	assert_int_equal(text_field(v, TF_MEMBER_NAME, 1, &e), -1);
	assert_int_equal(e.code, EC_MISSING);
	assert_string_equal(e.message, "请填写姓名");
	assert_int_equal(text_field(v, TF_MEMBER_NAME, 0, &e), 0);

	snprintf(v, sizeof(v), "李四");
	assert_int_equal(text_field_at(v, TF_FAMILY_NAME, 1, "family[3].name", &e), 0);
	snprintf(v, sizeof(v), "李\xe2\x80\xae四");
	assert_int_equal(text_field_at(v, TF_FAMILY_NAME, 1, "family[3].name", &e), -1);
	assert_string_equal(e.field, "family[3].name");
	assert_non_null(strstr(e.message, "家庭成员姓名"));
}

/* docs/API.md's table of limits has a row per field with its numbers. */
static void documented(void **state)
{
	(void)state;
	FILE *f = fopen(SOURCE_ROOT "/docs/API.md", "r");
	assert_non_null(f);
	char *doc = calloc(1, 1 << 20);
	size_t n = fread(doc, 1, (1 << 20) - 1, f);
	fclose(f);
	doc[n] = '\0';
	for (int i = 0; i < TF_COUNT; i++) {
		const struct text_limit *l = &text_limits[i];
		char row[256];
		snprintf(row, sizeof(row), "| `%s` | %s | %u | %s |", l->field, l->label, l->max,
			 l->kind == TEXT_LINE ? "一行" : "多行");
		if (!strstr(doc, row))
			fail_msg("docs/API.md lacks the row %s", row);
		assert_true(l->max > 0);
	}
	free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(names_refuse_invisible_and_bidi),
	    cmocka_unit_test(free_text_keeps_lines_not_overrides),
	    cmocka_unit_test(strict_utf8),
	    cmocka_unit_test(fields_count_characters),
	    cmocka_unit_test(documented),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
