/* test_crypto.c - unit tests of the key file, field sealing (SM4-CTR +
 * HMAC-SM3), blind indexes, SM3, tokens and Argon2id passwords. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include "crypto.h"

struct fixture {
	char dir[64];
	char path[96];
	char path2[96];
	struct crypto_key k1, k2;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct bf_err e;
	snprintf(f->dir, sizeof(f->dir), "/tmp/bangfu-test-crypto-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/key", f->dir);
	snprintf(f->path2, sizeof(f->path2), "%s/key2", f->dir);
	if (crypto_key_create(f->path, &e) || crypto_key_load(f->path, &f->k1, &e) ||
	    crypto_key_create(f->path2, &e) || crypto_key_load(f->path2, &f->k2, &e))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char p[128];
	const char *names[] = {"key", "key2", "bad", "short"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", f->dir, names[i]);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

static void read_file(const char *path, char *buf, size_t cap)
{
	FILE *fp = fopen(path, "r");
	assert_non_null(fp);
	size_t n = fread(buf, 1, cap - 1, fp);
	buf[n] = '\0';
	fclose(fp);
}

static void test_key_file(void **state)
{
	struct fixture *f = *state;
	struct stat st;
	char before[128], after[128];
	struct bf_err e;
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	read_file(f->path, before, sizeof(before));
	assert_int_equal(strlen(before), 65);
	assert_int_equal(strspn(before, "0123456789abcdef"), 64);
	assert_int_equal(before[64], '\n');
	/* Never overwritten. */
	assert_int_equal(crypto_key_create(f->path, &e), -1);
	assert_non_null(strstr(e.message, "已存在"));
	read_file(f->path, after, sizeof(after));
	assert_string_equal(before, after);
	/* Sub-keys differ from each other and between key files. */
	assert_memory_not_equal(f->k1.mac, f->k1.bidx, 32);
	assert_memory_not_equal(f->k1.enc, f->k1.mac, 16);
	assert_memory_not_equal(f->k1.mac, f->k2.mac, 32);
	/* Loading twice gives the same key. */
	struct crypto_key again;
	assert_int_equal(crypto_key_load(f->path, &again, &e), 0);
	assert_memory_equal(&again, &f->k1, sizeof(again));
}

static void test_key_permissions(void **state)
{
	struct fixture *f = *state;
	struct crypto_key k;
	struct bf_err e;
	assert_int_equal(chmod(f->path, 0644), 0);
	assert_int_equal(crypto_key_load(f->path, &k, &e), -1);
	assert_non_null(strstr(e.message, "权限"));
	assert_int_equal(chmod(f->path, 0640), 0);
	assert_int_equal(crypto_key_load(f->path, &k, &e), -1);
	assert_int_equal(chmod(f->path, 0600), 0);
	assert_int_equal(crypto_key_load(f->path, &k, &e), 0);
	assert_int_equal(chmod(f->path, 0400), 0);
	assert_int_equal(crypto_key_load(f->path, &k, &e), 0);
	assert_int_equal(chmod(f->path, 0600), 0);
	char missing[128];
	snprintf(missing, sizeof(missing), "%s/none", f->dir);
	assert_int_equal(crypto_key_load(missing, &k, &e), -1);
}

static void write_key_text(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	assert_int_equal(chmod(path, 0600), 0);
}

static void test_key_format(void **state)
{
	struct fixture *f = *state;
	struct crypto_key k;
	struct bf_err e;
	char path[128];
	snprintf(path, sizeof(path), "%s/bad", f->dir);
	write_key_text(path, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg\n");
	assert_int_equal(crypto_key_load(path, &k, &e), -1);
	assert_non_null(strstr(e.message, "格式"));
	snprintf(path, sizeof(path), "%s/short", f->dir);
	write_key_text(path, "0123456789abcdef\n");
	assert_int_equal(crypto_key_load(path, &k, &e), -1);
	write_key_text(path, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
	assert_int_equal(crypto_key_load(path, &k, &e), 0); /* newline optional */
}

static void roundtrip(const struct crypto_key *k, const char *plain)
{
	struct strbuf sealed = STRBUF_INIT, opened = STRBUF_INIT;
	assert_int_equal(crypto_seal(k, plain, &sealed), 0);
	assert_null(strstr(sealed.buf, plain[0] ? plain : "\x01"));
	assert_int_equal(crypto_open(k, sealed.buf, &opened), 0);
	assert_string_equal(strbuf_str(&opened), plain);
	strbuf_release(&sealed);
	strbuf_release(&opened);
}

static void test_seal_roundtrip(void **state)
{
	struct fixture *f = *state;
	roundtrip(&f->k1, "110105194912310023");
	roundtrip(&f->k1, "13800138000");
	roundtrip(&f->k1, "张三");
	roundtrip(&f->k1, "");
	char big[5000];
	for (size_t i = 0; i < sizeof(big) - 1; i++)
		big[i] = (char)('a' + i % 26);
	big[sizeof(big) - 1] = '\0';
	roundtrip(&f->k1, big);
	/* Random IV: the same value seals differently each time. */
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	assert_int_equal(crypto_seal(&f->k1, "13800138000", &a), 0);
	assert_int_equal(crypto_seal(&f->k1, "13800138000", &b), 0);
	assert_string_not_equal(a.buf, b.buf);
	/* Short values fit the member record's sealed columns. */
	assert_true(a.len < 160);
	strbuf_release(&a);
	strbuf_release(&b);
}

static void test_open_refuses(void **state)
{
	struct fixture *f = *state;
	struct strbuf sealed = STRBUF_INIT, out = STRBUF_INIT;
	assert_int_equal(crypto_seal(&f->k1, "110105194912310023", &sealed), 0);
	/* Every single flipped character is refused. */
	for (size_t i = 0; i < sealed.len; i++) {
		char *copy = strdup(sealed.buf);
		copy[i] = copy[i] == 'A' ? 'B' : 'A';
		if (copy[i] == sealed.buf[i])
			copy[i] = 'C';
		assert_int_equal(crypto_open(&f->k1, copy, &out), -1);
		free(copy);
	}
	assert_int_equal(out.len, 0);
	/* Another key, truncation, garbage. */
	assert_int_equal(crypto_open(&f->k2, sealed.buf, &out), -1);
	char *cut = strdup(sealed.buf);
	cut[sealed.len - 4] = '\0';
	assert_int_equal(crypto_open(&f->k1, cut, &out), -1);
	free(cut);
	assert_int_equal(crypto_open(&f->k1, "", &out), -1);
	assert_int_equal(crypto_open(&f->k1, "not base64!", &out), -1);
	assert_int_equal(crypto_open(&f->k1, "AAAA", &out), -1);
	assert_int_equal(crypto_open(&f->k1, NULL, &out), -1);
	assert_int_equal(out.len, 0);
	/* Still fine with the right key. */
	assert_int_equal(crypto_open(&f->k1, sealed.buf, &out), 0);
	assert_string_equal(out.buf, "110105194912310023");
	strbuf_release(&sealed);
	strbuf_release(&out);
}

static void test_blind_index(void **state)
{
	struct fixture *f = *state;
	char a[65], b[65], c[65], d[65];
	crypto_blind_index(&f->k1, "13800138000", a);
	crypto_blind_index(&f->k1, "13800138000", b);
	crypto_blind_index(&f->k1, "13800138001", c);
	crypto_blind_index(&f->k2, "13800138000", d);
	assert_int_equal(strlen(a), 64);
	assert_int_equal(strspn(a, "0123456789abcdef"), 64);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	assert_string_not_equal(a, d);
	/* Interleaving keys does not disturb the per-thread contexts. */
	for (int i = 0; i < 10; i++) {
		crypto_blind_index(&f->k2, "x", c);
		crypto_blind_index(&f->k1, "13800138000", b);
		assert_string_equal(a, b);
	}
}

struct thread_arg {
	const struct crypto_key *key;
	int ok;
};

static void *seal_many(void *p)
{
	struct thread_arg *t = p;
	struct strbuf s = STRBUF_INIT, o = STRBUF_INIT;
	t->ok = 1;
	for (int i = 0; i < 500; i++) {
		char v[32];
		snprintf(v, sizeof(v), "value-%d", i);
		strbuf_reset(&s);
		strbuf_reset(&o);
		if (crypto_seal(t->key, v, &s) || crypto_open(t->key, s.buf, &o) ||
		    strcmp(o.buf, v) != 0)
			t->ok = 0;
	}
	strbuf_release(&s);
	strbuf_release(&o);
	return NULL;
}

static void test_threads(void **state)
{
	struct fixture *f = *state;
	pthread_t th[4];
	struct thread_arg args[4];
	for (int i = 0; i < 4; i++) {
		args[i].key = i % 2 ? &f->k1 : &f->k2;
		assert_int_equal(pthread_create(&th[i], NULL, seal_many, &args[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		assert_true(args[i].ok);
	}
}

/* After fork, parent and child must not seal with the same IV (both hold
 * a copy of the per-thread IV pool). */
static void test_fork_ivs(void **state)
{
	struct fixture *f = *state;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	int fds[2];
	char child[32] = {0};
	assert_int_equal(crypto_seal(&f->k1, "x", &a), 0); /* fills the pool */
	strbuf_reset(&a);
	assert_int_equal(pipe(fds), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int ok = crypto_seal(&f->k1, "x", &b) == 0 && write(fds[1], b.buf, 22) == 22;
		_exit(ok ? 0 : 1);
	}
	assert_int_equal(crypto_seal(&f->k1, "x", &a), 0);
	close(fds[1]);
	assert_int_equal(read(fds[0], child, 22), 22);
	close(fds[0]);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	/* The first 16 base64 characters carry the version byte and 11 bytes
	 * of the IV; 22 take in some ciphertext too, as equal as the IVs. */
	assert_memory_not_equal(a.buf, child, 22);
	strbuf_release(&a);
	strbuf_release(&b);
}

/* ---- against OpenSSL: crypto.c computes HMAC-SM3 on its own SM3 ---- */

static void openssl_hmac_sm3(const unsigned char *key, size_t keylen, const void *msg, size_t len,
			     unsigned char out[32])
{
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	EVP_MAC_CTX *ctx = EVP_MAC_CTX_new(mac);
	OSSL_PARAM params[] = {
	    OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"SM3", 0),
	    OSSL_PARAM_construct_end(),
	};
	size_t n = 0;
	assert_true(EVP_MAC_init(ctx, key, keylen, params));
	assert_true(EVP_MAC_update(ctx, msg, len));
	assert_true(EVP_MAC_final(ctx, out, &n, 32));
	assert_int_equal(n, 32);
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(mac);
}

static void hex32(const unsigned char *in, char out[65])
{
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", in[i]);
}

/* Blind indexes are HMAC-SM3: every length from empty to several blocks
 * (the padding crosses block edges at 55/56 and 119/120 bytes), random keys
 * and bytes, equal to OpenSSL's. */
static void test_hmac_matches_openssl(void **state)
{
	struct crypto_key k;
	unsigned char msg[300], mac[32];
	char want[65], got[65];
	unsigned seed = 12345;
	for (int round = 0; round < 3; round++) {
		for (size_t i = 0; i < sizeof(k.bidx); i++)
			k.bidx[i] = (unsigned char)(rand_r(&seed) & 0xff);
		for (size_t len = 0; len < sizeof(msg) - 1; len++) {
			for (size_t i = 0; i < len; i++)
				msg[i] = (unsigned char)(1 + rand_r(&seed) % 255); /* no NUL */
			msg[len] = 0;
			openssl_hmac_sm3(k.bidx, 32, msg, len, mac);
			hex32(mac, want);
			crypto_blind_index(&k, (const char *)msg, got);
			assert_string_equal(got, want);
		}
	}
	/* GB/T 32905-2016 example 2: 64 bytes, two blocks with the padding. */
	crypto_sm3_hex("abcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcd", 64,
		       want);
	assert_string_equal(want,
			    "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
}

/* Sub-keys are HMAC-SM3(master, label): a key file loads to the same keys
 * as before the HMAC moved off EVP, or stored values would be lost. */
static void test_subkeys_match_openssl(void **state)
{
	struct fixture *f = *state;
	char text[80];
	unsigned char master[32], mac[32];
	read_file(f->path, text, sizeof(text));
	for (int i = 0; i < 32; i++) {
		unsigned v;
		assert_int_equal(sscanf(text + 2 * i, "%2x", &v), 1);
		master[i] = (unsigned char)v;
	}
	openssl_hmac_sm3(master, 32, "bangfu/v1/sm4-ctr", 17, mac);
	assert_memory_equal(f->k1.enc, mac, 16);
	openssl_hmac_sm3(master, 32, "bangfu/v1/hmac-sm3-tag", 22, mac);
	assert_memory_equal(f->k1.mac, mac, 32);
	openssl_hmac_sm3(master, 32, "bangfu/v1/blind-index", 21, mac);
	assert_memory_equal(f->k1.bidx, mac, 32);
}

static void sm4_ctr_openssl(const unsigned char key[16], const unsigned char ctr[16],
			    const unsigned char *in, int len, unsigned char *out)
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int n = 0;
	assert_true(EVP_EncryptInit_ex(c, EVP_sm4_ctr(), NULL, key, ctr));
	assert_true(EVP_EncryptUpdate(c, out, &n, in, len));
	assert_int_equal(n, len);
	EVP_CIPHER_CTX_free(c);
}

/* Version 2, written now: 2 | 12-byte IV | SM4-CTR from IV|0^32 | the
 * first 16 bytes of HMAC-SM3 over all before it; checked here with OpenSSL
 * alone. */
static void test_seal_format_v2(void **state)
{
	struct fixture *f = *state;
	const char *plain = "110105194912310023";
	struct strbuf s = STRBUF_INIT;
	unsigned char raw[128], ctr[16] = {0}, pt[32], tag[32];
	assert_int_equal(crypto_seal(&f->k1, plain, &s), 0);
	assert_int_equal(s.len, 64); /* 47 bytes: 92 characters in version 1 */
	int n = EVP_DecodeBlock(raw, (const unsigned char *)s.buf, (int)s.len);
	assert_int_equal(n, 48); /* one byte of '=' padding */
	n = 47;
	assert_int_equal(raw[0], 2);
	openssl_hmac_sm3(f->k1.mac, 32, raw, 1 + 12 + 18, tag);
	assert_memory_equal(raw + 1 + 12 + 18, tag, 16);
	memcpy(ctr, raw + 1, 12);
	sm4_ctr_openssl(f->k1.enc, ctr, raw + 13, 18, pt);
	assert_memory_equal(pt, plain, 18);
	/* A phone number: 40 bytes, 56 characters (80 in version 1). */
	strbuf_reset(&s);
	assert_int_equal(crypto_seal(&f->k1, "13800138000", &s), 0);
	assert_int_equal(s.len, 56);
	strbuf_release(&s);
}

/* Values sealed before version 2 (16-byte IV, whole 32-byte tag) still
 * open, and a version-1 text cut or relabelled as version 2 does not. */
static void test_open_version1(void **state)
{
	struct fixture *f = *state;
	const char *plain = "13800138000";
	unsigned char raw[1 + 16 + 11 + 32], iv[16];
	char text[128];
	struct strbuf out = STRBUF_INIT;
	for (int i = 0; i < 16; i++)
		iv[i] = (unsigned char)(0xf0 + i);
	raw[0] = 1;
	memcpy(raw + 1, iv, 16);
	sm4_ctr_openssl(f->k1.enc, iv, (const unsigned char *)plain, 11, raw + 17);
	openssl_hmac_sm3(f->k1.mac, 32, raw, 28, raw + 28);
	EVP_EncodeBlock((unsigned char *)text, raw, sizeof(raw));
	assert_int_equal(strlen(text), 80);
	assert_int_equal(crypto_open(&f->k1, text, &out), 0);
	assert_string_equal(strbuf_str(&out), plain);
	assert_int_equal(crypto_open(&f->k2, text, &out), -1);
	raw[0] = 2; /* same bytes claimed as version 2 */
	EVP_EncodeBlock((unsigned char *)text, raw, sizeof(raw));
	assert_int_equal(crypto_open(&f->k1, text, &out), -1);
	raw[0] = 3; /* unknown version */
	EVP_EncodeBlock((unsigned char *)text, raw, sizeof(raw));
	assert_int_equal(crypto_open(&f->k1, text, &out), -1);
	/* The counter carries across all 16 bytes, as OpenSSL's CTR does:
	 * an IV of ff...fe and four blocks. */
	const char *longer = "0123456789abcdefghijklmnopqrstuvwxyz-0123456789ab";
	size_t n = strlen(longer);
	unsigned char raw2[1 + 16 + 64 + 32];
	char text2[256];
	memset(iv, 0xff, sizeof(iv));
	iv[15] = 0xfe;
	raw2[0] = 1;
	memcpy(raw2 + 1, iv, 16);
	sm4_ctr_openssl(f->k1.enc, iv, (const unsigned char *)longer, (int)n, raw2 + 17);
	openssl_hmac_sm3(f->k1.mac, 32, raw2, 17 + n, raw2 + 17 + n);
	EVP_EncodeBlock((unsigned char *)text2, raw2, (int)(17 + n + 32));
	strbuf_reset(&out);
	assert_int_equal(crypto_open(&f->k1, text2, &out), 0);
	assert_string_equal(strbuf_str(&out), longer);
	strbuf_release(&out);
}

static void test_sm3_and_random(void **state)
{
	char hex[65];
	/* GB/T 32905-2016 example 1. */
	crypto_sm3_hex("abc", 3, hex);
	assert_string_equal(hex,
			    "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
	char t1[44], t2[44];
	assert_int_equal(crypto_token(t1), 0);
	assert_int_equal(crypto_token(t2), 0);
	assert_int_equal(strlen(t1), 43);
	assert_int_equal(
	    strspn(t1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), 43);
	assert_string_not_equal(t1, t2);
	unsigned char r[32] = {0}, zero[32] = {0};
	assert_int_equal(crypto_random(r, sizeof(r)), 0);
	assert_memory_not_equal(r, zero, sizeof(r));
}

static void test_password_hash(void **state)
{
	char h1[128], h2[128];
	assert_int_equal(crypto_password_hash("Admin12345", h1), 0);
	assert_int_equal(strncmp(h1, "$argon2id$v=19$m=19456,t=2,p=1$", 31), 0);
	assert_int_equal(crypto_password_hash("Admin12345", h2), 0);
	assert_string_not_equal(h1, h2); /* random salt */
	assert_int_equal(crypto_password_verify(h1, "Admin12345"), 1);
	assert_int_equal(crypto_password_verify(h2, "Admin12345"), 1);
	assert_int_equal(crypto_password_verify(h1, "Admin12346"), 0);
	assert_int_equal(crypto_password_verify(h1, ""), 0);
	assert_int_equal(crypto_password_verify("garbage", "Admin12345"), 0);
	assert_int_equal(crypto_password_verify(NULL, "Admin12345"), 0);
	assert_int_equal(crypto_password_hash("密码密码密码密码a1", h1), 0);
	assert_int_equal(crypto_password_verify(h1, "密码密码密码密码a1"), 1);
}

static void weak(const char *pw)
{
	struct bf_err e;
	if (crypto_password_policy(pw, &e) != -1)
		fail_msg("\"%s\" accepted", pw ? pw : "(null)");
	assert_int_equal(e.code, EC_WEAK_PASSWORD);
	assert_string_equal(e.field, "password");
	assert_string_equal(e.message, "密码至少 10 位，且须同时包含字母和数字");
}

/* hex_value: the one hex-digit reader of the URL (percent_decode), XLSX
 * (_xHHHH_) and the key file. */
static void test_hex_value(void **state)
{
	(void)state;
	const char *digits = "0123456789abcdef", *upper = "ABCDEF";
	for (int i = 0; i < 16; i++)
		assert_int_equal(hex_value((unsigned char)digits[i]), i);
	for (int i = 0; i < 6; i++)
		assert_int_equal(hex_value((unsigned char)upper[i]), 10 + i);
	for (int c = 0; c < 256; c++)
		if (!strchr("0123456789abcdefABCDEF", c) || !c)
			assert_int_equal(hex_value(c), -1);
}

static void test_password_policy(void **state)
{
	struct bf_err e;
	assert_int_equal(crypto_password_policy("Admin12345", &e), 0);
	assert_int_equal(crypto_password_policy("abcdefghi1", &e), 0);
	assert_int_equal(crypto_password_policy("密码密码密码密码a1", &e), 0); /* 10 chars */
	weak("Admin1234");						       /* 9 */
	weak("abcdefghij");						       /* no digit */
	weak("1234567890");						       /* no letter */
	weak("密码密码a1");	      /* 6 characters though 14 bytes */
	weak("密码密码密码密码密码"); /* no letter, no digit */
	weak("");
	weak(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_key_file),
	    cmocka_unit_test(test_key_permissions),
	    cmocka_unit_test(test_key_format),
	    cmocka_unit_test(test_seal_roundtrip),
	    cmocka_unit_test(test_open_refuses),
	    cmocka_unit_test(test_blind_index),
	    cmocka_unit_test(test_threads),
	    cmocka_unit_test(test_fork_ivs),
	    cmocka_unit_test(test_sm3_and_random),
	    cmocka_unit_test(test_password_hash),
	    cmocka_unit_test(test_password_policy),
	    cmocka_unit_test(test_hex_value),
	    cmocka_unit_test(test_hmac_matches_openssl),
	    cmocka_unit_test(test_subkeys_match_openssl),
	    cmocka_unit_test(test_seal_format_v2),
	    cmocka_unit_test(test_open_version1),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
