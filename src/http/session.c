/* session.c - POST/GET/DELETE /api/v1/session: login, who am I, logout. */
#include <stdio.h>
#include <string.h>
#include "internal.h"

json_t *user_json(const struct user *u)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:I, s:s, s:b}", "id", (json_int_t)u->id, "username",
			 u->username, "display_name", u->display_name, "role", u->role, "org_id",
			 (json_int_t)u->org_id, "org_name", u->org_name, "active", u->active);
}

static void reply_session(struct req *r, int status, const struct user *u, const char *csrf)
{
	reply_json(r, status, json_pack("{s:o, s:s}", "user", user_json(u), "csrf_token", csrf));
}

void h_session_create(struct req *r)
{
	static const char *const keys[] = {"username", "password", NULL};
	char username[64] = "", password[256] = "", token[44], cookie[160];
	struct bf_err e;
	int retry = 0;
	json_t *j = req_json(r);
	if (!j)
		return;
	if (json_only_keys(j, keys, &e) ||
	    json_get_str(j, "username", username, sizeof(username), "用户名", &e) ||
	    json_get_str(j, "password", password, sizeof(password), "密码", &e)) {
		json_decref(j);
		reply_error(r, &e);
		return;
	}
	json_decref(j);
	if (!username[0] || !password[0]) {
		reply_code(r, EC_MISSING, username[0] ? "password" : "username",
			   username[0] ? "请输入密码" : "请输入用户名");
		return;
	}
	if (auth_login(&r->core, username, password, r->addr, token, &r->session, &r->user, &retry,
		       &e)) {
		if (retry) {
			char s[16];
			snprintf(s, sizeof(s), "%d", retry);
			reply_header(r, "Retry-After", s);
		}
		reply_error(r, &e);
		return;
	}
	snprintf(cookie, sizeof(cookie), "bangfu_session=%s; Path=/; HttpOnly; SameSite=Strict%s",
		 token, r->secure ? "; Secure" : "");
	reply_header(r, "Set-Cookie", cookie);
	reply_session(r, 200, &r->user, r->session.csrf_token);
}

void h_session_get(struct req *r)
{
	reply_session(r, 200, &r->user, r->session.csrf_token);
}

void h_session_delete(struct req *r)
{
	struct bf_err e;
	if (auth_logout(&r->core, r->token, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_header(r, "Set-Cookie",
		     r->secure
			 ? "bangfu_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure"
			 : "bangfu_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
	reply_empty(r, 204);
}
