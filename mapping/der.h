/*
 * der.h - the few DER rules the module needs: read a tag-length-value
 * strictly, write a header. Shared by mapping/pubkey.c (CKA_EC_POINT,
 * public keys) and session/crypto/ (DigestInfo, ECDSA signatures).
 *
 * Only definite lengths of up to two length octets: everything read or
 * written here (DigestInfo, ECDSA-Sig-Value, EC points) is far smaller
 * than 64 KiB. Reading is strict (minimal lengths, nothing past the end)
 * because what it accepts decides what gets signed (RFC 8017 §9.2).
 */
#ifndef MAPPING_DER_H
#define MAPPING_DER_H

#include <stddef.h>
#include <stdint.h>

#define DER_INTEGER 0x02
#define DER_OCTET_STRING 0x04
#define DER_NULL 0x05
#define DER_OID 0x06
#define DER_SEQUENCE 0x30

/* Largest content length handled (two length octets). */
#define DER_MAX_LEN 0xffffu

/* Bytes not yet read. */
typedef struct der_reader {
	const uint8_t *p;
	size_t left;
} der_reader_t;

/* Takes the next element when it has this tag and a DER length that fits
 * in what is left; *content then reads its value. Returns 0, consuming
 * nothing, otherwise. */
int der_read(der_reader_t *r, uint8_t tag, der_reader_t *content);

/* 1 when everything has been read. */
int der_at_end(const der_reader_t *r);

/* Bytes the tag and length of content_len bytes take (0 above
 * DER_MAX_LEN). */
size_t der_header_len(size_t content_len);

/* Writes the tag and length of content_len bytes at out, which holds
 * der_header_len(content_len) bytes; returns that count. */
size_t der_put_header(uint8_t *out, uint8_t tag, size_t content_len);

#endif
