/* endpoint.c - endpoint strings, as PARSEC_SERVICE_ENDPOINT spells them. */
#include "endpoint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One row per transport; a TLS transport adds its scheme here. */
static const transport_t *const transports[] = {
	&transport_unix,
};

static parsec_status_t endpoint_set(const transport_t *t, const char *address,
				    endpoint_t *out)
{
	parsec_status_t rc;
	int n;

	rc = t->check_address(address);
	if (rc != PARSEC_SUCCESS)
		return rc;
	n = snprintf(out->uri, sizeof(out->uri), "%s%s", t->scheme, address);
	if (n < 0 || (size_t)n >= sizeof(out->uri)) {
		parsec_log(PARSEC_LOG_ERROR, "endpoint: too long");
		return PARSEC_E_ENDPOINT;
	}
	out->transport = t;
	out->scheme_len = strlen(t->scheme);
	return PARSEC_SUCCESS;
}

parsec_status_t endpoint_parse(const char *text, endpoint_t *out)
{
	size_t i, n;

	if (!text || !out)
		return PARSEC_E_ARGS;
	/* A bare absolute path is the Unix socket (Parsec's own clients
	 * accept it too). */
	if (text[0] == '/')
		return endpoint_set(&transport_unix, text, out);
	for (i = 0; i < sizeof(transports) / sizeof(transports[0]); i++) {
		n = strlen(transports[i]->scheme);
		if (strncmp(text, transports[i]->scheme, n) == 0)
			return endpoint_set(transports[i], text + n, out);
	}
	parsec_log(PARSEC_LOG_ERROR,
		   "endpoint '%.64s': not a unix: URI or absolute path", text);
	return PARSEC_E_ENDPOINT;
}

parsec_status_t endpoint_resolve(const char *text, endpoint_t *out)
{
	if (!text || !*text)
		text = secure_getenv(ENDPOINT_ENV);
	if (!text || !*text)
		text = ENDPOINT_DEFAULT;
	return endpoint_parse(text, out);
}

const char *endpoint_address(const endpoint_t *ep)
{
	return ep->uri + ep->scheme_len;
}
