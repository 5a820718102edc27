/* fund.h - the fund domain (src/core/fund/): the assistance fund's
 * double-entry ledger and money out of it (payment batches with the cost
 * sharing, receipts, gifts, loans, recovery, the statement).  The one
 * public header of the domain; the plain structs the store reads and
 * writes are in fund_model.h, the queries in store_ledger.h and
 * store_payments.h.  Design: docs/internals/ledger.md, payments.md. */
#ifndef BANGFU_FUND_H
#define BANGFU_FUND_H
#include <stddef.h>
#include <stdint.h>
#include "cases.h"
#include "fund_model.h"
#include "register.h"

/* ======== the ledger (ledger*.c) ============================================ */

/* The assistance fund's double-entry ledger (issue #4, DOMAIN.md
 * §7): one fund per organisation, its accounts, and postings of balanced
 * lines in integer fen, append-only and hash-chained per fund with SM3.
 * This is the core everything about money builds on: payments, receipts,
 * loans, recovery, statements and the console call these functions and
 * never write ledger rows themselves.
 *
 * Like register.h: no SQL (store_ledger.h does that), no HTTP, no printf; every
 * call takes the acting user, checks role and scope (a fund outside the
 * actor's subtree answers EC_NOT_FOUND), and answers 0, or -1 with a
 * Chinese message in e naming the field or the line at fault.
 *
 * Sign convention: a line's amount is signed fen, debit positive, credit
 * negative; the lines of every posting sum to zero.  So asset, expense and
 * receivable accounts carry positive balances, income accounts negative
 * ones (the API shows income as positive amounts where people read it).
 * The fund's balance is the sum of its asset accounts (cash + bank): the
 * money it can spend, never below zero.
 *
 * A posting that would take an asset account below zero is refused with
 * EC_INSUFFICIENT_FUNDS ("基金余额不足：当前余额 1,234.00 元，本次支出
 * 2,000.00 元"), unless the caller passes LEDGER_ALLOW_ADVANCE (the policy
 * allows an advance): then the engine adds two lines to the posting, the
 * shortfall S debited back to the asset account and credited to the
 * fund's current account with the upper level (`upper_advance`, 上级垫付
 * 往来), whose credit balance is what the upper level has yet to cover.
 * When the upper level's money arrives, a posting Dr cash / Cr
 * upper_advance settles it.  Design: docs/internals/ledger.md. */

/* The chart: NULL-terminated codes with their kinds and Chinese names. */
struct ledger_chart_row {
	const char *code, *kind, *name;
};
extern const struct ledger_chart_row ledger_chart[];
/* The row of code, or NULL. */
const struct ledger_chart_row *ledger_chart_find(const char *code);

/* --- funds (struct fund: fund_model.h) ----------------------------------- */
/* The fund of an organisation, created with its accounts when it has none
 * (roles with PERM_WRITE, org in scope; audited "fund.create").  Funds are
 * created on demand: by the income entry, by an allocation to an org
 * without one, or explicitly (POST /api/v1/funds).  Idempotent, also
 * between two processes (the org's fund is unique). */
int ledger_fund_ensure(struct core *c, const struct actor *a, int64_t org_id, struct fund *out,
		       struct bf_err *e);
/* Same, inside the caller's transaction. */
int ledger_fund_ensure_tx(struct core *c, const struct actor *a, int64_t org_id, struct fund *out,
			  struct bf_err *e);
/* A fund in scope (PERM_READ). */
int ledger_fund_get(struct core *c, const struct actor *a, int64_t id, struct fund *out,
		    struct bf_err *e);
/* The fund of an org in scope; EC_NOT_FOUND when it has none yet. */
int ledger_fund_of_org(struct core *c, const struct actor *a, int64_t org_id, struct fund *out,
		       struct bf_err *e);
/* Every fund in the actor's subtree, by org path (caller frees *items). */
int ledger_fund_list(struct core *c, const struct actor *a, struct fund **items, size_t *n,
		     struct bf_err *e);
/* The accounts of a fund in scope, in chart order (caller frees *items). */
int ledger_accounts(struct core *c, const struct actor *a, int64_t fund_id,
		    struct ledger_account **items, size_t *n, struct bf_err *e);

/* --- postings (struct ledger_posting: fund_model.h) ---------------------- */
/* Posting kinds (the statement groups by them); NULL-terminated.  income,
 * payment, gift, allocation_out, allocation_in, loan, loan_repayment,
 * recovery, recovery_repayment, write_off, advance_settle, transfer,
 * reversal, adjustment.  A new kind is one more entry in src/core/fund/ledger.c. */
extern const char *const ledger_posting_kinds[];

#define LEDGER_MAX_LINES 64

/* Flags of the posting calls. */
enum {
	/* The policy allows an advance: a shortfall of an asset account is
	 * credited to upper_advance instead of refusing (see top). */
	LEDGER_ALLOW_ADVANCE = 1u << 0,
	/* No audit row per posting (the batch calls write one for the whole
	 * batch; callers that audit their own action, e.g. a payment batch,
	 * may pass it too). */
	LEDGER_NO_AUDIT = 1u << 1,
};

/* Checks a posting without the database: kind known, value_date a real
 * date, 1..LEDGER_MAX_LINES lines with known account codes (or ids), no
 * zero amounts, lines summing to zero, memo/donor lengths.  Errors name the
 * line ("第 2 行：…"). */
int ledger_posting_check(const struct ledger_posting *p, struct bf_err *e);

/* The canonical serialization the chain hashes (fund, seq, posted_at,
 * posted_by, value_date, kind, memo, reverses, link_id, case_id,
 * member_id, batch_ref, donor, then each line as account id and amount,
 * then the previous hash; fields separated by 0x1f) and its SM3 into
 * out[65].  Lines must carry account ids. */
void ledger_posting_hash(const struct ledger_posting *p, const char *prev_hash, char out[65]);

/* Posts p to p->fund_id inside the caller's transaction (or one of its own
 * through db_run_tx when none is open): locks the fund row, checks p,
 * resolves account codes, refuses a balance below zero (see top), assigns
 * seq/posted_at/posted_by/prev_hash/hash/id, appends the rows, moves the
 * balances and the fund's chain head, and writes an audit row
 * "ledger.post" unless LEDGER_NO_AUDIT.  Roles with PERM_WRITE on the
 * fund's org.  On success p's set fields are filled (p->lines stays the
 * caller's: lines an advance added are in the stored posting only).  The
 * ledger does not check that case_id / member_id are in the actor's scope
 * (the foreign keys only that they exist): the caller (payments) does. */
int ledger_post(struct core *c, const struct actor *a, struct ledger_posting *p, unsigned flags,
		struct bf_err *e);

/* Many postings in one transaction, all or nothing (a payment batch, an
 * import, the benchmark).  next fills the next posting (its lines array
 * must stay valid until the next call) and answers 1 (one more), 0 (done)
 * or -1 (stop with e filled: everything is rolled back).  Each fund's row
 * is locked once, balances and heads are written once at the end, the rows
 * many a statement (ids are taken when they are written, so the posting
 * next filled does not get its id back: use ledger_post_many or read by
 * batch_ref when the ids matter); one audit row "ledger.batch" (count,
 * total) for the whole batch.  *count (may be NULL) gets the number
 * posted.  Runs in the caller's transaction when one is open.  A stream
 * cannot be replayed: when the database asks for a retry (PostgreSQL
 * deadlock) it fails with EC_DB and the caller may submit it again.  Past
 * 50,000 postings the connection switches to bulk mode (db_bulk). */
typedef int (*ledger_next_fn)(struct ledger_posting *p, void *ctx, struct bf_err *e);
int ledger_post_stream(struct core *c, const struct actor *a, ledger_next_fn next, void *ctx,
		       unsigned flags, int64_t *count, struct bf_err *e);
/* The same over an array; each posting gets its id and the other fields
 * the ledger sets, and a retry is replayed. */
int ledger_post_many(struct core *c, const struct actor *a, struct ledger_posting *ps, size_t n,
		     unsigned flags, struct bf_err *e);

/* Income into a fund (§7 sources): Dr bank (or cash when method is
 * "cash") / Cr the source account.  source is one of dues, finance, admin,
 * member_donation, social_donation, upper_allocation; donor is required for
 * the two donations (member_id may name the donating member); date
 * YYYY-MM-DD (NULL or "": today).  out (may be NULL) gets the posting. */
struct ledger_income {
	int64_t fund_id;
	char source[LEDGER_CODE_MAX];
	int64_t amount; /* fen, > 0 */
	char method[8]; /* "bank" (default) or "cash" */
	char date[11];
	char donor[128];
	int64_t member_id;
	char memo[LEDGER_MEMO_MAX];
};
int ledger_income(struct core *c, const struct actor *a, const struct ledger_income *in,
		  struct ledger_posting *out, struct bf_err *e);

/* Reverses posting id (same fund, every line negated, kind "reversal",
 * reverses = id, memo "冲正：<reason>"); reason is required.  A posting is
 * reversed at most once and a reversal is never reversed
 * (EC_ALREADY_REVERSED).  The reversal is subject to the balance rule too
 * (reversing income already spent is refused).  A posting with a link_id
 * is reversed together with its other half.  Inside the caller's
 * transaction when one is open.  out (may be NULL) gets the reversal. */
int ledger_reverse(struct core *c, const struct actor *a, int64_t posting_id, const char *reason,
		   struct ledger_posting *out, struct bf_err *e);

/* Moves amount from one fund to another as two linked postings in one
 * transaction: from: Dr allocation_down / Cr bank (kind allocation_out);
 * to: Dr bank / Cr upper_allocation (kind allocation_in, link_id = the
 * first).  case_id / batch_ref / memo / value_date are copied from tmpl
 * (may be NULL).  The destination fund is created when missing (to_org_id
 * names the org).  out_from / out_to may be NULL. */
int ledger_allocate(struct core *c, const struct actor *a, int64_t from_fund_id, int64_t to_org_id,
		    int64_t amount, const struct ledger_posting *tmpl, unsigned flags,
		    struct ledger_posting *out_from, struct ledger_posting *out_to,
		    struct bf_err *e);

/* --- reads --------------------------------------------------------------- */
/* A page of postings with their lines, newest first, and the total
 * matching.  Free with ledger_postings_free. */
int ledger_postings(struct core *c, const struct actor *a, const struct ledger_query *q,
		    struct ledger_posting **items, size_t *n, int64_t *total, struct bf_err *e);
/* One posting with its lines (fund in scope); ledger_posting_release. */
int ledger_posting_get(struct core *c, const struct actor *a, int64_t id,
		       struct ledger_posting *out, struct bf_err *e);
void ledger_posting_release(struct ledger_posting *p);
void ledger_postings_free(struct ledger_posting *items, size_t n);

/* --- verification -------------------------------------------------------- */
struct ledger_verify_report {
	int64_t funds, postings, lines; /* how many were checked */
	/* the first bad entry (0 when none or not a posting) */
	int64_t bad_fund_id, bad_seq, bad_posting_id;
};
/* Checks fund_id (0: every fund) without any user (the command line and
 * tests): every posting balances and its lines name accounts of its fund;
 * seqs run 1, 2, 3 … without gaps; each hash matches the posting, its
 * lines and the previous hash; the fund's head matches its last posting;
 * every account's balance equals the sum of its lines and the fund's
 * balance the sum of its asset accounts; no line without its posting
 * (whole ledger only); a reversal refers to an earlier posting.  Reads one
 * snapshot (REPEATABLE READ on PostgreSQL), so postings committed meanwhile
 * are not taken for tampering.  0 when intact;
 * -1 with EC_LEDGER_BROKEN and a Chinese message naming the first bad
 * entry (fund, seq, posting id, what is wrong). */
int ledger_verify(struct db *db, int64_t fund_id, struct ledger_verify_report *r, struct bf_err *e);
/* Same, and the head anchored outside the database (chain_anchor_parse)
 * must be in fund_id's chain (fund_id required). */
int ledger_verify_head(struct db *db, int64_t fund_id, const struct chain_anchor *head,
		       struct ledger_verify_report *r, struct bf_err *e);
/* Verifies every fund and seals the postings written before the chains
 * were keyed (migration 0007; bangfu audit seal): *sealed funds sealed. */
int ledger_seal(struct db *db, int *sealed, struct bf_err *e);
/* The fund's head to anchor outside the database, after checking the head
 * posting's hash and MAC. */
int ledger_head_get(struct db *db, int64_t fund_id, struct chain_anchor *out, struct bf_err *e);

/* ======== money out (payments*.c, gifts.c, loans.c, recovery.c) ============= */

/* Money out of the assistance fund (issue #4, DOMAIN.md §3
 * steps 11–12, §4, §7) on top of the ledger (above): payment batches
 * with the policy's cost sharing between levels, receipts (签收), payments
 * per case, gifts on visits, start-up loans with their schedule, recovery
 * of money obtained by fraud, and the fund statement for a period.
 *
 * Like register.h: no SQL (store_payments.h), no HTTP, no printf; every call
 * takes the acting user, checks role and scope (anything outside the
 * actor's subtree answers EC_NOT_FOUND) and answers 0, or -1 with a
 * Chinese message in e naming the field at fault.  Money moves only
 * through ledger_post / ledger_allocate, inside the same transaction as
 * the rows here, so a batch is posted all or nothing.
 * Design: docs/internals/payments.md. */
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
/* struct pay_batch and its parts: fund_model.h.  Frees b->lines. */
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
/* Batches in the actor's subtree matching q (struct pay_batch_query,
 * fund_model.h), newest first (lines not read), and their total. */
int pay_batch_list(struct core *c, const struct actor *a, struct pay_batch_query *q,
		   struct pay_batch **items, size_t *n, int64_t *total, struct bf_err *e);

/* --- payments and receipts (struct payment: fund_model.h) ---------------- */
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
	char name[80];		    /* the account's name (64) and 「退回」 */
	int64_t amount;		    /* fen, positive = as the heading reads */
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

/* --- loans (src/core/fund/loans.c; struct loan: fund_model.h) ----------- */
/* Frees l->inst. */
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
/* The loans in the actor's subtree, newest first.  status: "active" or
 * "repaid" keeps those (NULL or "": every one; another: EC_INVALID, field
 * "status"); overdue: only those with an instalment due before today and
 * not repaid (the to-do page's 借款逾期, loan_overdue_list's loans). */
int loan_list(struct core *c, const struct actor *a, const char *status, int overdue,
	      struct loan **items, size_t *n, struct bf_err *e);
/* A repayment: interest due first, then principal, oldest instalment first
 * (Dr bank|cash / Cr loan for principal, Cr the interest income account).
 * More than the outstanding total is refused. */
int loan_repay(struct core *c, const struct actor *a, int64_t id, int64_t amount,
	       const char *method, const char *date, struct loan *out, struct bf_err *e);
/* Overdue instalments in the actor's subtree (the to-do page). */
int loan_overdue_list(struct core *c, const struct actor *a, struct loan_overdue **items, size_t *n,
		      struct bf_err *e);

/* --- recovery (src/core/fund/recovery.c; struct recovery: fund_model.h) -- */
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
/* The recoveries in the actor's subtree (of one case: case_id), newest
 * first; status "open", "settled" or "written_off" keeps those (NULL or "":
 * every one; another: EC_INVALID, field "status"). */
int recovery_list(struct core *c, const struct actor *a, int64_t case_id, const char *status,
		  struct recovery **items, size_t *n, struct bf_err *e);

#endif
