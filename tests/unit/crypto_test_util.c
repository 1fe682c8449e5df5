/* crypto_test_util.c - OpenSSL as the independent reference of the
 * session/crypto tests. */
#include "tests/unit/crypto_test_util.h"

#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <openssl/asn1.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

const parsec_hash_t tc_sha2_hashes[5] = {
	PARSEC_HASH_SHA_1,   PARSEC_HASH_SHA_224, PARSEC_HASH_SHA_256,
	PARSEC_HASH_SHA_384, PARSEC_HASH_SHA_512,
};

static const struct {
	parsec_hash_t hash;
	const char *name;
} md_names[] = {
	{PARSEC_HASH_SHA_1, "SHA1"},
	{PARSEC_HASH_SHA_224, "SHA2-224"},
	{PARSEC_HASH_SHA_256, "SHA2-256"},
	{PARSEC_HASH_SHA_384, "SHA2-384"},
	{PARSEC_HASH_SHA_512, "SHA2-512"},
	{PARSEC_HASH_SHA_512_224, "SHA2-512/224"},
	{PARSEC_HASH_SHA_512_256, "SHA2-512/256"},
	{PARSEC_HASH_SHA3_224, "SHA3-224"},
	{PARSEC_HASH_SHA3_256, "SHA3-256"},
	{PARSEC_HASH_SHA3_384, "SHA3-384"},
	{PARSEC_HASH_SHA3_512, "SHA3-512"},
	{PARSEC_HASH_MD5, "MD5"},
};

#define N_MD_NAMES (sizeof(md_names) / sizeof(md_names[0]))

static EVP_MD *mds[N_MD_NAMES];

static void free_at_exit(void);

const EVP_MD *tc_md(parsec_hash_t hash)
{
	size_t i;

	for (i = 0; i < N_MD_NAMES; i++) {
		if (md_names[i].hash != hash)
			continue;
		free_at_exit();
		if (mds[i] == NULL)
			mds[i] = EVP_MD_fetch(NULL, md_names[i].name, NULL);
		ck_assert_ptr_nonnull(mds[i]);
		return mds[i];
	}
	ck_abort_msg("no OpenSSL digest for hash %d", (int)hash);
	return NULL;
}

static EVP_PKEY *rsa_key;

static const char *ec_groups[] = {"P-256", "P-384", "P-521", "secp256k1"};
#define N_EC_GROUPS (sizeof(ec_groups) / sizeof(ec_groups[0]))
static EVP_PKEY *ec_keys[N_EC_GROUPS];

EVP_PKEY *tc_rsa_key(void)
{
	free_at_exit();
	if (rsa_key == NULL)
		rsa_key = EVP_RSA_gen(2048);
	ck_assert_ptr_nonnull(rsa_key);
	return rsa_key;
}

EVP_PKEY *tc_ec_key(const char *group)
{
	size_t i;

	for (i = 0; i < N_EC_GROUPS; i++) {
		if (strcmp(ec_groups[i], group) != 0)
			continue;
		free_at_exit();
		if (ec_keys[i] == NULL)
			ec_keys[i] = EVP_EC_gen(group);
		ck_assert_ptr_nonnull(ec_keys[i]);
		return ec_keys[i];
	}
	ck_abort_msg("no test key for group %s", group);
	return NULL;
}

EVP_PKEY *tc_public(EVP_PKEY *key)
{
	unsigned char *der = NULL;
	const unsigned char *p;
	EVP_PKEY *pub;
	int len;

	len = i2d_PUBKEY(key, &der);
	ck_assert_int_gt(len, 0);
	p = der;
	pub = d2i_PUBKEY(NULL, &p, len);
	OPENSSL_free(der);
	ck_assert_ptr_nonnull(pub);
	return pub;
}

void tc_make_ec_keys(void)
{
	size_t i;

	for (i = 0; i < N_EC_GROUPS; i++)
		tc_ec_key(ec_groups[i]);
}

void tc_make_keys(void)
{
	tc_rsa_key();
	tc_make_ec_keys();
}

static void free_keys(void)
{
	size_t i;

	EVP_PKEY_free(rsa_key);
	rsa_key = NULL;
	for (i = 0; i < N_EC_GROUPS; i++) {
		EVP_PKEY_free(ec_keys[i]);
		ec_keys[i] = NULL;
	}
	for (i = 0; i < N_MD_NAMES; i++) {
		EVP_MD_free(mds[i]);
		mds[i] = NULL;
	}
}

static void free_at_exit(void)
{
	static int registered;

	if (!registered)
		registered = atexit(free_keys) == 0;
}

void tc_random(uint8_t *buf, size_t len)
{
	ck_assert_int_eq(RAND_bytes(buf, (int)len), 1);
}

size_t tc_rsa_sign(EVP_PKEY *key, int padding, const EVP_MD *md, int salt_len,
		   const uint8_t *in, size_t len, uint8_t *sig)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, key, NULL);
	size_t sig_len = TC_BUF_MAX;

	ck_assert_ptr_nonnull(ctx);
	ck_assert_int_eq(EVP_PKEY_sign_init(ctx), 1);
	ck_assert_int_gt(EVP_PKEY_CTX_set_rsa_padding(ctx, padding), 0);
	if (md != NULL)
		ck_assert_int_gt(EVP_PKEY_CTX_set_signature_md(ctx, md), 0);
	if (padding == RSA_PKCS1_PSS_PADDING) {
		ck_assert_int_gt(EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, md), 0);
		ck_assert_int_gt(
			EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, salt_len), 0);
	}
	ck_assert_int_eq(EVP_PKEY_sign(ctx, sig, &sig_len, in, len), 1);
	EVP_PKEY_CTX_free(ctx);
	return sig_len;
}

static size_t field_len_of(EVP_PKEY *key)
{
	return ((size_t)EVP_PKEY_get_bits(key) + 7) / 8;
}

size_t tc_ecdsa_sign_rs(EVP_PKEY *key, const uint8_t *in, size_t len,
			uint8_t *rs)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, key, NULL);
	uint8_t der[TC_BUF_MAX];
	const unsigned char *p = der;
	size_t der_len = sizeof(der), n = field_len_of(key);
	ECDSA_SIG *sig;

	ck_assert_ptr_nonnull(ctx);
	ck_assert_int_eq(EVP_PKEY_sign_init(ctx), 1);
	ck_assert_int_eq(EVP_PKEY_sign(ctx, der, &der_len, in, len), 1);
	EVP_PKEY_CTX_free(ctx);
	sig = d2i_ECDSA_SIG(NULL, &p, (long)der_len);
	ck_assert_ptr_nonnull(sig);
	ck_assert_int_eq(BN_bn2binpad(ECDSA_SIG_get0_r(sig), rs, (int)n),
			 (int)n);
	ck_assert_int_eq(BN_bn2binpad(ECDSA_SIG_get0_s(sig), rs + n, (int)n),
			 (int)n);
	ECDSA_SIG_free(sig);
	return 2 * n;
}

size_t tc_ecdsa_der(const uint8_t *r, const uint8_t *s, size_t n, uint8_t *der)
{
	ECDSA_SIG *sig = ECDSA_SIG_new();
	BIGNUM *br = BN_bin2bn(r, (int)n, NULL);
	BIGNUM *bs = BN_bin2bn(s, (int)n, NULL);
	unsigned char *p = der;
	int len;

	ck_assert_ptr_nonnull(sig);
	ck_assert_ptr_nonnull(br);
	ck_assert_ptr_nonnull(bs);
	ck_assert_int_eq(ECDSA_SIG_set0(sig, br, bs), 1);
	len = i2d_ECDSA_SIG(sig, &p);
	ck_assert_int_gt(len, 0);
	ECDSA_SIG_free(sig);
	return (size_t)len;
}

int tc_ecdsa_verify_rs(EVP_PKEY *key, const uint8_t *in, size_t len,
		       const uint8_t *rs, size_t rs_len)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, key, NULL);
	uint8_t der[TC_BUF_MAX];
	size_t der_len;
	int ok;

	ck_assert_uint_eq(rs_len % 2, 0);
	der_len = tc_ecdsa_der(rs, rs + rs_len / 2, rs_len / 2, der);
	ck_assert_ptr_nonnull(ctx);
	ck_assert_int_eq(EVP_PKEY_verify_init(ctx), 1);
	ok = EVP_PKEY_verify(ctx, der, der_len, in, len) == 1;
	EVP_PKEY_CTX_free(ctx);
	return ok;
}

size_t tc_ec_point(EVP_PKEY *key, int compressed, uint8_t *point)
{
	EVP_PKEY *copy = EVP_PKEY_dup(key);
	size_t len = 0;

	ck_assert_ptr_nonnull(copy);
	ck_assert_int_eq(EVP_PKEY_set_utf8_string_param(
				 copy,
				 OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT,
				 compressed ? "compressed" : "uncompressed"),
			 1);
	/* OpenSSL 3.0 writes ENCODED_PUBLIC_KEY uncompressed whatever the
	 * format; PUB_KEY follows it. */
	ck_assert_int_eq(
		EVP_PKEY_get_octet_string_param(copy, OSSL_PKEY_PARAM_PUB_KEY,
						point, TC_BUF_MAX, &len),
		1);
	EVP_PKEY_free(copy);
	return len;
}

size_t tc_der_octet_string(const uint8_t *data, size_t len, uint8_t *der)
{
	ASN1_OCTET_STRING *os = ASN1_OCTET_STRING_new();
	unsigned char *p = der;
	int n;

	ck_assert_ptr_nonnull(os);
	ck_assert_int_eq(ASN1_OCTET_STRING_set(os, data, (int)len), 1);
	n = i2d_ASN1_OCTET_STRING(os, &p);
	ck_assert_int_gt(n, 0);
	ASN1_OCTET_STRING_free(os);
	return (size_t)n;
}
