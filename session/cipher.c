/*
 * cipher.c - encryption and decryption parameters, and AES-GCM requests.
 */
#include "session/cipher.h"

#include <stdlib.h>
#include <string.h>

#include "mapping/status_ckr.h"
#include "session/crypto/mech_params.h"

/* What a request carries besides the data: header fields, the key name,
 * the algorithm and protobuf framing, generously. */
#define AEAD_FRAMING 512

static CK_RV setup_oaep(op_t *op, const CK_MECHANISM *m, const token_t *t)
{
	mech_oaep_t oaep;
	CK_RV rv = mech_params_rsa_oaep(m, &oaep);

	if (rv != CKR_OK)
		return rv;
	if (!caps_alg_ok(t, PARSEC_ALG_RSA_OAEP, oaep.hash))
		return CKR_MECHANISM_PARAM_INVALID;
	op->alg.hash = oaep.hash;
	return op_buf_add(&op->label, oaep.label, oaep.label_len);
}

static CK_RV setup_gcm(op_t *op, const CK_MECHANISM *m)
{
	mech_gcm_t gcm;
	CK_RV rv = mech_params_gcm(m, &gcm);

	if (rv != CKR_OK)
		return rv;
	op->tag_len = gcm.tag_len;
	/* PSA's default GCM tag is the full 16 bytes (length 0). */
	op->alg.tag_length = gcm.tag_len == 16 ? 0 : (uint32_t)gcm.tag_len;
	rv = op_buf_add(&op->iv, gcm.iv, gcm.iv_len);
	if (rv == CKR_OK)
		rv = op_buf_add(&op->aad, gcm.aad, gcm.aad_len);
	return rv;
}

CK_RV cipher_setup(op_t *op, const CK_MECHANISM *m, const token_t *t)
{
	unsigned fn = op->kind == OP_ENCRYPT ? MECH_ENCRYPT : MECH_DECRYPT;
	parsec_hash_t hash;
	CK_RV rv;

	if (!mech_algorithm(op->row, fn, &op->alg.kind, &hash))
		return CKR_MECHANISM_INVALID;
	op->alg.hash = PARSEC_HASH_NONE;
	op->alg_fixed = 1;
	switch (op->row->param) {
	case MECH_PARAM_OAEP:
		rv = setup_oaep(op, m, t);
		break;
	case MECH_PARAM_GCM:
		rv = setup_gcm(op, m);
		break;
	default:
		rv = mech_params_none(m);
		break;
	}
	return rv;
}

int cipher_is_aead(const op_t *op)
{
	return op->row->input == MECH_INPUT_BUFFERED;
}

/* The most data one request carries for this operation. */
static size_t aead_room(const op_t *op)
{
	size_t used = op->iv.len + op->aad.len + AEAD_FRAMING +
		      (op->key.name != NULL ? strlen(op->key.name) : 0);

	return used < PARSEC_BODY_LIMIT ? PARSEC_BODY_LIMIT - used : 0;
}

/* More input than one request carries. */
static CK_RV too_long(const op_t *op)
{
	return op->kind == OP_ENCRYPT ? CKR_DATA_LEN_RANGE
				      : CKR_ENCRYPTED_DATA_LEN_RANGE;
}

/* The output length of AES-GCM on len bytes of input (data, or
 * ciphertext and tag), or CKR_DATA_LEN_RANGE /
 * CKR_ENCRYPTED_DATA_LEN_RANGE when one request cannot carry it or it is
 * shorter than a tag. */
static CK_RV aead_out_len(const op_t *op, size_t len, size_t *out_len)
{
	if (len > aead_room(op))
		return too_long(op);
	if (op->kind == OP_ENCRYPT) {
		*out_len = len + op->tag_len;
		return CKR_OK;
	}
	if (len < op->tag_len)
		return CKR_ENCRYPTED_DATA_LEN_RANGE;
	*out_len = len - op->tag_len;
	return CKR_OK;
}

/* The request itself; *out is the result on CKR_OK. */
static CK_RV aead_request(op_call_t *x, const uint8_t *in, size_t len,
			  parsec_buffer_t *out)
{
	parsec_algorithm_t alg = x->op->alg;
	op_buf_t iv = {NULL, 0, 0}, aad = {NULL, 0, 0};
	char *name = NULL;
	parsec_status_t ps = PARSEC_E_NOMEM;
	uint8_t provider = x->t->provider;
	CK_RV rv = op_key_usable(x);

	if (rv != CKR_OK)
		return rv;
	name = strdup(x->op->key.name);
	if (name == NULL ||
	    op_buf_add(&iv, x->op->iv.p, x->op->iv.len) != CKR_OK ||
	    op_buf_add(&aad, x->op->aad.p, x->op->aad.len) != CKR_OK) {
		rv = CKR_HOST_MEMORY;
		goto out;
	}
	op_suspend(x);
	if (x->kind == OP_ENCRYPT)
		ps = parsec_aead_encrypt(x->c->pc, provider, name, &alg, iv.p,
					 iv.len, aad.p, aad.len, in, len, out);
	else
		ps = parsec_aead_decrypt(x->c->pc, provider, name, &alg, iv.p,
					 iv.len, aad.p, aad.len, in, len, out);
	rv = op_resume(x);
	if (rv == CKR_OK && ps == PARSEC_PSA_ERROR_NOT_SUPPORTED)
		caps_refused(x->t, alg.kind, alg.hash);
	if (rv == CKR_OK)
		rv = core_parsec_result(x->c, ps,
					x->kind == OP_ENCRYPT
						? STATUS_CKR_CTX_AEAD_ENCRYPT
						: STATUS_CKR_CTX_AEAD_DECRYPT);
	if (ps != PARSEC_SUCCESS)
		parsec_log(ps == PARSEC_PSA_ERROR_INVALID_SIGNATURE
				   ? PARSEC_LOG_INFO
				   : PARSEC_LOG_WARNING,
			   "AES-GCM with '%s': %s", name,
			   parsec_status_message(ps));
out:
	if (rv != CKR_OK)
		parsec_buffer_free(out);
	op_buf_clear(&iv);
	op_buf_clear(&aad);
	free(name);
	return rv;
}

/* One request on in, the output written to out (its room checked). */
static CK_RV aead_send(op_call_t *x, const uint8_t *in, size_t len,
		       CK_BYTE *out, CK_ULONG *out_len)
{
	parsec_buffer_t res = {NULL, 0};
	CK_RV rv = aead_request(x, in, len, &res);

	if (rv == CKR_OK && res.len > *out_len)
		rv = CKR_DEVICE_ERROR; /* not the size it must be */
	if (rv == CKR_OK) {
		if (res.len > 0)
			memcpy(out, res.data, res.len);
		*out_len = res.len;
	}
	parsec_buffer_free(&res);
	return rv;
}

CK_RV cipher_aead_single(op_call_t *x, const CK_BYTE *in, CK_ULONG len,
			 CK_BYTE *out, CK_ULONG *out_len, int *keep)
{
	size_t need;
	CK_RV rv = aead_out_len(x->op, len, &need);

	if (rv != CKR_OK)
		return rv;
	if (!op_room(out, out_len, need, &rv)) {
		*keep = 1;
		return rv;
	}
	return aead_send(x, in, len, out, out_len);
}

CK_RV cipher_update(CK_SESSION_HANDLE h, op_kind_t kind, const CK_BYTE *part,
		    CK_ULONG len, CK_BYTE *out, CK_ULONG *out_len)
{
	op_call_t x;
	CK_RV rv = op_enter_part(h, kind, part, len, out_len != NULL, &x);

	if (rv != CKR_OK)
		return rv;
	/* Everything comes out at the end; a size query takes no data (it
	 * will be given again). */
	if (out != NULL) {
		if (len > aead_room(x.op) - x.op->data.len)
			return op_leave(&x, too_long(x.op), 0);
		rv = op_buf_add(&x.op->data, part, len);
		x.op->multi = 1;
	}
	*out_len = 0;
	return op_leave(&x, rv, 1);
}

CK_RV cipher_final(CK_SESSION_HANDLE h, op_kind_t kind, CK_BYTE *out,
		   CK_ULONG *out_len)
{
	op_buf_t data;
	size_t need;
	op_call_t x;
	CK_RV rv = op_enter_part(h, kind, NULL, 0, out_len != NULL, &x);

	if (rv != CKR_OK)
		return rv;
	rv = aead_out_len(x.op, x.op->data.len, &need);
	if (rv != CKR_OK)
		return op_leave(&x, rv, 0);
	if (!op_room(out, out_len, need, &rv))
		return op_leave(&x, rv, 1);
	/* The data goes with the request: the operation may be freed
	 * meanwhile (its session closed). */
	data = x.op->data;
	memset(&x.op->data, 0, sizeof(x.op->data));
	rv = aead_send(&x, data.p, data.len, out, out_len);
	op_buf_clear(&data);
	return op_leave(&x, rv, 0);
}
