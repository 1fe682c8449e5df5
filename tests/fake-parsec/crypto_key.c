/* crypto_key.c - generate, import, load and export keys in PSA formats. */
#include "crypto_key.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <stdlib.h>
#include <string.h>

#define INVALID FAKE_ST(PSA_ERROR_INVALID_ARGUMENT)
#define GENERIC FAKE_ST(PSA_ERROR_GENERIC_ERROR)
#define NOMEM FAKE_ST(PSA_ERROR_INSUFFICIENT_MEMORY)

typedef struct curve_row {
	parsec_ecc_family_t family;
	uint32_t bits;
	const char *name;
	int nid;
} curve_row_t;

static const curve_row_t curves[] = {
	{PARSEC_ECC_SECP_R1, 192, "P-192", NID_X9_62_prime192v1},
	{PARSEC_ECC_SECP_R1, 224, "P-224", NID_secp224r1},
	{PARSEC_ECC_SECP_R1, 256, "P-256", NID_X9_62_prime256v1},
	{PARSEC_ECC_SECP_R1, 384, "P-384", NID_secp384r1},
	{PARSEC_ECC_SECP_R1, 521, "P-521", NID_secp521r1},
	{PARSEC_ECC_SECP_K1, 256, "secp256k1", NID_secp256k1},
};

static const curve_row_t *curve_row(parsec_ecc_family_t family, uint32_t bits)
{
	for (size_t i = 0; i < sizeof(curves) / sizeof(curves[0]); i++)
		if (curves[i].family == family && curves[i].bits == bits)
			return &curves[i];
	return NULL;
}

const char *crypto_key_curve(parsec_ecc_family_t family, uint32_t bits,
			     size_t *bytes)
{
	const curve_row_t *c = curve_row(family, bits);

	if (bytes)
		*bytes = (bits + 7) / 8;
	return c ? c->name : NULL;
}

/* The curve whose coordinates take len bytes, in a family. */
static const curve_row_t *curve_by_bytes(parsec_ecc_family_t family, size_t len)
{
	for (size_t i = 0; i < sizeof(curves) / sizeof(curves[0]); i++)
		if (curves[i].family == family &&
		    (curves[i].bits + 7) / 8 == len)
			return &curves[i];
	return NULL;
}

static fake_status_t take_der(unsigned char *der, int len, fake_buf_t *out)
{
	fake_status_t st = FAKE_OK;

	if (len <= 0)
		return GENERIC;
	if (fake_buf_set(out, der, (size_t)len) != 0)
		st = NOMEM;
	OPENSSL_clear_free(der, (size_t)len);
	return st;
}

static fake_status_t rsa_generate(uint32_t bits, fake_buf_t *out)
{
	EVP_PKEY *pk = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)bits);
	unsigned char *der = NULL;
	int len;

	if (!pk)
		return GENERIC;
	len = i2d_PrivateKey(pk, &der);
	EVP_PKEY_free(pk);
	return take_der(der, len, out);
}

static fake_status_t ecc_generate(const curve_row_t *c, fake_buf_t *out)
{
	EVP_PKEY *pk = EVP_PKEY_Q_keygen(NULL, NULL, "EC", c->name);
	BIGNUM *d = NULL;
	size_t n = (c->bits + 7) / 8;
	fake_status_t st = GENERIC;

	if (!pk || !EVP_PKEY_get_bn_param(pk, OSSL_PKEY_PARAM_PRIV_KEY, &d))
		goto out;
	out->data = malloc(n);
	if (!out->data)
		goto out;
	out->len = n;
	if (BN_bn2binpad(d, out->data, (int)n) != (int)n)
		goto out;
	st = FAKE_OK;
out:
	if (st != FAKE_OK)
		fake_buf_clear(out);
	BN_clear_free(d);
	EVP_PKEY_free(pk);
	return st;
}

static fake_status_t random_key(uint32_t bits, fake_buf_t *out)
{
	size_t n = bits / 8;

	out->data = malloc(n ? n : 1);
	if (!out->data)
		return NOMEM;
	out->len = n;
	if (n && RAND_bytes(out->data, (int)n) != 1) {
		fake_buf_clear(out);
		return GENERIC;
	}
	return FAKE_OK;
}

fake_status_t crypto_key_generate(const fake_attrs_t *a, fake_buf_t *out)
{
	const curve_row_t *c;

	switch (a->type) {
	case PARSEC_KEY_TYPE_RSA_KEY_PAIR:
		return rsa_generate(a->bits, out);
	case PARSEC_KEY_TYPE_ECC_KEY_PAIR:
		c = curve_row(a->family, a->bits);
		return c ? ecc_generate(c, out) : INVALID;
	default:
		if (a->bits == 0 || a->bits % 8 != 0)
			return INVALID;
		return random_key(a->bits, out);
	}
}

static EVP_PKEY *rsa_parse(int private, const uint8_t *data, size_t len)
{
	const unsigned char *p = data;
	EVP_PKEY *pk;

	if (len == 0 || len > 0x7fffffff)
		return NULL;
	pk = private ? d2i_PrivateKey(EVP_PKEY_RSA, NULL, &p, (long)len)
		     : d2i_PublicKey(EVP_PKEY_RSA, NULL, &p, (long)len);
	if (pk && p != data + len) {
		EVP_PKEY_free(pk);
		pk = NULL;
	}
	return pk;
}

static EVP_PKEY *ec_from_params(const char *group, const BIGNUM *d,
				const uint8_t *pub, size_t pub_len)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	EVP_PKEY *pk = NULL;
	int sel = d ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY;

	if (!bld || !ctx ||
	    !OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME,
					     group, 0) ||
	    !OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, pub,
					      pub_len) ||
	    (d && !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, d)))
		goto out;
	params = OSSL_PARAM_BLD_to_param(bld);
	if (!params || EVP_PKEY_fromdata_init(ctx) != 1 ||
	    EVP_PKEY_fromdata(ctx, &pk, sel, params) != 1)
		pk = NULL;
out:
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	EVP_PKEY_CTX_free(ctx);
	return pk;
}

/* A public point checked to lie on the curve. */
static EVP_PKEY *ec_public_parse(const curve_row_t *c, const uint8_t *data,
				 size_t len)
{
	size_t n = (c->bits + 7) / 8;
	EVP_PKEY *pk;
	EVP_PKEY_CTX *ctx;
	int ok;

	if (len != 1 + 2 * n || data[0] != 0x04)
		return NULL;
	pk = ec_from_params(c->name, NULL, data, len);
	if (!pk)
		return NULL;
	ctx = EVP_PKEY_CTX_new(pk, NULL);
	ok = ctx && EVP_PKEY_public_check(ctx) == 1;
	EVP_PKEY_CTX_free(ctx);
	if (!ok) {
		EVP_PKEY_free(pk);
		pk = NULL;
	}
	return pk;
}

/* A key pair from the private scalar, which must lie in [1, n-1]. */
static EVP_PKEY *ec_pair_parse(const curve_row_t *c, const uint8_t *data,
			       size_t len)
{
	EC_GROUP *g = EC_GROUP_new_by_curve_name(c->nid);
	BIGNUM *d = BN_bin2bn(data, (int)len, NULL);
	EC_POINT *q = NULL;
	uint8_t pub[1 + 2 * 66];
	size_t pub_len;
	EVP_PKEY *pk = NULL;

	if (!g || !d || len != (c->bits + 7) / 8 || BN_is_zero(d) ||
	    BN_cmp(d, EC_GROUP_get0_order(g)) >= 0)
		goto out;
	q = EC_POINT_new(g);
	if (!q || !EC_POINT_mul(g, q, d, NULL, NULL, NULL))
		goto out;
	pub_len = EC_POINT_point2oct(g, q, POINT_CONVERSION_UNCOMPRESSED, pub,
				     sizeof(pub), NULL);
	if (pub_len == 0)
		goto out;
	pk = ec_from_params(c->name, d, pub, pub_len);
out:
	EC_POINT_free(q);
	BN_clear_free(d);
	EC_GROUP_free(g);
	return pk;
}

fake_status_t crypto_key_bits(const fake_attrs_t *a, const uint8_t *data,
			      size_t len, uint32_t *bits)
{
	const curve_row_t *c;
	EVP_PKEY *pk;

	switch (a->type) {
	case PARSEC_KEY_TYPE_RSA_KEY_PAIR:
	case PARSEC_KEY_TYPE_RSA_PUBLIC_KEY:
		pk = rsa_parse(a->type == PARSEC_KEY_TYPE_RSA_KEY_PAIR, data,
			       len);
		if (!pk)
			return INVALID;
		*bits = (uint32_t)EVP_PKEY_get_bits(pk);
		EVP_PKEY_free(pk);
		return FAKE_OK;
	case PARSEC_KEY_TYPE_ECC_KEY_PAIR:
		c = curve_by_bytes(a->family, len);
		break;
	case PARSEC_KEY_TYPE_ECC_PUBLIC_KEY:
		c = len % 2 ? curve_by_bytes(a->family, (len - 1) / 2) : NULL;
		break;
	default:
		*bits = (uint32_t)(len * 8);
		return len ? FAKE_OK : INVALID;
	}
	if (!c)
		return INVALID;
	*bits = c->bits;
	return FAKE_OK;
}

fake_status_t crypto_key_import(fake_attrs_t *a, const uint8_t *data,
				size_t len, fake_buf_t *out)
{
	fake_attrs_t probe = *a;
	fake_buf_t in = {(uint8_t *)data, len};
	EVP_PKEY *pk = NULL;
	uint32_t bits;
	fake_status_t st;

	st = crypto_key_bits(a, data, len, &bits);
	if (st != FAKE_OK)
		return st;
	if (a->bits != 0 && a->bits != bits)
		return INVALID;
	probe.bits = bits;
	if (attrs_is_rsa(&probe) || attrs_is_ecc(&probe)) {
		st = crypto_key_load(&probe, &in, &pk);
		EVP_PKEY_free(pk);
		if (st != FAKE_OK)
			return st;
	}
	if (fake_buf_set(out, data, len) != 0)
		return NOMEM;
	a->bits = bits;
	return FAKE_OK;
}

fake_status_t crypto_key_load(const fake_attrs_t *a, const fake_buf_t *data,
			      EVP_PKEY **out)
{
	const curve_row_t *c = curve_row(a->family, a->bits);

	switch (a->type) {
	case PARSEC_KEY_TYPE_RSA_KEY_PAIR:
		*out = rsa_parse(1, data->data, data->len);
		break;
	case PARSEC_KEY_TYPE_RSA_PUBLIC_KEY:
		*out = rsa_parse(0, data->data, data->len);
		break;
	case PARSEC_KEY_TYPE_ECC_KEY_PAIR:
		*out = c ? ec_pair_parse(c, data->data, data->len) : NULL;
		break;
	case PARSEC_KEY_TYPE_ECC_PUBLIC_KEY:
		*out = c ? ec_public_parse(c, data->data, data->len) : NULL;
		break;
	default:
		return INVALID;
	}
	return *out ? FAKE_OK : INVALID;
}

fake_status_t crypto_key_export_public(const fake_attrs_t *a,
				       const fake_buf_t *data, fake_buf_t *out)
{
	EVP_PKEY *pk = NULL;
	unsigned char *der = NULL;
	uint8_t point[1 + 2 * 66];
	size_t plen = 0;
	fake_status_t st;
	int len;

	if (attrs_is_public_key(a))
		return fake_buf_set(out, data->data, data->len) ? NOMEM
								: FAKE_OK;
	st = crypto_key_load(a, data, &pk);
	if (st != FAKE_OK)
		return st;
	if (attrs_is_rsa(a)) {
		len = i2d_PublicKey(pk, &der);
		st = take_der(der, len, out);
	} else if (EVP_PKEY_get_octet_string_param(
			   pk, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, point,
			   sizeof(point), &plen) == 1) {
		st = fake_buf_set(out, point, plen) ? NOMEM : FAKE_OK;
	} else {
		st = GENERIC;
	}
	EVP_PKEY_free(pk);
	return st;
}
