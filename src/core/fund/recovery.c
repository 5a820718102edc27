/* recovery.c - money obtained by fraud or paid in error comes back
 * (追回, DOMAIN.md §3 step 12): a verification finding fixes an amount owed
 * on a paid case, linked to the payments it concerns (Dr recovery / Cr the
 * aid expense: the expense was not due, the member owes it); repayments
 * reduce it (Dr bank|cash / Cr recovery); what cannot be recovered is
 * written off only by the department, with a reason (Dr the aid expense /
 * Cr recovery: the money is spent after all).  The fund is the one that
 * bore the committee's part of the payment.  Design:
 * docs/internals/payments.md. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cases.h"
#include "core/common/common.h"
#include "store_cases.h"
#include "money.h"
#include "payments_impl.h"
#include "store.h"
#include "store_payments.h"
#include "utf8.h"

struct rec_ctx {
	struct core *c;
	const struct actor *a;
	int64_t id, case_id, amount;
	char date[11], method[PAY_METHOD_MAX];
	char text[1024];
	const int64_t *pids;
	size_t npids;
	struct recovery *r;
	struct recovery **items;
	size_t *n;
	const char *status; /* the list's filter, "" none */
};

static const char *expense_of(const char *kind)
{
	return strcmp(kind, "emergency") ? "yearly_aid" : "emergency_aid";
}

/* The org whose fund bore the committee's part of a payment (shares_json
 * as payments.c writes it: {"level":"<org kind>","org_id":N,…}); the first
 * share's when no committee paid (a policy without a committee level). */
static int64_t first_share_org(const struct payment *p)
{
	static const char key[] = "\"org_id\":";
	const char *s = strstr(p->shares_json, "\"level\":\"committee\",");
	s = strstr(s ? s : p->shares_json, key);
	return s ? strtoll(s + sizeof(key) - 1, NULL, 10) : p->org_id;
}

static int recovery_read(struct db *db, const struct actor *a, int64_t id, struct recovery *out,
			 struct bf_err *e)
{
	enum db_qs qs = store_recovery_get(db, id, out, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE || !access_in_scope(a, out->org_path))
		return err_set(e, EC_NOT_FOUND, "id", "追回记录不存在");
	return 0;
}

static int create_fn(struct db *db, void *p, struct bf_err *e)
{
	struct rec_ctx *x = p;
	struct aid_case *cs = xcalloc(1, sizeof(*cs));
	struct payment *pm = xcalloc(1, sizeof(*pm));
	int rc = case_read_tx(db, x->a, x->case_id, cs, e);
	enum db_qs qs = DB_ONE;
	if (!rc && (qs = store_payment_of_case(db, x->case_id, pm, e)) < 0)
		rc = qs;
	if (!rc && qs == DB_NONE)
		rc = err_set(e, EC_CONFLICT, "case_id", "该案件还没有发放记录，无需追回");
	if (!rc && strcmp(x->date, pm->value_date) < 0)
		rc = err_set(e, EC_INVALID, "found_on", "认定日期（%s）不能早于发放日期（%s）",
			     x->date, pm->value_date);
	/* two findings at once on one payment: the second waits and sees the first */
	if (!rc && (qs = store_pay_lock(db, "payment", pm->id, e)) < 0)
		rc = qs;
	for (size_t i = 0; !rc && i < x->npids; i++)
		if (x->pids[i] != pm->id)
			rc = err_set(e, EC_INVALID, "payment_ids",
				     "发放记录 %" PRId64 " 不属于该案件", x->pids[i]);
	struct recovery *olds = NULL;
	size_t nold = 0;
	if (!rc)
		rc = CORE_QS(store_recovery_list(db, "/", x->case_id, "", &olds, &nold, e));
	int64_t fixed = 0;
	for (size_t i = 0; i < nold; i++)
		fixed += olds[i].amount;
	free(olds);
	if (!rc && fixed + x->amount > pm->amount) {
		char m[MONEY_TEXT_MAX];
		money_format(pm->amount - fixed, m);
		rc = err_set(e, EC_INVALID, "amount_fen",
			     "追回金额超过可追回的 %s（已发放减已认定）", m);
	}
	struct fund f;
	if (!rc)
		rc = ledger_fund_ensure_tx(x->c, x->a, first_share_org(pm), &f, e);
	char memo[LEDGER_MEMO_MAX];
	snprintf(memo, sizeof(memo), "核查认定应追回：%s", cs->member_name);
	struct ledger_posting post;
	if (!rc)
		rc = pay_post2(x->c, x->a, f.id, "recovery", "recovery", expense_of(cs->kind),
			       x->amount, x->date, memo, cs->id, cs->member_id, "", &post, e);
	struct recovery *r = x->r;
	if (!rc) {
		memset(r, 0, sizeof(*r));
		r->case_id = cs->id;
		r->member_id = cs->member_id;
		r->org_id = cs->org_id;
		r->fund_id = f.id;
		r->amount = x->amount;
		snprintf(r->found_on, sizeof(r->found_on), "%s", x->date);
		snprintf(r->finding, sizeof(r->finding), "%s", x->text);
		r->payment_ids[0] = pm->id;
		r->npayments = 1;
		r->created_by = x->a->user_id;
		rc = CORE_QS(store_recovery_insert(db, r, post.id, e));
	}
	char detail[128];
	snprintf(detail, sizeof(detail), "{\"case_id\":%" PRId64 ",\"amount\":%" PRId64 "}",
		 x->case_id, x->amount);
	if (!rc)
		rc = audit_record(db, x->a, "recovery.create", "recovery", r->id, detail, e);
	free(cs);
	free(pm);
	return rc;
}

int recovery_create(struct core *c, const struct actor *a, int64_t case_id, int64_t amount,
		    const char *found_on, const char *finding, const int64_t *payment_ids,
		    size_t npayments, struct recovery *out, struct bf_err *e)
{
	struct recovery local;
	struct rec_ctx x = {.c = c,
			    .a = a,
			    .case_id = case_id,
			    .amount = amount,
			    .pids = payment_ids,
			    .npids = npayments,
			    .r = out ? out : &local};
	if (core_need_department(a, "认定追回", e))
		return -1;
	if (!case_id)
		return err_set(e, EC_MISSING, "case_id", "请选择案件");
	if (amount <= 0)
		return err_set(e, EC_INVALID, "amount_fen", "追回金额须大于 0");
	if (limit_money(amount, "amount_fen", "追回金额", e))
		return -1;
	snprintf(x.text, sizeof(x.text), "%s", finding ? finding : "");
	if (pay_date(found_on, x.date, "found_on", "认定日期", e) ||
	    text_field(x.text, TF_RECOVERY_FINDING, 1, e))
		return -1;
	int rc = db_run_tx(c->db, "recovery_create", 1, create_fn, &x, e);
	return rc ? rc : recovery_get(c, a, x.r->id, x.r, e);
}

/* Repayment (kind "repayment") or write-off ("write_off") of r. */
static int settle_fn(struct db *db, void *p, struct bf_err *e)
{
	struct rec_ctx *x = p;
	struct recovery *r = x->r;
	enum db_qs lq = store_pay_lock(db, "recovery", x->id, e);
	if (lq < 0)
		return lq;
	int rc = recovery_read(db, x->a, x->id, r, e);
	if (rc)
		return rc;
	int64_t left = r->amount - r->repaid - r->written_off;
	int write_off = x->amount == 0;
	if (left == 0 || strcmp(r->status, "open"))
		return err_set(e, EC_CONFLICT, "id", "该笔追回已结清或已核销");
	int64_t amount = write_off ? left : x->amount;
	if (!write_off && pay_repayment_fits(amount, left, x->date, r->found_on, "认定日期", e))
		return -1;
	struct aid_case *cs = xcalloc(1, sizeof(*cs));
	enum db_qs qs = store_case_get(db, r->case_id, cs, e);
	char kind[16];
	snprintf(kind, sizeof(kind), "%s", qs == DB_ONE ? cs->kind : "yearly");
	free(cs);
	if (qs < 0)
		return qs;
	char memo[LEDGER_MEMO_MAX];
	snprintf(memo, sizeof(memo), "%s：%s", write_off ? "追回款核销" : "追回款归还",
		 r->member_name);
	/* back into the fund that paid, which may lie above a branch */
	struct actor via;
	if ((rc = pay_actor_at_fund(db, x->a, r->fund_id, &via, e)))
		return rc;
	struct ledger_posting post;
	rc = pay_post2(x->c, &via, r->fund_id, write_off ? "write_off" : "recovery_repayment",
		       write_off ? expense_of(kind) : x->method, "recovery", amount, x->date, memo,
		       r->case_id, r->member_id, "", &post, e);
	if (rc)
		return rc;
	if (write_off) {
		r->written_off += amount;
		snprintf(r->status, sizeof(r->status), "written_off");
		utf8_copy(r->write_off_reason, sizeof(r->write_off_reason), x->text);
		r->write_off_by = x->a->user_id;
	} else {
		r->repaid += amount;
		if (r->repaid + r->written_off == r->amount)
			snprintf(r->status, sizeof(r->status), "settled");
	}
	if ((qs = store_recovery_update(db, r, e)) < 0 ||
	    (qs = store_recovery_event(db, r->id, write_off ? "write_off" : "repayment", amount,
				       x->date, x->text, post.id, x->a->user_id, e)) < 0)
		return qs;
	char detail[96];
	snprintf(detail, sizeof(detail), "{\"amount\":%" PRId64 "}", amount);
	return audit_record(db, x->a, write_off ? "recovery.write_off" : "recovery.repay",
			    "recovery", r->id, detail, e);
}

int recovery_repay(struct core *c, const struct actor *a, int64_t id, int64_t amount,
		   const char *method, const char *date, struct recovery *out, struct bf_err *e)
{
	struct recovery local;
	struct rec_ctx x = {.c = c, .a = a, .id = id, .amount = amount, .r = out ? out : &local};
	if (core_need_write(a, "登记追回款", e))
		return -1;
	if (pay_repayment_input(amount, method, x.method, date, x.date, e))
		return -1;
	int rc = db_run_tx(c->db, "recovery_repay", 1, settle_fn, &x, e);
	return rc ? rc : recovery_get(c, a, id, x.r, e);
}

int recovery_write_off(struct core *c, const struct actor *a, int64_t id, const char *reason,
		       struct recovery *out, struct bf_err *e)
{
	struct recovery local;
	struct rec_ctx x = {.c = c, .a = a, .id = id, .r = out ? out : &local};
	if (core_need_department(a, "批准核销", e))
		return -1;
	snprintf(x.text, sizeof(x.text), "%s", reason ? reason : "");
	if (text_field(x.text, TF_WRITE_OFF_REASON, 1, e))
		return -1;
	core_today(x.date);
	int rc = db_run_tx(c->db, "recovery_write_off", 1, settle_fn, &x, e);
	return rc ? rc : recovery_get(c, a, id, x.r, e);
}

static int get_fn(struct db *db, void *p, struct bf_err *e)
{
	struct rec_ctx *x = p;
	return recovery_read(db, x->a, x->id, x->r, e);
}

int recovery_get(struct core *c, const struct actor *a, int64_t id, struct recovery *out,
		 struct bf_err *e)
{
	struct rec_ctx x = {.c = c, .a = a, .id = id, .r = out};
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	return db_run_tx(c->db, "recovery_get", 0, get_fn, &x, e);
}

static int list_fn(struct db *db, void *p, struct bf_err *e)
{
	struct rec_ctx *x = p;
	if (x->case_id) {
		/* a filter naming a case out of scope: 404, not an empty list */
		struct aid_case *cs = xcalloc(1, sizeof(*cs));
		int rc = case_read_tx(db, x->a, x->case_id, cs, e);
		free(cs);
		if (rc) {
			if (e->code == EC_NOT_FOUND)
				snprintf(e->field, sizeof(e->field), "case");
			return rc;
		}
	}
	return CORE_QS(
	    store_recovery_list(db, x->a->org_path, x->case_id, x->status, x->items, x->n, e));
}

int recovery_list(struct core *c, const struct actor *a, int64_t case_id, const char *status,
		  struct recovery **items, size_t *n, struct bf_err *e)
{
	static const char *const statuses[] = {"open", "settled", "written_off", NULL};
	struct rec_ctx x = {.c = c,
			    .a = a,
			    .case_id = case_id,
			    .items = items,
			    .n = n,
			    .status = status ? status : ""};
	*items = NULL;
	*n = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	if (*x.status && !core_one_of(x.status, statuses))
		return err_set(e, EC_INVALID, "status",
			       "状态应为 追回中（open）、已追回（settled）或已核销（written_off）");
	return db_run_tx(c->db, "recovery_list", 0, list_fn, &x, e);
}
