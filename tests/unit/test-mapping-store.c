/*
 * test-mapping-store.c - the store interface and its SQLite backend
 * (mapping/store.c, mapping/store_sqlite*.c), in a temp directory.
 */
#include <check.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mapping/store.h"
#include "mapping/store_sqlite.h"
#include "tests/unit/test-mapping-util.h"

static const store_scope_t scope = {"unix:/run/parsec/parsec.sock",
				    "direct:app"};
static const store_scope_t other_app = {"unix:/run/parsec/parsec.sock",
					"direct:other"};
static const store_scope_t other_service = {"unix:/other.sock", "direct:app"};

static char *dir;
static char *path; /* dir/sub/store.sqlite: sub does not exist yet */
static char *uri;

static void setup(void)
{
	dir = test_tmpdir_make();
	ck_assert_ptr_nonnull(dir);
	path = test_path(dir, "sub/store.sqlite");
	ck_assert_int_ge(asprintf(&uri, "sqlite:%s", path), 0);
	test_log_start();
}

static void teardown(void)
{
	test_log_stop();
	free(uri);
	free(path);
	test_tmpdir_remove(dir);
}

static store_t *open_store(void)
{
	store_t *st = NULL;

	ck_assert_int_eq(store_open(uri, &st), STORE_OK);
	ck_assert_ptr_nonnull(st);
	return st;
}

/* A key-backed object (key_name set) or a certificate (NULL). */
static void make_object(store_object_t *obj, uint8_t provider,
			const char *key_name, const char *label)
{
	memset(obj, 0, sizeof(*obj));
	obj->provider = provider;
	obj->key_name = key_name ? strdup(key_name) : NULL;
	obj->cls = key_name ? CKO_PRIVATE_KEY : CKO_CERTIFICATE;
	attr_list_init(&obj->attrs);
	ck_assert_int_eq(attr_list_set_ulong(&obj->attrs, CKA_CLASS, obj->cls),
			 CKR_OK);
	ck_assert_int_eq(
		attr_list_set(&obj->attrs, CKA_LABEL, label, strlen(label)),
		CKR_OK);
}

static size_t count_objects(store_t *st, const store_scope_t *sc,
			    uint8_t provider)
{
	store_object_t *objs;
	size_t n;

	ck_assert_int_eq(store_list_objects(st, sc, provider, &objs, &n),
			 STORE_OK);
	store_objects_free(objs, n);
	return n;
}

static int insert_one(store_t *st, const store_scope_t *sc, uint8_t provider,
		      const char *key_name, const char *label)
{
	store_object_t obj;
	store_rc_t rc;

	make_object(&obj, provider, key_name, label);
	rc = store_insert_objects(st, sc, &obj, 1);
	store_object_free(&obj);
	return rc;
}

START_TEST(test_insert_list_update_delete)
{
	store_t *st = open_store();
	store_object_t objs[2], *got;
	size_t n;
	int64_t id;

	make_object(&objs[0], 1, "key-a", "A");
	make_object(&objs[1], 1, NULL, "cert");
	ck_assert_int_eq(store_insert_objects(st, &scope, objs, 2), STORE_OK);
	ck_assert_int_gt(objs[0].id, 0);
	ck_assert_int_gt(objs[1].id, objs[0].id);

	ck_assert_int_eq(store_list_objects(st, &scope, 1, &got, &n), STORE_OK);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(got[0].id, objs[0].id);
	ck_assert_str_eq(got[0].key_name, "key-a");
	ck_assert_uint_eq(got[0].cls, CKO_PRIVATE_KEY);
	ck_assert_uint_eq(got[0].provider, 1);
	ck_assert_mem_eq(attr_list_get(&got[0].attrs, CKA_LABEL)->value, "A",
			 1);
	ck_assert_ptr_null(got[1].key_name);
	ck_assert_uint_eq(got[1].cls, CKO_CERTIFICATE);
	store_objects_free(got, n);

	ck_assert_int_eq(attr_list_set(&objs[0].attrs, CKA_LABEL, "renamed", 7),
			 CKR_OK);
	free(objs[0].key_name);
	objs[0].key_name = strdup("key-b");
	ck_assert_int_eq(store_update_object(st, &scope, &objs[0]), STORE_OK);
	ck_assert_int_eq(store_list_objects(st, &scope, 1, &got, &n), STORE_OK);
	ck_assert_str_eq(got[0].key_name, "key-b");
	ck_assert_mem_eq(attr_list_get(&got[0].attrs, CKA_LABEL)->value,
			 "renamed", 7);
	store_objects_free(got, n);

	id = objs[1].id;
	ck_assert_int_eq(store_delete_objects(st, &scope, &id, 1), STORE_OK);
	ck_assert_uint_eq(count_objects(st, &scope, 1), 1);
	ck_assert_int_eq(store_delete_objects(st, &scope, &id, 1),
			 STORE_E_NOT_FOUND);
	objs[1].id = id;
	ck_assert_int_eq(store_update_object(st, &scope, &objs[1]),
			 STORE_E_NOT_FOUND);

	store_object_free(&objs[0]);
	store_object_free(&objs[1]);
	store_close(st);
}
END_TEST

START_TEST(test_contents_survive_reopen)
{
	store_t *st = open_store();

	ck_assert_int_eq(insert_one(st, &scope, 2, "k", "persisted"), STORE_OK);
	store_close(st);
	st = open_store();
	ck_assert_uint_eq(count_objects(st, &scope, 2), 1);
	store_close(st);
}
END_TEST

START_TEST(test_failed_multi_insert_leaves_nothing)
{
	store_t *st = open_store();
	store_object_t objs[3];

	ck_assert_int_eq(insert_one(st, &scope, 1, "taken", "first"), STORE_OK);
	make_object(&objs[0], 1, "fresh", "one");
	make_object(&objs[1], 1, "taken", "two"); /* same name and class */
	make_object(&objs[2], 1, "fresh-2", "three");
	ck_assert_int_eq(store_insert_objects(st, &scope, objs, 3),
			 STORE_E_EXISTS);
	ck_assert_int_eq(objs[0].id, 0);
	ck_assert_uint_eq(count_objects(st, &scope, 1), 1);
	store_object_free(&objs[0]);
	store_object_free(&objs[1]);
	store_object_free(&objs[2]);
	store_close(st);
}
END_TEST

START_TEST(test_same_key_name_is_unique_per_class_only)
{
	store_t *st = open_store();
	store_object_t pub;

	ck_assert_int_eq(insert_one(st, &scope, 1, "pair", "priv"), STORE_OK);
	make_object(&pub, 1, "pair", "pub");
	pub.cls = CKO_PUBLIC_KEY;
	ck_assert_int_eq(store_insert_objects(st, &scope, &pub, 1), STORE_OK);
	/* Certificates carry no key name: any number may exist. */
	ck_assert_int_eq(insert_one(st, &scope, 1, NULL, "c"), STORE_OK);
	ck_assert_int_eq(insert_one(st, &scope, 1, NULL, "c"), STORE_OK);
	ck_assert_uint_eq(count_objects(st, &scope, 1), 4);
	store_object_free(&pub);
	store_close(st);
}
END_TEST

START_TEST(test_scopes_and_providers_isolate)
{
	store_t *st = open_store();
	store_object_t obj;

	ck_assert_int_eq(insert_one(st, &scope, 1, "mine", "x"), STORE_OK);
	ck_assert_uint_eq(count_objects(st, &other_app, 1), 0);
	ck_assert_uint_eq(count_objects(st, &other_service, 1), 0);
	ck_assert_uint_eq(count_objects(st, &scope, 2), 0);
	/* The same name is free in another scope. */
	ck_assert_int_eq(insert_one(st, &other_app, 1, "mine", "y"), STORE_OK);

	/* Another app can neither change nor delete my rows. */
	make_object(&obj, 1, "mine", "x");
	ck_assert_int_eq(store_insert_objects(st, &other_service, &obj, 1),
			 STORE_OK);
	ck_assert_int_eq(store_delete_objects(st, &scope, &obj.id, 1),
			 STORE_E_NOT_FOUND);
	ck_assert_int_eq(store_update_object(st, &scope, &obj),
			 STORE_E_NOT_FOUND);
	ck_assert_uint_eq(count_objects(st, &other_service, 1), 1);
	store_object_free(&obj);
	store_close(st);
}
END_TEST

START_TEST(test_delete_of_several_ids_is_all_or_nothing)
{
	store_t *st = open_store();
	store_object_t objs[2];
	int64_t ids[3];

	make_object(&objs[0], 1, "a", "a");
	make_object(&objs[1], 1, "b", "b");
	ck_assert_int_eq(store_insert_objects(st, &scope, objs, 2), STORE_OK);
	ids[0] = objs[0].id;
	ids[1] = objs[1].id + 1000; /* no such row */
	ids[2] = objs[1].id;
	ck_assert_int_eq(store_delete_objects(st, &scope, ids, 3),
			 STORE_E_NOT_FOUND);
	ck_assert_uint_eq(count_objects(st, &scope, 1), 2);
	ids[1] = objs[1].id;
	ck_assert_int_eq(store_delete_objects(st, &scope, ids, 2), STORE_OK);
	ck_assert_uint_eq(count_objects(st, &scope, 1), 0);
	store_object_free(&objs[0]);
	store_object_free(&objs[1]);
	store_close(st);
}
END_TEST

START_TEST(test_delete_all_clears_one_provider_of_one_scope)
{
	store_t *st = open_store();

	ck_assert_int_eq(insert_one(st, &scope, 1, "a", "a"), STORE_OK);
	ck_assert_int_eq(insert_one(st, &scope, 1, NULL, "c"), STORE_OK);
	ck_assert_int_eq(insert_one(st, &scope, 2, "a", "a"), STORE_OK);
	ck_assert_int_eq(insert_one(st, &other_app, 1, "a", "a"), STORE_OK);
	ck_assert_int_eq(store_delete_all(st, &scope, 1), STORE_OK);
	ck_assert_uint_eq(count_objects(st, &scope, 1), 0);
	ck_assert_uint_eq(count_objects(st, &scope, 2), 1);
	ck_assert_uint_eq(count_objects(st, &other_app, 1), 1);
	store_close(st);
}
END_TEST

START_TEST(test_token_records_get_and_put)
{
	store_t *st = open_store();
	store_token_t tok = {3, "so-hash", NULL, 2, 1, "my token"};
	store_token_t got;

	ck_assert_int_eq(store_get_token(st, &scope, 3, &got),
			 STORE_E_NOT_FOUND);
	ck_assert_int_eq(store_put_token(st, &scope, &tok), STORE_OK);
	ck_assert_int_eq(store_get_token(st, &scope, 3, &got), STORE_OK);
	ck_assert_uint_eq(got.provider, 3);
	ck_assert_str_eq(got.so_pin_hash, "so-hash");
	ck_assert_ptr_null(got.user_pin_hash);
	ck_assert_uint_eq(got.user_pin_failures, 2);
	ck_assert_uint_eq(got.so_pin_failures, 1);
	ck_assert_str_eq(got.label, "my token");
	store_token_free(&got);

	tok.user_pin_hash = "user-hash";
	tok.user_pin_failures = 0;
	tok.label = NULL;
	ck_assert_int_eq(store_put_token(st, &scope, &tok), STORE_OK);
	ck_assert_int_eq(store_get_token(st, &scope, 3, &got), STORE_OK);
	ck_assert_str_eq(got.user_pin_hash, "user-hash");
	ck_assert_uint_eq(got.user_pin_failures, 0);
	ck_assert_ptr_null(got.label);
	store_token_free(&got);

	ck_assert_int_eq(store_get_token(st, &other_app, 3, &got),
			 STORE_E_NOT_FOUND);
	ck_assert_int_eq(store_get_token(st, &scope, 4, &got),
			 STORE_E_NOT_FOUND);
	store_close(st);
}
END_TEST

START_TEST(test_changed_reports_writes_by_another_connection)
{
	store_t *a = open_store(), *b = open_store();
	int changed = -1;

	ck_assert_int_eq(store_changed(a, &changed), STORE_OK);
	ck_assert_int_eq(changed, 1); /* the first call */
	ck_assert_int_eq(store_changed(a, &changed), STORE_OK);
	ck_assert_int_eq(changed, 0);
	ck_assert_int_eq(insert_one(a, &scope, 1, "own", "x"), STORE_OK);
	ck_assert_int_eq(store_changed(a, &changed), STORE_OK);
	ck_assert_int_eq(changed, 0); /* own writes are known */
	ck_assert_int_eq(insert_one(b, &scope, 1, "theirs", "y"), STORE_OK);
	ck_assert_int_eq(store_changed(a, &changed), STORE_OK);
	ck_assert_int_eq(changed, 1);
	ck_assert_int_eq(store_changed(a, &changed), STORE_OK);
	ck_assert_int_eq(changed, 0);
	store_close(a);
	store_close(b);
}
END_TEST

static void raw_exec(const char *sql)
{
	sqlite3 *db;

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK,
		      "%s", sqlite3_errmsg(db));
	sqlite3_close(db);
}

static char *read_all(const char *file, size_t *len)
{
	FILE *fp = fopen(file, "rb");
	char *data = NULL;
	size_t cap = 0, n;

	ck_assert_ptr_nonnull(fp);
	*len = 0;
	do {
		data = realloc(data, cap += 65536);
		n = fread(data + *len, 1, cap - *len, fp);
		*len += n;
	} while (n > 0);
	fclose(fp);
	return data;
}

START_TEST(test_fresh_store_records_schema_version)
{
	store_t *st = open_store();
	sqlite3 *db;
	sqlite3_stmt *stmt;

	store_close(st);
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db,
					    "SELECT value FROM meta WHERE "
					    "key = 'schema_version'",
					    -1, &stmt, NULL),
			 SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(stmt), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(stmt, 0),
			 STORE_SQLITE_SCHEMA_VERSION);
	sqlite3_finalize(stmt);
	ck_assert_int_eq(
		sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, NULL),
		SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(stmt), SQLITE_ROW);
	ck_assert_str_eq((const char *)sqlite3_column_text(stmt, 0), "wal");
	sqlite3_finalize(stmt);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_newer_schema_is_too_new_and_left_untouched)
{
	store_t *st = open_store();
	char *before, *after, *wal;
	size_t before_len, after_len;

	ck_assert_int_eq(insert_one(st, &scope, 1, "k", "x"), STORE_OK);
	store_close(st);
	raw_exec("UPDATE meta SET value = '999' WHERE key = 'schema_version'");
	before = read_all(path, &before_len);

	ck_assert_int_eq(store_open(uri, &st), STORE_E_TOO_NEW);
	ck_assert_ptr_null(st);
	ck_assert(test_log_contains("999"));

	after = read_all(path, &after_len);
	ck_assert_uint_eq(before_len, after_len);
	ck_assert_mem_eq(before, after, before_len);
	wal = test_path(dir, "sub/store.sqlite-wal");
	ck_assert_int_ne(access(wal, F_OK), 0);
	free(wal);
	free(before);
	free(after);
}
END_TEST

static void make_sub_dir(void)
{
	char *sub = test_path(dir, "sub");

	ck_assert_int_eq(mkdir(sub, 0700), 0);
	free(sub);
}

START_TEST(test_other_sqlite_database_is_corrupt_and_untouched)
{
	store_t *st = NULL;
	sqlite3 *db;

	make_sub_dir();
	raw_exec("CREATE TABLE unrelated (x INTEGER)");
	ck_assert_int_eq(store_open(uri, &st), STORE_E_CORRUPT);
	ck_assert_ptr_null(st);
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(
		sqlite3_exec(db, "SELECT * FROM meta", NULL, NULL, NULL),
		SQLITE_ERROR);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_garbage_file_is_corrupt)
{
	store_t *st = NULL;
	char junk[4096];

	make_sub_dir();
	memset(junk, 'j', sizeof(junk) - 1);
	junk[sizeof(junk) - 1] = '\0';
	ck_assert_int_eq(test_write_file(path, junk), 0);
	ck_assert_int_eq(store_open(uri, &st), STORE_E_CORRUPT);
	ck_assert_ptr_null(st);
}
END_TEST

START_TEST(test_new_file_is_0600_in_new_dir_0700_whatever_the_umask)
{
	mode_t old = umask(0);
	store_t *st = open_store();
	struct stat sb;
	char *sub = test_path(dir, "sub");
	char *wal = test_path(dir, "sub/store.sqlite-wal");

	umask(old);
	ck_assert_int_eq(insert_one(st, &scope, 1, "k", "x"), STORE_OK);
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_uint_eq(sb.st_mode & 0777, 0600);
	ck_assert_int_eq(stat(sub, &sb), 0);
	ck_assert_uint_eq(sb.st_mode & 0777, 0700);
	/* SQLite gives its side files the database's mode. */
	ck_assert_int_eq(stat(wal, &sb), 0);
	ck_assert_uint_eq(sb.st_mode & 0777, 0600);
	store_close(st);
	free(sub);
	free(wal);
}
END_TEST

START_TEST(test_open_existing_file_keeps_its_mode_and_warns)
{
	store_t *st;
	struct stat sb;

	make_sub_dir();
	ck_assert_int_eq(test_write_file(path, ""), 0);
	ck_assert_int_eq(chmod(path, 0644), 0);
	st = open_store();
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_uint_eq(sb.st_mode & 0777, 0644);
	ck_assert(test_log_contains("other users"));
	store_close(st);
}
END_TEST

START_TEST(test_corrupt_attribute_blob_is_corrupt_and_logged)
{
	store_t *st = open_store();
	store_object_t *objs = (void *)1;
	size_t n = 7;

	ck_assert_int_eq(insert_one(st, &scope, 1, "k", "x"), STORE_OK);
	ck_assert_int_eq(insert_one(st, &scope, 1, "l", "y"), STORE_OK);
	raw_exec("UPDATE objects SET attrs = x'01ff00' WHERE key_name = 'l'");
	ck_assert_int_eq(store_list_objects(st, &scope, 1, &objs, &n),
			 STORE_E_CORRUPT);
	ck_assert_ptr_null(objs);
	ck_assert_uint_eq(n, 0);
	ck_assert(test_log_contains("not readable"));
	/* The store itself goes on working. */
	raw_exec("DELETE FROM objects WHERE key_name = 'l'");
	ck_assert_uint_eq(count_objects(st, &scope, 1), 1);
	store_close(st);
}
END_TEST

/* Only keys name a Parsec key: a certificate that did would have its
 * C_DestroyObject destroy that key. Refused on the way in, corrupt on
 * the way out. */
START_TEST(test_key_name_is_for_keys_only)
{
	store_t *st = open_store();
	store_object_t obj, *objs = (void *)1;
	size_t n = 7;

	make_object(&obj, 1, "k", "x");
	obj.cls = CKO_CERTIFICATE;
	ck_assert_int_eq(store_insert_objects(st, &scope, &obj, 1),
			 STORE_E_ARGS);
	obj.cls = CKO_SECRET_KEY;
	ck_assert_int_eq(store_insert_objects(st, &scope, &obj, 1), STORE_OK);
	obj.cls = CKO_DATA;
	ck_assert_int_eq(store_update_object(st, &scope, &obj), STORE_E_ARGS);
	ck_assert_uint_eq(count_objects(st, &scope, 1), 1);
	raw_exec("UPDATE objects SET class = 1"); /* CKO_CERTIFICATE */
	ck_assert_int_eq(store_list_objects(st, &scope, 1, &objs, &n),
			 STORE_E_CORRUPT);
	ck_assert_ptr_null(objs);
	ck_assert_uint_eq(n, 0);
	store_object_free(&obj);
	store_close(st);
}
END_TEST

/* A class that is not an integer must not read as some class (text and
 * reals would read as 0, CKO_DATA, or be truncated). */
START_TEST(test_class_that_is_not_an_integer_is_corrupt)
{
	static const char *const bad[] = {"'x'", "1.5", "x'03'"};
	store_t *st = open_store();
	store_object_t *objs = (void *)1;
	char sql[128];
	size_t n = 7, i;

	ck_assert_int_eq(insert_one(st, &scope, 1, "k", "x"), STORE_OK);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(sql, sizeof(sql), "UPDATE objects SET class = %s",
			 bad[i]);
		raw_exec(sql);
		ck_assert_msg(store_list_objects(st, &scope, 1, &objs, &n) ==
				      STORE_E_CORRUPT,
			      "class %s", bad[i]);
		ck_assert_ptr_null(objs);
		ck_assert_uint_eq(n, 0);
	}
	raw_exec("UPDATE objects SET class = 3");
	ck_assert_uint_eq(count_objects(st, &scope, 1), 1);
	store_close(st);
}
END_TEST

START_TEST(test_corrupt_token_record_is_corrupt)
{
	store_t *st = open_store();
	store_token_t tok = {1, "h", NULL, 0, 0, NULL}, got;

	ck_assert_int_eq(store_put_token(st, &scope, &tok), STORE_OK);
	raw_exec("UPDATE tokens SET user_pin_failures = -4");
	ck_assert_int_eq(store_get_token(st, &scope, 1, &got), STORE_E_CORRUPT);
	ck_assert_ptr_null(got.so_pin_hash);
	store_close(st);
}
END_TEST

START_TEST(test_write_lock_held_past_timeout_is_busy)
{
	store_t *st = open_store();
	sqlite3 *db;

	ck_assert_int_eq(store_sqlite_set_busy_timeout(st, 50), STORE_OK);
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL),
			 SQLITE_OK);
	ck_assert_int_eq(insert_one(st, &scope, 1, "k", "x"), STORE_E_BUSY);
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(db);
	ck_assert_int_eq(insert_one(st, &scope, 1, "k", "x"), STORE_OK);
	store_close(st);
}
END_TEST

#define ROWS_PER_WRITER 40

typedef struct writer {
	store_t *shared; /* NULL: the writer opens its own handle */
	int index;
	int failures;
} writer_t;

static int write_rows(store_t *st, int index)
{
	char name[32];
	int i, failures = 0;

	for (i = 0; i < ROWS_PER_WRITER; i++) {
		snprintf(name, sizeof(name), "w%d-%d", index, i);
		failures += insert_one(st, &scope, 1, name, name) != STORE_OK;
	}
	return failures;
}

static void *writer_main(void *arg)
{
	writer_t *w = arg;
	store_t *st = w->shared;

	if (st == NULL && store_open(uri, &st) != STORE_OK) {
		w->failures = ROWS_PER_WRITER;
		return NULL;
	}
	w->failures = write_rows(st, w->index);
	if (w->shared == NULL)
		store_close(st);
	return NULL;
}

static void run_writers(store_t *shared)
{
	writer_t w[2] = {{shared, 0, 0}, {shared, 1, 0}};
	pthread_t t[2];
	store_t *st;
	int i;

	for (i = 0; i < 2; i++)
		ck_assert_int_eq(
			pthread_create(&t[i], NULL, writer_main, &w[i]), 0);
	for (i = 0; i < 2; i++) {
		pthread_join(t[i], NULL);
		ck_assert_int_eq(w[i].failures, 0);
	}
	st = shared ? shared : open_store();
	ck_assert_uint_eq(count_objects(st, &scope, 1), 2 * ROWS_PER_WRITER);
	if (shared == NULL)
		store_close(st);
}

START_TEST(test_two_threads_with_own_handles_write_without_loss)
{
	run_writers(NULL);
}
END_TEST

START_TEST(test_two_threads_sharing_a_handle_write_without_loss)
{
	store_t *st = open_store();

	run_writers(st);
	store_close(st);
}
END_TEST

START_TEST(test_forked_child_and_parent_write_without_loss)
{
	store_t *st;
	pid_t pid;
	int status;

	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		store_t *mine = NULL;
		int failures = ROWS_PER_WRITER;

		if (store_open(uri, &mine) == STORE_OK) {
			failures = write_rows(mine, 1);
			store_close(mine);
		}
		_exit(failures == 0 ? 0 : 1);
	}
	st = open_store();
	ck_assert_int_eq(write_rows(st, 0), 0);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	ck_assert_uint_eq(count_objects(st, &scope, 1), 2 * ROWS_PER_WRITER);
	store_close(st);
}
END_TEST

/* The child opens its own store while the parent's connection, which
 * it inherited, still says the file is locked; then the parent closes
 * its store, the last real holder of the lock that keeps the WAL. The
 * child's writes after that must reach the file, not a deleted WAL. */
START_TEST(test_child_writes_survive_the_parent_closing_its_store)
{
	store_t *st = open_store();
	int ready[2], go[2], status;
	char c = 0;
	pid_t pid;

	ck_assert_int_eq(insert_one(st, &scope, 1, "parent", "x"), STORE_OK);
	ck_assert_int_eq(pipe(ready), 0);
	ck_assert_int_eq(pipe(go), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		store_t *mine = NULL;
		int failures = ROWS_PER_WRITER;

		if (store_open(uri, &mine) == STORE_OK &&
		    insert_one(mine, &scope, 1, "child", "x") == STORE_OK &&
		    write(ready[1], "r", 1) == 1 && read(go[0], &c, 1) == 1)
			failures = write_rows(mine, 1);
		store_close(mine);
		_exit(failures == 0 ? 0 : 1);
	}
	ck_assert_int_eq(read(ready[0], &c, 1), 1);
	store_close(st);
	ck_assert_int_eq(write(go[1], "g", 1), 1);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	st = open_store();
	ck_assert_uint_eq(count_objects(st, &scope, 1), 2 + ROWS_PER_WRITER);
	store_close(st);
	close(ready[0]);
	close(ready[1]);
	close(go[0]);
	close(go[1]);
}
END_TEST

/* Both processes find no file and race through creation, WAL switch and
 * migration; repeated because each round hits the race differently. */
START_TEST(test_two_processes_creating_a_store_at_once_both_open)
{
	char *fresh = NULL;
	store_t *st;
	int round, status;
	pid_t pid;

	for (round = 0; round < 25; round++) {
		ck_assert_int_ge(asprintf(&fresh, "sqlite:%s/r%d/store.sqlite",
					  dir, round),
				 0);
		pid = fork();
		ck_assert_int_ge(pid, 0);
		if (pid == 0) {
			store_t *mine = NULL;
			store_rc_t rc = store_open(fresh, &mine);

			store_close(mine);
			_exit(rc == STORE_OK ? 0 : 1);
		}
		st = NULL;
		ck_assert_int_eq(store_open(fresh, &st), STORE_OK);
		store_close(st);
		ck_assert_int_eq(waitpid(pid, &status, 0), pid);
		ck_assert(WIFEXITED(status));
		ck_assert_int_eq(WEXITSTATUS(status), 0);
		free(fresh);
	}
}
END_TEST

/* The child reports through a pipe, not its exit status: the parent's
 * connection it inherited may stay allocated in it by design (when a
 * parent thread held it at fork time), which a leak checker following
 * the child would count against its exit status. */
START_TEST(test_inherited_handle_is_refused_in_child_which_opens_its_own)
{
	store_t *st = open_store();
	int fds[2], status;
	char verdict = 0;
	pid_t pid;

	ck_assert_int_eq(insert_one(st, &scope, 1, "k", "x"), STORE_OK);
	ck_assert_int_eq(pipe(fds), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		store_t *mine = NULL;
		char ok = insert_one(st, &scope, 1, "bad", "y") == STORE_E_IO;

		store_close(st);
		ok = ok && store_open(uri, &mine) == STORE_OK &&
		     insert_one(mine, &scope, 1, "child", "z") == STORE_OK;
		store_close(mine);
		if (write(fds[1], &ok, 1) != 1)
			_exit(2);
		_exit(0);
	}
	close(fds[1]);
	ck_assert_int_eq(read(fds[0], &verdict, 1), 1);
	close(fds[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_int_eq(verdict, 1);
	/* The parent's handle is intact and sees the child's row. */
	ck_assert_uint_eq(count_objects(st, &scope, 1), 2);
	ck_assert_int_eq(insert_one(st, &scope, 1, "after", "w"), STORE_OK);
	store_close(st);
}
END_TEST

START_TEST(test_uri_forms)
{
	store_t *st = NULL;
	char *canon = NULL;

	ck_assert_int_eq(store_uri_canonical("/a/b.sqlite", &canon), STORE_OK);
	ck_assert_str_eq(canon, "sqlite:/a/b.sqlite");
	free(canon);
	ck_assert_int_eq(store_uri_canonical("sqlite:/a/b", &canon), STORE_OK);
	ck_assert_str_eq(canon, "sqlite:/a/b");
	free(canon);
	ck_assert_int_eq(store_uri_canonical("a/b", &canon), STORE_E_ARGS);
	ck_assert_int_eq(store_uri_canonical("sqlite:a/b", &canon),
			 STORE_E_ARGS);
	ck_assert_int_eq(store_uri_canonical("sqlite:", &canon), STORE_E_ARGS);
	ck_assert_int_eq(store_uri_canonical("postgresql://db", &canon),
			 STORE_E_ARGS);
	ck_assert_ptr_null(canon);
	ck_assert_int_eq(store_open("relative.sqlite", &st), STORE_E_ARGS);
	ck_assert_ptr_null(st);
	/* A bare absolute path opens SQLite. */
	ck_assert_int_eq(store_open(path, &st), STORE_OK);
	store_close(st);
	store_close(NULL);
}
END_TEST

START_TEST(test_bad_arguments_are_refused)
{
	store_t *st = open_store();
	store_scope_t half = {"svc", NULL};
	store_object_t *objs;
	size_t n;

	ck_assert_int_eq(store_list_objects(st, &half, 1, &objs, &n),
			 STORE_E_ARGS);
	ck_assert_int_eq(store_list_objects(st, NULL, 1, &objs, &n),
			 STORE_E_ARGS);
	ck_assert_int_eq(store_insert_objects(st, &scope, NULL, 1),
			 STORE_E_ARGS);
	ck_assert_int_eq(store_insert_objects(st, &scope, NULL, 0), STORE_OK);
	ck_assert_int_eq(store_list_objects(NULL, &scope, 1, &objs, &n),
			 STORE_E_ARGS);
	ck_assert_int_eq(store_changed(st, NULL), STORE_E_ARGS);
	store_close(st);
}
END_TEST

START_TEST(test_every_rc_has_a_message)
{
	int rc;

	for (rc = STORE_OK; rc <= STORE_E_ARGS; rc++)
		ck_assert_str_ne(store_rc_message((store_rc_t)rc),
				 "unknown store error");
	ck_assert_str_eq(store_rc_message((store_rc_t)99),
			 "unknown store error");
}
END_TEST

static Suite *store_suite(void)
{
	Suite *s = suite_create("mapping-store");
	TCase *tc = tcase_create("store");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_insert_list_update_delete);
	tcase_add_test(tc, test_contents_survive_reopen);
	tcase_add_test(tc, test_failed_multi_insert_leaves_nothing);
	tcase_add_test(tc, test_same_key_name_is_unique_per_class_only);
	tcase_add_test(tc, test_scopes_and_providers_isolate);
	tcase_add_test(tc, test_delete_of_several_ids_is_all_or_nothing);
	tcase_add_test(tc, test_delete_all_clears_one_provider_of_one_scope);
	tcase_add_test(tc, test_token_records_get_and_put);
	tcase_add_test(tc, test_changed_reports_writes_by_another_connection);
	tcase_add_test(tc, test_fresh_store_records_schema_version);
	tcase_add_test(tc, test_newer_schema_is_too_new_and_left_untouched);
	tcase_add_test(tc, test_other_sqlite_database_is_corrupt_and_untouched);
	tcase_add_test(tc, test_garbage_file_is_corrupt);
	tcase_add_test(
		tc, test_new_file_is_0600_in_new_dir_0700_whatever_the_umask);
	tcase_add_test(tc, test_open_existing_file_keeps_its_mode_and_warns);
	tcase_add_test(tc, test_corrupt_attribute_blob_is_corrupt_and_logged);
	tcase_add_test(tc, test_class_that_is_not_an_integer_is_corrupt);
	tcase_add_test(tc, test_key_name_is_for_keys_only);
	tcase_add_test(tc, test_corrupt_token_record_is_corrupt);
	tcase_add_test(tc, test_write_lock_held_past_timeout_is_busy);
	tcase_add_test(tc,
		       test_two_threads_with_own_handles_write_without_loss);
	tcase_add_test(tc,
		       test_two_threads_sharing_a_handle_write_without_loss);
	tcase_add_test(tc, test_forked_child_and_parent_write_without_loss);
	tcase_add_test(tc,
		       test_child_writes_survive_the_parent_closing_its_store);
	tcase_add_test(tc,
		       test_two_processes_creating_a_store_at_once_both_open);
	tcase_add_test(
		tc,
		test_inherited_handle_is_refused_in_child_which_opens_its_own);
	tcase_add_test(tc, test_uri_forms);
	tcase_add_test(tc, test_bad_arguments_are_refused);
	tcase_add_test(tc, test_every_rc_has_a_message);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(store_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
