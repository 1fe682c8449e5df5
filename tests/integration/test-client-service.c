/*
 * test-client-service.c - the client's public header (parsec/parsec.h)
 * against a Parsec service: the test double, or the real service named by
 * PARSEC_TEST_ENDPOINT.
 *
 * Ping, list providers / opcodes / authenticators / keys, then for an RSA
 * and an EC key: generate, export the public key, sign a hash, check the
 * signature with OpenSSL outside the client and with PsaVerifyHash, and
 * destroy. Policies name a specific hash, which every provider accepts
 * (the TPM provider refuses the wildcard), so the same test runs against
 * any provider the service offers.
 */
#include <check.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parsec/parsec.h"
#include "tests/common/test_service.h"

static test_service_t svc;
static parsec_client_t *client;
static uint8_t provider; /* the first provider that can generate keys */

static void setup(void)
{
	parsec_client_config_t cfg = {0};
	parsec_provider_info_t *providers;
	uint32_t *ops;
	size_t n, nops;

	ck_assert_int_eq(test_service_start(NULL, &svc), 0);
	cfg.auth = PARSEC_AUTH_CHOICE_AUTO;
	cfg.app_name = "parsec-pkcs11-client-test";
	ck_assert_int_eq(parsec_client_new(&cfg, &client), PARSEC_SUCCESS);
	ck_assert_int_eq(parsec_list_providers(client, &providers, &n),
			 PARSEC_SUCCESS);
	provider = 0;
	for (size_t i = 0; i < n && !provider; i++) {
		if (providers[i].id == PARSEC_PROVIDER_CORE)
			continue;
		ck_assert_int_eq(parsec_list_opcodes(client,
						     (uint8_t)providers[i].id,
						     &ops, &nops),
				 PARSEC_SUCCESS);
		for (size_t j = 0; j < nops; j++) {
			if (ops[j] == PARSEC_OP_PSA_GENERATE_KEY)
				provider = (uint8_t)providers[i].id;
		}
		free(ops);
	}
	parsec_provider_info_free(providers, n);
	ck_assert_msg(provider != 0, "no provider can generate keys");
}

static void teardown(void)
{
	parsec_client_free(client);
	test_service_stop(&svc);
}

/* A key name no other run uses, so a real service keeps no leftovers of
 * a failed run in the way of the next. */
static const char *key_name(const char *what)
{
	static char name[96];

	snprintf(name, sizeof(name), "client-test-%s-%ld", what,
		 (long)getpid());
	return name;
}

static int key_listed(const char *name)
{
	parsec_key_info_t *keys;
	size_t n;
	int found = 0;

	ck_assert_int_eq(parsec_list_keys(client, &keys, &n), PARSEC_SUCCESS);
	for (size_t i = 0; i < n; i++) {
		if (keys[i].provider_id == provider &&
		    strcmp(keys[i].name, name) == 0)
			found = 1;
	}
	parsec_key_info_free(keys, n);
	return found;
}

START_TEST(test_ping_answers_wire_version_1_0)
{
	uint8_t maj = 0, min = 9;

	ck_assert_int_eq(parsec_ping(client, &maj, &min), PARSEC_SUCCESS);
	ck_assert_uint_eq(maj, 1);
	ck_assert_uint_eq(min, 0);
}
END_TEST

START_TEST(test_providers_end_with_the_core_provider)
{
	parsec_provider_info_t *p;
	size_t n;

	ck_assert_int_eq(parsec_list_providers(client, &p, &n), PARSEC_SUCCESS);
	ck_assert_uint_ge(n, 2);
	ck_assert_uint_eq(p[n - 1].id, PARSEC_PROVIDER_CORE);
	ck_assert_str_eq(p[n - 1].uuid, "47049873-2a43-4845-9d72-831eab668784");
	for (size_t i = 0; i < n; i++) {
		ck_assert_uint_eq(strlen(p[i].uuid), 36);
		ck_assert_ptr_nonnull(p[i].description);
	}
	parsec_provider_info_free(p, n);
}
END_TEST

START_TEST(test_core_opcodes_include_list_keys)
{
	uint32_t *ops;
	size_t n;
	int ping = 0, list_keys = 0;

	ck_assert_int_eq(
		parsec_list_opcodes(client, PARSEC_PROVIDER_CORE, &ops, &n),
		PARSEC_SUCCESS);
	for (size_t i = 0; i < n; i++) {
		ping |= ops[i] == PARSEC_OP_PING;
		list_keys |= ops[i] == PARSEC_OP_LIST_KEYS;
	}
	free(ops);
	ck_assert(ping && list_keys);
}
END_TEST

START_TEST(test_authenticators_are_listed_and_one_is_selected)
{
	parsec_authenticator_info_t *a;
	const char *identity;
	size_t n;

	ck_assert_int_eq(parsec_list_authenticators(client, &a, &n),
			 PARSEC_SUCCESS);
	ck_assert_uint_ge(n, 1);
	parsec_authenticator_info_free(a, n);
	ck_assert_int_eq(parsec_client_identity(client, &identity),
			 PARSEC_SUCCESS);
	ck_assert_int_ne(parsec_client_auth_type(client), PARSEC_AUTH_NONE);
	ck_assert(strcmp(identity, "none") != 0);
}
END_TEST

/* The public key PsaExportPublicKey gives, as an OpenSSL key: RSA keys
 * are a DER RSAPublicKey, EC keys an uncompressed P-256 point. */
static EVP_PKEY *public_key(const parsec_buffer_t *pub, int rsa)
{
	const unsigned char *p = pub->data;
	OSSL_PARAM_BLD *bld;
	OSSL_PARAM *params;
	EVP_PKEY_CTX *ctx;
	EVP_PKEY *key = NULL;

	if (rsa)
		return d2i_PublicKey(EVP_PKEY_RSA, NULL, &p, (long)pub->len);
	bld = OSSL_PARAM_BLD_new();
	OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME,
					"P-256", 0);
	OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY,
					 pub->data, pub->len);
	params = OSSL_PARAM_BLD_to_param(bld);
	ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	if (EVP_PKEY_fromdata_init(ctx) != 1 ||
	    EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) != 1)
		key = NULL;
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	return key;
}

/* ECDSA signatures from Parsec are r||s; OpenSSL verifies DER. */
static int ecdsa_der(const parsec_buffer_t *sig, unsigned char **der)
{
	ECDSA_SIG *s = ECDSA_SIG_new();
	size_t half = sig->len / 2;
	int len;

	ECDSA_SIG_set0(s, BN_bin2bn(sig->data, (int)half, NULL),
		       BN_bin2bn(sig->data + half, (int)half, NULL));
	*der = NULL;
	len = i2d_ECDSA_SIG(s, der);
	ECDSA_SIG_free(s);
	return len;
}

static int openssl_verifies(EVP_PKEY *key, int rsa, const uint8_t *hash,
			    const parsec_buffer_t *sig)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(key, NULL);
	unsigned char *der = NULL;
	const unsigned char *s = sig->data;
	size_t slen = sig->len;
	int ok;

	EVP_PKEY_verify_init(ctx);
	EVP_PKEY_CTX_set_signature_md(ctx, EVP_sha256());
	if (rsa) {
		EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING);
	} else {
		slen = (size_t)ecdsa_der(sig, &der);
		s = der;
	}
	ok = EVP_PKEY_verify(ctx, s, slen, hash, SHA256_DIGEST_LENGTH) == 1;
	OPENSSL_free(der);
	EVP_PKEY_CTX_free(ctx);
	return ok;
}

static void key_life(const char *name, const parsec_key_attributes_t *attrs,
		     int rsa)
{
	const parsec_algorithm_t alg = attrs->alg;
	uint8_t hash[SHA256_DIGEST_LENGTH];
	parsec_buffer_t pub, sig;
	EVP_PKEY *key;

	SHA256((const unsigned char *)"parsec-pkcs11", 13, hash);
	ck_assert_int_eq(parsec_generate_key(client, provider, name, attrs),
			 PARSEC_SUCCESS);
	ck_assert(key_listed(name));
	ck_assert_int_eq(parsec_generate_key(client, provider, name, attrs),
			 PARSEC_PSA_ERROR_ALREADY_EXISTS);
	ck_assert_int_eq(parsec_export_public_key(client, provider, name, &pub),
			 PARSEC_SUCCESS);
	key = public_key(&pub, rsa);
	ck_assert_ptr_nonnull(key);
	ck_assert_int_eq(parsec_sign_hash(client, provider, name, &alg, hash,
					  sizeof(hash), &sig),
			 PARSEC_SUCCESS);
	ck_assert_msg(openssl_verifies(key, rsa, hash, &sig),
		      "OpenSSL rejects the service's signature");
	ck_assert_int_eq(parsec_verify_hash(client, provider, name, &alg, hash,
					    sizeof(hash), sig.data, sig.len),
			 PARSEC_SUCCESS);
	sig.data[sig.len / 2] ^= 1;
	ck_assert_int_eq(parsec_verify_hash(client, provider, name, &alg, hash,
					    sizeof(hash), sig.data, sig.len),
			 PARSEC_PSA_ERROR_INVALID_SIGNATURE);
	parsec_buffer_free(&sig);
	ck_assert_int_eq(parsec_destroy_key(client, provider, name),
			 PARSEC_SUCCESS);
	ck_assert(!key_listed(name));
	ck_assert_int_eq(parsec_sign_hash(client, provider, name, &alg, hash,
					  sizeof(hash), &sig),
			 PARSEC_PSA_ERROR_DOES_NOT_EXIST);
	EVP_PKEY_free(key);
	parsec_buffer_free(&pub);
	parsec_buffer_free(&sig);
}

START_TEST(test_rsa_key_generate_export_sign_destroy)
{
	const parsec_key_attributes_t attrs = {
		.type = PARSEC_KEY_TYPE_RSA_KEY_PAIR,
		.bits = 2048,
		.usage = PARSEC_USAGE_SIGN_HASH | PARSEC_USAGE_VERIFY_HASH,
		.alg = {PARSEC_ALG_RSA_PKCS1V15_SIGN, PARSEC_HASH_SHA_256, 0},
	};

	key_life(key_name("rsa"), &attrs, 1);
}
END_TEST

START_TEST(test_ec_key_generate_export_sign_destroy)
{
	const parsec_key_attributes_t attrs = {
		.type = PARSEC_KEY_TYPE_ECC_KEY_PAIR,
		.ecc_family = PARSEC_ECC_SECP_R1,
		.bits = 256,
		.usage = PARSEC_USAGE_SIGN_HASH | PARSEC_USAGE_VERIFY_HASH,
		.alg = {PARSEC_ALG_ECDSA, PARSEC_HASH_SHA_256, 0},
	};

	key_life(key_name("ec"), &attrs, 0);
}
END_TEST

START_TEST(test_random_bytes_have_the_asked_length)
{
	parsec_buffer_t a, b;

	ck_assert_int_eq(parsec_generate_random(client, provider, 32, &a),
			 PARSEC_SUCCESS);
	ck_assert_int_eq(parsec_generate_random(client, provider, 32, &b),
			 PARSEC_SUCCESS);
	ck_assert_uint_eq(a.len, 32);
	ck_assert_uint_eq(b.len, 32);
	ck_assert(memcmp(a.data, b.data, 32) != 0);
	parsec_buffer_free(&a);
	parsec_buffer_free(&b);
}
END_TEST

START_TEST(test_requests_are_counted)
{
	uint64_t before = parsec_client_request_count(client);
	uint8_t maj, min;

	ck_assert_int_eq(parsec_ping(client, &maj, &min), PARSEC_SUCCESS);
	ck_assert_int_eq(parsec_ping(client, &maj, &min), PARSEC_SUCCESS);
	ck_assert_uint_eq(parsec_client_request_count(client), before + 2);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("client-service");
	TCase *tc = tcase_create("client");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_ping_answers_wire_version_1_0);
	tcase_add_test(tc, test_providers_end_with_the_core_provider);
	tcase_add_test(tc, test_core_opcodes_include_list_keys);
	tcase_add_test(tc, test_authenticators_are_listed_and_one_is_selected);
	tcase_add_test(tc, test_rsa_key_generate_export_sign_destroy);
	tcase_add_test(tc, test_ec_key_generate_export_sign_destroy);
	tcase_add_test(tc, test_random_bytes_have_the_asked_length);
	tcase_add_test(tc, test_requests_are_counted);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
