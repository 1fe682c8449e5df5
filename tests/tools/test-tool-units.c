/*
 * test-tool-units.c - the pieces the parsec-pkcs11 tool relies on: its
 * strict JSON reader and writer (tools/json.c), the store's change sets
 * (store_apply) and the naming rule that check applies
 * (mapping/name_origin.c).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mapping/name_origin.h"
#include "mapping/store.h"
#include "tools/json.h"

/* ----- JSON reader ------------------------------------------------- */

static json_value_t *parse_ok(const char *text)
{
	json_value_t *v = NULL;
	char err[200] = "";

	ck_assert_msg(json_parse(text, strlen(text), &v, err, sizeof(err)) == 0,
		      "%s: %s", text, err);
	return v;
}

static void parse_fails(const char *text, size_t len, const char *why)
{
	json_value_t *v = NULL;
	char err[200] = "";

	ck_assert_msg(json_parse(text, len, &v, err, sizeof(err)) != 0,
		      "accepted: %s", text);
	ck_assert_ptr_null(v);
	ck_assert_msg(strstr(err, why) != NULL, "%s: got '%s', want '%s'", text,
		      err, why);
}

START_TEST(test_json_reads_nested_document)
{
	json_value_t *v = parse_ok(" {\"a\": [1, true, null, \"x\\u00e9\\n\"],"
				   " \"b\": {\"c\": -2.5e3}} ");
	const json_value_t *a = json_member(v, "a");

	ck_assert_int_eq(v->type, JSON_OBJECT);
	ck_assert_int_eq(a->type, JSON_ARRAY);
	ck_assert_uint_eq(a->n, 4);
	ck_assert_int_eq(a->items[1]->type, JSON_TRUE);
	ck_assert_int_eq(a->items[2]->type, JSON_NULL);
	ck_assert_str_eq(a->items[3]->text, "x\xc3\xa9\n");
	ck_assert_str_eq(json_member(json_member(v, "b"), "c")->text, "-2.5e3");
	json_free(v);
}
END_TEST

START_TEST(test_json_surrogate_pair_becomes_one_character)
{
	json_value_t *v = parse_ok("\"\\ud83d\\ude00\"");

	ck_assert_str_eq(v->text, "\xf0\x9f\x98\x80");
	json_free(v);
}
END_TEST

START_TEST(test_json_rejects_what_the_grammar_does_not_allow)
{
	parse_fails("{\"a\": 1,}", 9, "expected a member name");
	parse_fails("[1 2]", 5, "expected ',' or ']'");
	parse_fails("{\"a\": 1, \"a\": 2}", 16, "appears twice");
	parse_fails("[01]", 4, "expected ',' or ']'");
	parse_fails("\"a\\x\"", 5, "unknown escape");
	parse_fails("\"\\u0000\"", 8, "\\u0000");
	parse_fails("\"\\udc00\"", 8, "lone low surrogate");
	parse_fails("\"\xff\"", 3, "not valid UTF-8");
	parse_fails("\"a\nb\"", 5, "control character");
	parse_fails("{} x", 4, "text after the JSON value");
	parse_fails("[1, 2", 5, "expected ',' or ']'");
	parse_fails("tru", 3, "unexpected character");
	parse_fails("// c\n{}", 7, "unexpected character");
	parse_fails("[\0]", 3, "NUL byte");
}
END_TEST

START_TEST(test_json_error_names_line_and_column)
{
	json_value_t *v = NULL;
	char err[200];

	ck_assert_int_ne(
		json_parse("{\n  \"a\": @\n}", 12, &v, err, sizeof(err)), 0);
	ck_assert_str_eq(err, "line 2, column 8: unexpected character '@'");
}
END_TEST

START_TEST(test_json_nesting_is_bounded)
{
	char text[2 * JSON_MAX_DEPTH + 4];
	size_t i, n = JSON_MAX_DEPTH + 1;

	for (i = 0; i < n; i++) {
		text[i] = '[';
		text[n + i] = ']';
	}
	parse_fails(text, 2 * n, "nested too deeply");
}
END_TEST

START_TEST(test_json_u64_takes_only_plain_integers_in_range)
{
	json_value_t *v = parse_ok("[255, 256, -1, 1.0, 18446744073709551616]");
	uint64_t x;

	ck_assert_int_eq(json_to_u64(v->items[0], 255, &x), 0);
	ck_assert_uint_eq(x, 255);
	ck_assert_int_ne(json_to_u64(v->items[1], 255, &x), 0);
	ck_assert_int_ne(json_to_u64(v->items[2], 255, &x), 0);
	ck_assert_int_ne(json_to_u64(v->items[3], 255, &x), 0);
	ck_assert_int_ne(json_to_u64(v->items[4], UINT64_MAX, &x), 0);
	json_free(v);
}
END_TEST

START_TEST(test_json_writer_output_reads_back)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	json_writer_t w;
	json_value_t *v;

	json_writer_init(&w, f);
	json_begin_object(&w, NULL);
	json_string(&w, "s", "quote\" backslash\\ tab\t");
	json_string_n(&w, "bad", "a\xffz", 3);
	json_hex(&w, "h", "\x01\xab", 2);
	json_begin_array(&w, "empty");
	json_end_array(&w);
	json_u64(&w, "n", 18446744073709551615ull);
	json_end_object(&w);
	json_finish(&w);
	fclose(f);
	v = parse_ok(buf);
	ck_assert_str_eq(json_member(v, "s")->text,
			 "quote\" backslash\\ tab\t");
	ck_assert_str_eq(json_member(v, "bad")->text, "a\xef\xbf\xbdz");
	ck_assert_str_eq(json_member(v, "h")->text, "01ab");
	ck_assert_uint_eq(json_member(v, "empty")->n, 0);
	ck_assert_str_eq(json_member(v, "n")->text, "18446744073709551615");
	json_free(v);
	free(buf);
}
END_TEST

/* A character of two or more bytes followed by ASCII that needs an
 * escape: the writer must escape the ASCII, not copy it as part of the
 * character. */
START_TEST(test_json_writer_escapes_what_follows_a_multibyte_character)
{
	static const char *const texts[] = {
		"\xc3\xa9\"",	    "\xc3\xa9\\x",
		"\xc3\xa9\n",	    "\xe2\x82\xac\"a",
		"\xc3\xa9\x01\x02", "a\xc3\xa9\"\xf0\x9f\x98\x80\"",
	};
	size_t i;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		json_writer_t w;
		json_value_t *v;

		json_writer_init(&w, f);
		json_begin_array(&w, NULL);
		json_string(&w, NULL, texts[i]);
		json_end_array(&w);
		json_finish(&w);
		fclose(f);
		v = parse_ok(buf);
		ck_assert_str_eq(v->items[0]->text, texts[i]);
		json_free(v);
		free(buf);
	}
}
END_TEST

static char *repeat_members(size_t n, int object, size_t *len)
{
	char *text = malloc(n * 24 + 2);
	size_t i, k = 0;

	ck_assert_ptr_nonnull(text);
	text[k++] = object ? '{' : '[';
	for (i = 0; i < n; i++) {
		if (i > 0)
			text[k++] = ',';
		if (object)
			k += (size_t)sprintf(text + k, "\"m%zu\":%zu", i, i);
		else
			k += (size_t)sprintf(text + k, "%zu", i % 10);
	}
	text[k++] = object ? '}' : ']';
	*len = k;
	return text;
}

/* Hostile sizes: the reader's work grows with the input, not with its
 * square (a 64 MiB file must not take hours). The tcase's timeout is
 * the bound; these take well under a second when linear. */
START_TEST(test_json_large_array_and_object_parse_in_linear_time)
{
	json_value_t *v = NULL;
	char err[200] = "", *text;
	size_t len;

	text = repeat_members(1000000, 0, &len);
	ck_assert_int_eq(json_parse(text, len, &v, err, sizeof(err)), 0);
	ck_assert_uint_eq(v->n, 1000000);
	json_free(v);
	free(text);
	text = repeat_members(200000, 1, &len);
	ck_assert_int_eq(json_parse(text, len, &v, err, sizeof(err)), 0);
	ck_assert_uint_eq(v->n, 200000);
	ck_assert_str_eq(json_member(v, "m199999")->text, "199999");
	json_free(v);
	/* The same object with its last member named as its first. */
	len = (size_t)(strrchr(text, ',') - text);
	len += (size_t)sprintf(text + len, ",\"m0\":0}");
	ck_assert_int_ne(json_parse(text, len, &v, err, sizeof(err)), 0);
	ck_assert_msg(strstr(err, "member \"m0\" appears twice") != NULL, "%s",
		      err);
	free(text);
}
END_TEST

/* ----- JSON reader under mutated input ------------------------------ */

/* xorshift64*: the same sequence on every run, so a failure repeats. */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}

/* Writes a parsed value back with the writer. */
static void write_value(json_writer_t *w, const char *name,
			const json_value_t *v)
{
	size_t i;

	switch (v->type) {
	case JSON_NULL:
		json_null(w, name);
		break;
	case JSON_FALSE:
	case JSON_TRUE:
		json_bool(w, name, v->type == JSON_TRUE);
		break;
	case JSON_NUMBER:
		/* The writer has no raw number: a string keeps the text. */
		json_string(w, name, v->text);
		break;
	case JSON_STRING:
		json_string_n(w, name, v->text, v->len);
		break;
	case JSON_ARRAY:
		json_begin_array(w, name);
		for (i = 0; i < v->n; i++)
			write_value(w, NULL, v->items[i]);
		json_end_array(w);
		break;
	case JSON_OBJECT:
		json_begin_object(w, name);
		for (i = 0; i < v->n; i++)
			write_value(w, v->names[i], v->items[i]);
		json_end_object(w);
		break;
	}
}

/* a and b are the same tree (numbers of a written as strings in b). */
static void assert_same(const json_value_t *a, const json_value_t *b)
{
	size_t i;

	if (a->type == JSON_NUMBER) {
		ck_assert_int_eq(b->type, JSON_STRING);
		ck_assert_str_eq(a->text, b->text);
		return;
	}
	ck_assert_int_eq(a->type, b->type);
	ck_assert_uint_eq(a->n, b->n);
	if (a->type == JSON_STRING) {
		ck_assert_uint_eq(a->len, b->len);
		ck_assert_int_eq(memcmp(a->text, b->text, a->len), 0);
	}
	for (i = 0; i < a->n; i++) {
		if (a->type == JSON_OBJECT)
			ck_assert_str_eq(a->names[i], b->names[i]);
		assert_same(a->items[i], b->items[i]);
	}
}

static const char *const fuzz_seeds[] = {
	"{\"format\": \"parsec-pkcs11-mapping\", \"version\": 1,\n"
	" \"application\": \"direct:w\\u00e9b\", \"service\": \"unix:/s\",\n"
	" \"objects\": [{\"provider\": 1, \"key_name\": null,\n"
	"  \"class\": \"CKO_DATA\", \"attributes\": {\"CKA_LABEL\": \"6b\",\n"
	"  \"CKA_TOKEN\": true, \"CKA_ALLOWED_MECHANISMS\": [\"CKM_ECDSA\", "
	"4354]}}]}",
	"[-0.5e+10, 1E-2, 0, 123456789012345678901234567890, "
	"\"\\ud83d\\ude00\","
	" \"\\\"\\\\\\/\\b\\f\\n\\r\\t\", "
	"\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\","
	" [[[]]], {}, {\"\": {\"a\": [null, false]}}]",
	"\"\xc3\xa9\\\"\xe2\x82\xac\\n\"",
};

/* Bytes a mutation inserts: structure, escapes, and the edges of UTF-8. */
static const char fuzz_bytes[] = "{}[],:\"\\/ \n\tu0aAfF+-.eEtrunlsx9"
				 "\x00\x01\x1f\x7f\x80\xbf\xc0\xc2\xc3\xa9"
				 "\xdf\xe0\xed\xa0\xef\xf0\xf4\xf5\xff";

static size_t mutate(uint64_t *s, char *buf, size_t len, size_t cap)
{
	size_t at = len ? rnd(s) % len : 0, n;

	switch (rnd(s) % 6) {
	case 0: /* replace a byte */
		if (len)
			buf[at] = fuzz_bytes[rnd(s) % (sizeof(fuzz_bytes) - 1)];
		return len;
	case 1: /* insert a byte */
		if (len + 1 > cap)
			return len;
		memmove(buf + at + 1, buf + at, len - at);
		buf[at] = fuzz_bytes[rnd(s) % (sizeof(fuzz_bytes) - 1)];
		return len + 1;
	case 2: /* delete a run */
		n = rnd(s) % 4 + 1;
		n = n > len - at ? len - at : n;
		memmove(buf + at, buf + at + n, len - at - n);
		return len - n;
	case 3: /* repeat a run */
		n = rnd(s) % 16 + 1;
		n = n > len - at ? len - at : n;
		if (len + n > cap)
			return len;
		memmove(buf + at + n, buf + at, len - at);
		return len + n;
	case 4: /* cut the end */
		return at;
	default: /* flip a bit */
		if (len)
			buf[at] = (char)(buf[at] ^ (1 << (rnd(s) % 8)));
		return len;
	}
}

/* Every input either fails with a located message and no value, or
 * parses into a tree that the writer writes back as valid JSON holding
 * the same values. The input sits in a buffer of exactly its size, so
 * that a read past its end is caught by the sanitizer build. */
START_TEST(test_json_reader_survives_mutated_input)
{
	enum { ROUNDS = 40000, CAP = 1024 };
	uint64_t s = 0x9e3779b97f4a7c15ull;
	size_t round, len, accepted = 0, k;
	char work[CAP], err[200];

	for (round = 0; round < ROUNDS; round++) {
		const char *seed = fuzz_seeds[round % (sizeof(fuzz_seeds) /
						       sizeof(fuzz_seeds[0]))];
		json_value_t *v = (json_value_t *)&s, *back = NULL;
		char *input, *out = NULL;
		size_t out_len = 0;
		FILE *f;
		json_writer_t w;

		len = strlen(seed);
		memcpy(work, seed, len);
		for (k = rnd(&s) % 4 + 1; k > 0; k--)
			len = mutate(&s, work, len, CAP);
		input = malloc(len ? len : 1);
		ck_assert_ptr_nonnull(input);
		memcpy(input, work, len);
		err[0] = '\0';
		if (json_parse(input, len, &v, err, sizeof(err)) != 0) {
			ck_assert_ptr_null(v);
			ck_assert_msg(strncmp(err, "line ", 5) == 0,
				      "round %zu: message '%s'", round, err);
			free(input);
			continue;
		}
		accepted++;
		f = open_memstream(&out, &out_len);
		json_writer_init(&w, f);
		write_value(&w, NULL, v);
		json_finish(&w);
		fclose(f);
		ck_assert_msg(
			json_parse(out, out_len, &back, err, sizeof(err)) == 0,
			"round %zu: the writer's output does not read "
			"back: %s\n%s",
			round, err, out);
		assert_same(v, back);
		json_free(back);
		json_free(v);
		free(out);
		free(input);
	}
	/* Mutations keep some inputs valid: the check above ran. */
	ck_assert_uint_gt(accepted, ROUNDS / 100);
}
END_TEST

/* ----- naming rule ------------------------------------------------- */

static void key_attrs(attr_list_t *l, const char *label, const char *id,
		      CK_BBOOL local)
{
	attr_list_init(l);
	ck_assert_int_eq(attr_list_set(l, CKA_LABEL, label, strlen(label)),
			 CKR_OK);
	if (id != NULL)
		ck_assert_int_eq(attr_list_set(l, CKA_ID, id, strlen(id)),
				 CKR_OK);
	ck_assert_int_eq(attr_list_set_bool(l, CKA_LOCAL, local), CKR_OK);
}

START_TEST(test_name_from_current_label_is_consistent)
{
	attr_list_t l;

	key_attrs(&l, "web server", NULL, CK_TRUE);
	ck_assert_int_eq(name_origin_judge("{label}", "web server", &l, NULL),
			 NAME_FROM_CURRENT);
	ck_assert_int_eq(name_origin_judge("{label}", "web server-2", &l, NULL),
			 NAME_FROM_CURRENT);
	attr_list_free(&l);
	key_attrs(&l, "a/b", "\x01\x02", CK_TRUE);
	ck_assert_int_eq(
		name_origin_judge("{label}-{id}", "a_b-0102", &l, NULL),
		NAME_FROM_CURRENT);
	attr_list_free(&l);
}
END_TEST

START_TEST(test_renamed_key_is_explained_by_its_record)
{
	name_origin_t rec = {NAME_ORIGIN_SCHEME, (uint8_t *)"old", 3,
			     (uint8_t *)"\x0a", 1};
	name_origin_t got;
	attr_list_t l;

	key_attrs(&l, "new label", "\x0a", CK_TRUE);
	ck_assert_int_eq(name_origin_set(&l, &rec), CKR_OK);
	ck_assert_int_eq(name_origin_get(&l, &got), 1);
	ck_assert_uint_eq(got.label_len, 3);
	ck_assert_int_eq(memcmp(got.label, "old", 3), 0);
	name_origin_free(&got);
	ck_assert_int_eq(name_origin_judge("{label}-{id}", "old-0a", &l, NULL),
			 NAME_FROM_RECORD);
	/* A name the recorded inputs do not make is a violation, even
	 * though the scheme could make it from something else. */
	ck_assert_int_eq(
		name_origin_judge("{label}-{id}", "other-0a", &l, NULL),
		NAME_RECORD_MISMATCH);
	attr_list_free(&l);
}
END_TEST

START_TEST(test_relabelled_without_record_is_consistent_if_scheme_allows)
{
	name_origin_t why;
	attr_list_t l;

	key_attrs(&l, "changed", "\x0a", CK_TRUE);
	ck_assert_int_eq(name_origin_judge("{label}-{id}", "old-0a", &l, &why),
			 NAME_FROM_OTHER);
	ck_assert_uint_eq(why.label_len, 3);
	ck_assert_int_eq(memcmp(why.label, "old", 3), 0);
	name_origin_free(&why);
	ck_assert_int_eq(
		name_origin_judge("key-{id}-{label}", "no dash here", &l, NULL),
		NAME_UNEXPLAINED);
	attr_list_free(&l);
}
END_TEST

START_TEST(test_adopted_key_is_foreign_and_consistent)
{
	attr_list_t l;

	key_attrs(&l, "made by parsec-tool", NULL, CK_FALSE);
	ck_assert_int_eq(
		name_origin_judge("app-{id}", "made by parsec-tool", &l, NULL),
		NAME_FOREIGN);
	attr_list_free(&l);
}
END_TEST

START_TEST(test_invalid_and_session_names_are_violations)
{
	attr_list_t l;

	key_attrs(&l, "x", NULL, CK_TRUE);
	ck_assert_int_eq(name_origin_judge("{label}", "", &l, NULL),
			 NAME_INVALID);
	ck_assert_int_eq(name_origin_judge("{label}", "a/b", &l, NULL),
			 NAME_INVALID);
	ck_assert_int_eq(name_origin_judge("{label}", "a\x01", &l, NULL),
			 NAME_INVALID);
	ck_assert_int_eq(
		name_origin_judge("{label}", "pkcs11-session-00", &l, NULL),
		NAME_SESSION);
	ck_assert(name_verdict_is_violation(NAME_INVALID));
	ck_assert(!name_verdict_is_violation(NAME_FOREIGN));
	ck_assert_int_eq(attr_list_set(&l, CKA_PARSEC_NAME_ORIGIN, "\x01", 1),
			 CKR_OK);
	ck_assert_int_eq(name_origin_judge("{label}", "x", &l, NULL),
			 NAME_BAD_RECORD);
	attr_list_free(&l);
}
END_TEST

START_TEST(test_fallback_names_are_consistent)
{
	attr_list_t l;

	key_attrs(&l, "", "\xbe\xef", CK_TRUE);
	ck_assert_int_eq(name_origin_judge("{label}", "key-beef", &l, NULL),
			 NAME_FROM_CURRENT);
	attr_list_free(&l);
}
END_TEST

/* ----- store change sets ------------------------------------------- */

START_TEST(test_store_apply_is_all_or_nothing)
{
	char dir[] = "/tmp/tool-units.XXXXXX", uri[128];
	store_scope_t scope = {"svc", "app"};
	store_object_t rows[2], *got = NULL, upd;
	store_changes_t ch;
	size_t n = 0;
	int64_t missing = 999;
	store_t *st;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(uri, sizeof(uri), "sqlite:%s/s.sqlite", dir);
	ck_assert_int_eq(store_open(uri, &st), STORE_OK);
	memset(rows, 0, sizeof(rows));
	rows[0].provider = rows[1].provider = 1;
	rows[0].key_name = "k";
	rows[1].key_name = "k";
	rows[0].cls = CKO_PRIVATE_KEY;
	rows[1].cls = CKO_PUBLIC_KEY;
	memset(&ch, 0, sizeof(ch));
	ch.insert = rows;
	ch.n_insert = 2;
	ck_assert_int_eq(store_apply(st, &scope, &ch), STORE_OK);
	ck_assert_int_ne(rows[0].id, 0);
	/* An update and a delete of a missing row: neither happens. */
	upd = rows[0];
	attr_list_init(&upd.attrs);
	ck_assert_int_eq(attr_list_set(&upd.attrs, CKA_LABEL, "L", 1), CKR_OK);
	memset(&ch, 0, sizeof(ch));
	ch.update = &upd;
	ch.n_update = 1;
	ch.delete_ids = &missing;
	ch.n_delete = 1;
	ck_assert_int_eq(store_apply(st, &scope, &ch), STORE_E_NOT_FOUND);
	ck_assert_int_eq(store_list_objects(st, &scope, 1, &got, &n), STORE_OK);
	ck_assert_uint_eq(n, 2);
	ck_assert_ptr_null(attr_list_get(&got[0].attrs, CKA_LABEL));
	store_objects_free(got, n);
	/* Deletes run first: a delete that happened is undone when the
	 * update after it finds no row. */
	upd.id = missing;
	ch.delete_ids = &rows[1].id;
	ck_assert_int_eq(store_apply(st, &scope, &ch), STORE_E_NOT_FOUND);
	ck_assert_int_eq(store_list_objects(st, &scope, 1, &got, &n), STORE_OK);
	ck_assert_uint_eq(n, 2);
	store_objects_free(got, n);
	/* Delete one and insert it again in one go. */
	memset(&ch, 0, sizeof(ch));
	ch.delete_ids = &rows[1].id;
	ch.n_delete = 1;
	ch.insert = &rows[1];
	ch.n_insert = 1;
	ck_assert_int_eq(store_apply(st, &scope, &ch), STORE_OK);
	ck_assert_int_eq(store_list_objects(st, &scope, 1, &got, &n), STORE_OK);
	ck_assert_uint_eq(n, 2);
	store_objects_free(got, n);
	attr_list_free(&upd.attrs);
	store_close(st);
	snprintf(uri, sizeof(uri), "rm -rf %s", dir);
	ck_assert_int_eq(system(uri), 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("tool-units");
	TCase *json = tcase_create("json");
	TCase *naming = tcase_create("naming");
	TCase *store = tcase_create("store");

	/* Large inputs and the mutation rounds: generous for the sanitizer
	 * build; a quadratic reader takes minutes. */
	tcase_set_timeout(json, 30);

	tcase_add_test(json, test_json_reads_nested_document);
	tcase_add_test(json, test_json_surrogate_pair_becomes_one_character);
	tcase_add_test(json, test_json_rejects_what_the_grammar_does_not_allow);
	tcase_add_test(json, test_json_error_names_line_and_column);
	tcase_add_test(json, test_json_nesting_is_bounded);
	tcase_add_test(json, test_json_u64_takes_only_plain_integers_in_range);
	tcase_add_test(json, test_json_writer_output_reads_back);
	tcase_add_test(
		json,
		test_json_writer_escapes_what_follows_a_multibyte_character);
	tcase_add_test(json,
		       test_json_large_array_and_object_parse_in_linear_time);
	tcase_add_test(json, test_json_reader_survives_mutated_input);
	tcase_add_test(naming, test_name_from_current_label_is_consistent);
	tcase_add_test(naming, test_renamed_key_is_explained_by_its_record);
	tcase_add_test(
		naming,
		test_relabelled_without_record_is_consistent_if_scheme_allows);
	tcase_add_test(naming, test_adopted_key_is_foreign_and_consistent);
	tcase_add_test(naming, test_invalid_and_session_names_are_violations);
	tcase_add_test(naming, test_fallback_names_are_consistent);
	tcase_add_test(store, test_store_apply_is_all_or_nothing);
	suite_add_tcase(s, json);
	suite_add_tcase(s, naming);
	suite_add_tcase(s, store);
	return s;
}

int main(void)
{
	SRunner *r = srunner_create(suite());
	int failed;

	srunner_run_all(r, CK_NORMAL);
	failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
