/* recoveries.c - /api/v1/recoveries: money to be recovered after a
 * verification finding (DOMAIN.md §3 step 12), its repayments and the
 * department's write-off with a reason. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fund.h"
#include "payments_http.h"

static json_t *recovery_json(const struct recovery *x)
{
	json_t *pids = json_array();
	for (size_t i = 0; i < x->npayments; i++)
		json_array_append_new(pids, json_integer(x->payment_ids[i]));
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(x->id));
	json_object_set_new(j, "case_id", json_integer(x->case_id));
	json_object_set_new(j, "member_id", json_integer(x->member_id));
	json_object_set_new(j, "member_name", jstr(x->member_name));
	json_object_set_new(j, "org_id", json_integer(x->org_id));
	json_object_set_new(j, "org_name", jstr(x->org_name));
	json_object_set_new(j, "fund_id", json_integer(x->fund_id));
	json_object_set_new(j, "amount_fen", json_integer(x->amount));
	json_object_set_new(j, "repaid_fen", json_integer(x->repaid));
	json_object_set_new(j, "written_off_fen", json_integer(x->written_off));
	json_object_set_new(j, "outstanding_fen",
			    json_integer(x->amount - x->repaid - x->written_off));
	json_object_set_new(j, "found_on", jstr(x->found_on));
	json_object_set_new(j, "finding", jstr(x->finding));
	json_object_set_new(j, "status", jstr(x->status));
	json_object_set_new(j, "write_off_reason", jstr(x->write_off_reason));
	json_object_set_new(j, "payment_ids", pids);
	json_object_set_new(j, "created_at", json_time(x->created_at));
	return j;
}

void h_recoveries_list(struct req *r)
{
	struct recovery *items = NULL;
	size_t n = 0;
	int64_t case_id;
	struct bf_err e;
	if (req_id_arg(r, "case", &case_id))
		return;
	if (recovery_list(&r->core, &r->actor, case_id, req_arg(r, "status"), &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	REPLY_ITEMS(r, items, n, recovery_json);
}

void h_recoveries_create(struct req *r)
{
	static const char *const keys[] = {"case_id", "amount_fen",  "found_on",
					   "finding", "payment_ids", NULL};
	int64_t case_id = 0, amount = 0, *pids = NULL;
	size_t np = 0;
	char found_on[11] = "", finding[TEXT_BYTES(TF_RECOVERY_FINDING_MAX)] = "";
	struct recovery x;
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j)
		return;
	int rc = json_only_keys(j, keys, &e) || json_get_int(j, "case_id", &case_id, "案件", &e) ||
		 json_get_int(j, "amount_fen", &amount, "追回金额", &e) ||
		 json_get_date(j, "found_on", found_on, "认定日期", &e) ||
		 json_get_str(j, "finding", finding, sizeof(finding), "核查认定情况", &e) ||
		 json_get_ids(j, "payment_ids", &pids, &np, 16, "发放记录", &e);
	json_decref(j);
	if (!rc && !amount)
		rc = err_set(&e, EC_MISSING, "amount_fen", "请填写追回金额");
	if (!rc)
		rc = recovery_create(&r->core, &r->actor, case_id, amount, found_on, finding, pids,
				     np, &x, &e);
	free(pids);
	if (rc)
		reply_error(r, &e);
	else
		reply_json(r, 201, recovery_json(&x));
}

void h_recovery_get(struct req *r)
{
	struct recovery x;
	struct bf_err e;
	if (recovery_get(&r->core, &r->actor, r->id, &x, &e))
		reply_error(r, &e);
	else
		reply_json(r, 200, recovery_json(&x));
}

void h_recovery_repay(struct req *r)
{
	int64_t amount = 0;
	char method[16] = "", date[11] = "";
	struct recovery x;
	struct bf_err e;
	int rc = pay_repayment_body(r, &amount, method, date, &e);
	if (rc == -2)
		return;
	if (rc || recovery_repay(&r->core, &r->actor, r->id, amount, method, date, &x, &e))
		reply_error(r, &e);
	else
		reply_json(r, 201, recovery_json(&x));
}

void h_recovery_write_off(struct req *r)
{
	static const char *const keys[] = {"reason", NULL};
	char reason[TEXT_BYTES(TF_WRITE_OFF_REASON_MAX)] = "";
	struct recovery x;
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j)
		return;
	int rc = json_only_keys(j, keys, &e) ||
		 json_get_str(j, "reason", reason, sizeof(reason), "核销原因", &e);
	json_decref(j);
	if (rc || recovery_write_off(&r->core, &r->actor, r->id, reason, &x, &e))
		reply_error(r, &e);
	else
		reply_json(r, 200, recovery_json(&x));
}
