/*
 * random.c - random numbers: C_SeedRandom, C_GenerateRandom.
 */
#include "session/random.h"
#include "module/module.h"

CK_RV C_SeedRandom(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSeed,
		   CK_ULONG ulSeedLen)
{
	return_if_not_initialized();
	return random_seed(hSession, pSeed, ulSeedLen);
}

CK_RV C_GenerateRandom(CK_SESSION_HANDLE hSession, CK_BYTE_PTR RandomData,
		       CK_ULONG ulRandomLen)
{
	return_if_not_initialized();
	return random_generate(hSession, RandomData, ulRandomLen);
}
