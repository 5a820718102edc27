/* payments_impl.h - what the money files of src/core share (private):
 * the method check, the shortfall message naming its fund, the scope of a
 * row by its org path. */
#ifndef BANGFU_PAYMENTS_IMPL_H
#define BANGFU_PAYMENTS_IMPL_H
#include "fund.h"
#include "core/common/common.h"

/* "" becomes "bank"; anything but cash / bank is refused naming field. */
/* The funds the planned batch b would leave below zero, into b->shorts
 * (payments_short.c). */
int pay_plan_shortfalls(struct db *db, struct pay_batch *b, struct bf_err *e);
int pay_method_check(char *method, const char *field, struct bf_err *e);
/* After a ledger call failed with rc: a refusal (-1) comes back as -1 with
 * the fund's name put before a shortfall's message that does not name it;
 * any other rc (DB_RETRY, DB_HARD) goes up unchanged so the outer
 * transaction runner replays or fails. */
int pay_ledger_failed(struct db *db, int64_t fund_id, int rc, struct bf_err *e);
/* The input every repayment (a loan's, a recovery's) is checked for before
 * its transaction: amount above 0 and within the money limit, the method
 * (copied into method[PAY_METHOD_MAX], "" becoming bank) and the date (into
 * date).  0 or -1 with e naming amount_fen, method or date. */
int pay_repayment_input(int64_t amount, const char *method_in, char method[PAY_METHOD_MAX],
			const char *date_in, char date[11], struct bf_err *e);
/* In the transaction: date not before since (labelled since_label) and
 * amount not above what is owed.  0 or -1 with e. */
int pay_repayment_fits(int64_t amount, int64_t owed, const char *date, const char *since,
		       const char *since_label, struct bf_err *e);
/* A date in, today for "", not after today: 0 or -1 with e. */
int pay_date(const char *in, char out[11], const char *field, const char *label, struct bf_err *e);
/* Money out of fund_id dated date: not before the fund's first posting (it
 * had no money before).  0, -1 with e, or the store's DB_RETRY / DB_HARD. */
int pay_date_funded(struct db *db, int64_t fund_id, const char *date, const char *field,
		    const char *label, struct bf_err *e);
/* *via: the actor a standing at fund_id's organisation, to post a repayment
 * back into the fund that paid, which may lie above a branch recording it
 * for its own member (the loan or recovery was found in a's scope first). */
int pay_actor_at_fund(struct db *db, const struct actor *a, int64_t fund_id, struct actor *via,
		      struct bf_err *e);
/* A ledger posting of two lines on fund_id: Dr debit / Cr credit. */
int pay_post2(struct core *c, const struct actor *a, int64_t fund_id, const char *kind,
	      const char *debit, const char *credit, int64_t amount, const char *date,
	      const char *memo, int64_t case_id, int64_t member_id, const char *ref,
	      struct ledger_posting *out, struct bf_err *e);

#endif
