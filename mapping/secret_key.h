/*
 * secret_key.h - the PKCS#11 objects of secret keys (CKO_SECRET_KEY):
 * AES keys, which Parsec holds (C_GenerateKey), and the generic secrets
 * of C_DeriveKey, which the module holds itself for a session object or
 * imports into Parsec for a token object (the store never sees a secret
 * value).
 */
#ifndef MAPPING_SECRET_KEY_H
#define MAPPING_SECRET_KEY_H

#include <stddef.h>
#include <stdint.h>

#include <p11-kit/pkcs11.h>

#include "mapping/key_policy.h"
#include "mapping/object.h"

typedef struct secret_key_in {
	CK_KEY_TYPE key_type;	    /* CKK_AES, CKK_GENERIC_SECRET */
	CK_MECHANISM_TYPE mech;	    /* CKM_AES_KEY_GEN, CKM_ECDH1_DERIVE */
	int derived;		    /* else generated (CKA_LOCAL TRUE) */
	const char *key_name;	    /* the Parsec key, or NULL */
	int session_key;	    /* the Parsec key dies with its session */
	const key_policy_t *policy; /* the Parsec key's, or NULL */
	const uint8_t *value;	    /* a value the module holds, or NULL */
	CK_ULONG value_len;	    /* CKA_VALUE_LEN */
	/* Derived keys: the base key's CKA_ALWAYS_SENSITIVE and
	 * CKA_NEVER_EXTRACTABLE (PKCS#11 v2.40 curr 2.3.13). */
	CK_BBOOL base_always_sensitive, base_never_extractable;
	const CK_ATTRIBUTE *tmpl; /* a checked template */
	CK_ULONG count;
} secret_key_in_t;

/* Builds the object. Secret keys are never copyable: a copy could be a
 * token object, whose value would then go to the store. */
CK_RV secret_key_build(const secret_key_in_t *in, object_t **out);

#endif
