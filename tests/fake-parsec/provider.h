/*
 * provider.h - the providers the double offers, each a row of data: what
 * ListProviders and ListOpcodes report, and capability tables (which key
 * types and sizes it generates or imports, which policies it refuses and
 * with which status, which algorithms it refuses at use). The operations
 * are shared code that consults these tables.
 */
#ifndef FAKE_PARSEC_PROVIDER_H
#define FAKE_PARSEC_PROVIDER_H

#include "attrs.h"

/* A (type, family, bits) and what generating or importing it gives.
 * family FAMILY_ANY and bits 0 match anything. */
#define FAKE_FAMILY_ANY ((parsec_ecc_family_t)-1)
typedef struct fake_size_rule {
	parsec_key_type_t type;
	parsec_ecc_family_t family;
	uint32_t bits;
	fake_status_t status;
} fake_size_rule_t;

/* What a key's policy algorithm gives at generation. hash_any: -1 any
 * value, 0 a specific hash, 1 the wildcard. key_class: 0 any, 'R' RSA,
 * 'E' ECC. */
typedef struct fake_policy_rule {
	int key_class;
	parsec_alg_kind_t kind;
	int hash_any;
	fake_status_t status;
} fake_policy_rule_t;

typedef struct fake_provider {
	uint8_t id;
	const char *uuid;
	const char *description;
	const char *vendor;
	uint32_t version[3];
	const uint32_t *opcodes; /* what ListOpcodes reports and serves */
	size_t n_opcodes;

	/* Generation: first matching size rule; no match gives
	 * generate_default. Import: same with import rules. */
	const fake_size_rule_t *generate_sizes;
	size_t n_generate_sizes;
	fake_status_t generate_default;
	const fake_size_rule_t *import_sizes;
	size_t n_import_sizes;
	fake_status_t import_default;

	/* Policy checks at generation: first matching rule; no match gives
	 * policy_default. */
	const fake_policy_rule_t *policies;
	size_t n_policies;
	fake_status_t policy_default;
	/* Import: when import_alg_kind is set, the policy must be exactly
	 * (kind, hash), else import_policy_status. */
	parsec_alg_kind_t import_alg_kind;
	parsec_hash_t import_alg_hash;
	fake_status_t import_policy_status;
	/* Hashes a policy may name; 0 = all. Bit = 1 << parsec_hash_t. */
	uint32_t policy_hashes;
	fake_status_t policy_hash_status;

	/* Algorithm kinds refused at sign/verify time, and with what. */
	const parsec_alg_kind_t *refused_sign_kinds;
	size_t n_refused_sign_kinds;
	fake_status_t refused_sign_status;

	/* CanDoCrypto: key types the provider can generate / import. */
	const parsec_key_type_t *can_generate;
	size_t n_can_generate;
	const parsec_key_type_t *can_import;
	size_t n_can_import;
} fake_provider_t;

/* The provider with that id if this server offers it, else NULL. */
const fake_provider_t *provider_find(const fake_server_t *srv, uint8_t id);
/* The offered providers in ListProviders order (core last). */
size_t provider_list(const fake_server_t *srv, const fake_provider_t **out,
		     size_t max);
int provider_has_opcode(const fake_provider_t *p, uint32_t opcode);

/* Status of generating / importing a key of these attributes on p, from
 * the size and policy tables (not counting the data itself). */
fake_status_t provider_check_generate(const fake_provider_t *p,
				      const fake_attrs_t *a);
/* The type and policy checks an import does before looking at the data
 * (the TPM provider refuses most imports outright). */
fake_status_t provider_check_import_policy(const fake_provider_t *p,
					   const fake_attrs_t *a);
/* Status of the policy alone, as generation sees it. */
fake_status_t provider_check_policy(const fake_provider_t *p,
				    const fake_attrs_t *a);
/* Status of a size alone (generate or import table). */
fake_status_t provider_check_size(const fake_provider_t *p,
				  const fake_attrs_t *a, int import);
fake_status_t provider_check_sign_alg(const fake_provider_t *p,
				      const fake_alg_t *alg);
int provider_can_generate_type(const fake_provider_t *p, parsec_key_type_t t);
int provider_can_import_type(const fake_provider_t *p, parsec_key_type_t t);

#endif
