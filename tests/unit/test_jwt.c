/*
 * test_jwt.c - reading the subject of a JWT-SVID, and the small decoders
 * under it (base64url RFC 4648 section 5, JSON RFC 8259, UTF-8 RFC 3629),
 * including hostile input.
 */
#include <stdlib.h>
#include <string.h>

#include "parsec/base64url.h"
#include "parsec/json.h"
#include "parsec/jwt.h"
#include "parsec/secmem.h"
#include "parsec/utf8.h"
#include "test_token.h"
#include "unit.h"

/* Subject of a token built around payload, or NULL when refused. */
static char *subject_of(const char *payload)
{
	char *token = test_token_make(payload), *sub = NULL;
	parsec_status_t rc = jwt_subject(token, &sub);

	free(token);
	ck_assert(rc == PARSEC_SUCCESS ? sub != NULL : sub == NULL);
	return sub;
}

static const struct {
	const char *payload;
	const char *subject;
} good[] = {
	{"{\"sub\":\"spiffe://td/a\"}", "spiffe://td/a"},
	{" { \"iss\" : \"x\" , \"sub\" : \"spiffe://td/b\" } ",
	 "spiffe://td/b"},
	{"{\"sub\":\"spiffe:\\/\\/td\\/c\"}", "spiffe://td/c"},
	{"{\"sub\":\"\\u0073piffe://td/\\u00e9\"}", "spiffe://td/\xc3\xa9"},
	{"{\"sub\":\"x\\ud83d\\ude00\"}", "x\xf0\x9f\x98\x80"},
	{"{\"nested\":{\"sub\":\"inner\",\"a\":[1,{\"sub\":2},[]]},"
	 "\"n\":-1.5e3,\"t\":true,\"f\":false,\"z\":null,\"sub\":\"outer\"}",
	 "outer"},
	{"{\"s\\u0075b\":\"escaped-key\"}", "escaped-key"},
};

START_TEST(test_subject_is_read_from_valid_payloads)
{
	char *sub = subject_of(good[_i].payload);

	ck_assert_ptr_nonnull(sub);
	ck_assert_str_eq(sub, good[_i].subject);
	free(sub);
}
END_TEST

static const char *const bad[] = {
	"{}",
	"[\"sub\",\"x\"]",
	"{\"sub\":42}",
	"{\"sub\":\"\"}",
	"{\"sub\":null}",
	"{\"sub\":\"a\",\"sub\":\"b\"}",
	"{\"nested\":{\"sub\":\"inner\"}}",
	"{\"sub\":\"a\"} trailing",
	"{\"sub\":\"a\"",
	"{\"sub\":\"a}",
	"{\"sub\" \"a\"}",
	"{\"sub\":\"a\",}",
	"{\"sub\":\"nul\\u0000inside\"}",
	"{\"sub\":\"lone\\ud800surrogate\"}",
	"{\"sub\":\"bad\\qescape\"}",
	"{\"sub\":\"short\\u12\"}",
	"{\"sub\":\"raw\ncontrol\"}",
	"{\"sub\":\"not-utf8-\xff\"}",
	"{\"x\":tru,\"sub\":\"a\"}",
	"",
};

START_TEST(test_subject_is_refused_for_bad_payloads)
{
	ck_assert_ptr_null(subject_of(bad[_i]));
}
END_TEST

START_TEST(test_deep_nesting_is_refused_without_crashing)
{
	size_t depth = 10000;
	char *json = malloc(2 * depth + 32);

	ck_assert_ptr_nonnull(json);
	strcpy(json, "{\"a\":");
	memset(json + 5, '[', depth);
	json[5 + depth] = 0;
	ck_assert_ptr_null(subject_of(json));
	free(json);
}
END_TEST

START_TEST(test_token_must_have_three_parts)
{
	char *sub = NULL;

	ck_assert_int_eq(jwt_subject("only-one-part", &sub), PARSEC_E_DECODE);
	ck_assert_int_eq(jwt_subject("two.parts", &sub), PARSEC_E_DECODE);
	ck_assert_int_eq(jwt_subject("a.eyJzdWIiOiJ4In0.b.c", &sub),
			 PARSEC_E_DECODE);
	ck_assert_int_eq(jwt_subject("a.eyJzdWIiOiJ4In0!.b", &sub),
			 PARSEC_E_DECODE);
	ck_assert_int_eq(jwt_subject("a.eyJzdWIiOiJ4In0.b", &sub),
			 PARSEC_SUCCESS);
	ck_assert_str_eq(sub, "x");
	free(sub);
}
END_TEST

/* xorshift64: a reproducible stream of hostile bytes. */
static uint64_t rng;

static uint32_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 32);
}

/* The payload of a valid good[] entry with a few bytes changed, cut
 * short, or made up; *len is its length (it may hold NUL bytes). */
static void hostile_payload(char *out, size_t max, size_t *len)
{
	static const char noise[] = "{}[]\\\":,subtrue 0\x01\xc3\xa9";
	const char *base =
		good[next() % (sizeof(good) / sizeof(good[0]))].payload;
	size_t i, n = strlen(base);

	memcpy(out, base, n);
	switch (next() % 3) {
	case 0:
		for (i = 1 + next() % 3; i > 0; i--)
			out[next() % n] = (char)next();
		break;
	case 1:
		n = next() % n;
		break;
	default:
		n = next() % max;
		for (i = 0; i < n; i++)
			out[i] = noise[next() % (sizeof(noise) - 1)];
		break;
	}
	*len = n;
}

START_TEST(test_hostile_json_is_refused_or_read_safely)
{
	size_t round, len, ok = 0, refused = 0;
	char payload[256], *sub;
	parsec_status_t rc;

	rng = 0x2545F4914F6CDD1Dull;
	for (round = 0; round < 20000; round++) {
		hostile_payload(payload, sizeof(payload), &len);
		sub = (char *)payload;
		rc = json_object_string(payload, len, "sub", &sub);
		ck_assert(rc == PARSEC_SUCCESS || rc == PARSEC_E_DECODE);
		if (rc != PARSEC_SUCCESS) {
			ck_assert_ptr_null(sub);
			refused++;
			continue;
		}
		/* no NUL inside, and nothing read past the text */
		ck_assert_uint_le(strlen(sub), len);
		free(sub);
		ok++;
	}
	ck_assert_uint_gt(ok, 0);
	ck_assert_uint_gt(refused, 0);
}
END_TEST

START_TEST(test_hostile_tokens_are_refused_or_read_safely)
{
	static const char alphabet[] = "eyJzdWIiOiJ4In0.-_=+/ \xff";
	size_t round, i, n, ok = 0;
	char token[64], *sub;
	parsec_status_t rc;

	rng = 0x9E3779B97F4A7C15ull;
	for (round = 0; round < 20000; round++) {
		/* around "a.eyJzdWIiOiJ4In0.b" ({"sub":"x"}) */
		n = next() % (sizeof(token) - 1);
		for (i = 0; i < n; i++)
			token[i] = alphabet[next() % (sizeof(alphabet) - 1)];
		token[n] = 0;
		if (round % 4 == 0)
			strcpy(token, "a.eyJzdWIiOiJ4In0.b");
		sub = token;
		rc = jwt_subject(token, &sub);
		ck_assert(rc == PARSEC_SUCCESS || rc == PARSEC_E_DECODE);
		if (rc != PARSEC_SUCCESS) {
			ck_assert_ptr_null(sub);
			continue;
		}
		ck_assert(sub[0] != 0 &&
			  utf8_valid((const uint8_t *)sub, strlen(sub)));
		free(sub);
		ok++;
	}
	ck_assert_uint_gt(ok, 0);
}
END_TEST

static const struct {
	const char *text;
	const char *bytes;
} b64[] = {
	{"", ""},	 {"TQ", "M"},	       {"TWE", "Ma"},
	{"TWFu", "Man"}, {"TWFuTQ==", "ManM"}, {"-_8", "\xfb\xff"},
};

START_TEST(test_base64url_decodes_rfc4648_vectors)
{
	uint8_t *out;
	size_t len;

	ck_assert_int_eq(base64url_decode(b64[_i].text, strlen(b64[_i].text),
					  &out, &len),
			 PARSEC_SUCCESS);
	ck_assert_uint_eq(len, strlen(b64[_i].bytes));
	ck_assert_mem_eq(out, b64[_i].bytes, len);
	ck_assert_uint_eq(out[len], 0);
	secmem_free(out, len + 1);
}
END_TEST

START_TEST(test_base64url_refuses_bad_text)
{
	uint8_t *out;
	size_t len;

	ck_assert_int_eq(base64url_decode("T", 1, &out, &len), PARSEC_E_DECODE);
	ck_assert_int_eq(base64url_decode("TW+u", 4, &out, &len),
			 PARSEC_E_DECODE);
	ck_assert_int_eq(base64url_decode("TW/u", 4, &out, &len),
			 PARSEC_E_DECODE);
	ck_assert_int_eq(base64url_decode("TW u", 4, &out, &len),
			 PARSEC_E_DECODE);
}
END_TEST

START_TEST(test_json_finds_only_top_level_members)
{
	const char *text = "{\"a\":{\"b\":\"inner\"},\"b\":\"outer\"}";
	char *out;

	ck_assert_int_eq(json_object_string(text, strlen(text), "b", &out),
			 PARSEC_SUCCESS);
	ck_assert_str_eq(out, "outer");
	free(out);
	ck_assert_int_eq(json_object_string(text, strlen(text), "a", &out),
			 PARSEC_E_DECODE);
	ck_assert_ptr_null(out);
	/* the length bounds the text: nothing past it is read */
	ck_assert_int_eq(json_object_string(text, 10, "b", &out),
			 PARSEC_E_DECODE);
}
END_TEST

START_TEST(test_utf8_validation_follows_rfc3629)
{
	ck_assert(utf8_valid((const uint8_t *)"plain", 5));
	ck_assert(utf8_valid((const uint8_t *)"\xc3\xa9\xe2\x82\xac", 5));
	ck_assert(utf8_valid((const uint8_t *)"\xf4\x8f\xbf\xbf", 4));
	ck_assert(!utf8_valid((const uint8_t *)"\xc0\x80", 2));
	ck_assert(!utf8_valid((const uint8_t *)"\xe0\x80\x80", 3));
	ck_assert(!utf8_valid((const uint8_t *)"\xed\xa0\x80", 3));
	ck_assert(!utf8_valid((const uint8_t *)"\xf4\x90\x80\x80", 4));
	ck_assert(!utf8_valid((const uint8_t *)"\xe2\x82", 2));
	ck_assert(!utf8_valid((const uint8_t *)"\x80", 1));
}
END_TEST

Suite *unit_suite(void)
{
	Suite *s = suite_create("jwt");
	TCase *tc = tcase_create("decoders");

	tcase_add_loop_test(tc, test_subject_is_read_from_valid_payloads, 0,
			    sizeof(good) / sizeof(good[0]));
	tcase_add_loop_test(tc, test_subject_is_refused_for_bad_payloads, 0,
			    sizeof(bad) / sizeof(bad[0]));
	tcase_add_test(tc, test_deep_nesting_is_refused_without_crashing);
	tcase_add_test(tc, test_hostile_json_is_refused_or_read_safely);
	tcase_add_test(tc, test_hostile_tokens_are_refused_or_read_safely);
	tcase_add_test(tc, test_token_must_have_three_parts);
	tcase_add_loop_test(tc, test_base64url_decodes_rfc4648_vectors, 0,
			    sizeof(b64) / sizeof(b64[0]));
	tcase_add_test(tc, test_base64url_refuses_bad_text);
	tcase_add_test(tc, test_json_finds_only_top_level_members);
	tcase_add_test(tc, test_utf8_validation_follows_rfc3629);
	suite_add_tcase(s, tc);
	return s;
}
