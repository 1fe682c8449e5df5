/*
 * parsec-pkcs11.c - the parsec-pkcs11 command: global options, then a
 * sub-command from the groups below.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

static const tool_group_t *const groups[] = {
	&tool_service_group,
};

#define GROUPS (sizeof(groups) / sizeof(groups[0]))

static const struct {
	const char *name;
	parsec_auth_choice_t choice;
} auth_choices[] = {
	{"auto", PARSEC_AUTH_CHOICE_AUTO},
	{"none", PARSEC_AUTH_CHOICE_NONE},
	{"direct", PARSEC_AUTH_CHOICE_DIRECT},
	{"unix", PARSEC_AUTH_CHOICE_UNIX_PEER},
	{"jwt-svid", PARSEC_AUTH_CHOICE_JWT_SVID},
};

static void usage(FILE *out)
{
	size_t g, i;

	fprintf(out,
		"Usage: parsec-pkcs11 [OPTIONS] COMMAND [ARGS]\n"
		"Talks to the Parsec service that the parsec-pkcs11 module "
		"uses.\n\n"
		"Options:\n"
		"  --endpoint URI    service socket, unix:/path (default: "
		"$PARSEC_SERVICE_ENDPOINT,\n"
		"                    else unix:/run/parsec/parsec.sock)\n"
		"  --auth METHOD     auto, none, direct, unix or jwt-svid "
		"(default: auto)\n"
		"  --app-name NAME   application name for direct "
		"authentication\n"
		"  -v, --verbose     log the client's work to stderr\n"
		"  -h, --help        show this help\n"
		"  --version         show the version\n\n"
		"Commands:\n");
	for (g = 0; g < GROUPS; g++) {
		for (i = 0; i < groups[g]->count; i++)
			fprintf(out, "  %-16s %s\n",
				groups[g]->commands[i].name,
				groups[g]->commands[i].summary);
	}
	fprintf(out, "\n'parsec-pkcs11 COMMAND --help' describes a command.\n"
		     "Exit status: 0 ok, 1 the service refused or failed, "
		     "2 usage error.\n");
}

int tool_fail(const char *cmd, parsec_status_t rc)
{
	fprintf(stderr, "parsec-pkcs11 %s: %s (%d): %s\n", cmd,
		parsec_status_name(rc), (int)rc, parsec_status_message(rc));
	return TOOL_FAILED;
}

int tool_usage_error(const tool_command_t *cmd, const char *why)
{
	fprintf(stderr, "parsec-pkcs11 %s: %s\nUsage: parsec-pkcs11 %s%s%s\n",
		cmd->name, why, cmd->name, *cmd->args ? " " : "", cmd->args);
	return TOOL_USAGE;
}

static void log_to_stderr(parsec_log_level_t level, const char *msg, void *ctx)
{
	(void)level;
	(void)ctx;
	fprintf(stderr, "parsec-pkcs11: %s\n", msg);
}

static const tool_command_t *find_command(const char *name)
{
	size_t g, i;

	for (g = 0; g < GROUPS; g++) {
		for (i = 0; i < groups[g]->count; i++) {
			if (strcmp(groups[g]->commands[i].name, name) == 0)
				return &groups[g]->commands[i];
		}
	}
	return NULL;
}

static int parse_auth(const char *text, parsec_auth_choice_t *choice)
{
	size_t i;

	for (i = 0; i < sizeof(auth_choices) / sizeof(auth_choices[0]); i++) {
		if (strcmp(auth_choices[i].name, text) == 0) {
			*choice = auth_choices[i].choice;
			return 0;
		}
	}
	fprintf(stderr, "parsec-pkcs11: unknown --auth '%s'\n", text);
	return -1;
}

static int wants_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0)
			return 1;
	}
	return 0;
}

static int run_command(const parsec_client_config_t *cfg, int argc, char **argv)
{
	const tool_command_t *cmd = find_command(argv[0]);
	parsec_client_t *client;
	parsec_status_t rc;
	int status;

	if (!cmd) {
		fprintf(stderr, "parsec-pkcs11: unknown command '%s'\n",
			argv[0]);
		return TOOL_USAGE;
	}
	if (wants_help(argc, argv)) {
		printf("Usage: parsec-pkcs11 %s%s%s\n%s\n", cmd->name,
		       *cmd->args ? " " : "", cmd->args, cmd->summary);
		return TOOL_OK;
	}
	rc = parsec_client_new(cfg, &client);
	if (rc != PARSEC_SUCCESS) {
		tool_fail(cmd->name, rc);
		return rc == PARSEC_E_ENDPOINT ? TOOL_USAGE : TOOL_FAILED;
	}
	status = cmd->run(client, argc, argv);
	parsec_client_free(client);
	return status;
}

enum { OPT_ENDPOINT = 256, OPT_AUTH, OPT_APP_NAME, OPT_VERSION };

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{"endpoint", required_argument, NULL, OPT_ENDPOINT},
		{"auth", required_argument, NULL, OPT_AUTH},
		{"app-name", required_argument, NULL, OPT_APP_NAME},
		{"verbose", no_argument, NULL, 'v'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, OPT_VERSION},
		{NULL, 0, NULL, 0},
	};
	parsec_client_config_t cfg = {0};
	int opt;

	parsec_log_set_handler(log_to_stderr, NULL);
	parsec_log_set_level(PARSEC_LOG_WARNING);
	/* '+': options after the command belong to the command */
	while ((opt = getopt_long(argc, argv, "+vh", options, NULL)) != -1) {
		switch (opt) {
		case OPT_ENDPOINT:
			cfg.endpoint = optarg;
			break;
		case OPT_AUTH:
			if (parse_auth(optarg, &cfg.auth) != 0)
				return TOOL_USAGE;
			break;
		case OPT_APP_NAME:
			cfg.app_name = optarg;
			break;
		case 'v':
			parsec_log_set_level(PARSEC_LOG_DEBUG);
			break;
		case 'h':
			usage(stdout);
			return TOOL_OK;
		case OPT_VERSION:
			printf("parsec-pkcs11 %s\n", PACKAGE_VERSION);
			return TOOL_OK;
		default:
			usage(stderr);
			return TOOL_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return TOOL_USAGE;
	}
	return run_command(&cfg, argc - optind, argv + optind);
}
