/* test_token.h - JWTs built by the tests (unsigned: the client never
 * verifies them; the service does). */
#ifndef TESTS_UNIT_TEST_TOKEN_H
#define TESTS_UNIT_TEST_TOKEN_H

#include <stddef.h>

/* base64url of len bytes, no padding (RFC 7515 section 2); free(). */
char *test_base64url(const void *data, size_t len);

/* "HEADER.PAYLOAD.SIGNATURE" with the given JSON payload; free(). */
char *test_token_make(const char *payload_json);

#endif
