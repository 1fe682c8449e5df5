/*
 * test_client_wire.c - what the client sends, and how it judges what
 * comes back: every response header check, body limits, timeouts,
 * connection failures and endpoint strings, against the mock server.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mock_server.h"
#include "parsec/proto/ping.pb-c.h"
#include "parsec/proto/psa_generate_random.pb-c.h"
#include "parsec/proto/psa_sign_hash.pb-c.h"
#include "test_workdir.h"
#include "unit.h"

static mock_server_t *mock;
static int log_lines;
static char last_log[1024];

static void capture_log(parsec_log_level_t level, const char *msg, void *ctx)
{
	(void)level;
	(void)ctx;
	log_lines++;
	snprintf(last_log, sizeof(last_log), "%s", msg);
}

static void setup(void)
{
	mock = mock_start();
	log_lines = 0;
	last_log[0] = 0;
	parsec_log_set_handler(capture_log, NULL);
	parsec_log_set_level(PARSEC_LOG_WARNING);
}

static void teardown(void)
{
	parsec_log_set_handler(NULL, NULL);
	mock_stop(mock);
}

static const parsec_algorithm_t ecdsa_sha256 = {PARSEC_ALG_ECDSA,
						PARSEC_HASH_SHA_256, 0};
static const uint8_t digest[32] = {1, 2, 3};

/* Signs with a fresh direct-auth client; the status of the call. */
static parsec_status_t sign_once(void)
{
	parsec_client_t *c = mock_client(mock, PARSEC_AUTH_CHOICE_DIRECT);
	parsec_buffer_t sig = {0};
	parsec_status_t rc;

	rc = parsec_sign_hash(c, PARSEC_PROVIDER_MBED_CRYPTO, "k",
			      &ecdsa_sha256, digest, sizeof(digest), &sig);
	ck_assert(rc == PARSEC_SUCCESS || sig.data == NULL);
	parsec_buffer_free(&sig);
	parsec_client_free(c);
	return rc;
}

/* A valid PsaSignHash reply, for the test to break. */
static mock_reply_t sign_reply(void)
{
	PsaSignHash__Result res = PSA_SIGN_HASH__RESULT__INIT;
	mock_reply_t r;

	res.signature.data = (uint8_t *)"signature";
	res.signature.len = 9;
	mock_reply_init(&r, &res.base);
	return r;
}

START_TEST(test_valid_response_is_accepted)
{
	mock_reply_t r = sign_reply();

	mock_set_reply(mock, PARSEC_OP_PSA_SIGN_HASH, &r);
	ck_assert_int_eq(sign_once(), PARSEC_SUCCESS);
	ck_assert_int_eq(log_lines, 0);
}
END_TEST

START_TEST(test_request_header_has_every_field_right)
{
	parsec_client_t *c = mock_client(mock, PARSEC_AUTH_CHOICE_DIRECT);
	mock_reply_t r = sign_reply();
	parsec_buffer_t sig;
	mock_request_t req;

	mock_set_reply(mock, PARSEC_OP_PSA_SIGN_HASH, &r);
	ck_assert_int_eq(parsec_sign_hash(c, 2, "k", &ecdsa_sha256, digest,
					  sizeof(digest), &sig),
			 PARSEC_SUCCESS);
	mock_request_get(mock, -1, &req);
	ck_assert_uint_eq(req.header.magic, 0x5EC0A710u);
	ck_assert_uint_eq(req.header.hdr_size, 30);
	ck_assert_uint_eq(req.header.version_maj, 1);
	ck_assert_uint_eq(req.header.version_min, 0);
	ck_assert_uint_eq(req.header.flags, 0);
	ck_assert_uint_eq(req.header.provider, 2);
	ck_assert_uint_eq(req.header.session, 0);
	ck_assert_uint_eq(req.header.content_type, 0);
	ck_assert_uint_eq(req.header.accept_type, 0);
	ck_assert_uint_eq(req.header.auth_type, PARSEC_AUTH_DIRECT);
	ck_assert_uint_eq(req.header.auth_len, strlen("unit-app"));
	ck_assert_mem_eq(req.auth, "unit-app", req.auth_len);
	ck_assert_uint_eq(req.header.opcode, PARSEC_OP_PSA_SIGN_HASH);
	ck_assert_uint_eq(req.header.status, 0);
	ck_assert_uint_eq(req.header.reserved1 | req.header.reserved2, 0);
	ck_assert_uint_gt(req.header.body_len, 0);
	ck_assert_uint_eq(req.body_len, req.header.body_len);
	mock_request_free(&req);
	parsec_buffer_free(&sig);
	parsec_client_free(c);
}
END_TEST

/* A response header field broken, and what the client must say. */
static void break_field(mock_reply_t *r, int which)
{
	switch (which) {
	case 0:
		r->header.magic = 0x5EC0A711u;
		break;
	case 1:
		r->header.hdr_size = 24;
		break;
	case 2:
		r->header.version_maj = 2;
		break;
	case 3:
		r->header.version_min = 1;
		break;
	case 4:
		r->header.reserved1 = 1;
		break;
	case 5:
		r->header.reserved2 = 0xFF;
		break;
	case 6:
		r->header.content_type = 1; /* the book's outdated value */
		break;
	case 7: /* answers another opcode */
		r->echo = 0;
		r->header.provider = PARSEC_PROVIDER_MBED_CRYPTO;
		r->header.opcode = PARSEC_OP_PSA_VERIFY_HASH;
		break;
	case 8: /* answers another provider */
		r->echo = 0;
		r->header.provider = PARSEC_PROVIDER_TPM;
		r->header.opcode = PARSEC_OP_PSA_SIGN_HASH;
		break;
	case 9:
		r->header.session = 7;
		break;
	case 10:
		r->header.status = 1144; /* the one gap in the PSA codes */
		break;
	case 11:
		r->header.status = 23; /* just past the service codes */
		break;
	}
}

#define BROKEN_FIELDS 12

START_TEST(test_broken_response_header_is_protocol_error)
{
	mock_reply_t r = sign_reply();

	break_field(&r, _i);
	mock_set_reply(mock, PARSEC_OP_PSA_SIGN_HASH, &r);
	ck_assert_int_eq(sign_once(), PARSEC_E_PROTOCOL);
	ck_assert_int_eq(log_lines, 1);
	ck_assert_ptr_nonnull(strstr(last_log, "PsaSignHash"));
}
END_TEST

START_TEST(test_default_header_error_returns_its_status)
{
	mock_reply_t r;

	/* what the service sends for a request it could not parse */
	mock_reply_init(&r, NULL);
	r.echo = 0;
	r.header.provider = PARSEC_PROVIDER_CORE;
	r.header.opcode = PARSEC_OP_PING;
	r.header.status = PARSEC_INVALID_HEADER;
	mock_set_reply(mock, PARSEC_OP_PSA_SIGN_HASH, &r);
	ck_assert_int_eq(sign_once(), PARSEC_INVALID_HEADER);
}
END_TEST

START_TEST(test_unread_request_is_sent_again_twice_at_most)
{
	mock_reply_t r;

	/* the service's answer to a request silent for 200 ms: default
	 * header, ConnectionError; it executed nothing */
	mock_reply_init(&r, NULL);
	r.echo = 0;
	r.header.provider = PARSEC_PROVIDER_CORE;
	r.header.opcode = PARSEC_OP_PING;
	r.header.status = PARSEC_CONNECTION_ERROR;
	mock_set_reply(mock, PARSEC_OP_PSA_SIGN_HASH, &r);
	ck_assert_int_eq(sign_once(), PARSEC_CONNECTION_ERROR);
	ck_assert_uint_eq(mock_request_count(mock), 3);
}
END_TEST

START_TEST(test_connection_error_of_an_executed_request_is_not_resent)
{
	mock_reply_t r;

	/* the provider itself failed: the header echoes the request, so
	 * the request was read and may have had effects */
	mock_reply_init(&r, NULL);
	r.header.status = PARSEC_CONNECTION_ERROR;
	mock_set_reply(mock, PARSEC_OP_PSA_SIGN_HASH, &r);
	ck_assert_int_eq(sign_once(), PARSEC_CONNECTION_ERROR);
	ck_assert_uint_eq(mock_request_count(mock), 1);
}
END_TEST

START_TEST(test_default_header_with_success_is_protocol_error)
{
	mock_reply_t r = sign_reply();

	r.echo = 0;
	r.header.provider = PARSEC_PROVIDER_CORE;
	r.header.opcode = PARSEC_OP_PING;
	mock_set_reply(mock, PARSEC_OP_PSA_SIGN_HASH, &r);
	ck_assert_int_eq(sign_once(), PARSEC_E_PROTOCOL);
}
END_TEST

START_TEST(test_service_status_is_returned_and_body_ignored)
{
	mock_reply_t r;

	mock_reply_init(&r, NULL);
	r.header.status = PARSEC_PSA_ERROR_NOT_PERMITTED;
	memcpy(r.body, "\xff\xff\xff", 3); /* not protobuf: never read */
	r.body_len = 3;
	mock_set_reply(mock, PARSEC_OP_PSA_SIGN_HASH, &r);
	ck_assert_int_eq(sign_once(), PARSEC_PSA_ERROR_NOT_PERMITTED);
}
END_TEST

START_TEST(test_header_cut_short_is_io_error)
{
	mock_reply_t r = sign_reply();

	r.close_after = 10;
	mock_set_reply(mock, PARSEC_OP_PSA_SIGN_HASH, &r);
	ck_assert_int_eq(sign_once(), PARSEC_E_IO);
}
END_TEST

START_TEST(test_body_cut_short_is_io_error)
{
	mock_reply_t r = sign_reply();

	r.keep_body_len = 1;
	r.header.body_len = (uint32_t)r.body_len + 100;
	mock_set_reply(mock, PARSEC_OP_PSA_SIGN_HASH, &r);
	ck_assert_int_eq(sign_once(), PARSEC_E_IO);
}
END_TEST

START_TEST(test_garbage_body_is_decode_error)
{
	mock_reply_t r;

	mock_reply_init(&r, NULL);
	/* field 1, length-delimited, 100 bytes announced, 2 present */
	memcpy(r.body, "\x0a\x64\x01\x02", 4);
	r.body_len = 4;
	mock_set_reply(mock, PARSEC_OP_PSA_SIGN_HASH, &r);
	ck_assert_int_eq(sign_once(), PARSEC_E_DECODE);
	ck_assert_ptr_nonnull(strstr(last_log, "not a valid"));
}
END_TEST

START_TEST(test_body_over_the_default_limit_is_too_large)
{
	mock_reply_t r = sign_reply();

	r.keep_body_len = 1;
	r.header.body_len = PARSEC_RESPONSE_BODY_LIMIT + 1;
	mock_set_reply(mock, PARSEC_OP_PSA_SIGN_HASH, &r);
	ck_assert_int_eq(sign_once(), PARSEC_E_TOO_LARGE);
}
END_TEST

START_TEST(test_configured_body_limit_is_exact)
{
	PsaGenerateRandom__Result res = PSA_GENERATE_RANDOM__RESULT__INIT;
	parsec_client_config_t cfg = {.endpoint = mock_endpoint(mock)};
	uint8_t random[14] = {9, 8, 7};
	parsec_client_t *c;
	parsec_buffer_t out;
	mock_reply_t r;

	res.random_bytes.data = random;
	res.random_bytes.len = sizeof(random);
	mock_reply_init(&r, &res.base); /* 2 bytes of framing: 16 */
	ck_assert_uint_eq(r.body_len, 16);
	mock_set_reply(mock, PARSEC_OP_PSA_GENERATE_RANDOM, &r);

	cfg.max_response_body = 16;
	ck_assert_int_eq(parsec_client_new(&cfg, &c), PARSEC_SUCCESS);
	ck_assert_int_eq(parsec_generate_random(c, 1, 14, &out),
			 PARSEC_SUCCESS);
	ck_assert_mem_eq(out.data, random, sizeof(random));
	parsec_buffer_free(&out);
	parsec_client_free(c);

	cfg.max_response_body = 15;
	ck_assert_int_eq(parsec_client_new(&cfg, &c), PARSEC_SUCCESS);
	ck_assert_int_eq(parsec_generate_random(c, 1, 14, &out),
			 PARSEC_E_TOO_LARGE);
	ck_assert_ptr_null(out.data);
	parsec_client_free(c);
}
END_TEST

START_TEST(test_silent_service_is_timeout)
{
	parsec_client_config_t cfg = {.endpoint = mock_endpoint(mock),
				      .io_timeout_ms = 200};
	uint8_t maj, min;
	parsec_client_t *c;
	mock_reply_t r;

	mock_reply_init(&r, NULL);
	r.silent = 1;
	mock_set_reply(mock, PARSEC_OP_PING, &r);
	ck_assert_int_eq(parsec_client_new(&cfg, &c), PARSEC_SUCCESS);
	ck_assert_int_eq(parsec_ping(c, &maj, &min), PARSEC_E_TIMEOUT);
	ck_assert_ptr_nonnull(strstr(last_log, "in time"));
	parsec_client_free(c);
}
END_TEST

START_TEST(test_missing_socket_is_connect_error)
{
	parsec_client_config_t cfg = {0};
	uint8_t maj, min;
	parsec_client_t *c;
	char endpoint[256];

	snprintf(endpoint, sizeof(endpoint), "unix:%s/absent.sock",
		 mock_dir(mock));
	cfg.endpoint = endpoint;
	ck_assert_int_eq(parsec_client_new(&cfg, &c), PARSEC_SUCCESS);
	ck_assert_int_eq(parsec_ping(c, &maj, &min), PARSEC_E_CONNECT);
	ck_assert_uint_eq(parsec_client_request_count(c), 0);
	parsec_client_free(c);
}
END_TEST

START_TEST(test_early_refusal_of_a_large_request_returns_the_status)
{
	parsec_client_t *c = mock_client(mock, PARSEC_AUTH_CHOICE_NONE);
	size_t big = 2 * PARSEC_BODY_LIMIT;
	uint8_t *input = calloc(1, big);
	parsec_buffer_t hash;
	mock_reply_t r;

	/* The service reads the header, sees the body is over its limit,
	 * answers with a default header and closes, body unread. */
	ck_assert_ptr_nonnull(input);
	mock_reply_init(&r, NULL);
	r.before_body = 1;
	r.echo = 0;
	r.header.opcode = PARSEC_OP_PING;
	r.header.status = PARSEC_BODY_SIZE_EXCEEDS_LIMIT;
	mock_set_reply(mock, PARSEC_OP_PSA_HASH_COMPUTE, &r);
	ck_assert_int_eq(parsec_hash_compute(c, 1, PARSEC_HASH_SHA_256, input,
					     big, &hash),
			 PARSEC_BODY_SIZE_EXCEEDS_LIMIT);
	free(input);
	parsec_client_free(c);
}
END_TEST

static const char *const bad_endpoints[] = {
	"tcp://127.0.0.1:1234",
	"unix:relative/parsec.sock",
	"relative/parsec.sock",
	"unix:",
	"UNIX:/run/parsec/parsec.sock",
	"http:/run/parsec/parsec.sock",
	"unix:/a/path/that/is/far/too/long/for/a/unix/socket/address/because/"
	"sun_path/holds/only/one/hundred/and/eight/bytes/x",
};

START_TEST(test_bad_endpoint_is_endpoint_error)
{
	parsec_client_config_t cfg = {.endpoint = bad_endpoints[_i]};
	parsec_client_t *c = (parsec_client_t *)&cfg;

	ck_assert_int_eq(parsec_client_new(&cfg, &c), PARSEC_E_ENDPOINT);
	ck_assert_ptr_null(c);
	ck_assert_int_eq(log_lines, 1);
}
END_TEST

START_TEST(test_endpoint_forms_and_default)
{
	parsec_client_config_t cfg = {.endpoint = "/run/x/parsec.sock"};
	parsec_client_t *c;

	ck_assert_int_eq(parsec_client_new(&cfg, &c), PARSEC_SUCCESS);
	ck_assert_str_eq(parsec_client_endpoint(c), "unix:/run/x/parsec.sock");
	parsec_client_free(c);

	setenv("PARSEC_SERVICE_ENDPOINT", "unix:/from/env.sock", 1);
	ck_assert_int_eq(parsec_client_new(NULL, &c), PARSEC_SUCCESS);
	ck_assert_str_eq(parsec_client_endpoint(c), "unix:/from/env.sock");
	parsec_client_free(c);

	unsetenv("PARSEC_SERVICE_ENDPOINT");
	ck_assert_int_eq(parsec_client_new(NULL, &c), PARSEC_SUCCESS);
	ck_assert_str_eq(parsec_client_endpoint(c),
			 "unix:/run/parsec/parsec.sock");
	parsec_client_free(c);

	setenv("PARSEC_SERVICE_ENDPOINT", "tcp://host:1", 1);
	ck_assert_int_eq(parsec_client_new(NULL, &c), PARSEC_E_ENDPOINT);
	unsetenv("PARSEC_SERVICE_ENDPOINT");
}
END_TEST

START_TEST(test_bad_configuration_is_args_error)
{
	parsec_client_config_t cfg = {.endpoint = "/x", .io_timeout_ms = -1};
	parsec_client_t *c;

	ck_assert_int_eq(parsec_client_new(&cfg, &c), PARSEC_E_ARGS);
	cfg.io_timeout_ms = 0;
	cfg.auth = (parsec_auth_choice_t)9;
	ck_assert_int_eq(parsec_client_new(&cfg, &c), PARSEC_E_ARGS);
	ck_assert_int_eq(parsec_client_new(&cfg, NULL), PARSEC_E_ARGS);
}
END_TEST

Suite *unit_suite(void)
{
	Suite *s = suite_create("client_wire");
	TCase *tc = tcase_create("wire");

	tcase_add_unchecked_fixture(tc, test_workdir_create,
				    test_workdir_remove);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_valid_response_is_accepted);
	tcase_add_test(tc, test_request_header_has_every_field_right);
	tcase_add_loop_test(tc, test_broken_response_header_is_protocol_error,
			    0, BROKEN_FIELDS);
	tcase_add_test(tc, test_default_header_error_returns_its_status);
	tcase_add_test(tc, test_unread_request_is_sent_again_twice_at_most);
	tcase_add_test(
		tc, test_connection_error_of_an_executed_request_is_not_resent);
	tcase_add_test(tc, test_default_header_with_success_is_protocol_error);
	tcase_add_test(tc, test_service_status_is_returned_and_body_ignored);
	tcase_add_test(tc, test_header_cut_short_is_io_error);
	tcase_add_test(tc, test_body_cut_short_is_io_error);
	tcase_add_test(tc, test_garbage_body_is_decode_error);
	tcase_add_test(tc, test_body_over_the_default_limit_is_too_large);
	tcase_add_test(tc, test_configured_body_limit_is_exact);
	tcase_add_test(tc, test_silent_service_is_timeout);
	tcase_add_test(tc, test_missing_socket_is_connect_error);
	tcase_add_test(
		tc, test_early_refusal_of_a_large_request_returns_the_status);
	tcase_add_loop_test(tc, test_bad_endpoint_is_endpoint_error, 0,
			    sizeof(bad_endpoints) / sizeof(bad_endpoints[0]));
	tcase_add_test(tc, test_endpoint_forms_and_default);
	tcase_add_test(tc, test_bad_configuration_is_args_error);
	suite_add_tcase(s, tc);
	return s;
}
