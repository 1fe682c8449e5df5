/*
 * objects.h - object management (C_CreateObject ... C_FindObjectsFinal)
 * and the object access rules of PKCS#11 v2.40 §4.1-4.2 / §5.6:
 *  - private objects (CKA_PRIVATE TRUE) exist for a session only when
 *    the user is logged in, or when the token has no PIN at all;
 *  - token objects cannot be created, changed or destroyed in a R/O
 *    session (CKR_SESSION_READ_ONLY);
 *  - session objects belong to the session that made them and die with
 *    it; every session of the application sees them.
 * Every call here is answered from memory and the store, except where a
 * Parsec key must be made or destroyed.
 */
#ifndef SESSION_OBJECTS_H
#define SESSION_OBJECTS_H

#include <p11-kit/pkcs11.h>

#include "session/core.h"

CK_RV objects_create(CK_SESSION_HANDLE h, const CK_ATTRIBUTE *tmpl,
		     CK_ULONG count, CK_OBJECT_HANDLE_PTR out);
CK_RV objects_copy(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE obj,
		   const CK_ATTRIBUTE *tmpl, CK_ULONG count,
		   CK_OBJECT_HANDLE_PTR out);
CK_RV objects_destroy(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE obj);
CK_RV objects_get_size(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE obj,
		       CK_ULONG_PTR size);
CK_RV objects_get_attributes(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE obj,
			     CK_ATTRIBUTE_PTR tmpl, CK_ULONG count);
CK_RV objects_set_attributes(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE obj,
			     const CK_ATTRIBUTE *tmpl, CK_ULONG count);
CK_RV objects_find_init(CK_SESSION_HANDLE h, const CK_ATTRIBUTE *tmpl,
			CK_ULONG count);
CK_RV objects_find(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE_PTR out, CK_ULONG max,
		   CK_ULONG_PTR count);
CK_RV objects_find_final(CK_SESSION_HANDLE h);

/* For the operations of the next issue (lock held): the object behind a
 * handle if this session may see it, else CKR_OBJECT_HANDLE_INVALID. */
CK_RV objects_lookup(token_t *t, CK_OBJECT_HANDLE handle, object_t **o);
/* True when the token's login state lets sessions see the object. */
int objects_visible(const token_t *t, const object_t *o);
/* May this session make or change an object with this token-ness and
 * privacy? CKR_SESSION_READ_ONLY or CKR_USER_NOT_LOGGED_IN if not. */
CK_RV objects_may_write(const session_t *s, const token_t *t,
			CK_BBOOL token_obj, CK_BBOOL priv);
/* Publishes a new object made by a session (lock held): writes token
 * objects to the store (all of objs in one transaction) and adds them
 * all to the catalog. On failure nothing is published and the caller
 * still owns the objects. */
CK_RV objects_publish(core_t *c, token_t *t, session_t *s, object_t **objs,
		      size_t n);

#endif
