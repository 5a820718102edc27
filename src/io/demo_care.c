/* demo_care.c - the demo district's year of care (issue #12): calls each
 * part's demo in turn (demo_care_<part>.c) and restores the server's day
 * (BANGFU_TODAY) as it found it before each part and at the end, whatever a
 * part set. */
#include <stdlib.h>
#include <string.h>
#include "demo_care.h"
#include "wrapper.h"

typedef int (*demo_care_part)(struct core *c, struct demo_world *w, struct bf_err *e);

/* The parts, in the order a year of care builds up. */
static const demo_care_part parts[] = {
    NULL, /* keeps the table non-empty while parts are added */
    demo_care_plans,
    demo_care_honours,
    demo_care_training,
    demo_care_visits,
    demo_care_pairing,
    demo_care_talks,
};

/* The server's day back as demo_care found it. */
static void day_back(const char *saved)
{
	if (saved)
		setenv("BANGFU_TODAY", saved, 1);
	else
		unsetenv("BANGFU_TODAY");
}

int demo_care(struct core *c, struct demo_world *w, struct bf_err *e)
{
	const char *was = getenv("BANGFU_TODAY");
	char *saved = was ? xstrdup(was) : NULL;
	int rc = 0;
	/* each part starts on today, whatever day the part before it left */
	for (size_t i = 0; rc == 0 && i < sizeof(parts) / sizeof(parts[0]); i++) {
		day_back(saved);
		if (parts[i])
			rc = parts[i](c, w, e);
	}
	day_back(saved);
	free(saved);
	return rc;
}
