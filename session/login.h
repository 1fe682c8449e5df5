/*
 * login.h - the login state machine and the PIN policy.
 *
 * Parsec authenticates the application itself, so a token has no PIN
 * until one is set: then C_Login accepts any PIN (tools that insist on
 * logging in still work) and CKF_LOGIN_REQUIRED is clear. C_InitToken,
 * C_InitPIN and C_SetPIN keep PINs as salted PBKDF2 hashes in the
 * store's token record; from then on login is required, private objects
 * need it, wrong PINs count (in the store, shared by every process) and
 * lock the PIN after CORE_PIN_MAX_FAILURES.
 */
#ifndef SESSION_LOGIN_H
#define SESSION_LOGIN_H

#include <p11-kit/pkcs11.h>

CK_RV login_login(CK_SESSION_HANDLE h, CK_USER_TYPE user,
		  const CK_UTF8CHAR *pin, CK_ULONG len);
CK_RV login_logout(CK_SESSION_HANDLE h);
CK_RV login_init_pin(CK_SESSION_HANDLE h, const CK_UTF8CHAR *pin, CK_ULONG len);
CK_RV login_set_pin(CK_SESSION_HANDLE h, const CK_UTF8CHAR *old,
		    CK_ULONG old_len, const CK_UTF8CHAR *pin, CK_ULONG len);
/* C_InitToken: checks the SO PIN if one is set, then destroys this
 * application's keys on the provider, deletes its store rows and sets
 * the new SO PIN and label. */
CK_RV login_init_token(CK_SLOT_ID slot, const CK_UTF8CHAR *pin, CK_ULONG len,
		       const CK_UTF8CHAR *label);

#endif
