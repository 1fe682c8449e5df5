/* endpoint.h - where the service listens, and the transport to reach it. */
#ifndef PARSEC_ENDPOINT_H
#define PARSEC_ENDPOINT_H

#include <stddef.h>

#include "parsec/parsec.h"
#include "transport.h"

#define ENDPOINT_DEFAULT "unix:/run/parsec/parsec.sock"
#define ENDPOINT_ENV "PARSEC_SERVICE_ENDPOINT"
#define ENDPOINT_MAX 256

typedef struct endpoint {
	const transport_t *transport;
	char uri[ENDPOINT_MAX]; /* canonical: scheme then address */
	size_t scheme_len;
} endpoint_t;

/* "unix:/abs/path" or a bare absolute path. Anything else (another
 * scheme, a relative or too long path) is PARSEC_E_ENDPOINT. */
parsec_status_t endpoint_parse(const char *text, endpoint_t *out);

/* text, else $PARSEC_SERVICE_ENDPOINT, else the service's default. */
parsec_status_t endpoint_resolve(const char *text, endpoint_t *out);

/* The transport's address: the uri without its scheme. */
const char *endpoint_address(const endpoint_t *ep);

#endif
