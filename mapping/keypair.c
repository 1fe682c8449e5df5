/*
 * keypair.c - the objects of a Parsec key.
 */
#include "mapping/keypair.h"

#include <stdlib.h>
#include <string.h>

#include "mapping/pubkey.h"

/* Which derived public values each class reports (PKCS#11 v2.40
 * Tables 35-40: CKA_MODULUS_BITS and CKA_EC_POINT are public-key only). */
static const struct {
	CK_ATTRIBUTE_TYPE type;
	int priv, pub;
} derived[] = {
	{CKA_MODULUS, 1, 1},	  {CKA_PUBLIC_EXPONENT, 1, 1},
	{CKA_MODULUS_BITS, 0, 1}, {CKA_EC_PARAMS, 1, 1},
	{CKA_EC_POINT, 0, 1},	  {CKA_PUBLIC_KEY_INFO, 1, 1},
};

static CK_RV copy_derived(object_t *o, const attr_list_t *values, int is_pub)
{
	const attr_t *a;
	size_t i;
	CK_RV rv = CKR_OK;

	for (i = 0; i < sizeof(derived) / sizeof(derived[0]) && rv == CKR_OK;
	     i++) {
		if (!(is_pub ? derived[i].pub : derived[i].priv))
			continue;
		a = attr_list_get(values, derived[i].type);
		if (a != NULL)
			rv = attr_list_set(&o->attrs, a->type, a->value,
					   a->len);
	}
	return rv;
}

static int empty(const object_t *o, CK_ATTRIBUTE_TYPE type)
{
	const attr_t *a = attr_list_get(&o->attrs, type);

	return a == NULL || a->len == 0;
}

/* What every key object gets whatever its origin. */
static CK_RV common(object_t *o, const keypair_in_t *in, const uint8_t id[20])
{
	int generated = in->origin == KEYPAIR_GENERATED;
	CK_RV rv;

	rv = attr_list_set_ulong(&o->attrs, CKA_KEY_TYPE, in->key_type);
	if (rv == CKR_OK)
		rv = copy_derived(o, in->pub_values, o->cls == CKO_PUBLIC_KEY);
	if (rv == CKR_OK)
		rv = attr_list_set_bool(&o->attrs, CKA_LOCAL, generated);
	if (rv == CKR_OK)
		rv = attr_list_set_ulong(
			&o->attrs, CKA_KEY_GEN_MECHANISM,
			generated ? in->gen_mech : CK_UNAVAILABLE_INFORMATION);
	if (rv == CKR_OK && in->origin == KEYPAIR_ADOPTED) {
		rv = attr_list_set_bool(&o->attrs, CKA_TOKEN, CK_TRUE);
		if (rv == CKR_OK)
			rv = attr_list_set(&o->attrs, CKA_LABEL, in->key_name,
					   strlen(in->key_name));
	}
	if (rv == CKR_OK && in->origin != KEYPAIR_IMPORTED && empty(o, CKA_ID))
		rv = attr_list_set(&o->attrs, CKA_ID, id, 20);
	if (rv == CKR_OK && in->key_name != NULL) {
		o->key_name = strdup(in->key_name);
		if (o->key_name == NULL)
			rv = CKR_HOST_MEMORY;
	}
	o->session_key = in->session_key;
	return rv;
}

static CK_RV private_only(object_t *o, const keypair_in_t *in)
{
	CK_BBOOL sensitive, extractable;
	CK_RV rv;

	if (in->origin == KEYPAIR_ADOPTED)
		rv = attr_list_set_bool(
			&o->attrs, CKA_EXTRACTABLE,
			(in->policy->usage & PARSEC_USAGE_EXPORT) != 0);
	else
		rv = CKR_OK;
	if (rv == CKR_OK)
		rv = object_fill_defaults(o);
	if (rv != CKR_OK)
		return rv;
	sensitive = object_bool(o, CKA_SENSITIVE);
	extractable = object_bool(o, CKA_EXTRACTABLE);
	/* The history of a key made elsewhere is unknown: FALSE is the
	 * answer that cannot mislead (PKCS#11 v2.40 Table 31). */
	rv = attr_list_set_bool(&o->attrs, CKA_ALWAYS_SENSITIVE,
				in->origin == KEYPAIR_GENERATED && sensitive);
	if (rv == CKR_OK)
		rv = attr_list_set_bool(&o->attrs, CKA_NEVER_EXTRACTABLE,
					in->origin == KEYPAIR_GENERATED &&
						!extractable);
	/* Parsec keys cannot be copied: a copy would be a second object
	 * for one key, whose destruction would destroy both. */
	if (rv == CKR_OK)
		rv = attr_list_set_bool(&o->attrs, CKA_COPYABLE, CK_FALSE);
	return rv;
}

static CK_RV build_one(const keypair_in_t *in, CK_OBJECT_CLASS cls,
		       const uint8_t id[20], object_t **out)
{
	int is_pub = cls == CKO_PUBLIC_KEY;
	object_t *o = object_new(cls);
	CK_RV rv;

	if (o == NULL)
		return CKR_HOST_MEMORY;
	rv = object_apply_template(o, is_pub ? in->pub_tmpl : in->priv_tmpl,
				   is_pub ? in->pub_count : in->priv_count);
	if (rv == CKR_OK)
		rv = common(o, in, id);
	if (rv == CKR_OK)
		rv = key_policy_set_attributes(in->policy,
					       is_pub ? NULL : &o->attrs,
					       is_pub ? &o->attrs : NULL);
	if (rv == CKR_OK)
		rv = is_pub ? object_fill_defaults(o) : private_only(o, in);
	if (rv != CKR_OK) {
		object_free(o);
		return rv;
	}
	*out = o;
	return CKR_OK;
}

CK_RV keypair_build(const keypair_in_t *in, object_t **priv, object_t **pub)
{
	uint8_t id[20];
	CK_RV rv;

	*priv = NULL;
	if (pub != NULL)
		*pub = NULL;
	rv = pubkey_id_sha1(in->pub_values, in->key_type, id);
	if (rv != CKR_OK)
		return rv;
	rv = build_one(in, CKO_PRIVATE_KEY, id, priv);
	if (rv == CKR_OK && pub != NULL) {
		rv = build_one(in, CKO_PUBLIC_KEY, id, pub);
		if (rv != CKR_OK) {
			object_free(*priv);
			*priv = NULL;
		}
	}
	return rv;
}

CK_RV keypair_build_public(CK_KEY_TYPE key_type, const attr_list_t *pub_values,
			   const CK_ATTRIBUTE *tmpl, CK_ULONG count,
			   object_t **pub)
{
	object_t *o = object_new(CKO_PUBLIC_KEY);
	/* What the key type can do, unless the template says otherwise. */
	CK_RV rv;

	if (o == NULL)
		return CKR_HOST_MEMORY;
	rv = object_apply_template(o, tmpl, count);
	if (rv == CKR_OK)
		rv = attr_list_set_ulong(&o->attrs, CKA_KEY_TYPE, key_type);
	if (rv == CKR_OK)
		rv = copy_derived(o, pub_values, 1);
	if (rv == CKR_OK && !attr_template_find(tmpl, count, CKA_VERIFY))
		rv = attr_list_set_bool(&o->attrs, CKA_VERIFY, CK_TRUE);
	if (rv == CKR_OK && key_type == CKK_RSA &&
	    !attr_template_find(tmpl, count, CKA_ENCRYPT))
		rv = attr_list_set_bool(&o->attrs, CKA_ENCRYPT, CK_TRUE);
	if (rv == CKR_OK)
		rv = object_fill_defaults(o);
	if (rv != CKR_OK) {
		object_free(o);
		return rv;
	}
	*pub = o;
	return CKR_OK;
}
