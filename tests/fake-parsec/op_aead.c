/* op_aead.c - AES-GCM and AES-CCM with OpenSSL. As in PSA, the
 * ciphertext is the encrypted data followed by the tag (16 bytes unless
 * the algorithm shortens it); a failed tag check is InvalidSignature. */
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "ops.h"
#include "parsec/proto/psa_aead_decrypt.pb-c.h"
#include "parsec/proto/psa_aead_encrypt.pb-c.h"

#define INVALID FAKE_ST(PSA_ERROR_INVALID_ARGUMENT)

fake_status_t check_aead_encrypt(const ProtobufCMessage *op)
{
	fake_alg_t alg;

	return attrs_aead_alg_from_proto(
		((const PsaAeadEncrypt__Operation *)op)->alg, &alg);
}

fake_status_t check_aead_decrypt(const ProtobufCMessage *op)
{
	fake_alg_t alg;

	return attrs_aead_alg_from_proto(
		((const PsaAeadDecrypt__Operation *)op)->alg, &alg);
}

typedef struct aead_in {
	const ProtobufCBinaryData *nonce;
	const ProtobufCBinaryData *ad;
	const ProtobufCBinaryData *data; /* plaintext or ciphertext||tag */
} aead_in_t;

static const EVP_CIPHER *aead_cipher(const fake_alg_t *alg, size_t key_len)
{
	static const char *const gcm[] = {"AES-128-GCM", "AES-192-GCM",
					  "AES-256-GCM"};
	static const char *const ccm[] = {"AES-128-CCM", "AES-192-CCM",
					  "AES-256-CCM"};
	size_t i = key_len == 16 ? 0 : key_len == 24 ? 1 : 2;

	if (key_len != 16 && key_len != 24 && key_len != 32)
		return NULL;
	return EVP_get_cipherbyname(alg->kind == PARSEC_ALG_AEAD_GCM ? gcm[i]
								     : ccm[i]);
}

/* Tag and nonce sizes PSA accepts for the mode. */
static int sizes_valid(const fake_alg_t *alg, size_t tag, size_t nonce)
{
	if (alg->kind == PARSEC_ALG_AEAD_GCM)
		return nonce > 0 &&
		       (tag == 4 || tag == 8 || (tag >= 12 && tag <= 16));
	return nonce >= 7 && nonce <= 13 && tag >= 4 && tag <= 16 &&
	       tag % 2 == 0;
}

static int setup(EVP_CIPHER_CTX *ctx, const EVP_CIPHER *c,
		 const fake_alg_t *alg, const fake_buf_t *key,
		 const aead_in_t *in, size_t tag, uint8_t *tag_in, int enc)
{
	int ccm = alg->kind == PARSEC_ALG_AEAD_CCM, outl;

	if (EVP_CipherInit_ex(ctx, c, NULL, NULL, NULL, enc) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN,
				(int)in->nonce->len, NULL) != 1)
		return 0;
	if (ccm && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, (int)tag,
				       enc ? NULL : tag_in) != 1)
		return 0;
	if (EVP_CipherInit_ex(ctx, NULL, NULL, key->data, in->nonce->data,
			      enc) != 1)
		return 0;
	if (ccm) {
		size_t len = in->data->len - (enc ? 0 : tag);

		if (EVP_CipherUpdate(ctx, NULL, &outl, NULL, (int)len) != 1)
			return 0;
	}
	return in->ad->len == 0 ||
	       EVP_CipherUpdate(ctx, NULL, &outl, in->ad->data,
				(int)in->ad->len) == 1;
}

static fake_status_t aead_run(const fake_alg_t *alg, const fake_buf_t *key,
			      const aead_in_t *in, int enc, fake_buf_t *out)
{
	size_t tag = alg->tag_length ? alg->tag_length : 16;
	const EVP_CIPHER *c = aead_cipher(alg, key->len);
	size_t len = in->data->len;
	EVP_CIPHER_CTX *ctx = NULL;
	uint8_t tag_buf[16];
	int outl = 0, fin = 0;
	fake_status_t st = INVALID;

	if (!c || !sizes_valid(alg, tag, in->nonce->len) ||
	    (!enc && len < tag) || len > INT32_MAX - 16)
		return INVALID;
	if (!enc) {
		len -= tag;
		memcpy(tag_buf, in->data->data + len, tag);
	}
	out->data = malloc(len + tag + 1);
	ctx = EVP_CIPHER_CTX_new();
	if (!out->data || !ctx ||
	    !setup(ctx, c, alg, key, in, tag, tag_buf, enc))
		goto out;
	if (!enc && alg->kind == PARSEC_ALG_AEAD_GCM &&
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, (int)tag,
				tag_buf) != 1)
		goto out;
	st = enc ? FAKE_ST(PSA_ERROR_GENERIC_ERROR)
		 : FAKE_ST(PSA_ERROR_INVALID_SIGNATURE);
	if (EVP_CipherUpdate(ctx, out->data, &outl, in->data->data, (int)len) !=
	    1)
		goto out;
	if (alg->kind == PARSEC_ALG_AEAD_GCM &&
	    EVP_CipherFinal_ex(ctx, out->data + outl, &fin) != 1)
		goto out;
	out->len = (size_t)(outl + fin);
	if (enc && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, (int)tag,
				       out->data + out->len) != 1)
		goto out;
	if (enc)
		out->len += tag;
	st = FAKE_OK;
out:
	if (st != FAKE_OK)
		fake_buf_clear(out);
	EVP_CIPHER_CTX_free(ctx);
	return st;
}

static fake_status_t aead_op(fake_call_t *call, const char *name,
			     const PsaAlgorithm__Algorithm__Aead *pb_alg,
			     const aead_in_t *in, int enc, fake_buf_t *res)
{
	fake_key_t key = {0};
	fake_alg_t alg;
	fake_status_t st;

	st = attrs_aead_alg_from_proto(pb_alg, &alg);
	if (st == FAKE_OK)
		st = ops_key_for_use(call, name,
				     enc ? FAKE_USE_ENCRYPT : FAKE_USE_DECRYPT,
				     &alg, &key);
	if (st != FAKE_OK)
		return st;
	if (key.attrs.type != PARSEC_KEY_TYPE_AES)
		st = FAKE_ST(PSA_ERROR_NOT_SUPPORTED);
	else
		st = aead_run(&alg, &key.data, in, enc, res);
	keystore_key_clear(&key);
	return st;
}

fake_status_t op_aead_encrypt(fake_call_t *call, const ProtobufCMessage *op,
			      fake_buf_t *out)
{
	const PsaAeadEncrypt__Operation *o =
		(const PsaAeadEncrypt__Operation *)op;
	PsaAeadEncrypt__Result r = PSA_AEAD_ENCRYPT__RESULT__INIT;
	aead_in_t in = {&o->nonce, &o->additional_data, &o->plaintext};
	fake_buf_t ct = {0};
	fake_status_t st;

	st = aead_op(call, o->key_name, o->alg, &in, 1, &ct);
	if (st == FAKE_OK) {
		r.ciphertext.data = ct.data;
		r.ciphertext.len = ct.len;
		st = ops_pack(&r.base, out);
	}
	fake_buf_free(&ct);
	return st;
}

fake_status_t op_aead_decrypt(fake_call_t *call, const ProtobufCMessage *op,
			      fake_buf_t *out)
{
	const PsaAeadDecrypt__Operation *o =
		(const PsaAeadDecrypt__Operation *)op;
	PsaAeadDecrypt__Result r = PSA_AEAD_DECRYPT__RESULT__INIT;
	aead_in_t in = {&o->nonce, &o->additional_data, &o->ciphertext};
	fake_buf_t pt = {0};
	fake_status_t st;

	st = aead_op(call, o->key_name, o->alg, &in, 0, &pt);
	if (st == FAKE_OK) {
		r.plaintext.data = pt.data;
		r.plaintext.len = pt.len;
		st = ops_pack(&r.base, out);
	}
	fake_buf_clear(&pt);
	return st;
}
