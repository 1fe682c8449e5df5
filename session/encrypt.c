/*
 * encrypt.c - C_EncryptInit, C_Encrypt, C_EncryptUpdate, C_EncryptFinal.
 */
#include "session/encrypt.h"

#include "session/cipher.h"
#include "session/crypto/pk_encrypt.h"

CK_RV encrypt_init(CK_SESSION_HANDLE h, const CK_MECHANISM *m,
		   CK_OBJECT_HANDLE key)
{
	return op_init(h, OP_ENCRYPT, m, key, cipher_setup);
}

/* RSA, here with the public key: no request. */
static CK_RV rsa_encrypt(const op_t *op, const CK_BYTE *data, CK_ULONG len,
			 CK_BYTE *out, CK_ULONG *out_len)
{
	size_t n = *out_len;
	CK_RV rv = pk_encrypt(op->key.pub, &op->alg, data, len, op->label.p,
			      op->label.len, out, &n);

	*out_len = n;
	return rv;
}

CK_RV encrypt_encrypt(CK_SESSION_HANDLE h, const CK_BYTE *data, CK_ULONG len,
		      CK_BYTE *out, CK_ULONG *out_len)
{
	int keep = 0;
	op_call_t x;
	CK_RV rv =
		op_enter_single(h, OP_ENCRYPT, data, len, out_len != NULL, &x);

	if (rv != CKR_OK)
		return rv;
	if (cipher_is_aead(x.op)) {
		rv = cipher_aead_single(&x, data, len, out, out_len, &keep);
	} else {
		rv = rsa_encrypt(x.op, data, len, out, out_len);
		keep = out == NULL;
	}
	return op_leave(&x, rv, keep);
}

CK_RV encrypt_update(CK_SESSION_HANDLE h, const CK_BYTE *part, CK_ULONG len,
		     CK_BYTE *out, CK_ULONG *out_len)
{
	return cipher_update(h, OP_ENCRYPT, part, len, out, out_len);
}

CK_RV encrypt_final(CK_SESSION_HANDLE h, CK_BYTE *out, CK_ULONG *out_len)
{
	return cipher_final(h, OP_ENCRYPT, out, out_len);
}
