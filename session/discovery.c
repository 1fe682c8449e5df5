/*
 * discovery.c - slots from ListProviders, objects from ListKeys and the
 * store, and the token's presence.
 *
 * Cost: ListProviders + ListOpcodes per provider (+ ListAuthenticators
 * when the authenticator is chosen automatically) + one ListKeys + one
 * PsaExportPublicKey per key the store does not know yet. Everything
 * later is answered from memory and the store, until a request fails to
 * reach the service: the tokens are then absent, and one Ping at most
 * once a second (when someone asks) tells when they are back.
 */
#include <stdlib.h>
#include <string.h>

#include "mapping/adopt.h"
#include "mapping/status_ckr.h"
#include "session/core.h"

#define RETRY_MS 1000

void discovery_token_free(token_t *t)
{
	if (t == NULL)
		return;
	free(t->description);
	free(t->vendor);
	free(t->opcodes);
	catalog_free(&t->cat);
	adopt_names_free(t->vanished, t->n_vanished);
	adopt_names_free(t->names, t->n_names);
	store_token_free(&t->rec);
	free(t->sizes);
	free(t);
}

/* What one provider looks like before it is published. */
typedef struct found {
	token_t *t;
	object_t **objs;
	size_t n_objs;
} found_t;

static CK_RV key_names(const parsec_key_info_t *keys, size_t nkeys,
		       uint8_t provider, char ***out, size_t *n)
{
	size_t i;

	*n = 0;
	*out = calloc(nkeys ? nkeys : 1, sizeof(**out));
	if (*out == NULL)
		return CKR_HOST_MEMORY;
	for (i = 0; i < nkeys; i++) {
		if (keys[i].provider_id != provider)
			continue;
		(*out)[*n] = strdup(keys[i].name);
		if ((*out)[*n] == NULL)
			return CKR_HOST_MEMORY;
		(*n)++;
	}
	return CKR_OK;
}

static CK_RV new_token(core_t *c, const parsec_provider_info_t *p,
		       token_t **out, parsec_status_t *ps)
{
	token_t *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return CKR_HOST_MEMORY;
	t->id = p->id;
	t->provider = (uint8_t)p->id;
	memcpy(t->uuid, p->uuid, sizeof(t->uuid));
	t->description = strdup(p->description ? p->description : "");
	t->vendor = strdup(p->vendor ? p->vendor : "");
	t->version_maj = p->version_maj;
	t->version_min = p->version_min;
	t->version_rev = p->version_rev;
	t->present = 1;
	t->login = CORE_NOBODY;
	catalog_init(&t->cat, t->provider);
	*out = t;
	if (t->description == NULL || t->vendor == NULL)
		return CKR_HOST_MEMORY;
	*ps = parsec_list_opcodes(c->pc, t->provider, &t->opcodes,
				  &t->n_opcodes);
	return *ps == PARSEC_SUCCESS ? CKR_OK : CKR_DEVICE_ERROR;
}

/* The objects of one token: adopt what the store lacks, read the rows,
 * hide those whose key is gone. No lock: only local data and requests. */
static CK_RV load_objects(core_t *c, const store_scope_t *scope, found_t *f,
			  const parsec_key_info_t *keys, size_t nkeys,
			  parsec_status_t *ps)
{
	token_t *t = f->t;
	CK_RV rv;

	rv = adopt_new_keys(c->pc, c->store, scope, t->provider, keys, nkeys,
			    ps);
	if (rv != CKR_OK)
		return rv;
	rv = adopt_rows(c->store, scope, t->provider, NULL, 0, &f->objs,
			&f->n_objs);
	if (rv == CKR_OK)
		rv = adopt_vanished(f->objs, f->n_objs, t->provider, keys,
				    nkeys, &t->vanished, &t->n_vanished);
	for (size_t i = 0; rv == CKR_OK && i < f->n_objs; i++)
		for (size_t j = 0; f->objs[i]->key_name && j < t->n_vanished;
		     j++)
			if (strcmp(f->objs[i]->key_name, t->vanished[j]) == 0)
				f->objs[i]->hidden = 1;
	if (rv == CKR_OK)
		rv = key_names(keys, nkeys, t->provider, &t->names,
			       &t->n_names);
	return rv;
}

static void swap_names(char ***a, size_t *na, char ***b, size_t *nb)
{
	char **p = *a;
	size_t n = *na;

	*a = *b;
	*na = *nb;
	*b = p;
	*nb = n;
}

/* Publishes what was found (lock held). A provider already known keeps
 * its token (sessions and login survive); its objects are replaced. */
static CK_RV publish(core_t *c, const char *identity, found_t *found, size_t n)
{
	size_t i;
	token_t *old, **p;

	if (c->identity == NULL) {
		c->identity = strdup(identity);
		if (c->identity == NULL)
			return CKR_HOST_MEMORY;
		c->scope.app = c->identity;
	}
	for (i = 0; i < n; i++) {
		token_t *t = found[i].t;

		old = core_token(c, t->id);
		if (old != NULL) {
			catalog_replace_token_objects(&old->cat, found[i].objs,
						      found[i].n_objs);
			found[i].objs = NULL;
			found[i].n_objs = 0;
			old->present = 1;
			swap_names(&old->vanished, &old->n_vanished,
				   &t->vanished, &t->n_vanished);
			swap_names(&old->names, &old->n_names, &t->names,
				   &t->n_names);
			continue;
		}
		p = realloc(c->tokens, (c->n_tokens + 1) * sizeof(*p));
		if (p == NULL)
			return CKR_HOST_MEMORY;
		c->tokens = p;
		catalog_replace_token_objects(&t->cat, found[i].objs,
					      found[i].n_objs);
		found[i].objs = NULL;
		found[i].n_objs = 0;
		core_reload_record(c, t);
		c->tokens[c->n_tokens++] = t;
		found[i].t = NULL;
	}
	c->discovered = 1;
	return CKR_OK;
}

static CK_RV discover(core_t *c)
{
	parsec_provider_info_t *provs = NULL;
	parsec_key_info_t *keys = NULL;
	size_t nprovs = 0, nkeys = 0, n = 0, i;
	found_t *found = NULL;
	const char *identity = NULL;
	store_scope_t scope;
	parsec_status_t ps;
	CK_RV rv = CKR_DEVICE_ERROR;

	ps = parsec_list_providers(c->pc, &provs, &nprovs);
	if (ps != PARSEC_SUCCESS)
		goto out;
	found = calloc(nprovs ? nprovs : 1, sizeof(*found));
	if (found == NULL) {
		rv = CKR_HOST_MEMORY;
		goto out;
	}
	for (i = 0; i < nprovs; i++) {
		if (provs[i].id == PARSEC_PROVIDER_CORE || provs[i].id > 255 ||
		    !config_provider_enabled(&c->cfg, (uint8_t)provs[i].id))
			continue;
		rv = new_token(c, &provs[i], &found[n++].t, &ps);
		if (rv != CKR_OK)
			goto out;
	}
	ps = parsec_client_identity(c->pc, &identity);
	if (ps == PARSEC_SUCCESS)
		ps = parsec_list_keys(c->pc, &keys, &nkeys);
	if (ps != PARSEC_SUCCESS) {
		rv = CKR_DEVICE_ERROR;
		goto out;
	}
	scope.service = c->cfg.service_id;
	scope.app = identity;
	for (i = 0; i < n; i++) {
		rv = load_objects(c, &scope, &found[i], keys, nkeys, &ps);
		if (rv != CKR_OK)
			goto out;
	}
	lock_take(c->lock);
	rv = publish(c, identity, found, n);
	lock_give(c->lock);
	parsec_log(PARSEC_LOG_INFO, "found %zu slot(s) as %s", n, identity);
out:
	if (ps != PARSEC_SUCCESS)
		parsec_log(PARSEC_LOG_WARNING, "Parsec discovery failed: %s",
			   parsec_status_message(ps));
	for (i = 0; found != NULL && i < n; i++) {
		catalog_objects_free(found[i].objs, found[i].n_objs);
		discovery_token_free(found[i].t);
	}
	free(found);
	parsec_provider_info_free(provs, nprovs);
	parsec_key_info_free(keys, nkeys);
	return rv;
}

CK_RV discovery_run(core_t *c, int force)
{
	CK_RV rv;

	lock_take(c->lock);
	if (c->discovered || c->discovering ||
	    (!force && c->last_discovery.tv_sec != 0 &&
	     core_elapsed_ms(&c->last_discovery) < RETRY_MS)) {
		rv = c->discovered ? CKR_OK : CKR_DEVICE_ERROR;
		lock_give(c->lock);
		return rv;
	}
	c->discovering = 1;
	clock_gettime(CLOCK_MONOTONIC, &c->last_discovery);
	lock_give(c->lock);

	rv = discover(c);

	lock_take(c->lock);
	c->discovering = 0;
	lock_give(c->lock);
	return rv;
}

void discovery_check_presence(core_t *c, token_t *t)
{
	parsec_status_t ps;
	uint8_t maj, min;
	size_t i;

	if (t->present || core_elapsed_ms(&t->last_ping) < RETRY_MS)
		return;
	clock_gettime(CLOCK_MONOTONIC, &t->last_ping);
	lock_give(c->lock);
	ps = parsec_ping(c->pc, &maj, &min);
	lock_take(c->lock);
	if (ps != PARSEC_SUCCESS)
		return;
	parsec_log(PARSEC_LOG_INFO, "the Parsec service answers again");
	for (i = 0; i < c->n_tokens; i++)
		c->tokens[i]->present = 1;
}

static void reload_token(core_t *c, token_t *t)
{
	object_t **objs = NULL;
	size_t n = 0;

	if (adopt_rows(c->store, &c->scope, t->provider, t->vanished,
		       t->n_vanished, &objs, &n) == CKR_OK)
		catalog_replace_token_objects(&t->cat, objs, n);
	core_reload_record(c, t);
}

void core_refresh(core_t *c)
{
	int changed = 0;
	size_t i;

	if (c->identity == NULL ||
	    store_changed(c->store, &changed) != STORE_OK || !changed)
		return;
	for (i = 0; i < c->n_tokens; i++)
		reload_token(c, c->tokens[i]);
}
