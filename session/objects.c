/*
 * objects.c - C_CreateObject, C_CopyObject, C_DestroyObject,
 * C_GetObjectSize, C_Get/SetAttributeValue, C_FindObjects*.
 */
#include "session/objects.h"

#include <stdlib.h>
#include <string.h>

#include "mapping/keypair.h"
#include "mapping/pubkey.h"
#include "session/keygen.h"
#include "session/sessions.h"

int objects_visible(const token_t *t, const object_t *o)
{
	if (o->hidden)
		return 0;
	if (!object_is_private(o) || !core_login_required(t))
		return 1;
	return t->login == CKU_USER;
}

CK_RV objects_lookup(token_t *t, CK_OBJECT_HANDLE handle, object_t **o)
{
	*o = catalog_get(&t->cat, handle);
	if (*o == NULL || !objects_visible(t, *o))
		return CKR_OBJECT_HANDLE_INVALID;
	return CKR_OK;
}

CK_RV objects_may_write(const session_t *s, const token_t *t,
			CK_BBOOL token_obj, CK_BBOOL priv)
{
	if (token_obj && !(s->flags & CKF_RW_SESSION))
		return CKR_SESSION_READ_ONLY;
	if (priv && core_login_required(t) && t->login != CKU_USER)
		return CKR_USER_NOT_LOGGED_IN;
	return CKR_OK;
}

/* Takes the lock, finds the session, its token and a visible object;
 * for a change (write), checks the session may make it. On CKR_OK the
 * lock is held. */
static CK_RV enter_object(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE obj, int write,
			  core_t **c, session_t **s, token_t **t, object_t **o)
{
	CK_RV rv = core_enter_session(h, c, s, t);

	if (rv != CKR_OK)
		return rv;
	rv = objects_lookup(*t, obj, o);
	if (rv == CKR_OK && write)
		rv = objects_may_write(*s, *t, object_is_token(*o),
				       object_is_private(*o));
	if (rv != CKR_OK)
		lock_give((*c)->lock);
	return rv;
}

static CK_RV store_error(store_rc_t src)
{
	parsec_log(PARSEC_LOG_ERROR, "store: %s", store_rc_message(src));
	return src == STORE_E_NOMEM ? CKR_HOST_MEMORY : CKR_DEVICE_ERROR;
}

CK_RV objects_publish(core_t *c, token_t *t, session_t *s, object_t **objs,
		      size_t n)
{
	store_object_t rows[2];
	size_t i, k = 0;
	store_rc_t src;
	CK_RV rv = CKR_OK;

	memset(rows, 0, sizeof(rows));
	for (i = 0; i < n && rv == CKR_OK; i++) {
		if (!object_is_token(objs[i]))
			continue;
		rv = catalog_row_from_object(objs[i], &rows[k]);
		rows[k++].provider = t->provider;
	}
	if (rv == CKR_OK && k > 0) {
		src = store_insert_objects(c->store, &c->scope, rows, k);
		if (src != STORE_OK)
			rv = store_error(src);
	}
	for (i = 0, k = 0; i < n && rv == CKR_OK; i++) {
		if (object_is_token(objs[i]))
			objs[i]->store_id = rows[k++].id;
		else
			objs[i]->owner = s->handle;
	}
	for (i = 0; i < 2; i++)
		store_object_free(&rows[i]);
	for (i = 0; i < n && rv == CKR_OK; i++) {
		rv = catalog_add(&t->cat, objs[i]);
		if (rv != CKR_OK) /* only on allocation failure */
			while (i-- > 0)
				catalog_remove(&t->cat, objs[i]->handle);
	}
	return rv;
}

static CK_RV template_ulong(const CK_ATTRIBUTE *tmpl, CK_ULONG count,
			    CK_ATTRIBUTE_TYPE type, CK_ULONG *v)
{
	const CK_ATTRIBUTE *a = attr_template_find(tmpl, count, type);

	if (a == NULL)
		return CKR_TEMPLATE_INCOMPLETE;
	if (a->pValue == NULL || a->ulValueLen != sizeof(CK_ULONG))
		return CKR_ATTRIBUTE_VALUE_INVALID;
	*v = attr_template_ulong(a);
	return CKR_OK;
}

static CK_BBOOL template_bool(const CK_ATTRIBUTE *tmpl, CK_ULONG count,
			      CK_ATTRIBUTE_TYPE type, CK_BBOOL def)
{
	const CK_ATTRIBUTE *a = attr_template_find(tmpl, count, type);

	if (a == NULL || a->pValue == NULL || a->ulValueLen != 1)
		return def;
	return *(const CK_BBOOL *)a->pValue ? CK_TRUE : CK_FALSE;
}

/* Builds a data object, certificate or public key (no Parsec key). */
/* Only the SO may mark a certificate trusted (PKCS#11 v2.40 §4.6.2,
 * CKA_TRUSTED); for anyone else the attribute is read-only. After
 * creation nobody changes or copies it (the attribute table has it
 * fixed). */
static CK_RV trusted_by_so_only(const token_t *t, const CK_ATTRIBUTE *tmpl,
				CK_ULONG count)
{
	if (template_bool(tmpl, count, CKA_TRUSTED, CK_FALSE) &&
	    t->login != CKU_SO)
		return CKR_ATTRIBUTE_READ_ONLY;
	return CKR_OK;
}

static CK_RV build_plain(CK_OBJECT_CLASS cls, CK_KEY_TYPE kt,
			 const CK_ATTRIBUTE *tmpl, CK_ULONG count,
			 object_t **out)
{
	attr_list_t values = ATTR_LIST_INIT;
	object_t *o = NULL;
	CK_RV rv;

	if (cls == CKO_PUBLIC_KEY) {
		rv = pubkey_public_from_template(kt, tmpl, count, &values);
		if (rv == CKR_OK)
			rv = keypair_build_public(kt, &values, tmpl, count,
						  out);
		attr_list_free(&values);
		return rv;
	}
	o = object_new(cls);
	if (o == NULL)
		return CKR_HOST_MEMORY;
	rv = object_apply_template(o, tmpl, count);
	if (rv == CKR_OK && cls == CKO_CERTIFICATE)
		rv = object_certificate_derive(o);
	if (rv == CKR_OK)
		rv = object_fill_defaults(o);
	if (rv != CKR_OK) {
		object_free(o);
		return rv;
	}
	*out = o;
	return CKR_OK;
}

/* The class and key type of a template for C_CreateObject. */
static CK_RV create_kind(const CK_ATTRIBUTE *tmpl, CK_ULONG count,
			 CK_OBJECT_CLASS *cls, CK_KEY_TYPE *kt)
{
	CK_ULONG v;
	CK_RV rv = template_ulong(tmpl, count, CKA_CLASS, cls);

	*kt = CK_UNAVAILABLE_INFORMATION;
	if (rv != CKR_OK)
		return rv;
	switch (*cls) {
	case CKO_DATA:
		return CKR_OK;
	case CKO_CERTIFICATE:
		rv = template_ulong(tmpl, count, CKA_CERTIFICATE_TYPE, &v);
		if (rv == CKR_OK && v != CKC_X_509)
			rv = CKR_ATTRIBUTE_VALUE_INVALID;
		return rv;
	case CKO_PUBLIC_KEY:
	case CKO_PRIVATE_KEY:
		rv = template_ulong(tmpl, count, CKA_KEY_TYPE, kt);
		if (rv == CKR_OK && *kt != CKK_RSA && *kt != CKK_EC)
			rv = CKR_ATTRIBUTE_VALUE_INVALID;
		return rv;
	default:
		return CKR_ATTRIBUTE_VALUE_INVALID;
	}
}

CK_RV objects_create(CK_SESSION_HANDLE h, const CK_ATTRIBUTE *tmpl,
		     CK_ULONG count, CK_OBJECT_HANDLE_PTR out)
{
	CK_OBJECT_CLASS cls;
	CK_KEY_TYPE kt;
	object_t *o = NULL;
	core_t *c;
	session_t *s;
	token_t *t;
	CK_RV rv = core_enter_session(h, &c, &s, &t);

	if (rv != CKR_OK)
		return rv;
	rv = create_kind(tmpl, count, &cls, &kt);
	if (rv == CKR_OK)
		rv = object_check_template(cls, kt, OBJECT_OP_CREATE, tmpl,
					   count);
	if (rv == CKR_OK)
		rv = trusted_by_so_only(t, tmpl, count);
	if (rv == CKR_OK)
		rv = objects_may_write(
			s, t, template_bool(tmpl, count, CKA_TOKEN, CK_FALSE),
			template_bool(tmpl, count, CKA_PRIVATE,
				      cls == CKO_PRIVATE_KEY));
	if (rv != CKR_OK || cls == CKO_PRIVATE_KEY) {
		lock_give(c->lock);
		/* A private key is a Parsec key: made outside the lock. */
		return rv == CKR_OK ? keygen_import(h, kt, tmpl, count, out)
				    : rv;
	}
	rv = build_plain(cls, kt, tmpl, count, &o);
	if (rv == CKR_OK)
		rv = objects_publish(c, t, s, &o, 1);
	if (rv == CKR_OK)
		*out = o->handle;
	else
		object_free(o);
	lock_give(c->lock);
	return rv;
}

CK_RV objects_copy(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE obj,
		   const CK_ATTRIBUTE *tmpl, CK_ULONG count,
		   CK_OBJECT_HANDLE_PTR out)
{
	object_t *o, *copy = NULL;
	core_t *c;
	session_t *s;
	token_t *t;
	CK_RV rv = enter_object(h, obj, 0, &c, &s, &t, &o);

	if (rv != CKR_OK)
		return rv;
	copy = calloc(1, sizeof(*copy));
	if (copy == NULL) {
		rv = CKR_HOST_MEMORY;
		goto out;
	}
	copy->cls = o->cls;
	rv = object_changed_attributes(o, OBJECT_OP_COPY, tmpl, count,
				       &copy->attrs);
	if (rv != CKR_OK)
		goto out;
	/* The copy is a plain object: a Parsec key has one object per
	 * class (public keys of a pair become store-only copies). */
	rv = objects_may_write(s, t, object_is_token(copy),
			       object_is_private(copy));
	if (rv == CKR_OK)
		rv = objects_publish(c, t, s, &copy, 1);
	if (rv == CKR_OK) {
		*out = copy->handle;
		copy = NULL;
	}
out:
	object_free(copy);
	lock_give(c->lock);
	return rv;
}

/* Forgets the key name of the public half of a destroyed private key:
 * it lives on as a store-only public key (its value is kept). */
static CK_RV orphan_partner(core_t *c, token_t *t, object_t *partner)
{
	store_object_t row;
	store_rc_t src;
	CK_RV rv;

	free(partner->key_name);
	partner->key_name = NULL;
	partner->session_key = 0;
	if (partner->store_id == 0)
		return CKR_OK;
	rv = catalog_row_from_object(partner, &row);
	if (rv != CKR_OK)
		return rv;
	row.provider = t->provider;
	src = store_update_object(c->store, &c->scope, &row);
	store_object_free(&row);
	return src == STORE_OK ? CKR_OK : store_error(src);
}

CK_RV objects_destroy(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE obj)
{
	object_t *o, *partner;
	char *key_name = NULL;
	parsec_status_t ps;
	store_rc_t src;
	core_t *c;
	session_t *s;
	token_t *t;
	CK_RV rv = enter_object(h, obj, 1, &c, &s, &t, &o);

	if (rv != CKR_OK)
		return rv;
	/* PKCS#11 v2.40 §4.4: CKA_DESTROYABLE FALSE. */
	if (!object_bool(o, CKA_DESTROYABLE)) {
		rv = CKR_ACTION_PROHIBITED;
		goto out;
	}
	partner = catalog_partner(&t->cat, o);
	/* The Parsec key goes with the private key, or with the last
	 * object that names it. */
	if (o->key_name != NULL &&
	    (o->cls == CKO_PRIVATE_KEY || partner == NULL)) {
		key_name = strdup(o->key_name);
		if (key_name == NULL) {
			rv = CKR_HOST_MEMORY;
			goto out;
		}
		lock_give(c->lock);
		ps = parsec_destroy_key(c->pc, t->provider, key_name);
		lock_take(c->lock);
		if (ps != PARSEC_SUCCESS &&
		    ps != PARSEC_PSA_ERROR_DOES_NOT_EXIST) {
			rv = core_parsec_result(c, ps, 0);
			goto out;
		}
		/* Look again: the lock was dropped. */
		o = catalog_get(&t->cat, obj);
		if (o == NULL)
			goto out;
		partner = catalog_partner(&t->cat, o);
		if (partner != NULL) {
			rv = orphan_partner(c, t, partner);
			if (rv != CKR_OK)
				goto out;
		}
	}
	if (o->store_id != 0) {
		src = store_delete_objects(c->store, &c->scope, &o->store_id,
					   1);
		if (src != STORE_OK && src != STORE_E_NOT_FOUND) {
			rv = store_error(src);
			goto out;
		}
	}
	object_free(catalog_remove(&t->cat, obj));
out:
	free(key_name);
	lock_give(c->lock);
	return rv;
}

CK_RV objects_get_size(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE obj,
		       CK_ULONG_PTR size)
{
	object_t *o;
	core_t *c;
	session_t *s;
	token_t *t;
	CK_RV rv = enter_object(h, obj, 0, &c, &s, &t, &o);

	if (rv != CKR_OK)
		return rv;
	*size = object_size(o);
	lock_give(c->lock);
	return CKR_OK;
}

CK_RV objects_get_attributes(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE obj,
			     CK_ATTRIBUTE_PTR tmpl, CK_ULONG count)
{
	object_t *o;
	core_t *c;
	session_t *s;
	token_t *t;
	CK_RV rv = enter_object(h, obj, 0, &c, &s, &t, &o);

	if (rv != CKR_OK)
		return rv;
	rv = object_get_attributes(o, tmpl, count);
	lock_give(c->lock);
	return rv;
}

CK_RV objects_set_attributes(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE obj,
			     const CK_ATTRIBUTE *tmpl, CK_ULONG count)
{
	attr_list_t attrs = ATTR_LIST_INIT;
	store_object_t row;
	object_t *o;
	store_rc_t src;
	core_t *c;
	session_t *s;
	token_t *t;
	CK_RV rv = enter_object(h, obj, 1, &c, &s, &t, &o);

	if (rv != CKR_OK)
		return rv;
	rv = object_changed_attributes(o, OBJECT_OP_SET, tmpl, count, &attrs);
	if (rv != CKR_OK)
		goto out;
	if (o->store_id != 0) {
		/* The store row first: memory follows only what is kept.
		 * A Parsec key keeps its name (Parsec cannot rename). */
		rv = catalog_row_from_object(o, &row);
		if (rv != CKR_OK)
			goto out;
		row.provider = t->provider;
		attr_list_free(&row.attrs);
		row.attrs = attrs;
		src = store_update_object(c->store, &c->scope, &row);
		attr_list_init(&row.attrs);
		store_object_free(&row);
		if (src != STORE_OK) {
			rv = store_error(src);
			goto out;
		}
	}
	attr_list_free(&o->attrs);
	o->attrs = attrs;
	attr_list_init(&attrs);
out:
	attr_list_free(&attrs);
	lock_give(c->lock);
	return rv;
}

static int visible_cb(const object_t *o, void *ctx)
{
	return objects_visible(ctx, o);
}

CK_RV objects_find_init(CK_SESSION_HANDLE h, const CK_ATTRIBUTE *tmpl,
			CK_ULONG count)
{
	core_t *c;
	session_t *s;
	token_t *t;
	CK_RV rv = core_enter_session(h, &c, &s, &t);

	if (rv != CKR_OK)
		return rv;
	if (s->find.active) {
		rv = CKR_OPERATION_ACTIVE;
		goto out;
	}
	/* Another process may have added or removed objects: a local
	 * check, no Parsec request. */
	core_refresh(c);
	rv = catalog_find(&t->cat, tmpl, count, visible_cb, t, &s->find.handles,
			  &s->find.n);
	if (rv == CKR_OK) {
		s->find.active = 1;
		s->find.pos = 0;
	}
out:
	lock_give(c->lock);
	return rv;
}

CK_RV objects_find(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE_PTR out, CK_ULONG max,
		   CK_ULONG_PTR count)
{
	core_t *c;
	session_t *s;
	token_t *t;
	CK_ULONG n = 0;
	CK_RV rv = core_enter_session(h, &c, &s, &t);

	if (rv != CKR_OK)
		return rv;
	if (!s->find.active) {
		rv = CKR_OPERATION_NOT_INITIALIZED;
		goto out;
	}
	while (n < max && s->find.pos < s->find.n)
		out[n++] = s->find.handles[s->find.pos++];
	*count = n;
out:
	lock_give(c->lock);
	return rv;
}

CK_RV objects_find_final(CK_SESSION_HANDLE h)
{
	core_t *c;
	session_t *s;
	token_t *t;
	CK_RV rv = core_enter_session(h, &c, &s, &t);

	if (rv != CKR_OK)
		return rv;
	if (!s->find.active)
		rv = CKR_OPERATION_NOT_INITIALIZED;
	else
		sessions_find_end(s);
	lock_give(c->lock);
	return rv;
}
