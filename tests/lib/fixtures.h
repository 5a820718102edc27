/* fixtures.h - the C tests' shared plumbing on a real database: checks of
 * core and store calls that fail the cmocka test with the error's message,
 * small SQL reads, and the organisations, users and members the core
 * suites (casework, ledger, payments) and the store suites build.  One
 * place, so the suites differ only in what they test. */
#ifndef BANGFU_TEST_FIXTURES_H
#define BANGFU_TEST_FIXTURES_H
#include <pthread.h>
#include <stdint.h>
#include "cases.h"
#include "register.h"
#include "db.h"
#include "err.h"
#include "store.h"

/* A suite's database: core->db a fresh, migrated database at
 * test_db_url(tag) and, when files, core->files_dir the directory
 * test_files_dir(tag).  Returns the database, or NULL after saying why. */
struct db *test_suite_open(const char *tag, int files, struct core *core);
/* Closes the suite's database and removes it and its files; 0 when done. */
int test_suite_close(struct core *core);
/* Another connection to the suite's database, for a second thread or
 * session: *c like suite (its files directory) with a database handle of
 * its own.  0, or what db_open returned. */
int test_suite_connect(struct core *c, const struct core *suite, struct bf_err *e);
/* Threads racing each other on connections of their own.  Each racer is
 * a struct of the suite's beginning with a struct test_race, which its
 * thread fills. */
struct test_race {
	pthread_barrier_t *ready; /* set by test_race_run */
	int rc;			  /* the call's result; -2: no connection */
	enum ec code;		  /* and when refused, the code and message */
	char msg[512];
};
/* Runs fn on each of the n racers (an array of structs of size bytes, each
 * beginning with a struct test_race), each in a thread of its own, and
 * waits for all of them. */
void test_race_run(size_t n, void *(*fn)(void *), void *racers, size_t size);
/* A racer's start: *c a test_suite_connect connection, then the wait for
 * the others (also when the connection failed, so no one waits forever).
 * 0, or -1 with race->rc -2 when there is no connection. */
int test_racer_start(struct core *c, const struct core *suite, struct test_race *race);
/* A racer's end: its result rc, e's code and message when refused, and
 * its connection closed. */
void test_racer_end(struct core *c, struct test_race *race, int rc, const struct bf_err *e);
/* Of two racers exactly one won (rc 0): the other, the loser. */
const struct test_race *test_race_loser(const struct test_race *a, const struct test_race *b);

/* The 2024 round opened by dept on 2024-02-01 (BANGFU_TODAY is left at
 * that day); 0, or -1 after saying why. */
int test_round_2024(struct core *core, const struct actor *dept, struct aid_round *out);

/* A core call returned 0; otherwise the test fails naming what and e. */
void test_ok(int rc, const struct bf_err *e, const char *what);
/* A store call did not fail (rc >= 0: DB_NONE and DB_ONE pass). */
void test_check(int rc, const struct bf_err *e, const char *what);
/* A core call refused with -1 and code, its message containing want
 * (NULL: any message). */
void test_refused(int rc, const struct bf_err *e, enum ec code, const char *want);

/* Runs text without parameters; fails the test when the database refuses. */
void test_sql(struct db *db, const char *text);
/* The first column of the first row of text with $1 = arg (-1: no row). */
int64_t test_sql_val(struct db *db, const char *text, struct db_val arg);
int64_t test_sql_int(struct db *db, const char *text, int64_t arg);

/* An organisation under parent (0: a root); phone may be NULL. */
void test_org(struct db *db, const char *code, const char *name, const char *kind, int64_t parent,
	      const char *phone, struct org *out);
/* A user with role at o (a stand-in password hash) and the actor that is
 * that user logged in from 127.0.0.1. */
void test_actor(struct db *db, const char *name, const char *role, const struct org *o,
		struct actor *a);
/* A member of org_id; birth, joined and household may be "" (not given).
 * Its sealed ID number and blind index are unique stand-ins: the suites
 * never open them. */
int64_t test_member(struct db *db, int64_t org_id, const char *name, const char *birth,
		    const char *joined, const char *household, int household_size);

/* A yearly application of member in round_id: serious illness, three in
 * the household (the rest as case_input_init leaves it, labour capacity
 * aside: none). */
void test_yearly_input(struct case_input *in, int64_t member, int64_t round_id);
/* A new case from in through the procedure (case_create) by a; its id. */
int64_t test_case_create(struct core *core, const struct actor *a, struct case_input *in,
			 const char *what);

/* The district the suites share: department D; committee C1 with branches
 * B1 and B2 (B1 under the general branch G1 when G1 is asked for);
 * committee C2 with branch B3; each with its office phone.  Codes are
 * prefix + D, C1, ...  The users: dept (department, at D), com1 and com2
 * (committee), br1 and br2 (branch), root (admin, at D), audit (auditor, at
 * D).  orgs[] and actors[] say where each goes, in those orders (the enums
 * below); a NULL: that one is not made (C2 and B3 go together). */
enum test_district_org { TD_D, TD_C1, TD_G1, TD_B1, TD_B2, TD_C2, TD_B3, TD_NORGS };
enum test_district_actor {
	TD_DEPT,
	TD_COM1,
	TD_COM2,
	TD_BR1,
	TD_BR2,
	TD_ADMIN,
	TD_AUDIT,
	TD_NACTORS
};
void test_district(struct db *db, const char *prefix, struct org *const orgs[TD_NORGS],
		   struct actor *const actors[TD_NACTORS]);

#endif
