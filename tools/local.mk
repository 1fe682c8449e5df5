# tools/: the parsec-pkcs11 command. It uses the module's own
# configuration and mapping code (mapping/libmapping.la), and p11-kit's
# URI API.
bin_PROGRAMS += tools/parsec-pkcs11
tools_parsec_pkcs11_SOURCES = \
	tools/parsec-pkcs11.c tools/tool.h tools/context.c \
	tools/names.c tools/ck_names.c tools/attr_text.c tools/describe.c \
	tools/uri.c tools/json.c tools/json.h \
	tools/cmd_service.c tools/cmd_list.c tools/cmd_change.c \
	tools/cmd_check.c tools/cmd_transfer.c
tools_parsec_pkcs11_CFLAGS = $(AM_CFLAGS) $(P11KIT_CFLAGS)
tools_parsec_pkcs11_LDADD = mapping/libmapping.la parsec/libparsec-proto.la \
	$(P11KIT_LIBS) $(CRYPTO_LIBS) $(SQLITE_LIBS) $(PROTOBUF_C_LIBS) \
	$(PTHREAD_LIBS)
dist_noinst_SCRIPTS += tools/quickstart.sh tools/main-job.sh
