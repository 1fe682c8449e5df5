/*
 * reqlog.h - the --log file: one line per request with the opcode name,
 * provider, auth type, application name and status. Auth bytes, tokens
 * and key material are never written.
 */
#ifndef FAKE_PARSEC_REQLOG_H
#define FAKE_PARSEC_REQLOG_H

#include "fake.h"

typedef struct fake_reqlog fake_reqlog_t;

/* NULL after printing why when the file cannot be opened. */
fake_reqlog_t *reqlog_open(const char *path);
void reqlog_close(fake_reqlog_t *log);

/* h NULL: the request's header could not be read. app may be NULL. */
void reqlog_write(fake_reqlog_t *log, const wire_header_t *h, const char *app,
		  fake_status_t status);

#endif
