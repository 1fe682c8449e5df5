/*
 * test-mapping-config.c - defaults, the config file, the environment and
 * their errors (mapping/config.c).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mapping/config.h"
#include "tests/unit/test-mapping-util.h"

/* A fake environment: name=value pairs, NULL-terminated. */
static const char *const *fake_vars;

static const char *fake_env(const char *name)
{
	size_t n = strlen(name);
	const char *const *v;

	for (v = fake_vars; v != NULL && *v != NULL; v++)
		if (strncmp(*v, name, n) == 0 && (*v)[n] == '=')
			return *v + n + 1;
	return NULL;
}

static char *dir;
static char *conf;

static void setup(void)
{
	static const char *const home_only[] = {"HOME=/home/alice", NULL};

	dir = test_tmpdir_make();
	ck_assert_ptr_nonnull(dir);
	conf = test_path(dir, "parsec-pkcs11.conf");
	fake_vars = home_only;
}

static void teardown(void)
{
	free(conf);
	test_tmpdir_remove(dir);
}

/* Loads conf holding text; returns the rc, *err kept for the caller. */
static config_rc_t load_text(config_t *cfg, const char *text, char **err)
{
	ck_assert_int_eq(test_write_file(conf, text), 0);
	return config_load_from(cfg, conf, fake_env, err);
}

START_TEST(test_defaults_apply_without_file_or_environment)
{
	config_t cfg;
	char *err = NULL;

	ck_assert_int_eq(config_load_from(&cfg, NULL, fake_env, &err),
			 CONFIG_OK);
	ck_assert_ptr_null(err);
	ck_assert_ptr_null(cfg.endpoint);
	ck_assert_str_eq(cfg.service_id, "unix:/run/parsec/parsec.sock");
	ck_assert_int_eq(cfg.auth, PARSEC_AUTH_CHOICE_AUTO);
	ck_assert_ptr_null(cfg.app_name);
	ck_assert_ptr_null(cfg.jwt_svid_file);
	ck_assert_str_eq(cfg.store, "sqlite:/home/alice/.local/share/"
				    "parsec-pkcs11/metadata.sqlite");
	ck_assert_str_eq(cfg.naming, "{label}");
	ck_assert_int_eq(cfg.all_providers, 1);
	ck_assert_int_eq(cfg.log_level, PARSEC_LOG_WARNING);
	ck_assert_int_eq(cfg.log_dest, CONFIG_LOG_STDERR);
	ck_assert_uint_eq(cfg.pin_kdf_iterations, 200000);
	ck_assert_int_eq(cfg.connect_timeout_ms, 1000);
	ck_assert_int_eq(cfg.io_timeout_ms, 5000);
	ck_assert_ptr_null(cfg.source);
	config_free(&cfg);
}
END_TEST

static const char every_key[] =
	"# parsec-pkcs11 test configuration\n"
	"\n"
	"   endpoint   =   unix:/tmp/parsec.sock   \n"
	"service_id=prod-parsec\n"
	"\tauth = jwt-svid\n"
	"app_name = my app\n"
	"jwt_svid_file = /run/spire/svid.jwt # the token file\n"
	"store = /var/tmp/store.sqlite\n"
	"naming = pkcs11-#{label}-{id}\n"
	"providers = 3, 1\n"
	"log_level = debug\n"
	"log = syslog\n"
	"   # indented comment\n"
	"pin_kdf_iterations = 1000\n"
	"connect_timeout_ms = 250\n"
	"io_timeout_ms = 7000\n";

START_TEST(test_file_sets_every_key_with_comments_and_spaces)
{
	config_t cfg;
	char *err = NULL;

	ck_assert_int_eq(load_text(&cfg, every_key, &err), CONFIG_OK);
	ck_assert_str_eq(cfg.endpoint, "unix:/tmp/parsec.sock");
	ck_assert_str_eq(cfg.service_id, "prod-parsec");
	ck_assert_int_eq(cfg.auth, PARSEC_AUTH_CHOICE_JWT_SVID);
	ck_assert_str_eq(cfg.app_name, "my app");
	ck_assert_str_eq(cfg.jwt_svid_file, "/run/spire/svid.jwt");
	ck_assert_str_eq(cfg.store, "sqlite:/var/tmp/store.sqlite");
	ck_assert_str_eq(cfg.naming, "pkcs11-#{label}-{id}");
	ck_assert_int_eq(cfg.all_providers, 0);
	ck_assert_uint_eq(cfg.n_providers, 2);
	ck_assert_uint_eq(cfg.providers[0], 3);
	ck_assert_uint_eq(cfg.providers[1], 1);
	ck_assert_int_eq(cfg.log_level, PARSEC_LOG_DEBUG);
	ck_assert_int_eq(cfg.log_dest, CONFIG_LOG_SYSLOG);
	ck_assert_uint_eq(cfg.pin_kdf_iterations, 1000);
	ck_assert_int_eq(cfg.connect_timeout_ms, 250);
	ck_assert_int_eq(cfg.io_timeout_ms, 7000);
	ck_assert_str_eq(cfg.source, conf);
	config_free(&cfg);
}
END_TEST

START_TEST(test_environment_overrides_file)
{
	static const char *const vars[] = {
		"HOME=/home/alice",
		"PARSEC_SERVICE_ENDPOINT=unix:/env/parsec.sock",
		"PARSEC_PKCS11_SERVICE_ID=env-service",
		"PARSEC_PKCS11_AUTH=unix",
		"PARSEC_PKCS11_APP_NAME=env-app",
		"PARSEC_JWT_SVID_FILE=/env/svid",
		"PARSEC_PKCS11_STORE=sqlite:/env/store.sqlite",
		"PARSEC_PKCS11_NAMING={id}",
		"PARSEC_PKCS11_PROVIDERS=all",
		"PARSEC_PKCS11_LOG_LEVEL=error",
		"PARSEC_PKCS11_LOG=none",
		"PARSEC_PKCS11_PIN_ITERATIONS=5",
		"PARSEC_PKCS11_CONNECT_TIMEOUT=11",
		"PARSEC_PKCS11_IO_TIMEOUT=22",
		NULL,
	};
	config_t cfg;
	char *err = NULL;

	fake_vars = vars;
	ck_assert_int_eq(load_text(&cfg, every_key, &err), CONFIG_OK);
	ck_assert_str_eq(cfg.endpoint, "unix:/env/parsec.sock");
	ck_assert_str_eq(cfg.service_id, "env-service");
	ck_assert_int_eq(cfg.auth, PARSEC_AUTH_CHOICE_UNIX_PEER);
	ck_assert_str_eq(cfg.app_name, "env-app");
	ck_assert_str_eq(cfg.jwt_svid_file, "/env/svid");
	ck_assert_str_eq(cfg.store, "sqlite:/env/store.sqlite");
	ck_assert_str_eq(cfg.naming, "{id}");
	ck_assert_int_eq(cfg.all_providers, 1);
	ck_assert_int_eq(cfg.log_level, PARSEC_LOG_ERROR);
	ck_assert_int_eq(cfg.log_dest, CONFIG_LOG_NONE);
	ck_assert_uint_eq(cfg.pin_kdf_iterations, 5);
	ck_assert_int_eq(cfg.connect_timeout_ms, 11);
	ck_assert_int_eq(cfg.io_timeout_ms, 22);
	config_free(&cfg);
}
END_TEST

START_TEST(test_empty_environment_variable_is_unset)
{
	static const char *const vars[] = {"HOME=/home/alice",
					   "PARSEC_PKCS11_AUTH=", NULL};
	config_t cfg;

	fake_vars = vars;
	ck_assert_int_eq(load_text(&cfg, "auth = direct\n", NULL), CONFIG_OK);
	ck_assert_int_eq(cfg.auth, PARSEC_AUTH_CHOICE_DIRECT);
	config_free(&cfg);
}
END_TEST

/* Asserts that text fails with rc and a message holding each needle. */
static void expect_error(const char *text, config_rc_t rc, const char *needle1,
			 const char *needle2)
{
	config_t cfg;
	char *err = NULL;

	ck_assert_int_eq(load_text(&cfg, text, &err), rc);
	ck_assert_ptr_nonnull(err);
	ck_assert_msg(strstr(err, needle1) != NULL, "'%s' lacks '%s'", err,
		      needle1);
	ck_assert_msg(strstr(err, needle2) != NULL, "'%s' lacks '%s'", err,
		      needle2);
	/* A failed load leaves nothing to free. */
	ck_assert_ptr_null(cfg.store);
	ck_assert_ptr_null(cfg.naming);
	free(err);
}

START_TEST(test_unknown_key_is_syntax_error_naming_file_line_and_key)
{
	char *where = NULL;

	ck_assert_int_ge(asprintf(&where, "%s:3:", conf), 0);
	expect_error("# comment\nauth = none\nedpoint = unix:/x\n",
		     CONFIG_E_SYNTAX, where, "edpoint");
	free(where);
}
END_TEST

static const struct {
	const char *line;
	const char *key;
} bad_values[] = {
	{"pin_kdf_iterations = 12x", "pin_kdf_iterations"},
	{"pin_kdf_iterations = 0", "pin_kdf_iterations"},
	{"pin_kdf_iterations = -5", "pin_kdf_iterations"},
	{"pin_kdf_iterations = 99999999999", "pin_kdf_iterations"},
	{"auth = kerberos", "auth"},
	{"providers = 1,,2", "providers"},
	{"providers = 256", "providers"},
	{"providers = tpm", "providers"},
	{"providers = 1,", "providers"},
	{"naming = {nope}", "naming"},
	{"naming = {label", "naming"},
	{"naming = a/{label}", "naming"},
	{"log_level = loud", "log_level"},
	{"log = file", "log"},
	{"connect_timeout_ms = 0", "connect_timeout_ms"},
	{"io_timeout_ms = 1.5", "io_timeout_ms"},
	{"store = relative/store.sqlite", "store"},
	{"store = postgres://db/x", "store"},
	{"store = sqlite:relative", "store"},
	{"endpoint =", "endpoint"},
};

START_TEST(test_bad_value_is_syntax_error_naming_file_line_and_key)
{
	char *text = NULL, *where = NULL;

	ck_assert_int_ge(asprintf(&text, "\n%s\n", bad_values[_i].line), 0);
	ck_assert_int_ge(asprintf(&where, "%s:2:", conf), 0);
	expect_error(text, CONFIG_E_SYNTAX, where, bad_values[_i].key);
	free(text);
	free(where);
}
END_TEST

START_TEST(test_line_without_equals_is_syntax_error)
{
	char *where = NULL;

	ck_assert_int_ge(asprintf(&where, "%s:1:", conf), 0);
	expect_error("just some words\n", CONFIG_E_SYNTAX, where, "key");
	free(where);
}
END_TEST

START_TEST(test_key_set_twice_is_syntax_error)
{
	char *where = NULL;

	ck_assert_int_ge(asprintf(&where, "%s:2:", conf), 0);
	expect_error("auth = none\nauth = direct\n", CONFIG_E_SYNTAX, where,
		     "auth");
	free(where);
}
END_TEST

START_TEST(test_bad_environment_value_names_the_variable)
{
	static const char *const vars[] = {
		"HOME=/h", "PARSEC_PKCS11_PIN_ITERATIONS=lots", NULL};
	config_t cfg;
	char *err = NULL;

	fake_vars = vars;
	ck_assert_int_eq(config_load_from(&cfg, NULL, fake_env, &err),
			 CONFIG_E_SYNTAX);
	ck_assert_ptr_nonnull(strstr(err, "PARSEC_PKCS11_PIN_ITERATIONS"));
	ck_assert_ptr_null(strstr(err, "lots"));
	free(err);
}
END_TEST

START_TEST(test_error_message_never_echoes_the_value)
{
	config_t cfg;
	char *err = NULL;

	ck_assert_int_eq(load_text(&cfg, "auth = s3cr3t-token\n", &err),
			 CONFIG_E_SYNTAX);
	ck_assert_ptr_null(strstr(err, "s3cr3t"));
	free(err);
}
END_TEST

START_TEST(test_missing_named_file_is_io_error_naming_it)
{
	config_t cfg;
	char *err = NULL;

	ck_assert_int_eq(config_load_from(&cfg, conf, fake_env, &err),
			 CONFIG_E_IO);
	ck_assert_ptr_nonnull(strstr(err, conf));
	free(err);
}
END_TEST

START_TEST(test_directory_as_file_is_io_error)
{
	config_t cfg;
	char *err = NULL;

	ck_assert_int_eq(config_load_from(&cfg, dir, fake_env, &err),
			 CONFIG_E_IO);
	ck_assert_ptr_nonnull(strstr(err, dir));
	free(err);
}
END_TEST

START_TEST(test_missing_default_file_is_not_an_error)
{
	config_t cfg;
	char *err = NULL;

	/* CONFIG_DEFAULT_PATH is a path that does not exist in this build
	 * of the test (see tests/unit/mapping.mk). */
	unsetenv("PARSEC_PKCS11_CONF");
	ck_assert_int_eq(config_load(&cfg, &err), CONFIG_OK);
	ck_assert_ptr_null(cfg.source);
	config_free(&cfg);
}
END_TEST

START_TEST(test_conf_variable_names_a_file_that_must_exist)
{
	config_t cfg;
	char *err = NULL;

	setenv("PARSEC_PKCS11_CONF", conf, 1);
	ck_assert_int_eq(config_load(&cfg, &err), CONFIG_E_IO);
	free(err);
	ck_assert_int_eq(test_write_file(conf, "log = none\n"), 0);
	ck_assert_int_eq(config_load(&cfg, &err), CONFIG_OK);
	ck_assert_int_eq(cfg.log_dest, CONFIG_LOG_NONE);
	ck_assert_str_eq(cfg.source, conf);
	config_free(&cfg);
	unsetenv("PARSEC_PKCS11_CONF");
}
END_TEST

static char *store_with(const char *const *vars)
{
	config_t cfg;
	char *store;

	fake_vars = vars;
	ck_assert_int_eq(config_load_from(&cfg, NULL, fake_env, NULL),
			 CONFIG_OK);
	store = strdup(cfg.store);
	config_free(&cfg);
	return store;
}

START_TEST(test_store_defaults_to_xdg_data_home)
{
	static const char *const vars[] = {"XDG_DATA_HOME=/xdg/data/",
					   "HOME=/home/alice", NULL};
	char *store = store_with(vars);

	ck_assert_str_eq(store,
			 "sqlite:/xdg/data/parsec-pkcs11/metadata.sqlite");
	free(store);
}
END_TEST

START_TEST(test_store_falls_back_to_home_when_xdg_unset_or_relative)
{
	static const char *const vars[] = {"XDG_DATA_HOME=relative",
					   "HOME=/home/bob", NULL};
	char *store = store_with(vars);

	ck_assert_str_eq(store, "sqlite:/home/bob/.local/share/"
				"parsec-pkcs11/metadata.sqlite");
	free(store);
}
END_TEST

START_TEST(test_store_falls_back_to_var_lib_without_home)
{
	static const char *const vars[] = {NULL};
	char *store = store_with(vars);

	ck_assert_str_eq(store,
			 "sqlite:/var/lib/parsec-pkcs11/metadata.sqlite");
	free(store);
}
END_TEST

START_TEST(test_service_id_defaults_to_endpoint)
{
	config_t cfg;

	ck_assert_int_eq(load_text(&cfg, "endpoint = unix:/a/b.sock\n", NULL),
			 CONFIG_OK);
	ck_assert_str_eq(cfg.service_id, "unix:/a/b.sock");
	config_free(&cfg);
	/* A bare path is the same service as its unix: form. */
	ck_assert_int_eq(load_text(&cfg, "endpoint = /a/b.sock\n", NULL),
			 CONFIG_OK);
	ck_assert_str_eq(cfg.endpoint, "/a/b.sock");
	ck_assert_str_eq(cfg.service_id, "unix:/a/b.sock");
	config_free(&cfg);
}
END_TEST

START_TEST(test_provider_filter_passes_listed_ids_only)
{
	config_t cfg;

	ck_assert_int_eq(load_text(&cfg, "providers = 2,2, 0\n", NULL),
			 CONFIG_OK);
	ck_assert_uint_eq(cfg.n_providers, 2);
	ck_assert(config_provider_enabled(&cfg, 2));
	ck_assert(config_provider_enabled(&cfg, 0));
	ck_assert(!config_provider_enabled(&cfg, 1));
	config_free(&cfg);
	ck_assert_int_eq(load_text(&cfg, "providers = all\n", NULL), CONFIG_OK);
	ck_assert(config_provider_enabled(&cfg, 200));
	config_free(&cfg);
}
END_TEST

START_TEST(test_client_config_borrows_config_values)
{
	parsec_client_config_t cc;
	config_t cfg;

	ck_assert_int_eq(load_text(&cfg, every_key, NULL), CONFIG_OK);
	config_client_config(&cfg, &cc);
	ck_assert_ptr_eq(cc.endpoint, cfg.endpoint);
	ck_assert_ptr_eq(cc.app_name, cfg.app_name);
	ck_assert_ptr_eq(cc.jwt_svid_file, cfg.jwt_svid_file);
	ck_assert_ptr_null(cc.jwt_svid_token);
	ck_assert_int_eq(cc.auth, PARSEC_AUTH_CHOICE_JWT_SVID);
	ck_assert_int_eq(cc.connect_timeout_ms, 250);
	ck_assert_int_eq(cc.io_timeout_ms, 7000);
	config_free(&cfg);
}
END_TEST

static Suite *config_suite(void)
{
	Suite *s = suite_create("mapping-config");
	TCase *tc = tcase_create("config");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_defaults_apply_without_file_or_environment);
	tcase_add_test(tc, test_file_sets_every_key_with_comments_and_spaces);
	tcase_add_test(tc, test_environment_overrides_file);
	tcase_add_test(tc, test_empty_environment_variable_is_unset);
	tcase_add_test(
		tc, test_unknown_key_is_syntax_error_naming_file_line_and_key);
	tcase_add_loop_test(
		tc, test_bad_value_is_syntax_error_naming_file_line_and_key, 0,
		sizeof(bad_values) / sizeof(bad_values[0]));
	tcase_add_test(tc, test_line_without_equals_is_syntax_error);
	tcase_add_test(tc, test_key_set_twice_is_syntax_error);
	tcase_add_test(tc, test_bad_environment_value_names_the_variable);
	tcase_add_test(tc, test_error_message_never_echoes_the_value);
	tcase_add_test(tc, test_missing_named_file_is_io_error_naming_it);
	tcase_add_test(tc, test_directory_as_file_is_io_error);
	tcase_add_test(tc, test_missing_default_file_is_not_an_error);
	tcase_add_test(tc, test_conf_variable_names_a_file_that_must_exist);
	tcase_add_test(tc, test_store_defaults_to_xdg_data_home);
	tcase_add_test(
		tc, test_store_falls_back_to_home_when_xdg_unset_or_relative);
	tcase_add_test(tc, test_store_falls_back_to_var_lib_without_home);
	tcase_add_test(tc, test_service_id_defaults_to_endpoint);
	tcase_add_test(tc, test_provider_filter_passes_listed_ids_only);
	tcase_add_test(tc, test_client_config_borrows_config_values);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(config_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
