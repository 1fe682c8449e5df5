# tests/unit/crypto.mk: Check tests of session/crypto/ (and of the DER,
# EC point and output helpers it shares with mapping/). Each program is
# built from the helpers' sources directly (they join the session
# library through session/crypto/local.mk), with the two pure pieces of
# parsec/ they use, and checks them against OpenSSL used on its own
# (crypto_test_util.c).
CRYPTO_UNDER_TEST = \
	mapping/der.c mapping/output.c mapping/ec_point.c \
	session/crypto/hash.c \
	session/crypto/digest_ctx.c session/crypto/digest_info.c \
	session/crypto/mech_params.c \
	session/crypto/ecdsa_sig.c session/crypto/ecdsa_input.c \
	session/crypto/pk_ctx.c session/crypto/pk_verify.c \
	session/crypto/pk_encrypt.c \
	parsec/psa_hash.c parsec/log.c \
	tests/unit/crypto_test_util.c tests/unit/crypto_test_util.h \
	tests/unit/check_main.c tests/unit/unit.h
CRYPTO_TEST_FLAGS = $(AM_CFLAGS) $(P11KIT_CFLAGS) $(CRYPTO_CFLAGS) \
	$(CHECK_CFLAGS)
CRYPTO_TEST_LINK = $(CRYPTO_LIBS) $(CHECK_LIBS) $(PTHREAD_LIBS)

CRYPTO_TESTS = \
	tests/unit/test-crypto-der \
	tests/unit/test-crypto-hash \
	tests/unit/test-crypto-digest-info \
	tests/unit/test-crypto-mech-params \
	tests/unit/test-crypto-ec \
	tests/unit/test-crypto-pk-verify \
	tests/unit/test-crypto-pk-encrypt
check_PROGRAMS += $(CRYPTO_TESTS)
TESTS += $(CRYPTO_TESTS)

tests_unit_test_crypto_der_SOURCES = tests/unit/test-crypto-der.c \
	$(CRYPTO_UNDER_TEST)
tests_unit_test_crypto_der_CFLAGS = $(CRYPTO_TEST_FLAGS)
tests_unit_test_crypto_der_LDADD = $(CRYPTO_TEST_LINK)

tests_unit_test_crypto_hash_SOURCES = tests/unit/test-crypto-hash.c \
	$(CRYPTO_UNDER_TEST)
tests_unit_test_crypto_hash_CFLAGS = $(CRYPTO_TEST_FLAGS)
tests_unit_test_crypto_hash_LDADD = $(CRYPTO_TEST_LINK)

tests_unit_test_crypto_digest_info_SOURCES = \
	tests/unit/test-crypto-digest-info.c $(CRYPTO_UNDER_TEST)
tests_unit_test_crypto_digest_info_CFLAGS = $(CRYPTO_TEST_FLAGS)
tests_unit_test_crypto_digest_info_LDADD = $(CRYPTO_TEST_LINK)

tests_unit_test_crypto_mech_params_SOURCES = \
	tests/unit/test-crypto-mech-params.c $(CRYPTO_UNDER_TEST)
tests_unit_test_crypto_mech_params_CFLAGS = $(CRYPTO_TEST_FLAGS)
tests_unit_test_crypto_mech_params_LDADD = $(CRYPTO_TEST_LINK)

tests_unit_test_crypto_ec_SOURCES = tests/unit/test-crypto-ec.c \
	$(CRYPTO_UNDER_TEST)
tests_unit_test_crypto_ec_CFLAGS = $(CRYPTO_TEST_FLAGS)
tests_unit_test_crypto_ec_LDADD = $(CRYPTO_TEST_LINK)

tests_unit_test_crypto_pk_verify_SOURCES = \
	tests/unit/test-crypto-pk-verify.c $(CRYPTO_UNDER_TEST)
tests_unit_test_crypto_pk_verify_CFLAGS = $(CRYPTO_TEST_FLAGS)
tests_unit_test_crypto_pk_verify_LDADD = $(CRYPTO_TEST_LINK)

tests_unit_test_crypto_pk_encrypt_SOURCES = \
	tests/unit/test-crypto-pk-encrypt.c $(CRYPTO_UNDER_TEST)
tests_unit_test_crypto_pk_encrypt_CFLAGS = $(CRYPTO_TEST_FLAGS)
tests_unit_test_crypto_pk_encrypt_LDADD = $(CRYPTO_TEST_LINK)
