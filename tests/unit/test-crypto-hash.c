/* test-crypto-hash.c - the hash table and multi-part digests
 * (session/crypto/hash.c, digest_ctx.c) against OpenSSL's EVP_Digest. */
#include <string.h>

#include <openssl/evp.h>

#include "session/crypto/digest_ctx.h"
#include "session/crypto/hash.h"
#include "tests/unit/crypto_test_util.h"
#include "tests/unit/unit.h"

/* Every hash of the table, with the names PKCS#11 v2.40 gives it. */
static const struct {
	parsec_hash_t hash;
	CK_MECHANISM_TYPE digest, rsa_pkcs, rsa_pss, ecdsa;
	CK_RSA_PKCS_MGF_TYPE mgf1;
} expected[] = {
	{PARSEC_HASH_SHA_1, CKM_SHA_1, CKM_SHA1_RSA_PKCS, CKM_SHA1_RSA_PKCS_PSS,
	 CKM_ECDSA_SHA1, CKG_MGF1_SHA1},
	{PARSEC_HASH_SHA_224, CKM_SHA224, CKM_SHA224_RSA_PKCS,
	 CKM_SHA224_RSA_PKCS_PSS, CKM_ECDSA_SHA224, CKG_MGF1_SHA224},
	{PARSEC_HASH_SHA_256, CKM_SHA256, CKM_SHA256_RSA_PKCS,
	 CKM_SHA256_RSA_PKCS_PSS, CKM_ECDSA_SHA256, CKG_MGF1_SHA256},
	{PARSEC_HASH_SHA_384, CKM_SHA384, CKM_SHA384_RSA_PKCS,
	 CKM_SHA384_RSA_PKCS_PSS, CKM_ECDSA_SHA384, CKG_MGF1_SHA384},
	{PARSEC_HASH_SHA_512, CKM_SHA512, CKM_SHA512_RSA_PKCS,
	 CKM_SHA512_RSA_PKCS_PSS, CKM_ECDSA_SHA512, CKG_MGF1_SHA512},
	{PARSEC_HASH_SHA_512_224, CKM_SHA512_224, CK_UNAVAILABLE_INFORMATION,
	 CK_UNAVAILABLE_INFORMATION, CK_UNAVAILABLE_INFORMATION, 0},
	{PARSEC_HASH_SHA_512_256, CKM_SHA512_256, CK_UNAVAILABLE_INFORMATION,
	 CK_UNAVAILABLE_INFORMATION, CK_UNAVAILABLE_INFORMATION, 0},
	{PARSEC_HASH_SHA3_224, CK_UNAVAILABLE_INFORMATION,
	 CK_UNAVAILABLE_INFORMATION, CK_UNAVAILABLE_INFORMATION,
	 CK_UNAVAILABLE_INFORMATION, 0},
	{PARSEC_HASH_SHA3_256, CK_UNAVAILABLE_INFORMATION,
	 CK_UNAVAILABLE_INFORMATION, CK_UNAVAILABLE_INFORMATION,
	 CK_UNAVAILABLE_INFORMATION, 0},
	{PARSEC_HASH_SHA3_384, CK_UNAVAILABLE_INFORMATION,
	 CK_UNAVAILABLE_INFORMATION, CK_UNAVAILABLE_INFORMATION,
	 CK_UNAVAILABLE_INFORMATION, 0},
	{PARSEC_HASH_SHA3_512, CK_UNAVAILABLE_INFORMATION,
	 CK_UNAVAILABLE_INFORMATION, CK_UNAVAILABLE_INFORMATION,
	 CK_UNAVAILABLE_INFORMATION, 0},
};

#define N_EXPECTED (int)(sizeof(expected) / sizeof(expected[0]))

START_TEST(test_each_hash_has_its_pkcs11_names)
{
	parsec_hash_t h = expected[_i].hash;

	ck_assert_uint_eq(hash_mech(h, HASH_MECH_DIGEST), expected[_i].digest);
	ck_assert_uint_eq(hash_mech(h, HASH_MECH_RSA_PKCS),
			  expected[_i].rsa_pkcs);
	ck_assert_uint_eq(hash_mech(h, HASH_MECH_RSA_PSS),
			  expected[_i].rsa_pss);
	ck_assert_uint_eq(hash_mech(h, HASH_MECH_ECDSA), expected[_i].ecdsa);
	ck_assert_uint_eq(hash_mgf(h), expected[_i].mgf1);
}
END_TEST

START_TEST(test_each_pkcs11_name_gives_its_hash)
{
	parsec_hash_t h = expected[_i].hash;

	if (expected[_i].digest != CK_UNAVAILABLE_INFORMATION) {
		ck_assert_int_eq(
			hash_from_mech(expected[_i].digest, HASH_MECH_DIGEST),
			h);
		ck_assert_int_eq(hash_of_mech(expected[_i].digest), h);
	}
	if (expected[_i].rsa_pkcs != CK_UNAVAILABLE_INFORMATION) {
		ck_assert_int_eq(
			hash_from_mech(expected[_i].rsa_pss, HASH_MECH_RSA_PSS),
			h);
		ck_assert_int_eq(hash_of_mech(expected[_i].rsa_pkcs), h);
		ck_assert_int_eq(hash_of_mech(expected[_i].rsa_pss), h);
		ck_assert_int_eq(hash_of_mech(expected[_i].ecdsa), h);
		ck_assert_int_eq(hash_from_mgf(expected[_i].mgf1), h);
	}
}
END_TEST

START_TEST(test_mechanism_of_another_kind_gives_no_hash)
{
	ck_assert_int_eq(hash_from_mech(CKM_SHA256_RSA_PKCS, HASH_MECH_DIGEST),
			 PARSEC_HASH_NONE);
	ck_assert_int_eq(hash_from_mech(CKM_SHA256, HASH_MECH_RSA_PSS),
			 PARSEC_HASH_NONE);
	ck_assert_int_eq(hash_from_mech(CKM_ECDSA_SHA256, HASH_MECH_RSA_PKCS),
			 PARSEC_HASH_NONE);
}
END_TEST

START_TEST(test_mechanisms_without_hash_give_none)
{
	ck_assert_int_eq(hash_of_mech(CKM_RSA_PKCS), PARSEC_HASH_NONE);
	ck_assert_int_eq(hash_of_mech(CKM_RSA_PKCS_PSS), PARSEC_HASH_NONE);
	ck_assert_int_eq(hash_of_mech(CKM_ECDSA), PARSEC_HASH_NONE);
	ck_assert_int_eq(hash_of_mech(CKM_MD5), PARSEC_HASH_NONE);
	ck_assert_int_eq(hash_of_mech(CK_UNAVAILABLE_INFORMATION),
			 PARSEC_HASH_NONE);
	ck_assert_int_eq(hash_from_mgf(0), PARSEC_HASH_NONE);
	ck_assert_int_eq(hash_from_mgf(0x99), PARSEC_HASH_NONE);
}
END_TEST

START_TEST(test_hashes_outside_the_table_have_no_names)
{
	static const parsec_hash_t outside[] = {
		PARSEC_HASH_NONE, PARSEC_HASH_MD5, PARSEC_HASH_RIPEMD160,
		PARSEC_HASH_ANY};
	size_t i;

	for (i = 0; i < sizeof(outside) / sizeof(outside[0]); i++) {
		ck_assert_ptr_null(hash_evp_md(outside[i]));
		ck_assert_uint_eq(hash_mech(outside[i], HASH_MECH_DIGEST),
				  CK_UNAVAILABLE_INFORMATION);
		ck_assert_uint_eq(hash_mgf(outside[i]), 0);
	}
	ck_assert_uint_eq(hash_mech(PARSEC_HASH_SHA_256, HASH_MECH_KINDS),
			  CK_UNAVAILABLE_INFORMATION);
}
END_TEST

START_TEST(test_each_hash_is_openssls_digest_of_that_name_and_size)
{
	parsec_hash_t h = expected[_i].hash;
	const EVP_MD *md = hash_evp_md(h);

	ck_assert_ptr_nonnull(md);
	ck_assert(EVP_MD_is_a(md, EVP_MD_get0_name(tc_md(h))));
	ck_assert_int_eq(EVP_MD_get_size(md), (int)parsec_hash_size(h));
	ck_assert_str_ne(hash_name(h), "unknown hash");
}
END_TEST

static size_t openssl_digest(parsec_hash_t h, const uint8_t *in, size_t len,
			     uint8_t *out)
{
	unsigned int n = 0;

	ck_assert_int_eq(EVP_Digest(in, len, out, &n, tc_md(h), NULL), 1);
	return n;
}

START_TEST(test_multi_part_equals_one_shot_equals_openssl)
{
	static const size_t chunks[] = {0, 1, 63, 64, 65, 200, 1000};
	parsec_hash_t h = expected[_i].hash;
	uint8_t msg[1393], want[64], one[64], multi[64];
	size_t want_len, one_len = sizeof(one), multi_len = sizeof(multi);
	size_t off = 0, i = 0, n;
	digest_ctx_t *ctx = NULL;

	tc_random(msg, sizeof(msg));
	want_len = openssl_digest(h, msg, sizeof(msg), want);
	ck_assert_int_eq(digest_ctx_compute(h, msg, sizeof(msg), one, &one_len),
			 CKR_OK);
	ck_assert_int_eq(digest_ctx_new(h, &ctx), CKR_OK);
	while (off < sizeof(msg)) {
		n = chunks[i++ % (sizeof(chunks) / sizeof(chunks[0]))];
		if (n > sizeof(msg) - off)
			n = sizeof(msg) - off;
		ck_assert_int_eq(digest_ctx_update(ctx, msg + off, n), CKR_OK);
		off += n;
	}
	ck_assert_int_eq(digest_ctx_final(ctx, multi, &multi_len), CKR_OK);
	digest_ctx_free(ctx);
	ck_assert_uint_eq(one_len, want_len);
	ck_assert_uint_eq(multi_len, want_len);
	ck_assert_mem_eq(one, want, want_len);
	ck_assert_mem_eq(multi, want, want_len);
}
END_TEST

START_TEST(test_dup_continues_independently)
{
	static const uint8_t a[] = "first part ", b[] = "then this",
			     c[] = "or that";
	parsec_hash_t h = expected[_i].hash;
	uint8_t ab[sizeof(a) + sizeof(b)], ac[sizeof(a) + sizeof(c)];
	uint8_t want_ab[64], want_ac[64], got_ab[64], got_ac[64];
	size_t len_ab = sizeof(got_ab), len_ac = sizeof(got_ac), n;
	digest_ctx_t *ctx = NULL, *copy = NULL;

	memcpy(ab, a, sizeof(a));
	memcpy(ab + sizeof(a), b, sizeof(b));
	memcpy(ac, a, sizeof(a));
	memcpy(ac + sizeof(a), c, sizeof(c));
	n = openssl_digest(h, ab, sizeof(ab), want_ab);
	openssl_digest(h, ac, sizeof(ac), want_ac);

	ck_assert_int_eq(digest_ctx_new(h, &ctx), CKR_OK);
	ck_assert_int_eq(digest_ctx_update(ctx, a, sizeof(a)), CKR_OK);
	ck_assert_int_eq(digest_ctx_dup(ctx, &copy), CKR_OK);
	ck_assert_int_eq(digest_ctx_hash(copy), h);
	ck_assert_int_eq(digest_ctx_update(ctx, b, sizeof(b)), CKR_OK);
	ck_assert_int_eq(digest_ctx_update(copy, c, sizeof(c)), CKR_OK);
	ck_assert_int_eq(digest_ctx_final(ctx, got_ab, &len_ab), CKR_OK);
	ck_assert_int_eq(digest_ctx_final(copy, got_ac, &len_ac), CKR_OK);
	digest_ctx_free(ctx);
	digest_ctx_free(copy);
	ck_assert_uint_eq(len_ab, n);
	ck_assert_uint_eq(len_ac, n);
	ck_assert_mem_eq(got_ab, want_ab, n);
	ck_assert_mem_eq(got_ac, want_ac, n);
}
END_TEST

START_TEST(test_size_is_known_before_final_and_queries_keep_the_context)
{
	static const uint8_t msg[] = "abc";
	uint8_t want[32], out[32];
	size_t len = 0;
	digest_ctx_t *ctx = NULL;

	openssl_digest(PARSEC_HASH_SHA_256, msg, 3, want);
	ck_assert_int_eq(digest_ctx_new(PARSEC_HASH_SHA_256, &ctx), CKR_OK);
	ck_assert_uint_eq(digest_ctx_size(ctx), 32);
	ck_assert_int_eq(digest_ctx_update(ctx, msg, 3), CKR_OK);
	ck_assert_int_eq(digest_ctx_final(ctx, NULL, &len), CKR_OK);
	ck_assert_uint_eq(len, 32);
	len = 31;
	ck_assert_int_eq(digest_ctx_final(ctx, out, &len),
			 CKR_BUFFER_TOO_SMALL);
	ck_assert_uint_eq(len, 32);
	len = sizeof(out);
	ck_assert_int_eq(digest_ctx_final(ctx, out, &len), CKR_OK);
	ck_assert_mem_eq(out, want, 32);
	digest_ctx_free(ctx);
}
END_TEST

START_TEST(test_context_after_final_is_not_initialized)
{
	uint8_t out[20];
	size_t len = sizeof(out);
	digest_ctx_t *ctx = NULL, *copy = NULL;

	ck_assert_int_eq(digest_ctx_new(PARSEC_HASH_SHA_1, &ctx), CKR_OK);
	ck_assert_int_eq(digest_ctx_final(ctx, out, &len), CKR_OK);
	ck_assert_int_eq(digest_ctx_update(ctx, out, 1),
			 CKR_OPERATION_NOT_INITIALIZED);
	ck_assert_int_eq(digest_ctx_final(ctx, out, &len),
			 CKR_OPERATION_NOT_INITIALIZED);
	ck_assert_int_eq(digest_ctx_dup(ctx, &copy),
			 CKR_OPERATION_NOT_INITIALIZED);
	ck_assert_ptr_null(copy);
	digest_ctx_free(ctx);
	digest_ctx_free(NULL);
}
END_TEST

START_TEST(test_unknown_hash_is_mechanism_invalid)
{
	uint8_t out[64];
	size_t len = sizeof(out);
	digest_ctx_t *ctx = NULL;

	ck_assert_int_eq(digest_ctx_new(PARSEC_HASH_ANY, &ctx),
			 CKR_MECHANISM_INVALID);
	ck_assert_int_eq(digest_ctx_new(PARSEC_HASH_MD5, &ctx),
			 CKR_MECHANISM_INVALID);
	ck_assert_ptr_null(ctx);
	ck_assert_int_eq(
		digest_ctx_compute(PARSEC_HASH_NONE, out, 1, out, &len),
		CKR_MECHANISM_INVALID);
}
END_TEST

START_TEST(test_update_with_null_data_and_length_is_arguments_bad)
{
	digest_ctx_t *ctx = NULL;

	ck_assert_int_eq(digest_ctx_new(PARSEC_HASH_SHA_256, &ctx), CKR_OK);
	ck_assert_int_eq(digest_ctx_update(ctx, NULL, 0), CKR_OK);
	ck_assert_int_eq(digest_ctx_update(ctx, NULL, 5), CKR_ARGUMENTS_BAD);
	digest_ctx_free(ctx);
}
END_TEST

Suite *unit_suite(void)
{
	Suite *s = suite_create("crypto-hash");
	TCase *table = tcase_create("table");
	TCase *digest = tcase_create("digest");

	tcase_add_loop_test(table, test_each_hash_has_its_pkcs11_names, 0,
			    N_EXPECTED);
	tcase_add_loop_test(table, test_each_pkcs11_name_gives_its_hash, 0,
			    N_EXPECTED);
	tcase_add_test(table, test_mechanism_of_another_kind_gives_no_hash);
	tcase_add_test(table, test_mechanisms_without_hash_give_none);
	tcase_add_test(table, test_hashes_outside_the_table_have_no_names);
	tcase_add_loop_test(
		table, test_each_hash_is_openssls_digest_of_that_name_and_size,
		0, N_EXPECTED);
	suite_add_tcase(s, table);

	tcase_add_loop_test(digest,
			    test_multi_part_equals_one_shot_equals_openssl, 0,
			    N_EXPECTED);
	tcase_add_loop_test(digest, test_dup_continues_independently, 0,
			    N_EXPECTED);
	tcase_add_test(
		digest,
		test_size_is_known_before_final_and_queries_keep_the_context);
	tcase_add_test(digest, test_context_after_final_is_not_initialized);
	tcase_add_test(digest, test_unknown_hash_is_mechanism_invalid);
	tcase_add_test(digest,
		       test_update_with_null_data_and_length_is_arguments_bad);
	suite_add_tcase(s, digest);
	return s;
}
