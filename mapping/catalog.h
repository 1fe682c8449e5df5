/*
 * catalog.h - the objects of one token (one Parsec provider): token
 * objects loaded from the store (mapping/adopt.h fills it), session
 * objects kept in memory, their handles, and searches.
 *
 * A catalog is plain data: it takes no lock and sends no request. The
 * session layer guards it with its token lock and does the Parsec round
 * trips outside that lock, then publishes the result here.
 *
 * Handles come from one process-wide counter and are never reused, even
 * across C_Finalize/C_Initialize. Reloading the token objects keeps the
 * handle of every object whose store row is still there.
 */
#ifndef MAPPING_CATALOG_H
#define MAPPING_CATALOG_H

#include <stddef.h>
#include <stdint.h>

#include <p11-kit/pkcs11.h>

#include "mapping/object.h"
#include "mapping/store.h"

typedef struct catalog {
	uint8_t provider;
	object_t **objs;
	size_t n, cap;
	/* store id -> handle of every token object seen, so that a reload
	 * gives an object back its handle */
	struct {
		int64_t store_id;
		CK_OBJECT_HANDLE handle;
	} * ids;
	size_t n_ids, cap_ids;
} catalog_t;

void catalog_init(catalog_t *c, uint8_t provider);
void catalog_free(catalog_t *c);

/* Adds an object (the catalog takes it), giving it a handle (kept if the
 * store id is known). */
CK_RV catalog_add(catalog_t *c, object_t *o);
object_t *catalog_get(const catalog_t *c, CK_OBJECT_HANDLE handle);
/* Takes an object out; the caller frees it. */
object_t *catalog_remove(catalog_t *c, CK_OBJECT_HANDLE handle);
/* The other half of a Parsec key pair (same key name, other class). */
object_t *catalog_partner(const catalog_t *c, const object_t *o);

/* Replaces every token object by objs (the catalog takes them, and the
 * array), keeping known handles. Session objects stay. */
CK_RV catalog_replace_token_objects(catalog_t *c, object_t **objs, size_t n);

/* Takes out every session object owned by a session (owner 0: all);
 * *out (malloc'd) holds them for the caller to free. */
CK_RV catalog_take_session_objects(catalog_t *c, CK_SESSION_HANDLE owner,
				   object_t ***out, size_t *n);

typedef int (*catalog_visible_fn)(const object_t *o, void *ctx);

/* Handles of the visible, not hidden objects matching a template. */
CK_RV catalog_find(const catalog_t *c, const CK_ATTRIBUTE *tmpl, CK_ULONG count,
		   catalog_visible_fn visible, void *ctx,
		   CK_OBJECT_HANDLE **out, size_t *n);

/* True when a Parsec key name is used by an object of the catalog. */
int catalog_name_used(const catalog_t *c, const char *name);

/* Store row <-> object. The row is a deep copy (store_object_free()). */
CK_RV catalog_row_from_object(const object_t *o, store_object_t *row);
CK_RV catalog_object_from_row(const store_object_t *row, object_t **out);

/* Frees an array of objects. */
void catalog_objects_free(object_t **objs, size_t n);

#endif
