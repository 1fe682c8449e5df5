/*
 * encrypt.c - encryption: C_EncryptInit, C_Encrypt, C_EncryptUpdate,
 * C_EncryptFinal. Pointers are checked by session/ (a bad one ends the
 * operation).
 */
#include "session/encrypt.h"
#include "module/module.h"

CK_RV C_EncryptInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
		    CK_OBJECT_HANDLE hKey)
{
	return_if_not_initialized();
	return_val_if_fail(pMechanism != NULL, CKR_ARGUMENTS_BAD);
	return encrypt_init(hSession, pMechanism, hKey);
}

CK_RV C_Encrypt(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData,
		CK_ULONG ulDataLen, CK_BYTE_PTR pEncryptedData,
		CK_ULONG_PTR pulEncryptedDataLen)
{
	return_if_not_initialized();
	return encrypt_encrypt(hSession, pData, ulDataLen, pEncryptedData,
			       pulEncryptedDataLen);
}

CK_RV C_EncryptUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart,
		      CK_ULONG ulPartLen, CK_BYTE_PTR pEncryptedPart,
		      CK_ULONG_PTR pulEncryptedPartLen)
{
	return_if_not_initialized();
	return encrypt_update(hSession, pPart, ulPartLen, pEncryptedPart,
			      pulEncryptedPartLen);
}

CK_RV C_EncryptFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pLastEncryptedPart,
		     CK_ULONG_PTR pulLastEncryptedPartLen)
{
	return_if_not_initialized();
	return encrypt_final(hSession, pLastEncryptedPart,
			     pulLastEncryptedPartLen);
}
