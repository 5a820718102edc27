/* roll_text.c - the hardship roll's cells as districts type them in their
 * Excel 台账 (the roll import, src/io/roll_io.c): category, tier and causes
 * by their Chinese names, several causes in one cell, the 纳入日期 in any
 * of the usual shapes or as an Excel serial day, the income with or
 * without separators and unit.  Pure functions over the policy: no
 * database, fuzzed by tests/fuzz/fuzz_roll.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cases.h"
#include "date.h"
#include "money.h"
#include "text.h"
#include "utf8.h"
#include "xlsx.h"

/* Copies s without leading and trailing blanks (ASCII and the full-width
 * space U+3000); 0, or -1 when it does not fit. */
static int trimmed(const char *s, char *out, size_t n)
{
	static const char ideo[] = "\xE3\x80\x80";
	size_t len;
	for (;;) {
		if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
			s++;
		else if (!strncmp(s, ideo, 3))
			s += 3;
		else
			break;
	}
	len = strlen(s);
	for (;;) {
		if (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r' ||
			    s[len - 1] == '\n'))
			len--;
		else if (len >= 3 && !memcmp(s + len - 3, ideo, 3))
			len -= 3;
		else
			break;
	}
	if (len >= n)
		return -1;
	memcpy(out, s, len);
	out[len] = '\0';
	return 0;
}

/* text without the suffix, when it ends with it (and is longer). */
static int strip_suffix(char *text, const char *suffix)
{
	size_t n = strlen(text), k = strlen(suffix);
	if (n > k && !strcmp(text + n - k, suffix)) {
		text[n - k] = '\0';
		return 1;
	}
	return 0;
}

/* The item of l whose code or label is text: also the label without its
 * last 型 (造血), and the text without 致困/致贫 (因病致贫). */
static const struct policy_item *item_named(const struct policy_list *l, const char *text)
{
	char t[96], label[POLICY_LABEL_MAX];
	if (trimmed(text, t, sizeof(t)) || !t[0])
		return NULL;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < l->n; i++) {
			if (!strcasecmp(l->item[i].code, t) || !strcmp(l->item[i].label, t))
				return &l->item[i];
			snprintf(label, sizeof(label), "%s", l->item[i].label);
			if (strip_suffix(label, "型") && !strcmp(label, t))
				return &l->item[i];
		}
		if (pass == 0 && !strip_suffix(t, "致困") && !strip_suffix(t, "致贫"))
			break;
	}
	return NULL;
}

static void labels_of(const struct policy_list *l, char *out, size_t n)
{
	size_t used = 0;
	out[0] = '\0';
	for (size_t i = 0; i < l->n && used < n; i++) {
		int k = snprintf(out + used, n - used, "%s%s", i ? "、" : "", l->item[i].label);
		if (k < 0 || (size_t)k >= n - used) {
			out[used] = '\0';
			break;
		}
		used += (size_t)k;
	}
}

int roll_parse_category(const struct policy *p, const char *text, char out[16], struct bf_err *e)
{
	char all[256];
	const struct policy_item *it = item_named(&p->categories, text ? text : "");
	if (!it || strlen(it->code) >= 16) {
		labels_of(&p->categories, all, sizeof(all));
		return text && *text ? err_set(e, EC_INVALID, "category", "类别应为%s", all)
				     : err_set(e, EC_MISSING, "category", "请填写类别（%s）", all);
	}
	snprintf(out, 16, "%s", it->code);
	return 0;
}

int roll_parse_tier(const struct policy *p, const char *text, char out[16], struct bf_err *e)
{
	char all[256];
	const struct policy_item *it = item_named(&p->tiers, text ? text : "");
	if (!it || strlen(it->code) >= 16) {
		labels_of(&p->tiers, all, sizeof(all));
		return text && *text ? err_set(e, EC_INVALID, "tier", "档次应为%s", all)
				     : err_set(e, EC_MISSING, "tier", "请填写档次（%s）", all);
	}
	snprintf(out, 16, "%s", it->code);
	return 0;
}

/* The separators of several causes in one cell: 、 ， , / ／ ; ； and
 * blanks (ASCII, full-width); the length of the one at s, 0 none. */
static size_t separator(const char *s)
{
	static const char *const seps[] = {"、", "，", "／", "；", "\xE3\x80\x80", ",", "/",
					   ";",	 " ",  "\t", "+",  "＋",	   NULL};
	for (size_t i = 0; seps[i]; i++)
		if (!strncmp(s, seps[i], strlen(seps[i])))
			return strlen(seps[i]);
	return 0;
}

int roll_parse_causes(const struct policy *p, const char *text, struct policy_codes *out,
		      struct bf_err *e)
{
	char all[512], word[96];
	memset(out, 0, sizeof(*out));
	const char *s = text ? text : "";
	while (*s) {
		size_t k = separator(s);
		if (k) {
			s += k;
			continue;
		}
		size_t len = 0;
		while (s[len] && !separator(s + len))
			len++;
		if (len >= sizeof(word)) {
			return err_set(e, EC_INVALID, "causes", "致困原因中有一项过长");
		}
		memcpy(word, s, len);
		word[len] = '\0';
		s += len;
		const struct policy_item *it = item_named(&p->causes, word);
		if (!it) {
			char shown[64];
			utf8_copy(shown, sizeof(shown), word);
			labels_of(&p->causes, all, sizeof(all));
			return err_set(e, EC_INVALID, "causes",
				       "致困原因“%s”不在政策所列之中（%s）", shown, all);
		}
		if (policy_codes_add(out, it->code) < 0)
			return err_set(e, EC_INVALID, "causes", "致困原因最多 %d 项",
				       POLICY_MAX_ITEMS);
	}
	return 0;
}

int roll_parse_day(const char *text, int is_number, char out[11], struct bf_err *e)
{
	char t[64];
	struct ymd d;
	int has_day = 0;
	if (!text || trimmed(text, t, sizeof(t)))
		return err_set(e, EC_INVALID, "since_on", "纳入日期格式无法识别");
	if (!t[0])
		return err_set(e, EC_MISSING, "since_on", "请填写纳入日期");
	/* an Excel serial day: a number cell, or five digits copied out of
	 * one (from 1954-10-01; a day past 2100 is refused like a typed one) */
	size_t digits = strspn(t, "0123456789");
	char *end;
	double v = strtod(t, &end);
	if ((is_number && *end == '\0' && t[0] != '-') ||
	    (digits == 5 && t[5] == '\0' && v >= 20000 && v <= 80000)) {
		if (v < 20000 || v > 80000 || xlsx_serial_date(v, 0, out) ||
		    date_parse(out, &d, NULL, "since_on", "纳入日期", e))
			return err_set(e, EC_INVALID, "since_on",
				       "纳入日期“%s”不是日期：请填写如 2025-06-01 的日期", t);
		return 0;
	}
	if (date_parse(t, &d, &has_day, "since_on", "纳入日期", e))
		return -1;
	if (!has_day)
		d.d = 1; /* 2025年6月: the month's first day */
	date_format(d, out);
	return 0;
}

int roll_parse_income(const char *text, int is_number, int64_t *fen, struct bf_err *e)
{
	char t[96];
	if (!text || trimmed(text, t, sizeof(t)))
		return err_set(e, EC_INVALID, "income_fen", "人均年纯收入过长");
	if (!t[0] || !strcmp(t, "无") || !strcmp(t, "不详") || !strcmp(t, "-")) {
		*fen = !strcmp(t, "无") ? 0 : -1;
		return 0;
	}
	if (is_number) {
		/* a number cell: Excel's double, to the fen */
		char *end;
		double v = strtod(t, &end);
		if (*end == '\0' && v >= 0 && v < 1e15) {
			*fen = (int64_t)(v * 100 + 0.5);
			return 0;
		}
	}
	/* 3600元/年, 3600 元, 3600.5元 */
	strip_suffix(t, "/年");
	strip_suffix(t, "每年");
	return money_parse(t, fen, "income_fen", "人均年纯收入", e);
}
