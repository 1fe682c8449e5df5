/* auth.c - the table of authenticators this client can do. */
#include "auth.h"

#include <stdlib.h>
#include <string.h>

#include "secmem.h"

typedef struct auth_row {
	uint8_t type;
	parsec_status_t (*make)(const auth_config_t *cfg, auth_t **out);
} auth_row_t;

/* PARSEC_AUTH_JWT (2) is not in the table: Parsec never implemented it. */
static const auth_row_t auth_rows[] = {
	{PARSEC_AUTH_NONE, auth_none_new},
	{PARSEC_AUTH_DIRECT, auth_direct_new},
	{PARSEC_AUTH_UNIX_PEER_CREDENTIALS, auth_unix_new},
	{PARSEC_AUTH_JWT_SVID, auth_jwt_svid_new},
};

parsec_status_t auth_new(uint8_t type, const auth_config_t *cfg, auth_t **out)
{
	size_t i;

	*out = NULL;
	for (i = 0; i < sizeof(auth_rows) / sizeof(auth_rows[0]); i++) {
		if (auth_rows[i].type == type)
			return auth_rows[i].make(cfg, out);
	}
	return PARSEC_E_NO_AUTHENTICATOR;
}

void auth_free(auth_t *a)
{
	if (a)
		a->ops->free(a);
}

void auth_bytes_free(uint8_t *bytes, size_t len)
{
	secmem_free(bytes, len);
}

parsec_status_t auth_bytes_copy(const void *src, size_t len, uint8_t **out,
				size_t *out_len)
{
	*out = malloc(len ? len : 1);
	if (!*out)
		return PARSEC_E_NOMEM;
	if (len)
		memcpy(*out, src, len);
	*out_len = len;
	return PARSEC_SUCCESS;
}
