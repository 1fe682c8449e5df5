/*
 * test_convert.c - PSA algorithms and key attributes to protobuf and back.
 * The expected protobuf shapes are psa_algorithm.proto and
 * psa_key_attributes.proto (parsec-operations).
 */
#include <string.h>

#include "parsec/convert.h"
#include "unit.h"

/* Every kind, with a hash or tag length where the kind has one. */
static const parsec_algorithm_t algs[] = {
	{PARSEC_ALG_NONE, PARSEC_HASH_NONE, 0},
	{PARSEC_ALG_HASH, PARSEC_HASH_SHA3_256, 0},
	{PARSEC_ALG_RSA_PKCS1V15_SIGN, PARSEC_HASH_ANY, 0},
	{PARSEC_ALG_RSA_PKCS1V15_SIGN, PARSEC_HASH_SHA_256, 0},
	{PARSEC_ALG_RSA_PKCS1V15_SIGN_RAW, PARSEC_HASH_NONE, 0},
	{PARSEC_ALG_RSA_PSS, PARSEC_HASH_SHA_384, 0},
	{PARSEC_ALG_ECDSA, PARSEC_HASH_SHA_512, 0},
	{PARSEC_ALG_ECDSA_ANY, PARSEC_HASH_NONE, 0},
	{PARSEC_ALG_DETERMINISTIC_ECDSA, PARSEC_HASH_SHA_224, 0},
	{PARSEC_ALG_RSA_PKCS1V15_CRYPT, PARSEC_HASH_NONE, 0},
	{PARSEC_ALG_RSA_OAEP, PARSEC_HASH_SHA_1, 0},
	{PARSEC_ALG_ECDH, PARSEC_HASH_NONE, 0},
	{PARSEC_ALG_FFDH, PARSEC_HASH_NONE, 0},
	{PARSEC_ALG_AEAD_CCM, PARSEC_HASH_NONE, 0},
	{PARSEC_ALG_AEAD_CCM, PARSEC_HASH_NONE, 8},
	{PARSEC_ALG_AEAD_GCM, PARSEC_HASH_NONE, 0},
	{PARSEC_ALG_AEAD_GCM, PARSEC_HASH_NONE, 12},
	{PARSEC_ALG_AEAD_CHACHA20_POLY1305, PARSEC_HASH_NONE, 0},
};

/* Encodes, packs, unpacks (as the service would read it) and decodes. */
static parsec_algorithm_t through_the_wire(const parsec_algorithm_t *alg)
{
	uint8_t buf[256];
	PsaAlgorithm__Algorithm *m;
	parsec_algorithm_t back;
	convert_alg_t st;
	size_t len;

	ck_assert_int_eq(convert_alg_encode(alg, &st), PARSEC_SUCCESS);
	len = protobuf_c_message_get_packed_size(&st.alg.base);
	ck_assert_uint_le(len, sizeof(buf));
	protobuf_c_message_pack(&st.alg.base, buf);
	m = psa_algorithm__algorithm__unpack(NULL, len, buf);
	ck_assert_ptr_nonnull(m);
	convert_alg_decode(m, &back);
	psa_algorithm__algorithm__free_unpacked(m, NULL);
	return back;
}

START_TEST(test_every_algorithm_survives_the_wire)
{
	parsec_algorithm_t back = through_the_wire(&algs[_i]);

	ck_assert_int_eq(back.kind, algs[_i].kind);
	ck_assert_int_eq(back.hash, algs[_i].hash);
	ck_assert_uint_eq(back.tag_length, algs[_i].tag_length);
}
END_TEST

START_TEST(test_ecdsa_is_asymmetric_signature_arm_4)
{
	const parsec_algorithm_t alg = {PARSEC_ALG_ECDSA, PARSEC_HASH_SHA_256,
					0};
	convert_alg_t st;

	ck_assert_int_eq(convert_alg_encode(&alg, &st), PARSEC_SUCCESS);
	ck_assert_int_eq(st.alg.variant_case, 6); /* asymmetric_signature */
	ck_assert_int_eq(st.alg.asymmetric_signature->variant_case, 4);
	/* the hash travels as SignHash.specific (field 2) = SHA_256 (7) */
	ck_assert_int_eq(
		st.alg.asymmetric_signature->ecdsa->hash_alg->variant_case, 2);
	ck_assert_int_eq(st.alg.asymmetric_signature->ecdsa->hash_alg->specific,
			 7);
}
END_TEST

START_TEST(test_sign_hash_any_decodes_to_any_hash)
{
	PsaAlgorithm__Algorithm alg = PSA_ALGORITHM__ALGORITHM__INIT;
	PsaAlgorithm__Algorithm__AsymmetricSignature sig =
		PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__INIT;
	PsaAlgorithm__Algorithm__AsymmetricSignature__RsaPss pss =
		PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__RSA_PSS__INIT;
	PsaAlgorithm__Algorithm__AsymmetricSignature__SignHash sign_hash =
		PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__SIGN_HASH__INIT;
	PsaAlgorithm__Algorithm__AsymmetricSignature__SignHash__Any any =
		PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__SIGN_HASH__ANY__INIT;
	parsec_algorithm_t out;

	sign_hash.variant_case =
		PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__SIGN_HASH__VARIANT_ANY;
	sign_hash.any = &any;
	pss.hash_alg = &sign_hash;
	sig.variant_case =
		PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__VARIANT_RSA_PSS;
	sig.rsa_pss = &pss;
	alg.variant_case =
		PSA_ALGORITHM__ALGORITHM__VARIANT_ASYMMETRIC_SIGNATURE;
	alg.asymmetric_signature = &sig;
	convert_alg_decode(&alg, &out);
	ck_assert_int_eq(out.kind, PARSEC_ALG_RSA_PSS);
	ck_assert_int_eq(out.hash, PARSEC_HASH_ANY);
}
END_TEST

START_TEST(test_any_hash_outside_a_signature_is_refused)
{
	const parsec_algorithm_t oaep = {PARSEC_ALG_RSA_OAEP, PARSEC_HASH_ANY,
					 0};
	convert_alg_t st;

	/* psa_algorithm.Hash has no "any": only SignHash can say it */
	ck_assert_int_eq(convert_alg_encode(&oaep, &st), PARSEC_E_ENCODE);
}
END_TEST

START_TEST(test_shortened_aead_tag_uses_its_own_message)
{
	const parsec_algorithm_t alg = {PARSEC_ALG_AEAD_GCM, PARSEC_HASH_NONE,
					12};
	const PsaAlgorithm__Algorithm__Aead *aead;
	convert_alg_t st;

	ck_assert_int_eq(convert_alg_encode(&alg, &st), PARSEC_SUCCESS);
	ck_assert_int_eq(st.alg.variant_case, 5); /* aead */
	aead = st.alg.aead;
	ck_assert_int_eq(aead->variant_case, 2); /* aead_with_shortened_tag */
	ck_assert_int_eq(aead->aead_with_shortened_tag->aead_alg, 2); /* GCM */
	ck_assert_uint_eq(aead->aead_with_shortened_tag->tag_length, 12);
}
END_TEST

START_TEST(test_ecdh_is_raw_key_agreement)
{
	const parsec_algorithm_t alg = {PARSEC_ALG_ECDH, PARSEC_HASH_NONE, 0};
	ProtobufCMessage *family;
	convert_alg_t st;

	ck_assert_int_eq(
		convert_alg_family(
			&alg, PSA_ALGORITHM__ALGORITHM__VARIANT_KEY_AGREEMENT,
			&st, &family),
		PARSEC_SUCCESS);
	ck_assert_ptr_eq(family, &st.alg.key_agreement->base);
	ck_assert_int_eq(st.alg.key_agreement->variant_case, 1); /* raw */
	ck_assert_int_eq(st.alg.key_agreement->raw, 2);		 /* ECDH */
}
END_TEST

START_TEST(test_algorithm_of_another_family_is_refused)
{
	const parsec_algorithm_t ecdsa = {PARSEC_ALG_ECDSA, PARSEC_HASH_SHA_256,
					  0};
	ProtobufCMessage *family;
	convert_alg_t st;

	ck_assert_int_eq(convert_alg_family(
				 &ecdsa, PSA_ALGORITHM__ALGORITHM__VARIANT_AEAD,
				 &st, &family),
			 PARSEC_E_ARGS);
	ck_assert_int_eq(
		convert_alg_family(NULL, PSA_ALGORITHM__ALGORITHM__VARIANT_AEAD,
				   &st, &family),
		PARSEC_E_ARGS);
}
END_TEST

START_TEST(test_unknown_kind_or_hash_is_refused)
{
	const parsec_algorithm_t bad_kind = {(parsec_alg_kind_t)99,
					     PARSEC_HASH_NONE, 0};
	const parsec_algorithm_t bad_hash = {PARSEC_ALG_ECDSA,
					     (parsec_hash_t)16, 0};
	convert_alg_t st;

	ck_assert_int_eq(convert_alg_encode(&bad_kind, &st), PARSEC_E_ARGS);
	ck_assert_int_eq(convert_alg_encode(&bad_hash, &st), PARSEC_E_ARGS);
}
END_TEST

START_TEST(test_unmodelled_algorithm_arms_decode_to_none)
{
	PsaAlgorithm__Algorithm alg = PSA_ALGORITHM__ALGORITHM__INIT;
	PsaAlgorithm__Algorithm__KeyAgreement ka =
		PSA_ALGORITHM__ALGORITHM__KEY_AGREEMENT__INIT;
	PsaAlgorithm__Algorithm__KeyAgreement__WithKeyDerivation kdf =
		PSA_ALGORITHM__ALGORITHM__KEY_AGREEMENT__WITH_KEY_DERIVATION__INIT;
	PsaAlgorithm__Algorithm__AsymmetricSignature sig =
		PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__INIT;
	PsaAlgorithm__Algorithm__AsymmetricSignature__Ecdsa ecdsa =
		PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__ECDSA__INIT;
	PsaAlgorithm__Algorithm__AsymmetricSignature__SignHash sign_hash =
		PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__SIGN_HASH__INIT;
	parsec_algorithm_t out;

	alg.variant_case = PSA_ALGORITHM__ALGORITHM__VARIANT_CIPHER;
	alg.cipher = PSA_ALGORITHM__ALGORITHM__CIPHER__CBC_PKCS7;
	convert_alg_decode(&alg, &out);
	ck_assert_int_eq(out.kind, PARSEC_ALG_NONE);

	ka.variant_case =
		PSA_ALGORITHM__ALGORITHM__KEY_AGREEMENT__VARIANT_WITH_KEY_DERIVATION;
	ka.with_key_derivation = &kdf;
	alg.variant_case = PSA_ALGORITHM__ALGORITHM__VARIANT_KEY_AGREEMENT;
	alg.key_agreement = &ka;
	convert_alg_decode(&alg, &out);
	ck_assert_int_eq(out.kind, PARSEC_ALG_NONE);

	/* a hash this client does not know makes the whole algorithm
	 * unknown, rather than ECDSA with a wrong hash */
	sign_hash.variant_case =
		PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__SIGN_HASH__VARIANT_SPECIFIC;
	sign_hash.specific = (PsaAlgorithm__Algorithm__Hash)77;
	ecdsa.hash_alg = &sign_hash;
	sig.variant_case =
		PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__VARIANT_ECDSA;
	sig.ecdsa = &ecdsa;
	alg.variant_case =
		PSA_ALGORITHM__ALGORITHM__VARIANT_ASYMMETRIC_SIGNATURE;
	alg.asymmetric_signature = &sig;
	convert_alg_decode(&alg, &out);
	ck_assert_int_eq(out.kind, PARSEC_ALG_NONE);

	alg.variant_case = PSA_ALGORITHM__ALGORITHM__VARIANT__NOT_SET;
	convert_alg_decode(&alg, &out);
	ck_assert_int_eq(out.kind, PARSEC_ALG_NONE);
	convert_alg_decode(NULL, &out);
	ck_assert_int_eq(out.kind, PARSEC_ALG_NONE);
}
END_TEST

static const parsec_key_attributes_t p256 = {
	.type = PARSEC_KEY_TYPE_ECC_KEY_PAIR,
	.ecc_family = PARSEC_ECC_SECP_R1,
	.bits = 256,
	.usage = PARSEC_USAGE_SIGN_HASH | PARSEC_USAGE_VERIFY_HASH |
		 PARSEC_USAGE_EXPORT,
	.alg = {PARSEC_ALG_ECDSA, PARSEC_HASH_ANY, 0},
};

START_TEST(test_attributes_encode_type_family_bits_and_usage)
{
	const PsaKeyAttributes__UsageFlags *u;
	convert_attrs_t st;

	ck_assert_int_eq(convert_attrs_encode(&p256, &st), PARSEC_SUCCESS);
	ck_assert_int_eq(st.attrs.key_type->variant_case,
			 11); /* ecc_key_pair */
	ck_assert_int_eq(st.attrs.key_type->ecc_key_pair->curve_family, 2);
	ck_assert_uint_eq(st.attrs.key_bits, 256);
	u = st.attrs.key_policy->key_usage_flags;
	ck_assert(u->sign_hash && u->verify_hash && u->export);
	ck_assert(!u->copy && !u->cache && !u->encrypt && !u->decrypt &&
		  !u->sign_message && !u->verify_message && !u->derive);
	ck_assert_int_eq(st.attrs.key_policy->key_algorithm->variant_case, 6);
	/* any hash: SignHash.any (field 1) */
	ck_assert_int_eq(
		st.attrs.key_policy->key_algorithm->asymmetric_signature->ecdsa
			->hash_alg->variant_case,
		1);
}
END_TEST

static parsec_key_attributes_t
attrs_through_the_wire(const parsec_key_attributes_t *a)
{
	PsaKeyAttributes__KeyAttributes *m;
	parsec_key_attributes_t back;
	convert_attrs_t st;
	uint8_t buf[256];
	size_t len;

	ck_assert_int_eq(convert_attrs_encode(a, &st), PARSEC_SUCCESS);
	len = protobuf_c_message_get_packed_size(&st.attrs.base);
	ck_assert_uint_le(len, sizeof(buf));
	protobuf_c_message_pack(&st.attrs.base, buf);
	m = psa_key_attributes__key_attributes__unpack(NULL, len, buf);
	ck_assert_ptr_nonnull(m);
	convert_attrs_decode(m, &back);
	psa_key_attributes__key_attributes__free_unpacked(m, NULL);
	return back;
}

START_TEST(test_every_key_type_and_usage_survives_the_wire)
{
	parsec_key_attributes_t a = {0}, back;
	int type;

	for (type = PARSEC_KEY_TYPE_RAW_DATA;
	     type <= PARSEC_KEY_TYPE_DH_PUBLIC_KEY; type++) {
		a.type = (parsec_key_type_t)type;
		a.ecc_family = type == PARSEC_KEY_TYPE_ECC_PUBLIC_KEY
				       ? PARSEC_ECC_MONTGOMERY
				       : PARSEC_ECC_FAMILY_NONE;
		a.bits = 128u * (unsigned)type;
		a.usage = 1u << (type % 10);
		a.alg.kind = PARSEC_ALG_RSA_OAEP;
		a.alg.hash = PARSEC_HASH_SHA_256;
		back = attrs_through_the_wire(&a);
		ck_assert_mem_eq(&back, &a, sizeof(a));
	}
	a = p256;
	a.usage = 0x3FF; /* all ten flags */
	back = attrs_through_the_wire(&a);
	ck_assert_mem_eq(&back, &a, sizeof(a));
}
END_TEST

START_TEST(test_bad_attributes_are_refused)
{
	parsec_key_attributes_t a = p256;
	convert_attrs_t st;

	a.ecc_family = (parsec_ecc_family_t)10;
	ck_assert_int_eq(convert_attrs_encode(&a, &st), PARSEC_E_ARGS);
	a = p256;
	a.type = (parsec_key_type_t)15;
	ck_assert_int_eq(convert_attrs_encode(&a, &st), PARSEC_E_ARGS);
	ck_assert_int_eq(convert_attrs_encode(NULL, &st), PARSEC_E_ARGS);
}
END_TEST

START_TEST(test_missing_or_unknown_key_parts_decode_to_none)
{
	PsaKeyAttributes__KeyAttributes m =
		PSA_KEY_ATTRIBUTES__KEY_ATTRIBUTES__INIT;
	PsaKeyAttributes__KeyType type = PSA_KEY_ATTRIBUTES__KEY_TYPE__INIT;
	PsaKeyAttributes__KeyType__EccKeyPair ecc =
		PSA_KEY_ATTRIBUTES__KEY_TYPE__ECC_KEY_PAIR__INIT;
	parsec_key_attributes_t out;

	m.key_bits = 384;
	convert_attrs_decode(&m, &out);
	ck_assert_int_eq(out.type, PARSEC_KEY_TYPE_NONE);
	ck_assert_uint_eq(out.bits, 384);
	ck_assert_int_eq(out.alg.kind, PARSEC_ALG_NONE);
	ck_assert_uint_eq(out.usage, 0);

	ecc.curve_family = (PsaKeyAttributes__KeyType__EccFamily)42;
	type.variant_case = PSA_KEY_ATTRIBUTES__KEY_TYPE__VARIANT_ECC_KEY_PAIR;
	type.ecc_key_pair = &ecc;
	m.key_type = &type;
	convert_attrs_decode(&m, &out);
	ck_assert_int_eq(out.type, PARSEC_KEY_TYPE_ECC_KEY_PAIR);
	ck_assert_int_eq(out.ecc_family, PARSEC_ECC_FAMILY_NONE);
}
END_TEST

Suite *unit_suite(void)
{
	Suite *s = suite_create("convert");
	TCase *tc = tcase_create("convert");

	tcase_add_loop_test(tc, test_every_algorithm_survives_the_wire, 0,
			    sizeof(algs) / sizeof(algs[0]));
	tcase_add_test(tc, test_ecdsa_is_asymmetric_signature_arm_4);
	tcase_add_test(tc, test_sign_hash_any_decodes_to_any_hash);
	tcase_add_test(tc, test_any_hash_outside_a_signature_is_refused);
	tcase_add_test(tc, test_shortened_aead_tag_uses_its_own_message);
	tcase_add_test(tc, test_ecdh_is_raw_key_agreement);
	tcase_add_test(tc, test_algorithm_of_another_family_is_refused);
	tcase_add_test(tc, test_unknown_kind_or_hash_is_refused);
	tcase_add_test(tc, test_unmodelled_algorithm_arms_decode_to_none);
	tcase_add_test(tc, test_attributes_encode_type_family_bits_and_usage);
	tcase_add_test(tc, test_every_key_type_and_usage_survives_the_wire);
	tcase_add_test(tc, test_bad_attributes_are_refused);
	tcase_add_test(tc, test_missing_or_unknown_key_parts_decode_to_none);
	suite_add_tcase(s, tc);
	return s;
}
