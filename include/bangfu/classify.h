/* classify.h - who counts as in hardship and how (DOMAIN.md §2): from the
 * facts of a case and a policy (policy.h), the engine computes eligibility
 * (which condition is met, which exclusion blocks), the ledger category
 * (capacity / relief / care) with the rule that decided it, a tier
 * suggestion, the care subsidies, the amounts that apply, and explains all
 * of it in Chinese sentences a township worker can read.  A worker may
 * override category, tier or eligibility with a written reason.
 *
 * Pure computation: no database, no clock (age and party years come in as
 * facts), no heap.  Rules and their sources: docs/internals/policy.md. */
#ifndef BANGFU_CLASSIFY_H
#define BANGFU_CLASSIFY_H
#include <stdint.h>
#include "err.h"
#include "policy.h"

#define CLASSIFY_MAX_EXPLAIN 24
#define CLASSIFY_EXPLAIN_MAX 640 /* bytes per sentence, NUL included */
#define CLASSIFY_RULE_MAX    24
#define CLASSIFY_REASON_MAX  1024
#define CLASSIFY_REASON_MIN  5 /* characters (not bytes) of an override's reason */

/* The facts of one case, as the investigation (调查摸底) found them. */
struct case_facts {
	enum aid_kind kind;
	enum loss_type loss_type;	/* emergencies: required; ignored for yearly aid */
	int year;			/* the year decided for: selects the income lines */
	int age;			/* whole years on the decision date; -1 unknown */
	int party_years;		/* -1 unknown */
	char household_type[16];	/* 户口类别: 农业 / 非农业; "" unknown */
	int able_to_work;		/* labour capacity: 1 yes, 0 no */
	int has_fixed_income;		/* a pension, wage or other regular income */
	int household_size;		/* persons, 1..30; needed with the income */
	int64_t income_fen;		/* household annual net income; -1 unknown */
	struct policy_codes conditions; /* ticked by the worker (codes of the policy) */
	struct policy_codes exclusions;
	struct policy_codes causes;
	int64_t amount_fen;	  /* proposed amount (拟救助金额), 0 none */
	int has_special_approval; /* the department's written special approval */
};

/* Yearly aid, everything unknown (-1), nothing ticked, able to work. */
void classify_facts_init(struct case_facts *f);

struct classify_result {
	int policy_version; /* the version the result was computed under */
	char policy_effective_from[11];

	int eligible;			       /* 1: may be aided */
	struct policy_codes met;	       /* conditions met: ticked, or computed from income */
	struct policy_codes blocking;	       /* exclusions that block */
	char category[POLICY_HINT_MAX];	       /* capacity / relief / care */
	char category_rule[CLASSIFY_RULE_MAX]; /* see CLASSIFY_RULE_* below */
	char tier[POLICY_HINT_MAX];	       /* severe / moderate / temporary */
	char tier_rule[CLASSIFY_RULE_MAX];
	/* The subsidies are paid only to eligible members: each flag is its
	 * rule's match and eligibility (recomputed after an override). */
	int fixed_subsidy;	  /* 定补 of the care category (seeds/000) */
	int regular_subsidy;	  /* 定期生活补助 (seeds/002) */
	int regular_subsidy_rule; /* the age, party years and income rule matched */

	int64_t per_capita_fen; /* household income / size, rounded down; -1 unknown */
	int line_year;		/* year of the lines used, 0 none */
	int64_t poverty_line_fen;
	int64_t min_living_fen;

	struct policy_limits limits;	    /* amounts for this kind and loss type */
	int amount_checked;		    /* a proposed amount was given ... */
	enum amount_verdict amount_verdict; /* ... and this is its verdict */

	/* What the engine computed, kept when a worker overrides. */
	int computed_eligible;
	char computed_category[POLICY_HINT_MAX];
	char computed_tier[POLICY_HINT_MAX];
	int overridden;
	char override_reason[CLASSIFY_REASON_MAX];

	size_t nexplain;
	char explain[CLASSIFY_MAX_EXPLAIN][CLASSIFY_EXPLAIN_MAX];
};

/* Category rules, first match wins (stored with a decision). */
#define CLASSIFY_RULE_CARE_AGE	     "care_age"	      /* rural and care.min_age+ */
#define CLASSIFY_RULE_NO_LABOUR	     "no_labour"      /* cannot work */
#define CLASSIFY_RULE_OLD_AGE	     "old_age"	      /* old_age+ (因老) */
#define CLASSIFY_RULE_RELIEF_CAUSE   "relief_cause"   /* a cause leaning to relief */
#define CLASSIFY_RULE_CAPACITY_CAUSE "capacity_cause" /* able, a cause leaning to capacity */
#define CLASSIFY_RULE_ABLE_BODIED    "able_bodied"    /* able to work, not old */
/* Tier rules. */
#define CLASSIFY_TIER_SEVERE_CONDITION "severe_condition" /* e.g. 三无对象 */
#define CLASSIFY_TIER_DISABILITY_DEATH "disability_death"
#define CLASSIFY_TIER_NO_LABOUR_INCOME "no_labour_no_income"
#define CLASSIFY_TIER_FAR_BELOW	       "far_below_line" /* under severe_income_percent */
#define CLASSIFY_TIER_TRANSIENT	       "transient"	/* only sudden / passing causes */
#define CLASSIFY_TIER_DEFAULT	       "default"	/* moderate */
#define CLASSIFY_RULE_OVERRIDE	       "override"	/* a worker decided */

/* Computes everything.  -1 (e names the field) when the facts are not
 * usable: an unknown code, an emergency without loss type, a household
 * size out of range, a negative income.  Never fails on missing facts:
 * unknown age or income only leave rules unapplied, and say so. */
int classify_case(const struct policy *p, const struct case_facts *f, struct classify_result *out,
		  struct bf_err *e);

/* A worker's decision against the computed one. */
struct classify_override {
	char category[POLICY_HINT_MAX]; /* "" keeps the computed category */
	char tier[POLICY_HINT_MAX];	/* "" keeps the computed tier */
	int eligible;			/* -1 keeps, 0 / 1 decides */
	char reason[CLASSIFY_REASON_MAX];
};
void classify_override_init(struct classify_override *o);
/* Checks codes against the policy and that something changes with a reason
 * of at least CLASSIFY_REASON_MIN characters (trimmed in place). */
int classify_override_check(const struct policy *p, struct classify_override *o, struct bf_err *e);
/* Checks, then applies o to r: the final values change, the computed ones
 * stay, rules become CLASSIFY_RULE_OVERRIDE, and a sentence records it. */
int classify_apply_override(const struct policy *p, struct classify_result *r,
			    struct classify_override *o, struct bf_err *e);

#endif
