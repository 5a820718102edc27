/* wrapper.c - allocation that never returns NULL (wrapper.h). */
#include <stdlib.h>
#include <string.h>
#include "err.h"
#include "wrapper.h"

bool size_mul_ok(size_t a, size_t b, size_t *out)
{
	size_t r;
	if (__builtin_mul_overflow(a, b, &r))
		return false;
	*out = r;
	return true;
}

bool size_add_ok(size_t a, size_t b, size_t *out)
{
	size_t r;
	if (__builtin_add_overflow(a, b, &r))
		return false;
	*out = r;
	return true;
}

size_t st_mult(size_t a, size_t b)
{
	size_t r;
	if (!size_mul_ok(a, b, &r))
		BUG("size overflow: %zu * %zu", a, b);
	return r;
}

size_t st_add(size_t a, size_t b)
{
	size_t r;
	if (!size_add_ok(a, b, &r))
		BUG("size overflow: %zu + %zu", a, b);
	return r;
}

static void *nonnull(void *p, size_t n)
{
	if (!p)
		BUG("out of memory (%zu bytes)", n);
	return p;
}

void *xmalloc(size_t n)
{
	return nonnull(malloc(n ? n : 1), n);
}

void *xcalloc(size_t n, size_t size)
{
	size_t total = st_mult(n, size);
	return nonnull(calloc(1, total ? total : 1), total);
}

void *xrealloc(void *p, size_t n)
{
	return nonnull(realloc(p, n ? n : 1), n);
}

void *xreallocarray(void *p, size_t n, size_t size)
{
	return xrealloc(p, st_mult(n, size));
}

void *xmemdup(const void *p, size_t n)
{
	void *q = xmalloc(n);
	if (n)
		memcpy(q, p, n);
	return q;
}

char *xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *q = xmalloc(st_add(len, 1));
	memcpy(q, s, len);
	q[len] = '\0';
	return q;
}

char *xstrdup(const char *s)
{
	return xmemdup(s, st_add(strlen(s), 1));
}
