/* fuzz_member.c - the member register's validation (member_validate) on a
 * member typed anyhow: one field a line, in the order of `fields` below,
 * then family members "姓名|关系|出生年|职业" a line.  An error is one a
 * reply can carry; a member accepted has a real ID number, phone and dates
 * and is accepted again as it now stands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "register.h"
#include "fuzz.h"

#define SET(dst, v) snprintf((dst), sizeof(dst), "%s", (v))

static void family(struct member *m, char *line)
{
	char *f[4] = {"", "", "", ""};
	fuzz_fields(line, '|', f, 4);
	struct family_member *p = &m->family[m->nfamily++];
	SET(p->name, f[0]);
	SET(p->relation, f[1]);
	p->birth_year = (int)strtol(f[2], NULL, 10);
	SET(p->occupation, f[3]);
}

static void fill(struct member *m, char *s)
{
	char *f[15 + MEMBER_MAX_FAMILY] = {0};
	size_t n = fuzz_fields(s, '\n', f, sizeof(f) / sizeof(f[0]));
	char **v = f;
	for (size_t i = n; i < sizeof(f) / sizeof(f[0]); i++)
		f[i] = "";
	SET(m->name, v[0]);
	SET(m->gender, v[1]);
	SET(m->ethnicity, v[2]);
	SET(m->birth_date, v[3]);
	SET(m->id_number, v[4]);
	SET(m->phone, v[5]);
	SET(m->joined_on, v[6]);
	SET(m->household_type, v[7]);
	m->household_size = (int)strtol(v[8], NULL, 10);
	SET(m->address, v[9]);
	SET(m->education, v[10]);
	SET(m->member_type, v[11]);
	SET(m->status, v[12]);
	SET(m->income_sources, v[13]);
	SET(m->other_subsidies, v[14]);
	member_family_resize(m, MEMBER_MAX_FAMILY);
	m->nfamily = 0;
	for (size_t i = 15; i < n && m->nfamily < MEMBER_MAX_FAMILY; i++)
		family(m, v[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size);
	struct member *m = calloc(1, sizeof(*m)), *again = malloc(sizeof(*m));
	struct bf_err e;
	if (!m || !again)
		abort();
	fill(m, s);
	if (member_validate(m, &e)) {
		fuzz_check_err(&e, "member_validate");
	} else {
		FUZZ_ASSERT(strlen(m->id_number) == 18, "id %s", m->id_number);
		FUZZ_ASSERT(strlen(m->birth_date) == 10, "birth %s", m->birth_date);
		memcpy(again, m, sizeof(*m));
		FUZZ_ASSERT(!member_validate(again, &e), "not accepted again: %s", e.message);
		FUZZ_ASSERT(!memcmp(again, m, sizeof(*m)), "changed when validated again");
	}
	member_free(m);
	free(again); /* a shallow copy: m owns the family */
	free(s);
	return 0;
}
