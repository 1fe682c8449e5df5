/*
 * mech.h - the mechanism table: one row per CKM_ the module implements.
 *
 * A row says which key type it works on, which functions it serves
 * (sign, verify, encrypt, decrypt, digest, derive, key generation), how
 * its input is taken (hashed here, or signed as given), which parameter
 * it takes, and the key-size range it has when the provider says
 * nothing. The Parsec algorithm family and hash of a mechanism come from
 * mapping/key_policy.h's table (one table for both). A slot offers a
 * function of a mechanism when its provider has the Parsec operation
 * (ListOpcodes) and the algorithm (session/caps.h); it lists the
 * mechanisms that have at least one. Adding a mechanism is adding a row.
 */
#ifndef SESSION_MECH_H
#define SESSION_MECH_H

#include <stddef.h>
#include <stdint.h>

#include <p11-kit/pkcs11.h>

#include "mapping/key_policy.h"
#include "parsec/parsec.h"

struct token;

/* The functions a mechanism serves. */
#define MECH_SIGN 0x01u
#define MECH_VERIFY 0x02u
#define MECH_ENCRYPT 0x04u
#define MECH_DECRYPT 0x08u
#define MECH_DIGEST 0x10u
#define MECH_DERIVE 0x20u
#define MECH_GENERATE 0x40u
#define MECH_GENERATE_PAIR 0x80u

/* How an operation takes its input. */
typedef enum mech_input {
	MECH_INPUT_NONE = 0, /* key generation */
	MECH_INPUT_HASHED,   /* hashed here, multi-part (CKM_SHA256_RSA_PKCS,
				CKM_SHA256) */
	MECH_INPUT_AS_GIVEN, /* signed or encrypted as given, single-part
				(CKM_RSA_PKCS, CKM_ECDSA, CKM_RSA_PKCS_PSS) */
	MECH_INPUT_BUFFERED, /* collected here, multi-part, one request at
				the end (CKM_AES_GCM) */
} mech_input_t;

/* Which CK_MECHANISM parameter (session/crypto/mech_params.h). */
typedef enum mech_param {
	MECH_PARAM_NONE = 0,
	MECH_PARAM_PSS,
	MECH_PARAM_OAEP,
	MECH_PARAM_GCM,
	MECH_PARAM_ECDH,
} mech_param_t;

typedef struct mech_row {
	CK_MECHANISM_TYPE type;
	CK_KEY_TYPE key_type; /* CK_UNAVAILABLE_INFORMATION: no key */
	unsigned fns;	      /* MECH_* */
	mech_input_t input;
	mech_param_t param;
	CK_ULONG min_size, max_size; /* when the provider says nothing */
} mech_row_t;

/* The row of a mechanism, or NULL. */
const mech_row_t *mech_find(CK_MECHANISM_TYPE type);

/* The functions of a row the token's provider can do (lock held). */
unsigned mech_functions(const struct token *t, const mech_row_t *row);

/* The Parsec family and hash of a row for a function (PARSEC_HASH_ANY:
 * from the input or parameters); 0 for rows without one (digests, key
 * generation). */
int mech_algorithm(const mech_row_t *row, unsigned fn, parsec_alg_kind_t *kind,
		   parsec_hash_t *hash);

/* The hash of a digest or hash-and-sign mechanism, else
 * PARSEC_HASH_NONE. */
parsec_hash_t mech_hash(const mech_row_t *row);

/* The mechanisms a token offers; returns how many there are (writing at
 * most max into out, which may be NULL). Lock held. */
size_t mech_list(const struct token *t, CK_MECHANISM_TYPE *out, size_t max);

/* C_GetMechanismInfo: CKR_MECHANISM_INVALID when not offered. Lock held. */
CK_RV mech_info(const struct token *t, CK_MECHANISM_TYPE type,
		CK_MECHANISM_INFO *info);

/* Finds the row for a mechanism used for one function on a token:
 * CKR_MECHANISM_INVALID when unknown, not for that function or not
 * offered there; for key generation (no parameter taken) also
 * CKR_MECHANISM_PARAM_INVALID for a parameter. Lock held. */
CK_RV mech_check(const struct token *t, const CK_MECHANISM *m, unsigned fn,
		 const mech_row_t **row);

#endif
