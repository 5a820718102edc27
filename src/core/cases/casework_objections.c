/* casework_objections.c - the objections (异议) received while a public
 * notice is posted, and their handling: upheld, the case (or every case
 * still on the notice) goes back or is rejected through its own guard. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "casework_impl.h"
#include "commendations.h"
#include "store.h"

/* ------------------------------------------------------------------ */
/* Objections                                                         */

struct objection_ctx {
	const struct actor *a;
	struct objection *o;
	const char *outcome;
	const char *reason;
	struct notice nt;
	struct aid_case *c;
};

static int check_channel(const char *ch, struct bf_err *e)
{
	if (strcmp(ch, "phone") && strcmp(ch, "letter") && strcmp(ch, "in_person"))
		return err_set(e, ch[0] ? EC_INVALID : EC_MISSING, "channel",
			       "受理方式应为：phone（电话）、letter（来信）或 in_person（面谈）");
	return 0;
}

static int objection_event(struct db *db, struct objection_ctx *x, const char *event,
			   struct bf_err *e)
{
	char detail[160];
	if (!x->o->case_id)
		return 0;
	int rc = case_read_tx(db, x->a, x->o->case_id, x->c, e);
	if (rc)
		return rc;
	snprintf(detail, sizeof(detail),
		 "{\"objection_id\":%" PRId64 ",\"notice_id\":%" PRId64
		 ",\"channel\":\"%s\",\"outcome\":\"%s\"}",
		 x->o->id, x->o->notice_id, x->o->channel, x->o->outcome);
	return case_event_tx(db, x->a, x->c, event, x->c->state, x->c->state, 0, x->o->reason,
			     detail, e);
}

static int audit_objection(struct db *db, struct objection_ctx *x, const char *action,
			   struct bf_err *e)
{
	struct strbuf d = STRBUF_INIT;
	strbuf_addf(&d,
		    "{\"notice_id\":%" PRId64 ",\"case_id\":%" PRId64
		    ",\"channel\":\"%s\",\"outcome\":\"%s\",",
		    x->o->notice_id, x->o->case_id, x->o->channel, x->o->outcome);
	if (x->o->nomination_id)
		strbuf_addf(&d, "\"nomination_id\":%" PRId64 ",", x->o->nomination_id);
	strbuf_adds(&d, "\"reason\":\"");
	core_json_text(&d, x->o->reason, 300);
	strbuf_adds(&d, "\"}");
	int rc = audit_record(db, x->a, action, "objection", x->o->id, d.buf, e);
	strbuf_release(&d);
	return rc;
}

static int add_fn(struct db *db, void *p, struct bf_err *e)
{
	struct objection_ctx *x = p;
	struct objection *o = x->o;
	char today[CASE_DATE_LEN];
	int rc = cw_notice_read(db, x->a, o->notice_id, &x->nt, NULL, NULL, e);
	if (rc)
		return rc;
	if (strcmp(x->nt.status, "open") != 0)
		return err_set(e, EC_CONFLICT, "notice_id", "公示已经结束，不能再登记异议");
	/* a commendation notice lists nominations, a case notice cases */
	if (!strcmp(x->nt.kind, "commendation") && (o->case_id || !o->nomination_id))
		return err_set(e, EC_MISSING, "nomination_id", "请选择异议所针对的拟表彰对象");
	if (strcmp(x->nt.kind, "commendation") && o->nomination_id)
		return err_set(e, EC_INVALID, "nomination_id", "这份公示不是表彰公示");
	core_today(today);
	if (strcmp(o->received_on, x->nt.starts_on) < 0 || strcmp(o->received_on, today) > 0)
		return err_set(e, EC_INVALID, "received_on", "受理日期须在公示开始（%s）至今天之间",
			       x->nt.starts_on);
	o->created_by = x->a->user_id;
	o->id = 0;
	enum db_qs qs = store_objection_insert(db, o, e);
	if (qs < 0)
		return qs;
	rc = objection_event(db, x, "objection", e);
	return rc ? rc : audit_objection(db, x, "objection_add", e);
}

int case_objection_add(struct core *c, const struct actor *a, struct objection *o, struct bf_err *e)
{
	struct objection_ctx x = {.a = a, .o = o};
	char got[CASE_DATE_LEN];
	if (core_need_write(a, "登记异议", e) || check_channel(o->channel, e))
		return -1;
	if (core_date(o->received_on, got, 0, "received_on", "受理日期", e))
		return -1;
	if (!got[0])
		core_today(got);
	memcpy(o->received_on, got, sizeof(got));
	if (text_field(o->content, TF_OBJECTION_CONTENT, 1, e) ||
	    text_field(o->reporter, TF_OBJECTION_REPORTER, 0, e))
		return -1;
	o->outcome[0] = o->reason[0] = '\0';
	x.c = xcalloc(1, sizeof(*x.c));
	int rc = db_run_tx(c->db, "case_objection_add", 1, add_fn, &x, e);
	free(x.c);
	return rc;
}

/* Upheld: return or reject the objection's case (or every case still in
 * notice for an objection about the whole notice) with the reason. */
static int uphold(struct db *db, struct objection_ctx *x, struct bf_err *e)
{
	enum case_event ev = strcmp(x->outcome, "upheld_rejected") ? EV_RETURN : EV_REJECT;
	struct case_step_input *in = xcalloc(1, sizeof(*in));
	struct aid_case *cases = NULL;
	size_t n = 0;
	int rc = 0;
	snprintf(in->reason, sizeof(in->reason), "异议成立：%s", x->reason);
	if (x->o->case_id) {
		/* a case that left the notice meanwhile keeps its state: the
		 * outcome is recorded on its timeline */
		rc = case_read_tx(db, x->a, x->o->case_id, x->c, e);
		if (!rc && !strcmp(x->c->state, "in_notice"))
			rc = case_step_tx(db, x->a, x->c, ev, in, e);
	} else {
		struct notice nt;
		rc = CORE_QS(store_notice_get(db, x->o->notice_id, &nt, &cases, &n, e));
		for (size_t i = 0; !rc && i < n; i++) {
			if (strcmp(cases[i].state, "in_notice"))
				continue;
			*x->c = cases[i];
			if ((rc = case_step_tx(db, x->a, x->c, ev, in, e)))
				case_name_err(e, x->c);
		}
	}
	free(cases);
	free(in);
	return rc;
}

static int handle_fn(struct db *db, void *p, struct bf_err *e)
{
	struct objection_ctx *x = p;
	enum db_qs qs = store_objection_get(db, x->o->id, x->o, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE)
		return err_set(e, EC_NOT_FOUND, "objection_id", "异议不存在");
	int rc = cw_notice_read(db, x->a, x->o->notice_id, &x->nt, NULL, NULL, e);
	if (rc)
		return rc == -1 ? err_set(e, EC_NOT_FOUND, "objection_id", "异议不存在") : rc;
	/* Handling is the notice's level: a case notice's is the branch's
	 * (the department above it may not), a commendation notice's the
	 * department's own. */
	if (!strcmp(x->a->role, "department") && strcmp(x->nt.kind, "commendation"))
		return err_set(e, EC_FORBIDDEN, NULL,
			       "处理异议须由党支部、党(工)委或系统管理员办理");
	if (!strcmp(x->nt.kind, "commendation") && strcmp(x->a->role, "department") &&
	    strcmp(x->a->role, "admin"))
		return err_set(e, EC_FORBIDDEN, NULL, "表彰公示的异议由区委组织部处理");
	if (x->o->outcome[0])
		return err_set(e, EC_CONFLICT, "objection_id", "该异议已经处理过");
	qs = store_objection_handle(db, x->o->id, x->outcome, x->reason, x->a->user_id, 0, e);
	if (qs == DB_NONE)
		return err_set(e, EC_CONFLICT, "objection_id", "该异议已经处理过");
	if (qs < 0)
		return qs;
	snprintf(x->o->outcome, sizeof(x->o->outcome), "%s", x->outcome);
	snprintf(x->o->reason, sizeof(x->o->reason), "%s", x->reason);
	if (!strcmp(x->nt.kind, "commendation"))
		rc = commendation_objection_handled_tx(db, x->a, x->o, e);
	else if (strcmp(x->outcome, "unfounded"))
		rc = uphold(db, x, e);
	if (rc)
		return rc;
	rc = objection_event(db, x, "objection_handled", e);
	return rc ? rc : audit_objection(db, x, "objection_handle", e);
}

int case_objection_get(struct core *c, const struct actor *a, int64_t id, struct objection *out,
		       struct bf_err *e)
{
	struct notice nt;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	enum db_qs qs = store_objection_get(c->db, id, out, e);
	if (qs < 0)
		return -1;
	if (qs == DB_NONE || cw_notice_read(c->db, a, out->notice_id, &nt, NULL, NULL, e))
		return err_set(e, EC_NOT_FOUND, "objection_id", "异议不存在");
	return 0;
}

/* 1 when objection id was received on a commendation notice. */
static int on_commendation_notice(struct core *c, int64_t id)
{
	struct objection *o = xcalloc(1, sizeof(*o));
	struct notice nt;
	struct bf_err e;
	int yes = store_objection_get(c->db, id, o, &e) == DB_ONE &&
		  store_notice_get(c->db, o->notice_id, &nt, NULL, NULL, &e) == DB_ONE &&
		  !strcmp(nt.kind, "commendation");
	free(o);
	return yes;
}

int case_objection_handle(struct core *c, const struct actor *a, int64_t id, const char *outcome,
			  const char *reason, struct bf_err *e)
{
	char why[CASE_REASON_MAX];
	struct objection *o = xcalloc(1, sizeof(*o));
	struct objection_ctx x = {.a = a, .o = o, .outcome = outcome, .reason = why};
	int rc = core_need_write(a, "处理异议", e);
	/* Handling is the notice's level (an upheld objection returns or
	 * rejects the case there), so the department, above it, may not;
	 * but a commendation notice is the department's own. */
	if (!rc && !strcmp(a->role, "department") && !on_commendation_notice(c, id))
		rc = err_set(e, EC_FORBIDDEN, NULL, "处理异议须由党支部、党(工)委或系统管理员办理");
	if (!rc &&
	    (!outcome || (strcmp(outcome, "unfounded") && strcmp(outcome, "upheld_returned") &&
			  strcmp(outcome, "upheld_rejected"))))
		rc = err_set(e, outcome && *outcome ? EC_INVALID : EC_MISSING, "outcome",
			     "处理结果应为：unfounded（不成立）、upheld_returned（成立，退回修改）"
			     "或 upheld_rejected（成立，不予帮扶）");
	snprintf(why, sizeof(why), "%s", reason ? reason : "");
	if (!rc)
		rc = text_field(why, TF_OBJECTION_REASON, 1, e);
	if (!rc) {
		o->id = id;
		x.c = xcalloc(1, sizeof(*x.c));
		rc = db_run_tx(c->db, "case_objection_handle", 1, handle_fn, &x, e);
		free(x.c);
	}
	free(o);
	return rc;
}

struct olist_ctx {
	const struct actor *a;
	int64_t notice_id, case_id;
	struct objection **items;
	size_t *n;
	struct aid_case *c;
};

static int olist_fn(struct db *db, void *p, struct bf_err *e)
{
	struct olist_ctx *x = p;
	struct notice nt;
	int rc = x->notice_id ? cw_notice_read(db, x->a, x->notice_id, &nt, NULL, NULL, e) : 0;
	if (!rc && x->case_id)
		rc = case_read_tx(db, x->a, x->case_id, x->c, e);
	return rc ? rc
		  : CORE_QS(store_objection_list(db, x->notice_id, x->case_id, x->items, x->n, e));
}

int case_objection_list(struct core *c, const struct actor *a, int64_t notice_id, int64_t case_id,
			struct objection **items, size_t *n, struct bf_err *e)
{
	struct olist_ctx x = {
	    .a = a, .notice_id = notice_id, .case_id = case_id, .items = items, .n = n};
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	if (!notice_id && !case_id)
		return err_set(e, EC_MISSING, "notice_id", "请指定公示或档案");
	x.c = xcalloc(1, sizeof(*x.c));
	int rc = db_run_tx(c->db, "case_objection_list", 0, olist_fn, &x, e);
	free(x.c);
	return rc;
}

const char *case_objection_label(const char *code)
{
	static const struct {
		const char *code, *label;
	} labels[] = {
	    {"phone", "电话"},
	    {"letter", "信函"},
	    {"in_person", "来访"},
	    {"upheld_returned", "异议成立，退回修改"},
	    {"upheld_rejected", "异议成立，不予帮扶"},
	    {"unfounded", "异议不成立"},
	};
	for (size_t i = 0; code && i < sizeof(labels) / sizeof(labels[0]); i++)
		if (!strcmp(labels[i].code, code))
			return labels[i].label;
	return NULL;
}
