/*
 * test-module-derive.c - C_DeriveKey with CKM_ECDH1_DERIVE: the secret
 * equals OpenSSL's (peer point raw and DER-wrapped), the template is
 * honoured (CKA_VALUE_LEN, CKA_SENSITIVE, CKA_EXTRACTABLE, CKA_TOKEN:
 * a session secret in memory, a token secret imported into Parsec and
 * never written to the store), C_DigestKey, and the error codes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/ec.h>

#include "tests/module/p11_crypto.h"

static CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
static CK_OBJECT_CLASS secret_cls = CKO_SECRET_KEY;
static CK_KEY_TYPE generic = CKK_GENERIC_SECRET;

typedef struct peer {
	EVP_PKEY *key;
	uint8_t point[133];
	size_t point_len;
} peer_t;

static void peer_new(peer_t *p, const char *group)
{
	p->key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", group);
	ck_assert_ptr_nonnull(p->key);
	ck_assert_int_eq(EVP_PKEY_get_octet_string_param(
				 p->key, OSSL_PKEY_PARAM_PUB_KEY, p->point,
				 sizeof(p->point), &p->point_len),
			 1);
}

/* OpenSSL's ECDH between the peer and the token key's public half. */
static size_t ossl_secret(const peer_t *p, EVP_PKEY *token_pub, uint8_t *out)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(p->key, NULL);
	size_t n = 66;

	ck_assert_int_eq(EVP_PKEY_derive_init(ctx), 1);
	ck_assert_int_eq(EVP_PKEY_derive_set_peer(ctx, token_pub), 1);
	ck_assert_int_eq(EVP_PKEY_derive(ctx, out, &n), 1);
	EVP_PKEY_CTX_free(ctx);
	return n;
}

static CK_RV gen_derive_key(CK_SESSION_HANDLE h, const uint8_t *params,
			    size_t len, const char *label,
			    CK_OBJECT_HANDLE *pub, CK_OBJECT_HANDLE *priv)
{
	CK_ATTRIBUTE extra[] = {{CKA_DERIVE, &yes, 1}, {CKA_SIGN, &no, 1}};

	return p11c_gen_ec(h, params, len, label, extra, 2, pub, priv);
}

/* A token key made for ECDH, a peer made by OpenSSL, and the secret
 * OpenSSL agrees with the token key's public half. */
typedef struct ecdh_case {
	CK_OBJECT_HANDLE pub, priv;
	peer_t peer;
	uint8_t want[66];
	size_t n;
} ecdh_case_t;

static void ecdh_case(CK_SESSION_HANDLE h, const uint8_t *params, size_t len,
		      const char *group, ecdh_case_t *e)
{
	EVP_PKEY *tp;

	ck_assert_rv(gen_derive_key(h, params, len, "ecdh", &e->pub, &e->priv),
		     CKR_OK);
	peer_new(&e->peer, group);
	tp = p11c_public(h, e->pub);
	e->n = ossl_secret(&e->peer, tp, e->want);
	EVP_PKEY_free(tp);
}

static CK_RV derive(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE base,
		    const uint8_t *point, size_t point_len, CK_ATTRIBUTE *t,
		    CK_ULONG n, CK_OBJECT_HANDLE *out)
{
	CK_ECDH1_DERIVE_PARAMS p = {CKD_NULL, 0, NULL, (CK_ULONG)point_len,
				    (CK_BYTE_PTR)point};
	CK_MECHANISM m = {CKM_ECDH1_DERIVE, &p, sizeof(p)};

	return F->C_DeriveKey(h, &m, base, t, n, out);
}

START_TEST(test_ecdh_secret_equals_openssl)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_ATTRIBUTE t[] = {
		{CKA_CLASS, &secret_cls, sizeof(secret_cls)},
		{CKA_KEY_TYPE, &generic, sizeof(generic)},
		{CKA_SENSITIVE, &no, 1},
		{CKA_EXTRACTABLE, &yes, 1},
		{CKA_TOKEN, &no, 1},
	};
	CK_OBJECT_HANDLE k;
	uint8_t der[140], *got;
	CK_ULONG len;
	ecdh_case_t e;
	long before;

	ecdh_case(h, p11t_p256, sizeof(p11t_p256), "P-256", &e);
	before = p11t_requests();
	ck_assert_rv(
		derive(h, e.priv, e.peer.point, e.peer.point_len, t, 5, &k),
		CKR_OK);
	if (!p11t_external())
		ck_assert_int_eq(p11t_requests() - before, 1);
	got = p11t_attr(h, k, CKA_VALUE, &len);
	ck_assert_uint_eq(len, e.n);
	ck_assert_mem_eq(got, e.want, e.n);
	free(got);
	ck_assert_uint_eq(p11t_ulong(h, k, CKA_CLASS), CKO_SECRET_KEY);
	ck_assert_uint_eq(p11t_ulong(h, k, CKA_KEY_TYPE), CKK_GENERIC_SECRET);
	ck_assert_uint_eq(p11t_ulong(h, k, CKA_VALUE_LEN), e.n);
	ck_assert_uint_eq(p11t_bool(h, k, CKA_LOCAL), CK_FALSE);
	/* The peer point as a DER OCTET STRING (the CKA_EC_POINT form). */
	der[0] = 0x04;
	der[1] = (uint8_t)e.peer.point_len;
	memcpy(der + 2, e.peer.point, e.peer.point_len);
	ck_assert_rv(derive(h, e.priv, der, e.peer.point_len + 2, t, 5, &k),
		     CKR_OK);
	got = p11t_attr(h, k, CKA_VALUE, &len);
	ck_assert_mem_eq(got, e.want, e.n);
	free(got);
	EVP_PKEY_free(e.peer.key);
}
END_TEST

START_TEST(test_ecdh_p521_and_value_len)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_ULONG want_len = 16;
	CK_ATTRIBUTE t[] = {
		{CKA_VALUE_LEN, &want_len, sizeof(want_len)},
		{CKA_SENSITIVE, &no, 1},
		{CKA_EXTRACTABLE, &yes, 1},
	};
	CK_OBJECT_HANDLE k;
	uint8_t *got;
	CK_ULONG len;
	ecdh_case_t e;

	ecdh_case(h, p11c_p521, sizeof(p11c_p521), "P-521", &e);
	ck_assert_uint_eq(e.n, 66);
	ck_assert_rv(
		derive(h, e.priv, e.peer.point, e.peer.point_len, t, 3, &k),
		CKR_OK);
	/* PKCS#11 v2.40 curr 2.3.13: cut from the leading end. */
	got = p11t_attr(h, k, CKA_VALUE, &len);
	ck_assert_uint_eq(len, 16);
	ck_assert_mem_eq(got, e.want + e.n - 16, 16);
	free(got);
	want_len = 67;
	ck_assert_rv(
		derive(h, e.priv, e.peer.point, e.peer.point_len, t, 3, &k),
		CKR_TEMPLATE_INCONSISTENT);
	want_len = 0;
	ck_assert_rv(
		derive(h, e.priv, e.peer.point, e.peer.point_len, t, 3, &k),
		CKR_ATTRIBUTE_VALUE_INVALID);
	EVP_PKEY_free(e.peer.key);
}
END_TEST

START_TEST(test_sensitive_secret_is_not_revealed_but_digestible)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_ATTRIBUTE sens[] = {{CKA_EXTRACTABLE, &yes, 1}};
	CK_ATTRIBUTE open[] = {{CKA_SENSITIVE, &no, 1},
			       {CKA_EXTRACTABLE, &yes, 1}};
	CK_MECHANISM sha = {CKM_SHA256, NULL, 0};
	CK_OBJECT_HANDLE k, k2;
	uint8_t md[32], got[32], buf[66];
	CK_ATTRIBUTE a = {CKA_VALUE, buf, sizeof(buf)};
	CK_ULONG n = sizeof(got);
	ecdh_case_t e;

	ecdh_case(h, p11t_p256, sizeof(p11t_p256), "P-256", &e);
	/* Sensitive by default. */
	ck_assert_rv(
		derive(h, e.priv, e.peer.point, e.peer.point_len, sens, 1, &k),
		CKR_OK);
	ck_assert_uint_eq(p11t_bool(h, k, CKA_SENSITIVE), CK_TRUE);
	ck_assert_rv(F->C_GetAttributeValue(h, k, &a, 1),
		     CKR_ATTRIBUTE_SENSITIVE);
	/* ...and its history says so (the base key always was). */
	ck_assert_uint_eq(p11t_bool(h, k, CKA_ALWAYS_SENSITIVE), CK_TRUE);
	ck_assert_uint_eq(p11t_bool(h, k, CKA_NEVER_EXTRACTABLE), CK_FALSE);
	/* C_DigestKey digests the value the module holds. */
	p11c_digest("SHA256", e.want, e.n, md);
	ck_assert_rv(F->C_DigestInit(h, &sha), CKR_OK);
	ck_assert_rv(F->C_DigestKey(h, k), CKR_OK);
	ck_assert_rv(F->C_DigestFinal(h, got, &n), CKR_OK);
	ck_assert_mem_eq(got, md, 32);
	/* Not extractable: not readable either. */
	ck_assert_rv(
		derive(h, e.priv, e.peer.point, e.peer.point_len, open, 1, &k2),
		CKR_OK);
	a.ulValueLen = sizeof(buf);
	ck_assert_rv(F->C_GetAttributeValue(h, k2, &a, 1),
		     CKR_ATTRIBUTE_SENSITIVE);
	/* Secrets are not copyable (a copy could be a token object). */
	ck_assert_rv(F->C_CopyObject(h, k, NULL, 0, &k2),
		     CKR_ACTION_PROHIBITED);
	/* Destroyed like any session object. */
	ck_assert_rv(F->C_DestroyObject(h, k), CKR_OK);
	ck_assert_rv(F->C_DigestInit(h, &sha), CKR_OK);
	ck_assert_rv(F->C_DigestKey(h, k), CKR_KEY_HANDLE_INVALID);
	EVP_PKEY_free(e.peer.key);
}
END_TEST

/* Whether bytes occur in a file. */
static int file_holds(const char *path, const uint8_t *b, size_t len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long size;
	int found = 0;

	if (f == NULL)
		return 0;
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	size = ftell(f);
	rewind(f);
	buf = malloc((size_t)size + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	found = memmem(buf, (size_t)size, b, len) != NULL;
	free(buf);
	return found;
}

/* Whether the metadata store's files (the database and its journal)
 * hold bytes. */
static int store_holds(const uint8_t *b, size_t len)
{
	const char *uri = getenv("PARSEC_PKCS11_STORE");
	char path[512];

	ck_assert_ptr_nonnull(uri);
	ck_assert_int_eq(strncmp(uri, "sqlite:", 7), 0);
	snprintf(path, sizeof(path), "%s-wal", uri + 7);
	return file_holds(uri + 7, b, len) || file_holds(path, b, len);
}

START_TEST(test_token_secret_lives_in_parsec_not_the_store)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_ATTRIBUTE t[] = {
		{CKA_TOKEN, &yes, 1},
		{CKA_LABEL, "shared-secret", 13},
		{CKA_SENSITIVE, &no, 1},
		{CKA_EXTRACTABLE, &yes, 1},
	};
	CK_OBJECT_HANDLE k;
	parsec_key_attributes_t pa;
	uint8_t buf[66];
	CK_ATTRIBUTE a = {CKA_VALUE, buf, sizeof(buf)};
	parsec_client_t *c;
	parsec_buffer_t exp = {NULL, 0};
	ecdh_case_t e;
	long before;

	ecdh_case(h, p11t_p256, sizeof(p11t_p256), "P-256", &e);
	before = p11t_requests();
	ck_assert_rv(
		derive(h, e.priv, e.peer.point, e.peer.point_len, t, 4, &k),
		CKR_OK);
	/* The agreement, then the import. */
	if (!p11t_external())
		ck_assert_int_eq(p11t_requests() - before, 2);
	ck_assert_uint_eq(p11t_bool(h, k, CKA_TOKEN), CK_TRUE);
	/* Parsec holds it: never revealed through the module. */
	ck_assert_rv(F->C_GetAttributeValue(h, k, &a, 1),
		     CKR_ATTRIBUTE_SENSITIVE);
	ck_assert(p11c_parsec_key("shared-secret", (uint8_t)p11t_slot(), &pa));
	ck_assert_int_eq(pa.type, PARSEC_KEY_TYPE_RAW_DATA);
	ck_assert_uint_eq(pa.usage & PARSEC_USAGE_EXPORT, PARSEC_USAGE_EXPORT);
	c = p11t_client();
	ck_assert_int_eq(parsec_export_key(c, (uint8_t)p11t_slot(),
					   "shared-secret", &exp),
			 PARSEC_SUCCESS);
	ck_assert_uint_eq(exp.len, e.n);
	ck_assert_mem_eq(exp.data, e.want, e.n);
	parsec_buffer_free(&exp);
	parsec_client_free(c);
	/* The store has the object (its label), not the secret. */
	ck_assert(store_holds((const uint8_t *)"shared-secret", 13));
	ck_assert(!store_holds(e.want, e.n));
	/* Another process sees the object; destroying it destroys the
	 * Parsec key. */
	p11c_reload();
	h = p11t_open(p11t_slot(), 1);
	k = p11t_find_label(h, CKO_SECRET_KEY, "shared-secret");
	ck_assert(k != 0);
	ck_assert_uint_eq(p11t_ulong(h, k, CKA_VALUE_LEN), e.n);
	ck_assert_rv(F->C_DestroyObject(h, k), CKR_OK);
	ck_assert(!p11c_parsec_key("shared-secret", (uint8_t)p11t_slot(), &pa));
	EVP_PKEY_free(e.peer.key);
}
END_TEST

START_TEST(test_derive_errors)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_OBJECT_HANDLE pub, priv, spub, spriv, rpub, rpriv, k;
	CK_ECDH1_DERIVE_PARAMS p = {CKD_NULL, 0, NULL, 0, NULL};
	CK_MECHANISM m = {CKM_ECDH1_DERIVE, &p, sizeof(p)};
	CK_MECHANISM sign = {CKM_ECDSA, NULL, 0};
	CK_KEY_TYPE aes = CKK_AES;
	CK_OBJECT_CLASS data_cls = CKO_DATA;
	CK_ATTRIBUTE wrong_type[] = {{CKA_KEY_TYPE, &aes, sizeof(aes)}};
	CK_ATTRIBUTE wrong_class[] = {{CKA_CLASS, &data_cls, sizeof(data_cls)}};
	CK_ATTRIBUTE ro_token[] = {{CKA_TOKEN, &yes, 1}};
	CK_SESSION_HANDLE ro;
	uint8_t off_curve[65];
	long before;
	peer_t peer;

	ck_assert_rv(gen_derive_key(h, p11t_p256, sizeof(p11t_p256), "ecdh",
				    &pub, &priv),
		     CKR_OK);
	ck_assert_rv(p11c_gen_ec(h, p11t_p256, sizeof(p11t_p256), "sign", NULL,
				 0, &spub, &spriv),
		     CKR_OK);
	ck_assert_rv(p11c_gen_rsa(h, 1024, "rsa", NULL, 0, &rpub, &rpriv),
		     CKR_OK);
	peer_new(&peer, "P-256");
	p.pPublicData = peer.point;
	p.ulPublicDataLen = peer.point_len;
	before = p11t_requests();
	ck_assert_rv(F->C_DeriveKey(h, NULL, priv, NULL, 0, &k),
		     CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_DeriveKey(h, &m, priv, NULL, 0, NULL),
		     CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_DeriveKey(h, &sign, priv, NULL, 0, &k),
		     CKR_MECHANISM_INVALID);
	ck_assert_rv(F->C_DeriveKey(h, &m, 777, NULL, 0, &k),
		     CKR_KEY_HANDLE_INVALID);
	ck_assert_rv(F->C_DeriveKey(h, &m, rpriv, NULL, 0, &k),
		     CKR_KEY_TYPE_INCONSISTENT);
	ck_assert_rv(F->C_DeriveKey(h, &m, pub, NULL, 0, &k),
		     CKR_KEY_TYPE_INCONSISTENT);
	ck_assert_rv(F->C_DeriveKey(h, &m, spriv, NULL, 0, &k),
		     CKR_KEY_FUNCTION_NOT_PERMITTED);
	ck_assert_rv(F->C_DeriveKey(h, &m, priv, wrong_type, 1, &k),
		     CKR_TEMPLATE_INCONSISTENT);
	ck_assert_rv(F->C_DeriveKey(h, &m, priv, wrong_class, 1, &k),
		     CKR_TEMPLATE_INCONSISTENT);
	p.kdf = CKD_SHA256_KDF;
	ck_assert_rv(F->C_DeriveKey(h, &m, priv, NULL, 0, &k),
		     CKR_MECHANISM_PARAM_INVALID);
	p.kdf = CKD_NULL;
	p.ulPublicDataLen = 33; /* compressed-point size */
	ck_assert_rv(F->C_DeriveKey(h, &m, priv, NULL, 0, &k),
		     CKR_MECHANISM_PARAM_INVALID);
	ro = p11t_open(p11t_slot(), 0);
	p.ulPublicDataLen = peer.point_len;
	ck_assert_rv(F->C_DeriveKey(ro, &m, priv, ro_token, 1, &k),
		     CKR_SESSION_READ_ONLY);
	if (!p11t_external())
		ck_assert_int_eq(p11t_requests() - before, 0);
	/* A point the curve does not have: the service refuses it. */
	memcpy(off_curve, peer.point, 65);
	off_curve[64] ^= 1;
	p.pPublicData = off_curve;
	ck_assert_rv(F->C_DeriveKey(h, &m, priv, NULL, 0, &k),
		     CKR_MECHANISM_PARAM_INVALID);
	EVP_PKEY_free(peer.key);
}
END_TEST

START_TEST(test_digest_key_takes_only_secrets_the_module_holds)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_MECHANISM sha = {CKM_SHA256, NULL, 0};
	CK_MECHANISM aes = {CKM_AES_KEY_GEN, NULL, 0};
	CK_ULONG len = 16;
	CK_ATTRIBUTE t[] = {{CKA_VALUE_LEN, &len, sizeof(len)}};
	CK_OBJECT_HANDLE pub, priv, k;
	uint8_t md[32];
	CK_ULONG n = sizeof(md);

	ck_assert_rv(p11c_gen_ec(h, p11t_p256, sizeof(p11t_p256), "ec", NULL, 0,
				 &pub, &priv),
		     CKR_OK);
	ck_assert_rv(F->C_GenerateKey(h, &aes, t, 1, &k), CKR_OK);
	ck_assert_rv(F->C_DigestInit(h, &sha), CKR_OK);
	ck_assert_rv(F->C_DigestKey(h, pub), CKR_KEY_INDIGESTIBLE);
	ck_assert_rv(F->C_DigestFinal(h, md, &n),
		     CKR_OPERATION_NOT_INITIALIZED);
	ck_assert_rv(F->C_DigestInit(h, &sha), CKR_OK);
	ck_assert_rv(F->C_DigestKey(h, k), CKR_KEY_INDIGESTIBLE);
	ck_assert_rv(F->C_DigestKey(h, k), CKR_OPERATION_NOT_INITIALIZED);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("module-derive");
	TCase *tc = tcase_create("ecdh");

	tcase_add_checked_fixture(tc, p11t_setup, p11t_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_ecdh_secret_equals_openssl);
	tcase_add_test(tc, test_ecdh_p521_and_value_len);
	tcase_add_test(tc,
		       test_sensitive_secret_is_not_revealed_but_digestible);
	tcase_add_test(tc, test_token_secret_lives_in_parsec_not_the_store);
	tcase_add_test(tc, test_derive_errors);
	tcase_add_test(tc, test_digest_key_takes_only_secrets_the_module_holds);
	suite_add_tcase(s, tc);
	return s;
}
