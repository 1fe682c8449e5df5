/*
 * cmd_list.c - list and show: the mapping between the module's objects
 * and Parsec keys, read from the store and the service (no change).
 */
#include <stdlib.h>
#include <string.h>

#include "mapping/name_origin.h"
#include "tools/tool.h"

static int cmd_list(tool_ctx_t *t, int argc, char **argv);
static int cmd_show(tool_ctx_t *t, int argc, char **argv);

static const tool_command_t list_commands[] = {
	{"list", "[--json]",
	 "List every object of every slot with its Parsec key and URI.",
	 "For each slot (Parsec provider): its token and, for each object, "
	 "the class, key type\nand size, CKA_LABEL, CKA_ID (hex), the Parsec "
	 "key name, the allowed mechanisms\nand its pkcs11: URI; then this "
	 "application's Parsec keys that the store does\nnot map (adopt "
	 "takes them in).\n"
	 "  --json   the same as one JSON document (see parsec-pkcs11(1))\n"
	 "Requests: ListProviders, ListKeys.\n",
	 cmd_list},
	{"show", "[--json] URI",
	 "Show every attribute of the objects a pkcs11: URI names.",
	 "Values that may be secret (a private data object's value) are not "
	 "shown.\nExit status 1 when the URI names no object.\n"
	 "  --json   the objects as JSON, attributes encoded as by export\n",
	 cmd_show},
};

const tool_group_t tool_list_group = {
	list_commands,
	sizeof(list_commands) / sizeof(list_commands[0]),
};

static const char *row_status(const inventory_slot_t *s, size_t i)
{
	if (s->rows[i].key_name == NULL)
		return "no-key";
	return s->stale[i] ? "stale" : "ok";
}

static const char *key_state_text(inventory_key_state_t st)
{
	static const char *const texts[] = {
		[INVENTORY_KEY_STORED] = "stored",
		[INVENTORY_KEY_ORPHAN] = "orphan",
		[INVENTORY_KEY_SESSION] = "session",
		[INVENTORY_KEY_UNPRESENTED] = "unpresented",
		[INVENTORY_KEY_NOT_A_SLOT] = "not-a-slot",
	};

	return texts[st];
}

static void print_header(const tool_ctx_t *t, const inventory_t *inv)
{
	printf("Application %s on %s; store %s\n", inv->identity,
	       t->cfg.service_id, t->cfg.store);
}

/* ----- text -------------------------------------------------------- */

static void print_bytes_attr(const char *what, const attr_t *a)
{
	printf("  %s ", what);
	if (a == NULL)
		fputs("(none)", stdout);
	else
		tool_attr_print(stdout, a);
}

static void print_object(const inventory_slot_t *s, size_t i)
{
	const store_object_t *row = &s->rows[i];
	const attr_t *mechs =
		attr_list_get(&row->attrs, CKA_ALLOWED_MECHANISMS);
	char kind[64], *uri = tool_object_uri(s, row);

	printf("  %-11s %-16s", tool_class_text(row->cls),
	       tool_kind_text(row, kind, sizeof(kind)));
	print_bytes_attr("label", attr_list_get(&row->attrs, CKA_LABEL));
	print_bytes_attr(" id", attr_list_get(&row->attrs, CKA_ID));
	putchar('\n');
	if (row->key_name != NULL)
		printf("      Parsec key \"%s\" on provider %u%s\n",
		       row->key_name, s->provider,
		       s->stale[i] ? ": GONE (stale; 'parsec-pkcs11 forget' "
				     "drops it)"
				   : "");
	if (mechs != NULL) {
		fputs("      mechanisms: ", stdout);
		tool_attr_print(stdout, mechs);
		putchar('\n');
	}
	printf("      %s\n", uri ? uri : "(no URI: out of memory)");
	free(uri);
}

static void print_key(const parsec_key_info_t *k, inventory_key_state_t st)
{
	static const char *const why[] = {
		[INVENTORY_KEY_ORPHAN] = "not in the store (adopt takes it in)",
		[INVENTORY_KEY_SESSION] = "a session key of some process",
		[INVENTORY_KEY_UNPRESENTED] = "a type the module does not "
					      "present",
		[INVENTORY_KEY_NOT_A_SLOT] = "its provider is not a slot",
	};

	printf("  Parsec key  \"%s\" %s %u bits: %s\n", k->name,
	       tool_key_type_name(k->attributes.type), k->attributes.bits,
	       why[st]);
}

static void list_text(const tool_ctx_t *t, const inventory_t *inv)
{
	size_t i, j, others = 0;
	char label[TOOL_LABEL_MAX];
	char *uri;

	print_header(t, inv);
	for (i = 0; i < inv->n_slots; i++) {
		const inventory_slot_t *s = &inv->slots[i];

		if (!s->is_slot) {
			others += s->n_rows;
			continue;
		}
		uri = tool_token_uri(s);
		printf("\nSlot %u: token \"%s\"\n  %s\n", s->provider,
		       tool_token_label(s, label, sizeof(label)),
		       uri ? uri : "");
		free(uri);
		if (s->n_rows == 0)
			printf("  (no objects)\n");
		for (j = 0; j < s->n_rows; j++)
			print_object(s, j);
		for (j = 0; j < s->n_keys; j++)
			if (s->key_state[j] != INVENTORY_KEY_STORED)
				print_key(s->keys[j], s->key_state[j]);
	}
	if (others != 0)
		printf("\n%zu object(s) of providers that are not slots here "
		       "(see 'parsec-pkcs11 check')\n",
		       others);
}

/* ----- JSON -------------------------------------------------------- */

static void json_bytes_text(json_writer_t *w, const char *name, const attr_t *a)
{
	if (a == NULL)
		json_string(w, name, "");
	else
		json_string_n(w, name, a->value, a->len);
}

static void json_object_row(json_writer_t *w, const inventory_slot_t *s,
			    size_t i)
{
	const store_object_t *row = &s->rows[i];
	const attr_t *id = attr_list_get(&row->attrs, CKA_ID);
	const attr_t *mechs =
		attr_list_get(&row->attrs, CKA_ALLOWED_MECHANISMS);
	CK_KEY_TYPE kt = attr_list_get_ulong(&row->attrs, CKA_KEY_TYPE,
					     CK_UNAVAILABLE_INFORMATION);
	const char *curve, *name;
	unsigned long bits = tool_key_bits(row, &curve);
	char *uri = tool_object_uri(s, row), buf[32];
	size_t k;

	json_begin_object(w, NULL);
	json_string(w, "uri", uri ? uri : "");
	json_string(w, "class",
		    tool_ck_text(tool_ck_classes, row->cls, buf, sizeof(buf)));
	if (kt == CK_UNAVAILABLE_INFORMATION)
		json_null(w, "key_type");
	else
		json_string(
			w, "key_type",
			tool_ck_text(tool_ck_key_types, kt, buf, sizeof(buf)));
	if (bits != 0)
		json_u64(w, "key_bits", bits);
	else
		json_null(w, "key_bits");
	if (curve != NULL)
		json_string(w, "curve", curve);
	else
		json_null(w, "curve");
	json_bytes_text(w, "label", attr_list_get(&row->attrs, CKA_LABEL));
	json_hex(w, "id", id ? id->value : NULL, id ? id->len : 0);
	json_u64(w, "provider", s->provider);
	if (row->key_name != NULL)
		json_string(w, "key_name", row->key_name);
	else
		json_null(w, "key_name");
	json_begin_array(w, "mechanisms");
	for (k = 0; mechs != NULL && k < mechs->len / sizeof(CK_ULONG); k++) {
		CK_ULONG m;

		memcpy(&m, mechs->value + k * sizeof(m), sizeof(m));
		name = tool_ck_text(tool_ck_mechanisms, m, buf, sizeof(buf));
		json_string(w, NULL, name);
	}
	json_end_array(w);
	json_string(w, "status", row_status(s, i));
	json_u64(w, "store_id", (uint64_t)row->id);
	json_end_object(w);
	free(uri);
}

static void json_key(json_writer_t *w, const parsec_key_info_t *k,
		     inventory_key_state_t st)
{
	json_begin_object(w, NULL);
	json_string(w, "name", k->name);
	json_string(w, "type", tool_key_type_name(k->attributes.type));
	json_u64(w, "bits", k->attributes.bits);
	json_string(w, "state", key_state_text(st));
	json_end_object(w);
}

static void json_slot(json_writer_t *w, const inventory_slot_t *s)
{
	char text[TOOL_LABEL_MAX], *uri = tool_token_uri(s);
	size_t j;

	json_begin_object(w, NULL);
	json_u64(w, "slot_id", s->provider);
	json_u64(w, "provider", s->provider);
	json_string(w, "provider_uuid", s->uuid);
	json_string(w, "token_label", tool_token_label(s, text, sizeof(text)));
	json_string(w, "token_uri", uri ? uri : "");
	free(uri);
	json_begin_array(w, "objects");
	for (j = 0; j < s->n_rows; j++)
		json_object_row(w, s, j);
	json_end_array(w);
	json_begin_array(w, "parsec_keys");
	for (j = 0; j < s->n_keys; j++)
		json_key(w, s->keys[j], s->key_state[j]);
	json_end_array(w);
	json_end_object(w);
}

static void list_json(const tool_ctx_t *t, const inventory_t *inv)
{
	json_writer_t w;
	size_t i;

	json_writer_init(&w, stdout);
	json_begin_object(&w, NULL);
	json_string(&w, "application", inv->identity);
	json_string(&w, "service", t->cfg.service_id);
	json_string(&w, "store", t->cfg.store);
	json_begin_array(&w, "slots");
	for (i = 0; i < inv->n_slots; i++)
		if (inv->slots[i].is_slot)
			json_slot(&w, &inv->slots[i]);
	json_end_array(&w);
	json_end_object(&w);
	json_finish(&w);
}

static int cmd_list(tool_ctx_t *t, int argc, char **argv)
{
	static const char *const flags[] = {"--json", NULL};
	inventory_t inv;
	int json, status;

	status = tool_begin(t, &list_commands[0], argc, argv, flags, &json,
			    &inv);
	if (status != TOOL_OK)
		return status;
	if (json)
		list_json(t, &inv);
	else
		list_text(t, &inv);
	inventory_free(&inv);
	return TOOL_OK;
}

/* ----- show -------------------------------------------------------- */

static void show_text(const tool_ctx_t *t, const tool_match_t *m)
{
	const store_object_t *row = m->row;
	char label[TOOL_LABEL_MAX], name[32],
		*uri = tool_object_uri(m->slot, row);
	name_verdict_t v;
	size_t i;

	printf("%s\n", uri ? uri : "");
	free(uri);
	printf("  %-26s %s on slot %u, token \"%s\"\n", "object",
	       tool_class_text(row->cls), m->slot->provider,
	       tool_token_label(m->slot, label, sizeof(label)));
	if (row->key_name != NULL) {
		printf("  %-26s \"%s\" on provider %u: %s\n", "Parsec key",
		       row->key_name, m->slot->provider,
		       m->slot->stale[m->index] ? "GONE (stale)" : "exists");
		v = name_origin_judge(t->cfg.naming, row->key_name, &row->attrs,
				      NULL);
		printf("  %-26s %s%s\n", "key name", name_verdict_text(v),
		       name_verdict_is_violation(v) ? " (VIOLATION)" : "");
	} else {
		printf("  %-26s none (kept in the store only)\n", "Parsec key");
	}
	printf("  %-26s %lld\n", "store row", (long long)row->id);
	for (i = 0; i < row->attrs.count; i++) {
		const attr_t *a = &row->attrs.items[i];

		printf("  %-26s ", tool_attr_name(a->type, name, sizeof(name)));
		if (tool_attr_hidden(row->cls, &row->attrs, a->type))
			printf("(%lu bytes, not shown)", (unsigned long)a->len);
		else
			tool_attr_print(stdout, a);
		putchar('\n');
	}
}

static void show_json(json_writer_t *w, const tool_ctx_t *t,
		      const tool_match_t *m)
{
	const store_object_t *row = m->row;
	char *uri = tool_object_uri(m->slot, row);
	size_t i;

	json_begin_object(w, NULL);
	json_string(w, "uri", uri ? uri : "");
	free(uri);
	json_u64(w, "provider", m->slot->provider);
	if (row->key_name != NULL)
		json_string(w, "key_name", row->key_name);
	else
		json_null(w, "key_name");
	json_string(w, "status", row_status(m->slot, m->index));
	if (row->key_name != NULL)
		json_string(w, "key_name_verdict",
			    name_verdict_text(name_origin_judge(
				    t->cfg.naming, row->key_name, &row->attrs,
				    NULL)));
	json_u64(w, "store_id", (uint64_t)row->id);
	json_begin_object(w, "attributes");
	for (i = 0; i < row->attrs.count; i++)
		if (!tool_attr_hidden(row->cls, &row->attrs,
				      row->attrs.items[i].type))
			tool_attr_to_json(w, &row->attrs.items[i]);
	json_end_object(w);
	json_end_object(w);
}

static int cmd_show(tool_ctx_t *t, int argc, char **argv)
{
	static const char *const flags[] = {"--json", NULL};
	tool_match_t *m = NULL;
	P11KitUri *uri = NULL;
	inventory_t inv;
	json_writer_t w;
	size_t n = 0, i;
	int json, nargs, status;

	status = tool_options(&list_commands[1], argc, argv, flags, &json,
			      &nargs);
	if (status != TOOL_OK)
		return status;
	if (nargs != 1)
		return tool_usage_error(&list_commands[1],
					"needs one pkcs11: URI");
	status = tool_uri_parse(t, argv[1], &uri);
	if (status != TOOL_OK)
		return status;
	status = tool_inventory(t, INVENTORY_SERVICE, &inv);
	if (status == TOOL_OK)
		status = tool_uri_find(t, uri, &inv, &m, &n);
	if (status == TOOL_OK && n == 0)
		status = tool_error(t, "no object matches %s", argv[1]);
	if (status == TOOL_OK && json) {
		json_writer_init(&w, stdout);
		json_begin_array(&w, NULL);
		for (i = 0; i < n; i++)
			show_json(&w, t, &m[i]);
		json_end_array(&w);
		json_finish(&w);
	}
	for (i = 0; status == TOOL_OK && !json && i < n; i++) {
		if (i > 0)
			putchar('\n');
		show_text(t, &m[i]);
	}
	free(m);
	p11_kit_uri_free(uri);
	inventory_free(&inv);
	return status;
}
