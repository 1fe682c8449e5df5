/* hash.c - the hashes in every vocabulary, as one table. */
#include "session/crypto/hash.h"

#define NO_MECH CK_UNAVAILABLE_INFORMATION

typedef struct hash_row {
	parsec_hash_t hash;
	const char *name;
	const EVP_MD *(*md)(void);
	CK_MECHANISM_TYPE mechs[HASH_MECH_KINDS]; /* by hash_mech_kind_t */
	CK_RSA_PKCS_MGF_TYPE mgf1;
} hash_row_t;

#define NO_MECHS                                                               \
	{                                                                      \
		NO_MECH, NO_MECH, NO_MECH, NO_MECH                             \
	}

/* MD5 is left out on purpose: Parsec refuses it in policies and no
 * mechanism of this module takes it. */
static const hash_row_t hash_rows[] = {
	{PARSEC_HASH_SHA_1,
	 "SHA-1",
	 EVP_sha1,
	 {CKM_SHA_1, CKM_SHA1_RSA_PKCS, CKM_SHA1_RSA_PKCS_PSS, CKM_ECDSA_SHA1},
	 CKG_MGF1_SHA1},
	{PARSEC_HASH_SHA_224,
	 "SHA-224",
	 EVP_sha224,
	 {CKM_SHA224, CKM_SHA224_RSA_PKCS, CKM_SHA224_RSA_PKCS_PSS,
	  CKM_ECDSA_SHA224},
	 CKG_MGF1_SHA224},
	{PARSEC_HASH_SHA_256,
	 "SHA-256",
	 EVP_sha256,
	 {CKM_SHA256, CKM_SHA256_RSA_PKCS, CKM_SHA256_RSA_PKCS_PSS,
	  CKM_ECDSA_SHA256},
	 CKG_MGF1_SHA256},
	{PARSEC_HASH_SHA_384,
	 "SHA-384",
	 EVP_sha384,
	 {CKM_SHA384, CKM_SHA384_RSA_PKCS, CKM_SHA384_RSA_PKCS_PSS,
	  CKM_ECDSA_SHA384},
	 CKG_MGF1_SHA384},
	{PARSEC_HASH_SHA_512,
	 "SHA-512",
	 EVP_sha512,
	 {CKM_SHA512, CKM_SHA512_RSA_PKCS, CKM_SHA512_RSA_PKCS_PSS,
	  CKM_ECDSA_SHA512},
	 CKG_MGF1_SHA512},
	{PARSEC_HASH_SHA_512_224,
	 "SHA-512/224",
	 EVP_sha512_224,
	 {CKM_SHA512_224, NO_MECH, NO_MECH, NO_MECH},
	 0},
	{PARSEC_HASH_SHA_512_256,
	 "SHA-512/256",
	 EVP_sha512_256,
	 {CKM_SHA512_256, NO_MECH, NO_MECH, NO_MECH},
	 0},
	{PARSEC_HASH_SHA3_224, "SHA3-224", EVP_sha3_224, NO_MECHS, 0},
	{PARSEC_HASH_SHA3_256, "SHA3-256", EVP_sha3_256, NO_MECHS, 0},
	{PARSEC_HASH_SHA3_384, "SHA3-384", EVP_sha3_384, NO_MECHS, 0},
	{PARSEC_HASH_SHA3_512, "SHA3-512", EVP_sha3_512, NO_MECHS, 0},
};

#define N_HASH_ROWS (sizeof(hash_rows) / sizeof(hash_rows[0]))

static const hash_row_t *row_of_hash(parsec_hash_t hash)
{
	size_t i;

	for (i = 0; i < N_HASH_ROWS; i++)
		if (hash_rows[i].hash == hash)
			return &hash_rows[i];
	return NULL;
}

parsec_hash_t hash_from_mech(CK_MECHANISM_TYPE mech, hash_mech_kind_t kind)
{
	size_t i;

	if (mech == NO_MECH || (unsigned)kind >= HASH_MECH_KINDS)
		return PARSEC_HASH_NONE;
	for (i = 0; i < N_HASH_ROWS; i++)
		if (hash_rows[i].mechs[kind] == mech)
			return hash_rows[i].hash;
	return PARSEC_HASH_NONE;
}

parsec_hash_t hash_of_mech(CK_MECHANISM_TYPE mech)
{
	parsec_hash_t hash = PARSEC_HASH_NONE;
	unsigned kind;

	for (kind = 0; kind < HASH_MECH_KINDS && hash == PARSEC_HASH_NONE;
	     kind++)
		hash = hash_from_mech(mech, (hash_mech_kind_t)kind);
	return hash;
}

CK_MECHANISM_TYPE hash_mech(parsec_hash_t hash, hash_mech_kind_t kind)
{
	const hash_row_t *row = row_of_hash(hash);

	if (row == NULL || (unsigned)kind >= HASH_MECH_KINDS)
		return NO_MECH;
	return row->mechs[kind];
}

parsec_hash_t hash_from_mgf(CK_RSA_PKCS_MGF_TYPE mgf)
{
	size_t i;

	if (mgf == 0)
		return PARSEC_HASH_NONE;
	for (i = 0; i < N_HASH_ROWS; i++)
		if (hash_rows[i].mgf1 == mgf)
			return hash_rows[i].hash;
	return PARSEC_HASH_NONE;
}

CK_RSA_PKCS_MGF_TYPE hash_mgf(parsec_hash_t hash)
{
	const hash_row_t *row = row_of_hash(hash);

	return row ? row->mgf1 : 0;
}

const EVP_MD *hash_evp_md(parsec_hash_t hash)
{
	const hash_row_t *row = row_of_hash(hash);

	return row ? row->md() : NULL;
}

const char *hash_name(parsec_hash_t hash)
{
	const hash_row_t *row = row_of_hash(hash);

	return row ? row->name : "unknown hash";
}
