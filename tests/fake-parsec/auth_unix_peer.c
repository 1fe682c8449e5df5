/* auth_unix_peer.c - Unix peer credentials: the auth bytes are the
 * caller's uid as 4 little-endian bytes and must equal the SO_PEERCRED
 * uid of the connection; the application name is the uid in decimal
 * (unix_peer_credentials_authenticator/mod.rs). */
#include <stdio.h>
#include <sys/socket.h>

#include "auth.h"

static int unix_init(const char *key_path, void **state)
{
	*state = NULL;
	return 0;
}

static void unix_fini(void *state)
{
}

static fake_status_t unix_authenticate(void *state, const uint8_t *auth,
				       size_t len, int fd, char **name)
{
	struct ucred cred;
	socklen_t clen = sizeof(cred);
	uint32_t uid;

	if (len != 4)
		return FAKE_ST(AUTHENTICATION_ERROR);
	uid = (uint32_t)auth[0] | (uint32_t)auth[1] << 8 |
	      (uint32_t)auth[2] << 16 | (uint32_t)auth[3] << 24;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) != 0 ||
	    (uint32_t)cred.uid != uid)
		return FAKE_ST(AUTHENTICATION_ERROR);
	if (asprintf(name, "%u", uid) < 0)
		return FAKE_ST(PSA_ERROR_INSUFFICIENT_MEMORY);
	return FAKE_OK;
}

const fake_auth_t auth_unix_peer = {
	.name = "unix",
	.type = PARSEC_AUTH_UNIX_PEER_CREDENTIALS,
	.description = "Uses Unix peer credentials to authenticate the "
		       "client. Verifies that the self-declared Unix user "
		       "identifier (UID) in the request's authentication "
		       "header matches that which is found from the peer "
		       "credentials.",
	.init = unix_init,
	.fini = unix_fini,
	.authenticate = unix_authenticate,
};
