/*
 * config.c - defaults, then the config file, then the environment.
 *
 * Every key is one row of `keys`: its file name, its variable and the
 * setter that checks and stores a value. The file and the environment go
 * through the same setters, so a value means the same wherever it is set.
 *
 * File syntax: "key = value" per line; blank lines are skipped; '#' at the
 * start of a line or after a space starts a comment (so "a#b" stays a
 * value). Spaces around key and value are ignored. A key set twice in the
 * file is an error, like an unknown key: both are usually typos.
 *
 * Messages name the file, line and key but never echo a value: nothing in
 * the file should be secret, but a misplaced token must not reach a log.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mapping/config.h"
#include "mapping/naming.h"
#include "mapping/pin_hash.h"
#include "mapping/store.h"

#define DEFAULT_ENDPOINT "unix:/run/parsec/parsec.sock"
#define DEFAULT_NAMING "{label}"
#define DEFAULT_ITERATIONS 200000
#define DEFAULT_CONNECT_TIMEOUT_MS 1000
#define DEFAULT_IO_TIMEOUT_MS 5000
#define TIMEOUT_MAX_MS 600000
#define LINE_MAX_LEN 4096
#define STORE_SUBPATH "parsec-pkcs11/metadata.sqlite"
#define SYSTEM_STORE "sqlite:/var/lib/" STORE_SUBPATH

typedef const char *(*env_fn)(const char *name);

typedef struct config_key config_key_t;

typedef struct choice {
	const char *name;
	int value;
} choice_t;

/* Stores a checked value; on CONFIG_E_SYNTAX may point *why at a better
 * explanation than the key's `expected`. */
typedef config_rc_t (*setter_fn)(config_t *cfg, const config_key_t *key,
				 const char *value, const char **why);

struct config_key {
	const char *name;
	const char *env;
	setter_fn set;
	size_t offset; /* the member the setter writes, if any */
	const char *expected;
	const choice_t *choices; /* set_choice: the accepted words */
};

static const choice_t auth_choices[] = {
	{"auto", PARSEC_AUTH_CHOICE_AUTO},
	{"none", PARSEC_AUTH_CHOICE_NONE},
	{"direct", PARSEC_AUTH_CHOICE_DIRECT},
	{"unix", PARSEC_AUTH_CHOICE_UNIX_PEER},
	{"jwt-svid", PARSEC_AUTH_CHOICE_JWT_SVID},
	{NULL, 0},
};

static const choice_t level_choices[] = {
	{"error", PARSEC_LOG_ERROR},
	{"warning", PARSEC_LOG_WARNING},
	{"info", PARSEC_LOG_INFO},
	{"debug", PARSEC_LOG_DEBUG},
	{NULL, 0},
};

static const choice_t log_choices[] = {
	{"stderr", CONFIG_LOG_STDERR},
	{"syslog", CONFIG_LOG_SYSLOG},
	{"none", CONFIG_LOG_NONE},
	{NULL, 0},
};

/* ------------------------------------------------------------------ */
/* Setters                                                              */
/* ------------------------------------------------------------------ */

static char **string_member(config_t *cfg, const config_key_t *key)
{
	return (char **)((char *)cfg + key->offset);
}

static config_rc_t replace_string(char **member, char *value)
{
	if (value == NULL)
		return CONFIG_E_NOMEM;
	free(*member);
	*member = value;
	return CONFIG_OK;
}

static config_rc_t set_string(config_t *cfg, const config_key_t *key,
			      const char *value, const char **why)
{
	return replace_string(string_member(cfg, key), strdup(value));
}

static int lookup(const choice_t *choices, const char *name, int *value)
{
	for (; choices->name != NULL; choices++)
		if (strcmp(choices->name, name) == 0) {
			*value = choices->value;
			return 1;
		}
	return 0;
}

/* Enum members are stored through an int: they must be int-sized. */
_Static_assert(sizeof(parsec_auth_choice_t) == sizeof(int) &&
		       sizeof(parsec_log_level_t) == sizeof(int) &&
		       sizeof(config_log_dest_t) == sizeof(int),
	       "enum members are int-sized");

static config_rc_t set_choice(config_t *cfg, const config_key_t *key,
			      const char *value, const char **why)
{
	int v;

	if (!lookup(key->choices, value, &v))
		return CONFIG_E_SYNTAX;
	memcpy((char *)cfg + key->offset, &v, sizeof(v));
	return CONFIG_OK;
}

static config_rc_t set_store(config_t *cfg, const config_key_t *key,
			     const char *value, const char **why)
{
	char *uri;
	store_rc_t rc = store_uri_canonical(value, &uri);

	if (rc == STORE_E_NOMEM)
		return CONFIG_E_NOMEM;
	if (rc != STORE_OK)
		return CONFIG_E_SYNTAX;
	return replace_string(&cfg->store, uri);
}

static config_rc_t set_naming(config_t *cfg, const config_key_t *key,
			      const char *value, const char **why)
{
	naming_rc_t rc = naming_check_scheme(value, why);

	if (rc == NAMING_E_NOMEM)
		return CONFIG_E_NOMEM;
	if (rc != NAMING_OK)
		return CONFIG_E_SYNTAX;
	return replace_string(&cfg->naming, strdup(value));
}

/* Decimal digits only (no sign, no spaces), within [min, max]. */
static const char *parse_number(const char *s, unsigned long min,
				unsigned long max, unsigned long *out)
{
	unsigned long v = 0;
	const char *p = s;

	while (*p >= '0' && *p <= '9' && p - s < 10)
		v = v * 10 + (unsigned long)(*p++ - '0');
	if (p == s || (*p >= '0' && *p <= '9') || v < min || v > max)
		return NULL;
	*out = v;
	return p;
}

static config_rc_t set_iterations(config_t *cfg, const config_key_t *key,
				  const char *value, const char **why)
{
	unsigned long v;
	const char *end = parse_number(value, PIN_HASH_MIN_ITERATIONS,
				       PIN_HASH_MAX_ITERATIONS, &v);

	if (end == NULL || *end != '\0')
		return CONFIG_E_SYNTAX;
	cfg->pin_kdf_iterations = (uint32_t)v;
	return CONFIG_OK;
}

static config_rc_t set_timeout(config_t *cfg, const config_key_t *key,
			       const char *value, const char **why)
{
	unsigned long v;
	const char *end = parse_number(value, 1, TIMEOUT_MAX_MS, &v);

	if (end == NULL || *end != '\0')
		return CONFIG_E_SYNTAX;
	*(int *)((char *)cfg + key->offset) = (int)v;
	return CONFIG_OK;
}

static const char *skip_spaces(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

static config_rc_t set_providers(config_t *cfg, const config_key_t *key,
				 const char *value, const char **why)
{
	uint8_t seen[256] = {0}, list[256];
	const char *p = value;
	unsigned long id;
	size_t n = 0;

	if (strcmp(value, "all") == 0) {
		cfg->all_providers = 1;
		cfg->n_providers = 0;
		return CONFIG_OK;
	}
	for (;;) {
		p = parse_number(skip_spaces(p), 0, 255, &id);
		if (p == NULL)
			return CONFIG_E_SYNTAX;
		if (!seen[id])
			list[n++] = (uint8_t)id;
		seen[id] = 1;
		p = skip_spaces(p);
		if (*p == '\0')
			break;
		if (*p++ != ',')
			return CONFIG_E_SYNTAX;
	}
	memcpy(cfg->providers, list, n);
	cfg->n_providers = n;
	cfg->all_providers = 0;
	return CONFIG_OK;
}

/* One row per key; NULL choices unless the setter is set_choice. */
static const config_key_t keys[] = {
	{"endpoint", "PARSEC_SERVICE_ENDPOINT", set_string,
	 offsetof(config_t, endpoint),
	 "expected unix:/path or an absolute path", NULL},
	{"service_id", "PARSEC_PKCS11_SERVICE_ID", set_string,
	 offsetof(config_t, service_id), "expected a name", NULL},
	{"auth", "PARSEC_PKCS11_AUTH", set_choice, offsetof(config_t, auth),
	 "expected auto, none, direct, unix or jwt-svid", auth_choices},
	{"app_name", "PARSEC_PKCS11_APP_NAME", set_string,
	 offsetof(config_t, app_name), "expected a name", NULL},
	{"jwt_svid_file", "PARSEC_JWT_SVID_FILE", set_string,
	 offsetof(config_t, jwt_svid_file), "expected a file name", NULL},
	{"store", "PARSEC_PKCS11_STORE", set_store, 0,
	 "expected sqlite:/absolute/path or an absolute path", NULL},
	{"naming", "PARSEC_PKCS11_NAMING", set_naming, 0,
	 "expected a naming scheme such as {label}", NULL},
	{"providers", "PARSEC_PKCS11_PROVIDERS", set_providers, 0,
	 "expected all, or provider ids 0-255 separated by commas", NULL},
	{"log_level", "PARSEC_PKCS11_LOG_LEVEL", set_choice,
	 offsetof(config_t, log_level),
	 "expected error, warning, info or debug", level_choices},
	{"log", "PARSEC_PKCS11_LOG", set_choice, offsetof(config_t, log_dest),
	 "expected stderr, syslog or none", log_choices},
	{"pin_kdf_iterations", "PARSEC_PKCS11_PIN_ITERATIONS", set_iterations,
	 0, "expected a number from 1 to 10000000", NULL},
	{"connect_timeout_ms", "PARSEC_PKCS11_CONNECT_TIMEOUT", set_timeout,
	 offsetof(config_t, connect_timeout_ms),
	 "expected milliseconds from 1 to 600000", NULL},
	{"io_timeout_ms", "PARSEC_PKCS11_IO_TIMEOUT", set_timeout,
	 offsetof(config_t, io_timeout_ms),
	 "expected milliseconds from 1 to 600000", NULL},
};

#define N_KEYS (sizeof(keys) / sizeof(keys[0]))

/* ------------------------------------------------------------------ */
/* Messages                                                             */
/* ------------------------------------------------------------------ */

static config_rc_t fail(char **err, config_rc_t rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static config_rc_t fail(char **err, config_rc_t rc, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL && *err == NULL) {
		va_start(ap, fmt);
		if (vasprintf(err, fmt, ap) < 0)
			*err = NULL;
		va_end(ap);
	}
	return rc;
}

/* Applies one value; `where` is "FILE:LINE" or "environment variable X". */
static config_rc_t apply(config_t *cfg, const config_key_t *key,
			 const char *value, const char *where, char **err)
{
	const char *why = NULL;
	config_rc_t rc;

	if (*value == '\0')
		return fail(err, CONFIG_E_SYNTAX, "%s: no value for '%s'",
			    where, key->name);
	rc = key->set(cfg, key, value, &why);
	if (rc == CONFIG_E_SYNTAX)
		return fail(err, rc, "%s: bad value for '%s': %s", where,
			    key->name, why ? why : key->expected);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The file                                                             */
/* ------------------------------------------------------------------ */

static char *trim(char *s)
{
	char *end;

	s = (char *)skip_spaces(s);
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

static void strip_comment(char *line)
{
	char *p;

	for (p = line; *p != '\0'; p++)
		if (*p == '#' && (p == line || isspace((unsigned char)p[-1]))) {
			*p = '\0';
			return;
		}
}

static const config_key_t *find_key(const char *name)
{
	size_t i;

	for (i = 0; i < N_KEYS; i++)
		if (strcmp(keys[i].name, name) == 0)
			return &keys[i];
	return NULL;
}

static int is_word(const char *s)
{
	for (; *s != '\0'; s++)
		if (!islower((unsigned char)*s) &&
		    !isdigit((unsigned char)*s) && *s != '_')
			return 0;
	return 1;
}

typedef struct file_pos {
	const char *path;
	unsigned line;
	uint8_t seen[N_KEYS];
} file_pos_t;

static config_rc_t parse_line(config_t *cfg, char *line, file_pos_t *pos,
			      char **err)
{
	const config_key_t *key;
	char *eq, *name, where[64 + 4096];

	strip_comment(line);
	name = trim(line);
	if (*name == '\0')
		return CONFIG_OK;
	eq = strchr(name, '=');
	if (eq == NULL || eq == name)
		return fail(err, CONFIG_E_SYNTAX,
			    "%s:%u: expected 'key = value'", pos->path,
			    pos->line);
	*eq = '\0';
	name = trim(name);
	key = find_key(name);
	if (key == NULL && is_word(name) && strlen(name) <= 64)
		return fail(err, CONFIG_E_SYNTAX, "%s:%u: unknown key '%s'",
			    pos->path, pos->line, name);
	if (key == NULL)
		return fail(err, CONFIG_E_SYNTAX, "%s:%u: unknown key",
			    pos->path, pos->line);
	if (pos->seen[key - keys])
		return fail(err, CONFIG_E_SYNTAX, "%s:%u: '%s' is set twice",
			    pos->path, pos->line, key->name);
	pos->seen[key - keys] = 1;
	snprintf(where, sizeof(where), "%s:%u", pos->path, pos->line);
	return apply(cfg, key, trim(eq + 1), where, err);
}

static config_rc_t parse_stream(config_t *cfg, FILE *fp, file_pos_t *pos,
				char **err)
{
	config_rc_t rc = CONFIG_OK;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	while (rc == CONFIG_OK && (n = getline(&line, &cap, fp)) >= 0) {
		pos->line++;
		if (n > LINE_MAX_LEN || strlen(line) != (size_t)n)
			rc = fail(err, CONFIG_E_SYNTAX,
				  "%s:%u: line too long or not text", pos->path,
				  pos->line);
		else
			rc = parse_line(cfg, line, pos, err);
	}
	free(line);
	if (rc == CONFIG_OK && ferror(fp))
		rc = fail(err, CONFIG_E_IO, "%s: cannot read: %s", pos->path,
			  strerror(errno));
	return rc;
}

static config_rc_t read_file(config_t *cfg, const char *path, int required,
			     char **err)
{
	file_pos_t pos = {path, 0, {0}};
	config_rc_t rc;
	FILE *fp;

	if (strlen(path) > 4096)
		return fail(err, CONFIG_E_IO, "config file name too long");
	fp = fopen(path, "re");
	if (fp == NULL) {
		if (errno == ENOENT && !required)
			return CONFIG_OK;
		return fail(err, CONFIG_E_IO, "%s: cannot read: %s", path,
			    strerror(errno));
	}
	rc = parse_stream(cfg, fp, &pos, err);
	fclose(fp);
	if (rc == CONFIG_OK) {
		cfg->source = strdup(path);
		if (cfg->source == NULL)
			rc = CONFIG_E_NOMEM;
	}
	return rc;
}

/* ------------------------------------------------------------------ */
/* Environment and defaults                                             */
/* ------------------------------------------------------------------ */

static config_rc_t apply_env(config_t *cfg, env_fn env, char **err)
{
	config_rc_t rc = CONFIG_OK;
	char where[128];
	const char *v;
	size_t i;

	for (i = 0; rc == CONFIG_OK && i < N_KEYS; i++) {
		v = env(keys[i].env);
		if (v == NULL || *v == '\0')
			continue;
		snprintf(where, sizeof(where), "environment variable %s",
			 keys[i].env);
		rc = apply(cfg, &keys[i], v, where, err);
	}
	return rc;
}

static config_rc_t set_defaults(config_t *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->auth = PARSEC_AUTH_CHOICE_AUTO;
	cfg->all_providers = 1;
	cfg->log_level = PARSEC_LOG_WARNING;
	cfg->log_dest = CONFIG_LOG_STDERR;
	cfg->pin_kdf_iterations = DEFAULT_ITERATIONS;
	cfg->connect_timeout_ms = DEFAULT_CONNECT_TIMEOUT_MS;
	cfg->io_timeout_ms = DEFAULT_IO_TIMEOUT_MS;
	cfg->naming = strdup(DEFAULT_NAMING);
	return cfg->naming ? CONFIG_OK : CONFIG_E_NOMEM;
}

/* XDG base directories: only absolute values count (XDG spec). */
static int usable_dir(const char *dir)
{
	return dir != NULL && dir[0] == '/';
}

static size_t without_trailing_slashes(const char *dir)
{
	size_t n = strlen(dir);

	while (n > 0 && dir[n - 1] == '/')
		n--;
	return n;
}

static char *default_store(env_fn env)
{
	const char *xdg = env("XDG_DATA_HOME"), *home = env("HOME");
	char *uri = NULL;
	int r;

	if (usable_dir(xdg))
		r = asprintf(&uri, "sqlite:%.*s/" STORE_SUBPATH,
			     (int)without_trailing_slashes(xdg), xdg);
	else if (usable_dir(home))
		r = asprintf(&uri, "sqlite:%.*s/.local/share/" STORE_SUBPATH,
			     (int)without_trailing_slashes(home), home);
	else
		r = (uri = strdup(SYSTEM_STORE)) ? 0 : -1;
	return r < 0 ? NULL : uri;
}

/* The same service reached as "/path" or "unix:/path" is one scope. */
static char *default_service_id(const char *endpoint)
{
	char *id = NULL;

	if (endpoint == NULL)
		return strdup(DEFAULT_ENDPOINT);
	if (endpoint[0] == '/')
		return asprintf(&id, "unix:%s", endpoint) < 0 ? NULL : id;
	return strdup(endpoint);
}

static config_rc_t finish(config_t *cfg, env_fn env)
{
	if (cfg->store == NULL) {
		cfg->store = default_store(env);
		if (cfg->store == NULL)
			return CONFIG_E_NOMEM;
	}
	if (cfg->service_id == NULL) {
		cfg->service_id = default_service_id(cfg->endpoint);
		if (cfg->service_id == NULL)
			return CONFIG_E_NOMEM;
	}
	return CONFIG_OK;
}

/* ------------------------------------------------------------------ */
/* Entry points                                                         */
/* ------------------------------------------------------------------ */

/* secure_getenv: in a setuid program the caller's environment must not
 * choose the store file or the service. */
static const char *process_env(const char *name)
{
	return secure_getenv(name);
}

static config_rc_t load(config_t *cfg, const char *path, int required,
			env_fn env, char **err)
{
	config_rc_t rc;

	if (err != NULL)
		*err = NULL;
	if (cfg == NULL)
		return fail(err, CONFIG_E_SYNTAX, "no configuration to fill");
	rc = set_defaults(cfg);
	if (rc == CONFIG_OK && path != NULL)
		rc = read_file(cfg, path, required, err);
	if (rc == CONFIG_OK)
		rc = apply_env(cfg, env, err);
	if (rc == CONFIG_OK)
		rc = finish(cfg, env);
	if (rc == CONFIG_E_NOMEM)
		fail(err, rc, "out of memory reading the configuration");
	if (rc != CONFIG_OK) {
		config_free(cfg);
		return rc;
	}
	parsec_log(PARSEC_LOG_DEBUG, "config: %s, store %s",
		   cfg->source ? cfg->source : "no file", cfg->store);
	return CONFIG_OK;
}

config_rc_t config_load(config_t *cfg, char **err)
{
	const char *path = process_env("PARSEC_PKCS11_CONF");

	if (path != NULL && *path != '\0')
		return load(cfg, path, 1, process_env, err);
	return load(cfg, CONFIG_DEFAULT_PATH, 0, process_env, err);
}

config_rc_t config_load_from(config_t *cfg, const char *path,
			     const char *(*env)(const char *name), char **err)
{
	return load(cfg, path, path != NULL, env ? env : process_env, err);
}

void config_free(config_t *cfg)
{
	if (cfg == NULL)
		return;
	free(cfg->endpoint);
	free(cfg->service_id);
	free(cfg->app_name);
	free(cfg->jwt_svid_file);
	free(cfg->store);
	free(cfg->naming);
	free(cfg->source);
	memset(cfg, 0, sizeof(*cfg));
}

int config_provider_enabled(const config_t *cfg, uint8_t provider)
{
	size_t i;

	if (cfg->all_providers)
		return 1;
	for (i = 0; i < cfg->n_providers; i++)
		if (cfg->providers[i] == provider)
			return 1;
	return 0;
}

void config_client_config(const config_t *cfg, parsec_client_config_t *out)
{
	memset(out, 0, sizeof(*out));
	out->endpoint = cfg->endpoint;
	out->auth = cfg->auth;
	out->app_name = cfg->app_name;
	out->jwt_svid_file = cfg->jwt_svid_file;
	out->connect_timeout_ms = cfg->connect_timeout_ms;
	out->io_timeout_ms = cfg->io_timeout_ms;
}
