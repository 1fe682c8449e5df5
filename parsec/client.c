/* client.c - creating, inspecting and freeing a parsec_client_t. */
#include "client.h"

#include <stdlib.h>
#include <string.h>

#include "secmem.h"

static int copy_string(char **dst, const char *src)
{
	*dst = NULL;
	if (!src)
		return 0;
	*dst = strdup(src);
	return *dst ? 0 : -1;
}

static void auth_config_free(auth_config_t *cfg)
{
	free(cfg->app_name);
	secmem_free_string(cfg->jwt_svid_token);
	free(cfg->jwt_svid_file);
}

static parsec_status_t auth_config_copy(const parsec_client_config_t *cfg,
					auth_config_t *out)
{
	if (copy_string(&out->app_name, cfg->app_name) ||
	    copy_string(&out->jwt_svid_token, cfg->jwt_svid_token) ||
	    copy_string(&out->jwt_svid_file, cfg->jwt_svid_file))
		return PARSEC_E_NOMEM;
	return PARSEC_SUCCESS;
}

static parsec_status_t check_config(const parsec_client_config_t *cfg)
{
	if (cfg->connect_timeout_ms < 0 || cfg->io_timeout_ms < 0 ||
	    cfg->auth < PARSEC_AUTH_CHOICE_AUTO ||
	    cfg->auth > PARSEC_AUTH_CHOICE_JWT_SVID) {
		parsec_log(PARSEC_LOG_ERROR, "client: bad configuration "
					     "(negative timeout or unknown "
					     "auth choice)");
		return PARSEC_E_ARGS;
	}
	return PARSEC_SUCCESS;
}

parsec_status_t parsec_client_new(const parsec_client_config_t *cfg,
				  parsec_client_t **out)
{
	static const parsec_client_config_t defaults;
	parsec_status_t rc;
	parsec_client_t *c;

	if (!out)
		return PARSEC_E_ARGS;
	*out = NULL;
	if (!cfg)
		cfg = &defaults;
	rc = check_config(cfg);
	if (rc != PARSEC_SUCCESS)
		return rc;
	c = calloc(1, sizeof(*c));
	if (!c)
		return PARSEC_E_NOMEM;
	rc = endpoint_resolve(cfg->endpoint, &c->endpoint);
	if (rc == PARSEC_SUCCESS)
		rc = auth_config_copy(cfg, &c->auth_config);
	if (rc != PARSEC_SUCCESS) {
		auth_config_free(&c->auth_config);
		free(c);
		return rc;
	}
	c->connect_timeout_ms = cfg->connect_timeout_ms
					? cfg->connect_timeout_ms
					: CLIENT_CONNECT_TIMEOUT_MS;
	c->io_timeout_ms =
		cfg->io_timeout_ms ? cfg->io_timeout_ms : CLIENT_IO_TIMEOUT_MS;
	c->max_response_body = cfg->max_response_body
				       ? cfg->max_response_body
				       : PARSEC_RESPONSE_BODY_LIMIT;
	c->auth_choice = cfg->auth;
	pthread_mutex_init(&c->auth_lock, NULL);
	atomic_init(&c->auth, NULL);
	atomic_init(&c->requests, 0);
	*out = c;
	return PARSEC_SUCCESS;
}

void parsec_client_free(parsec_client_t *c)
{
	if (!c)
		return;
	auth_free(atomic_load(&c->auth));
	auth_config_free(&c->auth_config);
	pthread_mutex_destroy(&c->auth_lock);
	free(c);
}

const char *parsec_client_endpoint(const parsec_client_t *c)
{
	return c ? c->endpoint.uri : NULL;
}

uint64_t parsec_client_request_count(const parsec_client_t *c)
{
	/* atomic_load wants a non-const object; the count itself is not
	 * changed here */
	return c ? atomic_load(&((parsec_client_t *)c)->requests) : 0;
}

int parsec_client_auth_type(parsec_client_t *c)
{
	const auth_t *a = c ? atomic_load(&c->auth) : NULL;

	return a ? a->ops->type : PARSEC_AUTH_NONE;
}
