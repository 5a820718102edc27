/* pdf.h - the printed documents of the aid procedure (DOMAIN.md §3), laid
 * out like the department's own forms (shared/seeds/004_*: 附件1 申请表,
 * 附件2 救助申请表, 附件3 公示; seeds/000_*: 信息登记表) on A4 with a CJK
 * font, through cairo + pango.  The renderer knows nothing of the store: the
 * caller fills these plain structs (borrowed strings, NULL or "" = blank, so a
 * zeroed struct prints an empty form to fill by hand; only the registration's
 * incomes, where 0 is a real income, need -1 for blank) and decides what is
 * masked (ID, phone) before it gets here.  The struct pointers must not be
 * NULL; a count with a NULL array is a bug (BUG()).
 *
 * Dates are given as the store keeps them ("YYYY-MM-DD", or anything
 * date_parse() reads) and printed the Chinese way ("1950年3月",
 * "2024年12月5日"); text that is not a date is printed as given.
 *
 * Each pdf_* writer is all-or-nothing: it writes a temporary file beside
 * `path` and renames it over `path` only when the whole PDF is written, so a
 * failure leaves no file (and an existing file untouched).  Returns 0, or -1
 * with e filled (Chinese message; field "out" for a path that cannot be
 * written).  Safe to call from several threads at once.
 * Layout, fonts and page breaks: docs/internals/documents.md. */
#ifndef BANGFU_PDF_H
#define BANGFU_PDF_H
#include <stddef.h>
#include <stdint.h>
#include "err.h"

enum pdf_kind {
	PDF_YEARLY,	  /* 生活困难党员帮扶 (附件1) */
	PDF_EMERGENCY,	  /* 遭受突发事故党员救助 (附件2) */
	PDF_COMMENDATION, /* 表彰: the notice of the recommended list (pdf_notice only) */
};

/* The member as the application form (§1) lists them. */
struct pdf_person {
	const char *name;
	const char *gender;
	const char *ethnicity;
	const char *joined_on;	/* 入党时间, printed "1975年7月" */
	const char *birth_date; /* 出生年月, printed "1950年3月" */
	const char *household_type;
	int household_size; /* 家庭人口, 0 = blank */
	const char *phone;  /* as given: the caller masks or not */
	const char *address;
	const char *id_number; /* as given: the caller masks or not */
	const char *income_sources;
	const char *other_subsidies;
	const char *education;	 /* 文化程度 (registration form only) */
	const char *member_type; /* 人员类别 (registration form only) */
};

/* 附件1 (yearly) or 附件2 (emergency).  Amounts in fen, 0 = left blank to be
 * filled by hand; each printed amount comes with its 大写 form. */
struct pdf_application {
	enum pdf_kind kind;
	const char *date; /* the date line under the title */
	struct pdf_person person;
	const char *situation;	 /* 家庭困难状况说明 / 突发意外损失情况说明 */
	const char *branch_name; /* 党支部, printed at its stamp place */
	const char *branch_opinion;
	int64_t branch_fen; /* 拟救助金额 (emergency); printed for yearly aid if set */
	const char *branch_date;
	const char *committee_name; /* 党（工）委 */
	const char *committee_opinion;
	int64_t committee_fen; /* 建议救助金额 */
	const char *committee_date;
	const char *department_name; /* 区委组织部, e.g. "历城区委组织部" */
	int64_t approved_fen;	     /* 发放帮扶金金额 / 批复救助金额 */
	const char *approved_date;
};

int pdf_application(const struct pdf_application *a, const char *path, struct bf_err *e);

/* One line of the public notice. */
struct pdf_notice_row {
	const char *name;
	const char *gender;
	const char *birth_date; /* printed "1950年3月" */
	const char *joined_on;	/* printed "1975年7月" */
	const char *cause;	/* 困难原因: a short summary */
	int64_t amount_fen;	/* 拟帮扶金额; the column shows when any row has one */
};

/* 附件3: the notice posted in the branch during the notice period. */
struct pdf_notice {
	enum pdf_kind kind;
	const char *org_name; /* the village or branch: "…现将{org_name}生活困难党员…";
			       * PDF_COMMENDATION: the round's title */
	/* "根据{basis}，" opens the preamble (NULL: the seed's "区委组织部《关于
	 * 建立阳光民生困难党员帮扶工作机制的意见》"; "" leaves the clause out). */
	const char *basis;
	/* The steps already done, "经{procedure}，" (NULL: the seed's "个人申请，
	 * 党支部、党（工）委把关审核，区委组织部复核"; "" leaves it out). */
	const char *procedure;
	const char *starts_on;
	const char *ends_on;
	int working_days;   /* printed "（5个工作日）"; 0 leaves it out */
	const char *office; /* the receiving office (受理单位) */
	const char *office_phone;
	const struct pdf_notice_row *rows;
	size_t nrows;
	const char *issuer; /* bottom right, above the date */
	const char *issued_on;
};

int pdf_notice(const struct pdf_notice *n, const char *path, struct bf_err *e);

/* One honour of the list: the honour's name, who (a member or an
 * organisation), where, and the deeds in short. */
struct pdf_honour_row {
	const char *honour;
	const char *name;
	const char *org_name;
	const char *committee_name;
	const char *deeds;
};

/* 表彰名单: the department's list of the honours of a round (title, year,
 * the day approved), grouped by honour in the order given. */
struct pdf_honours {
	const char *title;
	const char *issuer; /* the department */
	const char *approved_on;
	const struct pdf_honour_row *rows;
	size_t nrows;
};

int pdf_honours(const struct pdf_honours *h, const char *path, struct bf_err *e);

struct pdf_family_member {
	const char *name;
	const char *relation;
	int birth_year;		/* 0 = blank */
	const char *occupation; /* occupation or health */
};

/* A ticked or unticked option (causes of hardship from the policy). */
struct pdf_choice {
	const char *label;
	int checked;
};

/* 困难党员信息登记表 (seeds/000: filled by the branch after the notice,
 * stamped, reported to the committee and filed by the department). */
struct pdf_registration {
	const char *district;	 /* title prefix, e.g. "历城区" ("" none) */
	const char *branch_name; /* 填报单位 */
	const char *date;	 /* 填表日期 */
	struct pdf_person person;
	const struct pdf_family_member *family;
	size_t nfamily;
	/* Category and tier: the code (capacity/relief/care,
	 * severe/moderate/temporary) or the Chinese name; NULL none ticked. */
	const char *category;
	const char *tier;
	/* 致困原因; NULL: the default list of DOMAIN.md §2, none ticked. */
	const struct pdf_choice *causes;
	size_t ncauses;
	int64_t income_fen;	/* household yearly income, < 0 = blank */
	int64_t per_capita_fen; /* < 0 = blank */
	const char *conditions; /* the hardship conditions met (认定条件) */
	const char *situation;	/* 家庭困难状况 */
	const char *measures;	/* 帮扶措施 (help plan, pairing) */
	const char *branch_opinion;
	const char *branch_date;
	const char *committee_name;
	const char *committee_opinion;
	const char *committee_date;
	const char *department_name;
	const char *department_opinion; /* 备案意见 */
	const char *department_date;
};

int pdf_registration(const struct pdf_registration *r, const char *path, struct bf_err *e);

/* A case on a notice and how the notice ended for it (公示结果报告). */
struct pdf_report_row {
	const char *name;
	const char *gender;
	int64_t amount_fen; /* 拟帮扶金额, 0 blank */
	const char *result; /* "公示无异议", "异议不成立", "异议成立，已退回" … */
};

/* An objection received during the notice and its handling. */
struct pdf_objection_row {
	const char *received_on;
	const char *channel; /* 电话 / 来信 / 当面反映 */
	const char *about;   /* the member concerned, or 全体公示对象 */
	const char *content;
	const char *outcome; /* "" still open */
	const char *reason;
};

/* 公示结果报告 (the fifth item of the dossier, §3 step 7): the branch tells
 * its committee how the notice went — period, place, the cases listed and
 * each one's result, the objections received and how each was handled. */
struct pdf_notice_report {
	enum pdf_kind kind;
	const char *org_name;  /* the branch that posted the notice */
	const char *addressee; /* the committee it reports to ("" none) */
	const char *starts_on;
	const char *ends_on;
	int working_days;
	const char *office; /* where objections were received */
	const char *office_phone;
	int closed; /* the notice was closed: the period is over and the result final */
	const struct pdf_report_row *rows;
	size_t nrows;
	const struct pdf_objection_row *objections;
	size_t nobjections;
	const char *issued_on; /* under the stamp; NULL/"" blank */
};

int pdf_notice_report(const struct pdf_notice_report *r, const char *path, struct bf_err *e);

/* One member on a sign-off sheet. */
struct pdf_signoff_row {
	const char *name;
	const char *org_name;  /* the branch */
	const char *id_number; /* masked by the caller */
	int64_t amount_fen;
};

/* 发放签收表 (§3 step 11): printed before the money is handed over; each
 * member signs or thumb-prints and dates their line, the people handing
 * it over sign at the bottom. */
struct pdf_signoff {
	const char *payer;     /* the organisation paying out (盖章) */
	const char *reference; /* the batch, e.g. 资金拨付第 3 批 */
	const char *paid_on;   /* the day the money moved */
	const char *memo;
	const struct pdf_signoff_row *rows;
	size_t nrows;
};

int pdf_signoff(const struct pdf_signoff *s, const char *path, struct bf_err *e);

/* One line of a member's file: a day, the kind (结对帮扶 …), what happened
 * (建立结对帮扶 …), the record's own words and money given, 0 none. */
struct pdf_file_row {
	const char *day;
	const char *kind;
	const char *what;
	const char *text;
	int64_t amount_fen;
};

/* 一人一档 (issue #12): a member's file — who they are (masked ID and phone,
 * as the caller gives them) and everything the organisation did with and
 * for them, newest first. */
struct pdf_member_file {
	struct pdf_person person;
	const char *org_name;
	const char *status; /* 人员状态 */
	const struct pdf_file_row *rows;
	size_t nrows;
	const char *printed_by; /* who printed it, under the table */
	const char *printed_on;
};

int pdf_member_file(const struct pdf_member_file *f, const char *path, struct bf_err *e);

/* The Chinese capital form (大写) of an amount, as cheques and the
 * department's forms write it: 60000 -> "陆佰元整", 100050 -> "壹仟元零伍角整",
 * 5 -> "伍分", 0 -> "零元整".  Without the "人民币" prefix.  out needs
 * PDF_CAPITAL_MAX bytes.  Returns 0, or -1 for a negative amount or one of a
 * trillion yuan or more (out then ""). */
#define PDF_CAPITAL_MAX 256
int pdf_amount_capital(int64_t fen, char out[PDF_CAPITAL_MAX]);

#endif
