/* der.c - strict reading and writing of DER headers (X.690 §10.1). */
#include "mapping/der.h"

/* Reads a DER length at p (n bytes available): the long form only when
 * the short one cannot hold it, and without leading zero octets. */
static int read_length(const uint8_t *p, size_t n, size_t *len, size_t *used)
{
	if (n < 1)
		return 0;
	if (p[0] < 0x80) {
		*len = p[0];
		*used = 1;
		return 1;
	}
	if (p[0] == 0x81 && n >= 2 && p[1] >= 0x80) {
		*len = p[1];
		*used = 2;
		return 1;
	}
	if (p[0] == 0x82 && n >= 3 && p[1] != 0) {
		*len = ((size_t)p[1] << 8) | p[2];
		*used = 3;
		return 1;
	}
	return 0; /* indefinite, non-minimal or over DER_MAX_LEN */
}

int der_read(der_reader_t *r, uint8_t tag, der_reader_t *content)
{
	size_t len, used;

	if (r->left < 2 || r->p[0] != tag)
		return 0;
	if (!read_length(r->p + 1, r->left - 1, &len, &used))
		return 0;
	if (len > r->left - 1 - used)
		return 0;
	content->p = r->p + 1 + used;
	content->left = len;
	r->p += 1 + used + len;
	r->left -= 1 + used + len;
	return 1;
}

int der_at_end(const der_reader_t *r)
{
	return r->left == 0;
}

size_t der_header_len(size_t content_len)
{
	if (content_len < 0x80)
		return 2;
	if (content_len < 0x100)
		return 3;
	if (content_len <= DER_MAX_LEN)
		return 4;
	return 0;
}

size_t der_put_header(uint8_t *out, uint8_t tag, size_t content_len)
{
	size_t n = der_header_len(content_len);

	if (n == 0)
		return 0;
	out[0] = tag;
	if (n == 2) {
		out[1] = (uint8_t)content_len;
	} else if (n == 3) {
		out[1] = 0x81;
		out[2] = (uint8_t)content_len;
	} else {
		out[1] = 0x82;
		out[2] = (uint8_t)(content_len >> 8);
		out[3] = (uint8_t)content_len;
	}
	return n;
}
