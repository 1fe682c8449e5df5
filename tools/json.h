/*
 * json.h - a small, strict JSON (RFC 8259) reader and writer for the
 * tool's --json output and its export files.
 *
 * The reader takes untrusted input: it accepts exactly the RFC grammar
 * (no comments, no trailing commas, no leading zeros, UTF-8 only,
 * escapes checked, no U+0000 in strings), rejects duplicate member
 * names, bounds nesting and size, and says where it stopped (line and
 * column). The writer emits UTF-8 with two-space indentation.
 */
#ifndef TOOLS_JSON_H
#define TOOLS_JSON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 64
#define JSON_MAX_INPUT (64ul * 1024ul * 1024ul)

typedef enum json_type {
	JSON_NULL = 0,
	JSON_FALSE,
	JSON_TRUE,
	JSON_NUMBER, /* text holds the number as written */
	JSON_STRING, /* text holds the unescaped UTF-8, len its length */
	JSON_ARRAY,
	JSON_OBJECT,
} json_type_t;

typedef struct json_value json_value_t;

struct json_value {
	json_type_t type;
	char *text; /* numbers and strings, NUL-terminated */
	size_t len;
	json_value_t **items; /* arrays and objects */
	char **names;	      /* objects: member names, as items */
	size_t n;
	unsigned line, column; /* where the value starts, for messages */
};

/* Parses text[0..len); on error returns -1 with a message "line L,
 * column C: WHAT" in err. */
int json_parse(const char *text, size_t len, json_value_t **out, char *err,
	       size_t err_size);
void json_free(json_value_t *v);

/* The member `name` of an object, or NULL. */
const json_value_t *json_member(const json_value_t *obj, const char *name);
/* A non-negative integer number no larger than max: 0, else -1. */
int json_to_u64(const json_value_t *v, uint64_t max, uint64_t *out);
/* "string", "number", ... for messages. */
const char *json_type_name(json_type_t type);

/* ----- writer ----------------------------------------------------- */

typedef struct json_writer {
	FILE *out;
	int depth;
	int first[JSON_MAX_DEPTH + 1]; /* no member written yet at depth */
} json_writer_t;

void json_writer_init(json_writer_t *w, FILE *out);
/* In an object, `name` names the member; in an array (or at the top)
 * it is NULL. */
void json_begin_object(json_writer_t *w, const char *name);
void json_end_object(json_writer_t *w);
void json_begin_array(json_writer_t *w, const char *name);
void json_end_array(json_writer_t *w);
/* A string from bytes: invalid UTF-8 becomes U+FFFD. */
void json_string_n(json_writer_t *w, const char *name, const void *s,
		   size_t len);
void json_string(json_writer_t *w, const char *name, const char *s);
/* Bytes as a lowercase hex string. */
void json_hex(json_writer_t *w, const char *name, const void *data, size_t len);
void json_u64(json_writer_t *w, const char *name, uint64_t v);
void json_bool(json_writer_t *w, const char *name, int v);
void json_null(json_writer_t *w, const char *name);
/* Ends the document with a newline. */
void json_finish(json_writer_t *w);

#endif
