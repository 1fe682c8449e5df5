/* op_misc.c - hashes, random bytes and raw key agreement (ECDH). */
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <stdlib.h>
#include <string.h>

#include "crypto_key.h"
#include "ops.h"
#include "parsec/proto/psa_generate_random.pb-c.h"
#include "parsec/proto/psa_hash_compute.pb-c.h"
#include "parsec/proto/psa_raw_key_agreement.pb-c.h"
#include "tests/fake-parsec/proto/psa_hash_compare.pb-c.h"

#define INVALID FAKE_ST(PSA_ERROR_INVALID_ARGUMENT)

fake_status_t check_hash_compute(const ProtobufCMessage *op)
{
	parsec_hash_t h;

	return attrs_hash_from_proto(
		((const PsaHashCompute__Operation *)op)->alg, &h);
}

fake_status_t check_hash_compare(const ProtobufCMessage *op)
{
	parsec_hash_t h;

	return attrs_hash_from_proto(
		((const PsaHashCompare__Operation *)op)->alg, &h);
}

static fake_status_t digest(int alg, const ProtobufCBinaryData *in,
			    uint8_t md[EVP_MAX_MD_SIZE], unsigned *len)
{
	parsec_hash_t h;
	const char *name;
	const EVP_MD *type;

	if (attrs_hash_from_proto(alg, &h) != FAKE_OK)
		return FAKE_ST(INVALID_ENCODING);
	name = attrs_hash_ossl_name(h);
	type = name ? EVP_get_digestbyname(name) : NULL;
	if (!type)
		return FAKE_ST(PSA_ERROR_NOT_SUPPORTED);
	if (EVP_Digest(in->data, in->len, md, len, type, NULL) != 1)
		return FAKE_ST(PSA_ERROR_GENERIC_ERROR);
	return FAKE_OK;
}

fake_status_t op_hash_compute(fake_call_t *call, const ProtobufCMessage *op,
			      fake_buf_t *out)
{
	const PsaHashCompute__Operation *o =
		(const PsaHashCompute__Operation *)op;
	PsaHashCompute__Result r = PSA_HASH_COMPUTE__RESULT__INIT;
	uint8_t md[EVP_MAX_MD_SIZE];
	unsigned len = 0;
	fake_status_t st;

	st = digest(o->alg, &o->input, md, &len);
	if (st != FAKE_OK)
		return st;
	r.hash.data = md;
	r.hash.len = len;
	return ops_pack(&r.base, out);
}

fake_status_t op_hash_compare(fake_call_t *call, const ProtobufCMessage *op,
			      fake_buf_t *out)
{
	const PsaHashCompare__Operation *o =
		(const PsaHashCompare__Operation *)op;
	PsaHashCompare__Result r = PSA_HASH_COMPARE__RESULT__INIT;
	uint8_t md[EVP_MAX_MD_SIZE];
	unsigned len = 0;
	fake_status_t st;

	st = digest(o->alg, &o->input, md, &len);
	if (st != FAKE_OK)
		return st;
	if (o->hash.len != len || CRYPTO_memcmp(o->hash.data, md, len) != 0)
		return FAKE_ST(PSA_ERROR_INVALID_SIGNATURE);
	return ops_pack(&r.base, out);
}

fake_status_t op_generate_random(fake_call_t *call, const ProtobufCMessage *op,
				 fake_buf_t *out)
{
	const PsaGenerateRandom__Operation *o =
		(const PsaGenerateRandom__Operation *)op;
	PsaGenerateRandom__Result r = PSA_GENERATE_RANDOM__RESULT__INIT;
	fake_status_t st;

	/* The response could not fit in the service's buffer. */
	if (o->size > FAKE_BODY_LIMIT)
		return FAKE_ST(RESPONSE_TOO_LARGE);
	r.random_bytes.len = (size_t)o->size;
	r.random_bytes.data = malloc(r.random_bytes.len + 1);
	if (!r.random_bytes.data)
		return FAKE_ST(PSA_ERROR_INSUFFICIENT_MEMORY);
	if (r.random_bytes.len &&
	    RAND_bytes(r.random_bytes.data, (int)r.random_bytes.len) != 1)
		st = FAKE_ST(PSA_ERROR_INSUFFICIENT_ENTROPY);
	else
		st = ops_pack(&r.base, out);
	free(r.random_bytes.data);
	return st;
}

fake_status_t check_raw_key_agreement(const ProtobufCMessage *op)
{
	parsec_alg_kind_t kind;

	return attrs_raw_ka_from_proto(
		((const PsaRawKeyAgreement__Operation *)op)->alg, &kind);
}

static fake_status_t ecdh(const fake_key_t *key,
			  const ProtobufCBinaryData *peer_data, fake_buf_t *out)
{
	fake_attrs_t peer_attrs = key->attrs;
	fake_buf_t peer_buf = {peer_data->data, peer_data->len};
	EVP_PKEY *pk = NULL, *peer = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	size_t len = 0;
	fake_status_t st;

	peer_attrs.type = PARSEC_KEY_TYPE_ECC_PUBLIC_KEY;
	st = crypto_key_load(&key->attrs, &key->data, &pk);
	if (st == FAKE_OK)
		st = crypto_key_load(&peer_attrs, &peer_buf, &peer);
	if (st != FAKE_OK)
		goto out;
	st = FAKE_ST(PSA_ERROR_GENERIC_ERROR);
	ctx = EVP_PKEY_CTX_new(pk, NULL);
	if (!ctx || EVP_PKEY_derive_init(ctx) != 1 ||
	    EVP_PKEY_derive_set_peer(ctx, peer) != 1 ||
	    EVP_PKEY_derive(ctx, NULL, &len) != 1)
		goto out;
	out->data = malloc(len);
	if (!out->data || EVP_PKEY_derive(ctx, out->data, &len) != 1) {
		fake_buf_clear(out);
		goto out;
	}
	out->len = len;
	st = FAKE_OK;
out:
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(peer);
	EVP_PKEY_free(pk);
	return st;
}

fake_status_t op_raw_key_agreement(fake_call_t *call,
				   const ProtobufCMessage *op, fake_buf_t *out)
{
	const PsaRawKeyAgreement__Operation *o =
		(const PsaRawKeyAgreement__Operation *)op;
	PsaRawKeyAgreement__Result r = PSA_RAW_KEY_AGREEMENT__RESULT__INIT;
	fake_key_t key = {0};
	fake_buf_t secret = {0};
	fake_alg_t alg;
	fake_status_t st;

	memset(&alg, 0, sizeof(alg));
	st = attrs_raw_ka_from_proto(o->alg, &alg.kind);
	if (st == FAKE_OK)
		st = ops_key_for_use(call, o->private_key_name, FAKE_USE_DERIVE,
				     &alg, &key);
	if (st != FAKE_OK)
		return st;
	if (alg.kind != PARSEC_ALG_ECDH)
		st = FAKE_ST(PSA_ERROR_NOT_SUPPORTED);
	else if (key.attrs.type != PARSEC_KEY_TYPE_ECC_KEY_PAIR)
		st = INVALID;
	else
		st = ecdh(&key, &o->peer_key, &secret);
	if (st == FAKE_OK) {
		r.shared_secret.data = secret.data;
		r.shared_secret.len = secret.len;
		st = ops_pack(&r.base, out);
	}
	fake_buf_clear(&secret);
	keystore_key_clear(&key);
	return st;
}
