/* call.c - pack, authenticate, send, unpack. */
#include "call.h"

#include <stdlib.h>

#include "auth.h"
#include "client.h"
#include "pb_field.h"
#include "request.h"
#include "result.h"
#include "secmem.h"

#define RESULT_BYTES_FIELD 1
#define RESULT_LIST_FIELD 1

static const char *op_name(const call_t *call)
{
	const char *name = parsec_opcode_name(call->opcode);

	return name ? name : "unknown opcode";
}

static parsec_status_t add_credentials(parsec_client_t *c, const call_t *call,
				       request_t *req, uint8_t **auth)
{
	const auth_t *a;
	parsec_status_t rc;

	if (!call->authenticated)
		return PARSEC_SUCCESS;
	rc = client_auth(c, &a);
	if (rc != PARSEC_SUCCESS)
		return rc;
	req->auth_type = a->ops->type;
	rc = a->ops->bytes(a, auth, &req->auth_len);
	req->auth = *auth;
	return rc;
}

static parsec_status_t pack(const ProtobufCMessage *op, uint8_t **out,
			    size_t *len)
{
	*len = protobuf_c_message_get_packed_size(op);
	*out = malloc(*len ? *len : 1);
	if (!*out)
		return PARSEC_E_NOMEM;
	protobuf_c_message_pack(op, *out);
	return PARSEC_SUCCESS;
}

static parsec_status_t unpack(const call_t *call, const uint8_t *body,
			      size_t len, ProtobufCMessage **out)
{
	*out = protobuf_c_message_unpack(call->result, &secmem_allocator, len,
					 body);
	if (*out)
		return PARSEC_SUCCESS;
	parsec_log(PARSEC_LOG_ERROR, "%s: response body is not a valid %s",
		   op_name(call), call->result->name);
	return PARSEC_E_DECODE;
}

parsec_status_t call_run(parsec_client_t *c, const call_t *call,
			 ProtobufCMessage **result)
{
	request_t req = {.provider = call->provider, .opcode = call->opcode};
	uint8_t *auth = NULL, *body = NULL, *response = NULL;
	ProtobufCMessage *msg = NULL;
	size_t response_len = 0;
	parsec_status_t rc;

	rc = add_credentials(c, call, &req, &auth);
	if (rc == PARSEC_SUCCESS)
		rc = pack(call->op, &body, &req.body_len);
	req.body = body;
	if (rc == PARSEC_SUCCESS)
		rc = request_send(c, &req, &response, &response_len);
	if (rc == PARSEC_SUCCESS)
		rc = unpack(call, response, response_len, &msg);
	parsec_log(PARSEC_LOG_DEBUG, "%s to provider %u: %s", op_name(call),
		   call->provider, parsec_status_name(rc));
	secmem_free(body, req.body_len);
	auth_bytes_free(auth, req.auth_len);
	secmem_free(response, response_len);
	if (result)
		*result = msg;
	else
		call_result_free(msg);
	return rc;
}

void call_result_free(ProtobufCMessage *result)
{
	if (result)
		protobuf_c_message_free_unpacked(result, &secmem_allocator);
}

parsec_status_t call_run_bytes(parsec_client_t *c, const call_t *call,
			       parsec_buffer_t *out)
{
	ProtobufCMessage *msg = NULL;
	parsec_status_t rc;

	out->data = NULL;
	out->len = 0;
	rc = call_run(c, call, &msg);
	if (rc == PARSEC_SUCCESS)
		rc = result_buffer_set(
			out, pb_field_get_bytes(msg, RESULT_BYTES_FIELD));
	call_result_free(msg);
	return rc;
}

parsec_status_t call_run_list(parsec_client_t *c, const call_t *call,
			      const result_list_spec_t *spec, void **out,
			      size_t *count)
{
	ProtobufCMessage *const *items;
	ProtobufCMessage *msg = NULL;
	parsec_status_t rc;
	size_t n = 0;

	*out = NULL;
	*count = 0;
	rc = call_run(c, call, &msg);
	if (rc == PARSEC_SUCCESS) {
		items = pb_field_get_messages(msg, RESULT_LIST_FIELD, &n);
		rc = result_list(items, n, spec, out);
	}
	if (rc == PARSEC_SUCCESS)
		*count = n;
	call_result_free(msg);
	return rc;
}
