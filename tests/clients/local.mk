# tests/clients: real PKCS#11 clients (pkcs11-tool, p11-kit + GnuTLS,
# OpenSSL's libp11 engine, OpenSSH, NSS, Firefox, PyKCS11) against the
# module, one shell script per client (see tests/clients/README.md).
# Each runs inside tests/common/with-service.sh (the Parsec test double, or
# PARSEC_TEST_ENDPOINT) and exits 77 (SKIP) only for a stated reason: the
# module is not built (or built with the sanitizers), or (outside CI) a
# client program or a private namespace is missing.
CLIENT_TESTS = \
	tests/clients/test-pkcs11-tool.sh \
	tests/clients/test-p11kit-gnutls.sh \
	tests/clients/test-openssl-engine.sh \
	tests/clients/test-openssh.sh \
	tests/clients/test-nss.sh \
	tests/clients/test-pykcs11.sh \
	tests/clients/test-firefox.sh

TESTS += $(CLIENT_TESTS)
check_SCRIPTS += $(CLIENT_TESTS)
EXTRA_DIST += $(CLIENT_TESTS) \
	tests/clients/lib.sh \
	tests/clients/pykcs11_sign.py \
	tests/clients/README.md
