/*
 * attr_list.c - an owned list of PKCS#11 attributes and its store encoding.
 *
 * Encoding (version 1), all integers little-endian:
 *   u8 version = 1, u32 count, then count records of
 *   u64 type, u8 kind (attr_kind_t), u32 length, length bytes of payload.
 * Payloads: BOOL one byte 0/1; ULONG a u64; MECH_ARRAY u64 elements;
 * BYTES and DATE the bytes themselves. CK_ULONG is 32 bits on some hosts,
 * so ~0 (CK_UNAVAILABLE_INFORMATION) travels as the all-ones u64 and any
 * other value that does not fit is refused. The kind is recorded and
 * checked against the reader's table; a type the reader does not know is
 * accepted only as opaque bytes (how such types are also written), so
 * whatever decodes encodes back to the same bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "mapping/attr_list.h"

#define ATTR_ENCODING_V1 1
#define RECORD_HEADER_LEN (8 + 1 + 4)
#define ULONG_WIRE_LEN 8

/* ------------------------------------------------------------------ */
/* Value rules                                                          */
/* ------------------------------------------------------------------ */

static int bool_valid(const uint8_t *v, CK_ULONG len)
{
	return len == sizeof(CK_BBOOL) && (v[0] == CK_FALSE || v[0] == CK_TRUE);
}

static int ulong_valid(const uint8_t *v, CK_ULONG len)
{
	return len == sizeof(CK_ULONG);
}

static int bytes_valid(const uint8_t *v, CK_ULONG len)
{
	return len <= ATTR_VALUE_MAX_LEN;
}

/* CK_DATE: "YYYYMMDD" in ASCII, or empty for "no date" (4.7.3). */
static int date_valid(const uint8_t *v, CK_ULONG len)
{
	CK_ULONG i;

	if (len == 0)
		return 1;
	if (len != sizeof(CK_DATE))
		return 0;
	for (i = 0; i < len; i++)
		if (v[i] < '0' || v[i] > '9')
			return 0;
	return 1;
}

static int mech_array_valid(const uint8_t *v, CK_ULONG len)
{
	return len % sizeof(CK_MECHANISM_TYPE) == 0 &&
	       len / sizeof(CK_MECHANISM_TYPE) * ULONG_WIRE_LEN <=
		       ATTR_VALUE_MAX_LEN;
}

static int (*const kind_valid[])(const uint8_t *, CK_ULONG) = {
	[ATTR_KIND_BOOL] = bool_valid,
	[ATTR_KIND_ULONG] = ulong_valid,
	[ATTR_KIND_BYTES] = bytes_valid,
	[ATTR_KIND_DATE] = date_valid,
	[ATTR_KIND_MECH_ARRAY] = mech_array_valid,
};

#define KIND_COUNT (sizeof(kind_valid) / sizeof(kind_valid[0]))

CK_RV attr_check_value(CK_ATTRIBUTE_TYPE type, const void *value, CK_ULONG len)
{
	attr_kind_t kind = attr_kind(type);

	if (kind == ATTR_KIND_UNKNOWN)
		return CKR_ATTRIBUTE_TYPE_INVALID;
	if (len != 0 && value == NULL)
		return CKR_ATTRIBUTE_VALUE_INVALID;
	return kind_valid[kind](value, len) ? CKR_OK
					    : CKR_ATTRIBUTE_VALUE_INVALID;
}

/* ------------------------------------------------------------------ */
/* The list                                                             */
/* ------------------------------------------------------------------ */

static void attr_clear(attr_t *a)
{
	if (a->value != NULL && attr_wiped_on_free(a->type))
		explicit_bzero(a->value, a->len);
	free(a->value);
	a->value = NULL;
	a->len = 0;
}

void attr_list_init(attr_list_t *l)
{
	l->items = NULL;
	l->count = 0;
	l->cap = 0;
}

void attr_list_free(attr_list_t *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->count; i++)
		attr_clear(&l->items[i]);
	free(l->items);
	attr_list_init(l);
}

static CK_RV reserve(attr_list_t *l, size_t n)
{
	size_t cap = l->cap ? l->cap : 8;
	attr_t *items;

	if (n <= l->cap)
		return CKR_OK;
	while (cap < n) {
		if (cap > SIZE_MAX / 2 / sizeof(attr_t))
			return CKR_HOST_MEMORY;
		cap *= 2;
	}
	items = realloc(l->items, cap * sizeof(attr_t));
	if (items == NULL)
		return CKR_HOST_MEMORY;
	l->items = items;
	l->cap = cap;
	return CKR_OK;
}

static CK_RV dup_value(const void *value, CK_ULONG len, uint8_t **out)
{
	*out = NULL;
	if (len == 0)
		return CKR_OK;
	*out = malloc(len);
	if (*out == NULL)
		return CKR_HOST_MEMORY;
	memcpy(*out, value, len);
	return CKR_OK;
}

static attr_t *find(const attr_list_t *l, CK_ATTRIBUTE_TYPE type)
{
	size_t i;

	for (i = 0; i < l->count; i++)
		if (l->items[i].type == type)
			return &l->items[i];
	return NULL;
}

CK_RV attr_list_copy(attr_list_t *dst, const attr_list_t *src)
{
	CK_RV rv;
	size_t i;

	attr_list_init(dst);
	rv = reserve(dst, src->count);
	for (i = 0; rv == CKR_OK && i < src->count; i++) {
		attr_t *a = &dst->items[i];

		a->type = src->items[i].type;
		a->len = src->items[i].len;
		rv = dup_value(src->items[i].value, a->len, &a->value);
		if (rv == CKR_OK)
			dst->count++;
	}
	if (rv != CKR_OK)
		attr_list_free(dst);
	return rv;
}

CK_RV attr_list_set(attr_list_t *l, CK_ATTRIBUTE_TYPE type, const void *value,
		    CK_ULONG len)
{
	uint8_t *copy;
	attr_t *a;
	CK_RV rv;

	if (l == NULL || (len != 0 && value == NULL))
		return CKR_ARGUMENTS_BAD;
	rv = dup_value(value, len, &copy);
	if (rv != CKR_OK)
		return rv;
	a = find(l, type);
	if (a == NULL) {
		rv = reserve(l, l->count + 1);
		if (rv != CKR_OK) {
			free(copy);
			return rv;
		}
		a = &l->items[l->count++];
		a->type = type;
	} else {
		attr_clear(a);
	}
	a->value = copy;
	a->len = len;
	return CKR_OK;
}

CK_RV attr_list_set_bool(attr_list_t *l, CK_ATTRIBUTE_TYPE type, CK_BBOOL v)
{
	return attr_list_set(l, type, &v, sizeof(v));
}

CK_RV attr_list_set_ulong(attr_list_t *l, CK_ATTRIBUTE_TYPE type, CK_ULONG v)
{
	return attr_list_set(l, type, &v, sizeof(v));
}

/* All or nothing: a template that fails half-way leaves l as it was. */
CK_RV attr_list_set_template(attr_list_t *l, const CK_ATTRIBUTE *tmpl,
			     CK_ULONG count)
{
	attr_list_t next;
	CK_ULONG i;
	CK_RV rv;

	if (l == NULL || (count != 0 && tmpl == NULL))
		return CKR_ARGUMENTS_BAD;
	for (i = 0; i < count; i++) {
		rv = attr_check_value(tmpl[i].type, tmpl[i].pValue,
				      tmpl[i].ulValueLen);
		if (rv != CKR_OK)
			return rv;
	}
	rv = attr_list_copy(&next, l);
	for (i = 0; rv == CKR_OK && i < count; i++)
		rv = attr_list_set(&next, tmpl[i].type, tmpl[i].pValue,
				   tmpl[i].ulValueLen);
	if (rv != CKR_OK) {
		attr_list_free(&next);
		return rv;
	}
	attr_list_free(l);
	*l = next;
	return CKR_OK;
}

void attr_list_remove(attr_list_t *l, CK_ATTRIBUTE_TYPE type)
{
	attr_t *a = find(l, type);
	size_t i;

	if (a == NULL)
		return;
	attr_clear(a);
	i = (size_t)(a - l->items);
	memmove(a, a + 1, (l->count - i - 1) * sizeof(attr_t));
	l->count--;
}

const attr_t *attr_list_get(const attr_list_t *l, CK_ATTRIBUTE_TYPE type)
{
	return find(l, type);
}

CK_BBOOL attr_list_get_bool(const attr_list_t *l, CK_ATTRIBUTE_TYPE type,
			    CK_BBOOL def)
{
	const attr_t *a = find(l, type);

	if (a == NULL || a->len != sizeof(CK_BBOOL))
		return def;
	return a->value[0] ? CK_TRUE : CK_FALSE;
}

CK_ULONG attr_list_get_ulong(const attr_list_t *l, CK_ATTRIBUTE_TYPE type,
			     CK_ULONG def)
{
	const attr_t *a = find(l, type);
	CK_ULONG v;

	if (a == NULL || a->len != sizeof(CK_ULONG))
		return def;
	memcpy(&v, a->value, sizeof(v));
	return v;
}

CK_ULONG attr_template_ulong(const CK_ATTRIBUTE *a)
{
	CK_ULONG v;

	memcpy(&v, a->pValue, sizeof(v));
	return v;
}

const CK_ATTRIBUTE *attr_template_find(const CK_ATTRIBUTE *tmpl, CK_ULONG count,
				       CK_ATTRIBUTE_TYPE type)
{
	CK_ULONG i;

	for (i = 0; tmpl != NULL && i < count; i++)
		if (tmpl[i].type == type)
			return &tmpl[i];
	return NULL;
}

/* CK_BBOOL compares as true/false and CK_ULONG by value, so a template
 * built with another true value or an unaligned buffer still matches. */
static int value_equal(const attr_t *a, const CK_ATTRIBUTE *t)
{
	const uint8_t *tv = t->pValue;
	CK_ULONG x, y;

	if (a == NULL || (t->ulValueLen != 0 && tv == NULL))
		return 0;
	if (a->len != t->ulValueLen)
		return 0;
	switch (attr_kind(a->type)) {
	case ATTR_KIND_BOOL:
		return a->len == 1 && (a->value[0] != 0) == (tv[0] != 0);
	case ATTR_KIND_ULONG:
		if (a->len != sizeof(CK_ULONG))
			return 0;
		memcpy(&x, a->value, sizeof(x));
		memcpy(&y, tv, sizeof(y));
		return x == y;
	default:
		return a->len == 0 || memcmp(a->value, tv, a->len) == 0;
	}
}

int attr_list_matches(const attr_list_t *l, const CK_ATTRIBUTE *tmpl,
		      CK_ULONG count)
{
	CK_ULONG i;

	if (count != 0 && tmpl == NULL)
		return 0;
	for (i = 0; i < count; i++)
		if (!value_equal(find(l, tmpl[i].type), &tmpl[i]))
			return 0;
	return 1;
}

/* ------------------------------------------------------------------ */
/* Encoding                                                             */
/* ------------------------------------------------------------------ */

static uint8_t *put_le(uint8_t *p, uint64_t v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
	return p + n;
}

static uint64_t ulong_to_wire(CK_ULONG v)
{
	return v == (CK_ULONG)-1 ? UINT64_MAX : (uint64_t)v;
}

static int ulong_from_wire(uint64_t w, CK_ULONG *v)
{
	if (w == UINT64_MAX) {
		*v = (CK_ULONG)-1;
		return 0;
	}
	*v = (CK_ULONG)w;
	return (uint64_t)*v == w ? 0 : -1;
}

/* Kind the record carries, and the payload length; -1 when the in-memory
 * value does not have the shape of its kind. */
static int record_shape(const attr_t *a, attr_kind_t *kind, size_t *plen)
{
	*kind = attr_kind(a->type);
	if (*kind == ATTR_KIND_UNKNOWN)
		*kind = ATTR_KIND_BYTES;
	if (a->len != 0 && a->value == NULL)
		return -1;
	if (!kind_valid[*kind](a->value, a->len))
		return -1;
	*plen = a->len;
	if (*kind == ATTR_KIND_ULONG)
		*plen = ULONG_WIRE_LEN;
	else if (*kind == ATTR_KIND_MECH_ARRAY)
		*plen = a->len / sizeof(CK_ULONG) * ULONG_WIRE_LEN;
	return 0;
}

static uint8_t *put_payload(uint8_t *p, const attr_t *a, attr_kind_t kind)
{
	CK_ULONG v;
	size_t i;

	if (kind != ATTR_KIND_ULONG && kind != ATTR_KIND_MECH_ARRAY) {
		if (a->len != 0)
			memcpy(p, a->value, a->len);
		return p + a->len;
	}
	for (i = 0; i < a->len / sizeof(CK_ULONG); i++) {
		memcpy(&v, a->value + i * sizeof(CK_ULONG), sizeof(v));
		p = put_le(p, ulong_to_wire(v), ULONG_WIRE_LEN);
	}
	return p;
}

CK_RV attr_list_encode(const attr_list_t *l, uint8_t **out, size_t *len)
{
	size_t total = 1 + 4, i, plen;
	attr_kind_t kind;
	uint8_t *buf, *p;

	if (l == NULL || out == NULL || len == NULL || l->count > UINT32_MAX)
		return CKR_ARGUMENTS_BAD;
	for (i = 0; i < l->count; i++) {
		if (record_shape(&l->items[i], &kind, &plen) != 0)
			return CKR_ATTRIBUTE_VALUE_INVALID;
		total += RECORD_HEADER_LEN + plen;
	}
	buf = malloc(total);
	if (buf == NULL)
		return CKR_HOST_MEMORY;
	p = put_le(buf, ATTR_ENCODING_V1, 1);
	p = put_le(p, l->count, 4);
	for (i = 0; i < l->count; i++) {
		const attr_t *a = &l->items[i];

		record_shape(a, &kind, &plen);
		p = put_le(p, a->type, 8);
		p = put_le(p, kind, 1);
		p = put_le(p, plen, 4);
		p = put_payload(p, a, kind);
	}
	*out = buf;
	*len = total;
	return CKR_OK;
}

typedef struct reader {
	const uint8_t *p;
	size_t left;
} reader_t;

static int get_le(reader_t *r, size_t n, uint64_t *v)
{
	size_t i;

	if (r->left < n)
		return -1;
	*v = 0;
	for (i = 0; i < n; i++)
		*v |= (uint64_t)r->p[i] << (8 * i);
	r->p += n;
	r->left -= n;
	return 0;
}

/* ULONG and MECH_ARRAY payloads: u64 elements back to CK_ULONGs. */
static CK_RV decode_ulongs(attr_list_t *l, CK_ATTRIBUTE_TYPE type,
			   const uint8_t *p, size_t plen)
{
	reader_t r = {p, plen};
	size_t n = plen / ULONG_WIRE_LEN, i;
	CK_ULONG *values;
	uint64_t w;
	CK_RV rv = CKR_OK;

	if (plen % ULONG_WIRE_LEN != 0)
		return CKR_GENERAL_ERROR;
	if (n == 0)
		return attr_list_set(l, type, NULL, 0);
	values = calloc(n, sizeof(CK_ULONG));
	if (values == NULL)
		return CKR_HOST_MEMORY;
	for (i = 0; rv == CKR_OK && i < n; i++)
		if (get_le(&r, ULONG_WIRE_LEN, &w) != 0 ||
		    ulong_from_wire(w, &values[i]) != 0)
			rv = CKR_GENERAL_ERROR;
	if (rv == CKR_OK)
		rv = attr_list_set(l, type, values, n * sizeof(CK_ULONG));
	free(values);
	return rv;
}

static CK_RV decode_record(attr_list_t *l, reader_t *r)
{
	uint64_t type, kind, plen;
	const uint8_t *payload;
	attr_kind_t local;

	if (get_le(r, 8, &type) != 0 || get_le(r, 1, &kind) != 0 ||
	    get_le(r, 4, &plen) != 0)
		return CKR_GENERAL_ERROR;
	if ((uint64_t)(CK_ATTRIBUTE_TYPE)type != type ||
	    kind == ATTR_KIND_UNKNOWN || kind >= KIND_COUNT || plen > r->left ||
	    plen > ATTR_VALUE_MAX_LEN)
		return CKR_GENERAL_ERROR;
	/* Types this build does not know travel as opaque bytes only. */
	local = attr_kind(type);
	if (local == ATTR_KIND_UNKNOWN ? kind != ATTR_KIND_BYTES
				       : kind != local)
		return CKR_GENERAL_ERROR;
	if (find(l, type) != NULL)
		return CKR_GENERAL_ERROR;
	payload = r->p;
	r->p += plen;
	r->left -= plen;
	if (kind == ATTR_KIND_ULONG) {
		if (plen != ULONG_WIRE_LEN)
			return CKR_GENERAL_ERROR;
		return decode_ulongs(l, type, payload, plen);
	}
	if (kind == ATTR_KIND_MECH_ARRAY)
		return decode_ulongs(l, type, payload, plen);
	if (!kind_valid[kind](payload, plen))
		return CKR_GENERAL_ERROR;
	return attr_list_set(l, type, plen ? payload : NULL, plen);
}

CK_RV attr_list_decode(attr_list_t *l, const uint8_t *in, size_t len)
{
	reader_t r = {in, len};
	attr_list_t tmp = ATTR_LIST_INIT;
	uint64_t version, n, i;
	CK_RV rv = CKR_OK;

	if (l == NULL)
		return CKR_ARGUMENTS_BAD;
	attr_list_init(l);
	if (in == NULL)
		return CKR_GENERAL_ERROR;
	if (get_le(&r, 1, &version) != 0 || version != ATTR_ENCODING_V1 ||
	    get_le(&r, 4, &n) != 0 || n > r.left / RECORD_HEADER_LEN)
		return CKR_GENERAL_ERROR;
	rv = reserve(&tmp, (size_t)n);
	for (i = 0; rv == CKR_OK && i < n; i++)
		rv = decode_record(&tmp, &r);
	if (rv == CKR_OK && r.left != 0)
		rv = CKR_GENERAL_ERROR;
	if (rv != CKR_OK) {
		attr_list_free(&tmp);
		return rv;
	}
	*l = tmp;
	return CKR_OK;
}
