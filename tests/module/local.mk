# tests/module/: integration tests of the PKCS#11 module. The C tests
# dlopen the built module (PARSEC_PKCS11_MODULE) and drive it through
# C_GetFunctionList against the Parsec test double (or the real service
# named by PARSEC_TEST_ENDPOINT); the shell test runs pkcs11-tool.
MODULE_TEST_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(P11KIT_CFLAGS) \
	$(CRYPTO_CFLAGS)
MODULE_TEST_LDADD = tests/common/libtestservice.la $(PARSEC_CLIENT_LIBS) \
	$(CHECK_LIBS) $(CRYPTO_LIBS) $(PTHREAD_LIBS) -ldl
MODULE_TEST_MAIN = tests/module/p11_test.c tests/module/p11_test.h
# The mechanism tests also rebuild public keys and verify with OpenSSL.
MODULE_TEST_CRYPTO = $(MODULE_TEST_MAIN) tests/module/p11_crypto.c \
	tests/module/p11_crypto.h

MODULE_TESTS = \
	tests/module/test-module-general \
	tests/module/test-module-slots \
	tests/module/test-module-sessions \
	tests/module/test-module-pin \
	tests/module/test-module-keys \
	tests/module/test-module-objects \
	tests/module/test-module-store \
	tests/module/test-module-service \
	tests/module/test-module-mechanisms \
	tests/module/test-module-sign \
	tests/module/test-module-crypt \
	tests/module/test-module-derive \
	tests/module/test-module-digest-random \
	tests/module/test-mapping-objects
check_PROGRAMS += $(MODULE_TESTS) tests/module/p11-list-labels
TESTS += $(MODULE_TESTS) tests/module/test-pkcs11-tool-token.sh
EXTRA_DIST += tests/module/test-pkcs11-tool-token.sh tests/module/README.md

# The module must be built before its tests run.
$(MODULE_TESTS) tests/module/p11-list-labels: module/libparsec-pkcs11.la

tests_module_test_module_general_SOURCES = \
	tests/module/test-module-general.c $(MODULE_TEST_MAIN)
tests_module_test_module_general_CFLAGS = $(MODULE_TEST_CFLAGS)
tests_module_test_module_general_LDADD = $(MODULE_TEST_LDADD)

tests_module_test_module_slots_SOURCES = \
	tests/module/test-module-slots.c $(MODULE_TEST_MAIN)
tests_module_test_module_slots_CFLAGS = $(MODULE_TEST_CFLAGS)
tests_module_test_module_slots_LDADD = $(MODULE_TEST_LDADD)

tests_module_test_module_sessions_SOURCES = \
	tests/module/test-module-sessions.c $(MODULE_TEST_MAIN)
tests_module_test_module_sessions_CFLAGS = $(MODULE_TEST_CFLAGS)
tests_module_test_module_sessions_LDADD = $(MODULE_TEST_LDADD)

tests_module_test_module_pin_SOURCES = \
	tests/module/test-module-pin.c $(MODULE_TEST_MAIN)
tests_module_test_module_pin_CFLAGS = $(MODULE_TEST_CFLAGS)
tests_module_test_module_pin_LDADD = $(MODULE_TEST_LDADD)

tests_module_test_module_keys_SOURCES = \
	tests/module/test-module-keys.c $(MODULE_TEST_CRYPTO)
tests_module_test_module_keys_CFLAGS = $(MODULE_TEST_CFLAGS)
tests_module_test_module_keys_LDADD = $(MODULE_TEST_LDADD)

tests_module_test_module_objects_SOURCES = \
	tests/module/test-module-objects.c $(MODULE_TEST_MAIN)
tests_module_test_module_objects_CFLAGS = $(MODULE_TEST_CFLAGS)
tests_module_test_module_objects_LDADD = $(MODULE_TEST_LDADD)

tests_module_test_module_store_SOURCES = \
	tests/module/test-module-store.c $(MODULE_TEST_MAIN)
tests_module_test_module_store_CFLAGS = $(MODULE_TEST_CFLAGS)
tests_module_test_module_store_LDADD = $(MODULE_TEST_LDADD)

tests_module_test_module_service_SOURCES = \
	tests/module/test-module-service.c $(MODULE_TEST_MAIN)
tests_module_test_module_service_CFLAGS = $(MODULE_TEST_CFLAGS)
tests_module_test_module_service_LDADD = $(MODULE_TEST_LDADD)

tests_module_test_module_mechanisms_SOURCES = \
	tests/module/test-module-mechanisms.c $(MODULE_TEST_CRYPTO)
tests_module_test_module_mechanisms_CFLAGS = $(MODULE_TEST_CFLAGS)
tests_module_test_module_mechanisms_LDADD = $(MODULE_TEST_LDADD)

tests_module_test_module_sign_SOURCES = \
	tests/module/test-module-sign.c $(MODULE_TEST_CRYPTO)
tests_module_test_module_sign_CFLAGS = $(MODULE_TEST_CFLAGS)
tests_module_test_module_sign_LDADD = $(MODULE_TEST_LDADD)

tests_module_test_module_crypt_SOURCES = \
	tests/module/test-module-crypt.c $(MODULE_TEST_CRYPTO)
tests_module_test_module_crypt_CFLAGS = $(MODULE_TEST_CFLAGS)
tests_module_test_module_crypt_LDADD = $(MODULE_TEST_LDADD)

tests_module_test_module_derive_SOURCES = \
	tests/module/test-module-derive.c $(MODULE_TEST_CRYPTO)
tests_module_test_module_derive_CFLAGS = $(MODULE_TEST_CFLAGS)
tests_module_test_module_derive_LDADD = $(MODULE_TEST_LDADD)

tests_module_test_module_digest_random_SOURCES = \
	tests/module/test-module-digest-random.c $(MODULE_TEST_CRYPTO)
tests_module_test_module_digest_random_CFLAGS = $(MODULE_TEST_CFLAGS)
tests_module_test_module_digest_random_LDADD = $(MODULE_TEST_LDADD)

# Unit tests of mapping/'s object part (tables, curves, attribute rules).
tests_module_test_mapping_objects_SOURCES = \
	tests/module/test-mapping-objects.c
tests_module_test_mapping_objects_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) \
	$(P11KIT_CFLAGS)
tests_module_test_mapping_objects_LDADD = mapping/libmapping.la \
	parsec/libparsec-proto.la $(CHECK_LIBS) $(CRYPTO_LIBS) \
	$(SQLITE_LIBS) $(PROTOBUF_C_LIBS) $(PTHREAD_LIBS)

# A second process for the "visible in another process" test: loads the
# module and prints the labels of the token's objects.
tests_module_p11_list_labels_SOURCES = tests/module/p11-list-labels.c
tests_module_p11_list_labels_CFLAGS = $(AM_CFLAGS) $(P11KIT_CFLAGS)
tests_module_p11_list_labels_LDADD = -ldl
