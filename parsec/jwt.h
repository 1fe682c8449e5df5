/* jwt.h - reading claims from a JWT without verifying it (the service
 * verifies; the client only needs the subject to name itself). */
#ifndef PARSEC_JWT_H
#define PARSEC_JWT_H

#include "parsec/parsec.h"

/* The "sub" claim of a JWS compact token (RFC 7515 section 7.1:
 * header.payload.signature, each base64url), as a NUL-terminated UTF-8
 * string to free(). PARSEC_E_DECODE when the token is not of that form or
 * the claim is missing, empty or not a string. */
parsec_status_t jwt_subject(const char *token, char **sub);

#endif
