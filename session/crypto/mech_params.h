/*
 * mech_params.h - validators of the CK_MECHANISM parameters the module
 * takes, each giving CKR_OK and what the mechanism layer needs to build
 * the Parsec algorithm, or CKR_MECHANISM_PARAM_INVALID (the reason goes
 * to the debug log). Parameters are checked against what Parsec's PSA
 * algorithms can do, so that a parameter the service would refuse is
 * refused at C_*Init, before any request.
 *
 * Pointers in the outputs (labels, IVs, points) point into the caller's
 * CK_MECHANISM: copy them to keep them past the call.
 * A NULL mech is CKR_ARGUMENTS_BAD.
 */
#ifndef SESSION_CRYPTO_MECH_PARAMS_H
#define SESSION_CRYPTO_MECH_PARAMS_H

#include <stddef.h>
#include <stdint.h>

#include <p11-kit/pkcs11.h>

#include "parsec/parsec.h"

/* Mechanisms that take no parameter: pParameter NULL and ulParameterLen
 * 0, anything else is CKR_MECHANISM_PARAM_INVALID. */
CK_RV mech_params_none(const CK_MECHANISM *mech);

/* Which salt lengths a CK_RSA_PKCS_PSS_PARAMS may ask for. */
typedef enum mech_pss_salt {
	/* sLen must be the hash length: PSA_ALG_RSA_PSS signs with that
	 * salt and no other (and verifies with it in mbedtls 3). For
	 * everything sent to Parsec. */
	MECH_PSS_SALT_HASH_LEN,
	/* any sLen, which pk_verify_rsa_pss() then honours: for
	 * verification done locally. */
	MECH_PSS_SALT_AS_GIVEN,
} mech_pss_salt_t;

typedef struct mech_pss {
	parsec_hash_t hash; /* of the input and of MGF1 */
	size_t salt_len;
} mech_pss_t;

/* CK_RSA_PKCS_PSS_PARAMS of CKM_RSA_PKCS_PSS or CKM_SHA*_RSA_PKCS_PSS:
 * hashAlg one of CKM_SHA_1..CKM_SHA512 (the mechanism's own hash for the
 * CKM_SHA*_ ones), mgf the MGF1 of that same hash (PSA has no other
 * pairing), sLen as salt says. CKR_MECHANISM_INVALID for a mechanism
 * that is not RSA-PSS. */
CK_RV mech_params_rsa_pss(const CK_MECHANISM *mech, mech_pss_salt_t salt,
			  mech_pss_t *out);

typedef struct mech_oaep {
	parsec_hash_t hash;   /* of OAEP and of MGF1 */
	const uint8_t *label; /* NULL when label_len is 0 */
	size_t label_len;
} mech_oaep_t;

/* CK_RSA_PKCS_OAEP_PARAMS: hashAlg one of CKM_SHA_1..CKM_SHA512, mgf the
 * MGF1 of that same hash (PSA_ALG_RSA_OAEP uses one hash for both),
 * source CKZ_DATA_SPECIFIED with an optional label, or 0 and no label. */
CK_RV mech_params_rsa_oaep(const CK_MECHANISM *mech, mech_oaep_t *out);

typedef struct mech_gcm {
	const uint8_t *iv;
	size_t iv_len;
	const uint8_t *aad; /* NULL when aad_len is 0 */
	size_t aad_len;
	size_t tag_len; /* bytes: parsec_algorithm_t.tag_length */
} mech_gcm_t;

/* CK_GCM_PARAMS (with ulIvBits, as p11-kit and the v2.40 headers have
 * it): IV of 1..256 bytes (12 is what GCM is made for), ulIvBits 0 or
 * 8 * ulIvLen, AAD pointer present when ulAADLen is not 0, and ulTagBits
 * one of the tag lengths NIST SP 800-38D §5.2.1.2 allows and PSA
 * implements: 32, 64, 96, 104, 112, 120, 128. */
CK_RV mech_params_gcm(const CK_MECHANISM *mech, mech_gcm_t *out);

/* Largest GCM IV taken. */
#define MECH_GCM_IV_MAX 256

typedef struct mech_ecdh {
	const uint8_t *point; /* uncompressed: 0x04 || X || Y */
	size_t point_len;
} mech_ecdh_t;

/* CK_ECDH1_DERIVE_PARAMS for a base key on a curve of curve_bits: kdf
 * CKD_NULL (PsaRawKeyAgreement returns the raw shared secret) with no
 * shared data, and the peer's public value on that curve, raw or as a
 * DER OCTET STRING (ec_point_raw()). */
CK_RV mech_params_ecdh1(const CK_MECHANISM *mech, uint32_t curve_bits,
			mech_ecdh_t *out);

#endif
