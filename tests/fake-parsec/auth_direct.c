/* auth_direct.c - the direct authenticator: the auth bytes are the
 * application name, non-empty UTF-8 (direct_authenticator/mod.rs). */
#include <stdlib.h>
#include <string.h>

#include "auth.h"

static int direct_init(const char *key_path, void **state)
{
	*state = NULL;
	return 0;
}

static void direct_fini(void *state)
{
}

static fake_status_t direct_authenticate(void *state, const uint8_t *auth,
					 size_t len, int fd, char **name)
{
	if (len == 0 || !fake_utf8_valid(auth, len) || memchr(auth, 0, len))
		return FAKE_ST(AUTHENTICATION_ERROR);
	*name = strndup((const char *)auth, len);
	return *name ? FAKE_OK : FAKE_ST(PSA_ERROR_INSUFFICIENT_MEMORY);
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
