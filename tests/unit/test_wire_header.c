/*
 * test_wire_header.c - the 36-byte header codec against byte-exact
 * vectors. Field layout: parsec-interface src/requests/common/
 * wire_header_1_0.rs (WireHeader), which the service itself uses; every
 * field is little-endian.
 */
#include <string.h>

#include "parsec/wire_header.h"
#include "unit.h"

/* A PsaSignHash request to provider 1 with direct authentication. */
static const uint8_t sign_request[WIRE_HEADER_LEN] = {
	0x10, 0xA7, 0xC0, 0x5E, /* magic 0x5EC0A710 little-endian
				   (wire_header_1_0.rs WIRE_PROTOCOL_MAGIC) */
	0x1E, 0x00,		/* header size 30: the bytes after this field */
	0x01,			/* wire protocol version major 1 */
	0x00,			/* wire protocol version minor 0 */
	0x00, 0x00,		/* flags, must be 0 */
	0x01,			/* provider 1: Mbed Crypto (ProviderId) */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* session 0 */
	0x00,			/* content type 0: protobuf (BodyType) */
	0x00,			/* accept type 0: protobuf */
	0x01,			/* auth type 1: direct (AuthType) */
	0x02, 0x01, 0x00, 0x00, /* body length 258 */
	0x08, 0x00,		/* auth length 8 */
	0x04, 0x00, 0x00, 0x00, /* opcode 4: PsaSignHash (Opcode, u32) */
	0x00, 0x00,		/* status 0: requests carry none */
	0x00, 0x00,		/* two reserved bytes, must be 0 */
};

/* A response refusing a request: status 1133, session echoed. */
static const uint8_t refused_response[WIRE_HEADER_LEN] = {
	0x10, 0xA7, 0xC0, 0x5E, /* magic */
	0x1E, 0x00,		/* header size 30 */
	0x01, 0x00,		/* version 1.0 */
	0x00, 0x00,		/* flags */
	0x02,			/* provider 2: PKCS #11 */
	0x88, 0x77, 0x66, 0x55, 0x44,
	0x33, 0x22, 0x11,	/* session
		    0x1122334455667788 */
	0x00,			/* content type protobuf */
	0x00,			/* accept type */
	0x00,			/* auth type: responses carry none */
	0x00, 0x00, 0x00, 0x00, /* body length 0 */
	0x00, 0x00,		/* auth length 0 */
	0x05, 0x00, 0x00, 0x00, /* opcode 5: PsaVerifyHash */
	0x6D, 0x04,		/* status 1133 (0x046D): PsaErrorNotPermitted,
				   1000 + 133 (ResponseStatus) */
	0x00, 0x00,		/* reserved */
};

static wire_header_t sign_request_header(void)
{
	wire_header_t h;

	wire_header_init(&h);
	h.provider = 1;
	h.auth_type = 1;
	h.body_len = 258;
	h.auth_len = 8;
	h.opcode = 4;
	return h;
}

START_TEST(test_request_header_encodes_to_exact_bytes)
{
	wire_header_t h = sign_request_header();
	uint8_t out[WIRE_HEADER_LEN];

	memset(out, 0xAA, sizeof(out));
	wire_header_encode(&h, out);
	ck_assert_mem_eq(out, sign_request, WIRE_HEADER_LEN);
}
END_TEST

START_TEST(test_request_vector_decodes_to_its_fields)
{
	wire_header_t h;

	wire_header_decode(sign_request, &h);
	ck_assert_uint_eq(h.magic, 0x5EC0A710u);
	ck_assert_uint_eq(h.hdr_size, 30);
	ck_assert_uint_eq(h.version_maj, 1);
	ck_assert_uint_eq(h.version_min, 0);
	ck_assert_uint_eq(h.flags, 0);
	ck_assert_uint_eq(h.provider, 1);
	ck_assert_uint_eq(h.session, 0);
	ck_assert_uint_eq(h.content_type, 0);
	ck_assert_uint_eq(h.accept_type, 0);
	ck_assert_uint_eq(h.auth_type, 1);
	ck_assert_uint_eq(h.body_len, 258);
	ck_assert_uint_eq(h.auth_len, 8);
	ck_assert_uint_eq(h.opcode, 4);
	ck_assert_uint_eq(h.status, 0);
	ck_assert_uint_eq(h.reserved1, 0);
	ck_assert_uint_eq(h.reserved2, 0);
	ck_assert_int_eq(wire_header_check(&h), WIRE_HEADER_OK);
}
END_TEST

START_TEST(test_response_vector_decodes_session_and_status)
{
	uint8_t again[WIRE_HEADER_LEN];
	wire_header_t h;

	wire_header_decode(refused_response, &h);
	ck_assert_uint_eq(h.provider, 2);
	ck_assert_uint_eq(h.session, 0x1122334455667788ull);
	ck_assert_uint_eq(h.opcode, 5);
	ck_assert_uint_eq(h.status, 1133);
	ck_assert_int_eq(wire_header_check(&h), WIRE_HEADER_OK);
	wire_header_encode(&h, again);
	ck_assert_mem_eq(again, refused_response, WIRE_HEADER_LEN);
}
END_TEST

START_TEST(test_init_sets_the_constant_fields)
{
	wire_header_t h;

	memset(&h, 0xFF, sizeof(h));
	wire_header_init(&h);
	ck_assert_uint_eq(h.magic, WIRE_HEADER_MAGIC);
	ck_assert_uint_eq(h.hdr_size, WIRE_HEADER_SIZE_FIELD);
	ck_assert_uint_eq(h.version_maj, 1);
	ck_assert_uint_eq(h.version_min, 0);
	ck_assert_uint_eq(h.session, 0);
	ck_assert_uint_eq(h.body_len, 0);
	ck_assert_uint_eq(h.reserved1 | h.reserved2, 0);
}
END_TEST

/* One byte of the vector changed, and the error wire_header_check must
 * report for it. */
static const struct {
	size_t offset;
	uint8_t value;
	wire_header_error_t expected;
} broken[] = {
	{0, 0x11, WIRE_HEADER_BAD_MAGIC},     /* magic 0x5EC0A711 */
	{3, 0x5F, WIRE_HEADER_BAD_MAGIC},     /* magic 0x5FC0A710 */
	{4, 0x18, WIRE_HEADER_BAD_SIZE},      /* header size 24 (old 1.0) */
	{5, 0x01, WIRE_HEADER_BAD_SIZE},      /* header size 286 */
	{6, 0x02, WIRE_HEADER_BAD_VERSION},   /* version 2.0 */
	{6, 0x00, WIRE_HEADER_BAD_VERSION},   /* version 0.0 */
	{7, 0x01, WIRE_HEADER_BAD_VERSION},   /* version 1.1 */
	{34, 0x01, WIRE_HEADER_BAD_RESERVED}, /* first reserved byte */
	{35, 0x80, WIRE_HEADER_BAD_RESERVED}, /* second reserved byte */
};

START_TEST(test_check_reports_each_broken_field)
{
	uint8_t bytes[WIRE_HEADER_LEN];
	wire_header_t h;

	memcpy(bytes, sign_request, sizeof(bytes));
	bytes[broken[_i].offset] = broken[_i].value;
	wire_header_decode(bytes, &h);
	ck_assert_int_eq(wire_header_check(&h), broken[_i].expected);
}
END_TEST

START_TEST(test_check_reports_magic_before_other_faults)
{
	wire_header_t h = sign_request_header();

	h.magic = 0;
	h.hdr_size = 24;
	h.reserved2 = 1;
	ck_assert_int_eq(wire_header_check(&h), WIRE_HEADER_BAD_MAGIC);
}
END_TEST

Suite *unit_suite(void)
{
	Suite *s = suite_create("wire_header");
	TCase *tc = tcase_create("codec");

	tcase_add_test(tc, test_request_header_encodes_to_exact_bytes);
	tcase_add_test(tc, test_request_vector_decodes_to_its_fields);
	tcase_add_test(tc, test_response_vector_decodes_session_and_status);
	tcase_add_test(tc, test_init_sets_the_constant_fields);
	tcase_add_loop_test(tc, test_check_reports_each_broken_field, 0,
			    sizeof(broken) / sizeof(broken[0]));
	tcase_add_test(tc, test_check_reports_magic_before_other_faults);
	suite_add_tcase(s, tc);
	return s;
}
