/*
 * naming.c - Parsec key names from PKCS#11 labels and ids, and back.
 *
 * A scheme is first cut into tokens (literal text and placeholders); both
 * directions work on the tokens. Literal text in a scheme must already be
 * what sanitising would keep, so that every name made is valid UTF-8
 * without control characters or '/'. Parsing back is a small matcher
 * that counts the ways a name fits the scheme: exactly one is a match,
 * several mean the name is ambiguous for this scheme (not reversible).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "mapping/naming.h"

#define SCHEME_MAX_LEN 1024
#define RAND_BYTES 8
#define MAX_SUFFIX 10000
/* Bounds the matcher on schemes with many placeholders. */
#define MATCH_BUDGET 1000000L

typedef enum token_kind {
	TOK_TEXT,
	TOK_LABEL,
	TOK_ID,
	TOK_CLASS,
	TOK_RAND,
} token_kind_t;

typedef struct token {
	token_kind_t kind;
	const char *text; /* TOK_TEXT: points into the scheme */
	size_t len;
} token_t;

static const struct {
	const char *name;
	token_kind_t kind;
} placeholders[] = {
	{"{label}", TOK_LABEL},
	{"{id}", TOK_ID},
	{"{class}", TOK_CLASS},
	{"{rand}", TOK_RAND},
};

static const char *const class_names[] = {"priv", "pub", "secret"};

/* ------------------------------------------------------------------ */
/* Growing strings                                                      */
/* ------------------------------------------------------------------ */

typedef struct buf {
	char *p;
	size_t len, cap;
	int failed;
} buf_t;

static void buf_add(buf_t *b, const void *data, size_t len)
{
	size_t cap = b->cap ? b->cap : 64;
	char *p;

	if (b->failed)
		return;
	while (cap < b->len + len + 1)
		cap *= 2;
	if (cap != b->cap) {
		p = realloc(b->p, cap);
		if (p == NULL) {
			b->failed = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	if (len != 0)
		memcpy(b->p + b->len, data, len);
	b->len += len;
	b->p[b->len] = '\0';
}

static void buf_free(buf_t *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

/* ------------------------------------------------------------------ */
/* UTF-8                                                                */
/* ------------------------------------------------------------------ */

/* Length of the well-formed UTF-8 character at s (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), or 0. */
static size_t utf8_char(const uint8_t *s, size_t left, uint32_t *cp)
{
	static const uint32_t min_cp[] = {0, 0, 0x80, 0x800, 0x10000};
	size_t n, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc0 && s[0] < 0xe0)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] < 0xf0)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] < 0xf8)
		n = 4;
	else
		return 0;
	if (n > left)
		return 0;
	*cp = s[0] & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		*cp = *cp << 6 | (s[i] & 0x3f);
	}
	if (*cp < min_cp[n] || *cp > 0x10ffff ||
	    (*cp >= 0xd800 && *cp <= 0xdfff))
		return 0;
	return n;
}

static int char_kept(uint32_t cp)
{
	return cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp < 0xa0) &&
	       cp != '/';
}

static void sanitise(buf_t *b, const uint8_t *s, size_t len)
{
	uint32_t cp;
	size_t i = 0, n;

	while (i < len) {
		n = utf8_char(s + i, len - i, &cp);
		if (n == 0 || !char_kept(cp)) {
			buf_add(b, "_", 1);
			i += n ? n : 1;
		} else {
			buf_add(b, s + i, n);
			i += n;
		}
	}
}

static int text_is_clean(const char *s, size_t len)
{
	uint32_t cp;
	size_t i = 0, n;

	while (i < len) {
		n = utf8_char((const uint8_t *)s + i, len - i, &cp);
		if (n == 0 || !char_kept(cp))
			return 0;
		i += n;
	}
	return 1;
}

/* Longest prefix of at most max bytes that ends on a character. */
static size_t utf8_cut(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	while (max > 0 && ((uint8_t)s[max] & 0xc0) == 0x80)
		max--;
	return max;
}

/* ------------------------------------------------------------------ */
/* Schemes                                                              */
/* ------------------------------------------------------------------ */

typedef struct tokens {
	token_t *v;
	size_t n;
} tokens_t;

static const char *scan_placeholder(const char *p, token_t *tok)
{
	size_t i, len;

	for (i = 0; i < sizeof(placeholders) / sizeof(placeholders[0]); i++) {
		len = strlen(placeholders[i].name);
		if (strncmp(p, placeholders[i].name, len) == 0) {
			tok->kind = placeholders[i].kind;
			return p + len;
		}
	}
	return NULL;
}

/* One token starting at p; returns the rest, or NULL with *err set. */
static const char *scan_token(const char *p, token_t *tok, const char **err)
{
	const char *next;

	tok->kind = TOK_TEXT;
	tok->text = p;
	tok->len = 1;
	if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}'))
		return p + 2;
	if (p[0] == '}') {
		*err = "unbalanced '}' in naming scheme (write '}}')";
		return NULL;
	}
	if (p[0] != '{') {
		tok->len = strcspn(p, "{}");
		if (!text_is_clean(p, tok->len)) {
			*err = "naming scheme text has a control character, "
			       "'/' or invalid UTF-8";
			return NULL;
		}
		return p + tok->len;
	}
	next = scan_placeholder(p, tok);
	if (next == NULL)
		*err = strchr(p, '}') ? "unknown placeholder in naming scheme"
				      : "unbalanced '{' in naming scheme";
	return next;
}

static naming_rc_t tokenize(const char *scheme, tokens_t *t, const char **err)
{
	const char *p = scheme, *e = NULL;
	size_t len = scheme ? strlen(scheme) : 0;

	t->v = NULL;
	t->n = 0;
	if (len == 0 || len > SCHEME_MAX_LEN) {
		*err = len ? "naming scheme too long" : "empty naming scheme";
		return NAMING_E_SCHEME;
	}
	t->v = calloc(len, sizeof(token_t));
	if (t->v == NULL)
		return NAMING_E_NOMEM;
	while (*p != '\0') {
		p = scan_token(p, &t->v[t->n++], &e);
		if (p == NULL) {
			free(t->v);
			t->v = NULL;
			*err = e;
			return NAMING_E_SCHEME;
		}
	}
	return NAMING_OK;
}

naming_rc_t naming_check_scheme(const char *scheme, const char **err)
{
	const char *e = NULL;
	tokens_t t;
	naming_rc_t rc;

	rc = tokenize(scheme, &t, &e);
	free(t.v);
	if (err != NULL)
		*err = e;
	return rc;
}

/* ------------------------------------------------------------------ */
/* Making names                                                         */
/* ------------------------------------------------------------------ */

static void add_hex(buf_t *b, const uint8_t *data, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < len; i++) {
		buf_add(b, &digits[data[i] >> 4], 1);
		buf_add(b, &digits[data[i] & 0xf], 1);
	}
}

static naming_rc_t expand_token(buf_t *b, const token_t *tok,
				const naming_input_t *in)
{
	uint8_t rnd[RAND_BYTES];

	switch (tok->kind) {
	case TOK_TEXT:
		buf_add(b, tok->text, tok->len);
		break;
	case TOK_LABEL:
		sanitise(b, in->label, in->label ? in->label_len : 0);
		break;
	case TOK_ID:
		add_hex(b, in->id, in->id ? in->id_len : 0);
		break;
	case TOK_CLASS:
		if (in->cls != NULL)
			sanitise(b, (const uint8_t *)in->cls, strlen(in->cls));
		break;
	case TOK_RAND:
		if (RAND_bytes(rnd, sizeof(rnd)) != 1)
			return NAMING_E_RANDOM;
		add_hex(b, rnd, sizeof(rnd));
		break;
	}
	return NAMING_OK;
}

static naming_rc_t expand(const char *scheme, const naming_input_t *in,
			  buf_t *b)
{
	const char *err;
	tokens_t t;
	size_t i;
	naming_rc_t rc;

	rc = tokenize(scheme, &t, &err);
	for (i = 0; rc == NAMING_OK && i < t.n; i++)
		rc = expand_token(b, &t.v[i], in);
	free(t.v);
	if (rc == NAMING_OK && b->failed)
		rc = NAMING_E_NOMEM;
	return rc;
}

/* The first free of NAME, NAME-2, ... NAME-10000, each cut so that the
 * whole fits NAMING_MAX_LEN. */
static naming_rc_t pick_free(const char *base, size_t len,
			     naming_taken_fn taken, void *ctx, char **out)
{
	char suffix[16];
	unsigned n;
	size_t keep;

	if (taken == NULL || !taken(base, ctx)) {
		*out = strdup(base);
		return *out ? NAMING_OK : NAMING_E_NOMEM;
	}
	for (n = 2; n <= MAX_SUFFIX; n++) {
		snprintf(suffix, sizeof(suffix), "-%u", n);
		keep = utf8_cut(base, len, NAMING_MAX_LEN - strlen(suffix));
		if (asprintf(out, "%.*s%s", (int)keep, base, suffix) < 0) {
			*out = NULL;
			return NAMING_E_NOMEM;
		}
		if (!taken(*out, ctx))
			return NAMING_OK;
		free(*out);
		*out = NULL;
	}
	return NAMING_E_EXHAUSTED;
}

naming_rc_t naming_make(const char *scheme, const naming_input_t *in,
			naming_taken_fn taken, void *ctx, char **out)
{
	buf_t b = {0};
	naming_rc_t rc;

	if (in == NULL || out == NULL)
		return NAMING_E_SCHEME;
	*out = NULL;
	rc = expand(scheme, in, &b);
	if (rc == NAMING_OK && b.len == 0)
		rc = expand(in->id && in->id_len ? "key-{id}" : "key-{rand}",
			    in, &b);
	if (rc != NAMING_OK)
		goto out;
	b.len = utf8_cut(b.p, b.len, NAMING_MAX_LEN);
	b.p[b.len] = '\0';
	rc = pick_free(b.p, b.len, taken, ctx, out);
out:
	buf_free(&b);
	return rc;
}

int naming_name_valid(const char *name)
{
	size_t len = name ? strlen(name) : 0;

	return len > 0 && len <= NAMING_MAX_LEN && text_is_clean(name, len);
}

/* ------------------------------------------------------------------ */
/* Parsing names back                                                   */
/* ------------------------------------------------------------------ */

typedef struct span {
	const char *p;
	size_t len;
	int bound;
} span_t;

typedef struct matcher {
	const tokens_t *t;
	const char *name;
	size_t len;
	span_t label, id; /* captures on the current path */
	span_t label_found, id_found;
	int solutions;
	long budget;
} matcher_t;

static void match(matcher_t *m, size_t ti, size_t pos);

static int is_lower_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

static size_t hex_run(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && is_lower_hex(s[i]))
		i++;
	return i;
}

/* A placeholder seen twice must capture the same text both times. */
static void match_capture(matcher_t *m, span_t *cap, size_t ti, size_t pos,
			  size_t len)
{
	span_t saved = *cap;

	if (cap->bound) {
		if (cap->len == len && memcmp(cap->p, m->name + pos, len) == 0)
			match(m, ti + 1, pos + len);
		return;
	}
	cap->p = m->name + pos;
	cap->len = len;
	cap->bound = 1;
	match(m, ti + 1, pos + len);
	*cap = saved;
}

static void match_token(matcher_t *m, const token_t *tok, size_t ti, size_t pos)
{
	const char *s = m->name + pos;
	size_t left = m->len - pos, i, n;

	switch (tok->kind) {
	case TOK_TEXT:
		if (tok->len <= left && memcmp(s, tok->text, tok->len) == 0)
			match(m, ti + 1, pos + tok->len);
		break;
	case TOK_CLASS:
		for (i = 0; i < sizeof(class_names) / sizeof(class_names[0]);
		     i++) {
			n = strlen(class_names[i]);
			if (n <= left && memcmp(s, class_names[i], n) == 0)
				match(m, ti + 1, pos + n);
		}
		break;
	case TOK_RAND:
		if (hex_run(s, left) >= 2 * RAND_BYTES)
			match(m, ti + 1, pos + 2 * RAND_BYTES);
		break;
	case TOK_ID:
		n = hex_run(s, left);
		for (i = 0; i <= n; i += 2)
			match_capture(m, &m->id, ti, pos, i);
		break;
	case TOK_LABEL:
		for (i = 0; i <= left; i++)
			match_capture(m, &m->label, ti, pos, i);
		break;
	}
}

static void match(matcher_t *m, size_t ti, size_t pos)
{
	if (m->solutions > 1 || --m->budget < 0)
		return;
	if (ti < m->t->n) {
		match_token(m, &m->t->v[ti], ti, pos);
		return;
	}
	if (pos != m->len)
		return;
	m->solutions++;
	m->label_found = m->label;
	m->id_found = m->id;
}

/* 1: exactly one way to read name[0..len) with the scheme. */
static int match_unique(const tokens_t *t, const char *name, size_t len,
			matcher_t *m)
{
	memset(m, 0, sizeof(*m));
	m->t = t;
	m->name = name;
	m->len = len;
	m->budget = MATCH_BUDGET;
	match(m, 0, 0);
	return m->solutions == 1 && m->budget >= 0;
}

/* Length of name without a "-N" collision suffix (N >= 2), or 0. */
static size_t strip_suffix(const char *name, size_t len)
{
	size_t i = len;

	while (i > 0 && name[i - 1] >= '0' && name[i - 1] <= '9')
		i--;
	if (i == len || i == 0 || name[i - 1] != '-' || name[i] == '0' ||
	    len - i > 5)
		return 0;
	if (len - i == 1 && name[i] == '1')
		return 0;
	return i - 1;
}

static uint8_t nibble(char c)
{
	return (uint8_t)(c <= '9' ? c - '0' : c - 'a' + 10);
}

/* s holds an even number of lowercase hex digits (the matcher saw to it). */
static naming_rc_t hex_to_bytes(const span_t *s, uint8_t **id, size_t *len)
{
	size_t i;

	if (s->len == 0)
		return NAMING_OK;
	*id = malloc(s->len / 2);
	if (*id == NULL)
		return NAMING_E_NOMEM;
	for (i = 0; i < s->len / 2; i++)
		(*id)[i] = (uint8_t)(nibble(s->p[2 * i]) << 4 |
				     nibble(s->p[2 * i + 1]));
	*len = s->len / 2;
	return NAMING_OK;
}

static naming_rc_t give_captures(const matcher_t *m, char **label, uint8_t **id,
				 size_t *id_len)
{
	naming_rc_t rc = NAMING_OK;

	if (m->label_found.bound && label != NULL) {
		*label = strndup(m->label_found.p, m->label_found.len);
		if (*label == NULL)
			return NAMING_E_NOMEM;
	}
	if (m->id_found.bound && id != NULL && id_len != NULL)
		rc = hex_to_bytes(&m->id_found, id, id_len);
	if (rc != NAMING_OK && label != NULL) {
		free(*label);
		*label = NULL;
	}
	return rc;
}

naming_rc_t naming_parse(const char *scheme, const char *name, char **label,
			 uint8_t **id, size_t *id_len)
{
	const char *err;
	tokens_t t;
	matcher_t m;
	size_t len, stem;
	naming_rc_t rc;

	if (label != NULL)
		*label = NULL;
	if (id != NULL)
		*id = NULL;
	if (id_len != NULL)
		*id_len = 0;
	if (name == NULL)
		return NAMING_E_NO_MATCH;
	rc = tokenize(scheme, &t, &err);
	if (rc != NAMING_OK)
		return rc;
	len = strlen(name);
	stem = strip_suffix(name, len);
	rc = NAMING_E_NO_MATCH;
	if (len <= NAMING_MAX_LEN &&
	    ((stem != 0 && match_unique(&t, name, stem, &m)) ||
	     match_unique(&t, name, len, &m)))
		rc = give_captures(&m, label, id, id_len);
	free(t.v);
	return rc;
}
