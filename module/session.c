/*
 * session.c - session management and login: C_OpenSession,
 * C_CloseSession, C_CloseAllSessions, C_GetSessionInfo, C_Login,
 * C_Logout, C_Get/SetOperationState.
 */
#include "module/module.h"
#include "session/login.h"
#include "session/sessions.h"

CK_RV C_OpenSession(CK_SLOT_ID slotID, CK_FLAGS flags, CK_VOID_PTR pApplication,
		    CK_NOTIFY Notify, CK_SESSION_HANDLE_PTR phSession)
{
	return_if_not_initialized();
	return_val_if_fail(phSession != NULL, CKR_ARGUMENTS_BAD);
	/* No callbacks are ever made (no surrender points). */
	return sessions_open(slotID, flags, phSession);
}

CK_RV C_CloseSession(CK_SESSION_HANDLE hSession)
{
	return_if_not_initialized();
	return sessions_close(hSession);
}

CK_RV C_CloseAllSessions(CK_SLOT_ID slotID)
{
	return_if_not_initialized();
	return sessions_close_slot(slotID);
}

CK_RV C_GetSessionInfo(CK_SESSION_HANDLE hSession, CK_SESSION_INFO_PTR pInfo)
{
	return_if_not_initialized();
	return_val_if_fail(pInfo != NULL, CKR_ARGUMENTS_BAD);
	return sessions_get_info(hSession, pInfo);
}

CK_RV C_Login(CK_SESSION_HANDLE hSession, CK_USER_TYPE userType,
	      CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen)
{
	return_if_not_initialized();
	return_val_if_fail(pPin != NULL || ulPinLen == 0, CKR_ARGUMENTS_BAD);
	return login_login(hSession, userType, pPin, ulPinLen);
}

CK_RV C_Logout(CK_SESSION_HANDLE hSession)
{
	return_if_not_initialized();
	return login_logout(hSession);
}

/* Operation state cannot be saved: operations run in Parsec. */
CK_RV C_GetOperationState(CK_SESSION_HANDLE hSession,
			  CK_BYTE_PTR pOperationState,
			  CK_ULONG_PTR pulOperationStateLen)
{
	return_not_supported(hSession);
}

CK_RV C_SetOperationState(CK_SESSION_HANDLE hSession,
			  CK_BYTE_PTR pOperationState,
			  CK_ULONG ulOperationStateLen,
			  CK_OBJECT_HANDLE hEncryptionKey,
			  CK_OBJECT_HANDLE hAuthenticationKey)
{
	return_not_supported(hSession);
}
