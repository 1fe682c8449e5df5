/*
 * test-mapping-objects.c - unit tests of the object part of mapping/:
 * the Parsec status -> CKR table, the key policy tables, curve parsing
 * and the attribute rules of one object, without a service.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

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

START_TEST(test_der_lengths)
{
	uint8_t b[4];

	ck_assert_uint_eq(pubkey_der_length(b, 65), 1);
	ck_assert_uint_eq(b[0], 65);
	ck_assert_uint_eq(pubkey_der_length(b, 133), 2);
	ck_assert_uint_eq(b[0], 0x81);
	ck_assert_uint_eq(b[1], 133);
	ck_assert_uint_eq(pubkey_der_length(b, 300), 3);
	ck_assert_uint_eq(b[0], 0x82);
	ck_assert_uint_eq(b[1], 1);
	ck_assert_uint_eq(b[2], 44);
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

int main(void)
{
	Suite *s = suite_create("mapping-objects");
	TCase *tc = tcase_create("tables");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_connection_failures_are_device_error);
	tcase_add_test(tc, test_status_table_maps_psa_errors);
	tcase_add_test(tc, test_generation_refusals_name_size_or_curve);
	tcase_add_test(tc, test_policy_sign_wins_over_decrypt);
	tcase_add_test(tc, test_policy_specific_hash_narrows_the_mechanisms);
	tcase_add_test(tc, test_policy_from_allowed_mechanisms);
	tcase_add_test(tc, test_policy_of_an_adopted_key);
	tcase_add_test(tc, test_curves_by_oid_and_by_name);
	tcase_add_test(tc, test_der_lengths);
	tcase_add_test(tc, test_object_rules_per_class);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
