/*
 * describe.c - short descriptions of store objects: what they are and
 * how big.
 */
#include <stdio.h>
#include <string.h>

#include "mapping/pubkey.h"
#include "mapping/token_info.h"
#include "tools/tool.h"

static const struct {
	CK_OBJECT_CLASS cls;
	const char *text;
} class_texts[] = {
	{CKO_PRIVATE_KEY, "private key"},
	{CKO_PUBLIC_KEY, "public key"},
	{CKO_SECRET_KEY, "secret key"},
	{CKO_CERTIFICATE, "certificate"},
	{CKO_DATA, "data"},
};

const char *tool_class_text(CK_OBJECT_CLASS cls)
{
	size_t i;

	for (i = 0; i < sizeof(class_texts) / sizeof(class_texts[0]); i++)
		if (class_texts[i].cls == cls)
			return class_texts[i].text;
	return "object";
}

static unsigned long modulus_bits(const attr_t *a)
{
	size_t i = 0;
	unsigned long bits;
	uint8_t top;

	while (i < a->len && a->value[i] == 0)
		i++;
	if (i == a->len)
		return 0;
	bits = (unsigned long)(a->len - i) * 8;
	for (top = a->value[i]; !(top & 0x80); top <<= 1)
		bits--;
	return bits;
}

unsigned long tool_key_bits(const store_object_t *row, const char **curve)
{
	const attr_t *a;
	const pubkey_curve_t *c;
	CK_KEY_TYPE kt;

	*curve = NULL;
	kt = attr_list_get_ulong(&row->attrs, CKA_KEY_TYPE,
				 CK_UNAVAILABLE_INFORMATION);
	if (kt == CKK_RSA) {
		/* Private keys carry the modulus, not its size. */
		a = attr_list_get(&row->attrs, CKA_MODULUS);
		return attr_list_get_ulong(&row->attrs, CKA_MODULUS_BITS,
					   a != NULL ? modulus_bits(a) : 0);
	}
	if (kt != CKK_EC)
		return 0;
	a = attr_list_get(&row->attrs, CKA_EC_PARAMS);
	c = a != NULL ? pubkey_curve_from_params(a->value, a->len) : NULL;
	if (c == NULL)
		return 0;
	*curve = c->name;
	return c->bits;
}

const char *tool_kind_text(const store_object_t *row, char *buf, size_t size)
{
	const char *curve, *type;
	unsigned long bits;
	char tmp[32];
	CK_KEY_TYPE kt;

	buf[0] = '\0';
	if (row->cls == CKO_CERTIFICATE) {
		type = tool_ck_text(tool_ck_table_for(CKA_CERTIFICATE_TYPE),
				    attr_list_get_ulong(&row->attrs,
							CKA_CERTIFICATE_TYPE,
							CKC_X_509),
				    tmp, sizeof(tmp));
		snprintf(buf, size, "%s",
			 strcmp(type, "CKC_X_509") == 0 ? "X.509" : type);
		return buf;
	}
	kt = attr_list_get_ulong(&row->attrs, CKA_KEY_TYPE,
				 CK_UNAVAILABLE_INFORMATION);
	if (kt == CK_UNAVAILABLE_INFORMATION)
		return buf;
	bits = tool_key_bits(row, &curve);
	type = tool_ck_text(tool_ck_key_types, kt, tmp, sizeof(tmp));
	if (strncmp(type, "CKK_", 4) == 0)
		type += 4;
	if (curve != NULL)
		snprintf(buf, size, "%s %s", type, curve);
	else if (bits != 0)
		snprintf(buf, size, "%s %lu", type, bits);
	else
		snprintf(buf, size, "%s", type);
	return buf;
}

const char *tool_token_label(const inventory_slot_t *s, char *buf, size_t size)
{
	token_info_label(s->provider, s->stored_label, buf, size);
	return buf;
}

int tool_first_of_key(const inventory_slot_t *s, size_t i)
{
	size_t j;

	if (s->rows[i].key_name == NULL)
		return 0;
	for (j = 0; j < i; j++)
		if (s->rows[j].key_name != NULL &&
		    strcmp(s->rows[j].key_name, s->rows[i].key_name) == 0)
			return 0;
	return 1;
}

const store_object_t *tool_key_row(const inventory_slot_t *s, size_t i)
{
	const store_object_t *row = &s->rows[i];
	const store_object_t *p = inventory_partner(s, row);

	return p != NULL && p->cls == CKO_PRIVATE_KEY ? p : row;
}
