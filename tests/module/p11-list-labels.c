/*
 * p11-list-labels.c - a second process for the module's tests: loads the
 * module (PARSEC_PKCS11_MODULE), and
 *   p11-list-labels             prints "CLASS LABEL" for every object of
 *                               the first slot (CLASS: priv, pub, cert,
 *                               data);
 *   p11-list-labels data LABEL  creates a token data object.
 * Exits 0 on success, 1 with a message otherwise.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <p11-kit/pkcs11.h>

static CK_FUNCTION_LIST_PTR F;

static int fail(const char *what, CK_RV rv)
{
	fprintf(stderr, "p11-list-labels: %s: 0x%lx\n", what,
		(unsigned long)rv);
	return 1;
}

static const char *class_name(CK_OBJECT_CLASS c)
{
	switch (c) {
	case CKO_PRIVATE_KEY:
		return "priv";
	case CKO_PUBLIC_KEY:
		return "pub";
	case CKO_CERTIFICATE:
		return "cert";
	case CKO_DATA:
		return "data";
	default:
		return "other";
	}
}

static int list(CK_SESSION_HANDLE h)
{
	CK_OBJECT_HANDLE objs[64];
	CK_ULONG n = 0, i;
	CK_RV rv;

	rv = F->C_FindObjectsInit(h, NULL, 0);
	if (rv == CKR_OK)
		rv = F->C_FindObjects(h, objs, 64, &n);
	if (rv == CKR_OK)
		rv = F->C_FindObjectsFinal(h);
	if (rv != CKR_OK)
		return fail("find", rv);
	for (i = 0; i < n; i++) {
		CK_OBJECT_CLASS cls;
		char label[256];
		CK_ATTRIBUTE t[] = {{CKA_CLASS, &cls, sizeof(cls)},
				    {CKA_LABEL, label, sizeof(label) - 1}};

		rv = F->C_GetAttributeValue(h, objs[i], t, 2);
		if (rv != CKR_OK)
			return fail("attributes", rv);
		label[t[1].ulValueLen] = '\0';
		printf("%s %s\n", class_name(cls), label);
	}
	return 0;
}

static int create_data(CK_SESSION_HANDLE h, const char *label)
{
	CK_OBJECT_CLASS cls = CKO_DATA;
	CK_BBOOL yes = CK_TRUE;
	CK_ATTRIBUTE t[] = {{CKA_CLASS, &cls, sizeof(cls)},
			    {CKA_TOKEN, &yes, 1},
			    {CKA_LABEL, (void *)label, strlen(label)}};
	CK_OBJECT_HANDLE o;
	CK_RV rv = F->C_CreateObject(h, t, 3, &o);

	return rv == CKR_OK ? 0 : fail("create", rv);
}

int main(int argc, char **argv)
{
	const char *path = getenv("PARSEC_PKCS11_MODULE");
	CK_C_GetFunctionList get;
	CK_SLOT_ID slot;
	CK_ULONG n = 1;
	CK_SESSION_HANDLE h;
	void *lib;
	int ret;
	CK_RV rv;

	lib = dlopen(path ? path : "module/.libs/libparsec-pkcs11.so",
		     RTLD_NOW);
	if (lib == NULL) {
		fprintf(stderr, "p11-list-labels: %s\n", dlerror());
		return 1;
	}
	get = (CK_C_GetFunctionList)dlsym(lib, "C_GetFunctionList");
	if (get == NULL || get(&F) != CKR_OK)
		return fail("C_GetFunctionList", 0);
	rv = F->C_Initialize(NULL);
	if (rv == CKR_OK)
		rv = F->C_GetSlotList(CK_TRUE, &slot, &n);
	if (rv == CKR_OK && n == 0)
		rv = CKR_TOKEN_NOT_PRESENT;
	if (rv == CKR_OK)
		rv = F->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION,
				      NULL, NULL, &h);
	if (rv != CKR_OK)
		return fail("start", rv);
	if (argc == 3 && strcmp(argv[1], "data") == 0)
		ret = create_data(h, argv[2]);
	else
		ret = list(h);
	F->C_Finalize(NULL);
	dlclose(lib);
	return ret;
}
