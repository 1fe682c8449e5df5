/* pk_encrypt.c - local RSA encryption with OpenSSL's EVP_PKEY. */
#include "session/crypto/pk_encrypt.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/rsa.h>

#include "mapping/output.h"
#include "session/crypto/hash.h"
#include "session/crypto/pk_ctx.h"

/* RFC 8017 §7.2.1: a PKCS#1 v1.5 block spends 11 bytes on padding. */
#define PKCS1_OVERHEAD 11

/* What an algorithm does to the message: OpenSSL's padding, the OAEP
 * digest and the room left for data in a k-byte modulus. */
typedef struct encrypt_plan {
	int padding;
	const EVP_MD *md; /* OAEP only */
	size_t max_len;
} encrypt_plan_t;

static CK_RV plan_encryption(const parsec_algorithm_t *alg, size_t k,
			     size_t label_len, encrypt_plan_t *plan)
{
	size_t overhead;

	if (alg->kind == PARSEC_ALG_RSA_PKCS1V15_CRYPT) {
		if (label_len != 0)
			return CKR_MECHANISM_PARAM_INVALID;
		plan->padding = RSA_PKCS1_PADDING;
		plan->md = NULL;
		overhead = PKCS1_OVERHEAD;
	} else if (alg->kind == PARSEC_ALG_RSA_OAEP) {
		plan->md = hash_evp_md(alg->hash);
		if (plan->md == NULL)
			return CKR_MECHANISM_INVALID;
		plan->padding = RSA_PKCS1_OAEP_PADDING;
		/* RFC 8017 §7.1.1 step 1b: mLen <= k - 2hLen - 2. */
		overhead = 2 * parsec_hash_size(alg->hash) + 2;
	} else {
		return CKR_MECHANISM_INVALID;
	}
	plan->max_len = k > overhead ? k - overhead : 0;
	return CKR_OK;
}

static CK_RV encrypt_init(EVP_PKEY_CTX *ctx, const encrypt_plan_t *plan,
			  const uint8_t *label, size_t label_len)
{
	OSSL_PARAM params[2];

	if (EVP_PKEY_encrypt_init(ctx) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_padding(ctx, plan->padding) <= 0)
		return CKR_FUNCTION_FAILED;
	if (plan->md == NULL)
		return CKR_OK;
	if (EVP_PKEY_CTX_set_rsa_oaep_md(ctx, plan->md) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, plan->md) <= 0)
		return CKR_FUNCTION_FAILED;
	if (label_len == 0)
		return CKR_OK;
	/* Passed as a parameter, OpenSSL copies the label (the set0 call
	 * would take ownership of it). */
	params[0] = OSSL_PARAM_construct_octet_string(
		OSSL_ASYM_CIPHER_PARAM_OAEP_LABEL, (void *)label, label_len);
	params[1] = OSSL_PARAM_construct_end();
	if (EVP_PKEY_CTX_set_params(ctx, params) <= 0)
		return CKR_FUNCTION_FAILED;
	return CKR_OK;
}

size_t pk_encrypt_len(EVP_PKEY *pub)
{
	if (pub == NULL || !EVP_PKEY_is_a(pub, "RSA"))
		return 0;
	return (size_t)EVP_PKEY_get_size(pub);
}

static CK_RV encrypt(EVP_PKEY *pub, const parsec_algorithm_t *alg,
		     const uint8_t *in, size_t len, const uint8_t *label,
		     size_t label_len, uint8_t *out, size_t *out_len)
{
	static const uint8_t empty[1];
	EVP_PKEY_CTX *ctx = NULL;
	encrypt_plan_t plan;
	size_t k, written;
	CK_RV rv;

	rv = pk_ctx_new(pub, "RSA", &ctx);
	if (rv != CKR_OK)
		goto out;
	k = pk_encrypt_len(pub);
	rv = plan_encryption(alg, k, label_len, &plan);
	if (rv != CKR_OK)
		goto out;
	rv = CKR_DATA_LEN_RANGE;
	if (len > plan.max_len)
		goto out;
	if (!output_ready(out, out_len, k, &rv))
		goto out;
	rv = encrypt_init(ctx, &plan, label, label_len);
	if (rv != CKR_OK)
		goto out;
	written = *out_len;
	if (EVP_PKEY_encrypt(ctx, out, &written, in ? in : empty, len) <= 0) {
		parsec_log(PARSEC_LOG_ERROR, "OpenSSL RSA encryption failed");
		rv = CKR_FUNCTION_FAILED;
		goto out;
	}
	*out_len = written;
out:
	EVP_PKEY_CTX_free(ctx);
	return rv;
}

CK_RV pk_encrypt(EVP_PKEY *pub, const parsec_algorithm_t *alg,
		 const uint8_t *in, size_t len, const uint8_t *label,
		 size_t label_len, uint8_t *out, size_t *out_len)
{
	CK_RV rv;

	if (alg == NULL || out_len == NULL || (in == NULL && len != 0) ||
	    (label == NULL && label_len != 0))
		return CKR_ARGUMENTS_BAD;
	ERR_set_mark();
	rv = encrypt(pub, alg, in, len, label, label_len, out, out_len);
	ERR_pop_to_mark();
	return rv;
}
