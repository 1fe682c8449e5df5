/*
 * key_policy.c - templates -> Parsec policies -> allowed mechanisms.
 *
 * One table of mechanisms: each row says which key type, purpose and
 * Parsec algorithm (family and hash) a mechanism needs. A row's hash is
 * PARSEC_HASH_ANY when the mechanism takes its hash from the input or
 * its parameters (CKM_RSA_PKCS with a DigestInfo, CKM_ECDSA with a raw
 * digest, CKM_RSA_PKCS_PSS, CKM_RSA_PKCS_OAEP): such a mechanism works
 * under any policy of its family, for the hashes the policy covers.
 */
#include "mapping/key_policy.h"

#include <string.h>

typedef struct mech_row {
	CK_MECHANISM_TYPE mech;
	CK_KEY_TYPE key_type;
	key_purpose_t purpose;
	parsec_alg_kind_t kind;
	parsec_hash_t hash;
} mech_row_t;

static const mech_row_t mech_rows[] = {
	{CKM_RSA_PKCS, CKK_RSA, KEY_PURPOSE_SIGN, PARSEC_ALG_RSA_PKCS1V15_SIGN,
	 PARSEC_HASH_ANY},
	{CKM_SHA1_RSA_PKCS, CKK_RSA, KEY_PURPOSE_SIGN,
	 PARSEC_ALG_RSA_PKCS1V15_SIGN, PARSEC_HASH_SHA_1},
	{CKM_SHA224_RSA_PKCS, CKK_RSA, KEY_PURPOSE_SIGN,
	 PARSEC_ALG_RSA_PKCS1V15_SIGN, PARSEC_HASH_SHA_224},
	{CKM_SHA256_RSA_PKCS, CKK_RSA, KEY_PURPOSE_SIGN,
	 PARSEC_ALG_RSA_PKCS1V15_SIGN, PARSEC_HASH_SHA_256},
	{CKM_SHA384_RSA_PKCS, CKK_RSA, KEY_PURPOSE_SIGN,
	 PARSEC_ALG_RSA_PKCS1V15_SIGN, PARSEC_HASH_SHA_384},
	{CKM_SHA512_RSA_PKCS, CKK_RSA, KEY_PURPOSE_SIGN,
	 PARSEC_ALG_RSA_PKCS1V15_SIGN, PARSEC_HASH_SHA_512},
	{CKM_RSA_PKCS_PSS, CKK_RSA, KEY_PURPOSE_SIGN, PARSEC_ALG_RSA_PSS,
	 PARSEC_HASH_ANY},
	{CKM_SHA1_RSA_PKCS_PSS, CKK_RSA, KEY_PURPOSE_SIGN, PARSEC_ALG_RSA_PSS,
	 PARSEC_HASH_SHA_1},
	{CKM_SHA224_RSA_PKCS_PSS, CKK_RSA, KEY_PURPOSE_SIGN, PARSEC_ALG_RSA_PSS,
	 PARSEC_HASH_SHA_224},
	{CKM_SHA256_RSA_PKCS_PSS, CKK_RSA, KEY_PURPOSE_SIGN, PARSEC_ALG_RSA_PSS,
	 PARSEC_HASH_SHA_256},
	{CKM_SHA384_RSA_PKCS_PSS, CKK_RSA, KEY_PURPOSE_SIGN, PARSEC_ALG_RSA_PSS,
	 PARSEC_HASH_SHA_384},
	{CKM_SHA512_RSA_PKCS_PSS, CKK_RSA, KEY_PURPOSE_SIGN, PARSEC_ALG_RSA_PSS,
	 PARSEC_HASH_SHA_512},
	{CKM_RSA_PKCS_OAEP, CKK_RSA, KEY_PURPOSE_DECRYPT, PARSEC_ALG_RSA_OAEP,
	 PARSEC_HASH_ANY},
	{CKM_RSA_PKCS, CKK_RSA, KEY_PURPOSE_DECRYPT,
	 PARSEC_ALG_RSA_PKCS1V15_CRYPT, PARSEC_HASH_NONE},
	{CKM_ECDSA, CKK_EC, KEY_PURPOSE_SIGN, PARSEC_ALG_ECDSA,
	 PARSEC_HASH_ANY},
	{CKM_ECDSA_SHA1, CKK_EC, KEY_PURPOSE_SIGN, PARSEC_ALG_ECDSA,
	 PARSEC_HASH_SHA_1},
	{CKM_ECDSA_SHA224, CKK_EC, KEY_PURPOSE_SIGN, PARSEC_ALG_ECDSA,
	 PARSEC_HASH_SHA_224},
	{CKM_ECDSA_SHA256, CKK_EC, KEY_PURPOSE_SIGN, PARSEC_ALG_ECDSA,
	 PARSEC_HASH_SHA_256},
	{CKM_ECDSA_SHA384, CKK_EC, KEY_PURPOSE_SIGN, PARSEC_ALG_ECDSA,
	 PARSEC_HASH_SHA_384},
	{CKM_ECDSA_SHA512, CKK_EC, KEY_PURPOSE_SIGN, PARSEC_ALG_ECDSA,
	 PARSEC_HASH_SHA_512},
	{CKM_ECDH1_DERIVE, CKK_EC, KEY_PURPOSE_DERIVE, PARSEC_ALG_ECDH,
	 PARSEC_HASH_NONE},
	/* Keys made elsewhere (parsec-tool) may permit raw PKCS#1 v1.5
	 * signatures: CKM_RSA_PKCS then signs any input. Listed after the
	 * hash-specific row, which templates get. */
	{CKM_RSA_PKCS, CKK_RSA, KEY_PURPOSE_SIGN,
	 PARSEC_ALG_RSA_PKCS1V15_SIGN_RAW, PARSEC_HASH_NONE},
	{CKM_AES_GCM, CKK_AES, KEY_PURPOSE_DECRYPT, PARSEC_ALG_AEAD_GCM,
	 PARSEC_HASH_NONE},
};
#define N_MECH_ROWS (sizeof(mech_rows) / sizeof(mech_rows[0]))

/* The default algorithm per key type and purpose (order 2-4 above). */
typedef struct default_row {
	CK_KEY_TYPE key_type;
	key_purpose_t purpose;
	parsec_alg_kind_t kind;
	parsec_hash_t hash;
} default_row_t;

static const default_row_t default_rows[] = {
	{CKK_RSA, KEY_PURPOSE_SIGN, PARSEC_ALG_RSA_PKCS1V15_SIGN,
	 PARSEC_HASH_ANY},
	{CKK_RSA, KEY_PURPOSE_DECRYPT, PARSEC_ALG_RSA_OAEP,
	 PARSEC_HASH_SHA_256},
	{CKK_EC, KEY_PURPOSE_SIGN, PARSEC_ALG_ECDSA, PARSEC_HASH_ANY},
	{CKK_EC, KEY_PURPOSE_DERIVE, PARSEC_ALG_ECDH, PARSEC_HASH_NONE},
	{CKK_AES, KEY_PURPOSE_DECRYPT, PARSEC_ALG_AEAD_GCM, PARSEC_HASH_NONE},
};

/* Families whose policy must name a hash (PSA has no OAEP with any
 * hash), with the hash used when the listed mechanisms leave it open. */
typedef struct family_row {
	parsec_alg_kind_t kind;
	int takes_hash;
	int wildcard_ok;
	parsec_hash_t open_hash;
} family_row_t;

static const family_row_t family_rows[] = {
	{PARSEC_ALG_RSA_PKCS1V15_SIGN, 1, 1, PARSEC_HASH_ANY},
	{PARSEC_ALG_RSA_PSS, 1, 1, PARSEC_HASH_ANY},
	{PARSEC_ALG_ECDSA, 1, 1, PARSEC_HASH_ANY},
	{PARSEC_ALG_RSA_OAEP, 1, 0, PARSEC_HASH_SHA_256},
	{PARSEC_ALG_RSA_PKCS1V15_CRYPT, 0, 0, PARSEC_HASH_NONE},
	{PARSEC_ALG_RSA_PKCS1V15_SIGN_RAW, 0, 0, PARSEC_HASH_NONE},
	{PARSEC_ALG_ECDH, 0, 0, PARSEC_HASH_NONE},
	{PARSEC_ALG_AEAD_GCM, 0, 0, PARSEC_HASH_NONE},
};

/* Usage flags per purpose. */
static const struct {
	key_purpose_t purpose;
	uint32_t usage;
} usage_rows[] = {
	{KEY_PURPOSE_NONE, 0},
	{KEY_PURPOSE_SIGN, PARSEC_USAGE_SIGN_HASH | PARSEC_USAGE_VERIFY_HASH |
				   PARSEC_USAGE_SIGN_MESSAGE |
				   PARSEC_USAGE_VERIFY_MESSAGE},
	{KEY_PURPOSE_DECRYPT, PARSEC_USAGE_ENCRYPT | PARSEC_USAGE_DECRYPT},
	{KEY_PURPOSE_DERIVE, PARSEC_USAGE_DERIVE},
};

static const family_row_t *family(parsec_alg_kind_t kind)
{
	size_t i;

	for (i = 0; i < sizeof(family_rows) / sizeof(family_rows[0]); i++)
		if (family_rows[i].kind == kind)
			return &family_rows[i];
	return NULL;
}

static uint32_t purpose_usage(key_purpose_t purpose)
{
	size_t i;

	for (i = 0; i < sizeof(usage_rows) / sizeof(usage_rows[0]); i++)
		if (usage_rows[i].purpose == purpose)
			return usage_rows[i].usage;
	return 0;
}

static int row_permitted(const mech_row_t *r, const parsec_algorithm_t *alg)
{
	if (r->kind != alg->kind)
		return 0;
	return alg->hash == PARSEC_HASH_ANY || r->hash == PARSEC_HASH_ANY ||
	       r->hash == PARSEC_HASH_NONE || r->hash == alg->hash;
}

static int requested(const key_policy_t *p, CK_MECHANISM_TYPE m)
{
	size_t i;

	for (i = 0; i < p->n_requested; i++)
		if (p->requested[i] == m)
			return 1;
	return 0;
}

void key_policy_update_mechanisms(key_policy_t *p, CK_KEY_TYPE type)
{
	size_t i, j;
	int dup;

	p->n_mechs = 0;
	if (p->purpose == KEY_PURPOSE_NONE)
		return;
	for (i = 0; i < N_MECH_ROWS; i++) {
		const mech_row_t *r = &mech_rows[i];

		if (r->key_type != type || !row_permitted(r, &p->alg))
			continue;
		if (p->n_requested > 0 && !requested(p, r->mech))
			continue;
		for (dup = 0, j = 0; j < p->n_mechs; j++)
			dup |= p->mechs[j] == r->mech;
		if (!dup && p->n_mechs < KEY_POLICY_MAX_MECHS)
			p->mechs[p->n_mechs++] = r->mech;
	}
}

static CK_BBOOL template_bool(const CK_ATTRIBUTE *tmpl, CK_ULONG count,
			      CK_ATTRIBUTE_TYPE type, int *given)
{
	const CK_ATTRIBUTE *a = attr_template_find(tmpl, count, type);

	if (a == NULL || a->pValue == NULL || a->ulValueLen != sizeof(CK_BBOOL))
		return CK_FALSE;
	*given = 1;
	return *(const CK_BBOOL *)a->pValue ? CK_TRUE : CK_FALSE;
}

/* The purpose the usage attributes of the template ask for. */
static key_purpose_t template_purpose(CK_KEY_TYPE type,
				      const CK_ATTRIBUTE *tmpl, CK_ULONG count)
{
	int given = 0;
	CK_BBOOL sign = template_bool(tmpl, count, CKA_SIGN, &given);
	CK_BBOOL decrypt = template_bool(tmpl, count, CKA_DECRYPT, &given);
	CK_BBOOL derive = template_bool(tmpl, count, CKA_DERIVE, &given);

	/* An AES key encrypts and decrypts (AES-GCM), whatever is asked. */
	if (type == CKK_AES)
		return KEY_PURPOSE_DECRYPT;
	if (sign)
		return KEY_PURPOSE_SIGN;
	if (decrypt && type == CKK_RSA)
		return KEY_PURPOSE_DECRYPT;
	if (derive && type == CKK_EC)
		return KEY_PURPOSE_DERIVE;
	return given ? KEY_PURPOSE_NONE : KEY_PURPOSE_SIGN;
}

static const mech_row_t *find_row(CK_MECHANISM_TYPE m, CK_KEY_TYPE type,
				  key_purpose_t prefer)
{
	const mech_row_t *first = NULL;
	size_t i;

	for (i = 0; i < N_MECH_ROWS; i++) {
		if (mech_rows[i].mech != m || mech_rows[i].key_type != type)
			continue;
		if (mech_rows[i].purpose == prefer)
			return &mech_rows[i];
		if (first == NULL)
			first = &mech_rows[i];
	}
	return first;
}

static const mech_row_t *find_kind_row(CK_MECHANISM_TYPE m, CK_KEY_TYPE type,
				       parsec_alg_kind_t kind)
{
	size_t i;

	for (i = 0; i < N_MECH_ROWS; i++)
		if (mech_rows[i].mech == m && mech_rows[i].key_type == type &&
		    mech_rows[i].kind == kind)
			return &mech_rows[i];
	return NULL;
}

static CK_RV choose_from_mechanisms(CK_KEY_TYPE type, const CK_ATTRIBUTE *a,
				    key_purpose_t wanted, key_policy_t *out)
{
	CK_MECHANISM_TYPE list[KEY_POLICY_MAX_MECHS];
	size_t n = a->ulValueLen / sizeof(CK_MECHANISM_TYPE);
	const mech_row_t *first = NULL, *r;
	const family_row_t *fam;
	parsec_hash_t hash = PARSEC_HASH_NONE;
	int mixed = 0;
	size_t i;

	if (n == 0 || n > KEY_POLICY_MAX_MECHS)
		return n == 0 ? CKR_TEMPLATE_INCONSISTENT
			      : CKR_ATTRIBUTE_VALUE_INVALID;
	/* The caller's array need not be aligned. */
	memcpy(list, a->pValue, n * sizeof(list[0]));
	for (i = 0; i < n && first == NULL; i++)
		first = find_row(list[i], type, wanted);
	if (first == NULL)
		return CKR_TEMPLATE_INCONSISTENT;
	for (i = 0; i < n; i++) {
		r = find_kind_row(list[i], type, first->kind);
		if (r == NULL)
			return CKR_TEMPLATE_INCONSISTENT;
		if (r->hash == PARSEC_HASH_ANY || r->hash == PARSEC_HASH_NONE)
			mixed = 1;
		else if (hash == PARSEC_HASH_NONE)
			hash = r->hash;
		else if (hash != r->hash)
			mixed = 1;
		out->requested[i] = list[i];
	}
	out->n_requested = n;
	fam = family(first->kind);
	out->alg.kind = first->kind;
	if (!fam->takes_hash)
		out->alg.hash = PARSEC_HASH_NONE;
	else if (mixed || hash == PARSEC_HASH_NONE)
		out->alg.hash = fam->open_hash;
	else
		out->alg.hash = hash;
	/* SHA-1 policies are refused as deprecated (PARSEC-FACTS.md), while
	 * a wildcard policy signs SHA-1 digests. */
	if (out->alg.hash == PARSEC_HASH_SHA_1 && fam->wildcard_ok)
		out->alg.hash = PARSEC_HASH_ANY;
	out->purpose = first->purpose;
	return CKR_OK;
}

/* True when the template gives the usage attribute of a purpose as
 * FALSE. */
static int purpose_refused(const CK_ATTRIBUTE *tmpl, CK_ULONG count,
			   key_purpose_t purpose)
{
	static const struct {
		key_purpose_t purpose;
		CK_ATTRIBUTE_TYPE type;
	} rows[] = {
		{KEY_PURPOSE_SIGN, CKA_SIGN},
		{KEY_PURPOSE_DECRYPT, CKA_DECRYPT},
		{KEY_PURPOSE_DERIVE, CKA_DERIVE},
	};
	int given = 0;
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (rows[i].purpose == purpose)
			return !template_bool(tmpl, count, rows[i].type,
					      &given) &&
			       given;
	return 0;
}

CK_RV key_policy_choose(CK_KEY_TYPE type, const CK_ATTRIBUTE *tmpl,
			CK_ULONG count, key_policy_t *out)
{
	const CK_ATTRIBUTE *allowed;
	key_purpose_t wanted = template_purpose(type, tmpl, count);
	int given = 0;
	size_t i;
	CK_RV rv;

	memset(out, 0, sizeof(*out));
	allowed = attr_template_find(tmpl, count, CKA_ALLOWED_MECHANISMS);
	if (allowed != NULL && allowed->pValue != NULL) {
		rv = choose_from_mechanisms(type, allowed, wanted, out);
		/* The list may pick a purpose the template did not ask for,
		 * never one it refused: CKA_SIGN FALSE with a signature
		 * mechanism would make a key that signs (AES keys serve
		 * both directions whatever is asked, see above). */
		if (rv == CKR_OK && type != CKK_AES &&
		    purpose_refused(tmpl, count, out->purpose))
			rv = CKR_TEMPLATE_INCONSISTENT;
		if (rv != CKR_OK)
			return rv;
	} else {
		out->purpose = wanted;
		for (i = 0; i < sizeof(default_rows) / sizeof(default_rows[0]);
		     i++)
			if (default_rows[i].key_type == type &&
			    default_rows[i].purpose ==
				    (wanted == KEY_PURPOSE_NONE
					     ? KEY_PURPOSE_SIGN
					     : wanted)) {
				out->alg.kind = default_rows[i].kind;
				out->alg.hash = default_rows[i].hash;
			}
		if (out->alg.kind == PARSEC_ALG_NONE)
			return CKR_TEMPLATE_INCONSISTENT;
	}
	out->usage = purpose_usage(out->purpose);
	if (template_bool(tmpl, count, CKA_EXTRACTABLE, &given))
		out->usage |= PARSEC_USAGE_EXPORT;
	key_policy_update_mechanisms(out, type);
	return CKR_OK;
}

void key_policy_from_parsec(CK_KEY_TYPE type,
			    const parsec_key_attributes_t *attrs,
			    key_policy_t *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	out->alg = attrs->alg;
	out->usage = attrs->usage;
	for (i = 0; i < N_MECH_ROWS; i++)
		if (mech_rows[i].key_type == type &&
		    mech_rows[i].kind == attrs->alg.kind)
			out->purpose = mech_rows[i].purpose;
	/* A policy without the usage of its algorithm's purpose permits
	 * nothing through this module. */
	if ((out->usage & purpose_usage(out->purpose) &
	     (PARSEC_USAGE_SIGN_HASH | PARSEC_USAGE_DECRYPT |
	      PARSEC_USAGE_DERIVE)) == 0)
		out->purpose = KEY_PURPOSE_NONE;
	key_policy_update_mechanisms(out, type);
}

int key_policy_is_wildcard(const key_policy_t *p)
{
	return p->alg.hash == PARSEC_HASH_ANY;
}

void key_policy_use_specific_hash(key_policy_t *p, CK_KEY_TYPE type,
				  uint32_t bits)
{
	const mech_row_t *r;
	size_t i;

	if (p->alg.hash != PARSEC_HASH_ANY)
		return;
	if (type == CKK_EC && bits > 384)
		p->alg.hash = PARSEC_HASH_SHA_512;
	else if (type == CKK_EC && bits > 256)
		p->alg.hash = PARSEC_HASH_SHA_384;
	else
		p->alg.hash = PARSEC_HASH_SHA_256;
	key_policy_update_mechanisms(p, type);
	/* The key's hash may be none of those the template allows
	 * (CKM_SHA384_RSA_PKCS and CKM_SHA512_RSA_PKCS on an RSA key): the
	 * first it names then, but never SHA-1, whose policies are refused
	 * as deprecated. */
	for (i = 0; p->n_mechs == 0 && i < p->n_requested; i++) {
		r = find_kind_row(p->requested[i], type, p->alg.kind);
		if (r == NULL || r->hash == PARSEC_HASH_ANY ||
		    r->hash == PARSEC_HASH_NONE || r->hash == PARSEC_HASH_SHA_1)
			continue;
		p->alg.hash = r->hash;
		key_policy_update_mechanisms(p, type);
	}
}

/* CKA_ALLOWED_MECHANISMS and CKA_PARSEC_POLICY of an object. */
static CK_RV set_policy(const key_policy_t *p, attr_list_t *l)
{
	CK_RV rv = attr_list_set(l, CKA_ALLOWED_MECHANISMS, p->mechs,
				 p->n_mechs * sizeof(CK_MECHANISM_TYPE));

	if (rv == CKR_OK)
		rv = attr_list_set_ulong(l, CKA_PARSEC_POLICY,
					 key_policy_encode(&p->alg));
	return rv;
}

CK_RV key_policy_set_attributes(const key_policy_t *p, attr_list_t *priv,
				attr_list_t *pub)
{
	CK_BBOOL sign = p->purpose == KEY_PURPOSE_SIGN;
	CK_BBOOL decrypt = p->purpose == KEY_PURPOSE_DECRYPT;
	CK_BBOOL derive = p->purpose == KEY_PURPOSE_DERIVE;
	const struct {
		attr_list_t *l;
		CK_ATTRIBUTE_TYPE type;
		CK_BBOOL v;
	} rows[] = {
		{priv, CKA_SIGN, sign},
		{priv, CKA_DECRYPT, decrypt},
		{priv, CKA_DERIVE, derive},
		{priv, CKA_UNWRAP, CK_FALSE},
		{priv, CKA_SIGN_RECOVER, CK_FALSE},
		{pub, CKA_VERIFY, sign},
		{pub, CKA_ENCRYPT, decrypt},
		{pub, CKA_DERIVE, CK_FALSE},
		{pub, CKA_WRAP, CK_FALSE},
		{pub, CKA_VERIFY_RECOVER, CK_FALSE},
	};
	size_t i;
	CK_RV rv = CKR_OK;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]) && rv == CKR_OK; i++)
		if (rows[i].l != NULL)
			rv = attr_list_set_bool(rows[i].l, rows[i].type,
						rows[i].v);
	if (rv == CKR_OK && priv != NULL)
		rv = set_policy(p, priv);
	if (rv == CKR_OK && pub != NULL)
		rv = set_policy(p, pub);
	return rv;
}

CK_RV key_policy_set_secret_attributes(const key_policy_t *p, attr_list_t *l)
{
	CK_BBOOL crypt = p->purpose == KEY_PURPOSE_DECRYPT;
	const struct {
		CK_ATTRIBUTE_TYPE type;
		CK_BBOOL v;
	} rows[] = {
		{CKA_ENCRYPT, crypt},	{CKA_DECRYPT, crypt},
		{CKA_SIGN, CK_FALSE},	{CKA_VERIFY, CK_FALSE},
		{CKA_WRAP, CK_FALSE},	{CKA_UNWRAP, CK_FALSE},
		{CKA_DERIVE, CK_FALSE},
	};
	size_t i;
	CK_RV rv = CKR_OK;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]) && rv == CKR_OK; i++)
		rv = attr_list_set_bool(l, rows[i].type, rows[i].v);
	return rv == CKR_OK ? set_policy(p, l) : rv;
}

CK_ULONG key_policy_encode(const parsec_algorithm_t *alg)
{
	return (CK_ULONG)alg->kind | (CK_ULONG)alg->hash << 8 |
	       (CK_ULONG)alg->tag_length << 20;
}

void key_policy_decode(CK_ULONG v, parsec_algorithm_t *alg)
{
	alg->kind = (parsec_alg_kind_t)(v & 0xff);
	alg->hash = (parsec_hash_t)((v >> 8) & 0xfff);
	alg->tag_length = (uint32_t)((v >> 20) & 0xff);
}

int key_policy_mechanism(CK_MECHANISM_TYPE m, CK_KEY_TYPE type,
			 key_purpose_t purpose, parsec_alg_kind_t *kind,
			 parsec_hash_t *hash)
{
	size_t i;

	for (i = 0; i < N_MECH_ROWS; i++)
		if (mech_rows[i].mech == m && mech_rows[i].key_type == type &&
		    mech_rows[i].purpose == purpose) {
			*kind = mech_rows[i].kind;
			*hash = mech_rows[i].hash;
			return 1;
		}
	return 0;
}

int key_policy_permits(const parsec_algorithm_t *policy,
		       const parsec_algorithm_t *alg)
{
	const family_row_t *fam = family(policy->kind);

	if (policy->kind != alg->kind || alg->hash == PARSEC_HASH_ANY)
		return 0;
	/* PSA: a wildcard hash permits every specific hash of its
	 * family. */
	if (fam != NULL && fam->wildcard_ok && policy->hash == PARSEC_HASH_ANY)
		return 1;
	return policy->hash == alg->hash &&
	       policy->tag_length == alg->tag_length;
}

/* The policy of a row written before CKA_PARSEC_POLICY existed, from the
 * mechanisms it reports: the family of the first, and the hash its
 * hash-specific mechanisms share (several: any hash; none: the family's
 * open hash). */
static int infer_policy(const attr_list_t *attrs, CK_KEY_TYPE type,
			parsec_algorithm_t *alg)
{
	const attr_t *a = attr_list_get(attrs, CKA_ALLOWED_MECHANISMS);
	key_purpose_t purpose =
		attr_list_get_bool(attrs, CKA_DECRYPT, CK_FALSE) ||
				attr_list_get_bool(attrs, CKA_ENCRYPT, CK_FALSE)
			? KEY_PURPOSE_DECRYPT
			: KEY_PURPOSE_SIGN;
	const mech_row_t *first = NULL, *r;
	const CK_MECHANISM_TYPE *list;
	size_t n, i;

	if (a == NULL || a->len < sizeof(CK_MECHANISM_TYPE))
		return 0;
	list = (const CK_MECHANISM_TYPE *)a->value;
	n = a->len / sizeof(CK_MECHANISM_TYPE);
	for (i = 0; i < n && first == NULL; i++)
		first = find_row(list[i], type, purpose);
	if (first == NULL)
		return 0;
	memset(alg, 0, sizeof(*alg));
	alg->kind = first->kind;
	alg->hash = PARSEC_HASH_NONE;
	for (i = 0; i < n; i++) {
		r = find_kind_row(list[i], type, first->kind);
		if (r == NULL || r->hash == PARSEC_HASH_ANY ||
		    r->hash == PARSEC_HASH_NONE)
			continue;
		alg->hash =
			alg->hash == PARSEC_HASH_NONE || alg->hash == r->hash
				? r->hash
				: PARSEC_HASH_ANY;
	}
	if (alg->hash == PARSEC_HASH_NONE && family(alg->kind) != NULL)
		alg->hash = family(alg->kind)->open_hash;
	return 1;
}

int key_policy_of_attributes(const attr_list_t *attrs, CK_KEY_TYPE type,
			     parsec_algorithm_t *alg)
{
	const attr_t *a = attr_list_get(attrs, CKA_PARSEC_POLICY);

	if (a != NULL && a->len == sizeof(CK_ULONG)) {
		key_policy_decode(*(const CK_ULONG *)a->value, alg);
		return 1;
	}
	return infer_policy(attrs, type, alg);
}

void key_policy_parsec_attributes(const key_policy_t *p,
				  parsec_key_attributes_t *attrs)
{
	attrs->usage = p->usage;
	attrs->alg = p->alg;
	attrs->alg.tag_length = 0;
}
