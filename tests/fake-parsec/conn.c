/* conn.c - read a request, apply faults, dispatch, write the response.
 *
 * Header-level failures are answered with the default response header
 * (Response::from_status: Core provider, session 0, opcode Ping), in the
 * order the service meets them: magic (read alone), header size (after
 * reading that many bytes), version, reserved bytes, body length over the
 * limit (before reading the body), then - once the body and auth are read
 * - content type, accept type, auth type, opcode, provider. A read that
 * fails or stays silent for 200 ms is ConnectionError. */
#include "conn.h"

#include <errno.h>
#include <openssl/rand.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "dispatch.h"
#include "faults.h"
#include "reqlog.h"

#define READ_TIMEOUT_MS 200
#define WRITE_TIMEOUT_MS 2000
#define GARBAGE_LEN 64

/* Reads exactly len bytes; -1 on EOF, error or 200 ms of silence. */
static int read_exact(int fd, uint8_t *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		struct pollfd p = {fd, POLLIN, 0};
		ssize_t n;
		int r = poll(&p, 1, READ_TIMEOUT_MS);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		n = recv(fd, buf + got, len - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	return 0;
}

static void write_all(int fd, const uint8_t *buf, size_t len)
{
	while (len > 0) {
		struct pollfd p = {fd, POLLOUT, 0};
		ssize_t n;
		int r = poll(&p, 1, WRITE_TIMEOUT_MS);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return;
		n = send(fd, buf, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		buf += n;
		len -= (size_t)n;
	}
}

/* req NULL: the default header. */
static void respond(int fd, const wire_header_t *req, fake_status_t status,
		    const fake_buf_t *body)
{
	wire_header_t h;
	uint8_t raw[WIRE_HEADER_LEN];

	wire_header_init(&h);
	h.opcode = PARSEC_OP_PING;
	if (req) {
		h.provider = req->provider;
		h.session = req->session;
		h.content_type = req->accept_type;
		h.opcode = req->opcode;
	}
	h.status = status;
	h.body_len = body ? (uint32_t)body->len : 0;
	wire_header_encode(&h, raw);
	write_all(fd, raw, sizeof(raw));
	if (body && body->len)
		write_all(fd, body->data, body->len);
}

static int read_part(int fd, fake_buf_t *b, size_t len)
{
	b->data = malloc(len ? len : 1);
	if (!b->data)
		return -1;
	b->len = len;
	return len ? read_exact(fd, b->data, len) : 0;
}

/* The fixed part of the header, as WireHeader::read_from_stream. */
static fake_status_t read_header(int fd, wire_header_t *h)
{
	uint8_t raw[WIRE_HEADER_LEN] = {0}, *rest = NULL;
	wire_header_t probe;
	fake_status_t st = FAKE_ST(CONNECTION_ERROR);

	if (read_exact(fd, raw, 4) != 0)
		return st;
	wire_header_decode(raw, &probe);
	if (probe.magic != WIRE_HEADER_MAGIC)
		return FAKE_ST(INVALID_HEADER);
	if (read_exact(fd, raw + 4, 2) != 0)
		return st;
	wire_header_decode(raw, &probe);
	/* The service reads hdr_size bytes before judging the size. */
	rest = malloc(probe.hdr_size ? probe.hdr_size : 1);
	if (!rest || read_exact(fd, rest, probe.hdr_size) != 0)
		goto out;
	if (probe.hdr_size != WIRE_HEADER_SIZE_FIELD) {
		st = FAKE_ST(INVALID_HEADER);
		goto out;
	}
	memcpy(raw + 6, rest, WIRE_HEADER_SIZE_FIELD);
	wire_header_decode(raw, h);
	switch (wire_header_check(h)) {
	case WIRE_HEADER_OK:
		st = FAKE_OK;
		break;
	case WIRE_HEADER_BAD_VERSION:
		st = FAKE_ST(WIRE_PROTOCOL_VERSION_NOT_SUPPORTED);
		break;
	default:
		st = FAKE_ST(INVALID_HEADER);
		break;
	}
out:
	free(rest);
	return st;
}

/* RequestHeader::try_from(raw), field by field. */
static fake_status_t convert_header(const wire_header_t *h)
{
	if (h->content_type != WIRE_BODY_PROTOBUF)
		return FAKE_ST(CONTENT_TYPE_NOT_SUPPORTED);
	if (h->accept_type != WIRE_BODY_PROTOBUF)
		return FAKE_ST(ACCEPT_TYPE_NOT_SUPPORTED);
	if (h->auth_type > PARSEC_AUTH_JWT_SVID)
		return FAKE_ST(AUTHENTICATOR_DOES_NOT_EXIST);
	if (!dispatch_opcode_name(h->opcode))
		return FAKE_ST(OPCODE_DOES_NOT_EXIST);
	if (h->provider > PARSEC_PROVIDER_CRYPTOAUTHLIB)
		return FAKE_ST(PROVIDER_DOES_NOT_EXIST);
	return FAKE_OK;
}

static fake_status_t read_request(int fd, fake_request_t *req)
{
	fake_status_t st = read_header(fd, &req->hdr);

	if (st != FAKE_OK)
		return st;
	if (req->hdr.body_len > FAKE_BODY_LIMIT)
		return FAKE_ST(BODY_SIZE_EXCEEDS_LIMIT);
	if (read_part(fd, &req->body, req->hdr.body_len) != 0 ||
	    read_part(fd, &req->auth, req->hdr.auth_len) != 0)
		return FAKE_ST(CONNECTION_ERROR);
	return convert_header(&req->hdr);
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static void send_garbage(int fd)
{
	uint8_t junk[GARBAGE_LEN];

	if (RAND_bytes(junk, sizeof(junk)) != 1)
		memset(junk, 0xA5, sizeof(junk));
	/* Never by chance the first byte of the magic number. */
	if (junk[0] == (WIRE_HEADER_MAGIC & 0xff))
		junk[0] ^= 0xff;
	write_all(fd, junk, sizeof(junk));
}

/* Returns 1 when a fault replaced the answer. */
static int apply_faults(fake_server_t *srv, int fd, const fake_request_t *req)
{
	fake_fault_t f;

	faults_take(srv->faults, req->hdr.opcode, &f);
	if (f.delay_ms)
		sleep_ms(f.delay_ms);
	if (f.drop) {
		reqlog_write(srv->log, &req->hdr, NULL, 0);
		return 1;
	}
	if (f.garbage) {
		send_garbage(fd);
		return 1;
	}
	if (f.has_status) {
		reqlog_write(srv->log, &req->hdr, NULL, f.status);
		respond(fd, &req->hdr, f.status, NULL);
		return 1;
	}
	return 0;
}

void conn_serve(fake_server_t *srv, int fd)
{
	fake_request_t req = {.fd = fd};
	fake_buf_t body = {0};
	char *app = NULL;
	fake_status_t st;

	st = read_request(fd, &req);
	if (st != FAKE_OK) {
		reqlog_write(srv->log, NULL, NULL, st);
		respond(fd, NULL, st, NULL);
		goto out;
	}
	if (apply_faults(srv, fd, &req))
		goto out;
	st = dispatch_request(srv, &req, &body, &app);
	/* Logged first: a client that reads the log after its response
	 * finds the line. */
	reqlog_write(srv->log, &req.hdr, app, st);
	respond(fd, &req.hdr, st, st == FAKE_OK ? &body : NULL);
out:
	fake_buf_clear(&body);
	fake_buf_clear(&req.body);
	fake_buf_clear(&req.auth);
	free(app);
	close(fd);
}
