/*
 * sign.h - C_SignInit, C_Sign, C_SignUpdate, C_SignFinal.
 *
 * A signature is one PsaSignHash: single-part hash-and-sign mechanisms
 * hash here, multi-part ones hash their updates here and send the digest
 * at C_SignFinal. CKM_RSA_PKCS, CKM_ECDSA and CKM_RSA_PKCS_PSS sign their
 * input as given (session/sig_input.h) and are single-part: their
 * C_SignUpdate and C_SignFinal are CKR_FUNCTION_NOT_SUPPORTED (PKCS#11
 * v2.40 curr lists them single-part), which ends the operation.
 * Signatures are as Parsec makes them: RSA modulus-sized, ECDSA r || s.
 */
#ifndef SESSION_SIGN_H
#define SESSION_SIGN_H

#include <p11-kit/pkcs11.h>

CK_RV sign_init(CK_SESSION_HANDLE h, const CK_MECHANISM *m,
		CK_OBJECT_HANDLE key);
CK_RV sign_sign(CK_SESSION_HANDLE h, const CK_BYTE *data, CK_ULONG len,
		CK_BYTE *sig, CK_ULONG *sig_len);
CK_RV sign_update(CK_SESSION_HANDLE h, const CK_BYTE *part, CK_ULONG len);
CK_RV sign_final(CK_SESSION_HANDLE h, CK_BYTE *sig, CK_ULONG *sig_len);

#endif
