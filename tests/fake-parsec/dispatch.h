/*
 * dispatch.h - what the service does with a request whose header it could
 * convert: authenticate (front_end.rs), find the provider (dispatcher.rs),
 * check it is capable, check admin rights, decode the body, require an
 * application where the operation needs one, and run it
 * (backend_handler.rs), in that order.
 */
#ifndef FAKE_PARSEC_DISPATCH_H
#define FAKE_PARSEC_DISPATCH_H

#include "fake.h"

typedef struct fake_request {
	wire_header_t hdr;
	fake_buf_t body;
	fake_buf_t auth;
	int fd; /* the connection, for peer credentials */
} fake_request_t;

/* The response status; the body in out (owned by the caller). *app is
 * set to the authenticated application name when there is one (for the
 * request log; owned by the caller). */
fake_status_t dispatch_request(fake_server_t *srv, const fake_request_t *req,
			       fake_buf_t *out, char **app);

/* Name of an opcode of the service's Opcode enum, NULL if not one. */
const char *dispatch_opcode_name(uint32_t opcode);

#endif
