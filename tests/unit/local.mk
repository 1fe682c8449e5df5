# tests/unit: Check unit tests of the Parsec client (parsec/). Each
# program is one test_*.c plus the shared main; the client tests talk to
# an in-process mock server.
UNIT_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(PROTOBUF_C_CFLAGS)
UNIT_LDADD = $(PARSEC_CLIENT_LIBS) $(CHECK_LIBS)
UNIT_MAIN = tests/unit/check_main.c tests/unit/unit.h
UNIT_WORKDIR = tests/unit/test_workdir.c tests/unit/test_workdir.h
UNIT_MOCK = tests/unit/mock_server.c tests/unit/mock_server.h $(UNIT_WORKDIR)
UNIT_TOKEN = tests/unit/test_token.c tests/unit/test_token.h

UNIT_TESTS = \
	tests/unit/test-wire-header \
	tests/unit/test-status \
	tests/unit/test-jwt \
	tests/unit/test-auth \
	tests/unit/test-convert \
	tests/unit/test-client-wire \
	tests/unit/test-client-ops \
	tests/unit/test-client-auth \
	tests/unit/test-client-fuzz
check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)

tests_unit_test_wire_header_SOURCES = tests/unit/test_wire_header.c $(UNIT_MAIN)
tests_unit_test_wire_header_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_wire_header_LDADD = $(UNIT_LDADD)

tests_unit_test_status_SOURCES = tests/unit/test_status.c $(UNIT_MAIN)
tests_unit_test_status_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_status_LDADD = $(UNIT_LDADD)

tests_unit_test_jwt_SOURCES = tests/unit/test_jwt.c $(UNIT_MAIN) $(UNIT_TOKEN)
tests_unit_test_jwt_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_jwt_LDADD = $(UNIT_LDADD)

tests_unit_test_auth_SOURCES = tests/unit/test_auth.c $(UNIT_MAIN) \
	$(UNIT_TOKEN) $(UNIT_WORKDIR)
tests_unit_test_auth_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_auth_LDADD = $(UNIT_LDADD)

tests_unit_test_convert_SOURCES = tests/unit/test_convert.c $(UNIT_MAIN)
tests_unit_test_convert_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_convert_LDADD = $(UNIT_LDADD)

tests_unit_test_client_wire_SOURCES = tests/unit/test_client_wire.c \
	$(UNIT_MAIN) $(UNIT_MOCK)
tests_unit_test_client_wire_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_client_wire_LDADD = $(UNIT_LDADD)

tests_unit_test_client_ops_SOURCES = tests/unit/test_client_ops.c \
	$(UNIT_MAIN) $(UNIT_MOCK)
tests_unit_test_client_ops_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_client_ops_LDADD = $(UNIT_LDADD)

tests_unit_test_client_auth_SOURCES = tests/unit/test_client_auth.c \
	$(UNIT_MAIN) $(UNIT_MOCK) $(UNIT_TOKEN)
tests_unit_test_client_auth_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_client_auth_LDADD = $(UNIT_LDADD)

tests_unit_test_client_fuzz_SOURCES = tests/unit/test_client_fuzz.c \
	$(UNIT_MAIN) $(UNIT_MOCK)
tests_unit_test_client_fuzz_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_client_fuzz_LDADD = $(UNIT_LDADD)
EXTRA_DIST += tests/unit/README.md
