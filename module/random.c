/*
 * random.c - random numbers: C_SeedRandom, C_GenerateRandom.
 *
 * Placeholders until the mechanisms issue: the standard checks, then
 * CKR_FUNCTION_NOT_SUPPORTED.
 */
#include "module/module.h"

CK_RV C_SeedRandom(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSeed,
		   CK_ULONG ulSeedLen)
{
	return_not_supported_yet(hSession);
}

CK_RV C_GenerateRandom(CK_SESSION_HANDLE hSession, CK_BYTE_PTR RandomData,
		       CK_ULONG ulRandomLen)
{
	return_not_supported_yet(hSession);
}
