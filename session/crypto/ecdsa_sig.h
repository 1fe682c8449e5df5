/*
 * ecdsa_sig.h - ECDSA signatures between the PKCS#11 form and DER.
 *
 * PKCS#11 (v2.40 curr, "EC Signatures") and Parsec carry a signature as
 * r || s, each left-padded to the length of the base point order (nLen);
 * OpenSSL reads and writes X9.62's DER ECDSA-Sig-Value ::= SEQUENCE {
 * r INTEGER, s INTEGER }. Tokens make signatures of 2 nLen bytes, but
 * the same section lets callers pass shorter ones to verify, as long as
 * both halves have the same length.
 */
#ifndef SESSION_CRYPTO_ECDSA_SIG_H
#define SESSION_CRYPTO_ECDSA_SIG_H

#include <stddef.h>
#include <stdint.h>

#include <p11-kit/pkcs11.h>

/* r || s to DER, for a curve whose order takes field_len bytes. Output as
 * PKCS#11 does (out NULL: size query; CKR_BUFFER_TOO_SMALL).
 * CKR_SIGNATURE_LEN_RANGE unless rs_len is even and at most
 * 2 * field_len. */
CK_RV ecdsa_sig_to_der(const uint8_t *rs, size_t rs_len, size_t field_len,
		       uint8_t *out, size_t *out_len);

/* DER to r || s of 2 * field_len bytes. Only strict DER is taken: one
 * SEQUENCE of two minimal, non-negative INTEGERs that fit in field_len
 * bytes, nothing after it; anything else is CKR_SIGNATURE_INVALID.
 * Output as above. */
CK_RV ecdsa_sig_from_der(const uint8_t *der, size_t der_len, size_t field_len,
			 uint8_t *out, size_t *out_len);

#endif
