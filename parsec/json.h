/*
 * json.h - just enough JSON (RFC 8259) to read one string member of an
 * object, such as the "sub" claim of a JWT payload. Input is untrusted:
 * everything is bounds-checked and nesting is limited.
 */
#ifndef PARSEC_JSON_H
#define PARSEC_JSON_H

#include <stddef.h>

#include "parsec/parsec.h"

/* Finds the member `key` of the object that makes up text[0..len) and
 * returns its string value, unescaped, NUL-terminated, in *out (free()).
 * PARSEC_E_DECODE when the text is not one well-formed object, the member
 * is missing, repeated or not a string, or its value contains U+0000. */
parsec_status_t json_object_string(const char *text, size_t len,
				   const char *key, char **out);

#endif
