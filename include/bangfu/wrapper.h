/* wrapper.h - allocation that never returns NULL (after git's wrapper.c).
 * Running out of memory, or a size that does not fit in size_t, is a BUG():
 * the process aborts with the file and line, never returns a short block.
 * Use these instead of malloc/calloc/realloc/strdup with a hand-written
 * NULL check. */
#ifndef BANGFU_WRAPPER_H
#define BANGFU_WRAPPER_H
#include <stdbool.h>
#include <stddef.h>

/* a * b and a + b when they fit in size_t (*out set, true); false when
 * they would overflow (*out untouched). */
bool size_mul_ok(size_t a, size_t b, size_t *out);
bool size_add_ok(size_t a, size_t b, size_t *out);
/* The same, BUG() on overflow. */
size_t st_mult(size_t a, size_t b);
size_t st_add(size_t a, size_t b);

void *xmalloc(size_t n);
/* n members of size bytes each, zeroed; n * size checked. */
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* xrealloc(p, n * size) with n * size checked. */
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
/* At most n bytes of s, always terminated. */
char *xstrndup(const char *s, size_t n);
/* n bytes copied from p into a new block. */
void *xmemdup(const void *p, size_t n);

#endif
