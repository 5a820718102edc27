/* access.c - who may do what (roles × permissions) and where (the subtree
 * of the user's organisation, by materialised path prefix). */
#include <stdio.h>
#include <string.h>
#include "register.h"

/* One row per role: the permissions it holds.  Scope is separate: every role
 * acts only inside its own organisation's subtree. */
static const struct {
	const char *role;
	unsigned perms;
} role_table[] = {
    {"admin", 1u << PERM_READ | 1u << PERM_WRITE | 1u << PERM_REVEAL | 1u << PERM_MANAGE_ORGS |
		  1u << PERM_MANAGE_USERS | 1u << PERM_READ_AUDIT},
    {"department", 1u << PERM_READ | 1u << PERM_WRITE | 1u << PERM_REVEAL | 1u << PERM_MANAGE_ORGS},
    {"committee", 1u << PERM_READ | 1u << PERM_WRITE | 1u << PERM_REVEAL | 1u << PERM_MANAGE_ORGS},
    {"branch", 1u << PERM_READ | 1u << PERM_WRITE | 1u << PERM_REVEAL},
    {"auditor", 1u << PERM_READ | 1u << PERM_READ_AUDIT},
};

const char *const user_roles[] = {"admin", "department", "committee", "branch", "auditor", NULL};

/* Which kinds of organisation each role may be attached to (issue #8):
 * the department's and the admin's work is district-wide or a committee's,
 * a committee's account sits at a committee, a branch's at a branch. */
static const struct {
	const char *role, *label;
	const char *kinds[3];
	const char *where; /* the kinds, for the message */
} role_orgs[] = {
    {"admin", "系统管理员", {ORG_DEPARTMENT, ORG_COMMITTEE}, "组织部或党（工）委"},
    {"department", "组织部", {ORG_DEPARTMENT}, "组织部（根组织）"},
    {"committee", "党(工)委", {ORG_COMMITTEE}, "党委或党工委"},
    {"branch", "党支部", {ORG_BRANCH, ORG_GENERAL_BRANCH}, "党支部或党总支"},
    {"auditor", "审计员", {ORG_DEPARTMENT, ORG_COMMITTEE}, "组织部或党（工）委"},
};

const char *access_role_label(const char *role)
{
	for (size_t i = 0; i < sizeof(role_orgs) / sizeof(role_orgs[0]); i++)
		if (!strcmp(role_orgs[i].role, role))
			return role_orgs[i].label;
	return role;
}

int access_role_fits_org(const char *role, const struct org *o, const char *field, struct bf_err *e)
{
	for (size_t i = 0; i < sizeof(role_orgs) / sizeof(role_orgs[0]); i++) {
		if (strcmp(role_orgs[i].role, role) != 0)
			continue;
		for (size_t k = 0; k < 3 && role_orgs[i].kinds[k]; k++)
			if (!strcmp(role_orgs[i].kinds[k], o->kind))
				return 0;
		return err_set(e, EC_INVALID, field, "所属组织：%s账号只能属于%s，“%s”是%s",
			       role_orgs[i].label, role_orgs[i].where, o->name,
			       o->kind_name[0] ? o->kind_name : o->kind);
	}
	return err_set(e, EC_INVALID, "role",
		       "角色应为 admin、department、committee、branch 或 auditor");
}

int access_role_valid(const char *role)
{
	for (size_t i = 0; i < sizeof(role_table) / sizeof(role_table[0]); i++)
		if (!strcmp(role_table[i].role, role))
			return 1;
	return 0;
}

int access_allowed(const struct actor *a, enum perm p)
{
	for (size_t i = 0; i < sizeof(role_table) / sizeof(role_table[0]); i++)
		if (!strcmp(role_table[i].role, a->role))
			return (role_table[i].perms >> p) & 1u;
	return 0;
}

int access_in_scope(const struct actor *a, const char *path)
{
	size_t n = strlen(a->org_path);
	return n > 0 && strncmp(path, a->org_path, n) == 0;
}

int access_at_root(const struct actor *a)
{
	const char *p = a->org_path;
	if (!strcmp(p, "/"))
		return 1; /* the command line */
	/* "/N/": one organisation on the path, the root of the tree */
	return p[0] == '/' && strlen(p) > 2 && strchr(p + 1, '/') == p + strlen(p) - 1;
}

void actor_cli(struct actor *a, const char *what)
{
	memset(a, 0, sizeof(*a));
	snprintf(a->username, sizeof(a->username), "%s", what ? what : "cli");
	snprintf(a->role, sizeof(a->role), "admin");
	snprintf(a->org_path, sizeof(a->org_path), "/");
	snprintf(a->addr, sizeof(a->addr), "cli");
}

void actor_from_user(struct actor *a, const struct user *u, const char *addr)
{
	memset(a, 0, sizeof(*a));
	a->user_id = u->id;
	a->org_id = u->org_id;
	snprintf(a->username, sizeof(a->username), "%s", u->username);
	snprintf(a->role, sizeof(a->role), "%s", u->role);
	snprintf(a->org_path, sizeof(a->org_path), "%s", u->org_path);
	snprintf(a->addr, sizeof(a->addr), "%s", addr ? addr : "");
}
