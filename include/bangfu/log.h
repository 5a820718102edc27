/* log.h - what the operator must see and a client must not: an engine's
 * own error text, a transaction's retries, a reply that could not be
 * encoded.  Library code writes through log_error(); the program decides
 * where lines go (`bangfu serve`: its access log; other commands:
 * standard error).  Until a sink is set, lines are dropped. */
#ifndef BANGFU_LOG_H
#define BANGFU_LOG_H

/* Receives one line without its newline (at most 1 KiB, valid UTF-8). */
typedef void (*log_sink_fn)(void *ctx, const char *line);

/* Sets the sink (NULL: drop); not meant to change while threads log. */
void log_set_sink(log_sink_fn fn, void *ctx);
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
