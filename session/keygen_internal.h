/*
 * keygen_internal.h - what the files that make Parsec keys share
 * (keygen.c: key pairs and imports; keygen_aes.c: AES keys; derive.c:
 * token secrets). Not for module/.
 */
#ifndef SESSION_KEYGEN_INTERNAL_H
#define SESSION_KEYGEN_INTERNAL_H

#include "mapping/secret_key.h"
#include "session/core.h"

/* A fresh Parsec key name, reserved in the token (lock held): for a
 * session key ADOPT_SESSION_PREFIX + 16 random hex digits, else the
 * naming scheme's, from CKA_LABEL and CKA_ID of template a (else b), and
 * cls ("priv", "secret"). *out is malloc'd. */
CK_RV keygen_name(core_t *c, token_t *t, int session_key, const char *cls,
		  const CK_ATTRIBUTE *a, CK_ULONG na, const CK_ATTRIBUTE *b,
		  CK_ULONG nb, char **out);

/* Destroys a key just made, after a later step failed (no lock). */
void keygen_undo(core_t *c, uint8_t provider, const char *name);

/* Builds a secret key object and publishes it for the session h (lock
 * held): CKR_SESSION_HANDLE_INVALID when the session went meanwhile. */
CK_RV keygen_publish_secret(core_t *c, CK_SESSION_HANDLE h,
			    const secret_key_in_t *in,
			    CK_OBJECT_HANDLE_PTR out);

/* The CK_BBOOL of a template entry, or def. */
CK_BBOOL keygen_tmpl_bool(const CK_ATTRIBUTE *tmpl, CK_ULONG n,
			  CK_ATTRIBUTE_TYPE type, CK_BBOOL def);

#endif
