/*
 * object.h - one PKCS#11 object, and the attribute rules of PKCS#11
 * v2.40 §4 as a table: per class (and key type), which attributes exist,
 * which a template may give when creating, generating or copying, which
 * C_SetAttributeValue may change, and which are sensitive.
 *
 * An object keeps every attribute it reports in one attr_list_t, so
 * C_GetAttributeValue is a lookup: public-key values are derived once
 * (mapping/pubkey.h) when the object is made or adopted. Private key
 * components are never kept: Parsec holds them.
 */
#ifndef MAPPING_OBJECT_H
#define MAPPING_OBJECT_H

#include <stdint.h>

#include <p11-kit/pkcs11.h>

#include "mapping/attr_list.h"

typedef struct object {
	CK_OBJECT_HANDLE handle;
	int64_t store_id; /* store row; 0 for session objects */
	char *key_name;	  /* the Parsec key, or NULL (store-only object) */
	int session_key;  /* the Parsec key dies with its session */
	CK_OBJECT_CLASS cls;
	CK_SESSION_HANDLE owner; /* creating session (session objects) */
	int hidden;		 /* its Parsec key vanished */
	attr_list_t attrs;
} object_t;

/* What a template is for; each allows different attributes. */
typedef enum object_op {
	OBJECT_OP_CREATE = 0, /* C_CreateObject */
	OBJECT_OP_GENERATE, /* C_GenerateKeyPair, C_GenerateKey, C_DeriveKey */
	OBJECT_OP_COPY,	    /* C_CopyObject */
	OBJECT_OP_SET,	    /* C_SetAttributeValue */
} object_op_t;

object_t *object_new(CK_OBJECT_CLASS cls);
void object_free(object_t *o);
/* A deep copy (handle and store id included). NULL on allocation
 * failure. */
object_t *object_dup(const object_t *o);

CK_BBOOL object_bool(const object_t *o, CK_ATTRIBUTE_TYPE type);
CK_KEY_TYPE object_key_type(const object_t *o);
#define object_is_token(o) object_bool((o), CKA_TOKEN)
#define object_is_private(o) object_bool((o), CKA_PRIVATE)

/* C_GetAttributeValue of PKCS#11 v2.40 §5.7 on one object: every entry
 * of the template is processed; CKR_ATTRIBUTE_SENSITIVE,
 * CKR_ATTRIBUTE_TYPE_INVALID and CKR_BUFFER_TOO_SMALL set that entry's
 * length to CK_UNAVAILABLE_INFORMATION and the first of them met is
 * returned (the spec lets any be returned). */
CK_RV object_get_attributes(const object_t *o, CK_ATTRIBUTE *tmpl,
			    CK_ULONG count);

/* Checks a template for an operation on a class (and key type: CKK_RSA,
 * CKK_EC, or (CK_KEY_TYPE)-1 for classes without one): each type known
 * for that class and allowed for that operation, each value well-formed.
 * CKR_ATTRIBUTE_TYPE_INVALID, CKR_ATTRIBUTE_READ_ONLY,
 * CKR_ATTRIBUTE_VALUE_INVALID or CKR_TEMPLATE_INCONSISTENT (a CKA_CLASS
 * or CKA_KEY_TYPE that differs). */
CK_RV object_check_template(CK_OBJECT_CLASS cls, CK_KEY_TYPE key_type,
			    object_op_t op, const CK_ATTRIBUTE *tmpl,
			    CK_ULONG count);

/* Copies the storable entries of a checked template into o->attrs
 * (private key components are left out), then fills every absent
 * attribute of the class with its default. */
CK_RV object_apply_template(object_t *o, const CK_ATTRIBUTE *tmpl,
			    CK_ULONG count);
CK_RV object_fill_defaults(object_t *o);

/* C_SetAttributeValue / C_CopyObject: the new attribute list the template
 * gives the object, applying PKCS#11's change rules (CKA_SENSITIVE only
 * to TRUE, CKA_EXTRACTABLE and CKA_COPYABLE only to FALSE, usage of a
 * Parsec key only narrowed). CKR_ACTION_PROHIBITED when the object is
 * not modifiable (or, for a copy, not copyable). */
CK_RV object_changed_attributes(const object_t *o, object_op_t op,
				const CK_ATTRIBUTE *tmpl, CK_ULONG count,
				attr_list_t *out);

/* A certificate's derived attributes from its CKA_VALUE (DER X.509):
 * CKA_SUBJECT, CKA_ISSUER, CKA_SERIAL_NUMBER when absent,
 * CKA_PUBLIC_KEY_INFO and CKA_CHECK_VALUE. CKR_ATTRIBUTE_VALUE_INVALID
 * when the value is not a certificate. */
CK_RV object_certificate_derive(object_t *o);

/* C_GetObjectSize: the size of the object's stored form. */
CK_ULONG object_size(const object_t *o);

#endif
