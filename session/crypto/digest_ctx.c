/* digest_ctx.c - multi-part digests over EVP_MD_CTX. */
#include "session/crypto/digest_ctx.h"

#include <stdlib.h>

#include <openssl/evp.h>

#include "mapping/output.h"
#include "session/crypto/hash.h"

struct digest_ctx {
	parsec_hash_t hash;
	size_t size;
	int finished;
	EVP_MD_CTX *md_ctx;
};

static CK_RV ctx_alloc(parsec_hash_t hash, digest_ctx_t **out)
{
	digest_ctx_t *ctx = calloc(1, sizeof(*ctx));

	if (ctx == NULL)
		return CKR_HOST_MEMORY;
	ctx->md_ctx = EVP_MD_CTX_new();
	if (ctx->md_ctx == NULL) {
		free(ctx);
		return CKR_HOST_MEMORY;
	}
	ctx->hash = hash;
	ctx->size = parsec_hash_size(hash);
	*out = ctx;
	return CKR_OK;
}

CK_RV digest_ctx_new(parsec_hash_t hash, digest_ctx_t **out)
{
	const EVP_MD *md = hash_evp_md(hash);
	digest_ctx_t *ctx = NULL;
	CK_RV rv;

	if (md == NULL)
		return CKR_MECHANISM_INVALID;
	rv = ctx_alloc(hash, &ctx);
	if (rv != CKR_OK)
		return rv;
	if (!EVP_DigestInit_ex(ctx->md_ctx, md, NULL)) {
		parsec_log(PARSEC_LOG_ERROR, "OpenSSL cannot start %s",
			   hash_name(hash));
		digest_ctx_free(ctx);
		return CKR_FUNCTION_FAILED;
	}
	*out = ctx;
	return CKR_OK;
}

CK_RV digest_ctx_update(digest_ctx_t *ctx, const uint8_t *data, size_t len)
{
	if (ctx->finished)
		return CKR_OPERATION_NOT_INITIALIZED;
	if (data == NULL && len != 0)
		return CKR_ARGUMENTS_BAD;
	if (len == 0)
		return CKR_OK;
	if (!EVP_DigestUpdate(ctx->md_ctx, data, len))
		return CKR_FUNCTION_FAILED;
	return CKR_OK;
}

size_t digest_ctx_size(const digest_ctx_t *ctx)
{
	return ctx->size;
}

parsec_hash_t digest_ctx_hash(const digest_ctx_t *ctx)
{
	return ctx->hash;
}

CK_RV digest_ctx_final(digest_ctx_t *ctx, uint8_t *out, size_t *out_len)
{
	unsigned int written = 0;
	CK_RV rv;

	if (ctx->finished)
		return CKR_OPERATION_NOT_INITIALIZED;
	if (!output_ready(out, out_len, ctx->size, &rv))
		return rv;
	if (!EVP_DigestFinal_ex(ctx->md_ctx, out, &written) ||
	    written != ctx->size)
		return CKR_FUNCTION_FAILED;
	ctx->finished = 1;
	*out_len = written;
	return CKR_OK;
}

CK_RV digest_ctx_dup(const digest_ctx_t *ctx, digest_ctx_t **out)
{
	digest_ctx_t *copy = NULL;
	CK_RV rv;

	if (ctx->finished)
		return CKR_OPERATION_NOT_INITIALIZED;
	rv = ctx_alloc(ctx->hash, &copy);
	if (rv != CKR_OK)
		return rv;
	if (!EVP_MD_CTX_copy_ex(copy->md_ctx, ctx->md_ctx)) {
		digest_ctx_free(copy);
		return CKR_HOST_MEMORY;
	}
	*out = copy;
	return CKR_OK;
}

void digest_ctx_free(digest_ctx_t *ctx)
{
	if (ctx == NULL)
		return;
	EVP_MD_CTX_free(ctx->md_ctx);
	free(ctx);
}

CK_RV digest_ctx_compute(parsec_hash_t hash, const uint8_t *data, size_t len,
			 uint8_t *out, size_t *out_len)
{
	digest_ctx_t *ctx = NULL;
	CK_RV rv;

	rv = digest_ctx_new(hash, &ctx);
	if (rv != CKR_OK)
		goto out;
	rv = digest_ctx_update(ctx, data, len);
	if (rv != CKR_OK)
		goto out;
	rv = digest_ctx_final(ctx, out, out_len);
out:
	digest_ctx_free(ctx);
	return rv;
}
