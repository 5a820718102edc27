/* payments.c - the queries of payment batches, payments and receipts,
 * loans and recoveries (migration 0005) and the fund statement's sums over
 * the ledger's tables (read only: the ledger's rows are written by
 * core/fund/ledger.c alone).  Rules live in core/fund/payments*.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store_payments.h"
#include "store/store_impl.h"
#include "store/cases_impl.h"
#include "wrapper.h"

/* Scope range arguments: lo and hi of paths under scope ("" when invalid,
 * which matches nothing). */
struct range {
	char lo[256], hi[256];
};
static void range_of(const char *scope, struct range *r)
{
	if (st_scope_range(scope, r->lo, r->hi))
		r->lo[0] = r->hi[0] = '\0';
}

enum db_qs store_pay_ready_cases(struct db *db, const char *scope_path, struct aid_case **items,
				 size_t *n, struct bf_err *e)
{
	struct range rg;
	range_of(scope_path, &rg);
	struct db_val args[] = {st_text(rg.lo), st_text(rg.hi)};
	return st_fetch_all(
	    db,
	    ST_CASE_SELECT
	    "WHERE o.path >= $1 AND o.path < $2 AND (c.state = 'screened' OR "
	    "(c.state IN ('approved', 'screening') AND c.pay_first = 1 AND NOT EXISTS "
	    "(SELECT 1 FROM payments p WHERE p.case_id = c.id))) ORDER BY c.id "
	    "LIMIT 2001" /* PAY_BATCH_MAX + 1 */,
	    args, 2, sizeof(**items), st_read_case, (void **)items, n, e);
}

/* --- batches --- */
#define BATCH_SELECT                                                                               \
	"SELECT b.id, b.org_id, o.name, b.payer, b.value_date, b.method, b.memo, "                 \
	"b.policy_version, b.total, b.count, b.created_by, b.created_at, b.lines_json "            \
	"FROM pay_batches b JOIN orgs o ON o.id = b.org_id "

static void read_batch(struct db_rows *r, void *item)
{
	struct pay_batch *b = item;
	memset(b, 0, sizeof(*b));
	b->id = db_int(r, 0);
	b->org_id = db_int(r, 1);
	ST_COPY(b->org_name, db_text(r, 2));
	ST_COPY(b->payer, db_text(r, 3));
	ST_COPY(b->value_date, db_text(r, 4));
	ST_COPY(b->method, db_text(r, 5));
	ST_COPY(b->memo, db_text(r, 6));
	b->policy_version = (int)db_int(r, 7);
	b->total = db_int(r, 8);
	b->count = db_int(r, 9);
	b->created_by = db_int(r, 10);
	b->created_at = db_int(r, 11);
}

enum db_qs store_pay_batch_insert(struct db *db, struct pay_batch *b, const char *lines_json,
				  struct bf_err *e)
{
	if (!b->created_at)
		b->created_at = st_now();
	struct db_val args[] = {
	    DB_INT(b->org_id),	   st_text(b->payer),	 st_text(b->value_date),
	    st_text(b->method),	   st_text(b->memo),	 DB_INT(b->policy_version),
	    DB_INT(b->total),	   DB_INT(b->count),	 DB_TEXT(lines_json),
	    DB_INT(b->created_by), DB_INT(b->created_at)};
	return st_fetch_int(db,
			    "INSERT INTO pay_batches (org_id, payer, value_date, method, memo, "
			    "policy_version, total, count, lines_json, created_by, created_at) "
			    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
			    args, 11, &b->id, e);
}

struct batch_json {
	struct pay_batch b;
	char *json;
};
static void read_batch_json(struct db_rows *r, void *item)
{
	struct batch_json *x = item;
	read_batch(r, &x->b);
	x->json = xstrdup(db_text(r, 12));
}

enum db_qs store_pay_batch_get(struct db *db, int64_t id, struct pay_batch *out, char **lines_json,
			       struct bf_err *e)
{
	struct db_val arg = DB_INT(id);
	struct batch_json *x = xcalloc(1, sizeof(*x));
	enum db_qs qs =
	    st_fetch_one(db, BATCH_SELECT "WHERE b.id = $1", &arg, 1, read_batch_json, x, e);
	if (qs == DB_ONE) {
		*out = x->b;
		if (lines_json)
			*lines_json = x->json;
		else
			free(x->json);
	}
	free(x);
	return qs;
}

static void batch_where(struct qb *w, const struct pay_batch_query *q, struct range *rg)
{
	static const struct search_cols cols = {
	    {"b.memo", "o.name"},
	    "b.id IN (SELECT p.batch_id FROM payments p JOIN members m ON m.id = p.member_id "
	    "WHERE ",
	    "b.id"};
	qb_add(w, " WHERE o.path >= ");
	qb_arg(w, st_text(rg->lo));
	qb_add(w, " AND o.path < ");
	qb_arg(w, st_text(rg->hi));
	/* a batch that paid nothing (count 0: before December 2026 a
	 * paid-first case was moved to "paid" by one) is not listed */
	qb_add(w, " AND b.count > 0");
	st_search_where(w, q->search, &cols);
}

enum db_qs store_pay_batch_list(struct db *db, const struct pay_batch_query *q,
				struct pay_batch **items, size_t *n, int64_t *total,
				struct bf_err *e)
{
	struct range rg;
	struct qb w = {STRBUF_INIT, {{0}}, 0}, p = {STRBUF_INIT, {{0}}, 0};
	int offset = q->offset > 0 ? q->offset : 0;
	*items = NULL;
	*n = 0;
	*total = 0;
	range_of(q->scope_path, &rg);
	qb_add(&w, "SELECT count(*) FROM pay_batches b JOIN orgs o ON o.id = b.org_id");
	batch_where(&w, q, &rg);
	qb_add(&p, BATCH_SELECT);
	batch_where(&p, q, &rg);
	qb_add(&p, " ORDER BY b.id DESC LIMIT ");
	qb_arg(&p, DB_INT(q->limit > 0 ? q->limit : 20));
	qb_add(&p, " OFFSET ");
	qb_arg(&p, DB_INT(offset));
	return st_fetch_page(db, &w, &p, offset, sizeof(**items), read_batch, (void **)items, n,
			     total, e);
}

/* --- payments --- */
#define PAYMENT_SELECT                                                                             \
	"SELECT p.id, p.batch_id, p.case_id, p.member_id, m.name, p.org_id, o.name, o.path, "      \
	"p.amount, p.pay_first, p.value_date, p.shares_json, COALESCE(p.receipt_on, ''), "         \
	"COALESCE(p.receipt_method, ''), p.handed_by, COALESCE(p.signed_by, ''), "                 \
	"p.receipt_note, COALESCE(p.receipt_attachment_id, 0), p.receipt_by, p.receipt_at, "       \
	"p.created_at, COALESCE(c.paperwork_due, ''), c.paperwork_done FROM payments p "           \
	"JOIN members m ON m.id = p.member_id JOIN orgs o ON o.id = p.org_id "                     \
	"JOIN cases c ON c.id = p.case_id "

static void read_payment(struct db_rows *r, void *item)
{
	struct payment *p = item;
	memset(p, 0, sizeof(*p));
	p->id = db_int(r, 0);
	p->batch_id = db_int(r, 1);
	p->case_id = db_int(r, 2);
	p->member_id = db_int(r, 3);
	ST_COPY(p->member_name, db_text(r, 4));
	p->org_id = db_int(r, 5);
	ST_COPY(p->org_name, db_text(r, 6));
	ST_COPY(p->org_path, db_text(r, 7));
	p->amount = db_int(r, 8);
	p->pay_first = (int)db_int(r, 9);
	ST_COPY(p->value_date, db_text(r, 10));
	ST_COPY(p->shares_json, db_text(r, 11));
	ST_COPY(p->receipt_on, db_text(r, 12));
	ST_COPY(p->receipt_method, db_text(r, 13));
	ST_COPY(p->handed_by, db_text(r, 14));
	ST_COPY(p->signed_by, db_text(r, 15));
	ST_COPY(p->receipt_note, db_text(r, 16));
	p->receipt_attachment_id = db_int(r, 17);
	p->receipt_by = db_int(r, 18);
	p->receipt_at = db_int(r, 19);
	p->created_at = db_int(r, 20);
	ST_COPY(p->paperwork_due, db_text(r, 21));
	p->paperwork_done = (int)db_int(r, 22);
}

enum db_qs store_payment_insert(struct db *db, struct payment *p, struct bf_err *e)
{
	if (!p->created_at)
		p->created_at = st_now();
	struct db_val args[] = {
	    DB_INT(p->batch_id),    DB_INT(p->case_id),	     DB_INT(p->member_id),
	    DB_INT(p->org_id),	    DB_INT(p->amount),	     DB_INT(p->pay_first),
	    st_text(p->value_date), st_text(p->shares_json), DB_INT(p->created_at)};
	return st_fetch_int(db,
			    "INSERT INTO payments (batch_id, case_id, member_id, org_id, amount, "
			    "pay_first, value_date, shares_json, created_at) VALUES ($1, $2, $3, "
			    "$4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING id",
			    args, 9, &p->id, e);
}

enum db_qs store_payment_get(struct db *db, int64_t id, struct payment *out, struct bf_err *e)
{
	struct db_val arg = DB_INT(id);
	return st_fetch_one(db, PAYMENT_SELECT "WHERE p.id = $1", &arg, 1, read_payment, out, e);
}

enum db_qs store_payment_of_case(struct db *db, int64_t case_id, struct payment *out,
				 struct bf_err *e)
{
	struct db_val arg = DB_INT(case_id);
	return st_fetch_one(db, PAYMENT_SELECT "WHERE p.case_id = $1", &arg, 1, read_payment, out,
			    e);
}

enum db_qs store_payment_list(struct db *db, const char *by, int64_t id, struct payment **items,
			      size_t *n, struct bf_err *e)
{
	struct db_val arg = DB_INT(id);
	const char *sql = strcmp(by, "batch") == 0
			      ? PAYMENT_SELECT "WHERE p.batch_id = $1 ORDER BY p.id"
			      : PAYMENT_SELECT "WHERE p.case_id = $1 ORDER BY p.id";
	return st_fetch_all(db, sql, &arg, 1, sizeof(**items), read_payment, (void **)items, n, e);
}

enum db_qs store_payments_unreceipted(struct db *db, const char *scope_path, struct payment **items,
				      size_t *n, struct bf_err *e)
{
	struct range rg;
	range_of(scope_path, &rg);
	struct db_val args[] = {st_text(rg.lo), st_text(rg.hi)};
	return st_fetch_all(db,
			    PAYMENT_SELECT "WHERE p.receipt_on IS NULL AND o.path >= $1 AND "
					   "o.path < $2 ORDER BY p.id LIMIT 500",
			    args, 2, sizeof(**items), read_payment, (void **)items, n, e);
}

enum db_qs store_payment_set_receipt(struct db *db, const struct payment *p, struct bf_err *e)
{
	struct db_val args[] = {
	    DB_INT(p->id),	   st_text(p->receipt_on), st_text(p->receipt_method),
	    st_text(p->handed_by), st_text(p->signed_by),  st_text(p->receipt_note),
	    DB_INT(p->receipt_by), DB_INT(p->receipt_at)};
	int64_t changes = 0;
	enum db_qs qs =
	    db_exec(db,
		    "UPDATE payments SET receipt_on = $2, receipt_method = $3, "
		    "handed_by = $4, signed_by = $5, receipt_note = $6, receipt_by = $7, "
		    "receipt_at = $8 WHERE id = $1 AND receipt_on IS NULL",
		    args, 8, &changes, e);
	if (qs < 0)
		return qs;
	return changes ? DB_ONE : DB_NONE;
}

enum db_qs store_payment_set_scan(struct db *db, int64_t id, int64_t attachment_id,
				  struct bf_err *e)
{
	struct db_val args[] = {DB_INT(id), DB_INT(attachment_id)};
	return db_exec(db, "UPDATE payments SET receipt_attachment_id = $2 WHERE id = $1", args, 2,
		       NULL, e);
}

/* --- the statement --- */
enum db_qs store_stmt_assets_before(struct db *db, int64_t fund_id, const char *before,
				    int64_t *sum, struct bf_err *e)
{
	struct db_val args[] = {DB_INT(fund_id),
				DB_TEXT(before && *before ? before : "0000-00-00")};
	return st_fetch_int(db,
			    "SELECT COALESCE(SUM(l.amount), 0) FROM ledger_lines l "
			    "JOIN ledger_postings p ON p.id = l.posting_id "
			    "JOIN fund_accounts a ON a.id = l.account_id "
			    "WHERE p.fund_id = $1 AND a.kind = 'asset' AND p.value_date < $2",
			    args, 2, sum, e);
}

static void read_sum(struct db_rows *r, void *item)
{
	struct store_stmt_sum *s = item;
	memset(s, 0, sizeof(*s));
	ST_COPY(s->code, db_text(r, 0));
	ST_COPY(s->kind, db_text(r, 1));
	ST_COPY(s->name, db_text(r, 2));
	s->debit = db_int(r, 3);
	s->credit = db_int(r, 4);
}

/* Postings of the period that move money: those with an asset line. */
#define MOVING                                                                                     \
	"SELECT p.id FROM ledger_postings p WHERE p.fund_id = $1 AND p.value_date >= $2 "          \
	"AND p.value_date <= $3 AND EXISTS (SELECT 1 FROM ledger_lines x JOIN fund_accounts y "    \
	"ON y.id = x.account_id WHERE x.posting_id = p.id AND y.kind = 'asset')"

enum db_qs store_stmt_sums(struct db *db, int64_t fund_id, const char *from, const char *to,
			   struct store_stmt_sum **items, size_t *n, int64_t *postings,
			   struct bf_err *e)
{
	struct db_val args[] = {DB_INT(fund_id), DB_TEXT(from), DB_TEXT(to)};
	enum db_qs qs =
	    st_fetch_int(db, "SELECT COUNT(*) FROM (" MOVING ") t", args, 3, postings, e);
	if (qs < 0)
		return qs;
	return st_fetch_all(
	    db,
	    "SELECT a.code, a.kind, a.name, "
	    "SUM(CASE WHEN l.amount > 0 THEN l.amount ELSE 0 END), "
	    "SUM(CASE WHEN l.amount < 0 THEN -l.amount ELSE 0 END) FROM ledger_lines l "
	    "JOIN fund_accounts a ON a.id = l.account_id "
	    "WHERE a.kind <> 'asset' AND l.posting_id IN (" MOVING ") "
	    "GROUP BY a.code, a.kind, a.name, a.position ORDER BY a.position",
	    args, 3, sizeof(**items), read_sum, (void **)items, n, e);
}

enum db_qs store_pay_lock(struct db *db, const char *what, int64_t id, struct bf_err *e)
{
	/* fixed texts: no name from the caller enters the SQL */
	const char *sql = !strcmp(what, "loan") ? "UPDATE loans SET id = id WHERE id = $1"
			  : !strcmp(what, "recovery")
			      ? "UPDATE recoveries SET id = id WHERE id = $1"
			  : !strcmp(what, "payment") ? "UPDATE payments SET id = id WHERE id = $1"
						     : NULL;
	if (!sql)
		BUG("store_pay_lock: %s", what);
	struct db_val arg = DB_INT(id);
	int64_t changes = 0;
	enum db_qs qs = db_exec(db, sql, &arg, 1, &changes, e);
	if (qs < 0)
		return qs;
	return changes ? DB_ONE : DB_NONE;
}

/* --- loans --- */
#define LOAN_SELECT                                                                                \
	"SELECT l.id, l.org_id, l.fund_id, l.member_id, COALESCE(l.case_id, 0), m.name, o.name, "  \
	"o.path, l.principal, l.rate_bp, l.months, l.start_on, l.purpose, l.status, "              \
	"l.repaid_principal, l.repaid_interest, l.posting_id, l.created_by, l.created_at, "        \
	"mo.path FROM loans l JOIN members m ON m.id = l.member_id "                               \
	"JOIN orgs o ON o.id = l.org_id JOIN orgs mo ON mo.id = m.org_id "
/* A loan is in a subtree holding its lender or its member ($1, $2 the range). */
#define LOAN_IN_RANGE "((o.path >= $1 AND o.path < $2) OR (mo.path >= $1 AND mo.path < $2))"

static void read_loan(struct db_rows *r, void *item)
{
	struct loan *l = item;
	memset(l, 0, sizeof(*l));
	l->id = db_int(r, 0);
	l->org_id = db_int(r, 1);
	l->fund_id = db_int(r, 2);
	l->member_id = db_int(r, 3);
	l->case_id = db_int(r, 4);
	ST_COPY(l->member_name, db_text(r, 5));
	ST_COPY(l->org_name, db_text(r, 6));
	ST_COPY(l->org_path, db_text(r, 7));
	ST_COPY(l->member_path, db_text(r, 19));
	l->principal = db_int(r, 8);
	l->rate_bp = (int)db_int(r, 9);
	l->months = (int)db_int(r, 10);
	ST_COPY(l->start_on, db_text(r, 11));
	ST_COPY(l->purpose, db_text(r, 12));
	ST_COPY(l->status, db_text(r, 13));
	l->repaid_principal = db_int(r, 14);
	l->repaid_interest = db_int(r, 15);
	l->posting_id = db_int(r, 16);
	l->created_by = db_int(r, 17);
	l->created_at = db_int(r, 18);
}

enum db_qs store_loan_insert(struct db *db, struct loan *l, struct bf_err *e)
{
	if (!l->created_at)
		l->created_at = st_now();
	struct db_val args[] = {
	    DB_INT(l->org_id),	       DB_INT(l->fund_id),    DB_INT(l->member_id),
	    ST_ID_OR_NULL(l->case_id), DB_INT(l->principal),  DB_INT(l->rate_bp),
	    DB_INT(l->months),	       st_text(l->start_on),  st_text(l->purpose),
	    DB_INT(l->posting_id),     DB_INT(l->created_by), DB_INT(l->created_at)};
	return st_fetch_int(
	    db,
	    "INSERT INTO loans (org_id, fund_id, member_id, case_id, principal, "
	    "rate_bp, months, start_on, purpose, posting_id, created_by, created_at) "
	    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
	    args, 12, &l->id, e);
}

static void read_inst(struct db_rows *r, void *item)
{
	struct loan_instalment *i = item;
	memset(i, 0, sizeof(*i));
	i->no = (int)db_int(r, 0);
	ST_COPY(i->due_on, db_text(r, 1));
	i->principal = db_int(r, 2);
	i->interest = db_int(r, 3);
	i->paid_principal = db_int(r, 4);
	i->paid_interest = db_int(r, 5);
	ST_COPY(i->paid_on, db_text(r, 6));
}

enum db_qs store_loan_get(struct db *db, int64_t id, struct loan *out, struct bf_err *e)
{
	struct db_val arg = DB_INT(id);
	enum db_qs qs = st_fetch_one(db, LOAN_SELECT "WHERE l.id = $1", &arg, 1, read_loan, out, e);
	if (qs != DB_ONE)
		return qs;
	enum db_qs q2 = st_fetch_all(db,
				     "SELECT no, due_on, principal, interest, paid_principal, "
				     "paid_interest, COALESCE(paid_on, '') FROM loan_instalments "
				     "WHERE loan_id = $1 ORDER BY no",
				     &arg, 1, sizeof(*out->inst), read_inst, (void **)&out->inst,
				     &out->ninst, e);
	return q2 < 0 ? q2 : DB_ONE;
}

enum db_qs store_loan_list(struct db *db, const char *scope_path, const char *status,
			   const char *overdue_before, struct loan **items, size_t *n,
			   struct bf_err *e)
{
	struct range rg;
	range_of(scope_path, &rg);
	struct db_val args[] = {st_text(rg.lo), st_text(rg.hi), DB_TEXT(status ? status : ""),
				DB_TEXT(overdue_before ? overdue_before : "")};
	return st_fetch_all(db,
			    LOAN_SELECT "WHERE " LOAN_IN_RANGE " AND ($3 = '' OR l.status = $3) "
					"AND ($4 = '' OR EXISTS (SELECT 1 FROM loan_instalments i "
					"WHERE i.loan_id = l.id AND i.paid_on IS NULL AND "
					"i.due_on < $4)) ORDER BY l.id DESC LIMIT 1000",
			    args, 4, sizeof(**items), read_loan, (void **)items, n, e);
}

enum db_qs store_loan_instalment_put(struct db *db, int64_t loan_id,
				     const struct loan_instalment *in, int insert, struct bf_err *e)
{
	struct db_val args[] = {DB_INT(loan_id),	   DB_INT(in->no),
				st_text(in->due_on),	   DB_INT(in->principal),
				DB_INT(in->interest),	   DB_INT(in->paid_principal),
				DB_INT(in->paid_interest), ST_TEXT_OR_NULL(in->paid_on)};
	return db_exec(db,
		       insert ? "INSERT INTO loan_instalments (loan_id, no, due_on, principal, "
				"interest, paid_principal, paid_interest, paid_on) VALUES ($1, $2, "
				"$3, $4, $5, $6, $7, $8)"
			      : "UPDATE loan_instalments SET paid_principal = $6, paid_interest = "
				"$7, paid_on = $8 WHERE loan_id = $1 AND no = $2 AND due_on = $3 "
				"AND principal = $4 AND interest = $5",
		       args, 8, NULL, e);
}

enum db_qs store_loan_set_repaid(struct db *db, const struct loan *l, struct bf_err *e)
{
	struct db_val args[] = {DB_INT(l->id), DB_INT(l->repaid_principal),
				DB_INT(l->repaid_interest), st_text(l->status)};
	return db_exec(db,
		       "UPDATE loans SET repaid_principal = $2, repaid_interest = $3, status = $4 "
		       "WHERE id = $1",
		       args, 4, NULL, e);
}

enum db_qs store_loan_repayment_insert(struct db *db, int64_t loan_id, int64_t amount,
				       int64_t principal, int64_t interest, const char *paid_on,
				       int64_t posting_id, int64_t by, struct bf_err *e)
{
	struct db_val args[] = {DB_INT(loan_id),  DB_INT(amount),   DB_INT(principal),
				DB_INT(interest), DB_TEXT(paid_on), DB_INT(posting_id),
				DB_INT(by),	  DB_INT(st_now())};
	return db_exec(db,
		       "INSERT INTO loan_repayments (loan_id, amount, principal, interest, "
		       "paid_on, posting_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5, "
		       "$6, $7, $8)",
		       args, 8, NULL, e);
}

static void read_overdue(struct db_rows *r, void *item)
{
	struct loan_overdue *o = item;
	memset(o, 0, sizeof(*o));
	o->loan_id = db_int(r, 0);
	o->member_id = db_int(r, 1);
	o->org_id = db_int(r, 2);
	ST_COPY(o->member_name, db_text(r, 3));
	ST_COPY(o->org_name, db_text(r, 4));
	o->no = (int)db_int(r, 5);
	ST_COPY(o->due_on, db_text(r, 6));
	o->outstanding = db_int(r, 7);
}

enum db_qs store_loan_overdue(struct db *db, const char *scope_path, const char *today,
			      struct loan_overdue **items, size_t *n, struct bf_err *e)
{
	struct range rg;
	range_of(scope_path, &rg);
	struct db_val args[] = {st_text(rg.lo), st_text(rg.hi), DB_TEXT(today)};
	return st_fetch_all(db,
			    "SELECT l.id, l.member_id, l.org_id, m.name, o.name, i.no, i.due_on, "
			    "i.principal + i.interest - i.paid_principal - i.paid_interest "
			    "FROM loan_instalments i JOIN loans l ON l.id = i.loan_id "
			    "JOIN members m ON m.id = l.member_id JOIN orgs o ON o.id = l.org_id "
			    "JOIN orgs mo ON mo.id = m.org_id "
			    "WHERE i.paid_on IS NULL AND i.due_on < $3 AND " LOAN_IN_RANGE
			    " ORDER BY i.due_on, l.id LIMIT 1000",
			    args, 3, sizeof(**items), read_overdue, (void **)items, n, e);
}

/* --- recoveries --- */
#define RECOVERY_SELECT                                                                            \
	"SELECT r.id, r.case_id, r.member_id, r.org_id, r.fund_id, m.name, o.name, o.path, "       \
	"r.amount, r.repaid, r.written_off, r.found_on, r.finding, r.status, "                     \
	"r.write_off_reason, r.write_off_by, r.created_by, r.created_at FROM recoveries r "        \
	"JOIN members m ON m.id = r.member_id JOIN orgs o ON o.id = r.org_id "

static void read_recovery(struct db_rows *r, void *item)
{
	struct recovery *x = item;
	memset(x, 0, sizeof(*x));
	x->id = db_int(r, 0);
	x->case_id = db_int(r, 1);
	x->member_id = db_int(r, 2);
	x->org_id = db_int(r, 3);
	x->fund_id = db_int(r, 4);
	ST_COPY(x->member_name, db_text(r, 5));
	ST_COPY(x->org_name, db_text(r, 6));
	ST_COPY(x->org_path, db_text(r, 7));
	x->amount = db_int(r, 8);
	x->repaid = db_int(r, 9);
	x->written_off = db_int(r, 10);
	ST_COPY(x->found_on, db_text(r, 11));
	ST_COPY(x->finding, db_text(r, 12));
	ST_COPY(x->status, db_text(r, 13));
	ST_COPY(x->write_off_reason, db_text(r, 14));
	x->write_off_by = db_int(r, 15);
	x->created_by = db_int(r, 16);
	x->created_at = db_int(r, 17);
}

enum db_qs store_recovery_insert(struct db *db, struct recovery *r, int64_t posting_id,
				 struct bf_err *e)
{
	if (!r->created_at)
		r->created_at = st_now();
	struct db_val args[] = {DB_INT(r->case_id),   DB_INT(r->member_id), DB_INT(r->org_id),
				DB_INT(r->fund_id),   DB_INT(r->amount),    st_text(r->found_on),
				st_text(r->finding),  DB_INT(posting_id),   DB_INT(r->created_by),
				DB_INT(r->created_at)};
	enum db_qs qs =
	    st_fetch_int(db,
			 "INSERT INTO recoveries (case_id, member_id, org_id, fund_id, "
			 "amount, found_on, finding, posting_id, created_by, created_at) "
			 "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
			 args, 10, &r->id, e);
	for (size_t i = 0; qs == DB_ONE && i < r->npayments; i++) {
		struct db_val a2[] = {DB_INT(r->id), DB_INT(r->payment_ids[i])};
		qs = db_exec(db,
			     "INSERT INTO recovery_payments (recovery_id, payment_id) VALUES ($1, "
			     "$2)",
			     a2, 2, NULL, e);
		if (qs == DB_NONE)
			qs = DB_ONE;
	}
	return qs;
}

static void read_link(struct db_rows *r, void *item)
{
	*(int64_t *)item = db_int(r, 0);
}

static enum db_qs read_links(struct db *db, struct recovery *x, struct bf_err *e)
{
	struct db_val arg = DB_INT(x->id);
	int64_t *ids = NULL;
	size_t n = 0;
	enum db_qs qs = st_fetch_all(db,
				     "SELECT payment_id FROM recovery_payments WHERE recovery_id = "
				     "$1 ORDER BY payment_id",
				     &arg, 1, sizeof(int64_t), read_link, (void **)&ids, &n, e);
	if (qs < 0)
		return qs;
	for (size_t i = 0; i < n && i < sizeof(x->payment_ids) / sizeof(x->payment_ids[0]); i++)
		x->payment_ids[x->npayments++] = ids[i];
	free(ids);
	return DB_ONE;
}

enum db_qs store_recovery_get(struct db *db, int64_t id, struct recovery *out, struct bf_err *e)
{
	struct db_val arg = DB_INT(id);
	enum db_qs qs =
	    st_fetch_one(db, RECOVERY_SELECT "WHERE r.id = $1", &arg, 1, read_recovery, out, e);
	return qs == DB_ONE ? read_links(db, out, e) : qs;
}

enum db_qs store_recovery_list(struct db *db, const char *scope_path, int64_t case_id,
			       const char *status, struct recovery **items, size_t *n,
			       struct bf_err *e)
{
	struct range rg;
	range_of(scope_path, &rg);
	struct db_val args[] = {st_text(rg.lo), st_text(rg.hi), DB_INT(case_id),
				DB_TEXT(status ? status : "")};
	enum db_qs qs = st_fetch_all(db,
				     RECOVERY_SELECT "WHERE o.path >= $1 AND o.path < $2 AND "
						     "(CAST($3 AS BIGINT) = 0 OR r.case_id = $3) "
						     "AND ($4 = '' OR r.status = $4) "
						     "ORDER BY r.id DESC LIMIT 1000",
				     args, 4, sizeof(**items), read_recovery, (void **)items, n, e);
	for (size_t i = 0; qs == DB_ONE && i < *n; i++)
		qs = read_links(db, &(*items)[i], e);
	if (qs < 0) {
		free(*items);
		*items = NULL;
		*n = 0;
	}
	return qs;
}

enum db_qs store_recovery_update(struct db *db, const struct recovery *r, struct bf_err *e)
{
	struct db_val args[] = {DB_INT(r->id),
				DB_INT(r->repaid),
				DB_INT(r->written_off),
				st_text(r->status),
				st_text(r->write_off_reason),
				DB_INT(r->write_off_by)};
	return db_exec(db,
		       "UPDATE recoveries SET repaid = $2, written_off = $3, status = $4, "
		       "write_off_reason = $5, write_off_by = $6 WHERE id = $1",
		       args, 6, NULL, e);
}

enum db_qs store_recovery_event(struct db *db, int64_t recovery_id, const char *kind,
				int64_t amount, const char *on_date, const char *reason,
				int64_t posting_id, int64_t by, struct bf_err *e)
{
	struct db_val args[] = {
	    DB_INT(recovery_id),	   DB_TEXT(kind),      DB_INT(amount), DB_TEXT(on_date),
	    DB_TEXT(reason ? reason : ""), DB_INT(posting_id), DB_INT(by),     DB_INT(st_now())};
	return db_exec(
	    db,
	    "INSERT INTO recovery_events (recovery_id, kind, amount, on_date, reason, "
	    "posting_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
	    args, 8, NULL, e);
}
