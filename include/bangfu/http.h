/* http.h - `bangfu serve`: the JSON API under /api/v1 and the console's
 * static files, on libmicrohttpd. */
#ifndef BANGFU_HTTP_H
#define BANGFU_HTTP_H
#include "crypto.h"
#include "err.h"

struct http_config {
	const char *db_url;
	const char *listen;	/* "127.0.0.1:8080" */
	const char *web_root;	/* directory with index.html (web/dist) */
	const char *access_log; /* file path, "-" for stderr, NULL for none */
	int threads;		/* worker threads (and database connections) */
	int idle_timeout;	/* seconds of inactivity that end a session */
	int session_lifetime;	/* seconds after the login that end it however busy */
	int password_max_age;	/* seconds after which a password must be changed; 0 never */
	const char *files_dir;	/* case attachments (core.files_dir); NULL refuses uploads */
	struct crypto_key key;
	/* Slow clients: at most max_connections open at once (lowered to what
	 * the open-file limit allows), at most per_address of them from one
	 * address (0: no limit; a trusted proxy has none); a connection silent
	 * for conn_timeout seconds is closed, and so is one whose request head
	 * has not all arrived header_timeout seconds after the connection
	 * (conn_timeout + header_timeout after the previous answer on a
	 * kept-alive one), or its body body_timeout seconds after the head. */
	int max_connections;
	int per_address;
	int conn_timeout;
	int header_timeout;
	int body_timeout;
	/* Comma list of reverse proxies (addresses or blocks) whose
	 * X-Forwarded-For and X-Forwarded-Proto are believed; NULL: none. */
	const char *trusted_proxies;
};

/* The server without the wait for a signal, for a program that serves
 * in-process (the HTTP fuzzing harness, tests/fuzz/fuzz_http.c):
 * http_start listens and answers in background threads (0 with *out, -1
 * with e); http_stop stops accepting, lets in-flight requests finish (up
 * to 10 s) and frees it all. */
struct http_server;
int http_start(const struct http_config *cfg, struct http_server **out, struct bf_err *e);
void http_stop(struct http_server *h);

/* Serves until SIGTERM or SIGINT, then stops accepting, lets in-flight
 * requests finish (up to 10 s) and returns 0.  -1 with e when it cannot
 * start (port taken, database unreachable...). */
int http_serve(const struct http_config *cfg, struct bf_err *e);

/* The route table as JSON (method, pattern, public, expect), for the
 * authorisation-matrix test (`bangfu routes --json`); the caller frees. */
char *http_routes_json(void);

#endif
