/* pk_ctx.c - OpenSSL contexts on public keys. */
#include "session/crypto/pk_ctx.h"

CK_RV pk_ctx_new(EVP_PKEY *key, const char *type, EVP_PKEY_CTX **out)
{
	if (key == NULL)
		return CKR_ARGUMENTS_BAD;
	if (!EVP_PKEY_is_a(key, type))
		return CKR_KEY_TYPE_INCONSISTENT;
	*out = EVP_PKEY_CTX_new_from_pkey(NULL, key, NULL);
	return *out ? CKR_OK : CKR_HOST_MEMORY;
}
