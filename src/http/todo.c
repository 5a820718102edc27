/* todo.c - GET /api/v1/todo: what waits for the caller (cases at the
 * caller's level, notices to close, objections to handle, pay-first
 * paperwork, loan instalments overdue, receipts to record), overdue first,
 * and the counts the home page shows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cases.h"
#include "internal.h"
#include "money.h"
#include "fund.h"

static json_t *id_or_null(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

static json_t *todo_json(const struct case_todo *t)
{
	enum case_state s;
	json_t *j = json_object();
	json_object_set_new(j, "kind", jstr(t->kind_code));
	json_object_set_new(j, "case_id", id_or_null(t->case_id));
	json_object_set_new(j, "notice_id", id_or_null(t->notice_id));
	json_object_set_new(j, "objection_id", id_or_null(t->objection_id));
	json_object_set_new(j, "org_id", json_integer(t->org_id));
	json_object_set_new(j, "org_name", jstr(t->org_name));
	json_object_set_new(j, "member_name", jstr(t->member_name));
	json_object_set_new(j, "state", jdate(t->state));
	json_object_set_new(j, "state_label",
			    t->state[0] && !wf_state_parse(t->state, &s) ? jstr(wf_state_label(s))
									 : json_null());
	json_object_set_new(j, "title", jstr(t->title));
	json_object_set_new(j, "due_on", jdate(t->due_on));
	json_object_set_new(j, "overdue", json_boolean(t->overdue));
	json_object_set_new(j, "estimated", json_boolean(t->estimated));
	return j;
}

/* An overdue loan instalment (fund.h) as a to-do item. */
static json_t *loan_todo_json(const struct loan_overdue *o)
{
	char m[MONEY_TEXT_MAX], title[256];
	money_format(o->outstanding, m);
	snprintf(title, sizeof(title), "%s：创业借款第 %d 期逾期未还（尚欠 %s）", o->member_name,
		 o->no, m);
	json_t *j = json_object();
	json_object_set_new(j, "kind", json_string("loan"));
	json_object_set_new(j, "case_id", json_null());
	json_object_set_new(j, "notice_id", json_null());
	json_object_set_new(j, "objection_id", json_null());
	json_object_set_new(j, "loan_id", json_integer(o->loan_id));
	json_object_set_new(j, "org_id", json_integer(o->org_id));
	json_object_set_new(j, "org_name", jstr(o->org_name));
	json_object_set_new(j, "member_name", jstr(o->member_name));
	json_object_set_new(j, "state", json_null());
	json_object_set_new(j, "state_label", json_null());
	json_object_set_new(j, "title", jstr(title));
	json_object_set_new(j, "due_on", jdate(o->due_on));
	json_object_set_new(j, "overdue", json_true());
	json_object_set_new(j, "estimated", json_false());
	return j;
}

/* A payment whose signed receipt is not recorded yet (fund.h). */
static json_t *receipt_todo_json(const struct payment *p)
{
	char m[MONEY_TEXT_MAX], title[256];
	money_format(p->amount, m);
	snprintf(title, sizeof(title), "%s：%s 帮扶金 %s 待登记签收", p->member_name, p->value_date,
		 m);
	json_t *j = json_object();
	json_object_set_new(j, "kind", json_string("receipt"));
	json_object_set_new(j, "case_id", json_integer(p->case_id));
	json_object_set_new(j, "notice_id", json_null());
	json_object_set_new(j, "objection_id", json_null());
	json_object_set_new(j, "payment_id", json_integer(p->id));
	json_object_set_new(j, "org_id", json_integer(p->org_id));
	json_object_set_new(j, "org_name", jstr(p->org_name));
	json_object_set_new(j, "member_name", jstr(p->member_name));
	json_object_set_new(j, "state", json_null());
	json_object_set_new(j, "state_label", json_null());
	json_object_set_new(j, "title", jstr(title));
	json_object_set_new(j, "due_on", json_null());
	json_object_set_new(j, "overdue", json_false());
	json_object_set_new(j, "estimated", json_false());
	return j;
}

/* The receipts are collected where the money is handed over: the
 * committees' and branches' lists. */
static int wants_receipts(const struct actor *a)
{
	return !strcmp(a->role, "committee") || !strcmp(a->role, "branch");
}

/* The items in order: overdue first, then by due date; the loans (all
 * overdue, oldest first) merged among the overdue cases by date. */
static json_t *merge_items(const struct case_todo *items, size_t n,
			   const struct loan_overdue *loans, size_t nl)
{
	json_t *a = json_array();
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		while (k < nl && (!items[i].overdue || !items[i].due_on[0] ||
				  strcmp(loans[k].due_on, items[i].due_on) < 0))
			json_array_append_new(a, loan_todo_json(&loans[k++]));
		json_array_append_new(a, todo_json(&items[i]));
	}
	while (k < nl)
		json_array_append_new(a, loan_todo_json(&loans[k++]));
	return a;
}

void h_todo(struct req *r)
{
	struct case_todo *items = NULL;
	struct case_todo_counts c;
	size_t n = 0;
	int days, counts_only;
	struct bf_err e;
	if (req_int_arg(r, "notice_days", 3, 0, 366, &days) ||
	    req_int_arg(r, "counts_only", 0, 0, 1, &counts_only))
		return;
	if (case_todo(&r->core, &r->actor, days, counts_only ? NULL : &items, &n, &c, &e)) {
		reply_error(r, &e);
		return;
	}
	/* overdue loan instalments, for every role that writes */
	struct loan_overdue *loans = NULL;
	size_t nl = 0;
	if (access_allowed(&r->actor, PERM_WRITE) &&
	    loan_overdue_list(&r->core, &r->actor, &loans, &nl, &e)) {
		free(items);
		reply_error(r, &e);
		return;
	}
	struct payment *rcpt = NULL;
	size_t nr = 0;
	if (wants_receipts(&r->actor) &&
	    pay_receipts_missing(&r->core, &r->actor, &rcpt, &nr, &e)) {
		free(items);
		free(loans);
		reply_error(r, &e);
		return;
	}
	json_t *a = merge_items(items, n, loans, counts_only ? 0 : nl);
	/* no due date: after everything that has one */
	for (size_t i = 0; !counts_only && i < nr; i++)
		json_array_append_new(a, receipt_todo_json(&rcpt[i]));
	free(items);
	free(loans);
	free(rcpt);
	json_t *counts =
	    json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "cases", (json_int_t)c.cases,
		      "notices", (json_int_t)c.notices, "objections", (json_int_t)c.objections,
		      "paperwork", (json_int_t)c.paperwork, "loans", (json_int_t)nl, "receipts",
		      (json_int_t)nr, "overdue", (json_int_t)(c.overdue + (int64_t)nl), "total",
		      (json_int_t)(c.total + (int64_t)(nl + nr)));
	reply_json(r, 200, json_pack("{s:o, s:o}", "items", a, "counts", counts));
}
