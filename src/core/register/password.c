/* password.c - the password policy (issue #8 §3): at least 10 characters
 * with letters and digits (crypto_password_policy), not containing the
 * username, not in the shipped list of common passwords
 * (data/common-passwords.txt, compiled in; where it comes from is in
 * scripts/gen-common-passwords.mjs), and generated passwords that pass it.
 * Whether a password was used before is checked by the callers in
 * account.c (it needs the stored hashes). */
#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "register.h"

extern const char common_passwords_txt[];
extern const size_t common_passwords_txt_len;

/* The list as sorted, NUL-terminated lines of one heap copy. */
static char *list_buf;
static const char **list;
static size_t list_n;
static pthread_once_t list_once = PTHREAD_ONCE_INIT;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void list_load(void)
{
	size_t lines = 1;
	list_buf = malloc(common_passwords_txt_len + 1);
	if (!list_buf)
		return; /* no list: the other rules still hold */
	memcpy(list_buf, common_passwords_txt, common_passwords_txt_len + 1);
	for (size_t i = 0; i < common_passwords_txt_len; i++)
		lines += list_buf[i] == '\n';
	list = malloc(lines * sizeof(*list));
	if (!list)
		return;
	for (char *p = list_buf; *p;) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		if (*p && *p != '#')
			list[list_n++] = p;
		if (!nl)
			break;
		p = nl + 1;
	}
	qsort(list, list_n, sizeof(*list), cmp_str);
}

int auth_password_listed(const char *password)
{
	char low[256];
	size_t n = strlen(password);
	if (n >= sizeof(low))
		return 0; /* nothing that long is listed */
	for (size_t i = 0; i <= n; i++)
		low[i] = (char)tolower((unsigned char)password[i]);
	pthread_once(&list_once, list_load);
	const char *key = low;
	return list && bsearch(&key, list, list_n, sizeof(*list), cmp_str) != NULL;
}

/* 1 when hay contains needle, ASCII letters compared case-insensitively. */
static int contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	if (n == 0)
		return 0;
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return 0;
}

int auth_password_check(const char *username, const char *password, const char *field,
			struct bf_err *e)
{
	if (crypto_password_policy(password, e))
		return err_set(e, EC_WEAK_PASSWORD, field, "%s至少 10 位，且须同时包含字母和数字",
			       field && strcmp(field, "new_password") == 0 ? "新密码" : "密码");
	if (username && contains_nocase(password, username))
		return err_set(e, EC_WEAK_PASSWORD, field, "密码不能包含用户名");
	if (auth_password_listed(password))
		return err_set(e, EC_WEAK_PASSWORD, field, "该密码过于常见，容易被猜中，请换一个");
	return 0;
}

int auth_password_generate(char out[AUTH_GENERATED_LEN + 1])
{
	/* No 0/O, 1/l/I: it is read off a screen and typed. */
	static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	unsigned char r[AUTH_GENERATED_LEN];
	if (crypto_random(r, sizeof(r)))
		return -1;
	for (int i = 0; i < AUTH_GENERATED_LEN; i++)
		out[i] = alphabet[r[i] % (sizeof(alphabet) - 1)];
	out[0] = alphabet[r[0] % 23];	 /* a lower-case letter (the first 23) */
	out[1] = (char)('2' + r[1] % 8); /* and a digit */
	out[AUTH_GENERATED_LEN] = '\0';
	return 0;
}
