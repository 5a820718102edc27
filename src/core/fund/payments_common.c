/* payments_common.c - what the money files of the fund share (declared in
 * the fund's private payments_impl.h): the method check, the shortfall
 * message naming its fund, repayment checks, dates of money out, the actor
 * standing at a fund, and a two-line posting. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "core/common/common.h"
#include "money.h"
#include "payments_impl.h"
#include "store.h"
#include "store_ledger.h"
#include "store_payments.h"
#include "utf8.h"

int pay_method_check(char *method, const char *field, struct bf_err *e)
{
	if (!*method)
		snprintf(method, PAY_METHOD_MAX, "bank");
	if (strcmp(method, "cash") && strcmp(method, "bank"))
		return err_set(e, EC_INVALID, field,
			       "支付方式只能是现金（cash）或银行转账（bank）");
	return 0;
}

int pay_repayment_input(int64_t amount, const char *method_in, char method[PAY_METHOD_MAX],
			const char *date_in, char date[11], struct bf_err *e)
{
	if (amount <= 0)
		return err_set(e, EC_INVALID, "amount_fen", "还款金额须大于 0");
	if (limit_money(amount, "amount_fen", "还款金额", e))
		return -1;
	snprintf(method, PAY_METHOD_MAX, "%s", method_in ? method_in : "");
	if (pay_method_check(method, "method", e) || pay_date(date_in, date, "date", "还款日期", e))
		return -1;
	return 0;
}

int pay_repayment_fits(int64_t amount, int64_t owed, const char *date, const char *since,
		       const char *since_label, struct bf_err *e)
{
	if (strcmp(date, since) < 0)
		return err_set(e, EC_INVALID, "date", "还款日期（%s）不能早于%s（%s）", date,
			       since_label, since);
	if (amount > owed) {
		char m[MONEY_TEXT_MAX];
		money_format(owed, m);
		return err_set(e, EC_INVALID, "amount_fen", "还款金额超过尚欠的 %s", m);
	}
	return 0;
}

/* A failed ledger call: a shortfall names the fund it happened in. */
int pay_ledger_failed(struct db *db, int64_t fund_id, int rc, struct bf_err *e)
{
	if (rc != -1)
		return rc;
	/* the ledger's message names the fund already when it is its own */
	if (e->code == EC_INSUFFICIENT_FUNDS && !strstr(e->message, "帮扶基金")) {
		struct fund f;
		struct bf_err e2;
		if (store_fund_get(db, fund_id, &f, &e2) == DB_ONE) {
			char msg[sizeof(e->message)];
			snprintf(msg, sizeof(msg), "%s", e->message);
			size_t k = (size_t)snprintf(e->message, sizeof(e->message), "%.*s：",
						    utf8_prefix(f.name, 120), f.name);
			if (k < sizeof(e->message))
				utf8_copy(e->message + k, sizeof(e->message) - k, msg);
		}
	}
	return -1;
}

int pay_date(const char *in, char out[11], const char *field, const char *label, struct bf_err *e)
{
	char today[CASE_DATE_LEN];
	core_today(today);
	if (!in || !*in) {
		snprintf(out, 11, "%s", today);
		return 0;
	}
	if (core_date(in, out, 1, field, label, e))
		return -1;
	return limit_money_date(out, today, field, label, e);
}

int pay_date_funded(struct db *db, int64_t fund_id, const char *date, const char *field,
		    const char *label, struct bf_err *e)
{
	char first[11];
	enum db_qs qs = store_fund_first_date(db, fund_id, first, e);
	if (qs < 0)
		return qs;
	if (qs == DB_ONE && strcmp(date, first) < 0)
		return err_set(e, EC_INVALID, field,
			       "%s（%s）不能早于该基金第一笔入账的日期（%s）：那时基金还没有资金",
			       label, date, first);
	return 0;
}

int pay_actor_at_fund(struct db *db, const struct actor *a, int64_t fund_id, struct actor *via,
		      struct bf_err *e)
{
	struct fund f;
	*via = *a;
	enum db_qs qs = store_fund_get(db, fund_id, &f, e);
	if (qs < 0)
		return qs;
	if (qs == DB_ONE)
		snprintf(via->org_path, sizeof(via->org_path), "%s", f.org_path);
	return 0;
}

int pay_post2(struct core *c, const struct actor *a, int64_t fund_id, const char *kind,
	      const char *debit, const char *credit, int64_t amount, const char *date,
	      const char *memo, int64_t case_id, int64_t member_id, const char *ref,
	      struct ledger_posting *out, struct bf_err *e)
{
	struct ledger_line lines[2] = {{"", 0, amount}, {"", 0, -amount}};
	snprintf(lines[0].account, sizeof(lines[0].account), "%s", debit);
	snprintf(lines[1].account, sizeof(lines[1].account), "%s", credit);
	struct ledger_posting p;
	memset(&p, 0, sizeof(p));
	p.fund_id = fund_id;
	snprintf(p.kind, sizeof(p.kind), "%s", kind);
	snprintf(p.value_date, sizeof(p.value_date), "%s", date);
	snprintf(p.memo, sizeof(p.memo), "%s", memo);
	snprintf(p.batch_ref, sizeof(p.batch_ref), "%s", ref ? ref : "");
	p.case_id = case_id;
	p.member_id = member_id;
	p.lines = lines;
	p.nlines = 2;
	int rc = ledger_post(c, a, &p, LEDGER_NO_AUDIT, e);
	if (rc)
		return pay_ledger_failed(c->db, fund_id, rc, e);
	if (out) {
		*out = p;
		out->lines = NULL;
		out->nlines = 0;
	}
	return 0;
}
