/* test_verification.c - the draw of a verification campaign
 * (src/core/cases/verification_draw.c): splitmix64 against its published
 * first outputs, the share per committee (rounded up, at least the minimum,
 * at most all), the same seed and population giving the same sample
 * whatever order the rows come in, each committee's draw independent of the
 * others', and the seed as typed.  No database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "cases.h"

static void prng_reference(void **state)
{
	(void)state;
	/* java.util.SplittableRandom(0).nextLong(), and the next two */
	uint64_t s = 0;
	assert_true(verification_prng(&s) == UINT64_C(0xe220a8397b1dcdaf));
	assert_true(verification_prng(&s) == UINT64_C(0x6e789e6aa1b965f4));
	assert_true(verification_prng(&s) == UINT64_C(0x06c45d188009454f));
}

static void shares(void **state)
{
	(void)state;
	assert_int_equal(verification_share(8, 10, 1), 1);  /* 0.8 rounded up */
	assert_int_equal(verification_share(11, 10, 1), 2); /* 1.1 rounded up */
	assert_int_equal(verification_share(20, 10, 1), 2); /* exact */
	assert_int_equal(verification_share(20, 10, 5), 5); /* the minimum */
	assert_int_equal(verification_share(3, 10, 5), 3);  /* never more than all */
	assert_int_equal(verification_share(7, 100, 0), 7); /* everyone */
	assert_int_equal(verification_share(0, 50, 1), 0);  /* none paid, none drawn */
}

#define N 40

/* The picks are equal field by field (not their padding). */
static int same(const struct verification_pick *a, const struct verification_pick *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i].case_id != b[i].case_id || a[i].committee_id != b[i].committee_id ||
		    a[i].rank != b[i].rank)
			return 0;
	return 1;
}

static void population(int64_t *cases, int64_t *coms, size_t *n)
{
	/* committee 7: cases 1..25; committee 3: cases 101..115 */
	*n = 0;
	for (int i = 1; i <= 25; i++, (*n)++)
		cases[*n] = i, coms[*n] = 7;
	for (int i = 101; i <= 115; i++, (*n)++)
		cases[*n] = i, coms[*n] = 3;
}

static void same_seed_same_sample(void **state)
{
	(void)state;
	int64_t cases[N], coms[N], rc[N], rm[N];
	struct verification_pick a[N], b[N], c[N];
	size_t n;
	population(cases, coms, &n);
	size_t ka = verification_draw(0xc0ffee, 20, 1, cases, coms, n, a);
	assert_int_equal(ka, 5 + 3); /* 25 × 20% and 15 × 20% */
	/* committee 3 first (ascending id), ranks 1..k within each */
	assert_int_equal(a[0].committee_id, 3);
	assert_int_equal(a[0].rank, 1);
	assert_int_equal(a[2].rank, 3);
	assert_int_equal(a[3].committee_id, 7);
	assert_int_equal(a[3].rank, 1);
	for (size_t i = 0; i < ka; i++)
		for (size_t j = 0; j < i; j++)
			assert_true(a[i].case_id != a[j].case_id); /* no case twice */
	/* the rows in reverse order: the same draw */
	for (size_t i = 0; i < n; i++)
		rc[i] = cases[n - 1 - i], rm[i] = coms[n - 1 - i];
	size_t kb = verification_draw(0xc0ffee, 20, 1, rc, rm, n, b);
	assert_int_equal(kb, ka);
	assert_true(same(a, b, ka));
	/* another seed: another draw */
	size_t kc = verification_draw(0xc0ffef, 20, 1, cases, coms, n, c);
	assert_int_equal(kc, ka);
	assert_false(same(a, c, ka));
}

static void committees_independent(void **state)
{
	(void)state;
	int64_t cases[N + 5], coms[N + 5];
	struct verification_pick a[N + 5], b[N + 5];
	size_t n;
	population(cases, coms, &n);
	size_t ka = verification_draw(42, 20, 1, cases, coms, n, a);
	/* committee 3 gains cases: committee 7's draw is unchanged */
	for (int i = 116; i <= 120; i++, n++)
		cases[n] = i, coms[n] = 3;
	size_t kb = verification_draw(42, 20, 1, cases, coms, n, b);
	assert_int_equal(kb, ka + 1); /* 20 × 20% = 4 of committee 3 */
	assert_true(same(&a[3], &b[4], 5));
}

static void seeds_as_typed(void **state)
{
	(void)state;
	uint64_t s;
	struct bf_err e;
	char hex[VERIFICATION_SEED_LEN];
	assert_int_equal(verification_seed_parse("C0ffee", &s, &e), 0);
	assert_true(s == 0xc0ffee);
	verification_seed_format(s, hex);
	assert_string_equal(hex, "0000000000c0ffee");
	assert_int_equal(verification_seed_parse("ffffffffffffffff", &s, &e), 0);
	assert_true(s == UINT64_MAX);
	assert_int_equal(verification_seed_parse("1ffffffffffffffff", &s, &e), -1);
	assert_string_equal(e.field, "seed");
	assert_int_equal(verification_seed_parse("12g4", &s, &e), -1);
	assert_int_equal(verification_seed_parse("", &s, &e), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(prng_reference),	     cmocka_unit_test(shares),
	    cmocka_unit_test(same_seed_same_sample), cmocka_unit_test(committees_independent),
	    cmocka_unit_test(seeds_as_typed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
