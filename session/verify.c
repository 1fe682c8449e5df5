/*
 * verify.c - C_VerifyInit, C_Verify, C_VerifyUpdate, C_VerifyFinal, done
 * here with the public key (no request).
 */
#include "session/verify.h"

#include "session/crypto/pk_verify.h"
#include "session/op.h"
#include "session/sig_input.h"

CK_RV verify_init(CK_SESSION_HANDLE h, const CK_MECHANISM *m,
		  CK_OBJECT_HANDLE key)
{
	return op_init(h, OP_VERIFY, m, key, sig_input_setup);
}

static CK_RV check(const op_t *op, const sig_input_t *in, const CK_BYTE *sig,
		   CK_ULONG sig_len)
{
	if (op->row->param == MECH_PARAM_PSS)
		return pk_verify_rsa_pss(op->key.pub, in->alg.hash,
					 op->salt_len, in->in, in->len, sig,
					 sig_len);
	return pk_verify(op->key.pub, &in->alg, in->in, in->len, sig, sig_len);
}

CK_RV verify_verify(CK_SESSION_HANDLE h, const CK_BYTE *data, CK_ULONG len,
		    const CK_BYTE *sig, CK_ULONG sig_len)
{
	sig_input_t in;
	op_call_t x;
	CK_RV rv = op_enter_single(h, OP_VERIFY, data, len, sig != NULL, &x);

	if (rv != CKR_OK)
		return rv;
	rv = sig_input_single(x.op, data, len, &in);
	if (rv == CKR_OK)
		rv = check(x.op, &in, sig, sig_len);
	return op_leave(&x, rv, 0);
}

CK_RV verify_update(CK_SESSION_HANDLE h, const CK_BYTE *part, CK_ULONG len)
{
	return op_update_hashed(h, OP_VERIFY, part, len);
}

CK_RV verify_final(CK_SESSION_HANDLE h, const CK_BYTE *sig, CK_ULONG sig_len)
{
	sig_input_t in;
	op_call_t x;
	CK_RV rv = op_enter_part(h, OP_VERIFY, NULL, 0, sig != NULL, &x);

	if (rv != CKR_OK)
		return rv;
	rv = sig_input_final(x.op, &in);
	if (rv == CKR_OK)
		rv = check(x.op, &in, sig, sig_len);
	return op_leave(&x, rv, 0);
}
