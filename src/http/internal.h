/* internal.h - what the http/ files share: the request being served, the
 * route table and the reply helpers.  Handlers never write SQL: they parse
 * JSON, call core/ and turn the result into JSON. */
#ifndef BANGFU_HTTP_INTERNAL_H
#define BANGFU_HTTP_INTERNAL_H
#include <jansson.h>
#include <microhttpd.h>
#include <stdint.h>
#include <time.h>
#include "core.h"
#include "http.h"
#include "strbuf.h"

#define BODY_LIMIT (1024 * 1024)

struct server;

struct req {
	struct server *srv;
	struct MHD_Connection *conn;
	const char *method;
	char path[512];
	char addr[64];
	struct strbuf body;
	int too_large;
	int64_t id; /* the {id} of the path, 0 when none */
	struct core core;
	/* who asks (valid when logged_in) */
	int logged_in;
	char token[64];
	struct session session;
	struct user user;
	struct actor actor;
	/* the answer */
	struct {
		char name[32];
		char value[320];
	} hdrs[4];
	int nhdrs;
	int status;
	size_t sent_bytes;
	struct timespec start;
};

enum route_flags {
	R_PUBLIC = 1,  /* no login needed */
	R_NO_CSRF = 2, /* a mutating request that needs no CSRF token (the login) */
};

struct route {
	const char *method;
	const char *pattern; /* "/api/v1/members/{id}" */
	void (*fn)(struct req *r);
	unsigned flags;
};

extern const struct route http_routes[];
extern const size_t http_nroutes;

/* Replies (each queues exactly one response). */
void reply_json(struct req *r, int status, json_t *body); /* steals body */
void reply_error(struct req *r, const struct bf_err *e);
void reply_code(struct req *r, enum ec code, const char *field, const char *message);
void reply_empty(struct req *r, int status);
/* Sends a JSON text the caller built (takes the strbuf's memory). */
void reply_raw_json(struct req *r, int status, struct strbuf *body);
/* Sends heap memory s of len bytes as JSON (takes it). */
void reply_buffer(struct req *r, int status, char *s, size_t len);

/* Writing JSON directly (jsonw.c): each adds `"key":value` with the comma. */
void jw_key(struct strbuf *sb, const char *key);
void jw_str(struct strbuf *sb, const char *key, const char *v);
void jw_int(struct strbuf *sb, const char *key, long long v);
void jw_null(struct strbuf *sb, const char *key);
void jw_time(struct strbuf *sb, const char *key, int64_t t);
/* Adds a header to the response being built by the next reply_*. */
void reply_header(struct req *r, const char *name, const char *value);

/* Request helpers. */
/* Parses the body as a JSON object; on failure replies 400 and returns NULL. */
json_t *req_json(struct req *r);
/* Query-string argument or NULL. */
const char *req_arg(struct req *r, const char *name);
/* Integer query argument within [min,max]; dflt when absent; -1 (and a 400
 * reply) when malformed or out of range. */
int req_int_arg(struct req *r, const char *name, int dflt, int min, int max, int *out);
int req_id_arg(struct req *r, const char *name, int64_t *out);

/* JSON field readers: 0 ok (absent leaves dst unchanged), -1 with e. */
int json_get_str(json_t *o, const char *key, char *dst, size_t n, const char *label,
		 struct bf_err *e);
int json_get_int(json_t *o, const char *key, int64_t *dst, const char *label, struct bf_err *e);
/* Rejects keys not in the NULL-terminated list. */
int json_only_keys(json_t *o, const char *const *keys, struct bf_err *e);
json_t *json_time(int64_t t);

/* The resources. */
void h_health(struct req *r);
void h_session_create(struct req *r);
void h_session_get(struct req *r);
void h_session_delete(struct req *r);
void h_meta(struct req *r);
void h_orgs_list(struct req *r);
void h_orgs_create(struct req *r);
void h_org_get(struct req *r);
void h_org_patch(struct req *r);
void h_members_list(struct req *r);
void h_members_create(struct req *r);
void h_member_get(struct req *r);
void h_member_patch(struct req *r);
void h_member_reveal(struct req *r);
void h_users_list(struct req *r);
void h_users_create(struct req *r);
void h_audit_list(struct req *r);

/* Shared by the session handlers. */
json_t *user_json(const struct user *u);
int64_t server_idle_timeout(const struct server *s);

#endif
