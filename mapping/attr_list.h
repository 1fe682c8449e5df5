/*
 * attr_list.h - an owned list of PKCS#11 attributes, and the one table that
 * says what kind of value each attribute type holds.
 *
 * Objects keep their attributes in an attr_list_t. Values are stored as
 * the PKCS#11 in-memory representation (CK_ULONG, CK_BBOOL, byte strings,
 * arrays of CK_MECHANISM_TYPE). Serialisation for the store is canonical
 * (little-endian 64-bit for CK_ULONG values and array elements) so that a
 * store can be shared by hosts of different word sizes.
 */
#ifndef MAPPING_ATTR_LIST_H
#define MAPPING_ATTR_LIST_H

#include <stddef.h>
#include <stdint.h>

#include <p11-kit/pkcs11.h>

typedef enum attr_kind {
	ATTR_KIND_UNKNOWN = 0, /* not a type this module knows */
	ATTR_KIND_BOOL,	       /* CK_BBOOL */
	ATTR_KIND_ULONG, /* CK_ULONG (and CK_OBJECT_CLASS, CK_KEY_TYPE...) */
	ATTR_KIND_BYTES, /* byte string (incl. UTF-8 text, DER) */
	ATTR_KIND_DATE,	 /* CK_DATE, 8 ASCII digits, or empty */
	ATTR_KIND_MECH_ARRAY, /* array of CK_MECHANISM_TYPE */
} attr_kind_t;

/* The one vendor-defined type the module keeps: the Parsec policy of a
 * key object (mapping/key_policy.h says what its CK_ULONG holds). */
#define CKA_PARSEC_POLICY (CKA_VENDOR_DEFINED | 0x50415201UL)

/* Kind of an attribute type; ATTR_KIND_UNKNOWN for unknown types and for
 * template-valued (CKF_ARRAY_ATTRIBUTE other than ALLOWED_MECHANISMS)
 * attributes, which this module does not store. */
attr_kind_t attr_kind(CK_ATTRIBUTE_TYPE type);

/* "CKA_LABEL", or NULL for unknown types. For logs and the tool. */
const char *attr_name(CK_ATTRIBUTE_TYPE type);
/* The type named "CKA_LABEL"; 0 when the name is not in the table. */
int attr_type_by_name(const char *name, CK_ATTRIBUTE_TYPE *type);

/* True for types whose values may be secret key material (CKA_VALUE,
 * CKA_PRIVATE_EXPONENT, primes...): attr_list wipes them before free. */
int attr_wiped_on_free(CK_ATTRIBUTE_TYPE type);

/* Longest value attr_check_value accepts and the encoding carries: far
 * above any certificate, small enough that a hostile length is refused
 * before it is allocated. */
#define ATTR_VALUE_MAX_LEN (16ul * 1024ul * 1024ul)

/* Checks that a caller-supplied value has a valid length for its kind
 * (CK_BBOOL: 1 byte, 0 or 1; CK_ULONG: sizeof(CK_ULONG); mechanism
 * arrays: a multiple of sizeof(CK_MECHANISM_TYPE); dates: 0 or 8).
 * Returns CKR_OK, CKR_ATTRIBUTE_VALUE_INVALID or
 * CKR_ATTRIBUTE_TYPE_INVALID. */
CK_RV attr_check_value(CK_ATTRIBUTE_TYPE type, const void *value, CK_ULONG len);

typedef struct attr {
	CK_ATTRIBUTE_TYPE type;
	CK_ULONG len;
	uint8_t *value; /* NULL iff len == 0 */
} attr_t;

typedef struct attr_list {
	attr_t *items;
	size_t count;
	size_t cap;
} attr_list_t;

#define ATTR_LIST_INIT                                                         \
	{                                                                      \
		NULL, 0, 0                                                     \
	}

void attr_list_init(attr_list_t *l);
/* Frees values; values of sensitive types (CKA_VALUE, CKA_PRIVATE_EXPONENT,
 * primes...) are wiped first. */
void attr_list_free(attr_list_t *l);
CK_RV attr_list_copy(attr_list_t *dst, const attr_list_t *src);

/* Adds or replaces. CKR_HOST_MEMORY on allocation failure. */
CK_RV attr_list_set(attr_list_t *l, CK_ATTRIBUTE_TYPE type, const void *value,
		    CK_ULONG len);
CK_RV attr_list_set_bool(attr_list_t *l, CK_ATTRIBUTE_TYPE type, CK_BBOOL v);
CK_RV attr_list_set_ulong(attr_list_t *l, CK_ATTRIBUTE_TYPE type, CK_ULONG v);
/* Copies every entry of a caller template (after attr_check_value). */
CK_RV attr_list_set_template(attr_list_t *l, const CK_ATTRIBUTE *tmpl,
			     CK_ULONG count);
void attr_list_remove(attr_list_t *l, CK_ATTRIBUTE_TYPE type);

const attr_t *attr_list_get(const attr_list_t *l, CK_ATTRIBUTE_TYPE type);
/* Typed reads with a default for absent or malformed values. */
CK_BBOOL attr_list_get_bool(const attr_list_t *l, CK_ATTRIBUTE_TYPE type,
			    CK_BBOOL def);
CK_ULONG attr_list_get_ulong(const attr_list_t *l, CK_ATTRIBUTE_TYPE type,
			     CK_ULONG def);

/* Finds a type in a caller template; NULL if absent. */
const CK_ATTRIBUTE *attr_template_find(const CK_ATTRIBUTE *tmpl, CK_ULONG count,
				       CK_ATTRIBUTE_TYPE type);

/* The CK_ULONG held by a caller's template entry whose length
 * attr_check_value() accepted. Read byte-wise: a caller's buffer need not
 * be aligned for a CK_ULONG. */
CK_ULONG attr_template_ulong(const CK_ATTRIBUTE *a);

/* True when every template entry is present in l with an equal value
 * (C_FindObjects semantics; an empty template matches everything). */
int attr_list_matches(const attr_list_t *l, const CK_ATTRIBUTE *tmpl,
		      CK_ULONG count);

/* Canonical, versioned byte encoding for the store. decode rejects
 * truncated or inconsistent input with CKR_GENERAL_ERROR (never reads
 * out of bounds) and leaves *l empty. Like attr_list_copy's dst, *l is
 * an output: it is initialised, not freed, first. */
CK_RV attr_list_encode(const attr_list_t *l, uint8_t **out, size_t *len);
CK_RV attr_list_decode(attr_list_t *l, const uint8_t *in, size_t len);

#endif
