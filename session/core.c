/*
 * core.c - C_Initialize / C_Finalize state, fork awareness, lookups.
 *
 * The state pointer remembers the pid that made it. In a forked child
 * every call sees no state (CKR_CRYPTOKI_NOT_INITIALIZED) until it calls
 * C_Initialize, which abandons the parent's state without touching it:
 * its locks may be held by parent threads that do not exist here, and
 * its SQLite connection belongs to the parent.
 */
#include "session/core.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "mapping/status_ckr.h"
#include "session/init.h"
#include "session/sessions.h"

static _Atomic(core_t *) the_core;
static core_t *volatile parent_state;

core_t *core_get(void)
{
	core_t *c = atomic_load(&the_core);

	return c != NULL && c->pid == getpid() ? c : NULL;
}

static void log_stderr(parsec_log_level_t level, const char *msg, void *ctx)
{
	static const char *const names[] = {"error", "warning", "info",
					    "debug"};

	(void)ctx;
	fprintf(stderr, "parsec-pkcs11: %s: %s\n",
		names[level <= PARSEC_LOG_DEBUG ? level : PARSEC_LOG_DEBUG],
		msg);
}

static void log_syslog(parsec_log_level_t level, const char *msg, void *ctx)
{
	static const int prio[] = {LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG};

	(void)ctx;
	/* No openlog(): the application's ident and facility stay. */
	syslog(prio[level <= PARSEC_LOG_DEBUG ? level : PARSEC_LOG_DEBUG],
	       "parsec-pkcs11: %s", msg);
}

static void setup_logging(const config_t *cfg)
{
	parsec_log_set_level(cfg->log_level);
	if (cfg->log_dest == CONFIG_LOG_SYSLOG)
		parsec_log_set_handler(log_syslog, NULL);
	else if (cfg->log_dest == CONFIG_LOG_STDERR)
		parsec_log_set_handler(log_stderr, NULL);
	else
		parsec_log_set_handler(NULL, NULL);
}

static void core_free(core_t *c)
{
	size_t i;

	for (i = 0; i < c->n_sessions; i++)
		sessions_free_one(c->sessions[i]);
	free(c->sessions);
	for (i = 0; i < c->n_tokens; i++)
		discovery_token_free(c->tokens[i]);
	free(c->tokens);
	free(c->identity);
	if (c->store != NULL)
		store_close(c->store);
	parsec_client_free(c->pc);
	lock_free(c->probe_lock);
	lock_free(c->lock);
	config_free(&c->cfg);
	free(c);
}

static CK_RV core_new(core_t **out)
{
	parsec_client_config_t pcfg;
	char *err = NULL;
	core_t *c = calloc(1, sizeof(*c));
	config_rc_t crc;
	store_rc_t src;
	CK_RV rv;

	if (c == NULL)
		return CKR_HOST_MEMORY;
	c->pid = getpid();
	crc = config_load(&c->cfg, &err);
	if (crc != CONFIG_OK) {
		/* The configured destination is unknown: stderr, once. */
		fprintf(stderr, "parsec-pkcs11: error: configuration: %s\n",
			err != NULL ? err : "cannot be loaded");
		free(err);
		free(c);
		return crc == CONFIG_E_NOMEM ? CKR_HOST_MEMORY
					     : CKR_GENERAL_ERROR;
	}
	setup_logging(&c->cfg);
	rv = lock_new(&c->lock);
	if (rv == CKR_OK)
		rv = lock_new(&c->probe_lock);
	if (rv != CKR_OK)
		goto fail;
	config_client_config(&c->cfg, &pcfg);
	if (parsec_client_new(&pcfg, &c->pc) != PARSEC_SUCCESS) {
		parsec_log(PARSEC_LOG_ERROR, "cannot create the Parsec client "
					     "(bad endpoint?)");
		rv = CKR_GENERAL_ERROR;
		goto fail;
	}
	src = store_open(c->cfg.store, &c->store);
	if (src != STORE_OK) {
		parsec_log(PARSEC_LOG_ERROR, "cannot open the store %s: %s",
			   c->cfg.store, store_rc_message(src));
		c->store = NULL;
		rv = CKR_GENERAL_ERROR;
		goto fail;
	}
	c->scope.service = c->cfg.service_id;
	*out = c;
	return CKR_OK;
fail:
	core_free(c);
	return rv;
}

CK_RV core_initialize(const CK_C_INITIALIZE_ARGS *args)
{
	core_t *c = NULL, *old;
	CK_RV rv;

	if (core_get() != NULL)
		return CKR_CRYPTOKI_ALREADY_INITIALIZED;
	rv = lock_setup(args);
	if (rv != CKR_OK)
		return rv;
	rv = core_new(&c);
	if (rv != CKR_OK)
		return rv;
	old = atomic_exchange(&the_core, c);
	if (old != NULL && old->pid == getpid()) {
		/* Two threads raced through C_Initialize. */
		atomic_store(&the_core, old);
		core_free(c);
		return CKR_CRYPTOKI_ALREADY_INITIALIZED;
	}
	/* old, if any, is a parent's state: abandoned on purpose, kept
	 * reachable (it is the parent's memory, not a leak). */
	if (old != NULL)
		parent_state = old;
	/* The service may be down: C_Initialize still succeeds, and the
	 * slots appear once it answers (C_GetSlotList retries). */
	discovery_run(c, 1);
	return CKR_OK;
}

CK_RV core_finalize(void)
{
	core_t *c = core_get();

	if (c == NULL)
		return CKR_CRYPTOKI_NOT_INITIALIZED;
	if (atomic_exchange(&the_core, NULL) != c)
		return CKR_CRYPTOKI_NOT_INITIALIZED;
	sessions_close_all(c, 0, 1);
	core_free(c);
	return CKR_OK;
}

token_t *core_token(core_t *c, CK_SLOT_ID id)
{
	size_t i;

	for (i = 0; i < c->n_tokens; i++)
		if (c->tokens[i]->id == id)
			return c->tokens[i];
	return NULL;
}

session_t *core_session(core_t *c, CK_SESSION_HANDLE h)
{
	size_t i;

	for (i = 0; i < c->n_sessions; i++)
		if (c->sessions[i]->handle == h)
			return c->sessions[i];
	return NULL;
}

size_t core_session_count(core_t *c, CK_SLOT_ID slot, int rw_only)
{
	size_t i, n = 0;

	for (i = 0; i < c->n_sessions; i++)
		if (c->sessions[i]->slot == slot &&
		    (!rw_only || (c->sessions[i]->flags & CKF_RW_SESSION)))
			n++;
	return n;
}

CK_RV core_enter_session(CK_SESSION_HANDLE h, core_t **c, session_t **s,
			 token_t **t)
{
	*c = core_get();
	if (*c == NULL)
		return CKR_CRYPTOKI_NOT_INITIALIZED;
	lock_take((*c)->lock);
	*s = core_session(*c, h);
	*t = *s != NULL ? core_token(*c, (*s)->slot) : NULL;
	if (*s == NULL || *t == NULL) {
		lock_give((*c)->lock);
		return CKR_SESSION_HANDLE_INVALID;
	}
	return CKR_OK;
}

CK_RV core_enter_slot(CK_SLOT_ID id, core_t **c, token_t **t)
{
	*c = core_get();
	if (*c == NULL)
		return CKR_CRYPTOKI_NOT_INITIALIZED;
	lock_take((*c)->lock);
	*t = core_token(*c, id);
	if (*t == NULL) {
		lock_give((*c)->lock);
		return CKR_SLOT_ID_INVALID;
	}
	discovery_check_presence(*c, *t);
	return CKR_OK;
}

CK_RV core_parsec_result(core_t *c, parsec_status_t status, int ctx)
{
	size_t i;

	if (status_ckr_is_connection_failure(status)) {
		if (c->n_tokens > 0 && c->tokens[0]->present)
			parsec_log(PARSEC_LOG_WARNING,
				   "the Parsec service does not answer (%s); "
				   "tokens reported absent until it does",
				   parsec_status_message(status));
		for (i = 0; i < c->n_tokens; i++) {
			c->tokens[i]->present = 0;
			clock_gettime(CLOCK_MONOTONIC,
				      &c->tokens[i]->last_ping);
		}
	}
	return status_ckr(status, (status_ckr_ctx_t)ctx);
}

long core_elapsed_ms(const struct timespec *since)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - since->tv_sec) * 1000L +
	       (now.tv_nsec - since->tv_nsec) / 1000000L;
}

int core_login_required(const token_t *t)
{
	return t->rec.user_pin_hash != NULL || t->rec.so_pin_hash != NULL;
}

CK_RV core_reload_record(core_t *c, token_t *t)
{
	store_token_t rec;
	store_rc_t src;

	memset(&rec, 0, sizeof(rec));
	src = store_get_token(c->store, &c->scope, t->provider, &rec);
	if (src == STORE_E_NOT_FOUND) {
		memset(&rec, 0, sizeof(rec));
		rec.provider = t->provider;
	} else if (src != STORE_OK) {
		parsec_log(PARSEC_LOG_ERROR, "cannot read the token record: %s",
			   store_rc_message(src));
		return CKR_DEVICE_ERROR;
	}
	store_token_free(&t->rec);
	t->rec = rec;
	return CKR_OK;
}

/* init.h: the module-facing life cycle. */
CK_RV init_initialize(const CK_C_INITIALIZE_ARGS *args)
{
	return core_initialize(args);
}

CK_RV init_finalize(void)
{
	return core_finalize();
}

CK_RV init_ready(void)
{
	return core_get() != NULL ? CKR_OK : CKR_CRYPTOKI_NOT_INITIALIZED;
}

CK_RV init_check_session(CK_SESSION_HANDLE h)
{
	core_t *c;
	session_t *s;
	token_t *t;
	CK_RV rv = core_enter_session(h, &c, &s, &t);

	if (rv == CKR_OK)
		lock_give(c->lock);
	return rv;
}
