/* banned_use.c - compiled by the 'banned' tests (tests/unit/meson.build)
 * with -include banned.h: with -DUSE_<name> it calls that banned function and
 * must fail to compile; with none it must compile (the control). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int banned_use(char *buf, size_t n, const char *s);
int banned_use(char *buf, size_t n, const char *s)
{
#if defined(USE_strcpy)
	strcpy(buf, s);
#elif defined(USE_strcat)
	strcat(buf, s);
#elif defined(USE_sprintf)
	sprintf(buf, "%s", s);
#elif defined(USE_vsprintf)
	va_list ap;
	vsprintf(buf, s, ap);
#elif defined(USE_gets)
	gets(buf);
#elif defined(USE_atoi)
	return atoi(s);
#elif defined(USE_strtok)
	return strtok(buf, s) != NULL;
#endif
	return snprintf(buf, n, "%s", s);
}
