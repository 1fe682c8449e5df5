/*
 * convert_attrs.c - parsec_key_attributes_t <->
 * psa_key_attributes.KeyAttributes (type, bits, policy).
 */
#include "convert.h"

#include <stddef.h>
#include <string.h>

#include "pb_field.h"

#define TYPE(x) PSA_KEY_ATTRIBUTES__KEY_TYPE__VARIANT_##x
#define ECC_FAMILY_FIELD 1 /* EccKeyPair / EccPublicKey .curve_family */

typedef struct type_row {
	parsec_key_type_t type;
	unsigned arm; /* arm of KeyType */
	int has_ecc_family;
} type_row_t;

/* DH types also carry a group family, whose only value (RFC7919) is the
 * protobuf default. */
static const type_row_t type_rows[] = {
	{PARSEC_KEY_TYPE_RAW_DATA, TYPE(RAW_DATA), 0},
	{PARSEC_KEY_TYPE_HMAC, TYPE(HMAC), 0},
	{PARSEC_KEY_TYPE_DERIVE, TYPE(DERIVE), 0},
	{PARSEC_KEY_TYPE_AES, TYPE(AES), 0},
	{PARSEC_KEY_TYPE_DES, TYPE(DES), 0},
	{PARSEC_KEY_TYPE_CAMELLIA, TYPE(CAMELLIA), 0},
	{PARSEC_KEY_TYPE_ARC4, TYPE(ARC4), 0},
	{PARSEC_KEY_TYPE_CHACHA20, TYPE(CHACHA20), 0},
	{PARSEC_KEY_TYPE_RSA_PUBLIC_KEY, TYPE(RSA_PUBLIC_KEY), 0},
	{PARSEC_KEY_TYPE_RSA_KEY_PAIR, TYPE(RSA_KEY_PAIR), 0},
	{PARSEC_KEY_TYPE_ECC_KEY_PAIR, TYPE(ECC_KEY_PAIR), 1},
	{PARSEC_KEY_TYPE_ECC_PUBLIC_KEY, TYPE(ECC_PUBLIC_KEY), 1},
	{PARSEC_KEY_TYPE_DH_KEY_PAIR, TYPE(DH_KEY_PAIR), 0},
	{PARSEC_KEY_TYPE_DH_PUBLIC_KEY, TYPE(DH_PUBLIC_KEY), 0},
};

#define TYPE_ROWS (sizeof(type_rows) / sizeof(type_rows[0]))

typedef struct usage_row {
	uint32_t flag;
	size_t offset; /* of the bool in UsageFlags */
} usage_row_t;

#define USAGE(flag, field)                                                     \
	{                                                                      \
		PARSEC_USAGE_##flag,                                           \
			offsetof(PsaKeyAttributes__UsageFlags, field)          \
	}

static const usage_row_t usage_rows[] = {
	USAGE(EXPORT, export),
	USAGE(COPY, copy),
	USAGE(CACHE, cache),
	USAGE(ENCRYPT, encrypt),
	USAGE(DECRYPT, decrypt),
	USAGE(SIGN_MESSAGE, sign_message),
	USAGE(VERIFY_MESSAGE, verify_message),
	USAGE(SIGN_HASH, sign_hash),
	USAGE(VERIFY_HASH, verify_hash),
	USAGE(DERIVE, derive),
};

#define USAGE_ROWS (sizeof(usage_rows) / sizeof(usage_rows[0]))

static protobuf_c_boolean *usage_bool(const PsaKeyAttributes__UsageFlags *u,
				      const usage_row_t *row)
{
	return (protobuf_c_boolean *)((const char *)u + row->offset);
}

/* The row of a key type, or of a KeyType arm (pass NONE or 0 for the
 * other: no row has either). */
static const type_row_t *type_by(parsec_key_type_t type, unsigned arm)
{
	size_t i;

	for (i = 0; i < TYPE_ROWS; i++) {
		if (type_rows[i].type == type || type_rows[i].arm == arm)
			return &type_rows[i];
	}
	return NULL;
}

static parsec_status_t encode_type(const parsec_key_attributes_t *a,
				   convert_attrs_t *st)
{
	const type_row_t *row = type_by(a->type, 0);
	ProtobufCMessage *arm;

	if (a->type == PARSEC_KEY_TYPE_NONE)
		return PARSEC_SUCCESS;
	if (!row || (unsigned)a->ecc_family > PARSEC_ECC_MONTGOMERY) {
		parsec_log(PARSEC_LOG_ERROR, "key type %d / family %d unknown",
			   (int)a->type, (int)a->ecc_family);
		return PARSEC_E_ARGS;
	}
	protobuf_c_message_init(&psa_key_attributes__key_type__descriptor,
				&st->type);
	arm = pb_field_new_message(&st->type.base, row->arm, &st->type_arm,
				   sizeof(st->type_arm));
	if (!arm ||
	    (row->has_ecc_family &&
	     pb_field_set_int(arm, ECC_FAMILY_FIELD, (int32_t)a->ecc_family)))
		return PARSEC_E_ENCODE;
	st->attrs.key_type = &st->type;
	return PARSEC_SUCCESS;
}

static void encode_usage(uint32_t usage, PsaKeyAttributes__UsageFlags *u)
{
	size_t i;

	protobuf_c_message_init(&psa_key_attributes__usage_flags__descriptor,
				u);
	for (i = 0; i < USAGE_ROWS; i++)
		*usage_bool(u, &usage_rows[i]) =
			(usage & usage_rows[i].flag) != 0;
}

parsec_status_t convert_attrs_encode(const parsec_key_attributes_t *a,
				     convert_attrs_t *st)
{
	parsec_status_t rc;

	if (!a)
		return PARSEC_E_ARGS;
	protobuf_c_message_init(&psa_key_attributes__key_attributes__descriptor,
				&st->attrs);
	protobuf_c_message_init(&psa_key_attributes__key_policy__descriptor,
				&st->policy);
	rc = encode_type(a, st);
	if (rc == PARSEC_SUCCESS)
		rc = convert_alg_encode(&a->alg, &st->alg);
	if (rc != PARSEC_SUCCESS)
		return rc;
	encode_usage(a->usage, &st->usage);
	st->attrs.key_bits = a->bits;
	st->policy.key_usage_flags = &st->usage;
	st->policy.key_algorithm = &st->alg.alg;
	st->attrs.key_policy = &st->policy;
	return PARSEC_SUCCESS;
}

static void decode_type(const PsaKeyAttributes__KeyType *m,
			parsec_key_attributes_t *out)
{
	const type_row_t *row;
	const ProtobufCMessage *arm;
	int32_t family = 0;

	if (!m || m->variant_case == TYPE(_NOT_SET))
		return;
	row = type_by(PARSEC_KEY_TYPE_NONE, m->variant_case);
	if (!row)
		return;
	out->type = row->type;
	arm = pb_field_get_message(&m->base, row->arm);
	if (row->has_ecc_family && arm &&
	    pb_field_get_int(arm, ECC_FAMILY_FIELD, &family) == 0 &&
	    family >= 0 && family <= PARSEC_ECC_MONTGOMERY)
		out->ecc_family = (parsec_ecc_family_t)family;
}

static uint32_t decode_usage(const PsaKeyAttributes__UsageFlags *u)
{
	uint32_t usage = 0;
	size_t i;

	for (i = 0; u && i < USAGE_ROWS; i++) {
		if (*usage_bool(u, &usage_rows[i]))
			usage |= usage_rows[i].flag;
	}
	return usage;
}

void convert_attrs_decode(const PsaKeyAttributes__KeyAttributes *m,
			  parsec_key_attributes_t *out)
{
	memset(out, 0, sizeof(*out));
	if (!m)
		return;
	decode_type(m->key_type, out);
	out->bits = m->key_bits;
	if (m->key_policy) {
		out->usage = decode_usage(m->key_policy->key_usage_flags);
		convert_alg_decode(m->key_policy->key_algorithm, &out->alg);
	}
}
