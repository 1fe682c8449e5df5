/* reqlog.c - the request log. */
#include "reqlog.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dispatch.h"

struct fake_reqlog {
	pthread_mutex_t lock;
	FILE *fp;
};

static const char *const auth_names[] = {"none", "direct", "jwt", "unix",
					 "jwt-svid"};

fake_reqlog_t *reqlog_open(const char *path)
{
	fake_reqlog_t *log = calloc(1, sizeof(*log));

	if (!log)
		return NULL;
	log->fp = fopen(path, "a");
	if (!log->fp) {
		fake_warn("cannot open log %s: %s", path, strerror(errno));
		free(log);
		return NULL;
	}
	setvbuf(log->fp, NULL, _IOLBF, 0);
	pthread_mutex_init(&log->lock, NULL);
	return log;
}

void reqlog_close(fake_reqlog_t *log)
{
	if (!log)
		return;
	fclose(log->fp);
	pthread_mutex_destroy(&log->lock);
	free(log);
}

/* Application names are the caller's text: keep the line one line. */
static void put_name(FILE *fp, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f || c == '\\' || c == ' ')
			fprintf(fp, "\\x%02x", c);
		else
			fputc(c, fp);
	}
}

void reqlog_write(fake_reqlog_t *log, const wire_header_t *h, const char *app,
		  fake_status_t status)
{
	const char *name = h ? dispatch_opcode_name(h->opcode) : NULL;

	if (!log)
		return;
	pthread_mutex_lock(&log->lock);
	if (name)
		fprintf(log->fp, "opcode=%s", name);
	else if (h)
		fprintf(log->fp, "opcode=0x%x", h->opcode);
	else
		fputs("opcode=?", log->fp);
	if (h)
		fprintf(log->fp, " provider=%u auth=%s", h->provider,
			h->auth_type <= 4 ? auth_names[h->auth_type] : "?");
	fputs(" app=", log->fp);
	if (app)
		put_name(log->fp, app);
	else
		fputc('-', log->fp);
	fprintf(log->fp, " status=%u\n", status);
	pthread_mutex_unlock(&log->lock);
}
