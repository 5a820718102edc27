/* payments_share.c - cost sharing between levels (DOMAIN.md §7): one
 * amount split in proportion to the policy's shares so that the parts add
 * up to the amount exactly — no fen lost, none invented.  Pure arithmetic,
 * kept apart so the property test can hammer it. */
#include "fund.h"

int pay_split(int64_t amount, const int *bp, size_t n, int64_t *parts)
{
	int64_t rem[POLICY_MAX_SHARES];
	int sum = 0;
	if (amount < 0 || n == 0 || n > POLICY_MAX_SHARES)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (bp[i] < 0)
			return -1;
		sum += bp[i];
	}
	if (sum != 10000)
		return -1;
	/* amount * bp can pass int64_t for amounts near its top: split the
	 * amount into whole 10000s and the rest, which is exact either way. */
	int64_t high = amount / 10000, low = amount % 10000, given = 0;
	for (size_t i = 0; i < n; i++) {
		parts[i] = high * bp[i] + (low * bp[i]) / 10000;
		rem[i] = (low * bp[i]) % 10000;
		given += parts[i];
	}
	/* fewer than n fen are left: one each to the largest remainders,
	 * the earlier (higher) level first on a tie */
	for (int64_t left = amount - given; left > 0; left--) {
		size_t best = n;
		for (size_t i = 0; i < n; i++)
			if (rem[i] >= 0 && (best == n || rem[i] > rem[best]))
				best = i;
		if (best == n)
			BUG("cost sharing: %lld fen left without a remainder", (long long)left);
		parts[best]++;
		rem[best] = -1; /* at most one extra fen per part */
	}
	return 0;
}
