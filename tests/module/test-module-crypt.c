/*
 * test-module-crypt.c - C_Encrypt* and C_Decrypt*: RSA PKCS#1 v1.5 and
 * OAEP (every hash, with and without a label) decrypting what OpenSSL
 * encrypted outside the module, the module's own local encryption, and
 * AES-GCM (C_GenerateKey, then OpenSSL and the module each decrypting
 * what the other encrypted, single- and multi-part); the round trips
 * (none to encrypt with RSA, one per decryption, one per AES-GCM
 * operation) and the error codes.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/rsa.h>

#include "tests/module/p11_crypto.h"

static CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
static const uint8_t plain[] = "a secret, encrypted by OpenSSL outside";

static const struct {
	const char *md;
	CK_MECHANISM_TYPE hash;
	CK_RSA_PKCS_MGF_TYPE mgf;
	parsec_hash_t parsec;
} oaep_hashes[] = {
	{"SHA1", CKM_SHA_1, CKG_MGF1_SHA1, PARSEC_HASH_SHA_1},
	{"SHA224", CKM_SHA224, CKG_MGF1_SHA224, PARSEC_HASH_SHA_224},
	{"SHA256", CKM_SHA256, CKG_MGF1_SHA256, PARSEC_HASH_SHA_256},
	{"SHA384", CKM_SHA384, CKG_MGF1_SHA384, PARSEC_HASH_SHA_384},
	{"SHA512", CKM_SHA512, CKG_MGF1_SHA512, PARSEC_HASH_SHA_512},
};

/* OpenSSL encrypts with a public key: PKCS#1 v1.5 (md NULL) or OAEP. */
static size_t ossl_encrypt(EVP_PKEY *k, const char *md, const uint8_t *label,
			   size_t label_len, const uint8_t *in, size_t len,
			   uint8_t *out)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(k, NULL);
	size_t n = 512;

	ck_assert_ptr_nonnull(ctx);
	ck_assert_int_eq(EVP_PKEY_encrypt_init(ctx), 1);
	ck_assert_int_eq(
		EVP_PKEY_CTX_set_rsa_padding(ctx, md ? RSA_PKCS1_OAEP_PADDING
						     : RSA_PKCS1_PADDING),
		1);
	if (md != NULL) {
		ck_assert_int_eq(EVP_PKEY_CTX_set_rsa_oaep_md(
					 ctx, EVP_get_digestbyname(md)),
				 1);
		ck_assert_int_eq(EVP_PKEY_CTX_set_rsa_mgf1_md(
					 ctx, EVP_get_digestbyname(md)),
				 1);
	}
	if (label_len > 0)
		ck_assert_int_eq(EVP_PKEY_CTX_set0_rsa_oaep_label(
					 ctx, OPENSSL_memdup(label, label_len),
					 (int)label_len),
				 1);
	ck_assert_int_eq(EVP_PKEY_encrypt(ctx, out, &n, in, len), 1);
	EVP_PKEY_CTX_free(ctx);
	return n;
}

static CK_RV decrypt(CK_SESSION_HANDLE h, CK_MECHANISM *m, CK_OBJECT_HANDLE k,
		     const uint8_t *in, CK_ULONG len, uint8_t *out,
		     CK_ULONG *out_len)
{
	CK_RV rv = F->C_DecryptInit(h, m, k);

	return rv != CKR_OK
		       ? rv
		       : F->C_Decrypt(h, (CK_BYTE_PTR)in, len, out, out_len);
}

static CK_RV encrypt(CK_SESSION_HANDLE h, CK_MECHANISM *m, CK_OBJECT_HANDLE k,
		     const uint8_t *in, CK_ULONG len, uint8_t *out,
		     CK_ULONG *out_len)
{
	CK_RV rv = F->C_EncryptInit(h, m, k);

	return rv != CKR_OK
		       ? rv
		       : F->C_Encrypt(h, (CK_BYTE_PTR)in, len, out, out_len);
}

static CK_RV gen_decrypt_key(CK_SESSION_HANDLE h, const char *label, int pkcs1,
			     CK_OBJECT_HANDLE *pub, CK_OBJECT_HANDLE *priv)
{
	CK_MECHANISM_TYPE mechs[] = {CKM_RSA_PKCS};
	CK_ATTRIBUTE extra[] = {{CKA_DECRYPT, &yes, 1},
				{CKA_ALLOWED_MECHANISMS, mechs, sizeof(mechs)}};

	return p11c_gen_rsa(h, 2048, label, extra, pkcs1 ? 2 : 1, pub, priv);
}

START_TEST(test_oaep_sha256_decrypts_openssl_with_and_without_label)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_RSA_PKCS_OAEP_PARAMS p = {CKM_SHA256, CKG_MGF1_SHA256,
				     CKZ_DATA_SPECIFIED, NULL, 0};
	CK_MECHANISM m = {CKM_RSA_PKCS_OAEP, &p, sizeof(p)};
	CK_OBJECT_HANDLE pub, priv;
	uint8_t ct[512], pt[512], label[] = "ABC";
	CK_ULONG n;
	size_t len;
	long before;
	EVP_PKEY *k;

	ck_assert_rv(gen_decrypt_key(h, "oaep", 0, &pub, &priv), CKR_OK);
	k = p11c_public(h, pub);
	len = ossl_encrypt(k, "SHA256", NULL, 0, plain, sizeof(plain), ct);
	n = sizeof(pt);
	before = p11t_requests();
	ck_assert_rv(decrypt(h, &m, priv, ct, len, pt, &n), CKR_OK);
	if (!p11t_external())
		ck_assert_int_eq(p11t_requests() - before, 1);
	ck_assert_uint_eq(n, sizeof(plain));
	ck_assert_mem_eq(pt, plain, n);
	len = ossl_encrypt(k, "SHA256", label, 3, plain, sizeof(plain), ct);
	p.pSourceData = label;
	p.ulSourceDataLen = 3;
	n = sizeof(pt);
	ck_assert_rv(decrypt(h, &m, priv, ct, len, pt, &n), CKR_OK);
	ck_assert_mem_eq(pt, plain, n);
	/* Another label does not decrypt it. */
	p.ulSourceDataLen = 2;
	n = sizeof(pt);
	ck_assert_rv(decrypt(h, &m, priv, ct, len, pt, &n),
		     CKR_ENCRYPTED_DATA_INVALID);
	EVP_PKEY_free(k);
}
END_TEST

START_TEST(test_pkcs1_decrypts_openssl)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_MECHANISM m = {CKM_RSA_PKCS, NULL, 0};
	CK_OBJECT_HANDLE pub, priv;
	uint8_t ct[512], pt[512];
	CK_ULONG n = sizeof(pt);
	size_t len;
	EVP_PKEY *k;

	ck_assert_rv(gen_decrypt_key(h, "pkcs1", 1, &pub, &priv), CKR_OK);
	k = p11c_public(h, pub);
	len = ossl_encrypt(k, NULL, NULL, 0, plain, sizeof(plain), ct);
	ck_assert_rv(decrypt(h, &m, priv, ct, len, pt, &n), CKR_OK);
	ck_assert_uint_eq(n, sizeof(plain));
	ck_assert_mem_eq(pt, plain, n);
	/* The module's encryption, decrypted by the module. */
	n = sizeof(ct);
	ck_assert_rv(encrypt(h, &m, pub, plain, sizeof(plain), ct, &n), CKR_OK);
	ck_assert_uint_eq(n, 256);
	len = n;
	n = sizeof(pt);
	ck_assert_rv(decrypt(h, &m, priv, ct, len, pt, &n), CKR_OK);
	ck_assert_mem_eq(pt, plain, n);
	EVP_PKEY_free(k);
}
END_TEST

/* OAEP with every hash: keys with that policy made through the Parsec
 * client (a template cannot name OAEP's hash), adopted by the module. */
START_TEST(test_oaep_every_hash_on_adopted_keys)
{
	parsec_client_t *c = p11t_client();
	parsec_key_attributes_t a;
	CK_SESSION_HANDLE h;
	CK_OBJECT_HANDLE pub, priv;
	uint8_t ct[512], pt[512];
	char name[32];
	CK_ULONG n;
	size_t i, len, made = 0;
	parsec_status_t ps;
	EVP_PKEY *k;

	memset(&a, 0, sizeof(a));
	a.type = PARSEC_KEY_TYPE_RSA_KEY_PAIR;
	a.bits = 2048;
	a.usage = PARSEC_USAGE_ENCRYPT | PARSEC_USAGE_DECRYPT;
	a.alg.kind = PARSEC_ALG_RSA_OAEP;
	for (i = 0; i < sizeof(oaep_hashes) / sizeof(oaep_hashes[0]); i++) {
		snprintf(name, sizeof(name), "oaep-%s", oaep_hashes[i].md);
		a.alg.hash = oaep_hashes[i].parsec;
		ps = parsec_generate_key(c, (uint8_t)p11t_slot(), name, &a);
		/* A real service may refuse SHA-1 policies as deprecated. */
		if (ps == PARSEC_DEPRECATED_PRIMITIVE)
			continue;
		ck_assert_int_eq(ps, PARSEC_SUCCESS);
	}
	parsec_client_free(c);
	p11c_reload();
	h = p11t_open(p11t_slot(), 1);
	for (i = 0; i < sizeof(oaep_hashes) / sizeof(oaep_hashes[0]); i++) {
		CK_RSA_PKCS_OAEP_PARAMS p = {oaep_hashes[i].hash,
					     oaep_hashes[i].mgf,
					     CKZ_DATA_SPECIFIED, NULL, 0};
		CK_MECHANISM m = {CKM_RSA_PKCS_OAEP, &p, sizeof(p)};

		snprintf(name, sizeof(name), "oaep-%s", oaep_hashes[i].md);
		priv = p11t_find_label(h, CKO_PRIVATE_KEY, name);
		pub = p11t_find_label(h, CKO_PUBLIC_KEY, name);
		if (priv == 0)
			continue;
		made++;
		k = p11c_public(h, pub);
		len = ossl_encrypt(k, oaep_hashes[i].md, NULL, 0, plain,
				   sizeof(plain), ct);
		n = sizeof(pt);
		ck_assert_rv(decrypt(h, &m, priv, ct, len, pt, &n), CKR_OK);
		ck_assert_mem_eq(pt, plain, n);
		/* The module's encryption with the same parameters. */
		n = sizeof(ct);
		ck_assert_rv(encrypt(h, &m, pub, plain, sizeof(plain), ct, &n),
			     CKR_OK);
		len = n;
		n = sizeof(pt);
		ck_assert_rv(decrypt(h, &m, priv, ct, len, pt, &n), CKR_OK);
		ck_assert_mem_eq(pt, plain, n);
		/* The key's policy names one hash. */
		p.hashAlg = i == 2 ? CKM_SHA384 : CKM_SHA256;
		p.mgf = i == 2 ? CKG_MGF1_SHA384 : CKG_MGF1_SHA256;
		ck_assert_rv(F->C_DecryptInit(h, &m, priv),
			     CKR_KEY_FUNCTION_NOT_PERMITTED);
		ck_assert_rv(F->C_EncryptInit(h, &m, pub),
			     CKR_KEY_FUNCTION_NOT_PERMITTED);
		EVP_PKEY_free(k);
	}
	ck_assert_uint_ge(made, 4);
}
END_TEST

START_TEST(test_rsa_cipher_errors_and_rules)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_RSA_PKCS_OAEP_PARAMS p = {CKM_SHA256, CKG_MGF1_SHA256,
				     CKZ_DATA_SPECIFIED, NULL, 0};
	CK_RSA_PKCS_OAEP_PARAMS badp = {CKM_SHA256, CKG_MGF1_SHA1,
					CKZ_DATA_SPECIFIED, NULL, 0};
	CK_MECHANISM m = {CKM_RSA_PKCS_OAEP, &p, sizeof(p)};
	CK_MECHANISM bad = {CKM_RSA_PKCS_OAEP, &badp, sizeof(badp)};
	CK_MECHANISM pkcs1 = {CKM_RSA_PKCS, NULL, 0};
	CK_MECHANISM sha = {CKM_SHA256_RSA_PKCS, NULL, 0};
	CK_OBJECT_HANDLE pub, priv, spub, spriv;
	uint8_t ct[512], pt[512], big[300] = {0};
	CK_ULONG n;
	size_t len;
	long before;
	EVP_PKEY *k;

	ck_assert_rv(gen_decrypt_key(h, "oaep", 0, &pub, &priv), CKR_OK);
	ck_assert_rv(p11c_gen_rsa(h, 2048, "sign", NULL, 0, &spub, &spriv),
		     CKR_OK);
	k = p11c_public(h, pub);
	len = ossl_encrypt(k, "SHA256", NULL, 0, plain, sizeof(plain), ct);
	EVP_PKEY_free(k);
	/* Init: parameters, mechanism, key. */
	ck_assert_rv(F->C_DecryptInit(h, &bad, priv),
		     CKR_MECHANISM_PARAM_INVALID);
	ck_assert_rv(F->C_DecryptInit(h, &sha, priv), CKR_MECHANISM_INVALID);
	ck_assert_rv(F->C_DecryptInit(h, &m, spriv),
		     CKR_KEY_FUNCTION_NOT_PERMITTED);
	ck_assert_rv(F->C_DecryptInit(h, &pkcs1, priv),
		     CKR_KEY_FUNCTION_NOT_PERMITTED);
	ck_assert_rv(F->C_DecryptInit(h, &m, pub), CKR_KEY_TYPE_INCONSISTENT);
	ck_assert_rv(F->C_EncryptInit(h, &m, priv), CKR_KEY_TYPE_INCONSISTENT);
	ck_assert_rv(F->C_DecryptInit(h, &m, 4242), CKR_KEY_HANDLE_INVALID);
	ck_assert_rv(F->C_DecryptInit(h, NULL, priv), CKR_ARGUMENTS_BAD);
	/* A size query answers the modulus size and keeps the operation;
	 * once decrypted, a buffer too small waits for a larger one
	 * without a second request. */
	before = p11t_requests();
	ck_assert_rv(F->C_DecryptInit(h, &m, priv), CKR_OK);
	ck_assert_rv(F->C_DecryptInit(h, &m, priv), CKR_OPERATION_ACTIVE);
	n = 0;
	ck_assert_rv(F->C_Decrypt(h, ct, len, NULL, &n), CKR_OK);
	ck_assert_uint_eq(n, 256);
	n = 3;
	ck_assert_rv(F->C_Decrypt(h, ct, len, pt, &n), CKR_BUFFER_TOO_SMALL);
	ck_assert_uint_eq(n, sizeof(plain));
	ck_assert_rv(F->C_Decrypt(h, ct, len, pt, &n), CKR_OK);
	ck_assert_mem_eq(pt, plain, n);
	if (!p11t_external())
		ck_assert_int_eq(p11t_requests() - before, 1);
	ck_assert_rv(F->C_Decrypt(h, ct, len, pt, &n),
		     CKR_OPERATION_NOT_INITIALIZED);
	/* Wrong sizes and corrupted data. */
	n = sizeof(pt);
	ck_assert_rv(decrypt(h, &m, priv, ct, len - 1, pt, &n),
		     CKR_ENCRYPTED_DATA_LEN_RANGE);
	ct[100] ^= 0x55;
	n = sizeof(pt);
	ck_assert_rv(decrypt(h, &m, priv, ct, len, pt, &n),
		     CKR_ENCRYPTED_DATA_INVALID);
	/* RSA is single-part. */
	ck_assert_rv(F->C_DecryptInit(h, &m, priv), CKR_OK);
	n = sizeof(pt);
	ck_assert_rv(F->C_DecryptUpdate(h, ct, len, pt, &n),
		     CKR_FUNCTION_NOT_SUPPORTED);
	ck_assert_rv(F->C_DecryptFinal(h, pt, &n),
		     CKR_OPERATION_NOT_INITIALIZED);
	/* Local encryption: at most k - 2 hLen - 2 bytes, size query and
	 * small buffer keep it, no request at all. */
	before = p11t_requests();
	n = sizeof(ct);
	ck_assert_rv(encrypt(h, &m, pub, big, sizeof(big), ct, &n),
		     CKR_DATA_LEN_RANGE);
	ck_assert_rv(F->C_EncryptInit(h, &m, pub), CKR_OK);
	n = 0;
	ck_assert_rv(F->C_Encrypt(h, big, 190, NULL, &n), CKR_OK);
	ck_assert_uint_eq(n, 256);
	n = 10;
	ck_assert_rv(F->C_Encrypt(h, big, 190, ct, &n), CKR_BUFFER_TOO_SMALL);
	n = sizeof(ct);
	ck_assert_rv(F->C_Encrypt(h, big, 190, ct, &n), CKR_OK);
	ck_assert_rv(F->C_Encrypt(h, big, 190, ct, &n),
		     CKR_OPERATION_NOT_INITIALIZED);
	ck_assert_rv(F->C_EncryptInit(h, &m, pub), CKR_OK);
	ck_assert_rv(F->C_Encrypt(h, big, 190, ct, NULL), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_EncryptFinal(h, ct, &n),
		     CKR_OPERATION_NOT_INITIALIZED);
	if (!p11t_external())
		ck_assert_int_eq(p11t_requests() - before, 0);
}
END_TEST

/* ----- AES-GCM -------------------------------------------------------- */

static CK_RV gen_aes(CK_SESSION_HANDLE h, const char *label, CK_ULONG len,
		     CK_BBOOL token, CK_OBJECT_HANDLE *key)
{
	CK_MECHANISM m = {CKM_AES_KEY_GEN, NULL, 0};
	CK_ATTRIBUTE t[] = {
		{CKA_TOKEN, &token, 1},
		{CKA_LABEL, (void *)label, strlen(label)},
		{CKA_VALUE_LEN, &len, sizeof(len)},
		{CKA_EXTRACTABLE, &yes, 1},
	};

	return F->C_GenerateKey(h, &m, t, 4, key);
}

/* The key's value, exported through the Parsec client (the module never
 * reveals it; the key was made extractable). */
static size_t exported(const char *name, uint8_t *out)
{
	parsec_client_t *c = p11t_client();
	parsec_buffer_t b = {NULL, 0};
	size_t n;

	ck_assert_int_eq(parsec_export_key(c, (uint8_t)p11t_slot(), name, &b),
			 PARSEC_SUCCESS);
	memcpy(out, b.data, b.len);
	n = b.len;
	parsec_buffer_free(&b);
	parsec_client_free(c);
	return n;
}

static const EVP_CIPHER *gcm(size_t key_len)
{
	return key_len == 16   ? EVP_aes_128_gcm()
	       : key_len == 24 ? EVP_aes_192_gcm()
			       : EVP_aes_256_gcm();
}

/* OpenSSL's AES-GCM: encrypt (out = ciphertext || tag) or decrypt (in =
 * ciphertext || tag; returns -1 on a bad tag). */
static long ossl_gcm(int enc, const uint8_t *key, size_t key_len,
		     const uint8_t *iv, size_t iv_len, const uint8_t *aad,
		     size_t aad_len, const uint8_t *in, size_t len,
		     size_t tag_len, uint8_t *out)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n = 0, f = 0;
	size_t data = enc ? len : len - tag_len;
	long r;

	ck_assert_int_eq(
		EVP_CipherInit_ex(ctx, gcm(key_len), NULL, NULL, NULL, enc), 1);
	ck_assert_int_eq(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN,
					     (int)iv_len, NULL),
			 1);
	ck_assert_int_eq(EVP_CipherInit_ex(ctx, NULL, NULL, key, iv, enc), 1);
	if (aad_len > 0)
		ck_assert_int_eq(
			EVP_CipherUpdate(ctx, NULL, &n, aad, (int)aad_len), 1);
	ck_assert_int_eq(EVP_CipherUpdate(ctx, out, &n, in, (int)data), 1);
	if (!enc)
		ck_assert_int_eq(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG,
						     (int)tag_len,
						     (void *)(in + data)),
				 1);
	if (EVP_CipherFinal_ex(ctx, out + n, &f) != 1) {
		EVP_CIPHER_CTX_free(ctx);
		return -1;
	}
	r = n + f;
	if (enc) {
		ck_assert_int_eq(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG,
						     (int)tag_len, out + r),
				 1);
		r += (long)tag_len;
	}
	EVP_CIPHER_CTX_free(ctx);
	return r;
}

START_TEST(test_aes_gcm_both_ways_with_openssl)
{
	static const CK_ULONG sizes[] = {16, 24, 32};
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	uint8_t key[32], iv[16], aad[20], data[1000], ct[1100], pt[1100];
	CK_GCM_PARAMS p;
	CK_MECHANISM m = {CKM_AES_GCM, &p, sizeof(p)};
	CK_OBJECT_HANDLE k;
	char label[16];
	CK_ULONG n, part;
	size_t s, kl;
	long len, before;

	p11c_fill(iv, sizeof(iv));
	p11c_fill(aad, sizeof(aad));
	p11c_fill(data, sizeof(data));
	for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		snprintf(label, sizeof(label), "aes%lu", sizes[s]);
		ck_assert_rv(gen_aes(h, label, sizes[s], CK_TRUE, &k), CKR_OK);
		ck_assert_uint_eq(p11t_ulong(h, k, CKA_VALUE_LEN), sizes[s]);
		ck_assert_uint_eq(p11t_bool(h, k, CKA_ENCRYPT), CK_TRUE);
		kl = exported(label, key);
		ck_assert_uint_eq(kl, sizes[s]);
		memset(&p, 0, sizeof(p));
		p.pIv = iv;
		p.ulIvLen = s == 1 ? 16 : 12;
		p.ulIvBits = 8 * p.ulIvLen;
		p.pAAD = s == 0 ? NULL : aad;
		p.ulAADLen = s == 0 ? 0 : sizeof(aad);
		p.ulTagBits = 128;
		/* The module encrypts, OpenSSL decrypts. */
		n = sizeof(ct);
		ck_assert_rv(encrypt(h, &m, k, data, sizeof(data), ct, &n),
			     CKR_OK);
		ck_assert_uint_eq(n, sizeof(data) + 16);
		len = ossl_gcm(0, key, kl, iv, p.ulIvLen, p.pAAD, p.ulAADLen,
			       ct, n, 16, pt);
		ck_assert_int_eq(len, sizeof(data));
		ck_assert_mem_eq(pt, data, sizeof(data));
		/* OpenSSL encrypts, the module decrypts (multi-part). */
		len = ossl_gcm(1, key, kl, iv, p.ulIvLen, p.pAAD, p.ulAADLen,
			       data, sizeof(data), 16, ct);
		/* Updates, a size query and the final call: one request
		 * (module/README.md). */
		before = p11t_requests();
		ck_assert_rv(F->C_DecryptInit(h, &m, k), CKR_OK);
		part = sizeof(pt);
		ck_assert_rv(F->C_DecryptUpdate(h, ct, 300, pt, &part), CKR_OK);
		ck_assert_uint_eq(part, 0);
		part = sizeof(pt);
		ck_assert_rv(F->C_DecryptUpdate(h, ct + 300,
						(CK_ULONG)len - 300, pt, &part),
			     CKR_OK);
		n = 0;
		ck_assert_rv(F->C_DecryptFinal(h, NULL, &n), CKR_OK);
		ck_assert_uint_eq(n, sizeof(data));
		ck_assert_rv(F->C_DecryptFinal(h, pt, &n), CKR_OK);
		ck_assert_uint_eq(n, sizeof(data));
		ck_assert_mem_eq(pt, data, sizeof(data));
		if (!p11t_external())
			ck_assert_int_eq(p11t_requests() - before, 1);
		/* Multi-part encryption equals single-part (same IV). */
		before = p11t_requests();
		ck_assert_rv(F->C_EncryptInit(h, &m, k), CKR_OK);
		part = sizeof(pt);
		ck_assert_rv(F->C_EncryptUpdate(h, data, 10, pt, &part),
			     CKR_OK);
		ck_assert_rv(F->C_Encrypt(h, data, 10, pt, &part),
			     CKR_OPERATION_ACTIVE);
		part = sizeof(pt);
		ck_assert_rv(F->C_EncryptUpdate(h, data + 10, sizeof(data) - 10,
						pt, &part),
			     CKR_OK);
		n = sizeof(pt);
		ck_assert_rv(F->C_EncryptFinal(h, pt, &n), CKR_OK);
		ck_assert_uint_eq(n, (CK_ULONG)len);
		ck_assert_mem_eq(pt, ct, n);
		if (!p11t_external())
			ck_assert_int_eq(p11t_requests() - before, 1);
	}
}
END_TEST

START_TEST(test_aes_gcm_errors_and_costs)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	uint8_t iv[12] = {1}, ct[200], pt[200], data[100] = {2};
	CK_GCM_PARAMS p = {iv, 12, 96, NULL, 0, 128};
	CK_MECHANISM m = {CKM_AES_GCM, &p, sizeof(p)};
	CK_MECHANISM keygen = {CKM_AES_KEY_GEN, NULL, 0};
	CK_ULONG bad_len = 20, n;
	CK_ATTRIBUTE t[] = {{CKA_VALUE_LEN, &bad_len, sizeof(bad_len)}};
	CK_OBJECT_HANDLE k, k2, epub, epriv;
	size_t big_len = PARSEC_BODY_LIMIT;
	uint8_t *big = calloc(1, big_len + 32);
	long before;

	ck_assert_ptr_nonnull(big);
	ck_assert_rv(F->C_GenerateKey(h, &keygen, t, 1, &k),
		     CKR_KEY_SIZE_RANGE);
	ck_assert_rv(F->C_GenerateKey(h, &keygen, NULL, 0, &k),
		     CKR_TEMPLATE_INCOMPLETE);
	keygen.pParameter = iv;
	keygen.ulParameterLen = 1;
	ck_assert_rv(gen_aes(h, "x", 16, CK_FALSE, &k), CKR_OK);
	ck_assert_rv(F->C_GenerateKey(h, &keygen, t, 1, &k2),
		     CKR_MECHANISM_PARAM_INVALID);
	before = p11t_requests();
	ck_assert_rv(gen_aes(h, "y", 32, CK_FALSE, &k2), CKR_OK);
	if (!p11t_external())
		ck_assert_int_eq(p11t_requests() - before, 1);
	/* The value stays in Parsec. */
	{
		uint8_t v[32];
		CK_ATTRIBUTE a = {CKA_VALUE, v, sizeof(v)};

		ck_assert_rv(F->C_GetAttributeValue(h, k, &a, 1),
			     CKR_ATTRIBUTE_SENSITIVE);
	}
	/* One request per operation. */
	before = p11t_requests();
	n = sizeof(ct);
	ck_assert_rv(encrypt(h, &m, k, data, sizeof(data), ct, &n), CKR_OK);
	if (!p11t_external())
		ck_assert_int_eq(p11t_requests() - before, 1);
	/* A wrong tag. */
	ct[n - 1] ^= 1;
	ck_assert_rv(F->C_DecryptInit(h, &m, k), CKR_OK);
	ck_assert_rv(F->C_Decrypt(h, ct, n, pt, &(CK_ULONG){sizeof(pt)}),
		     CKR_ENCRYPTED_DATA_INVALID);
	/* Shorter than a tag. */
	ck_assert_rv(F->C_DecryptInit(h, &m, k), CKR_OK);
	ck_assert_rv(F->C_Decrypt(h, ct, 15, pt, &(CK_ULONG){sizeof(pt)}),
		     CKR_ENCRYPTED_DATA_LEN_RANGE);
	/* Another tag length than the key's policy (128 bits). */
	p.ulTagBits = 96;
	ck_assert_rv(F->C_EncryptInit(h, &m, k),
		     CKR_KEY_FUNCTION_NOT_PERMITTED);
	p.ulTagBits = 100;
	ck_assert_rv(F->C_EncryptInit(h, &m, k), CKR_MECHANISM_PARAM_INVALID);
	p.ulTagBits = 128;
	p.ulIvLen = 0;
	ck_assert_rv(F->C_EncryptInit(h, &m, k), CKR_MECHANISM_PARAM_INVALID);
	p.ulIvLen = 12;
	/* Wrong key types. */
	ck_assert_rv(p11c_gen_ec(h, p11t_p256, sizeof(p11t_p256), "ec", NULL, 0,
				 &epub, &epriv),
		     CKR_OK);
	ck_assert_rv(F->C_EncryptInit(h, &m, epub), CKR_KEY_TYPE_INCONSISTENT);
	/* More than one request can carry: refused without a request. */
	before = p11t_requests();
	n = big_len + 32;
	ck_assert_rv(encrypt(h, &m, k, big, big_len, big, &n),
		     CKR_DATA_LEN_RANGE);
	ck_assert_rv(F->C_EncryptInit(h, &m, k), CKR_OK);
	n = 0;
	ck_assert_rv(F->C_EncryptUpdate(h, big, big_len / 2, big, &n), CKR_OK);
	ck_assert_rv(F->C_EncryptUpdate(h, big, big_len / 2, big, &n),
		     CKR_DATA_LEN_RANGE);
	ck_assert_rv(F->C_EncryptFinal(h, big, &n),
		     CKR_OPERATION_NOT_INITIALIZED);
	if (!p11t_external())
		ck_assert_int_eq(p11t_requests() - before, 0);
	/* Half of it goes in one request. */
	ck_assert_rv(F->C_EncryptInit(h, &m, k), CKR_OK);
	n = 0;
	ck_assert_rv(F->C_EncryptUpdate(h, big, big_len / 2, big, &n), CKR_OK);
	n = big_len + 32;
	ck_assert_rv(F->C_EncryptFinal(h, big, &n), CKR_OK);
	ck_assert_uint_eq(n, big_len / 2 + 16);
	free(big);
}
END_TEST

/* Lengths no buffer can have (a caller's mistake) are refused, not
 * wrapped around: an update whose length overflows the total collected,
 * and an AAD length no allocation can hold. */
START_TEST(test_aes_gcm_lengths_that_wrap_are_refused)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	uint8_t iv[12] = {1}, data[64] = {2}, out[128];
	CK_GCM_PARAMS p = {iv, 12, 96, NULL, 0, 128};
	CK_MECHANISM m = {CKM_AES_GCM, &p, sizeof(p)};
	CK_OBJECT_HANDLE k;
	CK_ULONG n;

	ck_assert_rv(gen_aes(h, "w", 16, CK_FALSE, &k), CKR_OK);
	ck_assert_rv(F->C_EncryptInit(h, &m, k), CKR_OK);
	n = sizeof(out);
	ck_assert_rv(F->C_EncryptUpdate(h, data, 20, out, &n), CKR_OK);
	n = sizeof(out);
	ck_assert_rv(F->C_EncryptUpdate(h, data, (CK_ULONG)-10, out, &n),
		     CKR_DATA_LEN_RANGE);
	ck_assert_rv(F->C_EncryptFinal(h, out, &n),
		     CKR_OPERATION_NOT_INITIALIZED);
	p.pAAD = data;
	p.ulAADLen = (CK_ULONG)-1;
	ck_assert_rv(F->C_EncryptInit(h, &m, k), CKR_HOST_MEMORY);
	p.ulAADLen = sizeof(data);
	ck_assert_rv(F->C_EncryptInit(h, &m, k), CKR_OK);
}
END_TEST

START_TEST(test_session_aes_key_dies_with_its_session)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_OBJECT_HANDLE k;
	parsec_key_info_t *keys = NULL;
	parsec_client_t *c;
	size_t n = 0, i, session_keys = 0;

	ck_assert_rv(gen_aes(h, "s", 16, CK_FALSE, &k), CKR_OK);
	ck_assert_uint_eq(p11t_bool(h, k, CKA_TOKEN), CK_FALSE);
	ck_assert_rv(F->C_CloseSession(h), CKR_OK);
	c = p11t_client();
	ck_assert_int_eq(parsec_list_keys(c, &keys, &n), PARSEC_SUCCESS);
	for (i = 0; i < n; i++)
		session_keys +=
			strncmp(keys[i].name, "pkcs11-session-", 15) == 0;
	ck_assert_uint_eq(session_keys, 0);
	parsec_key_info_free(keys, n);
	parsec_client_free(c);
	(void)no;
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("module-crypt");
	TCase *tc = tcase_create("rsa");

	tcase_add_checked_fixture(tc, p11t_setup, p11t_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(
		tc, test_oaep_sha256_decrypts_openssl_with_and_without_label);
	tcase_add_test(tc, test_pkcs1_decrypts_openssl);
	tcase_add_test(tc, test_oaep_every_hash_on_adopted_keys);
	tcase_add_test(tc, test_rsa_cipher_errors_and_rules);
	suite_add_tcase(s, tc);
	tc = tcase_create("aes");
	tcase_add_checked_fixture(tc, p11t_setup, p11t_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_aes_gcm_both_ways_with_openssl);
	tcase_add_test(tc, test_aes_gcm_errors_and_costs);
	tcase_add_test(tc, test_aes_gcm_lengths_that_wrap_are_refused);
	tcase_add_test(tc, test_session_aes_key_dies_with_its_session);
	suite_add_tcase(s, tc);
	return s;
}
