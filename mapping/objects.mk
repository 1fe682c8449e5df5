# mapping/: the object part (objects, catalog, policies, public keys,
# adoption, status -> CKR). Sources join mapping/libmapping.la.
MAPPING_OBJECT_SOURCES = \
	mapping/adopt.c mapping/adopt.h \
	mapping/catalog.c mapping/catalog.h \
	mapping/key_policy.c mapping/key_policy.h \
	mapping/keypair.c mapping/keypair.h \
	mapping/object.c mapping/object.h \
	mapping/pubkey.c mapping/pubkey.h \
	mapping/status_ckr.c mapping/status_ckr.h
