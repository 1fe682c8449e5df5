/*
 * slot.h - slots, tokens and mechanism lists (C_GetSlotList ...
 * C_GetMechanismInfo). One slot per Parsec provider; the slot id is the
 * provider id.
 */
#ifndef SESSION_SLOT_H
#define SESSION_SLOT_H

#include <stddef.h>

#include <p11-kit/pkcs11.h>

CK_RV slot_get_list(CK_BBOOL token_present, CK_SLOT_ID_PTR list,
		    CK_ULONG_PTR count);
CK_RV slot_get_info(CK_SLOT_ID id, CK_SLOT_INFO_PTR info);
CK_RV slot_get_token_info(CK_SLOT_ID id, CK_TOKEN_INFO_PTR info);
CK_RV slot_get_mechanism_list(CK_SLOT_ID id, CK_MECHANISM_TYPE_PTR list,
			      CK_ULONG_PTR count);
CK_RV slot_get_mechanism_info(CK_SLOT_ID id, CK_MECHANISM_TYPE type,
			      CK_MECHANISM_INFO_PTR info);

/* Copies text into a fixed-size PKCS#11 field, cut on a UTF-8 character
 * boundary and padded with spaces (never NUL-terminated). */
void slot_pad(CK_UTF8CHAR *dst, size_t size, const char *src);

#endif
