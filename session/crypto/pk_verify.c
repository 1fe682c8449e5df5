/* pk_verify.c - local signature verification with OpenSSL's EVP_PKEY. */
#include "session/crypto/pk_verify.h"

#include <limits.h>
#include <stdlib.h>

#include <openssl/err.h>
#include <openssl/rsa.h>

#include "mapping/ec_point.h"
#include "session/crypto/ecdsa_sig.h"
#include "session/crypto/hash.h"
#include "session/crypto/pk_ctx.h"

/* EMSA-PKCS1-v1_5 needs 11 bytes besides the data (RFC 8017 §9.2 step
 * 3: 0x00 0x01, eight 0xff at least, 0x00). */
#define PKCS1_OVERHEAD 11

typedef CK_RV (*verify_fn)(EVP_PKEY *pub, parsec_hash_t hash, const uint8_t *in,
			   size_t in_len, const uint8_t *sig, size_t sig_len);

/* OpenSSL answers 1 for a good signature, 0 or less for anything else
 * once the context is set up: all of which is a bad signature. */
static CK_RV verify_with(EVP_PKEY_CTX *ctx, const uint8_t *in, size_t in_len,
			 const uint8_t *sig, size_t sig_len)
{
	static const uint8_t empty[1];

	if (in == NULL)
		in = empty; /* in_len is 0: OpenSSL wants a pointer */
	if (EVP_PKEY_verify(ctx, sig, sig_len, in, in_len) != 1)
		return CKR_SIGNATURE_INVALID;
	return CKR_OK;
}

/* The input is a digest of hash, or with no hash the data itself, which
 * EMSA-PKCS1-v1_5 must fit in the modulus; the signature is modulus
 * sized (RFC 8017 §8.2.2 step 1). */
static CK_RV rsa_lengths(EVP_PKEY *pub, parsec_hash_t hash, size_t in_len,
			 size_t sig_len)
{
	size_t k = (size_t)EVP_PKEY_get_size(pub);

	if (hash != PARSEC_HASH_NONE ? in_len != parsec_hash_size(hash)
				     : in_len + PKCS1_OVERHEAD > k)
		return CKR_DATA_LEN_RANGE;
	if (sig_len != k)
		return CKR_SIGNATURE_LEN_RANGE;
	return CKR_OK;
}

/* PKCS#1 v1.5 or PSS with hash (none: raw PKCS#1 v1.5) and, for PSS,
 * MGF1 with the same hash and salt_len. */
static CK_RV rsa_verify_init(EVP_PKEY_CTX *ctx, int padding, parsec_hash_t hash,
			     size_t salt_len)
{
	const EVP_MD *md = hash_evp_md(hash);

	if (EVP_PKEY_verify_init(ctx) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_padding(ctx, padding) <= 0)
		return CKR_FUNCTION_FAILED;
	/* Without a digest OpenSSL recovers the block and compares it with
	 * the input: CKM_RSA_PKCS verification exactly. */
	if (md != NULL && EVP_PKEY_CTX_set_signature_md(ctx, md) <= 0)
		return CKR_FUNCTION_FAILED;
	if (padding != RSA_PKCS1_PSS_PADDING)
		return CKR_OK;
	if (salt_len > INT_MAX)
		return CKR_SIGNATURE_INVALID; /* no key holds such a salt */
	if (EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, md) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, (int)salt_len) <= 0)
		return CKR_FUNCTION_FAILED;
	return CKR_OK;
}

static CK_RV verify_rsa(EVP_PKEY *pub, int padding, parsec_hash_t hash,
			size_t salt_len, const uint8_t *in, size_t in_len,
			const uint8_t *sig, size_t sig_len)
{
	EVP_PKEY_CTX *ctx = NULL;
	CK_RV rv;

	rv = pk_ctx_new(pub, "RSA", &ctx);
	if (rv != CKR_OK)
		goto out;
	rv = rsa_lengths(pub, hash, in_len, sig_len);
	if (rv != CKR_OK)
		goto out;
	rv = rsa_verify_init(ctx, padding, hash, salt_len);
	if (rv != CKR_OK)
		goto out;
	rv = verify_with(ctx, in, in_len, sig, sig_len);
out:
	EVP_PKEY_CTX_free(ctx);
	return rv;
}

static CK_RV verify_rsa_pkcs1(EVP_PKEY *pub, parsec_hash_t hash,
			      const uint8_t *in, size_t in_len,
			      const uint8_t *sig, size_t sig_len)
{
	return verify_rsa(pub, RSA_PKCS1_PADDING, hash, 0, in, in_len, sig,
			  sig_len);
}

/* PSA_ALG_RSA_PSS: the salt is as long as the hash. */
static CK_RV verify_rsa_pss_hash_len(EVP_PKEY *pub, parsec_hash_t hash,
				     const uint8_t *in, size_t in_len,
				     const uint8_t *sig, size_t sig_len)
{
	return verify_rsa(pub, RSA_PKCS1_PSS_PADDING, hash,
			  parsec_hash_size(hash), in, in_len, sig, sig_len);
}

static CK_RV verify_ecdsa(EVP_PKEY *pub, parsec_hash_t hash, const uint8_t *in,
			  size_t in_len, const uint8_t *sig, size_t sig_len)
{
	EVP_PKEY_CTX *ctx = NULL;
	uint8_t *der = NULL;
	size_t der_len = 0, field_len;
	CK_RV rv;

	rv = pk_ctx_new(pub, "EC", &ctx);
	if (rv != CKR_OK)
		goto out;
	rv = CKR_DATA_LEN_RANGE;
	if (hash != PARSEC_HASH_NONE && in_len != parsec_hash_size(hash))
		goto out;
	/* EC keys report the bit length of the base point order. */
	field_len = ec_field_len((uint32_t)EVP_PKEY_get_bits(pub));
	rv = ecdsa_sig_to_der(sig, sig_len, field_len, NULL, &der_len);
	if (rv != CKR_OK)
		goto out;
	rv = CKR_HOST_MEMORY;
	der = malloc(der_len);
	if (der == NULL)
		goto out;
	rv = ecdsa_sig_to_der(sig, sig_len, field_len, der, &der_len);
	if (rv != CKR_OK)
		goto out;
	rv = CKR_FUNCTION_FAILED;
	if (EVP_PKEY_verify_init(ctx) <= 0)
		goto out;
	/* No digest set: OpenSSL takes the input as the hash, of any
	 * length, truncated to the order as ECDSA_ANY does. */
	rv = verify_with(ctx, in, in_len, der, der_len);
out:
	free(der);
	EVP_PKEY_CTX_free(ctx);
	return rv;
}

typedef struct verify_row {
	parsec_alg_kind_t kind;
	int needs_hash; /* else the algorithm carries none */
	verify_fn verify;
} verify_row_t;

static const verify_row_t verify_rows[] = {
	{PARSEC_ALG_RSA_PKCS1V15_SIGN, 1, verify_rsa_pkcs1},
	{PARSEC_ALG_RSA_PKCS1V15_SIGN_RAW, 0, verify_rsa_pkcs1},
	{PARSEC_ALG_RSA_PSS, 1, verify_rsa_pss_hash_len},
	{PARSEC_ALG_ECDSA, 1, verify_ecdsa},
	{PARSEC_ALG_DETERMINISTIC_ECDSA, 1, verify_ecdsa},
	{PARSEC_ALG_ECDSA_ANY, 0, verify_ecdsa},
};

static const verify_row_t *row_of_kind(parsec_alg_kind_t kind)
{
	size_t i;

	for (i = 0; i < sizeof(verify_rows) / sizeof(verify_rows[0]); i++)
		if (verify_rows[i].kind == kind)
			return &verify_rows[i];
	return NULL;
}

static CK_RV check_args(const uint8_t *in, size_t in_len, const uint8_t *sig)
{
	if ((in == NULL && in_len != 0) || sig == NULL)
		return CKR_ARGUMENTS_BAD;
	return CKR_OK;
}

CK_RV pk_verify(EVP_PKEY *pub, const parsec_algorithm_t *alg, const uint8_t *in,
		size_t in_len, const uint8_t *sig, size_t sig_len)
{
	const verify_row_t *row;
	parsec_hash_t hash = PARSEC_HASH_NONE;
	CK_RV rv;

	if (alg == NULL)
		return CKR_ARGUMENTS_BAD;
	rv = check_args(in, in_len, sig);
	if (rv != CKR_OK)
		return rv;
	row = row_of_kind(alg->kind);
	if (row == NULL)
		return CKR_MECHANISM_INVALID;
	if (row->needs_hash) {
		hash = alg->hash;
		if (hash_evp_md(hash) == NULL)
			return CKR_MECHANISM_INVALID;
	}
	ERR_set_mark();
	rv = row->verify(pub, hash, in, in_len, sig, sig_len);
	ERR_pop_to_mark();
	return rv;
}

CK_RV pk_verify_rsa_pss(EVP_PKEY *pub, parsec_hash_t hash, size_t salt_len,
			const uint8_t *in, size_t in_len, const uint8_t *sig,
			size_t sig_len)
{
	CK_RV rv;

	rv = check_args(in, in_len, sig);
	if (rv != CKR_OK)
		return rv;
	if (hash_evp_md(hash) == NULL)
		return CKR_MECHANISM_INVALID;
	ERR_set_mark();
	rv = verify_rsa(pub, RSA_PKCS1_PSS_PADDING, hash, salt_len, in, in_len,
			sig, sig_len);
	ERR_pop_to_mark();
	return rv;
}
