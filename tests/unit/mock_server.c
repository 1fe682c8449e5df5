/* mock_server.c - see mock_server.h. */
#include "mock_server.h"

#include <limits.h>

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "test_workdir.h"

#define MOCK_REPLIES 8
#define MOCK_MAX_BODY (4u * 1024u * 1024u)
#define MOCK_WAIT_MS 5000

struct mock_server {
	char dir[PATH_MAX];
	char path[PATH_MAX + 16];
	char endpoint[PATH_MAX + 32];
	int listen_fd;
	int stop_pipe[2];
	pthread_t thread;
	pthread_mutex_t lock;
	uint32_t opcodes[MOCK_REPLIES];
	mock_reply_t replies[MOCK_REPLIES];
	size_t n_replies;
	mock_reply_t default_reply;
	mock_request_t *requests;
	size_t n_requests;
};

static int read_full(int fd, uint8_t *buf, size_t len)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = recv(fd, buf + done, len - done, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		done += (size_t)n;
	}
	return 0;
}

static void send_all(int fd, const uint8_t *buf, size_t len)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = send(fd, buf + done, len - done, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		done += (size_t)n;
	}
}

static void reply_pick(mock_server_t *m, uint32_t opcode, mock_reply_t *out)
{
	size_t i;

	pthread_mutex_lock(&m->lock);
	*out = m->default_reply;
	for (i = 0; i < m->n_replies; i++) {
		if (m->opcodes[i] == opcode)
			*out = m->replies[i];
	}
	pthread_mutex_unlock(&m->lock);
}

static void record(mock_server_t *m, const mock_request_t *r)
{
	mock_request_t *grown;

	pthread_mutex_lock(&m->lock);
	grown = realloc(m->requests, (m->n_requests + 1) * sizeof(*grown));
	ck_assert_ptr_nonnull(grown);
	m->requests = grown;
	m->requests[m->n_requests++] = *r;
	pthread_mutex_unlock(&m->lock);
}

/* Reads body and auth of a request whose header is in r. */
static int read_rest(int fd, mock_request_t *r)
{
	r->body_len = r->header.body_len;
	r->auth_len = r->header.auth_len;
	if (r->body_len > MOCK_MAX_BODY)
		return -1;
	r->body = malloc(r->body_len + 1);
	r->auth = malloc(r->auth_len + 1);
	ck_assert(r->body && r->auth);
	if (read_full(fd, r->body, r->body_len) ||
	    read_full(fd, r->auth, r->auth_len))
		return -1;
	return 0;
}

static void answer(int fd, const mock_request_t *req, const mock_reply_t *r)
{
	uint8_t *out = malloc(WIRE_HEADER_LEN + r->body_len);
	wire_header_t h = r->header;
	size_t len = WIRE_HEADER_LEN + r->body_len;

	ck_assert_ptr_nonnull(out);
	if (r->echo) {
		h.provider = req->header.provider;
		h.opcode = req->header.opcode;
	}
	if (!r->keep_body_len)
		h.body_len = (uint32_t)r->body_len;
	wire_header_encode(&h, out);
	memcpy(out + WIRE_HEADER_LEN, r->body, r->body_len);
	send_all(fd, out,
		 r->close_after && r->close_after < len ? r->close_after : len);
	free(out);
}

/* Holds the connection open, answering nothing, until the client closes
 * it (its timeout) or MOCK_WAIT_MS pass. */
static void stay_silent(int fd)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	uint8_t sink[256];

	while (poll(&p, 1, MOCK_WAIT_MS) > 0 &&
	       recv(fd, sink, sizeof(sink), 0) > 0)
		;
}

static void handle(mock_server_t *m, int fd)
{
	struct timeval tv = {.tv_sec = MOCK_WAIT_MS / 1000};
	uint8_t raw[WIRE_HEADER_LEN];
	mock_request_t req = {0};
	mock_reply_t reply;

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (read_full(fd, raw, sizeof(raw)) != 0)
		return;
	wire_header_decode(raw, &req.header);
	reply_pick(m, req.header.opcode, &reply);
	if (!reply.before_body && read_rest(fd, &req) != 0) {
		mock_request_free(&req);
		return;
	}
	record(m, &req);
	if (reply.silent)
		stay_silent(fd);
	else
		answer(fd, &req, &reply);
}

static void *serve(void *arg)
{
	mock_server_t *m = arg;
	struct pollfd p[2] = {{.fd = m->listen_fd, .events = POLLIN},
			      {.fd = m->stop_pipe[0], .events = POLLIN}};
	int fd;

	for (;;) {
		if (poll(p, 2, -1) < 0 && errno != EINTR)
			break;
		if (p[1].revents)
			break;
		if (!(p[0].revents & POLLIN))
			continue;
		fd = accept4(m->listen_fd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0)
			continue;
		handle(m, fd);
		close(fd);
	}
	return NULL;
}

mock_server_t *mock_start(void)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	mock_server_t *m = calloc(1, sizeof(*m));

	ck_assert_ptr_nonnull(m);
	test_workdir_mkdtemp(m->dir, sizeof(m->dir), "mock");
	snprintf(m->path, sizeof(m->path), "%s/parsec.sock", m->dir);
	snprintf(m->endpoint, sizeof(m->endpoint), "unix:%s", m->path);
	ck_assert_uint_lt(strlen(m->path), sizeof(sa.sun_path));
	memcpy(sa.sun_path, m->path, strlen(m->path) + 1);
	m->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	ck_assert_int_ge(m->listen_fd, 0);
	ck_assert_int_eq(bind(m->listen_fd, (struct sockaddr *)&sa, sizeof(sa)),
			 0);
	ck_assert_int_eq(listen(m->listen_fd, 128), 0);
	ck_assert_int_eq(pipe2(m->stop_pipe, O_CLOEXEC), 0);
	pthread_mutex_init(&m->lock, NULL);
	mock_reply_init(&m->default_reply, NULL);
	ck_assert_int_eq(pthread_create(&m->thread, NULL, serve, m), 0);
	return m;
}

void mock_stop(mock_server_t *m)
{
	size_t i;

	if (!m)
		return;
	ck_assert_int_eq(write(m->stop_pipe[1], "x", 1), 1);
	pthread_join(m->thread, NULL);
	close(m->listen_fd);
	close(m->stop_pipe[0]);
	close(m->stop_pipe[1]);
	unlink(m->path);
	rmdir(m->dir);
	for (i = 0; i < m->n_requests; i++)
		mock_request_free(&m->requests[i]);
	free(m->requests);
	pthread_mutex_destroy(&m->lock);
	free(m);
}

const char *mock_endpoint(const mock_server_t *m)
{
	return m->endpoint;
}

const char *mock_dir(const mock_server_t *m)
{
	return m->dir;
}

void mock_reply_init(mock_reply_t *r, const ProtobufCMessage *msg)
{
	memset(r, 0, sizeof(*r));
	wire_header_init(&r->header);
	r->echo = 1;
	if (msg) {
		r->body_len = protobuf_c_message_get_packed_size(msg);
		ck_assert_uint_le(r->body_len, sizeof(r->body));
		protobuf_c_message_pack(msg, r->body);
	}
}

void mock_set_reply(mock_server_t *m, uint32_t opcode, const mock_reply_t *r)
{
	size_t i;

	pthread_mutex_lock(&m->lock);
	if (opcode == 0) {
		m->default_reply = *r;
		pthread_mutex_unlock(&m->lock);
		return;
	}
	for (i = 0; i < m->n_replies && m->opcodes[i] != opcode; i++)
		;
	ck_assert_uint_lt(i, MOCK_REPLIES);
	m->opcodes[i] = opcode;
	m->replies[i] = *r;
	if (i == m->n_replies)
		m->n_replies++;
	pthread_mutex_unlock(&m->lock);
}

size_t mock_request_count(mock_server_t *m)
{
	size_t n;

	pthread_mutex_lock(&m->lock);
	n = m->n_requests;
	pthread_mutex_unlock(&m->lock);
	return n;
}

static uint8_t *copy_bytes(const uint8_t *p, size_t len)
{
	uint8_t *c = malloc(len + 1);

	ck_assert_ptr_nonnull(c);
	if (len)
		memcpy(c, p, len);
	return c;
}

void mock_request_get(mock_server_t *m, long i, mock_request_t *out)
{
	const mock_request_t *r;

	pthread_mutex_lock(&m->lock);
	ck_assert_uint_gt(m->n_requests, 0);
	if (i < 0)
		i = (long)m->n_requests - 1;
	ck_assert_uint_lt((size_t)i, m->n_requests);
	r = &m->requests[i];
	*out = *r;
	out->body = r->body ? copy_bytes(r->body, r->body_len) : NULL;
	out->auth = r->auth ? copy_bytes(r->auth, r->auth_len) : NULL;
	pthread_mutex_unlock(&m->lock);
}

void mock_request_free(mock_request_t *r)
{
	free(r->body);
	free(r->auth);
	r->body = r->auth = NULL;
}

parsec_client_t *mock_client(const mock_server_t *m, parsec_auth_choice_t auth)
{
	parsec_client_config_t cfg = {
		.endpoint = m->endpoint,
		.auth = auth,
		.app_name = "unit-app",
		.io_timeout_ms = 2000,
	};
	parsec_client_t *c = NULL;

	ck_assert_int_eq(parsec_client_new(&cfg, &c), PARSEC_SUCCESS);
	return c;
}
