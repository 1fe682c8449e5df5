# session/crypto/: pure cryptographic helpers of the mechanism layer.
# session/local.mk adds these to the session library (with
# $(P11KIT_CFLAGS) $(CRYPTO_CFLAGS) and $(CRYPTO_LIBS)). DER, EC points
# and the output convention they share with mapping/pubkey.c live one
# layer down, in mapping/ (der, ec_point, output).
SESSION_CRYPTO_SOURCES = \
	session/crypto/hash.c session/crypto/hash.h \
	session/crypto/digest_ctx.c session/crypto/digest_ctx.h \
	session/crypto/digest_info.c session/crypto/digest_info.h \
	session/crypto/mech_params.c session/crypto/mech_params.h \
	session/crypto/ecdsa_sig.c session/crypto/ecdsa_sig.h \
	session/crypto/ecdsa_input.c session/crypto/ecdsa_input.h \
	session/crypto/pk_ctx.c session/crypto/pk_ctx.h \
	session/crypto/pk_verify.c session/crypto/pk_verify.h \
	session/crypto/pk_encrypt.c session/crypto/pk_encrypt.h

EXTRA_DIST += session/crypto/README.md
