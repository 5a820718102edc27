/* commendations.c - commendations (表彰, issue #12, DOMAIN.md §6;
 * commendations.h): the department's yearly round with quotas per
 * committee and honour, the branches' nominations with deeds, the
 * committees' review within their quota, the public notice of the
 * recommended list through the cases' notices (kind "commendation"),
 * the department's approval once the notice ended without open
 * objections, and the honours that follow a member.  Every write is
 * audited in its transaction. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cases.h"
#include "commendations.h"
#include "core/common/common.h"
#include "store.h"
#include "store_commendations.h"
#include "strbuf.h"
#include "text.h"
#include "wrapper.h"

const char *const honour_codes[HONOUR_COUNT] = {"outstanding_member", "outstanding_worker",
						"advanced_org"};

static const char *label_of(const char *const (*pairs)[2], size_t n, const char *code)
{
	for (size_t i = 0; code && i < n; i++)
		if (!strcmp(pairs[i][0], code))
			return pairs[i][1];
	return NULL;
}

const char *honour_label(const char *honour)
{
	static const char *const l[][2] = {{"outstanding_member", "优秀共产党员"},
					   {"outstanding_worker", "优秀党务工作者"},
					   {"advanced_org", "先进基层党组织"}};
	return label_of(l, sizeof(l) / sizeof(l[0]), honour);
}

int honour_is_personal(const char *honour)
{
	return honour && strcmp(honour, "advanced_org") && honour_label(honour);
}

const char *nomination_status_label(const char *status)
{
	static const char *const l[][2] = {{"nominated", "待审核"},
					   {"recommended", "推荐"},
					   {"not_recommended", "不推荐"},
					   {"rejected", "撤销（异议成立）"},
					   {"approved", "已表彰"}};
	return label_of(l, sizeof(l) / sizeof(l[0]), status);
}

const char *commendation_round_status_label(const char *status)
{
	static const char *const l[][2] = {
	    {"open", "提名审核中"}, {"in_notice", "公示中"}, {"approved", "已审批"}};
	return label_of(l, sizeof(l) / sizeof(l[0]), status);
}

/* The committee of an org path "/root/committee/…/": its second id. */
static int64_t committee_of(const char *path)
{
	const char *p = strchr(path + 1, '/');
	return p && p[1] ? strtoll(p + 1, NULL, 10) : 0;
}

/* ------------------------------------------------------------------ */
/* Rounds and quotas                                                  */

static int check_quotas(const struct commendation_quota *q, size_t nq, struct bf_err *e)
{
	if (nq > COMMENDATION_QUOTAS_MAX)
		return err_set(e, EC_INVALID, "quotas", "名额最多 %d 项", COMMENDATION_QUOTAS_MAX);
	for (size_t i = 0; i < nq; i++) {
		if (!q[i].org_id)
			return err_set(e, EC_MISSING, "quotas", "第 %zu 项名额未选择党(工)委",
				       i + 1);
		if (!honour_label(q[i].honour))
			return err_set(e, EC_INVALID, "quotas",
				       "第 %zu 项名额的表彰类别应为 outstanding_member、"
				       "outstanding_worker 或 advanced_org",
				       i + 1);
		if (q[i].quota < 0 || q[i].quota > 1000)
			return err_set(e, EC_INVALID, "quotas", "第 %zu 项名额应在 0 至 1000 之间",
				       i + 1);
	}
	return 0;
}

/* Each quota's committee (in scope, a committee) and not below what it
 * recommended already; then written. */
static int write_quotas(struct db *db, const struct actor *a, int64_t round_id,
			const struct commendation_quota *q, size_t nq, struct bf_err *e)
{
	for (size_t i = 0; i < nq; i++) {
		struct org o;
		int quota = 0, used = 0;
		int rc = core_org_read(db, a, q[i].org_id, "quotas", &o, e);
		if (!rc && strcmp(o.kind, ORG_COMMITTEE))
			rc = err_set(e, EC_INVALID, "quotas",
				     "名额按党(工)委分配，“%s”不是党(工)委", o.name);
		if (!rc)
			rc = CORE_QS(store_commendation_quota_use(db, round_id, o.id, q[i].honour,
								  0, &quota, &used, e));
		if (!rc && q[i].quota < used)
			rc =
			    err_set(e, EC_CONFLICT, "quotas", "“%s”已推荐%s %d 名，名额不能少于 %d",
				    o.name, honour_label(q[i].honour), used, used);
		if (!rc)
			rc = CORE_QS(store_commendation_quota_set(db, round_id, &q[i], e));
		if (rc)
			return rc;
	}
	return 0;
}

struct round_ctx {
	const struct actor *a;
	struct commendation_round *r;
	int64_t round_id;
	const struct commendation_quota *q;
	size_t nq;
};

static int audit_round(struct db *db, const struct actor *a, const char *action,
		       const struct commendation_round *r, size_t nq, struct bf_err *e)
{
	struct strbuf d = STRBUF_INIT;
	strbuf_addf(&d, "{\"year\":%d,\"nominate_by\":\"%s\",\"quotas\":%zu,\"title\":\"", r->year,
		    r->nominate_by, nq);
	core_json_text(&d, r->title, 120);
	strbuf_adds(&d, "\"}");
	int rc = audit_record(db, a, action, "commendation_round", r->id, d.buf, e);
	strbuf_release(&d);
	return rc;
}

static int open_fn(struct db *db, void *p, struct bf_err *e)
{
	struct round_ctx *x = p;
	struct org o;
	int rc = core_actor_org(db, x->a, &o, e);
	if (rc)
		return rc;
	if (o.parent_id)
		return err_set(e, EC_FORBIDDEN, NULL, "表彰评选由区委组织部开启");
	x->r->org_id = o.id;
	x->r->created_by = x->a->user_id;
	x->r->created_at = 0;
	enum db_qs qs = store_commendation_round_insert(db, x->r, e);
	if (qs == DB_NONE)
		return err_set(e, EC_CONFLICT, "year", "%d 年度的表彰评选已经开启", x->r->year);
	if (qs < 0)
		return qs;
	if ((rc = write_quotas(db, x->a, x->r->id, x->q, x->nq, e)))
		return rc;
	return audit_round(db, x->a, "commendation_round_open", x->r, x->nq, e);
}

int commendation_round_open(struct core *c, const struct actor *a, struct commendation_round *r,
			    const struct commendation_quota *quotas, size_t nq, struct bf_err *e)
{
	char by[CASE_DATE_LEN];
	if (core_need_department(a, "开启表彰评选", e))
		return -1;
	if (text_field(r->title, TF_COMMENDATION_TITLE, 1, e))
		return -1;
	if (r->year < 2000 || r->year > 2100)
		return err_set(e, r->year ? EC_INVALID : EC_MISSING, "year",
			       "请填写表彰年度（2000—2100）");
	if (core_date(r->nominate_by, by, 1, "nominate_by", "提名截止日期", e))
		return -1;
	snprintf(r->nominate_by, sizeof(r->nominate_by), "%s", by);
	if (check_quotas(quotas, nq, e))
		return -1;
	struct round_ctx x = {.a = a, .r = r, .q = quotas, .nq = nq};
	if (db_run_tx(c->db, "commendation_round_open", 1, open_fn, &x, e))
		return -1;
	snprintf(r->status, sizeof(r->status), "open");
	return 0;
}

/* The round, which every role of the district sees (404 otherwise). */
static int round_read(struct db *db, const struct actor *a, int64_t id,
		      struct commendation_round *r, struct bf_err *e)
{
	enum db_qs qs = store_commendation_round_get(db, id, a->org_path, r, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE)
		return err_set(e, EC_NOT_FOUND, "round_id", "表彰评选不存在");
	int vis = core_org_visible(db, a, r->org_id, NULL, e);
	if (vis < 0)
		return vis;
	return vis ? 0 : err_set(e, EC_NOT_FOUND, "round_id", "表彰评选不存在");
}

static int quotas_fn(struct db *db, void *p, struct bf_err *e)
{
	struct round_ctx *x = p;
	struct commendation_round r;
	int rc = round_read(db, x->a, x->round_id, &r, e);
	if (rc)
		return rc;
	if (strcmp(r.status, "open"))
		return err_set(e, EC_CONFLICT, "round_id", "表彰评选已进入公示，名额不能再调整");
	if ((rc = write_quotas(db, x->a, r.id, x->q, x->nq, e)))
		return rc;
	return audit_round(db, x->a, "commendation_quotas_set", &r, x->nq, e);
}

int commendation_quotas_set(struct core *c, const struct actor *a, int64_t round_id,
			    const struct commendation_quota *quotas, size_t nq, struct bf_err *e)
{
	if (core_need_department(a, "分配表彰名额", e) || check_quotas(quotas, nq, e))
		return -1;
	if (!nq)
		return err_set(e, EC_MISSING, "quotas", "请填写名额");
	struct round_ctx x = {.a = a, .round_id = round_id, .q = quotas, .nq = nq};
	return db_run_tx(c->db, "commendation_quotas_set", 1, quotas_fn, &x, e);
}

struct read_ctx {
	const struct actor *a;
	int64_t id;
	struct commendation_round *r;
	struct commendation_round *items;
	struct commendation_quota *quotas;
	size_t n;
};

static int rounds_fn(struct db *db, void *p, struct bf_err *e)
{
	struct read_ctx *x = p;
	free(x->items);
	x->items = NULL;
	x->n = 0;
	return CORE_QS(store_commendation_rounds(db, x->a->org_path, &x->items, &x->n, e));
}

int commendation_rounds(struct core *c, const struct actor *a, struct commendation_round **items,
			size_t *n, struct bf_err *e)
{
	struct read_ctx x = {.a = a};
	*items = NULL;
	*n = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	if (db_run_tx(c->db, "commendation_rounds", 0, rounds_fn, &x, e)) {
		free(x.items);
		return -1;
	}
	/* the rounds of the actor's district: its own root's */
	size_t k = 0;
	for (size_t i = 0; i < x.n; i++) {
		char root[32];
		snprintf(root, sizeof(root), "/%" PRId64 "/", x.items[i].org_id);
		if (!strncmp(a->org_path, root, strlen(root)) || !strcmp(a->org_path, "/"))
			x.items[k++] = x.items[i];
	}
	*items = x.items;
	*n = k;
	return 0;
}

/* A quota the actor sees: its committee in the actor's subtree, or the
 * actor's own committee (from below). */
static int quota_visible(const struct actor *a, const struct commendation_quota *q)
{
	return access_in_scope(a, q->org_path) ||
	       !strncmp(a->org_path, q->org_path, strlen(q->org_path));
}

static int round_get_fn(struct db *db, void *p, struct bf_err *e)
{
	struct read_ctx *x = p;
	free(x->quotas);
	x->quotas = NULL;
	x->n = 0;
	int rc = round_read(db, x->a, x->id, x->r, e);
	if (!rc)
		rc = CORE_QS(store_commendation_quotas(db, x->id, &x->quotas, &x->n, e));
	return rc;
}

int commendation_round_get(struct core *c, const struct actor *a, int64_t id,
			   struct commendation_round *out, struct commendation_quota **quotas,
			   size_t *nq, struct bf_err *e)
{
	struct read_ctx x = {.a = a, .id = id, .r = out};
	if (quotas) {
		*quotas = NULL;
		*nq = 0;
	}
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	if (db_run_tx(c->db, "commendation_round_get", 0, round_get_fn, &x, e)) {
		free(x.quotas);
		return -1;
	}
	size_t k = 0;
	for (size_t i = 0; i < x.n; i++)
		if (quota_visible(a, &x.quotas[i]))
			x.quotas[k++] = x.quotas[i];
	if (quotas) {
		*quotas = x.quotas;
		*nq = k;
	} else {
		free(x.quotas);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Nominations                                                        */

struct nom_ctx {
	const struct actor *a;
	struct nomination *x;
	const char *decision;
	char *opinion;
	struct commendation_round r;
};

/* The nominee: a member of the register in scope, alive, for the
 * personal honours; a branch in scope for advanced_org.  Sets the
 * nominating and the reviewing organisations. */
static int nominee(struct db *db, struct nom_ctx *c, struct bf_err *e)
{
	struct nomination *x = c->x;
	char path[256];
	int rc = 0;
	if (honour_is_personal(x->honour)) {
		struct member *m = xcalloc(1, sizeof(*m));
		enum db_qs qs = store_member_get(db, x->member_id, m, e);
		rc = CORE_QS(qs);
		if (!rc && (qs == DB_NONE || !access_in_scope(c->a, m->org_path)))
			rc =
			    err_set(e, EC_NOT_FOUND, "member_id", "党员不存在或不在您的管辖范围内");
		if (!rc && !strcmp(m->status, "亡故"))
			rc = err_set(e, EC_INVALID, "member_id", "%s 已亡故，不能提名", m->name);
		if (!rc) {
			snprintf(path, sizeof(path), "%s", m->org_path);
			snprintf(x->nominee_name, sizeof(x->nominee_name), "%s", m->name);
			x->org_id = m->org_id;
		}
		member_free(m);
		x->nominee_org_id = 0;
	} else {
		struct org o;
		rc = core_org_read(db, c->a, x->nominee_org_id, "nominee_org_id", &o, e);
		if (!rc && strcmp(o.kind, ORG_BRANCH) && strcmp(o.kind, ORG_GENERAL_BRANCH))
			rc = err_set(e, EC_INVALID, "nominee_org_id",
				     "先进基层党组织从党支部（党总支）中提名，“%s”不是", o.name);
		if (!rc) {
			snprintf(path, sizeof(path), "%s", o.path);
			snprintf(x->nominee_name, sizeof(x->nominee_name), "%s", o.name);
			x->org_id = o.id;
		}
		x->member_id = 0;
	}
	if (rc)
		return rc;
	/* a branch nominates as itself; from above, the nominee's own branch */
	if (!strcmp(c->a->role, "branch") && c->a->org_id)
		x->org_id = c->a->org_id;
	x->committee_id = committee_of(path);
	if (!x->committee_id)
		return err_set(e, EC_INVALID,
			       honour_is_personal(x->honour) ? "member_id" : "nominee_org_id",
			       "被提名对象须属于某个党(工)委（由其审核推荐）");
	return 0;
}

static int audit_nomination(struct db *db, const struct actor *a, const char *action,
			    const struct nomination *x, struct bf_err *e)
{
	struct strbuf d = STRBUF_INIT;
	strbuf_addf(&d, "{\"round_id\":%" PRId64 ",\"honour\":\"%s\",\"status\":\"%s\",",
		    x->round_id, honour_label(x->honour), nomination_status_label(x->status));
	if (x->member_id)
		strbuf_addf(&d, "\"member_id\":%" PRId64 ",", x->member_id);
	strbuf_adds(&d, "\"nominee\":\"");
	core_json_text(&d, x->nominee_name, 80);
	strbuf_adds(&d, "\",\"opinion\":\"");
	core_json_text(&d, x->opinion, 300);
	strbuf_adds(&d, "\"}");
	int rc = audit_record(db, a, action, "nomination", x->id, d.buf, e);
	strbuf_release(&d);
	return rc;
}

static int add_fn(struct db *db, void *p, struct bf_err *e)
{
	struct nom_ctx *c = p;
	struct nomination *x = c->x;
	char today[CASE_DATE_LEN];
	int rc = round_read(db, c->a, x->round_id, &c->r, e);
	if (rc)
		return rc;
	core_today(today);
	if (strcmp(c->r.status, "open"))
		return err_set(e, EC_CONFLICT, "round_id", "表彰评选已进入公示，不能再提名");
	if (strcmp(today, c->r.nominate_by) > 0)
		return err_set(e, EC_CONFLICT, "round_id", "提名已于 %s 截止", c->r.nominate_by);
	if ((rc = nominee(db, c, e)))
		return rc;
	x->created_by = c->a->user_id;
	x->created_at = 0;
	enum db_qs qs = store_nomination_insert(db, x, e);
	if (qs == DB_NONE)
		return err_set(e, EC_CONFLICT,
			       honour_is_personal(x->honour) ? "member_id" : "nominee_org_id",
			       "%s已被提名为本轮%s", x->nominee_name, honour_label(x->honour));
	if (qs < 0)
		return qs;
	if ((qs = store_nomination_get(db, x->id, x, e)) < 0)
		return qs;
	return audit_nomination(db, c->a, "nomination_add", x, e);
}

int nomination_add(struct core *c, const struct actor *a, struct nomination *x, struct bf_err *e)
{
	if (core_need_write(a, "提名", e))
		return -1;
	if (!x->round_id)
		return err_set(e, EC_MISSING, "round_id", "请选择表彰评选");
	if (!x->honour[0])
		return err_set(e, EC_MISSING, "honour", "请选择表彰类别");
	if (!honour_label(x->honour))
		return err_set(e, EC_INVALID, "honour",
			       "表彰类别应为 outstanding_member（优秀共产党员）、outstanding_worker"
			       "（优秀党务工作者）或 advanced_org（先进基层党组织）");
	if (honour_is_personal(x->honour) && !x->member_id)
		return err_set(e, EC_MISSING, "member_id", "请选择被提名的党员");
	if (!honour_is_personal(x->honour) && !x->nominee_org_id)
		return err_set(e, EC_MISSING, "nominee_org_id", "请选择被提名的党组织");
	if (text_field(x->deeds, TF_NOMINATION_DEEDS, 1, e))
		return -1;
	x->opinion[0] = '\0';
	snprintf(x->status, sizeof(x->status), "nominated");
	struct nom_ctx ctx = {.a = a, .x = x};
	return db_run_tx(c->db, "nomination_add", 1, add_fn, &ctx, e);
}

/* A nomination whose nominee lies in the actor's scope (404 otherwise). */
static int nomination_read(struct db *db, const struct actor *a, int64_t id, struct nomination *x,
			   struct bf_err *e)
{
	enum db_qs qs = store_nomination_get(db, id, x, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE || !access_in_scope(a, x->nominee_path))
		return err_set(e, EC_NOT_FOUND, "nomination_id", "提名不存在");
	return 0;
}

/* Recommending within the committee's quota of the honour. */
static int within_quota(struct db *db, const struct nomination *x, struct bf_err *e)
{
	int quota = 0, used = 0;
	int rc = CORE_QS(store_commendation_quota_use(db, x->round_id, x->committee_id, x->honour,
						      x->id, &quota, &used, e));
	if (!rc && used >= quota)
		rc = err_set(e, EC_CONFLICT, "decision",
			     "超出名额：%s本轮%s名额为 %d 名，已推荐 %d 名", x->committee_name,
			     honour_label(x->honour), quota, used);
	return rc;
}

static int review_fn(struct db *db, void *p, struct bf_err *e)
{
	struct nom_ctx *c = p;
	struct nomination *x = c->x;
	int rc = nomination_read(db, c->a, x->id, x, e);
	if (!rc)
		rc = round_read(db, c->a, x->round_id, &c->r, e);
	if (rc)
		return rc;
	/* what was asked, once the nomination is known to be the actor's */
	if (!c->decision ||
	    (strcmp(c->decision, "recommended") && strcmp(c->decision, "not_recommended")))
		return err_set(e, c->decision && *c->decision ? EC_INVALID : EC_MISSING, "decision",
			       "审核结果应为 recommended（推荐）或 not_recommended（不推荐）");
	if (text_field(c->opinion, TF_NOMINATION_OPINION, 1, e))
		return -1;
	/* the committee itself (its own or, for the administrator, any) */
	if (!strcmp(c->a->role, "committee") && c->a->org_id != x->committee_id)
		return err_set(e, EC_FORBIDDEN, NULL, "提名由“%s”审核", x->committee_name);
	if (strcmp(c->r.status, "open"))
		return err_set(e, EC_CONFLICT, "nomination_id", "表彰评选已进入公示，不能再审核");
	if (!strcmp(c->decision, "recommended") && (rc = within_quota(db, x, e)))
		return rc;
	enum db_qs qs =
	    store_nomination_review(db, x->id, c->decision, c->opinion, c->a->user_id, e);
	if (qs < 0)
		return qs;
	snprintf(x->status, sizeof(x->status), "%s", c->decision);
	snprintf(x->opinion, sizeof(x->opinion), "%s", c->opinion);
	return audit_nomination(db, c->a, "nomination_review", x, e);
}

int nomination_review(struct core *c, const struct actor *a, int64_t id, const char *decision,
		      const char *opinion, struct bf_err *e)
{
	char why[TEXT_BYTES(TF_NOMINATION_OPINION_MAX)];
	if (core_need_write(a, "审核提名", e))
		return -1;
	if (strcmp(a->role, "committee") && strcmp(a->role, "admin"))
		return err_set(e, EC_FORBIDDEN, NULL, "提名由所属党(工)委审核推荐");
	snprintf(why, sizeof(why), "%s", opinion ? opinion : "");
	struct nomination *x = xcalloc(1, sizeof(*x));
	x->id = id;
	struct nom_ctx ctx = {.a = a, .x = x, .decision = decision, .opinion = why};
	int rc = db_run_tx(c->db, "nomination_review", 1, review_fn, &ctx, e);
	free(x);
	return rc;
}

struct list_ctx {
	const struct actor *a;
	struct nomination_query q;
	struct nomination *items;
	size_t n;
};

static int list_fn(struct db *db, void *p, struct bf_err *e)
{
	struct list_ctx *x = p;
	struct commendation_round r;
	free(x->items);
	x->items = NULL;
	x->n = 0;
	int rc = x->q.round_id ? round_read(db, x->a, x->q.round_id, &r, e) : 0;
	if (!rc && x->q.member_id) {
		struct member *m = xcalloc(1, sizeof(*m));
		enum db_qs qs = store_member_get(db, x->q.member_id, m, e);
		rc = CORE_QS(qs);
		if (!rc && (qs == DB_NONE || !access_in_scope(x->a, m->org_path)))
			rc = err_set(e, EC_NOT_FOUND, "member", "党员不存在或不在您的管辖范围内");
		member_free(m);
	}
	if (!rc && x->q.committee_id) {
		struct org o;
		rc = core_org_read(db, x->a, x->q.committee_id, "committee", &o, e);
	}
	return rc ? rc : CORE_QS(store_nominations(db, &x->q, &x->items, &x->n, e));
}

static int run_list(struct core *c, struct list_ctx *x, struct nomination **items, size_t *n,
		    struct bf_err *e)
{
	*items = NULL;
	*n = 0;
	if (!access_allowed(x->a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	x->q.scope = x->a->org_path;
	if (db_run_tx(c->db, "nominations_list", 0, list_fn, x, e)) {
		free(x->items);
		return -1;
	}
	*items = x->items;
	*n = x->n;
	return 0;
}

int nominations_list(struct core *c, const struct actor *a, int64_t round_id, const char *status,
		     const char *honour, int64_t committee_id, struct nomination **items, size_t *n,
		     struct bf_err *e)
{
	if (status && *status && !nomination_status_label(status))
		return err_set(e, EC_INVALID, "status",
			       "状态应为 nominated、recommended、not_recommended、rejected 或 "
			       "approved");
	if (honour && *honour && !honour_label(honour))
		return err_set(
		    e, EC_INVALID, "honour",
		    "表彰类别应为 outstanding_member、outstanding_worker 或 advanced_org");
	struct list_ctx x = {.a = a,
			     .q = {.round_id = round_id,
				   .status = status,
				   .honour = honour,
				   .committee_id = committee_id}};
	return run_list(c, &x, items, n, e);
}

int honours_list(struct core *c, const struct actor *a, int64_t round_id, int64_t member_id,
		 struct nomination **items, size_t *n, struct bf_err *e)
{
	struct list_ctx x = {.a = a,
			     .q = {.round_id = round_id, .member_id = member_id, .honours = 1}};
	return run_list(c, &x, items, n, e);
}

struct get_ctx {
	const struct actor *a;
	int64_t id;
	struct nomination *x;
};

static int get_fn(struct db *db, void *p, struct bf_err *e)
{
	struct get_ctx *g = p;
	return nomination_read(db, g->a, g->id, g->x, e);
}

int nomination_get(struct core *c, const struct actor *a, int64_t id, struct nomination *out,
		   struct bf_err *e)
{
	struct get_ctx g = {a, id, out};
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	return db_run_tx(c->db, "nomination_get", 0, get_fn, &g, e);
}

int honours_marks(struct core *c, const int64_t *ids, size_t n, unsigned char *flags,
		  struct bf_err *e)
{
	return store_honours_marks(c->db, ids, n, flags, e) < 0 ? -1 : 0;
}

/* ------------------------------------------------------------------ */
/* The notice and the approval                                        */

struct notice_ctx {
	const struct actor *a;
	int64_t round_id;
	const char *starts_on, *office, *office_phone;
	struct commendation_round r;
	struct notice nt;
};

static int notice_fn(struct db *db, void *p, struct bf_err *e)
{
	struct notice_ctx *x = p;
	int64_t waiting = 0, recommended = 0;
	struct org o;
	int rc = round_read(db, x->a, x->round_id, &x->r, e);
	if (rc)
		return rc;
	if (strcmp(x->r.status, "open"))
		return err_set(e, EC_CONFLICT, "round_id", "本轮表彰已经公示");
	rc = CORE_QS(store_nominations_count(db, x->r.id, "nominated", &waiting, e));
	if (!rc)
		rc = CORE_QS(store_nominations_count(db, x->r.id, "recommended", &recommended, e));
	if (!rc && waiting)
		rc = err_set(e, EC_CONFLICT, "round_id", "尚有 %" PRId64 " 项提名未经党(工)委审核",
			     waiting);
	if (!rc && !recommended)
		rc = err_set(e, EC_CONFLICT, "round_id", "没有推荐的表彰对象，无法公示");
	if (!rc)
		rc = core_org_read(db, x->a, x->r.org_id, "round_id", &o, e);
	if (rc)
		return rc;
	snprintf(x->nt.kind, sizeof(x->nt.kind), "commendation");
	snprintf(x->nt.starts_on, sizeof(x->nt.starts_on), "%s", x->starts_on);
	if ((rc = notice_post_tx(db, x->a, &o, &x->nt, x->office, x->office_phone, e)))
		return rc;
	enum db_qs qs = store_notice_nominations_list(db, x->nt.id, x->r.id, e);
	if (qs >= 0)
		qs = store_commendation_round_move(db, x->r.id, "open", "in_notice", x->nt.id, "",
						   0, e);
	if (qs == DB_NONE)
		return err_set(e, EC_CONFLICT, "round_id", "本轮表彰已经公示");
	if (qs < 0)
		return qs;
	return audit_round(db, x->a, "commendation_notice", &x->r, 0, e);
}

int commendation_notice_open(struct core *c, const struct actor *a, int64_t round_id,
			     const char *starts_on, const char *office, const char *office_phone,
			     int64_t *notice_id, struct bf_err *e)
{
	char from[CASE_DATE_LEN];
	if (core_need_department(a, "发布表彰公示", e))
		return -1;
	if (core_date(starts_on ? starts_on : "", from, 0, "starts_on", "公示开始日期", e))
		return -1;
	if (!from[0])
		core_today(from);
	struct notice_ctx x = {.a = a,
			       .round_id = round_id,
			       .starts_on = from,
			       .office = office ? office : "",
			       .office_phone = office_phone ? office_phone : ""};
	if (db_run_tx(c->db, "commendation_notice_open", 1, notice_fn, &x, e))
		return -1;
	if (notice_id)
		*notice_id = x.nt.id;
	return 0;
}

static int approve_fn(struct db *db, void *p, struct bf_err *e)
{
	struct notice_ctx *x = p;
	char today[CASE_DATE_LEN];
	int rc = round_read(db, x->a, x->round_id, &x->r, e);
	if (rc)
		return rc;
	if (!strcmp(x->r.status, "approved"))
		return err_set(e, EC_CONFLICT, "round_id", "本轮表彰已经审批");
	if (strcmp(x->r.status, "in_notice"))
		return err_set(e, EC_CONFLICT, "round_id", "推荐名单须先经公示，才能审批");
	/* the notice ended with every objection handled (closed here) */
	if ((rc = notice_finish_tx(db, x->a, x->r.notice_id, e)))
		return rc;
	core_today(today);
	enum db_qs qs = store_nominations_approve(db, x->r.id, e);
	if (qs >= 0)
		qs = store_commendation_round_move(db, x->r.id, "in_notice", "approved",
						   x->r.notice_id, today, x->a->user_id, e);
	if (qs == DB_NONE)
		return err_set(e, EC_CONFLICT, "round_id", "本轮表彰已经审批");
	if (qs < 0)
		return qs;
	snprintf(x->r.approved_on, sizeof(x->r.approved_on), "%s", today);
	return audit_round(db, x->a, "commendation_approve", &x->r, 0, e);
}

int commendation_approve(struct core *c, const struct actor *a, int64_t round_id, struct bf_err *e)
{
	if (core_need_department(a, "审批表彰", e))
		return -1;
	struct notice_ctx x = {.a = a, .round_id = round_id};
	return db_run_tx(c->db, "commendation_approve", 1, approve_fn, &x, e);
}

int commendation_objection_handled_tx(struct db *db, const struct actor *a,
				      const struct objection *o, struct bf_err *e)
{
	struct nomination *x;
	int rc = 0;
	if (!strcmp(o->outcome, "unfounded"))
		return 0;
	if (strcmp(o->outcome, "upheld_rejected"))
		return err_set(e, EC_INVALID, "outcome",
			       "表彰公示的异议成立即撤销提名：处理结果应为 unfounded（不成立）或 "
			       "upheld_rejected（成立，撤销提名）");
	x = xcalloc(1, sizeof(*x));
	enum db_qs qs = store_nomination_get(db, o->nomination_id, x, e);
	if (qs == DB_NONE)
		rc = err_set(e, EC_NOT_FOUND, "nomination_id", "提名不存在");
	else if (qs < 0)
		rc = qs;
	if (!rc && !strcmp(x->status, "recommended")) {
		char why[TEXT_BYTES(TF_NOMINATION_OPINION_MAX)];
		snprintf(why, sizeof(why), "异议成立：%.700s", o->reason);
		rc = CORE_QS(store_nomination_review(db, x->id, "rejected", why, a->user_id, e));
		if (!rc) {
			snprintf(x->status, sizeof(x->status), "rejected");
			snprintf(x->opinion, sizeof(x->opinion), "%s", why);
			rc = audit_nomination(db, a, "nomination_reject", x, e);
		}
	}
	free(x);
	return rc;
}
