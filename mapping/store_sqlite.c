/*
 * store_sqlite.c - the SQLite store: reading and writing objects and token
 * records. Opening, file modes and the schema are in store_sqlite_open.c.
 *
 * Each store_t is one connection guarded by our own mutex: SQLite's own
 * (FULLMUTEX) serialises single calls, but a transaction spans several,
 * and two threads must not interleave theirs on one connection. Between
 * connections (other threads' handles, other processes) SQLite's file
 * locks and the busy timeout do the work. Every mutating call runs in one
 * BEGIN IMMEDIATE transaction: it takes the write lock up front, so it
 * waits for other writers (busy timeout) instead of failing half-way.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mapping/store_sqlite_internal.h"
#include "parsec/parsec.h"

static const char *const stmt_sql[ST_COUNT] = {
	[ST_BEGIN] = "BEGIN IMMEDIATE",
	[ST_COMMIT] = "COMMIT",
	[ST_ROLLBACK] = "ROLLBACK",
	[ST_LIST] = "SELECT id, key_name, class, attrs FROM objects "
		    "WHERE service = ?1 AND app = ?2 AND provider = ?3 "
		    "ORDER BY id",
	[ST_INSERT] = "INSERT INTO objects (service, app, provider, key_name, "
		      "class, attrs, created, updated) "
		      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
	[ST_UPDATE] = "UPDATE objects SET key_name = ?4, attrs = ?5, "
		      "updated = ?6 "
		      "WHERE service = ?1 AND app = ?2 AND id = ?3",
	[ST_DELETE] = "DELETE FROM objects "
		      "WHERE service = ?1 AND app = ?2 AND id = ?3",
	[ST_DELETE_ALL] = "DELETE FROM objects "
			  "WHERE service = ?1 AND app = ?2 AND provider = ?3",
	[ST_GET_TOKEN] = "SELECT so_pin_hash, user_pin_hash, so_pin_failures, "
			 "user_pin_failures, label FROM tokens "
			 "WHERE service = ?1 AND app = ?2 AND provider = ?3",
	[ST_PUT_TOKEN] = "INSERT OR REPLACE INTO tokens (service, app, "
			 "provider, so_pin_hash, user_pin_hash, "
			 "so_pin_failures, user_pin_failures, label, updated) "
			 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[ST_DATA_VERSION] = "PRAGMA data_version",
};

/* ------------------------------------------------------------------ */
/* Errors                                                               */
/* ------------------------------------------------------------------ */

static const struct {
	int sqlite;
	store_rc_t rc;
	parsec_log_level_t level;
} sqlite_errors[] = {
	{SQLITE_BUSY, STORE_E_BUSY, PARSEC_LOG_WARNING},
	{SQLITE_LOCKED, STORE_E_BUSY, PARSEC_LOG_WARNING},
	/* The callers expect EXISTS (a name already used) and decide. */
	{SQLITE_CONSTRAINT, STORE_E_EXISTS, PARSEC_LOG_DEBUG},
	{SQLITE_NOMEM, STORE_E_NOMEM, PARSEC_LOG_ERROR},
	{SQLITE_CORRUPT, STORE_E_CORRUPT, PARSEC_LOG_ERROR},
	{SQLITE_NOTADB, STORE_E_CORRUPT, PARSEC_LOG_ERROR},
	{SQLITE_TOOBIG, STORE_E_ARGS, PARSEC_LOG_ERROR},
	{SQLITE_RANGE, STORE_E_ARGS, PARSEC_LOG_ERROR},
};

store_rc_t store_sqlite_error(sqlite_store_t *s, int err, const char *what)
{
	store_rc_t rc = STORE_E_IO;
	parsec_log_level_t level = PARSEC_LOG_ERROR;
	size_t i;

	for (i = 0; i < sizeof(sqlite_errors) / sizeof(sqlite_errors[0]); i++)
		if (sqlite_errors[i].sqlite == (err & 0xff)) {
			rc = sqlite_errors[i].rc;
			level = sqlite_errors[i].level;
		}
	parsec_log(level, "store %s: %s: %s", s->path, what,
		   s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(err));
	return rc;
}

/* ------------------------------------------------------------------ */
/* Statements and transactions                                          */
/* ------------------------------------------------------------------ */

store_rc_t store_sqlite_prepare_all(sqlite_store_t *s)
{
	int err;
	size_t i;

	for (i = 0; i < ST_COUNT; i++) {
		err = sqlite3_prepare_v2(s->db, stmt_sql[i], -1, &s->stmt[i],
					 NULL);
		if (err != SQLITE_OK)
			return store_sqlite_error(s, err, "prepare");
	}
	return STORE_OK;
}

void store_sqlite_finalize_all(sqlite_store_t *s)
{
	size_t i;

	for (i = 0; i < ST_COUNT; i++) {
		sqlite3_finalize(s->stmt[i]);
		s->stmt[i] = NULL;
	}
}

static void stmt_done(sqlite3_stmt *stmt)
{
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
}

/* Runs a statement that returns no rows. */
static store_rc_t step_done(sqlite_store_t *s, stmt_id_t id, const char *what)
{
	int err = sqlite3_step(s->stmt[id]);

	stmt_done(s->stmt[id]);
	if (err != SQLITE_DONE)
		return store_sqlite_error(s, err, what);
	return STORE_OK;
}

typedef store_rc_t (*txn_body_fn)(sqlite_store_t *s, void *ctx);

static store_rc_t in_write_txn(sqlite_store_t *s, txn_body_fn body, void *ctx)
{
	store_rc_t rc;

	rc = step_done(s, ST_BEGIN, "begin");
	if (rc != STORE_OK)
		return rc;
	rc = body(s, ctx);
	if (rc == STORE_OK)
		rc = step_done(s, ST_COMMIT, "commit");
	/* Some errors (I/O, full disk) end the transaction themselves. */
	if (rc != STORE_OK && !sqlite3_get_autocommit(s->db))
		step_done(s, ST_ROLLBACK, "rollback");
	return rc;
}

/* Binds ?1 service, ?2 app and, when provider >= 0, ?3 provider. */
static int bind_scope(sqlite3_stmt *stmt, const store_scope_t *scope,
		      int provider)
{
	int err = sqlite3_bind_text(stmt, 1, scope->service, -1, SQLITE_STATIC);

	if (err == SQLITE_OK)
		err = sqlite3_bind_text(stmt, 2, scope->app, -1, SQLITE_STATIC);
	if (err == SQLITE_OK && provider >= 0)
		err = sqlite3_bind_int(stmt, 3, provider);
	return err;
}

static int bind_text_or_null(sqlite3_stmt *stmt, int i, const char *text)
{
	if (text == NULL)
		return sqlite3_bind_null(stmt, i);
	return sqlite3_bind_text(stmt, i, text, -1, SQLITE_STATIC);
}

/* ------------------------------------------------------------------ */
/* Entering a call                                                      */
/* ------------------------------------------------------------------ */

static int scope_valid(const store_scope_t *scope)
{
	return scope != NULL && scope->service != NULL && scope->app != NULL;
}

/* Locks the store for one call. A handle inherited across fork() is
 * refused: its connection's locks belong to the parent (SQLite: "do not
 * carry an open database connection across a fork"). */
static store_rc_t enter(store_t *st, sqlite_store_t **out)
{
	sqlite_store_t *s = (sqlite_store_t *)st;

	if (s == NULL)
		return STORE_E_ARGS;
	if (s->owner != getpid()) {
		parsec_log(PARSEC_LOG_ERROR,
			   "store %s: handle used in a forked child; the "
			   "child must open its own",
			   s->path);
		return STORE_E_IO;
	}
	pthread_mutex_lock(&s->lock);
	*out = s;
	return STORE_OK;
}

static void leave(sqlite_store_t *s)
{
	pthread_mutex_unlock(&s->lock);
}

/* One mutating call: lock, one write transaction, unlock. */
static store_rc_t write_call(store_t *st, txn_body_fn body, void *ctx)
{
	sqlite_store_t *s;
	store_rc_t rc;

	rc = enter(st, &s);
	if (rc != STORE_OK)
		return rc;
	rc = in_write_txn(s, body, ctx);
	leave(s);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Objects                                                              */
/* ------------------------------------------------------------------ */

/* Only the objects of a Parsec key name one (store.h): a key name on a
 * certificate would let its C_DestroyObject destroy that key. */
static int class_names_key(CK_OBJECT_CLASS cls)
{
	return cls == CKO_PRIVATE_KEY || cls == CKO_PUBLIC_KEY ||
	       cls == CKO_SECRET_KEY;
}

static store_rc_t read_object_row(sqlite_store_t *s, sqlite3_stmt *stmt,
				  uint8_t provider, store_object_t *obj)
{
	/* Types first: reading a column may convert it (SQLite docs). */
	int key_type = sqlite3_column_type(stmt, 1);
	int class_type = sqlite3_column_type(stmt, 2);
	int attrs_type = sqlite3_column_type(stmt, 3);
	const void *blob = sqlite3_column_blob(stmt, 3);
	size_t len = (size_t)sqlite3_column_bytes(stmt, 3);
	uint64_t cls = (uint64_t)sqlite3_column_int64(stmt, 2);
	const char *name;

	memset(obj, 0, sizeof(*obj));
	obj->id = sqlite3_column_int64(stmt, 0);
	obj->provider = provider;
	obj->cls = (CK_OBJECT_CLASS)cls;
	/* A class that is not an integer, or does not fit this host's
	 * CK_ULONG, would silently become another class. */
	if (attrs_type != SQLITE_BLOB || class_type != SQLITE_INTEGER ||
	    (uint64_t)obj->cls != cls ||
	    (key_type != SQLITE_TEXT && key_type != SQLITE_NULL) ||
	    (key_type == SQLITE_TEXT && !class_names_key(obj->cls)) ||
	    attr_list_decode(&obj->attrs, blob ? blob : "", len) != CKR_OK) {
		parsec_log(PARSEC_LOG_ERROR,
			   "store %s: object %lld is not readable (bad "
			   "class, attributes or key name)",
			   s->path, (long long)obj->id);
		return STORE_E_CORRUPT;
	}
	if (key_type == SQLITE_TEXT) {
		name = (const char *)sqlite3_column_text(stmt, 1);
		obj->key_name = name ? strdup(name) : NULL;
		if (obj->key_name == NULL) {
			attr_list_free(&obj->attrs);
			return STORE_E_NOMEM;
		}
	}
	return STORE_OK;
}

typedef struct object_array {
	store_object_t *v;
	size_t n, cap;
} object_array_t;

static store_object_t *array_next(object_array_t *a)
{
	store_object_t *v;
	size_t cap = a->cap ? 2 * a->cap : 16;

	if (a->n == a->cap) {
		v = reallocarray(a->v, cap, sizeof(*v));
		if (v == NULL)
			return NULL;
		a->v = v;
		a->cap = cap;
	}
	return &a->v[a->n];
}

static store_rc_t read_objects(sqlite_store_t *s, uint8_t provider,
			       object_array_t *a)
{
	sqlite3_stmt *stmt = s->stmt[ST_LIST];
	store_object_t *obj;
	store_rc_t rc = STORE_OK;
	int err = SQLITE_OK;

	while (rc == STORE_OK && (err = sqlite3_step(stmt)) == SQLITE_ROW) {
		obj = array_next(a);
		if (obj == NULL)
			return STORE_E_NOMEM;
		rc = read_object_row(s, stmt, provider, obj);
		if (rc == STORE_OK)
			a->n++;
	}
	if (rc == STORE_OK && err != SQLITE_DONE)
		rc = store_sqlite_error(s, err, "list objects");
	return rc;
}

static store_rc_t sqlite_list_objects(store_t *st, const store_scope_t *scope,
				      uint8_t provider, store_object_t **out,
				      size_t *count)
{
	object_array_t a = {NULL, 0, 0};
	sqlite_store_t *s;
	store_rc_t rc;
	int err;

	if (!scope_valid(scope) || out == NULL || count == NULL)
		return STORE_E_ARGS;
	*out = NULL;
	*count = 0;
	rc = enter(st, &s);
	if (rc != STORE_OK)
		return rc;
	err = bind_scope(s->stmt[ST_LIST], scope, provider);
	rc = err == SQLITE_OK ? read_objects(s, provider, &a)
			      : store_sqlite_error(s, err, "list objects");
	stmt_done(s->stmt[ST_LIST]);
	leave(s);
	if (rc != STORE_OK) {
		store_objects_free(a.v, a.n);
		return rc;
	}
	*out = a.v;
	*count = a.n;
	return STORE_OK;
}

/* Binds ?N to the object's encoded attributes. */
static store_rc_t bind_attrs(sqlite_store_t *s, sqlite3_stmt *stmt, int i,
			     const attr_list_t *attrs)
{
	uint8_t *blob;
	size_t len;
	int err;

	if (attr_list_encode(attrs, &blob, &len) != CKR_OK) {
		parsec_log(PARSEC_LOG_ERROR,
			   "store %s: object attributes cannot be encoded",
			   s->path);
		return STORE_E_ARGS;
	}
	err = sqlite3_bind_blob64(stmt, i, blob, len, SQLITE_TRANSIENT);
	explicit_bzero(blob, len);
	free(blob);
	return err == SQLITE_OK ? STORE_OK
				: store_sqlite_error(s, err, "bind attributes");
}

typedef struct insert_ctx {
	const store_scope_t *scope;
	store_object_t *objs;
	int64_t *ids;
	size_t n;
} insert_ctx_t;

static store_rc_t insert_one(sqlite_store_t *s, const store_scope_t *scope,
			     const store_object_t *obj, int64_t *id)
{
	sqlite3_stmt *stmt = s->stmt[ST_INSERT];
	store_rc_t rc;
	int err;

	/* What is written must read back. */
	if (obj->key_name != NULL && !class_names_key(obj->cls))
		return STORE_E_ARGS;
	err = bind_scope(stmt, scope, obj->provider);
	if (err == SQLITE_OK)
		err = bind_text_or_null(stmt, 4, obj->key_name);
	if (err == SQLITE_OK)
		err = sqlite3_bind_int64(stmt, 5, (int64_t)obj->cls);
	if (err == SQLITE_OK)
		err = sqlite3_bind_int64(stmt, 7, (int64_t)time(NULL));
	if (err != SQLITE_OK) {
		stmt_done(stmt);
		return store_sqlite_error(s, err, "insert object");
	}
	rc = bind_attrs(s, stmt, 6, &obj->attrs);
	if (rc != STORE_OK) {
		stmt_done(stmt);
		return rc;
	}
	rc = step_done(s, ST_INSERT, "insert object");
	*id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

static store_rc_t insert_body(sqlite_store_t *s, void *arg)
{
	insert_ctx_t *ctx = arg;
	store_rc_t rc = STORE_OK;
	size_t i;

	for (i = 0; rc == STORE_OK && i < ctx->n; i++)
		rc = insert_one(s, ctx->scope, &ctx->objs[i], &ctx->ids[i]);
	return rc;
}

static store_rc_t sqlite_insert_objects(store_t *st, const store_scope_t *scope,
					store_object_t *objs, size_t n)
{
	insert_ctx_t ctx = {scope, objs, NULL, n};
	store_rc_t rc;
	size_t i;

	if (!scope_valid(scope) || (objs == NULL && n != 0))
		return STORE_E_ARGS;
	if (n == 0)
		return STORE_OK;
	ctx.ids = calloc(n, sizeof(int64_t));
	if (ctx.ids == NULL)
		return STORE_E_NOMEM;
	rc = write_call(st, insert_body, &ctx);
	/* Ids only once the rows really exist. */
	for (i = 0; rc == STORE_OK && i < n; i++)
		objs[i].id = ctx.ids[i];
	free(ctx.ids);
	return rc;
}

typedef struct update_ctx {
	const store_scope_t *scope;
	const store_object_t *obj;
} update_ctx_t;

static store_rc_t update_body(sqlite_store_t *s, void *arg)
{
	update_ctx_t *ctx = arg;
	sqlite3_stmt *stmt = s->stmt[ST_UPDATE];
	store_rc_t rc;
	int err;

	if (ctx->obj->key_name != NULL && !class_names_key(ctx->obj->cls))
		return STORE_E_ARGS;
	err = bind_scope(stmt, ctx->scope, -1);
	if (err == SQLITE_OK)
		err = sqlite3_bind_int64(stmt, 3, ctx->obj->id);
	if (err == SQLITE_OK)
		err = bind_text_or_null(stmt, 4, ctx->obj->key_name);
	if (err == SQLITE_OK)
		err = sqlite3_bind_int64(stmt, 6, (int64_t)time(NULL));
	if (err != SQLITE_OK) {
		stmt_done(stmt);
		return store_sqlite_error(s, err, "update object");
	}
	rc = bind_attrs(s, stmt, 5, &ctx->obj->attrs);
	if (rc != STORE_OK) {
		stmt_done(stmt);
		return rc;
	}
	rc = step_done(s, ST_UPDATE, "update object");
	if (rc == STORE_OK && sqlite3_changes(s->db) == 0)
		rc = STORE_E_NOT_FOUND;
	return rc;
}

static store_rc_t sqlite_update_object(store_t *st, const store_scope_t *scope,
				       const store_object_t *obj)
{
	update_ctx_t ctx = {scope, obj};

	if (!scope_valid(scope) || obj == NULL)
		return STORE_E_ARGS;
	return write_call(st, update_body, &ctx);
}

typedef struct delete_ctx {
	const store_scope_t *scope;
	const int64_t *ids;
	size_t n;
	int provider; /* delete_all: the provider; -1 for delete by ids */
} delete_ctx_t;

static store_rc_t delete_body(sqlite_store_t *s, void *arg)
{
	delete_ctx_t *ctx = arg;
	sqlite3_stmt *stmt = s->stmt[ST_DELETE];
	store_rc_t rc = STORE_OK;
	size_t i;
	int err;

	for (i = 0; rc == STORE_OK && i < ctx->n; i++) {
		err = bind_scope(stmt, ctx->scope, -1);
		if (err == SQLITE_OK)
			err = sqlite3_bind_int64(stmt, 3, ctx->ids[i]);
		if (err != SQLITE_OK) {
			stmt_done(stmt);
			return store_sqlite_error(s, err, "delete object");
		}
		rc = step_done(s, ST_DELETE, "delete object");
		/* All or nothing: a missing row undoes the others. */
		if (rc == STORE_OK && sqlite3_changes(s->db) == 0)
			rc = STORE_E_NOT_FOUND;
	}
	return rc;
}

static store_rc_t delete_all_body(sqlite_store_t *s, void *arg)
{
	delete_ctx_t *ctx = arg;
	int err = bind_scope(s->stmt[ST_DELETE_ALL], ctx->scope, ctx->provider);

	if (err != SQLITE_OK) {
		stmt_done(s->stmt[ST_DELETE_ALL]);
		return store_sqlite_error(s, err, "delete objects");
	}
	return step_done(s, ST_DELETE_ALL, "delete objects");
}

static store_rc_t sqlite_delete_objects(store_t *st, const store_scope_t *scope,
					const int64_t *ids, size_t n)
{
	delete_ctx_t ctx = {scope, ids, n, -1};

	if (!scope_valid(scope) || (ids == NULL && n != 0))
		return STORE_E_ARGS;
	if (n == 0)
		return STORE_OK;
	return write_call(st, delete_body, &ctx);
}

static store_rc_t sqlite_delete_all(store_t *st, const store_scope_t *scope,
				    uint8_t provider)
{
	delete_ctx_t ctx = {scope, NULL, 0, provider};

	if (!scope_valid(scope))
		return STORE_E_ARGS;
	return write_call(st, delete_all_body, &ctx);
}

typedef struct apply_ctx {
	const store_scope_t *scope;
	store_changes_t *ch;
	int64_t *ids;
} apply_ctx_t;

static store_rc_t apply_body(sqlite_store_t *s, void *arg)
{
	apply_ctx_t *ctx = arg;
	store_changes_t *ch = ctx->ch;
	delete_ctx_t del = {ctx->scope, ch->delete_ids, ch->n_delete, -1};
	insert_ctx_t ins = {ctx->scope, ch->insert, ctx->ids, ch->n_insert};
	update_ctx_t upd = {ctx->scope, NULL};
	store_rc_t rc = delete_body(s, &del);
	size_t i;

	for (i = 0; rc == STORE_OK && i < ch->n_update; i++) {
		upd.obj = &ch->update[i];
		rc = update_body(s, &upd);
	}
	return rc == STORE_OK ? insert_body(s, &ins) : rc;
}

static store_rc_t sqlite_apply(store_t *st, const store_scope_t *scope,
			       store_changes_t *ch)
{
	apply_ctx_t ctx = {scope, ch, NULL};
	store_rc_t rc;
	size_t i;

	if (!scope_valid(scope) || ch == NULL ||
	    (ch->delete_ids == NULL && ch->n_delete != 0) ||
	    (ch->update == NULL && ch->n_update != 0) ||
	    (ch->insert == NULL && ch->n_insert != 0))
		return STORE_E_ARGS;
	ctx.ids = calloc(ch->n_insert ? ch->n_insert : 1, sizeof(int64_t));
	if (ctx.ids == NULL)
		return STORE_E_NOMEM;
	rc = write_call(st, apply_body, &ctx);
	for (i = 0; rc == STORE_OK && i < ch->n_insert; i++)
		ch->insert[i].id = ctx.ids[i];
	free(ctx.ids);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Token records                                                        */
/* ------------------------------------------------------------------ */

static int column_text_dup(sqlite3_stmt *stmt, int i, char **out)
{
	int type = sqlite3_column_type(stmt, i);
	const char *text;

	*out = NULL;
	if (type == SQLITE_NULL)
		return 0;
	if (type != SQLITE_TEXT)
		return -1;
	text = (const char *)sqlite3_column_text(stmt, i);
	*out = text ? strdup(text) : NULL;
	return *out ? 0 : -2;
}

static int column_u32(sqlite3_stmt *stmt, int i, uint32_t *out)
{
	int type = sqlite3_column_type(stmt, i);
	int64_t v = sqlite3_column_int64(stmt, i);

	if (type != SQLITE_INTEGER || v < 0 || v > UINT32_MAX)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static store_rc_t read_token_row(sqlite_store_t *s, sqlite3_stmt *stmt,
				 store_token_t *tok)
{
	int bad = 0, nomem = 0, r, i;
	char **texts[] = {&tok->so_pin_hash, &tok->user_pin_hash, &tok->label};
	const int text_cols[] = {0, 1, 4};

	for (i = 0; i < 3; i++) {
		r = column_text_dup(stmt, text_cols[i], texts[i]);
		bad |= r == -1;
		nomem |= r == -2;
	}
	bad |= column_u32(stmt, 2, &tok->so_pin_failures) != 0;
	bad |= column_u32(stmt, 3, &tok->user_pin_failures) != 0;
	if (!bad && !nomem)
		return STORE_OK;
	store_token_free(tok);
	if (nomem)
		return STORE_E_NOMEM;
	parsec_log(PARSEC_LOG_ERROR, "store %s: token record %u not readable",
		   s->path, (unsigned)tok->provider);
	return STORE_E_CORRUPT;
}

static store_rc_t sqlite_get_token(store_t *st, const store_scope_t *scope,
				   uint8_t provider, store_token_t *out)
{
	sqlite_store_t *s;
	sqlite3_stmt *stmt;
	store_rc_t rc;
	int err;

	if (!scope_valid(scope) || out == NULL)
		return STORE_E_ARGS;
	memset(out, 0, sizeof(*out));
	out->provider = provider;
	rc = enter(st, &s);
	if (rc != STORE_OK)
		return rc;
	stmt = s->stmt[ST_GET_TOKEN];
	err = bind_scope(stmt, scope, provider);
	if (err == SQLITE_OK)
		err = sqlite3_step(stmt);
	if (err == SQLITE_ROW)
		rc = read_token_row(s, stmt, out);
	else if (err == SQLITE_DONE)
		rc = STORE_E_NOT_FOUND;
	else
		rc = store_sqlite_error(s, err, "get token");
	stmt_done(stmt);
	leave(s);
	return rc;
}

typedef struct put_token_ctx {
	const store_scope_t *scope;
	const store_token_t *tok;
} put_token_ctx_t;

static store_rc_t put_token_body(sqlite_store_t *s, void *arg)
{
	put_token_ctx_t *ctx = arg;
	const store_token_t *tok = ctx->tok;
	sqlite3_stmt *stmt = s->stmt[ST_PUT_TOKEN];
	int err;

	err = bind_scope(stmt, ctx->scope, tok->provider);
	if (err == SQLITE_OK)
		err = bind_text_or_null(stmt, 4, tok->so_pin_hash);
	if (err == SQLITE_OK)
		err = bind_text_or_null(stmt, 5, tok->user_pin_hash);
	if (err == SQLITE_OK)
		err = sqlite3_bind_int64(stmt, 6, tok->so_pin_failures);
	if (err == SQLITE_OK)
		err = sqlite3_bind_int64(stmt, 7, tok->user_pin_failures);
	if (err == SQLITE_OK)
		err = bind_text_or_null(stmt, 8, tok->label);
	if (err == SQLITE_OK)
		err = sqlite3_bind_int64(stmt, 9, (int64_t)time(NULL));
	if (err != SQLITE_OK) {
		stmt_done(stmt);
		return store_sqlite_error(s, err, "put token");
	}
	return step_done(s, ST_PUT_TOKEN, "put token");
}

static store_rc_t sqlite_put_token(store_t *st, const store_scope_t *scope,
				   const store_token_t *tok)
{
	put_token_ctx_t ctx = {scope, tok};

	if (!scope_valid(scope) || tok == NULL)
		return STORE_E_ARGS;
	return write_call(st, put_token_body, &ctx);
}

/* ------------------------------------------------------------------ */
/* Changes by others                                                    */
/* ------------------------------------------------------------------ */

/* PRAGMA data_version changes when another connection commits; this
 * connection's own commits leave it alone. */
static store_rc_t sqlite_changed(store_t *st, int *changed)
{
	sqlite_store_t *s;
	sqlite3_stmt *stmt;
	store_rc_t rc;
	int64_t version;
	int err;

	if (changed == NULL)
		return STORE_E_ARGS;
	rc = enter(st, &s);
	if (rc != STORE_OK)
		return rc;
	stmt = s->stmt[ST_DATA_VERSION];
	err = sqlite3_step(stmt);
	if (err == SQLITE_ROW) {
		version = sqlite3_column_int64(stmt, 0);
		*changed = !s->have_version || version != s->data_version;
		s->data_version = version;
		s->have_version = 1;
	} else {
		rc = store_sqlite_error(s, err, "data_version");
	}
	stmt_done(stmt);
	leave(s);
	return rc;
}

store_rc_t store_sqlite_set_busy_timeout(store_t *st, int ms)
{
	sqlite_store_t *s;
	store_rc_t rc = enter(st, &s);

	if (rc != STORE_OK)
		return rc;
	sqlite3_busy_timeout(s->db, ms);
	leave(s);
	return STORE_OK;
}

const store_ops_t store_sqlite_ops = {
	.scheme = "sqlite",
	.open = store_sqlite_open,
	.close = store_sqlite_close,
	.list_objects = sqlite_list_objects,
	.insert_objects = sqlite_insert_objects,
	.update_object = sqlite_update_object,
	.delete_objects = sqlite_delete_objects,
	.delete_all = sqlite_delete_all,
	.get_token = sqlite_get_token,
	.put_token = sqlite_put_token,
	.changed = sqlite_changed,
	.apply = sqlite_apply,
};
