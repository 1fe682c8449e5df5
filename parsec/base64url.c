/* base64url.c - RFC 4648 section 5 decoding. */
#include "base64url.h"

#include <stdlib.h>

/* Value of a base64url character, -1 if it is not one. */
static int sextet(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '-')
		return 62;
	if (c == '_')
		return 63;
	return -1;
}

parsec_status_t base64url_decode(const char *in, size_t len, uint8_t **out,
				 size_t *out_len)
{
	uint32_t acc = 0;
	size_t i, n = 0, bits = 0;
	uint8_t *buf;
	int v;

	while (len > 0 && in[len - 1] == '=')
		len--;
	if (len % 4 == 1)
		return PARSEC_E_DECODE;
	buf = malloc(len / 4 * 3 + 3);
	if (!buf)
		return PARSEC_E_NOMEM;
	for (i = 0; i < len; i++) {
		v = sextet(in[i]);
		if (v < 0) {
			free(buf);
			return PARSEC_E_DECODE;
		}
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf[n++] = (uint8_t)(acc >> bits);
		}
	}
	buf[n] = 0;
	*out = buf;
	*out_len = n;
	return PARSEC_SUCCESS;
}
