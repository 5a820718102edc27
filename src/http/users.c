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
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, user_json(&items[i]));
	free(items);
	reply_json(r, 200, json_pack("{s:o}", "items", a));
}

void h_users_create(struct req *r)
{
	static const char *const keys[] = {"username", "display_name", "role",
					   "org_id",   "password",     NULL};
	struct user u;
	char password[256] = "";
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
	    json_get_str(j, "password", password, sizeof(password), "密码", &e);
	json_decref(j);
	if (rc || user_create(&r->core, &r->actor, &u, password, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_json(r, 201, json_pack("{s:I}", "id", (json_int_t)u.id));
}

void h_audit_list(struct req *r)
{
	int page, size;
	struct audit_entry *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	struct bf_err e;
	if (req_int_arg(r, "page", 1, 1, 1000000, &page) ||
	    req_int_arg(r, "size", 20, 1, 200, &size))
		return;
	if (audit_list(&r->core, &r->actor, page, size, &items, &n, &total, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct audit_entry *x = &items[i];
		json_t *detail = json_loads(x->detail, 0, NULL);
		json_array_append_new(
		    a,
		    json_pack("{s:I, s:o, s:s, s:s, s:s, s:I, s:s, s:o}", "seq", (json_int_t)x->seq,
			      "at", json_time(x->at), "username", x->username, "action", x->action,
			      "entity", x->entity, "entity_id", (json_int_t)x->entity_id, "addr",
			      x->addr, "detail", detail ? detail : json_string(x->detail)));
	}
	free(items);
	reply_json(r, 200,
		   json_pack("{s:o, s:I, s:i, s:i}", "items", a, "total", (json_int_t)total, "page",
			     page, "size", size));
}
