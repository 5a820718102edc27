/* users.c - /api/v1/users (accounts) and /api/v1/audit (the audit log). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

void h_users_list(struct req *r)
{
	struct user *items = NULL;
	size_t n = 0;
	struct bf_err e;
	if (user_list(&r->core, &r->actor, &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	REPLY_ITEMS(r, items, n, user_json);
}

/* POST /api/v1/users: without a password one is generated, answered once
 * and must be changed at the first login; with one, must_change_password
 * (default false) says whether it must. */
void h_users_create(struct req *r)
{
	static const char *const keys[] = {"username", "display_name",	       "role", "org_id",
					   "password", "must_change_password", NULL};
	struct user u;
	char password[256] = "", generated[AUTH_GENERATED_LEN + 1] = "";
	struct bf_err e;
	memset(&u, 0, sizeof(u));
	json_t *j = req_json(r);
	if (!j)
		return;
	int rc =
	    json_only_keys(j, keys, &e) ||
	    json_get_str(j, "username", u.username, sizeof(u.username), "用户名", &e) ||
	    json_get_str(j, "display_name", u.display_name, sizeof(u.display_name), "姓名", &e) ||
	    json_get_str(j, "role", u.role, sizeof(u.role), "角色", &e) ||
	    json_get_int(j, "org_id", &u.org_id, "所属组织", &e) ||
	    json_get_str(j, "password", password, sizeof(password), "密码", &e) ||
	    json_get_flag(j, "must_change_password", &u.must_change_password, "首次登录须改密", &e);
	json_decref(j);
	if (!rc && !password[0]) {
		rc = auth_password_generate(generated);
		snprintf(password, sizeof(password), "%s", generated);
		u.must_change_password = 1;
		if (rc)
			err_set(&e, EC_INTERNAL, NULL, NULL);
	}
	if (rc || user_create(&r->core, &r->actor, &u, password, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *out = json_pack("{s:I}", "id", (json_int_t)u.id);
	if (generated[0])
		json_object_set_new(out, "password", json_string(generated));
	reply_json(r, 201, out);
}

/* The user as answered after a change (re-read, in scope). */
static void reply_user(struct req *r, int64_t id)
{
	struct user u;
	struct bf_err e;
	if (user_get(&r->core, &r->actor, id, &u, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_json(r, 200, user_json(&u));
}

void h_user_patch(struct req *r)
{
	static const char *const keys[] = {"display_name", "role", "org_id", NULL};
	struct user u;
	struct bf_err e;
	if (user_get(&r->core, &r->actor, r->id, &u, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *j = req_json(r);
	if (!j)
		return;
	int rc =
	    json_only_keys(j, keys, &e) ||
	    json_get_str(j, "display_name", u.display_name, sizeof(u.display_name), "姓名", &e) ||
	    json_get_str(j, "role", u.role, sizeof(u.role), "角色", &e) ||
	    json_get_int(j, "org_id", &u.org_id, "所属组织", &e);
	json_decref(j);
	if (rc || user_update(&r->core, &r->actor, &u, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_json(r, 200, user_json(&u));
}

static void set_active(struct req *r, int active)
{
	struct bf_err e;
	if (user_set_active(&r->core, &r->actor, r->id, active, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_user(r, r->id);
}

void h_user_disable(struct req *r)
{
	set_active(r, 0);
}

void h_user_enable(struct req *r)
{
	set_active(r, 1);
}

/* A new generated password, answered once; the user changes it at the next
 * login and every session of theirs ends now. */
void h_user_password_reset(struct req *r)
{
	char pw[AUTH_GENERATED_LEN + 1];
	struct bf_err e;
	if (user_set_password(&r->core, &r->actor, r->id, NULL, pw, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_json(r, 200, json_pack("{s:s}", "password", pw));
}

/* ?from= and ?to= (the days, both included) as [from, before) in unix
 * seconds; -1 with a 400 naming the one at fault. */
static int audit_days(struct req *r, struct audit_query *q)
{
	char from[11], to[11];
	struct ymd f, t;
	struct bf_err e;
	if (req_date_arg(r, "from", "开始日期", from) || req_date_arg(r, "to", "结束日期", to))
		return -1;
	if (from[0] && !date_parse(from, &f, NULL, "from", "开始日期", &e))
		q->from = date_local_start(f);
	if (to[0] && !date_parse(to, &t, NULL, "to", "结束日期", &e)) {
		q->before = date_local_start(date_from_days(date_to_days(t) + 1));
		if (from[0] && date_cmp(t, f) < 0) {
			reply_code(r, EC_INVALID, "to", "结束日期不能早于开始日期");
			return -1;
		}
	}
	return 0;
}

/* Who acted, for a reader: the account's display name; a row of no account
 * is the command line's, but a failed login of an unknown username names
 * the username tried. */
static const char *actor_name(const struct audit_entry *x)
{
	if (x->user_name[0])
		return x->user_name;
	if (!x->user_id && strcmp(x->action, "login_failed"))
		return "系统（命令行）";
	return x->username;
}

void h_audit_list(struct req *r)
{
	int page, size;
	struct audit_entry *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	struct bf_err e;
	struct audit_query q = {0};
	if (req_int_arg(r, "page", 1, 1, 1000000, &page) ||
	    req_int_arg(r, "size", 20, 1, 200, &size) || req_id_arg(r, "entity_id", &q.entity_id) ||
	    audit_days(r, &q))
		return;
	q.user = req_arg(r, "user");
	q.action = req_arg(r, "action");
	q.entity = req_arg(r, "entity");
	q.offset = (page - 1) * size;
	q.limit = size;
	if (audit_list(&r->core, &r->actor, &q, &items, &n, &total, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct audit_entry *x = &items[i];
		json_t *detail = json_loads(x->detail, 0, NULL);
		json_array_append_new(
		    a, json_pack("{s:I, s:o, s:s, s:s, s:s, s:s, s:I, s:s, s:o}", "seq",
				 (json_int_t)x->seq, "at", json_time(x->at), "username",
				 x->username, "user_name", actor_name(x), "action", x->action,
				 "entity", x->entity, "entity_id", (json_int_t)x->entity_id, "addr",
				 x->addr, "detail", detail ? detail : json_string(x->detail)));
	}
	free(items);
	reply_page(r, a, total, page, size);
}
