/* fixtures.c - the C tests' shared checks and fixtures (see fixtures.h).
 * Failures go through cmocka's fail_msg, so they end the running test (or
 * group set-up) with the database's own message. */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "fixtures.h"
#include "freshdb.h"

#define COPY(dst, src) snprintf((dst), sizeof(dst), "%s", (src))

struct db *test_suite_open(const char *tag, int files, struct core *core)
{
	core->db = test_fresh_db(test_db_url(tag));
	core->files_dir = files ? test_files_dir(tag) : NULL;
	return core->db;
}

int test_suite_close(struct core *core)
{
	db_close(core->db);
	core->db = NULL;
	test_remove_db(test_db_url(NULL));
	return core->files_dir ? test_remove_files(core->files_dir) : 0;
}

int test_suite_connect(struct core *c, const struct core *suite, struct bf_err *e)
{
	*c = (struct core){.key = suite->key, .files_dir = suite->files_dir};
	return db_open(&c->db, test_db_url(NULL), e);
}

void test_race_run(size_t n, void *(*fn)(void *), void *racers, size_t size)
{
	pthread_barrier_t ready;
	pthread_t *t = calloc(n, sizeof(*t));
	assert_non_null(t);
	pthread_barrier_init(&ready, NULL, (unsigned)n);
	for (size_t i = 0; i < n; i++) {
		struct test_race *r = (struct test_race *)((char *)racers + i * size);
		r->ready = &ready;
		assert_int_equal(pthread_create(&t[i], NULL, fn, r), 0);
	}
	for (size_t i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	pthread_barrier_destroy(&ready);
	free(t);
}

int test_racer_start(struct core *c, const struct core *suite, struct test_race *race)
{
	struct bf_err e;
	int rc = test_suite_connect(c, suite, &e);
	pthread_barrier_wait(race->ready);
	if (rc)
		race->rc = -2;
	return rc ? -1 : 0;
}

void test_racer_end(struct core *c, struct test_race *race, int rc, const struct bf_err *e)
{
	race->rc = rc;
	race->code = rc ? e->code : EC_OK;
	snprintf(race->msg, sizeof(race->msg), "%s", rc ? e->message : "");
	db_close(c->db);
}

const struct test_race *test_race_loser(const struct test_race *a, const struct test_race *b)
{
	assert_int_equal((a->rc == 0) + (b->rc == 0), 1);
	return a->rc ? a : b;
}

int test_round_2024(struct core *core, const struct actor *dept, struct aid_round *out)
{
	struct bf_err e;
	setenv("BANGFU_TODAY", "2024-02-01", 1);
	if (case_round_open(core, dept, 2024, "", out, &e)) {
		fprintf(stderr, "round: %s\n", e.message);
		return -1;
	}
	return 0;
}

void test_ok(int rc, const struct bf_err *e, const char *what)
{
	if (rc != 0)
		fail_msg("%s failed: [%s] %s", what, e->field, e->message);
}

void test_check(int rc, const struct bf_err *e, const char *what)
{
	if (rc < 0)
		fail_msg("%s failed (%d): %s", what, rc, e->message);
}

void test_refused(int rc, const struct bf_err *e, enum ec code, const char *want)
{
	if (rc != -1)
		fail_msg("expected a refusal containing \"%s\", got %d", want ? want : "", rc);
	if (e->code != code || (want && !strstr(e->message, want)))
		fail_msg("expected code %d with \"%s\", got %d [%s] %s", code, want ? want : "",
			 e->code, e->field, e->message);
}

void test_sql(struct db *db, const char *text)
{
	struct bf_err e;
	if (db_exec(db, text, NULL, 0, NULL, &e) < 0)
		fail_msg("%s: %s", text, e.message);
}

int64_t test_sql_val(struct db *db, const char *text, struct db_val arg)
{
	struct bf_err e;
	struct db_rows *r = NULL;
	int64_t n = -1;
	if (db_query(db, text, &arg, 1, &r, &e) < 0)
		fail_msg("%s: %s", text, e.message);
	if (r && db_next(r) == 1)
		n = db_int(r, 0);
	db_rows_free(r);
	return n;
}

int64_t test_sql_int(struct db *db, const char *text, int64_t arg)
{
	return test_sql_val(db, text, DB_INT(arg));
}

void test_org(struct db *db, const char *code, const char *name, const char *kind, int64_t parent,
	      const char *phone, struct org *out)
{
	struct org o = {0};
	struct bf_err e;
	COPY(o.code, code);
	COPY(o.name, name);
	COPY(o.kind, kind);
	if (phone)
		COPY(o.phone, phone);
	o.parent_id = parent;
	test_check(store_org_insert(db, &o, &e), &e, "store_org_insert");
	*out = o;
}

void test_actor(struct db *db, const char *name, const char *role, const struct org *o,
		struct actor *a)
{
	struct user u = {0};
	struct bf_err e;
	COPY(u.username, name);
	COPY(u.role, role);
	u.org_id = o->id;
	COPY(u.password_hash, "$argon2id$v=19$fake");
	u.active = 1;
	test_check(store_user_insert(db, &u, &e), &e, "store_user_insert");
	memset(a, 0, sizeof(*a));
	a->user_id = u.id;
	COPY(a->username, name);
	COPY(a->role, role);
	a->org_id = o->id;
	COPY(a->org_path, o->path);
	COPY(a->addr, "127.0.0.1");
}

int64_t test_member(struct db *db, int64_t org_id, const char *name, const char *birth,
		    const char *joined, const char *household, int household_size)
{
	static int64_t serial;
	struct member *m = calloc(1, sizeof(*m));
	struct bf_err e;
	assert_non_null(m);
	m->org_id = org_id;
	COPY(m->name, name);
	COPY(m->birth_date, birth);
	COPY(m->joined_on, joined);
	COPY(m->household_type, household);
	m->household_size = household_size;
	serial++;
	snprintf(m->id_sealed, sizeof(m->id_sealed), "v1.test-member-%" PRId64, serial);
	snprintf(m->id_bidx, sizeof(m->id_bidx), "%064" PRId64, serial);
	test_check(store_member_insert(db, m, &e), &e, "store_member_insert");
	int64_t id = m->id;
	free(m);
	return id;
}

void test_yearly_input(struct case_input *in, int64_t member, int64_t round_id)
{
	case_input_init(in);
	COPY(in->kind, "yearly");
	in->member_id = member;
	in->round_id = round_id;
	policy_codes_add(&in->conditions, "serious_illness");
	policy_codes_add(&in->causes, "illness");
	COPY(in->situation, "本人患尿毒症，每周透析三次，家庭收入微薄");
	in->household_size = 3;
	in->labour_capacity = 0;
}

int64_t test_case_create(struct core *core, const struct actor *a, struct case_input *in,
			 const char *what)
{
	struct aid_case *c = malloc(sizeof(*c));
	struct bf_err e;
	assert_non_null(c);
	test_ok(case_create(core, a, in, c, &e), &e, what);
	int64_t id = c->id;
	free(c);
	return id;
}

/* One organisation of the district: its code's suffix, name, kind, phone. */
struct district_org {
	const char *suffix, *name, *kind, *phone;
};

static void district_org(struct db *db, const char *prefix, const struct district_org *d,
			 const struct org *parent, struct org *out)
{
	char code[32];
	if (!out)
		return;
	snprintf(code, sizeof(code), "%s%s", prefix, d->suffix);
	test_org(db, code, d->name, d->kind, parent ? parent->id : 0, d->phone, out);
}

void test_district(struct db *db, const char *prefix, struct org *const orgs[TD_NORGS],
		   struct actor *const actors[TD_NACTORS])
{
	static const struct district_org list[TD_NORGS] = {
	    [TD_D] = {"D", "测试区委组织部", ORG_DEPARTMENT, "0531-88115172"},
	    [TD_C1] = {"C1", "城关镇党委", ORG_COMMITTEE, "0531-88110001"},
	    [TD_G1] = {"G1", "城关镇机关党总支", ORG_GENERAL_BRANCH, "0531-88110010"},
	    [TD_B1] = {"B1", "东街村党支部", ORG_BRANCH, "0531-88110011"},
	    [TD_B2] = {"B2", "西街村党支部", ORG_BRANCH, "0531-88110012"},
	    [TD_C2] = {"C2", "河口镇党委", ORG_COMMITTEE, "0531-88110002"},
	    [TD_B3] = {"B3", "南村党支部", ORG_BRANCH, "0531-88110021"},
	};
	/* each one's parent, made before it */
	static const int parent[TD_NORGS] = {
	    [TD_D] = -1,     [TD_C1] = TD_D, [TD_G1] = TD_C1, [TD_B1] = TD_C1,
	    [TD_B2] = TD_C1, [TD_C2] = TD_D, [TD_B3] = TD_C2};
	static const struct {
		const char *name, *role;
		int at;
	} users[TD_NACTORS] = {
	    [TD_DEPT] = {"dept", "department", TD_D}, [TD_COM1] = {"com1", "committee", TD_C1},
	    [TD_COM2] = {"com2", "committee", TD_C2}, [TD_BR1] = {"br1", "branch", TD_B1},
	    [TD_BR2] = {"br2", "branch", TD_B2},      [TD_ADMIN] = {"root", "admin", TD_D},
	    [TD_AUDIT] = {"audit", "auditor", TD_D},
	};
	for (int i = 0; i < TD_NORGS; i++) {
		int up = i == TD_B1 && orgs[TD_G1] ? TD_G1 : parent[i];
		district_org(db, prefix, &list[i], up < 0 ? NULL : orgs[up], orgs[i]);
	}
	for (int i = 0; i < TD_NACTORS; i++)
		if (actors[i])
			test_actor(db, users[i].name, users[i].role, orgs[users[i].at], actors[i]);
}
