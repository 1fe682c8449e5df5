/* wire_header.c - encode and decode the Parsec 1.0 wire header. */
#include "wire_header.h"

#include <string.h>

static void put_u16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put_u32(uint8_t *p, uint32_t v)
{
	put_u16(p, (uint16_t)v);
	put_u16(p + 2, (uint16_t)(v >> 16));
}

static void put_u64(uint8_t *p, uint64_t v)
{
	put_u32(p, (uint32_t)v);
	put_u32(p + 4, (uint32_t)(v >> 32));
}

static uint16_t get_u16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t get_u32(const uint8_t *p)
{
	return (uint32_t)get_u16(p) | ((uint32_t)get_u16(p + 2) << 16);
}

static uint64_t get_u64(const uint8_t *p)
{
	return (uint64_t)get_u32(p) | ((uint64_t)get_u32(p + 4) << 32);
}

void wire_header_init(wire_header_t *h)
{
	memset(h, 0, sizeof(*h));
	h->magic = WIRE_HEADER_MAGIC;
	h->hdr_size = WIRE_HEADER_SIZE_FIELD;
	h->version_maj = WIRE_VERSION_MAJ;
	h->version_min = WIRE_VERSION_MIN;
	h->content_type = WIRE_BODY_PROTOBUF;
	h->accept_type = WIRE_BODY_PROTOBUF;
}

void wire_header_encode(const wire_header_t *h, uint8_t out[WIRE_HEADER_LEN])
{
	put_u32(out + 0, h->magic);
	put_u16(out + 4, h->hdr_size);
	out[6] = h->version_maj;
	out[7] = h->version_min;
	put_u16(out + 8, h->flags);
	out[10] = h->provider;
	put_u64(out + 11, h->session);
	out[19] = h->content_type;
	out[20] = h->accept_type;
	out[21] = h->auth_type;
	put_u32(out + 22, h->body_len);
	put_u16(out + 26, h->auth_len);
	put_u32(out + 28, h->opcode);
	put_u16(out + 32, h->status);
	out[34] = h->reserved1;
	out[35] = h->reserved2;
}

void wire_header_decode(const uint8_t in[WIRE_HEADER_LEN], wire_header_t *h)
{
	h->magic = get_u32(in + 0);
	h->hdr_size = get_u16(in + 4);
	h->version_maj = in[6];
	h->version_min = in[7];
	h->flags = get_u16(in + 8);
	h->provider = in[10];
	h->session = get_u64(in + 11);
	h->content_type = in[19];
	h->accept_type = in[20];
	h->auth_type = in[21];
	h->body_len = get_u32(in + 22);
	h->auth_len = get_u16(in + 26);
	h->opcode = get_u32(in + 28);
	h->status = get_u16(in + 32);
	h->reserved1 = in[34];
	h->reserved2 = in[35];
}

wire_header_error_t wire_header_check(const wire_header_t *h)
{
	if (h->magic != WIRE_HEADER_MAGIC)
		return WIRE_HEADER_BAD_MAGIC;
	if (h->hdr_size != WIRE_HEADER_SIZE_FIELD)
		return WIRE_HEADER_BAD_SIZE;
	if (h->version_maj != WIRE_VERSION_MAJ ||
	    h->version_min != WIRE_VERSION_MIN)
		return WIRE_HEADER_BAD_VERSION;
	if (h->reserved1 != 0 || h->reserved2 != 0)
		return WIRE_HEADER_BAD_RESERVED;
	return WIRE_HEADER_OK;
}
