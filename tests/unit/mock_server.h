/*
 * mock_server.h - an in-process Parsec stand-in for unit tests: a thread
 * that accepts on a unix socket in a private temp dir, records each
 * request, and answers with a reply the test crafted (possibly a broken
 * one). Not the Parsec test double (tests/fake-parsec/): it knows nothing
 * of keys, only bytes.
 */
#ifndef TESTS_UNIT_MOCK_SERVER_H
#define TESTS_UNIT_MOCK_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include <protobuf-c/protobuf-c.h>

#include "parsec/parsec.h"
#include "parsec/wire_header.h"

typedef struct mock_reply {
	wire_header_t header; /* sent as set, except what follows */
	int echo;	      /* copy provider and opcode from the request */
	int keep_body_len;    /* send header.body_len, not the body's length */
	uint8_t body[4096];
	size_t body_len;
	size_t close_after; /* send only this many bytes, then close */
	int silent;	    /* answer nothing; wait for the client to leave */
	int before_body;    /* answer once the request header is read */
} mock_reply_t;

typedef struct mock_request {
	wire_header_t header;
	uint8_t *body;
	size_t body_len;
	uint8_t *auth;
	size_t auth_len;
} mock_request_t;

typedef struct mock_server mock_server_t;

/* Starts the server (aborts the test on failure). */
mock_server_t *mock_start(void);
/* Stops the thread, removes the socket and its dir, frees everything. */
void mock_stop(mock_server_t *m);

/* "unix:/tmp/.../parsec.sock" */
const char *mock_endpoint(const mock_server_t *m);
/* The private temp dir, for the test's own files. */
const char *mock_dir(const mock_server_t *m);

/* A valid reply: echoing header, status 0, the packed msg as body (msg may
 * be NULL: empty body). */
void mock_reply_init(mock_reply_t *r, const ProtobufCMessage *msg);

/* The reply to requests with this opcode; opcode 0 sets the reply to all
 * others (by default: an empty body with status 0). */
void mock_set_reply(mock_server_t *m, uint32_t opcode, const mock_reply_t *r);

/* Number of requests received (headers read). */
size_t mock_request_count(mock_server_t *m);

/* A copy of request i (0 = first), or of the last one with i = -1; free
 * with mock_request_free(). Aborts the test if there is none. */
void mock_request_get(mock_server_t *m, long i, mock_request_t *out);
void mock_request_free(mock_request_t *r);

/* A client for the mock with the given auth choice, application name
 * "unit-app" and a 2 s io timeout. */
parsec_client_t *mock_client(const mock_server_t *m, parsec_auth_choice_t auth);

#endif
