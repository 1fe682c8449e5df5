/*
 * digest_ctx.h - a multi-part digest over OpenSSL, for C_Digest* and for
 * the hashing half of hash-and-sign mechanisms (the signature itself is
 * one PsaSignHash over the result).
 *
 * Outputs follow the PKCS#11 convention (v2.40 base §5.2): with out NULL
 * *out_len receives the size and CKR_OK is returned; when *out_len is too
 * small it receives the size and CKR_BUFFER_TOO_SMALL is returned, the
 * context staying usable; otherwise the digest is written and *out_len
 * set to its size.
 *
 * A context is used by one thread at a time (a PKCS#11 session's
 * operation is); different contexts are independent.
 */
#ifndef SESSION_CRYPTO_DIGEST_CTX_H
#define SESSION_CRYPTO_DIGEST_CTX_H

#include <stddef.h>
#include <stdint.h>

#include <p11-kit/pkcs11.h>

#include "parsec/parsec.h"

typedef struct digest_ctx digest_ctx_t;

/* A context for one of the hashes of hash.h. CKR_MECHANISM_INVALID for a
 * hash outside it, CKR_HOST_MEMORY. */
CK_RV digest_ctx_new(parsec_hash_t hash, digest_ctx_t **out);

/* Adds data (data may be NULL when len is 0). CKR_OPERATION_NOT_INITIALIZED
 * after a successful final. */
CK_RV digest_ctx_update(digest_ctx_t *ctx, const uint8_t *data, size_t len);

/* The digest size, known before final (for size queries). */
size_t digest_ctx_size(const digest_ctx_t *ctx);

parsec_hash_t digest_ctx_hash(const digest_ctx_t *ctx);

/* Writes the digest (output convention above). Once it has been written
 * the context only accepts digest_ctx_free(). */
CK_RV digest_ctx_final(digest_ctx_t *ctx, uint8_t *out, size_t *out_len);

/* An independent copy of the state, e.g. to sign a running hash while
 * the operation may still fail with CKR_BUFFER_TOO_SMALL. */
CK_RV digest_ctx_dup(const digest_ctx_t *ctx, digest_ctx_t **out);

/* NULL is fine. */
void digest_ctx_free(digest_ctx_t *ctx);

/* One-shot digest, output convention above. */
CK_RV digest_ctx_compute(parsec_hash_t hash, const uint8_t *data, size_t len,
			 uint8_t *out, size_t *out_len);

#endif
