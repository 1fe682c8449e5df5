/* ecdsa_input.c - CKM_ECDSA input lengths and hash-specific policies. */
#include "session/crypto/ecdsa_input.h"

#include <string.h>

static const parsec_hash_t length_hashes[] = {
	PARSEC_HASH_SHA_1,   PARSEC_HASH_SHA_224, PARSEC_HASH_SHA_256,
	PARSEC_HASH_SHA_384, PARSEC_HASH_SHA_512,
};

parsec_hash_t ecdsa_input_hash(size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(length_hashes) / sizeof(length_hashes[0]); i++)
		if (parsec_hash_size(length_hashes[i]) == len)
			return length_hashes[i];
	return PARSEC_HASH_NONE;
}

CK_RV ecdsa_input_fit(const uint8_t *in, size_t len, uint32_t order_bits,
		      size_t hash_len, uint8_t *out)
{
	size_t hash_bits = 8 * hash_len;

	if ((in == NULL && len != 0) || out == NULL || hash_len == 0)
		return CKR_ARGUMENTS_BAD;
	if (len > hash_len && hash_bits >= order_bits) {
		memcpy(out, in, hash_len);
		return CKR_OK;
	}
	if (len <= hash_len && (len == hash_len || hash_bits <= order_bits)) {
		memset(out, 0, hash_len - len);
		if (len != 0)
			memcpy(out + hash_len - len, in, len);
		return CKR_OK;
	}
	return CKR_DATA_LEN_RANGE;
}
