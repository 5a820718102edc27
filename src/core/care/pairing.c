/* pairing.c - pairing (结对帮扶) and help records (帮扶记录), issue #12
 * (care.h; docs/internals/care.md).  A pairing belongs to its member's
 * branch; the helper may be any member of the register (the helper's name
 * is copied in) or a leading cadre named with their post.  Writes are
 * audited as pairing_create, pairing_end and help_record_add on the
 * object pairing. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "care.h"
#include "core/common/common.h"
#include "store.h"
#include "store_care.h"
#include "store_roll.h"
#include "strbuf.h"
#include "text.h"
#include "wrapper.h"

const char *pairing_status_label(const char *code)
{
	return !strcmp(code, "open") ? "帮扶中" : !strcmp(code, "ended") ? "已结束" : "";
}

const char *pairing_end_reason_label(const char *code)
{
	return !strcmp(code, "left_roll")  ? "脱困退出台账"
	       : !strcmp(code, "deceased") ? "党员亡故"
	       : !strcmp(code, "other")	   ? "结束帮扶"
					   : "";
}

void pairing_stale_before(char out[11])
{
	char today[CASE_DATE_LEN];
	core_today(today);
	core_add_days(today, -PAIRING_STALE_DAYS, out);
}

void pairing_due(const struct pairing *p, char out[11])
{
	const char *last =
	    strcmp(p->last_record_on, p->start_on) > 0 ? p->last_record_on : p->start_on;
	core_add_days(last, PAIRING_STALE_DAYS, out);
}

static int audit(struct db *db, const struct actor *a, const char *action, const struct pairing *x,
		 const char *extra, struct bf_err *e)
{
	struct strbuf d = STRBUF_INIT;
	strbuf_addf(&d, "{\"member_id\":%" PRId64 ",\"org_id\":%" PRId64 ",\"helper_name\":\"",
		    x->member_id, x->org_id);
	core_json_text(&d, x->helper_name, 120);
	strbuf_addch(&d, '"');
	if (x->helper_member_id)
		strbuf_addf(&d, ",\"helper_member_id\":%" PRId64, x->helper_member_id);
	if (extra && *extra)
		strbuf_addf(&d, ",%s", extra);
	strbuf_addch(&d, '}');
	int rc = audit_record(db, a, action, "pairing", x->id, d.buf, e);
	strbuf_release(&d);
	return rc;
}

static int read_tx(struct db *db, const struct actor *a, int64_t id, struct pairing *out,
		   struct bf_err *e)
{
	enum db_qs qs = store_pairing_get(db, id, out, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE || !access_in_scope(a, out->org_path))
		return err_set(e, EC_NOT_FOUND, "id", "结对帮扶不存在");
	return 0;
}

/* A day of a pairing: "" is today; not after today; not before from. */
static int check_day(const char *in, const char *from, char out[CASE_DATE_LEN], const char *field,
		     const char *label, struct bf_err *e)
{
	char today[CASE_DATE_LEN];
	core_today(today);
	if (core_date(in ? in : "", out, 0, field, label, e))
		return -1;
	if (!out[0])
		snprintf(out, CASE_DATE_LEN, "%s", today);
	if (strcmp(out, today) > 0)
		return err_set(e, EC_INVALID, field, "%s不能晚于今天", label);
	if (from && from[0] && strcmp(out, from) < 0)
		return err_set(e, EC_INVALID, field, "%s不能早于帮扶开始日期 %s", label, from);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Creation                                                            */

struct create_ctx {
	const struct actor *a;
	const struct pairing *in;
	struct pairing *out;
	int64_t helper_open;
};

static int check_six(struct pairing *x, struct bf_err *e)
{
	if (text_field(x->goal, TF_PAIRING_GOAL, 1, e) ||
	    text_field(x->measures, TF_PAIRING_MEASURES, 1, e))
		return -1;
	char start[CASE_DATE_LEN], target[CASE_DATE_LEN];
	if (core_date(x->start_on, start, 1, "start_on", "帮扶开始日期", e) ||
	    core_date(x->target_on, target, 1, "target_on", "目标完成日期", e))
		return -1;
	if (strcmp(target, start) < 0)
		return err_set(e, EC_INVALID, "target_on", "目标完成日期不能早于帮扶开始日期");
	snprintf(x->start_on, sizeof(x->start_on), "%s", start);
	snprintf(x->target_on, sizeof(x->target_on), "%s", target);
	if (text_field(x->place, TF_PAIRING_PLACE, 1, e) ||
	    text_field(x->matter, TF_PAIRING_MATTER, 1, e))
		return -1;
	return 0;
}

static int create_fn(struct db *db, void *p, struct bf_err *e)
{
	struct create_ctx *cx = p;
	const struct actor *a = cx->a;
	struct member *m = xcalloc(1, sizeof(*m)), *h = xcalloc(1, sizeof(*h));
	struct roll_entry *r = xcalloc(1, sizeof(*r));
	struct pairing *x = xcalloc(1, sizeof(*x)), *open = NULL;
	size_t n_open = 0;
	struct strbuf extra = STRBUF_INIT;
	enum db_qs qs;
	int rc = 0;

	*x = *cx->in;
	if (!x->member_id) {
		rc = err_set(e, EC_MISSING, "member_id", "请选择帮扶对象");
		goto out;
	}
	qs = store_member_get(db, x->member_id, m, e);
	if ((rc = CORE_QS(qs)))
		goto out;
	if (qs == DB_NONE || !access_in_scope(a, m->org_path)) {
		rc = err_set(e, EC_NOT_FOUND, "member_id", "党员不存在或不在您的管辖范围内");
		goto out;
	}
	qs = store_roll_open_of(db, m->id, r, e);
	if ((rc = CORE_QS(qs)))
		goto out;
	if (qs == DB_NONE || (strcmp(r->status, "active") && strcmp(r->status, "exiting"))) {
		rc = err_set(e, EC_CONFLICT, "member_id", "%s不在困难党员台账中，不能结对帮扶",
			     m->name);
		goto out;
	}
	if (x->helper_member_id) {
		if (x->helper_member_id == m->id) {
			rc = err_set(e, EC_INVALID, "helper_member_id", "帮扶人不能是帮扶对象本人");
			goto out;
		}
		qs = store_member_get(db, x->helper_member_id, h, e);
		if ((rc = CORE_QS(qs)))
			goto out;
		if (qs == DB_NONE) {
			rc = err_set(e, EC_NOT_FOUND, "helper_member_id", "帮扶人不在党员名册中");
			goto out;
		}
		if (!strcmp(h->status, "亡故")) {
			rc = err_set(e, EC_CONFLICT, "helper_member_id", "%s已亡故，不能作为帮扶人",
				     h->name);
			goto out;
		}
		snprintf(x->helper_name, sizeof(x->helper_name), "%s", h->name);
		if (text_field(x->helper_post, TF_PAIRING_HELPER_POST, 0, e)) {
			rc = -1;
			goto out;
		}
	} else if (text_field(x->helper_name, TF_PAIRING_HELPER_NAME, 1, e) ||
		   text_field(x->helper_post, TF_PAIRING_HELPER_POST, 1, e)) {
		/* a leading cadre: named with the post */
		rc = -1;
		goto out;
	}
	if ((rc = check_six(x, e)))
		goto out;
	/* one pairing of the same helper and member at a time */
	qs = store_pairing_open_of_member(db, m->id, &open, &n_open, e);
	if ((rc = CORE_QS(qs)))
		goto out;
	for (size_t i = 0; i < n_open; i++)
		if (x->helper_member_id ? open[i].helper_member_id == x->helper_member_id
					: (!open[i].helper_member_id &&
					   !strcmp(open[i].helper_name, x->helper_name))) {
			rc = err_set(e, EC_CONFLICT,
				     x->helper_member_id ? "helper_member_id" : "helper_name",
				     "%s已在帮扶%s", x->helper_name, m->name);
			goto out;
		}
	x->id = 0;
	x->member_id = m->id;
	x->org_id = m->org_id;
	x->roll_entry_id = r->id;
	x->created_by = a->user_id;
	x->created_at = 0;
	if ((rc = CORE_QS(store_pairing_insert(db, x, e))))
		goto out;
	cx->helper_open = 0;
	if (x->helper_member_id && (rc = CORE_QS(store_pairing_helper_count(db, x->helper_member_id,
									    &cx->helper_open, e))))
		goto out;
	strbuf_addf(&extra,
		    "\"roll_entry_id\":%" PRId64 ",\"start_on\":\"%s\",\"target_on\":\"%s\"",
		    x->roll_entry_id, x->start_on, x->target_on);
	if ((rc = audit(db, a, "pairing_create", x, extra.buf, e)))
		goto out;
	if (cx->out)
		rc = read_tx(db, a, x->id, cx->out, e);
out:
	strbuf_release(&extra);
	member_free(m);
	member_free(h);
	free(r);
	free(x);
	free(open);
	return rc;
}

int pairing_create(struct core *c, const struct actor *a, const struct pairing *in,
		   struct pairing *out, int64_t *helper_open, struct bf_err *e)
{
	struct create_ctx cx = {.a = a, .in = in, .out = out};
	if (core_need_write(a, "结对帮扶", e))
		return -1;
	int rc = db_run_tx(c->db, "pairing_create", 1, create_fn, &cx, e);
	if (!rc && helper_open)
		*helper_open = cx.helper_open;
	return rc;
}

/* ------------------------------------------------------------------ */
/* Reading                                                             */

struct get_ctx {
	const struct actor *a;
	int64_t id;
	struct pairing *out;
	struct help_record **records;
	size_t *n;
};

static int get_fn(struct db *db, void *p, struct bf_err *e)
{
	struct get_ctx *g = p;
	int rc = read_tx(db, g->a, g->id, g->out, e);
	if (!rc && g->records)
		rc = CORE_QS(store_help_records(db, g->id, g->records, g->n, e));
	return rc;
}

int pairing_get(struct core *c, const struct actor *a, int64_t id, struct pairing *out,
		struct help_record **records, size_t *n, struct bf_err *e)
{
	struct get_ctx g = {.a = a, .id = id, .out = out, .records = records, .n = n};
	if (records) {
		*records = NULL;
		*n = 0;
	}
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	return db_run_tx(c->db, "pairing_get", 0, get_fn, &g, e);
}

struct list_ctx {
	const struct actor *a;
	int64_t org_id;
	struct pairing_query *q;
	struct pairing **items;
	struct pairing_gap **gaps;
	size_t *n;
	int64_t *total, *covered;
	int offset, limit;
};

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

static int list_fn(struct db *db, void *p, struct bf_err *e)
{
	struct list_ctx *l = p;
	char path[256];
	int rc = org_path_of(db, l->a, l->org_id, path, e);
	if (rc)
		return rc;
	l->q->scope_path = l->a->org_path;
	l->q->org_path = path;
	return CORE_QS(store_pairing_list(db, l->q, l->items, l->n, l->total, e));
}

int pairing_list(struct core *c, const struct actor *a, int64_t org_id, struct pairing_query *q,
		 struct pairing **items, size_t *n, int64_t *total, struct bf_err *e)
{
	struct list_ctx l = {
	    .a = a, .org_id = org_id, .q = q, .items = items, .n = n, .total = total};
	*items = NULL;
	*n = 0;
	*total = 0;
	if (q->status && *q->status && strcmp(q->status, "open") && strcmp(q->status, "ended"))
		return err_set(e, EC_INVALID, "status", "状态应为 open 或 ended");
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	return db_run_tx(c->db, "pairing_list", 0, list_fn, &l, e);
}

static int member_fn(struct db *db, void *p, struct bf_err *e)
{
	struct list_ctx *l = p;
	struct member *m = xcalloc(1, sizeof(*m));
	enum db_qs qs = store_member_get(db, l->q->member_id, m, e);
	int rc = CORE_QS(qs);
	if (!rc && (qs == DB_NONE || !access_in_scope(l->a, m->org_path)))
		rc = err_set(e, EC_NOT_FOUND, "id", "党员不存在");
	member_free(m);
	if (rc)
		return rc;
	l->q->scope_path = l->a->org_path;
	l->q->org_path = NULL;
	return CORE_QS(store_pairing_list(db, l->q, l->items, l->n, l->total, e));
}

int pairing_of_member(struct core *c, const struct actor *a, int64_t member_id,
		      struct pairing **items, size_t *n, struct bf_err *e)
{
	struct pairing_query q = {.member_id = member_id, .limit = 200};
	int64_t total = 0;
	struct list_ctx l = {.a = a, .q = &q, .items = items, .n = n, .total = &total};
	*items = NULL;
	*n = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	return db_run_tx(c->db, "pairing_of_member", 0, member_fn, &l, e);
}

static int gaps_fn(struct db *db, void *p, struct bf_err *e)
{
	struct list_ctx *l = p;
	char path[256];
	int rc = org_path_of(db, l->a, l->org_id, path, e);
	if (rc)
		return rc;
	int64_t capacity = 0;
	if ((rc = CORE_QS(store_pairing_gaps(db, l->a->org_path, path, l->offset, l->limit, l->gaps,
					     l->n, l->total, &capacity, e))))
		return rc;
	*l->covered = capacity - *l->total;
	return 0;
}

int pairing_gaps(struct core *c, const struct actor *a, int64_t org_id, int offset, int limit,
		 struct pairing_gap **items, size_t *n, int64_t *total, int64_t *covered,
		 struct bf_err *e)
{
	struct list_ctx l = {.a = a,
			     .org_id = org_id,
			     .gaps = items,
			     .n = n,
			     .total = total,
			     .covered = covered,
			     .offset = offset,
			     .limit = limit};
	*items = NULL;
	*n = 0;
	*total = 0;
	*covered = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	return db_run_tx(c->db, "pairing_gaps", 0, gaps_fn, &l, e);
}

/* ------------------------------------------------------------------ */
/* Ending, the roll's exit                                             */

int pairing_end_tx(struct db *db, const struct actor *a, struct pairing *x, const char *reason,
		   const char *day, struct bf_err *e)
{
	char extra[160];
	snprintf(x->status, sizeof(x->status), "ended");
	snprintf(x->end_on, sizeof(x->end_on), "%s", day);
	snprintf(x->end_reason, sizeof(x->end_reason), "%s", reason);
	enum db_qs qs = store_pairing_end(db, x, e);
	if (qs == DB_NONE)
		return err_set(e, EC_CONFLICT, "version", "该结对帮扶已被他人更新，请刷新后重试");
	if (qs < 0)
		return qs;
	snprintf(extra, sizeof(extra), "\"end_on\":\"%s\",\"end_reason\":\"%s\"", day, reason);
	return audit(db, a, "pairing_end", x, extra, e);
}

struct end_ctx {
	const struct actor *a;
	int64_t id, version;
	const char *end_on, *note, *outcome;
};

static int end_fn(struct db *db, void *p, struct bf_err *e)
{
	struct end_ctx *cx = p;
	struct pairing *x = xcalloc(1, sizeof(*x));
	char day[CASE_DATE_LEN];
	int rc = read_tx(db, cx->a, cx->id, x, e);
	if (rc)
		goto out;
	if (cx->version && cx->version != x->version) {
		rc = err_set(e, EC_CONFLICT, "version", "该结对帮扶已被他人更新，请刷新后重试");
		goto out;
	}
	if (strcmp(x->status, "open")) {
		rc = err_set(e, EC_CONFLICT, "status", "该结对帮扶已结束");
		goto out;
	}
	if ((rc = check_day(cx->end_on, x->start_on, day, "end_on", "结束日期", e)))
		goto out;
	if (strlen(cx->note ? cx->note : "") >= sizeof(x->end_note) ||
	    strlen(cx->outcome ? cx->outcome : "") >= sizeof(x->outcome)) {
		rc = err_set(e, EC_INVALID,
			     strlen(cx->note ? cx->note : "") >= sizeof(x->end_note) ? "end_note"
										     : "outcome",
			     "内容过长");
		goto out;
	}
	snprintf(x->end_note, sizeof(x->end_note), "%s", cx->note ? cx->note : "");
	snprintf(x->outcome, sizeof(x->outcome), "%s", cx->outcome ? cx->outcome : "");
	if (text_field(x->end_note, TF_PAIRING_END_NOTE, 1, e) ||
	    text_field(x->outcome, TF_PAIRING_OUTCOME, 1, e)) {
		rc = -1;
		goto out;
	}
	rc = pairing_end_tx(db, cx->a, x, "other", day, e);
out:
	free(x);
	return rc;
}

int pairing_end(struct core *c, const struct actor *a, int64_t id, const char *end_on,
		const char *note, const char *outcome, int64_t version, struct bf_err *e)
{
	struct end_ctx cx = {.a = a,
			     .id = id,
			     .version = version,
			     .end_on = end_on,
			     .note = note,
			     .outcome = outcome};
	if (core_need_write(a, "结束结对帮扶", e))
		return -1;
	return db_run_tx(c->db, "pairing_end", 1, end_fn, &cx, e);
}

int care_pairings_close_tx(struct db *db, const struct actor *a, int64_t member_id, const char *day,
			   struct bf_err *e)
{
	struct pairing *open = NULL;
	size_t n = 0;
	int rc = CORE_QS(store_pairing_open_of_member(db, member_id, &open, &n, e));
	for (size_t i = 0; !rc && i < n; i++) {
		snprintf(open[i].end_note, sizeof(open[i].end_note), "帮扶对象脱困退出台账");
		rc = pairing_end_tx(db, a, &open[i], "left_roll", day, e);
	}
	free(open);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Help records                                                        */

struct rec_ctx {
	const struct actor *a;
	int64_t id;
	struct help_record *r;
};

static int rec_fn(struct db *db, void *p, struct bf_err *e)
{
	struct rec_ctx *cx = p;
	struct pairing *x = xcalloc(1, sizeof(*x));
	char day[CASE_DATE_LEN], extra[64];
	int rc = read_tx(db, cx->a, cx->id, x, e);
	if (rc)
		goto out;
	if (strcmp(x->status, "open")) {
		rc = err_set(e, EC_CONFLICT, "status", "该结对帮扶已结束，不能再添加帮扶记录");
		goto out;
	}
	if (!cx->r->done_on[0]) {
		rc = err_set(e, EC_MISSING, "done_on", "请填写帮扶日期");
		goto out;
	}
	if ((rc = check_day(cx->r->done_on, x->start_on, day, "done_on", "帮扶日期", e)))
		goto out;
	snprintf(cx->r->done_on, sizeof(cx->r->done_on), "%s", day);
	if (text_field(cx->r->what, TF_HELP_WHAT, 1, e) ||
	    text_field(cx->r->result, TF_HELP_RESULT, 0, e)) {
		rc = -1;
		goto out;
	}
	cx->r->pairing_id = x->id;
	cx->r->created_by = cx->a->user_id;
	cx->r->created_at = 0;
	if ((rc = CORE_QS(store_help_record_insert(db, cx->r, e))))
		goto out;
	snprintf(extra, sizeof(extra), "\"record_id\":%" PRId64 ",\"done_on\":\"%s\"", cx->r->id,
		 day);
	rc = audit(db, cx->a, "help_record_add", x, extra, e);
out:
	free(x);
	return rc;
}

int pairing_record_add(struct core *c, const struct actor *a, int64_t id, struct help_record *r,
		       struct bf_err *e)
{
	struct rec_ctx cx = {.a = a, .id = id, .r = r};
	if (core_need_write(a, "添加帮扶记录", e))
		return -1;
	return db_run_tx(c->db, "help_record_add", 1, rec_fn, &cx, e);
}
