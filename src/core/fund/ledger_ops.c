/* ledger_ops.c - the ledger's named operations over the posting engine
 * (ledger.c): income by source, reversal, allocation between two funds,
 * and the reads.  Each builds balanced lines and hands them to ledger_post,
 * so the balance rule, the chain and the audit row apply to them all. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "date.h"
#include "fund.h"
#include "store.h"
#include "store_ledger.h"
#include "ledger_impl.h"
#include "text.h"
#include "wrapper.h"

/* --- income --- */

static const char *const income_sources[] = {
    "dues", "finance", "admin", "member_donation", "social_donation", "upper_allocation", NULL,
};

static int is_income_source(const char *s)
{
	for (int i = 0; income_sources[i]; i++)
		if (!strcmp(income_sources[i], s))
			return 1;
	return 0;
}

static int income_check(const struct ledger_income *in, struct bf_err *e)
{
	if (!in->source[0])
		return err_set(e, EC_MISSING, "source", "请选择资金来源");
	if (!is_income_source(in->source))
		return err_set(e, EC_INVALID, "source",
			       "资金来源“%s”无效（党费、财政拨款、行政经费、党员捐款、社会捐助、"
			       "上级拨款）",
			       in->source);
	if (in->amount <= 0)
		return err_set(e, EC_INVALID, "amount_fen", "金额须大于零");
	if (limit_money(in->amount, "amount_fen", "金额", e))
		return -1;
	if (in->method[0] && strcmp(in->method, "bank") && strcmp(in->method, "cash"))
		return err_set(e, EC_INVALID, "method", "收款方式须为 bank（银行）或 cash（现金）");
	int donation =
	    !strcmp(in->source, "member_donation") || !strcmp(in->source, "social_donation");
	char donor[sizeof(in->donor)], memo[sizeof(in->memo)];
	snprintf(donor, sizeof(donor), "%s", in->donor);
	snprintf(memo, sizeof(memo), "%s", in->memo);
	if (text_field(donor, TF_INCOME_DONOR, 0, e) || text_field(memo, TF_LEDGER_MEMO, 0, e))
		return -1;
	if (donation && !donor[0])
		return err_set(e, EC_MISSING, "donor", "捐款须填写捐款人");
	if (!donation && (donor[0] || in->member_id))
		return err_set(e, EC_INVALID, "donor", "只有捐款才填写捐款人");
	if (in->member_id && strcmp(in->source, "member_donation"))
		return err_set(e, EC_INVALID, "member_id", "只有党员捐款才关联党员");
	if (!in->date[0])
		return 0;
	char today[11];
	date_format(date_today(), today);
	if (ledger_date_check(in->date, "date", "日期", e) ||
	    limit_money_date(in->date, today, "date", "日期", e))
		return -1;
	return 0;
}

/* The donating member must be one the actor may see. */
static int member_in_scope(struct core *c, const struct actor *a, int64_t id, struct bf_err *e)
{
	struct member *m = xcalloc(1, sizeof(*m));
	enum db_qs qs = store_member_get(c->db, id, m, e);
	int rc = qs < 0 ? -1 : 0;
	if (qs == DB_NONE || (qs == DB_ONE && !access_in_scope(a, m->org_path)))
		rc = err_set(e, EC_NOT_FOUND, "member_id", "党员 %" PRId64 " 不存在", id);
	member_free(m);
	return rc;
}

int ledger_income(struct core *c, const struct actor *a, const struct ledger_income *in,
		  struct ledger_posting *out, struct bf_err *e)
{
	struct ledger_posting p;
	struct ledger_line lines[2];

	if (income_check(in, e))
		return -1;
	if (in->member_id && member_in_scope(c, a, in->member_id, e))
		return -1;
	memset(&p, 0, sizeof(p));
	memset(lines, 0, sizeof(lines));
	snprintf(lines[0].account, sizeof(lines[0].account), "%s",
		 !strcmp(in->method, "cash") ? "cash" : "bank");
	lines[0].amount = in->amount;
	snprintf(lines[1].account, sizeof(lines[1].account), "%s", in->source);
	lines[1].amount = -in->amount;
	p.fund_id = in->fund_id;
	snprintf(p.kind, sizeof(p.kind), "income");
	snprintf(p.value_date, sizeof(p.value_date), "%s", in->date);
	snprintf(p.memo, sizeof(p.memo), "%s", in->memo);
	snprintf(p.donor, sizeof(p.donor), "%s", in->donor);
	text_trim(p.donor);
	p.member_id = in->member_id;
	p.lines = lines;
	p.nlines = 2;
	if (ledger_post(c, a, &p, 0, e))
		return -1;
	if (out) {
		*out = p;
		out->lines = NULL;
		out->nlines = 0;
	}
	return 0;
}

/* --- reversal --- */

struct reverse_ctx {
	struct core *c;
	const struct actor *a;
	int64_t id;
	const char *reason;
	struct ledger_posting *out;
};

/* Reverses one posting (already read, in scope) inside the transaction. */
static int reverse_one(struct reverse_ctx *x, struct ledger_posting *orig, int64_t link_id,
		       struct ledger_posting *rev, struct bf_err *e)
{
	struct ledger_line lines[LEDGER_MAX_LINES + 4];
	int64_t by = 0;

	if (!strcmp(orig->kind, "reversal"))
		return err_set(e, EC_ALREADY_REVERSED, "posting_id",
			       "凭证 %" PRId64 " 本身是冲正凭证，不能再冲正", orig->id);
	enum db_qs qs = store_posting_reversal_of(x->c->db, orig->id, &by, e);
	if (qs < 0)
		return qs;
	if (qs == DB_ONE)
		return err_set(e, EC_ALREADY_REVERSED, "posting_id",
			       "凭证 %" PRId64 " 已由凭证 %" PRId64 " 冲正，不能重复冲正", orig->id,
			       by);
	if (orig->nlines > LEDGER_MAX_LINES)
		return err_set(e, EC_INVALID, "posting_id",
			       "凭证 %" PRId64 " 分录行过多，请逐项调整", orig->id);
	memset(rev, 0, sizeof(*rev));
	for (size_t i = 0; i < orig->nlines; i++) {
		lines[i] = orig->lines[i];
		lines[i].amount = -lines[i].amount;
	}
	rev->fund_id = orig->fund_id;
	snprintf(rev->kind, sizeof(rev->kind), "reversal");
	snprintf(rev->memo, sizeof(rev->memo), "冲正：%s", x->reason);
	rev->reverses = orig->id;
	rev->link_id = link_id;
	rev->case_id = orig->case_id;
	rev->member_id = orig->member_id;
	snprintf(rev->batch_ref, sizeof(rev->batch_ref), "%s", orig->batch_ref);
	rev->lines = lines;
	rev->nlines = orig->nlines;
	int rc = ledger_post(x->c, x->a, rev, 0, e);
	rev->lines = NULL;
	rev->nlines = 0;
	return rc;
}

static int read_in_scope(struct core *c, const struct actor *a, int64_t id,
			 struct ledger_posting *out, struct bf_err *e)
{
	struct fund f;
	memset(out, 0, sizeof(*out));
	enum db_qs qs = store_posting_get(c->db, id, out, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE)
		return err_set(e, EC_NOT_FOUND, "posting_id", "凭证 %" PRId64 " 不存在", id);
	qs = store_fund_get(c->db, out->fund_id, &f, e);
	if (qs < 0 || qs == DB_NONE || !access_in_scope(a, f.org_path)) {
		ledger_posting_release(out);
		return qs < 0
			   ? qs
			   : err_set(e, EC_NOT_FOUND, "posting_id", "凭证 %" PRId64 " 不存在", id);
	}
	return 0;
}

/* A posting another record stands on (a payment batch's, with its receipts
 * and the cases' state; a loan's; a recovery's) is corrected through that
 * record, never reversed alone: its reversal here would leave the record
 * saying the money moved.  The payments module marks its postings with the
 * batch references `pay-<id>` and `loan-<id>`, and its loan and recovery
 * postings name the member.  0 when p may be reversed. */
static int owned_elsewhere(const struct ledger_posting *p, struct bf_err *e)
{
	static const struct {
		const char *kind, *what;
	} owned[] = {
	    {"loan", "创业借款"},      {"loan_repayment", "创业借款"},
	    {"recovery", "资金追回"},  {"recovery_repayment", "资金追回"},
	    {"write_off", "资金追回"},
	};
	if (!strncmp(p->batch_ref, "pay-", 4))
		return err_set(e, EC_CONFLICT, "id",
			       "该凭证属于资金拨付第 %s 批，不能单独冲正（发放有误的请办理追回）",
			       p->batch_ref + 4);
	for (size_t i = 0; i < sizeof(owned) / sizeof(owned[0]); i++)
		if (p->member_id && !strcmp(p->kind, owned[i].kind))
			return err_set(e, EC_CONFLICT, "id",
				       "该凭证由%s生成，不能单独冲正，请在%s中办理", owned[i].what,
				       owned[i].what);
	if (!strncmp(p->batch_ref, "loan-", 5))
		return err_set(e, EC_CONFLICT, "id", "该凭证由创业借款生成，不能单独冲正");
	return 0;
}

static int reverse_fn(struct db *db, void *p, struct bf_err *e)
{
	struct reverse_ctx *x = p;
	struct ledger_posting orig, other, rev, rev2;
	int64_t other_id = 0;
	(void)db;

	int rc = read_in_scope(x->c, x->a, x->id, &orig, e);
	if (!rc && (rc = owned_elsewhere(&orig, e)))
		ledger_posting_release(&orig);
	if (rc)
		return rc;
	/* the other half of a two-fund posting goes back with it */
	other_id = orig.link_id;
	if (!other_id) {
		enum db_qs qs = store_posting_linked_to(x->c->db, orig.id, &other_id, e);
		if (qs < 0) {
			ledger_posting_release(&orig);
			return qs;
		}
	}
	rc = reverse_one(x, &orig, 0, &rev, e);
	if (!rc && other_id && strcmp(orig.kind, "reversal")) {
		memset(&other, 0, sizeof(other));
		enum db_qs qs = store_posting_get(x->c->db, other_id, &other, e);
		rc = qs < 0	     ? qs
		     : qs == DB_NONE ? err_set(e, EC_INTERNAL, NULL, "关联凭证缺失")
				     : 0;
		if (!rc)
			rc = reverse_one(x, &other, rev.id, &rev2, e);
		ledger_posting_release(&other);
	}
	ledger_posting_release(&orig);
	if (!rc && x->out)
		*x->out = rev;
	return rc;
}

int ledger_reverse(struct core *c, const struct actor *a, int64_t posting_id, const char *reason,
		   struct ledger_posting *out, struct bf_err *e)
{
	char r[TEXT_BYTES(TF_REVERSAL_REASON_MAX)];
	if (reason && strlen(reason) >= sizeof(r))
		return err_set(e, EC_INVALID, "reason", "冲正原因最长 %d 个字",
			       TF_REVERSAL_REASON_MAX);
	snprintf(r, sizeof(r), "%s", reason ? reason : "");
	if (text_field(r, TF_REVERSAL_REASON, 1, e))
		return -1;
	if (!access_allowed(a, PERM_WRITE))
		return err_set(e, EC_FORBIDDEN, NULL, "您的角色不能冲正凭证");
	struct reverse_ctx x = {.c = c, .a = a, .id = posting_id, .reason = r, .out = out};
	return db_run_tx(c->db, "ledger_reverse", 1, reverse_fn, &x, e);
}

/* --- allocation between funds --- */

struct alloc_ctx {
	struct core *c;
	const struct actor *a;
	int64_t from, to_org, amount;
	const struct ledger_posting *tmpl;
	unsigned flags;
	struct ledger_posting *out_from, *out_to;
};

static void alloc_half(struct ledger_posting *p, const struct alloc_ctx *x, int64_t fund_id,
		       const char *kind)
{
	memset(p, 0, sizeof(*p));
	if (x->tmpl) {
		snprintf(p->value_date, sizeof(p->value_date), "%s", x->tmpl->value_date);
		snprintf(p->memo, sizeof(p->memo), "%s", x->tmpl->memo);
		snprintf(p->batch_ref, sizeof(p->batch_ref), "%s", x->tmpl->batch_ref);
		p->case_id = x->tmpl->case_id;
		p->member_id = x->tmpl->member_id;
	}
	p->fund_id = fund_id;
	snprintf(p->kind, sizeof(p->kind), "%s", kind);
}

static int alloc_fn(struct db *db, void *ctx, struct bf_err *e)
{
	struct alloc_ctx *x = ctx;
	struct fund to;
	struct ledger_posting out, in;
	struct ledger_line lo[2] = {{"allocation_down", 0, x->amount}, {"bank", 0, -x->amount}};
	struct ledger_line li[2] = {{"bank", 0, x->amount}, {"upper_allocation", 0, -x->amount}};
	(void)db;

	int rc = ledger_fund_ensure_tx(x->c, x->a, x->to_org, &to, e);
	if (rc) /* DB_RETRY goes up to the runner as it is */
		return rc;
	if (to.id == x->from)
		return err_set(e, EC_INVALID, "org_id", "不能向本基金拨款");
	alloc_half(&out, x, x->from, "allocation_out");
	out.lines = lo;
	out.nlines = 2;
	if ((rc = ledger_post(x->c, x->a, &out, x->flags, e)) != 0)
		return rc;
	alloc_half(&in, x, to.id, "allocation_in");
	in.link_id = out.id;
	in.lines = li;
	in.nlines = 2;
	if ((rc = ledger_post(x->c, x->a, &in, x->flags & LEDGER_NO_AUDIT, e)) != 0)
		return rc;
	out.lines = in.lines = NULL;
	out.nlines = in.nlines = 0;
	if (x->out_from)
		*x->out_from = out;
	if (x->out_to)
		*x->out_to = in;
	return 0;
}

int ledger_allocate(struct core *c, const struct actor *a, int64_t from_fund_id, int64_t to_org_id,
		    int64_t amount, const struct ledger_posting *tmpl, unsigned flags,
		    struct ledger_posting *out_from, struct ledger_posting *out_to,
		    struct bf_err *e)
{
	if (amount <= 0)
		return err_set(e, EC_INVALID, "amount_fen", "拨款金额须大于零");
	struct alloc_ctx x = {.c = c,
			      .a = a,
			      .from = from_fund_id,
			      .to_org = to_org_id,
			      .amount = amount,
			      .tmpl = tmpl,
			      .flags = flags,
			      .out_from = out_from,
			      .out_to = out_to};
	return db_run_tx(c->db, "ledger_allocate", 1, alloc_fn, &x, e);
}

/* --- reads --- */

int ledger_postings(struct core *c, const struct actor *a, const struct ledger_query *q,
		    struct ledger_posting **items, size_t *n, int64_t *total, struct bf_err *e)
{
	struct fund f;
	*items = NULL;
	*n = 0;
	*total = 0;
	if (ledger_fund_get(c, a, q->fund_id, &f, e))
		return -1;
	if (q->size < 1 || q->size > 500 || q->page < 1)
		return err_set(e, EC_INVALID, "size", "每页 1 至 500 条，页码从 1 开始");
	if (q->from[0] && ledger_date_check(q->from, "from", "起始日期", e))
		return -1;
	if (q->to[0] && ledger_date_check(q->to, "to", "截止日期", e))
		return -1;
	if (q->account[0] && ledger_chart_index(q->account) < 0)
		return err_set(e, EC_INVALID, "account", "科目“%s”不存在", q->account);
	return store_posting_list(c->db, q, items, n, total, e) < 0 ? -1 : 0;
}

int ledger_posting_get(struct core *c, const struct actor *a, int64_t id,
		       struct ledger_posting *out, struct bf_err *e)
{
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	return read_in_scope(c, a, id, out, e) ? -1 : 0;
}

void ledger_posting_release(struct ledger_posting *p)
{
	free(p->lines);
	p->lines = NULL;
	p->nlines = 0;
}

void ledger_postings_free(struct ledger_posting *items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(items[i].lines);
	free(items);
}
