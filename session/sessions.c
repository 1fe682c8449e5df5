/*
 * sessions.c - opening and closing sessions.
 */
#include "session/sessions.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "mapping/adopt.h"
#include "session/op.h"

/* Session handles, like object handles, are never reused while the
 * library is loaded. */
static atomic_ulong next_session = 1;

void sessions_find_end(session_t *s)
{
	free(s->find.handles);
	memset(&s->find, 0, sizeof(s->find));
}

void sessions_free_one(session_t *s)
{
	size_t i;

	if (s == NULL)
		return;
	sessions_find_end(s);
	for (i = 0; i < SESSION_OPS; i++)
		op_free(s->ops[i]);
	free(s);
}

CK_STATE sessions_state(const session_t *s, const token_t *t)
{
	int rw = (s->flags & CKF_RW_SESSION) != 0;

	if (t->login == CKU_SO)
		return CKS_RW_SO_FUNCTIONS;
	if (t->login == CKU_USER)
		return rw ? CKS_RW_USER_FUNCTIONS : CKS_RO_USER_FUNCTIONS;
	return rw ? CKS_RW_PUBLIC_SESSION : CKS_RO_PUBLIC_SESSION;
}

CK_RV sessions_open(CK_SLOT_ID slot, CK_FLAGS flags, CK_SESSION_HANDLE_PTR h)
{
	session_t *s, **p;
	core_t *c;
	token_t *t;
	CK_RV rv = core_enter_slot(slot, &c, &t);

	if (rv != CKR_OK)
		return rv;
	/* PKCS#11 v2.40 §5.6: CKF_SERIAL_SESSION must be set. */
	if (!(flags & CKF_SERIAL_SESSION)) {
		rv = CKR_SESSION_PARALLEL_NOT_SUPPORTED;
		goto out;
	}
	if (!t->present) {
		rv = CKR_TOKEN_NOT_PRESENT;
		goto out;
	}
	/* An SO session is R/W only; no R/O session may join it. */
	if (t->login == CKU_SO && !(flags & CKF_RW_SESSION)) {
		rv = CKR_SESSION_READ_WRITE_SO_EXISTS;
		goto out;
	}
	s = calloc(1, sizeof(*s));
	p = realloc(c->sessions, (c->n_sessions + 1) * sizeof(*p));
	if (s == NULL || p == NULL) {
		free(s);
		if (p != NULL)
			c->sessions = p;
		rv = CKR_HOST_MEMORY;
		goto out;
	}
	c->sessions = p;
	s->handle = (CK_SESSION_HANDLE)atomic_fetch_add(&next_session, 1);
	s->slot = slot;
	s->flags = flags & (CKF_SERIAL_SESSION | CKF_RW_SESSION);
	c->sessions[c->n_sessions++] = s;
	*h = s->handle;
out:
	lock_give(c->lock);
	return rv;
}

/* Removes sessions matching (slot | all) from the table and takes their
 * objects out (lock held); returns the objects to drop, per provider. */
typedef struct dropped {
	uint8_t provider;
	object_t **objs;
	size_t n;
} dropped_t;

static void remove_session(core_t *c, size_t idx, dropped_t *d)
{
	session_t *s = c->sessions[idx];
	token_t *t = core_token(c, s->slot);

	memset(d, 0, sizeof(*d));
	if (t != NULL) {
		d->provider = t->provider;
		catalog_take_session_objects(&t->cat, s->handle, &d->objs,
					     &d->n);
	}
	memmove(&c->sessions[idx], &c->sessions[idx + 1],
		(c->n_sessions - idx - 1) * sizeof(c->sessions[0]));
	c->n_sessions--;
	/* Closing the last session of a token logs the application out
	 * (PKCS#11 v2.40 §5.6 C_CloseSession). */
	if (t != NULL && core_session_count(c, t->id, 0) == 0)
		t->login = CORE_NOBODY;
	sessions_free_one(s);
}

static void destroy_session_keys(core_t *c, dropped_t *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		object_t *o = d->objs[i];

		if (o->key_name != NULL && o->session_key &&
		    o->cls != CKO_PUBLIC_KEY)
			parsec_destroy_key(c->pc, d->provider, o->key_name);
	}
	catalog_objects_free(d->objs, d->n);
}

static int private_session_object(const object_t *o, void *ctx)
{
	(void)ctx;
	return !object_is_token(o) && object_is_private(o);
}

void sessions_drop_private_objects(core_t *c, token_t *t)
{
	CK_OBJECT_HANDLE *handles = NULL;
	object_t *partner;
	dropped_t d;
	size_t i, n = 0;
	CK_RV rv;

	memset(&d, 0, sizeof(d));
	d.provider = t->provider;
	rv = catalog_find(&t->cat, NULL, 0, private_session_object, NULL,
			  &handles, &n);
	if (rv == CKR_OK && n > 0)
		d.objs = calloc(n, sizeof(*d.objs));
	if (rv != CKR_OK || (n > 0 && d.objs == NULL))
		parsec_log(PARSEC_LOG_ERROR, "C_Logout: out of memory: private "
					     "session objects are left");
	for (i = 0; d.objs != NULL && i < n; i++) {
		partner = catalog_partner(&t->cat,
					  catalog_get(&t->cat, handles[i]));
		/* A public key left behind keeps its value, not the key. */
		if (partner != NULL && !private_session_object(partner, NULL)) {
			free(partner->key_name);
			partner->key_name = NULL;
			partner->session_key = 0;
		}
		d.objs[d.n++] = catalog_remove(&t->cat, handles[i]);
	}
	free(handles);
	if (d.n == 0) {
		free(d.objs);
		return;
	}
	lock_give(c->lock);
	destroy_session_keys(c, &d);
	lock_take(c->lock);
}

CK_RV sessions_close(CK_SESSION_HANDLE h)
{
	core_t *c = core_get();
	dropped_t d;
	size_t i;

	if (c == NULL)
		return CKR_CRYPTOKI_NOT_INITIALIZED;
	lock_take(c->lock);
	for (i = 0; i < c->n_sessions; i++)
		if (c->sessions[i]->handle == h)
			break;
	if (i == c->n_sessions) {
		lock_give(c->lock);
		return CKR_SESSION_HANDLE_INVALID;
	}
	remove_session(c, i, &d);
	lock_give(c->lock);
	destroy_session_keys(c, &d);
	return CKR_OK;
}

void sessions_close_all(core_t *c, CK_SLOT_ID slot, int all_slots)
{
	dropped_t d;
	size_t i;

	lock_take(c->lock);
	for (i = 0; i < c->n_sessions;) {
		if (!all_slots && c->sessions[i]->slot != slot) {
			i++;
			continue;
		}
		remove_session(c, i, &d);
		lock_give(c->lock);
		destroy_session_keys(c, &d);
		lock_take(c->lock);
		i = 0;
	}
	lock_give(c->lock);
}

CK_RV sessions_close_slot(CK_SLOT_ID slot)
{
	core_t *c = core_get();
	int known;

	if (c == NULL)
		return CKR_CRYPTOKI_NOT_INITIALIZED;
	lock_take(c->lock);
	known = core_token(c, slot) != NULL;
	lock_give(c->lock);
	if (!known)
		return CKR_SLOT_ID_INVALID;
	sessions_close_all(c, slot, 0);
	return CKR_OK;
}

CK_RV sessions_get_info(CK_SESSION_HANDLE h, CK_SESSION_INFO_PTR info)
{
	core_t *c;
	session_t *s;
	token_t *t;
	CK_RV rv = core_enter_session(h, &c, &s, &t);

	if (rv != CKR_OK)
		return rv;
	info->slotID = s->slot;
	info->state = sessions_state(s, t);
	info->flags = s->flags;
	info->ulDeviceError = 0;
	lock_give(c->lock);
	return CKR_OK;
}
