/* main.c - fake-parsecd: options, the listening socket and the accept
 * loop (a thread per connection). SIGTERM/SIGINT remove the socket and
 * exit 0. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "auth.h"
#include "conn.h"
#include "faults.h"
#include "keystore.h"
#include "reqlog.h"

#define MAX_CONNECTIONS 64
#define DRAIN_MS 3000

typedef struct options {
	const char *socket;
	const char *auth;
	const char *jwt_key;
	const char *store;
	const char *control;
	const char *log;
	int tpm;
} options_t;

static const char usage[] =
	"Usage: fake-parsecd --socket PATH [options]\n"
	"A test double of the Parsec service 1.x (wire protocol 1.0).\n"
	"\n"
	"  --socket PATH      Unix socket to listen on (created atomically)\n"
	"  --auth NAME        the one authenticator: direct (default), unix,\n"
	"                     jwt-svid\n"
	"  --jwt-key FILE     PEM public key that signs JWT-SVIDs (ES256 or\n"
	"                     RS256); needed with --auth jwt-svid\n"
	"  --store FILE       keep keys in FILE across restarts (0600)\n"
	"  --tpm              also offer the TPM-like provider (id 3)\n"
	"  --control FILE     fault switches, re-read on every request\n"
	"  --log FILE         one line per request (no secrets)\n"
	"  --help             this text\n"
	"\n"
	"Control file: key=value lines, '#' starts a comment:\n"
	"  delay_ms=N   sleep N ms before answering\n"
	"  drop=1       close the connection without answering\n"
	"  garbage=1    answer with random bytes\n"
	"  status=N     answer status N with an empty body (header echoed)\n"
	"  opcode=N     limit the faults to requests with opcode N\n"
	"  count=N      apply them to the next N matching requests only (the\n"
	"               count restarts when the file's content changes)\n"
	"A missing file means no fault.\n";

static int stop_pipe[2] = {-1, -1};

static void on_signal(int sig)
{
	int saved = errno;
	char c = (char)sig;

	if (write(stop_pipe[1], &c, 1) < 0) {
		/* nothing else is safe here */
	}
	errno = saved;
}

static int parse_options(int argc, char **argv, options_t *o)
{
	static const struct option longopts[] = {
		{"socket", required_argument, NULL, 's'},
		{"auth", required_argument, NULL, 'a'},
		{"jwt-key", required_argument, NULL, 'j'},
		{"store", required_argument, NULL, 'S'},
		{"tpm", no_argument, NULL, 't'},
		{"control", required_argument, NULL, 'c'},
		{"log", required_argument, NULL, 'l'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->auth = "direct";
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			o->socket = optarg;
			break;
		case 'a':
			o->auth = optarg;
			break;
		case 'j':
			o->jwt_key = optarg;
			break;
		case 'S':
			o->store = optarg;
			break;
		case 't':
			o->tpm = 1;
			break;
		case 'c':
			o->control = optarg;
			break;
		case 'l':
			o->log = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			exit(0);
		default:
			fputs(usage, stderr);
			return -1;
		}
	}
	if (optind != argc || !o->socket) {
		fputs(usage, stderr);
		return -1;
	}
	return 0;
}

/* Binds a temporary name in the socket's directory, then renames it into
 * place: the socket path exists only once the double accepts. */
static int listen_socket(const char *path)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	int fd;

	if (snprintf(addr.sun_path, sizeof(addr.sun_path), "%s.%ld.tmp", path,
		     (long)getpid()) >= (int)sizeof(addr.sun_path)) {
		fake_warn("socket path too long: %s", path);
		return -1;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	unlink(addr.sun_path);
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0 ||
	    listen(fd, 128) != 0 || rename(addr.sun_path, path) != 0) {
		fake_warn("cannot listen on %s: %s", path, strerror(errno));
		unlink(addr.sun_path);
		close(fd);
		return -1;
	}
	return fd;
}

/* ---- connection threads ---------------------------------------------- */

/* Joinable threads in a fixed table, so that a stopping double can join
 * every one of them and exit with nothing in flight. */
typedef struct conn_slot {
	pthread_t thread;
	int used; /* a thread was started and not joined yet */
	int done; /* it has finished serving */
	fake_server_t *srv;
	int fd;
} conn_slot_t;

static pthread_mutex_t conn_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t conn_cond = PTHREAD_COND_INITIALIZER;
static conn_slot_t slots[MAX_CONNECTIONS];

static void *conn_thread(void *arg)
{
	conn_slot_t *slot = arg;

	conn_serve(slot->srv, slot->fd);
	pthread_mutex_lock(&conn_lock);
	slot->done = 1;
	pthread_cond_broadcast(&conn_cond);
	pthread_mutex_unlock(&conn_lock);
	return NULL;
}

/* Joins finished threads; returns a free slot, or NULL. Called locked. */
static conn_slot_t *reap_locked(void)
{
	conn_slot_t *free_slot = NULL;

	for (size_t i = 0; i < MAX_CONNECTIONS; i++) {
		if (slots[i].used && slots[i].done) {
			pthread_join(slots[i].thread, NULL);
			slots[i].used = 0;
		}
		if (!slots[i].used && !free_slot)
			free_slot = &slots[i];
	}
	return free_slot;
}

static void start_connection(fake_server_t *srv, int fd)
{
	conn_slot_t *slot;

	pthread_mutex_lock(&conn_lock);
	while (!(slot = reap_locked()))
		pthread_cond_wait(&conn_cond, &conn_lock);
	slot->used = 1;
	slot->done = 0;
	slot->srv = srv;
	slot->fd = fd;
	if (pthread_create(&slot->thread, NULL, conn_thread, slot) != 0) {
		slot->used = 0;
		close(fd);
	}
	pthread_mutex_unlock(&conn_lock);
}

/* Waits (bounded) for the connections in flight and joins them; 0 when
 * one is still busy after the drain time. */
static int drain_connections(void)
{
	struct timespec until;
	int busy = 0;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += DRAIN_MS / 1000;
	pthread_mutex_lock(&conn_lock);
	for (;;) {
		reap_locked();
		busy = 0;
		for (size_t i = 0; i < MAX_CONNECTIONS; i++)
			busy |= slots[i].used;
		if (!busy || pthread_cond_timedwait(&conn_cond, &conn_lock,
						    &until) == ETIMEDOUT)
			break;
	}
	pthread_mutex_unlock(&conn_lock);
	return !busy;
}

static void serve(fake_server_t *srv, int lfd)
{
	struct pollfd p[2] = {{lfd, POLLIN, 0}, {stop_pipe[0], POLLIN, 0}};

	for (;;) {
		int fd;

		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		if (p[1].revents)
			return;
		fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
		if (fd >= 0)
			start_connection(srv, fd);
	}
}

static int setup_signals(void)
{
	struct sigaction sa = {.sa_handler = on_signal};

	if (pipe2(stop_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
		return -1;
	sigemptyset(&sa.sa_mask);
	signal(SIGPIPE, SIG_IGN);
	return sigaction(SIGTERM, &sa, NULL) | sigaction(SIGINT, &sa, NULL);
}

static int server_init(fake_server_t *srv, const options_t *o)
{
	memset(srv, 0, sizeof(*srv));
	srv->tpm = o->tpm;
	srv->auth = auth_by_name(o->auth);
	if (!srv->auth) {
		fake_warn("unknown authenticator '%s'", o->auth);
		return -1;
	}
	if (srv->auth->init(o->jwt_key, &srv->auth_state) != 0)
		return -1;
	if (keystore_open(o->store, &srv->keys) != 0)
		return -1;
	if (o->control && !(srv->faults = faults_new(o->control)))
		return -1;
	if (o->log && !(srv->log = reqlog_open(o->log)))
		return -1;
	return 0;
}

static void server_fini(fake_server_t *srv)
{
	if (srv->auth)
		srv->auth->fini(srv->auth_state);
	keystore_close(srv->keys);
	faults_free(srv->faults);
	reqlog_close(srv->log);
}

int main(int argc, char **argv)
{
	fake_server_t srv;
	options_t o;
	int lfd = -1, rc = 1;

	memset(&srv, 0, sizeof(srv));
	if (parse_options(argc, argv, &o) != 0)
		return 2;
	umask(077);
	if (setup_signals() != 0 || server_init(&srv, &o) != 0)
		goto out;
	lfd = listen_socket(o.socket);
	if (lfd < 0)
		goto out;
	serve(&srv, lfd);
	close(lfd);
	unlink(o.socket);
	/* A connection still busy past the drain time keeps its state. */
	if (!drain_connections())
		return 0;
	rc = 0;
out:
	server_fini(&srv);
	close(stop_pipe[0]);
	close(stop_pipe[1]);
	return rc;
}
