/*
 * test_status.c - the status, opcode and hash tables. Expected values come
 * from parsec-interface (ResponseStatus, Opcode) and the PSA Crypto API
 * (PSA_HASH_LENGTH).
 */
#include <string.h>

#include "parsec/parsec.h"
#include "unit.h"

static int is_service_code(uint32_t v)
{
	return v <= 22 || (v >= 1132 && v <= 1153 && v != 1144);
}

START_TEST(test_every_service_code_is_known_with_name_and_message)
{
	uint32_t v;

	for (v = 0; v <= 1200; v++) {
		if (!is_service_code(v))
			continue;
		ck_assert_msg(parsec_status_is_known(v), "%u not known", v);
		ck_assert_str_ne(parsec_status_name((parsec_status_t)v),
				 "Unknown");
		ck_assert_str_ne(parsec_status_message((parsec_status_t)v),
				 "unknown status");
	}
}
END_TEST

START_TEST(test_service_codes_have_distinct_names)
{
	uint32_t a, b;

	for (a = 0; a <= 1153; a++) {
		for (b = a + 1; is_service_code(a) && b <= 1153; b++) {
			if (is_service_code(b))
				ck_assert_str_ne(
					parsec_status_name((parsec_status_t)a),
					parsec_status_name((parsec_status_t)b));
		}
	}
}
END_TEST

START_TEST(test_known_codes_have_the_interface_names)
{
	ck_assert_str_eq(parsec_status_name(PARSEC_SUCCESS), "Success");
	ck_assert_str_eq(parsec_status_name(PARSEC_NOT_AUTHENTICATED),
			 "NotAuthenticated");
	ck_assert_str_eq(parsec_status_name(PARSEC_DEPRECATED_PRIMITIVE),
			 "DeprecatedPrimitive");
	ck_assert_str_eq(parsec_status_name(PARSEC_PSA_ERROR_NOT_PERMITTED),
			 "PsaErrorNotPermitted");
	ck_assert_str_eq(parsec_status_name(PARSEC_PSA_ERROR_DATA_INVALID),
			 "PsaErrorDataInvalid");
}
END_TEST

static const uint32_t unknown_codes[] = {
	23, 99, 500, 1000, 1131, 1144, 1154, 65535, 0x80000000u, 0xFFFFFFFFu};

START_TEST(test_values_the_service_never_sends_are_unknown)
{
	uint32_t v = unknown_codes[_i];

	ck_assert_msg(!parsec_status_is_known(v), "%u known", v);
	if (v > INT32_MAX) /* as a parsec_status_t, a client error */
		return;
	ck_assert_str_eq(parsec_status_name((parsec_status_t)v), "Unknown");
	ck_assert_str_eq(parsec_status_message((parsec_status_t)v),
			 "unknown status");
}
END_TEST

START_TEST(test_client_errors_have_names_and_messages)
{
	int e;

	for (e = PARSEC_E_NO_AUTHENTICATOR; e <= PARSEC_E_ARGS; e++) {
		ck_assert_msg(strncmp(parsec_status_name(e), "E_", 2) == 0,
			      "%d: %s", e, parsec_status_name(e));
		ck_assert_str_ne(parsec_status_message(e), "unknown status");
		/* the service never sends them */
		ck_assert(!parsec_status_is_known((uint32_t)e));
	}
	ck_assert_str_eq(parsec_status_name(PARSEC_E_TIMEOUT), "E_TIMEOUT");
	ck_assert_str_eq(parsec_status_name(-13), "Unknown");
}
END_TEST

START_TEST(test_opcodes_have_interface_names)
{
	uint32_t op;
	int named = 0;

	ck_assert_str_eq(parsec_opcode_name(PARSEC_OP_PING), "Ping");
	ck_assert_str_eq(parsec_opcode_name(0x04), "PsaSignHash");
	ck_assert_str_eq(parsec_opcode_name(0x1A), "ListKeys");
	ck_assert_str_eq(parsec_opcode_name(0x20), "CanDoCrypto");
	ck_assert_ptr_null(parsec_opcode_name(0));
	ck_assert_ptr_null(parsec_opcode_name(0x1D)); /* not assigned */
	ck_assert_ptr_null(parsec_opcode_name(0x21));
	for (op = 0; op <= 0x40; op++)
		named += parsec_opcode_name(op) != NULL;
	ck_assert_int_eq(named, 31); /* 0x01..0x20 except 0x1D */
}
END_TEST

START_TEST(test_hash_sizes_follow_psa)
{
	ck_assert_uint_eq(parsec_hash_size(PARSEC_HASH_MD5), 16);
	ck_assert_uint_eq(parsec_hash_size(PARSEC_HASH_RIPEMD160), 20);
	ck_assert_uint_eq(parsec_hash_size(PARSEC_HASH_SHA_1), 20);
	ck_assert_uint_eq(parsec_hash_size(PARSEC_HASH_SHA_224), 28);
	ck_assert_uint_eq(parsec_hash_size(PARSEC_HASH_SHA_256), 32);
	ck_assert_uint_eq(parsec_hash_size(PARSEC_HASH_SHA_384), 48);
	ck_assert_uint_eq(parsec_hash_size(PARSEC_HASH_SHA_512), 64);
	ck_assert_uint_eq(parsec_hash_size(PARSEC_HASH_SHA_512_256), 32);
	ck_assert_uint_eq(parsec_hash_size(PARSEC_HASH_SHA3_384), 48);
	ck_assert_uint_eq(parsec_hash_size(PARSEC_HASH_NONE), 0);
	ck_assert_uint_eq(parsec_hash_size(PARSEC_HASH_ANY), 0);
	ck_assert_uint_eq(parsec_hash_size((parsec_hash_t)16), 0);
	ck_assert_uint_eq(parsec_hash_size((parsec_hash_t)-1), 0);
}
END_TEST

Suite *unit_suite(void)
{
	Suite *s = suite_create("tables");
	TCase *tc = tcase_create("tables");

	tcase_add_test(tc,
		       test_every_service_code_is_known_with_name_and_message);
	tcase_add_test(tc, test_service_codes_have_distinct_names);
	tcase_add_test(tc, test_known_codes_have_the_interface_names);
	tcase_add_loop_test(tc, test_values_the_service_never_sends_are_unknown,
			    0,
			    sizeof(unknown_codes) / sizeof(unknown_codes[0]));
	tcase_add_test(tc, test_client_errors_have_names_and_messages);
	tcase_add_test(tc, test_opcodes_have_interface_names);
	tcase_add_test(tc, test_hash_sizes_follow_psa);
	suite_add_tcase(s, tc);
	return s;
}
