/*
 * client_auth.c - choosing the client's authenticator, once.
 *
 * With PARSEC_AUTH_CHOICE_AUTO the service is asked which authenticators
 * it runs (ListAuthenticators needs none), and the first one in its order
 * that this client can do is taken. The choice is made under a lock and
 * then published atomically; a failed choice is not cached, so a service
 * that comes up later is asked again.
 */
#include "client.h"

#include "auth.h"

static const struct {
	parsec_auth_choice_t choice;
	uint8_t type;
} choice_types[] = {
	{PARSEC_AUTH_CHOICE_NONE, PARSEC_AUTH_NONE},
	{PARSEC_AUTH_CHOICE_DIRECT, PARSEC_AUTH_DIRECT},
	{PARSEC_AUTH_CHOICE_UNIX_PEER, PARSEC_AUTH_UNIX_PEER_CREDENTIALS},
	{PARSEC_AUTH_CHOICE_JWT_SVID, PARSEC_AUTH_JWT_SVID},
};

static parsec_status_t choose_configured(parsec_client_t *c, auth_t **out)
{
	size_t i;

	for (i = 0; i < sizeof(choice_types) / sizeof(choice_types[0]); i++) {
		if (choice_types[i].choice == c->auth_choice)
			return auth_new(choice_types[i].type, &c->auth_config,
					out);
	}
	return PARSEC_E_ARGS;
}

static parsec_status_t choose_offered(parsec_client_t *c, auth_t **out)
{
	parsec_authenticator_info_t *offered = NULL;
	parsec_status_t rc;
	size_t i, n = 0;

	rc = parsec_list_authenticators(c, &offered, &n);
	if (rc != PARSEC_SUCCESS)
		return rc;
	rc = PARSEC_E_NO_AUTHENTICATOR;
	for (i = 0; i < n && rc != PARSEC_SUCCESS; i++) {
		/* the service never offers "none"; a client should not
		 * fall back to it by itself */
		if (offered[i].id == PARSEC_AUTH_NONE || offered[i].id > 255)
			continue;
		rc = auth_new((uint8_t)offered[i].id, &c->auth_config, out);
		if (rc == PARSEC_E_NOMEM)
			break;
		parsec_log(PARSEC_LOG_INFO, "authenticator %u (%s): %s",
			   offered[i].id, offered[i].description,
			   rc == PARSEC_SUCCESS ? "chosen"
						: parsec_status_message(rc));
	}
	if (rc == PARSEC_E_AUTH)
		rc = PARSEC_E_NO_AUTHENTICATOR;
	if (rc == PARSEC_E_NO_AUTHENTICATOR)
		parsec_log(PARSEC_LOG_ERROR,
			   "none of the service's %zu authenticators is usable",
			   n);
	parsec_authenticator_info_free(offered, n);
	return rc;
}

parsec_status_t client_auth(parsec_client_t *c, const auth_t **out)
{
	auth_t *a = atomic_load_explicit(&c->auth, memory_order_acquire);
	parsec_status_t rc = PARSEC_SUCCESS;

	if (!a) {
		pthread_mutex_lock(&c->auth_lock);
		a = atomic_load_explicit(&c->auth, memory_order_relaxed);
		if (!a) {
			rc = c->auth_choice == PARSEC_AUTH_CHOICE_AUTO
				     ? choose_offered(c, &a)
				     : choose_configured(c, &a);
			if (rc == PARSEC_SUCCESS)
				atomic_store_explicit(&c->auth, a,
						      memory_order_release);
		}
		pthread_mutex_unlock(&c->auth_lock);
	}
	*out = a;
	return rc;
}

parsec_status_t parsec_client_select_auth(parsec_client_t *c)
{
	const auth_t *a;

	if (!c)
		return PARSEC_E_ARGS;
	return client_auth(c, &a);
}

parsec_status_t parsec_client_identity(parsec_client_t *c,
				       const char **identity)
{
	const auth_t *a;
	parsec_status_t rc;

	if (!c || !identity)
		return PARSEC_E_ARGS;
	*identity = NULL;
	rc = client_auth(c, &a);
	if (rc == PARSEC_SUCCESS)
		*identity = a->ops->identity(a);
	return rc;
}
