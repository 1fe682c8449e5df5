/*
 * convert_alg.c - parsec_algorithm_t <-> psa_algorithm.Algorithm.
 *
 * Algorithm is a oneof of families (hash, AEAD, asymmetric signature...),
 * each family a oneof of arms, each arm an enum value or a small message
 * that may carry a hash. One table row per parsec_alg_kind_t says where
 * the kind lives in that tree; pb_field.c walks it.
 */
#include "convert.h"

#include <string.h>

#include "pb_field.h"

#define FAMILY(x) PSA_ALGORITHM__ALGORITHM__VARIANT_##x
#define SIGN(x) PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__VARIANT_##x
#define CRYPT(x) PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_ENCRYPTION__VARIANT_##x
#define AEAD(x) PSA_ALGORITHM__ALGORITHM__AEAD__VARIANT_##x
#define AEAD_ALG(x)                                                            \
	PSA_ALGORITHM__ALGORITHM__AEAD__AEAD_WITH_DEFAULT_LENGTH_TAG__##x
#define AGREE(x) PSA_ALGORITHM__ALGORITHM__KEY_AGREEMENT__VARIANT_##x
#define RAW(x) PSA_ALGORITHM__ALGORITHM__KEY_AGREEMENT__RAW__##x

/* Field numbers of the leaf messages (psa_algorithm.proto). */
#define LEAF_HASH_FIELD 1	   /* hash_alg of the hash-carrying arms */
#define SIGN_HASH_ANY_FIELD 1	   /* SignHash.any */
#define SIGN_HASH_SPECIFIC_FIELD 2 /* SignHash.specific */
#define SHORT_TAG_ALG_FIELD 1	   /* AeadWithShortenedTag.aead_alg */
#define SHORT_TAG_LENGTH_FIELD 2   /* AeadWithShortenedTag.tag_length */

typedef struct alg_row {
	parsec_alg_kind_t kind;
	unsigned family; /* arm of Algorithm */
	unsigned arm;	 /* arm of the family message; 0: none */
	int32_t value;	 /* for an enum arm, the value of this kind */
	int has_hash;
} alg_row_t;

static const alg_row_t alg_rows[] = {
	{PARSEC_ALG_NONE, FAMILY(NONE), 0, 0, 0},
	{PARSEC_ALG_HASH, FAMILY(HASH), 0, 0, 1},
	{PARSEC_ALG_RSA_PKCS1V15_SIGN, FAMILY(ASYMMETRIC_SIGNATURE),
	 SIGN(RSA_PKCS1V15_SIGN), 0, 1},
	{PARSEC_ALG_RSA_PKCS1V15_SIGN_RAW, FAMILY(ASYMMETRIC_SIGNATURE),
	 SIGN(RSA_PKCS1V15_SIGN_RAW), 0, 0},
	{PARSEC_ALG_RSA_PSS, FAMILY(ASYMMETRIC_SIGNATURE), SIGN(RSA_PSS), 0, 1},
	{PARSEC_ALG_ECDSA, FAMILY(ASYMMETRIC_SIGNATURE), SIGN(ECDSA), 0, 1},
	{PARSEC_ALG_ECDSA_ANY, FAMILY(ASYMMETRIC_SIGNATURE), SIGN(ECDSA_ANY), 0,
	 0},
	{PARSEC_ALG_DETERMINISTIC_ECDSA, FAMILY(ASYMMETRIC_SIGNATURE),
	 SIGN(DETERMINISTIC_ECDSA), 0, 1},
	{PARSEC_ALG_RSA_PKCS1V15_CRYPT, FAMILY(ASYMMETRIC_ENCRYPTION),
	 CRYPT(RSA_PKCS1V15_CRYPT), 0, 0},
	{PARSEC_ALG_RSA_OAEP, FAMILY(ASYMMETRIC_ENCRYPTION), CRYPT(RSA_OAEP), 0,
	 1},
	{PARSEC_ALG_ECDH, FAMILY(KEY_AGREEMENT), AGREE(RAW), RAW(ECDH), 0},
	{PARSEC_ALG_FFDH, FAMILY(KEY_AGREEMENT), AGREE(RAW), RAW(FFDH), 0},
	{PARSEC_ALG_AEAD_CCM, FAMILY(AEAD), AEAD(AEAD_WITH_DEFAULT_LENGTH_TAG),
	 AEAD_ALG(CCM), 0},
	{PARSEC_ALG_AEAD_GCM, FAMILY(AEAD), AEAD(AEAD_WITH_DEFAULT_LENGTH_TAG),
	 AEAD_ALG(GCM), 0},
	{PARSEC_ALG_AEAD_CHACHA20_POLY1305, FAMILY(AEAD),
	 AEAD(AEAD_WITH_DEFAULT_LENGTH_TAG), AEAD_ALG(CHACHA20_POLY1305), 0},
};

#define ALG_ROWS (sizeof(alg_rows) / sizeof(alg_rows[0]))

int convert_hash_valid(int32_t hash)
{
	return (hash >= PARSEC_HASH_NONE && hash <= PARSEC_HASH_SHA3_512) ||
	       hash == PARSEC_HASH_ANY;
}

static const alg_row_t *row_by_kind(parsec_alg_kind_t kind)
{
	size_t i;

	for (i = 0; i < ALG_ROWS; i++) {
		if (alg_rows[i].kind == kind)
			return &alg_rows[i];
	}
	return NULL;
}

static const alg_row_t *row_by_arm(unsigned family, unsigned arm, int32_t value)
{
	size_t i;

	for (i = 0; i < ALG_ROWS; i++) {
		if (alg_rows[i].family == family && alg_rows[i].arm == arm &&
		    alg_rows[i].value == value)
			return &alg_rows[i];
	}
	return NULL;
}

/* A shortened AEAD tag moves the AEAD algorithm into its own message
 * (Algorithm.Aead.AeadWithShortenedTag). */
static int encode_short_tag(ProtobufCMessage *aead, const alg_row_t *row,
			    const parsec_algorithm_t *alg, convert_alg_t *st)
{
	ProtobufCMessage *leaf;

	leaf = pb_field_new_message(aead, AEAD(AEAD_WITH_SHORTENED_TAG),
				    &st->leaf, sizeof(st->leaf));
	if (!leaf || pb_field_set_int(leaf, SHORT_TAG_ALG_FIELD, row->value))
		return -1;
	return pb_field_set_int(leaf, SHORT_TAG_LENGTH_FIELD,
				(int32_t)alg->tag_length);
}

/* Signature arms carry their hash as a SignHash message (any or a
 * specific hash: parsec-interface's encoding); the other hash-carrying
 * arms carry the Hash enum itself, where "any" cannot be said. */
static int encode_leaf_hash(ProtobufCMessage *leaf, const alg_row_t *row,
			    parsec_hash_t hash, convert_alg_t *st)
{
	ProtobufCMessage *sign_hash;

	if (row->family != FAMILY(ASYMMETRIC_SIGNATURE))
		return hash == PARSEC_HASH_ANY
			       ? -1
			       : pb_field_set_int(leaf, LEAF_HASH_FIELD,
						  (int32_t)hash);
	sign_hash = pb_field_new_message(leaf, LEAF_HASH_FIELD, &st->sign_hash,
					 sizeof(st->sign_hash));
	if (!sign_hash)
		return -1;
	if (hash == PARSEC_HASH_ANY)
		return pb_field_new_message(sign_hash, SIGN_HASH_ANY_FIELD,
					    &st->any_hash, sizeof(st->any_hash))
			       ? 0
			       : -1;
	return pb_field_set_int(sign_hash, SIGN_HASH_SPECIFIC_FIELD,
				(int32_t)hash);
}

static int encode_arm(ProtobufCMessage *family, const alg_row_t *row,
		      const parsec_algorithm_t *alg, convert_alg_t *st)
{
	ProtobufCMessage *leaf;

	if (row->family == FAMILY(AEAD) && alg->tag_length != 0)
		return encode_short_tag(family, row, alg, st);
	if (pb_field_type(family->descriptor, row->arm) == PROTOBUF_C_TYPE_ENUM)
		return pb_field_set_int(family, row->arm, row->value);
	leaf = pb_field_new_message(family, row->arm, &st->leaf,
				    sizeof(st->leaf));
	if (!leaf)
		return -1;
	return row->has_hash ? encode_leaf_hash(leaf, row, alg->hash, st) : 0;
}

static int encode_row(const alg_row_t *row, const parsec_algorithm_t *alg,
		      convert_alg_t *st)
{
	ProtobufCMessage *family;

	if (row->family == FAMILY(HASH))
		return pb_field_set_int(&st->alg.base, FAMILY(HASH),
					(int32_t)alg->hash);
	family = pb_field_new_message(&st->alg.base, row->family, &st->family,
				      sizeof(st->family));
	if (!family)
		return -1;
	return row->arm ? encode_arm(family, row, alg, st) : 0;
}

parsec_status_t convert_alg_encode(const parsec_algorithm_t *alg,
				   convert_alg_t *st)
{
	const alg_row_t *row = alg ? row_by_kind(alg->kind) : NULL;

	if (!row || (row->has_hash && !convert_hash_valid(alg->hash))) {
		parsec_log(PARSEC_LOG_ERROR,
			   "algorithm kind %d / hash %d "
			   "not understood",
			   alg ? (int)alg->kind : -1,
			   alg ? (int)alg->hash : -1);
		return PARSEC_E_ARGS;
	}
	protobuf_c_message_init(&psa_algorithm__algorithm__descriptor,
				&st->alg);
	if (encode_row(row, alg, st) != 0) {
		parsec_log(PARSEC_LOG_ERROR, "algorithm kind %d: cannot encode",
			   (int)alg->kind);
		return PARSEC_E_ENCODE;
	}
	return PARSEC_SUCCESS;
}

parsec_status_t convert_alg_family(const parsec_algorithm_t *alg,
				   unsigned family, convert_alg_t *st,
				   ProtobufCMessage **out)
{
	const alg_row_t *row = alg ? row_by_kind(alg->kind) : NULL;

	if (!row || row->family != family) {
		parsec_log(PARSEC_LOG_ERROR,
			   "algorithm kind %d does not fit this operation",
			   alg ? (int)alg->kind : -1);
		return PARSEC_E_ARGS;
	}
	*out = &st->family.none.base;
	return convert_alg_encode(alg, st);
}

/* The arm of a family message, its enum value, and the leaf's hash and
 * tag length, as far as they exist. */
typedef struct decoded_arm {
	unsigned arm;
	int32_t value;
	int32_t hash;
	int32_t tag_length;
} decoded_arm_t;

/* The hash of a leaf: the Hash enum, or a SignHash message whose "any"
 * arm means any hash. */
static void decode_leaf_hash(const ProtobufCMessage *leaf, int32_t *hash)
{
	const ProtobufCMessage *sign_hash;

	if (pb_field_get_int(leaf, LEAF_HASH_FIELD, hash) == 0)
		return;
	sign_hash = pb_field_get_message(leaf, LEAF_HASH_FIELD);
	if (!sign_hash)
		return;
	if (pb_field_get_message(sign_hash, SIGN_HASH_ANY_FIELD))
		*hash = PARSEC_HASH_ANY;
	else
		pb_field_get_int(sign_hash, SIGN_HASH_SPECIFIC_FIELD, hash);
}

static void decode_arm(const ProtobufCMessage *family, decoded_arm_t *d)
{
	const ProtobufCMessage *leaf;

	/* every family message with arms has a field 1 in its oneof */
	d->arm = pb_field_oneof_case(family, 1);
	if (pb_field_get_int(family, d->arm, &d->value) == 0)
		return;
	leaf = pb_field_get_message(family, d->arm);
	if (!leaf)
		return;
	decode_leaf_hash(leaf, &d->hash);
	if (d->arm == AEAD(AEAD_WITH_SHORTENED_TAG) &&
	    family->descriptor == &psa_algorithm__algorithm__aead__descriptor) {
		d->arm = AEAD(AEAD_WITH_DEFAULT_LENGTH_TAG);
		pb_field_get_int(leaf, SHORT_TAG_ALG_FIELD, &d->value);
		pb_field_get_int(leaf, SHORT_TAG_LENGTH_FIELD, &d->tag_length);
	}
}

void convert_alg_decode(const PsaAlgorithm__Algorithm *m,
			parsec_algorithm_t *out)
{
	decoded_arm_t d = {0, 0, 0, 0};
	const ProtobufCMessage *family;
	const alg_row_t *row;

	memset(out, 0, sizeof(*out));
	if (!m)
		return;
	family = pb_field_get_message(&m->base, m->variant_case);
	if (family)
		decode_arm(family, &d);
	else if (m->variant_case == FAMILY(HASH))
		d.hash = m->hash;
	row = row_by_arm(m->variant_case, d.arm, d.value);
	if (!row || (row->has_hash && !convert_hash_valid(d.hash)))
		return;
	out->kind = row->kind;
	out->hash = row->has_hash ? (parsec_hash_t)d.hash : PARSEC_HASH_NONE;
	out->tag_length = (uint32_t)d.tag_length;
}
