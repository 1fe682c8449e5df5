/*
 * call.h - the shape every typed operation shares: pack the operation
 * message, add the credentials, do the round trip, unpack the result.
 */
#ifndef PARSEC_CALL_H
#define PARSEC_CALL_H

#include <stdint.h>

#include <protobuf-c/protobuf-c.h>

#include "parsec/parsec.h"
#include "result.h"

typedef struct call {
	uint8_t provider;
	uint32_t opcode;
	/* 0: sent with auth type none and no auth bytes, as the service
	 * allows for Ping, ListProviders, ListOpcodes, ListAuthenticators,
	 * PsaGenerateRandom and PsaHashCompute. */
	int authenticated;
	const ProtobufCMessage *op;		  /* the request body */
	const ProtobufCMessageDescriptor *result; /* the response body */
} call_t;

/* Caller bytes as a protobuf bytes field (not copied). */
static inline ProtobufCBinaryData call_bytes(const uint8_t *p, size_t len)
{
	ProtobufCBinaryData b = {len, (uint8_t *)p};

	return b;
}

/* Caller bytes are valid: a pointer, or no bytes at all. */
static inline int call_bytes_ok(const uint8_t *p, size_t len)
{
	return p != NULL || len == 0;
}

/* Runs a call. On PARSEC_SUCCESS, *result is the unpacked response (free
 * with call_result_free()); it is NULL otherwise. With result NULL the
 * response is unpacked, to check it, and dropped. An undecodable body is
 * PARSEC_E_DECODE. */
parsec_status_t call_run(parsec_client_t *c, const call_t *call,
			 ProtobufCMessage **result);

/* Frees an unpacked result, wiping it. NULL is fine. */
void call_result_free(ProtobufCMessage *result);

/* call_run() for the results made of one bytes field (field 1: signature,
 * ciphertext, plaintext, data...): the bytes are copied to out, which is
 * {NULL, 0} on failure. */
parsec_status_t call_run_bytes(parsec_client_t *c, const call_t *call,
			       parsec_buffer_t *out);

/* call_run() for the results made of one repeated message (field 1:
 * providers, authenticators, keys): a list built as spec says, *count
 * items long; {NULL, 0} on failure. */
parsec_status_t call_run_list(parsec_client_t *c, const call_t *call,
			      const result_list_spec_t *spec, void **out,
			      size_t *count);

#endif
