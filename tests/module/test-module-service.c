/*
 * test-module-service.c - the module and the service's availability
 * (down at C_Initialize, down later, back again without reloading),
 * fork(), and many threads with many sessions at once.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests/module/p11_test.h"

/* Presence is re-checked at most once a second. */
static void wait_past_retry(void)
{
	struct timespec ts = {1, 150 * 1000000L};

	nanosleep(&ts, NULL);
}

START_TEST(test_service_down_at_initialize_then_back)
{
	CK_ULONG n = 8;
	CK_SLOT_ID slots[8];
	CK_SESSION_HANDLE h;

	if (p11t_skip_external("stopping the service needs the double"))
		return;
	ck_assert_int_eq(test_service_pause(&p11t_svc), 0);
	/* p11-kit drops modules whose C_Initialize fails. */
	ck_assert_rv(F->C_Initialize(NULL), CKR_OK);
	ck_assert_rv(F->C_GetSlotList(CK_FALSE, NULL, &n), CKR_OK);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(test_service_resume(&p11t_svc), 0);
	wait_past_retry();
	n = 8;
	ck_assert_rv(F->C_GetSlotList(CK_TRUE, NULL, &n), CKR_OK);
	ck_assert_uint_eq(n, 1);
	ck_assert_rv(F->C_GetSlotList(CK_TRUE, slots, &n), CKR_OK);
	h = p11t_open(slots[0], 1);
	ck_assert_rv(F->C_CloseSession(h), CKR_OK);
}
END_TEST

START_TEST(test_service_down_later_then_back_without_reload)
{
	CK_SESSION_HANDLE h;
	CK_OBJECT_HANDLE pub, priv, pub2, priv2, found[4];
	CK_TOKEN_INFO ti;
	CK_SLOT_INFO si;
	CK_SLOT_ID slot;
	CK_ULONG n = 4;

	if (p11t_skip_external("stopping the service needs the double"))
		return;
	ck_assert_rv(F->C_Initialize(NULL), CKR_OK);
	slot = p11t_slot();
	h = p11t_open(slot, 1);
	ck_assert_rv(p11t_gen_ec(h, p11t_p256, sizeof(p11t_p256), "before",
				 CK_TRUE, &pub, &priv),
		     CKR_OK);
	ck_assert_int_eq(test_service_pause(&p11t_svc), 0);
	ck_assert_rv(p11t_gen_ec(h, p11t_p256, sizeof(p11t_p256), "during",
				 CK_TRUE, &pub2, &priv2),
		     CKR_DEVICE_ERROR);
	ck_assert_rv(F->C_GetTokenInfo(slot, &ti), CKR_TOKEN_NOT_PRESENT);
	ck_assert_rv(F->C_GetSlotInfo(slot, &si), CKR_OK);
	ck_assert_uint_eq(si.flags & CKF_TOKEN_PRESENT, 0);
	ck_assert_rv(F->C_GetSlotList(CK_TRUE, NULL, &n), CKR_OK);
	ck_assert_uint_eq(n, 0);
	ck_assert_rv(
		F->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &pub2),
		CKR_TOKEN_NOT_PRESENT);
	/* What is known is still answered. */
	ck_assert_uint_eq(p11t_find(h, NULL, 0, found, 4), 2);
	ck_assert_int_eq(test_service_resume(&p11t_svc), 0);
	wait_past_retry();
	ck_assert_rv(F->C_GetTokenInfo(slot, &ti), CKR_OK);
	/* The same session works again. */
	ck_assert_rv(p11t_gen_ec(h, p11t_p256, sizeof(p11t_p256), "after",
				 CK_TRUE, &pub2, &priv2),
		     CKR_OK);
	ck_assert_uint_eq(p11t_find(h, NULL, 0, found, 4), 4);
}
END_TEST

START_TEST(test_restarted_service_keeps_working)
{
	CK_SESSION_HANDLE h;
	CK_OBJECT_HANDLE pub, priv;

	if (p11t_skip_external("restarting the service needs the double"))
		return;
	ck_assert_rv(F->C_Initialize(NULL), CKR_OK);
	h = p11t_open(p11t_slot(), 1);
	ck_assert_int_eq(test_service_restart(&p11t_svc), 0);
	ck_assert_rv(p11t_gen_ec(h, p11t_p256, sizeof(p11t_p256), "k", CK_TRUE,
				 &pub, &priv),
		     CKR_OK);
}
END_TEST

START_TEST(test_failed_export_destroys_the_new_key)
{
	CK_SESSION_HANDLE h;
	CK_OBJECT_HANDLE pub, priv, found[2];
	parsec_client_t *c;
	parsec_key_info_t *keys;
	size_t n;

	if (p11t_skip_external("faults need the double's control file"))
		return;
	ck_assert_rv(F->C_Initialize(NULL), CKR_OK);
	h = p11t_open(p11t_slot(), 1);
	/* PsaExportPublicKey (opcode 7) answers GenericError once. */
	ck_assert_int_eq(
		test_service_set_faults(&p11t_svc, "status=1132\nopcode=7\n"),
		0);
	ck_assert_rv(p11t_gen_ec(h, p11t_p256, sizeof(p11t_p256), "half",
				 CK_TRUE, &pub, &priv),
		     CKR_FUNCTION_FAILED);
	ck_assert_int_eq(test_service_set_faults(&p11t_svc, NULL), 0);
	c = p11t_client();
	ck_assert_int_eq(parsec_list_keys(c, &keys, &n), PARSEC_SUCCESS);
	parsec_key_info_free(keys, n);
	parsec_client_free(c);
	ck_assert_uint_eq(n, 0);
	ck_assert_uint_eq(p11t_find(h, NULL, 0, found, 2), 0);
}
END_TEST

START_TEST(test_fork_child_must_initialize)
{
	CK_SESSION_HANDLE h;
	CK_OBJECT_HANDLE pub, priv;
	pid_t pid;
	int status;

	ck_assert_rv(F->C_Initialize(NULL), CKR_OK);
	h = p11t_open(p11t_slot(), 1);
	ck_assert_rv(p11t_gen_ec(h, p11t_p256, sizeof(p11t_p256), "parent",
				 CK_TRUE, &pub, &priv),
		     CKR_OK);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		CK_INFO info;
		CK_SESSION_HANDLE ch;
		int bad = 0;

		bad |= F->C_GetInfo(&info) != CKR_CRYPTOKI_NOT_INITIALIZED;
		bad |= F->C_CloseSession(h) != CKR_CRYPTOKI_NOT_INITIALIZED;
		bad |= F->C_Initialize(NULL) != CKR_OK;
		bad |= F->C_OpenSession(1, CKF_SERIAL_SESSION, NULL, NULL,
					&ch) != CKR_OK;
		if (!bad)
			bad |= p11t_find_label(ch, CKO_PRIVATE_KEY, "parent") ==
			       0;
		bad |= F->C_Finalize(NULL) != CKR_OK;
		_exit(bad);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	/* The parent is untouched. */
	ck_assert_uint_eq(p11t_find_label(h, CKO_PRIVATE_KEY, "parent"), priv);
}
END_TEST

#define THREADS 8
#define ROUNDS 3

static void *worker(void *arg)
{
	long id = (long)arg;
	CK_SESSION_HANDLE h;
	CK_OBJECT_HANDLE pub, priv;
	CK_BYTE buf[128];
	CK_ATTRIBUTE a = {CKA_EC_POINT, buf, sizeof(buf)};
	char label[32];
	long bad = 0;
	int r;

	if (F->C_OpenSession(1, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL,
			     &h) != CKR_OK)
		return (void *)1L;
	for (r = 0; r < ROUNDS; r++) {
		snprintf(label, sizeof(label), "t%ld-%d", id, r);
		bad += p11t_gen_ec(h, p11t_p256, sizeof(p11t_p256), label,
				   CK_TRUE, &pub, &priv) != CKR_OK;
		bad += p11t_find_label(h, CKO_PUBLIC_KEY, label) != pub;
		bad += F->C_GetAttributeValue(h, pub, &a, 1) != CKR_OK;
		a.ulValueLen = sizeof(buf);
	}
	bad += F->C_CloseSession(h) != CKR_OK;
	return (void *)bad;
}

START_TEST(test_many_threads_and_sessions)
{
	pthread_t t[THREADS];
	CK_C_INITIALIZE_ARGS args;
	CK_OBJECT_HANDLE found[THREADS * ROUNDS * 2 + 1];
	CK_SESSION_HANDLE h;
	void *ret;
	long i;

	memset(&args, 0, sizeof(args));
	args.flags = CKF_OS_LOCKING_OK;
	ck_assert_rv(F->C_Initialize(&args), CKR_OK);
	for (i = 0; i < THREADS; i++)
		ck_assert_int_eq(pthread_create(&t[i], NULL, worker, (void *)i),
				 0);
	for (i = 0; i < THREADS; i++) {
		ck_assert_int_eq(pthread_join(t[i], &ret), 0);
		ck_assert_int_eq((long)ret, 0);
	}
	h = p11t_open(p11t_slot(), 0);
	ck_assert_uint_eq(
		p11t_find(h, NULL, 0, found, THREADS * ROUNDS * 2 + 1),
		THREADS * ROUNDS * 2);
}
END_TEST

/* A token marked absent, then back: the first mechanism query after
 * the outage still probes the provider (the TPM-like one takes no
 * SHA-224 and RSA up to 3072 bits), instead of answering from its
 * opcodes alone. */
START_TEST(test_first_mechanism_query_after_an_outage_probes)
{
	CK_MECHANISM_INFO info;
	CK_SESSION_HANDLE h;
	CK_BYTE buf[4];

	if (p11t_skip_external("stopping the service needs the double"))
		return;
	h = p11t_open(3, 0);
	ck_assert_int_eq(test_service_pause(&p11t_svc), 0);
	ck_assert_rv(F->C_GenerateRandom(h, buf, sizeof(buf)),
		     CKR_DEVICE_ERROR);
	ck_assert_int_eq(test_service_resume(&p11t_svc), 0);
	wait_past_retry();
	ck_assert_rv(F->C_GetMechanismInfo(3, CKM_SHA224_RSA_PKCS, &info),
		     CKR_MECHANISM_INVALID);
	ck_assert_rv(F->C_GetMechanismInfo(3, CKM_RSA_PKCS_KEY_PAIR_GEN, &info),
		     CKR_OK);
	ck_assert_uint_eq(info.ulMaxKeySize, 3072);
}
END_TEST

typedef struct probe_job {
	CK_RV rv;
	CK_ULONG n;
	atomic_int done;
} probe_job_t;

static void *list_slot_3(void *arg)
{
	probe_job_t *job = arg;

	job->rv = F->C_GetMechanismList(3, NULL, &job->n);
	atomic_store(&job->done, 1);
	return NULL;
}

/* No lock is held across a probe's requests for the other slots: while
 * the provider of slot 3 is probed (its first CanDoCrypto answered
 * late), slot 1, probed before, answers at once. */
START_TEST(test_a_probe_blocks_no_other_slot)
{
	struct timespec ts = {0, 300 * 1000000L};
	CK_MECHANISM_INFO info;
	probe_job_t job;
	pthread_t th;
	CK_ULONG n = 0;
	int done;

	if (p11t_skip_external("faults need the double's control file"))
		return;
	memset(&job, 0, sizeof(job));
	ck_assert_rv(F->C_GetMechanismList(1, NULL, &n), CKR_OK);
	ck_assert_int_eq(
		test_service_set_faults(&p11t_svc,
					"delay_ms=1500\nopcode=32\ncount=1\n"),
		0);
	ck_assert_int_eq(pthread_create(&th, NULL, list_slot_3, &job), 0);
	nanosleep(&ts, NULL);
	ck_assert_rv(F->C_GetMechanismList(1, NULL, &n), CKR_OK);
	ck_assert_rv(F->C_GetMechanismInfo(1, CKM_ECDSA, &info), CKR_OK);
	done = atomic_load(&job.done);
	ck_assert_int_eq(done, 0);
	ck_assert_int_eq(pthread_join(th, NULL), 0);
	ck_assert_rv(job.rv, CKR_OK);
	ck_assert_int_eq(test_service_set_faults(&p11t_svc, NULL), 0);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("module-service");
	TCase *tc = tcase_create("service");

	tcase_add_checked_fixture(tc, p11t_setup_no_init, p11t_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_service_down_at_initialize_then_back);
	tcase_add_test(tc, test_service_down_later_then_back_without_reload);
	tcase_add_test(tc, test_restarted_service_keeps_working);
	tcase_add_test(tc, test_failed_export_destroys_the_new_key);
	tcase_add_test(tc, test_fork_child_must_initialize);
	tcase_add_test(tc, test_many_threads_and_sessions);
	suite_add_tcase(s, tc);
	tc = tcase_create("probe");
	tcase_add_checked_fixture(tc, p11t_setup_tpm, p11t_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_first_mechanism_query_after_an_outage_probes);
	tcase_add_test(tc, test_a_probe_blocks_no_other_slot);
	suite_add_tcase(s, tc);
	return s;
}
