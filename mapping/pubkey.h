/*
 * pubkey.h - public keys between Parsec's export formats, PKCS#11
 * attributes and PSA import data, with OpenSSL.
 *
 * Parsec exports RSA public keys as DER RSAPublicKey and EC public keys
 * as the uncompressed point (0x04 || X || Y). PKCS#11 wants CKA_MODULUS,
 * CKA_PUBLIC_EXPONENT, CKA_MODULUS_BITS (RSA), CKA_EC_PARAMS and
 * CKA_EC_POINT as a DER OCTET STRING (EC), and CKA_PUBLIC_KEY_INFO (the
 * DER SubjectPublicKeyInfo) for both. These are derived once, when a key
 * is generated, imported or adopted, and kept with the object.
 */
#ifndef MAPPING_PUBKEY_H
#define MAPPING_PUBKEY_H

#include <stddef.h>
#include <stdint.h>

#include <p11-kit/pkcs11.h>

#include "mapping/attr_list.h"
#include "parsec/parsec.h"

/* One named curve the module knows. */
typedef struct pubkey_curve {
	const char *name;   /* OpenSSL group name */
	const uint8_t *oid; /* DER OBJECT IDENTIFIER, tag included */
	size_t oid_len;
	uint32_t bits;
	parsec_ecc_family_t family;
} pubkey_curve_t;

/* The curve named by CKA_EC_PARAMS: a DER OBJECT IDENTIFIER or a DER
 * PrintableString naming the curve ("prime256v1", "secp384r1", "P-521",
 * ...). NULL when not understood or not supported. */
const pubkey_curve_t *pubkey_curve_from_params(const uint8_t *params,
					       size_t len);
/* The curve of a Parsec ECC key, or NULL. */
const pubkey_curve_t *pubkey_curve_from_parsec(parsec_ecc_family_t family,
					       uint32_t bits);

/* Sets the public attributes of a Parsec export (DER RSAPublicKey or an
 * uncompressed EC point, per attrs->type) into out: RSA: CKA_MODULUS,
 * CKA_PUBLIC_EXPONENT, CKA_MODULUS_BITS, CKA_PUBLIC_KEY_INFO; EC:
 * CKA_EC_PARAMS, CKA_EC_POINT, CKA_PUBLIC_KEY_INFO. CKR_DEVICE_ERROR
 * when the export is malformed. */
CK_RV pubkey_from_export(const parsec_key_attributes_t *attrs,
			 const uint8_t *data, size_t len, attr_list_t *out);

/* CKA_ID of an adopted or generated key: SHA-1 of the public key value,
 * the modulus bytes for RSA and the uncompressed point for EC (NSS's
 * convention, which most tools follow). pub holds the attributes set
 * by pubkey_from_export(). */
CK_RV pubkey_id_sha1(const attr_list_t *pub, CK_KEY_TYPE type, uint8_t id[20]);

/* A public key object being created (C_CreateObject): checks the key
 * material in the template and sets the derived attributes in out (as
 * pubkey_from_export()). RSA needs CKA_MODULUS and CKA_PUBLIC_EXPONENT;
 * EC needs CKA_EC_PARAMS and CKA_EC_POINT (DER OCTET STRING or raw). */
CK_RV pubkey_public_from_template(CK_KEY_TYPE type, const CK_ATTRIBUTE *tmpl,
				  CK_ULONG count, attr_list_t *out);

/* A private key being imported: the PSA import data (DER RSAPrivateKey,
 * or the EC private scalar padded to the curve size) in *data (free with
 * pubkey_free_secret), the Parsec key type, family and bits in *key, and
 * the public attributes derived from it in out. RSA needs every CRT
 * component (PSA imports RSAPrivateKey, which holds them all), and
 * components that make one key (else CKR_ATTRIBUTE_VALUE_INVALID). */
CK_RV pubkey_private_from_template(CK_KEY_TYPE type, const CK_ATTRIBUTE *tmpl,
				   CK_ULONG count, parsec_key_attributes_t *key,
				   uint8_t **data, size_t *len,
				   attr_list_t *out);

/* Wipes and frees import data. */
void pubkey_free_secret(uint8_t *data, size_t len);

#endif
