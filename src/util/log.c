/* log.c - the one sink of log lines (see log.h). */
#include <stdarg.h>
#include <stdio.h>
#include "log.h"
#include "utf8.h"

static log_sink_fn sink;
static void *sink_ctx;

void log_set_sink(log_sink_fn fn, void *ctx)
{
	sink = fn;
	sink_ctx = ctx;
}

void log_error(const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	if (!sink)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	for (char *p = line; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' '; /* one line per call, whatever the engine wrote */
	utf8_fix(line);
	sink(sink_ctx, line);
}
