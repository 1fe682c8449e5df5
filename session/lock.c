/*
 * lock.c - OS mutexes or the application's callbacks.
 *
 * The choice is made once per C_Initialize and read by lock_new(); a
 * lock remembers how it was made so a later C_Initialize with other
 * arguments cannot mix them up.
 */
#include "session/lock.h"

#include <pthread.h>
#include <stdlib.h>

struct lock {
	pthread_mutex_t os;
	void *app; /* the application's mutex, when it gave callbacks */
	CK_UNLOCKMUTEX unlock_fn;
	CK_LOCKMUTEX lock_fn;
	CK_DESTROYMUTEX destroy_fn;
};

static CK_C_INITIALIZE_ARGS app_locking; /* callbacks in use, or NULLs */

CK_RV lock_setup(const CK_C_INITIALIZE_ARGS *args)
{
	int given;

	app_locking.CreateMutex = NULL;
	app_locking.DestroyMutex = NULL;
	app_locking.LockMutex = NULL;
	app_locking.UnlockMutex = NULL;
	if (args == NULL)
		return CKR_OK;
	if (args->pReserved != NULL)
		return CKR_ARGUMENTS_BAD;
	given = (args->CreateMutex != NULL) + (args->DestroyMutex != NULL) +
		(args->LockMutex != NULL) + (args->UnlockMutex != NULL);
	if (given != 0 && given != 4)
		return CKR_ARGUMENTS_BAD;
	/* With CKF_OS_LOCKING_OK the library may use either; OS locks
	 * then. Without it, the callbacks are the only locks allowed. */
	if (given == 4 && !(args->flags & CKF_OS_LOCKING_OK))
		app_locking = *args;
	return CKR_OK;
}

CK_RV lock_new(lock_t **out)
{
	lock_t *l = calloc(1, sizeof(*l));
	CK_RV rv;

	if (l == NULL)
		return CKR_HOST_MEMORY;
	if (app_locking.CreateMutex != NULL) {
		rv = app_locking.CreateMutex(&l->app);
		if (rv != CKR_OK) {
			free(l);
			return rv;
		}
		l->lock_fn = app_locking.LockMutex;
		l->unlock_fn = app_locking.UnlockMutex;
		l->destroy_fn = app_locking.DestroyMutex;
	} else if (pthread_mutex_init(&l->os, NULL) != 0) {
		free(l);
		return CKR_CANT_LOCK;
	}
	*out = l;
	return CKR_OK;
}

void lock_free(lock_t *l)
{
	if (l == NULL)
		return;
	if (l->destroy_fn != NULL)
		l->destroy_fn(l->app);
	else
		pthread_mutex_destroy(&l->os);
	free(l);
}

void lock_take(lock_t *l)
{
	if (l->lock_fn != NULL)
		l->lock_fn(l->app);
	else
		pthread_mutex_lock(&l->os);
}

void lock_give(lock_t *l)
{
	if (l->unlock_fn != NULL)
		l->unlock_fn(l->app);
	else
		pthread_mutex_unlock(&l->os);
}
