/* training.c - 技能培训 (issue #12, care.h "Training"): sessions held by an
 * organisation, the members' marks at them entered many at once, a
 * member's history, and the members of the 造血型 category on the roll
 * that no session of a year has seen present.  A session belongs to its
 * organisation: the actor sees it when the organisation is in the actor's
 * subtree, and marks only members of that subtree that the actor sees. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "care.h"
#include "store.h"
#include "store_care.h"
#include "strbuf.h"
#include "text.h"
#include "wrapper.h"
#include "core/common/common.h"

static const char *const topics[][2] = {{"planting", "种植"},
					{"breeding", "养殖"},
					{"processing", "加工"},
					{"ecommerce", "电商"},
					{"other", "其他"}};
static const char *const marks[][2] = {
    {"present", "出席"}, {"excused", "请假"}, {"absent", "缺席"}};

const char *training_topic_label(const char *topic)
{
	for (size_t i = 0; i < sizeof(topics) / sizeof(topics[0]); i++)
		if (topic && !strcmp(topic, topics[i][0]))
			return topics[i][1];
	return NULL;
}

const char *training_status_label(const char *status)
{
	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (status && !strcmp(status, marks[i][0]))
			return marks[i][1];
	return NULL;
}

static int check_session(struct training_session *s, struct bf_err *e)
{
	char d[CASE_DATE_LEN];
	if (text_field(s->title, TF_TRAINING_TITLE, 1, e))
		return -1;
	if (!*s->topic)
		return err_set(e, EC_MISSING, "topic", "请选择培训类别");
	if (!training_topic_label(s->topic))
		return err_set(e, EC_INVALID, "topic",
			       "培训类别只能是种植、养殖、加工、电商或其他");
	if (core_date(s->start_on, d, 1, "start_on", "开始日期", e))
		return -1;
	snprintf(s->start_on, sizeof(s->start_on), "%s", d);
	if (core_date(s->end_on[0] ? s->end_on : s->start_on, d, 1, "end_on", "结束日期", e))
		return -1;
	snprintf(s->end_on, sizeof(s->end_on), "%s", d);
	if (strcmp(s->end_on, s->start_on) < 0)
		return err_set(e, EC_INVALID, "end_on", "结束日期不能早于开始日期");
	if (text_field(s->place, TF_TRAINING_PLACE, 1, e) ||
	    text_field(s->organiser, TF_TRAINING_ORGANISER, 0, e) ||
	    text_field(s->trainer, TF_TRAINING_TRAINER, 0, e))
		return -1;
	if (s->hours_tenths <= 0 || s->hours_tenths > 9999)
		return err_set(e, EC_INVALID, "hours", "学时应大于0且不超过999.9");
	return 0;
}

static int read_tx(struct db *db, const struct actor *a, int64_t id, struct training_session *out,
		   struct bf_err *e)
{
	enum db_qs qs = store_training_get(db, id, out, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE || !access_in_scope(a, out->org_path))
		return err_set(e, EC_NOT_FOUND, "id", "培训不存在");
	return 0;
}

struct create_ctx {
	const struct actor *a;
	struct training_session *s;
};

static int create_fn(struct db *db, void *p, struct bf_err *e)
{
	struct create_ctx *x = p;
	struct training_session *s = x->s;
	struct org o;
	int rc;
	if (s->org_id)
		rc = core_org_read(db, x->a, s->org_id, "org_id", &o, e);
	else
		rc = core_actor_org(db, x->a, &o, e);
	if (rc)
		return rc;
	if (!access_in_scope(x->a, o.path))
		return err_set(e, EC_NOT_FOUND, "org_id", "组织不存在或不在您的管辖范围内");
	s->org_id = o.id;
	s->created_by = x->a->user_id;
	if ((rc = CORE_QS(store_training_insert(db, s, e))))
		return rc;
	struct strbuf d = STRBUF_INIT;
	strbuf_addf(&d, "{\"org_id\":%" PRId64 ",\"title\":\"", s->org_id);
	core_json_text(&d, s->title, 300);
	strbuf_addf(&d, "\",\"topic\":\"%s\",\"start_on\":\"%s\",\"end_on\":\"%s\"}", s->topic,
		    s->start_on, s->end_on);
	rc = audit_record(db, x->a, "training_create", "training_session", s->id, d.buf, e);
	strbuf_release(&d);
	if (rc)
		return rc;
	return read_tx(db, x->a, s->id, s, e);
}

int training_create(struct core *c, const struct actor *a, const struct training_session *in,
		    struct training_session *out, struct bf_err *e)
{
	if (core_need_write(a, "登记培训", e))
		return -1;
	*out = *in;
	if (check_session(out, e))
		return -1;
	struct create_ctx x = {.a = a, .s = out};
	return db_run_tx(c->db, "training_create", 1, create_fn, &x, e);
}

/* What an edit changes, for the audit: the fields of in that differ from
 * old (org by id, hours in tenths). */
static void session_changes(const struct training_session *old, const struct training_session *in,
			    struct strbuf *d)
{
	if (old->org_id != in->org_id)
		strbuf_addf(d, "%s\"org_id\":{\"from\":%" PRId64 ",\"to\":%" PRId64 "}",
			    d->len ? "," : "", old->org_id, in->org_id);
	core_diff_text(d, "title", old->title, in->title);
	core_diff_text(d, "topic", training_topic_label(old->topic),
		       training_topic_label(in->topic));
	core_diff_text(d, "start_on", old->start_on, in->start_on);
	core_diff_text(d, "end_on", old->end_on, in->end_on);
	core_diff_text(d, "place", old->place, in->place);
	core_diff_text(d, "organiser", old->organiser, in->organiser);
	core_diff_text(d, "trainer", old->trainer, in->trainer);
	if (old->hours_tenths != in->hours_tenths)
		strbuf_addf(d, "%s\"hours\":{\"from\":\"%d.%d\",\"to\":\"%d.%d\"}",
			    d->len ? "," : "", old->hours_tenths / 10, old->hours_tenths % 10,
			    in->hours_tenths / 10, in->hours_tenths % 10);
}

struct update_ctx {
	const struct actor *a;
	int64_t id, version;
	struct training_session *s; /* in: the new fields; out: the session */
};

/* The org of an edit: in scope, and while marks exist one that still holds
 * every marked member (the marks stay valid). */
static int update_org(struct db *db, struct update_ctx *x, const struct training_session *old,
		      struct bf_err *e)
{
	struct org o;
	int rc;
	if (!x->s->org_id || x->s->org_id == old->org_id) {
		x->s->org_id = old->org_id;
		return 0;
	}
	if ((rc = core_org_read(db, x->a, x->s->org_id, "org_id", &o, e)))
		return rc;
	if (old->present + old->excused + old->absent)
		return err_set(e, EC_CONFLICT, "org_id", "已登记出勤的培训不能更换举办组织");
	return 0;
}

static int update_fn(struct db *db, void *p, struct bf_err *e)
{
	struct update_ctx *x = p;
	struct training_session old;
	int rc = read_tx(db, x->a, x->id, &old, e);
	if (rc || (rc = update_org(db, x, &old, e)))
		return rc;
	if (old.version != x->version)
		return err_set(e, EC_CONFLICT, "version", "该培训已被他人修改，请刷新后重试");
	struct training_session w = *x->s;
	w.id = old.id;
	w.version = x->version;
	enum db_qs qs = store_training_update(db, &w, e);
	if (qs == DB_NONE)
		return err_set(e, EC_CONFLICT, "version", "该培训已被他人修改，请刷新后重试");
	if ((rc = CORE_QS(qs)))
		return rc;
	struct strbuf ch = STRBUF_INIT, d = STRBUF_INIT;
	session_changes(&old, &w, &ch);
	strbuf_addf(&d, "{\"org_id\":%" PRId64 ",\"title\":\"", w.org_id);
	core_json_text(&d, w.title, 300);
	strbuf_addf(&d, "\",\"changes\":{%s}}", ch.len ? ch.buf : "");
	rc = audit_record(db, x->a, "training_update", "training_session", w.id, d.buf, e);
	strbuf_release(&ch);
	strbuf_release(&d);
	return rc ? rc : read_tx(db, x->a, w.id, x->s, e);
}

int training_update(struct core *c, const struct actor *a, int64_t id, int64_t version,
		    const struct training_session *in, struct training_session *out,
		    struct bf_err *e)
{
	if (core_need_write(a, "修改培训", e))
		return -1;
	*out = *in;
	if (check_session(out, e))
		return -1;
	if (version <= 0)
		return err_set(e, EC_MISSING, "version", "请刷新后重试（缺少版本）");
	struct update_ctx x = {.a = a, .id = id, .version = version, .s = out};
	return db_run_tx(c->db, "training_update", 1, update_fn, &x, e);
}

struct delete_ctx {
	const struct actor *a;
	int64_t id;
};

static int delete_fn(struct db *db, void *p, struct bf_err *e)
{
	struct delete_ctx *x = p;
	struct training_session s;
	int rc = read_tx(db, x->a, x->id, &s, e);
	if (rc)
		return rc;
	if (s.present + s.excused + s.absent)
		return err_set(e, EC_CONFLICT, "id", "已登记出勤的培训不能删除");
	enum db_qs qs = store_training_delete(db, s.id, e);
	if (qs == DB_NONE)
		return err_set(e, EC_CONFLICT, "id", "已登记出勤的培训不能删除");
	if ((rc = CORE_QS(qs)))
		return rc;
	struct strbuf d = STRBUF_INIT;
	strbuf_addf(&d, "{\"org_id\":%" PRId64 ",\"title\":\"", s.org_id);
	core_json_text(&d, s.title, 300);
	strbuf_addf(&d, "\",\"topic\":\"%s\",\"start_on\":\"%s\",\"end_on\":\"%s\"}", s.topic,
		    s.start_on, s.end_on);
	rc = audit_record(db, x->a, "training_delete", "training_session", s.id, d.buf, e);
	strbuf_release(&d);
	return rc;
}

int training_delete(struct core *c, const struct actor *a, int64_t id, struct bf_err *e)
{
	if (core_need_write(a, "删除培训", e))
		return -1;
	struct delete_ctx x = {.a = a, .id = id};
	return db_run_tx(c->db, "training_delete", 1, delete_fn, &x, e);
}

struct get_ctx {
	const struct actor *a;
	int64_t id;
	struct training_session *s;
	struct training_mark *marks;
	size_t n;
};

static int get_fn(struct db *db, void *p, struct bf_err *e)
{
	struct get_ctx *x = p;
	return read_tx(db, x->a, x->id, x->s, e);
}

int training_get(struct core *c, const struct actor *a, int64_t id, struct training_session *out,
		 struct bf_err *e)
{
	struct get_ctx x = {.a = a, .id = id, .s = out};
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	return db_run_tx(c->db, "training_get", 0, get_fn, &x, e);
}

/* The path of the org filter (empty when org_id is 0): an org the actor
 * sees, named by the field org. */
static int org_filter(struct db *db, const struct actor *a, int64_t org_id, char path[256],
		      struct bf_err *e)
{
	struct org o;
	path[0] = '\0';
	if (!org_id)
		return 0;
	int rc = core_org_read(db, a, org_id, "org", &o, e);
	if (!rc)
		snprintf(path, 256, "%s", o.path);
	return rc;
}

struct list_ctx {
	const struct actor *a;
	int64_t org_id;
	const char *topic;
	int year, limit, offset;
	struct training_session *items;
	size_t n;
	int64_t total;
};

static int list_fn(struct db *db, void *p, struct bf_err *e)
{
	struct list_ctx *x = p;
	char org_path[256];
	free(x->items);
	x->items = NULL;
	int rc = org_filter(db, x->a, x->org_id, org_path, e);
	return rc ? rc
		  : CORE_QS(store_training_list(db, x->a->org_path, org_path, x->topic, x->year,
						x->limit, x->offset, &x->items, &x->n, &x->total,
						e));
}

int training_list(struct core *c, const struct actor *a, int64_t org_id, const char *topic,
		  int year, int limit, int offset, struct training_session **items, size_t *n,
		  int64_t *total, struct bf_err *e)
{
	struct list_ctx x = {.a = a,
			     .org_id = org_id,
			     .topic = topic,
			     .year = year,
			     .limit = limit,
			     .offset = offset};
	*items = NULL;
	*n = 0;
	*total = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	if (topic && *topic && !training_topic_label(topic))
		return err_set(e, EC_INVALID, "topic",
			       "培训类别只能是种植、养殖、加工、电商或其他");
	if (db_run_tx(c->db, "training_list", 0, list_fn, &x, e)) {
		free(x.items);
		return -1;
	}
	*items = x.items;
	*n = x.n;
	*total = x.total;
	return 0;
}

struct attend_ctx {
	const struct actor *a;
	int64_t id;
	const struct training_mark *marks;
	size_t n;
};

static int attend_fn(struct db *db, void *p, struct bf_err *e)
{
	struct attend_ctx *x = p;
	struct training_session s;
	struct member *m = xcalloc(1, sizeof(*m));
	struct strbuf d = STRBUF_INIT;
	int rc = read_tx(db, x->a, x->id, &s, e);
	strbuf_adds(&d, "{\"marks\":[");
	for (size_t i = 0; !rc && i < x->n; i++) {
		const struct training_mark *k = &x->marks[i];
		char field[48];
		snprintf(field, sizeof(field), "marks[%zu].member_id", i);
		enum db_qs qs = store_member_get(db, k->member_id, m, e);
		if (qs < 0) {
			rc = qs;
			break;
		}
		if (qs == DB_NONE || !access_in_scope(x->a, m->org_path)) {
			rc = err_set(e, EC_NOT_FOUND, field, "党员不存在或不在您的管辖范围内");
			break;
		}
		if (strncmp(m->org_path, s.org_path, strlen(s.org_path))) {
			rc = err_set(e, EC_INVALID, field, "%s不属于举办培训的组织%s", m->name,
				     s.org_name);
			break;
		}
		struct training_mark w = *k;
		w.session_id = s.id;
		w.marked_by = x->a->user_id;
		if ((rc = CORE_QS(store_training_mark(db, &w, e))))
			break;
		strbuf_addf(&d, "%s{\"member_id\":%" PRId64 ",\"status\":\"%s\"}", i ? "," : "",
			    k->member_id, k->status);
	}
	strbuf_adds(&d, "]}");
	if (!rc)
		rc = audit_record(db, x->a, "training_attend", "training_session", s.id, d.buf, e);
	strbuf_release(&d);
	member_release(m);
	free(m);
	return rc;
}

int training_attend(struct core *c, const struct actor *a, int64_t session_id,
		    const struct training_mark *marks_in, size_t n, struct bf_err *e)
{
	if (core_need_write(a, "登记培训出勤", e))
		return -1;
	if (!n)
		return err_set(e, EC_MISSING, "marks", "请选择参加培训的党员");
	for (size_t i = 0; i < n; i++) {
		char field[48];
		if (!marks_in[i].member_id) {
			snprintf(field, sizeof(field), "marks[%zu].member_id", i);
			return err_set(e, EC_MISSING, field, "请选择党员");
		}
		if (!training_status_label(marks_in[i].status)) {
			snprintf(field, sizeof(field), "marks[%zu].status", i);
			return err_set(e, EC_INVALID, field, "出勤情况只能是出席、请假或缺席");
		}
		for (size_t j = 0; j < i; j++)
			if (marks_in[j].member_id == marks_in[i].member_id) {
				snprintf(field, sizeof(field), "marks[%zu].member_id", i);
				return err_set(e, EC_INVALID, field, "同一党员只能登记一次出勤");
			}
	}
	struct attend_ctx x = {.a = a, .id = session_id, .marks = marks_in, .n = n};
	return db_run_tx(c->db, "training_attend", 1, attend_fn, &x, e);
}

struct marks_ctx {
	const struct actor *a;
	int64_t id;
	int member; /* id is a member's */
	struct training_mark *items;
	size_t n;
};

static int marks_fn(struct db *db, void *p, struct bf_err *e)
{
	struct marks_ctx *x = p;
	free(x->items);
	x->items = NULL;
	x->n = 0;
	if (!x->member) {
		struct training_session s;
		int rc = read_tx(db, x->a, x->id, &s, e);
		return rc ? rc : CORE_QS(store_training_marks(db, x->id, &x->items, &x->n, e));
	}
	struct member *m = xcalloc(1, sizeof(*m));
	enum db_qs qs = store_member_get(db, x->id, m, e);
	int rc = qs < 0 ? (int)qs : 0;
	if (!rc && (qs == DB_NONE || !access_in_scope(x->a, m->org_path)))
		rc = err_set(e, EC_NOT_FOUND, "id", "党员不存在或不在您的管辖范围内");
	member_free(m);
	return rc ? rc : CORE_QS(store_training_of_member(db, x->id, &x->items, &x->n, e));
}

static int run_marks(struct core *c, const struct actor *a, int64_t id, int member,
		     struct training_mark **items, size_t *n, struct bf_err *e)
{
	struct marks_ctx x = {.a = a, .id = id, .member = member};
	*items = NULL;
	*n = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	if (db_run_tx(c->db, "training_marks", 0, marks_fn, &x, e)) {
		free(x.items);
		return -1;
	}
	*items = x.items;
	*n = x.n;
	return 0;
}

int training_marks(struct core *c, const struct actor *a, int64_t session_id,
		   struct training_mark **items, size_t *n, struct bf_err *e)
{
	return run_marks(c, a, session_id, 0, items, n, e);
}

int training_of_member(struct core *c, const struct actor *a, int64_t member_id,
		       struct training_mark **items, size_t *n, struct bf_err *e)
{
	return run_marks(c, a, member_id, 1, items, n, e);
}

struct untrained_ctx {
	const struct actor *a;
	int64_t org_id;
	int year;
	struct training_untrained *items;
	size_t n;
};

static int untrained_fn(struct db *db, void *p, struct bf_err *e)
{
	struct untrained_ctx *x = p;
	char org_path[256];
	free(x->items);
	x->items = NULL;
	x->n = 0;
	int rc = org_filter(db, x->a, x->org_id, org_path, e);
	return rc ? rc
		  : CORE_QS(store_training_untrained(db, x->a->org_path, org_path, x->year,
						     &x->items, &x->n, e));
}

int training_untrained(struct core *c, const struct actor *a, int64_t org_id, int year,
		       struct training_untrained **items, size_t *n, struct bf_err *e)
{
	struct untrained_ctx x = {.a = a, .org_id = org_id, .year = year};
	*items = NULL;
	*n = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	if (db_run_tx(c->db, "training_untrained", 0, untrained_fn, &x, e)) {
		free(x.items);
		return -1;
	}
	*items = x.items;
	*n = x.n;
	return 0;
}
