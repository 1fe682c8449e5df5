/*
 * general.c - C_Initialize, C_Finalize, C_GetInfo, C_GetFunctionList,
 * and the legacy parallel-function calls.
 */
#include <string.h>

#include "module/module.h"
#include "session/slot.h"

#define LIBRARY_MAJOR 0
#define LIBRARY_MINOR 1

CK_RV C_Initialize(CK_VOID_PTR pInitArgs)
{
	return init_initialize(pInitArgs);
}

CK_RV C_Finalize(CK_VOID_PTR pReserved)
{
	return_if_not_initialized();
	/* PKCS#11 v2.40 §5.4: the argument is reserved and must be NULL. */
	return_val_if_fail(pReserved == NULL, CKR_ARGUMENTS_BAD);
	return init_finalize();
}

CK_RV C_GetInfo(CK_INFO_PTR pInfo)
{
	return_if_not_initialized();
	return_val_if_fail(pInfo != NULL, CKR_ARGUMENTS_BAD);
	memset(pInfo, 0, sizeof(*pInfo));
	pInfo->cryptokiVersion.major = 2;
	pInfo->cryptokiVersion.minor = 40;
	slot_pad(pInfo->manufacturerID, sizeof(pInfo->manufacturerID),
		 "parsec-pkcs11 project");
	pInfo->flags = 0;
	slot_pad(pInfo->libraryDescription, sizeof(pInfo->libraryDescription),
		 "PKCS#11 module for the Parsec service");
	pInfo->libraryVersion.major = LIBRARY_MAJOR;
	pInfo->libraryVersion.minor = LIBRARY_MINOR;
	return CKR_OK;
}

CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR ppFunctionList)
{
	return_val_if_fail(ppFunctionList != NULL, CKR_ARGUMENTS_BAD);
	*ppFunctionList = &module_function_list;
	return CKR_OK;
}

/* Legacy functions of PKCS#11 v2.40 §5.16: never parallel. */
CK_RV C_GetFunctionStatus(CK_SESSION_HANDLE hSession)
{
	CK_RV rv = init_check_session(hSession);

	return rv != CKR_OK ? rv : CKR_FUNCTION_NOT_PARALLEL;
}

CK_RV C_CancelFunction(CK_SESSION_HANDLE hSession)
{
	CK_RV rv = init_check_session(hSession);

	return rv != CKR_OK ? rv : CKR_FUNCTION_NOT_PARALLEL;
}
