/* fuzz_date.c - dates as people type them (date_parse): an error is one a
 * reply can carry; a date read is a real one, and its YYYY-MM-DD form reads
 * back the same, also through the day count. */
#include <stdlib.h>
#include "date.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size);
	struct ymd d, back;
	int has_day = -1;
	struct bf_err e;
	if (date_parse(s, &d, &has_day, "birth_date", "出生日期", &e)) {
		fuzz_check_err(&e, "date_parse");
	} else {
		char text[11];
		FUZZ_ASSERT(date_valid(d), "date_parse accepted %d-%d-%d", d.y, d.m, d.d);
		FUZZ_ASSERT(has_day == 0 || has_day == 1, "has_day %d", has_day);
		date_format(d, text);
		FUZZ_ASSERT(!date_parse(text, &back, NULL, "d", "日期", &e) && !date_cmp(d, back),
			    "%s does not read back", text);
		back = date_from_days(date_to_days(d));
		FUZZ_ASSERT(!date_cmp(d, back), "%s: day count does not come back", text);
	}
	free(s);
	return 0;
}
