/* verification_draw.c - the draw of a verification campaign's sample
 * (走访核查抽样): deterministic from a recorded seed, so the same draw can be
 * repeated and shown to an inspector.  No database here: the population
 * comes in sorted by case id, the picks go out.  The algorithm is written
 * out in include/bangfu/cases.h and docs/internals/verification.md so it
 * can be re-implemented elsewhere. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cases.h"
#include "crypto.h"
#include "strbuf.h"
#include "wrapper.h"

uint64_t verification_prng(uint64_t *state)
{
	/* splitmix64 (Steele, Lea, Flood 2014), as in Java's SplittableRandom */
	uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

int verification_seed_parse(const char *text, uint64_t *out, struct bf_err *e)
{
	uint64_t v = 0;
	size_t n = text ? strlen(text) : 0;
	if (!n || n > 16)
		return err_set(e, EC_INVALID, "seed", "随机种子须为 1 至 16 位十六进制数字");
	for (size_t i = 0; i < n; i++) {
		char ch = text[i];
		int d = ch >= '0' && ch <= '9'	 ? ch - '0'
			: ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
			: ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
						 : -1;
		if (d < 0)
			return err_set(e, EC_INVALID, "seed",
				       "随机种子须为 1 至 16 位十六进制数字（0-9、a-f）");
		v = v << 4 | (uint64_t)d;
	}
	*out = v;
	return 0;
}

void verification_seed_format(uint64_t seed, char out[VERIFICATION_SEED_LEN])
{
	snprintf(out, VERIFICATION_SEED_LEN, "%016" PRIx64, seed);
}

size_t verification_share(size_t m, int share_pct, int min_per_committee)
{
	size_t k = (m * (size_t)share_pct + 99) / 100; /* rounded up */
	if (min_per_committee > 0 && k < (size_t)min_per_committee)
		k = (size_t)min_per_committee;
	return k > m ? m : k;
}

struct unit {
	int64_t committee, case_id;
};

static int by_committee_case(const void *a, const void *b)
{
	const struct unit *x = a, *y = b;
	if (x->committee != y->committee)
		return x->committee < y->committee ? -1 : 1;
	return x->case_id < y->case_id ? -1 : x->case_id > y->case_id;
}

size_t verification_draw(uint64_t seed, int share_pct, int min_per_committee, const int64_t *cases,
			 const int64_t *committees, size_t n, struct verification_pick *out)
{
	struct unit *u = n ? xcalloc(n, sizeof(*u)) : NULL;
	size_t got = 0;
	for (size_t i = 0; i < n; i++)
		u[i] = (struct unit){committees[i], cases[i]};
	/* the order is fixed by the ids alone, not by how the rows came */
	if (n)
		qsort(u, n, sizeof(*u), by_committee_case);
	for (size_t lo = 0; lo < n;) {
		size_t hi = lo;
		while (hi < n && u[hi].committee == u[lo].committee)
			hi++;
		size_t m = hi - lo, k = verification_share(m, share_pct, min_per_committee);
		uint64_t st = seed ^ ((uint64_t)u[lo].committee * UINT64_C(0x9E3779B97F4A7C15));
		struct unit *g = u + lo;
		for (size_t i = 0; i < k; i++) {
			size_t j = i + (size_t)(verification_prng(&st) % (uint64_t)(m - i));
			struct unit t = g[i];
			g[i] = g[j];
			g[j] = t;
			out[got++] =
			    (struct verification_pick){g[i].case_id, g[i].committee, (int)i + 1};
		}
		lo = hi;
	}
	free(u);
	return got;
}

void verification_population_digest(const int64_t *cases, const int64_t *committees, size_t n,
				    char out[65])
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&sb, "%" PRId64 " %" PRId64 "\n", cases[i], committees[i]);
	crypto_sm3_hex(sb.buf ? sb.buf : "", sb.len, out);
	strbuf_release(&sb);
}
