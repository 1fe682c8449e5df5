/* faults.c - the --control file (see faults.h for its format). */
#include "faults.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CONTROL_MAX 4096

struct fake_faults {
	pthread_mutex_t lock;
	char *path;
	char *seen; /* content the remaining count belongs to */
	long remaining;
};

typedef struct control {
	fake_fault_t fault;
	int has_opcode;
	uint32_t opcode;
	int has_count;
	long count;
} control_t;

fake_faults_t *faults_new(const char *path)
{
	fake_faults_t *f = calloc(1, sizeof(*f));

	if (!f)
		return NULL;
	f->path = strdup(path);
	if (!f->path) {
		free(f);
		return NULL;
	}
	pthread_mutex_init(&f->lock, NULL);
	return f;
}

void faults_free(fake_faults_t *f)
{
	if (!f)
		return;
	pthread_mutex_destroy(&f->lock);
	free(f->path);
	free(f->seen);
	free(f);
}

/* The file's content, "" when absent. NULL on allocation failure. */
static char *read_control(const char *path)
{
	char *buf = calloc(1, CONTROL_MAX + 1);
	FILE *fp;

	if (!buf)
		return NULL;
	fp = fopen(path, "r");
	if (fp) {
		size_t n = fread(buf, 1, CONTROL_MAX, fp);

		buf[n] = 0;
		fclose(fp);
	}
	return buf;
}

static int parse_number(const char *s, long *out)
{
	char *end;
	long v = strtol(s, &end, 0);

	while (*end == ' ' || *end == '\t' || *end == '\r')
		end++;
	if (end == s || *end || v < 0)
		return -1;
	*out = v;
	return 0;
}

static void parse_line(char *line, control_t *c)
{
	char *eq = strchr(line, '='), *key = line;
	long v;

	if (!eq)
		return;
	*eq = 0;
	while (*key == ' ' || *key == '\t')
		key++;
	for (char *e = eq - 1; e >= key && (*e == ' ' || *e == '\t'); e--)
		*e = 0;
	if (parse_number(eq + 1, &v) != 0) {
		fake_warn("control: bad value for %s", key);
		return;
	}
	if (strcmp(key, "delay_ms") == 0)
		c->fault.delay_ms = (unsigned)(v > 600000 ? 600000 : v);
	else if (strcmp(key, "drop") == 0)
		c->fault.drop = v != 0;
	else if (strcmp(key, "garbage") == 0)
		c->fault.garbage = v != 0;
	else if (strcmp(key, "status") == 0 && v <= 0xffff) {
		c->fault.has_status = 1;
		c->fault.status = (fake_status_t)v;
	} else if (strcmp(key, "opcode") == 0) {
		c->has_opcode = 1;
		c->opcode = (uint32_t)v;
	} else if (strcmp(key, "count") == 0) {
		c->has_count = 1;
		c->count = v;
	} else {
		fake_warn("control: unknown switch %s", key);
	}
}

static void parse_control(char *text, control_t *c)
{
	char *save = NULL;

	memset(c, 0, sizeof(*c));
	for (char *l = strtok_r(text, "\n", &save); l;
	     l = strtok_r(NULL, "\n", &save)) {
		char *hash = strchr(l, '#');

		if (hash)
			*hash = 0;
		parse_line(l, c);
	}
}

/* Takes one from the count of this content; 0 when it is used up. */
static int count_allows(fake_faults_t *f, const char *content, long count)
{
	int allow;

	pthread_mutex_lock(&f->lock);
	if (!f->seen || strcmp(f->seen, content) != 0) {
		free(f->seen);
		f->seen = strdup(content);
		f->remaining = count;
	}
	allow = f->remaining > 0;
	if (allow)
		f->remaining--;
	pthread_mutex_unlock(&f->lock);
	return allow;
}

void faults_take(fake_faults_t *f, uint32_t opcode, fake_fault_t *out)
{
	char *content, *copy;
	control_t c;

	memset(out, 0, sizeof(*out));
	if (!f)
		return;
	content = read_control(f->path);
	copy = content ? strdup(content) : NULL;
	if (!copy)
		goto out;
	parse_control(copy, &c);
	if (c.has_opcode && c.opcode != opcode)
		goto out;
	if (c.has_count && !count_allows(f, content, c.count))
		goto out;
	*out = c.fault;
out:
	free(copy);
	free(content);
}
