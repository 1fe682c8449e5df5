/* ec_point.c - raw and DER-wrapped EC points. */
#include "mapping/ec_point.h"

#include <string.h>

#include "mapping/der.h"
#include "mapping/output.h"

/* SEC 1 §2.3.3: the first octet of an uncompressed point. */
#define EC_POINT_UNCOMPRESSED 0x04

size_t ec_field_len(uint32_t bits)
{
	return ((size_t)bits + 7) / 8;
}

int ec_point_is_uncompressed(const uint8_t *in, size_t len, size_t field_len)
{
	return in != NULL && field_len != 0 && len == 1 + 2 * field_len &&
	       in[0] == EC_POINT_UNCOMPRESSED;
}

int ec_point_raw(const uint8_t *in, size_t len, size_t field_len,
		 const uint8_t **point, size_t *point_len)
{
	der_reader_t r = {in, len}, octets;

	if (ec_point_is_uncompressed(in, len, field_len)) {
		*point = in;
		*point_len = len;
		return 1;
	}
	if (in == NULL || !der_read(&r, DER_OCTET_STRING, &octets) ||
	    !der_at_end(&r))
		return 0;
	if (!ec_point_is_uncompressed(octets.p, octets.left, field_len))
		return 0;
	*point = octets.p;
	*point_len = octets.left;
	return 1;
}

CK_RV ec_point_wrap(const uint8_t *point, size_t len, uint8_t *out,
		    size_t *out_len)
{
	size_t header = der_header_len(len);
	CK_RV rv;

	if (point == NULL || len == 0 || header == 0)
		return CKR_ARGUMENTS_BAD;
	if (!output_ready(out, out_len, header + len, &rv))
		return rv;
	der_put_header(out, DER_OCTET_STRING, len);
	memcpy(out + header, point, len);
	*out_len = header + len;
	return CKR_OK;
}
