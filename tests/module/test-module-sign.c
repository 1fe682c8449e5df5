/*
 * test-module-sign.c - C_Sign* and C_Verify*: every signature mechanism
 * with known answers (each signature verified by OpenSSL from the public
 * key rebuilt from the object's attributes), single- and multi-part, the
 * round trips (one PsaSignHash per signature, none to verify), the
 * operation rules of PKCS#11 v2.40 §5.2 and every error code of the
 * C_SignInit / C_Sign / C_Verify family, and many threads signing with
 * shared keys and sessions.
 */
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/rsa.h>

#include "tests/module/p11_crypto.h"

static CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
static uint8_t msg[1000];

typedef struct hashed_mech {
	CK_MECHANISM_TYPE mech;
	const char *md;
} hashed_mech_t;

static const hashed_mech_t rsa_pkcs1[] = {
	{CKM_SHA1_RSA_PKCS, "SHA1"},	 {CKM_SHA224_RSA_PKCS, "SHA224"},
	{CKM_SHA256_RSA_PKCS, "SHA256"}, {CKM_SHA384_RSA_PKCS, "SHA384"},
	{CKM_SHA512_RSA_PKCS, "SHA512"},
};
static const hashed_mech_t rsa_pss[] = {
	{CKM_SHA1_RSA_PKCS_PSS, "SHA1"},
	{CKM_SHA224_RSA_PKCS_PSS, "SHA224"},
	{CKM_SHA256_RSA_PKCS_PSS, "SHA256"},
	{CKM_SHA384_RSA_PKCS_PSS, "SHA384"},
	{CKM_SHA512_RSA_PKCS_PSS, "SHA512"},
};
static const hashed_mech_t ecdsa[] = {
	{CKM_ECDSA_SHA1, "SHA1"},     {CKM_ECDSA_SHA224, "SHA224"},
	{CKM_ECDSA_SHA256, "SHA256"}, {CKM_ECDSA_SHA384, "SHA384"},
	{CKM_ECDSA_SHA512, "SHA512"},
};

/* The digest mechanism and MGF of each hash, for PSS parameters. */
static const struct {
	const char *md;
	CK_MECHANISM_TYPE hash;
	CK_RSA_PKCS_MGF_TYPE mgf;
	CK_ULONG len;
} pss_hashes[] = {
	{"SHA1", CKM_SHA_1, CKG_MGF1_SHA1, 20},
	{"SHA224", CKM_SHA224, CKG_MGF1_SHA224, 28},
	{"SHA256", CKM_SHA256, CKG_MGF1_SHA256, 32},
	{"SHA384", CKM_SHA384, CKG_MGF1_SHA384, 48},
	{"SHA512", CKM_SHA512, CKG_MGF1_SHA512, 64},
};

/* RFC 8017 §9.2 note 1: the DigestInfo prefix of each hash. */
static const struct {
	const char *md;
	const uint8_t *prefix;
	size_t len;
} digest_infos[] = {
	{"SHA1",
	 (const uint8_t *)"\x30\x21\x30\x09\x06\x05\x2b\x0e\x03\x02\x1a\x05"
			  "\x00\x04\x14",
	 15},
	{"SHA224",
	 (const uint8_t *)"\x30\x2d\x30\x0d\x06\x09\x60\x86\x48\x01\x65\x03"
			  "\x04\x02\x04\x05\x00\x04\x1c",
	 19},
	{"SHA256",
	 (const uint8_t *)"\x30\x31\x30\x0d\x06\x09\x60\x86\x48\x01\x65\x03"
			  "\x04\x02\x01\x05\x00\x04\x20",
	 19},
	{"SHA384",
	 (const uint8_t *)"\x30\x41\x30\x0d\x06\x09\x60\x86\x48\x01\x65\x03"
			  "\x04\x02\x02\x05\x00\x04\x30",
	 19},
	{"SHA512",
	 (const uint8_t *)"\x30\x51\x30\x0d\x06\x09\x60\x86\x48\x01\x65\x03"
			  "\x04\x02\x03\x05\x00\x04\x40",
	 19},
};

static size_t digest_info(size_t i, const uint8_t *data, size_t len,
			  uint8_t *out)
{
	memcpy(out, digest_infos[i].prefix, digest_infos[i].len);
	return digest_infos[i].len + p11c_digest(digest_infos[i].md, data, len,
						 out + digest_infos[i].len);
}

static void setup(void)
{
	p11c_fill(msg, sizeof(msg));
	p11t_setup();
}

static void setup_tpm(void)
{
	p11c_fill(msg, sizeof(msg));
	p11t_setup_tpm();
}

/* A PSS-only RSA key (a Parsec key permits one algorithm). */
static CK_RV gen_pss(CK_SESSION_HANDLE h, const char *label,
		     CK_OBJECT_HANDLE *pub, CK_OBJECT_HANDLE *priv)
{
	CK_MECHANISM_TYPE mechs[] = {
		CKM_RSA_PKCS_PSS,	 CKM_SHA1_RSA_PKCS_PSS,
		CKM_SHA224_RSA_PKCS_PSS, CKM_SHA256_RSA_PKCS_PSS,
		CKM_SHA384_RSA_PKCS_PSS, CKM_SHA512_RSA_PKCS_PSS};
	CK_ATTRIBUTE extra[] = {{CKA_SIGN, &yes, 1},
				{CKA_ALLOWED_MECHANISMS, mechs, sizeof(mechs)}};

	return p11c_gen_rsa(h, 2048, label, extra, 2, pub, priv);
}

START_TEST(test_hash_and_sign_rsa_pkcs1_verified_by_openssl)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_OBJECT_HANDLE pub, priv;
	uint8_t sig[512];
	CK_ULONG n;
	EVP_PKEY *k;
	size_t i;

	ck_assert_rv(p11c_gen_rsa(h, 2048, "rsa", NULL, 0, &pub, &priv),
		     CKR_OK);
	k = p11c_public(h, pub);
	for (i = 0; i < sizeof(rsa_pkcs1) / sizeof(rsa_pkcs1[0]); i++) {
		CK_MECHANISM m = {rsa_pkcs1[i].mech, NULL, 0};

		n = sizeof(sig);
		ck_assert_rv(p11c_sign(h, &m, priv, msg, sizeof(msg), sig, &n),
			     CKR_OK);
		ck_assert_uint_eq(n, 256);
		ck_assert_msg(p11c_verify_message(k, rsa_pkcs1[i].md,
						  RSA_PKCS1_PADDING, msg,
						  sizeof(msg), sig, n),
			      "OpenSSL rejects %s", rsa_pkcs1[i].md);
		/* The module's own verification agrees. */
		ck_assert_rv(F->C_VerifyInit(h, &m, pub), CKR_OK);
		ck_assert_rv(F->C_Verify(h, msg, sizeof(msg), sig, n), CKR_OK);
	}
	EVP_PKEY_free(k);
}
END_TEST

START_TEST(test_rsa_pkcs_signs_digest_infos_as_hash_specific)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_MECHANISM raw = {CKM_RSA_PKCS, NULL, 0};
	CK_OBJECT_HANDLE pub, priv;
	uint8_t di[100], sig[512], sig2[512];
	CK_ULONG n, n2;
	size_t i, len;
	EVP_PKEY *k;

	ck_assert_rv(p11c_gen_rsa(h, 2048, "rsa", NULL, 0, &pub, &priv),
		     CKR_OK);
	k = p11c_public(h, pub);
	for (i = 0; i < sizeof(digest_infos) / sizeof(digest_infos[0]); i++) {
		CK_MECHANISM hashed = {rsa_pkcs1[i].mech, NULL, 0};

		len = digest_info(i, msg, sizeof(msg), di);
		n = sizeof(sig);
		ck_assert_rv(p11c_sign(h, &raw, priv, di, len, sig, &n),
			     CKR_OK);
		/* OpenSSL checks the raw PKCS#1 v1.5 block against it. */
		ck_assert(p11c_verify_digest(k, NULL, RSA_PKCS1_PADDING, di,
					     len, sig, n));
		/* Deterministic: the hash-and-sign mechanism's bytes. */
		n2 = sizeof(sig2);
		ck_assert_rv(p11c_sign(h, &hashed, priv, msg, sizeof(msg), sig2,
				       &n2),
			     CKR_OK);
		ck_assert_uint_eq(n, n2);
		ck_assert_mem_eq(sig, sig2, n);
		ck_assert_rv(F->C_VerifyInit(h, &raw, pub), CKR_OK);
		ck_assert_rv(F->C_Verify(h, di, len, sig, n), CKR_OK);
	}
	EVP_PKEY_free(k);
}
END_TEST

START_TEST(test_rsa_pss_every_hash_verified_by_openssl)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_OBJECT_HANDLE pub, priv;
	uint8_t sig[512], digest[64];
	CK_ULONG n;
	size_t i, dl;
	EVP_PKEY *k;

	ck_assert_rv(gen_pss(h, "pss", &pub, &priv), CKR_OK);
	k = p11c_public(h, pub);
	for (i = 0; i < sizeof(pss_hashes) / sizeof(pss_hashes[0]); i++) {
		CK_RSA_PKCS_PSS_PARAMS p = {pss_hashes[i].hash,
					    pss_hashes[i].mgf,
					    pss_hashes[i].len};
		CK_MECHANISM hashed = {rsa_pss[i].mech, &p, sizeof(p)};
		CK_MECHANISM given = {CKM_RSA_PKCS_PSS, &p, sizeof(p)};

		n = sizeof(sig);
		ck_assert_rv(
			p11c_sign(h, &hashed, priv, msg, sizeof(msg), sig, &n),
			CKR_OK);
		ck_assert(p11c_verify_message(k, rsa_pss[i].md,
					      RSA_PKCS1_PSS_PADDING, msg,
					      sizeof(msg), sig, n));
		ck_assert_rv(F->C_VerifyInit(h, &hashed, pub), CKR_OK);
		ck_assert_rv(F->C_Verify(h, msg, sizeof(msg), sig, n), CKR_OK);
		dl = p11c_digest(pss_hashes[i].md, msg, sizeof(msg), digest);
		n = sizeof(sig);
		ck_assert_rv(p11c_sign(h, &given, priv, digest, dl, sig, &n),
			     CKR_OK);
		ck_assert(p11c_verify_digest(k, pss_hashes[i].md,
					     RSA_PKCS1_PSS_PADDING, digest, dl,
					     sig, n));
		ck_assert_rv(F->C_VerifyInit(h, &given, pub), CKR_OK);
		ck_assert_rv(F->C_Verify(h, digest, dl, sig, n), CKR_OK);
	}
	EVP_PKEY_free(k);
}
END_TEST

START_TEST(test_pss_parameters_are_checked)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_RSA_PKCS_PSS_PARAMS ok = {CKM_SHA256, CKG_MGF1_SHA256, 32};
	CK_RSA_PKCS_PSS_PARAMS bad[] = {
		{CKM_SHA384, CKG_MGF1_SHA256, 32}, /* MGF of another hash */
		{CKM_SHA256, CKG_MGF1_SHA256, 20}, /* salt not the hash's */
		{CKM_MD5, CKG_MGF1_SHA256, 16},	   /* hash PSA cannot */
		{CKM_SHA384, CKG_MGF1_SHA384, 48}, /* not the mechanism's */
	};
	CK_MECHANISM m = {CKM_SHA256_RSA_PKCS_PSS, &ok, sizeof(ok)};
	CK_OBJECT_HANDLE pub, priv;
	uint8_t sig[256], digest[32];
	CK_ULONG n = sizeof(sig);
	size_t i;

	ck_assert_rv(gen_pss(h, "pss", &pub, &priv), CKR_OK);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		m.pParameter = &bad[i];
		ck_assert_rv(F->C_SignInit(h, &m, priv),
			     CKR_MECHANISM_PARAM_INVALID);
	}
	m.pParameter = NULL;
	m.ulParameterLen = 0;
	ck_assert_rv(F->C_SignInit(h, &m, priv), CKR_MECHANISM_PARAM_INVALID);
	m.pParameter = &ok;
	m.ulParameterLen = sizeof(ok) - 1;
	ck_assert_rv(F->C_SignInit(h, &m, priv), CKR_MECHANISM_PARAM_INVALID);
	/* A verifier may name another salt length; this signature's salt
	 * is 32 bytes, so it is not valid with 20. */
	m.ulParameterLen = sizeof(ok);
	ck_assert_rv(p11c_sign(h, &m, priv, msg, sizeof(msg), sig, &n), CKR_OK);
	m.pParameter = &bad[1];
	ck_assert_rv(F->C_VerifyInit(h, &m, pub), CKR_OK);
	ck_assert_rv(F->C_Verify(h, msg, sizeof(msg), sig, n),
		     CKR_SIGNATURE_INVALID);
	/* CKM_RSA_PKCS_PSS takes a digest of the parameters' hash. */
	m.mechanism = CKM_RSA_PKCS_PSS;
	m.pParameter = &ok;
	p11c_digest("SHA256", msg, sizeof(msg), digest);
	ck_assert_rv(F->C_SignInit(h, &m, priv), CKR_OK);
	n = sizeof(sig);
	ck_assert_rv(F->C_Sign(h, digest, 31, sig, &n), CKR_DATA_LEN_RANGE);
	/* A parameter where none is taken. */
	m.mechanism = CKM_SHA256_RSA_PKCS;
	ck_assert_rv(F->C_SignInit(h, &m, priv), CKR_MECHANISM_PARAM_INVALID);
}
END_TEST

/* A P-256, P-384 or P-521 signing key, its public key and r || s size. */
static void ec_key(CK_SESSION_HANDLE h, const uint8_t *params, size_t len,
		   const char *label, CK_OBJECT_HANDLE *pub,
		   CK_OBJECT_HANDLE *priv)
{
	ck_assert_rv(p11c_gen_ec(h, params, len, label, NULL, 0, pub, priv),
		     CKR_OK);
}

START_TEST(test_ecdsa_every_hash_and_curve_verified_by_openssl)
{
	static const struct {
		const uint8_t *params;
		size_t len;
		CK_ULONG sig;
	} curves[] = {
		{p11t_p256, sizeof(p11t_p256), 64},
		{p11t_p384, sizeof(p11t_p384), 96},
		{p11c_p521, sizeof(p11c_p521), 132},
	};
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_MECHANISM raw = {CKM_ECDSA, NULL, 0};
	CK_OBJECT_HANDLE pub, priv;
	uint8_t sig[200], digest[64];
	CK_ULONG n;
	size_t c, i, dl;
	EVP_PKEY *k;

	for (c = 0; c < sizeof(curves) / sizeof(curves[0]); c++) {
		/* Mbed Crypto makes no P-384 key (PARSEC-FACTS.md). */
		if (p11c_gen_ec(h, curves[c].params, curves[c].len, "ec", NULL,
				0, &pub, &priv) == CKR_CURVE_NOT_SUPPORTED)
			continue;
		k = p11c_public(h, pub);
		for (i = 0; i < sizeof(ecdsa) / sizeof(ecdsa[0]); i++) {
			CK_MECHANISM m = {ecdsa[i].mech, NULL, 0};

			n = sizeof(sig);
			ck_assert_rv(p11c_sign(h, &m, priv, msg, sizeof(msg),
					       sig, &n),
				     CKR_OK);
			ck_assert_uint_eq(n, curves[c].sig);
			ck_assert(p11c_verify_message(k, ecdsa[i].md, 0, msg,
						      sizeof(msg), sig, n));
			ck_assert_rv(F->C_VerifyInit(h, &m, pub), CKR_OK);
			ck_assert_rv(F->C_Verify(h, msg, sizeof(msg), sig, n),
				     CKR_OK);
			/* CKM_ECDSA: the input's length names the hash. */
			dl = p11c_digest(ecdsa[i].md, msg, sizeof(msg), digest);
			n = sizeof(sig);
			ck_assert_rv(
				p11c_sign(h, &raw, priv, digest, dl, sig, &n),
				CKR_OK);
			ck_assert(p11c_verify_digest(k, NULL, 0, digest, dl,
						     sig, n));
			ck_assert_rv(F->C_VerifyInit(h, &raw, pub), CKR_OK);
			ck_assert_rv(F->C_Verify(h, digest, dl, sig, n),
				     CKR_OK);
		}
		EVP_PKEY_free(k);
	}
}
END_TEST

START_TEST(test_ecdsa_other_input_lengths)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_MECHANISM raw = {CKM_ECDSA, NULL, 0};
	CK_OBJECT_HANDLE pub, priv;
	uint8_t sig[200];
	CK_ULONG n = sizeof(sig);
	EVP_PKEY *k;

	ec_key(h, p11t_p256, sizeof(p11t_p256), "ec", &pub, &priv);
	k = p11c_public(h, pub);
	/* Shorter and longer than any hash: ECDSA takes the leftmost
	 * order-size bits, as OpenSSL does with the same input. */
	ck_assert_rv(p11c_sign(h, &raw, priv, msg, 16, sig, &n), CKR_OK);
	ck_assert(p11c_verify_digest(k, NULL, 0, msg, 16, sig, n));
	n = sizeof(sig);
	ck_assert_rv(p11c_sign(h, &raw, priv, msg, 100, sig, &n), CKR_OK);
	ck_assert(p11c_verify_digest(k, NULL, 0, msg, 100, sig, n));
	ck_assert_rv(F->C_VerifyInit(h, &raw, pub), CKR_OK);
	ck_assert_rv(F->C_Verify(h, msg, 100, sig, n), CKR_OK);
	EVP_PKEY_free(k);
	/* P-521 with 66 bytes: no hash is that long, and cutting it to 64
	 * would change the integer ECDSA signs. */
	ec_key(h, p11c_p521, sizeof(p11c_p521), "ec521", &pub, &priv);
	n = sizeof(sig);
	ck_assert_rv(p11c_sign(h, &raw, priv, msg, 66, sig, &n),
		     CKR_DATA_LEN_RANGE);
}
END_TEST

START_TEST(test_multi_part_signatures)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_MECHANISM rsa = {CKM_SHA256_RSA_PKCS, NULL, 0};
	CK_MECHANISM ec = {CKM_ECDSA_SHA384, NULL, 0};
	CK_OBJECT_HANDLE pub, priv, epub, epriv;
	size_t big_len = 2 * 1024 * 1024 + 5;
	uint8_t *big = malloc(big_len);
	uint8_t sig[512], sig2[512];
	CK_ULONG n = sizeof(sig), n2 = sizeof(sig2);
	long before;
	EVP_PKEY *k;

	ck_assert_ptr_nonnull(big);
	p11c_fill(big, big_len);
	ck_assert_rv(p11c_gen_rsa(h, 2048, "rsa", NULL, 0, &pub, &priv),
		     CKR_OK);
	ck_assert_rv(F->C_SignInit(h, &rsa, priv), CKR_OK);
	ck_assert_rv(F->C_SignUpdate(h, msg, 10), CKR_OK);
	ck_assert_rv(F->C_SignUpdate(h, NULL, 0), CKR_OK);
	ck_assert_rv(F->C_SignUpdate(h, msg + 10, sizeof(msg) - 10), CKR_OK);
	ck_assert_rv(F->C_SignFinal(h, sig, &n), CKR_OK);
	ck_assert_rv(p11c_sign(h, &rsa, priv, msg, sizeof(msg), sig2, &n2),
		     CKR_OK);
	ck_assert_uint_eq(n, n2);
	ck_assert_mem_eq(sig, sig2, n);
	/* More than the service takes in one request: hashed here. */
	before = p11t_requests();
	ck_assert_rv(F->C_SignInit(h, &rsa, priv), CKR_OK);
	ck_assert_rv(F->C_SignUpdate(h, big, big_len / 2), CKR_OK);
	ck_assert_rv(
		F->C_SignUpdate(h, big + big_len / 2, big_len - big_len / 2),
		CKR_OK);
	n = sizeof(sig);
	ck_assert_rv(F->C_SignFinal(h, sig, &n), CKR_OK);
	if (!p11t_external())
		ck_assert_int_eq(p11t_requests() - before, 1);
	k = p11c_public(h, pub);
	ck_assert(p11c_verify_message(k, "SHA256", RSA_PKCS1_PADDING, big,
				      big_len, sig, n));
	EVP_PKEY_free(k);
	ck_assert_rv(F->C_VerifyInit(h, &rsa, pub), CKR_OK);
	ck_assert_rv(F->C_VerifyUpdate(h, big, 7), CKR_OK);
	ck_assert_rv(F->C_VerifyUpdate(h, big + 7, big_len - 7), CKR_OK);
	ck_assert_rv(F->C_VerifyFinal(h, sig, n), CKR_OK);
	/* ECDSA, multi-part, checked by OpenSSL. */
	ec_key(h, p11t_p256, sizeof(p11t_p256), "ec", &epub, &epriv);
	ck_assert_rv(F->C_SignInit(h, &ec, epriv), CKR_OK);
	ck_assert_rv(F->C_SignUpdate(h, msg, 500), CKR_OK);
	ck_assert_rv(F->C_SignUpdate(h, msg + 500, 500), CKR_OK);
	n = sizeof(sig);
	ck_assert_rv(F->C_SignFinal(h, sig, &n), CKR_OK);
	k = p11c_public(h, epub);
	ck_assert(
		p11c_verify_message(k, "SHA384", 0, msg, sizeof(msg), sig, n));
	EVP_PKEY_free(k);
	free(big);
}
END_TEST

START_TEST(test_sign_costs_one_request_verify_none)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_MECHANISM m = {CKM_ECDSA_SHA256, NULL, 0};
	CK_OBJECT_HANDLE pub, priv;
	uint8_t sig[64];
	CK_ULONG n = sizeof(sig);
	long before;

	if (p11t_skip_external("counting requests needs the double's log"))
		return;
	ec_key(h, p11t_p256, sizeof(p11t_p256), "ec", &pub, &priv);
	before = p11t_requests();
	ck_assert_rv(F->C_SignInit(h, &m, priv), CKR_OK);
	ck_assert_int_eq(p11t_requests() - before, 0);
	ck_assert_rv(F->C_Sign(h, msg, sizeof(msg), sig, &n), CKR_OK);
	ck_assert_int_eq(p11t_requests() - before, 1);
	before = p11t_requests();
	ck_assert_rv(F->C_VerifyInit(h, &m, pub), CKR_OK);
	ck_assert_rv(F->C_Verify(h, msg, sizeof(msg), sig, n), CKR_OK);
	sig[5] ^= 1;
	ck_assert_rv(F->C_VerifyInit(h, &m, pub), CKR_OK);
	ck_assert_rv(F->C_Verify(h, msg, sizeof(msg), sig, n),
		     CKR_SIGNATURE_INVALID);
	ck_assert_int_eq(p11t_requests() - before, 0);
}
END_TEST

START_TEST(test_size_query_and_small_buffer_keep_the_operation)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_MECHANISM m = {CKM_SHA256_RSA_PKCS, NULL, 0};
	CK_OBJECT_HANDLE pub, priv;
	uint8_t sig[512];
	CK_ULONG n = 0;
	long before;
	EVP_PKEY *k;

	ck_assert_rv(p11c_gen_rsa(h, 2048, "rsa", NULL, 0, &pub, &priv),
		     CKR_OK);
	before = p11t_requests();
	ck_assert_rv(F->C_SignInit(h, &m, priv), CKR_OK);
	ck_assert_rv(F->C_Sign(h, msg, sizeof(msg), NULL, &n), CKR_OK);
	ck_assert_uint_eq(n, 256);
	n = 10;
	ck_assert_rv(F->C_Sign(h, msg, sizeof(msg), sig, &n),
		     CKR_BUFFER_TOO_SMALL);
	ck_assert_uint_eq(n, 256);
	if (!p11t_external())
		ck_assert_int_eq(p11t_requests() - before, 0);
	n = sizeof(sig);
	ck_assert_rv(F->C_Sign(h, msg, sizeof(msg), sig, &n), CKR_OK);
	ck_assert_uint_eq(n, 256);
	if (!p11t_external())
		ck_assert_int_eq(p11t_requests() - before, 1);
	/* Done: the operation ended with the signature. */
	ck_assert_rv(F->C_Sign(h, msg, sizeof(msg), sig, &n),
		     CKR_OPERATION_NOT_INITIALIZED);
	k = p11c_public(h, pub);
	ck_assert(p11c_verify_message(k, "SHA256", RSA_PKCS1_PADDING, msg,
				      sizeof(msg), sig, n));
	EVP_PKEY_free(k);
	/* The same at C_SignFinal. */
	ck_assert_rv(F->C_SignInit(h, &m, priv), CKR_OK);
	ck_assert_rv(F->C_SignUpdate(h, msg, sizeof(msg)), CKR_OK);
	n = 0;
	ck_assert_rv(F->C_SignFinal(h, NULL, &n), CKR_OK);
	ck_assert_uint_eq(n, 256);
	n = 1;
	ck_assert_rv(F->C_SignFinal(h, sig, &n), CKR_BUFFER_TOO_SMALL);
	n = sizeof(sig);
	ck_assert_rv(F->C_SignFinal(h, sig, &n), CKR_OK);
	k = p11c_public(h, pub);
	ck_assert(p11c_verify_message(k, "SHA256", RSA_PKCS1_PADDING, msg,
				      sizeof(msg), sig, n));
	EVP_PKEY_free(k);
}
END_TEST

START_TEST(test_operation_rules)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_MECHANISM m = {CKM_SHA256_RSA_PKCS, NULL, 0};
	CK_MECHANISM raw = {CKM_RSA_PKCS, NULL, 0};
	CK_OBJECT_HANDLE pub, priv;
	uint8_t sig[512];
	CK_ULONG n = sizeof(sig);
	EVP_PKEY *k;

	ck_assert_rv(p11c_gen_rsa(h, 2048, "rsa", NULL, 0, &pub, &priv),
		     CKR_OK);
	ck_assert_rv(F->C_Sign(h, msg, 10, sig, &n),
		     CKR_OPERATION_NOT_INITIALIZED);
	ck_assert_rv(F->C_SignUpdate(h, msg, 10),
		     CKR_OPERATION_NOT_INITIALIZED);
	ck_assert_rv(F->C_SignFinal(h, sig, &n), CKR_OPERATION_NOT_INITIALIZED);
	ck_assert_rv(F->C_Verify(h, msg, 10, sig, n),
		     CKR_OPERATION_NOT_INITIALIZED);
	ck_assert_rv(F->C_SignInit(h, NULL, priv), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_SignInit(h, &m, priv), CKR_OK);
	ck_assert_rv(F->C_SignInit(h, &m, priv), CKR_OPERATION_ACTIVE);
	/* §5.12: C_Sign cannot end a multi-part operation; it goes on. */
	ck_assert_rv(F->C_SignUpdate(h, msg, 100), CKR_OK);
	ck_assert_rv(F->C_Sign(h, msg, 10, sig, &n), CKR_OPERATION_ACTIVE);
	ck_assert_rv(F->C_SignUpdate(h, msg + 100, sizeof(msg) - 100), CKR_OK);
	ck_assert_rv(F->C_SignFinal(h, sig, &n), CKR_OK);
	k = p11c_public(h, pub);
	ck_assert(p11c_verify_message(k, "SHA256", RSA_PKCS1_PADDING, msg,
				      sizeof(msg), sig, n));
	EVP_PKEY_free(k);
	/* A missing length pointer ends the operation. */
	ck_assert_rv(F->C_SignInit(h, &m, priv), CKR_OK);
	ck_assert_rv(F->C_Sign(h, msg, 10, sig, NULL), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_Sign(h, msg, 10, sig, &n),
		     CKR_OPERATION_NOT_INITIALIZED);
	ck_assert_rv(F->C_SignInit(h, &m, priv), CKR_OK);
	ck_assert_rv(F->C_SignFinal(h, sig, NULL), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_SignFinal(h, sig, &n), CKR_OPERATION_NOT_INITIALIZED);
	/* CKM_RSA_PKCS is single-part: an update fails and ends it. */
	ck_assert_rv(F->C_SignInit(h, &raw, priv), CKR_OK);
	ck_assert_rv(F->C_SignUpdate(h, msg, 10), CKR_FUNCTION_NOT_SUPPORTED);
	ck_assert_rv(F->C_SignFinal(h, sig, &n), CKR_OPERATION_NOT_INITIALIZED);
	/* Verification: the same rules. */
	ck_assert_rv(F->C_VerifyInit(h, &m, pub), CKR_OK);
	ck_assert_rv(F->C_VerifyInit(h, &m, pub), CKR_OPERATION_ACTIVE);
	ck_assert_rv(F->C_VerifyUpdate(h, msg, sizeof(msg)), CKR_OK);
	ck_assert_rv(F->C_Verify(h, msg, sizeof(msg), sig, n),
		     CKR_OPERATION_ACTIVE);
	ck_assert_rv(F->C_VerifyFinal(h, sig, n), CKR_OK);
	ck_assert_rv(F->C_VerifyFinal(h, sig, n),
		     CKR_OPERATION_NOT_INITIALIZED);
	ck_assert_rv(F->C_VerifyInit(h, NULL, pub), CKR_ARGUMENTS_BAD);
	/* Sign and verify are separate operations of one session. */
	ck_assert_rv(F->C_SignInit(h, &m, priv), CKR_OK);
	ck_assert_rv(F->C_VerifyInit(h, &m, pub), CKR_OK);
	ck_assert_rv(F->C_Verify(h, msg, sizeof(msg), sig, n), CKR_OK);
	n = sizeof(sig);
	ck_assert_rv(F->C_Sign(h, msg, sizeof(msg), sig, &n), CKR_OK);
	/* Closing the session ends what it had active. */
	ck_assert_rv(F->C_SignInit(h, &m, priv), CKR_OK);
	ck_assert_rv(F->C_CloseSession(h), CKR_OK);
	ck_assert_rv(F->C_Sign(h, msg, 10, sig, &n),
		     CKR_SESSION_HANDLE_INVALID);
}
END_TEST

START_TEST(test_init_errors)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_MECHANISM rsa = {CKM_SHA256_RSA_PKCS, NULL, 0};
	CK_MECHANISM oaep = {CKM_RSA_PKCS_OAEP, NULL, 0};
	CK_MECHANISM md5 = {CKM_MD5_RSA_PKCS, NULL, 0};
	CK_MECHANISM digest = {CKM_SHA256, NULL, 0};
	CK_MECHANISM ec = {CKM_ECDSA, NULL, 0};
	CK_MECHANISM pss = {CKM_SHA256_RSA_PKCS_PSS, NULL, 0};
	CK_RSA_PKCS_PSS_PARAMS pp = {CKM_SHA256, CKG_MGF1_SHA256, 32};
	CK_ATTRIBUTE dec[] = {{CKA_DECRYPT, &yes, 1}, {CKA_SIGN, &no, 1}};
	CK_OBJECT_CLASS data_cls = CKO_DATA;
	CK_ATTRIBUTE data[] = {{CKA_CLASS, &data_cls, sizeof(data_cls)}};
	CK_OBJECT_HANDLE pub, priv, epub, epriv, dpub, dpriv, obj;
	long before;

	ck_assert_rv(p11c_gen_rsa(h, 2048, "rsa", NULL, 0, &pub, &priv),
		     CKR_OK);
	ec_key(h, p11t_p256, sizeof(p11t_p256), "ec", &epub, &epriv);
	ck_assert_rv(p11c_gen_rsa(h, 2048, "dec", dec, 2, &dpub, &dpriv),
		     CKR_OK);
	ck_assert_rv(F->C_CreateObject(h, data, 1, &obj), CKR_OK);
	before = p11t_requests();
	ck_assert_rv(F->C_SignInit(h, &rsa, 0), CKR_KEY_HANDLE_INVALID);
	ck_assert_rv(F->C_SignInit(h, &rsa, 999999), CKR_KEY_HANDLE_INVALID);
	ck_assert_rv(F->C_SignInit(h, &rsa, obj), CKR_KEY_HANDLE_INVALID);
	ck_assert_rv(F->C_VerifyInit(h, &rsa, obj), CKR_KEY_HANDLE_INVALID);
	ck_assert_rv(F->C_SignInit(h, &rsa, epriv), CKR_KEY_TYPE_INCONSISTENT);
	ck_assert_rv(F->C_SignInit(h, &ec, priv), CKR_KEY_TYPE_INCONSISTENT);
	ck_assert_rv(F->C_SignInit(h, &rsa, pub), CKR_KEY_TYPE_INCONSISTENT);
	ck_assert_rv(F->C_VerifyInit(h, &rsa, priv), CKR_KEY_TYPE_INCONSISTENT);
	ck_assert_rv(F->C_SignInit(h, &oaep, priv), CKR_MECHANISM_INVALID);
	ck_assert_rv(F->C_SignInit(h, &md5, priv), CKR_MECHANISM_INVALID);
	ck_assert_rv(F->C_SignInit(h, &digest, priv), CKR_MECHANISM_INVALID);
	ck_assert_rv(F->C_VerifyInit(h, &oaep, pub), CKR_MECHANISM_INVALID);
	/* The key's attributes and Parsec policy. */
	ck_assert_rv(F->C_SignInit(h, &rsa, dpriv),
		     CKR_KEY_FUNCTION_NOT_PERMITTED);
	ck_assert_rv(F->C_VerifyInit(h, &rsa, dpub),
		     CKR_KEY_FUNCTION_NOT_PERMITTED);
	pss.pParameter = &pp;
	pss.ulParameterLen = sizeof(pp);
	ck_assert_rv(F->C_SignInit(h, &pss, priv),
		     CKR_KEY_FUNCTION_NOT_PERMITTED);
	ck_assert_rv(F->C_VerifyInit(h, &pss, pub),
		     CKR_KEY_FUNCTION_NOT_PERMITTED);
	/* None of it asked the service. */
	if (!p11t_external())
		ck_assert_int_eq(p11t_requests() - before, 0);
	/* No operation was left behind by the refusals. */
	ck_assert_rv(F->C_SignInit(h, &rsa, priv), CKR_OK);
}
END_TEST

START_TEST(test_private_key_needs_the_user_when_a_pin_is_set)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_MECHANISM m = {CKM_ECDSA_SHA256, NULL, 0};
	CK_OBJECT_HANDLE pub, priv;
	CK_UTF8CHAR label[32];
	uint8_t sig[64];
	CK_ULONG n = sizeof(sig);

	memset(label, ' ', sizeof(label));
	ck_assert_rv(F->C_CloseSession(h), CKR_OK);
	ck_assert_rv(F->C_InitToken(p11t_slot(), (CK_UTF8CHAR_PTR) "so-pin", 6,
				    label),
		     CKR_OK);
	h = p11t_open(p11t_slot(), 1);
	ck_assert_rv(F->C_Login(h, CKU_SO, (CK_UTF8CHAR_PTR) "so-pin", 6),
		     CKR_OK);
	ck_assert_rv(F->C_InitPIN(h, (CK_UTF8CHAR_PTR) "user-pin", 8), CKR_OK);
	ck_assert_rv(F->C_Logout(h), CKR_OK);
	ck_assert_rv(F->C_Login(h, CKU_USER, (CK_UTF8CHAR_PTR) "user-pin", 8),
		     CKR_OK);
	ec_key(h, p11t_p256, sizeof(p11t_p256), "ec", &pub, &priv);
	ck_assert_rv(F->C_SignInit(h, &m, priv), CKR_OK);
	ck_assert_rv(F->C_Logout(h), CKR_OK);
	/* Logged out meanwhile: the signature is refused, no request. */
	ck_assert_rv(F->C_Sign(h, msg, sizeof(msg), sig, &n),
		     CKR_USER_NOT_LOGGED_IN);
	ck_assert_rv(F->C_SignInit(h, &m, priv), CKR_USER_NOT_LOGGED_IN);
	/* The public key needs nobody. */
	ck_assert_rv(F->C_VerifyInit(h, &m, pub), CKR_OK);
}
END_TEST

START_TEST(test_verify_errors)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_MECHANISM rsa = {CKM_SHA256_RSA_PKCS, NULL, 0};
	CK_MECHANISM raw = {CKM_RSA_PKCS, NULL, 0};
	CK_MECHANISM ec = {CKM_ECDSA, NULL, 0};
	CK_OBJECT_HANDLE pub, priv, epub, epriv;
	uint8_t sig[512], digest[32];
	CK_ULONG n = sizeof(sig);

	ck_assert_rv(p11c_gen_rsa(h, 2048, "rsa", NULL, 0, &pub, &priv),
		     CKR_OK);
	ck_assert_rv(p11c_sign(h, &rsa, priv, msg, sizeof(msg), sig, &n),
		     CKR_OK);
	ck_assert_rv(F->C_VerifyInit(h, &rsa, pub), CKR_OK);
	ck_assert_rv(F->C_Verify(h, msg, sizeof(msg) - 1, sig, n),
		     CKR_SIGNATURE_INVALID);
	ck_assert_rv(F->C_VerifyInit(h, &rsa, pub), CKR_OK);
	ck_assert_rv(F->C_Verify(h, msg, sizeof(msg), sig, n - 1),
		     CKR_SIGNATURE_LEN_RANGE);
	/* A failed verification ends the operation. */
	ck_assert_rv(F->C_Verify(h, msg, sizeof(msg), sig, n),
		     CKR_OPERATION_NOT_INITIALIZED);
	ck_assert_rv(F->C_VerifyInit(h, &rsa, pub), CKR_OK);
	ck_assert_rv(F->C_Verify(h, msg, sizeof(msg), NULL, n),
		     CKR_ARGUMENTS_BAD);
	/* Raw data a hash-specific policy cannot sign or verify. */
	ck_assert_rv(F->C_VerifyInit(h, &raw, pub), CKR_OK);
	ck_assert_rv(F->C_Verify(h, msg, 36, sig, n),
		     CKR_KEY_FUNCTION_NOT_PERMITTED);
	ck_assert_rv(F->C_SignInit(h, &raw, priv), CKR_OK);
	ck_assert_rv(F->C_Sign(h, msg, 36, sig, &n),
		     CKR_KEY_FUNCTION_NOT_PERMITTED);
	ec_key(h, p11t_p256, sizeof(p11t_p256), "ec", &epub, &epriv);
	p11c_digest("SHA256", msg, sizeof(msg), digest);
	n = sizeof(sig);
	ck_assert_rv(p11c_sign(h, &ec, epriv, digest, 32, sig, &n), CKR_OK);
	ck_assert_rv(F->C_VerifyInit(h, &ec, epub), CKR_OK);
	ck_assert_rv(F->C_Verify(h, digest, 32, sig, n - 1),
		     CKR_SIGNATURE_LEN_RANGE);
	ck_assert_rv(F->C_VerifyInit(h, &ec, epub), CKR_OK);
	digest[0] ^= 1;
	ck_assert_rv(F->C_Verify(h, digest, 32, sig, n), CKR_SIGNATURE_INVALID);
}
END_TEST

/* A key made with the Parsec client permitting raw PKCS#1 v1.5, as
 * parsec-tool can make: CKM_RSA_PKCS then signs any input. */
START_TEST(test_raw_pkcs1_key_signs_any_input)
{
	parsec_client_t *c = p11t_client();
	parsec_key_attributes_t a;
	CK_MECHANISM raw = {CKM_RSA_PKCS, NULL, 0};
	CK_OBJECT_HANDLE priv, pub;
	CK_SESSION_HANDLE h;
	uint8_t sig[512];
	CK_ULONG n = sizeof(sig);
	EVP_PKEY *k;

	memset(&a, 0, sizeof(a));
	a.type = PARSEC_KEY_TYPE_RSA_KEY_PAIR;
	a.bits = 2048;
	a.usage = PARSEC_USAGE_SIGN_HASH | PARSEC_USAGE_VERIFY_HASH;
	a.alg.kind = PARSEC_ALG_RSA_PKCS1V15_SIGN_RAW;
	ck_assert_int_eq(
		parsec_generate_key(c, (uint8_t)p11t_slot(), "raw-rsa", &a),
		PARSEC_SUCCESS);
	parsec_client_free(c);
	p11c_reload();
	h = p11t_open(p11t_slot(), 1);
	priv = p11t_find_label(h, CKO_PRIVATE_KEY, "raw-rsa");
	pub = p11t_find_label(h, CKO_PUBLIC_KEY, "raw-rsa");
	ck_assert(priv != 0 && pub != 0);
	ck_assert_uint_eq(p11t_bool(h, priv, CKA_SIGN), CK_TRUE);
	/* 36 bytes, as TLS 1.0 signs (MD5 and SHA-1 side by side). */
	ck_assert_rv(p11c_sign(h, &raw, priv, msg, 36, sig, &n), CKR_OK);
	k = p11c_public(h, pub);
	ck_assert(p11c_verify_digest(k, NULL, RSA_PKCS1_PADDING, msg, 36, sig,
				     n));
	EVP_PKEY_free(k);
	ck_assert_rv(F->C_VerifyInit(h, &raw, pub), CKR_OK);
	ck_assert_rv(F->C_Verify(h, msg, 36, sig, n), CKR_OK);
	/* At most k - 11 bytes. */
	n = sizeof(sig);
	ck_assert_rv(p11c_sign(h, &raw, priv, msg, 256 - 10, sig, &n),
		     CKR_DATA_LEN_RANGE);
}
END_TEST

/* A hash that no mechanism offers (SHA3-256, reached through a
 * DigestInfo given to CKM_RSA_PKCS) refused at use says nothing of the
 * family: PKCS#1 v1.5 signing stays offered and usable. */
START_TEST(test_refused_digest_info_hash_keeps_the_family)
{
	static const uint8_t sha3_256[] = {
		0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
		0x65, 0x03, 0x04, 0x02, 0x08, 0x05, 0x00, 0x04, 0x20};
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_MECHANISM raw = {CKM_RSA_PKCS, NULL, 0};
	CK_MECHANISM sha256 = {CKM_SHA256_RSA_PKCS, NULL, 0};
	CK_MECHANISM_INFO info;
	CK_OBJECT_HANDLE pub, priv;
	uint8_t di[sizeof(sha3_256) + 32], sig[512];
	CK_ULONG n = sizeof(sig);
	EVP_PKEY *k;

	if (p11t_skip_external("faults need the double's control file"))
		return;
	ck_assert_rv(p11c_gen_rsa(h, 2048, "rsa", NULL, 0, &pub, &priv),
		     CKR_OK);
	memcpy(di, sha3_256, sizeof(sha3_256));
	ck_assert_uint_eq(p11c_digest("SHA3-256", msg, sizeof(msg),
				      di + sizeof(sha3_256)),
			  32);
	/* What a provider without SHA-3 answers: 1134 (NotSupported). */
	ck_assert_int_eq(test_service_set_faults(
				 &p11t_svc, "status=1134\nopcode=4\ncount=1\n"),
			 0);
	ck_assert_rv(p11c_sign(h, &raw, priv, di, sizeof(di), sig, &n),
		     CKR_FUNCTION_FAILED);
	ck_assert_int_eq(test_service_set_faults(&p11t_svc, NULL), 0);
	ck_assert_rv(
		F->C_GetMechanismInfo(p11t_slot(), CKM_SHA256_RSA_PKCS, &info),
		CKR_OK);
	ck_assert_uint_eq(info.flags & CKF_SIGN, CKF_SIGN);
	n = sizeof(sig);
	ck_assert_rv(p11c_sign(h, &sha256, priv, msg, sizeof(msg), sig, &n),
		     CKR_OK);
	k = p11c_public(h, pub);
	ck_assert(p11c_verify_message(k, "SHA256", RSA_PKCS1_PADDING, msg,
				      sizeof(msg), sig, n));
	EVP_PKEY_free(k);
	/* A provider that has the hash signs the same input. */
	n = sizeof(sig);
	ck_assert_rv(p11c_sign(h, &raw, priv, di, sizeof(di), sig, &n), CKR_OK);
}
END_TEST

/* Many threads, each with its own session on one key, and threads
 * sharing one session (one operation at a time: the others see
 * CKR_OPERATION_ACTIVE and try again). */
typedef struct worker {
	CK_SESSION_HANDLE h;
	CK_OBJECT_HANDLE priv;
	int shared;
	int signed_ok;
	uint8_t sig[64];
	CK_ULONG sig_len;
} worker_t;

static void *sign_loop(void *arg)
{
	worker_t *w = arg;
	CK_MECHANISM m = {CKM_ECDSA_SHA256, NULL, 0};
	int i, tries;
	CK_RV rv;

	for (i = 0; i < 8; i++) {
		for (tries = 0; tries < 100000; tries++) {
			rv = F->C_SignInit(w->h, &m, w->priv);
			if (rv != CKR_OPERATION_ACTIVE || !w->shared)
				break;
			sched_yield();
		}
		if (rv != CKR_OK)
			return NULL;
		w->sig_len = sizeof(w->sig);
		rv = F->C_Sign(w->h, msg, sizeof(msg), w->sig, &w->sig_len);
		if (rv != CKR_OK)
			return NULL;
		w->signed_ok++;
	}
	return NULL;
}

START_TEST(test_threads_sign_with_shared_keys_and_sessions)
{
	enum { N = 6 };
	CK_SESSION_HANDLE shared = p11t_open(p11t_slot(), 1);
	CK_OBJECT_HANDLE pub, priv;
	pthread_t th[2 * N];
	worker_t w[2 * N];
	EVP_PKEY *k;
	int i;

	ec_key(shared, p11t_p256, sizeof(p11t_p256), "ec", &pub, &priv);
	memset(w, 0, sizeof(w));
	for (i = 0; i < 2 * N; i++) {
		w[i].priv = priv;
		w[i].shared = i >= N;
		w[i].h = w[i].shared ? shared : p11t_open(p11t_slot(), 0);
		ck_assert_int_eq(pthread_create(&th[i], NULL, sign_loop, &w[i]),
				 0);
	}
	for (i = 0; i < 2 * N; i++)
		ck_assert_int_eq(pthread_join(th[i], NULL), 0);
	k = p11c_public(shared, pub);
	for (i = 0; i < 2 * N; i++) {
		ck_assert_int_eq(w[i].signed_ok, 8);
		ck_assert(p11c_verify_message(k, "SHA256", 0, msg, sizeof(msg),
					      w[i].sig, w[i].sig_len));
	}
	EVP_PKEY_free(k);
}
END_TEST

/* One operation, two threads. While a signature's request is out
 * (answered 1.5 s late), the other thread's calls on that operation get
 * CKR_OPERATION_ACTIVE and change nothing, other calls are answered
 * meanwhile (no lock is held across the request), and closing the
 * session makes the signing call return CKR_SESSION_CLOSED. */
typedef struct slow_sign {
	CK_SESSION_HANDLE h;
	CK_RV rv;
	uint8_t sig[64];
	CK_ULONG n;
} slow_sign_t;

static void *sign_once(void *arg)
{
	slow_sign_t *job = arg;

	job->n = sizeof(job->sig);
	job->rv = F->C_Sign(job->h, msg, sizeof(msg), job->sig, &job->n);
	return NULL;
}

START_TEST(test_operation_busy_in_another_thread)
{
	struct timespec ts = {0, 5 * 1000000L};
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_SESSION_HANDLE other = p11t_open(p11t_slot(), 0);
	CK_MECHANISM m = {CKM_ECDSA_SHA256, NULL, 0};
	CK_OBJECT_HANDLE pub, priv;
	CK_SESSION_INFO info;
	slow_sign_t job;
	pthread_t th;
	uint8_t sig[64];
	CK_ULONG n;
	CK_RV rv = CKR_OK;
	int tries;

	if (p11t_skip_external("faults need the double's control file"))
		return;
	ec_key(h, p11t_p256, sizeof(p11t_p256), "ec", &pub, &priv);
	ck_assert_rv(F->C_SignInit(h, &m, priv), CKR_OK);
	ck_assert_int_eq(
		test_service_set_faults(&p11t_svc,
					"delay_ms=1500\nopcode=4\ncount=1\n"),
		0);
	memset(&job, 0, sizeof(job));
	job.h = h;
	ck_assert_int_eq(pthread_create(&th, NULL, sign_once, &job), 0);
	/* A size query keeps the operation until the request is out, then
	 * finds it busy. */
	for (tries = 0; tries < 200; tries++) {
		n = 0;
		rv = F->C_Sign(h, msg, sizeof(msg), NULL, &n);
		if (rv != CKR_OK)
			break;
		nanosleep(&ts, NULL);
	}
	ck_assert_rv(rv, CKR_OPERATION_ACTIVE);
	ck_assert_rv(F->C_SignUpdate(h, msg, 1), CKR_OPERATION_ACTIVE);
	n = sizeof(sig);
	ck_assert_rv(F->C_SignFinal(h, sig, &n), CKR_OPERATION_ACTIVE);
	ck_assert_rv(F->C_SignInit(h, &m, priv), CKR_OPERATION_ACTIVE);
	ck_assert_rv(F->C_GetSessionInfo(other, &info), CKR_OK);
	ck_assert_uint_eq(p11t_find_label(other, CKO_PRIVATE_KEY, "ec"), priv);
	ck_assert_rv(F->C_CloseSession(h), CKR_OK);
	ck_assert_int_eq(pthread_join(th, NULL), 0);
	ck_assert_rv(job.rv, CKR_SESSION_CLOSED);
	ck_assert_int_eq(test_service_set_faults(&p11t_svc, NULL), 0);
}
END_TEST

/* The TPM-like provider: no raw PKCS#1 and specific-hash keys only, yet
 * CKM_RSA_PKCS signs a DigestInfo (its hash-specific algorithm); a hash
 * the key's policy does not name is refused before any request. */
START_TEST(test_tpm_signs_digest_info_through_rsa_pkcs)
{
	CK_SESSION_HANDLE h;
	CK_MECHANISM raw = {CKM_RSA_PKCS, NULL, 0};
	CK_OBJECT_HANDLE pub, priv;
	uint8_t di[100], sig[512];
	CK_ULONG n = sizeof(sig);
	size_t len;
	long before;
	EVP_PKEY *k;

	if (p11t_skip_external("the double's --tpm provider"))
		return;
	h = p11t_open(3, 1);
	ck_assert_rv(p11c_gen_rsa(h, 2048, "tpm-rsa", NULL, 0, &pub, &priv),
		     CKR_OK);
	len = digest_info(2, msg, sizeof(msg), di); /* SHA-256 */
	before = p11t_requests();
	ck_assert_rv(p11c_sign(h, &raw, priv, di, len, sig, &n), CKR_OK);
	ck_assert_int_eq(p11t_requests() - before, 1);
	k = p11c_public(h, pub);
	ck_assert(p11c_verify_digest(k, NULL, RSA_PKCS1_PADDING, di, len, sig,
				     n));
	EVP_PKEY_free(k);
	/* SHA-384: the key's policy names SHA-256 only. */
	len = digest_info(3, msg, sizeof(msg), di);
	before = p11t_requests();
	n = sizeof(sig);
	ck_assert_rv(p11c_sign(h, &raw, priv, di, len, sig, &n),
		     CKR_KEY_FUNCTION_NOT_PERMITTED);
	ck_assert_int_eq(p11t_requests() - before, 0);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("module-sign");
	TCase *tc = tcase_create("sign");

	tcase_add_checked_fixture(tc, setup, p11t_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_hash_and_sign_rsa_pkcs1_verified_by_openssl);
	tcase_add_test(tc, test_rsa_pkcs_signs_digest_infos_as_hash_specific);
	tcase_add_test(tc, test_rsa_pss_every_hash_verified_by_openssl);
	tcase_add_test(tc, test_pss_parameters_are_checked);
	tcase_add_test(tc, test_ecdsa_every_hash_and_curve_verified_by_openssl);
	tcase_add_test(tc, test_ecdsa_other_input_lengths);
	tcase_add_test(tc, test_multi_part_signatures);
	tcase_add_test(tc, test_sign_costs_one_request_verify_none);
	tcase_add_test(tc, test_size_query_and_small_buffer_keep_the_operation);
	tcase_add_test(tc, test_operation_rules);
	tcase_add_test(tc, test_init_errors);
	tcase_add_test(tc, test_private_key_needs_the_user_when_a_pin_is_set);
	tcase_add_test(tc, test_verify_errors);
	tcase_add_test(tc, test_raw_pkcs1_key_signs_any_input);
	tcase_add_test(tc, test_refused_digest_info_hash_keeps_the_family);
	tcase_add_test(tc, test_threads_sign_with_shared_keys_and_sessions);
	tcase_add_test(tc, test_operation_busy_in_another_thread);
	suite_add_tcase(s, tc);
	tc = tcase_create("tpm");
	tcase_add_checked_fixture(tc, setup_tpm, p11t_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_tpm_signs_digest_info_through_rsa_pkcs);
	suite_add_tcase(s, tc);
	return s;
}
