/*
 * decrypt.c - decryption: C_DecryptInit, C_Decrypt, C_DecryptUpdate,
 * C_DecryptFinal. Pointers are checked by session/ (a bad one ends the
 * operation).
 */
#include "session/decrypt.h"
#include "module/module.h"

CK_RV C_DecryptInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
		    CK_OBJECT_HANDLE hKey)
{
	return_if_not_initialized();
	return_val_if_fail(pMechanism != NULL, CKR_ARGUMENTS_BAD);
	return decrypt_init(hSession, pMechanism, hKey);
}

CK_RV C_Decrypt(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedData,
		CK_ULONG ulEncryptedDataLen, CK_BYTE_PTR pData,
		CK_ULONG_PTR pulDataLen)
{
	return_if_not_initialized();
	return decrypt_decrypt(hSession, pEncryptedData, ulEncryptedDataLen,
			       pData, pulDataLen);
}

CK_RV C_DecryptUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedPart,
		      CK_ULONG ulEncryptedPartLen, CK_BYTE_PTR pPart,
		      CK_ULONG_PTR pulPartLen)
{
	return_if_not_initialized();
	return decrypt_update(hSession, pEncryptedPart, ulEncryptedPartLen,
			      pPart, pulPartLen);
}

CK_RV C_DecryptFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pLastPart,
		     CK_ULONG_PTR pulLastPartLen)
{
	return_if_not_initialized();
	return decrypt_final(hSession, pLastPart, pulLastPartLen);
}
