/*
 * key_policy.h - a PKCS#11 key template becomes a Parsec key policy, and
 * a Parsec policy becomes CKA_ALLOWED_MECHANISMS, both from one table.
 *
 * A Parsec key permits usage flags plus ONE algorithm, while a PKCS#11
 * key may serve several mechanisms. The choice, in order:
 *  1. CKA_ALLOWED_MECHANISMS: its first mechanism the key type supports
 *     picks the algorithm family (when a mechanism serves several
 *     purposes, as CKM_RSA_PKCS does, the purpose the template asks for
 *     decides); every listed mechanism must fit that one algorithm, else
 *     CKR_TEMPLATE_INCONSISTENT, as when the template gives the chosen
 *     purpose's CKA_SIGN, CKA_DECRYPT or CKA_DERIVE as FALSE. When all
 *     listed mechanisms name the same hash, the policy names that hash,
 *     otherwise any hash.
 *  2. CKA_SIGN: RSA PKCS#1 v1.5 with any hash; EC: ECDSA with any hash.
 *  3. CKA_DECRYPT (RSA): OAEP with SHA-256.
 *  4. CKA_DERIVE (EC): ECDH.
 *  With none of them TRUE and none given: as CKA_SIGN. A template asking
 *  for signing and decryption gets signing: the key's CKA_DECRYPT then
 *  reads FALSE, because that is what the Parsec key allows.
 * Usage flags: sign_hash + verify_hash + sign/verify_message for
 * signatures, encrypt + decrypt, derive; export only with
 * CKA_EXTRACTABLE TRUE.
 */
#ifndef MAPPING_KEY_POLICY_H
#define MAPPING_KEY_POLICY_H

#include <stddef.h>

#include <p11-kit/pkcs11.h>

#include "mapping/attr_list.h"
#include "parsec/parsec.h"

typedef enum key_purpose {
	KEY_PURPOSE_NONE = 0,
	KEY_PURPOSE_SIGN,
	KEY_PURPOSE_DECRYPT,
	KEY_PURPOSE_DERIVE,
} key_purpose_t;

#define KEY_POLICY_MAX_MECHS 24

/* CKA_PARSEC_POLICY (mapping/attr_list.h): the Parsec policy of a key
 * object, kept with it (vendor-defined, read-only: templates may not give
 * it), a CK_ULONG of kind | hash << 8 | tag_length << 20
 * (parsec_alg_kind_t, parsec_hash_t, AEAD tag bytes). Every object of a
 * Parsec key carries it, so that an operation checks the exact policy
 * before any request (CKA_ALLOWED_MECHANISMS alone cannot tell OAEP with
 * SHA-1 from OAEP with SHA-256). */

typedef struct key_policy {
	parsec_algorithm_t alg;
	uint32_t usage; /* PARSEC_USAGE_* */
	key_purpose_t purpose;
	/* CKA_ALLOWED_MECHANISMS as asked by the template (restricts the
	 * reported list), or n_requested == 0 */
	CK_MECHANISM_TYPE requested[KEY_POLICY_MAX_MECHS];
	size_t n_requested;
	/* the mechanisms the key can be used with: what the policy permits,
	 * within the requested list when there is one */
	CK_MECHANISM_TYPE mechs[KEY_POLICY_MAX_MECHS];
	size_t n_mechs;
} key_policy_t;

/* Chooses the policy of a new private key from its template (see the
 * order above). */
CK_RV key_policy_choose(CK_KEY_TYPE type, const CK_ATTRIBUTE *tmpl,
			CK_ULONG count, key_policy_t *out);

/* The policy of an existing Parsec key (adoption). */
void key_policy_from_parsec(CK_KEY_TYPE type,
			    const parsec_key_attributes_t *attrs,
			    key_policy_t *out);

/* True when the policy names any hash (a wildcard some providers
 * refuse). */
int key_policy_is_wildcard(const key_policy_t *p);

/* Replaces a wildcard hash by the one that fits the key: SHA-256 for RSA
 * and 256-bit curves, SHA-384 for P-384, SHA-512 for P-521; or, when the
 * requested mechanisms leave that one out, the first hash they name
 * (other than SHA-1). Recomputes the mechanisms. */
void key_policy_use_specific_hash(key_policy_t *p, CK_KEY_TYPE type,
				  uint32_t bits);

/* Recomputes p->mechs from p->alg (and p->requested). */
void key_policy_update_mechanisms(key_policy_t *p, CK_KEY_TYPE type);

/* Sets CKA_SIGN, CKA_DECRYPT, CKA_DERIVE, CKA_UNWRAP, CKA_SIGN_RECOVER
 * and CKA_ALLOWED_MECHANISMS on a private key, and CKA_VERIFY,
 * CKA_ENCRYPT, CKA_WRAP, CKA_VERIFY_RECOVER, CKA_DERIVE and
 * CKA_ALLOWED_MECHANISMS on its public key (pub may be NULL); both get
 * CKA_PARSEC_POLICY. */
CK_RV key_policy_set_attributes(const key_policy_t *p, attr_list_t *priv,
				attr_list_t *pub);

/* The same for a secret key (AES): CKA_ENCRYPT and CKA_DECRYPT as the
 * policy allows, the other usages FALSE, CKA_ALLOWED_MECHANISMS and
 * CKA_PARSEC_POLICY. */
CK_RV key_policy_set_secret_attributes(const key_policy_t *p, attr_list_t *l);

/* CKA_PARSEC_POLICY values. */
CK_ULONG key_policy_encode(const parsec_algorithm_t *alg);
void key_policy_decode(CK_ULONG v, parsec_algorithm_t *alg);

/* The policy algorithm of an object's attributes: CKA_PARSEC_POLICY, or
 * for rows stored before it existed, inferred from
 * CKA_ALLOWED_MECHANISMS. 0 when the object names none (a public key
 * made by C_CreateObject: no Parsec key restricts it). */
int key_policy_of_attributes(const attr_list_t *attrs, CK_KEY_TYPE type,
			     parsec_algorithm_t *alg);

/* The algorithm family and hash a mechanism stands for on a key type and
 * purpose (CKM_RSA_PKCS: PKCS#1 v1.5 signing or encryption), from the one
 * table above; PARSEC_HASH_ANY when the hash comes from the input or the
 * parameters (CKM_RSA_PKCS, CKM_ECDSA, PSS, OAEP). 0 when the table has
 * no such row. */
int key_policy_mechanism(CK_MECHANISM_TYPE m, CK_KEY_TYPE type,
			 key_purpose_t purpose, parsec_alg_kind_t *kind,
			 parsec_hash_t *hash);

/* PSA's permission rule: same family, and the policy's hash (a wildcard
 * of a signature family permits every specific hash) and AEAD tag. */
int key_policy_permits(const parsec_algorithm_t *policy,
		       const parsec_algorithm_t *alg);

/* Fills the Parsec key attributes for generation or import. */
void key_policy_parsec_attributes(const key_policy_t *p,
				  parsec_key_attributes_t *attrs);

#endif
