/*
 * naming.h - the naming convention between PKCS#11 objects and Parsec
 * key names.
 *
 * A scheme is a template with placeholders, configured by `naming`:
 *   {label}  CKA_LABEL, sanitised (see below)
 *   {id}     CKA_ID as lowercase hex
 *   {class}  "priv", "pub" or "secret"
 *   {rand}   16 random lowercase hex digits
 * Default "{label}". Literal text is kept; "{{" and "}}" are braces.
 *
 * Sanitising keeps the name valid and readable everywhere it is shown
 * (logs, the tool, pkcs11: URIs): valid UTF-8 is kept except control
 * characters and '/', which become '_'; invalid UTF-8 bytes become '_'.
 * A name longer than NAMING_MAX_LEN bytes is cut on a character boundary.
 * When the result would be empty (no label, say), the name falls back to
 * "key-{id}" and, without an id either, "key-{rand}".
 *
 * Collisions with names already used by this application on this
 * provider are resolved deterministically: the first free of "NAME",
 * "NAME-2", "NAME-3", ... (the suffix counts toward NAMING_MAX_LEN).
 *
 * Back: naming_parse() recovers label and id from a name made by a
 * scheme, when the scheme is reversible for that name ({label} and {id}
 * separated by literal text that does not occur in them).
 */
#ifndef MAPPING_NAMING_H
#define MAPPING_NAMING_H

#include <stddef.h>
#include <stdint.h>

#define NAMING_MAX_LEN 200

typedef enum naming_rc {
	NAMING_OK = 0,
	NAMING_E_SCHEME, /* unknown placeholder or unbalanced brace */
	NAMING_E_NOMEM,
	NAMING_E_EXHAUSTED, /* no free suffix (more than 10000 taken) */
	NAMING_E_NO_MATCH,  /* naming_parse: name not made by this scheme */
	NAMING_E_RANDOM,    /* the RNG failed while expanding {rand} */
} naming_rc_t;

/* Checks a scheme template; returns NAMING_E_SCHEME with *err set to a
 * static message if invalid. */
naming_rc_t naming_check_scheme(const char *scheme, const char **err);

typedef struct naming_input {
	const uint8_t *label;
	size_t label_len;
	const uint8_t *id;
	size_t id_len;
	const char *cls; /* "priv", "pub", "secret" */
} naming_input_t;

/* Callback telling whether a name is already taken by this application on
 * this provider (in Parsec or in the store). */
typedef int (*naming_taken_fn)(const char *name, void *ctx);

/* Makes a new, free key name; *out is malloc'd. */
naming_rc_t naming_make(const char *scheme, const naming_input_t *in,
			naming_taken_fn taken, void *ctx, char **out);

/* True when a name is one the scheme could make: not empty, at most
 * NAMING_MAX_LEN bytes, UTF-8 without control characters or '/'. */
int naming_name_valid(const char *name);

/* Recovers label (malloc'd, NUL-terminated) and id (malloc'd bytes) from a
 * name. Either may be returned NULL when the scheme lacks it. A "-N"
 * collision suffix is removed first when the rest matches. */
naming_rc_t naming_parse(const char *scheme, const char *name, char **label,
			 uint8_t **id, size_t *id_len);

#endif
