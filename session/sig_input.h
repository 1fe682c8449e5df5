/*
 * sig_input.h - what a signature mechanism's input becomes: the Parsec
 * algorithm and the hash that PsaSignHash signs, or that the local
 * verification checks against, so that both decide alike.
 *
 *  - hash-and-sign mechanisms (CKM_SHA256_RSA_PKCS...): the digest,
 *    computed here, with the mechanism's hash;
 *  - CKM_RSA_PKCS: a DigestInfo of a known hash is signed as PKCS#1
 *    v1.5 with that hash (every provider has it, the TPM too); any other
 *    input only with a key whose policy is raw PKCS#1 v1.5 (at most
 *    k - 11 bytes), and a DigestInfo with such a key too (the same
 *    bytes);
 *  - CKM_ECDSA: the input's length names the hash (20, 28, 32, 48, 64
 *    bytes); under a policy with one hash, or for other lengths, the
 *    input is fitted to a hash length where ECDSA derives the same
 *    integer from it (session/crypto/ecdsa_input.h);
 *  - CKM_RSA_PKCS_PSS: a digest of the parameters' hash.
 * Then the key's policy must permit the algorithm
 * (CKR_KEY_FUNCTION_NOT_PERMITTED); lengths give CKR_DATA_LEN_RANGE.
 */
#ifndef SESSION_SIG_INPUT_H
#define SESSION_SIG_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include "session/op.h"

typedef struct sig_input {
	parsec_algorithm_t alg;
	uint8_t buf[64];   /* a digest or a fitted ECDSA input */
	const uint8_t *in; /* buf, or into the caller's data */
	size_t len;
} sig_input_t;

/* C_SignInit / C_VerifyInit's part: the parameter (none, or
 * CK_RSA_PKCS_PSS_PARAMS: to sign, a salt as long as the hash, the only
 * one PSA signs with; to verify, the salt length given), and for hashed
 * and PSS mechanisms the algorithm, fixed from here on. */
CK_RV sig_input_setup(op_t *op, const CK_MECHANISM *m, const token_t *t);

/* C_Sign / C_Verify: the whole data. */
CK_RV sig_input_single(const op_t *op, const uint8_t *data, size_t len,
		       sig_input_t *out);

/* C_SignFinal / C_VerifyFinal: the digest of what the updates gave (the
 * operation's digest is finished here). */
CK_RV sig_input_final(op_t *op, sig_input_t *out);

/* Bytes of a signature of the operation's key. */
size_t sig_input_sig_len(const op_t *op);

#endif
