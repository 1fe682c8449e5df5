# tools/: the parsec-pkcs11 command. It uses only the client library.
bin_PROGRAMS += tools/parsec-pkcs11
tools_parsec_pkcs11_SOURCES = \
	tools/parsec-pkcs11.c tools/tool.h tools/names.c tools/cmd_service.c
tools_parsec_pkcs11_LDADD = $(PARSEC_CLIENT_LIBS)
