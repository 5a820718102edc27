/* gifts.c - gifts on visits (走访慰问金), posted to the fund's ledger like
 * every payment; care (visits) will call this.  Scope is the member's. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include "core/common/common.h"
#include "payments_impl.h"
#include "store.h"
#include "utf8.h"

struct gift_ctx {
	struct core *c;
	const struct actor *a;
	struct pay_gift g;
	struct ledger_posting *out;
};

static int gift_fn(struct db *db, void *p, struct bf_err *e)
{
	struct gift_ctx *x = p;
	struct member *m = xcalloc(1, sizeof(*m));
	enum db_qs qs = store_member_get(db, x->g.member_id, m, e);
	int rc = qs < 0 ? qs : 0;
	if (!rc && (qs == DB_NONE || !access_in_scope(x->a, m->org_path)))
		rc = err_set(e, EC_NOT_FOUND, "member_id", "党员不存在");
	char memo[LEDGER_MEMO_MAX], whole[LEDGER_MEMO_MAX + sizeof(m->name) + 4];
	snprintf(whole, sizeof(whole), "%s：%s", *x->g.memo ? x->g.memo : "走访慰问",
		 rc ? "" : m->name);
	utf8_copy(memo, sizeof(memo), whole);
	member_free(m);
	struct fund f;
	if (!rc)
		rc = ledger_fund_ensure_tx(x->c, x->a, x->g.org_id, &f, e);
	if (!rc)
		rc = pay_date_funded(db, f.id, x->g.date, "date", "慰问日期", e);
	if (!rc)
		rc = pay_post2(x->c, x->a, f.id, "gift", "visit_gift", x->g.method, x->g.amount,
			       x->g.date, memo, 0, x->g.member_id, x->g.ref, x->out, e);
	if (!rc) {
		char detail[160];
		snprintf(detail, sizeof(detail),
			 "{\"member_id\":%" PRId64 ",\"amount\":%" PRId64 ",\"fund_id\":%" PRId64
			 "}",
			 x->g.member_id, x->g.amount, f.id);
		rc = audit_record(db, x->a, "pay.gift", "posting", x->out->id, detail, e);
	}
	return rc;
}

int pay_gift_post(struct core *c, const struct actor *a, const struct pay_gift *g,
		  struct ledger_posting *out, struct bf_err *e)
{
	struct ledger_posting local;
	struct gift_ctx x = {.c = c, .a = a, .g = *g, .out = out ? out : &local};
	if (core_need_write(a, "登记慰问金", e))
		return -1;
	if (x.g.amount <= 0)
		return err_set(e, EC_INVALID, "amount_fen", "慰问金额须大于 0");
	if (limit_money(x.g.amount, "amount_fen", "慰问金额", e))
		return -1;
	if (pay_method_check(x.g.method, "method", e) ||
	    pay_date(g->date, x.g.date, "date", "慰问日期", e) ||
	    text_field(x.g.memo, TF_LEDGER_MEMO, 0, e) || text_field(x.g.ref, TF_GIFT_REF, 0, e))
		return -1;
	return db_run_tx(c->db, "pay_gift_post", 1, gift_fn, &x, e);
}
