/*
 * decrypt.c - decryption: C_DecryptInit, C_Decrypt, C_DecryptUpdate,
 * C_DecryptFinal.
 *
 * Placeholders until the mechanisms issue: the standard checks, then
 * CKR_FUNCTION_NOT_SUPPORTED.
 */
#include "module/module.h"

CK_RV C_DecryptInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
		    CK_OBJECT_HANDLE hKey)
{
	return_not_supported_yet(hSession);
}

CK_RV C_Decrypt(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedData,
		CK_ULONG ulEncryptedDataLen, CK_BYTE_PTR pData,
		CK_ULONG_PTR pulDataLen)
{
	return_not_supported_yet(hSession);
}

CK_RV C_DecryptUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedPart,
		      CK_ULONG ulEncryptedPartLen, CK_BYTE_PTR pPart,
		      CK_ULONG_PTR pulPartLen)
{
	return_not_supported_yet(hSession);
}

CK_RV C_DecryptFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pLastPart,
		     CK_ULONG_PTR pulLastPartLen)
{
	return_not_supported_yet(hSession);
}
