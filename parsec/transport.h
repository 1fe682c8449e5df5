/*
 * transport.h - how bytes reach the service. One implementation per file
 * (transport_unix.c); the endpoint's scheme picks one, so a TLS transport
 * is another file and another row in endpoint.c.
 *
 * Every function returns PARSEC_SUCCESS or a PARSEC_E_* code, and logs
 * the cause of a failure once.
 */
#ifndef PARSEC_TRANSPORT_H
#define PARSEC_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

#include "parsec/parsec.h"

typedef struct transport transport_t;

/* One open connection. */
typedef struct transport_conn {
	const transport_t *transport;
	int fd;
	void *state; /* per-transport extras (a TLS session); unix: NULL */
} transport_conn_t;

struct transport {
	const char *scheme; /* with its colon: "unix:" */
	/* Accepts or refuses an address (what follows the scheme), so that
	 * a bad endpoint fails when the client is created:
	 * PARSEC_E_ENDPOINT. */
	parsec_status_t (*check_address)(const char *address);
	/* PARSEC_E_CONNECT, or PARSEC_E_TIMEOUT after timeout_ms. */
	parsec_status_t (*connect)(const char *address, int timeout_ms,
				   transport_conn_t *conn);
	/* All of buf, or PARSEC_E_IO / PARSEC_E_TIMEOUT (deadline: see
	 * deadline.h). Never raises SIGPIPE. */
	parsec_status_t (*write_all)(transport_conn_t *conn, const uint8_t *buf,
				     size_t len, int64_t deadline);
	/* Exactly len bytes; the peer closing first is PARSEC_E_IO. */
	parsec_status_t (*read_exact)(transport_conn_t *conn, uint8_t *buf,
				      size_t len, int64_t deadline);
	void (*close)(transport_conn_t *conn);
};

extern const transport_t transport_unix;

#endif
