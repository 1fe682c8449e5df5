/*
 * sign.c - C_SignInit, C_Sign, C_SignUpdate, C_SignFinal: one
 * PsaSignHash per signature, sent without the lock.
 */
#include "session/sign.h"

#include <stdlib.h>
#include <string.h>

#include "mapping/status_ckr.h"
#include "session/op.h"
#include "session/sig_input.h"

CK_RV sign_init(CK_SESSION_HANDLE h, const CK_MECHANISM *m,
		CK_OBJECT_HANDLE key)
{
	return op_init(h, OP_SIGN, m, key, sig_input_setup);
}

/* The signature's room (a size query or a buffer too small keeps the
 * operation). */
static int room(const op_t *op, CK_BYTE *sig, CK_ULONG *sig_len, CK_RV *rv)
{
	return op_room(sig, sig_len, sig_input_sig_len(op), rv);
}

/* Sends the signature request (the lock is released for it) and ends
 * the operation. */
static CK_RV send(op_call_t *x, const sig_input_t *in, CK_BYTE *sig,
		  CK_ULONG *sig_len)
{
	parsec_buffer_t out = {NULL, 0};
	parsec_status_t ps;
	uint8_t provider = x->t->provider;
	char *name;
	CK_RV rv = op_key_usable(x);

	if (rv != CKR_OK)
		return op_leave(x, rv, 0);
	/* Refused since the operation began (by another one). */
	if (!caps_alg_ok(x->t, in->alg.kind, in->alg.hash))
		return op_leave(x, CKR_FUNCTION_FAILED, 0);
	name = strdup(x->op->key.name);
	if (name == NULL)
		return op_leave(x, CKR_HOST_MEMORY, 0);
	op_suspend(x);
	ps = parsec_sign_hash(x->c->pc, provider, name, &in->alg, in->in,
			      in->len, &out);
	rv = op_resume(x);
	if (rv == CKR_OK && ps == PARSEC_PSA_ERROR_NOT_SUPPORTED)
		caps_refused(x->t, in->alg.kind, in->alg.hash);
	if (rv == CKR_OK)
		rv = core_parsec_result(x->c, ps, STATUS_CKR_CTX_SIGN);
	if (rv == CKR_OK && out.len > *sig_len)
		rv = CKR_DEVICE_ERROR; /* not the signature size it must be */
	if (rv == CKR_OK) {
		memcpy(sig, out.data, out.len);
		*sig_len = out.len;
	}
	if (ps != PARSEC_SUCCESS)
		parsec_log(PARSEC_LOG_WARNING, "signing with '%s': %s", name,
			   parsec_status_message(ps));
	parsec_buffer_free(&out);
	free(name);
	return op_leave(x, rv, 0);
}

CK_RV sign_sign(CK_SESSION_HANDLE h, const CK_BYTE *data, CK_ULONG len,
		CK_BYTE *sig, CK_ULONG *sig_len)
{
	sig_input_t in;
	op_call_t x;
	CK_RV rv = op_enter_single(h, OP_SIGN, data, len, sig_len != NULL, &x);

	if (rv != CKR_OK)
		return rv;
	rv = sig_input_single(x.op, data, len, &in);
	if (rv != CKR_OK)
		return op_leave(&x, rv, 0);
	if (!room(x.op, sig, sig_len, &rv))
		return op_leave(&x, rv, 1);
	return send(&x, &in, sig, sig_len);
}

CK_RV sign_update(CK_SESSION_HANDLE h, const CK_BYTE *part, CK_ULONG len)
{
	return op_update_hashed(h, OP_SIGN, part, len);
}

CK_RV sign_final(CK_SESSION_HANDLE h, CK_BYTE *sig, CK_ULONG *sig_len)
{
	sig_input_t in;
	op_call_t x;
	CK_RV rv = op_enter_part(h, OP_SIGN, NULL, 0, sig_len != NULL, &x);

	if (rv != CKR_OK)
		return rv;
	if (!room(x.op, sig, sig_len, &rv))
		return op_leave(&x, rv, 1);
	rv = sig_input_final(x.op, &in);
	if (rv != CKR_OK)
		return op_leave(&x, rv, 0);
	return send(&x, &in, sig, sig_len);
}
