/* audit.c - the append-only audit log, chained by SM3: each row's hash
 * covers the previous row's hash and every field of the row, so editing,
 * deleting or inserting a row breaks the chain at that row. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "core.h"
#include "store.h"

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
	struct record_ctx r = {a, action, entity, detail_json, entity_id};
	return db_run_tx(db, 1, record_fn, &r, e);
}

struct verify_ctx {
	int64_t rows;
	int64_t bad_seq;
	char prev[65];
	char why[256];
};

static int verify_row(const struct audit_entry *a, void *p)
{
	struct verify_ctx *v = p;
	char h[65];
	if (a->seq != v->rows + 1) {
		v->bad_seq = v->rows + 1;
		snprintf(v->why, sizeof(v->why), "第 %" PRId64 " 条记录缺失（被删除）",
			 v->rows + 1);
		return 1;
	}
	if (strcmp(a->prev_hash, v->prev) != 0) {
		v->bad_seq = a->seq;
		snprintf(v->why, sizeof(v->why), "第 %" PRId64 " 条记录的前序哈希与上一条不符",
			 a->seq);
		return 1;
	}
	audit_hash(a, a->prev_hash, h);
	if (strcmp(h, a->hash) != 0) {
		v->bad_seq = a->seq;
		snprintf(v->why, sizeof(v->why), "第 %" PRId64 " 条记录的内容已被修改（哈希不符）",
			 a->seq);
		return 1;
	}
	memcpy(v->prev, a->hash, sizeof(v->prev));
	v->rows = a->seq;
	return 0;
}

struct verify_tx {
	struct verify_ctx v;
	int64_t head_seq;
	char head_hash[65];
};

static int verify_fn(struct db *db, void *p, struct bf_err *e)
{
	struct verify_tx *t = p;
	memset(&t->v, 0, sizeof(t->v));
	memcpy(t->v.prev, zero_hash, sizeof(t->v.prev));
	enum db_qs qs = store_audit_head(db, &t->head_seq, t->head_hash, e);
	if (qs < 0)
		return qs;
	qs = store_audit_each(db, verify_row, &t->v, e);
	return qs < 0 ? qs : 0;
}

int audit_verify(struct db *db, int64_t *rows, int64_t *bad_seq, struct bf_err *e)
{
	struct verify_tx t;
	*bad_seq = 0;
	if (db_run_tx(db, 1, verify_fn, &t, e) != 0)
		return -1;
	*rows = t.v.rows;
	if (t.v.bad_seq) {
		*bad_seq = t.v.bad_seq;
		return err_set(e, EC_CONFLICT, NULL, "审计日志链校验失败：%s", t.v.why);
	}
	/* Rows removed from the end leave the head pointing past the last row. */
	if (t.head_seq != t.v.rows || strcmp(t.head_hash, t.v.prev) != 0) {
		*bad_seq = t.v.rows + 1;
		return err_set(e, EC_CONFLICT, NULL,
			       "审计日志链校验失败：第 %" PRId64 " 条之后的记录缺失（被删除）",
			       t.v.rows);
	}
	return 0;
}

int audit_list(struct core *c, const struct actor *a, int page, int size,
	       struct audit_entry **items, size_t *n, int64_t *total, struct bf_err *e)
{
	if (!access_allowed(a, PERM_READ_AUDIT))
		return err_set(e, EC_FORBIDDEN, NULL, "您的角色不能查看审计日志");
	/* The rows of the actor's subtree; at the root all of them (with
	 * those older than the organisation column). */
	const char *path = access_at_root(a) ? "/" : a->org_path;
	return store_audit_list(c->db, path, (page - 1) * size, size, items, n, total, e) < 0 ? -1
											      : 0;
}
