/*
 * token_info.c - the texts that present a Parsec provider as a token.
 */
#include "mapping/token_info.h"

#include <stdio.h>
#include <string.h>

#include "parsec/parsec.h"

/* Short names by provider id (names only: no behaviour depends on
 * them). */
static const struct {
	uint32_t id;
	const char *name;
} provider_names[] = {
	{PARSEC_PROVIDER_MBED_CRYPTO, "Mbed Crypto"},
	{PARSEC_PROVIDER_PKCS11, "PKCS #11"},
	{PARSEC_PROVIDER_TPM, "TPM"},
	{PARSEC_PROVIDER_TRUSTED_SERVICE, "Trusted Service"},
	{PARSEC_PROVIDER_CRYPTOAUTHLIB, "CryptoAuthLib"},
};

void token_info_pad(CK_UTF8CHAR *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n > size) {
		n = size;
		/* Do not cut a UTF-8 sequence: back up to a lead byte. */
		while (n > 0 && ((unsigned char)src[n] & 0xc0) == 0x80)
			n--;
	}
	memset(dst, ' ', size);
	memcpy(dst, src, n);
}

void token_info_model(uint32_t provider, char *buf, size_t size)
{
	size_t i;

	for (i = 0; i < sizeof(provider_names) / sizeof(provider_names[0]); i++)
		if (provider_names[i].id == provider) {
			snprintf(buf, size, "%s", provider_names[i].name);
			return;
		}
	snprintf(buf, size, "Provider %lu", (unsigned long)provider);
}

void token_info_label(uint32_t provider, const char *stored, char *buf,
		      size_t size)
{
	char model[TOKEN_INFO_TEXT_MAX];

	if (stored != NULL) {
		snprintf(buf, size, "%s", stored);
		return;
	}
	token_info_model(provider, model, sizeof(model));
	snprintf(buf, size, "Parsec %s", model);
}

void token_info_serial(const char *uuid, char serial[17])
{
	size_t i, k;

	for (i = 0, k = 0; uuid[i] != '\0' && k < 16; i++)
		if (uuid[i] != '-')
			serial[k++] = uuid[i];
	serial[k] = '\0';
}

const char *token_info_manufacturer(const char *vendor)
{
	return vendor != NULL && vendor[0] != '\0' ? vendor : "Parsec";
}

void token_info_fill(CK_TOKEN_INFO *info, uint32_t provider, const char *uuid,
		     const char *vendor, const char *stored_label)
{
	char text[TOKEN_INFO_TEXT_MAX], serial[17];

	token_info_label(provider, stored_label, text, sizeof(text));
	token_info_pad(info->label, sizeof(info->label), text);
	token_info_pad(info->manufacturerID, sizeof(info->manufacturerID),
		       token_info_manufacturer(vendor));
	token_info_model(provider, text, sizeof(text));
	token_info_pad(info->model, sizeof(info->model), text);
	token_info_serial(uuid, serial);
	token_info_pad(info->serialNumber, sizeof(info->serialNumber), serial);
}

void token_info_fill_slot(CK_SLOT_INFO *info, const char *description,
			  const char *vendor)
{
	token_info_pad(info->slotDescription, sizeof(info->slotDescription),
		       description);
	token_info_pad(info->manufacturerID, sizeof(info->manufacturerID),
		       token_info_manufacturer(vendor));
}
