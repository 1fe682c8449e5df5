/* util.c - byte buffers, UTF-8 check and diagnostics for fake-parsecd. */
#include "fake.h"

#include <openssl/crypto.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fake_buf_free(fake_buf_t *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
}

void fake_buf_clear(fake_buf_t *b)
{
	if (b->data)
		OPENSSL_cleanse(b->data, b->len);
	fake_buf_free(b);
}

int fake_buf_set(fake_buf_t *b, const uint8_t *data, size_t len)
{
	uint8_t *p = malloc(len ? len : 1);

	if (!p)
		return -1;
	if (len)
		memcpy(p, data, len);
	free(b->data);
	b->data = p;
	b->len = len;
	return 0;
}

/* Length of the sequence a lead byte starts, and the smallest value it may
 * encode (to refuse overlong forms); 0 for a byte that cannot lead. */
static int utf8_lead(uint8_t c, uint32_t *value, uint32_t *min)
{
	if (c < 0x80) {
		*value = c;
		*min = 0;
		return 1;
	}
	if ((c & 0xE0) == 0xC0) {
		*value = c & 0x1F;
		*min = 0x80;
		return 2;
	}
	if ((c & 0xF0) == 0xE0) {
		*value = c & 0x0F;
		*min = 0x800;
		return 3;
	}
	if ((c & 0xF8) == 0xF0) {
		*value = c & 0x07;
		*min = 0x10000;
		return 4;
	}
	return 0;
}

int fake_utf8_valid(const uint8_t *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		uint32_t v, min;
		int n = utf8_lead(s[i], &v, &min);

		if (n == 0 || i + (size_t)n > len)
			return 0;
		for (int k = 1; k < n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
			v = (v << 6) | (s[i + k] & 0x3F);
		}
		if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
			return 0;
		i += (size_t)n;
	}
	return 1;
}

void fake_warn(const char *fmt, ...)
{
	va_list ap;

	fputs("fake-parsecd: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
