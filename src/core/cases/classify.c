/* classify.c - the classification and eligibility engine of §2 (see
 * cases.h).  Each step fills part of the result and adds the sentences
 * that explain it, in the order a worker reads a case: income against the
 * lines, conditions, exclusions, the verdict, category and subsidies, tier,
 * amounts.  Money is compared in integer fen and per-capita comparisons are
 * cross-multiplied, so "exactly at the line" is never "below" by rounding. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "cases.h"
#include "money.h"
#include "text.h"

#define MAX_HOUSEHOLD  30
#define MAX_INCOME_FEN INT64_C(1000000000000) /* ten billion yuan: surely a typo */
#define MIN_YEAR       1949
#define MAX_YEAR       2200
#define CODES_TEXT_MAX 512

/* Cuts s (size bytes, possibly truncated by snprintf) back to whole UTF-8
 * characters so a sentence never ends in half a 汉字. */
static void utf8_tidy(char *s)
{
	size_t n = strlen(s), i = n;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i == 0)
		return;
	unsigned char lead = (unsigned char)s[i - 1];
	size_t want = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
	if (i - 1 + want > n)
		s[i - 1] = '\0';
}

static void say(struct classify_result *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void say(struct classify_result *r, const char *fmt, ...)
{
	va_list ap;
	if (r->nexplain >= CLASSIFY_MAX_EXPLAIN)
		return; /* bounded by construction; a longer story is not clearer */
	char *line = r->explain[r->nexplain++];
	va_start(ap, fmt);
	vsnprintf(line, CLASSIFY_EXPLAIN_MAX, fmt, ap);
	va_end(ap);
	utf8_tidy(line);
}

static const char *label_of(const struct policy_list *l, const char *code)
{
	const char *s = policy_label(l, code);
	return s ? s : code;
}

/* “A”、“B”、“C” for a set of codes, whole labels only. */
static void join_labels(const struct policy_list *l, const struct policy_codes *c,
			char out[CODES_TEXT_MAX])
{
	size_t n = 0;
	out[0] = '\0';
	for (size_t i = 0; i < c->n; i++) {
		int k = snprintf(out + n, CODES_TEXT_MAX - n, "%s“%s”", i ? "、" : "",
				 label_of(l, c->code[i]));
		if (k < 0 || (size_t)k >= CODES_TEXT_MAX - n) {
			out[n] = '\0';
			snprintf(out + n, CODES_TEXT_MAX - n, "等");
			return;
		}
		n += (size_t)k;
	}
}

void classify_facts_init(struct case_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->kind = AID_YEARLY;
	f->loss_type = LOSS_NONE;
	f->age = -1;
	f->party_years = -1;
	f->able_to_work = 1;
	f->household_size = 1;
	f->income_fen = -1;
}

/* ------------------------------------------------------------------ */
/* Checking the facts                                                  */

static int check_codes(const struct policy_list *l, const struct policy_codes *c, const char *field,
		       const char *what, struct bf_err *e)
{
	for (size_t i = 0; i < c->n; i++)
		if (!policy_has(l, c->code[i]))
			return err_set(e, EC_INVALID, field, "未知的%s“%s”（当前政策中没有此项）",
				       what, c->code[i]);
	return 0;
}

static int check_numbers(const struct case_facts *f, struct bf_err *e)
{
	if (f->year < MIN_YEAR || f->year > MAX_YEAR)
		return err_set(e, EC_INVALID, "year", "年份须在 %d 到 %d 年之间", MIN_YEAR,
			       MAX_YEAR);
	if (f->age < -1 || f->age > 150)
		return err_set(e, EC_INVALID, "age", "年龄须在 0 到 150 周岁之间");
	if (f->party_years < -1 || f->party_years > 100)
		return err_set(e, EC_INVALID, "party_years", "党龄须在 0 到 100 年之间");
	if (f->income_fen < -1)
		return err_set(e, EC_INVALID, "income_fen",
			       "家庭年纯收入不能为负数（没有收入请填 0）");
	if (f->income_fen > MAX_INCOME_FEN)
		return err_set(e, EC_INVALID, "income_fen", "家庭年纯收入超出合理范围，请核对");
	if (f->income_fen >= 0 && (f->household_size < 1 || f->household_size > MAX_HOUSEHOLD))
		return err_set(e, EC_INVALID, "household_size", "家庭人口须在 1 到 %d 人之间",
			       MAX_HOUSEHOLD);
	if (f->amount_fen < 0)
		return err_set(e, EC_INVALID, "amount_fen", "拟救助金额不能为负数");
	return 0;
}

static int check_facts(const struct policy *p, const struct case_facts *f, struct bf_err *e)
{
	if (f->kind != AID_YEARLY && f->kind != AID_EMERGENCY)
		return err_set(e, EC_MISSING, "kind",
			       "请选择帮扶类型（生活困难帮扶或突发事故救助）");
	if (f->kind == AID_EMERGENCY && !*policy_loss_code(f->loss_type))
		return err_set(e, EC_MISSING, "loss_type", "突发事故救助须选择损失类型");
	if (check_numbers(f, e) ||
	    check_codes(&p->conditions, &f->conditions, "conditions", "困难条件", e) ||
	    check_codes(&p->exclusions, &f->exclusions, "exclusions", "排除情形", e) ||
	    check_codes(&p->causes, &f->causes, "causes", "致困原因", e))
		return -1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Eligibility                                                         */

/* The line a computed condition compares with, and its name. */
static int64_t line_of(const struct classify_result *r, const struct policy_item *c,
		       const char **name)
{
	if (strcmp(c->income_line, "poverty_line") == 0) {
		*name = "扶贫标准";
		return r->poverty_line_fen;
	}
	*name = "低保线";
	return r->min_living_fen;
}

/* One condition computed from the income: met when the per-capita income
 * is strictly below the line; a tick is believed only without the numbers. */
static void income_condition(const struct case_facts *f, const struct policy_item *c,
			     struct classify_result *r)
{
	const char *name;
	int64_t line = line_of(r, c, &name);
	int ticked = policy_codes_has(&f->conditions, c->code);
	char pc[MONEY_TEXT_MAX], lt[MONEY_TEXT_MAX];
	if (f->income_fen < 0 || !r->line_year) {
		if (ticked) {
			policy_codes_add(&r->met, c->code);
			say(r, "%s，按勾选认定条件“%s”",
			    f->income_fen < 0 ? "未录入家庭收入" : "没有可用的收入标准", c->label);
		}
		return;
	}
	money_format(r->per_capita_fen, pc);
	money_format(line, lt);
	/* income / size < line  <=>  income < line * size, without rounding */
	if (f->income_fen < line * f->household_size) {
		policy_codes_add(&r->met, c->code);
		say(r, "人均年收入 %s，低于 %d 年%s %s，符合条件“%s”", pc, r->line_year, name, lt,
		    c->label);
	} else if (ticked) {
		say(r, "已勾选“%s”，但人均年收入 %s不低于 %d 年%s %s，该条件不成立", c->label, pc,
		    r->line_year, name, lt);
	} else {
		say(r, "人均年收入 %s，不低于 %d 年%s %s", pc, r->line_year, name, lt);
	}
}

static void incomes(const struct policy *p, const struct case_facts *f, struct classify_result *r)
{
	struct policy_line ln;
	char note[POLICY_NOTE_MAX];
	int has_computed = 0;
	r->per_capita_fen = -1;
	if (f->income_fen >= 0)
		r->per_capita_fen = f->income_fen / f->household_size;
	int rc = policy_line_for_year(p, f->year, &ln, note);
	if (rc >= 0) {
		r->line_year = ln.year;
		r->poverty_line_fen = ln.poverty_line_fen;
		r->min_living_fen = ln.min_living_fen;
	}
	for (size_t i = 0; i < p->conditions.n; i++)
		has_computed |= p->conditions.item[i].income_line[0] != '\0';
	if (rc != 0 && f->income_fen >= 0 && has_computed)
		say(r, "%s", note);
	for (size_t i = 0; i < p->conditions.n; i++)
		if (p->conditions.item[i].income_line[0])
			income_condition(f, &p->conditions.item[i], r);
}

static void ticked_conditions(const struct policy *p, const struct case_facts *f,
			      struct classify_result *r)
{
	struct policy_codes plain = {0};
	char labels[CODES_TEXT_MAX];
	for (size_t i = 0; i < f->conditions.n; i++) {
		const struct policy_item *c = policy_find(&p->conditions, f->conditions.code[i]);
		if (c && !c->income_line[0]) {
			policy_codes_add(&plain, c->code);
			policy_codes_add(&r->met, c->code);
		}
	}
	if (plain.n) {
		join_labels(&p->conditions, &plain, labels);
		say(r, "符合条件%s", labels);
	}
}

static void eligibility(const struct policy *p, const struct case_facts *f,
			struct classify_result *r)
{
	char labels[CODES_TEXT_MAX];
	for (size_t i = 0; i < f->exclusions.n; i++)
		policy_codes_add(&r->blocking, f->exclusions.code[i]);
	if (r->blocking.n) {
		join_labels(&p->exclusions, &r->blocking, labels);
		say(r, "存在排除情形%s，不得列为帮扶对象", labels);
		r->eligible = 0;
		return;
	}
	if (f->kind == AID_EMERGENCY) {
		r->eligible = 1;
		say(r, "遭受“%s”，可申请突发事故救助", policy_loss_label(f->loss_type));
		return;
	}
	r->eligible = r->met.n > 0;
	if (r->eligible)
		say(r, "符合生活困难帮扶条件");
	else
		say(r, "未满足任何困难条件，不能列为生活困难帮扶对象");
}

/* ------------------------------------------------------------------ */
/* Category and subsidies                                              */

static void set_category(struct classify_result *r, const char *cat, const char *rule)
{
	snprintf(r->category, sizeof(r->category), "%s", cat);
	snprintf(r->category_rule, sizeof(r->category_rule), "%s", rule);
}

static int is_rural(const struct policy *p, const struct case_facts *f)
{
	return f->household_type[0] && strcmp(f->household_type, p->care.household_type) == 0;
}

/* The first cause (in the order ticked) leaning to cat, or NULL. */
static const struct policy_item *cause_leaning(const struct policy *p, const struct case_facts *f,
					       const char *cat)
{
	for (size_t i = 0; i < f->causes.n; i++) {
		const struct policy_item *c = policy_find(&p->causes, f->causes.code[i]);
		if (c && strcmp(c->category, cat) == 0)
			return c;
	}
	return NULL;
}

/* Why the care rule did not apply to an old member, when that is not obvious. */
static void care_notes(const struct policy *p, const struct case_facts *f,
		       struct classify_result *r)
{
	if (f->age < 0) {
		say(r, "未录入年龄，无法判断是否适用%s和因老规则",
		    label_of(&p->categories, "care"));
		return;
	}
	if (f->age < p->care.min_age || is_rural(p, f))
		return;
	if (!f->household_type[0])
		say(r, "年满 %d 周岁，但未录入户口类别，无法判断是否适用%s", p->care.min_age,
		    label_of(&p->categories, "care"));
	else
		say(r, "年满 %d 周岁，但户口类别为“%s”，不适用%s（仅限农村党员）", p->care.min_age,
		    f->household_type, label_of(&p->categories, "care"));
}

static void category(const struct policy *p, const struct case_facts *f, struct classify_result *r)
{
	const char *relief = label_of(&p->categories, "relief");
	const char *capacity = label_of(&p->categories, "capacity");
	const struct policy_item *c;
	care_notes(p, f, r);
	if (is_rural(p, f) && f->age >= p->care.min_age && f->age >= 0) {
		set_category(r, "care", CLASSIFY_RULE_CARE_AGE);
		say(r, "年满 %d 周岁的农村党员，归入%s，%s", p->care.min_age,
		    label_of(&p->categories, "care"),
		    r->eligible ? "享受定补" : "但不符合帮扶条件，不享受定补");
	} else if (!f->able_to_work) {
		set_category(r, "relief", CLASSIFY_RULE_NO_LABOUR);
		say(r, "无劳动能力，归入%s", relief);
	} else if (f->age >= 0 && f->age >= p->old_age) {
		set_category(r, "relief", CLASSIFY_RULE_OLD_AGE);
		say(r, "年满 %d 周岁（因老致困），归入%s", p->old_age, relief);
	} else if ((c = cause_leaning(p, f, "relief"))) {
		set_category(r, "relief", CLASSIFY_RULE_RELIEF_CAUSE);
		say(r, "致困原因为“%s”，归入%s", c->label, relief);
	} else if ((c = cause_leaning(p, f, "capacity"))) {
		set_category(r, "capacity", CLASSIFY_RULE_CAPACITY_CAUSE);
		say(r, "有劳动能力、未满 %d 周岁，致困原因为“%s”，归入%s", p->old_age, c->label,
		    capacity);
	} else {
		set_category(r, "capacity", CLASSIFY_RULE_ABLE_BODIED);
		if (f->age >= 0)
			say(r, "有劳动能力、未满 %d 周岁，归入%s", p->old_age, capacity);
		else
			say(r, "有劳动能力，归入%s", capacity);
	}
	r->fixed_subsidy = strcmp(r->category, "care") == 0 && r->eligible;
}

static void regular_subsidy(const struct policy *p, const struct case_facts *f,
			    struct classify_result *r)
{
	int need_no_income = p->care.regular_subsidy_requires_no_fixed_income;
	if (!is_rural(p, f) || f->age < 0 || f->age < p->care.regular_subsidy_min_age)
		return;
	if (f->party_years < 0) {
		say(r, "未录入党龄，无法判断是否享受定期生活补助");
		return;
	}
	if (f->party_years < p->care.regular_subsidy_min_party_years) {
		say(r, "党龄 %d 年，不足 %d 年，不享受定期生活补助", f->party_years,
		    p->care.regular_subsidy_min_party_years);
		return;
	}
	if (need_no_income && f->has_fixed_income) {
		say(r, "有固定收入，不享受定期生活补助");
		return;
	}
	r->regular_subsidy_rule = 1;
	r->regular_subsidy = r->eligible;
	say(r, "年满 %d 周岁、党龄 %d 年以上%s的农村党员，%s", p->care.regular_subsidy_min_age,
	    p->care.regular_subsidy_min_party_years, need_no_income ? "且无固定收入" : "",
	    r->eligible ? "享受定期生活补助" : "但不符合帮扶条件，不享受定期生活补助");
}

/* ------------------------------------------------------------------ */
/* Tier                                                                */

static void set_tier(const struct policy *p, struct classify_result *r, const char *tier,
		     const char *rule, const char *why)
{
	snprintf(r->tier, sizeof(r->tier), "%s", tier);
	snprintf(r->tier_rule, sizeof(r->tier_rule), "%s", rule);
	say(r, "%s，建议列为%s", why, label_of(&p->tiers, tier));
}

/* The first met condition suggesting tier, or NULL. */
static const struct policy_item *met_with_tier(const struct policy *p,
					       const struct classify_result *r, const char *tier)
{
	for (size_t i = 0; i < r->met.n; i++) {
		const struct policy_item *c = policy_find(&p->conditions, r->met.code[i]);
		if (c && strcmp(c->tier, tier) == 0)
			return c;
	}
	return NULL;
}

/* 1 when every met condition is a passing one (and there is one, or the
 * case is an emergency, itself a sudden event). */
static int only_transient(const struct policy *p, const struct case_facts *f,
			  const struct classify_result *r)
{
	for (size_t i = 0; i < r->met.n; i++) {
		const struct policy_item *c = policy_find(&p->conditions, r->met.code[i]);
		if (!c || strcmp(c->tier, "temporary") != 0)
			return 0;
	}
	return r->met.n > 0 || f->kind == AID_EMERGENCY;
}

static int far_below(const struct policy *p, const struct case_facts *f,
		     const struct classify_result *r)
{
	return f->income_fen >= 0 && r->line_year &&
	       f->income_fen * 100 <
		   r->min_living_fen * f->household_size * p->severe_income_percent;
}

static void tier(const struct policy *p, const struct case_facts *f, struct classify_result *r)
{
	char why[CLASSIFY_EXPLAIN_MAX], pc[MONEY_TEXT_MAX];
	const struct policy_item *c;
	if ((c = met_with_tier(p, r, "severe"))) {
		snprintf(why, sizeof(why), "符合条件“%s”", c->label);
		set_tier(p, r, "severe", CLASSIFY_TIER_SEVERE_CONDITION, why);
	} else if (f->kind == AID_EMERGENCY && f->loss_type == LOSS_DISABILITY_DEATH) {
		set_tier(p, r, "severe", CLASSIFY_TIER_DISABILITY_DEATH,
			 "突发事故导致严重伤残或死亡");
	} else if (!f->able_to_work && !f->has_fixed_income) {
		set_tier(p, r, "severe", CLASSIFY_TIER_NO_LABOUR_INCOME, "无劳动能力且无固定收入");
	} else if (far_below(p, f, r)) {
		money_format(r->per_capita_fen, pc);
		snprintf(why, sizeof(why), "人均年收入 %s，不到 %d 年低保线的 %d%%", pc,
			 r->line_year, p->severe_income_percent);
		set_tier(p, r, "severe", CLASSIFY_TIER_FAR_BELOW, why);
	} else if (only_transient(p, f, r)) {
		set_tier(p, r, "temporary", CLASSIFY_TIER_TRANSIENT,
			 f->kind == AID_EMERGENCY && !r->met.n ? "困难由突发事故造成"
							       : "困难由突发、一时的原因造成");
	} else {
		set_tier(p, r, "moderate", CLASSIFY_TIER_DEFAULT, "没有特别困难或暂时困难的情形");
	}
}

/* ------------------------------------------------------------------ */
/* Amounts                                                             */

/* "1,000" (no unit) for ranges such as "1,000–2,000 元". */
static void yuan(int64_t fen, char out[MONEY_TEXT_MAX])
{
	money_format(fen, out);
	size_t n = strlen(out);
	if (n > 4 && strcmp(out + n - 4, " 元") == 0)
		out[n - 4] = '\0';
}

static void amounts(const struct policy *p, const struct case_facts *f, struct classify_result *r)
{
	struct bf_err e;
	char lo[MONEY_TEXT_MAX], hi[MONEY_TEXT_MAX], sev[MONEY_TEXT_MAX];
	policy_amount_limits(p, f->kind, f->loss_type, &r->limits);
	if (f->amount_fen > 0) {
		r->amount_checked = 1;
		r->amount_verdict = policy_check_amount(p, f->kind, f->loss_type, f->amount_fen,
							f->has_special_approval, &e);
		say(r, "%s", e.message);
		return;
	}
	yuan(r->limits.min_fen, lo);
	yuan(r->limits.max_fen, hi);
	money_format(r->limits.severe_max_fen, sev);
	if (f->kind == AID_YEARLY)
		say(r, "生活困难帮扶标准为每年 %s 元", lo);
	else if (r->limits.department_decides)
		say(r, "“%s”的救助金额由区委组织部研究确定", policy_loss_label(f->loss_type));
	else if (f->loss_type == LOSS_DISABILITY_DEATH)
		say(r, "严重伤残或死亡的救助金额不超过 %s，更多须经区委组织部书面特别批准", sev);
	else
		say(r, "“%s”的救助标准为 %s–%s 元", policy_loss_label(f->loss_type), lo, hi);
}

int classify_case(const struct policy *p, const struct case_facts *f, struct classify_result *r,
		  struct bf_err *e)
{
	memset(r, 0, sizeof(*r));
	r->policy_version = p->version;
	memcpy(r->policy_effective_from, p->effective_from, sizeof(r->policy_effective_from));
	if (check_facts(p, f, e))
		return -1;
	incomes(p, f, r);
	ticked_conditions(p, f, r);
	eligibility(p, f, r);
	category(p, f, r);
	regular_subsidy(p, f, r);
	tier(p, f, r);
	amounts(p, f, r);
	r->computed_eligible = r->eligible;
	memcpy(r->computed_category, r->category, sizeof(r->category));
	memcpy(r->computed_tier, r->tier, sizeof(r->tier));
	return 0;
}

/* ------------------------------------------------------------------ */
/* Overrides                                                           */

void classify_override_init(struct classify_override *o)
{
	memset(o, 0, sizeof(*o));
	o->eligible = -1;
}

int classify_override_check(const struct policy *p, struct classify_override *o, struct bf_err *e)
{
	if (o->category[0] && !policy_has(&p->categories, o->category))
		return err_set(e, EC_INVALID, "category", "未知的帮扶类别“%s”", o->category);
	if (o->tier[0] && !policy_has(&p->tiers, o->tier))
		return err_set(e, EC_INVALID, "tier", "未知的困难档次“%s”", o->tier);
	if (o->eligible < -1 || o->eligible > 1)
		return err_set(e, EC_INVALID, "eligible", "帮扶资格只能是符合或不符合");
	if (!o->category[0] && !o->tier[0] && o->eligible == -1)
		return err_set(e, EC_MISSING, "category", "请选择要改判的类别、档次或帮扶资格");
	text_trim(o->reason);
	if (!o->reason[0])
		return err_set(e, EC_MISSING, "reason", "改判须填写理由");
	if (text_field_at(o->reason, TF_CASE_OVERRIDE_REASON, 1, "reason", e))
		return -1;
	if (text_chars(o->reason) < CLASSIFY_REASON_MIN)
		return err_set(e, EC_INVALID, "reason", "改判理由至少 %d 个字，请写明依据",
			       CLASSIFY_REASON_MIN);
	return 0;
}

/* Appends "；类别由“A”改为“B”" when the value changes. */
static void change_text(char *buf, size_t size, const char *what, const char *from, const char *to)
{
	size_t n = strlen(buf);
	snprintf(buf + n, size - n, "%s%s由“%s”改为“%s”", n ? "；" : "", what, from, to);
}

int classify_apply_override(const struct policy *p, struct classify_result *r,
			    struct classify_override *o, struct bf_err *e)
{
	char changes[CLASSIFY_EXPLAIN_MAX] = "";
	if (classify_override_check(p, o, e))
		return -1;
	if (o->category[0] && strcmp(o->category, r->category) != 0) {
		change_text(changes, sizeof(changes), "类别", label_of(&p->categories, r->category),
			    label_of(&p->categories, o->category));
		snprintf(r->category, sizeof(r->category), "%s", o->category);
		snprintf(r->category_rule, sizeof(r->category_rule), "%s", CLASSIFY_RULE_OVERRIDE);
	}
	if (o->tier[0] && strcmp(o->tier, r->tier) != 0) {
		change_text(changes, sizeof(changes), "档次", label_of(&p->tiers, r->tier),
			    label_of(&p->tiers, o->tier));
		snprintf(r->tier, sizeof(r->tier), "%s", o->tier);
		snprintf(r->tier_rule, sizeof(r->tier_rule), "%s", CLASSIFY_RULE_OVERRIDE);
	}
	if (o->eligible != -1 && o->eligible != r->eligible) {
		change_text(changes, sizeof(changes), "帮扶资格", r->eligible ? "符合" : "不符合",
			    o->eligible ? "符合" : "不符合");
		r->eligible = o->eligible;
	}
	if (!changes[0])
		return err_set(e, EC_INVALID, "category", "所选结果与系统计算结果相同，无需改判");
	r->fixed_subsidy = strcmp(r->category, "care") == 0 && r->eligible;
	r->regular_subsidy = r->regular_subsidy_rule && r->eligible;
	r->overridden = 1;
	snprintf(r->override_reason, sizeof(r->override_reason), "%s", o->reason);
	say(r, "经工作人员改判：%s；理由：%s", changes, o->reason);
	return 0;
}
