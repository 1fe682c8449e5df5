/*
 * pk_ctx.h - an OpenSSL operation context on a caller's public key, for
 * the local public-key operations (pk_verify.c, pk_encrypt.c).
 *
 * The EVP_PKEY is only read: many threads may use the same cached public
 * key at once, each with its own context.
 */
#ifndef SESSION_CRYPTO_PK_CTX_H
#define SESSION_CRYPTO_PK_CTX_H

#include <openssl/evp.h>
#include <p11-kit/pkcs11.h>

/* A context on key, which must be of OpenSSL key type `type` ("RSA",
 * "EC"): else CKR_KEY_TYPE_INCONSISTENT (NULL key: CKR_ARGUMENTS_BAD).
 * CKR_HOST_MEMORY. Free with EVP_PKEY_CTX_free(). */
CK_RV pk_ctx_new(EVP_PKEY *key, const char *type, EVP_PKEY_CTX **out);

#endif
