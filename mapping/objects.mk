# mapping/: the object part (objects, catalog, policies, public keys,
# adoption, status -> CKR; the DER, EC point and output helpers that
# session/crypto/ shares). Sources join mapping/libmapping.la.
MAPPING_OBJECT_SOURCES = \
	mapping/adopt.c mapping/adopt.h \
	mapping/catalog.c mapping/catalog.h \
	mapping/der.c mapping/der.h \
	mapping/ec_point.c mapping/ec_point.h \
	mapping/output.c mapping/output.h \
	mapping/key_policy.c mapping/key_policy.h \
	mapping/keypair.c mapping/keypair.h \
	mapping/object.c mapping/object.h \
	mapping/pubkey.c mapping/pubkey.h \
	mapping/secret_key.c mapping/secret_key.h \
	mapping/status_ckr.c mapping/status_ckr.h \
	mapping/inventory.c mapping/inventory.h mapping/name_origin.c mapping/name_origin.h mapping/token_info.c mapping/token_info.h
