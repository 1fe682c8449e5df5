/* test-crypto-digest-info.c - DigestInfo parse and wrap
 * (session/crypto/digest_info.c) against the DigestInfo OpenSSL puts in
 * its own PKCS#1 v1.5 signatures, recovered with the public key. */
#include <string.h>

#include <openssl/rsa.h>

#include "session/crypto/digest_info.h"
#include "tests/unit/crypto_test_util.h"
#include "tests/unit/unit.h"

static const parsec_hash_t table_hashes[] = {
	PARSEC_HASH_SHA_1,	 PARSEC_HASH_SHA_224,  PARSEC_HASH_SHA_256,
	PARSEC_HASH_SHA_384,	 PARSEC_HASH_SHA_512,  PARSEC_HASH_SHA_512_224,
	PARSEC_HASH_SHA_512_256, PARSEC_HASH_SHA3_224, PARSEC_HASH_SHA3_256,
	PARSEC_HASH_SHA3_384,	 PARSEC_HASH_SHA3_512,
};

#define N_TABLE_HASHES (int)(sizeof(table_hashes) / sizeof(table_hashes[0]))

/* The DigestInfo OpenSSL builds for an h digest (RFC 8017 §9.2 step 2):
 * sign the digest with PKCS#1 v1.5 and h, then recover the block with
 * the public key and no digest. Returns its length. */
static size_t openssl_digest_info(parsec_hash_t h, const uint8_t *digest,
				  uint8_t *out)
{
	EVP_PKEY *key = tc_rsa_key();
	uint8_t sig[TC_BUF_MAX];
	size_t sig_len, out_len = TC_BUF_MAX;
	EVP_PKEY_CTX *ctx;

	sig_len = tc_rsa_sign(key, RSA_PKCS1_PADDING, tc_md(h), 0, digest,
			      parsec_hash_size(h), sig);
	ctx = EVP_PKEY_CTX_new_from_pkey(NULL, key, NULL);
	ck_assert_ptr_nonnull(ctx);
	ck_assert_int_eq(EVP_PKEY_verify_recover_init(ctx), 1);
	ck_assert_int_gt(EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING),
			 0);
	ck_assert_int_eq(
		EVP_PKEY_verify_recover(ctx, out, &out_len, sig, sig_len), 1);
	EVP_PKEY_CTX_free(ctx);
	return out_len;
}

static size_t sha256_digest_info(uint8_t *out, uint8_t *digest)
{
	tc_random(digest, 32);
	return openssl_digest_info(PARSEC_HASH_SHA_256, digest, out);
}

/* 1 when parse recognises in; checks outputs stay untouched otherwise. */
static int parses(const uint8_t *in, size_t len)
{
	parsec_hash_t h = PARSEC_HASH_ANY;
	const uint8_t *d = NULL;
	size_t d_len = 12345;

	if (digest_info_parse(in, len, &h, &d, &d_len))
		return 1;
	ck_assert_int_eq(h, PARSEC_HASH_ANY);
	ck_assert_ptr_null(d);
	ck_assert_uint_eq(d_len, 12345);
	return 0;
}

START_TEST(test_wrap_equals_openssls_digest_info)
{
	parsec_hash_t h = table_hashes[_i];
	uint8_t digest[64], want[TC_BUF_MAX], got[DIGEST_INFO_MAX_LEN];
	size_t want_len, got_len = sizeof(got);

	tc_random(digest, sizeof(digest));
	want_len = openssl_digest_info(h, digest, want);
	ck_assert_uint_le(want_len, DIGEST_INFO_MAX_LEN);
	ck_assert_uint_eq(digest_info_len(h), want_len);
	ck_assert_int_eq(
		digest_info_wrap(h, digest, parsec_hash_size(h), got, &got_len),
		CKR_OK);
	ck_assert_uint_eq(got_len, want_len);
	ck_assert_mem_eq(got, want, want_len);
}
END_TEST

START_TEST(test_parse_recognises_openssls_digest_info)
{
	parsec_hash_t h = table_hashes[_i], got_h = PARSEC_HASH_NONE;
	uint8_t digest[64], info[TC_BUF_MAX];
	const uint8_t *got_d = NULL;
	size_t len, got_len = 0;

	tc_random(digest, sizeof(digest));
	len = openssl_digest_info(h, digest, info);
	ck_assert(digest_info_parse(info, len, &got_h, &got_d, &got_len));
	ck_assert_int_eq(got_h, h);
	ck_assert_uint_eq(got_len, parsec_hash_size(h));
	ck_assert_ptr_eq(got_d, info + len - got_len);
	ck_assert_mem_eq(got_d, digest, got_len);
}
END_TEST

/* RFC 8017 §9.2 note 1: the parameters may be absent rather than NULL. */
START_TEST(test_parse_recognises_absent_parameters)
{
	uint8_t digest[32], info[TC_BUF_MAX], bare[TC_BUF_MAX];
	parsec_hash_t h = PARSEC_HASH_NONE;
	const uint8_t *d = NULL;
	size_t len, d_len = 0, oid_end;

	len = sha256_digest_info(info, digest);
	/* 30 L 30 A 06 n OID 05 00 04 20 D: drop "05 00", shorten L, A */
	oid_end = 6 + info[5];
	ck_assert_uint_eq(info[oid_end], 0x05);
	memcpy(bare, info, oid_end);
	memcpy(bare + oid_end, info + oid_end + 2, len - oid_end - 2);
	bare[1] -= 2;
	bare[3] -= 2;
	ck_assert(digest_info_parse(bare, len - 2, &h, &d, &d_len));
	ck_assert_int_eq(h, PARSEC_HASH_SHA_256);
	ck_assert_uint_eq(d_len, 32);
	ck_assert_mem_eq(d, digest, 32);
}
END_TEST

START_TEST(test_parse_refuses_every_truncation)
{
	uint8_t digest[32], info[TC_BUF_MAX];
	size_t len = sha256_digest_info(info, digest), n;

	for (n = 0; n < len; n++)
		ck_assert_msg(!parses(info, n), "prefix of %zu bytes", n);
}
END_TEST

START_TEST(test_parse_refuses_trailing_bytes)
{
	uint8_t digest[32], info[TC_BUF_MAX];
	size_t len = sha256_digest_info(info, digest);

	info[len] = 0x00;
	ck_assert(parses(info, len));
	ck_assert(!parses(info, len + 1));
}
END_TEST

START_TEST(test_parse_refuses_digest_of_another_size)
{
	uint8_t digest[32], info[TC_BUF_MAX];
	size_t len = sha256_digest_info(info, digest);

	/* the same SHA-256 identifier with 31 digest bytes */
	info[1] -= 1;
	info[len - 33] -= 1;
	ck_assert_uint_eq(info[len - 34], 0x04);
	ck_assert(!parses(info, len - 1));
}
END_TEST

START_TEST(test_parse_refuses_parameters_other_than_null)
{
	uint8_t digest[32], info[TC_BUF_MAX];
	size_t len = sha256_digest_info(info, digest);
	size_t oid_end = 6 + info[5];

	info[oid_end] = 0x04; /* an empty OCTET STRING instead of NULL */
	ck_assert(!parses(info, len));
}
END_TEST

START_TEST(test_parse_refuses_hash_outside_the_table)
{
	uint8_t digest[16], info[TC_BUF_MAX];
	size_t len;

	tc_random(digest, sizeof(digest));
	len = openssl_digest_info(PARSEC_HASH_MD5, digest, info);
	ck_assert(!parses(info, len));
}
END_TEST

START_TEST(test_parse_refuses_non_minimal_length)
{
	uint8_t digest[32], info[TC_BUF_MAX], longer[TC_BUF_MAX];
	size_t len = sha256_digest_info(info, digest);

	longer[0] = 0x30;
	longer[1] = 0x81; /* long form for a length under 128 */
	memcpy(longer + 2, info + 1, len - 1);
	ck_assert(!parses(longer, len + 1));
}
END_TEST

START_TEST(test_parse_refuses_other_data)
{
	uint8_t data[51];

	tc_random(data, sizeof(data));
	data[0] = 0x31; /* a SET, whatever follows */
	ck_assert(!parses(data, sizeof(data)));
	ck_assert(!parses(NULL, 0));
}
END_TEST

START_TEST(test_wrap_sizes_as_pkcs11_output)
{
	uint8_t digest[48] = {0}, out[DIGEST_INFO_MAX_LEN];
	size_t len = 0;

	ck_assert_int_eq(
		digest_info_wrap(PARSEC_HASH_SHA_384, digest, 48, NULL, &len),
		CKR_OK);
	ck_assert_uint_eq(len, digest_info_len(PARSEC_HASH_SHA_384));
	len -= 1;
	ck_assert_int_eq(
		digest_info_wrap(PARSEC_HASH_SHA_384, digest, 48, out, &len),
		CKR_BUFFER_TOO_SMALL);
	ck_assert_uint_eq(len, digest_info_len(PARSEC_HASH_SHA_384));
}
END_TEST

START_TEST(test_wrap_refuses_wrong_digest_length_and_unknown_hash)
{
	uint8_t digest[64] = {0}, out[DIGEST_INFO_MAX_LEN];
	size_t len = sizeof(out);

	ck_assert_int_eq(
		digest_info_wrap(PARSEC_HASH_SHA_256, digest, 31, out, &len),
		CKR_DATA_LEN_RANGE);
	ck_assert_int_eq(
		digest_info_wrap(PARSEC_HASH_MD5, digest, 16, out, &len),
		CKR_MECHANISM_INVALID);
	ck_assert_int_eq(
		digest_info_wrap(PARSEC_HASH_ANY, digest, 32, out, &len),
		CKR_MECHANISM_INVALID);
	ck_assert_uint_eq(digest_info_len(PARSEC_HASH_ANY), 0);
}
END_TEST

Suite *unit_suite(void)
{
	Suite *s = suite_create("crypto-digest-info");
	TCase *tc = tcase_create("digest-info");

	tcase_add_unchecked_fixture(tc, tc_make_keys, NULL);
	tcase_add_loop_test(tc, test_wrap_equals_openssls_digest_info, 0,
			    N_TABLE_HASHES);
	tcase_add_loop_test(tc, test_parse_recognises_openssls_digest_info, 0,
			    N_TABLE_HASHES);
	tcase_add_test(tc, test_parse_recognises_absent_parameters);
	tcase_add_test(tc, test_parse_refuses_every_truncation);
	tcase_add_test(tc, test_parse_refuses_trailing_bytes);
	tcase_add_test(tc, test_parse_refuses_digest_of_another_size);
	tcase_add_test(tc, test_parse_refuses_parameters_other_than_null);
	tcase_add_test(tc, test_parse_refuses_hash_outside_the_table);
	tcase_add_test(tc, test_parse_refuses_non_minimal_length);
	tcase_add_test(tc, test_parse_refuses_other_data);
	tcase_add_test(tc, test_wrap_sizes_as_pkcs11_output);
	tcase_add_test(tc,
		       test_wrap_refuses_wrong_digest_length_and_unknown_hash);
	suite_add_tcase(s, tc);
	return s;
}
