/*
 * convert.h - parsec.h's algorithm and key attribute types to and from
 * their protobuf messages (psa_algorithm.proto, psa_key_attributes.proto).
 *
 * Encoding fills caller-provided storage, so it allocates nothing.
 * Decoding never fails: an arm this client does not model (MAC, cipher,
 * key derivation, an unknown hash...) decodes to PARSEC_ALG_NONE or
 * PARSEC_KEY_TYPE_NONE, so that one exotic key cannot break ListKeys.
 */
#ifndef PARSEC_CONVERT_H
#define PARSEC_CONVERT_H

#include "parsec/parsec.h"
#include "parsec/proto/psa_algorithm.pb-c.h"
#include "parsec/proto/psa_key_attributes.pb-c.h"

/* The protobuf form of one algorithm. */
typedef struct convert_alg {
	PsaAlgorithm__Algorithm alg;
	union { /* the family message, one of Algorithm's oneof arms */
		PsaAlgorithm__Algorithm__None none;
		PsaAlgorithm__Algorithm__Aead aead;
		PsaAlgorithm__Algorithm__AsymmetricSignature sign;
		PsaAlgorithm__Algorithm__AsymmetricEncryption encrypt;
		PsaAlgorithm__Algorithm__KeyAgreement agreement;
	} family;
	union { /* the arm of the family; every leaf has one of these shapes */
		PsaAlgorithm__Algorithm__Aead__AeadWithShortenedTag aead_short;
		PsaAlgorithm__Algorithm__AsymmetricSignature__RsaPss with_hash;
		PsaAlgorithm__Algorithm__AsymmetricSignature__EcdsaAny no_hash;
	} leaf;
	/* a signature arm's hash: SignHash { any | specific } */
	PsaAlgorithm__Algorithm__AsymmetricSignature__SignHash sign_hash;
	PsaAlgorithm__Algorithm__AsymmetricSignature__SignHash__Any any_hash;
} convert_alg_t;

/* The protobuf form of key attributes. */
typedef struct convert_attrs {
	PsaKeyAttributes__KeyAttributes attrs;
	PsaKeyAttributes__KeyType type;
	union { /* key type arms are empty or carry one family enum */
		PsaKeyAttributes__KeyType__EccKeyPair with_family;
		PsaKeyAttributes__KeyType__RawData empty;
	} type_arm;
	PsaKeyAttributes__KeyPolicy policy;
	PsaKeyAttributes__UsageFlags usage;
	convert_alg_t alg;
} convert_attrs_t;

/* Encodes alg into st->alg. PARSEC_E_ARGS for an unknown kind or hash. */
parsec_status_t convert_alg_encode(const parsec_algorithm_t *alg,
				   convert_alg_t *st);

/* Encodes alg and returns its family message (e.g. the
 * AsymmetricSignature that PsaSignHash carries), checking that alg is of
 * that family (PSA_ALGORITHM__ALGORITHM__VARIANT_*): PARSEC_E_ARGS if not.
 */
parsec_status_t convert_alg_family(const parsec_algorithm_t *alg,
				   unsigned family, convert_alg_t *st,
				   ProtobufCMessage **out);

void convert_alg_decode(const PsaAlgorithm__Algorithm *m,
			parsec_algorithm_t *out);

/* PARSEC_E_ARGS for an unknown key type, ECC family, kind or hash. */
parsec_status_t convert_attrs_encode(const parsec_key_attributes_t *a,
				     convert_attrs_t *st);

void convert_attrs_decode(const PsaKeyAttributes__KeyAttributes *m,
			  parsec_key_attributes_t *out);

/* True for the hash values psa_algorithm.Hash defines. */
int convert_hash_valid(int32_t hash);

#endif
