/* digest_info.c - DigestInfo ::= SEQUENCE { AlgorithmIdentifier, OCTET
 * STRING } for the hashes of one table. */
#include "session/crypto/digest_info.h"

#include <string.h>

#include "mapping/der.h"
#include "mapping/output.h"

/* 2.16.840.1.101.3.4.2: NIST hash algorithms (RFC 8017 appendix B.1). */
#define NIST_HASH_ARC 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02

/* The OBJECT IDENTIFIER content of each hash. */
typedef struct digest_info_row {
	parsec_hash_t hash;
	uint8_t oid_len;
	uint8_t oid[9];
} digest_info_row_t;

static const digest_info_row_t digest_info_rows[] = {
	/* 1.3.14.3.2.26 */
	{PARSEC_HASH_SHA_1, 5, {0x2b, 0x0e, 0x03, 0x02, 0x1a}},
	{PARSEC_HASH_SHA_224, 9, {NIST_HASH_ARC, 0x04}},
	{PARSEC_HASH_SHA_256, 9, {NIST_HASH_ARC, 0x01}},
	{PARSEC_HASH_SHA_384, 9, {NIST_HASH_ARC, 0x02}},
	{PARSEC_HASH_SHA_512, 9, {NIST_HASH_ARC, 0x03}},
	{PARSEC_HASH_SHA_512_224, 9, {NIST_HASH_ARC, 0x05}},
	{PARSEC_HASH_SHA_512_256, 9, {NIST_HASH_ARC, 0x06}},
	{PARSEC_HASH_SHA3_224, 9, {NIST_HASH_ARC, 0x07}},
	{PARSEC_HASH_SHA3_256, 9, {NIST_HASH_ARC, 0x08}},
	{PARSEC_HASH_SHA3_384, 9, {NIST_HASH_ARC, 0x09}},
	{PARSEC_HASH_SHA3_512, 9, {NIST_HASH_ARC, 0x0a}},
};

#define N_DIGEST_INFO_ROWS                                                     \
	(sizeof(digest_info_rows) / sizeof(digest_info_rows[0]))

static const digest_info_row_t *row_of_hash(parsec_hash_t hash)
{
	size_t i;

	for (i = 0; i < N_DIGEST_INFO_ROWS; i++)
		if (digest_info_rows[i].hash == hash)
			return &digest_info_rows[i];
	return NULL;
}

static const digest_info_row_t *row_of_oid(const der_reader_t *oid)
{
	const digest_info_row_t *row;
	size_t i;

	for (i = 0; i < N_DIGEST_INFO_ROWS; i++) {
		row = &digest_info_rows[i];
		if (row->oid_len == oid->left &&
		    memcmp(row->oid, oid->p, oid->left) == 0)
			return row;
	}
	return NULL;
}

/* AlgorithmIdentifier: the OID, then NULL parameters or none. */
static const digest_info_row_t *read_algorithm(der_reader_t *alg)
{
	der_reader_t oid, null;

	if (!der_read(alg, DER_OID, &oid))
		return NULL;
	if (!der_at_end(alg) &&
	    (!der_read(alg, DER_NULL, &null) || !der_at_end(&null)))
		return NULL;
	if (!der_at_end(alg))
		return NULL;
	return row_of_oid(&oid);
}

int digest_info_parse(const uint8_t *in, size_t len, parsec_hash_t *hash,
		      const uint8_t **digest, size_t *digest_len)
{
	der_reader_t r = {in, len}, info, alg, octets;
	const digest_info_row_t *row;

	if (in == NULL)
		return 0;
	if (!der_read(&r, DER_SEQUENCE, &info) || !der_at_end(&r))
		return 0;
	if (!der_read(&info, DER_SEQUENCE, &alg))
		return 0;
	row = read_algorithm(&alg);
	if (row == NULL)
		return 0;
	if (!der_read(&info, DER_OCTET_STRING, &octets) || !der_at_end(&info))
		return 0;
	if (octets.left != parsec_hash_size(row->hash))
		return 0;
	*hash = row->hash;
	*digest = octets.p;
	*digest_len = octets.left;
	return 1;
}

/* Every length below is under 128: one-byte DER lengths throughout. */
static size_t algorithm_len(const digest_info_row_t *row)
{
	return 2 + (2 + row->oid_len) + 2;
}

size_t digest_info_len(parsec_hash_t hash)
{
	const digest_info_row_t *row = row_of_hash(hash);

	if (row == NULL)
		return 0;
	return 2 + algorithm_len(row) + 2 + parsec_hash_size(hash);
}

CK_RV digest_info_wrap(parsec_hash_t hash, const uint8_t *digest,
		       size_t digest_len, uint8_t *out, size_t *out_len)
{
	const digest_info_row_t *row = row_of_hash(hash);
	size_t total = digest_info_len(hash);
	uint8_t *p = out;
	CK_RV rv;

	if (row == NULL)
		return CKR_MECHANISM_INVALID;
	if (digest == NULL)
		return CKR_ARGUMENTS_BAD;
	if (digest_len != parsec_hash_size(hash))
		return CKR_DATA_LEN_RANGE;
	if (!output_ready(out, out_len, total, &rv))
		return rv;
	p += der_put_header(p, DER_SEQUENCE, total - 2);
	p += der_put_header(p, DER_SEQUENCE, algorithm_len(row) - 2);
	p += der_put_header(p, DER_OID, row->oid_len);
	memcpy(p, row->oid, row->oid_len);
	p += row->oid_len;
	p += der_put_header(p, DER_NULL, 0);
	p += der_put_header(p, DER_OCTET_STRING, digest_len);
	memcpy(p, digest, digest_len);
	*out_len = total;
	return CKR_OK;
}
