# mapping/: objects, attributes, naming scheme, configuration and stores.
# One library, assembled from two parts kept in their own fragments:
#  - mapping/base.mk:    config, attribute lists, stores, naming, PIN hashes
#  - mapping/objects.mk: the object catalog that ties them to Parsec keys
noinst_LTLIBRARIES += mapping/libmapping.la
mapping_libmapping_la_SOURCES = $(MAPPING_BASE_SOURCES) $(MAPPING_OBJECT_SOURCES)
mapping_libmapping_la_CPPFLAGS = $(AM_CPPFLAGS) \
	-DCONFIG_DEFAULT_PATH='"$(sysconfdir)/parsec-pkcs11/parsec-pkcs11.conf"'
mapping_libmapping_la_CFLAGS = $(AM_CFLAGS) $(P11KIT_CFLAGS) \
	$(PROTOBUF_C_CFLAGS) $(CRYPTO_CFLAGS) $(SQLITE_CFLAGS)
mapping_libmapping_la_LIBADD = parsec/libparsec-client.la $(SQLITE_LIBS) \
	$(CRYPTO_LIBS) $(P11KIT_LIBS)

include mapping/base.mk
include mapping/objects.mk
