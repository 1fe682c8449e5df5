/*
 * test-module-general.c - C_Initialize arguments, C_Finalize, C_GetInfo,
 * C_GetFunctionList, the entry points the module does not offer
 * (recovery, wrapping, dual functions, operation state), and a NULL for
 * every pointer argument of every function.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/module/p11_test.h"

/* Application mutex callbacks that count their calls. */
static int n_create, n_destroy, n_lock, n_unlock;

static CK_RV app_create(void **m)
{
	n_create++;
	*m = malloc(1);
	return *m != NULL ? CKR_OK : CKR_HOST_MEMORY;
}

static CK_RV app_destroy(void *m)
{
	n_destroy++;
	free(m);
	return CKR_OK;
}

static CK_RV app_lock(void *m)
{
	(void)m;
	n_lock++;
	return CKR_OK;
}

static CK_RV app_unlock(void *m)
{
	(void)m;
	n_unlock++;
	return CKR_OK;
}

START_TEST(test_initialize_null_then_again_is_already_initialized)
{
	ck_assert_rv(F->C_Initialize(NULL), CKR_OK);
	ck_assert_rv(F->C_Initialize(NULL), CKR_CRYPTOKI_ALREADY_INITIALIZED);
	ck_assert_rv(F->C_Finalize(NULL), CKR_OK);
}
END_TEST

START_TEST(test_calls_before_initialize_are_not_initialized)
{
	CK_INFO info;
	CK_ULONG n = 0;
	CK_SESSION_HANDLE h;

	ck_assert_rv(F->C_GetInfo(&info), CKR_CRYPTOKI_NOT_INITIALIZED);
	ck_assert_rv(F->C_GetSlotList(CK_FALSE, NULL, &n),
		     CKR_CRYPTOKI_NOT_INITIALIZED);
	ck_assert_rv(F->C_OpenSession(1, CKF_SERIAL_SESSION, NULL, NULL, &h),
		     CKR_CRYPTOKI_NOT_INITIALIZED);
	ck_assert_rv(F->C_Finalize(NULL), CKR_CRYPTOKI_NOT_INITIALIZED);
	ck_assert_rv(F->C_Sign(1, NULL, 0, NULL, &n),
		     CKR_CRYPTOKI_NOT_INITIALIZED);
}
END_TEST

START_TEST(test_initialize_with_reserved_is_arguments_bad)
{
	CK_C_INITIALIZE_ARGS args;

	memset(&args, 0, sizeof(args));
	args.pReserved = &args;
	ck_assert_rv(F->C_Initialize(&args), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_Finalize(NULL), CKR_CRYPTOKI_NOT_INITIALIZED);
}
END_TEST

START_TEST(test_initialize_with_some_callbacks_is_arguments_bad)
{
	CK_C_INITIALIZE_ARGS args;

	memset(&args, 0, sizeof(args));
	args.CreateMutex = app_create;
	args.LockMutex = app_lock;
	ck_assert_rv(F->C_Initialize(&args), CKR_ARGUMENTS_BAD);
	args.flags = CKF_OS_LOCKING_OK;
	ck_assert_rv(F->C_Initialize(&args), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_Finalize(NULL), CKR_CRYPTOKI_NOT_INITIALIZED);
}
END_TEST

START_TEST(test_initialize_with_os_locking_works)
{
	CK_C_INITIALIZE_ARGS args;

	memset(&args, 0, sizeof(args));
	args.flags = CKF_OS_LOCKING_OK;
	ck_assert_rv(F->C_Initialize(&args), CKR_OK);
	ck_assert_uint_ge(p11t_slot(), 1);
	ck_assert_rv(F->C_Finalize(NULL), CKR_OK);
}
END_TEST

START_TEST(test_initialize_with_callbacks_uses_them)
{
	CK_C_INITIALIZE_ARGS args;
	CK_SESSION_HANDLE h;

	memset(&args, 0, sizeof(args));
	args.CreateMutex = app_create;
	args.DestroyMutex = app_destroy;
	args.LockMutex = app_lock;
	args.UnlockMutex = app_unlock;
	n_create = n_destroy = n_lock = n_unlock = 0;
	ck_assert_rv(F->C_Initialize(&args), CKR_OK);
	h = p11t_open(p11t_slot(), 0);
	ck_assert_rv(F->C_CloseSession(h), CKR_OK);
	ck_assert_int_ge(n_create, 1);
	ck_assert_int_ge(n_lock, 3);
	ck_assert_int_eq(n_lock, n_unlock);
	ck_assert_rv(F->C_Finalize(NULL), CKR_OK);
	ck_assert_int_eq(n_destroy, n_create);
}
END_TEST

START_TEST(test_initialize_with_callbacks_and_os_locking_ok_works)
{
	CK_C_INITIALIZE_ARGS args;

	memset(&args, 0, sizeof(args));
	args.CreateMutex = app_create;
	args.DestroyMutex = app_destroy;
	args.LockMutex = app_lock;
	args.UnlockMutex = app_unlock;
	args.flags = CKF_OS_LOCKING_OK;
	n_create = n_destroy = 0;
	ck_assert_rv(F->C_Initialize(&args), CKR_OK);
	ck_assert_uint_ge(p11t_slot(), 1);
	ck_assert_rv(F->C_Finalize(NULL), CKR_OK);
	/* Either kind of lock is allowed; whatever was made was freed. */
	ck_assert_int_eq(n_destroy, n_create);
}
END_TEST

START_TEST(test_initialize_cant_create_threads_works)
{
	CK_C_INITIALIZE_ARGS args;

	memset(&args, 0, sizeof(args));
	args.flags = CKF_LIBRARY_CANT_CREATE_OS_THREADS | CKF_OS_LOCKING_OK;
	ck_assert_rv(F->C_Initialize(&args), CKR_OK);
	ck_assert_uint_ge(p11t_slot(), 1);
	ck_assert_rv(F->C_Finalize(NULL), CKR_OK);
}
END_TEST

START_TEST(test_finalize_with_reserved_is_arguments_bad)
{
	int x;

	ck_assert_rv(F->C_Initialize(NULL), CKR_OK);
	ck_assert_rv(F->C_Finalize(&x), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_Finalize(NULL), CKR_OK);
}
END_TEST

START_TEST(test_reinitialize_after_finalize_works)
{
	CK_SESSION_HANDLE h;

	ck_assert_rv(F->C_Initialize(NULL), CKR_OK);
	h = p11t_open(p11t_slot(), 1);
	ck_assert_rv(F->C_Finalize(NULL), CKR_OK);
	ck_assert_rv(F->C_Initialize(NULL), CKR_OK);
	/* Sessions did not survive C_Finalize. */
	ck_assert_rv(F->C_CloseSession(h), CKR_SESSION_HANDLE_INVALID);
	ck_assert_rv(F->C_Finalize(NULL), CKR_OK);
}
END_TEST

START_TEST(test_bad_config_file_is_general_error)
{
	char path[] = "/tmp/p11t-conf.XXXXXX";
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_gt(write(fd, "no_such_key = 1\n", 16), 0);
	close(fd);
	setenv("PARSEC_PKCS11_CONF", path, 1);
	ck_assert_rv(F->C_Initialize(NULL), CKR_GENERAL_ERROR);
	unsetenv("PARSEC_PKCS11_CONF");
	unlink(path);
	ck_assert_rv(F->C_Initialize(NULL), CKR_OK);
	ck_assert_rv(F->C_Finalize(NULL), CKR_OK);
}
END_TEST

START_TEST(test_get_info_is_padded_and_v2_40)
{
	CK_INFO info;

	memset(&info, 0, sizeof(info));
	ck_assert_rv(F->C_GetInfo(NULL), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_GetInfo(&info), CKR_OK);
	ck_assert_uint_eq(info.cryptokiVersion.major, 2);
	ck_assert_uint_eq(info.cryptokiVersion.minor, 40);
	p11t_check_padded(info.manufacturerID, sizeof(info.manufacturerID));
	p11t_check_padded(info.libraryDescription,
			  sizeof(info.libraryDescription));
	ck_assert_uint_eq(info.manufacturerID[31], ' ');
	ck_assert_uint_eq(info.flags, 0);
}
END_TEST

START_TEST(test_get_function_list_is_complete)
{
	CK_FUNCTION_LIST_PTR list = NULL;
	CK_C_GetFunctionList get = F->C_GetFunctionList;
	void (**fn)(void);
	size_t i, n;

	ck_assert_rv(get(NULL), CKR_ARGUMENTS_BAD);
	ck_assert_rv(get(&list), CKR_OK);
	ck_assert_uint_eq(list->version.major, 2);
	ck_assert_uint_eq(list->version.minor, 40);
	fn = (void (**)(void))(void *)&list->C_Initialize;
	n = (sizeof(*list) - offsetof(CK_FUNCTION_LIST, C_Initialize)) /
	    sizeof(*fn);
	ck_assert_uint_eq(n, 68);
	for (i = 0; i < n; i++)
		ck_assert_msg(fn[i] != NULL, "function %zu is NULL", i);
}
END_TEST

/* What the module does not offer: the session is checked first. */
START_TEST(test_unoffered_functions_check_session_then_not_supported)
{
	CK_MECHANISM m = {CKM_RSA_PKCS, NULL, 0};
	CK_BYTE buf[64];
	CK_ULONG len = sizeof(buf);
	CK_OBJECT_HANDLE k;
	CK_SESSION_HANDLE h;

	ck_assert_rv(F->C_Initialize(NULL), CKR_OK);
	h = p11t_open(p11t_slot(), 0);
	ck_assert_rv(F->C_SignRecoverInit(h + 1000, &m, 1),
		     CKR_SESSION_HANDLE_INVALID);
	ck_assert_rv(F->C_SignRecoverInit(h, &m, 1),
		     CKR_FUNCTION_NOT_SUPPORTED);
	ck_assert_rv(F->C_SignRecover(h, buf, 1, buf, &len),
		     CKR_FUNCTION_NOT_SUPPORTED);
	ck_assert_rv(F->C_VerifyRecoverInit(h, &m, 1),
		     CKR_FUNCTION_NOT_SUPPORTED);
	ck_assert_rv(F->C_VerifyRecover(h, buf, 1, buf, &len),
		     CKR_FUNCTION_NOT_SUPPORTED);
	ck_assert_rv(F->C_WrapKey(h, &m, 1, 2, buf, &len),
		     CKR_FUNCTION_NOT_SUPPORTED);
	ck_assert_rv(F->C_UnwrapKey(h, &m, 1, buf, 1, NULL, 0, &k),
		     CKR_FUNCTION_NOT_SUPPORTED);
	ck_assert_rv(F->C_DigestEncryptUpdate(h, buf, 1, buf, &len),
		     CKR_FUNCTION_NOT_SUPPORTED);
	ck_assert_rv(F->C_GetOperationState(h, buf, &len),
		     CKR_FUNCTION_NOT_SUPPORTED);
	ck_assert_rv(F->C_SetOperationState(h, buf, len, 0, 0),
		     CKR_FUNCTION_NOT_SUPPORTED);
	ck_assert_rv(F->C_GetFunctionStatus(h), CKR_FUNCTION_NOT_PARALLEL);
	ck_assert_rv(F->C_CancelFunction(h), CKR_FUNCTION_NOT_PARALLEL);
	ck_assert_rv(F->C_WaitForSlotEvent(0, NULL, NULL),
		     CKR_FUNCTION_NOT_SUPPORTED);
	ck_assert_rv(F->C_Finalize(NULL), CKR_OK);
}
END_TEST

/* Every pointer argument the caller must give, left NULL: each call
 * returns CKR_ARGUMENTS_BAD (and never crashes). The operations get an
 * active operation first, so that the pointer is what is checked; a
 * bad pointer ends that operation (§5.2). */
START_TEST(test_every_null_pointer_is_arguments_bad)
{
	CK_SLOT_ID slot = p11t_slot(), slots[4];
	CK_SESSION_HANDLE h = p11t_open(slot, 1);
	CK_MECHANISM ecdsa = {CKM_ECDSA_SHA256, NULL, 0};
	CK_MECHANISM sha = {CKM_SHA256, NULL, 0};
	CK_MECHANISM ec_gen = {CKM_EC_KEY_PAIR_GEN, NULL, 0};
	CK_MECHANISM aes_gen = {CKM_AES_KEY_GEN, NULL, 0};
	CK_BYTE iv[12] = {0}, buf[256];
	CK_GCM_PARAMS gp = {iv, sizeof(iv), 96, NULL, 0, 128};
	CK_MECHANISM gcm = {CKM_AES_GCM, &gp, sizeof(gp)};
	CK_ECDH1_DERIVE_PARAMS dp = {CKD_NULL, 0, NULL, 0, NULL};
	CK_MECHANISM ecdh = {CKM_ECDH1_DERIVE, &dp, sizeof(dp)};
	CK_ULONG len = 16, n;
	CK_OBJECT_CLASS cls = CKO_DATA;
	CK_ATTRIBUTE data[] = {{CKA_CLASS, &cls, sizeof(cls)}};
	CK_ATTRIBUTE aes[] = {{CKA_VALUE_LEN, &len, sizeof(len)}};
	CK_ATTRIBUTE ec[] = {
		{CKA_EC_PARAMS, (void *)p11t_p256, sizeof(p11t_p256)}};
	CK_UTF8CHAR label[32];
	CK_OBJECT_HANDLE pub, priv, key, obj;
	CK_SESSION_HANDLE h2;

	memset(label, ' ', sizeof(label));
	ck_assert_rv(p11t_gen_ec(h, p11t_p256, sizeof(p11t_p256), "k", CK_TRUE,
				 &pub, &priv),
		     CKR_OK);
	ck_assert_rv(F->C_GenerateKey(h, &aes_gen, aes, 1, &key), CKR_OK);
	ck_assert_rv(F->C_CreateObject(h, data, 1, &obj), CKR_OK);
	/* General, slots and tokens. */
	ck_assert_rv(F->C_GetInfo(NULL), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_GetFunctionList(NULL), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_GetSlotList(CK_FALSE, NULL, NULL), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_GetSlotList(CK_TRUE, slots, NULL), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_GetSlotInfo(slot, NULL), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_GetTokenInfo(slot, NULL), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_GetMechanismList(slot, NULL, NULL),
		     CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_GetMechanismInfo(slot, CKM_SHA256, NULL),
		     CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_InitToken(slot, NULL, 4, label), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_InitToken(slot, (CK_UTF8CHAR_PTR) "1234", 4, NULL),
		     CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_InitPIN(h, NULL, 4), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_SetPIN(h, NULL, 4, (CK_UTF8CHAR_PTR) "1234", 4),
		     CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_SetPIN(h, (CK_UTF8CHAR_PTR) "1234", 4, NULL, 4),
		     CKR_ARGUMENTS_BAD);
	/* Sessions and login. */
	ck_assert_rv(
		F->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, NULL),
		CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_GetSessionInfo(h, NULL), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_Login(h, CKU_USER, NULL, 4), CKR_ARGUMENTS_BAD);
	/* Objects. */
	ck_assert_rv(F->C_CreateObject(h, NULL, 1, &h2), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_CreateObject(h, data, 1, NULL), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_CopyObject(h, obj, NULL, 1, &h2), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_CopyObject(h, obj, NULL, 0, NULL), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_GetObjectSize(h, obj, NULL), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_GetAttributeValue(h, obj, NULL, 1),
		     CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_SetAttributeValue(h, obj, NULL, 1),
		     CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_FindObjectsInit(h, NULL, 1), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_FindObjectsInit(h, NULL, 0), CKR_OK);
	ck_assert_rv(F->C_FindObjects(h, NULL, 1, &n), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_FindObjects(h, &obj, 1, NULL), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_FindObjectsFinal(h), CKR_OK);
	/* Signing and verifying. */
	ck_assert_rv(F->C_SignInit(h, NULL, priv), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_SignInit(h, &ecdsa, priv), CKR_OK);
	ck_assert_rv(F->C_Sign(h, NULL, 1, buf, &n), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_SignInit(h, &ecdsa, priv), CKR_OK);
	ck_assert_rv(F->C_Sign(h, buf, 1, buf, NULL), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_SignInit(h, &ecdsa, priv), CKR_OK);
	ck_assert_rv(F->C_SignUpdate(h, NULL, 1), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_SignInit(h, &ecdsa, priv), CKR_OK);
	ck_assert_rv(F->C_SignFinal(h, buf, NULL), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_VerifyInit(h, NULL, pub), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_VerifyInit(h, &ecdsa, pub), CKR_OK);
	ck_assert_rv(F->C_Verify(h, NULL, 1, buf, 64), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_VerifyInit(h, &ecdsa, pub), CKR_OK);
	ck_assert_rv(F->C_Verify(h, buf, 1, NULL, 64), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_VerifyInit(h, &ecdsa, pub), CKR_OK);
	ck_assert_rv(F->C_VerifyUpdate(h, NULL, 1), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_VerifyInit(h, &ecdsa, pub), CKR_OK);
	ck_assert_rv(F->C_VerifyFinal(h, NULL, 64), CKR_ARGUMENTS_BAD);
	/* Encrypting and decrypting (AES-GCM: multi-part). */
	ck_assert_rv(F->C_EncryptInit(h, NULL, key), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_EncryptInit(h, &gcm, key), CKR_OK);
	ck_assert_rv(F->C_Encrypt(h, NULL, 1, buf, &n), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_EncryptInit(h, &gcm, key), CKR_OK);
	ck_assert_rv(F->C_Encrypt(h, buf, 1, buf, NULL), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_EncryptInit(h, &gcm, key), CKR_OK);
	ck_assert_rv(F->C_EncryptUpdate(h, NULL, 1, buf, &n),
		     CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_EncryptInit(h, &gcm, key), CKR_OK);
	ck_assert_rv(F->C_EncryptUpdate(h, buf, 1, buf, NULL),
		     CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_EncryptInit(h, &gcm, key), CKR_OK);
	ck_assert_rv(F->C_EncryptFinal(h, buf, NULL), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_DecryptInit(h, NULL, key), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_DecryptInit(h, &gcm, key), CKR_OK);
	ck_assert_rv(F->C_Decrypt(h, NULL, 16, buf, &n), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_DecryptInit(h, &gcm, key), CKR_OK);
	ck_assert_rv(F->C_Decrypt(h, buf, 16, buf, NULL), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_DecryptInit(h, &gcm, key), CKR_OK);
	ck_assert_rv(F->C_DecryptUpdate(h, NULL, 1, buf, &n),
		     CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_DecryptInit(h, &gcm, key), CKR_OK);
	ck_assert_rv(F->C_DecryptUpdate(h, buf, 1, buf, NULL),
		     CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_DecryptInit(h, &gcm, key), CKR_OK);
	ck_assert_rv(F->C_DecryptFinal(h, buf, NULL), CKR_ARGUMENTS_BAD);
	/* Digests. */
	ck_assert_rv(F->C_DigestInit(h, NULL), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_DigestInit(h, &sha), CKR_OK);
	ck_assert_rv(F->C_Digest(h, NULL, 1, buf, &n), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_DigestInit(h, &sha), CKR_OK);
	ck_assert_rv(F->C_Digest(h, buf, 1, buf, NULL), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_DigestInit(h, &sha), CKR_OK);
	ck_assert_rv(F->C_DigestUpdate(h, NULL, 1), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_DigestInit(h, &sha), CKR_OK);
	ck_assert_rv(F->C_DigestFinal(h, buf, NULL), CKR_ARGUMENTS_BAD);
	/* Keys. */
	ck_assert_rv(F->C_GenerateKey(h, NULL, aes, 1, &h2), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_GenerateKey(h, &aes_gen, NULL, 1, &h2),
		     CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_GenerateKey(h, &aes_gen, aes, 1, NULL),
		     CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_GenerateKeyPair(h, NULL, ec, 1, NULL, 0, &pub, &priv),
		     CKR_ARGUMENTS_BAD);
	ck_assert_rv(
		F->C_GenerateKeyPair(h, &ec_gen, NULL, 1, NULL, 0, &pub, &priv),
		CKR_ARGUMENTS_BAD);
	ck_assert_rv(
		F->C_GenerateKeyPair(h, &ec_gen, ec, 1, NULL, 1, &pub, &priv),
		CKR_ARGUMENTS_BAD);
	ck_assert_rv(
		F->C_GenerateKeyPair(h, &ec_gen, ec, 1, NULL, 0, NULL, &priv),
		CKR_ARGUMENTS_BAD);
	ck_assert_rv(
		F->C_GenerateKeyPair(h, &ec_gen, ec, 1, NULL, 0, &pub, NULL),
		CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_DeriveKey(h, NULL, priv, NULL, 0, &h2),
		     CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_DeriveKey(h, &ecdh, priv, NULL, 1, &h2),
		     CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_DeriveKey(h, &ecdh, priv, NULL, 0, NULL),
		     CKR_ARGUMENTS_BAD);
	/* Random numbers. */
	ck_assert_rv(F->C_SeedRandom(h, NULL, 1), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_GenerateRandom(h, NULL, 1), CKR_ARGUMENTS_BAD);
	/* None of it left an operation behind. */
	ck_assert_rv(F->C_SignInit(h, &ecdsa, priv), CKR_OK);
	ck_assert_rv(F->C_DigestInit(h, &sha), CKR_OK);
	ck_assert_rv(F->C_EncryptInit(h, &gcm, key), CKR_OK);
	ck_assert_rv(F->C_DecryptInit(h, &gcm, key), CKR_OK);
	ck_assert_rv(F->C_VerifyInit(h, &ecdsa, pub), CKR_OK);
}
END_TEST

/* C_Finalize with operations of every kind active (a find, a
 * multi-part signature and digest, AES-GCM data collected): all freed
 * (the sanitizer build checks), and none of it survives C_Initialize. */
START_TEST(test_finalize_ends_active_operations)
{
	CK_SESSION_HANDLE h = p11t_open(p11t_slot(), 1);
	CK_MECHANISM ecdsa = {CKM_ECDSA_SHA256, NULL, 0};
	CK_MECHANISM sha = {CKM_SHA256, NULL, 0};
	CK_MECHANISM aes_gen = {CKM_AES_KEY_GEN, NULL, 0};
	CK_BYTE iv[12] = {0}, buf[64] = {0};
	CK_GCM_PARAMS gp = {iv, sizeof(iv), 96, NULL, 0, 128};
	CK_MECHANISM gcm = {CKM_AES_GCM, &gp, sizeof(gp)};
	CK_ULONG len = 16, n = sizeof(buf);
	CK_ATTRIBUTE aes[] = {{CKA_VALUE_LEN, &len, sizeof(len)}};
	CK_OBJECT_HANDLE pub, priv, key;

	ck_assert_rv(p11t_gen_ec(h, p11t_p256, sizeof(p11t_p256), "k", CK_FALSE,
				 &pub, &priv),
		     CKR_OK);
	ck_assert_rv(F->C_GenerateKey(h, &aes_gen, aes, 1, &key), CKR_OK);
	ck_assert_rv(F->C_FindObjectsInit(h, NULL, 0), CKR_OK);
	ck_assert_rv(F->C_SignInit(h, &ecdsa, priv), CKR_OK);
	ck_assert_rv(F->C_SignUpdate(h, buf, sizeof(buf)), CKR_OK);
	ck_assert_rv(F->C_DigestInit(h, &sha), CKR_OK);
	ck_assert_rv(F->C_DigestUpdate(h, buf, sizeof(buf)), CKR_OK);
	ck_assert_rv(F->C_EncryptInit(h, &gcm, key), CKR_OK);
	ck_assert_rv(F->C_EncryptUpdate(h, buf, sizeof(buf), buf, &n), CKR_OK);
	ck_assert_rv(F->C_Finalize(NULL), CKR_OK);
	ck_assert_rv(F->C_SignUpdate(h, buf, 1), CKR_CRYPTOKI_NOT_INITIALIZED);
	ck_assert_rv(F->C_Initialize(NULL), CKR_OK);
	ck_assert_rv(F->C_SignUpdate(h, buf, 1), CKR_SESSION_HANDLE_INVALID);
	ck_assert_rv(F->C_FindObjectsFinal(h), CKR_SESSION_HANDLE_INVALID);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("module-general");
	TCase *tc = tcase_create("general");

	tcase_add_checked_fixture(tc, p11t_setup_no_init, p11t_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc,
		       test_initialize_null_then_again_is_already_initialized);
	tcase_add_test(tc, test_calls_before_initialize_are_not_initialized);
	tcase_add_test(tc, test_initialize_with_reserved_is_arguments_bad);
	tcase_add_test(tc,
		       test_initialize_with_some_callbacks_is_arguments_bad);
	tcase_add_test(tc, test_initialize_with_os_locking_works);
	tcase_add_test(tc, test_initialize_with_callbacks_uses_them);
	tcase_add_test(tc,
		       test_initialize_with_callbacks_and_os_locking_ok_works);
	tcase_add_test(tc, test_initialize_cant_create_threads_works);
	tcase_add_test(tc, test_finalize_with_reserved_is_arguments_bad);
	tcase_add_test(tc, test_reinitialize_after_finalize_works);
	tcase_add_test(tc, test_bad_config_file_is_general_error);
	tcase_add_test(tc, test_get_function_list_is_complete);
	tcase_add_test(
		tc, test_unoffered_functions_check_session_then_not_supported);
	suite_add_tcase(s, tc);
	tc = tcase_create("info");
	tcase_add_checked_fixture(tc, p11t_setup, p11t_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_get_info_is_padded_and_v2_40);
	tcase_add_test(tc, test_every_null_pointer_is_arguments_bad);
	tcase_add_test(tc, test_finalize_ends_active_operations);
	suite_add_tcase(s, tc);
	return s;
}
