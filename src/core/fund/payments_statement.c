/* payments_statement.c - the fund statement of an organisation for a
 * period (收支情况表, DOMAIN.md §7, published to members): opening balance,
 * income by source, expense by kind, closing balance.  It reads the
 * ledger's sums, never its own bookkeeping, and reconciles by construction:
 * every posting that moves money has asset lines equal to minus its other
 * lines, so opening + income - expense = closing
 * (docs/internals/payments.md). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cases.h"
#include "core/common/common.h"
#include "store_cases.h"
#include "payments_impl.h"
#include "store.h"
#include "store_payments.h"

struct stmt_ctx {
	struct core *c;
	const struct actor *a;
	int64_t org_id;
	struct pay_statement *s;
};

static void add_row(struct pay_stmt_row *rows, size_t *n, int64_t *total, const char *code,
		    const char *name, const char *suffix, int64_t amount)
{
	if (amount <= 0)
		return;
	*total += amount;
	if (*n == PAY_STMT_ROWS)
		return;
	struct pay_stmt_row *r = &rows[(*n)++];
	snprintf(r->code, sizeof(r->code), "%s", code);
	snprintf(r->name, sizeof(r->name), "%s%s", name, suffix);
	r->amount = amount;
}

/* What money coming back through a receivable is called on the income side. */
static const struct {
	const char *code, *name;
} receivable_in[] = {
    {"loan", "收回借款"},
    {"recovery", "追回资金"},
};

static const char *receivable_in_name(const char *code)
{
	for (size_t i = 0; i < sizeof(receivable_in) / sizeof(receivable_in[0]); i++)
		if (!strcmp(receivable_in[i].code, code))
			return receivable_in[i].name;
	return NULL;
}

/* One account's movements of the period onto the two sides, every amount
 * positive.  A receivable is shown gross: money lent or paid out is
 * expense, money coming back (a loan repaid, a recovery repaid) is income
 * on its own line — a recovery is never negative spending.  Income,
 * current and expense accounts are netted (a reversal cancels what it
 * reverses); a net on the other side than the account's own (an expense
 * reversed in a later period, income paid back) goes to the other side as
 * 「…退回」. */
static void classify(struct pay_statement *s, const struct store_stmt_sum *x)
{
	if (!strcmp(x->kind, "receivable")) {
		const char *in = receivable_in_name(x->code);
		add_row(s->expense, &s->nexpense, &s->expense_total, x->code, x->name, "",
			x->debit);
		add_row(s->income, &s->nincome, &s->income_total, x->code, in ? in : x->name,
			in ? "" : "收回", x->credit);
		return;
	}
	int64_t in = x->credit - x->debit;
	int credit_side = !strcmp(x->kind, "income") || !strcmp(x->kind, "current");
	add_row(s->income, &s->nincome, &s->income_total, x->code, x->name,
		credit_side ? "" : "退回", in);
	add_row(s->expense, &s->nexpense, &s->expense_total, x->code, x->name,
		credit_side ? "退回" : "", -in);
}

static int stmt_fn(struct db *db, void *p, struct bf_err *e)
{
	struct stmt_ctx *x = p;
	struct pay_statement *s = x->s;
	struct org o;
	int rc = core_org_read(db, x->a, x->org_id, "org", &o, e);
	if (rc)
		return rc;
	struct fund f;
	if (ledger_fund_of_org(x->c, x->a, x->org_id, &f, e)) {
		if (e->code != EC_NOT_FOUND)
			return -1;
		/* no fund yet: nothing came in or went out, all zero */
		err_clear(e);
		snprintf(s->org_name, sizeof(s->org_name), "%s", o.name);
		snprintf(s->fund_name, sizeof(s->fund_name), "%s帮扶基金", o.name);
		return 0;
	}
	s->fund_id = f.id;
	snprintf(s->fund_name, sizeof(s->fund_name), "%s", f.name);
	snprintf(s->org_name, sizeof(s->org_name), "%s", f.org_name);
	enum db_qs qs = store_stmt_assets_before(db, f.id, s->from, &s->opening, e);
	if (qs < 0)
		return qs;
	struct store_stmt_sum *sums = NULL;
	size_t n = 0;
	qs = store_stmt_sums(db, f.id, s->from, s->to, &sums, &n, &s->postings, e);
	if (qs < 0)
		return qs;
	for (size_t i = 0; i < n; i++)
		classify(s, &sums[i]);
	free(sums);
	char after[CASE_DATE_LEN];
	core_add_days(s->to, 1, after);
	if ((qs = store_stmt_assets_before(db, f.id, after, &s->closing, e)) < 0)
		return qs;
	if (s->opening + s->income_total - s->expense_total != s->closing)
		return err_set(e, EC_LEDGER_BROKEN, "fund_id",
			       "%s收支表不平：期初 %" PRId64 " + 收入 %" PRId64 " - 支出 %" PRId64
			       " ≠ 期末 %" PRId64 "（分），请运行 bangfu ledger verify",
			       f.name, s->opening, s->income_total, s->expense_total, s->closing);
	return 0;
}

int pay_statement(struct core *c, const struct actor *a, int64_t org_id, const char *from,
		  const char *to, struct pay_statement *out, struct bf_err *e)
{
	struct stmt_ctx x = {.c = c, .a = a, .org_id = org_id, .s = out};
	memset(out, 0, sizeof(*out));
	out->org_id = org_id;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	if (!org_id)
		return err_set(e, EC_MISSING, "org", "请选择组织");
	if (!from || !*from)
		return err_set(e, EC_MISSING, "from", "请填写起始日期");
	if (!to || !*to)
		return err_set(e, EC_MISSING, "to", "请填写截止日期");
	if (core_date(from, out->from, 1, "from", "起始日期", e) ||
	    core_date(to, out->to, 1, "to", "截止日期", e))
		return -1;
	if (strcmp(out->from, out->to) > 0)
		return err_set(e, EC_INVALID, "to", "截止日期不能早于起始日期");
	return db_run_tx(c->db, "pay_statement", 0, stmt_fn, &x, e);
}
