/* provider.c - the rows for the Core, Mbed Crypto and TPM-like providers.
 *
 * The Mbed Crypto sizes are what Parsec 1.1.0 measured (RSA 3072 and
 * P-384 refused with InvalidArgument); the TPM row follows the measured
 * TPM provider (PARSEC-FACTS.md) and src/providers/tpm/ of the service:
 * only RSA and SECP-R1 key pairs, no wildcard-hash signature policies,
 * no PSS signing, imports limited to RSA keys with an RSA PKCS#1 v1.5
 * SHA-256 policy (tpm/key_management.rs).
 */
#include "provider.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define OK FAKE_OK
#define INVALID FAKE_ST(PSA_ERROR_INVALID_ARGUMENT)
#define UNSUPPORTED FAKE_ST(PSA_ERROR_NOT_SUPPORTED)
#define COMM FAKE_ST(PSA_ERROR_COMMUNICATION_FAILURE)
#define ANYF FAKE_FAMILY_ANY

static const uint32_t core_opcodes[] = {0x01, 0x08, 0x09, 0x0e, 0x1a};

static const fake_provider_t core = {
	.id = 0,
	.uuid = "47049873-2a43-4845-9d72-831eab668784",
	.description = "Software provider that implements only administrative "
		       "(i.e. no cryptographic) operations",
	.vendor = "",
	.version = {1, 1, 0},
	.opcodes = core_opcodes,
	.n_opcodes = N(core_opcodes),
};

static const uint32_t mbed_opcodes[] = {0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
					0x0a, 0x0b, 0x0c, 0x0d, 0x0f, 0x10,
					0x11, 0x12, 0x13, 0x20};

/* Generated or imported alike (generating a public key is refused before
 * the table is consulted). */
static const fake_size_rule_t mbed_sizes[] = {
	{PARSEC_KEY_TYPE_RSA_KEY_PAIR, ANYF, 1024, OK},
	{PARSEC_KEY_TYPE_RSA_KEY_PAIR, ANYF, 2048, OK},
	{PARSEC_KEY_TYPE_RSA_KEY_PAIR, ANYF, 4096, OK},
	{PARSEC_KEY_TYPE_RSA_KEY_PAIR, ANYF, 0, INVALID},
	{PARSEC_KEY_TYPE_RSA_PUBLIC_KEY, ANYF, 1024, OK},
	{PARSEC_KEY_TYPE_RSA_PUBLIC_KEY, ANYF, 2048, OK},
	{PARSEC_KEY_TYPE_RSA_PUBLIC_KEY, ANYF, 4096, OK},
	{PARSEC_KEY_TYPE_RSA_PUBLIC_KEY, ANYF, 0, INVALID},
	{PARSEC_KEY_TYPE_ECC_KEY_PAIR, PARSEC_ECC_SECP_R1, 256, OK},
	{PARSEC_KEY_TYPE_ECC_KEY_PAIR, PARSEC_ECC_SECP_R1, 521, OK},
	{PARSEC_KEY_TYPE_ECC_KEY_PAIR, PARSEC_ECC_SECP_K1, 256, OK},
	{PARSEC_KEY_TYPE_ECC_KEY_PAIR, ANYF, 0, INVALID},
	{PARSEC_KEY_TYPE_ECC_PUBLIC_KEY, PARSEC_ECC_SECP_R1, 256, OK},
	{PARSEC_KEY_TYPE_ECC_PUBLIC_KEY, PARSEC_ECC_SECP_R1, 521, OK},
	{PARSEC_KEY_TYPE_ECC_PUBLIC_KEY, PARSEC_ECC_SECP_K1, 256, OK},
	{PARSEC_KEY_TYPE_ECC_PUBLIC_KEY, ANYF, 0, INVALID},
	{PARSEC_KEY_TYPE_AES, ANYF, 128, OK},
	{PARSEC_KEY_TYPE_AES, ANYF, 192, OK},
	{PARSEC_KEY_TYPE_AES, ANYF, 256, OK},
	{PARSEC_KEY_TYPE_AES, ANYF, 0, INVALID},
	{PARSEC_KEY_TYPE_RAW_DATA, ANYF, 0, OK},
	{PARSEC_KEY_TYPE_DERIVE, ANYF, 0, OK},
	{PARSEC_KEY_TYPE_HMAC, ANYF, 0, OK},
};

/* mbed_crypto/capability_discovery.rs */
static const parsec_key_type_t mbed_can_generate[] = {
	PARSEC_KEY_TYPE_RSA_KEY_PAIR, PARSEC_KEY_TYPE_ECC_KEY_PAIR,
	PARSEC_KEY_TYPE_DH_KEY_PAIR,  PARSEC_KEY_TYPE_RAW_DATA,
	PARSEC_KEY_TYPE_AES,	      PARSEC_KEY_TYPE_CAMELLIA,
	PARSEC_KEY_TYPE_CHACHA20,
};
static const parsec_key_type_t mbed_can_import[] = {
	PARSEC_KEY_TYPE_RSA_PUBLIC_KEY, PARSEC_KEY_TYPE_ECC_PUBLIC_KEY,
	PARSEC_KEY_TYPE_DH_PUBLIC_KEY,	PARSEC_KEY_TYPE_RSA_KEY_PAIR,
	PARSEC_KEY_TYPE_ECC_KEY_PAIR,	PARSEC_KEY_TYPE_DH_KEY_PAIR,
	PARSEC_KEY_TYPE_RAW_DATA,	PARSEC_KEY_TYPE_AES,
	PARSEC_KEY_TYPE_CAMELLIA,	PARSEC_KEY_TYPE_CHACHA20,
};

static const fake_provider_t mbed = {
	.id = 1,
	.uuid = "1c1139dc-ad7c-47dc-ad6b-db6fdb466552",
	.description = "User space software provider, based on Mbed Crypto - "
		       "the reference implementation of the PSA crypto API",
	.vendor = "Arm",
	.version = {0, 1, 0},
	.opcodes = mbed_opcodes,
	.n_opcodes = N(mbed_opcodes),
	.generate_sizes = mbed_sizes,
	.n_generate_sizes = N(mbed_sizes),
	.generate_default = UNSUPPORTED,
	.import_sizes = mbed_sizes,
	.n_import_sizes = N(mbed_sizes),
	.import_default = UNSUPPORTED,
	.policy_default = OK,
	.import_policy_status = OK,
	.can_generate = mbed_can_generate,
	.n_can_generate = N(mbed_can_generate),
	.can_import = mbed_can_import,
	.n_can_import = N(mbed_can_import),
};

static const uint32_t tpm_opcodes[] = {0x02, 0x03, 0x04, 0x05, 0x06,
				       0x07, 0x0a, 0x0b, 0x0d, 0x20};

/* RSA 4096 is in the provider's table but the (software) TPM refuses it,
 * which the provider reports as a communication failure. */
static const fake_size_rule_t tpm_generate_sizes[] = {
	{PARSEC_KEY_TYPE_RSA_KEY_PAIR, ANYF, 1024, OK},
	{PARSEC_KEY_TYPE_RSA_KEY_PAIR, ANYF, 2048, OK},
	{PARSEC_KEY_TYPE_RSA_KEY_PAIR, ANYF, 3072, OK},
	{PARSEC_KEY_TYPE_RSA_KEY_PAIR, ANYF, 4096, COMM},
	{PARSEC_KEY_TYPE_RSA_KEY_PAIR, ANYF, 0, INVALID},
	{PARSEC_KEY_TYPE_ECC_KEY_PAIR, PARSEC_ECC_SECP_R1, 256, OK},
	{PARSEC_KEY_TYPE_ECC_KEY_PAIR, PARSEC_ECC_SECP_R1, 384, OK},
	{PARSEC_KEY_TYPE_ECC_KEY_PAIR, PARSEC_ECC_SECP_R1, 0, INVALID},
};

static const fake_size_rule_t tpm_import_sizes[] = {
	{PARSEC_KEY_TYPE_RSA_KEY_PAIR, ANYF, 1024, OK},
	{PARSEC_KEY_TYPE_RSA_KEY_PAIR, ANYF, 2048, OK},
	{PARSEC_KEY_TYPE_RSA_KEY_PAIR, ANYF, 3072, OK},
	{PARSEC_KEY_TYPE_RSA_PUBLIC_KEY, ANYF, 1024, OK},
	{PARSEC_KEY_TYPE_RSA_PUBLIC_KEY, ANYF, 2048, OK},
	{PARSEC_KEY_TYPE_RSA_PUBLIC_KEY, ANYF, 3072, OK},
};

static const fake_policy_rule_t tpm_policies[] = {
	{'R', PARSEC_ALG_RSA_PKCS1V15_SIGN, 0, OK},
	{'R', PARSEC_ALG_RSA_PKCS1V15_SIGN, 1, UNSUPPORTED},
	{'R', PARSEC_ALG_RSA_PSS, 0, OK},
	{'R', PARSEC_ALG_RSA_PSS, 1, UNSUPPORTED},
	{'R', PARSEC_ALG_RSA_PKCS1V15_CRYPT, -1, OK},
	{'R', PARSEC_ALG_RSA_OAEP, -1, OK},
	{'R', PARSEC_ALG_NONE, -1, UNSUPPORTED},
	{'E', PARSEC_ALG_ECDSA, 0, OK},
	{'E', PARSEC_ALG_NONE, -1, INVALID},
};

static const parsec_alg_kind_t tpm_refused_sign[] = {PARSEC_ALG_RSA_PSS};

static const parsec_key_type_t tpm_can_generate[] = {
	PARSEC_KEY_TYPE_RSA_KEY_PAIR,
	PARSEC_KEY_TYPE_ECC_KEY_PAIR,
};
static const parsec_key_type_t tpm_can_import[] = {
	PARSEC_KEY_TYPE_RSA_PUBLIC_KEY,
	PARSEC_KEY_TYPE_RSA_KEY_PAIR,
};

#define HBIT(h) (1u << (h))

static const fake_provider_t tpm = {
	.id = 3,
	.uuid = "1e4954a4-ff21-46d3-ab0c-661eeb667e1d",
	.description = "TPM provider, interfacing with a library implementing "
		       "the TCG TSS 2.0 Enhanced System API specification.",
	.vendor = "Trusted Computing Group (TCG)",
	.version = {0, 1, 0},
	.opcodes = tpm_opcodes,
	.n_opcodes = N(tpm_opcodes),
	.generate_sizes = tpm_generate_sizes,
	.n_generate_sizes = N(tpm_generate_sizes),
	.generate_default = UNSUPPORTED,
	.import_sizes = tpm_import_sizes,
	.n_import_sizes = N(tpm_import_sizes),
	.import_default = UNSUPPORTED,
	.policies = tpm_policies,
	.n_policies = N(tpm_policies),
	.policy_default = UNSUPPORTED,
	.import_alg_kind = PARSEC_ALG_RSA_PKCS1V15_SIGN,
	.import_alg_hash = PARSEC_HASH_SHA_256,
	.import_policy_status = UNSUPPORTED,
	/* tpm/utils.rs convert_hash_to_tpm */
	.policy_hashes = HBIT(PARSEC_HASH_SHA_1) | HBIT(PARSEC_HASH_SHA_256) |
			 HBIT(PARSEC_HASH_SHA_384) | HBIT(PARSEC_HASH_SHA_512) |
			 HBIT(PARSEC_HASH_SHA3_256) |
			 HBIT(PARSEC_HASH_SHA3_384) |
			 HBIT(PARSEC_HASH_SHA3_512),
	.policy_hash_status = UNSUPPORTED,
	.refused_sign_kinds = tpm_refused_sign,
	.n_refused_sign_kinds = N(tpm_refused_sign),
	.refused_sign_status = UNSUPPORTED,
	.can_generate = tpm_can_generate,
	.n_can_generate = N(tpm_can_generate),
	.can_import = tpm_can_import,
	.n_can_import = N(tpm_can_import),
};

size_t provider_list(const fake_server_t *srv, const fake_provider_t **out,
		     size_t max)
{
	size_t n = 0;

	if (n < max)
		out[n++] = &mbed;
	if (srv->tpm && n < max)
		out[n++] = &tpm;
	if (n < max)
		out[n++] = &core;
	return n;
}

const fake_provider_t *provider_find(const fake_server_t *srv, uint8_t id)
{
	const fake_provider_t *all[3];
	size_t n = provider_list(srv, all, 3);

	for (size_t i = 0; i < n; i++)
		if (all[i]->id == id)
			return all[i];
	return NULL;
}

int provider_has_opcode(const fake_provider_t *p, uint32_t opcode)
{
	for (size_t i = 0; i < p->n_opcodes; i++)
		if (p->opcodes[i] == opcode)
			return 1;
	return 0;
}

static fake_status_t size_status(const fake_size_rule_t *rules, size_t n,
				 fake_status_t dflt, const fake_attrs_t *a)
{
	for (size_t i = 0; i < n; i++) {
		const fake_size_rule_t *r = &rules[i];

		if (r->type == a->type &&
		    (r->family == FAKE_FAMILY_ANY || r->family == a->family) &&
		    (r->bits == 0 || r->bits == a->bits))
			return r->status;
	}
	return dflt;
}

fake_status_t provider_check_size(const fake_provider_t *p,
				  const fake_attrs_t *a, int import)
{
	if (import)
		return size_status(p->import_sizes, p->n_import_sizes,
				   p->import_default, a);
	/* Generating a public key is not a thing in PSA. */
	if (attrs_is_public_key(a))
		return INVALID;
	return size_status(p->generate_sizes, p->n_generate_sizes,
			   p->generate_default, a);
}

static int rule_matches(const fake_policy_rule_t *r, const fake_attrs_t *a)
{
	int any = a->alg.hash == PARSEC_HASH_ANY;

	if ((r->key_class == 'R' && !attrs_is_rsa(a)) ||
	    (r->key_class == 'E' && !attrs_is_ecc(a)))
		return 0;
	/* PARSEC_ALG_NONE in a rule stands for "any other algorithm". */
	if (r->kind != PARSEC_ALG_NONE && r->kind != a->alg.kind)
		return 0;
	return r->hash_any == -1 || r->hash_any == any;
}

fake_status_t provider_check_policy(const fake_provider_t *p,
				    const fake_attrs_t *a)
{
	parsec_hash_t h = a->alg.hash;

	for (size_t i = 0; i < p->n_policies; i++)
		if (rule_matches(&p->policies[i], a)) {
			if (p->policies[i].status != OK)
				return p->policies[i].status;
			if (p->policy_hashes && h != PARSEC_HASH_NONE &&
			    h != PARSEC_HASH_ANY &&
			    !(p->policy_hashes & HBIT(h)))
				return p->policy_hash_status;
			return OK;
		}
	return p->policy_default;
}

fake_status_t provider_check_generate(const fake_provider_t *p,
				      const fake_attrs_t *a)
{
	fake_status_t st = provider_check_size(p, a, 0);

	return st != OK ? st : provider_check_policy(p, a);
}

fake_status_t provider_check_import_policy(const fake_provider_t *p,
					   const fake_attrs_t *a)
{
	if (!provider_can_import_type(p, a->type))
		return p->import_default;
	if (p->import_alg_kind != PARSEC_ALG_NONE &&
	    (a->alg.kind != p->import_alg_kind ||
	     a->alg.hash != p->import_alg_hash))
		return p->import_policy_status;
	return OK;
}

fake_status_t provider_check_sign_alg(const fake_provider_t *p,
				      const fake_alg_t *alg)
{
	for (size_t i = 0; i < p->n_refused_sign_kinds; i++)
		if (p->refused_sign_kinds[i] == alg->kind)
			return p->refused_sign_status;
	return OK;
}

static int type_in(const parsec_key_type_t *types, size_t n,
		   parsec_key_type_t t)
{
	for (size_t i = 0; i < n; i++)
		if (types[i] == t)
			return 1;
	return 0;
}

int provider_can_generate_type(const fake_provider_t *p, parsec_key_type_t t)
{
	return type_in(p->can_generate, p->n_can_generate, t);
}

int provider_can_import_type(const fake_provider_t *p, parsec_key_type_t t)
{
	return type_in(p->can_import, p->n_can_import, t);
}
