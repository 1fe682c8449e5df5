/*
 * cmd_service.c - sub-commands that ask the service about itself: ping,
 * providers, opcodes, authenticators, keys.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "tools/tool.h"

static int no_arguments(const tool_command_t *cmd, int argc)
{
	return argc > 1 ? tool_usage_error(cmd, "takes no arguments") : TOOL_OK;
}

static int cmd_ping(tool_ctx_t *t, int argc, char **argv);
static int cmd_providers(tool_ctx_t *t, int argc, char **argv);
static int cmd_opcodes(tool_ctx_t *t, int argc, char **argv);
static int cmd_authenticators(tool_ctx_t *t, int argc, char **argv);
static int cmd_keys(tool_ctx_t *t, int argc, char **argv);

static const tool_command_t service_commands[] = {
	{"ping", "", "Print the service's wire protocol version.", NULL,
	 cmd_ping},
	{"providers", "",
	 "List the providers: id, uuid, version, vendor, description.", NULL,
	 cmd_providers},
	{"opcodes", "PROVIDER-ID",
	 "List the operations a provider implements (hex opcode and name).",
	 NULL, cmd_opcodes},
	{"authenticators", "",
	 "List the service's authenticators: id, name, version, description.",
	 NULL, cmd_authenticators},
	{"keys", "",
	 "List this application's keys: provider, name, type, bits, policy.",
	 NULL, cmd_keys},
};

const tool_group_t tool_service_group = {
	service_commands,
	sizeof(service_commands) / sizeof(service_commands[0]),
};

#define CMD(i) (&service_commands[i])

static int cmd_ping(tool_ctx_t *t, int argc, char **argv)
{
	parsec_client_t *c = t->client;
	uint8_t maj, min;
	parsec_status_t rc;
	int status = no_arguments(CMD(0), argc);

	(void)argv;
	if (status != TOOL_OK)
		return status;
	rc = parsec_ping(c, &maj, &min);
	if (rc != PARSEC_SUCCESS)
		return tool_fail(argv[0], rc);
	printf("wire protocol %u.%u\n", maj, min);
	return TOOL_OK;
}

static int cmd_providers(tool_ctx_t *t, int argc, char **argv)
{
	parsec_client_t *c = t->client;
	parsec_provider_info_t *list;
	parsec_status_t rc;
	size_t i, n;
	int status = no_arguments(CMD(1), argc);

	if (status != TOOL_OK)
		return status;
	rc = parsec_list_providers(c, &list, &n);
	if (rc != PARSEC_SUCCESS)
		return tool_fail(argv[0], rc);
	for (i = 0; i < n; i++)
		printf("%u  %s  %u.%u.%u  %s  %s\n", list[i].id, list[i].uuid,
		       list[i].version_maj, list[i].version_min,
		       list[i].version_rev,
		       *list[i].vendor ? list[i].vendor : "-",
		       list[i].description);
	parsec_provider_info_free(list, n);
	return TOOL_OK;
}

static int parse_provider(const char *text, uint8_t *provider)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(text, &end, 0);
	if (errno || end == text || *end || v > 255 || text[0] == '-')
		return -1;
	*provider = (uint8_t)v;
	return 0;
}

static int cmd_opcodes(tool_ctx_t *t, int argc, char **argv)
{
	parsec_client_t *c = t->client;
	uint8_t provider;
	uint32_t *ops;
	parsec_status_t rc;
	const char *name;
	size_t i, n;

	if (argc != 2 || parse_provider(argv[1], &provider) != 0)
		return tool_usage_error(CMD(2),
					"needs one provider id, 0 to 255");
	rc = parsec_list_opcodes(c, provider, &ops, &n);
	if (rc != PARSEC_SUCCESS)
		return tool_fail(argv[0], rc);
	for (i = 0; i < n; i++) {
		name = parsec_opcode_name(ops[i]);
		printf("0x%04x  %s\n", ops[i], name ? name : "(unknown)");
	}
	free(ops);
	return TOOL_OK;
}

static int cmd_authenticators(tool_ctx_t *t, int argc, char **argv)
{
	parsec_client_t *c = t->client;
	parsec_authenticator_info_t *list;
	parsec_status_t rc;
	size_t i, n;
	int status = no_arguments(CMD(3), argc);

	if (status != TOOL_OK)
		return status;
	rc = parsec_list_authenticators(c, &list, &n);
	if (rc != PARSEC_SUCCESS)
		return tool_fail(argv[0], rc);
	for (i = 0; i < n; i++)
		printf("%u  %s  %u.%u.%u  %s\n", list[i].id,
		       tool_auth_name(list[i].id), list[i].version_maj,
		       list[i].version_min, list[i].version_rev,
		       list[i].description);
	parsec_authenticator_info_free(list, n);
	return TOOL_OK;
}

static void print_key(const parsec_key_info_t *k)
{
	const parsec_key_attributes_t *a = &k->attributes;
	char alg[64], usage[160];

	printf("%u  %s  %s", k->provider_id, k->name,
	       tool_key_type_name(a->type));
	if (a->type == PARSEC_KEY_TYPE_ECC_KEY_PAIR ||
	    a->type == PARSEC_KEY_TYPE_ECC_PUBLIC_KEY)
		printf("(%s)", tool_ecc_family_name(a->ecc_family));
	printf("  %u  %s  %s\n", a->bits,
	       tool_alg_text(&a->alg, alg, sizeof(alg)),
	       tool_usage_text(a->usage, usage, sizeof(usage)));
}

static int cmd_keys(tool_ctx_t *t, int argc, char **argv)
{
	parsec_client_t *c = t->client;
	parsec_key_info_t *list;
	parsec_status_t rc;
	size_t i, n;
	int status = no_arguments(CMD(4), argc);

	if (status != TOOL_OK)
		return status;
	rc = parsec_list_keys(c, &list, &n);
	if (rc != PARSEC_SUCCESS)
		return tool_fail(argv[0], rc);
	for (i = 0; i < n; i++)
		print_key(&list[i]);
	parsec_key_info_free(list, n);
	return TOOL_OK;
}
