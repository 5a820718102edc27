/* plans.c - help plans (帮扶计划 / 脱贫规划), issue #12 (care.h; docs/
 * internals/care.md).  One plan per member on the roll and year, kept by
 * the member's branch; its measures are the documents' checklist (a
 * project 宜农则农、宜工则工、宜商则商, skills training, start-up capital
 * linked to a start-up loan of the fund, market information, job referral,
 * referral to 低保 or 五保), each with a target, a due day and its progress;
 * each June and November review of the roll notes the plan's progress and
 * next steps.  Writes are audited on the object help_plan: plan_create,
 * plan_update, plan_measure_add, plan_measure_update, plan_note_add,
 * plan_review. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "care.h"
#include "core/common/common.h"
#include "store.h"
#include "store_care.h"
#include "store_payments.h"
#include "store_roll.h"
#include "store_roll_review.h"
#include "strbuf.h"
#include "text.h"
#include "wrapper.h"

static const char *const KINDS[] = {"project", "training", "capital", "market",
				    "job",     "security", NULL};
static const char *const KIND_LABELS[] = {"发展项目", "技能培训", "创业资金", "市场信息",
					  "就业推荐", "低保五保", NULL};
static const char *const PROJECTS[] = {"farming", "industry", "commerce", NULL};
static const char *const PROJECT_LABELS[] = {"宜农则农", "宜工则工", "宜商则商", NULL};
static const char *const SECURITY[] = {"dibao", "wubao", NULL};
static const char *const SECURITY_LABELS[] = {"纳入低保", "纳入五保", NULL};
static const char *const STATUSES[] = {"todo", "doing", "done", "dropped", NULL};
static const char *const STATUS_LABELS[] = {"未开始", "进行中", "已完成", "已放弃", NULL};

static const char *label_of(const char *code, const char *const *codes, const char *const *labels)
{
	for (int i = 0; code && codes[i]; i++)
		if (!strcmp(code, codes[i]))
			return labels[i];
	return "";
}

const char *help_measure_kind_label(const char *kind)
{
	return label_of(kind, KINDS, KIND_LABELS);
}

const char *help_project_kind_label(const char *code)
{
	return label_of(code, PROJECTS, PROJECT_LABELS);
}

const char *help_security_kind_label(const char *code)
{
	return label_of(code, SECURITY, SECURITY_LABELS);
}

const char *help_measure_status_label(const char *status)
{
	return label_of(status, STATUSES, STATUS_LABELS);
}

void help_plan_release(struct help_plan *p)
{
	for (size_t i = 0; i < p->nmeasures; i++)
		free(p->m[i].notes);
	free(p->m);
	free(p->reviews);
	p->m = NULL;
	p->reviews = NULL;
	p->nmeasures = p->nreviews = 0;
}

static int audit(struct db *db, const struct actor *a, const char *action,
		 const struct help_plan *p, const char *extra, struct bf_err *e)
{
	struct strbuf d = STRBUF_INIT;
	strbuf_addf(&d, "{\"member_id\":%" PRId64 ",\"org_id\":%" PRId64 ",\"year\":%d",
		    p->member_id, p->org_id, p->year);
	if (extra && *extra)
		strbuf_addf(&d, ",%s", extra);
	strbuf_addch(&d, '}');
	int rc = audit_record(db, a, action, "help_plan", p->id, d.buf, e);
	strbuf_release(&d);
	return rc;
}

static int read_tx(struct db *db, const struct actor *a, int64_t id, struct help_plan *out,
		   struct bf_err *e)
{
	char today[CASE_DATE_LEN];
	core_today(today);
	enum db_qs qs = store_help_plan_get(db, id, today, out, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE || !access_in_scope(a, out->org_path))
		return err_set(e, EC_NOT_FOUND, "id", "帮扶计划不存在");
	return 0;
}

/* ------------------------------------------------------------------ */
/* A measure's fields                                                  */

/* field of row (-1: the measure itself) into out: "measures[2].target". */
static const char *at(char out[48], int row, const char *field)
{
	if (row < 0)
		return field;
	snprintf(out, 48, "measures[%d].%s", row, field);
	return out;
}

/* The linked loan: a start-up loan to the plan's member the actor sees. */
static int check_loan(struct db *db, const struct actor *a, const struct help_plan *p,
		      int64_t loan_id, const char *field, struct bf_err *e)
{
	struct loan *l = xcalloc(1, sizeof(*l));
	enum db_qs qs = store_loan_get(db, loan_id, l, e);
	int rc = CORE_QS(qs);
	if (!rc && (qs == DB_NONE || l->member_id != p->member_id ||
		    !(access_in_scope(a, l->org_path) || access_in_scope(a, l->member_path))))
		rc =
		    err_set(e, EC_NOT_FOUND, field, "创业借款不存在或不是%s的借款", p->member_name);
	free(l->inst);
	free(l);
	return rc;
}

/* The due day: a day of the plan's year. */
static int check_due(const char *in, int year, char out[CASE_DATE_LEN], const char *field,
		     struct bf_err *e)
{
	if (core_date(in, out, 1, field, "完成期限", e))
		return -1;
	if (strtol(out, NULL, 10) != year)
		return err_set(e, EC_INVALID, field, "完成期限应在%d年内", year);
	return 0;
}

/* Checks m (a new measure, row of the form or -1) against the plan p. */
static int check_measure(struct db *db, const struct actor *a, const struct help_plan *p,
			 struct help_plan_measure *m, int row, struct bf_err *e)
{
	char f[48], due[CASE_DATE_LEN];
	if (!m->kind[0])
		return err_set(e, EC_MISSING, at(f, row, "kind"), "请选择措施类别");
	if (!core_one_of(m->kind, KINDS))
		return err_set(
		    e, EC_INVALID, at(f, row, "kind"),
		    "措施类别应为发展项目、技能培训、创业资金、市场信息、就业推荐或低保五保");
	if (!strcmp(m->kind, "project") ? !core_one_of(m->project_kind, PROJECTS)
					: m->project_kind[0] != '\0')
		return err_set(e, EC_INVALID, at(f, row, "project_kind"),
			       !strcmp(m->kind, "project")
				   ? "请选择项目类型：宜农则农、宜工则工或宜商则商"
				   : "只有发展项目有项目类型");
	if (!strcmp(m->kind, "security") ? !core_one_of(m->security_kind, SECURITY)
					 : m->security_kind[0] != '\0')
		return err_set(e, EC_INVALID, at(f, row, "security_kind"),
			       !strcmp(m->kind, "security") ? "请选择纳入低保或纳入五保"
							    : "只有低保五保措施有保障类型");
	if (m->loan_id && strcmp(m->kind, "capital"))
		return err_set(e, EC_INVALID, at(f, row, "loan_id"), "只有创业资金措施可关联借款");
	if (m->loan_id && check_loan(db, a, p, m->loan_id, at(f, row, "loan_id"), e))
		return -1;
	if (text_field_at(m->target, TF_PLAN_TARGET, 1, at(f, row, "target"), e))
		return -1;
	if (check_due(m->due_on, p->year, due, at(f, row, "due_on"), e))
		return -1;
	snprintf(m->due_on, sizeof(m->due_on), "%s", due);
	if (!m->status[0])
		snprintf(m->status, sizeof(m->status), "todo");
	if (!core_one_of(m->status, STATUSES))
		return err_set(e, EC_INVALID, at(f, row, "status"),
			       "进展应为未开始、进行中、已完成或已放弃");
	if (text_field_at(m->note, TF_PLAN_STATUS_NOTE, !strcmp(m->status, "dropped"),
			  at(f, row, "note"), e))
		return -1;
	if (!strcmp(m->status, "done") && !m->done_on[0])
		core_today(m->done_on);
	if (strcmp(m->status, "done"))
		m->done_on[0] = '\0';
	return 0;
}

static int insert_measure(struct db *db, const struct actor *a, const struct help_plan *p,
			  struct help_plan_measure *m, struct bf_err *e)
{
	char extra[160];
	m->plan_id = p->id;
	m->created_by = a->user_id;
	m->created_at = 0;
	int rc = CORE_QS(store_help_measure_insert(db, m, e));
	if (rc)
		return rc;
	snprintf(extra, sizeof(extra),
		 "\"measure_id\":%" PRId64 ",\"kind\":\"%s\",\"due_on\":\"%s\",\"status\":\"%s\"",
		 m->id, m->kind, m->due_on, m->status);
	if (m->loan_id)
		snprintf(extra + strlen(extra), sizeof(extra) - strlen(extra),
			 ",\"loan_id\":%" PRId64, m->loan_id);
	return audit(db, a, "plan_measure_add", p, extra, e);
}

/* ------------------------------------------------------------------ */
/* Creation                                                            */

struct create_ctx {
	const struct actor *a;
	const struct help_plan *in;
	int64_t id;
};

/* The member in scope and on the roll: p's member, branch and entry. */
static int plan_member(struct db *db, const struct actor *a, struct help_plan *p, struct bf_err *e)
{
	struct member *m = xcalloc(1, sizeof(*m));
	struct roll_entry *r = xcalloc(1, sizeof(*r));
	enum db_qs qs = store_member_get(db, p->member_id, m, e);
	int rc = CORE_QS(qs);
	if (!rc && (qs == DB_NONE || !access_in_scope(a, m->org_path)))
		rc = err_set(e, EC_NOT_FOUND, "member_id", "党员不存在或不在您的管辖范围内");
	if (!rc && (rc = CORE_QS(qs = store_roll_open_of(db, m->id, r, e))) == 0 &&
	    (qs == DB_NONE || (strcmp(r->status, "active") && strcmp(r->status, "exiting"))))
		rc = err_set(e, EC_CONFLICT, "member_id", "%s不在困难党员台账中，不能制定帮扶计划",
			     m->name);
	if (!rc) {
		p->org_id = m->org_id;
		p->roll_entry_id = r->id;
		snprintf(p->member_name, sizeof(p->member_name), "%s", m->name);
	}
	member_free(m);
	free(r);
	return rc;
}

static int create_fn(struct db *db, void *arg, struct bf_err *e)
{
	struct create_ctx *cx = arg;
	struct help_plan *p = xcalloc(1, sizeof(*p));
	struct help_plan_measure *ms = NULL;
	size_t n = cx->in->nmeasures;
	int64_t dup = 0;
	char today[CASE_DATE_LEN], extra[64];
	int rc;

	core_today(today);
	p->member_id = cx->in->member_id;
	p->year = cx->in->year ? cx->in->year : (int)strtol(today, NULL, 10);
	snprintf(p->goal, sizeof(p->goal), "%s", cx->in->goal);
	if (!p->member_id) {
		rc = err_set(e, EC_MISSING, "member_id", "请选择帮扶对象");
		goto out;
	}
	if (p->year < 2000 || p->year > 2100) {
		rc = err_set(e, EC_INVALID, "year", "计划年度应在2000至2100年之间");
		goto out;
	}
	if ((rc = plan_member(db, cx->a, p, e)))
		goto out;
	if ((rc = CORE_QS(store_help_plan_find(db, p->member_id, p->year, &dup, e))))
		goto out;
	if (dup) {
		rc = err_set(e, EC_CONFLICT, "year", "%s的%d年帮扶计划已制定", p->member_name,
			     p->year);
		goto out;
	}
	if (text_field(p->goal, TF_PLAN_GOAL, 1, e)) {
		rc = -1;
		goto out;
	}
	if (!n) {
		rc = err_set(e, EC_MISSING, "measures", "请至少填写一项帮扶措施");
		goto out;
	}
	if (n > HELP_PLAN_MEASURES_MAX) {
		rc = err_set(e, EC_INVALID, "measures", "帮扶措施不能超过%d项",
			     HELP_PLAN_MEASURES_MAX);
		goto out;
	}
	ms = xcalloc(n, sizeof(*ms));
	memcpy(ms, cx->in->m, n * sizeof(*ms));
	for (size_t i = 0; i < n; i++)
		if ((rc = check_measure(db, cx->a, p, &ms[i], (int)i, e)))
			goto out;
	p->created_by = cx->a->user_id;
	if ((rc = CORE_QS(store_help_plan_insert(db, p, e))))
		goto out;
	snprintf(extra, sizeof(extra), "\"measures\":%zu", n);
	if ((rc = audit(db, cx->a, "plan_create", p, extra, e)))
		goto out;
	for (size_t i = 0; i < n && !rc; i++)
		rc = insert_measure(db, cx->a, p, &ms[i], e);
	cx->id = p->id;
out:
	free(ms);
	free(p);
	return rc;
}

int help_plan_create(struct core *c, const struct actor *a, const struct help_plan *in, int64_t *id,
		     struct bf_err *e)
{
	struct create_ctx cx = {.a = a, .in = in};
	if (core_need_write(a, "帮扶计划", e))
		return -1;
	int rc = db_run_tx(c->db, "plan_create", 1, create_fn, &cx, e);
	if (!rc && id)
		*id = cx.id;
	return rc;
}

/* ------------------------------------------------------------------ */
/* Reading                                                             */

/* Hands the plan's notes to their measures (both newest first). */
static void notes_to_measures(struct help_plan *p, struct help_plan_note *notes, size_t n)
{
	for (size_t i = 0; i < p->nmeasures; i++) {
		struct help_plan_measure *m = &p->m[i];
		for (size_t k = 0; k < n; k++)
			if (notes[k].measure_id == m->id)
				m->nnotes++;
		if (!m->nnotes)
			continue;
		m->notes = xcalloc(m->nnotes, sizeof(*m->notes));
		size_t j = 0;
		for (size_t k = 0; k < n; k++)
			if (notes[k].measure_id == m->id)
				m->notes[j++] = notes[k];
	}
}

struct get_ctx {
	const struct actor *a;
	int64_t id;
	struct help_plan *out;
};

static int get_fn(struct db *db, void *arg, struct bf_err *e)
{
	struct get_ctx *g = arg;
	struct help_plan_note *notes = NULL;
	size_t nn = 0;
	char today[CASE_DATE_LEN];
	help_plan_release(g->out);
	int rc = read_tx(db, g->a, g->id, g->out, e);
	core_today(today);
	if (!rc)
		rc = CORE_QS(
		    store_help_measures(db, g->id, today, &g->out->m, &g->out->nmeasures, e));
	if (!rc)
		rc = CORE_QS(store_help_notes(db, g->id, &notes, &nn, e));
	if (!rc)
		notes_to_measures(g->out, notes, nn);
	free(notes);
	if (!rc)
		rc = CORE_QS(store_help_reviews(db, g->id, &g->out->reviews, &g->out->nreviews, e));
	return rc;
}

int help_plan_get(struct core *c, const struct actor *a, int64_t id, struct help_plan *out,
		  struct bf_err *e)
{
	struct get_ctx g = {.a = a, .id = id, .out = out};
	memset(out, 0, sizeof(*out));
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	int rc = db_run_tx(c->db, "plan_get", 0, get_fn, &g, e);
	if (rc)
		help_plan_release(out);
	return rc;
}

static int org_path_of(struct db *db, const struct actor *a, int64_t org_id, char path[256],
		       struct bf_err *e)
{
	path[0] = '\0';
	if (!org_id)
		return 0;
	struct org o;
	memset(&o, 0, sizeof(o));
	int rc = core_org_read(db, a, org_id, "org", &o, e);
	if (!rc)
		snprintf(path, 256, "%s", o.path);
	return rc;
}

struct list_ctx {
	const struct actor *a;
	int64_t org_id;
	int year, offset, limit;
	struct help_plan_query *q;
	void **items;
	size_t *n;
	int64_t *total;
};

static int list_fn(struct db *db, void *arg, struct bf_err *e)
{
	struct list_ctx *l = arg;
	char path[256], today[CASE_DATE_LEN];
	int rc = org_path_of(db, l->a, l->org_id, path, e);
	if (rc)
		return rc;
	core_today(today);
	l->q->scope_path = l->a->org_path;
	l->q->org_path = path;
	l->q->today = today;
	return CORE_QS(
	    store_help_plan_list(db, l->q, (struct help_plan **)l->items, l->n, l->total, e));
}

int help_plan_list(struct core *c, const struct actor *a, int64_t org_id, struct help_plan_query *q,
		   struct help_plan **items, size_t *n, int64_t *total, struct bf_err *e)
{
	struct list_ctx l = {
	    .a = a, .org_id = org_id, .q = q, .items = (void **)items, .n = n, .total = total};
	*items = NULL;
	*n = 0;
	*total = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	return db_run_tx(c->db, "plan_list", 0, list_fn, &l, e);
}

static int orgs_fn(struct db *db, void *arg, struct bf_err *e)
{
	struct list_ctx *l = arg;
	char path[256], today[CASE_DATE_LEN];
	int rc = org_path_of(db, l->a, l->org_id, path, e);
	if (rc)
		return rc;
	core_today(today);
	return CORE_QS(store_help_plan_orgs(db, l->a->org_path, path, l->year, today,
					    (struct help_plan_org **)l->items, l->n, e));
}

int help_plan_orgs(struct core *c, const struct actor *a, int64_t org_id, int year,
		   struct help_plan_org **items, size_t *n, struct bf_err *e)
{
	struct list_ctx l = {
	    .a = a, .org_id = org_id, .year = year, .items = (void **)items, .n = n};
	*items = NULL;
	*n = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	return db_run_tx(c->db, "plan_orgs", 0, orgs_fn, &l, e);
}

static int gaps_fn(struct db *db, void *arg, struct bf_err *e)
{
	struct list_ctx *l = arg;
	char path[256];
	int rc = org_path_of(db, l->a, l->org_id, path, e);
	if (rc)
		return rc;
	return CORE_QS(store_help_plan_gaps(db, l->a->org_path, path, l->year, l->offset, l->limit,
					    (struct help_plan_gap **)l->items, l->n, l->total, e));
}

int help_plan_gaps(struct core *c, const struct actor *a, int64_t org_id, int year, int offset,
		   int limit, struct help_plan_gap **items, size_t *n, int64_t *total,
		   struct bf_err *e)
{
	struct list_ctx l = {.a = a,
			     .org_id = org_id,
			     .year = year,
			     .offset = offset,
			     .limit = limit,
			     .items = (void **)items,
			     .n = n,
			     .total = total};
	*items = NULL;
	*n = 0;
	*total = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	return db_run_tx(c->db, "plan_gaps", 0, gaps_fn, &l, e);
}

static int overdue_fn(struct db *db, void *arg, struct bf_err *e)
{
	struct list_ctx *l = arg;
	char today[CASE_DATE_LEN];
	core_today(today);
	return CORE_QS(store_help_overdue(db, l->a->org_path, today, l->limit,
					  (struct help_plan_due **)l->items, l->n, l->total, e));
}

int help_plan_overdue(struct core *c, const struct actor *a, int limit,
		      struct help_plan_due **items, size_t *n, int64_t *total, struct bf_err *e)
{
	struct list_ctx l = {
	    .a = a, .limit = limit, .items = (void **)items, .n = n, .total = total};
	*items = NULL;
	*n = 0;
	*total = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	return db_run_tx(c->db, "plan_overdue", 0, overdue_fn, &l, e);
}

/* ------------------------------------------------------------------ */
/* Changes                                                             */

#define STALE "该帮扶计划已被他人更新，请刷新后重试"

struct change_ctx {
	const struct actor *a;
	int64_t id, version, plan_id;
	const char *goal;
	struct help_plan_measure *m;
	const struct help_measure_patch *patch;
	struct help_plan_note *note;
	struct help_plan_review *review;
};

static int update_fn(struct db *db, void *arg, struct bf_err *e)
{
	struct change_ctx *cx = arg;
	struct help_plan *p = xcalloc(1, sizeof(*p));
	int rc = read_tx(db, cx->a, cx->id, p, e);
	if (!rc && !cx->version)
		rc = err_set(e, EC_MISSING, "version", "缺少版本号，请刷新后重试");
	if (!rc && cx->version != p->version)
		rc = err_set(e, EC_CONFLICT, "version", STALE);
	if (!rc) {
		snprintf(p->goal, sizeof(p->goal), "%s", cx->goal ? cx->goal : "");
		if (text_field(p->goal, TF_PLAN_GOAL, 1, e))
			rc = -1;
	}
	if (!rc) {
		enum db_qs qs = store_help_plan_update(db, p, e);
		rc = qs == DB_NONE ? err_set(e, EC_CONFLICT, "version", STALE) : CORE_QS(qs);
	}
	if (!rc)
		rc = audit(db, cx->a, "plan_update", p, "\"changed\":\"goal\"", e);
	free(p);
	return rc;
}

int help_plan_update(struct core *c, const struct actor *a, int64_t id, const char *goal,
		     int64_t version, struct bf_err *e)
{
	struct change_ctx cx = {.a = a, .id = id, .version = version, .goal = goal};
	if (core_need_write(a, "修改帮扶计划", e))
		return -1;
	return db_run_tx(c->db, "plan_update", 1, update_fn, &cx, e);
}

static int add_fn(struct db *db, void *arg, struct bf_err *e)
{
	struct change_ctx *cx = arg;
	struct help_plan *p = xcalloc(1, sizeof(*p));
	int rc = read_tx(db, cx->a, cx->id, p, e);
	if (!rc && p->measures >= HELP_PLAN_MEASURES_MAX)
		rc = err_set(e, EC_CONFLICT, "measures", "帮扶措施不能超过%d项",
			     HELP_PLAN_MEASURES_MAX);
	if (!rc)
		rc = check_measure(db, cx->a, p, cx->m, -1, e);
	if (!rc)
		rc = insert_measure(db, cx->a, p, cx->m, e);
	free(p);
	return rc;
}

int help_measure_add(struct core *c, const struct actor *a, int64_t plan_id,
		     struct help_plan_measure *m, struct bf_err *e)
{
	struct change_ctx cx = {.a = a, .id = plan_id, .m = m};
	if (core_need_write(a, "添加帮扶措施", e))
		return -1;
	return db_run_tx(c->db, "plan_measure_add", 1, add_fn, &cx, e);
}

/* The measure id in scope with its plan. */
static int measure_read(struct db *db, const struct actor *a, int64_t id,
			struct help_plan_measure *m, struct help_plan *p, struct bf_err *e)
{
	char today[CASE_DATE_LEN];
	core_today(today);
	enum db_qs qs = store_help_measure_get(db, id, today, m, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE)
		return err_set(e, EC_NOT_FOUND, "id", "帮扶措施不存在");
	int rc = read_tx(db, a, m->plan_id, p, e);
	if (rc && e->code == EC_NOT_FOUND)
		return err_set(e, EC_NOT_FOUND, "id", "帮扶措施不存在");
	return rc;
}

/* Copies what the patch sets into m; -1 when a text does not fit. */
static int apply_patch(struct help_plan_measure *m, const struct help_measure_patch *pt,
		       struct bf_err *e)
{
	struct {
		const char *v;
		char *dst;
		size_t cap;
		const char *field;
	} f[] = {{pt->target, m->target, sizeof(m->target), "target"},
		 {pt->due_on, m->due_on, sizeof(m->due_on), "due_on"},
		 {pt->status, m->status, sizeof(m->status), "status"},
		 {pt->note, m->note, sizeof(m->note), "note"},
		 {pt->project_kind, m->project_kind, sizeof(m->project_kind), "project_kind"},
		 {pt->security_kind, m->security_kind, sizeof(m->security_kind), "security_kind"}};
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (f[i].v && text_copy(f[i].dst, f[i].cap, f[i].v))
			return err_set(e, EC_INVALID, f[i].field, "内容过长");
	if (pt->has_loan)
		m->loan_id = pt->loan_id;
	return 0;
}

static int measure_update_fn(struct db *db, void *arg, struct bf_err *e)
{
	struct change_ctx *cx = arg;
	struct help_plan *p = xcalloc(1, sizeof(*p));
	struct help_plan_measure *m = xcalloc(1, sizeof(*m));
	char was[16], extra[200];
	int rc = measure_read(db, cx->a, cx->id, m, p, e);
	cx->plan_id = m->plan_id;
	if (!rc && !cx->patch->version)
		rc = err_set(e, EC_MISSING, "version", "缺少版本号，请刷新后重试");
	if (!rc && cx->patch->version != m->version)
		rc = err_set(e, EC_CONFLICT, "version", "该帮扶措施已被他人更新，请刷新后重试");
	snprintf(was, sizeof(was), "%s", m->status);
	if (!rc)
		rc = apply_patch(m, cx->patch, e);
	if (!rc && strcmp(was, "done") && !strcmp(m->status, "done"))
		m->done_on[0] = '\0'; /* done now: today */
	if (!rc)
		rc = check_measure(db, cx->a, p, m, -1, e);
	if (!rc) {
		enum db_qs qs = store_help_measure_update(db, m, e);
		rc = qs == DB_NONE ? err_set(e, EC_CONFLICT, "version",
					     "该帮扶措施已被他人更新，请刷新后重试")
				   : CORE_QS(qs);
	}
	if (!rc) {
		snprintf(extra, sizeof(extra),
			 "\"measure_id\":%" PRId64 ",\"kind\":\"%s\",\"due_on\":\"%s\","
			 "\"status\":{\"old\":\"%s\",\"new\":\"%s\"}",
			 m->id, m->kind, m->due_on, was, m->status);
		if (m->loan_id)
			snprintf(extra + strlen(extra), sizeof(extra) - strlen(extra),
				 ",\"loan_id\":%" PRId64, m->loan_id);
		rc = audit(db, cx->a, "plan_measure_update", p, extra, e);
	}
	free(m);
	free(p);
	return rc;
}

int help_measure_update(struct core *c, const struct actor *a, int64_t id,
			const struct help_measure_patch *p, int64_t *plan_id, struct bf_err *e)
{
	struct change_ctx cx = {.a = a, .id = id, .patch = p};
	if (core_need_write(a, "更新帮扶措施", e))
		return -1;
	int rc = db_run_tx(c->db, "plan_measure_update", 1, measure_update_fn, &cx, e);
	if (!rc && plan_id)
		*plan_id = cx.plan_id;
	return rc;
}

static int note_fn(struct db *db, void *arg, struct bf_err *e)
{
	struct change_ctx *cx = arg;
	struct help_plan *p = xcalloc(1, sizeof(*p));
	struct help_plan_measure *m = xcalloc(1, sizeof(*m));
	struct help_plan_note *x = cx->note;
	char day[CASE_DATE_LEN], today[CASE_DATE_LEN], extra[96];
	int rc = measure_read(db, cx->a, cx->id, m, p, e);
	cx->plan_id = m->plan_id;
	core_today(today);
	if (!rc && !core_date(x->noted_on, day, 0, "noted_on", "记录日期", e)) {
		if (!day[0])
			snprintf(day, sizeof(day), "%s", today);
		if (strcmp(day, today) > 0)
			rc = err_set(e, EC_INVALID, "noted_on", "记录日期不能晚于今天");
	} else if (!rc) {
		rc = -1;
	}
	if (!rc && text_field(x->text, TF_PLAN_PROGRESS_NOTE, 1, e))
		rc = -1;
	if (!rc) {
		snprintf(x->noted_on, sizeof(x->noted_on), "%s", day);
		x->measure_id = m->id;
		x->created_by = cx->a->user_id;
		x->created_at = 0;
		rc = CORE_QS(store_help_note_insert(db, x, e));
	}
	if (!rc) {
		snprintf(extra, sizeof(extra),
			 "\"measure_id\":%" PRId64 ",\"note_id\":%" PRId64 ",\"noted_on\":\"%s\"",
			 m->id, x->id, day);
		rc = audit(db, cx->a, "plan_note_add", p, extra, e);
	}
	free(m);
	free(p);
	return rc;
}

int help_note_add(struct core *c, const struct actor *a, int64_t measure_id,
		  struct help_plan_note *x, int64_t *plan_id, struct bf_err *e)
{
	struct change_ctx cx = {.a = a, .id = measure_id, .note = x};
	if (core_need_write(a, "登记措施进展", e))
		return -1;
	int rc = db_run_tx(c->db, "plan_note_add", 1, note_fn, &cx, e);
	if (!rc && plan_id)
		*plan_id = cx.plan_id;
	return rc;
}

/* The roll review r may note p: open, of p's year, covering p's branch. */
static int review_fits(struct db *db, const struct actor *a, const struct help_plan *p,
		       int64_t review_id, struct roll_review *r, struct bf_err *e)
{
	char path[256];
	enum db_qs qs = store_roll_review_get(db, review_id, r, e);
	if (qs < 0)
		return qs;
	int rc = qs == DB_NONE ? 0 : core_org_visible(db, a, r->org_id, path, e);
	if (rc < 0)
		return rc;
	if (!rc || strncmp(p->org_path, r->org_path, strlen(r->org_path)))
		return err_set(e, EC_NOT_FOUND, "review_id", "台账动态调整不存在");
	if (strcmp(r->status, "open"))
		return err_set(e, EC_CONFLICT, "review_id", "%s已结束，不能再记录计划复核",
			       r->title);
	if (r->year != p->year)
		return err_set(e, EC_CONFLICT, "review_id", "%s不是%d年的台账动态调整", r->title,
			       p->year);
	return 0;
}

static int review_fn(struct db *db, void *arg, struct bf_err *e)
{
	struct change_ctx *cx = arg;
	struct help_plan *p = xcalloc(1, sizeof(*p));
	struct roll_review *r = xcalloc(1, sizeof(*r));
	struct help_plan_review *x = cx->review, *had = NULL;
	size_t nhad = 0;
	char extra[96];
	int rc = read_tx(db, cx->a, cx->id, p, e);
	if (!rc && !x->review_id)
		rc = err_set(e, EC_MISSING, "review_id", "请选择台账动态调整");
	if (!rc)
		rc = review_fits(db, cx->a, p, x->review_id, r, e);
	if (!rc)
		rc = CORE_QS(store_help_reviews(db, p->id, &had, &nhad, e));
	for (size_t i = 0; !rc && i < nhad; i++)
		if (had[i].review_id == x->review_id)
			rc = err_set(e, EC_CONFLICT, "review_id", "%s已记录本计划的复核", r->title);
	if (!rc && (text_field(x->progress, TF_PLAN_REVIEW_PROGRESS, 1, e) ||
		    text_field(x->next_steps, TF_PLAN_NEXT_STEPS, 0, e)))
		rc = -1;
	if (!rc) {
		x->plan_id = p->id;
		x->done = p->done;
		x->total = p->measures;
		x->created_by = cx->a->user_id;
		x->created_at = 0;
		rc = CORE_QS(store_help_review_insert(db, x, e));
	}
	if (!rc) {
		snprintf(extra, sizeof(extra), "\"review_id\":%" PRId64 ",\"done\":%d,\"total\":%d",
			 x->review_id, x->done, x->total);
		rc = audit(db, cx->a, "plan_review", p, extra, e);
	}
	free(had);
	free(r);
	free(p);
	return rc;
}

int help_review_add(struct core *c, const struct actor *a, int64_t plan_id,
		    struct help_plan_review *r, struct bf_err *e)
{
	struct change_ctx cx = {.a = a, .id = plan_id, .review = r};
	if (core_need_write(a, "记录帮扶计划复核", e))
		return -1;
	return db_run_tx(c->db, "plan_review", 1, review_fn, &cx, e);
}

/* ------------------------------------------------------------------ */
/* The referral hint                                                   */

static int no_income(const char *s)
{
	return !s[0] || !strcmp(s, "无") || !strcmp(s, "无收入");
}

struct hint_ctx {
	const struct actor *a;
	int64_t member_id;
	struct help_security_hint *h;
};

static int hint_fn(struct db *db, void *arg, struct bf_err *e)
{
	struct hint_ctx *cx = arg;
	struct member *m = xcalloc(1, sizeof(*m));
	struct roll_entry *r = xcalloc(1, sizeof(*r));
	struct ymd born, now;
	char today[CASE_DATE_LEN];
	enum db_qs qs = store_member_get(db, cx->member_id, m, e);
	int rc = CORE_QS(qs);
	if (!rc && (qs == DB_NONE || !access_in_scope(cx->a, m->org_path)))
		rc = err_set(e, EC_NOT_FOUND, "id", "党员不存在");
	if (!rc)
		rc = CORE_QS(qs = store_roll_open_of(db, m->id, r, e));
	if (!rc) {
		struct help_security_hint *h = cx->h;
		h->on_roll =
		    qs == DB_ONE && (!strcmp(r->status, "active") || !strcmp(r->status, "exiting"));
		snprintf(h->category, sizeof(h->category), "%s", h->on_roll ? r->category : "");
		struct bf_err ignored;
		core_today(today);
		now = core_ymd(today);
		h->age = -1;
		if (m->birth_date[0] &&
		    !date_parse(m->birth_date, &born, NULL, "birth_date", "出生日期", &ignored))
			h->age = date_years_between(born, now);
		int poor = h->on_roll && (r->income_fen == 0 ||
					  (r->income_fen < 0 && no_income(r->income_sources) &&
					   no_income(m->income_sources)));
		h->suggested = h->age >= 60 && poor;
	}
	member_free(m);
	free(r);
	return rc;
}

int help_security_hint(struct core *c, const struct actor *a, int64_t member_id,
		       struct help_security_hint *out, struct bf_err *e)
{
	struct hint_ctx cx = {.a = a, .member_id = member_id, .h = out};
	memset(out, 0, sizeof(*out));
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	return db_run_tx(c->db, "plan_hint", 0, hint_fn, &cx, e);
}
