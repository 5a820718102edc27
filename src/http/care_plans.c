/* care_plans.c - /api/v1/help-plans and /api/v1/plan-measures: help plans
 * (帮扶计划 / 脱贫规划, issue #12; care.h "help plans"): the list with its
 * filters, a plan with its measures, their progress notes and its reviews,
 * creation with the checklist, the goal's change, a measure added or
 * changed at the field (optimistic locking by version), a progress note, a
 * review noted at a June or November review of the roll; the organisation's
 * view (per branch, and who has no plan); a member's plans with the hint
 * for a 低保/五保 referral.  Every rule is the core's: this file turns JSON
 * into the structs of care_model.h and back. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "care.h"
#include "cases.h"
#include "date.h"
#include "internal.h"
#include "wrapper.h"

static json_t *note_json(const struct help_plan_note *x)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:o}", "id", (json_int_t)x->id, "noted_on",
			 x->noted_on, "text", x->text, "created_by_name", x->created_by_name,
			 "created_at", json_time(x->created_at));
}

static json_t *measure_json(const struct help_plan_measure *m)
{
	json_t *j = json_object(), *a = json_array();
	json_object_set_new(j, "id", json_integer(m->id));
	json_object_set_new(j, "plan_id", json_integer(m->plan_id));
	json_object_set_new(j, "kind", jstr(m->kind));
	json_object_set_new(j, "kind_label", jstr(help_measure_kind_label(m->kind)));
	json_object_set_new(j, "project_kind", jstr(m->project_kind));
	json_object_set_new(j, "project_kind_label",
			    jstr(help_project_kind_label(m->project_kind)));
	json_object_set_new(j, "security_kind", jstr(m->security_kind));
	json_object_set_new(j, "security_kind_label",
			    jstr(help_security_kind_label(m->security_kind)));
	json_object_set_new(j, "loan_id", m->loan_id ? json_integer(m->loan_id) : json_null());
	json_object_set_new(j, "loan_principal",
			    m->loan_id ? json_integer(m->loan_principal) : json_null());
	json_object_set_new(j, "loan_status", jstr(m->loan_status));
	json_object_set_new(j, "target", jstr(m->target));
	json_object_set_new(j, "due_on", jdate(m->due_on));
	json_object_set_new(j, "status", jstr(m->status));
	json_object_set_new(j, "status_label", jstr(help_measure_status_label(m->status)));
	json_object_set_new(j, "note", jstr(m->note));
	json_object_set_new(j, "done_on", jdate(m->done_on));
	json_object_set_new(j, "overdue", json_boolean(m->overdue));
	json_object_set_new(j, "updated_at", json_time(m->updated_at));
	json_object_set_new(j, "version", json_integer(m->version));
	for (size_t i = 0; i < m->nnotes; i++)
		json_array_append_new(a, note_json(&m->notes[i]));
	json_object_set_new(j, "notes", a);
	return j;
}

static json_t *review_json(const struct help_plan_review *r)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:i, s:s, s:s, s:i, s:i, s:s, s:o}", "id",
			 (json_int_t)r->id, "review_id", (json_int_t)r->review_id, "review_title",
			 r->review_title, "review_kind", r->review_kind, "review_year",
			 r->review_year, "progress", r->progress, "next_steps", r->next_steps,
			 "done", r->done, "total", r->total, "created_by_name", r->created_by_name,
			 "created_at", json_time(r->created_at));
}

static json_t *plan_json(const struct help_plan *p)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(p->id));
	json_object_set_new(j, "member_id", json_integer(p->member_id));
	json_object_set_new(j, "member_name", jstr(p->member_name));
	json_object_set_new(j, "org_id", json_integer(p->org_id));
	json_object_set_new(j, "org_name", jstr(p->org_name));
	json_object_set_new(j, "roll_entry_id", json_integer(p->roll_entry_id));
	json_object_set_new(j, "category", jstr(p->category));
	json_object_set_new(j, "category_label", jstr(roll_category_label(p->category)));
	json_object_set_new(j, "year", json_integer(p->year));
	json_object_set_new(j, "goal", jstr(p->goal));
	json_object_set_new(j, "measures", json_integer(p->measures));
	json_object_set_new(j, "done", json_integer(p->done));
	json_object_set_new(j, "dropped", json_integer(p->dropped));
	json_object_set_new(j, "overdue", json_integer(p->overdue));
	json_object_set_new(j, "next_due_on", jdate(p->next_due_on));
	json_object_set_new(j, "created_at", json_time(p->created_at));
	json_object_set_new(j, "updated_at", json_time(p->updated_at));
	json_object_set_new(j, "version", json_integer(p->version));
	return j;
}

static void reply_plan(struct req *r, int status, int64_t id)
{
	struct help_plan *p = xcalloc(1, sizeof(*p));
	struct bf_err e;
	if (help_plan_get(&r->core, &r->actor, id, p, &e)) {
		free(p);
		reply_error(r, &e);
		return;
	}
	json_t *j = plan_json(p), *ms = json_array(), *rs = json_array();
	for (size_t i = 0; i < p->nmeasures; i++)
		json_array_append_new(ms, measure_json(&p->m[i]));
	for (size_t i = 0; i < p->nreviews; i++)
		json_array_append_new(rs, review_json(&p->reviews[i]));
	json_object_set_new(j, "items", ms);
	json_object_set_new(j, "reviews", rs);
	help_plan_release(p);
	free(p);
	reply_json(r, status, j);
}

void h_help_plans_list(struct req *r)
{
	struct help_plan_query q;
	struct help_plan *items = NULL;
	size_t n = 0;
	int64_t total = 0, org = 0;
	int page, size;
	struct bf_err e;
	memset(&q, 0, sizeof(q));
	if (req_int_arg(r, "page", 1, 1, 1000000, &page) ||
	    req_int_arg(r, "size", 20, 1, 200, &size) || req_id_arg(r, "org", &org) ||
	    req_id_arg(r, "member", &q.member_id) || req_int_arg(r, "year", 0, 0, 2100, &q.year) ||
	    req_int_arg(r, "overdue", 0, 0, 1, &q.overdue))
		return;
	q.offset = (page - 1) * size;
	q.limit = size;
	if (help_plan_list(&r->core, &r->actor, org, &q, &items, &n, &total, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, plan_json(&items[i]));
	free(items);
	reply_page(r, a, total, page, size);
}

/* A measure's fields from o; field names of row (-1: none) on error. */
static int measure_body(json_t *o, struct help_plan_measure *m, int row, struct bf_err *e)
{
	static const char *const keys[] = {"kind",    "project_kind", "security_kind",
					   "loan_id", "target",	      "due_on",
					   "status",  "note",	      NULL};
	int rc = json_only_keys(o, keys, e) ||
		 json_get_str(o, "kind", m->kind, sizeof(m->kind), "措施类别", e) ||
		 json_get_str(o, "project_kind", m->project_kind, sizeof(m->project_kind),
			      "项目类型", e) ||
		 json_get_str(o, "security_kind", m->security_kind, sizeof(m->security_kind),
			      "保障类型", e) ||
		 json_get_int(o, "loan_id", &m->loan_id, "创业借款", e) ||
		 json_get_str(o, "target", m->target, sizeof(m->target), "措施目标", e) ||
		 json_get_date(o, "due_on", m->due_on, "完成期限", e) ||
		 json_get_str(o, "status", m->status, sizeof(m->status), "进展", e) ||
		 json_get_str(o, "note", m->note, sizeof(m->note), "进展说明", e);
	if (rc && row >= 0 && e->field[0]) {
		char f[64];
		snprintf(f, sizeof(f), "measures[%d].%.40s", row, e->field);
		snprintf(e->field, sizeof(e->field), "%s", f);
	}
	return rc ? -1 : 0;
}

/* The measures array of a new plan into p (0, or -1 with e). */
static int measures_body(json_t *a, struct help_plan *p, struct bf_err *e)
{
	if (!a || json_is_null(a))
		return 0;
	if (!json_is_array(a) || json_array_size(a) > HELP_PLAN_MEASURES_MAX)
		return err_set(e, EC_INVALID, "measures", "帮扶措施应为列表，且不超过%d项",
			       HELP_PLAN_MEASURES_MAX);
	p->nmeasures = json_array_size(a);
	p->m = xcalloc(p->nmeasures ? p->nmeasures : 1, sizeof(*p->m));
	for (size_t i = 0; i < p->nmeasures; i++) {
		json_t *o = json_array_get(a, i);
		if (!json_is_object(o))
			return err_set(e, EC_INVALID, "measures",
				       "每项帮扶措施应包含类别、目标和期限");
		if (measure_body(o, &p->m[i], (int)i, e))
			return -1;
	}
	return 0;
}

void h_help_plans_create(struct req *r)
{
	static const char *const keys[] = {"member_id", "year", "goal", "measures", NULL};
	struct help_plan *in = xcalloc(1, sizeof(*in));
	int64_t year = 0, id = 0;
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j) {
		free(in);
		return;
	}
	int rc = json_only_keys(j, keys, &e) ||
		 json_get_int(j, "member_id", &in->member_id, "帮扶对象", &e) ||
		 json_get_int(j, "year", &year, "计划年度", &e) ||
		 json_get_str(j, "goal", in->goal, sizeof(in->goal), "帮扶目标", &e) ||
		 measures_body(json_object_get(j, "measures"), in, &e);
	json_decref(j);
	if (!rc && (year < 0 || year > 2100))
		rc = err_set(&e, EC_INVALID, "year", "计划年度应在2000至2100年之间");
	in->year = (int)year;
	if (rc || help_plan_create(&r->core, &r->actor, in, &id, &e))
		reply_error(r, &e);
	else
		reply_plan(r, 201, id);
	free(in->m);
	free(in);
}

void h_help_plan_get(struct req *r)
{
	reply_plan(r, 200, r->id);
}

void h_help_plan_patch(struct req *r)
{
	static const char *const keys[] = {"goal", "version", NULL};
	char goal[TEXT_BYTES(TF_PLAN_GOAL_MAX) + 4] = "";
	int64_t version = 0;
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j)
		return;
	int rc = json_only_keys(j, keys, &e) ||
		 json_get_str(j, "goal", goal, sizeof(goal), "帮扶目标", &e) ||
		 json_get_int(j, "version", &version, "版本", &e);
	json_decref(j);
	if (rc || help_plan_update(&r->core, &r->actor, r->id, goal, version, &e))
		reply_error(r, &e);
	else
		reply_plan(r, 200, r->id);
}

void h_help_plan_measure_add(struct req *r)
{
	struct help_plan_measure *m = xcalloc(1, sizeof(*m));
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j) {
		free(m);
		return;
	}
	int rc = measure_body(j, m, -1, &e);
	json_decref(j);
	if (rc || help_measure_add(&r->core, &r->actor, r->id, m, &e))
		reply_error(r, &e);
	else
		reply_plan(r, 201, m->plan_id);
	free(m);
}

/* PATCH /plan-measures/{id}: only the keys sent change; the answer is
 * the whole plan (its counts and the measure's new version). */
void h_plan_measure_patch(struct req *r)
{
	static const char *const keys[] = {"target",  "due_on",	      "status",
					   "note",    "project_kind", "security_kind",
					   "loan_id", "version",      NULL};
	struct help_plan_measure *m = xcalloc(1, sizeof(*m));
	struct help_measure_patch p;
	int64_t plan = 0;
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j) {
		free(m);
		return;
	}
	memset(&p, 0, sizeof(p));
	int rc = json_only_keys(j, keys, &e) ||
		 json_get_str(j, "target", m->target, sizeof(m->target), "措施目标", &e) ||
		 json_get_date(j, "due_on", m->due_on, "完成期限", &e) ||
		 json_get_str(j, "status", m->status, sizeof(m->status), "进展", &e) ||
		 json_get_str(j, "note", m->note, sizeof(m->note), "进展说明", &e) ||
		 json_get_str(j, "project_kind", m->project_kind, sizeof(m->project_kind),
			      "项目类型", &e) ||
		 json_get_str(j, "security_kind", m->security_kind, sizeof(m->security_kind),
			      "保障类型", &e) ||
		 json_get_int(j, "loan_id", &m->loan_id, "创业借款", &e) ||
		 json_get_int(j, "version", &p.version, "版本", &e);
	if (!rc) {
		p.target = json_object_get(j, "target") ? m->target : NULL;
		p.due_on = json_object_get(j, "due_on") ? m->due_on : NULL;
		p.status = json_object_get(j, "status") ? m->status : NULL;
		p.note = json_object_get(j, "note") ? m->note : NULL;
		p.project_kind = json_object_get(j, "project_kind") ? m->project_kind : NULL;
		p.security_kind = json_object_get(j, "security_kind") ? m->security_kind : NULL;
		p.has_loan = json_object_get(j, "loan_id") != NULL;
		p.loan_id = m->loan_id;
	}
	json_decref(j);
	if (rc || help_measure_update(&r->core, &r->actor, r->id, &p, &plan, &e))
		reply_error(r, &e);
	else
		reply_plan(r, 200, plan);
	free(m);
}

void h_plan_measure_note(struct req *r)
{
	static const char *const keys[] = {"noted_on", "text", NULL};
	struct help_plan_note *x = xcalloc(1, sizeof(*x));
	int64_t plan = 0;
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j) {
		free(x);
		return;
	}
	int rc = json_only_keys(j, keys, &e) ||
		 json_get_date(j, "noted_on", x->noted_on, "记录日期", &e) ||
		 json_get_str(j, "text", x->text, sizeof(x->text), "进展记录", &e);
	json_decref(j);
	if (rc || help_note_add(&r->core, &r->actor, r->id, x, &plan, &e))
		reply_error(r, &e);
	else
		reply_plan(r, 201, plan);
	free(x);
}

void h_help_plan_review(struct req *r)
{
	static const char *const keys[] = {"review_id", "progress", "next_steps", NULL};
	struct help_plan_review *x = xcalloc(1, sizeof(*x));
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j) {
		free(x);
		return;
	}
	int rc =
	    json_only_keys(j, keys, &e) ||
	    json_get_int(j, "review_id", &x->review_id, "台账动态调整", &e) ||
	    json_get_str(j, "progress", x->progress, sizeof(x->progress), "复核进展", &e) ||
	    json_get_str(j, "next_steps", x->next_steps, sizeof(x->next_steps), "下一步打算", &e);
	json_decref(j);
	if (rc || help_review_add(&r->core, &r->actor, r->id, x, &e))
		reply_error(r, &e);
	else
		reply_plan(r, 201, r->id);
	free(x);
}

static json_t *org_json(const struct help_plan_org *o)
{
	return json_pack("{s:I, s:s, s:I, s:I, s:I, s:I, s:I, s:I}", "org_id",
			 (json_int_t)o->org_id, "org_name", o->org_name, "on_roll",
			 (json_int_t)o->on_roll, "with_plan", (json_int_t)o->with_plan,
			 "without_plan", (json_int_t)(o->on_roll - o->with_plan), "measures",
			 (json_int_t)o->measures, "done", (json_int_t)o->done, "overdue",
			 (json_int_t)o->overdue);
}

/* GET /help-plan-coverage: the organisation's view of a year — per branch
 * and in all, and a page of the members on the roll without a plan. */
void h_help_plan_coverage(struct req *r)
{
	struct help_plan_org *orgs = NULL;
	struct help_plan_gap *gaps = NULL;
	struct help_plan_org sum;
	size_t no = 0, ng = 0;
	int64_t org = 0, total = 0;
	int page, size, year;
	struct bf_err e;
	if (req_int_arg(r, "page", 1, 1, 1000000, &page) ||
	    req_int_arg(r, "size", 20, 1, 200, &size) || req_id_arg(r, "org", &org) ||
	    req_int_arg(r, "year", 0, 0, 2100, &year))
		return;
	if (!year)
		year = date_today().y;
	if (help_plan_orgs(&r->core, &r->actor, org, year, &orgs, &no, &e) ||
	    help_plan_gaps(&r->core, &r->actor, org, year, (page - 1) * size, size, &gaps, &ng,
			   &total, &e)) {
		free(orgs);
		reply_error(r, &e);
		return;
	}
	memset(&sum, 0, sizeof(sum));
	json_t *a = json_array(), *g = json_array();
	for (size_t i = 0; i < no; i++) {
		json_array_append_new(a, org_json(&orgs[i]));
		sum.on_roll += orgs[i].on_roll;
		sum.with_plan += orgs[i].with_plan;
		sum.measures += orgs[i].measures;
		sum.done += orgs[i].done;
		sum.overdue += orgs[i].overdue;
	}
	for (size_t i = 0; i < ng; i++)
		json_array_append_new(
		    g,
		    json_pack("{s:I, s:I, s:s, s:I, s:s, s:s, s:s, s:s}", "member_id",
			      (json_int_t)gaps[i].member_id, "roll_entry_id",
			      (json_int_t)gaps[i].roll_entry_id, "member_name", gaps[i].member_name,
			      "org_id", (json_int_t)gaps[i].org_id, "org_name", gaps[i].org_name,
			      "category", gaps[i].category, "category_label",
			      roll_category_label(gaps[i].category), "since_on", gaps[i].since_on));
	free(orgs);
	free(gaps);
	json_t *j = org_json(&sum);
	json_object_del(j, "org_id");
	json_object_del(j, "org_name");
	json_object_set_new(j, "year", json_integer(year));
	json_object_set_new(j, "orgs", a);
	json_object_set_new(j, "items", g);
	json_object_set_new(j, "total", json_integer(total));
	json_object_set_new(j, "page", json_integer(page));
	json_object_set_new(j, "size", json_integer(size));
	reply_json(r, 200, j);
}

/* GET /members/{id}/help-plans: the member's plans (newest year first),
 * and whether the form suggests a referral to 低保/五保. */
void h_member_help_plans(struct req *r)
{
	struct help_plan_query q = {.member_id = r->id, .limit = 50};
	struct help_plan *items = NULL;
	struct help_security_hint h;
	size_t n = 0;
	int64_t total = 0;
	struct bf_err e;
	if (help_security_hint(&r->core, &r->actor, r->id, &h, &e) ||
	    help_plan_list(&r->core, &r->actor, 0, &q, &items, &n, &total, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, plan_json(&items[i]));
	free(items);
	reply_json(r, 200,
		   json_pack("{s:o, s:b, s:b, s:s, s:o, s:b}", "items", a, "on_roll", h.on_roll,
			     "security_suggested", h.suggested, "category", h.category, "age",
			     h.age >= 0 ? json_integer(h.age) : json_null(), "may_write",
			     access_allowed(&r->actor, PERM_WRITE)));
}
