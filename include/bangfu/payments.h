/* payments.h - money out of the assistance fund (issue #4, DOMAIN.md §3
 * steps 11–12, §4, §7) on top of the ledger (ledger.h): payment batches
 * with the policy's cost sharing between levels, receipts (签收), payments
 * per case, gifts on visits, start-up loans with their schedule, recovery
 * of money obtained by fraud, and the fund statement for a period.
 *
 * Like core.h: no SQL (store_payments.h), no HTTP, no printf; every call
 * takes the acting user, checks role and scope (anything outside the
 * actor's subtree answers EC_NOT_FOUND) and answers 0, or -1 with a
 * Chinese message in e naming the field at fault.  Money moves only
 * through ledger_post / ledger_allocate, inside the same transaction as
 * the rows here, so a batch is posted all or nothing.
 * Design: docs/internals/payments.md. */
#ifndef BANGFU_PAYMENTS_H
#define BANGFU_PAYMENTS_H
#include <stddef.h>
#include <stdint.h>
#include "cases.h"
#include "core.h"
#include "ledger.h"
#include "policy.h"

/* --- cost sharing (src/core/fund/payments_share.c) ---------------------------
 * Splits amount fen into n parts in proportion to bp[i] (basis points,
 * summing to 10000) by the largest-remainder method: each part gets
 * floor(amount * bp / 10000); the fen left over (fewer than n) go one each
 * to the parts with the largest remainders (amount * bp mod 10000), ties
 * to the earlier part (the higher level, in the policy's order).  The
 * parts always sum to amount exactly and no part is negative.  amount
 * >= 0, n <= POLICY_MAX_SHARES; -1 when the shares do not sum to 10000. */
int pay_split(int64_t amount, const int *bp, size_t n, int64_t *parts);

/* --- payment batches (src/core/fund/payments.c) ------------------------------ */
#define PAY_METHOD_MAX 16 /* "cash" | "bank" */

/* One level's part of a case's payment: which fund bears it. */
struct pay_share {
	char level[16]; /* the policy's level (org kind) */
	int64_t org_id; /* the organisation whose fund pays it */
	char org_name[TEXT_BYTES(TF_ORG_NAME_MAX)];
	int64_t amount;	    /* fen */
	int64_t posting_id; /* once posted */
};

/* A case in a batch: what it will be / was paid. */
struct pay_line {
	int64_t case_id;
	int64_t member_id;
	char member_name[TEXT_BYTES(TF_MEMBER_NAME_MAX)];
	int64_t org_id; /* the case's branch */
	char org_name[TEXT_BYTES(TF_ORG_NAME_MAX)];
	char kind[16];	  /* "yearly" / "emergency" */
	char state[16];	  /* the case's state before the batch */
	int pay_first;	  /* an emergency paid first (先发后补) */
	int already_paid; /* pay-first case paid before: only its state moves */
	int64_t amount;	  /* fen: the approved amount */
	size_t nshares;
	struct pay_share shares[POLICY_MAX_SHARES];
};

/* An allocation down the tree the batch makes (payer "department"). */
struct pay_allocation {
	int64_t from_org_id, to_org_id;
	char from_name[TEXT_BYTES(TF_ORG_NAME_MAX)], to_name[TEXT_BYTES(TF_ORG_NAME_MAX)];
	int64_t amount;
};

#define PAY_MAX_ALLOCS 64
#define PAY_BATCH_MAX  2000 /* cases in one batch: a committee's round fits many times */

/* A batch: preview (id 0) or confirmed. */
struct pay_batch {
	int64_t id;
	int64_t org_id; /* the committee whose subtree is paid */
	char org_name[TEXT_BYTES(TF_ORG_NAME_MAX)];
	char payer[16]; /* "department": the department allocates down; "committee": own funds */
	char value_date[11];	     /* the day the money moved */
	char method[PAY_METHOD_MAX]; /* default method of its receipts */
	char memo[LEDGER_MEMO_MAX];
	int policy_version;
	int64_t total; /* fen */
	int64_t count; /* cases */
	int64_t created_by;
	int64_t created_at;
	size_t nlines;
	struct pay_line *lines; /* malloc'd; pay_batch_release */
	size_t nallocs;
	struct pay_allocation allocs[PAY_MAX_ALLOCS];
};
void pay_batch_release(struct pay_batch *b);

struct pay_batch_input {
	int64_t org_id;		 /* the committee */
	const int64_t *case_ids; /* NULL / 0: every case ready to pay under org_id */
	size_t ncases;
	char payer[16];		     /* "" : department for the department, else committee */
	char value_date[11];	     /* "" today */
	char method[PAY_METHOD_MAX]; /* "" bank: the account the money leaves */
	char memo[LEDGER_MEMO_MAX];
};

/* What a batch would post: the cases ready to pay under a committee
 * (screened, or approved and paid first and not paid yet), each with its
 * amount and cost sharing, and the allocations down the tree.  Nothing
 * written.  Department, committee and admin. */
int pay_batch_preview(struct core *c, const struct actor *a, const struct pay_batch_input *in,
		      struct pay_batch *out, struct bf_err *e);
/* Posts the batch in one transaction: allocations, every share's payment,
 * a payment row per case, each screened case moved to "paid" through the
 * procedure (timeline "pay"), a pay-first case's timeline noting the
 * money.  A fund short of money refuses the whole batch naming the fund
 * and its balance (EC_INSUFFICIENT_FUNDS) unless the policy allows an
 * advance.  out (may be NULL) gets the batch as confirmed. */
int pay_batch_confirm(struct core *c, const struct actor *a, const struct pay_batch_input *in,
		      struct pay_batch *out, struct bf_err *e);
/* One case paid at once (a pay-first emergency from its case page): a
 * batch of that case alone for the committee above its branch, payer as
 * pay_batch_input (""), everything else as pay_batch_confirm. */
int pay_case_now(struct core *c, const struct actor *a, int64_t case_id, const char *payer,
		 const char *value_date, const char *method, struct pay_batch *out,
		 struct bf_err *e);
int pay_batch_get(struct core *c, const struct actor *a, int64_t id, struct pay_batch *out,
		  struct bf_err *e);
/* Batches in the actor's subtree, newest first (lines not read). */
int pay_batch_list(struct core *c, const struct actor *a, struct pay_batch **items, size_t *n,
		   struct bf_err *e);

/* --- payments and receipts ----------------------------------------------- */
struct payment {
	int64_t id;
	int64_t batch_id;
	int64_t case_id;
	int64_t member_id;
	char member_name[TEXT_BYTES(TF_MEMBER_NAME_MAX)];
	int64_t org_id; /* the case's branch */
	char org_name[TEXT_BYTES(TF_ORG_NAME_MAX)];
	char org_path[256];
	int64_t amount;
	int pay_first;
	char value_date[11];
	char shares_json[1024]; /* [{"level","org_id","amount","posting_id"}] */
	/* the receipt (签收), "" until recorded */
	char receipt_on[11];
	char receipt_method[PAY_METHOD_MAX]; /* "cash" | "bank" */
	char handed_by[64];		     /* who handed the money over */
	char signed_by[16];		     /* "signature" | "thumbprint" */
	char receipt_note[256];
	int64_t receipt_attachment_id; /* the scanned receipt, 0 none */
	int64_t receipt_by, receipt_at;
	int64_t created_at;
	/* pay-first (先发后补): the case's missing paperwork, read with it */
	char paperwork_due[11];
	int paperwork_done;
};

struct pay_receipt_input {
	char date[11];		     /* required, not after today */
	char method[PAY_METHOD_MAX]; /* "cash" | "bank" */
	char handed_by[64];	     /* required */
	char signed_by[16];	     /* "signature" | "thumbprint" */
	char note[256];
};
/* Records the receipt of a payment (once; EC_CONFLICT after). */
int pay_receipt_set(struct core *c, const struct actor *a, int64_t payment_id,
		    const struct pay_receipt_input *in, struct payment *out, struct bf_err *e);
/* Attaches the scanned receipt (case_attach, kind "receipt": PDF/JPG/PNG,
 * at most 10 MiB, SHA-256) and links it to the payment. */
int pay_receipt_scan(struct core *c, const struct actor *a, int64_t payment_id, const char *name,
		     const void *data, size_t len, struct payment *out, struct bf_err *e);
int pay_payment_get(struct core *c, const struct actor *a, int64_t id, struct payment *out,
		    struct bf_err *e);
/* The payments of a case (the case page) or of a batch. */
int pay_payments_of_case(struct core *c, const struct actor *a, int64_t case_id,
			 struct payment **items, size_t *n, struct bf_err *e);
int pay_payments_of_batch(struct core *c, const struct actor *a, int64_t batch_id,
			  struct payment **items, size_t *n, struct bf_err *e);

/* Payments in the actor's subtree whose receipt is not recorded yet,
 * oldest first, at most 500 (the to-do page of committees and branches). */
int pay_receipts_missing(struct core *c, const struct actor *a, struct payment **items, size_t *n,
			 struct bf_err *e);

/* --- gifts on visits (the care issue) ------------------------------------ */
struct pay_gift {
	int64_t org_id;	   /* the organisation whose fund gives */
	int64_t member_id; /* the member visited */
	int64_t amount;	   /* fen > 0 */
	char method[PAY_METHOD_MAX];
	char date[11];
	char memo[LEDGER_MEMO_MAX]; /* e.g. "春节走访慰问" */
	char ref[64];		    /* the visit's reference, "" none (batch_ref) */
};
/* Dr visit_gift / Cr cash|bank, kind "gift", on the org's fund (created
 * when missing), member in the actor's scope, date not after today, one
 * audit row "pay.gift".  Inside the caller's transaction when one is open
 * (db_run_tx nests), so a visit can be written with its gift all or
 * nothing. */
int pay_gift_post(struct core *c, const struct actor *a, const struct pay_gift *g,
		  struct ledger_posting *out, struct bf_err *e);

/* --- the fund statement (src/core/fund/payments_statement.c) ------------------- */
#define PAY_STMT_ROWS 24
struct pay_stmt_row {
	char code[LEDGER_CODE_MAX]; /* account code */
	char name[64];
	int64_t amount; /* fen, positive = as the heading reads */
};
struct pay_statement {
	int64_t org_id, fund_id;
	char org_name[TEXT_BYTES(TF_ORG_NAME_MAX)], fund_name[FUND_NAME_BYTES];
	char from[11], to[11];
	int64_t opening, closing; /* cash + bank before from / at the end of to */
	int64_t income_total, expense_total;
	size_t nincome, nexpense;
	struct pay_stmt_row income[PAY_STMT_ROWS];
	struct pay_stmt_row expense[PAY_STMT_ROWS];
	int64_t postings; /* how many postings moved money in the period */
};
/* Opening + income - expense = closing, always (docs/internals/payments.md). */
int pay_statement(struct core *c, const struct actor *a, int64_t org_id, const char *from,
		  const char *to, struct pay_statement *out, struct bf_err *e);

/* --- loans (src/core/fund/loans.c) -------------------------------------------- */
struct loan_instalment {
	int no;
	char due_on[11];
	int64_t principal, interest; /* due */
	int64_t paid_principal, paid_interest;
	char paid_on[11]; /* "" until fully paid */
	int overdue;	  /* due before today and not fully paid */
};
struct loan {
	int64_t id;
	int64_t org_id, fund_id, member_id, case_id;
	char member_name[TEXT_BYTES(TF_MEMBER_NAME_MAX)];
	char org_name[TEXT_BYTES(TF_ORG_NAME_MAX)];
	char org_path[256];    /* the lender's: the fund's organisation */
	char member_path[256]; /* the member's: the loan is seen from there too */
	int64_t principal;     /* fen */
	int rate_bp;	       /* yearly rate, basis points (0: interest-free) */
	int months;	       /* instalments, one a month */
	char start_on[11];     /* disbursed on; first instalment a month later */
	char purpose[256];
	char status[16]; /* "active" | "repaid" */
	int64_t repaid_principal, repaid_interest;
	int64_t posting_id; /* the disbursement */
	int64_t created_by, created_at;
	size_t ninst;
	struct loan_instalment *inst; /* malloc'd on get; loan_release */
};
void loan_release(struct loan *l);
struct loan_input {
	int64_t org_id, member_id, case_id;
	int64_t principal;
	int rate_bp;
	int months;
	char start_on[11];
	char method[PAY_METHOD_MAX];
	char purpose[256];
};
/* The schedule without storing anything: equal principal each month
 * (pay_split over the months), interest on the outstanding principal for
 * the month, rounded half up. */
int loan_schedule(const struct loan_input *in, struct loan_instalment *inst, size_t cap,
		  struct bf_err *e);
/* Creates and disburses a loan (Dr loan / Cr bank|cash, kind "loan"). */
int loan_create(struct core *c, const struct actor *a, const struct loan_input *in,
		struct loan *out, struct bf_err *e);
int loan_get(struct core *c, const struct actor *a, int64_t id, struct loan *out, struct bf_err *e);
int loan_list(struct core *c, const struct actor *a, struct loan **items, size_t *n,
	      struct bf_err *e);
/* A repayment: interest due first, then principal, oldest instalment first
 * (Dr bank|cash / Cr loan for principal, Cr the interest income account).
 * More than the outstanding total is refused. */
int loan_repay(struct core *c, const struct actor *a, int64_t id, int64_t amount,
	       const char *method, const char *date, struct loan *out, struct bf_err *e);
/* Overdue instalments in the actor's subtree (the to-do page). */
struct loan_overdue {
	int64_t loan_id, member_id, org_id;
	char member_name[TEXT_BYTES(TF_MEMBER_NAME_MAX)], org_name[TEXT_BYTES(TF_ORG_NAME_MAX)];
	int no;
	char due_on[11];
	int64_t outstanding;
};
int loan_overdue_list(struct core *c, const struct actor *a, struct loan_overdue **items, size_t *n,
		      struct bf_err *e);

/* --- recovery (src/core/fund/recovery.c) -------------------------------------- */
struct recovery {
	int64_t id;
	int64_t case_id, member_id, org_id, fund_id;
	char member_name[TEXT_BYTES(TF_MEMBER_NAME_MAX)], org_name[TEXT_BYTES(TF_ORG_NAME_MAX)],
	    org_path[256];
	int64_t amount, repaid, written_off;
	char found_on[11];
	char finding[1024];
	char status[16]; /* "open" | "settled" | "written_off" */
	char write_off_reason[512];
	int64_t write_off_by;
	int64_t payment_ids[16];
	size_t npayments;
	int64_t created_by, created_at;
};
/* A verification finding fixes an amount owed on a paid case, linked to
 * its payments (all of them when none named): Dr recovery / Cr the aid
 * expense, kind "recovery", on the fund that paid.  Department only. */
int recovery_create(struct core *c, const struct actor *a, int64_t case_id, int64_t amount,
		    const char *found_on, const char *finding, const int64_t *payment_ids,
		    size_t npayments, struct recovery *out, struct bf_err *e);
/* Dr bank|cash / Cr recovery, kind "recovery_repayment". */
int recovery_repay(struct core *c, const struct actor *a, int64_t id, int64_t amount,
		   const char *method, const char *date, struct recovery *out, struct bf_err *e);
/* The department's approval of a write-off of what is left, with a reason:
 * Dr the aid expense / Cr recovery, kind "write_off". */
int recovery_write_off(struct core *c, const struct actor *a, int64_t id, const char *reason,
		       struct recovery *out, struct bf_err *e);
int recovery_get(struct core *c, const struct actor *a, int64_t id, struct recovery *out,
		 struct bf_err *e);
int recovery_list(struct core *c, const struct actor *a, int64_t case_id, struct recovery **items,
		  size_t *n, struct bf_err *e);

#endif
