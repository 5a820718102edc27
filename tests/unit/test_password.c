/* test_password.c - the password policy of core/register/password.c: length and
 * letters with digits, the username in any case, the shipped list of
 * common passwords (compiled in), and generated passwords that pass. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "register.h"

static void refused(const char *user, const char *pw, const char *why)
{
	struct bf_err e;
	memset(&e, 0, sizeof(e));
	if (auth_password_check(user, pw, "new_password", &e) != -1)
		fail_msg("accepted %s for %s", pw, user);
	assert_int_equal(e.code, EC_WEAK_PASSWORD);
	assert_string_equal(e.field, "new_password");
	if (!strstr(e.message, why))
		fail_msg("%s: message \"%s\" lacks \"%s\"", pw, e.message, why);
}

static void accepted(const char *user, const char *pw)
{
	struct bf_err e;
	memset(&e, 0, sizeof(e));
	if (auth_password_check(user, pw, "password", &e) != 0)
		fail_msg("refused %s for %s: %s", pw, user, e.message);
}

static void test_length_letters_digits(void **state)
{
	refused("zhang", "Ab3456789", "至少 10 位");	  /* 9 characters */
	refused("zhang", "abcdefghijk", "字母和数字");	  /* no digit */
	refused("zhang", "12345678901234", "字母和数字"); /* no letter */
	refused("zhang", "", "至少 10 位");
	accepted("zhang", "Kx7-ponder-river");
	accepted("zhang", "密码密码密码密码q7"); /* 10 characters, not bytes */
}

static void test_username(void **state)
{
	refused("wangli", "wangli-2468x", "用户名");
	refused("wangli", "Xq9WANGLIzz77", "用户名"); /* any case */
	refused("Town01", "my-town01-pass", "用户名");
	accepted("wangli", "wang-li-2468x"); /* split: not the name */
}

static void test_common_list(void **state)
{
	/* from the Xato/zxcvbn list, the pinyin patterns and keyboard walks */
	static const char *const common[] = {
	    "password123",  "Password123",     "PASSWORD123",	 "qwerty123456",
	    "1qaz2wsx3edc", "woaini1314",      "Woaini5201314",	 "admin12345",
	    "Admin@123456", "zhangwei5201314", "q1w2e3r4t5",	 "a123456789",
	    "1234567890q",  "iloveyou2024",    "dangyuan888888", NULL};
	for (const char *const *p = common; *p; p++) {
		assert_true(auth_password_listed(*p));
		refused("someone", *p, "常见");
	}
	assert_false(auth_password_listed("Kx7-ponder-river"));
	assert_false(auth_password_listed("Demo123456")); /* the demo's: not common */
	assert_false(auth_password_listed(""));
	char longer[600];
	memset(longer, 'a', sizeof(longer) - 2);
	longer[sizeof(longer) - 2] = '1';
	longer[sizeof(longer) - 1] = '\0';
	assert_false(auth_password_listed(longer));
}

static void test_generated(void **state)
{
	for (int i = 0; i < 200; i++) {
		char pw[AUTH_GENERATED_LEN + 1];
		assert_int_equal(auth_password_generate(pw), 0);
		assert_int_equal(strlen(pw), AUTH_GENERATED_LEN);
		accepted("admin", pw);
		assert_null(strpbrk(pw, "0O1lI")); /* nothing to misread */
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_length_letters_digits),
	    cmocka_unit_test(test_username),
	    cmocka_unit_test(test_common_list),
	    cmocka_unit_test(test_generated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
