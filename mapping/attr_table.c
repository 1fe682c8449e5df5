/*
 * attr_table.c - what kind of value each PKCS#11 attribute type holds.
 *
 * One row per standard attribute of PKCS#11 v2.40 that an object of this
 * module can carry (section 4 of the base specification). "wipe" marks
 * values that may be secret key material: they are zeroed before free.
 * Template-valued attributes (CKA_WRAP_TEMPLATE...) and vendor types are
 * absent on purpose: the module does not store them, except its own
 * CKA_PARSEC_POLICY.
 */
#include <stddef.h>
#include <string.h>

#include "mapping/attr_list.h"

typedef struct attr_info {
	CK_ATTRIBUTE_TYPE type;
	const char *name;
	attr_kind_t kind;
	int wipe;
} attr_info_t;

#define ROW(t, k, w)                                                           \
	{                                                                      \
		t, #t, ATTR_KIND_##k, w                                        \
	}

static const attr_info_t attr_table[] = {
	/* Common object and storage attributes (4.4, 4.5). */
	ROW(CKA_CLASS, ULONG, 0),
	ROW(CKA_TOKEN, BOOL, 0),
	ROW(CKA_PRIVATE, BOOL, 0),
	ROW(CKA_LABEL, BYTES, 0),
	ROW(CKA_MODIFIABLE, BOOL, 0),
	ROW(CKA_COPYABLE, BOOL, 0),
	ROW(CKA_DESTROYABLE, BOOL, 0),
	/* Data objects (4.5). */
	ROW(CKA_APPLICATION, BYTES, 0),
	ROW(CKA_OBJECT_ID, BYTES, 0),
	/* CKA_VALUE is a secret key's bytes for CKO_SECRET_KEY. */
	ROW(CKA_VALUE, BYTES, 1),
	/* Certificates (4.6). */
	ROW(CKA_CERTIFICATE_TYPE, ULONG, 0),
	ROW(CKA_TRUSTED, BOOL, 0),
	ROW(CKA_CERTIFICATE_CATEGORY, ULONG, 0),
	ROW(CKA_CHECK_VALUE, BYTES, 0),
	ROW(CKA_ISSUER, BYTES, 0),
	ROW(CKA_SERIAL_NUMBER, BYTES, 0),
	ROW(CKA_AC_ISSUER, BYTES, 0),
	ROW(CKA_OWNER, BYTES, 0),
	ROW(CKA_ATTR_TYPES, BYTES, 0),
	ROW(CKA_JAVA_MIDP_SECURITY_DOMAIN, ULONG, 0),
	ROW(CKA_URL, BYTES, 0),
	ROW(CKA_HASH_OF_SUBJECT_PUBLIC_KEY, BYTES, 0),
	ROW(CKA_HASH_OF_ISSUER_PUBLIC_KEY, BYTES, 0),
	ROW(CKA_NAME_HASH_ALGORITHM, ULONG, 0),
	/* Keys (4.7 - 4.10). */
	ROW(CKA_KEY_TYPE, ULONG, 0),
	ROW(CKA_SUBJECT, BYTES, 0),
	ROW(CKA_ID, BYTES, 0),
	ROW(CKA_SENSITIVE, BOOL, 0),
	ROW(CKA_ENCRYPT, BOOL, 0),
	ROW(CKA_DECRYPT, BOOL, 0),
	ROW(CKA_WRAP, BOOL, 0),
	ROW(CKA_UNWRAP, BOOL, 0),
	ROW(CKA_SIGN, BOOL, 0),
	ROW(CKA_SIGN_RECOVER, BOOL, 0),
	ROW(CKA_VERIFY, BOOL, 0),
	ROW(CKA_VERIFY_RECOVER, BOOL, 0),
	ROW(CKA_DERIVE, BOOL, 0),
	ROW(CKA_START_DATE, DATE, 0),
	ROW(CKA_END_DATE, DATE, 0),
	ROW(CKA_LOCAL, BOOL, 0),
	ROW(CKA_KEY_GEN_MECHANISM, ULONG, 0),
	ROW(CKA_ALLOWED_MECHANISMS, MECH_ARRAY, 0),
	ROW(CKA_PUBLIC_KEY_INFO, BYTES, 0),
	ROW(CKA_EXTRACTABLE, BOOL, 0),
	ROW(CKA_NEVER_EXTRACTABLE, BOOL, 0),
	ROW(CKA_ALWAYS_SENSITIVE, BOOL, 0),
	ROW(CKA_WRAP_WITH_TRUSTED, BOOL, 0),
	ROW(CKA_ALWAYS_AUTHENTICATE, BOOL, 0),
	ROW(CKA_VALUE_BITS, ULONG, 0),
	ROW(CKA_VALUE_LEN, ULONG, 0),
	/* RSA (2.1 of the current mechanisms specification). */
	ROW(CKA_MODULUS, BYTES, 0),
	ROW(CKA_MODULUS_BITS, ULONG, 0),
	ROW(CKA_PUBLIC_EXPONENT, BYTES, 0),
	ROW(CKA_PRIVATE_EXPONENT, BYTES, 1),
	ROW(CKA_PRIME_1, BYTES, 1),
	ROW(CKA_PRIME_2, BYTES, 1),
	ROW(CKA_EXPONENT_1, BYTES, 1),
	ROW(CKA_EXPONENT_2, BYTES, 1),
	ROW(CKA_COEFFICIENT, BYTES, 1),
	/* DSA and Diffie-Hellman domain parameters (public). */
	ROW(CKA_PRIME, BYTES, 0),
	ROW(CKA_SUBPRIME, BYTES, 0),
	ROW(CKA_BASE, BYTES, 0),
	ROW(CKA_PRIME_BITS, ULONG, 0),
	ROW(CKA_SUB_PRIME_BITS, ULONG, 0),
	/* Elliptic curves. */
	ROW(CKA_EC_PARAMS, BYTES, 0),
	ROW(CKA_EC_POINT, BYTES, 0),
	/* Vendor-defined (mapping/key_policy.h). */
	ROW(CKA_PARSEC_POLICY, ULONG, 0),
};

static const attr_info_t *attr_info(CK_ATTRIBUTE_TYPE type)
{
	size_t i;

	for (i = 0; i < sizeof(attr_table) / sizeof(attr_table[0]); i++)
		if (attr_table[i].type == type)
			return &attr_table[i];
	return NULL;
}

attr_kind_t attr_kind(CK_ATTRIBUTE_TYPE type)
{
	const attr_info_t *info = attr_info(type);

	return info ? info->kind : ATTR_KIND_UNKNOWN;
}

const char *attr_name(CK_ATTRIBUTE_TYPE type)
{
	const attr_info_t *info = attr_info(type);

	return info ? info->name : NULL;
}

int attr_type_by_name(const char *name, CK_ATTRIBUTE_TYPE *type)
{
	size_t i;

	for (i = 0; i < sizeof(attr_table) / sizeof(attr_table[0]); i++)
		if (strcmp(attr_table[i].name, name) == 0) {
			*type = attr_table[i].type;
			return 1;
		}
	return 0;
}

int attr_wiped_on_free(CK_ATTRIBUTE_TYPE type)
{
	const attr_info_t *info = attr_info(type);

	return info ? info->wipe : 0;
}
