/* fuzz_case.c - a case's validation and classification without a database
 * (case_input_classify) under the shipped policy, of a member whose dates
 * and household come from the input too: one field a line, in the order
 * of fill() below; code lists comma-separated.  An error is one a reply
 * can carry; an accepted case has its category, tier and explanation in
 * UTF-8. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cases.h"
#include "fuzz.h"

#define SET(dst, v) snprintf((dst), sizeof(dst), "%s", (v))

static void codes(struct policy_codes *s, char *list)
{
	char *c[POLICY_MAX_ITEMS + 2];
	size_t n = *list ? fuzz_fields(list, ',', c, POLICY_MAX_ITEMS + 2) : 0;
	for (size_t i = 0; i < n; i++)
		policy_codes_add(s, c[i]);
}

static void fill(struct case_input *in, struct member *m, char *s)
{
	char *v[18];
	size_t n = fuzz_fields(s, '\n', v, 18);
	for (size_t i = n; i < 18; i++)
		v[i] = "";
	SET(in->kind, v[0]);
	SET(in->loss_type, v[1]);
	codes(&in->causes, v[2]);
	codes(&in->conditions, v[3]);
	codes(&in->exclusions, v[4]);
	SET(in->situation, v[5]);
	in->income_fen = *v[6] ? strtoll(v[6], NULL, 10) : -1;
	in->household_size = (int)strtol(v[7], NULL, 10);
	in->labour_capacity = *v[8] ? (int)strtol(v[8], NULL, 10) : 1;
	in->fixed_income = (int)strtol(v[9], NULL, 10);
	in->requested_fen = strtoll(v[10], NULL, 10);
	SET(in->override.category, v[11]);
	SET(in->override.tier, v[12]);
	in->override.eligible = *v[13] ? (int)strtol(v[13], NULL, 10) : -1;
	SET(in->override.reason, v[14]);
	SET(m->birth_date, *v[15] ? v[15] : "1950-03-04");
	SET(m->joined_on, *v[16] ? v[16] : "1972-07-01");
	/* the member comes from the register, where member_validate let
	 * only these through */
	SET(m->household_type, !strcmp(v[17], "非农业") ? "非农业" : "农业");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size);
	struct case_input *in = malloc(sizeof(*in));
	struct member *m = calloc(1, sizeof(*m));
	struct aid_case *c = calloc(1, sizeof(*c));
	struct bf_err e;
	if (!in || !m || !c)
		abort();
	case_input_init(in);
	m->household_size = 3;
	c->year = 2024;
	fill(in, m, s);
	if (case_input_classify(policy_default(), m, in, c, &e)) {
		fuzz_check_err(&e, "case_input_classify");
	} else {
		FUZZ_ASSERT(c->eligible >= -1 && c->eligible <= 1, "eligible %d", c->eligible);
		FUZZ_ASSERT(fuzz_utf8(c->explanation, strlen(c->explanation)), "explanation");
		FUZZ_ASSERT(fuzz_utf8(c->category, strlen(c->category)), "category");
		FUZZ_ASSERT(fuzz_utf8(c->tier, strlen(c->tier)), "tier");
	}
	free(in);
	free(m);
	free(c);
	free(s);
	return 0;
}
