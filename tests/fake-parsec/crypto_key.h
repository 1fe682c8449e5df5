/*
 * crypto_key.h - key material in the PSA export formats, with OpenSSL 3:
 * RSA key pair = DER RSAPrivateKey, RSA public = DER RSAPublicKey,
 * ECC key pair = private scalar (big-endian, curve size), ECC public =
 * 04||X||Y, symmetric and raw keys = the bytes. The key store keeps keys
 * in these formats; operations load an EVP_PKEY from them when needed.
 */
#ifndef FAKE_PARSEC_CRYPTO_KEY_H
#define FAKE_PARSEC_CRYPTO_KEY_H

#include <openssl/evp.h>

#include "attrs.h"

/* Generates key material for a (type, size) the provider accepted. */
fake_status_t crypto_key_generate(const fake_attrs_t *a, fake_buf_t *out);

/* Checks imported data against the type (and bits, unless 0), fills in
 * a->bits, and stores the data in its canonical form. InvalidArgument
 * for data that is not a key of that type and size. */
fake_status_t crypto_key_import(fake_attrs_t *a, const uint8_t *data,
				size_t len, fake_buf_t *out);

/* Size in bits the data would give, for the size checks of import. */
fake_status_t crypto_key_bits(const fake_attrs_t *a, const uint8_t *data,
			      size_t len, uint32_t *bits);

/* An EVP_PKEY for an RSA or ECC key held in PSA format. */
fake_status_t crypto_key_load(const fake_attrs_t *a, const fake_buf_t *data,
			      EVP_PKEY **out);

/* The public half in PSA format (RSAPublicKey DER or 04||X||Y). */
fake_status_t crypto_key_export_public(const fake_attrs_t *a,
				       const fake_buf_t *data, fake_buf_t *out);

/* OpenSSL group name of a curve, NULL when unsupported; bytes per
 * coordinate in *bytes. */
const char *crypto_key_curve(parsec_ecc_family_t family, uint32_t bits,
			     size_t *bytes);

#endif
