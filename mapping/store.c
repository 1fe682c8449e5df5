/*
 * store.c - picks a store backend from the URI scheme, and the helpers
 * every backend shares (messages, freeing results).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mapping/store.h"
#include "mapping/store_sqlite.h"
#include "parsec/parsec.h"

typedef struct backend {
	const store_ops_t *ops;
	int location_is_path; /* location must be an absolute file path */
} backend_t;

/* The first row also serves bare paths ("/var/lib/x.sqlite"). */
static const backend_t backends[] = {
	{&store_sqlite_ops, 1},
};

static const backend_t *find_backend(const char *uri, const char **location)
{
	const char *colon;
	size_t i, n;

	if (uri == NULL)
		return NULL;
	if (uri[0] == '/') {
		*location = uri;
		return &backends[0];
	}
	colon = strchr(uri, ':');
	if (colon == NULL)
		return NULL;
	n = (size_t)(colon - uri);
	for (i = 0; i < sizeof(backends) / sizeof(backends[0]); i++) {
		const backend_t *b = &backends[i];

		if (strlen(b->ops->scheme) != n ||
		    strncmp(uri, b->ops->scheme, n) != 0)
			continue;
		*location = colon + 1;
		if (**location == '\0' ||
		    (b->location_is_path && **location != '/'))
			return NULL;
		return b;
	}
	return NULL;
}

store_rc_t store_uri_canonical(const char *uri, char **out)
{
	const backend_t *b;
	const char *location;

	if (out == NULL)
		return STORE_E_ARGS;
	*out = NULL;
	b = find_backend(uri, &location);
	if (b == NULL)
		return STORE_E_ARGS;
	if (asprintf(out, "%s:%s", b->ops->scheme, location) < 0) {
		*out = NULL;
		return STORE_E_NOMEM;
	}
	return STORE_OK;
}

store_rc_t store_open(const char *uri, store_t **out)
{
	const backend_t *b;
	const char *location;

	if (out == NULL)
		return STORE_E_ARGS;
	*out = NULL;
	b = find_backend(uri, &location);
	if (b == NULL) {
		parsec_log(PARSEC_LOG_ERROR,
			   "store: '%s' is not sqlite:/absolute/path or an "
			   "absolute path",
			   uri ? uri : "(null)");
		return STORE_E_ARGS;
	}
	return b->ops->open(location, out);
}

void store_close(store_t *st)
{
	if (st != NULL)
		st->ops->close(st);
}

static const char *const rc_messages[] = {
	[STORE_OK] = "success",
	[STORE_E_NOT_FOUND] = "no such object or token record",
	[STORE_E_EXISTS] = "an object with this key name and class exists",
	[STORE_E_BUSY] = "store locked by another process for too long",
	[STORE_E_IO] = "cannot open, read or write the store",
	[STORE_E_CORRUPT] = "store contents not understood",
	[STORE_E_TOO_NEW] = "store written by a newer version of the module",
	[STORE_E_NOMEM] = "out of memory",
	[STORE_E_ARGS] = "bad argument to a store call",
};

const char *store_rc_message(store_rc_t rc)
{
	if ((size_t)rc >= sizeof(rc_messages) / sizeof(rc_messages[0]) ||
	    rc_messages[rc] == NULL)
		return "unknown store error";
	return rc_messages[rc];
}

void store_object_free(store_object_t *obj)
{
	if (obj == NULL)
		return;
	free(obj->key_name);
	obj->key_name = NULL;
	attr_list_free(&obj->attrs);
}

void store_objects_free(store_object_t *objs, size_t n)
{
	size_t i;

	for (i = 0; objs != NULL && i < n; i++)
		store_object_free(&objs[i]);
	free(objs);
}

static void free_wiped(char **s)
{
	if (*s != NULL)
		explicit_bzero(*s, strlen(*s));
	free(*s);
	*s = NULL;
}

void store_token_free(store_token_t *tok)
{
	if (tok == NULL)
		return;
	free_wiped(&tok->so_pin_hash);
	free_wiped(&tok->user_pin_hash);
	free(tok->label);
	tok->label = NULL;
}

/* Thin wrappers: the backends check their own arguments. */

store_rc_t store_list_objects(store_t *st, const store_scope_t *scope,
			      uint8_t provider, store_object_t **out,
			      size_t *count)
{
	if (st == NULL)
		return STORE_E_ARGS;
	return st->ops->list_objects(st, scope, provider, out, count);
}

store_rc_t store_insert_objects(store_t *st, const store_scope_t *scope,
				store_object_t *objs, size_t n)
{
	if (st == NULL)
		return STORE_E_ARGS;
	return st->ops->insert_objects(st, scope, objs, n);
}

store_rc_t store_update_object(store_t *st, const store_scope_t *scope,
			       const store_object_t *obj)
{
	if (st == NULL)
		return STORE_E_ARGS;
	return st->ops->update_object(st, scope, obj);
}

store_rc_t store_delete_objects(store_t *st, const store_scope_t *scope,
				const int64_t *ids, size_t n)
{
	if (st == NULL)
		return STORE_E_ARGS;
	return st->ops->delete_objects(st, scope, ids, n);
}

store_rc_t store_delete_all(store_t *st, const store_scope_t *scope,
			    uint8_t provider)
{
	if (st == NULL)
		return STORE_E_ARGS;
	return st->ops->delete_all(st, scope, provider);
}

store_rc_t store_get_token(store_t *st, const store_scope_t *scope,
			   uint8_t provider, store_token_t *out)
{
	if (st == NULL)
		return STORE_E_ARGS;
	return st->ops->get_token(st, scope, provider, out);
}

store_rc_t store_put_token(store_t *st, const store_scope_t *scope,
			   const store_token_t *tok)
{
	if (st == NULL)
		return STORE_E_ARGS;
	return st->ops->put_token(st, scope, tok);
}

store_rc_t store_changed(store_t *st, int *changed)
{
	if (st == NULL)
		return STORE_E_ARGS;
	return st->ops->changed(st, changed);
}

store_rc_t store_apply(store_t *st, const store_scope_t *scope,
		       store_changes_t *changes)
{
	if (st == NULL)
		return STORE_E_ARGS;
	return st->ops->apply(st, scope, changes);
}
