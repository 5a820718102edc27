/* test_cases.c - the store suite of the aid procedure (migration 0002,
 * store_cases.h): the same tests against SQLite and a throwaway PostgreSQL,
 * chosen by the URL in BANGFU_TEST_DB like test_store.c
 * (tests/store/meson.build runs SQLite; scripts/test-all.sh runs it on
 * scripts/pg-harness.sh).  Every run starts from an empty database. */
#include <inttypes.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include "db.h"
#include "store.h"
#include "store_cases.h"
#include "fixtures.h"
#include "freshdb.h"
#include "cases.h"
#include "store_screening.h"

static const char *g_url;
static struct db *g_db;

/* The district every test shares: a department with two committees and
 * three branches, one user, and the default policy as version 1.  Tests
 * that count add their own subtree so they see only their own cases. */
static struct org g_dept, g_com1, g_br1, g_br2;
static int64_t g_user;
static int64_t g_round; /* the 2024 round of g_dept */

/* A constraint refused the write (CHECK, foreign key, NOT NULL). */
static void refused(enum db_qs qs, const struct bf_err *e)
{
	assert_int_equal(qs, DB_HARD);
	assert_int_equal(e->code, EC_INVALID);
}

#define COPY(dst, src) snprintf((dst), sizeof(dst), "%s", (src))

/* --- fixtures --- */

static void add_org(const char *code, const char *name, const char *kind, int64_t parent,
		    struct org *out)
{
	test_org(g_db, code, name, kind, parent, NULL, out);
}

static int64_t add_member(int64_t org_id, const char *name)
{
	return test_member(g_db, org_id, name, "", "", "", 2);
}

static void fake_hex(char out[65], int64_t n)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)n;
	for (int i = 0; i < 4; i++) {
		h = h * 6364136223846793005ULL + 1442695040888963407ULL;
		snprintf(out + i * 16, 17, "%016" PRIx64, h);
	}
}

static int64_t add_round(int64_t org_id, int year, const char *opened, const char *due)
{
	struct aid_round r = {0};
	struct bf_err e;
	r.org_id = org_id;
	r.year = year;
	snprintf(r.title, sizeof(r.title), "%d 年度生活困难党员帮扶", year);
	COPY(r.opened_on, opened);
	COPY(r.due_on, due);
	r.policy_version = 1;
	r.created_by = g_user;
	test_check(store_round_insert(g_db, &r, &e), &e, "store_round_insert");
	return r.id;
}

/* A minimal case: yearly in round (0: emergency) of the round's year. */
static void make_case(struct aid_case *c, int64_t member, int64_t org, int64_t round, int year)
{
	memset(c, 0, sizeof(*c));
	c->member_id = member;
	c->org_id = org;
	COPY(c->kind, round ? "yearly" : "emergency");
	c->round_id = round;
	c->year = year;
	c->policy_version = 1;
	c->income_fen = -1;
	c->labour_capacity = 1;
	c->created_by = g_user;
}

static int64_t add_case(int64_t member, int64_t org, int64_t round, int year)
{
	struct aid_case *c = malloc(sizeof(*c));
	struct bf_err e;
	assert_non_null(c);
	make_case(c, member, org, round, year);
	test_check(store_case_insert(g_db, c, &e), &e, "store_case_insert");
	int64_t id = c->id;
	free(c);
	return id;
}

/* Moves a case to state with deadline due ("" none), whatever its version. */
static void put_state(int64_t id, const char *state, const char *due)
{
	struct aid_case *c = malloc(sizeof(*c));
	struct bf_err e;
	assert_non_null(c);
	assert_int_equal(store_case_get(g_db, id, c, &e), DB_ONE);
	COPY(c->state, state);
	COPY(c->due_on, due);
	c->updated_at = 0;
	assert_int_equal(store_case_set_state(g_db, c, &e), DB_ONE);
	free(c);
}

static int group_setup(void **state)
{
	struct bf_err e;
	struct actor admin;

	g_db = test_fresh_db(g_url);
	if (!g_db)
		return -1;
	test_district(g_db, "C-",
		      (struct org *[]){&g_dept, &g_com1, NULL, &g_br1, &g_br2, NULL, NULL},
		      (struct actor *[]){NULL, NULL, NULL, NULL, NULL, NULL, NULL});
	test_actor(g_db, "case_admin", "admin", &g_dept, &admin);
	g_user = admin.user_id;
	/* version 1 as the core stores it on first use */
	struct policy_row p = {0};
	p.version = 1;
	COPY(p.effective_from, "2020-01-01");
	COPY(p.note, "出厂默认");
	p.document = (char *)policy_default_text();
	if (store_policy_insert(g_db, &p, &e) != DB_ONE)
		return -1;
	g_round = add_round(g_dept.id, 2024, "2024-12-01", "2024-12-16");
	return 0;
}

static int group_teardown(void **state)
{
	db_close(g_db);
	g_db = NULL;
	return 0;
}

/* --- the migration --- */

static void test_migration(void **state)
{
	struct bf_err e;
	/* every table of migration 0002 is there, holding only what the group
	 * setup put in: the first policy and one round */
	static const struct {
		const char *sql;
		int64_t rows;
	} tables[] = {
	    {"SELECT count(*) FROM policies", 1},	{"SELECT count(*) FROM calendar_days", 0},
	    {"SELECT count(*) FROM calendar_years", 0}, {"SELECT count(*) FROM rounds", 1},
	    {"SELECT count(*) FROM cases", 0},		{"SELECT count(*) FROM case_events", 0},
	    {"SELECT count(*) FROM notices", 0},	{"SELECT count(*) FROM notice_cases", 0},
	    {"SELECT count(*) FROM objections", 0},	{"SELECT count(*) FROM attachments", 0}};
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		struct db_rows *r = NULL;
		test_check(db_query(g_db, tables[i].sql, NULL, 0, &r, &e), &e, tables[i].sql);
		assert_int_equal(db_next(r), 1);
		assert_int_equal(db_int(r, 0), tables[i].rows);
		db_rows_free(r);
	}
	assert_int_equal(
	    test_sql_val(g_db, "SELECT count(*) FROM schema_migrations WHERE version IN (2, $1)",
			 DB_INT(3)),
	    2);
	/* applying again finds nothing to do */
	test_check(db_migrate(g_db, &e), &e, "migrate again");
	/* later migrations (the fund's) may follow 0003 */
	assert_true(test_sql_val(g_db,
				 "SELECT MAX(version) FROM schema_migrations WHERE version > $1",
				 DB_INT(0)) >= 3);
	/* the policy table starts empty: version 1 is the core's insert */
	assert_int_equal(
	    test_sql_val(g_db, "SELECT count(*) FROM policies WHERE version >= $1", DB_INT(1)), 1);
}

/* --- policies --- */

static void insert_policy(int version, const char *from, const char *doc, enum db_qs want)
{
	struct policy_row p = {0};
	struct bf_err e;
	p.version = version;
	COPY(p.effective_from, from);
	snprintf(p.note, sizeof(p.note), "第 %d 版", version);
	p.created_by = g_user;
	p.document = (char *)doc;
	enum db_qs qs = store_policy_insert(g_db, &p, &e);
	if (qs < 0 && want >= 0)
		fail_msg("store_policy_insert: %s", e.message);
	assert_int_equal(qs, want);
}

static void in_force(const char *date, int want)
{
	struct policy_row p = {0};
	struct bf_err e;
	enum db_qs qs = store_policy_in_force(g_db, date, &p, &e);
	test_check(qs, &e, "in force");
	if (!want) {
		assert_int_equal(qs, DB_NONE);
		return;
	}
	assert_int_equal(qs, DB_ONE);
	assert_int_equal(p.version, want);
	assert_non_null(p.document);
	store_policy_row_release(&p);
	assert_null(p.document);
}

static void test_policies(void **state)
{
	struct bf_err e;
	struct policy_row p = {0}, *list = NULL;
	size_t n = 0;
	int max = -1;

	/* the default again: nothing happens, version 1 stays */
	insert_policy(1, "2021-01-01", "{\"other\": true}", DB_NONE);
	assert_int_equal(store_policy_get(g_db, 1, &p, &e), DB_ONE);
	assert_string_equal(p.document, policy_default_text());
	assert_string_equal(p.effective_from, "2020-01-01");
	assert_string_equal(p.note, "出厂默认");
	assert_int_equal(p.created_by, 0);
	assert_string_equal(p.created_by_name, "");
	assert_true(p.created_at > 0);
	store_policy_row_release(&p);

	insert_policy(2, "2025-01-01", "{\"v\": 2}", DB_ONE);
	insert_policy(3, "2025-01-01", "{\"v\": 3}", DB_ONE); /* a correction, same date */
	insert_policy(4, "2026-06-01", "{\"v\": 4}", DB_ONE);
	in_force("2019-12-31", 0);
	in_force("2020-01-01", 1);
	in_force("2024-12-31", 1);
	in_force("2025-01-01", 3); /* the higher version on a tie */
	in_force("2026-05-31", 3);
	in_force("2026-06-01", 4);
	in_force("2099-01-01", 4);

	assert_int_equal(store_policy_get(g_db, 2, &p, &e), DB_ONE);
	assert_string_equal(p.document, "{\"v\": 2}");
	assert_string_equal(p.created_by_name, "case_admin");
	assert_int_equal(p.created_by, g_user);
	store_policy_row_release(&p);
	assert_int_equal(store_policy_get(g_db, 9, &p, &e), DB_NONE);

	assert_int_equal(store_policy_list(g_db, &list, &n, &e), DB_ONE);
	assert_int_equal(n, 4);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(list[i].version, (int)i + 1);
		assert_null(list[i].document); /* the history list has none */
	}
	assert_string_equal(list[3].effective_from, "2026-06-01");
	assert_string_equal(list[3].note, "第 4 版");
	store_policy_rows_free(list, n);
	assert_int_equal(store_policy_max_version(g_db, &max, &e), DB_ONE);
	assert_int_equal(max, 4);

	/* refused: a bad date, a version 0, a document that is no object, none */
	insert_policy(5, "2026-13", "{}", DB_HARD);
	insert_policy(0, "2026-01-01", "{}", DB_HARD);
	insert_policy(5, "2026-01-01", "[1]", DB_HARD);
	p = (struct policy_row){0};
	p.version = 5;
	COPY(p.effective_from, "2026-01-01");
	assert_int_equal(store_policy_insert(g_db, &p, &e), DB_HARD);

	/* append-only: a stored version never changes */
	struct db_val one = DB_INT(1);
	assert_int_equal(
	    db_exec(g_db, "UPDATE policies SET note = 'x' WHERE version = $1", &one, 1, NULL, &e),
	    DB_HARD);
	assert_int_equal(e.code, EC_FORBIDDEN);
	assert_int_equal(
	    db_exec(g_db, "DELETE FROM policies WHERE version = $1", &one, 1, NULL, &e), DB_HARD);
	assert_int_equal(e.code, EC_FORBIDDEN);
	assert_int_equal(
	    test_sql_val(g_db, "SELECT count(*) FROM policies WHERE version >= $1", DB_INT(1)), 4);
}

/* --- the calendar --- */

static enum db_qs set_day(const char *day, const char *kind, const char *name, struct bf_err *e)
{
	struct calendar_edit d = {0};
	COPY(d.day, day);
	COPY(d.kind, kind);
	COPY(d.name, name);
	d.updated_by = g_user;
	return store_calendar_set_day(g_db, &d, e);
}

static void test_calendar(void **state)
{
	struct bf_err e;
	struct calendar_edit *days = NULL;
	struct calendar_year *years = NULL, y = {0};
	size_t n = 0;

	test_check(set_day("2027-01-01", "holiday", "元旦", &e), &e, "set");
	test_check(set_day("2027-02-07", "workday", "春节调休", &e), &e, "set");
	test_check(set_day("2026-10-09", "normal", "", &e), &e, "set");
	/* setting a day again replaces it */
	test_check(set_day("2027-01-01", "holiday", "新年", &e), &e, "set again");
	refused(set_day("2027-01-02", "vacation", "", &e), &e);
	refused(set_day("2027-1-2", "holiday", "", &e), &e);

	assert_int_equal(store_calendar_list_year(g_db, 2027, &days, &n, &e), DB_ONE);
	assert_int_equal(n, 2);
	assert_string_equal(days[0].day, "2027-01-01");
	assert_string_equal(days[0].kind, "holiday");
	assert_string_equal(days[0].name, "新年");
	assert_int_equal(days[0].updated_by, g_user);
	assert_true(days[0].updated_at > 0);
	assert_string_equal(days[1].day, "2027-02-07");
	assert_string_equal(days[1].kind, "workday");
	free(days);
	assert_int_equal(store_calendar_list_year(g_db, 0, &days, &n, &e), DB_ONE);
	assert_int_equal(n, 3);
	assert_string_equal(days[0].day, "2026-10-09");
	assert_string_equal(days[0].kind, "normal");
	free(days);
	assert_int_equal(store_calendar_list_year(g_db, 2028, &days, &n, &e), DB_NONE);
	assert_null(days);

	y.year = 2027;
	COPY(y.source, "国务院办公厅关于2027年部分节假日安排的通知（草）");
	test_check(store_calendar_mark_year(g_db, &y, &e), &e, "mark");
	COPY(y.source, "国务院办公厅关于2027年部分节假日安排的通知");
	test_check(store_calendar_mark_year(g_db, &y, &e), &e, "mark again");
	y.year = 1800;
	refused(store_calendar_mark_year(g_db, &y, &e), &e);
	assert_int_equal(store_calendar_years(g_db, &years, &n, &e), DB_ONE);
	assert_int_equal(n, 1);
	assert_int_equal(years[0].year, 2027);
	assert_string_equal(years[0].source, "国务院办公厅关于2027年部分节假日安排的通知");
	free(years);

	assert_int_equal(store_calendar_clear_year(g_db, 2027, &e), DB_ONE);
	assert_int_equal(store_calendar_list_year(g_db, 2027, &days, &n, &e), DB_NONE);
	assert_int_equal(store_calendar_years(g_db, &years, &n, &e), DB_NONE);
	assert_int_equal(store_calendar_clear_year(g_db, 2027, &e), DB_NONE);
	/* another year's day is untouched */
	assert_int_equal(store_calendar_list_year(g_db, 2026, &days, &n, &e), DB_ONE);
	assert_int_equal(n, 1);
	free(days);
	/* one day forgotten: the shipped data applies again */
	assert_int_equal(store_calendar_delete_day(g_db, "2026-10-09", &e), DB_ONE);
	assert_int_equal(store_calendar_delete_day(g_db, "2026-10-09", &e), DB_NONE);
	assert_int_equal(store_calendar_list_year(g_db, 2026, &days, &n, &e), DB_NONE);
}

/* --- rounds --- */

static void test_rounds(void **state)
{
	struct bf_err e;
	struct aid_round r = {0}, got, *list = NULL;
	size_t n = 0;

	assert_int_equal(store_round_get(g_db, g_round, &got, &e), DB_ONE);
	assert_int_equal(got.org_id, g_dept.id);
	assert_int_equal(got.year, 2024);
	assert_string_equal(got.title, "2024 年度生活困难党员帮扶");
	assert_string_equal(got.opened_on, "2024-12-01");
	assert_string_equal(got.due_on, "2024-12-16");
	assert_string_equal(got.status, "open");
	assert_int_equal(got.policy_version, 1);
	assert_int_equal(got.created_by, g_user);
	assert_int_equal(got.closed_at, 0);

	/* one open round per org and year */
	r.org_id = g_dept.id;
	r.year = 2024;
	COPY(r.title, "重复");
	COPY(r.opened_on, "2024-12-02");
	COPY(r.due_on, "2024-12-17");
	r.policy_version = 1;
	assert_int_equal(store_round_insert(g_db, &r, &e), DB_HARD);
	assert_int_equal(e.code, EC_CONFLICT);
	assert_string_equal(e.field, "year");

	int64_t r23 = add_round(g_dept.id, 2023, "2023-12-01", "2023-12-16");
	assert_int_equal(store_round_list(g_db, 0, 0, &list, &n, &e), DB_ONE);
	assert_true(n >= 2);
	assert_int_equal(list[0].year, 2024); /* newest year first */
	free(list);
	assert_int_equal(store_round_list(g_db, g_dept.id, 2023, &list, &n, &e), DB_ONE);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, r23);
	free(list);
	assert_int_equal(store_round_list(g_db, g_br1.id, 0, &list, &n, &e), DB_NONE);

	/* closing: once; then the year may have a new open round */
	assert_int_equal(store_round_close(g_db, r23, g_user, 0, &e), DB_ONE);
	assert_int_equal(store_round_close(g_db, r23, g_user, 0, &e), DB_NONE);
	assert_int_equal(store_round_close(g_db, 999999, g_user, 0, &e), DB_NONE);
	assert_int_equal(store_round_get(g_db, r23, &got, &e), DB_ONE);
	assert_string_equal(got.status, "closed");
	assert_int_equal(got.closed_by, g_user);
	assert_true(got.closed_at > 0);
	int64_t again = add_round(g_dept.id, 2023, "2023-12-20", "2024-01-04");
	assert_true(again > r23);

	/* refused: due before opened, a year out of range, an unknown policy */
	r.year = 2030;
	COPY(r.due_on, "2024-11-30");
	refused(store_round_insert(g_db, &r, &e), &e);
	COPY(r.due_on, "2024-12-31");
	r.year = 1999;
	refused(store_round_insert(g_db, &r, &e), &e);
	r.year = 2031;
	r.policy_version = 77;
	refused(store_round_insert(g_db, &r, &e), &e);
}

/* --- cases --- */

static void fill_facts(struct aid_case *c)
{
	COPY(c->category, "relief");
	COPY(c->category_auto, "care");
	COPY(c->category_reason, "因病无劳动能力，改列输血型");
	COPY(c->tier, "severe");
	COPY(c->tier_auto, "moderate");
	COPY(c->tier_reason, "no_labour_no_income");
	policy_codes_add(&c->causes, "illness");
	policy_codes_add(&c->causes, "lack_of_labour");
	policy_codes_add(&c->conditions, "serious_illness");
	COPY(c->situation, "本人患尿毒症，每周透析三次");
	c->income_fen = 480000;
	c->household_size = 3;
	c->labour_capacity = 0;
	c->fixed_income = 1;
	c->requested_fen = 60000;
	c->proposed_fen = 60000;
	c->approved_fen = 50000;
	c->special_approval = 1;
	COPY(c->special_reason, "组织部办公会议特别批准");
	c->dossier = CASE_DOSSIER_APPLICATION | CASE_DOSSIER_REGISTRATION_FORM;
	COPY(c->investigation_on, "2024-12-03");
	COPY(c->investigators, "张三、李四");
	COPY(c->investigation, "入户查看，情况属实");
	COPY(c->appraisal_on, "2024-12-05");
	c->expected = 30;
	c->present = 28;
	c->votes_for = 25;
	c->votes_against = 2;
	c->votes_abstain = 1;
	COPY(c->appraisal_minutes, "党员大会记录");
	COPY(c->decision_on, "2024-12-06");
	COPY(c->decision_minutes, "支委会记录");
	COPY(c->screening_entered_on, "2024-12-20");
	COPY(c->screening_result, "通过");
	c->eligible = 1;
	c->eligible_auto = 0;
	COPY(c->eligible_reason, "经支委会核实，收入证明有误");
	COPY(c->explanation, "未录入家庭收入。\n致困原因为“因病”，归入输血型。");
}

static void same_facts(const struct aid_case *a, const struct aid_case *b)
{
	assert_string_equal(a->category, b->category);
	assert_string_equal(a->category_auto, b->category_auto);
	assert_string_equal(a->category_reason, b->category_reason);
	assert_string_equal(a->tier, b->tier);
	assert_string_equal(a->tier_auto, b->tier_auto);
	assert_string_equal(a->tier_reason, b->tier_reason);
	assert_int_equal(a->causes.n, b->causes.n);
	for (size_t i = 0; i < a->causes.n; i++)
		assert_string_equal(a->causes.code[i], b->causes.code[i]);
	assert_int_equal(a->conditions.n, b->conditions.n);
	assert_int_equal(a->exclusions.n, b->exclusions.n);
	assert_string_equal(a->situation, b->situation);
	assert_string_equal(a->loss_type, b->loss_type);
	assert_int_equal(a->income_fen, b->income_fen);
	assert_int_equal(a->household_size, b->household_size);
	assert_int_equal(a->labour_capacity, b->labour_capacity);
	assert_int_equal(a->fixed_income, b->fixed_income);
	assert_int_equal(a->requested_fen, b->requested_fen);
	assert_int_equal(a->proposed_fen, b->proposed_fen);
	assert_int_equal(a->approved_fen, b->approved_fen);
	assert_int_equal(a->special_approval, b->special_approval);
	assert_string_equal(a->special_reason, b->special_reason);
	assert_int_equal(a->pay_first, b->pay_first);
	assert_string_equal(a->paperwork_due, b->paperwork_due);
	assert_int_equal(a->paperwork_done, b->paperwork_done);
	assert_int_equal(a->dossier, b->dossier);
	assert_string_equal(a->investigation_on, b->investigation_on);
	assert_string_equal(a->investigators, b->investigators);
	assert_string_equal(a->investigation, b->investigation);
	assert_string_equal(a->appraisal_on, b->appraisal_on);
	assert_int_equal(a->expected, b->expected);
	assert_int_equal(a->present, b->present);
	assert_int_equal(a->votes_for, b->votes_for);
	assert_int_equal(a->votes_against, b->votes_against);
	assert_int_equal(a->votes_abstain, b->votes_abstain);
	assert_string_equal(a->appraisal_minutes, b->appraisal_minutes);
	assert_string_equal(a->decision_on, b->decision_on);
	assert_string_equal(a->decision_minutes, b->decision_minutes);
	assert_string_equal(a->screening_entered_on, b->screening_entered_on);
	assert_string_equal(a->screening_result, b->screening_result);
	assert_int_equal(a->eligible, b->eligible);
	assert_int_equal(a->eligible_auto, b->eligible_auto);
	assert_string_equal(a->eligible_reason, b->eligible_reason);
	assert_string_equal(a->explanation, b->explanation);
}

static void test_case_crud(void **state)
{
	struct bf_err e;
	struct aid_case *c = calloc(1, sizeof(*c)), *got = calloc(1, sizeof(*got));
	assert_non_null(c);
	assert_non_null(got);
	int64_t mem = add_member(g_br1.id, "王建国");

	make_case(c, mem, g_br1.id, g_round, 2024);
	fill_facts(c);
	COPY(c->due_on, "2024-12-16");
	test_check(store_case_insert(g_db, c, &e), &e, "insert");
	assert_true(c->id > 0);
	assert_int_equal(c->version, 1);
	assert_string_equal(c->state, "applied");

	assert_int_equal(store_case_get(g_db, c->id, got, &e), DB_ONE);
	assert_int_equal(got->member_id, mem);
	assert_string_equal(got->member_name, "王建国");
	assert_int_equal(got->org_id, g_br1.id);
	assert_string_equal(got->org_name, "东街村党支部");
	assert_string_equal(got->org_path, g_br1.path);
	assert_string_equal(got->round_title, "2024 年度生活困难党员帮扶");
	assert_string_equal(got->kind, "yearly");
	assert_int_equal(got->round_id, g_round);
	assert_int_equal(got->year, 2024);
	assert_string_equal(got->state, "applied");
	assert_int_equal(got->policy_version, 1);
	assert_string_equal(got->causes.code[1], "lack_of_labour");
	assert_string_equal(got->due_on, "2024-12-16");
	assert_int_equal(got->due_estimated, 0);
	assert_int_equal(got->created_by, g_user);
	assert_true(got->created_at > 0);
	assert_int_equal(got->updated_at, got->created_at);
	assert_int_equal(got->version, 1);
	same_facts(c, got);
	assert_int_equal(store_case_get(g_db, 999999, got, &e), DB_NONE);

	/* an emergency: empty dates are NULL and come back "" */
	int64_t em = add_case(mem, g_br1.id, 0, 2024);
	assert_int_equal(store_case_get(g_db, em, got, &e), DB_ONE);
	assert_string_equal(got->kind, "emergency");
	assert_int_equal(got->round_id, 0);
	assert_string_equal(got->round_title, "");
	assert_string_equal(got->investigation_on, "");
	assert_string_equal(got->due_on, "");
	assert_int_equal(got->income_fen, -1);
	assert_int_equal(got->causes.n, 0);
	assert_string_equal(got->explanation, "");

	/* update of the facts, guarded by the version read */
	assert_int_equal(store_case_get(g_db, c->id, got, &e), DB_ONE);
	memset(&got->causes, 0, sizeof(got->causes));
	policy_codes_add(&got->causes, "disaster");
	COPY(got->situation, "房屋倒塌");
	got->approved_fen = 60000;
	got->updated_at = 0;
	assert_int_equal(store_case_update(g_db, got, &e), DB_ONE);
	assert_int_equal(got->version, 2);
	c->version = 1; /* a stale copy */
	assert_int_equal(store_case_update(g_db, c, &e), DB_NONE);
	assert_int_equal(store_case_get(g_db, c->id, c, &e), DB_ONE);
	assert_int_equal(c->version, 2);
	assert_string_equal(c->situation, "房屋倒塌");
	assert_int_equal(c->causes.n, 1);
	assert_string_equal(c->causes.code[0], "disaster");
	assert_int_equal(c->approved_fen, 60000);
	assert_string_equal(c->state, "applied"); /* facts never move the state */
	same_facts(c, got);
	c->id = 999999;
	assert_int_equal(store_case_update(g_db, c, &e), DB_NONE);

	/* one yearly case per member and round */
	make_case(c, mem, g_br1.id, g_round, 2024);
	assert_int_equal(store_case_insert(g_db, c, &e), DB_HARD);
	assert_int_equal(e.code, EC_CONFLICT);
	assert_string_equal(e.field, "member_id");
	free(c);
	free(got);
}

/* Inserts c after change() spoilt it: the database must refuse. */
static void insert_refused(void (*change)(struct aid_case *c), int64_t mem)
{
	struct bf_err e;
	struct aid_case *c = malloc(sizeof(*c));
	assert_non_null(c);
	make_case(c, mem, g_br2.id, 0, 2024);
	change(c);
	refused(store_case_insert(g_db, c, &e), &e);
	free(c);
}

static void bad_kind(struct aid_case *c)
{
	COPY(c->kind, "monthly");
}
static void bad_state(struct aid_case *c)
{
	COPY(c->state, "lost");
}
static void bad_category(struct aid_case *c)
{
	COPY(c->category, "charity");
}
static void bad_tier(struct aid_case *c)
{
	COPY(c->tier_auto, "extreme");
}
static void emergency_in_round(struct aid_case *c)
{
	c->round_id = g_round;
}
static void yearly_without_round(struct aid_case *c)
{
	COPY(c->kind, "yearly");
}
static void yearly_other_year(struct aid_case *c)
{
	COPY(c->kind, "yearly");
	c->round_id = g_round;
	c->year = 2025;
}
static void loss_on_yearly(struct aid_case *c)
{
	COPY(c->kind, "yearly");
	c->round_id = g_round;
	COPY(c->loss_type, "major_loss");
}
static void bad_loss(struct aid_case *c)
{
	COPY(c->loss_type, "flood");
}
static void approval_without_reason(struct aid_case *c)
{
	c->special_approval = 1;
}
static void too_many_votes(struct aid_case *c)
{
	c->expected = 10;
	c->present = 5;
	c->votes_for = 6;
}
static void more_present_than_expected(struct aid_case *c)
{
	c->expected = 10;
	c->present = 11;
}
static void negative_amount(struct aid_case *c)
{
	c->proposed_fen = -1;
}
static void bad_date(struct aid_case *c)
{
	COPY(c->decision_on, "2024/12/06");
}
static void bad_code(struct aid_case *c)
{
	COPY(c->causes.code[0], "Illness;");
	c->causes.n = 1;
}
static void bad_dossier(struct aid_case *c)
{
	c->dossier = 64;
}
static void unknown_member(struct aid_case *c)
{
	c->member_id = 999999;
}
static void unknown_policy(struct aid_case *c)
{
	c->policy_version = 99;
}
static void bad_eligible(struct aid_case *c)
{
	c->eligible = 2;
}

static void test_case_constraints(void **state)
{
	struct bf_err e;
	int64_t mem = add_member(g_br2.id, "约束测试");
	void (*spoil[])(struct aid_case *) = {bad_kind,		  bad_state,
					      bad_category,	  bad_tier,
					      emergency_in_round, yearly_without_round,
					      yearly_other_year,  loss_on_yearly,
					      bad_loss,		  approval_without_reason,
					      too_many_votes,	  more_present_than_expected,
					      negative_amount,	  bad_date,
					      bad_code,		  bad_dossier,
					      unknown_member,	  unknown_policy,
					      bad_eligible};
	for (size_t i = 0; i < sizeof(spoil) / sizeof(spoil[0]); i++)
		insert_refused(spoil[i], mem);
	assert_int_equal(
	    test_sql_val(g_db, "SELECT count(*) FROM cases WHERE member_id = $1", DB_INT(mem)), 0);

	/* every state of workflow.c is a state the table accepts, no other */
	int64_t id = add_case(mem, g_br2.id, 0, 2024);
	struct aid_case *c = malloc(sizeof(*c));
	assert_non_null(c);
	assert_int_equal(store_case_get(g_db, id, c, &e), DB_ONE);
	for (int s = 0; s < CS__COUNT; s++) {
		COPY(c->state, wf_state_code((enum case_state)s));
		assert_int_equal(store_case_set_state(g_db, c, &e), DB_ONE);
	}
	COPY(c->state, "archived");
	refused(store_case_set_state(g_db, c, &e), &e);
	COPY(c->state, "applied");
	COPY(c->due_on, "tomorrow");
	refused(store_case_set_state(g_db, c, &e), &e);
	free(c);
}

/* --- the optimistic lock --- */

static void test_case_lock(void **state)
{
	struct bf_err e;
	struct aid_case *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
	assert_non_null(a);
	assert_non_null(b);
	int64_t id = add_case(add_member(g_br1.id, "锁测试"), g_br1.id, 0, 2024);

	/* two workers read version 1; each moves the case */
	assert_int_equal(store_case_get(g_db, id, a, &e), DB_ONE);
	*b = *a;
	COPY(a->state, "investigated");
	COPY(a->due_on, "2024-12-10");
	a->due_estimated = 1;
	a->policy_version = 1;
	COPY(b->state, "rejected");
	assert_int_equal(store_case_set_state(g_db, a, &e), DB_ONE);
	assert_int_equal(a->version, 2);
	assert_int_equal(store_case_set_state(g_db, b, &e), DB_NONE);
	assert_int_equal(b->version, 1);
	assert_int_equal(store_case_get(g_db, id, b, &e), DB_ONE);
	assert_string_equal(b->state, "investigated");
	assert_string_equal(b->due_on, "2024-12-10");
	assert_int_equal(b->due_estimated, 1);
	assert_int_equal(b->version, 2);
	/* a facts update holding the old version loses too */
	a->version = 1;
	assert_int_equal(store_case_update(g_db, a, &e), DB_NONE);
	assert_int_equal(store_case_get(g_db, id, a, &e), DB_ONE);
	assert_int_equal(a->version, 2);
	free(a);
	free(b);
}

/* Two connections write the same version at the same time: the second
 * waits for the first's row lock (PostgreSQL) or write lock (SQLite),
 * then finds the version moved on. */
struct racer {
	int64_t case_id;
	const char *state;
	pthread_barrier_t *ready;
	enum db_qs qs;
	int rc;
	int attempts; /* db_run_tx may run race_write again (SQLite's stale snapshot) */
};

static int race_write(struct db *db, void *arg, struct bf_err *e)
{
	struct racer *r = arg;
	struct aid_case *c = malloc(sizeof(*c));
	if (!c)
		return DB_HARD;
	/* read outside the lock: both hold version v */
	enum db_qs qs = store_case_get(db, r->case_id, c, e);
	if (qs == DB_ONE) {
		c->version = 1; /* what both workers' forms hold, on a retry too */
		COPY(c->state, r->state);
		if (!r->attempts++)
			pthread_barrier_wait(r->ready);
		qs = store_case_set_state(db, c, e);
	}
	free(c);
	r->qs = qs;
	return qs < 0 ? qs : 0;
}

static void *racer_thread(void *arg)
{
	struct racer *r = arg;
	struct bf_err e;
	struct db *db;
	if (db_open(&db, g_url, &e)) {
		r->rc = -1;
		pthread_barrier_wait(r->ready);
		return NULL;
	}
	/* read-only transaction up to the write: no lock taken early */
	r->rc = db_run_tx(db, "racer_thread", 0, race_write, r, &e);
	db_close(db);
	return NULL;
}

static void test_case_lock_race(void **state)
{
	int64_t id = add_case(add_member(g_br2.id, "并发测试"), g_br2.id, 0, 2024);
	pthread_barrier_t ready;
	pthread_t t[2];
	struct racer r[2] = {{id, "investigated", &ready, DB_HARD, 0, 0},
			     {id, "returned", &ready, DB_HARD, 0, 0}};

	pthread_barrier_init(&ready, NULL, 2);
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, racer_thread, &r[i]);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	pthread_barrier_destroy(&ready);
	for (int i = 0; i < 2; i++)
		assert_int_equal(r[i].rc, 0);
	/* exactly one won */
	assert_int_equal((r[0].qs == DB_ONE) + (r[1].qs == DB_ONE), 1);
	assert_int_equal((r[0].qs == DB_NONE) + (r[1].qs == DB_NONE), 1);
	struct bf_err e;
	struct aid_case *c = malloc(sizeof(*c));
	assert_non_null(c);
	assert_int_equal(store_case_get(g_db, id, c, &e), DB_ONE);
	assert_int_equal(c->version, 2);
	assert_string_equal(c->state, r[0].qs == DB_ONE ? "investigated" : "returned");
	free(c);
}

/* --- lists, scope, overdue, counts --- */

/* A subtree of its own: committee X with branches X1, X2; committee Y
 * with branch Y1; and cases in known states. */
static struct org X, X1, X2, Y, Y1;
static int64_t x_round;
static int64_t xc[8];

static void list_fixture(void)
{
	static int done;
	if (done)
		return;
	done = 1;
	add_org("L-X", "列表测试党委", ORG_COMMITTEE, g_dept.id, &X);
	add_org("L-X1", "列表一支部", ORG_BRANCH, X.id, &X1);
	add_org("L-X2", "列表二支部", ORG_BRANCH, X.id, &X2);
	add_org("L-Y", "另一党委", ORG_COMMITTEE, g_dept.id, &Y);
	add_org("L-Y1", "另一支部", ORG_BRANCH, Y.id, &Y1);
	x_round = add_round(X.id, 2025, "2025-12-01", "2025-12-16");
	int64_t m1 = add_member(X1.id, "甲"), m2 = add_member(X1.id, "乙");
	int64_t m3 = add_member(X2.id, "丙"), m4 = add_member(Y1.id, "丁");
	int64_t m5 = add_member(X.id, "戊");	    /* filed directly with the committee */
	xc[0] = add_case(m1, X1.id, x_round, 2025); /* applied, due 12-16 */
	xc[1] = add_case(m2, X1.id, x_round, 2025); /* decided, due 12-10 */
	xc[2] = add_case(m3, X2.id, x_round, 2025); /* verified, due 12-01 (done) */
	xc[3] = add_case(m3, X2.id, 0, 2025);	    /* emergency, applied, no due */
	xc[4] = add_case(m4, Y1.id, 0, 2025);	    /* emergency, approved, due 12-05 */
	xc[5] = add_case(m1, X1.id, 0, 2024);	    /* emergency of 2024, rejected */
	xc[6] = add_case(m5, X.id, 0, 2025);	    /* emergency at X, applied, due 12-09 */
	xc[7] = add_case(m4, Y1.id, 0, 2025);	    /* emergency, returned, due 12-30 */
	put_state(xc[0], "applied", "2025-12-16");
	put_state(xc[1], "decided", "2025-12-10");
	put_state(xc[2], "verified", "2025-12-01");
	put_state(xc[4], "approved", "2025-12-05");
	put_state(xc[5], "rejected", "2024-06-01");
	put_state(xc[6], "applied", "2025-12-09");
	put_state(xc[7], "returned", "2025-12-30");
}

/* Marks a case pay-first (or not) with its paperwork done (or not). */
static void set_paperwork(int64_t id, int pay_first, int done)
{
	struct bf_err e;
	struct aid_case *c = malloc(sizeof(*c));
	assert_non_null(c);
	assert_int_equal(store_case_get(g_db, id, c, &e), DB_ONE);
	c->pay_first = pay_first;
	c->paperwork_done = done;
	COPY(c->paperwork_due, pay_first ? "2025-12-20" : "");
	c->updated_at = 0;
	assert_int_equal(store_case_update(g_db, c, &e), DB_ONE);
	free(c);
}

/* The ids of a list, in order, for comparing with an expected list. */
static void expect_list(const struct case_query *q, int64_t total, const int64_t *ids, size_t n)
{
	struct bf_err e;
	struct aid_case *items = NULL;
	size_t got = 0;
	int64_t t = -1;
	enum db_qs qs = store_case_list(g_db, q, &items, &got, &t, &e);
	test_check(qs, &e, "store_case_list");
	assert_int_equal(qs, n ? DB_ONE : DB_NONE);
	assert_int_equal(t, total);
	assert_int_equal(got, n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(items[i].id, ids[i]);
	free(items);
}

static void test_case_list(void **state)
{
	struct bf_err e;
	struct case_query q = {0};
	list_fixture();

	/* the committee's subtree, newest first: X's own case and its branches' */
	q.scope_path = X.path;
	int64_t all_x[] = {xc[6], xc[5], xc[3], xc[2], xc[1], xc[0]};
	expect_list(&q, 6, all_x, 6);
	/* paging */
	q.limit = 4;
	expect_list(&q, 6, all_x, 4);
	q.offset = 4;
	expect_list(&q, 6, all_x + 4, 2);
	q.offset = 6;
	expect_list(&q, 6, NULL, 0);
	q.offset = 0;
	q.limit = 0;

	/* org filter inside the scope; an org outside it gives nothing */
	q.org_id = X1.id;
	int64_t x1[] = {xc[5], xc[1], xc[0]};
	expect_list(&q, 3, x1, 3);
	q.org_id = Y1.id;
	expect_list(&q, 0, NULL, 0);
	q.scope_path = "/";
	int64_t y1[] = {xc[7], xc[4]};
	expect_list(&q, 2, y1, 2);
	/* a wider org than the scope stays within the scope */
	q.scope_path = X1.path;
	q.org_id = X.id;
	expect_list(&q, 3, x1, 3);
	q.org_id = 999999;
	assert_int_equal(
	    store_case_list(g_db, &q, &(struct aid_case *){NULL}, &(size_t){0}, &(int64_t){0}, &e),
	    DB_NONE);
	q.org_id = 0;

	/* filters */
	q.scope_path = X.path;
	q.state = "applied";
	int64_t applied[] = {xc[6], xc[3], xc[0]};
	expect_list(&q, 3, applied, 3);
	q.state = NULL;
	q.kind = "yearly";
	int64_t yearly[] = {xc[2], xc[1], xc[0]};
	expect_list(&q, 3, yearly, 3);
	q.kind = NULL;
	q.year = 2024;
	expect_list(&q, 1, &xc[5], 1);
	q.year = 0;
	q.round_id = x_round;
	expect_list(&q, 3, yearly, 3);
	q.round_id = 0;
	q.member_id = 0;
	struct aid_case c;
	assert_int_equal(store_case_get(g_db, xc[3], &c, &e), DB_ONE);
	q.member_id = c.member_id;
	int64_t m3[] = {xc[3], xc[2]};
	expect_list(&q, 2, m3, 2);
	q.member_id = 0;

	/* overdue on 2025-12-11: unfinished cases due before it (not the
	 * verified or rejected ones, not those without a deadline) */
	q.scope_path = "/";
	q.year = 2025; /* other tests' cases of 2024 are overdue too */
	q.overdue_before = "2025-12-11";
	q.order = CASE_ORDER_DUE;
	int64_t late[] = {xc[4], xc[6], xc[1]};
	expect_list(&q, 3, late, 3);
	q.scope_path = X.path;
	int64_t late_x[] = {xc[6], xc[1]};
	expect_list(&q, 2, late_x, 2);
	q.overdue_before = NULL;
	q.year = 0;
	/* by deadline, cases without one last */
	int64_t by_due[] = {xc[5], xc[2], xc[6], xc[1], xc[0], xc[3]};
	expect_list(&q, 6, by_due, 6);
	q.order = CASE_ORDER_NEWEST;

	/* pay-first cases whose paperwork is missing: not rejected ones, not
	 * done ones */
	q.scope_path = "/";
	q.paperwork_open = 1;
	expect_list(&q, 0, NULL, 0);
	set_paperwork(xc[4], 1, 0);
	set_paperwork(xc[5], 1, 0); /* rejected */
	set_paperwork(xc[7], 1, 1); /* done */
	expect_list(&q, 1, &xc[4], 1);
	set_paperwork(xc[4], 0, 0);
	expect_list(&q, 0, NULL, 0);
	q.paperwork_open = 0;

	/* a scope that is no path is refused, never widened */
	q.scope_path = "";
	assert_int_equal(
	    store_case_list(g_db, &q, &(struct aid_case *){NULL}, &(size_t){0}, &(int64_t){0}, &e),
	    DB_HARD);
	q.scope_path = NULL;
	assert_int_equal(
	    store_case_list(g_db, &q, &(struct aid_case *){NULL}, &(size_t){0}, &(int64_t){0}, &e),
	    DB_HARD);
}

/* n of (org, state) in a count result, 0 when absent. */
static int64_t cell(const struct case_count *items, size_t n, int64_t org, const char *state)
{
	for (size_t i = 0; i < n; i++)
		if (items[i].org_id == org && !strcmp(items[i].state, state))
			return items[i].n;
	return 0;
}

static void test_case_counts(void **state)
{
	struct bf_err e;
	struct case_count *items = NULL;
	size_t n = 0;
	struct case_query f = {0};
	list_fixture();

	/* X: its own cases, and each branch's subtree */
	assert_int_equal(store_case_counts(g_db, X.id, NULL, &items, &n, &e), DB_ONE);
	assert_int_equal(n, 6);
	assert_int_equal(cell(items, n, X.id, "applied"), 1);
	assert_int_equal(cell(items, n, X1.id, "applied"), 1);
	assert_int_equal(cell(items, n, X1.id, "decided"), 1);
	assert_int_equal(cell(items, n, X1.id, "rejected"), 1);
	assert_int_equal(cell(items, n, X2.id, "verified"), 1);
	assert_int_equal(cell(items, n, X2.id, "applied"), 1);
	for (size_t i = 1; i < n; i++) /* ordered by org, then state */
		assert_true(items[i - 1].org_id < items[i].org_id ||
			    (items[i - 1].org_id == items[i].org_id &&
			     strcmp(items[i - 1].state, items[i].state) < 0));
	free(items);

	/* the department: each committee counts its whole subtree */
	assert_int_equal(store_case_counts(g_db, g_dept.id, NULL, &items, &n, &e), DB_ONE);
	assert_int_equal(cell(items, n, X.id, "applied"), 3);
	assert_int_equal(cell(items, n, X.id, "decided"), 1);
	assert_int_equal(cell(items, n, X.id, "verified"), 1);
	assert_int_equal(cell(items, n, X.id, "rejected"), 1);
	assert_int_equal(cell(items, n, Y.id, "approved"), 1);
	assert_int_equal(cell(items, n, Y.id, "returned"), 1);
	assert_int_equal(cell(items, n, g_dept.id, "applied"), 0); /* none filed with it */
	free(items);

	/* with filters: this year's emergencies; overdue ones */
	f.kind = "emergency";
	f.year = 2025;
	assert_int_equal(store_case_counts(g_db, g_dept.id, &f, &items, &n, &e), DB_ONE);
	assert_int_equal(cell(items, n, X.id, "applied"), 2);
	assert_int_equal(cell(items, n, X.id, "rejected"), 0);
	assert_int_equal(cell(items, n, Y.id, "approved"), 1);
	free(items);
	f = (struct case_query){0};
	f.year = 2025;
	f.overdue_before = "2025-12-11";
	assert_int_equal(store_case_counts(g_db, g_dept.id, &f, &items, &n, &e), DB_ONE);
	assert_int_equal(n, 3);
	assert_int_equal(cell(items, n, X.id, "applied"), 1);
	assert_int_equal(cell(items, n, X.id, "decided"), 1);
	assert_int_equal(cell(items, n, Y.id, "approved"), 1);
	free(items);
	f.round_id = x_round;
	f.state = "decided";
	assert_int_equal(store_case_counts(g_db, X.id, &f, &items, &n, &e), DB_ONE);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].org_id, X1.id);
	assert_int_equal(items[0].n, 1);
	free(items);
	/* a leaf: only its own cases; an empty subtree: nothing */
	assert_int_equal(store_case_counts(g_db, Y1.id, NULL, &items, &n, &e), DB_ONE);
	assert_int_equal(n, 2);
	free(items);
	assert_int_equal(store_case_counts(g_db, 999999, NULL, &items, &n, &e), DB_NONE);
	assert_null(items);
}

static void test_member_year(void **state)
{
	struct bf_err e;
	struct aid_case *items = NULL;
	size_t n = 0;
	int64_t mem = add_member(g_br2.id, "两类帮扶");
	int64_t y = add_case(mem, g_br2.id, g_round, 2024);
	int64_t em = add_case(mem, g_br2.id, 0, 2024);
	add_case(mem, g_br2.id, 0, 2023);

	assert_int_equal(store_case_member_year(g_db, mem, 2024, NULL, &items, &n, &e), DB_ONE);
	assert_int_equal(n, 2);
	assert_int_equal(items[0].id, y);
	assert_int_equal(items[1].id, em);
	assert_string_equal(items[0].member_name, "两类帮扶");
	free(items);
	assert_int_equal(store_case_member_year(g_db, mem, 2024, "emergency", &items, &n, &e),
			 DB_ONE);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, em);
	free(items);
	assert_int_equal(store_case_member_year(g_db, mem, 2024, "yearly", &items, &n, &e), DB_ONE);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, y);
	free(items);
	assert_int_equal(store_case_member_year(g_db, mem, 2025, NULL, &items, &n, &e), DB_NONE);
	assert_null(items);
	assert_int_equal(n, 0);
}

/* --- the timeline --- */

static enum db_qs append(int64_t case_id, const char *event, const char *from, const char *to,
			 struct case_event_row *ev, struct bf_err *e)
{
	memset(ev, 0, sizeof(*ev));
	ev->case_id = case_id;
	ev->user_id = g_user;
	COPY(ev->username, "case_admin");
	COPY(ev->role, "admin");
	COPY(ev->event, event);
	COPY(ev->from_state, from);
	COPY(ev->to_state, to);
	ev->policy_version = 1;
	return store_case_event_append(g_db, ev, e);
}

static void test_case_events(void **state)
{
	struct bf_err e;
	struct case_event_row ev, *list = NULL;
	size_t n = 0;
	int64_t id = add_case(add_member(g_br1.id, "时间线"), g_br1.id, 0, 2024);

	test_check(append(id, "create", "", "applied", &ev, &e), &e, "create");
	assert_true(ev.id > 0);
	assert_true(ev.at > 0);
	test_check(append(id, "investigate", "applied", "investigated", &ev, &e), &e,
		   "investigate");
	COPY(ev.reason, "材料不全");
	test_check(append(id, "return", "investigated", "returned", &ev, &e), &e, "return");
	test_check(append(id, "update", "returned", "returned", &ev, &e), &e, "update");

	assert_int_equal(store_case_event_list(g_db, id, &list, &n, &e), DB_ONE);
	assert_int_equal(n, 4);
	assert_string_equal(list[0].event, "create");
	assert_string_equal(list[0].from_state, "");
	assert_string_equal(list[0].to_state, "applied");
	assert_int_equal(list[0].user_id, g_user);
	assert_string_equal(list[0].username, "case_admin");
	assert_string_equal(list[0].role, "admin");
	assert_int_equal(list[0].policy_version, 1);
	assert_string_equal(list[2].event, "return");
	assert_true(list[1].id < list[2].id);
	free(list);
	assert_int_equal(store_case_event_list(g_db, 999999, &list, &n, &e), DB_NONE);

	/* a system event: no user, no role, no policy */
	memset(&ev, 0, sizeof(ev));
	ev.case_id = id;
	ev.at = 1733000000;
	COPY(ev.event, "objection");
	COPY(ev.from_state, "returned");
	COPY(ev.to_state, "returned");
	COPY(ev.detail, "{\"objection_id\":1}");
	test_check(store_case_event_append(g_db, &ev, &e), &e, "system");
	assert_int_equal(store_case_event_list(g_db, id, &list, &n, &e), DB_ONE);
	assert_int_equal(list[4].user_id, 0);
	assert_int_equal(list[4].at, 1733000000);
	assert_int_equal(list[4].policy_version, 0);
	assert_string_equal(list[4].detail, "{\"objection_id\":1}");
	assert_string_equal(list[4].taken_on, "");
	free(list);

	/* the step's day as the procedure counts days (migration 0011) */
	memset(&ev, 0, sizeof(ev));
	ev.case_id = id;
	COPY(ev.event, "update");
	COPY(ev.from_state, "returned");
	COPY(ev.to_state, "returned");
	COPY(ev.taken_on, "2024-02-21");
	test_check(store_case_event_append(g_db, &ev, &e), &e, "taken_on");
	assert_int_equal(store_case_event_list(g_db, id, &list, &n, &e), DB_ONE);
	assert_string_equal(list[5].taken_on, "2024-02-21");
	free(list);
	COPY(ev.taken_on, "21.2.2024");
	refused(store_case_event_append(g_db, &ev, &e), &e);

	/* every event of workflow.c is accepted; unknown codes are not */
	for (int i = 0; i < EV__COUNT; i++)
		test_check(
		    append(id, wf_event_code((enum case_event)i), "applied", "applied", &ev, &e),
		    &e, wf_event_code((enum case_event)i));
	refused(append(id, "teleport", "applied", "applied", &ev, &e), &e);
	refused(append(id, "update", "applied", "", &ev, &e), &e);
	refused(append(id, "update", "nowhere", "applied", &ev, &e), &e);
	refused(append(999999, "update", "applied", "applied", &ev, &e), &e);

	/* append-only */
	struct db_val arg = DB_INT(id);
	assert_int_equal(db_exec(g_db, "UPDATE case_events SET reason = 'x' WHERE case_id = $1",
				 &arg, 1, NULL, &e),
			 DB_HARD);
	assert_int_equal(e.code, EC_FORBIDDEN);
	assert_int_equal(
	    db_exec(g_db, "DELETE FROM case_events WHERE case_id = $1", &arg, 1, NULL, &e),
	    DB_HARD);
	assert_int_equal(e.code, EC_FORBIDDEN);
	assert_int_equal(
	    test_sql_val(g_db, "SELECT count(*) FROM case_events WHERE case_id = $1", arg),
	    6 + EV__COUNT);
}

/* --- notices and objections --- */

static void make_notice(struct notice *nt, int64_t org)
{
	memset(nt, 0, sizeof(*nt));
	nt->org_id = org;
	COPY(nt->kind, "yearly");
	COPY(nt->starts_on, "2024-12-06");
	COPY(nt->ends_on, "2024-12-12");
	nt->working_days = 5;
	COPY(nt->office, "城关镇党委组织办");
	COPY(nt->office_phone, "0371-5550123");
	nt->created_by = g_user;
}

/* In a transaction of its own, as the core runs it: all or nothing. */
struct notice_tx {
	struct notice *nt;
	const int64_t *ids;
	size_t n;
};

static int notice_tx(struct db *db, void *arg, struct bf_err *e)
{
	struct notice_tx *t = arg;
	enum db_qs qs = store_notice_insert(db, t->nt, t->ids, t->n, e);
	return qs < 0 ? qs : 0;
}

static int insert_notice(struct notice *nt, const int64_t *ids, size_t n, struct bf_err *e)
{
	struct notice_tx t = {nt, ids, n};
	return db_run_tx(g_db, "insert_notice", 1, notice_tx, &t, e);
}

static struct org N;
static int64_t nc[4];
static int64_t g_notice;

static void notice_fixture(void)
{
	static int done;
	if (done)
		return;
	done = 1;
	add_org("N-B", "公示测试支部", ORG_BRANCH, g_com1.id, &N);
	for (int i = 0; i < 4; i++) {
		char name[32];
		snprintf(name, sizeof(name), "公示对象%d", i);
		nc[i] = add_case(add_member(N.id, name), N.id, g_round, 2024);
	}
}

static void test_notices(void **state)
{
	struct bf_err e;
	struct notice nt, got, *list = NULL;
	struct aid_case *cases = NULL;
	size_t n = 0;
	int64_t total = 0;
	notice_fixture();

	int64_t first[] = {nc[0], nc[1]};
	make_notice(&nt, N.id);
	test_check(insert_notice(&nt, first, 2, &e), &e, "notice");
	assert_true(nt.id > 0);
	assert_int_equal(nt.ncases, 2);
	g_notice = nt.id;

	assert_int_equal(store_notice_get(g_db, nt.id, &got, &cases, &n, &e), DB_ONE);
	assert_int_equal(got.org_id, N.id);
	assert_string_equal(got.org_name, "公示测试支部");
	assert_string_equal(got.kind, "yearly");
	assert_string_equal(got.starts_on, "2024-12-06");
	assert_string_equal(got.ends_on, "2024-12-12");
	assert_int_equal(got.working_days, 5);
	assert_int_equal(got.estimated, 0);
	assert_string_equal(got.office, "城关镇党委组织办");
	assert_string_equal(got.office_phone, "0371-5550123");
	assert_string_equal(got.status, "open");
	assert_int_equal(got.created_by, g_user);
	assert_int_equal(got.closed_at, 0);
	assert_int_equal(got.ncases, 2);
	assert_int_equal(got.open_objections, 0);
	assert_int_equal(n, 2);
	assert_int_equal(cases[0].id, nc[0]);
	assert_int_equal(cases[1].id, nc[1]);
	assert_string_equal(cases[1].member_name, "公示对象1");
	free(cases);
	/* without the cases */
	assert_int_equal(store_notice_get(g_db, nt.id, &got, NULL, NULL, &e), DB_ONE);
	assert_int_equal(store_notice_get(g_db, 999999, &got, &cases, &n, &e), DB_NONE);

	/* a case in an open notice cannot go into another; nor twice into one;
	 * nothing of the refused notice is left */
	int64_t before =
	    test_sql_val(g_db, "SELECT count(*) FROM notices WHERE id > $1", DB_INT(0));
	int64_t again[] = {nc[2], nc[1]};
	make_notice(&nt, N.id);
	assert_int_equal(insert_notice(&nt, again, 2, &e), -1);
	assert_int_equal(e.code, EC_CONFLICT);
	assert_string_equal(e.field, "case_ids");
	int64_t twice[] = {nc[2], nc[2]};
	assert_int_equal(insert_notice(&nt, twice, 2, &e), -1);
	assert_int_equal(e.code, EC_CONFLICT);
	int64_t missing[] = {nc[2], 999999};
	assert_int_equal(insert_notice(&nt, missing, 2, &e), -1);
	assert_int_equal(e.code, EC_INVALID);
	assert_string_equal(e.field, "case_ids");
	assert_int_equal(
	    test_sql_val(g_db, "SELECT count(*) FROM notices WHERE id > $1", DB_INT(0)), before);
	assert_int_equal(test_sql_val(g_db, "SELECT count(*) FROM notice_cases WHERE case_id = $1",
				      DB_INT(nc[2])),
			 0);
	/* refused by the table: period ending before it starts, bad kind */
	COPY(nt.ends_on, "2024-12-01");
	assert_int_equal(insert_notice(&nt, NULL, 0, &e), -1);
	assert_int_equal(e.code, EC_INVALID);
	make_notice(&nt, N.id);
	COPY(nt.kind, "weekly");
	assert_int_equal(insert_notice(&nt, NULL, 0, &e), -1);
	assert_int_equal(e.code, EC_INVALID);

	/* the notice of a case */
	assert_int_equal(store_notice_of_case(g_db, nc[1], &got, &e), DB_ONE);
	assert_int_equal(got.id, g_notice);
	assert_int_equal(store_notice_of_case(g_db, nc[3], &got, &e), DB_NONE);

	/* closing frees its cases for a later notice */
	assert_int_equal(store_notice_close(g_db, g_notice, g_user, 1733900000, &e), DB_ONE);
	assert_int_equal(store_notice_close(g_db, g_notice, g_user, 0, &e), DB_NONE);
	assert_int_equal(store_notice_close(g_db, 999999, g_user, 0, &e), DB_NONE);
	assert_int_equal(store_notice_get(g_db, g_notice, &got, NULL, NULL, &e), DB_ONE);
	assert_string_equal(got.status, "closed");
	assert_int_equal(got.closed_by, g_user);
	assert_int_equal(got.closed_at, 1733900000);
	make_notice(&nt, N.id);
	COPY(nt.starts_on, "2024-12-13");
	COPY(nt.ends_on, "2024-12-19");
	nt.estimated = 1;
	test_check(insert_notice(&nt, again, 2, &e), &e, "second notice");
	assert_int_equal(store_notice_of_case(g_db, nc[1], &got, &e), DB_ONE);
	assert_int_equal(got.id, nt.id);
	assert_int_equal(got.estimated, 1);

	/* lists: scope, status, paging */
	assert_int_equal(store_notice_list(g_db, N.path, NULL, 0, 10, &list, &n, &total, &e),
			 DB_ONE);
	assert_int_equal(total, 2);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].id, nt.id); /* newest first */
	assert_int_equal(list[1].id, g_notice);
	free(list);
	assert_int_equal(store_notice_list(g_db, N.path, "open", 0, 10, &list, &n, &total, &e),
			 DB_ONE);
	assert_int_equal(total, 1);
	assert_int_equal(list[0].id, nt.id);
	assert_int_equal(list[0].ncases, 2);
	free(list);
	assert_int_equal(store_notice_list(g_db, "/", "closed", 0, 1, &list, &n, &total, &e),
			 DB_ONE);
	assert_int_equal(total, 1);
	free(list);
	assert_int_equal(store_notice_list(g_db, N.path, NULL, 1, 1, &list, &n, &total, &e),
			 DB_ONE);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, g_notice);
	free(list);
	assert_int_equal(store_notice_list(g_db, N.path, NULL, 2, 1, &list, &n, &total, &e),
			 DB_NONE);
	assert_int_equal(total, 2);
	assert_int_equal(store_notice_list(g_db, g_br1.path, NULL, 0, 10, &list, &n, &total, &e),
			 DB_NONE);
	assert_int_equal(store_notice_list(g_db, "", NULL, 0, 10, &list, &n, &total, &e), DB_HARD);
}

/* A case that left an open notice early may go into another. */
static void test_notice_release(void **state)
{
	struct bf_err e;
	struct notice nt, later, got;
	notice_fixture();
	make_notice(&nt, N.id);
	test_check(insert_notice(&nt, &nc[3], 1, &e), &e, "notice");
	make_notice(&later, N.id);
	assert_int_equal(insert_notice(&later, &nc[3], 1, &e), -1);
	assert_int_equal(e.code, EC_CONFLICT);
	assert_int_equal(store_notice_release_case(g_db, nt.id, nc[3], &e), DB_ONE);
	assert_int_equal(store_notice_release_case(g_db, nt.id, nc[3], &e), DB_NONE);
	assert_int_equal(store_notice_release_case(g_db, nt.id, nc[0], &e), DB_NONE);
	make_notice(&later, N.id);
	test_check(insert_notice(&later, &nc[3], 1, &e), &e, "later notice");
	/* still listed on the first */
	assert_int_equal(store_notice_get(g_db, nt.id, &got, NULL, NULL, &e), DB_ONE);
	assert_int_equal(got.ncases, 1);
	assert_int_equal(store_notice_of_case(g_db, nc[3], &got, &e), DB_ONE);
	assert_int_equal(got.id, later.id);
}

static enum db_qs object(int64_t notice, int64_t case_id, const char *channel, struct objection *o,
			 struct bf_err *e)
{
	memset(o, 0, sizeof(*o));
	o->notice_id = notice;
	o->case_id = case_id;
	COPY(o->received_on, "2024-12-14");
	COPY(o->channel, channel);
	COPY(o->content, "反映该户有经营收入");
	COPY(o->reporter, "匿名");
	o->created_by = g_user;
	return store_objection_insert(g_db, o, e);
}

static void test_objections(void **state)
{
	struct bf_err e;
	struct objection o1, o2, o3, bad, *list = NULL;
	struct notice nt;
	size_t n = 0;
	int64_t open = -1;
	notice_fixture();
	/* the open notice lists nc[2] and nc[1] (test_notices) */
	assert_int_equal(store_notice_of_case(g_db, nc[2], &nt, &e), DB_ONE);
	int64_t notice = nt.id;

	test_check(object(notice, nc[2], "phone", &o1, &e), &e, "objection on a case");
	test_check(object(notice, 0, "letter", &o2, &e), &e, "objection on the notice");
	test_check(object(notice, nc[1], "in_person", &o3, &e), &e, "objection on another case");
	test_check(object(notice, nc[2], "phone", &bad, &e), &e, "a second one on the case");
	/* a case not on the notice; a bad channel; an unknown notice */
	assert_int_equal(object(notice, nc[3], "phone", &bad, &e), DB_HARD);
	assert_int_equal(e.code, EC_INVALID);
	assert_string_equal(e.field, "case_id");
	refused(object(notice, nc[2], "email", &bad, &e), &e);
	refused(object(999999, 0, "phone", &bad, &e), &e);

	assert_int_equal(store_objection_open_count(g_db, notice, 0, &open, &e), DB_ONE);
	assert_int_equal(open, 4);
	assert_int_equal(store_objection_open_count(g_db, notice, nc[2], &open, &e), DB_ONE);
	assert_int_equal(open, 2);
	assert_int_equal(store_notice_get(g_db, notice, &nt, NULL, NULL, &e), DB_ONE);
	assert_int_equal(nt.open_objections, 4);

	assert_int_equal(store_objection_list(g_db, notice, 0, &list, &n, &e), DB_ONE);
	assert_int_equal(n, 4);
	assert_int_equal(list[1].case_id, 0);
	assert_string_equal(list[1].channel, "letter");
	assert_int_equal(list[0].id, o1.id);
	assert_int_equal(list[0].case_id, nc[2]);
	assert_string_equal(list[0].received_on, "2024-12-14");
	assert_string_equal(list[0].content, "反映该户有经营收入");
	assert_string_equal(list[0].reporter, "匿名");
	assert_string_equal(list[0].outcome, "");
	assert_int_equal(list[0].handled_at, 0);
	free(list);
	assert_int_equal(store_objection_list(g_db, 0, nc[2], &list, &n, &e), DB_ONE);
	assert_int_equal(n, 2);
	free(list);
	assert_int_equal(store_objection_list(g_db, notice, nc[1], &list, &n, &e), DB_ONE);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, o3.id);
	free(list);
	assert_int_equal(store_objection_list(g_db, 0, nc[3], &list, &n, &e), DB_NONE);
	assert_int_equal(store_objection_list(g_db, 0, 0, &list, &n, &e), DB_HARD);
	/* one by id */
	struct objection got;
	assert_int_equal(store_objection_get(g_db, o2.id, &got, &e), DB_ONE);
	assert_int_equal(got.notice_id, notice);
	assert_int_equal(got.case_id, 0);
	assert_string_equal(got.channel, "letter");
	assert_int_equal(store_objection_get(g_db, 999999, &got, &e), DB_NONE);

	/* handled once; the second handling does nothing */
	assert_int_equal(store_objection_handle(g_db, o2.id, "unfounded", "经核实，反映不实",
						g_user, 1734000000, &e),
			 DB_ONE);
	assert_int_equal(
	    store_objection_handle(g_db, o2.id, "upheld_rejected", "改判", g_user, 1734100000, &e),
	    DB_NONE);
	assert_int_equal(store_objection_list(g_db, notice, 0, &list, &n, &e), DB_ONE);
	assert_string_equal(list[1].outcome, "unfounded");
	assert_string_equal(list[1].reason, "经核实，反映不实");
	assert_int_equal(list[1].handled_by, g_user);
	assert_int_equal(list[1].handled_at, 1734000000);
	free(list);
	assert_int_equal(store_objection_handle(g_db, 999999, "unfounded", "无", g_user, 0, &e),
			 DB_NONE);
	/* refused: an unknown outcome; an outcome without a reason */
	refused(store_objection_handle(g_db, o3.id, "ignored", "无", g_user, 0, &e), &e);
	refused(store_objection_handle(g_db, o3.id, "upheld_returned", "", g_user, 0, &e), &e);
	test_check(
	    store_objection_handle(g_db, o3.id, "upheld_returned", "情况属实，退回", g_user, 0, &e),
	    &e, "handle");
	assert_int_equal(store_objection_open_count(g_db, notice, 0, &open, &e), DB_ONE);
	assert_int_equal(open, 2);
	assert_int_equal(store_objection_open_count(g_db, notice, nc[1], &open, &e), DB_ONE);
	assert_int_equal(open, 0);
}

/* --- attachments --- */

static enum db_qs attach(int64_t case_id, const char *kind, const char *mime, int64_t size,
			 const char *sha, struct attachment *a, struct bf_err *e)
{
	memset(a, 0, sizeof(*a));
	a->case_id = case_id;
	COPY(a->kind, kind);
	COPY(a->name, "诊断证明.pdf");
	COPY(a->mime, mime);
	a->size = size;
	COPY(a->sha256, sha);
	snprintf(a->stored_path, sizeof(a->stored_path), "var/attachments/%.2s/%s", sha, sha);
	a->uploaded_by = g_user;
	return store_attachment_insert(g_db, a, e);
}

static void test_attachments(void **state)
{
	struct bf_err e;
	struct attachment a, b, got, *list = NULL;
	size_t n = 0;
	char sha[65], sha2[65];
	fake_hex(sha, 1);
	fake_hex(sha2, 2);
	int64_t id = add_case(add_member(g_br1.id, "附件"), g_br1.id, 0, 2024);

	test_check(attach(id, "diagnosis", "application/pdf", 123456, sha, &a, &e), &e, "attach");
	test_check(attach(id, "application", "image/jpeg", 10485760, sha2, &b, &e), &e, "attach");
	assert_true(b.id > a.id);
	assert_true(a.uploaded_at > 0);
	assert_int_equal(store_attachment_get(g_db, a.id, &got, &e), DB_ONE);
	assert_int_equal(got.case_id, id);
	assert_string_equal(got.kind, "diagnosis");
	assert_string_equal(got.name, "诊断证明.pdf");
	assert_string_equal(got.mime, "application/pdf");
	assert_int_equal(got.size, 123456);
	assert_string_equal(got.sha256, sha);
	assert_string_equal(got.stored_path, a.stored_path);
	assert_int_equal(got.uploaded_by, g_user);
	assert_int_equal(store_attachment_get(g_db, 999999, &got, &e), DB_NONE);
	assert_int_equal(store_attachment_list(g_db, id, &list, &n, &e), DB_ONE);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].id, a.id);
	assert_int_equal(list[1].id, b.id);
	free(list);
	assert_int_equal(store_attachment_list(g_db, 999999, &list, &n, &e), DB_NONE);

	/* refused: kind, type, size (0, over 10 MiB), digest, unknown case */
	refused(attach(id, "selfie", "image/png", 10, sha, &a, &e), &e);
	refused(attach(id, "other", "image/gif", 10, sha, &a, &e), &e);
	refused(attach(id, "other", "image/png", 0, sha, &a, &e), &e);
	refused(attach(id, "other", "image/png", 10485761, sha, &a, &e), &e);
	refused(attach(id, "other", "image/png", 10, "ABC", &a, &e), &e);
	sha[0] = 'G';
	refused(attach(id, "other", "image/png", 10, sha, &a, &e), &e);
	sha[0] = 'a';
	refused(attach(999999, "other", "image/png", 10, sha, &a, &e), &e);
}

/* --- migration 0012: paid-first cases screened under the old rule --- */

/* An emergency paid first (pay_first) in state, with its payment of fen
 * (0: none) in batch; its deadline is due. */
static int64_t paid_first_case(const char *name, int pay_first, const char *state, int64_t batch,
			       int64_t fen, const char *due)
{
	struct aid_case *c = calloc(1, sizeof(*c));
	struct bf_err e;
	assert_non_null(c);
	int64_t member = add_member(g_br1.id, name);
	make_case(c, member, g_br1.id, 0, 2024);
	COPY(c->loss_type, "major_loss");
	c->pay_first = pay_first;
	if (pay_first)
		COPY(c->paperwork_due, "2024-03-15");
	c->approved_fen = fen;
	test_check(store_case_insert(g_db, c, &e), &e, "store_case_insert");
	int64_t id = c->id;
	free(c);
	put_state(id, state, due);
	if (fen) {
		struct db_val args[] = {DB_INT(batch),	  DB_INT(id),  DB_INT(member),
					DB_INT(g_br1.id), DB_INT(fen), DB_INT(pay_first)};
		test_check(db_exec(g_db,
				   "INSERT INTO payments (batch_id, case_id, member_id, org_id, "
				   "amount, pay_first, value_date, shares_json, created_at) VALUES "
				   "($1, $2, $3, $4, $5, $6, '2024-02-10', '[]', 1707523200)",
				   args, 6, NULL, &e),
			   &e, "payment");
	}
	return id;
}

static void test_paid_first_migration(void **state)
{
	struct bf_err e;
	struct db_val org = DB_INT(g_com1.id);
	struct db_rows *r = NULL;
	test_check(db_query(g_db,
			    "INSERT INTO pay_batches (org_id, payer, value_date, method, "
			    "policy_version, total, count, lines_json, created_at) VALUES "
			    "($1, 'department', '2024-02-10', 'bank', 1, 150000, 1, '[]', "
			    "1707523200) RETURNING id",
			    &org, 1, &r, &e),
		   &e, "batch");
	assert_int_equal(db_next(r), 1);
	int64_t batch = db_int(r, 0);
	db_rows_free(r);
	/* screened under the old rule: paid first, passed, still "screened" */
	int64_t old = paid_first_case("旧规则", 1, "screened", batch, 150000, "2024-03-20");
	/* not theirs: paid first and not screened yet, screened without a
	 * payment, an ordinary screened case, one paid already */
	int64_t waiting = paid_first_case("待筛查", 1, "screening", batch, 80000, "2024-03-01");
	int64_t unpaid = paid_first_case("未发放", 1, "screened", 0, 0, "2024-03-02");
	int64_t plain = paid_first_case("普通", 0, "screened", batch, 60000, "2024-03-03");
	int64_t paid = paid_first_case("已发放", 1, "paid", batch, 70000, "2024-03-04");
	int64_t ids[] = {old, waiting, unpaid, plain, paid};
	int64_t versions[5];
	struct aid_case *c = malloc(sizeof(*c));
	assert_non_null(c);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(store_case_get(g_db, ids[i], c, &e), DB_ONE);
		versions[i] = c->version;
	}
	int64_t events =
	    test_sql_val(g_db, "SELECT count(*) FROM case_events WHERE id > $1", DB_INT(0));

	test_check(db_migration_rerun(g_db, 12, &e), &e, "0012");

	assert_int_equal(store_case_get(g_db, old, c, &e), DB_ONE);
	assert_string_equal(c->state, "paid");
	assert_int_equal(c->version, versions[0] + 1);
	assert_string_equal(c->due_on, "2024-03-20"); /* the verification's, from the screening */
	assert_int_equal(c->pay_first, 1);
	static const char *const kept[] = {"screened", "screening", "screened", "screened", "paid"};
	for (int i = 1; i < 5; i++) {
		assert_int_equal(store_case_get(g_db, ids[i], c, &e), DB_ONE);
		assert_string_equal(c->state, kept[i]);
		assert_int_equal(c->version, versions[i]);
	}
	free(c);
	/* one timeline row, on the moved case only, saying what happened */
	assert_int_equal(
	    test_sql_val(g_db, "SELECT count(*) FROM case_events WHERE id > $1", DB_INT(0)),
	    events + 1);
	struct case_event_row *tl = NULL;
	size_t n = 0;
	assert_int_equal(store_case_event_list(g_db, old, &tl, &n, &e), DB_ONE);
	assert_int_equal(n, 1);
	assert_string_equal(tl[0].event, "pay");
	assert_string_equal(tl[0].from_state, "screened");
	assert_string_equal(tl[0].to_state, "paid");
	assert_int_equal(tl[0].user_id, 0);
	assert_int_equal(tl[0].policy_version, 1);
	assert_non_null(strstr(tl[0].reason, "先发后补"));
	int64_t pid = test_sql_val(g_db, "SELECT id FROM payments WHERE case_id = $1", DB_INT(old));
	char want[96];
	snprintf(want, sizeof(want), "{\"payment_id\":%" PRId64 ",\"amount\":150000}", pid);
	assert_string_equal(tl[0].detail, want);
	assert_int_equal(strlen(tl[0].taken_on), 10);
	assert_true(tl[0].at > 1700000000);
	free(tl);
	/* run again: nothing left to move */
	test_check(db_migration_rerun(g_db, 12, &e), &e, "0012 again");
	assert_int_equal(
	    test_sql_val(g_db, "SELECT count(*) FROM case_events WHERE id > $1", DB_INT(0)),
	    events + 1);
	assert_int_equal(db_migration_rerun(g_db, 9999, &e), -1);
	assert_int_equal(e.code, EC_INVALID);
}

/* --- the verification campaign (migration 0014, src/store/verification.c) --- */

static void test_verification(void **state)
{
	struct bf_err e;
	struct org sub, b1, b2;
	char path[256];
	(void)state;
	add_org("VF", "核查测试镇", "committee", g_dept.id, &sub);
	add_org("VF1", "核查一村", "branch", sub.id, &b1);
	add_org("VF2", "核查二村", "branch", sub.id, &b2);
	int64_t c1 = add_case(add_member(b1.id, "核查甲"), b1.id, 0, 2031);
	int64_t c2 = add_case(add_member(b2.id, "核查乙"), b2.id, 0, 2031);
	int64_t c3 = add_case(add_member(b2.id, "核查丙"), b2.id, 0, 2031);
	/* paid: c1 and c3 (a batch and its payments, as the fund writes them) */
	struct verification_unit *units = NULL;
	size_t nu = 0;
	assert_int_equal(store_verification_paid(g_db, sub.path, 2031, &units, &nu, &e), DB_NONE);
	int64_t batch = test_sql_val(g_db,
				     "INSERT INTO pay_batches (org_id, payer, value_date, "
				     "method, policy_version, total, "
				     "count, lines_json, created_at) VALUES ($1, "
				     "'department', '2031-12-20', 'bank', 1, "
				     "120000, 2, '[]', 1) RETURNING id",
				     DB_INT(sub.id));
	int64_t paid[] = {c1, c3};
	for (int i = 0; i < 2; i++) {
		struct db_val a[] = {DB_INT(batch), DB_INT(paid[i])};
		assert_true(
		    db_exec(g_db,
			    "INSERT INTO payments (batch_id, case_id, member_id, org_id, "
			    "amount, "
			    "value_date, shares_json, created_at) SELECT $1, id, member_id, "
			    "org_id, 60000, '2031-12-20', '[]', 1 FROM cases WHERE id = $2",
			    a, 2, NULL, &e) == DB_ONE);
	}
	assert_int_equal(store_verification_paid(g_db, sub.path, 2031, &units, &nu, &e), DB_ONE);
	assert_int_equal(nu, 2);
	assert_int_equal(units[0].case_id, c1); /* by case id */
	assert_int_equal(units[1].case_id, c3);
	assert_string_equal(units[1].org_path, b2.path);
	free(units);
	assert_int_equal(store_verification_paid(g_db, b1.path, 2030, &units, &nu, &e), DB_NONE);

	/* a campaign: its population and its sample */
	struct verification v = {0}, got, *list = NULL;
	v.org_id = g_dept.id;
	v.year = 2031;
	COPY(v.title, "2031 年度走访核查");
	v.share_pct = 50;
	v.min_per_committee = 1;
	COPY(v.seed, "0000000000c0ffee");
	v.population = 2;
	v.sample = 2;
	COPY(v.drawn_on, "2032-01-05");
	COPY(v.due_on, "2032-02-05");
	v.created_by = g_user;
	int64_t pc[] = {c1, c3}, pm[] = {sub.id, sub.id};
	struct verification_check picks[2] = {
	    {.case_id = c3, .committee_id = sub.id, .draw_rank = 1},
	    {.case_id = c1, .committee_id = sub.id, .draw_rank = 2}};
	test_check(store_verification_insert(g_db, &v, pc, pm, 2, picks, 2, &e), &e, "insert");
	assert_true(v.id > 0);
	assert_int_equal(store_verification_get(g_db, v.id, &got, &e), DB_ONE);
	assert_string_equal(got.seed, "0000000000c0ffee");
	assert_string_equal(got.status, "open");
	assert_int_equal(got.done + got.assigned + got.fraud, 0);
	size_t nl = 0;
	assert_int_equal(store_verification_list(g_db, 2031, &list, &nl, &e), DB_ONE);
	assert_int_equal(nl, 1);
	assert_int_equal(list[0].id, v.id);
	free(list);
	int64_t *cases = NULL, *coms = NULL;
	size_t np = 0;
	assert_int_equal(store_verification_population(g_db, v.id, &cases, &coms, &np, &e), DB_ONE);
	assert_int_equal(np, 2);
	assert_int_equal(cases[0], c1);
	assert_int_equal(coms[1], sub.id);
	free(cases);
	free(coms);

	/* checks by rank, scoped: b1's reader sees one; a checker sees its own too */
	struct verification_check *k = NULL, one;
	size_t nk = 0;
	struct verification_filter f = {.scope_path = "/"};
	assert_int_equal(store_verification_checks(g_db, v.id, &f, &k, &nk, &e), DB_ONE);
	assert_int_equal(nk, 2);
	assert_int_equal(k[0].case_id, c3);
	assert_int_equal(k[0].amount, 60000);
	assert_string_equal(k[0].paid_on, "2031-12-20");
	assert_string_equal(k[0].committee_name, "核查测试镇");
	int64_t k3 = k[0].id, k1 = k[1].id;
	free(k);
	f.scope_path = b1.path;
	assert_int_equal(store_verification_checks(g_db, v.id, &f, &k, &nk, &e), DB_ONE);
	assert_int_equal(nk, 1);
	assert_int_equal(k[0].case_id, c1);
	free(k);
	assert_int_equal(store_verification_assign(g_db, k3, g_user, &e), DB_ONE);
	f.checker_or = g_user;
	assert_int_equal(store_verification_checks(g_db, v.id, &f, &k, &nk, &e), DB_ONE);
	assert_int_equal(nk, 2);
	free(k);
	snprintf(path, sizeof(path), "%s", b2.path);
	struct verification_filter g = {.scope_path = "/", .org_path = path, .status = "pending"};
	assert_int_equal(store_verification_checks(g_db, v.id, &g, &k, &nk, &e), DB_ONE);
	assert_int_equal(nk, 1);
	free(k);
	assert_int_equal(store_verification_todo(g_db, g_user, &k, &nk, &e), DB_ONE);
	assert_int_equal(nk, 1);
	assert_int_equal(k[0].id, k3);
	free(k);

	/* recording: once per version */
	assert_int_equal(store_verification_check_get(g_db, k3, &one, &e), DB_ONE);
	COPY(one.checked_on, "2032-01-10");
	one.phone_reached = one.phone_correct = one.money_received = 1;
	COPY(one.finding, "irregular");
	one.responsible_org_id = b2.id;
	COPY(one.notes, "公示未张贴");
	one.recorded_by = g_user;
	assert_int_equal(store_verification_record(g_db, &one, &e), DB_ONE);
	assert_int_equal(store_verification_record(g_db, &one, &e), DB_NONE); /* stale version */
	assert_int_equal(store_verification_check_get(g_db, k3, &one, &e), DB_ONE);
	assert_string_equal(one.status, "done");
	assert_string_equal(one.responsible_name, "核查二村");
	assert_int_equal(one.notice_posted, 0);
	assert_int_equal(store_verification_get(g_db, v.id, &got, &e), DB_ONE);
	assert_int_equal(got.done, 1);
	assert_int_equal(got.irregular, 1);
	assert_int_equal(got.assigned, 1);
	assert_int_equal(store_verification_todo(g_db, g_user, &k, &nk, &e), DB_NONE);
	/* refused: a finding not in the list */
	COPY(one.finding, "maybe");
	refused(store_verification_record(g_db, &one, &e), &e);
	/* one check per case and campaign (a unique index: EC_CONFLICT) */
	assert_int_equal(db_exec(g_db,
				 "INSERT INTO verification_checks (campaign_id, case_id, "
				 "committee_id, draw_rank) VALUES ($1, $2, $3, 9)",
				 (struct db_val[]){DB_INT(v.id), DB_INT(c1), DB_INT(sub.id)}, 3,
				 NULL, &e),
			 DB_HARD);
	(void)k1;
	(void)c2;
	/* closing: once */
	assert_int_equal(store_verification_close(g_db, v.id, &e), DB_ONE);
	assert_int_equal(store_verification_close(g_db, v.id, &e), DB_NONE);
}

/* --- screening (migration 0015, store_screening.h) --- */

static void test_screening_findings(void **state)
{
	struct bf_err e;
	struct screening_finding f = {0}, got, *items = NULL;
	size_t n = 0;
	int64_t open = -1;
	(void)state;
	int64_t id = add_case(add_member(g_br1.id, "筛查发现"), g_br1.id, 0, 2024);
	f.case_id = id;
	COPY(f.rule, "duplicate_id");
	COPY(f.detail, "同一身份证号 2024 年度另有档案");
	assert_int_equal(store_finding_insert(g_db, &f, &e), DB_ONE);
	assert_true(f.id > 0);
	struct screening_finding bad = f;
	COPY(bad.rule, "no_such_rule");
	refused(store_finding_insert(g_db, &bad, &e), &e);
	assert_int_equal(store_finding_open_count(g_db, id, &open, &e), DB_ONE);
	assert_int_equal(open, 1);
	/* deciding needs a reason (CHECK) and happens once */
	got = f;
	COPY(got.state, "cleared");
	got.reason[0] = '\0';
	refused(store_finding_decide(g_db, &got, &e), &e);
	COPY(got.reason, "核实无误");
	got.decided_by = g_user;
	assert_int_equal(store_finding_decide(g_db, &got, &e), DB_ONE);
	assert_int_equal(store_finding_decide(g_db, &got, &e), DB_NONE);
	assert_int_equal(store_finding_get(g_db, f.id, &got, &e), DB_ONE);
	assert_string_equal(got.state, "cleared");
	assert_string_equal(got.reason, "核实无误");
	assert_int_equal(got.decided_by, g_user);
	assert_int_equal(store_finding_open_count(g_db, id, &open, &e), DB_ONE);
	assert_int_equal(open, 0);
	/* dropping the open ones keeps the decided */
	f.id = 0;
	COPY(f.rule, "other_district");
	assert_int_equal(store_finding_insert(g_db, &f, &e), DB_ONE);
	assert_int_equal(store_finding_drop_open(g_db, id, &e), DB_ONE);
	assert_int_equal(store_finding_list(g_db, id, &items, &n, &e), DB_ONE);
	assert_int_equal(n, 1);
	assert_string_equal(items[0].rule, "duplicate_id");
	free(items);
}

static void test_households(void **state)
{
	struct bf_err e;
	struct household_link l = {0}, got, *items = NULL;
	size_t n = 0;
	(void)state;
	int64_t a = add_member(g_br1.id, "户主"), b = add_member(g_br2.id, "配偶");
	l.member_id = a;
	l.relative_id = b;
	COPY(l.relation, "配偶");
	l.created_by = g_user;
	assert_int_equal(store_household_insert(g_db, &l, &e), DB_ONE);
	/* either way round is the same link */
	struct household_link back = {0};
	back.member_id = b;
	back.relative_id = a;
	assert_int_equal(store_household_insert(g_db, &back, &e), DB_HARD);
	assert_int_equal(e.code, EC_CONFLICT);
	struct household_link self = {0};
	self.member_id = self.relative_id = a;
	refused(store_household_insert(g_db, &self, &e), &e);
	assert_int_equal(store_household_list(g_db, b, &items, &n, &e), DB_ONE);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].relative_id, a);
	assert_int_equal(items[0].member_id, b);
	assert_string_equal(items[0].relative_name, "户主");
	assert_string_equal(items[0].relative_org_path, g_br1.path);
	free(items);
	assert_int_equal(store_household_get(g_db, l.id, &got, &e), DB_ONE);
	assert_int_equal(got.member_id, a);
	assert_int_equal(got.relative_id, b);
	assert_int_equal(store_household_delete(g_db, l.id, &e), DB_ONE);
	assert_int_equal(store_household_get(g_db, l.id, &got, &e), DB_NONE);
	assert_int_equal(store_household_list(g_db, a, &items, &n, &e), DB_NONE);
}

static void test_other_district(void **state)
{
	struct bf_err e;
	char bidx[65], district[256];
	int64_t n = 0;
	(void)state;
	fake_hex(bidx, 4242);
	bidx[32] = '\0';
	assert_int_equal(store_other_district_find(g_db, bidx, district, &e), DB_NONE);
	assert_int_equal(store_other_district_put(g_db, bidx, "历下区", g_user, &e), DB_ONE);
	assert_int_equal(store_other_district_put(g_db, bidx, "槐荫区", g_user, &e), DB_ONE);
	assert_int_equal(store_other_district_find(g_db, bidx, district, &e), DB_ONE);
	assert_string_equal(district, "槐荫区");
	assert_int_equal(store_other_district_count(g_db, &n, &e), DB_ONE);
	assert_int_equal(n, 1);
}

static void test_screening_batches(void **state)
{
	struct bf_err e;
	struct screening_batch b = {0}, got, *items = NULL;
	struct screening_row *rows = NULL;
	size_t n = 0;
	(void)state;
	int64_t c1 = add_case(add_member(g_br1.id, "批次一"), g_br1.id, 0, 2024);
	int64_t c2 = add_case(add_member(g_br1.id, "批次二"), g_br1.id, 0, 2024);
	b.org_id = g_com1.id;
	b.created_by = g_user;
	assert_int_equal(store_sbatch_insert(g_db, &b, &e), DB_ONE);
	struct screening_row r1 = {b.id, 1, c1}, r2 = {b.id, 2, c2}, dup = {b.id, 2, c1},
			     zero = {b.id, 0, c1};
	assert_int_equal(store_sbatch_row_insert(g_db, &r1, &e), DB_ONE);
	assert_int_equal(store_sbatch_row_insert(g_db, &r2, &e), DB_ONE);
	assert_int_equal(store_sbatch_row_insert(g_db, &dup, &e), DB_HARD);
	refused(store_sbatch_row_insert(g_db, &zero, &e), &e);
	assert_int_equal(store_sbatch_rows(g_db, b.id, &rows, &n, &e), DB_ONE);
	assert_int_equal(n, 2);
	assert_int_equal(rows[1].case_id, c2);
	free(rows);
	assert_int_equal(store_sbatch_get(g_db, b.id, &got, &e), DB_ONE);
	assert_int_equal(got.rows, 2);
	assert_string_equal(got.state, "open");
	assert_string_equal(got.org_path, g_com1.path);
	assert_int_equal(store_sbatch_list(g_db, g_com1.path, &items, &n, &e), DB_ONE);
	assert_int_equal(n, 1);
	free(items);
	assert_int_equal(store_sbatch_list(g_db, g_br2.path, &items, &n, &e), DB_NONE);
	assert_int_equal(store_sbatch_answered(g_db, b.id, g_user, &e), DB_ONE);
	assert_int_equal(store_sbatch_answered(g_db, b.id, g_user, &e), DB_NONE);
}

int main(void)
{
	g_url = getenv("BANGFU_TEST_DB");
	if (!g_url || !*g_url) {
		printf("BANGFU_TEST_DB 未设置：跳过存储层测试 (sqlite:PATH 或 PostgreSQL "
		       "conninfo)\n");
		return 77; /* "skipped" for meson */
	}
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_migration),
	    cmocka_unit_test(test_policies),
	    cmocka_unit_test(test_calendar),
	    cmocka_unit_test(test_rounds),
	    cmocka_unit_test(test_case_crud),
	    cmocka_unit_test(test_case_constraints),
	    cmocka_unit_test(test_case_lock),
	    cmocka_unit_test(test_case_lock_race),
	    cmocka_unit_test(test_case_list),
	    cmocka_unit_test(test_case_counts),
	    cmocka_unit_test(test_member_year),
	    cmocka_unit_test(test_case_events),
	    cmocka_unit_test(test_notices),
	    cmocka_unit_test(test_objections),
	    cmocka_unit_test(test_notice_release),
	    cmocka_unit_test(test_attachments),
	    cmocka_unit_test(test_paid_first_migration),
	    cmocka_unit_test(test_verification),
	    cmocka_unit_test(test_screening_findings),
	    cmocka_unit_test(test_households),
	    cmocka_unit_test(test_other_district),
	    cmocka_unit_test(test_screening_batches),
	};
	return cmocka_run_group_tests_name(test_group_name("cases-sqlite", "cases-pg"), tests,
					   group_setup, group_teardown);
}
