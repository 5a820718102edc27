/* fuzz_screening.c - a row of the relief system's answer (screening_batch.c,
 * screening_answer_row): batch, row, result and reason as the file holds
 * them, tab-separated.  An error is one a reply can carry and names its
 * column; a row read is one the batch can take: a row number in range, a
 * result, a reason the step accepts (valid UTF-8, at most 250 characters),
 * and a reason for every fail. */
#include <stdlib.h>
#include <string.h>
#include "cases.h"
#include "fuzz.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size);
	char *f[6] = {0};
	size_t nf = fuzz_fields(s, '\t', f, 6);
	const struct screening_answer_cols with_batch = {0, 1, -1, 2, 3};
	const struct screening_answer_cols without = {-1, 0, -1, 1, -1};
	const struct screening_answer_cols *all[] = {&with_batch, &without};
	for (size_t k = 0; k < 2; k++) {
		struct screening_answer out;
		char column[32];
		struct bf_err e;
		if (screening_answer_row(NULL, 7, f, nf, all[k], &out, column, &e)) {
			fuzz_check_err(&e, "screening_answer_row");
			FUZZ_ASSERT(column[0], "an error names its column");
			continue;
		}
		FUZZ_ASSERT(out.row_no >= 1 && out.row_no <= 100000, "row %d", out.row_no);
		FUZZ_ASSERT(out.pass == 0 || out.pass == 1, "pass %d", out.pass);
		FUZZ_ASSERT(fuzz_utf8(out.reason, strlen(out.reason)), "reason not UTF-8");
		char again[sizeof(out.reason)];
		memcpy(again, out.reason, sizeof(again));
		FUZZ_ASSERT(!text_field(again, TF_STEP_REASON, 0, &e),
			    "the step refuses the reason");
		FUZZ_ASSERT(out.pass || out.reason[0], "a fail without a reason");
		FUZZ_ASSERT(!out.id_bidx[0], "no ID number without a key");
	}
	free(s);
	return 0;
}
