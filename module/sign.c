/*
 * sign.c - signing: C_SignInit, C_Sign, C_SignUpdate, C_SignFinal,
 * C_SignRecoverInit, C_SignRecover.
 *
 * Output and length pointers are checked by session/ (a bad one ends
 * the operation, §5.2). No mechanism signs with recovery.
 */
#include "session/sign.h"
#include "module/module.h"

CK_RV C_SignInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
		 CK_OBJECT_HANDLE hKey)
{
	return_if_not_initialized();
	return_val_if_fail(pMechanism != NULL, CKR_ARGUMENTS_BAD);
	return sign_init(hSession, pMechanism, hKey);
}

CK_RV C_Sign(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen,
	     CK_BYTE_PTR pSignature, CK_ULONG_PTR pulSignatureLen)
{
	return_if_not_initialized();
	return sign_sign(hSession, pData, ulDataLen, pSignature,
			 pulSignatureLen);
}

CK_RV C_SignUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart,
		   CK_ULONG ulPartLen)
{
	return_if_not_initialized();
	return sign_update(hSession, pPart, ulPartLen);
}

CK_RV C_SignFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSignature,
		  CK_ULONG_PTR pulSignatureLen)
{
	return_if_not_initialized();
	return sign_final(hSession, pSignature, pulSignatureLen);
}

CK_RV C_SignRecoverInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
			CK_OBJECT_HANDLE hKey)
{
	return_not_supported(hSession);
}

CK_RV C_SignRecover(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData,
		    CK_ULONG ulDataLen, CK_BYTE_PTR pSignature,
		    CK_ULONG_PTR pulSignatureLen)
{
	return_not_supported(hSession);
}
