/* ledger_verify.c - `bangfu ledger verify`: walks the ledger once (postings
 * in id order with their lines merged in) and recomputes everything the
 * running sums and the SM3 chain claim, so a row changed, inserted or
 * deleted behind the ledger's back - even with the append-only triggers
 * dropped - is found and named. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fund.h"
#include "money.h"
#include "store_ledger.h"
#include "ledger_impl.h"
#include "wrapper.h"

static const char zero_hash[65] =
    "0000000000000000000000000000000000000000000000000000000000000000";

/* Per fund: where its chain has got to. */
struct vfund {
	struct fund f;
	int64_t seq;
	char prev[65];
	int64_t cash; /* sum of its asset accounts' lines */
	struct chain_walk w;
	char legacy_hash[65]; /* the hash of posting w.legacy_seq */
};

/* Per account: the sum of its lines. */
struct vaccount {
	struct ledger_account a;
	int64_t sum;
};

struct verify {
	struct vfund *funds;
	size_t nfunds;
	struct vaccount *accs;
	size_t naccs;
	struct strbuf sb;
	struct ledger_verify_report *r;
	char why[400];
	int bad;
	const struct chain_anchor *anchor; /* of the one fund verified */
	int sealing;
	int sealed; /* funds sealed now */
};

static int cmp_acc(const void *x, const void *y)
{
	int64_t a = ((const struct vaccount *)x)->a.id, b = ((const struct vaccount *)y)->a.id;
	return a < b ? -1 : a > b;
}

static int cmp_fund(const void *x, const void *y)
{
	int64_t a = ((const struct vfund *)x)->f.id, b = ((const struct vfund *)y)->f.id;
	return a < b ? -1 : a > b;
}

/* Funds are read in id order and accounts sorted by id (cmp_acc). */
static struct vfund *find_fund(struct verify *v, int64_t id)
{
	struct vfund key = {.f.id = id};
	return v->nfunds ? bsearch(&key, v->funds, v->nfunds, sizeof(*v->funds), cmp_fund) : NULL;
}

static struct vaccount *find_account(struct verify *v, int64_t id)
{
	struct vaccount key = {.a.id = id};
	return v->naccs ? bsearch(&key, v->accs, v->naccs, sizeof(*v->accs), cmp_acc) : NULL;
}

/* Records the first bad entry; 1 so walkers can `return bad(...)`. */
static int bad(struct verify *v, int64_t fund, int64_t seq, int64_t posting, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int bad(struct verify *v, int64_t fund, int64_t seq, int64_t posting, const char *fmt, ...)
{
	va_list ap;
	if (v->bad)
		return 1;
	v->bad = 1;
	v->r->bad_fund_id = fund;
	v->r->bad_seq = seq;
	v->r->bad_posting_id = posting;
	va_start(ap, fmt);
	vsnprintf(v->why, sizeof(v->why), fmt, ap);
	va_end(ap);
	return 1;
}

static int check_lines(struct verify *v, const struct ledger_posting *p)
{
	int64_t sum = 0;
	if (p->nlines < 2)
		return bad(v, p->fund_id, p->seq, p->id, "分录行缺失（只剩 %zu 行）", p->nlines);
	for (size_t i = 0; i < p->nlines; i++) {
		struct vaccount *a = find_account(v, p->lines[i].account_id);
		if (!a || a->a.fund_id != p->fund_id)
			return bad(v, p->fund_id, p->seq, p->id, "第 %zu 行的科目不属于该基金",
				   i + 1);
		sum += p->lines[i].amount;
	}
	if (sum != 0) {
		char t[MONEY_TEXT_MAX];
		money_format_amount(sum, t);
		return bad(v, p->fund_id, p->seq, p->id, "借贷不平衡（各行合计 %s 元）", t);
	}
	return 0;
}

static int verify_posting(const struct ledger_posting *p, void *ctx)
{
	struct verify *v = ctx;
	char h[65];
	struct vfund *f = find_fund(v, p->fund_id);

	v->r->postings++;
	v->r->lines += (int64_t)p->nlines;
	if (!f)
		return bad(v, p->fund_id, p->seq, p->id, "凭证所属基金不存在");
	if (p->seq > f->seq + 1)
		return bad(v, p->fund_id, f->seq + 1, p->id,
			   "第 %" PRId64 " 号凭证缺失（被删除或顺序被改动），此处是第 %" PRId64
			   " 号",
			   f->seq + 1, p->seq);
	if (p->seq != f->seq + 1)
		return bad(v, p->fund_id, p->seq, p->id,
			   "凭证序号顺序被改动（应为第 %" PRId64 " 号）", f->seq + 1);
	if (strcmp(p->prev_hash, f->prev) != 0)
		return bad(v, p->fund_id, p->seq, p->id,
			   "前序哈希与上一张凭证不符（有凭证被插入或删除）");
	if (check_lines(v, p))
		return 1;
	if (p->reverses && p->reverses >= p->id)
		return bad(v, p->fund_id, p->seq, p->id, "冲正的凭证不在本凭证之前");
	ledger_hash_into(&v->sb, p, p->lines, p->nlines, p->prev_hash, h);
	if (strcmp(h, p->hash) != 0)
		return bad(v, p->fund_id, p->seq, p->id, "内容已被修改（哈希不符）");
	char why[200];
	if (chain_check_row(&f->w, p->seq, p->hash, p->mac, why, sizeof(why)))
		return bad(v, p->fund_id, p->seq, p->id, "%s", why);
	if (p->seq == f->w.legacy_seq)
		memcpy(f->legacy_hash, p->hash, sizeof(f->legacy_hash));
	for (size_t i = 0; i < p->nlines; i++)
		find_account(v, p->lines[i].account_id)->sum += p->lines[i].amount;
	f->seq = p->seq;
	memcpy(f->prev, p->hash, sizeof(f->prev));
	return 0;
}

static int verify_orphan(int64_t posting_id, void *ctx)
{
	struct verify *v = ctx;
	return bad(v, 0, 0, posting_id, "分录行指向的凭证 %" PRId64 " 不存在（凭证被删除）",
		   posting_id);
}

/* After the walk: heads and balances against what the walk summed. */
static void verify_totals(struct verify *v)
{
	for (size_t i = 0; !v->bad && i < v->nfunds; i++) {
		struct vfund *f = &v->funds[i];
		if (f->f.last_seq > f->seq)
			bad(v, f->f.id, f->seq + 1, 0,
			    "链头记录共 %" PRId64 " 张凭证，实有 %" PRId64 " 张（第 %" PRId64
			    " 号起被删除）",
			    f->f.last_seq, f->seq, f->seq + 1);
		else if (f->f.last_seq < f->seq)
			bad(v, f->f.id, f->f.last_seq + 1, 0,
			    "链头记录共 %" PRId64 " 张凭证，实有 %" PRId64 " 张（第 %" PRId64
			    " 号起是链外插入的）",
			    f->f.last_seq, f->seq, f->f.last_seq + 1);
		else if (strcmp(f->f.head_hash, f->prev) != 0)
			bad(v, f->f.id, f->seq, 0, "链头哈希与最后一张凭证不符");
		char why[200];
		if (!v->bad && chain_check_end(&f->w, f->seq, why, sizeof(why)))
			bad(v, f->f.id, f->seq + 1, 0, "%s", why);
	}
	for (size_t i = 0; !v->bad && i < v->naccs; i++) {
		struct vaccount *a = &v->accs[i];
		if (a->a.balance != a->sum) {
			char b[MONEY_TEXT_MAX], s[MONEY_TEXT_MAX];
			money_format_amount(a->a.balance, b);
			money_format_amount(a->sum, s);
			bad(v, a->a.fund_id, 0, 0, "科目“%s”余额 %s 元与分录合计 %s 元不符",
			    a->a.name, b, s);
		}
	}
	for (size_t j = 0; j < v->naccs; j++) {
		struct vfund *f = find_fund(v, v->accs[j].a.fund_id);
		if (f && !strcmp(v->accs[j].a.kind, "asset"))
			f->cash += v->accs[j].sum;
	}
	for (size_t i = 0; !v->bad && i < v->nfunds; i++) {
		int64_t cash = v->funds[i].cash;
		if (cash != v->funds[i].f.balance) {
			char b[MONEY_TEXT_MAX], s[MONEY_TEXT_MAX];
			money_format_amount(v->funds[i].f.balance, b);
			money_format_amount(cash, s);
			bad(v, v->funds[i].f.id, 0, 0,
			    "基金余额 %s 元与现金、银行存款合计 %s 元不符", b, s);
		}
	}
}

static enum db_qs load(struct db *db, int64_t fund_id, struct verify *v, struct bf_err *e)
{
	struct fund *fs = NULL;
	struct ledger_account *as = NULL;
	size_t nf = 0, na = 0;
	enum db_qs qs;

	if (fund_id) {
		fs = xcalloc(1, sizeof(*fs));
		qs = store_fund_get(db, fund_id, fs, e);
		nf = qs == DB_ONE;
		if (qs == DB_NONE) {
			free(fs);
			return err_set(e, EC_NOT_FOUND, "fund", "基金 %" PRId64 " 不存在", fund_id);
		}
	} else {
		qs = store_fund_all(db, &fs, &nf, e);
	}
	if (qs >= 0)
		qs = store_accounts(db, fund_id, &as, &na, e);
	if (qs < 0) {
		free(fs);
		return qs;
	}
	v->funds = xcalloc(nf, sizeof(*v->funds));
	v->accs = xcalloc(na, sizeof(*v->accs));
	for (size_t i = 0; i < nf; i++) {
		struct vfund *f = &v->funds[i];
		f->f = fs[i];
		memcpy(f->prev, zero_hash, sizeof(zero_hash));
		f->w = (struct chain_walk){.domain = "ledger",
					   .chain_id = f->f.id,
					   .legacy_seq = f->f.legacy_seq,
					   .legacy_mac = f->f.legacy_mac,
					   .sealing = v->sealing,
					   .anchor = v->anchor};
	}
	for (size_t i = 0; i < na; i++)
		v->accs[i].a = as[i];
	v->nfunds = nf;
	v->naccs = na;
	qsort(v->accs, na, sizeof(*v->accs), cmp_acc);
	free(fs);
	free(as);
	return DB_ONE;
}

struct ledger_head {
	int64_t fund_id;
	struct chain_anchor head;
};

struct verify_tx {
	int64_t fund_id;
	struct verify *v;
};

/* Seals the legacy postings of every fund the walk verified. */
static int seal(struct db *db, struct verify *v, struct bf_err *e)
{
	char mac[65];
	v->sealed = 0;
	for (size_t i = 0; i < v->nfunds; i++) {
		struct vfund *f = &v->funds[i];
		if (!f->f.legacy_seq || f->f.legacy_mac[0])
			continue;
		if (chain_mac("ledger-legacy", f->f.id, f->f.legacy_seq, f->legacy_hash, mac))
			return err_set(e, EC_INTERNAL, NULL, "无法封存：没有加载密钥");
		enum db_qs qs = store_fund_seal(db, f->f.id, mac, e);
		if (qs < 0)
			return qs;
		v->sealed += qs == DB_ONE;
	}
	return 0;
}

static int verify_fn(struct db *db, void *p, struct bf_err *e)
{
	struct verify_tx *t = p;
	struct verify *v = t->v;
	struct ledger_verify_report *r = v->r;

	free(v->funds);
	free(v->accs);
	v->funds = NULL;
	v->accs = NULL;
	v->bad = 0;
	memset(r, 0, sizeof(*r));
	/* one snapshot for the funds, the accounts and the walk, so postings
	 * committed meanwhile are not taken for tampering */
	enum db_qs qs = store_ledger_snapshot(db, e);
	if (qs < 0)
		return qs;
	int rc = load(db, t->fund_id, v, e);
	if (rc < 0)
		return rc;
	r->funds = (int64_t)v->nfunds;
	struct store_ledger_walk w = {verify_posting, t->fund_id ? NULL : verify_orphan, v};
	qs = store_ledger_walk(db, t->fund_id, &w, e);
	if (qs < 0)
		return qs;
	if (!v->bad)
		verify_totals(v);
	return v->sealing && !v->bad ? seal(db, v, e) : 0;
}

static int verify_run(struct db *db, int64_t fund_id, struct verify *v, struct bf_err *e)
{
	struct ledger_verify_report *r = v->r;
	strbuf_init(&v->sb);
	struct verify_tx t = {.fund_id = fund_id, .v = v};
	int rc = db_run_tx(db, "ledger_verify", v->sealing, verify_fn, &t, e);
	if (!rc && v->bad) {
		char where[160] = "";
		if (r->bad_posting_id)
			snprintf(where, sizeof(where),
				 "基金 %" PRId64 " 第 %" PRId64 " 号凭证（凭证编号 %" PRId64 "）：",
				 r->bad_fund_id, r->bad_seq, r->bad_posting_id);
		else
			snprintf(where, sizeof(where), "基金 %" PRId64 "：", r->bad_fund_id);
		rc = err_set(e, EC_LEDGER_BROKEN, NULL, "账簿校验失败：%s%s", where, v->why);
	}
	free(v->funds);
	free(v->accs);
	strbuf_release(&v->sb);
	return rc;
}

int ledger_verify_head(struct db *db, int64_t fund_id, const struct chain_anchor *head,
		       struct ledger_verify_report *r, struct bf_err *e)
{
	struct verify v = {.r = r, .anchor = head};
	if (head && !fund_id)
		return err_set(e, EC_MISSING, "fund", "校验链外保存的链头须指定基金");
	return verify_run(db, fund_id, &v, e);
}

int ledger_verify(struct db *db, int64_t fund_id, struct ledger_verify_report *r, struct bf_err *e)
{
	return ledger_verify_head(db, fund_id, NULL, r, e);
}

int ledger_seal(struct db *db, int *sealed, struct bf_err *e)
{
	struct ledger_verify_report r;
	struct verify v = {.r = &r, .sealing = 1};
	int rc = verify_run(db, 0, &v, e);
	*sealed = rc ? 0 : v.sealed;
	return rc;
}

/* The fund's head posting checked: its hash, and its MAC or the seal. */
static int head_fn(struct db *db, void *p, struct bf_err *e)
{
	struct ledger_head *h = p;
	struct fund f;
	struct ledger_posting q;
	struct strbuf sb = STRBUF_INIT;
	char hash[65] = "", why[200];
	enum db_qs qs = store_fund_get(db, h->fund_id, &f, e);
	if (qs == DB_NONE)
		return err_set(e, EC_NOT_FOUND, "fund", "基金 %" PRId64 " 不存在", h->fund_id);
	if (qs < 0)
		return qs;
	h->head.seq = f.last_seq;
	memcpy(h->head.hash, f.head_hash, sizeof(h->head.hash));
	if (!f.last_seq)
		return 0;
	qs = store_posting_by_seq(db, f.id, f.last_seq, &q, e);
	if (qs < 0)
		return qs;
	struct chain_walk w = {.domain = "ledger",
			       .chain_id = f.id,
			       .legacy_seq = f.legacy_seq,
			       .legacy_mac = f.legacy_mac};
	int bad = qs != DB_ONE;
	if (!bad) {
		ledger_hash_into(&sb, &q, q.lines, q.nlines, q.prev_hash, hash);
		bad = strcmp(hash, q.hash) || strcmp(q.hash, f.head_hash) ||
		      chain_check_row(&w, q.seq, q.hash, q.mac, why, sizeof(why));
		ledger_posting_release(&q);
	}
	strbuf_release(&sb);
	if (bad)
		return err_set(e, EC_LEDGER_BROKEN, NULL,
			       "基金 %" PRId64 " 的链头（第 %" PRId64
			       " 号凭证）未通过校验，请先运行 bangfu ledger verify",
			       f.id, f.last_seq);
	return 0;
}

int ledger_head_get(struct db *db, int64_t fund_id, struct chain_anchor *out, struct bf_err *e)
{
	struct ledger_head h = {.fund_id = fund_id};
	int rc = db_run_tx(db, "ledger_head_get", 0, head_fn, &h, e);
	*out = h.head;
	return rc;
}
