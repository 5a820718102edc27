/* limits.h - the limits on what is stored (issue 8 §1): the longest text of
 * every field people type, counted in characters (UTF-8 code points), what
 * characters each may hold, and the largest amount of money in a request.
 * One table (TEXT_LIMITS) for the whole program; the core checks every field
 * against it (core/common/text.c: text_field), docs/API.md prints it ("Limits"), and
 * each buffer holding a field is at least TEXT_BYTES(max) wide, so any text
 * within the limit fits whatever its characters. */
#ifndef BANGFU_LIMITS_H
#define BANGFU_LIMITS_H
#include <stdint.h>

/* What a field may hold besides printable characters.
 * TEXT_LINE: names, titles and other one-line text: no control characters,
 *   no invisible characters (zero-width space/joiner/non-joiner, BOM, soft
 *   hyphen, word joiner, variation selectors …, Unicode's default-ignorable
 *   code points) and no bidirectional marks, embeddings, overrides or
 *   isolates (U+200E/F, U+202A–U+202E, U+2066–U+2069).
 * TEXT_FREE: remarks, reasons, minutes: also newlines and tabs; still no
 *   other control characters and no bidirectional embeddings, overrides or
 *   isolates. */
enum text_kind { TEXT_LINE, TEXT_FREE };

/* Bytes a buffer needs for max characters of UTF-8 and the NUL. */
#define TEXT_BYTES(max) (4 * (max) + 1)

/* X(ID, field, label, max characters, kind) */
#define TEXT_LIMITS(X)                                                                             \
	X(MEMBER_NAME, "name", "姓名", 20, TEXT_LINE)                                              \
	X(MEMBER_ADDRESS, "address", "家庭住址", 100, TEXT_LINE)                                   \
	X(MEMBER_INCOME, "income_sources", "家庭收入来源及金额", 200, TEXT_FREE)                   \
	X(MEMBER_SUBSIDIES, "other_subsidies", "享受其他补贴名称金额", 200, TEXT_FREE)             \
	X(FAMILY_NAME, "family[].name", "家庭成员姓名", 20, TEXT_LINE)                             \
	X(FAMILY_RELATION, "family[].relation", "与本人关系", 10, TEXT_LINE)                       \
	X(FAMILY_OCCUPATION, "family[].occupation", "职业或健康状况", 40, TEXT_LINE)               \
	X(ORG_NAME, "name", "组织名称", 40, TEXT_LINE)                                             \
	X(USER_DISPLAY_NAME, "display_name", "姓名", 20, TEXT_LINE)                                \
	X(ROUND_TITLE, "title", "轮次名称", 40, TEXT_LINE)                                         \
	X(CASE_SITUATION, "situation", "困难状况说明", 500, TEXT_FREE)                             \
	X(CASE_OVERRIDE_REASON, "override.reason", "改判理由", 250, TEXT_FREE)                     \
	X(STEP_REASON, "reason", "原因", 250, TEXT_FREE)                                           \
	X(STEP_INVESTIGATORS, "investigators", "调查人员", 60, TEXT_LINE)                          \
	X(STEP_INVESTIGATION, "investigation", "调查情况", 1000, TEXT_FREE)                        \
	X(STEP_APPRAISAL_MINUTES, "appraisal_minutes", "党员大会会议记录", 1000, TEXT_FREE)        \
	X(STEP_DECISION_MINUTES, "decision_minutes", "支委会会议记录", 1000, TEXT_FREE)            \
	X(STEP_SPECIAL_REASON, "special_reason", "特别审批理由", 250, TEXT_FREE)                   \
	X(STEP_SCREENING_RESULT, "screening_result", "筛查结果", 120, TEXT_FREE)                   \
	X(STEP_OPINION, "opinion", "意见", 250, TEXT_FREE)                                         \
	X(NOTICE_OFFICE, "office", "受理单位", 40, TEXT_LINE)                                      \
	X(NOTICE_OFFICE_PHONE, "office_phone", "受理电话", 30, TEXT_LINE)                          \
	X(OBJECTION_CONTENT, "content", "反映的问题", 500, TEXT_FREE)                              \
	X(OBJECTION_REPORTER, "reporter", "反映人", 30, TEXT_LINE)                                 \
	X(OBJECTION_REASON, "reason", "处理理由", 250, TEXT_FREE)                                  \
	X(ATTACHMENT_NAME, "name", "文件名", 60, TEXT_LINE)                                        \
	X(POLICY_NOTE, "note", "修改说明", 60, TEXT_FREE)                                          \
	X(CALENDAR_NAME, "name", "名称", 15, TEXT_LINE)                                            \
	X(CALENDAR_SOURCE, "source", "依据", 60, TEXT_LINE)                                        \
	X(INCOME_DONOR, "donor", "捐款人", 30, TEXT_LINE)                                          \
	X(LEDGER_MEMO, "memo", "摘要", 60, TEXT_LINE)                                              \
	X(REVERSAL_REASON, "reason", "冲正原因", 60, TEXT_FREE)                                    \
	X(RECEIPT_HANDED_BY, "handed_by", "经手人", 15, TEXT_LINE)                                 \
	X(RECEIPT_NOTE, "note", "备注", 60, TEXT_FREE)                                             \
	X(GIFT_REF, "ref", "走访记录", 15, TEXT_LINE)                                              \
	X(LOAN_PURPOSE, "purpose", "借款用途", 60, TEXT_LINE)                                      \
	X(RECOVERY_FINDING, "finding", "核查认定情况", 250, TEXT_FREE)                             \
	X(WRITE_OFF_REASON, "reason", "核销原因", 120, TEXT_FREE)                                  \
	X(ROLL_HOUSEHOLD, "household", "家庭结构", 100, TEXT_LINE)                                 \
	X(ROLL_INCOME_SOURCES, "income_sources", "收入来源", 200, TEXT_FREE)                       \
	X(ROLL_SUBSIDIES, "subsidies", "享受其他补贴", 200, TEXT_FREE)                             \
	X(ROLL_STATE_OF_MIND, "state_of_mind", "思想动态", 250, TEXT_FREE)                         \
	X(ROLL_NEEDS, "needs", "急需何种帮助", 250, TEXT_FREE)                                     \
	X(ROLL_EXIT_NOTE, "exit_note", "脱困说明", 250, TEXT_FREE)                                 \
	X(ROLL_REASON, "reason", "原因", 250, TEXT_FREE)                                           \
	X(VERIFICATION_TITLE, "title", "核查名称", 40, TEXT_LINE)                                  \
	X(VERIFICATION_NOTES, "notes", "核查情况", 500, TEXT_FREE)                                 \
	X(ROLL_REVIEW_TITLE, "title", "调整名称", 40, TEXT_LINE)                                   \
	X(PAIRING_HELPER_NAME, "helper_name", "帮扶人", 20, TEXT_LINE)                             \
	X(PAIRING_HELPER_POST, "helper_post", "帮扶人职务", 40, TEXT_LINE)                         \
	X(PAIRING_GOAL, "goal", "帮扶目标", 250, TEXT_FREE)                                        \
	X(PAIRING_MEASURES, "measures", "帮扶措施", 500, TEXT_FREE)                                \
	X(PAIRING_PLACE, "place", "帮扶地点", 100, TEXT_LINE)                                      \
	X(PAIRING_MATTER, "matter", "帮扶事项", 250, TEXT_FREE)                                    \
	X(PAIRING_END_NOTE, "end_note", "结束原因", 250, TEXT_FREE)                                \
	X(PAIRING_OUTCOME, "outcome", "帮扶成效", 250, TEXT_FREE)                                  \
	X(HELP_WHAT, "what", "帮扶内容", 500, TEXT_FREE)                                           \
	X(HELP_RESULT, "result", "帮扶结果", 250, TEXT_FREE)                                       \
	X(VISIT_ROUND_TITLE, "title", "走访名称", 40, TEXT_LINE)                                   \
	X(VISIT_VISITORS, "visitors", "走访人员", 60, TEXT_LINE)                                   \
	X(VISIT_FOUND, "found", "走访情况", 250, TEXT_FREE)                                        \
	X(VISIT_GOODS, "goods", "慰问物品", 60, TEXT_LINE)                                         \
	X(TRAINING_TITLE, "title", "培训名称", 100, TEXT_LINE)                                     \
	X(TRAINING_PLACE, "place", "培训地点", 100, TEXT_LINE)                                     \
	X(TRAINING_ORGANISER, "organiser", "组织单位", 100, TEXT_LINE)                             \
	X(TRAINING_TRAINER, "trainer", "授课人", 50, TEXT_LINE)                                    \
	X(TALK_TALKER, "talker_name", "谈话人", 20, TEXT_LINE)                                     \
	X(TALK_NOTE, "note", "谈话记录", 500, TEXT_FREE)                                           \
	X(PLAN_GOAL, "goal", "帮扶目标", 250, TEXT_FREE)                                           \
	X(PLAN_TARGET, "target", "措施目标", 250, TEXT_FREE)                                       \
	X(PLAN_STATUS_NOTE, "note", "进展说明", 250, TEXT_FREE)                                    \
	X(PLAN_PROGRESS_NOTE, "text", "进展记录", 500, TEXT_FREE)                                  \
	X(PLAN_REVIEW_PROGRESS, "progress", "复核进展", 500, TEXT_FREE)                            \
	X(PLAN_NEXT_STEPS, "next_steps", "下一步打算", 500, TEXT_FREE)                             \
	X(GREETING_BY, "greeted_by", "祝福人", 20, TEXT_LINE)                                      \
	X(GREETING_NOTE, "note", "祝福内容", 200, TEXT_FREE)                                       \
	X(CELEBRATION_TITLE, "title", "活动名称", 60, TEXT_LINE)                                   \
	X(CELEBRATION_PLACE, "place", "活动地点", 100, TEXT_LINE)                                  \
	X(CELEBRATION_NOTE, "note", "活动情况", 500, TEXT_FREE)                                    \
	X(COMMENDATION_TITLE, "title", "表彰名称", 40, TEXT_LINE)                                  \
	X(NOMINATION_DEEDS, "deeds", "主要事迹", 1500, TEXT_FREE)                                  \
	X(NOMINATION_OPINION, "opinion", "审核意见", 250, TEXT_FREE)

#define TEXT_LIMIT_ID(id, field, label, max, kind) TF_##id,
enum text_field { TEXT_LIMITS(TEXT_LIMIT_ID) TF_COUNT };
#undef TEXT_LIMIT_ID
#define TEXT_LIMIT_MAX(id, field, label, max, kind) TF_##id##_MAX = (max),
enum { TEXT_LIMITS(TEXT_LIMIT_MAX) };
#undef TEXT_LIMIT_MAX

struct text_limit {
	const char *id;	   /* "MEMBER_NAME" */
	const char *field; /* the API field ("family[].name": one per row) */
	const char *label; /* Chinese, for messages */
	unsigned max;	   /* characters */
	enum text_kind kind;
};
extern const struct text_limit text_limits[TF_COUNT];

/* Fails to compile when buffer member of struct type cannot hold field id. */
#define TEXT_FITS(type, member, id)                                                                \
	_Static_assert(sizeof(((type *)0)->member) >= TEXT_BYTES(TF_##id##_MAX),                   \
		       #type "." #member " is narrower than the limit " #id)

/* The largest amount of money a request may carry: 10^10 fen (100 million
 * yuan), far above any aid, gift, loan or income, and far below where sums of
 * many amounts could overflow. */
#define MONEY_MAX_FEN INT64_C(10000000000)

/* Money dates (the day the money moved) are from this day on and not after
 * the server's today (and not before the record they belong to). */
#define MONEY_DATE_MIN "2000-01-01"

#endif
