/* test_token.c - see test_token.h. */
#include "test_token.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *test_base64url(const void *data, size_t len)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				       "abcdefghijklmnopqrstuvwxyz"
				       "0123456789-_";
	const uint8_t *p = data;
	char *out = malloc(len / 3 * 4 + 5), *o = out;
	uint32_t acc = 0;
	size_t i, bits = 0;

	ck_assert_ptr_nonnull(out);
	for (i = 0; i < len; i++) {
		acc = (acc << 8) | p[i];
		bits += 8;
		while (bits >= 6) {
			bits -= 6;
			*o++ = alphabet[(acc >> bits) & 63];
		}
	}
	if (bits)
		*o++ = alphabet[(acc << (6 - bits)) & 63];
	*o = 0;
	return out;
}

char *test_token_make(const char *payload_json)
{
	const char *header = "{\"alg\":\"ES256\",\"typ\":\"JWT\"}";
	char *h = test_base64url(header, strlen(header));
	char *p = test_base64url(payload_json, strlen(payload_json));
	char *token = NULL;

	ck_assert_int_gt(asprintf(&token, "%s.%s.c2lnbmF0dXJl", h, p), 0);
	free(h);
	free(p);
	return token;
}
