/* visits.c - visits (走访慰问, the 六必访) and festival rounds: the
 * department opens a round for a festival with a day to finish by; every
 * member of its subtree on the hardship roll (an open period) or an old
 * member (party age or age past the round's thresholds) gets one visit
 * task for their branch, made by one set-based INSERT ... SELECT whose
 * unique key lets it run again (refresh) without doubling a task.  A
 * visit's money is a visit gift on the fund (pay_gift_post), in the same
 * transaction, so the fund statement shows it. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "care.h"
#include "core/common/common.h"
#include "fund.h"
#include "store.h"
#include "store_care.h"
#include "text.h"
#include "wrapper.h"

static const char *const festivals[] = {"new_year", "spring", "july1", "double_ninth", NULL};
static const char *const festival_names[] = {"元旦", "春节", "七一", "重阳"};

/* The occasions of a visit: the festivals, then the 六必访. */
static const struct {
	const char *code, *label;
} occasions[] = {
    {"new_year", "元旦"},	   {"spring", "春节"},	     {"july1", "七一"},
    {"double_ninth", "重阳"},	   {"hospital", "住院"},     {"disaster", "受灾或意外"},
    {"death", "亡故关怀"},	   {"hardship", "生活困难"}, {"old_member", "老党员、离退休干部"},
    {"emotional", "思想情绪波动"},
};

const char *visit_occasion_label(const char *code)
{
	for (size_t i = 0; code && i < sizeof(occasions) / sizeof(occasions[0]); i++)
		if (!strcmp(occasions[i].code, code))
			return occasions[i].label;
	return "";
}

int visit_occasion_festival(const char *code)
{
	for (int i = 0; code && festivals[i]; i++)
		if (!strcmp(code, festivals[i]))
			return 1;
	return 0;
}

const char *visit_category_label(const char *code)
{
	if (!code)
		return "";
	if (!strcmp(code, "capacity"))
		return "造血型";
	if (!strcmp(code, "relief"))
		return "输血型";
	if (!strcmp(code, "care"))
		return "关爱型";
	return "";
}

int visit_late(const struct visit *v, const char *today)
{
	return !v->visited_on[0] && !v->closed_on[0] && v->due_on[0] &&
	       strcmp(v->due_on, today) < 0;
}

/* A standard gift: given (>= 0), else fallback; checked against the money
 * limit. */
static int gift_of(int64_t given, int64_t fallback, const char *field, int64_t *out,
		   struct bf_err *e)
{
	*out = given < 0 ? fallback : given;
	return limit_money(*out, field, "标准慰问金", e);
}

/* date's day, years earlier ("2027-01-20", 50 → "1977-01-20"). */
static void years_before(const char *date, int years, char out[CARE_DATE_LEN])
{
	snprintf(out, CARE_DATE_LEN, "%04d%s", (int)strtol(date, NULL, 10) - years, date + 4);
}

static int round_read(struct db *db, const struct actor *a, int64_t id, struct visit_round *r,
		      char path[256], struct bf_err *e)
{
	enum db_qs qs = store_visit_round_get(db, id, r, e);
	if (qs < 0)
		return qs;
	int vis = qs == DB_ONE ? core_org_visible(db, a, r->org_id, path, e) : 0;
	if (vis < 0)
		return vis;
	return vis ? 0 : err_set(e, EC_NOT_FOUND, "round_id", "走访慰问轮次不存在");
}

static int make_tasks(struct db *db, const struct visit_round *r, const char *path, int64_t *added,
		      struct bf_err *e)
{
	char day[CARE_DATE_LEN], joined_by[CARE_DATE_LEN], born_by[CARE_DATE_LEN];
	core_today(day);
	years_before(r->due_on, r->old_party_years, joined_by);
	years_before(r->due_on, r->old_age, born_by);
	return CORE_QS(store_visit_round_tasks(db, r, path, day, joined_by, born_by, added, e));
}

struct open_ctx {
	const struct actor *a;
	struct visit_round *r;
	int64_t added;
};

static int open_fn(struct db *db, void *p, struct bf_err *e)
{
	struct open_ctx *x = p;
	struct org o;
	char detail[256];
	int rc = core_actor_org(db, x->a, &o, e);
	if (rc)
		return rc;
	x->r->org_id = o.id;
	x->r->created_by = x->a->user_id;
	x->r->id = 0;
	if ((rc = CORE_QS(store_visit_round_insert(db, x->r, e))) ||
	    (rc = make_tasks(db, x->r, o.path, &x->added, e)))
		return rc;
	snprintf(detail, sizeof(detail),
		 "{\"year\":%d,\"org_id\":%" PRId64 ",\"due_on\":\"%s\",\"members\":%" PRId64 "}",
		 x->r->year, x->r->org_id, x->r->due_on, x->added);
	return audit_record(db, x->a, "visit_round_open", "visit_round", x->r->id, detail, e);
}

int visit_round_open(struct core *c, const struct actor *a, const struct visit_round_open *o,
		     struct visit_round *out, int64_t *added, struct bf_err *e)
{
	struct visit_round r;
	char today[CARE_DATE_LEN];
	memset(&r, 0, sizeof(r));
	if (core_need_department(a, "开启走访慰问", e))
		return -1;
	if (o->year < 2000 || o->year > 2100)
		return err_set(e, EC_INVALID, "year", "年度须在 2000 至 2100 之间");
	int f = -1;
	for (int i = 0; o->festival && festivals[i]; i++)
		if (!strcmp(o->festival, festivals[i]))
			f = i;
	if (f < 0)
		return err_set(e, EC_INVALID, "festival", "节日须为元旦、春节、七一或重阳");
	r.year = o->year;
	snprintf(r.festival, sizeof(r.festival), "%s", festivals[f]);
	if (o->title && *o->title)
		snprintf(r.title, sizeof(r.title), "%s", o->title);
	else
		snprintf(r.title, sizeof(r.title), "%d年%s走访慰问", o->year, festival_names[f]);
	if (text_field(r.title, TF_VISIT_ROUND_TITLE, 1, e))
		return -1;
	core_today(today);
	snprintf(r.opened_on, sizeof(r.opened_on), "%s", today);
	if (core_date(o->due_on ? o->due_on : "", r.due_on, 1, "due_on", "完成期限", e))
		return -1;
	if (strcmp(r.due_on, today) < 0)
		return err_set(e, EC_INVALID, "due_on", "完成期限不能早于今天");
	r.old_party_years = o->old_party_years < 0 ? 50 : o->old_party_years;
	r.old_age = o->old_age < 0 ? 80 : o->old_age;
	if (r.old_party_years > 100)
		return err_set(e, EC_INVALID, "old_party_years", "党龄须在 0 至 100 年之间");
	if (r.old_age > 130)
		return err_set(e, EC_INVALID, "old_age", "年龄须在 0 至 130 岁之间");
	if (gift_of(o->gift_roll_fen, VISIT_GIFT_ROLL_FEN, "gift_roll_fen", &r.gift_roll_fen, e) ||
	    gift_of(o->gift_old_fen, VISIT_GIFT_OLD_FEN, "gift_old_fen", &r.gift_old_fen, e))
		return -1;
	/* a category's gift: as asked, else the roll gift when the department
	 * named one, else the default */
	int named = o->gift_roll_fen >= 0;
	if (gift_of(o->gift_capacity_fen, named ? r.gift_roll_fen : VISIT_GIFT_CAPACITY_FEN,
		    "gift_capacity_fen", &r.gift_capacity_fen, e) ||
	    gift_of(o->gift_relief_fen, named ? r.gift_roll_fen : VISIT_GIFT_RELIEF_FEN,
		    "gift_relief_fen", &r.gift_relief_fen, e) ||
	    gift_of(o->gift_care_fen, named ? r.gift_roll_fen : VISIT_GIFT_CARE_FEN,
		    "gift_care_fen", &r.gift_care_fen, e))
		return -1;
	struct open_ctx x = {.a = a, .r = &r};
	if (db_run_tx(c->db, "visit_round_open", 1, open_fn, &x, e))
		return -1;
	if (out)
		*out = r;
	if (added)
		*added = x.added;
	return 0;
}

struct refresh_ctx {
	const struct actor *a;
	int64_t id, added;
};

static int refresh_fn(struct db *db, void *p, struct bf_err *e)
{
	struct refresh_ctx *x = p;
	struct visit_round r;
	struct org mine;
	char path[256], detail[96];
	int rc = round_read(db, x->a, x->id, &r, path, e);
	if (!rc)
		rc = core_actor_org(db, x->a, &mine, e);
	if (rc)
		return rc;
	if (mine.id != r.org_id)
		return err_set(e, EC_FORBIDDEN, "round_id", "只有开启该轮次的组织可以补充走访任务");
	if ((rc = make_tasks(db, &r, path, &x->added, e)))
		return rc;
	snprintf(detail, sizeof(detail), "{\"year\":%d,\"members\":%" PRId64 "}", r.year, x->added);
	return audit_record(db, x->a, "visit_round_refresh", "visit_round", x->id, detail, e);
}

int visit_round_refresh(struct core *c, const struct actor *a, int64_t id, int64_t *added,
			struct bf_err *e)
{
	struct refresh_ctx x = {.a = a, .id = id};
	if (core_need_department(a, "补充走访任务", e))
		return -1;
	if (db_run_tx(c->db, "visit_round_refresh", 1, refresh_fn, &x, e))
		return -1;
	if (added)
		*added = x.added;
	return 0;
}

int visit_round_get(struct core *c, const struct actor *a, int64_t id, struct visit_round *out,
		    struct bf_err *e)
{
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	return round_read(c->db, a, id, out, NULL, e) ? -1 : 0;
}

int visit_round_list(struct core *c, const struct actor *a, struct visit_round **items, size_t *n,
		     struct bf_err *e)
{
	struct visit_round *all = NULL;
	size_t k = 0, m = 0;
	*items = NULL;
	*n = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	if (store_visit_round_list(c->db, &all, &k, e) < 0)
		return -1;
	for (size_t i = 0; i < k; i++) {
		int vis = core_org_visible(c->db, a, all[i].org_id, NULL, e);
		if (vis < 0) {
			free(all);
			return -1;
		}
		if (vis)
			all[m++] = all[i];
	}
	if (!m) {
		free(all);
		all = NULL;
	}
	*items = all;
	*n = m;
	return 0;
}

int visit_round_progress(struct core *c, const struct actor *a, int64_t id,
			 struct visit_progress **items, size_t *n, struct bf_err *e)
{
	struct visit_round r;
	char path[256], today[CARE_DATE_LEN];
	*items = NULL;
	*n = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	if (round_read(c->db, a, id, &r, path, e))
		return -1;
	/* the narrower of the round's subtree and the actor's */
	const char *scope = strncmp(a->org_path, path, strlen(path)) == 0 ? a->org_path : path;
	core_today(today);
	return store_visit_progress(c->db, id, scope, today, items, n, e) < 0 ? -1 : 0;
}

/* The subtree to list: org_id's when the actor sees it from above (an
 * organisation above the actor narrows nothing), else the actor's. */
static int list_scope(struct core *c, const struct actor *a, int64_t org_id, char scope[256],
		      struct bf_err *e)
{
	snprintf(scope, 256, "%s", a->org_path);
	if (!org_id)
		return 0;
	char path[256];
	int vis = core_org_visible(c->db, a, org_id, path, e);
	if (vis < 0)
		return -1;
	if (!vis)
		return err_set(e, EC_NOT_FOUND, "org", "组织不存在");
	if (access_in_scope(a, path))
		snprintf(scope, 256, "%s", path);
	return 0;
}

int visit_list(struct core *c, const struct actor *a, const struct visit_query *q,
	       struct visit **items, size_t *n, int64_t *total, struct bf_err *e)
{
	struct visit_query x = *q;
	char scope[256], today[CARE_DATE_LEN], from[CARE_DATE_LEN] = "", to[CARE_DATE_LEN] = "";
	*items = NULL;
	*n = 0;
	*total = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	if (x.occasion && *x.occasion && !*visit_occasion_label(x.occasion))
		return err_set(e, EC_INVALID, "occasion", "走访事由不正确");
	if (core_date(x.from ? x.from : "", from, 0, "from", "开始日期", e) ||
	    core_date(x.to ? x.to : "", to, 0, "to", "结束日期", e))
		return -1;
	if (*from && *to && strcmp(from, to) > 0)
		return err_set(e, EC_INVALID, "to", "结束日期不能早于开始日期");
	x.from = from;
	x.to = to;
	if (x.limit <= 0 || x.limit > VISIT_LIST_MAX)
		x.limit = VISIT_LIST_MAX;
	if (x.offset < 0)
		x.offset = 0;
	if (list_scope(c, a, x.org_id, scope, e))
		return -1;
	core_today(today);
	return store_visit_list(c->db, scope, &x, today, items, n, total, e) < 0 ? -1 : 0;
}

static int visit_read(struct db *db, const struct actor *a, int64_t id, struct visit *v,
		      struct bf_err *e)
{
	char path[256];
	enum db_qs qs = store_visit_get(db, id, v, path, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE || !access_in_scope(a, path))
		return err_set(e, EC_NOT_FOUND, "visit_id", "走访记录不存在");
	return 0;
}

int visit_get(struct core *c, const struct actor *a, int64_t id, struct visit *out,
	      struct bf_err *e)
{
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	return visit_read(c->db, a, id, out, e) ? -1 : 0;
}

struct record_ctx {
	struct core *c;
	const struct actor *a;
	struct visit v;
	const char *method;
};

static int record_fn(struct db *db, void *p, struct bf_err *e)
{
	struct record_ctx *x = p;
	struct visit cur;
	char detail[256];
	int rc = visit_read(db, x->a, x->v.id, &cur, e);
	if (rc)
		return rc;
	if (*cur.visited_on)
		return err_set(e, EC_CONFLICT, "visit_id", "该走访已经登记");
	if (*cur.closed_on)
		return err_set(e, EC_CONFLICT, "visit_id", "该走访任务已于 %s 关闭（党员亡故）",
			       cur.closed_on);
	if (x->v.gift_fen > 0) {
		struct pay_gift g;
		struct ledger_posting post;
		memset(&g, 0, sizeof(g));
		g.org_id = x->a->org_id ? x->a->org_id : cur.org_id;
		g.member_id = cur.member_id;
		g.amount = x->v.gift_fen;
		snprintf(g.method, sizeof(g.method), "%s",
			 x->method && *x->method ? x->method : "cash");
		snprintf(g.date, sizeof(g.date), "%s", x->v.visited_on);
		if (*cur.round_title)
			snprintf(g.memo, sizeof(g.memo), "%s", cur.round_title);
		else
			snprintf(g.memo, sizeof(g.memo), "%s走访慰问",
				 visit_occasion_label(cur.occasion));
		snprintf(g.ref, sizeof(g.ref), "V%" PRId64, cur.id);
		if ((rc = pay_gift_post(x->c, x->a, &g, &post, e)))
			return rc;
		x->v.posting_id = post.id;
	}
	x->v.recorded_by = x->a->user_id;
	enum db_qs qs = store_visit_record(db, &x->v, e);
	if (qs == DB_NONE)
		return err_set(e, EC_CONFLICT, "visit_id", "该走访已经登记");
	if (qs < 0)
		return qs;
	snprintf(detail, sizeof(detail),
		 "{\"member_id\":%" PRId64
		 ",\"occasion\":\"%s\",\"date\":\"%s\",\"amount\":%" PRId64
		 ",\"goods_value\":%" PRId64 "}",
		 cur.member_id, cur.occasion, x->v.visited_on, x->v.gift_fen, x->v.goods_value_fen);
	return audit_record(db, x->a, "visit_record", "visit", x->v.id, detail, e);
}

/* What a recorded visit must hold, checked at the edge of the core; out
 * the cleaned copy of v. */
static int record_check(const struct visit *v, struct visit *out, struct bf_err *e)
{
	char today[CARE_DATE_LEN];
	if (core_date(v->visited_on, out->visited_on, 1, "visited_on", "走访日期", e))
		return -1;
	core_today(today);
	if (strcmp(out->visited_on, today) > 0)
		return err_set(e, EC_INVALID, "visited_on", "走访日期不能晚于今天");
	if (text_field(out->visitors, TF_VISIT_VISITORS, 1, e) ||
	    text_field(out->found, TF_VISIT_FOUND, 0, e) ||
	    text_field(out->goods, TF_VISIT_GOODS, 0, e))
		return -1;
	if (out->gift_fen < 0 || out->goods_value_fen < 0)
		return err_set(e, EC_INVALID, out->gift_fen < 0 ? "gift_fen" : "goods_value_fen",
			       "金额不能为负数");
	if (limit_money(out->gift_fen, "gift_fen", "慰问金", e) ||
	    limit_money(out->goods_value_fen, "goods_value_fen", "物品价值", e))
		return -1;
	if (out->goods_value_fen > 0 && !out->goods[0])
		return err_set(e, EC_MISSING, "goods", "填写了物品价值，请写明慰问物品");
	return 0;
}

int visit_record(struct core *c, const struct actor *a, const struct visit *v, const char *method,
		 struct bf_err *e)
{
	struct record_ctx x = {.c = c, .a = a, .v = *v, .method = method};
	struct visit cur;
	if (core_need_write(a, "登记走访", e))
		return -1;
	/* the task first: one out of scope is absent, whatever the body */
	if (visit_read(c->db, a, v->id, &cur, e))
		return -1;
	if (record_check(v, &x.v, e))
		return -1;
	return db_run_tx(c->db, "visit_record", 1, record_fn, &x, e);
}

/* The member in the actor's scope; EC_NOT_FOUND on member_id. */
static int member_in_scope(struct db *db, const struct actor *a, int64_t id, int64_t *org_id,
			   struct bf_err *e)
{
	struct member *m = xcalloc(1, sizeof(*m));
	enum db_qs qs = store_member_get(db, id, m, e);
	int rc = CORE_QS(qs);
	if (!rc && (qs == DB_NONE || (a && !access_in_scope(a, m->org_path))))
		rc = err_set(e, EC_NOT_FOUND, "member_id", "党员不存在或不在您的管辖范围内");
	*org_id = m->org_id;
	member_free(m);
	return rc;
}

static int create_fn(struct db *db, void *p, struct bf_err *e)
{
	struct record_ctx *x = p;
	struct visit task;
	memset(&task, 0, sizeof(task));
	task.member_id = x->v.member_id;
	snprintf(task.occasion, sizeof(task.occasion), "%s", x->v.occasion);
	int rc = member_in_scope(db, x->a, task.member_id, &task.org_id, e);
	if (!rc)
		rc = CORE_QS(store_visit_insert(db, &task, e));
	if (rc)
		return rc;
	x->v.id = task.id;
	return record_fn(db, x, e);
}

int visit_create(struct core *c, const struct actor *a, const struct visit *v, const char *method,
		 int64_t *id, struct bf_err *e)
{
	struct record_ctx x = {.c = c, .a = a, .v = *v, .method = method};
	if (core_need_write(a, "登记走访", e))
		return -1;
	if (!v->member_id)
		return err_set(e, EC_MISSING, "member_id", "请选择走访对象");
	if (!v->occasion[0])
		return err_set(e, EC_MISSING, "occasion", "请选择走访事由");
	if (!*visit_occasion_label(v->occasion))
		return err_set(e, EC_INVALID, "occasion", "走访事由不正确");
	if (record_check(v, &x.v, e) || db_run_tx(c->db, "visit_create", 1, create_fn, &x, e))
		return -1;
	*id = x.v.id;
	return 0;
}

int visit_task_add_tx(struct db *db, int64_t member_id, const char *occasion, const char *due_on,
		      int64_t *id, struct bf_err *e)
{
	struct visit t;
	*id = 0;
	if (!*visit_occasion_label(occasion))
		return err_set(e, EC_INVALID, "occasion", "走访事由不正确");
	memset(&t, 0, sizeof(t));
	t.member_id = member_id;
	int rc = member_in_scope(db, NULL, member_id, &t.org_id, e);
	int64_t open = 0;
	if (!rc)
		rc = CORE_QS(store_visit_open_task(db, member_id, occasion, &open, e));
	if (rc || open)
		return rc;
	snprintf(t.occasion, sizeof(t.occasion), "%s", occasion);
	snprintf(t.due_on, sizeof(t.due_on), "%s", due_on ? due_on : "");
	if ((rc = CORE_QS(store_visit_insert(db, &t, e))))
		return rc;
	*id = t.id;
	return 0;
}
