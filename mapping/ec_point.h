/*
 * ec_point.h - EC public points in the forms PKCS#11 callers pass them.
 *
 * Parsec exports and takes (PsaRawKeyAgreement) the uncompressed point
 * 0x04 || X || Y (SEC 1 §2.3.3); PKCS#11 keeps CKA_EC_POINT as a DER
 * OCTET STRING holding it. Curves are named elsewhere
 * (mapping/pubkey.h: CKA_EC_PARAMS <-> Parsec family and bits <->
 * OpenSSL group); here a curve is only its size in bits.
 */
#ifndef MAPPING_EC_POINT_H
#define MAPPING_EC_POINT_H

#include <stddef.h>
#include <stdint.h>

#include <p11-kit/pkcs11.h>

/* Bytes of a coordinate on a curve of bits, and of r and s in its ECDSA
 * signatures: 32 for P-256, 66 for P-521. */
size_t ec_field_len(uint32_t bits);

/* 1 when in is 0x04 || X || Y with field_len-byte coordinates. Whether
 * the point lies on the curve is left to OpenSSL and the service. */
int ec_point_is_uncompressed(const uint8_t *in, size_t len, size_t field_len);

/* The uncompressed point given either raw or in one DER OCTET STRING
 * (PKCS#11 v2.40 curr, CK_ECDH1_DERIVE_PARAMS, asks tokens to take ECDH public
 * data raw, and lets them take the CKA_EC_POINT form too). The forms cannot be
 * confused: raw is 1 + 2n bytes, wrapped at least 3 + 2n. On success
 * *point points into in and 1 is returned; compressed points and
 * anything else give 0. */
int ec_point_raw(const uint8_t *in, size_t len, size_t field_len,
		 const uint8_t **point, size_t *point_len);

/* The CKA_EC_POINT form of a point: a DER OCTET STRING. Output as PKCS#11
 * does (out NULL: size query; CKR_BUFFER_TOO_SMALL). CKR_ARGUMENTS_BAD
 * for an empty or oversized point. */
CK_RV ec_point_wrap(const uint8_t *point, size_t len, uint8_t *out,
		    size_t *out_len);

#endif
