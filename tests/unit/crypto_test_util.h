/*
 * crypto_test_util.h - OpenSSL used on its own, as the reference the
 * session/crypto tests check against: keys, signatures, encodings.
 * Every helper fails the running test (ck_assert) if OpenSSL does.
 */
#ifndef TESTS_UNIT_CRYPTO_TEST_UTIL_H
#define TESTS_UNIT_CRYPTO_TEST_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "parsec/parsec.h"

/* Large enough for any signature, point or block of the tests. */
#define TC_BUF_MAX 1024

/* The SHA-2 family with a PKCS#11 mechanism each, in table order. */
extern const parsec_hash_t tc_sha2_hashes[5];

/* OpenSSL's digest of a hash, fetched by its OpenSSL name (not through
 * hash.h, which is under test). */
const EVP_MD *tc_md(parsec_hash_t hash);

/* A 2048-bit RSA key pair, made once per process (and kept). */
EVP_PKEY *tc_rsa_key(void);

/* An EC key pair on an OpenSSL group ("P-256", "P-384", "P-521",
 * "secp256k1"), made once per process and group. */
EVP_PKEY *tc_ec_key(const char *group);

/* A public-key-only copy of key (SubjectPublicKeyInfo round trip), as
 * the module builds from a Parsec export. Free with EVP_PKEY_free(). */
EVP_PKEY *tc_public(EVP_PKEY *key);

/* Make the keys above now: unchecked fixtures, so that forked tests
 * share keys made once in the runner. Keys and digests are freed at
 * exit (for leak checks). */
void tc_make_keys(void);
void tc_make_ec_keys(void);

void tc_random(uint8_t *buf, size_t len);

/* RSA signature with OpenSSL: padding RSA_PKCS1_PADDING or
 * RSA_PKCS1_PSS_PADDING, md NULL for a raw PKCS#1 v1.5 signature,
 * salt_len for PSS. Returns the signature length. */
size_t tc_rsa_sign(EVP_PKEY *key, int padding, const EVP_MD *md, int salt_len,
		   const uint8_t *in, size_t len, uint8_t *sig);

/* ECDSA signature with OpenSSL over in taken as the hash, converted to
 * r || s of 2 * field_len bytes by OpenSSL's own ECDSA_SIG. Returns
 * 2 * field_len. */
size_t tc_ecdsa_sign_rs(EVP_PKEY *key, const uint8_t *in, size_t len,
			uint8_t *rs);

/* 1 when OpenSSL finds rs (r || s) a valid ECDSA signature of in. */
int tc_ecdsa_verify_rs(EVP_PKEY *key, const uint8_t *in, size_t len,
		       const uint8_t *rs, size_t rs_len);

/* OpenSSL's DER of the ECDSA-Sig-Value (r, s), from big-endian r and s
 * of n bytes each. Returns its length. */
size_t tc_ecdsa_der(const uint8_t *r, const uint8_t *s, size_t n, uint8_t *der);

/* The public point of an EC key, uncompressed or compressed. Returns
 * its length. */
size_t tc_ec_point(EVP_PKEY *key, int compressed, uint8_t *point);

/* OpenSSL's DER OCTET STRING of data. Returns its length. */
size_t tc_der_octet_string(const uint8_t *data, size_t len, uint8_t *der);

#endif
