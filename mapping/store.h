/*
 * store.h - where the module keeps what Parsec cannot: the PKCS#11
 * attributes of Parsec keys, certificate and data objects, and per-token
 * PIN records.
 *
 * Everything is scoped by (service, app): the Parsec service instance
 * (config service_id) and the authenticated application identity
 * (parsec_client_identity()), so one store can serve several applications
 * and, later, several hosts.
 *
 * A backend is a small table of functions (store_ops_t), one file per
 * backend (store_sqlite.c now; PostgreSQL later), chosen from the "store"
 * URI scheme by store_open(). Every mutating call is atomic: it happens
 * in one transaction or not at all, so a crash never leaves half an
 * object. Backends must be safe for several processes using one store at
 * once. A store_t handle may be used by several threads (the backend
 * serialises internally).
 */
#ifndef MAPPING_STORE_H
#define MAPPING_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "mapping/attr_list.h"

typedef enum store_rc {
	STORE_OK = 0,
	STORE_E_NOT_FOUND, /* no such row */
	STORE_E_EXISTS,	   /* uniqueness would be violated */
	STORE_E_BUSY,	   /* locked by another process past the timeout */
	STORE_E_IO,	   /* cannot open/read/write the store */
	STORE_E_CORRUPT,   /* contents not understood (bad blob, schema) */
	STORE_E_TOO_NEW,   /* schema written by a newer version */
	STORE_E_NOMEM,
	STORE_E_ARGS,
} store_rc_t;

const char *store_rc_message(store_rc_t rc);

typedef struct store_scope {
	const char *service; /* config service_id */
	const char *app;     /* parsec_client_identity() */
} store_scope_t;

/* One PKCS#11 object as stored. For objects backed by a Parsec key
 * (CKO_PRIVATE_KEY, CKO_PUBLIC_KEY, CKO_SECRET_KEY), key_name is the
 * Parsec key name; (scope, provider, key_name, class) is unique. For
 * certificates and data objects, key_name is NULL and the attributes are
 * the whole object. */
typedef struct store_object {
	int64_t id; /* assigned by the store; stable for the row's life */
	uint8_t provider;
	char *key_name;
	CK_OBJECT_CLASS cls;
	attr_list_t attrs;
} store_object_t;

void store_object_free(store_object_t *obj); /* frees members, not obj */
void store_objects_free(store_object_t *objs, size_t n); /* and the array */

/* Per (scope, provider): the token's PIN records and counters. A NULL
 * hash means no PIN is set. Hashes are opaque strings produced by
 * pin_hash.h (they embed algorithm, parameters and salt). */
typedef struct store_token {
	uint8_t provider;
	char *so_pin_hash;
	char *user_pin_hash;
	uint32_t user_pin_failures;
	uint32_t so_pin_failures;
	char *label; /* CK_TOKEN_INFO label set by C_InitToken, or NULL */
} store_token_t;

void store_token_free(store_token_t *tok);

/* Several changes made in one transaction (all or none): rows deleted by
 * id, then rows updated (attributes and key name, by id), then rows
 * inserted (their ids set). For changes that must not be seen half done:
 * a label changed on both objects of a key pair, an import that replaces
 * rows. */
typedef struct store_changes {
	const int64_t *delete_ids;
	size_t n_delete;
	const store_object_t *update;
	size_t n_update;
	store_object_t *insert;
	size_t n_insert;
} store_changes_t;

typedef struct store store_t;

typedef struct store_ops {
	const char *scheme; /* "sqlite" */
	store_rc_t (*open)(const char *location, store_t **out);
	void (*close)(store_t *st);

	/* All objects of a scope on one provider. */
	store_rc_t (*list_objects)(store_t *st, const store_scope_t *scope,
				   uint8_t provider, store_object_t **out,
				   size_t *count);
	/* Inserts all n objects atomically, setting their ids. */
	store_rc_t (*insert_objects)(store_t *st, const store_scope_t *scope,
				     store_object_t *objs, size_t n);
	/* Replaces the attributes (and key_name) of an existing row. */
	store_rc_t (*update_object)(store_t *st, const store_scope_t *scope,
				    const store_object_t *obj);
	/* Deletes the rows with these ids atomically. */
	store_rc_t (*delete_objects)(store_t *st, const store_scope_t *scope,
				     const int64_t *ids, size_t n);
	/* Deletes every object of the scope on the provider (C_InitToken). */
	store_rc_t (*delete_all)(store_t *st, const store_scope_t *scope,
				 uint8_t provider);

	/* STORE_E_NOT_FOUND when no record exists yet. */
	store_rc_t (*get_token)(store_t *st, const store_scope_t *scope,
				uint8_t provider, store_token_t *out);
	/* Inserts or replaces the record. */
	store_rc_t (*put_token)(store_t *st, const store_scope_t *scope,
				const store_token_t *tok);

	/* Sets *changed when another connection (another process) changed
	 * the store since the previous call; cheap enough to call on every
	 * C_FindObjectsInit. The first call reports a change. */
	store_rc_t (*changed)(store_t *st, int *changed);

	/* Applies a change set atomically; STORE_E_NOT_FOUND when a row to
	 * delete or update is missing, STORE_E_EXISTS when an insert
	 * collides. */
	store_rc_t (*apply)(store_t *st, const store_scope_t *scope,
			    store_changes_t *changes);
} store_ops_t;

struct store {
	const store_ops_t *ops;
};

/* Opens the store named by a URI: "sqlite:/path" or a bare path (SQLite).
 * Creates the file (mode 0600) and its directory (0700) when missing, and
 * migrates an older schema.
 *
 * A handle belongs to the process that opened it: after fork() the child
 * opens its own with store_open (as after C_Initialize in a child). Calls
 * on an inherited handle fail with STORE_E_IO. The child's store_open
 * and store_close let go of inherited connections without touching the
 * parent's files while the parent uses them (SQLite would otherwise let
 * the parent delete the WAL the child writes to); one a parent thread
 * held at fork time stays allocated in the child, unused. */
store_rc_t store_open(const char *uri, store_t **out);
void store_close(store_t *st);

/* The canonical form of a store URI ("sqlite:/abs/path"), malloc'd in
 * *out; STORE_E_ARGS for an unknown scheme or a relative path. Lets the
 * configuration refuse a bad store before anything is opened. */
store_rc_t store_uri_canonical(const char *uri, char **out);

/* Thin wrappers: st->ops->fn(st, ...). */
store_rc_t store_list_objects(store_t *st, const store_scope_t *scope,
			      uint8_t provider, store_object_t **out,
			      size_t *count);
store_rc_t store_insert_objects(store_t *st, const store_scope_t *scope,
				store_object_t *objs, size_t n);
store_rc_t store_update_object(store_t *st, const store_scope_t *scope,
			       const store_object_t *obj);
store_rc_t store_delete_objects(store_t *st, const store_scope_t *scope,
				const int64_t *ids, size_t n);
store_rc_t store_delete_all(store_t *st, const store_scope_t *scope,
			    uint8_t provider);
store_rc_t store_get_token(store_t *st, const store_scope_t *scope,
			   uint8_t provider, store_token_t *out);
store_rc_t store_put_token(store_t *st, const store_scope_t *scope,
			   const store_token_t *tok);
store_rc_t store_changed(store_t *st, int *changed);
store_rc_t store_apply(store_t *st, const store_scope_t *scope,
		       store_changes_t *changes);

#endif
