/*
 * digest.c - message digests: C_DigestInit, C_Digest, C_DigestUpdate,
 * C_DigestKey, C_DigestFinal. Pointers are checked by session/ (a bad
 * one ends the operation).
 */
#include "session/digest.h"
#include "module/module.h"

CK_RV C_DigestInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism)
{
	return_if_not_initialized();
	return_val_if_fail(pMechanism != NULL, CKR_ARGUMENTS_BAD);
	return digest_init(hSession, pMechanism);
}

CK_RV C_Digest(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData,
	       CK_ULONG ulDataLen, CK_BYTE_PTR pDigest,
	       CK_ULONG_PTR pulDigestLen)
{
	return_if_not_initialized();
	return digest_digest(hSession, pData, ulDataLen, pDigest, pulDigestLen);
}

CK_RV C_DigestUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart,
		     CK_ULONG ulPartLen)
{
	return_if_not_initialized();
	return digest_update(hSession, pPart, ulPartLen);
}

CK_RV C_DigestKey(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hKey)
{
	return_if_not_initialized();
	return digest_key(hSession, hKey);
}

CK_RV C_DigestFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pDigest,
		    CK_ULONG_PTR pulDigestLen)
{
	return_if_not_initialized();
	return digest_final(hSession, pDigest, pulDigestLen);
}
