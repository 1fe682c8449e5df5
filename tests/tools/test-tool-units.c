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

	tcase_add_test(json, test_json_reads_nested_document);
	tcase_add_test(json, test_json_surrogate_pair_becomes_one_character);
	tcase_add_test(json, test_json_rejects_what_the_grammar_does_not_allow);
	tcase_add_test(json, test_json_error_names_line_and_column);
	tcase_add_test(json, test_json_nesting_is_bounded);
	tcase_add_test(json, test_json_u64_takes_only_plain_integers_in_range);
	tcase_add_test(json, test_json_writer_output_reads_back);
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
