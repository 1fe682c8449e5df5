/*
 * keygen.h - Parsec keys made through PKCS#11: C_GenerateKeyPair and
 * C_CreateObject of a private key (PsaImportKey).
 *
 * The Parsec policy comes from the private key's template
 * (mapping/key_policy.h). Before a size or curve is first generated on a
 * provider, CanDoCrypto(GENERATE) is asked once (for the type and size
 * alone: no policy in the question) and its answer kept for the module's
 * lifetime; a refusal is CKR_KEY_SIZE_RANGE (RSA) or
 * CKR_CURVE_NOT_SUPPORTED (EC). Where a provider refuses to generate with
 * a wildcard-hash policy, the key gets a specific hash
 * (key_policy_use_specific_hash()) and that answer is kept too: the
 * choice rests on what the service said, never on which provider it is.
 *
 * Parsec key names come from the naming scheme (config `naming`); a
 * session key (private key with CKA_TOKEN FALSE) is named
 * ADOPT_SESSION_PREFIX + 16 random hex digits and destroyed with its
 * session.
 */
#ifndef SESSION_KEYGEN_H
#define SESSION_KEYGEN_H

#include <p11-kit/pkcs11.h>

CK_RV keygen_generate_key_pair(CK_SESSION_HANDLE h, const CK_MECHANISM *m,
			       const CK_ATTRIBUTE *pub, CK_ULONG n_pub,
			       const CK_ATTRIBUTE *priv, CK_ULONG n_priv,
			       CK_OBJECT_HANDLE_PTR h_pub,
			       CK_OBJECT_HANDLE_PTR h_priv);

/* C_GenerateKey: CKM_AES_KEY_GEN (session/keygen_aes.c). An AES key of
 * CKA_VALUE_LEN 16, 24 or 32 bytes (else CKR_KEY_SIZE_RANGE; absent:
 * CKR_TEMPLATE_INCOMPLETE) made by PsaGenerateKey with an AES-GCM policy
 * (default 128-bit tag), usage encrypt and decrypt, export only with
 * CKA_EXTRACTABLE TRUE; CKA_ENCRYPT and CKA_DECRYPT TRUE. Its value stays
 * in Parsec (CKA_VALUE is never revealed). One request. */
CK_RV keygen_generate_key(CK_SESSION_HANDLE h, const CK_MECHANISM *m,
			  const CK_ATTRIBUTE *tmpl, CK_ULONG count,
			  CK_OBJECT_HANDLE_PTR out);

/* C_CreateObject of a CKO_PRIVATE_KEY whose template the caller checked
 * (object_check_template, access rules). */
CK_RV keygen_import(CK_SESSION_HANDLE h, CK_KEY_TYPE kt,
		    const CK_ATTRIBUTE *tmpl, CK_ULONG count,
		    CK_OBJECT_HANDLE_PTR out);

#endif
