/* test-crypto-mech-params.c - mechanism parameter validators
 * (session/crypto/mech_params.c). */
#include <string.h>

#include "session/crypto/mech_params.h"
#include "tests/unit/crypto_test_util.h"
#include "tests/unit/unit.h"

static const struct {
	parsec_hash_t hash;
	CK_MECHANISM_TYPE digest, pss_mech;
	CK_RSA_PKCS_MGF_TYPE mgf;
	CK_ULONG size;
} hashes[] = {
	{PARSEC_HASH_SHA_1, CKM_SHA_1, CKM_SHA1_RSA_PKCS_PSS, CKG_MGF1_SHA1,
	 20},
	{PARSEC_HASH_SHA_224, CKM_SHA224, CKM_SHA224_RSA_PKCS_PSS,
	 CKG_MGF1_SHA224, 28},
	{PARSEC_HASH_SHA_256, CKM_SHA256, CKM_SHA256_RSA_PKCS_PSS,
	 CKG_MGF1_SHA256, 32},
	{PARSEC_HASH_SHA_384, CKM_SHA384, CKM_SHA384_RSA_PKCS_PSS,
	 CKG_MGF1_SHA384, 48},
	{PARSEC_HASH_SHA_512, CKM_SHA512, CKM_SHA512_RSA_PKCS_PSS,
	 CKG_MGF1_SHA512, 64},
};

#define N_HASHES (int)(sizeof(hashes) / sizeof(hashes[0]))

static CK_MECHANISM mech_of(CK_MECHANISM_TYPE type, void *param, CK_ULONG len)
{
	CK_MECHANISM m = {type, param, len};

	return m;
}

/* ---- no parameter ------------------------------------------------- */

START_TEST(test_none_accepts_only_null_and_zero)
{
	CK_ULONG junk = 0;
	CK_MECHANISM m = mech_of(CKM_ECDSA, NULL, 0);

	ck_assert_int_eq(mech_params_none(&m), CKR_OK);
	m = mech_of(CKM_ECDSA, &junk, sizeof(junk));
	ck_assert_int_eq(mech_params_none(&m), CKR_MECHANISM_PARAM_INVALID);
	m = mech_of(CKM_ECDSA, &junk, 0);
	ck_assert_int_eq(mech_params_none(&m), CKR_MECHANISM_PARAM_INVALID);
	m = mech_of(CKM_ECDSA, NULL, 4);
	ck_assert_int_eq(mech_params_none(&m), CKR_MECHANISM_PARAM_INVALID);
	ck_assert_int_eq(mech_params_none(NULL), CKR_ARGUMENTS_BAD);
}
END_TEST

/* ---- RSA-PSS ------------------------------------------------------ */

static CK_RV pss(CK_MECHANISM_TYPE type, CK_MECHANISM_TYPE hash_alg,
		 CK_RSA_PKCS_MGF_TYPE mgf, CK_ULONG s_len, mech_pss_salt_t salt,
		 mech_pss_t *out)
{
	CK_RSA_PKCS_PSS_PARAMS p = {hash_alg, mgf, s_len};
	CK_MECHANISM m = mech_of(type, &p, sizeof(p));

	return mech_params_rsa_pss(&m, salt, out);
}

START_TEST(test_pss_accepts_each_hash_with_its_mgf_and_salt)
{
	mech_pss_t out = {0};

	ck_assert_int_eq(pss(CKM_RSA_PKCS_PSS, hashes[_i].digest,
			     hashes[_i].mgf, hashes[_i].size,
			     MECH_PSS_SALT_HASH_LEN, &out),
			 CKR_OK);
	ck_assert_int_eq(out.hash, hashes[_i].hash);
	ck_assert_uint_eq(out.salt_len, hashes[_i].size);
	memset(&out, 0, sizeof(out));
	ck_assert_int_eq(pss(hashes[_i].pss_mech, hashes[_i].digest,
			     hashes[_i].mgf, hashes[_i].size,
			     MECH_PSS_SALT_HASH_LEN, &out),
			 CKR_OK);
	ck_assert_int_eq(out.hash, hashes[_i].hash);
}
END_TEST

START_TEST(test_pss_refuses_mgf_of_another_hash)
{
	mech_pss_t out;
	int other = (_i + 1) % N_HASHES;

	ck_assert_int_eq(pss(CKM_RSA_PKCS_PSS, hashes[_i].digest,
			     hashes[other].mgf, hashes[_i].size,
			     MECH_PSS_SALT_HASH_LEN, &out),
			 CKR_MECHANISM_PARAM_INVALID);
}
END_TEST

START_TEST(test_pss_refuses_hash_other_than_the_mechanisms)
{
	mech_pss_t out;
	int other = (_i + 1) % N_HASHES;

	ck_assert_int_eq(pss(hashes[_i].pss_mech, hashes[other].digest,
			     hashes[other].mgf, hashes[other].size,
			     MECH_PSS_SALT_HASH_LEN, &out),
			 CKR_MECHANISM_PARAM_INVALID);
}
END_TEST

START_TEST(test_pss_refuses_salt_other_than_hash_length_for_parsec)
{
	mech_pss_t out;

	ck_assert_int_eq(pss(CKM_RSA_PKCS_PSS, CKM_SHA256, CKG_MGF1_SHA256, 0,
			     MECH_PSS_SALT_HASH_LEN, &out),
			 CKR_MECHANISM_PARAM_INVALID);
	ck_assert_int_eq(pss(CKM_SHA256_RSA_PKCS_PSS, CKM_SHA256,
			     CKG_MGF1_SHA256, 20, MECH_PSS_SALT_HASH_LEN, &out),
			 CKR_MECHANISM_PARAM_INVALID);
	ck_assert_int_eq(pss(CKM_RSA_PKCS_PSS, CKM_SHA256, CKG_MGF1_SHA256, 33,
			     MECH_PSS_SALT_HASH_LEN, &out),
			 CKR_MECHANISM_PARAM_INVALID);
}
END_TEST

START_TEST(test_pss_takes_any_salt_for_local_verification)
{
	mech_pss_t out = {0};

	ck_assert_int_eq(pss(CKM_RSA_PKCS_PSS, CKM_SHA256, CKG_MGF1_SHA256, 0,
			     MECH_PSS_SALT_AS_GIVEN, &out),
			 CKR_OK);
	ck_assert_uint_eq(out.salt_len, 0);
	ck_assert_int_eq(pss(CKM_SHA384_RSA_PKCS_PSS, CKM_SHA384,
			     CKG_MGF1_SHA384, 20, MECH_PSS_SALT_AS_GIVEN, &out),
			 CKR_OK);
	ck_assert_int_eq(out.hash, PARSEC_HASH_SHA_384);
	ck_assert_uint_eq(out.salt_len, 20);
	/* the hash rules still hold */
	ck_assert_int_eq(pss(CKM_RSA_PKCS_PSS, CKM_SHA384, CKG_MGF1_SHA256, 20,
			     MECH_PSS_SALT_AS_GIVEN, &out),
			 CKR_MECHANISM_PARAM_INVALID);
}
END_TEST

START_TEST(test_pss_refuses_hash_alg_that_is_no_digest_or_has_no_mgf1)
{
	mech_pss_t out;

	ck_assert_int_eq(pss(CKM_RSA_PKCS_PSS, CKM_SHA256_RSA_PKCS,
			     CKG_MGF1_SHA256, 32, MECH_PSS_SALT_HASH_LEN, &out),
			 CKR_MECHANISM_PARAM_INVALID);
	ck_assert_int_eq(pss(CKM_RSA_PKCS_PSS, CKM_SHA512_256, CKG_MGF1_SHA256,
			     32, MECH_PSS_SALT_HASH_LEN, &out),
			 CKR_MECHANISM_PARAM_INVALID);
	ck_assert_int_eq(pss(CKM_RSA_PKCS_PSS, CKM_MD5, CKG_MGF1_SHA1, 16,
			     MECH_PSS_SALT_HASH_LEN, &out),
			 CKR_MECHANISM_PARAM_INVALID);
	ck_assert_int_eq(pss(CKM_RSA_PKCS_PSS, CKM_SHA256, 0, 32,
			     MECH_PSS_SALT_HASH_LEN, &out),
			 CKR_MECHANISM_PARAM_INVALID);
}
END_TEST

START_TEST(test_pss_refuses_missing_or_wrongly_sized_parameter)
{
	CK_RSA_PKCS_PSS_PARAMS p = {CKM_SHA256, CKG_MGF1_SHA256, 32};
	CK_MECHANISM m = mech_of(CKM_RSA_PKCS_PSS, NULL, sizeof(p));
	mech_pss_t out;

	ck_assert_int_eq(mech_params_rsa_pss(&m, MECH_PSS_SALT_HASH_LEN, &out),
			 CKR_MECHANISM_PARAM_INVALID);
	m = mech_of(CKM_SHA256_RSA_PKCS_PSS, NULL, 0);
	ck_assert_int_eq(mech_params_rsa_pss(&m, MECH_PSS_SALT_HASH_LEN, &out),
			 CKR_MECHANISM_PARAM_INVALID);
	m = mech_of(CKM_RSA_PKCS_PSS, &p, sizeof(p) - 1);
	ck_assert_int_eq(mech_params_rsa_pss(&m, MECH_PSS_SALT_HASH_LEN, &out),
			 CKR_MECHANISM_PARAM_INVALID);
	m = mech_of(CKM_RSA_PKCS_PSS, &p, sizeof(p) + sizeof(CK_ULONG));
	ck_assert_int_eq(mech_params_rsa_pss(&m, MECH_PSS_SALT_HASH_LEN, &out),
			 CKR_MECHANISM_PARAM_INVALID);
	ck_assert_int_eq(
		mech_params_rsa_pss(NULL, MECH_PSS_SALT_HASH_LEN, &out),
		CKR_ARGUMENTS_BAD);
}
END_TEST

START_TEST(test_pss_on_a_mechanism_that_is_not_pss_is_mechanism_invalid)
{
	mech_pss_t out;

	ck_assert_int_eq(pss(CKM_SHA256_RSA_PKCS, CKM_SHA256, CKG_MGF1_SHA256,
			     32, MECH_PSS_SALT_HASH_LEN, &out),
			 CKR_MECHANISM_INVALID);
	ck_assert_int_eq(pss(CKM_RSA_PKCS, CKM_SHA256, CKG_MGF1_SHA256, 32,
			     MECH_PSS_SALT_HASH_LEN, &out),
			 CKR_MECHANISM_INVALID);
}
END_TEST

/* ---- RSA-OAEP ----------------------------------------------------- */

static CK_RV oaep(CK_MECHANISM_TYPE hash_alg, CK_RSA_PKCS_MGF_TYPE mgf,
		  CK_ULONG source, void *label, CK_ULONG label_len,
		  mech_oaep_t *out)
{
	CK_RSA_PKCS_OAEP_PARAMS p = {hash_alg, mgf, source, label, label_len};
	CK_MECHANISM m = mech_of(CKM_RSA_PKCS_OAEP, &p, sizeof(p));

	return mech_params_rsa_oaep(&m, out);
}

START_TEST(test_oaep_accepts_each_hash_with_and_without_label)
{
	char label[] = "a label";
	mech_oaep_t out = {0};

	ck_assert_int_eq(oaep(hashes[_i].digest, hashes[_i].mgf,
			      CKZ_DATA_SPECIFIED, label, 7, &out),
			 CKR_OK);
	ck_assert_int_eq(out.hash, hashes[_i].hash);
	ck_assert_ptr_eq(out.label, (uint8_t *)label);
	ck_assert_uint_eq(out.label_len, 7);
	ck_assert_int_eq(oaep(hashes[_i].digest, hashes[_i].mgf,
			      CKZ_DATA_SPECIFIED, NULL, 0, &out),
			 CKR_OK);
	ck_assert_ptr_null(out.label);
	ck_assert_uint_eq(out.label_len, 0);
	ck_assert_int_eq(
		oaep(hashes[_i].digest, hashes[_i].mgf, 0, NULL, 0, &out),
		CKR_OK);
	ck_assert_int_eq(out.hash, hashes[_i].hash);
	ck_assert_ptr_null(out.label);
}
END_TEST

START_TEST(test_oaep_empty_label_pointer_reads_as_no_label)
{
	char label[] = "x";
	mech_oaep_t out = {0};

	ck_assert_int_eq(oaep(CKM_SHA256, CKG_MGF1_SHA256, CKZ_DATA_SPECIFIED,
			      label, 0, &out),
			 CKR_OK);
	ck_assert_ptr_null(out.label);
	ck_assert_uint_eq(out.label_len, 0);
}
END_TEST

START_TEST(test_oaep_refuses_mgf_of_another_hash)
{
	mech_oaep_t out;
	int other = (_i + 1) % N_HASHES;

	ck_assert_int_eq(oaep(hashes[_i].digest, hashes[other].mgf,
			      CKZ_DATA_SPECIFIED, NULL, 0, &out),
			 CKR_MECHANISM_PARAM_INVALID);
}
END_TEST

START_TEST(test_oaep_refuses_unsupported_hash)
{
	mech_oaep_t out;

	ck_assert_int_eq(
		oaep(CKM_MD5, CKG_MGF1_SHA1, CKZ_DATA_SPECIFIED, NULL, 0, &out),
		CKR_MECHANISM_PARAM_INVALID);
	ck_assert_int_eq(oaep(CKM_SHA512_224, CKG_MGF1_SHA224,
			      CKZ_DATA_SPECIFIED, NULL, 0, &out),
			 CKR_MECHANISM_PARAM_INVALID);
}
END_TEST

START_TEST(test_oaep_refuses_bad_source_or_label)
{
	char label[] = "a label";
	mech_oaep_t out;

	ck_assert_int_eq(oaep(CKM_SHA256, CKG_MGF1_SHA256, 0, label, 7, &out),
			 CKR_MECHANISM_PARAM_INVALID);
	ck_assert_int_eq(oaep(CKM_SHA256, CKG_MGF1_SHA256, 2, NULL, 0, &out),
			 CKR_MECHANISM_PARAM_INVALID);
	ck_assert_int_eq(oaep(CKM_SHA256, CKG_MGF1_SHA256, CKZ_DATA_SPECIFIED,
			      NULL, 7, &out),
			 CKR_MECHANISM_PARAM_INVALID);
}
END_TEST

START_TEST(test_oaep_refuses_missing_or_wrongly_sized_parameter)
{
	CK_RSA_PKCS_OAEP_PARAMS p = {CKM_SHA256, CKG_MGF1_SHA256,
				     CKZ_DATA_SPECIFIED, NULL, 0};
	CK_MECHANISM m = mech_of(CKM_RSA_PKCS_OAEP, NULL, 0);
	mech_oaep_t out;

	ck_assert_int_eq(mech_params_rsa_oaep(&m, &out),
			 CKR_MECHANISM_PARAM_INVALID);
	m = mech_of(CKM_RSA_PKCS_OAEP, &p, sizeof(p) - sizeof(CK_ULONG));
	ck_assert_int_eq(mech_params_rsa_oaep(&m, &out),
			 CKR_MECHANISM_PARAM_INVALID);
	m = mech_of(CKM_RSA_PKCS_OAEP, &p, sizeof(p));
	ck_assert_int_eq(mech_params_rsa_oaep(&m, &out), CKR_OK);
}
END_TEST

/* ---- AES-GCM ------------------------------------------------------ */

static uint8_t gcm_iv[MECH_GCM_IV_MAX + 1], gcm_aad[20];

static CK_GCM_PARAMS gcm_default(void)
{
	CK_GCM_PARAMS p = {gcm_iv, 12, 96, gcm_aad, sizeof(gcm_aad), 128};

	return p;
}

static CK_RV gcm(CK_GCM_PARAMS *p, mech_gcm_t *out)
{
	CK_MECHANISM m = mech_of(CKM_AES_GCM, p, sizeof(*p));

	return mech_params_gcm(&m, out);
}

START_TEST(test_gcm_accepts_typical_parameters)
{
	CK_GCM_PARAMS p = gcm_default();
	mech_gcm_t out = {0};

	ck_assert_int_eq(gcm(&p, &out), CKR_OK);
	ck_assert_ptr_eq(out.iv, gcm_iv);
	ck_assert_uint_eq(out.iv_len, 12);
	ck_assert_ptr_eq(out.aad, gcm_aad);
	ck_assert_uint_eq(out.aad_len, sizeof(gcm_aad));
	ck_assert_uint_eq(out.tag_len, 16);
}
END_TEST

START_TEST(test_gcm_accepts_each_allowed_tag_length)
{
	static const CK_ULONG bits[] = {32, 64, 96, 104, 112, 120, 128};
	CK_GCM_PARAMS p = gcm_default();
	mech_gcm_t out = {0};
	size_t i;

	for (i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		p.ulTagBits = bits[i];
		ck_assert_int_eq(gcm(&p, &out), CKR_OK);
		ck_assert_uint_eq(out.tag_len, bits[i] / 8);
	}
}
END_TEST

START_TEST(test_gcm_refuses_other_tag_lengths)
{
	static const CK_ULONG bits[] = {0,  8,	24, 31, 40,  48,
					56, 72, 80, 88, 127, 136};
	CK_GCM_PARAMS p = gcm_default();
	mech_gcm_t out;
	size_t i;

	for (i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		p.ulTagBits = bits[i];
		ck_assert_msg(gcm(&p, &out) == CKR_MECHANISM_PARAM_INVALID,
			      "tag of %lu bits", bits[i]);
	}
}
END_TEST

START_TEST(test_gcm_takes_iv_of_1_to_256_bytes_only)
{
	CK_GCM_PARAMS p = gcm_default();
	mech_gcm_t out;

	p.ulIvBits = 0; /* not given */
	p.ulIvLen = 1;
	ck_assert_int_eq(gcm(&p, &out), CKR_OK);
	p.ulIvLen = MECH_GCM_IV_MAX;
	ck_assert_int_eq(gcm(&p, &out), CKR_OK);
	ck_assert_uint_eq(out.iv_len, MECH_GCM_IV_MAX);
	p.ulIvLen = MECH_GCM_IV_MAX + 1;
	ck_assert_int_eq(gcm(&p, &out), CKR_MECHANISM_PARAM_INVALID);
	p.ulIvLen = 0;
	ck_assert_int_eq(gcm(&p, &out), CKR_MECHANISM_PARAM_INVALID);
	p.ulIvLen = 12;
	p.pIv = NULL;
	ck_assert_int_eq(gcm(&p, &out), CKR_MECHANISM_PARAM_INVALID);
}
END_TEST

START_TEST(test_gcm_refuses_iv_bits_disagreeing_with_iv_length)
{
	CK_GCM_PARAMS p = gcm_default();
	mech_gcm_t out;

	p.ulIvBits = 64;
	ck_assert_int_eq(gcm(&p, &out), CKR_MECHANISM_PARAM_INVALID);
	p.ulIvBits = 12; /* bytes, not bits */
	ck_assert_int_eq(gcm(&p, &out), CKR_MECHANISM_PARAM_INVALID);
}
END_TEST

START_TEST(test_gcm_aad_needs_a_pointer_only_when_not_empty)
{
	CK_GCM_PARAMS p = gcm_default();
	mech_gcm_t out;

	p.pAAD = NULL;
	p.ulAADLen = 0;
	ck_assert_int_eq(gcm(&p, &out), CKR_OK);
	ck_assert_ptr_null(out.aad);
	ck_assert_uint_eq(out.aad_len, 0);
	p.pAAD = gcm_aad;
	ck_assert_int_eq(gcm(&p, &out), CKR_OK);
	ck_assert_ptr_null(out.aad);
	p.pAAD = NULL;
	p.ulAADLen = 4;
	ck_assert_int_eq(gcm(&p, &out), CKR_MECHANISM_PARAM_INVALID);
}
END_TEST

START_TEST(test_gcm_refuses_missing_or_wrongly_sized_parameter)
{
	CK_GCM_PARAMS p = gcm_default();
	CK_MECHANISM m = mech_of(CKM_AES_GCM, NULL, sizeof(p));
	mech_gcm_t out;

	ck_assert_int_eq(mech_params_gcm(&m, &out),
			 CKR_MECHANISM_PARAM_INVALID);
	/* the layout without ulIvBits some older headers have */
	m = mech_of(CKM_AES_GCM, &p, sizeof(p) - sizeof(CK_ULONG));
	ck_assert_int_eq(mech_params_gcm(&m, &out),
			 CKR_MECHANISM_PARAM_INVALID);
	ck_assert_int_eq(mech_params_gcm(NULL, &out), CKR_ARGUMENTS_BAD);
}
END_TEST

/* ---- ECDH1 -------------------------------------------------------- */

static CK_RV ecdh(CK_ULONG kdf, uint8_t *shared, CK_ULONG shared_len,
		  uint8_t *pub, CK_ULONG pub_len, uint32_t bits,
		  mech_ecdh_t *out)
{
	CK_ECDH1_DERIVE_PARAMS p = {kdf, shared_len, shared, pub_len, pub};
	CK_MECHANISM m = mech_of(CKM_ECDH1_DERIVE, &p, sizeof(p));

	return mech_params_ecdh1(&m, bits, out);
}

static const struct {
	const char *group;
	uint32_t bits;
} curves[] = {
	{"P-256", 256},
	{"P-384", 384},
	{"P-521", 521},
	{"secp256k1", 256},
};

#define N_CURVES (int)(sizeof(curves) / sizeof(curves[0]))

START_TEST(test_ecdh_accepts_raw_point)
{
	uint8_t point[TC_BUF_MAX];
	size_t len = tc_ec_point(tc_ec_key(curves[_i].group), 0, point);
	mech_ecdh_t out = {0};

	ck_assert_int_eq(
		ecdh(CKD_NULL, NULL, 0, point, len, curves[_i].bits, &out),
		CKR_OK);
	ck_assert_ptr_eq(out.point, point);
	ck_assert_uint_eq(out.point_len, len);
}
END_TEST

START_TEST(test_ecdh_accepts_der_wrapped_point_and_returns_it_raw)
{
	uint8_t point[TC_BUF_MAX], der[TC_BUF_MAX];
	size_t len = tc_ec_point(tc_ec_key(curves[_i].group), 0, point);
	size_t der_len = tc_der_octet_string(point, len, der);
	mech_ecdh_t out = {0};

	ck_assert_int_eq(
		ecdh(CKD_NULL, NULL, 0, der, der_len, curves[_i].bits, &out),
		CKR_OK);
	ck_assert_uint_eq(out.point_len, len);
	ck_assert_mem_eq(out.point, point, len);
}
END_TEST

START_TEST(test_ecdh_refuses_compressed_point)
{
	uint8_t point[TC_BUF_MAX], der[TC_BUF_MAX];
	size_t len = tc_ec_point(tc_ec_key(curves[_i].group), 1, point);
	size_t der_len = tc_der_octet_string(point, len, der);
	mech_ecdh_t out;

	ck_assert(point[0] == 0x02 || point[0] == 0x03);
	ck_assert_int_eq(
		ecdh(CKD_NULL, NULL, 0, point, len, curves[_i].bits, &out),
		CKR_MECHANISM_PARAM_INVALID);
	ck_assert_int_eq(
		ecdh(CKD_NULL, NULL, 0, der, der_len, curves[_i].bits, &out),
		CKR_MECHANISM_PARAM_INVALID);
}
END_TEST

START_TEST(test_ecdh_refuses_point_of_another_curve_size)
{
	uint8_t point[TC_BUF_MAX];
	size_t len = tc_ec_point(tc_ec_key("P-384"), 0, point);
	mech_ecdh_t out;

	ck_assert_int_eq(ecdh(CKD_NULL, NULL, 0, point, len, 256, &out),
			 CKR_MECHANISM_PARAM_INVALID);
	ck_assert_int_eq(ecdh(CKD_NULL, NULL, 0, point, len, 384, &out),
			 CKR_OK);
}
END_TEST

START_TEST(test_ecdh_refuses_der_wrapping_with_trailing_bytes)
{
	uint8_t point[TC_BUF_MAX], der[TC_BUF_MAX];
	size_t len = tc_ec_point(tc_ec_key("P-256"), 0, point);
	size_t der_len = tc_der_octet_string(point, len, der);
	mech_ecdh_t out;

	der[der_len] = 0;
	ck_assert_int_eq(ecdh(CKD_NULL, NULL, 0, der, der_len + 1, 256, &out),
			 CKR_MECHANISM_PARAM_INVALID);
	ck_assert_int_eq(ecdh(CKD_NULL, NULL, 0, NULL, 0, 256, &out),
			 CKR_MECHANISM_PARAM_INVALID);
}
END_TEST

START_TEST(test_ecdh_refuses_kdf_other_than_null_and_shared_data)
{
	uint8_t point[TC_BUF_MAX], shared[8] = {0};
	size_t len = tc_ec_point(tc_ec_key("P-256"), 0, point);
	mech_ecdh_t out;

	ck_assert_int_eq(ecdh(CKD_SHA256_KDF, NULL, 0, point, len, 256, &out),
			 CKR_MECHANISM_PARAM_INVALID);
	ck_assert_int_eq(
		ecdh(CKD_NULL, shared, sizeof(shared), point, len, 256, &out),
		CKR_MECHANISM_PARAM_INVALID);
	ck_assert_int_eq(ecdh(CKD_NULL, shared, 0, point, len, 256, &out),
			 CKR_MECHANISM_PARAM_INVALID);
}
END_TEST

START_TEST(test_ecdh_refuses_missing_or_wrongly_sized_parameter)
{
	uint8_t point[TC_BUF_MAX];
	size_t len = tc_ec_point(tc_ec_key("P-256"), 0, point);
	CK_ECDH1_DERIVE_PARAMS p = {CKD_NULL, 0, NULL, len, point};
	CK_MECHANISM m = mech_of(CKM_ECDH1_DERIVE, NULL, sizeof(p));
	mech_ecdh_t out;

	ck_assert_int_eq(mech_params_ecdh1(&m, 256, &out),
			 CKR_MECHANISM_PARAM_INVALID);
	m = mech_of(CKM_ECDH1_DERIVE, &p, sizeof(p) - 1);
	ck_assert_int_eq(mech_params_ecdh1(&m, 256, &out),
			 CKR_MECHANISM_PARAM_INVALID);
	m = mech_of(CKM_ECDH1_DERIVE, &p, sizeof(p));
	ck_assert_int_eq(mech_params_ecdh1(&m, 256, &out), CKR_OK);
}
END_TEST

Suite *unit_suite(void)
{
	Suite *s = suite_create("crypto-mech-params");
	TCase *none = tcase_create("none");
	TCase *rsa = tcase_create("rsa");
	TCase *gcm_case = tcase_create("gcm");
	TCase *ecdh_case = tcase_create("ecdh");

	tcase_add_test(none, test_none_accepts_only_null_and_zero);
	suite_add_tcase(s, none);

	tcase_add_loop_test(rsa,
			    test_pss_accepts_each_hash_with_its_mgf_and_salt, 0,
			    N_HASHES);
	tcase_add_loop_test(rsa, test_pss_refuses_mgf_of_another_hash, 0,
			    N_HASHES);
	tcase_add_loop_test(rsa,
			    test_pss_refuses_hash_other_than_the_mechanisms, 0,
			    N_HASHES);
	tcase_add_test(rsa,
		       test_pss_refuses_salt_other_than_hash_length_for_parsec);
	tcase_add_test(rsa, test_pss_takes_any_salt_for_local_verification);
	tcase_add_test(
		rsa,
		test_pss_refuses_hash_alg_that_is_no_digest_or_has_no_mgf1);
	tcase_add_test(rsa,
		       test_pss_refuses_missing_or_wrongly_sized_parameter);
	tcase_add_test(
		rsa,
		test_pss_on_a_mechanism_that_is_not_pss_is_mechanism_invalid);
	tcase_add_loop_test(rsa,
			    test_oaep_accepts_each_hash_with_and_without_label,
			    0, N_HASHES);
	tcase_add_test(rsa, test_oaep_empty_label_pointer_reads_as_no_label);
	tcase_add_loop_test(rsa, test_oaep_refuses_mgf_of_another_hash, 0,
			    N_HASHES);
	tcase_add_test(rsa, test_oaep_refuses_unsupported_hash);
	tcase_add_test(rsa, test_oaep_refuses_bad_source_or_label);
	tcase_add_test(rsa,
		       test_oaep_refuses_missing_or_wrongly_sized_parameter);
	suite_add_tcase(s, rsa);

	tcase_add_test(gcm_case, test_gcm_accepts_typical_parameters);
	tcase_add_test(gcm_case, test_gcm_accepts_each_allowed_tag_length);
	tcase_add_test(gcm_case, test_gcm_refuses_other_tag_lengths);
	tcase_add_test(gcm_case, test_gcm_takes_iv_of_1_to_256_bytes_only);
	tcase_add_test(gcm_case,
		       test_gcm_refuses_iv_bits_disagreeing_with_iv_length);
	tcase_add_test(gcm_case,
		       test_gcm_aad_needs_a_pointer_only_when_not_empty);
	tcase_add_test(gcm_case,
		       test_gcm_refuses_missing_or_wrongly_sized_parameter);
	suite_add_tcase(s, gcm_case);

	tcase_add_unchecked_fixture(ecdh_case, tc_make_ec_keys, NULL);
	tcase_add_loop_test(ecdh_case, test_ecdh_accepts_raw_point, 0,
			    N_CURVES);
	tcase_add_loop_test(
		ecdh_case,
		test_ecdh_accepts_der_wrapped_point_and_returns_it_raw, 0,
		N_CURVES);
	tcase_add_loop_test(ecdh_case, test_ecdh_refuses_compressed_point, 0,
			    N_CURVES);
	tcase_add_test(ecdh_case,
		       test_ecdh_refuses_point_of_another_curve_size);
	tcase_add_test(ecdh_case,
		       test_ecdh_refuses_der_wrapping_with_trailing_bytes);
	tcase_add_test(ecdh_case,
		       test_ecdh_refuses_kdf_other_than_null_and_shared_data);
	tcase_add_test(ecdh_case,
		       test_ecdh_refuses_missing_or_wrongly_sized_parameter);
	suite_add_tcase(s, ecdh_case);
	return s;
}
