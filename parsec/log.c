/*
 * log.c - one log destination for the whole module.
 *
 * The handler and its context change together under a lock; a line is
 * formatted on the stack first, so that the handler is called without any
 * lock held (it may log itself, or take its own locks).
 */
#include "parsec/parsec.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>

#define LOG_LINE_MAX 1024

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static parsec_log_fn log_fn;
static void *log_ctx;
static atomic_int log_level = PARSEC_LOG_WARNING;

void parsec_log_set_handler(parsec_log_fn fn, void *ctx)
{
	pthread_mutex_lock(&log_lock);
	log_fn = fn;
	log_ctx = ctx;
	pthread_mutex_unlock(&log_lock);
}

void parsec_log_set_level(parsec_log_level_t level)
{
	atomic_store(&log_level, (int)level);
}

void parsec_log(parsec_log_level_t level, const char *fmt, ...)
{
	int saved_errno = errno; /* callers may format with %m */
	char line[LOG_LINE_MAX];
	parsec_log_fn fn;
	void *ctx;
	va_list ap;

	if ((int)level > atomic_load(&log_level))
		return;
	pthread_mutex_lock(&log_lock);
	fn = log_fn;
	ctx = log_ctx;
	pthread_mutex_unlock(&log_lock);
	if (!fn)
		goto out;

	errno = saved_errno;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	fn(level, line, ctx);
out:
	errno = saved_errno;
}
