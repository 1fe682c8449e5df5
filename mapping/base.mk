# mapping/ base: configuration, attribute lists, stores, naming, PIN hashes.
# Built into mapping/libmapping.la by mapping/local.mk.
MAPPING_BASE_SOURCES = \
	mapping/config.c mapping/config.h \
	mapping/attr_table.c mapping/attr_list.c mapping/attr_list.h \
	mapping/store.c mapping/store.h \
	mapping/store_sqlite.c mapping/store_sqlite_open.c \
	mapping/store_sqlite.h mapping/store_sqlite_internal.h \
	mapping/naming.c mapping/naming.h \
	mapping/pin_hash.c mapping/pin_hash.h
