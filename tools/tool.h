/*
 * tool.h - the parsec-pkcs11 command: its sub-command table and the
 * helpers sub-commands share.
 *
 * Each cmd_*.c file defines a group of sub-commands; parsec-pkcs11.c
 * lists the groups, reads the configuration (mapping/config.h, exactly as
 * the module does), parses the global options and dispatches.
 */
#ifndef TOOLS_TOOL_H
#define TOOLS_TOOL_H

#include <stddef.h>
#include <stdio.h>

#include <p11-kit/pkcs11.h>
#include <p11-kit/uri.h>

#include "mapping/attr_list.h"
#include "mapping/config.h"
#include "mapping/inventory.h"
#include "mapping/store.h"
#include "parsec/parsec.h"
#include "tools/json.h"

/* Exit codes. */
#define TOOL_OK 0
#define TOOL_FAILED 1 /* a failure, or check found an inconsistency */
#define TOOL_USAGE 2  /* bad command line or configuration */

/* What every sub-command gets: the configuration and, made on first
 * use, the Parsec client and the store. */
typedef struct tool_ctx {
	config_t cfg;
	parsec_client_t *client;
	store_t *store;
	const char *cmd; /* the sub-command's name, for messages */
} tool_ctx_t;

typedef struct tool_command {
	const char *name;
	const char *args;    /* shown after the name: "PROVIDER-ID" */
	const char *summary; /* one line */
	const char *help;    /* more lines for --help, or NULL */
	/* argv[0] is the sub-command's name; --help is handled before. */
	int (*run)(tool_ctx_t *t, int argc, char **argv);
} tool_command_t;

typedef struct tool_group {
	const tool_command_t *commands;
	size_t count;
} tool_group_t;

/* cmd_service.c: questions about the service itself. */
extern const tool_group_t tool_service_group;
/* cmd_list.c: list, show. */
extern const tool_group_t tool_list_group;
/* cmd_change.c: rename, adopt, forget. */
extern const tool_group_t tool_change_group;
/* cmd_check.c: check. */
extern const tool_group_t tool_check_group;
/* cmd_transfer.c: export, import. */
extern const tool_group_t tool_transfer_group;

/* Prints "parsec-pkcs11 CMD: NAME (CODE): MESSAGE" to stderr and returns
 * TOOL_FAILED. */
int tool_fail(const char *cmd, parsec_status_t rc);
/* Prints "parsec-pkcs11 CMD: MESSAGE" to stderr and returns TOOL_FAILED. */
int tool_error(const tool_ctx_t *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Prints a usage error for cmd to stderr and returns TOOL_USAGE. */
int tool_usage_error(const tool_command_t *cmd, const char *why);

/* Parses a sub-command's options: each of `flags` ("--json", ...) may be
 * given once and sets the matching element of `set`; the remaining
 * arguments are moved to the front of argv[1..] and counted in *nargs.
 * TOOL_USAGE (message printed) on an unknown option. */
int tool_options(const tool_command_t *cmd, int argc, char **argv,
		 const char *const *flags, int *set, int *nargs);

/* The store, opened on first use (message printed on failure). */
int tool_store(tool_ctx_t *t, store_t **out);
/* Loads the inventory (INVENTORY_SERVICE: also asks the service). */
int tool_inventory(tool_ctx_t *t, unsigned flags, inventory_t *inv);
/* The start of a command that takes flags but no arguments: options,
 * then the inventory with the service. */
int tool_begin(tool_ctx_t *t, const tool_command_t *cmd, int argc, char **argv,
	       const char *const *flags, int *set, inventory_t *inv);

/* Names for printing (names.c). */
const char *tool_auth_name(unsigned id);
const char *tool_key_type_name(parsec_key_type_t type);
const char *tool_ecc_family_name(parsec_ecc_family_t family);
/* "ECDSA(SHA_256)", "AEAD_GCM/12"... into buf. */
const char *tool_alg_text(const parsec_algorithm_t *alg, char *buf,
			  size_t size);
/* "sign_hash,verify_hash" or "-" into buf. */
const char *tool_usage_text(uint32_t usage, char *buf, size_t size);

/* PKCS#11 constant names (ck_names.c). Tables end with a NULL name. */
typedef struct ck_name {
	CK_ULONG value;
	const char *name;
} ck_name_t;

extern const ck_name_t tool_ck_classes[];
extern const ck_name_t tool_ck_key_types[];
extern const ck_name_t tool_ck_mechanisms[];
/* The name of a value, or NULL. */
const char *tool_ck_name(const ck_name_t *table, CK_ULONG value);
/* 0 and *value when the name is in the table, else -1. */
int tool_ck_value(const ck_name_t *table, const char *name, CK_ULONG *value);
/* The table naming an attribute's values (CKA_CLASS: classes, ...), or
 * NULL when its values are plain numbers. */
const ck_name_t *tool_ck_table_for(CK_ATTRIBUTE_TYPE type);
/* "CKO_PRIVATE_KEY" or "0x..." into buf. */
const char *tool_ck_text(const ck_name_t *table, CK_ULONG value, char *buf,
			 size_t size);

/* Attributes as text and JSON (attr_text.c). */
/* "CKA_LABEL", "CKA_PARSEC_NAME_ORIGIN" or "0x..." into buf. */
const char *tool_attr_name(CK_ATTRIBUTE_TYPE type, char *buf, size_t size);
/* The type of such a name: 0, else -1. */
int tool_attr_type(const char *name, CK_ATTRIBUTE_TYPE *type);
/* True when the value is not shown by list/show (secret key material,
 * a private data object's value). */
int tool_attr_hidden(CK_OBJECT_CLASS cls, const attr_list_t *attrs,
		     CK_ATTRIBUTE_TYPE type);
/* One line: the value as a person reads it. */
void tool_attr_print(FILE *out, const attr_t *a);
/* A member of the current JSON object. */
void tool_attr_to_json(json_writer_t *w, const attr_t *a);
/* One member back into l; -1 with a message in err. */
int tool_attr_from_json(const char *name, const json_value_t *v, attr_list_t *l,
			char *err, size_t err_size);
/* Lowercase hex of bytes into a malloc'd string (NULL: no memory). */
char *tool_hex(const void *data, size_t len);

/* pkcs11: URIs (uri.c), with p11-kit's URI API. */
/* The URI of a token object, malloc'd; NULL when out of memory. */
char *tool_object_uri(const inventory_slot_t *s, const store_object_t *row);
/* The URI of a slot's token. */
char *tool_token_uri(const inventory_slot_t *s);
/* Parses a URI given on the command line (message printed). */
int tool_uri_parse(const tool_ctx_t *t, const char *text, P11KitUri **out);
/* True when the URI names this object of this slot. */
int tool_uri_match(P11KitUri *uri, const inventory_slot_t *s,
		   const store_object_t *row);

/* A row found by URI: its slot and itself. */
typedef struct tool_match {
	inventory_slot_t *slot;
	store_object_t *row;
	size_t index; /* in slot->rows */
} tool_match_t;

/* Every token object the URI names, in list order (*out malloc'd). */
int tool_uri_find(const tool_ctx_t *t, P11KitUri *uri, const inventory_t *inv,
		  tool_match_t **out, size_t *n);

/* Describing objects (describe.c). */
#define TOOL_LABEL_MAX 80
/* The token label the module reports for the slot. */
const char *tool_token_label(const inventory_slot_t *s, char *buf, size_t size);
/* True when no earlier row of the slot has the row's key name: the row
 * stands for its key when keys are counted once. */
int tool_first_of_key(const inventory_slot_t *s, size_t i);
/* The row whose attributes judge the key's name: its private key, else
 * the row itself. */
const store_object_t *tool_key_row(const inventory_slot_t *s, size_t i);
/* "private key", "certificate"... */
const char *tool_class_text(CK_OBJECT_CLASS cls);
/* "RSA 2048", "EC prime256v1", "X.509" or "" into buf. */
const char *tool_kind_text(const store_object_t *row, char *buf, size_t size);
/* The key size in bits (RSA modulus, EC curve), 0 when unknown; *curve
 * gets the curve name for EC keys (else NULL). */
unsigned long tool_key_bits(const store_object_t *row, const char **curve);

#endif
