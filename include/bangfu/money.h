/* money.h - amounts are integer fen (int64_t), never floating point
 * (DESIGN.md convention 6); these turn them into yuan text for people and
 * read yuan as people type them. */
#ifndef BANGFU_MONEY_H
#define BANGFU_MONEY_H
#include <stdint.h>
#include "err.h"

#define MONEY_TEXT_MAX 32 /* fits every int64_t value with sign, separators and unit */

/* For sentences: yuan with thousands separators and the unit, the fen only
 * when there are some: "1,234.50 元", "2,400 元", "0.05 元", "-12.30 元". */
void money_format(int64_t fen, char out[MONEY_TEXT_MAX]);
/* For tables and forms: always two decimals, no unit: "1,234.50", "2,400.00". */
void money_format_amount(int64_t fen, char out[MONEY_TEXT_MAX]);

/* Reads an amount in yuan: "600", "600.5", "600.50", "1,200", "1,200.00",
 * full-width digits and punctuation ("１２００", "１，２００．５"), an optional
 * leading ¥/￥ and trailing 元, spaces around.  Separators must group by three.
 * Refuses negatives, more than two decimals and amounts past int64_t.
 * Returns 0 with *fen set, or -1 with e naming `field` and, in the message,
 * `label` (e.g. "amount_fen", "救助金额"). */
int money_parse(const char *s, int64_t *fen, const char *field, const char *label,
		struct bf_err *e);

#endif
