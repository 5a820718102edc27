/* test_ledger.c - the fund ledger (fund.h) against a real database: funds
 * and scope, income by source, the balance rule and advances, unbalanced
 * postings refused, reversals (once only), allocations as linked pairs,
 * random sequences of postings keeping the invariants, two payments racing
 * for the last money on two connections, batches, and `verify` finding
 * rows changed, inserted, reordered or deleted behind the ledger's back.
 *
 * SQLite by default (a file under /tmp); BANGFU_TEST_DB points it at
 * another database (scripts/test-all.sh runs it on a throwaway
 * PostgreSQL too). */
#include <inttypes.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "fund.h"
#include "store.h"
#include "store_ledger.h"
#include "fixtures.h"
#include "freshdb.h"

/* SM3 of the serialization in docs/internals/ledger.md, computed apart with
 * `openssl dgst -sm3` over the bytes built by hand. */
#define GOLDEN "e13def2b589a12f9287f40d4426c1fa12061fc01f7eb295fffbc2d8d222f0cfd"

static struct db *g_db;
static struct core g_core;

/* The district: department D; committee C1 with branches B1, B2;
 * committee C2 with branch B3; T1..T6 are branches of C2 whose funds the
 * tamper tests break (one each, verified alone). */
static struct org D, C1, B1, B2, C2, B3, T[14];
static struct actor A_dept, A_com1, A_com2, A_br1, A_audit;

#define COPY(dst, src) snprintf((dst), sizeof(dst), "%s", (src))

static int is_pg(void)
{
	return db_engine(g_db) == DB_PG;
}

/* A member (sealed values are stand-ins: the ledger never opens them). */
static int64_t add_member(const struct org *o, const char *name)
{
	return test_member(g_db, o->id, name, "", "", "", 0);
}

static int group_setup(void **state)
{
	(void)state;
	g_db = test_suite_open("ledger", 0, &g_core);
	if (!g_db)
		return -1;
	setenv("BANGFU_TODAY", "2024-06-01", 1);
	test_district(g_db, "L-", (struct org *[]){&D, &C1, NULL, &B1, &B2, &C2, &B3},
		      (struct actor *[]){&A_dept, &A_com1, &A_com2, &A_br1, NULL, NULL, &A_audit});
	for (int i = 0; i < 14; i++) {
		char code[16], name[32];
		snprintf(code, sizeof(code), "L-T%d", i + 1);
		snprintf(name, sizeof(name), "试验%d村党支部", i + 1);
		test_org(g_db, code, name, ORG_BRANCH, C2.id, NULL, &T[i]);
	}
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	return test_suite_close(&g_core);
}

static int64_t fund_of(const struct actor *a, const struct org *o)
{
	struct fund f;
	struct bf_err e;
	test_ok(ledger_fund_ensure(&g_core, a, o->id, &f, &e), &e, "ledger_fund_ensure");
	return f.id;
}

static struct fund fund_get(int64_t id)
{
	struct fund f;
	struct bf_err e;
	test_ok(ledger_fund_get(&g_core, &A_dept, id, &f, &e), &e, "ledger_fund_get");
	return f;
}

static int64_t account(int64_t fund_id, const char *code)
{
	struct ledger_account *as = NULL;
	size_t n = 0;
	struct bf_err e;
	int64_t bal = INT64_MIN;
	test_ok(ledger_accounts(&g_core, &A_dept, fund_id, &as, &n, &e), &e, "ledger_accounts");
	for (size_t i = 0; i < n; i++)
		if (!strcmp(as[i].code, code))
			bal = as[i].balance;
	free(as);
	return bal;
}

static int income(const struct actor *a, int64_t fund, const char *source, int64_t fen,
		  struct bf_err *e)
{
	struct ledger_income in = {.fund_id = fund, .amount = fen};
	COPY(in.source, source);
	if (strstr(source, "donation"))
		COPY(in.donor, "张三");
	return ledger_income(&g_core, a, &in, NULL, e);
}

/* A payment of fen from bank to expense: the shape payments will post. */
static int pay(const struct actor *a, int64_t fund, int64_t fen, unsigned flags,
	       struct ledger_posting *out, struct bf_err *e)
{
	struct ledger_line l[2] = {{"yearly_aid", 0, fen}, {"bank", 0, -fen}};
	struct ledger_posting p = {.fund_id = fund, .lines = l, .nlines = 2};
	COPY(p.kind, "payment");
	COPY(p.memo, "2024 年度生活困难帮扶");
	int rc = ledger_post(&g_core, a, &p, flags, e);
	if (out)
		*out = p;
	return rc;
}

static void verify_ok(int64_t fund)
{
	struct ledger_verify_report r;
	struct bf_err e;
	test_ok(ledger_verify(g_db, fund, &r, &e), &e, "ledger_verify");
}

/* --- the canonical serialization --- */

/* The hash of a fixed posting never changes: every stored chain depends
 * on the serialization (docs/internals/ledger.md), so a change to it must
 * be a new version prefix, not an accident. */
static void test_hash_format(void **state)
{
	(void)state;
	struct ledger_line l[2] = {{"", 17, 60000}, {"", 2, -60000}};
	struct ledger_posting p = {.fund_id = 3,
				   .seq = 7,
				   .posted_at = 1717200000,
				   .posted_by = 5,
				   .case_id = 12,
				   .member_id = 9,
				   .lines = l,
				   .nlines = 2};
	char h[65], h2[65];
	COPY(p.value_date, "2024-06-01");
	COPY(p.kind, "payment");
	COPY(p.memo, "2024 年度生活困难帮扶");
	COPY(p.batch_ref, "B-1");
	ledger_posting_hash(&p, "0000000000000000000000000000000000000000000000000000000000000000",
			    h);
	assert_string_equal(h, GOLDEN);
	/* every field counts */
	p.member_id = 10;
	ledger_posting_hash(&p, "0000000000000000000000000000000000000000000000000000000000000000",
			    h2);
	assert_string_not_equal(h, h2);
	p.member_id = 9;
	l[1].amount = -59999;
	ledger_posting_hash(&p, "0000000000000000000000000000000000000000000000000000000000000000",
			    h2);
	assert_string_not_equal(h, h2);
}

/* --- funds --- */

static void test_funds(void **state)
{
	(void)state;
	struct fund f, g;
	struct bf_err e;
	struct fund *list = NULL;
	size_t n = 0;

	test_ok(ledger_fund_ensure(&g_core, &A_com1, C1.id, &f, &e), &e, "ensure");
	assert_string_equal(f.name, "城关镇党委帮扶基金");
	assert_int_equal(f.balance, 0);
	assert_int_equal(f.last_seq, 0);
	/* twice: the same fund */
	test_ok(ledger_fund_ensure(&g_core, &A_dept, C1.id, &g, &e), &e, "ensure again");
	assert_int_equal(f.id, g.id);
	assert_int_equal(
	    test_sql_int(g_db, "SELECT count(*) FROM fund_accounts WHERE fund_id = $1", f.id), 17);
	/* another committee cannot see it, nor create one for C1 */
	test_refused(ledger_fund_get(&g_core, &A_com2, f.id, &g, &e), &e, EC_NOT_FOUND, NULL);
	test_refused(ledger_fund_ensure(&g_core, &A_com2, B1.id, &g, &e), &e, EC_NOT_FOUND, NULL);
	/* the auditor reads but does not create */
	test_ok(ledger_fund_get(&g_core, &A_audit, f.id, &g, &e), &e, "auditor reads");
	test_refused(ledger_fund_ensure(&g_core, &A_audit, B2.id, &g, &e), &e, EC_FORBIDDEN, NULL);
	test_refused(ledger_fund_of_org(&g_core, &A_com1, B2.id, &g, &e), &e, EC_NOT_FOUND, "尚未");
	fund_of(&A_dept, &D);
	test_ok(ledger_fund_list(&g_core, &A_com1, &list, &n, &e), &e, "list");
	assert_int_equal(n, 1); /* C1 only: D is above com1 */
	assert_int_equal(list[0].id, f.id);
	free(list);
	test_ok(ledger_fund_list(&g_core, &A_dept, &list, &n, &e), &e, "list dept");
	assert_true(n >= 2);
	assert_int_equal(list[0].org_id, D.id); /* by path: the department first */
	free(list);
}

/* A fund made when the chart was shorter gets the new rows on its next
 * posting (the chart only grows at the end). */
static void test_chart_grows(void **state)
{
	(void)state;
	struct bf_err e;
	struct fund f = {.org_id = T[6].id};
	COPY(f.name, "旧基金");
	assert_int_equal(store_fund_insert(g_db, &f, &e), DB_ONE);
	for (int i = 0; i < 16; i++) {
		struct ledger_account a = {.fund_id = f.id};
		COPY(a.code, ledger_chart[i].code);
		COPY(a.kind, ledger_chart[i].kind);
		COPY(a.name, ledger_chart[i].name);
		assert_int_equal(store_account_insert(g_db, &a, i + 1, &e), DB_ONE);
	}
	test_ok(income(&A_com2, f.id, "dues", 1000, &e), &e, "income to an old fund");
	assert_int_equal(
	    test_sql_int(g_db, "SELECT count(*) FROM fund_accounts WHERE fund_id = $1", f.id), 17);
	assert_int_equal(account(f.id, "loan_interest"), 0);
	verify_ok(f.id);
}

/* --- income and the balance rule --- */

static void test_income(void **state)
{
	(void)state;
	struct bf_err e;
	struct ledger_income in = {0};
	struct ledger_posting p;
	int64_t f = fund_of(&A_com1, &C1);

	test_ok(income(&A_com1, f, "dues", 100000, &e), &e, "dues");
	test_ok(income(&A_com1, f, "member_donation", 5000, &e), &e, "donation");
	assert_int_equal(fund_get(f).balance, 105000);
	assert_int_equal(account(f, "dues"), -100000);
	assert_int_equal(account(f, "bank"), 105000);
	in.fund_id = f;
	in.amount = 100;
	COPY(in.source, "social_donation");
	test_refused(ledger_income(&g_core, &A_com1, &in, NULL, &e), &e, EC_MISSING, "捐款人");
	COPY(in.source, "lottery");
	test_refused(ledger_income(&g_core, &A_com1, &in, NULL, &e), &e, EC_INVALID, "资金来源");
	COPY(in.source, "finance");
	in.amount = 0;
	test_refused(ledger_income(&g_core, &A_com1, &in, NULL, &e), &e, EC_INVALID, "大于零");
	in.amount = 2500;
	COPY(in.method, "cash");
	COPY(in.date, "2024-02-30");
	test_refused(ledger_income(&g_core, &A_com1, &in, NULL, &e), &e, EC_INVALID, "日期");
	COPY(in.date, "2024-05-20");
	COPY(in.memo, "区财政专项");
	test_ok(ledger_income(&g_core, &A_com1, &in, &p, &e), &e, "cash income");
	assert_int_equal(p.seq, 3);
	assert_string_equal(p.value_date, "2024-05-20");
	assert_int_equal(account(f, "cash"), 2500);
	/* a donating member: one the actor may see */
	int64_t m = add_member(&B1, "李捐款");
	struct ledger_income d = {.fund_id = f, .amount = 20000, .member_id = m};
	COPY(d.source, "member_donation");
	COPY(d.donor, "李捐款");
	test_ok(ledger_income(&g_core, &A_com1, &d, &p, &e), &e, "member donation");
	assert_int_equal(p.member_id, m);
	d.fund_id = fund_of(&A_com2, &C2);
	test_refused(ledger_income(&g_core, &A_com2, &d, NULL, &e), &e, EC_NOT_FOUND, "党员");
	COPY(d.source, "dues");
	test_refused(ledger_income(&g_core, &A_com2, &d, NULL, &e), &e, EC_INVALID, "捐款人");
	assert_int_equal(account(f, "member_donation"), -25000);
	/* the auditor and other committees cannot post */
	test_refused(income(&A_audit, f, "dues", 100, &e), &e, EC_FORBIDDEN, NULL);
	test_refused(income(&A_com2, f, "dues", 100, &e), &e, EC_NOT_FOUND, NULL);
	verify_ok(f);
}

static void test_shortfall(void **state)
{
	(void)state;
	struct bf_err e;
	struct ledger_posting p;
	int64_t f = fund_of(&A_com1, &B1);

	test_ok(income(&A_com1, f, "dues", 123400, &e), &e, "dues");
	test_refused(pay(&A_br1, f, 200000, 0, NULL, &e), &e, EC_INSUFFICIENT_FUNDS,
		     "基金余额不足：当前余额 1,234.00 元，本次支出 2,000.00 元");
	assert_int_equal(fund_get(f).balance, 123400);
	assert_int_equal(fund_get(f).last_seq, 1);
	test_ok(pay(&A_br1, f, 123400, 0, NULL, &e), &e, "pay all of it");
	assert_int_equal(fund_get(f).balance, 0);
	/* with the policy's advance: the shortfall goes to upper_advance */
	test_ok(pay(&A_br1, f, 60000, LEDGER_ALLOW_ADVANCE, &p, &e), &e, "pay with advance");
	assert_int_equal(fund_get(f).balance, 0);
	assert_int_equal(account(f, "upper_advance"), -60000);
	assert_int_equal(account(f, "yearly_aid"), 183400);
	struct ledger_posting r;
	test_ok(ledger_posting_get(&g_core, &A_br1, p.id, &r, &e), &e, "read back");
	assert_int_equal(r.nlines, 4);
	assert_string_equal(r.lines[2].account, "bank");
	assert_int_equal(r.lines[2].amount, 60000);
	assert_string_equal(r.lines[3].account, "upper_advance");
	ledger_posting_release(&r);
	verify_ok(f);
}

static void test_unbalanced(void **state)
{
	(void)state;
	struct bf_err e;
	int64_t f = fund_of(&A_com1, &C1);
	struct ledger_line l[3] = {{"yearly_aid", 0, 600}, {"bank", 0, -500}, {"cash", 0, 0}};
	struct ledger_posting p = {.fund_id = f, .lines = l, .nlines = 2};
	COPY(p.kind, "payment");
	test_refused(ledger_post(&g_core, &A_com1, &p, 0, &e), &e, EC_UNBALANCED, "合计为 1.00 元");
	p.nlines = 3;
	l[1].amount = -600;
	test_refused(ledger_post(&g_core, &A_com1, &p, 0, &e), &e, EC_INVALID, "第 3 行");
	p.nlines = 1;
	test_refused(ledger_post(&g_core, &A_com1, &p, 0, &e), &e, EC_INVALID, "2 至");
	p.nlines = 2;
	COPY(l[0].account, "candy");
	test_refused(ledger_post(&g_core, &A_com1, &p, 0, &e), &e, EC_INVALID, "“candy”");
	COPY(l[0].account, "yearly_aid");
	COPY(p.kind, "gamble");
	test_refused(ledger_post(&g_core, &A_com1, &p, 0, &e), &e, EC_INVALID, "凭证类型");
	/* an account of another fund by id */
	COPY(p.kind, "payment");
	l[0].account[0] = '\0';
	l[0].account_id = test_sql_int(
	    g_db, "SELECT id FROM fund_accounts WHERE fund_id <> $1 AND code = 'yearly_aid'", f);
	test_refused(ledger_post(&g_core, &A_com1, &p, 0, &e), &e, EC_INVALID, "不属于该基金");
	l[0].account_id = test_sql_int(
	    g_db, "SELECT id FROM fund_accounts WHERE fund_id = $1 AND code = 'yearly_aid'", f);
	test_ok(ledger_post(&g_core, &A_com1, &p, 0, &e), &e, "by account id");
	verify_ok(f);
}

/* --- reversal and allocation --- */

static void test_reverse(void **state)
{
	(void)state;
	struct bf_err e;
	struct ledger_posting p, r, got;
	int64_t f = fund_of(&A_com1, &B2);

	test_ok(income(&A_com1, f, "finance", 100000, &e), &e, "finance");
	test_ok(pay(&A_com1, f, 60000, 0, &p, &e), &e, "pay");
	test_refused(ledger_reverse(&g_core, &A_com1, p.id, "  ", NULL, &e), &e, EC_MISSING,
		     "原因");
	test_ok(ledger_reverse(&g_core, &A_com1, p.id, "金额录错", &r, &e), &e, "reverse");
	assert_int_equal(r.reverses, p.id);
	assert_string_equal(r.kind, "reversal");
	assert_string_equal(r.memo, "冲正：金额录错");
	assert_int_equal(fund_get(f).balance, 100000);
	assert_int_equal(account(f, "yearly_aid"), 0);
	test_refused(ledger_reverse(&g_core, &A_com1, p.id, "再冲一次", NULL, &e), &e,
		     EC_ALREADY_REVERSED, "已由凭证");
	test_refused(ledger_reverse(&g_core, &A_com1, r.id, "冲冲正", NULL, &e), &e,
		     EC_ALREADY_REVERSED, "本身是冲正凭证");
	test_ok(ledger_posting_get(&g_core, &A_audit, p.id, &got, &e), &e, "read");
	assert_int_equal(got.reversed_by, 1);
	ledger_posting_release(&got);
	/* income already spent cannot be reversed */
	struct ledger_posting in;
	test_ok(pay(&A_com1, f, 90000, 0, NULL, &e), &e, "spend");
	struct ledger_query q = {.fund_id = f, .page = 1, .size = 10};
	COPY(q.kind, "income");
	struct ledger_posting *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	test_ok(ledger_postings(&g_core, &A_com1, &q, &items, &n, &total, &e), &e, "list income");
	assert_int_equal(total, 1);
	in = items[0];
	ledger_postings_free(items, n);
	test_refused(ledger_reverse(&g_core, &A_com1, in.id, "来源错误", NULL, &e), &e,
		     EC_INSUFFICIENT_FUNDS, "基金余额不足");
	/* out of scope */
	test_refused(ledger_reverse(&g_core, &A_com2, p.id, "x", NULL, &e), &e, EC_NOT_FOUND, NULL);
	verify_ok(f);
}

static void test_allocate(void **state)
{
	(void)state;
	struct bf_err e;
	struct ledger_posting out, in, tmpl = {0};
	int64_t d = fund_of(&A_dept, &D);

	test_ok(income(&A_dept, d, "finance", 1000000, &e), &e, "finance");
	COPY(tmpl.memo, "2024 年度帮扶资金下拨");
	COPY(tmpl.batch_ref, "ALLOC-2024-1");
	test_ok(ledger_allocate(&g_core, &A_dept, d, C2.id, 300000, &tmpl, 0, &out, &in, &e), &e,
		"allocate");
	struct fund c2;
	test_ok(ledger_fund_of_org(&g_core, &A_com2, C2.id, &c2, &e), &e, "C2 fund made");
	assert_int_equal(c2.balance, 300000);
	assert_int_equal(in.link_id, out.id);
	assert_string_equal(out.kind, "allocation_out");
	assert_int_equal(account(c2.id, "upper_allocation"), -300000);
	assert_int_equal(fund_get(d).balance, 700000);
	/* too much: refused, nothing posted on either side */
	test_refused(ledger_allocate(&g_core, &A_dept, d, C2.id, 800000, NULL, 0, NULL, NULL, &e),
		     &e, EC_INSUFFICIENT_FUNDS, "当前余额 7,000.00 元");
	assert_int_equal(fund_get(c2.id).last_seq, 1);
	/* a committee cannot allocate from the department's fund */
	test_refused(ledger_allocate(&g_core, &A_com2, d, B3.id, 100, NULL, 0, NULL, NULL, &e), &e,
		     EC_NOT_FOUND, NULL);
	/* reversing one half reverses both */
	test_ok(ledger_reverse(&g_core, &A_dept, in.id, "拨错单位", NULL, &e), &e, "reverse pair");
	assert_int_equal(fund_get(d).balance, 1000000);
	assert_int_equal(fund_get(c2.id).balance, 0);
	assert_int_equal(
	    test_sql_int(g_db, "SELECT count(*) FROM ledger_postings WHERE reverses = $1", out.id),
	    1);
	/* filters */
	struct ledger_query q = {.fund_id = d, .page = 1, .size = 2};
	struct ledger_posting *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	COPY(q.batch_ref, "ALLOC-2024-1");
	test_ok(ledger_postings(&g_core, &A_audit, &q, &items, &n, &total, &e), &e, "by batch");
	assert_int_equal(total, 2); /* the allocation and its reversal */
	assert_int_equal(n, 2);
	assert_int_equal(items[0].nlines, 2);
	ledger_postings_free(items, n);
	q.batch_ref[0] = '\0';
	COPY(q.account, "allocation_down");
	COPY(q.from, "2024-06-01");
	COPY(q.to, "2024-06-01");
	test_ok(ledger_postings(&g_core, &A_audit, &q, &items, &n, &total, &e), &e, "by account");
	assert_int_equal(total, 2);
	ledger_postings_free(items, n);
	COPY(q.from, "2024-07-01");
	q.to[0] = '\0';
	test_ok(ledger_postings(&g_core, &A_audit, &q, &items, &n, &total, &e), &e, "later");
	assert_int_equal(total, 0);
	assert_null(items);
	verify_ok(0);
}

/* --- invariants under random sequences --- */

static uint64_t g_rng = 88172645463325252ULL;
static uint64_t rnd(void)
{
	g_rng ^= g_rng << 13;
	g_rng ^= g_rng >> 7;
	g_rng ^= g_rng << 17;
	return g_rng;
}

static void check_invariants(int64_t f)
{
	int64_t sum = test_sql_int(g_db,
				   "SELECT COALESCE(SUM(balance), 0) FROM fund_accounts "
				   "WHERE fund_id = $1",
				   f);
	assert_int_equal(sum, 0);
	assert_true(account(f, "cash") >= 0);
	assert_true(account(f, "bank") >= 0);
	assert_int_equal(fund_get(f).balance, account(f, "cash") + account(f, "bank"));
	assert_int_equal(
	    test_sql_int(g_db,
			 "SELECT count(*) FROM (SELECT l.posting_id FROM ledger_lines l "
			 "JOIN ledger_postings p ON p.id = l.posting_id "
			 "WHERE p.fund_id = $1 GROUP BY l.posting_id "
			 "HAVING SUM(l.amount) <> 0) x",
			 f),
	    0);
}

static void test_random(void **state)
{
	(void)state;
	static const char *const src[] = {"dues", "finance", "admin", "social_donation"};
	static const char *const exp[] = {"yearly_aid", "emergency_aid", "visit_gift"};
	static const char *const ast[] = {"cash", "bank"};
	struct bf_err e;
	int64_t f = fund_of(&A_com2, &B3);
	int64_t posted = 0, refusedn = 0, last = 0;

	for (int i = 0; i < 300; i++) {
		uint64_t r = rnd();
		int rc;
		if (r % 3 == 0) {
			struct ledger_income in = {.fund_id = f,
						   .amount = 1 + (int64_t)(r >> 8) % 50000};
			COPY(in.source, src[(r >> 4) % 4]);
			COPY(in.method, ast[(r >> 6) % 2]);
			if (strstr(in.source, "donation"))
				COPY(in.donor, "某企业");
			rc = ledger_income(&g_core, &A_com2, &in, NULL, &e);
		} else if (r % 7 == 1 && last) {
			rc = ledger_reverse(&g_core, &A_com2, last, "随机冲正", NULL, &e);
		} else {
			/* a payment split over both asset accounts */
			int64_t a = 1 + (int64_t)(r >> 8) % 30000, b = (int64_t)(r >> 24) % 20000;
			struct ledger_line l[3] = {
			    {"", 0, a + b}, {"cash", 0, -a}, {"bank", 0, -b}};
			COPY(l[0].account, exp[(r >> 4) % 3]);
			struct ledger_posting p = {.fund_id = f, .lines = l, .nlines = b ? 3 : 2};
			COPY(p.kind, "payment");
			rc = ledger_post(&g_core, &A_com2, &p, 0, &e);
			if (!rc)
				last = p.id;
		}
		if (rc == 0)
			posted++;
		else if (e.code == EC_INSUFFICIENT_FUNDS || e.code == EC_ALREADY_REVERSED)
			refusedn++;
		else
			fail_msg("random step %d: %s", i, e.message);
		if (i % 25 == 0)
			check_invariants(f);
	}
	check_invariants(f);
	assert_true(posted > 100);
	assert_true(refusedn > 0);
	assert_int_equal(fund_get(f).last_seq, posted);
	verify_ok(f);
}

/* --- batches --- */

struct gen {
	int64_t fund, left, fen;
	struct ledger_line l[2];
};

static int gen_next(struct ledger_posting *p, void *ctx, struct bf_err *e)
{
	struct gen *g = ctx;
	(void)e;
	if (!g->left)
		return 0;
	g->left--;
	g->l[0] = (struct ledger_line){"yearly_aid", 0, g->fen};
	g->l[1] = (struct ledger_line){"bank", 0, -g->fen};
	p->fund_id = g->fund;
	COPY(p->kind, "payment");
	COPY(p->batch_ref, "BATCH-1");
	p->lines = g->l;
	p->nlines = 2;
	return 1;
}

static void test_batch(void **state)
{
	(void)state;
	struct bf_err e;
	int64_t count = 0;
	int64_t f = fund_of(&A_com1, &C1);
	int64_t before = fund_get(f).balance, seq = fund_get(f).last_seq;
	int64_t audit = test_sql_int(g_db, "SELECT count(*) FROM audit_log WHERE seq > $1", 0);

	struct gen g = {f, 100, 1000, {{{0}}}};
	test_ok(ledger_post_stream(&g_core, &A_com1, gen_next, &g, 0, &count, &e), &e, "stream");
	assert_int_equal(count, 100);
	assert_int_equal(fund_get(f).balance, before - 100000);
	assert_int_equal(fund_get(f).last_seq, seq + 100);
	/* one audit row for the batch */
	assert_int_equal(test_sql_int(g_db, "SELECT count(*) FROM audit_log WHERE seq > $1", 0),
			 audit + 1);
	/* all or nothing: the 51st runs dry, none of the 50 before stays */
	before = fund_get(f).balance;
	struct gen big = {f, 60, before / 50, {{{0}}}};
	test_refused(ledger_post_stream(&g_core, &A_com1, gen_next, &big, 0, &count, &e), &e,
		     EC_INSUFFICIENT_FUNDS, "基金余额不足");
	assert_int_equal(count, 0);
	assert_int_equal(fund_get(f).balance, before);
	/* an array */
	struct ledger_line l[2][2] = {{{"visit_gift", 0, 500}, {"cash", 0, -500}},
				      {{"visit_gift", 0, 700}, {"cash", 0, -700}}};
	struct ledger_posting ps[2] = {{.fund_id = f, .lines = l[0], .nlines = 2},
				       {.fund_id = f, .lines = l[1], .nlines = 2}};
	COPY(ps[0].kind, "gift");
	COPY(ps[1].kind, "gift");
	/* text that an array literal or a statement must carry as it is */
	static const char odd[] = "引号\"反斜杠\\逗号,{花括号} NULL 'x'";
	COPY(ps[0].memo, odd);
	COPY(ps[1].donor, "NULL");
	test_ok(ledger_post_many(&g_core, &A_com1, ps, 2, 0, &e), &e, "many");
	assert_int_equal(ps[1].seq, ps[0].seq + 1);
	assert_string_equal(ps[1].prev_hash, ps[0].hash);
	struct ledger_posting back;
	test_ok(ledger_posting_get(&g_core, &A_com1, ps[0].id, &back, &e), &e, "read back");
	assert_string_equal(back.memo, odd);
	assert_int_equal(back.case_id, 0);
	ledger_posting_release(&back);
	test_ok(ledger_posting_get(&g_core, &A_com1, ps[1].id, &back, &e), &e, "read back");
	assert_string_equal(back.donor, "NULL");
	assert_int_equal(back.lines[0].amount, 700);
	ledger_posting_release(&back);
	verify_ok(f);
}

/* --- two payments racing for the last money --- */

struct racer {
	struct test_race race;
	int64_t fund;
};

static void *racer_thread(void *arg)
{
	struct racer *r = arg;
	struct bf_err e;
	struct core c;
	if (test_racer_start(&c, &g_core, &r->race))
		return NULL;
	struct ledger_line l[2] = {{"emergency_aid", 0, 80000}, {"bank", 0, -80000}};
	struct ledger_posting p = {.fund_id = r->fund, .lines = l, .nlines = 2};
	COPY(p.kind, "payment");
	test_racer_end(&c, &r->race, ledger_post(&c, &A_com1, &p, 0, &e), &e);
	return NULL;
}

/* Batches and single postings from several connections at once over two
 * funds: each fund's ids must still grow with its seq (the ids are taken
 * after the funds are locked), so verify walks it clean. */
struct poster {
	struct test_race race;
	int64_t funds[2];
	int batch;
};

struct two_funds {
	int64_t funds[2];
	int left;
	struct ledger_line l[2];
};

static int two_next(struct ledger_posting *p, void *ctx, struct bf_err *e)
{
	struct two_funds *t = ctx;
	(void)e;
	if (!t->left)
		return 0;
	t->left--;
	t->l[0] = (struct ledger_line){"visit_gift", 0, 100};
	t->l[1] = (struct ledger_line){"cash", 0, -100};
	/* one fund for the first half, the other after: every batch takes
	 * the locks in the same order, so none deadlocks */
	p->fund_id = t->funds[t->left < 150];
	COPY(p->kind, "gift");
	p->lines = t->l;
	p->nlines = 2;
	return 1;
}

static void *poster_thread(void *arg)
{
	struct poster *w = arg;
	struct bf_err e;
	struct core c;
	int rc = 0;
	if (test_racer_start(&c, &g_core, &w->race))
		return NULL;
	for (int round = 0; round < 3 && !rc; round++) {
		if (w->batch) {
			struct two_funds t = {{w->funds[0], w->funds[1]}, 300, {{{0}}}};
			rc = ledger_post_stream(&c, &A_com2, two_next, &t, 0, NULL, &e);
		} else {
			for (int i = 0; i < 40 && !rc; i++) {
				struct ledger_line l[2] = {{"visit_gift", 0, 50}, {"cash", 0, -50}};
				struct ledger_posting p = {
				    .fund_id = w->funds[i % 2], .lines = l, .nlines = 2};
				COPY(p.kind, "gift");
				rc = ledger_post(&c, &A_com2, &p, 0, &e);
			}
		}
	}
	test_racer_end(&c, &w->race, rc, &e);
	return NULL;
}

static void test_concurrent(void **state)
{
	(void)state;
	struct bf_err e;
	int64_t f[2] = {fund_of(&A_com2, &T[8]), fund_of(&A_com2, &T[9])};
	struct ledger_income in = {.amount = 100000000};
	COPY(in.source, "finance");
	COPY(in.method, "cash");
	for (int i = 0; i < 2; i++) {
		in.fund_id = f[i];
		test_ok(ledger_income(&g_core, &A_com2, &in, NULL, &e), &e, "income");
	}
	int64_t before = fund_get(f[0]).last_seq + fund_get(f[1]).last_seq;
	struct poster w[3] = {{.funds = {f[0], f[1]}, .batch = 1},
			      {.funds = {f[0], f[1]}, .batch = 1},
			      {.funds = {f[0], f[1]}, .batch = 0}};
	test_race_run(3, poster_thread, w, sizeof(w[0]));
	for (int i = 0; i < 3; i++)
		if (w[i].race.rc)
			fail_msg("poster %d: %s", i, w[i].race.msg);
	assert_int_equal(fund_get(f[0]).last_seq + fund_get(f[1]).last_seq,
			 before + 2 * 3 * 300 + 3 * 40);
	verify_ok(f[0]);
	verify_ok(f[1]);
}

struct maker {
	struct test_race race;
	int64_t org, fund;
};

static void *maker_thread(void *arg)
{
	struct maker *m = arg;
	struct bf_err e;
	struct core c;
	struct fund f;
	if (test_racer_start(&c, &g_core, &m->race))
		return NULL;
	int rc = ledger_fund_ensure(&c, &A_com2, m->org, &f, &e);
	m->fund = rc ? 0 : f.id;
	test_racer_end(&c, &m->race, rc, &e);
	return NULL;
}

/* Two first postings to one organisation at once: one fund, both see it. */
static void test_fund_race(void **state)
{
	(void)state;
	struct maker m[2] = {{.org = T[7].id}, {.org = T[7].id}};
	test_race_run(2, maker_thread, m, sizeof(m[0]));
	for (int i = 0; i < 2; i++)
		if (m[i].race.rc)
			fail_msg("maker %d: %s", i, m[i].race.msg);
	assert_int_equal(m[0].fund, m[1].fund);
	assert_int_equal(
	    test_sql_int(g_db, "SELECT count(*) FROM funds WHERE org_id = $1", T[7].id), 1);
	assert_int_equal(
	    test_sql_int(g_db, "SELECT count(*) FROM fund_accounts WHERE fund_id = $1", m[0].fund),
	    17);
}

static void test_race(void **state)
{
	(void)state;
	struct bf_err e;
	int64_t f = fund_of(&A_com1, &C1);

	for (int round = 0; round < 5; round++) {
		/* leave exactly 1,000.00 in the bank, then two payments of 800 */
		int64_t bank = account(f, "bank");
		if (bank > 100000)
			test_ok(pay(&A_com1, f, bank - 100000, 0, NULL, &e), &e, "drain");
		else if (bank < 100000)
			test_ok(income(&A_com1, f, "dues", 100000 - bank, &e), &e, "top up");
		assert_int_equal(account(f, "bank"), 100000);
		struct racer r[2] = {{.fund = f}, {.fund = f}};
		test_race_run(2, racer_thread, r, sizeof(r[0]));
		const struct test_race *loser = test_race_loser(&r[0].race, &r[1].race);
		if (loser->code != EC_INSUFFICIENT_FUNDS)
			fail_msg("loser: %d %s", loser->code, loser->msg);
		assert_non_null(strstr(loser->msg, "当前余额 200.00 元，本次支出 800.00 元"));
		assert_int_equal(account(f, "bank"), 20000);
	}
	verify_ok(f);
}

/* --- tampering --- */

static void triggers(int on)
{
	static const char *const t[][2] = {
	    {"ledger_postings", "ledger_postings_no_update"},
	    {"ledger_postings", "ledger_postings_no_delete"},
	    {"ledger_lines", "ledger_lines_no_update"},
	    {"ledger_lines", "ledger_lines_no_delete"},
	};
	char q[256];
	if (is_pg()) {
		snprintf(q, sizeof(q), "ALTER TABLE ledger_postings %s TRIGGER ALL",
			 on ? "ENABLE" : "DISABLE");
		test_sql(g_db, q);
		snprintf(q, sizeof(q), "ALTER TABLE ledger_lines %s TRIGGER ALL",
			 on ? "ENABLE" : "DISABLE");
		test_sql(g_db, q);
		return;
	}
	for (size_t i = 0; i < 4; i++) {
		if (on)
			snprintf(q, sizeof(q),
				 "CREATE TRIGGER %s BEFORE %s ON %s BEGIN SELECT RAISE(ABORT, "
				 "'%s is append-only'); END",
				 t[i][1], strstr(t[i][1], "update") ? "UPDATE" : "DELETE", t[i][0],
				 t[i][0]);
		else
			snprintf(q, sizeof(q), "DROP TRIGGER %s", t[i][1]);
		test_sql(g_db, q);
	}
	/* SQLite's foreign keys would refuse deleting a posting with lines */
	test_sql(g_db, on ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF");
}

/* A fund of T[i] with five postings; the ids of postings seq 1..5. */
static int64_t tamper_fund(int i, int64_t ids[5])
{
	struct bf_err e;
	struct ledger_posting p;
	int64_t f = fund_of(&A_com2, &T[i]);
	test_ok(income(&A_com2, f, "dues", 500000, &e), &e, "dues");
	ids[0] =
	    test_sql_int(g_db, "SELECT id FROM ledger_postings WHERE fund_id = $1 AND seq = 1", f);
	for (int k = 1; k < 5; k++) {
		test_ok(pay(&A_com2, f, 10000 * k, 0, &p, &e), &e, "pay");
		ids[k] = p.id;
	}
	verify_ok(f);
	return f;
}

/* verify of fund f fails naming want (and posting id when not 0). */
static void broken(int64_t f, int64_t posting, const char *want)
{
	struct ledger_verify_report r;
	struct bf_err e;
	test_refused(ledger_verify(g_db, f, &r, &e), &e, EC_LEDGER_BROKEN, want);
	assert_int_equal(r.bad_fund_id, f);
	if (posting)
		assert_int_equal(r.bad_posting_id, posting);
}

static void exec1(const char *text, int64_t arg)
{
	struct bf_err e;
	struct db_val v = DB_INT(arg);
	int64_t changed = 0;
	if (db_exec(g_db, text, &v, 1, &changed, &e) < 0)
		fail_msg("%s: %s", text, e.message);
	assert_true(changed > 0);
}

static void test_append_only(void **state)
{
	(void)state;
	struct bf_err e;
	int64_t ids[5];
	tamper_fund(5, ids);
	struct db_val v = DB_INT(ids[1]);
	assert_int_equal(db_exec(g_db, "UPDATE ledger_lines SET amount = 1 WHERE posting_id = $1",
				 &v, 1, NULL, &e),
			 DB_HARD);
	assert_int_equal(
	    db_exec(g_db, "DELETE FROM ledger_postings WHERE id = $1", &v, 1, NULL, &e), DB_HARD);
	assert_int_equal(
	    db_exec(g_db, "UPDATE ledger_postings SET memo = 'x' WHERE id = $1", &v, 1, NULL, &e),
	    DB_HARD);
}

static void test_tamper(void **state)
{
	(void)state;
	int64_t ids[6][5], f[6];
	for (int i = 0; i < 5; i++)
		f[i] = tamper_fund(i, ids[i]);
	verify_ok(0);
	triggers(0);
	/* 1. an amount changed on both lines (still balanced): the hash */
	exec1("UPDATE ledger_lines SET amount = amount * 2 WHERE posting_id = $1", ids[0][2]);
	broken(f[0], ids[0][2], "第 3 号凭证");
	broken(f[0], ids[0][2], "哈希不符");
	/* 2. one line changed: unbalanced */
	exec1("UPDATE ledger_lines SET amount = amount + 1 WHERE posting_id = $1 AND line_no = 1",
	      ids[1][1]);
	broken(f[1], ids[1][1], "借贷不平衡");
	/* 3. a posting in the middle deleted with its lines */
	exec1("DELETE FROM ledger_lines WHERE posting_id = $1", ids[2][2]);
	exec1("DELETE FROM ledger_postings WHERE id = $1", ids[2][2]);
	broken(f[2], 0, "第 3 号凭证缺失");
	/* 4. the last posting deleted: the head still names it */
	exec1("DELETE FROM ledger_lines WHERE posting_id = $1", ids[3][4]);
	exec1("DELETE FROM ledger_postings WHERE id = $1", ids[3][4]);
	broken(f[3], 0, "第 5 号起被删除");
	/* 5. two postings swapped (their seq exchanged) */
	exec1("UPDATE ledger_postings SET seq = 1000 WHERE id = $1", ids[4][1]);
	exec1("UPDATE ledger_postings SET seq = 2 WHERE id = $1", ids[4][2]);
	exec1("UPDATE ledger_postings SET seq = 3 WHERE id = $1", ids[4][1]);
	broken(f[4], ids[4][1], "顺序被改动");
	triggers(1);
	/* 6. an account balance edited (no trigger guards it) */
	int64_t g = fund_of(&A_com1, &C1);
	exec1("UPDATE fund_accounts SET balance = balance + 1 WHERE fund_id = $1 AND code = 'bank'",
	      g);
	broken(g, 0, "银行存款");
	exec1("UPDATE fund_accounts SET balance = balance - 1 WHERE fund_id = $1 AND code = 'bank'",
	      g);
	verify_ok(g);
	/* 7. the fund balance edited */
	exec1("UPDATE funds SET balance = balance + 100 WHERE id = $1", g);
	broken(g, 0, "基金余额");
	exec1("UPDATE funds SET balance = balance - 100 WHERE id = $1", g);
	verify_ok(g);
	/* the whole ledger names the first broken fund */
	struct ledger_verify_report r;
	struct bf_err e;
	test_refused(ledger_verify(g_db, 0, &r, &e), &e, EC_LEDGER_BROKEN, "账簿校验失败");
	assert_int_equal(r.bad_fund_id, f[0]);
}

/* A posting inserted behind the ledger's back, chained correctly but
 * without moving the head (the inserter had no way to move it unseen). */
static void test_insert(void **state)
{
	(void)state;
	int64_t ids[5];
	int64_t f = tamper_fund(5, ids);
	struct fund fd = fund_get(f);
	struct ledger_line l[2] = {{"", 0, 100}, {"", 0, -100}};
	struct ledger_posting p = {.fund_id = f, .seq = fd.last_seq + 1, .lines = l, .nlines = 2};
	struct bf_err e;
	l[0].account_id = test_sql_int(
	    g_db, "SELECT id FROM fund_accounts WHERE fund_id = $1 AND code = 'yearly_aid'", f);
	l[1].account_id = test_sql_int(
	    g_db, "SELECT id FROM fund_accounts WHERE fund_id = $1 AND code = 'bank'", f);
	COPY(p.kind, "payment");
	COPY(p.value_date, "2024-06-01");
	COPY(p.prev_hash, fd.head_hash);
	ledger_posting_hash(&p, p.prev_hash, p.hash);
	/* without the key: its MAC is missing */
	assert_int_equal(store_posting_insert(g_db, &p, &e), DB_ONE);
	broken(f, p.id, "没有密钥校验值");
	/* with the key, the head still names the posting before it */
	int64_t g = tamper_fund(10, ids);
	fd = fund_get(g);
	p.fund_id = g;
	p.seq = fd.last_seq + 1;
	l[0].account_id = test_sql_int(
	    g_db, "SELECT id FROM fund_accounts WHERE fund_id = $1 AND code = 'yearly_aid'", g);
	l[1].account_id = test_sql_int(
	    g_db, "SELECT id FROM fund_accounts WHERE fund_id = $1 AND code = 'bank'", g);
	COPY(p.prev_hash, fd.head_hash);
	ledger_posting_hash(&p, p.prev_hash, p.hash);
	assert_int_equal(chain_mac("ledger", g, p.seq, p.hash, p.mac), 0);
	test_check(store_posting_insert(g_db, &p, &e), &e, "insert with the key");
	broken(g, 0, "链外插入");
}

/* What someone with the database but not the key does after dropping the
 * triggers: rewrite a posting and recompute the SM3 chain from it to the
 * head, which verified before the chains were keyed. */
static void rechain(int64_t f, int64_t from, int clear_macs)
{
	struct fund fd = fund_get(f);
	struct bf_err e;
	char prev[65];
	struct ledger_posting q;
	prev[0] = 0;
	for (int64_t seq = from; seq <= fd.last_seq; seq++) {
		assert_int_equal(store_posting_by_seq(g_db, f, seq, &q, &e), DB_ONE);
		if (seq > from)
			COPY(q.prev_hash, prev);
		ledger_posting_hash(&q, q.prev_hash, q.hash);
		struct db_val v[] = {DB_TEXT(q.prev_hash), DB_TEXT(q.hash), DB_INT(q.id),
				     DB_TEXT(q.memo)};
		test_check(db_exec(g_db,
				   clear_macs ? "UPDATE ledger_postings SET prev_hash = $1, hash = "
						"$2, memo = $4, mac = NULL WHERE id = $3"
					      : "UPDATE ledger_postings SET prev_hash = $1, hash = "
						"$2, memo = $4 WHERE id = $3",
				   v, 4, NULL, &e),
			   &e, "rechain");
		COPY(prev, q.hash);
		ledger_posting_release(&q);
	}
	const char *head = prev;
	struct db_val h[] = {DB_TEXT(head), DB_INT(f)};
	test_check(db_exec(g_db, "UPDATE funds SET head_hash = $1 WHERE id = $2", h, 2, NULL, &e),
		   &e, "head");
}

static void set_memo(int64_t posting, const char *memo)
{
	struct bf_err e;
	struct db_val v[] = {DB_TEXT(memo), DB_INT(posting)};
	test_check(
	    db_exec(g_db, "UPDATE ledger_postings SET memo = $1 WHERE id = $2", v, 2, NULL, &e), &e,
	    "memo");
}

/* A rewrite with the chain recomputed verified before the chains were
 * keyed; the MACs find it, and so do the tricks around them. */
static void test_keyed_rewrite(void **state)
{
	(void)state;
	int64_t ids[5], f = tamper_fund(11, ids), g;
	triggers(0);
	set_memo(ids[2], "改过的摘要");
	rechain(f, 3, 0);
	broken(f, ids[2], "密钥校验值不符");
	/* the MACs dropped and every posting declared older than the key */
	rechain(f, 1, 1);
	exec1("UPDATE funds SET legacy_seq = last_seq WHERE id = $1", f);
	broken(f, ids[4], "尚未封存");
	exec1("UPDATE funds SET legacy_mac = 'ab' WHERE id = $1", f);
	broken(f, ids[4], "封存校验值不符");
	exec1("UPDATE funds SET legacy_seq = last_seq + 1 WHERE id = $1", f);
	broken(f, 0, "超过链的长度");
	/* a tail cut: verify alone cannot tell, the anchored head can */
	g = tamper_fund(12, ids);
	struct chain_anchor head, cut;
	struct ledger_verify_report r;
	struct bf_err e;
	test_ok(ledger_head_get(g_db, g, &head, &e), &e, "head");
	assert_int_equal(head.seq, 5);
	test_ok(ledger_verify_head(g_db, g, &head, &r, &e), &e, "verify --head");
	test_refused(ledger_verify_head(g_db, 0, &head, &r, &e), &e, EC_MISSING, "指定基金");
	for (int k = 3; k < 5; k++) {
		exec1("DELETE FROM ledger_lines WHERE posting_id = $1", ids[k]);
		exec1("DELETE FROM ledger_postings WHERE id = $1", ids[k]);
	}
	exec1("UPDATE fund_accounts SET balance = (SELECT COALESCE(SUM(l.amount), 0) FROM "
	      "ledger_lines l WHERE l.account_id = fund_accounts.id) WHERE fund_id = $1",
	      g);
	exec1("UPDATE funds SET last_seq = 3, head_hash = (SELECT hash FROM ledger_postings p "
	      "WHERE p.fund_id = funds.id AND p.seq = 3), balance = (SELECT SUM(balance) FROM "
	      "fund_accounts a WHERE a.fund_id = funds.id AND a.kind = 'asset') WHERE id = $1",
	      g);
	verify_ok(g);
	test_refused(ledger_verify_head(g_db, g, &head, &r, &e), &e, EC_LEDGER_BROKEN,
		     "第 4 条起被删除");
	/* by hash alone, and an anchor contradicting the chain */
	cut = head;
	cut.seq = 0;
	test_refused(ledger_verify_head(g_db, g, &cut, &r, &e), &e, EC_LEDGER_BROKEN, "截短");
	test_ok(ledger_head_get(g_db, g, &cut, &e), &e, "head after the cut");
	test_ok(ledger_verify_head(g_db, g, &cut, &r, &e), &e, "verify the new head");
	cut.hash[0] = cut.hash[0] == 'a' ? 'b' : 'a';
	test_refused(ledger_verify_head(g_db, g, &cut, &r, &e), &e, EC_LEDGER_BROKEN, "哈希不符");
	triggers(1);
}

/* A database from before the keyed chains (migration 0007): its postings
 * have no MACs until sealed once; postings after the upgrade have them. */
static void test_legacy_seal(void **state)
{
	(void)state;
	int64_t ids[5], f = tamper_fund(13, ids);
	struct ledger_verify_report r;
	struct bf_err e;
	struct ledger_posting p;
	struct chain_anchor h;
	int sealed = 0;
	triggers(0);
	exec1("UPDATE ledger_postings SET mac = NULL WHERE fund_id = $1", f);
	triggers(1);
	exec1("UPDATE funds SET legacy_seq = last_seq WHERE id = $1", f);
	broken(f, ids[4], "尚未封存");
	test_refused(ledger_head_get(g_db, f, &h, &e), &e, EC_LEDGER_BROKEN, "未通过校验");
	test_ok(ledger_seal(g_db, &sealed, &e), &e, "seal");
	assert_int_equal(sealed, 1);
	verify_ok(0);
	test_ok(ledger_head_get(g_db, f, &h, &e), &e, "head");
	test_ok(pay(&A_com2, f, 100, 0, &p, &e), &e, "pay after the seal");
	verify_ok(f);
	test_ok(ledger_seal(g_db, &sealed, &e), &e, "seal again");
	assert_int_equal(sealed, 0);
	test_ok(ledger_verify_head(g_db, f, &h, &r, &e), &e, "verify --head");
	/* a legacy posting rewritten without the key, then put back */
	struct ledger_posting q;
	test_check(store_posting_get(g_db, ids[1], &q, &e), &e, "posting");
	triggers(0);
	set_memo(ids[1], "改过的摘要");
	rechain(f, 2, 0);
	broken(f, ids[4], "封存校验值不符");
	set_memo(ids[1], q.memo);
	rechain(f, 2, 0);
	triggers(1);
	ledger_posting_release(&q);
	verify_ok(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hash_format), cmocka_unit_test(test_funds),
	    cmocka_unit_test(test_chart_grows), cmocka_unit_test(test_income),
	    cmocka_unit_test(test_shortfall),	cmocka_unit_test(test_unbalanced),
	    cmocka_unit_test(test_reverse),	cmocka_unit_test(test_allocate),
	    cmocka_unit_test(test_random),	cmocka_unit_test(test_batch),
	    cmocka_unit_test(test_race),	cmocka_unit_test(test_fund_race),
	    cmocka_unit_test(test_concurrent),	cmocka_unit_test(test_append_only),
	    cmocka_unit_test(test_legacy_seal), cmocka_unit_test(test_tamper),
	    cmocka_unit_test(test_insert),	cmocka_unit_test(test_keyed_rewrite),
	};
	return cmocka_run_group_tests_name(test_group_name("ledger", "ledger-pg"), tests,
					   group_setup, group_teardown);
}
