/*
 * op.h - the cryptographic operations a session has active (sign,
 * verify, encrypt, decrypt, digest; at most one of each), and the rules
 * they share (PKCS#11 v2.40 §5.2 and each function's section):
 *
 *  - C_*Init: CKR_OPERATION_ACTIVE when one of that kind is active;
 *    then the mechanism (CKR_MECHANISM_INVALID when the slot does not
 *    offer it for that function), the key (CKR_KEY_HANDLE_INVALID, or
 *    CKR_USER_NOT_LOGGED_IN for a private one behind the PIN), its class
 *    and type (CKR_KEY_TYPE_INCONSISTENT), the parameter
 *    (CKR_MECHANISM_PARAM_INVALID), and the key's attributes and Parsec
 *    policy (CKR_KEY_FUNCTION_NOT_PERMITTED). No request is sent.
 *  - the other calls: CKR_OPERATION_NOT_INITIALIZED without one; a size
 *    query (NULL output) or CKR_BUFFER_TOO_SMALL leaves it active, any
 *    other outcome ends it. A single-part call after an update
 *    (C_Sign after C_SignUpdate...) is CKR_OPERATION_ACTIVE and changes
 *    nothing: the multi-part operation goes on (§5.1: a failed call
 *    leaves the state as it was).
 *  - a request to Parsec is made without the lock; meanwhile the
 *    operation is "busy": another call on it from another thread gets
 *    CKR_OPERATION_ACTIVE, and a session closed meanwhile makes the call
 *    return CKR_SESSION_CLOSED.
 */
#ifndef SESSION_OP_H
#define SESSION_OP_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>
#include <p11-kit/pkcs11.h>

#include "session/core.h"
#include "session/crypto/digest_ctx.h"
#include "session/mech.h"

typedef enum op_kind {
	OP_SIGN = 0,
	OP_VERIFY,
	OP_ENCRYPT,
	OP_DECRYPT,
	OP_DIGEST,
} op_kind_t;

/* Bytes an operation owns; wiped when freed (they may be plaintext). */
typedef struct op_buf {
	uint8_t *p;
	size_t len, cap;
} op_buf_t;

/* The key of an operation, copied at C_*Init. */
typedef struct op_key {
	CK_OBJECT_HANDLE handle;
	CK_KEY_TYPE type;
	char *name; /* the Parsec key (private and secret keys) */
	int has_policy;
	parsec_algorithm_t policy;
	uint32_t bits; /* RSA modulus, EC curve (order), AES key */
	size_t size;   /* bytes: RSA modulus, EC coordinate, AES key */
	EVP_PKEY *pub; /* public keys: local verify and encrypt */
} op_key_t;

struct op {
	op_kind_t kind;
	const mech_row_t *row;
	op_key_t key;
	int multi; /* an update was made */
	int busy;  /* a request is out */
	/* fixed at init (hashed mechanisms, PSS, OAEP, GCM) */
	int alg_fixed;
	parsec_algorithm_t alg;
	size_t salt_len;      /* PSS */
	digest_ctx_t *digest; /* hashed mechanisms and digests */
	op_buf_t label;	      /* OAEP */
	op_buf_t iv, aad;     /* GCM */
	size_t tag_len;
	op_buf_t data;	 /* GCM input collected by updates */
	op_buf_t result; /* decrypted, not yet delivered... */
	op_buf_t for_in; /* ...for this input */
};
typedef struct op op_t;

/* What a kind's C_*Init adds to the shared checks: the parameter and
 * what it fixes (lock held). */
typedef CK_RV (*op_setup_fn)(op_t *op, const CK_MECHANISM *m, const token_t *t);

/* C_*Init (DigestInit: key ignored). */
CK_RV op_init(CK_SESSION_HANDLE h, op_kind_t kind, const CK_MECHANISM *m,
	      CK_OBJECT_HANDLE key, op_setup_fn setup);

/* One call on an active operation: what it found, with the lock held.
 * s is NULL once the session went (while a request was out). */
typedef struct op_call {
	CK_SESSION_HANDLE h;
	op_kind_t kind;
	core_t *c;
	session_t *s;
	token_t *t;
	op_t *op;
} op_call_t;

/* Takes the lock and finds the session's active operation of a kind:
 * CKR_OPERATION_NOT_INITIALIZED, CKR_OPERATION_ACTIVE (busy). On CKR_OK
 * the lock is held. */
CK_RV op_enter(CK_SESSION_HANDLE h, op_kind_t kind, op_call_t *x);

/* op_enter for a single-part call (C_Sign, C_Verify, C_Encrypt,
 * C_Decrypt, C_Digest): after an update, CKR_OPERATION_ACTIVE (the
 * operation goes on); input NULL with a length, or !ptrs_ok (a pointer
 * the call needs is NULL): CKR_ARGUMENTS_BAD, which ends it. */
CK_RV op_enter_single(CK_SESSION_HANDLE h, op_kind_t kind, const void *in,
		      CK_ULONG len, int ptrs_ok, op_call_t *x);

/* op_enter for an update or a final call: CKR_FUNCTION_NOT_SUPPORTED for
 * a single-part mechanism, CKR_ARGUMENTS_BAD as above (both end it). */
CK_RV op_enter_part(CK_SESSION_HANDLE h, op_kind_t kind, const void *in,
		    CK_ULONG len, int ptrs_ok, op_call_t *x);

/* Ends a call (the lock is released here): the operation ends unless rv
 * is CKR_BUFFER_TOO_SMALL, or with keep CKR_OK (a size query, an update)
 * or CKR_OPERATION_ACTIVE (a single-part call during a multi-part
 * operation). Returns rv. */
CK_RV op_leave(op_call_t *x, CK_RV rv, int keep);

/* The key object is still there and usable (a request is about to use
 * it): CKR_KEY_HANDLE_INVALID, CKR_USER_NOT_LOGGED_IN. */
CK_RV op_key_usable(const op_call_t *x);

/* Before a request: marks the operation busy and releases the lock.
 * After it: takes the lock and finds the operation again:
 * CKR_SESSION_CLOSED when its session went meanwhile (x->s is then
 * NULL); on CKR_OK busy is cleared. The lock is held either way. */
void op_suspend(op_call_t *x);
CK_RV op_resume(op_call_t *x);

/* The object behind a key handle as C_*Init and C_DeriveKey see it:
 * CKR_KEY_HANDLE_INVALID (no such key: not an object this session may
 * see, or not a key), CKR_USER_NOT_LOGGED_IN (a private object while the
 * token wants a login). Lock held. */
CK_RV op_find_key(const token_t *t, CK_OBJECT_HANDLE h, object_t **o);

/* The key attribute that allows a function (CKA_SIGN for MECH_SIGN...)
 * is TRUE and CKA_ALLOWED_MECHANISMS, when given, lists the mechanism:
 * else CKR_KEY_FUNCTION_NOT_PERMITTED. */
CK_RV op_key_allows(const object_t *o, unsigned fn, CK_MECHANISM_TYPE mech);

/* The key's Parsec policy permits alg (a key without one: anything):
 * else CKR_KEY_FUNCTION_NOT_PERMITTED. */
CK_RV op_policy_permits(const op_t *op, const parsec_algorithm_t *alg);

/* Room for n bytes of output (PKCS#11 v2.40 §5.2): 1 when out can take
 * them; else 0 with *out_len set to n and *rv CKR_OK (a size query) or
 * CKR_BUFFER_TOO_SMALL, both of which keep the operation. */
int op_room(CK_BYTE *out, CK_ULONG *out_len, size_t n, CK_RV *rv);

/* C_SignUpdate, C_VerifyUpdate, C_DigestUpdate: more data to hash (a
 * single-part mechanism: CKR_FUNCTION_NOT_SUPPORTED, which ends the
 * operation). */
CK_RV op_update_hashed(CK_SESSION_HANDLE h, op_kind_t kind, const CK_BYTE *part,
		       CK_ULONG len);

/* Copies bytes into an op buffer (appends). CKR_HOST_MEMORY. */
CK_RV op_buf_add(op_buf_t *b, const uint8_t *p, size_t len);
void op_buf_clear(op_buf_t *b);

/* Frees an operation (NULL is fine). */
void op_free(op_t *op);

#endif
