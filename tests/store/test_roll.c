/* test_roll.c - the store suite of the hardship roll (migration 0013,
 * store_roll.h): the same tests against SQLite and a throwaway PostgreSQL,
 * chosen by the URL in BANGFU_TEST_DB like test_cases.c.  Periods, one open
 * period per member, the guards that keep every period and every change,
 * optimistic locking, the list's scope, views and filters, and the roll as
 * of a day read back through the history. */
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
#include "store_roll.h"
#include "store_roll_review.h"
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
	test_district(g_db, "R-",
		      (struct org *[]){&g_dept, &g_com1, NULL, &g_br1, &g_br2, &g_com2, &g_br3},
		      (struct actor *[]){NULL, NULL, NULL, NULL, NULL, NULL, NULL});
	test_actor(g_db, "roll_admin", "admin", &g_dept, &admin);
	g_user = admin.user_id;
	return 0;
}

static int group_teardown(void **state)
{
	db_close(g_db);
	g_db = NULL;
	return 0;
}

/* An entry of a new member of org: active since since, relief/moderate. */
static struct roll_entry *make_entry(int64_t org, const char *name, const char *since)
{
	struct roll_entry *x = calloc(1, sizeof(*x));
	assert_non_null(x);
	x->member_id = test_member(g_db, org, name, "", "", "", 3);
	x->org_id = org;
	COPY(x->status, "active");
	COPY(x->source, "survey");
	COPY(x->since_on, since);
	COPY(x->category, "relief");
	COPY(x->tier, "moderate");
	policy_codes_add(&x->causes, "illness");
	COPY(x->household, "夫妻二人");
	x->household_size = 2;
	x->income_fen = 250000;
	COPY(x->needs, "医疗救助");
	x->created_by = g_user;
	x->confirmed_by = g_user;
	x->confirmed_at = 1;
	return x;
}

static void insert(struct roll_entry *x)
{
	struct bf_err e;
	test_check(store_roll_insert(g_db, x, &e), &e, "store_roll_insert");
	assert_true(x->id > 0);
}

static void change(int64_t entry, const char *field, const char *old_value, const char *new_value,
		   const char *effective_on)
{
	struct roll_change h = {0};
	struct bf_err e;
	h.entry_id = entry;
	h.user_id = g_user;
	COPY(h.username, "roll_admin");
	COPY(h.action, "update");
	COPY(h.field, field);
	COPY(h.old_value, old_value);
	COPY(h.new_value, new_value);
	COPY(h.effective_on, effective_on);
	COPY(h.reason, "复核");
	test_check(store_roll_change_insert(g_db, &h, &e), &e, "store_roll_change_insert");
	assert_true(h.id > 0);
}

static void test_crud(void **state)
{
	struct bf_err e;
	struct roll_entry *x = make_entry(g_br1.id, "甲一", "2025-01-10");
	struct roll_entry *y = calloc(1, sizeof(*y));
	insert(x);
	assert_int_equal(x->version, 1);
	assert_int_equal(store_roll_get(g_db, x->id, y, &e), DB_ONE);
	assert_string_equal(y->status, "active");
	assert_string_equal(y->org_path, g_br1.path);
	assert_string_equal(y->member_name, "甲一");
	assert_string_equal(y->since_on, "2025-01-10");
	assert_string_equal(y->until_on, "");
	assert_int_equal(y->causes.n, 1);
	assert_string_equal(y->causes.code[0], "illness");
	assert_int_equal(y->income_fen, 250000);
	assert_string_equal(y->needs, "医疗救助");
	assert_int_equal(store_roll_open_of(g_db, x->member_id, y, &e), DB_ONE);
	assert_int_equal(y->id, x->id);

	/* one open period per member */
	struct roll_entry *z = make_entry(g_br1.id, "甲一'", "2025-02-01");
	z->member_id = x->member_id;
	assert_int_equal(store_roll_insert(g_db, z, &e), DB_HARD);
	assert_int_equal(e.code, EC_CONFLICT);
	assert_string_equal(e.field, "member_id");

	/* a write names the version it read */
	COPY(y->tier, "severe");
	test_check(store_roll_update(g_db, y, &e), &e, "update");
	assert_int_equal(y->version, 2);
	COPY(x->tier, "temporary"); /* x still holds version 1 */
	assert_int_equal(store_roll_update(g_db, x, &e), DB_NONE);

	/* the exit closes the period; a new one may open, as a relapse */
	COPY(y->status, "exited");
	COPY(y->exit_on, "2025-07-01");
	COPY(y->exit_reason, "work");
	COPY(y->until_on, "2025-07-01");
	test_check(store_roll_update(g_db, y, &e), &e, "exit");
	assert_int_equal(store_roll_open_of(g_db, x->member_id, z, &e), DB_NONE);
	assert_int_equal(store_roll_last_exited(g_db, x->member_id, z, &e), DB_ONE);
	assert_int_equal(z->id, x->id);
	struct roll_entry *r = make_entry(g_br1.id, "甲一''", "2025-08-01");
	r->member_id = x->member_id;
	COPY(r->source, "relapse");
	r->relapse_of = x->id;
	insert(r);
	struct roll_entry *all = NULL;
	size_t n = 0;
	test_check(store_roll_of_member(g_db, x->member_id, &all, &n, &e), &e, "of member");
	assert_int_equal(n, 2);
	assert_int_equal(all[0].id, x->id);
	assert_int_equal(all[1].id, r->id);
	assert_int_equal(all[1].relapse_of, x->id);
	free(all);
	free(x);
	free(y);
	free(z);
	free(r);
}

/* What the database refuses whoever writes. */
static void test_guards(void **state)
{
	struct bf_err e;
	struct roll_entry *x = make_entry(g_br2.id, "乙一", "2025-01-10");
	COPY(x->category, "lazy");
	assert_int_equal(store_roll_insert(g_db, x, &e), DB_HARD);
	assert_int_equal(e.code, EC_INVALID);
	COPY(x->category, "relief");
	COPY(x->status, "exited"); /* exited without its date */
	assert_int_equal(store_roll_insert(g_db, x, &e), DB_HARD);
	COPY(x->status, "active");
	COPY(x->source, "relapse"); /* a relapse without the earlier period */
	assert_int_equal(store_roll_insert(g_db, x, &e), DB_HARD);
	COPY(x->source, "survey");
	insert(x);
	change(x->id, "tier", "moderate", "severe", "2025-03-01");
	/* nothing is deleted, the history is never rewritten */
	struct db_val id = DB_INT(x->id);
	assert_int_equal(db_exec(g_db, "DELETE FROM roll_entries WHERE id = $1", &id, 1, NULL, &e),
			 DB_HARD);
	assert_int_equal(db_exec(g_db, "UPDATE roll_history SET reason = 'x' WHERE entry_id = $1",
				 &id, 1, NULL, &e),
			 DB_HARD);
	assert_int_equal(
	    db_exec(g_db, "DELETE FROM roll_history WHERE entry_id = $1", &id, 1, NULL, &e),
	    DB_HARD);
	struct roll_change *h = NULL;
	size_t n = 0;
	test_check(store_roll_history(g_db, x->id, &h, &n, &e), &e, "history");
	assert_int_equal(n, 1);
	assert_string_equal(h[0].field, "tier");
	assert_string_equal(h[0].old_value, "moderate");
	assert_string_equal(h[0].new_value, "severe");
	assert_string_equal(h[0].effective_on, "2025-03-01");
	assert_string_equal(h[0].username, "roll_admin");
	free(h);
	free(x);
}

static int64_t list_total(struct roll_query *q, int64_t **ids, size_t *n)
{
	struct roll_entry *items = NULL;
	int64_t total = 0;
	struct bf_err e;
	if (q->income_min == 0 && q->income_max == 0)
		q->income_min = q->income_max = -1;
	test_check(store_roll_list(g_db, q, &items, n, &total, &e), &e, "store_roll_list");
	if (ids) {
		*ids = calloc(*n + 1, sizeof(**ids));
		for (size_t i = 0; i < *n; i++)
			(*ids)[i] = items[i].id;
	}
	free(items);
	return total;
}

/* The second committee's subtree has its own entries only. */
static void test_list(void **state)
{
	struct bf_err e;
	struct roll_entry *a = make_entry(g_br3.id, "丙一", "2025-01-10");
	struct roll_entry *b = make_entry(g_br3.id, "丙二", "2025-03-15");
	struct roll_entry *c = make_entry(g_br3.id, "丙三", "2025-02-01");
	struct roll_entry *d = make_entry(g_br3.id, "丙四", "2025-02-01");
	COPY(b->category, "care");
	COPY(b->tier, "severe");
	memset(&b->causes, 0, sizeof(b->causes));
	policy_codes_add(&b->causes, "disaster");
	policy_codes_add(&b->causes, "accident");
	b->income_fen = -1;
	COPY(c->status, "pending");
	c->confirmed_by = 0;
	c->confirmed_at = 0;
	insert(a);
	insert(b);
	insert(c);
	insert(d);
	/* a: tier moderate → severe on 2025-03-01, income 250000 → 400000
	 * on 2025-06-01; d left on 2025-06-30 */
	COPY(a->tier, "severe");
	a->income_fen = 400000;
	test_check(store_roll_update(g_db, a, &e), &e, "a");
	change(a->id, "tier", "moderate", "severe", "2025-03-01");
	change(a->id, "income_fen", "250000", "400000", "2025-06-01");
	COPY(d->status, "exited");
	COPY(d->exit_on, "2025-06-30");
	COPY(d->exit_reason, "moved");
	COPY(d->until_on, "2025-06-30");
	test_check(store_roll_update(g_db, d, &e), &e, "d");

	struct roll_query q = {.scope_path = g_com2.path};
	size_t n;
	int64_t *ids;
	assert_int_equal(list_total(&q, &ids, &n), 2); /* current: a, b */
	assert_int_equal(ids[0], b->id);	       /* newest first */
	assert_int_equal(ids[1], a->id);
	free(ids);
	q.view = ROLL_VIEW_PENDING;
	assert_int_equal(list_total(&q, NULL, &n), 1);
	q.view = ROLL_VIEW_EXITED;
	assert_int_equal(list_total(&q, NULL, &n), 1);
	q.view = ROLL_VIEW_ALL;
	assert_int_equal(list_total(&q, NULL, &n), 4);
	/* the scope and a narrower org: another committee sees none */
	q.scope_path = g_com1.path;
	list_total(&q, &ids, &n);
	for (size_t i = 0; i < n; i++)
		assert_true(ids[i] != a->id && ids[i] != b->id && ids[i] != c->id &&
			    ids[i] != d->id);
	free(ids);
	q.scope_path = g_dept.path;
	q.org_path = g_br3.path;
	assert_int_equal(list_total(&q, NULL, &n), 4);
	q.scope_path = g_com1.path; /* disjoint: nothing */
	assert_int_equal(list_total(&q, NULL, &n), 0);

	/* filters, now */
	struct roll_query f = {.scope_path = g_com2.path, .income_min = -1, .income_max = -1};
	f.category = "care";
	assert_int_equal(list_total(&f, NULL, &n), 1);
	f.category = NULL;
	f.tier = "severe";
	assert_int_equal(list_total(&f, NULL, &n), 2);
	f.tier = NULL;
	f.cause = "accident";
	assert_int_equal(list_total(&f, NULL, &n), 1);
	f.cause = "acc"; /* a whole code, not a part */
	assert_int_equal(list_total(&f, NULL, &n), 0);
	f.cause = NULL;
	f.income_min = 300000;
	assert_int_equal(list_total(&f, NULL, &n), 1); /* a; b's income unknown */
	f.income_min = -1;
	f.income_max = 300000;
	assert_int_equal(list_total(&f, NULL, &n), 0);
	f.income_max = -1;
	f.since_from = "2025-03-01";
	assert_int_equal(list_total(&f, NULL, &n), 1);
	f.since_from = NULL;
	f.since_to = "2025-01-31";
	assert_int_equal(list_total(&f, NULL, &n), 1);
	f.since_to = NULL;
	f.member_id = a->member_id;
	assert_int_equal(list_total(&f, NULL, &n), 1);

	/* as of a day: who, with the values of that day */
	struct roll_query o = {
	    .scope_path = g_com2.path, .view = ROLL_VIEW_AS_OF, .income_min = -1, .income_max = -1};
	struct roll_entry *items = NULL;
	int64_t total = 0;
	o.as_of = "2025-01-09";
	assert_int_equal(list_total(&o, NULL, &n), 0);
	o.as_of = "2025-02-15"; /* a (moderate), d; c is pending */
	test_check(store_roll_list(g_db, &o, &items, &n, &total, &e), &e, "as of");
	assert_int_equal(total, 2);
	for (size_t i = 0; i < n; i++)
		if (items[i].id == a->id) {
			assert_string_equal(items[i].tier, "moderate");
			assert_int_equal(items[i].income_fen, 250000);
		}
	free(items);
	o.tier = "moderate";
	assert_int_equal(list_total(&o, NULL, &n), 2);
	o.tier = "severe";
	assert_int_equal(list_total(&o, NULL, &n), 0);
	o.tier = NULL;
	o.as_of = "2025-06-29"; /* a (severe, 400000), b, d */
	assert_int_equal(list_total(&o, NULL, &n), 3);
	o.income_min = 300000;
	assert_int_equal(list_total(&o, NULL, &n), 1);
	o.income_min = -1;
	o.as_of = "2025-05-01";
	o.income_min = 300000; /* a had 250000 then */
	assert_int_equal(list_total(&o, NULL, &n), 0);
	o.income_min = -1;
	o.as_of = "2025-06-30"; /* d left that day */
	assert_int_equal(list_total(&o, NULL, &n), 2);

	/* waiting for a committee */
	struct roll_entry *w = NULL;
	size_t nw = 0;
	test_check(store_roll_waiting(g_db, g_com2.path, 10, &w, &nw, &total, &e), &e, "waiting");
	assert_int_equal(total, 1);
	assert_int_equal(w[0].id, c->id);
	free(w);
	free(a);
	free(b);
	free(c);
	free(d);
}

/* The roll reviews (migration 0016, store_roll_review.h): opening snapshots
 * the active entries of the subtree in one statement, one review per kind
 * and year, items by scope and status, the version lock, counts per
 * organisation, what waits, items never deleted, and the re-registration
 * flag of a November review after its finish date (and in the list). */
static void test_review(void **state)
{
	struct bf_err e;
	int64_t total = 0;
	(void)state;
	struct roll_entry *a = make_entry(g_br1.id, "复审甲", "2024-01-01");
	struct roll_entry *b = make_entry(g_br1.id, "复审乙", "2024-01-01");
	struct roll_entry *c = make_entry(g_br3.id, "复审丙", "2024-01-01");
	struct roll_entry *p = make_entry(g_br1.id, "复审丁", "2024-01-01");
	insert(a);
	insert(b);
	insert(c);
	COPY(p->status, "pending");
	insert(p);
	int64_t before = 0;
	struct roll_entry *all = NULL;
	size_t nall = 0;
	struct roll_query q = {.scope_path = g_dept.path,
			       .view = ROLL_VIEW_ALL,
			       .income_min = -1,
			       .income_max = -1,
			       .limit = 1};
	test_check(store_roll_list(g_db, &q, &all, &nall, &before, &e), &e, "list");
	free(all);

	struct roll_review r = {.org_id = g_dept.id, .year = 2030, .created_by = g_user};
	COPY(r.kind, "november");
	COPY(r.title, "2030 年 11 月台账动态调整");
	COPY(r.opened_on, "2030-11-01");
	COPY(r.finish_on, "2030-11-30");
	test_check(store_roll_review_insert(g_db, &r, g_dept.path, &e), &e, "review insert");
	assert_true(r.id > 0);
	/* active entries only: not the pending one */
	struct roll_review_item *items = NULL;
	size_t n = 0;
	test_check(
	    store_roll_review_items(g_db, r.id, g_br1.path, "", 0, 100, &items, &n, &total, &e), &e,
	    "items");
	int64_t mine = total;
	for (size_t i = 0; i < n; i++) {
		assert_int_not_equal(items[i].entry_id, p->id);
		assert_string_equal(items[i].status, "open");
		assert_string_equal(items[i].org_path, g_br1.path);
	}
	assert_true(mine >= 2);
	struct roll_review got;
	test_check(store_roll_review_get(g_db, r.id, &got, &e), &e, "get");
	assert_int_equal(got.items, r.items);
	assert_int_equal(got.open, r.items);
	assert_string_equal(got.status, "open");
	/* a second November review of 2030 */
	struct roll_review r2 = r;
	r2.id = 0;
	assert_int_equal(store_roll_review_insert(g_db, &r2, g_dept.path, &e), DB_HARD);
	assert_int_equal(e.code, EC_CONFLICT);

	/* decide a's item, with the version lock */
	struct roll_review_item *ia = NULL;
	for (size_t i = 0; i < n; i++)
		if (items[i].entry_id == a->id)
			ia = &items[i];
	assert_non_null(ia);
	if (!ia)
		return;
	COPY(ia->status, "decided");
	COPY(ia->decision, "continue");
	ia->decided_by = g_user;
	ia->decided_at = 5;
	test_check(store_roll_review_item_update(g_db, ia, &e), &e, "decide");
	struct roll_review_item stale = *ia;
	stale.version--;
	assert_int_equal(store_roll_review_item_update(g_db, &stale, &e), DB_NONE);
	int64_t *ids = NULL;
	size_t nids = 0;
	test_check(store_roll_review_decided(g_db, r.id, g_com1.path, &ids, &nids, &e), &e,
		   "decided");
	assert_int_equal(nids, 1);
	assert_int_equal(ids[0], ia->id);
	free(ids);
	struct roll_review_waiting *w = NULL;
	size_t nw = 0;
	test_check(store_roll_review_waiting(g_db, g_br1.path, "decided", &w, &nw, &e), &e,
		   "waiting");
	assert_int_equal(nw, 1);
	assert_int_equal(w[0].n, 1);
	assert_string_equal(w[0].finish_on, "2030-11-30");
	free(w);
	struct roll_review_count *cells = NULL;
	size_t nc = 0;
	test_check(store_roll_review_counts(g_db, r.id, g_br1.path, &cells, &nc, &e), &e, "counts");
	int64_t open = 0, decided = 0;
	for (size_t i = 0; i < nc; i++) {
		assert_int_equal(cells[i].org_id, g_br1.id);
		if (!strcmp(cells[i].status, "open"))
			open += cells[i].n;
		else if (!strcmp(cells[i].status, "decided"))
			decided += cells[i].n;
	}
	assert_int_equal(decided, 1);
	assert_int_equal(open, mine - 1);
	free(cells);
	/* confirm a; b stays open */
	COPY(ia->status, "confirmed");
	ia->confirmed_by = g_user;
	ia->confirmed_at = 6;
	test_check(store_roll_review_item_update(g_db, ia, &e), &e, "confirm");

	/* the flag: none before the finish date, b's after it, not a's */
	int64_t fid = 0;
	char title[TEXT_BYTES(TF_ROLL_REVIEW_TITLE_MAX)];
	test_check(store_roll_review_flag(g_db, b->id, "2030-11-30", &fid, title, &e), &e, "flag");
	assert_int_equal(fid, 0);
	test_check(store_roll_review_flag(g_db, b->id, "2030-12-01", &fid, title, &e), &e, "flag");
	assert_int_equal(fid, r.id);
	assert_string_equal(title, "2030 年 11 月台账动态调整");
	test_check(store_roll_review_flag(g_db, a->id, "2030-12-01", &fid, title, &e), &e, "flag");
	assert_int_equal(fid, 0);
	struct roll_query fq = {.scope_path = g_br1.path,
				.view = ROLL_VIEW_CURRENT,
				.income_min = -1,
				.income_max = -1,
				.limit = 100,
				.flagged = 1,
				.flag_today = "2030-12-01"};
	test_check(store_roll_list(g_db, &fq, &all, &nall, &total, &e), &e, "flagged list");
	int seen_b = 0;
	for (size_t i = 0; i < nall; i++) {
		assert_int_not_equal(all[i].id, a->id);
		seen_b |= all[i].id == b->id;
	}
	assert_true(seen_b);
	free(all);
	fq.flag_today = "2030-11-30";
	test_check(store_roll_list(g_db, &fq, &all, &nall, &total, &e), &e, "flagged list");
	assert_int_equal(total, 0);
	free(all);

	/* items are never deleted; closing once */
	assert_true(db_exec(g_db, "DELETE FROM roll_review_items", NULL, 0, NULL, &e) < 0);
	test_check(store_roll_review_close(g_db, r.id, g_user, &e), &e, "close");
	assert_int_equal(store_roll_review_close(g_db, r.id, g_user, &e), DB_NONE);
	free(items);
	free(a);
	free(b);
	free(c);
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
	    cmocka_unit_test(test_crud),
	    cmocka_unit_test(test_guards),
	    cmocka_unit_test(test_list),
	    cmocka_unit_test(test_review),
	};
	return cmocka_run_group_tests_name(test_group_name("roll-sqlite", "roll-pg"), tests,
					   group_setup, group_teardown);
}
