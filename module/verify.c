/*
 * verify.c - verification: C_VerifyInit, C_Verify, C_VerifyUpdate,
 * C_VerifyFinal, C_VerifyRecoverInit, C_VerifyRecover.
 *
 * Pointers are checked by session/ (a bad one ends the operation). No
 * mechanism verifies with recovery.
 */
#include "session/verify.h"
#include "module/module.h"

CK_RV C_VerifyInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
		   CK_OBJECT_HANDLE hKey)
{
	return_if_not_initialized();
	return_val_if_fail(pMechanism != NULL, CKR_ARGUMENTS_BAD);
	return verify_init(hSession, pMechanism, hKey);
}

CK_RV C_Verify(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData,
	       CK_ULONG ulDataLen, CK_BYTE_PTR pSignature,
	       CK_ULONG ulSignatureLen)
{
	return_if_not_initialized();
	return verify_verify(hSession, pData, ulDataLen, pSignature,
			     ulSignatureLen);
}

CK_RV C_VerifyUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart,
		     CK_ULONG ulPartLen)
{
	return_if_not_initialized();
	return verify_update(hSession, pPart, ulPartLen);
}

CK_RV C_VerifyFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSignature,
		    CK_ULONG ulSignatureLen)
{
	return_if_not_initialized();
	return verify_final(hSession, pSignature, ulSignatureLen);
}

CK_RV C_VerifyRecoverInit(CK_SESSION_HANDLE hSession,
			  CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey)
{
	return_not_supported(hSession);
}

CK_RV C_VerifyRecover(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSignature,
		      CK_ULONG ulSignatureLen, CK_BYTE_PTR pData,
		      CK_ULONG_PTR pulDataLen)
{
	return_not_supported(hSession);
}
