/* crypto.h - field encryption (SM4-CTR + HMAC-SM3), blind indexes
 * (HMAC-SM3), SM3 digests, random tokens and Argon2id password hashes. */
#ifndef BANGFU_CRYPTO_H
#define BANGFU_CRYPTO_H
#include <stddef.h>
#include "err.h"
#include "strbuf.h"

/* The master key: 32 random bytes kept in a file of mode 0600.  Sub-keys for
 * encryption, authentication, the blind index and the audit and ledger
 * chains are derived from it with HMAC-SM3 and distinct labels. */
struct crypto_key {
	unsigned char enc[16];
	unsigned char mac[32];
	unsigned char bidx[32];
	unsigned char chain[32];
};

/* Creates a new key file (fails if it exists: never overwrite a key). */
int crypto_key_create(const char *path, struct bf_err *e);
/* Loads a key file; refuses a file readable by group/others. */
int crypto_key_load(const char *path, struct crypto_key *key, struct bf_err *e);
/* The same from the file's text (64 hex characters, an optional newline). */
int crypto_key_parse(const char *text, struct crypto_key *key, struct bf_err *e);
/* Encrypts plaintext into printable text (base64 of version|iv|ct|tag). */
int crypto_seal(const struct crypto_key *key, const char *plain, struct strbuf *out);
/* Verifies and decrypts; -1 when the tag does not match or input malformed. */
int crypto_open(const struct crypto_key *key, const char *sealed, struct strbuf *out);
/* Keyed blind index of a normalised value, 64 hex chars into out[65]. */
void crypto_blind_index(const struct crypto_key *key, const char *value, char out[65]);
/* HMAC-SM3 with the chain sub-key (the chains' row MACs), 64 hex chars
 * into out[65]. */
void crypto_chain_mac(const struct crypto_key *key, const void *data, size_t len, char out[65]);
/* The value (0-15) of the hex digit c (either case); -1 when c is not one
 * (the URL's %XX, XLSX's _xHHHH_, the key file). */
int hex_value(int c);
/* SM3 digest of data as 64 lower-case hex chars into out[65]. */
void crypto_sm3_hex(const void *data, size_t len, char out[65]);
/* n random bytes from the OS CSPRNG; 0 or -1. */
int crypto_random(void *buf, size_t n);
/* A random URL-safe token of 43 characters (32 bytes) into out[44]. */
int crypto_token(char out[44]);
/* Argon2id (t=2, m=19 MiB, p=1) encoded hash into out[128]. */
int crypto_password_hash(const char *password, char out[128]);
/* 1 when the password matches the encoded hash, 0 otherwise. */
int crypto_password_verify(const char *encoded, const char *password);
/* Policy: at least 10 characters with letters and digits; fills e
 * (EC_WEAK_PASSWORD, field "password"). */
int crypto_password_policy(const char *password, struct bf_err *e);

#endif
