# module/: the C_* entry points, built as the PKCS#11 module and installed
# where p11-kit looks for modules.
pkcs11moduledir = $(p11_module_path)
pkcs11module_LTLIBRARIES = module/libparsec-pkcs11.la
module_libparsec_pkcs11_la_SOURCES = \
	module/module.h module/function_list.c \
	module/general.c module/slot_token.c module/session.c \
	module/object.c module/key_management.c \
	module/sign.c module/verify.c module/encrypt.c module/decrypt.c \
	module/digest.c module/random.c module/dual.c
module_libparsec_pkcs11_la_CFLAGS = $(AM_CFLAGS) $(P11KIT_CFLAGS)
module_libparsec_pkcs11_la_LDFLAGS = $(AM_LDFLAGS) -module -avoid-version \
	-shared -export-symbols-regex '^C_'
# mapping/libmapping.la already carries parsec/libparsec-client.la (its
# LIBADD): naming the client again would link it twice; the protobuf
# code it needs is parsec/libparsec-proto.la.
module_libparsec_pkcs11_la_LIBADD = session/libsession.la \
	mapping/libmapping.la parsec/libparsec-proto.la \
	$(CRYPTO_LIBS) $(SQLITE_LIBS) $(PROTOBUF_C_LIBS) $(PTHREAD_LIBS)
