/* access.c - who may do what (roles × permissions) and where (the subtree
 * of the user's organisation, by materialised path prefix). */
#include <stdio.h>
#include <string.h>
#include "core.h"

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
