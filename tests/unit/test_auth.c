/*
 * test_auth.c - what each authenticator puts on the wire and who it says
 * the application is. Wire encodings: parsec-interface request_auth.rs
 * and the Parsec book's authenticator pages (direct: UTF-8 name; Unix
 * peer credentials: uid as u32 little-endian; JWT-SVID: the token).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parsec/auth.h"
#include "test_token.h"
#include "test_workdir.h"
#include "unit.h"

#define SPIFFE_ID "spiffe://example.org/ns/prod/app"

static char dir[PATH_MAX];

static void setup(void)
{
	test_workdir_mkdtemp(dir, sizeof(dir), "auth");
	unsetenv("PARSEC_JWT_SVID_TOKEN");
	unsetenv("PARSEC_JWT_SVID_FILE");
}

static void teardown(void)
{
	unsetenv("PARSEC_JWT_SVID_TOKEN");
	unsetenv("PARSEC_JWT_SVID_FILE");
}

/* The auth bytes of a, as a NUL-terminated copy (free()). */
static char *bytes_of(const auth_t *a, size_t *len)
{
	uint8_t *bytes = NULL;
	char *copy;

	ck_assert_int_eq(a->ops->bytes(a, &bytes, len), PARSEC_SUCCESS);
	copy = calloc(1, *len + 1);
	ck_assert_ptr_nonnull(copy);
	if (*len)
		memcpy(copy, bytes, *len);
	auth_bytes_free(bytes, *len);
	return copy;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

START_TEST(test_direct_sends_the_application_name)
{
	auth_config_t cfg = {.app_name = "billing-service"};
	auth_t *a;
	size_t len;
	char *bytes;

	ck_assert_int_eq(auth_new(PARSEC_AUTH_DIRECT, &cfg, &a),
			 PARSEC_SUCCESS);
	ck_assert_uint_eq(a->ops->type, 1);
	bytes = bytes_of(a, &len);
	ck_assert_uint_eq(len, strlen("billing-service"));
	ck_assert_mem_eq(bytes, "billing-service", len);
	ck_assert_str_eq(a->ops->identity(a), "direct:billing-service");
	free(bytes);
	auth_free(a);
}
END_TEST

START_TEST(test_direct_sends_utf8_names_unchanged)
{
	auth_config_t cfg = {.app_name = "caf\xc3\xa9-\xe2\x82\xac"};
	auth_t *a;
	size_t len;
	char *bytes;

	ck_assert_int_eq(auth_new(PARSEC_AUTH_DIRECT, &cfg, &a),
			 PARSEC_SUCCESS);
	bytes = bytes_of(a, &len);
	ck_assert_uint_eq(len, 9);
	ck_assert_mem_eq(bytes, "caf\xc3\xa9-\xe2\x82\xac", 9);
	free(bytes);
	auth_free(a);
}
END_TEST

START_TEST(test_direct_defaults_to_the_program_name)
{
	auth_config_t cfg = {0};
	char expected[256];
	auth_t *a;

	ck_assert_int_eq(auth_new(PARSEC_AUTH_DIRECT, &cfg, &a),
			 PARSEC_SUCCESS);
	snprintf(expected, sizeof(expected), "direct:%s",
		 program_invocation_short_name);
	ck_assert_str_eq(a->ops->identity(a), expected);
	auth_free(a);
}
END_TEST

static const char *const bad_names[] = {
	"",
	"\xff\xfe",
	"overlong-\xc0\xaf",
	"surrogate-\xed\xa0\x80",
	"truncated-\xe2\x82",
	"beyond-\xf4\x90\x80\x80",
};

START_TEST(test_direct_refuses_empty_or_invalid_utf8_names)
{
	auth_config_t cfg = {.app_name = (char *)bad_names[_i]};
	auth_t *a = (auth_t *)&cfg; /* must be reset */

	ck_assert_int_eq(auth_new(PARSEC_AUTH_DIRECT, &cfg, &a), PARSEC_E_AUTH);
	ck_assert_ptr_null(a);
}
END_TEST

START_TEST(test_unix_sends_euid_little_endian)
{
	uint32_t uid = (uint32_t)geteuid();
	const uint8_t expected[4] = {(uint8_t)uid, (uint8_t)(uid >> 8),
				     (uint8_t)(uid >> 16),
				     (uint8_t)(uid >> 24)};
	auth_config_t cfg = {0};
	char identity[32];
	auth_t *a;
	size_t len;
	char *bytes;

	ck_assert_int_eq(auth_new(PARSEC_AUTH_UNIX_PEER_CREDENTIALS, &cfg, &a),
			 PARSEC_SUCCESS);
	ck_assert_uint_eq(a->ops->type, 3);
	bytes = bytes_of(a, &len);
	ck_assert_uint_eq(len, 4);
	ck_assert_mem_eq(bytes, expected, 4);
	snprintf(identity, sizeof(identity), "unix:%u", uid);
	ck_assert_str_eq(a->ops->identity(a), identity);
	free(bytes);
	auth_free(a);
}
END_TEST

START_TEST(test_none_sends_no_bytes)
{
	auth_config_t cfg = {0};
	auth_t *a;
	size_t len = 99;
	char *bytes;

	ck_assert_int_eq(auth_new(PARSEC_AUTH_NONE, &cfg, &a), PARSEC_SUCCESS);
	ck_assert_uint_eq(a->ops->type, 0);
	bytes = bytes_of(a, &len);
	ck_assert_uint_eq(len, 0);
	ck_assert_str_eq(a->ops->identity(a), "none");
	free(bytes);
	auth_free(a);
}
END_TEST

START_TEST(test_unimplemented_auth_types_are_no_authenticator)
{
	auth_config_t cfg = {.app_name = "x"};
	auth_t *a;

	/* 2 is Parsec's never-implemented JWT authenticator */
	ck_assert_int_eq(auth_new(PARSEC_AUTH_JWT, &cfg, &a),
			 PARSEC_E_NO_AUTHENTICATOR);
	ck_assert_int_eq(auth_new(5, &cfg, &a), PARSEC_E_NO_AUTHENTICATOR);
	ck_assert_ptr_null(a);
}
END_TEST

START_TEST(test_jwt_svid_sends_the_configured_token)
{
	char *token = test_token_make("{\"sub\":\"" SPIFFE_ID "\",\"aud\":"
				      "[\"parsec\"],\"exp\":1900000000}");
	char *with_newline = NULL;
	auth_config_t cfg = {0};
	auth_t *a;
	size_t len;
	char *bytes;

	ck_assert_int_gt(asprintf(&with_newline, "%s\n", token), 0);
	cfg.jwt_svid_token = with_newline;
	ck_assert_int_eq(auth_new(PARSEC_AUTH_JWT_SVID, &cfg, &a),
			 PARSEC_SUCCESS);
	ck_assert_uint_eq(a->ops->type, 4);
	bytes = bytes_of(a, &len);
	ck_assert_uint_eq(len, strlen(token));
	ck_assert_str_eq(bytes, token);
	ck_assert_str_eq(a->ops->identity(a), "spiffe:" SPIFFE_ID);
	free(bytes);
	free(token);
	free(with_newline);
	auth_free(a);
}
END_TEST

START_TEST(test_jwt_svid_takes_the_token_from_the_environment)
{
	char *token = test_token_make("{\"sub\":\"spiffe://td/env\"}");
	auth_config_t cfg = {0};
	auth_t *a;
	size_t len;
	char *bytes;

	setenv("PARSEC_JWT_SVID_TOKEN", token, 1);
	ck_assert_int_eq(auth_new(PARSEC_AUTH_JWT_SVID, &cfg, &a),
			 PARSEC_SUCCESS);
	bytes = bytes_of(a, &len);
	ck_assert_str_eq(bytes, token);
	ck_assert_str_eq(a->ops->identity(a), "spiffe:spiffe://td/env");
	free(bytes);
	free(token);
	auth_free(a);
}
END_TEST

START_TEST(test_jwt_svid_file_is_read_again_for_each_request)
{
	char *first = test_token_make("{\"sub\":\"spiffe://td/svc\",\"n\":1}");
	char *second = test_token_make("{\"sub\":\"spiffe://td/svc\",\"n\":2}");
	char *contents = NULL, *bytes;
	auth_config_t cfg = {0};
	char path[PATH_MAX + 16];
	auth_t *a;
	size_t len;

	snprintf(path, sizeof(path), "%s/token", dir);
	ck_assert_int_gt(asprintf(&contents, "%s\r\n\n", first), 0);
	write_file(path, contents);
	setenv("PARSEC_JWT_SVID_FILE", path, 1);
	ck_assert_int_eq(auth_new(PARSEC_AUTH_JWT_SVID, &cfg, &a),
			 PARSEC_SUCCESS);
	bytes = bytes_of(a, &len);
	ck_assert_str_eq(bytes, first);
	free(bytes);

	write_file(path, second);
	bytes = bytes_of(a, &len);
	ck_assert_str_eq(bytes, second);
	ck_assert_str_eq(a->ops->identity(a), "spiffe:spiffe://td/svc");
	free(bytes);

	unlink(path);
	ck_assert_int_eq(a->ops->bytes(a, (uint8_t **)&bytes, &len),
			 PARSEC_E_AUTH);
	free(first);
	free(second);
	free(contents);
	auth_free(a);
}
END_TEST

START_TEST(test_jwt_svid_config_file_wins_over_environment)
{
	char *token = test_token_make("{\"sub\":\"spiffe://td/file\"}");
	char *env = test_token_make("{\"sub\":\"spiffe://td/env\"}");
	auth_config_t cfg = {0};
	char path[PATH_MAX + 16];
	auth_t *a;

	snprintf(path, sizeof(path), "%s/token", dir);
	write_file(path, token);
	setenv("PARSEC_JWT_SVID_TOKEN", env, 1);
	cfg.jwt_svid_file = path;
	ck_assert_int_eq(auth_new(PARSEC_AUTH_JWT_SVID, &cfg, &a),
			 PARSEC_SUCCESS);
	ck_assert_str_eq(a->ops->identity(a), "spiffe:spiffe://td/file");
	free(token);
	free(env);
	auth_free(a);
}
END_TEST

START_TEST(test_jwt_svid_missing_file_is_auth_error)
{
	auth_config_t cfg = {0};
	char path[PATH_MAX + 16];
	auth_t *a;

	snprintf(path, sizeof(path), "%s/absent", dir);
	cfg.jwt_svid_file = path;
	ck_assert_int_eq(auth_new(PARSEC_AUTH_JWT_SVID, &cfg, &a),
			 PARSEC_E_AUTH);
	ck_assert_ptr_null(a);
}
END_TEST

START_TEST(test_jwt_svid_empty_file_is_auth_error)
{
	auth_config_t cfg = {0};
	char path[PATH_MAX + 16];
	auth_t *a;

	snprintf(path, sizeof(path), "%s/token", dir);
	write_file(path, " \n");
	cfg.jwt_svid_file = path;
	ck_assert_int_eq(auth_new(PARSEC_AUTH_JWT_SVID, &cfg, &a),
			 PARSEC_E_AUTH);
}
END_TEST

START_TEST(test_jwt_svid_file_that_is_not_a_regular_file_is_auth_error)
{
	auth_config_t cfg = {0};
	char path[PATH_MAX + 16];
	auth_t *a;

	/* A FIFO with no writer would block open() and read() for ever. */
	snprintf(path, sizeof(path), "%s/token.fifo", dir);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	cfg.jwt_svid_file = path;
	ck_assert_int_eq(auth_new(PARSEC_AUTH_JWT_SVID, &cfg, &a),
			 PARSEC_E_AUTH);
	ck_assert_ptr_null(a);
	/* nor is a directory a token */
	cfg.jwt_svid_file = dir;
	ck_assert_int_eq(auth_new(PARSEC_AUTH_JWT_SVID, &cfg, &a),
			 PARSEC_E_AUTH);
}
END_TEST

START_TEST(test_jwt_svid_without_any_token_is_auth_error)
{
	auth_config_t cfg = {0};
	auth_t *a;

	ck_assert_int_eq(auth_new(PARSEC_AUTH_JWT_SVID, &cfg, &a),
			 PARSEC_E_AUTH);
	setenv("PARSEC_JWT_SVID_TOKEN", "", 1);
	ck_assert_int_eq(auth_new(PARSEC_AUTH_JWT_SVID, &cfg, &a),
			 PARSEC_E_AUTH);
}
END_TEST

START_TEST(test_jwt_svid_token_without_subject_is_auth_error)
{
	char *token = test_token_make("{\"aud\":\"parsec\"}");
	auth_config_t cfg = {.jwt_svid_token = token};
	auth_t *a;

	ck_assert_int_eq(auth_new(PARSEC_AUTH_JWT_SVID, &cfg, &a),
			 PARSEC_E_AUTH);
	cfg.jwt_svid_token = "not-a-jwt";
	ck_assert_int_eq(auth_new(PARSEC_AUTH_JWT_SVID, &cfg, &a),
			 PARSEC_E_AUTH);
	free(token);
}
END_TEST

Suite *unit_suite(void)
{
	Suite *s = suite_create("auth");
	TCase *tc = tcase_create("authenticators");

	tcase_add_unchecked_fixture(tc, test_workdir_create,
				    test_workdir_remove);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_direct_sends_the_application_name);
	tcase_add_test(tc, test_direct_sends_utf8_names_unchanged);
	tcase_add_test(tc, test_direct_defaults_to_the_program_name);
	tcase_add_loop_test(tc, test_direct_refuses_empty_or_invalid_utf8_names,
			    0, sizeof(bad_names) / sizeof(bad_names[0]));
	tcase_add_test(tc, test_unix_sends_euid_little_endian);
	tcase_add_test(tc, test_none_sends_no_bytes);
	tcase_add_test(tc, test_unimplemented_auth_types_are_no_authenticator);
	tcase_add_test(tc, test_jwt_svid_sends_the_configured_token);
	tcase_add_test(tc, test_jwt_svid_takes_the_token_from_the_environment);
	tcase_add_test(tc, test_jwt_svid_file_is_read_again_for_each_request);
	tcase_add_test(tc, test_jwt_svid_config_file_wins_over_environment);
	tcase_add_test(tc, test_jwt_svid_missing_file_is_auth_error);
	tcase_add_test(tc, test_jwt_svid_empty_file_is_auth_error);
	tcase_add_test(
		tc,
		test_jwt_svid_file_that_is_not_a_regular_file_is_auth_error);
	tcase_add_test(tc, test_jwt_svid_without_any_token_is_auth_error);
	tcase_add_test(tc, test_jwt_svid_token_without_subject_is_auth_error);
	suite_add_tcase(s, tc);
	return s;
}
