/*
 * p11_crypto.h - shared by the mechanism tests: key pairs made through
 * the module, their public keys rebuilt with OpenSSL from the objects'
 * attributes (CKA_MODULUS / CKA_PUBLIC_EXPONENT, CKA_EC_PARAMS /
 * CKA_EC_POINT), and OpenSSL's own verdict on what the module produced,
 * so that every check is made outside the module.
 */
#ifndef TESTS_MODULE_P11_CRYPTO_H
#define TESTS_MODULE_P11_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "tests/module/p11_test.h"

extern const uint8_t p11c_p521[7];

/* A key pair of an RSA size or an EC curve (params: DER OID), with extra
 * private template attributes (CKA_SIGN TRUE when none is given). */
CK_RV p11c_gen_rsa(CK_SESSION_HANDLE h, CK_ULONG bits, const char *label,
		   const CK_ATTRIBUTE *extra, CK_ULONG n, CK_OBJECT_HANDLE *pub,
		   CK_OBJECT_HANDLE *priv);
CK_RV p11c_gen_ec(CK_SESSION_HANDLE h, const uint8_t *params, size_t len,
		  const char *label, const CK_ATTRIBUTE *extra, CK_ULONG n,
		  CK_OBJECT_HANDLE *pub, CK_OBJECT_HANDLE *priv);

/* The public key of an object, rebuilt from its attributes. */
EVP_PKEY *p11c_public(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE o);

/* OpenSSL's verification of a module signature: of a digest (md NULL
 * with RSA: raw PKCS#1 v1.5 of the input, as CKM_RSA_PKCS), with
 * padding RSA_PKCS1_PADDING or RSA_PKCS1_PSS_PADDING (salt = digest
 * length); ECDSA signatures are r || s. Returns 1 when valid. */
int p11c_verify_digest(EVP_PKEY *k, const char *md, int padding,
		       const uint8_t *in, size_t in_len, const uint8_t *sig,
		       size_t sig_len);
/* The same over the message, hashed by OpenSSL with md. */
int p11c_verify_message(EVP_PKEY *k, const char *md, int padding,
			const uint8_t *msg, size_t len, const uint8_t *sig,
			size_t sig_len);

/* OpenSSL's digest of data; returns its length. */
size_t p11c_digest(const char *md, const uint8_t *data, size_t len,
		   uint8_t *out);

/* C_SignInit + C_Sign in one. */
CK_RV p11c_sign(CK_SESSION_HANDLE h, CK_MECHANISM *m, CK_OBJECT_HANDLE key,
		const uint8_t *data, CK_ULONG len, uint8_t *sig,
		CK_ULONG *sig_len);

/* The Parsec view of a key, by name (1 when found). */
int p11c_parsec_key(const char *name, uint8_t provider,
		    parsec_key_attributes_t *out);

/* Re-reads everything, as a new process would: C_Finalize, then
 * C_Initialize (keys made meanwhile through the Parsec client are
 * adopted). */
void p11c_reload(void);

/* Fills a buffer with a counter pattern. */
void p11c_fill(uint8_t *p, size_t len);

#endif
