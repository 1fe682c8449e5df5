/* names.c - text for the PSA values the tool prints. */
#include "tools/tool.h"

#include <stdio.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const auth_names[] = {
	[PARSEC_AUTH_NONE] = "none",
	[PARSEC_AUTH_DIRECT] = "direct",
	[PARSEC_AUTH_JWT] = "jwt",
	[PARSEC_AUTH_UNIX_PEER_CREDENTIALS] = "unix-peer-credentials",
	[PARSEC_AUTH_JWT_SVID] = "jwt-svid",
};

static const char *const key_type_names[] = {
	[PARSEC_KEY_TYPE_NONE] = "NONE",
	[PARSEC_KEY_TYPE_RAW_DATA] = "RAW_DATA",
	[PARSEC_KEY_TYPE_HMAC] = "HMAC",
	[PARSEC_KEY_TYPE_DERIVE] = "DERIVE",
	[PARSEC_KEY_TYPE_AES] = "AES",
	[PARSEC_KEY_TYPE_DES] = "DES",
	[PARSEC_KEY_TYPE_CAMELLIA] = "CAMELLIA",
	[PARSEC_KEY_TYPE_ARC4] = "ARC4",
	[PARSEC_KEY_TYPE_CHACHA20] = "CHACHA20",
	[PARSEC_KEY_TYPE_RSA_PUBLIC_KEY] = "RSA_PUBLIC_KEY",
	[PARSEC_KEY_TYPE_RSA_KEY_PAIR] = "RSA_KEY_PAIR",
	[PARSEC_KEY_TYPE_ECC_KEY_PAIR] = "ECC_KEY_PAIR",
	[PARSEC_KEY_TYPE_ECC_PUBLIC_KEY] = "ECC_PUBLIC_KEY",
	[PARSEC_KEY_TYPE_DH_KEY_PAIR] = "DH_KEY_PAIR",
	[PARSEC_KEY_TYPE_DH_PUBLIC_KEY] = "DH_PUBLIC_KEY",
};

static const char *const ecc_family_names[] = {
	[PARSEC_ECC_FAMILY_NONE] = "NONE",
	[PARSEC_ECC_SECP_K1] = "SECP_K1",
	[PARSEC_ECC_SECP_R1] = "SECP_R1",
	[PARSEC_ECC_SECP_R2] = "SECP_R2",
	[PARSEC_ECC_SECT_K1] = "SECT_K1",
	[PARSEC_ECC_SECT_R1] = "SECT_R1",
	[PARSEC_ECC_SECT_R2] = "SECT_R2",
	[PARSEC_ECC_BRAINPOOL_P_R1] = "BRAINPOOL_P_R1",
	[PARSEC_ECC_FRP] = "FRP",
	[PARSEC_ECC_MONTGOMERY] = "MONTGOMERY",
};

static const char *const alg_names[] = {
	[PARSEC_ALG_NONE] = "NONE",
	[PARSEC_ALG_HASH] = "HASH",
	[PARSEC_ALG_RSA_PKCS1V15_SIGN] = "RSA_PKCS1V15_SIGN",
	[PARSEC_ALG_RSA_PKCS1V15_SIGN_RAW] = "RSA_PKCS1V15_SIGN_RAW",
	[PARSEC_ALG_RSA_PSS] = "RSA_PSS",
	[PARSEC_ALG_ECDSA] = "ECDSA",
	[PARSEC_ALG_ECDSA_ANY] = "ECDSA_ANY",
	[PARSEC_ALG_DETERMINISTIC_ECDSA] = "DETERMINISTIC_ECDSA",
	[PARSEC_ALG_RSA_PKCS1V15_CRYPT] = "RSA_PKCS1V15_CRYPT",
	[PARSEC_ALG_RSA_OAEP] = "RSA_OAEP",
	[PARSEC_ALG_ECDH] = "ECDH",
	[PARSEC_ALG_FFDH] = "FFDH",
	[PARSEC_ALG_AEAD_CCM] = "AEAD_CCM",
	[PARSEC_ALG_AEAD_GCM] = "AEAD_GCM",
	[PARSEC_ALG_AEAD_CHACHA20_POLY1305] = "AEAD_CHACHA20_POLY1305",
};

static const char *const hash_names[] = {
	[PARSEC_HASH_NONE] = "NONE",
	[PARSEC_HASH_MD2] = "MD2",
	[PARSEC_HASH_MD4] = "MD4",
	[PARSEC_HASH_MD5] = "MD5",
	[PARSEC_HASH_RIPEMD160] = "RIPEMD160",
	[PARSEC_HASH_SHA_1] = "SHA_1",
	[PARSEC_HASH_SHA_224] = "SHA_224",
	[PARSEC_HASH_SHA_256] = "SHA_256",
	[PARSEC_HASH_SHA_384] = "SHA_384",
	[PARSEC_HASH_SHA_512] = "SHA_512",
	[PARSEC_HASH_SHA_512_224] = "SHA_512_224",
	[PARSEC_HASH_SHA_512_256] = "SHA_512_256",
	[PARSEC_HASH_SHA3_224] = "SHA3_224",
	[PARSEC_HASH_SHA3_256] = "SHA3_256",
	[PARSEC_HASH_SHA3_384] = "SHA3_384",
	[PARSEC_HASH_SHA3_512] = "SHA3_512",
};

/* Bit i of the usage flags is usage_names[i]. */
static const char *const usage_names[] = {
	"export",	"copy",		  "cache",     "encrypt",     "decrypt",
	"sign_message", "verify_message", "sign_hash", "verify_hash", "derive",
};

static const char *lookup(const char *const *names, size_t n, unsigned v)
{
	return v < n && names[v] ? names[v] : "?";
}

const char *tool_auth_name(unsigned id)
{
	return lookup(auth_names, COUNT(auth_names), id);
}

const char *tool_key_type_name(parsec_key_type_t type)
{
	return lookup(key_type_names, COUNT(key_type_names), type);
}

const char *tool_ecc_family_name(parsec_ecc_family_t family)
{
	return lookup(ecc_family_names, COUNT(ecc_family_names), family);
}

static int alg_has_hash(parsec_alg_kind_t kind)
{
	return kind == PARSEC_ALG_HASH ||
	       kind == PARSEC_ALG_RSA_PKCS1V15_SIGN ||
	       kind == PARSEC_ALG_RSA_PSS || kind == PARSEC_ALG_ECDSA ||
	       kind == PARSEC_ALG_DETERMINISTIC_ECDSA ||
	       kind == PARSEC_ALG_RSA_OAEP;
}

const char *tool_alg_text(const parsec_algorithm_t *alg, char *buf, size_t size)
{
	const char *name = lookup(alg_names, COUNT(alg_names), alg->kind);
	const char *hash =
		alg->hash == PARSEC_HASH_ANY
			? "ANY"
			: lookup(hash_names, COUNT(hash_names), alg->hash);

	if (alg_has_hash(alg->kind))
		snprintf(buf, size, "%s(%s)", name, hash);
	else if (alg->tag_length)
		snprintf(buf, size, "%s/%u", name, alg->tag_length);
	else
		snprintf(buf, size, "%s", name);
	return buf;
}

const char *tool_usage_text(uint32_t usage, char *buf, size_t size)
{
	size_t i, used = 0;
	int n;

	buf[0] = 0;
	for (i = 0; i < COUNT(usage_names); i++) {
		if (!(usage & (1u << i)))
			continue;
		n = snprintf(buf + used, size - used, "%s%s", used ? "," : "",
			     usage_names[i]);
		if (n < 0 || (size_t)n >= size - used)
			break;
		used += (size_t)n;
	}
	if (!buf[0])
		snprintf(buf, size, "-");
	return buf;
}
