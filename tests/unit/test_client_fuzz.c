/*
 * test_client_fuzz.c - hostile responses: valid answers of each result
 * shape, then bytes flipped, cut short, replaced or made up, sent by the
 * mock server. Whatever arrives, a call returns a status (never crashes,
 * hangs or leaks: run it under the sanitizers or valgrind), and a failed
 * call leaves nothing in its outputs. The generator is seeded, so a
 * failure replays.
 */
#include <stdlib.h>
#include <string.h>

#include "mock_server.h"
#include "parsec/proto/list_authenticators.pb-c.h"
#include "parsec/proto/list_keys.pb-c.h"
#include "parsec/proto/list_opcodes.pb-c.h"
#include "parsec/proto/list_providers.pb-c.h"
#include "parsec/proto/ping.pb-c.h"
#include "parsec/proto/psa_sign_hash.pb-c.h"
#include "test_workdir.h"
#include "unit.h"

#define ROUNDS 1500
#define FRAME_MAX (WIRE_HEADER_LEN + 1024)

static mock_server_t *mock;
static parsec_client_t *client;
static uint64_t rng;

static void setup(void)
{
	mock = mock_start();
	client = mock_client(mock, PARSEC_AUTH_CHOICE_DIRECT);
}

static void teardown(void)
{
	parsec_client_free(client);
	mock_stop(mock);
}

/* xorshift64: reproducible from its seed. */
static uint32_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 32);
}

static uint32_t below(uint32_t n)
{
	return next() % n;
}

/* ---- one valid answer per result shape ------------------------------ */

enum { OP_PING, OP_PROVIDERS, OP_OPCODES, OP_AUTHENTICATORS, OP_KEYS, OP_SIGN };
#define N_OPS 6

static const uint32_t opcodes[N_OPS] = {
	PARSEC_OP_PING,		PARSEC_OP_LIST_PROVIDERS,
	PARSEC_OP_LIST_OPCODES, PARSEC_OP_LIST_AUTHENTICATORS,
	PARSEC_OP_LIST_KEYS,	PARSEC_OP_PSA_SIGN_HASH,
};

static size_t pack_providers(uint8_t *out)
{
	ListProviders__ProviderInfo info[2], *items[2] = {&info[0], &info[1]};
	ListProviders__Result res = LIST_PROVIDERS__RESULT__INIT;

	for (int i = 0; i < 2; i++) {
		list_providers__provider_info__init(&info[i]);
		info[i].description = "a provider";
		info[i].vendor = "Arm";
		info[i].version_min = 1;
		info[i].id = (uint32_t)(1 - i);
	}
	info[0].uuid = "1c1139dc-ad7c-47dc-ad6b-db6fdb466552";
	info[1].uuid = "47049873-2a43-4845-9d72-831eab668784";
	res.providers = items;
	res.n_providers = 2;
	return list_providers__result__pack(&res, out);
}

static size_t pack_keys(uint8_t *out)
{
	PsaAlgorithm__Algorithm__AsymmetricSignature__SignHash any =
		PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__SIGN_HASH__INIT;
	PsaAlgorithm__Algorithm__AsymmetricSignature__SignHash__Any any_arm =
		PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__SIGN_HASH__ANY__INIT;
	PsaAlgorithm__Algorithm__AsymmetricSignature__Ecdsa ecdsa =
		PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__ECDSA__INIT;
	PsaAlgorithm__Algorithm__AsymmetricSignature sig =
		PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__INIT;
	PsaAlgorithm__Algorithm alg = PSA_ALGORITHM__ALGORITHM__INIT;
	PsaKeyAttributes__UsageFlags usage =
		PSA_KEY_ATTRIBUTES__USAGE_FLAGS__INIT;
	PsaKeyAttributes__KeyPolicy policy =
		PSA_KEY_ATTRIBUTES__KEY_POLICY__INIT;
	PsaKeyAttributes__KeyType__EccKeyPair pair =
		PSA_KEY_ATTRIBUTES__KEY_TYPE__ECC_KEY_PAIR__INIT;
	PsaKeyAttributes__KeyType type = PSA_KEY_ATTRIBUTES__KEY_TYPE__INIT;
	PsaKeyAttributes__KeyAttributes attrs =
		PSA_KEY_ATTRIBUTES__KEY_ATTRIBUTES__INIT;
	ListKeys__KeyInfo key = LIST_KEYS__KEY_INFO__INIT, *items[1] = {&key};
	ListKeys__Result res = LIST_KEYS__RESULT__INIT;

	any.variant_case =
		PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__SIGN_HASH__VARIANT_ANY;
	any.any = &any_arm;
	ecdsa.hash_alg = &any;
	sig.variant_case =
		PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__VARIANT_ECDSA;
	sig.ecdsa = &ecdsa;
	alg.variant_case =
		PSA_ALGORITHM__ALGORITHM__VARIANT_ASYMMETRIC_SIGNATURE;
	alg.asymmetric_signature = &sig;
	usage.sign_hash = 1;
	policy.key_usage_flags = &usage;
	policy.key_algorithm = &alg;
	pair.curve_family = PSA_KEY_ATTRIBUTES__KEY_TYPE__ECC_FAMILY__SECP_R1;
	type.variant_case = PSA_KEY_ATTRIBUTES__KEY_TYPE__VARIANT_ECC_KEY_PAIR;
	type.ecc_key_pair = &pair;
	attrs.key_type = &type;
	attrs.key_bits = 256;
	attrs.key_policy = &policy;
	key.provider_id = 1;
	key.name = "key-1";
	key.attributes = &attrs;
	res.keys = items;
	res.n_keys = 1;
	return list_keys__result__pack(&res, out);
}

/* The body of a valid answer to op, in out. */
static size_t valid_body(int op, uint8_t *out)
{
	ListAuthenticators__AuthenticatorInfo auth =
		LIST_AUTHENTICATORS__AUTHENTICATOR_INFO__INIT;
	ListAuthenticators__AuthenticatorInfo *auths[1] = {&auth};
	ListAuthenticators__Result ares = LIST_AUTHENTICATORS__RESULT__INIT;
	ListOpcodes__Result ores = LIST_OPCODES__RESULT__INIT;
	PsaSignHash__Result sres = PSA_SIGN_HASH__RESULT__INIT;
	Ping__Result pres = PING__RESULT__INIT;
	uint32_t ops[3] = {1, 8, 0x1a};

	switch (op) {
	case OP_PING:
		pres.wire_protocol_version_maj = 1;
		return ping__result__pack(&pres, out);
	case OP_PROVIDERS:
		return pack_providers(out);
	case OP_OPCODES:
		ores.opcodes = ops;
		ores.n_opcodes = 3;
		return list_opcodes__result__pack(&ores, out);
	case OP_AUTHENTICATORS:
		auth.description = "direct";
		auth.id = PARSEC_AUTH_DIRECT;
		ares.authenticators = auths;
		ares.n_authenticators = 1;
		return list_authenticators__result__pack(&ares, out);
	case OP_KEYS:
		return pack_keys(out);
	default:
		sres.signature.data = (uint8_t *)"0123456789abcdef";
		sres.signature.len = 16;
		return psa_sign_hash__result__pack(&sres, out);
	}
}

/* ---- mutations ---------------------------------------------------- */

/* A valid frame for op (header echoing the request, body), then broken
 * one of five ways; returns how many bytes to send (at least 1). */
static size_t hostile_frame(int op, uint8_t frame[FRAME_MAX])
{
	size_t body_len = valid_body(op, frame + WIRE_HEADER_LEN), len, i;
	wire_header_t h;

	wire_header_init(&h);
	h.opcode = opcodes[op];
	h.provider = op == OP_SIGN ? PARSEC_PROVIDER_MBED_CRYPTO
				   : PARSEC_PROVIDER_CORE;
	h.body_len = (uint32_t)body_len;
	wire_header_encode(&h, frame);
	len = WIRE_HEADER_LEN + body_len;
	switch (below(5)) {
	case 0: /* a few bytes flipped anywhere */
		for (i = 1 + below(3); i > 0; i--)
			frame[below((uint32_t)len)] ^=
				(uint8_t)(1 + below(255));
		break;
	case 1: /* a few bytes of the body flipped, the header intact */
		for (i = 1 + below(4); i > 0 && body_len; i--)
			frame[WIRE_HEADER_LEN + below((uint32_t)body_len)] ^=
				(uint8_t)(1 + below(255));
		break;
	case 2: /* cut short */
		len = 1 + below((uint32_t)len - 1);
		break;
	case 3: /* a valid header before a random body of its length */
		len = WIRE_HEADER_LEN + below(FRAME_MAX - WIRE_HEADER_LEN);
		h.body_len = (uint32_t)(len - WIRE_HEADER_LEN);
		wire_header_encode(&h, frame);
		for (i = WIRE_HEADER_LEN; i < len; i++)
			frame[i] = (uint8_t)next();
		break;
	default: /* made up entirely */
		len = 1 + below(FRAME_MAX - 1);
		for (i = 0; i < len; i++)
			frame[i] = (uint8_t)next();
		break;
	}
	return len;
}

/* Makes the mock send exactly those bytes, then close. */
static void reply_bytes(uint32_t opcode, const uint8_t *frame, size_t len)
{
	mock_reply_t r;

	mock_reply_init(&r, NULL);
	r.echo = 0;
	r.keep_body_len = 1;
	wire_header_decode(frame, &r.header);
	r.body_len = len > WIRE_HEADER_LEN ? len - WIRE_HEADER_LEN : 0;
	memcpy(r.body, frame + WIRE_HEADER_LEN, r.body_len);
	r.close_after = len;
	mock_set_reply(mock, opcode, &r);
}

/* ---- the calls ---------------------------------------------------- */

static int status_is_sane(parsec_status_t rc)
{
	if (rc == PARSEC_SUCCESS)
		return 1;
	if (rc < 0)
		return rc >= PARSEC_E_NO_AUTHENTICATOR;
	return parsec_status_is_known((uint32_t)rc);
}

static parsec_status_t check_providers(void)
{
	parsec_provider_info_t *list = (parsec_provider_info_t *)&list;
	size_t i, n = 99;
	parsec_status_t rc = parsec_list_providers(client, &list, &n);

	ck_assert(status_is_sane(rc));
	if (rc != PARSEC_SUCCESS) {
		ck_assert_ptr_null(list);
		ck_assert_uint_eq(n, 0);
		return rc;
	}
	for (i = 0; i < n; i++) {
		ck_assert_uint_eq(strlen(list[i].uuid), 36);
		ck_assert_ptr_nonnull(list[i].description);
		ck_assert_ptr_nonnull(list[i].vendor);
	}
	parsec_provider_info_free(list, n);
	return rc;
}

static parsec_status_t check_keys(void)
{
	parsec_key_info_t *list = (parsec_key_info_t *)&list;
	size_t i, n = 99;
	parsec_status_t rc = parsec_list_keys(client, &list, &n);

	ck_assert(status_is_sane(rc));
	if (rc != PARSEC_SUCCESS) {
		ck_assert_ptr_null(list);
		ck_assert_uint_eq(n, 0);
		return rc;
	}
	for (i = 0; i < n; i++)
		ck_assert_ptr_nonnull(list[i].name);
	parsec_key_info_free(list, n);
	return rc;
}

static parsec_status_t run_op(int op)
{
	static const parsec_algorithm_t ecdsa = {PARSEC_ALG_ECDSA,
						 PARSEC_HASH_SHA_256, 0};
	static const uint8_t digest[32] = {1};
	parsec_authenticator_info_t *auths = (parsec_authenticator_info_t *)1;
	uint32_t *ops = (uint32_t *)1;
	parsec_buffer_t sig = {(uint8_t *)1, 1};
	parsec_status_t rc;
	uint8_t maj, min;
	size_t n = 99;

	switch (op) {
	case OP_PING:
		return parsec_ping(client, &maj, &min);
	case OP_PROVIDERS:
		return check_providers();
	case OP_OPCODES:
		rc = parsec_list_opcodes(client, 1, &ops, &n);
		ck_assert(rc == PARSEC_SUCCESS || (!ops && n == 0));
		free(ops);
		return rc;
	case OP_AUTHENTICATORS:
		rc = parsec_list_authenticators(client, &auths, &n);
		ck_assert(rc == PARSEC_SUCCESS || (!auths && n == 0));
		parsec_authenticator_info_free(auths, n);
		return rc;
	case OP_KEYS:
		return check_keys();
	default:
		rc = parsec_sign_hash(client, 1, "k", &ecdsa, digest,
				      sizeof(digest), &sig);
		ck_assert(rc == PARSEC_SUCCESS || (!sig.data && !sig.len));
		ck_assert(rc != PARSEC_SUCCESS || sig.data);
		parsec_buffer_free(&sig);
		return rc;
	}
}

START_TEST(test_hostile_responses_give_a_status_and_no_output)
{
	uint8_t frame[FRAME_MAX];
	mock_reply_t r;
	size_t seen_ok = 0, seen_decode = 0, seen_protocol = 0, seen_io = 0;
	parsec_status_t rc;
	int round, op;

	rng = 0x9E3779B97F4A7C15ull;
	for (round = 0; round < ROUNDS; round++) {
		op = (int)below(N_OPS);
		reply_bytes(opcodes[op], frame, hostile_frame(op, frame));
		rc = run_op(op);
		ck_assert_msg(status_is_sane(rc), "round %d: status %d", round,
			      rc);
		seen_ok += rc == PARSEC_SUCCESS;
		seen_decode += rc == PARSEC_E_DECODE;
		seen_protocol += rc == PARSEC_E_PROTOCOL;
		seen_io += rc == PARSEC_E_IO;
	}
	/* the mutations reached every layer of the response parser */
	ck_assert_uint_gt(seen_ok, 0);
	ck_assert_uint_gt(seen_decode, 0);
	ck_assert_uint_gt(seen_protocol, 0);
	ck_assert_uint_gt(seen_io, 0);
	/* and the client still works */
	mock_reply_init(&r, NULL);
	mock_set_reply(mock, PARSEC_OP_PSA_SIGN_HASH, &r);
	ck_assert_int_eq(run_op(OP_SIGN), PARSEC_SUCCESS);
}
END_TEST

Suite *unit_suite(void)
{
	Suite *s = suite_create("client_fuzz");
	TCase *tc = tcase_create("fuzz");

	tcase_add_unchecked_fixture(tc, test_workdir_create,
				    test_workdir_remove);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_hostile_responses_give_a_status_and_no_output);
	suite_add_tcase(s, tc);
	return s;
}
