/* session.c - POST/GET/DELETE /api/v1/session: login, who am I, logout;
 * changing one's own password; one's own sessions (/api/v1/sessions). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "internal.h"

json_t *user_json(const struct user *u)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:s, s:b, s:b, s:o}", "id",
			 (json_int_t)u->id, "username", u->username, "display_name",
			 u->display_name, "role", u->role, "role_name", access_role_label(u->role),
			 "org_id", (json_int_t)u->org_id, "org_name", u->org_name, "active",
			 u->active, "must_change_password", u->must_change_password,
			 "password_changed_at", json_time(u->password_changed_at));
}

/* The session as the console needs it: the user, the CSRF token and
 * whether the password must be changed before anything else. */
static void reply_session(struct req *r, int status, const struct user *u, const char *csrf)
{
	int due = r->session.password_change;
	reply_json(r, status,
		   json_pack("{s:o, s:s, s:b, s:o}", "user", user_json(u), "csrf_token", csrf,
			     "password_change_required", due != 0, "password_change_reason",
			     due == AUTH_PW_EXPIRED    ? json_string("expired")
			     : due == AUTH_PW_REQUIRED ? json_string("reset")
						       : json_null()));
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
	const char *ua = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "User-Agent");
	if (auth_login(&r->core, username, password, r->addr, ua, token, &r->session, &r->user,
		       &retry, &e)) {
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
	struct auth_limits lim;
	server_limits(r->srv, &lim);
	r->session.password_change = auth_password_due(&r->user, &lim, (int64_t)time(NULL));
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

void h_session_password(struct req *r)
{
	static const char *const keys[] = {"old_password", "new_password", NULL};
	char old[256] = "", new[256] = "";
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j)
		return;
	int rc = json_only_keys(j, keys, &e) ||
		 json_get_str(j, "old_password", old, sizeof(old), "原密码", &e) ||
		 json_get_str(j, "new_password", new, sizeof(new), "新密码", &e);
	json_decref(j);
	if (rc || auth_change_password(&r->core, &r->actor, r->session.token_hash, old, new, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_empty(r, 204);
}

void h_sessions_list(struct req *r)
{
	struct session *items = NULL;
	size_t n = 0;
	struct bf_err e;
	struct auth_limits lim;
	server_limits(r->srv, &lim);
	if (auth_sessions(&r->core, &r->actor, &lim, &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct session *s = &items[i];
		json_array_append_new(a, json_pack("{s:I, s:o, s:o, s:s, s:s, s:b}", "id",
						   (json_int_t)s->id, "created_at",
						   json_time(s->created_at), "last_seen",
						   json_time(s->last_seen), "addr", s->addr,
						   "user_agent", s->user_agent, "current",
						   !strcmp(s->token_hash, r->session.token_hash)));
	}
	free(items);
	reply_items(r, a);
}

static void end_sessions(struct req *r, int64_t id)
{
	int64_t ended = 0;
	struct bf_err e;
	if (auth_session_end(&r->core, &r->actor, id, r->session.token_hash, &ended, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_json(r, 200, json_pack("{s:I}", "ended", (json_int_t)ended));
}

void h_sessions_end_others(struct req *r)
{
	end_sessions(r, 0);
}

void h_session_end(struct req *r)
{
	end_sessions(r, r->id);
}
