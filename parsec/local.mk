# parsec/: the wire client. Two convenience libraries:
#  - libparsec-proto: the protoc-c output and the header codec (shared with
#    the test double, which speaks the same wire format);
#  - libparsec-client: the client proper, on top of it.

PARSEC_PROTOS = \
	parsec/proto/psa_algorithm.proto \
	parsec/proto/psa_key_attributes.proto \
	parsec/proto/ping.proto \
	parsec/proto/list_providers.proto \
	parsec/proto/list_opcodes.proto \
	parsec/proto/list_authenticators.proto \
	parsec/proto/list_keys.proto \
	parsec/proto/psa_generate_key.proto \
	parsec/proto/psa_import_key.proto \
	parsec/proto/psa_export_public_key.proto \
	parsec/proto/psa_export_key.proto \
	parsec/proto/psa_destroy_key.proto \
	parsec/proto/psa_sign_hash.proto \
	parsec/proto/psa_verify_hash.proto \
	parsec/proto/psa_asymmetric_encrypt.proto \
	parsec/proto/psa_asymmetric_decrypt.proto \
	parsec/proto/psa_aead_encrypt.proto \
	parsec/proto/psa_aead_decrypt.proto \
	parsec/proto/psa_hash_compute.proto \
	parsec/proto/psa_raw_key_agreement.proto \
	parsec/proto/psa_generate_random.proto \
	parsec/proto/can_do_crypto.proto

PARSEC_PROTO_C = $(PARSEC_PROTOS:.proto=.pb-c.c)
PARSEC_PROTO_H = $(PARSEC_PROTOS:.proto=.pb-c.h)

EXTRA_DIST += $(PARSEC_PROTOS)
BUILT_SOURCES += $(PARSEC_PROTO_C) $(PARSEC_PROTO_H)
CLEANFILES += $(PARSEC_PROTO_C) $(PARSEC_PROTO_H)

# protoc-c writes both files at once; the .h rule just depends on the .c.
parsec/proto/%.pb-c.c: parsec/proto/%.proto
	$(AM_V_GEN)$(MKDIR_P) parsec/proto && \
	$(PROTOC_C) --proto_path=$(srcdir)/parsec/proto --c_out=parsec/proto \
		$(srcdir)/parsec/proto/$(*F).proto
parsec/proto/%.pb-c.h: parsec/proto/%.pb-c.c
	@test -f $@ || { rm -f $<; $(MAKE) $(AM_MAKEFLAGS) $<; }

noinst_LTLIBRARIES += parsec/libparsec-proto.la
nodist_parsec_libparsec_proto_la_SOURCES = $(PARSEC_PROTO_C) $(PARSEC_PROTO_H)
parsec_libparsec_proto_la_SOURCES = parsec/wire_header.c parsec/wire_header.h
parsec_libparsec_proto_la_CFLAGS = $(AM_CFLAGS) $(PROTOBUF_C_CFLAGS)
parsec_libparsec_proto_la_LIBADD = $(PROTOBUF_C_LIBS)

# The client proper. Link both libraries: $(PARSEC_CLIENT_LIBS).
noinst_LTLIBRARIES += parsec/libparsec-client.la
parsec_libparsec_client_la_SOURCES = \
	parsec/parsec.h \
	parsec/status.c parsec/opcode.c parsec/psa_hash.c parsec/log.c \
	parsec/secmem.c parsec/secmem.h \
	parsec/deadline.c parsec/deadline.h \
	parsec/utf8.c parsec/utf8.h \
	parsec/base64url.c parsec/base64url.h \
	parsec/json.c parsec/json.h \
	parsec/jwt.c parsec/jwt.h \
	parsec/endpoint.c parsec/endpoint.h \
	parsec/transport.h parsec/transport_unix.c \
	parsec/auth.c parsec/auth.h \
	parsec/auth_none.c parsec/auth_direct.c parsec/auth_unix.c \
	parsec/auth_jwt_svid.c \
	parsec/pb_field.c parsec/pb_field.h \
	parsec/convert.h parsec/convert_alg.c parsec/convert_attrs.c \
	parsec/request.c parsec/request.h \
	parsec/call.c parsec/call.h \
	parsec/result.c parsec/result.h \
	parsec/client.c parsec/client.h parsec/client_auth.c \
	parsec/ops_core.c parsec/ops_keys.c parsec/ops_asym.c parsec/ops_other.c
nodist_parsec_libparsec_client_la_SOURCES = $(PARSEC_PROTO_H)
parsec_libparsec_client_la_CFLAGS = $(AM_CFLAGS) $(PROTOBUF_C_CFLAGS)
parsec_libparsec_client_la_LIBADD = $(PROTOBUF_C_LIBS) $(PTHREAD_LIBS)

# What a program or library using the client links.
PARSEC_CLIENT_LIBS = parsec/libparsec-client.la parsec/libparsec-proto.la \
	$(PROTOBUF_C_LIBS) $(PTHREAD_LIBS)
