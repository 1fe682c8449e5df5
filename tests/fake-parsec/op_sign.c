/* op_sign.c - PsaSignHash and PsaVerifyHash with OpenSSL.
 *
 * RSA PKCS#1 v1.5 signs the DigestInfo of the given hash; the raw variant
 * pads the input as given. PSS uses a salt as long as the hash and
 * verifies any salt length. ECDSA signatures are r||s, each the size of
 * the curve. */
#include <openssl/ecdsa.h>
#include <openssl/rsa.h>
#include <stdlib.h>

#include "crypto_key.h"
#include "ops.h"
#include "parsec/proto/psa_sign_hash.pb-c.h"
#include "parsec/proto/psa_verify_hash.pb-c.h"

#define INVALID FAKE_ST(PSA_ERROR_INVALID_ARGUMENT)
#define BAD_SIG FAKE_ST(PSA_ERROR_INVALID_SIGNATURE)

fake_status_t check_sign_hash(const ProtobufCMessage *op)
{
	fake_alg_t alg;

	return attrs_sign_alg_from_proto(
		((const PsaSignHash__Operation *)op)->alg, &alg);
}

fake_status_t check_verify_hash(const ProtobufCMessage *op)
{
	fake_alg_t alg;

	return attrs_sign_alg_from_proto(
		((const PsaVerifyHash__Operation *)op)->alg, &alg);
}

static int is_ecdsa(const fake_alg_t *alg)
{
	return alg->kind == PARSEC_ALG_ECDSA ||
	       alg->kind == PARSEC_ALG_ECDSA_ANY ||
	       alg->kind == PARSEC_ALG_DETERMINISTIC_ECDSA;
}

/* Checks after the policy: the digest length and what the provider or
 * OpenSSL 3.0 cannot do. */
static fake_status_t sign_alg_usable(const fake_call_t *call,
				     const fake_alg_t *alg, size_t hash_len)
{
	fake_status_t st;

	/* A wildcard belongs in a policy, not in an operation. */
	if (alg->hash == PARSEC_HASH_ANY)
		return INVALID;
	if (alg->kind != PARSEC_ALG_RSA_PKCS1V15_SIGN_RAW &&
	    alg->kind != PARSEC_ALG_ECDSA_ANY &&
	    hash_len != attrs_hash_size(alg->hash))
		return INVALID;
	st = provider_check_sign_alg(call->provider, alg);
	if (st != FAKE_OK)
		return st;
	if (alg->hash != PARSEC_HASH_NONE && !attrs_hash_ossl_name(alg->hash))
		return FAKE_ST(PSA_ERROR_NOT_SUPPORTED);
	return FAKE_OK;
}

static int set_rsa_params(EVP_PKEY_CTX *ctx, const fake_alg_t *alg, int sign)
{
	const EVP_MD *md = NULL;

	if (alg->hash != PARSEC_HASH_NONE)
		md = EVP_get_digestbyname(attrs_hash_ossl_name(alg->hash));
	if (alg->kind == PARSEC_ALG_RSA_PSS)
		return md &&
		       EVP_PKEY_CTX_set_rsa_padding(
			       ctx, RSA_PKCS1_PSS_PADDING) == 1 &&
		       EVP_PKEY_CTX_set_signature_md(ctx, md) == 1 &&
		       EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, md) == 1 &&
		       EVP_PKEY_CTX_set_rsa_pss_saltlen(
			       ctx, sign ? RSA_PSS_SALTLEN_DIGEST
					 : RSA_PSS_SALTLEN_AUTO) == 1;
	if (EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) != 1)
		return 0;
	return !md || EVP_PKEY_CTX_set_signature_md(ctx, md) == 1;
}

/* DER ECDSA-Sig-Value to r||s. */
static fake_status_t ecdsa_to_raw(const uint8_t *der, size_t len, size_t n,
				  fake_buf_t *out)
{
	const unsigned char *p = der;
	ECDSA_SIG *sig = d2i_ECDSA_SIG(NULL, &p, (long)len);
	const BIGNUM *r, *s;
	fake_status_t st = FAKE_ST(PSA_ERROR_GENERIC_ERROR);

	if (!sig)
		return st;
	ECDSA_SIG_get0(sig, &r, &s);
	out->data = malloc(2 * n);
	if (out->data && BN_bn2binpad(r, out->data, (int)n) == (int)n &&
	    BN_bn2binpad(s, out->data + n, (int)n) == (int)n) {
		out->len = 2 * n;
		st = FAKE_OK;
	} else {
		fake_buf_free(out);
	}
	ECDSA_SIG_free(sig);
	return st;
}

/* r||s to DER; BAD_SIG for a signature of the wrong size. */
static fake_status_t ecdsa_to_der(const uint8_t *raw, size_t len, size_t n,
				  fake_buf_t *out)
{
	ECDSA_SIG *sig;
	BIGNUM *r, *s;
	unsigned char *der = NULL;
	int dlen;

	if (len != 2 * n)
		return BAD_SIG;
	sig = ECDSA_SIG_new();
	r = BN_bin2bn(raw, (int)n, NULL);
	s = BN_bin2bn(raw + n, (int)n, NULL);
	if (!sig || !r || !s || !ECDSA_SIG_set0(sig, r, s)) {
		BN_free(r);
		BN_free(s);
		ECDSA_SIG_free(sig);
		return FAKE_ST(PSA_ERROR_GENERIC_ERROR);
	}
	dlen = i2d_ECDSA_SIG(sig, &der);
	ECDSA_SIG_free(sig);
	if (dlen <= 0)
		return FAKE_ST(PSA_ERROR_GENERIC_ERROR);
	out->data = der;
	out->len = (size_t)dlen;
	return FAKE_OK;
}

static fake_status_t do_sign(const fake_key_t *key, const fake_alg_t *alg,
			     const ProtobufCBinaryData *hash, fake_buf_t *sig)
{
	EVP_PKEY *pk = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	uint8_t *der = NULL;
	size_t len = 0, n;
	fake_status_t st;

	st = crypto_key_load(&key->attrs, &key->data, &pk);
	if (st != FAKE_OK)
		return st;
	st = INVALID;
	ctx = EVP_PKEY_CTX_new(pk, NULL);
	if (!ctx || EVP_PKEY_sign_init(ctx) != 1 ||
	    (attrs_is_rsa(&key->attrs) && !set_rsa_params(ctx, alg, 1)) ||
	    EVP_PKEY_sign(ctx, NULL, &len, hash->data, hash->len) != 1 ||
	    !(der = malloc(len)) ||
	    EVP_PKEY_sign(ctx, der, &len, hash->data, hash->len) != 1)
		goto out;
	if (is_ecdsa(alg)) {
		crypto_key_curve(key->attrs.family, key->attrs.bits, &n);
		st = ecdsa_to_raw(der, len, n, sig);
	} else {
		sig->data = der;
		sig->len = len;
		der = NULL;
		st = FAKE_OK;
	}
out:
	free(der);
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(pk);
	return st;
}

static fake_status_t do_verify(const fake_key_t *key, const fake_alg_t *alg,
			       const ProtobufCBinaryData *hash,
			       const ProtobufCBinaryData *sig)
{
	EVP_PKEY *pk = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	fake_buf_t der = {0};
	const uint8_t *s = sig->data;
	size_t slen = sig->len, n;
	fake_status_t st;

	st = crypto_key_load(&key->attrs, &key->data, &pk);
	if (st != FAKE_OK)
		return st;
	if (is_ecdsa(alg)) {
		crypto_key_curve(key->attrs.family, key->attrs.bits, &n);
		st = ecdsa_to_der(sig->data, sig->len, n, &der);
		s = der.data;
		slen = der.len;
	} else if (sig->len != (size_t)EVP_PKEY_get_size(pk)) {
		st = BAD_SIG;
	}
	if (st != FAKE_OK)
		goto out;
	st = FAKE_ST(PSA_ERROR_GENERIC_ERROR);
	ctx = EVP_PKEY_CTX_new(pk, NULL);
	if (!ctx || EVP_PKEY_verify_init(ctx) != 1 ||
	    (attrs_is_rsa(&key->attrs) && !set_rsa_params(ctx, alg, 0)))
		goto out;
	st = EVP_PKEY_verify(ctx, s, slen, hash->data, hash->len) == 1
		     ? FAKE_OK
		     : BAD_SIG;
out:
	OPENSSL_free(der.data);
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(pk);
	return st;
}

fake_status_t op_sign_hash(fake_call_t *call, const ProtobufCMessage *op,
			   fake_buf_t *out)
{
	const PsaSignHash__Operation *o = (const PsaSignHash__Operation *)op;
	PsaSignHash__Result r = PSA_SIGN_HASH__RESULT__INIT;
	fake_key_t key = {0};
	fake_buf_t sig = {0};
	fake_alg_t alg;
	fake_status_t st;

	st = attrs_sign_alg_from_proto(o->alg, &alg);
	if (st == FAKE_OK)
		st = ops_key_for_use(call, o->key_name, FAKE_USE_SIGN_HASH,
				     &alg, &key);
	if (st != FAKE_OK)
		return st;
	st = sign_alg_usable(call, &alg, o->hash.len);
	/* OpenSSL 3.0 has no deterministic (RFC 6979) ECDSA. */
	if (st == FAKE_OK && alg.kind == PARSEC_ALG_DETERMINISTIC_ECDSA)
		st = FAKE_ST(PSA_ERROR_NOT_SUPPORTED);
	if (st == FAKE_OK && !attrs_is_key_pair(&key.attrs))
		st = INVALID;
	if (st == FAKE_OK)
		st = do_sign(&key, &alg, &o->hash, &sig);
	if (st == FAKE_OK) {
		r.signature.data = sig.data;
		r.signature.len = sig.len;
		st = ops_pack(&r.base, out);
	}
	fake_buf_free(&sig);
	keystore_key_clear(&key);
	return st;
}

fake_status_t op_verify_hash(fake_call_t *call, const ProtobufCMessage *op,
			     fake_buf_t *out)
{
	const PsaVerifyHash__Operation *o =
		(const PsaVerifyHash__Operation *)op;
	PsaVerifyHash__Result r = PSA_VERIFY_HASH__RESULT__INIT;
	fake_key_t key = {0};
	fake_alg_t alg;
	fake_status_t st;

	st = attrs_sign_alg_from_proto(o->alg, &alg);
	if (st == FAKE_OK)
		st = ops_key_for_use(call, o->key_name, FAKE_USE_VERIFY_HASH,
				     &alg, &key);
	if (st != FAKE_OK)
		return st;
	st = sign_alg_usable(call, &alg, o->hash.len);
	if (st == FAKE_OK)
		st = do_verify(&key, &alg, &o->hash, &o->signature);
	if (st == FAKE_OK)
		st = ops_pack(&r.base, out);
	keystore_key_clear(&key);
	return st;
}
