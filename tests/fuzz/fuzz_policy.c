/* fuzz_policy.c - the policy document (policy_parse): an error is one a
 * reply can carry; a document accepted is written by policy_to_json into a
 * text that reads back to the same text. */
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "cases.h"
#include "strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct policy *p = malloc(sizeof(*p)), *q = malloc(sizeof(*q));
	struct bf_err e;
	if (!p || !q)
		abort();
	if (policy_parse((const char *)data, size, p, &e)) {
		fuzz_check_err(&e, "policy_parse");
	} else {
		struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
		policy_to_json(p, &a);
		FUZZ_ASSERT(!policy_parse(a.buf, a.len, q, &e), "written policy refused: %s",
			    e.message);
		policy_to_json(q, &b);
		FUZZ_ASSERT(a.len == b.len && !memcmp(a.buf, b.buf, a.len),
			    "policy changes when written and read again");
		strbuf_release(&a);
		strbuf_release(&b);
	}
	free(p);
	free(q);
	return 0;
}
