/*
 * fake.h - types shared by the parts of fake-parsecd, the Parsec test
 * double. Statuses are the wire values of parsec/parsec.h.
 */
#ifndef FAKE_PARSEC_FAKE_H
#define FAKE_PARSEC_FAKE_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "parsec/parsec.h"
#include "parsec/wire_header.h"

/* What the service would do with a request; every fake_* call that can
 * fail returns one of these (0 = success). */
typedef uint16_t fake_status_t;

#define FAKE_OK ((fake_status_t)PARSEC_SUCCESS)
#define FAKE_ST(x) ((fake_status_t)PARSEC_##x)

/* The service's default buffer limit, for request and response bodies. */
#define FAKE_BODY_LIMIT ((size_t)PARSEC_BODY_LIMIT)

/* A growable byte buffer; data is owned. */
typedef struct fake_buf {
	uint8_t *data;
	size_t len;
} fake_buf_t;

void fake_buf_free(fake_buf_t *b);
/* Zeroes the bytes before freeing them (keys, plaintexts). */
void fake_buf_clear(fake_buf_t *b);
int fake_buf_set(fake_buf_t *b, const uint8_t *data, size_t len);

/* An authenticated caller. Keys are owned by (auth type, name). */
typedef struct fake_app {
	uint8_t auth_type;
	char *name;
} fake_app_t;

struct fake_auth;
struct fake_keystore;
struct fake_faults;
struct fake_reqlog;

typedef struct fake_server {
	const struct fake_auth *auth; /* the one configured authenticator */
	void *auth_state;	      /* owned by the authenticator */
	int tpm;		      /* TPM-like provider offered */
	struct fake_keystore *keys;
	struct fake_faults *faults; /* NULL: no --control */
	struct fake_reqlog *log;    /* NULL: no --log */
} fake_server_t;

/* True when the bytes are well-formed UTF-8 (what Rust's from_utf8
 * accepts: no overlong forms, surrogates or values above U+10FFFF). */
int fake_utf8_valid(const uint8_t *s, size_t len);

/* Prints a diagnostic line on stderr, prefixed with the program name. */
void fake_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
