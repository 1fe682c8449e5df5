/*
 * inventory.c - store rows and Parsec keys side by side, read only.
 */
#include "mapping/inventory.h"

#include <stdlib.h>
#include <string.h>

#include "mapping/adopt.h"
#include "mapping/pubkey.h"

#define PROVIDER_IDS 256

static inventory_rc_t service_fail(inventory_err_t *err, const char *what,
				   parsec_status_t ps)
{
	err->request = what;
	err->status = ps;
	return ps == PARSEC_E_NOMEM ? INVENTORY_E_NOMEM : INVENTORY_E_SERVICE;
}

static inventory_rc_t store_fail(inventory_err_t *err, store_rc_t src)
{
	err->store = src;
	return src == STORE_E_NOMEM ? INVENTORY_E_NOMEM : INVENTORY_E_STORE;
}

inventory_slot_t *inventory_slot(const inventory_t *inv, uint8_t provider)
{
	size_t i;

	for (i = 0; i < inv->n_slots; i++)
		if (inv->slots[i].provider == provider)
			return &inv->slots[i];
	return NULL;
}

static inventory_slot_t *add_slot(inventory_t *inv, uint8_t provider)
{
	inventory_slot_t *s = inventory_slot(inv, provider), *p;
	size_t i;

	if (s != NULL)
		return s;
	p = realloc(inv->slots, (inv->n_slots + 1) * sizeof(*p));
	if (p == NULL)
		return NULL;
	inv->slots = p;
	/* Kept in provider order, as the module lists its slots. */
	for (i = inv->n_slots; i > 0 && p[i - 1].provider > provider; i--)
		p[i] = p[i - 1];
	inv->n_slots++;
	s = &p[i];
	memset(s, 0, sizeof(*s));
	s->provider = provider;
	s->description = strdup("");
	s->vendor = strdup("");
	return s->description && s->vendor ? s : NULL;
}

static int replace(char **dst, const char *src)
{
	char *copy = strdup(src ? src : "");

	if (copy == NULL)
		return -1;
	free(*dst);
	*dst = copy;
	return 0;
}

static inventory_rc_t read_providers(parsec_client_t *pc, const config_t *cfg,
				     inventory_t *inv, inventory_err_t *err)
{
	parsec_provider_info_t *provs = NULL;
	inventory_slot_t *s;
	size_t n = 0, i;
	parsec_status_t ps = parsec_list_providers(pc, &provs, &n);
	inventory_rc_t rc = INVENTORY_OK;

	if (ps != PARSEC_SUCCESS)
		return service_fail(err, "ListProviders", ps);
	for (i = 0; rc == INVENTORY_OK && i < n; i++) {
		if (provs[i].id == PARSEC_PROVIDER_CORE ||
		    provs[i].id >= PROVIDER_IDS ||
		    !config_provider_enabled(cfg, (uint8_t)provs[i].id))
			continue;
		s = add_slot(inv, (uint8_t)provs[i].id);
		if (s == NULL ||
		    replace(&s->description, provs[i].description) != 0 ||
		    replace(&s->vendor, provs[i].vendor) != 0) {
			rc = INVENTORY_E_NOMEM;
			break;
		}
		s->is_slot = 1;
		memcpy(s->uuid, provs[i].uuid, sizeof(s->uuid));
	}
	parsec_provider_info_free(provs, n);
	return rc;
}

/* Rows and the token record of every provider id that has any. */
static inventory_rc_t read_store(store_t *st, inventory_t *inv,
				 inventory_err_t *err)
{
	store_object_t *rows;
	store_token_t tok;
	inventory_slot_t *s;
	size_t n;
	store_rc_t src;
	unsigned p;

	for (p = 1; p < PROVIDER_IDS; p++) {
		rows = NULL;
		n = 0;
		src = store_list_objects(st, &inv->scope, (uint8_t)p, &rows,
					 &n);
		if (src != STORE_OK)
			return store_fail(err, src);
		s = n != 0 || inventory_slot(inv, (uint8_t)p) != NULL
			    ? add_slot(inv, (uint8_t)p)
			    : NULL;
		if (s == NULL) {
			store_objects_free(rows, n);
			if (n != 0)
				return INVENTORY_E_NOMEM;
			continue;
		}
		s->rows = rows;
		s->n_rows = n;
		s->stale = calloc(n ? n : 1, 1);
		if (s->stale == NULL)
			return INVENTORY_E_NOMEM;
		memset(&tok, 0, sizeof(tok));
		src = store_get_token(st, &inv->scope, (uint8_t)p, &tok);
		if (src == STORE_OK) {
			s->stored_label = tok.label;
			tok.label = NULL;
		}
		store_token_free(&tok);
		if (src != STORE_OK && src != STORE_E_NOT_FOUND)
			return store_fail(err, src);
	}
	return INVENTORY_OK;
}

int inventory_key_exists(const inventory_t *inv, uint8_t provider,
			 const char *name)
{
	size_t i;

	for (i = 0; i < inv->n_keys; i++)
		if (inv->keys[i].provider_id == provider &&
		    strcmp(inv->keys[i].name, name) == 0)
			return 1;
	return 0;
}

static int row_for_key(const inventory_slot_t *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->n_rows; i++)
		if (s->rows[i].key_name != NULL &&
		    strcmp(s->rows[i].key_name, name) == 0)
			return 1;
	return 0;
}

/* The same filters as adopt_new_keys(). */
static inventory_key_state_t key_state(const inventory_slot_t *s,
				       const parsec_key_info_t *k)
{
	CK_KEY_TYPE kt = adopt_key_type(k->attributes.type);

	if (row_for_key(s, k->name))
		return INVENTORY_KEY_STORED;
	if (adopt_is_session_name(k->name))
		return INVENTORY_KEY_SESSION;
	if (kt == CK_UNAVAILABLE_INFORMATION ||
	    (kt == CKK_EC &&
	     pubkey_curve_from_parsec(k->attributes.ecc_family,
				      k->attributes.bits) == NULL))
		return INVENTORY_KEY_UNPRESENTED;
	return s->is_slot ? INVENTORY_KEY_ORPHAN : INVENTORY_KEY_NOT_A_SLOT;
}

static inventory_rc_t sort_keys(inventory_t *inv)
{
	inventory_slot_t *s;
	size_t i;

	for (i = 0; i < inv->n_keys; i++) {
		if (inv->keys[i].provider_id >= PROVIDER_IDS ||
		    add_slot(inv, (uint8_t)inv->keys[i].provider_id) == NULL)
			continue;
	}
	for (i = 0; i < inv->n_keys; i++) {
		const parsec_key_info_t *k = &inv->keys[i];
		const parsec_key_info_t **pk;
		inventory_key_state_t *st;

		if (k->provider_id >= PROVIDER_IDS)
			continue;
		s = inventory_slot(inv, (uint8_t)k->provider_id);
		if (s == NULL)
			return INVENTORY_E_NOMEM;
		pk = realloc(s->keys, (s->n_keys + 1) * sizeof(*pk));
		if (pk == NULL)
			return INVENTORY_E_NOMEM;
		s->keys = pk;
		st = realloc(s->key_state, (s->n_keys + 1) * sizeof(*st));
		if (st == NULL)
			return INVENTORY_E_NOMEM;
		s->key_state = st;
		s->keys[s->n_keys] = k;
		s->key_state[s->n_keys] = key_state(s, k);
		s->n_keys++;
	}
	return INVENTORY_OK;
}

static void mark_stale(inventory_t *inv)
{
	size_t i, j;

	for (i = 0; i < inv->n_slots; i++) {
		inventory_slot_t *s = &inv->slots[i];

		for (j = 0; j < s->n_rows; j++)
			s->stale[j] =
				s->rows[j].key_name != NULL &&
				!inventory_key_exists(inv, s->provider,
						      s->rows[j].key_name);
	}
}

inventory_rc_t inventory_load(parsec_client_t *pc, store_t *st,
			      const config_t *cfg, unsigned flags,
			      inventory_t *inv, inventory_err_t *err)
{
	const char *identity = NULL;
	parsec_status_t ps;
	inventory_rc_t rc;

	memset(inv, 0, sizeof(*inv));
	memset(err, 0, sizeof(*err));
	ps = parsec_client_identity(pc, &identity);
	if (ps != PARSEC_SUCCESS)
		return service_fail(err, "authentication", ps);
	inv->identity = strdup(identity);
	if (inv->identity == NULL)
		return INVENTORY_E_NOMEM;
	inv->scope.service = cfg->service_id;
	inv->scope.app = inv->identity;
	if (flags & INVENTORY_SERVICE) {
		rc = read_providers(pc, cfg, inv, err);
		if (rc != INVENTORY_OK)
			return rc;
		ps = parsec_list_keys(pc, &inv->keys, &inv->n_keys);
		if (ps != PARSEC_SUCCESS)
			return service_fail(err, "ListKeys", ps);
		inv->service_read = 1;
	}
	rc = read_store(st, inv, err);
	if (rc == INVENTORY_OK && inv->service_read) {
		rc = sort_keys(inv);
		mark_stale(inv);
	}
	return rc;
}

const store_object_t *inventory_partner(const inventory_slot_t *s,
					const store_object_t *row)
{
	size_t i;

	if (row->key_name == NULL)
		return NULL;
	for (i = 0; i < s->n_rows; i++)
		if (&s->rows[i] != row && s->rows[i].key_name != NULL &&
		    s->rows[i].cls != row->cls &&
		    strcmp(s->rows[i].key_name, row->key_name) == 0)
			return &s->rows[i];
	return NULL;
}

void inventory_free(inventory_t *inv)
{
	size_t i;

	if (inv == NULL)
		return;
	for (i = 0; i < inv->n_slots; i++) {
		inventory_slot_t *s = &inv->slots[i];

		free(s->description);
		free(s->vendor);
		free(s->stored_label);
		store_objects_free(s->rows, s->n_rows);
		free(s->stale);
		free(s->keys);
		free(s->key_state);
	}
	free(inv->slots);
	parsec_key_info_free(inv->keys, inv->n_keys);
	free(inv->identity);
	memset(inv, 0, sizeof(*inv));
}
