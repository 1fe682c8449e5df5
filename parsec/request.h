/*
 * request.h - one round trip with the service: connect, send a request,
 * read and check the response header, read the body.
 */
#ifndef PARSEC_REQUEST_H
#define PARSEC_REQUEST_H

#include <stddef.h>
#include <stdint.h>

#include "client.h"

typedef struct request {
	uint8_t provider;
	uint32_t opcode;
	uint8_t auth_type;
	const uint8_t *body;
	size_t body_len;
	const uint8_t *auth;
	size_t auth_len;
} request_t;

/* Sends req and returns the response's status: PARSEC_SUCCESS with the
 * body in *body (free with secmem_free(*body, *body_len)), the service's
 * non-zero status, or a PARSEC_E_* code, each logged once. */
parsec_status_t request_send(parsec_client_t *c, const request_t *req,
			     uint8_t **body, size_t *body_len);

#endif
