/*
 * module.h - shared by the C_* entry points: argument checks in the
 * style of p11-kit's preconditions.
 */
#ifndef MODULE_MODULE_H
#define MODULE_MODULE_H

#include <p11-kit/pkcs11.h>

#include "session/init.h"

#define return_val_if_fail(x, v)                                               \
	do {                                                                   \
		if (!(x))                                                      \
			return (v);                                            \
	} while (0)

/* Every entry point but C_Initialize and C_GetFunctionList starts here. */
#define return_if_not_initialized()                                            \
	do {                                                                   \
		CK_RV init_rv_ = init_ready();                                 \
		if (init_rv_ != CKR_OK)                                        \
			return init_rv_;                                       \
	} while (0)

/* Functions the module does not offer (dual-function, recovery, wrap,
 * operation state): the standard initialisation and session checks,
 * then CKR_FUNCTION_NOT_SUPPORTED. */
#define return_not_supported(h)                                                \
	do {                                                                   \
		CK_RV check_rv_ = init_check_session(h);                       \
		return check_rv_ != CKR_OK ? check_rv_                         \
					   : CKR_FUNCTION_NOT_SUPPORTED;       \
	} while (0)

/* A template pointer may be NULL only when it is empty. */
#define TEMPLATE_OK(p, n) ((p) != NULL || (n) == 0)

/* The function list, for C_GetFunctionList (general.c). */
extern CK_FUNCTION_LIST module_function_list;

#endif
