/* todo.c - GET /api/v1/todo: what waits for the caller (cases at the
 * caller's level, notices to close, objections to handle, pay-first
 * paperwork, loan instalments overdue, receipts to record), overdue first,
 * and the counts the home page shows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cases.h"
#include "care.h"
#include "commendations.h"
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
	if (t->kind == TODO_ROLL)
		json_object_set_new(j, "roll_entry_id", json_integer(t->roll_entry_id));
	if (t->roll_review_id)
		json_object_set_new(j, "roll_review_id", json_integer(t->roll_review_id));
	if (t->kind == TODO_VERIFICATION)
		json_object_set_new(j, "verification_check_id",
				    json_integer(t->verification_check_id));
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

/* The fields every to-do item has, for the items outside the procedure
 * (no case, notice, objection or state; never estimated); each kind adds
 * its own ids to what this returns. */
struct item_base {
	const char *kind;
	int64_t member_id; /* 0: none (an organisation nominated) */
	int64_t org_id;
	const char *org_name, *member_name, *title, *due_on;
	int overdue;
};

static json_t *item_json(const struct item_base *x)
{
	json_t *j = json_object();
	json_object_set_new(j, "kind", json_string(x->kind));
	json_object_set_new(j, "case_id", json_null());
	json_object_set_new(j, "notice_id", json_null());
	json_object_set_new(j, "objection_id", json_null());
	json_object_set_new(j, "member_id", id_or_null(x->member_id));
	json_object_set_new(j, "org_id", json_integer(x->org_id));
	json_object_set_new(j, "org_name", jstr(x->org_name));
	json_object_set_new(j, "member_name", jstr(x->member_name));
	json_object_set_new(j, "state", json_null());
	json_object_set_new(j, "state_label", json_null());
	json_object_set_new(j, "title", jstr(x->title));
	json_object_set_new(j, "due_on", jdate(x->due_on));
	json_object_set_new(j, "overdue", json_boolean(x->overdue));
	json_object_set_new(j, "estimated", json_false());
	return j;
}

/* An overdue loan instalment (fund.h) as a to-do item. */
static json_t *loan_todo_json(const struct loan_overdue *o)
{
	char m[MONEY_TEXT_MAX], title[256];
	money_format(o->outstanding, m);
	snprintf(title, sizeof(title), "%s：创业借款第 %d 期逾期未还（尚欠 %s）", o->member_name,
		 o->no, m);
	json_t *j = item_json(&(struct item_base){"loan", o->member_id, o->org_id, o->org_name,
						  o->member_name, title, o->due_on, 1});
	json_object_set_new(j, "loan_id", json_integer(o->loan_id));
	return j;
}

/* A payment whose signed receipt is not recorded yet (fund.h). */
static json_t *receipt_todo_json(const struct payment *p)
{
	char m[MONEY_TEXT_MAX], title[256];
	money_format(p->amount, m);
	snprintf(title, sizeof(title), "%s：%s 帮扶金 %s 待登记签收", p->member_name, p->value_date,
		 m);
	json_t *j = item_json(&(struct item_base){"receipt", p->member_id, p->org_id, p->org_name,
						  p->member_name, title, NULL, 0});
	json_object_set_new(j, "case_id", json_integer(p->case_id));
	json_object_set_new(j, "payment_id", json_integer(p->id));
	return j;
}

/* An open pairing with no help record for PAIRING_STALE_DAYS (care.h):
 * due the day the interval ran out, so overdue. */
static json_t *pairing_todo_json(const struct pairing *p, char due[11])
{
	char title[512];
	pairing_due(p, due);
	snprintf(title, sizeof(title), "%s：结对帮扶超过 %d 天无帮扶记录（帮扶人%s）",
		 p->member_name, PAIRING_STALE_DAYS, p->helper_name);
	json_t *j = item_json(&(struct item_base){"pairing", p->member_id, p->org_id, p->org_name,
						  p->member_name, title, due, 1});
	json_object_set_new(j, "pairing_id", json_integer(p->id));
	return j;
}

/* A measure of a help plan still open past its due day (care.h). */
static json_t *plan_todo_json(const struct help_plan_due *d)
{
	char title[1200];
	snprintf(title, sizeof(title), "%s：帮扶计划措施「%s：%.120s」已过完成期限", d->member_name,
		 help_measure_kind_label(d->kind), d->target);
	json_t *j = item_json(&(struct item_base){"plan", d->member_id, d->org_id, d->org_name,
						  d->member_name, title, d->due_on, 1});
	json_object_set_new(j, "plan_id", json_integer(d->plan_id));
	json_object_set_new(j, "measure_id", json_integer(d->measure_id));
	return j;
}

/* An open visit task (a festival round's, or made by an event): due its
 * finish date, overdue after it. */
static json_t *visit_todo_json(const struct visit *v, const char *today)
{
	char title[512];
	if (v->round_title[0])
		snprintf(title, sizeof(title), "%s：%s待走访", v->member_name, v->round_title);
	else
		snprintf(title, sizeof(title), "%s：%s走访慰问待走访", v->member_name,
			 visit_occasion_label(v->occasion));
	json_t *j =
	    item_json(&(struct item_base){"visit", v->member_id, v->org_id, v->org_name,
					  v->member_name, title, v->due_on, visit_late(v, today)});
	json_object_set_new(j, "visit_id", json_integer(v->id));
	json_object_set_new(j, "round_id", id_or_null(v->round_id));
	return j;
}

/* A member not yet talked with this year, in the last quarter (care.h
 * care_talks_due): due on 31 December. */
static json_t *talk_todo_json(const struct care_talk_due *t, const char *due)
{
	char title[256];
	snprintf(title, sizeof(title), "%s：本年度尚未开展谈心谈话", t->member_name);
	return item_json(&(struct item_base){"talk", t->member_id, t->org_id, t->org_name,
					     t->member_name, title, due, 0});
}

/* A nomination waiting for the committee's review (commendations.h):
 * due when nominations close. */
static json_t *nomination_todo_json(const struct nomination *x)
{
	char title[512];
	snprintf(title, sizeof(title), "%s：%s提名待审核（%s推荐）", x->nominee_name,
		 honour_label(x->honour), x->org_name);
	json_t *j =
	    item_json(&(struct item_base){"nomination", x->member_id, x->org_id, x->org_name,
					  x->nominee_name, title, x->nominate_by, 0});
	json_object_set_new(j, "nomination_id", json_integer(x->id));
	json_object_set_new(j, "round_id", json_integer(x->round_id));
	return j;
}

/* Care is the branch's to keep up (issue #12): stale pairings, open visit
 * tasks, overdue plan measures, members not yet talked with. */
static int wants_care(const struct actor *a)
{
	return !strcmp(a->role, "branch");
}

/* The receipts are collected where the money is handed over: the
 * committees' and branches' lists. */
static int wants_receipts(const struct actor *a)
{
	return !strcmp(a->role, "committee") || !strcmp(a->role, "branch");
}

/* Everything on the caller's list: the procedure's items, overdue loan
 * instalments (every role that writes) and receipts to record. */
struct todo_all {
	struct case_todo *items;
	size_t n;
	struct case_todo_counts c;
	struct loan_overdue *loans;
	size_t nl;
	struct payment *rcpt;
	size_t nr;
	struct pairing *pairs; /* stale pairings, of npairs_total */
	size_t np;
	int64_t np_total;
	struct visit *visits; /* open visit tasks, of nv_total (nv_late late) */
	size_t nv;
	int64_t nv_total, nv_late;
	struct help_plan_due *plans; /* overdue measures of help plans */
	size_t npl;
	int64_t npl_total;
	struct care_talk_due *talks; /* in the last quarter: not talked with */
	size_t nt;
	int64_t nt_total;
	char talk_due[11];
	struct nomination *noms; /* the committee's nominations to review */
	size_t nn;
};

static void todo_release(struct todo_all *t)
{
	free(t->items);
	free(t->loans);
	free(t->rcpt);
	free(t->pairs);
	free(t->visits);
	free(t->plans);
	free(t->talks);
	free(t->noms);
}

/* The committee's nominations waiting for its review (only an open
 * round has any), each due on its round's last day of nominating. */
static int nominations_due(struct req *r, struct todo_all *t, struct bf_err *e)
{
	return nominations_list(&r->core, &r->actor, 0, "nominated", "", r->actor.org_id, &t->noms,
				&t->nn, e);
}

/* The branch's members not talked with this year, from October on. */
static int due_talks(struct req *r, struct todo_all *t, struct bf_err *e)
{
	int year = 0, due = 0;
	if (care_talks_due(&r->core, &r->actor, 0, CARE_TALKS_MAX, &year, &due, &t->talks, &t->nt,
			   &t->nt_total, e))
		return -1;
	snprintf(t->talk_due, sizeof(t->talk_due), "%04d-12-31", year);
	if (!due) { /* not yet the last quarter: nothing on the list */
		free(t->talks);
		t->talks = NULL;
		t->nt = 0;
		t->nt_total = 0;
	}
	return 0;
}

/* The branch's open visit tasks, soonest due first, and how many are
 * late. */
static int open_visits(struct req *r, struct todo_all *t, struct bf_err *e)
{
	struct visit_query q = {.pending = 1, .limit = VISIT_LIST_MAX};
	struct visit *none = NULL;
	size_t k = 0;
	if (visit_list(&r->core, &r->actor, &q, &t->visits, &t->nv, &t->nv_total, e))
		return -1;
	q.pending = 0;
	q.late = 1;
	q.limit = 1;
	int rc = visit_list(&r->core, &r->actor, &q, &none, &k, &t->nv_late, e);
	free(none);
	return rc;
}

static int stale_pairings(struct req *r, struct todo_all *t, struct bf_err *e)
{
	char before[11];
	struct pairing_query q = {.stale_before = before, .limit = 200};
	pairing_stale_before(before);
	return pairing_list(&r->core, &r->actor, 0, &q, &t->pairs, &t->np, &t->np_total, e);
}

/* 0, or -1 replied. */
static int todo_gather(struct req *r, int days, int counts_only, struct todo_all *t)
{
	struct bf_err e;
	memset(t, 0, sizeof(*t));
	if (case_todo(&r->core, &r->actor, days, counts_only ? NULL : &t->items, &t->n, &t->c,
		      &e) ||
	    (access_allowed(&r->actor, PERM_WRITE) &&
	     loan_overdue_list(&r->core, &r->actor, &t->loans, &t->nl, &e)) ||
	    (wants_receipts(&r->actor) &&
	     pay_receipts_missing(&r->core, &r->actor, &t->rcpt, &t->nr, &e)) ||
	    (wants_care(&r->actor) && stale_pairings(r, t, &e)) ||
	    (wants_care(&r->actor) && open_visits(r, t, &e)) ||
	    (wants_care(&r->actor) &&
	     help_plan_overdue(&r->core, &r->actor, 200, &t->plans, &t->npl, &t->npl_total, &e)) ||
	    (wants_care(&r->actor) && due_talks(r, t, &e)) ||
	    (!strcmp(r->actor.role, "committee") && nominations_due(r, t, &e))) {
		todo_release(t);
		reply_error(r, &e);
		return -1;
	}
	return 0;
}

/* Adds j to a (the whole list without a bell; with one, only the items
 * that ring, marked why); f (NULL: none) keeps the items of its kind, or
 * late (the list's ?kind= and ?overdue=). */
static void add_item(json_t *a, json_t *j, struct case_bell *b, const struct case_todo_filter *f,
		     int64_t since, const char *due)
{
	if (f && !case_todo_filter_keeps(f, json_string_value(json_object_get(j, "kind")),
					 json_is_true(json_object_get(j, "overdue")))) {
		json_decref(j);
		return;
	}
	int why = b ? case_bell_ring(b, since, due) : 0;
	if (b && !why) {
		json_decref(j);
		return;
	}
	if (b) {
		json_object_set_new(j, "new", json_boolean(why & CASE_BELL_NEW));
		json_object_set_new(j, "due_soon", json_boolean(why & CASE_BELL_DUE));
	}
	json_array_append_new(a, j);
}

/* Unix seconds at the start of the day an item without a creation time
 * came onto the list (a pairing gone stale, a measure overdue: their due
 * day; the yearly talk: 1 October, the last quarter), for the bell's "new"
 * (0 for a day that does not read). */
static int64_t day_since(const char *ymd, int from_quarter)
{
	struct ymd d;
	struct bf_err e;
	if (!ymd || date_parse(ymd, &d, NULL, "due_on", "到期日", &e))
		return 0;
	if (from_quarter)
		d = (struct ymd){d.y, 10, 1};
	return date_local_start(d);
}

/* The items in order: overdue first, then by due date; the loans (all
 * overdue, oldest first) merged among the overdue cases by date; the
 * receipts (no due date) last. */
static json_t *merge_items(const struct todo_all *t, int with_loans, struct case_bell *b,
			   const struct case_todo_filter *f)
{
	json_t *a = json_array();
	size_t k = 0, nl = with_loans ? t->nl : 0;
	for (size_t i = 0; i < t->n; i++) {
		const struct case_todo *x = &t->items[i];
		while (k < nl && (!x->overdue || !x->due_on[0] ||
				  strcmp(t->loans[k].due_on, x->due_on) < 0)) {
			add_item(a, loan_todo_json(&t->loans[k]), b, f, 0, t->loans[k].due_on);
			k++;
		}
		add_item(a, todo_json(x), b, f, x->since, x->due_on);
	}
	for (; k < nl; k++)
		add_item(a, loan_todo_json(&t->loans[k]), b, f, 0, t->loans[k].due_on);
	for (size_t i = 0; with_loans && i < t->nr; i++)
		add_item(a, receipt_todo_json(&t->rcpt[i]), b, f, t->rcpt[i].created_at, "");
	for (size_t i = 0; with_loans && i < t->np; i++) {
		char due[11];
		json_t *j = pairing_todo_json(&t->pairs[i], due);
		add_item(a, j, b, f, day_since(due, 0), due);
	}
	char today[11];
	date_format(date_today(), today);
	for (size_t i = 0; with_loans && i < t->nv; i++)
		add_item(a, visit_todo_json(&t->visits[i], today), b, f, t->visits[i].created_at,
			 t->visits[i].due_on);
	for (size_t i = 0; with_loans && i < t->npl; i++)
		add_item(a, plan_todo_json(&t->plans[i]), b, f, day_since(t->plans[i].due_on, 0),
			 t->plans[i].due_on);
	for (size_t i = 0; with_loans && i < t->nt; i++)
		add_item(a, talk_todo_json(&t->talks[i], t->talk_due), b, f,
			 day_since(t->talk_due, 1), t->talk_due);
	for (size_t i = 0; with_loans && i < t->nn; i++)
		add_item(a, nomination_todo_json(&t->noms[i]), b, f, t->noms[i].created_at,
			 t->noms[i].nominate_by);
	return a;
}

void h_todo(struct req *r)
{
	struct todo_all t;
	struct case_todo_filter f = {req_arg(r, "kind"), 0};
	struct bf_err e;
	int days, counts_only;
	if (req_int_arg(r, "notice_days", 3, 0, 366, &days) ||
	    req_int_arg(r, "counts_only", 0, 0, 1, &counts_only) ||
	    req_int_arg(r, "overdue", 0, 0, 1, &f.overdue))
		return;
	if (case_todo_filter_check(&f, &e)) {
		reply_error(r, &e);
		return;
	}
	if (todo_gather(r, days, counts_only, &t))
		return;
	/* the counts are of the whole list (the tabs), the items filtered */
	json_t *a = merge_items(&t, !counts_only, NULL, &f);
	const struct case_todo_counts *c = &t.c;
	json_t *counts = json_pack(
	    "{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
	    "nominations", (json_int_t)t.nn, "cases", (json_int_t)c->cases, "notices",
	    (json_int_t)c->notices, "objections", (json_int_t)c->objections, "paperwork",
	    (json_int_t)c->paperwork, "roll", (json_int_t)c->roll, "verification",
	    (json_int_t)c->verification, "roll_review", (json_int_t)c->roll_review, "loans",
	    (json_int_t)t.nl, "receipts", (json_int_t)t.nr, "pairings", (json_int_t)t.np_total,
	    "visits", (json_int_t)t.nv_total, "plans", (json_int_t)t.npl_total, "talks",
	    (json_int_t)t.nt_total, "overdue",
	    (json_int_t)(c->overdue + (int64_t)t.nl + t.np_total + t.nv_late + t.npl_total),
	    "total",
	    (json_int_t)(c->total + (int64_t)(t.nl + t.nr + t.nn) + t.np_total + t.nv_total +
			 t.npl_total + t.nt_total));
	todo_release(&t);
	reply_json(r, 200, json_pack("{s:o, s:o}", "items", a, "counts", counts));
}

#define BELL_ITEMS 10 /* the bell's short list; the count is of all */

void h_todo_bell(struct req *r)
{
	struct todo_all t;
	struct case_bell b;
	struct bf_err e;
	if (case_bell_open(&r->core, &r->actor, &b, &e)) {
		reply_error(r, &e);
		return;
	}
	if (todo_gather(r, CASE_BELL_WORKING_DAYS, 0, &t))
		return;
	json_t *a = merge_items(&t, 1, &b, NULL);
	todo_release(&t);
	while (json_array_size(a) > BELL_ITEMS)
		json_array_remove(a, json_array_size(a) - 1);
	reply_json(r, 200,
		   json_pack("{s:I, s:I, s:I, s:o, s:s, s:o}", "count", (json_int_t)b.count, "new",
			     (json_int_t)b.fresh, "due_soon", (json_int_t)b.due, "seen_at",
			     b.seen_at ? json_time(b.seen_at) : json_null(), "horizon", b.horizon,
			     "items", a));
}

void h_todo_seen(struct req *r)
{
	int64_t at;
	struct bf_err e;
	if (case_bell_seen(&r->core, &r->actor, &at, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_json(r, 200, json_pack("{s:o}", "seen_at", json_time(at)));
}
