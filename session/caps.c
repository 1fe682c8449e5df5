/*
 * caps.c - a provider's capabilities: one probe per provider, from a
 * table of CanDoCrypto questions, and the refusals learnt at use.
 *
 * The probe asks, in this order:
 *  - GENERATE for each key size the module offers (RSA 1024-4096, P-256,
 *    P-384, P-521, secp256k1, and AES-128/192/256 where the provider has
 *    AEAD), with no policy: the answers give the CK_MECHANISM_INFO key
 *    ranges and are the same answers key generation keeps (token_t
 *    sizes), so a later C_GenerateKeyPair asks nothing;
 *  - USE for each algorithm family the mechanisms need, on a key of a
 *    size the provider accepted: signature families with the wildcard
 *    hash first and, when it is refused (the TPM), each of SHA-1 ..
 *    SHA-512; OAEP with each hash (PSA has no OAEP wildcard); the others
 *    once. A refused wildcard is also kept as key generation's "use a
 *    specific hash" answer.
 * Cost: 21 requests on the double's Mbed Crypto provider, 32 on its TPM
 * one (measured by tests/module/test-module-mechanisms), once per
 * provider and process.
 */
#include "session/caps.h"

#include <stdlib.h>
#include <string.h>

#include "session/core.h"

static const parsec_hash_t hash_slots[CAPS_HASHES] = {
	PARSEC_HASH_ANY,     PARSEC_HASH_SHA_1,	  PARSEC_HASH_SHA_224,
	PARSEC_HASH_SHA_256, PARSEC_HASH_SHA_384, PARSEC_HASH_SHA_512,
};

static int hash_slot(parsec_hash_t hash)
{
	int i;

	if (hash == PARSEC_HASH_NONE)
		return 0;
	for (i = 0; i < CAPS_HASHES; i++)
		if (hash_slots[i] == hash)
			return i;
	return -1;
}

/* The key sizes asked about. */
typedef struct size_row {
	parsec_key_type_t type;
	parsec_ecc_family_t family;
	uint32_t bits;
	uint32_t needs; /* opcode that makes the size worth asking */
} size_row_t;

static const size_row_t size_rows[] = {
	{PARSEC_KEY_TYPE_RSA_KEY_PAIR, 0, 1024, PARSEC_OP_PSA_GENERATE_KEY},
	{PARSEC_KEY_TYPE_RSA_KEY_PAIR, 0, 2048, PARSEC_OP_PSA_GENERATE_KEY},
	{PARSEC_KEY_TYPE_RSA_KEY_PAIR, 0, 3072, PARSEC_OP_PSA_GENERATE_KEY},
	{PARSEC_KEY_TYPE_RSA_KEY_PAIR, 0, 4096, PARSEC_OP_PSA_GENERATE_KEY},
	{PARSEC_KEY_TYPE_ECC_KEY_PAIR, PARSEC_ECC_SECP_R1, 256,
	 PARSEC_OP_PSA_GENERATE_KEY},
	{PARSEC_KEY_TYPE_ECC_KEY_PAIR, PARSEC_ECC_SECP_R1, 384,
	 PARSEC_OP_PSA_GENERATE_KEY},
	{PARSEC_KEY_TYPE_ECC_KEY_PAIR, PARSEC_ECC_SECP_R1, 521,
	 PARSEC_OP_PSA_GENERATE_KEY},
	{PARSEC_KEY_TYPE_ECC_KEY_PAIR, PARSEC_ECC_SECP_K1, 256,
	 PARSEC_OP_PSA_GENERATE_KEY},
	{PARSEC_KEY_TYPE_AES, 0, 128, PARSEC_OP_PSA_AEAD_ENCRYPT},
	{PARSEC_KEY_TYPE_AES, 0, 192, PARSEC_OP_PSA_AEAD_ENCRYPT},
	{PARSEC_KEY_TYPE_AES, 0, 256, PARSEC_OP_PSA_AEAD_ENCRYPT},
};
#define N_SIZE_ROWS (sizeof(size_rows) / sizeof(size_rows[0]))

/* How a family's hashes are asked about. */
typedef enum hash_plan {
	PLAN_FAMILY,	     /* takes no hash: once */
	PLAN_WILDCARD_FIRST, /* the wildcard, then each hash if refused */
	PLAN_EACH_HASH,	     /* each hash (no wildcard exists) */
} hash_plan_t;

#define SIGN_USAGE (PARSEC_USAGE_SIGN_HASH | PARSEC_USAGE_VERIFY_HASH)
#define CRYPT_USAGE (PARSEC_USAGE_ENCRYPT | PARSEC_USAGE_DECRYPT)

typedef struct alg_row {
	parsec_alg_kind_t kind;
	parsec_key_type_t key;
	uint32_t usage;
	hash_plan_t plan;
	uint32_t needs; /* the operation the family serves */
} alg_row_t;

static const alg_row_t alg_rows[] = {
	{PARSEC_ALG_RSA_PKCS1V15_SIGN, PARSEC_KEY_TYPE_RSA_KEY_PAIR, SIGN_USAGE,
	 PLAN_WILDCARD_FIRST, PARSEC_OP_PSA_SIGN_HASH},
	{PARSEC_ALG_RSA_PSS, PARSEC_KEY_TYPE_RSA_KEY_PAIR, SIGN_USAGE,
	 PLAN_WILDCARD_FIRST, PARSEC_OP_PSA_SIGN_HASH},
	{PARSEC_ALG_ECDSA, PARSEC_KEY_TYPE_ECC_KEY_PAIR, SIGN_USAGE,
	 PLAN_WILDCARD_FIRST, PARSEC_OP_PSA_SIGN_HASH},
	{PARSEC_ALG_RSA_OAEP, PARSEC_KEY_TYPE_RSA_KEY_PAIR, CRYPT_USAGE,
	 PLAN_EACH_HASH, PARSEC_OP_PSA_ASYMMETRIC_DECRYPT},
	{PARSEC_ALG_RSA_PKCS1V15_CRYPT, PARSEC_KEY_TYPE_RSA_KEY_PAIR,
	 CRYPT_USAGE, PLAN_FAMILY, PARSEC_OP_PSA_ASYMMETRIC_DECRYPT},
	{PARSEC_ALG_AEAD_GCM, PARSEC_KEY_TYPE_AES, CRYPT_USAGE, PLAN_FAMILY,
	 PARSEC_OP_PSA_AEAD_ENCRYPT},
};
#define N_ALG_ROWS (sizeof(alg_rows) / sizeof(alg_rows[0]))

/* One probe, run without the state lock. */
typedef struct probe {
	uint8_t provider;
	uint32_t *opcodes;
	size_t n_opcodes;
	size_answer_t sizes[N_SIZE_ROWS];
	size_t n_sizes;
	caps_state_t alg[CAPS_KINDS][CAPS_HASHES];
	unsigned wildcard_refused;
	parsec_status_t failed;
} probe_t;

static int has_opcode(const uint32_t *ops, size_t n, uint32_t op)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ops[i] == op)
			return 1;
	return 0;
}

int caps_has_opcode(const token_t *t, uint32_t opcode)
{
	return has_opcode(t->opcodes, t->n_opcodes, opcode);
}

/* CAPS_YES, CAPS_NO, or CAPS_UNKNOWN with p->failed set when the
 * service could not answer. */
static caps_state_t ask(core_t *c, probe_t *p, parsec_check_type_t check,
			const parsec_key_attributes_t *a)
{
	parsec_status_t ps;

	if (p->failed != PARSEC_SUCCESS)
		return CAPS_UNKNOWN;
	ps = parsec_can_do_crypto(c->pc, p->provider, check, a);
	if (ps == PARSEC_SUCCESS)
		return CAPS_YES;
	/* The service answered: a refusal, whatever its status. */
	if (ps > 0)
		return CAPS_NO;
	p->failed = ps;
	return CAPS_UNKNOWN;
}

static void probe_sizes(core_t *c, probe_t *p)
{
	parsec_key_attributes_t a;
	size_t i;

	for (i = 0; i < N_SIZE_ROWS; i++) {
		if (!has_opcode(p->opcodes, p->n_opcodes, size_rows[i].needs))
			continue;
		memset(&a, 0, sizeof(a));
		a.type = size_rows[i].type;
		a.ecc_family = size_rows[i].family;
		a.bits = size_rows[i].bits;
		p->sizes[p->n_sizes].type = a.type;
		p->sizes[p->n_sizes].family = a.ecc_family;
		p->sizes[p->n_sizes].bits = a.bits;
		p->sizes[p->n_sizes].ok =
			ask(c, p, PARSEC_CHECK_GENERATE, &a) == CAPS_YES;
		if (p->failed == PARSEC_SUCCESS)
			p->n_sizes++;
	}
}

/* A key of the type the provider accepted, for the USE questions:
 * 2048-bit RSA or P-256 when taken, else the first size taken. */
static int probe_key(const probe_t *p, parsec_key_type_t type,
		     parsec_key_attributes_t *a)
{
	static const uint32_t preferred[] = {2048, 256, 128};
	size_t i, j;

	memset(a, 0, sizeof(*a));
	for (j = 0; j <= sizeof(preferred) / sizeof(preferred[0]); j++)
		for (i = 0; i < p->n_sizes; i++) {
			if (p->sizes[i].type != type || !p->sizes[i].ok)
				continue;
			if (j < sizeof(preferred) / sizeof(preferred[0]) &&
			    p->sizes[i].bits != preferred[j])
				continue;
			a->type = type;
			a->ecc_family = p->sizes[i].family;
			a->bits = p->sizes[i].bits;
			return 1;
		}
	return 0;
}

static caps_state_t ask_alg(core_t *c, probe_t *p, parsec_key_attributes_t *a,
			    const alg_row_t *r, parsec_hash_t hash)
{
	a->usage = r->usage;
	a->alg.kind = r->kind;
	a->alg.hash = hash;
	a->alg.tag_length = 0;
	return ask(c, p, PARSEC_CHECK_USE, a);
}

static void probe_family(core_t *c, probe_t *p, const alg_row_t *r)
{
	caps_state_t *slots = p->alg[r->kind];
	parsec_key_attributes_t a;
	int i;

	if (!has_opcode(p->opcodes, p->n_opcodes, r->needs) ||
	    !probe_key(p, r->key, &a))
		return;
	if (r->plan == PLAN_FAMILY) {
		slots[0] = ask_alg(c, p, &a, r, PARSEC_HASH_NONE);
		return;
	}
	if (r->plan == PLAN_WILDCARD_FIRST) {
		slots[0] = ask_alg(c, p, &a, r, PARSEC_HASH_ANY);
		if (slots[0] != CAPS_NO)
			return;
		p->wildcard_refused |= 1u << r->kind;
	}
	for (i = 1; i < CAPS_HASHES; i++)
		slots[i] = ask_alg(c, p, &a, r, hash_slots[i]);
	if (r->plan == PLAN_EACH_HASH)
		slots[0] = CAPS_NO; /* no wildcard exists */
}

static void run(core_t *c, probe_t *p)
{
	size_t i;

	probe_sizes(c, p);
	for (i = 0; i < N_ALG_ROWS; i++)
		probe_family(c, p, &alg_rows[i]);
}

static const size_answer_t *known_size(const token_t *t, const size_answer_t *s)
{
	size_t i;

	for (i = 0; i < t->n_sizes; i++)
		if (t->sizes[i].type == s->type &&
		    t->sizes[i].family == s->family &&
		    t->sizes[i].bits == s->bits)
			return &t->sizes[i];
	return NULL;
}

static void merge(token_t *t, const probe_t *p)
{
	size_answer_t *sizes;
	size_t i, k, j;

	sizes = realloc(t->sizes, (t->n_sizes + p->n_sizes) * sizeof(*sizes));
	if (sizes != NULL) {
		t->sizes = sizes;
		for (i = 0; i < p->n_sizes; i++)
			if (known_size(t, &p->sizes[i]) == NULL)
				t->sizes[t->n_sizes++] = p->sizes[i];
	}
	for (k = 0; k < CAPS_KINDS; k++)
		for (j = 0; j < CAPS_HASHES; j++)
			if (t->caps.alg[k][j] == CAPS_UNKNOWN)
				t->caps.alg[k][j] = p->alg[k][j];
	t->wildcard_refused |= p->wildcard_refused;
	t->caps.probed = 1;
}

/* Whether a slot still needs its probe (lock held). A token marked
 * absent is pinged first (at most once a second), so that the call that
 * finds the service back probes too. */
static int probe_needed(core_t *c, CK_SLOT_ID slot)
{
	token_t *t = core_token(c, slot);

	if (t != NULL && !t->present)
		discovery_check_presence(c, t);
	return t != NULL && !t->caps.probed && t->present;
}

void caps_probe(core_t *c, CK_SLOT_ID slot)
{
	probe_t *p;
	token_t *t;
	int needed;

	/* A slot probed already takes no probe lock: another slot's probe
	 * holds it across its requests. */
	lock_take(c->lock);
	needed = probe_needed(c, slot);
	lock_give(c->lock);
	if (!needed || (p = calloc(1, sizeof(*p))) == NULL)
		return;
	lock_take(c->probe_lock);
	lock_take(c->lock);
	t = core_token(c, slot);
	if (t == NULL || t->caps.probed || !t->present)
		goto done;
	if (!caps_has_opcode(t, PARSEC_OP_CAN_DO_CRYPTO)) {
		t->caps.probed = 1; /* nothing to ask: decide at use */
		goto done;
	}
	p->provider = t->provider;
	p->opcodes = malloc(t->n_opcodes * sizeof(*p->opcodes) + 1);
	if (p->opcodes == NULL)
		goto done;
	memcpy(p->opcodes, t->opcodes, t->n_opcodes * sizeof(*p->opcodes));
	p->n_opcodes = t->n_opcodes;
	lock_give(c->lock);
	run(c, p);
	lock_take(c->lock);
	t = core_token(c, slot);
	if (p->failed != PARSEC_SUCCESS) {
		parsec_log(PARSEC_LOG_WARNING,
			   "cannot probe provider %u: %s (retried later)",
			   p->provider, parsec_status_message(p->failed));
		core_parsec_result(c, p->failed, 0);
	} else if (t != NULL) {
		merge(t, p);
	}
done:
	lock_give(c->lock);
	lock_give(c->probe_lock);
	free(p->opcodes);
	free(p);
}

int caps_alg_ok(const token_t *t, parsec_alg_kind_t kind, parsec_hash_t hash)
{
	const caps_state_t *slots;
	int i, slot;

	if ((unsigned)kind >= CAPS_KINDS || (t->caps.refused & (1u << kind)))
		return 0;
	slots = t->caps.alg[kind];
	if (hash == PARSEC_HASH_ANY) {
		/* With some hash: the wildcard, or any specific one. */
		if (slots[0] != CAPS_NO)
			return 1;
		for (i = 1; i < CAPS_HASHES; i++)
			if (slots[i] != CAPS_NO)
				return 1;
		return 0;
	}
	slot = hash_slot(hash);
	if (slot < 0) /* a hash not probed (SHA-3...): the wildcard's word */
		return slots[0] != CAPS_NO;
	if (slot > 0 && slots[0] == CAPS_YES)
		return 1; /* the wildcard covers every hash */
	return slots[slot] != CAPS_NO;
}

void caps_refused(token_t *t, parsec_alg_kind_t kind, parsec_hash_t hash)
{
	if ((unsigned)kind >= CAPS_KINDS || hash_slot(hash) < 0)
		return;
	if (!(t->caps.refused & (1u << kind)))
		parsec_log(PARSEC_LOG_WARNING,
			   "provider %u refused algorithm family %d at use: "
			   "its mechanisms are no longer offered",
			   t->provider, (int)kind);
	t->caps.refused |= 1u << kind;
}

int caps_key_range(const token_t *t, parsec_key_type_t type, CK_ULONG def_min,
		   CK_ULONG def_max, CK_ULONG *min, CK_ULONG *max)
{
	CK_ULONG scale = type == PARSEC_KEY_TYPE_AES ? 8 : 1;
	int known = 0, any = 0;
	size_t i;

	*min = def_min;
	*max = def_max;
	/* Before the probe, the few sizes key generation asked about are
	 * not a range. */
	if (!t->caps.probed)
		return 1;
	for (i = 0; i < t->n_sizes; i++) {
		const size_answer_t *s = &t->sizes[i];

		if (s->type != type)
			continue;
		known = 1;
		if (!s->ok)
			continue;
		if (!any || s->bits / scale < *min)
			*min = s->bits / scale;
		if (!any || s->bits / scale > *max)
			*max = s->bits / scale;
		any = 1;
	}
	return !known || any;
}

int caps_rng_ok(const token_t *t)
{
	return caps_has_opcode(t, PARSEC_OP_PSA_GENERATE_RANDOM) &&
	       !t->caps.rng_refused;
}
