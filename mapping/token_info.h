/*
 * token_info.h - how a Parsec provider is presented as a PKCS#11 slot and
 * token: the texts of CK_SLOT_INFO and CK_TOKEN_INFO that name it.
 *
 * The module (session/slot.c) and the parsec-pkcs11 tool (its pkcs11:
 * URIs) both use these, so a URI the tool prints matches the token a
 * client sees.
 *
 *   token label   "Parsec <model>", or the label given to C_InitToken
 *   model         a short provider name ("Mbed Crypto", "TPM", ...)
 *   serial        the provider UUID's first 16 hex digits
 *   manufacturer  the provider vendor, or "Parsec" when it has none
 *   slot          the provider description
 */
#ifndef MAPPING_TOKEN_INFO_H
#define MAPPING_TOKEN_INFO_H

#include <stddef.h>
#include <stdint.h>

#include <p11-kit/pkcs11.h>

/* Room for every text below, NUL included. */
#define TOKEN_INFO_TEXT_MAX 80

/* A blank-padded PKCS#11 text field, cut on a UTF-8 character boundary. */
void token_info_pad(CK_UTF8CHAR *dst, size_t size, const char *src);

/* The short name of a provider ("Provider 7" for unknown ids). */
void token_info_model(uint32_t provider, char *buf, size_t size);

/* The token label: the stored one (C_InitToken) when not NULL, else
 * "Parsec <model>". */
void token_info_label(uint32_t provider, const char *stored, char *buf,
		      size_t size);

/* The serial number: the first 16 hex digits of the provider UUID. */
void token_info_serial(const char *uuid, char serial[17]);

/* The manufacturer: the vendor, or "Parsec" when it is empty. */
const char *token_info_manufacturer(const char *vendor);

/* Fills the label, manufacturerID, model and serialNumber of info (the
 * rest is left alone). */
void token_info_fill(CK_TOKEN_INFO *info, uint32_t provider, const char *uuid,
		     const char *vendor, const char *stored_label);

/* Fills slotDescription and manufacturerID of info. */
void token_info_fill_slot(CK_SLOT_INFO *info, const char *description,
			  const char *vendor);

#endif
