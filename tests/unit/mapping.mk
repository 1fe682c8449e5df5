# Unit tests of mapping/'s base: configuration, attribute lists, stores,
# naming and PIN hashes. Each program compiles the base sources itself so
# that it does not wait on the rest of libmapping (the object catalog).
MAPPING_TESTS = \
	tests/unit/test-mapping-config \
	tests/unit/test-mapping-attr \
	tests/unit/test-mapping-store \
	tests/unit/test-mapping-naming \
	tests/unit/test-mapping-pin-hash
check_PROGRAMS += $(MAPPING_TESTS)
TESTS += $(MAPPING_TESTS)

# A default config path that does not exist: config_load() must then run
# on defaults and the environment alone.
MAPPING_TEST_CPPFLAGS = $(AM_CPPFLAGS) \
	-DCONFIG_DEFAULT_PATH='"/nonexistent/parsec-pkcs11-unit-test.conf"'
MAPPING_TEST_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(P11KIT_CFLAGS) \
	$(CRYPTO_CFLAGS) $(SQLITE_CFLAGS)
MAPPING_TEST_LDADD = $(PARSEC_CLIENT_LIBS) $(CHECK_LIBS) $(SQLITE_LIBS) \
	$(CRYPTO_LIBS) $(PTHREAD_LIBS)
MAPPING_TEST_COMMON = tests/unit/test-mapping-util.c \
	tests/unit/test-mapping-util.h $(MAPPING_BASE_SOURCES)

tests_unit_test_mapping_config_SOURCES = tests/unit/test-mapping-config.c \
	$(MAPPING_TEST_COMMON)
tests_unit_test_mapping_config_CPPFLAGS = $(MAPPING_TEST_CPPFLAGS)
tests_unit_test_mapping_config_CFLAGS = $(MAPPING_TEST_CFLAGS)
tests_unit_test_mapping_config_LDADD = $(MAPPING_TEST_LDADD)

tests_unit_test_mapping_attr_SOURCES = tests/unit/test-mapping-attr.c \
	$(MAPPING_TEST_COMMON)
tests_unit_test_mapping_attr_CPPFLAGS = $(MAPPING_TEST_CPPFLAGS)
tests_unit_test_mapping_attr_CFLAGS = $(MAPPING_TEST_CFLAGS)
tests_unit_test_mapping_attr_LDADD = $(MAPPING_TEST_LDADD)

tests_unit_test_mapping_store_SOURCES = tests/unit/test-mapping-store.c \
	$(MAPPING_TEST_COMMON)
tests_unit_test_mapping_store_CPPFLAGS = $(MAPPING_TEST_CPPFLAGS)
tests_unit_test_mapping_store_CFLAGS = $(MAPPING_TEST_CFLAGS)
tests_unit_test_mapping_store_LDADD = $(MAPPING_TEST_LDADD)

tests_unit_test_mapping_naming_SOURCES = tests/unit/test-mapping-naming.c \
	$(MAPPING_TEST_COMMON)
tests_unit_test_mapping_naming_CPPFLAGS = $(MAPPING_TEST_CPPFLAGS)
tests_unit_test_mapping_naming_CFLAGS = $(MAPPING_TEST_CFLAGS)
tests_unit_test_mapping_naming_LDADD = $(MAPPING_TEST_LDADD)

tests_unit_test_mapping_pin_hash_SOURCES = \
	tests/unit/test-mapping-pin-hash.c $(MAPPING_TEST_COMMON)
tests_unit_test_mapping_pin_hash_CPPFLAGS = $(MAPPING_TEST_CPPFLAGS)
tests_unit_test_mapping_pin_hash_CFLAGS = $(MAPPING_TEST_CFLAGS)
tests_unit_test_mapping_pin_hash_LDADD = $(MAPPING_TEST_LDADD)
