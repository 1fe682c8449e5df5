/*
 * test_workdir.h - one private temp dir per test case, for everything the
 * tests write (mock sockets, token files).
 *
 * Create and remove it in an unchecked fixture: those run in the runner's
 * own process, so the dir goes away even when a forked test dies half-way
 * (Check's forked tests leave with _exit() on failure, skipping their
 * teardown).
 */
#ifndef TESTS_UNIT_TEST_WORKDIR_H
#define TESTS_UNIT_TEST_WORKDIR_H

#include <stddef.h>

void test_workdir_create(void);
void test_workdir_remove(void);

/* A new dir "PREFIX-XXXXXX" inside the work dir (or /tmp without one),
 * written to out. Aborts the test on failure. */
void test_workdir_mkdtemp(char *out, size_t size, const char *prefix);

#endif
