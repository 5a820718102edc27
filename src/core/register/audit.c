/* audit.c - the append-only audit log, chained by SM3: each row's hash
 * covers the previous row's hash and every field of the row, so editing,
 * deleting or inserting a row breaks the chain at that row; each row's MAC
 * under the chain key (core/register/chain.c) finds a row rewritten with its hashes
 * recomputed. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "register.h"
#include "store.h"
#include "text.h"
#include "wrapper.h"

static const char zero_hash[65] =
    "0000000000000000000000000000000000000000000000000000000000000000";

void audit_hash(const struct audit_entry *a, const char *prev_hash, char out[65])
{
	struct strbuf sb = STRBUF_INIT;
	/* Unit separators keep field boundaries unambiguous. */
	strbuf_addf(&sb,
		    "%s\x1f%" PRId64 "\x1f%" PRId64 "\x1f%" PRId64 "\x1f%s\x1f%s\x1f%s\x1f%" PRId64
		    "\x1f%s\x1f%s",
		    prev_hash, a->seq, a->at, a->user_id, a->username, a->action, a->entity,
		    a->entity_id, a->addr, a->detail);
	/* Rows from before the organisation was stored hash as they did. */
	if (a->org_path[0])
		strbuf_addf(&sb, "\x1f%s", a->org_path);
	crypto_sm3_hex(sb.buf, sb.len, out);
	strbuf_release(&sb);
}

int audit_record(struct db *db, const struct actor *act, const char *action, const char *entity,
		 int64_t entity_id, const char *detail_json, struct bf_err *e)
{
	struct audit_entry a;
	memset(&a, 0, sizeof(a));
	int64_t seq;
	enum db_qs qs = store_audit_head(db, &seq, a.prev_hash, e);
	if (qs < 0)
		return qs;
	a.seq = seq + 1;
	a.at = (int64_t)time(NULL);
	a.user_id = act->user_id;
	snprintf(a.username, sizeof(a.username), "%s", act->username);
	snprintf(a.action, sizeof(a.action), "%s", action);
	snprintf(a.entity, sizeof(a.entity), "%s", entity);
	a.entity_id = entity_id;
	snprintf(a.addr, sizeof(a.addr), "%s", act->addr);
	snprintf(a.detail, sizeof(a.detail), "%s", detail_json ? detail_json : "{}");
	qs = store_audit_entity_path(db, entity, entity_id, a.org_path, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE)
		snprintf(a.org_path, sizeof(a.org_path), "%s",
			 act->org_path[0] ? act->org_path : "/");
	audit_hash(&a, a.prev_hash, a.hash);
	if (chain_mac("audit", 0, a.seq, a.hash, a.mac))
		return err_set(e, EC_INTERNAL, NULL, "没有加载密钥，不能写审计日志");
	qs = store_audit_append(db, &a, e);
	return qs < 0 ? qs : 0;
}

struct record_ctx {
	const struct actor *act;
	const char *action, *entity, *detail;
	int64_t entity_id;
};

static int record_fn(struct db *db, void *p, struct bf_err *e)
{
	struct record_ctx *r = p;
	return audit_record(db, r->act, r->action, r->entity, r->entity_id, r->detail, e);
}

int audit_record_tx(struct db *db, const struct actor *a, const char *action, const char *entity,
		    int64_t entity_id, const char *detail_json, struct bf_err *e)
{
	struct record_ctx r = {.act = a,
			       .action = action,
			       .entity = entity,
			       .detail = detail_json,
			       .entity_id = entity_id};
	return db_run_tx(db, "audit_record_tx", 1, record_fn, &r, e);
}

struct verify_ctx {
	struct chain_walk w;
	int64_t rows;
	int64_t bad_seq;
	char prev[65];
	char legacy_hash[65]; /* the hash of row w.legacy_seq */
	char why[256];
};

static int verify_bad(struct verify_ctx *v, int64_t seq, const char *why)
{
	v->bad_seq = seq;
	snprintf(v->why, sizeof(v->why), "第 %" PRId64 " 条记录%s", seq, why);
	return 1;
}

static int verify_row(const struct audit_entry *a, void *p)
{
	struct verify_ctx *v = p;
	char h[65], why[200];
	if (a->seq != v->rows + 1)
		return verify_bad(v, v->rows + 1, "缺失（被删除）");
	if (strcmp(a->prev_hash, v->prev) != 0)
		return verify_bad(v, a->seq, "的前序哈希与上一条不符");
	audit_hash(a, a->prev_hash, h);
	if (strcmp(h, a->hash) != 0)
		return verify_bad(v, a->seq, "的内容已被修改（哈希不符）");
	if (chain_check_row(&v->w, a->seq, a->hash, a->mac, why, sizeof(why)))
		return verify_bad(v, a->seq, why);
	if (a->seq == v->w.legacy_seq)
		memcpy(v->legacy_hash, a->hash, sizeof(v->legacy_hash));
	memcpy(v->prev, a->hash, sizeof(v->prev));
	v->rows = a->seq;
	return 0;
}

struct verify_tx {
	struct verify_ctx v;
	const struct chain_anchor *anchor;
	int sealing;
	int64_t sealed; /* rows the seal made now covers */
};

/* After the walk: the head and the anchor against what it found. */
static int verify_end(struct verify_ctx *v, int64_t head_seq, const char *head_hash,
		      struct bf_err *e)
{
	char why[200];
	if (v->bad_seq)
		return err_set(e, EC_CONFLICT, NULL, "审计日志链校验失败：%s", v->why);
	/* Rows removed from the end leave the head pointing past the last row. */
	if (head_seq != v->rows || strcmp(head_hash, v->prev) != 0) {
		v->bad_seq = v->rows + 1;
		return err_set(e, EC_CONFLICT, NULL,
			       "审计日志链校验失败：第 %" PRId64 " 条之后的记录缺失（被删除）",
			       v->rows);
	}
	if (chain_check_end(&v->w, v->rows, why, sizeof(why))) {
		v->bad_seq = v->rows + 1;
		return err_set(e, EC_CONFLICT, NULL, "审计日志链校验失败：%s", why);
	}
	return 0;
}

/* Seals the legacy rows the walk verified (verify_fn, sealing). */
static int seal(struct db *db, struct verify_tx *t, const struct store_audit_legacy *l,
		struct bf_err *e)
{
	char mac[65];
	if (!l->seq || l->mac[0])
		return 0;
	if (chain_mac("audit-legacy", 0, l->seq, t->v.legacy_hash, mac))
		return err_set(e, EC_INTERNAL, NULL, "无法封存：没有加载密钥");
	enum db_qs qs = store_audit_seal(db, mac, e);
	if (qs < 0)
		return qs;
	t->sealed = l->seq;
	return 0;
}

static int verify_fn(struct db *db, void *p, struct bf_err *e)
{
	struct verify_tx *t = p;
	struct store_audit_legacy l;
	int64_t head_seq;
	char head_hash[65];
	memset(&t->v, 0, sizeof(t->v));
	memcpy(t->v.prev, zero_hash, sizeof(t->v.prev));
	/* the head locked, so the walk sees the rows the head names */
	enum db_qs qs = store_audit_head(db, &head_seq, head_hash, e);
	if (qs >= 0)
		qs = store_audit_legacy(db, &l, e);
	if (qs < 0)
		return qs;
	t->v.w = (struct chain_walk){.domain = "audit",
				     .legacy_seq = l.seq,
				     .legacy_mac = l.mac,
				     .sealing = t->sealing,
				     .anchor = t->anchor};
	qs = store_audit_each(db, verify_row, &t->v, e);
	if (qs < 0)
		return qs;
	if (verify_end(&t->v, head_seq, head_hash, e))
		return -1;
	return t->sealing ? seal(db, t, &l, e) : 0;
}

static int verify_run(struct db *db, struct verify_tx *t, int64_t *rows, int64_t *bad_seq,
		      struct bf_err *e)
{
	memset(&t->v, 0, sizeof(t->v));
	int rc = db_run_tx(db, "audit_verify", 1, verify_fn, t, e);
	*rows = t->v.rows;
	*bad_seq = t->v.bad_seq;
	return rc;
}

int audit_verify_head(struct db *db, const struct chain_anchor *head, int64_t *rows,
		      int64_t *bad_seq, struct bf_err *e)
{
	struct verify_tx t = {.anchor = head};
	return verify_run(db, &t, rows, bad_seq, e);
}

int audit_verify(struct db *db, int64_t *rows, int64_t *bad_seq, struct bf_err *e)
{
	return audit_verify_head(db, NULL, rows, bad_seq, e);
}

int audit_seal(struct db *db, int64_t *legacy, struct bf_err *e)
{
	struct verify_tx t = {.sealing = 1};
	int64_t rows, bad;
	int rc = verify_run(db, &t, &rows, &bad, e);
	*legacy = t.sealed;
	return rc;
}

/* The head row checked: its hash, and its MAC or the seal. */
static int head_fn(struct db *db, void *p, struct bf_err *e)
{
	struct chain_anchor *out = p;
	struct store_audit_legacy l;
	struct audit_entry *a;
	char h[65], why[200];
	enum db_qs qs = store_audit_head(db, &out->seq, out->hash, e);
	if (qs >= 0)
		qs = store_audit_legacy(db, &l, e);
	if (qs < 0 || out->seq == 0)
		return qs < 0 ? qs : 0;
	a = xmalloc(sizeof(*a));
	qs = store_audit_get(db, out->seq, a, e);
	struct chain_walk w = {.domain = "audit", .legacy_seq = l.seq, .legacy_mac = l.mac};
	int bad = 1;
	if (qs == DB_ONE) {
		audit_hash(a, a->prev_hash, h);
		bad = strcmp(h, a->hash) || strcmp(a->hash, out->hash) ||
		      chain_check_row(&w, a->seq, a->hash, a->mac, why, sizeof(why));
	}
	free(a);
	if (qs < 0)
		return qs;
	if (bad)
		return err_set(e, EC_CONFLICT, NULL,
			       "审计日志的链头（第 %" PRId64
			       " 条）未通过校验，请先运行 bangfu audit verify",
			       out->seq);
	return 0;
}

int audit_head_get(struct db *db, struct chain_anchor *out, struct bf_err *e)
{
	memset(out, 0, sizeof(*out));
	return db_run_tx(db, "audit_head_get", 1, head_fn, out, e);
}

/* An action or entity code: 1-31 of a-z and '_'. */
static int audit_code(const char *v, const char *field, const char *label, struct bf_err *e)
{
	size_t len = v ? strlen(v) : 0;
	if (!len)
		return 0;
	if (len < 32 && strspn(v, "abcdefghijklmnopqrstuvwxyz0123456789_.") == len)
		return 0;
	return err_set(e, EC_INVALID, field, "%s应为小写英文代码（如 update）", label);
}

int audit_list(struct core *c, const struct actor *a, struct audit_query *q,
	       struct audit_entry **items, size_t *n, int64_t *total, struct bf_err *e)
{
	*items = NULL;
	*n = 0;
	*total = 0;
	if (!access_allowed(a, PERM_READ_AUDIT))
		return err_set(e, EC_FORBIDDEN, NULL, "您的角色不能查看审计日志");
	if (audit_code(q->action, "action", "操作", e) ||
	    audit_code(q->entity, "entity", "对象", e))
		return -1;
	if (q->user && *q->user &&
	    text_check(q->user, "user", "操作人", SEARCH_MAX_CHARS, TEXT_LINE, e))
		return -1;
	/* The rows of the actor's subtree; at the root all of them (with
	 * those older than the organisation column). */
	q->path = access_at_root(a) ? "/" : a->org_path;
	return store_audit_find(c->db, q, items, n, total, e) < 0 ? -1 : 0;
}
