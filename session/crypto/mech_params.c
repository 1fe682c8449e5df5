/* mech_params.c - CK_MECHANISM parameters against what PSA can do. */
#include "session/crypto/mech_params.h"

#include "mapping/ec_point.h"
#include "session/crypto/hash.h"

/* The one way out for bad parameters: the caller only gets the code, so
 * the reason is logged here. */
static CK_RV param_invalid(const CK_MECHANISM *mech, const char *why)
{
	parsec_log(PARSEC_LOG_DEBUG, "mechanism 0x%lx: %s", mech->mechanism,
		   why);
	return CKR_MECHANISM_PARAM_INVALID;
}

/* The parameter structure of size bytes, or NULL with *rv set. */
static const void *param_struct(const CK_MECHANISM *mech, size_t size,
				CK_RV *rv)
{
	if (mech == NULL) {
		*rv = CKR_ARGUMENTS_BAD;
		return NULL;
	}
	if (mech->pParameter == NULL) {
		*rv = param_invalid(mech, "parameter missing");
		return NULL;
	}
	if (mech->ulParameterLen != size) {
		*rv = param_invalid(mech, "parameter of the wrong size");
		return NULL;
	}
	return mech->pParameter;
}

CK_RV mech_params_none(const CK_MECHANISM *mech)
{
	if (mech == NULL)
		return CKR_ARGUMENTS_BAD;
	if (mech->pParameter != NULL || mech->ulParameterLen != 0)
		return param_invalid(mech, "takes no parameter");
	return CKR_OK;
}

/* hashAlg and mgf of the PSS and OAEP parameters: a hash that has an
 * MGF1 (SHA-1..SHA-512), and MGF1 with that very hash. */
static CK_RV hash_and_mgf(const CK_MECHANISM *mech, CK_MECHANISM_TYPE alg,
			  CK_RSA_PKCS_MGF_TYPE mgf, parsec_hash_t *hash)
{
	parsec_hash_t h = hash_from_mech(alg, HASH_MECH_DIGEST);

	if (hash_mgf(h) == 0)
		return param_invalid(mech, "hashAlg not SHA-1..SHA-512");
	if (hash_from_mgf(mgf) != h)
		return param_invalid(mech, "mgf is not MGF1 of hashAlg");
	*hash = h;
	return CKR_OK;
}

CK_RV mech_params_rsa_pss(const CK_MECHANISM *mech, mech_pss_salt_t salt,
			  mech_pss_t *out)
{
	const CK_RSA_PKCS_PSS_PARAMS *p;
	parsec_hash_t mech_hash, hash;
	CK_RV rv;

	if (mech == NULL)
		return CKR_ARGUMENTS_BAD;
	mech_hash = hash_from_mech(mech->mechanism, HASH_MECH_RSA_PSS);
	if (mech->mechanism != CKM_RSA_PKCS_PSS &&
	    mech_hash == PARSEC_HASH_NONE)
		return CKR_MECHANISM_INVALID;
	p = param_struct(mech, sizeof(*p), &rv);
	if (p == NULL)
		return rv;
	rv = hash_and_mgf(mech, p->hashAlg, p->mgf, &hash);
	if (rv != CKR_OK)
		return rv;
	if (mech_hash != PARSEC_HASH_NONE && hash != mech_hash)
		return param_invalid(mech, "hashAlg is not the mechanism's");
	if (salt == MECH_PSS_SALT_HASH_LEN && p->sLen != parsec_hash_size(hash))
		return param_invalid(mech, "sLen is not the hash length");
	out->hash = hash;
	out->salt_len = p->sLen;
	return CKR_OK;
}

CK_RV mech_params_rsa_oaep(const CK_MECHANISM *mech, mech_oaep_t *out)
{
	const CK_RSA_PKCS_OAEP_PARAMS *p;
	parsec_hash_t hash;
	CK_RV rv;

	p = param_struct(mech, sizeof(*p), &rv);
	if (p == NULL)
		return rv;
	rv = hash_and_mgf(mech, p->hashAlg, p->mgf, &hash);
	if (rv != CKR_OK)
		return rv;
	if (p->source != CKZ_DATA_SPECIFIED && p->source != 0)
		return param_invalid(mech, "source not CKZ_DATA_SPECIFIED");
	if (p->source == 0 &&
	    (p->pSourceData != NULL || p->ulSourceDataLen != 0))
		return param_invalid(mech, "label without a source");
	if (p->pSourceData == NULL && p->ulSourceDataLen != 0)
		return param_invalid(mech, "label length without a label");
	out->hash = hash;
	out->label = p->ulSourceDataLen ? p->pSourceData : NULL;
	out->label_len = p->ulSourceDataLen;
	return CKR_OK;
}

static int gcm_tag_bits_allowed(CK_ULONG bits)
{
	static const CK_ULONG allowed[] = {32, 64, 96, 104, 112, 120, 128};
	size_t i;

	for (i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
		if (allowed[i] == bits)
			return 1;
	return 0;
}

CK_RV mech_params_gcm(const CK_MECHANISM *mech, mech_gcm_t *out)
{
	const CK_GCM_PARAMS *p;
	CK_RV rv;

	p = param_struct(mech, sizeof(*p), &rv);
	if (p == NULL)
		return rv;
	if (p->pIv == NULL || p->ulIvLen == 0 || p->ulIvLen > MECH_GCM_IV_MAX)
		return param_invalid(mech, "IV not 1..256 bytes");
	/* v2.40 curr, CK_GCM_PARAMS: ulIvLen gives the IV length, not
	 * ulIvBits, which many callers leave 0. */
	if (p->ulIvBits != 0 && p->ulIvBits != 8 * p->ulIvLen)
		return param_invalid(mech, "ulIvBits disagrees with ulIvLen");
	if (p->pAAD == NULL && p->ulAADLen != 0)
		return param_invalid(mech, "AAD length without AAD");
	if (!gcm_tag_bits_allowed(p->ulTagBits))
		return param_invalid(mech, "ulTagBits not a GCM tag length");
	out->iv = p->pIv;
	out->iv_len = p->ulIvLen;
	out->aad = p->ulAADLen ? p->pAAD : NULL;
	out->aad_len = p->ulAADLen;
	out->tag_len = p->ulTagBits / 8;
	return CKR_OK;
}

CK_RV mech_params_ecdh1(const CK_MECHANISM *mech, uint32_t curve_bits,
			mech_ecdh_t *out)
{
	const CK_ECDH1_DERIVE_PARAMS *p;
	CK_RV rv;

	p = param_struct(mech, sizeof(*p), &rv);
	if (p == NULL)
		return rv;
	if (p->kdf != CKD_NULL)
		return param_invalid(mech, "kdf other than CKD_NULL");
	/* CKD_NULL: pSharedData must be NULL and ulSharedDataLen zero. */
	if (p->pSharedData != NULL || p->ulSharedDataLen != 0)
		return param_invalid(mech, "shared data with CKD_NULL");
	if (!ec_point_raw(p->pPublicData, p->ulPublicDataLen,
			  ec_field_len(curve_bits), &out->point,
			  &out->point_len))
		return param_invalid(mech, "public data not an uncompressed "
					   "point of the key's curve");
	return CKR_OK;
}
