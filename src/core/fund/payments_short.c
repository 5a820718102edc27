/* payments_short.c - the asset accounts a planned batch would take below
 * zero: the batch's postings replayed in the order the confirmation posts
 * them (the allocations, bank to bank, then each line's shares out of the
 * batch's method, cash or bank) against each fund's accounts as they are
 * now, as the ledger's balance rule judges them: per account and per
 * posting, so cash does not cover a payment out of the bank.  The preview's
 * warning, so that the console can say which fund and account lacks how
 * much before anyone confirms; the ledger still decides at the
 * confirmation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/common/common.h"
#include "money.h"
#include "payments_impl.h"
#include "store_ledger.h"
#include "wrapper.h"

/* One organisation's asset account through the batch. */
struct acct {
	int64_t org_id;
	const char *name;
	int bank;	 /* 0 cash, 1 bank */
	int loaded;	 /* start read */
	int64_t fund_id; /* 0: no fund yet */
	int64_t start;	 /* fen now */
	int64_t run;	 /* fen in minus fen out so far */
	int64_t low;	 /* the lowest run after a posting (<= 0) */
};

struct replay {
	struct db *db;
	struct acct *v;
	size_t n;
};

/* The balances of org's cash and bank now (0 without a fund). */
static int load(struct replay *r, struct acct *a, struct bf_err *e)
{
	struct fund f;
	enum db_qs qs = store_fund_by_org(r->db, a->org_id, &f, e);
	if (qs < 0)
		return CORE_QS(qs);
	a->loaded = 1;
	if (qs == DB_NONE)
		return 0;
	a->fund_id = f.id;
	struct ledger_account *items = NULL;
	size_t n = 0;
	if ((qs = store_accounts(r->db, f.id, &items, &n, e)) < 0)
		return CORE_QS(qs);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(items[i].code, a->bank ? "bank" : "cash"))
			a->start = items[i].balance;
	free(items);
	return 0;
}

/* One posting's effect on one account: fen in (> 0) or out (< 0). */
static int move(struct replay *r, int64_t org_id, const char *name, int bank, int64_t fen,
		struct bf_err *e)
{
	struct acct *a = NULL;
	for (size_t i = 0; i < r->n && !a; i++)
		if (r->v[i].org_id == org_id && r->v[i].bank == bank)
			a = &r->v[i];
	if (!a) {
		a = &r->v[r->n++];
		memset(a, 0, sizeof(*a));
		a->org_id = org_id;
		a->name = name;
		a->bank = bank;
	}
	if (!a->loaded && load(r, a, e))
		return -1;
	a->run += fen;
	if (a->run < a->low)
		a->low = a->run;
	return 0;
}

static int replay_batch(struct replay *r, const struct pay_batch *b, struct bf_err *e)
{
	int bank = strcmp(b->method, "cash") != 0;
	for (size_t i = 0; i < b->nallocs; i++) {
		const struct pay_allocation *a = &b->allocs[i];
		if (move(r, a->from_org_id, a->from_name, 1, -a->amount, e) ||
		    move(r, a->to_org_id, a->to_name, 1, a->amount, e))
			return -1;
	}
	for (size_t i = 0; i < b->nlines; i++)
		for (size_t k = 0; !b->lines[i].already_paid && k < b->lines[i].nshares; k++) {
			const struct pay_share *s = &b->lines[i].shares[k];
			if (s->amount && move(r, s->org_id, s->org_name, bank, -s->amount, e))
				return -1;
		}
	return 0;
}

int pay_plan_shortfalls(struct db *db, struct pay_batch *b, struct bf_err *e)
{
	struct replay r = {.db = db};
	r.v = xcalloc(2 * b->nallocs + POLICY_MAX_SHARES * b->nlines + 1, sizeof(*r.v));
	int rc = replay_batch(&r, b, e);
	free(b->shorts);
	b->shorts = xcalloc(r.n + 1, sizeof(*b->shorts));
	b->nshort = 0;
	for (size_t i = 0; !rc && i < r.n; i++) {
		const struct acct *a = &r.v[i];
		if (a->start + a->low >= 0)
			continue;
		struct pay_shortfall *s = &b->shorts[b->nshort++];
		s->org_id = a->org_id;
		snprintf(s->org_name, sizeof(s->org_name), "%s", a->name);
		snprintf(s->account, sizeof(s->account), "%s", a->bank ? "bank" : "cash");
		snprintf(s->account_name, sizeof(s->account_name), "%s",
			 a->bank ? "银行存款" : "现金");
		s->fund_id = a->fund_id;
		s->balance = a->start;
		s->need = -a->low;
		s->missing = s->need - a->start;
		char miss[MONEY_TEXT_MAX];
		money_format_amount(s->missing, miss);
		snprintf(s->message, sizeof(s->message), "%s帮扶基金%s余额不足，还差 %s 元",
			 a->name, s->account_name, miss);
	}
	free(r.v);
	return rc;
}
