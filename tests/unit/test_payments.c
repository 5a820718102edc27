/* test_payments.c - money out of the fund (fund.h) against a real
 * database: cost sharing that never loses or invents a fen (a property
 * test over many amounts and shares), a payment batch of a committee with
 * the department's allocations down the tree refused whole when a fund is
 * short and posted whole when it is not, a committee paying from its own
 * funds, a pay-first emergency, receipts with a scanned copy, gifts, the
 * statement reconciling, loans with their schedule and overdue list, and
 * recovery with repayment and the department's write-off; the ledger
 * verified at the end.
 *
 * SQLite by default; BANGFU_TEST_DB points it at another database
 * (scripts/test-all.sh runs it on a throwaway PostgreSQL too).  Cases are
 * created through the procedure, then put straight into the state the
 * payment needs (the procedure itself is test_casework's). */
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
#include "cases.h"
#include "fund.h"
#include "store.h"
#include "strbuf.h"
#include "fixtures.h"
#include "freshdb.h"

static struct db *g_db;
static struct core g_core;
static struct aid_round g_round;

/* D; committee C1 with general branch G1 (branch B1 under it) and branch
 * B2 directly under C1; committee C2 with branch B3. */
static struct org D, C1, G1, B1, B2, C2, B3;
static struct actor A_dept, A_com1, A_com2, A_br1, A_audit;
static int64_t M1, M2, M3, M4;

#define COPY(dst, src) snprintf((dst), sizeof(dst), "%s", (src))

static void today(const char *d)
{
	setenv("BANGFU_TODAY", d, 1);
}

static void exec1(const char *text, int64_t a1, int64_t a2)
{
	struct bf_err e;
	struct db_val v[] = {DB_INT(a1), DB_INT(a2)};
	if (db_exec(g_db, text, v, 2, NULL, &e) < 0)
		fail_msg("%s: %s", text, e.message);
}

/* --- cost sharing -------------------------------------------------------- */

static uint64_t g_rng = 88172645463325252ULL;
static uint64_t rnd(void)
{
	g_rng ^= g_rng << 13;
	g_rng ^= g_rng >> 7;
	g_rng ^= g_rng << 17;
	return g_rng;
}

static void test_split_examples(void **state)
{
	(void)state;
	int64_t p[4];
	int s73[] = {7000, 3000}, half[] = {5000, 5000}, third[] = {3333, 3333, 3334};
	assert_int_equal(pay_split(60000, s73, 2, p), 0);
	assert_int_equal(p[0], 42000);
	assert_int_equal(p[1], 18000);
	/* 0.01 yuan at 70/30: the one fen goes to the larger remainder */
	assert_int_equal(pay_split(1, s73, 2, p), 0);
	assert_int_equal(p[0], 1);
	assert_int_equal(p[1], 0);
	/* 5 fen at 70/30: 3.5 / 1.5, a tie of remainders: the higher level */
	assert_int_equal(pay_split(5, s73, 2, p), 0);
	assert_int_equal(p[0], 4);
	assert_int_equal(p[1], 1);
	assert_int_equal(pay_split(1, half, 2, p), 0);
	assert_int_equal(p[0], 1);
	assert_int_equal(p[1], 0);
	/* 3 fen in thirds: 0.9999 / 0.9999 / 1.0002 */
	assert_int_equal(pay_split(3, third, 3, p), 0);
	assert_int_equal(p[0] + p[1] + p[2], 3);
	assert_int_equal(p[0], 1);
	assert_int_equal(p[1], 1);
	assert_int_equal(p[2], 1);
	assert_int_equal(pay_split(0, s73, 2, p), 0);
	assert_int_equal(p[0] + p[1], 0);
	/* shares that do not make 100% */
	int bad[] = {7000, 2000};
	assert_int_equal(pay_split(100, bad, 2, p), -1);
	assert_int_equal(pay_split(-1, s73, 2, p), -1);
	/* near the top of int64_t: no overflow */
	assert_int_equal(pay_split(INT64_MAX, s73, 2, p), 0);
	assert_true(p[0] + p[1] == INT64_MAX);
}

static void test_split_property(void **state)
{
	(void)state;
	for (int round = 0; round < 200000; round++) {
		size_t n = 1 + rnd() % POLICY_MAX_SHARES;
		int bp[POLICY_MAX_SHARES], left = 10000;
		for (size_t i = 0; i + 1 < n; i++) {
			bp[i] = (int)(rnd() % (uint64_t)(left + 1));
			left -= bp[i];
		}
		bp[n - 1] = left;
		int64_t amount = round % 3 == 0	  ? (int64_t)(rnd() % 1000)
				 : round % 3 == 1 ? (int64_t)(rnd() % 100000000)
						  : (int64_t)(rnd() % 1000000000000000LL);
		int64_t p[POLICY_MAX_SHARES], sum = 0;
		assert_int_equal(pay_split(amount, bp, n, p), 0);
		for (size_t i = 0; i < n; i++) {
			/* within one fen of the exact share, never negative */
			__int128 exact = (__int128)amount * bp[i];
			__int128 lo = exact / 10000, hi = (exact + 9999) / 10000;
			if (p[i] < lo || p[i] > hi || p[i] < 0)
				fail_msg("amount %" PRId64 " bp %d: part %" PRId64, amount, bp[i],
					 p[i]);
			if (bp[i] == 0)
				assert_int_equal(p[i], 0);
			sum += p[i];
		}
		if (sum != amount)
			fail_msg("amount %" PRId64 " split into %" PRId64, amount, sum);
	}
}

/* --- fixtures ------------------------------------------------------------- */

static int64_t add_member(const struct org *o, const char *name)
{
	return test_member(g_db, o->id, name, "1950-03-01", "1975-07-01", "农业", 3);
}

static int group_setup(void **state)
{
	(void)state;
	g_db = test_suite_open("payments", 1, &g_core);
	if (!g_db)
		return -1;
	case_cache_reset();
	test_district(g_db, "P-", (struct org *[]){&D, &C1, &G1, &B1, &B2, &C2, &B3},
		      (struct actor *[]){&A_dept, &A_com1, &A_com2, &A_br1, NULL, NULL, &A_audit});
	M1 = add_member(&B1, "张三");
	M2 = add_member(&B2, "李四");
	M3 = add_member(&B3, "王五");
	M4 = add_member(&B1, "赵六");
	return test_round_2024(&g_core, &A_dept, &g_round);
}

static int group_teardown(void **state)
{
	(void)state;
	case_cache_reset();
	return test_suite_close(&g_core);
}

/* A yearly case of member put straight into `screened` with 600 yuan. */
static int64_t screened_case(const struct actor *a, int64_t member)
{
	struct case_input *in = malloc(sizeof(*in));
	assert_non_null(in);
	test_yearly_input(in, member, g_round.id);
	in->labour_capacity = 1; /* able to work, as these cases always were */
	int64_t id = test_case_create(&g_core, a, in, "case_create");
	exec1("UPDATE cases SET state = 'screened', approved_fen = 60000, proposed_fen = $2 "
	      "WHERE id = $1",
	      id, 60000);
	free(in);
	return id;
}

static struct aid_case *get(int64_t id)
{
	static struct aid_case c;
	struct bf_err e;
	test_ok(case_get(&g_core, &A_dept, id, &c, &e), &e, "case_get");
	return &c;
}

static int64_t balance_of(const struct org *o)
{
	struct fund f;
	struct bf_err e;
	if (ledger_fund_of_org(&g_core, &A_dept, o->id, &f, &e))
		return 0;
	return f.balance;
}

static void income(const struct org *o, int64_t fen, const char *date)
{
	struct fund f;
	struct bf_err e;
	test_ok(ledger_fund_ensure(&g_core, &A_dept, o->id, &f, &e), &e, "fund");
	struct ledger_income in = {0};
	in.fund_id = f.id;
	COPY(in.source, "finance");
	in.amount = fen;
	COPY(in.date, date);
	test_ok(ledger_income(&g_core, &A_dept, &in, NULL, &e), &e, "income");
}

static void batch_in(struct pay_batch_input *in, const struct org *committee)
{
	memset(in, 0, sizeof(*in));
	in->org_id = committee->id;
}

static int64_t CASE1, CASE2;

/* --- batches --------------------------------------------------------------- */

static void test_batch(void **state)
{
	(void)state;
	struct bf_err e;
	struct pay_batch b;
	struct pay_batch_input in;
	today("2024-02-20");
	CASE1 = screened_case(&A_br1, M1);
	CASE2 = screened_case(&A_dept, M2);
	batch_in(&in, &C1);

	/* the preview: amounts, shares and allocations, nothing written */
	test_ok(pay_batch_preview(&g_core, &A_dept, &in, &b, &e), &e, "preview");
	assert_string_equal(b.payer, "department");
	assert_int_equal(b.nlines, 2);
	assert_int_equal(b.total, 120000);
	const struct pay_line *l1 = b.lines[0].case_id == CASE1 ? &b.lines[0] : &b.lines[1];
	const struct pay_line *l2 = b.lines[0].case_id == CASE1 ? &b.lines[1] : &b.lines[0];
	assert_int_equal(l1->nshares, 2);
	assert_int_equal(l1->shares[0].org_id, C1.id);
	assert_int_equal(l1->shares[0].amount, 42000);
	assert_int_equal(l1->shares[1].org_id, G1.id); /* the general branch on its path */
	assert_int_equal(l1->shares[1].amount, 18000);
	assert_int_equal(l2->shares[1].org_id, B2.id); /* no general branch: the branch */
	assert_int_equal(b.nallocs, 3);
	assert_int_equal(b.allocs[0].from_org_id, D.id);
	assert_int_equal(b.allocs[0].to_org_id, C1.id);
	assert_int_equal(b.allocs[0].amount, 120000);
	int64_t sum = 0;
	for (size_t i = 1; i < b.nallocs; i++) {
		assert_int_equal(b.allocs[i].from_org_id, C1.id);
		sum += b.allocs[i].amount;
	}
	assert_int_equal(sum, 36000);
	pay_batch_release(&b);

	/* roles: a branch may not pay; a committee may not draw on the department */
	test_refused(pay_batch_preview(&g_core, &A_br1, &in, &b, &e), &e, EC_FORBIDDEN,
		     "组织部或党(工)委");
	COPY(in.payer, "department");
	test_refused(pay_batch_preview(&g_core, &A_com1, &in, &b, &e), &e, EC_FORBIDDEN, "组织部");
	COPY(in.payer, "");
	/* another committee's case named in the batch */
	int64_t other = screened_case(&A_dept, M3);
	in.case_ids = &other;
	in.ncases = 1;
	test_refused(pay_batch_preview(&g_core, &A_dept, &in, &b, &e), &e, EC_INVALID, "不属于");
	in.case_ids = NULL;
	in.ncases = 0;

	/* the department's fund is short: the whole batch is refused, naming
	 * the fund and its balance; nothing moved */
	income(&D, 100000, "2024-01-10");
	test_refused(pay_batch_confirm(&g_core, &A_dept, &in, &b, &e), &e, EC_INSUFFICIENT_FUNDS,
		     "测试区委组织部");
	assert_non_null(strstr(e.message, "1,000"));
	assert_string_equal(get(CASE1)->state, "screened");
	assert_int_equal(test_sql_int(g_db, "SELECT COUNT(*) FROM payments WHERE batch_id > $1", 0),
			 0);
	assert_int_equal(test_sql_int(g_db, "SELECT COUNT(*) FROM pay_batches WHERE id > $1", 0),
			 0);
	assert_int_equal(balance_of(&D), 100000);

	income(&D, 200000, "2024-02-01");
	test_ok(pay_batch_confirm(&g_core, &A_dept, &in, &b, &e), &e, "confirm");
	assert_true(b.id > 0);
	assert_int_equal(b.count, 2);
	pay_batch_release(&b);
	assert_string_equal(get(CASE1)->state, "paid");
	assert_string_equal(get(CASE2)->state, "paid");
	assert_int_equal(balance_of(&D), 180000);
	assert_int_equal(balance_of(&C1), 0);
	assert_int_equal(balance_of(&G1), 0);
	assert_int_equal(balance_of(&B2), 0);
	/* the timeline shows the payment step */
	struct case_event_row *tl = NULL;
	size_t ntl = 0;
	test_ok(case_timeline(&g_core, &A_dept, CASE1, &tl, &ntl, &e), &e, "timeline");
	assert_string_equal(tl[ntl - 1].event, "pay");
	assert_string_equal(tl[ntl - 1].to_state, "paid");
	free(tl);
	/* paid once: nothing left to pay */
	test_refused(pay_batch_confirm(&g_core, &A_dept, &in, &b, &e), &e, EC_CONFLICT,
		     "没有可发放");
	/* the payments of a case and of the batch */
	struct payment *ps = NULL;
	size_t np = 0;
	test_ok(pay_payments_of_case(&g_core, &A_br1, CASE1, &ps, &np, &e), &e, "of case");
	assert_int_equal(np, 1);
	assert_int_equal(ps[0].amount, 60000);
	assert_non_null(strstr(ps[0].shares_json, "\"amount_fen\":42000"));
	free(ps);
	test_refused(pay_payments_of_case(&g_core, &A_com2, CASE1, &ps, &np, &e), &e, EC_NOT_FOUND,
		     NULL);
	struct pay_batch *bl = NULL;
	size_t nb = 0;
	int64_t total = 0;
	struct pay_batch_query bq = {0};
	test_ok(pay_batch_list(&g_core, &A_com1, &bq, &bl, &nb, &total, &e), &e, "batch list");
	assert_int_equal(nb, 1);
	assert_int_equal(total, 1);
	free(bl);
	test_ok(pay_batch_list(&g_core, &A_com2, &bq, &bl, &nb, &total, &e), &e, "batch list C2");
	assert_int_equal(nb, 0);
}

static void test_committee_own(void **state)
{
	(void)state;
	struct bf_err e;
	struct pay_batch b;
	struct pay_batch_input in;
	batch_in(&in, &C2);
	/* the case of M3 made in test_batch; the committee pays from its own
	 * fund, its branch its own share */
	income(&C2, 50000, "2024-02-01");
	test_refused(pay_batch_confirm(&g_core, &A_com2, &in, &b, &e), &e, EC_INSUFFICIENT_FUNDS,
		     "南村党支部");
	income(&B3, 20000, "2024-02-01");
	test_ok(pay_batch_confirm(&g_core, &A_com2, &in, &b, &e), &e, "own funds");
	assert_string_equal(b.payer, "committee");
	assert_int_equal(b.nallocs, 0);
	pay_batch_release(&b);
	assert_int_equal(balance_of(&C2), 50000 - 42000);
	assert_int_equal(balance_of(&B3), 20000 - 18000);
}

static void test_pay_first(void **state)
{
	(void)state;
	struct bf_err e;
	struct pay_batch b;
	struct pay_batch_input in;
	int64_t id = screened_case(&A_br1, M4);
	exec1("UPDATE cases SET state = 'approved', kind = 'emergency', loss_type = 'major_loss', "
	      "round_id = NULL, "
	      "pay_first = 1, paperwork_due = '2024-03-15', approved_fen = $2 WHERE id = $1",
	      id, 150000);
	/* approved but not screened and not paid first: refused */
	int64_t plain = id;
	exec1("UPDATE cases SET pay_first = 0 WHERE id = $1 AND $2 = 0", id, 0);
	batch_in(&in, &C1);
	in.case_ids = &plain;
	in.ncases = 1;
	test_refused(pay_batch_preview(&g_core, &A_dept, &in, &b, &e), &e, EC_CONFLICT, "程序筛查");
	exec1("UPDATE cases SET pay_first = 1 WHERE id = $1 AND $2 = 0", id, 0);
	test_ok(pay_batch_confirm(&g_core, &A_dept, &in, &b, &e), &e, "pay first");
	pay_batch_release(&b);
	/* the money is out, the case waits for its screening and paperwork */
	assert_string_equal(get(id)->state, "approved");
	struct payment *ps = NULL;
	size_t np = 0;
	test_ok(pay_payments_of_case(&g_core, &A_dept, id, &ps, &np, &e), &e, "of case");
	assert_int_equal(np, 1);
	assert_int_equal(ps[0].pay_first, 1);
	assert_int_equal(ps[0].amount, 150000);
	free(ps);
	/* the case says so: its payment is read with it */
	assert_int_equal(get(id)->paid_fen, 150000);
	assert_true(get(id)->payment_id > 0);
	assert_true(get(id)->paid_on[0] != '\0');
	/* the committee screens it: passing makes it paid, with no batch and
	 * no money moved */
	const char *nbatches = "SELECT COUNT(*) FROM pay_batches WHERE $1 = 0";
	int64_t batches = test_sql_int(g_db, nbatches, 0), before = balance_of(&D);
	struct case_step_input *st = calloc(1, sizeof(*st));
	assert_non_null(st);
	case_step_input_init(st);
	test_ok(case_step(&g_core, &A_com1, id, EV_ENTER_SCREENING, st, &e), &e, "enter");
	assert_string_equal(get(id)->state, "screening");
	COPY(st->screening_result, "救助系统筛查通过，无重复救助");
	test_ok(case_step(&g_core, &A_com1, id, EV_SCREEN_PASS, st, &e), &e, "screen_pass");
	free(st);
	assert_string_equal(get(id)->state, "paid");
	assert_int_equal(test_sql_int(g_db, nbatches, 0), batches);
	assert_int_equal(balance_of(&D), before);
	/* paid: a batch of it is refused */
	test_refused(pay_batch_preview(&g_core, &A_dept, &in, &b, &e), &e, EC_CONFLICT,
		     "已经发放过");
	/* a paid-first case screened under the old rule (still `screened`):
	 * alone it would make an empty batch, which is refused */
	exec1("UPDATE cases SET state = 'screened' WHERE id = $1 AND $2 = 0", id, 0);
	test_refused(pay_batch_preview(&g_core, &A_dept, &in, &b, &e), &e, EC_PAY_BATCH_EMPTY,
		     "空批次");
	test_refused(pay_batch_confirm(&g_core, &A_dept, &in, &b, &e), &e, EC_PAY_BATCH_EMPTY,
		     "空批次");
	assert_int_equal(test_sql_int(g_db, nbatches, 0), batches);
	assert_int_equal(balance_of(&D), before);
	exec1("UPDATE cases SET state = 'paid' WHERE id = $1 AND $2 = 0", id, 0);
	assert_int_equal(test_sql_int(g_db, "SELECT COUNT(*) FROM payments WHERE case_id = $1", id),
			 1);
}

static void test_receipt(void **state)
{
	(void)state;
	struct bf_err e;
	struct payment p;
	int64_t pid = test_sql_int(g_db, "SELECT id FROM payments WHERE case_id = $1", CASE1);
	today("2024-02-22");
	struct pay_receipt_input r = {0};
	test_refused(pay_receipt_set(&g_core, &A_br1, pid, &r, &p, &e), &e, EC_MISSING, "签收日期");
	COPY(r.date, "2024-02-21");
	COPY(r.method, "cash");
	COPY(r.handed_by, "李书记");
	COPY(r.signed_by, "pen");
	test_refused(pay_receipt_set(&g_core, &A_br1, pid, &r, &p, &e), &e, EC_INVALID, "按手印");
	COPY(r.signed_by, "thumbprint");
	COPY(r.date, "2024-02-19");
	test_refused(pay_receipt_set(&g_core, &A_br1, pid, &r, &p, &e), &e, EC_INVALID,
		     "早于发放日期");
	COPY(r.date, "2024-02-21");
	test_refused(pay_receipt_set(&g_core, &A_audit, pid, &r, &p, &e), &e, EC_FORBIDDEN, NULL);
	test_ok(pay_receipt_set(&g_core, &A_br1, pid, &r, &p, &e), &e, "receipt");
	assert_string_equal(p.receipt_on, "2024-02-21");
	assert_string_equal(p.signed_by, "thumbprint");
	test_refused(pay_receipt_set(&g_core, &A_br1, pid, &r, &p, &e), &e, EC_CONFLICT, "重复");
	static const char pdf[] = "%PDF-1.4\n% receipt\n%%EOF\n";
	test_refused(pay_receipt_scan(&g_core, &A_br1, pid, "签收单.exe", "MZ\x90", 3, &p, &e), &e,
		     EC_INVALID, "PDF");
	test_ok(pay_receipt_scan(&g_core, &A_br1, pid, "签收单.pdf", pdf, sizeof(pdf) - 1, &p, &e),
		&e, "scan");
	assert_true(p.receipt_attachment_id > 0);
	test_ok(pay_payment_get(&g_core, &A_br1, pid, &p, &e), &e, "get");
	assert_true(p.receipt_attachment_id > 0);
	assert_string_equal(p.handed_by, "李书记");
}

/* A visit written with its gift in one transaction that then fails: the
 * gift is rolled back with it. */
static int visit_fn(struct db *db, void *p, struct bf_err *e)
{
	(void)db;
	if (pay_gift_post(&g_core, &A_com1, p, NULL, e))
		return -1;
	return err_set(e, EC_INVALID, "visit", "走访记录有误");
}

/* The amount of the row of account `code` (0 if none). */
static int64_t stmt_row(const struct pay_stmt_row *rows, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(rows[i].code, code))
			return rows[i].amount;
	return 0;
}

/* Every line of a statement is positive and the totals are their sums. */
static void assert_stmt_positive(const struct pay_statement *s)
{
	int64_t in = 0, out = 0;
	for (size_t i = 0; i < s->nincome; i++) {
		assert_true(s->income[i].amount > 0);
		in += s->income[i].amount;
	}
	for (size_t i = 0; i < s->nexpense; i++) {
		assert_true(s->expense[i].amount > 0);
		out += s->expense[i].amount;
	}
	assert_int_equal(in, s->income_total);
	assert_int_equal(out, s->expense_total);
}

static void test_gift_and_statement(void **state)
{
	(void)state;
	struct bf_err e;
	struct pay_gift g = {0};
	g.org_id = C1.id;
	g.member_id = M1;
	g.amount = 20000;
	COPY(g.memo, "春节走访慰问");
	today("2024-02-25");
	test_refused(pay_gift_post(&g_core, &A_com1, &g, NULL, &e), &e, EC_INSUFFICIENT_FUNDS,
		     "城关镇党委");
	income(&C1, 50000, "2024-02-22");
	struct ledger_posting post;
	test_ok(pay_gift_post(&g_core, &A_com1, &g, &post, &e), &e, "gift");
	assert_string_equal(post.kind, "gift");
	int64_t before = balance_of(&C1);
	test_refused(db_run_tx(g_db, "test_gift_and_statement", 1, visit_fn, &g, &e), &e,
		     EC_INVALID, "走访记录");
	assert_int_equal(balance_of(&C1), before);
	g.member_id = M3; /* not the committee's */
	test_refused(pay_gift_post(&g_core, &A_com1, &g, NULL, &e), &e, EC_NOT_FOUND, NULL);

	struct pay_statement s;
	test_ok(pay_statement(&g_core, &A_dept, D.id, "2024-01-01", "2024-12-31", &s, &e), &e,
		"stmt D");
	assert_int_equal(s.opening, 0);
	assert_int_equal(s.income_total, 300000);
	assert_int_equal(s.expense_total, s.income_total - s.closing);
	assert_int_equal(s.closing, balance_of(&D));
	/* a period starting later: the opening carries the earlier money */
	test_ok(pay_statement(&g_core, &A_dept, D.id, "2024-02-01", "2024-02-29", &s, &e), &e,
		"Feb");
	assert_int_equal(s.opening, 100000);
	assert_int_equal(s.opening + s.income_total - s.expense_total, s.closing);
	test_ok(pay_statement(&g_core, &A_com1, C1.id, "2024-01-01", "2024-12-31", &s, &e), &e,
		"C1");
	assert_int_equal(s.opening + s.income_total - s.expense_total, s.closing);
	int found = 0;
	for (size_t i = 0; i < s.nexpense; i++)
		if (!strcmp(s.expense[i].code, "visit_gift")) {
			assert_int_equal(s.expense[i].amount, 20000);
			found = 1;
		}
	assert_true(found);
	test_refused(pay_statement(&g_core, &A_com2, C1.id, "2024-01-01", "2024-12-31", &s, &e), &e,
		     EC_NOT_FOUND, NULL);
	test_refused(pay_statement(&g_core, &A_dept, C1.id, "2024-12-31", "2024-01-01", &s, &e), &e,
		     EC_INVALID, "截止日期");
}

static void test_loans(void **state)
{
	(void)state;
	struct bf_err e;
	struct loan l;
	struct loan_input in = {0};
	in.org_id = B1.id;
	in.member_id = M1;
	in.principal = 100001;
	in.rate_bp = 0;
	in.months = 12;
	COPY(in.start_on, "2024-01-31");
	COPY(in.purpose, "养殖肉牛的启动资金");
	struct loan_instalment inst[12];
	test_ok(loan_schedule(&in, inst, 12, &e), &e, "schedule");
	int64_t sum = 0;
	for (int i = 0; i < 12; i++)
		sum += inst[i].principal;
	assert_int_equal(sum, 100001);
	assert_string_equal(inst[0].due_on, "2024-02-29"); /* the month's end */
	assert_string_equal(inst[11].due_on, "2025-01-31");
	today("2024-03-01");
	test_refused(loan_create(&g_core, &A_br1, &in, &l, &e), &e, EC_INSUFFICIENT_FUNDS,
		     "东街村党支部");
	income(&B1, 200000, "2024-01-02");
	in.months = 0;
	test_refused(loan_create(&g_core, &A_br1, &in, &l, &e), &e, EC_INVALID, "期数");
	in.months = 12;
	in.principal = 120000;
	in.rate_bp = 360; /* 3.6% a year */
	test_ok(loan_create(&g_core, &A_br1, &in, &l, &e), &e, "loan");
	assert_int_equal(l.ninst, 12);
	assert_int_equal(l.inst[0].principal, 10000);
	assert_int_equal(l.inst[0].interest, 360); /* 1200 yuan * 0.3% */
	assert_int_equal(l.inst[11].interest, 30);
	assert_int_equal(balance_of(&B1), 80000);
	int64_t id = l.id;
	loan_release(&l);
	/* overdue on 1 March: the February instalment */
	struct loan_overdue *od = NULL;
	size_t nod = 0;
	test_ok(loan_overdue_list(&g_core, &A_com1, &od, &nod, &e), &e, "overdue");
	assert_int_equal(nod, 1);
	assert_int_equal(od[0].no, 1);
	assert_int_equal(od[0].outstanding, 10360);
	free(od);
	test_ok(loan_overdue_list(&g_core, &A_com2, &od, &nod, &e), &e, "overdue C2");
	assert_int_equal(nod, 0);
	free(od);
	/* a repayment: interest first, then principal, oldest first */
	test_ok(loan_repay(&g_core, &A_br1, id, 15000, "cash", "2024-03-01", &l, &e), &e, "repay");
	assert_string_equal(l.inst[0].paid_on, "2024-03-01");
	assert_int_equal(l.inst[1].paid_interest, 330);
	assert_int_equal(l.inst[1].paid_principal, 15000 - 10360 - 330);
	assert_int_equal(l.repaid_interest, 690);
	loan_release(&l);
	test_refused(loan_repay(&g_core, &A_br1, id, 10000000, "cash", "2024-03-01", &l, &e), &e,
		     EC_INVALID, "尚欠");
	test_ok(loan_overdue_list(&g_core, &A_com1, &od, &nod, &e), &e, "overdue after");
	assert_int_equal(nod, 0);
	free(od);
	/* the rest in one go */
	test_ok(loan_get(&g_core, &A_dept, id, &l, &e), &e, "get");
	int64_t owed = 0;
	for (size_t i = 0; i < l.ninst; i++)
		owed += l.inst[i].principal + l.inst[i].interest - l.inst[i].paid_principal -
			l.inst[i].paid_interest;
	loan_release(&l);
	income(&B1, 0 + 1, "2024-03-01");
	test_ok(loan_repay(&g_core, &A_br1, id, owed, "bank", "2024-03-01", &l, &e), &e,
		"repay all");
	assert_string_equal(l.status, "repaid");
	assert_int_equal(l.repaid_principal, 120000);
	loan_release(&l);
	test_refused(loan_repay(&g_core, &A_br1, id, 1, "cash", "2024-03-01", &l, &e), &e,
		     EC_CONFLICT, "还清");
	struct loan *ls = NULL;
	size_t nl = 0;
	test_ok(loan_list(&g_core, &A_com1, NULL, 0, &ls, &nl, &e), &e, "list");
	assert_int_equal(nl, 1);
	free(ls);
	/* the list's filters: repaid keeps it, active and overdue do not */
	test_ok(loan_list(&g_core, &A_com1, "repaid", 0, &ls, &nl, &e), &e, "repaid");
	assert_int_equal(nl, 1);
	free(ls);
	test_ok(loan_list(&g_core, &A_com1, "active", 0, &ls, &nl, &e), &e, "active");
	assert_int_equal(nl, 0);
	free(ls);
	test_ok(loan_list(&g_core, &A_com1, NULL, 1, &ls, &nl, &e), &e, "overdue");
	assert_int_equal(nl, 0);
	free(ls);
	test_refused(loan_list(&g_core, &A_com1, "late", 0, &ls, &nl, &e), &e, EC_INVALID,
		     "repaid");
	/* lent and repaid in one year: both shown, not netted to nothing */
	struct pay_statement s;
	test_ok(pay_statement(&g_core, &A_br1, B1.id, "2024-01-01", "2024-12-31", &s, &e), &e,
		"B1");
	assert_stmt_positive(&s);
	assert_int_equal(stmt_row(s.expense, s.nexpense, "loan"), 120000);
	assert_int_equal(stmt_row(s.income, s.nincome, "loan"), 120000);
	assert_int_equal(s.opening + s.income_total - s.expense_total, s.closing);
}

static void test_recovery(void **state)
{
	(void)state;
	struct bf_err e;
	struct recovery r;
	today("2024-04-01");
	test_refused(recovery_create(&g_core, &A_com1, CASE2, 30000, "", "冒领", NULL, 0, &r, &e),
		     &e, EC_FORBIDDEN, NULL);
	test_refused(recovery_create(&g_core, &A_dept, CASE2, 70000, "", "核查发现家庭收入瞒报",
				     NULL, 0, &r, &e),
		     &e, EC_INVALID, "可追回");
	int64_t c1_before = balance_of(&C1);
	test_ok(recovery_create(&g_core, &A_dept, CASE2, 30000, "", "核查发现家庭收入瞒报", NULL, 0,
				&r, &e),
		&e, "recovery");
	assert_int_equal(r.npayments, 1);
	assert_string_equal(r.status, "open");
	int64_t id = r.id;
	test_ok(recovery_repay(&g_core, &A_com1, id, 10000, "cash", "", &r, &e), &e, "repay");
	assert_int_equal(r.repaid, 10000);
	assert_int_equal(balance_of(&C1), c1_before + 10000);
	test_refused(recovery_repay(&g_core, &A_com1, id, 30000, "cash", "", &r, &e), &e,
		     EC_INVALID, "尚欠");
	test_refused(recovery_write_off(&g_core, &A_com1, id, "本人已去世，无力偿还", &r, &e), &e,
		     EC_FORBIDDEN, NULL);
	test_refused(recovery_write_off(&g_core, &A_dept, id, "", &r, &e), &e, EC_MISSING, NULL);
	test_ok(recovery_write_off(&g_core, &A_dept, id, "本人已去世，家中无力偿还", &r, &e), &e,
		"write off");
	assert_string_equal(r.status, "written_off");
	assert_int_equal(r.written_off, 20000);
	test_refused(recovery_repay(&g_core, &A_com1, id, 100, "cash", "", &r, &e), &e, EC_CONFLICT,
		     NULL);
	struct recovery *rs = NULL;
	size_t n = 0;
	test_ok(recovery_list(&g_core, &A_com1, CASE2, NULL, &rs, &n, &e), &e, "list");
	assert_int_equal(n, 1);
	free(rs);
	/* the list's filter by status */
	test_ok(recovery_list(&g_core, &A_com1, CASE2, "written_off", &rs, &n, &e), &e, "w/o");
	assert_int_equal(n, 1);
	free(rs);
	test_ok(recovery_list(&g_core, &A_com1, CASE2, "open", &rs, &n, &e), &e, "open");
	assert_int_equal(n, 0);
	free(rs);
	test_refused(recovery_list(&g_core, &A_com1, CASE2, "paid", &rs, &n, &e), &e, EC_INVALID,
		     "written_off");
	/* the statement still reconciles with all of it */
	struct pay_statement s;
	test_ok(pay_statement(&g_core, &A_com1, C1.id, "2024-01-01", "2024-12-31", &s, &e), &e,
		"C1");
	assert_int_equal(s.opening + s.income_total - s.expense_total, s.closing);
	assert_int_equal(s.closing, balance_of(&C1));
	/* the 100 yuan repaid is income of its own (追回资金), not spending of -100 */
	assert_stmt_positive(&s);
	assert_int_equal(stmt_row(s.income, s.nincome, "recovery"), 10000);
	assert_int_equal(stmt_row(s.expense, s.nexpense, "recovery"), 0);
}

/* A policy that allows an advance: the short funds pay, the shortfall is
 * owed by the upper level (upper_advance). */
static void test_advance(void **state)
{
	(void)state;
	struct bf_err e;
	struct pay_batch b;
	struct pay_batch_input in;
	today("2024-06-01");
	int64_t m5 = add_member(&B3, "孙七");
	int64_t id = screened_case(&A_com2, m5);
	batch_in(&in, &C2);
	in.case_ids = &id;
	in.ncases = 1;
	test_refused(pay_batch_confirm(&g_core, &A_com2, &in, &b, &e), &e, EC_INSUFFICIENT_FUNDS,
		     NULL);
	const char *text = policy_default_text();
	struct strbuf doc = STRBUF_INIT;
	strbuf_adds(&doc, text);
	char *adv = strstr(doc.buf, "\"advance_allowed\": false");
	char *eff = strstr(doc.buf, "\"effective_from\": \"2020-01-01\"");
	assert_non_null(adv);
	assert_non_null(eff);
	memcpy(adv, "\"advance_allowed\":  true", strlen("\"advance_allowed\": false"));
	memcpy(eff + strlen("\"effective_from\": \""), "2024-06-01", 10);
	int version = 0;
	test_ok(case_policy_save(&g_core, &A_dept, doc.buf, doc.len, "允许垫付", &version, &e), &e,
		"policy with advances");
	strbuf_release(&doc);
	const struct policy *p;
	test_ok(case_policy_in_force(&g_core, "2024-06-01", &p, &e), &e, "in force");
	assert_int_equal(p->advance_allowed, 1);
	int64_t c2 = balance_of(&C2), b3 = balance_of(&B3);
	test_ok(pay_batch_confirm(&g_core, &A_com2, &in, &b, &e), &e, "with advance");
	pay_batch_release(&b);
	assert_int_equal(balance_of(&C2), 0);
	assert_int_equal(balance_of(&B3), 0);
	struct fund f;
	test_ok(ledger_fund_of_org(&g_core, &A_dept, C2.id, &f, &e), &e, "fund");
	struct ledger_account *acc = NULL;
	size_t na = 0;
	test_ok(ledger_accounts(&g_core, &A_dept, f.id, &acc, &na, &e), &e, "accounts");
	int64_t owed = 0;
	for (size_t i = 0; i < na; i++)
		if (!strcmp(acc[i].code, "upper_advance"))
			owed = -acc[i].balance;
	free(acc);
	assert_int_equal(owed, 42000 - c2);
	(void)b3;
	assert_string_equal(get(id)->state, "paid");
}

/* --- races on two connections --- */

struct racer {
	struct test_race race;
	int what; /* 0: a batch of C1, 1: a loan repayment */
	int64_t id, amount;
};

static void *racer_thread(void *arg)
{
	struct racer *r = arg;
	struct bf_err e;
	struct core c;
	int rc;
	if (test_racer_start(&c, &g_core, &r->race))
		return NULL;
	if (r->what == 0) {
		struct pay_batch_input in;
		struct pay_batch b;
		batch_in(&in, &C1);
		rc = pay_batch_confirm(&c, &A_dept, &in, &b, &e);
		if (!rc)
			pay_batch_release(&b);
	} else {
		struct loan l;
		rc = loan_repay(&c, &A_br1, r->id, r->amount, "bank", "", &l, &e);
		if (!rc)
			loan_release(&l);
	}
	test_racer_end(&c, &r->race, rc, &e);
	return NULL;
}

/* The two racers at once; the loser. */
static const struct test_race *race(struct racer r[2])
{
	test_race_run(2, racer_thread, r, sizeof(r[0]));
	assert_true(r[0].race.rc != -2 && r[1].race.rc != -2);
	return test_race_loser(&r[0].race, &r[1].race);
}

/* Two batches of the same committee at once: one pays, the other finds
 * nothing left (or a conflict); every case paid once. */
static void test_race_batch(void **state)
{
	(void)state;
	today("2024-07-01");
	int64_t ids[2] = {screened_case(&A_dept, add_member(&B2, "周八")),
			  screened_case(&A_dept, add_member(&B2, "吴九"))};
	income(&D, 1000000, "2024-07-01");
	struct racer r[2] = {{.what = 0}, {.what = 0}};
	const struct test_race *loser = race(r);
	if (loser->code != EC_CONFLICT)
		fail_msg("loser: %d %s", loser->code, loser->msg);
	for (int i = 0; i < 2; i++) {
		assert_string_equal(get(ids[i])->state, "paid");
		assert_int_equal(
		    test_sql_int(g_db, "SELECT COUNT(*) FROM payments WHERE case_id = $1", ids[i]),
		    1);
	}
}

/* Two repayments of the last money of a loan at once: exactly one. */
static void test_race_loan(void **state)
{
	(void)state;
	struct bf_err e;
	struct loan l;
	struct loan_input in = {0};
	in.org_id = B1.id;
	in.member_id = M4;
	in.principal = 20000;
	in.months = 2;
	COPY(in.start_on, "2024-07-01");
	COPY(in.purpose, "购买农机具");
	income(&B1, 20000, "2024-07-01");
	test_ok(loan_create(&g_core, &A_br1, &in, &l, &e), &e, "loan");
	int64_t id = l.id;
	loan_release(&l);
	struct racer r[2] = {{.what = 1, .id = id, .amount = 15000},
			     {.what = 1, .id = id, .amount = 15000}};
	const struct test_race *loser = race(r);
	if (!strstr(loser->msg, "尚欠"))
		fail_msg("loser: %d %s", loser->code, loser->msg);
	test_ok(loan_get(&g_core, &A_br1, id, &l, &e), &e, "get");
	assert_int_equal(l.repaid_principal, 15000);
	assert_int_equal(l.inst[0].paid_principal + l.inst[1].paid_principal, 15000);
	loan_release(&l);
}

static void test_verify(void **state)
{
	(void)state;
	struct bf_err e;
	struct ledger_verify_report rep;
	test_ok(ledger_verify(g_db, 0, &rep, &e), &e, "ledger verify");
	assert_true(rep.postings > 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_split_examples),
	    cmocka_unit_test(test_split_property),
	    cmocka_unit_test(test_batch),
	    cmocka_unit_test(test_committee_own),
	    cmocka_unit_test(test_pay_first),
	    cmocka_unit_test(test_receipt),
	    cmocka_unit_test(test_gift_and_statement),
	    cmocka_unit_test(test_loans),
	    cmocka_unit_test(test_recovery),
	    cmocka_unit_test(test_advance),
	    cmocka_unit_test(test_race_batch),
	    cmocka_unit_test(test_race_loan),
	    cmocka_unit_test(test_verify),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
