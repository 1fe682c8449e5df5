/*
 * key_management.c - C_GenerateKeyPair, and the key functions of the
 * next issue: C_GenerateKey, C_WrapKey, C_UnwrapKey, C_DeriveKey.
 */
#include "module/module.h"
#include "session/keygen.h"

CK_RV C_GenerateKeyPair(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
			CK_ATTRIBUTE_PTR pPublicKeyTemplate,
			CK_ULONG ulPublicKeyAttributeCount,
			CK_ATTRIBUTE_PTR pPrivateKeyTemplate,
			CK_ULONG ulPrivateKeyAttributeCount,
			CK_OBJECT_HANDLE_PTR phPublicKey,
			CK_OBJECT_HANDLE_PTR phPrivateKey)
{
	return_if_not_initialized();
	return_val_if_fail(pMechanism != NULL && phPublicKey != NULL &&
				   phPrivateKey != NULL &&
				   TEMPLATE_OK(pPublicKeyTemplate,
					       ulPublicKeyAttributeCount) &&
				   TEMPLATE_OK(pPrivateKeyTemplate,
					       ulPrivateKeyAttributeCount),
			   CKR_ARGUMENTS_BAD);
	return keygen_generate_key_pair(
		hSession, pMechanism, pPublicKeyTemplate,
		ulPublicKeyAttributeCount, pPrivateKeyTemplate,
		ulPrivateKeyAttributeCount, phPublicKey, phPrivateKey);
}

CK_RV C_GenerateKey(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
		    CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount,
		    CK_OBJECT_HANDLE_PTR phKey)
{
	return_not_supported_yet(hSession);
}

CK_RV C_WrapKey(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
		CK_OBJECT_HANDLE hWrappingKey, CK_OBJECT_HANDLE hKey,
		CK_BYTE_PTR pWrappedKey, CK_ULONG_PTR pulWrappedKeyLen)
{
	return_not_supported_yet(hSession);
}

CK_RV C_UnwrapKey(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
		  CK_OBJECT_HANDLE hUnwrappingKey, CK_BYTE_PTR pWrappedKey,
		  CK_ULONG ulWrappedKeyLen, CK_ATTRIBUTE_PTR pTemplate,
		  CK_ULONG ulAttributeCount, CK_OBJECT_HANDLE_PTR phKey)
{
	return_not_supported_yet(hSession);
}

CK_RV C_DeriveKey(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
		  CK_OBJECT_HANDLE hBaseKey, CK_ATTRIBUTE_PTR pTemplate,
		  CK_ULONG ulAttributeCount, CK_OBJECT_HANDLE_PTR phKey)
{
	return_not_supported_yet(hSession);
}
