/*
 * store_sqlite_open.c - opening an SQLite store: directory and file
 * modes, connection settings, schema version and migrations.
 *
 * Schema (version 1):
 *   meta(key TEXT PRIMARY KEY, value TEXT)        'schema_version' -> "1"
 *   objects(id, service, app, provider, key_name, class, attrs BLOB,
 *           created, updated)                     unique per key-backed row
 *   tokens(service, app, provider, so_pin_hash, user_pin_hash,
 *          so_pin_failures, user_pin_failures, label, updated)
 * Times are Unix seconds. Migrations run in one transaction on open; a
 * store that says it is newer than this build is refused untouched.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mapping/store_sqlite_internal.h"
#include "parsec/parsec.h"

/* migrations[v] takes a store from version v to v + 1. */
static const char *const migrations[] = {
	"CREATE TABLE meta ("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL);"
	/* AUTOINCREMENT: an id is never reused, so a handle another process
	 * still holds cannot come to mean a different object. */
	"CREATE TABLE objects ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  service TEXT NOT NULL,"
	"  app TEXT NOT NULL,"
	"  provider INTEGER NOT NULL CHECK (provider BETWEEN 0 AND 255),"
	"  key_name TEXT,"
	"  class INTEGER NOT NULL,"
	"  attrs BLOB NOT NULL,"
	"  created INTEGER NOT NULL,"
	"  updated INTEGER NOT NULL);"
	/* Certificates and data objects (no key name) are not unique. */
	"CREATE UNIQUE INDEX objects_key"
	"  ON objects (service, app, provider, key_name, class)"
	"  WHERE key_name IS NOT NULL;"
	"CREATE INDEX objects_scope ON objects (service, app, provider);"
	"CREATE TABLE tokens ("
	"  service TEXT NOT NULL,"
	"  app TEXT NOT NULL,"
	"  provider INTEGER NOT NULL CHECK (provider BETWEEN 0 AND 255),"
	"  so_pin_hash TEXT,"
	"  user_pin_hash TEXT,"
	"  so_pin_failures INTEGER NOT NULL DEFAULT 0,"
	"  user_pin_failures INTEGER NOT NULL DEFAULT 0,"
	"  label TEXT,"
	"  updated INTEGER NOT NULL,"
	"  PRIMARY KEY (service, app, provider));",
};

_Static_assert(sizeof(migrations) / sizeof(migrations[0]) ==
		       STORE_SQLITE_SCHEMA_VERSION,
	       "one migration per schema version");

/* ------------------------------------------------------------------ */
/* Files                                                                */
/* ------------------------------------------------------------------ */

/* Missing directories are made 0700 whatever the umask; existing ones
 * are the user's and stay as they are. */
static store_rc_t make_dir(const char *dir)
{
	int fd;

	if (mkdir(dir, 0700) != 0) {
		if (errno == EEXIST)
			return STORE_OK;
		parsec_log(PARSEC_LOG_ERROR, "store: cannot create %s: %s", dir,
			   strerror(errno));
		return STORE_E_IO;
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fchmod(fd, 0700) != 0) {
		parsec_log(PARSEC_LOG_ERROR, "store: cannot set mode of %s: %s",
			   dir, strerror(errno));
		if (fd >= 0)
			close(fd);
		return STORE_E_IO;
	}
	close(fd);
	return STORE_OK;
}

static store_rc_t make_parent_dirs(const char *path)
{
	store_rc_t rc = STORE_OK;
	char *dir = strdup(path), *p;

	if (dir == NULL)
		return STORE_E_NOMEM;
	for (p = strchr(dir + 1, '/'); rc == STORE_OK && p != NULL;
	     p = strchr(p + 1, '/')) {
		*p = '\0';
		rc = make_dir(dir);
		*p = '/';
	}
	free(dir);
	return rc;
}

/* A new file is created 0600 whatever the umask. An existing file that
 * others may read is the user's decision to change: we only warn. */
static store_rc_t make_file(const char *path)
{
	struct stat st;
	int fd;

	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
		  0600);
	if (fd >= 0) {
		if (fchmod(fd, 0600) != 0)
			parsec_log(PARSEC_LOG_WARNING,
				   "store %s: cannot set mode 0600: %s", path,
				   strerror(errno));
		close(fd);
		return STORE_OK;
	}
	if (errno != EEXIST || stat(path, &st) != 0) {
		parsec_log(PARSEC_LOG_ERROR, "store %s: cannot create: %s",
			   path, strerror(errno));
		return STORE_E_IO;
	}
	if (!S_ISREG(st.st_mode)) {
		parsec_log(PARSEC_LOG_ERROR, "store %s: not a regular file",
			   path);
		return STORE_E_IO;
	}
	if (st.st_mode & 077)
		parsec_log(PARSEC_LOG_WARNING,
			   "store %s: other users may access it (mode %03o); "
			   "consider chmod 600",
			   path, (unsigned)(st.st_mode & 0777));
	return STORE_OK;
}

/* ------------------------------------------------------------------ */
/* Schema                                                               */
/* ------------------------------------------------------------------ */

static store_rc_t exec(sqlite_store_t *s, const char *sql, const char *what)
{
	int err = sqlite3_exec(s->db, sql, NULL, NULL, NULL);

	return err == SQLITE_OK ? STORE_OK : store_sqlite_error(s, err, what);
}

/* One integer from a one-row query. */
static store_rc_t query_int(sqlite_store_t *s, const char *sql, int64_t *out,
			    int *found)
{
	sqlite3_stmt *stmt = NULL;
	const char *text, *end;
	store_rc_t rc = STORE_OK;
	int err;

	*found = 0;
	err = sqlite3_prepare_v2(s->db, sql, -1, &stmt, NULL);
	if (err == SQLITE_OK)
		err = sqlite3_step(stmt);
	if (err == SQLITE_ROW) {
		text = (const char *)sqlite3_column_text(stmt, 0);
		errno = 0;
		*out = text ? strtoll(text, (char **)&end, 10) : 0;
		if (text == NULL || *text == '\0' || *end != '\0' || errno)
			rc = STORE_E_CORRUPT;
		*found = 1;
	} else if (err != SQLITE_DONE) {
		rc = store_sqlite_error(s, err, "read schema");
	}
	sqlite3_finalize(stmt);
	return rc;
}

/* 0 for an empty database; STORE_E_CORRUPT for one that is not ours. */
static store_rc_t read_version(sqlite_store_t *s, int64_t *version)
{
	int64_t n_meta = 0, n_all = 0;
	store_rc_t rc;
	int found;

	*version = 0;
	rc = query_int(s,
		       "SELECT count(*) FROM sqlite_master "
		       "WHERE type = 'table' AND name = 'meta'",
		       &n_meta, &found);
	if (rc == STORE_OK)
		rc = query_int(s, "SELECT count(*) FROM sqlite_master", &n_all,
			       &found);
	if (rc != STORE_OK || (n_meta == 0 && n_all == 0))
		return rc;
	if (n_meta != 0)
		rc = query_int(s,
			       "SELECT value FROM meta "
			       "WHERE key = 'schema_version'",
			       version, &found);
	if (rc == STORE_OK && (n_meta == 0 || !found || *version < 1))
		rc = STORE_E_CORRUPT;
	if (rc == STORE_E_CORRUPT)
		parsec_log(PARSEC_LOG_ERROR,
			   "store %s: not a parsec-pkcs11 store (no schema "
			   "version)",
			   s->path);
	return rc;
}

/* The same, as one snapshot: another process may be creating the schema
 * between two of read_version's queries. */
static store_rc_t read_version_snapshot(sqlite_store_t *s, int64_t *version)
{
	store_rc_t rc;

	rc = exec(s, "BEGIN", "begin reading schema");
	if (rc != STORE_OK)
		return rc;
	rc = read_version(s, version);
	exec(s, rc == STORE_OK ? "COMMIT" : "ROLLBACK", "end reading schema");
	return rc;
}

static store_rc_t too_new(sqlite_store_t *s, int64_t version)
{
	parsec_log(PARSEC_LOG_ERROR,
		   "store %s: schema version %lld is newer than this module's "
		   "%d; left untouched",
		   s->path, (long long)version, STORE_SQLITE_SCHEMA_VERSION);
	return STORE_E_TOO_NEW;
}

static store_rc_t apply_migrations(sqlite_store_t *s)
{
	char sql[128];
	int64_t version;
	store_rc_t rc;

	/* Another process may have migrated since we looked. */
	rc = read_version(s, &version);
	if (rc == STORE_OK && version > STORE_SQLITE_SCHEMA_VERSION)
		rc = too_new(s, version);
	for (; rc == STORE_OK && version < STORE_SQLITE_SCHEMA_VERSION;
	     version++)
		rc = exec(s, migrations[version], "migrate schema");
	snprintf(sql, sizeof(sql),
		 "INSERT OR REPLACE INTO meta (key, value) "
		 "VALUES ('schema_version', '%d')",
		 STORE_SQLITE_SCHEMA_VERSION);
	if (rc == STORE_OK)
		rc = exec(s, sql, "set schema version");
	return rc;
}

static store_rc_t migrate(sqlite_store_t *s)
{
	store_rc_t rc;

	rc = exec(s, "BEGIN IMMEDIATE", "begin migration");
	if (rc != STORE_OK)
		return rc;
	rc = apply_migrations(s);
	if (rc == STORE_OK)
		rc = exec(s, "COMMIT", "commit migration");
	if (rc != STORE_OK && !sqlite3_get_autocommit(s->db))
		exec(s, "ROLLBACK", "roll back migration");
	if (rc == STORE_OK)
		parsec_log(PARSEC_LOG_INFO, "store %s: schema version %d",
			   s->path, STORE_SQLITE_SCHEMA_VERSION);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Connection                                                           */
/* ------------------------------------------------------------------ */

static store_rc_t connect_db(sqlite_store_t *s)
{
	int err;

	err = sqlite3_open_v2(s->path, &s->db,
			      SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX,
			      NULL);
	if (err != SQLITE_OK)
		return store_sqlite_error(s, err, "open");
	sqlite3_busy_timeout(s->db, STORE_SQLITE_BUSY_TIMEOUT_MS);
	return exec(s, "PRAGMA foreign_keys = ON", "enable foreign keys");
}

/* Switching to WAL needs the database to itself, and SQLite answers
 * SQLITE_BUSY at once instead of calling the busy handler (seen when two
 * processes create a store together): retry for the busy timeout. */
static int step_retrying(sqlite3_stmt *stmt)
{
	int err, waited = 0;

	while ((err = sqlite3_step(stmt)) == SQLITE_BUSY &&
	       waited < STORE_SQLITE_BUSY_TIMEOUT_MS) {
		sqlite3_reset(stmt);
		waited += sqlite3_sleep(10);
	}
	return err;
}

/* WAL lets readers go on while one process writes. Some file systems
 * (network mounts) refuse it; the store still works, with more waiting. */
static store_rc_t use_wal(sqlite_store_t *s)
{
	sqlite3_stmt *stmt = NULL;
	const char *mode;
	int err;

	err = sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &stmt,
				 NULL);
	if (err == SQLITE_OK)
		err = step_retrying(stmt);
	if (err == SQLITE_ROW) {
		mode = (const char *)sqlite3_column_text(stmt, 0);
		if (mode == NULL || strcmp(mode, "wal") != 0)
			parsec_log(PARSEC_LOG_WARNING,
				   "store %s: journal mode %s, not wal",
				   s->path, mode ? mode : "unknown");
		err = SQLITE_OK;
	}
	sqlite3_finalize(stmt);
	return err == SQLITE_OK ? STORE_OK
				: store_sqlite_error(s, err, "journal mode");
}

static store_rc_t open_store(sqlite_store_t *s)
{
	int64_t version;
	store_rc_t rc;

	rc = make_parent_dirs(s->path);
	if (rc == STORE_OK)
		rc = make_file(s->path);
	if (rc == STORE_OK)
		rc = connect_db(s);
	/* The version is read before anything can write (WAL switch,
	 * migration), so a newer store is left exactly as it was. */
	if (rc == STORE_OK)
		rc = read_version_snapshot(s, &version);
	if (rc == STORE_OK && version > STORE_SQLITE_SCHEMA_VERSION)
		rc = too_new(s, version);
	if (rc == STORE_OK)
		rc = use_wal(s);
	if (rc == STORE_OK && version < STORE_SQLITE_SCHEMA_VERSION)
		rc = migrate(s);
	if (rc == STORE_OK)
		rc = store_sqlite_prepare_all(s);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Fork                                                                 */
/* ------------------------------------------------------------------ */

/* The stores open in this process, inherited ones included after a
 * fork. */
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static sqlite_store_t *registry;

static void registry_remove(sqlite_store_t *s)
{
	sqlite_store_t **p;

	pthread_mutex_lock(&registry_lock);
	for (p = &registry; *p != NULL; p = &(*p)->next)
		if (*p == s) {
			*p = s->next;
			break;
		}
	pthread_mutex_unlock(&registry_lock);
}

/* A forked child inherits SQLite's record of the parent's locks but not
 * the locks (POSIX locks are per process). A connection the child opens
 * to the same file then believes it holds the shared lock that keeps
 * the WAL alive, and when the parent closes its store it checkpoints and
 * deletes the WAL under the child, whose later writes are lost. Closing
 * the inherited connection first drops that record; the close cannot
 * checkpoint or delete anything while another process holds the real
 * lock. Not when a parent thread held the connection at fork time: its
 * mutexes stay locked in the child, which then keeps it unused. */
static void release_inherited(sqlite_store_t *s)
{
	sqlite3_mutex *m = s->db ? sqlite3_db_mutex(s->db) : NULL;

	if (m == NULL)
		return;
	if (pthread_mutex_trylock(&s->lock) != 0)
		goto busy;
	if (sqlite3_mutex_try(m) != SQLITE_OK) {
		pthread_mutex_unlock(&s->lock);
		goto busy;
	}
	sqlite3_mutex_leave(m);
	store_sqlite_finalize_all(s);
	sqlite3_close(s->db);
	s->db = NULL;
	pthread_mutex_unlock(&s->lock);
	return;
busy:
	parsec_log(PARSEC_LOG_WARNING,
		   "store %s: in use by a parent thread at fork time; this "
		   "process's writes may be lost when the parent closes it",
		   s->path);
}

/* Before a child opens a store: the connections it inherited let go. */
static void release_all_inherited(void)
{
	pid_t me = getpid();
	sqlite_store_t *s;

	pthread_mutex_lock(&registry_lock);
	for (s = registry; s != NULL; s = s->next)
		if (s->owner != me)
			release_inherited(s);
	pthread_mutex_unlock(&registry_lock);
}

store_rc_t store_sqlite_open(const char *path, store_t **out)
{
	sqlite_store_t *s;
	store_rc_t rc;

	*out = NULL;
	if (path == NULL || path[0] != '/') {
		parsec_log(PARSEC_LOG_ERROR,
			   "store: SQLite location must be an absolute path");
		return STORE_E_ARGS;
	}
	release_all_inherited();
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return STORE_E_NOMEM;
	s->base.ops = &store_sqlite_ops;
	s->owner = getpid();
	pthread_mutex_init(&s->lock, NULL);
	s->path = strdup(path);
	rc = s->path ? open_store(s) : STORE_E_NOMEM;
	if (rc != STORE_OK) {
		store_sqlite_close(&s->base);
		return rc;
	}
	pthread_mutex_lock(&registry_lock);
	s->next = registry;
	registry = s;
	pthread_mutex_unlock(&registry_lock);
	*out = &s->base;
	return STORE_OK;
}

/* In a forked child the connection is the parent's: it is closed only as
 * release_inherited() does (never checkpointing under a parent that still
 * uses the file), and left allocated when a parent thread held it. */
void store_sqlite_close(store_t *st)
{
	sqlite_store_t *s = (sqlite_store_t *)st;
	int err;

	if (s == NULL)
		return;
	registry_remove(s);
	if (s->owner == getpid()) {
		store_sqlite_finalize_all(s);
		err = sqlite3_close(s->db);
		if (err != SQLITE_OK)
			parsec_log(PARSEC_LOG_WARNING, "store %s: close: %s",
				   s->path, sqlite3_errstr(err));
		pthread_mutex_destroy(&s->lock);
	} else {
		release_inherited(s);
	}
	free(s->path);
	free(s);
}
