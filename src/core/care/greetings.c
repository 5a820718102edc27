/* greetings.c - political birthdays, the rest (政治生日, issue #12;
 * care.h): a greeting recorded on a member's party anniversary and the
 * greetings' coverage per organisation; the collective celebration around
 * 1 July with its attendees and the renewal of the oath; the members
 * reaching 50 years of party age (光荣在党50年).  Every write is audited in
 * its transaction. */
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
} ways[] = {
    {"phone", "电话"}, {"message", "短信"},   {"card", "贺卡"},
    {"visit", "上门"}, {"event", "集体活动"},
};

const char *care_greeting_way_label(const char *way)
{
	for (size_t i = 0; way && i < sizeof(ways) / sizeof(ways[0]); i++)
		if (!strcmp(ways[i].code, way))
			return ways[i].label;
	return "";
}

/* The member id in the actor's scope into m; EC_NOT_FOUND on field. */
static int member_in_scope(struct db *db, const struct actor *a, int64_t id, const char *field,
			   struct member *m, struct bf_err *e)
{
	enum db_qs qs = store_member_get(db, id, m, e);
	int rc = CORE_QS(qs);
	if (!rc && (qs == DB_NONE || !access_in_scope(a, m->org_path)))
		rc = err_set(e, EC_NOT_FOUND, field, "党员不存在或不在您的管辖范围内");
	return rc;
}

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

/* The year the member joined, 0 when the register has no date. */
static int joined_year(const struct member *m)
{
	return m->joined_on[0] ? (int)strtol(m->joined_on, NULL, 10) : 0;
}

/* ---- greetings ---- */

struct greet_ctx {
	const struct actor *a;
	struct care_greeting *x;
};

static int greet_fn(struct db *db, void *p, struct bf_err *e)
{
	struct greet_ctx *c = p;
	struct care_greeting *x = c->x;
	struct member *m = xcalloc(1, sizeof(*m));
	int rc = member_in_scope(db, c->a, x->member_id, "member_id", m, e);
	if (!rc && (!joined_year(m) || joined_year(m) >= x->year))
		rc = err_set(e, EC_INVALID, "year", "%d 年该党员还没有政治生日（入党时间：%s）",
			     x->year, m->joined_on[0] ? m->joined_on : "未填写");
	if (!rc) {
		x->org_id = m->org_id;
		x->party_years = x->year - joined_year(m);
		snprintf(x->member_name, sizeof(x->member_name), "%s", m->name);
		snprintf(x->org_name, sizeof(x->org_name), "%s", m->org_name);
	}
	member_free(m);
	if (!rc)
		rc = CORE_QS(store_care_greeting_insert(db, x, e));
	if (!rc) {
		struct strbuf d = STRBUF_INIT;
		strbuf_addf(&d,
			    "{\"member_id\":%" PRId64 ",\"year\":%d,\"greeted_on\":\"%s\","
			    "\"greeting_way\":\"%s\",\"greeted_by\":\"",
			    x->member_id, x->year, x->greeted_on, care_greeting_way_label(x->way));
		core_json_text(&d, x->greeted_by, 120);
		strbuf_adds(&d, "\"}");
		rc = audit_record(db, c->a, "greeting_create", "greeting", x->id, d.buf, e);
		strbuf_release(&d);
	}
	return rc;
}

int care_greeting_create(struct core *c, const struct actor *a, struct care_greeting *x,
			 struct bf_err *e)
{
	char today[CASE_DATE_LEN], on[CASE_DATE_LEN];
	if (core_need_write(a, "记录政治生日祝福", e))
		return -1;
	if (!x->member_id)
		return err_set(e, EC_MISSING, "member_id", "请选择党员");
	if (!x->way[0])
		return err_set(e, EC_MISSING, "way", "请选择祝福方式");
	if (!*care_greeting_way_label(x->way))
		return err_set(e, EC_INVALID, "way",
			       "祝福方式应为 phone、message、card、visit 或 event");
	if (core_date(x->greeted_on, on, 1, "greeted_on", "祝福日期", e))
		return -1;
	core_today(today);
	if (strcmp(on, today) > 0)
		return err_set(e, EC_INVALID, "greeted_on", "祝福日期不能晚于今天");
	snprintf(x->greeted_on, sizeof(x->greeted_on), "%s", on);
	if (!x->year)
		x->year = (int)strtol(on, NULL, 10);
	if (x->year < 1900 || x->year > (int)strtol(today, NULL, 10) + 1)
		return err_set(e, EC_INVALID, "year", "政治生日年份无效");
	if (text_field(x->greeted_by, TF_GREETING_BY, 1, e) ||
	    text_field(x->note, TF_GREETING_NOTE, 0, e))
		return -1;
	x->created_by = a->user_id;
	x->created_at = 0;
	struct greet_ctx ctx = {a, x};
	return db_run_tx(c->db, "care_greeting_create", 0, greet_fn, &ctx, e);
}

struct glist_ctx {
	const struct actor *a;
	int64_t org_id, member_id;
	int year;
	char upto[6];
	struct care_greeting *items;
	struct care_greeting_coverage *cov;
	size_t n;
};

static int glist_fn(struct db *db, void *p, struct bf_err *e)
{
	struct glist_ctx *x = p;
	char path[256];
	free(x->items);
	x->items = NULL;
	x->n = 0;
	int rc = org_path_of(db, x->a, x->org_id, path, e);
	if (!rc && x->member_id) {
		struct member *m = xcalloc(1, sizeof(*m));
		rc = member_in_scope(db, x->a, x->member_id, "member", m, e);
		member_free(m);
	}
	if (!rc)
		rc = CORE_QS(store_care_greetings(db, x->a->org_path, path, x->member_id, x->year,
						  CARE_TALKS_MAX, &x->items, &x->n, e));
	return rc;
}

int care_greetings_list(struct core *c, const struct actor *a, int64_t org_id, int64_t member_id,
			int year, struct care_greeting **items, size_t *n, struct bf_err *e)
{
	struct glist_ctx x = {.a = a, .org_id = org_id, .member_id = member_id, .year = year};
	*items = NULL;
	*n = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	if (db_run_tx(c->db, "care_greetings_list", 0, glist_fn, &x, e)) {
		free(x.items);
		return -1;
	}
	*items = x.items;
	*n = x.n;
	return 0;
}

static int gcov_fn(struct db *db, void *p, struct bf_err *e)
{
	struct glist_ctx *x = p;
	char path[256];
	free(x->cov);
	x->cov = NULL;
	x->n = 0;
	int rc = org_path_of(db, x->a, x->org_id, path, e);
	if (!rc)
		rc = CORE_QS(store_care_greeting_coverage(db, x->a->org_path, path, x->year,
							  x->upto, &x->cov, &x->n, e));
	return rc;
}

int care_greeting_coverage(struct core *c, const struct actor *a, int64_t org_id, int *year,
			   struct care_greeting_coverage **items, size_t *n, struct bf_err *e)
{
	struct glist_ctx x = {.a = a, .org_id = org_id};
	*items = NULL;
	*n = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	struct ymd t = date_today();
	if (!*year)
		*year = t.y;
	if (*year > t.y)
		return err_set(e, EC_INVALID, "year", "年份不能晚于今年");
	x.year = *year;
	if (*year == t.y)
		snprintf(x.upto, sizeof(x.upto), "%02d-%02d", t.m, t.d);
	else
		snprintf(x.upto, sizeof(x.upto), "12-31");
	if (db_run_tx(c->db, "care_greeting_coverage", 0, gcov_fn, &x, e)) {
		free(x.cov);
		return -1;
	}
	*items = x.cov;
	*n = x.n;
	return 0;
}

struct one_ctx {
	const struct actor *a;
	int64_t member_id;
	struct member *m;
};

static int one_fn(struct db *db, void *p, struct bf_err *e)
{
	struct one_ctx *x = p;
	return member_in_scope(db, x->a, x->member_id, "member", x->m, e);
}

int care_birthday_of(struct core *c, const struct actor *a, int64_t member_id, int year,
		     struct care_birthday *out, struct bf_err *e)
{
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	struct one_ctx x = {a, member_id, xcalloc(1, sizeof(struct member))};
	int rc = db_run_tx(c->db, "care_birthday_of", 0, one_fn, &x, e);
	if (!year)
		year = date_today().y;
	if (!rc && (!joined_year(x.m) || joined_year(x.m) >= year))
		rc = err_set(e, EC_INVALID, "year", "%d 年该党员还没有政治生日", year);
	if (!rc) {
		struct ymd j = core_ymd(x.m->joined_on), d = {year, j.m, j.d};
		if (d.m == 2 && d.d == 29 && !date_is_leap(year))
			d.d = 28;
		memset(out, 0, sizeof(*out));
		out->member_id = x.m->id;
		snprintf(out->member_name, sizeof(out->member_name), "%s", x.m->name);
		out->org_id = x.m->org_id;
		snprintf(out->org_name, sizeof(out->org_name), "%s", x.m->org_name);
		snprintf(out->joined_on, sizeof(out->joined_on), "%.10s", x.m->joined_on);
		date_format(d, out->anniversary);
		out->party_years = year - j.y;
	}
	member_free(x.m);
	return rc;
}

/* ---- the 1 July celebration ---- */

struct cel_ctx {
	const struct actor *a;
	struct care_celebration *x;
	const struct care_attendee *in;
	struct care_attendee *items;
	size_t n;
	int year;
	struct care_celebration *list;
};

static int cel_create_fn(struct db *db, void *p, struct bf_err *e)
{
	struct cel_ctx *c = p;
	struct care_celebration *x = c->x;
	struct org o;
	int rc = x->org_id ? core_org_read(db, c->a, x->org_id, "org_id", &o, e)
			   : core_actor_org(db, c->a, &o, e);
	if (!rc) {
		x->org_id = o.id;
		rc = CORE_QS(store_care_celebration_insert(db, x, e));
	}
	if (!rc) {
		struct strbuf d = STRBUF_INIT;
		strbuf_addf(&d, "{\"org_id\":%" PRId64 ",\"held_on\":\"%s\",\"title\":\"",
			    x->org_id, x->held_on);
		core_json_text(&d, x->title, 200);
		strbuf_adds(&d, "\",\"place\":\"");
		core_json_text(&d, x->place, 200);
		strbuf_adds(&d, "\"}");
		rc = audit_record(db, c->a, "celebration_create", "celebration", x->id, d.buf, e);
		strbuf_release(&d);
	}
	if (!rc && store_care_celebration_get(db, x->id, x, e) != DB_ONE)
		rc = err_set(e, EC_INTERNAL, NULL, "读取活动失败");
	return rc;
}

int care_celebration_create(struct core *c, const struct actor *a, struct care_celebration *x,
			    struct bf_err *e)
{
	char on[CASE_DATE_LEN];
	if (core_need_write(a, "登记集体政治生日活动", e))
		return -1;
	if (text_field(x->title, TF_CELEBRATION_TITLE, 1, e) ||
	    core_date(x->held_on, on, 1, "held_on", "活动日期", e) ||
	    text_field(x->place, TF_CELEBRATION_PLACE, 1, e) ||
	    text_field(x->note, TF_CELEBRATION_NOTE, 0, e))
		return -1;
	snprintf(x->held_on, sizeof(x->held_on), "%s", on);
	x->created_by = a->user_id;
	x->created_at = 0;
	struct cel_ctx ctx = {.a = a, .x = x};
	return db_run_tx(c->db, "care_celebration_create", 0, cel_create_fn, &ctx, e);
}

/* The celebration in the actor's subtree into x. */
static int cel_read(struct db *db, const struct actor *a, int64_t id, struct care_celebration *x,
		    struct bf_err *e)
{
	enum db_qs qs = store_care_celebration_get(db, id, x, e);
	int rc = CORE_QS(qs);
	if (!rc && (qs == DB_NONE || !access_in_scope(a, x->org_path)))
		rc = err_set(e, EC_NOT_FOUND, NULL, "活动不存在或不在您的管辖范围内");
	return rc;
}

static int cel_get_fn(struct db *db, void *p, struct bf_err *e)
{
	struct cel_ctx *c = p;
	free(c->items);
	c->items = NULL;
	c->n = 0;
	int rc = cel_read(db, c->a, c->x->id, c->x, e);
	if (!rc && c->in) /* asked for the attendees */
		rc = CORE_QS(store_care_attendees(db, c->x->id, &c->items, &c->n, e));
	return rc;
}

int care_celebration_get(struct core *c, const struct actor *a, int64_t id,
			 struct care_celebration *out, struct care_attendee **items, size_t *n,
			 struct bf_err *e)
{
	static const struct care_attendee want = {0};
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	out->id = id;
	struct cel_ctx x = {.a = a, .x = out, .in = items ? &want : NULL};
	if (db_run_tx(c->db, "care_celebration_get", 0, cel_get_fn, &x, e)) {
		free(x.items);
		return -1;
	}
	if (items) {
		*items = x.items;
		*n = x.n;
	}
	return 0;
}

static int cel_list_fn(struct db *db, void *p, struct bf_err *e)
{
	struct cel_ctx *c = p;
	free(c->list);
	c->list = NULL;
	c->n = 0;
	return CORE_QS(store_care_celebrations(db, c->a->org_path, c->year, &c->list, &c->n, e));
}

int care_celebrations_list(struct core *c, const struct actor *a, int year,
			   struct care_celebration **items, size_t *n, struct bf_err *e)
{
	struct cel_ctx x = {.a = a, .year = year};
	*items = NULL;
	*n = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	if (db_run_tx(c->db, "care_celebrations_list", 0, cel_list_fn, &x, e)) {
		free(x.list);
		return -1;
	}
	*items = x.list;
	*n = x.n;
	return 0;
}

static int attend_fn(struct db *db, void *p, struct bf_err *e)
{
	struct cel_ctx *c = p;
	int64_t oath = 0;
	int rc = cel_read(db, c->a, c->x->id, c->x, e);
	size_t plen = strlen(c->x->org_path);
	struct member *m = xcalloc(1, sizeof(*m));
	for (size_t i = 0; !rc && i < c->n; i++) {
		char field[48];
		snprintf(field, sizeof(field), "attendees[%zu].member_id", i);
		rc = member_in_scope(db, c->a, c->in[i].member_id, field, m, e);
		if (!rc && strncmp(m->org_path, c->x->org_path, plen))
			rc = err_set(e, EC_INVALID, field, "%s 不是%s的党员", m->name,
				     c->x->org_name);
		oath += c->in[i].oath != 0;
		if (rc)
			break;
		member_free(m);
		m = xcalloc(1, sizeof(*m));
	}
	member_free(m);
	if (!rc)
		rc = CORE_QS(store_care_attendees_set(db, c->x->id, c->in, c->n, e));
	if (!rc) {
		char d[128];
		snprintf(d, sizeof(d), "{\"attendees\":%zu,\"oath\":%" PRId64 "}", c->n, oath);
		rc = audit_record(db, c->a, "celebration_attend", "celebration", c->x->id, d, e);
	}
	return rc;
}

int care_celebration_attend(struct core *c, const struct actor *a, int64_t id,
			    const struct care_attendee *items, size_t n, struct bf_err *e)
{
	if (core_need_write(a, "登记活动参加人员", e))
		return -1;
	if (n > 5000)
		return err_set(e, EC_INVALID, "attendees", "一次最多登记 5000 名参加人员");
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < i; j++)
			if (items[i].member_id == items[j].member_id)
				return err_set(e, EC_INVALID, "attendees",
					       "参加人员中有重复的党员");
	struct care_celebration x = {.id = id};
	struct cel_ctx ctx = {.a = a, .x = &x, .in = items, .n = n};
	return db_run_tx(c->db, "care_celebration_attend", 0, attend_fn, &ctx, e);
}

/* ---- 光荣在党50年 ---- */

struct medal_ctx {
	const struct actor *a;
	int64_t org_id;
	int year;
	struct care_medal *items;
	size_t n;
};

static int medal_fn(struct db *db, void *p, struct bf_err *e)
{
	struct medal_ctx *x = p;
	char path[256];
	free(x->items);
	x->items = NULL;
	x->n = 0;
	int rc = org_path_of(db, x->a, x->org_id, path, e);
	if (!rc)
		rc = CORE_QS(store_care_medals(db, x->a->org_path, path, x->year - CARE_MEDAL_YEARS,
					       &x->items, &x->n, e));
	for (size_t i = 0; !rc && i < x->n; i++)
		x->items[i].party_years = CARE_MEDAL_YEARS;
	return rc;
}

int care_medals(struct core *c, const struct actor *a, int64_t org_id, int year,
		struct care_medal **items, size_t *n, struct bf_err *e)
{
	struct medal_ctx x = {.a = a, .org_id = org_id, .year = year};
	*items = NULL;
	*n = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	if (year < 1950 || year > 2200)
		return err_set(e, EC_INVALID, "year", "年度无效");
	if (db_run_tx(c->db, "care_medals", 0, medal_fn, &x, e)) {
		free(x.items);
		return -1;
	}
	*items = x.items;
	*n = x.n;
	return 0;
}
