/*
 * test-mapping-pin-hash.c - PBKDF2 PIN records (mapping/pin_hash.c).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "mapping/pin_hash.h"

#define PIN(s) (const uint8_t *)(s), strlen(s)

/* PBKDF2-HMAC-SHA256("123456", salt 00..0f, 1000 iterations, 32 bytes),
 * computed independently (Python hashlib). */
static const char known[] =
	"pbkdf2-sha256$1000$000102030405060708090a0b0c0d0e0f$"
	"6e3849111be8d3070634220666e93c55dbfd75e923f34d35716805464c0a7eaf";

START_TEST(test_made_hash_verifies_with_the_same_pin)
{
	char *h = NULL;

	ck_assert_int_eq(pin_hash_make(PIN("1234"), 1000, &h), PIN_HASH_OK);
	ck_assert_int_eq(pin_hash_verify(h, PIN("1234")), PIN_HASH_OK);
	free(h);
}
END_TEST

START_TEST(test_wrong_pin_is_mismatch)
{
	char *h = NULL;

	ck_assert_int_eq(pin_hash_make(PIN("1234"), 1000, &h), PIN_HASH_OK);
	ck_assert_int_eq(pin_hash_verify(h, PIN("1235")), PIN_HASH_MISMATCH);
	ck_assert_int_eq(pin_hash_verify(h, PIN("12345")), PIN_HASH_MISMATCH);
	ck_assert_int_eq(pin_hash_verify(h, NULL, 0), PIN_HASH_MISMATCH);
	free(h);
}
END_TEST

START_TEST(test_same_pin_gets_different_salts)
{
	char *a = NULL, *b = NULL;

	ck_assert_int_eq(pin_hash_make(PIN("same"), 1000, &a), PIN_HASH_OK);
	ck_assert_int_eq(pin_hash_make(PIN("same"), 1000, &b), PIN_HASH_OK);
	ck_assert_str_ne(a, b);
	ck_assert_int_ne(strncmp(a, b, strlen("pbkdf2-sha256$1000$") + 32), 0);
	ck_assert_int_eq(pin_hash_verify(a, PIN("same")), PIN_HASH_OK);
	ck_assert_int_eq(pin_hash_verify(b, PIN("same")), PIN_HASH_OK);
	free(a);
	free(b);
}
END_TEST

START_TEST(test_format_carries_iterations_salt_and_hash)
{
	char *h = NULL;
	const char *p;

	ck_assert_int_eq(pin_hash_make(PIN("1234"), 4321, &h), PIN_HASH_OK);
	ck_assert_int_eq(strncmp(h, "pbkdf2-sha256$4321$", 19), 0);
	p = h + 19;
	ck_assert_uint_eq(strspn(p, "0123456789abcdef"), 32);
	ck_assert_int_eq(p[32], '$');
	ck_assert_uint_eq(strspn(p + 33, "0123456789abcdef"), 64);
	ck_assert_uint_eq(strlen(p + 33), 64);
	free(h);
}
END_TEST

START_TEST(test_known_answer_verifies)
{
	ck_assert_int_eq(pin_hash_verify(known, PIN("123456")), PIN_HASH_OK);
	ck_assert_int_eq(pin_hash_verify(known, PIN("123457")),
			 PIN_HASH_MISMATCH);
}
END_TEST

START_TEST(test_empty_pin_is_a_pin)
{
	char *h = NULL;

	ck_assert_int_eq(pin_hash_make(NULL, 0, 10, &h), PIN_HASH_OK);
	ck_assert_int_eq(pin_hash_verify(h, NULL, 0), PIN_HASH_OK);
	ck_assert_int_eq(pin_hash_verify(h, PIN("0")), PIN_HASH_MISMATCH);
	free(h);
}
END_TEST

START_TEST(test_iterations_out_of_bounds_are_refused)
{
	char *h = NULL;

	ck_assert_int_eq(pin_hash_make(PIN("1"), 0, &h), PIN_HASH_E_FORMAT);
	ck_assert_int_eq(
		pin_hash_make(PIN("1"), PIN_HASH_MAX_ITERATIONS + 1, &h),
		PIN_HASH_E_FORMAT);
	ck_assert_ptr_null(h);
}
END_TEST

static const char *const malformed[] = {
	"",
	"pbkdf2-sha256",
	"pbkdf2-sha1$1000$000102030405060708090a0b0c0d0e0f$"
	"6e3849111be8d3070634220666e93c55dbfd75e923f34d35716805464c0a7eaf",
	"pbkdf2-sha256$$000102030405060708090a0b0c0d0e0f$"
	"6e3849111be8d3070634220666e93c55dbfd75e923f34d35716805464c0a7eaf",
	"pbkdf2-sha256$01000$000102030405060708090a0b0c0d0e0f$"
	"6e3849111be8d3070634220666e93c55dbfd75e923f34d35716805464c0a7eaf",
	"pbkdf2-sha256$-1000$000102030405060708090a0b0c0d0e0f$"
	"6e3849111be8d3070634220666e93c55dbfd75e923f34d35716805464c0a7eaf",
	"pbkdf2-sha256$0$000102030405060708090a0b0c0d0e0f$"
	"6e3849111be8d3070634220666e93c55dbfd75e923f34d35716805464c0a7eaf",
	"pbkdf2-sha256$99999999999$000102030405060708090a0b0c0d0e0f$"
	"6e3849111be8d3070634220666e93c55dbfd75e923f34d35716805464c0a7eaf",
	"pbkdf2-sha256$1000$000102030405060708090A0B0C0D0E0F$"
	"6e3849111be8d3070634220666e93c55dbfd75e923f34d35716805464c0a7eaf",
	"pbkdf2-sha256$1000$000102030405060708090a0b0c0d0e$"
	"6e3849111be8d3070634220666e93c55dbfd75e923f34d35716805464c0a7eaf",
	"pbkdf2-sha256$1000$000102030405060708090a0b0c0d0e0f$"
	"6e3849111be8d3070634220666e93c55dbfd75e923f34d35716805464c0a7e",
	"pbkdf2-sha256$1000$000102030405060708090a0b0c0d0e0f$"
	"6e3849111be8d3070634220666e93c55dbfd75e923f34d35716805464c0a7eaf00",
	"pbkdf2-sha256$1000$000102030405060708090a0b0c0d0e0f$"
	"6e3849111be8d3070634220666e93c55dbfd75e923f34d35716805464c0a7eaf$",
	"pbkdf2-sha256$1000$000102030405060708090a0b0c0d0e0f"
	"6e3849111be8d3070634220666e93c55dbfd75e923f34d35716805464c0a7eaf",
	"pbkdf2-sha256$1000$000102030405060708090a0b0c0d0e0f$"
	"6e3849111be8d3070634220666e93c55dbfd75e923f34d35716805464c0a7eag",
	" pbkdf2-sha256$1000$000102030405060708090a0b0c0d0e0f$"
	"6e3849111be8d3070634220666e93c55dbfd75e923f34d35716805464c0a7eaf",
};

START_TEST(test_malformed_stored_string_is_format_error)
{
	ck_assert_int_eq(pin_hash_verify(malformed[_i], PIN("123456")),
			 PIN_HASH_E_FORMAT);
}
END_TEST

START_TEST(test_null_stored_string_is_format_error)
{
	ck_assert_int_eq(pin_hash_verify(NULL, PIN("1")), PIN_HASH_E_FORMAT);
}
END_TEST

static Suite *pin_hash_suite(void)
{
	Suite *s = suite_create("mapping-pin-hash");
	TCase *tc = tcase_create("pin_hash");

	tcase_add_test(tc, test_made_hash_verifies_with_the_same_pin);
	tcase_add_test(tc, test_wrong_pin_is_mismatch);
	tcase_add_test(tc, test_same_pin_gets_different_salts);
	tcase_add_test(tc, test_format_carries_iterations_salt_and_hash);
	tcase_add_test(tc, test_known_answer_verifies);
	tcase_add_test(tc, test_empty_pin_is_a_pin);
	tcase_add_test(tc, test_iterations_out_of_bounds_are_refused);
	tcase_add_loop_test(tc, test_malformed_stored_string_is_format_error, 0,
			    sizeof(malformed) / sizeof(malformed[0]));
	tcase_add_test(tc, test_null_stored_string_is_format_error);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(pin_hash_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
