/*
 * conn.h - one connection: read one request as the service does
 * (parsec-interface Request::read_from_stream, with the service's 200 ms
 * read timeout), answer it, close.
 */
#ifndef FAKE_PARSEC_CONN_H
#define FAKE_PARSEC_CONN_H

#include "fake.h"

/* Serves the request on fd and closes fd. */
void conn_serve(fake_server_t *srv, int fd);

#endif
