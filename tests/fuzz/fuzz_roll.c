/* fuzz_roll.c - the roll import's cells (roll_text.c): category, tier and
 * causes by their Chinese names, the 纳入日期 and the income as people type
 * them.  An error is one a reply can carry; a value read is one the roll
 * keeps: a code of the default policy, a date that reads back, an income
 * not below -1, causes that are codes of the policy, each once. */
#include <stdlib.h>
#include <string.h>
#include "cases.h"
#include "date.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct policy *p = policy_default();
	char *s = fuzz_str(data, size);
	char code[16], day[11];
	struct policy_codes causes;
	int64_t fen;
	struct bf_err e;
	struct ymd d;
	if (roll_parse_category(p, s, code, &e))
		fuzz_check_err(&e, "roll_parse_category");
	else
		FUZZ_ASSERT(policy_has(&p->categories, code), "category %s", code);
	if (roll_parse_tier(p, s, code, &e))
		fuzz_check_err(&e, "roll_parse_tier");
	else
		FUZZ_ASSERT(policy_has(&p->tiers, code), "tier %s", code);
	if (roll_parse_causes(p, s, &causes, &e)) {
		fuzz_check_err(&e, "roll_parse_causes");
	} else {
		for (size_t i = 0; i < causes.n; i++) {
			FUZZ_ASSERT(policy_has(&p->causes, causes.code[i]), "cause %s",
				    causes.code[i]);
			for (size_t k = 0; k < i; k++)
				FUZZ_ASSERT(strcmp(causes.code[i], causes.code[k]), "twice %s",
					    causes.code[i]);
		}
	}
	for (int number = 0; number < 2; number++) {
		if (roll_parse_day(s, number, day, &e)) {
			fuzz_check_err(&e, "roll_parse_day");
		} else {
			FUZZ_ASSERT(strlen(day) == 10 &&
					!date_parse(day, &d, NULL, "d", "日期", &e),
				    "day %s does not read back", day);
		}
		if (roll_parse_income(s, number, &fen, &e))
			fuzz_check_err(&e, "roll_parse_income");
		else
			FUZZ_ASSERT(fen >= -1, "income %lld", (long long)fen);
	}
	free(s);
	return 0;
}
