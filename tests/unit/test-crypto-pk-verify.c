/* test-crypto-pk-verify.c - local verification (session/crypto/
 * pk_verify.c) of signatures OpenSSL made with the private key, through
 * a public-key-only copy as the module holds it. */
#include <string.h>

#include <openssl/err.h>
#include <openssl/rsa.h>

#include "session/crypto/digest_info.h"
#include "session/crypto/pk_verify.h"
#include "tests/unit/crypto_test_util.h"
#include "tests/unit/unit.h"

static const parsec_hash_t sign_hashes[] = {
	PARSEC_HASH_SHA_1,    PARSEC_HASH_SHA_224, PARSEC_HASH_SHA_256,
	PARSEC_HASH_SHA_384,  PARSEC_HASH_SHA_512, PARSEC_HASH_SHA_512_256,
	PARSEC_HASH_SHA3_256,
};

#define N_SIGN_HASHES (int)(sizeof(sign_hashes) / sizeof(sign_hashes[0]))

static const char *ec_groups[] = {"P-256", "P-384", "P-521", "secp256k1"};

#define N_EC_GROUPS (int)(sizeof(ec_groups) / sizeof(ec_groups[0]))

static parsec_algorithm_t alg_of(parsec_alg_kind_t kind, parsec_hash_t hash)
{
	parsec_algorithm_t alg = {kind, hash, 0};

	return alg;
}

/* Checks the outcomes every scheme shares: the signature verifies, and
 * a flipped bit in it or in the input does not (in the first byte of the
 * input: ECDSA ignores what lies past the order's size). */
static void check_good_and_flipped(EVP_PKEY *pub, parsec_algorithm_t alg,
				   uint8_t *in, size_t in_len, uint8_t *sig,
				   size_t sig_len)
{
	ck_assert_int_eq(pk_verify(pub, &alg, in, in_len, sig, sig_len),
			 CKR_OK);
	sig[sig_len / 2] ^= 0x01;
	ck_assert_int_eq(pk_verify(pub, &alg, in, in_len, sig, sig_len),
			 CKR_SIGNATURE_INVALID);
	sig[sig_len / 2] ^= 0x01;
	in[0] ^= 0x01;
	ck_assert_int_eq(pk_verify(pub, &alg, in, in_len, sig, sig_len),
			 CKR_SIGNATURE_INVALID);
	in[0] ^= 0x01;
}

/* ---- RSA ---------------------------------------------------------- */

START_TEST(test_rsa_pkcs1_signature_of_each_hash_verifies)
{
	parsec_hash_t h = sign_hashes[_i];
	EVP_PKEY *pub = tc_public(tc_rsa_key());
	uint8_t digest[64], sig[TC_BUF_MAX];
	size_t n = parsec_hash_size(h), sig_len;

	tc_random(digest, n);
	sig_len = tc_rsa_sign(tc_rsa_key(), RSA_PKCS1_PADDING, tc_md(h), 0,
			      digest, n, sig);
	check_good_and_flipped(pub, alg_of(PARSEC_ALG_RSA_PKCS1V15_SIGN, h),
			       digest, n, sig, sig_len);
	EVP_PKEY_free(pub);
}
END_TEST

START_TEST(test_rsa_raw_signature_verifies_by_recovered_block)
{
	parsec_algorithm_t raw = alg_of(PARSEC_ALG_RSA_PKCS1V15_SIGN_RAW, 0);
	EVP_PKEY *pub = tc_public(tc_rsa_key());
	uint8_t data[256 - 11], sig[TC_BUF_MAX];
	size_t sizes[] = {1, 51, sizeof(data)}, i, sig_len;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		tc_random(data, sizes[i]);
		sig_len = tc_rsa_sign(tc_rsa_key(), RSA_PKCS1_PADDING, NULL, 0,
				      data, sizes[i], sig);
		check_good_and_flipped(pub, raw, data, sizes[i], sig, sig_len);
	}
	/* a recovered block of another length is not this data */
	ck_assert_int_eq(pk_verify(pub, &raw, data, sizes[2] - 1, sig, sig_len),
			 CKR_SIGNATURE_INVALID);
	EVP_PKEY_free(pub);
}
END_TEST

/* What lets CKM_RSA_PKCS sign a DigestInfo with the hash-specific Parsec
 * algorithm: both schemes give the same signature. */
START_TEST(test_hash_signature_verifies_raw_over_its_digest_info)
{
	parsec_hash_t h = sign_hashes[_i];
	parsec_algorithm_t raw = alg_of(PARSEC_ALG_RSA_PKCS1V15_SIGN_RAW, 0);
	EVP_PKEY *pub = tc_public(tc_rsa_key());
	uint8_t digest[64], info[DIGEST_INFO_MAX_LEN], sig[TC_BUF_MAX];
	size_t n = parsec_hash_size(h), info_len = sizeof(info), sig_len;

	tc_random(digest, n);
	sig_len = tc_rsa_sign(tc_rsa_key(), RSA_PKCS1_PADDING, tc_md(h), 0,
			      digest, n, sig);
	ck_assert_int_eq(digest_info_wrap(h, digest, n, info, &info_len),
			 CKR_OK);
	ck_assert_int_eq(pk_verify(pub, &raw, info, info_len, sig, sig_len),
			 CKR_OK);
	EVP_PKEY_free(pub);
}
END_TEST

START_TEST(test_rsa_pss_signature_of_each_hash_verifies)
{
	parsec_hash_t h = sign_hashes[_i];
	EVP_PKEY *pub = tc_public(tc_rsa_key());
	uint8_t digest[64], sig[TC_BUF_MAX];
	size_t n = parsec_hash_size(h), sig_len;

	tc_random(digest, n);
	sig_len = tc_rsa_sign(tc_rsa_key(), RSA_PKCS1_PSS_PADDING, tc_md(h),
			      (int)n, digest, n, sig);
	check_good_and_flipped(pub, alg_of(PARSEC_ALG_RSA_PSS, h), digest, n,
			       sig, sig_len);
	ck_assert_int_eq(pk_verify_rsa_pss(pub, h, n, digest, n, sig, sig_len),
			 CKR_OK);
	EVP_PKEY_free(pub);
}
END_TEST

START_TEST(test_rsa_pss_salt_other_than_hash_length_needs_explicit_salt)
{
	parsec_algorithm_t alg =
		alg_of(PARSEC_ALG_RSA_PSS, PARSEC_HASH_SHA_256);
	EVP_PKEY *pub = tc_public(tc_rsa_key());
	uint8_t digest[32], sig[TC_BUF_MAX];
	size_t sig_len;

	tc_random(digest, sizeof(digest));
	sig_len = tc_rsa_sign(tc_rsa_key(), RSA_PKCS1_PSS_PADDING,
			      tc_md(PARSEC_HASH_SHA_256), 0, digest, 32, sig);
	ck_assert_int_eq(pk_verify(pub, &alg, digest, 32, sig, sig_len),
			 CKR_SIGNATURE_INVALID);
	ck_assert_int_eq(pk_verify_rsa_pss(pub, PARSEC_HASH_SHA_256, 0, digest,
					   32, sig, sig_len),
			 CKR_OK);
	ck_assert_int_eq(pk_verify_rsa_pss(pub, PARSEC_HASH_SHA_256, 20, digest,
					   32, sig, sig_len),
			 CKR_SIGNATURE_INVALID);
	ck_assert_int_eq(pk_verify_rsa_pss(pub, PARSEC_HASH_SHA_256, 4000,
					   digest, 32, sig, sig_len),
			 CKR_SIGNATURE_INVALID);
	EVP_PKEY_free(pub);
}
END_TEST

START_TEST(test_rsa_signature_not_of_modulus_size_is_len_range)
{
	static const parsec_alg_kind_t kinds[] = {
		PARSEC_ALG_RSA_PKCS1V15_SIGN, PARSEC_ALG_RSA_PKCS1V15_SIGN_RAW,
		PARSEC_ALG_RSA_PSS};
	EVP_PKEY *pub = tc_public(tc_rsa_key());
	uint8_t digest[32] = {0}, sig[TC_BUF_MAX] = {0};
	parsec_algorithm_t alg;
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		alg = alg_of(kinds[i], PARSEC_HASH_SHA_256);
		ck_assert_int_eq(pk_verify(pub, &alg, digest, 32, sig, 255),
				 CKR_SIGNATURE_LEN_RANGE);
		ck_assert_int_eq(pk_verify(pub, &alg, digest, 32, sig, 257),
				 CKR_SIGNATURE_LEN_RANGE);
		ck_assert_int_eq(pk_verify(pub, &alg, digest, 32, sig, 0),
				 CKR_SIGNATURE_LEN_RANGE);
	}
	EVP_PKEY_free(pub);
}
END_TEST

START_TEST(test_rsa_input_of_wrong_length_is_data_len_range)
{
	EVP_PKEY *pub = tc_public(tc_rsa_key());
	uint8_t data[256] = {0}, sig[256] = {0};
	parsec_algorithm_t alg;

	alg = alg_of(PARSEC_ALG_RSA_PKCS1V15_SIGN, PARSEC_HASH_SHA_256);
	ck_assert_int_eq(pk_verify(pub, &alg, data, 31, sig, 256),
			 CKR_DATA_LEN_RANGE);
	alg = alg_of(PARSEC_ALG_RSA_PSS, PARSEC_HASH_SHA_384);
	ck_assert_int_eq(pk_verify(pub, &alg, data, 32, sig, 256),
			 CKR_DATA_LEN_RANGE);
	/* RFC 8017 §9.2 step 3: at most k - 11 bytes of data */
	alg = alg_of(PARSEC_ALG_RSA_PKCS1V15_SIGN_RAW, 0);
	ck_assert_int_eq(pk_verify(pub, &alg, data, 256 - 10, sig, 256),
			 CKR_DATA_LEN_RANGE);
	EVP_PKEY_free(pub);
}
END_TEST

/* ---- ECDSA -------------------------------------------------------- */

START_TEST(test_ecdsa_signature_of_each_hash_verifies_on_each_curve)
{
	EVP_PKEY *key = tc_ec_key(ec_groups[_i]);
	EVP_PKEY *pub = tc_public(key);
	uint8_t digest[64], sig[TC_BUF_MAX];
	parsec_hash_t h;
	size_t n, sig_len;
	int j;

	for (j = 0; j < N_SIGN_HASHES; j++) {
		h = sign_hashes[j];
		n = parsec_hash_size(h);
		tc_random(digest, n);
		sig_len = tc_ecdsa_sign_rs(key, digest, n, sig);
		check_good_and_flipped(pub, alg_of(PARSEC_ALG_ECDSA, h), digest,
				       n, sig, sig_len);
		check_good_and_flipped(
			pub, alg_of(PARSEC_ALG_DETERMINISTIC_ECDSA, h), digest,
			n, sig, sig_len);
		check_good_and_flipped(pub, alg_of(PARSEC_ALG_ECDSA_ANY, 0),
				       digest, n, sig, sig_len);
	}
	EVP_PKEY_free(pub);
}
END_TEST

START_TEST(test_ecdsa_any_verifies_input_of_any_length)
{
	static const size_t lengths[] = {1, 17, 33, 66, 100};
	EVP_PKEY *key = tc_ec_key(ec_groups[_i]);
	EVP_PKEY *pub = tc_public(key);
	parsec_algorithm_t any = alg_of(PARSEC_ALG_ECDSA_ANY, 0);
	uint8_t in[100], sig[TC_BUF_MAX];
	size_t i, sig_len;

	for (i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++) {
		tc_random(in, lengths[i]);
		sig_len = tc_ecdsa_sign_rs(key, in, lengths[i], sig);
		ck_assert_int_eq(
			pk_verify(pub, &any, in, lengths[i], sig, sig_len),
			CKR_OK);
	}
	EVP_PKEY_free(pub);
}
END_TEST

START_TEST(test_ecdsa_signature_odd_or_over_twice_the_order_is_len_range)
{
	EVP_PKEY *key = tc_ec_key(ec_groups[_i]);
	EVP_PKEY *pub = tc_public(key);
	parsec_algorithm_t alg = alg_of(PARSEC_ALG_ECDSA, PARSEC_HASH_SHA_256);
	uint8_t digest[32], sig[TC_BUF_MAX], der[TC_BUF_MAX];
	size_t sig_len, der_len;

	tc_random(digest, sizeof(digest));
	sig_len = tc_ecdsa_sign_rs(key, digest, 32, sig);
	ck_assert_int_eq(pk_verify(pub, &alg, digest, 32, sig, sig_len - 1),
			 CKR_SIGNATURE_LEN_RANGE);
	ck_assert_int_eq(pk_verify(pub, &alg, digest, 32, sig, sig_len + 2),
			 CKR_SIGNATURE_LEN_RANGE);
	/* shorter even lengths are signatures too (v2.40 curr "EC
	 * Signatures"), here wrong ones */
	ck_assert_int_eq(pk_verify(pub, &alg, digest, 32, sig, sig_len - 2),
			 CKR_SIGNATURE_INVALID);
	/* the DER form OpenSSL speaks is not the PKCS#11 one */
	der_len = tc_ecdsa_der(sig, sig + sig_len / 2, sig_len / 2, der);
	ck_assert_int_eq(pk_verify(pub, &alg, digest, 32, der, der_len),
			 der_len % 2 == 0 && der_len <= sig_len
				 ? CKR_SIGNATURE_INVALID
				 : CKR_SIGNATURE_LEN_RANGE);
	EVP_PKEY_free(pub);
}
END_TEST

START_TEST(test_ecdsa_digest_of_wrong_length_is_data_len_range)
{
	EVP_PKEY *pub = tc_public(tc_ec_key("P-256"));
	parsec_algorithm_t alg = alg_of(PARSEC_ALG_ECDSA, PARSEC_HASH_SHA_384);
	uint8_t digest[48] = {0}, sig[64] = {1};

	ck_assert_int_eq(pk_verify(pub, &alg, digest, 32, sig, 64),
			 CKR_DATA_LEN_RANGE);
	EVP_PKEY_free(pub);
}
END_TEST

/* ---- what is not a verification ---------------------------------- */

START_TEST(test_key_of_the_wrong_type_is_key_type_inconsistent)
{
	EVP_PKEY *rsa = tc_public(tc_rsa_key());
	EVP_PKEY *ec = tc_public(tc_ec_key("P-256"));
	parsec_algorithm_t pkcs1 =
		alg_of(PARSEC_ALG_RSA_PKCS1V15_SIGN, PARSEC_HASH_SHA_256);
	parsec_algorithm_t ecdsa =
		alg_of(PARSEC_ALG_ECDSA, PARSEC_HASH_SHA_256);
	uint8_t digest[32] = {0}, sig[256] = {0};

	ck_assert_int_eq(pk_verify(ec, &pkcs1, digest, 32, sig, 256),
			 CKR_KEY_TYPE_INCONSISTENT);
	ck_assert_int_eq(pk_verify(rsa, &ecdsa, digest, 32, sig, 64),
			 CKR_KEY_TYPE_INCONSISTENT);
	ck_assert_int_eq(pk_verify_rsa_pss(ec, PARSEC_HASH_SHA_256, 32, digest,
					   32, sig, 256),
			 CKR_KEY_TYPE_INCONSISTENT);
	ck_assert_int_eq(pk_verify(NULL, &pkcs1, digest, 32, sig, 256),
			 CKR_ARGUMENTS_BAD);
	EVP_PKEY_free(rsa);
	EVP_PKEY_free(ec);
}
END_TEST

START_TEST(test_algorithm_that_is_not_a_signature_is_mechanism_invalid)
{
	EVP_PKEY *rsa = tc_public(tc_rsa_key());
	parsec_algorithm_t alg;
	uint8_t digest[32] = {0}, sig[256] = {0};

	alg = alg_of(PARSEC_ALG_RSA_OAEP, PARSEC_HASH_SHA_256);
	ck_assert_int_eq(pk_verify(rsa, &alg, digest, 32, sig, 256),
			 CKR_MECHANISM_INVALID);
	/* a policy wildcard is no algorithm to run */
	alg = alg_of(PARSEC_ALG_RSA_PKCS1V15_SIGN, PARSEC_HASH_ANY);
	ck_assert_int_eq(pk_verify(rsa, &alg, digest, 32, sig, 256),
			 CKR_MECHANISM_INVALID);
	alg = alg_of(PARSEC_ALG_RSA_PSS, PARSEC_HASH_MD5);
	ck_assert_int_eq(pk_verify(rsa, &alg, digest, 16, sig, 256),
			 CKR_MECHANISM_INVALID);
	ck_assert_int_eq(pk_verify(rsa, NULL, digest, 32, sig, 256),
			 CKR_ARGUMENTS_BAD);
	EVP_PKEY_free(rsa);
}
END_TEST

START_TEST(test_failed_verification_leaves_openssl_error_queue_alone)
{
	EVP_PKEY *pub = tc_public(tc_rsa_key());
	parsec_algorithm_t alg =
		alg_of(PARSEC_ALG_RSA_PKCS1V15_SIGN, PARSEC_HASH_SHA_256);
	uint8_t digest[32] = {0}, sig[256];

	memset(sig, 0x5a, sizeof(sig));
	ERR_clear_error();
	ERR_raise(ERR_LIB_USER, 42); /* the application's own error */
	ck_assert_int_eq(pk_verify(pub, &alg, digest, 32, sig, 256),
			 CKR_SIGNATURE_INVALID);
	ck_assert_int_eq(ERR_GET_REASON(ERR_get_error()), 42);
	ck_assert_uint_eq(ERR_peek_error(), 0);
	EVP_PKEY_free(pub);
}
END_TEST

Suite *unit_suite(void)
{
	Suite *s = suite_create("crypto-pk-verify");
	TCase *rsa = tcase_create("rsa");
	TCase *ec = tcase_create("ecdsa");
	TCase *misc = tcase_create("errors");

	tcase_add_unchecked_fixture(rsa, tc_make_keys, NULL);
	tcase_add_loop_test(rsa, test_rsa_pkcs1_signature_of_each_hash_verifies,
			    0, N_SIGN_HASHES);
	tcase_add_test(rsa, test_rsa_raw_signature_verifies_by_recovered_block);
	tcase_add_loop_test(
		rsa, test_hash_signature_verifies_raw_over_its_digest_info, 0,
		N_SIGN_HASHES);
	tcase_add_loop_test(rsa, test_rsa_pss_signature_of_each_hash_verifies,
			    0, N_SIGN_HASHES);
	tcase_add_test(
		rsa,
		test_rsa_pss_salt_other_than_hash_length_needs_explicit_salt);
	tcase_add_test(rsa,
		       test_rsa_signature_not_of_modulus_size_is_len_range);
	tcase_add_test(rsa, test_rsa_input_of_wrong_length_is_data_len_range);
	suite_add_tcase(s, rsa);

	tcase_add_unchecked_fixture(ec, tc_make_keys, NULL);
	tcase_add_loop_test(
		ec, test_ecdsa_signature_of_each_hash_verifies_on_each_curve, 0,
		N_EC_GROUPS);
	tcase_add_loop_test(ec, test_ecdsa_any_verifies_input_of_any_length, 0,
			    N_EC_GROUPS);
	tcase_add_loop_test(
		ec,
		test_ecdsa_signature_odd_or_over_twice_the_order_is_len_range,
		0, N_EC_GROUPS);
	tcase_add_test(ec, test_ecdsa_digest_of_wrong_length_is_data_len_range);
	suite_add_tcase(s, ec);

	tcase_add_unchecked_fixture(misc, tc_make_keys, NULL);
	tcase_add_test(misc,
		       test_key_of_the_wrong_type_is_key_type_inconsistent);
	tcase_add_test(
		misc,
		test_algorithm_that_is_not_a_signature_is_mechanism_invalid);
	tcase_add_test(
		misc,
		test_failed_verification_leaves_openssl_error_queue_alone);
	suite_add_tcase(s, misc);
	return s;
}
