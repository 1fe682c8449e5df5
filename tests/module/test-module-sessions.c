/*
 * test-module-sessions.c - C_OpenSession, C_CloseSession,
 * C_CloseAllSessions, C_GetSessionInfo and the login state machine of
 * PKCS#11 v2.40 §5.6 (a token without a PIN: any PIN logs in).
 */
#include <string.h>

#include "tests/module/p11_test.h"

#define PIN ((CK_UTF8CHAR_PTR) "1234")

static CK_STATE state(CK_SESSION_HANDLE h)
{
	CK_SESSION_INFO info;

	ck_assert_rv(F->C_GetSessionInfo(h, &info), CKR_OK);
	return info.state;
}

START_TEST(test_open_session_bad_arguments)
{
	CK_SESSION_HANDLE h;

	ck_assert_rv(F->C_OpenSession(p11t_slot(), CKF_SERIAL_SESSION, NULL,
				      NULL, NULL),
		     CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_OpenSession(999, CKF_SERIAL_SESSION, NULL, NULL, &h),
		     CKR_SLOT_ID_INVALID);
	/* §5.6: CKF_SERIAL_SESSION must be set. */
	ck_assert_rv(F->C_OpenSession(p11t_slot(), 0, NULL, NULL, &h),
		     CKR_SESSION_PARALLEL_NOT_SUPPORTED);
}
END_TEST

START_TEST(test_session_info_ro_and_rw)
{
	CK_SESSION_INFO info;
	CK_SESSION_HANDLE ro = p11t_open(p11t_slot(), 0);
	CK_SESSION_HANDLE rw = p11t_open(p11t_slot(), 1);

	ck_assert_uint_ne(ro, rw);
	ck_assert_rv(F->C_GetSessionInfo(ro, NULL), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_GetSessionInfo(rw + 100, &info),
		     CKR_SESSION_HANDLE_INVALID);
	ck_assert_rv(F->C_GetSessionInfo(ro, &info), CKR_OK);
	ck_assert_uint_eq(info.slotID, p11t_slot());
	ck_assert_uint_eq(info.state, CKS_RO_PUBLIC_SESSION);
	ck_assert_uint_eq(info.flags, CKF_SERIAL_SESSION);
	ck_assert_rv(F->C_GetSessionInfo(rw, &info), CKR_OK);
	ck_assert_uint_eq(info.state, CKS_RW_PUBLIC_SESSION);
	ck_assert_uint_eq(info.flags, CKF_SERIAL_SESSION | CKF_RW_SESSION);
}
END_TEST

START_TEST(test_close_session_and_close_all)
{
	CK_SLOT_ID slot = p11t_slot();
	CK_SESSION_HANDLE a = p11t_open(slot, 0), b = p11t_open(slot, 1);
	CK_SESSION_HANDLE c = p11t_open(slot, 1);
	CK_SESSION_INFO info;

	ck_assert_rv(F->C_CloseSession(a), CKR_OK);
	ck_assert_rv(F->C_CloseSession(a), CKR_SESSION_HANDLE_INVALID);
	ck_assert_rv(F->C_CloseAllSessions(999), CKR_SLOT_ID_INVALID);
	ck_assert_rv(F->C_CloseAllSessions(slot), CKR_OK);
	ck_assert_rv(F->C_GetSessionInfo(b, &info), CKR_SESSION_HANDLE_INVALID);
	ck_assert_rv(F->C_CloseSession(c), CKR_SESSION_HANDLE_INVALID);
}
END_TEST

START_TEST(test_session_states_follow_user_login)
{
	CK_SESSION_HANDLE ro = p11t_open(p11t_slot(), 0);
	CK_SESSION_HANDLE rw = p11t_open(p11t_slot(), 1);

	ck_assert_rv(F->C_Login(ro, CKU_USER, PIN, 4), CKR_OK);
	ck_assert_uint_eq(state(ro), CKS_RO_USER_FUNCTIONS);
	ck_assert_uint_eq(state(rw), CKS_RW_USER_FUNCTIONS);
	ck_assert_rv(F->C_Login(rw, CKU_USER, PIN, 4),
		     CKR_USER_ALREADY_LOGGED_IN);
	ck_assert_rv(F->C_Login(rw, CKU_SO, PIN, 4),
		     CKR_USER_ANOTHER_ALREADY_LOGGED_IN);
	ck_assert_rv(F->C_Logout(ro), CKR_OK);
	ck_assert_uint_eq(state(ro), CKS_RO_PUBLIC_SESSION);
	ck_assert_uint_eq(state(rw), CKS_RW_PUBLIC_SESSION);
	ck_assert_rv(F->C_Logout(ro), CKR_USER_NOT_LOGGED_IN);
}
END_TEST

START_TEST(test_so_login_states_and_ro_rules)
{
	CK_SESSION_HANDLE ro = p11t_open(p11t_slot(), 0);
	CK_SESSION_HANDLE rw = p11t_open(p11t_slot(), 1);
	CK_SESSION_HANDLE h;

	/* §5.6: no SO login while a R/O session exists. */
	ck_assert_rv(F->C_Login(rw, CKU_SO, PIN, 4),
		     CKR_SESSION_READ_ONLY_EXISTS);
	ck_assert_rv(F->C_CloseSession(ro), CKR_OK);
	ck_assert_rv(F->C_Login(rw, CKU_SO, PIN, 4), CKR_OK);
	ck_assert_uint_eq(state(rw), CKS_RW_SO_FUNCTIONS);
	ck_assert_rv(F->C_Login(rw, CKU_SO, PIN, 4),
		     CKR_USER_ALREADY_LOGGED_IN);
	ck_assert_rv(F->C_Login(rw, CKU_USER, PIN, 4),
		     CKR_USER_ANOTHER_ALREADY_LOGGED_IN);
	/* No R/O session may join an SO. */
	ck_assert_rv(F->C_OpenSession(p11t_slot(), CKF_SERIAL_SESSION, NULL,
				      NULL, &h),
		     CKR_SESSION_READ_WRITE_SO_EXISTS);
	h = p11t_open(p11t_slot(), 1);
	ck_assert_uint_eq(state(h), CKS_RW_SO_FUNCTIONS);
	ck_assert_rv(F->C_Logout(rw), CKR_OK);
	ck_assert_uint_eq(state(h), CKS_RW_PUBLIC_SESSION);
}
END_TEST

START_TEST(test_login_bad_arguments)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);

	ck_assert_rv(F->C_Login(h, CKU_USER, NULL, 4), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_Login(h + 100, CKU_USER, PIN, 4),
		     CKR_SESSION_HANDLE_INVALID);
	ck_assert_rv(F->C_Login(h, 77, PIN, 4), CKR_USER_TYPE_INVALID);
	ck_assert_rv(F->C_Login(h, CKU_CONTEXT_SPECIFIC, PIN, 4),
		     CKR_OPERATION_NOT_INITIALIZED);
	ck_assert_rv(F->C_Logout(h + 100), CKR_SESSION_HANDLE_INVALID);
}
END_TEST

START_TEST(test_closing_last_session_logs_out)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);

	ck_assert_rv(F->C_Login(h, CKU_USER, PIN, 4), CKR_OK);
	ck_assert_rv(F->C_CloseSession(h), CKR_OK);
	h = p11t_open(p11t_slot(), 1);
	ck_assert_uint_eq(state(h), CKS_RW_PUBLIC_SESSION);
}
END_TEST

START_TEST(test_any_pin_logs_in_without_a_pin)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 0);

	ck_assert_rv(F->C_Login(h, CKU_USER, (CK_UTF8CHAR_PTR) "whatever", 8),
		     CKR_OK);
	ck_assert_rv(F->C_Logout(h), CKR_OK);
	ck_assert_rv(F->C_Login(h, CKU_USER, NULL, 0), CKR_OK);
}
END_TEST

START_TEST(test_session_object_dies_with_its_session)
{
	CK_SESSION_HANDLE a = p11t_open(p11t_slot(), 0);
	CK_SESSION_HANDLE b = p11t_open(p11t_slot(), 0);
	CK_OBJECT_CLASS cls = CKO_DATA;
	CK_ATTRIBUTE t[] = {{CKA_CLASS, &cls, sizeof(cls)},
			    {CKA_LABEL, "mine", 4}};
	CK_OBJECT_HANDLE o;

	ck_assert_rv(F->C_CreateObject(a, t, 2, &o), CKR_OK);
	/* Other sessions of the application see it. */
	ck_assert_uint_eq(p11t_find_label(b, CKO_DATA, "mine"), o);
	ck_assert_rv(F->C_CloseSession(a), CKR_OK);
	ck_assert_uint_eq(p11t_find_label(b, CKO_DATA, "mine"), 0);
	ck_assert_rv(F->C_GetAttributeValue(b, o, t, 1),
		     CKR_OBJECT_HANDLE_INVALID);
}
END_TEST

START_TEST(test_session_keys_are_destroyed_in_parsec_at_close)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 0);
	CK_OBJECT_HANDLE pub, priv;
	parsec_client_t *c = p11t_client();
	parsec_key_info_t *keys;
	size_t n, i, session_keys = 0;

	ck_assert_rv(p11t_gen_ec(h, p11t_p256, sizeof(p11t_p256), "sess",
				 CK_FALSE, &pub, &priv),
		     CKR_OK);
	ck_assert_int_eq(parsec_list_keys(c, &keys, &n), PARSEC_SUCCESS);
	for (i = 0; i < n; i++)
		session_keys +=
			strncmp(keys[i].name, "pkcs11-session-", 15) == 0;
	parsec_key_info_free(keys, n);
	ck_assert_uint_eq(session_keys, 1);
	ck_assert_rv(F->C_CloseSession(h), CKR_OK);
	ck_assert_int_eq(parsec_list_keys(c, &keys, &n), PARSEC_SUCCESS);
	parsec_key_info_free(keys, n);
	ck_assert_uint_eq(n, 0);
	parsec_client_free(c);
}
END_TEST

START_TEST(test_session_keys_are_destroyed_at_finalize)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 0);
	CK_OBJECT_HANDLE pub, priv;
	parsec_client_t *c = p11t_client();
	parsec_key_info_t *keys;
	size_t n;

	ck_assert_rv(p11t_gen_ec(h, p11t_p256, sizeof(p11t_p256), "sess",
				 CK_FALSE, &pub, &priv),
		     CKR_OK);
	ck_assert_rv(F->C_Finalize(NULL), CKR_OK);
	ck_assert_int_eq(parsec_list_keys(c, &keys, &n), PARSEC_SUCCESS);
	parsec_key_info_free(keys, n);
	ck_assert_uint_eq(n, 0);
	parsec_client_free(c);
}
END_TEST

/* §5.6 C_Logout: "all private session objects from sessions belonging
 * to the application are destroyed", with their Parsec keys; public
 * session objects and token objects stay. */
START_TEST(test_logout_destroys_private_session_objects)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_OBJECT_CLASS cls = CKO_DATA;
	CK_BBOOL yes = CK_TRUE;
	CK_ATTRIBUTE secret[] = {{CKA_CLASS, &cls, sizeof(cls)},
				 {CKA_PRIVATE, &yes, 1},
				 {CKA_LABEL, "secret", 6}};
	CK_ATTRIBUTE open[] = {{CKA_CLASS, &cls, sizeof(cls)},
			       {CKA_LABEL, "open", 4}};
	CK_MECHANISM m = {CKM_ECDSA, NULL, 0};
	CK_OBJECT_HANDLE sd, od, pub, priv, tpub, tpriv;
	parsec_client_t *c = p11t_client();
	parsec_key_info_t *keys;
	size_t n;

	ck_assert_rv(F->C_Login(h, CKU_USER, PIN, 4), CKR_OK);
	ck_assert_rv(F->C_CreateObject(h, secret, 3, &sd), CKR_OK);
	ck_assert_rv(F->C_CreateObject(h, open, 2, &od), CKR_OK);
	ck_assert_rv(p11t_gen_ec(h, p11t_p256, sizeof(p11t_p256), "sess",
				 CK_FALSE, &pub, &priv),
		     CKR_OK);
	ck_assert_rv(p11t_gen_ec(h, p11t_p256, sizeof(p11t_p256), "tok",
				 CK_TRUE, &tpub, &tpriv),
		     CKR_OK);
	ck_assert_rv(F->C_Logout(h), CKR_OK);
	ck_assert_rv(F->C_Login(h, CKU_USER, PIN, 4), CKR_OK);
	ck_assert_uint_eq(p11t_find_label(h, CKO_DATA, "secret"), 0);
	ck_assert_uint_eq(p11t_find_label(h, CKO_PRIVATE_KEY, "sess"), 0);
	ck_assert_rv(F->C_GetAttributeValue(h, sd, secret, 1),
		     CKR_OBJECT_HANDLE_INVALID);
	ck_assert_rv(F->C_SignInit(h, &m, priv), CKR_KEY_HANDLE_INVALID);
	ck_assert_uint_eq(p11t_find_label(h, CKO_DATA, "open"), od);
	ck_assert_uint_eq(p11t_find_label(h, CKO_PUBLIC_KEY, "sess"), pub);
	ck_assert_uint_eq(p11t_find_label(h, CKO_PRIVATE_KEY, "tok"), tpriv);
	/* Parsec keeps the token key only; the public key left behind
	 * still verifies and goes without a word to Parsec. */
	ck_assert_int_eq(parsec_list_keys(c, &keys, &n), PARSEC_SUCCESS);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_ne(strncmp(keys[0].name, "pkcs11-session-", 15), 0);
	parsec_key_info_free(keys, n);
	parsec_client_free(c);
	ck_assert_rv(F->C_VerifyInit(h, &m, pub), CKR_OK);
	ck_assert_rv(F->C_DestroyObject(h, pub), CKR_OK);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("module-sessions");
	TCase *tc = tcase_create("sessions");

	tcase_add_checked_fixture(tc, p11t_setup, p11t_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_open_session_bad_arguments);
	tcase_add_test(tc, test_session_info_ro_and_rw);
	tcase_add_test(tc, test_close_session_and_close_all);
	tcase_add_test(tc, test_session_states_follow_user_login);
	tcase_add_test(tc, test_so_login_states_and_ro_rules);
	tcase_add_test(tc, test_login_bad_arguments);
	tcase_add_test(tc, test_closing_last_session_logs_out);
	tcase_add_test(tc, test_any_pin_logs_in_without_a_pin);
	tcase_add_test(tc, test_session_object_dies_with_its_session);
	tcase_add_test(tc, test_session_keys_are_destroyed_in_parsec_at_close);
	tcase_add_test(tc, test_session_keys_are_destroyed_at_finalize);
	tcase_add_test(tc, test_logout_destroys_private_session_objects);
	suite_add_tcase(s, tc);
	return s;
}
