/*
 * cmd_transfer.c - export and import: the mapping as a JSON document, to
 * move it to another host's store.
 *
 *   {
 *     "format": "parsec-pkcs11-mapping",
 *     "version": 1,
 *     "application": "direct:NAME",      (informative)
 *     "service": "unix:/run/parsec/parsec.sock",   (informative)
 *     "objects": [
 *       { "provider": 1, "key_name": "NAME" or null,
 *         "class": "CKO_PRIVATE_KEY",
 *         "attributes": { "CKA_LABEL": "6b6579", ... } }
 *     ]
 *   }
 *
 * Attribute values are encoded as attr_text.c says. Import is strict:
 * every member must be known and well-formed, and the whole file goes
 * into the store in one transaction or not at all.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parsec/utf8.h"
#include "tools/tool.h"

#define FORMAT_NAME "parsec-pkcs11-mapping"
#define FORMAT_VERSION 1
/* More than any object has (PKCS#11 defines about a hundred attribute
 * types); a bound keeps a hostile file from making the attribute list's
 * linear lookups quadratic. */
#define OBJECT_MAX_ATTRIBUTES 1024

static int cmd_export(tool_ctx_t *t, int argc, char **argv);
static int cmd_import(tool_ctx_t *t, int argc, char **argv);

static const tool_command_t transfer_commands[] = {
	{"export", "[FILE]",
	 "Write the mapping (every store object) as JSON to FILE or stdout.",
	 "The file holds this application's objects on this service: "
	 "provider, Parsec key\nname, class and attributes (hex for bytes, "
	 "names for CKO_/CKK_/CKM_ constants).\nIt holds no key material "
	 "(Parsec keeps that) and no PIN record, but it holds\nthe values of "
	 "data objects, private ones too: FILE is created with mode 0600.\n"
	 "No Parsec request is sent (but ListAuthenticators with "
	 "auth=auto).\n",
	 cmd_export},
	{"import", "[--replace] FILE",
	 "Read a mapping written by export into the store.",
	 "The file is checked strictly first; any error stops the import "
	 "with nothing\nwritten. Objects that already exist (same provider, "
	 "key name and class; for\nobjects without a key, same class, "
	 "CKA_LABEL and CKA_ID) are refused unless\n--replace is given, "
	 "which replaces them. All objects go in one store\ntransaction. "
	 "FILE may be - for stdin.\n",
	 cmd_import},
};

const tool_group_t tool_transfer_group = {
	transfer_commands,
	sizeof(transfer_commands) / sizeof(transfer_commands[0]),
};

/* ----- export ------------------------------------------------------ */

static void export_row(json_writer_t *w, const store_object_t *row)
{
	char buf[32];
	size_t i;

	json_begin_object(w, NULL);
	json_u64(w, "provider", row->provider);
	if (row->key_name != NULL)
		json_string(w, "key_name", row->key_name);
	else
		json_null(w, "key_name");
	json_string(w, "class",
		    tool_ck_text(tool_ck_classes, row->cls, buf, sizeof(buf)));
	json_begin_object(w, "attributes");
	for (i = 0; i < row->attrs.count; i++)
		tool_attr_to_json(w, &row->attrs.items[i]);
	json_end_object(w);
	json_end_object(w);
}

static void export_all(FILE *out, const tool_ctx_t *t, const inventory_t *inv)
{
	json_writer_t w;
	size_t i, j;

	json_writer_init(&w, out);
	json_begin_object(&w, NULL);
	json_string(&w, "format", FORMAT_NAME);
	json_u64(&w, "version", FORMAT_VERSION);
	json_string(&w, "application", inv->identity);
	json_string(&w, "service", t->cfg.service_id);
	json_begin_array(&w, "objects");
	for (i = 0; i < inv->n_slots; i++)
		for (j = 0; j < inv->slots[i].n_rows; j++)
			export_row(&w, &inv->slots[i].rows[j]);
	json_end_array(&w);
	json_end_object(&w);
	json_finish(&w);
}

/* An existing regular file keeps its mode on open: narrow it (never a
 * device such as /dev/null). */
static int private_file(int fd)
{
	struct stat st;

	if (fstat(fd, &st) != 0)
		return -1;
	return S_ISREG(st.st_mode) ? fchmod(fd, 0600) : 0;
}

static int cmd_export(tool_ctx_t *t, int argc, char **argv)
{
	const char *path;
	inventory_t inv;
	FILE *out = stdout;
	int nargs, status, fd;

	status = tool_options(&transfer_commands[0], argc, argv, NULL, NULL,
			      &nargs);
	if (status != TOOL_OK)
		return status;
	if (nargs > 1)
		return tool_usage_error(&transfer_commands[0],
					"takes at most one file");
	path = nargs == 1 && strcmp(argv[1], "-") != 0 ? argv[1] : NULL;
	status = tool_inventory(t, 0, &inv);
	if (status != TOOL_OK)
		return status;
	if (path != NULL) {
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		out = fd >= 0 && private_file(fd) == 0 ? fdopen(fd, "w") : NULL;
		if (out == NULL) {
			status = tool_error(t, "cannot write %s: %s", path,
					    strerror(errno));
			if (fd >= 0)
				close(fd);
		}
	}
	if (status == TOOL_OK) {
		export_all(out, t, &inv);
		if (fflush(out) != 0 || ferror(out))
			status = tool_error(t, "cannot write %s: %s",
					    path ? path : "stdout",
					    strerror(errno));
		if (path != NULL && fclose(out) != 0 && status == TOOL_OK)
			status = tool_error(t, "cannot write %s: %s", path,
					    strerror(errno));
	}
	inventory_free(&inv);
	return status;
}

/* ----- reading the file -------------------------------------------- */

static char *read_all(const tool_ctx_t *t, const char *path, size_t *len)
{
	FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	char *buf = NULL, *p;
	size_t cap = 0, n;

	*len = 0;
	if (in == NULL) {
		tool_error(t, "cannot read %s: %s", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		if (*len == cap) {
			cap = cap ? 2 * cap : 65536;
			if (cap > JSON_MAX_INPUT + 1 ||
			    (p = realloc(buf, cap)) == NULL) {
				tool_error(t, "%s: larger than %lu bytes", path,
					   JSON_MAX_INPUT);
				free(buf);
				buf = NULL;
				break;
			}
			buf = p;
		}
		n = fread(buf + *len, 1, cap - *len, in);
		*len += n;
		if (n == 0)
			break;
	}
	if (buf != NULL && ferror(in)) {
		tool_error(t, "cannot read %s: %s", path, strerror(errno));
		free(buf);
		buf = NULL;
	}
	if (in != stdin)
		fclose(in);
	return buf;
}

typedef struct import_err {
	char text[512];
} import_err_t;

static int only_members(const json_value_t *obj, const char *const *names,
			const char *where, import_err_t *e)
{
	size_t i, k;

	for (i = 0; i < obj->n; i++) {
		for (k = 0; names[k] != NULL; k++)
			if (strcmp(obj->names[i], names[k]) == 0)
				break;
		if (names[k] == NULL) {
			snprintf(e->text, sizeof(e->text),
				 "%s: unknown member \"%.60s\" (line %u)",
				 where, obj->names[i], obj->items[i]->line);
			return -1;
		}
	}
	for (k = 0; names[k] != NULL; k++)
		if (json_member(obj, names[k]) == NULL) {
			snprintf(e->text, sizeof(e->text),
				 "%s: member \"%s\" is missing (line %u)",
				 where, names[k], obj->line);
			return -1;
		}
	return 0;
}

static int row_error(import_err_t *e, size_t i, const json_value_t *v,
		     const char *what)
{
	snprintf(e->text, sizeof(e->text), "objects[%zu] (line %u): %s", i,
		 v->line, what);
	return -1;
}

static int is_key_class(CK_OBJECT_CLASS cls)
{
	return cls == CKO_PRIVATE_KEY || cls == CKO_PUBLIC_KEY ||
	       cls == CKO_SECRET_KEY;
}

static int row_class(const json_value_t *v, CK_OBJECT_CLASS *cls)
{
	return v->type == JSON_STRING &&
			       tool_ck_value(tool_ck_classes, v->text, cls) ==
				       0 &&
			       (is_key_class(*cls) || *cls == CKO_DATA ||
				*cls == CKO_CERTIFICATE)
		       ? 0
		       : -1;
}

static int row_key_name(const json_value_t *v, CK_OBJECT_CLASS cls, char **name,
			const char **why)
{
	*name = NULL;
	if (v->type == JSON_NULL) {
		*why = "a private or secret key needs its Parsec key name";
		return cls == CKO_PRIVATE_KEY || cls == CKO_SECRET_KEY ? -1 : 0;
	}
	*why = "key_name must be a non-empty string or null";
	if (v->type != JSON_STRING || v->len == 0)
		return -1;
	*why = "only keys have a Parsec key name";
	if (!is_key_class(cls))
		return -1;
	*name = strdup(v->text);
	*why = "out of memory";
	return *name != NULL ? 0 : -1;
}

/* The attributes member, checked as the store will hold it. */
static int row_attributes(const json_value_t *v, store_object_t *row, size_t i,
			  import_err_t *e)
{
	char what[300];
	uint8_t *blob;
	size_t k, len;

	if (v->type != JSON_OBJECT)
		return row_error(e, i, v, "attributes must be an object");
	if (v->n > OBJECT_MAX_ATTRIBUTES)
		return row_error(e, i, v,
				 "more attributes than an object can have");
	for (k = 0; k < v->n; k++)
		if (tool_attr_from_json(v->names[k], v->items[k], &row->attrs,
					what, sizeof(what)) != 0)
			return row_error(e, i, v->items[k], what);
	if (attr_list_get_ulong(&row->attrs, CKA_CLASS, row->cls) != row->cls)
		return row_error(e, i, v, "CKA_CLASS differs from class");
	if (is_key_class(row->cls) &&
	    attr_list_get(&row->attrs, CKA_KEY_TYPE) == NULL)
		return row_error(e, i, v, "a key needs CKA_KEY_TYPE");
	if (attr_list_encode(&row->attrs, &blob, &len) != CKR_OK)
		return row_error(e, i, v,
				 "an attribute value has the wrong "
				 "length for its type");
	free(blob);
	return 0;
}

static int one_row(const json_value_t *v, size_t i, store_object_t *row,
		   import_err_t *e)
{
	static const char *const members[] = {"provider", "key_name", "class",
					      "attributes", NULL};
	char where[48];
	const char *why;
	uint64_t provider;

	snprintf(where, sizeof(where), "objects[%zu]", i);
	if (v->type != JSON_OBJECT)
		return row_error(e, i, v, "expected an object");
	if (only_members(v, members, where, e) != 0)
		return -1;
	if (json_to_u64(json_member(v, "provider"), 255, &provider) != 0 ||
	    provider == 0)
		return row_error(e, i, json_member(v, "provider"),
				 "provider must be a number from 1 to 255");
	row->provider = (uint8_t)provider;
	if (row_class(json_member(v, "class"), &row->cls) != 0)
		return row_error(e, i, json_member(v, "class"),
				 "class must be CKO_PRIVATE_KEY, "
				 "CKO_PUBLIC_KEY, CKO_SECRET_KEY, "
				 "CKO_CERTIFICATE or CKO_DATA");
	if (row_key_name(json_member(v, "key_name"), row->cls, &row->key_name,
			 &why) != 0)
		return row_error(e, i, json_member(v, "key_name"), why);
	return row_attributes(json_member(v, "attributes"), row, i, e);
}

static int same_key(const store_object_t *a, const store_object_t *b)
{
	return a->key_name != NULL && b->key_name != NULL &&
	       a->provider == b->provider && a->cls == b->cls &&
	       strcmp(a->key_name, b->key_name) == 0;
}

static int same_bytes(const store_object_t *a, const store_object_t *b,
		      CK_ATTRIBUTE_TYPE type)
{
	const attr_t *x = attr_list_get(&a->attrs, type);
	const attr_t *y = attr_list_get(&b->attrs, type);

	if (x == NULL || y == NULL)
		return x == y;
	return x->len == y->len &&
	       (x->len == 0 || memcmp(x->value, y->value, x->len) == 0);
}

typedef struct key_ref {
	const store_object_t *row;
	size_t i;
} key_ref_t;

static int by_key_then_place(const void *a, const void *b)
{
	const key_ref_t *x = a, *y = b;
	int c = strcmp(x->row->key_name, y->row->key_name);

	if (c == 0)
		c = (x->row->provider > y->row->provider) -
		    (x->row->provider < y->row->provider);
	if (c == 0)
		c = (x->row->cls > y->row->cls) - (x->row->cls < y->row->cls);
	if (c == 0)
		c = (x->i > y->i) - (x->i < y->i);
	return c;
}

/* 1 and *at = the first object whose key and class an earlier object
 * has, 0 when none does, -1 out of memory. Sorted: a file may hold many
 * objects. */
static int repeated_key(const store_object_t *rows, size_t n, size_t *at)
{
	key_ref_t *refs = calloc(n ? n : 1, sizeof(*refs));
	size_t i, k = 0;
	int found = 0;

	if (refs == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (rows[i].key_name != NULL)
			refs[k++] = (key_ref_t){&rows[i], i};
	qsort(refs, k, sizeof(*refs), by_key_then_place);
	for (i = 1; i < k; i++)
		if (same_key(refs[i - 1].row, refs[i].row) &&
		    (!found || refs[i].i < *at)) {
			*at = refs[i].i;
			found = 1;
		}
	free(refs);
	return found;
}

/* The identity import compares: the key, or class, label and id. */
static int same_object(const store_object_t *a, const store_object_t *b)
{
	if (a->key_name != NULL || b->key_name != NULL)
		return same_key(a, b);
	return a->provider == b->provider && a->cls == b->cls &&
	       same_bytes(a, b, CKA_LABEL) && same_bytes(a, b, CKA_ID);
}

static int parse_rows(const json_value_t *doc, store_object_t **rows, size_t *n,
		      import_err_t *e)
{
	static const char *const members[] = {
		"format", "version", "application", "service", "objects", NULL};
	const json_value_t *objs, *f;
	uint64_t version;
	size_t i;

	*rows = NULL;
	*n = 0;
	if (doc->type != JSON_OBJECT) {
		snprintf(e->text, sizeof(e->text),
			 "the document must be a JSON object");
		return -1;
	}
	if (only_members(doc, members, "document", e) != 0)
		return -1;
	f = json_member(doc, "format");
	if (f->type != JSON_STRING || strcmp(f->text, FORMAT_NAME) != 0 ||
	    json_to_u64(json_member(doc, "version"), UINT64_MAX, &version) !=
		    0 ||
	    version != FORMAT_VERSION) {
		snprintf(e->text, sizeof(e->text),
			 "not a parsec-pkcs11 mapping of version %d (format "
			 "\"%s\", version %d expected)",
			 FORMAT_VERSION, FORMAT_NAME, FORMAT_VERSION);
		return -1;
	}
	if (json_member(doc, "application")->type != JSON_STRING ||
	    json_member(doc, "service")->type != JSON_STRING) {
		snprintf(e->text, sizeof(e->text),
			 "application and service must be strings");
		return -1;
	}
	objs = json_member(doc, "objects");
	if (objs->type != JSON_ARRAY) {
		snprintf(e->text, sizeof(e->text), "objects must be an array");
		return -1;
	}
	*rows = calloc(objs->n ? objs->n : 1, sizeof(**rows));
	if (*rows == NULL) {
		snprintf(e->text, sizeof(e->text), "out of memory");
		return -1;
	}
	for (i = 0; i < objs->n; i++) {
		(*n)++;
		if (one_row(objs->items[i], i, &(*rows)[i], e) != 0)
			return -1;
	}
	switch (repeated_key(*rows, *n, &i)) {
	case 0:
		return 0;
	case 1:
		return row_error(e, i, objs->items[i],
				 "the same key and class as an earlier object");
	default:
		snprintf(e->text, sizeof(e->text), "out of memory");
		return -1;
	}
}

/* ----- writing ----------------------------------------------------- */

/* Store rows an imported row would collide with, as delete ids: each
 * stored row once, however many imported rows match it (objects without
 * a key may share class, label and id). */
static int find_conflicts(const tool_ctx_t *t, const inventory_t *inv,
			  const store_object_t *rows, size_t n, int replace,
			  int64_t **ids, size_t *n_ids)
{
	const store_object_t *row;
	size_t i, j, k, total = 0;

	for (i = 0; i < inv->n_slots; i++)
		total += inv->slots[i].n_rows;
	*n_ids = 0;
	*ids = calloc(total ? total : 1, sizeof(**ids));
	if (*ids == NULL)
		return tool_error(t, "out of memory");
	for (i = 0; i < inv->n_slots; i++)
		for (j = 0; j < inv->slots[i].n_rows; j++) {
			row = &inv->slots[i].rows[j];
			for (k = 0; k < n && !same_object(&rows[k], row); k++)
				;
			if (k == n)
				continue;
			if (!replace)
				fprintf(stderr,
					"parsec-pkcs11 import: exists: %s on "
					"provider %u%s%s%s\n",
					tool_class_text(row->cls),
					row->provider,
					row->key_name ? ", Parsec key \"" : "",
					row->key_name ? row->key_name : "",
					row->key_name ? "\"" : "");
			(*ids)[(*n_ids)++] = row->id;
		}
	if (*n_ids != 0 && !replace)
		return tool_error(t,
				  "%zu object(s) already exist; nothing "
				  "imported (--replace replaces them)",
				  *n_ids);
	return TOOL_OK;
}

static int import_rows(tool_ctx_t *t, const inventory_t *inv,
		       store_object_t *rows, size_t n, int replace)
{
	store_changes_t ch;
	int64_t *ids = NULL;
	size_t n_ids = 0;
	store_rc_t src;
	int status;

	status = find_conflicts(t, inv, rows, n, replace, &ids, &n_ids);
	if (status == TOOL_OK) {
		memset(&ch, 0, sizeof(ch));
		ch.delete_ids = ids;
		ch.n_delete = n_ids;
		ch.insert = rows;
		ch.n_insert = n;
		src = store_apply(t->store, &inv->scope, &ch);
		if (src != STORE_OK)
			status = tool_error(t,
					    "nothing imported: the store "
					    "refused the objects: %s",
					    store_rc_message(src));
	}
	if (status == TOOL_OK)
		printf("imported %zu object(s) for %s on %s (%zu replaced)\n",
		       n, inv->identity, t->cfg.service_id, n_ids);
	free(ids);
	return status;
}

static void note_origin(const tool_ctx_t *t, const json_value_t *doc,
			const inventory_t *inv)
{
	const char *app = json_member(doc, "application")->text;
	const char *service = json_member(doc, "service")->text;

	if (strcmp(app, inv->identity) != 0 ||
	    strcmp(service, t->cfg.service_id) != 0)
		printf("note: exported for %s on %s; importing for %s on %s\n",
		       app, service, inv->identity, t->cfg.service_id);
}

static int cmd_import(tool_ctx_t *t, int argc, char **argv)
{
	static const char *const flags[] = {"--replace", NULL};
	store_object_t *rows = NULL;
	json_value_t *doc = NULL;
	import_err_t e;
	inventory_t inv;
	size_t len, n = 0;
	int replace, nargs, status;
	char *text;

	status = tool_options(&transfer_commands[1], argc, argv, flags,
			      &replace, &nargs);
	if (status != TOOL_OK)
		return status;
	if (nargs != 1)
		return tool_usage_error(&transfer_commands[1],
					"needs one file (- for stdin)");
	text = read_all(t, argv[1], &len);
	if (text == NULL)
		return TOOL_FAILED;
	if (json_parse(text, len, &doc, e.text, sizeof(e.text)) != 0 ||
	    parse_rows(doc, &rows, &n, &e) != 0)
		status = tool_error(t, "%s: %s; nothing imported", argv[1],
				    e.text);
	free(text);
	if (status == TOOL_OK)
		status = tool_inventory(t, 0, &inv);
	if (status == TOOL_OK) {
		note_origin(t, doc, &inv);
		status = import_rows(t, &inv, rows, n, replace);
		inventory_free(&inv);
	}
	store_objects_free(rows, n);
	json_free(doc);
	return status;
}
