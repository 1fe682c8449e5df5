/*
 * lock.h - the module's mutexes: the OS's, or the application's own
 * CK_C_INITIALIZE_ARGS callbacks (PKCS#11 v2.40 §5.4: with callbacks and
 * without CKF_OS_LOCKING_OK, the library must use the callbacks).
 */
#ifndef SESSION_LOCK_H
#define SESSION_LOCK_H

#include <p11-kit/pkcs11.h>

typedef struct lock lock_t;

/* Checks the C_Initialize arguments and chooses how locks are made:
 * CKR_ARGUMENTS_BAD for pReserved != NULL or a mix of NULL and non-NULL
 * callbacks. */
CK_RV lock_setup(const CK_C_INITIALIZE_ARGS *args);

CK_RV lock_new(lock_t **out);
void lock_free(lock_t *l);
void lock_take(lock_t *l);
void lock_give(lock_t *l);

#endif
