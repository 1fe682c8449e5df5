/*
 * random.h - C_SeedRandom, C_GenerateRandom.
 *
 * Random bytes come from the slot's provider, PsaGenerateRandom, in
 * requests of at most RANDOM_CHUNK bytes (the service answers 10,
 * ResponseTooLarge, beyond its 1 MiB buffer): n bytes cost
 * ceil(n / RANDOM_CHUNK) requests, 0 bytes none. A provider without it
 * (or refusing it) has no RNG: CKR_RANDOM_NO_RNG, and its token lacks
 * CKF_RNG. Parsec takes no seed: C_SeedRandom is
 * CKR_RANDOM_SEED_NOT_SUPPORTED.
 */
#ifndef SESSION_RANDOM_H
#define SESSION_RANDOM_H

#include <p11-kit/pkcs11.h>

#include "parsec/parsec.h"

/* Under the service's limit, with room for the answer's framing. */
#define RANDOM_CHUNK (PARSEC_BODY_LIMIT - 1024u)

CK_RV random_seed(CK_SESSION_HANDLE h, const CK_BYTE *seed, CK_ULONG len);
CK_RV random_generate(CK_SESSION_HANDLE h, CK_BYTE *out, CK_ULONG len);

#endif
