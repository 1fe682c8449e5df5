/*
 * test-module-store.c - the metadata mapping seen through the module:
 * adoption of keys made directly in Parsec, rows whose key vanished,
 * another process seeing a key by its label (the "done when"),
 * changes by another process, and the round-trip budget.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

#include "tests/module/p11_test.h"

/* Makes a key the way parsec-tool would: directly through Parsec. */
static void parsec_make_key(const char *name, parsec_key_type_t type,
			    uint32_t bits, parsec_alg_kind_t kind,
			    parsec_hash_t hash, uint32_t usage)
{
	parsec_client_t *c = p11t_client();
	parsec_key_attributes_t a;

	memset(&a, 0, sizeof(a));
	a.type = type;
	a.bits = bits;
	if (type == PARSEC_KEY_TYPE_ECC_KEY_PAIR)
		a.ecc_family = PARSEC_ECC_SECP_R1;
	a.usage = usage;
	a.alg.kind = kind;
	a.alg.hash = hash;
	ck_assert_int_eq(parsec_generate_key(c, 1, name, &a), PARSEC_SUCCESS);
	parsec_client_free(c);
}

static parsec_buffer_t parsec_export(const char *name)
{
	parsec_client_t *c = p11t_client();
	parsec_buffer_t b = {NULL, 0};

	ck_assert_int_eq(parsec_export_public_key(c, 1, name, &b),
			 PARSEC_SUCCESS);
	parsec_client_free(c);
	return b;
}

static void reinit(void)
{
	ck_assert_rv(F->C_Finalize(NULL), CKR_OK);
	ck_assert_rv(F->C_Initialize(NULL), CKR_OK);
}

#define SIGN_USAGE (PARSEC_USAGE_SIGN_HASH | PARSEC_USAGE_VERIFY_HASH)

START_TEST(test_adopts_an_ec_key_made_in_parsec)
{
	CK_SESSION_HANDLE h;
	CK_OBJECT_HANDLE priv, pub;
	parsec_buffer_t point;
	uint8_t md[20], *v;
	CK_ULONG len;
	CK_MECHANISM_TYPE *mechs;

	ck_assert_rv(F->C_Finalize(NULL), CKR_OK);
	parsec_make_key("made-by-parsec-tool", PARSEC_KEY_TYPE_ECC_KEY_PAIR,
			256, PARSEC_ALG_ECDSA, PARSEC_HASH_ANY, SIGN_USAGE);
	ck_assert_rv(F->C_Initialize(NULL), CKR_OK);
	h = p11t_open(p11t_slot(), 0);
	priv = p11t_find_label(h, CKO_PRIVATE_KEY, "made-by-parsec-tool");
	pub = p11t_find_label(h, CKO_PUBLIC_KEY, "made-by-parsec-tool");
	ck_assert_uint_ne(priv, 0);
	ck_assert_uint_ne(pub, 0);
	/* CKA_ID: SHA-1 of the uncompressed point (NSS's convention). */
	point = parsec_export("made-by-parsec-tool");
	SHA1(point.data, point.len, md);
	v = p11t_attr(h, priv, CKA_ID, &len);
	ck_assert_uint_eq(len, 20);
	ck_assert_mem_eq(v, md, 20);
	free(v);
	v = p11t_attr(h, pub, CKA_ID, &len);
	ck_assert_mem_eq(v, md, 20);
	free(v);
	v = p11t_attr(h, pub, CKA_EC_POINT, &len);
	ck_assert_uint_eq(len, point.len + 2);
	ck_assert_mem_eq(v + 2, point.data, point.len);
	free(v);
	parsec_buffer_free(&point);
	ck_assert_uint_eq(p11t_bool(h, priv, CKA_SIGN), CK_TRUE);
	ck_assert_uint_eq(p11t_bool(h, priv, CKA_TOKEN), CK_TRUE);
	ck_assert_uint_eq(p11t_bool(h, priv, CKA_EXTRACTABLE), CK_FALSE);
	ck_assert_uint_eq(p11t_bool(h, priv, CKA_LOCAL), CK_FALSE);
	ck_assert_uint_eq(p11t_bool(h, pub, CKA_VERIFY), CK_TRUE);
	mechs = (CK_MECHANISM_TYPE *)p11t_attr(h, priv, CKA_ALLOWED_MECHANISMS,
					       &len);
	ck_assert_uint_eq(len, 6 * sizeof(CK_MECHANISM_TYPE));
	ck_assert_uint_eq(mechs[0], CKM_ECDSA);
	free(mechs);
}
END_TEST

START_TEST(test_adopts_an_rsa_decryption_key_once)
{
	CK_SESSION_HANDLE h;
	CK_OBJECT_HANDLE priv;
	parsec_buffer_t der;
	const unsigned char *p;
	EVP_PKEY *pk;
	BIGNUM *n = NULL;
	uint8_t mod[512], md[20], *v;
	CK_ULONG len;
	long before, after;
	int nlen;

	ck_assert_rv(F->C_Finalize(NULL), CKR_OK);
	parsec_make_key("rsa-dec", PARSEC_KEY_TYPE_RSA_KEY_PAIR, 1024,
			PARSEC_ALG_RSA_OAEP, PARSEC_HASH_SHA_256,
			PARSEC_USAGE_DECRYPT | PARSEC_USAGE_ENCRYPT);
	ck_assert_rv(F->C_Initialize(NULL), CKR_OK);
	h = p11t_open(p11t_slot(), 0);
	priv = p11t_find_label(h, CKO_PRIVATE_KEY, "rsa-dec");
	ck_assert_uint_ne(priv, 0);
	ck_assert_uint_eq(p11t_bool(h, priv, CKA_DECRYPT), CK_TRUE);
	ck_assert_uint_eq(p11t_bool(h, priv, CKA_SIGN), CK_FALSE);
	v = p11t_attr(h, priv, CKA_ALLOWED_MECHANISMS, &len);
	ck_assert_uint_eq(len, sizeof(CK_MECHANISM_TYPE));
	ck_assert_uint_eq(*(CK_MECHANISM_TYPE *)(void *)v, CKM_RSA_PKCS_OAEP);
	free(v);
	/* CKA_ID: SHA-1 of the modulus bytes. */
	der = parsec_export("rsa-dec");
	p = der.data;
	pk = d2i_PublicKey(EVP_PKEY_RSA, NULL, &p, (long)der.len);
	ck_assert_ptr_nonnull(pk);
	ck_assert_int_eq(EVP_PKEY_get_bn_param(pk, OSSL_PKEY_PARAM_RSA_N, &n),
			 1);
	nlen = BN_bn2bin(n, mod);
	SHA1(mod, (size_t)nlen, md);
	v = p11t_attr(h, priv, CKA_ID, &len);
	ck_assert_mem_eq(v, md, 20);
	free(v);
	BN_free(n);
	EVP_PKEY_free(pk);
	parsec_buffer_free(&der);
	/* Adopted once: the next load exports nothing. */
	if (p11t_skip_external("counting requests needs the double's log"))
		return;
	ck_assert_rv(F->C_Finalize(NULL), CKR_OK);
	before = p11t_requests();
	ck_assert_rv(F->C_Initialize(NULL), CKR_OK);
	after = p11t_requests();
	/* ListProviders, ListOpcodes, ListAuthenticators, ListKeys. */
	ck_assert_int_eq(after - before, 4);
}
END_TEST

START_TEST(test_session_key_leftovers_are_not_adopted)
{
	CK_SESSION_HANDLE h;
	CK_OBJECT_HANDLE found[4];

	ck_assert_rv(F->C_Finalize(NULL), CKR_OK);
	parsec_make_key("pkcs11-session-0123456789abcdef",
			PARSEC_KEY_TYPE_ECC_KEY_PAIR, 256, PARSEC_ALG_ECDSA,
			PARSEC_HASH_ANY, SIGN_USAGE);
	ck_assert_rv(F->C_Initialize(NULL), CKR_OK);
	h = p11t_open(p11t_slot(), 0);
	ck_assert_uint_eq(p11t_find(h, NULL, 0, found, 4), 0);
}
END_TEST

START_TEST(test_rows_of_a_vanished_key_are_hidden_not_deleted)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_OBJECT_HANDLE pub, priv;
	parsec_client_t *c = p11t_client();

	ck_assert_rv(p11t_gen_ec(h, p11t_p256, sizeof(p11t_p256), "vanishing",
				 CK_TRUE, &pub, &priv),
		     CKR_OK);
	ck_assert_rv(F->C_SetAttributeValue(
			     h, priv,
			     &(CK_ATTRIBUTE){CKA_LABEL, "kept-label", 10}, 1),
		     CKR_OK);
	/* Behind the module's back. */
	ck_assert_int_eq(parsec_destroy_key(c, 1, "vanishing"), PARSEC_SUCCESS);
	reinit();
	h = p11t_open(p11t_slot(), 1);
	ck_assert_uint_eq(p11t_find_label(h, CKO_PRIVATE_KEY, "kept-label"), 0);
	ck_assert_uint_eq(p11t_find_label(h, CKO_PUBLIC_KEY, "vanishing"), 0);
	/* The rows are still in the store: when a key of that name comes
	 * back, so do they (with the label set through the module). */
	ck_assert_rv(F->C_Finalize(NULL), CKR_OK);
	parsec_make_key("vanishing", PARSEC_KEY_TYPE_ECC_KEY_PAIR, 256,
			PARSEC_ALG_ECDSA, PARSEC_HASH_ANY, SIGN_USAGE);
	ck_assert_rv(F->C_Initialize(NULL), CKR_OK);
	h = p11t_open(p11t_slot(), 1);
	ck_assert_uint_ne(p11t_find_label(h, CKO_PRIVATE_KEY, "kept-label"), 0);
	parsec_client_free(c);
}
END_TEST

static char *run_helper(const char *args)
{
	char cmd[1024], *out = calloc(1, 8192);
	const char *top = getenv("TOP_BUILDDIR");
	FILE *p;
	size_t n;

	snprintf(cmd, sizeof(cmd), "%s/tests/module/p11-list-labels %s",
		 top ? top : ".", args);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	n = fread(out, 1, 8191, p);
	out[n] = '\0';
	ck_assert_int_eq(pclose(p), 0);
	return out;
}

START_TEST(test_key_is_visible_with_its_label_in_a_second_process)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_OBJECT_HANDLE pub, priv;
	char *out;

	ck_assert_rv(p11t_gen_ec(h, p11t_p256, sizeof(p11t_p256), "shared-key",
				 CK_TRUE, &pub, &priv),
		     CKR_OK);
	/* The second process loads the module while this one has it. */
	out = run_helper("");
	ck_assert_ptr_nonnull(strstr(out, "priv shared-key\n"));
	ck_assert_ptr_nonnull(strstr(out, "pub shared-key\n"));
	free(out);
}
END_TEST

START_TEST(test_objects_made_by_another_process_appear_without_requests)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 0);
	long before;
	char *out;

	ck_assert_uint_eq(p11t_find_label(h, CKO_DATA, "from-elsewhere"), 0);
	out = run_helper("data from-elsewhere");
	free(out);
	before = p11t_requests();
	ck_assert_uint_ne(p11t_find_label(h, CKO_DATA, "from-elsewhere"), 0);
	if (before >= 0)
		ck_assert_int_eq(p11t_requests(), before);
}
END_TEST

/* Runs every call of the zero-request budget once. */
static void budget_calls(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE key)
{
	CK_SLOT_ID slots[4];
	CK_ULONG n = 4;
	CK_SLOT_INFO si;
	CK_TOKEN_INFO ti;
	CK_MECHANISM_TYPE mechs[64];
	CK_MECHANISM_INFO mi;
	CK_SESSION_INFO ses;
	CK_SESSION_HANDLE h2;
	CK_OBJECT_HANDLE found[8];
	CK_BYTE buf[512];
	CK_ATTRIBUTE a = {CKA_EC_POINT, buf, sizeof(buf)};

	ck_assert_rv(F->C_GetSlotList(CK_TRUE, NULL, &n), CKR_OK);
	ck_assert_rv(F->C_GetSlotList(CK_TRUE, slots, &n), CKR_OK);
	ck_assert_rv(F->C_GetSlotInfo(slots[0], &si), CKR_OK);
	ck_assert_rv(F->C_GetTokenInfo(slots[0], &ti), CKR_OK);
	n = 64;
	ck_assert_rv(F->C_GetMechanismList(slots[0], mechs, &n), CKR_OK);
	ck_assert_rv(F->C_GetMechanismInfo(slots[0], mechs[0], &mi), CKR_OK);
	ck_assert_rv(
		F->C_OpenSession(slots[0], CKF_SERIAL_SESSION, NULL, NULL, &h2),
		CKR_OK);
	ck_assert_rv(F->C_GetSessionInfo(h2, &ses), CKR_OK);
	ck_assert_rv(F->C_Login(h, CKU_USER, (CK_UTF8CHAR_PTR) "user-pin", 8),
		     CKR_OK);
	ck_assert_uint_ge(p11t_find(h, NULL, 0, found, 8), 2);
	ck_assert_rv(F->C_GetAttributeValue(h, key, &a, 1), CKR_OK);
	ck_assert_rv(F->C_Logout(h), CKR_OK);
	ck_assert_rv(F->C_CloseSession(h2), CKR_OK);
}

START_TEST(test_round_trip_budget)
{
	CK_SESSION_HANDLE h;
	CK_OBJECT_HANDLE pub, priv;
	long before, init_cost, keygen_cost;
	CK_UTF8CHAR label[32];
	CK_ULONG n;

	if (p11t_skip_external("counting requests needs the double's log"))
		return;
	ck_assert_rv(F->C_Finalize(NULL), CKR_OK);
	before = p11t_requests();
	ck_assert_rv(F->C_Initialize(NULL), CKR_OK);
	init_cost = p11t_requests() - before;
	h = p11t_open(p11t_slot(), 1);
	before = p11t_requests();
	ck_assert_rv(p11t_gen_ec(h, p11t_p256, sizeof(p11t_p256), "budget",
				 CK_TRUE, &pub, &priv),
		     CKR_OK);
	keygen_cost = p11t_requests() - before;
	printf("round trips: C_Initialize %ld, first EC key pair %ld\n",
	       init_cost, keygen_cost);
	/* ListProviders + ListOpcodes (one provider) + ListAuthenticators +
	 * ListKeys. */
	ck_assert_int_eq(init_cost, 4);
	/* CanDoCrypto (first P-256) + PsaGenerateKey + PsaExportPublicKey. */
	ck_assert_int_eq(keygen_cost, 3);
	/* The first mechanism list of a slot probes its provider, once
	 * (tests/module/test-module-mechanisms counts it). */
	n = 0;
	ck_assert_rv(F->C_GetMechanismList(p11t_slot(), NULL, &n), CKR_OK);
	before = p11t_requests();
	budget_calls(h, pub);
	ck_assert_int_eq(p11t_requests() - before, 0);
	/* With a PIN set, C_Login still costs nothing. */
	ck_assert_rv(F->C_CloseSession(h), CKR_OK);
	memset(label, ' ', sizeof(label));
	ck_assert_rv(F->C_InitToken(p11t_slot(), (CK_UTF8CHAR_PTR) "so-pin", 6,
				    label),
		     CKR_OK);
	h = p11t_open(p11t_slot(), 1);
	ck_assert_rv(F->C_Login(h, CKU_SO, (CK_UTF8CHAR_PTR) "so-pin", 6),
		     CKR_OK);
	ck_assert_rv(F->C_InitPIN(h, (CK_UTF8CHAR_PTR) "user-pin", 8), CKR_OK);
	ck_assert_rv(F->C_Logout(h), CKR_OK);
	ck_assert_rv(p11t_gen_ec(h, p11t_p256, sizeof(p11t_p256), "pub-only",
				 CK_FALSE, &pub, &priv),
		     CKR_USER_NOT_LOGGED_IN);
	ck_assert_rv(F->C_Login(h, CKU_USER, (CK_UTF8CHAR_PTR) "user-pin", 8),
		     CKR_OK);
	ck_assert_rv(p11t_gen_ec(h, p11t_p256, sizeof(p11t_p256), "budget2",
				 CK_TRUE, &pub, &priv),
		     CKR_OK);
	ck_assert_rv(F->C_Logout(h), CKR_OK);
	before = p11t_requests();
	budget_calls(h, pub);
	ck_assert_int_eq(p11t_requests() - before, 0);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("module-store");
	TCase *tc = tcase_create("store");

	tcase_add_checked_fixture(tc, p11t_setup, p11t_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_adopts_an_ec_key_made_in_parsec);
	tcase_add_test(tc, test_adopts_an_rsa_decryption_key_once);
	tcase_add_test(tc, test_session_key_leftovers_are_not_adopted);
	tcase_add_test(tc, test_rows_of_a_vanished_key_are_hidden_not_deleted);
	tcase_add_test(tc,
		       test_key_is_visible_with_its_label_in_a_second_process);
	tcase_add_test(
		tc,
		test_objects_made_by_another_process_appear_without_requests);
	tcase_add_test(tc, test_round_trip_budget);
	suite_add_tcase(s, tc);
	return s;
}
