/*
 * init.h - what module/ needs of the library's life cycle:
 * C_Initialize, C_Finalize, and the "is it initialised here?" check
 * every other entry point starts with (false in a forked child until it
 * calls C_Initialize).
 */
#ifndef SESSION_INIT_H
#define SESSION_INIT_H

#include <p11-kit/pkcs11.h>

CK_RV init_initialize(const CK_C_INITIALIZE_ARGS *args);
CK_RV init_finalize(void);
/* CKR_OK or CKR_CRYPTOKI_NOT_INITIALIZED. */
CK_RV init_ready(void);
/* init_ready(), then CKR_SESSION_HANDLE_INVALID for an unknown session. */
CK_RV init_check_session(CK_SESSION_HANDLE h);

#endif
