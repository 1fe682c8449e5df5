/*
 * keystore.h - the double's keys, per (authenticator, application,
 * provider, name), in memory or persisted to a --store file. The file is
 * rewritten to a temporary file and renamed on every change (mode 0600),
 * so a crash leaves either the old or the new content.
 */
#ifndef FAKE_PARSEC_KEYSTORE_H
#define FAKE_PARSEC_KEYSTORE_H

#include "attrs.h"

typedef struct fake_keystore fake_keystore_t;

typedef struct fake_key_id {
	uint8_t auth_type;
	const char *owner;
	uint8_t provider;
	const char *name;
} fake_key_id_t;

typedef struct fake_key {
	fake_attrs_t attrs;
	fake_buf_t attrs_pb; /* KeyAttributes as given, key_bits filled in */
	fake_buf_t data;     /* PSA export format (private part for pairs) */
} fake_key_t;

/* One key as ListKeys reports it. */
typedef struct fake_key_info {
	uint8_t provider;
	char *name;
	fake_buf_t attrs_pb;
} fake_key_info_t;

/* path NULL: keys in memory only. Returns 0, or -1 after printing why
 * (unreadable or corrupt store file). */
int keystore_open(const char *path, fake_keystore_t **out);
void keystore_close(fake_keystore_t *ks);

/* AlreadyExists when the key exists, else FAKE_OK. */
fake_status_t keystore_check_absent(fake_keystore_t *ks,
				    const fake_key_id_t *id);
/* A copy of the key (free with keystore_key_clear), or DoesNotExist. */
fake_status_t keystore_get(fake_keystore_t *ks, const fake_key_id_t *id,
			   fake_key_t *out);
/* Takes a copy. AlreadyExists, or StorageFailure if the file write
 * failed (then nothing changed). */
fake_status_t keystore_insert(fake_keystore_t *ks, const fake_key_id_t *id,
			      const fake_key_t *key);
fake_status_t keystore_remove(fake_keystore_t *ks, const fake_key_id_t *id);
/* The application's keys on every provider, by provider then age. */
fake_status_t keystore_list(fake_keystore_t *ks, uint8_t auth_type,
			    const char *owner, fake_key_info_t **out,
			    size_t *count);
void keystore_list_free(fake_key_info_t *infos, size_t count);

void keystore_key_clear(fake_key_t *key);

#endif
