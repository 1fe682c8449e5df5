/*
 * test-module-objects.c - certificates and data objects, C_DestroyObject,
 * C_CopyObject, C_SetAttributeValue, C_GetObjectSize, the buffer rules of
 * C_GetAttributeValue (PKCS#11 v2.40 §5.7), and C_FindObjects.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include "tests/module/p11_test.h"

static CK_BBOOL yes = CK_TRUE, no = CK_FALSE;

/* A self-signed certificate made here with OpenSSL; DER in *der. */
static int make_cert(unsigned char **der, X509 **out)
{
	EVP_PKEY *pk = EVP_EC_gen("prime256v1");
	X509 *x = X509_new();
	X509_NAME *name;
	int n;

	ck_assert_ptr_nonnull(pk);
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 4242);
	X509_gmtime_adj(X509_getm_notBefore(x), 0);
	X509_gmtime_adj(X509_getm_notAfter(x), 3600);
	X509_set_pubkey(x, pk);
	name = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
				   (const unsigned char *)"token test", -1, -1,
				   0);
	X509_set_issuer_name(x, name);
	ck_assert_int_gt(X509_sign(x, pk, EVP_sha256()), 0);
	*der = NULL;
	n = i2d_X509(x, der);
	EVP_PKEY_free(pk);
	*out = x;
	return n;
}

static CK_OBJECT_HANDLE create_data(CK_SESSION_HANDLE h, const char *label,
				    CK_BBOOL token, CK_BBOOL priv)
{
	CK_OBJECT_CLASS cls = CKO_DATA;
	CK_ATTRIBUTE t[] = {{CKA_CLASS, &cls, sizeof(cls)},
			    {CKA_TOKEN, &token, 1},
			    {CKA_PRIVATE, &priv, 1},
			    {CKA_LABEL, (void *)label, strlen(label)},
			    {CKA_APPLICATION, "tests", 5},
			    {CKA_VALUE, "payload", 7}};
	CK_OBJECT_HANDLE o = 0;

	ck_assert_rv(F->C_CreateObject(h, t, 6, &o), CKR_OK);
	return o;
}

START_TEST(test_certificate_derives_its_fields)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_OBJECT_CLASS cls = CKO_CERTIFICATE;
	CK_CERTIFICATE_TYPE ct = CKC_X_509, bad_ct = CKC_X_509_ATTR_CERT;
	unsigned char *der, *subj = NULL, md[20];
	X509 *x;
	int n = make_cert(&der, &x);
	CK_ATTRIBUTE t[] = {{CKA_CLASS, &cls, sizeof(cls)},
			    {CKA_CERTIFICATE_TYPE, &ct, sizeof(ct)},
			    {CKA_TOKEN, &yes, 1},
			    {CKA_LABEL, "cert", 4},
			    {CKA_ID, "\x01", 1},
			    {CKA_VALUE, der, (CK_ULONG)n}};
	CK_OBJECT_HANDLE o;
	CK_ULONG len;
	uint8_t *v;
	int slen;

	ck_assert_rv(F->C_CreateObject(h, t, 5, &o), CKR_TEMPLATE_INCOMPLETE);
	t[1].pValue = &bad_ct;
	ck_assert_rv(F->C_CreateObject(h, t, 6, &o),
		     CKR_ATTRIBUTE_VALUE_INVALID);
	t[1].pValue = &ct;
	t[5].ulValueLen = 10;
	ck_assert_rv(F->C_CreateObject(h, t, 6, &o),
		     CKR_ATTRIBUTE_VALUE_INVALID);
	t[5].ulValueLen = (CK_ULONG)n;
	ck_assert_rv(F->C_CreateObject(h, t, 6, &o), CKR_OK);
	v = p11t_attr(h, o, CKA_VALUE, &len);
	ck_assert_uint_eq(len, (CK_ULONG)n);
	ck_assert_mem_eq(v, der, len);
	free(v);
	slen = i2d_X509_NAME(X509_get_subject_name(x), &subj);
	v = p11t_attr(h, o, CKA_SUBJECT, &len);
	ck_assert_uint_eq(len, (CK_ULONG)slen);
	ck_assert_mem_eq(v, subj, len);
	free(v);
	v = p11t_attr(h, o, CKA_ISSUER, &len);
	ck_assert_mem_eq(v, subj, len);
	free(v);
	v = p11t_attr(h, o, CKA_SERIAL_NUMBER, &len);
	ck_assert_uint_eq(len, 4); /* INTEGER 4242: 02 02 10 92 */
	ck_assert_uint_eq(v[0], 0x02);
	free(v);
	SHA1(der, (size_t)n, md);
	v = p11t_attr(h, o, CKA_CHECK_VALUE, &len);
	ck_assert_uint_eq(len, 3);
	ck_assert_mem_eq(v, md, 3);
	free(v);
	ck_assert_uint_eq(p11t_ulong(h, o, CKA_CERTIFICATE_TYPE), CKC_X_509);
	ck_assert_uint_eq(p11t_bool(h, o, CKA_TRUSTED), CK_FALSE);
	ck_assert_uint_eq(p11t_bool(h, o, CKA_PRIVATE), CK_FALSE);
	ck_assert_uint_eq(p11t_ulong(h, o, CKA_CERTIFICATE_CATEGORY), 0);
	OPENSSL_free(subj);
	OPENSSL_free(der);
	X509_free(x);
}
END_TEST

START_TEST(test_only_the_so_marks_a_certificate_trusted)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_OBJECT_CLASS cls = CKO_CERTIFICATE;
	CK_CERTIFICATE_TYPE ct = CKC_X_509;
	unsigned char *der;
	X509 *x;
	int n = make_cert(&der, &x);
	CK_ATTRIBUTE t[] = {{CKA_CLASS, &cls, sizeof(cls)},
			    {CKA_CERTIFICATE_TYPE, &ct, sizeof(ct)},
			    {CKA_TOKEN, &yes, 1},
			    {CKA_VALUE, der, (CK_ULONG)n},
			    {CKA_TRUSTED, &yes, 1}};
	CK_ATTRIBUTE trust = {CKA_TRUSTED, &yes, 1};
	CK_OBJECT_HANDLE o, plain, copy;

	/* public session, then a normal user: read-only */
	ck_assert_rv(F->C_CreateObject(h, t, 5, &o), CKR_ATTRIBUTE_READ_ONLY);
	ck_assert_rv(F->C_Login(h, CKU_USER, (CK_UTF8CHAR *)"1234", 4), CKR_OK);
	ck_assert_rv(F->C_CreateObject(h, t, 5, &o), CKR_ATTRIBUTE_READ_ONLY);
	ck_assert_rv(F->C_CreateObject(h, t, 4, &plain), CKR_OK);
	ck_assert_rv(F->C_SetAttributeValue(h, plain, &trust, 1),
		     CKR_ATTRIBUTE_READ_ONLY);
	ck_assert_rv(F->C_CopyObject(h, plain, &trust, 1, &copy),
		     CKR_ATTRIBUTE_READ_ONLY);
	ck_assert(!p11t_bool(h, plain, CKA_TRUSTED));
	/* the SO may */
	ck_assert_rv(F->C_Logout(h), CKR_OK);
	ck_assert_rv(F->C_Login(h, CKU_SO, (CK_UTF8CHAR *)"1234", 4), CKR_OK);
	ck_assert_rv(F->C_CreateObject(h, t, 5, &o), CKR_OK);
	ck_assert(p11t_bool(h, o, CKA_TRUSTED));
	/* fixed once made, for the SO too (not modifiable, Table 24) */
	ck_assert_rv(F->C_SetAttributeValue(h, plain, &trust, 1),
		     CKR_ATTRIBUTE_READ_ONLY);
	ck_assert_rv(F->C_CopyObject(h, plain, &trust, 1, &copy),
		     CKR_ATTRIBUTE_READ_ONLY);
	OPENSSL_free(der);
	X509_free(x);
}
END_TEST

START_TEST(test_data_object_attributes)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_OBJECT_HANDLE o = create_data(h, "data1", CK_TRUE, CK_FALSE);
	CK_ULONG len;
	uint8_t *v = p11t_attr(h, o, CKA_VALUE, &len);

	ck_assert_uint_eq(len, 7);
	ck_assert_mem_eq(v, "payload", 7);
	free(v);
	v = p11t_attr(h, o, CKA_OBJECT_ID, &len);
	ck_assert_uint_eq(len, 0);
	free(v);
	ck_assert_uint_eq(p11t_bool(h, o, CKA_MODIFIABLE), CK_TRUE);
	ck_assert_uint_eq(p11t_bool(h, o, CKA_DESTROYABLE), CK_TRUE);
	ck_assert_uint_eq(p11t_bool(h, o, CKA_COPYABLE), CK_TRUE);
}
END_TEST

START_TEST(test_create_object_errors)
{
	CK_SESSION_HANDLE ro = p11t_open(p11t_slot(), 0);
	CK_OBJECT_CLASS cls = CKO_DATA, secret = CKO_SECRET_KEY;
	CK_ATTRIBUTE tok[] = {{CKA_CLASS, &cls, sizeof(cls)},
			      {CKA_TOKEN, &yes, 1}};
	CK_ATTRIBUTE noclass[] = {{CKA_TOKEN, &no, 1}};
	CK_ATTRIBUTE badclass[] = {{CKA_CLASS, &secret, sizeof(secret)}};
	CK_ATTRIBUTE modulus[] = {{CKA_CLASS, &cls, sizeof(cls)},
				  {CKA_MODULUS, "x", 1}};
	CK_ATTRIBUTE shortbool[] = {{CKA_CLASS, &cls, sizeof(cls)},
				    {CKA_TOKEN, &yes, 0}};
	CK_OBJECT_HANDLE o;

	ck_assert_rv(F->C_CreateObject(ro, tok, 2, NULL), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_CreateObject(ro, NULL, 2, &o), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_CreateObject(ro + 100, tok, 2, &o),
		     CKR_SESSION_HANDLE_INVALID);
	ck_assert_rv(F->C_CreateObject(ro, tok, 2, &o), CKR_SESSION_READ_ONLY);
	/* Session objects are fine in a R/O session. */
	ck_assert_rv(F->C_CreateObject(ro, tok, 1, &o), CKR_OK);
	ck_assert_rv(F->C_CreateObject(ro, noclass, 1, &o),
		     CKR_TEMPLATE_INCOMPLETE);
	ck_assert_rv(F->C_CreateObject(ro, badclass, 1, &o),
		     CKR_ATTRIBUTE_VALUE_INVALID);
	ck_assert_rv(F->C_CreateObject(ro, modulus, 2, &o),
		     CKR_ATTRIBUTE_TYPE_INVALID);
	ck_assert_rv(F->C_CreateObject(ro, shortbool, 2, &o),
		     CKR_ATTRIBUTE_VALUE_INVALID);
}
END_TEST

START_TEST(test_get_attribute_value_buffer_rules)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_OBJECT_HANDLE pub, priv;
	CK_BYTE small[2], label[32], big[512], exp_buf[16];
	CK_ULONG cls;
	CK_ATTRIBUTE t[] = {
		{CKA_LABEL, NULL, 0},			    /* size query */
		{CKA_MODULUS, small, sizeof(small)},	    /* too small */
		{CKA_PRIVATE_EXPONENT, big, sizeof(big)},   /* sensitive */
		{CKA_VENDOR_DEFINED + 5, big, sizeof(big)}, /* unknown */
		{CKA_CLASS, &cls, sizeof(cls)},		    /* fine */
		{CKA_PUBLIC_EXPONENT, exp_buf, sizeof(exp_buf)},
	};
	CK_RV rv;

	ck_assert_rv(p11t_gen_rsa(h, 1024, "buf", CK_TRUE, &pub, &priv),
		     CKR_OK);
	ck_assert_rv(F->C_GetAttributeValue(h, priv, NULL, 1),
		     CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_GetAttributeValue(h, priv + 1000, t, 1),
		     CKR_OBJECT_HANDLE_INVALID);
	rv = F->C_GetAttributeValue(h, priv, t, 6);
	/* Any of the three "not really errors" may be returned (§5.7), but
	 * every entry is processed. */
	ck_assert(rv == CKR_BUFFER_TOO_SMALL || rv == CKR_ATTRIBUTE_SENSITIVE ||
		  rv == CKR_ATTRIBUTE_TYPE_INVALID);
	ck_assert_uint_eq(t[0].ulValueLen, 3);
	ck_assert_uint_eq(t[1].ulValueLen, CK_UNAVAILABLE_INFORMATION);
	ck_assert_uint_eq(t[2].ulValueLen, CK_UNAVAILABLE_INFORMATION);
	ck_assert_uint_eq(t[3].ulValueLen, CK_UNAVAILABLE_INFORMATION);
	ck_assert_uint_eq(t[4].ulValueLen, sizeof(cls));
	ck_assert_uint_eq(cls, CKO_PRIVATE_KEY);
	ck_assert_uint_eq(t[5].ulValueLen, 3);
	ck_assert_mem_eq(exp_buf, "\x01\x00\x01", 3);
	t[0].pValue = label;
	t[0].ulValueLen = sizeof(label);
	ck_assert_rv(F->C_GetAttributeValue(h, priv, t, 1), CKR_OK);
	ck_assert_mem_eq(label, "buf", 3);
	/* A public key has no private exponent at all. */
	t[2].ulValueLen = sizeof(big);
	ck_assert_rv(F->C_GetAttributeValue(h, pub, &t[2], 1),
		     CKR_ATTRIBUTE_TYPE_INVALID);
	ck_assert_rv(F->C_GetAttributeValue(h, pub, t, 0), CKR_OK);
}
END_TEST

START_TEST(test_destroy_private_key_leaves_store_only_public_key)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_OBJECT_HANDLE pub, priv;
	parsec_client_t *c = p11t_client();
	parsec_key_info_t *keys;
	size_t n;
	CK_ULONG len;
	uint8_t *v;

	ck_assert_rv(p11t_gen_ec(h, p11t_p256, sizeof(p11t_p256), "gone",
				 CK_TRUE, &pub, &priv),
		     CKR_OK);
	ck_assert_rv(F->C_DestroyObject(h, priv + 1000),
		     CKR_OBJECT_HANDLE_INVALID);
	ck_assert_rv(F->C_DestroyObject(h, priv), CKR_OK);
	ck_assert_int_eq(parsec_list_keys(c, &keys, &n), PARSEC_SUCCESS);
	parsec_key_info_free(keys, n);
	ck_assert_uint_eq(n, 0);
	/* The public key stays, value and all, also for the next load. */
	ck_assert_rv(F->C_Finalize(NULL), CKR_OK);
	ck_assert_rv(F->C_Initialize(NULL), CKR_OK);
	h = p11t_open(p11t_slot(), 1);
	ck_assert_uint_eq(p11t_find_label(h, CKO_PRIVATE_KEY, "gone"), 0);
	pub = p11t_find_label(h, CKO_PUBLIC_KEY, "gone");
	ck_assert_uint_ne(pub, 0);
	v = p11t_attr(h, pub, CKA_EC_POINT, &len);
	ck_assert_uint_eq(len, 67);
	free(v);
	ck_assert_rv(F->C_DestroyObject(h, pub), CKR_OK);
	ck_assert_uint_eq(p11t_find_label(h, CKO_PUBLIC_KEY, "gone"), 0);
	parsec_client_free(c);
}
END_TEST

START_TEST(test_destroy_public_key_keeps_the_parsec_key)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_OBJECT_HANDLE pub, priv;
	parsec_client_t *c = p11t_client();
	parsec_key_info_t *keys;
	size_t n;

	ck_assert_rv(p11t_gen_ec(h, p11t_p256, sizeof(p11t_p256), "kept",
				 CK_TRUE, &pub, &priv),
		     CKR_OK);
	ck_assert_rv(F->C_DestroyObject(h, pub), CKR_OK);
	ck_assert_int_eq(parsec_list_keys(c, &keys, &n), PARSEC_SUCCESS);
	parsec_key_info_free(keys, n);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(p11t_ulong(h, priv, CKA_CLASS), CKO_PRIVATE_KEY);
	parsec_client_free(c);
}
END_TEST

START_TEST(test_destroy_rules)
{
	CK_SESSION_HANDLE rw = p11t_open(p11t_slot(), 1);
	CK_SESSION_HANDLE ro = p11t_open(p11t_slot(), 0);
	CK_OBJECT_CLASS cls = CKO_DATA;
	CK_ATTRIBUTE t[] = {{CKA_CLASS, &cls, sizeof(cls)},
			    {CKA_DESTROYABLE, &no, 1}};
	CK_OBJECT_HANDLE tok = create_data(rw, "tok", CK_TRUE, CK_FALSE);
	CK_OBJECT_HANDLE fixed;

	ck_assert_rv(F->C_DestroyObject(ro, tok), CKR_SESSION_READ_ONLY);
	ck_assert_rv(F->C_CreateObject(rw, t, 2, &fixed), CKR_OK);
	/* v2.40 §4.4: CKA_DESTROYABLE FALSE. */
	ck_assert_rv(F->C_DestroyObject(rw, fixed), CKR_ACTION_PROHIBITED);
	ck_assert_rv(F->C_DestroyObject(rw, tok), CKR_OK);
	ck_assert_rv(F->C_DestroyObject(rw, tok), CKR_OBJECT_HANDLE_INVALID);
}
END_TEST

START_TEST(test_copy_object_rules)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_OBJECT_HANDLE pub, priv, copy,
		data = create_data(h, "orig", CK_FALSE, CK_FALSE);
	CK_ATTRIBUTE to_token[] = {{CKA_TOKEN, &yes, 1},
				   {CKA_LABEL, "copy", 4}};
	CK_ATTRIBUTE bad[] = {{CKA_CLASS, &yes, 1}};
	CK_ULONG len;
	uint8_t *v;

	ck_assert_rv(F->C_CopyObject(h, data, to_token, 2, NULL),
		     CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_CopyObject(h, data, to_token, 2, &copy), CKR_OK);
	ck_assert_uint_ne(copy, data);
	ck_assert_uint_eq(p11t_bool(h, copy, CKA_TOKEN), CK_TRUE);
	v = p11t_attr(h, copy, CKA_VALUE, &len);
	ck_assert_mem_eq(v, "payload", 7);
	free(v);
	ck_assert_rv(F->C_CopyObject(h, data, bad, 1, &copy),
		     CKR_ATTRIBUTE_READ_ONLY);
	ck_assert_rv(p11t_gen_ec(h, p11t_p256, sizeof(p11t_p256), "k", CK_TRUE,
				 &pub, &priv),
		     CKR_OK);
	/* Parsec private keys are not copyable; public keys are. */
	ck_assert_rv(F->C_CopyObject(h, priv, NULL, 0, &copy),
		     CKR_ACTION_PROHIBITED);
	ck_assert_rv(F->C_CopyObject(h, pub, to_token, 2, &copy), CKR_OK);
	v = p11t_attr(h, copy, CKA_EC_POINT, &len);
	ck_assert_uint_eq(len, 67);
	free(v);
}
END_TEST

START_TEST(test_set_attribute_value_rules)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_SESSION_HANDLE ro = p11t_open(p11t_slot(), 0);
	CK_OBJECT_HANDLE pub, priv, o;
	CK_OBJECT_CLASS cls = CKO_DATA;
	CK_ATTRIBUTE label[] = {{CKA_LABEL, "renamed", 7},
				{CKA_ID, "\x07\x08", 2}};
	CK_ATTRIBUTE sign_off[] = {{CKA_SIGN, &no, 1}};
	CK_ATTRIBUTE sign_on[] = {{CKA_SIGN, &yes, 1}};
	CK_ATTRIBUTE decrypt_on[] = {{CKA_DECRYPT, &yes, 1}};
	CK_ATTRIBUTE insensitive[] = {{CKA_SENSITIVE, &no, 1}};
	CK_ATTRIBUTE extractable[] = {{CKA_EXTRACTABLE, &yes, 1}};
	CK_ATTRIBUTE class[] = {{CKA_CLASS, &cls, sizeof(cls)}};
	CK_ATTRIBUTE token[] = {{CKA_TOKEN, &no, 1}};
	CK_ATTRIBUTE fixed[] = {{CKA_CLASS, &cls, sizeof(cls)},
				{CKA_MODIFIABLE, &no, 1}};
	CK_ULONG len;
	uint8_t *v;
	parsec_client_t *c = p11t_client();
	parsec_key_info_t *keys;
	size_t n;

	ck_assert_rv(p11t_gen_ec(h, p11t_p256, sizeof(p11t_p256), "orig",
				 CK_TRUE, &pub, &priv),
		     CKR_OK);
	ck_assert_rv(F->C_SetAttributeValue(ro, priv, label, 2),
		     CKR_SESSION_READ_ONLY);
	ck_assert_rv(F->C_SetAttributeValue(h, priv, label, 2), CKR_OK);
	v = p11t_attr(h, priv, CKA_LABEL, &len);
	ck_assert_mem_eq(v, "renamed", 7);
	free(v);
	/* Parsec has no rename: the key keeps its name. */
	ck_assert_int_eq(parsec_list_keys(c, &keys, &n), PARSEC_SUCCESS);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(keys[0].name, "orig");
	parsec_key_info_free(keys, n);
	parsec_client_free(c);
	ck_assert_rv(F->C_SetAttributeValue(h, priv, decrypt_on, 1),
		     CKR_ATTRIBUTE_VALUE_INVALID);
	ck_assert_rv(F->C_SetAttributeValue(h, priv, sign_off, 1), CKR_OK);
	ck_assert_uint_eq(p11t_bool(h, priv, CKA_SIGN), CK_FALSE);
	/* What the policy forbids through the module cannot come back. */
	ck_assert_rv(F->C_SetAttributeValue(h, priv, sign_on, 1),
		     CKR_ATTRIBUTE_VALUE_INVALID);
	ck_assert_rv(F->C_SetAttributeValue(h, priv, insensitive, 1),
		     CKR_ATTRIBUTE_READ_ONLY);
	ck_assert_rv(F->C_SetAttributeValue(h, priv, extractable, 1),
		     CKR_ATTRIBUTE_READ_ONLY);
	ck_assert_rv(F->C_SetAttributeValue(h, priv, class, 1),
		     CKR_ATTRIBUTE_READ_ONLY);
	ck_assert_rv(F->C_SetAttributeValue(h, priv, token, 1),
		     CKR_ATTRIBUTE_READ_ONLY);
	ck_assert_rv(F->C_CreateObject(h, fixed, 2, &o), CKR_OK);
	ck_assert_rv(F->C_SetAttributeValue(h, o, label, 1),
		     CKR_ACTION_PROHIBITED);
	/* The change is in the store: a new load sees it. */
	ck_assert_rv(F->C_Finalize(NULL), CKR_OK);
	ck_assert_rv(F->C_Initialize(NULL), CKR_OK);
	h = p11t_open(p11t_slot(), 0);
	ck_assert_uint_ne(p11t_find_label(h, CKO_PRIVATE_KEY, "renamed"), 0);
	ck_assert_uint_ne(p11t_find_label(h, CKO_PUBLIC_KEY, "orig"), 0);
}
END_TEST

START_TEST(test_get_object_size)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 0);
	CK_OBJECT_HANDLE o = create_data(h, "sized", CK_FALSE, CK_FALSE);
	CK_ULONG size = 0;

	ck_assert_rv(F->C_GetObjectSize(h, o, NULL), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_GetObjectSize(h, o + 1000, &size),
		     CKR_OBJECT_HANDLE_INVALID);
	ck_assert_rv(F->C_GetObjectSize(h, o, &size), CKR_OK);
	ck_assert_uint_gt(size, 7);
	ck_assert_uint_ne(size, CK_UNAVAILABLE_INFORMATION);
}
END_TEST

START_TEST(test_find_objects_with_templates)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_OBJECT_HANDLE pub, priv, d, found[16];
	CK_OBJECT_CLASS cpriv = CKO_PRIVATE_KEY, cdata = CKO_DATA;
	CK_KEY_TYPE ec = CKK_EC;
	CK_ATTRIBUTE by_class[] = {{CKA_CLASS, &cpriv, sizeof(cpriv)}};
	CK_ATTRIBUTE by_type[] = {{CKA_KEY_TYPE, &ec, sizeof(ec)}};
	CK_ATTRIBUTE by_label[] = {{CKA_LABEL, "findme", 6}};
	CK_ATTRIBUTE by_data[] = {{CKA_CLASS, &cdata, sizeof(cdata)},
				  {CKA_LABEL, "d", 1}};
	CK_ATTRIBUTE nothing[] = {{CKA_LABEL, "nope", 4}};
	CK_ATTRIBUTE id[] = {{CKA_ID, NULL, 0}};
	CK_ULONG n = 0, len;
	long before;

	ck_assert_rv(p11t_gen_ec(h, p11t_p256, sizeof(p11t_p256), "findme",
				 CK_TRUE, &pub, &priv),
		     CKR_OK);
	d = create_data(h, "d", CK_TRUE, CK_FALSE);
	id[0].pValue = p11t_attr(h, priv, CKA_ID, &len);
	id[0].ulValueLen = len;
	before = p11t_requests();
	ck_assert_uint_eq(p11t_find(h, NULL, 0, found, 16), 3);
	ck_assert_uint_eq(p11t_find(h, by_class, 1, found, 16), 1);
	ck_assert_uint_eq(found[0], priv);
	ck_assert_uint_eq(p11t_find(h, by_type, 1, found, 16), 2);
	ck_assert_uint_eq(p11t_find(h, by_label, 1, found, 16), 2);
	ck_assert_uint_eq(p11t_find(h, id, 1, found, 16), 2);
	ck_assert_uint_eq(p11t_find(h, by_data, 2, found, 16), 1);
	ck_assert_uint_eq(found[0], d);
	ck_assert_uint_eq(p11t_find(h, nothing, 1, found, 16), 0);
	/* Answered from memory. */
	if (before >= 0)
		ck_assert_int_eq(p11t_requests(), before);
	free(id[0].pValue);
	/* The operation rules. */
	ck_assert_rv(F->C_FindObjects(h, found, 16, &n),
		     CKR_OPERATION_NOT_INITIALIZED);
	ck_assert_rv(F->C_FindObjectsFinal(h), CKR_OPERATION_NOT_INITIALIZED);
	ck_assert_rv(F->C_FindObjectsInit(h, NULL, 1), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_FindObjectsInit(h, NULL, 0), CKR_OK);
	ck_assert_rv(F->C_FindObjectsInit(h, NULL, 0), CKR_OPERATION_ACTIVE);
	ck_assert_rv(F->C_FindObjects(h, NULL, 16, &n), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_FindObjects(h, found, 2, &n), CKR_OK);
	ck_assert_uint_eq(n, 2);
	ck_assert_rv(F->C_FindObjects(h, found, 2, &n), CKR_OK);
	ck_assert_uint_eq(n, 1);
	ck_assert_rv(F->C_FindObjects(h, found, 2, &n), CKR_OK);
	ck_assert_uint_eq(n, 0);
	ck_assert_rv(F->C_FindObjectsFinal(h), CKR_OK);
}
END_TEST

START_TEST(test_handles_stay_stable)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_OBJECT_HANDLE a = create_data(h, "a", CK_TRUE, CK_FALSE);
	CK_OBJECT_HANDLE b = create_data(h, "b", CK_TRUE, CK_FALSE);
	CK_OBJECT_HANDLE c;

	ck_assert_rv(F->C_DestroyObject(h, a), CKR_OK);
	c = create_data(h, "c", CK_TRUE, CK_FALSE);
	/* Never reused. */
	ck_assert_uint_ne(c, a);
	ck_assert_uint_eq(p11t_find_label(h, CKO_DATA, "b"), b);
	/* A reload from the store keeps them. */
	ck_assert_rv(F->C_CloseSession(h), CKR_OK);
	h = p11t_open(p11t_slot(), 1);
	ck_assert_uint_eq(p11t_find_label(h, CKO_DATA, "b"), b);
	ck_assert_uint_eq(p11t_find_label(h, CKO_DATA, "c"), c);
	/* Not reused across C_Finalize / C_Initialize either. */
	ck_assert_rv(F->C_Finalize(NULL), CKR_OK);
	ck_assert_rv(F->C_Initialize(NULL), CKR_OK);
	h = p11t_open(p11t_slot(), 1);
	ck_assert_uint_gt(create_data(h, "d", CK_FALSE, CK_FALSE), c);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("module-objects");
	TCase *tc = tcase_create("objects");

	tcase_add_checked_fixture(tc, p11t_setup, p11t_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_certificate_derives_its_fields);
	tcase_add_test(tc, test_only_the_so_marks_a_certificate_trusted);
	tcase_add_test(tc, test_data_object_attributes);
	tcase_add_test(tc, test_create_object_errors);
	tcase_add_test(tc, test_get_attribute_value_buffer_rules);
	tcase_add_test(tc,
		       test_destroy_private_key_leaves_store_only_public_key);
	tcase_add_test(tc, test_destroy_public_key_keeps_the_parsec_key);
	tcase_add_test(tc, test_destroy_rules);
	tcase_add_test(tc, test_copy_object_rules);
	tcase_add_test(tc, test_set_attribute_value_rules);
	tcase_add_test(tc, test_get_object_size);
	tcase_add_test(tc, test_find_objects_with_templates);
	tcase_add_test(tc, test_handles_stay_stable);
	suite_add_tcase(s, tc);
	return s;
}
