/* test-crypto-ec.c - EC points, ECDSA signature forms and CKM_ECDSA
 * inputs (session/crypto/ec_point.c, ecdsa_sig.c, ecdsa_input.c) against
 * OpenSSL's own encodings and signatures. */
#include <string.h>

#include "mapping/ec_point.h"
#include "session/crypto/ecdsa_input.h"
#include "session/crypto/ecdsa_sig.h"
#include "tests/unit/crypto_test_util.h"
#include "tests/unit/unit.h"

static const struct {
	const char *group;
	uint32_t bits;
	size_t field_len;
	size_t policy_hash_len; /* what mapping/key_policy picks */
} curves[] = {
	{"P-256", 256, 32, 32},
	{"P-384", 384, 48, 48},
	{"P-521", 521, 66, 64},
	{"secp256k1", 256, 32, 32},
};

#define N_CURVES (int)(sizeof(curves) / sizeof(curves[0]))

/* ---- points ------------------------------------------------------- */

START_TEST(test_field_len_is_the_coordinate_size_of_openssls_points)
{
	EVP_PKEY *key = tc_ec_key(curves[_i].group);
	uint8_t point[TC_BUF_MAX];
	size_t len = tc_ec_point(key, 0, point);

	ck_assert_uint_eq(ec_field_len(curves[_i].bits), curves[_i].field_len);
	ck_assert_uint_eq(ec_field_len((uint32_t)EVP_PKEY_get_bits(key)),
			  curves[_i].field_len);
	ck_assert_uint_eq(len, 1 + 2 * curves[_i].field_len);
	ck_assert(ec_point_is_uncompressed(point, len, curves[_i].field_len));
}
END_TEST

START_TEST(test_wrap_equals_openssls_octet_string)
{
	uint8_t point[TC_BUF_MAX], want[TC_BUF_MAX], got[TC_BUF_MAX];
	size_t len = tc_ec_point(tc_ec_key(curves[_i].group), 0, point);
	size_t want_len = tc_der_octet_string(point, len, want);
	size_t got_len = 0;

	ck_assert_int_eq(ec_point_wrap(point, len, NULL, &got_len), CKR_OK);
	ck_assert_uint_eq(got_len, want_len);
	got_len -= 1;
	ck_assert_int_eq(ec_point_wrap(point, len, got, &got_len),
			 CKR_BUFFER_TOO_SMALL);
	ck_assert_uint_eq(got_len, want_len);
	ck_assert_int_eq(ec_point_wrap(point, len, got, &got_len), CKR_OK);
	ck_assert_mem_eq(got, want, want_len);
}
END_TEST

START_TEST(test_raw_takes_raw_and_wrapped_points)
{
	uint8_t point[TC_BUF_MAX], der[TC_BUF_MAX];
	size_t len = tc_ec_point(tc_ec_key(curves[_i].group), 0, point);
	size_t der_len = tc_der_octet_string(point, len, der);
	size_t n = curves[_i].field_len, got_len = 0;
	const uint8_t *got = NULL;

	ck_assert(ec_point_raw(point, len, n, &got, &got_len));
	ck_assert_ptr_eq(got, point);
	ck_assert(ec_point_raw(der, der_len, n, &got, &got_len));
	ck_assert_uint_eq(got_len, len);
	ck_assert_mem_eq(got, point, len);
}
END_TEST

START_TEST(test_raw_refuses_malformed_points)
{
	uint8_t point[TC_BUF_MAX], der[TC_BUF_MAX], odd[TC_BUF_MAX];
	size_t len = tc_ec_point(tc_ec_key("P-256"), 0, point);
	size_t der_len = tc_der_octet_string(point, len, der);
	const uint8_t *got;
	size_t got_len;

	ck_assert(!ec_point_raw(point, len - 1, 32, &got, &got_len));
	ck_assert(!ec_point_raw(der, der_len - 1, 32, &got, &got_len));
	/* long-form length where the short form fits */
	odd[0] = 0x04;
	odd[1] = 0x81;
	memcpy(odd + 2, der + 1, der_len - 1);
	ck_assert(!ec_point_raw(odd, der_len + 1, 32, &got, &got_len));
	/* a point that does not start with 0x04 */
	point[0] = 0x05;
	ck_assert(!ec_point_raw(point, len, 32, &got, &got_len));
	ck_assert(!ec_point_raw(NULL, 0, 32, &got, &got_len));
}
END_TEST

/* ---- ECDSA signatures --------------------------------------------- */

START_TEST(test_openssl_signatures_convert_both_ways)
{
	EVP_PKEY *key = tc_ec_key(curves[_i].group);
	size_t n = curves[_i].field_len, rs_len, want_len, der_len, back_len;
	uint8_t hash[32], rs[TC_BUF_MAX], want[TC_BUF_MAX], der[TC_BUF_MAX];
	uint8_t back[TC_BUF_MAX];
	int round;

	for (round = 0; round < 16; round++) {
		tc_random(hash, sizeof(hash));
		rs_len = tc_ecdsa_sign_rs(key, hash, sizeof(hash), rs);
		ck_assert_uint_eq(rs_len, 2 * n);
		want_len = tc_ecdsa_der(rs, rs + n, n, want);
		der_len = sizeof(der);
		ck_assert_int_eq(ecdsa_sig_to_der(rs, rs_len, n, der, &der_len),
				 CKR_OK);
		ck_assert_uint_eq(der_len, want_len);
		ck_assert_mem_eq(der, want, want_len);
		back_len = sizeof(back);
		ck_assert_int_eq(
			ecdsa_sig_from_der(der, der_len, n, back, &back_len),
			CKR_OK);
		ck_assert_uint_eq(back_len, rs_len);
		ck_assert_mem_eq(back, rs, rs_len);
	}
}
END_TEST

/* r and s shapes DER treats specially (X.690 §8.3): a high bit needing a
 * 0x00 in front, leading zero octets to drop, zero itself. */
START_TEST(test_edge_values_match_openssls_der_and_round_trip)
{
	size_t n = curves[_i].field_len, k, der_len, want_len, back_len;
	uint8_t r[66], s[66], rs[132], der[TC_BUF_MAX], want[TC_BUF_MAX];
	uint8_t back[132];

	for (k = 0; k < 6; k++) {
		memset(r, 0, n);
		memset(s, 0xff, n);
		switch (k) {
		case 0: /* high bit set in r: 0x00 in front */
			memset(r, 0x80, n);
			break;
		case 1: /* one leading zero octet, then a high bit */
			r[1] = 0x80;
			r[n - 1] = 1;
			break;
		case 2: /* one leading zero octet, then no high bit */
			r[1] = 0x7f;
			break;
		case 3: /* r = 1: all but the last octet are zero */
			r[n - 1] = 1;
			break;
		case 4: /* r = 0 */
			break;
		case 5: /* s with leading zeros, r high bit */
			r[0] = 0xc0;
			memset(s, 0, n / 2);
			break;
		}
		memcpy(rs, r, n);
		memcpy(rs + n, s, n);
		want_len = tc_ecdsa_der(r, s, n, want);
		der_len = sizeof(der);
		ck_assert_int_eq(ecdsa_sig_to_der(rs, 2 * n, n, der, &der_len),
				 CKR_OK);
		ck_assert_uint_eq(der_len, want_len);
		ck_assert_mem_eq(der, want, want_len);
		back_len = sizeof(back);
		ck_assert_int_eq(
			ecdsa_sig_from_der(want, want_len, n, back, &back_len),
			CKR_OK);
		ck_assert_uint_eq(back_len, 2 * n);
		ck_assert_mem_eq(back, rs, 2 * n);
	}
}
END_TEST

START_TEST(test_to_der_refuses_odd_empty_or_overlong_signatures)
{
	uint8_t rs[132] = {1}, der[TC_BUF_MAX];
	size_t der_len = sizeof(der);

	ck_assert_int_eq(ecdsa_sig_to_der(rs, 63, 32, der, &der_len),
			 CKR_SIGNATURE_LEN_RANGE);
	ck_assert_int_eq(ecdsa_sig_to_der(rs, 66, 32, der, &der_len),
			 CKR_SIGNATURE_LEN_RANGE);
	ck_assert_int_eq(ecdsa_sig_to_der(rs, 0, 32, der, &der_len),
			 CKR_SIGNATURE_LEN_RANGE);
	ck_assert_int_eq(ecdsa_sig_to_der(NULL, 64, 32, der, &der_len),
			 CKR_SIGNATURE_LEN_RANGE);
	ck_assert_int_eq(ecdsa_sig_to_der(rs, 64, 32, der, &der_len), CKR_OK);
}
END_TEST

/* v2.40 curr "EC Signatures": a signature passed in for verification
 * may be shorter than 2 nLen, its halves being r and s. */
START_TEST(test_shorter_signature_reads_as_left_padded_halves)
{
	size_t n = curves[_i].field_len, half, want_len, der_len;
	uint8_t rs[132], r[66], s[66], want[TC_BUF_MAX], der[TC_BUF_MAX];

	for (half = 1; half < n; half += 7) {
		tc_random(rs, 2 * half);
		memset(r, 0, n);
		memset(s, 0, n);
		memcpy(r + n - half, rs, half);
		memcpy(s + n - half, rs + half, half);
		want_len = tc_ecdsa_der(r, s, n, want);
		der_len = sizeof(der);
		ck_assert_int_eq(
			ecdsa_sig_to_der(rs, 2 * half, n, der, &der_len),
			CKR_OK);
		ck_assert_uint_eq(der_len, want_len);
		ck_assert_mem_eq(der, want, want_len);
	}
}
END_TEST

static CK_RV from_der(const uint8_t *der, size_t len)
{
	uint8_t rs[64];
	size_t rs_len = sizeof(rs);

	return ecdsa_sig_from_der(der, len, 32, rs, &rs_len);
}

START_TEST(test_from_der_refuses_malformed_signatures)
{
	static const uint8_t negative[] = {0x30, 0x06, 0x02, 0x01,
					   0x80, 0x02, 0x01, 0x01};
	static const uint8_t padded[] = {0x30, 0x07, 0x02, 0x02, 0x00,
					 0x01, 0x02, 0x01, 0x01};
	static const uint8_t empty_int[] = {0x30, 0x05, 0x02, 0x00,
					    0x02, 0x01, 0x01};
	static const uint8_t one_int[] = {0x30, 0x03, 0x02, 0x01, 0x01};
	static const uint8_t three_ints[] = {0x30, 0x09, 0x02, 0x01, 0x01, 0x02,
					     0x01, 0x01, 0x02, 0x01, 0x01};
	static const uint8_t long_len[] = {0x30, 0x81, 0x06, 0x02, 0x01,
					   0x01, 0x02, 0x01, 0x01};
	static const uint8_t indefinite[] = {0x30, 0x80, 0x02, 0x01, 0x01,
					     0x02, 0x01, 0x01, 0x00, 0x00};
	static const uint8_t set[] = {0x31, 0x06, 0x02, 0x01,
				      0x01, 0x02, 0x01, 0x01};
	static const uint8_t good[] = {0x30, 0x06, 0x02, 0x01,
				       0x01, 0x02, 0x01, 0x01};

	ck_assert_int_eq(from_der(good, sizeof(good)), CKR_OK);
	ck_assert_int_eq(from_der(negative, sizeof(negative)),
			 CKR_SIGNATURE_INVALID);
	ck_assert_int_eq(from_der(padded, sizeof(padded)),
			 CKR_SIGNATURE_INVALID);
	ck_assert_int_eq(from_der(empty_int, sizeof(empty_int)),
			 CKR_SIGNATURE_INVALID);
	ck_assert_int_eq(from_der(one_int, sizeof(one_int)),
			 CKR_SIGNATURE_INVALID);
	ck_assert_int_eq(from_der(three_ints, sizeof(three_ints)),
			 CKR_SIGNATURE_INVALID);
	ck_assert_int_eq(from_der(long_len, sizeof(long_len)),
			 CKR_SIGNATURE_INVALID);
	ck_assert_int_eq(from_der(indefinite, sizeof(indefinite)),
			 CKR_SIGNATURE_INVALID);
	ck_assert_int_eq(from_der(set, sizeof(set)), CKR_SIGNATURE_INVALID);
	ck_assert_int_eq(from_der(NULL, 0), CKR_SIGNATURE_INVALID);
}
END_TEST

START_TEST(test_from_der_refuses_truncation_trailing_bytes_and_oversize)
{
	uint8_t r[33], s[32], der[TC_BUF_MAX];
	size_t len, n;

	tc_random(r, sizeof(r));
	tc_random(s, sizeof(s));
	r[0] |= 0x01;
	s[0] |= 0x80;
	len = tc_ecdsa_der(r + 1, s, 32, der);
	ck_assert_int_eq(from_der(der, len), CKR_OK);
	for (n = 0; n < len; n++)
		ck_assert_msg(from_der(der, n) == CKR_SIGNATURE_INVALID,
			      "prefix of %zu bytes", n);
	der[len] = 0;
	ck_assert_int_eq(from_der(der, len + 1), CKR_SIGNATURE_INVALID);
	/* an r of 33 significant octets does not fit P-256 */
	len = tc_ecdsa_der(r, r, 33, der);
	ck_assert_int_eq(from_der(der, len), CKR_SIGNATURE_INVALID);
}
END_TEST

START_TEST(test_from_der_size_query_checks_the_input)
{
	static const uint8_t good[] = {0x30, 0x06, 0x02, 0x01,
				       0x01, 0x02, 0x01, 0x01};
	static const uint8_t bad[] = {0x30, 0x06, 0x02, 0x01,
				      0x81, 0x02, 0x01, 0x01};
	uint8_t rs[64];
	size_t len = 0;

	ck_assert_int_eq(ecdsa_sig_from_der(good, sizeof(good), 32, NULL, &len),
			 CKR_OK);
	ck_assert_uint_eq(len, 64);
	ck_assert_int_eq(ecdsa_sig_from_der(bad, sizeof(bad), 32, NULL, &len),
			 CKR_SIGNATURE_INVALID);
	len = 63;
	ck_assert_int_eq(ecdsa_sig_from_der(good, sizeof(good), 32, rs, &len),
			 CKR_BUFFER_TOO_SMALL);
	ck_assert_uint_eq(len, 64);
}
END_TEST

/* ---- CKM_ECDSA inputs --------------------------------------------- */

START_TEST(test_input_length_names_the_sha2_hash)
{
	ck_assert_int_eq(ecdsa_input_hash(20), PARSEC_HASH_SHA_1);
	ck_assert_int_eq(ecdsa_input_hash(28), PARSEC_HASH_SHA_224);
	ck_assert_int_eq(ecdsa_input_hash(32), PARSEC_HASH_SHA_256);
	ck_assert_int_eq(ecdsa_input_hash(48), PARSEC_HASH_SHA_384);
	ck_assert_int_eq(ecdsa_input_hash(64), PARSEC_HASH_SHA_512);
	ck_assert_int_eq(ecdsa_input_hash(0), PARSEC_HASH_NONE);
	ck_assert_int_eq(ecdsa_input_hash(16), PARSEC_HASH_NONE);
	ck_assert_int_eq(ecdsa_input_hash(33), PARSEC_HASH_NONE);
	ck_assert_int_eq(ecdsa_input_hash(66), PARSEC_HASH_NONE);
}
END_TEST

/* Whatever ecdsa_input_fit() accepts must sign to a signature OpenSSL
 * accepts for the ORIGINAL input: that is the point of reshaping. What
 * it refuses, the plain cut or pad would have got wrong. */
static void check_fit(const char *group, uint32_t bits, size_t hash_len,
		      size_t in_len, int expect_ok)
{
	EVP_PKEY *key = tc_ec_key(group);
	uint8_t in[200], fitted[64], rs[TC_BUF_MAX];
	size_t rs_len;
	CK_RV rv;

	tc_random(in, in_len);
	in[0] |= 0x80; /* the top bits matter when cutting */
	rv = ecdsa_input_fit(in, in_len, bits, hash_len, fitted);
	ck_assert_msg(rv == (expect_ok ? CKR_OK : CKR_DATA_LEN_RANGE),
		      "%s, %zu-byte hash, %zu-byte input: rv 0x%lx", group,
		      hash_len, in_len, rv);
	if (rv != CKR_OK) {
		memset(fitted, 0, hash_len);
		if (in_len >= hash_len)
			memcpy(fitted, in, hash_len);
		else
			memcpy(fitted + hash_len - in_len, in, in_len);
	}
	rs_len = tc_ecdsa_sign_rs(key, fitted, hash_len, rs);
	ck_assert_msg(tc_ecdsa_verify_rs(key, in, in_len, rs, rs_len) ==
			      (rv == CKR_OK),
		      "%s, %zu-byte hash, %zu-byte input: the signature of "
		      "the reshaped input %s for the original",
		      group, hash_len, in_len,
		      rv == CKR_OK ? "does not verify" : "verifies");
}

START_TEST(test_fit_keeps_the_signature_for_the_curves_own_hash)
{
	static const size_t lengths[] = {1, 16, 20, 28, 32, 48, 64, 66, 100};
	size_t i, hash_len = curves[_i].policy_hash_len;
	int ok;

	for (i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++) {
		/* P-521 under SHA-512: longer inputs carry bits past 512
		 * that ECDSA uses and the cut would drop. */
		ok = lengths[i] <= hash_len || 8 * hash_len >= curves[_i].bits;
		check_fit(curves[_i].group, curves[_i].bits, hash_len,
			  lengths[i], ok);
	}
}
END_TEST

START_TEST(test_fit_to_a_longer_hash_than_the_curve_only_cuts)
{
	/* P-256 key under a SHA-384 policy: padding a short input would
	 * put zeros in the 256 bits ECDSA reads. */
	check_fit("P-256", 256, 48, 32, 0);
	check_fit("P-256", 256, 48, 20, 0);
	check_fit("P-256", 256, 48, 48, 1);
	check_fit("P-256", 256, 48, 64, 1);
}
END_TEST

START_TEST(test_fit_to_a_shorter_hash_than_the_curve_only_pads)
{
	/* P-384 key under a SHA-256 policy. */
	check_fit("P-384", 384, 32, 20, 1);
	check_fit("P-384", 384, 32, 32, 1);
	check_fit("P-384", 384, 32, 48, 0);
}
END_TEST

START_TEST(test_fit_of_empty_input_is_zeros)
{
	uint8_t out[32];
	size_t i;

	memset(out, 0xaa, sizeof(out));
	ck_assert_int_eq(ecdsa_input_fit(NULL, 0, 256, 32, out), CKR_OK);
	for (i = 0; i < sizeof(out); i++)
		ck_assert_uint_eq(out[i], 0);
	ck_assert_int_eq(ecdsa_input_fit(NULL, 5, 256, 32, out),
			 CKR_ARGUMENTS_BAD);
}
END_TEST

Suite *unit_suite(void)
{
	Suite *s = suite_create("crypto-ec");
	TCase *points = tcase_create("points");
	TCase *sigs = tcase_create("signatures");
	TCase *inputs = tcase_create("inputs");

	tcase_add_unchecked_fixture(points, tc_make_ec_keys, NULL);
	tcase_add_loop_test(
		points,
		test_field_len_is_the_coordinate_size_of_openssls_points, 0,
		N_CURVES);
	tcase_add_loop_test(points, test_wrap_equals_openssls_octet_string, 0,
			    N_CURVES);
	tcase_add_loop_test(points, test_raw_takes_raw_and_wrapped_points, 0,
			    N_CURVES);
	tcase_add_test(points, test_raw_refuses_malformed_points);
	suite_add_tcase(s, points);

	tcase_add_unchecked_fixture(sigs, tc_make_ec_keys, NULL);
	tcase_add_loop_test(sigs, test_openssl_signatures_convert_both_ways, 0,
			    N_CURVES);
	tcase_add_loop_test(sigs,
			    test_edge_values_match_openssls_der_and_round_trip,
			    0, N_CURVES);
	tcase_add_test(sigs,
		       test_to_der_refuses_odd_empty_or_overlong_signatures);
	tcase_add_loop_test(sigs,
			    test_shorter_signature_reads_as_left_padded_halves,
			    0, N_CURVES);
	tcase_add_test(sigs, test_from_der_refuses_malformed_signatures);
	tcase_add_test(
		sigs,
		test_from_der_refuses_truncation_trailing_bytes_and_oversize);
	tcase_add_test(sigs, test_from_der_size_query_checks_the_input);
	suite_add_tcase(s, sigs);

	tcase_add_unchecked_fixture(inputs, tc_make_ec_keys, NULL);
	tcase_add_test(inputs, test_input_length_names_the_sha2_hash);
	tcase_add_loop_test(
		inputs, test_fit_keeps_the_signature_for_the_curves_own_hash, 0,
		N_CURVES);
	tcase_add_test(inputs,
		       test_fit_to_a_longer_hash_than_the_curve_only_cuts);
	tcase_add_test(inputs,
		       test_fit_to_a_shorter_hash_than_the_curve_only_pads);
	tcase_add_test(inputs, test_fit_of_empty_input_is_zeros);
	suite_add_tcase(s, inputs);
	return s;
}
