/*
 * context.c - what sub-commands share: their options, the store and the
 * inventory, each reported once on failure.
 */
#include <stdlib.h>
#include <string.h>

#include "tools/tool.h"

int tool_options(const tool_command_t *cmd, int argc, char **argv,
		 const char *const *flags, int *set, int *nargs)
{
	char why[160];
	int i, k, n = 0, only_args = 0;
	size_t f;

	for (f = 0; flags != NULL && flags[f] != NULL; f++)
		set[f] = 0;
	for (i = 1; i < argc; i++) {
		if (only_args || argv[i][0] != '-' || argv[i][1] == '\0') {
			argv[1 + n++] = argv[i];
			continue;
		}
		if (strcmp(argv[i], "--") == 0) {
			only_args = 1;
			continue;
		}
		for (k = -1, f = 0; flags != NULL && flags[f] != NULL; f++)
			if (strcmp(argv[i], flags[f]) == 0)
				k = (int)f;
		if (k < 0) {
			snprintf(why, sizeof(why), "unknown option '%s'",
				 argv[i]);
			return tool_usage_error(cmd, why);
		}
		set[k] = 1;
	}
	*nargs = n;
	return TOOL_OK;
}

int tool_store(tool_ctx_t *t, store_t **out)
{
	store_rc_t rc;

	if (t->store == NULL) {
		rc = store_open(t->cfg.store, &t->store);
		if (rc != STORE_OK)
			return tool_error(t, "cannot open the store %s: %s",
					  t->cfg.store, store_rc_message(rc));
	}
	*out = t->store;
	return TOOL_OK;
}

int tool_inventory(tool_ctx_t *t, unsigned flags, inventory_t *inv)
{
	inventory_err_t err;
	inventory_rc_t rc;
	store_t *st;
	int status = tool_store(t, &st);

	memset(inv, 0, sizeof(*inv));
	if (status != TOOL_OK)
		return status;
	rc = inventory_load(t->client, st, &t->cfg, flags, inv, &err);
	if (rc != INVENTORY_OK)
		inventory_free(inv);
	if (rc == INVENTORY_E_SERVICE)
		return tool_error(t, "%s: %s (%d): %s", err.request,
				  parsec_status_name(err.status),
				  (int)err.status,
				  parsec_status_message(err.status));
	if (rc == INVENTORY_E_STORE)
		return tool_error(t, "cannot read the store %s: %s",
				  t->cfg.store, store_rc_message(err.store));
	if (rc != INVENTORY_OK)
		return tool_error(t, "out of memory");
	/* With the direct authenticator, the default application is the
	 * program: this tool would see its own keys, not a client's. */
	if (t->cfg.app_name == NULL &&
	    strncmp(inv->identity, "direct:", 7) == 0)
		fprintf(stderr,
			"parsec-pkcs11: note: no app_name is set, so the "
			"application is this program's name (%s); set "
			"PARSEC_PKCS11_APP_NAME or --app-name to the name "
			"the module's program uses\n",
			inv->identity);
	return TOOL_OK;
}

int tool_begin(tool_ctx_t *t, const tool_command_t *cmd, int argc, char **argv,
	       const char *const *flags, int *set, inventory_t *inv)
{
	int nargs, status;

	memset(inv, 0, sizeof(*inv));
	status = tool_options(cmd, argc, argv, flags, set, &nargs);
	if (status != TOOL_OK)
		return status;
	if (nargs != 0)
		return tool_usage_error(cmd, "takes no arguments");
	return tool_inventory(t, INVENTORY_SERVICE, inv);
}
