/* test_access.c - the role table of core/access.c: every role × permission
 * as docs/API.md ("Scope", "Roles and organisations") states it, a role
 * the table does not know holds nothing, the subtree is a prefix of whole
 * path segments (/1/4/ holds /1/4/17/, not /1/40/), the root is the
 * district's organisation only, and which kinds of organisation each role
 * may be attached to. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "register.h"

#define P(x) (1u << (x))
#define ALL  (P(PERM_READ) | P(PERM_WRITE) | P(PERM_REVEAL))

/* Every role and what it holds, written again from the documentation. */
static const struct {
	const char *role;
	unsigned perms;
} roles[] = {
    {"admin", ALL | P(PERM_MANAGE_ORGS) | P(PERM_MANAGE_USERS) | P(PERM_READ_AUDIT)},
    {"department", ALL | P(PERM_MANAGE_ORGS)},
    {"committee", ALL | P(PERM_MANAGE_ORGS)},
    {"branch", ALL},
    {"auditor", P(PERM_READ) | P(PERM_READ_AUDIT)},
};
#define NROLES (sizeof(roles) / sizeof(roles[0]))
#define NPERMS (PERM_READ_AUDIT + 1)

static struct actor actor(const char *role, const char *path)
{
	struct actor a;
	memset(&a, 0, sizeof(a));
	snprintf(a.role, sizeof(a.role), "%s", role);
	snprintf(a.org_path, sizeof(a.org_path), "%s", path);
	return a;
}

static void test_every_role_and_permission(void **state)
{
	for (size_t i = 0; i < NROLES; i++) {
		struct actor a = actor(roles[i].role, "/1/");
		assert_true(access_role_valid(roles[i].role));
		for (int p = 0; p < NPERMS; p++)
			if (access_allowed(&a, (enum perm)p) != (int)((roles[i].perms >> p) & 1u))
				fail_msg("%s, permission %d: %d", roles[i].role, p,
					 access_allowed(&a, (enum perm)p));
	}
	/* the roles a user may have are exactly the table's, in its order */
	size_t n = 0;
	for (; user_roles[n]; n++) {
		assert_true(n < NROLES);
		assert_string_equal(user_roles[n], roles[n].role);
	}
	assert_int_equal(n, NROLES);
}

/* A role the table does not know (misspelt, another case, padded, empty)
 * is not valid and holds no permission at all. */
static void test_unknown_role_holds_nothing(void **state)
{
	static const char *const unknown[] = {"",    "Admin", "ADMIN",	     "admin ", " admin",
					      "adm", "root",  "departments", "审计",   "auditor\n"};
	for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		struct actor a = actor(unknown[i], "/");
		assert_false(access_role_valid(unknown[i]));
		for (int p = 0; p < NPERMS; p++)
			if (access_allowed(&a, (enum perm)p))
				fail_msg("“%s” holds permission %d", unknown[i], p);
		/* the label of an unknown role is the role itself */
		assert_string_equal(access_role_label(unknown[i]), unknown[i]);
	}
	/* each known role's label is its Chinese name */
	assert_string_equal(access_role_label("admin"), "系统管理员");
	assert_string_equal(access_role_label("department"), "组织部");
	assert_string_equal(access_role_label("committee"), "党(工)委");
	assert_string_equal(access_role_label("branch"), "党支部");
	assert_string_equal(access_role_label("auditor"), "审计员");
}

/* The subtree of /1/4/ is every path that starts with it: whole segments
 * only, never a sibling whose id starts with the same digits. */
static void test_scope_prefix_boundaries(void **state)
{
	static const struct {
		const char *actor, *path;
		int in;
	} cases[] = {
	    {"/1/4/", "/1/4/", 1},
	    {"/1/4/", "/1/4/17/", 1},
	    {"/1/4/", "/1/4/17/230/", 1},
	    {"/1/4/", "/1/40/", 0},
	    {"/1/4/", "/1/40/17/", 0},
	    {"/1/4/", "/1/41/", 0},
	    {"/1/4/", "/1/", 0},
	    {"/1/4/", "/1/5/", 0},
	    {"/1/4/", "/2/4/", 0},
	    {"/1/4/", "/11/4/", 0},
	    {"/1/4/", "", 0},
	    {"/1/4/", "/1/4", 0},
	    {"/1/40/", "/1/4/", 0},
	    {"/1/40/", "/1/40/7/", 1},
	    {"/1/", "/1/4/", 1},
	    {"/1/", "/1/40/", 1},
	    {"/1/", "/10/", 0},
	    {"/1/", "/2/", 0},
	    {"/", "/1/4/", 1}, /* the command line: everything */
	    {"/", "/", 1},
	    {"", "/1/", 0}, /* no organisation, no scope */
	    {"", "", 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct actor a = actor("branch", cases[i].actor);
		if (access_in_scope(&a, cases[i].path) != cases[i].in)
			fail_msg("%s holds %s: want %d", cases[i].actor, cases[i].path,
				 cases[i].in);
	}
}

/* The root is the district's own organisation ("/N/") or the command line
 * ("/"); anything below it, or no organisation, is not. */
static void test_at_root(void **state)
{
	static const struct {
		const char *path;
		int root;
	} cases[] = {
	    {"/", 1},	   {"/1/", 1}, {"/17/", 1}, {"/1/4/", 0}, {"/1/4/17/", 0},
	    {"/10/4/", 0}, {"", 0},    {"//", 0},   {"1/", 0},	  {"/1", 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct actor a = actor("department", cases[i].path);
		if (access_at_root(&a) != cases[i].root)
			fail_msg("%s at the root: want %d", cases[i].path, cases[i].root);
	}
	/* the command line's actor acts at the root with every right */
	struct actor cli;
	actor_cli(&cli, NULL);
	assert_true(access_at_root(&cli));
	assert_true(access_in_scope(&cli, "/1/4/17/"));
	assert_true(access_allowed(&cli, PERM_MANAGE_USERS));
	assert_string_equal(cli.username, "cli");
}

/* Which kinds of organisation each role may be attached to (API.md, "Roles
 * and organisations"), and the refusal naming the field. */
static void test_role_fits_org(void **state)
{
	static const char *const kinds[] = {ORG_DEPARTMENT, ORG_COMMITTEE, ORG_GENERAL_BRANCH,
					    ORG_BRANCH};
	static const struct {
		const char *role;
		int fits[4]; /* per kind above */
	} table[] = {
	    {"admin", {1, 1, 0, 0}},  {"department", {1, 0, 0, 0}}, {"committee", {0, 1, 0, 0}},
	    {"branch", {0, 0, 1, 1}}, {"auditor", {1, 1, 0, 0}},
	};
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		for (size_t k = 0; k < 4; k++) {
			struct org o;
			struct bf_err e = {0};
			memset(&o, 0, sizeof(o));
			snprintf(o.kind, sizeof(o.kind), "%s", kinds[k]);
			snprintf(o.name, sizeof(o.name), "某组织");
			int rc = access_role_fits_org(table[i].role, &o, "org_id", &e);
			if (rc != (table[i].fits[k] ? 0 : -1))
				fail_msg("%s at a %s: %d", table[i].role, kinds[k], rc);
			if (rc) {
				assert_int_equal(e.code, EC_INVALID);
				assert_string_equal(e.field, "org_id");
				assert_non_null(strstr(e.message, "某组织"));
				assert_non_null(
				    strstr(e.message, access_role_label(table[i].role)));
			}
		}
	/* an unknown role fits nowhere and names the role field */
	struct org o;
	struct bf_err e = {0};
	memset(&o, 0, sizeof(o));
	snprintf(o.kind, sizeof(o.kind), "%s", ORG_DEPARTMENT);
	assert_int_equal(access_role_fits_org("root", &o, "org_id", &e), -1);
	assert_int_equal(e.code, EC_INVALID);
	assert_string_equal(e.field, "role");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_role_and_permission),
	    cmocka_unit_test(test_unknown_role_holds_nothing),
	    cmocka_unit_test(test_scope_prefix_boundaries),
	    cmocka_unit_test(test_at_root),
	    cmocka_unit_test(test_role_fits_org),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
