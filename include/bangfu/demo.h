/* demo.h - the demo database with or without the aid procedure at work
 * (io.h's io_demo is this with cases). */
#ifndef BANGFU_DEMO_H
#define BANGFU_DEMO_H
#include "register.h"

/* io_demo (io.h); with cases, also last year's round closed and paid,
 * this year's round with cases in every state of the procedure, a notice
 * with objections, emergencies paid first, fund income, a payment batch
 * with some receipts, a start-up loan and a recovery, every step dated on
 * its own working day before today (BANGFU_TODAY is set per step and
 * restored). */
int io_demo_run(struct core *c, const struct actor *a, int members, unsigned seed, int cases,
		struct bf_err *e);

#endif
