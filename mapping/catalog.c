/*
 * catalog.c - the objects of a token, with stable handles.
 */
#include "mapping/catalog.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* Process-wide, never reset: a handle is never reused while the library
 * is loaded (PKCS#11 lets applications keep handles in caches). */
static atomic_ulong next_handle = 1;

static CK_OBJECT_HANDLE new_handle(void)
{
	return (CK_OBJECT_HANDLE)atomic_fetch_add(&next_handle, 1);
}

void catalog_init(catalog_t *c, uint8_t provider)
{
	memset(c, 0, sizeof(*c));
	c->provider = provider;
}

void catalog_objects_free(object_t **objs, size_t n)
{
	size_t i;

	for (i = 0; objs != NULL && i < n; i++)
		object_free(objs[i]);
	free(objs);
}

void catalog_free(catalog_t *c)
{
	catalog_objects_free(c->objs, c->n);
	free(c->ids);
	memset(c, 0, sizeof(*c));
}

static CK_OBJECT_HANDLE known_handle(const catalog_t *c, int64_t store_id)
{
	size_t i;

	for (i = 0; store_id != 0 && i < c->n_ids; i++)
		if (c->ids[i].store_id == store_id)
			return c->ids[i].handle;
	return 0;
}

static CK_RV remember_handle(catalog_t *c, const object_t *o)
{
	void *p;

	if (o->store_id == 0 || known_handle(c, o->store_id) != 0)
		return CKR_OK;
	if (c->n_ids == c->cap_ids) {
		size_t cap = c->cap_ids ? 2 * c->cap_ids : 16;

		p = realloc(c->ids, cap * sizeof(*c->ids));
		if (p == NULL)
			return CKR_HOST_MEMORY;
		c->ids = p;
		c->cap_ids = cap;
	}
	c->ids[c->n_ids].store_id = o->store_id;
	c->ids[c->n_ids].handle = o->handle;
	c->n_ids++;
	return CKR_OK;
}

static CK_RV reserve(catalog_t *c, size_t more)
{
	object_t **p;
	size_t cap = c->cap ? c->cap : 16;

	while (cap < c->n + more)
		cap *= 2;
	if (cap == c->cap)
		return CKR_OK;
	p = realloc(c->objs, cap * sizeof(*p));
	if (p == NULL)
		return CKR_HOST_MEMORY;
	c->objs = p;
	c->cap = cap;
	return CKR_OK;
}

static void give_handle(catalog_t *c, object_t *o)
{
	o->handle = known_handle(c, o->store_id);
	if (o->handle == 0)
		o->handle = new_handle();
}

CK_RV catalog_add(catalog_t *c, object_t *o)
{
	CK_RV rv = reserve(c, 1);

	if (rv != CKR_OK)
		return rv;
	if (o->handle == 0)
		give_handle(c, o);
	rv = remember_handle(c, o);
	if (rv != CKR_OK)
		return rv;
	c->objs[c->n++] = o;
	return CKR_OK;
}

static size_t index_of(const catalog_t *c, CK_OBJECT_HANDLE handle)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->objs[i]->handle == handle)
			return i;
	return (size_t)-1;
}

object_t *catalog_get(const catalog_t *c, CK_OBJECT_HANDLE handle)
{
	size_t i = index_of(c, handle);

	return i == (size_t)-1 ? NULL : c->objs[i];
}

object_t *catalog_remove(catalog_t *c, CK_OBJECT_HANDLE handle)
{
	size_t i = index_of(c, handle);
	object_t *o;

	if (i == (size_t)-1)
		return NULL;
	o = c->objs[i];
	memmove(&c->objs[i], &c->objs[i + 1],
		(c->n - i - 1) * sizeof(c->objs[0]));
	c->n--;
	return o;
}

object_t *catalog_partner(const catalog_t *c, const object_t *o)
{
	size_t i;

	if (o->key_name == NULL)
		return NULL;
	for (i = 0; i < c->n; i++) {
		const object_t *p = c->objs[i];

		if (p != o && p->key_name != NULL && p->cls != o->cls &&
		    strcmp(p->key_name, o->key_name) == 0)
			return c->objs[i];
	}
	return NULL;
}

CK_RV catalog_replace_token_objects(catalog_t *c, object_t **objs, size_t n)
{
	size_t i, kept = 0;
	CK_RV rv;

	rv = reserve(c, n);
	for (i = 0; rv == CKR_OK && i < n; i++) {
		give_handle(c, objs[i]);
		rv = remember_handle(c, objs[i]);
	}
	if (rv != CKR_OK) {
		catalog_objects_free(objs, n);
		return rv;
	}
	for (i = 0; i < c->n; i++) {
		if (c->objs[i]->store_id != 0)
			object_free(c->objs[i]);
		else
			c->objs[kept++] = c->objs[i];
	}
	c->n = kept;
	for (i = 0; i < n; i++)
		c->objs[c->n++] = objs[i];
	free(objs);
	return CKR_OK;
}

CK_RV catalog_take_session_objects(catalog_t *c, CK_SESSION_HANDLE owner,
				   object_t ***out, size_t *n)
{
	size_t i, kept = 0;

	*n = 0;
	*out = calloc(c->n ? c->n : 1, sizeof(**out));
	if (*out == NULL)
		return CKR_HOST_MEMORY;
	for (i = 0; i < c->n; i++) {
		object_t *o = c->objs[i];

		if (o->store_id == 0 && (owner == 0 || o->owner == owner))
			(*out)[(*n)++] = o;
		else
			c->objs[kept++] = o;
	}
	c->n = kept;
	return CKR_OK;
}

CK_RV catalog_find(const catalog_t *c, const CK_ATTRIBUTE *tmpl, CK_ULONG count,
		   catalog_visible_fn visible, void *ctx,
		   CK_OBJECT_HANDLE **out, size_t *n)
{
	size_t i;

	*n = 0;
	*out = calloc(c->n ? c->n : 1, sizeof(**out));
	if (*out == NULL)
		return CKR_HOST_MEMORY;
	for (i = 0; i < c->n; i++) {
		const object_t *o = c->objs[i];

		if (o->hidden || (visible != NULL && !visible(o, ctx)))
			continue;
		if (attr_list_matches(&o->attrs, tmpl, count))
			(*out)[(*n)++] = o->handle;
	}
	return CKR_OK;
}

int catalog_name_used(const catalog_t *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->objs[i]->key_name != NULL &&
		    strcmp(c->objs[i]->key_name, name) == 0)
			return 1;
	return 0;
}

CK_RV catalog_row_from_object(const object_t *o, store_object_t *row)
{
	memset(row, 0, sizeof(*row));
	row->id = o->store_id;
	row->cls = o->cls;
	attr_list_init(&row->attrs);
	if (o->key_name != NULL) {
		row->key_name = strdup(o->key_name);
		if (row->key_name == NULL)
			return CKR_HOST_MEMORY;
	}
	if (attr_list_copy(&row->attrs, &o->attrs) != CKR_OK) {
		store_object_free(row);
		return CKR_HOST_MEMORY;
	}
	return CKR_OK;
}

CK_RV catalog_object_from_row(const store_object_t *row, object_t **out)
{
	object_t *o = calloc(1, sizeof(*o));

	if (o == NULL)
		return CKR_HOST_MEMORY;
	o->store_id = row->id;
	o->cls = row->cls;
	attr_list_init(&o->attrs);
	if ((row->key_name != NULL &&
	     (o->key_name = strdup(row->key_name)) == NULL) ||
	    attr_list_copy(&o->attrs, &row->attrs) != CKR_OK ||
	    attr_list_set_ulong(&o->attrs, CKA_CLASS, row->cls) != CKR_OK) {
		object_free(o);
		return CKR_HOST_MEMORY;
	}
	*out = o;
	return CKR_OK;
}
