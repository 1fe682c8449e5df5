/* psa_hash.c - digest sizes of the PSA hash algorithms. */
#include "parsec/parsec.h"

/* Indexed by parsec_hash_t, whose values are psa_algorithm.Hash's. */
static const unsigned char hash_sizes[] = {
	[PARSEC_HASH_MD2] = 16,		[PARSEC_HASH_MD4] = 16,
	[PARSEC_HASH_MD5] = 16,		[PARSEC_HASH_RIPEMD160] = 20,
	[PARSEC_HASH_SHA_1] = 20,	[PARSEC_HASH_SHA_224] = 28,
	[PARSEC_HASH_SHA_256] = 32,	[PARSEC_HASH_SHA_384] = 48,
	[PARSEC_HASH_SHA_512] = 64,	[PARSEC_HASH_SHA_512_224] = 28,
	[PARSEC_HASH_SHA_512_256] = 32, [PARSEC_HASH_SHA3_224] = 28,
	[PARSEC_HASH_SHA3_256] = 32,	[PARSEC_HASH_SHA3_384] = 48,
	[PARSEC_HASH_SHA3_512] = 64,
};

size_t parsec_hash_size(parsec_hash_t hash)
{
	if ((unsigned)hash >= sizeof(hash_sizes))
		return 0;
	return hash_sizes[hash];
}
