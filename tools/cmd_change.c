/*
 * cmd_change.c - rename, adopt and forget: the changes an operator makes
 * to the mapping. Each writes the store in one transaction.
 */
#include <stdlib.h>
#include <string.h>

#include "mapping/adopt.h"
#include "mapping/name_origin.h"
#include "parsec/utf8.h"
#include "tools/tool.h"

static int cmd_rename(tool_ctx_t *t, int argc, char **argv);
static int cmd_adopt(tool_ctx_t *t, int argc, char **argv);
static int cmd_forget(tool_ctx_t *t, int argc, char **argv);

static const tool_command_t change_commands[] = {
	{"rename", "URI NEW-LABEL",
	 "Give a key (both objects of its pair) a new CKA_LABEL.",
	 "Parsec cannot rename a key: its Parsec name stays. The label "
	 "changes on the\nprivate and the public key object in the store, "
	 "and the label and id the name\nwas made from are recorded with "
	 "them (CKA_PARSEC_NAME_ORIGIN), so that 'check'\nstill finds the "
	 "name consistent with the naming scheme. A certificate or data\n"
	 "object named by the URI just gets the new label. The URI must "
	 "name the objects\nof one key, or one object.\n",
	 cmd_rename},
	{"adopt", "",
	 "Take in this application's Parsec keys that the store lacks.",
	 "The module's own adoption (mapping/adopt): for each such key one "
	 "ExportPublicKey,\nthen a private and a public key object with "
	 "CKA_LABEL = the key name and CKA_ID\n= the SHA-1 of the RSA "
	 "modulus or of the uncompressed EC point. Session keys\n"
	 "(pkcs11-session-*) and key types the module does not present are "
	 "left alone.\nExit status 1 when a key could not be adopted.\n",
	 cmd_adopt},
	{"forget", "[--force] URI | --all-stale",
	 "Drop store objects whose Parsec key is gone.",
	 "URI: the objects it names, with the other half of each key pair.\n"
	 "  --all-stale  every object whose Parsec key ListKeys no longer "
	 "shows\n"
	 "  --force      also drop objects whose Parsec key still exists (the "
	 "module then\n"
	 "               adopts the key again) and objects that have no "
	 "Parsec key\n"
	 "               (certificates, data): this loses their labels, ids "
	 "and values\n",
	 cmd_forget},
};

const tool_group_t tool_change_group = {
	change_commands,
	sizeof(change_commands) / sizeof(change_commands[0]),
};

static void print_label(const store_object_t *row)
{
	const attr_t *a = attr_list_get(&row->attrs, CKA_LABEL);

	if (a == NULL)
		fputs("(none)", stdout);
	else
		tool_attr_print(stdout, a);
}

/* ----- rename ------------------------------------------------------ */

/* The rows rename changes: all objects of one key, or one object. */
static int rename_targets(tool_ctx_t *t, const tool_match_t *m, size_t n,
			  inventory_slot_t **slot, size_t **idx, size_t *count)
{
	const char *key = m[0].row->key_name;
	size_t i;

	*slot = m[0].slot;
	for (i = 1; i < n; i++)
		if (m[i].slot != m[0].slot || key == NULL ||
		    m[i].row->key_name == NULL ||
		    strcmp(m[i].row->key_name, key) != 0)
			return tool_error(t,
					  "the URI names %zu objects that are "
					  "not one key; name one key or "
					  "object (add id=, type= or "
					  "serial=)",
					  n);
	*idx = calloc((*slot)->n_rows, sizeof(**idx));
	if (*idx == NULL)
		return tool_error(t, "out of memory");
	*count = 0;
	if (key == NULL) {
		(*idx)[(*count)++] = m[0].index;
		return TOOL_OK;
	}
	for (i = 0; i < (*slot)->n_rows; i++)
		if ((*slot)->rows[i].key_name != NULL &&
		    strcmp((*slot)->rows[i].key_name, key) == 0)
			(*idx)[(*count)++] = i;
	return TOOL_OK;
}

/* The record to keep with the key's objects: the one they have (a
 * second rename does not change where the name came from), else the
 * inputs that explain the name now; none when nothing explains it.
 * *verdict says how the name stands. */
static int origin_to_record(const tool_ctx_t *t, const store_object_t *key,
			    name_origin_t *rec, name_verdict_t *verdict)
{
	int has = name_origin_get(&key->attrs, rec);

	*verdict = name_origin_judge(t->cfg.naming, key->key_name, &key->attrs,
				     has > 0 ? NULL : rec);
	if (has > 0)
		return 1;
	if (name_verdict_is_violation(*verdict)) {
		name_origin_free(rec);
		return 0;
	}
	return 1;
}

static int apply_rename(tool_ctx_t *t, const inventory_t *inv,
			inventory_slot_t *s, const size_t *idx, size_t n,
			const char *label, const name_origin_t *rec)
{
	store_object_t *upd = calloc(n, sizeof(*upd));
	store_changes_t ch;
	store_rc_t src = STORE_E_NOMEM;
	size_t i;

	if (upd == NULL)
		return tool_error(t, "out of memory");
	for (i = 0; i < n; i++) {
		const store_object_t *row = &s->rows[idx[i]];

		upd[i].id = row->id;
		upd[i].provider = row->provider;
		upd[i].cls = row->cls;
		upd[i].key_name = row->key_name;
		if (attr_list_copy(&upd[i].attrs, &row->attrs) != CKR_OK ||
		    attr_list_set(&upd[i].attrs, CKA_LABEL, label,
				  strlen(label)) != CKR_OK ||
		    (rec != NULL &&
		     name_origin_set(&upd[i].attrs, rec) != CKR_OK))
			goto out;
	}
	memset(&ch, 0, sizeof(ch));
	ch.update = upd;
	ch.n_update = n;
	src = store_apply(t->store, &inv->scope, &ch);
out:
	for (i = 0; i < n; i++)
		attr_list_free(&upd[i].attrs);
	free(upd);
	if (src != STORE_OK)
		return tool_error(t, "cannot write the store: %s",
				  store_rc_message(src));
	return TOOL_OK;
}

static void report_rename(const inventory_slot_t *s, const size_t *idx,
			  size_t n, const char *label, name_verdict_t v)
{
	const store_object_t *first = &s->rows[idx[0]];
	size_t i;

	printf("Renamed ");
	for (i = 0; i < n; i++)
		printf("%s%s", i == 0 ? "" : (i + 1 == n ? " and " : ", "),
		       tool_class_text(s->rows[idx[i]].cls));
	printf(" on slot %u: label ", s->provider);
	print_label(first);
	printf(" -> \"%s\"\n", label);
	if (first->key_name == NULL) {
		printf("No Parsec key backs %s: only its label changed.\n",
		       n == 1 ? "this object" : "these objects");
		return;
	}
	printf("The Parsec key keeps its name \"%s\" (Parsec cannot rename "
	       "a key).\n",
	       first->key_name);
	if (!name_verdict_is_violation(v))
		printf("The name's origin is recorded with the objects "
		       "(CKA_PARSEC_NAME_ORIGIN): %s;\n'parsec-pkcs11 check' "
		       "finds the name consistent.\n",
		       v == NAME_FOREIGN ? "named by another Parsec client"
					 : "made by the naming scheme from "
					   "the label and id it was created "
					   "with");
	else
		printf("WARNING: the name is not consistent with the naming "
		       "scheme (%s);\n'parsec-pkcs11 check' reports it.\n",
		       name_verdict_text(v));
}

static int cmd_rename(tool_ctx_t *t, int argc, char **argv)
{
	const tool_command_t *cmd = &change_commands[0];
	inventory_slot_t *slot = NULL;
	tool_match_t *m = NULL;
	P11KitUri *uri = NULL;
	name_origin_t rec;
	name_verdict_t v = NAME_FROM_CURRENT;
	inventory_t inv;
	size_t n = 0, count = 0, *idx = NULL, i;
	int nargs, status, recorded = 0;
	char *uri_text;

	memset(&rec, 0, sizeof(rec));
	status = tool_options(cmd, argc, argv, NULL, NULL, &nargs);
	if (status != TOOL_OK)
		return status;
	if (nargs != 2)
		return tool_usage_error(cmd, "needs a pkcs11: URI and a label");
	if (!utf8_valid((const uint8_t *)argv[2], strlen(argv[2])))
		return tool_usage_error(cmd, "the label is not valid UTF-8");
	status = tool_uri_parse(t, argv[1], &uri);
	if (status != TOOL_OK)
		return status;
	status = tool_inventory(t, INVENTORY_SERVICE, &inv);
	if (status == TOOL_OK)
		status = tool_uri_find(t, uri, &inv, &m, &n);
	if (status == TOOL_OK && n == 0)
		status = tool_error(t, "no object matches %s", argv[1]);
	if (status == TOOL_OK)
		status = rename_targets(t, m, n, &slot, &idx, &count);
	if (status == TOOL_OK && slot->rows[idx[0]].key_name != NULL) {
		for (i = 0; i < count; i++)
			if (slot->rows[idx[i]].cls == CKO_PRIVATE_KEY ||
			    i + 1 == count)
				break;
		recorded = origin_to_record(t, &slot->rows[idx[i]], &rec, &v);
	}
	if (status == TOOL_OK)
		status = apply_rename(t, &inv, slot, idx, count, argv[2],
				      recorded ? &rec : NULL);
	if (status == TOOL_OK) {
		report_rename(slot, idx, count, argv[2], v);
		attr_list_set(&slot->rows[idx[0]].attrs, CKA_LABEL, argv[2],
			      strlen(argv[2]));
		uri_text = tool_object_uri(slot, &slot->rows[idx[0]]);
		printf("%s\n", uri_text ? uri_text : "");
		free(uri_text);
	}
	name_origin_free(&rec);
	free(idx);
	free(m);
	p11_kit_uri_free(uri);
	inventory_free(&inv);
	return status;
}

/* ----- adopt ------------------------------------------------------- */

/* The state of a key in a fresh inventory. */
static inventory_key_state_t state_now(const inventory_t *inv, uint8_t provider,
				       const char *name)
{
	const inventory_slot_t *s = inventory_slot(inv, provider);
	size_t i;

	for (i = 0; s != NULL && i < s->n_keys; i++)
		if (strcmp(s->keys[i]->name, name) == 0)
			return s->key_state[i];
	return INVENTORY_KEY_ORPHAN;
}

static void report_adopted(const inventory_t *after, uint8_t provider,
			   const parsec_key_info_t *k)
{
	const inventory_slot_t *s = inventory_slot(after, provider);
	char kind[64], *uri;
	size_t i;

	printf("adopted \"%s\" (%s %u bits) on slot %u\n", k->name,
	       tool_key_type_name(k->attributes.type), k->attributes.bits,
	       provider);
	for (i = 0; s != NULL && i < s->n_rows; i++) {
		if (s->rows[i].key_name == NULL ||
		    strcmp(s->rows[i].key_name, k->name) != 0)
			continue;
		uri = tool_object_uri(s, &s->rows[i]);
		printf("  %-11s %-16s %s\n", tool_class_text(s->rows[i].cls),
		       tool_kind_text(&s->rows[i], kind, sizeof(kind)),
		       uri ? uri : "");
		free(uri);
	}
}

/* Adopts on every slot that has orphans; *failed counts the keys left. */
static int adopt_all(tool_ctx_t *t, const inventory_t *before,
		     const inventory_t *after, size_t *adopted, size_t *failed)
{
	size_t i, j;

	*adopted = 0;
	*failed = 0;
	for (i = 0; i < before->n_slots; i++) {
		const inventory_slot_t *s = &before->slots[i];

		for (j = 0; j < s->n_keys; j++) {
			if (s->key_state[j] == INVENTORY_KEY_SESSION)
				printf("left alone \"%s\" on slot %u: a "
				       "session key of some process\n",
				       s->keys[j]->name, s->provider);
			if (s->key_state[j] != INVENTORY_KEY_ORPHAN)
				continue;
			if (state_now(after, s->provider, s->keys[j]->name) ==
			    INVENTORY_KEY_STORED) {
				report_adopted(after, s->provider, s->keys[j]);
				(*adopted)++;
			} else {
				tool_error(t,
					   "could not adopt \"%s\" on slot %u "
					   "(see the messages above)",
					   s->keys[j]->name, s->provider);
				(*failed)++;
			}
		}
	}
	return *failed ? TOOL_FAILED : TOOL_OK;
}

static int cmd_adopt(tool_ctx_t *t, int argc, char **argv)
{
	inventory_t before, after;
	parsec_status_t ps;
	size_t i, adopted = 0, failed = 0;
	int status;
	CK_RV rv = CKR_OK;

	memset(&after, 0, sizeof(after));
	status = tool_begin(t, &change_commands[1], argc, argv, NULL, NULL,
			    &before);
	if (status != TOOL_OK)
		return status;
	for (i = 0; rv == CKR_OK && i < before.n_slots; i++)
		if (before.slots[i].is_slot)
			rv = adopt_new_keys(t->client, t->store, &before.scope,
					    before.slots[i].provider,
					    before.keys, before.n_keys, &ps);
	if (rv != CKR_OK)
		status = tool_error(t, "adoption stopped: %s",
				    rv == CKR_HOST_MEMORY
					    ? "out of memory"
					    : "the service or the store "
					      "failed (see above)");
	if (status == TOOL_OK)
		status = tool_inventory(t, INVENTORY_SERVICE, &after);
	if (status == TOOL_OK) {
		status = adopt_all(t, &before, &after, &adopted, &failed);
		printf("%zu key(s) adopted%s\n", adopted,
		       failed ? "" : (adopted ? "" : ": nothing to adopt"));
	}
	inventory_free(&before);
	inventory_free(&after);
	return status;
}

/* ----- forget ------------------------------------------------------ */

typedef struct forget_set {
	int64_t *ids;
	size_t n, cap;
} forget_set_t;

static int forget_add(forget_set_t *f, int64_t id)
{
	int64_t *p;
	size_t i;

	for (i = 0; i < f->n; i++)
		if (f->ids[i] == id)
			return 0;
	if (f->n == f->cap) {
		p = realloc(f->ids, (f->cap ? 2 * f->cap : 8) * sizeof(*p));
		if (p == NULL)
			return -1;
		f->ids = p;
		f->cap = f->cap ? 2 * f->cap : 8;
	}
	f->ids[f->n++] = id;
	return 0;
}

static void print_forgotten(const inventory_slot_t *s, size_t i)
{
	const store_object_t *row = &s->rows[i];

	printf("forget %s on slot %u, label ", tool_class_text(row->cls),
	       s->provider);
	print_label(row);
	if (row->key_name != NULL)
		printf(", Parsec key \"%s\" (%s)\n", row->key_name,
		       s->stale[i] ? "gone" : "still exists: forced");
	else
		printf(", no Parsec key (forced)\n");
}

/* Adds a row and the other objects of its key. */
static int forget_row(const tool_ctx_t *t, forget_set_t *f,
		      const inventory_slot_t *s, size_t i, int force)
{
	const store_object_t *row = &s->rows[i];
	size_t j;

	if (!force && row->key_name == NULL)
		return tool_error(t,
				  "the %s on slot %u has no Parsec key: it is "
				  "an ordinary object (delete it with a "
				  "PKCS#11 client, or use --force)",
				  tool_class_text(row->cls), s->provider);
	if (!force && !s->stale[i])
		return tool_error(t,
				  "the Parsec key \"%s\" on slot %u still "
				  "exists: its objects are not stale (use "
				  "--force to drop them anyway)",
				  row->key_name, s->provider);
	for (j = 0; j < s->n_rows; j++) {
		if (j != i &&
		    (row->key_name == NULL || s->rows[j].key_name == NULL ||
		     strcmp(s->rows[j].key_name, row->key_name) != 0))
			continue;
		if (forget_add(f, s->rows[j].id) != 0)
			return tool_error(t, "out of memory");
	}
	return TOOL_OK;
}

static void print_set(const inventory_t *inv, const forget_set_t *f)
{
	size_t i, j, k;

	for (i = 0; i < inv->n_slots; i++)
		for (j = 0; j < inv->slots[i].n_rows; j++)
			for (k = 0; k < f->n; k++)
				if (inv->slots[i].rows[j].id == f->ids[k])
					print_forgotten(&inv->slots[i], j);
}

static int forget_uri(tool_ctx_t *t, const char *text, const inventory_t *inv,
		      int force, forget_set_t *f)
{
	tool_match_t *m = NULL;
	P11KitUri *uri = NULL;
	size_t n = 0, i;
	int status = tool_uri_parse(t, text, &uri);

	if (status == TOOL_OK)
		status = tool_uri_find(t, uri, inv, &m, &n);
	if (status == TOOL_OK && n == 0)
		status = tool_error(t, "no object matches %s", text);
	for (i = 0; status == TOOL_OK && i < n; i++)
		status = forget_row(t, f, m[i].slot, m[i].index, force);
	free(m);
	p11_kit_uri_free(uri);
	return status;
}

static int forget_stale(tool_ctx_t *t, const inventory_t *inv, forget_set_t *f)
{
	size_t i, j;
	int status = TOOL_OK;

	for (i = 0; status == TOOL_OK && i < inv->n_slots; i++)
		for (j = 0; status == TOOL_OK && j < inv->slots[i].n_rows; j++)
			if (inv->slots[i].stale[j])
				status = forget_row(t, f, &inv->slots[i], j, 0);
	return status;
}

static int cmd_forget(tool_ctx_t *t, int argc, char **argv)
{
	static const char *const flags[] = {"--force", "--all-stale", NULL};
	const tool_command_t *cmd = &change_commands[2];
	forget_set_t f = {NULL, 0, 0};
	inventory_t inv;
	store_rc_t src;
	int set[2], nargs, status;

	status = tool_options(cmd, argc, argv, flags, set, &nargs);
	if (status != TOOL_OK)
		return status;
	if (set[1] ? nargs != 0 : nargs != 1)
		return tool_usage_error(cmd, "needs one pkcs11: URI, or "
					     "--all-stale");
	if (set[1] && set[0])
		return tool_usage_error(cmd, "--force does not go with "
					     "--all-stale");
	status = tool_inventory(t, INVENTORY_SERVICE, &inv);
	if (status != TOOL_OK)
		return status;
	status = set[1] ? forget_stale(t, &inv, &f)
			: forget_uri(t, argv[1], &inv, set[0], &f);
	if (status == TOOL_OK && f.n != 0) {
		print_set(&inv, &f);
		src = store_delete_objects(t->store, &inv.scope, f.ids, f.n);
		if (src != STORE_OK)
			status = tool_error(t, "cannot write the store: %s",
					    store_rc_message(src));
	}
	if (status == TOOL_OK)
		printf("%zu object(s) forgotten%s\n", f.n,
		       f.n ? "" : ": nothing is stale");
	free(f.ids);
	inventory_free(&inv);
	return status;
}
