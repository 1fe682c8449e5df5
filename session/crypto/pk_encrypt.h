/*
 * pk_encrypt.h - RSA encryption with a public key, locally (issue 4: no
 * round trip for C_Encrypt), as PsaAsymmetricEncrypt would do it.
 *
 * Output as PKCS#11 does (v2.40 base §5.2): out NULL asks for the size,
 * a buffer too small gives CKR_BUFFER_TOO_SMALL and the size; the size is
 * the modulus size. The data length is checked first, so that a size
 * query for data that cannot be encrypted already fails.
 * The OpenSSL error queue is left as it was found.
 */
#ifndef SESSION_CRYPTO_PK_ENCRYPT_H
#define SESSION_CRYPTO_PK_ENCRYPT_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>
#include <p11-kit/pkcs11.h>

#include "parsec/parsec.h"

/* Bytes of a ciphertext of this key (its modulus size), 0 when it is not
 * an RSA key. */
size_t pk_encrypt_len(EVP_PKEY *pub);

/* As PsaAsymmetricEncrypt with alg:
 *  RSA_PKCS1V15_CRYPT: RSAES-PKCS1-v1_5, data of at most k - 11 bytes
 *                      (RFC 8017 §7.2.1), no label;
 *  RSA_OAEP(h):        RSAES-OAEP with h for the label hash and MGF1,
 *                      data of at most k - 2 hLen - 2 bytes (RFC 8017
 *                      §7.1.1), label optional.
 * CKR_DATA_LEN_RANGE for longer data, CKR_MECHANISM_INVALID for another
 * algorithm or an OAEP hash outside hash.h, CKR_MECHANISM_PARAM_INVALID
 * for a label with PKCS#1 v1.5, CKR_KEY_TYPE_INCONSISTENT for a key that
 * is not RSA, CKR_HOST_MEMORY, CKR_FUNCTION_FAILED. */
CK_RV pk_encrypt(EVP_PKEY *pub, const parsec_algorithm_t *alg,
		 const uint8_t *in, size_t len, const uint8_t *label,
		 size_t label_len, uint8_t *out, size_t *out_len);

#endif
