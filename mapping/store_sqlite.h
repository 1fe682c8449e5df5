/*
 * store_sqlite.h - the SQLite store backend (internal to mapping/: the
 * rest of the module reaches it through store_open()).
 */
#ifndef MAPPING_STORE_SQLITE_H
#define MAPPING_STORE_SQLITE_H

#include "mapping/store.h"

/* The schema this build writes; a store with a higher one is refused. */
#define STORE_SQLITE_SCHEMA_VERSION 1

/* How long a call waits for another process's write lock. */
#define STORE_SQLITE_BUSY_TIMEOUT_MS 5000

extern const store_ops_t store_sqlite_ops;

/* Changes the busy timeout of an open SQLite store (tests use a short one
 * to see STORE_E_BUSY without waiting 5 s). */
store_rc_t store_sqlite_set_busy_timeout(store_t *st, int ms);

#endif
