/*
 * sig_input.c - signature inputs, one function per way of taking them.
 */
#include "session/sig_input.h"

#include <string.h>

#include "session/caps.h"
#include "session/crypto/digest_info.h"
#include "session/crypto/ecdsa_input.h"
#include "session/crypto/mech_params.h"

/* RFC 8017 §9.2 step 3: PKCS#1 v1.5 padding takes 11 bytes. */
#define PKCS1_OVERHEAD 11

static void set_alg(sig_input_t *out, parsec_alg_kind_t kind,
		    parsec_hash_t hash)
{
	memset(&out->alg, 0, sizeof(out->alg));
	out->alg.kind = kind;
	out->alg.hash = hash;
}

static CK_RV hashed(const op_t *op, const uint8_t *data, size_t len,
		    sig_input_t *out)
{
	size_t n = sizeof(out->buf);
	CK_RV rv = digest_ctx_compute(op->alg.hash, data, len, out->buf, &n);

	if (rv != CKR_OK)
		return rv;
	out->alg = op->alg;
	out->in = out->buf;
	out->len = n;
	return CKR_OK;
}

static int raw_pkcs1_key(const op_t *op)
{
	return op->key.has_policy &&
	       op->key.policy.kind == PARSEC_ALG_RSA_PKCS1V15_SIGN_RAW;
}

static CK_RV rsa_pkcs(const op_t *op, const uint8_t *data, size_t len,
		      sig_input_t *out)
{
	parsec_hash_t hash;
	const uint8_t *digest;
	size_t digest_len;

	if (!raw_pkcs1_key(op) &&
	    digest_info_parse(data, len, &hash, &digest, &digest_len)) {
		set_alg(out, PARSEC_ALG_RSA_PKCS1V15_SIGN, hash);
		out->in = digest;
		out->len = digest_len;
		return op_policy_permits(op, &out->alg);
	}
	/* Not a DigestInfo: only a raw PKCS#1 v1.5 key signs it (a key
	 * without a Parsec policy, a public key made here, verifies it). */
	if (op->key.has_policy && !raw_pkcs1_key(op))
		return CKR_KEY_FUNCTION_NOT_PERMITTED;
	if (len + PKCS1_OVERHEAD > op->key.size)
		return CKR_DATA_LEN_RANGE;
	set_alg(out, PARSEC_ALG_RSA_PKCS1V15_SIGN_RAW, PARSEC_HASH_NONE);
	out->in = data;
	out->len = len;
	return op_policy_permits(op, &out->alg);
}

/* For inputs no hash is as long as: the shortest hash at least as long
 * as the order, so that longer inputs can be cut to it. */
static parsec_hash_t order_hash(uint32_t bits)
{
	static const parsec_hash_t by_size[] = {
		PARSEC_HASH_SHA_256, PARSEC_HASH_SHA_384, PARSEC_HASH_SHA_512};
	size_t i;

	for (i = 0; i < sizeof(by_size) / sizeof(by_size[0]); i++)
		if (8 * parsec_hash_size(by_size[i]) >= bits)
			return by_size[i];
	return PARSEC_HASH_SHA_512;
}

static CK_RV ecdsa(const op_t *op, const uint8_t *data, size_t len,
		   sig_input_t *out)
{
	parsec_hash_t hash;
	size_t hash_len;
	CK_RV rv;

	if (op->key.has_policy && op->key.policy.hash != PARSEC_HASH_ANY)
		hash = op->key.policy.hash;
	else if ((hash = ecdsa_input_hash(len)) == PARSEC_HASH_NONE)
		hash = order_hash(op->key.bits);
	hash_len = parsec_hash_size(hash);
	set_alg(out, PARSEC_ALG_ECDSA, hash);
	if (len == hash_len) {
		out->in = data;
		out->len = len;
	} else {
		if (hash_len == 0 || hash_len > sizeof(out->buf))
			return CKR_KEY_FUNCTION_NOT_PERMITTED;
		rv = ecdsa_input_fit(data, len, op->key.bits, hash_len,
				     out->buf);
		if (rv != CKR_OK)
			return rv;
		out->in = out->buf;
		out->len = hash_len;
	}
	return op_policy_permits(op, &out->alg);
}

static CK_RV pss(const op_t *op, const uint8_t *data, size_t len,
		 sig_input_t *out)
{
	if (len != parsec_hash_size(op->alg.hash))
		return CKR_DATA_LEN_RANGE;
	out->alg = op->alg;
	out->in = data;
	out->len = len;
	return CKR_OK;
}

CK_RV sig_input_setup(op_t *op, const CK_MECHANISM *m, const token_t *t)
{
	unsigned fn = op->kind == OP_SIGN ? MECH_SIGN : MECH_VERIFY;
	parsec_alg_kind_t kind;
	parsec_hash_t hash = PARSEC_HASH_NONE;
	mech_pss_t pss;
	CK_RV rv;

	if (op->row->param == MECH_PARAM_PSS) {
		rv = mech_params_rsa_pss(m,
					 op->kind == OP_SIGN
						 ? MECH_PSS_SALT_HASH_LEN
						 : MECH_PSS_SALT_AS_GIVEN,
					 &pss);
		if (rv != CKR_OK)
			return rv;
		/* A hash the provider takes for no PSS key. */
		if (!caps_alg_ok(t, PARSEC_ALG_RSA_PSS, pss.hash))
			return CKR_MECHANISM_PARAM_INVALID;
		hash = pss.hash;
		op->salt_len = pss.salt_len;
	} else {
		rv = mech_params_none(m);
		if (rv != CKR_OK)
			return rv;
		if (op->row->input == MECH_INPUT_HASHED)
			hash = mech_hash(op->row);
	}
	if (hash == PARSEC_HASH_NONE)
		return CKR_OK; /* the input decides (CKM_RSA_PKCS, CKM_ECDSA) */
	if (!mech_algorithm(op->row, fn, &kind, &op->alg.hash))
		return CKR_MECHANISM_INVALID;
	op->alg.kind = kind;
	op->alg.hash = hash;
	op->alg_fixed = 1;
	if (op->row->input == MECH_INPUT_HASHED)
		return digest_ctx_new(hash, &op->digest);
	return CKR_OK;
}

CK_RV sig_input_single(const op_t *op, const uint8_t *data, size_t len,
		       sig_input_t *out)
{
	static const uint8_t empty[1];

	if (data == NULL)
		data = empty; /* len is 0 */
	if (op->row->input == MECH_INPUT_HASHED)
		return hashed(op, data, len, out);
	switch (op->row->type) {
	case CKM_RSA_PKCS:
		return rsa_pkcs(op, data, len, out);
	case CKM_ECDSA:
		return ecdsa(op, data, len, out);
	case CKM_RSA_PKCS_PSS:
		return pss(op, data, len, out);
	default:
		return CKR_MECHANISM_INVALID;
	}
}

CK_RV sig_input_final(op_t *op, sig_input_t *out)
{
	size_t n = sizeof(out->buf);
	CK_RV rv = digest_ctx_final(op->digest, out->buf, &n);

	if (rv != CKR_OK)
		return rv;
	out->alg = op->alg;
	out->in = out->buf;
	out->len = n;
	return CKR_OK;
}

size_t sig_input_sig_len(const op_t *op)
{
	return op->key.type == CKK_EC ? 2 * op->key.size : op->key.size;
}
