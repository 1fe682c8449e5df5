/* json.c - a small, strict, bounded JSON reader. */
#include "json.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

#define JSON_MAX_DEPTH 32

typedef struct scanner {
	const char *p;
	const char *end;
	int depth;
} scanner_t;

/* A growing output buffer for an unescaped string; NULL data = discard. */
typedef struct strbuf {
	char *data;
	size_t len;
} strbuf_t;

static int skip_value(scanner_t *s);

static void skip_ws(scanner_t *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' ||
				 *s->p == '\n' || *s->p == '\r'))
		s->p++;
}

static int expect(scanner_t *s, char c)
{
	skip_ws(s);
	if (s->p >= s->end || *s->p != c)
		return -1;
	s->p++;
	return 0;
}

static void put(strbuf_t *b, const void *bytes, size_t n)
{
	if (b && b->data) {
		memcpy(b->data + b->len, bytes, n);
		b->len += n;
	}
}

static int hex4(scanner_t *s, uint32_t *v)
{
	int i;
	char c;

	if (s->end - s->p < 4)
		return -1;
	*v = 0;
	for (i = 0; i < 4; i++) {
		c = *s->p++;
		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (uint32_t)(c - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

/* \uXXXX, with UTF-16 surrogate pairs (RFC 8259 section 7). */
static int unicode_escape(scanner_t *s, strbuf_t *b)
{
	uint32_t cp, lo;
	uint8_t utf8[4];
	size_t n;

	if (hex4(s, &cp) != 0)
		return -1;
	if (cp >= 0xD800 && cp <= 0xDBFF) {
		if (s->end - s->p < 2 || s->p[0] != '\\' || s->p[1] != 'u')
			return -1;
		s->p += 2;
		if (hex4(s, &lo) != 0 || lo < 0xDC00 || lo > 0xDFFF)
			return -1;
		cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
	}
	n = utf8_encode(cp, utf8);
	if (n == 0 || cp == 0)
		return -1;
	put(b, utf8, n);
	return 0;
}

static int simple_escape(char c, strbuf_t *b)
{
	static const char from[] = "\"\\/bfnrt";
	static const char to[] = "\"\\/\b\f\n\r\t";
	const char *hit = c ? strchr(from, c) : NULL;

	if (!hit)
		return -1;
	put(b, &to[hit - from], 1);
	return 0;
}

/* Reads a string; when b is given, b->data must have room for the raw
 * length (unescaping never grows a string). */
static int read_string(scanner_t *s, strbuf_t *b)
{
	unsigned char c;

	if (expect(s, '"') != 0)
		return -1;
	while (s->p < s->end) {
		c = (unsigned char)*s->p++;
		if (c == '"')
			return 0;
		if (c < 0x20)
			return -1;
		if (c != '\\') {
			put(b, &c, 1);
			continue;
		}
		if (s->p >= s->end)
			return -1;
		c = (unsigned char)*s->p++;
		if (c == 'u' ? unicode_escape(s, b) : simple_escape((char)c, b))
			return -1;
	}
	return -1;
}

/* true, false, null or a number; numbers are skipped, not checked. */
static int skip_scalar(scanner_t *s)
{
	static const char *const literals[] = {"true", "false", "null"};
	const char *start = s->p;
	size_t i, n;

	for (i = 0; i < sizeof(literals) / sizeof(literals[0]); i++) {
		n = strlen(literals[i]);
		if ((size_t)(s->end - s->p) >= n &&
		    memcmp(s->p, literals[i], n) == 0) {
			s->p += n;
			return 0;
		}
	}
	while (s->p < s->end && *s->p && strchr("+-.0123456789eE", *s->p))
		s->p++;
	return s->p > start ? 0 : -1;
}

/* Reads a member name; *match tells whether it is key (NULL: never). */
static int read_key(scanner_t *s, const char *key, int *match)
{
	strbuf_t name = {NULL, 0};
	int rc;

	*match = 0;
	if (!key)
		return read_string(s, NULL);
	name.data = malloc((size_t)(s->end - s->p) + 1);
	if (!name.data)
		return -1;
	rc = read_string(s, &name);
	*match = rc == 0 && name.len == strlen(key) &&
		 memcmp(name.data, key, name.len) == 0;
	free(name.data);
	return rc;
}

static int capture_string(scanner_t *s, strbuf_t *value)
{
	if (value->data) /* the member appears twice: ambiguous, refuse */
		return -1;
	value->data = malloc((size_t)(s->end - s->p) + 1);
	if (!value->data)
		return -1;
	return read_string(s, value);
}

/* The items of an object (members) or an array, after the opening
 * character. With a key, the member of that name is captured in value. */
static int read_items(scanner_t *s, char close, int members, const char *key,
		      strbuf_t *value)
{
	int match = 0;

	skip_ws(s);
	if (s->p < s->end && *s->p == close) {
		s->p++;
		return 0;
	}
	for (;;) {
		if (members && (read_key(s, key, &match) || expect(s, ':')))
			return -1;
		if (match ? capture_string(s, value) : skip_value(s))
			return -1;
		skip_ws(s);
		if (s->p >= s->end)
			return -1;
		if (*s->p == close) {
			s->p++;
			return 0;
		}
		if (*s->p++ != ',')
			return -1;
	}
}

static int skip_value(scanner_t *s)
{
	int rc, object;

	skip_ws(s);
	if (s->p >= s->end)
		return -1;
	if (*s->p == '"')
		return read_string(s, NULL);
	if (*s->p != '{' && *s->p != '[')
		return skip_scalar(s);
	if (++s->depth > JSON_MAX_DEPTH)
		return -1;
	object = *s->p++ == '{';
	rc = read_items(s, object ? '}' : ']', object, NULL, NULL);
	s->depth--;
	return rc;
}

parsec_status_t json_object_string(const char *text, size_t len,
				   const char *key, char **out)
{
	scanner_t s = {text, text + len, 0};
	strbuf_t value = {NULL, 0};

	*out = NULL;
	if (expect(&s, '{') != 0 || read_items(&s, '}', 1, key, &value) != 0 ||
	    !value.data)
		goto fail;
	skip_ws(&s);
	if (s.p != s.end)
		goto fail;
	value.data[value.len] = 0;
	*out = value.data;
	return PARSEC_SUCCESS;
fail:
	free(value.data);
	return PARSEC_E_DECODE;
}
