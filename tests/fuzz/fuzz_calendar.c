/* fuzz_calendar.c - the working-day calendar's TSV (calendar_load) over the
 * shipped years: an error is one a reply can carry and changes nothing; a
 * loaded calendar answers the deadline questions, names in UTF-8. */
#include <stdlib.h>
#include <string.h>
#include "calendar.h"
#include "fuzz.h"

static struct calendar *shipped;

static void ask(const struct calendar *c)
{
	struct ymd start = {2024, 2, 8}, out;
	int est;
	FUZZ_ASSERT(!calendar_add_workdays(c, start, 5, &out, &est) && date_valid(out),
		    "add_workdays");
	FUZZ_ASSERT(!calendar_period_end(c, start, 5, &out, &est) && date_valid(out), "period_end");
	struct ymd to = {2025, 12, 31};
	FUZZ_ASSERT(calendar_workdays_between(c, start, to, &est) > 0, "workdays_between");
	for (int m = 1; m <= 12; m++)
		for (int d = 1; d <= 31; d += 3) {
			const char *name = calendar_day_name(c, (struct ymd){2024, m, d});
			FUZZ_ASSERT(!name || fuzz_utf8(name, strlen(name)), "name of 2024-%d-%d", m,
				    d);
		}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bf_err e;
	if (!shipped && !(shipped = calendar_builtin_new(&e)))
		abort();
	char *s = fuzz_str(data, size);
	struct calendar *c = calendar_new();
	if (calendar_load(c, s, "2024.tsv", &e))
		fuzz_check_err(&e, "calendar_load");
	ask(c);
	if (calendar_load(shipped, s, "2024.tsv", &e) == 0)
		ask(shipped);
	calendar_free(c);
	free(s);
	return 0;
}
