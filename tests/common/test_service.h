/*
 * test_service.h - start the Parsec test double for a test, or use the
 * real service named by PARSEC_TEST_ENDPOINT.
 *
 * With PARSEC_TEST_ENDPOINT=unix:/path set, test_service_start() starts
 * nothing and hands out that endpoint: the same tests then check the
 * real service. Tests that need the double's extras (restart, faults,
 * a second provider) ask test_service_is_external() and skip that part
 * with a printed reason.
 *
 * The double's binary is found through the FAKE_PARSECD environment
 * variable (make check sets it), else tests/fake-parsec/fake-parsecd
 * relative to the current directory.
 */
#ifndef TESTS_TEST_SERVICE_H
#define TESTS_TEST_SERVICE_H

#include <limits.h>
#include <sys/types.h>

typedef struct test_service_opts {
	const char *auth; /* "direct" (default), "unix" or "jwt-svid" */
	int tpm;	  /* also expose the TPM-like provider, id 3 */
	/* jwt-svid only: PEM public key the double trusts; NULL: none */
	const char *jwt_key;
	/* extra command-line arguments, NULL-terminated, may be NULL */
	const char *const *extra_args;
} test_service_opts_t;

typedef struct test_service {
	char endpoint[PATH_MAX + 8]; /* "unix:/..." */
	char socket_path[PATH_MAX];
	char store_path[PATH_MAX];   /* the double's --store file */
	char control_path[PATH_MAX]; /* the double's --control file */
	char log_path[PATH_MAX];     /* the double's --log file */
	char dir[PATH_MAX];	     /* private temp dir, removed on stop */
	pid_t pid;		     /* 0 when external */
	int external;
	test_service_opts_t opts;
} test_service_t;

/* Starts the double (waits until its socket exists, at most 10 s) or
 * adopts PARSEC_TEST_ENDPOINT. Also sets PARSEC_SERVICE_ENDPOINT in this
 * process's environment. Returns 0 on success, -1 with a message on
 * stderr otherwise. opts may be NULL. */
int test_service_start(const test_service_opts_t *opts, test_service_t *svc);

/* Stops the double (SIGTERM, then SIGKILL after 2 s), removes its temp
 * dir. Harmless on an external service. */
void test_service_stop(test_service_t *svc);

/* Stops and starts the double again on the same socket and store, as a
 * service restart would. Returns -1 when external. */
int test_service_restart(test_service_t *svc);

/* Kills the double without removing anything, so the service is
 * unreachable until test_service_resume(). Returns -1 when external. */
int test_service_pause(test_service_t *svc);
int test_service_resume(test_service_t *svc);

/* Writes the double's fault control file (see fake-parsecd --help), e.g.
 * "delay_ms=300\n" or "status=1132\nopcode=4\n"; NULL or "" clears all
 * faults. Returns -1 when external. */
int test_service_set_faults(test_service_t *svc, const char *spec);

int test_service_is_external(const test_service_t *svc);

#endif
