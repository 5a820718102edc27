/* orgs.c - /api/v1/orgs: the organisation tree of the caller's subtree. */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include "internal.h"

static json_t *org_json(const struct org *o)
{
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)o->id,
			      "code", o->code, "name", o->name, "kind", o->kind, "kind_name",
			      o->kind_name, "phone", o->phone, "path", o->path);
	json_object_set_new(j, "parent_id",
			    o->parent_id ? json_integer(o->parent_id) : json_null());
	return j;
}

void h_orgs_list(struct req *r)
{
	struct org *items = NULL;
	size_t n = 0;
	struct bf_err e;
	if (org_list(&r->core, &r->actor, &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	REPLY_ITEMS(r, items, n, org_json);
}

/* Fills o from the body's fields (absent ones left as they are). */
static int org_from_json(json_t *j, struct org *o, int creating, struct bf_err *e)
{
	static const char *const create_keys[] = {"code",      "name",	"kind_name", "kind",
						  "parent_id", "phone", NULL};
	static const char *const patch_keys[] = {"code", "name", "phone", NULL};
	char kind[16] = "";
	if (json_only_keys(j, creating ? create_keys : patch_keys, e) ||
	    json_get_str(j, "code", o->code, sizeof(o->code), "组织编码", e) ||
	    json_get_str(j, "name", o->name, sizeof(o->name), "组织名称", e) ||
	    json_get_str(j, "phone", o->phone, sizeof(o->phone), "联系电话", e) ||
	    json_get_str(j, "kind_name", o->kind_name, sizeof(o->kind_name), "组织类别", e) ||
	    json_get_str(j, "kind", kind, sizeof(kind), "组织类别", e) ||
	    json_get_int(j, "parent_id", &o->parent_id, "上级组织", e))
		return -1;
	/* Accept the English kind when no Chinese category was given. */
	if (creating && !o->kind_name[0] && kind[0]) {
		for (const char *const *p = org_kind_names; *p; p++)
			if (!strcmp(org_kind_for_name(*p), kind)) {
				snprintf(o->kind_name, sizeof(o->kind_name), "%s", *p);
				break;
			}
	}
	return 0;
}

void h_orgs_create(struct req *r)
{
	struct org o;
	struct bf_err e;
	memset(&o, 0, sizeof(o));
	json_t *j = req_json(r);
	if (!j)
		return;
	int rc = org_from_json(j, &o, 1, &e);
	json_decref(j);
	if (rc || org_create(&r->core, &r->actor, &o, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_json(r, 201, json_pack("{s:I}", "id", (json_int_t)o.id));
}

void h_org_get(struct req *r)
{
	struct org o;
	struct bf_err e;
	if (org_get(&r->core, &r->actor, r->id, &o, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_json(r, 200, org_json(&o));
}

void h_org_patch(struct req *r)
{
	struct org o;
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j)
		return;
	int rc = org_get(&r->core, &r->actor, r->id, &o, &e);
	if (!rc)
		rc = org_from_json(j, &o, 0, &e);
	json_decref(j);
	if (rc || org_update(&r->core, &r->actor, &o, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_json(r, 200, org_json(&o));
}
