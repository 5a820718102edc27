/* payments_short.c - the funds a planned batch would leave below zero:
 * per organisation the net of the batch (allocations in and out, the shares
 * it pays) against its fund's balance now.  The preview's warning, so that
 * the console can say which fund lacks how much before anyone confirms;
 * the ledger's balance rule still decides at the confirmation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/common/common.h"
#include "payments_impl.h"
#include "store_ledger.h"
#include "wrapper.h"

struct net {
	int64_t org_id;
	const char *name;
	int64_t net; /* fen in minus fen out */
};

static void add(struct net *v, size_t *n, int64_t org_id, const char *name, int64_t fen)
{
	for (size_t i = 0; i < *n; i++)
		if (v[i].org_id == org_id) {
			v[i].net += fen;
			return;
		}
	v[*n].org_id = org_id;
	v[*n].name = name;
	v[(*n)++].net = fen;
}

static size_t batch_nets(const struct pay_batch *b, struct net *v)
{
	size_t n = 0;
	for (size_t i = 0; i < b->nallocs; i++) {
		const struct pay_allocation *a = &b->allocs[i];
		add(v, &n, a->from_org_id, a->from_name, -a->amount);
		add(v, &n, a->to_org_id, a->to_name, a->amount);
	}
	for (size_t i = 0; i < b->nlines; i++)
		for (size_t k = 0; !b->lines[i].already_paid && k < b->lines[i].nshares; k++) {
			const struct pay_share *s = &b->lines[i].shares[k];
			add(v, &n, s->org_id, s->org_name, -s->amount);
		}
	return n;
}

int pay_plan_shortfalls(struct db *db, struct pay_batch *b, struct bf_err *e)
{
	struct net *v = xcalloc(2 * b->nallocs + POLICY_MAX_SHARES * b->nlines + 1, sizeof(*v));
	size_t n = batch_nets(b, v);
	int rc = 0;
	free(b->shorts);
	b->shorts = xcalloc(n + 1, sizeof(*b->shorts));
	b->nshort = 0;
	for (size_t i = 0; !rc && i < n; i++) {
		struct fund f;
		if (v[i].net >= 0)
			continue;
		enum db_qs qs = store_fund_by_org(db, v[i].org_id, &f, e);
		if (qs < 0) {
			rc = CORE_QS(qs);
			break;
		}
		int64_t have = qs == DB_ONE ? f.balance : 0;
		if (have + v[i].net >= 0)
			continue;
		struct pay_shortfall *s = &b->shorts[b->nshort++];
		s->org_id = v[i].org_id;
		snprintf(s->org_name, sizeof(s->org_name), "%s", v[i].name);
		s->fund_id = qs == DB_ONE ? f.id : 0;
		s->balance = have;
		s->need = -v[i].net;
		s->missing = s->need - have;
	}
	free(v);
	return rc;
}
