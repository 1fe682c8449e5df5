/*
 * digest.h - C_DigestInit, C_Digest, C_DigestUpdate, C_DigestKey,
 * C_DigestFinal.
 *
 * CKM_SHA_1 ... CKM_SHA512, offered on slots whose provider has
 * PsaHashCompute, computed here with OpenSSL: the same digests, no
 * request, and multi-part without the service's 1 MiB limit.
 * C_DigestKey digests the value of a secret key the module holds (a
 * derived session secret); any other key is CKR_KEY_INDIGESTIBLE.
 */
#ifndef SESSION_DIGEST_H
#define SESSION_DIGEST_H

#include <p11-kit/pkcs11.h>

CK_RV digest_init(CK_SESSION_HANDLE h, const CK_MECHANISM *m);
CK_RV digest_digest(CK_SESSION_HANDLE h, const CK_BYTE *data, CK_ULONG len,
		    CK_BYTE *out, CK_ULONG *out_len);
CK_RV digest_update(CK_SESSION_HANDLE h, const CK_BYTE *part, CK_ULONG len);
CK_RV digest_key(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE key);
CK_RV digest_final(CK_SESSION_HANDLE h, CK_BYTE *out, CK_ULONG *out_len);

#endif
