/*
 * pk_verify.h - signature verification with a public key, locally, giving
 * the answer the service would give (issue 4: C_Verify costs no round
 * trip). The algorithm is the parsec_algorithm_t the mechanism layer
 * would send in PsaVerifyHash, so one mapping serves both.
 *
 * Results: CKR_OK; CKR_SIGNATURE_INVALID; CKR_SIGNATURE_LEN_RANGE when
 * the signature cannot be one of this key (RSA: not the modulus size;
 * ECDSA: not r || s in equal halves of at most the order size, see
 * ecdsa_sig.h);
 * CKR_DATA_LEN_RANGE when the input cannot be signed by this algorithm;
 * CKR_KEY_TYPE_INCONSISTENT for a key of the wrong type;
 * CKR_MECHANISM_INVALID for an algorithm that is not a signature one
 * (or names no hash where it needs one); CKR_HOST_MEMORY.
 * The OpenSSL error queue is left as it was found.
 */
#ifndef SESSION_CRYPTO_PK_VERIFY_H
#define SESSION_CRYPTO_PK_VERIFY_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>
#include <p11-kit/pkcs11.h>

#include "parsec/parsec.h"

/* As PsaVerifyHash with alg:
 *  RSA_PKCS1V15_SIGN(h):  in is an h digest (EMSA-PKCS1-v1_5 with h's
 *                         DigestInfo, RFC 8017 §8.2.2);
 *  RSA_PKCS1V15_SIGN_RAW: in is the data itself (CKM_RSA_PKCS), at most
 *                         modulus - 11 bytes, compared with the block
 *                         the signature recovers;
 *  RSA_PSS(h):            in is an h digest, MGF1 with h, salt of h's
 *                         length (PSA's only salt);
 *  ECDSA(h), DETERMINISTIC_ECDSA(h): in is an h digest;
 *  ECDSA_ANY:             in of any length (truncated to the order as
 *                         ECDSA does). */
CK_RV pk_verify(EVP_PKEY *pub, const parsec_algorithm_t *alg, const uint8_t *in,
		size_t in_len, const uint8_t *sig, size_t sig_len);

/* RSA-PSS with hash h for the input and MGF1 and any salt length, as
 * CK_RSA_PKCS_PSS_PARAMS ask (mech_params_rsa_pss(), MECH_PSS_SALT_AS_GIVEN).
 * A salt too long for the key gives CKR_SIGNATURE_INVALID. */
CK_RV pk_verify_rsa_pss(EVP_PKEY *pub, parsec_hash_t hash, size_t salt_len,
			const uint8_t *in, size_t in_len, const uint8_t *sig,
			size_t sig_len);

#endif
