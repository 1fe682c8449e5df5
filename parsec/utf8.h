/* utf8.h - UTF-8 validation (the service rejects non-UTF-8 names). */
#ifndef PARSEC_UTF8_H
#define PARSEC_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* True when s[0..len) is well-formed UTF-8 (RFC 3629: no overlong forms,
 * no surrogates, nothing above U+10FFFF). */
int utf8_valid(const uint8_t *s, size_t len);

/* Writes code point cp as UTF-8 into out (4 bytes room); returns the
 * length, 0 for a surrogate or a value above U+10FFFF. */
size_t utf8_encode(uint32_t cp, uint8_t out[4]);

#endif
