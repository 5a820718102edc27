/* ledger.c - the fund ledger in the core (fund.h): the chart of accounts,
 * checks of a posting, the SM3 chain, and the one posting engine every
 * write goes through (single postings, batches, income, reversals,
 * allocations), so the balance rule and the chain cannot be bypassed by a
 * caller.  No SQL: store_ledger.h.  Verification is ledger_verify.c. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "fund.h"
#include "money.h"
#include "store.h"
#include "store_ledger.h"
#include "ledger_impl.h"
#include "text.h"
#include "wrapper.h"

const struct ledger_chart_row ledger_chart[] = {
    {"cash", "asset", "现金"},
    {"bank", "asset", "银行存款"},
    {"dues", "income", "党费"},
    {"finance", "income", "财政拨款"},
    {"admin", "income", "行政经费"},
    {"member_donation", "income", "党员捐款"},
    {"social_donation", "income", "社会捐助"},
    {"upper_allocation", "income", "上级拨款"},
    {"yearly_aid", "expense", "生活困难帮扶"},
    {"emergency_aid", "expense", "突发事故救助"},
    {"visit_gift", "expense", "走访慰问"},
    {"allocation_down", "expense", "向下级拨款"},
    {"other_expense", "expense", "其他支出"},
    {"loan", "receivable", "借给党员的借款"},
    {"recovery", "receivable", "应追回款"},
    {"upper_advance", "current", "上级垫付往来"},
    /* The chart only grows at the end: a fund made before a row was
     * added gets it when it is next posted to (load_fund). */
    {"loan_interest", "income", "借款利息收入"},
    {NULL, NULL, NULL},
};

const char *const ledger_posting_kinds[] = {
    "income",	      "payment",	"gift",	    "allocation_out",	  "allocation_in",
    "loan",	      "loan_repayment", "recovery", "recovery_repayment", "write_off",
    "advance_settle", "transfer",	"reversal", "adjustment",	  NULL,
};

/* Largest amount of one line: 10^15 fen (ten trillion yuan) keeps every
 * sum of LEDGER_MAX_LINES + 4 lines far from int64_t overflow. */
#define LINE_MAX_FEN 1000000000000000LL

int ledger_chart_index(const char *code)
{
	for (int i = 0; ledger_chart[i].code; i++)
		if (!strcmp(ledger_chart[i].code, code))
			return i;
	return -1;
}

const struct ledger_chart_row *ledger_chart_find(const char *code)
{
	int i = ledger_chart_index(code);
	return i < 0 ? NULL : &ledger_chart[i];
}

static int kind_known(const char *kind)
{
	for (int i = 0; ledger_posting_kinds[i]; i++)
		if (!strcmp(ledger_posting_kinds[i], kind))
			return 1;
	return 0;
}

int ledger_date_check(const char *s, const char *field, const char *label, struct bf_err *e)
{
	struct ymd d;
	int ok = strlen(s) == 10 && s[4] == '-' && s[7] == '-';
	for (int i = 0; ok && i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			ok = 0;
	if (ok) {
		d.y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
		d.m = (s[5] - '0') * 10 + (s[6] - '0');
		d.d = (s[8] - '0') * 10 + (s[9] - '0');
		ok = date_valid(d);
	}
	if (!ok)
		return err_set(e, EC_INVALID, field, "%s“%s”不是有效日期（格式 YYYY-MM-DD）", label,
			       s);
	return 0;
}

static int check_line(const struct ledger_line *l, size_t i, struct bf_err *e)
{
	if (!l->account_id && !ledger_chart_find(l->account))
		return err_set(e, EC_INVALID, "lines", "第 %zu 行：科目“%s”不存在", i + 1,
			       l->account);
	if (l->amount == 0)
		return err_set(e, EC_INVALID, "lines", "第 %zu 行：金额不能为零", i + 1);
	if (l->amount > LINE_MAX_FEN || l->amount < -LINE_MAX_FEN)
		return err_set(e, EC_INVALID, "lines", "第 %zu 行：金额超出上限", i + 1);
	return 0;
}

int ledger_posting_check(const struct ledger_posting *p, struct bf_err *e)
{
	int64_t sum = 0;
	if (!kind_known(p->kind))
		return err_set(e, EC_INVALID, "kind", "凭证类型“%s”不存在", p->kind);
	if (p->value_date[0] && ledger_date_check(p->value_date, "date", "日期", e))
		return -1;
	if (!text_clean(p->memo, 1) || !text_clean(p->donor, 0) || !text_clean(p->batch_ref, 0))
		return err_set(e, EC_INVALID, "memo", "摘要、捐款人或批次号含有无效字符");
	if (p->nlines < 2 || p->nlines > LEDGER_MAX_LINES)
		return err_set(e, EC_INVALID, "lines", "凭证须有 2 至 %d 行分录，现有 %zu 行",
			       LEDGER_MAX_LINES, p->nlines);
	if (p->case_id < 0 || p->member_id < 0 || p->reverses < 0 || p->link_id < 0)
		return err_set(e, EC_INVALID, NULL, "关联编号不能为负数");
	for (size_t i = 0; i < p->nlines; i++) {
		if (check_line(&p->lines[i], i, e))
			return -1;
		sum += p->lines[i].amount;
	}
	if (sum != 0) {
		char t[MONEY_TEXT_MAX];
		money_format_amount(sum, t);
		return err_set(e, EC_UNBALANCED, "lines",
			       "凭证借贷不平衡：各行金额合计为 %s 元，须为零", t);
	}
	return 0;
}

/* Appends v in decimal (the hash formats a million postings: no printf). */
static void add_int(struct strbuf *sb, int64_t v)
{
	char buf[24], *q = buf + sizeof(buf);
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	do
		*--q = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--q = '-';
	strbuf_add(sb, q, (size_t)(buf + sizeof(buf) - q));
}

static void add_field(struct strbuf *sb, const char *s)
{
	strbuf_addch(sb, '\x1f');
	strbuf_adds(sb, s);
}

static void add_int_field(struct strbuf *sb, int64_t v)
{
	strbuf_addch(sb, '\x1f');
	add_int(sb, v);
}

void ledger_hash_into(struct strbuf *sb, const struct ledger_posting *p,
		      const struct ledger_line *lines, size_t nlines, const char *prev_hash,
		      char out[65])
{
	strbuf_reset(sb);
	/* "ledger/v1", then the fields separated by unit separators (0x1f),
	 * each line after a record separator (0x1e) as account:amount, then a
	 * group separator (0x1d) and the previous hash */
	strbuf_adds(sb, "ledger/v1");
	add_int_field(sb, p->fund_id);
	add_int_field(sb, p->seq);
	add_int_field(sb, p->posted_at);
	add_int_field(sb, p->posted_by);
	add_field(sb, p->value_date);
	add_field(sb, p->kind);
	add_field(sb, p->memo);
	add_int_field(sb, p->reverses);
	add_int_field(sb, p->link_id);
	add_int_field(sb, p->case_id);
	add_int_field(sb, p->member_id);
	add_field(sb, p->batch_ref);
	add_field(sb, p->donor);
	for (size_t i = 0; i < nlines; i++) {
		strbuf_addch(sb, '\x1e');
		add_int(sb, lines[i].account_id);
		strbuf_addch(sb, ':');
		add_int(sb, lines[i].amount);
	}
	strbuf_addch(sb, '\x1d');
	strbuf_adds(sb, prev_hash);
	crypto_sm3_hex(sb->buf, sb->len, out);
}

void ledger_posting_hash(const struct ledger_posting *p, const char *prev_hash, char out[65])
{
	struct strbuf sb = STRBUF_INIT;
	ledger_hash_into(&sb, p, p->lines, p->nlines, prev_hash, out);
	strbuf_release(&sb);
}

/* --- funds --- */

static int fund_in_scope(struct db *db, const struct actor *a, int64_t id, struct fund *out,
			 struct bf_err *e)
{
	enum db_qs qs = store_fund_get(db, id, out, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE || !access_in_scope(a, out->org_path))
		return err_set(e, EC_NOT_FOUND, "fund_id", "基金 %" PRId64 " 不存在", id);
	return 0;
}

static void fill_account(struct ledger_account *acc, int64_t fund_id, int i)
{
	memset(acc, 0, sizeof(*acc));
	acc->fund_id = fund_id;
	snprintf(acc->code, sizeof(acc->code), "%s", ledger_chart[i].code);
	snprintf(acc->kind, sizeof(acc->kind), "%s", ledger_chart[i].kind);
	snprintf(acc->name, sizeof(acc->name), "%s", ledger_chart[i].name);
}

static int create_accounts(struct db *db, int64_t fund_id, struct bf_err *e)
{
	for (int i = 0; ledger_chart[i].code; i++) {
		struct ledger_account acc;
		fill_account(&acc, fund_id, i);
		enum db_qs qs = store_account_insert(db, &acc, i + 1, e);
		if (qs < 0)
			return qs;
	}
	return 0;
}

struct ensure_ctx {
	const struct actor *a;
	int64_t org_id;
	struct fund *out;
};

static int ensure_fn(struct db *db, void *p, struct bf_err *e)
{
	struct ensure_ctx *x = p;
	struct org o;
	enum db_qs qs = store_fund_by_org(db, x->org_id, x->out, e);
	if (qs < 0)
		return qs;
	if (qs == DB_ONE)
		return access_in_scope(x->a, x->out->org_path)
			   ? 0
			   : err_set(e, EC_NOT_FOUND, "org_id", "组织不存在");
	qs = store_org_get(db, x->org_id, &o, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE || !access_in_scope(x->a, o.path))
		return err_set(e, EC_NOT_FOUND, "org_id", "组织不存在");
	if (!access_allowed(x->a, PERM_WRITE))
		return err_set(e, EC_FORBIDDEN, NULL, "您的角色不能建立基金");
	struct fund f = {.org_id = o.id, .created_by = x->a->user_id};
	snprintf(f.name, sizeof(f.name), "%s帮扶基金", o.name);
	qs = store_fund_insert(db, &f, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE) {
		/* another process made it between our read and insert: the
		 * insert waited for its commit, so a new read sees it */
		qs = store_fund_by_org(db, x->org_id, x->out, e);
		return qs < 0 ? qs : qs == DB_NONE ? DB_RETRY : 0;
	}
	if ((qs = create_accounts(db, f.id, e)) < 0)
		return qs;
	char detail[128];
	snprintf(detail, sizeof(detail), "{\"org_id\":%" PRId64 "}", o.id);
	if (audit_record(db, x->a, "fund.create", "fund", f.id, detail, e))
		return -1;
	qs = store_fund_get(db, f.id, x->out, e);
	return qs < 0 ? qs : 0;
}

int ledger_fund_ensure(struct core *c, const struct actor *a, int64_t org_id, struct fund *out,
		       struct bf_err *e)
{
	struct ensure_ctx x = {.a = a, .org_id = org_id, .out = out};
	/* permission before existence: the same 403 whether it exists or not */
	if (!access_allowed(a, PERM_WRITE))
		return err_set(e, EC_FORBIDDEN, NULL, "您的角色不能建立基金");
	return db_run_tx(c->db, "ledger_fund_ensure", 1, ensure_fn, &x, e);
}

int ledger_fund_ensure_tx(struct core *c, const struct actor *a, int64_t org_id, struct fund *out,
			  struct bf_err *e)
{
	return ledger_fund_ensure(c, a, org_id, out, e);
}

int ledger_fund_get(struct core *c, const struct actor *a, int64_t id, struct fund *out,
		    struct bf_err *e)
{
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	return fund_in_scope(c->db, a, id, out, e) ? -1 : 0;
}

int ledger_fund_of_org(struct core *c, const struct actor *a, int64_t org_id, struct fund *out,
		       struct bf_err *e)
{
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	enum db_qs qs = store_fund_by_org(c->db, org_id, out, e);
	if (qs < 0)
		return -1;
	if (qs == DB_NONE || !access_in_scope(a, out->org_path))
		return err_set(e, EC_NOT_FOUND, "org_id", "该组织尚未建立基金");
	return 0;
}

int ledger_fund_list(struct core *c, const struct actor *a, struct fund **items, size_t *n,
		     struct bf_err *e)
{
	*items = NULL;
	*n = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	return store_fund_list(c->db, a->org_path, items, n, e) < 0 ? -1 : 0;
}

int ledger_accounts(struct core *c, const struct actor *a, int64_t fund_id,
		    struct ledger_account **items, size_t *n, struct bf_err *e)
{
	struct fund f;
	*items = NULL;
	*n = 0;
	if (ledger_fund_get(c, a, fund_id, &f, e))
		return -1;
	return store_accounts(c->db, fund_id, items, n, e) < 0 ? -1 : 0;
}

/* --- the posting engine --- */

#define CHART_N 17 /* rows of ledger_chart */
_Static_assert(sizeof(ledger_chart) / sizeof(ledger_chart[0]) == CHART_N + 1,
	       "CHART_N counts the rows of ledger_chart");

/* A fund touched by the transaction: its row as locked, its accounts in
 * chart order, and what this transaction has moved so far (written once
 * at the end, so a batch of a million postings updates each balance once). */
struct fstate {
	struct fund f;
	int64_t old_seq;
	struct ledger_account acc[CHART_N];
	int64_t delta[CHART_N];
};

struct engine {
	struct core *c;
	const struct actor *a;
	unsigned flags;
	int per_posting_audit;
	struct fstate *fs;
	size_t nfs, afs, last;
	int64_t count, total, now;
	char today[11];
	struct strbuf sb;
	struct ledger_line lines[LEDGER_MAX_LINES + 4];
	/* postings checked and chained but not yet written: inserted many
	 * rows a statement (engine_flush) */
	struct pending *pend;
	size_t npend;
	struct ledger_line *plines;
	size_t nplines;
};

/* Postings and lines held before a flush. */
#define PENDING_MAX	  256
#define PENDING_LINES_MAX (PENDING_MAX * 4 + LEDGER_MAX_LINES + 4)

struct pending {
	struct ledger_posting p;     /* its lines point into engine.plines */
	struct ledger_posting *orig; /* the caller's, which gets the id */
};

static void engine_init(struct engine *g, struct core *c, const struct actor *a, unsigned flags,
			int per_posting_audit)
{
	memset(g, 0, sizeof(*g));
	g->c = c;
	g->a = a;
	g->flags = flags;
	g->per_posting_audit = per_posting_audit && !(flags & LEDGER_NO_AUDIT);
	g->now = (int64_t)time(NULL);
	date_format(date_today(), g->today);
	strbuf_init(&g->sb);
}

static void engine_release(struct engine *g)
{
	free(g->pend);
	free(g->plines);
	g->pend = NULL;
	g->plines = NULL;
	free(g->fs);
	strbuf_release(&g->sb);
	g->fs = NULL;
	g->nfs = g->afs = 0;
}

static int load_fund(struct engine *g, int64_t fund_id, struct fstate *s, struct bf_err *e)
{
	struct ledger_account *acc = NULL;
	size_t n = 0;
	memset(s, 0, sizeof(*s));
	enum db_qs qs = store_fund_lock(g->c->db, fund_id, &s->f, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE || !access_in_scope(g->a, s->f.org_path))
		return err_set(e, EC_NOT_FOUND, "fund_id", "基金 %" PRId64 " 不存在", fund_id);
	if (!access_allowed(g->a, PERM_WRITE))
		return err_set(e, EC_FORBIDDEN, NULL, "您的角色不能记账");
	s->old_seq = s->f.last_seq;
	qs = store_accounts(g->c->db, fund_id, &acc, &n, e);
	if (qs < 0)
		return qs;
	int bad = n > CHART_N;
	for (size_t i = 0; !bad && i < n; i++)
		bad = strcmp(acc[i].code, ledger_chart[i].code) != 0;
	if (!bad)
		memcpy(s->acc, acc, n * sizeof(*acc));
	free(acc);
	if (bad)
		return err_set(e, EC_INTERNAL, NULL, "基金 %" PRId64 " 的科目表与系统不符",
			       fund_id);
	/* rows added to the chart since the fund was made */
	for (size_t i = n; i < CHART_N; i++) {
		fill_account(&s->acc[i], fund_id, (int)i);
		if ((qs = store_account_insert(g->c->db, &s->acc[i], (int)i + 1, e)) < 0)
			return qs;
	}
	return 0;
}

static int engine_fund(struct engine *g, int64_t fund_id, struct fstate **out, struct bf_err *e)
{
	if (g->nfs && g->fs[g->last].f.id == fund_id) {
		*out = &g->fs[g->last];
		return 0;
	}
	for (size_t i = 0; i < g->nfs; i++)
		if (g->fs[i].f.id == fund_id) {
			*out = &g->fs[g->last = i];
			return 0;
		}
	if (g->nfs == g->afs) {
		g->afs = g->afs ? 2 * g->afs : 4;
		g->fs = xrealloc(g->fs, g->afs * sizeof(*g->fs));
	}
	int rc = load_fund(g, fund_id, &g->fs[g->nfs], e);
	if (rc)
		return rc;
	*out = &g->fs[g->last = g->nfs++];
	return 0;
}

/* Resolves the posting's lines into g->lines (the fund's account ids and
 * codes) and their rows of the chart into idx. */
static int resolve_lines(struct engine *g, const struct ledger_posting *p, const struct fstate *s,
			 int *idx, struct bf_err *e)
{
	for (size_t i = 0; i < p->nlines; i++) {
		const struct ledger_line *l = &p->lines[i];
		int k = -1;
		if (l->account_id) {
			for (int j = 0; j < CHART_N; j++)
				if (s->acc[j].id == l->account_id)
					k = j;
		} else {
			k = ledger_chart_index(l->account);
		}
		if (k < 0)
			return err_set(e, EC_INVALID, "lines", "第 %zu 行：科目不属于该基金",
				       i + 1);
		g->lines[i].account_id = s->acc[k].id;
		g->lines[i].amount = l->amount;
		snprintf(g->lines[i].account, sizeof(g->lines[i].account), "%s",
			 ledger_chart[k].code);
		idx[i] = k;
	}
	return 0;
}

static int refuse_shortfall(const struct fstate *s, int k, int64_t out_fen, struct bf_err *e)
{
	char have[MONEY_TEXT_MAX], want[MONEY_TEXT_MAX];
	money_format_amount(s->acc[k].balance + s->delta[k], have);
	money_format_amount(out_fen, want);
	return err_set(e, EC_INSUFFICIENT_FUNDS, "amount",
		       "基金余额不足：当前余额 %s 元，本次支出 %s 元（%s，%s）", have, want,
		       s->f.name, ledger_chart[k].name);
}

/* The balance rule on the asset accounts (chart rows 0 and 1): refuses a
 * posting that takes one below zero, or with LEDGER_ALLOW_ADVANCE adds
 * Dr asset / Cr upper_advance for the shortfall.  *n grows then. */
static int balance_rule(struct engine *g, struct fstate *s, int *idx, size_t *n, unsigned flags,
			struct bf_err *e)
{
	int64_t net[2] = {0, 0};
	for (size_t i = 0; i < *n; i++)
		if (idx[i] < 2)
			net[idx[i]] += g->lines[i].amount;
	for (int k = 0; k < 2; k++) {
		int64_t after = s->acc[k].balance + s->delta[k] + net[k];
		if (after >= 0)
			continue;
		if (!(flags & LEDGER_ALLOW_ADVANCE))
			return refuse_shortfall(s, k, -net[k], e);
		int advance = ledger_chart_index("upper_advance");
		size_t m = *n;
		g->lines[m] = (struct ledger_line){.account_id = s->acc[k].id, .amount = -after};
		snprintf(g->lines[m].account, sizeof(g->lines[m].account), "%s",
			 ledger_chart[k].code);
		g->lines[m + 1] =
		    (struct ledger_line){.account_id = s->acc[advance].id, .amount = after};
		snprintf(g->lines[m + 1].account, sizeof(g->lines[m + 1].account), "%s",
			 ledger_chart[advance].code);
		idx[m] = k;
		idx[m + 1] = advance;
		*n = m + 2;
	}
	return 0;
}

static int audit_posting(struct engine *g, const struct ledger_posting *p, int64_t amount,
			 struct bf_err *e)
{
	char detail[256];
	snprintf(detail, sizeof(detail),
		 "{\"fund_id\":%" PRId64 ",\"seq\":%" PRId64 ",\"kind\":\"%s\",\"amount\":%" PRId64
		 ",\"reverses\":%" PRId64 "}",
		 p->fund_id, p->seq, p->kind, amount, p->reverses);
	return audit_record(g->c->db, g->a, "ledger.post", "posting", p->id, detail, e);
}

/* Writes the held postings: ids taken now, after every fund they go to
 * was locked (store_posting_new_ids), then many rows a statement. */
static int engine_flush(struct engine *g, struct bf_err *e)
{
	int64_t ids[PENDING_MAX];
	struct ledger_posting *ps[PENDING_MAX];
	if (!g->npend)
		return 0;
	enum db_qs qs = store_posting_new_ids(g->c->db, g->npend, ids, e);
	if (qs < 0)
		return qs;
	for (size_t i = 0; i < g->npend; i++) {
		g->pend[i].p.id = ids[i];
		g->pend[i].orig->id = ids[i];
		ps[i] = &g->pend[i].p;
	}
	qs = store_posting_insert_many(g->c->db, ps, g->npend, e);
	g->npend = g->nplines = 0;
	return qs < 0 ? qs : 0;
}

/* Holds p with its n resolved lines (g->lines) for the next flush. */
static int engine_hold(struct engine *g, struct ledger_posting *p, size_t n, struct bf_err *e)
{
	if (!g->pend) {
		g->pend = xreallocarray(NULL, PENDING_MAX, sizeof(*g->pend));
		g->plines = xreallocarray(NULL, PENDING_LINES_MAX, sizeof(*g->plines));
	}
	if (g->npend == PENDING_MAX || g->nplines + n > PENDING_LINES_MAX) {
		int rc = engine_flush(g, e);
		if (rc)
			return rc;
	}
	struct pending *h = &g->pend[g->npend++];
	h->p = *p;
	h->orig = p;
	h->p.lines = g->plines + g->nplines;
	h->p.nlines = n;
	memcpy(h->p.lines, g->lines, n * sizeof(*g->lines));
	g->nplines += n;
	return 0;
}

/* One posting through the engine: checks, balance rule, chain, rows. */
static int engine_post(struct engine *g, struct ledger_posting *p, unsigned flags, struct bf_err *e)
{
	struct fstate *s;
	int idx[LEDGER_MAX_LINES + 4];
	size_t n = p->nlines;
	int rc;

	if (!p->value_date[0])
		memcpy(p->value_date, g->today, sizeof(p->value_date));
	if (ledger_posting_check(p, e) ||
	    limit_money_date(p->value_date, g->today, "date", "日期", e))
		return -1;
	if ((rc = engine_fund(g, p->fund_id, &s, e)) != 0)
		return rc;
	if ((rc = resolve_lines(g, p, s, idx, e)) != 0)
		return rc;
	if ((rc = balance_rule(g, s, idx, &n, flags, e)) != 0)
		return rc;
	p->seq = s->f.last_seq + 1;
	p->posted_at = g->now;
	p->posted_by = g->a->user_id;
	memcpy(p->prev_hash, s->f.head_hash, sizeof(p->prev_hash));
	ledger_hash_into(&g->sb, p, g->lines, n, p->prev_hash, p->hash);
	if (chain_mac("ledger", p->fund_id, p->seq, p->hash, p->mac))
		return err_set(e, EC_INTERNAL, NULL, "没有加载密钥，不能记账");

	if ((rc = engine_hold(g, p, n, e)) != 0)
		return rc;
	int64_t amount = 0;
	for (size_t i = 0; i < n; i++) {
		s->delta[idx[i]] += g->lines[i].amount;
		if (idx[i] < 2)
			s->f.balance += g->lines[i].amount;
		if (g->lines[i].amount > 0)
			amount += g->lines[i].amount;
	}
	s->f.last_seq = p->seq;
	memcpy(s->f.head_hash, p->hash, sizeof(s->f.head_hash));
	g->count++;
	g->total += amount;
	if (!g->per_posting_audit)
		return 0;
	if ((rc = engine_flush(g, e)) != 0) /* the audit row names the id */
		return rc;
	return audit_posting(g, p, amount, e);
}

/* Writes what the transaction moved: account balances, fund heads. */
static int engine_finish(struct engine *g, struct bf_err *e)
{
	int rc = engine_flush(g, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < g->nfs; i++) {
		struct fstate *s = &g->fs[i];
		for (int k = 0; k < CHART_N; k++) {
			if (!s->delta[k])
				continue;
			enum db_qs qs = store_account_add(g->c->db, s->acc[k].id, s->delta[k], e);
			if (qs < 0)
				return qs;
			s->acc[k].balance += s->delta[k];
			s->delta[k] = 0;
		}
		if (s->f.last_seq == s->old_seq)
			continue;
		enum db_qs qs = store_fund_set_head(g->c->db, &s->f, s->old_seq, e);
		if (qs < 0)
			return qs;
		if (qs == DB_NONE)
			return err_set(e, EC_INTERNAL, NULL, "基金 %" PRId64 " 的链头已被他人改动",
				       s->f.id);
		s->old_seq = s->f.last_seq;
	}
	return 0;
}

/* --- single postings and streams --- */

struct post_ctx {
	struct core *c;
	const struct actor *a;
	struct ledger_posting *p;
	unsigned flags;
};

static int post_fn(struct db *db, void *ctx, struct bf_err *e)
{
	struct post_ctx *x = ctx;
	struct engine g;
	(void)db;
	engine_init(&g, x->c, x->a, x->flags, 1);
	int rc = engine_post(&g, x->p, x->flags, e);
	if (!rc)
		rc = engine_finish(&g, e);
	engine_release(&g);
	return rc;
}

int ledger_post(struct core *c, const struct actor *a, struct ledger_posting *p, unsigned flags,
		struct bf_err *e)
{
	struct post_ctx x = {.c = c, .a = a, .p = p, .flags = flags};
	return db_run_tx(c->db, "ledger_post", 1, post_fn, &x, e);
}

/* Where a batch's postings come from: get points *p at the next one
 * (posted in place, so its set fields reach the caller) and answers 1, 0
 * when done, -1 to stop with e; reset rewinds for a retried transaction
 * (NULL: the source cannot be replayed). */
struct source {
	int (*get)(void *ctx, struct ledger_posting **p, struct bf_err *e);
	void (*reset)(void *ctx);
	void *ctx;
};

struct stream_ctx {
	struct core *c;
	const struct actor *a;
	struct source src;
	unsigned flags;
	int started;
	int64_t count;
};

static int stream_audit(struct engine *g, struct bf_err *e)
{
	char detail[160];
	int64_t fund = g->nfs == 1 ? g->fs[0].f.id : 0;
	snprintf(detail, sizeof(detail),
		 "{\"postings\":%" PRId64 ",\"total\":%" PRId64 ",\"funds\":%zu}", g->count,
		 g->total, g->nfs);
	return audit_record(g->c->db, g->a, "ledger.batch", "fund", fund, detail, e);
}

/* Postings after which a batch switches the connection to bulk mode. */
#define BULK_AFTER 50000

static int stream_fn(struct db *db, void *ctx, struct bf_err *e)
{
	struct stream_ctx *x = ctx;
	struct engine g;
	struct ledger_posting *p;
	int rc = 0, more;

	if (x->started && !x->src.reset)
		return err_set(e, EC_DB, NULL, "数据库繁忙，批量记账已回滚，请重新提交");
	if (x->started)
		x->src.reset(x->src.ctx);
	x->started = 1;
	engine_init(&g, x->c, x->a, x->flags, 0);
	for (;;) {
		more = x->src.get(x->src.ctx, &p, e);
		if (more <= 0) {
			rc = more < 0 ? -1 : 0;
			break;
		}
		if ((rc = engine_post(&g, p, x->flags, e)) != 0)
			break;
		/* a long batch outgrows the page cache: dirty pages spilled
		 * to the WAL are read back for every index insert after */
		if (g.count == BULK_AFTER)
			db_bulk(db, 1);
	}
	if (!rc)
		rc = engine_finish(&g, e);
	if (g.count >= BULK_AFTER)
		db_bulk(db, 0);
	if (!rc && g.count && !(x->flags & LEDGER_NO_AUDIT))
		rc = stream_audit(&g, e);
	x->count = g.count;
	engine_release(&g);
	return rc;
}

static int stream_run(struct core *c, const struct actor *a, const struct source *src,
		      unsigned flags, int64_t *count, struct bf_err *e)
{
	struct stream_ctx x = {.c = c, .a = a, .src = *src, .flags = flags};
	int rc = db_run_tx(c->db, "stream_run", 1, stream_fn, &x, e);
	if (count)
		*count = rc ? 0 : x.count;
	return rc;
}

struct caller_src {
	ledger_next_fn next;
	void *ctx;
	struct ledger_posting p;
};

static int caller_get(void *ctx, struct ledger_posting **p, struct bf_err *e)
{
	struct caller_src *s = ctx;
	memset(&s->p, 0, sizeof(s->p));
	*p = &s->p;
	return s->next(&s->p, s->ctx, e);
}

int ledger_post_stream(struct core *c, const struct actor *a, ledger_next_fn next, void *ctx,
		       unsigned flags, int64_t *count, struct bf_err *e)
{
	struct caller_src cs = {.next = next, .ctx = ctx};
	struct source src = {.get = caller_get, .ctx = &cs};
	return stream_run(c, a, &src, flags, count, e);
}

struct array_src {
	struct ledger_posting *ps;
	size_t n, i;
};

static int array_get(void *ctx, struct ledger_posting **p, struct bf_err *e)
{
	struct array_src *s = ctx;
	(void)e;
	if (s->i == s->n)
		return 0;
	*p = &s->ps[s->i++];
	return 1;
}

static void array_reset(void *ctx)
{
	((struct array_src *)ctx)->i = 0;
}

int ledger_post_many(struct core *c, const struct actor *a, struct ledger_posting *ps, size_t n,
		     unsigned flags, struct bf_err *e)
{
	struct array_src as = {.ps = ps, .n = n};
	struct source src = {.get = array_get, .reset = array_reset, .ctx = &as};
	return stream_run(c, a, &src, flags, NULL, e);
}
