/*
 * test-conformance.c - what the Parsec service does on the wire, checked
 * with raw bytes against the test double or, with PARSEC_TEST_ENDPOINT,
 * the real service (direct authenticator). Parts that need the double's
 * own setup (faults, restarts, the TPM-like provider, other
 * authenticators) are skipped against the real service, with a reason.
 */
#include <check.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

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
#include "raw_client.h"
#include "tests/common/test_service.h"
#include "tests/fake-parsec/proto/psa_hash_compare.pb-c.h"

#define APP "conformance-app"
#define OTHER_APP "conformance-other"
#define MBED PARSEC_PROVIDER_MBED_CRYPTO
#define TPM PARSEC_PROVIDER_TPM
#define CORE PARSEC_PROVIDER_CORE

static test_service_t svc;

/* ---- fixtures ------------------------------------------------------ */

static void start_with(const test_service_opts_t *opts)
{
	ck_assert_int_eq(test_service_start(opts, &svc), 0);
}

static void setup_direct(void)
{
	start_with(NULL);
}

static void setup_tpm(void)
{
	test_service_opts_t o = {.tpm = 1};

	start_with(&o);
}

static void setup_unix(void)
{
	test_service_opts_t o = {.auth = "unix"};

	start_with(&o);
}

static void teardown(void)
{
	test_service_stop(&svc);
}

/* Returns 1 (and says so) when the part needs the double. */
static int skip_external(const char *part, const char *why)
{
	if (!test_service_is_external(&svc))
		return 0;
	printf("SKIP %s: %s (real service)\n", part, why);
	return 1;
}

/* ---- requests ------------------------------------------------------ */

static int call(uint32_t opcode, uint8_t provider, const char *app,
		const ProtobufCMessage *op, raw_response_t *r)
{
	raw_request_t rq = {.opcode = opcode, .provider = provider};
	raw_response_t tmp;
	int st;

	if (app) {
		rq.auth_type = PARSEC_AUTH_DIRECT;
		rq.auth = app;
		rq.auth_len = strlen(app);
	}
	st = raw_client_call(svc.socket_path, &rq, op, r ? r : &tmp);
	if (!r)
		raw_response_free(&tmp);
	return st;
}

/* A header with every constant field right. */
static void header_bytes(uint8_t out[WIRE_HEADER_LEN], uint32_t opcode,
			 uint8_t provider, uint32_t body_len)
{
	wire_header_t h;

	wire_header_init(&h);
	h.opcode = opcode;
	h.provider = provider;
	h.session = 0x1122334455667788ull;
	h.body_len = body_len;
	wire_header_encode(&h, out);
}

static void assert_default_header(const raw_response_t *r, int status)
{
	ck_assert_int_eq(r->complete, 1);
	ck_assert_uint_eq(r->hdr.magic, WIRE_HEADER_MAGIC);
	ck_assert_uint_eq(r->hdr.provider, 0);
	ck_assert_uint_eq(r->hdr.session, 0);
	ck_assert_uint_eq(r->hdr.opcode, PARSEC_OP_PING);
	ck_assert_uint_eq(r->hdr.content_type, 0);
	ck_assert_uint_eq(r->hdr.body_len, 0);
	ck_assert_uint_eq(r->hdr.auth_type, 0);
	ck_assert_uint_eq(r->hdr.auth_len, 0);
	ck_assert_int_eq(r->hdr.status, status);
}

/* Sends the header bytes as modified and expects a default header. */
static void expect_header_error(uint8_t *raw, size_t len, int status)
{
	raw_response_t r;

	ck_assert_int_eq(raw_client_send(svc.socket_path, raw, len, 0, &r), 0);
	assert_default_header(&r, status);
	raw_response_free(&r);
}

static int gen_key(const char *app, uint8_t prov, const char *name,
		   raw_attrs_t *a)
{
	PsaGenerateKey__Operation op = PSA_GENERATE_KEY__OPERATION__INIT;

	op.key_name = (char *)name;
	op.attributes = &a->attrs;
	return call(PARSEC_OP_PSA_GENERATE_KEY, prov, app, &op.base, NULL);
}

static int import_key(const char *app, uint8_t prov, const char *name,
		      raw_attrs_t *a, const uint8_t *data, size_t len)
{
	PsaImportKey__Operation op = PSA_IMPORT_KEY__OPERATION__INIT;

	op.key_name = (char *)name;
	op.attributes = &a->attrs;
	op.data.data = (uint8_t *)data;
	op.data.len = len;
	return call(PARSEC_OP_PSA_IMPORT_KEY, prov, app, &op.base, NULL);
}

static int destroy_key(const char *app, uint8_t prov, const char *name)
{
	PsaDestroyKey__Operation op = PSA_DESTROY_KEY__OPERATION__INIT;

	op.key_name = (char *)name;
	return call(PARSEC_OP_PSA_DESTROY_KEY, prov, app, &op.base, NULL);
}

/* The bytes field of a result whose first field is bytes. */
static int bytes_result(int st, const ProtobufCMessageDescriptor *desc,
			raw_response_t *r, uint8_t **out, size_t *len)
{
	ProtobufCMessage *m;
	const ProtobufCBinaryData *b;

	*out = NULL;
	*len = 0;
	if (st == 0) {
		m = protobuf_c_message_unpack(desc, NULL, r->body_len, r->body);
		ck_assert_ptr_nonnull(m);
		b = (const ProtobufCBinaryData *)((const char *)m +
						  desc->fields[0].offset);
		*out = malloc(b->len + 1);
		if (b->len)
			memcpy(*out, b->data, b->len);
		*len = b->len;
		protobuf_c_message_free_unpacked(m, NULL);
	}
	raw_response_free(r);
	return st;
}

static int export_public(const char *app, uint8_t prov, const char *name,
			 uint8_t **out, size_t *len)
{
	PsaExportPublicKey__Operation op =
		PSA_EXPORT_PUBLIC_KEY__OPERATION__INIT;
	raw_response_t r;
	int st;

	op.key_name = (char *)name;
	st = call(PARSEC_OP_PSA_EXPORT_PUBLIC_KEY, prov, app, &op.base, &r);
	return bytes_result(st, &psa_export_public_key__result__descriptor, &r,
			    out, len);
}

static int sign_hash(const char *app, uint8_t prov, const char *name,
		     raw_alg_t *alg, const uint8_t *hash, size_t hlen,
		     uint8_t **sig, size_t *slen)
{
	PsaSignHash__Operation op = PSA_SIGN_HASH__OPERATION__INIT;
	raw_response_t r;
	int st;

	op.key_name = (char *)name;
	op.alg = &alg->sig;
	op.hash.data = (uint8_t *)hash;
	op.hash.len = hlen;
	st = call(PARSEC_OP_PSA_SIGN_HASH, prov, app, &op.base, &r);
	return bytes_result(st, &psa_sign_hash__result__descriptor, &r, sig,
			    slen);
}

static int verify_hash(const char *app, uint8_t prov, const char *name,
		       raw_alg_t *alg, const uint8_t *hash, size_t hlen,
		       const uint8_t *sig, size_t slen)
{
	PsaVerifyHash__Operation op = PSA_VERIFY_HASH__OPERATION__INIT;

	op.key_name = (char *)name;
	op.alg = &alg->sig;
	op.hash.data = (uint8_t *)hash;
	op.hash.len = hlen;
	op.signature.data = (uint8_t *)sig;
	op.signature.len = slen;
	return call(PARSEC_OP_PSA_VERIFY_HASH, prov, app, &op.base, NULL);
}

static ListKeys__Result *list_keys(const char *app)
{
	ListKeys__Operation op = LIST_KEYS__OPERATION__INIT;
	ListKeys__Result *res;
	raw_response_t r;

	ck_assert_int_eq(call(PARSEC_OP_LIST_KEYS, CORE, app, &op.base, &r), 0);
	res = list_keys__result__unpack(NULL, r.body_len, r.body);
	raw_response_free(&r);
	ck_assert_ptr_nonnull(res);
	return res;
}

static int has_key(const ListKeys__Result *res, const char *name,
		   uint32_t provider)
{
	for (size_t i = 0; i < res->n_keys; i++)
		if (strcmp(res->keys[i]->name, name) == 0 &&
		    res->keys[i]->provider_id == provider)
			return 1;
	return 0;
}

static void sha256(const void *data, size_t len, uint8_t out[32])
{
	unsigned n = 32;

	ck_assert_int_eq(EVP_Digest(data, len, out, &n, EVP_sha256(), NULL), 1);
}

/* A per-test key name, so that tests against a shared real service do not
 * collide. */
static const char *key_name(const char *base)
{
	static char name[96];

	snprintf(name, sizeof(name), "%s-%ld", base, (long)getpid());
	return name;
}

/* ---- OpenSSL side -------------------------------------------------- */

static EVP_PKEY *ossl_rsa_public(const uint8_t *der, size_t len)
{
	const unsigned char *p = der;

	return d2i_PublicKey(EVP_PKEY_RSA, NULL, &p, (long)len);
}

static EVP_PKEY *ossl_ec_public(const char *group, const uint8_t *pt,
				size_t len)
{
	OSSL_PARAM params[] = {
		OSSL_PARAM_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME,
				       (char *)group, 0),
		OSSL_PARAM_octet_string(OSSL_PKEY_PARAM_PUB_KEY, (void *)pt,
					len),
		OSSL_PARAM_END,
	};
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	EVP_PKEY *pk = NULL;

	ck_assert_int_eq(EVP_PKEY_fromdata_init(ctx), 1);
	ck_assert_int_eq(
		EVP_PKEY_fromdata(ctx, &pk, EVP_PKEY_PUBLIC_KEY, params), 1);
	EVP_PKEY_CTX_free(ctx);
	return pk;
}

/* r||s to DER for OpenSSL. */
static unsigned char *rs_to_der(const uint8_t *sig, size_t len, int *dlen)
{
	ECDSA_SIG *s = ECDSA_SIG_new();
	unsigned char *der = NULL;

	ck_assert_int_eq(
		ECDSA_SIG_set0(s, BN_bin2bn(sig, (int)len / 2, NULL),
			       BN_bin2bn(sig + len / 2, (int)len / 2, NULL)),
		1);
	*dlen = i2d_ECDSA_SIG(s, &der);
	ECDSA_SIG_free(s);
	return der;
}

static int ossl_verify(EVP_PKEY *pk, const EVP_MD *md, int padding,
		       const uint8_t *hash, size_t hlen, const uint8_t *sig,
		       size_t slen)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(pk, NULL);
	int ok;

	ck_assert_int_eq(EVP_PKEY_verify_init(ctx), 1);
	if (padding) {
		ck_assert_int_eq(EVP_PKEY_CTX_set_rsa_padding(ctx, padding), 1);
		if (padding == RSA_PKCS1_PSS_PADDING)
			EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx,
							 RSA_PSS_SALTLEN_AUTO);
	}
	if (md)
		ck_assert_int_eq(EVP_PKEY_CTX_set_signature_md(ctx, md), 1);
	ok = EVP_PKEY_verify(ctx, sig, slen, hash, hlen) == 1;
	EVP_PKEY_CTX_free(ctx);
	return ok;
}

/* ==== header-level errors =========================================== */

START_TEST(test_wrong_magic_is_invalid_header_with_default_header)
{
	uint8_t raw[WIRE_HEADER_LEN];

	header_bytes(raw, PARSEC_OP_PING, CORE, 0);
	raw[0] ^= 0xff;
	expect_header_error(raw, sizeof(raw), PARSEC_INVALID_HEADER);
}
END_TEST

START_TEST(test_header_size_other_than_30_is_invalid_header)
{
	uint8_t raw[WIRE_HEADER_LEN + 1] = {0};

	/* The service reads as many bytes as the size says, then refuses. */
	header_bytes(raw, PARSEC_OP_PING, CORE, 0);
	raw[4] = 31;
	expect_header_error(raw, sizeof(raw), PARSEC_INVALID_HEADER);
}
END_TEST

START_TEST(test_version_other_than_1_0_is_not_supported)
{
	uint8_t raw[WIRE_HEADER_LEN];

	header_bytes(raw, PARSEC_OP_PING, CORE, 0);
	raw[6] = 2;
	expect_header_error(raw, sizeof(raw),
			    PARSEC_WIRE_PROTOCOL_VERSION_NOT_SUPPORTED);
}
END_TEST

START_TEST(test_nonzero_reserved_byte_is_invalid_header)
{
	uint8_t raw[WIRE_HEADER_LEN];

	header_bytes(raw, PARSEC_OP_PING, CORE, 0);
	raw[35] = 1;
	expect_header_error(raw, sizeof(raw), PARSEC_INVALID_HEADER);
}
END_TEST

START_TEST(test_body_over_1mib_is_refused_before_reading_it)
{
	uint8_t raw[WIRE_HEADER_LEN];

	header_bytes(raw, PARSEC_OP_PING, CORE, PARSEC_BODY_LIMIT + 1);
	expect_header_error(raw, sizeof(raw), PARSEC_BODY_SIZE_EXCEEDS_LIMIT);
}
END_TEST

START_TEST(test_stalled_request_is_connection_error)
{
	uint8_t raw[WIRE_HEADER_LEN];

	/* Announces a body that never comes: the 200 ms timeout answers. */
	header_bytes(raw, PARSEC_OP_PING, CORE, 10);
	expect_header_error(raw, sizeof(raw), PARSEC_CONNECTION_ERROR);
	/* A header cut short. */
	expect_header_error(raw, 20, PARSEC_CONNECTION_ERROR);
}
END_TEST

START_TEST(test_header_fields_are_converted_with_default_header_errors)
{
	static const struct {
		size_t offset;
		uint8_t value;
		int status;
	} cases[] = {
		{19, 1, PARSEC_CONTENT_TYPE_NOT_SUPPORTED},
		{20, 1, PARSEC_ACCEPT_TYPE_NOT_SUPPORTED},
		{21, 5, PARSEC_AUTHENTICATOR_DOES_NOT_EXIST},
		{28, 0x1d, PARSEC_OPCODE_DOES_NOT_EXIST},
		{28, 0x21, PARSEC_OPCODE_DOES_NOT_EXIST},
		{10, 6, PARSEC_PROVIDER_DOES_NOT_EXIST},
	};
	uint8_t raw[WIRE_HEADER_LEN];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		header_bytes(raw, PARSEC_OP_PING, CORE, 0);
		raw[cases[i].offset] = cases[i].value;
		expect_header_error(raw, sizeof(raw), cases[i].status);
	}
}
END_TEST

/* ==== authentication and dispatch =================================== */

START_TEST(test_other_auth_type_is_authenticator_not_registered)
{
	raw_request_t rq = {.opcode = PARSEC_OP_PING, .session = 42};
	uint8_t uid[4] = {0};
	raw_response_t r;

	rq.auth_type = PARSEC_AUTH_UNIX_PEER_CREDENTIALS;
	rq.auth = uid;
	rq.auth_len = sizeof(uid);
	ck_assert_int_eq(raw_client_call(svc.socket_path, &rq, NULL, &r),
			 PARSEC_AUTHENTICATOR_NOT_REGISTERED);
	/* From here on the request header is echoed. */
	ck_assert_uint_eq(r.hdr.session, 42);
	ck_assert_uint_eq(r.hdr.opcode, PARSEC_OP_PING);
	raw_response_free(&r);
	rq.auth_type = PARSEC_AUTH_JWT;
	ck_assert_int_eq(raw_client_call(svc.socket_path, &rq, NULL, &r),
			 PARSEC_AUTHENTICATOR_NOT_REGISTERED);
	raw_response_free(&r);
}
END_TEST

START_TEST(test_empty_or_non_utf8_direct_name_is_authentication_error)
{
	raw_request_t rq = {.opcode = PARSEC_OP_PING};
	const uint8_t bad[] = {'a', 0xc3, 0x28};
	raw_response_t r;

	rq.auth_type = PARSEC_AUTH_DIRECT;
	ck_assert_int_eq(raw_client_call(svc.socket_path, &rq, NULL, &r),
			 PARSEC_AUTHENTICATION_ERROR);
	raw_response_free(&r);
	rq.auth = bad;
	rq.auth_len = sizeof(bad);
	ck_assert_int_eq(raw_client_call(svc.socket_path, &rq, NULL, &r),
			 PARSEC_AUTHENTICATION_ERROR);
	raw_response_free(&r);
}
END_TEST

START_TEST(test_what_needs_authentication)
{
	PsaGenerateRandom__Operation rnd = PSA_GENERATE_RANDOM__OPERATION__INIT;
	PsaHashCompute__Operation hc = PSA_HASH_COMPUTE__OPERATION__INIT;
	PsaDestroyKey__Operation del = PSA_DESTROY_KEY__OPERATION__INIT;
	raw_attrs_t a;

	rnd.size = 8;
	hc.alg = PSA_ALGORITHM__ALGORITHM__HASH__SHA_256;
	del.key_name = "k";
	ck_assert_int_eq(call(PARSEC_OP_PING, CORE, NULL, NULL, NULL), 0);
	ck_assert_int_eq(call(PARSEC_OP_LIST_PROVIDERS, CORE, NULL, NULL, NULL),
			 0);
	ck_assert_int_eq(
		call(PARSEC_OP_LIST_AUTHENTICATORS, CORE, NULL, NULL, NULL), 0);
	ck_assert_int_eq(call(PARSEC_OP_PSA_GENERATE_RANDOM, MBED, NULL,
			      &rnd.base, NULL),
			 0);
	ck_assert_int_eq(
		call(PARSEC_OP_PSA_HASH_COMPUTE, MBED, NULL, &hc.base, NULL),
		0);
	ck_assert_int_eq(call(PARSEC_OP_LIST_KEYS, CORE, NULL, NULL, NULL),
			 PARSEC_NOT_AUTHENTICATED);
	ck_assert_int_eq(
		call(PARSEC_OP_PSA_DESTROY_KEY, MBED, NULL, &del.base, NULL),
		PARSEC_NOT_AUTHENTICATED);
	raw_attrs_init(&a, PARSEC_KEY_TYPE_ECC_KEY_PAIR, PARSEC_ECC_SECP_R1,
		       256, RAW_USE_SIGN_HASH, PARSEC_ALG_ECDSA,
		       PARSEC_HASH_SHA_256);
	ck_assert_int_eq(gen_key(NULL, MBED, "k", &a),
			 PARSEC_NOT_AUTHENTICATED);
}
END_TEST

START_TEST(test_provider_not_offered_is_not_registered)
{
	ck_assert_int_eq(
		call(PARSEC_OP_PING, PARSEC_PROVIDER_PKCS11, NULL, NULL, NULL),
		PARSEC_PROVIDER_NOT_REGISTERED);
	if (skip_external("provider 3 not registered",
			  "the service may offer a TPM provider"))
		return;
	ck_assert_int_eq(call(PARSEC_OP_PING, TPM, NULL, NULL, NULL),
			 PARSEC_PROVIDER_NOT_REGISTERED);
}
END_TEST

START_TEST(test_core_and_crypto_opcodes_on_the_wrong_provider)
{
	PsaGenerateRandom__Operation rnd = PSA_GENERATE_RANDOM__OPERATION__INIT;

	ck_assert_int_eq(call(PARSEC_OP_PING, MBED, NULL, NULL, NULL),
			 PARSEC_PSA_ERROR_NOT_SUPPORTED);
	ck_assert_int_eq(call(PARSEC_OP_LIST_KEYS, MBED, APP, NULL, NULL),
			 PARSEC_PSA_ERROR_NOT_SUPPORTED);
	ck_assert_int_eq(call(PARSEC_OP_PSA_GENERATE_RANDOM, CORE, NULL,
			      &rnd.base, NULL),
			 PARSEC_PSA_ERROR_NOT_SUPPORTED);
}
END_TEST

START_TEST(test_unimplemented_opcode_is_not_supported)
{
	/* PsaSignMessage has PsaSignHash's fields (key_name, alg, then the
	 * data): a valid body for an opcode Mbed Crypto does not list. */
	PsaSignHash__Operation op = PSA_SIGN_HASH__OPERATION__INIT;
	raw_alg_t alg;

	raw_alg_init(&alg, PARSEC_ALG_ECDSA, PARSEC_HASH_SHA_256, 0);
	op.key_name = "k";
	op.alg = &alg.sig;
	ck_assert_int_eq(
		call(PARSEC_OP_PSA_SIGN_MESSAGE, MBED, APP, &op.base, NULL),
		PARSEC_PSA_ERROR_NOT_SUPPORTED);
	/* Key operations ask for authentication first. */
	ck_assert_int_eq(
		call(PARSEC_OP_PSA_SIGN_MESSAGE, MBED, NULL, &op.base, NULL),
		PARSEC_NOT_AUTHENTICATED);
	/* Its algorithm is required. */
	ck_assert_int_eq(
		call(PARSEC_OP_PSA_SIGN_MESSAGE, MBED, APP, NULL, NULL),
		PARSEC_INVALID_ENCODING);
}
END_TEST

START_TEST(test_admin_opcodes_need_an_admin)
{
	ck_assert_int_eq(call(PARSEC_OP_LIST_CLIENTS, CORE, NULL, NULL, NULL),
			 PARSEC_NOT_AUTHENTICATED);
	ck_assert_int_eq(call(PARSEC_OP_LIST_CLIENTS, CORE, APP, NULL, NULL),
			 PARSEC_ADMIN_OPERATION);
}
END_TEST

START_TEST(test_bad_bodies)
{
	uint8_t raw[WIRE_HEADER_LEN + 3 + sizeof(APP) - 1];
	PsaGenerateKey__Operation op = PSA_GENERATE_KEY__OPERATION__INIT;
	raw_response_t r;
	wire_header_t h;

	/* Not protobuf: a length-delimited field longer than the body. */
	wire_header_init(&h);
	h.opcode = PARSEC_OP_PSA_GENERATE_KEY;
	h.provider = MBED;
	h.body_len = 3;
	h.auth_type = PARSEC_AUTH_DIRECT;
	h.auth_len = sizeof(APP) - 1;
	wire_header_encode(&h, raw);
	memcpy(raw + WIRE_HEADER_LEN, "\x0a\x7f\x01", 3);
	memcpy(raw + WIRE_HEADER_LEN + 3, APP, sizeof(APP) - 1);
	ck_assert_int_eq(
		raw_client_send(svc.socket_path, raw, sizeof(raw), 0, &r), 0);
	ck_assert_int_eq(r.hdr.status, PARSEC_DESERIALIZING_BODY_FAILED);
	raw_response_free(&r);
	/* Well-formed protobuf, but a string field (the key name) that is
	 * not UTF-8: the service's decoder refuses it. */
	h.opcode = PARSEC_OP_PSA_DESTROY_KEY;
	wire_header_encode(&h, raw);
	memcpy(raw + WIRE_HEADER_LEN, "\x0a\x01\xff", 3);
	ck_assert_int_eq(
		raw_client_send(svc.socket_path, raw, sizeof(raw), 0, &r), 0);
	ck_assert_int_eq(r.hdr.status, PARSEC_DESERIALIZING_BODY_FAILED);
	raw_response_free(&r);
	/* Decodes, but has no attributes: even before authentication. */
	op.key_name = "k";
	ck_assert_int_eq(
		call(PARSEC_OP_PSA_GENERATE_KEY, MBED, APP, &op.base, NULL),
		PARSEC_INVALID_ENCODING);
	ck_assert_int_eq(
		call(PARSEC_OP_PSA_GENERATE_KEY, MBED, NULL, &op.base, NULL),
		PARSEC_INVALID_ENCODING);
}
END_TEST

/* ==== core provider ================================================== */

START_TEST(test_ping_reports_wire_protocol_1_0)
{
	raw_response_t r;
	Ping__Result *res;

	ck_assert_int_eq(call(PARSEC_OP_PING, CORE, NULL, NULL, &r), 0);
	ck_assert_uint_eq(r.hdr.content_type, 0);
	res = ping__result__unpack(NULL, r.body_len, r.body);
	ck_assert_ptr_nonnull(res);
	ck_assert_uint_eq(res->wire_protocol_version_maj, 1);
	ck_assert_uint_eq(res->wire_protocol_version_min, 0);
	ping__result__free_unpacked(res, NULL);
	raw_response_free(&r);
}
END_TEST

static ListProviders__Result *list_providers(void)
{
	ListProviders__Result *res;
	raw_response_t r;

	ck_assert_int_eq(call(PARSEC_OP_LIST_PROVIDERS, CORE, NULL, NULL, &r),
			 0);
	res = list_providers__result__unpack(NULL, r.body_len, r.body);
	raw_response_free(&r);
	ck_assert_ptr_nonnull(res);
	return res;
}

START_TEST(test_list_providers_reports_mbed_crypto_first_and_core_last)
{
	ListProviders__Result *res = list_providers();
	ListProviders__ProviderInfo *first, *last;

	ck_assert_uint_ge(res->n_providers, 2);
	first = res->providers[0];
	last = res->providers[res->n_providers - 1];
	ck_assert_uint_eq(first->id, 1);
	ck_assert_str_eq(first->uuid, "1c1139dc-ad7c-47dc-ad6b-db6fdb466552");
	ck_assert_str_eq(first->vendor, "Arm");
	ck_assert_ptr_nonnull(strstr(first->description,
				     "User space software provider, based on "
				     "Mbed Crypto"));
	ck_assert_uint_eq(first->version_maj, 0);
	ck_assert_uint_eq(first->version_min, 1);
	ck_assert_uint_eq(last->id, 0);
	ck_assert_str_eq(last->uuid, "47049873-2a43-4845-9d72-831eab668784");
	ck_assert_str_eq(last->vendor, "");
	ck_assert_str_eq(last->description,
			 "Software provider that implements only "
			 "administrative (i.e. no cryptographic) operations");
	if (!test_service_is_external(&svc)) {
		ck_assert_uint_eq(res->n_providers, 2);
		ck_assert_uint_eq(last->version_maj, 1);
		ck_assert_uint_eq(last->version_min, 1);
		ck_assert_uint_eq(last->version_rev, 0);
	}
	list_providers__result__free_unpacked(res, NULL);
}
END_TEST

static void expect_opcodes(uint32_t provider, const uint32_t *want, size_t n)
{
	ListOpcodes__Operation op = LIST_OPCODES__OPERATION__INIT;
	ListOpcodes__Result *res;
	raw_response_t r;

	op.provider_id = provider;
	ck_assert_int_eq(call(PARSEC_OP_LIST_OPCODES, CORE, NULL, &op.base, &r),
			 0);
	res = list_opcodes__result__unpack(NULL, r.body_len, r.body);
	raw_response_free(&r);
	ck_assert_ptr_nonnull(res);
	ck_assert_uint_eq(res->n_opcodes, n);
	for (size_t i = 0; i < n; i++) {
		int found = 0;

		for (size_t j = 0; j < res->n_opcodes; j++)
			found |= res->opcodes[j] == want[i];
		ck_assert_msg(found, "opcode 0x%x missing for provider %u",
			      want[i], provider);
	}
	list_opcodes__result__free_unpacked(res, NULL);
}

START_TEST(test_list_opcodes_per_provider)
{
	static const uint32_t core[] = {0x01, 0x08, 0x09, 0x0e, 0x1a};
	static const uint32_t mbed[] = {0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
					0x0a, 0x0b, 0x0c, 0x0d, 0x0f, 0x10,
					0x11, 0x12, 0x13, 0x20};
	ListOpcodes__Operation op = LIST_OPCODES__OPERATION__INIT;

	expect_opcodes(0, core, sizeof(core) / sizeof(core[0]));
	expect_opcodes(1, mbed, sizeof(mbed) / sizeof(mbed[0]));
	/* Not a provider id at all (the converter's ProviderId), even one
	 * past a byte; a known id that the service does not run is the core
	 * provider's own refusal. */
	op.provider_id = 9;
	ck_assert_int_eq(
		call(PARSEC_OP_LIST_OPCODES, CORE, NULL, &op.base, NULL),
		PARSEC_PROVIDER_DOES_NOT_EXIST);
	op.provider_id = 0x101;
	ck_assert_int_eq(
		call(PARSEC_OP_LIST_OPCODES, CORE, NULL, &op.base, NULL),
		PARSEC_PROVIDER_DOES_NOT_EXIST);
	op.provider_id = PARSEC_PROVIDER_TRUSTED_SERVICE;
	ck_assert_int_eq(
		call(PARSEC_OP_LIST_OPCODES, CORE, NULL, &op.base, NULL),
		PARSEC_PROVIDER_NOT_REGISTERED);
}
END_TEST

START_TEST(test_list_authenticators_reports_direct)
{
	ListAuthenticators__Result *res;
	raw_response_t r;

	ck_assert_int_eq(
		call(PARSEC_OP_LIST_AUTHENTICATORS, CORE, NULL, NULL, &r), 0);
	res = list_authenticators__result__unpack(NULL, r.body_len, r.body);
	raw_response_free(&r);
	ck_assert_ptr_nonnull(res);
	ck_assert_uint_eq(res->n_authenticators, 1);
	ck_assert_uint_eq(res->authenticators[0]->id, PARSEC_AUTH_DIRECT);
	ck_assert_uint_eq(res->authenticators[0]->version_min, 1);
	ck_assert_ptr_nonnull(
		strstr(res->authenticators[0]->description, "Direct"));
	list_authenticators__result__free_unpacked(res, NULL);
}
END_TEST

/* ==== keys ============================================================ */

static void ecdsa_attrs(raw_attrs_t *a, parsec_hash_t hash)
{
	raw_attrs_init(a, PARSEC_KEY_TYPE_ECC_KEY_PAIR, PARSEC_ECC_SECP_R1, 256,
		       RAW_USE_SIGN_HASH | RAW_USE_VERIFY_HASH,
		       PARSEC_ALG_ECDSA, hash);
}

/* ListKeys as the direct application of those name bytes. */
static ListKeys__Result *list_keys_as(const void *app, size_t len)
{
	raw_request_t rq = {.opcode = PARSEC_OP_LIST_KEYS,
			    .auth_type = PARSEC_AUTH_DIRECT,
			    .auth = app,
			    .auth_len = len};
	ListKeys__Result *res;
	raw_response_t r;

	ck_assert_int_eq(raw_client_call(svc.socket_path, &rq, NULL, &r), 0);
	res = list_keys__result__unpack(NULL, r.body_len, r.body);
	raw_response_free(&r);
	ck_assert_ptr_nonnull(res);
	return res;
}

START_TEST(test_direct_name_with_nul_is_its_own_application)
{
	/* U+0000 is valid UTF-8: a name of its own, not cut at the NUL */
	static const char app_nul[] = APP "\0x";
	raw_request_t rq = {.opcode = PARSEC_OP_PSA_GENERATE_KEY,
			    .provider = MBED,
			    .auth_type = PARSEC_AUTH_DIRECT,
			    .auth = app_nul,
			    .auth_len = sizeof(app_nul) - 1};
	PsaGenerateKey__Operation op = PSA_GENERATE_KEY__OPERATION__INIT;
	PsaDestroyKey__Operation del = PSA_DESTROY_KEY__OPERATION__INIT;
	const char *name = key_name("nul-owner");
	ListKeys__Result *res;
	raw_response_t r;
	raw_attrs_t a;

	ecdsa_attrs(&a, PARSEC_HASH_SHA_256);
	op.key_name = (char *)name;
	op.attributes = &a.attrs;
	ck_assert_int_eq(raw_client_call(svc.socket_path, &rq, &op.base, &r),
			 0);
	raw_response_free(&r);
	res = list_keys_as(app_nul, sizeof(app_nul) - 1);
	ck_assert(has_key(res, name, MBED));
	list_keys__result__free_unpacked(res, NULL);
	res = list_keys(APP);
	ck_assert(!has_key(res, name, MBED));
	list_keys__result__free_unpacked(res, NULL);
	rq.opcode = PARSEC_OP_PSA_DESTROY_KEY;
	del.key_name = (char *)name;
	ck_assert_int_eq(raw_client_call(svc.socket_path, &rq, &del.base, &r),
			 0);
	raw_response_free(&r);
}
END_TEST

START_TEST(test_keys_belong_to_one_application)
{
	const char *name = key_name("owned");
	uint8_t hash[32] = {1};
	uint8_t *sig;
	size_t slen;
	ListKeys__Result *res;
	raw_attrs_t a;
	raw_alg_t alg;

	ecdsa_attrs(&a, PARSEC_HASH_SHA_256);
	ck_assert_int_eq(gen_key(APP, MBED, name, &a), 0);
	res = list_keys(APP);
	ck_assert(has_key(res, name, MBED));
	list_keys__result__free_unpacked(res, NULL);
	res = list_keys(OTHER_APP);
	ck_assert(!has_key(res, name, MBED));
	list_keys__result__free_unpacked(res, NULL);
	raw_alg_init(&alg, PARSEC_ALG_ECDSA, PARSEC_HASH_SHA_256, 0);
	ck_assert_int_eq(
		sign_hash(OTHER_APP, MBED, name, &alg, hash, 32, &sig, &slen),
		PARSEC_PSA_ERROR_DOES_NOT_EXIST);
	ck_assert_int_eq(destroy_key(OTHER_APP, MBED, name),
			 PARSEC_PSA_ERROR_DOES_NOT_EXIST);
	ck_assert_int_eq(destroy_key(APP, MBED, name), 0);
}
END_TEST

START_TEST(test_existing_and_missing_names)
{
	const char *name = key_name("dup");
	raw_attrs_t a;

	ecdsa_attrs(&a, PARSEC_HASH_SHA_256);
	ck_assert_int_eq(gen_key(APP, MBED, name, &a), 0);
	ck_assert_int_eq(gen_key(APP, MBED, name, &a),
			 PARSEC_PSA_ERROR_ALREADY_EXISTS);
	ck_assert_int_eq(destroy_key(APP, MBED, name), 0);
	ck_assert_int_eq(destroy_key(APP, MBED, name),
			 PARSEC_PSA_ERROR_DOES_NOT_EXIST);
	/* An empty name is a name like any other. */
	if (skip_external("empty key name", "would leave a key behind"))
		return;
	ck_assert_int_eq(gen_key(APP, MBED, "", &a), 0);
	ck_assert_int_eq(destroy_key(APP, MBED, ""), 0);
}
END_TEST

START_TEST(test_use_outside_the_policy_is_not_permitted)
{
	const char *name = key_name("policy");
	uint8_t hash[48] = {2}, zero_sig[64] = {0};
	uint8_t *sig;
	size_t slen;
	raw_attrs_t a;
	raw_alg_t alg;

	raw_attrs_init(&a, PARSEC_KEY_TYPE_ECC_KEY_PAIR, PARSEC_ECC_SECP_R1,
		       256, RAW_USE_VERIFY_HASH, PARSEC_ALG_ECDSA,
		       PARSEC_HASH_SHA_256);
	ck_assert_int_eq(gen_key(APP, MBED, name, &a), 0);
	/* No sign flag. */
	raw_alg_init(&alg, PARSEC_ALG_ECDSA, PARSEC_HASH_SHA_256, 0);
	ck_assert_int_eq(
		sign_hash(APP, MBED, name, &alg, hash, 32, &sig, &slen),
		PARSEC_PSA_ERROR_NOT_PERMITTED);
	/* Another hash than the policy's. */
	raw_alg_init(&alg, PARSEC_ALG_ECDSA, PARSEC_HASH_SHA_384, 0);
	ck_assert_int_eq(
		verify_hash(APP, MBED, name, &alg, hash, 48, zero_sig, 64),
		PARSEC_PSA_ERROR_NOT_PERMITTED);
	/* Another algorithm. */
	raw_alg_init(&alg, PARSEC_ALG_ECDSA_ANY, PARSEC_HASH_NONE, 0);
	ck_assert_int_eq(
		verify_hash(APP, MBED, name, &alg, hash, 32, zero_sig, 64),
		PARSEC_PSA_ERROR_NOT_PERMITTED);
	ck_assert_int_eq(destroy_key(APP, MBED, name), 0);
}
END_TEST

START_TEST(test_mbed_crypto_sizes_as_measured)
{
	const char *name = key_name("size");
	raw_attrs_t a;

	raw_attrs_init(&a, PARSEC_KEY_TYPE_RSA_KEY_PAIR, 0, 3072,
		       RAW_USE_SIGN_HASH, PARSEC_ALG_RSA_PKCS1V15_SIGN,
		       PARSEC_HASH_SHA_256);
	ck_assert_int_eq(gen_key(APP, MBED, name, &a),
			 PARSEC_PSA_ERROR_INVALID_ARGUMENT);
	ecdsa_attrs(&a, PARSEC_HASH_SHA_384);
	a.attrs.key_bits = 384;
	ck_assert_int_eq(gen_key(APP, MBED, name, &a),
			 PARSEC_PSA_ERROR_INVALID_ARGUMENT);
}
END_TEST

START_TEST(test_sha1_policy_is_deprecated_but_wildcard_signs_sha1)
{
	const char *name = key_name("sha1");
	uint8_t hash[20] = {3}, *sig;
	size_t slen;
	raw_attrs_t a;
	raw_alg_t alg;

	raw_attrs_init(&a, PARSEC_KEY_TYPE_RSA_KEY_PAIR, 0, 1024,
		       RAW_USE_SIGN_HASH, PARSEC_ALG_RSA_PKCS1V15_SIGN,
		       PARSEC_HASH_SHA_1);
	ck_assert_int_eq(gen_key(APP, MBED, name, &a),
			 PARSEC_DEPRECATED_PRIMITIVE);
	ecdsa_attrs(&a, PARSEC_HASH_ANY);
	ck_assert_int_eq(gen_key(APP, MBED, name, &a), 0);
	raw_alg_init(&alg, PARSEC_ALG_ECDSA, PARSEC_HASH_SHA_1, 0);
	ck_assert_int_eq(
		sign_hash(APP, MBED, name, &alg, hash, 20, &sig, &slen), 0);
	ck_assert_uint_eq(slen, 64);
	free(sig);
	/* The digest must have the hash's length. */
	ck_assert_int_eq(
		sign_hash(APP, MBED, name, &alg, hash, 19, &sig, &slen),
		PARSEC_PSA_ERROR_INVALID_ARGUMENT);
	ck_assert_int_eq(destroy_key(APP, MBED, name), 0);
}
END_TEST

START_TEST(test_import_checks_the_data)
{
	const char *name = key_name("import");
	uint8_t scalar[32], junk[10] = {0};
	uint8_t *pub, *priv;
	size_t plen, dlen;
	PsaExportKey__Operation ex = PSA_EXPORT_KEY__OPERATION__INIT;
	raw_response_t r;
	raw_attrs_t a;

	memset(scalar, 0x11, sizeof(scalar));
	raw_attrs_init(&a, PARSEC_KEY_TYPE_ECC_KEY_PAIR, PARSEC_ECC_SECP_R1, 0,
		       RAW_USE_SIGN_HASH | RAW_USE_EXPORT, PARSEC_ALG_ECDSA,
		       PARSEC_HASH_SHA_256);
	a.attrs.key_bits = 256;
	ck_assert_int_eq(import_key(APP, MBED, name, &a, junk, sizeof(junk)),
			 PARSEC_PSA_ERROR_INVALID_ARGUMENT);
	a.attrs.key_bits = 521;
	ck_assert_int_eq(import_key(APP, MBED, name, &a, scalar, 32),
			 PARSEC_PSA_ERROR_INVALID_ARGUMENT);
	a.attrs.key_bits = 0;
	ck_assert_int_eq(import_key(APP, MBED, name, &a, scalar, 32), 0);
	ck_assert_int_eq(export_public(APP, MBED, name, &pub, &plen), 0);
	ck_assert_uint_eq(plen, 65);
	ck_assert_uint_eq(pub[0], 0x04);
	free(pub);
	ex.key_name = (char *)name;
	ck_assert_int_eq(
		call(PARSEC_OP_PSA_EXPORT_KEY, MBED, APP, &ex.base, &r), 0);
	ck_assert_int_eq(bytes_result(0, &psa_export_key__result__descriptor,
				      &r, &priv, &dlen),
			 0);
	ck_assert_uint_eq(dlen, 32);
	ck_assert_mem_eq(priv, scalar, 32);
	free(priv);
	ck_assert_int_eq(destroy_key(APP, MBED, name), 0);
	/* Without the export flag. */
	ecdsa_attrs(&a, PARSEC_HASH_SHA_256);
	ck_assert_int_eq(gen_key(APP, MBED, name, &a), 0);
	ck_assert_int_eq(
		call(PARSEC_OP_PSA_EXPORT_KEY, MBED, APP, &ex.base, NULL),
		PARSEC_PSA_ERROR_NOT_PERMITTED);
	ck_assert_int_eq(destroy_key(APP, MBED, name), 0);
}
END_TEST

/* ==== crypto round trips ================================================ */

START_TEST(test_rsa_signatures_verify_with_openssl)
{
	const char *name = key_name("rsa");
	uint8_t msg[] = "parsec", hash[32], *pub, *sig;
	size_t plen, slen;
	EVP_PKEY *pk;
	raw_attrs_t a;
	raw_alg_t alg;

	sha256(msg, sizeof(msg), hash);
	raw_attrs_init(&a, PARSEC_KEY_TYPE_RSA_KEY_PAIR, 0, 2048,
		       RAW_USE_SIGN_HASH | RAW_USE_VERIFY_HASH,
		       PARSEC_ALG_RSA_PKCS1V15_SIGN, PARSEC_HASH_ANY);
	ck_assert_int_eq(gen_key(APP, MBED, name, &a), 0);
	ck_assert_int_eq(export_public(APP, MBED, name, &pub, &plen), 0);
	pk = ossl_rsa_public(pub, plen);
	ck_assert_ptr_nonnull(pk);
	ck_assert_int_eq(EVP_PKEY_get_bits(pk), 2048);
	raw_alg_init(&alg, PARSEC_ALG_RSA_PKCS1V15_SIGN, PARSEC_HASH_SHA_256,
		     0);
	ck_assert_int_eq(
		sign_hash(APP, MBED, name, &alg, hash, 32, &sig, &slen), 0);
	ck_assert_uint_eq(slen, 256);
	ck_assert(ossl_verify(pk, EVP_sha256(), RSA_PKCS1_PADDING, hash, 32,
			      sig, slen));
	ck_assert_int_eq(
		verify_hash(APP, MBED, name, &alg, hash, 32, sig, slen), 0);
	sig[10] ^= 1;
	ck_assert_int_eq(
		verify_hash(APP, MBED, name, &alg, hash, 32, sig, slen),
		PARSEC_PSA_ERROR_INVALID_SIGNATURE);
	free(sig);
	EVP_PKEY_free(pk);
	free(pub);
	ck_assert_int_eq(destroy_key(APP, MBED, name), 0);
}
END_TEST

START_TEST(test_rsa_pss_signature_verifies_with_openssl)
{
	const char *name = key_name("pss");
	uint8_t hash[32] = {4}, *pub, *sig;
	size_t plen, slen;
	EVP_PKEY *pk;
	raw_attrs_t a;
	raw_alg_t alg;

	raw_attrs_init(&a, PARSEC_KEY_TYPE_RSA_KEY_PAIR, 0, 1024,
		       RAW_USE_SIGN_HASH | RAW_USE_VERIFY_HASH,
		       PARSEC_ALG_RSA_PSS, PARSEC_HASH_SHA_256);
	ck_assert_int_eq(gen_key(APP, MBED, name, &a), 0);
	ck_assert_int_eq(export_public(APP, MBED, name, &pub, &plen), 0);
	pk = ossl_rsa_public(pub, plen);
	raw_alg_init(&alg, PARSEC_ALG_RSA_PSS, PARSEC_HASH_SHA_256, 0);
	ck_assert_int_eq(
		sign_hash(APP, MBED, name, &alg, hash, 32, &sig, &slen), 0);
	ck_assert(ossl_verify(pk, EVP_sha256(), RSA_PKCS1_PSS_PADDING, hash, 32,
			      sig, slen));
	ck_assert_int_eq(
		verify_hash(APP, MBED, name, &alg, hash, 32, sig, slen), 0);
	free(sig);
	EVP_PKEY_free(pk);
	free(pub);
	ck_assert_int_eq(destroy_key(APP, MBED, name), 0);
}
END_TEST

START_TEST(test_ecdsa_signatures_verify_with_openssl)
{
	const char *name = key_name("ec");
	uint8_t msg[] = "parsec", hash[32], *pub, *sig;
	unsigned char *der;
	size_t plen, slen;
	int dlen;
	EVP_PKEY *pk;
	raw_attrs_t a;
	raw_alg_t alg;

	sha256(msg, sizeof(msg), hash);
	ecdsa_attrs(&a, PARSEC_HASH_SHA_256);
	ck_assert_int_eq(gen_key(APP, MBED, name, &a), 0);
	ck_assert_int_eq(export_public(APP, MBED, name, &pub, &plen), 0);
	ck_assert_uint_eq(plen, 65);
	pk = ossl_ec_public("P-256", pub, plen);
	raw_alg_init(&alg, PARSEC_ALG_ECDSA, PARSEC_HASH_SHA_256, 0);
	ck_assert_int_eq(
		sign_hash(APP, MBED, name, &alg, hash, 32, &sig, &slen), 0);
	ck_assert_uint_eq(slen, 64);
	der = rs_to_der(sig, slen, &dlen);
	ck_assert(ossl_verify(pk, NULL, 0, hash, 32, der, (size_t)dlen));
	ck_assert_int_eq(
		verify_hash(APP, MBED, name, &alg, hash, 32, sig, slen), 0);
	hash[0] ^= 1;
	ck_assert_int_eq(
		verify_hash(APP, MBED, name, &alg, hash, 32, sig, slen),
		PARSEC_PSA_ERROR_INVALID_SIGNATURE);
	OPENSSL_free(der);
	free(sig);
	EVP_PKEY_free(pk);
	free(pub);
	ck_assert_int_eq(destroy_key(APP, MBED, name), 0);
}
END_TEST

static int asym(uint32_t opcode, const char *name, raw_alg_t *alg,
		const uint8_t *in, size_t len, const char *label, uint8_t **out,
		size_t *olen)
{
	PsaAsymmetricEncrypt__Operation enc =
		PSA_ASYMMETRIC_ENCRYPT__OPERATION__INIT;
	PsaAsymmetricDecrypt__Operation dec =
		PSA_ASYMMETRIC_DECRYPT__OPERATION__INIT;
	ProtobufCBinaryData salt = {label ? strlen(label) : 0,
				    (uint8_t *)label};
	raw_response_t r;
	int st;

	if (opcode == PARSEC_OP_PSA_ASYMMETRIC_ENCRYPT) {
		enc.key_name = (char *)name;
		enc.alg = &alg->enc;
		enc.plaintext.data = (uint8_t *)in;
		enc.plaintext.len = len;
		enc.salt = salt;
		st = call(opcode, MBED, APP, &enc.base, &r);
		return bytes_result(st,
				    &psa_asymmetric_encrypt__result__descriptor,
				    &r, out, olen);
	}
	dec.key_name = (char *)name;
	dec.alg = &alg->enc;
	dec.ciphertext.data = (uint8_t *)in;
	dec.ciphertext.len = len;
	dec.salt = salt;
	st = call(opcode, MBED, APP, &dec.base, &r);
	return bytes_result(st, &psa_asymmetric_decrypt__result__descriptor, &r,
			    out, olen);
}

START_TEST(test_rsa_encryption_round_trips)
{
	const char *name = key_name("crypt");
	const uint8_t msg[] = "a secret";
	uint8_t *ct, *pt, *pub, oct[256];
	size_t clen, plen, publen, olen = sizeof(oct);
	EVP_PKEY *pk;
	EVP_PKEY_CTX *ctx;
	raw_attrs_t a;
	raw_alg_t alg;

	raw_attrs_init(&a, PARSEC_KEY_TYPE_RSA_KEY_PAIR, 0, 2048,
		       RAW_USE_ENCRYPT | RAW_USE_DECRYPT, PARSEC_ALG_RSA_OAEP,
		       PARSEC_HASH_SHA_256);
	ck_assert_int_eq(gen_key(APP, MBED, name, &a), 0);
	raw_alg_init(&alg, PARSEC_ALG_RSA_OAEP, PARSEC_HASH_SHA_256, 0);
	ck_assert_int_eq(asym(PARSEC_OP_PSA_ASYMMETRIC_ENCRYPT, name, &alg, msg,
			      sizeof(msg), "label", &ct, &clen),
			 0);
	ck_assert_uint_eq(clen, 256);
	ck_assert_int_eq(asym(PARSEC_OP_PSA_ASYMMETRIC_DECRYPT, name, &alg, ct,
			      clen, "label", &pt, &plen),
			 0);
	ck_assert_uint_eq(plen, sizeof(msg));
	ck_assert_mem_eq(pt, msg, plen);
	free(pt);
	/* Another label, or a damaged ciphertext: bad padding. */
	ck_assert_int_eq(asym(PARSEC_OP_PSA_ASYMMETRIC_DECRYPT, name, &alg, ct,
			      clen, "other", &pt, &plen),
			 PARSEC_PSA_ERROR_INVALID_PADDING);
	free(ct);
	/* OpenSSL encrypts to the exported key; the service decrypts. */
	ck_assert_int_eq(export_public(APP, MBED, name, &pub, &publen), 0);
	pk = ossl_rsa_public(pub, publen);
	ctx = EVP_PKEY_CTX_new(pk, NULL);
	ck_assert_int_eq(EVP_PKEY_encrypt_init(ctx), 1);
	EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING);
	EVP_PKEY_CTX_set_rsa_oaep_md(ctx, EVP_sha256());
	EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, EVP_sha256());
	ck_assert_int_eq(EVP_PKEY_encrypt(ctx, oct, &olen, msg, sizeof(msg)),
			 1);
	ck_assert_int_eq(asym(PARSEC_OP_PSA_ASYMMETRIC_DECRYPT, name, &alg, oct,
			      olen, NULL, &pt, &plen),
			 0);
	ck_assert_mem_eq(pt, msg, sizeof(msg));
	free(pt);
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(pk);
	free(pub);
	/* PKCS#1 v1.5 is another policy, so not permitted on this key. */
	raw_alg_init(&alg, PARSEC_ALG_RSA_PKCS1V15_CRYPT, PARSEC_HASH_NONE, 0);
	ck_assert_int_eq(asym(PARSEC_OP_PSA_ASYMMETRIC_ENCRYPT, name, &alg, msg,
			      sizeof(msg), NULL, &ct, &clen),
			 PARSEC_PSA_ERROR_NOT_PERMITTED);
	ck_assert_int_eq(destroy_key(APP, MBED, name), 0);
	raw_attrs_init(&a, PARSEC_KEY_TYPE_RSA_KEY_PAIR, 0, 1024,
		       RAW_USE_ENCRYPT | RAW_USE_DECRYPT,
		       PARSEC_ALG_RSA_PKCS1V15_CRYPT, PARSEC_HASH_NONE);
	ck_assert_int_eq(gen_key(APP, MBED, name, &a), 0);
	ck_assert_int_eq(asym(PARSEC_OP_PSA_ASYMMETRIC_ENCRYPT, name, &alg, msg,
			      sizeof(msg), NULL, &ct, &clen),
			 0);
	ck_assert_int_eq(asym(PARSEC_OP_PSA_ASYMMETRIC_DECRYPT, name, &alg, ct,
			      clen, NULL, &pt, &plen),
			 0);
	ck_assert_mem_eq(pt, msg, sizeof(msg));
	free(pt);
	free(ct);
	ck_assert_int_eq(destroy_key(APP, MBED, name), 0);
}
END_TEST

START_TEST(test_ecdh_matches_openssl)
{
	const char *name = key_name("ecdh");
	PsaRawKeyAgreement__Operation op =
		PSA_RAW_KEY_AGREEMENT__OPERATION__INIT;
	EVP_PKEY *mine = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	EVP_PKEY *theirs;
	EVP_PKEY_CTX *ctx;
	uint8_t point[65], *pub, *secret, expect[32];
	size_t plen, publen, slen, elen = sizeof(expect);
	raw_response_t r;
	raw_attrs_t a;

	raw_attrs_init(&a, PARSEC_KEY_TYPE_ECC_KEY_PAIR, PARSEC_ECC_SECP_R1,
		       256, RAW_USE_DERIVE, PARSEC_ALG_ECDH, PARSEC_HASH_NONE);
	ck_assert_int_eq(gen_key(APP, MBED, name, &a), 0);
	ck_assert_int_eq(EVP_PKEY_get_octet_string_param(
				 mine, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY,
				 point, sizeof(point), &plen),
			 1);
	op.alg = PSA_ALGORITHM__ALGORITHM__KEY_AGREEMENT__RAW__ECDH;
	op.private_key_name = (char *)name;
	op.peer_key.data = point;
	op.peer_key.len = plen;
	ck_assert_int_eq(
		bytes_result(call(PARSEC_OP_PSA_RAW_KEY_AGREEMENT, MBED, APP,
				  &op.base, &r),
			     &psa_raw_key_agreement__result__descriptor, &r,
			     &secret, &slen),
		0);
	ck_assert_int_eq(export_public(APP, MBED, name, &pub, &publen), 0);
	theirs = ossl_ec_public("P-256", pub, publen);
	ctx = EVP_PKEY_CTX_new(mine, NULL);
	ck_assert_int_eq(EVP_PKEY_derive_init(ctx), 1);
	ck_assert_int_eq(EVP_PKEY_derive_set_peer(ctx, theirs), 1);
	ck_assert_int_eq(EVP_PKEY_derive(ctx, expect, &elen), 1);
	ck_assert_uint_eq(slen, elen);
	ck_assert_mem_eq(secret, expect, elen);
	/* A point off the curve. */
	point[40] ^= 1;
	ck_assert_int_eq(call(PARSEC_OP_PSA_RAW_KEY_AGREEMENT, MBED, APP,
			      &op.base, NULL),
			 PARSEC_PSA_ERROR_INVALID_ARGUMENT);
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(theirs);
	EVP_PKEY_free(mine);
	free(secret);
	free(pub);
	ck_assert_int_eq(destroy_key(APP, MBED, name), 0);
}
END_TEST

static int aead(uint32_t opcode, const char *name, raw_alg_t *alg,
		const uint8_t *nonce, size_t nlen, const uint8_t *in,
		size_t len, uint8_t **out, size_t *olen)
{
	PsaAeadEncrypt__Operation enc = PSA_AEAD_ENCRYPT__OPERATION__INIT;
	PsaAeadDecrypt__Operation dec = PSA_AEAD_DECRYPT__OPERATION__INIT;
	ProtobufCBinaryData ad = {2, (uint8_t *)"ad"};
	raw_response_t r;
	int st;

	if (opcode == PARSEC_OP_PSA_AEAD_ENCRYPT) {
		enc.key_name = (char *)name;
		enc.alg = &alg->aead;
		enc.nonce.data = (uint8_t *)nonce;
		enc.nonce.len = nlen;
		enc.additional_data = ad;
		enc.plaintext.data = (uint8_t *)in;
		enc.plaintext.len = len;
		st = call(opcode, MBED, APP, &enc.base, &r);
		return bytes_result(st, &psa_aead_encrypt__result__descriptor,
				    &r, out, olen);
	}
	dec.key_name = (char *)name;
	dec.alg = &alg->aead;
	dec.nonce.data = (uint8_t *)nonce;
	dec.nonce.len = nlen;
	dec.additional_data = ad;
	dec.ciphertext.data = (uint8_t *)in;
	dec.ciphertext.len = len;
	st = call(opcode, MBED, APP, &dec.base, &r);
	return bytes_result(st, &psa_aead_decrypt__result__descriptor, &r, out,
			    olen);
}

START_TEST(test_gcm_matches_openssl)
{
	const char *name = key_name("gcm");
	const uint8_t msg[] = "sealed message";
	uint8_t key[16], nonce[12], *ct, *pt, back[64], tag[16];
	size_t clen, plen;
	int outl, fin;
	EVP_CIPHER_CTX *c;
	raw_attrs_t a;

	RAND_bytes(key, sizeof(key));
	RAND_bytes(nonce, sizeof(nonce));
	raw_attrs_init(&a, PARSEC_KEY_TYPE_AES, 0, 0,
		       RAW_USE_ENCRYPT | RAW_USE_DECRYPT, PARSEC_ALG_AEAD_GCM,
		       PARSEC_HASH_NONE);
	ck_assert_int_eq(import_key(APP, MBED, name, &a, key, sizeof(key)), 0);
	ck_assert_int_eq(aead(PARSEC_OP_PSA_AEAD_ENCRYPT, name, &a.alg, nonce,
			      12, msg, sizeof(msg), &ct, &clen),
			 0);
	ck_assert_uint_eq(clen, sizeof(msg) + 16);
	c = EVP_CIPHER_CTX_new();
	ck_assert_int_eq(
		EVP_DecryptInit_ex(c, EVP_aes_128_gcm(), NULL, key, nonce), 1);
	ck_assert_int_eq(
		EVP_DecryptUpdate(c, NULL, &outl, (const uint8_t *)"ad", 2), 1);
	ck_assert_int_eq(
		EVP_DecryptUpdate(c, back, &outl, ct, (int)sizeof(msg)), 1);
	memcpy(tag, ct + sizeof(msg), 16);
	EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, 16, tag);
	ck_assert_int_eq(EVP_DecryptFinal_ex(c, back + outl, &fin), 1);
	ck_assert_mem_eq(back, msg, sizeof(msg));
	EVP_CIPHER_CTX_free(c);
	ck_assert_int_eq(aead(PARSEC_OP_PSA_AEAD_DECRYPT, name, &a.alg, nonce,
			      12, ct, clen, &pt, &plen),
			 0);
	ck_assert_mem_eq(pt, msg, sizeof(msg));
	free(pt);
	ct[0] ^= 1;
	ck_assert_int_eq(aead(PARSEC_OP_PSA_AEAD_DECRYPT, name, &a.alg, nonce,
			      12, ct, clen, &pt, &plen),
			 PARSEC_PSA_ERROR_INVALID_SIGNATURE);
	free(ct);
	ck_assert_int_eq(destroy_key(APP, MBED, name), 0);
}
END_TEST

START_TEST(test_ccm_with_short_tag_round_trips)
{
	const char *name = key_name("ccm");
	const uint8_t msg[] = "ccm message", nonce[13] = {9};
	uint8_t *ct, *pt;
	size_t clen, plen;
	raw_attrs_t a;

	raw_attrs_init(&a, PARSEC_KEY_TYPE_AES, 0, 256,
		       RAW_USE_ENCRYPT | RAW_USE_DECRYPT, PARSEC_ALG_AEAD_CCM,
		       PARSEC_HASH_NONE);
	raw_alg_init(&a.alg, PARSEC_ALG_AEAD_CCM, PARSEC_HASH_NONE, 8);
	a.policy.key_algorithm = &a.alg.alg;
	ck_assert_int_eq(gen_key(APP, MBED, name, &a), 0);
	ck_assert_int_eq(aead(PARSEC_OP_PSA_AEAD_ENCRYPT, name, &a.alg, nonce,
			      13, msg, sizeof(msg), &ct, &clen),
			 0);
	ck_assert_uint_eq(clen, sizeof(msg) + 8);
	ck_assert_int_eq(aead(PARSEC_OP_PSA_AEAD_DECRYPT, name, &a.alg, nonce,
			      13, ct, clen, &pt, &plen),
			 0);
	ck_assert_mem_eq(pt, msg, sizeof(msg));
	free(pt);
	free(ct);
	ck_assert_int_eq(destroy_key(APP, MBED, name), 0);
}
END_TEST

static int random_call(uint64_t size, size_t *got)
{
	PsaGenerateRandom__Operation op = PSA_GENERATE_RANDOM__OPERATION__INIT;
	raw_response_t r;
	uint8_t *bytes;
	int st;

	op.size = size;
	st = call(PARSEC_OP_PSA_GENERATE_RANDOM, MBED, NULL, &op.base, &r);
	st = bytes_result(st, &psa_generate_random__result__descriptor, &r,
			  &bytes, got);
	free(bytes);
	return st;
}

START_TEST(test_generate_random_sizes)
{
	size_t got;

	ck_assert_int_eq(random_call(0, &got), 0);
	ck_assert_uint_eq(got, 0);
	ck_assert_int_eq(random_call(33, &got), 0);
	ck_assert_uint_eq(got, 33);
	ck_assert_int_eq(random_call(PARSEC_BODY_LIMIT + 1, &got),
			 PARSEC_RESPONSE_TOO_LARGE);
}
END_TEST

START_TEST(test_hash_compute_and_compare)
{
	PsaHashCompute__Operation hc = PSA_HASH_COMPUTE__OPERATION__INIT;
	PsaHashCompare__Operation cmp = PSA_HASH_COMPARE__OPERATION__INIT;
	uint8_t expect[32], *got;
	size_t glen;
	raw_response_t r;

	hc.alg = PSA_ALGORITHM__ALGORITHM__HASH__SHA_256;
	hc.input.data = (uint8_t *)"abc";
	hc.input.len = 3;
	sha256("abc", 3, expect);
	ck_assert_int_eq(bytes_result(call(PARSEC_OP_PSA_HASH_COMPUTE, MBED,
					   NULL, &hc.base, &r),
				      &psa_hash_compute__result__descriptor, &r,
				      &got, &glen),
			 0);
	ck_assert_uint_eq(glen, 32);
	ck_assert_mem_eq(got, expect, 32);
	free(got);
	cmp.alg = hc.alg;
	cmp.input = hc.input;
	cmp.hash.data = expect;
	cmp.hash.len = 32;
	ck_assert_int_eq(
		call(PARSEC_OP_PSA_HASH_COMPARE, MBED, NULL, &cmp.base, NULL),
		0);
	expect[0] ^= 1;
	ck_assert_int_eq(
		call(PARSEC_OP_PSA_HASH_COMPARE, MBED, NULL, &cmp.base, NULL),
		PARSEC_PSA_ERROR_INVALID_SIGNATURE);
	hc.alg = (PsaAlgorithm__Algorithm__Hash)PARSEC_HASH_ANY;
	ck_assert_int_eq(
		call(PARSEC_OP_PSA_HASH_COMPUTE, MBED, NULL, &hc.base, NULL),
		PARSEC_INVALID_ENCODING);
}
END_TEST

static int can_do(uint8_t provider, CanDoCrypto__CheckType check,
		  raw_attrs_t *a)
{
	CanDoCrypto__Operation op = CAN_DO_CRYPTO__OPERATION__INIT;

	op.check_type = check;
	op.attributes = &a->attrs;
	return call(PARSEC_OP_CAN_DO_CRYPTO, provider, APP, &op.base, NULL);
}

START_TEST(test_can_do_crypto_follows_the_generation_rules)
{
	raw_attrs_t a;

	ecdsa_attrs(&a, PARSEC_HASH_SHA_256);
	ck_assert_int_eq(can_do(MBED, CAN_DO_CRYPTO__CHECK_TYPE__GENERATE, &a),
			 0);
	ck_assert_int_eq(can_do(MBED, CAN_DO_CRYPTO__CHECK_TYPE__USE, &a), 0);
	a.attrs.key_bits = 384;
	ck_assert_int_eq(can_do(MBED, CAN_DO_CRYPTO__CHECK_TYPE__GENERATE, &a),
			 PARSEC_PSA_ERROR_NOT_SUPPORTED);
	raw_attrs_init(&a, PARSEC_KEY_TYPE_RSA_KEY_PAIR, 0, 2048,
		       RAW_USE_SIGN_HASH, PARSEC_ALG_ECDSA,
		       PARSEC_HASH_SHA_256);
	ck_assert_int_eq(can_do(MBED, CAN_DO_CRYPTO__CHECK_TYPE__USE, &a),
			 PARSEC_PSA_ERROR_NOT_SUPPORTED);
	ck_assert_int_eq(can_do(MBED, CAN_DO_CRYPTO__CHECK_TYPE__DERIVE, &a),
			 PARSEC_PSA_ERROR_NOT_SUPPORTED);
}
END_TEST

/* ==== the double's own setup ============================================= */

START_TEST(test_keys_survive_a_restart)
{
	const char *name = key_name("persist");
	uint8_t hash[32] = {5}, *sig, *before, *after;
	size_t slen, blen, alen;
	struct stat st;
	ListKeys__Result *res;
	raw_attrs_t a;
	raw_alg_t alg;

	if (skip_external("persistence", "cannot restart the real service"))
		return;
	ecdsa_attrs(&a, PARSEC_HASH_SHA_256);
	ck_assert_int_eq(gen_key(APP, MBED, name, &a), 0);
	ck_assert_int_eq(export_public(APP, MBED, name, &before, &blen), 0);
	ck_assert_int_eq(stat(svc.store_path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0600);
	ck_assert_int_eq(test_service_restart(&svc), 0);
	res = list_keys(APP);
	ck_assert(has_key(res, name, MBED));
	list_keys__result__free_unpacked(res, NULL);
	ck_assert_int_eq(export_public(APP, MBED, name, &after, &alen), 0);
	ck_assert_uint_eq(alen, blen);
	ck_assert_mem_eq(after, before, blen);
	raw_alg_init(&alg, PARSEC_ALG_ECDSA, PARSEC_HASH_SHA_256, 0);
	ck_assert_int_eq(
		sign_hash(APP, MBED, name, &alg, hash, 32, &sig, &slen), 0);
	ck_assert_int_eq(
		verify_hash(APP, MBED, name, &alg, hash, 32, sig, slen), 0);
	free(sig);
	free(before);
	free(after);
	/* Paused, the service is unreachable; resumed, it has the key. */
	ck_assert_int_eq(test_service_pause(&svc), 0);
	ck_assert_int_eq(call(PARSEC_OP_PING, CORE, NULL, NULL, NULL), -1);
	ck_assert_int_eq(test_service_resume(&svc), 0);
	ck_assert_int_eq(destroy_key(APP, MBED, name), 0);
}
END_TEST

START_TEST(test_corrupt_store_stops_the_double)
{
	FILE *f;

	if (skip_external("corrupt store", "cannot restart the real service"))
		return;
	f = fopen(svc.store_path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("fake-parsecd-store 1\nkey 1 1 xzz\n", f);
	fclose(f);
	/* The double refuses to start rather than lose or guess keys. */
	ck_assert_int_eq(test_service_restart(&svc), -1);
	ck_assert_int_eq(svc.pid, 0);
}
END_TEST

START_TEST(test_tpm_like_provider_refusals)
{
	static const uint32_t tpm_ops[] = {0x02, 0x03, 0x04, 0x05, 0x06,
					   0x07, 0x0a, 0x0b, 0x0d, 0x20};
	PsaHashCompute__Operation hc = PSA_HASH_COMPUTE__OPERATION__INIT;
	PsaExportKey__Operation ex = PSA_EXPORT_KEY__OPERATION__INIT;
	const char *name = key_name("tpm");
	uint8_t hash[32] = {6}, *sig;
	size_t slen;
	ListProviders__Result *res;
	raw_attrs_t a;
	raw_alg_t alg;

	if (skip_external("TPM-like provider", "needs the double's --tpm"))
		return;
	res = list_providers();
	ck_assert_uint_eq(res->n_providers, 3);
	ck_assert_uint_eq(res->providers[1]->id, 3);
	ck_assert_str_eq(res->providers[1]->uuid,
			 "1e4954a4-ff21-46d3-ab0c-661eeb667e1d");
	ck_assert_str_eq(res->providers[1]->vendor,
			 "Trusted Computing Group (TCG)");
	list_providers__result__free_unpacked(res, NULL);
	expect_opcodes(3, tpm_ops, sizeof(tpm_ops) / sizeof(tpm_ops[0]));
	raw_attrs_init(&a, PARSEC_KEY_TYPE_RSA_KEY_PAIR, 0, 4096,
		       RAW_USE_SIGN_HASH, PARSEC_ALG_RSA_PKCS1V15_SIGN,
		       PARSEC_HASH_SHA_256);
	ck_assert_int_eq(gen_key(APP, TPM, name, &a),
			 PARSEC_PSA_ERROR_COMMUNICATION_FAILURE);
	raw_attrs_init(&a, PARSEC_KEY_TYPE_RSA_KEY_PAIR, 0, 2048,
		       RAW_USE_SIGN_HASH, PARSEC_ALG_RSA_PKCS1V15_SIGN,
		       PARSEC_HASH_ANY);
	ck_assert_int_eq(gen_key(APP, TPM, name, &a),
			 PARSEC_PSA_ERROR_NOT_SUPPORTED);
	ecdsa_attrs(&a, PARSEC_HASH_ANY);
	ck_assert_int_eq(gen_key(APP, TPM, name, &a),
			 PARSEC_PSA_ERROR_INVALID_ARGUMENT);
	raw_attrs_init(&a, PARSEC_KEY_TYPE_ECC_KEY_PAIR, PARSEC_ECC_SECP_R1,
		       256, RAW_USE_DERIVE, PARSEC_ALG_ECDH, PARSEC_HASH_NONE);
	ck_assert_int_eq(gen_key(APP, TPM, name, &a),
			 PARSEC_PSA_ERROR_INVALID_ARGUMENT);
	ecdsa_attrs(&a, PARSEC_HASH_SHA_384);
	a.attrs.key_bits = 384;
	ck_assert_int_eq(gen_key(APP, TPM, name, &a), 0);
	ck_assert_int_eq(destroy_key(APP, TPM, name), 0);
	/* PSS keys are made, but do not sign. */
	raw_attrs_init(&a, PARSEC_KEY_TYPE_RSA_KEY_PAIR, 0, 2048,
		       RAW_USE_SIGN_HASH, PARSEC_ALG_RSA_PSS,
		       PARSEC_HASH_SHA_256);
	ck_assert_int_eq(gen_key(APP, TPM, name, &a), 0);
	raw_alg_init(&alg, PARSEC_ALG_RSA_PSS, PARSEC_HASH_SHA_256, 0);
	ck_assert_int_eq(sign_hash(APP, TPM, name, &alg, hash, 32, &sig, &slen),
			 PARSEC_PSA_ERROR_NOT_SUPPORTED);
	ck_assert_int_eq(destroy_key(APP, TPM, name), 0);
	/* Opcodes the provider does not list. */
	hc.alg = PSA_ALGORITHM__ALGORITHM__HASH__SHA_256;
	ck_assert_int_eq(
		call(PARSEC_OP_PSA_HASH_COMPUTE, TPM, NULL, &hc.base, NULL),
		PARSEC_PSA_ERROR_NOT_SUPPORTED);
	ex.key_name = (char *)name;
	ck_assert_int_eq(
		call(PARSEC_OP_PSA_EXPORT_KEY, TPM, APP, &ex.base, NULL),
		PARSEC_PSA_ERROR_NOT_SUPPORTED);
	ck_assert_int_eq(
		call(PARSEC_OP_PSA_EXPORT_KEY, TPM, NULL, &ex.base, NULL),
		PARSEC_NOT_AUTHENTICATED);
}
END_TEST

START_TEST(test_unix_peer_authenticator_checks_the_uid)
{
	raw_request_t rq = {.opcode = PARSEC_OP_LIST_KEYS};
	uint32_t uid = (uint32_t)getuid(), wrong = uid + 1;
	uint8_t le[4] = {(uint8_t)uid, (uint8_t)(uid >> 8),
			 (uint8_t)(uid >> 16), (uint8_t)(uid >> 24)};
	uint8_t bad[4] = {(uint8_t)wrong, (uint8_t)(wrong >> 8),
			  (uint8_t)(wrong >> 16), (uint8_t)(wrong >> 24)};
	raw_response_t r;

	if (skip_external("unix peer authenticator",
			  "needs the double's --auth unix"))
		return;
	rq.auth_type = PARSEC_AUTH_UNIX_PEER_CREDENTIALS;
	rq.auth = le;
	rq.auth_len = 4;
	ck_assert_int_eq(raw_client_call(svc.socket_path, &rq, NULL, &r), 0);
	raw_response_free(&r);
	rq.auth = bad;
	ck_assert_int_eq(raw_client_call(svc.socket_path, &rq, NULL, &r),
			 PARSEC_AUTHENTICATION_ERROR);
	raw_response_free(&r);
	rq.auth_len = 3;
	ck_assert_int_eq(raw_client_call(svc.socket_path, &rq, NULL, &r),
			 PARSEC_AUTHENTICATION_ERROR);
	raw_response_free(&r);
	/* Direct is not configured now. */
	ck_assert_int_eq(call(PARSEC_OP_LIST_KEYS, CORE, APP, NULL, NULL),
			 PARSEC_AUTHENTICATOR_NOT_REGISTERED);
}
END_TEST

static char *b64url(const uint8_t *p, size_t n)
{
	char *out = malloc(4 * ((n + 2) / 3) + 1);
	int len = EVP_EncodeBlock((unsigned char *)out, p, (int)n);

	for (int i = 0; i < len; i++)
		out[i] = out[i] == '+' ? '-' : out[i] == '/' ? '_' : out[i];
	while (len > 0 && out[len - 1] == '=')
		len--;
	out[len] = 0;
	return out;
}

/* An ES256 JWT-SVID for sub, expiring at exp. */
static char *make_jwt(EVP_PKEY *key, const char *sub, long exp)
{
	const char *header = "{\"alg\":\"ES256\",\"typ\":\"JWT\"}";
	char claims[256], *h, *c, *signing, *s, *jwt;
	unsigned char der[128], rs[64];
	const unsigned char *p = der;
	size_t dlen = sizeof(der);
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	ECDSA_SIG *sig;
	const BIGNUM *r, *sv;

	snprintf(claims, sizeof(claims),
		 "{\"sub\":\"%s\",\"aud\":[\"parsec\"],\"exp\":%ld}", sub, exp);
	h = b64url((const uint8_t *)header, strlen(header));
	c = b64url((const uint8_t *)claims, strlen(claims));
	ck_assert_int_gt(asprintf(&signing, "%s.%s", h, c), 0);
	ck_assert_int_eq(EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, key),
			 1);
	ck_assert_int_eq(EVP_DigestSign(md, der, &dlen,
					(const unsigned char *)signing,
					strlen(signing)),
			 1);
	sig = d2i_ECDSA_SIG(NULL, &p, (long)dlen);
	ECDSA_SIG_get0(sig, &r, &sv);
	BN_bn2binpad(r, rs, 32);
	BN_bn2binpad(sv, rs + 32, 32);
	s = b64url(rs, 64);
	ck_assert_int_gt(asprintf(&jwt, "%s.%s", signing, s), 0);
	ECDSA_SIG_free(sig);
	EVP_MD_CTX_free(md);
	free(h);
	free(c);
	free(s);
	free(signing);
	return jwt;
}

static int jwt_call(const char *jwt)
{
	raw_request_t rq = {.opcode = PARSEC_OP_LIST_KEYS};
	raw_response_t r;
	int st;

	rq.auth_type = PARSEC_AUTH_JWT_SVID;
	rq.auth = jwt;
	rq.auth_len = strlen(jwt);
	st = raw_client_call(svc.socket_path, &rq, NULL, &r);
	raw_response_free(&r);
	return st;
}

START_TEST(test_jwt_svid_authenticator_checks_signature_and_expiry)
{
	char dir[] = "/tmp/fake-parsec-jwt.XXXXXX", pem[64];
	EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	EVP_PKEY *other = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	test_service_opts_t o = {.auth = "jwt-svid", .jwt_key = pem};
	char *good, *forged, *expired;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(pem, sizeof(pem), "%s/key.pem", dir);
	f = fopen(pem, "w");
	ck_assert_int_eq(PEM_write_PUBKEY(f, key), 1);
	fclose(f);
	test_service_stop(&svc);
	start_with(&o);
	if (!skip_external("JWT-SVID authenticator",
			   "needs the double's --auth jwt-svid")) {
		good = make_jwt(key, "spiffe://example.org/app",
				(long)time(NULL) + 600);
		forged = make_jwt(other, "spiffe://example.org/app",
				  (long)time(NULL) + 600);
		expired = make_jwt(key, "spiffe://example.org/app",
				   (long)time(NULL) - 10);
		ck_assert_int_eq(jwt_call(good), 0);
		ck_assert_int_eq(jwt_call(forged), PARSEC_AUTHENTICATION_ERROR);
		ck_assert_int_eq(jwt_call(expired),
				 PARSEC_AUTHENTICATION_ERROR);
		ck_assert_int_eq(jwt_call("not.a.jwt"),
				 PARSEC_AUTHENTICATION_ERROR);
		free(good);
		free(forged);
		free(expired);
	}
	unlink(pem);
	rmdir(dir);
	EVP_PKEY_free(key);
	EVP_PKEY_free(other);
}
END_TEST

/* ==== faults ============================================================= */

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

START_TEST(test_fault_switches)
{
	raw_response_t r;
	double t0;

	if (skip_external("fault switches", "needs the double's --control"))
		return;
	ck_assert_int_eq(test_service_set_faults(&svc, "delay_ms=300\n"), 0);
	t0 = now_ms();
	ck_assert_int_eq(call(PARSEC_OP_PING, CORE, NULL, NULL, NULL), 0);
	ck_assert_double_ge(now_ms() - t0, 300.0);

	ck_assert_int_eq(test_service_set_faults(&svc, "drop=1\n"), 0);
	ck_assert_int_eq(call(PARSEC_OP_PING, CORE, NULL, NULL, &r), -1);
	ck_assert_uint_eq(r.received, 0);
	raw_response_free(&r);

	ck_assert_int_eq(test_service_set_faults(&svc, "garbage=1\n"), 0);
	ck_assert_int_eq(call(PARSEC_OP_PING, CORE, NULL, NULL, &r), -1);
	ck_assert_uint_gt(r.received, 0);
	ck_assert(!r.complete || r.hdr.magic != WIRE_HEADER_MAGIC);
	raw_response_free(&r);

	ck_assert_int_eq(test_service_set_faults(&svc, "status=1132\n"), 0);
	ck_assert_int_eq(call(PARSEC_OP_PING, CORE, NULL, NULL, &r), 1132);
	ck_assert_uint_eq(r.hdr.opcode, PARSEC_OP_PING);
	ck_assert_uint_eq(r.body_len, 0);
	raw_response_free(&r);

	/* Only opcode 8 is refused. */
	ck_assert_int_eq(
		test_service_set_faults(&svc, "status=1132\nopcode=8\n"), 0);
	ck_assert_int_eq(call(PARSEC_OP_PING, CORE, NULL, NULL, NULL), 0);
	ck_assert_int_eq(call(PARSEC_OP_LIST_PROVIDERS, CORE, NULL, NULL, NULL),
			 1132);

	/* Two requests, then back to normal. */
	ck_assert_int_eq(
		test_service_set_faults(&svc, "status=1147\ncount=2\n"), 0);
	ck_assert_int_eq(call(PARSEC_OP_PING, CORE, NULL, NULL, NULL), 1147);
	ck_assert_int_eq(call(PARSEC_OP_PING, CORE, NULL, NULL, NULL), 1147);
	ck_assert_int_eq(call(PARSEC_OP_PING, CORE, NULL, NULL, NULL), 0);

	ck_assert_int_eq(test_service_set_faults(&svc, NULL), 0);
	ck_assert_int_eq(call(PARSEC_OP_PING, CORE, NULL, NULL, NULL), 0);
}
END_TEST

/* ==== robustness ========================================================== */

START_TEST(test_random_bytes_do_not_break_the_service)
{
	uint8_t buf[256];
	raw_response_t r;

	for (int i = 0; i < 300; i++) {
		size_t len;

		RAND_bytes(buf, sizeof(buf));
		len = buf[0] % sizeof(buf);
		/* Half the time behind a valid magic number and size. */
		if (i % 2 && len >= 6)
			header_bytes(buf, buf[1], buf[2] % 7, buf[3]);
		ck_assert_int_eq(
			raw_client_send(svc.socket_path, buf, len, 1, &r), 0);
		raw_response_free(&r);
	}
	ck_assert_int_eq(call(PARSEC_OP_PING, CORE, NULL, NULL, NULL), 0);
}
END_TEST

START_TEST(test_log_has_a_line_per_request_and_no_secrets)
{
	const char *secret = "do-not-log-this-name-bytes";
	raw_request_t rq = {.opcode = PARSEC_OP_PING};
	raw_response_t r;
	char line[512];
	int pings = 0, leaks = 0;
	FILE *f;

	if (skip_external("request log", "needs the double's --log"))
		return;
	/* The auth bytes of a refused authenticator never appear. */
	rq.auth_type = PARSEC_AUTH_JWT_SVID;
	rq.auth = secret;
	rq.auth_len = strlen(secret);
	ck_assert_int_eq(raw_client_call(svc.socket_path, &rq, NULL, &r),
			 PARSEC_AUTHENTICATOR_NOT_REGISTERED);
	raw_response_free(&r);
	ck_assert_int_eq(call(PARSEC_OP_PING, CORE, APP, NULL, NULL), 0);
	f = fopen(svc.log_path, "r");
	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f)) {
		pings += strstr(line, "opcode=Ping") != NULL;
		leaks += strstr(line, secret) != NULL;
	}
	fclose(f);
	ck_assert_int_eq(pings, 2);
	ck_assert_int_eq(leaks, 0);
}
END_TEST

static TCase *tc(Suite *s, const char *name, void (*setup)(void))
{
	TCase *t = tcase_create(name);

	tcase_add_checked_fixture(t, setup, teardown);
	tcase_set_timeout(t, 30);
	suite_add_tcase(s, t);
	return t;
}

static Suite *conformance_suite(void)
{
	Suite *s = suite_create("conformance");
	TCase *t;

	t = tc(s, "header", setup_direct);
	tcase_add_test(t,
		       test_wrong_magic_is_invalid_header_with_default_header);
	tcase_add_test(t, test_header_size_other_than_30_is_invalid_header);
	tcase_add_test(t, test_version_other_than_1_0_is_not_supported);
	tcase_add_test(t, test_nonzero_reserved_byte_is_invalid_header);
	tcase_add_test(t, test_body_over_1mib_is_refused_before_reading_it);
	tcase_add_test(t, test_stalled_request_is_connection_error);
	tcase_add_test(
		t, test_header_fields_are_converted_with_default_header_errors);

	t = tc(s, "dispatch", setup_direct);
	tcase_add_test(t, test_other_auth_type_is_authenticator_not_registered);
	tcase_add_test(
		t, test_empty_or_non_utf8_direct_name_is_authentication_error);
	tcase_add_test(t, test_direct_name_with_nul_is_its_own_application);
	tcase_add_test(t, test_what_needs_authentication);
	tcase_add_test(t, test_provider_not_offered_is_not_registered);
	tcase_add_test(t, test_core_and_crypto_opcodes_on_the_wrong_provider);
	tcase_add_test(t, test_unimplemented_opcode_is_not_supported);
	tcase_add_test(t, test_admin_opcodes_need_an_admin);
	tcase_add_test(t, test_bad_bodies);

	t = tc(s, "core", setup_direct);
	tcase_add_test(t, test_ping_reports_wire_protocol_1_0);
	tcase_add_test(
		t, test_list_providers_reports_mbed_crypto_first_and_core_last);
	tcase_add_test(t, test_list_opcodes_per_provider);
	tcase_add_test(t, test_list_authenticators_reports_direct);

	t = tc(s, "keys", setup_direct);
	tcase_add_test(t, test_keys_belong_to_one_application);
	tcase_add_test(t, test_existing_and_missing_names);
	tcase_add_test(t, test_use_outside_the_policy_is_not_permitted);
	tcase_add_test(t, test_mbed_crypto_sizes_as_measured);
	tcase_add_test(t,
		       test_sha1_policy_is_deprecated_but_wildcard_signs_sha1);
	tcase_add_test(t, test_import_checks_the_data);
	tcase_add_test(t, test_can_do_crypto_follows_the_generation_rules);

	t = tc(s, "crypto", setup_direct);
	tcase_add_test(t, test_rsa_signatures_verify_with_openssl);
	tcase_add_test(t, test_rsa_pss_signature_verifies_with_openssl);
	tcase_add_test(t, test_ecdsa_signatures_verify_with_openssl);
	tcase_add_test(t, test_rsa_encryption_round_trips);
	tcase_add_test(t, test_ecdh_matches_openssl);
	tcase_add_test(t, test_gcm_matches_openssl);
	tcase_add_test(t, test_ccm_with_short_tag_round_trips);
	tcase_add_test(t, test_generate_random_sizes);
	tcase_add_test(t, test_hash_compute_and_compare);

	t = tc(s, "double", setup_direct);
	tcase_add_test(t, test_keys_survive_a_restart);
	tcase_add_test(t, test_corrupt_store_stops_the_double);
	tcase_add_test(t, test_fault_switches);
	tcase_add_test(t, test_random_bytes_do_not_break_the_service);
	tcase_add_test(t, test_log_has_a_line_per_request_and_no_secrets);
	tcase_add_test(t,
		       test_jwt_svid_authenticator_checks_signature_and_expiry);

	t = tc(s, "tpm", setup_tpm);
	tcase_add_test(t, test_tpm_like_provider_refusals);

	t = tc(s, "unix", setup_unix);
	tcase_add_test(t, test_unix_peer_authenticator_checks_the_uid);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(conformance_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
