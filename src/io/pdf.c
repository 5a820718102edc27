/* pdf.c - what the printed documents share: amounts in figures and in the
 * Chinese capital form (大写) that cheques and the department's forms use,
 * and dates written the Chinese way.  The documents themselves are in
 * pdf_forms.c (申请表, 登记表) and pdf_notice.c (公示). */
#include <stdio.h>
#include <string.h>
#include "date.h"
#include "money.h"
#include "pdf.h"
#include "pdf_layout.h"

static const char *const capital_digit[10] = {"零", "壹", "贰", "叁", "肆",
					      "伍", "陆", "柒", "捌", "玖"};
static const char *const capital_place[4] = {"", "拾", "佰", "仟"};
static const char *const capital_group[3] = {"", "万", "亿"};

/* Beyond 亿 a fourth group would need "万亿" with a compulsory 亿 after it;
 * no aid amount comes near, so the form refuses it instead. */
#define CAPITAL_LIMIT_YUAN 1000000000000LL

static void add(char *out, const char *s)
{
	strncat(out, s, PDF_CAPITAL_MAX - strlen(out) - 1);
}

/* One group of four digits (1..9999) without its leading zeros: a zero
 * between digits is written once (1010 -> 壹仟零壹拾), trailing zeros never;
 * 拾 always with its digit (壹拾, as cheques require). */
static void capital_four(unsigned g, char *out)
{
	static const unsigned div[4] = {1000, 100, 10, 1};
	int started = 0, zero = 0;
	for (int i = 0; i < 4; i++) {
		unsigned digit = g / div[i] % 10;
		if (!digit) {
			zero = started;
			continue;
		}
		if (zero)
			add(out, "零");
		add(out, capital_digit[digit]);
		add(out, capital_place[3 - i]);
		started = 1;
		zero = 0;
	}
}

/* Whole yuan (> 0): groups of four under 万 and 亿; a 零 where zeros stand
 * between two written digits across groups (10005 -> 壹万零伍, 100001000 ->
 * 壹亿零壹仟), none where the lower group starts with its thousands digit
 * (107000 -> 壹拾万柒仟, the form the rules allow without 零). */
static void capital_yuan(long long yuan, char *out)
{
	unsigned g[3] = {(unsigned)(yuan / 100000000), (unsigned)(yuan / 10000 % 10000),
			 (unsigned)(yuan % 10000)};
	int started = 0, gap = 0;
	for (int i = 0; i < 3; i++) {
		if (!g[i]) {
			gap = started;
			continue;
		}
		if (started && (gap || g[i] < 1000))
			add(out, "零");
		capital_four(g[i], out);
		add(out, capital_group[2 - i]);
		started = 1;
		gap = 0;
	}
}

/* The rules of 《正确填写票据和结算凭证的基本规定》: 整 after 元 or 角, never
 * after 分; 零 after 元 when 角 is zero and 分 is not (325.04 -> 叁佰贰拾伍元
 * 零肆分), and here also when the 元 digit is zero before 角 (1680.32 ->
 * 壹仟陆佰捌拾元零叁角贰分, the first of the two allowed forms); under one
 * yuan no 元 at all (0.05 -> 伍分). */
int pdf_amount_capital(int64_t fen, char out[PDF_CAPITAL_MAX])
{
	out[0] = '\0';
	if (fen < 0 || fen / 100 >= CAPITAL_LIMIT_YUAN)
		return -1;
	long long yuan = fen / 100;
	int jiao = (int)(fen / 10 % 10), cents = (int)(fen % 10);
	if (yuan) {
		capital_yuan(yuan, out);
		add(out, "元");
	}
	if (!jiao && !cents) {
		if (!yuan)
			add(out, "零元");
		add(out, "整");
		return 0;
	}
	if (yuan && (!jiao || yuan % 10 == 0))
		add(out, "零");
	if (jiao) {
		add(out, capital_digit[jiao]);
		add(out, "角");
	}
	if (cents) {
		add(out, capital_digit[cents]);
		add(out, "分");
	} else {
		add(out, "整");
	}
	return 0;
}

void pdf_money(int64_t fen, const char *sep, char out[PDF_TEXT_MAX])
{
	char figure[MONEY_TEXT_MAX], capital[PDF_CAPITAL_MAX];
	money_format_amount(fen, figure);
	if (pdf_amount_capital(fen, capital) != 0) /* refused before rendering */
		BUG("pdf_money: %lld fen", (long long)fen);
	/* a no-break space (U+00A0): the figure and 元 stay on one line */
	snprintf(out, PDF_TEXT_MAX,
		 "%s\xc2\xa0"
		 "元%s（人民币%s）",
		 figure, sep, capital);
}

const char *pdf_str(const char *s)
{
	return s ? s : "";
}

/* Parses a date as the store or a person wrote it; 0 when it is one. */
static int read_date(const char *s, struct ymd *d, int *has_day)
{
	struct bf_err ignored;
	return s && s[0] ? date_parse(s, d, has_day, "date", "日期", &ignored) : -1;
}

void pdf_month(const char *date, char out[PDF_TEXT_MAX])
{
	struct ymd d;
	if (read_date(date, &d, NULL) == 0)
		snprintf(out, PDF_TEXT_MAX, "%d年%d月", d.y, d.m);
	else
		snprintf(out, PDF_TEXT_MAX, "%s", pdf_str(date));
}

void pdf_day(const char *date, char out[PDF_TEXT_MAX])
{
	struct ymd d;
	int has_day = 0;
	if (read_date(date, &d, &has_day) == 0 && has_day)
		snprintf(out, PDF_TEXT_MAX, "%d年%d月%d日", d.y, d.m, d.d);
	else if (date && date[0] && read_date(date, &d, NULL) == 0)
		snprintf(out, PDF_TEXT_MAX, "%d年%d月", d.y, d.m);
	else if (date && date[0])
		snprintf(out, PDF_TEXT_MAX, "%s", date);
	else
		snprintf(out, PDF_TEXT_MAX, "年　　月　　日");
}
