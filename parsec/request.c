/*
 * request.c - one request, one response, one connection (the service
 * closes after each response).
 *
 * The response header is checked field by field before anything else is
 * read: a response that is not a well-formed answer to this request is a
 * PARSEC_E_PROTOCOL, and a body over the client's limit is refused before
 * it is read.
 */
#include "request.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "deadline.h"
#include "secmem.h"
#include "wire_header.h"

static const char *const header_errors[] = {
	[WIRE_HEADER_OK] = "valid",
	[WIRE_HEADER_BAD_MAGIC] = "wrong magic number",
	[WIRE_HEADER_BAD_SIZE] = "wrong header size",
	[WIRE_HEADER_BAD_VERSION] = "unsupported wire protocol version",
	[WIRE_HEADER_BAD_RESERVED] = "reserved bytes not zero",
};

static const char *op_name(uint32_t opcode)
{
	const char *name = parsec_opcode_name(opcode);

	return name ? name : "unknown opcode";
}

static parsec_status_t protocol_error(const request_t *req, const char *fmt,
				      ...)
	__attribute__((format(printf, 2, 3)));

static parsec_status_t protocol_error(const request_t *req, const char *fmt,
				      ...)
{
	char why[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	parsec_log(PARSEC_LOG_ERROR, "%s: invalid response: %s",
		   op_name(req->opcode), why);
	return PARSEC_E_PROTOCOL;
}

static int echoes_request(const wire_header_t *h, const request_t *req)
{
	return h->opcode == req->opcode && h->provider == req->provider &&
	       h->session == 0;
}

/* A request the service could not read at all (bad header, body over its
 * limit...) is answered with a default header: provider 0, opcode Ping,
 * no body, and the status (parsec-interface Response::from_status). */
static int is_default_error(const wire_header_t *h)
{
	return h->status != PARSEC_SUCCESS && h->opcode == PARSEC_OP_PING &&
	       h->provider == PARSEC_PROVIDER_CORE && h->session == 0 &&
	       h->body_len == 0;
}

static parsec_status_t check_response(const parsec_client_t *c,
				      const request_t *req,
				      const wire_header_t *h)
{
	wire_header_error_t err = wire_header_check(h);

	if (err != WIRE_HEADER_OK)
		return protocol_error(req, "%s", header_errors[err]);
	if (h->content_type != WIRE_BODY_PROTOBUF)
		return protocol_error(req, "content type %u is not protobuf",
				      h->content_type);
	if (!parsec_status_is_known(h->status))
		return protocol_error(req, "unknown status %u", h->status);
	if (!echoes_request(h, req) && !is_default_error(h))
		return protocol_error(req,
				      "answers opcode 0x%x, provider %u, "
				      "session %llu",
				      h->opcode, h->provider,
				      (unsigned long long)h->session);
	if (h->status == PARSEC_SUCCESS && h->body_len > c->max_response_body) {
		parsec_log(PARSEC_LOG_ERROR,
			   "%s: response body of %u bytes is over the limit "
			   "of %zu",
			   op_name(req->opcode), h->body_len,
			   c->max_response_body);
		return PARSEC_E_TOO_LARGE;
	}
	return PARSEC_SUCCESS;
}

static parsec_status_t send_request(const parsec_client_t *c,
				    transport_conn_t *conn,
				    const request_t *req)
{
	int64_t deadline = deadline_after(c->io_timeout_ms);
	uint8_t raw[WIRE_HEADER_LEN];
	parsec_status_t rc;
	wire_header_t h;

	wire_header_init(&h);
	h.provider = req->provider;
	h.opcode = req->opcode;
	h.auth_type = req->auth_type;
	h.body_len = (uint32_t)req->body_len;
	h.auth_len = (uint16_t)req->auth_len;
	wire_header_encode(&h, raw);
	rc = conn->transport->write_all(conn, raw, sizeof(raw), deadline);
	if (rc == PARSEC_SUCCESS && req->body_len)
		rc = conn->transport->write_all(conn, req->body, req->body_len,
						deadline);
	if (rc == PARSEC_SUCCESS && req->auth_len)
		rc = conn->transport->write_all(conn, req->auth, req->auth_len,
						deadline);
	return rc;
}

static parsec_status_t read_response(const parsec_client_t *c,
				     transport_conn_t *conn,
				     const request_t *req, uint8_t **body,
				     size_t *body_len, int *unread)
{
	int64_t deadline = deadline_after(c->io_timeout_ms);
	uint8_t raw[WIRE_HEADER_LEN];
	parsec_status_t rc;
	wire_header_t h;
	uint8_t *buf;

	rc = conn->transport->read_exact(conn, raw, sizeof(raw), deadline);
	if (rc != PARSEC_SUCCESS)
		return rc;
	wire_header_decode(raw, &h);
	rc = check_response(c, req, &h);
	if (rc != PARSEC_SUCCESS)
		return rc;
	if (h.status != PARSEC_SUCCESS) {
		*unread = is_default_error(&h);
		return (parsec_status_t)h.status;
	}
	buf = malloc(h.body_len ? h.body_len : 1);
	if (!buf)
		return PARSEC_E_NOMEM;
	rc = conn->transport->read_exact(conn, buf, h.body_len, deadline);
	if (rc != PARSEC_SUCCESS) {
		secmem_free(buf, h.body_len);
		return rc;
	}
	*body = buf;
	*body_len = h.body_len;
	return PARSEC_SUCCESS;
}

/* One connection, one request, one response. *unread tells that the
 * service answered with its default header: it could not read the
 * request, so it executed nothing. */
static parsec_status_t send_once(parsec_client_t *c, const request_t *req,
				 uint8_t **body, size_t *body_len, int *unread)
{
	const transport_t *t = c->endpoint.transport;
	parsec_status_t rc, sent;
	transport_conn_t conn;

	*unread = 0;
	rc = t->connect(endpoint_address(&c->endpoint), c->connect_timeout_ms,
			&conn);
	if (rc != PARSEC_SUCCESS)
		return rc;
	atomic_fetch_add(&c->requests, 1);
	sent = send_request(c, &conn, req);
	rc = sent;
	/* A service that refuses a request early (a body over its limit)
	 * answers and closes without reading the rest: its status says more
	 * than our failed write. */
	if (sent == PARSEC_SUCCESS || sent == PARSEC_E_IO)
		rc = read_response(c, &conn, req, body, body_len, unread);
	if (sent != PARSEC_SUCCESS && rc <= PARSEC_SUCCESS) {
		secmem_free(*body, *body_len);
		*body = NULL;
		*body_len = 0;
		rc = sent;
	}
	t->close(&conn);
	return rc;
}

/* The service drops a request that stays silent for 200 ms with a
 * default-header ConnectionError (PARSEC-FACTS; parsec-interface reads with
 * that timeout). A busy client thread descheduled between connect and
 * write meets it; the service executed nothing, so the request is simply
 * sent again on a new connection, a bounded number of times. */
#define STALL_RETRIES 2

parsec_status_t request_send(parsec_client_t *c, const request_t *req,
			     uint8_t **body, size_t *body_len)
{
	parsec_status_t rc;
	int attempt, unread;

	*body = NULL;
	*body_len = 0;
	if (req->body_len > UINT32_MAX || req->auth_len > UINT16_MAX) {
		parsec_log(PARSEC_LOG_ERROR, "%s: request too large to encode",
			   op_name(req->opcode));
		return PARSEC_E_ENCODE;
	}
	for (attempt = 0;; attempt++) {
		rc = send_once(c, req, body, body_len, &unread);
		if (rc != PARSEC_CONNECTION_ERROR || !unread ||
		    attempt == STALL_RETRIES)
			return rc;
		parsec_log(PARSEC_LOG_WARNING,
			   "%s: the service did not get the whole request in "
			   "time; sending it again",
			   op_name(req->opcode));
	}
}
