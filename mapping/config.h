/*
 * config.h - the module's configuration: a file plus environment variables.
 *
 * Precedence, lowest to highest: built-in defaults, the config file
 * (PARSEC_PKCS11_CONF, else CONFIG_DEFAULT_PATH), then environment
 * variables. The file is "key = value" lines; '#' starts a comment; blank
 * lines are ignored; unknown keys and bad values are errors that name the
 * file and line (a typo must not silently change which keys are used).
 *
 *   key                env                          default
 *   endpoint           PARSEC_SERVICE_ENDPOINT unix:/run/parsec/parsec.sock
 *   service_id         PARSEC_PKCS11_SERVICE_ID     the endpoint
 *   auth               PARSEC_PKCS11_AUTH           auto
 *                      (auto|none|direct|unix|jwt-svid)
 *   app_name           PARSEC_PKCS11_APP_NAME       the program's name
 *   jwt_svid_file      PARSEC_JWT_SVID_FILE         (none)
 *   store              PARSEC_PKCS11_STORE          (see below)
 *                      (sqlite:/path or a path)
 *   naming             PARSEC_PKCS11_NAMING         {label}
 *   providers          PARSEC_PKCS11_PROVIDERS      all (comma-separated ids)
 *   log_level          PARSEC_PKCS11_LOG_LEVEL      warning
 *                      (error|warning|info|debug)
 *   log                PARSEC_PKCS11_LOG            stderr (stderr|syslog|none)
 *   pin_kdf_iterations PARSEC_PKCS11_PIN_ITERATIONS 200000
 *   connect_timeout_ms PARSEC_PKCS11_CONNECT_TIMEOUT 1000
 *   io_timeout_ms      PARSEC_PKCS11_IO_TIMEOUT     5000
 *
 * The default store is sqlite:$XDG_DATA_HOME/parsec-pkcs11/metadata.sqlite,
 * with $HOME/.local/share for XDG_DATA_HOME when that is unset or
 * relative, and /var/lib when HOME is too.
 *
 * The JWT-SVID token itself is never put in the config file; it comes from
 * jwt_svid_file or the PARSEC_JWT_SVID_TOKEN variable (read by parsec/).
 */
#ifndef MAPPING_CONFIG_H
#define MAPPING_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "parsec/parsec.h"

#ifndef CONFIG_DEFAULT_PATH
#define CONFIG_DEFAULT_PATH "/etc/parsec-pkcs11/parsec-pkcs11.conf"
#endif

typedef enum config_log_dest {
	CONFIG_LOG_STDERR = 0,
	CONFIG_LOG_SYSLOG,
	CONFIG_LOG_NONE,
} config_log_dest_t;

typedef struct config {
	char *endpoint;	  /* NULL: let parsec/ apply its default */
	char *service_id; /* never NULL after config_load */
	parsec_auth_choice_t auth;
	char *app_name;	     /* NULL: program name */
	char *jwt_svid_file; /* NULL: none */
	char *store;	     /* "sqlite:/abs/path", never NULL after load */
	char *naming;	     /* naming scheme template, never NULL */
	/* providers to expose; all_providers set means no filter */
	int all_providers;
	uint8_t providers[256];
	size_t n_providers;
	parsec_log_level_t log_level;
	config_log_dest_t log_dest;
	uint32_t pin_kdf_iterations;
	int connect_timeout_ms;
	int io_timeout_ms;
	char *source; /* the file that was read, or NULL if none */
} config_t;

typedef enum config_rc {
	CONFIG_OK = 0,
	CONFIG_E_NOMEM,
	CONFIG_E_IO,	 /* the named file exists but cannot be read */
	CONFIG_E_SYNTAX, /* bad line, unknown key or bad value */
} config_rc_t;

/* Loads defaults, then the file, then the environment. A missing default
 * file is not an error; a missing file named by PARSEC_PKCS11_CONF is.
 * On error, *err (if not NULL) gets a malloc'd message naming the file,
 * line and key; the caller frees it. */
config_rc_t config_load(config_t *cfg, char **err);

/* Same, from an explicit file (NULL: none) and an explicit environment
 * lookup function (NULL: getenv); lets tests avoid touching the real
 * environment. */
config_rc_t config_load_from(config_t *cfg, const char *path,
			     const char *(*env)(const char *name), char **err);

void config_free(config_t *cfg);

/* True when the provider id passes the `providers` filter. */
int config_provider_enabled(const config_t *cfg, uint8_t provider);

/* Fills a parsec client configuration that borrows cfg's strings. */
void config_client_config(const config_t *cfg, parsec_client_config_t *out);

#endif
