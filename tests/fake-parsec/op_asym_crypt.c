/* op_asym_crypt.c - RSA PKCS#1 v1.5 and OAEP encryption with OpenSSL. The
 * salt field is the OAEP label; PKCS#1 v1.5 takes none (parsec-interface
 * psa_asymmetric_encrypt.rs validate()). */
#include <openssl/crypto.h>
#include <openssl/rsa.h>
#include <stdlib.h>
#include <string.h>

#include "crypto_key.h"
#include "ops.h"
#include "parsec/proto/psa_asymmetric_decrypt.pb-c.h"
#include "parsec/proto/psa_asymmetric_encrypt.pb-c.h"

#define INVALID FAKE_ST(PSA_ERROR_INVALID_ARGUMENT)

fake_status_t check_asymmetric_encrypt(const ProtobufCMessage *op)
{
	fake_alg_t alg;

	return attrs_encrypt_alg_from_proto(
		((const PsaAsymmetricEncrypt__Operation *)op)->alg, &alg);
}

fake_status_t check_asymmetric_decrypt(const ProtobufCMessage *op)
{
	fake_alg_t alg;

	return attrs_encrypt_alg_from_proto(
		((const PsaAsymmetricDecrypt__Operation *)op)->alg, &alg);
}

static int set_params(EVP_PKEY_CTX *ctx, const fake_alg_t *alg,
		      const ProtobufCBinaryData *label)
{
	const EVP_MD *md;
	unsigned char *copy;

	if (alg->kind == PARSEC_ALG_RSA_PKCS1V15_CRYPT)
		return EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) ==
		       1;
	md = EVP_get_digestbyname(attrs_hash_ossl_name(alg->hash));
	if (!md ||
	    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) != 1 ||
	    EVP_PKEY_CTX_set_rsa_oaep_md(ctx, md) != 1 ||
	    EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, md) != 1)
		return 0;
	if (label->len == 0)
		return 1;
	copy = OPENSSL_memdup(label->data, label->len);
	if (!copy ||
	    EVP_PKEY_CTX_set0_rsa_oaep_label(ctx, copy, (int)label->len) != 1) {
		OPENSSL_free(copy);
		return 0;
	}
	return 1;
}

/* Runs the RSA operation; fail is the status for a refused input. */
static fake_status_t rsa_crypt(const fake_key_t *key, const fake_alg_t *alg,
			       int encrypt, const ProtobufCBinaryData *in,
			       const ProtobufCBinaryData *label,
			       fake_status_t fail, fake_buf_t *out)
{
	EVP_PKEY *pk = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	size_t len = 0;
	int ok;
	fake_status_t st;

	st = crypto_key_load(&key->attrs, &key->data, &pk);
	if (st != FAKE_OK)
		return st;
	st = FAKE_ST(PSA_ERROR_GENERIC_ERROR);
	ctx = EVP_PKEY_CTX_new(pk, NULL);
	if (!ctx ||
	    (encrypt ? EVP_PKEY_encrypt_init(ctx)
		     : EVP_PKEY_decrypt_init(ctx)) != 1 ||
	    !set_params(ctx, alg, label))
		goto out;
	if (!encrypt && in->len != (size_t)EVP_PKEY_get_size(pk)) {
		st = INVALID;
		goto out;
	}
	len = (size_t)EVP_PKEY_get_size(pk);
	out->data = malloc(len);
	if (!out->data)
		goto out;
	ok = encrypt ? EVP_PKEY_encrypt(ctx, out->data, &len, in->data, in->len)
		     : EVP_PKEY_decrypt(ctx, out->data, &len, in->data,
					in->len);
	if (ok != 1) {
		fake_buf_clear(out);
		st = fail;
		goto out;
	}
	out->len = len;
	st = FAKE_OK;
out:
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(pk);
	return st;
}

static fake_status_t
crypt_op(fake_call_t *call, const char *name,
	 const PsaAlgorithm__Algorithm__AsymmetricEncryption *pb_alg,
	 int encrypt, const ProtobufCBinaryData *in,
	 const ProtobufCBinaryData *salt, fake_buf_t *res)
{
	fake_key_t key = {0};
	fake_alg_t alg;
	fake_status_t st;

	st = attrs_encrypt_alg_from_proto(pb_alg, &alg);
	if (st == FAKE_OK)
		st = ops_key_for_use(call, name,
				     encrypt ? FAKE_USE_ENCRYPT
					     : FAKE_USE_DECRYPT,
				     &alg, &key);
	if (st != FAKE_OK)
		return st;
	if (alg.kind == PARSEC_ALG_RSA_PKCS1V15_CRYPT && salt->len != 0)
		st = INVALID;
	else if (!encrypt && !attrs_is_key_pair(&key.attrs))
		st = INVALID;
	else if (alg.kind == PARSEC_ALG_RSA_OAEP &&
		 !attrs_hash_ossl_name(alg.hash))
		st = FAKE_ST(PSA_ERROR_NOT_SUPPORTED);
	else
		st = rsa_crypt(&key, &alg, encrypt, in, salt,
			       encrypt ? INVALID
				       : FAKE_ST(PSA_ERROR_INVALID_PADDING),
			       res);
	keystore_key_clear(&key);
	return st;
}

fake_status_t op_asymmetric_encrypt(fake_call_t *call,
				    const ProtobufCMessage *op, fake_buf_t *out)
{
	const PsaAsymmetricEncrypt__Operation *o =
		(const PsaAsymmetricEncrypt__Operation *)op;
	PsaAsymmetricEncrypt__Result r = PSA_ASYMMETRIC_ENCRYPT__RESULT__INIT;
	fake_buf_t ct = {0};
	fake_status_t st;

	st = crypt_op(call, o->key_name, o->alg, 1, &o->plaintext, &o->salt,
		      &ct);
	if (st == FAKE_OK) {
		r.ciphertext.data = ct.data;
		r.ciphertext.len = ct.len;
		st = ops_pack(&r.base, out);
	}
	fake_buf_free(&ct);
	return st;
}

fake_status_t op_asymmetric_decrypt(fake_call_t *call,
				    const ProtobufCMessage *op, fake_buf_t *out)
{
	const PsaAsymmetricDecrypt__Operation *o =
		(const PsaAsymmetricDecrypt__Operation *)op;
	PsaAsymmetricDecrypt__Result r = PSA_ASYMMETRIC_DECRYPT__RESULT__INIT;
	fake_buf_t pt = {0};
	fake_status_t st;

	st = crypt_op(call, o->key_name, o->alg, 0, &o->ciphertext, &o->salt,
		      &pt);
	if (st == FAKE_OK) {
		r.plaintext.data = pt.data;
		r.plaintext.len = pt.len;
		st = ops_pack(&r.base, out);
	}
	fake_buf_clear(&pt);
	return st;
}
