/*
 * test-module-digest-random.c - C_Digest* against OpenSSL (every hash,
 * single- and multi-part, more than the service's 1 MiB, no request),
 * the operation rules, and C_GenerateRandom / C_SeedRandom: lengths,
 * chunking under the 1 MiB limit (counted in requests), a provider that
 * refuses (CKR_RANDOM_NO_RNG, CKF_RNG gone).
 */
#include <stdlib.h>
#include <string.h>

#include "session/random.h"
#include "tests/module/p11_crypto.h"

static const struct {
	CK_MECHANISM_TYPE mech;
	const char *md;
	CK_ULONG len;
} digests[] = {
	{CKM_SHA_1, "SHA1", 20},    {CKM_SHA224, "SHA224", 28},
	{CKM_SHA256, "SHA256", 32}, {CKM_SHA384, "SHA384", 48},
	{CKM_SHA512, "SHA512", 64},
};

START_TEST(test_every_digest_equals_openssl)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 0);
	size_t big_len = 3 * 1024 * 1024 + 17, i;
	uint8_t *big = malloc(big_len), want[64], got[64];
	CK_ULONG n;
	long before;

	ck_assert_ptr_nonnull(big);
	p11c_fill(big, big_len);
	before = p11t_requests();
	for (i = 0; i < sizeof(digests) / sizeof(digests[0]); i++) {
		CK_MECHANISM m = {digests[i].mech, NULL, 0};

		p11c_digest(digests[i].md, big, 1000, want);
		n = sizeof(got);
		ck_assert_rv(F->C_DigestInit(h, &m), CKR_OK);
		ck_assert_rv(F->C_Digest(h, big, 1000, got, &n), CKR_OK);
		ck_assert_uint_eq(n, digests[i].len);
		ck_assert_mem_eq(got, want, n);
		/* Multi-part, beyond what one request could carry. */
		p11c_digest(digests[i].md, big, big_len, want);
		ck_assert_rv(F->C_DigestInit(h, &m), CKR_OK);
		ck_assert_rv(F->C_DigestUpdate(h, big, 5), CKR_OK);
		ck_assert_rv(F->C_DigestUpdate(h, NULL, 0), CKR_OK);
		ck_assert_rv(F->C_DigestUpdate(h, big + 5, big_len - 5),
			     CKR_OK);
		n = sizeof(got);
		ck_assert_rv(F->C_DigestFinal(h, got, &n), CKR_OK);
		ck_assert_uint_eq(n, digests[i].len);
		ck_assert_mem_eq(got, want, n);
	}
	/* Of the empty message too. */
	{
		CK_MECHANISM m = {CKM_SHA256, NULL, 0};

		p11c_digest("SHA256", big, 0, want);
		n = sizeof(got);
		ck_assert_rv(F->C_DigestInit(h, &m), CKR_OK);
		ck_assert_rv(F->C_Digest(h, NULL, 0, got, &n), CKR_OK);
		ck_assert_mem_eq(got, want, 32);
	}
	if (!p11t_external())
		ck_assert_int_eq(p11t_requests() - before, 0);
	free(big);
}
END_TEST

START_TEST(test_digest_operation_rules)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 0);
	CK_MECHANISM m = {CKM_SHA384, NULL, 0};
	CK_MECHANISM bad = {CKM_MD5, NULL, 0};
	CK_MECHANISM param = {CKM_SHA384, &m, 1};
	CK_MECHANISM sign = {CKM_SHA256_RSA_PKCS, NULL, 0};
	uint8_t data[10] = {1, 2, 3}, got[64], want[64];
	CK_ULONG n;

	p11c_digest("SHA384", data, sizeof(data), want);
	ck_assert_rv(F->C_DigestInit(h, NULL), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_DigestInit(h, &bad), CKR_MECHANISM_INVALID);
	ck_assert_rv(F->C_DigestInit(h, &sign), CKR_MECHANISM_INVALID);
	ck_assert_rv(F->C_DigestInit(h, &param), CKR_MECHANISM_PARAM_INVALID);
	ck_assert_rv(F->C_Digest(h, data, sizeof(data), got, &n),
		     CKR_OPERATION_NOT_INITIALIZED);
	ck_assert_rv(F->C_DigestInit(h, &m), CKR_OK);
	ck_assert_rv(F->C_DigestInit(h, &m), CKR_OPERATION_ACTIVE);
	/* A size query and a buffer too small take no data. */
	n = 0;
	ck_assert_rv(F->C_Digest(h, data, sizeof(data), NULL, &n), CKR_OK);
	ck_assert_uint_eq(n, 48);
	n = 47;
	ck_assert_rv(F->C_Digest(h, data, sizeof(data), got, &n),
		     CKR_BUFFER_TOO_SMALL);
	ck_assert_uint_eq(n, 48);
	n = sizeof(got);
	ck_assert_rv(F->C_Digest(h, data, sizeof(data), got, &n), CKR_OK);
	ck_assert_mem_eq(got, want, 48);
	ck_assert_rv(F->C_DigestFinal(h, got, &n),
		     CKR_OPERATION_NOT_INITIALIZED);
	/* C_Digest after an update: refused, the digest goes on. */
	ck_assert_rv(F->C_DigestInit(h, &m), CKR_OK);
	ck_assert_rv(F->C_DigestUpdate(h, data, 4), CKR_OK);
	ck_assert_rv(F->C_Digest(h, data, sizeof(data), got, &n),
		     CKR_OPERATION_ACTIVE);
	ck_assert_rv(F->C_DigestUpdate(h, data + 4, sizeof(data) - 4), CKR_OK);
	n = 1;
	ck_assert_rv(F->C_DigestFinal(h, got, &n), CKR_BUFFER_TOO_SMALL);
	n = sizeof(got);
	ck_assert_rv(F->C_DigestFinal(h, got, &n), CKR_OK);
	ck_assert_mem_eq(got, want, 48);
	/* Bad pointers end it. */
	ck_assert_rv(F->C_DigestInit(h, &m), CKR_OK);
	ck_assert_rv(F->C_DigestUpdate(h, NULL, 3), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_DigestFinal(h, got, &n),
		     CKR_OPERATION_NOT_INITIALIZED);
	ck_assert_rv(F->C_DigestInit(h, &m), CKR_OK);
	ck_assert_rv(F->C_DigestFinal(h, got, NULL), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_DigestFinal(h, got, &n),
		     CKR_OPERATION_NOT_INITIALIZED);
}
END_TEST

START_TEST(test_dual_functions_are_not_supported)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 0);
	uint8_t b[16];
	CK_ULONG n = sizeof(b);

	ck_assert_rv(F->C_DigestEncryptUpdate(h, b, 1, b, &n),
		     CKR_FUNCTION_NOT_SUPPORTED);
	ck_assert_rv(F->C_DecryptDigestUpdate(h, b, 1, b, &n),
		     CKR_FUNCTION_NOT_SUPPORTED);
	ck_assert_rv(F->C_SignEncryptUpdate(h, b, 1, b, &n),
		     CKR_FUNCTION_NOT_SUPPORTED);
	ck_assert_rv(F->C_DecryptVerifyUpdate(h, b, 1, b, &n),
		     CKR_FUNCTION_NOT_SUPPORTED);
	ck_assert_rv(F->C_DigestEncryptUpdate(4242, b, 1, b, &n),
		     CKR_SESSION_HANDLE_INVALID);
}
END_TEST

/* Requests of at most RANDOM_CHUNK bytes (under the service's 1 MiB). */
static long chunks(CK_ULONG len)
{
	return (long)((len + RANDOM_CHUNK - 1) / RANDOM_CHUNK);
}

START_TEST(test_random_lengths_and_chunks)
{
	static const CK_ULONG lens[] = {0,
					1,
					64,
					1000,
					RANDOM_CHUNK,
					RANDOM_CHUNK + 1,
					2 * 1024 * 1024 + 3};
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 0);
	uint8_t *a = malloc(lens[6] + 1), *b = malloc(lens[6] + 1);
	long before;
	size_t i;

	ck_assert(a != NULL && b != NULL);
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		memset(a, 0, lens[6] + 1);
		before = p11t_requests();
		ck_assert_rv(F->C_GenerateRandom(h, a, lens[i]), CKR_OK);
		if (!p11t_external())
			ck_assert_int_eq(p11t_requests() - before,
					 chunks(lens[i]));
		/* Nothing past the end is written. */
		ck_assert_uint_eq(a[lens[i]], 0);
	}
	/* Two draws differ (both > 1 MiB: the chunks are filled). */
	ck_assert_rv(F->C_GenerateRandom(h, b, lens[6]), CKR_OK);
	ck_assert(memcmp(a, b, lens[6]) != 0);
	ck_assert(memcmp(a + lens[6] - 64, b + lens[6] - 64, 64) != 0);
	ck_assert_rv(F->C_GenerateRandom(h, NULL, 8), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_GenerateRandom(4242, a, 8),
		     CKR_SESSION_HANDLE_INVALID);
	ck_assert_rv(F->C_SeedRandom(h, a, 8), CKR_RANDOM_SEED_NOT_SUPPORTED);
	ck_assert_rv(F->C_SeedRandom(h, NULL, 8), CKR_ARGUMENTS_BAD);
	free(a);
	free(b);
}
END_TEST

START_TEST(test_provider_refusing_random_has_no_rng)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 0);
	CK_TOKEN_INFO ti;
	uint8_t b[16];

	if (p11t_skip_external("the double's fault control"))
		return;
	ck_assert_rv(F->C_GetTokenInfo(p11t_slot(), &ti), CKR_OK);
	ck_assert_uint_eq(ti.flags & CKF_RNG, CKF_RNG);
	ck_assert_int_eq(
		test_service_set_faults(&p11t_svc, "status=1134\nopcode=13\n"),
		0);
	ck_assert_rv(F->C_GenerateRandom(h, b, sizeof(b)), CKR_RANDOM_NO_RNG);
	ck_assert_int_eq(test_service_set_faults(&p11t_svc, NULL), 0);
	/* Learnt: no more requests, no CKF_RNG. */
	ck_assert_rv(F->C_GenerateRandom(h, b, sizeof(b)), CKR_RANDOM_NO_RNG);
	ck_assert_rv(F->C_SeedRandom(h, b, 1), CKR_RANDOM_NO_RNG);
	ck_assert_rv(F->C_GetTokenInfo(p11t_slot(), &ti), CKR_OK);
	ck_assert_uint_eq(ti.flags & CKF_RNG, 0);
}
END_TEST

START_TEST(test_tpm_has_random_but_no_digests)
{
	CK_SESSION_HANDLE h;
	CK_MECHANISM m = {CKM_SHA256, NULL, 0};
	uint8_t b[100];

	if (p11t_skip_external("the double's --tpm provider"))
		return;
	h = p11t_open(3, 0);
	ck_assert_rv(F->C_GenerateRandom(h, b, sizeof(b)), CKR_OK);
	ck_assert_rv(F->C_DigestInit(h, &m), CKR_MECHANISM_INVALID);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("module-digest-random");
	TCase *tc = tcase_create("digest-random");

	tcase_add_checked_fixture(tc, p11t_setup, p11t_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_every_digest_equals_openssl);
	tcase_add_test(tc, test_digest_operation_rules);
	tcase_add_test(tc, test_dual_functions_are_not_supported);
	tcase_add_test(tc, test_random_lengths_and_chunks);
	tcase_add_test(tc, test_provider_refusing_random_has_no_rng);
	suite_add_tcase(s, tc);
	tc = tcase_create("tpm");
	tcase_add_checked_fixture(tc, p11t_setup_tpm, p11t_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_tpm_has_random_but_no_digests);
	suite_add_tcase(s, tc);
	return s;
}
