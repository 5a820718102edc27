/* policy.c - the policy document (see cases.h): JSON in and out with
 * jansson, validation with Chinese messages naming the JSON field, the
 * built-in default, lookups and the amount rules of §3.  The scalar fields
 * are one table (read, checked and written from it) so a new setting is a
 * line here, not three functions. */
#include <jansson.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "date.h"
#include "model.h"
#include "money.h"
#include "cases.h"
#include "text.h"
#include "utf8.h"

/* From scripts/embed-text.py (src/core/meson.build). */
extern const char policy_default_json[];
extern const size_t policy_default_json_len;

/* Sanity bounds: no aid and no per-capita line comes near a million yuan. */
#define MAX_FEN	      INT64_C(100000000)
#define MIN_LINE_YEAR 1949
#define MAX_LINE_YEAR 2200

enum unit { U_COUNT, U_FEN, U_DAYS, U_WORKDAYS, U_AGE, U_YEARS, U_PERCENT };
enum vtype { V_INT, V_I64, V_BOOL };

struct scalar {
	const char *group; /* NULL: top level; else the object holding it */
	const char *key;
	const char *label;
	enum unit unit;
	enum vtype type;
	int64_t min, max;
	size_t off;
};

#define AT(f) offsetof(struct policy, f)
static const struct scalar scalars[] = {
    {NULL, "version", "政策版本号", U_COUNT, V_INT, 1, 1000000, AT(version)},
    {NULL, "yearly_amount_fen", "生活困难帮扶金额", U_FEN, V_I64, 1, MAX_FEN,
     AT(yearly_amount_fen)},
    {NULL, "emergency_min_fen", "突发事故救助标准下限", U_FEN, V_I64, 1, MAX_FEN,
     AT(emergency_min_fen)},
    {NULL, "emergency_max_fen", "突发事故救助标准上限", U_FEN, V_I64, 1, MAX_FEN,
     AT(emergency_max_fen)},
    {NULL, "emergency_severe_max_fen", "严重伤残或死亡救助上限", U_FEN, V_I64, 1, MAX_FEN,
     AT(emergency_severe_max_fen)},
    {NULL, "notice_working_days", "公示期", U_WORKDAYS, V_INT, POLICY_MIN_NOTICE_DAYS, 30,
     AT(notice_working_days)},
    {NULL, "yearly_round_days", "年度帮扶办理时限", U_DAYS, V_INT, 1, 90, AT(yearly_round_days)},
    {NULL, "emergency_level_days", "突发事故每级办理时限", U_DAYS, V_INT, 1, 30,
     AT(emergency_level_days)},
    {NULL, "screening_working_days", "录入筛查时限", U_WORKDAYS, V_INT, 1, 30,
     AT(screening_working_days)},
    {"care", "min_age", "关爱型年龄", U_AGE, V_INT, 0, 150, AT(care.min_age)},
    {"care", "regular_subsidy_min_age", "定期生活补助年龄", U_AGE, V_INT, 0, 150,
     AT(care.regular_subsidy_min_age)},
    {"care", "regular_subsidy_min_party_years", "定期生活补助党龄", U_YEARS, V_INT, 0, 100,
     AT(care.regular_subsidy_min_party_years)},
    {"care", "regular_subsidy_requires_no_fixed_income", "定期生活补助须无固定收入", U_COUNT,
     V_BOOL, 0, 1, AT(care.regular_subsidy_requires_no_fixed_income)},
    {"classify", "old_age", "因老年龄", U_AGE, V_INT, 1, 150, AT(old_age)},
    {"classify", "severe_income_percent", "特别困难收入比例", U_PERCENT, V_INT, 1, 100,
     AT(severe_income_percent)},
};
#define NSCALARS (sizeof(scalars) / sizeof(scalars[0]))

/* The checklists, with the hints each may carry (see struct policy_item). */
struct list_spec {
	const char *key;
	const char *label;
	size_t off;
	const char *hints[3];
};
static const struct list_spec lists[] = {
    {"conditions", "困难条件", AT(conditions), {"income_line", "tier", NULL}},
    {"exclusions", "排除情形", AT(exclusions), {NULL}},
    {"tiers", "困难档次", AT(tiers), {NULL}},
    {"categories", "帮扶类别", AT(categories), {NULL}},
    {"causes", "致困原因", AT(causes), {"category", NULL}},
};
#define NLISTS (sizeof(lists) / sizeof(lists[0]))

/* The codes the classification engine relies on: labels may change, codes not. */
static const char *const tier_codes[] = {"severe", "moderate", "temporary", NULL};
static const char *const category_codes[] = {"capacity", "relief", "care", NULL};
static const char *const share_levels[] = {ORG_DEPARTMENT, ORG_COMMITTEE, ORG_GENERAL_BRANCH,
					   ORG_BRANCH, NULL};

static const char *const top_keys[] = {
    "_comment",	  "source",	  "effective_from",  "lines",  "conditions",
    "exclusions", "tiers",	  "categories",	     "causes", "care",
    "classify",	  "cost_sharing", "advance_allowed", NULL};
static const char *const care_keys[] = {"household_type", NULL};
static const char *const no_keys[] = {NULL};
static const char *const line_keys[] = {"year", "poverty_line_fen", "min_living_fen", NULL};
static const char *const share_keys[] = {"level", "label", "share_bp", NULL};

static int in_list(const char *const *l, const char *s)
{
	for (; *l; l++)
		if (strcmp(*l, s) == 0)
			return 1;
	return 0;
}

static char *hint_field(struct policy_item *it, const char *name)
{
	if (strcmp(name, "income_line") == 0)
		return it->income_line;
	if (strcmp(name, "tier") == 0)
		return it->tier;
	if (strcmp(name, "category") == 0)
		return it->category;
	BUG("unknown hint %s", name);
}

/* "3 个工作日", "600 元", "70 周岁" ... for messages. */
static void value_text(enum unit u, int64_t v, char out[64])
{
	static const char *const suffix[] = {
	    [U_COUNT] = "",    [U_DAYS] = " 天",  [U_WORKDAYS] = " 个工作日",
	    [U_AGE] = " 周岁", [U_YEARS] = " 年", [U_PERCENT] = "%"};
	if (u == U_FEN) {
		money_format(v, out);
		return;
	}
	snprintf(out, 64, "%lld%s", (long long)v, suffix[u]);
}

static void scalar_path(const struct scalar *s, char path[64])
{
	if (s->group)
		snprintf(path, 64, "%s.%s", s->group, s->key);
	else
		snprintf(path, 64, "%s", s->key);
}

static int check_range(const struct scalar *s, int64_t v, struct bf_err *e)
{
	char path[64], lim[64];
	scalar_path(s, path);
	if (v < s->min) {
		if (s->unit == U_FEN && s->min == 1)
			return err_set(e, EC_INVALID, path, "%s须大于 0", s->label);
		value_text(s->unit, s->min, lim);
		return err_set(e, EC_INVALID, path, "%s不得少于 %s", s->label, lim);
	}
	if (v > s->max) {
		value_text(s->unit, s->max, lim);
		return err_set(e, EC_INVALID, path, "%s不得超过 %s", s->label, lim);
	}
	return 0;
}

static int64_t scalar_get(const struct policy *p, const struct scalar *s)
{
	const char *at = (const char *)p + s->off;
	if (s->type == V_I64)
		return *(const int64_t *)(const void *)at;
	return *(const int *)(const void *)at;
}

static void scalar_set(struct policy *p, const struct scalar *s, int64_t v)
{
	char *at = (char *)p + s->off;
	if (s->type == V_I64)
		*(int64_t *)(void *)at = v;
	else
		*(int *)(void *)at = (int)v;
}

/* ------------------------------------------------------------------ */
/* Reading JSON                                                        */

/* Refuses keys that are neither in allowed nor scalars of group; keys
 * starting with '_' are comments. */
static int check_keys(json_t *obj, const char *path, const char *const *allowed, const char *group,
		      struct bf_err *e)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v)
	{
		if (key[0] == '_' || in_list(allowed, key))
			continue;
		int known = 0;
		for (size_t i = 0; i < NSCALARS && !known; i++)
			known = (group ? scalars[i].group && strcmp(scalars[i].group, group) == 0
				       : !scalars[i].group) &&
				strcmp(scalars[i].key, key) == 0;
		if (known)
			continue;
		char at[64];
		if (path)
			snprintf(at, sizeof(at), "%s.%s", path, key);
		else
			snprintf(at, sizeof(at), "%s", key);
		at[utf8_prefix(at, sizeof(at) - 1)] = '\0'; /* a long key: cut between characters */
		return err_set(e, EC_INVALID, at, "政策中有未知字段“%s”", at);
	}
	return 0;
}

/* What a string of the document is: a code or keyword (ASCII, checked
 * elsewhere, limited by its buffer) or text people read, limited in
 * characters to what its buffer holds whatever the characters (the limits
 * of docs/API.md, "Limits on what is stored"). */
enum str_kind { S_CODE, S_LINE, S_FREE };

static int read_str(json_t *obj, const char *key, const char *path, const char *label, char *dst,
		    size_t size, int required, enum str_kind kind, struct bf_err *e)
{
	json_t *v = json_object_get(obj, key);
	dst[0] = '\0';
	if (!v) {
		if (required)
			return err_set(e, EC_MISSING, path, "缺少%s（%s）", label, path);
		return 0;
	}
	if (!json_is_string(v))
		return err_set(e, EC_INVALID, path, "%s须为文字", label);
	const char *s = json_string_value(v);
	if (strlen(s) != json_string_length(v))
		return err_set(e, EC_INVALID, path, "%s含有无法识别的字符", label);
	if (kind != S_CODE && text_check(s, path, label, (unsigned)((size - 1) / 4),
					 kind == S_FREE ? TEXT_FREE : TEXT_LINE, e))
		return -1;
	if (kind == S_CODE && !text_clean(s, 0))
		return err_set(e, EC_INVALID, path, "%s含有不可见的控制字符", label);
	if (text_copy(dst, size, s) != 0)
		return err_set(e, EC_INVALID, path, "%s过长，最多 %zu 个汉字", label,
			       (size - 1) / 3);
	if (required && !dst[0])
		return err_set(e, EC_MISSING, path, "%s不能为空", label);
	return 0;
}

static int read_int(json_t *obj, const char *key, const char *path, const char *label, enum vtype t,
		    int64_t *out, struct bf_err *e)
{
	json_t *v = json_object_get(obj, key);
	if (!v)
		return err_set(e, EC_MISSING, path, "缺少%s（%s）", label, path);
	if (t == V_BOOL) {
		if (!json_is_boolean(v))
			return err_set(e, EC_INVALID, path, "%s须为 true 或 false", label);
		*out = json_is_true(v);
		return 0;
	}
	if (!json_is_integer(v))
		return err_set(e, EC_INVALID, path, "%s须为整数%s", label,
			       strstr(key, "_fen") ? "（单位：分）" : "");
	*out = json_integer_value(v);
	return 0;
}

static int read_scalars(json_t *obj, const char *group, struct policy *p, struct bf_err *e)
{
	for (size_t i = 0; i < NSCALARS; i++) {
		const struct scalar *s = &scalars[i];
		if (group ? !s->group || strcmp(s->group, group) != 0 : s->group != NULL)
			continue;
		char path[64];
		int64_t v;
		scalar_path(s, path);
		/* range now too: an int field cannot hold an int64 to check later */
		if (read_int(obj, s->key, path, s->label, s->type, &v, e) || check_range(s, v, e))
			return -1;
		scalar_set(p, s, v);
	}
	return 0;
}

/* The object under key, which must be one. */
static json_t *get_obj(json_t *root, const char *key, const char *label, struct bf_err *e)
{
	json_t *v = json_object_get(root, key);
	if (!v)
		err_set(e, EC_MISSING, key, "缺少%s（%s）", label, key);
	else if (!json_is_object(v))
		err_set(e, EC_INVALID, key, "%s须为 JSON 对象", label);
	else
		return v;
	return NULL;
}

/* The array under key with 1..max elements. */
static json_t *get_array(json_t *root, const char *key, const char *label, size_t max,
			 struct bf_err *e)
{
	json_t *v = json_object_get(root, key);
	if (!v)
		err_set(e, EC_MISSING, key, "缺少%s（%s）", label, key);
	else if (!json_is_array(v))
		err_set(e, EC_INVALID, key, "%s须为 JSON 数组", label);
	else if (json_array_size(v) == 0)
		err_set(e, EC_MISSING, key, "%s至少要有一项", label);
	else if (json_array_size(v) > max)
		err_set(e, EC_INVALID, key, "%s最多 %zu 项", label, max);
	else
		return v;
	return NULL;
}

/* The i-th element of an array as an object with only the allowed keys. */
static json_t *get_elem(json_t *arr, size_t i, const char *key, const char *label,
			const char *const *allowed, struct bf_err *e)
{
	char path[64];
	json_t *o = json_array_get(arr, i);
	snprintf(path, sizeof(path), "%s[%zu]", key, i);
	if (!json_is_object(o)) {
		err_set(e, EC_INVALID, path, "%s第 %zu 项须为 JSON 对象", label, i + 1);
		return NULL;
	}
	return check_keys(o, path, allowed, "", e) ? NULL : o;
}

/* One text field of the i-th item of a checklist. */
static int item_str(json_t *o, const struct list_spec *ls, size_t i, const char *key,
		    const char *name, char *dst, size_t size, int required, enum str_kind kind,
		    struct bf_err *e)
{
	char path[64], what[160];
	snprintf(path, sizeof(path), "%s[%zu].%s", ls->key, i, key);
	snprintf(what, sizeof(what), "%s第 %zu 项的%s", ls->label, i + 1, name);
	return read_str(o, key, path, what, dst, size, required, kind, e);
}

static int read_list(json_t *root, const struct list_spec *ls, struct policy *p, struct bf_err *e)
{
	struct policy_list *l = (struct policy_list *)(void *)((char *)p + ls->off);
	const char *allowed[8] = {"code", "label", "description"};
	size_t na = 3;
	for (size_t h = 0; ls->hints[h]; h++)
		allowed[na++] = ls->hints[h];
	allowed[na] = NULL;
	json_t *arr = get_array(root, ls->key, ls->label, POLICY_MAX_ITEMS, e);
	if (!arr)
		return -1;
	l->n = json_array_size(arr);
	for (size_t i = 0; i < l->n; i++) {
		struct policy_item *it = &l->item[i];
		json_t *o = get_elem(arr, i, ls->key, ls->label, allowed, e);
		if (!o ||
		    item_str(o, ls, i, "code", "代码", it->code, sizeof(it->code), 1, S_CODE, e) ||
		    item_str(o, ls, i, "label", "名称", it->label, sizeof(it->label), 1, S_LINE,
			     e) ||
		    item_str(o, ls, i, "description", "说明", it->description,
			     sizeof(it->description), 0, S_LINE, e))
			return -1;
		for (size_t h = 0; ls->hints[h]; h++)
			if (item_str(o, ls, i, ls->hints[h], ls->hints[h],
				     hint_field(it, ls->hints[h]), POLICY_HINT_MAX, 0, S_CODE, e))
				return -1;
	}
	return 0;
}

static int read_lines(json_t *root, struct policy *p, struct bf_err *e)
{
	json_t *arr = get_array(root, "lines", "扶贫标准和低保线", POLICY_MAX_LINES, e);
	if (!arr)
		return -1;
	p->nlines = json_array_size(arr);
	for (size_t i = 0; i < p->nlines; i++) {
		struct policy_line *ln = &p->lines[i];
		json_t *o = get_elem(arr, i, "lines", "扶贫标准和低保线", line_keys, e);
		char path[64], what[160];
		int64_t year;
		if (!o)
			return -1;
		snprintf(path, sizeof(path), "lines[%zu].year", i);
		snprintf(what, sizeof(what), "第 %zu 条标准的年份", i + 1);
		if (read_int(o, "year", path, what, V_INT, &year, e))
			return -1;
		if (year < MIN_LINE_YEAR || year > MAX_LINE_YEAR)
			return err_set(e, EC_INVALID, path, "%s须在 %d 到 %d 年之间", what,
				       MIN_LINE_YEAR, MAX_LINE_YEAR);
		ln->year = (int)year;
		snprintf(path, sizeof(path), "lines[%zu].poverty_line_fen", i);
		snprintf(what, sizeof(what), "%d 年扶贫标准", ln->year);
		if (read_int(o, "poverty_line_fen", path, what, V_I64, &ln->poverty_line_fen, e))
			return -1;
		snprintf(path, sizeof(path), "lines[%zu].min_living_fen", i);
		snprintf(what, sizeof(what), "%d 年低保线", ln->year);
		if (read_int(o, "min_living_fen", path, what, V_I64, &ln->min_living_fen, e))
			return -1;
	}
	return 0;
}

static int read_shares(json_t *root, struct policy *p, struct bf_err *e)
{
	json_t *arr = get_array(root, "cost_sharing", "各级分担比例", POLICY_MAX_SHARES, e);
	if (!arr)
		return -1;
	p->nshares = json_array_size(arr);
	for (size_t i = 0; i < p->nshares; i++) {
		struct policy_share *s = &p->shares[i];
		json_t *o = get_elem(arr, i, "cost_sharing", "各级分担比例", share_keys, e);
		char path[64], what[160];
		int64_t bp;
		if (!o)
			return -1;
		snprintf(path, sizeof(path), "cost_sharing[%zu].level", i);
		snprintf(what, sizeof(what), "分担比例第 %zu 项的组织层级", i + 1);
		if (read_str(o, "level", path, what, s->level, sizeof(s->level), 1, S_CODE, e))
			return -1;
		snprintf(path, sizeof(path), "cost_sharing[%zu].label", i);
		snprintf(what, sizeof(what), "分担比例第 %zu 项的名称", i + 1);
		if (read_str(o, "label", path, what, s->label, sizeof(s->label), 1, S_LINE, e))
			return -1;
		snprintf(path, sizeof(path), "cost_sharing[%zu].share_bp", i);
		snprintf(what, sizeof(what), "%s的分担比例", s->label);
		if (read_int(o, "share_bp", path, what, V_INT, &bp, e))
			return -1;
		if (bp < 0 || bp > 10000)
			return err_set(e, EC_INVALID, path, "%s须在 0 到 10000（即 0%%–100%%）之间",
				       what);
		s->share_bp = (int)bp;
	}
	return 0;
}

static int read_head(json_t *root, struct policy *p, struct bf_err *e)
{
	char date[32];
	struct ymd d;
	int has_day = 0;
	if (read_str(root, "_comment", "_comment", "说明", p->comment, sizeof(p->comment), 0,
		     S_FREE, e) ||
	    read_str(root, "source", "source", "依据", p->source, sizeof(p->source), 0, S_FREE,
		     e) ||
	    read_str(root, "effective_from", "effective_from", "生效日期", date, sizeof(date), 1,
		     S_CODE, e))
		return -1;
	if (date_parse(date, &d, &has_day, "effective_from", "生效日期", e))
		return -1;
	if (!has_day)
		return err_set(e, EC_INVALID, "effective_from",
			       "生效日期须写到日，例如 2026-01-01");
	date_format(d, p->effective_from);
	return 0;
}

static int read_all(json_t *root, struct policy *p, struct bf_err *e)
{
	json_t *care, *cls;
	if (!json_is_object(root))
		return err_set(e, EC_INVALID, "", "政策文件须为一个 JSON 对象");
	if (check_keys(root, NULL, top_keys, NULL, e) || read_head(root, p, e) ||
	    read_scalars(root, NULL, p, e) || read_lines(root, p, e))
		return -1;
	for (size_t i = 0; i < NLISTS; i++)
		if (read_list(root, &lists[i], p, e))
			return -1;
	if (!(care = get_obj(root, "care", "关爱型规则", e)) ||
	    check_keys(care, "care", care_keys, "care", e) ||
	    read_str(care, "household_type", "care.household_type", "关爱型户口类别",
		     p->care.household_type, sizeof(p->care.household_type), 1, S_CODE, e) ||
	    read_scalars(care, "care", p, e))
		return -1;
	if (!(cls = get_obj(root, "classify", "分类规则", e)) ||
	    check_keys(cls, "classify", no_keys, "classify", e) ||
	    read_scalars(cls, "classify", p, e))
		return -1;
	if (read_shares(root, p, e))
		return -1;
	/* optional, so the versions stored before it existed still read */
	json_t *adv = json_object_get(root, "advance_allowed");
	if (adv && !json_is_boolean(adv))
		return err_set(e, EC_INVALID, "advance_allowed",
			       "是否允许垫付（advance_allowed）须为 true 或 false");
	p->advance_allowed = adv && json_is_true(adv);
	return 0;
}

int policy_parse(const char *json, size_t len, struct policy *p, struct bf_err *e)
{
	json_error_t jerr;
	policy_init(p);
	json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return err_set(e, EC_BAD_JSON, "", "政策文件不是有效的 JSON（第 %d 行第 %d 列）",
			       jerr.line, jerr.column);
	int rc = read_all(root, p, e);
	json_decref(root);
	return rc ? -1 : policy_validate(p, e);
}

/* ------------------------------------------------------------------ */
/* Validation                                                          */

static int code_ok(const char *c)
{
	if (!(*c >= 'a' && *c <= 'z'))
		return 0;
	for (; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_'))
			return 0;
	return 1;
}

static int check_items(const struct list_spec *ls, const struct policy_list *l, struct bf_err *e)
{
	char path[64];
	if (l->n == 0)
		return err_set(e, EC_MISSING, ls->key, "%s至少要有一项", ls->label);
	if (l->n > POLICY_MAX_ITEMS)
		return err_set(e, EC_INVALID, ls->key, "%s最多 %d 项", ls->label, POLICY_MAX_ITEMS);
	for (size_t i = 0; i < l->n; i++) {
		snprintf(path, sizeof(path), "%s[%zu].code", ls->key, i);
		if (!code_ok(l->item[i].code))
			return err_set(
			    e, EC_INVALID, path,
			    "%s第 %zu 项的代码“%s”须以小写字母开头，只含小写字母、数字和下划线",
			    ls->label, i + 1, l->item[i].code);
		for (size_t j = 0; j < i; j++)
			if (strcmp(l->item[j].code, l->item[i].code) == 0)
				return err_set(e, EC_CONFLICT, path, "%s的代码“%s”重复", ls->label,
					       l->item[i].code);
		snprintf(path, sizeof(path), "%s[%zu].label", ls->key, i);
		if (!l->item[i].label[0])
			return err_set(e, EC_MISSING, path, "%s第 %zu 项的名称不能为空", ls->label,
				       i + 1);
	}
	return 0;
}

/* The list must hold exactly the codes the engine relies on. */
static int check_fixed_codes(const struct list_spec *ls, const struct policy_list *l,
			     const char *const *codes, struct bf_err *e)
{
	size_t want = 0;
	for (; codes[want]; want++)
		if (!policy_has(l, codes[want]))
			break;
	if (codes[want] || l->n != want) {
		char all[128] = "";
		for (size_t i = 0; codes[i]; i++)
			snprintf(all + strlen(all), sizeof(all) - strlen(all), "%s%s",
				 i ? "、" : "", codes[i]);
		return err_set(e, EC_INVALID, ls->key, "%s的代码须正好是 %s（名称可以修改）",
			       ls->label, all);
	}
	return 0;
}

static int check_hints(const struct policy *p, struct bf_err *e)
{
	char path[64];
	int seen_poverty = 0, seen_living = 0;
	for (size_t i = 0; i < p->conditions.n; i++) {
		const struct policy_item *it = &p->conditions.item[i];
		snprintf(path, sizeof(path), "conditions[%zu].income_line", i);
		if (strcmp(it->income_line, "poverty_line") == 0 ? seen_poverty++
		    : strcmp(it->income_line, "min_living") == 0 ? seen_living++
								 : it->income_line[0] != '\0')
			return err_set(e, EC_INVALID, path,
				       "困难条件“%s”的 income_line 只能是 poverty_line 或 "
				       "min_living，且每种最多一项",
				       it->label);
		snprintf(path, sizeof(path), "conditions[%zu].tier", i);
		if (it->tier[0] && !in_list(tier_codes, it->tier))
			return err_set(e, EC_INVALID, path,
				       "困难条件“%s”的 tier 只能是 severe、moderate 或 temporary",
				       it->label);
	}
	for (size_t i = 0; i < p->causes.n; i++) {
		const struct policy_item *it = &p->causes.item[i];
		snprintf(path, sizeof(path), "causes[%zu].category", i);
		if (it->category[0] && strcmp(it->category, "relief") != 0 &&
		    strcmp(it->category, "capacity") != 0)
			return err_set(e, EC_INVALID, path,
				       "致困原因“%s”只能倾向造血型（capacity）或输血型（relief）",
				       it->label);
	}
	return 0;
}

static int line_cmp(const void *a, const void *b)
{
	const struct policy_line *x = a, *y = b;
	return (x->year > y->year) - (x->year < y->year);
}

static int check_lines(struct policy *p, struct bf_err *e)
{
	if (p->nlines == 0)
		return err_set(e, EC_MISSING, "lines", "扶贫标准和低保线至少要设置一年");
	if (p->nlines > POLICY_MAX_LINES)
		return err_set(e, EC_INVALID, "lines", "扶贫标准和低保线最多 %d 年",
			       POLICY_MAX_LINES);
	for (size_t i = 0; i < p->nlines; i++) {
		const struct policy_line *ln = &p->lines[i];
		char path[64], lim[MONEY_TEXT_MAX];
		money_format(MAX_FEN, lim);
		snprintf(path, sizeof(path), "lines[%zu].year", i);
		if (ln->year < MIN_LINE_YEAR || ln->year > MAX_LINE_YEAR)
			return err_set(e, EC_INVALID, path,
				       "第 %zu 条标准的年份须在 %d 到 %d 年之间", i + 1,
				       MIN_LINE_YEAR, MAX_LINE_YEAR);
		snprintf(path, sizeof(path), "lines[%zu].poverty_line_fen", i);
		if (ln->poverty_line_fen < 1 || ln->poverty_line_fen > MAX_FEN)
			return err_set(e, EC_INVALID, path, "%d 年扶贫标准须大于 0、不超过 %s",
				       ln->year, lim);
		snprintf(path, sizeof(path), "lines[%zu].min_living_fen", i);
		if (ln->min_living_fen < 1 || ln->min_living_fen > MAX_FEN)
			return err_set(e, EC_INVALID, path, "%d 年低保线须大于 0、不超过 %s",
				       ln->year, lim);
	}
	qsort(p->lines, p->nlines, sizeof(p->lines[0]), line_cmp);
	for (size_t i = 1; i < p->nlines; i++)
		if (p->lines[i].year == p->lines[i - 1].year)
			return err_set(e, EC_CONFLICT, "lines", "%d 年的扶贫标准和低保线设置了两次",
				       p->lines[i].year);
	return 0;
}

static int check_shares(const struct policy *p, struct bf_err *e)
{
	int sum = 0;
	char path[64];
	if (p->nshares == 0)
		return err_set(e, EC_MISSING, "cost_sharing", "各级分担比例至少要有一项");
	if (p->nshares > POLICY_MAX_SHARES)
		return err_set(e, EC_INVALID, "cost_sharing", "各级分担比例最多 %d 项",
			       POLICY_MAX_SHARES);
	for (size_t i = 0; i < p->nshares; i++) {
		const struct policy_share *s = &p->shares[i];
		snprintf(path, sizeof(path), "cost_sharing[%zu].level", i);
		if (!in_list(share_levels, s->level))
			return err_set(e, EC_INVALID, path,
				       "分担比例第 %zu 项的组织层级须为 department、committee、"
				       "general_branch 或 branch",
				       i + 1);
		for (size_t j = 0; j < i; j++)
			if (strcmp(p->shares[j].level, s->level) == 0)
				return err_set(e, EC_CONFLICT, path, "组织层级 %s 的分担比例重复",
					       s->level);
		snprintf(path, sizeof(path), "cost_sharing[%zu].label", i);
		if (!s->label[0])
			return err_set(e, EC_MISSING, path, "分担比例第 %zu 项的名称不能为空",
				       i + 1);
		snprintf(path, sizeof(path), "cost_sharing[%zu].share_bp", i);
		if (s->share_bp < 0 || s->share_bp > 10000)
			return err_set(e, EC_INVALID, path,
				       "%s的分担比例须在 0 到 10000（即 0%%–100%%）之间", s->label);
		sum += s->share_bp;
	}
	if (sum != 10000)
		return err_set(e, EC_INVALID, "cost_sharing",
			       "各级分担比例之和须为 100%%（现为 %d.%02d%%）", sum / 100,
			       sum % 100);
	return 0;
}

static int check_amounts(const struct policy *p, struct bf_err *e)
{
	if (p->emergency_min_fen > p->emergency_max_fen)
		return err_set(e, EC_INVALID, "emergency_min_fen",
			       "突发事故救助标准下限不得高于上限");
	if (p->emergency_max_fen > p->emergency_severe_max_fen)
		return err_set(e, EC_INVALID, "emergency_severe_max_fen",
			       "严重伤残或死亡救助上限不得低于突发事故救助标准上限");
	return 0;
}

int policy_validate(struct policy *p, struct bf_err *e)
{
	struct ymd d;
	int has_day = 0;
	for (size_t i = 0; i < NSCALARS; i++)
		if (check_range(&scalars[i], scalar_get(p, &scalars[i]), e))
			return -1;
	if (strlen(p->effective_from) != 10 ||
	    date_parse(p->effective_from, &d, &has_day, "effective_from", "生效日期", e) ||
	    !has_day)
		return err_set(e, EC_INVALID, "effective_from",
			       "生效日期须为 YYYY-MM-DD 格式的有效日期，例如 2026-01-01");
	if (!p->care.household_type[0] || !text_clean(p->care.household_type, 0))
		return err_set(e, EC_MISSING, "care.household_type", "请填写关爱型适用的户口类别");
	if (check_amounts(p, e) || check_lines(p, e))
		return -1;
	for (size_t i = 0; i < NLISTS; i++)
		if (check_items(
			&lists[i],
			(const struct policy_list *)(const void *)((const char *)p + lists[i].off),
			e))
			return -1;
	if (check_fixed_codes(&lists[2], &p->tiers, tier_codes, e) ||
	    check_fixed_codes(&lists[3], &p->categories, category_codes, e) || check_hints(p, e))
		return -1;
	return check_shares(p, e);
}

/* ------------------------------------------------------------------ */
/* Writing JSON                                                        */

static void put_scalars(json_t *obj, const struct policy *p, const char *group, int skip_version)
{
	for (size_t i = 0; i < NSCALARS; i++) {
		const struct scalar *s = &scalars[i];
		if (group ? !s->group || strcmp(s->group, group) != 0 : s->group != NULL)
			continue;
		if (skip_version && strcmp(s->key, "version") == 0)
			continue;
		int64_t v = scalar_get(p, s);
		json_object_set_new(obj, s->key,
				    s->type == V_BOOL ? json_boolean(v) : json_integer(v));
	}
}

static json_t *list_json(const struct list_spec *ls, const struct policy_list *l)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < l->n; i++) {
		const struct policy_item *it = &l->item[i];
		json_t *o = json_object();
		json_object_set_new(o, "code", json_string(it->code));
		json_object_set_new(o, "label", json_string(it->label));
		if (it->description[0])
			json_object_set_new(o, "description", json_string(it->description));
		for (size_t h = 0; ls->hints[h]; h++) {
			const char *v = hint_field((struct policy_item *)it, ls->hints[h]);
			if (v[0])
				json_object_set_new(o, ls->hints[h], json_string(v));
		}
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *lines_json(const struct policy *p)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < p->nlines; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "year", json_integer(p->lines[i].year));
		json_object_set_new(o, "poverty_line_fen",
				    json_integer(p->lines[i].poverty_line_fen));
		json_object_set_new(o, "min_living_fen", json_integer(p->lines[i].min_living_fen));
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *shares_json(const struct policy *p)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < p->nshares; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "level", json_string(p->shares[i].level));
		json_object_set_new(o, "label", json_string(p->shares[i].label));
		json_object_set_new(o, "share_bp", json_integer(p->shares[i].share_bp));
		json_array_append_new(arr, o);
	}
	return arr;
}

void policy_to_json(const struct policy *p, struct strbuf *out)
{
	json_t *root = json_object(), *care = json_object(), *cls = json_object();
	if (p->comment[0])
		json_object_set_new(root, "_comment", json_string(p->comment));
	json_object_set_new(root, "version", json_integer(p->version));
	json_object_set_new(root, "effective_from", json_string(p->effective_from));
	if (p->source[0])
		json_object_set_new(root, "source", json_string(p->source));
	put_scalars(root, p, NULL, 1);
	json_object_set_new(root, "lines", lines_json(p));
	for (size_t i = 0; i < NLISTS; i++)
		json_object_set_new(
		    root, lists[i].key,
		    list_json(&lists[i],
			      (const struct policy_list *)(const void *)((const char *)p +
									 lists[i].off)));
	json_object_set_new(care, "household_type", json_string(p->care.household_type));
	put_scalars(care, p, "care", 0);
	json_object_set_new(root, "care", care);
	put_scalars(cls, p, "classify", 0);
	json_object_set_new(root, "classify", cls);
	json_object_set_new(root, "cost_sharing", shares_json(p));
	json_object_set_new(root, "advance_allowed", json_boolean(p->advance_allowed));
	char *text = json_dumps(root, JSON_INDENT(2));
	json_decref(root);
	if (!text)
		BUG("json_dumps failed (out of memory)");
	strbuf_adds(out, text);
	strbuf_addch(out, '\n');
	free(text);
}

/* ------------------------------------------------------------------ */
/* The default, versions, lookups                                      */

void policy_init(struct policy *p)
{
	memset(p, 0, sizeof(*p));
}

static struct policy default_policy;
static pthread_once_t default_once = PTHREAD_ONCE_INIT;

static void default_load(void)
{
	struct bf_err e;
	if (policy_parse(policy_default_json, policy_default_json_len, &default_policy, &e))
		BUG("data/policy-default.json: %s: %s", e.field, e.message);
}

const struct policy *policy_default(void)
{
	pthread_once(&default_once, default_load);
	return &default_policy;
}

const char *policy_default_text(void)
{
	return policy_default_json;
}

const struct policy *policy_pick(const struct policy *const *versions, size_t n, const char *date)
{
	const struct policy *best = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct policy *v = versions[i];
		/* YYYY-MM-DD compares correctly as text */
		if (strcmp(v->effective_from, date) > 0)
			continue;
		if (!best) {
			best = v;
			continue;
		}
		int c = strcmp(v->effective_from, best->effective_from);
		if (c > 0 || (c == 0 && v->version > best->version))
			best = v;
	}
	return best;
}

const struct policy_item *policy_find(const struct policy_list *l, const char *code)
{
	if (!code)
		return NULL;
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->item[i].code, code) == 0)
			return &l->item[i];
	return NULL;
}

const char *policy_label(const struct policy_list *l, const char *code)
{
	const struct policy_item *it = policy_find(l, code);
	return it ? it->label : NULL;
}

int policy_has(const struct policy_list *l, const char *code)
{
	return policy_find(l, code) != NULL;
}

int policy_line_for_year(const struct policy *p, int year, struct policy_line *out,
			 char note[POLICY_NOTE_MAX])
{
	const struct policy_line *best = NULL;
	for (size_t i = 0; i < p->nlines; i++)
		if (p->lines[i].year <= year && (!best || p->lines[i].year > best->year))
			best = &p->lines[i];
	if (note)
		note[0] = '\0';
	if (!best) {
		memset(out, 0, sizeof(*out));
		if (note)
			snprintf(note, POLICY_NOTE_MAX, "政策中没有 %d 年及以前的扶贫标准和低保线",
				 year);
		return -1;
	}
	*out = *best;
	if (best->year == year)
		return 0;
	if (note)
		snprintf(note, POLICY_NOTE_MAX, "%d 年的扶贫标准和低保线尚未设置，沿用 %d 年的标准",
			 year, best->year);
	return 1;
}

/* ------------------------------------------------------------------ */
/* Kinds, loss types and amounts                                       */

static const struct {
	const char *code, *label;
} kinds[] = {
    [AID_YEARLY] = {"yearly", "生活困难帮扶"},
    [AID_EMERGENCY] = {"emergency", "突发事故救助"},
};
static const struct {
	const char *code, *label;
} losses[] = {
    [LOSS_NONE] = {"", "未选择"},
    [LOSS_MAJOR_LOSS] = {"major_loss", "突发事故造成重大损失"},
    [LOSS_SUDDEN_ILLNESS] = {"sudden_illness", "突发重大疾病"},
    [LOSS_DISABILITY_DEATH] = {"disability_death", "严重伤残或死亡"},
    [LOSS_OTHER] = {"other", "其他特殊困难"},
};

static int kind_ok(enum aid_kind k)
{
	return k == AID_YEARLY || k == AID_EMERGENCY;
}

static int loss_ok(enum loss_type t)
{
	return t >= LOSS_NONE && t <= LOSS_OTHER;
}

const char *policy_kind_code(enum aid_kind k)
{
	return kind_ok(k) ? kinds[k].code : "";
}

const char *policy_kind_label(enum aid_kind k)
{
	return kind_ok(k) ? kinds[k].label : "";
}

int policy_kind_parse(const char *code, enum aid_kind *out)
{
	for (int k = AID_YEARLY; k <= AID_EMERGENCY; k++)
		if (code && strcmp(code, kinds[k].code) == 0) {
			*out = (enum aid_kind)k;
			return 0;
		}
	return -1;
}

const char *policy_loss_code(enum loss_type t)
{
	return loss_ok(t) ? losses[t].code : "";
}

const char *policy_loss_label(enum loss_type t)
{
	return loss_ok(t) ? losses[t].label : "";
}

int policy_loss_parse(const char *code, enum loss_type *out)
{
	for (int t = LOSS_NONE; t <= LOSS_OTHER; t++)
		if (code && strcmp(code, losses[t].code) == 0) {
			*out = (enum loss_type)t;
			return 0;
		}
	return -1;
}

void policy_amount_limits(const struct policy *p, enum aid_kind k, enum loss_type t,
			  struct policy_limits *out)
{
	memset(out, 0, sizeof(*out));
	if (k == AID_YEARLY) {
		out->min_fen = out->max_fen = p->yearly_amount_fen;
		return;
	}
	out->emergency_max_fen = p->emergency_max_fen;
	out->severe_max_fen = p->emergency_severe_max_fen;
	if (t == LOSS_OTHER) {
		out->department_decides = 1;
		return;
	}
	out->min_fen = p->emergency_min_fen;
	out->max_fen =
	    t == LOSS_DISABILITY_DEATH ? p->emergency_severe_max_fen : p->emergency_max_fen;
}

/* "1,000" (no unit) for ranges such as "1,000–2,000 元". */
static void yuan(int64_t fen, char out[MONEY_TEXT_MAX])
{
	money_format(fen, out);
	size_t n = strlen(out);
	if (n > 4 && strcmp(out + n - 4, " 元") == 0)
		out[n - 4] = '\0';
}

/* The verdict for an amount outside the standard: approved or not. */
static enum amount_verdict beyond(int approved, struct bf_err *e, const char *why)
{
	if (approved) {
		err_set(e, EC_OK, "amount_fen", "%s；已经区委组织部特别批准", why);
		return AMOUNT_OK;
	}
	err_set(e, EC_INVALID, "amount_fen", "%s，须经区委组织部书面特别批准", why);
	return AMOUNT_NEEDS_APPROVAL;
}

static enum amount_verdict check_yearly(const struct policy *p, int64_t amount, int approved,
					struct bf_err *e)
{
	char std[MONEY_TEXT_MAX], got[MONEY_TEXT_MAX], why[256];
	money_format(p->yearly_amount_fen, std);
	money_format(amount, got);
	if (amount == p->yearly_amount_fen) {
		err_set(e, EC_OK, "amount_fen", "生活困难帮扶标准为每年 %s", std);
		return AMOUNT_OK;
	}
	snprintf(why, sizeof(why), "生活困难帮扶标准为每年 %s，发放 %s不符合标准", std, got);
	return beyond(approved, e, why);
}

static enum amount_verdict check_emergency(const struct policy *p, enum loss_type t, int64_t amount,
					   int approved, struct bf_err *e)
{
	struct policy_limits lim;
	char lo[MONEY_TEXT_MAX], hi[MONEY_TEXT_MAX], sev[MONEY_TEXT_MAX], got[MONEY_TEXT_MAX];
	char why[384];
	policy_amount_limits(p, AID_EMERGENCY, t, &lim);
	money_format(amount, got);
	if (lim.department_decides) {
		snprintf(why, sizeof(why), "“%s”的救助金额由区委组织部研究确定",
			 policy_loss_label(t));
		return beyond(approved, e, why);
	}
	yuan(lim.min_fen, lo);
	yuan(p->emergency_max_fen, hi);
	money_format(p->emergency_severe_max_fen, sev);
	if (amount >= lim.min_fen && amount <= lim.max_fen) {
		if (t == LOSS_DISABILITY_DEATH)
			err_set(e, EC_OK, "amount_fen",
				"救助金额 %s，未超过严重伤残或死亡 %s的上限", got, sev);
		else
			err_set(e, EC_OK, "amount_fen", "救助金额 %s，在“%s”%s–%s 元的标准内", got,
				policy_loss_label(t), lo, hi);
		return AMOUNT_OK;
	}
	if (amount < lim.min_fen)
		snprintf(why, sizeof(why), "救助金额 %s低于 %s 元的救助标准下限", got, lo);
	else if (t == LOSS_DISABILITY_DEATH)
		snprintf(why, sizeof(why), "救助金额 %s超过严重伤残或死亡 %s的上限", got, sev);
	else if (amount <= p->emergency_severe_max_fen)
		snprintf(why, sizeof(why),
			 "救助金额 %s超出“%s”%s–%s 元的标准（只有严重伤残或死亡可至 %s）", got,
			 policy_loss_label(t), lo, hi, sev);
	else
		snprintf(why, sizeof(why), "救助金额 %s超出“%s”%s–%s 元的标准", got,
			 policy_loss_label(t), lo, hi);
	return beyond(approved, e, why);
}

enum amount_verdict policy_check_amount(const struct policy *p, enum aid_kind k, enum loss_type t,
					int64_t amount_fen, int has_special_approval,
					struct bf_err *e)
{
	if (!kind_ok(k)) {
		err_set(e, EC_MISSING, "kind", "请选择帮扶类型（生活困难帮扶或突发事故救助）");
		return AMOUNT_REFUSED;
	}
	if (k == AID_EMERGENCY && (!loss_ok(t) || t == LOSS_NONE)) {
		err_set(e, EC_MISSING, "loss_type", "突发事故救助须选择损失类型");
		return AMOUNT_REFUSED;
	}
	if (amount_fen <= 0) {
		err_set(e, EC_INVALID, "amount_fen", "%s金额须大于 0", policy_kind_label(k));
		return AMOUNT_REFUSED;
	}
	if (k == AID_YEARLY)
		return check_yearly(p, amount_fen, has_special_approval, e);
	return check_emergency(p, t, amount_fen, has_special_approval, e);
}

/* ------------------------------------------------------------------ */
/* Code sets                                                           */

int policy_codes_add(struct policy_codes *s, const char *code)
{
	if (policy_codes_has(s, code))
		return 0;
	if (s->n >= POLICY_MAX_ITEMS || strlen(code) >= POLICY_CODE_MAX)
		return -1;
	memcpy(s->code[s->n++], code, strlen(code) + 1);
	return 0;
}

int policy_codes_has(const struct policy_codes *s, const char *code)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->code[i], code) == 0)
			return 1;
	return 0;
}
