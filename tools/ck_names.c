/*
 * ck_names.c - names of the PKCS#11 constants the tool prints and reads
 * back: object classes, key types, certificate types, mechanisms.
 */
#include <stdio.h>
#include <string.h>

#include "tools/tool.h"

#define N(x)                                                                   \
	{                                                                      \
		x, #x                                                          \
	}
#define END                                                                    \
	{                                                                      \
		0, NULL                                                        \
	}

const ck_name_t tool_ck_classes[] = {
	N(CKO_DATA),
	N(CKO_CERTIFICATE),
	N(CKO_PUBLIC_KEY),
	N(CKO_PRIVATE_KEY),
	N(CKO_SECRET_KEY),
	N(CKO_HW_FEATURE),
	N(CKO_DOMAIN_PARAMETERS),
	N(CKO_MECHANISM),
	N(CKO_OTP_KEY),
	END,
};

const ck_name_t tool_ck_key_types[] = {
	N(CKK_RSA),
	N(CKK_DSA),
	N(CKK_DH),
	N(CKK_EC),
	N(CKK_GENERIC_SECRET),
	N(CKK_AES),
	N(CKK_DES3),
	N(CKK_EC_EDWARDS),
	END,
};

static const ck_name_t cert_types[] = {
	N(CKC_X_509),
	N(CKC_X_509_ATTR_CERT),
	N(CKC_WTLS),
	END,
};

const ck_name_t tool_ck_mechanisms[] = {
	N(CKM_RSA_PKCS_KEY_PAIR_GEN),
	N(CKM_RSA_PKCS),
	N(CKM_RSA_X_509),
	N(CKM_SHA1_RSA_PKCS),
	N(CKM_SHA224_RSA_PKCS),
	N(CKM_SHA256_RSA_PKCS),
	N(CKM_SHA384_RSA_PKCS),
	N(CKM_SHA512_RSA_PKCS),
	N(CKM_RSA_PKCS_PSS),
	N(CKM_SHA1_RSA_PKCS_PSS),
	N(CKM_SHA224_RSA_PKCS_PSS),
	N(CKM_SHA256_RSA_PKCS_PSS),
	N(CKM_SHA384_RSA_PKCS_PSS),
	N(CKM_SHA512_RSA_PKCS_PSS),
	N(CKM_RSA_PKCS_OAEP),
	N(CKM_EC_KEY_PAIR_GEN),
	N(CKM_ECDSA),
	N(CKM_ECDSA_SHA1),
	N(CKM_ECDSA_SHA224),
	N(CKM_ECDSA_SHA256),
	N(CKM_ECDSA_SHA384),
	N(CKM_ECDSA_SHA512),
	N(CKM_ECDH1_DERIVE),
	N(CKM_ECDH1_COFACTOR_DERIVE),
	N(CKM_MD5),
	N(CKM_SHA_1),
	N(CKM_SHA224),
	N(CKM_SHA256),
	N(CKM_SHA384),
	N(CKM_SHA512),
	N(CKM_GENERIC_SECRET_KEY_GEN),
	N(CKM_AES_KEY_GEN),
	N(CKM_AES_ECB),
	N(CKM_AES_CBC),
	N(CKM_AES_CBC_PAD),
	N(CKM_AES_CTR),
	N(CKM_AES_GCM),
	N(CKM_AES_CCM),
	N(CKM_EDDSA),
	END,
};

/* Attributes whose values are constants of one of the tables. */
static const struct {
	CK_ATTRIBUTE_TYPE type;
	const ck_name_t *table;
} attr_tables[] = {
	{CKA_CLASS, tool_ck_classes},
	{CKA_KEY_TYPE, tool_ck_key_types},
	{CKA_CERTIFICATE_TYPE, cert_types},
	{CKA_KEY_GEN_MECHANISM, tool_ck_mechanisms},
	{CKA_NAME_HASH_ALGORITHM, tool_ck_mechanisms},
	{CKA_ALLOWED_MECHANISMS, tool_ck_mechanisms},
};

const char *tool_ck_name(const ck_name_t *table, CK_ULONG value)
{
	if (value == CK_UNAVAILABLE_INFORMATION)
		return "CK_UNAVAILABLE_INFORMATION";
	for (; table != NULL && table->name != NULL; table++)
		if (table->value == value)
			return table->name;
	return NULL;
}

int tool_ck_value(const ck_name_t *table, const char *name, CK_ULONG *value)
{
	if (strcmp(name, "CK_UNAVAILABLE_INFORMATION") == 0) {
		*value = CK_UNAVAILABLE_INFORMATION;
		return 0;
	}
	for (; table != NULL && table->name != NULL; table++)
		if (strcmp(table->name, name) == 0) {
			*value = table->value;
			return 0;
		}
	return -1;
}

const ck_name_t *tool_ck_table_for(CK_ATTRIBUTE_TYPE type)
{
	size_t i;

	for (i = 0; i < sizeof(attr_tables) / sizeof(attr_tables[0]); i++)
		if (attr_tables[i].type == type)
			return attr_tables[i].table;
	return NULL;
}

const char *tool_ck_text(const ck_name_t *table, CK_ULONG value, char *buf,
			 size_t size)
{
	const char *name = tool_ck_name(table, value);

	if (name != NULL)
		return name;
	snprintf(buf, size, "0x%lx", (unsigned long)value);
	return buf;
}
