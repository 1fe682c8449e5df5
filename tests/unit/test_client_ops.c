/*
 * test_client_ops.c - every typed call against the mock server: the
 * request body decodes (with protobuf-c, independently of the client's
 * encoder) to the expected fields, which proves the field numbers, and
 * each kind of result decodes into the caller's types.
 */
#include <stdlib.h>
#include <string.h>

#include "mock_server.h"
#include "parsec/proto/can_do_crypto.pb-c.h"
#include "parsec/proto/list_authenticators.pb-c.h"
#include "parsec/proto/list_keys.pb-c.h"
#include "parsec/proto/list_opcodes.pb-c.h"
#include "parsec/proto/list_providers.pb-c.h"
#include "parsec/proto/ping.pb-c.h"
#include "parsec/proto/psa_aead_decrypt.pb-c.h"
#include "parsec/proto/psa_aead_encrypt.pb-c.h"
#include "parsec/proto/psa_asymmetric_decrypt.pb-c.h"
#include "parsec/proto/psa_asymmetric_encrypt.pb-c.h"
#include "parsec/proto/psa_destroy_key.pb-c.h"
#include "parsec/proto/psa_export_key.pb-c.h"
#include "parsec/proto/psa_export_public_key.pb-c.h"
#include "parsec/proto/psa_generate_key.pb-c.h"
#include "parsec/proto/psa_generate_random.pb-c.h"
#include "parsec/proto/psa_hash_compute.pb-c.h"
#include "parsec/proto/psa_import_key.pb-c.h"
#include "parsec/proto/psa_raw_key_agreement.pb-c.h"
#include "parsec/proto/psa_sign_hash.pb-c.h"
#include "parsec/proto/psa_verify_hash.pb-c.h"
#include "test_workdir.h"
#include "unit.h"

#define BYTES(s) ((ProtobufCBinaryData){sizeof(s) - 1, (uint8_t *)(s)})

static mock_server_t *mock;
static parsec_client_t *client;
static mock_request_t request;
static ProtobufCMessage *sent;

static void setup(void)
{
	mock = mock_start();
	client = mock_client(mock, PARSEC_AUTH_CHOICE_DIRECT);
	sent = NULL;
	memset(&request, 0, sizeof(request));
}

static void teardown(void)
{
	if (sent)
		protobuf_c_message_free_unpacked(sent, NULL);
	mock_request_free(&request);
	parsec_client_free(client);
	mock_stop(mock);
}

static void reply_with(uint32_t opcode, const ProtobufCMessage *result)
{
	mock_reply_t r;

	mock_reply_init(&r, result);
	mock_set_reply(mock, opcode, &r);
}

/* The last request's body, decoded as d; checks its header too. */
static const void *last_sent(const ProtobufCMessageDescriptor *d,
			     uint32_t opcode, uint8_t provider)
{
	mock_request_get(mock, -1, &request);
	ck_assert_uint_eq(request.header.opcode, opcode);
	ck_assert_uint_eq(request.header.provider, provider);
	sent = protobuf_c_message_unpack(d, NULL, request.body_len,
					 request.body);
	ck_assert_ptr_nonnull(sent);
	return sent;
}

static void assert_bytes(ProtobufCBinaryData b, const void *data, size_t len)
{
	ck_assert_uint_eq(b.len, len);
	ck_assert_mem_eq(b.data, data, len);
}

static void assert_buffer(const parsec_buffer_t *b, const void *data,
			  size_t len)
{
	ck_assert_ptr_nonnull(b->data);
	ck_assert_uint_eq(b->len, len);
	ck_assert_mem_eq(b->data, data, len);
}

static const parsec_key_attributes_t p256_sign = {
	.type = PARSEC_KEY_TYPE_ECC_KEY_PAIR,
	.ecc_family = PARSEC_ECC_SECP_R1,
	.bits = 256,
	.usage = PARSEC_USAGE_SIGN_HASH | PARSEC_USAGE_VERIFY_HASH,
	.alg = {PARSEC_ALG_ECDSA, PARSEC_HASH_ANY, 0},
};

/* The attributes p256_sign, as the service would read them. */
static void assert_p256_sign(const PsaKeyAttributes__KeyAttributes *a)
{
	const PsaKeyAttributes__KeyPolicy *p;

	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(a->key_type->variant_case,
			 PSA_KEY_ATTRIBUTES__KEY_TYPE__VARIANT_ECC_KEY_PAIR);
	ck_assert_int_eq(a->key_type->ecc_key_pair->curve_family,
			 PSA_KEY_ATTRIBUTES__KEY_TYPE__ECC_FAMILY__SECP_R1);
	ck_assert_uint_eq(a->key_bits, 256);
	p = a->key_policy;
	ck_assert(p->key_usage_flags->sign_hash);
	ck_assert(p->key_usage_flags->verify_hash);
	ck_assert(!p->key_usage_flags->export && !p->key_usage_flags->derive);
	ck_assert_int_eq(p->key_algorithm->asymmetric_signature->variant_case,
			 4);
	ck_assert_int_eq(
		p->key_algorithm->asymmetric_signature->ecdsa->hash_alg
			->variant_case,
		PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__SIGN_HASH__VARIANT_ANY);
}

START_TEST(test_ping_returns_the_wire_version)
{
	Ping__Result res = PING__RESULT__INIT;
	uint8_t maj = 0, min = 9;

	res.wire_protocol_version_maj = 1;
	reply_with(PARSEC_OP_PING, &res.base);
	ck_assert_int_eq(parsec_ping(client, &maj, &min), PARSEC_SUCCESS);
	ck_assert_uint_eq(maj, 1);
	ck_assert_uint_eq(min, 0);
	last_sent(&ping__operation__descriptor, PARSEC_OP_PING, 0);
	ck_assert_uint_eq(request.body_len, 0);
}
END_TEST

START_TEST(test_ping_version_out_of_range_is_decode_error)
{
	Ping__Result res = PING__RESULT__INIT;
	uint8_t maj, min;

	res.wire_protocol_version_maj = 256;
	reply_with(PARSEC_OP_PING, &res.base);
	ck_assert_int_eq(parsec_ping(client, &maj, &min), PARSEC_E_DECODE);
}
END_TEST

START_TEST(test_list_providers_decodes_every_field)
{
	ListProviders__ProviderInfo p1 = LIST_PROVIDERS__PROVIDER_INFO__INIT,
				    p0 = LIST_PROVIDERS__PROVIDER_INFO__INIT;
	ListProviders__ProviderInfo *items[] = {&p1, &p0};
	ListProviders__Result res = LIST_PROVIDERS__RESULT__INIT;
	parsec_provider_info_t *list;
	size_t n;

	p1.uuid = "1C1139DC-AD7C-47DC-AD6B-DB6FDB466552";
	p1.description = "Mbed Crypto provider";
	p1.vendor = "Arm";
	p1.version_rev = 3;
	p1.version_min = 2;
	p1.version_maj = 1;
	p1.id = 1;
	p0.uuid = "47049873-2a43-4845-9d72-831eab668784";
	res.providers = items;
	res.n_providers = 2;
	reply_with(PARSEC_OP_LIST_PROVIDERS, &res.base);

	ck_assert_int_eq(parsec_list_providers(client, &list, &n),
			 PARSEC_SUCCESS);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(list[0].uuid, "1c1139dc-ad7c-47dc-ad6b-db6fdb466552");
	ck_assert_str_eq(list[0].description, "Mbed Crypto provider");
	ck_assert_str_eq(list[0].vendor, "Arm");
	ck_assert_uint_eq(list[0].version_maj, 1);
	ck_assert_uint_eq(list[0].version_min, 2);
	ck_assert_uint_eq(list[0].version_rev, 3);
	ck_assert_uint_eq(list[0].id, 1);
	ck_assert_str_eq(list[1].uuid, "47049873-2a43-4845-9d72-831eab668784");
	ck_assert_str_eq(list[1].vendor, "");
	ck_assert_uint_eq(list[1].id, 0);
	parsec_provider_info_free(list, n);
	last_sent(&list_providers__operation__descriptor,
		  PARSEC_OP_LIST_PROVIDERS, 0);
}
END_TEST

START_TEST(test_list_providers_with_malformed_uuid_is_decode_error)
{
	ListProviders__ProviderInfo p = LIST_PROVIDERS__PROVIDER_INFO__INIT;
	ListProviders__ProviderInfo *items[] = {&p};
	ListProviders__Result res = LIST_PROVIDERS__RESULT__INIT;
	parsec_provider_info_t *list = (parsec_provider_info_t *)&res;
	size_t n = 5;

	p.uuid = "1c1139dc+ad7c-47dc-ad6b-db6fdb466552";
	res.providers = items;
	res.n_providers = 1;
	reply_with(PARSEC_OP_LIST_PROVIDERS, &res.base);
	ck_assert_int_eq(parsec_list_providers(client, &list, &n),
			 PARSEC_E_DECODE);
	ck_assert_ptr_null(list);
	ck_assert_uint_eq(n, 0);
}
END_TEST

START_TEST(test_list_opcodes_names_the_provider_in_the_body)
{
	uint32_t ops[] = {0x01, 0x08, 0x09, 0x0e, 0x1a};
	ListOpcodes__Result res = LIST_OPCODES__RESULT__INIT;
	const ListOpcodes__Operation *op;
	uint32_t *list;
	size_t n;

	res.opcodes = ops;
	res.n_opcodes = 5;
	reply_with(PARSEC_OP_LIST_OPCODES, &res.base);
	ck_assert_int_eq(parsec_list_opcodes(client, 3, &list, &n),
			 PARSEC_SUCCESS);
	ck_assert_uint_eq(n, 5);
	ck_assert_mem_eq(list, ops, sizeof(ops));
	free(list);
	/* sent to the core provider, about provider 3 */
	op = last_sent(&list_opcodes__operation__descriptor,
		       PARSEC_OP_LIST_OPCODES, 0);
	ck_assert_uint_eq(op->provider_id, 3);
}
END_TEST

START_TEST(test_list_authenticators_decodes_every_field)
{
	ListAuthenticators__AuthenticatorInfo a =
		LIST_AUTHENTICATORS__AUTHENTICATOR_INFO__INIT;
	ListAuthenticators__AuthenticatorInfo *items[] = {&a};
	ListAuthenticators__Result res = LIST_AUTHENTICATORS__RESULT__INIT;
	parsec_authenticator_info_t *list;
	size_t n;

	a.description = "Unix peer credentials";
	a.version_maj = 0;
	a.version_min = 1;
	a.version_rev = 0;
	a.id = 3;
	res.authenticators = items;
	res.n_authenticators = 1;
	reply_with(PARSEC_OP_LIST_AUTHENTICATORS, &res.base);
	ck_assert_int_eq(parsec_list_authenticators(client, &list, &n),
			 PARSEC_SUCCESS);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(list[0].description, "Unix peer credentials");
	ck_assert_uint_eq(list[0].version_min, 1);
	ck_assert_uint_eq(list[0].id, 3);
	parsec_authenticator_info_free(list, n);
}
END_TEST

START_TEST(test_list_keys_decodes_attributes_and_survives_exotic_keys)
{
	ListKeys__KeyInfo k1 = LIST_KEYS__KEY_INFO__INIT,
			  k2 = LIST_KEYS__KEY_INFO__INIT;
	ListKeys__KeyInfo *items[] = {&k1, &k2};
	ListKeys__Result res = LIST_KEYS__RESULT__INIT;
	PsaAlgorithm__Algorithm mac = PSA_ALGORITHM__ALGORITHM__INIT;
	PsaAlgorithm__Algorithm__Mac mac_arm =
		PSA_ALGORITHM__ALGORITHM__MAC__INIT;
	PsaKeyAttributes__KeyPolicy policy =
		PSA_KEY_ATTRIBUTES__KEY_POLICY__INIT;
	PsaKeyAttributes__KeyAttributes exotic =
		PSA_KEY_ATTRIBUTES__KEY_ATTRIBUTES__INIT;
	parsec_key_info_t *list;
	mock_reply_t r;
	size_t n;

	/* key 1: what generate_key sent, echoed back */
	mock_reply_init(&r, NULL);
	mock_set_reply(mock, PARSEC_OP_PSA_GENERATE_KEY, &r);
	ck_assert_int_eq(parsec_generate_key(client, 1, "k1", &p256_sign),
			 PARSEC_SUCCESS);
	last_sent(&psa_generate_key__operation__descriptor,
		  PARSEC_OP_PSA_GENERATE_KEY, 1);
	k1.provider_id = 1;
	k1.name = "k1";
	k1.attributes = ((PsaGenerateKey__Operation *)sent)->attributes;
	/* key 2: a MAC key, which this client does not model */
	mac.variant_case = PSA_ALGORITHM__ALGORITHM__VARIANT_MAC;
	mac.mac = &mac_arm;
	policy.key_algorithm = &mac;
	exotic.key_policy = &policy;
	exotic.key_bits = 128;
	k2.provider_id = 2;
	k2.name = "mac";
	k2.attributes = &exotic;
	res.keys = items;
	res.n_keys = 2;
	reply_with(PARSEC_OP_LIST_KEYS, &res.base);

	ck_assert_int_eq(parsec_list_keys(client, &list, &n), PARSEC_SUCCESS);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(list[0].provider_id, 1);
	ck_assert_str_eq(list[0].name, "k1");
	ck_assert_mem_eq(&list[0].attributes, &p256_sign, sizeof(p256_sign));
	ck_assert_uint_eq(list[1].provider_id, 2);
	ck_assert_str_eq(list[1].name, "mac");
	ck_assert_int_eq(list[1].attributes.type, PARSEC_KEY_TYPE_NONE);
	ck_assert_int_eq(list[1].attributes.alg.kind, PARSEC_ALG_NONE);
	ck_assert_uint_eq(list[1].attributes.bits, 128);
	parsec_key_info_free(list, n);
}
END_TEST

START_TEST(test_generate_key_sends_name_and_attributes)
{
	const PsaGenerateKey__Operation *op;

	reply_with(PARSEC_OP_PSA_GENERATE_KEY, NULL);
	ck_assert_int_eq(parsec_generate_key(client, 3, "gen", &p256_sign),
			 PARSEC_SUCCESS);
	op = last_sent(&psa_generate_key__operation__descriptor,
		       PARSEC_OP_PSA_GENERATE_KEY, 3);
	ck_assert_str_eq(op->key_name, "gen");
	assert_p256_sign(op->attributes);
}
END_TEST

START_TEST(test_import_key_sends_data_and_attributes)
{
	const parsec_key_attributes_t rsa = {
		.type = PARSEC_KEY_TYPE_RSA_PUBLIC_KEY,
		.bits = 2048,
		.usage = PARSEC_USAGE_VERIFY_HASH | PARSEC_USAGE_ENCRYPT,
		.alg = {PARSEC_ALG_RSA_PKCS1V15_SIGN, PARSEC_HASH_SHA_256, 0},
	};
	const PsaImportKey__Operation *op;
	const PsaAlgorithm__Algorithm *alg;

	reply_with(PARSEC_OP_PSA_IMPORT_KEY, NULL);
	ck_assert_int_eq(parsec_import_key(client, 2, "imp", &rsa,
					   (const uint8_t *)"\x30\x82key", 6),
			 PARSEC_SUCCESS);
	op = last_sent(&psa_import_key__operation__descriptor,
		       PARSEC_OP_PSA_IMPORT_KEY, 2);
	ck_assert_str_eq(op->key_name, "imp");
	assert_bytes(op->data, "\x30\x82key", 6);
	ck_assert_int_eq(op->attributes->key_type->variant_case,
			 PSA_KEY_ATTRIBUTES__KEY_TYPE__VARIANT_RSA_PUBLIC_KEY);
	ck_assert_uint_eq(op->attributes->key_bits, 2048);
	ck_assert(op->attributes->key_policy->key_usage_flags->encrypt);
	alg = op->attributes->key_policy->key_algorithm;
	ck_assert_int_eq(alg->asymmetric_signature->variant_case, 1);
	ck_assert_int_eq(alg->asymmetric_signature->rsa_pkcs1v15_sign->hash_alg
				 ->specific,
			 PSA_ALGORITHM__ALGORITHM__HASH__SHA_256);
}
END_TEST

START_TEST(test_export_public_key_returns_the_data)
{
	PsaExportPublicKey__Result res = PSA_EXPORT_PUBLIC_KEY__RESULT__INIT;
	const PsaExportPublicKey__Operation *op;
	parsec_buffer_t out;

	res.data = BYTES("\x04point");
	reply_with(PARSEC_OP_PSA_EXPORT_PUBLIC_KEY, &res.base);
	ck_assert_int_eq(parsec_export_public_key(client, 1, "pub", &out),
			 PARSEC_SUCCESS);
	assert_buffer(&out, "\x04point", 6);
	parsec_buffer_free(&out);
	ck_assert_ptr_null(out.data);
	op = last_sent(&psa_export_public_key__operation__descriptor,
		       PARSEC_OP_PSA_EXPORT_PUBLIC_KEY, 1);
	ck_assert_str_eq(op->key_name, "pub");
}
END_TEST

START_TEST(test_export_key_returns_the_data)
{
	PsaExportKey__Result res = PSA_EXPORT_KEY__RESULT__INIT;
	const PsaExportKey__Operation *op;
	parsec_buffer_t out;

	res.data = BYTES("secret");
	reply_with(PARSEC_OP_PSA_EXPORT_KEY, &res.base);
	ck_assert_int_eq(parsec_export_key(client, 1, "aes", &out),
			 PARSEC_SUCCESS);
	assert_buffer(&out, "secret", 6);
	parsec_buffer_free(&out);
	op = last_sent(&psa_export_key__operation__descriptor,
		       PARSEC_OP_PSA_EXPORT_KEY, 1);
	ck_assert_str_eq(op->key_name, "aes");
}
END_TEST

START_TEST(test_destroy_key_sends_the_name)
{
	const PsaDestroyKey__Operation *op;

	reply_with(PARSEC_OP_PSA_DESTROY_KEY, NULL);
	ck_assert_int_eq(parsec_destroy_key(client, 2, ""), PARSEC_SUCCESS);
	op = last_sent(&psa_destroy_key__operation__descriptor,
		       PARSEC_OP_PSA_DESTROY_KEY, 2);
	ck_assert_str_eq(op->key_name, "");
}
END_TEST

START_TEST(test_sign_hash_sends_alg_hash_and_name)
{
	const parsec_algorithm_t alg = {PARSEC_ALG_RSA_PSS, PARSEC_HASH_SHA_384,
					0};
	PsaSignHash__Result res = PSA_SIGN_HASH__RESULT__INIT;
	const PsaSignHash__Operation *op;
	uint8_t hash[48];
	parsec_buffer_t sig;

	memset(hash, 0x5A, sizeof(hash));
	res.signature = BYTES("r||s");
	reply_with(PARSEC_OP_PSA_SIGN_HASH, &res.base);
	ck_assert_int_eq(parsec_sign_hash(client, 1, "signer", &alg, hash,
					  sizeof(hash), &sig),
			 PARSEC_SUCCESS);
	assert_buffer(&sig, "r||s", 4);
	parsec_buffer_free(&sig);
	op = last_sent(&psa_sign_hash__operation__descriptor,
		       PARSEC_OP_PSA_SIGN_HASH, 1);
	ck_assert_str_eq(op->key_name, "signer");
	ck_assert_int_eq(op->alg->variant_case, 3); /* rsa_pss */
	ck_assert_int_eq(
		op->alg->rsa_pss->hash_alg->variant_case,
		PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__SIGN_HASH__VARIANT_SPECIFIC);
	ck_assert_int_eq(op->alg->rsa_pss->hash_alg->specific,
			 PSA_ALGORITHM__ALGORITHM__HASH__SHA_384);
	assert_bytes(op->hash, hash, sizeof(hash));
}
END_TEST

START_TEST(test_verify_hash_sends_the_signature_and_returns_status)
{
	const parsec_algorithm_t alg = {PARSEC_ALG_ECDSA, PARSEC_HASH_SHA_256,
					0};
	const PsaVerifyHash__Operation *op;
	mock_reply_t r;

	mock_reply_init(&r, NULL);
	r.header.status = PARSEC_PSA_ERROR_INVALID_SIGNATURE;
	mock_set_reply(mock, PARSEC_OP_PSA_VERIFY_HASH, &r);
	ck_assert_int_eq(parsec_verify_hash(client, 1, "v", &alg,
					    (const uint8_t *)"hash", 4,
					    (const uint8_t *)"sig!", 4),
			 PARSEC_PSA_ERROR_INVALID_SIGNATURE);
	op = last_sent(&psa_verify_hash__operation__descriptor,
		       PARSEC_OP_PSA_VERIFY_HASH, 1);
	ck_assert_str_eq(op->key_name, "v");
	ck_assert_int_eq(op->alg->variant_case, 4);
	assert_bytes(op->hash, "hash", 4);
	assert_bytes(op->signature, "sig!", 4);
}
END_TEST

START_TEST(test_asymmetric_encrypt_sends_plaintext_and_salt)
{
	const parsec_algorithm_t oaep = {PARSEC_ALG_RSA_OAEP,
					 PARSEC_HASH_SHA_256, 0};
	PsaAsymmetricEncrypt__Result res = PSA_ASYMMETRIC_ENCRYPT__RESULT__INIT;
	const PsaAsymmetricEncrypt__Operation *op;
	parsec_buffer_t out;

	res.ciphertext = BYTES("cipher");
	reply_with(PARSEC_OP_PSA_ASYMMETRIC_ENCRYPT, &res.base);
	ck_assert_int_eq(parsec_asymmetric_encrypt(client, 1, "rsa", &oaep,
						   (const uint8_t *)"plain", 5,
						   (const uint8_t *)"label", 5,
						   &out),
			 PARSEC_SUCCESS);
	assert_buffer(&out, "cipher", 6);
	parsec_buffer_free(&out);
	op = last_sent(&psa_asymmetric_encrypt__operation__descriptor,
		       PARSEC_OP_PSA_ASYMMETRIC_ENCRYPT, 1);
	ck_assert_str_eq(op->key_name, "rsa");
	ck_assert_int_eq(op->alg->variant_case, 2); /* rsa_oaep */
	ck_assert_int_eq(op->alg->rsa_oaep->hash_alg,
			 PSA_ALGORITHM__ALGORITHM__HASH__SHA_256);
	assert_bytes(op->plaintext, "plain", 5);
	assert_bytes(op->salt, "label", 5);
}
END_TEST

START_TEST(test_asymmetric_decrypt_sends_ciphertext_without_salt)
{
	const parsec_algorithm_t pkcs1 = {PARSEC_ALG_RSA_PKCS1V15_CRYPT,
					  PARSEC_HASH_NONE, 0};
	PsaAsymmetricDecrypt__Result res = PSA_ASYMMETRIC_DECRYPT__RESULT__INIT;
	const PsaAsymmetricDecrypt__Operation *op;
	parsec_buffer_t out;

	res.plaintext = BYTES("plain");
	reply_with(PARSEC_OP_PSA_ASYMMETRIC_DECRYPT, &res.base);
	ck_assert_int_eq(parsec_asymmetric_decrypt(client, 2, "rsa", &pkcs1,
						   (const uint8_t *)"ct", 2,
						   NULL, 0, &out),
			 PARSEC_SUCCESS);
	assert_buffer(&out, "plain", 5);
	parsec_buffer_free(&out);
	op = last_sent(&psa_asymmetric_decrypt__operation__descriptor,
		       PARSEC_OP_PSA_ASYMMETRIC_DECRYPT, 2);
	ck_assert_int_eq(op->alg->variant_case, 1); /* rsa_pkcs1v15_crypt */
	assert_bytes(op->ciphertext, "ct", 2);
	ck_assert_uint_eq(op->salt.len, 0);
}
END_TEST

START_TEST(test_raw_key_agreement_sends_alg_key_and_peer)
{
	const parsec_algorithm_t ecdh = {PARSEC_ALG_ECDH, PARSEC_HASH_NONE, 0};
	PsaRawKeyAgreement__Result res = PSA_RAW_KEY_AGREEMENT__RESULT__INIT;
	const PsaRawKeyAgreement__Operation *op;
	parsec_buffer_t out;

	res.shared_secret = BYTES("shared");
	reply_with(PARSEC_OP_PSA_RAW_KEY_AGREEMENT, &res.base);
	ck_assert_int_eq(parsec_raw_key_agreement(client, 1, &ecdh, "ec",
						  (const uint8_t *)"\x04pq", 3,
						  &out),
			 PARSEC_SUCCESS);
	assert_buffer(&out, "shared", 6);
	parsec_buffer_free(&out);
	op = last_sent(&psa_raw_key_agreement__operation__descriptor,
		       PARSEC_OP_PSA_RAW_KEY_AGREEMENT, 1);
	/* field 1 is the bare Raw enum, as parsec-interface reads it */
	ck_assert_int_eq(op->alg,
			 PSA_ALGORITHM__ALGORITHM__KEY_AGREEMENT__RAW__ECDH);
	ck_assert_str_eq(op->private_key_name, "ec");
	assert_bytes(op->peer_key, "\x04pq", 3);
}
END_TEST

START_TEST(test_aead_encrypt_sends_nonce_aad_and_plaintext)
{
	const parsec_algorithm_t gcm = {PARSEC_ALG_AEAD_GCM, PARSEC_HASH_NONE,
					0};
	PsaAeadEncrypt__Result res = PSA_AEAD_ENCRYPT__RESULT__INIT;
	const PsaAeadEncrypt__Operation *op;
	parsec_buffer_t out;

	res.ciphertext = BYTES("ct+tag");
	reply_with(PARSEC_OP_PSA_AEAD_ENCRYPT, &res.base);
	ck_assert_int_eq(parsec_aead_encrypt(client, 1, "aes", &gcm,
					     (const uint8_t *)"nonce", 5,
					     (const uint8_t *)"aad", 3,
					     (const uint8_t *)"pt", 2, &out),
			 PARSEC_SUCCESS);
	assert_buffer(&out, "ct+tag", 6);
	parsec_buffer_free(&out);
	op = last_sent(&psa_aead_encrypt__operation__descriptor,
		       PARSEC_OP_PSA_AEAD_ENCRYPT, 1);
	ck_assert_str_eq(op->key_name, "aes");
	ck_assert_int_eq(op->alg->variant_case, 1); /* default length tag */
	ck_assert_int_eq(
		op->alg->aead_with_default_length_tag,
		PSA_ALGORITHM__ALGORITHM__AEAD__AEAD_WITH_DEFAULT_LENGTH_TAG__GCM);
	assert_bytes(op->nonce, "nonce", 5);
	assert_bytes(op->additional_data, "aad", 3);
	assert_bytes(op->plaintext, "pt", 2);
}
END_TEST

START_TEST(test_aead_decrypt_sends_shortened_tag_and_ciphertext)
{
	const parsec_algorithm_t ccm = {PARSEC_ALG_AEAD_CCM, PARSEC_HASH_NONE,
					8};
	PsaAeadDecrypt__Result res = PSA_AEAD_DECRYPT__RESULT__INIT;
	const PsaAeadDecrypt__Operation *op;
	parsec_buffer_t out;

	res.plaintext = BYTES("pt");
	reply_with(PARSEC_OP_PSA_AEAD_DECRYPT, &res.base);
	ck_assert_int_eq(parsec_aead_decrypt(client, 1, "aes", &ccm,
					     (const uint8_t *)"n", 1, NULL, 0,
					     (const uint8_t *)"ct+tag", 6,
					     &out),
			 PARSEC_SUCCESS);
	assert_buffer(&out, "pt", 2);
	parsec_buffer_free(&out);
	op = last_sent(&psa_aead_decrypt__operation__descriptor,
		       PARSEC_OP_PSA_AEAD_DECRYPT, 1);
	ck_assert_int_eq(op->alg->variant_case, 2); /* shortened tag */
	ck_assert_int_eq(
		op->alg->aead_with_shortened_tag->aead_alg,
		PSA_ALGORITHM__ALGORITHM__AEAD__AEAD_WITH_DEFAULT_LENGTH_TAG__CCM);
	ck_assert_uint_eq(op->alg->aead_with_shortened_tag->tag_length, 8);
	assert_bytes(op->nonce, "n", 1);
	ck_assert_uint_eq(op->additional_data.len, 0);
	assert_bytes(op->ciphertext, "ct+tag", 6);
}
END_TEST

START_TEST(test_hash_compute_sends_alg_and_input)
{
	PsaHashCompute__Result res = PSA_HASH_COMPUTE__RESULT__INIT;
	const PsaHashCompute__Operation *op;
	parsec_buffer_t out;

	res.hash = BYTES("digest");
	reply_with(PARSEC_OP_PSA_HASH_COMPUTE, &res.base);
	ck_assert_int_eq(parsec_hash_compute(client, 1, PARSEC_HASH_SHA_512,
					     (const uint8_t *)"abc", 3, &out),
			 PARSEC_SUCCESS);
	assert_buffer(&out, "digest", 6);
	parsec_buffer_free(&out);
	op = last_sent(&psa_hash_compute__operation__descriptor,
		       PARSEC_OP_PSA_HASH_COMPUTE, 1);
	ck_assert_int_eq(op->alg, PSA_ALGORITHM__ALGORITHM__HASH__SHA_512);
	assert_bytes(op->input, "abc", 3);
}
END_TEST

START_TEST(test_generate_random_sends_the_size)
{
	PsaGenerateRandom__Result res = PSA_GENERATE_RANDOM__RESULT__INIT;
	const PsaGenerateRandom__Operation *op;
	parsec_buffer_t out;

	res.random_bytes = BYTES("0123456789abcdef");
	reply_with(PARSEC_OP_PSA_GENERATE_RANDOM, &res.base);
	ck_assert_int_eq(parsec_generate_random(client, 1, 16, &out),
			 PARSEC_SUCCESS);
	assert_buffer(&out, "0123456789abcdef", 16);
	parsec_buffer_free(&out);
	op = last_sent(&psa_generate_random__operation__descriptor,
		       PARSEC_OP_PSA_GENERATE_RANDOM, 1);
	ck_assert_uint_eq(op->size, 16);
}
END_TEST

START_TEST(test_empty_result_is_an_empty_buffer)
{
	parsec_buffer_t out;

	reply_with(PARSEC_OP_PSA_GENERATE_RANDOM, NULL);
	ck_assert_int_eq(parsec_generate_random(client, 1, 0, &out),
			 PARSEC_SUCCESS);
	ck_assert_ptr_nonnull(out.data);
	ck_assert_uint_eq(out.len, 0);
	parsec_buffer_free(&out);
}
END_TEST

START_TEST(test_can_do_crypto_sends_check_type_and_attributes)
{
	const CanDoCrypto__Operation *op;
	mock_reply_t r;

	mock_reply_init(&r, NULL);
	r.header.status = PARSEC_PSA_ERROR_NOT_SUPPORTED;
	mock_set_reply(mock, PARSEC_OP_CAN_DO_CRYPTO, &r);
	ck_assert_int_eq(parsec_can_do_crypto(client, 3, PARSEC_CHECK_GENERATE,
					      &p256_sign),
			 PARSEC_PSA_ERROR_NOT_SUPPORTED);
	op = last_sent(&can_do_crypto__operation__descriptor,
		       PARSEC_OP_CAN_DO_CRYPTO, 3);
	ck_assert_int_eq(op->check_type, CAN_DO_CRYPTO__CHECK_TYPE__GENERATE);
	assert_p256_sign(op->attributes);
}
END_TEST

START_TEST(test_bad_arguments_send_nothing)
{
	const parsec_algorithm_t ecdsa = {PARSEC_ALG_ECDSA, PARSEC_HASH_SHA_256,
					  0};
	const parsec_algorithm_t gcm = {PARSEC_ALG_AEAD_GCM, PARSEC_HASH_NONE,
					0};
	parsec_buffer_t out = {(uint8_t *)"junk", 4};
	uint8_t maj, min;

	ck_assert_int_eq(parsec_ping(NULL, &maj, &min), PARSEC_E_ARGS);
	ck_assert_int_eq(parsec_sign_hash(client, 1, NULL, &ecdsa,
					  (const uint8_t *)"h", 1, &out),
			 PARSEC_E_ARGS);
	ck_assert_ptr_null(out.data); /* reset, not left dangling */
	ck_assert_int_eq(
		parsec_sign_hash(client, 1, "k", &ecdsa, NULL, 5, &out),
		PARSEC_E_ARGS);
	ck_assert_int_eq(parsec_sign_hash(client, 1, "k", &gcm,
					  (const uint8_t *)"h", 1, &out),
			 PARSEC_E_ARGS);
	ck_assert_int_eq(parsec_hash_compute(client, 1, PARSEC_HASH_ANY,
					     (const uint8_t *)"x", 1, &out),
			 PARSEC_E_ARGS);
	ck_assert_int_eq(parsec_can_do_crypto(client, 1, (parsec_check_type_t)0,
					      &p256_sign),
			 PARSEC_E_ARGS);
	ck_assert_int_eq(parsec_generate_key(client, 1, "k", NULL),
			 PARSEC_E_ARGS);
	ck_assert_int_eq(parsec_export_key(client, 1, "k", NULL),
			 PARSEC_E_ARGS);
	ck_assert_uint_eq(mock_request_count(mock), 0);
	ck_assert_uint_eq(parsec_client_request_count(client), 0);
}
END_TEST

Suite *unit_suite(void)
{
	Suite *s = suite_create("client_ops");
	TCase *tc = tcase_create("ops");

	tcase_add_unchecked_fixture(tc, test_workdir_create,
				    test_workdir_remove);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_ping_returns_the_wire_version);
	tcase_add_test(tc, test_ping_version_out_of_range_is_decode_error);
	tcase_add_test(tc, test_list_providers_decodes_every_field);
	tcase_add_test(tc,
		       test_list_providers_with_malformed_uuid_is_decode_error);
	tcase_add_test(tc, test_list_opcodes_names_the_provider_in_the_body);
	tcase_add_test(tc, test_list_authenticators_decodes_every_field);
	tcase_add_test(
		tc, test_list_keys_decodes_attributes_and_survives_exotic_keys);
	tcase_add_test(tc, test_generate_key_sends_name_and_attributes);
	tcase_add_test(tc, test_import_key_sends_data_and_attributes);
	tcase_add_test(tc, test_export_public_key_returns_the_data);
	tcase_add_test(tc, test_export_key_returns_the_data);
	tcase_add_test(tc, test_destroy_key_sends_the_name);
	tcase_add_test(tc, test_sign_hash_sends_alg_hash_and_name);
	tcase_add_test(tc,
		       test_verify_hash_sends_the_signature_and_returns_status);
	tcase_add_test(tc, test_asymmetric_encrypt_sends_plaintext_and_salt);
	tcase_add_test(tc,
		       test_asymmetric_decrypt_sends_ciphertext_without_salt);
	tcase_add_test(tc, test_raw_key_agreement_sends_alg_key_and_peer);
	tcase_add_test(tc, test_aead_encrypt_sends_nonce_aad_and_plaintext);
	tcase_add_test(tc,
		       test_aead_decrypt_sends_shortened_tag_and_ciphertext);
	tcase_add_test(tc, test_hash_compute_sends_alg_and_input);
	tcase_add_test(tc, test_generate_random_sends_the_size);
	tcase_add_test(tc, test_empty_result_is_an_empty_buffer);
	tcase_add_test(tc, test_can_do_crypto_sends_check_type_and_attributes);
	tcase_add_test(tc, test_bad_arguments_send_nothing);
	suite_add_tcase(s, tc);
	return s;
}
