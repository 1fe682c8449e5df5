# session/: slots and tokens, sessions, login and PIN policy, object
# access rules, key generation, the mechanism table. A convenience
# library linked into the module.
noinst_LTLIBRARIES += session/libsession.la
session_libsession_la_SOURCES = \
	session/core.c session/core.h session/init.h \
	session/lock.c session/lock.h \
	session/discovery.c \
	session/slot.c session/slot.h \
	session/mech.c session/mech.h \
	session/sessions.c session/sessions.h \
	session/login.c session/login.h \
	session/objects.c session/objects.h \
	session/keygen.c session/keygen.h
session_libsession_la_CFLAGS = $(AM_CFLAGS) $(P11KIT_CFLAGS) $(CRYPTO_CFLAGS)
