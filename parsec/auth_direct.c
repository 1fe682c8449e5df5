/*
 * auth_direct.c - the direct authenticator: the auth bytes are the
 * application name in UTF-8, which the service trusts as given. The
 * service refuses an empty or non-UTF-8 name (status 11), so such a name
 * is refused here first.
 */
#include "auth.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

typedef struct auth_direct {
	auth_t base;
	char *name;
	char *identity;
} auth_direct_t;

static parsec_status_t direct_bytes(const auth_t *a, uint8_t **out, size_t *len)
{
	const auth_direct_t *d = (const auth_direct_t *)a;

	return auth_bytes_copy(d->name, strlen(d->name), out, len);
}

static const char *direct_identity(const auth_t *a)
{
	return ((const auth_direct_t *)a)->identity;
}

static void direct_free(auth_t *a)
{
	auth_direct_t *d = (auth_direct_t *)a;

	free(d->name);
	free(d->identity);
	free(d);
}

static const auth_ops_t direct_ops = {
	.type = PARSEC_AUTH_DIRECT,
	.name = "direct",
	.bytes = direct_bytes,
	.identity = direct_identity,
	.free = direct_free,
};

parsec_status_t auth_direct_new(const auth_config_t *cfg, auth_t **out)
{
	const char *name =
		cfg->app_name ? cfg->app_name : program_invocation_short_name;
	auth_direct_t *d;

	*out = NULL;
	if (!name || !*name ||
	    !utf8_valid((const uint8_t *)name, strlen(name))) {
		parsec_log(PARSEC_LOG_ERROR,
			   "direct authenticator: application name is empty "
			   "or not UTF-8");
		return PARSEC_E_AUTH;
	}
	d = calloc(1, sizeof(*d));
	if (!d)
		return PARSEC_E_NOMEM;
	d->base.ops = &direct_ops;
	d->name = strdup(name);
	if (!d->name || asprintf(&d->identity, "direct:%s", name) < 0) {
		d->identity = NULL;
		direct_free(&d->base);
		return PARSEC_E_NOMEM;
	}
	*out = &d->base;
	return PARSEC_SUCCESS;
}
