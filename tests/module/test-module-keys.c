/*
 * test-module-keys.c - C_GenerateKeyPair and C_CreateObject of keys:
 * every attribute of generated keys checked against the service's own
 * export (decoded with OpenSSL here), size and curve refusals, template
 * errors, the Parsec policy chosen from the template (and the TPM-like
 * provider's specific-hash fallback), and the import of RSA and EC
 * private and public keys made with OpenSSL.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "tests/module/p11_crypto.h"

static CK_BBOOL yes = CK_TRUE, no = CK_FALSE;

static EVP_PKEY *exported(const char *name, uint8_t provider, int rsa)
{
	parsec_client_t *c = p11t_client();
	parsec_buffer_t buf = {NULL, 0};
	const unsigned char *p;
	EVP_PKEY *pkey = NULL;
	EVP_PKEY_CTX *ctx;
	OSSL_PARAM params[3];

	ck_assert_int_eq(parsec_export_public_key(c, provider, name, &buf),
			 PARSEC_SUCCESS);
	p = buf.data;
	if (rsa) {
		pkey = d2i_PublicKey(EVP_PKEY_RSA, NULL, &p, (long)buf.len);
	} else {
		params[0] = OSSL_PARAM_construct_utf8_string(
			OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0);
		params[1] = OSSL_PARAM_construct_octet_string(
			OSSL_PKEY_PARAM_PUB_KEY, buf.data, buf.len);
		params[2] = OSSL_PARAM_construct_end();
		ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
		ck_assert_int_eq(EVP_PKEY_fromdata_init(ctx), 1);
		ck_assert_int_eq(EVP_PKEY_fromdata(ctx, &pkey,
						   EVP_PKEY_PUBLIC_KEY, params),
				 1);
		EVP_PKEY_CTX_free(ctx);
	}
	ck_assert_ptr_nonnull(pkey);
	parsec_buffer_free(&buf);
	parsec_client_free(c);
	return pkey;
}

static void check_bn_attr(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE o,
			  CK_ATTRIBUTE_TYPE type, EVP_PKEY *pkey,
			  const char *param)
{
	BIGNUM *bn = NULL;
	uint8_t want[1024];
	CK_ULONG len;
	uint8_t *v = p11t_attr(h, o, type, &len);
	int n;

	ck_assert_int_eq(EVP_PKEY_get_bn_param(pkey, param, &bn), 1);
	n = BN_bn2bin(bn, want);
	ck_assert_uint_eq(len, (CK_ULONG)n);
	ck_assert_mem_eq(v, want, len);
	BN_free(bn);
	free(v);
}

static void check_spki(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE o, EVP_PKEY *pk)
{
	unsigned char *der = NULL;
	int n = i2d_PUBKEY(pk, &der);
	CK_ULONG len;
	uint8_t *v = p11t_attr(h, o, CKA_PUBLIC_KEY_INFO, &len);

	ck_assert_int_gt(n, 0);
	ck_assert_uint_eq(len, (CK_ULONG)n);
	ck_assert_mem_eq(v, der, len);
	OPENSSL_free(der);
	free(v);
}

static void check_mechs(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE o,
			const CK_MECHANISM_TYPE *want, size_t n)
{
	CK_ULONG len;
	CK_MECHANISM_TYPE *v = (CK_MECHANISM_TYPE *)p11t_attr(
		h, o, CKA_ALLOWED_MECHANISMS, &len);
	size_t i, j;

	ck_assert_uint_eq(len, n * sizeof(CK_MECHANISM_TYPE));
	for (i = 0; i < n; i++) {
		for (j = 0; j < n && v[j] != want[i]; j++)
			;
		ck_assert_msg(j < n, "mechanism 0x%lx missing",
			      (unsigned long)want[i]);
	}
	free(v);
}

static void check_private_common(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE priv,
				 CK_KEY_TYPE kt, CK_MECHANISM_TYPE gen)
{
	CK_BYTE buf[8];
	CK_ATTRIBUTE sens[] = {{CKA_PRIVATE_EXPONENT, buf, sizeof(buf)},
			       {CKA_LABEL, buf, sizeof(buf)}};

	ck_assert_uint_eq(p11t_ulong(h, priv, CKA_CLASS), CKO_PRIVATE_KEY);
	ck_assert_uint_eq(p11t_ulong(h, priv, CKA_KEY_TYPE), kt);
	ck_assert_uint_eq(p11t_bool(h, priv, CKA_TOKEN), CK_TRUE);
	ck_assert_uint_eq(p11t_bool(h, priv, CKA_PRIVATE), CK_TRUE);
	ck_assert_uint_eq(p11t_bool(h, priv, CKA_MODIFIABLE), CK_TRUE);
	ck_assert_uint_eq(p11t_bool(h, priv, CKA_SENSITIVE), CK_TRUE);
	ck_assert_uint_eq(p11t_bool(h, priv, CKA_EXTRACTABLE), CK_FALSE);
	ck_assert_uint_eq(p11t_bool(h, priv, CKA_ALWAYS_SENSITIVE), CK_TRUE);
	ck_assert_uint_eq(p11t_bool(h, priv, CKA_NEVER_EXTRACTABLE), CK_TRUE);
	ck_assert_uint_eq(p11t_bool(h, priv, CKA_LOCAL), CK_TRUE);
	ck_assert_uint_eq(p11t_bool(h, priv, CKA_COPYABLE), CK_FALSE);
	ck_assert_uint_eq(p11t_ulong(h, priv, CKA_KEY_GEN_MECHANISM), gen);
	ck_assert_uint_eq(p11t_bool(h, priv, CKA_SIGN), CK_TRUE);
	ck_assert_uint_eq(p11t_bool(h, priv, CKA_DECRYPT), CK_FALSE);
	ck_assert_uint_eq(p11t_bool(h, priv, CKA_UNWRAP), CK_FALSE);
	ck_assert_uint_eq(p11t_bool(h, priv, CKA_DERIVE), CK_FALSE);
	if (kt == CKK_RSA)
		ck_assert_rv(F->C_GetAttributeValue(h, priv, sens, 2),
			     CKR_ATTRIBUTE_SENSITIVE);
	else
		ck_assert_rv(
			F->C_GetAttributeValue(
				h, priv, &(CK_ATTRIBUTE){CKA_VALUE, buf, 8}, 1),
			CKR_ATTRIBUTE_SENSITIVE);
}

static void check_public_common(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE pub,
				CK_KEY_TYPE kt)
{
	ck_assert_uint_eq(p11t_ulong(h, pub, CKA_CLASS), CKO_PUBLIC_KEY);
	ck_assert_uint_eq(p11t_ulong(h, pub, CKA_KEY_TYPE), kt);
	ck_assert_uint_eq(p11t_bool(h, pub, CKA_TOKEN), CK_TRUE);
	ck_assert_uint_eq(p11t_bool(h, pub, CKA_PRIVATE), CK_FALSE);
	ck_assert_uint_eq(p11t_bool(h, pub, CKA_VERIFY), CK_TRUE);
	ck_assert_uint_eq(p11t_bool(h, pub, CKA_ENCRYPT), CK_FALSE);
	ck_assert_uint_eq(p11t_bool(h, pub, CKA_WRAP), CK_FALSE);
	ck_assert_uint_eq(p11t_bool(h, pub, CKA_LOCAL), CK_TRUE);
}

static const CK_MECHANISM_TYPE rsa_pkcs1_any[] = {
	CKM_RSA_PKCS,	     CKM_SHA1_RSA_PKCS,	  CKM_SHA224_RSA_PKCS,
	CKM_SHA256_RSA_PKCS, CKM_SHA384_RSA_PKCS, CKM_SHA512_RSA_PKCS,
};
static const CK_MECHANISM_TYPE ecdsa_any[] = {
	CKM_ECDSA,	  CKM_ECDSA_SHA1,   CKM_ECDSA_SHA224,
	CKM_ECDSA_SHA256, CKM_ECDSA_SHA384, CKM_ECDSA_SHA512,
};

START_TEST(test_generate_rsa_2048_reads_every_attribute)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_MECHANISM m = {CKM_RSA_PKCS_KEY_PAIR_GEN, NULL, 0};
	CK_ULONG bits = 2048, len;
	CK_BYTE id[] = {0xab, 0xcd};
	/* pkcs11-tool asks for signing and decryption at once. */
	CK_ATTRIBUTE pt[] = {{CKA_TOKEN, &yes, 1},
			     {CKA_MODULUS_BITS, &bits, sizeof(bits)},
			     {CKA_LABEL, "rsa-key", 7},
			     {CKA_ID, id, 2},
			     {CKA_VERIFY, &yes, 1},
			     {CKA_ENCRYPT, &yes, 1}};
	CK_ATTRIBUTE st[] = {{CKA_TOKEN, &yes, 1},	{CKA_PRIVATE, &yes, 1},
			     {CKA_LABEL, "rsa-key", 7}, {CKA_ID, id, 2},
			     {CKA_SIGN, &yes, 1},	{CKA_DECRYPT, &yes, 1}};
	CK_OBJECT_HANDLE pub, priv;
	EVP_PKEY *pk;
	uint8_t *v;
	parsec_key_attributes_t pa;

	ck_assert_rv(F->C_GenerateKeyPair(h, &m, pt, 6, st, 6, &pub, &priv),
		     CKR_OK);
	pk = exported("rsa-key", (uint8_t)p11t_slot(), 1);
	check_private_common(h, priv, CKK_RSA, CKM_RSA_PKCS_KEY_PAIR_GEN);
	check_public_common(h, pub, CKK_RSA);
	check_bn_attr(h, pub, CKA_MODULUS, pk, OSSL_PKEY_PARAM_RSA_N);
	check_bn_attr(h, priv, CKA_MODULUS, pk, OSSL_PKEY_PARAM_RSA_N);
	check_bn_attr(h, pub, CKA_PUBLIC_EXPONENT, pk, OSSL_PKEY_PARAM_RSA_E);
	check_bn_attr(h, priv, CKA_PUBLIC_EXPONENT, pk, OSSL_PKEY_PARAM_RSA_E);
	ck_assert_uint_eq(p11t_ulong(h, pub, CKA_MODULUS_BITS), 2048);
	check_spki(h, pub, pk);
	check_spki(h, priv, pk);
	check_mechs(h, priv, rsa_pkcs1_any, 6);
	check_mechs(h, pub, rsa_pkcs1_any, 6);
	v = p11t_attr(h, priv, CKA_ID, &len);
	ck_assert_uint_eq(len, 2);
	ck_assert_mem_eq(v, id, 2);
	free(v);
	v = p11t_attr(h, pub, CKA_LABEL, &len);
	ck_assert_mem_eq(v, "rsa-key", 7);
	free(v);
	/* The Parsec policy behind it. */
	ck_assert(p11c_parsec_key("rsa-key", (uint8_t)p11t_slot(), &pa));
	ck_assert_int_eq(pa.alg.kind, PARSEC_ALG_RSA_PKCS1V15_SIGN);
	ck_assert_int_eq(pa.alg.hash, PARSEC_HASH_ANY);
	ck_assert_uint_eq(pa.usage & PARSEC_USAGE_SIGN_HASH,
			  PARSEC_USAGE_SIGN_HASH);
	ck_assert_uint_eq(
		pa.usage & (PARSEC_USAGE_EXPORT | PARSEC_USAGE_DECRYPT), 0);
	EVP_PKEY_free(pk);
}
END_TEST

START_TEST(test_generate_ec_p256_reads_every_attribute)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_OBJECT_HANDLE pub, priv;
	unsigned char point[65];
	size_t plen;
	CK_ULONG len;
	uint8_t *v;
	EVP_PKEY *pk;

	ck_assert_rv(p11t_gen_ec(h, p11t_p256, sizeof(p11t_p256), "ec-key",
				 CK_TRUE, &pub, &priv),
		     CKR_OK);
	pk = exported("ec-key", (uint8_t)p11t_slot(), 0);
	check_private_common(h, priv, CKK_EC, CKM_EC_KEY_PAIR_GEN);
	check_public_common(h, pub, CKK_EC);
	ck_assert_int_eq(
		EVP_PKEY_get_octet_string_param(pk, OSSL_PKEY_PARAM_PUB_KEY,
						point, sizeof(point), &plen),
		1);
	/* CKA_EC_POINT is a DER OCTET STRING around the point. */
	v = p11t_attr(h, pub, CKA_EC_POINT, &len);
	ck_assert_uint_eq(len, 67);
	ck_assert_uint_eq(v[0], 0x04);
	ck_assert_uint_eq(v[1], 65);
	ck_assert_mem_eq(v + 2, point, 65);
	free(v);
	v = p11t_attr(h, pub, CKA_EC_PARAMS, &len);
	ck_assert_uint_eq(len, sizeof(p11t_p256));
	ck_assert_mem_eq(v, p11t_p256, len);
	free(v);
	v = p11t_attr(h, priv, CKA_EC_PARAMS, &len);
	ck_assert_mem_eq(v, p11t_p256, len);
	free(v);
	check_spki(h, pub, pk);
	check_spki(h, priv, pk);
	check_mechs(h, priv, ecdsa_any, 6);
	/* No CKA_ID given: the SHA-1 of the point, as adoption does. */
	v = p11t_attr(h, priv, CKA_ID, &len);
	ck_assert_uint_eq(len, 20);
	free(v);
	EVP_PKEY_free(pk);
}
END_TEST

START_TEST(test_unsupported_sizes_are_refused)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_OBJECT_HANDLE pub, priv;
	long before;

	/* Mbed Crypto in Parsec 1.1.0 (and the double): no RSA 3072, no
	 * P-384 (PARSEC-FACTS.md). */
	ck_assert_rv(p11t_gen_rsa(h, 3072, "r3072", CK_TRUE, &pub, &priv),
		     CKR_KEY_SIZE_RANGE);
	ck_assert_rv(p11t_gen_ec(h, p11t_p384, sizeof(p11t_p384), "p384",
				 CK_TRUE, &pub, &priv),
		     CKR_CURVE_NOT_SUPPORTED);
	/* The answer is kept: no second question. */
	before = p11t_requests();
	ck_assert_rv(p11t_gen_ec(h, p11t_p384, sizeof(p11t_p384), "p384",
				 CK_TRUE, &pub, &priv),
		     CKR_CURVE_NOT_SUPPORTED);
	if (before >= 0)
		ck_assert_int_eq(p11t_requests(), before);
	/* Outside the mechanism's range: refused without asking. */
	ck_assert_rv(p11t_gen_rsa(h, 512, "r512", CK_TRUE, &pub, &priv),
		     CKR_KEY_SIZE_RANGE);
}
END_TEST

START_TEST(test_can_do_crypto_is_asked_once_per_size)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_OBJECT_HANDLE pub, priv;
	long before, after;

	if (p11t_skip_external("counting requests needs the double's log"))
		return;
	ck_assert_rv(p11t_gen_ec(h, p11t_p256, sizeof(p11t_p256), "a", CK_TRUE,
				 &pub, &priv),
		     CKR_OK);
	before = p11t_requests();
	ck_assert_rv(p11t_gen_ec(h, p11t_p256, sizeof(p11t_p256), "b", CK_TRUE,
				 &pub, &priv),
		     CKR_OK);
	after = p11t_requests();
	/* PsaGenerateKey + PsaExportPublicKey, no CanDoCrypto. */
	ck_assert_int_eq(after - before, 2);
}
END_TEST

START_TEST(test_generate_template_errors)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_SESSION_HANDLE ro = p11t_open(p11t_slot(), 0);
	CK_MECHANISM m = {CKM_RSA_PKCS_KEY_PAIR_GEN, NULL, 0};
	CK_MECHANISM bad = {CKM_SHA256, NULL, 0};
	CK_MECHANISM param = {CKM_RSA_PKCS_KEY_PAIR_GEN, &yes, 1};
	CK_ULONG bits = 1024, cls = CKO_SECRET_KEY, gen = 0;
	CK_BYTE e3[] = {3};
	CK_ATTRIBUTE ok[] = {{CKA_MODULUS_BITS, &bits, sizeof(bits)},
			     {CKA_TOKEN, &yes, 1}};
	CK_ATTRIBUTE exp3[] = {{CKA_MODULUS_BITS, &bits, sizeof(bits)},
			       {CKA_PUBLIC_EXPONENT, e3, 1}};
	CK_ATTRIBUTE wrong_class[] = {{CKA_MODULUS_BITS, &bits, sizeof(bits)},
				      {CKA_CLASS, &cls, sizeof(cls)}};
	CK_ATTRIBUTE local[] = {{CKA_LOCAL, &yes, 1}};
	CK_ATTRIBUTE unknown[] = {{CKA_VENDOR_DEFINED + 77, &yes, 1}};
	CK_ATTRIBUTE badbool[] = {{CKA_SIGN, &gen, sizeof(gen)}};
	CK_ATTRIBUTE tok[] = {{CKA_TOKEN, &yes, 1}};
	CK_OBJECT_HANDLE pub, priv;

	ck_assert_rv(F->C_GenerateKeyPair(h, NULL, ok, 1, NULL, 0, &pub, &priv),
		     CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_GenerateKeyPair(h, &m, ok, 1, NULL, 0, NULL, &priv),
		     CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_GenerateKeyPair(h, &m, NULL, 1, NULL, 0, &pub, &priv),
		     CKR_ARGUMENTS_BAD);
	ck_assert_rv(
		F->C_GenerateKeyPair(h + 100, &m, ok, 1, NULL, 0, &pub, &priv),
		CKR_SESSION_HANDLE_INVALID);
	ck_assert_rv(F->C_GenerateKeyPair(h, &bad, ok, 1, NULL, 0, &pub, &priv),
		     CKR_MECHANISM_INVALID);
	ck_assert_rv(
		F->C_GenerateKeyPair(h, &param, ok, 1, NULL, 0, &pub, &priv),
		CKR_MECHANISM_PARAM_INVALID);
	ck_assert_rv(F->C_GenerateKeyPair(h, &m, NULL, 0, NULL, 0, &pub, &priv),
		     CKR_TEMPLATE_INCOMPLETE);
	ck_assert_rv(F->C_GenerateKeyPair(h, &m, exp3, 2, NULL, 0, &pub, &priv),
		     CKR_ATTRIBUTE_VALUE_INVALID);
	ck_assert_rv(F->C_GenerateKeyPair(h, &m, wrong_class, 2, NULL, 0, &pub,
					  &priv),
		     CKR_TEMPLATE_INCONSISTENT);
	ck_assert_rv(F->C_GenerateKeyPair(h, &m, ok, 1, local, 1, &pub, &priv),
		     CKR_ATTRIBUTE_READ_ONLY);
	ck_assert_rv(
		F->C_GenerateKeyPair(h, &m, ok, 1, unknown, 1, &pub, &priv),
		CKR_ATTRIBUTE_TYPE_INVALID);
	ck_assert_rv(
		F->C_GenerateKeyPair(h, &m, ok, 1, badbool, 1, &pub, &priv),
		CKR_ATTRIBUTE_VALUE_INVALID);
	ck_assert_rv(F->C_GenerateKeyPair(ro, &m, ok, 2, tok, 1, &pub, &priv),
		     CKR_SESSION_READ_ONLY);
}
END_TEST

/* A 1024-bit RSA key (quick to make) with extra private attributes. */
static CK_RV gen_rsa_with(CK_SESSION_HANDLE h, const char *label,
			  const CK_ATTRIBUTE *extra, CK_ULONG n,
			  CK_OBJECT_HANDLE *pub, CK_OBJECT_HANDLE *priv)
{
	CK_MECHANISM m = {CKM_RSA_PKCS_KEY_PAIR_GEN, NULL, 0};
	CK_ULONG bits = 1024;
	CK_ATTRIBUTE pt[] = {{CKA_TOKEN, &yes, 1},
			     {CKA_MODULUS_BITS, &bits, sizeof(bits)},
			     {CKA_LABEL, (void *)label, strlen(label)}};
	CK_ATTRIBUTE st[8] = {{CKA_TOKEN, &yes, 1},
			      {CKA_LABEL, (void *)label, strlen(label)}};

	memcpy(&st[2], extra, n * sizeof(*extra));
	return F->C_GenerateKeyPair(h, &m, pt, 3, st, 2 + n, pub, priv);
}

/* Callers' template values need not be aligned for their type: the
 * sanitizer build aborts on a misaligned CK_ULONG load. */
START_TEST(test_unaligned_modulus_bits_are_read)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_MECHANISM m = {CKM_RSA_PKCS_KEY_PAIR_GEN, NULL, 0};
	union {
		CK_ULONG align;
		CK_BYTE bytes[1 + sizeof(CK_ULONG)];
	} buf;
	CK_ULONG bits = 2048, got = 0;
	CK_ATTRIBUTE pub_tmpl[] = {
		{CKA_MODULUS_BITS, buf.bytes + 1, sizeof(CK_ULONG)}};
	CK_ATTRIBUTE read = {CKA_MODULUS_BITS, &got, sizeof(got)};
	CK_OBJECT_HANDLE pub, priv;

	memcpy(buf.bytes + 1, &bits, sizeof(bits));
	ck_assert_rv(
		F->C_GenerateKeyPair(h, &m, pub_tmpl, 1, NULL, 0, &pub, &priv),
		CKR_OK);
	ck_assert_rv(F->C_GetAttributeValue(h, pub, &read, 1), CKR_OK);
	ck_assert_uint_eq(got, 2048);
}
END_TEST

START_TEST(test_decrypt_only_rsa_gets_oaep_sha256)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_ATTRIBUTE extra[] = {{CKA_DECRYPT, &yes, 1}};
	CK_MECHANISM_TYPE want[] = {CKM_RSA_PKCS_OAEP};
	CK_OBJECT_HANDLE pub, priv;
	parsec_key_attributes_t pa;

	ck_assert_rv(gen_rsa_with(h, "dec", extra, 1, &pub, &priv), CKR_OK);
	ck_assert_uint_eq(p11t_bool(h, priv, CKA_DECRYPT), CK_TRUE);
	ck_assert_uint_eq(p11t_bool(h, priv, CKA_SIGN), CK_FALSE);
	ck_assert_uint_eq(p11t_bool(h, pub, CKA_ENCRYPT), CK_TRUE);
	ck_assert_uint_eq(p11t_bool(h, pub, CKA_VERIFY), CK_FALSE);
	check_mechs(h, priv, want, 1);
	ck_assert(p11c_parsec_key("dec", (uint8_t)p11t_slot(), &pa));
	ck_assert_int_eq(pa.alg.kind, PARSEC_ALG_RSA_OAEP);
	ck_assert_int_eq(pa.alg.hash, PARSEC_HASH_SHA_256);
	ck_assert_uint_eq(pa.usage & PARSEC_USAGE_DECRYPT,
			  PARSEC_USAGE_DECRYPT);
}
END_TEST

START_TEST(test_allowed_rsa_pkcs_with_decrypt_selects_pkcs1_encryption)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_MECHANISM_TYPE mechs[] = {CKM_RSA_PKCS};
	CK_ATTRIBUTE extra[] = {{CKA_DECRYPT, &yes, 1},
				{CKA_ALLOWED_MECHANISMS, mechs, sizeof(mechs)}};
	CK_OBJECT_HANDLE pub, priv;
	parsec_key_attributes_t pa;

	ck_assert_rv(gen_rsa_with(h, "p1enc", extra, 2, &pub, &priv), CKR_OK);
	ck_assert(p11c_parsec_key("p1enc", (uint8_t)p11t_slot(), &pa));
	ck_assert_int_eq(pa.alg.kind, PARSEC_ALG_RSA_PKCS1V15_CRYPT);
	check_mechs(h, priv, mechs, 1);
	ck_assert_uint_eq(p11t_bool(h, priv, CKA_DECRYPT), CK_TRUE);
}
END_TEST

START_TEST(test_allowed_pss_sha256_selects_pss_with_that_hash)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_MECHANISM_TYPE mechs[] = {CKM_SHA256_RSA_PKCS_PSS};
	CK_ATTRIBUTE extra[] = {{CKA_ALLOWED_MECHANISMS, mechs, sizeof(mechs)},
				{CKA_SIGN, &yes, 1}};
	CK_OBJECT_HANDLE pub, priv;
	parsec_key_attributes_t pa;

	ck_assert_rv(gen_rsa_with(h, "pss", extra, 2, &pub, &priv), CKR_OK);
	ck_assert(p11c_parsec_key("pss", (uint8_t)p11t_slot(), &pa));
	ck_assert_int_eq(pa.alg.kind, PARSEC_ALG_RSA_PSS);
	ck_assert_int_eq(pa.alg.hash, PARSEC_HASH_SHA_256);
	check_mechs(h, priv, mechs, 1);
}
END_TEST

START_TEST(test_allowed_mixed_families_is_template_inconsistent)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_MECHANISM_TYPE mechs[] = {CKM_RSA_PKCS_PSS, CKM_SHA256_RSA_PKCS};
	CK_MECHANISM_TYPE ec[] = {CKM_ECDSA};
	CK_ATTRIBUTE extra[] = {{CKA_ALLOWED_MECHANISMS, mechs, sizeof(mechs)}};
	CK_ATTRIBUTE wrong[] = {{CKA_ALLOWED_MECHANISMS, ec, sizeof(ec)}};
	CK_OBJECT_HANDLE pub, priv;

	ck_assert_rv(gen_rsa_with(h, "mixed", extra, 1, &pub, &priv),
		     CKR_TEMPLATE_INCONSISTENT);
	ck_assert_rv(gen_rsa_with(h, "wrong", wrong, 1, &pub, &priv),
		     CKR_TEMPLATE_INCONSISTENT);
}
END_TEST

START_TEST(test_ec_derive_gets_ecdh)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_ATTRIBUTE extra[] = {{CKA_DERIVE, &yes, 1}, {CKA_SIGN, &no, 1}};
	CK_MECHANISM_TYPE want[] = {CKM_ECDH1_DERIVE};
	CK_OBJECT_HANDLE pub, priv;
	parsec_key_attributes_t pa;

	ck_assert_rv(
		p11t_gen_ec_with(h, "ecdh", CK_TRUE, extra, 2, &pub, &priv),
		CKR_OK);
	ck_assert(p11c_parsec_key("ecdh", (uint8_t)p11t_slot(), &pa));
	ck_assert_int_eq(pa.alg.kind, PARSEC_ALG_ECDH);
	ck_assert_uint_eq(pa.usage & PARSEC_USAGE_DERIVE, PARSEC_USAGE_DERIVE);
	ck_assert_uint_eq(p11t_bool(h, priv, CKA_DERIVE), CK_TRUE);
	ck_assert_uint_eq(p11t_bool(h, priv, CKA_SIGN), CK_FALSE);
	check_mechs(h, priv, want, 1);
}
END_TEST

START_TEST(test_extractable_key_gets_export_usage)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_ATTRIBUTE extra[] = {{CKA_EXTRACTABLE, &yes, 1}};
	CK_OBJECT_HANDLE pub, priv;
	parsec_key_attributes_t pa;

	ck_assert_rv(p11t_gen_ec_with(h, "exp", CK_TRUE, extra, 1, &pub, &priv),
		     CKR_OK);
	ck_assert(p11c_parsec_key("exp", (uint8_t)p11t_slot(), &pa));
	ck_assert_uint_eq(pa.usage & PARSEC_USAGE_EXPORT, PARSEC_USAGE_EXPORT);
	ck_assert_uint_eq(p11t_bool(h, priv, CKA_EXTRACTABLE), CK_TRUE);
	ck_assert_uint_eq(p11t_bool(h, priv, CKA_NEVER_EXTRACTABLE), CK_FALSE);
}
END_TEST

START_TEST(test_tpm_gets_specific_hash_policies)
{
	CK_SESSION_HANDLE h;
	CK_OBJECT_HANDLE pub, priv;
	CK_MECHANISM_TYPE ec256[] = {CKM_ECDSA, CKM_ECDSA_SHA256};
	CK_MECHANISM_TYPE rsa256[] = {CKM_RSA_PKCS, CKM_SHA256_RSA_PKCS};
	parsec_key_attributes_t pa;
	long before, after;

	if (p11t_skip_external("the double's --tpm provider"))
		return;
	h = p11t_open(3, 1);
	ck_assert_rv(p11t_gen_ec(h, p11t_p256, sizeof(p11t_p256), "t1", CK_TRUE,
				 &pub, &priv),
		     CKR_OK);
	ck_assert(p11c_parsec_key("t1", 3, &pa));
	ck_assert_int_eq(pa.alg.kind, PARSEC_ALG_ECDSA);
	ck_assert_int_eq(pa.alg.hash, PARSEC_HASH_SHA_256);
	check_mechs(h, priv, ec256, 2);
	check_mechs(h, pub, ec256, 2);
	/* The refusal was learnt: the next key costs no retry. */
	before = p11t_requests();
	ck_assert_rv(p11t_gen_ec(h, p11t_p256, sizeof(p11t_p256), "t2", CK_TRUE,
				 &pub, &priv),
		     CKR_OK);
	after = p11t_requests();
	ck_assert_int_eq(after - before, 2);
	ck_assert_rv(p11t_gen_rsa(h, 2048, "t3", CK_TRUE, &pub, &priv), CKR_OK);
	ck_assert(p11c_parsec_key("t3", 3, &pa));
	ck_assert_int_eq(pa.alg.kind, PARSEC_ALG_RSA_PKCS1V15_SIGN);
	ck_assert_int_eq(pa.alg.hash, PARSEC_HASH_SHA_256);
	check_mechs(h, priv, rsa256, 2);
	/* Mbed Crypto still gets the wildcard. */
	h = p11t_open(1, 1);
	ck_assert_rv(p11t_gen_ec(h, p11t_p256, sizeof(p11t_p256), "m1", CK_TRUE,
				 &pub, &priv),
		     CKR_OK);
	ck_assert(p11c_parsec_key("m1", 1, &pa));
	ck_assert_int_eq(pa.alg.hash, PARSEC_HASH_ANY);
}
END_TEST

START_TEST(test_name_taken_behind_the_module_gets_the_next_name)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_OBJECT_HANDLE pub, priv;
	parsec_client_t *c = p11t_client();
	parsec_key_attributes_t a, pa;
	CK_ULONG len;
	uint8_t *v;

	/* Made after the module listed the keys. */
	memset(&a, 0, sizeof(a));
	a.type = PARSEC_KEY_TYPE_ECC_KEY_PAIR;
	a.ecc_family = PARSEC_ECC_SECP_R1;
	a.bits = 256;
	a.usage = PARSEC_USAGE_SIGN_HASH | PARSEC_USAGE_VERIFY_HASH;
	a.alg.kind = PARSEC_ALG_ECDSA;
	a.alg.hash = PARSEC_HASH_ANY;
	ck_assert_int_eq(
		parsec_generate_key(c, (uint8_t)p11t_slot(), "collide", &a),
		PARSEC_SUCCESS);
	parsec_client_free(c);
	ck_assert_rv(p11t_gen_ec(h, p11t_p256, sizeof(p11t_p256), "collide",
				 CK_TRUE, &pub, &priv),
		     CKR_OK);
	ck_assert(p11c_parsec_key("collide-2", (uint8_t)p11t_slot(), &pa));
	v = p11t_attr(h, priv, CKA_LABEL, &len);
	ck_assert_uint_eq(len, 7);
	ck_assert_mem_eq(v, "collide", 7);
	free(v);
}
END_TEST

START_TEST(test_ec_params_as_a_curve_name)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	static const uint8_t named[] = {0x13, 0x0a, 'p', 'r', 'i', 'm',
					'e',  '2',  '5', '6', 'v', '1'};
	static const uint8_t unknown[] = {0x13, 0x03, 'f', 'o', 'o'};
	CK_OBJECT_HANDLE pub, priv;
	CK_ULONG len;
	uint8_t *v;

	ck_assert_rv(p11t_gen_ec(h, named, sizeof(named), "named", CK_TRUE,
				 &pub, &priv),
		     CKR_OK);
	/* Reported as the OID. */
	v = p11t_attr(h, pub, CKA_EC_PARAMS, &len);
	ck_assert_uint_eq(len, sizeof(p11t_p256));
	ck_assert_mem_eq(v, p11t_p256, len);
	free(v);
	ck_assert_rv(p11t_gen_ec(h, unknown, sizeof(unknown), "u", CK_TRUE,
				 &pub, &priv),
		     CKR_CURVE_NOT_SUPPORTED);
}
END_TEST

/* ----- import ------------------------------------------------------ */

static CK_ATTRIBUTE bn_attr(CK_ATTRIBUTE_TYPE type, EVP_PKEY *pk,
			    const char *param, uint8_t *buf)
{
	BIGNUM *bn = NULL;
	CK_ATTRIBUTE a;

	ck_assert_int_eq(EVP_PKEY_get_bn_param(pk, param, &bn), 1);
	a.type = type;
	a.pValue = buf;
	a.ulValueLen = (CK_ULONG)BN_bn2bin(bn, buf);
	BN_free(bn);
	return a;
}

START_TEST(test_import_rsa_private_key)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	EVP_PKEY *pk = EVP_RSA_gen(1024);
	CK_OBJECT_CLASS cls = CKO_PRIVATE_KEY;
	CK_KEY_TYPE kt = CKK_RSA;
	static uint8_t bufs[8][256];
	CK_ATTRIBUTE t[13] = {
		{CKA_CLASS, &cls, sizeof(cls)},
		{CKA_KEY_TYPE, &kt, sizeof(kt)},
		{CKA_TOKEN, &yes, 1},
		{CKA_LABEL, "imported", 8},
		{CKA_SIGN, &yes, 1},
	};
	CK_OBJECT_HANDLE o, o2;
	parsec_key_attributes_t pa;
	CK_ATTRIBUTE incomplete[3];

	ck_assert_ptr_nonnull(pk);
	t[5] = bn_attr(CKA_MODULUS, pk, OSSL_PKEY_PARAM_RSA_N, bufs[0]);
	t[6] = bn_attr(CKA_PUBLIC_EXPONENT, pk, OSSL_PKEY_PARAM_RSA_E, bufs[1]);
	t[7] = bn_attr(CKA_PRIVATE_EXPONENT, pk, OSSL_PKEY_PARAM_RSA_D,
		       bufs[2]);
	t[8] = bn_attr(CKA_PRIME_1, pk, OSSL_PKEY_PARAM_RSA_FACTOR1, bufs[3]);
	t[9] = bn_attr(CKA_PRIME_2, pk, OSSL_PKEY_PARAM_RSA_FACTOR2, bufs[4]);
	t[10] = bn_attr(CKA_EXPONENT_1, pk, OSSL_PKEY_PARAM_RSA_EXPONENT1,
			bufs[5]);
	t[11] = bn_attr(CKA_EXPONENT_2, pk, OSSL_PKEY_PARAM_RSA_EXPONENT2,
			bufs[6]);
	t[12] = bn_attr(CKA_COEFFICIENT, pk, OSSL_PKEY_PARAM_RSA_COEFFICIENT1,
			bufs[7]);
	ck_assert_rv(F->C_CreateObject(h, t, 13, &o), CKR_OK);
	check_bn_attr(h, o, CKA_MODULUS, pk, OSSL_PKEY_PARAM_RSA_N);
	check_spki(h, o, pk);
	ck_assert_uint_eq(p11t_bool(h, o, CKA_LOCAL), CK_FALSE);
	ck_assert_uint_eq(p11t_bool(h, o, CKA_ALWAYS_SENSITIVE), CK_FALSE);
	ck_assert_uint_eq(p11t_ulong(h, o, CKA_KEY_GEN_MECHANISM),
			  CK_UNAVAILABLE_INFORMATION);
	ck_assert_rv(F->C_GetAttributeValue(h, o, &t[7], 1),
		     CKR_ATTRIBUTE_SENSITIVE);
	ck_assert(p11c_parsec_key("imported", (uint8_t)p11t_slot(), &pa));
	ck_assert_int_eq(pa.type, PARSEC_KEY_TYPE_RSA_KEY_PAIR);
	ck_assert_uint_eq(pa.bits, 1024);
	/* Without the CRT parts. */
	memcpy(incomplete, t, sizeof(incomplete));
	ck_assert_rv(F->C_CreateObject(h, incomplete, 3, &o2),
		     CKR_TEMPLATE_INCOMPLETE);
	EVP_PKEY_free(pk);
}
END_TEST

START_TEST(test_import_ec_private_key)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	EVP_PKEY *pk = EVP_EC_gen("prime256v1");
	CK_OBJECT_CLASS cls = CKO_PRIVATE_KEY;
	CK_KEY_TYPE kt = CKK_EC;
	uint8_t d[66];
	CK_ATTRIBUTE t[6] = {
		{CKA_CLASS, &cls, sizeof(cls)},
		{CKA_KEY_TYPE, &kt, sizeof(kt)},
		{CKA_TOKEN, &yes, 1},
		{CKA_LABEL, "ec-imported", 11},
		{CKA_EC_PARAMS, (void *)p11t_p256, sizeof(p11t_p256)},
	};
	CK_OBJECT_HANDLE o;
	parsec_key_attributes_t pa;

	ck_assert_ptr_nonnull(pk);
	t[5] = bn_attr(CKA_VALUE, pk, OSSL_PKEY_PARAM_PRIV_KEY, d);
	ck_assert_rv(F->C_CreateObject(h, t, 5, &o), CKR_TEMPLATE_INCOMPLETE);
	ck_assert_rv(F->C_CreateObject(h, t, 6, &o), CKR_OK);
	check_spki(h, o, pk);
	ck_assert(p11c_parsec_key("ec-imported", (uint8_t)p11t_slot(), &pa));
	ck_assert_int_eq(pa.type, PARSEC_KEY_TYPE_ECC_KEY_PAIR);
	ck_assert_uint_eq(pa.bits, 256);
	ck_assert_int_eq(pa.alg.kind, PARSEC_ALG_ECDSA);
	EVP_PKEY_free(pk);
}
END_TEST

START_TEST(test_import_public_keys_are_store_only)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	EVP_PKEY *rsa = EVP_RSA_gen(1024), *ec = EVP_EC_gen("prime256v1");
	CK_OBJECT_CLASS cls = CKO_PUBLIC_KEY;
	CK_KEY_TYPE krsa = CKK_RSA, kec = CKK_EC;
	uint8_t n[256], e[8], point[67];
	size_t plen;
	CK_ATTRIBUTE rt[5] = {
		{CKA_CLASS, &cls, sizeof(cls)},
		{CKA_KEY_TYPE, &krsa, sizeof(krsa)},
		{CKA_TOKEN, &yes, 1},
	};
	CK_ATTRIBUTE et[5] = {
		{CKA_CLASS, &cls, sizeof(cls)},
		{CKA_KEY_TYPE, &kec, sizeof(kec)},
		{CKA_TOKEN, &yes, 1},
		{CKA_EC_PARAMS, (void *)p11t_p256, sizeof(p11t_p256)},
		{CKA_EC_POINT, point, 0},
	};
	CK_OBJECT_HANDLE o1, o2;
	parsec_client_t *c = p11t_client();
	parsec_key_info_t *keys;
	size_t nkeys;

	rt[3] = bn_attr(CKA_MODULUS, rsa, OSSL_PKEY_PARAM_RSA_N, n);
	rt[4] = bn_attr(CKA_PUBLIC_EXPONENT, rsa, OSSL_PKEY_PARAM_RSA_E, e);
	ck_assert_rv(F->C_CreateObject(h, rt, 5, &o1), CKR_OK);
	ck_assert_uint_eq(p11t_ulong(h, o1, CKA_MODULUS_BITS), 1024);
	check_spki(h, o1, rsa);
	/* CKA_EC_POINT as a DER OCTET STRING. */
	point[0] = 0x04;
	point[1] = 65;
	ck_assert_int_eq(
		EVP_PKEY_get_octet_string_param(ec, OSSL_PKEY_PARAM_PUB_KEY,
						point + 2, 65, &plen),
		1);
	et[4].ulValueLen = 67;
	ck_assert_rv(F->C_CreateObject(h, et, 5, &o2), CKR_OK);
	check_spki(h, o2, ec);
	/* A point off the curve. */
	point[40] ^= 1;
	ck_assert_rv(F->C_CreateObject(h, et, 5, &o2),
		     CKR_ATTRIBUTE_VALUE_INVALID);
	ck_assert_int_eq(parsec_list_keys(c, &keys, &nkeys), PARSEC_SUCCESS);
	parsec_key_info_free(keys, nkeys);
	ck_assert_uint_eq(nkeys, 0);
	parsec_client_free(c);
	EVP_PKEY_free(rsa);
	EVP_PKEY_free(ec);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("module-keys");
	TCase *tc = tcase_create("keys");

	tcase_add_checked_fixture(tc, p11t_setup, p11t_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_generate_rsa_2048_reads_every_attribute);
	tcase_add_test(tc, test_generate_ec_p256_reads_every_attribute);
	tcase_add_test(tc, test_unsupported_sizes_are_refused);
	tcase_add_test(tc, test_can_do_crypto_is_asked_once_per_size);
	tcase_add_test(tc, test_generate_template_errors);
	tcase_add_test(tc, test_unaligned_modulus_bits_are_read);
	tcase_add_test(tc, test_decrypt_only_rsa_gets_oaep_sha256);
	tcase_add_test(
		tc,
		test_allowed_rsa_pkcs_with_decrypt_selects_pkcs1_encryption);
	tcase_add_test(tc, test_allowed_pss_sha256_selects_pss_with_that_hash);
	tcase_add_test(tc,
		       test_allowed_mixed_families_is_template_inconsistent);
	tcase_add_test(tc, test_ec_derive_gets_ecdh);
	tcase_add_test(tc, test_extractable_key_gets_export_usage);
	tcase_add_test(tc,
		       test_name_taken_behind_the_module_gets_the_next_name);
	tcase_add_test(tc, test_ec_params_as_a_curve_name);
	tcase_add_test(tc, test_import_rsa_private_key);
	tcase_add_test(tc, test_import_ec_private_key);
	tcase_add_test(tc, test_import_public_keys_are_store_only);
	suite_add_tcase(s, tc);
	tc = tcase_create("tpm");
	tcase_add_checked_fixture(tc, p11t_setup_tpm, p11t_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_tpm_gets_specific_hash_policies);
	suite_add_tcase(s, tc);
	return s;
}
