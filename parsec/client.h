/*
 * client.h - the inside of parsec_client_t, for the files of this folder.
 *
 * Everything is set once by parsec_client_new(), except the selected
 * authenticator (chosen once, under auth_lock, then only read) and the
 * request counter (atomic).
 */
#ifndef PARSEC_CLIENT_H
#define PARSEC_CLIENT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

#include "auth.h"
#include "endpoint.h"
#include "parsec/parsec.h"

#define CLIENT_CONNECT_TIMEOUT_MS 1000
#define CLIENT_IO_TIMEOUT_MS 5000

struct parsec_client {
	endpoint_t endpoint;
	int connect_timeout_ms;
	int io_timeout_ms;
	size_t max_response_body;
	parsec_auth_choice_t auth_choice;
	auth_config_t auth_config;
	pthread_mutex_t auth_lock;
	_Atomic(auth_t *) auth;
	atomic_uint_least64_t requests;
};

/* The authenticator for calls that need one, selecting it on first use
 * (which, for PARSEC_AUTH_CHOICE_AUTO, asks the service). */
parsec_status_t client_auth(parsec_client_t *c, const auth_t **out);

#endif
