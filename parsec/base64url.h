/* base64url.h - decoding of base64url text (JWT segments). */
#ifndef PARSEC_BASE64URL_H
#define PARSEC_BASE64URL_H

#include <stddef.h>
#include <stdint.h>

#include "parsec/parsec.h"

/* Decodes in[0..len), base64url without padding (RFC 7515 section 2;
 * trailing '=' is tolerated). *out is NUL-terminated for convenience and
 * must be released with secmem_free(*out, *out_len + 1).
 * PARSEC_E_DECODE on a character outside the alphabet or a bad length. */
parsec_status_t base64url_decode(const char *in, size_t len, uint8_t **out,
				 size_t *out_len);

#endif
