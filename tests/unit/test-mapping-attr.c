/*
 * test-mapping-attr.c - attribute lists, the attribute table and the store
 * encoding (mapping/attr_list.c, mapping/attr_table.c).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "mapping/attr_list.h"

static const CK_BBOOL yes = CK_TRUE, no = CK_FALSE;

START_TEST(test_every_standard_attribute_has_a_kind_and_name)
{
	static const CK_ATTRIBUTE_TYPE types[] = {
		CKA_CLASS,
		CKA_TOKEN,
		CKA_PRIVATE,
		CKA_LABEL,
		CKA_APPLICATION,
		CKA_VALUE,
		CKA_OBJECT_ID,
		CKA_CERTIFICATE_TYPE,
		CKA_ISSUER,
		CKA_SERIAL_NUMBER,
		CKA_AC_ISSUER,
		CKA_OWNER,
		CKA_ATTR_TYPES,
		CKA_TRUSTED,
		CKA_CERTIFICATE_CATEGORY,
		CKA_JAVA_MIDP_SECURITY_DOMAIN,
		CKA_URL,
		CKA_HASH_OF_SUBJECT_PUBLIC_KEY,
		CKA_HASH_OF_ISSUER_PUBLIC_KEY,
		CKA_NAME_HASH_ALGORITHM,
		CKA_CHECK_VALUE,
		CKA_KEY_TYPE,
		CKA_SUBJECT,
		CKA_ID,
		CKA_SENSITIVE,
		CKA_ENCRYPT,
		CKA_DECRYPT,
		CKA_WRAP,
		CKA_UNWRAP,
		CKA_SIGN,
		CKA_SIGN_RECOVER,
		CKA_VERIFY,
		CKA_VERIFY_RECOVER,
		CKA_DERIVE,
		CKA_START_DATE,
		CKA_END_DATE,
		CKA_MODULUS,
		CKA_MODULUS_BITS,
		CKA_PUBLIC_EXPONENT,
		CKA_PRIVATE_EXPONENT,
		CKA_PRIME_1,
		CKA_PRIME_2,
		CKA_EXPONENT_1,
		CKA_EXPONENT_2,
		CKA_COEFFICIENT,
		CKA_PUBLIC_KEY_INFO,
		CKA_PRIME,
		CKA_SUBPRIME,
		CKA_BASE,
		CKA_VALUE_BITS,
		CKA_VALUE_LEN,
		CKA_EXTRACTABLE,
		CKA_LOCAL,
		CKA_NEVER_EXTRACTABLE,
		CKA_ALWAYS_SENSITIVE,
		CKA_KEY_GEN_MECHANISM,
		CKA_MODIFIABLE,
		CKA_COPYABLE,
		CKA_DESTROYABLE,
		CKA_EC_PARAMS,
		CKA_EC_POINT,
		CKA_ALWAYS_AUTHENTICATE,
		CKA_WRAP_WITH_TRUSTED,
		CKA_ALLOWED_MECHANISMS,
	};
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		ck_assert_msg(attr_kind(types[i]) != ATTR_KIND_UNKNOWN,
			      "type 0x%lx", types[i]);
		ck_assert_ptr_nonnull(attr_name(types[i]));
	}
	ck_assert_str_eq(attr_name(CKA_LABEL), "CKA_LABEL");
	ck_assert_int_eq(attr_kind(CKA_MODULUS_BITS), ATTR_KIND_ULONG);
	ck_assert_int_eq(attr_kind(CKA_SIGN), ATTR_KIND_BOOL);
	ck_assert_int_eq(attr_kind(CKA_END_DATE), ATTR_KIND_DATE);
	ck_assert_int_eq(attr_kind(CKA_ALLOWED_MECHANISMS),
			 ATTR_KIND_MECH_ARRAY);
}
END_TEST

START_TEST(test_unknown_and_template_types_have_no_kind)
{
	ck_assert_int_eq(attr_kind(CKA_VENDOR_DEFINED | 7), ATTR_KIND_UNKNOWN);
	ck_assert_int_eq(attr_kind(CKA_WRAP_TEMPLATE), ATTR_KIND_UNKNOWN);
	ck_assert_int_eq(attr_kind(CKA_DERIVE_TEMPLATE), ATTR_KIND_UNKNOWN);
	ck_assert_ptr_null(attr_name(CKA_VENDOR_DEFINED | 7));
}
END_TEST

START_TEST(test_secret_types_are_wiped_on_free)
{
	ck_assert(attr_wiped_on_free(CKA_VALUE));
	ck_assert(attr_wiped_on_free(CKA_PRIVATE_EXPONENT));
	ck_assert(attr_wiped_on_free(CKA_PRIME_1));
	ck_assert(attr_wiped_on_free(CKA_PRIME_2));
	ck_assert(attr_wiped_on_free(CKA_EXPONENT_1));
	ck_assert(attr_wiped_on_free(CKA_EXPONENT_2));
	ck_assert(attr_wiped_on_free(CKA_COEFFICIENT));
	ck_assert(!attr_wiped_on_free(CKA_LABEL));
	ck_assert(!attr_wiped_on_free(CKA_MODULUS));
}
END_TEST

START_TEST(test_set_get_replace_and_remove)
{
	attr_list_t l = ATTR_LIST_INIT;
	const attr_t *a;

	ck_assert_int_eq(attr_list_set(&l, CKA_LABEL, "one", 3), CKR_OK);
	ck_assert_int_eq(attr_list_set_bool(&l, CKA_TOKEN, CK_TRUE), CKR_OK);
	ck_assert_int_eq(attr_list_set_ulong(&l, CKA_CLASS, CKO_DATA), CKR_OK);
	ck_assert_uint_eq(l.count, 3);
	ck_assert_int_eq(attr_list_set(&l, CKA_LABEL, "second", 6), CKR_OK);
	ck_assert_uint_eq(l.count, 3);
	a = attr_list_get(&l, CKA_LABEL);
	ck_assert_ptr_nonnull(a);
	ck_assert_uint_eq(a->len, 6);
	ck_assert_mem_eq(a->value, "second", 6);
	ck_assert_uint_eq(attr_list_get_bool(&l, CKA_TOKEN, CK_FALSE), CK_TRUE);
	ck_assert_uint_eq(attr_list_get_ulong(&l, CKA_CLASS, 99), CKO_DATA);
	attr_list_remove(&l, CKA_TOKEN);
	ck_assert_uint_eq(l.count, 2);
	ck_assert_ptr_null(attr_list_get(&l, CKA_TOKEN));
	ck_assert_ptr_nonnull(attr_list_get(&l, CKA_CLASS));
	attr_list_remove(&l, CKA_TOKEN); /* absent: no effect */
	ck_assert_uint_eq(l.count, 2);
	ck_assert_int_eq(attr_list_set(&l, CKA_ID, NULL, 0), CKR_OK);
	a = attr_list_get(&l, CKA_ID);
	ck_assert_uint_eq(a->len, 0);
	ck_assert_ptr_null(a->value);
	ck_assert_int_eq(attr_list_set(&l, CKA_ID, NULL, 4), CKR_ARGUMENTS_BAD);
	attr_list_free(&l);
	ck_assert_uint_eq(l.count, 0);
	ck_assert_ptr_null(l.items);
}
END_TEST

START_TEST(test_typed_reads_give_default_for_absent_or_malformed)
{
	attr_list_t l = ATTR_LIST_INIT;

	ck_assert_uint_eq(attr_list_get_bool(&l, CKA_SIGN, CK_TRUE), CK_TRUE);
	ck_assert_uint_eq(attr_list_get_ulong(&l, CKA_CLASS, 42), 42);
	ck_assert_int_eq(attr_list_set(&l, CKA_SIGN, "ab", 2), CKR_OK);
	ck_assert_int_eq(attr_list_set(&l, CKA_CLASS, "ab", 2), CKR_OK);
	ck_assert_uint_eq(attr_list_get_bool(&l, CKA_SIGN, CK_TRUE), CK_TRUE);
	ck_assert_uint_eq(attr_list_get_ulong(&l, CKA_CLASS, 42), 42);
	attr_list_free(&l);
}
END_TEST

START_TEST(test_copy_is_deep)
{
	attr_list_t a = ATTR_LIST_INIT, b;

	ck_assert_int_eq(attr_list_set(&a, CKA_LABEL, "x", 1), CKR_OK);
	ck_assert_int_eq(attr_list_copy(&b, &a), CKR_OK);
	ck_assert_int_eq(attr_list_set(&a, CKA_LABEL, "y", 1), CKR_OK);
	ck_assert_mem_eq(attr_list_get(&b, CKA_LABEL)->value, "x", 1);
	ck_assert_ptr_ne(attr_list_get(&b, CKA_LABEL)->value,
			 attr_list_get(&a, CKA_LABEL)->value);
	attr_list_free(&a);
	attr_list_free(&b);
}
END_TEST

START_TEST(test_check_value_enforces_kind_rules)
{
	CK_ULONG ul = 5;
	CK_BBOOL two = 2;
	CK_MECHANISM_TYPE mechs[2] = {CKM_RSA_PKCS, CKM_ECDSA};
	static const char buf[8] = "20240131";

	ck_assert_int_eq(attr_check_value(CKA_SIGN, &yes, 1), CKR_OK);
	ck_assert_int_eq(attr_check_value(CKA_SIGN, &no, 1), CKR_OK);
	ck_assert_int_eq(attr_check_value(CKA_SIGN, &two, 1),
			 CKR_ATTRIBUTE_VALUE_INVALID);
	ck_assert_int_eq(attr_check_value(CKA_SIGN, &ul, sizeof(ul)),
			 CKR_ATTRIBUTE_VALUE_INVALID);
	ck_assert_int_eq(attr_check_value(CKA_CLASS, &ul, sizeof(ul)), CKR_OK);
	ck_assert_int_eq(attr_check_value(CKA_CLASS, &ul, 4),
			 CKR_ATTRIBUTE_VALUE_INVALID);
	ck_assert_int_eq(attr_check_value(CKA_CLASS, NULL, sizeof(ul)),
			 CKR_ATTRIBUTE_VALUE_INVALID);
	ck_assert_int_eq(attr_check_value(CKA_LABEL, "", 0), CKR_OK);
	ck_assert_int_eq(
		attr_check_value(CKA_LABEL, buf, ATTR_VALUE_MAX_LEN + 1),
		CKR_ATTRIBUTE_VALUE_INVALID);
	ck_assert_int_eq(attr_check_value(CKA_START_DATE, buf, 8), CKR_OK);
	ck_assert_int_eq(attr_check_value(CKA_START_DATE, NULL, 0), CKR_OK);
	ck_assert_int_eq(attr_check_value(CKA_START_DATE, buf, 7),
			 CKR_ATTRIBUTE_VALUE_INVALID);
	ck_assert_int_eq(attr_check_value(CKA_START_DATE, "2024013a", 8),
			 CKR_ATTRIBUTE_VALUE_INVALID);
	ck_assert_int_eq(
		attr_check_value(CKA_ALLOWED_MECHANISMS, mechs, sizeof(mechs)),
		CKR_OK);
	ck_assert_int_eq(attr_check_value(CKA_ALLOWED_MECHANISMS, mechs, 3),
			 CKR_ATTRIBUTE_VALUE_INVALID);
	ck_assert_int_eq(attr_check_value(CKA_VENDOR_DEFINED, buf, 1),
			 CKR_ATTRIBUTE_TYPE_INVALID);
	ck_assert_int_eq(attr_check_value(CKA_WRAP_TEMPLATE, buf, 1),
			 CKR_ATTRIBUTE_TYPE_INVALID);
}
END_TEST

START_TEST(test_set_template_is_all_or_nothing)
{
	attr_list_t l = ATTR_LIST_INIT;
	CK_BBOOL bad = 7;
	CK_ATTRIBUTE tmpl[] = {
		{CKA_LABEL, "new", 3},
		{CKA_SIGN, &bad, 1},
	};

	ck_assert_int_eq(attr_list_set(&l, CKA_LABEL, "old", 3), CKR_OK);
	ck_assert_int_eq(attr_list_set_template(&l, tmpl, 2),
			 CKR_ATTRIBUTE_VALUE_INVALID);
	ck_assert_uint_eq(l.count, 1);
	ck_assert_mem_eq(attr_list_get(&l, CKA_LABEL)->value, "old", 3);
	tmpl[1].pValue = (void *)&yes;
	ck_assert_int_eq(attr_list_set_template(&l, tmpl, 2), CKR_OK);
	ck_assert_uint_eq(l.count, 2);
	ck_assert_mem_eq(attr_list_get(&l, CKA_LABEL)->value, "new", 3);
	ck_assert_ptr_eq(attr_template_find(tmpl, 2, CKA_SIGN), &tmpl[1]);
	ck_assert_ptr_null(attr_template_find(tmpl, 2, CKA_ID));
	attr_list_free(&l);
}
END_TEST

START_TEST(test_matches_compares_bytes_and_values)
{
	attr_list_t l = ATTR_LIST_INIT;
	CK_ULONG cls = CKO_CERTIFICATE, other = CKO_DATA;
	CK_BBOOL truthy = 2;
	CK_ATTRIBUTE t_label = {CKA_LABEL, "cert", 4};
	CK_ATTRIBUTE t_prefix = {CKA_LABEL, "cer", 3};
	CK_ATTRIBUTE t_class = {CKA_CLASS, &cls, sizeof(cls)};
	CK_ATTRIBUTE t_other = {CKA_CLASS, &other, sizeof(other)};
	CK_ATTRIBUTE t_true = {CKA_TOKEN, &truthy, 1};
	CK_ATTRIBUTE t_false = {CKA_TOKEN, (void *)&no, 1};
	CK_ATTRIBUTE t_absent = {CKA_ID, "x", 1};
	CK_ATTRIBUTE t_null = {CKA_LABEL, NULL, 4};
	CK_ATTRIBUTE both[] = {{CKA_LABEL, "cert", 4},
			       {CKA_CLASS, &cls, sizeof(cls)}};

	ck_assert_int_eq(attr_list_set(&l, CKA_LABEL, "cert", 4), CKR_OK);
	ck_assert_int_eq(attr_list_set_ulong(&l, CKA_CLASS, cls), CKR_OK);
	ck_assert_int_eq(attr_list_set_bool(&l, CKA_TOKEN, CK_TRUE), CKR_OK);
	ck_assert(attr_list_matches(&l, NULL, 0));
	ck_assert(attr_list_matches(&l, &t_label, 1));
	ck_assert(!attr_list_matches(&l, &t_prefix, 1));
	ck_assert(attr_list_matches(&l, &t_class, 1));
	ck_assert(!attr_list_matches(&l, &t_other, 1));
	ck_assert(attr_list_matches(&l, &t_true, 1));
	ck_assert(!attr_list_matches(&l, &t_false, 1));
	ck_assert(!attr_list_matches(&l, &t_absent, 1));
	ck_assert(!attr_list_matches(&l, &t_null, 1));
	ck_assert(attr_list_matches(&l, both, 2));
	both[1].pValue = &other;
	ck_assert(!attr_list_matches(&l, both, 2));
	attr_list_free(&l);
}
END_TEST

/* A list with one attribute of every kind, edge values included. */
static void fill_every_kind(attr_list_t *l)
{
	CK_MECHANISM_TYPE mechs[] = {CKM_ECDSA, CKM_SHA256_RSA_PKCS,
				     CKM_VENDOR_DEFINED | 1};
	uint8_t secret[32];

	memset(secret, 0xa5, sizeof(secret));
	ck_assert_int_eq(attr_list_set_ulong(l, CKA_CLASS, CKO_SECRET_KEY),
			 CKR_OK);
	ck_assert_int_eq(attr_list_set_ulong(l, CKA_VALUE_LEN,
					     CK_UNAVAILABLE_INFORMATION),
			 CKR_OK);
	ck_assert_int_eq(attr_list_set_bool(l, CKA_SENSITIVE, CK_TRUE), CKR_OK);
	ck_assert_int_eq(attr_list_set_bool(l, CKA_EXTRACTABLE, CK_FALSE),
			 CKR_OK);
	ck_assert_int_eq(attr_list_set(l, CKA_LABEL, "k\xc3\xa9y", 4), CKR_OK);
	ck_assert_int_eq(attr_list_set(l, CKA_ID, NULL, 0), CKR_OK);
	ck_assert_int_eq(attr_list_set(l, CKA_VALUE, secret, sizeof(secret)),
			 CKR_OK);
	ck_assert_int_eq(attr_list_set(l, CKA_START_DATE, "20250102", 8),
			 CKR_OK);
	ck_assert_int_eq(attr_list_set(l, CKA_END_DATE, NULL, 0), CKR_OK);
	ck_assert_int_eq(
		attr_list_set(l, CKA_ALLOWED_MECHANISMS, mechs, sizeof(mechs)),
		CKR_OK);
	ck_assert_int_eq(attr_list_set(l, CKA_VENDOR_DEFINED | 5, "v", 1),
			 CKR_OK);
}

static void assert_lists_equal(const attr_list_t *a, const attr_list_t *b)
{
	size_t i;

	ck_assert_uint_eq(a->count, b->count);
	for (i = 0; i < a->count; i++) {
		const attr_t *x = &a->items[i];
		const attr_t *y = attr_list_get(b, x->type);

		ck_assert_ptr_nonnull(y);
		ck_assert_uint_eq(x->len, y->len);
		if (x->len)
			ck_assert_mem_eq(x->value, y->value, x->len);
	}
}

START_TEST(test_encode_decode_round_trips_every_kind)
{
	attr_list_t l = ATTR_LIST_INIT, back;
	uint8_t *buf;
	size_t len;

	fill_every_kind(&l);
	ck_assert_int_eq(attr_list_encode(&l, &buf, &len), CKR_OK);
	ck_assert_uint_eq(buf[0], 1);
	ck_assert_int_eq(attr_list_decode(&back, buf, len), CKR_OK);
	assert_lists_equal(&l, &back);
	ck_assert_uint_eq(attr_list_get_ulong(&back, CKA_VALUE_LEN, 0),
			  CK_UNAVAILABLE_INFORMATION);
	free(buf);
	attr_list_free(&back);
	attr_list_free(&l);
}
END_TEST

START_TEST(test_encoding_is_little_endian_64_bit)
{
	attr_list_t l = ATTR_LIST_INIT;
	static const uint8_t expected[] = {
		1,
		0x01,
		0,
		0,
		0, /* version, count */
		0x21,
		0x01,
		0,
		0,
		0,
		0,
		0,
		0, /* CKA_MODULUS_BITS */
		ATTR_KIND_ULONG,
		8,
		0,
		0,
		0, /* kind, length */
		0x00,
		0x08,
		0,
		0,
		0,
		0,
		0,
		0, /* 2048 */
	};
	uint8_t *buf;
	size_t len;

	ck_assert_int_eq(attr_list_set_ulong(&l, CKA_MODULUS_BITS, 2048),
			 CKR_OK);
	ck_assert_int_eq(attr_list_encode(&l, &buf, &len), CKR_OK);
	ck_assert_uint_eq(len, sizeof(expected));
	ck_assert_mem_eq(buf, expected, len);
	free(buf);
	attr_list_free(&l);
}
END_TEST

START_TEST(test_encode_refuses_malformed_known_values)
{
	attr_list_t l = ATTR_LIST_INIT;
	uint8_t *buf = NULL;
	size_t len;

	ck_assert_int_eq(attr_list_set(&l, CKA_CLASS, "abc", 3), CKR_OK);
	ck_assert_int_eq(attr_list_encode(&l, &buf, &len),
			 CKR_ATTRIBUTE_VALUE_INVALID);
	ck_assert_ptr_null(buf);
	attr_list_free(&l);
}
END_TEST

START_TEST(test_decode_of_every_truncation_fails_cleanly)
{
	attr_list_t l = ATTR_LIST_INIT, back;
	uint8_t *buf, *copy;
	size_t len, cut;

	fill_every_kind(&l);
	ck_assert_int_eq(attr_list_encode(&l, &buf, &len), CKR_OK);
	for (cut = 0; cut < len; cut++) {
		/* An exact-size copy so ASan/valgrind see any overread. */
		copy = malloc(cut ? cut : 1);
		memcpy(copy, buf, cut);
		ck_assert_int_eq(attr_list_decode(&back, copy, cut),
				 CKR_GENERAL_ERROR);
		ck_assert_uint_eq(back.count, 0);
		ck_assert_ptr_null(back.items);
		free(copy);
	}
	free(buf);
	attr_list_free(&l);
}
END_TEST

static void expect_garbage(const uint8_t *in, size_t len)
{
	attr_list_t back;

	ck_assert_int_eq(attr_list_decode(&back, in, len), CKR_GENERAL_ERROR);
	ck_assert_uint_eq(back.count, 0);
}

START_TEST(test_decode_rejects_inconsistent_input)
{
	/* Version 2. */
	static const uint8_t v2[] = {2, 0, 0, 0, 0};
	/* CKA_CLASS recorded as bytes. */
	static const uint8_t kind[] = {1, 1, 0, 0, 0,  0, 0,
				       0, 0, 0, 0, 0,  0, ATTR_KIND_BYTES,
				       1, 0, 0, 0, 'x'};
	/* CK_BBOOL of 2. */
	static const uint8_t bool2[] = {1, 1, 0, 0, 0, 1, 0,
					0, 0, 0, 0, 0, 0, ATTR_KIND_BOOL,
					1, 0, 0, 0, 2};
	/* The same type twice. */
	static const uint8_t twice[] = {1,
					2,
					0,
					0,
					0,
					3,
					0,
					0,
					0,
					0,
					0,
					0,
					0,
					ATTR_KIND_BYTES,
					0,
					0,
					0,
					0,
					3,
					0,
					0,
					0,
					0,
					0,
					0,
					0,
					ATTR_KIND_BYTES,
					0,
					0,
					0,
					0};
	/* A byte after the last record. */
	static const uint8_t trailing[] = {1, 0, 0, 0, 0, 0};
	/* A count far beyond the input. */
	static const uint8_t count[] = {1, 0xff, 0xff, 0xff, 0xff};
	/* Kind 0 and kind 9. */
	static const uint8_t kind0[] = {1, 1,	 0, 0, 0, 0, 0, 0, 0,
					0, 0x80, 0, 0, 0, 0, 0, 0, 0};
	static const uint8_t kind9[] = {1, 1,	 0, 0, 0, 0, 0, 0, 0,
					0, 0x80, 0, 0, 9, 0, 0, 0, 0};
	/* A date of 3 bytes, a mechanism array of 12. */
	static const uint8_t date[] = {1, 1, 0, 0, 0,	0x10, 1,
				       0, 0, 0, 0, 0,	0,    ATTR_KIND_DATE,
				       3, 0, 0, 0, '2', '0',  '2'};
	static const uint8_t mechs[] = {
		1,  1, 0, 0, 0, 0, 6, 0, 0x40, 0, 0, 0, 0, ATTR_KIND_MECH_ARRAY,
		12, 0, 0, 0, 1, 0, 0, 0, 0,    0, 0, 0, 1, 0,
		0,  0};
	attr_list_t back;

	expect_garbage(v2, sizeof(v2));
	expect_garbage(kind, sizeof(kind));
	expect_garbage(bool2, sizeof(bool2));
	expect_garbage(twice, sizeof(twice));
	expect_garbage(trailing, sizeof(trailing));
	expect_garbage(count, sizeof(count));
	expect_garbage(kind0, sizeof(kind0));
	expect_garbage(kind9, sizeof(kind9));
	expect_garbage(date, sizeof(date));
	expect_garbage(mechs, sizeof(mechs));
	ck_assert_int_eq(attr_list_decode(&back, NULL, 0), CKR_GENERAL_ERROR);
	/* The smallest valid input: an empty list. */
	ck_assert_int_eq(attr_list_decode(&back, trailing, 5), CKR_OK);
	ck_assert_uint_eq(back.count, 0);
	attr_list_free(&back);
}
END_TEST

/* xorshift64*: a fixed seed keeps failures reproducible. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

/* Whatever decode accepts must encode again to the same bytes. */
static void decode_fuzzed(const uint8_t *in, size_t len)
{
	attr_list_t back;
	uint8_t *again;
	size_t again_len;
	CK_RV rv = attr_list_decode(&back, in, len);

	ck_assert(rv == CKR_OK || rv == CKR_GENERAL_ERROR);
	if (rv != CKR_OK) {
		ck_assert_uint_eq(back.count, 0);
		return;
	}
	ck_assert_int_eq(attr_list_encode(&back, &again, &again_len), CKR_OK);
	ck_assert_uint_eq(again_len, len);
	ck_assert_mem_eq(again, in, len);
	free(again);
	attr_list_free(&back);
}

START_TEST(test_decode_of_random_input_never_crashes_or_leaks)
{
	uint8_t *buf;
	size_t len, i, j;

	for (i = 0; i < 4000; i++) {
		len = rng() % 200;
		buf = malloc(len ? len : 1);
		for (j = 0; j < len; j++)
			buf[j] = (uint8_t)rng();
		/* Half the time, a plausible header so records get parsed. */
		if (len >= 5 && i % 2 == 0) {
			buf[0] = 1;
			buf[1] = (uint8_t)(rng() % 4);
			buf[2] = buf[3] = buf[4] = 0;
		}
		decode_fuzzed(buf, len);
		free(buf);
	}
}
END_TEST

START_TEST(test_decode_of_mutated_valid_input_never_crashes_or_leaks)
{
	attr_list_t l = ATTR_LIST_INIT;
	uint8_t *buf, *copy;
	size_t len, i, flips;

	fill_every_kind(&l);
	ck_assert_int_eq(attr_list_encode(&l, &buf, &len), CKR_OK);
	copy = malloc(len);
	for (i = 0; i < 4000; i++) {
		memcpy(copy, buf, len);
		for (flips = 1 + rng() % 3; flips > 0; flips--)
			copy[rng() % len] ^= (uint8_t)(1u << (rng() % 8));
		decode_fuzzed(copy, len);
	}
	free(copy);
	free(buf);
	attr_list_free(&l);
}
END_TEST

static Suite *attr_suite(void)
{
	Suite *s = suite_create("mapping-attr");
	TCase *tc = tcase_create("attr");

	tcase_add_test(tc, test_every_standard_attribute_has_a_kind_and_name);
	tcase_add_test(tc, test_unknown_and_template_types_have_no_kind);
	tcase_add_test(tc, test_secret_types_are_wiped_on_free);
	tcase_add_test(tc, test_set_get_replace_and_remove);
	tcase_add_test(tc,
		       test_typed_reads_give_default_for_absent_or_malformed);
	tcase_add_test(tc, test_copy_is_deep);
	tcase_add_test(tc, test_check_value_enforces_kind_rules);
	tcase_add_test(tc, test_set_template_is_all_or_nothing);
	tcase_add_test(tc, test_matches_compares_bytes_and_values);
	tcase_add_test(tc, test_encode_decode_round_trips_every_kind);
	tcase_add_test(tc, test_encoding_is_little_endian_64_bit);
	tcase_add_test(tc, test_encode_refuses_malformed_known_values);
	tcase_add_test(tc, test_decode_of_every_truncation_fails_cleanly);
	tcase_add_test(tc, test_decode_rejects_inconsistent_input);
	tcase_add_test(tc, test_decode_of_random_input_never_crashes_or_leaks);
	tcase_add_test(
		tc, test_decode_of_mutated_valid_input_never_crashes_or_leaks);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(attr_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
