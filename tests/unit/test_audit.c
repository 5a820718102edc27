/* test_audit.c - the SM3 audit chain of core/audit.c on a real SQLite file:
 * the hash covers every field, an intact chain verifies, and an edited,
 * deleted or truncated row is found and named. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "core.h"

static char path[256];

static struct db *fresh_db(void)
{
	struct db *db;
	struct bf_err e;
	char url[300];
	snprintf(path, sizeof(path), "/tmp/bangfu-audit-%d.db", (int)getpid());
	unlink(path);
	snprintf(url, sizeof(url), "sqlite:%s", path);
	assert_int_equal(db_open(&db, url, &e), 0);
	assert_int_equal(db_migrate(db, &e), 0);
	return db;
}

static void close_db(struct db *db)
{
	char p[300];
	db_close(db);
	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
}

static void fill(struct db *db, int n)
{
	struct actor a;
	struct bf_err e;
	actor_cli(&a, "tester");
	for (int i = 0; i < n; i++) {
		char detail[64];
		snprintf(detail, sizeof(detail), "{\"i\":%d}", i);
		assert_int_equal(audit_record_tx(db, &a, "update", "member", i + 1, detail, &e), 0);
	}
}

static void sql(struct db *db, const char *s)
{
	struct bf_err e;
	assert_true(db_exec(db, s, NULL, 0, NULL, &e) >= 0);
}

static void test_hash_covers_every_field(void **state)
{
	struct audit_entry a = {.seq = 3, .at = 1700000000, .user_id = 7, .entity_id = 9};
	char h0[65], h1[65];
	snprintf(a.username, sizeof(a.username), "admin");
	snprintf(a.action, sizeof(a.action), "reveal");
	snprintf(a.entity, sizeof(a.entity), "member");
	snprintf(a.addr, sizeof(a.addr), "127.0.0.1");
	snprintf(a.detail, sizeof(a.detail), "{}");
	audit_hash(&a, "00", h0);
	assert_int_equal(strlen(h0), 64);
	audit_hash(&a, "00", h1);
	assert_string_equal(h0, h1);
	audit_hash(&a, "01", h1);
	assert_string_not_equal(h0, h1);
	struct audit_entry b = a;
	b.entity_id = 10;
	audit_hash(&b, "00", h1);
	assert_string_not_equal(h0, h1);
	b = a;
	snprintf(b.username, sizeof(b.username), "admin2");
	audit_hash(&b, "00", h1);
	assert_string_not_equal(h0, h1);
	/* moving a character across a field boundary changes the hash */
	b = a;
	snprintf(b.action, sizeof(b.action), "revea");
	snprintf(b.entity, sizeof(b.entity), "lmember");
	audit_hash(&b, "00", h1);
	assert_string_not_equal(h0, h1);
}

static void test_intact_chain_verifies(void **state)
{
	struct db *db = fresh_db();
	int64_t rows, bad;
	struct bf_err e;
	assert_int_equal(audit_verify(db, &rows, &bad, &e), 0);
	assert_int_equal(rows, 0);
	fill(db, 20);
	assert_int_equal(audit_verify(db, &rows, &bad, &e), 0);
	assert_int_equal(rows, 20);
	assert_int_equal(bad, 0);
	close_db(db);
}

static void test_edit_found(void **state)
{
	struct db *db = fresh_db();
	int64_t rows, bad;
	struct bf_err e;
	fill(db, 10);
	sql(db, "DROP TRIGGER audit_log_no_update");
	sql(db, "UPDATE audit_log SET detail = '{\"i\":99}' WHERE seq = 4");
	assert_int_equal(audit_verify(db, &rows, &bad, &e), -1);
	assert_int_equal(bad, 4);
	assert_non_null(strstr(e.message, "修改"));
	close_db(db);
}

static void test_delete_found(void **state)
{
	struct db *db = fresh_db();
	int64_t rows, bad;
	struct bf_err e;
	fill(db, 10);
	sql(db, "DROP TRIGGER audit_log_no_delete");
	sql(db, "DELETE FROM audit_log WHERE seq = 6");
	assert_int_equal(audit_verify(db, &rows, &bad, &e), -1);
	assert_int_equal(bad, 6);
	assert_non_null(strstr(e.message, "删除"));
	close_db(db);
}

static void test_truncation_found(void **state)
{
	struct db *db = fresh_db();
	int64_t rows, bad;
	struct bf_err e;
	fill(db, 10);
	sql(db, "DROP TRIGGER audit_log_no_delete");
	sql(db, "DELETE FROM audit_log WHERE seq >= 9");
	assert_int_equal(audit_verify(db, &rows, &bad, &e), -1);
	assert_int_equal(bad, 9);
	close_db(db);
}

static void test_guard_triggers_refuse(void **state)
{
	struct db *db = fresh_db();
	struct bf_err e;
	fill(db, 2);
	assert_true(db_exec(db, "UPDATE audit_log SET username = 'x'", NULL, 0, NULL, &e) < 0);
	assert_true(db_exec(db, "DELETE FROM audit_log", NULL, 0, NULL, &e) < 0);
	close_db(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hash_covers_every_field),
	    cmocka_unit_test(test_intact_chain_verifies),
	    cmocka_unit_test(test_edit_found),
	    cmocka_unit_test(test_delete_found),
	    cmocka_unit_test(test_truncation_found),
	    cmocka_unit_test(test_guard_triggers_refuse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
