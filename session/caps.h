/*
 * caps.h - what a token's Parsec provider can do, as its answers taught
 * the module: the operations ListOpcodes reported (discovery), the
 * algorithms and key sizes CanDoCrypto accepts (probed once per provider,
 * lazily, when a slot's mechanisms are first listed), and the algorithms
 * it refused when asked to use them (remembered for the module's
 * lifetime). Nothing here depends on which provider it is.
 *
 * An algorithm is usable unless an answer said otherwise: before the
 * probe, or on a provider without CanDoCrypto, the operations decide
 * from the opcodes and the key's policy, and learn from refusals.
 */
#ifndef SESSION_CAPS_H
#define SESSION_CAPS_H

#include <stddef.h>
#include <stdint.h>

#include <p11-kit/pkcs11.h>

#include "parsec/parsec.h"

struct core;
struct token;

typedef enum caps_state {
	CAPS_UNKNOWN = 0,
	CAPS_YES,
	CAPS_NO,
} caps_state_t;

/* Algorithm families (parsec_alg_kind_t) and, per family, the wildcard
 * (slot 0, also the family itself when it takes no hash) and SHA-1 ..
 * SHA-512 (slots 1-5). */
#define CAPS_KINDS 16
#define CAPS_HASHES 6

typedef struct caps {
	int probed;
	caps_state_t alg[CAPS_KINDS][CAPS_HASHES];
	unsigned refused; /* bit per family refused at use */
	int rng_refused;
} caps_t;

/* Probes the provider of a slot once (CanDoCrypto: key sizes, then
 * algorithms), unless done or impossible (no CanDoCrypto). A token
 * marked absent is pinged first (discovery_check_presence). Takes the
 * state lock; when a probe is needed, then the module's probe lock and
 * the state lock around its reads and writes; neither may be held by
 * the caller. A connection failure leaves the slot unprobed, to try
 * again later. */
void caps_probe(struct core *c, CK_SLOT_ID slot);

/* Lock held from here on. */
int caps_has_opcode(const struct token *t, uint32_t opcode);

/* Whether the provider can use a family with a hash: a specific hash,
 * PARSEC_HASH_NONE for families that take none, or PARSEC_HASH_ANY for
 * "with some hash" (mechanisms that take the hash from their input). */
int caps_alg_ok(const struct token *t, parsec_alg_kind_t kind,
		parsec_hash_t hash);

/* The provider refused a family with a hash at use (1134): the family
 * is never offered again. A hash no mechanism offers (SHA-3,
 * SHA-512/t: only a DigestInfo given to CKM_RSA_PKCS reaches Parsec
 * with one) tells nothing of the family and is not learnt. */
void caps_refused(struct token *t, parsec_alg_kind_t kind, parsec_hash_t hash);

/* The range of key sizes the provider accepts for a type (bits; AES in
 * bytes, as CK_MECHANISM_INFO has it), from CanDoCrypto's answers; the
 * given defaults when none is known. 0 when it accepts none. */
int caps_key_range(const struct token *t, parsec_key_type_t type,
		   CK_ULONG def_min, CK_ULONG def_max, CK_ULONG *min,
		   CK_ULONG *max);

/* PsaGenerateRandom is there and was not refused. */
int caps_rng_ok(const struct token *t);

#endif
