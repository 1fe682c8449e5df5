/*
 * p11_crypto.c - keys through the module, verdicts from OpenSSL.
 */
#include "tests/module/p11_crypto.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/asn1.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/objects.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

const uint8_t p11c_p521[7] = {0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x23};

static CK_BBOOL yes = CK_TRUE;

/* A key pair from a public template, with the private template
 * {CKA_TOKEN, CKA_LABEL} + extra (CKA_SIGN TRUE when no extra). */
static CK_RV gen(CK_SESSION_HANDLE h, CK_MECHANISM_TYPE mech, CK_ATTRIBUTE *pt,
		 CK_ULONG npt, const char *label, const CK_ATTRIBUTE *extra,
		 CK_ULONG n, CK_OBJECT_HANDLE *pub, CK_OBJECT_HANDLE *priv)
{
	CK_MECHANISM m = {mech, NULL, 0};
	CK_ATTRIBUTE st[12] = {
		{CKA_TOKEN, &yes, 1},
		{CKA_LABEL, (void *)label, strlen(label)},
		{CKA_SIGN, &yes, 1},
	};
	CK_ULONG ns = n > 0 ? 2 : 3;

	ck_assert_uint_le(n, 10);
	if (n > 0)
		memcpy(&st[ns], extra, n * sizeof(*extra));
	return F->C_GenerateKeyPair(h, &m, pt, npt, st, ns + n, pub, priv);
}

CK_RV p11c_gen_rsa(CK_SESSION_HANDLE h, CK_ULONG bits, const char *label,
		   const CK_ATTRIBUTE *extra, CK_ULONG n, CK_OBJECT_HANDLE *pub,
		   CK_OBJECT_HANDLE *priv)
{
	CK_ATTRIBUTE pt[] = {
		{CKA_TOKEN, &yes, 1},
		{CKA_MODULUS_BITS, &bits, sizeof(bits)},
		{CKA_LABEL, (void *)label, strlen(label)},
	};

	return gen(h, CKM_RSA_PKCS_KEY_PAIR_GEN, pt, 3, label, extra, n, pub,
		   priv);
}

CK_RV p11c_gen_ec(CK_SESSION_HANDLE h, const uint8_t *params, size_t len,
		  const char *label, const CK_ATTRIBUTE *extra, CK_ULONG n,
		  CK_OBJECT_HANDLE *pub, CK_OBJECT_HANDLE *priv)
{
	CK_ATTRIBUTE pt[] = {
		{CKA_TOKEN, &yes, 1},
		{CKA_EC_PARAMS, (void *)params, len},
		{CKA_LABEL, (void *)label, strlen(label)},
	};

	return gen(h, CKM_EC_KEY_PAIR_GEN, pt, 3, label, extra, n, pub, priv);
}

static EVP_PKEY *from_params(const char *type, OSSL_PARAM_BLD *bld)
{
	OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
	EVP_PKEY *k = NULL;

	ck_assert_ptr_nonnull(params);
	ck_assert_ptr_nonnull(ctx);
	ck_assert_int_eq(EVP_PKEY_fromdata_init(ctx), 1);
	ck_assert_int_eq(
		EVP_PKEY_fromdata(ctx, &k, EVP_PKEY_PUBLIC_KEY, params), 1);
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	return k;
}

static EVP_PKEY *rsa_public(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE o)
{
	CK_ULONG nl, el;
	uint8_t *n = p11t_attr(h, o, CKA_MODULUS, &nl);
	uint8_t *e = p11t_attr(h, o, CKA_PUBLIC_EXPONENT, &el);
	BIGNUM *bn = BN_bin2bn(n, (int)nl, NULL),
	       *be = BN_bin2bn(e, (int)el, NULL);
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	EVP_PKEY *k;

	ck_assert(OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn));
	ck_assert(OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, be));
	k = from_params("RSA", bld);
	OSSL_PARAM_BLD_free(bld);
	BN_free(bn);
	BN_free(be);
	free(n);
	free(e);
	return k;
}

static EVP_PKEY *ec_public(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE o)
{
	CK_ULONG pl, ql;
	uint8_t *params = p11t_attr(h, o, CKA_EC_PARAMS, &pl);
	uint8_t *point = p11t_attr(h, o, CKA_EC_POINT, &ql);
	const unsigned char *p = params;
	ASN1_OBJECT *oid = d2i_ASN1_OBJECT(NULL, &p, (long)pl);
	const char *group;
	size_t hdr = point[1] == 0x81 ? 3 : 2;
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	EVP_PKEY *k;

	ck_assert_ptr_nonnull(oid);
	group = OBJ_nid2sn(OBJ_obj2nid(oid));
	/* CKA_EC_POINT is a DER OCTET STRING holding the point. */
	ck_assert_uint_eq(point[0], 0x04);
	ck_assert(OSSL_PARAM_BLD_push_utf8_string(
		bld, OSSL_PKEY_PARAM_GROUP_NAME, group, 0));
	ck_assert(OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY,
						   point + hdr, ql - hdr));
	k = from_params("EC", bld);
	OSSL_PARAM_BLD_free(bld);
	ASN1_OBJECT_free(oid);
	free(params);
	free(point);
	return k;
}

EVP_PKEY *p11c_public(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE o)
{
	return p11t_ulong(h, o, CKA_KEY_TYPE) == CKK_RSA ? rsa_public(h, o)
							 : ec_public(h, o);
}

/* r || s to the DER OpenSSL verifies; NULL when not r || s. */
static uint8_t *rs_to_der(const uint8_t *sig, size_t len, size_t *der_len)
{
	ECDSA_SIG *s = ECDSA_SIG_new();
	BIGNUM *r = BN_bin2bn(sig, (int)(len / 2), NULL);
	BIGNUM *ss = BN_bin2bn(sig + len / 2, (int)(len / 2), NULL);
	unsigned char *der = NULL;
	int n;

	ck_assert(s && r && ss && ECDSA_SIG_set0(s, r, ss));
	n = i2d_ECDSA_SIG(s, &der);
	ECDSA_SIG_free(s);
	ck_assert_int_gt(n, 0);
	*der_len = (size_t)n;
	return der;
}

static int set_padding(EVP_PKEY_CTX *ctx, EVP_PKEY *k, const char *md,
		       int padding)
{
	if (!EVP_PKEY_is_a(k, "RSA"))
		return 1;
	if (EVP_PKEY_CTX_set_rsa_padding(ctx, padding) != 1)
		return 0;
	if (padding == RSA_PKCS1_PSS_PADDING &&
	    (EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, RSA_PSS_SALTLEN_DIGEST) !=
		     1 ||
	     EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, EVP_get_digestbyname(md)) != 1))
		return 0;
	return 1;
}

int p11c_verify_digest(EVP_PKEY *k, const char *md, int padding,
		       const uint8_t *in, size_t in_len, const uint8_t *sig,
		       size_t sig_len)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(k, NULL);
	uint8_t *der = NULL;
	size_t der_len = sig_len;
	int ok;

	if (EVP_PKEY_is_a(k, "EC")) {
		der = rs_to_der(sig, sig_len, &der_len);
		sig = der;
	}
	ok = ctx != NULL && EVP_PKEY_verify_init(ctx) == 1 &&
	     set_padding(ctx, k, md, padding) &&
	     (md == NULL || EVP_PKEY_is_a(k, "EC") ||
	      EVP_PKEY_CTX_set_signature_md(ctx, EVP_get_digestbyname(md)) ==
		      1) &&
	     EVP_PKEY_verify(ctx, sig, der_len, in, in_len) == 1;
	OPENSSL_free(der);
	EVP_PKEY_CTX_free(ctx);
	return ok;
}

int p11c_verify_message(EVP_PKEY *k, const char *md, int padding,
			const uint8_t *msg, size_t len, const uint8_t *sig,
			size_t sig_len)
{
	EVP_MD_CTX *mctx = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	uint8_t *der = NULL;
	size_t der_len = sig_len;
	int ok;

	if (EVP_PKEY_is_a(k, "EC")) {
		der = rs_to_der(sig, sig_len, &der_len);
		sig = der;
	}
	ok = mctx != NULL &&
	     EVP_DigestVerifyInit(mctx, &pctx, EVP_get_digestbyname(md), NULL,
				  k) == 1 &&
	     set_padding(pctx, k, md, padding) &&
	     EVP_DigestVerify(mctx, sig, der_len, msg, len) == 1;
	OPENSSL_free(der);
	EVP_MD_CTX_free(mctx);
	return ok;
}

size_t p11c_digest(const char *md, const uint8_t *data, size_t len,
		   uint8_t *out)
{
	unsigned int n = 0;

	ck_assert_int_eq(
		EVP_Digest(data, len, out, &n, EVP_get_digestbyname(md), NULL),
		1);
	return n;
}

CK_RV p11c_sign(CK_SESSION_HANDLE h, CK_MECHANISM *m, CK_OBJECT_HANDLE key,
		const uint8_t *data, CK_ULONG len, uint8_t *sig,
		CK_ULONG *sig_len)
{
	CK_RV rv = F->C_SignInit(h, m, key);

	if (rv != CKR_OK)
		return rv;
	return F->C_Sign(h, (CK_BYTE_PTR)data, len, sig, sig_len);
}

int p11c_parsec_key(const char *name, uint8_t provider,
		    parsec_key_attributes_t *out)
{
	parsec_client_t *c = p11t_client();
	parsec_key_info_t *keys = NULL;
	size_t n = 0, i;
	int found = 0;

	ck_assert_int_eq(parsec_list_keys(c, &keys, &n), PARSEC_SUCCESS);
	for (i = 0; i < n; i++)
		if (keys[i].provider_id == provider &&
		    strcmp(keys[i].name, name) == 0) {
			*out = keys[i].attributes;
			found = 1;
		}
	parsec_key_info_free(keys, n);
	parsec_client_free(c);
	return found;
}

void p11c_reload(void)
{
	ck_assert_rv(F->C_Finalize(NULL), CKR_OK);
	ck_assert_rv(F->C_Initialize(NULL), CKR_OK);
}

void p11c_fill(uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(i * 7 + 3);
}
