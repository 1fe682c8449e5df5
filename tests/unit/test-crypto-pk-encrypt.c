/* test-crypto-pk-encrypt.c - local RSA encryption
 * (session/crypto/pk_encrypt.c), every ciphertext decrypted by OpenSSL
 * with the private key. */
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/rsa.h>

#include "session/crypto/pk_encrypt.h"
#include "tests/unit/crypto_test_util.h"
#include "tests/unit/unit.h"

/* 2048-bit test key */
#define K 256

static parsec_algorithm_t alg_of(parsec_alg_kind_t kind, parsec_hash_t hash)
{
	parsec_algorithm_t alg = {kind, hash, 0};

	return alg;
}

/* OpenSSL's decryption with the private key; returns the plaintext
 * length, or -1 when OpenSSL refuses the ciphertext. */
static long openssl_decrypt(int padding, parsec_hash_t oaep_hash,
			    const uint8_t *label, size_t label_len,
			    const uint8_t *in, size_t in_len, uint8_t *out)
{
	EVP_PKEY_CTX *ctx =
		EVP_PKEY_CTX_new_from_pkey(NULL, tc_rsa_key(), NULL);
	size_t out_len = TC_BUF_MAX;
	uint8_t *copy;
	long rv;

	ck_assert_ptr_nonnull(ctx);
	ck_assert_int_eq(EVP_PKEY_decrypt_init(ctx), 1);
	ck_assert_int_gt(EVP_PKEY_CTX_set_rsa_padding(ctx, padding), 0);
	if (padding == RSA_PKCS1_OAEP_PADDING) {
		ck_assert_int_gt(
			EVP_PKEY_CTX_set_rsa_oaep_md(ctx, tc_md(oaep_hash)), 0);
		ck_assert_int_gt(
			EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, tc_md(oaep_hash)), 0);
	}
	if (label_len != 0) {
		copy = OPENSSL_memdup(label, label_len);
		ck_assert_ptr_nonnull(copy);
		ck_assert_int_gt(EVP_PKEY_CTX_set0_rsa_oaep_label(
					 ctx, copy, (int)label_len),
				 0);
	}
	rv = EVP_PKEY_decrypt(ctx, out, &out_len, in, in_len) == 1
		     ? (long)out_len
		     : -1;
	EVP_PKEY_CTX_free(ctx);
	ERR_clear_error();
	return rv;
}

static const parsec_hash_t oaep_hashes[] = {
	PARSEC_HASH_SHA_1,   PARSEC_HASH_SHA_224, PARSEC_HASH_SHA_256,
	PARSEC_HASH_SHA_384, PARSEC_HASH_SHA_512,
};

#define N_OAEP_HASHES (int)(sizeof(oaep_hashes) / sizeof(oaep_hashes[0]))

START_TEST(test_pkcs1_ciphertexts_decrypt_with_openssl)
{
	static const size_t lengths[] = {0, 1, 100, K - 11};
	parsec_algorithm_t alg = alg_of(PARSEC_ALG_RSA_PKCS1V15_CRYPT, 0);
	EVP_PKEY *pub = tc_public(tc_rsa_key());
	uint8_t data[K], ct[TC_BUF_MAX], pt[TC_BUF_MAX];
	size_t i, ct_len;

	for (i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++) {
		tc_random(data, lengths[i]);
		ct_len = sizeof(ct);
		ck_assert_int_eq(pk_encrypt(pub, &alg, data, lengths[i], NULL,
					    0, ct, &ct_len),
				 CKR_OK);
		ck_assert_uint_eq(ct_len, K);
		ck_assert_int_eq(openssl_decrypt(RSA_PKCS1_PADDING, 0, NULL, 0,
						 ct, ct_len, pt),
				 (long)lengths[i]);
		ck_assert_mem_eq(pt, data, lengths[i]);
	}
	EVP_PKEY_free(pub);
}
END_TEST

START_TEST(test_pkcs1_data_over_k_minus_11_is_data_len_range)
{
	parsec_algorithm_t alg = alg_of(PARSEC_ALG_RSA_PKCS1V15_CRYPT, 0);
	EVP_PKEY *pub = tc_public(tc_rsa_key());
	uint8_t data[K] = {0}, ct[TC_BUF_MAX];
	size_t ct_len = sizeof(ct);

	ck_assert_int_eq(
		pk_encrypt(pub, &alg, data, K - 10, NULL, 0, ct, &ct_len),
		CKR_DATA_LEN_RANGE);
	/* a size query for such data fails the same way */
	ck_assert_int_eq(
		pk_encrypt(pub, &alg, data, K - 10, NULL, 0, NULL, &ct_len),
		CKR_DATA_LEN_RANGE);
	EVP_PKEY_free(pub);
}
END_TEST

START_TEST(test_oaep_ciphertexts_decrypt_with_openssl_with_and_without_label)
{
	static const uint8_t label[] = "an OAEP label";
	parsec_hash_t h = oaep_hashes[_i];
	parsec_algorithm_t alg = alg_of(PARSEC_ALG_RSA_OAEP, h);
	EVP_PKEY *pub = tc_public(tc_rsa_key());
	size_t max = K - 2 * parsec_hash_size(h) - 2, ct_len;
	size_t lengths[] = {0, 1, max}, i;
	uint8_t data[K], ct[TC_BUF_MAX], pt[TC_BUF_MAX];

	for (i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++) {
		tc_random(data, lengths[i]);
		ct_len = sizeof(ct);
		ck_assert_int_eq(pk_encrypt(pub, &alg, data, lengths[i], NULL,
					    0, ct, &ct_len),
				 CKR_OK);
		ck_assert_int_eq(openssl_decrypt(RSA_PKCS1_OAEP_PADDING, h,
						 NULL, 0, ct, ct_len, pt),
				 (long)lengths[i]);
		ck_assert_mem_eq(pt, data, lengths[i]);

		ct_len = sizeof(ct);
		ck_assert_int_eq(pk_encrypt(pub, &alg, data, lengths[i], label,
					    sizeof(label), ct, &ct_len),
				 CKR_OK);
		ck_assert_int_eq(openssl_decrypt(RSA_PKCS1_OAEP_PADDING, h,
						 label, sizeof(label), ct,
						 ct_len, pt),
				 (long)lengths[i]);
		ck_assert_mem_eq(pt, data, lengths[i]);
		/* the label is really bound to the ciphertext */
		ck_assert_int_eq(openssl_decrypt(RSA_PKCS1_OAEP_PADDING, h,
						 NULL, 0, ct, ct_len, pt),
				 -1);
	}
	EVP_PKEY_free(pub);
}
END_TEST

START_TEST(test_oaep_data_over_k_minus_2h_minus_2_is_data_len_range)
{
	parsec_hash_t h = oaep_hashes[_i];
	parsec_algorithm_t alg = alg_of(PARSEC_ALG_RSA_OAEP, h);
	EVP_PKEY *pub = tc_public(tc_rsa_key());
	size_t max = K - 2 * parsec_hash_size(h) - 2, ct_len = TC_BUF_MAX;
	uint8_t data[K] = {0}, ct[TC_BUF_MAX];

	ck_assert_int_eq(
		pk_encrypt(pub, &alg, data, max + 1, NULL, 0, ct, &ct_len),
		CKR_DATA_LEN_RANGE);
	EVP_PKEY_free(pub);
}
END_TEST

START_TEST(test_output_is_sized_as_pkcs11_asks)
{
	parsec_algorithm_t alg =
		alg_of(PARSEC_ALG_RSA_OAEP, PARSEC_HASH_SHA_256);
	EVP_PKEY *pub = tc_public(tc_rsa_key());
	uint8_t data[16] = {0}, ct[TC_BUF_MAX];
	size_t len = 0;

	ck_assert_uint_eq(pk_encrypt_len(pub), K);
	ck_assert_int_eq(pk_encrypt(pub, &alg, data, 16, NULL, 0, NULL, &len),
			 CKR_OK);
	ck_assert_uint_eq(len, K);
	len = K - 1;
	ck_assert_int_eq(pk_encrypt(pub, &alg, data, 16, NULL, 0, ct, &len),
			 CKR_BUFFER_TOO_SMALL);
	ck_assert_uint_eq(len, K);
	ck_assert_int_eq(pk_encrypt(pub, &alg, data, 16, NULL, 0, ct, &len),
			 CKR_OK);
	ck_assert_uint_eq(len, K);
	EVP_PKEY_free(pub);
}
END_TEST

START_TEST(test_ec_key_is_key_type_inconsistent)
{
	parsec_algorithm_t alg = alg_of(PARSEC_ALG_RSA_PKCS1V15_CRYPT, 0);
	EVP_PKEY *ec = tc_public(tc_ec_key("P-256"));
	uint8_t data[16] = {0}, ct[TC_BUF_MAX];
	size_t len = sizeof(ct);

	ck_assert_uint_eq(pk_encrypt_len(ec), 0);
	ck_assert_int_eq(pk_encrypt(ec, &alg, data, 16, NULL, 0, ct, &len),
			 CKR_KEY_TYPE_INCONSISTENT);
	ck_assert_int_eq(pk_encrypt(NULL, &alg, data, 16, NULL, 0, ct, &len),
			 CKR_ARGUMENTS_BAD);
	EVP_PKEY_free(ec);
}
END_TEST

START_TEST(test_algorithm_that_is_not_encryption_is_mechanism_invalid)
{
	EVP_PKEY *pub = tc_public(tc_rsa_key());
	uint8_t data[16] = {0}, ct[TC_BUF_MAX];
	parsec_algorithm_t alg;
	size_t len = sizeof(ct);

	alg = alg_of(PARSEC_ALG_RSA_PSS, PARSEC_HASH_SHA_256);
	ck_assert_int_eq(pk_encrypt(pub, &alg, data, 16, NULL, 0, ct, &len),
			 CKR_MECHANISM_INVALID);
	alg = alg_of(PARSEC_ALG_RSA_OAEP, PARSEC_HASH_ANY);
	ck_assert_int_eq(pk_encrypt(pub, &alg, data, 16, NULL, 0, ct, &len),
			 CKR_MECHANISM_INVALID);
	alg = alg_of(PARSEC_ALG_RSA_PKCS1V15_CRYPT, 0);
	ck_assert_int_eq(pk_encrypt(pub, &alg, data, 16, data, 4, ct, &len),
			 CKR_MECHANISM_PARAM_INVALID);
	EVP_PKEY_free(pub);
}
END_TEST

START_TEST(test_encryption_is_randomised)
{
	parsec_algorithm_t alg = alg_of(PARSEC_ALG_RSA_PKCS1V15_CRYPT, 0);
	EVP_PKEY *pub = tc_public(tc_rsa_key());
	uint8_t data[16] = {0}, a[K], b[K];
	size_t a_len = K, b_len = K;

	ck_assert_int_eq(pk_encrypt(pub, &alg, data, 16, NULL, 0, a, &a_len),
			 CKR_OK);
	ck_assert_int_eq(pk_encrypt(pub, &alg, data, 16, NULL, 0, b, &b_len),
			 CKR_OK);
	ck_assert(memcmp(a, b, K) != 0);
	EVP_PKEY_free(pub);
}
END_TEST

Suite *unit_suite(void)
{
	Suite *s = suite_create("crypto-pk-encrypt");
	TCase *tc = tcase_create("encrypt");

	tcase_add_unchecked_fixture(tc, tc_make_keys, NULL);
	tcase_add_test(tc, test_pkcs1_ciphertexts_decrypt_with_openssl);
	tcase_add_test(tc, test_pkcs1_data_over_k_minus_11_is_data_len_range);
	tcase_add_loop_test(
		tc,
		test_oaep_ciphertexts_decrypt_with_openssl_with_and_without_label,
		0, N_OAEP_HASHES);
	tcase_add_loop_test(
		tc, test_oaep_data_over_k_minus_2h_minus_2_is_data_len_range, 0,
		N_OAEP_HASHES);
	tcase_add_test(tc, test_output_is_sized_as_pkcs11_asks);
	tcase_add_test(tc, test_ec_key_is_key_type_inconsistent);
	tcase_add_test(
		tc, test_algorithm_that_is_not_encryption_is_mechanism_invalid);
	tcase_add_test(tc, test_encryption_is_randomised);
	suite_add_tcase(s, tc);
	return s;
}
