/*
 * encrypt.h - C_EncryptInit, C_Encrypt, C_EncryptUpdate, C_EncryptFinal.
 *
 * RSA encryption is done here with the public key object (no request),
 * as PsaAsymmetricEncrypt would do it; AES-GCM is one PsaAeadEncrypt
 * (session/cipher.h).
 */
#ifndef SESSION_ENCRYPT_H
#define SESSION_ENCRYPT_H

#include <p11-kit/pkcs11.h>

CK_RV encrypt_init(CK_SESSION_HANDLE h, const CK_MECHANISM *m,
		   CK_OBJECT_HANDLE key);
CK_RV encrypt_encrypt(CK_SESSION_HANDLE h, const CK_BYTE *data, CK_ULONG len,
		      CK_BYTE *out, CK_ULONG *out_len);
CK_RV encrypt_update(CK_SESSION_HANDLE h, const CK_BYTE *part, CK_ULONG len,
		     CK_BYTE *out, CK_ULONG *out_len);
CK_RV encrypt_final(CK_SESSION_HANDLE h, CK_BYTE *out, CK_ULONG *out_len);

#endif
