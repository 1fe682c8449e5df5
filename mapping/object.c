/*
 * object.c - the attribute rules of PKCS#11 v2.40 §4 as one table.
 *
 * Each row: an attribute, the classes (and key type) that have it, and
 * what may happen to it:
 *   CR  may be given to C_CreateObject      GE  to C_GenerateKeyPair,
 *                                               C_GenerateKey, C_DeriveKey
 *   MO  C_SetAttributeValue may change it   CP  C_CopyObject may change it
 *   SE  sensitive: a private key component or a secret key's value,
 *       never revealed and never kept when Parsec holds it (a secret the
 *       module holds itself follows CKA_SENSITIVE/CKA_EXTRACTABLE)
 *   DE  has a default (object_fill_defaults) when absent
 * Attributes a template may not give (CKA_LOCAL, CKA_ALWAYS_SENSITIVE...)
 * are CKR_ATTRIBUTE_READ_ONLY there (§4.1.1 "read-only attribute").
 */
#include "mapping/object.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/asn1.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#define C_DATA 0x1u
#define C_CERT 0x2u
#define C_PUB 0x4u
#define C_PRIV 0x8u
#define C_SEC 0x10u
#define C_ASYM (C_PUB | C_PRIV)
#define C_KEY (C_PUB | C_PRIV | C_SEC)
#define C_ALL (C_DATA | C_CERT | C_KEY)

#define KT_ANY 0
#define KT_RSA 1
#define KT_EC 2

#define CR 0x01u
#define GE 0x02u
#define MO 0x04u
#define CP 0x08u
#define SE 0x10u

typedef struct attr_rule {
	CK_ATTRIBUTE_TYPE type;
	unsigned classes;
	int key_type;
	unsigned flags;
} attr_rule_t;

static const attr_rule_t rules[] = {
	/* Common storage object attributes (Table 17). */
	{CKA_CLASS, C_ALL, KT_ANY, CR | GE},
	{CKA_TOKEN, C_ALL, KT_ANY, CR | GE | CP},
	{CKA_PRIVATE, C_ALL, KT_ANY, CR | GE | CP},
	{CKA_MODIFIABLE, C_ALL, KT_ANY, CR | GE | CP},
	{CKA_LABEL, C_ALL, KT_ANY, CR | GE | MO | CP},
	{CKA_COPYABLE, C_ALL, KT_ANY, CR | GE | MO | CP},
	{CKA_DESTROYABLE, C_ALL, KT_ANY, CR | GE | MO | CP},
	/* Data objects (Table 19). */
	{CKA_APPLICATION, C_DATA, KT_ANY, CR | MO | CP},
	{CKA_OBJECT_ID, C_DATA, KT_ANY, CR | MO | CP},
	{CKA_VALUE, C_DATA, KT_ANY, CR | MO | CP},
	/* Certificates (Tables 20, 23). */
	{CKA_CERTIFICATE_TYPE, C_CERT, KT_ANY, CR},
	{CKA_TRUSTED, C_CERT, KT_ANY, CR},
	{CKA_CERTIFICATE_CATEGORY, C_CERT, KT_ANY, CR},
	{CKA_CHECK_VALUE, C_CERT, KT_ANY, CR},
	/* A certificate's dates are fixed (Table 20 gives them no footnote
	 * 8); a key's may change (Table 26). */
	{CKA_START_DATE, C_CERT, KT_ANY, CR},
	{CKA_END_DATE, C_CERT, KT_ANY, CR},
	{CKA_START_DATE, C_KEY, KT_ANY, CR | GE | MO | CP},
	{CKA_END_DATE, C_KEY, KT_ANY, CR | GE | MO | CP},
	{CKA_PUBLIC_KEY_INFO, C_CERT | C_PUB, KT_ANY, CR},
	{CKA_PUBLIC_KEY_INFO, C_PRIV, KT_ANY, CR | GE},
	{CKA_SUBJECT, C_CERT, KT_ANY, CR},
	{CKA_ID, C_CERT | C_KEY, KT_ANY, CR | GE | MO | CP},
	{CKA_ISSUER, C_CERT, KT_ANY, CR | MO | CP},
	{CKA_SERIAL_NUMBER, C_CERT, KT_ANY, CR | MO | CP},
	{CKA_VALUE, C_CERT, KT_ANY, CR},
	{CKA_URL, C_CERT, KT_ANY, CR},
	{CKA_HASH_OF_SUBJECT_PUBLIC_KEY, C_CERT, KT_ANY, CR},
	{CKA_HASH_OF_ISSUER_PUBLIC_KEY, C_CERT, KT_ANY, CR},
	{CKA_JAVA_MIDP_SECURITY_DOMAIN, C_CERT, KT_ANY, CR},
	{CKA_NAME_HASH_ALGORITHM, C_CERT, KT_ANY, CR},
	/* Keys (Table 26). */
	{CKA_KEY_TYPE, C_KEY, KT_ANY, CR | GE},
	{CKA_DERIVE, C_KEY, KT_ANY, CR | GE | MO | CP},
	{CKA_LOCAL, C_KEY, KT_ANY, 0},
	{CKA_KEY_GEN_MECHANISM, C_KEY, KT_ANY, 0},
	{CKA_ALLOWED_MECHANISMS, C_KEY, KT_ANY, CR | GE},
	/* Public keys (Table 28). */
	{CKA_SUBJECT, C_ASYM, KT_ANY, CR | GE | MO | CP},
	{CKA_ENCRYPT, C_PUB, KT_ANY, CR | GE | MO | CP},
	{CKA_VERIFY, C_PUB, KT_ANY, CR | GE | MO | CP},
	{CKA_VERIFY_RECOVER, C_PUB, KT_ANY, CR | GE | MO | CP},
	{CKA_WRAP, C_PUB, KT_ANY, CR | GE | MO | CP},
	{CKA_TRUSTED, C_PUB, KT_ANY, CR | GE},
	{CKA_WRAP_TEMPLATE, C_PUB, KT_ANY, 0},
	/* Private keys (Table 31). */
	{CKA_SENSITIVE, C_PRIV, KT_ANY, CR | GE | MO | CP},
	{CKA_DECRYPT, C_PRIV, KT_ANY, CR | GE | MO | CP},
	{CKA_SIGN, C_PRIV, KT_ANY, CR | GE | MO | CP},
	{CKA_SIGN_RECOVER, C_PRIV, KT_ANY, CR | GE | MO | CP},
	{CKA_UNWRAP, C_PRIV, KT_ANY, CR | GE | MO | CP},
	{CKA_EXTRACTABLE, C_PRIV, KT_ANY, CR | GE | MO | CP},
	{CKA_ALWAYS_SENSITIVE, C_PRIV, KT_ANY, 0},
	{CKA_NEVER_EXTRACTABLE, C_PRIV, KT_ANY, 0},
	{CKA_WRAP_WITH_TRUSTED, C_PRIV, KT_ANY, CR | GE},
	{CKA_UNWRAP_TEMPLATE, C_PRIV, KT_ANY, 0},
	{CKA_ALWAYS_AUTHENTICATE, C_PRIV, KT_ANY, CR | GE},
	/* RSA (Tables 35, 36). */
	{CKA_MODULUS, C_PUB, KT_RSA, CR},
	{CKA_MODULUS_BITS, C_PUB, KT_RSA, GE},
	{CKA_PUBLIC_EXPONENT, C_PUB, KT_RSA, CR | GE},
	{CKA_MODULUS, C_PRIV, KT_RSA, CR},
	{CKA_PUBLIC_EXPONENT, C_PRIV, KT_RSA, CR},
	{CKA_PRIVATE_EXPONENT, C_PRIV, KT_RSA, CR | SE},
	{CKA_PRIME_1, C_PRIV, KT_RSA, CR | SE},
	{CKA_PRIME_2, C_PRIV, KT_RSA, CR | SE},
	{CKA_EXPONENT_1, C_PRIV, KT_RSA, CR | SE},
	{CKA_EXPONENT_2, C_PRIV, KT_RSA, CR | SE},
	{CKA_COEFFICIENT, C_PRIV, KT_RSA, CR | SE},
	/* EC (Tables 39, 40). */
	{CKA_EC_PARAMS, C_PUB, KT_EC, CR | GE},
	{CKA_EC_POINT, C_PUB, KT_EC, CR},
	{CKA_EC_PARAMS, C_PRIV, KT_EC, CR},
	{CKA_VALUE, C_PRIV, KT_EC, CR | SE},
	/* Secret keys (Table 32; AES and generic secrets, Tables 48, 57):
	 * made by C_GenerateKey and C_DeriveKey ("GE"). */
	{CKA_SENSITIVE, C_SEC, KT_ANY, CR | GE | MO | CP},
	{CKA_ENCRYPT, C_SEC, KT_ANY, CR | GE | MO | CP},
	{CKA_DECRYPT, C_SEC, KT_ANY, CR | GE | MO | CP},
	{CKA_SIGN, C_SEC, KT_ANY, CR | GE | MO | CP},
	{CKA_VERIFY, C_SEC, KT_ANY, CR | GE | MO | CP},
	{CKA_WRAP, C_SEC, KT_ANY, CR | GE | MO | CP},
	{CKA_UNWRAP, C_SEC, KT_ANY, CR | GE | MO | CP},
	{CKA_EXTRACTABLE, C_SEC, KT_ANY, CR | GE | MO | CP},
	{CKA_ALWAYS_SENSITIVE, C_SEC, KT_ANY, 0},
	{CKA_NEVER_EXTRACTABLE, C_SEC, KT_ANY, 0},
	{CKA_WRAP_WITH_TRUSTED, C_SEC, KT_ANY, CR | GE},
	{CKA_TRUSTED, C_SEC, KT_ANY, CR | GE},
	{CKA_VALUE, C_SEC, KT_ANY, CR | SE},
	{CKA_VALUE_LEN, C_SEC, KT_ANY, CR | GE},
};
#define N_RULES (sizeof(rules) / sizeof(rules[0]))

static unsigned class_bit(CK_OBJECT_CLASS cls)
{
	switch (cls) {
	case CKO_DATA:
		return C_DATA;
	case CKO_CERTIFICATE:
		return C_CERT;
	case CKO_PUBLIC_KEY:
		return C_PUB;
	case CKO_PRIVATE_KEY:
		return C_PRIV;
	case CKO_SECRET_KEY:
		return C_SEC;
	default:
		return 0;
	}
}

static int kt_code(CK_KEY_TYPE kt)
{
	return kt == CKK_RSA ? KT_RSA : kt == CKK_EC ? KT_EC : -1;
}

static const attr_rule_t *rule_find(CK_OBJECT_CLASS cls, CK_KEY_TYPE kt,
				    CK_ATTRIBUTE_TYPE type)
{
	unsigned bit = class_bit(cls);
	size_t i;

	for (i = 0; i < N_RULES; i++)
		if (rules[i].type == type && (rules[i].classes & bit) &&
		    (rules[i].key_type == KT_ANY ||
		     rules[i].key_type == kt_code(kt)))
			return &rules[i];
	return NULL;
}

object_t *object_new(CK_OBJECT_CLASS cls)
{
	object_t *o = calloc(1, sizeof(*o));

	if (o == NULL)
		return NULL;
	o->cls = cls;
	attr_list_init(&o->attrs);
	if (attr_list_set_ulong(&o->attrs, CKA_CLASS, cls) != CKR_OK) {
		object_free(o);
		return NULL;
	}
	return o;
}

void object_free(object_t *o)
{
	if (o == NULL)
		return;
	attr_list_free(&o->attrs);
	free(o->key_name);
	free(o);
}

object_t *object_dup(const object_t *o)
{
	object_t *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return NULL;
	*c = *o;
	c->key_name = NULL;
	attr_list_init(&c->attrs);
	if ((o->key_name != NULL &&
	     (c->key_name = strdup(o->key_name)) == NULL) ||
	    attr_list_copy(&c->attrs, &o->attrs) != CKR_OK) {
		object_free(c);
		return NULL;
	}
	return c;
}

CK_BBOOL object_bool(const object_t *o, CK_ATTRIBUTE_TYPE type)
{
	return attr_list_get_bool(&o->attrs, type, CK_FALSE);
}

CK_KEY_TYPE object_key_type(const object_t *o)
{
	return attr_list_get_ulong(&o->attrs, CKA_KEY_TYPE,
				   CK_UNAVAILABLE_INFORMATION);
}

static int hidden_component(const object_t *o, const attr_rule_t *r)
{
	if (r == NULL || !(r->flags & SE))
		return 0;
	/* A secret the module itself holds (a derived session key) is
	 * readable when it is not sensitive and is extractable (PKCS#11
	 * v2.40 Table 32 footnotes 8, 11). */
	if (o->cls == CKO_SECRET_KEY && r->type == CKA_VALUE)
		return object_bool(o, CKA_SENSITIVE) ||
		       !object_bool(o, CKA_EXTRACTABLE) ||
		       attr_list_get(&o->attrs, CKA_VALUE) == NULL;
	/* Private components and secrets in Parsec live there only; even
	 * a non-sensitive, extractable key does not reveal them here (see
	 * README). */
	return 1;
}

CK_RV object_get_attributes(const object_t *o, CK_ATTRIBUTE *tmpl,
			    CK_ULONG count)
{
	CK_KEY_TYPE kt = object_key_type(o);
	CK_RV rv = CKR_OK, this;
	CK_ULONG i;

	for (i = 0; i < count; i++) {
		const attr_rule_t *r = rule_find(o->cls, kt, tmpl[i].type);
		const attr_t *a = attr_list_get(&o->attrs, tmpl[i].type);
		CK_ULONG len = a != NULL ? a->len : 0;

		this = CKR_OK;
		if (r == NULL && a == NULL)
			this = CKR_ATTRIBUTE_TYPE_INVALID;
		else if (hidden_component(o, r))
			this = CKR_ATTRIBUTE_SENSITIVE;
		else if (tmpl[i].pValue == NULL)
			tmpl[i].ulValueLen = len;
		else if (tmpl[i].ulValueLen < len)
			this = CKR_BUFFER_TOO_SMALL;
		else {
			if (len > 0)
				memcpy(tmpl[i].pValue, a->value, len);
			tmpl[i].ulValueLen = len;
		}
		if (this != CKR_OK) {
			tmpl[i].ulValueLen = CK_UNAVAILABLE_INFORMATION;
			if (rv == CKR_OK)
				rv = this;
		}
	}
	return rv;
}

/* A CK_ULONG of a caller's template: its buffer need not be aligned. */
static unsigned op_flag(object_op_t op)
{
	switch (op) {
	case OBJECT_OP_CREATE:
		return CR;
	case OBJECT_OP_GENERATE:
		return GE;
	case OBJECT_OP_COPY:
		return CP;
	default:
		return MO;
	}
}

CK_RV object_check_template(CK_OBJECT_CLASS cls, CK_KEY_TYPE key_type,
			    object_op_t op, const CK_ATTRIBUTE *tmpl,
			    CK_ULONG count)
{
	const attr_rule_t *r;
	CK_ULONG i;
	CK_RV rv;

	if (count > 0 && tmpl == NULL)
		return CKR_ARGUMENTS_BAD;
	for (i = 0; i < count; i++) {
		r = rule_find(cls, key_type, tmpl[i].type);
		if (r == NULL)
			return CKR_ATTRIBUTE_TYPE_INVALID;
		if (!(r->flags & op_flag(op)))
			return CKR_ATTRIBUTE_READ_ONLY;
		if (tmpl[i].pValue == NULL && tmpl[i].ulValueLen > 0)
			return CKR_ATTRIBUTE_VALUE_INVALID;
		rv = attr_check_value(tmpl[i].type, tmpl[i].pValue,
				      tmpl[i].ulValueLen);
		if (rv != CKR_OK)
			return rv;
		if (tmpl[i].type == CKA_CLASS &&
		    attr_template_ulong(&tmpl[i]) != cls)
			return CKR_TEMPLATE_INCONSISTENT;
		if (tmpl[i].type == CKA_KEY_TYPE &&
		    attr_template_ulong(&tmpl[i]) != key_type)
			return CKR_TEMPLATE_INCONSISTENT;
		/* No operation needs a context-specific login here. */
		if (tmpl[i].type == CKA_ALWAYS_AUTHENTICATE &&
		    *(const CK_BBOOL *)tmpl[i].pValue)
			return CKR_ATTRIBUTE_VALUE_INVALID;
	}
	return CKR_OK;
}

CK_RV object_apply_template(object_t *o, const CK_ATTRIBUTE *tmpl,
			    CK_ULONG count)
{
	CK_KEY_TYPE kt = CK_UNAVAILABLE_INFORMATION;
	const CK_ATTRIBUTE *a;
	CK_ULONG i;
	CK_RV rv;

	a = attr_template_find(tmpl, count, CKA_KEY_TYPE);
	if (a != NULL && a->pValue != NULL && a->ulValueLen == sizeof(kt))
		kt = attr_template_ulong(a);
	for (i = 0; i < count; i++) {
		if (hidden_component(o, rule_find(o->cls, kt, tmpl[i].type)))
			continue;
		rv = attr_list_set(&o->attrs, tmpl[i].type, tmpl[i].pValue,
				   tmpl[i].ulValueLen);
		if (rv != CKR_OK)
			return rv;
	}
	return CKR_OK;
}

typedef struct default_row {
	unsigned classes;
	CK_ATTRIBUTE_TYPE type;
	attr_kind_t kind;
	CK_ULONG value;
} default_row_t;

/* Defaults of absent attributes. Byte strings default to empty. The
 * token-specific defaults chosen here: CKA_PRIVATE TRUE for private keys
 * only; CKA_SENSITIVE TRUE; CKA_EXTRACTABLE FALSE; CKA_COPYABLE TRUE
 * (the catalog sets FALSE on Parsec private keys). */
static const default_row_t defaults[] = {
	{C_ALL, CKA_TOKEN, ATTR_KIND_BOOL, CK_FALSE},
	{C_DATA | C_CERT | C_PUB, CKA_PRIVATE, ATTR_KIND_BOOL, CK_FALSE},
	{C_PRIV, CKA_PRIVATE, ATTR_KIND_BOOL, CK_TRUE},
	{C_ALL, CKA_MODIFIABLE, ATTR_KIND_BOOL, CK_TRUE},
	{C_ALL, CKA_LABEL, ATTR_KIND_BYTES, 0},
	{C_ALL, CKA_COPYABLE, ATTR_KIND_BOOL, CK_TRUE},
	{C_ALL, CKA_DESTROYABLE, ATTR_KIND_BOOL, CK_TRUE},
	{C_DATA, CKA_APPLICATION, ATTR_KIND_BYTES, 0},
	{C_DATA, CKA_OBJECT_ID, ATTR_KIND_BYTES, 0},
	{C_DATA, CKA_VALUE, ATTR_KIND_BYTES, 0},
	{C_CERT, CKA_TRUSTED, ATTR_KIND_BOOL, CK_FALSE},
	{C_CERT, CKA_CERTIFICATE_CATEGORY, ATTR_KIND_ULONG,
	 0 /* CK_CERTIFICATE_CATEGORY_UNSPECIFIED */},
	{C_CERT | C_KEY, CKA_START_DATE, ATTR_KIND_BYTES, 0},
	{C_CERT | C_KEY, CKA_END_DATE, ATTR_KIND_BYTES, 0},
	{C_CERT | C_KEY, CKA_ID, ATTR_KIND_BYTES, 0},
	{C_CERT, CKA_URL, ATTR_KIND_BYTES, 0},
	{C_CERT, CKA_HASH_OF_SUBJECT_PUBLIC_KEY, ATTR_KIND_BYTES, 0},
	{C_CERT, CKA_HASH_OF_ISSUER_PUBLIC_KEY, ATTR_KIND_BYTES, 0},
	{C_CERT, CKA_JAVA_MIDP_SECURITY_DOMAIN, ATTR_KIND_ULONG, 0},
	{C_CERT, CKA_NAME_HASH_ALGORITHM, ATTR_KIND_ULONG, CKM_SHA_1},
	{C_ASYM, CKA_SUBJECT, ATTR_KIND_BYTES, 0},
	{C_KEY, CKA_DERIVE, ATTR_KIND_BOOL, CK_FALSE},
	{C_KEY, CKA_LOCAL, ATTR_KIND_BOOL, CK_FALSE},
	{C_KEY, CKA_KEY_GEN_MECHANISM, ATTR_KIND_ULONG,
	 CK_UNAVAILABLE_INFORMATION},
	{C_PUB, CKA_ENCRYPT, ATTR_KIND_BOOL, CK_FALSE},
	{C_PUB, CKA_VERIFY, ATTR_KIND_BOOL, CK_FALSE},
	{C_PUB, CKA_VERIFY_RECOVER, ATTR_KIND_BOOL, CK_FALSE},
	{C_PUB, CKA_WRAP, ATTR_KIND_BOOL, CK_FALSE},
	{C_PUB, CKA_TRUSTED, ATTR_KIND_BOOL, CK_FALSE},
	{C_PRIV, CKA_SENSITIVE, ATTR_KIND_BOOL, CK_TRUE},
	{C_PRIV, CKA_DECRYPT, ATTR_KIND_BOOL, CK_FALSE},
	{C_PRIV, CKA_SIGN, ATTR_KIND_BOOL, CK_FALSE},
	{C_PRIV, CKA_SIGN_RECOVER, ATTR_KIND_BOOL, CK_FALSE},
	{C_PRIV, CKA_UNWRAP, ATTR_KIND_BOOL, CK_FALSE},
	{C_PRIV, CKA_EXTRACTABLE, ATTR_KIND_BOOL, CK_FALSE},
	{C_PRIV, CKA_ALWAYS_SENSITIVE, ATTR_KIND_BOOL, CK_FALSE},
	{C_PRIV, CKA_NEVER_EXTRACTABLE, ATTR_KIND_BOOL, CK_FALSE},
	{C_PRIV, CKA_WRAP_WITH_TRUSTED, ATTR_KIND_BOOL, CK_FALSE},
	{C_PRIV, CKA_ALWAYS_AUTHENTICATE, ATTR_KIND_BOOL, CK_FALSE},
	{C_SEC, CKA_PRIVATE, ATTR_KIND_BOOL, CK_TRUE},
	{C_SEC, CKA_SENSITIVE, ATTR_KIND_BOOL, CK_TRUE},
	{C_SEC, CKA_ENCRYPT, ATTR_KIND_BOOL, CK_FALSE},
	{C_SEC, CKA_DECRYPT, ATTR_KIND_BOOL, CK_FALSE},
	{C_SEC, CKA_SIGN, ATTR_KIND_BOOL, CK_FALSE},
	{C_SEC, CKA_VERIFY, ATTR_KIND_BOOL, CK_FALSE},
	{C_SEC, CKA_WRAP, ATTR_KIND_BOOL, CK_FALSE},
	{C_SEC, CKA_UNWRAP, ATTR_KIND_BOOL, CK_FALSE},
	{C_SEC, CKA_EXTRACTABLE, ATTR_KIND_BOOL, CK_FALSE},
	{C_SEC, CKA_ALWAYS_SENSITIVE, ATTR_KIND_BOOL, CK_FALSE},
	{C_SEC, CKA_NEVER_EXTRACTABLE, ATTR_KIND_BOOL, CK_FALSE},
	{C_SEC, CKA_WRAP_WITH_TRUSTED, ATTR_KIND_BOOL, CK_FALSE},
	{C_SEC, CKA_TRUSTED, ATTR_KIND_BOOL, CK_FALSE},
};

CK_RV object_fill_defaults(object_t *o)
{
	unsigned bit = class_bit(o->cls);
	CK_RV rv = CKR_OK;
	size_t i;

	for (i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++) {
		const default_row_t *d = &defaults[i];

		if (!(d->classes & bit) ||
		    attr_list_get(&o->attrs, d->type) != NULL)
			continue;
		if (d->kind == ATTR_KIND_BOOL)
			rv = attr_list_set_bool(&o->attrs, d->type,
						(CK_BBOOL)d->value);
		else if (d->kind == ATTR_KIND_ULONG)
			rv = attr_list_set_ulong(&o->attrs, d->type, d->value);
		else
			rv = attr_list_set(&o->attrs, d->type, NULL, 0);
		if (rv != CKR_OK)
			break;
	}
	return rv;
}

static int is_usage(CK_ATTRIBUTE_TYPE type)
{
	static const CK_ATTRIBUTE_TYPE usage[] = {
		CKA_SIGN,	  CKA_DECRYPT,	      CKA_DERIVE,
		CKA_UNWRAP,	  CKA_VERIFY,	      CKA_ENCRYPT,
		CKA_SIGN_RECOVER, CKA_VERIFY_RECOVER, CKA_WRAP,
	};
	size_t i;

	for (i = 0; i < sizeof(usage) / sizeof(usage[0]); i++)
		if (usage[i] == type)
			return 1;
	return 0;
}

/* The one-way attributes of PKCS#11 v2.40 Table 31 footnote 11 and
 * §4.4 (CKA_COPYABLE): a change the other way is a read-only attribute. */
static CK_RV one_way(const object_t *o, const CK_ATTRIBUTE *a)
{
	CK_BBOOL now, want = *(const CK_BBOOL *)a->pValue;

	if (a->type != CKA_SENSITIVE && a->type != CKA_EXTRACTABLE &&
	    a->type != CKA_COPYABLE && !is_usage(a->type))
		return CKR_OK;
	now = object_bool(o, a->type);
	if (want == now)
		return CKR_OK;
	if (a->type == CKA_SENSITIVE)
		return want ? CKR_OK : CKR_ATTRIBUTE_READ_ONLY;
	if (a->type == CKA_EXTRACTABLE || a->type == CKA_COPYABLE)
		return want ? CKR_ATTRIBUTE_READ_ONLY : CKR_OK;
	/* Usage of a Parsec key may only narrow: its policy is fixed. */
	if (o->key_name != NULL && want)
		return CKR_ATTRIBUTE_VALUE_INVALID;
	return CKR_OK;
}

CK_RV object_changed_attributes(const object_t *o, object_op_t op,
				const CK_ATTRIBUTE *tmpl, CK_ULONG count,
				attr_list_t *out)
{
	CK_ULONG i;
	CK_RV rv;

	/* PKCS#11 v2.40 §4.4: CKA_MODIFIABLE / CKA_COPYABLE FALSE make
	 * these calls CKR_ACTION_PROHIBITED. */
	if (op == OBJECT_OP_SET && !object_bool(o, CKA_MODIFIABLE))
		return CKR_ACTION_PROHIBITED;
	if (op == OBJECT_OP_COPY && !object_bool(o, CKA_COPYABLE))
		return CKR_ACTION_PROHIBITED;
	rv = object_check_template(o->cls, object_key_type(o), op, tmpl, count);
	if (rv != CKR_OK)
		return rv;
	for (i = 0; i < count; i++) {
		if (attr_kind(tmpl[i].type) == ATTR_KIND_BOOL) {
			rv = one_way(o, &tmpl[i]);
			if (rv != CKR_OK)
				return rv;
		}
	}
	attr_list_init(out);
	rv = attr_list_copy(out, &o->attrs);
	if (rv == CKR_OK)
		rv = attr_list_set_template(out, tmpl, count);
	if (rv != CKR_OK)
		attr_list_free(out);
	return rv;
}

static CK_RV set_der(attr_list_t *l, CK_ATTRIBUTE_TYPE type, int len,
		     unsigned char *der)
{
	CK_RV rv;

	if (len <= 0)
		return CKR_ATTRIBUTE_VALUE_INVALID;
	rv = attr_list_set(l, type, der, (CK_ULONG)len);
	OPENSSL_free(der);
	return rv;
}

static int absent_or_empty(const object_t *o, CK_ATTRIBUTE_TYPE type)
{
	const attr_t *a = attr_list_get(&o->attrs, type);

	return a == NULL || a->len == 0;
}

CK_RV object_certificate_derive(object_t *o)
{
	const attr_t *v = attr_list_get(&o->attrs, CKA_VALUE);
	const attr_t *check = attr_list_get(&o->attrs, CKA_CHECK_VALUE);
	const unsigned char *p;
	unsigned char *der;
	unsigned char md[SHA_DIGEST_LENGTH];
	X509 *x;
	int n;
	CK_RV rv = CKR_OK;

	if (v == NULL || v->len == 0)
		return CKR_TEMPLATE_INCOMPLETE;
	p = v->value;
	x = d2i_X509(NULL, &p, (long)v->len);
	if (x == NULL || p != v->value + v->len) {
		X509_free(x);
		return CKR_ATTRIBUTE_VALUE_INVALID;
	}
	/* CKA_CHECK_VALUE: the first three bytes of the SHA-1 of the
	 * value (PKCS#11 v2.40 §4.6.3). */
	SHA1(v->value, v->len, md);
	if (check != NULL && check->len > 0 &&
	    (check->len != 3 || memcmp(check->value, md, 3) != 0))
		rv = CKR_ATTRIBUTE_VALUE_INVALID;
	if (rv == CKR_OK)
		rv = attr_list_set(&o->attrs, CKA_CHECK_VALUE, md, 3);
	if (rv == CKR_OK && absent_or_empty(o, CKA_SUBJECT)) {
		der = NULL;
		n = i2d_X509_NAME(X509_get_subject_name(x), &der);
		rv = set_der(&o->attrs, CKA_SUBJECT, n, der);
	}
	if (rv == CKR_OK && absent_or_empty(o, CKA_ISSUER)) {
		der = NULL;
		n = i2d_X509_NAME(X509_get_issuer_name(x), &der);
		rv = set_der(&o->attrs, CKA_ISSUER, n, der);
	}
	if (rv == CKR_OK && absent_or_empty(o, CKA_SERIAL_NUMBER)) {
		der = NULL;
		n = i2d_ASN1_INTEGER(X509_get0_serialNumber(x), &der);
		rv = set_der(&o->attrs, CKA_SERIAL_NUMBER, n, der);
	}
	if (rv == CKR_OK && absent_or_empty(o, CKA_PUBLIC_KEY_INFO)) {
		der = NULL;
		n = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(x), &der);
		rv = set_der(&o->attrs, CKA_PUBLIC_KEY_INFO, n, der);
	}
	X509_free(x);
	return rv;
}

CK_ULONG object_size(const object_t *o)
{
	uint8_t *buf = NULL;
	size_t len = 0;

	if (attr_list_encode(&o->attrs, &buf, &len) != CKR_OK)
		return CK_UNAVAILABLE_INFORMATION;
	/* The encoding holds a secret key's CKA_VALUE when the module
	 * holds it (a derived session key). */
	explicit_bzero(buf, len);
	free(buf);
	return (CK_ULONG)len;
}
