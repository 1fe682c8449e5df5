/*
 * test_client_auth.c - which credentials each call carries, how the
 * client picks its authenticator, and that one client serves many threads.
 * Which operations the service answers without authentication:
 * what the real service was measured to do (Parsec 1.1.0: Ping,
 * ListProviders, ListOpcodes, ListAuthenticators, PsaGenerateRandom and
 * PsaHashCompute need none).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mock_server.h"
#include "parsec/proto/list_authenticators.pb-c.h"
#include "test_token.h"
#include "test_workdir.h"
#include "unit.h"

static mock_server_t *mock;

static void setup(void)
{
	mock = mock_start();
	unsetenv("PARSEC_JWT_SVID_TOKEN");
	unsetenv("PARSEC_JWT_SVID_FILE");
}

static void teardown(void)
{
	parsec_log_set_handler(NULL, NULL);
	mock_stop(mock);
}

static const parsec_algorithm_t ecdsa = {PARSEC_ALG_ECDSA, PARSEC_HASH_SHA_256,
					 0};
static const parsec_algorithm_t oaep = {PARSEC_ALG_RSA_OAEP,
					PARSEC_HASH_SHA_256, 0};
static const parsec_algorithm_t ecdh = {PARSEC_ALG_ECDH, PARSEC_HASH_NONE, 0};
static const parsec_algorithm_t gcm = {PARSEC_ALG_AEAD_GCM, PARSEC_HASH_NONE,
				       0};
static const parsec_key_attributes_t attrs = {
	.type = PARSEC_KEY_TYPE_ECC_KEY_PAIR,
	.ecc_family = PARSEC_ECC_SECP_R1,
	.bits = 256,
	.usage = PARSEC_USAGE_SIGN_HASH,
	.alg = {PARSEC_ALG_ECDSA, PARSEC_HASH_SHA_256, 0},
};
static const uint8_t data[4] = {1, 2, 3, 4};

/* One call of each operation; the mock's default reply (status 0, empty
 * body) is a valid answer to all of them. */
static parsec_status_t run_op(parsec_client_t *c, int op)
{
	parsec_authenticator_info_t *auths = NULL;
	parsec_provider_info_t *providers = NULL;
	parsec_key_info_t *keys = NULL;
	parsec_buffer_t b = {0};
	parsec_status_t rc = PARSEC_E_ARGS;
	uint32_t *opcodes = NULL;
	uint8_t maj, min;
	size_t n = 0;

	switch (op) {
	case 0:
		return parsec_ping(c, &maj, &min);
	case 1:
		rc = parsec_list_providers(c, &providers, &n);
		break;
	case 2:
		rc = parsec_list_opcodes(c, 1, &opcodes, &n);
		break;
	case 3:
		rc = parsec_list_authenticators(c, &auths, &n);
		break;
	case 4:
		rc = parsec_generate_random(c, 1, 4, &b);
		break;
	case 5:
		rc = parsec_hash_compute(c, 1, PARSEC_HASH_SHA_256, data, 4,
					 &b);
		break;
	case 6:
		rc = parsec_list_keys(c, &keys, &n);
		break;
	case 7:
		return parsec_generate_key(c, 1, "k", &attrs);
	case 8:
		return parsec_import_key(c, 1, "k", &attrs, data, 4);
	case 9:
		rc = parsec_export_public_key(c, 1, "k", &b);
		break;
	case 10:
		rc = parsec_export_key(c, 1, "k", &b);
		break;
	case 11:
		return parsec_destroy_key(c, 1, "k");
	case 12:
		rc = parsec_sign_hash(c, 1, "k", &ecdsa, data, 4, &b);
		break;
	case 13:
		return parsec_verify_hash(c, 1, "k", &ecdsa, data, 4, data, 4);
	case 14:
		rc = parsec_asymmetric_encrypt(c, 1, "k", &oaep, data, 4, NULL,
					       0, &b);
		break;
	case 15:
		rc = parsec_asymmetric_decrypt(c, 1, "k", &oaep, data, 4, NULL,
					       0, &b);
		break;
	case 16:
		rc = parsec_raw_key_agreement(c, 1, &ecdh, "k", data, 4, &b);
		break;
	case 17:
		rc = parsec_aead_encrypt(c, 1, "k", &gcm, data, 4, NULL, 0,
					 data, 4, &b);
		break;
	case 18:
		rc = parsec_aead_decrypt(c, 1, "k", &gcm, data, 4, NULL, 0,
					 data, 4, &b);
		break;
	case 19:
		return parsec_can_do_crypto(c, 1, PARSEC_CHECK_USE, &attrs);
	}
	parsec_provider_info_free(providers, n);
	parsec_authenticator_info_free(auths, n);
	parsec_key_info_free(keys, n);
	free(opcodes);
	parsec_buffer_free(&b);
	return rc;
}

/* Operations 0 to 5 need no authentication; 6 to 19 do. */
#define OPS 20
#define FIRST_AUTHENTICATED_OP 6

START_TEST(test_each_call_carries_the_credentials_it_needs)
{
	parsec_client_t *c = mock_client(mock, PARSEC_AUTH_CHOICE_DIRECT);
	mock_request_t req;

	ck_assert_int_eq(run_op(c, _i), PARSEC_SUCCESS);
	mock_request_get(mock, -1, &req);
	if (_i < FIRST_AUTHENTICATED_OP) {
		ck_assert_uint_eq(req.header.auth_type, PARSEC_AUTH_NONE);
		ck_assert_uint_eq(req.header.auth_len, 0);
	} else {
		ck_assert_uint_eq(req.header.auth_type, PARSEC_AUTH_DIRECT);
		ck_assert_uint_eq(req.auth_len, strlen("unit-app"));
		ck_assert_mem_eq(req.auth, "unit-app", req.auth_len);
	}
	ck_assert_uint_eq(mock_request_count(mock), 1);
	ck_assert_uint_eq(parsec_client_request_count(c), 1);
	mock_request_free(&req);
	parsec_client_free(c);
}
END_TEST

/* Makes the mock's ListAuthenticators offer these ids, in this order. */
static void offer(const uint32_t *ids, size_t n)
{
	ListAuthenticators__AuthenticatorInfo infos[4];
	ListAuthenticators__AuthenticatorInfo *items[4];
	ListAuthenticators__Result res = LIST_AUTHENTICATORS__RESULT__INIT;
	mock_reply_t r;
	size_t i;

	ck_assert_uint_le(n, 4);
	for (i = 0; i < n; i++) {
		list_authenticators__authenticator_info__init(&infos[i]);
		infos[i].id = ids[i];
		infos[i].description = "offered";
		items[i] = &infos[i];
	}
	res.authenticators = items;
	res.n_authenticators = n;
	mock_reply_init(&r, &res.base);
	mock_set_reply(mock, PARSEC_OP_LIST_AUTHENTICATORS, &r);
}

static size_t requests_with_opcode(uint32_t opcode)
{
	size_t i, n = 0, total = mock_request_count(mock);
	mock_request_t req;

	for (i = 0; i < total; i++) {
		mock_request_get(mock, (long)i, &req);
		n += req.header.opcode == opcode;
		mock_request_free(&req);
	}
	return n;
}

START_TEST(test_auto_takes_the_services_first_usable_authenticator)
{
	const uint32_t ids[] = {PARSEC_AUTH_UNIX_PEER_CREDENTIALS,
				PARSEC_AUTH_DIRECT};
	parsec_client_t *c = mock_client(mock, PARSEC_AUTH_CHOICE_AUTO);
	uint32_t uid = (uint32_t)geteuid();
	const uint8_t uid_le[4] = {(uint8_t)uid, (uint8_t)(uid >> 8),
				   (uint8_t)(uid >> 16), (uint8_t)(uid >> 24)};
	mock_request_t req;

	offer(ids, 2);
	ck_assert_int_eq(parsec_client_auth_type(c), PARSEC_AUTH_NONE);
	ck_assert_int_eq(parsec_client_select_auth(c), PARSEC_SUCCESS);
	ck_assert_int_eq(parsec_client_auth_type(c),
			 PARSEC_AUTH_UNIX_PEER_CREDENTIALS);
	mock_request_get(mock, 0, &req);
	ck_assert_uint_eq(req.header.opcode, PARSEC_OP_LIST_AUTHENTICATORS);
	ck_assert_uint_eq(req.header.auth_type, PARSEC_AUTH_NONE);
	mock_request_free(&req);

	ck_assert_int_eq(run_op(c, 12), PARSEC_SUCCESS); /* sign */
	mock_request_get(mock, -1, &req);
	ck_assert_uint_eq(req.header.auth_type,
			  PARSEC_AUTH_UNIX_PEER_CREDENTIALS);
	ck_assert_uint_eq(req.auth_len, 4);
	ck_assert_mem_eq(req.auth, uid_le, 4);
	mock_request_free(&req);
	ck_assert_uint_eq(parsec_client_request_count(c), 2);
	parsec_client_free(c);
}
END_TEST

START_TEST(test_auto_skips_jwt_svid_without_a_token)
{
	const uint32_t ids[] = {PARSEC_AUTH_JWT_SVID, PARSEC_AUTH_DIRECT};
	parsec_client_t *c = mock_client(mock, PARSEC_AUTH_CHOICE_AUTO);
	const char *identity;

	offer(ids, 2);
	ck_assert_int_eq(parsec_client_identity(c, &identity), PARSEC_SUCCESS);
	ck_assert_str_eq(identity, "direct:unit-app");
	ck_assert_int_eq(parsec_client_auth_type(c), PARSEC_AUTH_DIRECT);
	parsec_client_free(c);
}
END_TEST

START_TEST(test_auto_takes_jwt_svid_when_a_token_exists)
{
	const uint32_t ids[] = {PARSEC_AUTH_JWT_SVID, PARSEC_AUTH_DIRECT};
	char *token = test_token_make("{\"sub\":\"spiffe://td/w\"}");
	parsec_client_t *c;
	const char *identity;
	mock_request_t req;

	setenv("PARSEC_JWT_SVID_TOKEN", token, 1);
	c = mock_client(mock, PARSEC_AUTH_CHOICE_AUTO);
	offer(ids, 2);
	ck_assert_int_eq(parsec_client_identity(c, &identity), PARSEC_SUCCESS);
	ck_assert_str_eq(identity, "spiffe:spiffe://td/w");
	ck_assert_int_eq(run_op(c, 11), PARSEC_SUCCESS); /* destroy */
	mock_request_get(mock, -1, &req);
	ck_assert_uint_eq(req.header.auth_type, PARSEC_AUTH_JWT_SVID);
	ck_assert_uint_eq(req.auth_len, strlen(token));
	ck_assert_mem_eq(req.auth, token, req.auth_len);
	mock_request_free(&req);
	free(token);
	parsec_client_free(c);
}
END_TEST

START_TEST(test_auto_without_a_usable_authenticator_fails_and_retries)
{
	const uint32_t ids[] = {PARSEC_AUTH_JWT};
	parsec_client_t *c = mock_client(mock, PARSEC_AUTH_CHOICE_AUTO);

	offer(ids, 1);
	ck_assert_int_eq(parsec_client_select_auth(c),
			 PARSEC_E_NO_AUTHENTICATOR);
	ck_assert_int_eq(run_op(c, 6), PARSEC_E_NO_AUTHENTICATOR);
	/* a failed choice is not kept: the service was asked twice, and
	 * the key operation itself never went out */
	ck_assert_uint_eq(requests_with_opcode(PARSEC_OP_LIST_AUTHENTICATORS),
			  2);
	ck_assert_uint_eq(mock_request_count(mock), 2);
	offer(NULL, 0);
	ck_assert_int_eq(parsec_client_select_auth(c),
			 PARSEC_E_NO_AUTHENTICATOR);
	ck_assert_int_eq(parsec_client_auth_type(c), PARSEC_AUTH_NONE);
	parsec_client_free(c);
}
END_TEST

START_TEST(test_auto_with_the_service_down_is_connect_error)
{
	parsec_client_config_t cfg = {.auth = PARSEC_AUTH_CHOICE_AUTO};
	const char *identity = "unchanged";
	parsec_client_t *c;
	char endpoint[256];

	snprintf(endpoint, sizeof(endpoint), "unix:%s/down.sock",
		 mock_dir(mock));
	cfg.endpoint = endpoint;
	ck_assert_int_eq(parsec_client_new(&cfg, &c), PARSEC_SUCCESS);
	ck_assert_int_eq(parsec_client_identity(c, &identity),
			 PARSEC_E_CONNECT);
	ck_assert_ptr_null(identity);
	parsec_client_free(c);
}
END_TEST

START_TEST(test_configured_choices_do_not_ask_the_service)
{
	parsec_client_t *c = mock_client(mock, PARSEC_AUTH_CHOICE_UNIX_PEER);
	const char *identity;
	char expected[32];

	ck_assert_int_eq(parsec_client_identity(c, &identity), PARSEC_SUCCESS);
	snprintf(expected, sizeof(expected), "unix:%u", (unsigned)geteuid());
	ck_assert_str_eq(identity, expected);
	parsec_client_free(c);

	c = mock_client(mock, PARSEC_AUTH_CHOICE_NONE);
	ck_assert_int_eq(parsec_client_identity(c, &identity), PARSEC_SUCCESS);
	ck_assert_str_eq(identity, "none");
	ck_assert_int_eq(run_op(c, 12), PARSEC_SUCCESS);
	parsec_client_free(c);
	ck_assert_uint_eq(requests_with_opcode(PARSEC_OP_LIST_AUTHENTICATORS),
			  0);
}
END_TEST

START_TEST(test_unusable_configured_credentials_send_nothing)
{
	parsec_client_config_t cfg = {.endpoint = mock_endpoint(mock),
				      .auth = PARSEC_AUTH_CHOICE_DIRECT,
				      .app_name = ""};
	parsec_client_t *c;

	ck_assert_int_eq(parsec_client_new(&cfg, &c), PARSEC_SUCCESS);
	ck_assert_int_eq(run_op(c, 12), PARSEC_E_AUTH);
	ck_assert_int_eq(run_op(c, 0), PARSEC_SUCCESS); /* ping needs none */
	ck_assert_uint_eq(mock_request_count(mock), 1);
	parsec_client_free(c);
}
END_TEST

static char logged[65536];
static size_t logged_len;
static pthread_mutex_t logged_lock = PTHREAD_MUTEX_INITIALIZER;

static void keep_log(parsec_log_level_t level, const char *msg, void *ctx)
{
	int n;

	(void)level;
	(void)ctx;
	pthread_mutex_lock(&logged_lock);
	n = snprintf(logged + logged_len, sizeof(logged) - logged_len, "%s\n",
		     msg);
	if (n > 0 && (size_t)n < sizeof(logged) - logged_len)
		logged_len += (size_t)n;
	pthread_mutex_unlock(&logged_lock);
}

START_TEST(test_tokens_never_reach_the_log)
{
	char *token = test_token_make("{\"sub\":\"spiffe://td/secret\"}");
	parsec_client_config_t cfg = {.endpoint = mock_endpoint(mock),
				      .auth = PARSEC_AUTH_CHOICE_JWT_SVID,
				      .jwt_svid_token = token};
	const char *signature = strrchr(token, '.') + 1;
	parsec_client_t *c;
	mock_reply_t r;

	logged_len = 0;
	logged[0] = 0;
	parsec_log_set_handler(keep_log, NULL);
	parsec_log_set_level(PARSEC_LOG_DEBUG);
	mock_reply_init(&r, NULL);
	r.header.status = PARSEC_AUTHENTICATION_ERROR;
	mock_set_reply(mock, PARSEC_OP_PSA_SIGN_HASH, &r);
	ck_assert_int_eq(parsec_client_new(&cfg, &c), PARSEC_SUCCESS);
	ck_assert_int_eq(run_op(c, 12), PARSEC_AUTHENTICATION_ERROR);
	ck_assert_int_eq(run_op(c, 0), PARSEC_SUCCESS);
	ck_assert_uint_gt(logged_len, 0); /* debug lines were written */
	ck_assert_ptr_null(strstr(logged, token));
	ck_assert_ptr_null(strstr(logged, signature));
	parsec_log_set_level(PARSEC_LOG_WARNING);
	parsec_client_free(c);
	free(token);
}
END_TEST

#define THREADS 8
#define ROUNDS 20

static void *worker(void *arg)
{
	parsec_client_t *c = arg;
	long failures = 0;
	int i;

	for (i = 0; i < ROUNDS; i++) {
		failures += run_op(c, 6) != PARSEC_SUCCESS; /* list keys */
		failures += run_op(c, 0) != PARSEC_SUCCESS; /* ping */
	}
	return (void *)failures;
}

START_TEST(test_one_client_serves_many_threads)
{
	const uint32_t ids[] = {PARSEC_AUTH_DIRECT};
	parsec_client_t *c = mock_client(mock, PARSEC_AUTH_CHOICE_AUTO);
	pthread_t threads[THREADS];
	void *failures;
	int i;

	offer(ids, 1);
	for (i = 0; i < THREADS; i++)
		ck_assert_int_eq(pthread_create(&threads[i], NULL, worker, c),
				 0);
	for (i = 0; i < THREADS; i++) {
		ck_assert_int_eq(pthread_join(threads[i], &failures), 0);
		ck_assert_ptr_null(failures);
	}
	/* every call went out once, plus one shared ListAuthenticators */
	ck_assert_uint_eq(parsec_client_request_count(c),
			  THREADS * ROUNDS * 2 + 1);
	ck_assert_uint_eq(mock_request_count(mock), THREADS * ROUNDS * 2 + 1);
	ck_assert_uint_eq(requests_with_opcode(PARSEC_OP_LIST_AUTHENTICATORS),
			  1);
	parsec_client_free(c);
}
END_TEST

Suite *unit_suite(void)
{
	Suite *s = suite_create("client_auth");
	TCase *tc = tcase_create("auth");

	tcase_add_unchecked_fixture(tc, test_workdir_create,
				    test_workdir_remove);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_each_call_carries_the_credentials_it_needs,
			    0, OPS);
	tcase_add_test(tc,
		       test_auto_takes_the_services_first_usable_authenticator);
	tcase_add_test(tc, test_auto_skips_jwt_svid_without_a_token);
	tcase_add_test(tc, test_auto_takes_jwt_svid_when_a_token_exists);
	tcase_add_test(
		tc, test_auto_without_a_usable_authenticator_fails_and_retries);
	tcase_add_test(tc, test_auto_with_the_service_down_is_connect_error);
	tcase_add_test(tc, test_configured_choices_do_not_ask_the_service);
	tcase_add_test(tc, test_unusable_configured_credentials_send_nothing);
	tcase_add_test(tc, test_tokens_never_reach_the_log);
	tcase_add_test(tc, test_one_client_serves_many_threads);
	suite_add_tcase(s, tc);
	return s;
}
