/*
 * p11_test.c - the harness of the module's integration tests.
 */
#include "tests/module/p11_test.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

CK_FUNCTION_LIST_PTR F;
test_service_t p11t_svc;

static void *module_handle;
static char store_dir[64];
static char app_name[64];
static int initialised;

const uint8_t p11t_p256[10] = {0x06, 0x08, 0x2a, 0x86, 0x48,
			       0xce, 0x3d, 0x03, 0x01, 0x07};
const uint8_t p11t_p384[7] = {0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22};

static void load_module(void)
{
	const char *path = getenv("PARSEC_PKCS11_MODULE");
	CK_C_GetFunctionList get;

	if (module_handle != NULL)
		return;
	if (path == NULL)
		path = "module/.libs/libparsec-pkcs11.so";
	module_handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	ck_assert_msg(module_handle != NULL, "dlopen %s: %s", path, dlerror());
	get = (CK_C_GetFunctionList)dlsym(module_handle, "C_GetFunctionList");
	ck_assert_ptr_nonnull(get);
	ck_assert_int_eq(get(&F), CKR_OK);
}

void p11t_setup_opts(const test_service_opts_t *opts, int init)
{
	static unsigned counter;
	char uri[128];

	load_module();
	ck_assert_int_eq(test_service_start(opts, &p11t_svc), 0);
	strcpy(store_dir, "/tmp/p11t-store.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(store_dir));
	snprintf(uri, sizeof(uri), "sqlite:%s/metadata.sqlite", store_dir);
	setenv("PARSEC_PKCS11_STORE", uri, 1);
	/* A fresh application per test: keys on a real service stay apart. */
	snprintf(app_name, sizeof(app_name), "p11t-%ld-%u", (long)getpid(),
		 counter++);
	setenv("PARSEC_PKCS11_APP_NAME", app_name, 1);
	unsetenv("PARSEC_PKCS11_AUTH");
	setenv("PARSEC_PKCS11_PIN_ITERATIONS", "1000", 1);
	if (getenv("PARSEC_PKCS11_LOG_LEVEL") == NULL)
		setenv("PARSEC_PKCS11_LOG_LEVEL", "error", 1);
	unsetenv("PARSEC_PKCS11_CONF");
	unsetenv("PARSEC_PKCS11_PROVIDERS");
	initialised = 0;
	if (init) {
		ck_assert_rv(F->C_Initialize(NULL), CKR_OK);
		initialised = 1;
	}
}

void p11t_setup(void)
{
	p11t_setup_opts(NULL, 1);
}

void p11t_setup_tpm(void)
{
	test_service_opts_t opts = {.tpm = 1};

	p11t_setup_opts(&opts, 1);
}

void p11t_setup_no_init(void)
{
	p11t_setup_opts(NULL, 0);
}

parsec_client_t *p11t_client(void)
{
	parsec_client_config_t cfg;
	parsec_client_t *c = NULL;

	memset(&cfg, 0, sizeof(cfg));
	cfg.endpoint = p11t_svc.endpoint;
	cfg.auth = PARSEC_AUTH_CHOICE_AUTO;
	cfg.app_name = app_name;
	ck_assert_int_eq(parsec_client_new(&cfg, &c), PARSEC_SUCCESS);
	return c;
}

/* On a real service, the keys a test made must not stay behind. */
static void wipe_keys(void)
{
	parsec_client_t *c = p11t_client();
	parsec_key_info_t *keys = NULL;
	size_t n = 0;

	if (parsec_list_keys(c, &keys, &n) == PARSEC_SUCCESS)
		for (size_t i = 0; i < n; i++)
			parsec_destroy_key(c, (uint8_t)keys[i].provider_id,
					   keys[i].name);
	parsec_key_info_free(keys, n);
	parsec_client_free(c);
}

void p11t_teardown(void)
{
	char cmd[128];

	if (F != NULL)
		F->C_Finalize(NULL);
	if (p11t_external())
		wipe_keys();
	test_service_stop(&p11t_svc);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", store_dir);
	if (store_dir[0] != '\0' && system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", store_dir);
}

int p11t_external(void)
{
	return test_service_is_external(&p11t_svc);
}

int p11t_skip_external(const char *what)
{
	if (!p11t_external())
		return 0;
	printf("SKIP (real service via PARSEC_TEST_ENDPOINT): %s\n", what);
	return 1;
}

long p11t_requests(void)
{
	FILE *f;
	long n = 0;
	int ch;

	if (p11t_external())
		return -1;
	f = fopen(p11t_svc.log_path, "r");
	if (f == NULL)
		return 0;
	while ((ch = fgetc(f)) != EOF)
		n += ch == '\n';
	fclose(f);
	return n;
}

CK_SLOT_ID p11t_slot(void)
{
	CK_SLOT_ID slots[8];
	CK_ULONG n = 8;

	ck_assert_rv(F->C_GetSlotList(CK_TRUE, slots, &n), CKR_OK);
	ck_assert_uint_ge(n, 1);
	return slots[0];
}

CK_SESSION_HANDLE p11t_open(CK_SLOT_ID slot, int rw)
{
	CK_SESSION_HANDLE h = 0;

	ck_assert_rv(
		F->C_OpenSession(slot,
				 CKF_SERIAL_SESSION | (rw ? CKF_RW_SESSION : 0),
				 NULL, NULL, &h),
		CKR_OK);
	return h;
}

CK_RV p11t_gen_rsa(CK_SESSION_HANDLE h, CK_ULONG bits, const char *label,
		   CK_BBOOL token, CK_OBJECT_HANDLE *pub,
		   CK_OBJECT_HANDLE *priv)
{
	CK_MECHANISM m = {CKM_RSA_PKCS_KEY_PAIR_GEN, NULL, 0};
	CK_BYTE e[] = {1, 0, 1};
	CK_BBOOL yes = CK_TRUE;
	CK_ATTRIBUTE pt[] = {
		{CKA_TOKEN, &token, sizeof(token)},
		{CKA_MODULUS_BITS, &bits, sizeof(bits)},
		{CKA_PUBLIC_EXPONENT, e, sizeof(e)},
		{CKA_LABEL, (void *)label, strlen(label)},
		{CKA_VERIFY, &yes, sizeof(yes)},
	};
	CK_ATTRIBUTE st[] = {
		{CKA_TOKEN, &token, sizeof(token)},
		{CKA_LABEL, (void *)label, strlen(label)},
		{CKA_SIGN, &yes, sizeof(yes)},
	};

	return F->C_GenerateKeyPair(h, &m, pt, 5, st, 3, pub, priv);
}

CK_RV p11t_gen_ec_with(CK_SESSION_HANDLE h, const char *label, CK_BBOOL token,
		       const CK_ATTRIBUTE *extra, CK_ULONG n_extra,
		       CK_OBJECT_HANDLE *pub, CK_OBJECT_HANDLE *priv)
{
	CK_MECHANISM m = {CKM_EC_KEY_PAIR_GEN, NULL, 0};
	CK_ATTRIBUTE pt[] = {
		{CKA_TOKEN, &token, sizeof(token)},
		{CKA_EC_PARAMS, (void *)p11t_p256, sizeof(p11t_p256)},
		{CKA_LABEL, (void *)label, strlen(label)},
	};
	CK_ATTRIBUTE st[16] = {
		{CKA_TOKEN, &token, sizeof(token)},
		{CKA_LABEL, (void *)label, strlen(label)},
	};

	ck_assert_uint_le(n_extra, 14);
	memcpy(&st[2], extra, n_extra * sizeof(*extra));
	return F->C_GenerateKeyPair(h, &m, pt, 3, st, 2 + n_extra, pub, priv);
}

CK_RV p11t_gen_ec(CK_SESSION_HANDLE h, const uint8_t *params, size_t len,
		  const char *label, CK_BBOOL token, CK_OBJECT_HANDLE *pub,
		  CK_OBJECT_HANDLE *priv)
{
	CK_MECHANISM m = {CKM_EC_KEY_PAIR_GEN, NULL, 0};
	CK_BBOOL yes = CK_TRUE;
	CK_ATTRIBUTE pt[] = {
		{CKA_TOKEN, &token, sizeof(token)},
		{CKA_EC_PARAMS, (void *)params, len},
		{CKA_LABEL, (void *)label, strlen(label)},
	};
	CK_ATTRIBUTE st[] = {
		{CKA_TOKEN, &token, sizeof(token)},
		{CKA_LABEL, (void *)label, strlen(label)},
		{CKA_SIGN, &yes, sizeof(yes)},
	};

	return F->C_GenerateKeyPair(h, &m, pt, 3, st, 3, pub, priv);
}

uint8_t *p11t_attr(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE o,
		   CK_ATTRIBUTE_TYPE type, CK_ULONG *len)
{
	CK_ATTRIBUTE a = {type, NULL, 0};
	uint8_t *v;

	ck_assert_rv(F->C_GetAttributeValue(h, o, &a, 1), CKR_OK);
	v = malloc(a.ulValueLen + 1);
	ck_assert_ptr_nonnull(v);
	a.pValue = v;
	ck_assert_rv(F->C_GetAttributeValue(h, o, &a, 1), CKR_OK);
	*len = a.ulValueLen;
	return v;
}

CK_BBOOL p11t_bool(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE o,
		   CK_ATTRIBUTE_TYPE type)
{
	CK_BBOOL v = 2;
	CK_ATTRIBUTE a = {type, &v, sizeof(v)};

	ck_assert_rv(F->C_GetAttributeValue(h, o, &a, 1), CKR_OK);
	ck_assert_uint_eq(a.ulValueLen, sizeof(v));
	return v;
}

CK_ULONG p11t_ulong(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE o,
		    CK_ATTRIBUTE_TYPE type)
{
	CK_ULONG v = 0;
	CK_ATTRIBUTE a = {type, &v, sizeof(v)};

	ck_assert_rv(F->C_GetAttributeValue(h, o, &a, 1), CKR_OK);
	ck_assert_uint_eq(a.ulValueLen, sizeof(v));
	return v;
}

CK_ULONG p11t_find(CK_SESSION_HANDLE h, CK_ATTRIBUTE *tmpl, CK_ULONG n,
		   CK_OBJECT_HANDLE *out, CK_ULONG max)
{
	CK_ULONG count = 0;

	ck_assert_rv(F->C_FindObjectsInit(h, tmpl, n), CKR_OK);
	ck_assert_rv(F->C_FindObjects(h, out, max, &count), CKR_OK);
	ck_assert_rv(F->C_FindObjectsFinal(h), CKR_OK);
	return count;
}

CK_OBJECT_HANDLE p11t_find_label(CK_SESSION_HANDLE h, CK_OBJECT_CLASS cls,
				 const char *label)
{
	CK_ATTRIBUTE t[] = {
		{CKA_CLASS, &cls, sizeof(cls)},
		{CKA_LABEL, (void *)label, strlen(label)},
	};
	CK_OBJECT_HANDLE o[2] = {0, 0};
	CK_ULONG n = p11t_find(h, t, 2, o, 2);

	ck_assert_uint_le(n, 1);
	return n == 1 ? o[0] : 0;
}

void p11t_check_padded(const CK_UTF8CHAR *field, size_t size)
{
	size_t i;

	for (i = 0; i < size; i++)
		ck_assert_msg(field[i] >= 0x20 && field[i] != 0x7f,
			      "byte %zu of a text field is 0x%02x", i,
			      field[i]);
}

int main(void)
{
	SRunner *sr = srunner_create(make_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	if (module_handle != NULL)
		dlclose(module_handle);
	return failed == 0 ? 0 : 1;
}
