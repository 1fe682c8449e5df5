/*
 * core.h - the module's state between C_Initialize and C_Finalize, shared
 * by the files of session/. Not for module/: module/ uses the API headers
 * (slot.h, sessions.h, login.h, objects.h, keygen.h).
 *
 * One lock (core->lock) guards every field below it; it is never held
 * across a Parsec round trip: a call copies what it needs, drops the
 * lock, sends its request, takes the lock again and looks its session,
 * token and objects up again by handle before publishing. SQLite store
 * calls are local and run under the lock.
 */
#ifndef SESSION_CORE_H
#define SESSION_CORE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include <p11-kit/pkcs11.h>

#include "mapping/catalog.h"
#include "mapping/config.h"
#include "mapping/store.h"
#include "parsec/parsec.h"
#include "session/caps.h"
#include "session/lock.h"

/* Failed logins before a PIN is locked. */
#define CORE_PIN_MAX_FAILURES 10
#define CORE_PIN_MIN_LEN 4
#define CORE_PIN_MAX_LEN 255
#define CORE_NOBODY ((CK_USER_TYPE)-1)

/* A provider's answer to "can you generate this key?", kept for the
 * module's lifetime. */
typedef struct size_answer {
	parsec_key_type_t type;
	parsec_ecc_family_t family;
	uint32_t bits;
	int ok;
} size_answer_t;

typedef struct token {
	CK_SLOT_ID id; /* = the Parsec provider id */
	uint8_t provider;
	char uuid[37];
	char *description;
	char *vendor;
	uint32_t version_maj, version_min, version_rev;
	uint32_t *opcodes;
	size_t n_opcodes;
	int present;
	struct timespec last_ping;
	catalog_t cat;
	char **vanished; /* key names whose objects are hidden */
	size_t n_vanished;
	char **names; /* this application's key names in Parsec there */
	size_t n_names;
	store_token_t rec; /* PIN record and label */
	CK_USER_TYPE login;
	size_answer_t *sizes;
	size_t n_sizes;
	unsigned wildcard_refused; /* bit per parsec_alg_kind_t */
	caps_t caps;		   /* what the provider can do */
} token_t;

typedef struct find_state {
	int active;
	CK_OBJECT_HANDLE *handles;
	size_t n, pos;
} find_state_t;

/* Active cryptographic operations per session: one of each kind
 * (session/op.h). */
#define SESSION_OPS 5

typedef struct session {
	CK_SESSION_HANDLE handle;
	CK_SLOT_ID slot;
	CK_FLAGS flags;
	find_state_t find;
	struct op *ops[SESSION_OPS];
} session_t;

typedef struct core {
	pid_t pid;
	config_t cfg;
	parsec_client_t *pc;
	store_t *store;
	lock_t *lock;
	lock_t *probe_lock; /* one provider probe at a time (session/caps.h);
			       taken before lock, never while holding it */
	/* guarded by lock: */
	char *identity;
	store_scope_t scope;
	token_t **tokens;
	size_t n_tokens;
	int discovered;
	int discovering;
	struct timespec last_discovery;
	session_t **sessions;
	size_t n_sessions;
} core_t;

/* The state if C_Initialize was called in this process, else NULL. */
core_t *core_get(void);

CK_RV core_initialize(const CK_C_INITIALIZE_ARGS *args);
CK_RV core_finalize(void);

/* Lookups; the lock must be held. */
token_t *core_token(core_t *c, CK_SLOT_ID id);
session_t *core_session(core_t *c, CK_SESSION_HANDLE h);
size_t core_session_count(core_t *c, CK_SLOT_ID slot, int rw_only);

/* Takes the lock and finds a session and its token:
 * CKR_CRYPTOKI_NOT_INITIALIZED, CKR_SESSION_HANDLE_INVALID. On CKR_OK the
 * lock is held and the caller releases it with lock_give(c->lock). */
CK_RV core_enter_session(CK_SESSION_HANDLE h, core_t **c, session_t **s,
			 token_t **t);

/* Takes the lock and finds the token of a slot (after a presence check):
 * CKR_CRYPTOKI_NOT_INITIALIZED, CKR_SLOT_ID_INVALID. On CKR_OK the lock
 * is held. */
CK_RV core_enter_slot(CK_SLOT_ID id, core_t **c, token_t **t);

/* Records the outcome of a Parsec request (lock held): a connection
 * failure marks every token absent. Returns the CKR for the status in
 * that context. */
CK_RV core_parsec_result(core_t *c, parsec_status_t status, int ctx);

/* Milliseconds between two monotonic times. */
long core_elapsed_ms(const struct timespec *since);

/* Token helpers (lock held). */
int core_login_required(const token_t *t);
/* Re-reads the token's objects and PIN record when another process
 * changed the store (store_changed(); no Parsec request). */
void core_refresh(core_t *c);
/* Re-reads just the PIN record of a token from the store. */
CK_RV core_reload_record(core_t *c, token_t *t);

/* discovery.c */
/* Finds the providers and loads the objects, unless done, or tried less
 * than a second ago (force: try anyway). Lock not held. */
CK_RV discovery_run(core_t *c, int force);
/* Lock held; may drop and retake it for one Ping when the token is
 * absent and was last checked over a second ago. */
void discovery_check_presence(core_t *c, token_t *t);
void discovery_token_free(token_t *t);

#endif
