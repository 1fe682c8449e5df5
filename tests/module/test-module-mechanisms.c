/*
 * test-module-mechanisms.c - what each slot advertises: the mechanism
 * list and CK_MECHANISM_INFO (exact flags, key-size ranges from the
 * provider's answers), on the double's Mbed Crypto provider and on its
 * TPM-like one (reduced because of what it answers: ListOpcodes,
 * CanDoCrypto, and a refusal learnt at use), and what that costs: one
 * probe per provider, then nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "tests/module/p11_crypto.h"

#define SV (CKF_SIGN | CKF_VERIFY)
#define ED (CKF_ENCRYPT | CKF_DECRYPT)
#define ECF (CKF_EC_F_P | CKF_EC_NAMEDCURVE | CKF_EC_UNCOMPRESS)

typedef struct expected {
	CK_MECHANISM_TYPE mech;
	CK_FLAGS flags;
	CK_ULONG min, max;
} expected_t;

/* The double's Mbed Crypto provider: every mechanism of the module. RSA
 * 3072 and P-384 are refused (the ranges still span them). */
static const expected_t mbed[] = {
	{CKM_RSA_PKCS_KEY_PAIR_GEN, CKF_GENERATE_KEY_PAIR, 1024, 4096},
	{CKM_EC_KEY_PAIR_GEN, CKF_GENERATE_KEY_PAIR | ECF, 256, 521},
	{CKM_AES_KEY_GEN, CKF_GENERATE, 16, 32},
	{CKM_RSA_PKCS, SV | ED, 1024, 4096},
	{CKM_SHA1_RSA_PKCS, SV, 1024, 4096},
	{CKM_SHA224_RSA_PKCS, SV, 1024, 4096},
	{CKM_SHA256_RSA_PKCS, SV, 1024, 4096},
	{CKM_SHA384_RSA_PKCS, SV, 1024, 4096},
	{CKM_SHA512_RSA_PKCS, SV, 1024, 4096},
	{CKM_RSA_PKCS_PSS, SV, 1024, 4096},
	{CKM_SHA1_RSA_PKCS_PSS, SV, 1024, 4096},
	{CKM_SHA224_RSA_PKCS_PSS, SV, 1024, 4096},
	{CKM_SHA256_RSA_PKCS_PSS, SV, 1024, 4096},
	{CKM_SHA384_RSA_PKCS_PSS, SV, 1024, 4096},
	{CKM_SHA512_RSA_PKCS_PSS, SV, 1024, 4096},
	{CKM_RSA_PKCS_OAEP, ED, 1024, 4096},
	{CKM_ECDSA, SV | ECF, 256, 521},
	{CKM_ECDSA_SHA1, SV | ECF, 256, 521},
	{CKM_ECDSA_SHA224, SV | ECF, 256, 521},
	{CKM_ECDSA_SHA256, SV | ECF, 256, 521},
	{CKM_ECDSA_SHA384, SV | ECF, 256, 521},
	{CKM_ECDSA_SHA512, SV | ECF, 256, 521},
	{CKM_ECDH1_DERIVE, CKF_DERIVE | ECF, 256, 521},
	{CKM_AES_GCM, ED, 16, 32},
	{CKM_SHA_1, CKF_DIGEST, 0, 0},
	{CKM_SHA224, CKF_DIGEST, 0, 0},
	{CKM_SHA256, CKF_DIGEST, 0, 0},
	{CKM_SHA384, CKF_DIGEST, 0, 0},
	{CKM_SHA512, CKF_DIGEST, 0, 0},
};

/* The TPM-like provider: no PsaHashCompute, PsaAeadEncrypt or
 * PsaRawKeyAgreement (ListOpcodes), no SHA-224 policy and RSA up to
 * 3072, P-256 and P-384 (CanDoCrypto). RSA-PSS signing is refused only
 * at use: listed until then (see the test below). */
static const expected_t tpm[] = {
	{CKM_RSA_PKCS_KEY_PAIR_GEN, CKF_GENERATE_KEY_PAIR, 1024, 3072},
	{CKM_EC_KEY_PAIR_GEN, CKF_GENERATE_KEY_PAIR | ECF, 256, 384},
	{CKM_RSA_PKCS, SV | ED, 1024, 3072},
	{CKM_SHA1_RSA_PKCS, SV, 1024, 3072},
	{CKM_SHA256_RSA_PKCS, SV, 1024, 3072},
	{CKM_SHA384_RSA_PKCS, SV, 1024, 3072},
	{CKM_SHA512_RSA_PKCS, SV, 1024, 3072},
	{CKM_RSA_PKCS_PSS, SV, 1024, 3072},
	{CKM_SHA1_RSA_PKCS_PSS, SV, 1024, 3072},
	{CKM_SHA256_RSA_PKCS_PSS, SV, 1024, 3072},
	{CKM_SHA384_RSA_PKCS_PSS, SV, 1024, 3072},
	{CKM_SHA512_RSA_PKCS_PSS, SV, 1024, 3072},
	{CKM_RSA_PKCS_OAEP, ED, 1024, 3072},
	{CKM_ECDSA, SV | ECF, 256, 384},
	{CKM_ECDSA_SHA1, SV | ECF, 256, 384},
	{CKM_ECDSA_SHA256, SV | ECF, 256, 384},
	{CKM_ECDSA_SHA384, SV | ECF, 256, 384},
	{CKM_ECDSA_SHA512, SV | ECF, 256, 384},
};

static const CK_MECHANISM_TYPE pss_family[] = {
	CKM_RSA_PKCS_PSS,	 CKM_SHA1_RSA_PKCS_PSS,
	CKM_SHA224_RSA_PKCS_PSS, CKM_SHA256_RSA_PKCS_PSS,
	CKM_SHA384_RSA_PKCS_PSS, CKM_SHA512_RSA_PKCS_PSS,
};

static CK_ULONG list(CK_SLOT_ID slot, CK_MECHANISM_TYPE *out, CK_ULONG max)
{
	CK_ULONG n = 0;

	ck_assert_rv(F->C_GetMechanismList(slot, NULL, &n), CKR_OK);
	ck_assert_uint_le(n, max);
	ck_assert_rv(F->C_GetMechanismList(slot, out, &n), CKR_OK);
	return n;
}

static int listed(const CK_MECHANISM_TYPE *l, CK_ULONG n, CK_MECHANISM_TYPE m)
{
	CK_ULONG i;

	for (i = 0; i < n; i++)
		if (l[i] == m)
			return 1;
	return 0;
}

/* The slot lists exactly these, with exactly this information. */
static void check_slot(CK_SLOT_ID slot, const expected_t *want, size_t n_want)
{
	CK_MECHANISM_TYPE got[64];
	CK_MECHANISM_INFO info;
	CK_ULONG n = list(slot, got, 64);
	size_t i;

	ck_assert_uint_eq(n, n_want);
	for (i = 0; i < n_want; i++) {
		ck_assert_msg(listed(got, n, want[i].mech),
			      "mechanism 0x%lx missing", want[i].mech);
		ck_assert_rv(F->C_GetMechanismInfo(slot, want[i].mech, &info),
			     CKR_OK);
		ck_assert_msg(info.flags == want[i].flags,
			      "mechanism 0x%lx: flags 0x%lx, expected 0x%lx",
			      want[i].mech, info.flags, want[i].flags);
		ck_assert_msg(info.ulMinKeySize == want[i].min &&
				      info.ulMaxKeySize == want[i].max,
			      "mechanism 0x%lx: sizes %lu-%lu", want[i].mech,
			      info.ulMinKeySize, info.ulMaxKeySize);
	}
}

START_TEST(test_mbed_crypto_slot_advertises_every_mechanism)
{
	if (p11t_skip_external("the exact list of the double's provider"))
		return;
	check_slot(1, mbed, sizeof(mbed) / sizeof(mbed[0]));
}
END_TEST

START_TEST(test_probe_costs_once_then_nothing)
{
	CK_MECHANISM_TYPE got[64];
	CK_MECHANISM_INFO info;
	CK_SESSION_HANDLE h;
	CK_OBJECT_HANDLE pub, priv;
	long before, probe;

	if (p11t_skip_external("counting requests needs the double's log"))
		return;
	before = p11t_requests();
	list(1, got, 64);
	probe = p11t_requests() - before;
	printf("probe of the Mbed Crypto provider: %ld requests\n", probe);
	/* Sizes (RSA 4, EC 4, AES 3) and algorithms (PKCS#1, PSS and
	 * ECDSA with the wildcard, OAEP with 5 hashes, PKCS#1 v1.5
	 * encryption, AES-GCM). */
	ck_assert_int_eq(probe, 21);
	before = p11t_requests();
	list(1, got, 64);
	ck_assert_rv(F->C_GetMechanismInfo(1, CKM_ECDSA, &info), CKR_OK);
	ck_assert_rv(F->C_GetMechanismInfo(1, CKM_VENDOR_DEFINED, &info),
		     CKR_MECHANISM_INVALID);
	ck_assert_int_eq(p11t_requests() - before, 0);
	/* Key generation reuses the sizes the probe learnt. */
	h = p11t_open(1, 1);
	before = p11t_requests();
	ck_assert_rv(p11t_gen_ec(h, p11t_p256, sizeof(p11t_p256), "k", CK_TRUE,
				 &pub, &priv),
		     CKR_OK);
	ck_assert_int_eq(p11t_requests() - before, 2);
}
END_TEST

START_TEST(test_tpm_slot_advertises_the_reduced_list)
{
	CK_MECHANISM_INFO info;
	CK_SESSION_HANDLE h;
	CK_OBJECT_HANDLE pub, priv;
	long before, probe;

	if (p11t_skip_external("the double's --tpm provider"))
		return;
	before = p11t_requests();
	check_slot(3, tpm, sizeof(tpm) / sizeof(tpm[0]));
	probe = p11t_requests() - before;
	printf("probe of the TPM-like provider: %ld requests\n", probe);
	/* Sizes (RSA 4, EC 4) and algorithms (PKCS#1, PSS and ECDSA: the
	 * wildcard and 5 hashes each, OAEP 5, PKCS#1 v1.5 encryption). */
	ck_assert_int_eq(probe, 32);
	ck_assert_rv(F->C_GetMechanismInfo(3, CKM_ECDH1_DERIVE, &info),
		     CKR_MECHANISM_INVALID);
	ck_assert_rv(F->C_GetMechanismInfo(3, CKM_SHA256, &info),
		     CKR_MECHANISM_INVALID);
	ck_assert_rv(F->C_GetMechanismInfo(3, CKM_AES_GCM, &info),
		     CKR_MECHANISM_INVALID);
	/* The refused wildcard was learnt by the probe: a key gets its
	 * specific hash at once (generate + export, no retry). */
	h = p11t_open(3, 1);
	before = p11t_requests();
	ck_assert_rv(p11t_gen_ec(h, p11t_p256, sizeof(p11t_p256), "t", CK_TRUE,
				 &pub, &priv),
		     CKR_OK);
	ck_assert_int_eq(p11t_requests() - before, 2);
	/* Both slots are listed independently. */
	check_slot(1, mbed, sizeof(mbed) / sizeof(mbed[0]));
}
END_TEST

START_TEST(test_tpm_functions_it_lacks_are_mechanism_invalid)
{
	CK_SESSION_HANDLE h;
	CK_MECHANISM digest = {CKM_SHA256, NULL, 0};
	CK_MECHANISM sha224 = {CKM_SHA224_RSA_PKCS, NULL, 0};
	CK_MECHANISM aes = {CKM_AES_KEY_GEN, NULL, 0};
	CK_ULONG len = 16;
	CK_ATTRIBUTE t[] = {{CKA_VALUE_LEN, &len, sizeof(len)}};
	CK_OBJECT_HANDLE pub, priv, k;

	if (p11t_skip_external("the double's --tpm provider"))
		return;
	h = p11t_open(3, 1);
	ck_assert_rv(F->C_DigestInit(h, &digest), CKR_MECHANISM_INVALID);
	ck_assert_rv(F->C_GenerateKey(h, &aes, t, 1, &k),
		     CKR_MECHANISM_INVALID);
	ck_assert_rv(p11c_gen_rsa(h, 2048, "r", NULL, 0, &pub, &priv), CKR_OK);
	/* Before its first listing the slot has not been probed: the key's
	 * policy (SHA-256) refuses SHA-224. */
	ck_assert_rv(F->C_SignInit(h, &sha224, priv),
		     CKR_KEY_FUNCTION_NOT_PERMITTED);
	list(3, (CK_MECHANISM_TYPE[64]){0}, 64);
	ck_assert_rv(F->C_SignInit(h, &sha224, priv), CKR_MECHANISM_INVALID);
}
END_TEST

/* RSA-PSS: the TPM makes PSS keys but refuses to sign with them
 * (PARSEC-FACTS.md). CanDoCrypto does not say so; the refusal does, and
 * it is remembered: PSS is no longer advertised on that slot. */
START_TEST(test_tpm_pss_refusal_is_learnt)
{
	CK_MECHANISM_TYPE mechs[] = {CKM_SHA256_RSA_PKCS_PSS};
	CK_BBOOL yes = CK_TRUE;
	CK_ATTRIBUTE extra[] = {{CKA_SIGN, &yes, 1},
				{CKA_ALLOWED_MECHANISMS, mechs, sizeof(mechs)}};
	CK_RSA_PKCS_PSS_PARAMS p = {CKM_SHA256, CKG_MGF1_SHA256, 32};
	CK_MECHANISM m = {CKM_SHA256_RSA_PKCS_PSS, &p, sizeof(p)};
	CK_MECHANISM_TYPE got[64];
	CK_MECHANISM_INFO info;
	CK_SESSION_HANDLE h;
	CK_OBJECT_HANDLE pub, priv;
	uint8_t sig[256], msg[32] = {1};
	CK_ULONG n = sizeof(sig), count;
	long before;
	size_t i;

	if (p11t_skip_external("the double's --tpm provider"))
		return;
	count = list(3, got, 64);
	ck_assert(listed(got, count, CKM_SHA256_RSA_PKCS_PSS));
	h = p11t_open(3, 1);
	ck_assert_rv(p11c_gen_rsa(h, 2048, "pss", extra, 2, &pub, &priv),
		     CKR_OK);
	ck_assert_rv(F->C_SignInit(h, &m, priv), CKR_OK);
	before = p11t_requests();
	ck_assert_rv(F->C_Sign(h, msg, sizeof(msg), sig, &n),
		     CKR_FUNCTION_FAILED);
	ck_assert_int_eq(p11t_requests() - before, 1);
	before = p11t_requests();
	count = list(3, got, 64);
	for (i = 0; i < sizeof(pss_family) / sizeof(pss_family[0]); i++) {
		ck_assert(!listed(got, count, pss_family[i]));
		ck_assert_rv(F->C_GetMechanismInfo(3, pss_family[i], &info),
			     CKR_MECHANISM_INVALID);
	}
	ck_assert_uint_eq(count, sizeof(tpm) / sizeof(tpm[0]) - 5);
	ck_assert_rv(F->C_SignInit(h, &m, priv), CKR_MECHANISM_INVALID);
	/* Verification is refused alike, without a request. */
	ck_assert_rv(F->C_VerifyInit(h, &m, pub), CKR_MECHANISM_INVALID);
	ck_assert_int_eq(p11t_requests() - before, 0);
	/* The Mbed Crypto slot still has PSS. */
	count = list(1, got, 64);
	ck_assert(listed(got, count, CKM_SHA256_RSA_PKCS_PSS));
}
END_TEST

START_TEST(test_token_info_has_rng_flag_where_the_provider_does)
{
	CK_TOKEN_INFO ti;

	ck_assert_rv(F->C_GetTokenInfo(p11t_slot(), &ti), CKR_OK);
	ck_assert_uint_eq(ti.flags & CKF_RNG, CKF_RNG);
}
END_TEST

START_TEST(test_mechanism_info_arguments)
{
	CK_MECHANISM_INFO info;
	CK_ULONG n;

	ck_assert_rv(F->C_GetMechanismInfo(p11t_slot(), CKM_ECDSA, NULL),
		     CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_GetMechanismInfo(999, CKM_ECDSA, &info),
		     CKR_SLOT_ID_INVALID);
	ck_assert_rv(F->C_GetMechanismList(999, NULL, &n), CKR_SLOT_ID_INVALID);
	ck_assert_rv(F->C_GetMechanismInfo(p11t_slot(), CKM_MD5, &info),
		     CKR_MECHANISM_INVALID);
	/* A mechanism is advertised with the functions it has. */
	ck_assert_rv(
		F->C_GetMechanismInfo(p11t_slot(), CKM_RSA_PKCS_OAEP, &info),
		CKR_OK);
	ck_assert_uint_eq(info.flags & SV, 0);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("module-mechanisms");
	TCase *tc = tcase_create("mbed");

	tcase_add_checked_fixture(tc, p11t_setup, p11t_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_mbed_crypto_slot_advertises_every_mechanism);
	tcase_add_test(tc, test_probe_costs_once_then_nothing);
	tcase_add_test(tc,
		       test_token_info_has_rng_flag_where_the_provider_does);
	tcase_add_test(tc, test_mechanism_info_arguments);
	suite_add_tcase(s, tc);
	tc = tcase_create("tpm");
	tcase_add_checked_fixture(tc, p11t_setup_tpm, p11t_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_tpm_slot_advertises_the_reduced_list);
	tcase_add_test(tc, test_tpm_functions_it_lacks_are_mechanism_invalid);
	tcase_add_test(tc, test_tpm_pss_refusal_is_learnt);
	suite_add_tcase(s, tc);
	return s;
}
