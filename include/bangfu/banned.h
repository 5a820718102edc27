/* banned.h - functions that must not be used (after git's banned.h).
 * Included in every translation unit by the build (-include, meson.build).
 * The system headers that declare them come first so their declarations
 * are untouched; any later call is a compile error naming the function.
 * Use snprintf/strbuf for sprintf, strcat and strcpy, strtol with checks
 * (or the parse_* helpers) for atoi, strtok_r for strtok. */
#ifndef BANGFU_BANNED_H
#define BANGFU_BANNED_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef gets
#define gets(x) BANNED(gets)
#undef atoi
#define atoi(x) BANNED(atoi)
#undef strtok
#define strtok(x, y) BANNED(strtok)

#endif
