/* common.c - what every domain of the core shares (common.h). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "common.h"
#include "log.h"
#include "store.h"

void core_today(char out[CASE_DATE_LEN])
{
	date_format(date_today(), out);
}

struct ymd core_ymd(const char *date)
{
	struct ymd d = {0, 0, 0};
	if (date_parse(date, &d, NULL, "date", "日期", NULL))
		BUG("stored date \"%s\" does not parse", date);
	return d;
}

int core_stored_ymd(const char *date, struct ymd *out, struct bf_err *e)
{
	if (!date_parse(date, out, NULL, "date", "日期", NULL))
		return 0;
	log_error("stored date \"%s\" does not parse", date);
	return err_set(e, EC_INTERNAL, NULL, "数据库中有无效的日期，请联系管理员");
}

void core_add_days(const char *date, int n, char out[CASE_DATE_LEN])
{
	date_format(date_from_days(date_to_days(core_ymd(date)) + n), out);
}

int core_one_of(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return 1;
	return 0;
}

int core_need_write(const struct actor *a, const char *what, struct bf_err *e)
{
	if (!access_allowed(a, PERM_WRITE))
		return err_set(e, EC_FORBIDDEN, NULL, "您的角色只能查看，不能%s", what);
	return 0;
}

int core_need_department(const struct actor *a, const char *what, struct bf_err *e)
{
	if (strcmp(a->role, "department") != 0 && strcmp(a->role, "admin") != 0)
		return err_set(e, EC_FORBIDDEN, NULL, "只有组织部或系统管理员可以%s", what);
	return 0;
}

int core_need_root(const struct actor *a, const char *what, struct bf_err *e)
{
	if (core_need_department(a, what, e))
		return -1;
	if (!access_at_root(a))
		return err_set(e, EC_FORBIDDEN, NULL,
			       "只有区县（根组织）的组织部或系统管理员可以%s：它对全区县有效",
			       what);
	return 0;
}

int core_org_read(struct db *db, const struct actor *a, int64_t id, const char *field,
		  struct org *out, struct bf_err *e)
{
	enum db_qs qs = store_org_get(db, id, out, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE || !access_in_scope(a, out->path))
		return err_set(e, EC_NOT_FOUND, field, "组织不存在或不在您的管辖范围内");
	return 0;
}

int core_actor_org(struct db *db, const struct actor *a, struct org *o, struct bf_err *e)
{
	if (a->org_id)
		return core_org_read(db, a, a->org_id, "org_id", o, e);
	struct org *items = NULL;
	size_t n = 0;
	int rc = CORE_QS(store_org_list(db, "/", &items, &n, e));
	if (!rc && (!n || items[0].parent_id))
		rc = err_set(e, EC_NOT_FOUND, "org_id", "尚未建立组织（区委组织部）");
	if (!rc)
		*o = items[0];
	free(items);
	return rc;
}

int core_org_visible(struct db *db, const struct actor *a, int64_t org_id, char path[256],
		     struct bf_err *e)
{
	struct org o;
	char me[32];
	enum db_qs qs = store_org_get(db, org_id, &o, e);
	if (qs < 0)
		return qs;
	snprintf(me, sizeof(me), "/%" PRId64 "/", org_id);
	if (qs == DB_ONE && (access_in_scope(a, o.path) || strstr(a->org_path, me))) {
		if (path)
			snprintf(path, 256, "%s", o.path);
		return 1;
	}
	return 0;
}

void core_diff_text(struct strbuf *d, const char *field, const char *from, const char *to)
{
	if (!strcmp(from, to))
		return;
	strbuf_addf(d, "%s\"%s\":{\"from\":\"", d->len ? "," : "", field);
	strbuf_add_json_str(d, from);
	strbuf_adds(d, "\",\"to\":\"");
	strbuf_add_json_str(d, to);
	strbuf_adds(d, "\"}");
}

void core_json_text(struct strbuf *sb, const char *s, size_t max)
{
	size_t len = strlen(s);
	if (len <= max) {
		strbuf_add_json_str(sb, s);
		return;
	}
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--; /* cut at a character boundary */
	char *cut = xmalloc(max + 1);
	memcpy(cut, s, max);
	strbuf_add_json_str(sb, cut);
	strbuf_adds(sb, "…");
	free(cut);
}

int core_date(const char *in, char out[CASE_DATE_LEN], int required, const char *field,
	      const char *label, struct bf_err *e)
{
	struct ymd d;
	int has_day = 0;
	out[0] = '\0';
	if (!in || !*in)
		return required ? err_set(e, EC_MISSING, field, "请填写%s", label) : 0;
	if (date_parse(in, &d, &has_day, field, label, e))
		return -1;
	if (!has_day)
		return err_set(e, EC_INVALID, field, "%s须写到日", label);
	date_format(d, out);
	return 0;
}
