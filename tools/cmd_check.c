/*
 * cmd_check.c - check: the store against the service.
 *
 * Findings that make the mapping inconsistent (exit status 1):
 *   missing  store objects whose Parsec key is gone
 *   orphan   this application's keys on a slot that the store lacks
 *   naming   key names the naming scheme does not explain
 *            (mapping/name_origin.h)
 * Reported without changing the exit status: session keys
 * (pkcs11-session-*), which belong to a running process or were left by
 * one that crashed; the tool cannot tell which.
 */
#include <stdlib.h>
#include <string.h>

#include "mapping/name_origin.h"
#include "tools/tool.h"

static int cmd_check(tool_ctx_t *t, int argc, char **argv);

static const tool_command_t check_commands[] = {
	{"check", "",
	 "Compare the store with the service; exit status 1 when they "
	 "disagree.",
	 "Prints one line per finding:\n"
	 "  missing   objects whose Parsec key is gone (forget drops them)\n"
	 "  orphan    keys of this application the store lacks (adopt "
	 "takes them in)\n"
	 "  naming    key names the naming scheme cannot make from their "
	 "recorded\n"
	 "            label and id, or invalid names\n"
	 "  session   session keys (pkcs11-session-*) left in Parsec; "
	 "reported only,\n"
	 "            as a running process may own them\n"
	 "Requests: ListProviders, ListKeys.\n",
	 cmd_check},
};

const tool_group_t tool_check_group = {
	check_commands,
	sizeof(check_commands) / sizeof(check_commands[0]),
};

typedef struct counts {
	size_t missing, orphans, naming, session, keys, objects;
} counts_t;

static void check_missing(const inventory_slot_t *s, size_t i, counts_t *c)
{
	const store_object_t *row = &s->rows[i];
	size_t j, n = 0;

	printf("missing: slot %u, Parsec key \"%s\" is gone; its objects:",
	       s->provider, row->key_name);
	for (j = 0; j < s->n_rows; j++)
		if (s->rows[j].key_name != NULL &&
		    strcmp(s->rows[j].key_name, row->key_name) == 0)
			printf("%s %s", n++ ? "," : "",
			       tool_class_text(s->rows[j].cls));
	printf(" ('parsec-pkcs11 forget --all-stale' drops them)\n");
	c->missing++;
}

static void check_name(const tool_ctx_t *t, const inventory_slot_t *s, size_t i,
		       counts_t *c)
{
	const store_object_t *key = tool_key_row(s, i);
	name_verdict_t v = name_origin_judge(t->cfg.naming, key->key_name,
					     &key->attrs, NULL);

	if (!name_verdict_is_violation(v))
		return;
	printf("naming: slot %u, Parsec key \"%s\": %s (naming scheme "
	       "\"%s\")\n",
	       s->provider, key->key_name, name_verdict_text(v), t->cfg.naming);
	c->naming++;
}

static void check_keys(const inventory_slot_t *s, counts_t *c)
{
	size_t j;

	for (j = 0; j < s->n_keys; j++) {
		const parsec_key_info_t *k = s->keys[j];

		if (s->key_state[j] == INVENTORY_KEY_ORPHAN) {
			printf("orphan: slot %u, Parsec key \"%s\" (%s %u "
			       "bits) is not in the store ('parsec-pkcs11 "
			       "adopt' takes it in)\n",
			       s->provider, k->name,
			       tool_key_type_name(k->attributes.type),
			       k->attributes.bits);
			c->orphans++;
		} else if (s->key_state[j] == INVENTORY_KEY_SESSION) {
			printf("session: slot %u, Parsec key \"%s\" is a "
			       "session key: a running process owns it, or "
			       "one that ended left it (then destroy it, "
			       "e.g. with parsec-tool delete-key)\n",
			       s->provider, k->name);
			c->session++;
		}
	}
}

static void check_slot(const tool_ctx_t *t, const inventory_slot_t *s,
		       counts_t *c)
{
	size_t i;

	c->objects += s->n_rows;
	for (i = 0; i < s->n_rows; i++) {
		if (!tool_first_of_key(s, i))
			continue;
		c->keys++;
		if (s->stale[i])
			check_missing(s, i, c);
		check_name(t, s, i, c);
	}
	check_keys(s, c);
}

static int cmd_check(tool_ctx_t *t, int argc, char **argv)
{
	counts_t c;
	inventory_t inv;
	size_t i, bad;
	int status;

	status =
		tool_begin(t, &check_commands[0], argc, argv, NULL, NULL, &inv);
	if (status != TOOL_OK)
		return status;
	memset(&c, 0, sizeof(c));
	for (i = 0; i < inv.n_slots; i++)
		check_slot(t, &inv.slots[i], &c);
	bad = c.missing + c.orphans + c.naming;
	printf("%s: %zu object(s) of %zu key(s) checked for %s; %zu "
	       "missing, %zu orphan(s), %zu naming violation(s), %zu session "
	       "key(s)\n",
	       bad ? "INCONSISTENT" : "consistent", c.objects, c.keys,
	       inv.identity, c.missing, c.orphans, c.naming, c.session);
	inventory_free(&inv);
	return bad ? TOOL_FAILED : TOOL_OK;
}
