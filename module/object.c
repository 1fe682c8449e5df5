/*
 * object.c - object management: C_CreateObject, C_CopyObject,
 * C_DestroyObject, C_GetObjectSize, C_GetAttributeValue,
 * C_SetAttributeValue, C_FindObjectsInit, C_FindObjects,
 * C_FindObjectsFinal.
 */
#include "module/module.h"
#include "session/objects.h"

CK_RV C_CreateObject(CK_SESSION_HANDLE hSession, CK_ATTRIBUTE_PTR pTemplate,
		     CK_ULONG ulCount, CK_OBJECT_HANDLE_PTR phObject)
{
	return_if_not_initialized();
	return_val_if_fail(TEMPLATE_OK(pTemplate, ulCount) && phObject != NULL,
			   CKR_ARGUMENTS_BAD);
	return objects_create(hSession, pTemplate, ulCount, phObject);
}

CK_RV C_CopyObject(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject,
		   CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount,
		   CK_OBJECT_HANDLE_PTR phNewObject)
{
	return_if_not_initialized();
	return_val_if_fail(TEMPLATE_OK(pTemplate, ulCount) &&
				   phNewObject != NULL,
			   CKR_ARGUMENTS_BAD);
	return objects_copy(hSession, hObject, pTemplate, ulCount, phNewObject);
}

CK_RV C_DestroyObject(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject)
{
	return_if_not_initialized();
	return objects_destroy(hSession, hObject);
}

CK_RV C_GetObjectSize(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject,
		      CK_ULONG_PTR pulSize)
{
	return_if_not_initialized();
	return_val_if_fail(pulSize != NULL, CKR_ARGUMENTS_BAD);
	return objects_get_size(hSession, hObject, pulSize);
}

CK_RV C_GetAttributeValue(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject,
			  CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount)
{
	return_if_not_initialized();
	return_val_if_fail(TEMPLATE_OK(pTemplate, ulCount), CKR_ARGUMENTS_BAD);
	return objects_get_attributes(hSession, hObject, pTemplate, ulCount);
}

CK_RV C_SetAttributeValue(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject,
			  CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount)
{
	return_if_not_initialized();
	return_val_if_fail(TEMPLATE_OK(pTemplate, ulCount), CKR_ARGUMENTS_BAD);
	return objects_set_attributes(hSession, hObject, pTemplate, ulCount);
}

CK_RV C_FindObjectsInit(CK_SESSION_HANDLE hSession, CK_ATTRIBUTE_PTR pTemplate,
			CK_ULONG ulCount)
{
	return_if_not_initialized();
	return_val_if_fail(TEMPLATE_OK(pTemplate, ulCount), CKR_ARGUMENTS_BAD);
	return objects_find_init(hSession, pTemplate, ulCount);
}

CK_RV C_FindObjects(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE_PTR phObject,
		    CK_ULONG ulMaxObjectCount, CK_ULONG_PTR pulObjectCount)
{
	return_if_not_initialized();
	return_val_if_fail(phObject != NULL && pulObjectCount != NULL,
			   CKR_ARGUMENTS_BAD);
	return objects_find(hSession, phObject, ulMaxObjectCount,
			    pulObjectCount);
}

CK_RV C_FindObjectsFinal(CK_SESSION_HANDLE hSession)
{
	return_if_not_initialized();
	return objects_find_final(hSession);
}
