/*
 * auth_unix.c - the Unix peer credentials authenticator: the auth bytes
 * are the effective uid as a little-endian u32, which the service checks
 * against the socket's SO_PEERCRED. The uid is taken once, when the
 * authenticator is built, so that bytes and identity always agree.
 */
#include "auth.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct auth_unix {
	auth_t base;
	uint8_t uid_le[4];
	char identity[24]; /* "unix:" and up to 10 digits */
} auth_unix_t;

static parsec_status_t unix_bytes(const auth_t *a, uint8_t **out, size_t *len)
{
	const auth_unix_t *u = (const auth_unix_t *)a;

	return auth_bytes_copy(u->uid_le, sizeof(u->uid_le), out, len);
}

static const char *unix_identity(const auth_t *a)
{
	return ((const auth_unix_t *)a)->identity;
}

static void unix_free(auth_t *a)
{
	free(a);
}

static const auth_ops_t unix_ops = {
	.type = PARSEC_AUTH_UNIX_PEER_CREDENTIALS,
	.name = "unix-peer-credentials",
	.bytes = unix_bytes,
	.identity = unix_identity,
	.free = unix_free,
};

parsec_status_t auth_unix_new(const auth_config_t *cfg, auth_t **out)
{
	uint32_t uid = (uint32_t)geteuid();
	auth_unix_t *u;
	int i;

	(void)cfg;
	*out = NULL;
	u = calloc(1, sizeof(*u));
	if (!u)
		return PARSEC_E_NOMEM;
	u->base.ops = &unix_ops;
	for (i = 0; i < 4; i++)
		u->uid_le[i] = (uint8_t)(uid >> (8 * i));
	snprintf(u->identity, sizeof(u->identity), "unix:%u", uid);
	*out = &u->base;
	return PARSEC_SUCCESS;
}
