/*
 * auth.h - authenticators: what the client puts in the auth field of a
 * request, and who the service will take it to be.
 *
 * One implementation per file (auth_none.c, auth_direct.c, auth_unix.c,
 * auth_jwt_svid.c). An authenticator is immutable once built, so it may
 * be used by many threads at once. Auth bytes are secrets: never logged,
 * and released with auth_bytes_free(), which wipes them.
 */
#ifndef PARSEC_AUTH_H
#define PARSEC_AUTH_H

#include <stddef.h>
#include <stdint.h>

#include "parsec/parsec.h"

/* The client's credentials, copied from parsec_client_config_t. NULL
 * members fall back to the environment or the program name. */
typedef struct auth_config {
	char *app_name;
	char *jwt_svid_token;
	char *jwt_svid_file;
} auth_config_t;

typedef struct auth auth_t;

typedef struct auth_ops {
	uint8_t type;	  /* enum parsec_auth_type, sent in the header */
	const char *name; /* for log lines: "direct" */
	/* The auth bytes of one request (may differ per request: a token
	 * file is re-read). PARSEC_E_AUTH when none are available. */
	parsec_status_t (*bytes)(const auth_t *a, uint8_t **out, size_t *len);
	/* "direct:NAME", "unix:UID", "spiffe:ID" or "none"; lives as long
	 * as the authenticator. */
	const char *(*identity)(const auth_t *a);
	void (*free)(auth_t *a);
} auth_ops_t;

/* Implementations embed this first in their own struct. */
struct auth {
	const auth_ops_t *ops;
};

/* Builds the authenticator for an auth type. PARSEC_E_AUTH when this
 * client has no usable credentials for it, PARSEC_E_NO_AUTHENTICATOR for
 * a type this client does not implement. */
parsec_status_t auth_new(uint8_t type, const auth_config_t *cfg, auth_t **out);
void auth_free(auth_t *a);

void auth_bytes_free(uint8_t *bytes, size_t len);

/* A copy of len bytes (never NULL on success, even for len 0). */
parsec_status_t auth_bytes_copy(const void *src, size_t len, uint8_t **out,
				size_t *out_len);

/* The constructors auth_new() chooses from. */
parsec_status_t auth_none_new(const auth_config_t *cfg, auth_t **out);
parsec_status_t auth_direct_new(const auth_config_t *cfg, auth_t **out);
parsec_status_t auth_unix_new(const auth_config_t *cfg, auth_t **out);
parsec_status_t auth_jwt_svid_new(const auth_config_t *cfg, auth_t **out);

#endif
