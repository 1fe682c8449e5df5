# tests/integration/: tests that run real programs against the Parsec
# test double (tests/fake-parsec/) or, with PARSEC_TEST_ENDPOINT, the real
# service.

EXTRA_DIST += tests/integration/README.md

noinst_LTLIBRARIES += tests/integration/librawclient.la
tests_integration_librawclient_la_SOURCES = tests/integration/raw_client.c \
	tests/integration/raw_client.h
tests_integration_librawclient_la_CFLAGS = $(AM_CFLAGS) $(PROTOBUF_C_CFLAGS)

check_PROGRAMS += tests/integration/test-conformance
TESTS += tests/integration/test-conformance
tests_integration_test_conformance_SOURCES = \
	tests/integration/test-conformance.c
tests_integration_test_conformance_CPPFLAGS = $(AM_CPPFLAGS) \
	-I$(top_builddir)/parsec/proto
tests_integration_test_conformance_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) \
	$(PROTOBUF_C_CFLAGS) $(CRYPTO_CFLAGS)
tests_integration_test_conformance_LDADD = \
	tests/integration/librawclient.la tests/common/libtestservice.la \
	tests/fake-parsec/libfakeproto.la parsec/libparsec-proto.la \
	$(CHECK_LIBS) $(PROTOBUF_C_LIBS) $(CRYPTO_LIBS) $(PTHREAD_LIBS)

# The client's public header against the double (or PARSEC_TEST_ENDPOINT).
check_PROGRAMS += tests/integration/test-client-service
TESTS += tests/integration/test-client-service
tests_integration_test_client_service_SOURCES = \
	tests/integration/test-client-service.c
tests_integration_test_client_service_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) \
	$(CRYPTO_CFLAGS)
tests_integration_test_client_service_LDADD = tests/common/libtestservice.la \
	$(PARSEC_CLIENT_LIBS) $(CHECK_LIBS) $(CRYPTO_LIBS) $(PTHREAD_LIBS)
