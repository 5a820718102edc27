/* policy.h - the rules of DOMAIN.md §2–§3 as data: amounts, deadlines, the
 * poverty and minimum-living lines per year, the hardship conditions and
 * exclusions, tiers, categories, causes, the care rule and the cost sharing.
 *
 * The department edits a policy in the console as a JSON document; every
 * version carries a version number and the date it takes effect, and every
 * decision records the version it was taken under, so a struct policy always
 * travels with both.  data/policy-default.json is compiled into the binary
 * (scripts/embed-text.py) as the shipped default.  Field by field in
 * docs/internals/policy.md.
 *
 * A plain struct of fixed arrays (no heap): copy it, keep it in a cache, hand
 * it to classify_case() (classify.h).  It is large (about 50 KiB): keep it
 * off small thread stacks. */
#ifndef BANGFU_POLICY_H
#define BANGFU_POLICY_H
#include <stddef.h>
#include <stdint.h>
#include "err.h"
#include "limits.h"
#include "strbuf.h"

/* The shortest public notice any version may set: 3 days in one locality,
 * at least 5 in another (§3 step 6), so 3 is the floor and 5 the default. */
#define POLICY_MIN_NOTICE_DAYS 3

#define POLICY_CODE_MAX 32 /* [a-z][a-z0-9_]*, NUL included */
/* Texts people read, in characters (limits.h; the parser checks them as
 * (buffer - 1) / 4): a label, an item's description, _comment, source. */
#define POLICY_LABEL_MAX   TEXT_BYTES(31)
#define POLICY_DESC_MAX	   TEXT_BYTES(85)
#define POLICY_HINT_MAX	   16 /* a code of another list, or a keyword */
#define POLICY_MAX_ITEMS   16 /* per checklist */
#define POLICY_MAX_LINES   64 /* years of poverty / minimum-living lines */
#define POLICY_MAX_SHARES  4  /* one per organisation level */
#define POLICY_NOTE_MAX	   256
#define POLICY_COMMENT_MAX TEXT_BYTES(341)
#define POLICY_SOURCE_MAX  TEXT_BYTES(682)

/* The two kinds of aid (§3).  Codes "yearly" and "emergency". */
enum aid_kind {
	AID_YEARLY = 1,
	AID_EMERGENCY = 2,
};

/* What happened, for emergency relief (§3, seeds/004 三(二)).  Codes
 * "major_loss", "sudden_illness", "disability_death", "other". */
enum loss_type {
	LOSS_NONE = 0,
	LOSS_MAJOR_LOSS,     /* 突发性重大事故造成财产重大损失: the standard range */
	LOSS_SUDDEN_ILLNESS, /* 突发性重大疾病急需救助: the standard range */
	LOSS_DISABILITY_DEATH, /* 重大事故导致严重伤残或死亡: up to the severe maximum */
	LOSS_OTHER,	       /* 其他特殊困难: the department sets the amount */
};

/* One entry of a checklist.  Only some lists use the hints:
 *   conditions: income_line "poverty_line" / "min_living" marks a condition
 *               computed from the household's income (ticking it is then
 *               checked against the line); tier "severe" / "temporary" is
 *               the tier the condition suggests ("" = moderate);
 *   causes:     category "relief" / "capacity" the cause leans to ("" none). */
struct policy_item {
	char code[POLICY_CODE_MAX];
	char label[POLICY_LABEL_MAX];
	char description[POLICY_DESC_MAX]; /* "" when none */
	char income_line[POLICY_HINT_MAX];
	char tier[POLICY_HINT_MAX];
	char category[POLICY_HINT_MAX];
};

struct policy_list {
	size_t n;
	struct policy_item item[POLICY_MAX_ITEMS];
};

/* Per-capita annual net income lines of one year, in fen. */
struct policy_line {
	int year;
	int64_t poverty_line_fen; /* 国家扶贫标准 */
	int64_t min_living_fen;	  /* 本地最低生活保障标准 (低保线) */
};

/* Who pays what share of an aid (§7), in basis points (7000 = 70%). */
struct policy_share {
	char level[POLICY_HINT_MAX]; /* an org kind: committee, general_branch ... */
	char label[POLICY_LABEL_MAX];
	int share_bp;
};

struct policy {
	int version;			  /* 1, 2, 3 ... */
	char effective_from[11];	  /* YYYY-MM-DD: in force from this day on */
	char comment[POLICY_COMMENT_MAX]; /* "_comment" in JSON */
	char source[POLICY_SOURCE_MAX];	  /* where the figures come from */

	int64_t yearly_amount_fen;	  /* 生活困难帮扶: 600 yuan */
	int64_t emergency_min_fen;	  /* standard range: 1000 ... */
	int64_t emergency_max_fen;	  /* ... 2000 yuan */
	int64_t emergency_severe_max_fen; /* disability or death: up to 3000 */

	int notice_working_days;    /* 公示期, >= POLICY_MIN_NOTICE_DAYS */
	int yearly_round_days;	    /* notice to money in hand, calendar days */
	int emergency_level_days;   /* each level answers within, calendar days */
	int screening_working_days; /* approved list into the relief system */

	size_t nlines;
	struct policy_line lines[POLICY_MAX_LINES]; /* ascending years, unique */

	struct policy_list conditions; /* 困难条件: any one qualifies */
	struct policy_list exclusions; /* 排除情形: any one blocks */
	struct policy_list tiers;      /* exactly severe, moderate, temporary */
	struct policy_list categories; /* exactly capacity, relief, care */
	struct policy_list causes;     /* 致困原因 */

	struct {
		char household_type[16]; /* the rural household type: 农业 */
		int min_age;		 /* rural and this old: care, fixed subsidy */
		int regular_subsidy_min_age;
		int regular_subsidy_min_party_years;
		int regular_subsidy_requires_no_fixed_income; /* 0 / 1 */
	} care;

	int old_age;		   /* this old: poor through age (因老), relief */
	int severe_income_percent; /* per-capita income under this % of the
				      minimum-living line suggests severe */

	size_t nshares;
	struct policy_share shares[POLICY_MAX_SHARES]; /* sum 10000 bp */

	/* "advance_allowed" (optional, default false): a level may pay before
	 * the upper level's money is in its fund; the shortfall is booked as
	 * an advance owed by the upper level (ledger.h, LEDGER_ALLOW_ADVANCE). */
	int advance_allowed;
};

/* Zeroes p (an empty, invalid policy). */
void policy_init(struct policy *p);

/* Reads a policy document (len bytes of UTF-8 JSON), then validates it as
 * policy_validate() does.  Every field is required except "_comment",
 * "source" and the items' "description" and hints; unknown fields are
 * refused (a typo in the console must not pass silently), other keys
 * starting with '_' are ignored.  On error p is undefined and e names the
 * field as a JSON path ("notice_working_days", "conditions[2].code",
 * "care.min_age") with a Chinese message. */
int policy_parse(const char *json, size_t len, struct policy *p, struct bf_err *e);

/* Checks every range and cross-reference, and sorts the lines by year. */
int policy_validate(struct policy *p, struct bf_err *e);

/* Appends p as a JSON document (2-space indent, the same field order as
 * data/policy-default.json) to out.  policy_parse() reads it back equal. */
void policy_to_json(const struct policy *p, struct strbuf *out);

/* The shipped default, parsed once (thread-safe).  A default that does not
 * parse is a build defect: BUG(). */
const struct policy *policy_default(void);
/* The embedded text of data/policy-default.json. */
const char *policy_default_text(void);

/* Among n versions, the one in force on date (YYYY-MM-DD): the latest
 * effective_from not after date, the higher version on a tie.  NULL when
 * none is in force yet. */
const struct policy *policy_pick(const struct policy *const *versions, size_t n, const char *date);

/* --- lookups --- */
const struct policy_item *policy_find(const struct policy_list *l, const char *code);
/* The label of code, NULL when the list has no such code. */
const char *policy_label(const struct policy_list *l, const char *code);
int policy_has(const struct policy_list *l, const char *code);
/* The lines for year: 0 when set for that year; 1 when taken from the latest
 * earlier year (note says so in Chinese); -1 when no year up to it is set
 * (note says so, *out zeroed).  note may be NULL. */
int policy_line_for_year(const struct policy *p, int year, struct policy_line *out,
			 char note[POLICY_NOTE_MAX]);

/* --- kinds and loss types: codes and Chinese labels --- */
const char *policy_kind_code(enum aid_kind k);	/* "" when invalid */
const char *policy_kind_label(enum aid_kind k); /* 生活困难帮扶 / 突发事故救助 */
int policy_kind_parse(const char *code, enum aid_kind *out);
const char *policy_loss_code(enum loss_type t); /* "" for LOSS_NONE */
const char *policy_loss_label(enum loss_type t);
int policy_loss_parse(const char *code, enum loss_type *out); /* "" → LOSS_NONE */

/* --- amounts --- */
/* The amounts that apply to a kind and loss type. */
struct policy_limits {
	int64_t min_fen;	   /* the standard range; yearly: the amount */
	int64_t max_fen;	   /* (0, 0 when the department decides) */
	int64_t emergency_max_fen; /* emergencies: the standard maximum ... */
	int64_t severe_max_fen;	   /* ... and the one for disability or death */
	int department_decides;	   /* LOSS_OTHER: every amount is a special approval */
};
void policy_amount_limits(const struct policy *p, enum aid_kind k, enum loss_type t,
			  struct policy_limits *out);

enum amount_verdict {
	AMOUNT_OK = 0,		   /* within the standard, or specially approved */
	AMOUNT_NEEDS_APPROVAL = 1, /* allowed only with the department's written approval */
	AMOUNT_REFUSED = 2,	   /* never: zero or negative, kind or loss type missing */
};
/* Checks a proposed amount.  e always gets a Chinese sentence: code EC_OK
 * for AMOUNT_OK (what standard it meets), EC_INVALID with field
 * "amount_fen" (or "kind" / "loss_type") otherwise.  With
 * has_special_approval an amount that needs approval is AMOUNT_OK. */
enum amount_verdict policy_check_amount(const struct policy *p, enum aid_kind k, enum loss_type t,
					int64_t amount_fen, int has_special_approval,
					struct bf_err *e);

/* --- a set of ticked codes (conditions, exclusions, causes of a case) --- */
struct policy_codes {
	size_t n;
	char code[POLICY_MAX_ITEMS][POLICY_CODE_MAX];
};
/* Adds code once; -1 when it is too long or the set is full. */
int policy_codes_add(struct policy_codes *s, const char *code);
int policy_codes_has(const struct policy_codes *s, const char *code);

#endif
