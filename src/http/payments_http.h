/* payments_http.h - the handlers of the money-out routes (payments.c,
 * loans.c, recoveries.c, statements.c), declared apart from internal.h so
 * that the fund's route files can be written beside others' edits; the
 * route table (routes.c) includes it.  Documented in docs/API.md, "The
 * fund (issue #4)". */
#ifndef BANGFU_HTTP_PAYMENTS_H
#define BANGFU_HTTP_PAYMENTS_H
#include "internal.h"
#include "fund.h"

void h_pay_batches_list(struct req *r);
void h_pay_batch_preview(struct req *r);
void h_pay_batch_create(struct req *r);
void h_pay_batch_get(struct req *r);
void h_case_payments(struct req *r);
void h_case_pay_now(struct req *r);
void h_payment_get(struct req *r);
void h_payment_receipt(struct req *r);
void h_payment_receipt_scan(struct req *r);
void h_gifts_create(struct req *r);

void h_loans_list(struct req *r);
void h_loans_create(struct req *r);
void h_loan_schedule(struct req *r);
void h_loans_overdue(struct req *r);
void h_loan_get(struct req *r);
void h_loan_repay(struct req *r);

void h_recoveries_list(struct req *r);
void h_recoveries_create(struct req *r);
void h_recovery_get(struct req *r);
void h_recovery_repay(struct req *r);
void h_recovery_write_off(struct req *r);

void h_statement(struct req *r);
void h_statement_pdf(struct req *r);
void h_statement_xlsx(struct req *r);

/* Shared by the money handlers (payments.c). */
json_t *pay_payment_json(const struct payment *p);
/* The body of a repayment (loans, recoveries): {"amount_fen","method"?,"date"?},
 * amount required.  0, or -1 with e filled (the answer not yet sent), or -2
 * when the body was unreadable and already answered. */
int pay_repayment_body(struct req *r, int64_t *amount, char method[16], char date[11],
		       struct bf_err *e);

#endif
