/* ledger_impl.h - helpers shared by the ledger's core files (ledger.c,
 * ledger_ops.c, ledger_verify.c; private to src/core). */
#ifndef BANGFU_CORE_LEDGER_IMPL_H
#define BANGFU_CORE_LEDGER_IMPL_H
#include "fund.h"
#include "strbuf.h"

/* Index of code in ledger_chart, -1 when unknown. */
int ledger_chart_index(const char *code);
/* Strict YYYY-MM-DD (a real day); e names field and label. */
int ledger_date_check(const char *s, const char *field, const char *label, struct bf_err *e);
/* ledger_posting_hash over the given lines with a caller's scratch buffer
 * (the engine hashes a million postings without a malloc each). */
void ledger_hash_into(struct strbuf *sb, const struct ledger_posting *p,
		      const struct ledger_line *lines, size_t nlines, const char *prev_hash,
		      char out[65]);

#endif
