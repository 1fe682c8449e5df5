/*
 * uri.c - RFC 7512 pkcs11: URIs of the module's objects, made and
 * matched with p11-kit's URI API, from the same token texts the module
 * reports (mapping/token_info.h).
 */
#include <stdlib.h>
#include <string.h>

#include "mapping/token_info.h"
#include "tools/tool.h"

static void fill_token(P11KitUri *uri, const inventory_slot_t *s)
{
	token_info_fill(p11_kit_uri_get_token_info(uri), s->provider, s->uuid,
			s->vendor, s->stored_label);
}

static char *format(P11KitUri *uri, P11KitUriType type)
{
	char *text = NULL;

	if (p11_kit_uri_format(uri, type, &text) != P11_KIT_URI_OK)
		text = NULL;
	p11_kit_uri_free(uri);
	return text;
}

char *tool_token_uri(const inventory_slot_t *s)
{
	P11KitUri *uri = p11_kit_uri_new();

	if (uri == NULL)
		return NULL;
	fill_token(uri, s);
	return format(uri, P11_KIT_URI_FOR_TOKEN);
}

/* Adds one attribute of the row (when it has it) to the URI. */
static int add(P11KitUri *uri, const store_object_t *row,
	       CK_ATTRIBUTE_TYPE type)
{
	const attr_t *a = attr_list_get(&row->attrs, type);
	CK_ATTRIBUTE ck;

	if (a == NULL)
		return 0;
	ck.type = type;
	ck.pValue = a->value;
	ck.ulValueLen = a->len;
	return p11_kit_uri_set_attribute(uri, &ck) == P11_KIT_URI_OK ? 0 : -1;
}

char *tool_object_uri(const inventory_slot_t *s, const store_object_t *row)
{
	P11KitUri *uri = p11_kit_uri_new();
	CK_OBJECT_CLASS cls = row->cls;
	CK_ATTRIBUTE ck = {CKA_CLASS, &cls, sizeof(cls)};

	if (uri == NULL)
		return NULL;
	fill_token(uri, s);
	if (p11_kit_uri_set_attribute(uri, &ck) != P11_KIT_URI_OK ||
	    add(uri, row, CKA_LABEL) != 0 || add(uri, row, CKA_ID) != 0) {
		p11_kit_uri_free(uri);
		return NULL;
	}
	return format(uri, P11_KIT_URI_FOR_OBJECT_ON_TOKEN);
}

int tool_uri_parse(const tool_ctx_t *t, const char *text, P11KitUri **out)
{
	P11KitUri *uri = p11_kit_uri_new();
	int rc;

	*out = NULL;
	if (uri == NULL)
		return tool_error(t, "out of memory");
	rc = p11_kit_uri_parse(text, P11_KIT_URI_FOR_ANY, uri);
	if (rc != P11_KIT_URI_OK) {
		p11_kit_uri_free(uri);
		fprintf(stderr,
			"parsec-pkcs11 %s: '%s' is not a pkcs11: URI: %s\n",
			t->cmd, text, p11_kit_uri_message(rc));
		return TOOL_USAGE;
	}
	if (p11_kit_uri_any_unrecognized(uri)) {
		p11_kit_uri_free(uri);
		fprintf(stderr,
			"parsec-pkcs11 %s: '%s' has an attribute this tool "
			"does not understand (it would match nothing)\n",
			t->cmd, text);
		return TOOL_USAGE;
	}
	*out = uri;
	return TOOL_OK;
}

/* The row as an array of CK_ATTRIBUTE pointing into it. */
static CK_ATTRIBUTE *row_attributes(const store_object_t *row,
				    CK_OBJECT_CLASS *cls, CK_ULONG *n)
{
	CK_ATTRIBUTE *a = calloc(row->attrs.count + 1, sizeof(*a));
	size_t i;

	if (a == NULL)
		return NULL;
	*n = 0;
	*cls = row->cls;
	a[(*n)++] = (CK_ATTRIBUTE){CKA_CLASS, cls, sizeof(*cls)};
	for (i = 0; i < row->attrs.count; i++) {
		if (row->attrs.items[i].type == CKA_CLASS)
			continue;
		a[*n].type = row->attrs.items[i].type;
		a[*n].pValue = row->attrs.items[i].value;
		a[*n].ulValueLen = row->attrs.items[i].len;
		(*n)++;
	}
	return a;
}

int tool_uri_match(P11KitUri *uri, const inventory_slot_t *s,
		   const store_object_t *row)
{
	CK_TOKEN_INFO token;
	CK_SLOT_INFO slot;
	CK_SLOT_ID want = p11_kit_uri_get_slot_id(uri);
	CK_OBJECT_CLASS cls;
	CK_ATTRIBUTE *attrs;
	CK_ULONG n;
	int match;

	memset(&token, 0, sizeof(token));
	memset(&slot, 0, sizeof(slot));
	token_info_fill(&token, s->provider, s->uuid, s->vendor,
			s->stored_label);
	token_info_fill_slot(&slot, s->description, s->vendor);
	if ((want != (CK_SLOT_ID)-1 && want != s->provider) ||
	    !p11_kit_uri_match_token_info(uri, &token) ||
	    !p11_kit_uri_match_slot_info(uri, &slot))
		return 0;
	attrs = row_attributes(row, &cls, &n);
	if (attrs == NULL)
		return 0;
	match = p11_kit_uri_match_attributes(uri, attrs, n);
	free(attrs);
	return match;
}

int tool_uri_find(const tool_ctx_t *t, P11KitUri *uri, const inventory_t *inv,
		  tool_match_t **out, size_t *n)
{
	tool_match_t *m = NULL, *p;
	size_t i, j;

	*out = NULL;
	*n = 0;
	for (i = 0; i < inv->n_slots; i++) {
		inventory_slot_t *s = &inv->slots[i];

		for (j = 0; j < s->n_rows; j++) {
			if (!tool_uri_match(uri, s, &s->rows[j]))
				continue;
			p = realloc(m, (*n + 1) * sizeof(*m));
			if (p == NULL) {
				free(m);
				*n = 0;
				return tool_error(t, "out of memory");
			}
			m = p;
			m[*n].slot = s;
			m[*n].row = &s->rows[j];
			m[*n].index = j;
			(*n)++;
		}
	}
	*out = m;
	return TOOL_OK;
}
