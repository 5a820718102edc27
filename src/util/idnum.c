/* idnum.c - resident identity numbers (GB 11643-1999): the check character
 * (ISO 7064 MOD 11-2), the embedded birth date and gender, and masking for
 * display.  The register must hold numbers that are "accurate, no errors". */
#include <stdio.h>
#include <string.h>
#include "idnum.h"
#include "date.h"

#define FIELD "id_number"

/* ISO 7064 MOD 11-2 weights of the 17 digits, and the check character for
 * each remainder of the weighted sum. */
static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
static const char check_chars[] = "10X98765432";

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Characters (not bytes) in a UTF-8 string, so "12345６" counts 6. */
static size_t utf8_chars(const char *s, size_t n)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			count++;
	return count;
}

static char check_char(const char *digits17)
{
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (digits17[i] - '0') * weights[i];
	return check_chars[sum % 11];
}

static int num(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* Shape: 18 characters, 17 digits and a digit or X.  Fills id[19]. */
static int check_shape(const char *s, size_t n, char id[19], struct bf_err *e)
{
	if (n == 15 && strspn(s, "0123456789") >= 15)
		return err_set(e, EC_INVALID, FIELD, "请填写18位身份证号码（15位旧号码不再接受）");
	if (n != 18)
		return err_set(e, EC_INVALID, FIELD, "身份证号码应为18位，当前为 %zu 位",
			       utf8_chars(s, n));
	for (int i = 0; i < 17; i++)
		if (!is_digit(s[i]))
			return err_set(e, EC_INVALID, FIELD, "身份证号码第 %d 位应为数字", i + 1);
	if (!is_digit(s[17]) && s[17] != 'X' && s[17] != 'x')
		return err_set(e, EC_INVALID, FIELD, "身份证号码最后一位应为数字或 X");
	memcpy(id, s, 17);
	id[17] = s[17] == 'x' ? 'X' : s[17];
	id[18] = '\0';
	return 0;
}

/* The birth date in positions 7-14: a real date between 1900 and today. */
static int check_birth(const char *id, const char *today, struct ymd *birth, struct bf_err *e)
{
	struct ymd b = {num(id + 6, 4), num(id + 10, 2), num(id + 12, 2)};
	struct ymd now;
	if (today) {
		if (date_parse(today, &now, NULL, "today", "today", NULL) < 0)
			BUG("idnum_check: bad today \"%s\"", today);
	} else {
		now = date_today();
	}
	if (!date_valid(b) || b.y < 1900)
		return err_set(e, EC_INVALID, FIELD,
			       "身份证号码中的出生日期 %.4s-%.2s-%.2s 不是有效日期", id + 6,
			       id + 10, id + 12);
	if (date_cmp(b, now) > 0)
		return err_set(e, EC_INVALID, FIELD,
			       "身份证号码中的出生日期 %.4s-%.2s-%.2s 晚于今天", id + 6, id + 10,
			       id + 12);
	*birth = b;
	return 0;
}

int idnum_check(const char *id, const char *today, char norm[19], char birth[11], char gender[4],
		struct bf_err *e)
{
	char n18[19];
	struct ymd b;
	if (!id)
		return err_set(e, EC_MISSING, FIELD, "请填写身份证号码");
	while (is_space(*id))
		id++;
	size_t len = strlen(id);
	while (len > 0 && is_space(id[len - 1]))
		len--;
	if (len == 0)
		return err_set(e, EC_MISSING, FIELD, "请填写身份证号码");
	if (check_shape(id, len, n18, e) < 0 || check_birth(n18, today, &b, e) < 0)
		return -1;
	if (check_char(n18) != n18[17])
		return err_set(e, EC_INVALID, FIELD,
			       "身份证号码校验位不正确，请核对是否有数字输错");
	if (norm)
		memcpy(norm, n18, 19);
	if (birth)
		date_format(b, birth);
	if (gender)
		snprintf(gender, 4, "%s", (n18[16] - '0') % 2 ? "男" : "女");
	return 0;
}

void idnum_mask(const char *id, char out[19])
{
	size_t n = id ? strlen(id) : 0;
	if (n > 18)
		n = 18;
	for (size_t i = 0; i < n; i++)
		out[i] = '*';
	if (n == 18) {
		memcpy(out, id, 6);
		memcpy(out + 14, id + 14, 4);
	}
	out[n] = '\0';
}
