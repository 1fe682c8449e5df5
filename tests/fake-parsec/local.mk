# tests/fake-parsec/: the Parsec test double (never installed), and the
# tests/common helper that starts it for tests.

FAKE_PARSEC_PROTOS = tests/fake-parsec/proto/psa_hash_compare.proto
FAKE_PARSEC_PROTO_C = $(FAKE_PARSEC_PROTOS:.proto=.pb-c.c)
FAKE_PARSEC_PROTO_H = $(FAKE_PARSEC_PROTOS:.proto=.pb-c.h)

EXTRA_DIST += $(FAKE_PARSEC_PROTOS) tests/fake-parsec/README.md
BUILT_SOURCES += $(FAKE_PARSEC_PROTO_C) $(FAKE_PARSEC_PROTO_H)
CLEANFILES += $(FAKE_PARSEC_PROTO_C) $(FAKE_PARSEC_PROTO_H)

# Imports psa_algorithm.proto from parsec/proto.
tests/fake-parsec/proto/%.pb-c.c: tests/fake-parsec/proto/%.proto
	$(AM_V_GEN)$(MKDIR_P) tests/fake-parsec/proto && \
	$(PROTOC_C) --proto_path=$(srcdir)/parsec/proto \
		--proto_path=$(srcdir)/tests/fake-parsec/proto \
		--c_out=tests/fake-parsec/proto \
		$(srcdir)/tests/fake-parsec/proto/$(*F).proto
tests/fake-parsec/proto/%.pb-c.h: tests/fake-parsec/proto/%.pb-c.c
	@test -f $@ || { rm -f $<; $(MAKE) $(AM_MAKEFLAGS) $<; }

# The generated code includes its imports by bare name.
FAKE_PARSEC_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_builddir)/parsec/proto

noinst_LTLIBRARIES += tests/fake-parsec/libfakeproto.la
nodist_tests_fake_parsec_libfakeproto_la_SOURCES = $(FAKE_PARSEC_PROTO_C) \
	$(FAKE_PARSEC_PROTO_H)
tests_fake_parsec_libfakeproto_la_CPPFLAGS = $(FAKE_PARSEC_CPPFLAGS)
tests_fake_parsec_libfakeproto_la_CFLAGS = $(AM_CFLAGS) $(PROTOBUF_C_CFLAGS)

check_PROGRAMS += tests/fake-parsec/fake-parsecd
tests_fake_parsec_fake_parsecd_SOURCES = \
	tests/fake-parsec/fake.h tests/fake-parsec/util.c \
	tests/fake-parsec/main.c \
	tests/fake-parsec/conn.c tests/fake-parsec/conn.h \
	tests/fake-parsec/dispatch.c tests/fake-parsec/dispatch.h \
	tests/fake-parsec/faults.c tests/fake-parsec/faults.h \
	tests/fake-parsec/reqlog.c tests/fake-parsec/reqlog.h \
	tests/fake-parsec/auth.c tests/fake-parsec/auth.h \
	tests/fake-parsec/auth_direct.c tests/fake-parsec/auth_unix_peer.c \
	tests/fake-parsec/auth_jwt_svid.c \
	tests/fake-parsec/keystore.c tests/fake-parsec/keystore.h \
	tests/fake-parsec/attrs.c tests/fake-parsec/attrs.h \
	tests/fake-parsec/provider.c tests/fake-parsec/provider.h \
	tests/fake-parsec/crypto_key.c tests/fake-parsec/crypto_key.h \
	tests/fake-parsec/ops.h tests/fake-parsec/key_use.c \
	tests/fake-parsec/op_core.c tests/fake-parsec/op_keys.c \
	tests/fake-parsec/op_can_do.c tests/fake-parsec/op_sign.c \
	tests/fake-parsec/op_asym_crypt.c tests/fake-parsec/op_aead.c \
	tests/fake-parsec/op_misc.c
tests_fake_parsec_fake_parsecd_CPPFLAGS = $(FAKE_PARSEC_CPPFLAGS)
tests_fake_parsec_fake_parsecd_CFLAGS = $(AM_CFLAGS) $(PROTOBUF_C_CFLAGS) \
	$(CRYPTO_CFLAGS)
tests_fake_parsec_fake_parsecd_LDADD = tests/fake-parsec/libfakeproto.la \
	parsec/libparsec-proto.la $(PROTOBUF_C_LIBS) $(CRYPTO_LIBS) \
	$(PTHREAD_LIBS)

# What tests link to start the double or the real service.
noinst_LTLIBRARIES += tests/common/libtestservice.la
tests_common_libtestservice_la_SOURCES = tests/common/test_service.c \
	tests/common/test_service.h
