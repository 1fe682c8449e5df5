/*
 * status_ckr.h - the one table that turns a Parsec status into a CKR.
 *
 * Every layer above parsec/ converts through here, so a status means the
 * same CKR everywhere. A few statuses mean something more precise in a
 * given context (a refused key generation is a size or curve the provider
 * does not support); the context table says so.
 */
#ifndef MAPPING_STATUS_CKR_H
#define MAPPING_STATUS_CKR_H

#include <p11-kit/pkcs11.h>

#include "parsec/parsec.h"

typedef enum status_ckr_ctx {
	STATUS_CKR_CTX_ANY = 0,
	STATUS_CKR_CTX_GENERATE_RSA, /* PsaGenerateKey of an RSA key */
	STATUS_CKR_CTX_GENERATE_EC,  /* PsaGenerateKey of an EC key */
	STATUS_CKR_CTX_IMPORT,	     /* PsaImportKey */
	STATUS_CKR_CTX_GENERATE_AES, /* PsaGenerateKey of an AES key */
	STATUS_CKR_CTX_SIGN,	     /* PsaSignHash (C_Sign, C_SignFinal) */
	STATUS_CKR_CTX_DECRYPT,	     /* PsaAsymmetricDecrypt */
	STATUS_CKR_CTX_AEAD_ENCRYPT, /* PsaAeadEncrypt */
	STATUS_CKR_CTX_AEAD_DECRYPT, /* PsaAeadDecrypt */
	STATUS_CKR_CTX_DERIVE,	     /* PsaRawKeyAgreement */
	STATUS_CKR_CTX_RANDOM,	     /* PsaGenerateRandom */
} status_ckr_ctx_t;

/* The CKR for a status in a context (CKR_OK for PARSEC_SUCCESS). */
CK_RV status_ckr(parsec_status_t status, status_ckr_ctx_t ctx);

/* True when the status says the service could not be reached or did not
 * answer (the token is then reported absent until it answers again). */
int status_ckr_is_connection_failure(parsec_status_t status);

#endif
