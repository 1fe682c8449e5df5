/*
 * verify.c - verification: C_VerifyInit, C_Verify, C_VerifyUpdate,
 * C_VerifyFinal, C_VerifyRecoverInit, C_VerifyRecover.
 *
 * Placeholders until the mechanisms issue: the standard checks, then
 * CKR_FUNCTION_NOT_SUPPORTED.
 */
#include "module/module.h"

CK_RV C_VerifyInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
		   CK_OBJECT_HANDLE hKey)
{
	return_not_supported_yet(hSession);
}

CK_RV C_Verify(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData,
	       CK_ULONG ulDataLen, CK_BYTE_PTR pSignature,
	       CK_ULONG ulSignatureLen)
{
	return_not_supported_yet(hSession);
}

CK_RV C_VerifyUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart,
		     CK_ULONG ulPartLen)
{
	return_not_supported_yet(hSession);
}

CK_RV C_VerifyFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSignature,
		    CK_ULONG ulSignatureLen)
{
	return_not_supported_yet(hSession);
}

CK_RV C_VerifyRecoverInit(CK_SESSION_HANDLE hSession,
			  CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey)
{
	return_not_supported_yet(hSession);
}

CK_RV C_VerifyRecover(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSignature,
		      CK_ULONG ulSignatureLen, CK_BYTE_PTR pData,
		      CK_ULONG_PTR pulDataLen)
{
	return_not_supported_yet(hSession);
}
