/* test_workdir.c - see test_workdir.h. */
#include "test_workdir.h"

#include <check.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

static char workdir[PATH_MAX];

void test_workdir_create(void)
{
	snprintf(workdir, sizeof(workdir), "/tmp/parsec-unit-XXXXXX");
	if (!mkdtemp(workdir)) {
		perror("test_workdir_create");
		abort();
	}
}

static int remove_entry(const char *path, const struct stat *st, int type,
			struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	remove(path);
	return 0;
}

void test_workdir_remove(void)
{
	if (workdir[0])
		nftw(workdir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
	workdir[0] = 0;
}

void test_workdir_mkdtemp(char *out, size_t size, const char *prefix)
{
	int n = snprintf(out, size, "%s/%s-XXXXXX",
			 workdir[0] ? workdir : "/tmp", prefix);

	ck_assert(n > 0 && (size_t)n < size);
	ck_assert_ptr_nonnull(mkdtemp(out));
}
