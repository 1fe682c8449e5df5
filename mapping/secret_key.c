/*
 * secret_key.c - secret key objects.
 */
#include "mapping/secret_key.h"

#include <stdlib.h>
#include <string.h>

/* CKA_ALWAYS_SENSITIVE and CKA_NEVER_EXTRACTABLE: a generated key's own
 * history; a derived key's follows its base key (PKCS#11 v2.40 curr
 * 2.3.13, ECDH key derivation). */
static CK_RV history(object_t *o, const secret_key_in_t *in)
{
	CK_BBOOL sensitive = object_bool(o, CKA_SENSITIVE);
	CK_BBOOL extractable = object_bool(o, CKA_EXTRACTABLE);
	CK_BBOOL always = sensitive, never = !extractable;
	CK_RV rv;

	if (in->derived) {
		always = in->base_always_sensitive && sensitive;
		never = in->base_never_extractable && !extractable;
	}
	rv = attr_list_set_bool(&o->attrs, CKA_ALWAYS_SENSITIVE, always);
	if (rv == CKR_OK)
		rv = attr_list_set_bool(&o->attrs, CKA_NEVER_EXTRACTABLE,
					never);
	return rv;
}

static CK_RV values(object_t *o, const secret_key_in_t *in)
{
	CK_RV rv = attr_list_set_ulong(&o->attrs, CKA_KEY_TYPE, in->key_type);

	if (rv == CKR_OK)
		rv = attr_list_set_ulong(&o->attrs, CKA_VALUE_LEN,
					 in->value_len);
	if (rv == CKR_OK)
		rv = attr_list_set_bool(&o->attrs, CKA_LOCAL, !in->derived);
	if (rv == CKR_OK)
		rv = attr_list_set_ulong(&o->attrs, CKA_KEY_GEN_MECHANISM,
					 in->mech);
	if (rv == CKR_OK && in->policy != NULL)
		rv = key_policy_set_secret_attributes(in->policy, &o->attrs);
	if (rv == CKR_OK && in->value != NULL)
		rv = attr_list_set(&o->attrs, CKA_VALUE, in->value,
				   in->value_len);
	if (rv == CKR_OK && in->key_name != NULL) {
		o->key_name = strdup(in->key_name);
		if (o->key_name == NULL)
			rv = CKR_HOST_MEMORY;
	}
	o->session_key = in->session_key;
	return rv;
}

CK_RV secret_key_build(const secret_key_in_t *in, object_t **out)
{
	object_t *o = object_new(CKO_SECRET_KEY);
	CK_RV rv;

	if (o == NULL)
		return CKR_HOST_MEMORY;
	rv = object_apply_template(o, in->tmpl, in->count);
	if (rv == CKR_OK)
		rv = values(o, in);
	if (rv == CKR_OK)
		rv = object_fill_defaults(o);
	if (rv == CKR_OK)
		rv = history(o, in);
	if (rv == CKR_OK)
		rv = attr_list_set_bool(&o->attrs, CKA_COPYABLE, CK_FALSE);
	if (rv != CKR_OK) {
		object_free(o);
		return rv;
	}
	*out = o;
	return CKR_OK;
}
