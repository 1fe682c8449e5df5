/*
 * cipher.h - what encryption and decryption share: the mechanism
 * parameters, and AES-GCM's one request.
 *
 * RSA (CKM_RSA_PKCS, CKM_RSA_PKCS_OAEP) is single-part: encryption is
 * done here with the public key (session/crypto/pk_encrypt.h), decryption
 * is one PsaAsymmetricDecrypt (the OAEP label travels as its salt).
 * AES-GCM (CKM_AES_GCM) sends everything in one PsaAeadEncrypt or
 * PsaAeadDecrypt: updates collect the data here, up to what one request
 * can carry (the service takes 1 MiB bodies), beyond which the call is
 * CKR_DATA_LEN_RANGE (CKR_ENCRYPTED_DATA_LEN_RANGE for decryption); the
 * output comes at C_EncryptFinal / C_DecryptFinal (decrypted data only
 * once the tag is checked). A Parsec AES key's policy names one tag
 * length: keys made here have GCM's default 128-bit tag, and a
 * CK_GCM_PARAMS asking for another is CKR_KEY_FUNCTION_NOT_PERMITTED.
 */
#ifndef SESSION_CIPHER_H
#define SESSION_CIPHER_H

#include "session/op.h"

/* C_EncryptInit / C_DecryptInit's part. */
CK_RV cipher_setup(op_t *op, const CK_MECHANISM *m, const token_t *t);

/* Whether an operation is AES-GCM (else RSA, single-part). */
int cipher_is_aead(const op_t *op);

/* C_Encrypt / C_Decrypt with AES-GCM: one PsaAeadEncrypt or
 * PsaAeadDecrypt (the lock released for it); a size query or a buffer
 * too small sends nothing and sets *keep. */
CK_RV cipher_aead_single(op_call_t *x, const CK_BYTE *in, CK_ULONG len,
			 CK_BYTE *out, CK_ULONG *out_len, int *keep);

/* C_EncryptUpdate / C_DecryptUpdate: AES-GCM collects the data (nothing
 * comes out before the end; a size query takes none), RSA has none
 * (CKR_FUNCTION_NOT_SUPPORTED). */
CK_RV cipher_update(CK_SESSION_HANDLE h, op_kind_t kind, const CK_BYTE *part,
		    CK_ULONG len, CK_BYTE *out, CK_ULONG *out_len);

/* C_EncryptFinal / C_DecryptFinal: AES-GCM's one request. */
CK_RV cipher_final(CK_SESSION_HANDLE h, op_kind_t kind, CK_BYTE *out,
		   CK_ULONG *out_len);

#endif
