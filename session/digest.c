/*
 * digest.c - C_DigestInit ... C_DigestFinal, with OpenSSL.
 */
#include "session/digest.h"

#include "session/crypto/mech_params.h"
#include "session/op.h"

static CK_RV setup(op_t *op, const CK_MECHANISM *m, const token_t *t)
{
	CK_RV rv = mech_params_none(m);

	(void)t;
	if (rv != CKR_OK)
		return rv;
	return digest_ctx_new(mech_hash(op->row), &op->digest);
}

CK_RV digest_init(CK_SESSION_HANDLE h, const CK_MECHANISM *m)
{
	return op_init(h, OP_DIGEST, m, CK_INVALID_HANDLE, setup);
}

/* Room for the digest (a size query or a buffer too small keeps the
 * operation). */
static int room(const op_t *op, CK_BYTE *out, CK_ULONG *out_len, CK_RV *rv)
{
	return op_room(out, out_len, digest_ctx_size(op->digest), rv);
}

static CK_RV finish(op_t *op, CK_BYTE *out, CK_ULONG *out_len)
{
	size_t n = *out_len;
	CK_RV rv = digest_ctx_final(op->digest, out, &n);

	*out_len = n;
	return rv;
}

CK_RV digest_digest(CK_SESSION_HANDLE h, const CK_BYTE *data, CK_ULONG len,
		    CK_BYTE *out, CK_ULONG *out_len)
{
	op_call_t x;
	CK_RV rv =
		op_enter_single(h, OP_DIGEST, data, len, out_len != NULL, &x);

	if (rv != CKR_OK)
		return rv;
	/* The data goes in only once the digest can come out. */
	if (!room(x.op, out, out_len, &rv))
		return op_leave(&x, rv, 1);
	rv = digest_ctx_update(x.op->digest, data, len);
	if (rv == CKR_OK)
		rv = finish(x.op, out, out_len);
	return op_leave(&x, rv, 0);
}

CK_RV digest_update(CK_SESSION_HANDLE h, const CK_BYTE *part, CK_ULONG len)
{
	return op_update_hashed(h, OP_DIGEST, part, len);
}

CK_RV digest_key(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE key)
{
	const attr_t *value;
	object_t *o;
	op_call_t x;
	CK_RV rv = op_enter(h, OP_DIGEST, &x);

	if (rv != CKR_OK)
		return rv;
	rv = op_find_key(x.t, key, &o);
	if (rv != CKR_OK)
		return op_leave(&x, rv, 0);
	/* Only a secret whose value the module holds; Parsec's keys (and
	 * public or private keys, which are not secret keys) cannot be. */
	value = attr_list_get(&o->attrs, CKA_VALUE);
	if (o->cls != CKO_SECRET_KEY || o->key_name != NULL || value == NULL)
		return op_leave(&x, CKR_KEY_INDIGESTIBLE, 0);
	x.op->multi = 1;
	rv = digest_ctx_update(x.op->digest, value->value, value->len);
	return op_leave(&x, rv, 1);
}

CK_RV digest_final(CK_SESSION_HANDLE h, CK_BYTE *out, CK_ULONG *out_len)
{
	op_call_t x;
	CK_RV rv = op_enter_part(h, OP_DIGEST, NULL, 0, out_len != NULL, &x);

	if (rv != CKR_OK)
		return rv;
	if (!room(x.op, out, out_len, &rv))
		return op_leave(&x, rv, 1);
	rv = finish(x.op, out, out_len);
	return op_leave(&x, rv, 0);
}
