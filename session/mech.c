/*
 * mech.c - the mechanism table, and what a slot offers of it.
 *
 * Static key-size ranges (used until the provider's answers are known,
 * or where it has no CanDoCrypto): RSA 1024-4096 bits, EC 256-521 bits
 * (P-256, P-384, P-521, secp256k1), AES 16-32 bytes (CK_MECHANISM_INFO
 * counts AES keys in bytes, PKCS#11 v2.40 curr 2.8).
 */
#include "session/mech.h"

#include "session/caps.h"
#include "session/core.h"
#include "session/crypto/hash.h"

#define NO_KEY CK_UNAVAILABLE_INFORMATION
#define SV (MECH_SIGN | MECH_VERIFY)
#define ED (MECH_ENCRYPT | MECH_DECRYPT)
#define HASHED MECH_INPUT_HASHED
#define GIVEN MECH_INPUT_AS_GIVEN

#define RSA_ROW(m, fns, in, par)                                               \
	{                                                                      \
		m, CKK_RSA, fns, in, par, 1024, 4096                           \
	}
#define EC_ROW(m, fns, in, par)                                                \
	{                                                                      \
		m, CKK_EC, fns, in, par, 256, 521                              \
	}
#define DIGEST_ROW(m)                                                          \
	{                                                                      \
		m, NO_KEY, MECH_DIGEST, HASHED, MECH_PARAM_NONE, 0, 0          \
	}

static const mech_row_t rows[] = {
	RSA_ROW(CKM_RSA_PKCS_KEY_PAIR_GEN, MECH_GENERATE_PAIR, MECH_INPUT_NONE,
		MECH_PARAM_NONE),
	EC_ROW(CKM_EC_KEY_PAIR_GEN, MECH_GENERATE_PAIR, MECH_INPUT_NONE,
	       MECH_PARAM_NONE),
	{CKM_AES_KEY_GEN, CKK_AES, MECH_GENERATE, MECH_INPUT_NONE,
	 MECH_PARAM_NONE, 16, 32},
	RSA_ROW(CKM_RSA_PKCS, SV | ED, GIVEN, MECH_PARAM_NONE),
	RSA_ROW(CKM_SHA1_RSA_PKCS, SV, HASHED, MECH_PARAM_NONE),
	RSA_ROW(CKM_SHA224_RSA_PKCS, SV, HASHED, MECH_PARAM_NONE),
	RSA_ROW(CKM_SHA256_RSA_PKCS, SV, HASHED, MECH_PARAM_NONE),
	RSA_ROW(CKM_SHA384_RSA_PKCS, SV, HASHED, MECH_PARAM_NONE),
	RSA_ROW(CKM_SHA512_RSA_PKCS, SV, HASHED, MECH_PARAM_NONE),
	RSA_ROW(CKM_RSA_PKCS_PSS, SV, GIVEN, MECH_PARAM_PSS),
	RSA_ROW(CKM_SHA1_RSA_PKCS_PSS, SV, HASHED, MECH_PARAM_PSS),
	RSA_ROW(CKM_SHA224_RSA_PKCS_PSS, SV, HASHED, MECH_PARAM_PSS),
	RSA_ROW(CKM_SHA256_RSA_PKCS_PSS, SV, HASHED, MECH_PARAM_PSS),
	RSA_ROW(CKM_SHA384_RSA_PKCS_PSS, SV, HASHED, MECH_PARAM_PSS),
	RSA_ROW(CKM_SHA512_RSA_PKCS_PSS, SV, HASHED, MECH_PARAM_PSS),
	RSA_ROW(CKM_RSA_PKCS_OAEP, ED, GIVEN, MECH_PARAM_OAEP),
	EC_ROW(CKM_ECDSA, SV, GIVEN, MECH_PARAM_NONE),
	EC_ROW(CKM_ECDSA_SHA1, SV, HASHED, MECH_PARAM_NONE),
	EC_ROW(CKM_ECDSA_SHA224, SV, HASHED, MECH_PARAM_NONE),
	EC_ROW(CKM_ECDSA_SHA256, SV, HASHED, MECH_PARAM_NONE),
	EC_ROW(CKM_ECDSA_SHA384, SV, HASHED, MECH_PARAM_NONE),
	EC_ROW(CKM_ECDSA_SHA512, SV, HASHED, MECH_PARAM_NONE),
	EC_ROW(CKM_ECDH1_DERIVE, MECH_DERIVE, MECH_INPUT_NONE, MECH_PARAM_ECDH),
	{CKM_AES_GCM, CKK_AES, ED, MECH_INPUT_BUFFERED, MECH_PARAM_GCM, 16, 32},
	DIGEST_ROW(CKM_SHA_1),
	DIGEST_ROW(CKM_SHA224),
	DIGEST_ROW(CKM_SHA256),
	DIGEST_ROW(CKM_SHA384),
	DIGEST_ROW(CKM_SHA512),
};
#define N_ROWS (sizeof(rows) / sizeof(rows[0]))

/* What a function needs of the provider: an operation, and for keyed
 * functions the key purpose whose algorithm it runs. An AES key's
 * operations are the AEAD ones. */
typedef struct fn_row {
	unsigned fn;
	CK_FLAGS flag;
	uint32_t opcode;
	uint32_t aes_opcode;
	key_purpose_t purpose;
} fn_row_t;

static const fn_row_t fn_rows[] = {
	{MECH_SIGN, CKF_SIGN, PARSEC_OP_PSA_SIGN_HASH, 0, KEY_PURPOSE_SIGN},
	{MECH_VERIFY, CKF_VERIFY, PARSEC_OP_PSA_VERIFY_HASH, 0,
	 KEY_PURPOSE_SIGN},
	{MECH_ENCRYPT, CKF_ENCRYPT, PARSEC_OP_PSA_ASYMMETRIC_ENCRYPT,
	 PARSEC_OP_PSA_AEAD_ENCRYPT, KEY_PURPOSE_DECRYPT},
	{MECH_DECRYPT, CKF_DECRYPT, PARSEC_OP_PSA_ASYMMETRIC_DECRYPT,
	 PARSEC_OP_PSA_AEAD_DECRYPT, KEY_PURPOSE_DECRYPT},
	{MECH_DIGEST, CKF_DIGEST, PARSEC_OP_PSA_HASH_COMPUTE, 0,
	 KEY_PURPOSE_NONE},
	{MECH_DERIVE, CKF_DERIVE, PARSEC_OP_PSA_RAW_KEY_AGREEMENT, 0,
	 KEY_PURPOSE_DERIVE},
	{MECH_GENERATE, CKF_GENERATE, PARSEC_OP_PSA_GENERATE_KEY, 0,
	 KEY_PURPOSE_NONE},
	{MECH_GENERATE_PAIR, CKF_GENERATE_KEY_PAIR, PARSEC_OP_PSA_GENERATE_KEY,
	 0, KEY_PURPOSE_NONE},
};
#define N_FN_ROWS (sizeof(fn_rows) / sizeof(fn_rows[0]))

/* The key types sizes are asked for. */
static parsec_key_type_t parsec_type(CK_KEY_TYPE kt)
{
	switch (kt) {
	case CKK_RSA:
		return PARSEC_KEY_TYPE_RSA_KEY_PAIR;
	case CKK_EC:
		return PARSEC_KEY_TYPE_ECC_KEY_PAIR;
	case CKK_AES:
		return PARSEC_KEY_TYPE_AES;
	default:
		return PARSEC_KEY_TYPE_NONE;
	}
}

const mech_row_t *mech_find(CK_MECHANISM_TYPE type)
{
	size_t i;

	for (i = 0; i < N_ROWS; i++)
		if (rows[i].type == type)
			return &rows[i];
	return NULL;
}

static const fn_row_t *fn_row(unsigned fn)
{
	size_t i;

	for (i = 0; i < N_FN_ROWS; i++)
		if (fn_rows[i].fn == fn)
			return &fn_rows[i];
	return NULL;
}

int mech_algorithm(const mech_row_t *row, unsigned fn, parsec_alg_kind_t *kind,
		   parsec_hash_t *hash)
{
	const fn_row_t *f = fn_row(fn);

	if (f == NULL || f->purpose == KEY_PURPOSE_NONE)
		return 0;
	return key_policy_mechanism(row->type, row->key_type, f->purpose, kind,
				    hash);
}

parsec_hash_t mech_hash(const mech_row_t *row)
{
	return hash_of_mech(row->type);
}

/* Key generation: an AES key is only worth making for AES-GCM. */
static int generation_ok(const token_t *t, const mech_row_t *row)
{
	CK_ULONG min, max;

	if (row->key_type == CKK_AES &&
	    (!caps_has_opcode(t, PARSEC_OP_PSA_AEAD_ENCRYPT) ||
	     !caps_alg_ok(t, PARSEC_ALG_AEAD_GCM, PARSEC_HASH_NONE)))
		return 0;
	return caps_key_range(t, parsec_type(row->key_type), row->min_size,
			      row->max_size, &min, &max);
}

static int function_ok(const token_t *t, const mech_row_t *row,
		       const fn_row_t *f)
{
	parsec_alg_kind_t kind;
	parsec_hash_t hash;
	uint32_t op = row->key_type == CKK_AES && f->aes_opcode ? f->aes_opcode
								: f->opcode;
	CK_ULONG min, max;

	if (!(row->fns & f->fn) || !caps_has_opcode(t, op))
		return 0;
	if (f->fn == MECH_GENERATE || f->fn == MECH_GENERATE_PAIR)
		return generation_ok(t, row);
	if (f->fn == MECH_DIGEST)
		return 1;
	if (!caps_key_range(t, parsec_type(row->key_type), row->min_size,
			    row->max_size, &min, &max) ||
	    !mech_algorithm(row, f->fn, &kind, &hash))
		return 0;
	return caps_alg_ok(t, kind, hash);
}

unsigned mech_functions(const token_t *t, const mech_row_t *row)
{
	unsigned fns = 0;
	size_t i;

	for (i = 0; i < N_FN_ROWS; i++)
		if (function_ok(t, row, &fn_rows[i]))
			fns |= fn_rows[i].fn;
	return fns;
}

size_t mech_list(const token_t *t, CK_MECHANISM_TYPE *out, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < N_ROWS; i++) {
		if (mech_functions(t, &rows[i]) == 0)
			continue;
		if (out != NULL && n < max)
			out[n] = rows[i].type;
		n++;
	}
	return n;
}

CK_RV mech_info(const token_t *t, CK_MECHANISM_TYPE type,
		CK_MECHANISM_INFO *info)
{
	const mech_row_t *row = mech_find(type);
	unsigned fns = row != NULL ? mech_functions(t, row) : 0;
	CK_ULONG min = 0, max = 0;
	size_t i;

	if (fns == 0)
		return CKR_MECHANISM_INVALID;
	info->flags = 0;
	for (i = 0; i < N_FN_ROWS; i++)
		if (fns & fn_rows[i].fn)
			info->flags |= fn_rows[i].flag;
	/* Prime curves, named by OID, uncompressed points (Parsec's
	 * export and key agreement form). */
	if (row->key_type == CKK_EC)
		info->flags |=
			CKF_EC_F_P | CKF_EC_NAMEDCURVE | CKF_EC_UNCOMPRESS;
	if (row->key_type != NO_KEY)
		caps_key_range(t, parsec_type(row->key_type), row->min_size,
			       row->max_size, &min, &max);
	info->ulMinKeySize = min;
	info->ulMaxKeySize = max;
	return CKR_OK;
}

CK_RV mech_check(const token_t *t, const CK_MECHANISM *m, unsigned fn,
		 const mech_row_t **row)
{
	const mech_row_t *r = mech_find(m->mechanism);
	const fn_row_t *f = fn_row(fn);

	if (r == NULL || f == NULL || !function_ok(t, r, f))
		return CKR_MECHANISM_INVALID;
	*row = r;
	if (r->input == MECH_INPUT_NONE && r->param == MECH_PARAM_NONE &&
	    (m->pParameter != NULL || m->ulParameterLen != 0))
		return CKR_MECHANISM_PARAM_INVALID;
	return CKR_OK;
}
