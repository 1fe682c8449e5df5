/*
 * test-mapping-util.c - temp directories and log capture for the mapping/
 * unit tests.
 */
#include <ftw.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parsec/parsec.h"
#include "tests/unit/test-mapping-util.h"

char *test_tmpdir_make(void)
{
	const char *base = getenv("TMPDIR");
	char *dir = NULL;

	if (base == NULL || base[0] != '/')
		base = "/tmp";
	if (asprintf(&dir, "%s/parsec-pkcs11-test-XXXXXX", base) < 0)
		return NULL;
	if (mkdtemp(dir) == NULL) {
		free(dir);
		return NULL;
	}
	return dir;
}

static int remove_entry(const char *path, const struct stat *st, int flag,
			struct FTW *ftw)
{
	return remove(path);
}

void test_tmpdir_remove(char *dir)
{
	if (dir != NULL)
		nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

char *test_path(const char *dir, const char *name)
{
	char *path = NULL;

	if (asprintf(&path, "%s/%s", dir, name) < 0)
		return NULL;
	return path;
}

int test_write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	int rc;

	if (fp == NULL)
		return -1;
	rc = fputs(text, fp) < 0 ? -1 : 0;
	return fclose(fp) != 0 ? -1 : rc;
}

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static char *log_text;
static size_t log_len;

static void capture(parsec_log_level_t level, const char *msg, void *ctx)
{
	size_t n = strlen(msg);
	char *p;

	pthread_mutex_lock(&log_lock);
	p = realloc(log_text, log_len + n + 2);
	if (p != NULL) {
		memcpy(p + log_len, msg, n);
		p[log_len + n] = '\n';
		p[log_len + n + 1] = '\0';
		log_text = p;
		log_len += n + 1;
	}
	pthread_mutex_unlock(&log_lock);
}

void test_log_start(void)
{
	parsec_log_set_level(PARSEC_LOG_DEBUG);
	parsec_log_set_handler(capture, NULL);
}

int test_log_contains(const char *needle)
{
	int found;

	pthread_mutex_lock(&log_lock);
	found = log_text != NULL && strstr(log_text, needle) != NULL;
	pthread_mutex_unlock(&log_lock);
	return found;
}

void test_log_stop(void)
{
	parsec_log_set_handler(NULL, NULL);
	pthread_mutex_lock(&log_lock);
	free(log_text);
	log_text = NULL;
	log_len = 0;
	pthread_mutex_unlock(&log_lock);
}
