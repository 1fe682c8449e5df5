/*
 * parsec-pkcs11.c - the parsec-pkcs11 command: global options, the
 * configuration, then a sub-command from the groups below.
 *
 * The global options are the configuration's environment variables under
 * another name: --endpoint sets PARSEC_SERVICE_ENDPOINT and so on before
 * the configuration is read, so the tool resolves settings exactly as the
 * module does (defaults, file, environment).
 */
#include "config.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/tool.h"

static const tool_group_t *const groups[] = {
	&tool_list_group,     &tool_change_group,  &tool_check_group,
	&tool_transfer_group, &tool_service_group,
};

#define GROUPS (sizeof(groups) / sizeof(groups[0]))

/* Global options that stand for a configuration variable. */
static const struct {
	const char *option;
	const char *arg;
	const char *env;
	const char *help;
} env_options[] = {
	{"config", "FILE", "PARSEC_PKCS11_CONF", "configuration file"},
	{"endpoint", "URI", "PARSEC_SERVICE_ENDPOINT",
	 "service socket, unix:/path"},
	{"auth", "METHOD", "PARSEC_PKCS11_AUTH",
	 "auto, none, direct, unix or jwt-svid"},
	{"app-name", "NAME", "PARSEC_PKCS11_APP_NAME",
	 "application name (direct authenticator)"},
	{"store", "URI", "PARSEC_PKCS11_STORE", "metadata store, sqlite:/path"},
};

#define ENV_OPTIONS (sizeof(env_options) / sizeof(env_options[0]))

static void usage(FILE *out)
{
	size_t g, i;

	fprintf(out, "Usage: parsec-pkcs11 [OPTIONS] COMMAND [ARGS]\n"
		     "Shows and maintains the mapping between the PKCS#11 "
		     "objects of the parsec-pkcs11\nmodule and Parsec keys, "
		     "with the module's configuration.\n\nOptions (each "
		     "sets the variable named, as the module reads it):\n");
	for (i = 0; i < ENV_OPTIONS; i++)
		fprintf(out, "  --%s %-*s %s\n%22s(%s)\n",
			env_options[i].option,
			(int)(16 - strlen(env_options[i].option)),
			env_options[i].arg, env_options[i].help, "",
			env_options[i].env);
	fprintf(out, "  -v, --verbose       log the tool's work to stderr\n"
		     "  -h, --help          show this help\n"
		     "  --version           show the version\n\n"
		     "Commands:\n");
	for (g = 0; g < GROUPS; g++)
		for (i = 0; i < groups[g]->count; i++)
			fprintf(out, "  %-15s %s\n",
				groups[g]->commands[i].name,
				groups[g]->commands[i].summary);
	fprintf(out, "\n'parsec-pkcs11 COMMAND --help' describes a command.\n"
		     "Exit status: 0 ok, 1 failure or inconsistency found, "
		     "2 usage or configuration error.\n");
}

int tool_fail(const char *cmd, parsec_status_t rc)
{
	fprintf(stderr, "parsec-pkcs11 %s: %s (%d): %s\n", cmd,
		parsec_status_name(rc), (int)rc, parsec_status_message(rc));
	return TOOL_FAILED;
}

int tool_error(const tool_ctx_t *t, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "parsec-pkcs11 %s: ", t->cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
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

	for (g = 0; g < GROUPS; g++)
		for (i = 0; i < groups[g]->count; i++)
			if (strcmp(groups[g]->commands[i].name, name) == 0)
				return &groups[g]->commands[i];
	return NULL;
}

static int wants_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return 0;
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0)
			return 1;
	}
	return 0;
}

static void command_help(const tool_command_t *cmd)
{
	printf("Usage: parsec-pkcs11 %s%s%s\n%s\n", cmd->name,
	       *cmd->args ? " " : "", cmd->args, cmd->summary);
	if (cmd->help != NULL)
		printf("\n%s", cmd->help);
}

static int run_command(int verbose, int argc, char **argv)
{
	const tool_command_t *cmd = find_command(argv[0]);
	parsec_client_config_t pcfg;
	tool_ctx_t t;
	parsec_status_t rc;
	char *err = NULL;
	int status;

	if (cmd == NULL) {
		fprintf(stderr,
			"parsec-pkcs11: unknown command '%s' (see "
			"parsec-pkcs11 --help)\n",
			argv[0]);
		return TOOL_USAGE;
	}
	if (wants_help(argc, argv)) {
		command_help(cmd);
		return TOOL_OK;
	}
	memset(&t, 0, sizeof(t));
	t.cmd = cmd->name;
	if (config_load(&t.cfg, &err) != CONFIG_OK) {
		fprintf(stderr, "parsec-pkcs11: configuration: %s\n",
			err ? err : "out of memory");
		free(err);
		return TOOL_USAGE;
	}
	parsec_log_set_level(verbose ? PARSEC_LOG_DEBUG : t.cfg.log_level);
	config_client_config(&t.cfg, &pcfg);
	rc = parsec_client_new(&pcfg, &t.client);
	if (rc != PARSEC_SUCCESS) {
		tool_fail(cmd->name, rc);
		config_free(&t.cfg);
		return rc == PARSEC_E_ENDPOINT ? TOOL_USAGE : TOOL_FAILED;
	}
	status = cmd->run(&t, argc, argv);
	store_close(t.store);
	parsec_client_free(t.client);
	config_free(&t.cfg);
	return status;
}

enum { OPT_VERSION = 256, OPT_ENV = 512 };

int main(int argc, char **argv)
{
	struct option options[ENV_OPTIONS + 4];
	int opt, verbose = 0;
	size_t i;

	for (i = 0; i < ENV_OPTIONS; i++) {
		options[i].name = env_options[i].option;
		options[i].has_arg = required_argument;
		options[i].flag = NULL;
		options[i].val = OPT_ENV + (int)i;
	}
	options[i++] = (struct option){"verbose", no_argument, NULL, 'v'};
	options[i++] = (struct option){"help", no_argument, NULL, 'h'};
	options[i++] =
		(struct option){"version", no_argument, NULL, OPT_VERSION};
	options[i] = (struct option){NULL, 0, NULL, 0};

	parsec_log_set_handler(log_to_stderr, NULL);
	parsec_log_set_level(PARSEC_LOG_WARNING);
	/* '+': options after the command belong to the command */
	while ((opt = getopt_long(argc, argv, "+vh", options, NULL)) != -1) {
		if (opt >= OPT_ENV && opt < OPT_ENV + (int)ENV_OPTIONS) {
			setenv(env_options[opt - OPT_ENV].env, optarg, 1);
			continue;
		}
		switch (opt) {
		case 'v':
			verbose = 1;
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
	return run_command(verbose, argc - optind, argv + optind);
}
