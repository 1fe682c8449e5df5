/*
 * attr_text.c - attribute values as a person reads them (list, show)
 * and as the export file holds them (JSON).
 *
 * JSON encoding, by the kind of value (mapping/attr_list.h):
 *   CK_BBOOL          true / false
 *   CK_ULONG          a constant name ("CKO_PRIVATE_KEY", "CKK_EC",
 *                     "CKM_ECDSA", "CK_UNAVAILABLE_INFORMATION") where
 *                     the attribute has a name table, else a number
 *   bytes             lowercase hex ("" when empty)
 *   CK_DATE           "YYYYMMDD" or ""
 *   mechanism arrays  an array of CKM_ names (numbers for unknown ones)
 * Attributes are named "CKA_LABEL"; the module's vendor attribute is
 * "CKA_PARSEC_NAME_ORIGIN"; other types are "0x" and hex (their values
 * are bytes).
 */
#include <stdlib.h>
#include <string.h>

#include "mapping/name_origin.h"
#include "tools/tool.h"

static const struct {
	CK_ATTRIBUTE_TYPE type;
	const char *name;
} vendor_names[] = {
	{CKA_PARSEC_NAME_ORIGIN, "CKA_PARSEC_NAME_ORIGIN"},
};

const char *tool_attr_name(CK_ATTRIBUTE_TYPE type, char *buf, size_t size)
{
	const char *name = attr_name(type);
	size_t i;

	if (name != NULL)
		return name;
	for (i = 0; i < sizeof(vendor_names) / sizeof(vendor_names[0]); i++)
		if (vendor_names[i].type == type)
			return vendor_names[i].name;
	snprintf(buf, size, "0x%lx", (unsigned long)type);
	return buf;
}

int tool_attr_type(const char *name, CK_ATTRIBUTE_TYPE *type)
{
	unsigned long long v;
	char *end;
	size_t i;

	if (attr_type_by_name(name, type))
		return 0;
	for (i = 0; i < sizeof(vendor_names) / sizeof(vendor_names[0]); i++)
		if (strcmp(vendor_names[i].name, name) == 0) {
			*type = vendor_names[i].type;
			return 0;
		}
	if (strncmp(name, "0x", 2) != 0 || name[2] == '\0' || strlen(name) > 18)
		return -1;
	v = strtoull(name + 2, &end, 16);
	if (*end != '\0' || (CK_ATTRIBUTE_TYPE)v != v)
		return -1;
	/* Known types go by their name, so one type has one spelling. */
	if (attr_name((CK_ATTRIBUTE_TYPE)v) != NULL ||
	    (CK_ATTRIBUTE_TYPE)v == CKA_PARSEC_NAME_ORIGIN)
		return -1;
	*type = (CK_ATTRIBUTE_TYPE)v;
	return 0;
}

int tool_attr_hidden(CK_OBJECT_CLASS cls, const attr_list_t *attrs,
		     CK_ATTRIBUTE_TYPE type)
{
	if (type == CKA_VALUE && cls == CKO_CERTIFICATE)
		return 0;
	if (type == CKA_VALUE && cls == CKO_DATA)
		return attr_list_get_bool(attrs, CKA_PRIVATE, CK_FALSE);
	return attr_wiped_on_free(type);
}

char *tool_hex(const void *data, size_t len)
{
	const uint8_t *b = data;
	char *s = malloc(2 * len + 1);
	size_t i;

	if (s == NULL)
		return NULL;
	for (i = 0; i < len; i++)
		snprintf(s + 2 * i, 3, "%02x", b[i]);
	s[2 * len] = '\0';
	return s;
}

/* The value has the length its kind needs (the store checks it; this
 * keeps a reader safe whatever it is given). */
static int shape_ok(const attr_t *a)
{
	switch (attr_kind(a->type)) {
	case ATTR_KIND_BOOL:
		return a->len == 1;
	case ATTR_KIND_ULONG:
		return a->len == sizeof(CK_ULONG);
	case ATTR_KIND_MECH_ARRAY:
		return a->len % sizeof(CK_ULONG) == 0;
	default:
		return 1;
	}
}

static CK_ULONG ulong_at(const attr_t *a, size_t i)
{
	CK_ULONG v;

	memcpy(&v, a->value + i * sizeof(v), sizeof(v));
	return v;
}

static int printable(const attr_t *a)
{
	size_t i;

	for (i = 0; i < a->len; i++)
		if (a->value[i] < 0x20 || a->value[i] == 0x7f)
			return 0;
	return 1;
}

static void print_origin(FILE *out, const attr_t *a)
{
	attr_list_t l = ATTR_LIST_INIT;
	name_origin_t o;
	char *id;
	int got;

	if (attr_list_set(&l, a->type, a->value, a->len) != CKR_OK)
		return;
	got = name_origin_get(&l, &o);
	attr_list_free(&l);
	if (got <= 0) {
		fputs("(malformed)", out);
		return;
	}
	if (o.kind == NAME_ORIGIN_FOREIGN) {
		fputs("named by another Parsec client (adopted)", out);
	} else {
		id = tool_hex(o.id, o.id_len);
		fprintf(out,
			"made by the naming scheme from label \"%.*s\", "
			"id %s",
			(int)o.label_len, o.label ? (char *)o.label : "",
			id && *id ? id : "(none)");
		free(id);
	}
	name_origin_free(&o);
}

void tool_attr_print(FILE *out, const attr_t *a)
{
	const ck_name_t *table = tool_ck_table_for(a->type);
	char buf[32], *hex;
	size_t i;

	switch (shape_ok(a) ? attr_kind(a->type) : ATTR_KIND_BYTES) {
	case ATTR_KIND_BOOL:
		fputs(a->len == 1 && a->value[0] ? "true" : "false", out);
		break;
	case ATTR_KIND_ULONG:
		if (table != NULL)
			fputs(tool_ck_text(table, ulong_at(a, 0), buf,
					   sizeof(buf)),
			      out);
		else
			fprintf(out, "%lu", (unsigned long)ulong_at(a, 0));
		break;
	case ATTR_KIND_MECH_ARRAY:
		for (i = 0; i < a->len / sizeof(CK_ULONG); i++)
			fprintf(out, "%s%s", i ? " " : "",
				tool_ck_text(tool_ck_mechanisms, ulong_at(a, i),
					     buf, sizeof(buf)));
		break;
	case ATTR_KIND_DATE:
		fprintf(out, "%.*s", (int)a->len, (const char *)a->value);
		break;
	default:
		if (a->type == CKA_PARSEC_NAME_ORIGIN) {
			print_origin(out, a);
			break;
		}
		if ((a->type == CKA_LABEL || a->type == CKA_APPLICATION ||
		     a->type == CKA_URL) &&
		    printable(a)) {
			fprintf(out, "\"%.*s\"", (int)a->len,
				(const char *)a->value);
			break;
		}
		hex = tool_hex(a->value, a->len);
		fputs(hex != NULL ? (*hex ? hex : "(empty)") : "?", out);
		free(hex);
	}
}

void tool_attr_to_json(json_writer_t *w, const attr_t *a)
{
	const ck_name_t *table = tool_ck_table_for(a->type);
	const char *name;
	char buf[32];
	size_t i;

	name = tool_attr_name(a->type, buf, sizeof(buf));
	switch (shape_ok(a) ? attr_kind(a->type) : ATTR_KIND_BYTES) {
	case ATTR_KIND_BOOL:
		json_bool(w, name, a->len == 1 && a->value[0]);
		return;
	case ATTR_KIND_ULONG:
		if (tool_ck_name(table, ulong_at(a, 0)) != NULL)
			json_string(w, name,
				    tool_ck_name(table, ulong_at(a, 0)));
		else
			json_u64(w, name, ulong_at(a, 0));
		return;
	case ATTR_KIND_MECH_ARRAY:
		json_begin_array(w, name);
		for (i = 0; i < a->len / sizeof(CK_ULONG); i++) {
			if (tool_ck_name(table, ulong_at(a, i)) != NULL)
				json_string(
					w, NULL,
					tool_ck_name(table, ulong_at(a, i)));
			else
				json_u64(w, NULL, ulong_at(a, i));
		}
		json_end_array(w);
		return;
	case ATTR_KIND_DATE:
		json_string_n(w, name, a->value, a->len);
		return;
	default:
		json_hex(w, name, a->value, a->len);
	}
}

/* ----- reading JSON back ------------------------------------------ */

static int bad(char *err, size_t size, const char *name, const char *what)
{
	snprintf(err, size, "attribute %s: %s", name, what);
	return -1;
}

static int ulong_from_json(const json_value_t *v, const ck_name_t *table,
			   CK_ULONG *out)
{
	uint64_t x;

	if (v->type == JSON_STRING)
		return tool_ck_value(table, v->text, out);
	if (json_to_u64(v, (CK_ULONG)-1, &x) != 0)
		return -1;
	*out = (CK_ULONG)x;
	return 0;
}

static int nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static int hex_from_json(const json_value_t *v, uint8_t **out, size_t *len)
{
	int hi, lo;
	size_t i;

	if (v->type != JSON_STRING || v->len % 2 != 0 ||
	    v->len / 2 > ATTR_VALUE_MAX_LEN)
		return -1;
	*len = v->len / 2;
	*out = malloc(*len ? *len : 1);
	if (*out == NULL)
		return -1;
	for (i = 0; i < *len; i++) {
		hi = nibble(v->text[2 * i]);
		lo = nibble(v->text[2 * i + 1]);
		if (hi < 0 || lo < 0) {
			free(*out);
			*out = NULL;
			return -1;
		}
		(*out)[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

static int mechs_from_json(const json_value_t *v, attr_list_t *l,
			   CK_ATTRIBUTE_TYPE type)
{
	CK_ULONG *m;
	size_t i;
	int rc = 0;

	if (v->type != JSON_ARRAY)
		return -1;
	m = calloc(v->n ? v->n : 1, sizeof(*m));
	if (m == NULL)
		return -1;
	for (i = 0; rc == 0 && i < v->n; i++)
		rc = ulong_from_json(v->items[i], tool_ck_mechanisms, &m[i]);
	if (rc == 0 && attr_list_set(l, type, v->n ? m : NULL,
				     (CK_ULONG)(v->n * sizeof(*m))) != CKR_OK)
		rc = -1;
	free(m);
	return rc;
}

static int date_valid(const json_value_t *v)
{
	return v->type == JSON_STRING &&
	       (v->len == 0 ||
		(v->len == 8 && strspn(v->text, "0123456789") == 8));
}

int tool_attr_from_json(const char *name, const json_value_t *v, attr_list_t *l,
			char *err, size_t err_size)
{
	CK_ATTRIBUTE_TYPE type;
	CK_ULONG u;
	CK_BBOOL b;
	uint8_t *bytes = NULL;
	size_t len = 0;
	CK_RV rv;

	if (tool_attr_type(name, &type) != 0)
		return bad(err, err_size, name, "unknown attribute");
	switch (attr_kind(type)) {
	case ATTR_KIND_BOOL:
		if (v->type != JSON_TRUE && v->type != JSON_FALSE)
			return bad(err, err_size, name,
				   "expected true or false");
		b = v->type == JSON_TRUE;
		rv = attr_list_set(l, type, &b, sizeof(b));
		break;
	case ATTR_KIND_ULONG:
		if (ulong_from_json(v, tool_ck_table_for(type), &u) != 0)
			return bad(err, err_size, name,
				   "expected a number or a constant name "
				   "this attribute takes");
		rv = attr_list_set(l, type, &u, sizeof(u));
		break;
	case ATTR_KIND_MECH_ARRAY:
		if (mechs_from_json(v, l, type) != 0)
			return bad(err, err_size, name,
				   "expected an array of CKM_ names or "
				   "numbers");
		return 0;
	case ATTR_KIND_DATE:
		if (!date_valid(v))
			return bad(err, err_size, name,
				   "expected \"YYYYMMDD\" or \"\"");
		rv = attr_list_set(l, type, v->len ? v->text : NULL,
				   (CK_ULONG)v->len);
		break;
	default:
		if (hex_from_json(v, &bytes, &len) != 0)
			return bad(err, err_size, name,
				   "expected lowercase hex digits, two per "
				   "byte");
		rv = attr_list_set(l, type, len ? bytes : NULL, (CK_ULONG)len);
		free(bytes);
	}
	if (rv != CKR_OK)
		return bad(err, err_size, name, "out of memory");
	return 0;
}
