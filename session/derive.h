/*
 * derive.h - C_DeriveKey: CKM_ECDH1_DERIVE.
 *
 * CK_ECDH1_DERIVE_PARAMS with kdf CKD_NULL and the peer's point (raw or
 * as a DER OCTET STRING) -> one PsaRawKeyAgreement with the base key ->
 * a CKK_GENERIC_SECRET object from the template: CKA_VALUE_LEN (at most
 * the curve's size; the secret is cut from its leading end, PKCS#11
 * v2.40 curr 2.3.13), CKA_SENSITIVE, CKA_EXTRACTABLE (default: TRUE and
 * FALSE), CKA_TOKEN.
 *  - a session object keeps the secret in memory (wiped when it is
 *    destroyed); its CKA_VALUE can be read when it is not sensitive and
 *    is extractable, and C_DigestKey digests it;
 *  - a token object never puts the secret in the metadata store: it is
 *    imported into Parsec as a raw-data key (PsaImportKey, export usage
 *    only with CKA_EXTRACTABLE TRUE, a second request) and, like every
 *    value Parsec holds, never revealed through the module. A provider
 *    that cannot take it in gives CKR_ATTRIBUTE_VALUE_INVALID (for
 *    CKA_TOKEN).
 */
#ifndef SESSION_DERIVE_H
#define SESSION_DERIVE_H

#include <p11-kit/pkcs11.h>

CK_RV derive_key(CK_SESSION_HANDLE h, const CK_MECHANISM *m,
		 CK_OBJECT_HANDLE base, const CK_ATTRIBUTE *tmpl,
		 CK_ULONG count, CK_OBJECT_HANDLE_PTR out);

#endif
