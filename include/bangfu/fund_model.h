/* fund_model.h - the plain structs of the fund (DOMAIN.md §7) that cross
 * the core/store boundary: funds, accounts and postings of the ledger,
 * payment batches, payments, loans and recoveries.  Like model.h and
 * case_model.h: UTF-8 text in fixed buffers, amounts in integer fen; the
 * rules are the core's (fund.h), the queries store_ledger.h's and
 * store_payments.h's. */
#ifndef BANGFU_FUND_MODEL_H
#define BANGFU_FUND_MODEL_H
#include <stddef.h>
#include <stdint.h>
#include "case_model.h"
#include "limits.h"

/* --- accounts ------------------------------------------------------------
 * Every fund gets the same fixed chart of accounts when it is created; the
 * code is the name in the API and in posting lines.
 *   asset:      cash 现金, bank 银行存款
 *   income:     dues 党费, finance 财政拨款, admin 行政经费,
 *               member_donation 党员捐款, social_donation 社会捐助,
 *               upper_allocation 上级拨款
 *   expense:    yearly_aid 生活困难帮扶, emergency_aid 突发事故救助,
 *               visit_gift 走访慰问, allocation_down 向下级拨款,
 *               other_expense 其他支出
 *   receivable: loan 借给党员的借款, recovery 应追回款
 *   current:    upper_advance 上级垫付往来 (credit balance = advanced)
 *   income:     loan_interest 借款利息收入 (added later: the chart only
 *               grows at the end; older funds get new rows when next
 *               posted to)
 * A loan paid out is Dr loan / Cr cash (an asset, not an expense); the
 * statement's "expense by kind" reads the posting kind for it. */
#define LEDGER_CODE_MAX 24
#define LEDGER_KIND_MAX 24
#define LEDGER_MEMO_MAX 256

struct ledger_account {
	int64_t id;
	int64_t fund_id;
	char code[LEDGER_CODE_MAX]; /* see the chart above */
	char kind[16];		    /* asset, income, expense, receivable, current */
	char name[64];		    /* Chinese */
	int64_t balance;	    /* fen, signed as the lines */
};

/* --- funds -------------------------------------------------------------- */
/* A fund's name: the organisation's and "帮扶基金" (12 bytes). */
#define FUND_NAME_BYTES (TEXT_BYTES(TF_ORG_NAME_MAX) + 12)
struct fund {
	int64_t id;
	int64_t org_id;
	char name[FUND_NAME_BYTES]; /* "<org name>帮扶基金" unless given */
	/* the org, joined for lists and scope checks */
	char org_name[TEXT_BYTES(TF_ORG_NAME_MAX)];
	char org_kind[16];
	char org_path[256];
	int64_t balance;    /* fen: cash + bank */
	int64_t last_seq;   /* seq of the newest posting, 0 when none */
	char head_hash[65]; /* its hash (64 '0' when none) */
	/* postings written before the chains were keyed (migration 0007) and
	 * the MAC that seals them (bangfu audit seal; "" until then) */
	int64_t legacy_seq;
	char legacy_mac[65];
	int64_t version;    /* +1 on every change of the row */
	int64_t created_at; /* unix seconds */
	int64_t created_by; /* user id, 0 for the command line */
};

/* --- postings ------------------------------------------------------------ */
struct ledger_line {
	/* Either the account code (resolved against the posting's fund) or
	 * its id; on reads both are filled. */
	char account[LEDGER_CODE_MAX];
	int64_t account_id;
	int64_t amount; /* fen: debit > 0, credit < 0, never 0 */
};

struct ledger_posting {
	int64_t id;
	int64_t fund_id;
	int64_t seq;	     /* 1, 2, 3 … per fund, gap-free; set by the ledger */
	int64_t posted_at;   /* unix seconds, set by the ledger */
	int64_t posted_by;   /* user id, 0 for the command line; set by the ledger */
	char value_date[11]; /* YYYY-MM-DD the money moved (default today) */
	char kind[LEDGER_KIND_MAX];
	char memo[LEDGER_MEMO_MAX];
	int64_t reverses;   /* the posting this one corrects, 0 none */
	int64_t link_id;    /* the other half of a two-fund posting, 0 none */
	int64_t case_id;    /* the aid case paid, 0 none */
	int64_t member_id;  /* the member paid / lending / donating, 0 none */
	char batch_ref[64]; /* a payment batch or import reference, "" none */
	char donor[128];    /* donations: who gave (member or society), "" none */
	char prev_hash[65]; /* set by the ledger */
	char hash[65];	    /* set by the ledger */
	char mac[65];	    /* HMAC-SM3 of fund, seq, hash; set by the ledger */
	/* Lines: on input the caller's array (not freed by the ledger); on
	 * reads malloc'd, freed by ledger_posting_release. */
	struct ledger_line *lines;
	size_t nlines;
	int reversed_by; /* reads: 1 when a later posting reverses this one */
};

/* --- reads --------------------------------------------------------------- */
struct ledger_query {
	int64_t fund_id;	       /* required */
	char from[11], to[11];	       /* value_date range, inclusive, "" open */
	char kind[LEDGER_KIND_MAX];    /* "" any */
	char account[LEDGER_CODE_MAX]; /* postings with a line on it, "" any */
	int64_t case_id, member_id;    /* 0 any */
	char batch_ref[64];	       /* "" any */
	int page, size;		       /* 1-based; size 1..500 */
};

/* --- payment batches (src/core/fund/payments.c) ------------------------- */
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

/* A page of the batch list, newest first. */
struct pay_batch_query {
	const char *scope_path; /* set by pay_batch_list: the actor's */
	/* the search box: the memo or the committee's name, a paid member's
	 * name or ID number, or the batch's number (NULL: none) */
	struct search_term *search;
	int offset;
	int limit; /* 20 when 0 */
};

/* An asset account of a fund the batch would take below zero, as the
 * ledger's balance rule judges it: per account (cash, bank) and per
 * posting in the confirmation's order (the preview's warning; the ledger
 * refuses the confirmation unless the policy allows advances). */
struct pay_shortfall {
	int64_t org_id;
	char org_name[TEXT_BYTES(TF_ORG_NAME_MAX)];
	int64_t fund_id;       /* 0: the organisation has no fund yet */
	char account[8];       /* "cash" | "bank" */
	char account_name[16]; /* 现金 | 银行存款 */
	int64_t balance;       /* fen now in that account */
	int64_t need;	       /* fen the batch takes out of it, net of what came in before */
	int64_t missing;       /* need - balance */
	/* 「城关镇党委帮扶基金银行存款余额不足，还差 1,234.00 元」 */
	char message[TEXT_BYTES(TF_ORG_NAME_MAX) + 96];
};

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
	/* the preview only: the policy lets a short level pay ahead, and the
	 * funds it would leave short (malloc'd; pay_batch_release) */
	int advance_allowed;
	size_t nshort;
	struct pay_shortfall *shorts;
};

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

/* An overdue instalment (loan_overdue_list). */
struct loan_overdue {
	int64_t loan_id, member_id, org_id;
	char member_name[TEXT_BYTES(TF_MEMBER_NAME_MAX)], org_name[TEXT_BYTES(TF_ORG_NAME_MAX)];
	int no;
	char due_on[11];
	int64_t outstanding;
};

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

#endif
