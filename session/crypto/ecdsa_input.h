/*
 * ecdsa_input.h - what CKM_ECDSA's input becomes in Parsec.
 *
 * CKM_ECDSA signs its input as given, of any length, and ECDSA uses only
 * the leftmost order-size bits of it (PKCS#11 v2.40 curr, "ECDSA
 * without hashing"; SEC 1 §4.1.3 step 5). PSA's ECDSA_ANY does the same, but
 * keys with a hash-specific policy (all a TPM provider makes, PARSEC-FACTS.md)
 * only sign inputs of their hash's length. Which hash produced the input does
 * not matter to ECDSA, only its length: so the module names the hash by
 * the length, or reshapes the input to the policy hash's length when
 * that provably gives the same signature, and refuses otherwise.
 */
#ifndef SESSION_CRYPTO_ECDSA_INPUT_H
#define SESSION_CRYPTO_ECDSA_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include <p11-kit/pkcs11.h>

#include "parsec/parsec.h"

/* The hash a CKM_ECDSA input of len bytes is signed as, for keys whose
 * policy allows any hash: 20 SHA-1, 28 SHA-224, 32 SHA-256, 48 SHA-384,
 * 64 SHA-512 (SHA-2 where SHA-512/t or SHA-3 share the length: the
 * signature is the same). PARSEC_HASH_NONE for other lengths: those need
 * ECDSA_ANY or ecdsa_input_fit(). */
parsec_hash_t ecdsa_input_hash(size_t len);

/* Reshapes a CKM_ECDSA input to the hash_len bytes a hash-specific
 * policy signs, for a curve whose order has order_bits bits (the curve's
 * bits for P-256, P-384, P-521 and secp256k1), keeping the integer ECDSA
 * derives from it: a longer input is cut to its first hash_len bytes
 * when 8 * hash_len >= order_bits; a shorter one is left-padded with
 * zeros when 8 * hash_len <= order_bits. out takes hash_len bytes.
 * CKR_DATA_LEN_RANGE when neither holds (e.g. 66 bytes for P-521 under
 * SHA-512). */
CK_RV ecdsa_input_fit(const uint8_t *in, size_t len, uint32_t order_bits,
		      size_t hash_len, uint8_t *out);

#endif
