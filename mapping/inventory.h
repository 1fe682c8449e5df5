/*
 * inventory.h - the whole mapping of one application on one Parsec
 * service, for the parsec-pkcs11 tool: per provider, the store rows and
 * the Parsec keys, and how they relate.
 *
 * The module builds its token objects from the same two sources
 * (mapping/adopt.h); the inventory only reads them, so the tool can show
 * and check the mapping without changing it.
 *
 * Cost: with INVENTORY_SERVICE, ListProviders and ListKeys (plus
 * ListAuthenticators when the authenticator is chosen automatically);
 * without, no request at all unless the authenticator is automatic (the
 * application's identity scopes the store). Store rows are read for
 * every provider id.
 */
#ifndef MAPPING_INVENTORY_H
#define MAPPING_INVENTORY_H

#include <stddef.h>
#include <stdint.h>

#include "mapping/config.h"
#include "mapping/store.h"
#include "parsec/parsec.h"

/* A Parsec key seen by ListKeys, against the store. */
typedef enum inventory_key_state {
	INVENTORY_KEY_STORED = 0,  /* its objects are in the store */
	INVENTORY_KEY_ORPHAN,	   /* not in the store: adoption takes it */
	INVENTORY_KEY_SESSION,	   /* a session key (pkcs11-session-*) */
	INVENTORY_KEY_UNPRESENTED, /* a type the module does not present */
	INVENTORY_KEY_NOT_A_SLOT,  /* its provider is not one of the slots */
} inventory_key_state_t;

typedef struct inventory_slot {
	uint8_t provider;
	/* A slot of the module: the service lists the provider and the
	 * `providers` setting lets it through. */
	int is_slot;
	char uuid[37];
	char *description; /* "" when the service does not list it */
	char *vendor;
	char *stored_label; /* the C_InitToken label, or NULL */
	store_object_t *rows;
	size_t n_rows;
	/* per row: backed by a Parsec key that ListKeys no longer shows */
	unsigned char *stale;
	const parsec_key_info_t **keys; /* ListKeys entries of the provider */
	inventory_key_state_t *key_state;
	size_t n_keys;
} inventory_slot_t;

typedef struct inventory {
	char *identity;	     /* parsec_client_identity() */
	store_scope_t scope; /* service: the config's; app: identity */
	int service_read;    /* ListProviders and ListKeys were asked */
	parsec_key_info_t *keys;
	size_t n_keys;
	inventory_slot_t *slots; /* by provider id */
	size_t n_slots;
} inventory_t;

typedef enum inventory_rc {
	INVENTORY_OK = 0,
	INVENTORY_E_SERVICE, /* a Parsec request failed */
	INVENTORY_E_STORE,   /* the store could not be read */
	INVENTORY_E_NOMEM,
} inventory_rc_t;

/* What failed, for the caller's message. */
typedef struct inventory_err {
	const char *request; /* E_SERVICE: "ListKeys", ... */
	parsec_status_t status;
	store_rc_t store; /* E_STORE */
} inventory_err_t;

/* Read the service too (ListProviders, ListKeys). */
#define INVENTORY_SERVICE 1u

/* Loads the inventory; on failure *err says what failed. */
inventory_rc_t inventory_load(parsec_client_t *pc, store_t *st,
			      const config_t *cfg, unsigned flags,
			      inventory_t *inv, inventory_err_t *err);
void inventory_free(inventory_t *inv);

/* The slot of a provider, or NULL. */
inventory_slot_t *inventory_slot(const inventory_t *inv, uint8_t provider);

/* The other half of a row's key pair (same key name, other class) in
 * its slot, or NULL. */
const store_object_t *inventory_partner(const inventory_slot_t *s,
					const store_object_t *row);

/* True when ListKeys showed this key (provider, name). Meaningful only
 * when inv->service_read. */
int inventory_key_exists(const inventory_t *inv, uint8_t provider,
			 const char *name);

#endif
