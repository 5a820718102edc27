/* crypto.c - field encryption (SM4-CTR then HMAC-SM3), blind indexes, SM3
 * digests, random tokens and Argon2id password hashes, on OpenSSL 3 EVP and
 * libargon2.  SM4/SM3 because Chinese government systems are assessed
 * against GB/T 32907 and 32905.
 *
 * Speed matters: an import of a million members seals and indexes two
 * fields per row.  Fetching algorithms by name and setting up an HMAC costs
 * several microseconds, so the algorithms are fetched once (pthread_once)
 * and each thread keeps ready contexts for the keys it last used. */
#include <argon2.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include "crypto.h"

#define SEAL_VERSION 1
#define IV_LEN	     16
#define TAG_LEN	     32
#define MASTER_LEN   32
/* Sealed values up to this size are handled without the heap. */
#define STACK_BYTES 512

/* Sub-key labels: changing one makes every stored value unreadable. */
static const char LABEL_ENC[] = "bangfu/v1/sm4-ctr";
static const char LABEL_MAC[] = "bangfu/v1/hmac-sm3-tag";
static const char LABEL_BIDX[] = "bangfu/v1/blind-index";

/* Argon2id parameters (OWASP's minimum for Argon2id: m=19 MiB, t=2, p=1). */
#define ARGON_T	       2
#define ARGON_M	       19456
#define ARGON_P	       1
#define ARGON_SALT     16
#define ARGON_HASH     32
#define PASSWORD_CHARS 10

/* ---- per-thread state ---------------------------------------------------- */

/* An HMAC context already keyed: EVP_MAC_init(ctx, NULL, ...) restarts it
 * without the digest fetch and key schedule. */
struct mac_slot {
	unsigned char key[32];
	EVP_MAC_CTX *ctx;
};

/* IVs are drawn from a per-thread pool filled by one RAND_bytes call:
 * RAND_bytes costs about 2 µs a call, as much as the rest of a seal. */
#define IV_POOL (64 * IV_LEN)

struct cache {
	unsigned char iv_pool[IV_POOL];
	size_t iv_left; /* unused bytes at the end of iv_pool */
	struct mac_slot mac[4];
	unsigned next; /* slot replaced on a miss, round robin */
	unsigned char enc_key[16];
	EVP_CIPHER_CTX *cipher; /* keyed with enc_key when not NULL */
};

/* ---- algorithms, fetched once ---------------------------------------- */

static pthread_once_t algs_once = PTHREAD_ONCE_INIT;
static EVP_MAC *alg_hmac;
static EVP_CIPHER *alg_sm4ctr;
static EVP_MD *alg_sm3;
static pthread_key_t cache_key;

static void cache_free(void *p);

static _Thread_local struct cache *tls_cache;

/* A forked child must not hand out the IVs its parent will also use: CTR
 * with a repeated IV under one key gives the plaintexts away.  The child
 * runs this in the forking thread, its only thread. */
static void forget_ivs_in_child(void)
{
	if (tls_cache) {
		OPENSSL_cleanse(tls_cache->iv_pool, sizeof(tls_cache->iv_pool));
		tls_cache->iv_left = 0;
	}
}

static void algs_fetch(void)
{
	pthread_atfork(NULL, NULL, forget_ivs_in_child);
	alg_hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	alg_sm4ctr = EVP_CIPHER_fetch(NULL, "SM4-CTR", NULL);
	alg_sm3 = EVP_MD_fetch(NULL, "SM3", NULL);
	if (pthread_key_create(&cache_key, cache_free) != 0)
		BUG("pthread_key_create failed");
}

/* Without SM3/SM4 in the OpenSSL default provider nothing can be stored
 * safely: that is a broken installation, not a user error. */
static void algs(void)
{
	pthread_once(&algs_once, algs_fetch);
	if (!alg_hmac || !alg_sm4ctr || !alg_sm3)
		BUG("OpenSSL lacks HMAC, SM4-CTR or SM3");
}

static void cache_free(void *p)
{
	struct cache *c = p;
	for (size_t i = 0; i < sizeof(c->mac) / sizeof(c->mac[0]); i++)
		EVP_MAC_CTX_free(c->mac[i].ctx);
	EVP_CIPHER_CTX_free(c->cipher);
	OPENSSL_cleanse(c, sizeof(*c));
	free(c);
}

static struct cache *cache_get(void)
{
	algs();
	if (tls_cache)
		return tls_cache;
	struct cache *c = calloc(1, sizeof(*c));
	if (!c)
		BUG("out of memory");
	/* The pthread key frees it when the thread ends; the thread-local
	 * pointer is the fast path. */
	pthread_setspecific(cache_key, c);
	tls_cache = c;
	return c;
}

static EVP_MAC_CTX *mac_new(const unsigned char *key, size_t keylen)
{
	OSSL_PARAM params[] = {
	    OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"SM3", 0),
	    OSSL_PARAM_construct_end(),
	};
	EVP_MAC_CTX *ctx = EVP_MAC_CTX_new(alg_hmac);
	if (!ctx || !EVP_MAC_init(ctx, key, keylen, params))
		BUG("HMAC-SM3 setup failed");
	return ctx;
}

/* A started HMAC-SM3 context for a 32-byte key. */
static EVP_MAC_CTX *mac_start(const unsigned char key[32])
{
	struct cache *c = cache_get();
	size_t n = sizeof(c->mac) / sizeof(c->mac[0]);
	for (size_t i = 0; i < n; i++) {
		struct mac_slot *s = &c->mac[i];
		if (s->ctx && CRYPTO_memcmp(s->key, key, 32) == 0) {
			if (!EVP_MAC_init(s->ctx, NULL, 0, NULL))
				BUG("HMAC-SM3 restart failed");
			return s->ctx;
		}
	}
	struct mac_slot *s = &c->mac[c->next++ % n];
	EVP_MAC_CTX_free(s->ctx);
	memcpy(s->key, key, 32);
	s->ctx = mac_new(key, 32);
	return s->ctx;
}

static void mac_finish(EVP_MAC_CTX *ctx, unsigned char out[32])
{
	size_t len = 0;
	if (!EVP_MAC_final(ctx, out, &len, 32) || len != 32)
		BUG("HMAC-SM3 failed");
}

static void hmac_sm3(const unsigned char key[32], const void *data, size_t len,
		     unsigned char out[32])
{
	EVP_MAC_CTX *ctx = mac_start(key);
	if (!EVP_MAC_update(ctx, data, len))
		BUG("HMAC-SM3 failed");
	mac_finish(ctx, out);
}

/* A fresh random IV for one seal. */
static int next_iv(unsigned char iv[IV_LEN])
{
	struct cache *c = cache_get();
	if (c->iv_left < IV_LEN) {
		if (crypto_random(c->iv_pool, sizeof(c->iv_pool)) < 0)
			return -1;
		c->iv_left = sizeof(c->iv_pool);
	}
	c->iv_left -= IV_LEN;
	memcpy(iv, c->iv_pool + c->iv_left, IV_LEN);
	OPENSSL_cleanse(c->iv_pool + c->iv_left, IV_LEN); /* never handed out twice */
	return 0;
}

/* SM4-CTR over in[0..len) into out (may be the same buffer).  CTR mode is
 * its own inverse, so one encrypting context serves seal and open. */
static void sm4_ctr(const unsigned char key[16], const unsigned char iv[IV_LEN],
		    const unsigned char *in, size_t len, unsigned char *out)
{
	struct cache *c = cache_get();
	int ok, outl = 0;
	if (!c->cipher || CRYPTO_memcmp(c->enc_key, key, 16) != 0) {
		if (!c->cipher && !(c->cipher = EVP_CIPHER_CTX_new()))
			BUG("out of memory");
		memcpy(c->enc_key, key, 16);
		ok = EVP_EncryptInit_ex2(c->cipher, alg_sm4ctr, key, iv, NULL);
	} else {
		ok = EVP_EncryptInit_ex2(c->cipher, NULL, NULL, iv, NULL);
	}
	if (!ok || len > INT32_MAX || !EVP_EncryptUpdate(c->cipher, out, &outl, in, (int)len) ||
	    (size_t)outl != len)
		BUG("SM4-CTR failed");
}

/* ---- hex and base64 ---------------------------------------------------- */

static void hex_encode(const unsigned char *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * n] = '\0';
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char B64URL[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* Appends base64 of in to out; pad adds '=' to a multiple of 4. */
static void b64_encode(const unsigned char *in, size_t n, const char *alpha, int pad, char *out)
{
	size_t o = 0, i = 0;
	for (; i + 3 <= n; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
		out[o++] = alpha[v >> 18];
		out[o++] = alpha[(v >> 12) & 63];
		out[o++] = alpha[(v >> 6) & 63];
		out[o++] = alpha[v & 63];
	}
	if (i < n) {
		uint32_t v = (uint32_t)in[i] << 16 | (i + 1 < n ? (uint32_t)in[i + 1] << 8 : 0);
		out[o++] = alpha[v >> 18];
		out[o++] = alpha[(v >> 12) & 63];
		if (i + 1 < n)
			out[o++] = alpha[(v >> 6) & 63];
		else if (pad)
			out[o++] = '=';
		if (pad)
			out[o++] = '=';
	}
	out[o] = '\0';
}

static int b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Strict padded standard base64; returns the decoded length or -1. */
static long b64_decode(const char *in, size_t n, unsigned char *out)
{
	size_t o = 0;
	if (n == 0 || n % 4)
		return -1;
	for (size_t i = 0; i < n; i += 4) {
		int v[4], pads = 0;
		for (int k = 0; k < 4; k++) {
			unsigned char c = (unsigned char)in[i + k];
			if (c == '=' && i + 4 == n && k >= 2) {
				v[k] = 0;
				pads++;
			} else if (pads || (v[k] = b64_value(c)) < 0) {
				return -1;
			}
		}
		uint32_t w = (uint32_t)v[0] << 18 | (uint32_t)v[1] << 12 | (uint32_t)v[2] << 6 |
			     (uint32_t)v[3];
		/* Canonical only: bits beyond the data must be zero, so each
		 * sealed value has exactly one text. */
		if ((pads == 1 && (w & 0xFF)) || (pads == 2 && (w & 0xFFFF)))
			return -1;
		out[o++] = (unsigned char)(w >> 16);
		if (pads < 2)
			out[o++] = (unsigned char)(w >> 8);
		if (pads < 1)
			out[o++] = (unsigned char)w;
	}
	return (long)o;
}

/* ---- keys --------------------------------------------------------------- */

static void derive(const unsigned char master[MASTER_LEN], const char *label, unsigned char out[32])
{
	/* Not cached: the master key is used only here, at load time. */
	EVP_MAC_CTX *ctx;
	algs();
	ctx = mac_new(master, MASTER_LEN);
	if (!EVP_MAC_update(ctx, (const unsigned char *)label, strlen(label)))
		BUG("HMAC-SM3 failed");
	mac_finish(ctx, out);
	EVP_MAC_CTX_free(ctx);
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int crypto_key_create(const char *path, struct bf_err *e)
{
	unsigned char master[MASTER_LEN];
	char text[2 * MASTER_LEN + 2];
	int fd, rc = -1;
	if (crypto_random(master, sizeof(master)) < 0)
		return err_set(e, EC_INTERNAL, NULL, "无法获取随机数，密钥文件未创建");
	hex_encode(master, sizeof(master), text);
	text[2 * MASTER_LEN] = '\n';
	text[2 * MASTER_LEN + 1] = '\0';
	/* O_EXCL: an existing key is never replaced, or every sealed value
	 * written with it would be lost. */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			err_set(e, EC_CONFLICT, NULL, "密钥文件 %s 已存在，不会覆盖已有密钥", path);
		else
			err_set(e, EC_INTERNAL, NULL, "无法创建密钥文件 %s：%s", path,
				strerror(errno));
		goto out;
	}
	if (fchmod(fd, 0600) < 0 || write_all(fd, text, 2 * MASTER_LEN + 1) < 0 || fsync(fd) < 0) {
		err_set(e, EC_INTERNAL, NULL, "无法写入密钥文件 %s：%s", path, strerror(errno));
		close(fd);
		unlink(path);
		goto out;
	}
	if (close(fd) < 0) {
		err_set(e, EC_INTERNAL, NULL, "无法写入密钥文件 %s：%s", path, strerror(errno));
		unlink(path);
		goto out;
	}
	rc = 0;
out:
	OPENSSL_cleanse(master, sizeof(master));
	OPENSSL_cleanse(text, sizeof(text));
	return rc;
}

/* Reads the whole (small) key file after checking who may read it. */
static int read_key_text(const char *path, char *buf, size_t cap, size_t *len, struct bf_err *e)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_set(e, EC_INTERNAL, NULL, "无法打开密钥文件 %s：%s", path,
			       strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return err_set(e, EC_INTERNAL, NULL, "密钥文件 %s 不是普通文件", path);
	}
	if (st.st_mode & 077) {
		close(fd);
		return err_set(e, EC_INTERNAL, NULL,
			       "密钥文件 %s 的权限为 %04o，其他用户可以读取；请执行 chmod 600 %s",
			       path, (unsigned)(st.st_mode & 07777), path);
	}
	ssize_t n;
	*len = 0;
	while ((n = read(fd, buf + *len, cap - *len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || (*len += (size_t)n) == cap) {
			close(fd);
			return err_set(e, EC_INTERNAL, NULL, "密钥文件 %s 格式不正确", path);
		}
	}
	close(fd);
	return 0;
}

int crypto_key_load(const char *path, struct crypto_key *key, struct bf_err *e)
{
	char text[128];
	unsigned char master[MASTER_LEN], sub[32];
	size_t len = 0;
	int rc = -1;
	if (read_key_text(path, text, sizeof(text), &len, e) < 0)
		goto out;
	if (len == 2 * MASTER_LEN + 1 && text[len - 1] == '\n')
		len--;
	if (len != 2 * MASTER_LEN) {
		err_set(e, EC_INTERNAL, NULL, "密钥文件 %s 格式不正确（应为 64 个十六进制字符）",
			path);
		goto out;
	}
	for (size_t i = 0; i < MASTER_LEN; i++) {
		int hi = hex_value(text[2 * i]), lo = hex_value(text[2 * i + 1]);
		if (hi < 0 || lo < 0) {
			err_set(e, EC_INTERNAL, NULL,
				"密钥文件 %s 格式不正确（应为 64 个十六进制字符）", path);
			goto out;
		}
		master[i] = (unsigned char)(hi << 4 | lo);
	}
	derive(master, LABEL_ENC, sub);
	memcpy(key->enc, sub, sizeof(key->enc));
	derive(master, LABEL_MAC, key->mac);
	derive(master, LABEL_BIDX, key->bidx);
	rc = 0;
out:
	OPENSSL_cleanse(text, sizeof(text));
	OPENSSL_cleanse(master, sizeof(master));
	OPENSSL_cleanse(sub, sizeof(sub));
	return rc;
}

/* ---- sealing ------------------------------------------------------------- */

/* Tag over version|iv|ct: authenticates everything that is decrypted. */
static void seal_tag(const struct crypto_key *key, const unsigned char *msg, size_t len,
		     unsigned char tag[TAG_LEN])
{
	hmac_sm3(key->mac, msg, len, tag);
}

int crypto_seal(const struct crypto_key *key, const char *plain, struct strbuf *out)
{
	unsigned char stack_raw[STACK_BYTES];
	char stack_text[STACK_BYTES * 4 / 3 + 4];
	size_t plen = plain ? strlen(plain) : 0;
	size_t rawlen = 1 + IV_LEN + plen + TAG_LEN, textlen = (rawlen + 2) / 3 * 4;
	unsigned char *raw = rawlen <= sizeof(stack_raw) ? stack_raw : malloc(rawlen);
	char *text = textlen < sizeof(stack_text) ? stack_text : malloc(textlen + 1);
	int rc = -1;
	if (!plain || !raw || !text)
		goto out;
	raw[0] = SEAL_VERSION;
	if (next_iv(raw + 1) < 0)
		goto out;
	sm4_ctr(key->enc, raw + 1, (const unsigned char *)plain, plen, raw + 1 + IV_LEN);
	seal_tag(key, raw, 1 + IV_LEN + plen, raw + 1 + IV_LEN + plen);
	b64_encode(raw, rawlen, B64, 1, text);
	strbuf_add(out, text, textlen);
	rc = 0;
out:
	if (raw != stack_raw)
		free(raw);
	if (text != stack_text)
		free(text);
	return rc;
}

int crypto_open(const struct crypto_key *key, const char *sealed, struct strbuf *out)
{
	unsigned char stack_raw[STACK_BYTES];
	size_t tlen = sealed ? strlen(sealed) : 0;
	size_t cap = tlen / 4 * 3;
	unsigned char *raw = cap <= sizeof(stack_raw) ? stack_raw : malloc(cap);
	unsigned char tag[TAG_LEN];
	long rawlen;
	int rc = -1;
	if (!sealed || !raw)
		goto out;
	rawlen = b64_decode(sealed, tlen, raw);
	if (rawlen < 1 + IV_LEN + TAG_LEN || raw[0] != SEAL_VERSION)
		goto out;
	size_t ctlen = (size_t)rawlen - 1 - IV_LEN - TAG_LEN;
	seal_tag(key, raw, 1 + IV_LEN + ctlen, tag);
	if (CRYPTO_memcmp(tag, raw + 1 + IV_LEN + ctlen, TAG_LEN) != 0)
		goto out;
	sm4_ctr(key->enc, raw + 1, raw + 1 + IV_LEN, ctlen, raw + 1 + IV_LEN);
	strbuf_add(out, raw + 1 + IV_LEN, ctlen);
	OPENSSL_cleanse(raw, (size_t)rawlen);
	rc = 0;
out:
	if (raw != stack_raw)
		free(raw);
	return rc;
}

void crypto_blind_index(const struct crypto_key *key, const char *value, char out[65])
{
	unsigned char mac[32];
	hmac_sm3(key->bidx, value, strlen(value), mac);
	hex_encode(mac, sizeof(mac), out);
}

void crypto_sm3_hex(const void *data, size_t len, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	algs();
	if (!EVP_Digest(data, len, md, &mdlen, alg_sm3, NULL) || mdlen != 32)
		BUG("SM3 failed");
	hex_encode(md, 32, out);
}

int crypto_random(void *buf, size_t n)
{
	if (n > INT32_MAX)
		return -1;
	return RAND_bytes(buf, (int)n) == 1 ? 0 : -1;
}

int crypto_token(char out[44])
{
	unsigned char raw[32];
	if (crypto_random(raw, sizeof(raw)) < 0) {
		out[0] = '\0';
		return -1;
	}
	b64_encode(raw, sizeof(raw), B64URL, 0, out);
	OPENSSL_cleanse(raw, sizeof(raw));
	return 0;
}

/* ---- passwords -------------------------------------------------------------- */

int crypto_password_hash(const char *password, char out[128])
{
	unsigned char salt[ARGON_SALT];
	out[0] = '\0';
	if (!password || crypto_random(salt, sizeof(salt)) < 0)
		return -1;
	int rc = argon2id_hash_encoded(ARGON_T, ARGON_M, ARGON_P, password, strlen(password), salt,
				       sizeof(salt), ARGON_HASH, out, 128);
	return rc == ARGON2_OK ? 0 : -1;
}

int crypto_password_verify(const char *encoded, const char *password)
{
	if (!encoded || !password || strncmp(encoded, "$argon2id$", 10) != 0)
		return 0;
	return argon2id_verify(encoded, password, strlen(password)) == ARGON2_OK;
}

int crypto_password_policy(const char *password, struct bf_err *e)
{
	size_t chars = 0;
	int letter = 0, digit = 0;
	for (const unsigned char *p = (const unsigned char *)(password ? password : ""); *p; p++) {
		if ((*p & 0xC0) != 0x80)
			chars++; /* UTF-8: count characters, not bytes */
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
			letter = 1;
		if (*p >= '0' && *p <= '9')
			digit = 1;
	}
	if (chars < PASSWORD_CHARS || !letter || !digit)
		return err_set(e, EC_WEAK_PASSWORD, "password", NULL);
	return 0;
}
