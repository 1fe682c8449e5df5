# tests/: unit tests, the Parsec test double and integration tests.
# The test environment tells every test where the built pieces are.
AM_TESTS_ENVIRONMENT = \
	FAKE_PARSECD='$(abs_top_builddir)/tests/fake-parsec/fake-parsecd'; \
	export FAKE_PARSECD; \
	PARSEC_PKCS11_MODULE='$(abs_top_builddir)/module/.libs/libparsec-pkcs11.so'; \
	export PARSEC_PKCS11_MODULE; \
	TOP_SRCDIR='$(abs_top_srcdir)'; export TOP_SRCDIR; \
	TOP_BUILDDIR='$(abs_top_builddir)'; export TOP_BUILDDIR;

include tests/unit/local.mk
include tests/unit/mapping.mk
include tests/unit/crypto.mk
include tests/fake-parsec/local.mk
include tests/integration/local.mk
include tests/module/local.mk
include tests/clients/local.mk
include tests/tools/local.mk
