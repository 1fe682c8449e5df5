/*
 * adopt.h - the token objects of one provider, from the store and from
 * Parsec's ListKeys.
 *
 * Keys this application has in Parsec but the store lacks (made by
 * parsec-tool or another client) are adopted: CKA_LABEL is the key name,
 * CKA_ID the SHA-1 of the public key (pubkey_id_sha1()), usage and
 * CKA_ALLOWED_MECHANISMS follow the key's Parsec policy; their rows are
 * written to the store, so the public key is exported only once. Keys
 * named with ADOPT_SESSION_PREFIX are session keys of some process
 * (perhaps one that crashed): never adopted, only reported.
 *
 * Store rows whose Parsec key is gone are hidden and reported, never
 * deleted (the tool's `forget` does that on purpose).
 */
#ifndef MAPPING_ADOPT_H
#define MAPPING_ADOPT_H

#include <stddef.h>

#include "mapping/object.h"
#include "mapping/store.h"
#include "parsec/parsec.h"

#define ADOPT_SESSION_PREFIX "pkcs11-session-"

int adopt_is_session_name(const char *name);

/* Adopts the keys of `keys` (a ListKeys result; other providers' keys are
 * skipped) that have no row in the store: one PsaExportPublicKey each.
 * *status gets the last Parsec failure, or PARSEC_SUCCESS. Keys that
 * cannot be adopted (unknown type, export refused) are logged and
 * skipped; a connection failure stops and returns CKR_DEVICE_ERROR. */
CK_RV adopt_new_keys(parsec_client_t *pc, store_t *st,
		     const store_scope_t *scope, uint8_t provider,
		     const parsec_key_info_t *keys, size_t nkeys,
		     parsec_status_t *status);

/* The store rows of a provider as objects. Rows for Parsec keys named in
 * `vanished` are flagged hidden. */
CK_RV adopt_rows(store_t *st, const store_scope_t *scope, uint8_t provider,
		 char *const *vanished, size_t n_vanished, object_t ***out,
		 size_t *n);

/* The key names of rows missing from `keys` (malloc'd array of malloc'd
 * strings), each logged once here. */
CK_RV adopt_vanished(object_t *const *objs, size_t n, uint8_t provider,
		     const parsec_key_info_t *keys, size_t nkeys,
		     char ***vanished, size_t *n_vanished);

void adopt_names_free(char **names, size_t n);

/* The PKCS#11 key type of a Parsec key type, or CK_UNAVAILABLE_INFORMATION
 * for types this module does not present. */
CK_KEY_TYPE adopt_key_type(parsec_key_type_t type);

#endif
