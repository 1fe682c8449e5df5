/* test_service.c - start and stop the Parsec test double for a test, or
 * adopt the real service named by PARSEC_TEST_ENDPOINT. */
#include "test_service.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define START_TIMEOUT_MS 10000
#define STOP_GRACE_MS 2000
#define POLL_MS 10
#define MAX_ARGS 32

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static const char *double_path(void)
{
	const char *p = getenv("FAKE_PARSECD");

	return p && *p ? p : "tests/fake-parsec/fake-parsecd";
}

static int build_argv(const test_service_t *svc, const char **argv)
{
	int n = 0;

	argv[n++] = double_path();
	argv[n++] = "--socket";
	argv[n++] = svc->socket_path;
	argv[n++] = "--store";
	argv[n++] = svc->store_path;
	argv[n++] = "--control";
	argv[n++] = svc->control_path;
	argv[n++] = "--log";
	argv[n++] = svc->log_path;
	argv[n++] = "--auth";
	argv[n++] = svc->opts.auth ? svc->opts.auth : "direct";
	if (svc->opts.tpm)
		argv[n++] = "--tpm";
	if (svc->opts.jwt_key) {
		argv[n++] = "--jwt-key";
		argv[n++] = svc->opts.jwt_key;
	}
	for (const char *const *e = svc->opts.extra_args; e && *e; e++) {
		if (n >= MAX_ARGS - 1)
			return -1;
		argv[n++] = *e;
	}
	argv[n] = NULL;
	return 0;
}

/* Reaps the child if it exited; 1 if it did. */
static int child_exited(test_service_t *svc)
{
	int status;

	if (svc->pid > 0 && waitpid(svc->pid, &status, WNOHANG) == svc->pid) {
		svc->pid = 0;
		return 1;
	}
	return 0;
}

static int spawn(test_service_t *svc)
{
	const char *argv[MAX_ARGS];
	pid_t parent = getpid();
	struct stat st;

	if (build_argv(svc, argv) != 0) {
		fprintf(stderr, "test_service: too many extra arguments\n");
		return -1;
	}
	/* A killed double leaves its socket file behind. */
	unlink(svc->socket_path);
	svc->pid = fork();
	if (svc->pid < 0) {
		svc->pid = 0;
		perror("test_service: fork");
		return -1;
	}
	if (svc->pid == 0) {
		/* Dies with the test, even one that failed before stopping
		 * it, so that no double outlives its test. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != parent)
			_exit(127);
		execv(argv[0], (char *const *)argv);
		fprintf(stderr, "test_service: cannot run %s: %s\n", argv[0],
			strerror(errno));
		_exit(127);
	}
	for (int waited = 0; waited < START_TIMEOUT_MS; waited += POLL_MS) {
		if (stat(svc->socket_path, &st) == 0 && S_ISSOCK(st.st_mode))
			return 0;
		if (child_exited(svc)) {
			fprintf(stderr, "test_service: %s exited early\n",
				argv[0]);
			return -1;
		}
		sleep_ms(POLL_MS);
	}
	fprintf(stderr, "test_service: no socket after %d ms\n",
		START_TIMEOUT_MS);
	test_service_pause(svc);
	return -1;
}

/* SIGTERM, then SIGKILL after the grace period; always reaps. */
static void terminate(test_service_t *svc)
{
	if (svc->pid <= 0)
		return;
	kill(svc->pid, SIGTERM);
	for (int waited = 0; waited < STOP_GRACE_MS; waited += POLL_MS) {
		if (child_exited(svc))
			return;
		sleep_ms(POLL_MS);
	}
	kill(svc->pid, SIGKILL);
	waitpid(svc->pid, NULL, 0);
	svc->pid = 0;
}

static void remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[PATH_MAX];

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) <
		    (int)sizeof(path))
			unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

static int adopt_external(const char *endpoint, test_service_t *svc)
{
	if (strncmp(endpoint, "unix:", 5) != 0 ||
	    strlen(endpoint) >= sizeof(svc->endpoint)) {
		fprintf(stderr, "test_service: PARSEC_TEST_ENDPOINT must be "
				"unix:/path\n");
		return -1;
	}
	svc->external = 1;
	strcpy(svc->endpoint, endpoint);
	snprintf(svc->socket_path, sizeof(svc->socket_path), "%s",
		 endpoint + 5);
	return setenv("PARSEC_SERVICE_ENDPOINT", svc->endpoint, 1);
}

static int set_path(char *dst, size_t size, const char *dir, const char *f)
{
	return snprintf(dst, size, "%s/%s", dir, f) < (int)size ? 0 : -1;
}

int test_service_start(const test_service_opts_t *opts, test_service_t *svc)
{
	const char *ext = getenv("PARSEC_TEST_ENDPOINT");

	memset(svc, 0, sizeof(*svc));
	if (opts)
		svc->opts = *opts;
	if (ext && *ext)
		return adopt_external(ext, svc);
	strcpy(svc->dir, "/tmp/fake-parsec.XXXXXX");
	if (!mkdtemp(svc->dir)) {
		perror("test_service: mkdtemp");
		return -1;
	}
	if (set_path(svc->socket_path, sizeof(svc->socket_path), svc->dir,
		     "parsec.sock") ||
	    set_path(svc->store_path, sizeof(svc->store_path), svc->dir,
		     "store") ||
	    set_path(svc->control_path, sizeof(svc->control_path), svc->dir,
		     "control") ||
	    set_path(svc->log_path, sizeof(svc->log_path), svc->dir, "log"))
		goto fail;
	snprintf(svc->endpoint, sizeof(svc->endpoint), "unix:%s",
		 svc->socket_path);
	if (setenv("PARSEC_SERVICE_ENDPOINT", svc->endpoint, 1) != 0 ||
	    spawn(svc) != 0)
		goto fail;
	return 0;
fail:
	remove_dir(svc->dir);
	svc->dir[0] = 0;
	return -1;
}

void test_service_stop(test_service_t *svc)
{
	if (svc->external)
		return;
	terminate(svc);
	if (svc->dir[0])
		remove_dir(svc->dir);
	svc->dir[0] = 0;
}

int test_service_restart(test_service_t *svc)
{
	if (svc->external)
		return -1;
	terminate(svc);
	return spawn(svc);
}

int test_service_pause(test_service_t *svc)
{
	if (svc->external)
		return -1;
	if (svc->pid > 0) {
		kill(svc->pid, SIGKILL);
		waitpid(svc->pid, NULL, 0);
		svc->pid = 0;
	}
	return 0;
}

int test_service_resume(test_service_t *svc)
{
	if (svc->external)
		return -1;
	if (svc->pid > 0)
		return 0;
	return spawn(svc);
}

int test_service_set_faults(test_service_t *svc, const char *spec)
{
	char tmp[PATH_MAX + 8];
	FILE *f;
	int ok;

	if (svc->external)
		return -1;
	if (snprintf(tmp, sizeof(tmp), "%s.tmp", svc->control_path) >=
	    (int)sizeof(tmp))
		return -1;
	f = fopen(tmp, "w");
	if (!f)
		return -1;
	ok = fputs(spec ? spec : "", f) >= 0;
	ok = (fclose(f) == 0) && ok;
	if (!ok || rename(tmp, svc->control_path) != 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

int test_service_is_external(const test_service_t *svc)
{
	return svc->external;
}
