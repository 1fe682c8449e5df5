/* attrs.c - protobuf key attributes to the double's model, and PSA policy
 * rules (psa-crypto's Attributes, parsec-interface's CheckDeprecated). */
#include "attrs.h"

#include <string.h>

#define ENC FAKE_ST(INVALID_ENCODING)

typedef struct hash_row {
	parsec_hash_t hash;
	size_t size;
	const char *ossl;
	int deprecated;
} hash_row_t;

static const hash_row_t hash_table[] = {
	{PARSEC_HASH_MD2, 16, NULL, 1},
	{PARSEC_HASH_MD4, 16, "MD4", 1},
	{PARSEC_HASH_MD5, 16, "MD5", 1},
	{PARSEC_HASH_RIPEMD160, 20, "RIPEMD160", 0},
	{PARSEC_HASH_SHA_1, 20, "SHA1", 1},
	{PARSEC_HASH_SHA_224, 28, "SHA224", 0},
	{PARSEC_HASH_SHA_256, 32, "SHA256", 0},
	{PARSEC_HASH_SHA_384, 48, "SHA384", 0},
	{PARSEC_HASH_SHA_512, 64, "SHA512", 0},
	{PARSEC_HASH_SHA_512_224, 28, "SHA512-224", 0},
	{PARSEC_HASH_SHA_512_256, 32, "SHA512-256", 0},
	{PARSEC_HASH_SHA3_224, 28, "SHA3-224", 0},
	{PARSEC_HASH_SHA3_256, 32, "SHA3-256", 0},
	{PARSEC_HASH_SHA3_384, 48, "SHA3-384", 0},
	{PARSEC_HASH_SHA3_512, 64, "SHA3-512", 0},
};

static const hash_row_t *hash_row(parsec_hash_t hash)
{
	for (size_t i = 0; i < sizeof(hash_table) / sizeof(hash_table[0]); i++)
		if (hash_table[i].hash == hash)
			return &hash_table[i];
	return NULL;
}

size_t attrs_hash_size(parsec_hash_t hash)
{
	const hash_row_t *r = hash_row(hash);

	return r ? r->size : 0;
}

const char *attrs_hash_ossl_name(parsec_hash_t hash)
{
	const hash_row_t *r = hash_row(hash);

	return r ? r->ossl : NULL;
}

static int hash_deprecated(parsec_hash_t hash)
{
	const hash_row_t *r = hash_row(hash);

	return r ? r->deprecated : 0;
}

fake_status_t attrs_hash_from_proto(int value, parsec_hash_t *out)
{
	if (!hash_row((parsec_hash_t)value))
		return ENC;
	*out = (parsec_hash_t)value;
	return FAKE_OK;
}

/* A signature scheme's hash: a SignHash message holding a specific hash
 * or "any" (parsec-interface convert_psa_algorithm.rs); a missing one is
 * an encoding error there. */
static fake_status_t sign_hash_from_proto(
	const PsaAlgorithm__Algorithm__AsymmetricSignature__SignHash *pb,
	parsec_hash_t *out)
{
	if (!pb)
		return ENC;
	switch (pb->variant_case) {
	case PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__SIGN_HASH__VARIANT_ANY:
		*out = PARSEC_HASH_ANY;
		return FAKE_OK;
	case PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__SIGN_HASH__VARIANT_SPECIFIC:
		return attrs_hash_from_proto(pb->specific, out);
	default:
		return ENC;
	}
}

fake_status_t attrs_sign_alg_from_proto(
	const PsaAlgorithm__Algorithm__AsymmetricSignature *pb, fake_alg_t *out)
{
	memset(out, 0, sizeof(*out));
	if (!pb)
		return ENC;
	switch (pb->variant_case) {
	case PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__VARIANT_RSA_PKCS1V15_SIGN:
		out->kind = PARSEC_ALG_RSA_PKCS1V15_SIGN;
		return sign_hash_from_proto(pb->rsa_pkcs1v15_sign->hash_alg,
					    &out->hash);
	case PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__VARIANT_RSA_PKCS1V15_SIGN_RAW:
		out->kind = PARSEC_ALG_RSA_PKCS1V15_SIGN_RAW;
		return FAKE_OK;
	case PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__VARIANT_RSA_PSS:
		out->kind = PARSEC_ALG_RSA_PSS;
		return sign_hash_from_proto(pb->rsa_pss->hash_alg, &out->hash);
	case PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__VARIANT_ECDSA:
		out->kind = PARSEC_ALG_ECDSA;
		return sign_hash_from_proto(pb->ecdsa->hash_alg, &out->hash);
	case PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__VARIANT_ECDSA_ANY:
		out->kind = PARSEC_ALG_ECDSA_ANY;
		return FAKE_OK;
	case PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__VARIANT_DETERMINISTIC_ECDSA:
		out->kind = PARSEC_ALG_DETERMINISTIC_ECDSA;
		return sign_hash_from_proto(pb->deterministic_ecdsa->hash_alg,
					    &out->hash);
	default:
		return ENC;
	}
}

fake_status_t attrs_encrypt_alg_from_proto(
	const PsaAlgorithm__Algorithm__AsymmetricEncryption *pb,
	fake_alg_t *out)
{
	memset(out, 0, sizeof(*out));
	if (!pb)
		return ENC;
	switch (pb->variant_case) {
	case PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_ENCRYPTION__VARIANT_RSA_PKCS1V15_CRYPT:
		out->kind = PARSEC_ALG_RSA_PKCS1V15_CRYPT;
		return FAKE_OK;
	case PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_ENCRYPTION__VARIANT_RSA_OAEP:
		out->kind = PARSEC_ALG_RSA_OAEP;
		return attrs_hash_from_proto(pb->rsa_oaep->hash_alg,
					     &out->hash);
	default:
		return ENC;
	}
}

static fake_status_t aead_kind(int value, parsec_alg_kind_t *out)
{
	switch (value) {
	case PSA_ALGORITHM__ALGORITHM__AEAD__AEAD_WITH_DEFAULT_LENGTH_TAG__CCM:
		*out = PARSEC_ALG_AEAD_CCM;
		return FAKE_OK;
	case PSA_ALGORITHM__ALGORITHM__AEAD__AEAD_WITH_DEFAULT_LENGTH_TAG__GCM:
		*out = PARSEC_ALG_AEAD_GCM;
		return FAKE_OK;
	case PSA_ALGORITHM__ALGORITHM__AEAD__AEAD_WITH_DEFAULT_LENGTH_TAG__CHACHA20_POLY1305:
		*out = PARSEC_ALG_AEAD_CHACHA20_POLY1305;
		return FAKE_OK;
	default:
		return ENC;
	}
}

fake_status_t attrs_aead_alg_from_proto(const PsaAlgorithm__Algorithm__Aead *pb,
					fake_alg_t *out)
{
	memset(out, 0, sizeof(*out));
	if (!pb)
		return ENC;
	switch (pb->variant_case) {
	case PSA_ALGORITHM__ALGORITHM__AEAD__VARIANT_AEAD_WITH_DEFAULT_LENGTH_TAG:
		return aead_kind(pb->aead_with_default_length_tag, &out->kind);
	case PSA_ALGORITHM__ALGORITHM__AEAD__VARIANT_AEAD_WITH_SHORTENED_TAG:
		out->tag_length = pb->aead_with_shortened_tag->tag_length;
		return aead_kind(pb->aead_with_shortened_tag->aead_alg,
				 &out->kind);
	default:
		return ENC;
	}
}

fake_status_t attrs_raw_ka_from_proto(int value, parsec_alg_kind_t *out)
{
	if (value == PSA_ALGORITHM__ALGORITHM__KEY_AGREEMENT__RAW__FFDH)
		*out = PARSEC_ALG_FFDH;
	else if (value == PSA_ALGORITHM__ALGORITHM__KEY_AGREEMENT__RAW__ECDH)
		*out = PARSEC_ALG_ECDH;
	else
		return ENC;
	return FAKE_OK;
}

static fake_status_t kdf_check(const PsaAlgorithm__Algorithm__KeyDerivation *k,
			       int *deprecated)
{
	parsec_hash_t h;
	int value;

	if (!k)
		return ENC;
	switch (k->variant_case) {
	case PSA_ALGORITHM__ALGORITHM__KEY_DERIVATION__VARIANT_HKDF:
		value = k->hkdf->hash_alg;
		break;
	case PSA_ALGORITHM__ALGORITHM__KEY_DERIVATION__VARIANT_TLS12_PRF:
		value = k->tls12_prf->hash_alg;
		break;
	case PSA_ALGORITHM__ALGORITHM__KEY_DERIVATION__VARIANT_TLS12_PSK_TO_MS:
		value = k->tls12_psk_to_ms->hash_alg;
		break;
	default:
		return ENC;
	}
	if (attrs_hash_from_proto(value, &h) != FAKE_OK)
		return ENC;
	*deprecated = hash_deprecated(h);
	return FAKE_OK;
}

fake_status_t
attrs_ka_alg_from_proto(const PsaAlgorithm__Algorithm__KeyAgreement *pb,
			fake_alg_t *out)
{
	fake_status_t st;

	memset(out, 0, sizeof(*out));
	if (!pb)
		return ENC;
	switch (pb->variant_case) {
	case PSA_ALGORITHM__ALGORITHM__KEY_AGREEMENT__VARIANT_RAW:
		return attrs_raw_ka_from_proto(pb->raw, &out->kind);
	case PSA_ALGORITHM__ALGORITHM__KEY_AGREEMENT__VARIANT_WITH_KEY_DERIVATION:
		st = attrs_raw_ka_from_proto(pb->with_key_derivation->ka_alg,
					     &out->kind);
		if (st == FAKE_OK)
			st = kdf_check(pb->with_key_derivation->kdf_alg,
				       &out->deprecated);
		out->kind = FAKE_ALG_OTHER;
		return st;
	default:
		return ENC;
	}
}

static fake_status_t
mac_full_check(const PsaAlgorithm__Algorithm__Mac__FullLength *f,
	       int *deprecated)
{
	parsec_hash_t h;

	if (!f)
		return ENC;
	switch (f->variant_case) {
	case PSA_ALGORITHM__ALGORITHM__MAC__FULL_LENGTH__VARIANT_HMAC:
		if (attrs_hash_from_proto(f->hmac->hash_alg, &h) != FAKE_OK)
			return ENC;
		*deprecated = hash_deprecated(h);
		return FAKE_OK;
	case PSA_ALGORITHM__ALGORITHM__MAC__FULL_LENGTH__VARIANT_CBC_MAC:
	case PSA_ALGORITHM__ALGORITHM__MAC__FULL_LENGTH__VARIANT_CMAC:
		return FAKE_OK;
	default:
		return ENC;
	}
}

static fake_status_t mac_check(const PsaAlgorithm__Algorithm__Mac *m,
			       int *deprecated)
{
	if (!m)
		return ENC;
	if (m->variant_case ==
	    PSA_ALGORITHM__ALGORITHM__MAC__VARIANT_FULL_LENGTH)
		return mac_full_check(m->full_length, deprecated);
	if (m->variant_case == PSA_ALGORITHM__ALGORITHM__MAC__VARIANT_TRUNCATED)
		return mac_full_check(m->truncated->mac_alg, deprecated);
	return ENC;
}

fake_status_t attrs_alg_from_proto(const PsaAlgorithm__Algorithm *pb,
				   fake_alg_t *out)
{
	memset(out, 0, sizeof(*out));
	if (!pb)
		return ENC;
	switch (pb->variant_case) {
	case PSA_ALGORITHM__ALGORITHM__VARIANT_NONE:
		out->kind = PARSEC_ALG_NONE;
		return FAKE_OK;
	case PSA_ALGORITHM__ALGORITHM__VARIANT_HASH:
		out->kind = PARSEC_ALG_HASH;
		return attrs_hash_from_proto(pb->hash, &out->hash);
	case PSA_ALGORITHM__ALGORITHM__VARIANT_MAC:
		out->kind = FAKE_ALG_OTHER;
		return mac_check(pb->mac, &out->deprecated);
	case PSA_ALGORITHM__ALGORITHM__VARIANT_CIPHER:
		out->kind = FAKE_ALG_OTHER;
		return (pb->cipher >= 1 && pb->cipher <= 8) ? FAKE_OK : ENC;
	case PSA_ALGORITHM__ALGORITHM__VARIANT_AEAD:
		return attrs_aead_alg_from_proto(pb->aead, out);
	case PSA_ALGORITHM__ALGORITHM__VARIANT_ASYMMETRIC_SIGNATURE:
		return attrs_sign_alg_from_proto(pb->asymmetric_signature, out);
	case PSA_ALGORITHM__ALGORITHM__VARIANT_ASYMMETRIC_ENCRYPTION:
		return attrs_encrypt_alg_from_proto(pb->asymmetric_encryption,
						    out);
	case PSA_ALGORITHM__ALGORITHM__VARIANT_KEY_AGREEMENT:
		return attrs_ka_alg_from_proto(pb->key_agreement, out);
	case PSA_ALGORITHM__ALGORITHM__VARIANT_KEY_DERIVATION:
		out->kind = FAKE_ALG_OTHER;
		return kdf_check(pb->key_derivation, &out->deprecated);
	default:
		return ENC;
	}
}

static const parsec_key_type_t type_by_case[] = {
	[PSA_KEY_ATTRIBUTES__KEY_TYPE__VARIANT_RAW_DATA] =
		PARSEC_KEY_TYPE_RAW_DATA,
	[PSA_KEY_ATTRIBUTES__KEY_TYPE__VARIANT_HMAC] = PARSEC_KEY_TYPE_HMAC,
	[PSA_KEY_ATTRIBUTES__KEY_TYPE__VARIANT_DERIVE] = PARSEC_KEY_TYPE_DERIVE,
	[PSA_KEY_ATTRIBUTES__KEY_TYPE__VARIANT_AES] = PARSEC_KEY_TYPE_AES,
	[PSA_KEY_ATTRIBUTES__KEY_TYPE__VARIANT_DES] = PARSEC_KEY_TYPE_DES,
	[PSA_KEY_ATTRIBUTES__KEY_TYPE__VARIANT_CAMELLIA] =
		PARSEC_KEY_TYPE_CAMELLIA,
	[PSA_KEY_ATTRIBUTES__KEY_TYPE__VARIANT_ARC4] = PARSEC_KEY_TYPE_ARC4,
	[PSA_KEY_ATTRIBUTES__KEY_TYPE__VARIANT_CHACHA20] =
		PARSEC_KEY_TYPE_CHACHA20,
	[PSA_KEY_ATTRIBUTES__KEY_TYPE__VARIANT_RSA_PUBLIC_KEY] =
		PARSEC_KEY_TYPE_RSA_PUBLIC_KEY,
	[PSA_KEY_ATTRIBUTES__KEY_TYPE__VARIANT_RSA_KEY_PAIR] =
		PARSEC_KEY_TYPE_RSA_KEY_PAIR,
	[PSA_KEY_ATTRIBUTES__KEY_TYPE__VARIANT_ECC_KEY_PAIR] =
		PARSEC_KEY_TYPE_ECC_KEY_PAIR,
	[PSA_KEY_ATTRIBUTES__KEY_TYPE__VARIANT_ECC_PUBLIC_KEY] =
		PARSEC_KEY_TYPE_ECC_PUBLIC_KEY,
	[PSA_KEY_ATTRIBUTES__KEY_TYPE__VARIANT_DH_KEY_PAIR] =
		PARSEC_KEY_TYPE_DH_KEY_PAIR,
	[PSA_KEY_ATTRIBUTES__KEY_TYPE__VARIANT_DH_PUBLIC_KEY] =
		PARSEC_KEY_TYPE_DH_PUBLIC_KEY,
};

static fake_status_t type_from_proto(const PsaKeyAttributes__KeyType *t,
				     fake_attrs_t *out)
{
	int family = -1, group = -1;
	size_t c;

	if (!t)
		return ENC;
	c = (size_t)t->variant_case;
	if (c == 0 || c >= sizeof(type_by_case) / sizeof(type_by_case[0]))
		return ENC;
	out->type = type_by_case[c];
	if (out->type == PARSEC_KEY_TYPE_ECC_KEY_PAIR)
		family = t->ecc_key_pair->curve_family;
	else if (out->type == PARSEC_KEY_TYPE_ECC_PUBLIC_KEY)
		family = t->ecc_public_key->curve_family;
	else if (out->type == PARSEC_KEY_TYPE_DH_KEY_PAIR)
		group = t->dh_key_pair->group_family;
	else if (out->type == PARSEC_KEY_TYPE_DH_PUBLIC_KEY)
		group = t->dh_public_key->group_family;
	/* ECC_FAMILY_NONE has no native counterpart in the service. */
	if (family != -1 && (family < 1 || family > 9))
		return ENC;
	if (group != -1 && group != 0)
		return ENC;
	out->family = family > 0 ? (parsec_ecc_family_t)family
				 : PARSEC_ECC_FAMILY_NONE;
	return FAKE_OK;
}

static uint32_t usage_from_proto(const PsaKeyAttributes__UsageFlags *u)
{
	const protobuf_c_boolean flags[] = {
		u->export,	   u->copy,	 u->cache,
		u->encrypt,	   u->decrypt,	 u->sign_message,
		u->verify_message, u->sign_hash, u->verify_hash,
		u->derive,
	};
	uint32_t usage = 0;

	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (flags[i])
			usage |= 1u << i;
	return usage;
}

fake_status_t attrs_from_proto(const PsaKeyAttributes__KeyAttributes *pb,
			       fake_attrs_t *out)
{
	fake_status_t st;

	memset(out, 0, sizeof(*out));
	if (!pb || !pb->key_policy || !pb->key_policy->key_usage_flags)
		return ENC;
	st = type_from_proto(pb->key_type, out);
	if (st != FAKE_OK)
		return st;
	out->bits = pb->key_bits;
	out->usage = usage_from_proto(pb->key_policy->key_usage_flags);
	return attrs_alg_from_proto(pb->key_policy->key_algorithm, &out->alg);
}

int attrs_is_rsa(const fake_attrs_t *a)
{
	return a->type == PARSEC_KEY_TYPE_RSA_KEY_PAIR ||
	       a->type == PARSEC_KEY_TYPE_RSA_PUBLIC_KEY;
}

int attrs_is_ecc(const fake_attrs_t *a)
{
	return a->type == PARSEC_KEY_TYPE_ECC_KEY_PAIR ||
	       a->type == PARSEC_KEY_TYPE_ECC_PUBLIC_KEY;
}

int attrs_is_key_pair(const fake_attrs_t *a)
{
	return a->type == PARSEC_KEY_TYPE_RSA_KEY_PAIR ||
	       a->type == PARSEC_KEY_TYPE_ECC_KEY_PAIR ||
	       a->type == PARSEC_KEY_TYPE_DH_KEY_PAIR;
}

int attrs_is_public_key(const fake_attrs_t *a)
{
	return a->type == PARSEC_KEY_TYPE_RSA_PUBLIC_KEY ||
	       a->type == PARSEC_KEY_TYPE_ECC_PUBLIC_KEY ||
	       a->type == PARSEC_KEY_TYPE_DH_PUBLIC_KEY;
}

static int is_sign_kind(parsec_alg_kind_t k)
{
	return k == PARSEC_ALG_RSA_PKCS1V15_SIGN ||
	       k == PARSEC_ALG_RSA_PKCS1V15_SIGN_RAW ||
	       k == PARSEC_ALG_RSA_PSS || k == PARSEC_ALG_ECDSA ||
	       k == PARSEC_ALG_ECDSA_ANY || k == PARSEC_ALG_DETERMINISTIC_ECDSA;
}

int attrs_permits(const fake_attrs_t *a, const fake_alg_t *alg)
{
	const fake_alg_t *p = &a->alg;

	if (p->kind == PARSEC_ALG_NONE || p->kind == FAKE_ALG_OTHER ||
	    p->kind != alg->kind)
		return 0;
	/* A wildcard-hash signature policy permits the same scheme with any
	 * specific hash (PSA_ALG_ANY_HASH). */
	if (is_sign_kind(p->kind) && p->hash == PARSEC_HASH_ANY)
		return alg->hash != PARSEC_HASH_ANY;
	return p->hash == alg->hash && p->tag_length == alg->tag_length;
}

int attrs_compatible(const fake_attrs_t *a, const fake_alg_t *alg)
{
	parsec_alg_kind_t k = alg->kind;

	switch (a->type) {
	case PARSEC_KEY_TYPE_AES:
	case PARSEC_KEY_TYPE_CAMELLIA:
		return k == PARSEC_ALG_AEAD_CCM || k == PARSEC_ALG_AEAD_GCM;
	case PARSEC_KEY_TYPE_CHACHA20:
		return k == PARSEC_ALG_AEAD_CHACHA20_POLY1305;
	case PARSEC_KEY_TYPE_RSA_KEY_PAIR:
	case PARSEC_KEY_TYPE_RSA_PUBLIC_KEY:
		return k == PARSEC_ALG_RSA_PKCS1V15_SIGN ||
		       k == PARSEC_ALG_RSA_PKCS1V15_SIGN_RAW ||
		       k == PARSEC_ALG_RSA_PSS ||
		       k == PARSEC_ALG_RSA_PKCS1V15_CRYPT ||
		       k == PARSEC_ALG_RSA_OAEP;
	case PARSEC_KEY_TYPE_ECC_KEY_PAIR:
	case PARSEC_KEY_TYPE_ECC_PUBLIC_KEY:
		return k == PARSEC_ALG_ECDSA || k == PARSEC_ALG_ECDSA_ANY ||
		       k == PARSEC_ALG_DETERMINISTIC_ECDSA ||
		       k == PARSEC_ALG_ECDH;
	case PARSEC_KEY_TYPE_DH_KEY_PAIR:
	case PARSEC_KEY_TYPE_DH_PUBLIC_KEY:
		return k == PARSEC_ALG_FFDH;
	default:
		return 0;
	}
}

int attrs_deprecated(const fake_attrs_t *a)
{
	if (a->type == PARSEC_KEY_TYPE_DES || a->type == PARSEC_KEY_TYPE_ARC4)
		return 1;
	if (a->alg.kind == FAKE_ALG_OTHER)
		return a->alg.deprecated;
	return hash_deprecated(a->alg.hash);
}
