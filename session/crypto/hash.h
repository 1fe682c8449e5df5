/*
 * hash.h - one table of the hashes the module knows, naming each in
 * every vocabulary it meets: Parsec (parsec_hash_t), PKCS#11 (the digest
 * mechanism, the hash-and-sign mechanisms, the MGF1 generator) and
 * OpenSSL (EVP_MD).
 *
 * Sizes come from parsec_hash_size(). A name a hash does not have (no
 * PKCS#11 v2.40 mechanism for SHA-3, no MGF1 for SHA-512/t) reads as
 * CK_UNAVAILABLE_INFORMATION, 0 or NULL.
 */
#ifndef SESSION_CRYPTO_HASH_H
#define SESSION_CRYPTO_HASH_H

#include <openssl/evp.h>
#include <p11-kit/pkcs11.h>

#include "parsec/parsec.h"

/* The mechanisms that name a hash, by what they do with it. */
typedef enum hash_mech_kind {
	HASH_MECH_DIGEST,   /* CKM_SHA256 */
	HASH_MECH_RSA_PKCS, /* CKM_SHA256_RSA_PKCS */
	HASH_MECH_RSA_PSS,  /* CKM_SHA256_RSA_PKCS_PSS */
	HASH_MECH_ECDSA,    /* CKM_ECDSA_SHA256 */
	HASH_MECH_KINDS
} hash_mech_kind_t;

/* The hash of a mechanism of that kind (CKM_SHA256 as a digest: the
 * hashAlg of CK_RSA_PKCS_PSS_PARAMS and CK_RSA_PKCS_OAEP_PARAMS), or
 * PARSEC_HASH_NONE when mech is not of that kind. */
parsec_hash_t hash_from_mech(CK_MECHANISM_TYPE mech, hash_mech_kind_t kind);

/* The hash a mechanism of any kind names; PARSEC_HASH_NONE for those that
 * name none (CKM_RSA_PKCS, CKM_RSA_PKCS_PSS, CKM_ECDSA...). */
parsec_hash_t hash_of_mech(CK_MECHANISM_TYPE mech);

/* The mechanism of that kind for a hash, or CK_UNAVAILABLE_INFORMATION. */
CK_MECHANISM_TYPE hash_mech(parsec_hash_t hash, hash_mech_kind_t kind);

/* The hash of an MGF1 generator (CKG_MGF1_SHA256 -> SHA-256), or
 * PARSEC_HASH_NONE. */
parsec_hash_t hash_from_mgf(CK_RSA_PKCS_MGF_TYPE mgf);

/* The MGF1 generator of a hash, or 0 (no CKG_ value is 0). */
CK_RSA_PKCS_MGF_TYPE hash_mgf(parsec_hash_t hash);

/* OpenSSL's digest, or NULL for hashes outside the table (MD5, ANY...). */
const EVP_MD *hash_evp_md(parsec_hash_t hash);

/* "SHA-256", for log lines; "unknown hash" outside the table. */
const char *hash_name(parsec_hash_t hash);

#endif
