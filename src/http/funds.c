/* funds.c - /api/v1/funds and /api/v1/postings: the assistance fund's
 * ledger (fund.h, issue #4) — funds in the caller's subtree with their
 * balances and accounts, postings with filters, income entry and
 * reversals.  Payments, loans and recovery post through their own routes
 * on top of the same core. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "fund.h"

static json_t *fund_json(const struct fund *f)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(f->id));
	json_object_set_new(j, "org_id", json_integer(f->org_id));
	json_object_set_new(j, "org_name", jstr(f->org_name));
	json_object_set_new(j, "org_kind", jstr(f->org_kind));
	json_object_set_new(j, "name", jstr(f->name));
	json_object_set_new(j, "balance_fen", json_integer(f->balance));
	json_object_set_new(j, "postings", json_integer(f->last_seq));
	json_object_set_new(j, "head_hash", jstr(f->head_hash));
	json_object_set_new(j, "created_at", json_time(f->created_at));
	return j;
}

static json_t *account_json(const struct ledger_account *a)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:I}", "id", (json_int_t)a->id, "code",
			 jstr(a->code), "kind", jstr(a->kind), "name", jstr(a->name), "balance_fen",
			 (json_int_t)a->balance);
}

static json_t *id_or_null(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

static json_t *posting_json(const struct ledger_posting *p)
{
	json_t *j = json_object(), *lines = json_array();
	int64_t amount = 0;
	for (size_t i = 0; i < p->nlines; i++) {
		const struct ledger_chart_row *c = ledger_chart_find(p->lines[i].account);
		json_array_append_new(lines, json_pack("{s:o, s:o, s:I}", "account",
						       jstr(p->lines[i].account), "account_name",
						       jstr(c ? c->name : ""), "amount_fen",
						       (json_int_t)p->lines[i].amount));
		if (p->lines[i].amount > 0)
			amount += p->lines[i].amount;
	}
	json_object_set_new(j, "id", json_integer(p->id));
	json_object_set_new(j, "fund_id", json_integer(p->fund_id));
	json_object_set_new(j, "seq", json_integer(p->seq));
	json_object_set_new(j, "value_date", jdate(p->value_date));
	json_object_set_new(j, "kind", jstr(p->kind));
	json_object_set_new(j, "memo", jstr(p->memo));
	json_object_set_new(j, "amount_fen", json_integer(amount));
	json_object_set_new(j, "reverses", id_or_null(p->reverses));
	json_object_set_new(j, "reversed", json_boolean(p->reversed_by));
	json_object_set_new(j, "link_id", id_or_null(p->link_id));
	json_object_set_new(j, "case_id", id_or_null(p->case_id));
	json_object_set_new(j, "member_id", id_or_null(p->member_id));
	json_object_set_new(j, "batch_ref", jstr(p->batch_ref));
	json_object_set_new(j, "donor", jstr(p->donor));
	json_object_set_new(j, "posted_at", json_time(p->posted_at));
	json_object_set_new(j, "posted_by", id_or_null(p->posted_by));
	json_object_set_new(j, "prev_hash", jstr(p->prev_hash));
	json_object_set_new(j, "hash", jstr(p->hash));
	json_object_set_new(j, "lines", lines);
	return j;
}

/* The fund with its accounts (GET /funds/{id}, POST /funds). */
static void reply_fund(struct req *r, int status, const struct fund *f)
{
	struct ledger_account *as = NULL;
	size_t n = 0;
	struct bf_err e;
	if (ledger_accounts(&r->core, &r->actor, f->id, &as, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *j = fund_json(f), *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, account_json(&as[i]));
	free(as);
	json_object_set_new(j, "accounts", a);
	reply_json(r, status, j);
}

static void reply_posting(struct req *r, int status, int64_t id)
{
	struct ledger_posting p;
	struct bf_err e;
	if (ledger_posting_get(&r->core, &r->actor, id, &p, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *j = posting_json(&p);
	ledger_posting_release(&p);
	reply_json(r, status, j);
}

void h_funds_list(struct req *r)
{
	struct fund *items = NULL;
	size_t n = 0;
	struct bf_err e;
	if (ledger_fund_list(&r->core, &r->actor, &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	REPLY_ITEMS(r, items, n, fund_json);
}

void h_funds_create(struct req *r)
{
	static const char *const keys[] = {"org_id", NULL};
	int64_t org = 0;
	struct fund f;
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j)
		return;
	int rc = json_only_keys(j, keys, &e) || json_get_int(j, "org_id", &org, "组织", &e);
	json_decref(j);
	if (!rc && org <= 0)
		rc = err_set(&e, EC_MISSING, "org_id", "请选择组织");
	if (rc || ledger_fund_ensure(&r->core, &r->actor, org, &f, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_fund(r, 200, &f);
}

void h_fund_get(struct req *r)
{
	struct fund f;
	struct bf_err e;
	if (ledger_fund_get(&r->core, &r->actor, r->id, &f, &e))
		reply_error(r, &e);
	else
		reply_fund(r, 200, &f);
}

/* Copies query argument name into dst (absent: ""); -1 with a 400 reply
 * when it does not fit. */
static int text_arg(struct req *r, const char *name, char *dst, size_t n)
{
	const char *v = req_arg(r, name);
	dst[0] = '\0';
	if (!v)
		return 0;
	if (strlen(v) >= n) {
		reply_code(r, EC_INVALID, name, "查询条件过长");
		return -1;
	}
	memcpy(dst, v, strlen(v) + 1);
	return 0;
}

void h_fund_postings(struct req *r)
{
	struct ledger_query q;
	struct ledger_posting *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	struct bf_err e;
	memset(&q, 0, sizeof(q));
	q.fund_id = r->id;
	if (req_int_arg(r, "page", 1, 1, 1000000, &q.page) ||
	    req_int_arg(r, "size", 20, 1, 200, &q.size) || req_id_arg(r, "case", &q.case_id) ||
	    req_id_arg(r, "member", &q.member_id) || req_date_arg(r, "from", "起始日期", q.from) ||
	    req_date_arg(r, "to", "截止日期", q.to) ||
	    text_arg(r, "kind", q.kind, sizeof(q.kind)) ||
	    text_arg(r, "account", q.account, sizeof(q.account)) ||
	    text_arg(r, "batch", q.batch_ref, sizeof(q.batch_ref)))
		return;
	if (ledger_postings(&r->core, &r->actor, &q, &items, &n, &total, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, posting_json(&items[i]));
	ledger_postings_free(items, n);
	reply_page(r, a, total, q.page, q.size);
}

void h_fund_income(struct req *r)
{
	static const char *const keys[] = {"source", "amount_fen", "date", "method",
					   "donor",  "member_id",  "memo", NULL};
	struct ledger_income in;
	struct ledger_posting p;
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j)
		return;
	memset(&in, 0, sizeof(in));
	in.fund_id = r->id;
	int rc = json_only_keys(j, keys, &e) ||
		 json_get_str(j, "source", in.source, sizeof(in.source), "资金来源", &e) ||
		 json_get_int(j, "amount_fen", &in.amount, "金额", &e) ||
		 json_get_date(j, "date", in.date, "日期", &e) ||
		 json_get_str(j, "method", in.method, sizeof(in.method), "收款方式", &e) ||
		 json_get_str(j, "donor", in.donor, sizeof(in.donor), "捐款人", &e) ||
		 json_get_int(j, "member_id", &in.member_id, "捐款党员", &e) ||
		 json_get_str(j, "memo", in.memo, sizeof(in.memo), "摘要", &e);
	json_decref(j);
	if (!rc && !in.amount)
		rc = err_set(&e, EC_MISSING, "amount_fen", "请填写金额");
	if (rc || ledger_income(&r->core, &r->actor, &in, &p, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_posting(r, 201, p.id);
}

void h_posting_get(struct req *r)
{
	reply_posting(r, 200, r->id);
}

void h_posting_reverse(struct req *r)
{
	static const char *const keys[] = {"reason", NULL};
	char reason[TEXT_BYTES(TF_REVERSAL_REASON_MAX)] = "";
	struct ledger_posting p;
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j)
		return;
	int rc = json_only_keys(j, keys, &e) ||
		 json_get_str(j, "reason", reason, sizeof(reason), "冲正原因", &e);
	json_decref(j);
	if (rc || ledger_reverse(&r->core, &r->actor, r->id, reason, &p, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_posting(r, 201, p.id);
}
