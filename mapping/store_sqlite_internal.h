/*
 * store_sqlite_internal.h - what store_sqlite.c (reads and writes) and
 * store_sqlite_open.c (files, schema, lifetime) share.
 */
#ifndef MAPPING_STORE_SQLITE_INTERNAL_H
#define MAPPING_STORE_SQLITE_INTERNAL_H

#include <pthread.h>
#include <sys/types.h>

#include <sqlite3.h>

#include "mapping/store_sqlite.h"

typedef enum stmt_id {
	ST_BEGIN,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_LIST,
	ST_INSERT,
	ST_UPDATE,
	ST_DELETE,
	ST_DELETE_ALL,
	ST_GET_TOKEN,
	ST_PUT_TOKEN,
	ST_DATA_VERSION,
	ST_COUNT
} stmt_id_t;

typedef struct sqlite_store {
	store_t base; /* first, so a store_t * is a sqlite_store_t * */
	sqlite3 *db;
	pthread_mutex_t lock; /* one call at a time on the connection */
	pid_t owner;	      /* the process that opened it */
	char *path;
	int64_t data_version;
	int have_version;
	sqlite3_stmt *stmt[ST_COUNT];
	struct sqlite_store *next; /* the process's open stores */
} sqlite_store_t;

/* store_sqlite_open.c */
store_rc_t store_sqlite_open(const char *path, store_t **out);
void store_sqlite_close(store_t *st);

/* store_sqlite.c */
store_rc_t store_sqlite_prepare_all(sqlite_store_t *s);
void store_sqlite_finalize_all(sqlite_store_t *s);
/* Logs what failed and maps an SQLite result code to a store_rc_t. */
store_rc_t store_sqlite_error(sqlite_store_t *s, int err, const char *what);

#endif
