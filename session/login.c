/*
 * login.c - C_Login, C_Logout, C_InitPIN, C_SetPIN, C_InitToken.
 *
 * PBKDF2 is slow on purpose, so PINs are checked without the lock: the
 * hash is copied under it, verified outside, and the failure counter is
 * updated from a fresh read of the store record (several processes
 * share it).
 */
#include "session/login.h"

#include <stdlib.h>
#include <string.h>

#include "mapping/adopt.h"
#include "mapping/pin_hash.h"
#include "session/core.h"
#include "session/sessions.h"

typedef enum pin_role { PIN_USER, PIN_SO } pin_role_t;

static char **role_hash(store_token_t *rec, pin_role_t role)
{
	return role == PIN_SO ? &rec->so_pin_hash : &rec->user_pin_hash;
}

static uint32_t *role_failures(store_token_t *rec, pin_role_t role)
{
	return role == PIN_SO ? &rec->so_pin_failures : &rec->user_pin_failures;
}

static CK_RV put_record(core_t *c, token_t *t)
{
	store_rc_t src = store_put_token(c->store, &c->scope, &t->rec);

	if (src != STORE_OK) {
		parsec_log(PARSEC_LOG_ERROR,
			   "cannot write the token record: %s",
			   store_rc_message(src));
		return CKR_DEVICE_ERROR;
	}
	return CKR_OK;
}

/* Checks a PIN against a role's hash (lock held on entry and exit,
 * dropped while hashing). No PIN at all on the token: any PIN is right.
 * The role has no PIN but the other has: CKR_USER_PIN_NOT_INITIALIZED
 * for the user (§5.6 C_Login), CKR_PIN_INCORRECT for the SO. */
static CK_RV check_pin(core_t *c, token_t *t, pin_role_t role,
		       const CK_UTF8CHAR *pin, CK_ULONG len)
{
	char *hash;
	pin_hash_rc_t prc;
	CK_RV rv;

	rv = core_reload_record(c, t);
	if (rv != CKR_OK)
		return rv;
	if (!core_login_required(t))
		return CKR_OK;
	if (*role_hash(&t->rec, role) == NULL)
		return role == PIN_USER ? CKR_USER_PIN_NOT_INITIALIZED
					: CKR_PIN_INCORRECT;
	if (*role_failures(&t->rec, role) >= CORE_PIN_MAX_FAILURES)
		return CKR_PIN_LOCKED;
	hash = strdup(*role_hash(&t->rec, role));
	if (hash == NULL)
		return CKR_HOST_MEMORY;
	lock_give(c->lock);
	prc = pin_hash_verify(hash, pin, len);
	lock_take(c->lock);
	free(hash);
	rv = core_reload_record(c, t);
	if (rv != CKR_OK)
		return rv;
	if (prc == PIN_HASH_OK) {
		if (*role_failures(&t->rec, role) == 0)
			return CKR_OK;
		*role_failures(&t->rec, role) = 0;
		return put_record(c, t);
	}
	if (prc != PIN_HASH_MISMATCH) {
		parsec_log(PARSEC_LOG_ERROR,
			   "the stored PIN record of slot %lu "
			   "is not understood",
			   (unsigned long)t->id);
		return CKR_GENERAL_ERROR;
	}
	(*role_failures(&t->rec, role))++;
	rv = put_record(c, t);
	return rv != CKR_OK ? rv : CKR_PIN_INCORRECT;
}

/* Hashes a new PIN (lock dropped while hashing). */
static CK_RV make_hash(core_t *c, const CK_UTF8CHAR *pin, CK_ULONG len,
		       char **out)
{
	uint32_t iterations = c->cfg.pin_kdf_iterations;
	pin_hash_rc_t prc;

	if (len < CORE_PIN_MIN_LEN || len > CORE_PIN_MAX_LEN)
		return CKR_PIN_LEN_RANGE;
	lock_give(c->lock);
	prc = pin_hash_make(pin, len, iterations, out);
	lock_take(c->lock);
	if (prc == PIN_HASH_E_NOMEM)
		return CKR_HOST_MEMORY;
	return prc == PIN_HASH_OK ? CKR_OK : CKR_GENERAL_ERROR;
}

/* Stores a new hash for a role, resetting its counter. */
static CK_RV store_pin(core_t *c, token_t *t, pin_role_t role, char *hash)
{
	CK_RV rv = core_reload_record(c, t);

	if (rv != CKR_OK) {
		free(hash);
		return rv;
	}
	free(*role_hash(&t->rec, role));
	*role_hash(&t->rec, role) = hash;
	*role_failures(&t->rec, role) = 0;
	return put_record(c, t);
}

static int ro_session_exists(core_t *c, CK_SLOT_ID slot)
{
	return core_session_count(c, slot, 0) > core_session_count(c, slot, 1);
}

CK_RV login_login(CK_SESSION_HANDLE h, CK_USER_TYPE user,
		  const CK_UTF8CHAR *pin, CK_ULONG len)
{
	core_t *c;
	session_t *s;
	token_t *t;
	CK_RV rv = core_enter_session(h, &c, &s, &t);

	if (rv != CKR_OK)
		return rv;
	if (user == CKU_CONTEXT_SPECIFIC) {
		/* No key of this module has CKA_ALWAYS_AUTHENTICATE, so no
		 * operation ever waits for this (§5.6 C_Login). */
		rv = CKR_OPERATION_NOT_INITIALIZED;
		goto out;
	}
	if (user != CKU_USER && user != CKU_SO) {
		rv = CKR_USER_TYPE_INVALID;
		goto out;
	}
	if (t->login != CORE_NOBODY) {
		rv = t->login == user ? CKR_USER_ALREADY_LOGGED_IN
				      : CKR_USER_ANOTHER_ALREADY_LOGGED_IN;
		goto out;
	}
	if (user == CKU_SO && ro_session_exists(c, t->id)) {
		rv = CKR_SESSION_READ_ONLY_EXISTS;
		goto out;
	}
	rv = check_pin(c, t, user == CKU_SO ? PIN_SO : PIN_USER, pin, len);
	if (rv != CKR_OK)
		goto out;
	/* Another thread may have logged in, or opened a R/O session, while
	 * the PIN was checked. */
	if (core_session(c, h) == NULL)
		rv = CKR_SESSION_HANDLE_INVALID;
	else if (t->login != CORE_NOBODY)
		rv = t->login == user ? CKR_USER_ALREADY_LOGGED_IN
				      : CKR_USER_ANOTHER_ALREADY_LOGGED_IN;
	else if (user == CKU_SO && ro_session_exists(c, t->id))
		rv = CKR_SESSION_READ_ONLY_EXISTS;
	else
		t->login = user;
out:
	lock_give(c->lock);
	return rv;
}

CK_RV login_logout(CK_SESSION_HANDLE h)
{
	core_t *c;
	session_t *s;
	token_t *t;
	CK_RV rv = core_enter_session(h, &c, &s, &t);

	if (rv != CKR_OK)
		return rv;
	if (t->login == CORE_NOBODY) {
		rv = CKR_USER_NOT_LOGGED_IN;
	} else {
		t->login = CORE_NOBODY;
		sessions_drop_private_objects(c, t);
	}
	lock_give(c->lock);
	return rv;
}

CK_RV login_init_pin(CK_SESSION_HANDLE h, const CK_UTF8CHAR *pin, CK_ULONG len)
{
	char *hash = NULL;
	core_t *c;
	session_t *s;
	token_t *t;
	CK_RV rv = core_enter_session(h, &c, &s, &t);

	if (rv != CKR_OK)
		return rv;
	/* Only in an R/W SO session (§5.6 C_InitPIN). */
	if (sessions_state(s, t) != CKS_RW_SO_FUNCTIONS) {
		rv = CKR_USER_NOT_LOGGED_IN;
		goto out;
	}
	rv = make_hash(c, pin, len, &hash);
	if (rv == CKR_OK)
		rv = store_pin(c, t, PIN_USER, hash);
out:
	lock_give(c->lock);
	return rv;
}

CK_RV login_set_pin(CK_SESSION_HANDLE h, const CK_UTF8CHAR *old,
		    CK_ULONG old_len, const CK_UTF8CHAR *pin, CK_ULONG len)
{
	char *hash = NULL;
	pin_role_t role;
	core_t *c;
	session_t *s;
	token_t *t;
	CK_RV rv = core_enter_session(h, &c, &s, &t);

	if (rv != CKR_OK)
		return rv;
	if (!(s->flags & CKF_RW_SESSION)) {
		rv = CKR_SESSION_READ_ONLY;
		goto out;
	}
	/* The SO's PIN in an SO session, else the user's (§5.6). */
	role = t->login == CKU_SO ? PIN_SO : PIN_USER;
	if (len < CORE_PIN_MIN_LEN || len > CORE_PIN_MAX_LEN) {
		rv = CKR_PIN_LEN_RANGE;
		goto out;
	}
	rv = check_pin(c, t, role, old, old_len);
	if (rv == CKR_OK)
		rv = make_hash(c, pin, len, &hash);
	if (rv == CKR_OK)
		rv = store_pin(c, t, role, hash);
out:
	lock_give(c->lock);
	return rv;
}

/* Destroys this application's keys on the provider (lock not held). */
static CK_RV wipe_keys(core_t *c, uint8_t provider)
{
	parsec_key_info_t *keys = NULL;
	size_t n = 0, i;
	parsec_status_t ps;

	ps = parsec_list_keys(c->pc, &keys, &n);
	for (i = 0; ps == PARSEC_SUCCESS && i < n; i++) {
		if (keys[i].provider_id != provider)
			continue;
		ps = parsec_destroy_key(c->pc, provider, keys[i].name);
		if (ps == PARSEC_PSA_ERROR_DOES_NOT_EXIST)
			ps = PARSEC_SUCCESS;
	}
	parsec_key_info_free(keys, n);
	if (ps == PARSEC_SUCCESS)
		return CKR_OK;
	parsec_log(PARSEC_LOG_ERROR, "C_InitToken: cannot destroy keys: %s",
		   parsec_status_message(ps));
	lock_take(c->lock);
	{
		CK_RV rv = core_parsec_result(c, ps, 0);

		lock_give(c->lock);
		return rv;
	}
}

static char *label_text(const CK_UTF8CHAR *label)
{
	size_t n = 32;
	char *s;

	while (n > 0 && (label[n - 1] == ' ' || label[n - 1] == '\0'))
		n--;
	s = malloc(n + 1);
	if (s != NULL) {
		memcpy(s, label, n);
		s[n] = '\0';
	}
	return s;
}

CK_RV login_init_token(CK_SLOT_ID slot, const CK_UTF8CHAR *pin, CK_ULONG len,
		       const CK_UTF8CHAR *label)
{
	char *hash = NULL, *text = NULL;
	core_t *c;
	token_t *t;
	store_rc_t src;
	CK_RV rv = core_enter_slot(slot, &c, &t);

	if (rv != CKR_OK)
		return rv;
	if (!t->present) {
		rv = CKR_TOKEN_NOT_PRESENT;
		goto out;
	}
	if (core_session_count(c, slot, 0) > 0) {
		rv = CKR_SESSION_EXISTS;
		goto out;
	}
	/* The SO PIN is confirmed if one exists: a token whose only PIN is
	 * the user's (C_SetPIN in a public session) can be initialised. */
	rv = core_reload_record(c, t);
	if (rv == CKR_OK && t->rec.so_pin_hash != NULL)
		rv = check_pin(c, t, PIN_SO, pin, len);
	if (rv == CKR_OK)
		rv = make_hash(c, pin, len, &hash);
	/* A session may have opened while the lock was dropped. */
	if (rv == CKR_OK && core_session_count(c, slot, 0) > 0)
		rv = CKR_SESSION_EXISTS;
	if (rv != CKR_OK)
		goto out;
	text = label_text(label);
	lock_give(c->lock);
	rv = text != NULL ? wipe_keys(c, t->provider) : CKR_HOST_MEMORY;
	lock_take(c->lock);
	if (rv != CKR_OK)
		goto out;
	src = store_delete_all(c->store, &c->scope, t->provider);
	if (src != STORE_OK) {
		parsec_log(PARSEC_LOG_ERROR, "C_InitToken: store: %s",
			   store_rc_message(src));
		rv = CKR_DEVICE_ERROR;
		goto out;
	}
	store_token_free(&t->rec);
	memset(&t->rec, 0, sizeof(t->rec));
	t->rec.provider = t->provider;
	t->rec.so_pin_hash = hash;
	t->rec.label = text;
	hash = text = NULL;
	rv = put_record(c, t);
	catalog_replace_token_objects(&t->cat, NULL, 0);
	/* Every key of the application there is gone. */
	adopt_names_free(t->vanished, t->n_vanished);
	adopt_names_free(t->names, t->n_names);
	t->vanished = t->names = NULL;
	t->n_vanished = t->n_names = 0;
	parsec_log(PARSEC_LOG_INFO, "slot %lu initialised",
		   (unsigned long)slot);
out:
	free(hash);
	free(text);
	lock_give(c->lock);
	return rv;
}
