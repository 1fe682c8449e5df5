/*
 * transport_unix.c - the service's Unix domain socket.
 *
 * Sockets are non-blocking and every wait is a poll() bounded by a
 * deadline, so that no call can hang on a stuck service.
 */
#include "transport.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "deadline.h"

/* AF_UNIX reports a full listen backlog as EAGAIN instead of completing
 * later (unix(7)); connect is retried at this pace until the timeout. */
#define CONNECT_RETRY_MS 5

static parsec_status_t unix_check_address(const char *path)
{
	struct sockaddr_un sa;

	if (path[0] != '/') {
		parsec_log(PARSEC_LOG_ERROR,
			   "endpoint: unix socket path is not absolute");
		return PARSEC_E_ENDPOINT;
	}
	if (strlen(path) >= sizeof(sa.sun_path)) {
		parsec_log(PARSEC_LOG_ERROR,
			   "endpoint: unix socket path longer than %zu bytes",
			   sizeof(sa.sun_path) - 1);
		return PARSEC_E_ENDPOINT;
	}
	return PARSEC_SUCCESS;
}

static parsec_status_t wait_fd(int fd, short events, int64_t deadline,
			       const char *what)
{
	struct pollfd p = {.fd = fd, .events = events};
	int n;

	for (;;) {
		n = poll(&p, 1, deadline_remaining(deadline));
		if (n > 0)
			return PARSEC_SUCCESS;
		if (n == 0) {
			parsec_log(PARSEC_LOG_WARNING,
				   "%s: the service did not answer in time",
				   what);
			return PARSEC_E_TIMEOUT;
		}
		if (errno != EINTR) {
			parsec_log(PARSEC_LOG_WARNING, "%s: poll: %m", what);
			return PARSEC_E_IO;
		}
	}
}

static parsec_status_t wait_connected(int fd, int64_t deadline,
				      const char *path)
{
	socklen_t len = sizeof(int);
	parsec_status_t rc;
	int err = 0;

	rc = wait_fd(fd, POLLOUT, deadline, "connect");
	if (rc != PARSEC_SUCCESS)
		return rc;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
		err = errno;
	if (err == 0)
		return PARSEC_SUCCESS;
	errno = err;
	parsec_log(PARSEC_LOG_WARNING, "connect to %s: %m", path);
	return PARSEC_E_CONNECT;
}

static parsec_status_t connect_retrying(int fd, const struct sockaddr_un *sa,
					int64_t deadline)
{
	for (;;) {
		if (connect(fd, (const struct sockaddr *)sa, sizeof(*sa)) == 0)
			return PARSEC_SUCCESS;
		if (errno == EINPROGRESS || errno == EINTR)
			return wait_connected(fd, deadline, sa->sun_path);
		if (errno != EAGAIN) {
			parsec_log(PARSEC_LOG_WARNING, "connect to %s: %m",
				   sa->sun_path);
			return PARSEC_E_CONNECT;
		}
		if (deadline_remaining(deadline) == 0) {
			parsec_log(PARSEC_LOG_WARNING,
				   "connect to %s: backlog full until timeout",
				   sa->sun_path);
			return PARSEC_E_TIMEOUT;
		}
		poll(NULL, 0, CONNECT_RETRY_MS);
	}
}

static parsec_status_t unix_connect(const char *path, int timeout_ms,
				    transport_conn_t *conn)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int64_t deadline = deadline_after(timeout_ms);
	parsec_status_t rc;
	int fd;

	rc = unix_check_address(path);
	if (rc != PARSEC_SUCCESS)
		return rc;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		parsec_log(PARSEC_LOG_ERROR, "socket: %m");
		return PARSEC_E_CONNECT;
	}
	rc = connect_retrying(fd, &sa, deadline);
	if (rc != PARSEC_SUCCESS) {
		close(fd);
		return rc;
	}
	conn->transport = &transport_unix;
	conn->fd = fd;
	conn->state = NULL;
	return PARSEC_SUCCESS;
}

/* Moves len bytes in one direction: the same loop serves both. */
static parsec_status_t transfer(int fd, uint8_t *buf, size_t len,
				int64_t deadline, int writing)
{
	const char *what = writing ? "write to service" : "read from service";
	parsec_status_t rc;
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = writing ? send(fd, buf + done, len - done, MSG_NOSIGNAL)
			    : recv(fd, buf + done, len - done, 0);
		if (n > 0) {
			done += (size_t)n;
			continue;
		}
		if (n == 0) {
			parsec_log(PARSEC_LOG_WARNING,
				   "%s: closed after %zu of %zu bytes", what,
				   done, len);
			return PARSEC_E_IO;
		}
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK) {
			parsec_log(PARSEC_LOG_WARNING, "%s: %m", what);
			return PARSEC_E_IO;
		}
		rc = wait_fd(fd, writing ? POLLOUT : POLLIN, deadline, what);
		if (rc != PARSEC_SUCCESS)
			return rc;
	}
	return PARSEC_SUCCESS;
}

static parsec_status_t unix_write_all(transport_conn_t *conn,
				      const uint8_t *buf, size_t len,
				      int64_t deadline)
{
	/* transfer() only reads from buf when writing */
	return transfer(conn->fd, (uint8_t *)buf, len, deadline, 1);
}

static parsec_status_t unix_read_exact(transport_conn_t *conn, uint8_t *buf,
				       size_t len, int64_t deadline)
{
	return transfer(conn->fd, buf, len, deadline, 0);
}

static void unix_close(transport_conn_t *conn)
{
	if (conn->fd >= 0)
		close(conn->fd);
	conn->fd = -1;
}

const transport_t transport_unix = {
	.scheme = "unix:",
	.check_address = unix_check_address,
	.connect = unix_connect,
	.write_all = unix_write_all,
	.read_exact = unix_read_exact,
	.close = unix_close,
};
