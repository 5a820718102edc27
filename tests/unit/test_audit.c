/* test_audit.c - the keyed SM3 audit chain of core/register/audit.c on a real
 * database (SQLite, and PostgreSQL with BANGFU_TEST_DB): the hash covers
 * every field, an intact chain verifies, and an edited, deleted or
 * truncated row is found and named; a rewrite with the chain recomputed is
 * found by the MACs, a tail cut by an anchored head; a database from before
 * the keys verifies once sealed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "register.h"
#include "freshdb.h"
#include "store.h"

static struct db *fresh_db(void)
{
	struct db *db = test_fresh_db(test_db_url("audit"));
	assert_non_null(db);
	return db;
}

static void close_db(struct db *db)
{
	db_close(db);
	test_remove_db(test_db_url(NULL));
}

static int is_pg(struct db *db)
{
	return db_engine(db) == DB_PG;
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

/* The append-only triggers off (as someone with the database file would). */
static void drop_triggers(struct db *db)
{
	if (is_pg(db)) {
		sql(db, "ALTER TABLE audit_log DISABLE TRIGGER ALL");
		return;
	}
	sql(db, "DROP TRIGGER audit_log_no_update");
	sql(db, "DROP TRIGGER audit_log_no_delete");
}

/* One change each to a row hashed: every field alone, the previous hash,
 * and a character moved across each boundary between two text fields. */
static void vary_seq(struct audit_entry *a)
{
	a->seq++;
}
static void vary_at(struct audit_entry *a)
{
	a->at++;
}
static void vary_user_id(struct audit_entry *a)
{
	a->user_id++;
}
static void vary_username(struct audit_entry *a)
{
	a->username[0] = 'A';
}
static void vary_action(struct audit_entry *a)
{
	a->action[0] = 'R';
}
static void vary_entity(struct audit_entry *a)
{
	a->entity[0] = 'M';
}
static void vary_entity_id(struct audit_entry *a)
{
	a->entity_id++;
}
static void vary_addr(struct audit_entry *a)
{
	a->addr[0] = '2';
}
static void vary_detail(struct audit_entry *a)
{
	a->detail[1] = ' ';
}
static void vary_org_path(struct audit_entry *a)
{
	a->org_path[3] = '0';
}
/* a row from before migration 0006 (no organisation) hashes otherwise */
static void legacy_org_path(struct audit_entry *a)
{
	a->org_path[0] = '\0';
}
static void shift_username_action(struct audit_entry *a)
{
	snprintf(a->username, sizeof(a->username), "admi");
	snprintf(a->action, sizeof(a->action), "nreveal");
}
static void shift_action_entity(struct audit_entry *a)
{
	snprintf(a->action, sizeof(a->action), "revea");
	snprintf(a->entity, sizeof(a->entity), "lmember");
}
static void shift_addr_detail(struct audit_entry *a)
{
	snprintf(a->addr, sizeof(a->addr), "127.0.0.");
	snprintf(a->detail, sizeof(a->detail), "1{\"i\":1}");
}
static void shift_detail_org_path(struct audit_entry *a)
{
	snprintf(a->detail, sizeof(a->detail), "{\"i\":1");
	snprintf(a->org_path, sizeof(a->org_path), "}/1/4/");
}

static void test_hash_covers_every_field(void **state)
{
	struct audit_entry a = {.seq = 3, .at = 1700000000, .user_id = 7, .entity_id = 9};
	static void (*const vary[])(struct audit_entry *) = {
	    vary_seq,
	    vary_at,
	    vary_user_id,
	    vary_username,
	    vary_action,
	    vary_entity,
	    vary_entity_id,
	    vary_addr,
	    vary_detail,
	    vary_org_path,
	    legacy_org_path,
	    shift_username_action,
	    shift_action_entity,
	    shift_addr_detail,
	    shift_detail_org_path,
	};
	enum { N = sizeof(vary) / sizeof(vary[0]) };
	char h[N + 2][65];
	snprintf(a.username, sizeof(a.username), "admin");
	snprintf(a.action, sizeof(a.action), "reveal");
	snprintf(a.entity, sizeof(a.entity), "member");
	snprintf(a.addr, sizeof(a.addr), "127.0.0.1");
	snprintf(a.detail, sizeof(a.detail), "{\"i\":1}");
	snprintf(a.org_path, sizeof(a.org_path), "/1/4/");
	audit_hash(&a, "00", h[0]);
	assert_int_equal(strlen(h[0]), 64);
	char again[65];
	audit_hash(&a, "00", again);
	assert_string_equal(h[0], again);
	audit_hash(&a, "01", h[1]); /* the previous hash */
	for (size_t i = 0; i < N; i++) {
		struct audit_entry b = a;
		vary[i](&b);
		audit_hash(&b, "00", h[i + 2]);
	}
	/* each change gives a hash of its own */
	for (size_t i = 0; i < N + 2; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(h[i], h[j]))
				fail_msg("changes %zu and %zu hash alike", i, j);
	/* the MAC binds the row's number and hash, each alone, under the key */
	char m0[65], m1[65];
	assert_non_null(test_chain_key());
	assert_int_equal(chain_mac("audit", 0, a.seq, h[0], m0), 0);
	assert_int_equal(chain_mac("audit", 0, a.seq + 1, h[0], m1), 0);
	assert_string_not_equal(m0, m1);
	assert_int_equal(chain_mac("audit", 0, a.seq, h[1], m1), 0);
	assert_string_not_equal(m0, m1);
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
	drop_triggers(db);
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
	drop_triggers(db);
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
	drop_triggers(db);
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

/* --- what someone with the database but not the key can do --- */

struct rows {
	struct audit_entry a[64];
	int n;
};

static int keep(const struct audit_entry *a, void *p)
{
	struct rows *r = p;
	if (r->n < 64)
		r->a[r->n++] = *a;
	return 0;
}

/* Recomputes the SM3 chain from seq from to the last row and moves the
 * head to it: what made a rewrite pass verify before the keys. */
static void rechain(struct db *db, int64_t from, int clear_macs)
{
	static struct rows r;
	struct bf_err e;
	char prev[65];
	r.n = 0;
	assert_true(store_audit_each(db, keep, &r, &e) >= 0);
	for (int i = 0; i < r.n; i++) {
		struct audit_entry *a = &r.a[i];
		if (a->seq < from) {
			memcpy(prev, a->hash, sizeof(prev));
			continue;
		}
		if (a->seq > 1)
			memcpy(a->prev_hash, prev, sizeof(prev));
		audit_hash(a, a->prev_hash, a->hash);
		const char *h = a->hash, *ph = a->prev_hash;
		struct db_val v[] = {DB_TEXT(ph), DB_TEXT(h), DB_INT(a->seq)};
		assert_true(db_exec(db,
				    clear_macs ? "UPDATE audit_log SET prev_hash = $1, hash = $2, "
						 "mac = NULL WHERE seq = $3"
					       : "UPDATE audit_log SET prev_hash = $1, hash = $2 "
						 "WHERE seq = $3",
				    v, 3, NULL, &e) >= 0);
		memcpy(prev, a->hash, sizeof(prev));
	}
	const char *head = prev;
	struct db_val h[] = {DB_INT(r.a[r.n - 1].seq), DB_TEXT(head)};
	assert_true(db_exec(db, "UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1", h, 2,
			    NULL, &e) >= 0);
}

static void verify_fails(struct db *db, int64_t want_bad, const char *want)
{
	int64_t rows, bad;
	struct bf_err e;
	assert_int_equal(audit_verify(db, &rows, &bad, &e), -1);
	if (!strstr(e.message, want))
		fail_msg("want “%s”, got: %s", want, e.message);
	assert_int_equal(bad, want_bad);
}

static void verify_passes(struct db *db, const struct chain_anchor *head)
{
	int64_t rows, bad;
	struct bf_err e;
	if (audit_verify_head(db, head, &rows, &bad, &e))
		fail_msg("verify: %s", e.message);
}

/* Each column of a stored row changed alone is found, naming the row; put
 * back, the chain verifies again.  Each change is undone by its pair. */
static void test_each_column_edit_found(void **state)
{
	static const struct {
		const char *change, *undo, *why;
	} cols[] = {
	    {"seq = seq + 100", "seq = seq - 100", "缺失"},
	    {"at = at + 1", "at = at - 1", "哈希不符"},
	    {"user_id = user_id + 1", "user_id = user_id - 1", "哈希不符"},
	    {"username = 'x' || username", "username = substr(username, 2)", "哈希不符"},
	    {"action = 'x' || action", "action = substr(action, 2)", "哈希不符"},
	    {"entity = 'x' || entity", "entity = substr(entity, 2)", "哈希不符"},
	    {"entity_id = entity_id + 1", "entity_id = entity_id - 1", "哈希不符"},
	    {"addr = 'x' || addr", "addr = substr(addr, 2)", "哈希不符"},
	    {"detail = 'x' || detail", "detail = substr(detail, 2)", "哈希不符"},
	    {"org_path = 'x' || org_path", "org_path = substr(org_path, 2)", "哈希不符"},
	    {"prev_hash = 'x' || prev_hash", "prev_hash = substr(prev_hash, 2)", "前序哈希"},
	    {"hash = 'x' || hash", "hash = substr(hash, 2)", "哈希不符"},
	    {"mac = 'x' || mac", "mac = substr(mac, 2)", "密钥校验值不符"},
	};
	struct db *db = fresh_db();
	fill(db, 5);
	drop_triggers(db);
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		char q[200];
		snprintf(q, sizeof(q), "UPDATE audit_log SET %s WHERE seq = 3", cols[i].change);
		sql(db, q);
		verify_fails(db, 3, cols[i].why);
		snprintf(q, sizeof(q), "UPDATE audit_log SET %s WHERE seq = %d", cols[i].undo,
			 i ? 3 : 103);
		sql(db, q);
		verify_passes(db, NULL);
	}
	close_db(db);
}

/* The tail cut, a row rewritten and the chain recomputed: verify passed
 * on this before the chains were keyed. */
static void test_recomputed_chain_found(void **state)
{
	struct db *db = fresh_db();
	fill(db, 10);
	drop_triggers(db);
	sql(db, "DELETE FROM audit_log WHERE seq >= 9");
	sql(db, "UPDATE audit_log SET detail = '{\"i\":99}' WHERE seq = 5");
	rechain(db, 5, 0);
	verify_fails(db, 5, "密钥校验值不符");
	/* the MACs removed as well */
	rechain(db, 5, 1);
	verify_fails(db, 5, "没有密钥校验值");
	close_db(db);
}

/* A reveal row (who saw whose full ID number) rewritten to name someone
 * else, the chain recomputed. */
static void test_reveal_rewrite_found(void **state)
{
	struct db *db = fresh_db();
	struct actor a;
	struct bf_err e;
	actor_cli(&a, "auditor1");
	fill(db, 3);
	assert_int_equal(audit_record_tx(db, &a, "reveal", "member", 42, "{\"fields\":\"id\"}", &e),
			 0);
	fill(db, 3);
	verify_passes(db, NULL);
	drop_triggers(db);
	sql(db,
	    "UPDATE audit_log SET username = 'someone', entity_id = 43 WHERE action = 'reveal'");
	rechain(db, 4, 0);
	verify_fails(db, 4, "密钥校验值不符");
	close_db(db);
}

/* A tail cut with the head moved back verifies (every row left is genuine)
 * but not against a head anchored outside the database. */
static void test_anchor_finds_tail_cut(void **state)
{
	struct db *db = fresh_db();
	struct chain_anchor head, by_hash, other;
	struct bf_err e;
	int64_t rows, bad;
	fill(db, 10);
	assert_int_equal(audit_head_get(db, &head, &e), 0);
	assert_int_equal(head.seq, 10);
	verify_passes(db, &head);
	fill(db, 2);
	verify_passes(db, &head);
	by_hash = head;
	by_hash.seq = 0;
	verify_passes(db, &by_hash);
	drop_triggers(db);
	sql(db, "DELETE FROM audit_log WHERE seq >= 8");
	sql(db, "UPDATE audit_head SET seq = 7, hash = (SELECT hash FROM audit_log WHERE seq = 7)");
	verify_passes(db, NULL);
	assert_int_equal(audit_verify_head(db, &head, &rows, &bad, &e), -1);
	assert_non_null(strstr(e.message, "第 8 条起被删除"));
	assert_int_equal(audit_verify_head(db, &by_hash, &rows, &bad, &e), -1);
	assert_non_null(strstr(e.message, "截短"));
	/* an anchor the chain contradicts */
	assert_int_equal(audit_head_get(db, &other, &e), 0);
	assert_int_equal(other.seq, 7);
	other.hash[5] = other.hash[5] == '0' ? '1' : '0';
	assert_int_equal(audit_verify_head(db, &other, &rows, &bad, &e), -1);
	assert_non_null(strstr(e.message, "哈希不符"));
	close_db(db);
}

/* The switch point cannot be moved to skip the MACs. */
static void test_legacy_tricks_found(void **state)
{
	struct db *db = fresh_db();
	fill(db, 6);
	drop_triggers(db);
	sql(db, "UPDATE audit_log SET detail = '{}' WHERE seq = 2");
	rechain(db, 2, 1);
	sql(db, "UPDATE audit_head SET legacy_seq = seq");
	verify_fails(db, 6, "尚未封存");
	sql(db, "UPDATE audit_head SET legacy_mac = 'ab'");
	verify_fails(db, 6, "封存校验值不符");
	sql(db, "UPDATE audit_head SET legacy_seq = seq + 5");
	verify_fails(db, 7, "超过链的长度");
	close_db(db);
}

/* A database from before the keys: rows without MACs, sealed once; the
 * seal covers them, rows after it carry their own MACs. */
static void test_legacy_seal(void **state)
{
	struct db *db = fresh_db();
	struct chain_anchor h;
	struct bf_err e;
	int64_t sealed = 0;
	fill(db, 5);
	drop_triggers(db);
	sql(db, "UPDATE audit_log SET mac = NULL");
	sql(db, "UPDATE audit_head SET legacy_seq = seq");
	verify_fails(db, 5, "尚未封存");
	assert_int_equal(audit_head_get(db, &h, &e), -1);
	assert_int_equal(audit_seal(db, &sealed, &e), 0);
	assert_int_equal(sealed, 5);
	verify_passes(db, NULL);
	assert_int_equal(audit_seal(db, &sealed, &e), 0);
	assert_int_equal(sealed, 0);
	fill(db, 3);
	assert_int_equal(audit_head_get(db, &h, &e), 0);
	assert_int_equal(h.seq, 8);
	verify_passes(db, &h);
	/* a legacy row rewritten without the key */
	sql(db, "UPDATE audit_log SET detail = '{}' WHERE seq = 3");
	rechain(db, 3, 0);
	verify_fails(db, 5, "封存校验值不符");
	close_db(db);
}

/* Nothing is written without the key. */
static void test_no_key_no_write(void **state)
{
	struct db *db = fresh_db();
	struct actor a;
	struct bf_err e;
	actor_cli(&a, "tester");
	chain_use_key(NULL);
	assert_int_equal(audit_record_tx(db, &a, "update", "member", 1, "{}", &e), -1);
	assert_non_null(strstr(e.message, "密钥"));
	test_chain_key();
	assert_int_equal(audit_record_tx(db, &a, "update", "member", 1, "{}", &e), 0);
	verify_passes(db, NULL);
	close_db(db);
}

static void test_anchor_parse(void **state)
{
	struct chain_anchor a;
	struct bf_err e;
	char text[80], hash[65];
	memset(hash, 'a', 64);
	hash[64] = 0;
	snprintf(text, sizeof(text), "12:%s", hash);
	assert_int_equal(chain_anchor_parse(text, &a, &e), 0);
	assert_int_equal(a.seq, 12);
	assert_string_equal(a.hash, hash);
	assert_int_equal(chain_anchor_parse(hash, &a, &e), 0);
	assert_int_equal(a.seq, 0);
	assert_int_equal(chain_anchor_parse("12:abc", &a, &e), -1);
	snprintf(text, sizeof(text), "x:%s", hash);
	assert_int_equal(chain_anchor_parse(text, &a, &e), -1);
	snprintf(text, sizeof(text), "0:%s", hash);
	assert_int_equal(chain_anchor_parse(text, &a, &e), -1);
	hash[3] = 'G';
	assert_int_equal(chain_anchor_parse(hash, &a, &e), -1);
	assert_string_equal(e.field, "head");
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
	    cmocka_unit_test(test_recomputed_chain_found),
	    cmocka_unit_test(test_each_column_edit_found),
	    cmocka_unit_test(test_reveal_rewrite_found),
	    cmocka_unit_test(test_anchor_finds_tail_cut),
	    cmocka_unit_test(test_legacy_tricks_found),
	    cmocka_unit_test(test_legacy_seal),
	    cmocka_unit_test(test_no_key_no_write),
	    cmocka_unit_test(test_anchor_parse),
	};
	return cmocka_run_group_tests_name(test_group_name("audit", "audit-pg"), tests, NULL, NULL);
}
