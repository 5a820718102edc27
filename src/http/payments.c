/* payments.c - /api/v1/payment-batches, /api/v1/payments and
 * /api/v1/gifts: payment batches of a committee (preview, confirm, read),
 * a case's payments for the case page, receipts with the scanned copy,
 * and gifts on visits.  JSON in, core (fund.h) called, JSON out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "cases.h"
#include "fund.h"
#include "payments_http.h"

static json_t *share_json(const struct pay_share *s)
{
	return json_pack("{s:s, s:I, s:o, s:I, s:o}", "level", s->level, "org_id",
			 (json_int_t)s->org_id, "org_name", jstr(s->org_name), "amount_fen",
			 (json_int_t)s->amount, "posting_id",
			 s->posting_id ? json_integer(s->posting_id) : json_null());
}

static json_t *line_json(const struct pay_line *l)
{
	json_t *sh = json_array();
	for (size_t k = 0; k < l->nshares; k++)
		json_array_append_new(sh, share_json(&l->shares[k]));
	json_t *j = json_object();
	json_object_set_new(j, "case_id", json_integer(l->case_id));
	json_object_set_new(j, "member_id", json_integer(l->member_id));
	json_object_set_new(j, "member_name", jstr(l->member_name));
	json_object_set_new(j, "org_id", json_integer(l->org_id));
	json_object_set_new(j, "org_name", jstr(l->org_name));
	json_object_set_new(j, "kind", jstr(l->kind));
	json_object_set_new(j, "state", jstr(l->state));
	json_object_set_new(j, "pay_first", json_boolean(l->pay_first));
	json_object_set_new(j, "already_paid", json_boolean(l->already_paid));
	json_object_set_new(j, "amount_fen", json_integer(l->amount));
	json_object_set_new(j, "shares", sh);
	return j;
}

static json_t *batch_json(const struct pay_batch *b)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", b->id ? json_integer(b->id) : json_null());
	json_object_set_new(j, "org_id", json_integer(b->org_id));
	json_object_set_new(j, "org_name", jstr(b->org_name));
	json_object_set_new(j, "payer", jstr(b->payer));
	json_object_set_new(j, "value_date", jstr(b->value_date));
	json_object_set_new(j, "method", jstr(b->method));
	json_object_set_new(j, "memo", jstr(b->memo));
	json_object_set_new(j, "policy_version", json_integer(b->policy_version));
	json_object_set_new(j, "total_fen", json_integer(b->total));
	json_object_set_new(j, "count", json_integer(b->count));
	if (!b->id) /* the preview: what the confirmation would leave short */
		json_object_set_new(j, "advance_allowed", json_boolean(b->advance_allowed));
	if (!b->id) {
		json_t *sh = json_array();
		for (size_t i = 0; i < b->nshort; i++) {
			const struct pay_shortfall *s = &b->shorts[i];
			json_array_append_new(
			    sh, json_pack(
				    "{s:I, s:o, s:o, s:o, s:o, s:I, s:I, s:I, s:o}", "org_id",
				    (json_int_t)s->org_id, "org_name", jstr(s->org_name), "fund_id",
				    s->fund_id ? json_integer(s->fund_id) : json_null(), "account",
				    jstr(s->account), "account_name", jstr(s->account_name),
				    "balance_fen", (json_int_t)s->balance, "need_fen",
				    (json_int_t)s->need, "short_fen", (json_int_t)s->missing,
				    "message", jstr(s->message)));
		}
		json_object_set_new(j, "shortfalls", sh);
	}
	if (b->id) {
		char ref[40];
		snprintf(ref, sizeof(ref), "pay-%lld", (long long)b->id);
		json_object_set_new(j, "batch_ref", json_string(ref));
		json_object_set_new(j, "created_at", json_time(b->created_at));
	}
	if (b->lines) {
		json_t *ls = json_array();
		for (size_t i = 0; i < b->nlines; i++)
			json_array_append_new(ls, line_json(&b->lines[i]));
		json_object_set_new(j, "lines", ls);
		json_t *as = json_array();
		for (size_t i = 0; i < b->nallocs; i++) {
			const struct pay_allocation *al = &b->allocs[i];
			json_array_append_new(
			    as, json_pack("{s:I, s:o, s:I, s:o, s:I}", "from_org_id",
					  (json_int_t)al->from_org_id, "from_org_name",
					  jstr(al->from_name), "to_org_id",
					  (json_int_t)al->to_org_id, "to_org_name",
					  jstr(al->to_name), "amount_fen", (json_int_t)al->amount));
		}
		json_object_set_new(j, "allocations", as);
	}
	return j;
}

json_t *pay_payment_json(const struct payment *p)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(p->id));
	json_object_set_new(j, "batch_id", json_integer(p->batch_id));
	json_object_set_new(j, "case_id", json_integer(p->case_id));
	json_object_set_new(j, "member_id", json_integer(p->member_id));
	json_object_set_new(j, "member_name", jstr(p->member_name));
	json_object_set_new(j, "org_id", json_integer(p->org_id));
	json_object_set_new(j, "org_name", jstr(p->org_name));
	json_object_set_new(j, "amount_fen", json_integer(p->amount));
	json_object_set_new(j, "pay_first", json_boolean(p->pay_first));
	json_object_set_new(j, "value_date", jstr(p->value_date));
	json_t *sh = json_loads(p->shares_json, 0, NULL);
	json_object_set_new(j, "shares", sh ? sh : json_array());
	json_t *rc = json_null();
	if (*p->receipt_on)
		rc = json_pack("{s:s, s:s, s:o, s:s, s:o, s:o}", "date", p->receipt_on, "method",
			       p->receipt_method, "handed_by", jstr(p->handed_by), "signed_by",
			       p->signed_by, "note", jstr(p->receipt_note), "recorded_at",
			       json_time(p->receipt_at));
	json_object_set_new(j, "receipt", rc);
	/* a pay-first payment stays linked to the paperwork still owed */
	json_object_set_new(j, "paperwork",
			    p->pay_first
				? json_pack("{s:o, s:b}", "due_on", jdate(p->paperwork_due), "done",
					    p->paperwork_done)
				: json_null());
	json_object_set_new(j, "receipt_attachment_id",
			    p->receipt_attachment_id ? json_integer(p->receipt_attachment_id)
						     : json_null());
	return j;
}

void h_pay_batches_list(struct req *r)
{
	struct pay_batch *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	int page, size;
	struct search_term term;
	struct bf_err e;
	if (req_int_arg(r, "page", 1, 1, 1000000, &page) ||
	    req_int_arg(r, "size", 20, 1, 200, &size) || req_search_arg(r, "pay-", &term))
		return;
	struct pay_batch_query q = {.search = &term, .offset = (page - 1) * size, .limit = size};
	if (pay_batch_list(&r->core, &r->actor, &q, &items, &n, &total, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, batch_json(&items[i]));
	free(items);
	reply_page(r, a, total, page, size);
}

/* The body of a preview or a confirmation. */
static int batch_body(struct req *r, struct pay_batch_input *in, int64_t **ids, struct bf_err *e)
{
	static const char *const keys[] = {"org_id", "case_ids", "payer", "value_date",
					   "method", "memo",	 NULL};
	memset(in, 0, sizeof(*in));
	*ids = NULL;
	json_t *j = req_json(r);
	if (!j)
		return 1; /* replied */
	int rc = json_only_keys(j, keys, e) ||
		 json_get_int(j, "org_id", &in->org_id, "党(工)委", e) ||
		 json_get_ids(j, "case_ids", ids, &in->ncases, PAY_BATCH_MAX, "案件", e) ||
		 json_get_str(j, "payer", in->payer, sizeof(in->payer), "资金来源", e) ||
		 json_get_date(j, "value_date", in->value_date, "发放日期", e) ||
		 json_get_str(j, "method", in->method, sizeof(in->method), "支付方式", e) ||
		 json_get_str(j, "memo", in->memo, sizeof(in->memo), "摘要", e);
	json_decref(j);
	in->case_ids = *ids;
	if (!rc && !in->org_id)
		rc = err_set(e, EC_MISSING, "org_id", "请选择党(工)委");
	if (rc) {
		reply_error(r, e);
		free(*ids);
		*ids = NULL;
		return 1;
	}
	return 0;
}

static void batch_run(struct req *r, int confirm)
{
	struct pay_batch_input in;
	struct pay_batch b;
	int64_t *ids;
	struct bf_err e;
	if (batch_body(r, &in, &ids, &e))
		return;
	int rc = confirm ? pay_batch_confirm(&r->core, &r->actor, &in, &b, &e)
			 : pay_batch_preview(&r->core, &r->actor, &in, &b, &e);
	free(ids);
	if (rc) {
		reply_error(r, &e);
		return;
	}
	json_t *j = batch_json(&b);
	pay_batch_release(&b);
	reply_json(r, confirm ? 201 : 200, j);
}

void h_pay_batch_preview(struct req *r)
{
	batch_run(r, 0);
}

void h_pay_batch_create(struct req *r)
{
	batch_run(r, 1);
}

static json_t *payments_array(struct payment *items, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, pay_payment_json(&items[i]));
	free(items);
	return a;
}

void h_pay_batch_get(struct req *r)
{
	struct pay_batch b;
	struct payment *items = NULL;
	size_t n = 0;
	struct bf_err e;
	if (pay_batch_get(&r->core, &r->actor, r->id, &b, &e) ||
	    pay_payments_of_batch(&r->core, &r->actor, r->id, &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *j = batch_json(&b);
	json_object_set_new(j, "payments", payments_array(items, n));
	reply_json(r, 200, j);
}

void h_case_payments(struct req *r)
{
	struct payment *items = NULL;
	size_t n = 0;
	struct bf_err e;
	if (pay_payments_of_case(&r->core, &r->actor, r->id, &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_json(r, 200, json_pack("{s:o}", "items", payments_array(items, n)));
}

void h_payment_get(struct req *r)
{
	struct payment p;
	struct bf_err e;
	if (pay_payment_get(&r->core, &r->actor, r->id, &p, &e))
		reply_error(r, &e);
	else
		reply_json(r, 200, pay_payment_json(&p));
}

void h_payment_receipt(struct req *r)
{
	static const char *const keys[] = {"date",	"method", "handed_by",
					   "signed_by", "note",	  NULL};
	struct pay_receipt_input in;
	struct payment p;
	struct bf_err e;
	memset(&in, 0, sizeof(in));
	json_t *j = req_json(r);
	if (!j)
		return;
	int rc = json_only_keys(j, keys, &e) || json_get_date(j, "date", in.date, "签收日期", &e) ||
		 json_get_str(j, "method", in.method, sizeof(in.method), "发放方式", &e) ||
		 json_get_str(j, "handed_by", in.handed_by, sizeof(in.handed_by), "经手人", &e) ||
		 json_get_str(j, "signed_by", in.signed_by, sizeof(in.signed_by), "签收方式", &e) ||
		 json_get_str(j, "note", in.note, sizeof(in.note), "备注", &e);
	json_decref(j);
	if (rc || pay_receipt_set(&r->core, &r->actor, r->id, &in, &p, &e))
		reply_error(r, &e);
	else
		reply_json(r, 200, pay_payment_json(&p));
}

void h_payment_receipt_scan(struct req *r)
{
	static const char *const ok[] = {"application/pdf", "image/jpeg", "image/png"};
	struct payment p;
	struct bf_err e;
	char name[256] = "";
	const char *ctype = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Content-Type");
	const char *fname = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "X-Filename");
	int typed = 0;
	size_t n = ctype ? strcspn(ctype, "; ") : 0;
	for (size_t i = 0; ctype && i < sizeof(ok) / sizeof(ok[0]); i++)
		typed |= strlen(ok[i]) == n && !strncasecmp(ctype, ok[i], n);
	if (!typed) {
		reply_code(r, EC_INVALID, "file", "签收单只能上传 PDF、JPG 或 PNG 文件");
		return;
	}
	if (fname && percent_decode(fname, name, sizeof(name))) {
		reply_code(r, EC_INVALID, "name",
			   "文件名（X-Filename）应为百分号编码的 UTF-8，且不超过 255 字节");
		return;
	}
	if (pay_receipt_scan(&r->core, &r->actor, r->id, *name ? name : "签收单", r->body.buf,
			     r->body.len, &p, &e))
		reply_error(r, &e);
	else
		reply_json(r, 201, pay_payment_json(&p));
}

void h_gifts_create(struct req *r)
{
	static const char *const keys[] = {"org_id", "member_id", "amount_fen", "method",
					   "date",   "memo",	  "ref",	NULL};
	struct pay_gift g;
	struct ledger_posting p;
	struct bf_err e;
	memset(&g, 0, sizeof(g));
	json_t *j = req_json(r);
	if (!j)
		return;
	int rc = json_only_keys(j, keys, &e) || json_get_int(j, "org_id", &g.org_id, "组织", &e) ||
		 json_get_int(j, "member_id", &g.member_id, "党员", &e) ||
		 json_get_int(j, "amount_fen", &g.amount, "慰问金额", &e) ||
		 json_get_str(j, "method", g.method, sizeof(g.method), "支付方式", &e) ||
		 json_get_date(j, "date", g.date, "慰问日期", &e) ||
		 json_get_str(j, "memo", g.memo, sizeof(g.memo), "摘要", &e) ||
		 json_get_str(j, "ref", g.ref, sizeof(g.ref), "走访记录", &e);
	json_decref(j);
	if (!rc && !g.org_id)
		rc = err_set(&e, EC_MISSING, "org_id", "请选择出资的组织");
	if (!rc && !g.member_id)
		rc = err_set(&e, EC_MISSING, "member_id", "请选择慰问的党员");
	if (rc || pay_gift_post(&r->core, &r->actor, &g, &p, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_json(r, 201,
		   json_pack("{s:I, s:I, s:I, s:s, s:s, s:I, s:o}", "posting_id", (json_int_t)p.id,
			     "fund_id", (json_int_t)p.fund_id, "seq", (json_int_t)p.seq, "kind",
			     p.kind, "value_date", p.value_date, "amount_fen", (json_int_t)g.amount,
			     "memo", jstr(p.memo)));
}

void h_case_pay_now(struct req *r)
{
	static const char *const keys[] = {"payer", "value_date", "method", NULL};
	char payer[16] = "", date[11] = "", method[16] = "";
	struct pay_batch b;
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j)
		return;
	int rc = json_only_keys(j, keys, &e) ||
		 json_get_str(j, "payer", payer, sizeof(payer), "资金来源", &e) ||
		 json_get_date(j, "value_date", date, "发放日期", &e) ||
		 json_get_str(j, "method", method, sizeof(method), "支付方式", &e);
	json_decref(j);
	if (rc || pay_case_now(&r->core, &r->actor, r->id, payer, date, method, &b, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *out = batch_json(&b);
	pay_batch_release(&b);
	reply_json(r, 201, out);
}

int pay_repayment_body(struct req *r, int64_t *amount, char method[16], char date[11],
		       struct bf_err *e)
{
	static const char *const keys[] = {"amount_fen", "method", "date", NULL};
	json_t *j = req_json(r);
	if (!j)
		return -2;
	int rc = json_only_keys(j, keys, e) ||
		 json_get_int(j, "amount_fen", amount, "还款金额", e) ||
		 json_get_str(j, "method", method, 16, "支付方式", e) ||
		 json_get_date(j, "date", date, "还款日期", e);
	json_decref(j);
	if (!rc && !*amount)
		return err_set(e, EC_MISSING, "amount_fen", "请填写还款金额");
	return rc ? -1 : 0;
}
