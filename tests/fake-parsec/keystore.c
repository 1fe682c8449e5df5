/* keystore.c - the double's key store and its --store file.
 *
 * File format (text, one key a line, fields hex-encoded behind an 'x' so
 * that none is empty):
 *   fake-parsecd-store 1
 *   key <provider> <auth type> x<owner> x<name> x<KeyAttributes> x<data>
 */
#include "keystore.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STORE_MAGIC "fake-parsecd-store 1"

typedef struct entry {
	uint8_t auth_type;
	uint8_t provider;
	char *owner;
	char *name;
	fake_key_t key;
} entry_t;

struct fake_keystore {
	pthread_mutex_t lock;
	char *path; /* NULL: memory only */
	entry_t *entries;
	size_t count;
};

void keystore_key_clear(fake_key_t *key)
{
	fake_buf_free(&key->attrs_pb);
	fake_buf_clear(&key->data);
}

static void entry_clear(entry_t *e)
{
	free(e->owner);
	free(e->name);
	keystore_key_clear(&e->key);
}

static int key_copy(fake_key_t *dst, const fake_key_t *src)
{
	memset(dst, 0, sizeof(*dst));
	dst->attrs = src->attrs;
	if (fake_buf_set(&dst->attrs_pb, src->attrs_pb.data,
			 src->attrs_pb.len) != 0 ||
	    fake_buf_set(&dst->data, src->data.data, src->data.len) != 0) {
		keystore_key_clear(dst);
		return -1;
	}
	return 0;
}

static entry_t *find(fake_keystore_t *ks, const fake_key_id_t *id)
{
	for (size_t i = 0; i < ks->count; i++) {
		entry_t *e = &ks->entries[i];

		if (e->auth_type == id->auth_type &&
		    e->provider == id->provider &&
		    strcmp(e->owner, id->owner) == 0 &&
		    strcmp(e->name, id->name) == 0)
			return e;
	}
	return NULL;
}

/* ---- file encoding ---------------------------------------------- */

static int write_hex(FILE *f, const uint8_t *p, size_t n)
{
	if (fputc('x', f) == EOF)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (fprintf(f, "%02x", p[i]) < 0)
			return -1;
	return 0;
}

static int write_entry(FILE *f, const entry_t *e)
{
	if (fprintf(f, "key %u %u ", e->provider, e->auth_type) < 0 ||
	    write_hex(f, (const uint8_t *)e->owner, strlen(e->owner)) ||
	    fputc(' ', f) == EOF ||
	    write_hex(f, (const uint8_t *)e->name, strlen(e->name)) ||
	    fputc(' ', f) == EOF ||
	    write_hex(f, e->key.attrs_pb.data, e->key.attrs_pb.len) ||
	    fputc(' ', f) == EOF ||
	    write_hex(f, e->key.data.data, e->key.data.len) ||
	    fputc('\n', f) == EOF)
		return -1;
	return 0;
}

/* Writes the whole store next to the file and renames it over. */
static int save(fake_keystore_t *ks)
{
	char *tmp = NULL;
	FILE *f = NULL;
	int fd = -1, rc = -1;

	if (!ks->path)
		return 0;
	if (asprintf(&tmp, "%s.tmp.XXXXXX", ks->path) < 0) {
		tmp = NULL;
		goto out;
	}
	fd = mkstemp(tmp);
	if (fd < 0 || fchmod(fd, 0600) != 0)
		goto out;
	f = fdopen(fd, "w");
	if (!f)
		goto out;
	fd = -1;
	if (fprintf(f, "%s\n", STORE_MAGIC) < 0)
		goto out;
	for (size_t i = 0; i < ks->count; i++)
		if (write_entry(f, &ks->entries[i]) != 0)
			goto out;
	if (fflush(f) != 0 || fsync(fileno(f)) != 0)
		goto out;
	if (fclose(f) != 0) {
		f = NULL;
		goto out;
	}
	f = NULL;
	if (rename(tmp, ks->path) != 0)
		goto out;
	rc = 0;
out:
	if (rc != 0)
		fake_warn("cannot write store %s: %s", ks->path,
			  strerror(errno));
	if (f)
		fclose(f);
	if (fd >= 0)
		close(fd);
	if (rc != 0 && tmp)
		unlink(tmp);
	free(tmp);
	return rc;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static int parse_hex(const char *s, fake_buf_t *out)
{
	size_t n;

	if (!s || s[0] != 'x' || strlen(s + 1) % 2)
		return -1;
	s++;
	n = strlen(s) / 2;
	out->data = malloc(n + 1);
	if (!out->data)
		return -1;
	out->len = n;
	for (size_t i = 0; i < n; i++) {
		int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out->data[i] = (uint8_t)(hi << 4 | lo);
	}
	out->data[n] = 0;
	return 0;
}

static int parse_string(const char *s, char **out)
{
	fake_buf_t b = {0};

	if (parse_hex(s, &b) != 0 || memchr(b.data, 0, b.len)) {
		fake_buf_free(&b);
		return -1;
	}
	*out = (char *)b.data;
	return 0;
}

static int parse_attrs(fake_key_t *key)
{
	PsaKeyAttributes__KeyAttributes *pb =
		psa_key_attributes__key_attributes__unpack(
			NULL, key->attrs_pb.len, key->attrs_pb.data);
	int rc;

	if (!pb)
		return -1;
	rc = attrs_from_proto(pb, &key->attrs) == FAKE_OK ? 0 : -1;
	psa_key_attributes__key_attributes__free_unpacked(pb, NULL);
	return rc;
}

static int parse_line(char *line, entry_t *e)
{
	char *save = NULL, *f[7];
	unsigned provider, auth;
	char extra;

	memset(e, 0, sizeof(*e));
	for (int i = 0; i < 7; i++)
		f[i] = strtok_r(i ? NULL : line, " \n", &save);
	if (!f[6] || strtok_r(NULL, " \n", &save) || strcmp(f[0], "key") ||
	    sscanf(f[1], "%u%c", &provider, &extra) != 1 ||
	    sscanf(f[2], "%u%c", &auth, &extra) != 1 || provider > 5 ||
	    auth > 4)
		return -1;
	e->provider = (uint8_t)provider;
	e->auth_type = (uint8_t)auth;
	if (parse_string(f[3], &e->owner) || parse_string(f[4], &e->name) ||
	    parse_hex(f[5], &e->key.attrs_pb) ||
	    parse_hex(f[6], &e->key.data) || parse_attrs(&e->key))
		return -1;
	return 0;
}

static int append(fake_keystore_t *ks, const entry_t *e)
{
	entry_t *n = realloc(ks->entries, (ks->count + 1) * sizeof(*n));

	if (!n)
		return -1;
	ks->entries = n;
	ks->entries[ks->count++] = *e;
	return 0;
}

static int load(fake_keystore_t *ks, FILE *f)
{
	char *line = NULL;
	size_t cap = 0;
	unsigned lineno = 0;
	int rc = -1;

	while (getline(&line, &cap, f) > 0) {
		entry_t e;

		lineno++;
		if (lineno == 1) {
			if (strcmp(line, STORE_MAGIC "\n") != 0)
				goto bad;
			continue;
		}
		if (parse_line(line, &e) != 0 ||
		    find(ks, &(fake_key_id_t){e.auth_type, e.owner, e.provider,
					      e.name})) {
			entry_clear(&e);
			goto bad;
		}
		if (append(ks, &e) != 0) {
			entry_clear(&e);
			goto out;
		}
	}
	if (lineno == 0 && !feof(f))
		goto bad;
	rc = 0;
	goto out;
bad:
	fake_warn("store %s is corrupt (line %u); refusing to start", ks->path,
		  lineno);
out:
	free(line);
	return rc;
}

int keystore_open(const char *path, fake_keystore_t **out)
{
	fake_keystore_t *ks = calloc(1, sizeof(*ks));
	FILE *f;

	if (!ks)
		return -1;
	pthread_mutex_init(&ks->lock, NULL);
	*out = ks;
	if (!path)
		return 0;
	ks->path = strdup(path);
	if (!ks->path)
		goto fail;
	f = fopen(path, "r");
	if (!f) {
		if (errno == ENOENT)
			return 0;
		fake_warn("cannot read store %s: %s", path, strerror(errno));
		goto fail;
	}
	if (load(ks, f) != 0) {
		fclose(f);
		goto fail;
	}
	fclose(f);
	return 0;
fail:
	keystore_close(ks);
	*out = NULL;
	return -1;
}

void keystore_close(fake_keystore_t *ks)
{
	if (!ks)
		return;
	for (size_t i = 0; i < ks->count; i++)
		entry_clear(&ks->entries[i]);
	free(ks->entries);
	free(ks->path);
	pthread_mutex_destroy(&ks->lock);
	free(ks);
}

/* ---- operations -------------------------------------------------- */

fake_status_t keystore_check_absent(fake_keystore_t *ks,
				    const fake_key_id_t *id)
{
	fake_status_t st;

	pthread_mutex_lock(&ks->lock);
	st = find(ks, id) ? FAKE_ST(PSA_ERROR_ALREADY_EXISTS) : FAKE_OK;
	pthread_mutex_unlock(&ks->lock);
	return st;
}

fake_status_t keystore_get(fake_keystore_t *ks, const fake_key_id_t *id,
			   fake_key_t *out)
{
	fake_status_t st = FAKE_ST(PSA_ERROR_DOES_NOT_EXIST);
	entry_t *e;

	pthread_mutex_lock(&ks->lock);
	e = find(ks, id);
	if (e)
		st = key_copy(out, &e->key) == 0
			     ? FAKE_OK
			     : FAKE_ST(PSA_ERROR_INSUFFICIENT_MEMORY);
	pthread_mutex_unlock(&ks->lock);
	return st;
}

fake_status_t keystore_insert(fake_keystore_t *ks, const fake_key_id_t *id,
			      const fake_key_t *key)
{
	fake_status_t st = FAKE_ST(PSA_ERROR_INSUFFICIENT_MEMORY);
	entry_t e = {.auth_type = id->auth_type, .provider = id->provider};

	pthread_mutex_lock(&ks->lock);
	if (find(ks, id)) {
		st = FAKE_ST(PSA_ERROR_ALREADY_EXISTS);
		goto out;
	}
	e.owner = strdup(id->owner);
	e.name = strdup(id->name);
	if (!e.owner || !e.name || key_copy(&e.key, key) != 0 ||
	    append(ks, &e) != 0) {
		entry_clear(&e);
		goto out;
	}
	st = FAKE_OK;
	if (save(ks) != 0) {
		entry_clear(&ks->entries[--ks->count]);
		st = FAKE_ST(PSA_ERROR_STORAGE_FAILURE);
	}
out:
	pthread_mutex_unlock(&ks->lock);
	return st;
}

fake_status_t keystore_remove(fake_keystore_t *ks, const fake_key_id_t *id)
{
	fake_status_t st = FAKE_ST(PSA_ERROR_DOES_NOT_EXIST);
	entry_t *e, removed;
	size_t i;

	pthread_mutex_lock(&ks->lock);
	e = find(ks, id);
	if (!e)
		goto out;
	i = (size_t)(e - ks->entries);
	removed = *e;
	memmove(e, e + 1, (ks->count - i - 1) * sizeof(*e));
	ks->count--;
	if (save(ks) != 0) {
		memmove(ks->entries + i + 1, ks->entries + i,
			(ks->count - i) * sizeof(*e));
		ks->entries[i] = removed;
		ks->count++;
		st = FAKE_ST(PSA_ERROR_STORAGE_FAILURE);
		goto out;
	}
	entry_clear(&removed);
	st = FAKE_OK;
out:
	pthread_mutex_unlock(&ks->lock);
	return st;
}

void keystore_list_free(fake_key_info_t *infos, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		free(infos[i].name);
		fake_buf_free(&infos[i].attrs_pb);
	}
	free(infos);
}

static int info_add(fake_key_info_t *infos, size_t *n, const entry_t *e)
{
	fake_key_info_t *i = &infos[*n];

	memset(i, 0, sizeof(*i));
	i->provider = e->provider;
	i->name = strdup(e->name);
	if (!i->name || fake_buf_set(&i->attrs_pb, e->key.attrs_pb.data,
				     e->key.attrs_pb.len) != 0) {
		free(i->name);
		return -1;
	}
	(*n)++;
	return 0;
}

fake_status_t keystore_list(fake_keystore_t *ks, uint8_t auth_type,
			    const char *owner, fake_key_info_t **out,
			    size_t *count)
{
	fake_key_info_t *infos;
	size_t n = 0;
	int rc = 0;

	pthread_mutex_lock(&ks->lock);
	infos = calloc(ks->count + 1, sizeof(*infos));
	for (unsigned p = 0; infos && rc == 0 && p <= 5; p++)
		for (size_t i = 0; rc == 0 && i < ks->count; i++) {
			const entry_t *e = &ks->entries[i];

			if (e->provider == p && e->auth_type == auth_type &&
			    strcmp(e->owner, owner) == 0)
				rc = info_add(infos, &n, e);
		}
	pthread_mutex_unlock(&ks->lock);
	if (!infos || rc != 0) {
		keystore_list_free(infos, n);
		return FAKE_ST(PSA_ERROR_INSUFFICIENT_MEMORY);
	}
	*out = infos;
	*count = n;
	return FAKE_OK;
}
