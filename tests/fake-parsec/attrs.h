/*
 * attrs.h - key attributes and algorithms as the double reasons about
 * them, converted from the protobuf messages with the statuses the
 * service's converter gives (InvalidEncoding for values it cannot map),
 * and the PSA policy rules of psa-crypto (permits, compatible, deprecated).
 */
#ifndef FAKE_PARSEC_ATTRS_H
#define FAKE_PARSEC_ATTRS_H

#include "fake.h"
#include "parsec/proto/psa_algorithm.pb-c.h"
#include "parsec/proto/psa_key_attributes.pb-c.h"

/* Usage flags, one bit per UsageFlags field. */
enum {
	FAKE_USE_EXPORT = 1u << 0,
	FAKE_USE_COPY = 1u << 1,
	FAKE_USE_CACHE = 1u << 2,
	FAKE_USE_ENCRYPT = 1u << 3,
	FAKE_USE_DECRYPT = 1u << 4,
	FAKE_USE_SIGN_MESSAGE = 1u << 5,
	FAKE_USE_VERIFY_MESSAGE = 1u << 6,
	FAKE_USE_SIGN_HASH = 1u << 7,
	FAKE_USE_VERIFY_HASH = 1u << 8,
	FAKE_USE_DERIVE = 1u << 9,
};

/* Algorithms the double never runs (MAC, cipher, KDF, KA with KDF) are
 * kept as FAKE_ALG_OTHER: they may sit in a policy, and permit nothing. */
#define FAKE_ALG_OTHER ((parsec_alg_kind_t)100)

typedef struct fake_alg {
	parsec_alg_kind_t kind; /* PARSEC_ALG_NONE, ..., FAKE_ALG_OTHER */
	parsec_hash_t hash;	/* hash-carrying kinds; may be ANY in policy */
	uint32_t tag_length;	/* AEAD: shortened tag length, 0 = default */
	int deprecated;		/* OTHER: it names a deprecated hash */
} fake_alg_t;

typedef struct fake_attrs {
	parsec_key_type_t type;
	parsec_ecc_family_t family; /* ECC types only */
	uint32_t bits;
	uint32_t usage; /* FAKE_USE_* */
	fake_alg_t alg; /* the one permitted algorithm */
} fake_attrs_t;

/* Converters: FAKE_OK or InvalidEncoding. */
fake_status_t attrs_from_proto(const PsaKeyAttributes__KeyAttributes *pb,
			       fake_attrs_t *out);
fake_status_t attrs_alg_from_proto(const PsaAlgorithm__Algorithm *pb,
				   fake_alg_t *out);
fake_status_t attrs_sign_alg_from_proto(
	const PsaAlgorithm__Algorithm__AsymmetricSignature *pb,
	fake_alg_t *out);
fake_status_t attrs_encrypt_alg_from_proto(
	const PsaAlgorithm__Algorithm__AsymmetricEncryption *pb,
	fake_alg_t *out);
fake_status_t attrs_aead_alg_from_proto(const PsaAlgorithm__Algorithm__Aead *pb,
					fake_alg_t *out);
/* PsaRawKeyAgreement carries the bare Raw enum (parsec-interface
 * generated_ops/psa_raw_key_agreement.rs), not a KeyAgreement message. */
fake_status_t attrs_raw_ka_from_proto(int value, parsec_alg_kind_t *out);

fake_status_t
attrs_ka_alg_from_proto(const PsaAlgorithm__Algorithm__KeyAgreement *pb,
			fake_alg_t *out);
/* A Hash enum value standing alone (hash operations, OAEP): ANY and NONE
 * are not hashes there. */
fake_status_t attrs_hash_from_proto(int value, parsec_hash_t *out);

/* Digest size in bytes, 0 when not a specific hash. */
size_t attrs_hash_size(parsec_hash_t hash);
/* OpenSSL digest name, NULL when OpenSSL has none for it. */
const char *attrs_hash_ossl_name(parsec_hash_t hash);

int attrs_is_rsa(const fake_attrs_t *a);
int attrs_is_ecc(const fake_attrs_t *a);
int attrs_is_key_pair(const fake_attrs_t *a);
int attrs_is_public_key(const fake_attrs_t *a);

/* psa-crypto Attributes::is_alg_permitted: the policy's algorithm equals
 * alg, or is a wildcard-hash signature of the same scheme. */
int attrs_permits(const fake_attrs_t *a, const fake_alg_t *alg);
/* psa-crypto Attributes::is_compatible_with_alg (key type vs algorithm). */
int attrs_compatible(const fake_attrs_t *a, const fake_alg_t *alg);
/* parsec-interface CheckDeprecated: MD2/MD4/MD5/SHA-1 anywhere in the
 * policy, or a deprecated key type (DES, ARC4). */
int attrs_deprecated(const fake_attrs_t *a);

#endif
