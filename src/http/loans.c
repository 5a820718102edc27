/* loans.c - /api/v1/loans: start-up loans for 造血型 members (DOMAIN.md
 * §4): the schedule before lending, lending, repayments, and the overdue
 * instalments (also on the to-do page). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fund.h"
#include "payments_http.h"

static json_t *inst_json(const struct loan_instalment *i)
{
	return json_pack(
	    "{s:i, s:s, s:I, s:I, s:I, s:I, s:o, s:b}", "no", i->no, "due_on", i->due_on,
	    "principal_fen", (json_int_t)i->principal, "interest_fen", (json_int_t)i->interest,
	    "paid_principal_fen", (json_int_t)i->paid_principal, "paid_interest_fen",
	    (json_int_t)i->paid_interest, "paid_on", jdate(i->paid_on), "overdue", i->overdue);
}

static json_t *loan_json(const struct loan *l)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(l->id));
	json_object_set_new(j, "org_id", json_integer(l->org_id));
	json_object_set_new(j, "org_name", jstr(l->org_name));
	json_object_set_new(j, "fund_id", json_integer(l->fund_id));
	json_object_set_new(j, "member_id", json_integer(l->member_id));
	json_object_set_new(j, "member_name", jstr(l->member_name));
	json_object_set_new(j, "case_id", l->case_id ? json_integer(l->case_id) : json_null());
	json_object_set_new(j, "principal_fen", json_integer(l->principal));
	json_object_set_new(j, "rate_bp", json_integer(l->rate_bp));
	json_object_set_new(j, "months", json_integer(l->months));
	json_object_set_new(j, "start_on", jstr(l->start_on));
	json_object_set_new(j, "purpose", jstr(l->purpose));
	json_object_set_new(j, "status", jstr(l->status));
	json_object_set_new(j, "repaid_principal_fen", json_integer(l->repaid_principal));
	json_object_set_new(j, "repaid_interest_fen", json_integer(l->repaid_interest));
	json_object_set_new(j, "outstanding_principal_fen",
			    json_integer(l->principal - l->repaid_principal));
	json_object_set_new(j, "posting_id", json_integer(l->posting_id));
	json_object_set_new(j, "created_at", json_time(l->created_at));
	if (l->inst) {
		json_t *a = json_array();
		for (size_t i = 0; i < l->ninst; i++)
			json_array_append_new(a, inst_json(&l->inst[i]));
		json_object_set_new(j, "instalments", a);
	}
	return j;
}

void h_loans_list(struct req *r)
{
	struct loan *items = NULL;
	size_t n = 0;
	int overdue;
	struct bf_err e;
	if (req_int_arg(r, "overdue", 0, 0, 1, &overdue))
		return;
	if (loan_list(&r->core, &r->actor, req_arg(r, "status"), overdue, &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	REPLY_ITEMS(r, items, n, loan_json);
}

static int loan_body(struct req *r, struct loan_input *in, struct bf_err *e)
{
	static const char *const keys[] = {"org_id",  "member_id", "case_id",  "principal_fen",
					   "rate_bp", "months",	   "start_on", "method",
					   "purpose", NULL};
	int64_t rate = 0, months = 0;
	memset(in, 0, sizeof(*in));
	json_t *j = req_json(r);
	if (!j)
		return 1;
	int rc = json_only_keys(j, keys, e) || json_get_int(j, "org_id", &in->org_id, "组织", e) ||
		 json_get_int(j, "member_id", &in->member_id, "党员", e) ||
		 json_get_int(j, "case_id", &in->case_id, "档案", e) ||
		 json_get_int(j, "principal_fen", &in->principal, "借款本金", e) ||
		 json_get_int(j, "rate_bp", &rate, "年利率", e) ||
		 json_get_int(j, "months", &months, "还款期数", e) ||
		 json_get_date(j, "start_on", in->start_on, "放款日期", e) ||
		 json_get_str(j, "method", in->method, sizeof(in->method), "支付方式", e) ||
		 json_get_str(j, "purpose", in->purpose, sizeof(in->purpose), "借款用途", e);
	json_decref(j);
	if (!rc && (rate < 0 || rate > 100000 || months < 0 || months > 100000))
		rc = err_set(e, EC_INVALID, rate < 0 || rate > 100000 ? "rate_bp" : "months",
			     "数值超出范围");
	in->rate_bp = (int)rate;
	in->months = (int)months;
	if (rc) {
		reply_error(r, e);
		return 1;
	}
	return 0;
}

void h_loan_schedule(struct req *r)
{
	struct loan_input in;
	struct loan_instalment inst[120];
	struct bf_err e;
	if (loan_body(r, &in, &e))
		return;
	if (!*in.start_on) {
		reply_code(r, EC_MISSING, "start_on", "请填写放款日期");
		return;
	}
	if (loan_schedule(&in, inst, 120, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *a = json_array();
	int64_t interest = 0;
	for (int i = 0; i < in.months; i++) {
		json_array_append_new(a, inst_json(&inst[i]));
		interest += inst[i].interest;
	}
	reply_json(r, 200,
		   json_pack("{s:o, s:I}", "instalments", a, "interest_fen", (json_int_t)interest));
}

void h_loans_create(struct req *r)
{
	struct loan_input in;
	struct loan l;
	struct bf_err e;
	if (loan_body(r, &in, &e))
		return;
	if (loan_create(&r->core, &r->actor, &in, &l, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *j = loan_json(&l);
	loan_release(&l);
	reply_json(r, 201, j);
}

void h_loan_get(struct req *r)
{
	struct loan l;
	struct bf_err e;
	if (loan_get(&r->core, &r->actor, r->id, &l, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *j = loan_json(&l);
	loan_release(&l);
	reply_json(r, 200, j);
}

void h_loan_repay(struct req *r)
{
	int64_t amount = 0;
	char method[16] = "", date[11] = "";
	struct loan l;
	struct bf_err e;
	int rc = pay_repayment_body(r, &amount, method, date, &e);
	if (rc == -2)
		return;
	if (rc || loan_repay(&r->core, &r->actor, r->id, amount, method, date, &l, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *out = loan_json(&l);
	loan_release(&l);
	reply_json(r, 201, out);
}

void h_loans_overdue(struct req *r)
{
	struct loan_overdue *items = NULL;
	size_t n = 0;
	struct bf_err e;
	if (loan_overdue_list(&r->core, &r->actor, &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    a, json_pack("{s:I, s:I, s:o, s:I, s:o, s:i, s:s, s:I}", "loan_id",
				 (json_int_t)items[i].loan_id, "member_id",
				 (json_int_t)items[i].member_id, "member_name",
				 jstr(items[i].member_name), "org_id", (json_int_t)items[i].org_id,
				 "org_name", jstr(items[i].org_name), "no", items[i].no, "due_on",
				 items[i].due_on, "outstanding_fen",
				 (json_int_t)items[i].outstanding));
	free(items);
	reply_items(r, a);
}
