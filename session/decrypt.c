/*
 * decrypt.c - C_DecryptInit, C_Decrypt, C_DecryptUpdate, C_DecryptFinal.
 */
#include "session/decrypt.h"

#include <stdlib.h>
#include <string.h>

#include "mapping/status_ckr.h"
#include "session/cipher.h"

CK_RV decrypt_init(CK_SESSION_HANDLE h, const CK_MECHANISM *m,
		   CK_OBJECT_HANDLE key)
{
	return op_init(h, OP_DECRYPT, m, key, cipher_setup);
}

/* Hands over a plaintext already decrypted; *keep when it must wait for
 * a larger buffer. */
static CK_RV deliver(op_t *op, CK_BYTE *out, CK_ULONG *out_len, int *keep)
{
	CK_RV rv;

	if (!op_room(out, out_len, op->result.len, &rv)) {
		*keep = 1;
		return rv;
	}
	if (op->result.len > 0)
		memcpy(out, op->result.p, op->result.len);
	*out_len = op->result.len;
	return CKR_OK;
}

/* One PsaAsymmetricDecrypt; the plaintext is kept with the operation. */
static CK_RV rsa_request(op_call_t *x, const CK_BYTE *in, CK_ULONG len)
{
	parsec_buffer_t res = {NULL, 0};
	parsec_algorithm_t alg = x->op->alg;
	op_buf_t label = {NULL, 0, 0};
	uint8_t provider = x->t->provider;
	parsec_status_t ps;
	char *name;
	CK_RV rv = op_key_usable(x);

	if (rv != CKR_OK)
		return rv;
	name = strdup(x->op->key.name);
	if (name == NULL ||
	    op_buf_add(&label, x->op->label.p, x->op->label.len) != CKR_OK) {
		free(name);
		return CKR_HOST_MEMORY;
	}
	op_suspend(x);
	/* The OAEP label travels as the salt (PSA's name for it). */
	ps = parsec_asymmetric_decrypt(x->c->pc, provider, name, &alg, in, len,
				       label.p, label.len, &res);
	rv = op_resume(x);
	if (rv == CKR_OK && ps == PARSEC_PSA_ERROR_NOT_SUPPORTED)
		caps_refused(x->t, alg.kind, alg.hash);
	if (rv == CKR_OK)
		rv = core_parsec_result(x->c, ps, STATUS_CKR_CTX_DECRYPT);
	if (rv == CKR_OK)
		rv = op_buf_add(&x->op->result, res.data, res.len);
	if (rv == CKR_OK)
		rv = op_buf_add(&x->op->for_in, in, len);
	if (ps != PARSEC_SUCCESS)
		parsec_log(PARSEC_LOG_INFO, "decrypting with '%s': %s", name,
			   parsec_status_message(ps));
	parsec_buffer_free(&res);
	op_buf_clear(&label);
	free(name);
	return rv;
}

static CK_RV rsa_decrypt(op_call_t *x, const CK_BYTE *in, CK_ULONG len,
			 CK_BYTE *out, CK_ULONG *out_len, int *keep)
{
	op_t *op = x->op;
	CK_RV rv;

	/* RFC 8017 §7.1.2, §7.2.2: a ciphertext is modulus-sized. */
	if (len != op->key.size)
		return CKR_ENCRYPTED_DATA_LEN_RANGE;
	if (op->for_in.len > 0 &&
	    (op->for_in.len != len || memcmp(op->for_in.p, in, len) != 0)) {
		op_buf_clear(&op->result); /* another input: start over */
		op_buf_clear(&op->for_in);
	}
	if (op->for_in.len == 0) {
		if (out == NULL) {
			*out_len = op->key.size; /* at most that much */
			*keep = 1;
			return CKR_OK;
		}
		rv = rsa_request(x, in, len);
		if (rv != CKR_OK)
			return rv;
	}
	return deliver(x->op, out, out_len, keep);
}

CK_RV decrypt_decrypt(CK_SESSION_HANDLE h, const CK_BYTE *in, CK_ULONG len,
		      CK_BYTE *out, CK_ULONG *out_len)
{
	int keep = 0;
	op_call_t x;
	CK_RV rv = op_enter_single(h, OP_DECRYPT, in, len, out_len != NULL, &x);

	if (rv != CKR_OK)
		return rv;
	if (cipher_is_aead(x.op))
		rv = cipher_aead_single(&x, in, len, out, out_len, &keep);
	else
		rv = rsa_decrypt(&x, in, len, out, out_len, &keep);
	return op_leave(&x, rv, keep);
}

CK_RV decrypt_update(CK_SESSION_HANDLE h, const CK_BYTE *part, CK_ULONG len,
		     CK_BYTE *out, CK_ULONG *out_len)
{
	return cipher_update(h, OP_DECRYPT, part, len, out, out_len);
}

CK_RV decrypt_final(CK_SESSION_HANDLE h, CK_BYTE *out, CK_ULONG *out_len)
{
	return cipher_final(h, OP_DECRYPT, out, out_len);
}
