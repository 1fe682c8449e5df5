/*
 * pubkey.c - public keys between Parsec, PKCS#11 and OpenSSL.
 *
 * Only OpenSSL 3 non-deprecated interfaces: keys are built with
 * OSSL_PARAM_BLD + EVP_PKEY_fromdata and read back with
 * EVP_PKEY_get_bn_param / EVP_PKEY_get_octet_string_param.
 */
#include "mapping/pubkey.h"

#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include "mapping/ec_point.h"

static const uint8_t oid_p256[] = {0x06, 0x08, 0x2a, 0x86, 0x48,
				   0xce, 0x3d, 0x03, 0x01, 0x07};
static const uint8_t oid_p384[] = {0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22};
static const uint8_t oid_p521[] = {0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x23};
static const uint8_t oid_k256[] = {0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x0a};

static const pubkey_curve_t curves[] = {
	{"prime256v1", oid_p256, sizeof(oid_p256), 256, PARSEC_ECC_SECP_R1},
	{"secp384r1", oid_p384, sizeof(oid_p384), 384, PARSEC_ECC_SECP_R1},
	{"secp521r1", oid_p521, sizeof(oid_p521), 521, PARSEC_ECC_SECP_R1},
	{"secp256k1", oid_k256, sizeof(oid_k256), 256, PARSEC_ECC_SECP_K1},
};
#define N_CURVES (sizeof(curves) / sizeof(curves[0]))

/* Other spellings of the curve names, as tools put them in a
 * PrintableString CKA_EC_PARAMS. */
static const struct {
	const char *alias;
	const char *name;
} curve_aliases[] = {
	{"prime256v1", "prime256v1"}, {"secp256r1", "prime256v1"},
	{"P-256", "prime256v1"},      {"nistp256", "prime256v1"},
	{"secp384r1", "secp384r1"},   {"prime384v1", "secp384r1"},
	{"P-384", "secp384r1"},	      {"nistp384", "secp384r1"},
	{"secp521r1", "secp521r1"},   {"prime521v1", "secp521r1"},
	{"P-521", "secp521r1"},	      {"nistp521", "secp521r1"},
	{"secp256k1", "secp256k1"},
};

#define DER_PRINTABLE_STRING 0x13

static const pubkey_curve_t *curve_by_name(const char *name, size_t len)
{
	size_t i, j;

	for (i = 0; i < sizeof(curve_aliases) / sizeof(curve_aliases[0]); i++) {
		if (strlen(curve_aliases[i].alias) != len ||
		    memcmp(curve_aliases[i].alias, name, len) != 0)
			continue;
		for (j = 0; j < N_CURVES; j++)
			if (strcmp(curves[j].name, curve_aliases[i].name) == 0)
				return &curves[j];
	}
	return NULL;
}

const pubkey_curve_t *pubkey_curve_from_params(const uint8_t *params,
					       size_t len)
{
	size_t i;

	if (params == NULL || len < 2)
		return NULL;
	for (i = 0; i < N_CURVES; i++)
		if (curves[i].oid_len == len &&
		    memcmp(curves[i].oid, params, len) == 0)
			return &curves[i];
	if (params[0] == DER_PRINTABLE_STRING && params[1] < 0x80 &&
	    (size_t)params[1] + 2 == len)
		return curve_by_name((const char *)params + 2, params[1]);
	return NULL;
}

const pubkey_curve_t *pubkey_curve_from_parsec(parsec_ecc_family_t family,
					       uint32_t bits)
{
	size_t i;

	for (i = 0; i < N_CURVES; i++)
		if (curves[i].family == family && curves[i].bits == bits)
			return &curves[i];
	return NULL;
}

static CK_RV set_bn(attr_list_t *out, CK_ATTRIBUTE_TYPE type, const BIGNUM *bn)
{
	int n = BN_num_bytes(bn);
	uint8_t *buf;
	CK_RV rv;

	buf = OPENSSL_malloc(n > 0 ? (size_t)n : 1);
	if (buf == NULL)
		return CKR_HOST_MEMORY;
	BN_bn2bin(bn, buf);
	rv = attr_list_set(out, type, buf, (CK_ULONG)n);
	OPENSSL_free(buf);
	return rv;
}

static CK_RV set_spki(attr_list_t *out, EVP_PKEY *pkey)
{
	unsigned char *der = NULL;
	int n;
	CK_RV rv;

	n = i2d_PUBKEY(pkey, &der);
	if (n <= 0)
		return CKR_GENERAL_ERROR;
	rv = attr_list_set(out, CKA_PUBLIC_KEY_INFO, der, (CK_ULONG)n);
	OPENSSL_free(der);
	return rv;
}

static CK_RV rsa_attrs_from_pkey(EVP_PKEY *pkey, attr_list_t *out)
{
	BIGNUM *n = NULL, *e = NULL;
	CK_RV rv = CKR_GENERAL_ERROR;

	if (!EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_N, &n) ||
	    !EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_E, &e))
		goto out;
	rv = set_bn(out, CKA_MODULUS, n);
	if (rv != CKR_OK)
		goto out;
	rv = set_bn(out, CKA_PUBLIC_EXPONENT, e);
	if (rv != CKR_OK)
		goto out;
	rv = attr_list_set_ulong(out, CKA_MODULUS_BITS,
				 (CK_ULONG)BN_num_bits(n));
	if (rv != CKR_OK)
		goto out;
	rv = set_spki(out, pkey);
out:
	BN_free(n);
	BN_free(e);
	return rv;
}

static EVP_PKEY *pkey_fromdata(const char *alg, int selection,
			       OSSL_PARAM_BLD *bld)
{
	OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *pkey = NULL;

	if (params == NULL)
		return NULL;
	ctx = EVP_PKEY_CTX_new_from_name(NULL, alg, NULL);
	if (ctx == NULL || EVP_PKEY_fromdata_init(ctx) <= 0 ||
	    EVP_PKEY_fromdata(ctx, &pkey, selection, params) <= 0)
		pkey = NULL;
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	return pkey;
}

static EVP_PKEY *ec_pkey(const pubkey_curve_t *curve, const uint8_t *point,
			 size_t len)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	EVP_PKEY *pkey = NULL;

	if (bld == NULL)
		return NULL;
	if (OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME,
					    curve->name, 0) &&
	    OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY,
					     point, len))
		pkey = pkey_fromdata("EC", EVP_PKEY_PUBLIC_KEY, bld);
	OSSL_PARAM_BLD_free(bld);
	return pkey;
}

static size_t point_len(const pubkey_curve_t *curve)
{
	return 1 + 2 * ec_field_len(curve->bits);
}

/* Sets EC attributes from an uncompressed point; CKR_ATTRIBUTE_VALUE_INVALID
 * when the point is not one of the curve's. */
static CK_RV ec_attrs(const pubkey_curve_t *curve, const uint8_t *point,
		      size_t len, attr_list_t *out)
{
	uint8_t der[4 + 1 + 2 * 66];
	size_t der_len = sizeof(der);
	EVP_PKEY *pkey;
	CK_RV rv;

	if (!ec_point_is_uncompressed(point, len, ec_field_len(curve->bits)))
		return CKR_ATTRIBUTE_VALUE_INVALID;
	pkey = ec_pkey(curve, point, len);
	if (pkey == NULL)
		return CKR_ATTRIBUTE_VALUE_INVALID;
	rv = ec_point_wrap(point, len, der, &der_len);
	if (rv == CKR_OK)
		rv = attr_list_set(out, CKA_EC_PARAMS, curve->oid,
				   curve->oid_len);
	if (rv == CKR_OK)
		rv = attr_list_set(out, CKA_EC_POINT, der, der_len);
	if (rv == CKR_OK)
		rv = set_spki(out, pkey);
	EVP_PKEY_free(pkey);
	return rv;
}

static CK_RV rsa_attrs_from_der(const uint8_t *der, size_t len,
				attr_list_t *out)
{
	const unsigned char *p = der;
	EVP_PKEY *pkey;
	CK_RV rv;

	pkey = d2i_PublicKey(EVP_PKEY_RSA, NULL, &p, (long)len);
	/* Nothing may follow the RSAPublicKey. */
	if (pkey == NULL || p != der + len) {
		EVP_PKEY_free(pkey);
		return CKR_ATTRIBUTE_VALUE_INVALID;
	}
	rv = rsa_attrs_from_pkey(pkey, out);
	EVP_PKEY_free(pkey);
	return rv;
}

CK_RV pubkey_from_export(const parsec_key_attributes_t *attrs,
			 const uint8_t *data, size_t len, attr_list_t *out)
{
	const pubkey_curve_t *curve;
	CK_RV rv = CKR_DEVICE_ERROR;

	switch (attrs->type) {
	case PARSEC_KEY_TYPE_RSA_KEY_PAIR:
	case PARSEC_KEY_TYPE_RSA_PUBLIC_KEY:
		rv = rsa_attrs_from_der(data, len, out);
		break;
	case PARSEC_KEY_TYPE_ECC_KEY_PAIR:
	case PARSEC_KEY_TYPE_ECC_PUBLIC_KEY:
		curve = pubkey_curve_from_parsec(attrs->ecc_family,
						 attrs->bits);
		if (curve != NULL)
			rv = ec_attrs(curve, data, len, out);
		break;
	default:
		break;
	}
	if (rv == CKR_ATTRIBUTE_VALUE_INVALID)
		rv = CKR_DEVICE_ERROR; /* the service sent something odd */
	return rv;
}

/* The uncompressed point of a CKA_EC_POINT value on the curve that
 * CKA_EC_PARAMS names (DER OCTET STRING, or the raw point some callers
 * send). */
static int point_of(const uint8_t *params, size_t params_len, const uint8_t *v,
		    size_t len, const uint8_t **pt, size_t *pt_len)
{
	const pubkey_curve_t *curve =
		pubkey_curve_from_params(params, params_len);

	return curve != NULL &&
	       ec_point_raw(v, len, ec_field_len(curve->bits), pt, pt_len);
}

CK_RV pubkey_id_sha1(const attr_list_t *pub, CK_KEY_TYPE type, uint8_t id[20])
{
	const attr_t *a, *p;
	const uint8_t *pt;
	size_t pt_len;

	if (type == CKK_RSA) {
		a = attr_list_get(pub, CKA_MODULUS);
		if (a == NULL)
			return CKR_GENERAL_ERROR;
		SHA1(a->value, a->len, id);
		return CKR_OK;
	}
	a = attr_list_get(pub, CKA_EC_POINT);
	p = attr_list_get(pub, CKA_EC_PARAMS);
	if (a == NULL || p == NULL ||
	    !point_of(p->value, p->len, a->value, a->len, &pt, &pt_len))
		return CKR_GENERAL_ERROR;
	SHA1(pt, pt_len, id);
	return CKR_OK;
}

static const CK_ATTRIBUTE *need(const CK_ATTRIBUTE *tmpl, CK_ULONG count,
				CK_ATTRIBUTE_TYPE type)
{
	const CK_ATTRIBUTE *a = attr_template_find(tmpl, count, type);

	if (a == NULL || a->pValue == NULL || a->ulValueLen == 0)
		return NULL;
	return a;
}

/* Secure BIGNUMs: OpenSSL then keeps their copy in the parameters in
 * memory it wipes on free (private key components pass through here). */
static int push_bn(OSSL_PARAM_BLD *bld, const char *key, const CK_ATTRIBUTE *a,
		   BIGNUM **keep)
{
	BIGNUM *bn = BN_secure_new();

	if (bn != NULL &&
	    BN_bin2bn(a->pValue, (int)a->ulValueLen, bn) == NULL) {
		BN_clear_free(bn);
		bn = NULL;
	}
	if (bn == NULL || !OSSL_PARAM_BLD_push_BN(bld, key, bn)) {
		BN_clear_free(bn);
		return 0;
	}
	*keep = bn;
	return 1;
}

CK_RV pubkey_public_from_template(CK_KEY_TYPE type, const CK_ATTRIBUTE *tmpl,
				  CK_ULONG count, attr_list_t *out)
{
	const CK_ATTRIBUTE *n, *e, *params, *point;
	const pubkey_curve_t *curve;
	const uint8_t *pt;
	size_t pt_len;
	OSSL_PARAM_BLD *bld;
	BIGNUM *bns[2] = {NULL, NULL};
	EVP_PKEY *pkey = NULL;
	CK_RV rv = CKR_ATTRIBUTE_VALUE_INVALID;

	if (type == CKK_EC) {
		params = need(tmpl, count, CKA_EC_PARAMS);
		point = need(tmpl, count, CKA_EC_POINT);
		if (params == NULL || point == NULL)
			return CKR_TEMPLATE_INCOMPLETE;
		curve = pubkey_curve_from_params(params->pValue,
						 params->ulValueLen);
		if (curve == NULL)
			return CKR_CURVE_NOT_SUPPORTED;
		if (!ec_point_raw(point->pValue, point->ulValueLen,
				  ec_field_len(curve->bits), &pt, &pt_len))
			return CKR_ATTRIBUTE_VALUE_INVALID;
		return ec_attrs(curve, pt, pt_len, out);
	}
	if (type != CKK_RSA)
		return CKR_ATTRIBUTE_VALUE_INVALID;
	n = need(tmpl, count, CKA_MODULUS);
	e = need(tmpl, count, CKA_PUBLIC_EXPONENT);
	if (n == NULL || e == NULL)
		return CKR_TEMPLATE_INCOMPLETE;
	bld = OSSL_PARAM_BLD_new();
	if (bld == NULL)
		return CKR_HOST_MEMORY;
	if (push_bn(bld, OSSL_PKEY_PARAM_RSA_N, n, &bns[0]) &&
	    push_bn(bld, OSSL_PKEY_PARAM_RSA_E, e, &bns[1]))
		pkey = pkey_fromdata("RSA", EVP_PKEY_PUBLIC_KEY, bld);
	if (pkey != NULL)
		rv = rsa_attrs_from_pkey(pkey, out);
	EVP_PKEY_free(pkey);
	OSSL_PARAM_BLD_free(bld);
	BN_free(bns[0]);
	BN_free(bns[1]);
	return rv;
}

static const struct {
	CK_ATTRIBUTE_TYPE type;
	const char *param;
} rsa_private_parts[] = {
	{CKA_MODULUS, OSSL_PKEY_PARAM_RSA_N},
	{CKA_PUBLIC_EXPONENT, OSSL_PKEY_PARAM_RSA_E},
	{CKA_PRIVATE_EXPONENT, OSSL_PKEY_PARAM_RSA_D},
	{CKA_PRIME_1, OSSL_PKEY_PARAM_RSA_FACTOR1},
	{CKA_PRIME_2, OSSL_PKEY_PARAM_RSA_FACTOR2},
	{CKA_EXPONENT_1, OSSL_PKEY_PARAM_RSA_EXPONENT1},
	{CKA_EXPONENT_2, OSSL_PKEY_PARAM_RSA_EXPONENT2},
	{CKA_COEFFICIENT, OSSL_PKEY_PARAM_RSA_COEFFICIENT1},
};
#define N_RSA_PARTS (sizeof(rsa_private_parts) / sizeof(rsa_private_parts[0]))

/* The components make one key (n = pq, d inverts e, the CRT values
 * follow): OpenSSL takes any numbers, and so may a provider, whose key
 * would then sign garbage under the modulus the object reports. */
static int rsa_parts_agree(EVP_PKEY *pkey)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
	int ok = ctx != NULL && EVP_PKEY_pairwise_check(ctx) == 1;

	EVP_PKEY_CTX_free(ctx);
	return ok;
}

static CK_RV rsa_private(const CK_ATTRIBUTE *tmpl, CK_ULONG count,
			 parsec_key_attributes_t *key, uint8_t **data,
			 size_t *len, attr_list_t *out)
{
	BIGNUM *bns[N_RSA_PARTS] = {NULL};
	const CK_ATTRIBUTE *a;
	OSSL_PARAM_BLD *bld;
	EVP_PKEY *pkey = NULL;
	unsigned char *der = NULL;
	int n;
	size_t i;
	CK_RV rv = CKR_TEMPLATE_INCOMPLETE;

	bld = OSSL_PARAM_BLD_new();
	if (bld == NULL)
		return CKR_HOST_MEMORY;
	for (i = 0; i < N_RSA_PARTS; i++) {
		a = need(tmpl, count, rsa_private_parts[i].type);
		if (a == NULL)
			goto out;
		if (!push_bn(bld, rsa_private_parts[i].param, a, &bns[i])) {
			rv = CKR_HOST_MEMORY;
			goto out;
		}
	}
	rv = CKR_ATTRIBUTE_VALUE_INVALID;
	pkey = pkey_fromdata("RSA", EVP_PKEY_KEYPAIR, bld);
	if (pkey == NULL || !rsa_parts_agree(pkey))
		goto out;
	n = i2d_PrivateKey(pkey, &der);
	if (n <= 0)
		goto out;
	*data = OPENSSL_memdup(der, (size_t)n);
	OPENSSL_clear_free(der, (size_t)n);
	if (*data == NULL) {
		rv = CKR_HOST_MEMORY;
		goto out;
	}
	*len = (size_t)n;
	key->type = PARSEC_KEY_TYPE_RSA_KEY_PAIR;
	key->ecc_family = PARSEC_ECC_FAMILY_NONE;
	key->bits = (uint32_t)EVP_PKEY_get_bits(pkey);
	rv = rsa_attrs_from_pkey(pkey, out);
	if (rv != CKR_OK) {
		pubkey_free_secret(*data, *len);
		*data = NULL;
	}
out:
	for (i = 0; i < N_RSA_PARTS; i++)
		BN_clear_free(bns[i]);
	EVP_PKEY_free(pkey);
	OSSL_PARAM_BLD_free(bld);
	return rv;
}

/* The public point of a private scalar, uncompressed, into pt. */
static int ec_public_point(const pubkey_curve_t *curve, const BIGNUM *d,
			   uint8_t *pt, size_t pt_len)
{
	EC_GROUP *group = EC_GROUP_new_by_curve_name(OBJ_sn2nid(curve->name));
	EC_POINT *p = NULL;
	BIGNUM *order = BN_new();
	int ok = 0;

	if (group == NULL || order == NULL ||
	    !EC_GROUP_get_order(group, order, NULL))
		goto out;
	if (BN_is_zero(d) || BN_is_negative(d) || BN_cmp(d, order) >= 0)
		goto out;
	p = EC_POINT_new(group);
	if (p == NULL || !EC_POINT_mul(group, p, d, NULL, NULL, NULL))
		goto out;
	ok = EC_POINT_point2oct(group, p, POINT_CONVERSION_UNCOMPRESSED, pt,
				pt_len, NULL) == pt_len;
out:
	EC_POINT_free(p);
	BN_free(order);
	EC_GROUP_free(group);
	return ok;
}

static CK_RV ec_private(const CK_ATTRIBUTE *tmpl, CK_ULONG count,
			parsec_key_attributes_t *key, uint8_t **data,
			size_t *len, attr_list_t *out)
{
	const CK_ATTRIBUTE *params, *value;
	const pubkey_curve_t *curve;
	uint8_t pt[1 + 2 * 66];
	size_t size;
	BIGNUM *d = NULL;
	CK_RV rv = CKR_ATTRIBUTE_VALUE_INVALID;

	params = need(tmpl, count, CKA_EC_PARAMS);
	value = need(tmpl, count, CKA_VALUE);
	if (params == NULL || value == NULL)
		return CKR_TEMPLATE_INCOMPLETE;
	curve = pubkey_curve_from_params(params->pValue, params->ulValueLen);
	if (curve == NULL)
		return CKR_CURVE_NOT_SUPPORTED;
	size = ec_field_len(curve->bits);
	d = BN_bin2bn(value->pValue, (int)value->ulValueLen, NULL);
	if (d == NULL)
		return CKR_HOST_MEMORY;
	if (!ec_public_point(curve, d, pt, point_len(curve)))
		goto out;
	*data = OPENSSL_zalloc(size);
	if (*data == NULL) {
		rv = CKR_HOST_MEMORY;
		goto out;
	}
	/* PSA's ECC key pair import format: the scalar, big-endian, padded
	 * to the curve's byte size. */
	BN_bn2binpad(d, *data, (int)size);
	*len = size;
	key->type = PARSEC_KEY_TYPE_ECC_KEY_PAIR;
	key->ecc_family = curve->family;
	key->bits = curve->bits;
	rv = ec_attrs(curve, pt, point_len(curve), out);
	if (rv != CKR_OK) {
		pubkey_free_secret(*data, *len);
		*data = NULL;
	}
out:
	BN_clear_free(d);
	return rv;
}

CK_RV pubkey_private_from_template(CK_KEY_TYPE type, const CK_ATTRIBUTE *tmpl,
				   CK_ULONG count, parsec_key_attributes_t *key,
				   uint8_t **data, size_t *len,
				   attr_list_t *out)
{
	*data = NULL;
	*len = 0;
	if (type == CKK_RSA)
		return rsa_private(tmpl, count, key, data, len, out);
	if (type == CKK_EC)
		return ec_private(tmpl, count, key, data, len, out);
	return CKR_ATTRIBUTE_VALUE_INVALID;
}

void pubkey_free_secret(uint8_t *data, size_t len)
{
	if (data != NULL)
		OPENSSL_clear_free(data, len);
}
