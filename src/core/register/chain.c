/* chain.c - the keys of the chains: the audit log (core/register/audit.c) and the
 * fund ledgers (core/fund/ledger*.c) are SM3 chains anyone can recompute; each
 * row also carries a MAC under the chain key, so only a holder of the key
 * file can add or rewrite rows that verify.  Rows written before the key
 * (migration 0007) are covered by one MAC of the last of them, made once by
 * `bangfu audit seal`.  docs/internals/ledger.md, "Keys and anchors". */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "register.h"

static const struct crypto_key *chain_key;

void chain_use_key(const struct crypto_key *key)
{
	chain_key = key;
}

int chain_mac(const char *domain, int64_t chain_id, int64_t seq, const char *hash, char out[65])
{
	char msg[256];
	if (!chain_key)
		return -1;
	int n =
	    snprintf(msg, sizeof(msg), "bangfu/chain/v1\x1f%s\x1f%" PRId64 "\x1f%" PRId64 "\x1f%s",
		     domain, chain_id, seq, hash);
	if (n < 0 || (size_t)n >= sizeof(msg))
		return -1;
	crypto_chain_mac(chain_key, msg, (size_t)n, out);
	return 0;
}

static int is_hash(const char *s)
{
	if (strlen(s) != 64)
		return 0;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return 0;
	return 1;
}

int chain_anchor_parse(const char *text, struct chain_anchor *out, struct bf_err *e)
{
	const char *colon = strchr(text, ':');
	const char *hash = colon ? colon + 1 : text;
	memset(out, 0, sizeof(*out));
	if (colon) {
		char *end;
		long long seq = strtoll(text, &end, 10);
		if (end != colon || end == text || seq < 1)
			return err_set(e, EC_INVALID, "head",
				       "链头格式应为 序号:哈希 或 哈希（64 位十六进制）");
		out->seq = seq;
	}
	if (!is_hash(hash))
		return err_set(e, EC_INVALID, "head", "链头的哈希应为 64 位小写十六进制字符");
	memcpy(out->hash, hash, 65);
	return 0;
}

/* The anchor met at this row: seq and hash both agree, or only the hash
 * when no seq was anchored.  1 when the row contradicts the anchor. */
static int check_anchor(struct chain_walk *w, int64_t seq, const char *hash, char *why, size_t size)
{
	const struct chain_anchor *a = w->anchor;
	if (!a || w->anchor_found)
		return 0;
	if (a->seq && a->seq != seq)
		return 0;
	if (!strcmp(a->hash, hash)) {
		w->anchor_found = 1;
		return 0;
	}
	if (!a->seq)
		return 0;
	snprintf(why, size, "与链外保存的链头（第 %" PRId64 " 条）哈希不符：此后链被改写", a->seq);
	return 1;
}

int chain_check_row(struct chain_walk *w, int64_t seq, const char *hash, const char *mac, char *why,
		    size_t size)
{
	char want[65];
	if (check_anchor(w, seq, hash, why, size))
		return 1;
	if (seq < w->legacy_seq || (seq == w->legacy_seq && w->sealing))
		return 0;
	if (seq == w->legacy_seq) {
		if (!w->legacy_mac[0]) {
			snprintf(why, size,
				 "是升级到密钥链之前的最后一条记录，尚未封存：请运行一次 bangfu "
				 "audit seal（如果已经封存过，说明数据库被改动过）");
			return 1;
		}
		char domain[32];
		snprintf(domain, sizeof(domain), "%s-legacy", w->domain);
		if (chain_mac(domain, w->chain_id, seq, hash, want) ||
		    strcmp(want, w->legacy_mac) != 0) {
			snprintf(why, size,
				 "升级前记录的封存校验值不符（没有密钥的人改写了旧记录）");
			return 1;
		}
		return 0;
	}
	if (chain_mac(w->domain, w->chain_id, seq, hash, want)) {
		snprintf(why, size, "无法校验密钥校验值：没有加载密钥");
		return 1;
	}
	if (strcmp(want, mac) != 0) {
		snprintf(why, size, "%s",
			 mac[0] ? "密钥校验值不符（记录被没有密钥的人改写或插入，哈希是重算的）"
				: "没有密钥校验值（记录被没有密钥的人改写或插入）");
		return 1;
	}
	return 0;
}

int chain_check_end(const struct chain_walk *w, int64_t head_seq, char *why, size_t size)
{
	const struct chain_anchor *a = w->anchor;
	if (w->legacy_seq > head_seq) {
		/* the sealed row is gone, or the count was raised to skip the
		 * MACs of the rows after it */
		snprintf(why, size,
			 "记录的升级前条数（%" PRId64 "）超过链的长度（%" PRId64
			 "）：链被截短或被改动",
			 w->legacy_seq, head_seq);
		return 1;
	}
	if (!a || w->anchor_found)
		return 0;
	if (a->seq > head_seq)
		snprintf(why, size,
			 "链外保存的链头是第 %" PRId64 " 条，链现在只到第 %" PRId64
			 " 条：第 %" PRId64 " 条起被删除",
			 a->seq, head_seq, head_seq + 1);
	else
		snprintf(why, size, "链外保存的链头不在链中：链被改写或截短");
	return 1;
}
