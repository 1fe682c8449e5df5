/*
 * mech.c - the mechanism table.
 *
 * Today: the key-pair generation mechanisms. Key sizes: RSA 1024-4096
 * bits, EC 256-521 (P-256, P-384, P-521, secp256k1); whether a provider
 * takes a size is asked with CanDoCrypto when a key is made.
 */
#include "session/mech.h"

static CK_RV param_none(const CK_MECHANISM *m)
{
	return m->pParameter == NULL && m->ulParameterLen == 0
		       ? CKR_OK
		       : CKR_MECHANISM_PARAM_INVALID;
}

static const mech_row_t rows[] = {
	{CKM_RSA_PKCS_KEY_PAIR_GEN,
	 CKK_RSA,
	 CKF_GENERATE_KEY_PAIR,
	 1024,
	 4096,
	 param_none,
	 PARSEC_OP_PSA_GENERATE_KEY,
	 {PARSEC_ALG_NONE, 0, 0}},
	{CKM_EC_KEY_PAIR_GEN,
	 CKK_EC,
	 CKF_GENERATE_KEY_PAIR | CKF_EC_F_P | CKF_EC_NAMEDCURVE |
		 CKF_EC_UNCOMPRESS,
	 256,
	 521,
	 param_none,
	 PARSEC_OP_PSA_GENERATE_KEY,
	 {PARSEC_ALG_NONE, 0, 0}},
};
#define N_ROWS (sizeof(rows) / sizeof(rows[0]))

const mech_row_t *mech_find(CK_MECHANISM_TYPE type)
{
	size_t i;

	for (i = 0; i < N_ROWS; i++)
		if (rows[i].type == type)
			return &rows[i];
	return NULL;
}

int mech_available(const mech_row_t *row, const uint32_t *opcodes,
		   size_t n_opcodes)
{
	size_t i;

	for (i = 0; i < n_opcodes; i++)
		if (opcodes[i] == row->opcode)
			return 1;
	return 0;
}

size_t mech_list(const uint32_t *opcodes, size_t n_opcodes,
		 CK_MECHANISM_TYPE *out, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < N_ROWS; i++) {
		if (!mech_available(&rows[i], opcodes, n_opcodes))
			continue;
		if (out != NULL && n < max)
			out[n] = rows[i].type;
		n++;
	}
	return n;
}

CK_RV mech_check(const CK_MECHANISM *m, const uint32_t *opcodes,
		 size_t n_opcodes, const mech_row_t **row)
{
	const mech_row_t *r = mech_find(m->mechanism);

	if (r == NULL || !mech_available(r, opcodes, n_opcodes))
		return CKR_MECHANISM_INVALID;
	*row = r;
	return r->check_param != NULL ? r->check_param(m) : CKR_OK;
}
