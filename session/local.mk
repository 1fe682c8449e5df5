# session/: slots and tokens, sessions, login and PIN policy, object
# access rules, key generation, the mechanism table and the
# cryptographic operations (with their pure helpers, session/crypto/). A
# convenience library linked into the module.
include session/crypto/local.mk

noinst_LTLIBRARIES += session/libsession.la
session_libsession_la_SOURCES = \
	session/core.c session/core.h session/init.h \
	session/lock.c session/lock.h \
	session/discovery.c \
	session/slot.c session/slot.h \
	session/caps.c session/caps.h \
	session/mech.c session/mech.h \
	session/sessions.c session/sessions.h \
	session/login.c session/login.h \
	session/objects.c session/objects.h \
	session/keygen.c session/keygen.h session/keygen_internal.h \
	session/keygen_aes.c session/derive.c session/derive.h \
	session/op.c session/op.h \
	session/sig_input.c session/sig_input.h \
	session/sign.c session/sign.h \
	session/verify.c session/verify.h \
	session/cipher.c session/cipher.h \
	session/encrypt.c session/encrypt.h \
	session/decrypt.c session/decrypt.h \
	session/digest.c session/digest.h \
	session/random.c session/random.h \
	$(SESSION_CRYPTO_SOURCES)
session_libsession_la_CFLAGS = $(AM_CFLAGS) $(P11KIT_CFLAGS) $(CRYPTO_CFLAGS)
session_libsession_la_LIBADD = $(CRYPTO_LIBS)
