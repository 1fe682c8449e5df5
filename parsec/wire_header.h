/*
 * wire_header.h - the fixed 36-byte header of Parsec wire protocol 1.0.
 *
 * Layout, all little-endian, as the service (parsec-interface 0.2x) writes
 * it; the Parsec book's prose (16-bit opcode, content type 1) is outdated:
 *
 *   off size field
 *    0   4   magic 0x5EC0A710
 *    4   2   header size, 30 (the bytes after this field)
 *    6   1   version major, 1
 *    7   1   version minor, 0
 *    8   2   flags, 0
 *   10   1   provider
 *   11   8   session
 *   19   1   content type (0 = protobuf)
 *   20   1   accept type (0 = protobuf)
 *   21   1   auth type
 *   22   4   body length
 *   26   2   auth length
 *   28   4   opcode
 *   32   2   status
 *   34   1   reserved, 0
 *   35   1   reserved, 0
 */
#ifndef PARSEC_WIRE_HEADER_H
#define PARSEC_WIRE_HEADER_H

#include <stddef.h>
#include <stdint.h>

#define WIRE_HEADER_MAGIC 0x5EC0A710u
#define WIRE_HEADER_SIZE_FIELD 30u
#define WIRE_HEADER_LEN 36u
#define WIRE_VERSION_MAJ 1u
#define WIRE_VERSION_MIN 0u
#define WIRE_BODY_PROTOBUF 0u

typedef struct wire_header {
	uint32_t magic;
	uint16_t hdr_size;
	uint8_t version_maj;
	uint8_t version_min;
	uint16_t flags;
	uint8_t provider;
	uint64_t session;
	uint8_t content_type;
	uint8_t accept_type;
	uint8_t auth_type;
	uint32_t body_len;
	uint16_t auth_len;
	uint32_t opcode;
	uint16_t status;
	uint8_t reserved1;
	uint8_t reserved2;
} wire_header_t;

/* What is wrong with a header, checked in the order the service checks. */
typedef enum wire_header_error {
	WIRE_HEADER_OK = 0,
	WIRE_HEADER_BAD_MAGIC,
	WIRE_HEADER_BAD_SIZE,
	WIRE_HEADER_BAD_VERSION,
	WIRE_HEADER_BAD_RESERVED,
} wire_header_error_t;

/* A request header with the constant fields filled in. */
void wire_header_init(wire_header_t *h);

/* Writes exactly WIRE_HEADER_LEN bytes. */
void wire_header_encode(const wire_header_t *h, uint8_t out[WIRE_HEADER_LEN]);

/* Reads every field from WIRE_HEADER_LEN bytes; validates nothing. */
void wire_header_decode(const uint8_t in[WIRE_HEADER_LEN], wire_header_t *h);

/* Checks the constant fields: magic, size, version, reserved bytes. */
wire_header_error_t wire_header_check(const wire_header_t *h);

#endif
