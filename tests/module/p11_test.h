/*
 * p11_test.h - shared by the module's integration tests: load the built
 * module (PARSEC_PKCS11_MODULE) with dlopen, start the Parsec test double
 * (or use PARSEC_TEST_ENDPOINT) with a private store, and small helpers
 * around the function list.
 *
 * Every test binary provides make_suite(); p11_test_main.c runs it.
 */
#ifndef TESTS_MODULE_P11_TEST_H
#define TESTS_MODULE_P11_TEST_H

#include <check.h>
#include <stddef.h>
#include <stdint.h>

#include <p11-kit/pkcs11.h>

#include "parsec/parsec.h"
#include "tests/common/test_service.h"

extern CK_FUNCTION_LIST_PTR F;
extern test_service_t p11t_svc;

Suite *make_suite(void);

/* Starts the service with a private store and application name, and
 * C_Initialize(NULL)s the module. p11t_teardown finalises (if needed),
 * removes keys made on a real service, and stops everything. */
void p11t_setup(void);
void p11t_setup_tpm(void);
void p11t_setup_opts(const test_service_opts_t *opts, int init);
void p11t_teardown(void);

/* The environment without initialising the module. */
void p11t_setup_no_init(void);

int p11t_external(void);
/* Prints why a part is skipped; returns 1 when it must be. */
int p11t_skip_external(const char *what);

/* Requests the double has logged so far (-1 with a real service). */
long p11t_requests(void);

/* A Parsec client speaking as the module's application. */
parsec_client_t *p11t_client(void);

CK_SLOT_ID p11t_slot(void); /* the first slot (Mbed Crypto, id 1) */
CK_SESSION_HANDLE p11t_open(CK_SLOT_ID slot, int rw);

CK_RV p11t_gen_rsa(CK_SESSION_HANDLE h, CK_ULONG bits, const char *label,
		   CK_BBOOL token, CK_OBJECT_HANDLE *pub,
		   CK_OBJECT_HANDLE *priv);
CK_RV p11t_gen_ec(CK_SESSION_HANDLE h, const uint8_t *params, size_t len,
		  const char *label, CK_BBOOL token, CK_OBJECT_HANDLE *pub,
		  CK_OBJECT_HANDLE *priv);
/* Like the above with extra private-template attributes appended. */
CK_RV p11t_gen_ec_with(CK_SESSION_HANDLE h, const char *label, CK_BBOOL token,
		       const CK_ATTRIBUTE *extra, CK_ULONG n_extra,
		       CK_OBJECT_HANDLE *pub, CK_OBJECT_HANDLE *priv);

extern const uint8_t p11t_p256[10];
extern const uint8_t p11t_p384[7];

/* Attribute helpers: the value (malloc'd) and length, or aborts. */
uint8_t *p11t_attr(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE o,
		   CK_ATTRIBUTE_TYPE type, CK_ULONG *len);
CK_BBOOL p11t_bool(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE o,
		   CK_ATTRIBUTE_TYPE type);
CK_ULONG p11t_ulong(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE o,
		    CK_ATTRIBUTE_TYPE type);

/* Finds objects with a template; returns how many (up to max). */
CK_ULONG p11t_find(CK_SESSION_HANDLE h, CK_ATTRIBUTE *tmpl, CK_ULONG n,
		   CK_OBJECT_HANDLE *out, CK_ULONG max);
/* Finds by class and label; 0 when absent. */
CK_OBJECT_HANDLE p11t_find_label(CK_SESSION_HANDLE h, CK_OBJECT_CLASS cls,
				 const char *label);

/* Checks that a fixed-size text field is space-padded printable text. */
void p11t_check_padded(const CK_UTF8CHAR *field, size_t size);

#define ck_assert_rv(call, expected)                                           \
	do {                                                                   \
		CK_RV rv_ = (call);                                            \
		ck_assert_msg(rv_ == (CK_RV)(expected),                        \
			      "%s: got 0x%lx, expected 0x%lx (%s)", #call,     \
			      (unsigned long)rv_, (unsigned long)(expected),   \
			      #expected);                                      \
	} while (0)

#endif
