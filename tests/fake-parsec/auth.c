/* auth.c - the table of authenticators, by --auth name. */
#include "auth.h"

#include <string.h>

static const fake_auth_t *const authenticators[] = {
	&auth_direct,
	&auth_unix_peer,
	&auth_jwt_svid,
};

const fake_auth_t *auth_by_name(const char *name)
{
	for (size_t i = 0;
	     i < sizeof(authenticators) / sizeof(authenticators[0]); i++)
		if (strcmp(authenticators[i]->name, name) == 0)
			return authenticators[i];
	return NULL;
}
