/* test_wrapper.c - unit tests of the allocation wrappers (wrapper.h): sizes
 * that overflow size_t are refused by the checks and abort through BUG()
 * in the x* functions instead of allocating a short block; the copies are
 * exact and terminated. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include "wrapper.h"

static void test_size_checks(void **state)
{
	size_t r = 7;
	assert_true(size_mul_ok(3, 5, &r));
	assert_int_equal(r, 15);
	assert_true(size_mul_ok(SIZE_MAX, 1, &r));
	assert_true(r == SIZE_MAX);
	r = 7;
	assert_false(size_mul_ok(SIZE_MAX / 2 + 1, 2, &r));
	assert_int_equal(r, 7); /* untouched */
	assert_false(
	    size_mul_ok((size_t)1 << (sizeof(size_t) * 4), (size_t)1 << (sizeof(size_t) * 4), &r));
	assert_true(size_add_ok(SIZE_MAX - 1, 1, &r));
	assert_true(r == SIZE_MAX);
	assert_false(size_add_ok(SIZE_MAX, 1, &r));
	assert_int_equal(st_mult(6, 7), 42);
	assert_int_equal(st_add(40, 2), 42);
}

/* Runs fn in a child: true when it died by SIGABRT (BUG()). */
static int aborts(void (*fn)(void))
{
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		freopen("/dev/null", "w", stderr);
		fn();
		_exit(0);
	}
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

static void calloc_overflow(void)
{
	free(xcalloc(SIZE_MAX / 2 + 1, 2));
}
static void reallocarray_overflow(void)
{
	free(xreallocarray(NULL, SIZE_MAX / 8 + 1, 16));
}
static void mult_overflow(void)
{
	st_mult(SIZE_MAX, 2);
}
static void add_overflow(void)
{
	st_add(SIZE_MAX, 1);
}
static void small_calloc(void)
{
	free(xcalloc(4, 16));
}

static void test_overflow_aborts(void **state)
{
	assert_true(aborts(calloc_overflow));
	assert_true(aborts(reallocarray_overflow));
	assert_true(aborts(mult_overflow));
	assert_true(aborts(add_overflow));
	assert_false(aborts(small_calloc));
}

static void test_alloc_and_copies(void **state)
{
	unsigned char *z = xcalloc(8, 4);
	for (int i = 0; i < 32; i++)
		assert_int_equal(z[i], 0);
	z = xreallocarray(z, 16, 4);
	z[63] = 1;
	free(z);
	free(xcalloc(0, 8)); /* zero members: still a block to free */
	free(xmalloc(0));

	char *s = xstrdup("帮扶");
	assert_string_equal(s, "帮扶");
	free(s);
	s = xstrndup("abcdef", 3);
	assert_string_equal(s, "abc");
	free(s);
	s = xstrndup("ab", 10);
	assert_string_equal(s, "ab");
	free(s);
	char *m = xmemdup("a\0b", 3);
	assert_memory_equal(m, "a\0b", 3);
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_size_checks),
	    cmocka_unit_test(test_overflow_aborts),
	    cmocka_unit_test(test_alloc_and_copies),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
