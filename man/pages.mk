# The pages, listed in dist_man_MANS.
dist_man_MANS += man/parsec-pkcs11.1 man/parsec-pkcs11.conf.5 \
	man/parsec-pkcs11.7
