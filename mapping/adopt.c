/*
 * adopt.c - store rows and Parsec keys become the token objects.
 */
#include "mapping/adopt.h"

#include <stdlib.h>
#include <string.h>

#include "mapping/catalog.h"
#include "mapping/keypair.h"
#include "mapping/pubkey.h"

int adopt_is_session_name(const char *name)
{
	return strncmp(name, ADOPT_SESSION_PREFIX,
		       strlen(ADOPT_SESSION_PREFIX)) == 0;
}

CK_KEY_TYPE adopt_key_type(parsec_key_type_t type)
{
	switch (type) {
	case PARSEC_KEY_TYPE_RSA_KEY_PAIR:
	case PARSEC_KEY_TYPE_RSA_PUBLIC_KEY:
		return CKK_RSA;
	case PARSEC_KEY_TYPE_ECC_KEY_PAIR:
	case PARSEC_KEY_TYPE_ECC_PUBLIC_KEY:
		return CKK_EC;
	default:
		return CK_UNAVAILABLE_INFORMATION;
	}
}

static CK_RV list_rows(store_t *st, const store_scope_t *scope,
		       uint8_t provider, store_object_t **rows, size_t *n)
{
	store_rc_t src = store_list_objects(st, scope, provider, rows, n);

	if (src == STORE_OK)
		return CKR_OK;
	parsec_log(PARSEC_LOG_ERROR, "cannot read the store: %s",
		   store_rc_message(src));
	return CKR_DEVICE_ERROR;
}

static int row_has_key(const store_object_t *rows, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (rows[i].key_name != NULL &&
		    strcmp(rows[i].key_name, name) == 0)
			return 1;
	return 0;
}

/* Builds and stores the objects of one adopted key. */
static CK_RV adopt_one(store_t *st, const store_scope_t *scope,
		       uint8_t provider, const parsec_key_info_t *k,
		       const parsec_buffer_t *exported)
{
	CK_KEY_TYPE kt = adopt_key_type(k->attributes.type);
	int pair = k->attributes.type == PARSEC_KEY_TYPE_RSA_KEY_PAIR ||
		   k->attributes.type == PARSEC_KEY_TYPE_ECC_KEY_PAIR;
	attr_list_t values = ATTR_LIST_INIT;
	key_policy_t policy;
	keypair_in_t in;
	object_t *priv = NULL, *pub = NULL;
	store_object_t rows[2];
	size_t n = 0;
	store_rc_t src;
	CK_RV rv;

	memset(rows, 0, sizeof(rows));
	rv = pubkey_from_export(&k->attributes, exported->data, exported->len,
				&values);
	if (rv != CKR_OK)
		goto out;
	key_policy_from_parsec(kt, &k->attributes, &policy);
	memset(&in, 0, sizeof(in));
	in.origin = KEYPAIR_ADOPTED;
	in.key_type = kt;
	in.key_name = k->name;
	in.pub_values = &values;
	in.policy = &policy;
	if (pair) {
		rv = keypair_build(&in, &priv, &pub);
	} else {
		rv = keypair_build_public(kt, &values, NULL, 0, &pub);
		if (rv == CKR_OK) {
			pub->key_name = strdup(k->name);
			rv = pub->key_name
				     ? attr_list_set_bool(&pub->attrs,
							  CKA_TOKEN, CK_TRUE)
				     : CKR_HOST_MEMORY;
		}
		if (rv == CKR_OK)
			rv = attr_list_set(&pub->attrs, CKA_LABEL, k->name,
					   strlen(k->name));
	}
	if (rv == CKR_OK && priv != NULL)
		rv = catalog_row_from_object(priv, &rows[n++]);
	if (rv == CKR_OK)
		rv = catalog_row_from_object(pub, &rows[n++]);
	if (rv != CKR_OK)
		goto out;
	for (size_t i = 0; i < n; i++)
		rows[i].provider = provider;
	src = store_insert_objects(st, scope, rows, n);
	/* Another process may have adopted it at the same moment. */
	if (src != STORE_OK && src != STORE_E_EXISTS) {
		parsec_log(PARSEC_LOG_ERROR,
			   "cannot store adopted key '%s': %s", k->name,
			   store_rc_message(src));
		rv = CKR_DEVICE_ERROR;
		goto out;
	}
	parsec_log(PARSEC_LOG_INFO, "adopted Parsec key '%s' on provider %u",
		   k->name, provider);
out:
	for (size_t i = 0; i < n; i++)
		store_object_free(&rows[i]);
	object_free(priv);
	object_free(pub);
	attr_list_free(&values);
	return rv;
}

CK_RV adopt_new_keys(parsec_client_t *pc, store_t *st,
		     const store_scope_t *scope, uint8_t provider,
		     const parsec_key_info_t *keys, size_t nkeys,
		     parsec_status_t *status)
{
	store_object_t *rows = NULL;
	size_t nrows = 0, i;
	parsec_buffer_t buf;
	parsec_status_t s;
	CK_RV rv;

	*status = PARSEC_SUCCESS;
	rv = list_rows(st, scope, provider, &rows, &nrows);
	if (rv != CKR_OK)
		return rv;
	for (i = 0; i < nkeys && rv == CKR_OK; i++) {
		const parsec_key_info_t *k = &keys[i];

		if (k->provider_id != provider ||
		    row_has_key(rows, nrows, k->name))
			continue;
		if (adopt_is_session_name(k->name)) {
			parsec_log(PARSEC_LOG_WARNING,
				   "Parsec key '%s' on provider %u is a "
				   "session key left by some process; not "
				   "adopted",
				   k->name, provider);
			continue;
		}
		if (adopt_key_type(k->attributes.type) ==
			    CK_UNAVAILABLE_INFORMATION ||
		    (adopt_key_type(k->attributes.type) == CKK_EC &&
		     pubkey_curve_from_parsec(k->attributes.ecc_family,
					      k->attributes.bits) == NULL)) {
			parsec_log(PARSEC_LOG_INFO,
				   "Parsec key '%s' on provider %u has a type "
				   "this module does not present; skipped",
				   k->name, provider);
			continue;
		}
		memset(&buf, 0, sizeof(buf));
		s = parsec_export_public_key(pc, provider, k->name, &buf);
		if (s != PARSEC_SUCCESS) {
			parsec_log(PARSEC_LOG_WARNING,
				   "cannot export the public key of '%s' on "
				   "provider %u: %s",
				   k->name, provider, parsec_status_message(s));
			*status = s;
			if (s < 0)
				rv = CKR_DEVICE_ERROR;
			continue;
		}
		rv = adopt_one(st, scope, provider, k, &buf);
		parsec_buffer_free(&buf);
		if (rv == CKR_DEVICE_ERROR || rv == CKR_HOST_MEMORY)
			break;
		rv = CKR_OK;
	}
	store_objects_free(rows, nrows);
	return rv;
}

static int in_names(char *const *names, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return 1;
	return 0;
}

CK_RV adopt_rows(store_t *st, const store_scope_t *scope, uint8_t provider,
		 char *const *vanished, size_t n_vanished, object_t ***out,
		 size_t *n)
{
	store_object_t *rows = NULL;
	size_t nrows = 0, i;
	object_t **objs;
	CK_RV rv;

	*out = NULL;
	*n = 0;
	rv = list_rows(st, scope, provider, &rows, &nrows);
	if (rv != CKR_OK)
		return rv;
	objs = calloc(nrows ? nrows : 1, sizeof(*objs));
	if (objs == NULL)
		rv = CKR_HOST_MEMORY;
	for (i = 0; rv == CKR_OK && i < nrows; i++) {
		rv = catalog_object_from_row(&rows[i], &objs[i]);
		if (rv == CKR_OK && objs[i]->key_name != NULL)
			objs[i]->hidden = in_names(vanished, n_vanished,
						   objs[i]->key_name);
	}
	store_objects_free(rows, nrows);
	if (rv != CKR_OK) {
		catalog_objects_free(objs, objs ? nrows : 0);
		return rv;
	}
	*out = objs;
	*n = nrows;
	return CKR_OK;
}

static int key_listed(const parsec_key_info_t *keys, size_t nkeys,
		      uint8_t provider, const char *name)
{
	size_t i;

	for (i = 0; i < nkeys; i++)
		if (keys[i].provider_id == provider &&
		    strcmp(keys[i].name, name) == 0)
			return 1;
	return 0;
}

void adopt_names_free(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

CK_RV adopt_vanished(object_t *const *objs, size_t n, uint8_t provider,
		     const parsec_key_info_t *keys, size_t nkeys,
		     char ***vanished, size_t *n_vanished)
{
	size_t i, k = 0;
	char **names = calloc(n ? n : 1, sizeof(*names));

	if (names == NULL)
		return CKR_HOST_MEMORY;
	for (i = 0; i < n; i++) {
		const char *name = objs[i]->key_name;

		if (name == NULL || key_listed(keys, nkeys, provider, name) ||
		    in_names(names, k, name))
			continue;
		names[k] = strdup(name);
		if (names[k] == NULL) {
			adopt_names_free(names, k);
			return CKR_HOST_MEMORY;
		}
		k++;
		parsec_log(PARSEC_LOG_WARNING,
			   "Parsec key '%s' on provider %u is gone; its "
			   "objects are hidden (the store keeps them until "
			   "they are forgotten)",
			   name, provider);
	}
	*vanished = names;
	*n_vanished = k;
	return CKR_OK;
}
