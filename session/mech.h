/*
 * mech.h - the mechanism table: one row per CKM_ the module implements.
 *
 * A row says which key type it works on, its CK_MECHANISM_INFO flags and
 * key-size range, how its parameter is checked, and what it needs from
 * the provider: a Parsec operation (from ListOpcodes) and, for the
 * operations of the next issue, the Parsec algorithm it becomes. A slot
 * lists a mechanism when its provider has the operation. Adding a
 * mechanism is adding a row.
 */
#ifndef SESSION_MECH_H
#define SESSION_MECH_H

#include <stddef.h>
#include <stdint.h>

#include <p11-kit/pkcs11.h>

#include "parsec/parsec.h"

typedef CK_RV (*mech_param_fn)(const CK_MECHANISM *m);

typedef struct mech_row {
	CK_MECHANISM_TYPE type;
	CK_KEY_TYPE key_type;
	CK_FLAGS flags;
	CK_ULONG min_bits, max_bits;
	mech_param_fn check_param; /* CKR_MECHANISM_PARAM_INVALID when bad */
	uint32_t opcode;	   /* Parsec operation needed */
	parsec_algorithm_t alg;	   /* Parsec algorithm (PARSEC_ALG_NONE for
				      key generation) */
} mech_row_t;

/* The row of a mechanism, or NULL. */
const mech_row_t *mech_find(CK_MECHANISM_TYPE type);

/* True when a provider with these opcodes can do the mechanism. */
int mech_available(const mech_row_t *row, const uint32_t *opcodes,
		   size_t n_opcodes);

/* The mechanisms available with these opcodes; returns how many there
 * are (writing at most max into out, which may be NULL). */
size_t mech_list(const uint32_t *opcodes, size_t n_opcodes,
		 CK_MECHANISM_TYPE *out, size_t max);

/* Finds the row for a mechanism the caller wants to use on a slot:
 * CKR_MECHANISM_INVALID when unknown or not available there,
 * CKR_MECHANISM_PARAM_INVALID when its parameter is wrong. */
CK_RV mech_check(const CK_MECHANISM *m, const uint32_t *opcodes,
		 size_t n_opcodes, const mech_row_t **row);

#endif
