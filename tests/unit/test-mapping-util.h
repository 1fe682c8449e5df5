/*
 * test-mapping-util.h - temp directories and log capture for the mapping/
 * unit tests.
 */
#ifndef TEST_MAPPING_UTIL_H
#define TEST_MAPPING_UTIL_H

#include <stddef.h>

/* A fresh directory under $TMPDIR (or /tmp); malloc'd path. */
char *test_tmpdir_make(void);
/* Removes the directory and everything below it, then frees the path. */
void test_tmpdir_remove(char *dir);
/* dir + "/" + name, malloc'd. */
char *test_path(const char *dir, const char *name);
/* Writes text to a file, replacing it. Returns 0 on success. */
int test_write_file(const char *path, const char *text);

/* Captures parsec_log() lines (all levels) until test_log_stop(). */
void test_log_start(void);
/* True when a captured line contains needle. */
int test_log_contains(const char *needle);
void test_log_stop(void);

#endif
