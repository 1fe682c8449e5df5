/*
 * encrypt.c - encryption: C_EncryptInit, C_Encrypt, C_EncryptUpdate,
 * C_EncryptFinal.
 *
 * Placeholders until the mechanisms issue: the standard checks, then
 * CKR_FUNCTION_NOT_SUPPORTED.
 */
#include "module/module.h"

CK_RV C_EncryptInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
		    CK_OBJECT_HANDLE hKey)
{
	return_not_supported_yet(hSession);
}

CK_RV C_Encrypt(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData,
		CK_ULONG ulDataLen, CK_BYTE_PTR pEncryptedData,
		CK_ULONG_PTR pulEncryptedDataLen)
{
	return_not_supported_yet(hSession);
}

CK_RV C_EncryptUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart,
		      CK_ULONG ulPartLen, CK_BYTE_PTR pEncryptedPart,
		      CK_ULONG_PTR pulEncryptedPartLen)
{
	return_not_supported_yet(hSession);
}

CK_RV C_EncryptFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pLastEncryptedPart,
		     CK_ULONG_PTR pulLastEncryptedPartLen)
{
	return_not_supported_yet(hSession);
}
