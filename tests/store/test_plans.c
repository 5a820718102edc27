/* test_plans.c - the store suite of help plans (帮扶计划, migration 0023,
 * store_care.h): the same tests against SQLite and a throwaway PostgreSQL,
 * chosen by the URL in BANGFU_TEST_DB like test_roll.c.  One plan per
 * member and year, the CHECKs that tie a measure's sub-kind, loan and done
 * day to it, optimistic locking of plans and measures, the counts a plan
 * is read with (done, dropped, overdue against a given today), the
 * organisation's view per branch, the members without a plan and the
 * overdue measures of a subtree. */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "db.h"
#include "store.h"
#include "store_care.h"
#include "store_roll.h"
#include "fixtures.h"
#include "freshdb.h"
#include "cases.h"

static const char *g_url;
static struct db *g_db;
static struct org g_dept, g_com1, g_com2, g_br1, g_br2, g_br3;
static int64_t g_user;

#define COPY(dst, src) snprintf((dst), sizeof(dst), "%s", (src))

static int group_setup(void **state)
{
	struct actor admin;
	g_db = test_fresh_db(g_url);
	if (!g_db)
		return -1;
	test_district(g_db, "P-",
		      (struct org *[]){&g_dept, &g_com1, NULL, &g_br1, &g_br2, &g_com2, &g_br3},
		      (struct actor *[]){NULL, NULL, NULL, NULL, NULL, NULL, NULL});
	test_actor(g_db, "plan_admin", "admin", &g_dept, &admin);
	g_user = admin.user_id;
	return 0;
}

static int group_teardown(void **state)
{
	db_close(g_db);
	g_db = NULL;
	return 0;
}

/* A new member of org on the roll (active, 造血型): the entry's id. */
static int64_t on_roll(int64_t org, const char *name, int64_t *member)
{
	struct roll_entry *x = calloc(1, sizeof(*x));
	struct bf_err e;
	assert_non_null(x);
	x->member_id = *member = test_member(g_db, org, name, "", "", "", 3);
	x->org_id = org;
	COPY(x->status, "active");
	COPY(x->source, "survey");
	COPY(x->since_on, "2025-01-10");
	COPY(x->category, "capacity");
	COPY(x->tier, "moderate");
	policy_codes_add(&x->causes, "illness");
	x->income_fen = -1;
	x->created_by = g_user;
	x->confirmed_by = g_user;
	x->confirmed_at = 1;
	test_check(store_roll_insert(g_db, x, &e), &e, "store_roll_insert");
	int64_t id = x->id;
	free(x);
	return id;
}

static int64_t plan(int64_t member, int64_t org, int64_t entry, int year)
{
	struct help_plan *p = calloc(1, sizeof(*p));
	struct bf_err e;
	assert_non_null(p);
	p->member_id = member;
	p->org_id = org;
	p->roll_entry_id = entry;
	p->year = year;
	COPY(p->goal, "增收");
	p->created_by = g_user;
	test_check(store_help_plan_insert(g_db, p, &e), &e, "store_help_plan_insert");
	assert_int_equal(p->version, 1);
	int64_t id = p->id;
	free(p);
	return id;
}

/* A measure of kind with its status and due day; the answer of the insert. */
static enum db_qs measure(int64_t plan_id, const char *kind, const char *sub, const char *status,
			  const char *due, int64_t *id)
{
	struct help_plan_measure m;
	struct bf_err e;
	memset(&m, 0, sizeof(m));
	m.plan_id = plan_id;
	COPY(m.kind, kind);
	/* the sub-kind by its own code, whatever the kind (to try the CHECKs) */
	if (!strcmp(sub, "dibao") || !strcmp(sub, "wubao"))
		COPY(m.security_kind, sub);
	else
		COPY(m.project_kind, sub);
	COPY(m.target, "目标");
	COPY(m.due_on, due);
	COPY(m.status, status);
	if (!strcmp(status, "done"))
		COPY(m.done_on, "2025-03-01");
	m.created_by = g_user;
	enum db_qs qs = store_help_measure_insert(g_db, &m, &e);
	if (id)
		*id = m.id;
	return qs;
}

static void test_plans(void **state)
{
	int64_t ma, mb, mc, md, ea, eb, ec, ed, m1 = 0, m2 = 0, any = 0;
	struct bf_err e;
	ea = on_roll(g_br1.id, "计划甲", &ma);
	eb = on_roll(g_br1.id, "计划乙", &mb);
	ec = on_roll(g_br2.id, "计划丙", &mc);
	ed = on_roll(g_br3.id, "计划丁", &md);
	(void)ec;
	(void)ed;
	int64_t pa = plan(ma, g_br1.id, ea, 2025), pb = plan(mb, g_br1.id, eb, 2025);
	plan(ma, g_br1.id, ea, 2026); /* another year of the same member */
	(void)pb;

	/* one plan per member and year */
	struct help_plan *dup = calloc(1, sizeof(*dup));
	assert_non_null(dup);
	dup->member_id = ma;
	dup->org_id = g_br1.id;
	dup->roll_entry_id = ea;
	dup->year = 2025;
	COPY(dup->goal, "重复");
	assert_true(store_help_plan_insert(g_db, dup, &e) < 0);
	free(dup);
	test_check(store_help_plan_find(g_db, ma, 2025, &any, &e), &e, "find");
	assert_int_equal(any, pa);
	test_check(store_help_plan_find(g_db, mc, 2025, &any, &e), &e, "find none");
	assert_int_equal(any, 0);

	/* the measures' CHECKs */
	assert_int_equal(measure(pa, "project", "farming", "doing", "2025-04-30", &m1), DB_ONE);
	assert_int_equal(measure(pa, "training", "", "done", "2025-03-31", NULL), DB_ONE);
	assert_int_equal(measure(pa, "job", "", "todo", "2025-05-31", &m2), DB_ONE);
	assert_int_equal(measure(pa, "market", "", "dropped", "2025-02-28", NULL), DB_ONE);
	assert_int_equal(measure(pa, "security", "wubao", "todo", "2025-09-30", NULL), DB_ONE);
	assert_true(measure(pa, "project", "", "todo", "2025-04-30", NULL) < 0);
	assert_true(measure(pa, "job", "farming", "todo", "2025-04-30", NULL) < 0);
	assert_true(measure(pa, "security", "", "todo", "2025-04-30", NULL) < 0);
	assert_true(measure(pa, "cooking", "", "todo", "2025-04-30", NULL) < 0);

	/* read with its counts: on 2025-05-10 the project (04-30) is overdue */
	struct help_plan *p = calloc(1, sizeof(*p));
	assert_non_null(p);
	assert_int_equal(store_help_plan_get(g_db, pa, "2025-05-10", p, &e), DB_ONE);
	assert_int_equal(p->measures, 5);
	assert_int_equal(p->done, 1);
	assert_int_equal(p->dropped, 1);
	assert_int_equal(p->overdue, 1);
	assert_string_equal(p->next_due_on, "2025-04-30");
	assert_string_equal(p->category, "capacity");
	assert_string_equal(p->org_path, g_br1.path);
	assert_int_equal(store_help_plan_get(g_db, pa, "2025-06-10", p, &e), DB_ONE);
	assert_int_equal(p->overdue, 2);

	/* optimistic locking of the plan and of a measure */
	COPY(p->goal, "新目标");
	assert_int_equal(store_help_plan_update(g_db, p, &e), DB_ONE);
	assert_int_equal(p->version, 2);
	p->version = 1;
	assert_int_equal(store_help_plan_update(g_db, p, &e), DB_NONE);
	struct help_plan_measure *m = calloc(1, sizeof(*m));
	assert_non_null(m);
	assert_int_equal(store_help_measure_get(g_db, m1, "2025-05-10", m, &e), DB_ONE);
	assert_true(m->overdue);
	COPY(m->status, "done");
	COPY(m->done_on, "2025-05-10");
	assert_int_equal(store_help_measure_update(g_db, m, &e), DB_ONE);
	assert_int_equal(m->version, 2);
	m->version = 1;
	assert_int_equal(store_help_measure_update(g_db, m, &e), DB_NONE);
	m->version = 2;
	m->done_on[0] = '\0'; /* done without its day: the CHECK */
	assert_true(store_help_measure_update(g_db, m, &e) < 0);
	free(m);

	/* notes, newest first; a review of a plan */
	struct help_plan_note n = {.measure_id = m2, .created_by = 0};
	COPY(n.noted_on, "2025-04-01");
	COPY(n.text, "早");
	test_check(store_help_note_insert(g_db, &n, &e), &e, "note");
	COPY(n.noted_on, "2025-05-01");
	COPY(n.text, "晚");
	test_check(store_help_note_insert(g_db, &n, &e), &e, "note");
	struct help_plan_note *notes = NULL;
	size_t nn = 0;
	test_check(store_help_notes(g_db, pa, &notes, &nn, &e), &e, "notes");
	assert_int_equal(nn, 2);
	assert_string_equal(notes[0].text, "晚");
	free(notes);

	/* the organisation's view of 2025 under committee 1: br1 has two on
	 * the roll, both with a plan; br2 one without; br3 is another town */
	struct help_plan_org *orgs = NULL;
	size_t no = 0;
	test_check(
	    store_help_plan_orgs(g_db, g_com1.path, NULL, 2025, "2025-06-10", &orgs, &no, &e), &e,
	    "orgs");
	assert_int_equal(no, 2);
	for (size_t i = 0; i < no; i++) {
		if (orgs[i].org_id == g_br1.id) {
			assert_int_equal(orgs[i].on_roll, 2);
			assert_int_equal(orgs[i].with_plan, 2);
			assert_int_equal(orgs[i].measures, 5);
			assert_int_equal(orgs[i].done, 2);
			assert_int_equal(orgs[i].overdue, 1); /* the job, 05-31 */
		} else {
			assert_int_equal(orgs[i].org_id, g_br2.id);
			assert_int_equal(orgs[i].on_roll, 1);
			assert_int_equal(orgs[i].with_plan, 0);
		}
	}
	free(orgs);
	struct help_plan_gap *gaps = NULL;
	size_t ng = 0;
	int64_t total = 0;
	test_check(
	    store_help_plan_gaps(g_db, g_com1.path, NULL, 2025, 0, 20, &gaps, &ng, &total, &e), &e,
	    "gaps");
	assert_int_equal(total, 1);
	assert_int_equal(gaps[0].member_id, mc);
	free(gaps);
	test_check(
	    store_help_plan_gaps(g_db, g_com1.path, NULL, 2026, 0, 20, &gaps, &ng, &total, &e), &e,
	    "gaps 2026");
	assert_int_equal(total, 2);
	free(gaps);

	/* overdue measures of a subtree, oldest due first */
	struct help_plan_due *due = NULL;
	size_t nd = 0;
	test_check(store_help_overdue(g_db, g_br1.path, "2025-10-01", 50, &due, &nd, &total, &e),
		   &e, "overdue");
	assert_int_equal(total, 2); /* the job (05-31) and the security (09-30) */
	assert_string_equal(due[0].due_on, "2025-05-31");
	assert_int_equal(due[0].member_id, ma);
	free(due);
	test_check(store_help_overdue(g_db, g_br2.path, "2025-10-01", 50, &due, &nd, &total, &e),
		   &e, "overdue br2");
	assert_int_equal(total, 0);
	free(due);

	/* the list: a year, a member, overdue, scope */
	struct help_plan_query q = {.scope_path = g_com1.path, .today = "2025-10-01", .limit = 20};
	struct help_plan *items = NULL;
	size_t ni = 0;
	test_check(store_help_plan_list(g_db, &q, &items, &ni, &total, &e), &e, "list");
	assert_int_equal(total, 3);
	free(items);
	q.year = 2025;
	q.overdue = 1;
	test_check(store_help_plan_list(g_db, &q, &items, &ni, &total, &e), &e, "list overdue");
	assert_int_equal(total, 1);
	assert_int_equal(items[0].id, pa);
	free(items);
	q.scope_path = g_com2.path;
	q.overdue = 0;
	test_check(store_help_plan_list(g_db, &q, &items, &ni, &total, &e), &e, "list other");
	assert_int_equal(total, 0);
	free(items);
	free(p);
}

int main(void)
{
	g_url = getenv("BANGFU_TEST_DB");
	if (!g_url || !*g_url) {
		fprintf(stderr, "BANGFU_TEST_DB is not set\n");
		return 1;
	}
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plans),
	};
	return cmocka_run_group_tests_name(test_group_name("plans-sqlite", "plans-pg"), tests,
					   group_setup, group_teardown);
}
