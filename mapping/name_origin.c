/*
 * name_origin.c - the record of a key name's inputs, and the rule that
 * judges a name against the naming scheme (see name_origin.h).
 *
 * Record layout (CKA_PARSEC_NAME_ORIGIN), integers little-endian:
 *   u8 version = 1, u8 kind (name_origin_kind_t),
 *   u16 label length, label bytes, u16 id length, id bytes.
 */
#include "mapping/name_origin.h"

#include <stdlib.h>
#include <string.h>

#include "mapping/adopt.h"
#include "mapping/naming.h"

#define RECORD_V1 1
#define FIELD_MAX 0xffffu
/* Longest collision suffix naming.c appends ("-10000"), plus one. */
#define SUFFIX_ROOM 7

static const char *const verdict_texts[] = {
	[NAME_FROM_CURRENT] = "made by the naming scheme from its label and id",
	[NAME_FROM_RECORD] = "made by the naming scheme from its recorded "
			     "label and id (renamed since)",
	[NAME_FROM_OTHER] = "made by the naming scheme from another label or "
			    "id (changed through PKCS#11, not recorded)",
	[NAME_FOREIGN] = "chosen by another Parsec client (adopted)",
	[NAME_INVALID] = "not a name the naming scheme can make (empty, too "
			 "long, not UTF-8, a control character or '/')",
	[NAME_SESSION] = "a session key's name kept in the store",
	[NAME_RECORD_MISMATCH] = "the naming scheme does not make it from "
				 "its recorded label and id",
	[NAME_UNEXPLAINED] = "the naming scheme makes it from no label and id",
	[NAME_BAD_RECORD] = "its name record (CKA_PARSEC_NAME_ORIGIN) is "
			    "malformed",
};

const char *name_verdict_text(name_verdict_t v)
{
	if ((size_t)v >= sizeof(verdict_texts) / sizeof(verdict_texts[0]))
		return "unknown verdict";
	return verdict_texts[v];
}

void name_origin_free(name_origin_t *o)
{
	if (o == NULL)
		return;
	free(o->label);
	free(o->id);
	memset(o, 0, sizeof(*o));
}

/* ------------------------------------------------------------------ */
/* The record                                                           */
/* ------------------------------------------------------------------ */

static int take_field(const uint8_t **p, size_t *left, uint8_t **out,
		      size_t *len)
{
	size_t n;

	if (*left < 2)
		return -1;
	n = (size_t)(*p)[0] | (size_t)(*p)[1] << 8;
	*p += 2;
	*left -= 2;
	if (n > *left)
		return -1;
	*out = NULL;
	*len = n;
	if (n != 0) {
		*out = malloc(n);
		if (*out == NULL)
			return -1;
		memcpy(*out, *p, n);
	}
	*p += n;
	*left -= n;
	return 0;
}

int name_origin_get(const attr_list_t *attrs, name_origin_t *o)
{
	const attr_t *a = attr_list_get(attrs, CKA_PARSEC_NAME_ORIGIN);
	const uint8_t *p;
	size_t left;

	memset(o, 0, sizeof(*o));
	if (a == NULL)
		return 0;
	p = a->value;
	left = a->len;
	if (left < 2 || p[0] != RECORD_V1 ||
	    (p[1] != NAME_ORIGIN_SCHEME && p[1] != NAME_ORIGIN_FOREIGN))
		return -1;
	o->kind = (name_origin_kind_t)p[1];
	p += 2;
	left -= 2;
	if (take_field(&p, &left, &o->label, &o->label_len) != 0 ||
	    take_field(&p, &left, &o->id, &o->id_len) != 0 || left != 0) {
		name_origin_free(o);
		return -1;
	}
	return 1;
}

static uint8_t *put_field(uint8_t *p, const uint8_t *v, size_t len)
{
	*p++ = (uint8_t)(len & 0xff);
	*p++ = (uint8_t)(len >> 8);
	if (len != 0)
		memcpy(p, v, len);
	return p + len;
}

CK_RV name_origin_set(attr_list_t *attrs, const name_origin_t *o)
{
	size_t len = 2 + 2 + o->label_len + 2 + o->id_len;
	uint8_t *buf, *p;
	CK_RV rv;

	if (o->label_len > FIELD_MAX || o->id_len > FIELD_MAX)
		return CKR_ATTRIBUTE_VALUE_INVALID;
	buf = malloc(len);
	if (buf == NULL)
		return CKR_HOST_MEMORY;
	buf[0] = RECORD_V1;
	buf[1] = (uint8_t)o->kind;
	p = put_field(buf + 2, o->label, o->label_len);
	put_field(p, o->id, o->id_len);
	rv = attr_list_set(attrs, CKA_PARSEC_NAME_ORIGIN, buf, len);
	free(buf);
	return rv;
}

/* ------------------------------------------------------------------ */
/* Does the scheme make this name from these inputs?                    */
/* ------------------------------------------------------------------ */

/* What naming_parse reads back from a name. */
typedef struct captures {
	char *label;
	uint8_t *id;
	size_t id_len;
} captures_t;

static int parse(const char *scheme, const char *name, captures_t *c)
{
	return naming_parse(scheme, name, &c->label, &c->id, &c->id_len) ==
			       NAMING_OK
		       ? 0
		       : -1;
}

static void captures_free(captures_t *c)
{
	free(c->label);
	free(c->id);
	memset(c, 0, sizeof(*c));
}

static int same_label(const char *name, const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	if (strcmp(a, b) == 0)
		return 1;
	/* A long name was cut to make room for its collision suffix. */
	return strlen(name) > NAMING_MAX_LEN - SUFFIX_ROOM &&
	       strncmp(a, b, strlen(a)) == 0;
}

static int same_captures(const char *name, const captures_t *a,
			 const captures_t *b)
{
	return same_label(name, a->label, b->label) && a->id_len == b->id_len &&
	       (a->id_len == 0 || memcmp(a->id, b->id, a->id_len) == 0);
}

/* "NAME-N" with N >= 2 is NAME with a collision suffix. */
static int with_suffix(const char *name, const char *base)
{
	size_t n = strlen(base);
	const char *p = name + n;

	if (strncmp(name, base, n) != 0 || p[0] != '-' || p[1] < '1' ||
	    p[1] > '9')
		return 0;
	for (p++; *p >= '0' && *p <= '9'; p++)
		;
	return *p == '\0' && strcmp(name + n, "-1") != 0;
}

/* The schemes a name may come from: the configured one and the
 * fallbacks naming_make uses when it gives an empty name. */
static const char *const fallbacks[] = {"key-{id}", "key-{rand}"};

static int fits_scheme(const char *scheme, const char *name,
		       const char *expected)
{
	captures_t a = {0}, b = {0};
	int fits = 0;

	if (parse(scheme, name, &a) == 0 && parse(scheme, expected, &b) == 0)
		fits = same_captures(name, &a, &b);
	captures_free(&a);
	captures_free(&b);
	return fits;
}

static int fits(const char *scheme, const char *name, const uint8_t *label,
		size_t label_len, const uint8_t *id, size_t id_len)
{
	naming_input_t in = {label, label_len, id, id_len, "priv"};
	char *expected = NULL;
	size_t i;
	int ok;

	if (naming_make(scheme, &in, NULL, NULL, &expected) != NAMING_OK)
		return 0;
	ok = strcmp(name, expected) == 0 || with_suffix(name, expected) ||
	     fits_scheme(scheme, name, expected);
	for (i = 0; !ok && i < sizeof(fallbacks) / sizeof(fallbacks[0]); i++)
		ok = fits_scheme(fallbacks[i], name, expected);
	free(expected);
	return ok;
}

/* ------------------------------------------------------------------ */
/* The rule                                                             */
/* ------------------------------------------------------------------ */

static int copy_bytes(uint8_t **dst, size_t *dst_len, const void *src,
		      size_t len)
{
	*dst = NULL;
	*dst_len = len;
	if (len == 0)
		return 0;
	*dst = malloc(len);
	if (*dst == NULL)
		return -1;
	memcpy(*dst, src, len);
	return 0;
}

static const attr_t *bytes_attr(const attr_list_t *attrs,
				CK_ATTRIBUTE_TYPE type, const attr_t *none)
{
	const attr_t *a = attr_list_get(attrs, type);

	return a != NULL ? a : none;
}

/* Adopted and never relabelled: the label is the name and the key was
 * not made here (keypair.c). */
static int looks_adopted(const char *name, const attr_list_t *attrs)
{
	const attr_t *label = attr_list_get(attrs, CKA_LABEL);

	return !attr_list_get_bool(attrs, CKA_LOCAL, CK_FALSE) &&
	       label != NULL && label->len == strlen(name) &&
	       memcmp(label->value, name, label->len) == 0;
}

static name_verdict_t explain(name_verdict_t v, name_origin_kind_t kind,
			      const void *label, size_t label_len,
			      const void *id, size_t id_len, name_origin_t *why)
{
	if (why == NULL)
		return v;
	memset(why, 0, sizeof(*why));
	why->kind = kind;
	if (copy_bytes(&why->label, &why->label_len, label, label_len) != 0 ||
	    copy_bytes(&why->id, &why->id_len, id, id_len) != 0)
		name_origin_free(why);
	return v;
}

static name_verdict_t judge_record(const char *scheme, const char *name,
				   const name_origin_t *rec, name_origin_t *why)
{
	if (rec->kind == NAME_ORIGIN_FOREIGN)
		return explain(NAME_FOREIGN, NAME_ORIGIN_FOREIGN, NULL, 0, NULL,
			       0, why);
	if (fits(scheme, name, rec->label, rec->label_len, rec->id,
		 rec->id_len))
		return explain(NAME_FROM_RECORD, NAME_ORIGIN_SCHEME, rec->label,
			       rec->label_len, rec->id, rec->id_len, why);
	return NAME_RECORD_MISMATCH;
}

static name_verdict_t judge_plain(const char *scheme, const char *name,
				  const attr_list_t *attrs, name_origin_t *why)
{
	const attr_t none = {0, 0, NULL};
	const attr_t *label = bytes_attr(attrs, CKA_LABEL, &none);
	const attr_t *id = bytes_attr(attrs, CKA_ID, &none);
	captures_t c = {0};
	name_verdict_t v = NAME_UNEXPLAINED;
	size_t i;

	/* Adopted first: its name came from elsewhere, whatever the
	 * scheme would make of it. */
	if (looks_adopted(name, attrs))
		return explain(NAME_FOREIGN, NAME_ORIGIN_FOREIGN, NULL, 0, NULL,
			       0, why);
	if (fits(scheme, name, label->value, label->len, id->value, id->len))
		return explain(NAME_FROM_CURRENT, NAME_ORIGIN_SCHEME,
			       label->value, label->len, id->value, id->len,
			       why);
	if (parse(scheme, name, &c) == 0)
		v = explain(NAME_FROM_OTHER, NAME_ORIGIN_SCHEME, c.label,
			    c.label ? strlen(c.label) : 0, c.id, c.id_len, why);
	for (i = 0; v == NAME_UNEXPLAINED &&
		    i < sizeof(fallbacks) / sizeof(fallbacks[0]);
	     i++) {
		captures_free(&c);
		if (parse(fallbacks[i], name, &c) == 0)
			v = explain(NAME_FROM_OTHER, NAME_ORIGIN_SCHEME, NULL,
				    0, c.id, c.id_len, why);
	}
	captures_free(&c);
	return v;
}

name_verdict_t name_origin_judge(const char *scheme, const char *key_name,
				 const attr_list_t *attrs, name_origin_t *why)
{
	name_origin_t rec;
	name_verdict_t v;
	int has;

	if (why != NULL)
		memset(why, 0, sizeof(*why));
	if (key_name != NULL && adopt_is_session_name(key_name))
		return NAME_SESSION;
	if (!naming_name_valid(key_name))
		return NAME_INVALID;
	has = name_origin_get(attrs, &rec);
	if (has < 0)
		return NAME_BAD_RECORD;
	v = has ? judge_record(scheme, key_name, &rec, why)
		: judge_plain(scheme, key_name, attrs, why);
	name_origin_free(&rec);
	return v;
}
