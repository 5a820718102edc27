/* ledger.h - the assistance fund's double-entry ledger (issue #4, DOMAIN.md
 * §7): one fund per organisation, its accounts, and postings of balanced
 * lines in integer fen, append-only and hash-chained per fund with SM3.
 * This is the core everything about money builds on: payments, receipts,
 * loans, recovery, statements and the console call these functions and
 * never write ledger rows themselves.
 *
 * Like core.h: no SQL (store_ledger.h does that), no HTTP, no printf; every
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
#ifndef BANGFU_LEDGER_H
#define BANGFU_LEDGER_H
#include <stddef.h>
#include <stdint.h>
#include "core.h"
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

/* The chart: NULL-terminated codes with their kinds and Chinese names. */
struct ledger_chart_row {
	const char *code, *kind, *name;
};
extern const struct ledger_chart_row ledger_chart[];
/* The row of code, or NULL. */
const struct ledger_chart_row *ledger_chart_find(const char *code);

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

/* --- postings ------------------------------------------------------------ */
struct ledger_line {
	/* Either the account code (resolved against the posting's fund) or
	 * its id; on reads both are filled. */
	char account[LEDGER_CODE_MAX];
	int64_t account_id;
	int64_t amount; /* fen: debit > 0, credit < 0, never 0 */
};

/* Posting kinds (the statement groups by them); NULL-terminated.  income,
 * payment, gift, allocation_out, allocation_in, loan, loan_repayment,
 * recovery, recovery_repayment, write_off, advance_settle, transfer,
 * reversal, adjustment.  A new kind is one more entry in src/core/fund/ledger.c. */
extern const char *const ledger_posting_kinds[];

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
struct ledger_query {
	int64_t fund_id;	       /* required */
	char from[11], to[11];	       /* value_date range, inclusive, "" open */
	char kind[LEDGER_KIND_MAX];    /* "" any */
	char account[LEDGER_CODE_MAX]; /* postings with a line on it, "" any */
	int64_t case_id, member_id;    /* 0 any */
	char batch_ref[64];	       /* "" any */
	int page, size;		       /* 1-based; size 1..500 */
};
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

#endif
