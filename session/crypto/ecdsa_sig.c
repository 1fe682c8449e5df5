/* ecdsa_sig.c - r || s <-> ECDSA-Sig-Value (X9.62, SEC 1 §C.5). */
#include "session/crypto/ecdsa_sig.h"

#include <string.h>

#include "mapping/der.h"
#include "mapping/output.h"

/* An unsigned big-endian number as a DER INTEGER: without its leading
 * zero octets, but with one 0x00 in front when the top bit is set (it
 * would read as negative otherwise, X.690 §8.3). */
typedef struct der_uint {
	const uint8_t *p;
	size_t len;
	size_t pad; /* 1 when a 0x00 goes in front */
} der_uint_t;

static der_uint_t der_uint(const uint8_t *p, size_t len)
{
	der_uint_t u;

	while (len > 1 && p[0] == 0) {
		p++;
		len--;
	}
	u.p = p;
	u.len = len;
	u.pad = (p[0] & 0x80) ? 1 : 0;
	return u;
}

static size_t der_uint_tlv_len(const der_uint_t *u)
{
	return der_header_len(u->pad + u->len) + u->pad + u->len;
}

static uint8_t *put_der_uint(uint8_t *p, const der_uint_t *u)
{
	p += der_put_header(p, DER_INTEGER, u->pad + u->len);
	if (u->pad)
		*p++ = 0;
	memcpy(p, u->p, u->len);
	return p + u->len;
}

CK_RV ecdsa_sig_to_der(const uint8_t *rs, size_t rs_len, size_t field_len,
		       uint8_t *out, size_t *out_len)
{
	der_uint_t r, s;
	size_t body, total;
	uint8_t *p = out;
	CK_RV rv;

	if (field_len == 0 || field_len > DER_MAX_LEN / 4)
		return CKR_ARGUMENTS_BAD;
	if (rs == NULL || rs_len == 0 || rs_len % 2 != 0 ||
	    rs_len > 2 * field_len)
		return CKR_SIGNATURE_LEN_RANGE;
	r = der_uint(rs, rs_len / 2);
	s = der_uint(rs + rs_len / 2, rs_len / 2);
	body = der_uint_tlv_len(&r) + der_uint_tlv_len(&s);
	total = der_header_len(body) + body;
	if (!output_ready(out, out_len, total, &rv))
		return rv;
	p += der_put_header(p, DER_SEQUENCE, body);
	p = put_der_uint(p, &r);
	put_der_uint(p, &s);
	*out_len = total;
	return CKR_OK;
}

/* A strict DER INTEGER holding a non-negative number of at most
 * field_len octets, written left-padded into out[0..field_len) unless
 * out is NULL. */
static int read_der_uint(der_reader_t *r, size_t field_len, uint8_t *out)
{
	der_reader_t v;

	if (!der_read(r, DER_INTEGER, &v) || v.left == 0)
		return 0;
	if (v.p[0] & 0x80)
		return 0; /* negative */
	if (v.p[0] == 0 && v.left > 1) {
		if (!(v.p[1] & 0x80))
			return 0; /* a zero octet DER would not write */
		v.p++;
		v.left--;
	}
	if (v.left > field_len)
		return 0;
	if (out == NULL)
		return 1;
	memset(out, 0, field_len - v.left);
	memcpy(out + field_len - v.left, v.p, v.left);
	return 1;
}

CK_RV ecdsa_sig_from_der(const uint8_t *der, size_t der_len, size_t field_len,
			 uint8_t *out, size_t *out_len)
{
	der_reader_t r = {der, der_len}, seq;
	uint8_t *r_out = NULL, *s_out = NULL;
	CK_RV rv = CKR_OK;
	int ready;

	if (field_len == 0)
		return CKR_ARGUMENTS_BAD;
	if (der == NULL)
		return CKR_SIGNATURE_INVALID;
	/* A size query checks the input too, so that its answer holds. */
	ready = output_ready(out, out_len, 2 * field_len, &rv);
	if (ready) {
		r_out = out;
		s_out = out + field_len;
	}
	if (!der_read(&r, DER_SEQUENCE, &seq) || !der_at_end(&r))
		return CKR_SIGNATURE_INVALID;
	if (!read_der_uint(&seq, field_len, r_out) ||
	    !read_der_uint(&seq, field_len, s_out) || !der_at_end(&seq))
		return CKR_SIGNATURE_INVALID;
	if (!ready)
		return rv;
	*out_len = 2 * field_len;
	return CKR_OK;
}
