/* test_policy.c - unit tests of the policy document: the shipped default
 * parses and round-trips, every validation names its JSON field in Chinese,
 * the lookups (labels, lines per year with fallback, the version in force)
 * and the amount rules of §3. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>
#include "cases.h"

/* The policy struct is large: keep the ones under test off the stack. */
static struct policy *new_policy(void)
{
	struct policy *p = malloc(sizeof(*p));
	assert_non_null(p);
	policy_init(p);
	return p;
}

static void test_default_parses(void **state)
{
	const struct policy *p = policy_default();
	assert_int_equal(p->version, 1);
	assert_string_equal(p->effective_from, "2020-01-01");
	assert_int_equal(p->yearly_amount_fen, 60000);
	assert_int_equal(p->emergency_min_fen, 100000);
	assert_int_equal(p->emergency_max_fen, 200000);
	assert_int_equal(p->emergency_severe_max_fen, 300000);
	assert_int_equal(p->notice_working_days, 5);
	assert_int_equal(p->yearly_round_days, 15);
	assert_int_equal(p->emergency_level_days, 3);
	assert_int_equal(p->screening_working_days, 3);
	assert_true(p->nlines >= 1);
	assert_string_equal(policy_label(&p->conditions, "three_no"), "三无对象");
	assert_string_equal(policy_label(&p->exclusions, "gambling_drugs_cults"),
			    "参与赌博、吸毒、邪教");
	assert_string_equal(policy_label(&p->tiers, "severe"), "特别困难");
	assert_string_equal(policy_label(&p->tiers, "moderate"), "比较困难");
	assert_string_equal(policy_label(&p->tiers, "temporary"), "暂时困难");
	assert_string_equal(policy_label(&p->categories, "capacity"), "造血型");
	assert_string_equal(policy_label(&p->categories, "relief"), "输血型");
	assert_string_equal(policy_label(&p->categories, "care"), "关爱型");
	assert_string_equal(policy_label(&p->causes, "lack_skills"), "缺技术");
	assert_string_equal(p->care.household_type, "农业");
	assert_int_equal(p->care.min_age, 70);
	assert_int_equal(p->care.regular_subsidy_min_age, 70);
	assert_int_equal(p->care.regular_subsidy_min_party_years, 50);
	assert_int_equal(p->care.regular_subsidy_requires_no_fixed_income, 1);
	assert_int_equal(p->old_age, 60);
	assert_int_equal(p->nshares, 2);
	assert_string_equal(p->shares[0].level, "committee");
	assert_int_equal(p->shares[0].share_bp, 7000);
	assert_int_equal(p->shares[1].share_bp, 3000);
	assert_non_null(strstr(p->comment, "本地"));
	assert_true(p->source[0] != '\0');
	assert_ptr_equal(policy_default(), p); /* parsed once */
}

static void test_default_text(void **state)
{
	struct policy *p = new_policy();
	struct bf_err e;
	const char *text = policy_default_text();
	if (policy_parse(text, strlen(text), p, &e))
		fail_msg("%s: %s", e.field, e.message);
	assert_memory_equal(p, policy_default(), sizeof(*p));
	free(p);
}

static void test_round_trip(void **state)
{
	struct policy *a = new_policy(), *b = new_policy();
	struct strbuf j1 = STRBUF_INIT, j2 = STRBUF_INIT;
	struct bf_err e;
	policy_to_json(policy_default(), &j1);
	if (policy_parse(j1.buf, j1.len, a, &e))
		fail_msg("%s: %s", e.field, e.message);
	assert_memory_equal(a, policy_default(), sizeof(*a));
	policy_to_json(a, &j2);
	assert_string_equal(j1.buf, j2.buf);
	if (policy_parse(j2.buf, j2.len, b, &e))
		fail_msg("%s: %s", e.field, e.message);
	assert_memory_equal(a, b, sizeof(*a));
	/* money stays integer fen, Chinese stays UTF-8 */
	assert_non_null(strstr(j1.buf, "\"yearly_amount_fen\": 60000"));
	assert_non_null(strstr(j1.buf, "特别困难"));
	assert_non_null(strstr(j1.buf, "\"_comment\""));
	strbuf_release(&j1);
	strbuf_release(&j2);
	free(a);
	free(b);
}

/* ---- validation: edit the default document, expect field and message ---- */

typedef void (*edit_fn)(json_t *root);

static void expect_error(edit_fn edit, enum ec code, const char *field, const char *part)
{
	struct policy *p = new_policy();
	struct bf_err e;
	const char *text = policy_default_text();
	json_t *root = json_loads(text, 0, NULL);
	assert_non_null(root);
	edit(root);
	char *doc = json_dumps(root, 0);
	json_decref(root);
	if (policy_parse(doc, strlen(doc), p, &e) != -1)
		fail_msg("accepted, expected %s: %s", field, part);
	if (strcmp(e.field, field) != 0 || !strstr(e.message, part) || e.code != code)
		fail_msg("got [%s] %s (code %d), expected [%s] containing %s", e.field, e.message,
			 (int)e.code, field, part);
	free(doc);
	free(p);
}

static json_t *list_item(json_t *root, const char *list, size_t i)
{
	return json_array_get(json_object_get(root, list), i);
}

#define EDIT(name, body)                                                                           \
	static void name(json_t *root)                                                             \
	{                                                                                          \
		body;                                                                              \
	}

EDIT(notice_2, json_object_set_new(root, "notice_working_days", json_integer(2)))
EDIT(notice_31, json_object_set_new(root, "notice_working_days", json_integer(31)))
EDIT(no_version, json_object_del(root, "version"))
EDIT(version_0, json_object_set_new(root, "version", json_integer(0)))
EDIT(version_text, json_object_set_new(root, "version", json_string("1")))
EDIT(yearly_0, json_object_set_new(root, "yearly_amount_fen", json_integer(0)))
EDIT(yearly_real, json_object_set_new(root, "yearly_amount_fen", json_real(600.5)))
EDIT(emergency_min_high, json_object_set_new(root, "emergency_min_fen", json_integer(250000)))
EDIT(severe_low, json_object_set_new(root, "emergency_severe_max_fen", json_integer(150000)))
EDIT(round_0, json_object_set_new(root, "yearly_round_days", json_integer(0)))
EDIT(screening_0, json_object_set_new(root, "screening_working_days", json_integer(0)))
EDIT(level_0, json_object_set_new(root, "emergency_level_days", json_integer(0)))
EDIT(bad_date, json_object_set_new(root, "effective_from", json_string("2020-13-01")))
EDIT(month_date, json_object_set_new(root, "effective_from", json_string("2020-01")))
EDIT(no_date, json_object_del(root, "effective_from"))
EDIT(unknown_top, json_object_set_new(root, "notice_days", json_integer(5)))
EDIT(lines_empty, json_object_set_new(root, "lines", json_array()))
EDIT(lines_missing, json_object_del(root, "lines"))
EDIT(lines_dup, json_object_set_new(list_item(root, "lines", 1), "year", json_integer(2020)))
EDIT(lines_year, json_object_set_new(list_item(root, "lines", 0), "year", json_integer(1900)))
EDIT(lines_zero,
     json_object_set_new(list_item(root, "lines", 0), "poverty_line_fen", json_integer(0)))
EDIT(lines_living_missing, json_object_del(list_item(root, "lines", 2), "min_living_fen"))
EDIT(lines_unknown, json_object_set_new(list_item(root, "lines", 0), "city", json_string("x")))
EDIT(code_bad, json_object_set_new(list_item(root, "conditions", 0), "code", json_string("Bad-1")))
EDIT(code_dup,
     json_object_set_new(list_item(root, "conditions", 1), "code", json_string("three_no")))
EDIT(label_empty, json_object_set_new(list_item(root, "exclusions", 0), "label", json_string("")))
EDIT(label_missing, json_object_del(list_item(root, "causes", 3), "label"))
EDIT(label_long,
     json_object_set_new(
	 list_item(root, "causes", 0), "label",
	 json_string("很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长")))
EDIT(label_bidi,
     json_object_set_new(list_item(root, "causes", 0), "label", json_string("失\xe2\x80\xae业")))
EDIT(source_isolate, json_object_set_new(root, "source", json_string("依据\xe2\x81\xa6文件")))
EDIT(conditions_empty, json_object_set_new(root, "conditions", json_array()))
EDIT(conditions_many, {
	json_t *a = json_object_get(root, "conditions");
	for (int i = 0; i < 10; i++) {
		char code[16];
		snprintf(code, sizeof(code), "extra%d", i);
		json_array_append_new(a, json_pack("{s:s,s:s}", "code", code, "label", "附加"));
	}
})
EDIT(income_line_bad,
     json_object_set_new(list_item(root, "conditions", 0), "income_line", json_string("median")))
EDIT(income_line_twice, json_object_set_new(list_item(root, "conditions", 0), "income_line",
					    json_string("poverty_line")))
EDIT(tier_hint_bad,
     json_object_set_new(list_item(root, "conditions", 0), "tier", json_string("worst")))
EDIT(hint_on_exclusion,
     json_object_set_new(list_item(root, "exclusions", 0), "tier", json_string("severe")))
EDIT(tiers_missing_one, json_array_remove(json_object_get(root, "tiers"), 2))
EDIT(tiers_extra,
     json_array_append_new(json_object_get(root, "tiers"),
			   json_pack("{s:s,s:s}", "code", "extreme", "label", "极端困难")))
EDIT(categories_renamed,
     json_object_set_new(list_item(root, "categories", 0), "code", json_string("building")))
EDIT(cause_care, json_object_set_new(list_item(root, "causes", 0), "category", json_string("care")))
EDIT(care_age, json_object_set_new(json_object_get(root, "care"), "min_age", json_integer(200)))
EDIT(care_type_missing, json_object_del(json_object_get(root, "care"), "household_type"))
/* care. + "ab" + 20 three-byte characters: 63 bytes of the path end inside
 * the 19th character */
EDIT(care_long_key,
     json_object_set_new(json_object_get(root, "care"),
			 "ab键键键键键键键键键键键键键键键键键键键键", json_integer(1)))
EDIT(care_unknown, json_object_set_new(json_object_get(root, "care"), "max_age", json_integer(90)))
EDIT(care_bool, json_object_set_new(json_object_get(root, "care"),
				    "regular_subsidy_requires_no_fixed_income", json_integer(1)))
EDIT(care_missing, json_object_del(root, "care"))
EDIT(classify_pct, json_object_set_new(json_object_get(root, "classify"), "severe_income_percent",
				       json_integer(0)))
EDIT(share_sum,
     json_object_set_new(list_item(root, "cost_sharing", 1), "share_bp", json_integer(2000)))
EDIT(share_level,
     json_object_set_new(list_item(root, "cost_sharing", 0), "level", json_string("village")))
EDIT(share_dup,
     json_object_set_new(list_item(root, "cost_sharing", 1), "level", json_string("committee")))
EDIT(share_big,
     json_object_set_new(list_item(root, "cost_sharing", 0), "share_bp", json_integer(10001)))
EDIT(item_not_object, json_array_append_new(json_object_get(root, "causes"), json_string("x")))

static void test_errors_amounts_days(void **state)
{
	expect_error(notice_2, EC_INVALID, "notice_working_days", "公示期不得少于 3 个工作日");
	expect_error(notice_31, EC_INVALID, "notice_working_days", "公示期不得超过 30 个工作日");
	expect_error(no_version, EC_MISSING, "version", "缺少政策版本号");
	expect_error(version_0, EC_INVALID, "version", "政策版本号不得少于 1");
	expect_error(version_text, EC_INVALID, "version", "须为整数");
	expect_error(yearly_0, EC_INVALID, "yearly_amount_fen", "生活困难帮扶金额须大于 0");
	expect_error(yearly_real, EC_INVALID, "yearly_amount_fen", "须为整数（单位：分）");
	expect_error(emergency_min_high, EC_INVALID, "emergency_min_fen", "下限不得高于上限");
	expect_error(severe_low, EC_INVALID, "emergency_severe_max_fen", "不得低于");
	expect_error(round_0, EC_INVALID, "yearly_round_days", "不得少于 1 天");
	expect_error(screening_0, EC_INVALID, "screening_working_days", "不得少于 1 个工作日");
	expect_error(level_0, EC_INVALID, "emergency_level_days", "不得少于 1 天");
}

static void test_errors_head_and_lines(void **state)
{
	expect_error(bad_date, EC_INVALID, "effective_from", "生效日期");
	expect_error(month_date, EC_INVALID, "effective_from", "须写到日");
	expect_error(no_date, EC_MISSING, "effective_from", "缺少生效日期");
	expect_error(unknown_top, EC_INVALID, "notice_days", "未知字段“notice_days”");
	expect_error(lines_empty, EC_MISSING, "lines", "至少要有一项");
	expect_error(lines_missing, EC_MISSING, "lines", "缺少扶贫标准和低保线");
	expect_error(lines_dup, EC_CONFLICT, "lines", "2020 年的扶贫标准和低保线设置了两次");
	expect_error(lines_year, EC_INVALID, "lines[0].year", "年份须在");
	expect_error(lines_zero, EC_INVALID, "lines[0].poverty_line_fen", "扶贫标准须大于 0");
	expect_error(lines_living_missing, EC_MISSING, "lines[2].min_living_fen", "低保线");
	expect_error(lines_unknown, EC_INVALID, "lines[0].city", "未知字段");
}

static void test_errors_checklists(void **state)
{
	expect_error(code_bad, EC_INVALID, "conditions[0].code", "小写字母");
	expect_error(code_dup, EC_CONFLICT, "conditions[1].code", "代码“three_no”重复");
	expect_error(label_empty, EC_MISSING, "exclusions[0].label",
		     "排除情形第 1 项的名称不能为空");
	expect_error(label_missing, EC_MISSING, "causes[3].label", "缺少致困原因第 4 项的名称");
	expect_error(label_long, EC_INVALID, "causes[0].label", "最长 31 个字，现有 34 个字");
	expect_error(label_bidi, EC_INVALID, "causes[0].label", "不能含有文字方向控制符（U+202E）");
	expect_error(source_isolate, EC_INVALID, "source", "依据不能含有文字方向控制符（U+2066）");
	expect_error(conditions_empty, EC_MISSING, "conditions", "困难条件至少要有一项");
	expect_error(conditions_many, EC_INVALID, "conditions", "最多 16 项");
	expect_error(income_line_bad, EC_INVALID, "conditions[0].income_line", "poverty_line");
	expect_error(income_line_twice, EC_INVALID, "conditions[1].income_line", "每种最多一项");
	expect_error(tier_hint_bad, EC_INVALID, "conditions[0].tier", "severe、moderate");
	expect_error(hint_on_exclusion, EC_INVALID, "exclusions[0].tier", "未知字段");
	expect_error(tiers_missing_one, EC_INVALID, "tiers", "severe、moderate、temporary");
	expect_error(tiers_extra, EC_INVALID, "tiers", "须正好是");
	expect_error(categories_renamed, EC_INVALID, "categories", "capacity、relief、care");
	expect_error(cause_care, EC_INVALID, "causes[0].category", "造血型");
	expect_error(item_not_object, EC_INVALID, "causes[10]", "JSON 对象");
}

static void test_errors_rules_and_shares(void **state)
{
	expect_error(care_age, EC_INVALID, "care.min_age", "关爱型年龄不得超过 150 周岁");
	expect_error(care_type_missing, EC_MISSING, "care.household_type", "户口类别");
	expect_error(care_unknown, EC_INVALID, "care.max_age", "未知字段");
	/* a key cut by the path's buffer: cut between characters, in the
	 * field and in the message (which still ends with its quote) */
	expect_error(care_long_key, EC_INVALID, "care.ab键键键键键键键键键键键键键键键键键键",
		     "“care.ab键键键键键键键键键键键键键键键键键键”");
	expect_error(care_bool, EC_INVALID, "care.regular_subsidy_requires_no_fixed_income",
		     "true 或 false");
	expect_error(care_missing, EC_MISSING, "care", "缺少关爱型规则");
	expect_error(classify_pct, EC_INVALID, "classify.severe_income_percent", "不得少于 1%");
	expect_error(share_sum, EC_INVALID, "cost_sharing", "之和须为 100%（现为 90.00%）");
	expect_error(share_level, EC_INVALID, "cost_sharing[0].level", "组织层级");
	expect_error(share_dup, EC_CONFLICT, "cost_sharing[1].level", "重复");
	expect_error(share_big, EC_INVALID, "cost_sharing[0].share_bp", "0 到 10000");
}

static void test_not_json(void **state)
{
	struct policy *p = new_policy();
	struct bf_err e;
	assert_int_equal(policy_parse("{\"version\": 1,", 14, p, &e), -1);
	assert_int_equal(e.code, EC_BAD_JSON);
	assert_non_null(strstr(e.message, "不是有效的 JSON"));
	assert_int_equal(policy_parse("[1]", 3, p, &e), -1);
	assert_non_null(strstr(e.message, "JSON 对象"));
	/* duplicate keys would hide a setting: refused */
	assert_int_equal(policy_parse("{\"version\":1,\"version\":2}", 25, p, &e), -1);
	assert_int_equal(e.code, EC_BAD_JSON);
	free(p);
}

static void add_underscore(json_t *root)
{
	json_object_set_new(root, "_note", json_string("给审核人的备注"));
	json_object_set_new(json_object_get(root, "care"), "_why", json_string("备注"));
}

static void test_comments_ignored(void **state)
{
	struct policy *p = new_policy();
	struct bf_err e;
	json_t *root = json_loads(policy_default_text(), 0, NULL);
	add_underscore(root);
	char *doc = json_dumps(root, 0);
	json_decref(root);
	if (policy_parse(doc, strlen(doc), p, &e))
		fail_msg("%s: %s", e.field, e.message);
	free(doc);
	free(p);
}

static void test_date_normalised(void **state)
{
	struct policy *p = new_policy();
	struct bf_err e;
	json_t *root = json_loads(policy_default_text(), 0, NULL);
	json_object_set_new(root, "effective_from", json_string("2026年1月1日"));
	char *doc = json_dumps(root, 0);
	json_decref(root);
	if (policy_parse(doc, strlen(doc), p, &e))
		fail_msg("%s: %s", e.field, e.message);
	assert_string_equal(p->effective_from, "2026-01-01");
	free(doc);
	free(p);
}

static void test_validate_struct(void **state)
{
	struct policy *p = new_policy();
	struct bf_err e;
	*p = *policy_default();
	assert_int_equal(policy_validate(p, &e), 0);
	p->notice_working_days = 2;
	assert_int_equal(policy_validate(p, &e), -1);
	assert_string_equal(e.field, "notice_working_days");
	assert_string_equal(e.message, "公示期不得少于 3 个工作日");
	p->notice_working_days = 3; /* the floor itself is allowed */
	assert_int_equal(policy_validate(p, &e), 0);
	memcpy(p->effective_from, "2026-02-30", 11);
	assert_int_equal(policy_validate(p, &e), -1);
	assert_string_equal(e.field, "effective_from");
	free(p);
}

static void test_lines_sorted_and_lookup(void **state)
{
	struct policy *p = new_policy();
	struct policy_line ln;
	char note[POLICY_NOTE_MAX];
	struct bf_err e;
	*p = *policy_default();
	/* reverse the years: validation sorts them */
	for (size_t i = 0; i < p->nlines / 2; i++) {
		struct policy_line t = p->lines[i];
		p->lines[i] = p->lines[p->nlines - 1 - i];
		p->lines[p->nlines - 1 - i] = t;
	}
	assert_int_equal(policy_validate(p, &e), 0);
	for (size_t i = 1; i < p->nlines; i++)
		assert_true(p->lines[i - 1].year < p->lines[i].year);

	assert_int_equal(policy_line_for_year(p, 2024, &ln, note), 0);
	assert_int_equal(ln.year, 2024);
	assert_int_equal(ln.min_living_fen, 770000);
	assert_string_equal(note, "");

	assert_int_equal(policy_line_for_year(p, 2026, &ln, note), 1);
	assert_int_equal(ln.year, 2025);
	assert_non_null(strstr(note, "2026 年的扶贫标准和低保线尚未设置，沿用 2025 年的标准"));

	assert_int_equal(policy_line_for_year(p, 2019, &ln, note), -1);
	assert_int_equal(ln.year, 0);
	assert_non_null(strstr(note, "2019 年及以前"));
	assert_int_equal(policy_line_for_year(p, 2020, &ln, NULL), 0);
	free(p);
}

static void test_lookups(void **state)
{
	const struct policy *p = policy_default();
	assert_true(policy_has(&p->conditions, "below_min_living"));
	assert_false(policy_has(&p->conditions, "severe"));
	assert_null(policy_label(&p->exclusions, "nonexistent"));
	assert_null(policy_find(&p->causes, NULL));
	const struct policy_item *c = policy_find(&p->conditions, "below_poverty_line");
	assert_non_null(c);
	assert_string_equal(c->income_line, "poverty_line");
	assert_string_equal(policy_find(&p->causes, "illness")->category, "relief");
	assert_string_equal(policy_find(&p->causes, "lack_capital")->category, "capacity");
	assert_string_equal(policy_find(&p->conditions, "three_no")->tier, "severe");
}

static void test_pick_version(void **state)
{
	struct policy *v1 = new_policy(), *v2 = new_policy(), *v3 = new_policy();
	*v1 = *policy_default();
	*v2 = *v1;
	*v3 = *v1;
	v2->version = 2;
	memcpy(v2->effective_from, "2026-01-01", 11);
	v3->version = 3; /* a correction effective the same day */
	memcpy(v3->effective_from, "2026-01-01", 11);
	const struct policy *all[] = {v3, v1, v2};
	assert_ptr_equal(policy_pick(all, 3, "2025-12-31"), v1);
	assert_ptr_equal(policy_pick(all, 3, "2026-01-01"), v3);
	assert_ptr_equal(policy_pick(all, 3, "2027-06-30"), v3);
	assert_null(policy_pick(all, 3, "2019-12-31"));
	assert_null(policy_pick(all, 0, "2026-01-01"));
	free(v1);
	free(v2);
	free(v3);
}

static void test_kind_and_loss_codes(void **state)
{
	enum aid_kind k;
	enum loss_type t;
	assert_int_equal(policy_kind_parse("yearly", &k), 0);
	assert_int_equal(k, AID_YEARLY);
	assert_int_equal(policy_kind_parse("emergency", &k), 0);
	assert_int_equal(k, AID_EMERGENCY);
	assert_int_equal(policy_kind_parse("monthly", &k), -1);
	assert_int_equal(policy_kind_parse(NULL, &k), -1);
	assert_string_equal(policy_kind_label(AID_EMERGENCY), "突发事故救助");
	assert_string_equal(policy_kind_code((enum aid_kind)9), "");
	static const char *const codes[] = {"major_loss", "sudden_illness", "disability_death",
					    "other"};
	for (int i = 0; i < 4; i++) {
		assert_int_equal(policy_loss_parse(codes[i], &t), 0);
		assert_int_equal(t, LOSS_MAJOR_LOSS + i);
		assert_string_equal(policy_loss_code(t), codes[i]);
	}
	assert_int_equal(policy_loss_parse("", &t), 0);
	assert_int_equal(t, LOSS_NONE);
	assert_int_equal(policy_loss_parse("fire", &t), -1);
	assert_string_equal(policy_loss_label(LOSS_DISABILITY_DEATH), "严重伤残或死亡");
}

/* ---- amounts ---- */

static void verdict(enum aid_kind k, enum loss_type t, int64_t fen, int approved,
		    enum amount_verdict want, const char *part)
{
	struct bf_err e;
	enum amount_verdict v = policy_check_amount(policy_default(), k, t, fen, approved, &e);
	if (v != want)
		fail_msg("%lld fen (loss %d, approved %d): verdict %d, want %d: %s", (long long)fen,
			 (int)t, approved, (int)v, (int)want, e.message);
	if (part && !strstr(e.message, part))
		fail_msg("%lld fen: message \"%s\" lacks \"%s\"", (long long)fen, e.message, part);
	assert_int_equal(e.code == EC_OK, want == AMOUNT_OK);
}

static void test_amount_yearly(void **state)
{
	verdict(AID_YEARLY, LOSS_NONE, 60000, 0, AMOUNT_OK, "每年 600 元");
	verdict(AID_YEARLY, LOSS_NONE, 50000, 0, AMOUNT_NEEDS_APPROVAL, "发放 500 元不符合标准");
	verdict(AID_YEARLY, LOSS_NONE, 60001, 0, AMOUNT_NEEDS_APPROVAL, "特别批准");
	verdict(AID_YEARLY, LOSS_NONE, 50000, 1, AMOUNT_OK, "已经区委组织部特别批准");
	verdict(AID_YEARLY, LOSS_NONE, 0, 1, AMOUNT_REFUSED, "须大于 0");
	verdict(AID_YEARLY, LOSS_NONE, -60000, 0, AMOUNT_REFUSED, "须大于 0");
	/* a loss type on yearly aid changes nothing */
	verdict(AID_YEARLY, LOSS_DISABILITY_DEATH, 60000, 0, AMOUNT_OK, NULL);
}

static void test_amount_emergency(void **state)
{
	verdict(AID_EMERGENCY, LOSS_MAJOR_LOSS, 100000, 0, AMOUNT_OK, "1,000–2,000 元的标准内");
	verdict(AID_EMERGENCY, LOSS_MAJOR_LOSS, 200000, 0, AMOUNT_OK, NULL);
	verdict(AID_EMERGENCY, LOSS_SUDDEN_ILLNESS, 150000, 0, AMOUNT_OK, "突发重大疾病");
	verdict(AID_EMERGENCY, LOSS_MAJOR_LOSS, 200001, 0, AMOUNT_NEEDS_APPROVAL, "2,000.01 元");
	/* 2500: only the disability-or-death loss type allows it */
	verdict(AID_EMERGENCY, LOSS_MAJOR_LOSS, 250000, 0, AMOUNT_NEEDS_APPROVAL,
		"只有严重伤残或死亡可至 3,000 元");
	verdict(AID_EMERGENCY, LOSS_SUDDEN_ILLNESS, 250000, 0, AMOUNT_NEEDS_APPROVAL, NULL);
	verdict(AID_EMERGENCY, LOSS_DISABILITY_DEATH, 250000, 0, AMOUNT_OK, "3,000 元的上限");
	verdict(AID_EMERGENCY, LOSS_DISABILITY_DEATH, 300000, 0, AMOUNT_OK, NULL);
	verdict(AID_EMERGENCY, LOSS_DISABILITY_DEATH, 300100, 0, AMOUNT_NEEDS_APPROVAL,
		"书面特别批准");
	verdict(AID_EMERGENCY, LOSS_DISABILITY_DEATH, 300001, 0, AMOUNT_NEEDS_APPROVAL, NULL);
	verdict(AID_EMERGENCY, LOSS_DISABILITY_DEATH, 300100, 1, AMOUNT_OK,
		"已经区委组织部特别批准");
	verdict(AID_EMERGENCY, LOSS_MAJOR_LOSS, 400000, 0, AMOUNT_NEEDS_APPROVAL, "超出");
	verdict(AID_EMERGENCY, LOSS_MAJOR_LOSS, 99999, 0, AMOUNT_NEEDS_APPROVAL, "低于");
	verdict(AID_EMERGENCY, LOSS_DISABILITY_DEATH, 50000, 0, AMOUNT_NEEDS_APPROVAL, "低于");
	/* other hardship: the department sets every amount */
	verdict(AID_EMERGENCY, LOSS_OTHER, 100000, 0, AMOUNT_NEEDS_APPROVAL, "研究确定");
	verdict(AID_EMERGENCY, LOSS_OTHER, 100000, 1, AMOUNT_OK, NULL);
	verdict(AID_EMERGENCY, LOSS_NONE, 100000, 1, AMOUNT_REFUSED, "损失类型");
	verdict(AID_EMERGENCY, LOSS_MAJOR_LOSS, 0, 1, AMOUNT_REFUSED, "须大于 0");
	verdict((enum aid_kind)0, LOSS_NONE, 60000, 1, AMOUNT_REFUSED, "帮扶类型");
}

static void test_amount_limits(void **state)
{
	struct policy_limits l;
	policy_amount_limits(policy_default(), AID_YEARLY, LOSS_NONE, &l);
	assert_int_equal(l.min_fen, 60000);
	assert_int_equal(l.max_fen, 60000);
	policy_amount_limits(policy_default(), AID_EMERGENCY, LOSS_MAJOR_LOSS, &l);
	assert_int_equal(l.min_fen, 100000);
	assert_int_equal(l.max_fen, 200000);
	assert_int_equal(l.severe_max_fen, 300000);
	policy_amount_limits(policy_default(), AID_EMERGENCY, LOSS_DISABILITY_DEATH, &l);
	assert_int_equal(l.max_fen, 300000);
	policy_amount_limits(policy_default(), AID_EMERGENCY, LOSS_OTHER, &l);
	assert_int_equal(l.department_decides, 1);
	assert_int_equal(l.max_fen, 0);
}

static void test_codes_set(void **state)
{
	struct policy_codes s = {0};
	assert_int_equal(policy_codes_add(&s, "a"), 0);
	assert_int_equal(policy_codes_add(&s, "a"), 0);
	assert_int_equal(s.n, 1);
	assert_true(policy_codes_has(&s, "a"));
	assert_false(policy_codes_has(&s, "b"));
	assert_int_equal(policy_codes_add(&s, "a_code_that_is_far_too_long_to_fit"), -1);
	for (int i = 1; i < POLICY_MAX_ITEMS; i++) {
		char c[8];
		snprintf(c, sizeof(c), "c%d", i);
		assert_int_equal(policy_codes_add(&s, c), 0);
	}
	assert_int_equal(policy_codes_add(&s, "one_more"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_default_parses),
	    cmocka_unit_test(test_default_text),
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_errors_amounts_days),
	    cmocka_unit_test(test_errors_head_and_lines),
	    cmocka_unit_test(test_errors_checklists),
	    cmocka_unit_test(test_errors_rules_and_shares),
	    cmocka_unit_test(test_not_json),
	    cmocka_unit_test(test_comments_ignored),
	    cmocka_unit_test(test_date_normalised),
	    cmocka_unit_test(test_validate_struct),
	    cmocka_unit_test(test_lines_sorted_and_lookup),
	    cmocka_unit_test(test_lookups),
	    cmocka_unit_test(test_pick_version),
	    cmocka_unit_test(test_kind_and_loss_codes),
	    cmocka_unit_test(test_amount_yearly),
	    cmocka_unit_test(test_amount_emergency),
	    cmocka_unit_test(test_amount_limits),
	    cmocka_unit_test(test_codes_set),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
