/*
 * decrypt.h - C_DecryptInit, C_Decrypt, C_DecryptUpdate, C_DecryptFinal.
 *
 * RSA decryption is one PsaAsymmetricDecrypt. Its output length is known
 * only then: a size query before it answers the modulus size (§5.2 lets
 * it exceed the output somewhat); once decrypted, the plaintext is kept
 * with the operation until a large enough buffer takes it, so that
 * CKR_BUFFER_TOO_SMALL costs no second request. AES-GCM is one
 * PsaAeadDecrypt (session/cipher.h). A wrong padding or tag is
 * CKR_ENCRYPTED_DATA_INVALID; a ciphertext of the wrong size
 * CKR_ENCRYPTED_DATA_LEN_RANGE.
 */
#ifndef SESSION_DECRYPT_H
#define SESSION_DECRYPT_H

#include <p11-kit/pkcs11.h>

CK_RV decrypt_init(CK_SESSION_HANDLE h, const CK_MECHANISM *m,
		   CK_OBJECT_HANDLE key);
CK_RV decrypt_decrypt(CK_SESSION_HANDLE h, const CK_BYTE *in, CK_ULONG len,
		      CK_BYTE *out, CK_ULONG *out_len);
CK_RV decrypt_update(CK_SESSION_HANDLE h, const CK_BYTE *part, CK_ULONG len,
		     CK_BYTE *out, CK_ULONG *out_len);
CK_RV decrypt_final(CK_SESSION_HANDLE h, CK_BYTE *out, CK_ULONG *out_len);

#endif
