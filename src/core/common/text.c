/* text.c - trimming, measuring and checking UTF-8 input (see text.h), and
 * the table of text limits (limits.h). */
#include <inttypes.h>
#include <stdint.h>
#include <string.h>
#include "cases.h"
#include "fund.h"
#include "text.h"
#include "utf8.h"

#define TEXT_LIMIT_ROW(id, f, l, m, k) [TF_##id] = {#id, f, l, m, k},
const struct text_limit text_limits[TF_COUNT] = {TEXT_LIMITS(TEXT_LIMIT_ROW)};
#undef TEXT_LIMIT_ROW

/* Every buffer a field is read into holds its longest text. */
TEXT_FITS(struct member, name, MEMBER_NAME);
TEXT_FITS(struct member, address, MEMBER_ADDRESS);
TEXT_FITS(struct member, income_sources, MEMBER_INCOME);
TEXT_FITS(struct member, other_subsidies, MEMBER_SUBSIDIES);
TEXT_FITS(struct family_member, name, FAMILY_NAME);
TEXT_FITS(struct family_member, relation, FAMILY_RELATION);
TEXT_FITS(struct family_member, occupation, FAMILY_OCCUPATION);
TEXT_FITS(struct org, name, ORG_NAME);
TEXT_FITS(struct user, display_name, USER_DISPLAY_NAME);
TEXT_FITS(struct aid_round, title, ROUND_TITLE);
TEXT_FITS(struct case_input, situation, CASE_SITUATION);
TEXT_FITS(struct classify_override, reason, CASE_OVERRIDE_REASON);
TEXT_FITS(struct case_step_input, reason, STEP_REASON);
TEXT_FITS(struct case_step_input, investigators, STEP_INVESTIGATORS);
TEXT_FITS(struct case_step_input, investigation, STEP_INVESTIGATION);
TEXT_FITS(struct case_step_input, appraisal_minutes, STEP_APPRAISAL_MINUTES);
TEXT_FITS(struct case_step_input, decision_minutes, STEP_DECISION_MINUTES);
TEXT_FITS(struct case_step_input, special_reason, STEP_SPECIAL_REASON);
TEXT_FITS(struct case_step_input, screening_result, STEP_SCREENING_RESULT);
TEXT_FITS(struct case_step_input, office, NOTICE_OFFICE);
TEXT_FITS(struct case_step_input, office_phone, NOTICE_OFFICE_PHONE);
TEXT_FITS(struct case_notice_input, office, NOTICE_OFFICE);
TEXT_FITS(struct case_notice_input, office_phone, NOTICE_OFFICE_PHONE);
TEXT_FITS(struct notice, office, NOTICE_OFFICE);
TEXT_FITS(struct notice, office_phone, NOTICE_OFFICE_PHONE);
TEXT_FITS(struct objection, content, OBJECTION_CONTENT);
TEXT_FITS(struct objection, reporter, OBJECTION_REPORTER);
TEXT_FITS(struct objection, reason, OBJECTION_REASON);
TEXT_FITS(struct attachment, name, ATTACHMENT_NAME);
TEXT_FITS(struct policy_row, note, POLICY_NOTE);
TEXT_FITS(struct calendar_edit, name, CALENDAR_NAME);
TEXT_FITS(struct calendar_year, source, CALENDAR_SOURCE);
TEXT_FITS(struct ledger_income, donor, INCOME_DONOR);
TEXT_FITS(struct ledger_income, memo, LEDGER_MEMO);
TEXT_FITS(struct pay_batch_input, memo, LEDGER_MEMO);
TEXT_FITS(struct pay_receipt_input, handed_by, RECEIPT_HANDED_BY);
TEXT_FITS(struct pay_receipt_input, note, RECEIPT_NOTE);
TEXT_FITS(struct pay_gift, memo, LEDGER_MEMO);
TEXT_FITS(struct pay_gift, ref, GIFT_REF);
TEXT_FITS(struct loan_input, purpose, LOAN_PURPOSE);
TEXT_FITS(struct recovery, finding, RECOVERY_FINDING);
TEXT_FITS(struct recovery, write_off_reason, WRITE_OFF_REASON);
/* A reversal's memo is "冲正：" and its reason. */
_Static_assert(LEDGER_MEMO_MAX >= TEXT_BYTES(TF_REVERSAL_REASON_MAX) + 9, "reversal memo");

static size_t lead_space(const char *s)
{
	if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		return 1;
	if ((unsigned char)s[0] == 0xE3 && (unsigned char)s[1] == 0x80 &&
	    (unsigned char)s[2] == 0x80)
		return 3;
	return 0;
}

void text_trim(char *s)
{
	size_t skip = 0, k;
	while ((k = lead_space(s + skip)) > 0)
		skip += k;
	if (skip)
		memmove(s, s + skip, strlen(s + skip) + 1);
	size_t n = strlen(s);
	for (;;) {
		if (n > 0 &&
		    (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
			n--;
		else if (n >= 3 && (unsigned char)s[n - 3] == 0xE3 &&
			 (unsigned char)s[n - 2] == 0x80 && (unsigned char)s[n - 1] == 0x80)
			n -= 3;
		else
			break;
	}
	s[n] = '\0';
}

size_t text_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* The code point of the len-byte character at p (valid: utf8_char_len). */
static uint32_t decode(const unsigned char *p, size_t len)
{
	uint32_t v = len == 1 ? p[0] : p[0] & (0x7F >> len);
	for (size_t i = 1; i < len; i++)
		v = v << 6 | (p[i] & 0x3F);
	return v;
}

/* Bidirectional embeddings, overrides and isolates (LRE … RLO, LRI … PDI). */
static int bidi_control(uint32_t c)
{
	return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

/* Unicode's Default_Ignorable_Code_Point: drawn as nothing (BOM, zero-width
 * space/joiner/non-joiner, soft hyphen, word joiner, variation selectors,
 * Hangul fillers, tags …), with the bidirectional marks U+200E/F.  The
 * ideographic variation selectors (U+E0100–U+E01EF) stay: they pick the
 * glyph of the character before, as some rare characters of names need. */
static int invisible(uint32_t c)
{
	static const uint32_t ranges[][2] = {
	    {0x00AD, 0x00AD},	{0x034F, 0x034F},   {0x061C, 0x061C},	{0x115F, 0x1160},
	    {0x17B4, 0x17B5},	{0x180B, 0x180F},   {0x200B, 0x200F},	{0x2060, 0x206F},
	    {0x3164, 0x3164},	{0xFE00, 0xFE0F},   {0xFEFF, 0xFEFF},	{0xFFA0, 0xFFA0},
	    {0xFFF0, 0xFFF8},	{0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A}, {0xE0000, 0xE00FF},
	    {0xE01F0, 0xE0FFF},
	};
	for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
		if (c >= ranges[i][0] && c <= ranges[i][1])
			return 1;
	return 0;
}

/* Controls (C0, DEL, C1), the line and paragraph separators and the
 * noncharacters. */
static int control(uint32_t c)
{
	return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029 ||
	       (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
}

enum text_fault text_scan(const char *s, enum text_kind kind, uint32_t *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t left = strlen(s);
	while (left) {
		size_t len = utf8_char_len((const char *)p, left);
		if (!len)
			return TEXT_BAD_UTF8;
		uint32_t c = decode(p, len);
		*bad = c;
		if (c == '\n' || c == '\r' || c == '\t') {
			if (kind == TEXT_LINE)
				return TEXT_BAD_NEWLINE;
		} else if (control(c)) {
			return TEXT_BAD_CONTROL;
		} else if (bidi_control(c)) {
			return TEXT_BAD_BIDI;
		} else if (kind == TEXT_LINE && invisible(c)) {
			return c == 0x200E || c == 0x200F ? TEXT_BAD_BIDI : TEXT_BAD_INVISIBLE;
		}
		p += len;
		left -= len;
	}
	return TEXT_OK;
}

int text_clean(const char *s, int multiline)
{
	uint32_t bad;
	return text_scan(s, multiline ? TEXT_FREE : TEXT_LINE, &bad) == TEXT_OK;
}

int text_check(const char *v, const char *field, const char *label, unsigned max,
	       enum text_kind kind, struct bf_err *e)
{
	static const char *const what[] = {
	    [TEXT_BAD_NEWLINE] = "换行符或制表符（只能填写一行）",
	    [TEXT_BAD_CONTROL] = "控制字符",
	    [TEXT_BAD_INVISIBLE] = "不可见字符",
	    [TEXT_BAD_BIDI] = "文字方向控制符",
	};
	uint32_t bad = 0;
	enum text_fault f = text_scan(v, kind, &bad);
	if (f == TEXT_BAD_UTF8)
		return err_set(e, EC_INVALID, field,
			       "%s含有无法识别的字符（不是有效的 UTF-8 文本）", label);
	if (f != TEXT_OK)
		return err_set(e, EC_INVALID, field, "%s不能含有%s（U+%04X）", label, what[f],
			       (unsigned)bad);
	size_t n = text_chars(v);
	if (n > max)
		return err_set(e, EC_INVALID, field, "%s最长 %u 个字，现有 %zu 个字", label, max,
			       n);
	return 0;
}

static int valid(const char *v, enum text_field id, int required, const char *field,
		 const char *label, struct bf_err *e)
{
	const struct text_limit *l = &text_limits[id];
	if (!v[0])
		return required ? err_set(e, EC_MISSING, field, "请填写%s", label) : 0;
	return text_check(v, field, label, l->max, l->kind, e);
}

int text_valid(const char *v, enum text_field id, int required, struct bf_err *e)
{
	return valid(v, id, required, text_limits[id].field, text_limits[id].label, e);
}

int text_field_named(char *v, enum text_field id, int required, const char *field,
		     const char *label, struct bf_err *e)
{
	text_trim(v);
	return valid(v, id, required, field, label, e);
}

int text_field_at(char *v, enum text_field id, int required, const char *field, struct bf_err *e)
{
	return text_field_named(v, id, required, field, text_limits[id].label, e);
}

int text_field(char *v, enum text_field id, int required, struct bf_err *e)
{
	return text_field_at(v, id, required, text_limits[id].field, e);
}

int limit_money(int64_t fen, const char *field, const char *label, struct bf_err *e)
{
	if (fen > MONEY_MAX_FEN || fen < -MONEY_MAX_FEN)
		return err_set(e, EC_INVALID, field, "%s不能超过 1 亿元（%" PRId64 " 分）", label,
			       MONEY_MAX_FEN);
	return 0;
}

int limit_money_date(const char *date, const char *today, const char *field, const char *label,
		     struct bf_err *e)
{
	if (strcmp(date, today) > 0)
		return err_set(e, EC_INVALID, field, "%s（%s）不能晚于今天（%s）", label, date,
			       today);
	if (strcmp(date, MONEY_DATE_MIN) < 0)
		return err_set(e, EC_INVALID, field, "%s（%s）不能早于 %s", label, date,
			       MONEY_DATE_MIN);
	return 0;
}

int text_copy(char *dst, size_t n, const char *src)
{
	size_t len = strlen(src);
	if (len >= n)
		return -1;
	memcpy(dst, src, len + 1);
	return 0;
}
