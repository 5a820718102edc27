/* casework_todo.c - what waits for whom: a user's to-do list (cases at the
 * user's level of the three-level system, notices to close, objections to
 * handle, pay-first paperwork to complete), overdue first, and the
 * department's per-organisation progress of a round.  Read-only. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "casework_impl.h"
#include "verification_impl.h"
#include "roll_review_impl.h"
#include "store.h"
#include "store_roll.h"

#define TODO_PER_QUERY 200 /* items listed per state or source; counts are exact */

/* What the next step of a case in each state is, for the list. */
static const char *const next_action[CS__COUNT] = {
    [CS_APPLIED] = "待入户调查",
    [CS_INVESTIGATED] = "待民主评议",
    [CS_APPRAISED] = "待支委会研究",
    [CS_DECIDED] = "待公示",
    [CS_IN_NOTICE] = "公示中",
    [CS_NOTICED] = "待上报党(工)委",
    [CS_SUBMITTED] = "待党(工)委审核",
    [CS_REVIEWED] = "待组织部审批",
    [CS_APPROVED] = "待录入救助系统",
    [CS_SCREENING] = "待筛查结果",
    [CS_SCREENED] = "待发放",
    [CS_PAID] = "待走访核查",
    [CS_RETURNED] = "退回修改，待重新提交",
};

struct todo_ctx {
	const struct actor *a;
	int level;   /* enum wf_role, or -1: no cases wait for this role */
	int notices; /* 1: notices and objections concern this role */
	int roll;    /* 1: roll entries waiting for confirmation concern this role */
	int notice_days;
	char today[CASE_DATE_LEN];
	char horizon[CASE_DATE_LEN]; /* today + notice_days */
	struct case_todo *items;
	size_t n, alloc;
	struct case_todo_counts counts;
};

static struct case_todo *push(struct todo_ctx *x, enum case_todo_kind kind, const char *due,
			      int estimated)
{
	static const char *const codes[] = {"case", "notice",	    "objection",  "paperwork",
					    "roll", "verification", "roll_review"};
	if (x->n == x->alloc) {
		x->alloc = x->alloc ? 2 * x->alloc : 32;
		x->items = xrealloc(x->items, x->alloc * sizeof(*x->items));
	}
	struct case_todo *t = &x->items[x->n++];
	memset(t, 0, sizeof(*t));
	t->kind = kind;
	t->kind_code = codes[kind];
	snprintf(t->due_on, sizeof(t->due_on), "%s", due);
	t->overdue = due[0] && strcmp(due, x->today) < 0;
	t->estimated = estimated;
	return t;
}

static void case_item(struct todo_ctx *x, const struct aid_case *c, enum case_todo_kind kind,
		      const char *due, int estimated, const char *what)
{
	struct case_todo *t = push(x, kind, due, estimated);
	t->case_id = c->id;
	t->org_id = c->org_id;
	snprintf(t->org_name, sizeof(t->org_name), "%s", c->org_name);
	snprintf(t->member_name, sizeof(t->member_name), "%s", c->member_name);
	snprintf(t->state, sizeof(t->state), "%s", c->state);
	snprintf(t->title, sizeof(t->title), "%s：%s", c->member_name, what);
	t->since = c->updated_at;
}

/* Cases in one state waiting for the actor's level. */
static int cases_in(struct db *db, struct todo_ctx *x, enum case_state s, struct bf_err *e)
{
	struct case_query q = {0};
	struct aid_case *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	q.scope_path = x->a->org_path;
	q.state = wf_state_code(s);
	q.order = CASE_ORDER_DUE;
	q.limit = TODO_PER_QUERY;
	enum db_qs qs = store_case_list(db, &q, &items, &n, &total, e);
	for (size_t i = 0; i < n; i++) {
		enum case_kind k =
		    strcmp(items[i].kind, "emergency") ? CASE_YEARLY : CASE_EMERGENCY;
		if ((int)wf_next_level(s, k) != x->level) {
			total--;
			continue;
		}
		/* in screening: the findings (筛查发现) come before the result */
		char what[96];
		int open = 0;
		if (s == CS_SCREENING && qs >= 0 &&
		    (qs = cw_findings_open(db, items[i].id, &open, e)))
			break;
		if (open)
			snprintf(what, sizeof(what), "%d 项筛查发现待排除或裁定", open);
		case_item(x, &items[i], TODO_CASE, items[i].due_on, items[i].due_estimated,
			  open ? what : next_action[s]);
	}
	free(items);
	x->counts.cases += total;
	return CORE_QS(qs);
}

static int paperwork(struct db *db, struct todo_ctx *x, struct bf_err *e)
{
	struct case_query q = {0};
	struct aid_case *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	char what[96];
	q.scope_path = x->a->org_path;
	q.paperwork_open = 1;
	q.limit = TODO_PER_QUERY;
	enum db_qs qs = store_case_list(db, &q, &items, &n, &total, e);
	for (size_t i = 0; i < n; i++) {
		snprintf(what, sizeof(what), "先发后补，须在 %s 前补齐手续",
			 items[i].paperwork_due);
		case_item(x, &items[i], TODO_PAPERWORK, items[i].paperwork_due, 0, what);
	}
	free(items);
	x->counts.paperwork += total;
	return CORE_QS(qs);
}

/* Open objections of an open notice. */
static int objections_of(struct db *db, struct todo_ctx *x, const struct notice *nt,
			 struct bf_err *e)
{
	struct objection *items = NULL;
	size_t n = 0;
	enum db_qs qs = store_objection_list(db, nt->id, 0, &items, &n, e);
	for (size_t i = 0; i < n; i++) {
		if (items[i].outcome[0])
			continue;
		struct case_todo *t = push(x, TODO_OBJECTION, nt->ends_on, nt->estimated);
		t->case_id = items[i].case_id;
		t->notice_id = nt->id;
		t->objection_id = items[i].id;
		t->since = items[i].created_at;
		t->org_id = nt->org_id;
		snprintf(t->org_name, sizeof(t->org_name), "%s", nt->org_name);
		snprintf(t->title, sizeof(t->title), "%s公示收到的异议（%s 受理）待处理",
			 nt->org_name, items[i].received_on);
		x->counts.objections++;
	}
	free(items);
	return CORE_QS(qs);
}

static int notices(struct db *db, struct todo_ctx *x, struct bf_err *e)
{
	struct notice *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	int rc = CORE_QS(store_notice_list(db, x->a->org_path, "open", 0, TODO_PER_QUERY, &items,
					   &n, &total, e));
	for (size_t i = 0; !rc && i < n; i++) {
		const struct notice *nt = &items[i];
		if (strcmp(nt->ends_on, x->horizon) <= 0) {
			struct case_todo *t = push(x, TODO_NOTICE, nt->ends_on, nt->estimated);
			t->notice_id = nt->id;
			t->since = nt->created_at;
			t->org_id = nt->org_id;
			snprintf(t->org_name, sizeof(t->org_name), "%s", nt->org_name);
			snprintf(t->title, sizeof(t->title), "%s公示（%d 份档案）%s %s",
				 nt->org_name, nt->ncases,
				 strcmp(nt->ends_on, x->today) < 0 ? "已于" : "将于", nt->ends_on);
			size_t len = strlen(t->title);
			snprintf(t->title + len, sizeof(t->title) - len, "%s",
				 strcmp(nt->ends_on, x->today) < 0 ? "期满，待结束公示" : "期满");
			x->counts.notices++;
		}
		rc = objections_of(db, x, nt, e);
	}
	free(items);
	return rc;
}

/* Roll entries waiting for the committee (a registration or an exit
 * proposed by a branch): on the list of those who confirm. */
static int roll_waiting(struct db *db, struct todo_ctx *x, struct bf_err *e)
{
	struct roll_entry *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	enum db_qs qs =
	    store_roll_waiting(db, x->a->org_path, TODO_PER_QUERY, &items, &n, &total, e);
	for (size_t i = 0; i < n; i++) {
		const struct roll_entry *r = &items[i];
		int exiting = !strcmp(r->status, "exiting");
		struct case_todo *t = push(x, TODO_ROLL, "", 0);
		t->roll_entry_id = r->id;
		t->org_id = r->org_id;
		t->since = exiting ? r->exit_at : r->created_at;
		snprintf(t->org_name, sizeof(t->org_name), "%s", r->org_name);
		snprintf(t->member_name, sizeof(t->member_name), "%s", r->member_name);
		snprintf(t->title, sizeof(t->title), "%s：%s", r->member_name,
			 exiting	 ? "台账脱困待确认"
			 : r->relapse_of ? "返贫登记待确认"
					 : "台账登记待确认");
	}
	free(items);
	x->counts.roll += total;
	return CORE_QS(qs);
}

/* A sampled case assigned to the actor (verification_checks.c). */
static void verification_item(void *ctx, const struct verification_check *k,
			      const struct verification *v)
{
	struct todo_ctx *x = ctx;
	struct case_todo *t = push(x, TODO_VERIFICATION, v->due_on, 0);
	t->case_id = k->case_id;
	t->verification_check_id = k->id;
	t->org_id = k->org_id;
	snprintf(t->org_name, sizeof(t->org_name), "%s", k->org_name);
	snprintf(t->member_name, sizeof(t->member_name), "%s", k->member_name);
	snprintf(t->title, sizeof(t->title), "%s：待走访核查", k->member_name);
	t->since = v->created_at;
	x->counts.verification++;
}

/* An open roll review with items for the actor (roll_review.c): one
 * item per review, due on its finish date. */
static void roll_review_item(void *ctx, const struct roll_review_waiting *w, int to_decide)
{
	struct todo_ctx *x = ctx;
	struct case_todo *t = push(x, TODO_ROLL_REVIEW, w->finish_on, 0);
	t->roll_review_id = w->review_id;
	t->since = w->created_at;
	snprintf(t->title, sizeof(t->title), "%s：%" PRId64 " 名%s", w->title, w->n,
		 to_decide ? "困难党员待逐一调整" : "困难党员的调整待确认");
	x->counts.roll_review++;
}

static int todo_fn(struct db *db, void *p, struct bf_err *e)
{
	struct todo_ctx *x = p;
	int rc = 0;
	x->n = 0;
	memset(&x->counts, 0, sizeof(x->counts));
	for (int s = 0; !rc && x->level >= 0 && s < CS__COUNT; s++) {
		enum case_state st = (enum case_state)s;
		if (wf_state_final(st) || st == CS_IN_NOTICE)
			continue; /* a notice's cases are its own item */
		if ((int)wf_next_level(st, CASE_YEARLY) == x->level ||
		    (int)wf_next_level(st, CASE_EMERGENCY) == x->level)
			rc = cases_in(db, x, st, e);
	}
	if (!rc && x->notices)
		rc = notices(db, x, e);
	if (!rc && x->level >= 0)
		rc = paperwork(db, x, e);
	if (!rc && x->roll)
		rc = roll_waiting(db, x, e);
	if (!rc)
		rc = vf_todo_each(db, x->a, verification_item, x, e);
	if (!rc)
		rc = rr_todo_each(db, x->a, roll_review_item, x, e);
	return rc;
}

/* Overdue first, then the nearest due date, items without one last. */
static int by_urgency(const void *pa, const void *pb)
{
	const struct case_todo *a = pa, *b = pb;
	if (a->overdue != b->overdue)
		return b->overdue - a->overdue;
	if (!a->due_on[0] != !b->due_on[0])
		return a->due_on[0] ? -1 : 1;
	int c = strcmp(a->due_on, b->due_on);
	if (c)
		return c;
	if (a->kind != b->kind)
		return (int)a->kind - (int)b->kind;
	return a->case_id < b->case_id ? -1 : a->case_id > b->case_id;
}

/* The level whose cases wait for role (admin acts as the department). */
static int level_of(enum wf_role role)
{
	switch (role) {
	case WR_BRANCH:
		return WR_BRANCH;
	case WR_COMMITTEE:
		return WR_COMMITTEE;
	case WR_DEPARTMENT:
	case WR_ADMIN:
		return WR_DEPARTMENT;
	default:
		return -1;
	}
}

int case_todo(struct core *c, const struct actor *a, int notice_days, struct case_todo **items,
	      size_t *n, struct case_todo_counts *counts, struct bf_err *e)
{
	struct todo_ctx x;
	enum wf_role role;
	memset(&x, 0, sizeof(x));
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	if (cw_role(a, &role, e))
		return -1;
	if (notice_days < 0 || notice_days > 366)
		return err_set(e, EC_INVALID, "notice_days", "天数须在 0 到 366 之间");
	x.a = a;
	x.level = level_of(role);
	x.notices = role == WR_BRANCH || role == WR_COMMITTEE || role == WR_ADMIN;
	x.notice_days = notice_days;
	x.roll = role == WR_COMMITTEE || role == WR_DEPARTMENT || role == WR_ADMIN;
	core_today(x.today);
	core_add_days(x.today, notice_days, x.horizon);
	int rc = db_run_tx(c->db, "case_todo", 0, todo_fn, &x, e);
	if (rc) {
		free(x.items);
		return -1;
	}
	if (x.n)
		qsort(x.items, x.n, sizeof(*x.items), by_urgency);
	for (size_t i = 0; i < x.n; i++)
		x.counts.overdue += x.items[i].overdue;
	x.counts.total = x.counts.cases + x.counts.notices + x.counts.objections +
			 x.counts.paperwork + x.counts.roll + x.counts.verification +
			 x.counts.roll_review;
	if (counts)
		*counts = x.counts;
	if (items) {
		*items = x.items;
		*n = x.n;
	} else {
		free(x.items);
	}
	return 0;
}

static const char *const todo_kinds[] = {
    "case",    "notice",  "objection", "paperwork", "roll", "verification", "roll_review", "loan",
    "receipt", "pairing", "visit",     "plan",	    "talk", "nomination",   NULL};

int case_todo_filter_check(const struct case_todo_filter *f, struct bf_err *e)
{
	if (f->kind && *f->kind && !core_one_of(f->kind, todo_kinds))
		return err_set(
		    e, EC_INVALID, "kind",
		    "类别应为 case、notice、objection、paperwork、roll、verification、roll_review、"
		    "loan、receipt、pairing、visit、plan、talk 或 nomination");
	return 0;
}

int case_todo_filter_keeps(const struct case_todo_filter *f, const char *kind_code, int overdue)
{
	if (f->overdue && !overdue)
		return 0;
	return !f->kind || !*f->kind || !strcmp(f->kind, kind_code);
}

/* ------------------------------------------------------------------ */
/* The message bell                                                   */

struct bell_ctx {
	const struct actor *a;
	struct case_bell *b;
	int64_t at;
};

static int bell_fn(struct db *db, void *p, struct bf_err *e)
{
	struct case_bell *b = ((struct bell_ctx *)p)->b;
	const struct actor *a = ((struct bell_ctx *)p)->a;
	const struct calendar *cal;
	char today[CASE_DATE_LEN];
	struct ymd end;
	int rc = CORE_QS(store_user_todo_seen(db, a->user_id, &b->seen_at, e));
	if (rc || (rc = cw_calendar_get(db, &cal, e)))
		return rc;
	core_today(today);
	if (calendar_add_workdays(cal, core_ymd(today), CASE_BELL_WORKING_DAYS, &end, NULL))
		core_add_days(today, CASE_BELL_WORKING_DAYS, b->horizon);
	else
		date_format(end, b->horizon);
	b->today_start = date_local_start(core_ymd(today));
	return 0;
}

int case_bell_open(struct core *c, const struct actor *a, struct case_bell *b, struct bf_err *e)
{
	struct bell_ctx x = {.a = a, .b = b};
	memset(b, 0, sizeof(*b));
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	return db_run_tx(c->db, "case_bell", 0, bell_fn, &x, e);
}

int case_bell_ring(struct case_bell *b, int64_t since, const char *due_on)
{
	int why = 0;
	if (since > b->seen_at)
		why |= CASE_BELL_NEW;
	/* due soon: rings until the bell is opened that day */
	if (due_on && due_on[0] && strcmp(due_on, b->horizon) <= 0 && b->seen_at < b->today_start)
		why |= CASE_BELL_DUE;
	if (why) {
		b->count++;
		b->fresh += (why & CASE_BELL_NEW) != 0;
		b->due += (why & CASE_BELL_DUE) != 0;
	}
	return why;
}

static int seen_fn(struct db *db, void *p, struct bf_err *e)
{
	struct bell_ctx *x = p;
	return CORE_QS(store_user_set_todo_seen(db, x->a->user_id, x->at, e));
}

int case_bell_seen(struct core *c, const struct actor *a, int64_t *at, struct bf_err *e)
{
	struct bell_ctx x = {.a = a, .at = (int64_t)time(NULL)};
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	*at = x.at;
	return db_run_tx(c->db, "case_bell_seen", 1, seen_fn, &x, e);
}

/* ------------------------------------------------------------------ */
/* Progress of a round                                                */

struct progress_ctx {
	const struct actor *a;
	int64_t round_id, org_id;
	struct case_progress *rows;
	size_t n;
};

static struct case_progress *row_of(struct progress_ctx *x, int64_t org_id)
{
	for (size_t i = 0; i < x->n; i++)
		if (x->rows[i].org_id == org_id)
			return &x->rows[i];
	return NULL;
}

/* One row for the org itself, one per child. */
static int progress_rows(struct db *db, struct progress_ctx *x, const struct org *o,
			 struct bf_err *e)
{
	struct org *orgs = NULL;
	size_t k = 0;
	int rc = CORE_QS(store_org_list(db, o->path, &orgs, &k, e));
	free(x->rows);
	x->rows = xcalloc(k + 1, sizeof(*x->rows));
	x->n = 0;
	for (size_t i = 0; !rc && i < k; i++) {
		if (orgs[i].id != o->id && orgs[i].parent_id != o->id)
			continue;
		struct case_progress *r = &x->rows[x->n++];
		r->org_id = orgs[i].id;
		r->own = orgs[i].id == o->id;
		snprintf(r->org_name, sizeof(r->org_name), "%s", orgs[i].name);
	}
	free(orgs);
	return rc;
}

static int add_counts(struct db *db, struct progress_ctx *x, int64_t org_id,
		      const struct case_query *f, int late, struct bf_err *e)
{
	struct case_count *cells = NULL;
	size_t k = 0;
	enum db_qs qs = store_case_counts(db, org_id, f, &cells, &k, e);
	for (size_t i = 0; i < k; i++) {
		struct case_progress *r = row_of(x, cells[i].org_id);
		enum case_state s;
		if (!r || wf_state_parse(cells[i].state, &s))
			continue;
		if (late) {
			r->late += cells[i].n;
		} else {
			r->by_state[s] += cells[i].n;
			r->total += cells[i].n;
		}
	}
	free(cells);
	return CORE_QS(qs);
}

static int progress_fn(struct db *db, void *p, struct bf_err *e)
{
	struct progress_ctx *x = p;
	struct org o;
	struct case_query f = {0};
	char today[CASE_DATE_LEN];
	int64_t id = x->org_id ? x->org_id : x->a->org_id;
	int rc = 0;

	if (!id) { /* the command line: the root */
		struct org *all = NULL;
		size_t k = 0;
		rc = CORE_QS(store_org_list(db, "/", &all, &k, e));
		id = k ? all[0].id : 0;
		free(all);
	}
	if (!rc)
		rc = core_org_read(db, x->a, id, "org_id", &o, e);
	if (!rc && x->round_id) {
		struct aid_round r;
		enum db_qs qs = store_round_get(db, x->round_id, &r, e);
		rc = qs < 0	     ? (int)qs
		     : qs == DB_NONE ? err_set(e, EC_NOT_FOUND, "round_id", "帮扶轮次不存在")
				     : 0;
	}
	if (rc || (rc = progress_rows(db, x, &o, e)))
		return rc;
	f.round_id = x->round_id;
	if ((rc = add_counts(db, x, o.id, &f, 0, e)))
		return rc;
	core_today(today);
	f.overdue_before = today;
	return add_counts(db, x, o.id, &f, 1, e);
}

int case_round_progress(struct core *c, const struct actor *a, int64_t round_id, int64_t org_id,
			struct case_progress **rows, size_t *n, struct bf_err *e)
{
	struct progress_ctx x = {.a = a, .round_id = round_id, .org_id = org_id};
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	if (db_run_tx(c->db, "case_round_progress", 0, progress_fn, &x, e)) {
		free(x.rows);
		return -1;
	}
	*rows = x.rows;
	*n = x.n;
	return 0;
}
