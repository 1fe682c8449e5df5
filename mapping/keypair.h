/*
 * keypair.h - the PKCS#11 objects of one Parsec key: a private key and
 * its public key, sharing CKA_ID, CKA_LABEL and the Parsec key name.
 *
 * Used for generated keys (templates given), imported private keys
 * (private template only, no public object) and adopted keys (no
 * template: CKA_LABEL is the key name and CKA_ID the SHA-1 of the public
 * key, see pubkey_id_sha1()).
 */
#ifndef MAPPING_KEYPAIR_H
#define MAPPING_KEYPAIR_H

#include <p11-kit/pkcs11.h>

#include "mapping/attr_list.h"
#include "mapping/key_policy.h"
#include "mapping/object.h"

typedef enum keypair_origin {
	KEYPAIR_GENERATED = 0, /* C_GenerateKeyPair: CKA_LOCAL TRUE */
	KEYPAIR_IMPORTED,      /* C_CreateObject of a private key */
	KEYPAIR_ADOPTED,       /* found in Parsec, not in the store */
} keypair_origin_t;

typedef struct keypair_in {
	keypair_origin_t origin;
	CK_KEY_TYPE key_type;
	CK_MECHANISM_TYPE gen_mech; /* KEYPAIR_GENERATED */
	const char *key_name;
	int session_key; /* the Parsec key dies with its session */
	const attr_list_t *pub_values; /* from pubkey.h */
	const key_policy_t *policy;
	const CK_ATTRIBUTE *priv_tmpl; /* checked templates, or NULL */
	CK_ULONG priv_count;
	const CK_ATTRIBUTE *pub_tmpl;
	CK_ULONG pub_count;
} keypair_in_t;

/* Builds the private object and, when pub is not NULL, the public one.
 * Token-ness, privacy and the rest come from the templates and
 * defaults; adopted keys are token objects. */
CK_RV keypair_build(const keypair_in_t *in, object_t **priv, object_t **pub);

/* A public key object that no Parsec key backs (C_CreateObject of a
 * public key, or the public half left when its private key was
 * destroyed): pub_values hold the key. */
CK_RV keypair_build_public(CK_KEY_TYPE key_type, const attr_list_t *pub_values,
			   const CK_ATTRIBUTE *tmpl, CK_ULONG count,
			   object_t **pub);

#endif
