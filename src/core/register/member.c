/* member.c - the member register (§1): validation, sealing of the ID number
 * and phone (SM4 + HMAC-SM3, blind indexes for search and uniqueness), and
 * the scoped, audited operations on members. */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include "register.h"
#include "care.h"
#include "core/common/common.h"
#include "date.h"
#include "idnum.h"
#include "phone.h"
#include "store.h"
#include "text.h"
#include "utf8.h"
#include "wrapper.h"
#include "core/common/common.h"

static int check_choice(char *v, size_t n, const char *const *list, const char *field,
			const char *label, struct bf_err *e)
{
	struct strbuf all = STRBUF_INIT;
	if (member_choice_valid(list, v))
		return 0; /* the common case: no alias look-up */
	member_choice_normalise(v, n);
	if (member_choice_valid(list, v))
		return 0;
	/* the whole list when it is short; the 56 ethnicities would not fit
	 * in a message: the first ones and how many there are */
	size_t count = 0, shown = 0;
	for (const char *const *p = list; *p; p++, count++)
		if (all.len < 200) {
			strbuf_addf(&all, "%s%s", p == list ? "" : "、", *p);
			shown++;
		}
	if (shown < count)
		strbuf_addf(&all, "等 %zu 项之一", count);
	err_set(e, v[0] ? EC_INVALID : EC_MISSING, field, "%s应为：%s", label, strbuf_str(&all));
	strbuf_release(&all);
	return -1;
}

/* The ID number decides birth date and gender; entered ones must agree. */
static int check_identity(struct member *m, struct bf_err *e)
{
	char norm[19], birth[11], gender[4];
	if (!m->id_number[0])
		return err_set(e, EC_MISSING, "id_number", "请填写身份证号码");
	if (idnum_check(m->id_number, NULL, norm, birth, gender, e))
		return -1;
	memcpy(m->id_number, norm, sizeof(norm));
	if (m->birth_date[0]) {
		struct ymd d;
		int has_day;
		if (date_parse(m->birth_date, &d, &has_day, "birth_date", "出生年月", e))
			return -1;
		char mine[11];
		date_format(d, mine);
		if (strncmp(mine, birth, has_day ? 10 : 7) != 0)
			return err_set(e, EC_INVALID, "birth_date",
				       "出生年月与身份证号码中的出生日期（%s）不一致", birth);
	}
	memcpy(m->birth_date, birth, sizeof(birth));
	if (m->gender[0]) {
		member_choice_normalise(m->gender, sizeof(m->gender));
		if (strcmp(m->gender, gender) != 0)
			return err_set(e, EC_INVALID, "gender",
				       "性别与身份证号码不一致（身份证号码显示为%s）", gender);
	}
	snprintf(m->gender, sizeof(m->gender), "%s", gender);
	return 0;
}

/* Joined the party on a real date, not in the future, at 18 or older. */
static int check_joined(struct member *m, struct bf_err *e)
{
	struct ymd j, b, today = date_today();
	int has_day;
	if (!m->joined_on[0])
		return err_set(e, EC_MISSING, "joined_on", "请填写入党时间");
	if (date_parse(m->joined_on, &j, &has_day, "joined_on", "入党时间", e))
		return -1;
	if (date_cmp(j, today) > 0)
		return err_set(e, EC_INVALID, "joined_on", "入党时间不能晚于今天");
	struct ymd end = j; /* a month without a day counts at its last day */
	if (!has_day)
		end.d = date_days_in_month(j.y, j.m);
	if (date_parse(m->birth_date, &b, NULL, "birth_date", "出生年月", e))
		return -1;
	if (date_years_between(b, end) < 18)
		return err_set(e, EC_INVALID, "joined_on", "入党时须年满 18 周岁（出生于 %s）",
			       m->birth_date);
	date_format(j, m->joined_on);
	return 0;
}

static int check_family(struct member *m, struct bf_err *e)
{
	int year = date_today().y;
	for (size_t i = 0; i < m->nfamily; i++) {
		struct family_member *f = &m->family[i];
		char field[64];
		text_trim(f->name);
		text_trim(f->relation);
		text_trim(f->occupation);
		snprintf(field, sizeof(field), "family[%zu].name", i);
		if (!f->name[0])
			return err_set(e, EC_MISSING, field, "第 %zu 位家庭成员：请填写姓名",
				       i + 1);
		if (text_field_at(f->name, TF_FAMILY_NAME, 0, field, e))
			return -1;
		snprintf(field, sizeof(field), "family[%zu].relation", i);
		if (!f->relation[0])
			return err_set(e, EC_MISSING, field, "第 %zu 位家庭成员：请填写与本人关系",
				       i + 1);
		if (text_field_at(f->relation, TF_FAMILY_RELATION, 0, field, e))
			return -1;
		snprintf(field, sizeof(field), "family[%zu].birth_year", i);
		if (f->birth_year && (f->birth_year < 1900 || f->birth_year > year))
			return err_set(e, EC_INVALID, field,
				       "第 %zu 位家庭成员：出生年份应在 1900—%d 之间", i + 1, year);
		snprintf(field, sizeof(field), "family[%zu].occupation", i);
		if (text_field_at(f->occupation, TF_FAMILY_OCCUPATION, 0, field, e))
			return -1;
	}
	return 0;
}

static void trim_all(struct member *m)
{
	char *fields[] = {m->name,	     m->gender,		m->ethnicity,	m->birth_date,
			  m->joined_on,	     m->id_number,	m->phone,	m->household_type,
			  m->address,	     m->education,	m->member_type, m->status,
			  m->income_sources, m->other_subsidies};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		text_trim(fields[i]);
}

int member_validate(struct member *m, struct bf_err *e)
{
	char phone[32];
	trim_all(m);
	if (!m->name[0])
		return err_set(e, EC_MISSING, "name", "请填写姓名");
	if (text_field(m->name, TF_MEMBER_NAME, 1, e) || check_identity(m, e))
		return -1;
	if (check_choice(m->ethnicity, sizeof(m->ethnicity), member_ethnicities, "ethnicity",
			 "民族", e))
		return -1;
	if (!m->phone[0])
		return err_set(e, EC_MISSING, "phone", "请填写联系电话");
	if (phone_check(m->phone, phone, e))
		return -1;
	memcpy(m->phone, phone, sizeof(phone));
	if (check_joined(m, e))
		return -1;
	if (check_choice(m->household_type, sizeof(m->household_type), member_household_types,
			 "household_type", "户口类别", e))
		return -1;
	if (m->household_size < 1 || m->household_size > 30)
		return err_set(e, m->household_size ? EC_INVALID : EC_MISSING, "household_size",
			       "家庭人口应为 1—30 人");
	if (text_field(m->address, TF_MEMBER_ADDRESS, 0, e))
		return -1;
	if (m->education[0] && check_choice(m->education, sizeof(m->education), member_educations,
					    "education", "文化程度", e))
		return -1;
	if (!m->member_type[0])
		snprintf(m->member_type, sizeof(m->member_type), "普通党员");
	if (check_choice(m->member_type, sizeof(m->member_type), member_types, "member_type",
			 "人员类别", e))
		return -1;
	if (!m->status[0])
		snprintf(m->status, sizeof(m->status), "在职");
	if (check_choice(m->status, sizeof(m->status), member_statuses, "status", "状态", e))
		return -1;
	if (text_field(m->income_sources, TF_MEMBER_INCOME, 0, e) ||
	    text_field(m->other_subsidies, TF_MEMBER_SUBSIDIES, 0, e))
		return -1;
	if (m->nfamily > MEMBER_MAX_FAMILY)
		return err_set(e, EC_INVALID, "family", "家庭成员最多 %d 位", MEMBER_MAX_FAMILY);
	return check_family(m, e);
}

/* A blind index keeps 128 of HMAC-SM3's 256 bits: collisions stay out of
 * reach (2^64 work) and the unique index is half as large. */
static void bidx(const struct crypto_key *key, const char *domain, const char *v, char out[65])
{
	char buf[64];
	snprintf(buf, sizeof(buf), "%s:%s", domain, v);
	crypto_blind_index(key, buf, out);
	out[32] = '\0';
}

int member_id_bidx(const struct crypto_key *key, const char *id_number, char out[65],
		   struct bf_err *e)
{
	char norm[19];
	if (idnum_check(id_number, NULL, norm, NULL, NULL, e))
		return -1;
	bidx(key, "id", norm, out);
	return 0;
}

int member_seal(const struct crypto_key *key, struct member *m, struct bf_err *e)
{
	struct strbuf s = STRBUF_INIT;
	int rc = -1;
	if (crypto_seal(key, m->id_number, &s) ||
	    text_copy(m->id_sealed, sizeof(m->id_sealed), s.buf))
		goto out;
	strbuf_reset(&s);
	if (crypto_seal(key, m->phone, &s) ||
	    text_copy(m->phone_sealed, sizeof(m->phone_sealed), s.buf))
		goto out;
	bidx(key, "id", m->id_number, m->id_bidx);
	bidx(key, "phone", m->phone, m->phone_bidx);
	rc = 0;
out:
	strbuf_release(&s);
	return rc ? err_set(e, EC_INTERNAL, NULL, "加密失败") : 0;
}

int member_unseal(const struct crypto_key *key, struct member *m, struct bf_err *e)
{
	struct strbuf s = STRBUF_INIT;
	int rc = -1;
	if (crypto_open(key, m->id_sealed, &s) ||
	    text_copy(m->id_number, sizeof(m->id_number), s.buf))
		goto out;
	strbuf_reset(&s);
	if (crypto_open(key, m->phone_sealed, &s) || text_copy(m->phone, sizeof(m->phone), s.buf))
		goto out;
	rc = 0;
out:
	strbuf_release(&s);
	return rc ? err_set(e, EC_INTERNAL, NULL, "解密失败：密钥与数据库不匹配或数据已损坏") : 0;
}

/* Masked values by sealed text.  Content-addressed, so never stale: a
 * changed ID number has a new sealed text.  It holds only what every reader
 * may see anyway, and saves the list page 40 SM4+HMAC-SM3 openings.  Four
 * ways a set: with one, two hot values sharing a slot pushed each other
 * out on every page (a tenth of the openings were repeats). */
#define MASK_SETS 4096
#define MASK_WAYS 4

static struct mask_slot {
	char sealed[160];
	char masked[32];
} mask_cache[MASK_SETS][MASK_WAYS];
/* The ways' hashes of a set side by side (one cache line): a look-up
 * touches only the slot that matches. */
static uint64_t mask_hashes[MASK_SETS][MASK_WAYS];
static unsigned mask_next[MASK_SETS]; /* the way to replace next */
static pthread_mutex_t mask_lock = PTHREAD_MUTEX_INITIALIZER;

/* Over the first 32 bytes only: they hold the version and the random IV,
 * unique to each sealing, and the list looks up 40 values a page.  A
 * match is confirmed by the whole text. */
static uint64_t mask_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (int i = 0; i < 32 && s[i]; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h ^ h >> 29;
}

static int mask_lookup(const char *sealed, char out[32])
{
	uint64_t h = mask_hash(sealed);
	struct mask_slot *set = mask_cache[h % MASK_SETS];
	int hit = 0;
	pthread_mutex_lock(&mask_lock);
	for (int i = 0; i < MASK_WAYS && !hit; i++)
		if (mask_hashes[h % MASK_SETS][i] == h && !strcmp(set[i].sealed, sealed)) {
			memcpy(out, set[i].masked, 32);
			hit = 1;
		}
	pthread_mutex_unlock(&mask_lock);
	return hit;
}

static void mask_store(const char *sealed, const char *masked)
{
	uint64_t h = mask_hash(sealed);
	size_t set = h % MASK_SETS;
	if (strlen(sealed) >= sizeof(mask_cache[0][0].sealed))
		return;
	pthread_mutex_lock(&mask_lock);
	unsigned way = mask_next[set]++ % MASK_WAYS;
	struct mask_slot *m = &mask_cache[set][way];
	mask_hashes[set][way] = h;
	snprintf(m->sealed, sizeof(m->sealed), "%s", sealed);
	snprintf(m->masked, sizeof(m->masked), "%s", masked);
	pthread_mutex_unlock(&mask_lock);
}

int member_unseal_masked(const struct crypto_key *key, struct member *m, struct bf_err *e)
{
	char id[32], phone[32];
	if (mask_lookup(m->id_sealed, id) && mask_lookup(m->phone_sealed, phone)) {
		memcpy(m->id_number, id, 19);
		memcpy(m->phone, phone, sizeof(phone));
		return 0;
	}
	if (member_unseal(key, m, e))
		return -1;
	idnum_mask(m->id_number, id);
	phone_mask(m->phone, phone);
	mask_store(m->id_sealed, id);
	mask_store(m->phone_sealed, phone);
	memcpy(m->id_number, id, 19);
	memcpy(m->phone, phone, sizeof(phone));
	return 0;
}

int member_check_org(struct core *c, const struct actor *a, struct member *m, struct bf_err *e)
{
	struct org o;
	enum db_qs qs = store_org_get(c->db, m->org_id, &o, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE || !access_in_scope(a, o.path))
		return err_set(e, m->org_id ? EC_INVALID : EC_MISSING, "org_id",
			       "所在支部不存在或不在您的管辖范围内");
	if (strcmp(o.kind, ORG_BRANCH) != 0 && strcmp(o.kind, ORG_GENERAL_BRANCH) != 0)
		return err_set(e, EC_INVALID, "org_id",
			       "“%s”不是党支部或党总支，请选择党员所在支部", o.name);
	snprintf(m->org_code, sizeof(m->org_code), "%s", o.code);
	snprintf(m->org_name, sizeof(m->org_name), "%s", o.name);
	snprintf(m->org_path, sizeof(m->org_path), "%s", o.path);
	return 0;
}

static int duplicate_error(struct db *db, const struct member *m, struct bf_err *e)
{
	struct member *holder = xcalloc(1, sizeof(*holder));
	enum db_qs qs = store_member_by_id_bidx(db, m->id_bidx, holder, e);
	if (qs == DB_ONE)
		err_set(e, EC_DUPLICATE_ID, "id_number", "该身份证号码已在“%s”登记（党员%s）",
			holder->org_name, holder->name);
	else if (qs == DB_NONE)
		err_set(e, EC_DUPLICATE_ID, "id_number", NULL);
	member_free(holder);
	return qs < 0 ? qs : -1;
}

int member_insert_tx(struct core *c, struct member *m, struct bf_err *e)
{
	enum db_qs qs = store_member_insert(c->db, m, e);
	if (qs == DB_HARD && e->code == EC_DUPLICATE_ID)
		return duplicate_error(c->db, m, e);
	return qs < 0 ? qs : 0;
}

int member_bulk_worth_it(struct core *c, long long rows)
{
	int64_t have = 0;
	struct bf_err e;
	/* Not on PostgreSQL: DROP INDEX there locks the table against readers
	 * for the whole import, while SQLite's readers keep their snapshot. */
	if (db_engine(c->db) != DB_SQLITE || rows < 20000 ||
	    store_member_count(c->db, "/", &have, &e) < 0)
		return 0;
	return rows >= have;
}

int member_bulk(struct core *c, int begin, struct bf_err *e)
{
	return store_member_bulk_indexes(c->db, begin, e) < 0 ? -1 : 0;
}

/* changes: `"field":{"from":…,"to":…},…` (member edits) or NULL. */
static int audit_member(struct db *db, const struct actor *a, const char *action,
			const struct member *m, const char *changes, struct bf_err *e)
{
	struct strbuf d = STRBUF_INIT;
	strbuf_adds(&d, "{\"name\":\"");
	strbuf_add_json_str(&d, m->name);
	strbuf_addf(&d, "\",\"org_id\":%" PRId64, m->org_id);
	if (changes && *changes)
		strbuf_addf(&d, ",\"changes\":{%s}", changes);
	strbuf_addch(&d, '}');
	int rc = audit_record(db, a, action, "member", m->id, d.buf, e);
	strbuf_release(&d);
	return rc;
}

/* The family as one line: 张三（配偶）、李四（子女）. */
static void family_text(const struct member *m, struct strbuf *out)
{
	for (size_t i = 0; i < m->nfamily; i++)
		strbuf_addf(out, "%s%s%s%s%s", i ? "、" : "", m->family[i].name,
			    m->family[i].relation[0] ? "（" : "", m->family[i].relation,
			    m->family[i].relation[0] ? "）" : "");
}

/* What an edit changes from old (as stored) to m (sealed, with its plain
 * values), old and new side by side; ID numbers and phones only masked,
 * never in full (the audit is read by more people than may reveal them). */
static int member_changes(const struct crypto_key *key, struct member *old, const struct member *m,
			  struct strbuf *d, struct bf_err *e)
{
	core_diff_text(d, "name", old->name, m->name);
	core_diff_text(d, "gender", old->gender, m->gender);
	core_diff_text(d, "ethnicity", old->ethnicity, m->ethnicity);
	core_diff_text(d, "birth_date", old->birth_date, m->birth_date);
	core_diff_text(d, "joined_on", old->joined_on, m->joined_on);
	if (strcmp(old->id_bidx, m->id_bidx) || strcmp(old->phone_bidx, m->phone_bidx)) {
		char id[19], phone[32];
		if (member_unseal_masked(key, old, e))
			return -1;
		idnum_mask(m->id_number, id);
		phone_mask(m->phone, phone);
		if (strcmp(old->id_bidx, m->id_bidx))
			core_diff_text(d, "id_number", old->id_number, id);
		if (strcmp(old->phone_bidx, m->phone_bidx))
			core_diff_text(d, "phone", old->phone, phone);
	}
	core_diff_text(d, "household_type", old->household_type, m->household_type);
	if (old->household_size != m->household_size)
		strbuf_addf(d, "%s\"household_size\":{\"from\":%d,\"to\":%d}", d->len ? "," : "",
			    old->household_size, m->household_size);
	core_diff_text(d, "address", old->address, m->address);
	core_diff_text(d, "education", old->education, m->education);
	core_diff_text(d, "member_type", old->member_type, m->member_type);
	core_diff_text(d, "status", old->status, m->status);
	core_diff_text(d, "income_sources", old->income_sources, m->income_sources);
	core_diff_text(d, "other_subsidies", old->other_subsidies, m->other_subsidies);
	struct strbuf ff = STRBUF_INIT, ft = STRBUF_INIT;
	family_text(old, &ff);
	family_text(m, &ft);
	core_diff_text(d, "family", ff.len ? ff.buf : "", ft.len ? ft.buf : "");
	strbuf_release(&ff);
	strbuf_release(&ft);
	if (old->org_id != m->org_id)
		strbuf_addf(d, "%s\"org_id\":{\"from\":%" PRId64 ",\"to\":%" PRId64 "}",
			    d->len ? "," : "", old->org_id, m->org_id);
	return 0;
}

struct write_ctx {
	struct core *c;
	const struct actor *a;
	struct member *m;
};

static int create_fn(struct db *db, void *p, struct bf_err *e)
{
	struct write_ctx *x = p;
	int rc = member_check_org(x->c, x->a, x->m, e);
	if (!rc)
		rc = member_insert_tx(x->c, x->m, e);
	if (!rc)
		rc = audit_member(db, x->a, "create", x->m, NULL, e);
	return rc;
}

/* The member was just marked 亡故: a condolence visit owed and the
 * member's open care closed (care.h, in the caller's transaction). */
static int died(struct db *db, const struct actor *a, int64_t member_id, struct bf_err *e)
{
	char today[CASE_DATE_LEN];
	core_today(today);
	return care_member_deceased_tx(db, a, member_id, today, e);
}

int member_set_status_tx(struct db *db, const struct actor *a, int64_t member_id,
			 const char *status, const char *cause_json, struct bf_err *e)
{
	char v[32];
	snprintf(v, sizeof(v), "%s", status ? status : "");
	if (check_choice(v, sizeof(v), member_statuses, "status", "状态", e))
		return -1;
	struct member *m = xcalloc(1, sizeof(*m));
	struct strbuf d = STRBUF_INIT;
	enum db_qs qs = store_member_get(db, member_id, m, e);
	int rc = qs < 0		 ? (int)qs
		 : qs == DB_NONE ? err_set(e, EC_NOT_FOUND, NULL, "党员不存在")
				 : 0;
	if (!rc && strcmp(m->status, v)) {
		int64_t now = (int64_t)time(NULL);
		qs = store_member_set_status(db, member_id, v, now, e);
		rc = qs < 0 ? (int)qs : 0;
		if (!rc) {
			/* audit_member's detail, with what caused it beside the changes */
			strbuf_adds(&d, "{\"name\":\"");
			strbuf_add_json_str(&d, m->name);
			strbuf_addf(
			    &d, "\",\"org_id\":%" PRId64 ",\"changes\":{\"status\":{\"from\":\"",
			    m->org_id);
			strbuf_add_json_str(&d, m->status);
			strbuf_adds(&d, "\",\"to\":\"");
			strbuf_add_json_str(&d, v);
			strbuf_adds(&d, "\"}}");
			if (cause_json && *cause_json)
				strbuf_addf(&d, ",%s", cause_json);
			strbuf_addch(&d, '}');
			rc = audit_record(db, a, "update", "member", member_id, d.buf, e);
		}
		if (!rc && !strcmp(v, "亡故"))
			rc = died(db, a, member_id, e);
	}
	strbuf_release(&d);
	member_free(m);
	return rc;
}

int member_create(struct core *c, const struct actor *a, struct member *m, struct bf_err *e)
{
	if (!access_allowed(a, PERM_WRITE))
		return err_set(e, EC_FORBIDDEN, NULL, "您的角色只能查看，不能登记党员");
	if (member_validate(m, e) || member_seal(c->key, m, e))
		return -1;
	m->created_at = m->updated_at = (int64_t)time(NULL);
	struct write_ctx x = {.c = c, .a = a, .m = m};
	return db_run_tx(c->db, "member_create", 1, create_fn, &x, e);
}

/* Reads a member and hides it when it lies outside the actor's subtree. */
static int get_in_scope(struct db *db, const struct actor *a, int64_t id, struct member *out,
			struct bf_err *e)
{
	enum db_qs qs = store_member_get(db, id, out, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE || !access_in_scope(a, out->org_path))
		return err_set(e, EC_NOT_FOUND, NULL, "党员不存在");
	return 0;
}

int member_get(struct core *c, const struct actor *a, int64_t id, struct member *out,
	       struct bf_err *e)
{
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	if (get_in_scope(c->db, a, id, out, e))
		return -1;
	return member_unseal_masked(c->key, out, e);
}

int member_get_plain(struct core *c, const struct actor *a, int64_t id, struct member *out,
		     struct bf_err *e)
{
	if (!access_allowed(a, PERM_WRITE))
		return err_set(e, EC_FORBIDDEN, NULL, "您的角色只能查看，不能修改党员信息");
	if (get_in_scope(c->db, a, id, out, e))
		return -1;
	return member_unseal(c->key, out, e);
}

static int update_fn(struct db *db, void *p, struct bf_err *e)
{
	struct write_ctx *x = p;
	struct member *old = xcalloc(1, sizeof(*old));
	struct strbuf changes = STRBUF_INIT;
	int rc = get_in_scope(db, x->a, x->m->id, old, e);
	int dies = !rc && strcmp(old->status, "亡故") && !strcmp(x->m->status, "亡故");
	if (!rc)
		rc = member_check_org(x->c, x->a, x->m, e);
	if (!rc)
		rc = member_changes(x->c->key, old, x->m, &changes, e);
	if (!rc && strcmp(old->id_bidx, x->m->id_bidx) != 0) {
		enum db_qs qs = store_member_by_id_bidx(db, x->m->id_bidx, old, e);
		rc = qs < 0 ? qs : qs == DB_ONE ? duplicate_error(db, x->m, e) : 0;
	}
	member_free(old);
	if (!rc) {
		enum db_qs qs = store_member_update(db, x->m, e);
		rc = qs < 0 ? qs : 0;
	}
	if (!rc)
		rc = audit_member(db, x->a, "update", x->m, changes.buf, e);
	if (!rc && dies)
		rc = died(db, x->a, x->m->id, e);
	strbuf_release(&changes);
	return rc;
}

int member_update(struct core *c, const struct actor *a, struct member *m, struct bf_err *e)
{
	if (!access_allowed(a, PERM_WRITE))
		return err_set(e, EC_FORBIDDEN, NULL, "您的角色只能查看，不能修改党员信息");
	if (member_validate(m, e) || member_seal(c->key, m, e))
		return -1;
	m->updated_at = (int64_t)time(NULL);
	struct write_ctx x = {.c = c, .a = a, .m = m};
	if (db_run_tx(c->db, "member_update", 1, update_fn, &x, e))
		return -1;
	return member_get(c, a, m->id, m, e);
}

int member_reveal(struct core *c, const struct actor *a, int64_t id, struct member *out,
		  struct bf_err *e)
{
	if (!access_allowed(a, PERM_REVEAL))
		return err_set(e, EC_FORBIDDEN, NULL, "您的角色不能查看完整的身份证号码和联系电话");
	if (get_in_scope(c->db, a, id, out, e) || member_unseal(c->key, out, e))
		return -1;
	char detail[160];
	snprintf(detail, sizeof(detail), "{\"fields\":[\"id_number\",\"phone\"]}");
	return audit_record_tx(c->db, a, "reveal", "member", id, detail, e);
}

/* Decides what a search text is: an ID number, a phone number or a name. */
static void classify_query(const struct crypto_key *key, char *q, struct member_query *mq,
			   char bidx_id[65], char bidx_phone[65], char like[200])
{
	char norm[32];
	struct bf_err ignore;
	text_trim(q);
	if (!q[0])
		return;
	if (idnum_check(q, NULL, norm, NULL, NULL, &ignore) == 0) {
		bidx(key, "id", norm, bidx_id);
		mq->bidx = bidx_id;
		return;
	}
	if (phone_check(q, norm, &ignore) == 0) {
		bidx(key, "phone", norm, bidx_phone);
		mq->bidx_phone = bidx_phone;
		return;
	}
	snprintf(like, 200, "%s", q); /* the store escapes and wraps it */
	mq->name_like = like;
}

/* Digits only: a record's number, -1 when it cannot be one (too long). */
static int64_t search_number(const char *q)
{
	int64_t v = 0;
	if (!*q || strspn(q, "0123456789") != strlen(q))
		return 0;
	if (strlen(q) > 15)
		return -1;
	for (const char *p = q; *p; p++)
		v = v * 10 + (*p - '0');
	return v > 0 ? v : -1;
}

int member_search_term(const struct crypto_key *key, const char *q, const char *ref_prefix,
		       struct search_term *t, struct bf_err *e)
{
	struct member_query mq = {0};
	char buf[256], id[65] = "", phone[65] = "";
	memset(t, 0, sizeof(*t));
	if (!q)
		return 0;
	utf8_copy(buf, sizeof(buf), q);
	text_trim(buf);
	if (text_check(buf, "q", "查询内容", SEARCH_MAX_CHARS, TEXT_LINE, e))
		return -1;
	classify_query(key, buf, &mq, id, phone, t->like);
	if (mq.bidx)
		snprintf(t->id_bidx, sizeof(t->id_bidx), "%s", id);
	else if (mq.bidx_phone)
		snprintf(t->phone_bidx, sizeof(t->phone_bidx), "%s", phone);
	else if ((t->number = search_number(buf)) != 0)
		t->like[0] = '\0';
	else if (ref_prefix && !strncasecmp(buf, ref_prefix, strlen(ref_prefix)) &&
		 (t->number = search_number(buf + strlen(ref_prefix))) != 0)
		t->like[0] = '\0';
	return 0;
}

int member_list(struct core *c, const struct actor *a, int64_t org_id, const char *q_text,
		const char *status, const char *member_type, int page, int size,
		struct member **items, size_t *n, int64_t *total, struct bf_err *e)
{
	struct member_query q = {0};
	struct org o;
	char bidx_id[65], bidx_phone[65], like[200], qbuf[128];
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	q.scope_path = a->org_path;
	if (org_id) {
		if (org_get(c, a, org_id, &o, e))
			return -1;
		q.scope_path = o.path;
	}
	snprintf(qbuf, sizeof(qbuf), "%s", q_text ? q_text : "");
	classify_query(c->key, qbuf, &q, bidx_id, bidx_phone, like);
	q.status = status && *status ? status : NULL;
	q.member_type = member_type && *member_type ? member_type : NULL;
	q.limit = size;
	q.offset = (page - 1) * size;
	q.read_gen = c->read_gen; /* one request's: used once */
	c->read_gen = 0;
	if (store_member_list(c->db, &q, items, n, total, e) < 0)
		return -1;
	for (size_t i = 0; i < *n; i++)
		if (member_unseal_masked(c->key, &(*items)[i], e)) {
			free(*items);
			*items = NULL;
			return -1;
		}
	return 0;
}

struct each_ctx {
	const struct crypto_key *key;
	int reveal;
	int (*fn)(const struct member *m, void *ctx);
	void *ctx;
	int failed;
	/* the list's filters (member_each_matching; all NULL for member_each):
	 * what store_member_list asks in SQL, asked of each sealed row */
	const char *status, *member_type, *name_like, *bidx, *bidx_phone;
};

static int same(const char *want, const char *have)
{
	return !want || !*want || !strcmp(want, have);
}

/* The search text matches like the list's: a name fragment, or the blind
 * index of an ID number or phone (either field for an ID-like text). */
static int query_matches(const struct each_ctx *x, const struct member *m)
{
	if (!x->name_like && !x->bidx && !x->bidx_phone)
		return 1;
	return (x->name_like && strstr(m->name, x->name_like)) ||
	       (x->bidx && (!strcmp(m->id_bidx, x->bidx) || !strcmp(m->phone_bidx, x->bidx))) ||
	       (x->bidx_phone && !strcmp(m->phone_bidx, x->bidx_phone));
}

static int each_fn(const struct member *m, void *p)
{
	struct each_ctx *x = p;
	if (!same(x->status, m->status) || !same(x->member_type, m->member_type) ||
	    !query_matches(x, m))
		return 0;
	struct member *copy = xmalloc(sizeof(*copy));
	struct bf_err e;
	memcpy(copy, m, sizeof(*copy));
	int rc =
	    x->reveal ? member_unseal(x->key, copy, &e) : member_unseal_masked(x->key, copy, &e);
	if (rc)
		x->failed = 1;
	else
		rc = x->fn(copy, x->ctx);
	free(copy);
	return rc;
}

static int each_run(struct core *c, const char *scope_path, struct each_ctx *x, struct bf_err *e)
{
	if (store_member_each(c->db, scope_path, each_fn, x, e) < 0)
		return -1;
	if (x->failed)
		return err_set(e, EC_INTERNAL, NULL, "解密失败：密钥与数据库不匹配或数据已损坏");
	return 0;
}

int member_each(struct core *c, const struct actor *a, const char *scope_path, int reveal,
		int (*fn)(const struct member *m, void *ctx), void *ctx, struct bf_err *e)
{
	struct each_ctx x = {.key = c->key, .reveal = reveal, .fn = fn, .ctx = ctx};
	if (!access_allowed(a, reveal ? PERM_REVEAL : PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, "您的角色不能导出完整的身份证号码和联系电话");
	if (!access_in_scope(a, scope_path))
		return err_set(e, EC_NOT_FOUND, NULL, "组织不存在");
	if (reveal &&
	    audit_record_tx(c->db, a, "reveal", "member", 0,
			    "{\"fields\":[\"id_number\",\"phone\"],\"via\":\"export\"}", e))
		return -1;
	return each_run(c, scope_path, &x, e);
}

int member_each_matching(struct core *c, const struct actor *a, const struct member_filter *f,
			 int reveal, int (*fn)(const struct member *m, void *ctx), void *ctx,
			 struct bf_err *e)
{
	struct each_ctx x = {.key = c->key, .reveal = reveal, .fn = fn, .ctx = ctx};
	struct member_query mq = {0};
	struct org o;
	char bidx_id[65], bidx_phone[65], like[200], qbuf[128];
	if (!access_allowed(a, reveal ? PERM_REVEAL : PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, "您的角色不能导出完整的身份证号码和联系电话");
	const char *scope = a->org_path;
	if (f->org_id) {
		if (org_get(c, a, f->org_id, &o, e))
			return -1;
		scope = o.path;
	}
	snprintf(qbuf, sizeof(qbuf), "%s", f->q ? f->q : "");
	like[0] = '\0';
	classify_query(c->key, qbuf, &mq, bidx_id, bidx_phone, like);
	x.name_like = mq.name_like;
	x.bidx = mq.bidx;
	x.bidx_phone = mq.bidx_phone;
	x.status = f->status;
	x.member_type = f->member_type;
	return each_run(c, scope, &x, e);
}

int member_export_audit(struct core *c, const struct actor *a, const char *detail_json,
			struct bf_err *e)
{
	if (!access_allowed(a, PERM_REVEAL))
		return err_set(e, EC_FORBIDDEN, NULL, "您的角色不能导出完整的身份证号码和联系电话");
	return audit_record_tx(c->db, a, "reveal", "member", 0, detail_json, e);
}

/* Whole years from a stored date ("YYYY-MM-DD") to today; 0 when empty.
 * Stored dates are normalised, so no general parser is needed here: this
 * runs twice for every row of every member list. */
static int years_since(const char *date, struct ymd today)
{
	int v[3] = {0, 0, 0};
	static const int at[3] = {0, 5, 8}, len[3] = {4, 2, 2};
	if (strlen(date) != 10 || date[4] != '-' || date[7] != '-')
		return 0;
	for (int i = 0; i < 3; i++)
		for (int k = 0; k < len[i]; k++) {
			char c = date[at[i] + k];
			if (c < '0' || c > '9')
				return 0;
			v[i] = v[i] * 10 + (c - '0');
		}
	return date_years_between((struct ymd){v[0], v[1], v[2]}, today);
}

int member_age_on(const struct member *m, struct ymd today)
{
	return years_since(m->birth_date, today);
}

int member_party_years_on(const struct member *m, struct ymd today)
{
	return years_since(m->joined_on, today);
}

int member_age(const struct member *m)
{
	return member_age_on(m, date_today());
}

int member_party_years(const struct member *m)
{
	return member_party_years_on(m, date_today());
}
