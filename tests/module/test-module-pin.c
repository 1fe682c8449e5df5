/*
 * test-module-pin.c - the PIN policy: C_InitToken, C_InitPIN, C_SetPIN,
 * wrong PINs counting to COUNT_LOW / FINAL_TRY / LOCKED, private objects
 * needing login once a PIN is set.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests/module/p11_test.h"

#define SO_PIN ((CK_UTF8CHAR_PTR) "so-secret")
#define USER_PIN ((CK_UTF8CHAR_PTR) "user-secret")
#define BAD_PIN ((CK_UTF8CHAR_PTR) "wrong-pin")

static CK_FLAGS token_flags(void)
{
	CK_TOKEN_INFO info;

	ck_assert_rv(F->C_GetTokenInfo(p11t_slot(), &info), CKR_OK);
	return info.flags;
}

static CK_UTF8CHAR label[32];

static const CK_UTF8CHAR *make_label(const char *text)
{
	memset(label, ' ', sizeof(label));
	memcpy(label, text, strlen(text));
	return label;
}

/* InitToken with an SO PIN, then InitPIN with a user PIN. */
static void set_pins(void)
{
	CK_SESSION_HANDLE h;

	ck_assert_rv(F->C_InitToken(p11t_slot(), SO_PIN, 9,
				    (CK_UTF8CHAR_PTR)make_label("pin test")),
		     CKR_OK);
	h = p11t_open(p11t_slot(), 1);
	ck_assert_rv(F->C_Login(h, CKU_SO, SO_PIN, 9), CKR_OK);
	ck_assert_rv(F->C_InitPIN(h, USER_PIN, 11), CKR_OK);
	ck_assert_rv(F->C_Logout(h), CKR_OK);
	ck_assert_rv(F->C_CloseSession(h), CKR_OK);
}

START_TEST(test_init_token_sets_label_and_so_pin)
{
	CK_TOKEN_INFO info;
	CK_SESSION_HANDLE h;

	ck_assert_rv(F->C_InitToken(p11t_slot(), NULL, 0,
				    (CK_UTF8CHAR_PTR)make_label("x")),
		     CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_InitToken(p11t_slot(), SO_PIN, 9, NULL),
		     CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_InitToken(999, SO_PIN, 9,
				    (CK_UTF8CHAR_PTR)make_label("x")),
		     CKR_SLOT_ID_INVALID);
	ck_assert_rv(F->C_InitToken(p11t_slot(), SO_PIN, 2,
				    (CK_UTF8CHAR_PTR)make_label("x")),
		     CKR_PIN_LEN_RANGE);
	ck_assert_rv(F->C_InitToken(p11t_slot(), SO_PIN, 9,
				    (CK_UTF8CHAR_PTR)make_label("my token")),
		     CKR_OK);
	ck_assert_rv(F->C_GetTokenInfo(p11t_slot(), &info), CKR_OK);
	ck_assert_mem_eq(info.label, make_label("my token"), 32);
	/* An SO PIN and no user PIN yet. */
	ck_assert_uint_eq(info.flags & CKF_LOGIN_REQUIRED, CKF_LOGIN_REQUIRED);
	ck_assert_uint_eq(info.flags & CKF_USER_PIN_INITIALIZED, 0);
	h = p11t_open(p11t_slot(), 1);
	ck_assert_rv(F->C_Login(h, CKU_USER, USER_PIN, 11),
		     CKR_USER_PIN_NOT_INITIALIZED);
	ck_assert_rv(F->C_Login(h, CKU_SO, BAD_PIN, 9), CKR_PIN_INCORRECT);
	ck_assert_rv(F->C_Login(h, CKU_SO, SO_PIN, 9), CKR_OK);
}
END_TEST

START_TEST(test_init_token_needs_no_open_session_and_the_so_pin)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 0);

	ck_assert_rv(F->C_InitToken(p11t_slot(), SO_PIN, 9,
				    (CK_UTF8CHAR_PTR)make_label("x")),
		     CKR_SESSION_EXISTS);
	ck_assert_rv(F->C_CloseSession(h), CKR_OK);
	ck_assert_rv(F->C_InitToken(p11t_slot(), SO_PIN, 9,
				    (CK_UTF8CHAR_PTR)make_label("x")),
		     CKR_OK);
	ck_assert_rv(F->C_InitToken(p11t_slot(), BAD_PIN, 9,
				    (CK_UTF8CHAR_PTR)make_label("x")),
		     CKR_PIN_INCORRECT);
	ck_assert_rv(F->C_InitToken(p11t_slot(), SO_PIN, 9,
				    (CK_UTF8CHAR_PTR)make_label("y")),
		     CKR_OK);
}
END_TEST

START_TEST(test_init_token_wipes_objects_and_keys)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_OBJECT_HANDLE pub, priv, found[4];
	parsec_client_t *c = p11t_client();
	parsec_key_info_t *keys;
	size_t n;

	ck_assert_rv(p11t_gen_ec(h, p11t_p256, sizeof(p11t_p256), "wiped",
				 CK_TRUE, &pub, &priv),
		     CKR_OK);
	ck_assert_rv(F->C_CloseSession(h), CKR_OK);
	ck_assert_rv(F->C_InitToken(p11t_slot(), SO_PIN, 9,
				    (CK_UTF8CHAR_PTR)make_label("x")),
		     CKR_OK);
	ck_assert_int_eq(parsec_list_keys(c, &keys, &n), PARSEC_SUCCESS);
	parsec_key_info_free(keys, n);
	ck_assert_uint_eq(n, 0);
	parsec_client_free(c);
	h = p11t_open(p11t_slot(), 0);
	ck_assert_uint_eq(p11t_find(h, NULL, 0, found, 4), 0);
}
END_TEST

START_TEST(test_init_pin_needs_an_so_session)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);

	ck_assert_rv(F->C_InitPIN(h, USER_PIN, 11), CKR_USER_NOT_LOGGED_IN);
	ck_assert_rv(F->C_InitPIN(h, NULL, 11), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_Login(h, CKU_USER, USER_PIN, 11), CKR_OK);
	ck_assert_rv(F->C_InitPIN(h, USER_PIN, 11), CKR_USER_NOT_LOGGED_IN);
	ck_assert_rv(F->C_Logout(h), CKR_OK);
	ck_assert_rv(F->C_Login(h, CKU_SO, SO_PIN, 9), CKR_OK);
	ck_assert_rv(F->C_InitPIN(h, USER_PIN, 2), CKR_PIN_LEN_RANGE);
	ck_assert_rv(F->C_InitPIN(h, USER_PIN, 11), CKR_OK);
	ck_assert_uint_eq(
		token_flags() & (CKF_LOGIN_REQUIRED | CKF_USER_PIN_INITIALIZED),
		CKF_LOGIN_REQUIRED | CKF_USER_PIN_INITIALIZED);
}
END_TEST

START_TEST(test_wrong_pins_count_to_locked)
{
	CK_SESSION_HANDLE h;
	int i;

	set_pins();
	h = p11t_open(p11t_slot(), 0);
	ck_assert_rv(F->C_Login(h, CKU_USER, BAD_PIN, 9), CKR_PIN_INCORRECT);
	ck_assert_uint_eq(token_flags() & (CKF_USER_PIN_COUNT_LOW |
					   CKF_USER_PIN_FINAL_TRY),
			  CKF_USER_PIN_COUNT_LOW);
	/* A right PIN resets the count. */
	ck_assert_rv(F->C_Login(h, CKU_USER, USER_PIN, 11), CKR_OK);
	ck_assert_uint_eq(token_flags() & CKF_USER_PIN_COUNT_LOW, 0);
	ck_assert_rv(F->C_Logout(h), CKR_OK);
	for (i = 0; i < 9; i++)
		ck_assert_rv(F->C_Login(h, CKU_USER, BAD_PIN, 9),
			     CKR_PIN_INCORRECT);
	ck_assert_uint_eq(token_flags() & CKF_USER_PIN_FINAL_TRY,
			  CKF_USER_PIN_FINAL_TRY);
	ck_assert_rv(F->C_Login(h, CKU_USER, BAD_PIN, 9), CKR_PIN_INCORRECT);
	ck_assert_uint_eq(
		token_flags() & (CKF_USER_PIN_LOCKED | CKF_USER_PIN_FINAL_TRY),
		CKF_USER_PIN_LOCKED);
	ck_assert_rv(F->C_Login(h, CKU_USER, USER_PIN, 11), CKR_PIN_LOCKED);
	/* The SO's flags are their own. */
	ck_assert_uint_eq(token_flags() & CKF_SO_PIN_COUNT_LOW, 0);
}
END_TEST

START_TEST(test_so_pin_failures_have_their_flags)
{
	CK_SESSION_HANDLE h;

	set_pins();
	h = p11t_open(p11t_slot(), 1);
	ck_assert_rv(F->C_Login(h, CKU_SO, BAD_PIN, 9), CKR_PIN_INCORRECT);
	ck_assert_uint_eq(token_flags() & CKF_SO_PIN_COUNT_LOW,
			  CKF_SO_PIN_COUNT_LOW);
	ck_assert_uint_eq(token_flags() & CKF_USER_PIN_COUNT_LOW, 0);
}
END_TEST

START_TEST(test_failures_persist_across_initialize)
{
	CK_SESSION_HANDLE h;

	set_pins();
	h = p11t_open(p11t_slot(), 0);
	ck_assert_rv(F->C_Login(h, CKU_USER, BAD_PIN, 9), CKR_PIN_INCORRECT);
	ck_assert_rv(F->C_Finalize(NULL), CKR_OK);
	ck_assert_rv(F->C_Initialize(NULL), CKR_OK);
	ck_assert_uint_eq(token_flags() & CKF_USER_PIN_COUNT_LOW,
			  CKF_USER_PIN_COUNT_LOW);
}
END_TEST

START_TEST(test_set_pin_changes_the_user_pin)
{
	CK_SESSION_HANDLE ro, h;

	set_pins();
	ro = p11t_open(p11t_slot(), 0);
	ck_assert_rv(
		F->C_SetPIN(ro, USER_PIN, 11, (CK_UTF8CHAR_PTR) "newpin", 6),
		CKR_SESSION_READ_ONLY);
	h = p11t_open(p11t_slot(), 1);
	ck_assert_rv(F->C_SetPIN(h, NULL, 0, USER_PIN, 11), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_SetPIN(h, BAD_PIN, 9, (CK_UTF8CHAR_PTR) "newpin", 6),
		     CKR_PIN_INCORRECT);
	ck_assert_rv(F->C_SetPIN(h, USER_PIN, 11, (CK_UTF8CHAR_PTR) "ab", 2),
		     CKR_PIN_LEN_RANGE);
	ck_assert_rv(F->C_Login(h, CKU_USER, USER_PIN, 11), CKR_OK);
	ck_assert_rv(
		F->C_SetPIN(h, USER_PIN, 11, (CK_UTF8CHAR_PTR) "newpin", 6),
		CKR_OK);
	ck_assert_rv(F->C_Logout(h), CKR_OK);
	ck_assert_rv(F->C_Login(h, CKU_USER, USER_PIN, 11), CKR_PIN_INCORRECT);
	ck_assert_rv(F->C_Login(h, CKU_USER, (CK_UTF8CHAR_PTR) "newpin", 6),
		     CKR_OK);
}
END_TEST

START_TEST(test_set_pin_sets_a_first_pin)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);

	ck_assert_rv(F->C_SetPIN(h, (CK_UTF8CHAR_PTR) "any", 3, USER_PIN, 11),
		     CKR_OK);
	ck_assert_uint_eq(
		token_flags() & (CKF_LOGIN_REQUIRED | CKF_USER_PIN_INITIALIZED),
		CKF_LOGIN_REQUIRED | CKF_USER_PIN_INITIALIZED);
	ck_assert_rv(F->C_Login(h, CKU_USER, BAD_PIN, 9), CKR_PIN_INCORRECT);
	ck_assert_rv(F->C_Login(h, CKU_USER, USER_PIN, 11), CKR_OK);
}
END_TEST

/* Issue 3: C_InitToken confirms the SO PIN "if one exists". A token
 * whose only PIN is the user's (set by C_SetPIN in a public session)
 * can still be initialised, and then has an SO PIN. */
START_TEST(test_init_token_without_an_so_pin_needs_none)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);

	ck_assert_rv(F->C_SetPIN(h, (CK_UTF8CHAR_PTR) "any", 3, USER_PIN, 11),
		     CKR_OK);
	ck_assert_rv(F->C_CloseSession(h), CKR_OK);
	ck_assert_rv(F->C_InitToken(p11t_slot(), SO_PIN, 9,
				    (CK_UTF8CHAR_PTR)make_label("again")),
		     CKR_OK);
	ck_assert_uint_eq(token_flags() & (CKF_LOGIN_REQUIRED |
					   CKF_USER_PIN_INITIALIZED |
					   CKF_SO_PIN_COUNT_LOW),
			  CKF_LOGIN_REQUIRED);
	h = p11t_open(p11t_slot(), 1);
	ck_assert_rv(F->C_Login(h, CKU_SO, SO_PIN, 9), CKR_OK);
	ck_assert_rv(F->C_CloseSession(h), CKR_OK);
	/* From now on the SO PIN is confirmed. */
	ck_assert_rv(F->C_InitToken(p11t_slot(), BAD_PIN, 9,
				    (CK_UTF8CHAR_PTR)make_label("x")),
		     CKR_PIN_INCORRECT);
}
END_TEST

START_TEST(test_so_set_pin_changes_the_so_pin)
{
	CK_SESSION_HANDLE h;

	set_pins();
	h = p11t_open(p11t_slot(), 1);
	ck_assert_rv(F->C_Login(h, CKU_SO, SO_PIN, 9), CKR_OK);
	ck_assert_rv(F->C_SetPIN(h, SO_PIN, 9, (CK_UTF8CHAR_PTR) "so-new", 6),
		     CKR_OK);
	ck_assert_rv(F->C_Logout(h), CKR_OK);
	ck_assert_rv(F->C_Login(h, CKU_SO, SO_PIN, 9), CKR_PIN_INCORRECT);
	ck_assert_rv(F->C_Login(h, CKU_SO, (CK_UTF8CHAR_PTR) "so-new", 6),
		     CKR_OK);
	ck_assert_rv(F->C_Logout(h), CKR_OK);
	/* The user PIN did not change. */
	ck_assert_rv(F->C_Login(h, CKU_USER, USER_PIN, 11), CKR_OK);
}
END_TEST

typedef struct so_login {
	CK_SESSION_HANDLE h;
	CK_RV rv;
} so_login_t;

static void *log_so_in(void *arg)
{
	so_login_t *job = arg;

	job->rv = F->C_Login(job->h, CKU_SO, SO_PIN, 9);
	return NULL;
}

/* §5.6: no SO login while a R/O session exists, and no R/O session
 * while the SO is logged in, even when the R/O session opens while the
 * SO's PIN is being checked (slowly, without the lock). */
START_TEST(test_ro_session_opened_during_so_login_refuses_it)
{
	struct timespec ts = {0, 200 * 1000000L};
	so_login_t job;
	CK_SESSION_HANDLE ro;
	CK_SESSION_INFO info;
	pthread_t th;

	ck_assert_rv(F->C_Finalize(NULL), CKR_OK);
	/* About a second per PIN check. */
	setenv("PARSEC_PKCS11_PIN_ITERATIONS", "4000000", 1);
	ck_assert_rv(F->C_Initialize(NULL), CKR_OK);
	setenv("PARSEC_PKCS11_PIN_ITERATIONS", "1000", 1);
	ck_assert_rv(F->C_InitToken(p11t_slot(), SO_PIN, 9,
				    (CK_UTF8CHAR_PTR)make_label("slow")),
		     CKR_OK);
	job.h = p11t_open(p11t_slot(), 1);
	ck_assert_int_eq(pthread_create(&th, NULL, log_so_in, &job), 0);
	nanosleep(&ts, NULL);
	ck_assert_rv(F->C_OpenSession(p11t_slot(), CKF_SERIAL_SESSION, NULL,
				      NULL, &ro),
		     CKR_OK);
	ck_assert_int_eq(pthread_join(th, NULL), 0);
	ck_assert_rv(job.rv, CKR_SESSION_READ_ONLY_EXISTS);
	ck_assert_rv(F->C_GetSessionInfo(ro, &info), CKR_OK);
	ck_assert_uint_eq(info.state, CKS_RO_PUBLIC_SESSION);
}
END_TEST

static void *init_token(void *arg)
{
	so_login_t *job = arg;

	job->rv = F->C_InitToken(p11t_slot(), SO_PIN, 9,
				 (CK_UTF8CHAR_PTR)make_label("slow"));
	return NULL;
}

/* §5.6 C_InitToken: CKR_SESSION_EXISTS when a session is open, also one
 * opened while the new SO PIN is being hashed (slowly, without the
 * lock): then nothing is wiped. */
START_TEST(test_session_opened_during_init_token_keeps_the_token)
{
	struct timespec ts = {0, 200 * 1000000L};
	CK_OBJECT_HANDLE pub, priv;
	CK_SESSION_HANDLE h;
	so_login_t job;
	pthread_t th;

	ck_assert_rv(F->C_Finalize(NULL), CKR_OK);
	setenv("PARSEC_PKCS11_PIN_ITERATIONS", "4000000", 1);
	ck_assert_rv(F->C_Initialize(NULL), CKR_OK);
	setenv("PARSEC_PKCS11_PIN_ITERATIONS", "1000", 1);
	h = p11t_open(p11t_slot(), 1);
	ck_assert_rv(p11t_gen_ec(h, p11t_p256, sizeof(p11t_p256), "kept",
				 CK_TRUE, &pub, &priv),
		     CKR_OK);
	ck_assert_rv(F->C_CloseSession(h), CKR_OK);
	ck_assert_int_eq(pthread_create(&th, NULL, init_token, &job), 0);
	nanosleep(&ts, NULL);
	h = p11t_open(p11t_slot(), 0);
	ck_assert_int_eq(pthread_join(th, NULL), 0);
	ck_assert_rv(job.rv, CKR_SESSION_EXISTS);
	ck_assert_uint_eq(p11t_find_label(h, CKO_PRIVATE_KEY, "kept"), priv);
	ck_assert_uint_eq(token_flags() & CKF_LOGIN_REQUIRED, 0);
}
END_TEST

START_TEST(test_private_objects_need_login_once_a_pin_is_set)
{
	CK_SESSION_HANDLE h;
	CK_OBJECT_HANDLE pub, priv, found[8];
	CK_OBJECT_CLASS cls = CKO_DATA;
	CK_BBOOL yes = CK_TRUE;
	CK_ATTRIBUTE data[] = {{CKA_CLASS, &cls, sizeof(cls)},
			       {CKA_TOKEN, &yes, 1},
			       {CKA_PRIVATE, &yes, 1},
			       {CKA_LABEL, "secret", 6}};
	CK_OBJECT_HANDLE o;

	set_pins();
	h = p11t_open(p11t_slot(), 1);
	/* Not logged in: private objects cannot be made. */
	ck_assert_rv(p11t_gen_ec(h, p11t_p256, sizeof(p11t_p256), "k", CK_TRUE,
				 &pub, &priv),
		     CKR_USER_NOT_LOGGED_IN);
	ck_assert_rv(F->C_CreateObject(h, data, 4, &o), CKR_USER_NOT_LOGGED_IN);
	ck_assert_rv(F->C_Login(h, CKU_USER, USER_PIN, 11), CKR_OK);
	ck_assert_rv(p11t_gen_ec(h, p11t_p256, sizeof(p11t_p256), "k", CK_TRUE,
				 &pub, &priv),
		     CKR_OK);
	ck_assert_rv(F->C_CreateObject(h, data, 4, &o), CKR_OK);
	ck_assert_uint_eq(p11t_find(h, NULL, 0, found, 8), 3);
	ck_assert_rv(F->C_Logout(h), CKR_OK);
	/* Only the public key is left to see. */
	ck_assert_uint_eq(p11t_find(h, NULL, 0, found, 8), 1);
	ck_assert_uint_eq(found[0], pub);
	ck_assert_rv(F->C_GetAttributeValue(h, priv, data, 1),
		     CKR_OBJECT_HANDLE_INVALID);
	ck_assert_rv(F->C_DestroyObject(h, o), CKR_OBJECT_HANDLE_INVALID);
	/* The SO does not see private objects either. */
	ck_assert_rv(F->C_Login(h, CKU_SO, SO_PIN, 9), CKR_OK);
	ck_assert_uint_eq(p11t_find(h, NULL, 0, found, 8), 1);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("module-pin");
	TCase *tc = tcase_create("pin");

	tcase_add_checked_fixture(tc, p11t_setup, p11t_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_init_token_sets_label_and_so_pin);
	tcase_add_test(tc,
		       test_init_token_needs_no_open_session_and_the_so_pin);
	tcase_add_test(tc, test_init_token_wipes_objects_and_keys);
	tcase_add_test(tc, test_init_pin_needs_an_so_session);
	tcase_add_test(tc, test_wrong_pins_count_to_locked);
	tcase_add_test(tc, test_so_pin_failures_have_their_flags);
	tcase_add_test(tc, test_failures_persist_across_initialize);
	tcase_add_test(tc, test_set_pin_changes_the_user_pin);
	tcase_add_test(tc, test_set_pin_sets_a_first_pin);
	tcase_add_test(tc, test_init_token_without_an_so_pin_needs_none);
	tcase_add_test(tc, test_so_set_pin_changes_the_so_pin);
	tcase_add_test(tc, test_private_objects_need_login_once_a_pin_is_set);
	tcase_add_test(tc, test_ro_session_opened_during_so_login_refuses_it);
	tcase_add_test(tc,
		       test_session_opened_during_init_token_keeps_the_token);
	suite_add_tcase(s, tc);
	return s;
}
