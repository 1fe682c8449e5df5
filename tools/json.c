/*
 * json.c - the tool's strict JSON reader and its writer (see json.h).
 */
#include "tools/json.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "parsec/utf8.h"

/* ------------------------------------------------------------------ */
/* Reader                                                               */
/* ------------------------------------------------------------------ */

typedef struct reader {
	const char *start, *p, *end;
	int depth;
	char *err;
	size_t err_size;
	int failed;
	/* The last place position() counted to: values are met in order,
	 * so counting on from there keeps the reader linear. */
	const char *mark;
	unsigned mark_line, mark_col;
} reader_t;

static void position(reader_t *r, const char *at, unsigned *line, unsigned *col)
{
	const char *q = r->mark;

	if (q == NULL || at < q) {
		q = r->start;
		r->mark_line = 1;
		r->mark_col = 1;
	}
	for (; q < at; q++) {
		if (*q == '\n') {
			r->mark_line++;
			r->mark_col = 1;
		} else if (((unsigned char)*q & 0xc0) != 0x80) {
			r->mark_col++;
		}
	}
	r->mark = at;
	*line = r->mark_line;
	*col = r->mark_col;
}

static void *fail(reader_t *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void *fail(reader_t *r, const char *fmt, ...)
{
	unsigned line, col;
	char what[160];
	va_list ap;

	if (r->failed)
		return NULL;
	r->failed = 1;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	position(r, r->p, &line, &col);
	snprintf(r->err, r->err_size, "line %u, column %u: %s", line, col,
		 what);
	return NULL;
}

static void skip_ws(reader_t *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' ||
				 *r->p == '\n' || *r->p == '\r'))
		r->p++;
}

static json_value_t *new_value(reader_t *r, json_type_t type)
{
	json_value_t *v = calloc(1, sizeof(*v));

	if (v == NULL)
		return fail(r, "out of memory");
	v->type = type;
	position(r, r->p, &v->line, &v->column);
	return v;
}

static json_value_t *parse_value(reader_t *r);

/* Appends bytes to a growing string. */
typedef struct sbuf {
	char *p;
	size_t len, cap;
} sbuf_t;

static int sbuf_add(sbuf_t *b, const void *data, size_t n)
{
	size_t cap = b->cap ? b->cap : 32;
	char *p;

	while (cap < b->len + n + 1)
		cap *= 2;
	if (cap != b->cap) {
		p = realloc(b->p, cap);
		if (p == NULL)
			return -1;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int read_u16(reader_t *r, uint32_t *v)
{
	int i, d;

	if (r->end - r->p < 4) {
		fail(r, "truncated \\u escape");
		return -1;
	}
	*v = 0;
	for (i = 0; i < 4; i++) {
		d = hex_digit(r->p[i]);
		if (d < 0) {
			fail(r, "bad \\u escape");
			return -1;
		}
		*v = *v << 4 | (uint32_t)d;
	}
	r->p += 4;
	return 0;
}

/* After "\u": one code point, a surrogate pair taken together. */
static int read_unicode(reader_t *r, uint32_t *cp)
{
	uint32_t lo;

	if (read_u16(r, cp) != 0)
		return -1;
	if (*cp >= 0xdc00 && *cp <= 0xdfff) {
		fail(r, "lone low surrogate in \\u escape");
		return -1;
	}
	if (*cp < 0xd800 || *cp > 0xdbff)
		return 0;
	if (r->end - r->p < 2 || r->p[0] != '\\' || r->p[1] != 'u') {
		fail(r, "high surrogate without its low half");
		return -1;
	}
	r->p += 2;
	if (read_u16(r, &lo) != 0)
		return -1;
	if (lo < 0xdc00 || lo > 0xdfff) {
		fail(r, "high surrogate without its low half");
		return -1;
	}
	*cp = 0x10000 + ((*cp - 0xd800) << 10) + (lo - 0xdc00);
	return 0;
}

static int read_escape(reader_t *r, sbuf_t *b)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *hit;
	uint8_t utf8[4];
	uint32_t cp;
	size_t n;

	if (r->p >= r->end)
		return fail(r, "truncated escape"), -1;
	hit = strchr(from, *r->p);
	if (*r->p != '\0' && hit != NULL) {
		r->p++;
		return sbuf_add(b, &to[hit - from], 1);
	}
	if (*r->p != 'u')
		return fail(r, "unknown escape '\\%c'", *r->p), -1;
	r->p++;
	if (read_unicode(r, &cp) != 0)
		return -1;
	if (cp == 0)
		return fail(r, "\\u0000 is not allowed in strings"), -1;
	n = utf8_encode(cp, utf8);
	return sbuf_add(b, utf8, n);
}

/* A string after its opening quote. */
static char *read_string(reader_t *r, size_t *len)
{
	sbuf_t b = {NULL, 0, 0};
	const char *run;

	if (sbuf_add(&b, "", 0) != 0)
		return fail(r, "out of memory");
	for (;;) {
		run = r->p;
		while (r->p < r->end && *r->p != '"' && *r->p != '\\' &&
		       (unsigned char)*r->p >= 0x20)
			r->p++;
		if (!utf8_valid((const uint8_t *)run, (size_t)(r->p - run))) {
			r->p = run;
			free(b.p);
			return fail(r, "string is not valid UTF-8");
		}
		if (sbuf_add(&b, run, (size_t)(r->p - run)) != 0)
			break;
		if (r->p >= r->end) {
			free(b.p);
			return fail(r, "unterminated string");
		}
		if (*r->p == '"') {
			r->p++;
			*len = b.len;
			return b.p;
		}
		if ((unsigned char)*r->p < 0x20) {
			free(b.p);
			return fail(r, "control character in string");
		}
		r->p++;
		if (read_escape(r, &b) != 0) {
			free(b.p);
			return fail(r, "out of memory");
		}
	}
	free(b.p);
	return fail(r, "out of memory");
}

static const char *digits(const char *p, const char *end)
{
	while (p < end && *p >= '0' && *p <= '9')
		p++;
	return p;
}

static json_value_t *parse_number(reader_t *r)
{
	const char *s = r->p, *p = r->p;
	json_value_t *v;

	if (p < r->end && *p == '-')
		p++;
	if (p < r->end && *p == '0')
		p++;
	else if (p < r->end && *p >= '1' && *p <= '9')
		p = digits(p, r->end);
	else
		return fail(r, "bad number");
	if (p < r->end && *p == '.') {
		if (digits(p + 1, r->end) == p + 1)
			return fail(r, "bad number");
		p = digits(p + 1, r->end);
	}
	if (p < r->end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < r->end && (*p == '+' || *p == '-'))
			p++;
		if (digits(p, r->end) == p)
			return fail(r, "bad number");
		p = digits(p, r->end);
	}
	v = new_value(r, JSON_NUMBER);
	if (v == NULL)
		return NULL;
	v->text = strndup(s, (size_t)(p - s));
	v->len = (size_t)(p - s);
	r->p = p;
	if (v->text == NULL) {
		json_free(v);
		return fail(r, "out of memory");
	}
	return v;
}

static json_value_t *parse_word(reader_t *r)
{
	static const struct {
		const char *word;
		json_type_t type;
	} words[] = {{"null", JSON_NULL},
		     {"false", JSON_FALSE},
		     {"true", JSON_TRUE}};
	size_t i, n;
	json_value_t *v;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		n = strlen(words[i].word);
		if ((size_t)(r->end - r->p) >= n &&
		    memcmp(r->p, words[i].word, n) == 0) {
			v = new_value(r, words[i].type);
			r->p += n;
			return v;
		}
	}
	return fail(r, "unexpected character '%c'", *r->p);
}

/* A member name and where it starts, for the duplicate check. */
typedef struct member_ref {
	const char *name;
	const char *at;
} member_ref_t;

/* A container being read: room for its items (grown by doubling, so a
 * long array costs no more than its length) and, for an object, its
 * member names. */
typedef struct members {
	size_t cap;
	member_ref_t *refs;
} members_t;

static int grow(json_value_t *parent, members_t *m)
{
	size_t cap = m->cap ? 2 * m->cap : 8;
	json_value_t **items;
	member_ref_t *refs;
	char **names;

	items = realloc(parent->items, cap * sizeof(*items));
	if (items == NULL)
		return -1;
	parent->items = items;
	if (parent->type == JSON_OBJECT) {
		names = realloc(parent->names, cap * sizeof(*names));
		if (names == NULL)
			return -1;
		parent->names = names;
		refs = realloc(m->refs, cap * sizeof(*refs));
		if (refs == NULL)
			return -1;
		m->refs = refs;
	}
	m->cap = cap;
	return 0;
}

static int push(reader_t *r, json_value_t *parent, members_t *m, char *name,
		const char *at, json_value_t *item)
{
	if (parent->n == m->cap && grow(parent, m) != 0) {
		free(name);
		json_free(item);
		fail(r, "out of memory");
		return -1;
	}
	if (parent->type == JSON_OBJECT) {
		parent->names[parent->n] = name;
		m->refs[parent->n] = (member_ref_t){name, at};
	}
	parent->items[parent->n++] = item;
	return 0;
}

static int by_name_then_place(const void *a, const void *b)
{
	const member_ref_t *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c != 0)
		return c;
	return (x->at > y->at) - (x->at < y->at);
}

/* RFC 8259 section 4 leaves duplicate names to the reader; this one
 * refuses them, naming the first repeat. Sorting keeps an object of n
 * members at n log n comparisons. */
static int names_unique(reader_t *r, member_ref_t *refs, size_t n)
{
	const member_ref_t *twice = NULL;
	size_t i;

	qsort(refs, n, sizeof(*refs), by_name_then_place);
	for (i = 1; i < n; i++)
		if (strcmp(refs[i - 1].name, refs[i].name) == 0 &&
		    (twice == NULL || refs[i].at < twice->at))
			twice = &refs[i];
	if (twice == NULL)
		return 0;
	r->p = twice->at;
	fail(r, "member \"%.60s\" appears twice", twice->name);
	return -1;
}

static char *member_name(reader_t *r, const char **at)
{
	size_t len;
	char *name;

	skip_ws(r);
	*at = r->p;
	if (r->p >= r->end || *r->p != '"')
		return fail(r, "expected a member name (a string)");
	r->p++;
	name = read_string(r, &len);
	if (name == NULL)
		return NULL;
	skip_ws(r);
	if (r->p >= r->end || *r->p != ':') {
		free(name);
		return fail(r, "expected ':' after a member name");
	}
	r->p++;
	return name;
}

/* Arrays and objects after the opening bracket. */
static json_value_t *parse_container(reader_t *r, json_type_t type)
{
	char close = type == JSON_ARRAY ? ']' : '}';
	members_t m = {0, NULL};
	json_value_t *v, *item;
	const char *at = NULL;
	char *name = NULL;

	if (++r->depth > JSON_MAX_DEPTH)
		return fail(r, "nested too deeply");
	v = new_value(r, type);
	if (v == NULL)
		return NULL;
	r->p++;
	skip_ws(r);
	if (r->p < r->end && *r->p == close) {
		r->p++;
		r->depth--;
		return v;
	}
	for (;;) {
		if (type == JSON_OBJECT && (name = member_name(r, &at)) == NULL)
			break;
		item = parse_value(r);
		if (item == NULL) {
			free(name);
			break;
		}
		if (push(r, v, &m, name, at, item) != 0)
			break;
		skip_ws(r);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			continue;
		}
		if (r->p < r->end && *r->p == close) {
			if (type == JSON_OBJECT &&
			    names_unique(r, m.refs, v->n) != 0)
				break;
			r->p++;
			r->depth--;
			free(m.refs);
			return v;
		}
		fail(r, "expected ',' or '%c'", close);
		break;
	}
	free(m.refs);
	json_free(v);
	return NULL;
}

static json_value_t *parse_value(reader_t *r)
{
	json_value_t *v;

	skip_ws(r);
	if (r->p >= r->end)
		return fail(r, "unexpected end of input");
	switch (*r->p) {
	case '{':
		return parse_container(r, JSON_OBJECT);
	case '[':
		return parse_container(r, JSON_ARRAY);
	case '"':
		v = new_value(r, JSON_STRING);
		if (v == NULL)
			return NULL;
		r->p++;
		v->text = read_string(r, &v->len);
		if (v->text == NULL) {
			json_free(v);
			return NULL;
		}
		return v;
	default:
		if (*r->p == '-' || (*r->p >= '0' && *r->p <= '9'))
			return parse_number(r);
		return parse_word(r);
	}
}

int json_parse(const char *text, size_t len, json_value_t **out, char *err,
	       size_t err_size)
{
	reader_t r = {text, text, text + len, 0, err, err_size, 0, NULL, 0, 0};
	json_value_t *v;

	*out = NULL;
	if (len > JSON_MAX_INPUT) {
		snprintf(err, err_size, "input larger than %lu bytes",
			 JSON_MAX_INPUT);
		return -1;
	}
	if (memchr(text, '\0', len) != NULL) {
		r.p = memchr(text, '\0', len);
		fail(&r, "NUL byte in the input");
		return -1;
	}
	v = parse_value(&r);
	if (v == NULL) {
		if (!r.failed)
			fail(&r, "out of memory");
		return -1;
	}
	skip_ws(&r);
	if (r.p != r.end) {
		fail(&r, "text after the JSON value");
		json_free(v);
		return -1;
	}
	*out = v;
	return 0;
}

void json_free(json_value_t *v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < v->n; i++) {
		json_free(v->items[i]);
		if (v->names != NULL)
			free(v->names[i]);
	}
	free(v->items);
	free(v->names);
	free(v->text);
	free(v);
}

const json_value_t *json_member(const json_value_t *obj, const char *name)
{
	size_t i;

	if (obj == NULL || obj->type != JSON_OBJECT)
		return NULL;
	for (i = 0; i < obj->n; i++)
		if (strcmp(obj->names[i], name) == 0)
			return obj->items[i];
	return NULL;
}

int json_to_u64(const json_value_t *v, uint64_t max, uint64_t *out)
{
	uint64_t x = 0;
	size_t i;

	if (v == NULL || v->type != JSON_NUMBER || v->len == 0 || v->len > 20)
		return -1;
	for (i = 0; i < v->len; i++) {
		if (v->text[i] < '0' || v->text[i] > '9')
			return -1;
		if (x > (UINT64_MAX - (uint64_t)(v->text[i] - '0')) / 10)
			return -1;
		x = x * 10 + (uint64_t)(v->text[i] - '0');
	}
	if (x > max)
		return -1;
	*out = x;
	return 0;
}

const char *json_type_name(json_type_t type)
{
	static const char *const names[] = {
		[JSON_NULL] = "null",	  [JSON_FALSE] = "false",
		[JSON_TRUE] = "true",	  [JSON_NUMBER] = "number",
		[JSON_STRING] = "string", [JSON_ARRAY] = "array",
		[JSON_OBJECT] = "object",
	};

	return (size_t)type < sizeof(names) / sizeof(names[0]) ? names[type]
							       : "value";
}

/* ------------------------------------------------------------------ */
/* Writer                                                               */
/* ------------------------------------------------------------------ */

void json_writer_init(json_writer_t *w, FILE *out)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
	w->first[0] = 1;
}

static void put_quoted(FILE *out, const void *data, size_t len)
{
	const uint8_t *s = data;
	size_t i = 0, n;

	fputc('"', out);
	while (i < len) {
		if (s[i] == '"' || s[i] == '\\') {
			fprintf(out, "\\%c", s[i]);
			i++;
		} else if (s[i] < 0x20 || s[i] == 0x7f) {
			fprintf(out, "\\u%04x", s[i]);
			i++;
		} else if (s[i] < 0x80) {
			fputc(s[i++], out);
		} else {
			/* The character starting here, if valid: the shortest
			 * valid run from a lead byte is one character (a
			 * longer one could hold a quote or a control byte). */
			for (n = 2; n <= 4; n++)
				if (i + n <= len && utf8_valid(s + i, n))
					break;
			if (n <= 4) {
				fwrite(s + i, 1, n, out);
				i += n;
			} else {
				fputs("\\ufffd", out);
				i++;
			}
		}
	}
	fputc('"', out);
}

/* Separator, indentation and member name before a value. */
static void lead(json_writer_t *w, const char *name)
{
	int i;

	if (w->depth > 0) {
		fputs(w->first[w->depth] ? "\n" : ",\n", w->out);
		for (i = 0; i < w->depth; i++)
			fputs("  ", w->out);
	}
	w->first[w->depth] = 0;
	if (name != NULL) {
		put_quoted(w->out, name, strlen(name));
		fputs(": ", w->out);
	}
}

static void open_container(json_writer_t *w, const char *name, char c)
{
	lead(w, name);
	fputc(c, w->out);
	if (w->depth < JSON_MAX_DEPTH)
		w->depth++;
	w->first[w->depth] = 1;
}

static void close_container(json_writer_t *w, char c)
{
	int i, empty = w->first[w->depth];

	if (w->depth > 0)
		w->depth--;
	if (!empty) {
		fputc('\n', w->out);
		for (i = 0; i < w->depth; i++)
			fputs("  ", w->out);
	}
	fputc(c, w->out);
}

void json_begin_object(json_writer_t *w, const char *name)
{
	open_container(w, name, '{');
}

void json_end_object(json_writer_t *w)
{
	close_container(w, '}');
}

void json_begin_array(json_writer_t *w, const char *name)
{
	open_container(w, name, '[');
}

void json_end_array(json_writer_t *w)
{
	close_container(w, ']');
}

void json_string_n(json_writer_t *w, const char *name, const void *s,
		   size_t len)
{
	lead(w, name);
	put_quoted(w->out, s, len);
}

void json_string(json_writer_t *w, const char *name, const char *s)
{
	json_string_n(w, name, s, strlen(s));
}

void json_hex(json_writer_t *w, const char *name, const void *data, size_t len)
{
	const uint8_t *b = data;
	size_t i;

	lead(w, name);
	fputc('"', w->out);
	for (i = 0; i < len; i++)
		fprintf(w->out, "%02x", b[i]);
	fputc('"', w->out);
}

void json_u64(json_writer_t *w, const char *name, uint64_t v)
{
	lead(w, name);
	fprintf(w->out, "%llu", (unsigned long long)v);
}

void json_bool(json_writer_t *w, const char *name, int v)
{
	lead(w, name);
	fputs(v ? "true" : "false", w->out);
}

void json_null(json_writer_t *w, const char *name)
{
	lead(w, name);
	fputs("null", w->out);
}

void json_finish(json_writer_t *w)
{
	fputc('\n', w->out);
}
