/* test_classify.c - unit tests of the classification and eligibility
 * engine: every rule of §2 with its boundaries (age 69/70, party years
 * 49/50, rural or not, fixed income, income exactly at a line), exclusions,
 * tiers, emergency amounts, the explanation sentences and overrides. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "cases.h"
#include "text.h"

static struct classify_result *R; /* large: one on the heap for all tests */

static int setup(void **state)
{
	R = malloc(sizeof(*R));
	return R ? 0 : -1;
}

static int teardown(void **state)
{
	free(R);
	return 0;
}

/* A township member: urban, 45, able to work, nothing ticked. */
static struct case_facts member(void)
{
	struct case_facts f;
	classify_facts_init(&f);
	f.year = 2024;
	f.age = 45;
	f.party_years = 20;
	memcpy(f.household_type, "非农业", sizeof("非农业"));
	f.household_size = 3;
	return f;
}

static struct case_facts rural(int age, int party_years)
{
	struct case_facts f = member();
	memcpy(f.household_type, "农业", sizeof("农业"));
	f.age = age;
	f.party_years = party_years;
	policy_codes_add(&f.conditions, "serious_illness");
	return f;
}

static void tick(struct policy_codes *s, const char *code)
{
	assert_int_equal(policy_codes_add(s, code), 0);
}

/* Every sentence must be whole UTF-8 a worker can read. */
static void check_sentences(const struct classify_result *r)
{
	assert_true(r->nexplain > 0);
	for (size_t i = 0; i < r->nexplain; i++) {
		assert_true(r->explain[i][0] != '\0');
		if (!text_clean(r->explain[i], 0))
			fail_msg("sentence %zu is not clean UTF-8: %s", i, r->explain[i]);
	}
}

static const struct classify_result *run_with(const struct policy *p, const struct case_facts *f)
{
	struct bf_err e;
	if (classify_case(p, f, R, &e) != 0)
		fail_msg("refused: %s: %s", e.field, e.message);
	check_sentences(R);
	return R;
}

static const struct classify_result *run(const struct case_facts *f)
{
	return run_with(policy_default(), f);
}

static int said(const struct classify_result *r, const char *part)
{
	for (size_t i = 0; i < r->nexplain; i++)
		if (strstr(r->explain[i], part))
			return 1;
	return 0;
}

static void says(const struct classify_result *r, const char *part)
{
	if (said(r, part))
		return;
	for (size_t i = 0; i < r->nexplain; i++)
		print_message("  %zu: %s\n", i, r->explain[i]);
	fail_msg("no sentence contains \"%s\"", part);
}

static void says_exactly(const struct classify_result *r, const char *sentence)
{
	for (size_t i = 0; i < r->nexplain; i++)
		if (strcmp(r->explain[i], sentence) == 0)
			return;
	for (size_t i = 0; i < r->nexplain; i++)
		print_message("  %zu: %s\n", i, r->explain[i]);
	fail_msg("no sentence \"%s\"", sentence);
}

static void refused(const struct case_facts *f, enum ec code, const char *field, const char *part)
{
	struct bf_err e;
	if (classify_case(policy_default(), f, R, &e) != -1)
		fail_msg("accepted, expected %s", field);
	assert_int_equal(e.code, code);
	assert_string_equal(e.field, field);
	if (!strstr(e.message, part))
		fail_msg("message \"%s\" lacks \"%s\"", e.message, part);
}

/* ---- category: care ---- */

static void test_care_at_70(void **state)
{
	struct case_facts f = rural(70, 40);
	const struct classify_result *r = run(&f);
	assert_true(r->eligible);
	assert_string_equal(r->category, "care");
	assert_string_equal(r->category_rule, CLASSIFY_RULE_CARE_AGE);
	assert_true(r->fixed_subsidy);
	says_exactly(r, "年满 70 周岁的农村党员，归入关爱型，享受定补");
	assert_int_equal(r->policy_version, 1);
	assert_string_equal(r->policy_effective_from, "2020-01-01");
}

static void test_care_not_at_69(void **state)
{
	struct case_facts f = rural(69, 55);
	const struct classify_result *r = run(&f);
	assert_string_not_equal(r->category, "care");
	assert_false(r->fixed_subsidy);
	assert_false(r->regular_subsidy);
	/* 69 is past the old-age line: relief through age */
	assert_string_equal(r->category, "relief");
	assert_string_equal(r->category_rule, CLASSIFY_RULE_OLD_AGE);
	says(r, "年满 60 周岁（因老致困），归入输血型");
}

static void test_care_only_rural(void **state)
{
	struct case_facts f = rural(75, 55);
	memcpy(f.household_type, "非农业", sizeof("非农业"));
	const struct classify_result *r = run(&f);
	assert_string_equal(r->category, "relief");
	assert_false(r->fixed_subsidy);
	assert_false(r->regular_subsidy);
	says(r, "户口类别为“非农业”，不适用关爱型");

	f.household_type[0] = '\0';
	r = run(&f);
	assert_string_equal(r->category, "relief");
	says(r, "未录入户口类别");
}

static void test_care_even_when_able(void **state)
{
	/* care comes first: an able 80-year-old with a capacity cause is still care */
	struct case_facts f = rural(80, 10);
	tick(&f.causes, "lack_capital");
	const struct classify_result *r = run(&f);
	assert_string_equal(r->category, "care");
}

static void test_unknown_age(void **state)
{
	struct case_facts f = rural(-1, -1);
	const struct classify_result *r = run(&f);
	assert_string_equal(r->category, "capacity");
	says(r, "未录入年龄");
	says_exactly(r, "有劳动能力，归入造血型");
}

/* ---- regular living subsidy ---- */

static void test_regular_subsidy(void **state)
{
	struct case_facts f = rural(70, 50);
	const struct classify_result *r = run(&f);
	assert_true(r->regular_subsidy);
	assert_true(r->regular_subsidy_rule);
	assert_true(r->fixed_subsidy);
	says_exactly(r, "年满 70 周岁、党龄 50 年以上且无固定收入的农村党员，享受定期生活补助");
}

static void test_regular_subsidy_boundaries(void **state)
{
	struct case_facts f = rural(70, 49);
	const struct classify_result *r = run(&f);
	assert_false(r->regular_subsidy);
	says(r, "党龄 49 年，不足 50 年，不享受定期生活补助");

	f = rural(69, 50);
	r = run(&f);
	assert_false(r->regular_subsidy);

	f = rural(70, 50);
	f.has_fixed_income = 1;
	r = run(&f);
	assert_false(r->regular_subsidy);
	assert_true(r->fixed_subsidy); /* care does not ask about income */
	says(r, "有固定收入，不享受定期生活补助");

	f = rural(70, 50);
	memcpy(f.household_type, "非农业", sizeof("非农业"));
	r = run(&f);
	assert_false(r->regular_subsidy);

	f = rural(70, -1);
	r = run(&f);
	assert_false(r->regular_subsidy);
	says(r, "未录入党龄");
}

static void test_regular_subsidy_income_rule_off(void **state)
{
	struct policy *p = malloc(sizeof(*p));
	*p = *policy_default();
	p->care.regular_subsidy_requires_no_fixed_income = 0;
	struct case_facts f = rural(72, 51);
	f.has_fixed_income = 1;
	const struct classify_result *r = run_with(p, &f);
	assert_true(r->regular_subsidy);
	says_exactly(r, "年满 70 周岁、党龄 50 年以上的农村党员，享受定期生活补助");
	free(p);
}

/* ---- category: relief and capacity ---- */

static void test_no_labour_is_relief(void **state)
{
	struct case_facts f = member();
	f.able_to_work = 0;
	f.has_fixed_income = 1;
	tick(&f.conditions, "serious_illness");
	tick(&f.causes, "lack_skills");
	const struct classify_result *r = run(&f);
	assert_string_equal(r->category, "relief");
	assert_string_equal(r->category_rule, CLASSIFY_RULE_NO_LABOUR);
	says_exactly(r, "无劳动能力，归入输血型");
}

static void test_old_age_boundary(void **state)
{
	struct case_facts f = member();
	tick(&f.conditions, "other_confirmed");
	f.age = 60;
	const struct classify_result *r = run(&f);
	assert_string_equal(r->category_rule, CLASSIFY_RULE_OLD_AGE);
	f.age = 59;
	r = run(&f);
	assert_string_equal(r->category, "capacity");
	assert_string_equal(r->category_rule, CLASSIFY_RULE_ABLE_BODIED);
	says_exactly(r, "有劳动能力、未满 60 周岁，归入造血型");
}

static void test_causes(void **state)
{
	struct case_facts f = member();
	tick(&f.conditions, "serious_illness");
	tick(&f.causes, "illness");
	const struct classify_result *r = run(&f);
	assert_string_equal(r->category, "relief");
	assert_string_equal(r->category_rule, CLASSIFY_RULE_RELIEF_CAUSE);
	says_exactly(r, "致困原因为“因病”，归入输血型");

	f = member();
	tick(&f.conditions, "other_confirmed");
	tick(&f.causes, "lack_skills");
	r = run(&f);
	assert_string_equal(r->category, "capacity");
	assert_string_equal(r->category_rule, CLASSIFY_RULE_CAPACITY_CAUSE);
	says_exactly(r, "有劳动能力、未满 60 周岁，致困原因为“缺技术”，归入造血型");

	/* a relief cause outweighs a capacity one, whatever the order */
	tick(&f.causes, "disaster");
	r = run(&f);
	assert_string_equal(r->category, "relief");
	assert_string_equal(r->category_rule, CLASSIFY_RULE_RELIEF_CAUSE);

	/* a neutral cause leaves the able-bodied rule */
	f = member();
	tick(&f.conditions, "schooling");
	tick(&f.causes, "schooling");
	r = run(&f);
	assert_string_equal(r->category_rule, CLASSIFY_RULE_ABLE_BODIED);
}

/* ---- eligibility: income against the lines ---- */

static void test_income_exactly_at_line(void **state)
{
	/* 2024: poverty line 6,900, minimum living 7,700 yuan per person */
	struct case_facts f = member();
	f.household_size = 2;
	f.income_fen = 2 * 770000; /* exactly at the minimum-living line */
	const struct classify_result *r = run(&f);
	assert_false(r->eligible);
	assert_int_equal(r->met.n, 0);
	assert_int_equal(r->per_capita_fen, 770000);
	assert_int_equal(r->line_year, 2024);
	says_exactly(r, "人均年收入 7,700 元，不低于 2024 年低保线 7,700 元");
	says_exactly(r, "未满足任何困难条件，不能列为生活困难帮扶对象");

	f.income_fen = 2 * 770000 - 1; /* one fen below, per capita 7,699.995 */
	r = run(&f);
	assert_true(r->eligible);
	assert_true(policy_codes_has(&r->met, "below_min_living"));
	assert_false(policy_codes_has(&r->met, "below_poverty_line"));
	says_exactly(
	    r,
	    "人均年收入 7,699.99 元，低于 2024 年低保线 7,700 元，符合条件“低于最低生活保障标准”");
	says_exactly(r, "符合生活困难帮扶条件");
}

static void test_income_below_both(void **state)
{
	struct case_facts f = member();
	f.household_size = 3;
	f.income_fen = 3 * 500000;
	const struct classify_result *r = run(&f);
	assert_true(policy_codes_has(&r->met, "below_poverty_line"));
	assert_true(policy_codes_has(&r->met, "below_min_living"));
	says(r, "低于 2024 年扶贫标准 6,900 元，符合条件“低于国家扶贫标准”");
	assert_string_equal(r->tier, "moderate"); /* 5,000 is above half the line */
}

static void test_income_ticked_but_above(void **state)
{
	struct case_facts f = member();
	f.income_fen = 3 * 1000000;
	tick(&f.conditions, "below_min_living");
	const struct classify_result *r = run(&f);
	assert_false(r->eligible);
	says(r, "已勾选“低于最低生活保障标准”，但人均年收入 10,000 元不低于 2024 年低保线 7,700 "
		"元，该条件不成立");
}

static void test_income_ticked_unknown(void **state)
{
	struct case_facts f = member();
	tick(&f.conditions, "below_min_living");
	const struct classify_result *r = run(&f);
	assert_true(r->eligible);
	assert_int_equal(r->per_capita_fen, -1);
	says_exactly(r, "未录入家庭收入，按勾选认定条件“低于最低生活保障标准”");
}

static void test_income_year_fallback(void **state)
{
	struct case_facts f = member();
	f.year = 2026;
	f.household_size = 1;
	f.income_fen = 240000;
	const struct classify_result *r = run(&f);
	assert_int_equal(r->line_year, 2025);
	says_exactly(r, "2026 年的扶贫标准和低保线尚未设置，沿用 2025 年的标准");
	says(r, "低于 2025 年低保线 8,000 元");

	/* with the department's own 2026 line: the sentence of the issue */
	struct policy *p = malloc(sizeof(*p));
	struct bf_err e;
	*p = *policy_default();
	p->lines[p->nlines++] = (struct policy_line){2026, 400000, 480000};
	assert_int_equal(policy_validate(p, &e), 0);
	r = run_with(p, &f);
	assert_int_equal(r->line_year, 2026);
	says_exactly(
	    r, "人均年收入 2,400 元，低于 2026 年低保线 4,800 元，符合条件“低于最低生活保障标准”");
	assert_false(said(r, "沿用"));
	free(p);
}

static void test_income_no_line_yet(void **state)
{
	struct case_facts f = member();
	f.year = 2019;
	f.income_fen = 0;
	tick(&f.conditions, "below_poverty_line");
	const struct classify_result *r = run(&f);
	assert_int_equal(r->line_year, 0);
	says(r, "政策中没有 2019 年及以前的扶贫标准和低保线");
	says(r, "没有可用的收入标准，按勾选认定条件“低于国家扶贫标准”");
	assert_true(r->eligible);
}

/* ---- eligibility: exclusions ---- */

static void test_exclusion_blocks(void **state)
{
	struct case_facts f = member();
	f.income_fen = 0;
	tick(&f.conditions, "three_no");
	tick(&f.exclusions, "gambling_drugs_cults");
	const struct classify_result *r = run(&f);
	assert_false(r->eligible);
	assert_true(policy_codes_has(&r->blocking, "gambling_drugs_cults"));
	assert_true(r->met.n >= 1); /* conditions are still reported */
	says_exactly(r, "存在排除情形“参与赌博、吸毒、邪教”，不得列为帮扶对象");

	tick(&f.exclusions, "unqualified_appraisal");
	r = run(&f);
	says_exactly(r, "存在排除情形“参与赌博、吸毒、邪教”、“民主评议不合格”，不得列为帮扶对象");
	assert_int_equal(r->blocking.n, 2);
}

static void test_exclusion_blocks_care_and_emergency(void **state)
{
	struct case_facts f = rural(75, 55);
	tick(&f.exclusions, "idleness");
	const struct classify_result *r = run(&f);
	assert_false(r->eligible);
	assert_string_equal(r->category, "care");
	assert_false(r->fixed_subsidy);
	assert_false(r->regular_subsidy);
	assert_true(r->regular_subsidy_rule);
	says(r, "不享受定补");

	f = member();
	f.kind = AID_EMERGENCY;
	f.loss_type = LOSS_MAJOR_LOSS;
	tick(&f.exclusions, "bad_conduct");
	r = run(&f);
	assert_false(r->eligible);
}

static void test_no_condition(void **state)
{
	struct case_facts f = member();
	const struct classify_result *r = run(&f);
	assert_false(r->eligible);
	says_exactly(r, "未满足任何困难条件，不能列为生活困难帮扶对象");
	says_exactly(r, "生活困难帮扶标准为每年 600 元");
}

/* ---- tiers ---- */

static void test_tiers(void **state)
{
	struct case_facts f = member();
	tick(&f.conditions, "three_no");
	const struct classify_result *r = run(&f);
	assert_string_equal(r->tier, "severe");
	assert_string_equal(r->tier_rule, CLASSIFY_TIER_SEVERE_CONDITION);
	says_exactly(r, "符合条件“三无对象”，建议列为特别困难");

	f = member();
	tick(&f.conditions, "serious_illness");
	f.able_to_work = 0;
	f.has_fixed_income = 0;
	r = run(&f);
	assert_string_equal(r->tier_rule, CLASSIFY_TIER_NO_LABOUR_INCOME);
	f.has_fixed_income = 1;
	r = run(&f);
	assert_string_equal(r->tier, "moderate");
	assert_string_equal(r->tier_rule, CLASSIFY_TIER_DEFAULT);

	f = member();
	tick(&f.conditions, "accident_disaster");
	r = run(&f);
	assert_string_equal(r->tier, "temporary");
	assert_string_equal(r->tier_rule, CLASSIFY_TIER_TRANSIENT);
	tick(&f.conditions, "schooling");
	r = run(&f);
	assert_string_equal(r->tier, "temporary");
	tick(&f.conditions, "serious_illness");
	r = run(&f);
	assert_string_equal(r->tier, "moderate");
}

static void test_tier_far_below_line(void **state)
{
	/* 2024 minimum living 7,700: half is 3,850 per person */
	struct case_facts f = member();
	f.household_size = 2;
	f.income_fen = 2 * 385000; /* exactly half: not under it */
	const struct classify_result *r = run(&f);
	assert_string_equal(r->tier, "moderate");
	f.income_fen = 2 * 385000 - 1;
	r = run(&f);
	assert_string_equal(r->tier, "severe");
	assert_string_equal(r->tier_rule, CLASSIFY_TIER_FAR_BELOW);
	says(r, "不到 2024 年低保线的 50%，建议列为特别困难");
	f.income_fen = 0;
	r = run(&f);
	assert_string_equal(r->tier, "severe");
}

/* ---- emergencies ---- */

static struct case_facts emergency(enum loss_type t, int64_t amount)
{
	struct case_facts f = member();
	f.kind = AID_EMERGENCY;
	f.loss_type = t;
	f.amount_fen = amount;
	return f;
}

static void test_emergency(void **state)
{
	struct case_facts f = emergency(LOSS_MAJOR_LOSS, 0);
	const struct classify_result *r = run(&f);
	assert_true(r->eligible);
	assert_string_equal(r->tier, "temporary");
	assert_int_equal(r->limits.min_fen, 100000);
	assert_int_equal(r->limits.max_fen, 200000);
	assert_int_equal(r->limits.severe_max_fen, 300000);
	assert_false(r->amount_checked);
	says_exactly(r, "遭受“突发事故造成重大损失”，可申请突发事故救助");
	says_exactly(r, "“突发事故造成重大损失”的救助标准为 1,000–2,000 元");

	f = emergency(LOSS_DISABILITY_DEATH, 0);
	r = run(&f);
	assert_string_equal(r->tier, "severe");
	assert_string_equal(r->tier_rule, CLASSIFY_TIER_DISABILITY_DEATH);
	assert_int_equal(r->limits.max_fen, 300000);

	f = emergency(LOSS_OTHER, 0);
	r = run(&f);
	assert_true(r->limits.department_decides);
	says(r, "由区委组织部研究确定");

	f = emergency(LOSS_NONE, 0);
	refused(&f, EC_MISSING, "loss_type", "损失类型");
}

static void test_emergency_amounts(void **state)
{
	struct case_facts f = emergency(LOSS_MAJOR_LOSS, 200000);
	const struct classify_result *r = run(&f);
	assert_true(r->amount_checked);
	assert_int_equal(r->amount_verdict, AMOUNT_OK);

	f = emergency(LOSS_MAJOR_LOSS, 250000);
	r = run(&f);
	assert_int_equal(r->amount_verdict, AMOUNT_NEEDS_APPROVAL);
	says(r, "只有严重伤残或死亡可至 3,000 元");

	f = emergency(LOSS_DISABILITY_DEATH, 250000);
	assert_int_equal(run(&f)->amount_verdict, AMOUNT_OK);
	f = emergency(LOSS_DISABILITY_DEATH, 300000);
	assert_int_equal(run(&f)->amount_verdict, AMOUNT_OK);
	f = emergency(LOSS_DISABILITY_DEATH, 300100);
	r = run(&f);
	assert_int_equal(r->amount_verdict, AMOUNT_NEEDS_APPROVAL);
	says(r, "须经区委组织部书面特别批准");
	f.has_special_approval = 1;
	assert_int_equal(run(&f)->amount_verdict, AMOUNT_OK);

	f = member();
	tick(&f.conditions, "three_no");
	f.amount_fen = 60000;
	assert_int_equal(run(&f)->amount_verdict, AMOUNT_OK);
	f.amount_fen = 80000;
	assert_int_equal(run(&f)->amount_verdict, AMOUNT_NEEDS_APPROVAL);
}

/* ---- facts that cannot be used ---- */

static void test_bad_facts(void **state)
{
	struct case_facts f = member();
	tick(&f.conditions, "rich");
	refused(&f, EC_INVALID, "conditions", "未知的困难条件“rich”");
	f = member();
	tick(&f.exclusions, "late");
	refused(&f, EC_INVALID, "exclusions", "排除情形“late”");
	f = member();
	tick(&f.causes, "bad_luck");
	refused(&f, EC_INVALID, "causes", "致困原因“bad_luck”");
	f = member();
	f.income_fen = 100000;
	f.household_size = 0;
	refused(&f, EC_INVALID, "household_size", "家庭人口");
	f.household_size = 31;
	refused(&f, EC_INVALID, "household_size", "家庭人口");
	f = member();
	f.household_size = 0; /* no income: the size is not needed */
	run(&f);
	f.income_fen = -5;
	refused(&f, EC_INVALID, "income_fen", "不能为负数");
	f = member();
	f.year = 0;
	refused(&f, EC_INVALID, "year", "年份");
	f = member();
	f.kind = (enum aid_kind)0;
	refused(&f, EC_MISSING, "kind", "帮扶类型");
	f = member();
	f.age = 151;
	refused(&f, EC_INVALID, "age", "年龄");
	f = member();
	f.amount_fen = -1;
	refused(&f, EC_INVALID, "amount_fen", "负数");
}

/* ---- overrides ---- */

static void test_override_needs_reason(void **state)
{
	struct classify_override o;
	struct bf_err e;
	classify_override_init(&o);
	memcpy(o.category, "relief", sizeof("relief"));
	assert_int_equal(classify_override_check(policy_default(), &o, &e), -1);
	assert_int_equal(e.code, EC_MISSING);
	assert_string_equal(e.field, "reason");
	assert_string_equal(e.message, "改判须填写理由");

	memcpy(o.reason, "　 ", sizeof("　 ")); /* only spaces */
	assert_int_equal(classify_override_check(policy_default(), &o, &e), -1);
	assert_string_equal(e.field, "reason");

	memcpy(o.reason, "家有病人", sizeof("家有病人")); /* 4 characters */
	assert_int_equal(classify_override_check(policy_default(), &o, &e), -1);
	assert_string_equal(e.field, "reason");
	assert_non_null(strstr(e.message, "至少 5 个字"));

	memcpy(o.reason, " 家中有病人 ", sizeof(" 家中有病人 ")); /* 5, trimmed */
	assert_int_equal(classify_override_check(policy_default(), &o, &e), 0);
	assert_string_equal(o.reason, "家中有病人");
}

static void test_override_codes(void **state)
{
	struct classify_override o;
	struct bf_err e;
	classify_override_init(&o);
	memcpy(o.reason, "经支委会研究决定", sizeof("经支委会研究决定"));
	assert_int_equal(classify_override_check(policy_default(), &o, &e), -1);
	assert_string_equal(e.field, "category"); /* nothing chosen */
	memcpy(o.category, "rich", sizeof("rich"));
	assert_int_equal(classify_override_check(policy_default(), &o, &e), -1);
	assert_string_equal(e.field, "category");
	o.category[0] = '\0';
	memcpy(o.tier, "worst", sizeof("worst"));
	assert_int_equal(classify_override_check(policy_default(), &o, &e), -1);
	assert_string_equal(e.field, "tier");
	o.tier[0] = '\0';
	o.eligible = 2;
	assert_int_equal(classify_override_check(policy_default(), &o, &e), -1);
	assert_string_equal(e.field, "eligible");
}

static void test_override_apply(void **state)
{
	struct case_facts f = member();
	struct classify_override o;
	struct bf_err e;
	tick(&f.conditions, "serious_illness");
	tick(&f.causes, "illness");
	run(&f);
	assert_string_equal(R->category, "relief");
	assert_string_equal(R->tier, "moderate");

	classify_override_init(&o);
	memcpy(o.category, "relief", sizeof("relief")); /* same as computed */
	memcpy(o.reason, "经支委会研究决定", sizeof("经支委会研究决定"));
	assert_int_equal(classify_apply_override(policy_default(), R, &o, &e), -1);
	assert_non_null(strstr(e.message, "无需改判"));

	memcpy(o.category, "capacity", sizeof("capacity"));
	memcpy(o.tier, "severe", sizeof("severe"));
	assert_int_equal(classify_apply_override(policy_default(), R, &o, &e), 0);
	assert_string_equal(R->category, "capacity");
	assert_string_equal(R->category_rule, CLASSIFY_RULE_OVERRIDE);
	assert_string_equal(R->tier, "severe");
	assert_string_equal(R->tier_rule, CLASSIFY_RULE_OVERRIDE);
	assert_string_equal(R->computed_category, "relief");
	assert_string_equal(R->computed_tier, "moderate");
	assert_true(R->overridden);
	assert_string_equal(R->override_reason, "经支委会研究决定");
	says_exactly(R,
		     "经工作人员改判：类别由“输血型”改为“造血型”；档次由“比较困难”改为“特别困难”；"
		     "理由：经支委会研究决定");
	check_sentences(R);
}

static void test_override_eligibility(void **state)
{
	/* a rural 72-year-old with nothing ticked: not eligible, care rule matched */
	struct case_facts f = rural(72, 52);
	struct classify_override o;
	struct bf_err e;
	f.conditions.n = 0;
	run(&f);
	assert_false(R->eligible);
	assert_false(R->fixed_subsidy);
	assert_false(R->regular_subsidy);
	classify_override_init(&o);
	o.eligible = 1;
	memcpy(o.reason, "独居无子女，经走访核实", sizeof("独居无子女，经走访核实"));
	assert_int_equal(classify_apply_override(policy_default(), R, &o, &e), 0);
	assert_true(R->eligible);
	assert_false(R->computed_eligible);
	assert_true(R->fixed_subsidy);
	assert_true(R->regular_subsidy);
	says(R, "帮扶资格由“不符合”改为“符合”");
}

/* Long labels ticked together: sentences are cut at whole characters. */
static void test_long_sentences(void **state)
{
	struct policy *p = malloc(sizeof(*p));
	struct bf_err e;
	*p = *policy_default();
	for (size_t i = p->conditions.n; i < POLICY_MAX_ITEMS; i++) {
		struct policy_item *it = &p->conditions.item[i];
		memset(it, 0, sizeof(*it));
		snprintf(it->code, sizeof(it->code), "extra_%zu", i);
		snprintf(it->label, sizeof(it->label),
			 "一个特别长的困难条件名称用来测试句子截断第%zu项", i);
	}
	p->conditions.n = POLICY_MAX_ITEMS;
	assert_int_equal(policy_validate(p, &e), 0);
	struct case_facts f = member();
	for (size_t i = 0; i < p->conditions.n; i++)
		tick(&f.conditions, p->conditions.item[i].code);
	for (size_t i = 0; i < p->exclusions.n; i++)
		tick(&f.exclusions, p->exclusions.item[i].code);
	const struct classify_result *r = run_with(p, &f);
	assert_false(r->eligible);
	assert_true(r->nexplain <= CLASSIFY_MAX_EXPLAIN);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_care_at_70),
	    cmocka_unit_test(test_care_not_at_69),
	    cmocka_unit_test(test_care_only_rural),
	    cmocka_unit_test(test_care_even_when_able),
	    cmocka_unit_test(test_unknown_age),
	    cmocka_unit_test(test_regular_subsidy),
	    cmocka_unit_test(test_regular_subsidy_boundaries),
	    cmocka_unit_test(test_regular_subsidy_income_rule_off),
	    cmocka_unit_test(test_no_labour_is_relief),
	    cmocka_unit_test(test_old_age_boundary),
	    cmocka_unit_test(test_causes),
	    cmocka_unit_test(test_income_exactly_at_line),
	    cmocka_unit_test(test_income_below_both),
	    cmocka_unit_test(test_income_ticked_but_above),
	    cmocka_unit_test(test_income_ticked_unknown),
	    cmocka_unit_test(test_income_year_fallback),
	    cmocka_unit_test(test_income_no_line_yet),
	    cmocka_unit_test(test_exclusion_blocks),
	    cmocka_unit_test(test_exclusion_blocks_care_and_emergency),
	    cmocka_unit_test(test_no_condition),
	    cmocka_unit_test(test_tiers),
	    cmocka_unit_test(test_tier_far_below_line),
	    cmocka_unit_test(test_emergency),
	    cmocka_unit_test(test_emergency_amounts),
	    cmocka_unit_test(test_bad_facts),
	    cmocka_unit_test(test_override_needs_reason),
	    cmocka_unit_test(test_override_codes),
	    cmocka_unit_test(test_override_apply),
	    cmocka_unit_test(test_override_eligibility),
	    cmocka_unit_test(test_long_sentences),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
