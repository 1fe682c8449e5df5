/* auth_direct.c - the direct authenticator: the auth bytes are the
 * application name, non-empty UTF-8 (direct_authenticator/mod.rs). */
#include <stdlib.h>

#include "auth.h"

static int direct_init(const char *key_path, void **state)
{
	*state = NULL;
	return 0;
}

static void direct_fini(void *state)
{
}

/* U+0000 is valid UTF-8, so the service takes "a\0b" as a name of its
 * own. Names are C strings here: a NUL becomes 0xFF, a byte no UTF-8
 * text holds, which keeps every name distinct. */
static fake_status_t direct_authenticate(void *state, const uint8_t *auth,
					 size_t len, int fd, char **name)
{
	if (len == 0 || !fake_utf8_valid(auth, len))
		return FAKE_ST(AUTHENTICATION_ERROR);
	*name = malloc(len + 1);
	if (!*name)
		return FAKE_ST(PSA_ERROR_INSUFFICIENT_MEMORY);
	for (size_t i = 0; i < len; i++)
		(*name)[i] = auth[i] ? (char)auth[i] : (char)0xFF;
	(*name)[len] = 0;
	return FAKE_OK;
}

const fake_auth_t auth_direct = {
	.name = "direct",
	.type = PARSEC_AUTH_DIRECT,
	.description = "Directly parses the authentication field as a UTF-8 "
		       "string and uses that as the application identity. "
		       "Should be used for testing only.",
	.init = direct_init,
	.fini = direct_fini,
	.authenticate = direct_authenticate,
};
