/*
 * tool.h - the parsec-pkcs11 command: its sub-command table and the
 * helpers sub-commands share.
 *
 * Each cmd_*.c file defines a group of sub-commands; parsec-pkcs11.c
 * lists the groups, parses the global options and dispatches.
 */
#ifndef TOOLS_TOOL_H
#define TOOLS_TOOL_H

#include <stddef.h>

#include "parsec/parsec.h"

/* Exit codes. */
#define TOOL_OK 0
#define TOOL_FAILED 1 /* the service refused or the client failed */
#define TOOL_USAGE 2  /* bad command line */

typedef struct tool_command {
	const char *name;
	const char *args;    /* shown after the name: "PROVIDER-ID" */
	const char *summary; /* one line */
	/* argv[0] is the sub-command's name; --help is handled before. */
	int (*run)(parsec_client_t *c, int argc, char **argv);
} tool_command_t;

typedef struct tool_group {
	const tool_command_t *commands;
	size_t count;
} tool_group_t;

/* cmd_service.c: questions about the service itself. */
extern const tool_group_t tool_service_group;

/* Prints "parsec-pkcs11 CMD: NAME (CODE): MESSAGE" to stderr and returns
 * TOOL_FAILED. */
int tool_fail(const char *cmd, parsec_status_t rc);

/* Prints a usage error for cmd to stderr and returns TOOL_USAGE. */
int tool_usage_error(const tool_command_t *cmd, const char *why);

/* Names for printing (names.c). */
const char *tool_auth_name(unsigned id);
const char *tool_key_type_name(parsec_key_type_t type);
const char *tool_ecc_family_name(parsec_ecc_family_t family);
/* "ECDSA(SHA_256)", "AEAD_GCM/12"... into buf. */
const char *tool_alg_text(const parsec_algorithm_t *alg, char *buf,
			  size_t size);
/* "sign_hash,verify_hash" or "-" into buf. */
const char *tool_usage_text(uint32_t usage, char *buf, size_t size);

#endif
