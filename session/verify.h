/*
 * verify.h - C_VerifyInit, C_Verify, C_VerifyUpdate, C_VerifyFinal.
 *
 * Done here with OpenSSL from the public key object (no request), on the
 * algorithm and input PsaVerifyHash would get (session/sig_input.h), so
 * the answers are the service's: CKR_SIGNATURE_INVALID,
 * CKR_SIGNATURE_LEN_RANGE, CKR_DATA_LEN_RANGE. RSA-PSS verifies with the
 * salt length its parameters give (PSA's own verification knows only the
 * hash length, which is what every signature of this module has).
 * Single-part mechanisms as for signing.
 */
#ifndef SESSION_VERIFY_H
#define SESSION_VERIFY_H

#include <p11-kit/pkcs11.h>

CK_RV verify_init(CK_SESSION_HANDLE h, const CK_MECHANISM *m,
		  CK_OBJECT_HANDLE key);
CK_RV verify_verify(CK_SESSION_HANDLE h, const CK_BYTE *data, CK_ULONG len,
		    const CK_BYTE *sig, CK_ULONG sig_len);
CK_RV verify_update(CK_SESSION_HANDLE h, const CK_BYTE *part, CK_ULONG len);
CK_RV verify_final(CK_SESSION_HANDLE h, const CK_BYTE *sig, CK_ULONG sig_len);

#endif
