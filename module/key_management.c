/*
 * key_management.c - C_GenerateKeyPair, C_GenerateKey, C_DeriveKey, and
 * C_WrapKey / C_UnwrapKey (not offered).
 */
#include "module/module.h"
#include "session/derive.h"
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
	return_if_not_initialized();
	return_val_if_fail(pMechanism != NULL && phKey != NULL &&
				   TEMPLATE_OK(pTemplate, ulCount),
			   CKR_ARGUMENTS_BAD);
	return keygen_generate_key(hSession, pMechanism, pTemplate, ulCount,
				   phKey);
}

/* No wrapping mechanism: Parsec exports no key wrapped. */
CK_RV C_WrapKey(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
		CK_OBJECT_HANDLE hWrappingKey, CK_OBJECT_HANDLE hKey,
		CK_BYTE_PTR pWrappedKey, CK_ULONG_PTR pulWrappedKeyLen)
{
	return_not_supported(hSession);
}

CK_RV C_UnwrapKey(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
		  CK_OBJECT_HANDLE hUnwrappingKey, CK_BYTE_PTR pWrappedKey,
		  CK_ULONG ulWrappedKeyLen, CK_ATTRIBUTE_PTR pTemplate,
		  CK_ULONG ulAttributeCount, CK_OBJECT_HANDLE_PTR phKey)
{
	return_not_supported(hSession);
}

CK_RV C_DeriveKey(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
		  CK_OBJECT_HANDLE hBaseKey, CK_ATTRIBUTE_PTR pTemplate,
		  CK_ULONG ulAttributeCount, CK_OBJECT_HANDLE_PTR phKey)
{
	return_if_not_initialized();
	return_val_if_fail(pMechanism != NULL && phKey != NULL &&
				   TEMPLATE_OK(pTemplate, ulAttributeCount),
			   CKR_ARGUMENTS_BAD);
	return derive_key(hSession, pMechanism, hBaseKey, pTemplate,
			  ulAttributeCount, phKey);
}
