/* test-crypto-der.c - strict DER headers (session/crypto/der.c). */
#include <string.h>

#include "mapping/der.h"
#include "tests/unit/crypto_test_util.h"
#include "tests/unit/unit.h"

static int read_one(const uint8_t *in, size_t len, uint8_t tag,
		    der_reader_t *content)
{
	der_reader_t r = {in, len};

	return der_read(&r, tag, content) && der_at_end(&r);
}

START_TEST(test_header_matches_openssl_for_each_length_form)
{
	static const size_t lengths[] = {0, 1, 127, 128, 255, 256, 1000};
	uint8_t data[1000] = {0}, ours[1100], theirs[1100];
	size_t i, n, m;

	for (i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++) {
		n = der_put_header(ours, DER_OCTET_STRING, lengths[i]);
		ck_assert_uint_eq(n, der_header_len(lengths[i]));
		memcpy(ours + n, data, lengths[i]);
		m = tc_der_octet_string(data, lengths[i], theirs);
		ck_assert_uint_eq(n + lengths[i], m);
		ck_assert_mem_eq(ours, theirs, m);
	}
}
END_TEST

START_TEST(test_read_returns_content_of_each_length_form)
{
	static const size_t lengths[] = {0, 5, 127, 128, 255, 256, 1000};
	uint8_t data[1000], der[1100];
	der_reader_t content;
	size_t i, n;

	tc_random(data, sizeof(data));
	for (i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++) {
		n = tc_der_octet_string(data, lengths[i], der);
		ck_assert(read_one(der, n, DER_OCTET_STRING, &content));
		ck_assert_uint_eq(content.left, lengths[i]);
		ck_assert_mem_eq(content.p, data, lengths[i]);
	}
}
END_TEST

START_TEST(test_non_minimal_lengths_are_refused)
{
	static const uint8_t long_form_short[] = {0x04, 0x81, 0x01, 0xaa};
	static const uint8_t two_bytes_for_one[] = {0x04, 0x82, 0x00, 0x01,
						    0xaa};
	der_reader_t content;

	ck_assert(!read_one(long_form_short, sizeof(long_form_short),
			    DER_OCTET_STRING, &content));
	ck_assert(!read_one(two_bytes_for_one, sizeof(two_bytes_for_one),
			    DER_OCTET_STRING, &content));
}
END_TEST

START_TEST(test_indefinite_and_oversized_lengths_are_refused)
{
	static const uint8_t indefinite[] = {0x30, 0x80, 0x05,
					     0x00, 0x00, 0x00};
	static const uint8_t three_octets[] = {0x04, 0x83, 0x01, 0x00, 0x00};
	der_reader_t content;

	ck_assert(!read_one(indefinite, sizeof(indefinite), DER_SEQUENCE,
			    &content));
	ck_assert(!read_one(three_octets, sizeof(three_octets),
			    DER_OCTET_STRING, &content));
	ck_assert_uint_eq(der_header_len(DER_MAX_LEN + 1), 0);
}
END_TEST

START_TEST(test_length_past_the_end_is_refused_and_consumes_nothing)
{
	static const uint8_t short_body[] = {0x04, 0x03, 0x01, 0x02};
	der_reader_t r = {short_body, sizeof(short_body)}, content;

	ck_assert(!der_read(&r, DER_OCTET_STRING, &content));
	ck_assert_ptr_eq(r.p, short_body);
	ck_assert_uint_eq(r.left, sizeof(short_body));
}
END_TEST

START_TEST(test_other_tag_is_refused)
{
	static const uint8_t null[] = {0x05, 0x00};
	der_reader_t content;

	ck_assert(!read_one(null, sizeof(null), DER_OCTET_STRING, &content));
	ck_assert(read_one(null, sizeof(null), DER_NULL, &content));
	ck_assert(!read_one(null, 1, DER_NULL, &content));
}
END_TEST

Suite *unit_suite(void)
{
	Suite *s = suite_create("crypto-der");
	TCase *tc = tcase_create("der");

	tcase_add_test(tc, test_header_matches_openssl_for_each_length_form);
	tcase_add_test(tc, test_read_returns_content_of_each_length_form);
	tcase_add_test(tc, test_non_minimal_lengths_are_refused);
	tcase_add_test(tc, test_indefinite_and_oversized_lengths_are_refused);
	tcase_add_test(
		tc, test_length_past_the_end_is_refused_and_consumes_nothing);
	tcase_add_test(tc, test_other_tag_is_refused);
	suite_add_tcase(s, tc);
	return s;
}
