/* fuzz_money.c - amounts as people type them (money_parse): an error is one
 * a reply can carry; an amount read is not negative and its printed forms
 * read back to the same fen. */
#include <inttypes.h>
#include <stdlib.h>
#include "fuzz.h"
#include "money.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size);
	int64_t fen, back;
	char text[MONEY_TEXT_MAX];
	struct bf_err e;
	if (money_parse(s, &fen, "amount_fen", "救助金额", &e)) {
		fuzz_check_err(&e, "money_parse");
	} else {
		FUZZ_ASSERT(fen >= 0, "negative %" PRId64, fen);
		money_format_amount(fen, text);
		FUZZ_ASSERT(!money_parse(text, &back, "a", "金额", &e) && back == fen,
			    "%s does not read back", text);
		money_format(fen, text);
		FUZZ_ASSERT(!money_parse(text, &back, "a", "金额", &e) && back == fen,
			    "%s does not read back", text);
	}
	free(s);
	return 0;
}
