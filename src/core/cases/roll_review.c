/* roll_review.c - the June and November reviews of the hardship roll
 * (台账动态调整, 每年6月、11月; issue #11, DOMAIN.md §3 "Dynamic
 * management"; docs/internals/roll_review.md).  The department opens a
 * review of its subtree (the store snapshots the roll in one statement);
 * each branch decides its items; the committee confirms them, which applies
 * each decision to its entry through the roll's own calls (roll.c:
 * roll_update_tx, roll_exit_tx, roll_event_tx) so the roll's rules are
 * kept in one place and every history row names the review.  The to-do
 * items are casework_todo.c's (roll_review_todo_each). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "casework_impl.h"
#include "roll_review_impl.h"
#include "store.h"
#include "store_roll.h"
#include "store_roll_review.h"

struct code_label {
	const char *code, *label;
};

static const struct code_label kinds[] = {
    {"june", "6月动态调整"}, {"november", "11月动态调整（登记审核）"}, {NULL, NULL}};
static const struct code_label decisions[] = {
    {"continue", "继续保留"}, {"change", "调整类别或档次"},
    {"exit", "脱困退出"},     {"deceased", "亡故"},
    {"moved", "迁出"},	      {NULL, NULL}};

static const char *label_of(const struct code_label *t, const char *code)
{
	for (; code && t->code; t++)
		if (!strcmp(t->code, code))
			return t->label;
	return "";
}

const char *roll_review_kind_label(const char *kind)
{
	return label_of(kinds, kind);
}

const char *roll_review_decision_label(const char *decision)
{
	return label_of(decisions, decision);
}

static int is_confirmer(const struct actor *a)
{
	return !strcmp(a->role, "committee") || !strcmp(a->role, "department") ||
	       !strcmp(a->role, "admin");
}

/* Seen from above (its organisation in the actor's subtree) or below (its
 * organisation one of the actor's ancestors). */
static int visible(const struct actor *a, const struct roll_review *r)
{
	char me[32];
	snprintf(me, sizeof(me), "/%" PRId64 "/", r->org_id);
	return access_in_scope(a, r->org_path) || strstr(a->org_path, me) != NULL;
}

int rr_review_read(struct db *db, const struct actor *a, int64_t id, struct roll_review *r,
		   struct bf_err *e)
{
	enum db_qs qs = store_roll_review_get(db, id, r, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE || !visible(a, r))
		return err_set(e, EC_NOT_FOUND, "id", "台账动态调整不存在");
	return 0;
}

static int audit_review(struct db *db, const struct actor *a, const char *action,
			const struct roll_review *r, const char *extra, struct bf_err *e)
{
	struct strbuf d = STRBUF_INIT;
	strbuf_addf(&d, "{\"year\":%d,\"kind\":\"%s\",\"title\":\"", r->year, r->kind);
	core_json_text(&d, r->title, 200);
	strbuf_addf(&d, "\",\"finish_on\":\"%s\"", r->finish_on);
	if (extra && *extra)
		strbuf_addf(&d, ",%s", extra);
	strbuf_addch(&d, '}');
	int rc = audit_record(db, a, action, "roll_review", r->id, d.buf, e);
	strbuf_release(&d);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Opening, reading, closing                                           */

struct open_ctx {
	const struct actor *a;
	struct roll_review *r;
};

static int open_fn(struct db *db, void *p, struct bf_err *e)
{
	struct open_ctx *x = p;
	struct org o;
	char extra[64];
	int rc = core_actor_org(db, x->a, &o, e);
	if (rc)
		return rc;
	x->r->org_id = o.id;
	if ((rc = CORE_QS(store_roll_review_insert(db, x->r, o.path, e))))
		return rc;
	snprintf(extra, sizeof(extra), "\"items\":%" PRId64, x->r->items);
	rc = audit_review(db, x->a, "roll_review_open", x->r, extra, e);
	if (!rc)
		rc = rr_review_read(db, x->a, x->r->id, x->r, e);
	return rc;
}

int roll_review_open(struct core *c, const struct actor *a, const struct roll_review_input *in,
		     struct roll_review *out, struct bf_err *e)
{
	char today[CASE_DATE_LEN];
	if (core_need_department(a, "开启台账动态调整", e))
		return -1;
	core_today(today);
	memset(out, 0, sizeof(*out));
	out->year = in->year ? in->year : (int)strtol(today, NULL, 10);
	if (out->year < 2000 || out->year > 2100)
		return err_set(e, EC_INVALID, "year", "年度须在 2000 到 2100 之间");
	if (!in->kind || !*in->kind)
		return err_set(e, EC_MISSING, "kind", "请选择调整批次（6月或11月）");
	if (!*roll_review_kind_label(in->kind))
		return err_set(e, EC_INVALID, "kind",
			       "调整批次应为 june（6月）或 november（11月）");
	snprintf(out->kind, sizeof(out->kind), "%s", in->kind);
	if (in->title && strlen(in->title) >= sizeof(out->title))
		return err_set(e, EC_INVALID, "title", "调整名称不能超过 %d 个字",
			       TF_ROLL_REVIEW_TITLE_MAX);
	snprintf(out->title, sizeof(out->title), "%s", in->title ? in->title : "");
	if (text_field(out->title, TF_ROLL_REVIEW_TITLE, 0, e))
		return -1;
	if (!out->title[0])
		snprintf(out->title, sizeof(out->title), "%d 年 %s 月台账动态调整", out->year,
			 strcmp(in->kind, "june") ? "11" : "6");
	if (core_date(in->finish_on ? in->finish_on : "", out->finish_on, 1, "finish_on",
		      "完成期限", e))
		return -1;
	if (strcmp(out->finish_on, today) < 0)
		return err_set(e, EC_INVALID, "finish_on", "完成期限不能早于今天");
	snprintf(out->opened_on, sizeof(out->opened_on), "%s", today);
	out->created_by = a->user_id;
	struct open_ctx x = {.a = a, .r = out};
	return db_run_tx(c->db, "roll_review_open", 1, open_fn, &x, e);
}

struct get_ctx {
	const struct actor *a;
	int64_t id;
	int year;
	struct roll_review *out;
	struct roll_review *items;
	size_t n;
};

static int get_fn(struct db *db, void *p, struct bf_err *e)
{
	struct get_ctx *x = p;
	return rr_review_read(db, x->a, x->id, x->out, e);
}

int roll_review_get(struct core *c, const struct actor *a, int64_t id, struct roll_review *out,
		    struct bf_err *e)
{
	struct get_ctx x = {.a = a, .id = id, .out = out};
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	return db_run_tx(c->db, "roll_review_get", 0, get_fn, &x, e);
}

static int list_fn(struct db *db, void *p, struct bf_err *e)
{
	struct get_ctx *x = p;
	free(x->items);
	x->items = NULL;
	x->n = 0;
	int rc = CORE_QS(store_roll_review_list(db, x->year, &x->items, &x->n, e));
	size_t k = 0;
	for (size_t i = 0; !rc && i < x->n; i++)
		if (visible(x->a, &x->items[i]))
			x->items[k++] = x->items[i];
	x->n = k;
	return rc;
}

int roll_review_list(struct core *c, const struct actor *a, int year, struct roll_review **items,
		     size_t *n, struct bf_err *e)
{
	struct get_ctx x = {.a = a, .year = year};
	*items = NULL;
	*n = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	if (db_run_tx(c->db, "roll_review_list", 0, list_fn, &x, e)) {
		free(x.items);
		return -1;
	}
	*items = x.items;
	*n = x.n;
	return 0;
}

static int close_fn(struct db *db, void *p, struct bf_err *e)
{
	struct get_ctx *x = p;
	struct roll_review r;
	char extra[96];
	int rc = rr_review_read(db, x->a, x->id, &r, e);
	if (rc)
		return rc;
	if (!access_in_scope(x->a, r.org_path) || (x->a->org_id && x->a->org_id != r.org_id))
		return err_set(e, EC_FORBIDDEN, NULL, "只有开启本次调整的组织部可以结束它");
	enum db_qs qs = store_roll_review_close(db, r.id, x->a->user_id, e);
	if (qs == DB_NONE)
		return err_set(e, EC_CONFLICT, "status", "本次台账动态调整已经结束");
	if ((rc = CORE_QS(qs)))
		return rc;
	snprintf(extra, sizeof(extra), "\"confirmed\":%" PRId64 ",\"unconfirmed\":%" PRId64,
		 r.confirmed, r.open + r.decided);
	return audit_review(db, x->a, "roll_review_close", &r, extra, e);
}

int roll_review_close(struct core *c, const struct actor *a, int64_t id, struct bf_err *e)
{
	struct get_ctx x = {.a = a, .id = id};
	if (core_need_department(a, "结束台账动态调整", e))
		return -1;
	return db_run_tx(c->db, "roll_review_close", 1, close_fn, &x, e);
}

/* ------------------------------------------------------------------ */
/* Items                                                               */

struct items_ctx {
	const struct actor *a;
	int64_t id, org_id;
	const char *status;
	int offset, limit;
	struct roll_review_item *items;
	size_t n;
	int64_t total;
};

/* The subtree (path) an actor works on in a review: its own, narrowed to
 * org_id (404 outside). */
static int work_range(struct db *db, const struct actor *a, int64_t org_id, char path[256],
		      struct bf_err *e)
{
	struct org o;
	snprintf(path, 256, "%s", a->org_path[0] ? a->org_path : "/");
	if (org_id) {
		int rc = core_org_read(db, a, org_id, "org", &o, e);
		if (rc)
			return rc;
		snprintf(path, 256, "%s", o.path);
	}
	return 0;
}

static int items_fn(struct db *db, void *p, struct bf_err *e)
{
	struct items_ctx *x = p;
	struct roll_review r;
	char path[256];
	free(x->items);
	x->items = NULL;
	x->n = 0;
	int rc = rr_review_read(db, x->a, x->id, &r, e);
	if (!rc)
		rc = work_range(db, x->a, x->org_id, path, e);
	if (!rc)
		rc = CORE_QS(store_roll_review_items(db, x->id, path, x->status, x->offset,
						     x->limit, &x->items, &x->n, &x->total, e));
	return rc;
}

int roll_review_items(struct core *c, const struct actor *a, int64_t id, int64_t org_id,
		      const char *status, int offset, int limit, struct roll_review_item **items,
		      size_t *n, int64_t *total, struct bf_err *e)
{
	struct items_ctx x = {
	    .a = a, .id = id, .org_id = org_id, .status = status, .offset = offset, .limit = limit};
	*items = NULL;
	*n = 0;
	*total = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	if (status && *status && strcmp(status, "open") && strcmp(status, "decided") &&
	    strcmp(status, "confirmed"))
		return err_set(e, EC_INVALID, "status", "状态应为 open、decided 或 confirmed");
	if (db_run_tx(c->db, "roll_review_items", 0, items_fn, &x, e)) {
		free(x.items);
		return -1;
	}
	*items = x.items;
	*n = x.n;
	*total = x.total;
	return 0;
}

int rr_item_read(struct db *db, const struct actor *a, int64_t id, struct roll_review_item *it,
		 struct bf_err *e)
{
	enum db_qs qs = store_roll_review_item_get(db, id, it, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE || !access_in_scope(a, it->org_path))
		return err_set(e, EC_NOT_FOUND, "id", "调整事项不存在");
	return 0;
}

struct item_ctx {
	const struct actor *a;
	int64_t id;
	const struct roll_review_decision *d;
	const char *reason;
	struct roll_review_item *out;
};

static int item_get_fn(struct db *db, void *p, struct bf_err *e)
{
	struct item_ctx *x = p;
	return rr_item_read(db, x->a, x->id, x->out, e);
}

int roll_review_item_get(struct core *c, const struct actor *a, int64_t item_id,
			 struct roll_review_item *out, struct bf_err *e)
{
	struct item_ctx x = {.a = a, .id = item_id, .out = out};
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	return db_run_tx(c->db, "roll_review_item_get", 0, item_get_fn, &x, e);
}

static int item_write(struct db *db, struct roll_review_item *it, struct bf_err *e)
{
	enum db_qs qs = store_roll_review_item_update(db, it, e);
	if (qs == DB_NONE)
		return err_set(e, EC_CONFLICT, "version", "该调整事项已被他人更新，请刷新后重试");
	return CORE_QS(qs);
}

/* The item and its review, both open for work. */
static int item_open_tx(struct db *db, const struct actor *a, int64_t id,
			struct roll_review_item *it, struct roll_review *r, struct bf_err *e)
{
	int rc = rr_item_read(db, a, id, it, e);
	if (!rc)
		rc = CORE_QS(store_roll_review_get(db, it->review_id, r, e));
	if (!rc && strcmp(r->status, "open"))
		rc = err_set(e, EC_CONFLICT, "status", "本次台账动态调整已经结束");
	return rc;
}

static int check_text(const char *in, char *out, size_t cap, const char *field, const char *label,
		      struct bf_err *e)
{
	if (in && strlen(in) >= cap)
		return err_set(e, EC_INVALID, field, "%s不能超过 %d 个字", label,
			       TF_ROLL_REASON_MAX);
	snprintf(out, cap, "%s", in ? in : "");
	return text_field(out, TF_ROLL_REASON, 0, e);
}

static int decide_fn(struct db *db, void *p, struct bf_err *e)
{
	struct item_ctx x0 = *(struct item_ctx *)p;
	struct item_ctx *x = &x0;
	const struct roll_review_decision *d = x->d;
	struct roll_review_item *it = x->out;
	struct roll_review r;
	char today[CASE_DATE_LEN];
	int rc = item_open_tx(db, x->a, x->id, it, &r, e);
	if (rc)
		return rc;
	core_today(today);
	if (!strcmp(it->status, "confirmed"))
		return err_set(e, EC_CONFLICT, "status", "该调整事项已经确认，不能再修改");
	if (strcmp(it->entry_status, "active"))
		return err_set(e, EC_CONFLICT, "status", "%s已不在台账中（%s），无需调整",
			       it->member_name, roll_status_label(it->entry_status));
	if (d->version && d->version != it->version)
		return err_set(e, EC_CONFLICT, "version", "该调整事项已被他人更新，请刷新后重试");
	const char *dec = d->decision ? d->decision : "";
	if (!*dec)
		return err_set(e, EC_MISSING, "decision", "请选择调整结果");
	if (!*roll_review_decision_label(dec))
		return err_set(e, EC_INVALID, "decision",
			       "调整结果应为继续保留、调整类别或档次、脱困退出、亡故或迁出");
	if ((rc = check_text(d->reason, it->reason, sizeof(it->reason), "reason", "原因", e)))
		return rc;
	snprintf(it->decision, sizeof(it->decision), "%s", dec);
	it->new_category[0] = it->new_tier[0] = it->exit_on[0] = it->exit_reason[0] = '\0';
	if (!strcmp(dec, "change")) {
		const char *cat = d->category ? d->category : "";
		const char *tier = d->tier ? d->tier : "";
		if (*cat && !*roll_category_label(cat))
			return err_set(e, EC_INVALID, "category", "类别应为造血型、输血型或关爱型");
		if (*tier && !*roll_tier_label(tier))
			return err_set(e, EC_INVALID, "tier",
				       "档次应为特别困难、比较困难或暂时困难");
		int same_cat = !*cat || !strcmp(cat, it->category);
		int same_tier = !*tier || !strcmp(tier, it->tier);
		if (same_cat && same_tier)
			return err_set(e, EC_INVALID, "tier", "请选择新的类别或档次（与现在不同）");
		if (!it->reason[0])
			return err_set(e, EC_MISSING, "reason", "请写明调整类别或档次的原因");
		snprintf(it->new_category, sizeof(it->new_category), "%s", same_cat ? "" : cat);
		snprintf(it->new_tier, sizeof(it->new_tier), "%s", same_tier ? "" : tier);
	} else if (strcmp(dec, "continue")) {
		const char *why =
		    !strcmp(dec, "exit") ? (d->exit_reason ? d->exit_reason : "") : dec;
		if (!strcmp(dec, "exit")) {
			if (!*why)
				return err_set(e, EC_MISSING, "exit_reason", "请选择脱困原因");
			if (strcmp(why, "income") && strcmp(why, "work") && strcmp(why, "other"))
				return err_set(e, EC_INVALID, "exit_reason",
					       "脱困原因应为收入超过标准、实现就业或其他"
					       "（亡故、迁出请选对应的调整结果）");
			if (!strcmp(why, "other") && !it->reason[0])
				return err_set(e, EC_MISSING, "reason",
					       "脱困原因为“其他”时请写明原因");
		}
		if (core_date(d->exit_on ? d->exit_on : "", it->exit_on, 0, "exit_on", "退出日期",
			      e))
			return -1;
		if (!it->exit_on[0])
			snprintf(it->exit_on, sizeof(it->exit_on), "%s", today);
		if (strcmp(it->exit_on, today) > 0)
			return err_set(e, EC_INVALID, "exit_on", "退出日期不能晚于今天");
		if (strcmp(it->exit_on, it->since_on) < 0)
			return err_set(e, EC_INVALID, "exit_on", "退出日期不能早于纳入日期 %s",
				       it->since_on);
		snprintf(it->exit_reason, sizeof(it->exit_reason), "%s", why);
	}
	snprintf(it->status, sizeof(it->status), "decided");
	it->returned_reason[0] = '\0';
	it->decided_by = x->a->user_id;
	it->decided_at = (int64_t)time(NULL);
	if ((rc = item_write(db, it, e)))
		return rc;
	struct strbuf d2 = STRBUF_INIT;
	strbuf_addf(&d2,
		    "{\"review_id\":%" PRId64 ",\"entry_id\":%" PRId64 ",\"member_id\":%" PRId64
		    ",\"decision\":\"%s\"",
		    it->review_id, it->entry_id, it->member_id, it->decision);
	if (it->new_category[0])
		strbuf_addf(&d2, ",\"category\":\"%s\"", it->new_category);
	if (it->new_tier[0])
		strbuf_addf(&d2, ",\"tier\":\"%s\"", it->new_tier);
	if (it->exit_reason[0])
		strbuf_addf(&d2, ",\"exit_reason\":\"%s\",\"exit_on\":\"%s\"", it->exit_reason,
			    it->exit_on);
	if (it->reason[0]) {
		strbuf_adds(&d2, ",\"reason\":\"");
		core_json_text(&d2, it->reason, 300);
		strbuf_addch(&d2, '"');
	}
	strbuf_addch(&d2, '}');
	rc = audit_record(db, x->a, "roll_review_decide", "roll_review_item", it->id, d2.buf, e);
	strbuf_release(&d2);
	return rc;
}

int roll_review_decide(struct core *c, const struct actor *a, int64_t item_id,
		       const struct roll_review_decision *d, struct roll_review_item *out,
		       struct bf_err *e)
{
	struct roll_review_item tmp;
	struct item_ctx x = {.a = a, .id = item_id, .d = d, .out = out ? out : &tmp};
	if (core_need_write(a, "填写台账动态调整", e))
		return -1;
	return db_run_tx(c->db, "roll_review_decide", 1, decide_fn, &x, e);
}

static int return_fn(struct db *db, void *p, struct bf_err *e)
{
	struct item_ctx *x = p;
	struct roll_review_item it;
	struct roll_review r;
	int rc = item_open_tx(db, x->a, x->id, &it, &r, e);
	if (rc)
		return rc;
	if (strcmp(it.status, "decided"))
		return err_set(e, EC_CONFLICT, "status", "只有已填报、待确认的事项可以退回");
	if ((rc = check_text(x->reason, it.returned_reason, sizeof(it.returned_reason), "reason",
			     "退回原因", e)))
		return rc;
	if (!it.returned_reason[0])
		return err_set(e, EC_MISSING, "reason", "请写明退回的原因");
	snprintf(it.status, sizeof(it.status), "open");
	it.decision[0] = it.new_category[0] = it.new_tier[0] = '\0';
	it.exit_on[0] = it.exit_reason[0] = '\0';
	if ((rc = item_write(db, &it, e)))
		return rc;
	struct strbuf d = STRBUF_INIT;
	strbuf_addf(&d, "{\"review_id\":%" PRId64 ",\"entry_id\":%" PRId64 ",\"reason\":\"",
		    it.review_id, it.entry_id);
	core_json_text(&d, it.returned_reason, 300);
	strbuf_adds(&d, "\"}");
	rc = audit_record(db, x->a, "roll_review_return", "roll_review_item", it.id, d.buf, e);
	strbuf_release(&d);
	return rc;
}

int roll_review_return(struct core *c, const struct actor *a, int64_t item_id, const char *reason,
		       struct bf_err *e)
{
	struct item_ctx x = {.a = a, .id = item_id, .reason = reason};
	if (core_need_write(a, "退回台账动态调整", e))
		return -1;
	if (!is_confirmer(a))
		return err_set(e, EC_FORBIDDEN, NULL, "只有党(工)委或组织部可以退回调整事项");
	return db_run_tx(c->db, "roll_review_return", 1, return_fn, &x, e);
}

/* ------------------------------------------------------------------ */
/* Confirmation: the decision goes onto the roll                       */

/* Applies one decided item to its entry, with the review on the history. */
static int apply_tx(struct db *db, const struct actor *a, struct roll_review_item *it,
		    struct bf_err *e)
{
	struct roll_entry *x = xcalloc(1, sizeof(*x)), *in = xcalloc(1, sizeof(*in));
	char why[TEXT_BYTES(TF_ROLL_REASON_MAX)];
	snprintf(why, sizeof(why), "%s", it->reason);
	struct roll_why w = {.reason = why, .review_id = it->review_id};
	int rc = roll_read_tx(db, a, it->entry_id, x, e);
	if (!rc && strcmp(x->status, "active"))
		rc = err_set(e, EC_CONFLICT, "status", "%s已不在台账中（%s），请退回该事项",
			     it->member_name, roll_status_label(x->status));
	if (rc)
		goto out;
	if (!strcmp(it->decision, "continue")) {
		if (!why[0])
			snprintf(why, sizeof(why), "继续保留");
		rc = roll_event_tx(db, a, x, "review", &w, e);
	} else if (!strcmp(it->decision, "change")) {
		unsigned set = 0;
		snprintf(in->category, sizeof(in->category), "%s", it->new_category);
		snprintf(in->tier, sizeof(in->tier), "%s", it->new_tier);
		set |= it->new_category[0] ? ROLL_F_CATEGORY : 0;
		set |= it->new_tier[0] ? ROLL_F_TIER : 0;
		rc = roll_update_tx(db, a, x, in, set, &w, "review", e);
	} else {
		const char *note = !strcmp(it->exit_reason, "other") ? it->reason : "";
		rc = roll_exit_tx(db, a, x, it->exit_on, it->exit_reason, note, &w, e);
	}
	if (rc && e->field[0] && strcmp(e->field, "version") && strcmp(e->field, "status")) {
		/* name the member whose item failed */
		char msg[sizeof(e->message)];
		snprintf(msg, sizeof(msg), "%s", e->message);
		err_set(e, e->code, e->field, "%s：%s", it->member_name, msg);
	}
out:
	free(x);
	free(in);
	return rc;
}

struct confirm_ctx {
	const struct actor *a;
	int64_t id, org_id;
	const int64_t *ids;
	size_t n;
	int64_t count;
};

static int confirm_one(struct db *db, const struct actor *a, int64_t review_id, int64_t item_id,
		       struct bf_err *e)
{
	struct roll_review_item it;
	int rc = rr_item_read(db, a, item_id, &it, e);
	if (!rc && it.review_id != review_id)
		rc = err_set(e, EC_NOT_FOUND, "item_ids", "调整事项 %" PRId64 " 不属于本次调整",
			     item_id);
	if (!rc && strcmp(it.status, "decided"))
		rc = err_set(e, EC_CONFLICT, "item_ids", "%s的调整事项%s，不能确认", it.member_name,
			     strcmp(it.status, "open") ? "已经确认" : "尚未填报");
	if (!rc)
		rc = apply_tx(db, a, &it, e);
	if (rc)
		return rc;
	snprintf(it.status, sizeof(it.status), "confirmed");
	it.confirmed_by = a->user_id;
	it.confirmed_at = (int64_t)time(NULL);
	return item_write(db, &it, e);
}

static int confirm_fn(struct db *db, void *p, struct bf_err *e)
{
	struct confirm_ctx *x = p;
	struct roll_review r;
	int64_t *ids = NULL;
	size_t n = 0;
	char path[256], extra[160];
	x->count = 0;
	int rc = rr_review_read(db, x->a, x->id, &r, e);
	if (!rc && strcmp(r.status, "open"))
		rc = err_set(e, EC_CONFLICT, "status", "本次台账动态调整已经结束");
	if (rc)
		return rc;
	if (!x->n) {
		if ((rc = work_range(db, x->a, x->org_id, path, e)) ||
		    (rc = CORE_QS(store_roll_review_decided(db, x->id, path, &ids, &n, e))))
			goto out;
		if (!n) {
			rc = err_set(e, EC_CONFLICT, "org_id", "没有已填报、待确认的调整事项");
			goto out;
		}
	}
	const int64_t *list = x->n ? x->ids : ids;
	size_t count = x->n ? x->n : n;
	for (size_t i = 0; i < count; i++)
		if ((rc = confirm_one(db, x->a, x->id, list[i], e)))
			goto out;
	x->count = (int64_t)count;
	snprintf(extra, sizeof(extra), "\"count\":%" PRId64 ",\"org_id\":%" PRId64, x->count,
		 x->org_id ? x->org_id : x->a->org_id);
	rc = audit_review(db, x->a, "roll_review_confirm", &r, extra, e);
out:
	free(ids);
	return rc;
}

int roll_review_confirm(struct core *c, const struct actor *a, int64_t id, int64_t org_id,
			const int64_t *ids, size_t n, int64_t *count, struct bf_err *e)
{
	struct confirm_ctx x = {.a = a, .id = id, .org_id = org_id, .ids = ids, .n = n};
	*count = 0;
	if (core_need_write(a, "确认台账动态调整", e))
		return -1;
	if (!is_confirmer(a))
		return err_set(e, EC_FORBIDDEN, NULL, "只有党(工)委或组织部可以确认台账动态调整");
	int rc = db_run_tx(c->db, "roll_review_confirm", 1, confirm_fn, &x, e);
	if (!rc)
		*count = x.count;
	return rc;
}

/* ------------------------------------------------------------------ */
/* Progress                                                            */

struct progress_ctx {
	const struct actor *a;
	int64_t id, org_id;
	struct roll_review_progress *rows;
	size_t n;
};

static int progress_fn(struct db *db, void *p, struct bf_err *e)
{
	struct progress_ctx *x = p;
	struct roll_review r;
	struct org o, *orgs = NULL;
	struct roll_review_count *cells = NULL;
	size_t no = 0, nc = 0;
	char today[CASE_DATE_LEN];
	free(x->rows);
	x->rows = NULL;
	x->n = 0;
	int rc = rr_review_read(db, x->a, x->id, &r, e);
	if (rc)
		return rc;
	int64_t at = x->org_id;
	if (!at) /* the actor's organisation, or the review's when lower */
		at = access_in_scope(x->a, r.org_path) ? r.org_id : x->a->org_id;
	if (!at)
		at = r.org_id;
	if ((rc = core_org_read(db, x->a, at, "org", &o, e)))
		return rc;
	if ((rc = CORE_QS(store_org_list(db, o.path, &orgs, &no, e))) ||
	    (rc = CORE_QS(store_roll_review_counts(db, x->id, o.path, &cells, &nc, e))))
		goto out;
	x->rows = xcalloc(no + 1, sizeof(*x->rows));
	/* the paths of the rows, to place each count */
	char(*paths)[256] = xcalloc(no + 1, sizeof(*paths));
	for (size_t i = 0; i < no; i++) {
		if (orgs[i].id != o.id && orgs[i].parent_id != o.id)
			continue;
		struct roll_review_progress *row = &x->rows[x->n];
		row->org_id = orgs[i].id;
		row->own = orgs[i].id == o.id;
		snprintf(row->org_name, sizeof(row->org_name), "%s", orgs[i].name);
		snprintf(paths[x->n], 256, "%s", orgs[i].path);
		x->n++;
	}
	core_today(today);
	int late = strcmp(today, r.finish_on) > 0;
	for (size_t k = 0; k < nc; k++) {
		struct roll_review_progress *row = NULL;
		for (size_t i = 0; i < x->n && !row; i++) {
			if (x->rows[i].own
				? cells[k].org_id == o.id
				: !strncmp(cells[k].org_path, paths[i], strlen(paths[i])))
				row = &x->rows[i];
		}
		if (!row)
			continue;
		row->total += cells[k].n;
		if (!strcmp(cells[k].status, "open"))
			row->open += cells[k].n;
		else if (!strcmp(cells[k].status, "decided"))
			row->decided += cells[k].n;
		else
			row->confirmed += cells[k].n;
		if (late && strcmp(cells[k].status, "confirmed"))
			row->late += cells[k].n;
	}
	free(paths);
out:
	free(orgs);
	free(cells);
	return rc;
}

int roll_review_progress(struct core *c, const struct actor *a, int64_t id, int64_t org_id,
			 struct roll_review_progress **rows, size_t *n, struct bf_err *e)
{
	struct progress_ctx x = {.a = a, .id = id, .org_id = org_id};
	*rows = NULL;
	*n = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	if (db_run_tx(c->db, "roll_review_progress", 0, progress_fn, &x, e)) {
		free(x.rows);
		return -1;
	}
	*rows = x.rows;
	*n = x.n;
	return 0;
}

/* ------------------------------------------------------------------ */
/* To-do                                                               */

int rr_todo_each(struct db *db, const struct actor *a, rr_todo_fn fn, void *ctx, struct bf_err *e)
{
	struct roll_review_waiting *rows = NULL;
	size_t n = 0;
	int branch = !strcmp(a->role, "branch");
	if (!branch && !is_confirmer(a))
		return 0;
	int rc = CORE_QS(store_roll_review_waiting(db, a->org_path[0] ? a->org_path : "/",
						   branch ? "open" : "decided", &rows, &n, e));
	for (size_t i = 0; !rc && i < n; i++)
		fn(ctx, &rows[i], branch);
	free(rows);
	return rc;
}
