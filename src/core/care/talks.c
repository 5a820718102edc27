/* talks.c - talks (谈心谈话, issue #12; care.h): a leading member (a
 * register member or a named cadre) talked with a member, the yearly talk
 * every member is owed or a "must talk" occasion; the talks of a subtree;
 * the members not yet talked with this year, on the branch's to-do list in
 * the last quarter.  Every write is audited in its transaction. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "care.h"
#include "core/common/common.h"
#include "date.h"
#include "store.h"
#include "store_care.h"
#include "strbuf.h"
#include "text.h"
#include "wrapper.h"

static const struct {
	const char *code, *label;
} kinds[] = {
    {"yearly", "年度谈心谈话"},	   {"achievement", "取得成绩时"}, {"difficulty", "遇到困难时"},
    {"conflict", "发生矛盾时"},	   {"error", "出现失误时"},	  {"problem", "出现问题时"},
    {"post_change", "岗位变动时"}, {"retirement", "退休时"},	  {"complaint", "群众有反映时"},
};

const char *care_talk_kind_label(const char *kind)
{
	for (size_t i = 0; kind && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(kinds[i].code, kind))
			return kinds[i].label;
	return "";
}

/* The member id in the actor's scope, into m; EC_NOT_FOUND on field. */
static int member_in_scope(struct db *db, const struct actor *a, int64_t id, const char *field,
			   struct member *m, struct bf_err *e)
{
	enum db_qs qs = store_member_get(db, id, m, e);
	int rc = CORE_QS(qs);
	if (!rc && (qs == DB_NONE || !access_in_scope(a, m->org_path)))
		rc = err_set(e, EC_NOT_FOUND, field, "党员不存在或不在您的管辖范围内");
	return rc;
}

struct create_ctx {
	const struct actor *a;
	struct care_talk *x;
};

static int create_fn(struct db *db, void *p, struct bf_err *e)
{
	struct create_ctx *c = p;
	struct care_talk *x = c->x;
	struct member *m = xcalloc(1, sizeof(*m));
	int rc = member_in_scope(db, c->a, x->member_id, "member_id", m, e);
	if (!rc) {
		x->org_id = m->org_id;
		snprintf(x->member_name, sizeof(x->member_name), "%s", m->name);
		snprintf(x->org_name, sizeof(x->org_name), "%s", m->org_name);
	}
	if (!rc && x->talker_member_id) {
		if (x->talker_member_id == x->member_id)
			rc = err_set(e, EC_INVALID, "talker_member_id", "谈话人不能是谈话对象本人");
		else if (!(rc = member_in_scope(db, c->a, x->talker_member_id, "talker_member_id",
						m, e)))
			snprintf(x->talker_name, sizeof(x->talker_name), "%s", m->name);
	}
	member_free(m);
	if (!rc)
		rc = CORE_QS(store_care_talk_insert(db, x, e));
	if (!rc) {
		struct strbuf d = STRBUF_INIT;
		strbuf_addf(&d,
			    "{\"member_id\":%" PRId64 ",\"talked_on\":\"%s\",\"talk_kind\":\"%s\","
			    "\"talker_name\":\"",
			    x->member_id, x->talked_on, care_talk_kind_label(x->kind));
		core_json_text(&d, x->talker_name, 120);
		strbuf_adds(&d, "\"}");
		rc = audit_record(db, c->a, "talk_create", "talk", x->id, d.buf, e);
		strbuf_release(&d);
	}
	return rc;
}

int care_talk_create(struct core *c, const struct actor *a, struct care_talk *x, struct bf_err *e)
{
	char today[CASE_DATE_LEN], on[CASE_DATE_LEN];
	if (core_need_write(a, "记录谈心谈话", e))
		return -1;
	if (!x->member_id)
		return err_set(e, EC_MISSING, "member_id", "请选择谈话对象");
	if (!x->kind[0])
		return err_set(e, EC_MISSING, "kind", "请选择谈话类型");
	if (!*care_talk_kind_label(x->kind))
		return err_set(e, EC_INVALID, "kind",
			       "谈话类型应为 yearly、achievement、difficulty、conflict、error、"
			       "problem、post_change、retirement 或 complaint");
	if (core_date(x->talked_on, on, 1, "talked_on", "谈话日期", e))
		return -1;
	core_today(today);
	if (strcmp(on, today) > 0)
		return err_set(e, EC_INVALID, "talked_on", "谈话日期不能晚于今天");
	snprintf(x->talked_on, sizeof(x->talked_on), "%s", on);
	if (x->talker_member_id)
		x->talker_name[0] = '\0';
	else if (text_field(x->talker_name, TF_TALK_TALKER, 1, e))
		return -1;
	if (text_field(x->note, TF_TALK_NOTE, 0, e))
		return -1;
	x->created_by = a->user_id;
	x->created_at = 0;
	struct create_ctx ctx = {a, x};
	return db_run_tx(c->db, "care_talk_create", 0, create_fn, &ctx, e);
}

struct list_ctx {
	const struct actor *a;
	int64_t org_id;
	const struct care_talk_query *q;
	int year, limit;
	char from[11], to[11];
	struct care_talk *items;
	struct care_talk_due *due;
	struct care_talk_coverage *cov;
	size_t n;
	int64_t total;
};

static int org_path_of(struct db *db, const struct actor *a, int64_t org_id, char path[256],
		       struct bf_err *e)
{
	path[0] = '\0';
	if (!org_id)
		return 0;
	struct org o;
	int rc = core_org_read(db, a, org_id, "org", &o, e);
	if (!rc)
		snprintf(path, 256, "%s", o.path);
	return rc;
}

static int list_fn(struct db *db, void *p, struct bf_err *e)
{
	struct list_ctx *x = p;
	char path[256];
	free(x->items);
	x->items = NULL;
	x->n = 0;
	int rc = org_path_of(db, x->a, x->q->org_id, path, e);
	if (!rc && x->q->member_id) {
		struct member *m = xcalloc(1, sizeof(*m));
		rc = member_in_scope(db, x->a, x->q->member_id, "member", m, e);
		member_free(m);
	}
	if (!rc)
		rc = CORE_QS(store_care_talks(db, x->a->org_path, path, x->q, x->from, x->to,
					      &x->items, &x->n, &x->total, e));
	return rc;
}

int care_talks_list(struct core *c, const struct actor *a, const struct care_talk_query *q,
		    struct care_talk **items, size_t *n, int64_t *total, struct bf_err *e)
{
	struct list_ctx x = {.a = a, .q = q};
	*items = NULL;
	*n = 0;
	*total = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	if (q->kind && *q->kind && !*care_talk_kind_label(q->kind))
		return err_set(e, EC_INVALID, "kind", "谈话类型无效");
	if (q->year) {
		snprintf(x.from, sizeof(x.from), "%04d-01-01", q->year);
		snprintf(x.to, sizeof(x.to), "%04d-12-31", q->year);
	}
	if (db_run_tx(c->db, "care_talks_list", 0, list_fn, &x, e)) {
		free(x.items);
		return -1;
	}
	*items = x.items;
	*n = x.n;
	*total = x.total;
	return 0;
}

static int due_fn(struct db *db, void *p, struct bf_err *e)
{
	struct list_ctx *x = p;
	char path[256];
	free(x->due);
	x->due = NULL;
	x->n = 0;
	int rc = org_path_of(db, x->a, x->org_id, path, e);
	if (!rc)
		rc = CORE_QS(store_care_talks_due(db, x->a->org_path, path, x->from, x->to,
						  x->limit, &x->due, &x->n, &x->total, e));
	return rc;
}

int care_talks_due(struct core *c, const struct actor *a, int64_t org_id, int limit, int *year,
		   int *due, struct care_talk_due **items, size_t *n, int64_t *total,
		   struct bf_err *e)
{
	struct list_ctx x = {.a = a, .org_id = org_id, .limit = limit};
	*items = NULL;
	*n = 0;
	*total = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	struct ymd t = date_today();
	*year = t.y;
	*due = t.m >= 10;
	snprintf(x.from, sizeof(x.from), "%04d-01-01", t.y);
	snprintf(x.to, sizeof(x.to), "%04d-12-31", t.y);
	if (db_run_tx(c->db, "care_talks_due", 0, due_fn, &x, e)) {
		free(x.due);
		return -1;
	}
	*items = x.due;
	*n = x.n;
	*total = x.total;
	return 0;
}

static int depth_of(const char *path)
{
	int d = 0;
	for (; *path; path++)
		d += *path == '/';
	return d;
}

static int coverage_fn(struct db *db, void *p, struct bf_err *e)
{
	struct list_ctx *x = p;
	char path[256];
	free(x->cov);
	x->cov = NULL;
	x->n = 0;
	int rc = org_path_of(db, x->a, x->org_id, path, e);
	if (rc)
		return rc;
	const char *under = path[0] ? path : x->a->org_path;
	rc = CORE_QS(store_care_talk_coverage(db, under, x->year, &x->cov, &x->n, e));
	if (rc)
		return rc;
	/* orgs without members are left out; a member moved since the talk
	 * may leave an org with more talked than members: at most all */
	size_t k = 0;
	int top = depth_of(under);
	for (size_t i = 0; i < x->n; i++) {
		struct care_talk_coverage *v = &x->cov[i];
		if (v->members <= 0)
			continue;
		if (v->talked > v->members)
			v->talked = v->members;
		if (v->talked < 0)
			v->talked = 0;
		v->depth = depth_of(v->org_path) - top;
		x->cov[k++] = *v;
	}
	x->n = k;
	return 0;
}

int care_talk_coverage(struct core *c, const struct actor *a, int64_t org_id, int *year,
		       struct care_talk_coverage **items, size_t *n, struct bf_err *e)
{
	struct list_ctx x = {.a = a, .org_id = org_id};
	*items = NULL;
	*n = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	if (!*year)
		*year = date_today().y;
	x.year = *year;
	if (db_run_tx(c->db, "care_talk_coverage", 0, coverage_fn, &x, e)) {
		free(x.cov);
		return -1;
	}
	*items = x.cov;
	*n = x.n;
	return 0;
}
