/* members.c - /api/v1/members: the member register.  ID numbers and phones
 * leave the server masked, except through the audited reveal. */
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "utf8.h"
#include "wrapper.h"

static void family_json(struct strbuf *sb, const struct member *m)
{
	jw_key(sb, "family");
	strbuf_addch(sb, '[');
	for (size_t i = 0; i < m->nfamily; i++) {
		const struct family_member *f = &m->family[i];
		if (i)
			strbuf_addch(sb, ',');
		strbuf_addch(sb, '{');
		jw_str(sb, "name", f->name);
		jw_str(sb, "relation", f->relation);
		jw_str(sb, "occupation", f->occupation);
		if (f->birth_year)
			jw_int(sb, "birth_year", f->birth_year);
		else
			jw_null(sb, "birth_year");
		strbuf_addch(sb, '}');
	}
	strbuf_addch(sb, ']');
}

/* --- one member, written straight into the buffer ---
 * The list writes 20 members of 23 fields a page.  With one call per field
 * (a room check, two strlen, a copy) the JSON was a quarter of the page's
 * time; here a member makes room once, keys are constants and each string
 * is copied and escaped in one pass by jw_esc, byte for byte what
 * strbuf_add_json_str writes. */

/* Room for any member: every text field (all before created_at in the
 * struct) escaped at six bytes a byte, plus keys and numbers. */
#define MEMBER_JSON_MAX (6 * offsetof(struct member, created_at) + 1024)

#define LIT(p, s) (memcpy((p), (s), sizeof(s) - 1), (p) + sizeof(s) - 1)

static char *put_int(char *p, long long v)
{
	char b[24], *q = b + sizeof(b);
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do
		*--q = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--q = '-';
	memcpy(p, q, (size_t)(b + sizeof(b) - q));
	return p + (b + sizeof(b) - q);
}

/* One member as the API answers it (see docs/API.md); the key order is
 * the API's. */
static void member_json(struct strbuf *sb, const struct member *m, int with_family,
			struct ymd today)
{
	if (sb->len && sb->buf[sb->len - 1] == '}')
		strbuf_addch(sb, ','); /* the next item of a list */
	strbuf_grow(sb, MEMBER_JSON_MAX);
	char *p = sb->buf + sb->len;
	p = put_int(LIT(p, "{\"id\":"), m->id);
	p = put_int(LIT(p, ",\"org_id\":"), m->org_id);
	p = jw_esc(LIT(p, ",\"org_code\":"), m->org_code);
	p = jw_esc(LIT(p, ",\"org_name\":"), m->org_name);
	p = jw_esc(LIT(p, ",\"name\":"), m->name);
	p = jw_esc(LIT(p, ",\"gender\":"), m->gender);
	p = jw_esc(LIT(p, ",\"ethnicity\":"), m->ethnicity);
	p = jw_esc(LIT(p, ",\"birth_date\":"), m->birth_date);
	p = jw_esc(LIT(p, ",\"joined_on\":"), m->joined_on);
	p = jw_esc(LIT(p, ",\"id_number\":"), m->id_number);
	p = jw_esc(LIT(p, ",\"phone\":"), m->phone);
	p = jw_esc(LIT(p, ",\"household_type\":"), m->household_type);
	p = put_int(LIT(p, ",\"household_size\":"), m->household_size);
	p = jw_esc(LIT(p, ",\"address\":"), m->address);
	p = jw_esc(LIT(p, ",\"education\":"), m->education);
	p = jw_esc(LIT(p, ",\"member_type\":"), m->member_type);
	p = jw_esc(LIT(p, ",\"status\":"), m->status);
	p = jw_esc(LIT(p, ",\"income_sources\":"), m->income_sources);
	p = jw_esc(LIT(p, ",\"other_subsidies\":"), m->other_subsidies);
	p = put_int(LIT(p, ",\"age\":"), member_age_on(m, today));
	p = put_int(LIT(p, ",\"party_years\":"), member_party_years_on(m, today));
	sb->len = (size_t)(p - sb->buf);
	sb->buf[sb->len] = '\0';
	jw_time(sb, "created_at", m->created_at);
	jw_time(sb, "updated_at", m->updated_at);
	if (with_family)
		family_json(sb, m);
	strbuf_addch(sb, '}');
}

static void reply_member(struct req *r, int status, const struct member *m)
{
	struct strbuf sb = STRBUF_INIT;
	member_json(&sb, m, 1, date_today());
	reply_raw_json(r, status, &sb);
}

static int family_from_json(json_t *arr, struct member *m, struct bf_err *e)
{
	static const char *const keys[] = {"name", "relation", "birth_year", "occupation", NULL};
	if (!json_is_array(arr))
		return err_set(e, EC_INVALID, "family", "家庭成员应为列表");
	if (json_array_size(arr) > MEMBER_MAX_FAMILY)
		return err_set(e, EC_INVALID, "family", "家庭成员最多 %d 位", MEMBER_MAX_FAMILY);
	member_family_resize(m, json_array_size(arr));
	for (size_t i = 0; i < m->nfamily; i++) {
		json_t *o = json_array_get(arr, i);
		struct family_member *f = &m->family[i];
		int64_t year = 0;
		if (!json_is_object(o))
			return err_set(e, EC_INVALID, "family", "第 %zu 位家庭成员格式不正确",
				       i + 1);
		if (json_only_keys(o, keys, e) ||
		    json_get_str(o, "name", f->name, sizeof(f->name), "家庭成员姓名", e) ||
		    json_get_str(o, "relation", f->relation, sizeof(f->relation), "与本人关系",
				 e) ||
		    json_get_str(o, "occupation", f->occupation, sizeof(f->occupation),
				 "职业或健康状况", e) ||
		    json_get_int(o, "birth_year", &year, "出生年份", e)) {
			/* name the entry: family[2].relation */
			char field[sizeof(e->field)];
			snprintf(field, sizeof(field), "family[%zu].%.*s", i,
				 utf8_prefix(e->field, 30), e->field);
			memcpy(e->field, field, sizeof(field));
			return -1;
		}
		if (year < 0 || year > 9999)
			return err_set(e, EC_INVALID, "family", "出生年份不正确");
		f->birth_year = (int)year;
	}
	return 0;
}

/* Applies the body's fields onto m (absent fields keep their value). */
static int member_from_json(json_t *j, struct member *m, struct bf_err *e)
{
	static const char *const keys[] = {
	    "name",	      "gender",	   "ethnicity",	     "birth_date",
	    "joined_on",      "id_number", "phone",	     "household_type",
	    "household_size", "address",   "education",	     "member_type",
	    "status",	      "org_id",	   "income_sources", "other_subsidies",
	    "family",	      NULL};
	int64_t size = m->household_size, org = m->org_id;
	/* A new ID number brings its own birth date and gender unless the body
	 * states them too. */
	if (json_object_get(j, "id_number")) {
		if (!json_object_get(j, "birth_date"))
			m->birth_date[0] = '\0';
		if (!json_object_get(j, "gender"))
			m->gender[0] = '\0';
	}
	if (json_only_keys(j, keys, e) ||
	    json_get_str(j, "name", m->name, sizeof(m->name), "姓名", e) ||
	    json_get_str(j, "gender", m->gender, sizeof(m->gender), "性别", e) ||
	    json_get_str(j, "ethnicity", m->ethnicity, sizeof(m->ethnicity), "民族", e) ||
	    json_get_str(j, "birth_date", m->birth_date, sizeof(m->birth_date), "出生年月", e) ||
	    json_get_str(j, "joined_on", m->joined_on, sizeof(m->joined_on), "入党时间", e) ||
	    json_get_str(j, "id_number", m->id_number, sizeof(m->id_number), "身份证号码", e) ||
	    json_get_str(j, "phone", m->phone, sizeof(m->phone), "联系电话", e) ||
	    json_get_str(j, "household_type", m->household_type, sizeof(m->household_type),
			 "户口类别", e) ||
	    json_get_int(j, "household_size", &size, "家庭人口", e) ||
	    json_get_str(j, "address", m->address, sizeof(m->address), "家庭住址", e) ||
	    json_get_str(j, "education", m->education, sizeof(m->education), "文化程度", e) ||
	    json_get_str(j, "member_type", m->member_type, sizeof(m->member_type), "人员类别", e) ||
	    json_get_str(j, "status", m->status, sizeof(m->status), "状态", e) ||
	    json_get_int(j, "org_id", &org, "所在支部", e) ||
	    json_get_str(j, "income_sources", m->income_sources, sizeof(m->income_sources),
			 "家庭收入来源及金额", e) ||
	    json_get_str(j, "other_subsidies", m->other_subsidies, sizeof(m->other_subsidies),
			 "享受其他补贴名称金额", e))
		return -1;
	if (size < 0 || size > 1000)
		return err_set(e, EC_INVALID, "household_size", "家庭人口应为 1—30 人");
	m->household_size = (int)size;
	m->org_id = org;
	json_t *fam = json_object_get(j, "family");
	if (fam && !json_is_null(fam))
		return family_from_json(fam, m, e);
	return 0;
}

/* --- whole answers of the list, kept while nothing is written ---
 * A page's answer depends on the reader's role and scope, the query (org,
 * q, status, member type, page, size), today's date (age, party years)
 * and the database.  It is kept under the read generation auth_session
 * took for this request (store.h: it moves with any write by anyone,
 * this process or another, a session touch included) and answered again
 * only to a request whose generation is the same, so the bytes are the
 * ones the database would give.  Only 200 answers; nothing on PostgreSQL
 * (no generation there). */
#define ANSWER_SLOTS	128
#define ANSWER_KEY_MAX	640
#define ANSWER_MAX_SIZE (64 * 1024)

static struct answer_slot {
	char key[ANSWER_KEY_MAX];
	uint64_t gen;
	char *body;
	size_t len;
} answers[ANSWER_SLOTS];
static pthread_mutex_t answer_lock = PTHREAD_MUTEX_INITIALIZER;

/* The key; 0 when it would not fit (not kept then). */
static int answer_key(struct req *r, struct ymd today, int page, int size, int64_t org,
		      char out[ANSWER_KEY_MAX])
{
	const char *q = req_arg(r, "q"), *st = req_arg(r, "status"),
		   *mt = req_arg(r, "member_type");
	/* \x1f: a separator no role, path or query value holds (text_clean
	 * refuses control characters in stored values; a query holding one
	 * only makes a key of its own). */
	int n = snprintf(out, ANSWER_KEY_MAX,
			 "%s\x1f%s\x1f%lld\x1f%s\x1f%s\x1f%s\x1f%d\x1f%d\x1f%04d-%02d-%02d",
			 r->actor.role, r->actor.org_path, (long long)org, q ? q : "", st ? st : "",
			 mt ? mt : "", page, size, today.y, today.m, today.d);
	return n > 0 && n < ANSWER_KEY_MAX;
}

static struct answer_slot *answer_slot(const char *key)
{
	uint64_t h = 1469598103934665603ULL;
	for (const char *p = key; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	return &answers[(h ^ h >> 29) % ANSWER_SLOTS];
}

/* A copy of the kept answer (the reply takes it), or NULL. */
static char *answer_find(const char *key, uint64_t gen, size_t *len)
{
	struct answer_slot *a = answer_slot(key);
	char *body = NULL;
	pthread_mutex_lock(&answer_lock);
	if (a->body && a->gen == gen && !strcmp(a->key, key)) {
		body = xmalloc(a->len + 1);
		memcpy(body, a->body, a->len + 1);
		*len = a->len;
	}
	pthread_mutex_unlock(&answer_lock);
	return body;
}

static void answer_keep(const char *key, uint64_t gen, const struct strbuf *sb)
{
	struct answer_slot *a = answer_slot(key);
	if (sb->len > ANSWER_MAX_SIZE)
		return;
	char *body = xmalloc(sb->len + 1);
	memcpy(body, sb->buf, sb->len + 1);
	pthread_mutex_lock(&answer_lock);
	char *old = a->body;
	snprintf(a->key, sizeof(a->key), "%s", key);
	a->gen = gen;
	a->body = body;
	a->len = sb->len;
	pthread_mutex_unlock(&answer_lock);
	free(old);
}

void h_members_list(struct req *r)
{
	int page, size;
	int64_t org;
	struct member *items = NULL;
	size_t n = 0, len = 0;
	int64_t total = 0;
	struct bf_err e;
	char key[ANSWER_KEY_MAX];
	if (req_int_arg(r, "page", 1, 1, 1000000, &page) ||
	    req_int_arg(r, "size", 20, 1, 200, &size) || req_id_arg(r, "org", &org))
		return;
	struct ymd today = date_today();
	/* The generation taken before the session was read (0: none). */
	uint64_t gen = r->core.read_gen;
	int keep = gen && answer_key(r, today, page, size, org, key);
	char *kept = keep ? answer_find(key, gen, &len) : NULL;
	if (kept) {
		reply_buffer(r, 200, kept, len);
		return;
	}
	if (member_list(&r->core, &r->actor, org, req_arg(r, "q"), req_arg(r, "status"),
			req_arg(r, "member_type"), page, size, &items, &n, &total, &e)) {
		reply_error(r, &e);
		return;
	}
	struct strbuf sb = STRBUF_INIT;
	strbuf_grow(&sb, 1024 + n * 700 + MEMBER_JSON_MAX); /* one allocation for the page */
	strbuf_adds(&sb, "{\"items\":[");
	for (size_t i = 0; i < n; i++)
		member_json(&sb, &items[i], 0, today); /* adds the comma */
	strbuf_addch(&sb, ']');
	free(items);
	jw_int(&sb, "total", total);
	jw_int(&sb, "page", page);
	jw_int(&sb, "size", size);
	strbuf_addch(&sb, '}');
	if (keep)
		answer_keep(key, gen, &sb);
	reply_raw_json(r, 200, &sb);
}

static struct member *member_alloc(void)
{
	struct member *m = xcalloc(1, sizeof(*m));
	return m;
}

void h_members_create(struct req *r)
{
	struct bf_err e;
	struct member *m = member_alloc();
	json_t *j = req_json(r);
	if (j) {
		if (member_from_json(j, m, &e) || member_create(&r->core, &r->actor, m, &e))
			reply_error(r, &e);
		else
			reply_json(r, 201, json_pack("{s:I}", "id", (json_int_t)m->id));
		json_decref(j);
	}
	member_free(m);
}

void h_member_get(struct req *r)
{
	struct bf_err e;
	struct member *m = member_alloc();
	if (member_get(&r->core, &r->actor, r->id, m, &e))
		reply_error(r, &e);
	else
		reply_member(r, 200, m);
	member_free(m);
}

void h_member_patch(struct req *r)
{
	struct bf_err e;
	struct member *m = member_alloc();
	json_t *j = req_json(r);
	if (j) {
		if (member_get_plain(&r->core, &r->actor, r->id, m, &e) ||
		    member_from_json(j, m, &e) || member_update(&r->core, &r->actor, m, &e))
			reply_error(r, &e);
		else
			reply_member(r, 200, m);
		json_decref(j);
	}
	member_free(m);
}

void h_member_reveal(struct req *r)
{
	struct bf_err e;
	struct member *m = member_alloc();
	if (member_reveal(&r->core, &r->actor, r->id, m, &e))
		reply_error(r, &e);
	else
		reply_json(r, 200,
			   json_pack("{s:s, s:s}", "id_number", m->id_number, "phone", m->phone));
	member_free(m);
}
