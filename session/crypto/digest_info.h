/*
 * digest_info.h - the DER DigestInfo of RFC 8017 §9.2 (EMSA-PKCS1-v1_5
 * step 2), read and written from one table of hash identifiers.
 *
 * CKM_RSA_PKCS signing takes a DigestInfo the caller built. Recognising
 * it lets the module sign with the hash-specific Parsec algorithm
 * (PKCS#1 v1.5 with that hash), which every provider has, rather than the
 * raw PKCS#1 v1.5 signature that the TPM and PKCS #11 providers lack
 * (PARSEC-FACTS.md). Both give the same signature bytes.
 */
#ifndef SESSION_CRYPTO_DIGEST_INFO_H
#define SESSION_CRYPTO_DIGEST_INFO_H

#include <stddef.h>
#include <stdint.h>

#include <p11-kit/pkcs11.h>

#include "parsec/parsec.h"

/* The longest DigestInfo of the table (SHA-512 and SHA3-512). */
#define DIGEST_INFO_MAX_LEN 83

/* 1 when in is exactly one DigestInfo of a hash of the table, with its
 * parameters NULL or absent (RFC 8017 §9.2 note 1 lets encoders omit
 * them) and a digest of that hash's size, and nothing after it. Then
 * *hash is the hash and *digest (pointing into in) its digest_len bytes.
 * 0 for anything else, touching no output. */
int digest_info_parse(const uint8_t *in, size_t len, parsec_hash_t *hash,
		      const uint8_t **digest, size_t *digest_len);

/* Length of the DigestInfo of hash, or 0 for a hash outside the table. */
size_t digest_info_len(parsec_hash_t hash);

/* Writes the DigestInfo of digest, with NULL parameters as RFC 8017
 * writes it. Output as PKCS#11 does (out NULL: size query;
 * CKR_BUFFER_TOO_SMALL with *out_len set to the size). CKR_MECHANISM_INVALID
 * for a hash outside the table, CKR_DATA_LEN_RANGE when digest_len is not
 * its size. */
CK_RV digest_info_wrap(parsec_hash_t hash, const uint8_t *digest,
		       size_t digest_len, uint8_t *out, size_t *out_len);

#endif
