/*
 * test-mapping-objects.c - unit tests of the object part of mapping/:
 * the Parsec status -> CKR table, the key policy tables, curve parsing
 * and the attribute rules of one object, without a service.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "mapping/der.h"
#include "mapping/key_policy.h"
#include "mapping/object.h"
#include "mapping/pubkey.h"
#include "mapping/status_ckr.h"

static CK_BBOOL yes = CK_TRUE;

START_TEST(test_connection_failures_are_device_error)
{
	const parsec_status_t down[] = {PARSEC_E_CONNECT, PARSEC_E_TIMEOUT,
					PARSEC_E_IO, PARSEC_CONNECTION_ERROR};
	size_t i;

	for (i = 0; i < sizeof(down) / sizeof(down[0]); i++) {
		ck_assert(status_ckr_is_connection_failure(down[i]));
		ck_assert_uint_eq(status_ckr(down[i], STATUS_CKR_CTX_ANY),
				  CKR_DEVICE_ERROR);
	}
	ck_assert(!status_ckr_is_connection_failure(
		PARSEC_PSA_ERROR_NOT_PERMITTED));
}
END_TEST

START_TEST(test_status_table_maps_psa_errors)
{
	ck_assert_uint_eq(status_ckr(PARSEC_SUCCESS, STATUS_CKR_CTX_ANY),
			  CKR_OK);
	ck_assert_uint_eq(
		status_ckr(PARSEC_PSA_ERROR_NOT_PERMITTED, STATUS_CKR_CTX_ANY),
		CKR_KEY_FUNCTION_NOT_PERMITTED);
	ck_assert_uint_eq(status_ckr(PARSEC_PSA_ERROR_INVALID_SIGNATURE,
				     STATUS_CKR_CTX_ANY),
			  CKR_SIGNATURE_INVALID);
	ck_assert_uint_eq(status_ckr(PARSEC_PSA_ERROR_INVALID_PADDING,
				     STATUS_CKR_CTX_ANY),
			  CKR_ENCRYPTED_DATA_INVALID);
	ck_assert_uint_eq(
		status_ckr(PARSEC_PSA_ERROR_DOES_NOT_EXIST, STATUS_CKR_CTX_ANY),
		CKR_KEY_HANDLE_INVALID);
	ck_assert_uint_eq(status_ckr(PARSEC_E_NOMEM, STATUS_CKR_CTX_ANY),
			  CKR_HOST_MEMORY);
	/* Not the user's PIN: the module's own credentials. */
	ck_assert_uint_eq(
		status_ckr(PARSEC_AUTHENTICATION_ERROR, STATUS_CKR_CTX_ANY),
		CKR_DEVICE_ERROR);
	ck_assert_uint_eq(status_ckr((parsec_status_t)4242, STATUS_CKR_CTX_ANY),
			  CKR_GENERAL_ERROR);
}
END_TEST

START_TEST(test_generation_refusals_name_size_or_curve)
{
	const parsec_status_t refusals[] = {
		PARSEC_PSA_ERROR_NOT_SUPPORTED,
		PARSEC_PSA_ERROR_INVALID_ARGUMENT,
		PARSEC_PSA_ERROR_COMMUNICATION_FAILURE};
	size_t i;

	for (i = 0; i < 3; i++) {
		ck_assert_uint_eq(
			status_ckr(refusals[i], STATUS_CKR_CTX_GENERATE_RSA),
			CKR_KEY_SIZE_RANGE);
		ck_assert_uint_eq(
			status_ckr(refusals[i], STATUS_CKR_CTX_GENERATE_EC),
			CKR_CURVE_NOT_SUPPORTED);
	}
	/* The context changes only those. */
	ck_assert_uint_eq(
		status_ckr(PARSEC_E_CONNECT, STATUS_CKR_CTX_GENERATE_RSA),
		CKR_DEVICE_ERROR);
}
END_TEST

/* The operations' overrides; everything else keeps the general row. */
START_TEST(test_operation_contexts)
{
	static const struct {
		status_ckr_ctx_t ctx;
		parsec_status_t st;
		CK_RV rv;
	} rows[] = {
		{STATUS_CKR_CTX_SIGN, PARSEC_PSA_ERROR_INVALID_ARGUMENT,
		 CKR_DATA_LEN_RANGE},
		{STATUS_CKR_CTX_SIGN, PARSEC_PSA_ERROR_NOT_SUPPORTED,
		 CKR_FUNCTION_FAILED},
		{STATUS_CKR_CTX_SIGN, PARSEC_PSA_ERROR_NOT_PERMITTED,
		 CKR_KEY_FUNCTION_NOT_PERMITTED},
		{STATUS_CKR_CTX_DECRYPT, PARSEC_PSA_ERROR_INVALID_PADDING,
		 CKR_ENCRYPTED_DATA_INVALID},
		{STATUS_CKR_CTX_DECRYPT, PARSEC_PSA_ERROR_INVALID_ARGUMENT,
		 CKR_ENCRYPTED_DATA_INVALID},
		{STATUS_CKR_CTX_AEAD_DECRYPT,
		 PARSEC_PSA_ERROR_INVALID_SIGNATURE,
		 CKR_ENCRYPTED_DATA_INVALID},
		{STATUS_CKR_CTX_AEAD_ENCRYPT, PARSEC_PSA_ERROR_INVALID_ARGUMENT,
		 CKR_DATA_LEN_RANGE},
		{STATUS_CKR_CTX_DERIVE, PARSEC_PSA_ERROR_INVALID_ARGUMENT,
		 CKR_MECHANISM_PARAM_INVALID},
		{STATUS_CKR_CTX_DERIVE, PARSEC_PSA_ERROR_NOT_SUPPORTED,
		 CKR_MECHANISM_INVALID},
		{STATUS_CKR_CTX_RANDOM, PARSEC_OPCODE_DOES_NOT_EXIST,
		 CKR_RANDOM_NO_RNG},
		{STATUS_CKR_CTX_RANDOM, PARSEC_PSA_ERROR_NOT_SUPPORTED,
		 CKR_RANDOM_NO_RNG},
		{STATUS_CKR_CTX_RANDOM, PARSEC_RESPONSE_TOO_LARGE,
		 CKR_DATA_LEN_RANGE},
		{STATUS_CKR_CTX_GENERATE_AES, PARSEC_PSA_ERROR_NOT_SUPPORTED,
		 CKR_KEY_SIZE_RANGE},
		{STATUS_CKR_CTX_SIGN, PARSEC_E_CONNECT, CKR_DEVICE_ERROR},
		{STATUS_CKR_CTX_ANY, PARSEC_PSA_ERROR_INVALID_SIGNATURE,
		 CKR_SIGNATURE_INVALID},
	};
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		ck_assert_msg(status_ckr(rows[i].st, rows[i].ctx) == rows[i].rv,
			      "status %d in context %d", (int)rows[i].st,
			      (int)rows[i].ctx);
}
END_TEST

/* CKA_PARSEC_POLICY: set with the policy, read back; rows stored
 * before it get the policy their mechanisms tell. */
START_TEST(test_policy_attribute_round_trip)
{
	CK_MECHANISM_TYPE oaep[] = {CKM_RSA_PKCS_OAEP};
	CK_ATTRIBUTE t[] = {{CKA_DECRYPT, &yes, 1},
			    {CKA_ALLOWED_MECHANISMS, oaep, sizeof(oaep)}};
	attr_list_t priv = ATTR_LIST_INIT, old = ATTR_LIST_INIT;
	CK_MECHANISM_TYPE legacy[] = {CKM_ECDSA, CKM_ECDSA_SHA384};
	parsec_algorithm_t alg, want = {PARSEC_ALG_RSA_PSS, PARSEC_HASH_ANY, 0};
	key_policy_t p;

	ck_assert_uint_eq(key_policy_choose(CKK_RSA, t, 2, &p), CKR_OK);
	ck_assert_uint_eq(key_policy_set_attributes(&p, &priv, NULL), CKR_OK);
	ck_assert(key_policy_of_attributes(&priv, CKK_RSA, &alg));
	ck_assert_int_eq(alg.kind, PARSEC_ALG_RSA_OAEP);
	ck_assert_int_eq(alg.hash, PARSEC_HASH_SHA_256);
	ck_assert_uint_eq(key_policy_encode(&want) & 0xff, PARSEC_ALG_RSA_PSS);
	key_policy_decode(key_policy_encode(&want), &alg);
	ck_assert(alg.kind == want.kind && alg.hash == want.hash);
	ck_assert_uint_eq(attr_list_set(&old, CKA_ALLOWED_MECHANISMS, legacy,
					sizeof(legacy)),
			  CKR_OK);
	ck_assert(key_policy_of_attributes(&old, CKK_EC, &alg));
	ck_assert_int_eq(alg.kind, PARSEC_ALG_ECDSA);
	ck_assert_int_eq(alg.hash, PARSEC_HASH_SHA_384);
	/* PSA's rule: a wildcard permits each hash, a hash only itself. */
	want.hash = PARSEC_HASH_SHA_384;
	alg.kind = PARSEC_ALG_RSA_PSS;
	alg.hash = PARSEC_HASH_ANY;
	ck_assert(key_policy_permits(&alg, &want));
	ck_assert(!key_policy_permits(&want, &alg));
	attr_list_free(&priv);
	attr_list_free(&old);
}
END_TEST

static int has(const key_policy_t *p, CK_MECHANISM_TYPE m)
{
	size_t i;

	for (i = 0; i < p->n_mechs; i++)
		if (p->mechs[i] == m)
			return 1;
	return 0;
}

START_TEST(test_policy_sign_wins_over_decrypt)
{
	CK_ATTRIBUTE t[] = {{CKA_DECRYPT, &yes, 1}, {CKA_SIGN, &yes, 1}};
	key_policy_t p;

	ck_assert_uint_eq(key_policy_choose(CKK_RSA, t, 2, &p), CKR_OK);
	ck_assert_int_eq(p.purpose, KEY_PURPOSE_SIGN);
	ck_assert_int_eq(p.alg.kind, PARSEC_ALG_RSA_PKCS1V15_SIGN);
	ck_assert_int_eq(p.alg.hash, PARSEC_HASH_ANY);
	ck_assert_uint_eq(p.usage & PARSEC_USAGE_DECRYPT, 0);
	ck_assert_uint_eq(p.n_mechs, 6);
	ck_assert(has(&p, CKM_RSA_PKCS) && has(&p, CKM_SHA512_RSA_PKCS));
}
END_TEST

START_TEST(test_policy_specific_hash_narrows_the_mechanisms)
{
	key_policy_t p;

	ck_assert_uint_eq(key_policy_choose(CKK_EC, NULL, 0, &p), CKR_OK);
	ck_assert(key_policy_is_wildcard(&p));
	key_policy_use_specific_hash(&p, CKK_EC, 384);
	ck_assert_int_eq(p.alg.hash, PARSEC_HASH_SHA_384);
	ck_assert_uint_eq(p.n_mechs, 2);
	ck_assert(has(&p, CKM_ECDSA) && has(&p, CKM_ECDSA_SHA384));
	key_policy_choose(CKK_EC, NULL, 0, &p);
	key_policy_use_specific_hash(&p, CKK_EC, 521);
	ck_assert_int_eq(p.alg.hash, PARSEC_HASH_SHA_512);
	key_policy_choose(CKK_RSA, NULL, 0, &p);
	key_policy_use_specific_hash(&p, CKK_RSA, 4096);
	ck_assert_int_eq(p.alg.hash, PARSEC_HASH_SHA_256);
}
END_TEST

START_TEST(test_policy_from_allowed_mechanisms)
{
	CK_MECHANISM_TYPE same[] = {CKM_SHA384_RSA_PKCS_PSS};
	CK_MECHANISM_TYPE open[] = {CKM_ECDSA_SHA256, CKM_ECDSA_SHA384};
	CK_MECHANISM_TYPE sha1[] = {CKM_SHA1_RSA_PKCS};
	CK_MECHANISM_TYPE mixed[] = {CKM_ECDSA, CKM_ECDH1_DERIVE};
	CK_ATTRIBUTE t = {CKA_ALLOWED_MECHANISMS, same, sizeof(same)};
	key_policy_t p;

	ck_assert_uint_eq(key_policy_choose(CKK_RSA, &t, 1, &p), CKR_OK);
	ck_assert_int_eq(p.alg.kind, PARSEC_ALG_RSA_PSS);
	ck_assert_int_eq(p.alg.hash, PARSEC_HASH_SHA_384);
	t.pValue = open;
	t.ulValueLen = sizeof(open);
	ck_assert_uint_eq(key_policy_choose(CKK_EC, &t, 1, &p), CKR_OK);
	ck_assert_int_eq(p.alg.hash, PARSEC_HASH_ANY);
	/* Reported within what was asked. */
	ck_assert_uint_eq(p.n_mechs, 2);
	/* A SHA-1 policy would be refused as deprecated: any hash. */
	t.pValue = sha1;
	t.ulValueLen = sizeof(sha1);
	ck_assert_uint_eq(key_policy_choose(CKK_RSA, &t, 1, &p), CKR_OK);
	ck_assert_int_eq(p.alg.hash, PARSEC_HASH_ANY);
	t.pValue = mixed;
	t.ulValueLen = sizeof(mixed);
	ck_assert_uint_eq(key_policy_choose(CKK_EC, &t, 1, &p),
			  CKR_TEMPLATE_INCONSISTENT);
}
END_TEST

START_TEST(test_policy_of_an_adopted_key)
{
	parsec_key_attributes_t a;
	key_policy_t p;

	memset(&a, 0, sizeof(a));
	a.type = PARSEC_KEY_TYPE_ECC_KEY_PAIR;
	a.usage = PARSEC_USAGE_DERIVE;
	a.alg.kind = PARSEC_ALG_ECDH;
	key_policy_from_parsec(CKK_EC, &a, &p);
	ck_assert_int_eq(p.purpose, KEY_PURPOSE_DERIVE);
	ck_assert_uint_eq(p.n_mechs, 1);
	ck_assert_uint_eq(p.mechs[0], CKM_ECDH1_DERIVE);
	/* The algorithm without its usage permits nothing. */
	a.usage = PARSEC_USAGE_EXPORT;
	key_policy_from_parsec(CKK_EC, &a, &p);
	ck_assert_int_eq(p.purpose, KEY_PURPOSE_NONE);
	ck_assert_uint_eq(p.n_mechs, 0);
}
END_TEST

START_TEST(test_curves_by_oid_and_by_name)
{
	static const uint8_t p384[] = {0x06, 0x05, 0x2b, 0x81,
				       0x04, 0x00, 0x22};
	static const uint8_t name[] = {0x13, 0x05, 'P', '-', '5', '2', '1'};
	static const uint8_t bad_len[] = {0x13, 0x09, 'P', '-', '5'};
	const pubkey_curve_t *c;

	c = pubkey_curve_from_params(p384, sizeof(p384));
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->bits, 384);
	c = pubkey_curve_from_params(name, sizeof(name));
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->bits, 521);
	ck_assert_ptr_null(pubkey_curve_from_params(bad_len, sizeof(bad_len)));
	ck_assert_ptr_null(pubkey_curve_from_params(p384, 3));
	ck_assert_ptr_eq(pubkey_curve_from_parsec(PARSEC_ECC_SECP_K1, 256),
			 pubkey_curve_from_params(
				 (const uint8_t *)"\x13\x09secp256k1", 11));
}
END_TEST

/* The DER writer mapping/pubkey.c uses for CKA_EC_POINT (mapping/der.h,
 * shared with session/crypto/). */
START_TEST(test_der_lengths)
{
	uint8_t b[4];

	ck_assert_uint_eq(der_put_header(b, DER_OCTET_STRING, 65), 2);
	ck_assert_uint_eq(b[0], DER_OCTET_STRING);
	ck_assert_uint_eq(b[1], 65);
	ck_assert_uint_eq(der_put_header(b, DER_OCTET_STRING, 133), 3);
	ck_assert_uint_eq(b[1], 0x81);
	ck_assert_uint_eq(b[2], 133);
	ck_assert_uint_eq(der_put_header(b, DER_OCTET_STRING, 300), 4);
	ck_assert_uint_eq(b[1], 0x82);
	ck_assert_uint_eq(b[2], 1);
	ck_assert_uint_eq(b[3], 44);
}
END_TEST

START_TEST(test_object_rules_per_class)
{
	CK_ULONG bits = 2048;
	CK_ATTRIBUTE gen_pub[] = {{CKA_MODULUS_BITS, &bits, sizeof(bits)}};
	CK_ATTRIBUTE local[] = {{CKA_LOCAL, &yes, 1}};
	CK_ATTRIBUTE label[] = {{CKA_LABEL, "x", 1}};
	object_t *o = object_new(CKO_DATA);
	attr_list_t out;

	ck_assert_uint_eq(object_check_template(CKO_PUBLIC_KEY, CKK_RSA,
						OBJECT_OP_GENERATE, gen_pub, 1),
			  CKR_OK);
	/* CKA_MODULUS_BITS is not an attribute of private keys. */
	ck_assert_uint_eq(object_check_template(CKO_PRIVATE_KEY, CKK_RSA,
						OBJECT_OP_GENERATE, gen_pub, 1),
			  CKR_ATTRIBUTE_TYPE_INVALID);
	ck_assert_uint_eq(object_check_template(CKO_PRIVATE_KEY, CKK_EC,
						OBJECT_OP_CREATE, local, 1),
			  CKR_ATTRIBUTE_READ_ONLY);
	ck_assert_ptr_nonnull(o);
	ck_assert_uint_eq(object_fill_defaults(o), CKR_OK);
	ck_assert_uint_eq(object_bool(o, CKA_MODIFIABLE), CK_TRUE);
	ck_assert_uint_eq(
		object_changed_attributes(o, OBJECT_OP_SET, label, 1, &out),
		CKR_OK);
	ck_assert_ptr_nonnull(attr_list_get(&out, CKA_LABEL));
	attr_list_free(&out);
	ck_assert_uint_eq(
		attr_list_set_bool(&o->attrs, CKA_MODIFIABLE, CK_FALSE),
		CKR_OK);
	ck_assert_uint_eq(
		object_changed_attributes(o, OBJECT_OP_SET, label, 1, &out),
		CKR_ACTION_PROHIBITED);
	object_free(o);
}
END_TEST

/* Callers' buffers need not be aligned (a packed template, a value
 * built in a byte array): reading them as CK_ULONG would be undefined
 * behaviour, which the sanitizer build turns into an abort. */
START_TEST(test_template_values_need_not_be_aligned)
{
	static uint8_t raw[4 * sizeof(CK_ULONG) + 1];
	CK_OBJECT_CLASS cls = CKO_PRIVATE_KEY;
	CK_KEY_TYPE kt = CKK_RSA;
	CK_MECHANISM_TYPE mechs[] = {CKM_SHA256_RSA_PKCS, CKM_RSA_PKCS};
	uint8_t *odd = raw + 1;
	CK_ATTRIBUTE t[] = {
		{CKA_CLASS, odd, sizeof(cls)},
		{CKA_KEY_TYPE, odd + sizeof(cls), sizeof(kt)},
		{CKA_ALLOWED_MECHANISMS, odd + 2 * sizeof(CK_ULONG),
		 sizeof(mechs)},
	};
	object_t *o = object_new(CKO_PRIVATE_KEY);
	key_policy_t p;

	memcpy(odd, &cls, sizeof(cls));
	memcpy(odd + sizeof(cls), &kt, sizeof(kt));
	memcpy(odd + 2 * sizeof(CK_ULONG), mechs, sizeof(mechs));
	ck_assert_uint_eq(object_check_template(CKO_PRIVATE_KEY, CKK_RSA,
						OBJECT_OP_GENERATE, t, 3),
			  CKR_OK);
	ck_assert_uint_eq(object_check_template(CKO_PUBLIC_KEY, CKK_RSA,
						OBJECT_OP_GENERATE, t, 1),
			  CKR_TEMPLATE_INCONSISTENT);
	ck_assert_ptr_nonnull(o);
	ck_assert_uint_eq(object_apply_template(o, t, 3), CKR_OK);
	ck_assert_uint_eq(object_key_type(o), CKK_RSA);
	ck_assert_uint_eq(key_policy_choose(CKK_RSA, t, 3, &p), CKR_OK);
	ck_assert_int_eq(p.alg.kind, PARSEC_ALG_RSA_PKCS1V15_SIGN);
	ck_assert_int_eq(p.alg.hash, PARSEC_HASH_ANY);
	ck_assert_uint_eq(p.n_mechs, 2);
	object_free(o);
}
END_TEST

/* PKCS#11 v2.40 Table 20: a certificate's dates have no footnote 8, so
 * they cannot change once it exists; a key's can (Table 26). */
START_TEST(test_certificate_dates_are_fixed_key_dates_change)
{
	CK_ATTRIBUTE dates[] = {{CKA_START_DATE, "20240101", 8},
				{CKA_END_DATE, "20340101", 8}};
	size_t i;

	for (i = 0; i < 2; i++) {
		ck_assert_uint_eq(
			object_check_template(CKO_CERTIFICATE,
					      CK_UNAVAILABLE_INFORMATION,
					      OBJECT_OP_CREATE, &dates[i], 1),
			CKR_OK);
		ck_assert_uint_eq(
			object_check_template(CKO_CERTIFICATE,
					      CK_UNAVAILABLE_INFORMATION,
					      OBJECT_OP_SET, &dates[i], 1),
			CKR_ATTRIBUTE_READ_ONLY);
		ck_assert_uint_eq(
			object_check_template(CKO_CERTIFICATE,
					      CK_UNAVAILABLE_INFORMATION,
					      OBJECT_OP_COPY, &dates[i], 1),
			CKR_ATTRIBUTE_READ_ONLY);
		ck_assert_uint_eq(object_check_template(CKO_PRIVATE_KEY, CKK_EC,
							OBJECT_OP_SET,
							&dates[i], 1),
				  CKR_OK);
	}
}
END_TEST

/* CKA_ALLOWED_MECHANISMS may choose a purpose the usage attributes do
 * not name, never one they refuse: the key would do what the caller
 * forbade, and report it (CKA_SIGN TRUE). */
START_TEST(test_allowed_mechanisms_never_choose_a_refused_purpose)
{
	static CK_BBOOL no = CK_FALSE;
	CK_MECHANISM_TYPE sign[] = {CKM_SHA256_RSA_PKCS};
	CK_MECHANISM_TYPE ecdh[] = {CKM_ECDH1_DERIVE};
	CK_MECHANISM_TYPE both[] = {CKM_RSA_PKCS};
	CK_ATTRIBUTE t[] = {{CKA_SIGN, &no, 1},
			    {CKA_DECRYPT, &yes, 1},
			    {CKA_ALLOWED_MECHANISMS, sign, sizeof(sign)}};
	CK_ATTRIBUTE e[] = {{CKA_DERIVE, &no, 1},
			    {CKA_ALLOWED_MECHANISMS, ecdh, sizeof(ecdh)}};
	key_policy_t p;

	ck_assert_uint_eq(key_policy_choose(CKK_RSA, t, 3, &p),
			  CKR_TEMPLATE_INCONSISTENT);
	ck_assert_uint_eq(key_policy_choose(CKK_EC, e, 2, &p),
			  CKR_TEMPLATE_INCONSISTENT);
	/* Not refused, only not asked for: the list decides. */
	ck_assert_uint_eq(key_policy_choose(CKK_RSA, &t[2], 1, &p), CKR_OK);
	ck_assert_int_eq(p.purpose, KEY_PURPOSE_SIGN);
	/* A mechanism of two purposes takes the one not refused. */
	t[2].pValue = both;
	t[2].ulValueLen = sizeof(both);
	ck_assert_uint_eq(key_policy_choose(CKK_RSA, t, 3, &p), CKR_OK);
	ck_assert_int_eq(p.purpose, KEY_PURPOSE_DECRYPT);
	ck_assert_int_eq(p.alg.kind, PARSEC_ALG_RSA_PKCS1V15_CRYPT);
}
END_TEST

/* Where the wildcard is refused (the TPM), the specific hash must be one
 * the requested mechanisms can use, or the key permits none of them and
 * reports an empty CKA_ALLOWED_MECHANISMS. */
START_TEST(test_specific_hash_stays_within_the_requested_mechanisms)
{
	CK_MECHANISM_TYPE rsa[] = {CKM_SHA1_RSA_PKCS, CKM_SHA384_RSA_PKCS,
				   CKM_SHA512_RSA_PKCS};
	CK_MECHANISM_TYPE ec[] = {CKM_ECDSA_SHA256, CKM_ECDSA_SHA384};
	CK_ATTRIBUTE t = {CKA_ALLOWED_MECHANISMS, rsa, sizeof(rsa)};
	key_policy_t p;

	ck_assert_uint_eq(key_policy_choose(CKK_RSA, &t, 1, &p), CKR_OK);
	ck_assert(key_policy_is_wildcard(&p));
	key_policy_use_specific_hash(&p, CKK_RSA, 2048);
	ck_assert_int_eq(p.alg.hash, PARSEC_HASH_SHA_384);
	ck_assert_uint_eq(p.n_mechs, 1);
	ck_assert(has(&p, CKM_SHA384_RSA_PKCS));
	/* The size's hash when the list has it. */
	t.pValue = ec;
	t.ulValueLen = sizeof(ec);
	ck_assert_uint_eq(key_policy_choose(CKK_EC, &t, 1, &p), CKR_OK);
	key_policy_use_specific_hash(&p, CKK_EC, 384);
	ck_assert_int_eq(p.alg.hash, PARSEC_HASH_SHA_384);
	ck_assert_uint_eq(p.n_mechs, 1);
	ck_assert(has(&p, CKM_ECDSA_SHA384));
}
END_TEST

/* ----- RSA key material ------------------------------------------- */

static const struct {
	CK_ATTRIBUTE_TYPE type;
	const char *param;
} rsa_parts[] = {
	{CKA_MODULUS, OSSL_PKEY_PARAM_RSA_N},
	{CKA_PUBLIC_EXPONENT, OSSL_PKEY_PARAM_RSA_E},
	{CKA_PRIVATE_EXPONENT, OSSL_PKEY_PARAM_RSA_D},
	{CKA_PRIME_1, OSSL_PKEY_PARAM_RSA_FACTOR1},
	{CKA_PRIME_2, OSSL_PKEY_PARAM_RSA_FACTOR2},
	{CKA_EXPONENT_1, OSSL_PKEY_PARAM_RSA_EXPONENT1},
	{CKA_EXPONENT_2, OSSL_PKEY_PARAM_RSA_EXPONENT2},
	{CKA_COEFFICIENT, OSSL_PKEY_PARAM_RSA_COEFFICIENT1},
};
#define N_RSA_PARTS (sizeof(rsa_parts) / sizeof(rsa_parts[0]))

/* The import template of a key: its eight components. */
static void rsa_template(EVP_PKEY *k, CK_ATTRIBUTE *t, uint8_t bufs[][512])
{
	BIGNUM *bn;
	size_t i;

	for (i = 0; i < N_RSA_PARTS; i++) {
		bn = NULL;
		ck_assert(EVP_PKEY_get_bn_param(k, rsa_parts[i].param, &bn));
		t[i].type = rsa_parts[i].type;
		t[i].pValue = bufs[i];
		t[i].ulValueLen = (CK_ULONG)BN_bn2bin(bn, bufs[i]);
		BN_clear_free(bn);
	}
}

static CK_RV import_rsa(const CK_ATTRIBUTE *t)
{
	parsec_key_attributes_t key;
	attr_list_t pub = ATTR_LIST_INIT;
	uint8_t *data = NULL;
	size_t len = 0;
	CK_RV rv;

	memset(&key, 0, sizeof(key));
	rv = pubkey_private_from_template(CKK_RSA, t, N_RSA_PARTS, &key, &data,
					  &len, &pub);
	pubkey_free_secret(data, len);
	attr_list_free(&pub);
	return rv;
}

/* OpenSSL builds a key from any eight numbers; an import whose parts
 * come from two keys would give Parsec a key that signs garbage under
 * the modulus the object reports. */
START_TEST(test_rsa_import_of_parts_that_disagree_is_value_invalid)
{
	EVP_PKEY *a = EVP_RSA_gen(1024), *b = EVP_RSA_gen(1024);
	static uint8_t ba[N_RSA_PARTS][512], bb[N_RSA_PARTS][512];
	CK_ATTRIBUTE ta[N_RSA_PARTS], tb[N_RSA_PARTS], mixed[N_RSA_PARTS];
	size_t i;

	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	rsa_template(a, ta, ba);
	rsa_template(b, tb, bb);
	ck_assert_uint_eq(import_rsa(ta), CKR_OK);
	/* Each part in turn taken from the other key. */
	for (i = 0; i < N_RSA_PARTS; i++) {
		if (rsa_parts[i].type == CKA_PUBLIC_EXPONENT)
			continue; /* both 65537 */
		memcpy(mixed, ta, sizeof(ta));
		mixed[i] = tb[i];
		ck_assert_msg(import_rsa(mixed) == CKR_ATTRIBUTE_VALUE_INVALID,
			      "%s of another key", rsa_parts[i].param);
	}
	EVP_PKEY_free(a);
	EVP_PKEY_free(b);
}
END_TEST

/* Reading is strict: an export with bytes after the RSAPublicKey is not
 * what the service sends. */
START_TEST(test_rsa_export_with_trailing_bytes_is_device_error)
{
	EVP_PKEY *k = EVP_RSA_gen(1024);
	parsec_key_attributes_t attrs;
	attr_list_t out = ATTR_LIST_INIT;
	unsigned char *der = NULL, *longer;
	int n;

	ck_assert_ptr_nonnull(k);
	n = i2d_PublicKey(k, &der);
	ck_assert_int_gt(n, 0);
	memset(&attrs, 0, sizeof(attrs));
	attrs.type = PARSEC_KEY_TYPE_RSA_KEY_PAIR;
	attrs.bits = 1024;
	ck_assert_uint_eq(pubkey_from_export(&attrs, der, (size_t)n, &out),
			  CKR_OK);
	ck_assert_ptr_nonnull(attr_list_get(&out, CKA_MODULUS));
	attr_list_free(&out);
	longer = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(longer);
	memcpy(longer, der, (size_t)n);
	longer[n] = 0;
	ck_assert_uint_eq(
		pubkey_from_export(&attrs, longer, (size_t)n + 1, &out),
		CKR_DEVICE_ERROR);
	attr_list_free(&out);
	free(longer);
	OPENSSL_free(der);
	EVP_PKEY_free(k);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("mapping-objects");
	TCase *tc = tcase_create("tables");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_connection_failures_are_device_error);
	tcase_add_test(tc, test_status_table_maps_psa_errors);
	tcase_add_test(tc, test_generation_refusals_name_size_or_curve);
	tcase_add_test(tc, test_operation_contexts);
	tcase_add_test(tc, test_policy_attribute_round_trip);
	tcase_add_test(tc, test_policy_sign_wins_over_decrypt);
	tcase_add_test(tc, test_policy_specific_hash_narrows_the_mechanisms);
	tcase_add_test(tc, test_policy_from_allowed_mechanisms);
	tcase_add_test(tc, test_policy_of_an_adopted_key);
	tcase_add_test(tc, test_curves_by_oid_and_by_name);
	tcase_add_test(tc, test_der_lengths);
	tcase_add_test(tc, test_object_rules_per_class);
	tcase_add_test(tc, test_template_values_need_not_be_aligned);
	tcase_add_test(tc, test_certificate_dates_are_fixed_key_dates_change);
	tcase_add_test(tc,
		       test_allowed_mechanisms_never_choose_a_refused_purpose);
	tcase_add_test(
		tc, test_specific_hash_stays_within_the_requested_mechanisms);
	tcase_add_test(tc,
		       test_rsa_import_of_parts_that_disagree_is_value_invalid);
	tcase_add_test(tc, test_rsa_export_with_trailing_bytes_is_device_error);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
