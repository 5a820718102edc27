/* casework_notices.c - a branch's public notice (公示) of its decided
 * cases: opening it, reading it, closing it; and the helpers the batch
 * files share (casework_impl.h).  Objections are casework_objections.c,
 * the department's batch approval casework_batch.c.  Each is one
 * transaction in which every case goes through its own guard
 * (case_step_tx): all or nothing, the first refusal named. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "casework_impl.h"
#include "store.h"

/* Reads the ids' cases one at a time into c (each is large). */
int cw_read_named(struct db *db, const struct actor *a, int64_t id, struct aid_case *c,
		  struct bf_err *e)
{
	int rc = case_read_tx(db, a, id, c, e);
	if (rc == -1 && e->code == EC_NOT_FOUND)
		snprintf(e->message, sizeof(e->message), "档案 %" PRId64 " 不存在", id);
	return rc;
}

/* The ids of the cases under org_id (in scope) in state, of kind. */
int cw_ids_in_state(struct db *db, const struct actor *a, int64_t org_id, const char *state,
		    const char *kind, int64_t **ids, size_t *n, struct bf_err *e)
{
	struct case_query q = {0};
	struct aid_case *items = NULL;
	int64_t total = 0;
	q.scope_path = a->org_path;
	q.org_id = org_id;
	q.state = state;
	q.kind = kind && *kind ? kind : NULL;
	q.limit = CW_BATCH_MAX;
	enum db_qs qs = store_case_list(db, &q, &items, n, &total, e);
	if (qs < 0)
		return qs;
	*ids = xcalloc(*n + 1, sizeof(**ids));
	for (size_t i = 0; i < *n; i++)
		(*ids)[i] = items[*n - 1 - i].id; /* oldest first */
	free(items);
	return 0;
}

/* "count":n,"cases":[ids] with at most the first 60 ids, so that the
 * audit detail stays under its 1 KiB (each case has its own rows). */
void cw_json_ids(struct strbuf *d, const int64_t *ids, size_t n)
{
	strbuf_addf(d, "\"count\":%zu,\"cases\":[", n);
	for (size_t i = 0; i < n && i < 60; i++)
		strbuf_addf(d, "%s%" PRId64, i ? "," : "", ids[i]);
	strbuf_addch(d, ']');
}

/* ------------------------------------------------------------------ */
/* Opening a notice                                                   */

struct open_ctx {
	const struct actor *a;
	const struct case_notice_input *in;
	const int64_t *ids;
	size_t n;
	const struct case_step_input *step;
	struct notice *nt;
	struct aid_case *c;
	int64_t *listed; /* the ids listed with n = 0 (freed by the caller) */
};

/* The posting branch: in->org_id, or the first case's. */
static int notice_org(struct db *db, struct open_ctx *x, struct org *o, struct bf_err *e)
{
	int64_t id = x->in->org_id;
	int rc;
	if (!id) {
		if ((rc = cw_read_named(db, x->a, x->ids[0], x->c, e)))
			return rc;
		id = x->c->org_id;
	}
	if ((rc = core_org_read(db, x->a, id, "org_id", o, e)))
		return rc;
	if (strcmp(o->kind, ORG_BRANCH) && strcmp(o->kind, ORG_GENERAL_BRANCH))
		return err_set(e, EC_INVALID, "org_id", "公示由党员所在的党支部（党总支）发布");
	return 0;
}

/* Every case: of the branch, of one kind, decided before the posting, and
 * able to take the step. */
static int check_listed(struct db *db, struct open_ctx *x, const struct org *o, struct bf_err *e)
{
	for (size_t i = 0; i < x->n; i++) {
		int rc = cw_read_named(db, x->a, x->ids[i], x->c, e);
		if (rc)
			return rc;
		if (!x->nt->kind[0])
			snprintf(x->nt->kind, sizeof(x->nt->kind), "%s", x->c->kind);
		if (x->c->org_id != o->id)
			rc = err_set(e, EC_INVALID, "case_ids", "不属于“%s”，不能列入其公示",
				     o->name);
		else if (strcmp(x->c->kind, x->nt->kind))
			rc = err_set(e, EC_INVALID, "case_ids",
				     "一份公示只能列同一类帮扶（生活困难帮扶或突发事故救助）");
		else if (x->c->decision_on[0] && strcmp(x->nt->starts_on, x->c->decision_on) < 0)
			rc = err_set(e, EC_INVALID, "starts_on",
				     "公示开始日期早于支委会研究日期（%s）", x->c->decision_on);
		else
			rc = cw_step_possible(x->a, x->c, EV_OPEN_NOTICE, e);
		if (rc) {
			case_name_err(e, x->c);
			return rc;
		}
	}
	return 0;
}

/* Period, office and phone of a notice of organisation o from
 * nt->starts_on: the policy's working days on the calendar; office and
 * phone as given or the organisation's. */
static int notice_terms_of(struct db *db, const struct actor *a, const struct org *o,
			   const char *office, const char *office_phone, struct notice *nt,
			   struct bf_err *e)
{
	const struct policy *p;
	struct ymd end;
	char today[CASE_DATE_LEN];

	core_today(today);
	int rc = case_policy_at(db, today, &p, e);
	if (rc)
		return rc;
	const struct calendar *cal;
	if ((rc = cw_calendar_get(db, &cal, e)))
		return rc;
	nt->working_days = p->notice_working_days;
	rc = calendar_period_end(cal, core_ymd(nt->starts_on), nt->working_days, &end,
				 &nt->estimated);
	case_calendar_release(cal);
	if (rc)
		return err_set(e, EC_INVALID, "starts_on", "无法计算公示期");
	date_format(end, nt->ends_on);
	snprintf(nt->office, sizeof(nt->office), "%s", office[0] ? office : o->name);
	snprintf(nt->office_phone, sizeof(nt->office_phone), "%s",
		 office_phone[0] ? office_phone : o->phone);
	if (text_field(nt->office, TF_NOTICE_OFFICE, 1, e) ||
	    text_field(nt->office_phone, TF_NOTICE_OFFICE_PHONE, 0, e))
		return -1;
	if (!nt->office_phone[0])
		return err_set(e, EC_MISSING, "office_phone",
			       "请填写受理电话（可在组织信息中设置办公电话）");
	nt->org_id = o->id;
	nt->created_by = a->user_id;
	return 0;
}

static int notice_terms(struct db *db, struct open_ctx *x, const struct org *o, struct bf_err *e)
{
	return notice_terms_of(db, x->a, o, x->in->office, x->in->office_phone, x->nt, e);
}

static int audit_notice(struct db *db, const struct actor *a, const char *action,
			const struct notice *nt, const int64_t *ids, size_t n, struct bf_err *e)
{
	struct strbuf d = STRBUF_INIT;
	strbuf_addf(&d,
		    "{\"org_id\":%" PRId64
		    ",\"kind\":\"%s\",\"starts_on\":\"%s\",\"ends_on\":\"%s\","
		    "\"estimated\":%d,",
		    nt->org_id, nt->kind, nt->starts_on, nt->ends_on, nt->estimated);
	cw_json_ids(&d, ids, n);
	strbuf_addch(&d, '}');
	int rc = audit_record(db, a, action, "notice", nt->id, d.buf, e);
	strbuf_release(&d);
	return rc;
}

static int open_fn(struct db *db, void *p, struct bf_err *e)
{
	struct open_ctx *x = p;
	struct org o;
	int rc;

	free(x->listed);
	x->listed = NULL;
	if (!x->n) {
		if (!x->in->org_id || !x->in->kind[0])
			return err_set(e, EC_MISSING, x->in->org_id ? "kind" : "org_id",
				       "公示整个支部的名单须选择支部和帮扶类型");
		if ((rc = cw_ids_in_state(db, x->a, x->in->org_id, "decided", x->in->kind,
					  &x->listed, &x->n, e)))
			return rc;
		x->ids = x->listed;
		if (!x->n)
			return err_set(e, EC_CONFLICT, "case_ids", "该支部没有待公示的档案");
	}
	if ((rc = notice_org(db, x, &o, e)) || (rc = check_listed(db, x, &o, e)) ||
	    (rc = notice_terms(db, x, &o, e)))
		return rc;
	enum db_qs qs = store_notice_insert(db, x->nt, x->ids, x->n, e);
	if (qs < 0)
		return qs;
	for (size_t i = 0; i < x->n; i++) {
		if ((rc = cw_read_named(db, x->a, x->ids[i], x->c, e)))
			return rc;
		if ((rc = case_step_tx(db, x->a, x->c, EV_OPEN_NOTICE, x->step, e))) {
			case_name_err(e, x->c);
			return rc;
		}
	}
	return audit_notice(db, x->a, "notice_open", x->nt, x->ids, x->n, e);
}

static int notice_open(struct core *c, const struct actor *a, const struct case_notice_input *in,
		       const int64_t *ids, size_t n, const struct case_step_input *step,
		       struct notice *out, struct bf_err *e)
{
	struct open_ctx x = {.a = a, .in = in, .ids = ids, .n = n, .step = step};
	if (core_need_write(a, "发布公示", e))
		return -1;
	if (n > CW_BATCH_MAX)
		return err_set(e, EC_INVALID, "case_ids", "一份公示最多列 %d 份档案", CW_BATCH_MAX);
	x.nt = xcalloc(1, sizeof(*x.nt));
	x.c = xcalloc(1, sizeof(*x.c));
	snprintf(x.nt->kind, sizeof(x.nt->kind), "%s", in->kind);
	int rc = core_date(in->starts_on, x.nt->starts_on, 0, "starts_on", "公示开始日期", e);
	if (!rc && !x.nt->starts_on[0])
		core_today(x.nt->starts_on);
	if (!rc && strcmp(in->kind, "") && strcmp(in->kind, "yearly") &&
	    strcmp(in->kind, "emergency"))
		rc = err_set(e, EC_INVALID, "kind", "帮扶类型应为 yearly 或 emergency");
	if (!rc)
		rc = db_run_tx(c->db, "notice_open", 1, open_fn, &x, e);
	if (!rc && out)
		*out = *x.nt;
	free(x.listed);
	free(x.nt);
	free(x.c);
	return rc;
}

int case_notice_open(struct core *c, const struct actor *a, const struct case_notice_input *in,
		     const int64_t *case_ids, size_t n, struct notice *out, struct bf_err *e)
{
	return notice_open(c, a, in, case_ids, n, NULL, out, e);
}

int cw_notice_open_one(struct core *c, const struct actor *a, int64_t case_id,
		       const struct case_step_input *in, struct bf_err *e)
{
	struct case_notice_input ni;
	memset(&ni, 0, sizeof(ni));
	if (in) {
		snprintf(ni.office, sizeof(ni.office), "%s", in->office);
		snprintf(ni.office_phone, sizeof(ni.office_phone), "%s", in->office_phone);
	}
	return notice_open(c, a, &ni, &case_id, 1, in, NULL, e);
}

/* ------------------------------------------------------------------ */
/* Reading notices                                                    */

/* A notice of an org in the actor's scope. */
int cw_notice_read(struct db *db, const struct actor *a, int64_t id, struct notice *nt,
		   struct aid_case **cases, size_t *ncases, struct bf_err *e)
{
	struct org o;
	enum db_qs qs = store_notice_get(db, id, nt, cases, ncases, e);
	if (qs < 0)
		return qs;
	if (qs == DB_ONE) {
		qs = store_org_get(db, nt->org_id, &o, e);
		if (qs < 0)
			return qs;
	}
	/* a commendation notice is the department's, posted for the whole
	 * district: seen from below too */
	if (qs == DB_ONE && !access_in_scope(a, o.path) && !strcmp(nt->kind, "commendation") &&
	    !strncmp(a->org_path, o.path, strlen(o.path)))
		return 0;
	if (qs == DB_NONE || !access_in_scope(a, o.path)) {
		if (cases) {
			free(*cases);
			*cases = NULL;
			*ncases = 0;
		}
		return err_set(e, EC_NOT_FOUND, "notice_id", "公示不存在");
	}
	return 0;
}

int case_notice_get(struct core *c, const struct actor *a, int64_t id, struct notice *out,
		    struct aid_case **cases, size_t *ncases, struct bf_err *e)
{
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	return cw_notice_read(c->db, a, id, out, cases, ncases, e) ? -1 : 0;
}

int64_t case_notice_id(struct core *c, int64_t case_id)
{
	struct notice nt;
	struct bf_err e = {0};
	return store_notice_of_case(c->db, case_id, &nt, &e) == DB_ONE ? nt.id : 0;
}

int case_notice_list(struct core *c, const struct actor *a, const char *status, int offset,
		     int limit, struct notice **items, size_t *n, int64_t *total, struct bf_err *e)
{
	struct notice_query q = {.status = status, .offset = offset, .limit = limit};
	return case_notice_find(c, a, 0, &q, items, n, total, e);
}

int case_notice_find(struct core *c, const struct actor *a, int64_t org_id, struct notice_query *q,
		     struct notice **items, size_t *n, int64_t *total, struct bf_err *e)
{
	struct org o;
	*items = NULL;
	*n = 0;
	*total = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	if (q->kind && *q->kind && strcmp(q->kind, "yearly") && strcmp(q->kind, "emergency") &&
	    strcmp(q->kind, "commendation"))
		return err_set(e, EC_INVALID, "kind",
			       "公示类型应为 yearly、emergency 或 commendation（表彰）");
	/* an organisation out of scope is 404, as everywhere else */
	if (org_id && org_get(c, a, org_id, &o, e))
		return -1;
	q->scope_path = a->org_path;
	q->org_path = org_id ? o.path : NULL;
	return store_notice_list_in(c->db, q, items, n, total, e) < 0 ? -1 : 0;
}

/* ------------------------------------------------------------------ */
/* Closing a notice                                                   */

struct close_ctx {
	const struct actor *a;
	int64_t notice_id;
	int64_t case_id; /* close_one: the case leaving; 0 the whole notice */
	const struct case_step_input *step;
	struct notice nt;
	struct aid_case *c;
};

/* The whole notice may close: ended, and nothing about it left open. */
static int notice_may_close(struct db *db, const struct notice *nt, struct bf_err *e)
{
	char today[CASE_DATE_LEN];
	int64_t open = 0;
	const struct calendar *cal;
	core_today(today);
	int rc = cw_calendar_get(db, &cal, e);
	if (rc)
		return rc;
	int ended = cw_notice_ended(nt, cal, today);
	case_calendar_release(cal);
	if (!ended)
		return err_set(e, EC_CONFLICT, "notice_id", "公示期尚未结束（至 %s），不能结束公示",
			       nt->ends_on);
	rc = CORE_QS(store_objection_open_count(db, nt->id, 0, &open, e));
	if (!rc && open)
		rc = err_set(e, EC_CONFLICT, "notice_id",
			     "公示期间收到的异议尚未全部处理，请先处理异议");
	return rc;
}

static int close_notice_row(struct db *db, struct close_ctx *x, const int64_t *ids, size_t n,
			    struct bf_err *e)
{
	enum db_qs qs = store_notice_close(db, x->nt.id, x->a->user_id, 0, e);
	if (qs == DB_NONE)
		return err_set(e, EC_CONFLICT, "notice_id", "公示已经结束");
	if (qs < 0)
		return qs;
	snprintf(x->nt.status, sizeof(x->nt.status), "closed");
	return audit_notice(db, x->a, "notice_close", &x->nt, ids, n, e);
}

/* Whether the case's current notice is this one. */
static int on_this_notice(struct db *db, int64_t notice_id, int64_t case_id, int *ours,
			  struct bf_err *e)
{
	struct notice nt;
	enum db_qs qs = store_notice_of_case(db, case_id, &nt, e);
	*ours = qs == DB_ONE && nt.id == notice_id;
	return CORE_QS(qs);
}

static int close_fn(struct db *db, void *p, struct bf_err *e)
{
	struct close_ctx *x = p;
	struct aid_case *cases = NULL;
	size_t n = 0, moved = 0, left = 0;
	int rc = cw_notice_read(db, x->a, x->notice_id, &x->nt, &cases, &n, e);
	if (rc)
		return rc;
	int64_t *ids = xcalloc(n + 1, sizeof(*ids));
	if (strcmp(x->nt.status, "open") != 0)
		rc = err_set(e, EC_CONFLICT, "notice_id", "公示已经结束");
	for (size_t i = 0; !rc && i < n; i++) {
		int ours = 0;
		if (strcmp(cases[i].state, "in_notice") != 0)
			continue; /* returned, rejected or paid first meanwhile */
		if ((rc = on_this_notice(db, x->nt.id, cases[i].id, &ours, e)))
			break;
		if (!ours)
			continue; /* left it, and is posted again in a later one */
		if (x->case_id && cases[i].id != x->case_id) {
			left++;
			continue;
		}
		*x->c = cases[i];
		if ((rc = case_step_tx(db, x->a, x->c, EV_CLOSE_NOTICE, x->step, e)))
			case_name_err(e, x->c);
		ids[moved++] = cases[i].id;
	}
	free(cases);
	if (!rc && !left)
		rc = notice_may_close(db, &x->nt, e);
	if (!rc && !left)
		rc = close_notice_row(db, x, ids, moved, e);
	free(ids);
	return rc;
}

static int notice_close(struct core *c, const struct actor *a, int64_t notice_id, int64_t case_id,
			const struct case_step_input *step, struct bf_err *e)
{
	struct close_ctx x = {.a = a, .notice_id = notice_id, .case_id = case_id, .step = step};
	if (core_need_write(a, "结束公示", e))
		return -1;
	x.c = xcalloc(1, sizeof(*x.c));
	int rc = db_run_tx(c->db, "notice_close", 1, close_fn, &x, e);
	free(x.c);
	return rc;
}

int case_notice_close(struct core *c, const struct actor *a, int64_t id, struct bf_err *e)
{
	return notice_close(c, a, id, 0, NULL, e);
}

struct which_ctx {
	const struct actor *a;
	int64_t case_id;
	int64_t notice_id;
	struct aid_case *c;
};

static int which_fn(struct db *db, void *p, struct bf_err *e)
{
	struct which_ctx *x = p;
	struct notice nt;
	int rc = case_read_tx(db, x->a, x->case_id, x->c, e);
	if (!rc)
		rc = cw_step_possible(x->a, x->c, EV_CLOSE_NOTICE, e);
	if (rc)
		return rc;
	enum db_qs qs = store_notice_of_case(db, x->case_id, &nt, e);
	if (qs == DB_NONE)
		return err_set(e, EC_CONFLICT, "notice_id", "该档案没有公示记录");
	x->notice_id = nt.id;
	return CORE_QS(qs);
}

int cw_notice_close_one(struct core *c, const struct actor *a, int64_t case_id,
			const struct case_step_input *in, struct bf_err *e)
{
	struct which_ctx x = {.a = a, .case_id = case_id, .c = xcalloc(1, sizeof(struct aid_case))};
	int rc = db_run_tx(c->db, "cw_notice_close_one", 0, which_fn, &x, e);
	free(x.c);
	return rc ? rc : notice_close(c, a, x.notice_id, case_id, in, e);
}

/* ------------------------------------------------------------------ */
/* Notices of other domains' lists (commendations)                    */

int notice_post_tx(struct db *db, const struct actor *a, const struct org *o, struct notice *nt,
		   const char *office, const char *office_phone, struct bf_err *e)
{
	int rc = notice_terms_of(db, a, o, office ? office : "", office_phone ? office_phone : "",
				 nt, e);
	if (rc)
		return rc;
	enum db_qs qs = store_notice_insert(db, nt, NULL, 0, e);
	if (qs < 0)
		return qs;
	return audit_notice(db, a, "notice_open", nt, NULL, 0, e);
}

int notice_finish_tx(struct db *db, const struct actor *a, int64_t id, struct bf_err *e)
{
	struct close_ctx x = {.a = a, .notice_id = id};
	enum db_qs qs = store_notice_get(db, id, &x.nt, NULL, NULL, e);
	if (qs == DB_NONE)
		return err_set(e, EC_NOT_FOUND, "notice_id", "公示不存在");
	if (qs < 0)
		return qs;
	if (strcmp(x.nt.status, "open"))
		return 0;
	int rc = notice_may_close(db, &x.nt, e);
	return rc ? rc : close_notice_row(db, &x, NULL, 0, e);
}
