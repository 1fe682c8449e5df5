/*
 * auth.h - the authenticators the double can be configured with, one at a
 * time (--auth), each a small struct of functions in its own file.
 */
#ifndef FAKE_PARSEC_AUTH_H
#define FAKE_PARSEC_AUTH_H

#include "fake.h"

typedef struct fake_auth {
	const char *name; /* --auth value */
	uint8_t type;	  /* wire auth type */
	const char *description;
	/* key_path: --jwt-key (may be NULL). 0, or -1 after printing why. */
	int (*init)(const char *key_path, void **state);
	void (*fini)(void *state);
	/* The application name for the auth bytes, received on the
	 * connection fd; AuthenticationError (or another status). */
	fake_status_t (*authenticate)(void *state, const uint8_t *auth,
				      size_t len, int fd, char **name);
} fake_auth_t;

extern const fake_auth_t auth_direct;
extern const fake_auth_t auth_unix_peer;
extern const fake_auth_t auth_jwt_svid;

/* NULL for an unknown --auth value. */
const fake_auth_t *auth_by_name(const char *name);

#endif
