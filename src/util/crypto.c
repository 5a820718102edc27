/* crypto.c - field encryption (SM4-CTR then HMAC-SM3), blind indexes, SM3
 * digests, random tokens and Argon2id password hashes, on OpenSSL 3 EVP and
 * libargon2.  SM4/SM3 because Chinese government systems are assessed
 * against GB/T 32907 and 32905.
 *
 * Speed matters: an import of a million members seals and indexes two
 * fields per row, four HMAC-SM3s and two SM4-CTRs.  Through EVP an HMAC of
 * a short value costs ~800 ns, three quarters of it copying contexts on the
 * heap; so HMAC-SM3 runs on the SM3 compression function below, from the
 * key's inner and outer states computed once per thread and key: two
 * compressions a value (~450 ns).  The unit tests hold it to OpenSSL's
 * HMAC-SM3 and SM3 over every length up to several blocks.  SM4 (S-boxes:
 * table look-ups) stays with OpenSSL, fetched once (pthread_once). */
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
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include "crypto.h"
#include "wrapper.h"

/* Sealed text is base64 of version | IV | ciphertext | tag.  Version 2
 * (written now): 12-byte IV (the counter block is IV | 32-bit counter) and
 * the first 16 bytes of the HMAC-SM3 tag, 28 bytes less a value than
 * version 1 (16-byte IV, whole 32-byte tag), which is still read. */
#define SEAL_VERSION 2
#define IV_LEN	     12
#define TAG_LEN	     16
#define V1_IV_LEN    16
#define V1_TAG_LEN   32
#define MASTER_LEN   32
/* Sealed values up to this size are handled without the heap. */
#define STACK_BYTES 512

/* Sub-key labels: changing one makes every stored value unreadable. */
static const char LABEL_ENC[] = "bangfu/v1/sm4-ctr";
static const char LABEL_MAC[] = "bangfu/v1/hmac-sm3-tag";
static const char LABEL_BIDX[] = "bangfu/v1/blind-index";
static const char LABEL_CHAIN[] = "bangfu/v1/chain-mac";

/* Argon2id parameters (OWASP's minimum for Argon2id: m=19 MiB, t=2, p=1). */
#define ARGON_T	       2
#define ARGON_M	       19456
#define ARGON_P	       1
#define ARGON_SALT     16
#define ARGON_HASH     32
#define PASSWORD_CHARS 10

/* ---- per-thread state ---------------------------------------------------- */

/* HMAC-SM3 of one 32-byte key: the SM3 states after its inner and outer
 * padded key blocks. */
struct mac_slot {
	unsigned char key[32];
	uint32_t inner[8], outer[8];
	int used;
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
	EVP_CIPHER_CTX *cipher; /* SM4-ECB keyed with enc_key when not NULL */
};

/* ---- algorithms, fetched once ---------------------------------------- */

static pthread_once_t algs_once = PTHREAD_ONCE_INIT;
static EVP_CIPHER *alg_sm4;
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
	alg_sm4 = EVP_CIPHER_fetch(NULL, "SM4-ECB", NULL);
	alg_sm3 = EVP_MD_fetch(NULL, "SM3", NULL);
	if (pthread_key_create(&cache_key, cache_free) != 0)
		BUG("pthread_key_create failed");
}

/* Without SM3/SM4 in the OpenSSL default provider nothing can be stored
 * safely: that is a broken installation, not a user error. */
static void algs(void)
{
	pthread_once(&algs_once, algs_fetch);
	if (!alg_sm4 || !alg_sm3)
		BUG("OpenSSL lacks SM4 or SM3");
}

static void cache_free(void *p)
{
	struct cache *c = p;
	EVP_CIPHER_CTX_free(c->cipher);
	OPENSSL_cleanse(c, sizeof(*c));
	free(c);
}

static struct cache *cache_get(void)
{
	algs();
	if (tls_cache)
		return tls_cache;
	struct cache *c = xcalloc(1, sizeof(*c));
	/* The pthread key frees it when the thread ends; the thread-local
	 * pointer is the fast path. */
	pthread_setspecific(cache_key, c);
	tls_cache = c;
	return c;
}

/* ---- SM3 (GB/T 32905-2016) and HMAC-SM3 ------------------------------- */

static const uint32_t SM3_IV[8] = {0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600,
				   0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e};

#define ROTL(x, n)   ((x) << (n) | (x) >> ((32 - (n)) & 31))
#define P0(x)	     ((x) ^ ROTL((x), 9) ^ ROTL((x), 17))
#define P1(x)	     ((x) ^ ROTL((x), 15) ^ ROTL((x), 23))
#define FF0(x, y, z) ((x) ^ (y) ^ (z))
#define FF1(x, y, z) (((x) & (y)) | (((x) | (y)) & (z)))
#define GG0(x, y, z) ((x) ^ (y) ^ (z))
#define GG1(x, y, z) ((((y) ^ (z)) & (x)) ^ (z))

/* Round j: t = T_j <<< (j mod 32), wi = W_j, wi4 = W_(j+4) (W'_j is their
 * xor).  The caller renames the registers instead of moving them. */
#define ROUND(A, B, C, D, E, F, G, H, t, wi, wi4, FF, GG)                                          \
	do {                                                                                       \
		const uint32_t a12 = ROTL(A, 12);                                                  \
		const uint32_t ss1 = ROTL(a12 + E + (t), 7);                                       \
		D = FF(A, B, C) + D + (ss1 ^ a12) + ((wi) ^ (wi4));                                \
		H = GG(E, F, G) + H + ss1 + (wi);                                                  \
		B = ROTL(B, 9);                                                                    \
		F = ROTL(F, 19);                                                                   \
		H = P0(H);                                                                         \
	} while (0)
#define R1(A, B, C, D, E, F, G, H, t, wi, wi4) ROUND(A, B, C, D, E, F, G, H, t, wi, wi4, FF0, GG0)
#define R2(A, B, C, D, E, F, G, H, t, wi, wi4) ROUND(A, B, C, D, E, F, G, H, t, wi, wi4, FF1, GG1)
/* W_k from the 16 words before it, into the slot of W_(k-16). */
#define EXPAND(w16, w9, w3, w13, w6)                                                               \
	((w16) = P1((w16) ^ (w9) ^ ROTL((w3), 15)) ^ ROTL((w13), 7) ^ (w6))

static inline uint32_t load_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void store_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* The compression function: v = CF(v, block).  Unrolled, with the message
 * words expanded four rounds ahead in a window of 16 (as OpenSSL and Botan
 * do): more than twice as fast as loops over a 68-word array.  No branch or
 * memory access depends on the data, so it runs in constant time. */
static void sm3_compress(uint32_t v[8], const unsigned char block[64])
{
	uint32_t A = v[0], B = v[1], C = v[2], D = v[3], E = v[4], F = v[5], G = v[6], H = v[7];
	uint32_t W00 = load_be32(block), W01 = load_be32(block + 4), W02 = load_be32(block + 8),
		 W03 = load_be32(block + 12), W04 = load_be32(block + 16),
		 W05 = load_be32(block + 20), W06 = load_be32(block + 24),
		 W07 = load_be32(block + 28), W08 = load_be32(block + 32),
		 W09 = load_be32(block + 36), W10 = load_be32(block + 40),
		 W11 = load_be32(block + 44), W12 = load_be32(block + 48),
		 W13 = load_be32(block + 52), W14 = load_be32(block + 56),
		 W15 = load_be32(block + 60);
	R1(A, B, C, D, E, F, G, H, 0x79cc4519, W00, W04);
	R1(D, A, B, C, H, E, F, G, 0xf3988a32, W01, W05);
	R1(C, D, A, B, G, H, E, F, 0xe7311465, W02, W06);
	R1(B, C, D, A, F, G, H, E, 0xce6228cb, W03, W07);
	R1(A, B, C, D, E, F, G, H, 0x9cc45197, W04, W08);
	R1(D, A, B, C, H, E, F, G, 0x3988a32f, W05, W09);
	R1(C, D, A, B, G, H, E, F, 0x7311465e, W06, W10);
	R1(B, C, D, A, F, G, H, E, 0xe6228cbc, W07, W11);
	R1(A, B, C, D, E, F, G, H, 0xcc451979, W08, W12);
	R1(D, A, B, C, H, E, F, G, 0x988a32f3, W09, W13);
	R1(C, D, A, B, G, H, E, F, 0x311465e7, W10, W14);
	R1(B, C, D, A, F, G, H, E, 0x6228cbce, W11, W15);
	EXPAND(W00, W07, W13, W03, W10);
	R1(A, B, C, D, E, F, G, H, 0xc451979c, W12, W00);
	EXPAND(W01, W08, W14, W04, W11);
	R1(D, A, B, C, H, E, F, G, 0x88a32f39, W13, W01);
	EXPAND(W02, W09, W15, W05, W12);
	R1(C, D, A, B, G, H, E, F, 0x11465e73, W14, W02);
	EXPAND(W03, W10, W00, W06, W13);
	R1(B, C, D, A, F, G, H, E, 0x228cbce6, W15, W03);
	EXPAND(W04, W11, W01, W07, W14);
	R2(A, B, C, D, E, F, G, H, 0x9d8a7a87, W00, W04);
	EXPAND(W05, W12, W02, W08, W15);
	R2(D, A, B, C, H, E, F, G, 0x3b14f50f, W01, W05);
	EXPAND(W06, W13, W03, W09, W00);
	R2(C, D, A, B, G, H, E, F, 0x7629ea1e, W02, W06);
	EXPAND(W07, W14, W04, W10, W01);
	R2(B, C, D, A, F, G, H, E, 0xec53d43c, W03, W07);
	EXPAND(W08, W15, W05, W11, W02);
	R2(A, B, C, D, E, F, G, H, 0xd8a7a879, W04, W08);
	EXPAND(W09, W00, W06, W12, W03);
	R2(D, A, B, C, H, E, F, G, 0xb14f50f3, W05, W09);
	EXPAND(W10, W01, W07, W13, W04);
	R2(C, D, A, B, G, H, E, F, 0x629ea1e7, W06, W10);
	EXPAND(W11, W02, W08, W14, W05);
	R2(B, C, D, A, F, G, H, E, 0xc53d43ce, W07, W11);
	EXPAND(W12, W03, W09, W15, W06);
	R2(A, B, C, D, E, F, G, H, 0x8a7a879d, W08, W12);
	EXPAND(W13, W04, W10, W00, W07);
	R2(D, A, B, C, H, E, F, G, 0x14f50f3b, W09, W13);
	EXPAND(W14, W05, W11, W01, W08);
	R2(C, D, A, B, G, H, E, F, 0x29ea1e76, W10, W14);
	EXPAND(W15, W06, W12, W02, W09);
	R2(B, C, D, A, F, G, H, E, 0x53d43cec, W11, W15);
	EXPAND(W00, W07, W13, W03, W10);
	R2(A, B, C, D, E, F, G, H, 0xa7a879d8, W12, W00);
	EXPAND(W01, W08, W14, W04, W11);
	R2(D, A, B, C, H, E, F, G, 0x4f50f3b1, W13, W01);
	EXPAND(W02, W09, W15, W05, W12);
	R2(C, D, A, B, G, H, E, F, 0x9ea1e762, W14, W02);
	EXPAND(W03, W10, W00, W06, W13);
	R2(B, C, D, A, F, G, H, E, 0x3d43cec5, W15, W03);
	EXPAND(W04, W11, W01, W07, W14);
	R2(A, B, C, D, E, F, G, H, 0x7a879d8a, W00, W04);
	EXPAND(W05, W12, W02, W08, W15);
	R2(D, A, B, C, H, E, F, G, 0xf50f3b14, W01, W05);
	EXPAND(W06, W13, W03, W09, W00);
	R2(C, D, A, B, G, H, E, F, 0xea1e7629, W02, W06);
	EXPAND(W07, W14, W04, W10, W01);
	R2(B, C, D, A, F, G, H, E, 0xd43cec53, W03, W07);
	EXPAND(W08, W15, W05, W11, W02);
	R2(A, B, C, D, E, F, G, H, 0xa879d8a7, W04, W08);
	EXPAND(W09, W00, W06, W12, W03);
	R2(D, A, B, C, H, E, F, G, 0x50f3b14f, W05, W09);
	EXPAND(W10, W01, W07, W13, W04);
	R2(C, D, A, B, G, H, E, F, 0xa1e7629e, W06, W10);
	EXPAND(W11, W02, W08, W14, W05);
	R2(B, C, D, A, F, G, H, E, 0x43cec53d, W07, W11);
	EXPAND(W12, W03, W09, W15, W06);
	R2(A, B, C, D, E, F, G, H, 0x879d8a7a, W08, W12);
	EXPAND(W13, W04, W10, W00, W07);
	R2(D, A, B, C, H, E, F, G, 0x0f3b14f5, W09, W13);
	EXPAND(W14, W05, W11, W01, W08);
	R2(C, D, A, B, G, H, E, F, 0x1e7629ea, W10, W14);
	EXPAND(W15, W06, W12, W02, W09);
	R2(B, C, D, A, F, G, H, E, 0x3cec53d4, W11, W15);
	EXPAND(W00, W07, W13, W03, W10);
	R2(A, B, C, D, E, F, G, H, 0x79d8a7a8, W12, W00);
	EXPAND(W01, W08, W14, W04, W11);
	R2(D, A, B, C, H, E, F, G, 0xf3b14f50, W13, W01);
	EXPAND(W02, W09, W15, W05, W12);
	R2(C, D, A, B, G, H, E, F, 0xe7629ea1, W14, W02);
	EXPAND(W03, W10, W00, W06, W13);
	R2(B, C, D, A, F, G, H, E, 0xcec53d43, W15, W03);
	EXPAND(W04, W11, W01, W07, W14);
	R2(A, B, C, D, E, F, G, H, 0x9d8a7a87, W00, W04);
	EXPAND(W05, W12, W02, W08, W15);
	R2(D, A, B, C, H, E, F, G, 0x3b14f50f, W01, W05);
	EXPAND(W06, W13, W03, W09, W00);
	R2(C, D, A, B, G, H, E, F, 0x7629ea1e, W02, W06);
	EXPAND(W07, W14, W04, W10, W01);
	R2(B, C, D, A, F, G, H, E, 0xec53d43c, W03, W07);
	EXPAND(W08, W15, W05, W11, W02);
	R2(A, B, C, D, E, F, G, H, 0xd8a7a879, W04, W08);
	EXPAND(W09, W00, W06, W12, W03);
	R2(D, A, B, C, H, E, F, G, 0xb14f50f3, W05, W09);
	EXPAND(W10, W01, W07, W13, W04);
	R2(C, D, A, B, G, H, E, F, 0x629ea1e7, W06, W10);
	EXPAND(W11, W02, W08, W14, W05);
	R2(B, C, D, A, F, G, H, E, 0xc53d43ce, W07, W11);
	EXPAND(W12, W03, W09, W15, W06);
	R2(A, B, C, D, E, F, G, H, 0x8a7a879d, W08, W12);
	EXPAND(W13, W04, W10, W00, W07);
	R2(D, A, B, C, H, E, F, G, 0x14f50f3b, W09, W13);
	EXPAND(W14, W05, W11, W01, W08);
	R2(C, D, A, B, G, H, E, F, 0x29ea1e76, W10, W14);
	EXPAND(W15, W06, W12, W02, W09);
	R2(B, C, D, A, F, G, H, E, 0x53d43cec, W11, W15);
	EXPAND(W00, W07, W13, W03, W10);
	R2(A, B, C, D, E, F, G, H, 0xa7a879d8, W12, W00);
	EXPAND(W01, W08, W14, W04, W11);
	R2(D, A, B, C, H, E, F, G, 0x4f50f3b1, W13, W01);
	EXPAND(W02, W09, W15, W05, W12);
	R2(C, D, A, B, G, H, E, F, 0x9ea1e762, W14, W02);
	EXPAND(W03, W10, W00, W06, W13);
	R2(B, C, D, A, F, G, H, E, 0x3d43cec5, W15, W03);
	v[0] ^= A;
	v[1] ^= B;
	v[2] ^= C;
	v[3] ^= D;
	v[4] ^= E;
	v[5] ^= F;
	v[6] ^= G;
	v[7] ^= H;
}

/* Finishes SM3 from state v after `before` bytes already compressed (a
 * multiple of 64): data[0..len) is the rest of the message. */
static void sm3_finish(uint32_t v[8], uint64_t before, const unsigned char *data, size_t len,
		       unsigned char out[32])
{
	unsigned char block[64];
	uint64_t bits = (before + len) * 8;
	for (; len >= 64; data += 64, len -= 64)
		sm3_compress(v, data);
	memcpy(block, data, len);
	block[len++] = 0x80;
	if (len > 56) {
		memset(block + len, 0, 64 - len);
		sm3_compress(v, block);
		len = 0;
	}
	memset(block + len, 0, 56 - len);
	store_be32(block + 56, (uint32_t)(bits >> 32));
	store_be32(block + 60, (uint32_t)bits);
	sm3_compress(v, block);
	for (int i = 0; i < 8; i++)
		store_be32(out + 4 * i, v[i]);
	OPENSSL_cleanse(block, sizeof(block));
}

/* The inner and outer states of HMAC-SM3 (RFC 2104) for a 32-byte key. */
static void mac_states(struct mac_slot *s, const unsigned char key[32])
{
	unsigned char pad[64];
	memcpy(s->key, key, 32);
	memcpy(s->inner, SM3_IV, sizeof(SM3_IV));
	memcpy(s->outer, SM3_IV, sizeof(SM3_IV));
	for (int i = 0; i < 64; i++)
		pad[i] = (unsigned char)((i < 32 ? key[i] : 0) ^ 0x36);
	sm3_compress(s->inner, pad);
	for (int i = 0; i < 64; i++)
		pad[i] = (unsigned char)((i < 32 ? key[i] : 0) ^ 0x5c);
	sm3_compress(s->outer, pad);
	OPENSSL_cleanse(pad, sizeof(pad));
	s->used = 1;
}

/* The states for key: this thread's last four keys are kept. */
static const struct mac_slot *mac_slot_for(const unsigned char key[32])
{
	struct cache *c = cache_get();
	size_t n = sizeof(c->mac) / sizeof(c->mac[0]);
	for (size_t i = 0; i < n; i++)
		if (c->mac[i].used && CRYPTO_memcmp(c->mac[i].key, key, 32) == 0)
			return &c->mac[i];
	struct mac_slot *s = &c->mac[c->next++ % n];
	mac_states(s, key);
	return s;
}

static void hmac_with(const struct mac_slot *s, const void *data, size_t len, unsigned char out[32])
{
	uint32_t v[8];
	unsigned char inner[32];
	memcpy(v, s->inner, sizeof(v));
	sm3_finish(v, 64, data, len, inner);
	memcpy(v, s->outer, sizeof(v));
	sm3_finish(v, 64, inner, sizeof(inner), out);
	OPENSSL_cleanse(inner, sizeof(inner));
	OPENSSL_cleanse(v, sizeof(v));
}

static void hmac_sm3(const unsigned char key[32], const void *data, size_t len,
		     unsigned char out[32])
{
	hmac_with(mac_slot_for(key), data, len, out);
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

/* This thread's SM4 context keyed with key: ECB, no padding, set up once
 * per key (re-initialising an EVP context for each value's IV cost as much
 * as encrypting it). */
static EVP_CIPHER_CTX *sm4_for(const unsigned char key[16])
{
	struct cache *c = cache_get();
	if (c->cipher && CRYPTO_memcmp(c->enc_key, key, 16) == 0)
		return c->cipher;
	if (!c->cipher && !(c->cipher = EVP_CIPHER_CTX_new()))
		BUG("out of memory");
	if (!EVP_EncryptInit_ex2(c->cipher, alg_sm4, key, NULL, NULL) ||
	    !EVP_CIPHER_CTX_set_padding(c->cipher, 0))
		BUG("SM4 setup failed");
	memcpy(c->enc_key, key, 16);
	return c->cipher;
}

/* SM4-CTR (GB/T 32907; NIST SP 800-38A's CTR: the counter block counts up
 * as one 128-bit big-endian number) over in[0..len) into out, which may be
 * the same buffer, from the counter block ctr.  The key stream is SM4-ECB
 * of the counter blocks, 32 at a time; CTR is its own inverse, so this
 * serves seal and open. */
static void sm4_ctr(const unsigned char key[16], const unsigned char ctr[16],
		    const unsigned char *in, size_t len, unsigned char *out)
{
	EVP_CIPHER_CTX *ctx = sm4_for(key);
	unsigned char blocks[32 * 16], stream[32 * 16], next[16];
	memcpy(next, ctr, 16);
	while (len > 0) {
		size_t n = len < sizeof(blocks) ? len : sizeof(blocks), nb = (n + 15) / 16;
		int outl = 0;
		for (size_t b = 0; b < nb; b++) {
			memcpy(blocks + 16 * b, next, 16);
			for (int i = 15; i >= 0 && ++next[i] == 0; i--)
				; /* carry */
		}
		if (!EVP_EncryptUpdate(ctx, stream, &outl, blocks, (int)(16 * nb)) ||
		    (size_t)outl != 16 * nb)
			BUG("SM4 failed");
		for (size_t i = 0; i < n; i++)
			out[i] = in[i] ^ stream[i];
		in += n;
		out += n;
		len -= n;
	}
	OPENSSL_cleanse(stream, sizeof(stream));
}

/* The first counter block for an IV of either version: a 12-byte IV is
 * followed by a 32-bit block counter from 0 (a value would need 64 GiB to
 * wrap it). */
static void counter_block(const unsigned char *iv, size_t ivlen, unsigned char ctr[16])
{
	memset(ctr, 0, 16);
	memcpy(ctr, iv, ivlen);
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

int hex_value(int c)
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
	struct mac_slot s;
	mac_states(&s, master);
	hmac_with(&s, label, strlen(label), out);
	OPENSSL_cleanse(&s, sizeof(s));
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

/* The master key from its hex text (len characters) into key's sub-keys. */
static int key_from_hex(const char *text, size_t len, struct crypto_key *key)
{
	unsigned char master[MASTER_LEN], sub[32];
	if (len == 2 * MASTER_LEN + 1 && text[len - 1] == '\n')
		len--;
	if (len != 2 * MASTER_LEN)
		return -1;
	for (size_t i = 0; i < MASTER_LEN; i++) {
		int hi = hex_value((unsigned char)text[2 * i]),
		    lo = hex_value((unsigned char)text[2 * i + 1]);
		if (hi < 0 || lo < 0) {
			OPENSSL_cleanse(master, sizeof(master));
			return -1;
		}
		master[i] = (unsigned char)(hi << 4 | lo);
	}
	derive(master, LABEL_ENC, sub);
	memcpy(key->enc, sub, sizeof(key->enc));
	derive(master, LABEL_MAC, key->mac);
	derive(master, LABEL_BIDX, key->bidx);
	derive(master, LABEL_CHAIN, key->chain);
	OPENSSL_cleanse(master, sizeof(master));
	OPENSSL_cleanse(sub, sizeof(sub));
	return 0;
}

int crypto_key_parse(const char *text, struct crypto_key *key, struct bf_err *e)
{
	if (key_from_hex(text, strlen(text), key) < 0)
		return err_set(e, EC_INTERNAL, NULL, "密钥格式不正确（应为 64 个十六进制字符）");
	return 0;
}

int crypto_key_load(const char *path, struct crypto_key *key, struct bf_err *e)
{
	char text[128];
	size_t len = 0;
	int rc = -1;
	if (read_key_text(path, text, sizeof(text), &len, e) < 0)
		goto out;
	if (key_from_hex(text, len, key) < 0) {
		err_set(e, EC_INTERNAL, NULL, "密钥文件 %s 格式不正确（应为 64 个十六进制字符）",
			path);
		goto out;
	}
	rc = 0;
out:
	OPENSSL_cleanse(text, sizeof(text));
	return rc;
}

/* ---- sealing ------------------------------------------------------------- */

/* Tag over version|iv|ct: authenticates everything that is decrypted
 * (the version too, so a value cannot be passed off as the other format). */
static void seal_tag(const struct crypto_key *key, const unsigned char *msg, size_t len,
		     unsigned char tag[32])
{
	hmac_sm3(key->mac, msg, len, tag);
}

int crypto_seal(const struct crypto_key *key, const char *plain, struct strbuf *out)
{
	unsigned char stack_raw[STACK_BYTES], ctr[16], tag[32];
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
	counter_block(raw + 1, IV_LEN, ctr);
	sm4_ctr(key->enc, ctr, (const unsigned char *)plain, plen, raw + 1 + IV_LEN);
	seal_tag(key, raw, 1 + IV_LEN + plen, tag);
	memcpy(raw + 1 + IV_LEN + plen, tag, TAG_LEN); /* HMAC-SM3 cut to 128 bits */
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
	unsigned char stack_raw[STACK_BYTES], ctr[16], tag[32];
	size_t tlen = sealed ? strlen(sealed) : 0;
	size_t cap = tlen / 4 * 3;
	unsigned char *raw = cap <= sizeof(stack_raw) ? stack_raw : malloc(cap);
	long rawlen;
	int rc = -1;
	if (!sealed || !raw)
		goto out;
	rawlen = b64_decode(sealed, tlen, raw);
	if (rawlen < 1)
		goto out;
	size_t ivlen = raw[0] == 1 ? V1_IV_LEN : IV_LEN;
	size_t taglen = raw[0] == 1 ? V1_TAG_LEN : TAG_LEN;
	if ((raw[0] != 1 && raw[0] != SEAL_VERSION) || (size_t)rawlen < 1 + ivlen + taglen)
		goto out;
	size_t ctlen = (size_t)rawlen - 1 - ivlen - taglen;
	seal_tag(key, raw, 1 + ivlen + ctlen, tag);
	if (CRYPTO_memcmp(tag, raw + 1 + ivlen + ctlen, taglen) != 0)
		goto out;
	counter_block(raw + 1, ivlen, ctr);
	sm4_ctr(key->enc, ctr, raw + 1 + ivlen, ctlen, raw + 1 + ivlen);
	strbuf_add(out, raw + 1 + ivlen, ctlen);
	OPENSSL_cleanse(raw, (size_t)rawlen);
	rc = 0;
out:
	if (raw != stack_raw)
		free(raw);
	return rc;
}

void crypto_chain_mac(const struct crypto_key *key, const void *data, size_t len, char out[65])
{
	unsigned char mac[32];
	hmac_sm3(key->chain, data, len, mac);
	hex_encode(mac, sizeof(mac), out);
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
