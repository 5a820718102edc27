/* org.c - the organisation tree (§1): department → committees → (general)
 * branches.  Users act inside their own subtree; the materialised path makes
 * "inside" a prefix test. */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "register.h"
#include "phone.h"
#include "store.h"
#include "text.h"

const char *const org_kind_names[] = {"组织部", "党委", "党工委", "党总支", "党支部", NULL};

static const struct {
	const char *name, *kind;
} kind_table[] = {
    {"组织部", ORG_DEPARTMENT},	    {"党委", ORG_COMMITTEE}, {"党工委", ORG_COMMITTEE},
    {"党总支", ORG_GENERAL_BRANCH}, {"党支部", ORG_BRANCH},
};

const char *org_kind_for_name(const char *kind_name)
{
	for (size_t i = 0; i < sizeof(kind_table) / sizeof(kind_table[0]); i++)
		if (!strcmp(kind_table[i].name, kind_name))
			return kind_table[i].kind;
	return NULL;
}

/* May a node of `kind` hang under a node of `parent_kind` (NULL = root)? */
static int kind_fits(const char *kind, const char *parent_kind)
{
	if (!strcmp(kind, ORG_DEPARTMENT))
		return parent_kind == NULL;
	if (!parent_kind)
		return 0;
	if (!strcmp(kind, ORG_COMMITTEE))
		return !strcmp(parent_kind, ORG_DEPARTMENT);
	if (!strcmp(kind, ORG_GENERAL_BRANCH))
		return !strcmp(parent_kind, ORG_COMMITTEE);
	if (!strcmp(kind, ORG_BRANCH))
		return !strcmp(parent_kind, ORG_COMMITTEE) ||
		       !strcmp(parent_kind, ORG_GENERAL_BRANCH);
	return 0;
}

static int code_valid(const char *code)
{
	size_t n = strlen(code);
	if (n == 0 || n > 32)
		return 0;
	for (const char *p = code; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' && *p != '.')
			return 0;
	return 1;
}

/* The office phone named on public notices: a landline or a mobile. */
static int org_phone(struct org *o, struct bf_err *e)
{
	char norm[32];
	if (!o->phone[0])
		return 0;
	if (phone_check(o->phone, norm, e))
		return -1; /* phone_check names the field and says what is wrong */
	memcpy(o->phone, norm, sizeof(norm));
	return 0;
}

int org_validate(const struct org *o, const struct org *parent, struct bf_err *e)
{
	if (!o->code[0])
		return err_set(e, EC_MISSING, "code", "请填写组织编码");
	if (!code_valid(o->code))
		return err_set(e, EC_INVALID, "code",
			       "组织编码只能由字母、数字、“-”“_”“.”组成，最长 32 位");
	if (text_valid(o->name, TF_ORG_NAME, 1, e))
		return -1;
	const char *kind = org_kind_for_name(o->kind_name);
	if (!kind)
		return err_set(e, EC_INVALID, "kind_name",
			       "组织类别应为 组织部、党委、党工委、党总支 或 党支部");
	if (!kind_fits(kind, parent ? parent->kind : NULL)) {
		if (!parent)
			return err_set(e, EC_INVALID, "parent_id", "请选择上级组织");
		return err_set(e, EC_INVALID, "parent_id", "“%s”下不能设立%s", parent->name,
			       o->kind_name);
	}
	return 0;
}

/* The audit row of an org change names its code and name. */
static int audit_org(struct db *db, const struct actor *a, const char *action, const struct org *o,
		     struct bf_err *e)
{
	struct strbuf d = STRBUF_INIT;
	strbuf_adds(&d, "{\"code\":\"");
	strbuf_add_json_str(&d, o->code);
	strbuf_adds(&d, "\",\"name\":\"");
	strbuf_add_json_str(&d, o->name);
	strbuf_adds(&d, "\"}");
	int rc = audit_record(db, a, action, "org", o->id, d.buf, e);
	strbuf_release(&d);
	return rc;
}

struct create_ctx {
	struct core *c;
	const struct actor *a;
	struct org *o;
};

static int create_fn(struct db *db, void *p, struct bf_err *e)
{
	struct create_ctx *x = p;
	struct org parent, *pp = NULL;
	if (x->o->parent_id) {
		enum db_qs qs = store_org_get(db, x->o->parent_id, &parent, e);
		if (qs < 0)
			return qs;
		if (qs == DB_NONE || !access_in_scope(x->a, parent.path))
			return err_set(e, EC_INVALID, "parent_id",
				       "上级组织不存在或不在您的管辖范围内");
		pp = &parent;
	} else if (strcmp(x->a->org_path, "/") != 0 && x->a->user_id != 0) {
		return err_set(e, EC_FORBIDDEN, "parent_id", "只有系统管理员可以建立顶级组织");
	}
	if (org_validate(x->o, pp, e) || org_phone(x->o, e))
		return -1;
	snprintf(x->o->kind, sizeof(x->o->kind), "%s", org_kind_for_name(x->o->kind_name));
	enum db_qs qs = store_org_insert(db, x->o, e);
	if (qs < 0)
		return qs == DB_HARD && e->code == EC_CONFLICT
			   ? err_set(e, EC_CONFLICT, "code", "组织编码“%s”已被使用", x->o->code)
			   : qs;
	return audit_org(db, x->a, "create", x->o, e);
}

int org_create_tx(struct core *c, const struct actor *a, struct org *o, struct bf_err *e)
{
	if (!access_allowed(a, PERM_MANAGE_ORGS))
		return err_set(e, EC_FORBIDDEN, NULL, "您的角色不能新建组织");
	text_trim(o->code);
	text_trim(o->name);
	text_trim(o->phone);
	struct create_ctx x = {.c = c, .a = a, .o = o};
	return create_fn(c->db, &x, e);
}

static int create_tx_fn(struct db *db, void *p, struct bf_err *e)
{
	struct create_ctx *x = p;
	return org_create_tx(x->c, x->a, x->o, e);
}

int org_create(struct core *c, const struct actor *a, struct org *o, struct bf_err *e)
{
	struct create_ctx x = {.c = c, .a = a, .o = o};
	return db_run_tx(c->db, "org_create", 1, create_tx_fn, &x, e);
}

int org_get_by_code(struct core *c, const struct actor *a, const char *code, struct org *out,
		    struct bf_err *e)
{
	enum db_qs qs = store_org_by_code(c->db, code, out, e);
	if (qs < 0)
		return -1;
	if (qs == DB_NONE || !access_in_scope(a, out->path))
		return err_set(e, EC_NOT_FOUND, "org", "组织编码“%s”不存在", code);
	return 0;
}

static int get_in_scope(struct db *db, const struct actor *a, int64_t id, struct org *out,
			struct bf_err *e)
{
	enum db_qs qs = store_org_get(db, id, out, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE || !access_in_scope(a, out->path))
		return err_set(e, EC_NOT_FOUND, NULL, "组织不存在");
	return 0;
}

int org_get(struct core *c, const struct actor *a, int64_t id, struct org *out, struct bf_err *e)
{
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	return get_in_scope(c->db, a, id, out, e) ? -1 : 0;
}

struct update_ctx {
	const struct actor *a;
	struct org *o;
};

static int update_fn(struct db *db, void *p, struct bf_err *e)
{
	struct update_ctx *x = p;
	struct org old, parent, *pp = NULL;
	int rc = get_in_scope(db, x->a, x->o->id, &old, e);
	if (rc)
		return rc;
	if (old.parent_id) {
		enum db_qs qs = store_org_get(db, old.parent_id, &parent, e);
		if (qs < 0)
			return qs;
		pp = qs == DB_ONE ? &parent : NULL;
	}
	/* The kind is fixed once created: moving levels would break the tree. */
	snprintf(x->o->kind_name, sizeof(x->o->kind_name), "%s", old.kind_name);
	snprintf(x->o->kind, sizeof(x->o->kind), "%s", old.kind);
	x->o->parent_id = old.parent_id;
	if (org_validate(x->o, pp, e) || org_phone(x->o, e))
		return -1;
	enum db_qs qs = store_org_update(db, x->o, e);
	if (qs < 0)
		return qs == DB_HARD && e->code == EC_CONFLICT
			   ? err_set(e, EC_CONFLICT, "code", "组织编码“%s”已被使用", x->o->code)
			   : qs;
	rc = audit_org(db, x->a, "update", x->o, e);
	if (rc)
		return rc;
	return store_org_get(db, x->o->id, x->o, e) < 0 ? DB_HARD : 0;
}

int org_update(struct core *c, const struct actor *a, struct org *o, struct bf_err *e)
{
	if (!access_allowed(a, PERM_MANAGE_ORGS))
		return err_set(e, EC_FORBIDDEN, NULL, "您的角色不能修改组织");
	text_trim(o->code);
	text_trim(o->name);
	text_trim(o->phone);
	struct update_ctx x = {.a = a, .o = o};
	return db_run_tx(c->db, "org_update", 1, update_fn, &x, e);
}

int org_list(struct core *c, const struct actor *a, struct org **items, size_t *n, struct bf_err *e)
{
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	return store_org_list(c->db, a->org_path, items, n, e) < 0 ? -1 : 0;
}
