/*
 * sessions.h - C_OpenSession, C_CloseSession, C_CloseAllSessions,
 * C_GetSessionInfo. A session's objects (CKA_TOKEN FALSE) die with it,
 * private ones also at C_Logout; their Parsec keys (named
 * ADOPT_SESSION_PREFIX...) are destroyed then.
 */
#ifndef SESSION_SESSIONS_H
#define SESSION_SESSIONS_H

#include <p11-kit/pkcs11.h>

#include "session/core.h"

CK_RV sessions_open(CK_SLOT_ID slot, CK_FLAGS flags, CK_SESSION_HANDLE_PTR h);
CK_RV sessions_close(CK_SESSION_HANDLE h);
CK_RV sessions_close_slot(CK_SLOT_ID slot);
CK_RV sessions_get_info(CK_SESSION_HANDLE h, CK_SESSION_INFO_PTR info);

/* The session state of PKCS#11 v2.40 §5.6 (CKS_*) of a session. */
CK_STATE sessions_state(const session_t *s, const token_t *t);

/* Closes every session of a slot (all_slots: of every slot); used by
 * C_Finalize. Takes the lock itself. */
void sessions_close_all(core_t *c, CK_SLOT_ID slot, int all_slots);

/* C_Logout (PKCS#11 v2.40 §5.6): every private session object of the
 * token is destroyed, with its Parsec key; a public key left behind
 * keeps its value only. Lock held on entry and on return, dropped while
 * the keys are destroyed. */
void sessions_drop_private_objects(core_t *c, token_t *t);

/* Frees a session's memory (not its objects). */
void sessions_free_one(session_t *s);

/* Ends a session's find operation, if any (lock held). */
void sessions_find_end(session_t *s);

#endif
