/* store_payments.h - the queries of payments, receipts, loans and
 * recoveries (tables of migration 0005, docs/internals/payments.md), with
 * store.h's conventions: the same SQL on SQLite and PostgreSQL, callers own
 * the transaction, answers are enum db_qs (DB_ONE, DB_NONE, DB_RETRY,
 * DB_HARD with e).  Lists answer DB_NONE when empty, *items malloc'd.
 * The rules are core/fund/payments*.c's.  File: src/store/payments.c. */
#ifndef BANGFU_STORE_PAYMENTS_H
#define BANGFU_STORE_PAYMENTS_H
#include "case_model.h"
#include "db.h"
#include "fund_model.h"

/* Cases under scope_path ready to pay: screened, or approved, paid first
 * and without a payment; by id, at most PAY_BATCH_MAX + 1 (one more says
 * there are too many). */
enum db_qs store_pay_ready_cases(struct db *db, const char *scope_path, struct aid_case **items,
				 size_t *n, struct bf_err *e);
/* b's fields and lines_json; sets b->id. */
enum db_qs store_pay_batch_insert(struct db *db, struct pay_batch *b, const char *lines_json,
				  struct bf_err *e);
/* The batch (lines_json into *lines_json, malloc'd, may be NULL). */
enum db_qs store_pay_batch_get(struct db *db, int64_t id, struct pay_batch *out, char **lines_json,
			       struct bf_err *e);
/* A page of the batches of committees under q->scope_path, and the total. */
enum db_qs store_pay_batch_list(struct db *db, const struct pay_batch_query *q,
				struct pay_batch **items, size_t *n, int64_t *total,
				struct bf_err *e);

/* p's fields; sets p->id.  A second payment of the same case: DB_NONE. */
enum db_qs store_payment_insert(struct db *db, struct payment *p, struct bf_err *e);
enum db_qs store_payment_get(struct db *db, int64_t id, struct payment *out, struct bf_err *e);
enum db_qs store_payment_of_case(struct db *db, int64_t case_id, struct payment *out,
				 struct bf_err *e);
/* by = "case" or "batch". */
enum db_qs store_payment_list(struct db *db, const char *by, int64_t id, struct payment **items,
			      size_t *n, struct bf_err *e);
/* Payments under scope_path without a receipt, oldest first, at most 500. */
enum db_qs store_payments_unreceipted(struct db *db, const char *scope_path, struct payment **items,
				      size_t *n, struct bf_err *e);
/* Records the receipt once: DB_NONE when it was recorded already. */
enum db_qs store_payment_set_receipt(struct db *db, const struct payment *p, struct bf_err *e);
enum db_qs store_payment_set_scan(struct db *db, int64_t id, int64_t attachment_id,
				  struct bf_err *e);

/* The statement's sums over the ledger (read only): the sum of fund_id's
 * asset lines with value_date before `before` ("" none); and per account
 * the debits and the credits (both >= 0) of the non-asset lines of postings
 * dated from..to that move an asset account, with how many postings that
 * is. */
enum db_qs store_stmt_assets_before(struct db *db, int64_t fund_id, const char *before,
				    int64_t *sum, struct bf_err *e);
struct store_stmt_sum {
	char code[LEDGER_CODE_MAX];
	char kind[16];
	char name[64];
	int64_t debit, credit;
};
enum db_qs store_stmt_sums(struct db *db, int64_t fund_id, const char *from, const char *to,
			   struct store_stmt_sum **items, size_t *n, int64_t *postings,
			   struct bf_err *e);

/* Locks a row until the end of the transaction before it is read (a no-op
 * UPDATE: the row lock on PostgreSQL, nothing more than SQLite's write
 * transaction already holds), so two repayments of one loan, or two
 * findings on one payment, cannot both act on the same old figures.
 * what: "loan", "recovery" or "payment".  DB_NONE when there is no row. */
enum db_qs store_pay_lock(struct db *db, const char *what, int64_t id, struct bf_err *e);

/* --- loans --- */
enum db_qs store_loan_insert(struct db *db, struct loan *l, struct bf_err *e);
/* With its instalments (l->inst malloc'd). */
enum db_qs store_loan_get(struct db *db, int64_t id, struct loan *out, struct bf_err *e);
/* status "" every loan, else only those; overdue_before "" every loan,
 * else only those with an unpaid instalment due before that day. */
enum db_qs store_loan_list(struct db *db, const char *scope_path, const char *status,
			   const char *overdue_before, struct loan **items, size_t *n,
			   struct bf_err *e);
enum db_qs store_loan_instalment_put(struct db *db, int64_t loan_id,
				     const struct loan_instalment *in, int insert,
				     struct bf_err *e);
enum db_qs store_loan_set_repaid(struct db *db, const struct loan *l, struct bf_err *e);
enum db_qs store_loan_repayment_insert(struct db *db, int64_t loan_id, int64_t amount,
				       int64_t principal, int64_t interest, const char *paid_on,
				       int64_t posting_id, int64_t by, struct bf_err *e);
/* Unpaid instalments due before today under scope_path, oldest first. */
enum db_qs store_loan_overdue(struct db *db, const char *scope_path, const char *today,
			      struct loan_overdue **items, size_t *n, struct bf_err *e);

/* --- recoveries --- */
enum db_qs store_recovery_insert(struct db *db, struct recovery *r, int64_t posting_id,
				 struct bf_err *e);
enum db_qs store_recovery_get(struct db *db, int64_t id, struct recovery *out, struct bf_err *e);
/* case_id 0: every recovery under scope_path; status "": of any status. */
enum db_qs store_recovery_list(struct db *db, const char *scope_path, int64_t case_id,
			       const char *status, struct recovery **items, size_t *n,
			       struct bf_err *e);
/* Moves repaid / written_off / status / write-off fields of r. */
enum db_qs store_recovery_update(struct db *db, const struct recovery *r, struct bf_err *e);
enum db_qs store_recovery_event(struct db *db, int64_t recovery_id, const char *kind,
				int64_t amount, const char *on_date, const char *reason,
				int64_t posting_id, int64_t by, struct bf_err *e);

#endif
