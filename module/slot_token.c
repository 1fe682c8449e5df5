/*
 * slot_token.c - slot and token management: C_GetSlotList ...
 * C_GetMechanismInfo, C_InitToken, C_InitPIN, C_SetPIN,
 * C_WaitForSlotEvent.
 */
#include "module/module.h"
#include "session/login.h"
#include "session/slot.h"

CK_RV C_GetSlotList(CK_BBOOL tokenPresent, CK_SLOT_ID_PTR pSlotList,
		    CK_ULONG_PTR pulCount)
{
	return_if_not_initialized();
	return_val_if_fail(pulCount != NULL, CKR_ARGUMENTS_BAD);
	return slot_get_list(tokenPresent, pSlotList, pulCount);
}

CK_RV C_GetSlotInfo(CK_SLOT_ID slotID, CK_SLOT_INFO_PTR pInfo)
{
	return_if_not_initialized();
	return_val_if_fail(pInfo != NULL, CKR_ARGUMENTS_BAD);
	return slot_get_info(slotID, pInfo);
}

CK_RV C_GetTokenInfo(CK_SLOT_ID slotID, CK_TOKEN_INFO_PTR pInfo)
{
	return_if_not_initialized();
	return_val_if_fail(pInfo != NULL, CKR_ARGUMENTS_BAD);
	return slot_get_token_info(slotID, pInfo);
}

CK_RV C_GetMechanismList(CK_SLOT_ID slotID,
			 CK_MECHANISM_TYPE_PTR pMechanismList,
			 CK_ULONG_PTR pulCount)
{
	return_if_not_initialized();
	return_val_if_fail(pulCount != NULL, CKR_ARGUMENTS_BAD);
	return slot_get_mechanism_list(slotID, pMechanismList, pulCount);
}

CK_RV C_GetMechanismInfo(CK_SLOT_ID slotID, CK_MECHANISM_TYPE type,
			 CK_MECHANISM_INFO_PTR pInfo)
{
	return_if_not_initialized();
	return_val_if_fail(pInfo != NULL, CKR_ARGUMENTS_BAD);
	return slot_get_mechanism_info(slotID, type, pInfo);
}

CK_RV C_InitToken(CK_SLOT_ID slotID, CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen,
		  CK_UTF8CHAR_PTR pLabel)
{
	return_if_not_initialized();
	/* No protected authentication path: a PIN is needed. */
	return_val_if_fail(pPin != NULL && pLabel != NULL, CKR_ARGUMENTS_BAD);
	return login_init_token(slotID, pPin, ulPinLen, pLabel);
}

CK_RV C_InitPIN(CK_SESSION_HANDLE hSession, CK_UTF8CHAR_PTR pPin,
		CK_ULONG ulPinLen)
{
	return_if_not_initialized();
	return_val_if_fail(pPin != NULL, CKR_ARGUMENTS_BAD);
	return login_init_pin(hSession, pPin, ulPinLen);
}

CK_RV C_SetPIN(CK_SESSION_HANDLE hSession, CK_UTF8CHAR_PTR pOldPin,
	       CK_ULONG ulOldLen, CK_UTF8CHAR_PTR pNewPin, CK_ULONG ulNewLen)
{
	return_if_not_initialized();
	return_val_if_fail(pOldPin != NULL && pNewPin != NULL,
			   CKR_ARGUMENTS_BAD);
	return login_set_pin(hSession, pOldPin, ulOldLen, pNewPin, ulNewLen);
}

CK_RV C_WaitForSlotEvent(CK_FLAGS flags, CK_SLOT_ID_PTR pSlot,
			 CK_VOID_PTR pReserved)
{
	return_if_not_initialized();
	return CKR_FUNCTION_NOT_SUPPORTED;
}
