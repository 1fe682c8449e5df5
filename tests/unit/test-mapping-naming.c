/*
 * test-mapping-naming.c - key names from labels and ids, and back
 * (mapping/naming.c).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "mapping/naming.h"

static naming_input_t input(const char *label, const uint8_t *id, size_t id_len,
			    const char *cls)
{
	naming_input_t in = {(const uint8_t *)label, label ? strlen(label) : 0,
			     id, id_len, cls};

	return in;
}

/* Makes a name with nothing taken; the caller frees it. */
static char *make(const char *scheme, naming_input_t in)
{
	char *out = NULL;

	ck_assert_int_eq(naming_make(scheme, &in, NULL, NULL, &out), NAMING_OK);
	ck_assert_ptr_nonnull(out);
	return out;
}

static int all_lower_hex(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!strchr("0123456789abcdef", s[i]) || s[i] == '\0')
			return 0;
	return 1;
}

static const uint8_t id2[] = {0x0a, 0xff};

START_TEST(test_label_placeholder_is_the_label)
{
	char *n = make("{label}", input("my key", NULL, 0, "priv"));

	ck_assert_str_eq(n, "my key");
	free(n);
}
END_TEST

START_TEST(test_id_placeholder_is_lowercase_hex)
{
	char *n = make("k-{id}", input("x", id2, 2, "pub"));

	ck_assert_str_eq(n, "k-0aff");
	free(n);
}
END_TEST

START_TEST(test_class_placeholder_is_the_class)
{
	char *n = make("{class}.{label}", input("x", NULL, 0, "secret"));

	ck_assert_str_eq(n, "secret.x");
	free(n);
}
END_TEST

START_TEST(test_rand_placeholder_is_16_fresh_hex_digits)
{
	char *a = make("r{rand}", input("x", NULL, 0, "priv"));
	char *b = make("r{rand}", input("x", NULL, 0, "priv"));

	ck_assert_uint_eq(strlen(a), 17);
	ck_assert(all_lower_hex(a + 1, 16));
	ck_assert_str_ne(a, b);
	free(a);
	free(b);
}
END_TEST

START_TEST(test_double_braces_are_literal_braces)
{
	char *n = make("{{{label}}}", input("x", NULL, 0, "priv"));

	ck_assert_str_eq(n, "{x}");
	free(n);
}
END_TEST

START_TEST(test_control_characters_and_slash_become_underscore)
{
	char *n = make("{label}", input("a/b\tc\x7f"
					"d\xc2\x85"
					"e",
					NULL, 0, "priv"));

	ck_assert_str_eq(n, "a_b_c_d_e");
	free(n);
}
END_TEST

START_TEST(test_invalid_utf8_bytes_become_underscore_valid_kept)
{
	/* é (valid), a lone continuation byte, an overlong '/', a
	 * surrogate, a truncated 3-byte sequence at the end. */
	char *n = make("{label}", input("\xc3\xa9"
					"\x80"
					"x\xc0\xaf"
					"y\xed\xa0\x80"
					"z\xe2\x82",
					NULL, 0, "priv"));

	ck_assert_str_eq(n, "\xc3\xa9_x__y___z__");
	free(n);
}
END_TEST

START_TEST(test_long_name_is_cut_on_a_character_boundary)
{
	char label[NAMING_MAX_LEN + 10];
	char *n;

	/* 199 ASCII bytes then a 2-byte character straddling the limit. */
	memset(label, 'a', NAMING_MAX_LEN - 1);
	memcpy(label + NAMING_MAX_LEN - 1, "\xc3\xa9tail", 7);
	n = make("{label}", input(label, NULL, 0, "priv"));
	ck_assert_uint_eq(strlen(n), NAMING_MAX_LEN - 1);
	ck_assert_int_eq(n[NAMING_MAX_LEN - 2], 'a');
	free(n);

	memset(label, 'b', sizeof(label) - 1);
	label[sizeof(label) - 1] = '\0';
	n = make("{label}", input(label, NULL, 0, "priv"));
	ck_assert_uint_eq(strlen(n), NAMING_MAX_LEN);
	free(n);
}
END_TEST

START_TEST(test_empty_label_falls_back_to_id_then_rand)
{
	char *n = make("{label}", input("", id2, 2, "priv"));

	ck_assert_str_eq(n, "key-0aff");
	free(n);
	n = make("{label}", input(NULL, NULL, 0, "priv"));
	ck_assert_uint_eq(strlen(n), 4 + 16);
	ck_assert_int_eq(strncmp(n, "key-", 4), 0);
	ck_assert(all_lower_hex(n + 4, 16));
	free(n);
}
END_TEST

/* Taken: the names in a NULL-terminated list. */
static int taken_in(const char *name, void *ctx)
{
	const char *const *list = ctx;

	for (; *list != NULL; list++)
		if (strcmp(*list, name) == 0)
			return 1;
	return 0;
}

START_TEST(test_collisions_take_the_first_free_suffix)
{
	static const char *const taken[] = {"key", "key-2", "key-4", NULL};
	naming_input_t in = input("key", NULL, 0, "priv");
	char *a = NULL, *b = NULL;

	ck_assert_int_eq(
		naming_make("{label}", &in, taken_in, (void *)taken, &a),
		NAMING_OK);
	ck_assert_str_eq(a, "key-3");
	ck_assert_int_eq(
		naming_make("{label}", &in, taken_in, (void *)taken, &b),
		NAMING_OK);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
}
END_TEST

START_TEST(test_suffix_counts_toward_the_length_limit)
{
	char label[NAMING_MAX_LEN + 1];
	const char *taken[2] = {label, NULL};
	naming_input_t in;
	char *n = NULL;

	memset(label, 'c', NAMING_MAX_LEN);
	label[NAMING_MAX_LEN] = '\0';
	in = input(label, NULL, 0, "priv");
	ck_assert_int_eq(naming_make("{label}", &in, taken_in, taken, &n),
			 NAMING_OK);
	ck_assert_uint_eq(strlen(n), NAMING_MAX_LEN);
	ck_assert_str_eq(n + NAMING_MAX_LEN - 2, "-2");
	free(n);
}
END_TEST

static int always_taken(const char *name, void *ctx)
{
	(*(int *)ctx)++;
	return 1;
}

START_TEST(test_all_suffixes_taken_is_exhausted)
{
	naming_input_t in = input("busy", NULL, 0, "priv");
	int calls = 0;
	char *n = NULL;

	ck_assert_int_eq(naming_make("{label}", &in, always_taken, &calls, &n),
			 NAMING_E_EXHAUSTED);
	ck_assert_ptr_null(n);
	ck_assert_int_eq(calls, 10000);
}
END_TEST

START_TEST(test_parse_recovers_label_and_id)
{
	uint8_t *id = NULL;
	size_t id_len = 0;
	char *label = NULL;

	ck_assert_int_eq(naming_parse("{label}-{id}", "my-key-0aff", &label,
				      &id, &id_len),
			 NAMING_OK);
	ck_assert_str_eq(label, "my-key");
	ck_assert_uint_eq(id_len, 2);
	ck_assert_mem_eq(id, id2, 2);
	free(label);
	free(id);
}
END_TEST

START_TEST(test_parse_of_made_name_gives_back_the_inputs)
{
	static const char *const schemes[] = {"{label}", "{label}.{id}",
					      "p11.{class}.{id}:{label}",
					      "x{{{label}}}{rand}"};
	uint8_t *id;
	size_t id_len, i;
	char *label, *n;

	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
		n = make(schemes[i], input("lbl", id2, 2, "pub"));
		ck_assert_int_eq(
			naming_parse(schemes[i], n, &label, &id, &id_len),
			NAMING_OK);
		ck_assert_str_eq(label, "lbl");
		if (strstr(schemes[i], "{id}")) {
			ck_assert_uint_eq(id_len, 2);
			ck_assert_mem_eq(id, id2, 2);
		} else {
			ck_assert_ptr_null(id);
		}
		free(label);
		free(id);
		free(n);
	}
}
END_TEST

START_TEST(test_parse_removes_collision_suffix)
{
	uint8_t *id = NULL;
	size_t id_len;
	char *label = NULL;

	ck_assert_int_eq(naming_parse("{label}", "key-3", &label, &id, &id_len),
			 NAMING_OK);
	ck_assert_str_eq(label, "key");
	ck_assert_ptr_null(id);
	free(label);
	ck_assert_int_eq(naming_parse("{id}", "0aff-2", &label, &id, &id_len),
			 NAMING_OK);
	ck_assert_ptr_null(label);
	ck_assert_uint_eq(id_len, 2);
	free(id);
	/* "-1" is not a suffix we make. */
	ck_assert_int_eq(naming_parse("{label}", "key-1", &label, &id, &id_len),
			 NAMING_OK);
	ck_assert_str_eq(label, "key-1");
	free(label);
}
END_TEST

START_TEST(test_parse_refuses_names_not_made_by_the_scheme)
{
	uint8_t *id = NULL;
	size_t id_len;
	char *label = NULL;

	ck_assert_int_eq(
		naming_parse("pkcs11-{label}", "other", &label, &id, &id_len),
		NAMING_E_NO_MATCH);
	ck_assert_int_eq(naming_parse("{id}", "xyz", &label, &id, &id_len),
			 NAMING_E_NO_MATCH);
	ck_assert_int_eq(naming_parse("{id}", "abc", &label, &id, &id_len),
			 NAMING_E_NO_MATCH); /* odd number of digits */
	ck_assert_int_eq(
		naming_parse("{class}-{label}", "nope-x", &label, &id, &id_len),
		NAMING_E_NO_MATCH);
	ck_assert_ptr_null(label);
	ck_assert_ptr_null(id);
}
END_TEST

START_TEST(test_parse_refuses_ambiguous_names)
{
	uint8_t *id = NULL;
	size_t id_len;
	char *label = NULL;

	/* "ab" + "12", "ab12" + "", ...: not reversible for this name. */
	ck_assert_int_eq(
		naming_parse("{label}{id}", "ab12", &label, &id, &id_len),
		NAMING_E_NO_MATCH);
	/* ...but reversible when the label cannot end in hex. */
	ck_assert_int_eq(
		naming_parse("{label}{id}", "xyz", &label, &id, &id_len),
		NAMING_OK);
	ck_assert_str_eq(label, "xyz");
	ck_assert_ptr_null(id);
	free(label);
}
END_TEST

START_TEST(test_invalid_schemes_are_rejected_with_a_reason)
{
	static const char *const bad[] = {
		"",	     "{nope}",	  "{label",	 "label}",
		"{label}}x", "a/{label}", "\x01{label}", "\xff{label}",
		"{ label }",
	};
	naming_input_t in = input("x", NULL, 0, "priv");
	const char *err;
	char *out = NULL;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err = NULL;
		ck_assert_msg(naming_check_scheme(bad[i], &err) ==
				      NAMING_E_SCHEME,
			      "scheme %zu accepted", i);
		ck_assert_ptr_nonnull(err);
		ck_assert_int_eq(naming_make(bad[i], &in, NULL, NULL, &out),
				 NAMING_E_SCHEME);
		ck_assert_ptr_null(out);
	}
	ck_assert_int_eq(
		naming_check_scheme("{label}-{id}-{class}-{rand}", &err),
		NAMING_OK);
	ck_assert_int_eq(naming_check_scheme("{{literal}}", &err), NAMING_OK);
}
END_TEST

static Suite *naming_suite(void)
{
	Suite *s = suite_create("mapping-naming");
	TCase *tc = tcase_create("naming");

	tcase_add_test(tc, test_label_placeholder_is_the_label);
	tcase_add_test(tc, test_id_placeholder_is_lowercase_hex);
	tcase_add_test(tc, test_class_placeholder_is_the_class);
	tcase_add_test(tc, test_rand_placeholder_is_16_fresh_hex_digits);
	tcase_add_test(tc, test_double_braces_are_literal_braces);
	tcase_add_test(tc, test_control_characters_and_slash_become_underscore);
	tcase_add_test(tc,
		       test_invalid_utf8_bytes_become_underscore_valid_kept);
	tcase_add_test(tc, test_long_name_is_cut_on_a_character_boundary);
	tcase_add_test(tc, test_empty_label_falls_back_to_id_then_rand);
	tcase_add_test(tc, test_collisions_take_the_first_free_suffix);
	tcase_add_test(tc, test_suffix_counts_toward_the_length_limit);
	tcase_add_test(tc, test_all_suffixes_taken_is_exhausted);
	tcase_add_test(tc, test_parse_recovers_label_and_id);
	tcase_add_test(tc, test_parse_of_made_name_gives_back_the_inputs);
	tcase_add_test(tc, test_parse_removes_collision_suffix);
	tcase_add_test(tc, test_parse_refuses_names_not_made_by_the_scheme);
	tcase_add_test(tc, test_parse_refuses_ambiguous_names);
	tcase_add_test(tc, test_invalid_schemes_are_rejected_with_a_reason);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(naming_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
