/* utf8.c - strict UTF-8 checks, RFC 3629 section 4. */
#include "utf8.h"

/* Length of the sequence that starts with byte b, 0 if b cannot start one. */
static size_t sequence_length(uint8_t b)
{
	if (b < 0x80)
		return 1;
	if (b >= 0xC2 && b <= 0xDF)
		return 2;
	if (b >= 0xE0 && b <= 0xEF)
		return 3;
	if (b >= 0xF0 && b <= 0xF4)
		return 4;
	return 0;
}

/* The allowed range of the second byte depends on the first (RFC 3629
 * table): this excludes overlong forms, surrogates and > U+10FFFF. */
static int second_byte_ok(uint8_t first, uint8_t second)
{
	uint8_t lo = 0x80, hi = 0xBF;

	if (first == 0xE0)
		lo = 0xA0;
	else if (first == 0xED)
		hi = 0x9F;
	else if (first == 0xF0)
		lo = 0x90;
	else if (first == 0xF4)
		hi = 0x8F;
	return second >= lo && second <= hi;
}

int utf8_valid(const uint8_t *s, size_t len)
{
	size_t i = 0, n, k;

	while (i < len) {
		n = sequence_length(s[i]);
		if (n == 0 || n > len - i)
			return 0;
		if (n > 1 && !second_byte_ok(s[i], s[i + 1]))
			return 0;
		for (k = 2; k < n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
		}
		i += n;
	}
	return 1;
}

size_t utf8_encode(uint32_t cp, uint8_t out[4])
{
	if (cp < 0x80) {
		out[0] = (uint8_t)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (uint8_t)(0xC0 | (cp >> 6));
		out[1] = (uint8_t)(0x80 | (cp & 0x3F));
		return 2;
	}
	if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		return 0;
	if (cp < 0x10000) {
		out[0] = (uint8_t)(0xE0 | (cp >> 12));
		out[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (uint8_t)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (uint8_t)(0xF0 | (cp >> 18));
	out[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (uint8_t)(0x80 | (cp & 0x3F));
	return 4;
}
