/* auth_none.c - no authentication: auth type 0 and no auth bytes. The
 * service answers the core operations this way, and nothing else. */
#include "auth.h"

#include <stdlib.h>

static parsec_status_t none_bytes(const auth_t *a, uint8_t **out, size_t *len)
{
	(void)a;
	*out = NULL;
	*len = 0;
	return PARSEC_SUCCESS;
}

static const char *none_identity(const auth_t *a)
{
	(void)a;
	return "none";
}

static void none_free(auth_t *a)
{
	free(a);
}

static const auth_ops_t none_ops = {
	.type = PARSEC_AUTH_NONE,
	.name = "none",
	.bytes = none_bytes,
	.identity = none_identity,
	.free = none_free,
};

parsec_status_t auth_none_new(const auth_config_t *cfg, auth_t **out)
{
	(void)cfg;
	*out = malloc(sizeof(**out));
	if (!*out)
		return PARSEC_E_NOMEM;
	(*out)->ops = &none_ops;
	return PARSEC_SUCCESS;
}
